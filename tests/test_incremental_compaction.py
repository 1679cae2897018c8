"""The incremental evaluator's horizon, compaction and `forget` (issue 16, item 4).

A resolved ticket whose last event is older than the horizon (or than `compact(now)`'s
cutoff) is compacted: its results stay exactly as they were for any instant at or after its
last event, an event fed for it is refused with `Compacted` (carrying the event), and
results before its last event raise `Compacted`.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incremental import RICH, START, STEP, checkpoints_every, stories

import slac
from slac import evaluate
from slac.evaluation import Compacted, Evaluator, instant
from slac.inputs.problems import InputError

POLICY = slac.loads(
    """policy compact "Compaction" {
  timezone "UTC"
  calendar office { zone "UTC"; mon-fri 09:00-17:00 }
  field code_fix: bool = false
  priorities P1, P2
  business hours office
  metric first_response { start on created; stop on public comment by agent; stop on resolved }
  metric resolution { start on created; stop on resolved; resume on reopen }
  targets {
    priority  first_response  resolution
    P1        1h              8h
    P2        4h              16h
  }
  code fix resolution when code_fix {
    P1  next emergency release
    P2  next planned release
  }
  warn at 50%
}
"""
)
DAY = 86400


def at(day: str, time: str) -> str:
    return f"2026-03-{day}T{time}:00Z"  # 2026-03-02 is a Monday


def created(when: str, ticket: str, priority: str = "P1", **fields: object) -> dict[str, object]:
    event: dict[str, object] = {"at": when, "event": "created", "ticket": ticket}
    event["priority"] = priority
    if fields:
        event["fields"] = fields
    return event


def comment(when: str, ticket: str, author: str = "agent") -> dict[str, object]:
    return {"at": when, "event": "comment", "ticket": ticket, "author": author}


def status(when: str, ticket: str, value: str) -> dict[str, object]:
    return {"at": when, "event": "status", "ticket": ticket, "status": value}


# T-1 is answered at 09:30 and resolved at 11:00 on Monday; T-2 stays open.
MONDAY = [
    created(at("02", "09:00"), "T-1"),
    created(at("02", "10:00"), "T-2", "P2"),
    comment(at("02", "09:30"), "T-1"),
    status(at("02", "11:00"), "T-1", "resolved"),
]
TUESDAY = created(at("03", "11:00"), "T-3")  # a day after T-1's last event: past the horizon


def fed(events: list[dict[str, object]], **options: object) -> Evaluator:
    evaluator = Evaluator(POLICY, **options)  # type: ignore[arg-type]
    for event in events:
        evaluator.feed(event)
    return evaluator


def states(evaluator: Evaluator, when: str) -> dict[str, list[tuple[str, str, int]]]:
    return {
        t.ticket: [(m.metric, m.state, m.elapsed_seconds) for m in t.metrics]
        for t in evaluator.results(when).tickets
    }


def test_a_resolved_ticket_past_the_horizon_is_compacted_and_judged_as_before():
    evaluator = fed([*MONDAY, TUESDAY], horizon=timedelta(days=1))
    late = comment(at("03", "12:00"), "T-1")
    with pytest.raises(Compacted) as refused:
        evaluator.feed(late)
    assert (refused.value.ticket, refused.value.since) == ("T-1", instant(at("02", "11:00")))
    assert refused.value.event.at == instant(at("03", "12:00"))
    assert str(refused.value) == (
        "ticket `T-1` was compacted after its last event at 2026-03-02T11:00:00Z: event not applied"
    )
    # T-1: answered after 30 min (met), resolved after 2 h (met), at any later instant.
    assert states(evaluator, at("04", "12:00"))["T-1"] == [
        ("first_response", "met", 1800),
        ("resolution", "met", 7200),
    ]
    for when in (at("02", "11:00"), at("03", "11:00"), at("09", "12:00")):
        assert evaluator.results(when) == evaluate(POLICY, [*MONDAY, TUESDAY], at=when)


def test_a_created_for_a_compacted_ticket_is_refused_too():
    evaluator = fed([*MONDAY, TUESDAY], horizon=DAY)
    before = evaluator.results(at("04", "00:00"))
    with pytest.raises(Compacted) as refused:
        evaluator.feed(created(at("04", "09:00"), "T-1", "P2"))
    assert refused.value.ticket == "T-1"
    assert evaluator.results(at("04", "00:00")) == before


def test_an_open_ticket_is_never_compacted():
    evaluator = fed([*MONDAY, TUESDAY], horizon=0)
    evaluator.feed(comment(at("05", "10:00"), "T-2"))  # T-2 is not resolved: still live
    # Answered Thursday 10:00: Mon 7 h + Tue 8 h + Wed 8 h + Thu 1 h of office time, past 4 h.
    assert states(evaluator, at("05", "12:00"))["T-2"][0] == ("first_response", "breached", 86400)


def test_results_before_a_compacted_tickets_last_event_raise():
    evaluator = fed([*MONDAY, TUESDAY], horizon=DAY)
    with pytest.raises(Compacted) as refused:
        evaluator.results(at("02", "10:30"))
    assert (refused.value.ticket, refused.value.event) == ("T-1", None)
    assert str(refused.value) == (
        "ticket `T-1` was compacted: it is judged only at or after 2026-03-02T11:00:00Z"
    )
    # Before T-1 was created it is not judged at all, so nothing is missing.
    assert evaluator.results(at("02", "08:00")).tickets == ()


def test_compact_without_a_horizon_and_compact_with_one():
    assert fed(MONDAY).compact(at("02", "10:59")) == 0  # T-1 resolves at 11:00
    evaluator = fed(MONDAY)
    assert evaluator.compact(at("02", "11:00")) == 1
    with pytest.raises(Compacted):
        evaluator.feed(comment(at("02", "12:00"), "T-1"))
    # With a horizon `compact(now)` compacts what the horizon would at `now`.
    evaluator = fed(MONDAY, horizon=timedelta(hours=2))
    assert evaluator.compact(at("02", "12:59")) == 0
    assert evaluator.compact(at("02", "13:00")) == 1


def test_a_late_event_then_the_horizon_compacts_the_refolded_ticket():
    # T-1's 09:30 answer arrives after its resolution: the pending re-fold is done before
    # compacting, so the compacted results count it.
    order = [MONDAY[0], MONDAY[1], MONDAY[3], MONDAY[2], TUESDAY]
    evaluator = fed(order, horizon=DAY)
    assert evaluator.results(at("04", "09:00")) == evaluate(POLICY, order, at=at("04", "09:00"))
    with pytest.raises(Compacted):
        evaluator.feed(comment(at("03", "12:00"), "T-1"))


def test_a_compacted_code_fix_ticket_keeps_its_state_and_takes_later_releases():
    # A P2 code-fix ticket waits for the next planned release; it is resolved before one is
    # known, compacted, and then a planned release at 10:00 that fixes it is fed.
    events = [
        created(at("02", "09:00"), "T-1", "P2", code_fix=True),
        status(at("02", "12:00"), "T-1", "resolved"),
    ]
    release = {
        "at": at("02", "10:00"),
        "event": "release",
        "release": "v1",
        "kind": "planned",
        "fixes": ["T-1"],
    }
    evaluator = fed(events)
    assert evaluator.compact(at("03", "00:00")) == 1
    before = states(evaluator, at("04", "00:00"))["T-1"]
    evaluator.feed(release)
    after = evaluator.results(at("04", "00:00"))
    assert after == evaluate(POLICY, [*events, release], at=at("04", "00:00"))
    # Fixed by v1: met at 10:00 after one office hour, where without it the stop met it.
    assert before[1] == ("resolution", "met", 10800)
    assert [(m.state, m.elapsed_seconds) for m in after.tickets[0].metrics][1] == ("met", 3600)


def test_forget_drops_a_ticket_live_or_compacted():
    evaluator = fed([*MONDAY, TUESDAY], horizon=DAY)
    assert evaluator.forget("T-1") is True  # compacted
    assert evaluator.forget("T-2") is True  # live
    assert evaluator.forget("T-2") is False
    assert [t.ticket for t in evaluator.results(at("04", "00:00")).tickets] == ["T-3"]
    with pytest.raises(InputError) as refused:
        evaluator.feed(comment(at("04", "10:00"), "T-2"))
    assert str(refused.value) == "event for ticket `T-2` before its `created`"
    evaluator.feed(created(at("04", "10:00"), "T-1"))  # a new history for the id
    assert states(evaluator, at("04", "11:00"))["T-1"][0] == ("first_response", "running", 3600)


def test_a_compacted_ticket_warns_no_more():
    # T-1 (P1, 1 h first response) crosses 50% at 09:30; resolved at 10:00, then compacted.
    evaluator = fed([created(at("02", "09:00"), "T-1")], horizon=DAY)
    (warning,) = evaluator.crossings(at("02", "09:45"))
    assert (warning.ticket, warning.metric, warning.threshold) == ("T-1", "first_response", 50.0)
    evaluator.feed(status(at("02", "10:00"), "T-1", "resolved"))
    evaluator.feed(TUESDAY)
    assert evaluator.crossings(at("03", "11:00")) == ()
    assert evaluator.crossings(at("03", "11:30"))[0].ticket == "T-3"


@pytest.mark.parametrize("horizon", [-1, True, timedelta(seconds=-5)])
def test_a_horizon_is_a_duration(horizon):
    with pytest.raises(ValueError, match="`horizon` is not a duration of 0 seconds or more"):
        Evaluator(POLICY, horizon=horizon)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories(), st.sampled_from([0, STEP * 3, STEP * 20]), st.sampled_from([2, 32]))
def test_with_a_horizon_results_are_those_of_the_accepted_events(events, horizon, every):
    """Whatever is compacted and whichever events are refused for it, results at an instant
    a compacted ticket can be judged at are the batch fold's of the events taken."""
    taken = []
    with checkpoints_every(every):
        evaluator = Evaluator(RICH, horizon=horizon)
        for event in events:
            try:
                evaluator.feed(event)
            except Compacted as refused:
                assert refused.ticket == event["ticket"]
                assert refused.event.at == instant(str(event["at"]))
                continue
            taken.append(event)
        for when in (START + STEP * 12, START + STEP * 30, START + STEP * 60):
            try:
                results = evaluator.results(when)
            except Compacted as refused:
                assert when < refused.since
                continue
            assert results == evaluate(RICH, taken, at=when)
        # Compacting all that is resolved by the end changes no result from then on.
        end = START + STEP * 60
        expected = evaluator.results(end)
        evaluator.compact(end)
        assert evaluator.results(end) == expected
