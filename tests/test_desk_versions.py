"""Versions of one agreement in a desk: `use totara "..." from 2026-03-16`.

Totara's agreement (policies/totara.sla: Mon-Fri 09:00-17:00 Europe/London, S2 first response
4h) changes on Monday 16 March 2026 to answer S2 in 2h. March before the 29th is GMT, so local
times are UTC and the new version takes effect at 2026-03-16T00:00:00Z.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slac.cli import main
from slac.desk import load_desk
from slac.desk.report import desk_report
from slac.desk.run import evaluate_desk
from slac.evaluation import instant

ROOT = Path(__file__).parent.parent
TOTARA = (ROOT / "policies/totara.sla").read_text(encoding="utf-8")
# the S2 row `S2  4h  2 business days` becomes 2h
FASTER = TOTARA.replace("    S2        4h ", "    S2        2h ", 1)

EVENTS = [
    # A: Friday 13 March 14:00, before the change: 14:00-17:00 Friday 3h, Monday 09:00-09:30
    # 30m, answered at 3.5h: met against the 4h of the first version
    {
        "at": "2026-03-13T14:00:00Z",
        "event": "created",
        "ticket": "A",
        "priority": "S2",
        "fields": {"type": "bug"},
    },
    {"at": "2026-03-16T09:30:00Z", "event": "comment", "ticket": "A", "author": "agent"},
    # B: Monday 16 March 09:00, after it: answered at 10:30, 1.5h, met against the new 2h
    {
        "at": "2026-03-16T09:00:00Z",
        "event": "created",
        "ticket": "B",
        "priority": "S2",
        "fields": {"type": "bug"},
    },
    {"at": "2026-03-16T10:30:00Z", "event": "comment", "ticket": "B", "author": "agent"},
]


@pytest.fixture
def desk_path(tmp_path) -> str:
    assert FASTER != TOTARA
    (tmp_path / "totara-2.sla").write_text(FASTER)
    (tmp_path / "support.desk").write_text(
        f'''desk support "Totara's desk"
use totara "{ROOT / "policies/totara.sla"}"
use totara "totara-2.sla" from 2026-03-16
otherwise to totara
'''
    )
    return str(tmp_path / "support.desk")


def first_responses(run) -> list[tuple]:
    return [
        (t.ticket, t.version, t.metrics[0].state, t.metrics[0].target, t.metrics[0].breached_at)
        for t in run.evaluation.tickets
    ]


def test_each_ticket_is_judged_by_the_version_in_force_when_it_was_created(desk_path):
    desk = load_desk(desk_path)
    # the boundary: the last second of Sunday is the first version's, midnight the second's
    assert desk.version("totara", instant("2026-03-15T23:59:59Z")).effective_text is None
    assert desk.version("totara", instant("2026-03-16T00:00:00Z")).effective_text == "2026-03-16"
    run = evaluate_desk(desk, EVENTS, at="2026-03-20T00:00:00Z")
    assert first_responses(run) == [
        ("A", None, "met", "4h", None),
        ("B", "2026-03-16", "met", "2h", None),
    ]


def test_versions_at_the_instant_judged(desk_path):
    run = evaluate_desk(load_desk(desk_path), EVENTS, at="2026-03-20T00:00:00Z", versions="at")
    # A under the 2h version: Friday 14:00 + 2h of office time = Friday 16:00
    assert first_responses(run) == [
        ("A", "2026-03-16", "breached", "2h", instant("2026-03-13T16:00:00Z")),
        ("B", "2026-03-16", "met", "2h", None),
    ]


def test_reports_count_each_ticket_under_its_version(desk_path):
    report = desk_report(
        evaluate_desk(load_desk(desk_path), EVENTS, at="2026-04-01T00:00:00Z")
    ).to_dict()
    counted = [
        (r["version"], r["metric"], r["priority"], r["counted"], r["met"])
        for r in report["rows"]
        if r["metric"] == "first_response"
    ]
    # A counts under the first version, B under the second; resolution is not applicable to bugs
    assert counted == [
        (None, "first_response", "S2", 1, 1),
        (None, "first_response", None, 1, 1),
        ("2026-03-16", "first_response", "S2", 1, 1),
        ("2026-03-16", "first_response", None, 1, 1),
    ]


def test_a_ticket_before_every_version_is_under_no_agreement(tmp_path):
    (tmp_path / "d.desk").write_text(
        f'desk d "D"\nuse totara "{ROOT / "policies/totara.sla"}" from 2026-03-16\notherwise to totara\n'
    )
    run = evaluate_desk(load_desk(tmp_path / "d.desk"), EVENTS, at="2026-03-20T00:00:00Z")
    assert [(t.ticket, t.excluded, t.version) for t in run.evaluation.tickets] == [
        ("A", "no agreement", None),
        ("B", None, "2026-03-16"),
    ]
    assert run.no_agreement == ("A",)


def test_the_command_line_switch(desk_path, tmp_path, capsys):
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(e) + "\n" for e in EVENTS))
    common = (
        "evaluate",
        desk_path,
        str(events),
        "--at",
        "2026-03-20T00:00:00Z",
        "--format",
        "json",
    )
    assert main([*common]) == 0
    default = json.loads(capsys.readouterr().out)
    assert main([*common, "--versions", "at"]) == 0
    at = json.loads(capsys.readouterr().out)
    assert [t["metrics"][0]["state"] for t in default["tickets"]] == ["met", "met"]
    assert [t["metrics"][0]["state"] for t in at["tickets"]] == ["breached", "met"]
