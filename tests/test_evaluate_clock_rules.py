"""The clock rules of issue 11, one policy each, worked by hand (docs/semantics.md).

Every policy counts in UTC calendars so the arithmetic stays on the page. `office` is Mon-Fri
09:00-17:00. March 2026: Mon 2, Tue 3, Wed 4, Thu 5, Fri 6, Sat 7, Sun 8, Mon 9, Tue 10, Wed 11,
Thu 12. Every expected instant and number of seconds is a literal worked out in the comment
beside it, never computed with the code under test. `tests/test_evaluate_incremental.py` replays
every timeline here through the incremental evaluator.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime

import pytest
from event_lines import at, comment, created, fields, release, reprioritise, status
from hypothesis import given, settings
from hypothesis import strategies as st

import slac
from slac.evaluation import evaluate

HEAD = """policy rules "Clock rules" {
  timezone "UTC"
  calendar office { zone "UTC"; mon-fri 09:00-17:00 }
"""


def result(state, elapsed, target, seconds=None, due=None, breached=None, stopped=None):
    return {
        "state": state,
        "target": target,
        "target_seconds": seconds,
        "elapsed_seconds": elapsed,
        "due": due,
        "breached_at": breached,
        "stopped_at": stopped,
    }


@functools.cache
def load(text: str):
    """The compiled policy of a text (each policy here is compiled once)."""
    return slac.loads(text)


def judged(text, events, at_, metric) -> dict:
    (ticket,) = evaluate(load(text), events, at=at_).to_dict()["tickets"]
    (found,) = [m for m in ticket["metrics"] if m["metric"] == metric]
    # `percent_elapsed` and `remaining_seconds` follow from `target_seconds` and
    # `elapsed_seconds`; tests/test_warnings.py works them out on their own.
    derived = ("metric", "cycle", "percent_elapsed", "remaining_seconds")
    return {k: v for k, v in found.items() if k not in derived}


def cases(table):
    return [pytest.param(*c[1:], id=c[0]) for c in table]


# -- 1. A start that waits for a condition ----------------------------------------------------

CONDITIONAL = (
    HEAD
    + """
  field info_complete: bool = true
  field tier: gold | silver
  priorities P1, P2
  business hours office
  metric first_response {
    start on created when info_complete
    stop on public comment by agent
    stop on resolved
  }
  metric onboarding {
    start on created when tier == gold
    stop on resolved
  }
  targets {
    priority  first_response  onboarding
    P1        1h              8h
    P2        4h              16h
  }
}
"""
)

CONDITIONAL_CASES = [
    (
        "complete-at-created-starts-at-created",
        [created(at("02", "09:00")), comment(at("02", "09:30"))],
        at("02", "12:00"),
        "first_response",
        # 09:00 -> 09:30 = 1800 s <= 3600
        result("met", 1800, "1h", 3600, stopped=at("02", "09:30")),
    ),
    (
        "completed-next-day-is-measured-from-completion",
        [
            created(at("02", "09:00"), info_complete=False),
            fields(at("03", "09:00"), info_complete=True),
            comment(at("03", "10:00")),
        ],
        at("03", "12:00"),
        "first_response",
        # starts Tue 09:00, answered 10:00: 3600 s, exactly the 1h target: met (not 10h breached)
        result("met", 3600, "1h", 3600, stopped=at("03", "10:00")),
    ),
    (
        "pending-until-complete",
        [created(at("02", "09:00"), info_complete=False)],
        at("02", "12:00"),
        "first_response",
        # not started: nothing counted, no due
        result("pending", 0, "1h", 3600),
    ),
    (
        "a-stop-before-the-start-does-nothing",
        [
            created(at("02", "09:00"), "P2", info_complete=False),
            comment(at("02", "10:00")),
            fields(at("02", "11:00"), info_complete=True),
        ],
        at("02", "13:00"),
        "first_response",
        # starts 11:00; 11:00 -> 13:00 = 7200 of 14400; 7200 more from 13:00 = 15:00
        result("running", 7200, "4h", 14400, due=at("02", "15:00")),
    ),
    (
        "started-clock-keeps-running-when-the-condition-turns-false",
        [
            created(at("02", "09:00")),
            fields(at("02", "09:30"), info_complete=False),
        ],
        at("02", "10:30"),
        "first_response",
        # started at 09:00; 09:00 -> 10:30 = 5400 > 3600, passed at 10:00
        result("breached", 5400, "1h", 3600, breached=at("02", "10:00")),
    ),
    (
        "completed-at-the-weekend-counts-from-monday",
        [
            created(at("06", "16:00"), info_complete=False),
            fields(at("07", "10:00"), info_complete=True),
        ],
        at("09", "09:30"),
        "first_response",
        # starts Sat 10:00 (closed until Mon 09:00); Mon 09:00-09:30 = 1800; due 1800 later
        result("running", 1800, "1h", 3600, due=at("09", "10:00")),
    ),
    (
        "condition-on-a-field-without-default",
        [
            created(at("02", "09:00")),
            fields(at("02", "10:00"), tier="silver"),
            fields(at("02", "11:00"), tier="gold"),
        ],
        at("02", "12:00"),
        "onboarding",
        # starts 11:00; 3600 of 28800 counted; 25200 left: Mon 12-17 5h, Tue 09:00 + 2h = 11:00
        result("running", 3600, "8h", 28800, due=at("03", "11:00")),
    ),
]


@pytest.mark.parametrize(
    ("events", "at_", "metric", "expected"),
    cases(CONDITIONAL_CASES),
)
def test_conditional_start(events, at_, metric, expected):
    assert judged(CONDITIONAL, events, at_, metric) == expected


# -- 2. Pauses that end on an event, and pauses on a field condition ---------------------------

PAUSES = (
    HEAD
    + """
  field on_hold: bool = false
  field waiting_on: text
  priorities P1, P2
  business hours office
  pause when status awaiting_customer until public comment by customer
  pause when status awaiting_third_party
  pause while on_hold
  pause while waiting_on == "vendor" until public comment by agent
  metric resolution {
    start on created
    stop on resolved
  }
  targets {
    priority  resolution
    P1        8h
    P2        16h
  }
}
"""
)

PAUSE_CASES = [
    (
        "customer-comment-ends-the-pause",
        [
            created(at("02", "09:00")),
            status(at("02", "10:00"), "awaiting_customer"),
            comment(at("02", "11:00"), "customer"),
        ],
        # 09-10 1h + 11-12 1h = 7200; 6h left: Mon 12-17 5h, Tue 09:00 + 1h
        result("running", 7200, "8h", 28800, due=at("03", "10:00")),
    ),
    (
        "a-status-change-first-ends-it",
        [
            created(at("02", "09:00")),
            status(at("02", "10:00"), "awaiting_customer"),
            status(at("02", "10:30"), "open"),
            comment(at("02", "11:00"), "customer"),
        ],
        # 09-10 1h + 10:30-12 1.5h = 9000; 5.5h left: Mon 12-17 5h, Tue 09:00 + 30m
        result("running", 9000, "8h", 28800, due=at("03", "09:30")),
    ),
    (
        "an-agent-comment-does-not-end-it",
        [
            created(at("02", "09:00")),
            status(at("02", "10:00"), "awaiting_customer"),
            comment(at("02", "11:00")),
        ],
        # paused since 10:00: 09-10 = 3600
        result("paused", 3600, "8h", 28800),
    ),
    (
        "a-private-customer-comment-does-not-end-it",
        [
            created(at("02", "09:00")),
            status(at("02", "10:00"), "awaiting_customer"),
            comment(at("02", "11:00"), "customer", public=False),
        ],
        result("paused", 3600, "8h", 28800),
    ),
    (
        "a-pause-without-until-ignores-the-customer",
        [
            created(at("02", "09:00")),
            status(at("02", "10:00"), "awaiting_third_party"),
            comment(at("02", "11:00"), "customer"),
        ],
        result("paused", 3600, "8h", 28800),
    ),
    (
        "the-same-status-again-pauses-again",
        [
            created(at("02", "09:00")),
            status(at("02", "10:00"), "awaiting_customer"),
            comment(at("02", "11:00"), "customer"),
            status(at("02", "11:30"), "awaiting_customer"),
        ],
        # 09-10 1h + 11-11:30 30m = 5400
        result("paused", 5400, "8h", 28800),
    ),
    (
        "a-customer-comment-while-counting-changes-nothing",
        [created(at("02", "09:00")), comment(at("02", "10:00"), "customer")],
        # 09-12 = 10800; 5h left from 12:00 = 17:00
        result("running", 10800, "8h", 28800, due=at("02", "17:00")),
    ),
    (
        "on-hold-pauses-while-true",
        [
            created(at("02", "09:00")),
            fields(at("02", "10:00"), on_hold=True),
            fields(at("02", "11:00"), on_hold=False),
        ],
        # 09-10 1h + 11-12 1h = 7200; 6h left: Mon 12-17 5h, Tue 09:00 + 1h
        result("running", 7200, "8h", 28800, due=at("03", "10:00")),
    ),
    (
        "on-hold-from-creation",
        [created(at("02", "09:00"), on_hold=True)],
        result("paused", 0, "8h", 28800),
    ),
    (
        "another-field-change-keeps-the-pause",
        [
            created(at("02", "09:00")),
            fields(at("02", "10:00"), on_hold=True),
            fields(at("02", "11:00"), waiting_on="customer"),
        ],
        result("paused", 3600, "8h", 28800),
    ),
    (
        "until-ends-a-condition-pause",
        [
            created(at("02", "09:00")),
            fields(at("02", "10:00"), waiting_on="vendor"),
            comment(at("02", "11:00")),
        ],
        # 09-10 1h + 11-12 1h = 7200
        result("running", 7200, "8h", 28800, due=at("03", "10:00")),
    ),
    (
        "after-until-the-condition-must-turn-false-then-true",
        [
            created(at("02", "09:00")),
            fields(at("02", "10:00"), waiting_on="vendor"),
            comment(at("02", "10:30")),
            fields(at("02", "11:00"), waiting_on="vendor"),  # no change: still counting
        ],
        # 09-10 1h + 10:30-12 1.5h = 9000; 5.5h left: Mon 12-17, Tue 09:00 + 30m
        result("running", 9000, "8h", 28800, due=at("03", "09:30")),
    ),
    (
        "false-then-true-pauses-again",
        [
            created(at("02", "09:00")),
            fields(at("02", "10:00"), waiting_on="vendor"),
            comment(at("02", "10:30")),
            fields(at("02", "11:00"), waiting_on="customer"),
            fields(at("02", "11:30"), waiting_on="vendor"),
        ],
        # 09-10 1h + 10:30-11:30 1h = 7200
        result("paused", 7200, "8h", 28800),
    ),
    (
        "two-pauses-overlap-the-clock-waits-for-both",
        [
            created(at("02", "09:00")),
            fields(at("02", "10:00"), on_hold=True),
            fields(at("02", "10:30"), waiting_on="vendor"),
            fields(at("02", "11:00"), on_hold=False),
            comment(at("02", "11:30")),
        ],
        # 09-10 1h + 11:30-12 30m = 5400; 6.5h left: Mon 12-17 5h, Tue 09:00 + 1.5h
        result("running", 5400, "8h", 28800, due=at("03", "10:30")),
    ),
]


@pytest.mark.parametrize(("events", "expected"), cases(PAUSE_CASES))
def test_pause(events, expected):
    assert judged(PAUSES, events, at("02", "12:00"), "resolution") == expected


# -- 3. Cumulative code-fix releases -----------------------------------------------------------

CODE_FIX = (
    HEAD
    + """
  field code_fix: bool = false
  field product: text
  priorities P1, P2, P3
  business hours office
  metric resolution {
    start on created
    stop on resolved
  }
  targets {
    priority  resolution
    P1        8h
    P2        16h
    P3        24h
  }
  code fix resolution when code_fix {
    relevant by product
    P1  next relevant emergency release
    P2  next planned release
    P3  next relevant release
  }
}
"""
)
EMERGENCY = "next relevant emergency release"
PLANNED = "next planned release"

CODE_FIX_CASES = [
    (
        "an-earlier-emergency-fix-counts-for-the-next-planned-release",
        [
            created(at("02", "09:00"), "P2", product="edlink"),
            fields(at("02", "10:00"), code_fix=True),
            release(at("02", "11:00"), "emergency", fixes=["T-1"]),
            release(at("02", "13:00"), "planned"),
        ],
        at("02", "14:00"),
        # met at the emergency release, 09:00 -> 11:00 = 7200
        result("met", 7200, PLANNED, stopped=at("02", "11:00")),
    ),
    (
        "met-by-a-fix-before-the-target-release-has-shipped",
        [
            created(at("02", "09:00"), "P2"),
            fields(at("02", "10:00"), code_fix=True),
            release(at("02", "11:00"), "emergency", fixes=["T-1"]),
        ],
        at("02", "12:00"),
        result("met", 7200, PLANNED, stopped=at("02", "11:00")),
    ),
    (
        "no-fix-up-to-the-target-release-breaches-there",
        [
            created(at("02", "09:00"), "P2"),
            fields(at("02", "10:00"), code_fix=True),
            release(at("02", "11:00"), "emergency", fixes=["T-2"]),
            release(at("02", "13:00"), "planned", fixes=["T-3"]),
        ],
        at("02", "14:00"),
        # still counting 09:00 -> 14:00 = 18000; breached at the planned release
        result("breached", 18000, PLANNED, breached=at("02", "13:00")),
    ),
    (
        "a-fix-after-the-target-release-is-too-late",
        [
            created(at("02", "09:00"), "P2"),
            fields(at("02", "10:00"), code_fix=True),
            release(at("02", "11:00"), "planned"),
            release(at("02", "12:00"), "emergency", fixes=["T-1"]),
        ],
        at("02", "13:00"),
        # 09:00 -> 13:00 = 14400
        result("breached", 14400, PLANNED, breached=at("02", "11:00")),
    ),
    (
        "a-fix-before-the-code-fix-condition-does-not-count",
        [
            created(at("02", "09:00"), "P2"),
            release(at("02", "09:30"), "emergency", fixes=["T-1"]),
            fields(at("02", "10:00"), code_fix=True),
        ],
        at("02", "12:00"),
        # 09:00 -> 12:00 = 10800, waiting for a release
        result("running", 10800, PLANNED),
    ),
    (
        "an-emergency-release-of-another-product-does-not-breach-a-p1",
        [
            created(at("02", "09:00"), "P1", product="edlink"),
            fields(at("02", "10:00"), code_fix=True),
            release(at("02", "11:00"), "emergency", products=["edaware"]),
        ],
        at("02", "12:00"),
        result("running", 10800, EMERGENCY),
    ),
    (
        "a-planned-release-does-not-breach-a-p1",
        [
            created(at("02", "09:00"), "P1", product="edlink"),
            fields(at("02", "10:00"), code_fix=True),
            release(at("02", "11:00"), "planned"),
        ],
        at("02", "12:00"),
        result("running", 10800, EMERGENCY),
    ),
    (
        "the-p1s-emergency-release-without-its-fix-breaches",
        [
            created(at("02", "09:00"), "P1", product="edlink"),
            fields(at("02", "10:00"), code_fix=True),
            release(at("02", "11:00"), "emergency", fixes=["T-2"], products=["edlink"]),
        ],
        at("02", "12:00"),
        result("breached", 10800, EMERGENCY, breached=at("02", "11:00")),
    ),
    (
        "a-release-that-fixes-the-ticket-counts-whatever-its-products",
        [
            created(at("02", "09:00"), "P3", product="edlink"),
            fields(at("02", "10:00"), code_fix=True),
            release(at("02", "11:00"), "planned", fixes=["T-1"], products=["edaware"]),
        ],
        at("02", "12:00"),
        result("met", 7200, "next relevant release", stopped=at("02", "11:00")),
    ),
]


@pytest.mark.parametrize(("events", "at_", "expected"), cases(CODE_FIX_CASES))
def test_cumulative_code_fix(events, at_, expected):
    assert judged(CODE_FIX, events, at_, "resolution") == expected


# -- 5. Deadline-style targets -----------------------------------------------------------------

DEADLINES = """policy rules "Clock rules" {
  timezone "UTC"
  calendar office { zone "UTC"; mon-fri 09:00-17:00; closed 2026-03-11 }
  priorities P1, P2, P3
  business hours office
  pause when status awaiting_customer
  metric first_response {
    start on created
    stop on public comment by agent
  }
  targets {
    priority  first_response
    P1        by end of business day
    P2        by end of next business day
    P3        by 12:00 next business day
  }
}
"""
EOD = "by end of business day"
NEXT = "by end of next business day"
NOON = "by 12:00 next business day"

DEADLINE_CASES = [
    (
        "running-due-at-the-days-close",
        [created(at("02", "10:00"))],
        at("02", "11:00"),
        # 10:00 -> 11:00 = 3600; the deadline is Mon 17:00
        result("running", 3600, EOD, due=at("02", "17:00")),
    ),
    (
        "met-before-the-close",
        [created(at("02", "10:00")), comment(at("02", "16:59"))],
        at("02", "18:00"),
        # 10:00 -> 16:59 = 6h59m = 25140
        result("met", 25140, EOD, stopped=at("02", "16:59")),
    ),
    (
        "met-at-the-close-exactly",
        [created(at("02", "10:00")), comment(at("02", "17:00"))],
        at("02", "18:00"),
        # 10:00 -> 17:00 = 25200
        result("met", 25200, EOD, stopped=at("02", "17:00")),
    ),
    (
        "still-open-after-the-close-is-breached-there",
        [created(at("02", "10:00"))],
        at("03", "10:00"),
        # Mon 10-17 7h + Tue 09-10 1h = 28800
        result("breached", 28800, EOD, breached=at("02", "17:00")),
    ),
    (
        "raised-after-hours-belongs-to-the-next-day",
        [created(at("02", "18:00"))],
        at("03", "09:30"),
        # Tue 09:00-09:30 = 1800; Tuesday's close
        result("running", 1800, EOD, due=at("03", "17:00")),
    ),
    (
        "a-pause-does-not-move-the-deadline",
        [created(at("02", "10:00")), status(at("02", "11:00"), "awaiting_customer")],
        at("02", "16:00"),
        # 10-11 = 3600 counted, paused since; the deadline stays Mon 17:00
        result("paused", 3600, EOD, due=at("02", "17:00")),
    ),
    (
        "paused-past-the-deadline-is-breached",
        [created(at("02", "10:00")), status(at("02", "11:00"), "awaiting_customer")],
        at("02", "17:30"),
        result("breached", 3600, EOD, breached=at("02", "17:00")),
    ),
    (
        "next-business-day-from-a-friday",
        [created(at("06", "15:00"), "P2")],
        at("06", "16:00"),
        # Fri 15-16 = 3600; the next business day is Mon 9, closing 17:00
        result("running", 3600, NEXT, due=at("09", "17:00")),
    ),
    (
        "next-business-day-from-a-saturday",
        [created(at("07", "10:00"), "P2")],
        at("09", "10:00"),
        # Saturday belongs to Mon 9; the day after it is Tue 10. Mon 09-10 = 3600
        result("running", 3600, NEXT, due=at("10", "17:00")),
    ),
    (
        "next-business-day-skips-a-closed-date",
        [created(at("10", "10:00"), "P2")],
        at("10", "11:00"),
        # Wed 11 is closed: the day after Tue 10 is Thu 12
        result("running", 3600, NEXT, due=at("12", "17:00")),
    ),
    (
        "noon-next-business-day-missed",
        [created(at("02", "16:00"), "P3"), comment(at("03", "12:30"))],
        at("03", "13:00"),
        # Mon 16-17 1h + Tue 09-12:30 3.5h = 16200; the deadline was Tue 12:00
        result("breached", 16200, NOON, breached=at("03", "12:00"), stopped=at("03", "12:30")),
    ),
    (
        "a-deadline-past-the-supported-years-is-never-due",
        [created("2199-12-31T10:00:00Z", "P2")],
        "2199-12-31T23:00:00Z",
        # Tue 31 Dec 2199 is the last business day: the next one would be in 2200. 10-17 = 25200
        result("running", 25200, NEXT),
    ),
    (
        "noon-next-business-day-met",
        [created(at("02", "16:00"), "P3"), comment(at("03", "11:00"))],
        at("03", "13:00"),
        # Mon 16-17 1h + Tue 09-11 2h = 10800
        result("met", 10800, NOON, stopped=at("03", "11:00")),
    ),
]


@pytest.mark.parametrize(("events", "at_", "expected"), cases(DEADLINE_CASES))
def test_deadline(events, at_, expected):
    assert judged(DEADLINES, events, at_, "first_response") == expected


# -- 6. A calendar chosen by priority and a field together -------------------------------------

DESKS = """policy rules "Clock rules" {
  timezone "UTC"
  calendar follow_the_sun { zone "UTC"; mon-fri 00:00-24:00 }
  calendar london { zone "UTC"; mon-fri 09:00-17:00 }
  calendar new_york { zone "UTC"; mon-fri 14:00-22:00 }
  field region: emea | amer = emea
  priorities critical, high, normal
  business hours by priority {
    critical: follow_the_sun
  }
  business hours by region {
    emea: london
    amer: new_york
  }
  metric resolution {
    start on created
    stop on resolved
  }
  targets {
    priority  resolution
    critical  4h
    high      8h
    normal    16h
  }
}
"""

DESK_CASES = [
    (
        "critical-counts-through-the-night",
        [created(at("02", "20:00"), "critical")],
        at("02", "23:00"),
        # 20:00 -> 23:00 = 10800 on the 24/5 desk; 1h more = Tue 00:00
        result("running", 10800, "4h", 14400, due=at("03", "00:00")),
    ),
    (
        "critical-stops-for-the-weekend",
        [created(at("06", "22:00"), "critical")],
        at("07", "12:00"),
        # Fri 22-24 = 7200; closed Sat-Sun; 2h more from Mon 00:00 = 02:00
        result("running", 7200, "4h", 14400, due=at("09", "02:00")),
    ),
    (
        "high-in-emea-counts-london-hours",
        [created(at("02", "18:00"), "high", region="emea")],
        at("03", "10:00"),
        # London closed Mon 18:00-Tue 09:00; Tue 09-10 = 3600; 7h more = Tue 17:00
        result("running", 3600, "8h", 28800, due=at("03", "17:00")),
    ),
    (
        "high-in-amer-counts-new-york-hours",
        [created(at("02", "18:00"), "high", region="amer")],
        at("02", "21:00"),
        # 18-21 = 10800; 5h more: Mon 21-22 1h, Tue 14:00 + 4h = 18:00
        result("running", 10800, "8h", 28800, due=at("03", "18:00")),
    ),
    (
        "the-regions-default-gives-london",
        [created(at("02", "10:00"), "normal")],
        at("02", "12:00"),
        # 10-12 = 7200 of 57600; 14h more: Mon 12-17 5h, Tue 8h, Wed 09:00 + 1h
        result("running", 7200, "16h", 57600, due=at("04", "10:00")),
    ),
    (
        "raised-to-critical-moves-to-the-24-5-desk",
        [created(at("02", "10:00"), "high"), reprioritise(at("02", "12:00"), "critical")],
        at("02", "15:00"),
        # London 10-12 = 2h, then 24/5 12-15 = 3h: 18000 > 14400; 4h passed at 14:00
        result("breached", 18000, "4h", 14400, breached=at("02", "14:00")),
    ),
    (
        "a-region-change-moves-a-high-ticket",
        [created(at("02", "10:00"), "high"), fields(at("02", "12:00"), region="amer")],
        at("02", "16:00"),
        # London 10-12 = 2h, New York 14-16 = 2h: 14400; 4h more from 16:00 = 20:00
        result("running", 14400, "8h", 28800, due=at("02", "20:00")),
    ),
]


@pytest.mark.parametrize(("events", "at_", "expected"), cases(DESK_CASES))
def test_calendar_by_priority_and_field(events, at_, expected):
    assert judged(DESKS, events, at_, "resolution") == expected


# -- 7. A cap on the priority a customer may name ----------------------------------------------

CAPPED = (
    HEAD
    + """
  field plan: basic | standard | premium = standard
  priorities emergency, urgent, normal, low
  priority at most urgent when plan != premium
  priority at most normal when plan == basic
  business hours office
  metric first_response {
    start on created
    stop on public comment by agent
  }
  targets {
    priority   first_response
    emergency  1h
    urgent     2h
    normal     4h
    low        8h
  }
}
"""
)

CAP_CASES = [
    (
        "standard-plan-naming-emergency-gets-urgent",
        [created(at("02", "09:00"), "emergency", plan="standard")],
        at("02", "10:00"),
        ("urgent", result("running", 3600, "2h", 7200, due=at("02", "11:00"))),
    ),
    (
        "the-default-plan-is-capped-too",
        [created(at("02", "09:00"), "emergency")],
        at("02", "10:00"),
        ("urgent", result("running", 3600, "2h", 7200, due=at("02", "11:00"))),
    ),
    (
        "premium-keeps-emergency",
        [created(at("02", "09:00"), "emergency", plan="premium")],
        at("02", "09:30"),
        # 1800 of 3600; due 10:00
        ("emergency", result("running", 1800, "1h", 3600, due=at("02", "10:00"))),
    ),
    (
        "a-choice-below-the-cap-stands",
        [created(at("02", "09:00"), "low", plan="standard")],
        at("02", "10:00"),
        # 3600 of 28800; 7h more = 17:00
        ("low", result("running", 3600, "8h", 28800, due=at("02", "17:00"))),
    ),
    (
        "of-two-caps-that-hold-the-lower-wins",
        [created(at("02", "09:00"), "emergency", plan="basic")],
        at("02", "10:00"),
        # normal: 3600 of 14400; 3h more = 13:00
        ("normal", result("running", 3600, "4h", 14400, due=at("02", "13:00"))),
    ),
    (
        "the-desk-may-raise-a-capped-ticket",
        [
            created(at("02", "09:00"), "emergency", plan="standard"),
            reprioritise(at("02", "09:30"), "emergency"),
        ],
        at("02", "10:30"),
        # urgent, then the desk's emergency from 09:30: 5400 > 3600, passed at 10:00
        ("emergency", result("breached", 5400, "1h", 3600, breached=at("02", "10:00"))),
    ),
    (
        "a-later-plan-upgrade-does-not-lift-the-cap",
        [
            created(at("02", "09:00"), "emergency", plan="standard"),
            fields(at("02", "09:30"), plan="premium"),
        ],
        at("02", "10:00"),
        ("urgent", result("running", 3600, "2h", 7200, due=at("02", "11:00"))),
    ),
    (
        "a-later-downgrade-does-not-cap-again",
        [
            created(at("02", "09:00"), "emergency", plan="premium"),
            fields(at("02", "09:30"), plan="basic"),
        ],
        at("02", "09:45"),
        # 2700 of 3600; due 10:00
        ("emergency", result("running", 2700, "1h", 3600, due=at("02", "10:00"))),
    ),
]


@pytest.mark.parametrize(("events", "at_", "expected"), cases(CAP_CASES))
def test_priority_cap(events, at_, expected):
    (ticket,) = evaluate(load(CAPPED), events, at=at_).to_dict()["tickets"]
    priority, metric = expected
    assert ticket["priority"] == priority
    assert judged(CAPPED, events, at_, "first_response") == metric


# -- 8. Objectives for all priorities together only --------------------------------------------

OVERALL = (
    HEAD
    + """
  priorities P1, P2
  business hours office
  metric first_response {
    start on created
    stop on public comment by agent
  }
  targets {
    priority  first_response
    P1        1h
    P2        4h
  }
  objective first_response 95% monthly overall
}
"""
)


def test_an_overall_objective_judges_only_the_all_priorities_row():
    from slac.measure.report import report

    events = [
        created(at("02", "09:00"), "P1", ticket="A"),
        comment(at("02", "09:30"), ticket="A"),  # 1800 <= 3600: met
        created(at("02", "09:00"), "P1", ticket="B"),
        comment(at("02", "10:30"), ticket="B"),  # 5400 > 3600: breached
        created(at("02", "09:00"), "P2", ticket="C"),
        comment(at("02", "10:00"), ticket="C"),  # 3600 <= 14400: met
    ]
    rows = [
        (r["priority"], r["met"], r["breached"], r["objective_percent"], r["objective_met"])
        for r in report(load(OVERALL), events, at=at("31", "12:00")).to_dict()["rows"]
    ]
    assert rows == [
        ("P1", 1, 1, None, None),  # no verdict per priority
        ("P2", 1, 0, None, None),
        (None, 2, 1, 95.0, False),  # 2 of 3 = 66.7% < 95%
    ]


# -- Conditional starts and event-ended pauses against a naive minute-by-minute reference -------

NAIVE_POLICY = (
    HEAD
    + """
  field ready: bool = false
  priorities P1
  business hours office
  pause when status awaiting_customer until public comment by customer
  metric first_response {
    start on created when ready
    stop on public comment by agent
    stop on resolved
  }
  metric resolution {
    start on created
    stop on resolved
    resume on reopen
  }
  targets {
    priority  first_response  resolution
    P1        1h              8h
  }
}
"""
)
MINUTE = 60
MON_2_MARCH = 1772409600  # 2026-03-02T00:00:00Z: 1767225600 (1 Jan 2026) + 59 days * 86400
TARGETS = {"first_response": 3600, "resolution": 28800}
STEPS = st.lists(
    st.tuples(
        st.integers(0, 600),
        st.sampled_from(
            ("agent", "customer", "awaiting_customer", "open", "resolved", "ready", "unready")
        ),
    ),
    max_size=8,
)


def _office_open(m: int) -> bool:
    weekday, hour = ((m - MON_2_MARCH) // 86400) % 7, (m % 86400) // 3600
    return weekday < 5 and 9 <= hour < 17


def _naive(created_at: int, ready: bool, steps: list, at_: int) -> dict:
    """Both metrics, stepping minute by minute through the rules as docs/semantics.md states
    them: first_response starts at `created` if `ready`, else at the event that makes it so;
    the `awaiting_customer` pause ends at the next status change or public customer comment."""
    changes: dict[int, list[str]] = {}
    t = created_at
    for gap, what in steps:
        t += gap * MINUTE
        changes.setdefault(t, []).append(what)
    status, paused = None, False
    first = {"started": ready, "count": 0, "stopped": None, "passed": None}
    resolution = {"started": True, "count": 0, "stopped": None, "passed": None}
    for m in range(created_at, at_, MINUTE):
        for what in changes.get(m, ()):
            if what == "agent":
                if first["started"] and first["stopped"] is None:
                    first["stopped"] = m  # before the start, a stop does nothing
            elif what == "customer":
                paused = False  # the pause's `until`
            elif what == "ready":
                first["started"] = True  # a stop before the start did nothing
            elif what == "unready":
                continue  # a started clock keeps running; a pending one stays pending
            else:
                was_resolved = status == "resolved"
                status, paused = what, what == "awaiting_customer"
                if what == "resolved":
                    for clock in (first, resolution):
                        if clock["started"] and clock["stopped"] is None:
                            clock["stopped"] = m
                elif was_resolved:
                    resolution["stopped"] = None  # a reopen resumes resolution
        if _office_open(m) and not paused:
            for name, clock in (("first_response", first), ("resolution", resolution)):
                if clock["started"] and clock["stopped"] is None:
                    if clock["count"] == TARGETS[name] and clock["passed"] is None:
                        clock["passed"] = m  # the first open minute beyond the target
                    clock["count"] += MINUTE
    return {"first_response": first, "resolution": resolution}


@settings(max_examples=80, deadline=None)
@given(
    start=st.integers(0, 5 * 24 * 60),
    ready=st.booleans(),
    steps=STEPS,
    tail=st.integers(1, 3000),
)
def test_conditional_start_and_ended_pauses_match_a_naive_minute_count(start, ready, steps, tail):
    created_at = MON_2_MARCH + start * MINUTE
    events, t = [created(_iso(created_at), ready=ready)], created_at
    for gap, what in steps:
        t += gap * MINUTE
        if what in ("agent", "customer"):
            events.append(comment(_iso(t), what))
        elif what in ("ready", "unready"):
            events.append(fields(_iso(t), ready=what == "ready"))
        else:
            events.append(status(_iso(t), what))
    at_ = t + tail * MINUTE
    for name, clock in _naive(created_at, ready, steps, at_).items():
        got = judged(NAIVE_POLICY, events, at_, name)
        assert got["elapsed_seconds"] == clock["count"]
        assert got["stopped_at"] == (_iso(clock["stopped"]) if clock["stopped"] else None)
        assert got["breached_at"] == (_iso(clock["passed"]) if clock["passed"] else None)
        assert (got["state"] == "pending") == (not clock["started"])
        if got["state"] == "running":  # due: step on from `at` until the target is used up
            count, m = clock["count"], at_
            while count < TARGETS[name]:
                count += MINUTE if _office_open(m) else 0
                m += MINUTE
            assert got["due"] == _iso(m)


def _iso(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
