"""Monthly compliance (contract §5) from hand-built evaluations: what counts, where, and against what.

Instants are epoch seconds worked from 2026-01-01T00:00:00Z = 1_767_225_600 (20,454 days:
56 years of 365 days plus the 14 leap days of 1972-2024). The policy's zone is Europe/London,
which is UTC until Sunday 29 March 2026 01:00 UTC and UTC+1 (BST) after.
"""

from __future__ import annotations

import pytest

import slac
from slac import ir
from slac.evaluation.results import Evaluation, MetricResult, TicketResult
from slac.measure.report import report, report_from_evaluation

DAY, H = 86400, 3600
JAN_1 = 1_767_225_600
MAR_5_10Z = JAN_1 + 63 * DAY + 10 * H  # 31 + 28 + 4 days: 1_772_704_800
MAR_20_12Z = JAN_1 + 78 * DAY + 12 * H  # 31 + 28 + 19 days: 1_774_008_000
APR_1_0Z = JAN_1 + 90 * DAY  # 31 + 28 + 31 days: 1_775_001_600 (01:00 BST)
APR_1_8Z = APR_1_0Z + 8 * H  # 09:00 BST: 1_775_030_400
MAR_31_2330Z = APR_1_0Z - 30 * 60  # 00:30 BST on 1 April: 1_774_999_800
APR_10_12Z = APR_1_0Z + 9 * DAY + 12 * H  # 1_775_822_400


def acme(
    metrics: str = """
  metric first_response { start on created; stop on resolved }
  metric reply repeating { start on created; stop on resolved }
  metric resolution { start on created; stop on resolved }
  targets {
    priority  first_response  reply  resolution
    P1        1h              1h     1h
    P2        1h              1h     1h
    P3        1h              1h     1h
  }""",
    objectives: str = """
  objective first_response 95% monthly
  objective resolution 90% monthly for P1""",
    timezone: str = "Europe/London",
) -> ir.Policy:
    """The policy `acme`: its metrics, targets and objectives (24x7: the report reads none of
    the clocks' calendars, only the policy's time zone, orders and objectives)."""
    return slac.loads(
        f"""policy acme "Acme" {{
  timezone "{timezone}"
  calendar always {{ always open }}
  business hours always
  priorities P1, P2, P3
{metrics}
{objectives}
}}"""
    )


POLICY = acme()


def result(name, state, *, priority, cycle=1, breached_at=None, stopped_at=None):
    return MetricResult(
        metric=name,
        cycle=cycle,
        state=state,
        target="1h",
        target_seconds=3600,
        elapsed_seconds=0,  # the report never reads it
        due=None,
        breached_at=breached_at,
        stopped_at=stopped_at,
        priority=priority,
    )


def ticket(name, priority, *metrics, excluded=None):
    return TicketResult(name, priority, excluded, tuple(metrics))


TICKETS = (
    # Created 31 March, first response met 1 April 09:00 BST: counts in April.
    ticket(
        "T1",
        "P2",
        result("first_response", "met", priority="P2", stopped_at=APR_1_8Z),
        result("resolution", "running", priority="P2"),
    ),
    # Resolution breached 20 March, resolved 2 April: counts in March, as breached.
    ticket(
        "T2",
        "P1",
        result("first_response", "met", priority="P1", stopped_at=MAR_20_12Z),
        result(
            "resolution",
            "breached",
            priority="P1",
            breached_at=MAR_20_12Z + H,
            stopped_at=APR_1_0Z + DAY,
        ),
    ),
    # Met at 23:30 UTC on 31 March, which is 00:30 BST on 1 April: April, not March.
    ticket(
        "T3",
        "P1",
        result("first_response", "met", priority="P1", stopped_at=MAR_31_2330Z),
        result("resolution", "met", priority="P1", stopped_at=APR_10_12Z),
    ),
    # Paused and pending: nothing counted.
    ticket(
        "T4",
        "P3",
        result("first_response", "paused", priority="P3"),
        result("resolution", "pending", priority="P3"),
    ),
    # Excluded: every metric not applicable, nothing counted.
    ticket(
        "T5",
        "P2",
        result("first_response", "not_applicable", priority="P2"),
        result("resolution", "not_applicable", priority="P2"),
        excluded="beta feature",
    ),
    # First response breached (still not answered), reply cycle 1 met, cycle 2 breached while
    # running, cycle 3 running: each cycle on its own.
    ticket(
        "T6",
        "P2",
        result("first_response", "breached", priority="P2", breached_at=APR_1_0Z + 10 * H),
        result("reply", "met", priority="P2", cycle=1, stopped_at=APR_1_0Z + 2 * DAY + 10 * H),
        result(
            "reply", "breached", priority="P2", cycle=2, breached_at=APR_1_0Z + 2 * DAY + 15 * H
        ),
        result("reply", "running", priority="P2", cycle=3),
        result("resolution", "running", priority="P2"),
    ),
    # Answered under P3 on 5 March, re-prioritised to P1 later: it counts under P3.
    ticket("T7", "P1", result("first_response", "met", priority="P3", stopped_at=MAR_5_10Z)),
)


