"""A compiled policy is a value: it pickles, deep-copies and crosses a process pool, and the
copy answers exactly what the original answers, for every shipped policy.

The calendars in a policy keep a lazily grown interval table with a lock (`_table.Table`). A
lock neither pickles nor deep-copies, so a table travels empty and regrows on first use; these
tests hold that, including for a policy whose tables have already grown.
"""

from __future__ import annotations

import copy
import multiprocessing
import pickle
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import pytest

import slac
from slac import ir
from slac.business_time import Calendar, UnionCalendar
from slac.evaluation import evaluate

POLICIES = sorted((Path(__file__).resolve().parent.parent / "policies").glob("*.sla"))
AT = "2026-03-20T12:00:00Z"


def events(policy: ir.Policy) -> list[dict[str, Any]]:
    """Per priority, one ticket answered and resolved and one left open, from Monday 2 March
    2026: enough to run every metric of the shipped policies (ELB's tickets come through its
    web form, or it excludes them)."""
    channel = policy.field("channel")  # Impero's `channel` has no `web_form`: left unset there
    fields = {"channel": "web_form"} if channel and "web_form" in channel.values else {}
    out: list[dict[str, Any]] = []
    for n, priority in enumerate(policy.priorities.names):
        done, open_ = f"done-{n}", f"open-{n}"
        out += [
            {"at": "2026-03-02T09:30:00Z", "event": "created", "ticket": done, "priority": priority,
             "fields": fields},
            {"at": "2026-03-02T09:40:00Z", "event": "created", "ticket": open_, "priority": priority,
             "fields": fields},
            {"at": "2026-03-02T11:00:00Z", "event": "comment", "ticket": done, "author": "agent",
             "public": True},
            {"at": "2026-03-03T10:00:00Z", "event": "comment", "ticket": done,
             "author": "customer", "public": True},
            {"at": "2026-03-05T15:00:00Z", "event": "status", "ticket": done, "status": "resolved"},
        ]  # fmt: skip
    return out


OUTAGES = [
    {"start": "2026-03-03T02:00:00Z", "end": "2026-03-03T05:30:00Z", "cause": "unplanned"},
    {"start": "2026-04-14T10:00:00Z", "end": "2026-04-14T10:45:00Z", "scope": "partial"},
]


def answers(policy: ir.Policy) -> tuple[object, ...]:
    """Everything a policy answers: the evaluation, the report, and availability if it has one."""
    evaluation = evaluate(policy, events(policy), at=AT)
    report = slac.report(policy, events(policy), at=AT)
    spec = policy.availability
    outages = [{"service": s, **o} for s in (spec.services if spec else ()) for o in OUTAGES]
    return evaluation, report, slac.availability(policy, outages) if spec else None


def calendars(value: object) -> Iterator[Calendar]:
    """Every calendar in an IR value (and the members of unions), walking attrs fields."""
    if isinstance(value, Calendar):
        yield value
        if isinstance(value, UnionCalendar):
            for member in value.members:
                yield from calendars(member)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from calendars(getattr(value, field.name))
    elif isinstance(value, (tuple, list, frozenset)):
        for item in value:
            yield from calendars(item)
    elif isinstance(value, ir.FrozenMap):
        for item in value.values():
            yield from calendars(item)


@pytest.fixture(scope="module", params=POLICIES, ids=lambda p: p.stem)
def grown(request):
    """A shipped policy whose calendar tables have grown, with its answers."""
    policy = slac.load(request.param)
    expected = answers(policy)
    evaluation = expected[0]
    assert evaluation.tickets and any(
        m.state in ("met", "breached") for t in evaluation.tickets for m in t.metrics
    ), "the events must decide something, or equality proves little"
    assert any(c._table.hi > c._table.lo for c in calendars(policy)), "tables have grown"
    return policy, expected


def test_every_shipped_policy_has_a_calendar_to_carry(grown):
    policy, _ = grown
    assert list(calendars(policy))


def test_a_pickled_policy_answers_the_same(grown):
    policy, expected = grown
    copied = pickle.loads(pickle.dumps(policy))
    assert copied == policy
    assert answers(copied) == expected


def test_a_deep_copy_of_a_grown_policy_answers_the_same_with_tables_of_its_own(grown):
    policy, expected = grown
    copied = copy.deepcopy(policy)
    assert copied == policy
    for original, twin in zip(calendars(policy), calendars(copied), strict=True):
        assert twin is not original
        table = twin._table
        assert table is not original._table and table.lock is not original._table.lock
        # The copy's table builds the copy's years, not the original's.
        assert table.build_year.__self__ is twin
    assert answers(copied) == expected
    # Answering grew the copy's tables, and the original still answers as before.
    assert answers(policy) == expected


def test_a_shallow_copy_answers_the_same(grown):
    policy, expected = grown
    assert answers(copy.copy(policy)) == expected


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_a_policy_crosses_a_process_pool(grown, method):
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} start method on this platform")
    policy, expected = grown
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        # The policy goes to the worker and the evaluation comes back: both pickle.
        evaluation = pool.submit(evaluate, policy, events(policy), at=AT).result(timeout=120)
    assert evaluation == expected[0]
