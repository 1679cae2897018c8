"""Monthly KPIs (docs/semantics.md#kpis-and-support-budgets), worked by hand.

The policy's zone is Europe/London: UTC until Sunday 29 March 2026 01:00 UTC, UTC+1 (BST)
after, so 23:30Z on 31 March is already 1 April in London.
"""

from __future__ import annotations

import pytest

import slac
from slac.inputs.measures import Call
from slac.measure.report import report

POLICY = slac.loads(
    """policy acme "Acme" {
  timezone "Europe/London"
  calendar always { always open }
  business hours always
  field line: first | second | third
  field kind: incident | request
  priorities P1
  exclude "requests are outside the agreement" when kind == request
  metric resolution { start on created; stop on resolved; resume on reopen }
  targets {
    priority  resolution
    P1        100h
  }
  kpi first_line share resolved when line == first objective 70% monthly
  kpi answer_time mean call answer objective 45s monthly
  kpi plain_answer mean call answer
}"""
)


def created(at, ticket, **fields):
    return {"at": at, "event": "created", "ticket": ticket, "priority": "P1", "fields": fields}


def status(at, ticket, value):
    return {"at": at, "event": "status", "ticket": ticket, "status": value}


def fields(at, ticket, **values):
    return {"at": at, "event": "fields", "ticket": ticket, "fields": values}


def call(at, name, answered):
    return {"at": at, "event": "call", "call": name, "answered_after_seconds": answered}


def kpis(events, at):
    return [row.to_dict() for row in report(POLICY, events, at=at).kpis]


def share_row(month, counted, value, met):
    return {
        "month": month,
        "kpi": "first_line",
        "counted": counted,
        "value": value,
        "unit": "percent",
        "objective": 70.0,
        "objective_met": met,
    }


SHARE_EVENTS = [
    # A: resolved by the first line on 2 March: March, satisfies.
    created("2026-03-02T09:00:00Z", "A", line="first"),
    status("2026-03-02T10:00:00Z", "A", "resolved"),
    # B: resolved on 3 March, the line set after the resolution (the fields at `at` count):
    # March, satisfies.
    created("2026-03-03T09:00:00Z", "B"),
    status("2026-03-03T10:00:00Z", "B", "resolved"),
    fields("2026-03-03T10:05:00Z", "B", line="first"),
    # C: second line, resolved 4 March: March, does not satisfy.
    created("2026-03-04T09:00:00Z", "C", line="second"),
    status("2026-03-04T10:00:00Z", "C", "closed"),
    # D: resolved 5 March, reopened 6 March and resolved again at 23:30Z on 31 March, which is
    # 00:30 BST on 1 April: its final resolution is in April. First line.
    created("2026-03-05T09:00:00Z", "D", line="first"),
    status("2026-03-05T10:00:00Z", "D", "resolved"),
    status("2026-03-06T10:00:00Z", "D", "open"),
    status("2026-03-31T23:30:00Z", "D", "resolved"),
    # E: resolved, then reopened and still open at `at`: not counted anywhere.
    created("2026-03-07T09:00:00Z", "E", line="first"),
    status("2026-03-07T10:00:00Z", "E", "resolved"),
    status("2026-03-08T10:00:00Z", "E", "open"),
    # F: excluded (a request): not counted although resolved by the first line.
    created("2026-03-09T09:00:00Z", "F", line="first", kind="request"),
    status("2026-03-09T10:00:00Z", "F", "resolved"),
    # G: resolved and closed: the move from resolved to closed is no new resolution, so it
    # counts once, on 10 March. No line: does not satisfy.
    created("2026-03-10T09:00:00Z", "G"),
    status("2026-03-10T10:00:00Z", "G", "resolved"),
    status("2026-04-02T10:00:00Z", "G", "closed"),
    # H: resolved after `at`: not counted.
    created("2026-04-02T09:00:00Z", "H", line="first"),
    status("2026-04-03T12:00:00Z", "H", "resolved"),
]


def test_share_counts_final_resolutions_by_london_month():
    # March: A, B, C, G = 4, of which A and B are first line: 50% < 70%.
    # April: D alone, first line: 100%.
    assert kpis(SHARE_EVENTS, "2026-04-03T00:00:00Z") == [
        share_row("2026-03", 4, 50.0, False),
        share_row("2026-04", 1, 100.0, True),
    ]


