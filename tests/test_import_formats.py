"""`slac import` on the hand-written fixtures (tests/fixtures/import/README.md): the events,
the warnings and the summary are written out by hand, then the events are read back through
`slac evaluate` against the fixture folder's policy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from slac.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIX = "tests/fixtures/import"

# (id, argv after `import`, expected events file, expected standard error)
CASES = [
    (
        "zendesk-audits",
        ["zendesk", f"{FIX}/zendesk/audits.json"],
        f"{FIX}/zendesk/audits.expected.jsonl",
        [
            f"warning: {FIX}/zendesk/audits.json: audits[9]: comment by user 400 skipped: the"
            " export does not say the user's role (add the users: include=users, or a users"
            " page before the audits)",
            f"warning: {FIX}/zendesk/audits.json: audits[10]: comment skipped: the export does"
            " not say whether it is public",
            "warning: ticket `12`: 1 record skipped: the export never creates this ticket (it"
            " was raised before the export starts, or its creation was skipped)",
            "warning: status `deleted` is not mapped (1 record; map it under [status.values] in"
            " the map file)",
            "slac import: 4 tickets, 24 events written to standard output; 3 skipped: comment"
            " by a user of unknown role (1), comment without a visibility (1), ticket never"
            " created in the export (1)",
        ],
    ),
    (
        "zendesk-incremental",
        ["zendesk", f"{FIX}/zendesk/users.json", f"{FIX}/zendesk/ticket_events.jsonl"],
        f"{FIX}/zendesk/ticket_events.expected.jsonl",
        ["slac import: 1 ticket, 9 events written to standard output"],
    ),
    (
        "jira-search",
        ["jira", f"{FIX}/jira/search.json"],
        f"{FIX}/jira/search.expected.jsonl",
        [
            f"warning: {FIX}/jira/search.json: issues[0] (SUP-1): comment[3]: comment skipped:"
            " it has no author (a deleted user?)",
            f"warning: {FIX}/jira/search.json: issues[2] (SUP-3): skipped: the page holds part"
            " of its changelog or comments (fetch them whole: /issue/{key}/changelog,"
            " /issue/{key}/comment)",
            "warning: status `Triage` is not mapped (1 record; map it under [status.values] in"
            " the map file)",
            "slac import: 3 tickets, 18 events written to standard output; 2 skipped: comment"
            " without an author (1), issue with a partial history (1)",
        ],
    ),
    (
        "servicenow",
        ["servicenow", f"{FIX}/servicenow/incidents.csv"],
        f"{FIX}/servicenow/incidents.expected.jsonl",
        [
            "note: updates stamped before the previous one, written at its instant: 1",
            "slac import: 2 tickets, 10 events written to standard output; 1 skipped: state"
            " `-100` (mapped to false) (1)",
        ],
    ),
    (
        "csv-spreadsheet",
        [
            "csv",
            f"{FIX}/csv/spreadsheet.csv",
            "--map",
            f"{FIX}/csv/spreadsheet.toml",
            "--skip-invalid",
        ],
        f"{FIX}/csv/spreadsheet.expected.jsonl",
        [
            f"warning: {FIX}/csv/spreadsheet.csv:9: column `When`: `30/03/2025 02:30` does not"
            " exist in Europe/Rome (the clocks went forward)",
            f"warning: {FIX}/csv/spreadsheet.csv:7: comment without an author: the author"
            " column is empty",
            f"warning: {FIX}/csv/spreadsheet.csv:12: comment without a visibility: `secret` is"
            " not mapped (name it in the event's entry or map a [public] column)",
            "warning: event `Escalated` is not mapped (1 record; map it under [event.values] in"
            " the map file)",
            "note: ambiguous local time read as the earlier: 1",
            "slac import: 2 tickets, 9 events written to standard output; 4 skipped: comment"
            " without a visibility (1), comment without an author (1), invalid (1), unmapped"
            " event (1)",
        ],
    ),
]


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize(
    ("argv", "expected", "stderr"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_fixture_gives_the_hand_written_events(capsys, argv, expected, stderr):
    assert main(["import", *argv]) == 0
    out, err = capsys.readouterr()
    assert out == Path(expected).read_text(encoding="utf-8")
    assert err.splitlines() == stderr


@pytest.mark.parametrize(
    ("argv", "expected", "stderr"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_written_events_evaluate(tmp_path, capsys, argv, expected, stderr):
    out = tmp_path / "events.jsonl"
    assert main(["import", *argv, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == Path(expected).read_text(encoding="utf-8")
    capsys.readouterr()
    policy = Path(expected).parent / "policy.sla"
    if not policy.exists():
        policy = Path("examples/servicenow/servicenow.sla")
    status = main(["evaluate", str(policy), str(out), "--at", "2026-04-01T00:00:00Z"])
    result, err = capsys.readouterr()
    # Exported fields the policy does not declare are kept and ignored, each warned once (W740).
    assert status == 0 and all(
        re.match(r"warning: .*: field `.*` is not declared by the policy", line)
        for line in err.splitlines()
    )
    written = {json.loads(line)["ticket"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert {t["ticket"] for t in json.loads(result)["tickets"]} == written
