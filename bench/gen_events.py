"""Deterministic synthetic ticket events in `policies/impero.sla`'s vocabulary (docs/formats.md#ticket-events).

    .venv/bin/python bench/gen_events.py --events 1000000 --seed 1 > /tmp/events.jsonl

About ten events a ticket: created (region, type, impact x urgency, sometimes a named priority),
agent, customer and system comments (some private), pauses on `awaiting_customer`,
re-prioritisations, region moves, code fixes with products, resolutions and reopens; and
every few days a release (planned, emergency or patch, some listing products) that fixes a
share of the tickets waiting on a code fix. Tickets open over the months from 2026-01-05, so
their events interleave; the file is written in `at` order, as an export would be. The same
arguments always give the same bytes.

`--dense` writes the denser, unsorted Impero load of issue 16 instead (`dense_lines`): about
seven events a ticket, every one doing work for the evaluator (a region for each ticket, impact
and urgency changes that re-derive the matrix priority, pauses on `awaiting_customer` ended by
the customer's public comment, code fixes on a product and releases that ship them), written
ticket by ticket (each ticket's events together) with the tickets of each block of 64 in a
shuffled order, so the lines are not in time order: `slac evaluate` sorts them.
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import sys
from datetime import UTC, datetime

START = int(datetime(2026, 1, 5, tzinfo=UTC).timestamp())
REGIONS = ("uk", "uk", "uk", "gst", "est", "cst", "mst", "pst")
TYPES = ("incident",) * 8 + ("information_request", "service_request", "change_request")
LEVELS_IMPACT = ("severe", "high", "medium", "medium", "low", "low")
LEVELS_URGENCY = ("high", "medium", "medium", "low", "low")
PRODUCTS = ("education_pro", "edaware", "edlink", "backdrop")
STATUSES = ("open", "in_progress")
MIN, HOUR, DAY = 60, 3600, 86400


def iso(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def ticket_events(rng: random.Random, number: int, t: int, waiting: list) -> list[tuple[int, dict]]:
    """One ticket's story from `t` on: (instant, event) in time order."""
    ticket = f"INC-{number:07d}"
    fields = {"region": rng.choice(REGIONS), "type": rng.choice(TYPES)}
    if fields["type"] == "incident":
        fields["impact"], fields["urgency"] = rng.choice(LEVELS_IMPACT), rng.choice(LEVELS_URGENCY)
    if rng.random() < 0.3:
        fields["product"] = rng.choice(PRODUCTS)
    created = {"event": "created", "ticket": ticket, "fields": fields}
    if rng.random() < 0.1:
        created["priority"] = rng.choice(("P1", "P2", "P3", "P4"))
    out = [(t, created)]

    def add(gap: int, event: dict) -> None:
        nonlocal t
        t += gap
        out.append((t, {"ticket": ticket, **event}))

    if rng.random() < 0.2:
        add(rng.randint(1, 20) * MIN, {"event": "comment", "author": "system"})
    add(rng.randint(5, 300) * MIN, {"event": "comment", "author": "agent"})
    for _ in range(rng.randint(0, 3)):
        add(rng.randint(10, 600) * MIN, {"event": "comment", "author": "customer"})
        if rng.random() < 0.3:
            add(rng.randint(1, 30) * MIN, {"event": "comment", "author": "agent", "public": False})
        add(rng.randint(10, 600) * MIN, {"event": "comment", "author": "agent"})
    if rng.random() < 0.35:
        add(rng.randint(10, 240) * MIN, {"event": "status", "status": "awaiting_customer"})
        add(rng.randint(1, 72) * HOUR, {"event": "status", "status": rng.choice(STATUSES)})
    if rng.random() < 0.08:
        add(
            rng.randint(10, 240) * MIN,
            {"event": "priority", "priority": rng.choice(("P1", "P2", "P3", "P4"))},
        )
    if rng.random() < 0.05:
        add(
            rng.randint(10, 240) * MIN,
            {"event": "fields", "fields": {"region": rng.choice(REGIONS)}},
        )
    if rng.random() < 0.06:
        add(rng.randint(10, 240) * MIN, {"event": "fields", "fields": {"code_fix": True}})
        waiting.append((t, ticket))
    if rng.random() < 0.9:
        add(rng.randint(1, 96) * HOUR, {"event": "status", "status": "resolved"})
        if rng.random() < 0.05:
            add(rng.randint(1, 48) * HOUR, {"event": "status", "status": "open"})
            add(rng.randint(1, 48) * HOUR, {"event": "status", "status": "resolved"})
        if rng.random() < 0.5:
            add(rng.randint(2, 7) * DAY, {"event": "status", "status": "closed"})
    return out


