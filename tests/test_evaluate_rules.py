"""One clock rule at a time (contract §3 and the team's readings), worked by hand.

Calendar `office`: Mon-Fri 09:00-17:00 UTC, no holidays. March 2026: Mon 2, Fri 6, Mon 9,
Tue 10. Every expected instant and number of seconds below is worked out in the comment next
to it from that calendar, never computed with the code under test. At the end, a property
test holds the rules together against a deliberately naive minute-by-minute reference.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime

import attrs
import pytest
from event_lines import at, comment, created, fields, release, reprioritise, status
from hypothesis import given, settings
from hypothesis import strategies as st

import slac
from slac import evaluate, ir

# Calendar `office`: Mon-Fri 09:00-17:00 UTC (8 h day); `late`, a later desk for the
# calendar-by-field rules: Mon-Fri 14:00-20:00 UTC (6 h day).
CALENDARS = """
  calendar office { zone "UTC"; mon-fri 09:00-17:00 }
  calendar late { zone "UTC"; mon-fri 14:00-20:00 }
"""
FIELDS = """
  field beta: bool = false
  field kind: bug | question
  field impact: high | low
  field urgency: high | low
  field region: uk | us = uk
  field code_fix: bool = false
  field product: text
"""
FIRST_RESPONSE = (
    "metric first_response { start on created; stop on public comment by agent; stop on resolved }"
)
RESOLUTION = "metric resolution { start on created; stop on resolved; resume on reopen }"
REPLY = (
    "metric reply repeating { start on public comment by customer after public comment by agent"
    "; stop on public comment by agent; stop on resolved }"
)
FOLLOW_UP = (
    "metric follow_up repeating { start on public comment by agent"
    "; stop on public comment by agent; stop on resolved }"
)

# Each metric's targets for P1, P2, P3; a metric not listed has none.
TARGETS = (
    ("first_response", ("1h", "2h", "4h")),
    ("resolution", ("8h", "16h", "none")),
    ("reply", ("1h", "none", "none")),
    ("follow_up", ("2h", "none", "none")),
)


@functools.cache
def policy(
    metrics: tuple[str, ...] = (FIRST_RESPONSE, RESOLUTION),
    targets: tuple[tuple[str, tuple[str, str, str]], ...] = (),
    hours: str = "business hours office",
    rules: str = "",
) -> ir.Policy:
    """The policy `rules` from its text: these metrics, `TARGETS` with `targets` over them,
    the calendar choice `hours`, and any further statements `rules` (derivation, exclusions,
    code fix)."""
    names = [metric.split()[1] for metric in metrics]
    cells = {**dict.fromkeys(names, ("none",) * 3), **dict(TARGETS), **dict(targets)}
    rows = "\n".join(
        f"    {priority}  " + "  ".join(cells[name][i] for name in names)
        for i, priority in enumerate(("P1", "P2", "P3"))
    )
    body = "\n  ".join(metrics)
    return slac.loads(
        f"""policy rules "one rule at a time" {{
  timezone "UTC"
{CALENDARS}{FIELDS}
  priorities P1, P2, P3
  {hours}
  pause when status awaiting_customer
  {body}
  targets {{
    priority  {"  ".join(names)}
{rows}
  }}
{rules}
}}
"""
    )


def result(state, elapsed, target=None, seconds=None, due=None, breached=None, stopped=None):
    return {
        "state": state,
        "target": target,
        "target_seconds": seconds,
        "elapsed_seconds": elapsed,
        "due": due,
        "breached_at": breached,
        "stopped_at": stopped,
    }


def metric_of(evaluation: dict, metric: str, cycle: int = 1) -> dict:
    (ticket,) = evaluation["tickets"]
    for m in ticket["metrics"]:
        if m["metric"] == metric and m["cycle"] == cycle:
            # `percent_elapsed` and `remaining_seconds` follow from `target_seconds` and
            # `elapsed_seconds`; tests/test_warnings.py works them out on their own.
            derived = ("metric", "cycle", "percent_elapsed", "remaining_seconds")
            return {k: v for k, v in m.items() if k not in derived}
    raise AssertionError(f"no {metric} cycle {cycle} in {ticket['metrics']}")


BY_REGION = "business hours by region { uk: office; us: late }"
OFFICE = policy().calendar.default

# (id, policy, events, at, metric, cycle, expected)
CASES = [
    # -- counting in business hours -------------------------------------------------------------
    (
        "stopped-past-target-is-breached",
        policy(),
        [created(at("02", "09:00")), comment(at("02", "10:30"))],
        at("02", "12:00"),
        "first_response",
        1,
        # 09:00 -> 10:30 = 5400 s > 1h; the count passed 3600 s at 10:00
        result("breached", 5400, "1h", 3600, breached=at("02", "10:00"), stopped=at("02", "10:30")),
    ),
    (
        "met-under-target",
        policy(),
        [created(at("02", "09:00"), "P2"), comment(at("02", "10:30"))],
        at("02", "12:00"),
        "first_response",
        1,
        # 09:00 -> 10:30 = 5400 s <= 2h = 7200 s
        result("met", 5400, "2h", 7200, stopped=at("02", "10:30")),
    ),
    (
        "running-due-lands-on-close",
        policy(),
        [created(at("06", "16:00"))],
        at("06", "16:30"),
        "first_response",
        1,
        # Fri 16:00 -> 16:30 = 1800 s; 1800 s more from 16:30 uses the window up to 17:00 exactly
        result("running", 1800, "1h", 3600, due=at("06", "17:00")),
    ),
    (
        "breach-instant-is-next-open-second",
        policy(),
        [created(at("06", "16:00"))],
        at("09", "10:00"),
        "first_response",
        1,
        # Fri 16:00-17:00 = 3600 s, Mon 09:00-10:00 = 3600 s -> 7200 s; the count passes 3600 at
        # the start of the first open second after Fri 17:00, Mon 09:00
        result("breached", 7200, "1h", 3600, breached=at("09", "09:00")),
    ),
    (
        "met-exactly-at-target-over-weekend",
        policy(),
        [created(at("06", "16:00")), comment(at("09", "08:30"))],
        at("09", "12:00"),
        "first_response",
        1,
        # Fri 16:00-17:00 = 3600 s, nothing open Sat-Mon 08:30: exactly 1h is met
        result("met", 3600, "1h", 3600, stopped=at("09", "08:30")),
    ),
    (
        "created-outside-hours-waits-for-opening",
        policy(),
        [created(at("07", "11:00"))],
        at("09", "09:30"),
        "first_response",
        1,
        # Sat 11:00 -> Mon 09:00 closed; Mon 09:00-09:30 = 1800 s; due 1800 s later = 10:00
        result("running", 1800, "1h", 3600, due=at("09", "10:00")),
    ),
    # -- what stops first_response ------------------------------------------------------------
    (
        "system-and-private-comments-do-not-count",
        policy(),
        [
            created(at("02", "09:00")),
            comment(at("02", "09:10"), "system"),
            comment(at("02", "09:20"), public=False),
            comment(at("02", "09:30"), "customer"),
        ],
        at("02", "09:40"),
        "first_response",
        1,
        # nothing stopped it: 09:00 -> 09:40 = 2400 s, due 1200 s later = 10:00
        result("running", 2400, "1h", 3600, due=at("02", "10:00")),
    ),
    (
        "resolution-stops-first-response",
        policy(),
        [created(at("02", "09:00")), status(at("02", "09:45"), "resolved")],
        at("02", "12:00"),
        "first_response",
        1,
        # 09:00 -> 09:45 = 2700 s <= 3600 s
        result("met", 2700, "1h", 3600, stopped=at("02", "09:45")),
    ),
    (
        "first-response-not-resumed-by-reopen",
        policy(),
        [
            created(at("02", "09:00")),
            status(at("02", "09:45"), "resolved"),
            status(at("02", "10:00"), "open"),
        ],
        at("02", "12:00"),
        "first_response",
        1,
        result("met", 2700, "1h", 3600, stopped=at("02", "09:45")),
    ),
    # -- pause ---------------------------------------------------------------------------------
    (
        "paused-state-has-no-due",
        policy(),
        [created(at("02", "09:00")), status(at("02", "10:00"), "awaiting_customer")],
        at("02", "11:00"),
        "resolution",
        1,
        # 09:00-10:00 counted = 3600 s, then paused
        result("paused", 3600, "8h", 28800),
    ),
    (
        "pause-then-resume",
        policy(),
        [
            created(at("02", "09:00")),
            status(at("02", "10:00"), "awaiting_customer"),
            status(at("02", "14:00"), "open"),
        ],
        at("02", "15:00"),
        "resolution",
        1,
        # 09:00-10:00 + 14:00-15:00 = 7200 s; 6h left from Mon 15:00: 2h to 17:00, 4h Tue 09:00-13:00
        result("running", 7200, "8h", 28800, due=at("03", "13:00")),
    ),
    (
        "metric-pause-set-overrides-policy",
        policy(
            ("metric resolution { start on created; stop on resolved; pause when status on_hold }",)
        ),
        [
            created(at("02", "09:00")),
            status(at("02", "10:00"), "awaiting_customer"),
            status(at("02", "11:00"), "on_hold"),
        ],
        at("02", "12:00"),
        "resolution",
        1,
        # awaiting_customer does not pause this metric: 09:00-11:00 = 7200 s, then paused
        result("paused", 7200, "8h", 28800),
    ),
    # -- resolution and reopen -----------------------------------------------------------------
    (
        "reopen-resumes-elapsed-kept",
        policy(),
        [
            created(at("02", "09:00")),
            status(at("02", "11:00"), "resolved"),
            status(at("02", "13:00"), "open"),
        ],
        at("02", "15:00"),
        "resolution",
        1,
        # 09:00-11:00 = 2h, 13:00-15:00 = 2h: 14400 s; 4h left from 15:00: 2h today, Tue 09:00-11:00
        result("running", 14400, "8h", 28800, due=at("03", "11:00")),
    ),
    (
        "closed-stops-resolution",
        policy(),
        [created(at("02", "09:00")), status(at("02", "11:00"), "closed")],
        at("02", "15:00"),
        "resolution",
        1,
        result("met", 7200, "8h", 28800, stopped=at("02", "11:00")),
    ),
    (
        "breached-even-though-stopped",
        policy(),
        [created(at("02", "09:00")), status(at("03", "11:00"), "resolved")],
        at("03", "12:00"),
        "resolution",
        1,
        # Mon 09:00-17:00 = 8h, Tue 09:00-11:00 = 2h -> 36000 s; 8h passed at Mon 17:00, so the
        # first open second beyond is Tue 09:00
        result(
            "breached", 36000, "8h", 28800, breached=at("03", "09:00"), stopped=at("03", "11:00")
        ),
    ),
    # -- repeating metrics ---------------------------------------------------------------------
    (
        "reply-needs-first-agent-response",
        policy((REPLY,)),
        [created(at("02", "09:00")), comment(at("02", "09:10"), "customer")],
        at("02", "12:00"),
        "reply",
        None,
        None,
    ),
    (
        "reply-cycle-two",
        policy((REPLY,)),
        [
            created(at("02", "09:00")),
            comment(at("02", "09:10")),
            comment(at("02", "09:20"), "customer"),
            comment(at("02", "09:50")),
            comment(at("02", "10:00"), "customer"),
            comment(at("02", "10:05"), "customer"),
        ],
        at("02", "10:30"),
        "reply",
        2,
        # cycle 2 starts 10:00 (the 10:05 customer comment finds one running): 1800 s, due 11:00
        result("running", 1800, "1h", 3600, due=at("02", "11:00")),
    ),
    (
        "reply-cycle-one-met",
        policy((REPLY,)),
        [
            created(at("02", "09:00")),
            comment(at("02", "09:10")),
            comment(at("02", "09:20"), "customer"),
            comment(at("02", "09:50")),
        ],
        at("02", "10:30"),
        "reply",
        1,
        # 09:20 -> 09:50 = 1800 s
        result("met", 1800, "1h", 3600, stopped=at("02", "09:50")),
    ),
    (
        "follow-up-restarts-at-each-agent-comment",
        policy((FOLLOW_UP,)),
        [created(at("02", "09:00")), comment(at("02", "09:30")), comment(at("02", "12:00"))],
        at("02", "12:30"),
        "follow_up",
        1,
        # 09:30 -> 12:00 = 2.5h = 9000 s > 2h: passed at 11:30
        result("breached", 9000, "2h", 7200, breached=at("02", "11:30"), stopped=at("02", "12:00")),
    ),
    (
        "follow-up-no-start-while-resolved",
        policy((FOLLOW_UP,)),
        [
            created(at("02", "09:00")),
            comment(at("02", "09:30")),
            status(at("02", "10:00"), "resolved"),
            comment(at("02", "10:30")),
        ],
        at("02", "12:00"),
        "follow_up",
        2,
        None,
    ),
    # -- priority and targets ------------------------------------------------------------------
    (
        "reprioritised-after-passing-new-target-breaches-at-change",
        policy(),
        [created(at("02", "09:00"), "P3"), reprioritise(at("02", "11:00"), "P1")],
        at("02", "12:00"),
        "first_response",
        1,
        # 3h elapsed by 12:00 > 1h; the count passed 1h at 10:00, before the change at 11:00
        result("breached", 10800, "1h", 3600, breached=at("02", "11:00")),
    ),
    (
        "reprioritised-before-passing-new-target",
        policy(),
        [created(at("02", "09:00"), "P3"), reprioritise(at("02", "09:30"), "P1")],
        at("02", "12:00"),
        "first_response",
        1,
        # the count passes 1h at 10:00, after the change at 09:30
        result("breached", 10800, "1h", 3600, breached=at("02", "10:00")),
    ),
    (
        "reprioritised-down-gives-more-time",
        policy(),
        [created(at("02", "09:00"), "P1"), reprioritise(at("02", "09:30"), "P2")],
        at("02", "10:30"),
        "first_response",
        1,
        # 5400 s of 2h: due 1800 s after 10:30
        result("running", 5400, "2h", 7200, due=at("02", "11:00")),
    ),
    (
        "stopped-metric-keeps-priority-at-stop",
        policy(),
        [
            created(at("02", "09:00"), "P1"),
            comment(at("02", "09:30")),
            reprioritise(at("02", "10:00"), "P3"),
        ],
        at("02", "12:00"),
        "first_response",
        1,
        result("met", 1800, "1h", 3600, stopped=at("02", "09:30")),
    ),
    (
        "no-target-is-not-applicable",
        policy(),
        [created(at("02", "09:00"), "P3")],
        at("02", "10:00"),
        "resolution",
        1,
        result("not_applicable", 3600),
    ),
    (
        "not-applicable-condition",
        policy(
            (
                "metric resolution { start on created; stop on resolved"
                "; not applicable when kind == bug }",
            )
        ),
        [created(at("02", "09:00"), kind="question"), fields(at("02", "09:30"), kind="bug")],
        at("02", "10:00"),
        "resolution",
        1,
        result("not_applicable", 3600),
    ),
    (
        "pending-until-start-trigger",
        policy(("metric resolution { start on status open; stop on resolved }",)),
        [created(at("02", "09:00"))],
        at("02", "10:00"),
        "resolution",
        1,
        result("pending", 0, "8h", 28800),
    ),
    (
        "start-and-stop-on-one-event-is-met-at-once",
        policy(
            (
                "metric triage { start on public comment by agent"
                "; stop on public comment by agent }",
            ),
            (("triage", ("1h", "none", "none")),),
        ),
        [created(at("02", "09:00")), comment(at("02", "09:30"))],
        at("02", "10:00"),
        "triage",
        1,
        result("met", 0, "1h", 3600, stopped=at("02", "09:30")),
    ),
    (
        "any-visibility-counts-private",
        policy(("metric first_response { start on created; stop on any comment by agent }",)),
        [created(at("02", "09:00")), comment(at("02", "09:20"), public=False)],
        at("02", "10:00"),
        "first_response",
        1,
        # 09:00 -> 09:20 = 1200 s
        result("met", 1200, "1h", 3600, stopped=at("02", "09:20")),
    ),
    (
        "priority-changed-trigger",
        policy(("metric resolution { start on priority changed; stop on resolved }",)),
        [created(at("02", "09:00"), "P2"), reprioritise(at("02", "10:00"), "P1")],
        at("02", "11:00"),
        "resolution",
        1,
        # started at the change, 10:00 -> 11:00 = 3600 s of P1's 8h; 7h left: 11:00 -> 17:00 is 6h, Tue 09:00-10:00
        result("running", 3600, "8h", 28800, due=at("03", "10:00")),
    ),
    (
        "fields-changed-trigger-names-a-field",
        policy(("metric resolution { start on field impact changed; stop on resolved }",)),
        [
            created(at("02", "09:00")),
            fields(at("02", "09:30"), kind="bug"),
            fields(at("02", "10:00"), impact="high"),
        ],
        at("02", "11:00"),
        "resolution",
        1,
        # the `kind` change does not start it; the `impact` change at 10:00 does: 3600 s
        result("running", 3600, "8h", 28800, due=at("03", "10:00")),
    ),
    (
        "metric-calendar-overrides-policy",
        policy(("metric resolution { start on created; stop on resolved; business hours late }",)),
        [created(at("02", "09:00"))],
        at("02", "15:00"),
        "resolution",
        1,
        # late desk opens 14:00: 3600 s; 7h left: 15:00-20:00 is 5h, Tue 14:00-16:00
        result("running", 3600, "8h", 28800, due=at("03", "16:00")),
    ),
    (
        "no-calendar-for-ticket-counts-wall-clock",
        # The checks reject a policy that leaves a ticket without business hours; IR built by
        # an embedder can still do it, and the evaluator then counts wall-clock time.
        attrs.evolve(
            policy(),
            calendar=ir.CalendarChoice(by_field="region", by_value={"uk": OFFICE}),
        ),
        [created(at("07", "10:00"), region="us")],
        at("07", "12:00"),
        "first_response",
        1,
        # Saturday, but no calendar for `us`: 10:00 -> 12:00 wall-clock = 7200 s > 1h, passed 11:00
        result("breached", 7200, "1h", 3600, breached=at("07", "11:00")),
    ),
    (
        "events-after-at-are-ignored",
        policy(),
        [created(at("02", "09:00")), comment(at("02", "10:30"))],
        at("02", "09:15"),
        "first_response",
        1,
        result("running", 900, "1h", 3600, due=at("02", "10:00")),
    ),
    # -- wall-clock targets --------------------------------------------------------------------
    (
        "wall-clock-target-counts-nights",
        policy(targets=(("first_response", ("2h wall-clock", "2h", "4h")),)),
        [created(at("06", "16:00"))],
        at("09", "09:00"),
        "first_response",
        1,
        # Fri 16:00 -> Mon 09:00 = 65h = 234000 s of wall-clock time; passed 2h at Fri 18:00
        result("breached", 234000, "2h wall-clock", 7200, breached=at("06", "18:00")),
    ),
    # -- calendar by field and business days ---------------------------------------------------
    (
        "region-change-moves-the-clock",
        policy(hours=BY_REGION),
        [created(at("02", "09:00")), fields(at("02", "12:00"), region="us")],
        at("02", "16:00"),
        "resolution",
        1,
        # office 09:00-12:00 = 3h, then late desk 14:00-16:00 = 2h: 18000 s; 3h left: 16:00-19:00
        result("running", 18000, "8h", 28800, due=at("02", "19:00")),
    ),
    (
        "business-day-in-calendar-at-at",
        policy(targets=(("resolution", ("1 working day", "16h", "none")),), hours=BY_REGION),
        [created(at("02", "09:00"), region="us")],
        at("02", "15:00"),
        "resolution",
        1,
        # late desk day = 14:00-20:00 = 6h = 21600 s; 14:00-15:00 = 3600 s; 5h left: 15:00-20:00
        result("running", 3600, "1 working day", 21600, due=at("02", "20:00")),
    ),
    (
        "calendar-by-priority",
        policy(hours="business hours by priority { P1: late; P2, P3: office }"),
        [created(at("02", "09:00"), "P1")],
        at("02", "15:00"),
        "first_response",
        1,
        # P1 counts on the late desk: 14:00-15:00 = 3600 s, exactly the target: running, due now
        result("running", 3600, "1h", 3600, due=at("02", "15:00")),
    ),
]


@pytest.mark.parametrize(
    ("policy_", "events", "at_", "metric", "cycle", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_rule(policy_, events, at_, metric, cycle, expected):
    evaluation = evaluate(policy_, events, at=at_).to_dict()
    if expected is None:  # the cycle must not exist
        (ticket,) = evaluation["tickets"]
        assert [
            m for m in ticket["metrics"] if m["metric"] == metric and m["cycle"] == (cycle or 1)
        ] == []
        return
    assert metric_of(evaluation, metric, cycle) == expected


# -- priority derivation -------------------------------------------------------------------------

DERIVED = policy(
    rules="""
  priority P3 when kind == question
  priority from urgency x impact {
          high  low
    high  P1    P2
    low   P2    P3
  }
  priority default P2
