"""Warnings before a breach: `percent_elapsed`, `remaining_seconds`, `warn at`, `slac due`,
`Evaluator.crossings`. Every expected value is worked out by hand in the comment beside it.

The policy is Learn Amp's (policies/learnamp.sla) with `warn at 50%, 75%` added: P2 answers
within 2h in `holiday_cover`, Mon-Fri 07:00-21:00 Europe/London (GMT in early March 2026, so
local time is UTC), and `awaiting_customer` pauses every clock.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slac import Evaluator, evaluate, loads
from slac.cli import main
from slac.evaluation.results import MetricResult
from slac.measure import round3

ROOT = Path(__file__).parent.parent
LEARNAMP = (ROOT / "policies/learnamp.sla").read_text(encoding="utf-8")
WARNED = loads(LEARNAMP.rstrip().removesuffix("}") + "  warn at 50%, 75%\n}\n")

# Friday 6 March 2026 20:30: 30 minutes of Friday's window are left; Saturday and Sunday closed.
FRIDAY_EVENING = {
    "at": "2026-03-06T20:30:00Z",
    "event": "created",
    "ticket": "W-1",
    "priority": "P2",
}


def first_response(evaluation) -> dict:
    (ticket,) = evaluation.to_dict()["tickets"]
    return ticket["metrics"][0]


@pytest.mark.parametrize(
    ("at", "percent", "remaining"),
    [
        # Friday 20:30-21:00 = 1800 s of 7200: 25%, 5400 s left, still 25% all weekend
        pytest.param("2026-03-08T12:00:00Z", 25.0, 5400, id="sunday-closed"),
        # + Monday 07:00-07:29:59 = 1799 s: 3599 s = 49.986% (49.98611 rounds down), 3601 left
        pytest.param("2026-03-09T07:29:59Z", 49.986, 3601, id="a-second-before-half"),
        # 3600 s of 7200: exactly 50%
        pytest.param("2026-03-09T07:30:00Z", 50.0, 3600, id="half-on-monday-07-30"),
        # 5400 s: 75%
        pytest.param("2026-03-09T08:00:00Z", 75.0, 1800, id="three-quarters-at-08-00"),
    ],
)
def test_percent_elapsed_over_a_weekend(at, percent, remaining):
    metric = first_response(evaluate(WARNED, [FRIDAY_EVENING], at=at))
    assert (metric["state"], metric["percent_elapsed"], metric["remaining_seconds"]) == (
        "running",
        percent,
        remaining,
    )
    assert metric["due"] == "2026-03-09T08:30:00Z"  # 5400 s of Monday after 07:00


def test_paused_metric_reports_its_share_and_a_met_one_none():
    events = [
        {"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": "W-1", "priority": "P2"},
        {
            "at": "2026-03-02T09:45:00Z",
            "event": "status",
            "ticket": "W-1",
            "status": "awaiting_customer",
        },
    ]
    metric = first_response(evaluate(WARNED, events, at="2026-03-02T11:00:00Z"))
    # 45 min counted before the pause: 2700 of 7200 = 37.5%, 4500 s left, no due while paused
    assert (metric["state"], metric["percent_elapsed"], metric["remaining_seconds"]) == (
        "paused",
        37.5,
        4500,
    )
    assert metric["due"] is None
    answered = [
        *events[:1],
        {"at": "2026-03-02T09:20:00Z", "event": "comment", "ticket": "W-1", "author": "agent"},
    ]
    metric = first_response(evaluate(WARNED, answered, at="2026-03-02T11:00:00Z"))
    assert (metric["state"], metric["percent_elapsed"], metric["remaining_seconds"]) == (
        "met",
        None,
        None,
    )


def test_the_evaluator_reports_each_threshold_once():
    evaluator = Evaluator(WARNED)
    crossed = []

    def ask(at: str) -> list[tuple[str, int, float]]:
        found = [(c.metric, c.cycle, c.threshold) for c in evaluator.crossings(at)]
        crossed.append(found)
        return found

    evaluator.feed(
        {"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": "W-1", "priority": "P2"}
    )
    assert ask("2026-03-02T09:00:00Z") == []
    evaluator.feed(
        {
            "at": "2026-03-02T09:45:00Z",
            "event": "status",
            "ticket": "W-1",
            "status": "awaiting_customer",
        }
    )
    assert ask("2026-03-02T09:45:00Z") == []  # 45 min of 2h: 37.5%
    evaluator.feed(
        {"at": "2026-03-02T10:00:00Z", "event": "status", "ticket": "W-1", "status": "open"}
    )
    # 45 min + 14:59 = 3599 s: not yet half
    assert ask("2026-03-02T10:14:59Z") == []
    # 45 min + 15 min = 1h = 50% of the 2h first response; resolution (3 business days of 14h =
    # 151200 s) is at 3600 s, 2.4%
    assert ask("2026-03-02T10:15:00Z") == [("first_response", 1, 50.0)]
    assert ask("2026-03-02T10:44:00Z") == []  # told once
    assert ask("2026-03-02T10:45:00Z") == [("first_response", 1, 75.0)]  # 45 + 45 min = 90 min
    # resolution's 50% is 75600 s: 5400 s by 10:45, 70200 s more from 10:45:
    # Mon 10:45-21:00 36900 s, Tue 07:00-16:15 33300 s -> Tue 16:15
    assert ask("2026-03-03T16:14:59Z") == []
    assert ask("2026-03-03T16:15:00Z") == [("resolution", 1, 50.0)]


def test_a_policy_without_warn_at_crosses_nothing():
    plain = loads(LEARNAMP)
    evaluator = Evaluator(plain)
    evaluator.feed(FRIDAY_EVENING)
    assert evaluator.crossings("2026-03-09T08:15:00Z") == ()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def warned_files(tmp_path):
    policy = tmp_path / "learnamp.sla"
    policy.write_text(LEARNAMP.rstrip().removesuffix("}") + "  warn at 50%, 75%\n}\n")
    events = tmp_path / "events.jsonl"
    lines = [
        FRIDAY_EVENING,
        # 1h target from Friday 20:50: 10 min Friday, due Monday 07:50; 75% (45 min) at 07:35
        {"at": "2026-03-06T20:50:00Z", "event": "created", "ticket": "W-2", "priority": "P1"},
    ]
    events.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return str(policy), str(events)


def test_slac_due_json(capsys, warned_files):
    status, out, err = run(
        capsys, "due", *warned_files, "--at", "2026-03-09T07:40:00Z", "--format", "json"
    )
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert (document["policy"], document["at"], document["within_seconds"]) == (
        "learnamp",
        "2026-03-09T07:40:00Z",
        None,
    )
    rows = [
        (
            m["ticket"],
            m["metric"],
            m["due"],
            m["remaining_seconds"],
            m["percent_elapsed"],
            m["threshold"],
        )
        for m in document["metrics"]
    ]
    assert rows == [
        # W-2 P1 1h: 10 min Fri + 40 min Mon = 3000 s = 83.333%, past 75%; 600 s left -> 07:50
        ("W-2", "first_response", "2026-03-09T07:50:00Z", 600, 83.333, 75.0),
        # W-1 P2 2h: 30 + 40 min = 4200 s = 58.333%, past 50%; 3000 s left -> 08:30
        ("W-1", "first_response", "2026-03-09T08:30:00Z", 3000, 58.333, 50.0),
        # W-2 resolution P1 24h of holiday_cover time: 3000 s used, 83400 s left:
        # Mon 07:40-21:00 48000 s, Tue 07:00 + 35400 s = 16:50
        ("W-2", "resolution", "2026-03-10T16:50:00Z", 83400, 3.472, None),
        # W-1 resolution P2 3 business days = 151200 s, 4200 used, 147000 left: Mon 48000,
        # Tue 50400, Wed 07:00 + 48600 s = 20:30
        ("W-1", "resolution", "2026-03-11T20:30:00Z", 147000, 2.778, None),
    ]
    assert list(document["metrics"][0]) == [
        "policy",
        "ticket",
        "metric",
        "cycle",
        "priority",
        "due",
        "remaining_seconds",
        "percent_elapsed",
        "threshold",
    ]


def test_slac_due_within_and_table(capsys, warned_files):
    status, out, err = run(
        capsys,
        "due",
        *warned_files,
        "--at",
        "2026-03-09T07:40:00Z",
        "--within",
        "1h",
        "--format",
        "table",
    )
    assert (status, err) == (0, "")
    assert out == (
        "learnamp at 2026-03-09 07:40 (Europe/London), due within 1:00\n"
        "due               policy    ticket  prio  metric          #  left     used  warning\n"
        "----------------  --------  ------  ----  --------------  -  ----  -------  -------\n"
        "2026-03-09 07:50  learnamp  W-2     P1    first_response  1  0:10  83.333%  75%\n"
        "2026-03-09 08:30  learnamp  W-1     P2    first_response  1  0:50  58.333%  50%\n"
    )


@pytest.mark.parametrize("within", ["2x", "", "h"])
def test_slac_due_refuses_a_bad_within(capsys, warned_files, within):
    status, out, err = run(capsys, "due", *warned_files, "--within", within)
    assert (status, out) == (2, "")
    assert "--within" in err


def test_warn_at_is_formatted_and_checked():
    from slac.fmt import format_text

    text = LEARNAMP.rstrip().removesuffix("}") + "  warn   at 50% ,75%\n}\n"
    assert format_text(text).endswith("\n  warn at 50%, 75%\n}\n")
    assert WARNED.warnings == (50.0, 75.0)


def test_a_crossing_as_json():
    evaluator = Evaluator(WARNED)
    evaluator.feed(FRIDAY_EVENING)
    (crossing,) = evaluator.crossings("2026-03-09T07:30:00Z")  # 50% on Monday at 07:30
    assert crossing.to_dict() == {
        "policy": "learnamp",
        "ticket": "W-1",
        "metric": "first_response",
        "cycle": 1,
        "threshold": 50.0,
        "state": "running",
        "due": "2026-03-09T08:30:00Z",
    }


def test_a_policy_test_can_pin_the_share_of_a_target(tmp_path, capsys):
    (tmp_path / "learnamp.sla").write_text(LEARNAMP)
    (tmp_path / "warn.slatest").write_text(
        """policy "learnamp.sla"

test half-of-2h-over-a-weekend {
  events {
    2026-03-06 20:30  W-1 created P2  # Fri 20:30 GMT: 30 min left in Friday's window
  }
  at 2026-03-09T07:30:00Z
  # 30 min Friday + 30 min Monday from 07:00 = 3600 of 7200
  expect W-1 first_response state running  percent_elapsed 50  remaining_seconds 3600
}
"""
    )
    assert main(["test", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip().endswith("1 passed, 0 failed")


@given(target=st.integers(1, 10**9), share=st.fractions(0, 1))
def test_percent_elapsed_rounds_as_reports_do(target, share):
    # the integer form in MetricResult against the report's exact rounding (slac.measure.round3)
    elapsed = int(share * target)
    result = MetricResult("m", 1, "running", "t", target, elapsed, None, None, None)
    assert result.percent_elapsed == round3(Fraction(100 * elapsed, target))
