"""Deterministic synthetic ticket events in `policies/impero.sla`'s vocabulary (docs/formats.md#ticket-events).

    .venv/bin/python bench/gen_events.py --events 1000000 --seed 1 > /tmp/events.jsonl

About ten events a ticket: created (region, type, impact x urgency, sometimes a named priority),
agent, customer and system comments (some private), pauses on `awaiting_customer`,
re-prioritisations, region moves, code fixes with products, resolutions and reopens; and
every few days a release (planned, emergency or patch, some listing products) that fixes a
share of the tickets waiting on a code fix. Tickets open over the months from 2026-01-05, so
their events interleave; the file is written in `at` order, as an export would be. The same
arguments always give the same bytes.
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


def generate(count: int, seed: int):
    """Yield `count` JSON lines in `at` order."""
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out = sys.stdout
    for line in generate(args.events, args.seed):
        out.write(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
