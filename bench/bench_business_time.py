"""Benchmark slac.business_time against what a user would pick instead (run by hand).

Workload: Mon-Fri 09:00-17:00 Europe/London with England & Wales bank holidays; 100,000
deadlines `start + 37 business hours` and 100,000 durations between random pairs up to 60
days apart, starts uniform over 2026-2027, seed 2026. Peers are timed on the same inputs,
prepared beforehand in each peer's own input type; slow peers on a subsample.

    python3 -m venv bench/.venv-peers
    bench/.venv-peers/bin/pip install attrs holidays tzdata businesstimedelta pandas workclock timegrid
    bench/.venv-peers/bin/python bench/bench_business_time.py

Peers that are not installed are reported as such; everything else still runs.
"""

from __future__ import annotations

import calendar as gregorian
import gc
import random
import sys
import time
import tracemalloc
from array import array
from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from slac.business_time import HolidaySource, WeeklyCalendar, breach_instant

H = 3600
N = 100_000
SLOW_N = 2_000  # subsample for peers that manage a few thousand ops/s
SAMPLE = 200  # cases compared between everyone
TARGET = 37 * H
LONDON = ZoneInfo("Europe/London")
UTC = UTC
LO, HI = gregorian.timegm((2026, 1, 1, 0, 0, 0)), gregorian.timegm((2028, 1, 1, 0, 0, 0))


def make_calendar() -> WeeklyCalendar:
    week = (((9 * H, 17 * H),),) * 5 + ((), ())
    return WeeklyCalendar("totara", "Europe/London", week, holidays=(HolidaySource("GB", "ENG"),))


def bank_holidays() -> list[date]:
    return sorted(holidays.country_holidays("GB", subdiv="ENG", years=range(2025, 2030)))


def workload() -> tuple[list[int], list[int], list[int]]:
    rng = random.Random(2026)
    starts = [rng.randrange(LO, HI) for _ in range(N)]
    pair_a = [rng.randrange(LO, HI) for _ in range(N)]
    pair_b = [a + rng.randrange(0, 60 * 86400) for a in pair_a]
    return starts, pair_a, pair_b


def edge_workload() -> tuple[list[int], list[int], list[int]]:
    """Local noon on every day around the clock changes, Easter, May and Christmas.

    Noon + 37 business hours uses up exactly the third business day after: the deadline is
    a 17:00 closing instant, where conventions differ; durations run 5 days 3 hours.
    """
    days = []
    for first, count in (
        (date(2026, 3, 20), 25),
        (date(2026, 4, 28), 35),
        (date(2026, 10, 15), 25),
        (date(2026, 12, 15), 30),
    ):
        days += [first + timedelta(days=k) for k in range(count)]
    starts = [int(datetime(d.year, d.month, d.day, 12, tzinfo=LONDON).timestamp()) for d in days]
    return starts, starts, [a + 5 * 86400 + 3 * H for a in starts]


def rate(fn, count: int) -> tuple[float, list]:
    """Ops/s of `fn()` (which does `count` operations) and its results; best of 3 runs."""
    best, out = float("inf"), None
    for _ in range(3 if count >= 10_000 else 1):
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return count / best, out


# -- slac ------------------------------------------------------------------------------------


def run_slac_int(cal, starts, pair_a, pair_b) -> dict:
    add, elapsed = cal.add, cal.elapsed
    add_rate, deadlines = rate(lambda: [add(a, TARGET) for a in starts], N)
    dur_rate, durations = rate(
        lambda: [elapsed(a, b) for a, b in zip(pair_a, pair_b, strict=False)], N
    )
    return {"add": add_rate, "dur": dur_rate, "deadlines": deadlines, "durations": durations}


def run_slac_datetime(cal, starts, pair_a, pair_b) -> dict:
    dt_starts, dt_a, dt_b = (to_utc(xs) for xs in (starts, pair_a, pair_b))
    delta, add_to, between = timedelta(seconds=TARGET), cal.add_to, cal.elapsed_between
    add_rate, deadlines = rate(lambda: [add_to(a, delta) for a in dt_starts], N)
    dur_rate, durations = rate(lambda: [between(a, b) for a, b in zip(dt_a, dt_b, strict=False)], N)
    return {
        "add": add_rate,
        "dur": dur_rate,
        "deadlines": epochs(deadlines),
        "durations": seconds(durations),
    }


def run_floor(cal, starts, pair_a, pair_b, kind: str = "list") -> dict:
    """A bare bisect loop over a copy of the precomputed flat table: the floor for Python."""
    t = cal._table
    if kind == "list":
        s, e, c = (list(xs) for xs in t.arrays)
    else:
        s, e, c = (array("q", xs) for xs in t.arrays)

    def deadlines() -> list[int]:
        out = []
        for a in starts:
            i = bisect_right(s, a) - 1
            ei = e[i]
            target = c[i] + (a if a < ei else ei) - s[i] + TARGET
            k = bisect_left(c, target, i + 1)
            out.append(s[k - 1] + target - c[k - 1])
        return out

    def durations() -> list[int]:
        out = []
        for a, b in zip(pair_a, pair_b, strict=False):
            i, j = bisect_right(s, a) - 1, bisect_right(s, b) - 1
            ea, eb = e[i], e[j]
            out.append(
                (c[j] + (b if b < eb else eb) - s[j]) - (c[i] + (a if a < ea else ea) - s[i])
            )
        return out

    add_rate, d1 = rate(deadlines, N)
    dur_rate, d2 = rate(durations, N)
    return {"add": add_rate, "dur": dur_rate, "deadlines": d1, "durations": d2}


