"""Desk files: routing tickets to policies, their checks (E801-E808), and the commands over a desk.

The desk fixtures in `tests/fixtures/desk/` follow the check fixtures' rule: each offending line
ends with `# expect: CODE`, and checking the desk reports exactly those (line, code) pairs.
Expected instants and durations are worked out by hand in the comments (March 2026 in
Europe/London is GMT, so local times are UTC).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from slac.cli import main
from slac.codes import DESK_CODES
from slac.desk import DeskError, load_desk
from slac.desk.check import check_desk
from slac.desk.run import evaluate_desk
from slac.loader import read_source

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "desk"
EXPECT = re.compile(r"#\s*expect:\s*((?:[EW]\d{3}\s*)+)$")


def desk_fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("*.desk"))


@pytest.mark.parametrize("fixture", desk_fixtures(), ids=lambda p: p.stem)
def test_desk_fixture_reports_exactly_its_expectations(fixture):
    expected = {
        (number, code)
        for number, line in enumerate(fixture.read_text().splitlines(), 1)
        if (match := EXPECT.search(line))
        for code in match.group(1).split()
    }
    source, _ = read_source(str(fixture))
    checked = check_desk(source)
    assert {(d.span.line, d.code) for d in checked.diagnostics} == expected
    assert fixture.name.split("_")[0] in {code for _, code in expected}


def test_every_desk_code_has_a_fixture():
    covered = {p.name.split("_")[0] for p in desk_fixtures()}
    assert sorted(set(DESK_CODES) - covered) == []


def write_desk(tmp_path: Path, otherwise: str) -> str:
    """Three customers on three shipped policies, and `otherwise` as given."""
    policies = ROOT / "policies"
    text = f"""desk acme "Acme's desk"
