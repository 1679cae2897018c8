"""Reading an export's timestamps: ISO 8601, epoch seconds, or a strptime format in a named zone.

Decisions (docs/import.md#time-zones-and-naive-timestamps):
- A timestamp with an offset keeps it; the map file's zone only applies to naive ones.
- A naive timestamp without a zone is invalid: the zone is never assumed.
- A naive local time that occurs twice (the hour the clocks go back) reads as the earlier
  occurrence, and the run counts how many did; one that does not exist (the hour the clocks go
  forward) is invalid.
- Fractions of a second are dropped, and instants must fall in 1970-2199, as for events.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from math import floor
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from slac.vocabulary import END_INSTANT, FIRST_INSTANT, INSTANT_RANGE_TEXT

ISO = "iso"
EPOCH = "epoch"


@attrs.frozen
class InstantFormat:
    """How one export writes instants: `iso`, `epoch`, or a `strptime` pattern; and its zone."""

    pattern: str = ISO
    zone: tzinfo | None = None

    def read(self, text: str) -> tuple[int, bool]:
        """(epoch seconds, whether the local time was ambiguous); ValueError with the reason."""
        return _read(self, text)

    def _parse(self, text: str) -> tuple[int, bool]:
        value = text.strip()
        if self.pattern == EPOCH:
            return _in_range(_epoch(value), value), False
        try:
            if self.pattern == ISO:
                moment = datetime.fromisoformat(value)
            else:
                moment = datetime.strptime(value, self.pattern)
        except ValueError:
            raise ValueError(f"`{value}` is not a timestamp of the form `{self.pattern}`") from None
        if moment.tzinfo is not None:
            return _in_range(floor(moment.timestamp()), value), False
        if self.zone is None:
            raise ValueError(f"`{value}` has no UTC offset and no zone is given for it")
        return _local(moment, self.zone, value)


@lru_cache(maxsize=1 << 12)
def _read(form: InstantFormat, text: str) -> tuple[int, bool]:
    """Exports repeat their instants (a minute-stamped log, a ticket's `opened_at` on every row):
    parsing each recent text once halves an import's time; 4,096 entries keep the locality
    (a ticket's rows are close in time) for about 1 MB."""
    return form._parse(text)


def zone_named(name: str) -> tzinfo:
    """The IANA zone `name` (`UTC` too); ValueError naming it otherwise."""
    try:
        return UTC if name == "UTC" else ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone `{name}` (an IANA name such as `Europe/Rome`)"
        ) from None


def iso_z(t: int) -> str:
    """Epoch seconds as `2026-03-02T09:00:00Z`, the form every written event uses."""
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _epoch(value: str) -> int:
    try:
        return floor(float(value))
    except ValueError:
        raise ValueError(f"`{value}` is not a number of epoch seconds") from None


def _local(moment: datetime, zone: tzinfo, value: str) -> tuple[int, bool]:
    first = moment.replace(tzinfo=zone, fold=0)
    second = moment.replace(tzinfo=zone, fold=1)
    earlier, later = floor(first.timestamp()), floor(second.timestamp())
    # A time in the spring-forward gap does not survive the round trip through UTC.
    back = datetime.fromtimestamp(earlier, zone).replace(tzinfo=None)
    if back != moment.replace(microsecond=back.microsecond):
        raise ValueError(f"`{value}` does not exist in {zone} (the clocks went forward)")
    return _in_range(min(earlier, later), value), earlier != later


def _in_range(t: int, value: str) -> int:
    if not FIRST_INSTANT <= t < END_INSTANT:
        raise ValueError(f"`{value}` is outside the years {INSTANT_RANGE_TEXT}")
    return t
