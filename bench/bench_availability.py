"""Benchmark `slac availability` and `slac report` stages (run by hand).

    .venv/bin/python bench/bench_availability.py

Availability workload: Impero's shape (four services, the UK desk Mon-Fri 08:00-01:00
Europe/London with bank holidays as supported hours, scheduled maintenance excused),
20,000 outages uniform over 2025-2026, 1 minute to 6 hours long, random causes and scopes,
seed 2026. Timed: reading the JSON lines (`read_outages`) and `availability` over the 24
months. Peer, side by side in the same run: a naive minute-by-minute count (what one writes
first: for every minute of the month, is the desk open, which outages cover it), on a
one-service, one-month subsample, with both results compared for equality; the ratio is per
outage-month of work.

Report workload: a synthetic evaluation of 50,000 tickets x 3 metrics spread over 12 months,
timed through `report_from_evaluation`; and, side by side in one run, the shipped Impero
policy on 100,000 events from `bench/gen_events.py` (seed 1): reading, evaluating, and the
report's own counting as a fraction of the evaluation it is built on.
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # gen_events beside this script

from gen_events import generate

from slac import evaluate, ir
from slac.business_time import HolidaySource, WeeklyCalendar
from slac.evaluation.results import Evaluation, MetricResult, TicketResult
from slac.inputs.outages import read_outages
from slac.inputs.reader import read_events
from slac.loader import load
from slac.measure.availability import availability
from slac.measure.report import report_from_evaluation

H = 3600
SERVICES = ("education_pro", "edaware", "edlink", "backdrop")
START = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
END = int(datetime(2027, 1, 1, tzinfo=UTC).timestamp())
N_OUTAGES = 20_000
CAUSES = ("unplanned", "unplanned", "unplanned", "scheduled_maintenance", "emergency_maintenance")


def uk_calendar() -> WeeklyCalendar:
    week = (((8 * H, 1 * H),),) * 5 + ((), ())
    return WeeklyCalendar("uk", "Europe/London", week, holidays=(HolidaySource("GB", "ENG"),))


def policy(calendar) -> ir.Policy:
    spec = ir.Availability(
        services=tuple((s, 99.5) for s in SERVICES),
        timezone="Europe/London",
        calendar=calendar,
        excused=frozenset({"scheduled_maintenance"}),
    )
    return ir.Policy(
        name="bench",
        title="bench",
        version=None,
        timezone="Europe/London",
        fields=(),
        priorities=ir.Priorities(names=("P1",)),
        metrics=(),
        targets=(),
        calendar=ir.CalendarChoice(),
        availability=spec,
    )


def outage_lines(rng: random.Random) -> list[tuple[int, str]]:
    def iso(t: int) -> str:
        return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    lines = []
    for number in range(1, N_OUTAGES + 1):
        start = rng.randrange(START, END - 6 * H)
        record = {
            "service": rng.choice(SERVICES),
            "start": iso(start),
            "end": iso(start + rng.randrange(60, 6 * H)),
            "cause": rng.choice(CAUSES),
            "scope": "partial" if rng.random() < 0.1 else "full",
        }
        lines.append((number, json.dumps(record)))
    return lines


def naive_month(outages, calendar, lo: int, hi: int) -> tuple[int, int, int]:
    """Minute by minute: open? excused? down? (whole-minute outages only)."""
    total = excused = downtime = 0
    for t in range(lo, hi, 60):
        if not calendar.elapsed(t, t + 1):
            continue
        total += 60
        covering = [o for o in outages if o.start <= t < o.end and o.scope == "full"]
        if any(o.cause == "scheduled_maintenance" for o in covering):
            excused += 60
        elif covering:
            downtime += 60
    return total, excused, downtime


def timed(fn, *args, repeat: int = 3, **kwargs):
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        value = fn(*args, **kwargs)
        best = min(best, time.perf_counter() - began)
    return best, value


def bench_availability() -> None:
    rng = random.Random(2026)
    calendar = uk_calendar()
    pol = policy(calendar)
    lines = outage_lines(rng)
    read_s, (outages, problems) = timed(read_outages, lines, pol)
    assert not problems
    calendar.elapsed(
        START, END
    )  # build the calendar's tables outside the timing, as a warm run would
    run_s, report = timed(availability, pol, outages, start="2025-01", end="2026-12")
    rows = len(report.months)
    print(
        f"read_outages   {N_OUTAGES:>7,} lines      {read_s * 1000:8.1f} ms  ({N_OUTAGES / read_s:,.0f} lines/s)"
    )
    print(
        f"availability   {N_OUTAGES:>7,} outages    {run_s * 1000:8.1f} ms  ({rows} service-months)"
    )

    # Peer: June 2026, one service, minute-aligned copies of its outages.
    lo = int(datetime(2026, 5, 31, 23, tzinfo=UTC).timestamp())
    hi = int(datetime(2026, 6, 30, 23, tzinfo=UTC).timestamp())
    sample = [
        o.__class__(o.service, o.start - o.start % 60, o.end - o.end % 60, o.cause, o.scope)
        for o in outages
        if o.service == "education_pro" and o.end > lo and o.start < hi
    ]
    slac_s, ours = timed(availability, pol, sample, start="2026-06", end="2026-06")
    naive_s, theirs = timed(naive_month, sample, calendar, lo, hi, repeat=1)
    mine = ours.months[0]
    assert (mine.total_seconds, mine.excused_seconds, mine.downtime_seconds) == theirs, (
        mine,
        theirs,
    )
    print(
        f"one month, {len(sample)} outages: slac {slac_s * 1000:.2f} ms, naive minute count "
        f"{naive_s * 1000:.0f} ms, ratio {naive_s / slac_s:,.0f}x (results equal)"
    )


def bench_report() -> None:
    rng = random.Random(2026)
    tickets = []
    year = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())
    for n in range(50_000):
        metrics = []
        for name in ("first_response", "reply", "resolution"):
            t = year + rng.randrange(0, 365 * 24 * H)
            state = rng.choice(("met", "met", "met", "breached", "running"))
            metrics.append(
                MetricResult(
                    name,
                    1,
                    state,
                    "1h",
                    3600,
                    0,
                    None,
                    t if state == "breached" else None,
                    t if state == "met" else None,
                    rng.choice(("P1", "P2", "P3", "P4", "P5")),
                )
            )
        tickets.append(TicketResult(f"T{n}", "P3", None, tuple(metrics)))
    evaluation = Evaluation("bench", year + 366 * 24 * H, tuple(tickets))
    pol = ir.Policy(
        name="bench",
        title="bench",
        version=None,
        timezone="Europe/London",
        fields=(),
        priorities=ir.Priorities(names=("P1", "P2", "P3", "P4", "P5")),
        metrics=tuple(
            ir.Metric(m, start=(ir.Created(),), stop=(ir.Resolved(),))
            for m in ("first_response", "reply", "resolution")
        ),
        targets=(),
        calendar=ir.CalendarChoice(),
        objectives=(ir.Objective("first_response", 95.0),),
    )
    run_s, report = timed(report_from_evaluation, pol, evaluation)
    print(
        f"report         {150_000:>7,} results    {run_s * 1000:8.1f} ms  ({len(report.rows)} rows, {150_000 / run_s:,.0f} results/s)"
    )


def bench_report_on_impero() -> None:
    policy = load(str(Path(__file__).resolve().parents[1] / "policies" / "impero.sla"))
    lines = list(enumerate(generate(100_000, 1), start=1))
    read_s, (events, problems) = timed(read_events, lines, policy, repeat=1)
    assert not problems
    eval_s, evaluation = timed(evaluate, policy, events, at="2026-12-31T00:00:00Z", repeat=1)
    report_s, report = timed(report_from_evaluation, policy, evaluation)
    results = sum(len(t.metrics) for t in evaluation.tickets)
    print(
        f"impero, 100,000 events: read {read_s * 1000:.0f} ms, evaluate {eval_s * 1000:.0f} ms, "
        f"report {report_s * 1000:.1f} ms over {results:,} results ({len(report.rows)} rows); "
        f"report / evaluate = {report_s / eval_s:.3f}"
    )


if __name__ == "__main__":
    bench_availability()
    bench_report()
    bench_report_on_impero()
