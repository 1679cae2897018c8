"""Outage lines (contract §6): JSON Lines in, validated `Outage` values out.

One outage per line: `{"service": "production", "start": T, "end": T, "cause": "unplanned",
"scope": "full"}`. `cause` defaults to `unplanned`, `scope` to `full`. Instants are ISO 8601
with an offset and become int UTC epoch seconds; `end` is exclusive, so an outage from 10:00
to 10:45 is 45 minutes long. `end == start` is a zero-length outage (allowed, counts nothing).

Every bad line is reported, not just the first: `read_outages` returns the outages it could
read and one `OutageProblem(line, reason)` per bad line, and the caller decides what to do
(the CLI prints `OUTAGES:LINE: reason` and exits 2). Blank lines are skipped, so a trailing
newline or an empty line between outages is not an error. Keys other than the five above are
kept out of the value and ignored, as extra event keys are.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable, Mapping

import attrs

from slac.inputs.instants import parse_instant
from slac.ir import OUTAGE_CAUSES, Policy

SCOPES = ("full", "partial")
# Calendars cover 1970-01-01 to 2200-01-01 UTC; a month in any time zone around an outage must
# fit inside, so outages keep a year clear of both ends.
FIRST_YEAR, LAST_YEAR = 1971, 2198
_FIRST_INSTANT = calendar.timegm((FIRST_YEAR, 1, 1, 0, 0, 0))
_END_INSTANT = calendar.timegm((LAST_YEAR + 1, 1, 1, 0, 0, 0))


class OutageError(ValueError):
    """One outage that cannot be read; the message says why, in words a person understands."""


@attrs.frozen
class Outage:
    """A service down (fully or partly) over [start, end), epoch seconds, for one cause."""

    service: str
    start: int
    end: int
    cause: str = "unplanned"
    scope: str = "full"
    # Where it came from, for messages; not part of what the outage is.
    line: int = attrs.field(default=0, eq=False, repr=False)


@attrs.frozen
class OutageProblem:
    line: int
    reason: str


def read_outages(
    lines: Iterable[tuple[int, str]], policy: Policy
) -> tuple[list[Outage], list[OutageProblem]]:
    """Outages and problems from (line number, text) pairs, in file order."""
    outages: list[Outage] = []
    problems: list[OutageProblem] = []
    for number, text in lines:
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            problems.append(OutageProblem(number, f"not JSON: {error.msg} at column {error.colno}"))
            continue
        try:
            outages.append(outage_from_dict(data, policy, line=number))
        except OutageError as error:
            problems.append(OutageProblem(number, str(error)))
    return outages, problems


def outage_from_dict(data: object, policy: Policy | None = None, *, line: int = 0) -> Outage:
    """An `Outage` from the contract's JSON shape (a dict), for the Python API.

    With `policy`, the service must be one the policy's availability declares. Raises
    `OutageError` (a ValueError) saying what is wrong.
    """
    if not isinstance(data, Mapping):
        raise OutageError(f"an outage is a JSON object, found {_json_kind(data)}")
    missing = [key for key in ("service", "start", "end") if key not in data]
    if missing:
        raise OutageError("missing " + " and ".join(f"`{key}`" for key in missing))
    service = data["service"]
    if not isinstance(service, str):
        raise OutageError(f"`service` must be a string, found {_json_kind(service)}")
    start = _instant(data["start"], "start")
    end = _instant(data["end"], "end")
    if end < start:
        raise OutageError(f"`end` ({data['end']}) is before `start` ({data['start']})")
    cause = _choice(data, "cause", OUTAGE_CAUSES, "unplanned")
    scope = _choice(data, "scope", SCOPES, "full")
    if policy is not None:
        _check_service(service, policy)
    return Outage(service, start, end, cause, scope, line=line)


def _check_service(service: str, policy: Policy) -> None:
    if policy.availability is None:
        raise OutageError(f"policy `{policy.name}` states no availability, so it has no services")
    declared = list(policy.availability.services)
    if service not in declared:
        raise OutageError(
            f"unknown service `{service}`: policy `{policy.name}` declares " + _listing(declared)
        )


def _instant(value: object, key: str) -> int:
    """ISO 8601 with an offset -> epoch seconds (fractions of a second are dropped)."""
    try:
        t = parse_instant(value, key)
    except ValueError as error:
        raise OutageError(str(error)) from None
    if not _FIRST_INSTANT <= t < _END_INSTANT:
        raise OutageError(
            f"`{key}` is outside the years slac measures ({FIRST_YEAR}-{LAST_YEAR}): `{value}`"
        )
    return t


def _choice(data: Mapping, key: str, allowed: tuple[str, ...], default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or value not in allowed:
        shown = f"`{value}`" if isinstance(value, str) else _json_kind(value)
        raise OutageError(f"unknown {key} {shown}: expected " + _listing(allowed))
    return value


def _listing(names: Iterable[str]) -> str:
    quoted = [f"`{name}`" for name in names]
    if len(quoted) <= 2:
        return " or ".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _json_kind(value: object) -> str:
    """How a JSON value reads in a message: `a number`, `an array`, `null`..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
