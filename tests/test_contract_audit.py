"""Contract conformance found by a black-box audit: each test names the clause it holds.

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


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def write(tmp_path: Path, events: list[dict]) -> str:
    # json.dumps escapes a lone surrogate as `\ud800`: valid JSON that decodes to a str no
    # UTF-8 stream can encode.
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return str(path)


# §1: "No Python traceback ever reaches the user for bad input". A ticket id is any JSON
# string; the table for people must print the odd ones (a lone surrogate, control characters)
# without crashing or breaking its rows.
@pytest.mark.parametrize(
    "ticket, shown",
    [
        ("\ud800", "\\ud800"),  # encodable by no UTF-8 stdout: was a UnicodeEncodeError traceback
        ("a\nb", "a\\nb"),  # a newline would split the row in two
        ("tab\there", "tab\\there"),
        ("nul\x00", "nul\\x00"),
    ],
    ids=["lone-surrogate", "newline", "tab", "nul"],
)
def test_evaluate_table_prints_odd_ticket_ids_escaped(tmp_path, capsys, ticket, shown):
    path = write(
        tmp_path,
        [{"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": ticket, "priority": "S2"}],
    )
    status = main(
        [
            "evaluate",
            "policies/totara.sla",
            path,
            "--at",
            "2026-03-02T10:00:00Z",
            "--format",
            "table",
        ]
    )
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    out.encode("utf-8")  # what a UTF-8 terminal is given: must not raise
    rows = out.splitlines()[3:]
    # 09:00 -> 10:00 = 1:00 elapsed; first response 4h due 13:00, resolution 16h due Tue 17:00
    assert [row.split()[0] for row in rows] == [shown, shown]
    assert len(rows) == 2


def test_evaluate_table_excluded_list_escapes_odd_ticket_ids(tmp_path, capsys):
    # elb: a ticket not from the web form is excluded and listed under the table by id
    path = write(
        tmp_path,
        [
            {
                "at": "2026-03-02T15:00:00Z",
                "event": "created",
                "ticket": "x\ud800\n",
                "priority": "normal",
                "fields": {"channel": "email"},
            }
        ],
    )
    status = main(
        ["evaluate", "policies/elb.sla", path, "--at", "2026-03-02T16:00:00Z", "--format", "table"]
    )
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    out.encode("utf-8")
    assert "  x\\ud800\\n: not submitted through the Support Web Form (Table 2 notes)\n" in out


# §1/§2: `-` reads exactly as a file does; a byte-order mark is skipped (contract silent; RFC 8259 §8.1).
CREATED = '{"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": "A", "priority": "S2"}'
COMMENT = '{"at": "2026-03-02T10:00:00Z", "event": "comment", "ticket": "A", "author": "agent"}'
OUTAGE = '{"service": "platform", "start": "2026-03-10T00:00:00Z", "end": "2026-03-10T01:00:00Z"}'


def _stdin(monkeypatch, data: bytes) -> None:
    # What Python gives a process under LANG=C.UTF-8 (this machine's locale) or LANG=C:
    # stdin decodes UTF-8 with errors="surrogateescape", so bad bytes arrive as \udcXX.
    monkeypatch.setattr(
        "sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")
    )


# §1/§2 (`_common.read_lines`): `-` must read exactly what the same file would. A file with a
# non-UTF-8 byte exits 2 ("not UTF-8 text"); through stdin the byte became `\udcff`, the line
# was accepted, and a ticket "A\udcff" was evaluated (exit 0 with --skip-invalid, or a
# misleading "event for ticket `A` before its `created`" on line 2).
def test_evaluate_stdin_rejects_non_utf8_like_a_file(monkeypatch, capsys):
    data = CREATED.replace('"A"', '"A\xff"').encode("latin-1") + b"\n" + COMMENT.encode() + b"\n"
    _stdin(monkeypatch, data)
    status = main(
        ["evaluate", "policies/totara.sla", "-", "--at", "2026-03-02T12:00:00Z", "--format", "json"]
    )
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err.startswith("slac: <stdin>: not UTF-8 text")


def test_availability_stdin_rejects_non_utf8_like_a_file(monkeypatch, capsys):
    # An undeclared key holding a bad byte: through a file exit 2; through stdin it was exit 0.
    data = OUTAGE[:-1].encode() + b', "note": "\xfe"}\n'
    _stdin(monkeypatch, data)
    status = main(["availability", "policies/elb.sla", "-", "--format", "json"])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err.startswith("slac: <stdin>: not UTF-8 text")


# Silent area (events.py / outages.py): a UTF-8 BOM (Windows Notepad, Excel "CSV UTF-8" habits)
# made line 1 "not JSON: Unexpected UTF-8 BOM", and so every later line of that ticket invalid.
# RFC 8259 §8.1 lets a parser ignore the BOM; a careful user expects the file to be read.
def test_events_file_with_bom_and_crlf_reads_as_without(tmp_path, capsys):
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + CREATED.encode() + b"\r\n" + COMMENT.encode() + b"\r\n")
    status = main(
        [
            "evaluate",
            "policies/totara.sla",
            str(path),
            "--at",
            "2026-03-02T12:00:00Z",
            "--format",
            "json",
        ]
    )
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    # first response 09:00 -> 10:00 = 3600 s, met against 4h
    assert json.loads(out)["tickets"][0]["metrics"][0]["elapsed_seconds"] == 3600


def test_outages_file_with_bom_reads_as_without(tmp_path, capsys):
    path = tmp_path / "outages.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + OUTAGE.encode() + b"\r\n")
    status = main(["availability", "policies/elb.sla", str(path), "--format", "json"])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    # March 2026 in New York: 31 days less the spring-forward hour = 743 h = 44580 min; 60 down
    assert json.loads(out)["months"][0]["downtime_minutes"] == 60.0


# §2: "Invalid input — a line that is not JSON, a missing key, a timestamp without an offset, an
# unknown `event`, an event for a ticket before its `created`, a second `created`, a priority or
# field value the policy does not declare — is reported as `EVENTS:LINE: reason`, every such
# line, and the exit status is 2 with nothing on standard output. `--skip-invalid` reports the
# same lines as warnings, evaluates the rest, exits 0." Each kind has its own code (JSON form).
CONTRACT_MISTAKES = [
    ("not JSON", "{'at': 'x'}", "E701"),
    ("missing key", '{"event": "comment", "ticket": "A", "author": "agent"}', "E704"),
    (
        "no offset",
        '{"at": "2026-03-02T10:00:00", "event": "comment", "ticket": "A", "author": "agent"}',
        "E706",
    ),
    ("unknown event", '{"at": "2026-03-02T10:00:00Z", "event": "merged", "ticket": "A"}', "E710"),
    (
        "before created",
        '{"at": "2026-03-02T08:00:00Z", "event": "comment", "ticket": "A", "author": "agent"}',
        "E720",
    ),
    (
        "second created",
        '{"at": "2026-03-02T11:00:00Z", "event": "created", "ticket": "A", "priority": "S1"}',
        "E721",
    ),
    (
        "undeclared priority",
        '{"at": "2026-03-02T11:00:00Z", "event": "priority", "ticket": "A", "priority": "P1"}',
        "E712",
    ),
    (
        "undeclared field value",
        '{"at": "2026-03-02T11:00:00Z", "event": "fields", "ticket": "A", "fields": {"type": "x"}}',
        "E713",
    ),
]


def _contract_events(tmp_path: Path) -> str:
    path = tmp_path / "events.jsonl"
    path.write_text(
        CREATED + "\n" + "".join(line + "\n" for _, line, _ in CONTRACT_MISTAKES), encoding="utf-8"
    )
    return str(path)


def test_every_invalid_line_kind_the_contract_names_is_reported_with_its_line(tmp_path, capsys):
    path = _contract_events(tmp_path)
    argv = ["evaluate", "policies/totara.sla", path, "--at", "2026-03-02T12:00:00Z"]
    status = main(argv)
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    lines = err.splitlines()
    # line 1 is the valid `created`; the mistakes follow on lines 2-9, in file order
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        f"{path}:{n}" for n in range(2, 2 + len(CONTRACT_MISTAKES))
    ]
    assert lines[-1].startswith(f"slac: {path}: 8 invalid event lines")

    assert main([*argv, "--problems-format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert [(p["line"], p["code"]) for p in json.loads(err)] == [
        (n, code) for n, (_, _, code) in enumerate(CONTRACT_MISTAKES, start=2)
    ]


def test_skip_invalid_warns_about_the_same_lines_and_evaluates_the_rest(tmp_path, capsys):
    path = _contract_events(tmp_path)
    status = main(
        [
            *("evaluate", "policies/totara.sla", path, "--at", "2026-03-02T12:00:00Z"),
            *("--skip-invalid", "--format", "json"),
        ]
    )
    out, err = capsys.readouterr()
    assert status == 0
    assert [line.split(": ")[:2] for line in err.splitlines()] == [
        ["warning", f"{path}:{n}"] for n in range(2, 2 + len(CONTRACT_MISTAKES))
    ]
    # ticket A (S2, created 09:00) is evaluated from its valid `created` alone
    assert [t["ticket"] for t in json.loads(out)["tickets"]] == ["A"]
