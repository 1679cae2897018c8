"""`slac evaluate` as a user runs it: exit status, what goes to stdout and to stderr.

Policy: `policies/totara.sla` (Mon-Fri 09:00-17:00 Europe/London; S2 first response 4h,
resolution 2 business days of 8h). March 2026 is GMT (British Summer Time starts 29 March).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from slac.cli import main

ROOT = Path(__file__).resolve().parent.parent

GOOD = [
    {
        "at": "2026-03-02T09:00:00Z",
        "event": "created",
        "ticket": "T-1",
        "priority": "S2",
        "fields": {"type": "query"},
    },
    {"at": "2026-03-02T10:30:00Z", "event": "comment", "ticket": "T-1", "author": "agent"},
    {"at": "2026-03-03T09:00:00Z", "event": "created", "ticket": "T-2", "priority": "S1"},
]
BAD_LINES = [
    '{"at": "2026-03-02T11:00:00", "event": "comment", "ticket": "T-1", "author": "agent"}',
    "not json",
    '{"at": "2026-03-02T11:00:00Z", "event": "priority", "ticket": "T-1", "priority": "P1"}',
]


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def write(tmp_path: Path, lines: list) -> str:
    path = tmp_path / "events.jsonl"
    path.write_text(
        "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines),
        encoding="utf-8",
    )
    return str(path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["evaluate", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_json_document_on_stdout(tmp_path, capsys):
    status, out, err = run(
        capsys,
        "policies/totara.sla",
        write(tmp_path, GOOD),
        "--at",
        "2026-03-03T10:00:00Z",
        "--format",
        "json",
    )
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert out == json.dumps(document) + "\n"  # one compact line, the keys in contract order
    assert document["policy"] == "totara"
    assert document["at"] == "2026-03-03T10:00:00Z"
    assert [t["ticket"] for t in document["tickets"]] == ["T-1", "T-2"]
    # T-1 first response: 09:00 -> 10:30 = 5400 s, within 4h
    assert document["tickets"][0]["metrics"][0] == {
        "metric": "first_response",
        "cycle": 1,
        "state": "met",
        "target": "4h",
        "target_seconds": 14400,
        "elapsed_seconds": 5400,
        "due": None,
        "breached_at": None,
        "stopped_at": "2026-03-02T10:30:00Z",
        "percent_elapsed": None,
        "remaining_seconds": None,
    }


def test_invalid_lines_exit_2_with_every_line_and_nothing_on_stdout(tmp_path, capsys):
    path = write(tmp_path, [*GOOD, *BAD_LINES])
    status, out, err = run(capsys, "policies/totara.sla", path, "--at", "2026-03-03T10:00:00Z")
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        f"{path}:4: `at` has no UTC offset: `2026-03-02T11:00:00` (write `2026-03-02T11:00:00Z` or add an offset such as `+01:00`)",
        f"{path}:5: not JSON: Expecting value at column 1",
        f"{path}:6: priority `P1` is not declared by the policy (declared: S1, S2, S3, S4)",
        f"slac: {path}: 3 invalid event lines; nothing evaluated (--skip-invalid evaluates the valid lines)",
    ]


def test_skip_invalid_warns_and_evaluates_the_rest(tmp_path, capsys):
    path = write(tmp_path, [*GOOD, *BAD_LINES])
    status, out, err = run(
        capsys,
        "policies/totara.sla",
        path,
        "--at",
        "2026-03-03T10:00:00Z",
        "--skip-invalid",
        "--format",
        "json",
    )
    assert status == 0
    assert [line.split(":")[0] for line in err.splitlines()] == ["warning"] * 3
    assert (
        err.splitlines()[0]
        == f"warning: {path}:4: `at` has no UTC offset: `2026-03-02T11:00:00` (write `2026-03-02T11:00:00Z` or add an offset such as `+01:00`)"
    )
    assert len(json.loads(out)["tickets"]) == 2


def test_problems_as_json_for_tools(tmp_path, capsys):
    path = write(tmp_path, [*GOOD, *BAD_LINES])
    argv = (
        "policies/totara.sla",
        path,
        "--at",
        "2026-03-03T10:00:00Z",
        "--problems-format",
        "json",
    )
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    problems = json.loads(err)  # stderr is one JSON document: no count line after it
    assert [(p["path"], p["line"], p["code"], p["severity"]) for p in problems] == [
        (path, 4, "E706", "error"),
        (path, 5, "E701", "error"),
        (path, 6, "E712", "error"),
    ]
    # Line 6, `{"at": "2026-03-02T11:00:00Z", "event": "priority", "ticket": "T-1", "priority": "P1"}`:
    # `{` 1, `"at": ` 2-7, the instant 8-29, `, ` 30-31, `"event": ` 32-40, `"priority"` 41-50,
    # `, ` 51-52, `"ticket": ` 53-62, `"T-1"` 63-67, `, ` 68-69, `"priority": ` 70-81, `"P1"` 82-85.
    assert (problems[2]["column"], problems[2]["end_column"]) == (82, 86)
    assert problems[1]["column"] == 1  # `not json`: the decoder stops at its first character
    assert problems[2]["message"] == (
        "priority `P1` is not declared by the policy (declared: S1, S2, S3, S4)"
    )


def test_skip_invalid_with_json_problems_makes_them_warnings(tmp_path, capsys):
    path = write(tmp_path, [*GOOD, *BAD_LINES])
    status, out, err = run(
        capsys,
        *("policies/totara.sla", path, "--at", "2026-03-03T10:00:00Z", "--skip-invalid"),
        *("--problems-format", "json", "--format", "json"),
    )
    assert status == 0
    assert [(p["line"], p["severity"]) for p in json.loads(err)] == [
        (4, "warning"),
        (5, "warning"),
        (6, "warning"),
    ]
    assert len(json.loads(out)["tickets"]) == 2


def test_standard_input(monkeypatch, capsys):
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("".join(json.dumps(e) + "\n" for e in GOOD) + "oops\n")
    )
    status, out, err = run(capsys, "policies/totara.sla", "-", "--at", "2026-03-03T10:00:00Z")
    assert (status, out) == (2, "")
    assert err.splitlines()[0] == "<stdin>:4: not JSON: Expecting value at column 1"


def test_at_ignores_later_events(tmp_path, capsys):
    _status, out, _ = run(
        capsys,
        "policies/totara.sla",
        write(tmp_path, GOOD),
        "--at",
        "2026-03-02T10:00:00Z",
        "--format",
        "json",
    )
    (ticket,) = json.loads(out)["tickets"]  # T-2 is created after --at
    # 09:00 -> 10:00 = 3600 s of 4h: due 3h later, 13:00
    assert ticket["metrics"][0]["state"] == "running"
    assert ticket["metrics"][0]["due"] == "2026-03-02T13:00:00Z"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(
            ("--at", "2026-03-02T10:00:00"),
            "slac: `--at` has no UTC offset: `2026-03-02T10:00:00` (write `2026-03-02T10:00:00Z` or "
            "add an offset such as `+01:00`)\n",
            id="at-without-offset",
        ),
        pytest.param(
            ("--at", "soon"),
            "slac: `--at` is not an ISO 8601 timestamp: `soon`\n",
            id="at-not-instant",
        ),
        pytest.param(
            ("--at", "2300-01-01T00:00:00Z"),
            # Refused before the files are read (issue 10), named as the other `--at` errors.
            "slac: `--at` is outside the years slac's "
            "calendars cover (1970 to 2199): `2300-01-01T00:00:00Z`\n",
            id="at-beyond-calendars",
        ),
    ],
)
def test_usage_errors_exit_2(tmp_path, capsys, argv, message):
    assert run(capsys, "policies/totara.sla", write(tmp_path, GOOD), *argv) == (2, "", message)


def test_missing_events_file_exits_2(capsys):
    status, out, err = run(
        capsys, "policies/totara.sla", "no/such/events.jsonl", "--at", "2026-03-03T10:00:00Z"
    )
    assert (status, out) == (2, "")
    assert err.startswith("slac: no/such/events.jsonl: cannot read: ")


def test_table_for_people(tmp_path, capsys, snapshot):
    lines = [
        *GOOD,
        {
            "at": "2026-03-03T09:30:00Z",
            "event": "fields",
            "ticket": "T-1",
            "fields": {"type": "bug"},
        },
    ]
    status, out, err = run(
        capsys,
        "policies/totara.sla",
        write(tmp_path, lines),
        "--at",
        "2026-03-03T12:00:00Z",
        "--format",
        "table",
    )
    assert (status, err) == (0, "")
    assert max(len(line) for line in out.splitlines()) <= 100
    assert out == snapshot


@pytest.mark.parametrize("tickets", [0, 1, 3])
def test_streamed_json_is_byte_for_byte_json_dumps(tickets):
    from slac import evaluate
    from slac.cli.json_output import write_json
    from slac.loader import load

    evaluation = evaluate(load("policies/totara.sla"), GOOD, at="2026-03-03T10:00:00Z")
    evaluation = type(evaluation)(
        evaluation.policy, evaluation.at, (evaluation.tickets * 2)[:tickets]
    )
    out = io.StringIO()
    write_json(evaluation, out)
    assert out.getvalue() == json.dumps(evaluation.to_dict()) + "\n"


def test_table_lists_excluded_tickets_under_it(tmp_path, capsys, snapshot):
    lines = [
        {
            "at": "2026-03-09T13:00:00Z",
            "event": "created",
            "ticket": "ELB-2",
            "priority": "normal",
            "fields": {"channel": "web_form"},
        },
        {
            "at": "2026-03-09T13:05:00Z",
            "event": "created",
            "ticket": "ELB-3",
            "priority": "high",
            "fields": {"channel": "chat"},
        },
    ]
    status, out, err = run(
        capsys,
        "policies/elb.sla",
        write(tmp_path, lines),
        "--at",
        "2026-03-09T15:00:00Z",
        "--format",
        "table",
    )
    assert (status, err) == (0, "")
    assert max(len(line) for line in out.splitlines()) <= 100
    assert out == snapshot


@pytest.mark.parametrize("command", ["evaluate", "report"])
def test_an_undeclared_field_key_is_warned_once_and_the_run_goes_on(tmp_path, capsys, command):
    # Contract §8.2: one warning per unknown key, on the first line it appears on, to stderr.
    events = write(
        tmp_path,
        [
            {**GOOD[0], "fields": {"type": "query", "tpye": "bug"}},
            GOOD[1],
            {
                "at": "2026-03-02T11:00:00Z",
                "event": "fields",
                "ticket": "T-1",
                "fields": {"tpye": "bug", "colour": "red"},
            },
        ],
    )
    status = main([command, "policies/totara.sla", events, "--at", "2026-03-02T12:00:00Z"])
    out, err = capsys.readouterr()
    assert status == 0 and out
    assert err == (
        f"warning: {events}:1: field `tpye` is not declared by the policy and is ignored "
        "(first on this line); did you mean `type`?\n"
        f"warning: {events}:3: field `colour` is not declared by the policy and is ignored "
        "(first on this line)\n"
    )
