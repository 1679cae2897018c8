"""Monthly availability, service credits and material breach from outages (docs/semantics.md#availability-merging-splitting-and-the-two-totals).

For each service the policy's `availability` declares and each calendar month (in the
availability time zone, so a DST month has 44,580 or 44,700 minutes, not 44,640):

    total     the month's seconds, or only its open seconds in `calendar` ("supported hours")
    excused   the union of outages of an excused cause, inside the calendar when there is one
    downtime  the union of outages of a downtime cause, minus what is excused (excused wins)
    availability = 100 * (total - excused - downtime) / (total - excused)   (100 when 0 / 0)

Maintenance notice: an outage of an excused cause that has a `notice` period is excused only
when its `announced_at` is at least that long before its `start`; unannounced (no
`announced_at`) or late, it is downtime, and its minutes (as downtime counts them) are also
shown as the month's `unannounced_maintenance_minutes`, a key present when the policy states a
notice rule.

Outages of a `not_downtime` cause, and partial outages unless `partial_is_downtime`, count
nowhere: not downtime, and not excused either (they never made the service unavailable, so
they do not leave the total). Overlapping outages of one service count once; an outage across
a month boundary is split at local midnight. One service's outages never touch another's.

`met` compares the exact ratio with the objective (99.9% met exactly is met); only the printed
percent is rounded, to 3 decimals, half up on the exact ratio (99.9625 -> 99.963). Minutes are
seconds / 60, rounded to 3 decimals.

Credits: a service's own bands (`credit ... for SERVICE`), else the bands that name no service.
The band with the lowest `below_percent` the availability is strictly below gives
its credit, earned only when the month fails its objective and is at least the
`credit_after_failing`-th failing month among the `credit_window_months` calendar months ending
with it (ELB: the second failing month in six). `credit_percent` is 0.0 when no band is earned
and None when the policy states no bands. `material_breach` is true from the
`material_breach_consecutive`-th consecutive failing month on.

Months shown: `start`/`end` ("YYYY-MM") default to the first and last months the outages span.
A missing bound never lands on the wrong side of a given one (`start` alone with older outages
shows just `start`), and with no outages and no bounds there are no rows. Every declared
service gets a row for every month shown (a month without outages is 100%). The credit trigger
and the material breach look back at months before `start` when outages exist there: a
failing March still makes April the second failing month when the report starts in April.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from slac.inputs.outages import FIRST_YEAR, LAST_YEAR, Outage, outage_from_dict
from slac.intervals import Interval, union
from slac.ir import Availability, CreditBand, Policy
from slac.measure import round3

_MONTH = re.compile(r"(\d{4})-(\d{2})")


@attrs.frozen
class MonthAvailability:
    """One service in one month. Durations are kept in seconds; `to_dict` prints minutes."""

    service: str
    month: str  # "2026-04"
    total_seconds: int
    excused_seconds: int
    downtime_seconds: int
    availability_percent: float  # rounded to 3 decimals
    objective_percent: float
    met: bool
    credit_percent: float | None
    material_breach: bool
    unannounced_seconds: int | None = None  # None: the policy states no notice rule

    def to_dict(self) -> dict[str, object]:
        shown: dict[str, object] = {}
        if self.unannounced_seconds is not None:
            shown = {"unannounced_maintenance_minutes": _minutes(self.unannounced_seconds)}
        return {
            "service": self.service,
            "month": self.month,
            "total_minutes": _minutes(self.total_seconds),
            "excused_minutes": _minutes(self.excused_seconds),
            "downtime_minutes": _minutes(self.downtime_seconds),
            "availability_percent": self.availability_percent,
            "objective_percent": self.objective_percent,
            "met": self.met,
            "credit_percent": self.credit_percent,
            "material_breach": self.material_breach,
            **shown,
        }


@attrs.frozen
class AvailabilityReport:
    policy: str
    months: tuple[MonthAvailability, ...]  # by month, then service in policy order

    def to_dict(self) -> dict[str, object]:
        return {"policy": self.policy, "months": [row.to_dict() for row in self.months]}


def _minutes(seconds: int) -> float:
    return round(seconds / 60, 3)


# ---------------------------------------------------------------------------------------------
# Months: an int index (year * 12 + month - 1) so ranges and windows are plain arithmetic.


def parse_month(text: str) -> int:
    """`"2026-04"` -> month index; ValueError with a message a person can act on."""
    match = _MONTH.fullmatch(text) if isinstance(text, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"`{text}` is not a month: write YYYY-MM, e.g. 2026-04")
    if not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        raise ValueError(f"`{text}` is outside the years slac measures ({FIRST_YEAR}-{LAST_YEAR})")
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@attrs.frozen
class _Months:
    """Month boundaries in one time zone, as epoch seconds."""

    zone: ZoneInfo

    def start(self, index: int) -> int:
        # Local midnight of the 1st; zoneinfo reads it with fold=0 like the calendars do.
        return int(datetime(index // 12, index % 12 + 1, 1, tzinfo=self.zone).timestamp())

    def of(self, t: int) -> int:
        local = datetime.fromtimestamp(t, self.zone)
        return local.year * 12 + local.month - 1

    def span(self, outage: Outage) -> range:
        """The months an outage touches (a zero-length one: the month it happens in)."""
        return range(self.of(outage.start), self.of(max(outage.start, outage.end - 1)) + 1)


# ---------------------------------------------------------------------------------------------
# The computation, in stages: classify and split outages, measure each month, judge in order.


def availability(
    policy: Policy,
    outages: Iterable[Outage | dict[str, Any]],
    *,
    start: str | None = None,
    end: str | None = None,
) -> AvailabilityReport:
    """Monthly availability of every declared service (see the module docstring).

    `outages` are `Outage`s or dicts in the shape of docs/formats.md#outages; ValueError for an invalid
    one, an unknown service, a bad month or `start` after `end`.
    """
    spec = policy.availability
    if spec is None:
        raise ValueError(f"policy `{policy.name}` states no availability")
    read = tuple(o if isinstance(o, Outage) else outage_from_dict(o, policy) for o in outages)
    services = tuple(spec.services)
    for outage in read:
        if outage.service not in services:
            raise ValueError(
                f"outage for unknown service `{outage.service}` (policy `{policy.name}`)"
            )
    months = _Months(ZoneInfo(spec.timezone))
    shown = _shown_months(read, months, start, end)
    if not shown:
        return AvailabilityReport(policy.name, ())
    # History reaches back to the first outage so the credit trigger and material breach see
    # failing months before `start`; months without outages there cannot fail.
    first = min([shown.start, *(months.of(o.start) for o in read)])
    pieces = _split(read, months, spec)
    rows = []
    for service, objective in spec.services.items():
        history = range(first, shown.stop)
        measured = [
            _measure(spec, months, i, pieces.get((service, i), _NO_PIECES)) for i in history
        ]
        bands = spec.service_credits.get(service, spec.credits)
        for index, measure, verdict in zip(
            history, measured, _judge(spec, objective, measured, bands), strict=False
        ):
            if index in shown:
                percent, met, credit, breach = verdict
                row = MonthAvailability(
                    service,
                    month_name(index),
                    *measure,
                    percent,
                    objective,
                    met,
                    credit,
                    breach,
                    _unannounced(spec, pieces.get((service, index), _NO_PIECES))
                    if spec.notice
                    else None,
                )
                rows.append(row)
    order = {name: i for i, name in enumerate(services)}
    rows.sort(key=lambda row: (row.month, order[row.service]))
    return AvailabilityReport(policy.name, tuple(rows))


def _shown_months(
    outages: tuple[Outage, ...], months: _Months, start: str | None, end: str | None
) -> range:
    lo = parse_month(start) if start is not None else None
    hi = parse_month(end) if end is not None else None
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"the first month {start} is after the last month {end}")
    spans = [months.span(o) for o in outages]
    if lo is None:
        lo = min([s.start for s in spans], default=hi)
        if lo is not None and hi is not None:
            lo = min(lo, hi)
    if lo is None:  # no outages and no bounds
        return range(0)
    if hi is None:
        hi = max([s.stop - 1 for s in spans], default=lo)
        hi = max(hi, lo)
    return range(lo, hi + 1)


# (service, month) -> (excused intervals, downtime intervals, unannounced maintenance intervals
# (also among the downtime ones)), clipped to the month.
Pieces = dict[tuple[str, int], tuple[list[Interval], list[Interval], list[Interval]]]
_NO_PIECES: tuple[list[Interval], list[Interval], list[Interval]] = ([], [], [])  # read only
# (availability %, met, credit %, material breach) of one month.
Verdict = tuple[float, bool, float | None, bool]


def _split(outages: tuple[Outage, ...], months: _Months, spec: Availability) -> Pieces:
    """(service, month) -> (excused intervals, downtime intervals), clipped to the month."""
    pieces: Pieces = {}
    for outage in outages:
        kind = _kind(outage, spec)
        if kind is None or outage.end == outage.start:
            continue
        for index in months.span(outage):
            lo = max(outage.start, months.start(index))
            hi = min(outage.end, months.start(index + 1))
            lists = pieces.setdefault((outage.service, index), ([], [], []))
            lists[min(kind, 1)].append((lo, hi))
            if kind == 2:
                lists[2].append((lo, hi))
    return pieces


def _kind(outage: Outage, spec: Availability) -> int | None:
    """0 excused, 1 downtime, 2 downtime for want of notice, None: counts nowhere."""
    if outage.scope == "partial" and not spec.partial_is_downtime:
        return None  # the service stayed available: neither downtime nor an excused outage
    if outage.cause in spec.excused:
        notice = spec.notice.get(outage.cause)
        announced = outage.announced_at
        if notice is not None and (announced is None or outage.start - announced < notice):
            return 2
        return 0
    if outage.cause in spec.not_downtime:
        return None
    return 1


def _unannounced(
    spec: Availability, pieces: tuple[list[Interval], list[Interval], list[Interval]]
) -> int:
    """Seconds of unannounced maintenance that count as downtime (excused outages win)."""
    excused, _, late = pieces
    return _covered((*excused, *late), spec) - _covered(excused, spec)


def _measure(
    spec: Availability,
    months: _Months,
    index: int,
    pieces: tuple[list[Interval], list[Interval], list[Interval]],
) -> tuple[int, int, int]:
    """(total, excused, downtime) seconds of one service in month `index`."""
    lo, hi = months.start(index), months.start(index + 1)
    excused, downtime, _ = pieces
    total = hi - lo if spec.calendar is None else spec.calendar.elapsed(lo, hi)
    excused_seconds = _covered(excused, spec)
    # Excused wins where both overlap: downtime is what the union adds beyond the excused part.
    downtime_seconds = _covered((*excused, *downtime), spec) - excused_seconds
    return total, excused_seconds, downtime_seconds


def _covered(intervals: Iterable[tuple[int, int]], spec: Availability) -> int:
    """Seconds covered by the union of `intervals`, counting only open seconds of the calendar."""
    total = 0
    for lo, hi in union(intervals):
        total += hi - lo if spec.calendar is None else spec.calendar.elapsed(lo, hi)
    return total


def _judge(
    spec: Availability,
    objective: float,
    measured: list[tuple[int, int, int]],
    bands: tuple[CreditBand, ...],
) -> list[Verdict]:
    """(availability %, met, credit %, material breach) of consecutive months, oldest first."""
    goal = Fraction(repr(objective))  # 99.9 exactly, not the nearest binary float
    failing: list[bool] = []
    verdicts = []
    for total, excused, downtime in measured:
        ratio = (
            Fraction(100)
            if total == excused
            else Fraction(100 * (total - excused - downtime), total - excused)
        )
        met = ratio >= goal
        failing.append(not met)
        credit = _credit(spec, bands, ratio, failing)
        verdicts.append((round3(ratio), met, credit, _breach(spec, failing)))
    return verdicts


def _credit(
    spec: Availability, bands: tuple[CreditBand, ...], ratio: Fraction, failing: list[bool]
) -> float | None:
    """The credit this month earns from the service's `bands`; `failing` ends with this month."""
    if not bands:
        return None
    recent = failing[-spec.credit_window_months :]
    if not failing[-1] or sum(recent) < spec.credit_after_failing:
        return 0.0
    earned = [band for band in bands if ratio < Fraction(repr(band.below_percent))]
    if not earned:
        return 0.0
    return float(min(earned, key=lambda band: band.below_percent).credit_percent)


def _breach(spec: Availability, failing: list[bool]) -> bool:
    needed = spec.material_breach_consecutive
    if needed is None or len(failing) < needed:
        return False
    return all(failing[-needed:])
