"""`slac report` end to end: exit status, standard output and standard error (contract §1, §5).

The policy loader is replaced by a policy built in Python (one first-response metric, wall
clock, Europe/London, a 95% objective), so these tests pin the command itself.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import attrs
import pytest

from slac import ir
from slac.business_time import AlwaysOpen
from slac.cli import main
from slac.cli.commands import report as command

POLICY = ir.Policy(
    name="acme",
    title="Acme",
    version=None,
    timezone="Europe/London",
    fields=(),
    priorities=ir.Priorities(names=("P1", "P2")),
    metrics=(
        ir.Metric(
            "first_response",
            start=(ir.Created(),),
            stop=(ir.Comment(frozenset({"agent"}), "public"), ir.Resolved()),
        ),
    ),
    targets=(
        (("P1", "first_response"), ir.Duration(3600)),
        (("P2", "first_response"), ir.Duration(7200)),
    ),
    calendar=ir.CalendarChoice(default=AlwaysOpen()),
    objectives=(ir.Objective("first_response", 95.0),),
)

EVENTS = (
    # P2 created 23:30 BST 31 March, answered 00:15 BST 1 April (45 of 120 min): met, April.
    '{"at": "2026-03-31T22:30:00Z", "event": "created", "ticket": "T1", "priority": "P2"}\n'
    '{"at": "2026-03-31T23:15:00Z", "event": "comment", "ticket": "T1", "author": "agent"}\n'
    # P1 created 21:00 BST 31 March: breached at 22:00 BST, 31 March; answered 1 April. March.
    '{"at": "2026-03-31T20:00:00Z", "event": "created", "ticket": "T2", "priority": "P1"}\n'
    '{"at": "2026-04-01T08:00:00Z", "event": "comment", "ticket": "T2", "author": "agent"}\n'
    # P1 created 1 April 09:00Z, answered 09:20Z: met, April.
    '{"at": "2026-04-01T09:00:00Z", "event": "created", "ticket": "T3", "priority": "P1"}\n'
    '{"at": "2026-04-01T09:20:00Z", "event": "comment", "ticket": "T3", "author": "agent"}\n'
)


@pytest.fixture
def acme(monkeypatch):
    monkeypatch.setattr(command, "load_policy", lambda path: POLICY)


def run(capsys, *argv):
    status = main(["report", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def write(tmp_path, text):
    path = tmp_path / "events.jsonl"
    path.write_text(text)
    return str(path)


def row(month, priority, counted, met, breached, percent, objective_met):
    return {
        "month": month,
        "metric": "first_response",
        "priority": priority,
        "counted": counted,
        "met": met,
        "breached": breached,
        "percent_met": percent,
        "objective_percent": 95.0,
        "objective_met": objective_met,
    }


def test_json_per_contract(acme, tmp_path, capsys):
    status, out, err = run(
        capsys,
        "acme.sla",
        write(tmp_path, EVENTS),
        "--at",
        "2026-04-02T00:00:00Z",
        "--format",
        "json",
    )
    assert (status, err) == (0, "")
    assert json.loads(out) == {
        "policy": "acme",
        "at": "2026-04-02T00:00:00Z",
        "rows": [
            row("2026-03", "P1", 1, 0, 1, 0.0, False),
            row("2026-03", None, 1, 0, 1, 0.0, False),
            # April: T3 (P1) met, T1 (P2) met.
            row("2026-04", "P1", 1, 1, 0, 100.0, True),
            row("2026-04", "P2", 1, 1, 0, 100.0, True),
            row("2026-04", None, 2, 2, 0, 100.0, True),
        ],
        "kpis": [],  # the policy declares no KPI
    }


def test_at_ignores_later_events(acme, tmp_path, capsys):
    # At 09:00 BST on 1 April (08:00Z, the instant of T2's answer) T1 is met and T2 breached;
    # T3 does not exist yet. Events at `at` itself are applied.
    status, out, _ = run(
        capsys,
        "acme.sla",
        write(tmp_path, EVENTS),
        "--at",
        "2026-04-01T09:00:00+01:00",
        "--format",
        "json",
    )
    assert status == 0
    assert json.loads(out)["rows"] == [
        row("2026-03", "P1", 1, 0, 1, 0.0, False),
        row("2026-03", None, 1, 0, 1, 0.0, False),
        row("2026-04", "P2", 1, 1, 0, 100.0, True),
        row("2026-04", None, 1, 1, 0, 100.0, True),
    ]


def test_table_for_people(acme, tmp_path, capsys):
    status, out, err = run(
        capsys,
        "acme.sla",
        write(tmp_path, EVENTS),
        "--at",
        "2026-04-02T00:00:00Z",
        "--format",
        "table",
    )
    assert (status, err) == (0, "")
    assert out == (
        "month    metric          priority  counted  met  breached  percent met  objective  objective met\n"
        "-------  --------------  --------  -------  ---  --------  -----------  ---------  -------------\n"
        "2026-03  first_response  P1              1    0         1           0%        95%  NO\n"
        "2026-03  first_response  all             1    0         1           0%        95%  NO\n"
        "2026-04  first_response  P1              1    1         0         100%        95%  yes\n"
        "2026-04  first_response  P2              1    1         0         100%        95%  yes\n"
        "2026-04  first_response  all             2    2         0         100%        95%  yes\n"
    )
    assert max(len(line) for line in out.splitlines()) <= 100


def test_nothing_final_yet_says_so(acme, tmp_path, capsys):
    # 20:30Z: T2 has run 30 of its 60 minutes, T1 and T3 do not exist yet.
    at = "2026-03-31T20:30:00Z"
    status, out, _ = run(
        capsys, "acme.sla", write(tmp_path, EVENTS), "--at", at, "--format", "table"
    )
    assert (status, out) == (
        0,
        "acme: no metric has reached its final state yet (nothing met or breached)\n",
    )


BAD = '{"at": "2026-04-01T10:00:00", "event": "created", "ticket": "T9", "priority": "P1"}\n'


def test_invalid_events_exit_2_with_nothing_on_stdout(acme, tmp_path, capsys):
    path = write(tmp_path, EVENTS + BAD)
    status, out, err = run(
        capsys, "acme.sla", path, "--at", "2026-04-02T00:00:00Z", "--format", "json"
    )
    assert (status, out) == (2, "")
    lines = err.splitlines()
    assert lines[0].startswith(f"{path}:7: ")
    assert (
        lines[-1]
        == f"slac: {path}: 1 invalid event line; nothing evaluated (--skip-invalid evaluates the valid lines)"
    )


def test_skip_invalid_reports_the_rest(acme, tmp_path, capsys):
    path = write(tmp_path, EVENTS + BAD)
    status, out, err = run(
        capsys,
        "acme.sla",
        path,
        "--at",
        "2026-04-02T00:00:00Z",
        "--format",
        "json",
        "--skip-invalid",
    )
    assert status == 0
    assert err.startswith(f"warning: {path}:7: ")
    assert len(json.loads(out)["rows"]) == 5


def test_events_from_standard_input(acme, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(EVENTS))
    status, out, _ = run(
        capsys, "acme.sla", "-", "--at", "2026-04-02T00:00:00Z", "--format", "json"
    )
    assert (status, len(json.loads(out)["rows"])) == (0, 5)


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (
            "2026-04-02T00:00:00",
            "slac: `--at` has no UTC offset: `2026-04-02T00:00:00` (write `2026-04-02T00:00:00Z` or add an offset such as `+01:00`)\n",
        ),
        ("tomorrow", "slac: `--at` is not an ISO 8601 timestamp: `tomorrow`\n"),
    ],
    ids=["no-offset", "not-an-instant"],
)
def test_bad_at_exit_2(acme, tmp_path, capsys, at, message):
    status, out, err = run(capsys, "acme.sla", write(tmp_path, EVENTS), "--at", at)
    assert (status, out, err) == (2, "", message)


def test_objective_for_one_priority_only(monkeypatch, tmp_path, capsys):
    policy = attrs.evolve(POLICY, objectives=(ir.Objective("first_response", 99.0, ("P1",)),))
    monkeypatch.setattr(command, "load_policy", lambda path: policy)
    status, out, _ = run(
        capsys,
        "acme.sla",
        write(tmp_path, EVENTS),
        "--at",
        "2026-04-02T00:00:00Z",
        "--format",
        "json",
    )
    assert status == 0
    got = [
        (r["month"], r["priority"], r["objective_percent"], r["objective_met"])
        for r in json.loads(out)["rows"]
    ]
    # 99% names P1 only: the P2 and all-priorities rows have no objective.
    assert got == [
        ("2026-03", "P1", 99.0, False),
        ("2026-03", None, None, None),
        ("2026-04", "P1", 99.0, True),
        ("2026-04", "P2", None, None),
        ("2026-04", None, None, None),
    ]


# ---------------------------------------------------------------------------------------------
# The shipped Impero policy, loaded from its .sla file

IMPERO = str(Path(__file__).resolve().parents[1] / "policies" / "impero.sla")

IMPERO_EVENTS = "".join(
    json.dumps(event) + "\n"
    for event in [
        # A, P2 (2h) at the UK desk (Mon-Fri 08:00-01:00 London): created Tuesday 31 March 23:30 BST,
        # answered Wednesday 1 April 00:15 BST (45 open minutes): met, in April in London although
        # it is still 31 March in UTC. Its resolution (2 working days) is running.
        {"at": "2026-03-31T22:30:00Z", "event": "created", "ticket": "A", "priority": "P2"},
        {"at": "2026-03-31T23:15:00Z", "event": "comment", "ticket": "A", "author": "agent"},
        # B, P1 (1h; resolution 1 working day = 17h): created Monday 30 March 10:00 BST. First
        # response breached at 11:00 BST on 30 March, answered 1 April: counts in March.
        # Resolution: 15h on Monday (10:00-01:00) + 2h on Tuesday from 08:00 = breached Tuesday
        # 31 March 10:00 BST: March.
        {"at": "2026-03-30T09:00:00Z", "event": "created", "ticket": "B", "priority": "P1"},
        {"at": "2026-04-01T09:00:00Z", "event": "comment", "ticket": "B", "author": "agent"},
        # D, an information request: P5 (first response 8h, no resolution target). Created
        # Wednesday 1 April 09:00 BST, answered 09:30: met in April; resolution not applicable.
        {
            "at": "2026-04-01T08:00:00Z",
            "event": "created",
            "ticket": "D",
            "fields": {"type": "information_request"},
        },
        {"at": "2026-04-01T08:30:00Z", "event": "comment", "ticket": "D", "author": "agent"},
        # C, P3 at the EST desk, created 08:00 EDT on 1 April: running at `at`, not counted.
        {
            "at": "2026-04-01T12:00:00Z",
            "event": "created",
            "ticket": "C",
            "priority": "P3",
            "fields": {"region": "est"},
        },
    ]
)


def test_impero_report_on_the_shipped_policy(tmp_path, capsys):
    status, out, err = run(
        capsys,
        IMPERO,
        write(tmp_path, IMPERO_EVENTS),
        "--at",
        "2026-04-01T13:00:00Z",
        "--format",
        "json",
    )
    assert (status, err) == (0, "")
    got = [
        (
            r["month"],
            r["metric"],
            r["priority"],
            r["counted"],
            r["met"],
            r["breached"],
            r["percent_met"],
            r["objective_percent"],
            r["objective_met"],
        )
        for r in json.loads(out)["rows"]
    ]
    # Both metrics have one 95% objective for all priorities together (§8.5): the priority
    # rows carry no verdict, the all-priorities row does.
    # Triage (30 minutes, no objective) stops at a ticket's first status event, and none of
    # the three has one: B breached at 10:30 BST on 30 March (March), A at 00:00 BST on 1 April
    # (its 23:30 start is in the UK desk's hours, which run to 01:00), D at 09:30 BST on 1 April,
    # C at 08:30 EDT on 1 April (the EST desk opens at 08:00; `at` is 09:00 EDT).
    # No ticket came by voicemail (`channel` unset): voicemail_response is not applicable.
    assert got == [
        ("2026-03", "first_response", "P1", 1, 0, 1, 0.0, None, None),
        ("2026-03", "first_response", None, 1, 0, 1, 0.0, 95.0, False),
        ("2026-03", "triage", "P1", 1, 0, 1, 0.0, None, None),
        ("2026-03", "triage", None, 1, 0, 1, 0.0, None, None),
        ("2026-03", "resolution", "P1", 1, 0, 1, 0.0, None, None),
        ("2026-03", "resolution", None, 1, 0, 1, 0.0, 95.0, False),
        ("2026-04", "first_response", "P2", 1, 1, 0, 100.0, None, None),
        ("2026-04", "first_response", "P5", 1, 1, 0, 100.0, None, None),
        ("2026-04", "first_response", None, 2, 2, 0, 100.0, 95.0, True),
        ("2026-04", "triage", "P2", 1, 0, 1, 0.0, None, None),
        ("2026-04", "triage", "P3", 1, 0, 1, 0.0, None, None),
        ("2026-04", "triage", "P5", 1, 0, 1, 0.0, None, None),
        ("2026-04", "triage", None, 3, 0, 3, 0.0, None, None),
    ]
    # Nothing resolved and no calls: no KPI has a month.
    assert json.loads(out)["kpis"] == []


def test_an_event_outside_the_calendars_years_is_an_invalid_line(tmp_path, capsys):
    # The calendars cover 1970-2200, so a ticket from 1960 cannot be measured: the events
    # file's line is at fault (contract §2: FILE:LINE: reason, exit 2, nothing on stdout).
    text = '{"at": "1960-01-01T00:00:00Z", "event": "created", "ticket": "T", "priority": "P1"}\n'
    events = write(tmp_path, text)
    # `--at` in range: one outside is refused before the file is read (issue 10).
    status, out, err = run(capsys, IMPERO, events, "--at", "2026-02-01T00:00:00Z")
    assert (status, out) == (2, "")
    assert err.startswith(f"{events}:1: ")
    assert "Traceback" not in err


def test_problems_as_json(acme, tmp_path, capsys):
    path = write(tmp_path, EVENTS + BAD)
    status, out, err = run(
        capsys, "acme.sla", path, "--at", "2026-04-02T00:00:00Z", "--problems-format", "json"
    )
    assert (status, out) == (2, "")
    (problem,) = json.loads(err)
    # `{"at": ` is columns 1-7, so the instant without an offset starts at column 8 and is 21
    # characters long (`"2026-04-01T10:00:00"`): columns 8-28.
    assert (problem["line"], problem["code"], problem["column"], problem["end_column"]) == (
        7,
        "E706",
        8,
        29,
    )
