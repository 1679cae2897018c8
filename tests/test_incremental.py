"""The incremental evaluator's late events and checkpoints (issue 16, item 4).

A late event re-folds its ticket from the last checkpoint before it, and judging at an
instant inside a ticket's history folds from the last checkpoint before that instant; both
must give exactly what a fold from `created` gives. The reference here is `evaluate` (the
batch fold: applied order, no checkpoints, nothing re-folded) over the same events in the
same feed order, so equal instants apply in feed order on both sides.
"""

from __future__ import annotations

from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import slac
from slac import evaluate
from slac.evaluation import Evaluator, history
from slac.evaluation.fold import Ticket, apply
from slac.evaluation.plan import Plan
from slac.evaluation.recorder import Recorder
from slac.inputs.events import event_from_dict

# Every piece of fold state at once: derived and named priorities, calendars by field, an
# exclusion, a status pause that a comment ends, a field pause, a conditional start, a
# repeating metric with `after`, a resumable one, code fixes with releases, warnings, and a
# metric a resolution does not stop (with a deadline target for P3).
RICH = slac.loads(
    """policy rich "Every fold state at once" {
  timezone "UTC"
  calendar office { zone "UTC"; mon-fri 09:00-17:00 }
  calendar late { zone "UTC"; mon-fri 14:00-20:00 }
  field impact: high | low
  field region: uk | us = uk
  field on_hold: bool = false
  field info_complete: bool = true
  field beta: bool = false
  field code_fix: bool = false
  field product: text
  priorities P1, P2, P3
  priority P1 when impact == high
  priority P2 when impact == low
  business hours by region { uk: office; us: late }
  exclude "beta feature" when beta
  pause when status awaiting_customer until public comment by customer
  pause while on_hold
  metric first_response {
    start on created when info_complete
    stop on public comment by agent
    stop on resolved
  }
  metric resolution { start on created; stop on resolved; resume on reopen }
  metric reply repeating {
    start on public comment by customer after public comment by agent
    stop on public comment by agent
    stop on resolved
  }
  metric follow_up { start on public comment by agent; stop on public comment by customer }
  targets {
    priority  first_response  resolution  reply  follow_up
    P1        1h              8h          1h     2h
    P2        2h              16h         2h     4h
    P3        4h              none        4h     by end of business day
  }
  code fix resolution when code_fix {
    relevant by product
    P1  next relevant emergency release
    P2  next planned release
    P3  next relevant release
  }
  warn at 50%, 75%
}
"""
)

START = 1772438400  # 2026-03-02T08:00:00Z, a Monday
STEP = 1800  # half-hour instants, so many events share one
TICKETS = ("T-1", "T-2", "T-3")


def iso(t: int) -> str:
    return slac.evaluation.results.iso_z(t) or ""


FIELD_VALUES = {
    "impact": st.sampled_from(["high", "low"]),
    "region": st.sampled_from(["uk", "us"]),
    "on_hold": st.booleans(),
    "info_complete": st.booleans(),
    "code_fix": st.booleans(),
    "product": st.sampled_from(["edlink", "portal"]),
    "beta": st.sampled_from([False, False, False, True]),
}


@st.composite
def field_changes(draw: st.DrawFn, names: tuple[str, ...]) -> dict[str, object]:
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    return {name: draw(FIELD_VALUES[name]) for name in chosen}


@st.composite
def body(draw: st.DrawFn, ticket: str) -> dict[str, object]:
    """One event of `ticket` (no `at`)."""
    kind = draw(st.sampled_from(["comment"] * 4 + ["status"] * 3 + ["priority", "fields"]))
    event: dict[str, object] = {"event": kind, "ticket": ticket}
    if kind == "comment":
        event["author"] = draw(st.sampled_from(["agent", "customer"]))
        event["public"] = draw(st.sampled_from([True, True, False]))
    elif kind == "status":
        event["status"] = draw(
            st.sampled_from(["open", "in_progress", "awaiting_customer", "resolved"])
        )
    elif kind == "priority":
        event["priority"] = draw(st.sampled_from(["P1", "P2", "P3"]))
    else:
        event["fields"] = draw(field_changes(tuple(FIELD_VALUES)))
    return event


