"""Terse ticket timelines for the policy scenario tests, and the check of their expected results.

A scenario is a `Timeline`: contract §2 events (plain dicts, as an embedder or a JSON Lines file
gives them), the instant `at`, and the expected entries of the contract §4 JSON. Expectations
name only the keys the timeline is about; every value is a literal worked out by hand from the
agreement, never computed here. Event instants are written in the agreement's local time with an
explicit offset (easier to read against the agreement); expected instants are UTC `Z`, as the JSON
prints them.
"""

from __future__ import annotations

from typing import Any

import attrs

import slac

METRIC_KEYS = frozenset(
    {"state", "target", "target_seconds", "elapsed_seconds", "due", "breached_at", "stopped_at"}
)
TICKET_KEYS = frozenset({"priority", "excluded"})


# ---------------------------------------------------------------------------------------------
# Events (contract §2)


def created(ticket: str, at: str, priority: str | None = None, **fields: Any) -> dict:
    event: dict = {"at": at, "event": "created", "ticket": ticket}
    if priority is not None:
        event["priority"] = priority
    if fields:
        event["fields"] = fields
    return event


def comment(ticket: str, at: str, author: str, public: bool = True) -> dict:
    return {"at": at, "event": "comment", "ticket": ticket, "author": author, "public": public}


def agent(ticket: str, at: str, public: bool = True) -> dict:
    return comment(ticket, at, "agent", public)


def customer(ticket: str, at: str) -> dict:
    return comment(ticket, at, "customer")


def system(ticket: str, at: str) -> dict:
    return comment(ticket, at, "system")


def status(ticket: str, at: str, value: str) -> dict:
    return {"at": at, "event": "status", "ticket": ticket, "status": value}


def reprioritise(ticket: str, at: str, priority: str) -> dict:
    return {"at": at, "event": "priority", "ticket": ticket, "priority": priority}


def fields(ticket: str, at: str, **values: Any) -> dict:
    return {"at": at, "event": "fields", "ticket": ticket, "fields": values}


def release(at: str, name: str, kind: str, fixes=(), products=None) -> dict:
    event: dict = {
        "at": at,
        "event": "release",
        "release": name,
        "kind": kind,
        "fixes": list(fixes),
    }
    if products is not None:
        event["products"] = list(products)
    return event


# ---------------------------------------------------------------------------------------------
# Expectations (contract §4)


@attrs.frozen
class Expect:
    """Expected keys of one metric entry (`metric` set) or of the ticket itself (`metric` None).

    `cycles` set: the metric has exactly that many entries (a repeating metric with no cycle yet
    has none).
    """

    ticket: str
    metric: str | None
    cycle: int = 1
    keys: tuple[tuple[str, Any], ...] = ()
    cycles: int | None = None


def expect(ticket: str, metric: str, cycle: int = 1, **keys: Any) -> Expect:
    unknown = set(keys) - METRIC_KEYS
    assert not unknown, f"not a metric key: {unknown}"
    return Expect(ticket, metric, cycle, tuple(sorted(keys.items())))


def expect_ticket(ticket: str, **keys: Any) -> Expect:
    unknown = set(keys) - TICKET_KEYS
    assert not unknown, f"not a ticket key: {unknown}"
    return Expect(ticket, None, keys=tuple(sorted(keys.items())))


def expect_cycles(ticket: str, metric: str, count: int) -> Expect:
    return Expect(ticket, metric, cycles=count)


def not_applicable(ticket: str, metric: str) -> Expect:
    """An excluded ticket's metric: once, `not_applicable`, nothing counted, no target."""
    return expect(
        ticket,
        metric,
        state="not_applicable",
        elapsed_seconds=0,
        target=None,
        target_seconds=None,
        due=None,
        breached_at=None,
        stopped_at=None,
    )


@attrs.frozen
class Timeline:
    id: str
    events: tuple[dict, ...]
    at: str
    expects: tuple[Expect, ...]


# ---------------------------------------------------------------------------------------------
# Running a timeline


def evaluate(policy, timeline: Timeline) -> dict:
    return slac.evaluate(policy, [dict(e) for e in timeline.events], at=timeline.at).to_dict()


def mismatches(result: dict, expects: tuple[Expect, ...]) -> list[str]:
    """Every difference between `result` (contract §4 JSON) and the expectations, in words.

    All differences are collected, so one failing scenario shows everything that is off.
    """
    tickets = {t["ticket"]: t for t in result["tickets"]}
    problems = []
    for e in expects:
        ticket = tickets.get(e.ticket)
        if ticket is None:
            problems.append(f"{e.ticket}: no such ticket in the result")
            continue
        if e.metric is None:
            got: dict | None = ticket
            where = e.ticket
        else:
            entries = [m for m in ticket["metrics"] if m["metric"] == e.metric]
            if e.cycles is not None:
                if len(entries) != e.cycles:
                    problems.append(
                        f"{e.ticket} {e.metric}: {len(entries)} entries, expected {e.cycles}"
                    )
                continue
            got = next((m for m in entries if m["cycle"] == e.cycle), None)
            where = f"{e.ticket} {e.metric}#{e.cycle}"
            if got is None:
                problems.append(f"{where}: missing (entries: {entries})")
                continue
        for key, want in e.keys:
            if got.get(key) != want:
                problems.append(f"{where} {key}: got {got.get(key)!r}, expected {want!r}")
    return problems


def check(policy, timeline: Timeline) -> None:
    result = evaluate(policy, timeline)
    problems = mismatches(result, timeline.expects)
    assert not problems, f"{timeline.id}:\n  " + "\n  ".join(problems)


def ids(timelines) -> list[str]:
    return [t.id for t in timelines]