def row(month, metric, priority, counted, met, breached, percent, objective, objective_met):
    return {
        "month": month,
        "metric": metric,
        "priority": priority,
        "counted": counted,
        "met": met,
        "breached": breached,
        "percent_met": percent,
        "objective_percent": objective,
        "objective_met": objective_met,
    }


def test_report_counts_each_result_in_the_month_of_its_final_state():
    got = report_from_evaluation(POLICY, Evaluation("acme", APR_10_12Z + DAY, TICKETS)).to_dict()
    assert got["policy"] == "acme"
    assert got["at"] == "2026-04-11T12:00:00Z"
    assert got["rows"] == [
        # March: T2 and T7 first responses met (P1, P3); T2's resolution breached.
        row("2026-03", "first_response", "P1", 1, 1, 0, 100.0, 95.0, True),
        row("2026-03", "first_response", "P3", 1, 1, 0, 100.0, 95.0, True),
        row("2026-03", "first_response", None, 2, 2, 0, 100.0, 95.0, True),
        row("2026-03", "resolution", "P1", 1, 0, 1, 0.0, 90.0, False),
        # The resolution objective names P1 only, so the all-priorities row has none.
        row("2026-03", "resolution", None, 1, 0, 1, 0.0, None, None),
        # April: T3 (P1) met; T1 met and T6 breached (P2): 1 of 2 = 50%; all: 2 of 3 = 66.667%.
        row("2026-04", "first_response", "P1", 1, 1, 0, 100.0, 95.0, True),
        row("2026-04", "first_response", "P2", 2, 1, 1, 50.0, 95.0, False),
        row("2026-04", "first_response", None, 3, 2, 1, 66.667, 95.0, False),
        # T6's reply cycles 1 (met) and 2 (breached); cycle 3 runs. No reply objective.
        row("2026-04", "reply", "P2", 2, 1, 1, 50.0, None, None),
        row("2026-04", "reply", None, 2, 1, 1, 50.0, None, None),
        row("2026-04", "resolution", "P1", 1, 1, 0, 100.0, 90.0, True),
        row("2026-04", "resolution", None, 1, 1, 0, 100.0, None, None),
    ]


def test_policy_time_zone_moves_the_month_boundary():
    # 23:30 UTC on 31 January is 31 January in London (GMT) but 1 February in Copenhagen (CET, +1).
    jan_31_2330z = JAN_1 + 31 * DAY - 30 * 60  # 1_769_902_200
    answered = ticket(
        "T1", "P1", result("first_response", "met", priority="P1", stopped_at=jan_31_2330z)
    )
    evaluation = Evaluation("acme", JAN_1 + 40 * DAY, (answered,))
    london = report_from_evaluation(POLICY, evaluation)
    copenhagen = report_from_evaluation(acme(timezone="Europe/Copenhagen"), evaluation)
    assert {r.month for r in london.rows} == {"2026-01"}
    assert {r.month for r in copenhagen.rows} == {"2026-02"}


def _many(met: int, breached: int, priority: str = "P2") -> tuple[TicketResult, ...]:
    out = [
        ticket(
            f"M{i}",
            priority,
            result("first_response", "met", priority=priority, stopped_at=APR_1_8Z),
        )
        for i in range(met)
    ]
    out += [
        ticket(
            f"B{i}",
            priority,
            result("first_response", "breached", priority=priority, breached_at=APR_1_8Z),
        )
        for i in range(breached)
    ]
    return tuple(out)


