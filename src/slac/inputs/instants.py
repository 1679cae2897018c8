"""Reading an instant a person wrote: ISO 8601 with a UTC offset, or a reason in words.

One reader for every input that carries instants (event `at`, outage `start`/`end`, `--at`), so
they accept the same forms and word the same mistakes the same way.
"""

from __future__ import annotations

import json
from datetime import datetime
from math import floor


def parse_instant(value: object, key: str = "at") -> int:
    """Epoch seconds (fractions of a second floored) of an ISO 8601 timestamp with an offset.

    ValueError naming `key` otherwise: not a string, not ISO 8601, or no offset (with the fix).
    Python 3.11's `fromisoformat` reads `Z` and the other forms ISO 8601 allows.
    """
    if not isinstance(value, str):
        raise ValueError(f"`{key}` is not a timestamp string: {show_value(value)}")
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"`{key}` is not an ISO 8601 timestamp: `{value}`") from None
    if instant.tzinfo is None or instant.utcoffset() is None:
        full = value if "T" in value else f"{value}T00:00:00"  # a bare date reads as its midnight
        raise ValueError(
            f"`{key}` has no UTC offset: `{value}` (write `{full}Z` or add an offset such as `+01:00`)"
        )
    return floor(instant.timestamp())


def show_value(value: object) -> str:
    """A JSON value as a person reads it in a message, in backticks, cut at 40 characters."""
    text = json.dumps(value, ensure_ascii=False, default=repr)
    return f"`{text if len(text) <= 40 else text[:37] + '...'}`"