field customer
use learnamp "{policies / "learnamp.sla"}"
use totara "{policies / "totara.sla"}"
use impero "{policies / "impero.sla"}"
route customer == "northwind" to learnamp
route customer == "contoso" to totara
route customer in ("fabrikam", "tailspin") to impero
{otherwise}
"""
    path = tmp_path / "acme.desk"
    path.write_text(text)
    return str(path)


EVENTS = [
    {
        "at": "2026-03-02T09:00:00Z",
        "event": "created",
        "ticket": "N-1",
        "priority": "P2",
        "fields": {"customer": "northwind"},
    },
    {
        "at": "2026-03-02T09:30:00Z",
        "event": "created",
        "ticket": "C-1",
        "priority": "S2",
        "fields": {"customer": "contoso", "type": "query"},
    },
    {"at": "2026-03-02T10:00:00Z", "event": "comment", "ticket": "N-1", "author": "agent"},
    {
        "at": "2026-03-02T10:15:00Z",
        "event": "created",
        "ticket": "F-1",
        "priority": "P3",
        "fields": {"customer": "tailspin", "region": "uk"},
    },
    {
        "at": "2026-03-02T11:00:00Z",
        "event": "created",
        "ticket": "X-1",
        "priority": "S3",
        "fields": {"customer": "initech"},
    },
    {"at": "2026-03-02T11:30:00Z", "event": "comment", "ticket": "C-1", "author": "agent"},
    {"at": "2026-03-02T15:30:00Z", "event": "comment", "ticket": "F-1", "author": "agent"},
    # later fields do not move a ticket: the agreement is fixed when it is raised
    {
        "at": "2026-03-02T16:00:00Z",
        "event": "fields",
        "ticket": "N-1",
        "fields": {"customer": "contoso"},
    },
]


def summary(evaluation: dict) -> list[tuple]:
    return [
        (
            t["ticket"],
            t["policy"],
            t["excluded"],
            [(m["metric"], m["state"], m["elapsed_seconds"]) for m in t["metrics"]],
        )
        for t in evaluation["tickets"]
    ]


def test_three_customers_on_three_policies_and_a_default(tmp_path):
    desk = load_desk(write_desk(tmp_path, "otherwise to totara"))
    run = evaluate_desk(desk, EVENTS, at="2026-03-03T09:00:00Z")
    assert summary(run.evaluation.to_dict()) == [
        # learnamp P2 in 07:00-21:00: answered after 1h; resolution Mon 09-21 12h + Tue 07-09 2h
        (
            "N-1",
            "learnamp",
            None,
            [("first_response", "met", 3600), ("resolution", "running", 50400)],
        ),
        # totara S2 in 09:00-17:00: answered after 2h; resolution Mon 09:30-17:00 = 7.5h
        (
            "C-1",
            "totara",
            None,
            [("first_response", "met", 7200), ("resolution", "running", 27000)],
        ),
        # impero P3 in the UK desk's 08:00-01:00: 4h target from 10:15 passed at 14:15, answered
        # 15:30 (5h15m = 18900 s); resolution 10:15-01:00 14h45m + Tue 08:00-09:00 1h = 15h45m.
        # No status event yet: triage (30 min) runs as long as resolution, breached at 10:45; the
        # ticket did not come by voicemail, so voicemail_response is not applicable.
        (
            "F-1",
            "impero",
            None,
            [
                ("first_response", "breached", 18900),
                ("triage", "breached", 56700),
                ("voicemail_response", "not_applicable", 18900),
                ("resolution", "running", 56700),
            ],
        ),
        # the default: totara S3 from 11:00, Mon to 17:00 6h of its 8h first response
        (
            "X-1",
            "totara",
            None,
            [("first_response", "running", 21600), ("resolution", "running", 21600)],
        ),
    ]
    x1 = run.evaluation.to_dict()["tickets"][3]["metrics"][0]
    # 2h left from Tue 09:00: due 11:00, 75% used
    assert (x1["due"], x1["percent_elapsed"], x1["remaining_seconds"]) == (
        "2026-03-03T11:00:00Z",
        75.0,
        7200,
    )


def test_no_agreement_is_reported_not_dropped(tmp_path):
    desk = load_desk(write_desk(tmp_path, "otherwise no agreement"))
    run = evaluate_desk(desk, EVENTS, at="2026-03-03T09:00:00Z")
    tickets = run.evaluation.to_dict()["tickets"]
    assert [t["ticket"] for t in tickets] == ["N-1", "C-1", "F-1", "X-1"]
    assert tickets[3] == {
        "ticket": "X-1",
        "priority": "S3",
        "excluded": "no agreement",
        "metrics": [],
        "policy": None,
        "version": None,
    }
    assert list(tickets[0]) == ["ticket", "priority", "excluded", "metrics", "policy", "version"]
    assert run.no_agreement == ("X-1",)


def test_a_desk_with_errors_does_not_load(tmp_path):
    with pytest.raises(DeskError) as raised:
        load_desk(write_desk(tmp_path, 'route customer == "x" to nowhere'))
    # by position: the desk line (no `otherwise`), then the route
    assert [d.code for d in raised.value.diagnostics] == ["E807", "E802"]


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_example_desk_through_every_command(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    desk, events = "examples/desk/support.desk", "examples/desk/events.jsonl"
    assert run_cli(capsys, "check", desk) == (0, "", "")
    status, out, err = run_cli(
        capsys, "evaluate", desk, events, "--at", "2026-03-03T09:00:00Z", "--format", "json"
    )
    assert (status, err) == (0, "")
    tickets = json.loads(out)["tickets"]
    assert [(t["ticket"], t["policy"]) for t in tickets] == [
        ("N-1", "learnamp"),
        ("C-1", "totara"),
        ("F-1", "impero"),
        ("X-1", None),
        ("C-2", "totara"),
        ("N-2", "learnamp"),
        ("C-3", "totara"),
        ("N-3", "learnamp"),
    ]
    status, out, err = run_cli(
        capsys, "report", desk, events, "--at", "2026-04-01T00:00:00Z", "--format", "json"
    )
    assert (status, err) == (0, "")
    report = json.loads(out)
    assert report["no_agreement"] == ["X-1"]
    assert [r["policy"] for r in report["rows"]][:1] == ["learnamp"]
    assert list(report["rows"][0])[-2:] == ["policy", "version"]
    # totara's first responses in March: C-1 met (2h of 4h), C-2 breached (S1 1h: 15:00 to
    # 16:10), C-3 breached (S2 4h from Tue 09:00, never answered: 13:00)
    totara = [
        r
        for r in report["rows"]
        if r["policy"] == "totara" and r["metric"] == "first_response" and r["priority"] is None
    ]
    assert [(r["counted"], r["met"], r["breached"]) for r in totara] == [(3, 1, 2)]


def test_events_are_checked_against_the_policy_of_their_ticket(tmp_path, capsys):
    desk = write_desk(tmp_path, "otherwise no agreement")
    events = tmp_path / "events.jsonl"
    lines = [
        # S2 is a Totara priority, not Learn Amp's: refused for the Learn Amp ticket only
        {
            "at": "2026-03-02T09:00:00Z",
            "event": "created",
            "ticket": "N-1",
            "priority": "S2",
            "fields": {"customer": "northwind"},
        },
        {
            "at": "2026-03-02T09:00:00Z",
            "event": "created",
            "ticket": "C-1",
            "priority": "S2",
            "fields": {"customer": "contoso"},
        },
    ]
    events.write_text("".join(json.dumps(line) + "\n" for line in lines))
    status, out, err = run_cli(
        capsys, "evaluate", desk, str(events), "--at", "2026-03-02T10:00:00Z", "--format", "json"
    )
    assert (status, out) == (2, "")
    assert f"{events}:1:" in err and f"{events}:2:" not in err


def test_the_desk_table_names_each_tickets_policy(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    argv = ("evaluate", "examples/desk/support.desk", "examples/desk/events.jsonl")
    status, out, err = run_cli(capsys, *argv, "--at", "2026-03-02T09:30:00Z", "--format", "table")
    assert (status, err) == (0, "")
    # N-1 (learnamp P2 in 07:00-21:00): first response 2h from 09:00; resolution 42h, 41.5h
    # left at 09:30: Mon 11.5h, Tue 14h, Wed 14h, Thu 07:00 + 2h. C-1 (totara S2) just created.
    assert out.splitlines()[1:6] == [
        "ticket  policy    prio  metric          #  state    elapsed  target  when",
        "------  --------  ----  --------------  -  -------  -------  ------  ----------------",
        "N-1     learnamp  P2    first_response  1  running     0:30    2:00  2026-03-02 11:00",
        "N-1     learnamp  P2    resolution      1  running     0:30   42:00  2026-03-05 09:00",
        "C-1     totara    S2    first_response  1  running     0:00    4:00  2026-03-02 13:30",
    ]
