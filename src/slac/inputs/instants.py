"""Reading an instant a person wrote: ISO 8601 with a UTC offset, or a reason in words.

One reader for every input that carries instants (event `at`, outage `start`/`end`, `--at`), so
they accept the same forms and word the same mistakes the same way.
"""

from __future__ import annotations

from datetime import datetime
from math import floor

from slac.inputs.problems import InputError, show_name, show_value


def parse_instant(value: object, key: str = "at") -> int:
    """Epoch seconds (fractions of a second floored) of an ISO 8601 timestamp with an offset.

    `InputError` (a ValueError) naming `key` otherwise: not a string or not ISO 8601 (E707), or
    no offset (E706, with the fix). Python 3.11's `fromisoformat` reads `Z` and the other forms
    ISO 8601 allows.
    """
    if not isinstance(value, str):
        raise InputError("E707", f"`{key}` is not a timestamp string: {show_value(value)}", (key,))
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            "E707", f"`{key}` is not an ISO 8601 timestamp: {show_name(value)}", (key,)
        ) from None
    if instant.tzinfo is None or instant.utcoffset() is None:
        full = value if "T" in value else f"{value}T00:00:00"  # a bare date reads as its midnight
        raise InputError(
            "E706",
            f"`{key}` has no UTC offset: `{value}` (write `{full}Z` or add an offset such as `+01:00`)",
            (key,),
        )
    return floor(instant.timestamp())
