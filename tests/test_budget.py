"""Support budgets (docs/semantics.md#kpis-and-support-budgets), worked by hand, and `slac budget`.

The policy's zone is Europe/London (BST from 29 March 2026 01:00 UTC): 23:30Z on 31 March is
00:30 on 1 April there. The budget renews every 3 months from January: Jan-Mar, Apr-Jun, ...
"""

from __future__ import annotations

import io
import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slac
from slac.cli import main
from slac.inputs.measures import Worklog
from slac.measure import round3
from slac.measure.budget import budget

ROOT = Path(__file__).resolve().parent.parent


def policy(extra: str = "") -> slac.ir.Policy:
    return slac.loads(
        f"""policy acme "Acme" {{
  timezone "Europe/London"
  calendar always {{ always open }}
  business hours always
  field kind: incident | request
  priorities P1
  exclude "requests are outside the agreement" when kind == request
  metric resolution {{ start on created; stop on resolved }}
  targets {{
    priority  resolution
    P1        100h
  }}
  budget {{
    amount 1000 GBP
    renews every 3 months from 2026-01-01
    rate standard 60 per hour
    rate consultancy 90 per hour
{extra}
  }}
}}"""
    )


POLICY = policy()


def worklog(at, minutes, rate, ticket="T1"):
    return {"at": at, "event": "worklog", "ticket": ticket, "minutes": minutes, "rate": rate}


WORKLOGS = [
    worklog("2026-02-10T10:00:00Z", 30, "standard"),  # 30 min x 60/h = 30
    worklog("2026-02-11T10:00:00Z", 20, "consultancy"),  # 20 min x 90/h = 30
    worklog("2026-03-05T10:00:00Z", 7, "consultancy"),  # 7 min x 90/h = 10.5
    worklog("2026-03-31T23:30:00Z", 60, "standard"),  # 00:30 BST on 1 April: 60, April
    worklog("2026-04-20T10:00:00Z", 400, "consultancy"),  # 600
    worklog("2026-05-02T10:00:00Z", 500, "standard"),  # 500
    worklog("2026-06-02T10:00:00Z", 500, "standard"),  # after `at` below: not counted
]


def month(name, standard, consultancy, charged, left):
    return {
        "month": name,
        "used": {"standard": standard, "consultancy": consultancy},
        "charged": charged,
        "left": left,
    }


def test_months_used_charged_and_left_with_a_renewal_and_an_overdrawn_month():
    got = budget(POLICY, WORKLOGS, at="2026-05-15T00:00:00Z").to_dict()
    assert got == {
        "policy": "acme",
        "at": "2026-05-15T00:00:00Z",
        "budget": 1000,
        "unit": "GBP",
        "months": [
            month("2026-01", 0, 0, 0.0, 1000.0),  # the period starts in January
            month("2026-02", 30, 20, 60.0, 940.0),
            month("2026-03", 0, 7, 10.5, 929.5),
            month("2026-04", 60, 400, 660.0, 340.0),  # renewed: 1000 - 660
            month("2026-05", 500, 0, 500.0, -160.0),  # overdrawn
        ],
        "runs_out": "2026-05",  # it already has
    }


def test_runs_out_at_the_current_pace_within_the_period():
    # At the end of April: 660 charged in the period's 1 month so far, 340 left:
    # ceil(340 / 660) = 1 month on: May, which is inside the April-June period.
    got = budget(POLICY, WORKLOGS, at="2026-04-30T12:00:00Z")
    assert [m.month for m in got.months] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert got.runs_out == "2026-05"


def test_a_pace_that_lasts_past_the_renewal_never_runs_out():
    # At the end of March: 70.5 charged over January-March, a pace of 23.5 a month; 929.5 left
    # lasts ceil(929.5 / 23.5) = 40 months, but the budget renews in April.
    got = budget(POLICY, WORKLOGS, at="2026-03-31T12:00:00Z")
    assert got.months[-1].to_dict() == month("2026-03", 0, 7, 10.5, 929.5)
    assert got.runs_out is None


def test_no_worklogs_shows_the_current_period_up_to_at():
    got = budget(POLICY, [], at="2026-02-01T00:00:00Z").to_dict()
    assert got["months"] == [
        month("2026-01", 0, 0, 0.0, 1000.0),
        month("2026-02", 0, 0, 0.0, 1000.0),
    ]
    assert got["runs_out"] is None


def test_charges_round_to_three_decimals_half_up():
    # 7 min at 100/h = 11.666... -> 11.667; left 988.333...
    hundred = slac.loads(
        POLICY_TEXT_100 := """policy p "P" {
  timezone "UTC"
  priorities P1
  budget {
    amount 1000 EUR
    renews every 1 month from 2026-01-01
    rate standard 100 per hour
  }
}"""
    )
    assert POLICY_TEXT_100
    got = budget(
        hundred, [worklog("2026-01-05T10:00:00Z", 7, "standard")], at="2026-01-31T00:00:00Z"
    )
    assert got.months[0].to_dict() == {
        "month": "2026-01",
        "used": {"standard": 7},
        "charged": 11.667,
        "left": 988.333,
    }
    # Monthly renewal at pace 11.667 a month: the budget lasts, the period ends first.
    assert got.runs_out is None