def test_share_objective_is_judged_on_the_exact_ratio():
    # 7 of 10 first line is exactly 70%: met. 2 of 3 (66.667%) would not be.
    events = []
    for n in range(10):
        ticket = f"T{n}"
        events.append(created(f"2026-05-0{n % 9 + 1}T09:00:00Z", ticket))
        events.append(status(f"2026-05-0{n % 9 + 1}T10:00:00Z", ticket, "resolved"))
        events.append(
            fields(f"2026-05-0{n % 9 + 1}T10:01:00Z", ticket, line=["first", "second"][n >= 7])
        )
    assert kpis(events, "2026-06-01T00:00:00Z") == [share_row("2026-05", 10, 70.0, True)]
    assert kpis(events[:9], "2026-06-01T00:00:00Z") == [share_row("2026-05", 3, 100.0, True)]
    two_of_three = events[:6] + events[21:24]  # T0, T1 first; T7 second
    assert kpis(two_of_three, "2026-06-01T00:00:00Z") == [share_row("2026-05", 3, 66.667, False)]


def answer_row(month, counted, value, met, kpi="answer_time", objective=45):
    return {
        "month": month,
        "kpi": kpi,
        "counted": counted,
        "value": value,
        "unit": "seconds",
        "objective": objective,
        "objective_met": met,
    }


CALLS = [
    # March: 30 + 50 + 58 = 138 s over 3 answered calls = 46 s > 45 s; one unanswered.
    call("2026-03-02T09:00:00Z", "C1", 30),
    call("2026-03-02T09:05:00Z", "C2", 50),
    call("2026-03-15T14:00:00Z", "C3", None),
    call("2026-03-31T22:59:59Z", "C4", 58),  # 23:59:59 BST: still March
    # April: 23:00Z on 31 March is midnight BST, 1 April: 40 + 50 = 90 / 2 = 45 s, met exactly.
    call("2026-03-31T23:00:00Z", "C5", 40),
    call("2026-04-10T10:00:00Z", "C6", 50),
    # May: nobody answered: no mean, objective not judged.
    call("2026-05-04T10:00:00Z", "C7", None),
    # After `at`: not counted.
    call("2026-06-02T10:00:00Z", "C8", 1),
]


def test_mean_answer_time_of_answered_calls_by_london_month():
    rows = kpis(CALLS, "2026-06-01T00:00:00Z")
    assert rows == [
        answer_row("2026-03", 4, 46.0, False),
        answer_row("2026-03", 4, 46.0, None, kpi="plain_answer", objective=None),
        answer_row("2026-04", 2, 45.0, True),
        answer_row("2026-04", 2, 45.0, None, kpi="plain_answer", objective=None),
        answer_row("2026-05", 1, None, None),
        answer_row("2026-05", 1, None, None, kpi="plain_answer", objective=None),
    ]
    unanswered = [row.unanswered for row in report(POLICY, CALLS, at="2026-06-01T00:00:00Z").kpis]
    assert unanswered == [1, 1, 0, 0, 1, 1]


def test_a_mean_is_rounded_to_three_decimals_half_up():
    # 10 + 10 + 11 = 31 / 3 = 10.3333... -> 10.333
    calls = [call("2026-03-02T09:00:00Z", f"C{n}", s) for n, s in enumerate((10, 10, 11))]
    assert kpis(calls, "2026-04-01T00:00:00Z")[0]["value"] == 10.333


def test_calls_and_worklogs_may_be_values_and_the_evaluator_ignores_their_dicts():
    value = Call(1_772_442_000, "C1", 20)  # 2026-03-02T09:00:00Z
    assert kpis([value], "2026-04-01T00:00:00Z")[0]["value"] == 20.0
    evaluation = slac.evaluate(
        POLICY, [call("2026-03-02T09:00:00Z", "C1", 5)], at="2026-04-01T00:00:00Z"
    )
    assert evaluation.tickets == ()


def test_a_bad_call_is_a_value_error_with_its_code():
    with pytest.raises(ValueError, match="answered_after_seconds") as error:
        report(POLICY, [call("2026-03-02T09:00:00Z", "C1", "fast")], at="2026-04-01T00:00:00Z")
    assert error.value.code == "E716"


def test_a_policy_without_kpis_reports_none():
    plain = slac.loads(
        """policy p "P" {
  timezone "UTC"
  calendar always { always open }
  business hours always
  priorities P1
  metric m { start on created; stop on resolved }
  targets {
    priority  m
    P1        1h
  }
}"""
    )
    got = report(plain, CALLS, at="2026-06-01T00:00:00Z")
    assert got.kpis == () and got.to_dict()["kpis"] == []


def test_a_call_without_answered_after_seconds_is_unanswered():
    # A frame's null column arrives as an absent key: the same as `null`.
    calls = [
        call("2026-03-02T09:00:00Z", "C1", 30),
        {"at": "2026-03-02T09:01:00Z", "event": "call", "call": "C2"},
    ]
    [row] = [
        r for r in report(POLICY, calls, at="2026-04-01T00:00:00Z").kpis if r.kpi == "answer_time"
    ]
    assert (row.counted, row.unanswered, row.value) == (2, 1, 30.0)