@st.composite
def stories(draw: st.DrawFn, most: int = 40) -> list[dict[str, object]]:
    """A few tickets' events and some releases, in the order they are fed (each ticket's
    `created` before its other events, as `feed` requires)."""
    events: list[dict[str, object]] = []
    for ticket in TICKETS[: draw(st.integers(1, len(TICKETS)))]:
        created_at = START + STEP * draw(st.integers(0, 6))
        created: dict[str, object] = {
            "at": iso(created_at),
            "event": "created",
            "ticket": ticket,
            "fields": draw(field_changes(("impact", "region", "info_complete", "product"))),
        }
        if "impact" not in created["fields"] or draw(st.booleans()):  # type: ignore[operator]
            created["priority"] = draw(st.sampled_from(["P1", "P2", "P3"]))
        events.append(created)
        for _ in range(draw(st.integers(0, most))):
            at = created_at + STEP * draw(st.integers(0, 40))
            events.append({"at": iso(at), **draw(body(ticket))})
    for number in range(draw(st.integers(0, 3))):
        release: dict[str, object] = {
            "at": iso(START + STEP * draw(st.integers(0, 46))),
            "event": "release",
            "release": f"v{number}",
            "kind": draw(st.sampled_from(["planned", "emergency", "patch"])),
            "fixes": draw(st.lists(st.sampled_from(TICKETS), max_size=2, unique=True)),
        }
        if draw(st.booleans()):
            release["products"] = [draw(st.sampled_from(["edlink", "portal"]))]
        events.append(release)
    order = draw(st.permutations(events))
    return _created_first(order)


def _created_first(order: list[dict[str, object]]) -> list[dict[str, object]]:
    """`order` with each `created` moved just before its ticket's first other event."""
    out: list[dict[str, object]] = []
    for event in order:
        if event["event"] == "created":
            if event not in out:
                out.append(event)
            continue
        ticket = event.get("ticket")
        if ticket is not None and not any(
            e["event"] == "created" and e["ticket"] == ticket for e in out
        ):
            out.append(next(e for e in order if e["event"] == "created" and e["ticket"] == ticket))
        out.append(event)
    return out


@contextmanager
def checkpoints_every(n: int):
    """Checkpoints every `n` events, so short stories cross many of them."""
    saved = history.EVERY
    history.EVERY = n
    try:
        yield
    finally:
        history.EVERY = saved


instants = st.integers(0, 50).map(lambda k: START + STEP * k + 900 * (k % 2))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    stories(),
    st.sampled_from([1, 2, 3, 5, 32]),
    st.lists(st.tuples(st.integers(0, 200), instants), max_size=4),
)
def test_fed_in_any_order_equals_the_batch_fold(events, every, asks):
    """Fed in any order, asked at any instant at any point of the feed: as the batch fold."""
    with checkpoints_every(every):
        evaluator = Evaluator(RICH)
        asks = sorted(asks)
        for count, event in enumerate(events, 1):
            evaluator.feed(event)
            while asks and asks[0][0] <= count:
                _, at = asks.pop(0)
                assert evaluator.results(at) == evaluate(RICH, events[:count], at=at)
        for at in (START + STEP * 10, START + STEP * 30, START + STEP * 50):
            assert evaluator.results(at) == evaluate(RICH, events, at=at)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories(), st.sampled_from([1, 3, 32]))
def test_crossings_fed_in_any_order_are_those_of_the_applied_order(events, every):
    """Warnings come once each, whatever the order; the same ones as fed in applied order."""
    at = START + STEP * 50
    applied = sorted(events, key=lambda e: slac.evaluation.instant(str(e["at"])))
    with checkpoints_every(every):
        shuffled, in_order = Evaluator(RICH), Evaluator(RICH)
        for event in events:
            shuffled.feed(event)
        for event in applied:
            in_order.feed(event)
        assert shuffled.crossings(at) == in_order.crossings(at)
        assert shuffled.crossings(at) == ()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories(most=20), st.sampled_from([1, 4, 32]))
def test_recorded_tickets_record_the_applied_order(events, every):
    """A recorded ticket (`slac trace`) fed late events records what the applied order does."""
    applied = sorted(events, key=lambda e: slac.evaluation.instant(str(e["at"])))
    logs = []
    with checkpoints_every(every):
        for order in (events, applied):
            recorders = {ticket: Recorder() for ticket in TICKETS}
            evaluator = Evaluator(RICH, recorders=recorders)
            for event in order:
                evaluator.feed(event)
            results = evaluator.results(START + STEP * 50)
            logs.append(
                (
                    results,
                    {
                        t: (r.priorities, list(r.logs.values()), r.waiting)
                        for t, r in recorders.items()
                    },
                )
            )
    assert logs[0] == logs[1]


def _fold(events: list[dict[str, object]]) -> tuple[Plan, Ticket]:
    plan = Plan(RICH)
    folded = [event_from_dict(e, n, RICH) for n, e in enumerate(events, 1)]
    ticket = Ticket(plan, folded[0].ticket, (folded[0].at, 1))
    for event in folded:
        apply(plan, ticket, event)
    return plan, ticket