"""
)

PRIORITY_CASES = [
    (
        "matrix-at-created",
        DERIVED,
        [created(at("02", "09:00"), None, urgency="high", impact="high")],
        "P1",
        # 1h target, 09:00 -> 09:30 = 1800 s, due 10:00
        result("running", 1800, "1h", 3600, due=at("02", "10:00")),
    ),
    (
        "first-rule-that-holds-wins",
        DERIVED,
        [created(at("02", "09:00"), None, kind="question", urgency="high", impact="high")],
        "P3",
        result("running", 1800, "4h", 14400, due=at("02", "13:00")),
    ),
    (
        "matrix-over-unset-fields-falls-to-default",
        DERIVED,
        [created(at("02", "09:00"), None, urgency="high")],
        "P2",
        result("running", 1800, "2h", 7200, due=at("02", "11:00")),
    ),
    (
        "fields-change-re-derives",
        DERIVED,
        [
            created(at("02", "09:00"), None, urgency="low", impact="low"),
            fields(at("02", "09:15"), impact="high"),
        ],
        "P2",
        # (low, high) is P2: 2h over the whole clock, 1800 s used, due 11:00
        result("running", 1800, "2h", 7200, due=at("02", "11:00")),
    ),
    (
        "named-priority-is-sticky",
        DERIVED,
        [
            created(at("02", "09:00"), "P3", urgency="low", impact="low"),
            fields(at("02", "09:15"), urgency="high", impact="high"),
        ],
        "P3",
        result("running", 1800, "4h", 14400, due=at("02", "13:00")),
    ),
    (
        "priority-event-overrides-derivation",
        DERIVED,
        [
            created(at("02", "09:00"), None, urgency="high", impact="high"),
            reprioritise(at("02", "09:10"), "P2"),
            fields(at("02", "09:20"), impact="low", urgency="low"),
        ],
        "P2",
        result("running", 1800, "2h", 7200, due=at("02", "11:00")),
    ),
]


@pytest.mark.parametrize(
    ("policy_", "events", "priority", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in PRIORITY_CASES],
)
def test_priority_rule(policy_, events, priority, expected):
    evaluation = evaluate(policy_, events, at=at("02", "09:30")).to_dict()
    assert evaluation["tickets"][0]["priority"] == priority
    assert metric_of(evaluation, "first_response") == expected


def test_re_derived_priority_breaches_at_the_change():
    events = [
        created(at("02", "09:00"), None, urgency="low", impact="low"),
        fields(at("02", "11:00"), urgency="high", impact="high"),
    ]
    # P3 (4h) until 11:00, then P1 (1h): 2h elapsed at the change > 1h, passed at 10:00 < 11:00
    assert metric_of(
        evaluate(DERIVED, events, at=at("02", "11:30")).to_dict(), "first_response"
    ) == result("breached", 9000, "1h", 3600, breached=at("02", "11:00"))


# -- exclusions ----------------------------------------------------------------------------------


def test_excluded_ticket_has_every_metric_once_not_applicable():
    excluding = policy(
        (FIRST_RESPONSE, REPLY),
        rules="""
  exclude "beta feature" when beta
  exclude "second reason" when beta
