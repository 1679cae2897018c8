"""Outage lines (docs/formats.md#outages): JSON Lines in, validated `Outage` values out.

One outage per line: `{"service": "production", "start": T, "end": T, "cause": "unplanned",
"scope": "full"}`, and optionally `"announced_at": T` (when the outage was announced).
`cause` defaults to `unplanned`, `scope` to `full`. Instants are ISO 8601
with an offset and become int UTC epoch seconds; `end` is exclusive, so an outage from 10:00
to 10:45 is 45 minutes long. `end == start` is a zero-length outage (allowed, counts nothing).

Every bad line is reported, not just the first: `read_outages` returns the outages it could
read and one `slac.diagnostics.Diagnostic` (code E7xx, worded by `slac.inputs.problems` as the
event reader words the same mistake) per bad line, and the caller decides what to do (the CLI
prints `OUTAGES:LINE: reason` and exits 2). Blank lines are skipped, so a trailing
newline or an empty line between outages is not an error. Keys other than the six above are
kept out of the value and ignored, as extra event keys are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from slac.diagnostics import Diagnostic
from slac.inputs import problems
from slac.inputs.instants import parse_instant
from slac.inputs.problems import InputError
from slac.ir import Policy
from slac.vocabulary import (
    DEFAULT_OUTAGE_CAUSE,
    DEFAULT_OUTAGE_SCOPE,
    END_INSTANT,
    FIRST_INSTANT,
    OUTAGE_CAUSES,
    OUTAGE_SCOPES,
)
from slac.vocabulary import FIRST_YEAR as _FIRST_SUPPORTED
from slac.vocabulary import LAST_YEAR as _LAST_SUPPORTED

# A month in any time zone around an outage must fit inside the supported instants, so outages
# keep a year clear of both ends.
FIRST_YEAR, LAST_YEAR = _FIRST_SUPPORTED + 1, _LAST_SUPPORTED - 1
_FIRST_INSTANT = FIRST_INSTANT + 365 * 86400  # 1971-01-01: 1970 has 365 days
_END_INSTANT = END_INSTANT - 365 * 86400  # 2199-01-01: 2199 has 365 days


OutageError = InputError  # the Python API's earlier name for a bad outage


@attrs.frozen
class Outage:
    """A service down (fully or partly) over [start, end), epoch seconds, for one cause."""

    service: str
    start: int
    end: int
    cause: str = DEFAULT_OUTAGE_CAUSE
    scope: str = DEFAULT_OUTAGE_SCOPE
    announced_at: int | None = None  # when customers were told (a maintenance notice)
    # Where it came from, for messages; not part of what the outage is.
    line: int = attrs.field(default=0, eq=False, repr=False)


def read_outages(
    lines: Iterable[tuple[int, str]], policy: Policy, path: str = ""
) -> tuple[list[Outage], list[Diagnostic]]:
    """Outages and problems from (line number, text) pairs, in file order; `path` names the
    file in the problems."""
    outages: list[Outage] = []
    found: list[Diagnostic] = []
    for number, text in lines:
        if not text.strip():
            continue
        try:
            outages.append(outage_from_dict(problems.decode_line(text), policy, line=number))
        except InputError as error:
            found.append(problems.line_diagnostic(error, path, number, text))
    return outages, found


def outage_from_dict(data: object, policy: Policy | None = None, *, line: int = 0) -> Outage:
    """An `Outage` in the shape of docs/formats.md#outages (a dict), for the Python API.

    With `policy`, the service must be one the policy's availability declares. Raises
    `InputError` (a ValueError) saying what is wrong.
    """
    if not isinstance(data, Mapping):
        raise problems.not_an_object("an outage", data)
    missing = [key for key in ("service", "start", "end") if key not in data]
    if missing:
        raise problems.missing_keys(missing)
    service = data["service"]
    if not isinstance(service, str):
        raise problems.not_a("service", "a string", service)
    start = _instant(data["start"], "start")
    end = _instant(data["end"], "end")
    if end < start:
        raise InputError(
            "E732", f"`end` ({data['end']}) is before `start` ({data['start']})", ("end",)
        )
    cause = _choice(data, "cause", "E730", OUTAGE_CAUSES, DEFAULT_OUTAGE_CAUSE)
    scope = _choice(data, "scope", "E731", OUTAGE_SCOPES, DEFAULT_OUTAGE_SCOPE)
    announced = data.get("announced_at")
    announced_at = None if announced is None else _instant(announced, "announced_at")
    if policy is not None:
        _check_service(service, policy)
    return Outage(service, start, end, cause, scope, announced_at, line=line)


def _check_service(service: str, policy: Policy) -> None:
    if policy.availability is None:
        raise InputError(
            "E733",
            f"policy `{policy.name}` states no availability, so it has no services",
            ("service",),
        )
    declared = list(policy.availability.services)
    if service not in declared:
        raise problems.not_declared("E733", "service", service, declared, ("service",))


def _instant(value: object, key: str) -> int:
    """ISO 8601 with an offset -> epoch seconds (fractions of a second are dropped)."""
    t = parse_instant(value, key)
    if not _FIRST_INSTANT <= t < _END_INSTANT:
        raise problems.outside_years(
            key, value, "slac measures outages in", f"{FIRST_YEAR} to {LAST_YEAR}"
        )
    return t


def _choice(
    data: Mapping[str, object], key: str, code: str, allowed: tuple[str, ...], default: str
) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or value not in allowed:
        raise problems.unknown(code, key, value, allowed, (key,))
    return value