OPENS = START + 3600  # 09:00, when the office OPENS: the clocks have closed runs to copy
BASE = [
    {"at": iso(OPENS), "event": "created", "ticket": "T-1", "priority": "P1"},
    {"at": iso(OPENS + 600), "event": "comment", "ticket": "T-1", "author": "agent"},
    {"at": iso(OPENS + 900), "event": "comment", "ticket": "T-1", "author": "customer"},
    {
        "at": iso(OPENS + 1200),
        "event": "status",
        "ticket": "T-1",
        "status": "awaiting_customer",
    },
]
MORE = [
    {"at": iso(OPENS + 7200), "event": "comment", "ticket": "T-1", "author": "customer"},
    {"at": iso(OPENS + 9000), "event": "fields", "ticket": "T-1", "fields": {"on_hold": True}},
    {"at": iso(OPENS + 9900), "event": "comment", "ticket": "T-1", "author": "agent"},
    {"at": iso(OPENS + 10800), "event": "status", "ticket": "T-1", "status": "resolved"},
]


def test_a_ticket_copy_is_equal_and_independent():
    plan, ticket = _fold(BASE)
    assert all(c is None or c.runs for c in ticket.clocks[:2])
    twin = ticket.copy()
    # Every slot is carried over: equal values, and a fresh object wherever the fold mutates.
    # A new slot must be sorted into `fold._SHARED` (replaced whole) or copied: this list says
    # which slots `Ticket.copy` was written for.
    assert set(Ticket.__slots__) == {
        *("after_seen", "armed", "calendars", "cf_since", "clocks", "created_key", "cycles"),
        *("events", "fields", "id", "last_at", "named", "pause_was", "pausing", "prio_since"),
        *("priority", "recorder", "resolved", "status"),
    }
    for name in history_slots(ticket):
        assert _state(getattr(twin, name)) == _state(getattr(ticket, name)), name
    assert twin.clocks is not ticket.clocks and twin.after_seen is not ticket.after_seen
    assert all(a is not b for a, b in zip(twin.clocks, ticket.clocks, strict=True) if a)
    assert twin.cycles is not None and ticket.cycles is not None
    assert twin.cycles[2][-1] is twin.clocks[2]  # the running cycle is the `clocks` entry
    before = {name: _state(getattr(ticket, name)) for name in history_slots(ticket)}
    for n, event in enumerate(MORE, 10):
        apply(plan, twin, event_from_dict(event, n, RICH))
    assert {name: _state(getattr(ticket, name)) for name in history_slots(ticket)} == before
    assert _state(twin.clocks) != _state(ticket.clocks)
    _, whole = _fold(BASE + MORE)
    assert {n: _state(getattr(twin, n)) for n in history_slots(twin)} == {
        n: _state(getattr(whole, n)) for n in history_slots(whole)
    }


def test_a_checkpoint_shares_the_runs_and_restores_them_as_they_were():
    plan, ticket = _fold(BASE)
    runs = [list(c.runs or ()) for c in ticket.all_clocks()]
    checkpoint = history.Checkpoint(ticket)
    for n, event in enumerate(MORE, 10):
        apply(plan, ticket, event_from_dict(event, n, RICH))
    # The fold went on appending to the shared lists; the restored state has them as they were.
    assert any(len(c.runs or ()) > len(r) for c, r in zip(ticket.all_clocks(), runs, strict=True))
    restored = checkpoint.restore()
    assert [list(c.runs or ()) for c in restored.all_clocks()] == runs
    _, prefix = _fold(BASE)
    assert {n: _state(getattr(restored, n)) for n in history_slots(restored)} == {
        n: _state(getattr(prefix, n)) for n in history_slots(prefix)
    }
    for n, event in enumerate(MORE, 10):  # and folding on from it gives the same as before
        apply(plan, restored, event_from_dict(event, n, RICH))
    assert {n: _state(getattr(restored, n)) for n in history_slots(restored)} == {
        n: _state(getattr(ticket, n)) for n in history_slots(ticket)
    }


def history_slots(ticket: Ticket) -> list[str]:
    return [name for name in Ticket.__slots__ if name not in ("events", "recorder")]


def _state(value: object) -> object:
    """A comparable picture of fold state, taken now (clocks compare by identity otherwise,
    and a list would show later changes)."""
    if isinstance(value, list):
        return [_state(v) for v in value]
    if isinstance(value, slac.evaluation.fold.Clock):
        return tuple(_state(getattr(value, name)) for name in value.__slots__)
    return value
