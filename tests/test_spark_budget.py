"""`slac.spark`'s support budget equals `slac budget`'s, and a month of it worked by hand.

One `local[2]` session for the module, as in tests/test_spark.py. The reference is `slac budget
--format json` run in-process on the same file; the hand-worked policy is written to a file so
the command line reads it too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spark_support import SPARK_MARKS

import slac
from slac.cli import main
from slac.spark import evaluate_json_lines
from slac.spark.job import main as job_main

pytestmark = SPARK_MARKS

ROOT = Path(__file__).resolve().parent.parent


def budget_json(capsys, *argv: str) -> dict:
    capsys.readouterr()
    status = main(["budget", *argv, "--format", "json"])
    out = capsys.readouterr()
    assert status == 0, out.err
    return json.loads(out.out)


def test_totara_example_month_equals_slac_budget(spark, capsys):
    policy_path = str(ROOT / "policies" / "totara.sla")
    events_path = str(ROOT / "examples" / "totara" / "events.jsonl")
    at = "2026-04-01T00:00:00Z"
    expected = budget_json(capsys, policy_path, events_path, "--at", at)
    result = evaluate_json_lines(spark, slac.load(policy_path), [events_path], at=at, partitions=3)
    try:
        assert result.budget().to_dict() == expected
        assert expected["runs_out"] == "2026-06"
    finally:
        result.unpersist()


# ---------------------------------------------------------------------------------------------
# A quarterly budget in Europe/London (BST from 29 March 2026 01:00 UTC) whose excluded
# tickets use no budget; worklogs over two periods, both rates, spread over the partitions.

POLICY = """policy acme "Acme" {
  timezone "Europe/London"
  calendar always { always open }
  business hours always
  field kind: incident | request
  priorities P1
  exclude "requests are outside the agreement" when kind == request
  metric resolution { start on created; stop on resolved }
  targets {
    priority  resolution
    P1        100h
  }
  budget {
    amount 1000 GBP
    renews every 3 months from 2026-01-01
    rate standard 60 per hour
    rate consultancy 90 per hour
    excluded tickets use no budget
  }
}
"""
AT = "2026-04-30T12:00:00Z"


def created(at: str, ticket: str, kind: str) -> dict:
    return {
        "at": at,
        "event": "created",
        "ticket": ticket,
        "priority": "P1",
        "fields": {"kind": kind},
    }


def worklog(at: str, ticket: str, minutes: int, rate: str) -> dict:
    return {"at": at, "event": "worklog", "ticket": ticket, "minutes": minutes, "rate": rate}


EVENTS = [
    created("2025-12-01T09:00:00Z", "A", "incident"),
    worklog("2025-12-15T10:00:00Z", "A", 90, "standard"),  # 90 min x 60/h = 90 (Oct-Dec period)
    worklog("2026-01-21T10:00:00Z", "A", 45, "standard"),  # 45
    created("2026-02-01T09:00:00Z", "R", "request"),  # excluded
    worklog("2026-02-10T10:00:00Z", "A", 30, "standard"),  # 30
    worklog("2026-02-11T10:00:00Z", "B", 20, "consultancy"),  # 20 x 90/h = 30; B not in the file
    worklog("2026-02-12T10:00:00Z", "R", 120, "consultancy"),  # excluded ticket: no charge
    worklog("2026-03-05T10:00:00Z", "C", 7, "consultancy"),  # 10.5
    worklog("2026-03-31T23:30:00Z", "A", 60, "standard"),  # 00:30 BST on 1 April: 60, April
    worklog("2026-04-20T10:00:00Z", "C", 400, "consultancy"),  # 600
    worklog("2026-05-02T10:00:00Z", "A", 500, "standard"),  # after AT: not counted
]


def month(name: str, standard: int, consultancy: int, charged: float, left: float) -> dict:
    used = {"standard": standard, "consultancy": consultancy}
    return {"month": name, "used": used, "charged": charged, "left": left}


# Worked by hand from the policy's rates: the first counted worklog (December 2025) opens the
# October-December period; January renews to 1000; April renews again.
MONTHS = [
    month("2025-10", 0, 0, 0.0, 1000.0),
    month("2025-11", 0, 0, 0.0, 1000.0),
    month("2025-12", 90, 0, 90.0, 910.0),
    month("2026-01", 45, 0, 45.0, 955.0),
    month("2026-02", 30, 20, 60.0, 895.0),  # R's 120 minutes (180 GBP) are not charged
    month("2026-03", 0, 7, 10.5, 884.5),
    month("2026-04", 60, 400, 660.0, 340.0),
]


def test_budget_over_partitions_equals_slac_budget_and_the_hand_worked_months(
    spark, capsys, tmp_path
):
    policy_path, events_path = tmp_path / "acme.sla", tmp_path / "events.jsonl"
    policy_path.write_text(POLICY, encoding="utf-8")
    events_path.write_text("".join(json.dumps(e) + "\n" for e in EVENTS), encoding="utf-8")
    expected = budget_json(capsys, str(policy_path), str(events_path), "--at", AT)
    policy = slac.load(str(policy_path))
    result = evaluate_json_lines(spark, policy, [str(events_path)], at=AT, partitions=4)
    try:
        got = result.budget().to_dict()
        assert got == expected
        # 340 left after April's 660: ceil(340 / 660) = 1 month on, May, inside April-June.
        assert got == {
            "policy": "acme",
            "at": AT,
            "budget": 1000,
            "unit": "GBP",
            "months": MONTHS,
            "runs_out": "2026-05",
        }
        frame = result.budget_frame()
        assert frame.columns == ["month", "used", "charged", "left"]
        assert [row.asDict(recursive=True) for row in frame.orderBy("month").collect()] == MONTHS
        assert [f.name for f in frame.schema["used"].dataType.fields] == ["standard", "consultancy"]
    finally:
        result.unpersist()


def test_job_writes_the_budget_months(spark, tmp_path):
    policy_path, events_path = tmp_path / "acme.sla", tmp_path / "events.jsonl"
    policy_path.write_text(POLICY, encoding="utf-8")
    events_path.write_text("".join(json.dumps(e) + "\n" for e in EVENTS), encoding="utf-8")
    out = tmp_path / "out"
    argv = [str(policy_path), str(events_path), "--at", AT, "--out", str(out), "--format", "json"]
    assert job_main([*argv, "--master", "local[2]"]) == 0
    written = [
        json.loads(line)
        for part in sorted((out / "budget").glob("part-*.json"))
        for line in part.read_text(encoding="utf-8").splitlines()
    ]
    assert sorted(written, key=lambda row: row["month"]) == MONTHS


def test_a_policy_without_a_budget_is_a_value_error(spark, tmp_path):
    plain = slac.loads('policy p "P" {\n  timezone "UTC"\n  priorities P1\n}')
    path = tmp_path / "events.jsonl"
    line = {"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": "T-1", "priority": "P1"}
    path.write_text(json.dumps(line) + "\n")
    result = evaluate_json_lines(spark, plain, [str(path)], at=AT)
    try:
        with pytest.raises(ValueError, match=r"^policy `p` states no budget$"):
            result.budget()
        with pytest.raises(ValueError, match=r"^policy `p` states no budget$"):
            result.budget_frame()
    finally:
        result.unpersist()