# -- peers -----------------------------------------------------------------------------------


def run_businesstimedelta(starts, pair_a, pair_b) -> dict:
    import businesstimedelta as btd
    import pytz

    tz = pytz.timezone("Europe/London")
    workday = btd.WorkDayRule(
        start_time=clock(9), end_time=clock(17), working_days=[0, 1, 2, 3, 4], tz=tz
    )
    rules = btd.Rules([workday, btd.HolidayRule(bank_holidays(), tz=tz)])
    delta = btd.BusinessTimeDelta(rules, hours=37)
    dt_starts, dt_a, dt_b = (to_utc(xs[:SLOW_N]) for xs in (starts, pair_a, pair_b))
    add_rate, deadlines = rate(lambda: [a + delta for a in dt_starts], SLOW_N)
    dur_rate, durations = rate(
        lambda: [rules.difference(a, b).timedelta for a, b in zip(dt_a, dt_b, strict=False)], SLOW_N
    )
    return {
        "add": add_rate,
        "dur": dur_rate,
        "deadlines": epochs(deadlines),
        "durations": seconds(durations),
        "note": f"{SLOW_N:,}-op subsample",
    }


def run_pandas(starts, pair_a, pair_b) -> dict:
    import pandas as pd

    offset = pd.offsets.CustomBusinessHour(
        n=37, start="09:00", end="17:00", holidays=bank_holidays()
    )
    local = [pd.Timestamp(to_local_naive(a)) for a in starts[: SLOW_N * 5]]
    add_rate, deadlines = rate(lambda: [a + offset for a in local], len(local))
    back = [int(d.tz_localize(LONDON).timestamp()) for d in deadlines]
    return {
        "add": add_rate,
        "dur": None,
        "deadlines": back,
        "durations": None,
        "note": f"{len(local):,}-op subsample; naive local time in and out; no business-duration API",
    }


def run_workclock(starts, pair_a, pair_b) -> dict:
    import numpy as np
    from workclock import Holidays, Schedule, WorkDay

    sched = Schedule([WorkDay(clock(9), clock(17)), Holidays(bank_holidays())], time_zone=LONDON)
    dt_starts, dt_a, dt_b = (to_utc(xs) for xs in (starts, pair_a, pair_b))
    delta = timedelta(seconds=TARGET)
    add_rate, deadlines = rate(lambda: [sched.add(a, delta) for a in dt_starts], N)
    dur_rate, durations = rate(
        lambda: [sched.between(a, b) for a, b in zip(dt_a, dt_b, strict=False)], N
    )
    np_starts = np.array(starts, dtype="datetime64[s]")
    np_a, np_b = np.array(pair_a, dtype="datetime64[s]"), np.array(pair_b, dtype="datetime64[s]")
    batch_add, _ = rate(lambda: sched.add_many(np_starts, np.timedelta64(TARGET, "s")), N)
    batch_dur, _ = rate(lambda: sched.between_many(np_a, np_b), N)
    return {
        "add": add_rate,
        "dur": dur_rate,
        "deadlines": epochs(deadlines),
        "durations": seconds(durations),
        "note": f"one call per op; batch NumPy API: {batch_add:,.0f} deadlines/s, {batch_dur:,.0f} durations/s",
    }


def run_timegrid(starts, pair_a, pair_b) -> dict:
    from timegrid import TimeGridCalendar, hours

    grid = TimeGridCalendar.weekdays(clock(9), clock(17))
    for day in bank_holidays():
        grid = grid.close(day)
    timeline = grid.compile(datetime(2025, 12, 1), datetime(2028, 4, 1))
    loc_starts, loc_a, loc_b = (
        [to_local_naive(x) for x in xs[:SLOW_N]] for xs in (starts, pair_a, pair_b)
    )
    target = hours(37)
    add_rate, deadlines = rate(
        lambda: [grid.add_work_duration(a, target) for a in loc_starts], SLOW_N
    )
    dur_rate, durations = rate(
        lambda: [timeline.get_working_duration(a, b) for a, b in zip(loc_a, loc_b, strict=False)],
        SLOW_N,
    )
    back = [int(d.replace(tzinfo=LONDON).timestamp()) for d in deadlines]
    return {
        "add": add_rate,
        "dur": dur_rate,
        "deadlines": back,
        "durations": seconds(durations),
        "note": f"{SLOW_N:,}-op subsample; naive local time in and out (no time zones)",
    }


# -- conversions, outside the timed loops ----------------------------------------------------


def to_utc(xs: list[int]) -> list[datetime]:
    return [datetime.fromtimestamp(x, UTC) for x in xs]


