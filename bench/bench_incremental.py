"""Benchmark: the incremental evaluator fed one event at a time (issue 16, item 4).

Two measurements, run from the repository root:

    .venv/bin/python bench/bench_incremental.py late [N]          # default 16000
    .venv/bin/python bench/bench_incremental.py memory EVENTS.jsonl [HORIZON_DAYS]

`late`: one Impero ticket with N events (comments, pauses on `awaiting_customer`,
re-prioritisations, region moves) fed to `slac.Evaluator` in order, reversed (its `created`
first) and shuffled, then judged once; CPU seconds of the feeding and the judging, and a
check that every order gives the in-order results.

`memory`: the events of EVENTS.jsonl (`bench/gen_events.py --events 1000000 --seed 1`), read
1000 lines at a time and fed one by one to an evaluator with a horizon (default 8 days: a
resolved ticket of that load has no event more than 7 days after its last), then again to an
evaluator fed only the events of the tickets the first left live (not compacted): their
share; and an evaluator without a horizon. Memory is the tracemalloc size of what stays
allocated after each feeding (the evaluator: the events' objects it keeps included), after a
first feed of the whole file has filled the tables every run shares (calendar years,
holidays), so the figures compare evaluators alone. `late` also times events up to 5 places
late with `results` after each, and `results` at instants inside the history.
"""

from __future__ import annotations

import gc
import itertools
import random
import sys
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime

import slac
from slac.evaluation import Compacted, Evaluator
from slac.inputs.events import Event
from slac.inputs.reader import EventReader

POLICY = "policies/impero.sla"
START = 1767571200  # 2026-01-05T00:00:00Z


def iso(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def story(n: int) -> list[dict[str, object]]:
    """One ticket's `created` and n - 1 more events, ten minutes apart."""
    rng = random.Random(1)
    out: list[dict[str, object]] = [
        {
            "at": iso(START),
            "event": "created",
            "ticket": "BIG-1",
            "fields": {"region": "uk", "type": "incident", "impact": "high", "urgency": "high"},
        }
    ]
    for i in range(1, n):
        at = START + 600 * i
        roll = rng.random()
        if roll < 0.5:
            event: dict[str, object] = {
                "event": "comment",
                "author": rng.choice(("agent", "customer")),
            }
        elif roll < 0.8:
            status = rng.choice(("awaiting_customer", "open", "in_progress"))
            event = {"event": "status", "status": status}
        elif roll < 0.9:
            event = {"event": "priority", "priority": rng.choice(("P1", "P2", "P3", "P4"))}
        else:
            event = {"event": "fields", "fields": {"region": rng.choice(("uk", "gst", "pst"))}}
        out.append({"at": iso(at), "ticket": "BIG-1", **event})
    return out


def late(n: int) -> None:
    policy = slac.load(POLICY)
    events = story(n)
    end = events[-1]["at"]
    rest = events[1:]
    shuffled = list(rest)
    random.Random(2).shuffle(shuffled)
    orders = {"in order": rest, "reversed": rest[::-1], "shuffled": shuffled}
    expected = None
    for name, order in orders.items():
        evaluator = Evaluator(policy)
        start = time.process_time()
        evaluator.feed(events[0])
        for event in order:
            evaluator.feed(event)
        fed = time.process_time() - start
        result = evaluator.results(end)
        judged = time.process_time() - start - fed
        expected = expected or result
        assert result == expected, name
        start = time.process_time()
        for k in range(1, 101):  # 100 instants inside the history
            evaluator.results(events[k * (n - 1) // 101]["at"])
        inside = (time.process_time() - start) / 100
        print(
            f"{n} events, {name:>9}: feed {fed:6.3f} s, results {judged:6.3f} s, "
            f"results inside the history {inside:6.4f} s each (CPU)"
        )
    # A service's case: events arrive up to 5 places late, and it asks after each one.
    rng = random.Random(3)
    places = sorted((i + rng.uniform(0, 5), i) for i in range(len(rest)))
    jittered = [rest[i] for _, i in places]
    evaluator = Evaluator(policy)
    start = time.process_time()
    evaluator.feed(events[0])
    for event in jittered:
        evaluator.feed(event)
        evaluator.results(event["at"])
    seconds = time.process_time() - start
    assert evaluator.results(end) == expected
    print(f"{n} events up to 5 places late, results after each: {seconds:6.3f} s (CPU)")


def read(path: str, policy: slac.ir.Policy) -> Iterator[Event]:
    """The file's events in file order, read 1000 lines at a time by a fresh reader (so no
    reader's table of strings outlives its lines, as in a service)."""
    with open(path, encoding="utf-8") as lines:
        numbered = enumerate(lines, 1)
        while chunk := list(itertools.islice(numbered, 1000)):
            yield from EventReader(policy).read(chunk)


def fed_memory(
    policy: slac.ir.Policy, events: Iterator[Event], horizon: int | None
) -> tuple[Evaluator, int, float, int]:
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    start = time.process_time()
    evaluator = Evaluator(policy, horizon=horizon)
    refused = 0
    for event in events:
        try:
            evaluator.feed(event)
        except Compacted:  # an event for a ticket compacted already: reported, counted here
            refused += 1
    seconds = time.process_time() - start
    if refused:
        print(f"  {refused} events refused: their tickets were compacted")
    gc.collect()
    size = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    return evaluator, size, seconds, refused


def memory(path: str, days: float) -> None:
    policy = slac.load(POLICY)
    horizon = int(days * 86400)
    # A first feed fills the module-level tables every run shares (calendar years, holidays),
    # so the figures below are the evaluators' own memory, whichever runs first.
    warm = Evaluator(policy)
    for event in read(path, policy):
        warm.feed(event)
    del warm
    evaluator, size, seconds, refused = fed_memory(policy, read(path, policy), horizon)
    live = set(evaluator._tickets)
    compacted = len(evaluator._compacted)
    kept = sum(not isinstance(r, bytes) for r in evaluator._compacted.values())
    total = len(live) + compacted
    print(
        f"horizon {days} days: {total} tickets, {compacted} compacted ({compacted / total:.1%}, "
        f"{kept} of them keeping their state), {len(live)} live; feed {seconds:.1f} s CPU under tracemalloc"
    )
    print(f"  evaluator after the feed: {size / 1e6:.1f} MB")
    mine = (e for e in read(path, policy) if e.ticket in live or e.kind == "release")
    share = fed_memory(policy, mine, None)[1]
    print(
        f"  fed only the live tickets' events (and releases): {share / 1e6:.1f} MB; ratio {size / share:.2f}"
    )
    last = max(t.last_at for t in evaluator._tickets.values())
    check, whole, _, _ = fed_memory(policy, read(path, policy), None)
    print(f"  without a horizon: {whole / 1e6:.1f} MB")
    if refused:
        return  # the evaluator without a horizon took the events the other refused
    same = check.results(last) == evaluator.results(last)
    print(f"  results at the last event equal an evaluator without a horizon's: {same}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["late"]:
        late(int(argv[1]) if len(argv) > 1 else 16000)
    elif argv[:1] == ["memory"] and len(argv) >= 2:
        memory(argv[1], float(argv[2]) if len(argv) > 2 else 8.0)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