""",
    )
    events = [created(at("02", "09:00")), fields(at("02", "10:00"), beta=True)]
    na = {
        "state": "not_applicable",
        "target": None,
        "target_seconds": None,
        "elapsed_seconds": 0,
        "due": None,
        "breached_at": None,
        "stopped_at": None,
        "percent_elapsed": None,
        "remaining_seconds": None,
    }
    assert evaluate(excluding, events, at=at("02", "11:00")).to_dict()["tickets"] == [
        {
            "ticket": "T-1",
            "priority": "P1",
            "excluded": "beta feature",
            "metrics": [
                {"metric": "first_response", "cycle": 1, **na},
                {"metric": "reply", "cycle": 1, **na},
            ],
        }
    ]


# -- code-fix override ---------------------------------------------------------------------------

CODE_FIX = policy(
    targets=(("resolution", ("8h", "16h", "24h")),),
    rules="""
  code fix resolution when code_fix {
    relevant by product
    P1  next planned release
    P2  next relevant release
  }
""",
)
PLANNED = "next planned release"

CODE_FIX_CASES = [
    (
        "running-before-release",
        [created(at("02", "09:00")), fields(at("02", "10:00"), code_fix=True)],
        # 09:00 -> 12:00 = 10800 s counted, no duration target
        result("running", 10800, PLANNED),
    ),
    (
        "met-by-release-that-fixes",
        [
            created(at("02", "09:00")),
            fields(at("02", "10:00"), code_fix=True),
            release(at("02", "11:00"), fixes=["T-1"]),
        ],
        # stopped by the release at 11:00: 09:00 -> 11:00 = 7200 s
        result("met", 7200, PLANNED, stopped=at("02", "11:00")),
    ),
    (
        "breached-by-release-that-does-not-fix",
        [
            created(at("02", "09:00")),
            fields(at("02", "10:00"), code_fix=True),
            release(at("02", "11:00"), fixes=["T-2"]),
        ],
        result("breached", 10800, PLANNED, breached=at("02", "11:00")),
    ),
    (
        "release-before-code-fix-does-not-count",
        [
            created(at("02", "09:00")),
            release(at("02", "09:30"), fixes=["T-1"]),
            fields(at("02", "10:00"), code_fix=True),
        ],
        result("running", 10800, PLANNED),
    ),
    (
        "other-kind-is-not-the-target",
        [
            created(at("02", "09:00")),
            fields(at("02", "10:00"), code_fix=True),
            # not the target, and it does not fix T-1 (a fix in it would count: §8.3)
            release(at("02", "11:00"), "emergency", fixes=["T-2"]),
            release(at("02", "11:30")),
        ],
        result("breached", 10800, PLANNED, breached=at("02", "11:30")),
    ),
    (
        "resolved-before-release-is-met",
        [
            created(at("02", "09:00")),
            fields(at("02", "10:00"), code_fix=True),
            status(at("02", "11:00"), "resolved"),
            release(at("02", "11:30")),
        ],
        result("met", 7200, PLANNED, stopped=at("02", "11:00")),
    ),
    (
        "relevant-means-same-product-or-no-products",
        [
            created(at("02", "09:00"), "P2", product="edlink"),
            fields(at("02", "10:00"), code_fix=True),
            release(at("02", "11:00"), products=["edaware"]),
            release(at("02", "11:30"), "patch", ["T-1"], products=[]),
        ],
        # 09:00 -> 11:30 = 9000 s
        result("met", 9000, "next relevant release", stopped=at("02", "11:30")),
    ),
    (
        "priority-without-release-target-keeps-duration",
        [created(at("02", "09:00"), "P3"), fields(at("02", "10:00"), code_fix=True)],
        # 24h target: 3h used; 21h left from Mon 12:00: 5h Mon, 8h Tue, 8h Wed -> Wed 17:00
        result("running", 10800, "24h", 86400, due=at("04", "17:00")),
    ),
    (
        "condition-no-longer-holding-restores-duration",
        [
            created(at("02", "09:00")),
            fields(at("02", "10:00"), code_fix=True),
            fields(at("02", "11:00"), code_fix=False),
        ],
        # 8h target: 3h used, 5h left from 12:00 -> 17:00
        result("running", 10800, "8h", 28800, due=at("02", "17:00")),
    ),
]


@pytest.mark.parametrize(
    ("events", "expected"), [pytest.param(*case[1:], id=case[0]) for case in CODE_FIX_CASES]
)
def test_code_fix_rule(events, expected):
    assert (
        metric_of(evaluate(CODE_FIX, events, at=at("02", "12:00")).to_dict(), "resolution")
        == expected
    )


# -- the rules together, against a deliberately naive minute-by-minute reference ----------------

MINUTE = 60
MON_2_MARCH = 1772409600  # 2026-03-02T00:00:00Z: 1767225600 (1 Jan 2026) + 59 days * 86400
STEPS = st.lists(
    st.tuples(
        st.integers(0, 600),
        st.sampled_from(("agent", "customer", "awaiting_customer", "open", "resolved")),
    ),
    max_size=8,
)


def _naive(created_at: int, steps: list, at_: int) -> dict:
    """first_response and resolution for P1 (1h, 8h) on `office`, stepping minute by minute."""
    changes = {}
    t = created_at
    for gap, what in steps:
        t += gap * MINUTE
        changes.setdefault(t, []).append(what)
    status, first, resolution = None, {"count": 0, "stopped": None}, {"count": 0, "stopped": None}
    passed = {"first_response": None, "resolution": None}
    for m in range(created_at, at_, MINUTE):
        for what in changes.get(m, ()):
            was_resolved = status in ("resolved",)
            if what == "agent" and first["stopped"] is None:
                first["stopped"] = m
            elif what in ("awaiting_customer", "open", "resolved"):
                status = what
                if what == "resolved":
                    first["stopped"] = first["stopped"] if first["stopped"] is not None else m
                    resolution["stopped"] = (
                        m if resolution["stopped"] is None else resolution["stopped"]
                    )
                elif was_resolved:
                    resolution["stopped"] = None  # a reopen resumes resolution
        weekday, hour = ((m - MON_2_MARCH) // 86400) % 7, (m % 86400) // 3600
        open_now = weekday < 5 and 9 <= hour < 17 and status != "awaiting_customer"
        for name, clock, target in (
            ("first_response", first, 3600),
            ("resolution", resolution, 28800),
        ):
            if open_now and clock["stopped"] is None:
                if clock["count"] == target and passed[name] is None:
                    passed[name] = m  # the first open minute beyond the target
                clock["count"] += MINUTE
    return {
        "first_response": (first, passed["first_response"]),
        "resolution": (resolution, passed["resolution"]),
    }


@settings(max_examples=60, deadline=None)
@given(start=st.integers(0, 5 * 24 * 60), steps=STEPS, tail=st.integers(1, 3000))
def test_elapsed_stop_and_breach_match_a_naive_minute_count(start, steps, tail):
    created_at = MON_2_MARCH + start * MINUTE
    events, t = [created(_iso(created_at))], created_at
    for gap, what in steps:
        t += gap * MINUTE
        if what in ("agent", "customer"):
            events.append(comment(_iso(t), what))
        else:
            events.append(status(_iso(t), what))
    at_ = t + tail * MINUTE
    evaluation = evaluate(policy(), events, at=at_).to_dict()
    for name, (clock, passed) in _naive(created_at, steps, at_).items():
        got = metric_of(evaluation, name)
        assert got["elapsed_seconds"] == clock["count"]
        assert got["stopped_at"] == (
            _iso(clock["stopped"]) if clock["stopped"] is not None else None
        )
        assert got["breached_at"] == (_iso(passed) if passed is not None else None)
        if got["state"] == "running":  # due: step on from `at` until the target is used up
            target, count, m = (
                {"first_response": 3600, "resolution": 28800}[name],
                clock["count"],
                at_,
            )
            while count < target:
                weekday, hour = ((m - MON_2_MARCH) // 86400) % 7, (m % 86400) // 3600
                count += MINUTE if weekday < 5 and 9 <= hour < 17 else 0
                m += MINUTE
            assert got["due"] == _iso(m)


def _iso(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