def to_local_naive(x: int) -> datetime:
    return datetime.fromtimestamp(x, UTC).astimezone(LONDON).replace(tzinfo=None)


def epochs(dts: list) -> list[int]:
    return [int(d.timestamp()) for d in dts]


def seconds(tds: list) -> list[int]:
    return [int(td.total_seconds()) for td in tds]


# -- agreement, memory, report ---------------------------------------------------------------


def agreement(cal, ours: dict, theirs: dict, starts, pair_a, pair_b) -> tuple[str, list[str]]:
    """Compare the first SAMPLE results; pandas' 17:00-is-next-09:00 roll counted apart."""
    add_bad, dur_bad, rolled, examples = 0, 0, 0, []
    count = min(SAMPLE, len(starts))
    for i in range(count):
        mine, peer = ours["deadlines"][i], theirs["deadlines"][i]
        if peer != mine:
            if not cal.elapsed(mine, mine + 1) and peer == breach_instant(cal, mine, 0):
                rolled += 1
            else:
                add_bad += 1
                examples.append(f"start {iso(starts[i])}: slac {iso(mine)}, peer {iso(peer)}")
        if theirs["durations"] is not None and theirs["durations"][i] != ours["durations"][i]:
            dur_bad += 1
            examples.append(
                f"{iso(pair_a[i])}..{iso(pair_b[i])}: slac {ours['durations'][i]} s, "
                f"peer {theirs['durations'][i]} s"
            )
    dur = "n/a" if theirs["durations"] is None else f"{count - dur_bad}/{count}"
    text = f"deadlines {count - add_bad}/{count}" + (
        f" ({rolled} of them as the next opening, not the 17:00 close)" if rolled else ""
    )
    return f"{text}; durations {dur}", examples[:4]


def table_memory() -> tuple[int, float]:
    """Bytes held by one calendar's tables for 2026-2035, and seconds to build one year."""
    for year in range(2025, 2038):
        HolidaySource("GB", "ENG").dates(year)  # shared holiday cache: not part of a table
    cal = make_calendar()
    t0 = time.perf_counter()
    cal.elapsed(LO, LO + 1)
    build = time.perf_counter() - t0
    cal = make_calendar()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    cal.elapsed(LO, gregorian.timegm((2036, 1, 1, 0, 0, 0)))
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before, build


def iso(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d %H:%M:%SZ")


PEERS = (
    ("businesstimedelta", run_businesstimedelta),
    ("pandas CustomBusinessHour", run_pandas),
    ("workclock", run_workclock),
    ("timegrid", run_timegrid),
)


def fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:,.0f}"


def main() -> None:
    starts, pair_a, pair_b = workload()
    cal = make_calendar()
    cal.elapsed(LO, HI + 61 * 86400)  # build the tables first: we time queries, not set-up
    ours = run_slac_int(cal, starts, pair_a, pair_b)
    rows = [
        ("slac, epoch-integer API", ours),
        ("slac, datetime API", run_slac_datetime(cal, starts, pair_a, pair_b)),
    ]
    rows.append(("bare bisect floor (list)", run_floor(cal, starts, pair_a, pair_b)))
    rows.append(
        ("bare bisect floor (array('q'))", run_floor(cal, starts, pair_a, pair_b, kind="array"))
    )
    notes = []
    for name, runner in PEERS:
        try:
            result = runner(starts, pair_a, pair_b)
        except ImportError as exc:
            notes.append(f"- {name}: not installed ({exc})")
            continue
        rows.append((name, result))
        verdict, examples = agreement(cal, ours, result, starts, pair_a, pair_b)
        edge = edge_workload()
        edge_verdict, edge_examples = agreement(cal, run_slac_int(cal, *edge), runner(*edge), *edge)
        notes.append(
            f"- {name}: {result.get('note', '')}; agrees with slac on random {verdict}; "
            f"on edge cases {edge_verdict}"
        )
        notes.extend(f"    - {ex}" for ex in examples + edge_examples)
    report(rows, notes)


def report(rows, notes) -> None:
    print(f"Python {sys.version.split()[0]}, {N:,} ops per slac run\n")
    print("| implementation | deadlines/s | durations/s |\n|---|---:|---:|")
    for name, r in rows:
        print(f"| {name} | {fmt(r['add'])} | {fmt(r['dur'])} |")
    peers = [r for name, r in rows if not name.startswith(("slac", "bare"))]
    slac_int, slac_dt, floor = rows[0][1], rows[1][1], rows[2][1]
    for op in ("add", "dur"):
        best = max((r[op] for r in peers if r[op] is not None), default=None)
        print(
            f"\n{op}: slac int / fastest peer per call = {slac_int[op] / best:.1f}x, "
            f"slac datetime / fastest peer = {slac_dt[op] / best:.1f}x, "
            f"floor / slac int = {floor[op] / slac_int[op]:.2f}x"
            if best
            else ""
        )
    memory, build = table_memory()
    print(
        f"\ntable memory, ten years (2026-2035): {memory / 1e6:.2f} MB; one year's table built in {build * 1e3:.1f} ms"
    )
    print("\n" + "\n".join(notes))


if __name__ == "__main__":
    main()
