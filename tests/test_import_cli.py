"""`slac import` on bad input: `FILE:LINE: reason` or `FILE: reason`, exit 2, nothing written,
never a traceback; `--skip-invalid` converts the rest; `-o` is all or nothing."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from slac.cli import main

ROOT = Path(__file__).resolve().parent.parent
SERVICENOW = ROOT / "tests/fixtures/import/servicenow/incidents.csv"
AUDIT = (
    '{"ticket_id": 7, "created_at": "2026-03-02T09:00:00Z", "author_id": 1, "events": '
    '[{"type": "Create", "field_name": "priority", "value": "low"}]}'
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["import", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_every_bad_json_line_is_reported_and_nothing_written(tmp_path, capsys):
    lines = [AUDIT, "not json", AUDIT.replace("2026-03-02T09:00:00Z", "2026-03-02 09:00"), "[1]"]
    path = write(tmp_path, "audits.jsonl", "\n".join(lines) + "\n")
    status, out, err = run(capsys, "zendesk", path)
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        f"{path}:2: not JSON (Expecting value)",
        f"{path}:3: `2026-03-02 09:00` is not an ISO 8601 timestamp with an offset",
        f"{path}:4: not a JSON object",
        "slac: 3 invalid records; nothing written (--skip-invalid converts the valid records)",
    ]


def test_skip_invalid_converts_the_rest(tmp_path, capsys):
    path = write(tmp_path, "audits.jsonl", AUDIT + "\nnot json\n")
    status, out, err = run(capsys, "zendesk", path, "--skip-invalid")
    assert status == 0
    assert out == (
        '{"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": "7", "priority": "low"}\n'
    )
    assert err.splitlines() == [
        f"warning: {path}:2: not JSON (Expecting value)",
        "slac import: 1 ticket, 1 event written to standard output; 1 skipped: invalid (1)",
    ]


def test_a_broken_document_names_its_line(tmp_path, capsys):
    path = write(tmp_path, "page.json", '{\n  "audits": [\n    {"ticket_id": 1,}\n  ]\n}\n')
    status, out, err = run(capsys, "zendesk", path)
    assert (status, out) == (2, "")
    assert err.splitlines()[0] == (
        f"{path}:3: not JSON (Expecting property name enclosed in double quotes)"
    )


def test_nesting_too_deep_is_a_message(tmp_path, capsys):
    path = write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000 + "\n")
    status, out, err = run(capsys, "jira", path)
    assert (status, out) == (2, "")
    assert err.splitlines()[0] == f"{path}: not JSON (nested too deeply)"


def test_output_file_is_all_or_nothing(tmp_path, capsys):
    bad = write(tmp_path, "audits.jsonl", AUDIT + "\nnot json\n")
    out = tmp_path / "events.jsonl"
    assert run(capsys, "zendesk", bad, "-o", str(out))[0] == 2
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [Path(bad)]  # no temporary file left behind
    good = write(tmp_path, "good.jsonl", AUDIT + "\n")
    status, stdout, err = run(capsys, "zendesk", good, "-o", str(out))
    assert (status, stdout) == (0, "")
    assert err == f"slac import: 1 ticket, 1 event written to {out}\n"
    assert out.read_text(encoding="utf-8").count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(
            ["csv", "{servicenow}"],
            "slac: the csv format needs --map MAP naming its columns (docs/import.md#csv)",
            id="csv-without-map",
        ),
        pytest.param(
            ["jira", "{tmp}/latin1.json", "--join", "{tmp}/other.csv"],
            "slac: --join is for the csv format, not jira",
            id="join-outside-csv",
        ),
        pytest.param(
            ["zendesk", "{tmp}/missing.json"],
            "slac: {tmp}/missing.json: cannot read: No such file or directory",
            id="missing-file",
        ),
        pytest.param(
            ["servicenow", "{tmp}/other.csv"],
            "slac: {tmp}/other.csv: no column number, incident_state, sys_mod_count,"
            " sys_updated_at: not a ServiceNow incident log (the UCI shape:"
            " docs/import.md#servicenow)",
            id="not-the-servicenow-shape",
        ),
        pytest.param(
            ["jira", "{tmp}/latin1.json"],
            "slac: {tmp}/latin1.json: not UTF-8 text (invalid continuation byte)",
            id="not-utf8",
        ),
        pytest.param(
            ["zendesk", "{tmp}/truncated.json.gz"],
            "slac: {tmp}/truncated.json.gz: cannot read: Compressed file ended before the"
            " end-of-stream marker was reached",
            id="truncated-gzip",
        ),
    ],
)
def test_unreadable_input_is_one_line_and_exit_2(tmp_path, capsys, argv, message):
    write(tmp_path, "other.csv", "opened_at,priority\n1/1/2020 10:00,P1\n")
    (tmp_path / "latin1.json").write_bytes('{"key": "caf\xe9 SUP-1"}\n'.encode("latin-1"))
    (tmp_path / "truncated.json.gz").write_bytes(gzip.compress(AUDIT.encode())[:-12])
    names = {"servicenow": str(SERVICENOW), "tmp": str(tmp_path)}
    status, out, err = run(capsys, *[a.format(**names) for a in argv])
    assert (status, out) == (2, "")
    assert err == message.format(**names) + "\n"


@pytest.mark.parametrize(
    ("toml", "lines"),
    [
        pytest.param(
            'ticket = "T"\ncolour = "blue"\n[instant]\ncolumn = "W"\nzone = "Mars/Olympus"\n',
            [
                "`colour`: unknown key (expected one of ticket, delimiter, created, instant,"
                " event, fields, join, status, priority, author, role, public)",
                "`instant.zone`: unknown time zone `Mars/Olympus` (an IANA name such as"
                " `Europe/Rome`)",
            ],
            id="unknown-key-and-zone",
        ),
        pytest.param(
            'delimiter = ";;"\n[event.values]\nA = "done"\nB = { comment = "robot" }\n'
            '[author.values]\nX = "boss"\n',
            [
                "`delimiter`: `;;` is not one character",
                '`event.values.A`: `"created"`, false or a table is expected',
                "`event.values.B`: `comment` is one of agent, customer, system, author",
                "`author.values.X`: `boss` is not one of agent, customer, system (or false)",
            ],
            id="bad-values",
        ),
        pytest.param("ticket = \n", None, id="not-toml"),
    ],
)
def test_every_map_problem_is_listed(tmp_path, capsys, toml, lines):
    path = write(tmp_path, "map.toml", toml)
    status, out, err = run(capsys, "csv", str(SERVICENOW), "--map", path)
    assert (status, out) == (2, "")
    if lines is None:
        assert err.startswith(f"slac: {path}: not TOML (")
    else:
        assert err.splitlines() == [f"slac: {path}: {lines[0]}"] + [
            f"{path}: {x}" for x in lines[1:]
        ]


def test_csv_map_needs_its_columns(tmp_path, capsys):
    path = write(tmp_path, "map.toml", "[event.values]\nA = false\n")
    status, _, err = run(capsys, "csv", str(SERVICENOW), "--map", path)
    assert status == 2
    assert err.splitlines() == [
        f"slac: {path}: `ticket`: the ticket column is not named",
        f"{path}: `instant.column`: the instant column is not named",
        f'{path}: `created`: no `[event.values]` entry is "created"; add one, or set'
        ' `created = "first row"`',
    ]


def test_servicenow_incident_split_in_the_file_is_invalid(tmp_path, capsys):
    lines = SERVICENOW.read_text(encoding="utf-8").splitlines()
    path = write(tmp_path, "split.csv", "\n".join([*lines[:2], lines[9], lines[2]]) + "\n")
    status, out, err = run(capsys, "servicenow", path)
    assert (status, out) == (2, "")
    assert err.splitlines()[0] == f"{path}:4: incident `INC1` continues after other incidents"


def test_servicenow_zone_from_the_map(tmp_path, capsys):
    path = write(tmp_path, "map.toml", '[instant]\nzone = "America/Sao_Paulo"\n')
    status, out, _ = run(capsys, "servicenow", str(SERVICENOW), "--map", path)
    assert status == 0
    # 29/2/2016 01:16 in Sao Paulo (UTC-3, its summer time ended on 21 Feb 2016) = 04:16Z
    assert out.splitlines()[0].startswith('{"at": "2016-02-29T04:16:00Z", "event": "created"')


def test_map_overrides_a_default_vocabulary(tmp_path, capsys):
    fixture = ROOT / "tests/fixtures/import/zendesk/audits.json"
    path = write(tmp_path, "map.toml", '[status.values]\ndeleted = "closed"\nsolved = false\n')
    status, out, err = run(capsys, "zendesk", str(fixture), "--map", path)
    assert status == 0
    assert '"ticket": "49", "status": "closed"}' in out
    assert '"status": "resolved"' not in out
    assert "is not mapped" not in err


ODD_SHAPES = [
    '{"audits": "x"}',
    '{"audits": [1, null, {"ticket_id": 1}]}',
    '{"audits": [{"ticket_id": 1, "created_at": "2026-01-01T00:00:00Z", "events": [{"type":'
    ' "Create", "field_name": "priority", "value": ["a"]}, {"type": "Change", "field_name":'
    ' "status", "value": {"x": 1}}, {"type": "Comment", "public": true, "author_id": [1]}]}]}',
    '{"ticket_events": [{"ticket_id": 2, "timestamp": 99999999999999, "child_events": []}]}',
    '{"ticket_events": [{"ticket_id": 2, "timestamp": true}]}',
    '{"users": [{"id": [1], "role": "agent"}], "audits": [{"ticket_id": 3, "created_at":'
    ' "2026-01-01T00:00:00Z", "author_id": [1], "events": [{"type": "Comment", "public": true}]}]}',
    '"just a string"',
    '{"issues": [{"key": "A", "fields": {"created": 5}}]}',
    '{"issues": [{"key": "A", "fields": {"created": "2026-01-01T00:00:00Z", "status": "x",'
    ' "priority": 3, "comment": {"comments": [{"created": "bad"}, {"author": "x", "created":'
    ' "2026-01-01T00:00:00Z"}]}}, "changelog": {"histories": [{"created":'
    ' "2026-01-02T00:00:00Z", "items": [{"field": "status", "to": null, "toString": null},'
    ' {"field": "priority", "toString": 5}]}]}}]}',
    '{"issues": [{"key": "B", "fields": {"created": "2026-01-01T00:00:00Z"}, "changelog":'
    ' {"histories": [{"created": null}]}}]}',
    '{"key": "C", "fields": null, "changelog": []}',
]


@pytest.mark.parametrize("text", ODD_SHAPES)
@pytest.mark.parametrize("fmt", ["zendesk", "jira"])
def test_odd_shapes_are_reported_never_raised(tmp_path, capsys, fmt, text):
    status, out, err = run(capsys, fmt, write(tmp_path, "odd.json", text + "\n"))
    assert status in (0, 2)
    assert status == 0 or out == ""
    assert "Traceback" not in err
    assert err.strip()  # something is always said: a problem, a warning or the summary


def test_standard_input_is_read_as_a_file_is(monkeypatch, capsys):
    text = "\ufeff" + AUDIT + "\nnot json\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    status, out, err = run(capsys, "zendesk", "-", "--skip-invalid")
    assert status == 0
    assert out == (
        '{"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": "7", "priority": "low"}\n'
    )
    assert err.splitlines()[0] == "warning: <stdin>:2: not JSON (Expecting value)"


def test_jira_status_mapped_by_id(tmp_path, capsys):
    fixture = ROOT / "tests/fixtures/import/jira/search.json"
    path = write(tmp_path, "map.toml", '[status.values]\n"10500" = "awaiting_third_party"\n')
    status, out, err = run(capsys, "jira", str(fixture), "--map", path)
    assert status == 0
    assert (
        '{"at": "2026-03-06T10:00:00Z", "event": "status", "ticket": "SUP-4",'
        ' "status": "awaiting_third_party"}\n'
    ) in out
    assert "Triage" not in err