def generate(count: int, seed: int, dense: bool = False):
    """Yield `count` JSON lines: in `at` order, or the dense load (`dense_lines`)."""
    if dense:
        yield from dense_lines(count, seed)
        return
    rng = random.Random(seed)
    heap: list = []  # (at, serial, event)
    waiting: list = []  # (since, ticket) waiting on a code fix
    serial = number = 0
    t = START
    next_release = START + 3 * DAY
    written = 0
    # Tickets arrive about every 2 minutes; an event is written once every event of an earlier
    # instant is known (a ticket's story spans at most ~40 days).
    while written < count:
        if len(heap) < 2000 or heap[0][0] > t - 45 * DAY:
            number += 1
            t += rng.randint(0, 240)
            for at, event in ticket_events(rng, number, t, waiting):
                serial += 1
                heapq.heappush(heap, (at, serial, event))
            while next_release <= t:
                serial += 1
                heapq.heappush(heap, (next_release, serial, _release(rng, next_release, waiting)))
                next_release += rng.randint(2, 6) * DAY
            continue
        at, _, event = heapq.heappop(heap)
        written += 1
        yield json.dumps({"at": iso(at), **event})


def _release(rng: random.Random, at: int, waiting: list) -> dict:
    ready = [ticket for since, ticket in waiting if since <= at]
    fixes = [ticket for ticket in ready if rng.random() < 0.7]
    waiting[:] = [(since, ticket) for since, ticket in waiting if since > at]
    event = {
        "event": "release",
        "release": f"v{at // DAY}",
        "kind": rng.choice(("planned", "planned", "emergency", "patch")),
        "fixes": fixes,
    }
    if rng.random() < 0.5:
        event["products"] = rng.sample(PRODUCTS, rng.randint(1, 2))
    return event


LEVELS = ("severe", "high", "medium", "low")
URGENCIES = ("high", "medium", "low")
BLOCK = 64  # tickets whose lines are written in a shuffled order, each ticket's together


def dense_story(rng: random.Random, number: int, t: int, waiting: list) -> list[tuple[int, dict]]:
    """One ticket of the dense load, about seven events in time order from `t`."""
    ticket = f"DNS-{number:07d}"
    region = rng.choice(REGIONS)
    fields = {"region": region, "type": rng.choice(TYPES)}
    if fields["type"] == "incident":
        fields["impact"], fields["urgency"] = rng.choice(LEVELS), rng.choice(URGENCIES)
    fields["product"] = rng.choice(PRODUCTS)
    if rng.random() < 0.2:
        fields["channel"] = rng.choice(("portal", "email", "phone", "voicemail"))
    out = [(t, {"event": "created", "ticket": ticket, "fields": fields})]

    def add(gap: int, event: dict) -> None:
        nonlocal t
        t += gap
        out.append((t, {"ticket": ticket, **event}))

    add(rng.randint(5, 240) * MIN, {"event": "comment", "author": "agent"})
    if fields["type"] == "incident" and rng.random() < 0.7:  # the matrix priority re-derived
        change = rng.choice((("impact", LEVELS), ("urgency", URGENCIES)))
        add(
            rng.randint(10, 600) * MIN,
            {"event": "fields", "fields": {change[0]: rng.choice(change[1])}},
        )
    if rng.random() < 0.5:  # a pause, ended by the customer's answer
        add(rng.randint(10, 240) * MIN, {"event": "status", "status": "awaiting_customer"})
        add(rng.randint(1, 48) * HOUR, {"event": "comment", "author": "customer"})
        add(rng.randint(5, 120) * MIN, {"event": "comment", "author": "agent"})
    if rng.random() < 0.35:  # moved to another desk: another calendar from that instant
        moved = rng.choice([r for r in REGIONS if r != region])
        add(rng.randint(10, 600) * MIN, {"event": "fields", "fields": {"region": moved}})
    if rng.random() < 0.12:  # needs a code fix: measured against the releases
        add(rng.randint(10, 240) * MIN, {"event": "fields", "fields": {"code_fix": True}})
        waiting.append((t, ticket))
    add(rng.randint(1, 96) * HOUR, {"event": "status", "status": "resolved"})
    line = rng.choice(("first", "first", "second", "third"))
    add(rng.randint(1, 30) * MIN, {"event": "fields", "fields": {"resolved_by_line": line}})
    if rng.random() < 0.5:
        add(rng.randint(2, 7) * DAY, {"event": "status", "status": "closed"})
    return out


def dense_lines(count: int, seed: int):
    """Yield `count` JSON lines of the dense load: blocks of `BLOCK` tickets, each block's
    tickets in a shuffled order with their events together, and the releases due by the
    block's last ticket after it."""
    rng = random.Random(seed)
    waiting: list = []
    number = written = 0
    t = START
    next_release = START + 3 * DAY
    while True:
        block = []
        for _ in range(BLOCK):
            number += 1
            t += rng.randint(0, 90)
            block.append(dense_story(rng, number, t, waiting))
        rng.shuffle(block)
        stories = block
        while next_release <= t:
            stories.append([(next_release, _release(rng, next_release, waiting))])
            next_release += rng.randint(1, 4) * DAY
        for story in stories:
            for at, event in story:
                if written == count:
                    return
                written += 1
                yield json.dumps({"at": iso(at), **event})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--dense", action="store_true", help="the dense, unsorted Impero load (see above)"
    )
    args = parser.parse_args(argv)
    out = sys.stdout
    for line in generate(args.events, args.seed, args.dense):
        out.write(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
