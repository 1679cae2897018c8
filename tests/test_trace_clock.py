"""`slac trace` for the clock rules of docs/semantics.md "Pauses" and "A metric's clock": a
pause ended by the customer's reply, a pause while a condition holds, a start waiting for
its condition, a capped priority. Worked by hand like tests/test_trace.py.

Calendar `office`: Mon-Fri 09:00-17:00 UTC; Monday 13 April 2026.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import slac
from slac.evaluation.results import iso_z

POLICY = slac.loads(
    """policy clocked "trace with the clock rules" {
  timezone "UTC"
  calendar office { zone "UTC"; mon-fri 09:00-17:00 }
  business hours office
  field plan: standard | premium = premium
  field on_hold: bool = false
  field severity: high | low
  priorities P1, P2
  priority at most P2 when plan == standard
  pause when status awaiting_customer until public comment by customer
  pause while on_hold
  metric first_response { start on created; stop on public comment by agent; stop on resolved }
  metric fix { start on created when severity == high; stop on resolved }
  targets {
    priority  first_response  fix
    P1        1h              4h
    P2        2h              8h
  }
}
"""
)


def event(at, kind, **keys):
    return {"at": f"2026-04-13T{at}:00Z", "event": kind, "ticket": "T-1", **keys}


def seg(start, end, counting, reason):
    return {
        "from": f"2026-04-{start}:00Z",
        "to": f"2026-04-{end}:00Z",
        "counting": counting,
        "reason": reason,
    }


def traced(events, at):
    return slac.trace(POLICY, events, "T-1", at=f"2026-04-13T{at}:00Z").to_dict()


def test_the_customers_reply_ends_the_pause():
    # P1 at 09:00; waiting on the customer from 09:30; the customer answers at 10:00 and the
    # status stays awaiting_customer: the clock counts again from 10:00. 30 min + 30 min
    # reach 1 h at 10:30, the breach (a boundary); 1 h 30 counted by 11:00.
    got = traced(
        [
            event("09:00", "created", priority="P1", fields={}),
            event("09:30", "status", status="awaiting_customer"),
            event("10:00", "comment", author="customer", public=True),
        ],
        "11:00",
    )
    first, fix = got["metrics"]
    assert first["segments"] == [
        seg("13T09:00", "13T09:30", True, "open"),
        seg(
            "13T09:30",
            "13T10:00",
            False,
            "paused: awaiting_customer until public comment by customer",
        ),
        seg("13T10:00", "13T10:30", True, "open"),
        seg("13T10:30", "13T11:00", True, "open"),
    ]
    assert (first["state"], first["elapsed_seconds"]) == ("breached", 5400)
    assert first["breached_at"] == "2026-04-13T10:30:00Z"
    # `fix` starts on created only when severity is high: it is not set, so it waits.
    assert fix["state"] == "pending"
    assert fix["segments"] == [
        seg("13T09:00", "13T11:00", False, "not started: waiting for severity == high")
    ]


def test_a_start_waits_for_its_condition_and_a_pause_holds_while_its_condition_does():
    # P2 at 09:00 with severity low; high at 10:00 starts `fix`; on hold 11:00-13:00.
    # fix: 1 h + 1 h = 2 h of 8 h at 14:00; 6 h left: 3 h today, 3 h Tuesday: due 12:00.
    # first_response: 2 h by 11:00 (met exactly at the target), passed when counting
    # resumes at 13:00; 3 h by 14:00.
    got = traced(
        [
            event("09:00", "created", priority="P2", fields={"severity": "low"}),
            event("10:00", "fields", fields={"severity": "high"}),
            event("11:00", "fields", fields={"on_hold": True}),
            event("13:00", "fields", fields={"on_hold": False}),
        ],
        "14:00",
    )
    first, fix = got["metrics"]
    assert fix["segments"] == [
        seg("13T09:00", "13T10:00", False, "not started: waiting for severity == high"),
        seg("13T10:00", "13T11:00", True, "open"),
        seg("13T11:00", "13T13:00", False, "paused: while on_hold"),
        seg("13T13:00", "13T14:00", True, "open"),
    ]
    assert (fix["state"], fix["elapsed_seconds"]) == ("running", 7200)
    assert fix["started_at"] == "2026-04-13T10:00:00Z"
    assert fix["due"] == "2026-04-14T12:00:00Z"
    assert first["segments"] == [
        seg("13T09:00", "13T11:00", True, "open"),
        seg("13T11:00", "13T13:00", False, "paused: while on_hold"),
        seg("13T13:00", "13T14:00", True, "open"),
    ]
    assert (first["state"], first["elapsed_seconds"]) == ("breached", 10800)
    assert first["breached_at"] == "2026-04-13T13:00:00Z"
    assert first["reached_at"] == "2026-04-13T11:00:00Z"


def test_a_capped_priority_says_so():
    # The customer names P1 on a standard plan: capped to P2.
    got = traced([event("09:00", "created", priority="P1", fields={"plan": "standard"})], "09:30")
    assert got["priority"] == "P2"
    assert got["priorities"] == [
        {"at": "2026-04-13T09:00:00Z", "priority": "P2", "how": "capped", "fields": []}
    ]


MONDAY = 1776038400  # Mon 13 April 2026 00:00Z
STEP = st.tuples(
    st.integers(0, 900),  # minutes after the previous event
    st.sampled_from(
        (
            ("comment", {"author": "agent", "public": True}),
            ("comment", {"author": "customer", "public": True}),
            ("status", {"status": "awaiting_customer"}),
            ("status", {"status": "open"}),
            ("status", {"status": "resolved"}),
            ("fields", {"fields": {"on_hold": True}}),
            ("fields", {"fields": {"on_hold": False}}),
            ("fields", {"fields": {"severity": "high"}}),
            ("fields", {"fields": {"severity": "low"}}),
            ("priority", {"priority": "P1"}),
        )
    ),
)


@settings(max_examples=150, deadline=None)
@given(
    start=st.integers(0, 3 * 24 * 60),
    fields=st.fixed_dictionaries({}, optional={"severity": st.sampled_from(("high", "low"))}),
    steps=st.lists(STEP, max_size=12),
    tail=st.integers(0, 3000),
)
def test_with_the_clock_rules_trace_agrees_with_evaluate(start, fields, steps, tail):
    t = MONDAY + start * 60
    events = [
        {"at": iso_z(t), "event": "created", "ticket": "T-1", "priority": "P2", "fields": fields}
    ]
    for minutes, (kind, keys) in steps:
        t += minutes * 60
        events.append({"at": iso_z(t), "event": kind, "ticket": "T-1", **keys})
    at = t + tail * 60
    (expected,) = slac.evaluate(POLICY, events, at=at).tickets
    got = slac.trace(POLICY, events, "T-1", at=at)
    assert [m.result for m in got.metrics] == list(expected.metrics)
    for metric in got.metrics:
        segments = metric.segments
        assert sum(s.end - s.start for s in segments if s.counting) == metric.result.elapsed_seconds
        end = metric.result.stopped_at if metric.result.stopped_at is not None else at
        bounds = [MONDAY + start * 60, *(s.end for s in segments)]
        assert [s.start for s in segments] == bounds[:-1] and bounds[-1] == end