@pytest.mark.parametrize(
    ("met", "breached", "percent", "objective_met"),
    [
        (19, 1, 95.0, True),  # 19 / 20 = 95% exactly: met at the objective is met
        (18, 1, 94.737, False),  # 18 / 19 = 94.7368...%
        (20, 0, 100.0, True),
        (0, 3, 0.0, False),
    ],
    ids=["19-of-20", "18-of-19", "all-met", "none-met"],
)
def test_objective_met_at_or_above(met, breached, percent, objective_met):
    rows = report_from_evaluation(POLICY, Evaluation("acme", APR_10_12Z, _many(met, breached))).rows
    all_row = rows[-1]
    assert (all_row.priority, all_row.counted, all_row.percent_met) == (
        None,
        met + breached,
        percent,
    )
    assert (all_row.objective_percent, all_row.objective_met) == (95.0, objective_met)


def test_the_objective_naming_the_priority_wins_over_the_general_one():
    policy = acme(
        objectives="""
  objective first_response 95% monthly
  objective first_response 99% monthly for P1"""
    )
    evaluation = Evaluation("acme", APR_10_12Z, _many(19, 1, "P1") + _many(1, 0, "P2"))
    rows = report_from_evaluation(policy, evaluation).rows
    got = [(r.priority, r.percent_met, r.objective_percent, r.objective_met) for r in rows]
    # P1: 19 of 20 = 95% against 99: not met. P2: 1 of 1 against 95. All: 20 of 21 = 95.238% against 95.
    assert got == [("P1", 95.0, 99.0, False), ("P2", 100.0, 95.0, True), (None, 95.238, 95.0, True)]


def test_nothing_counted_means_no_rows():
    evaluation = Evaluation("acme", APR_10_12Z, (TICKETS[3], TICKETS[4]))
    assert report_from_evaluation(POLICY, evaluation).to_dict()["rows"] == []


# ---------------------------------------------------------------------------------------------
# `report` on events, through the evaluator

RESPONSE_POLICY = acme(
    metrics="""
  metric first_response { start on created; stop on public comment by agent; stop on resolved }
  targets {
    priority  first_response
    P1        1h
    P2        2h
    P3        4h
  }""",
    objectives="  objective first_response 95% monthly",
)

EVENTS = [
    # Created 23:30 BST on 31 March, answered 00:15 BST on 1 April (45 min of 2h): met in April.
    {"at": "2026-03-31T22:30:00Z", "event": "created", "ticket": "T1", "priority": "P2"},
    {"at": "2026-03-31T23:15:00Z", "event": "comment", "ticket": "T1", "author": "agent"},
    # Created 21:00 BST on 31 March, P1 (1h): breached at 22:00 BST, answered on 1 April. March.
    {"at": "2026-03-31T20:00:00Z", "event": "created", "ticket": "T2", "priority": "P1"},
    {"at": "2026-04-01T08:00:00Z", "event": "comment", "ticket": "T2", "author": "agent"},
    # Still running at `at` (30 of 60 minutes): not counted.
    {"at": "2026-04-02T09:00:00Z", "event": "created", "ticket": "T3", "priority": "P1"},
]


def test_report_on_events_counts_final_states_by_london_month():
    got = report(RESPONSE_POLICY, EVENTS, at="2026-04-02T09:30:00Z").to_dict()
    assert got == {
        "policy": "acme",
        "at": "2026-04-02T09:30:00Z",
        "rows": [
            row("2026-03", "first_response", "P1", 1, 0, 1, 0.0, 95.0, False),
            row("2026-03", "first_response", None, 1, 0, 1, 0.0, 95.0, False),
            row("2026-04", "first_response", "P2", 1, 1, 0, 100.0, 95.0, True),
            row("2026-04", "first_response", None, 1, 1, 0, 100.0, 95.0, True),
        ],
        "kpis": [],
    }
    assert slac.report(RESPONSE_POLICY, EVENTS, at="2026-04-02T09:30:00Z").to_dict() == got


def test_percent_met_rounds_half_up_on_the_exact_value():
    # 1 met of 64: 100 / 64 = 1.5625 exactly -> 1.563.
    rows = report_from_evaluation(POLICY, Evaluation("acme", APR_10_12Z, _many(1, 63))).rows
    assert (rows[-1].counted, rows[-1].percent_met) == (64, 1.563)