def test_excluded_tickets_use_budget_unless_the_policy_says_otherwise():
    events = [
        {
            "at": "2026-02-01T09:00:00Z",
            "event": "created",
            "ticket": "R",
            "priority": "P1",
            "fields": {"kind": "request"},
        },
        worklog("2026-02-01T10:00:00Z", 60, "standard", ticket="R"),  # 60
        worklog("2026-02-01T11:00:00Z", 60, "standard", ticket="NOT-IN-FILE"),  # 60
    ]
    charged = budget(POLICY, events, at="2026-02-28T00:00:00Z").months[-1].charged
    assert charged == 120.0  # a worklog needs no `created`; the excluded ticket still charges
    strict = policy("    excluded tickets use no budget")
    assert budget(strict, events, at="2026-02-28T00:00:00Z").months[-1].charged == 60.0


def test_a_policy_without_a_budget_is_a_value_error():
    plain = slac.loads('policy p "P" {\n  timezone "UTC"\n  priorities P1\n}')
    with pytest.raises(ValueError, match="states no budget"):
        budget(plain, [], at="2026-02-01T00:00:00Z")


# ---------------------------------------------------------------------------------------------
# `slac budget`


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


TOTARA = str(ROOT / "policies/totara.sla")
TOTARA_EVENTS = str(ROOT / "examples/totara/events.jsonl")


def test_totara_example_runs_out_table(capsys, snapshot):
    status, out, err = run(
        capsys, "budget", TOTARA, TOTARA_EVENTS, "--at", "2026-04-01T00:00:00Z", "--format", "table"
    )
    assert (status, err) == (0, "")
    assert out.splitlines()[-1] == "runs out: 2026-06 at the current pace"
    assert out == snapshot


def test_totara_example_json(capsys, snapshot):
    status, out, err = run(
        capsys, "budget", TOTARA, TOTARA_EVENTS, "--at", "2026-04-01T00:00:00Z", "--format", "json"
    )
    assert (status, err) == (0, "")
    got = json.loads(out)
    assert (got["budget"], got["unit"], got["runs_out"]) == (15000, "GBP", "2026-06")
    assert out == snapshot


def test_budget_without_a_budget_in_the_policy_exits_2(capsys):
    impero = str(ROOT / "policies/impero.sla")
    status, out, err = run(capsys, "budget", impero, TOTARA_EVENTS, "--at", "2026-04-01T00:00:00Z")
    assert (status, out) == (2, "")
    assert err == f"slac: {impero}: policy `impero` states no `budget`\n"


def test_an_undeclared_rate_is_an_invalid_line(capsys, tmp_path, monkeypatch):
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps(worklog("2026-03-02T10:00:00Z", 30, "premium")) + "\n")
    status, out, err = run(
        capsys, "budget", TOTARA, str(path), "--at", "2026-04-01T00:00:00Z", "--format", "json"
    )
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        f"{path}:1: budget rate `premium` is not declared by the policy (declared: standard, "
        "consultancy)",
        f"slac: {path}: 1 invalid event line; nothing evaluated (--skip-invalid evaluates the "
        "valid lines)",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO(path.read_text()))
    status, out, err = run(
        capsys,
        "budget",
        TOTARA,
        "-",
        "--at",
        "2026-04-01T00:00:00Z",
        "--format",
        "json",
        "--skip-invalid",
    )
    assert status == 0 and err.startswith("warning: <stdin>:1: budget rate `premium`")
    assert json.loads(out)["months"][-1]["used"] == {"standard": 0, "consultancy": 0}


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=364 * 86400),  # within 2026
            st.integers(min_value=1, max_value=600),
            st.sampled_from(("standard", "consultancy")),
        ),
        max_size=30,
    )
)
@settings(max_examples=60, deadline=None)
def test_each_period_leaves_the_amount_less_its_charges(logs):
    # Whatever the worklogs: in each 3-month period, the last month's `left` is the amount less
    # the period's exact charges (rounded once), and a month's charge is its minutes' cost.
    jan_1 = 1_767_225_600  # 2026-01-01T00:00:00Z
    worklogs = [Worklog(jan_1 + t, "T", m, rate) for t, m, rate in logs]
    got = budget(POLICY, worklogs, at="2026-12-31T23:00:00Z")
    charge = {"standard": Fraction(60, 60), "consultancy": Fraction(90, 60)}
    spent: dict[str, Fraction] = {}
    for month in got.months:
        used = dict(month.used)
        cost = sum((minutes * charge[rate] for rate, minutes in used.items()), Fraction(0))
        assert month.charged == round3(cost)
        period = (int(month.month[5:]) - 1) // 3
        spent[period] = spent.get(period, Fraction(0)) + cost
        exact = 1000 - spent[period]
        assert month.left == (-round3(-exact) if exact < 0 else round3(exact))
