"""Contract conformance found by a black-box audit: each test names the clause it holds.

Policy: `policies/totara.sla` (Mon-Fri 09:00-17:00 Europe/London; S2 first response 4h,
resolution 2 business days of 8h). March 2026 is GMT (British Summer Time starts 29 March).
"""

from __future__ import annotations

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
    path = write(tmp_path, [{"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": ticket, "priority": "S2"}])
    status = main(["evaluate", "policies/totara.sla", path, "--at", "2026-03-02T10:00:00Z", "--format", "table"])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    out.encode("utf-8")  # what a UTF-8 terminal is given: must not raise
    rows = out.splitlines()[3:]
    # 09:00 -> 10:00 = 1:00 elapsed; first response 4h due 13:00, resolution 16h due Tue 17:00
    assert [row.split()[0] for row in rows] == [shown, shown]
    assert len(rows) == 2


def test_evaluate_table_excluded_list_escapes_odd_ticket_ids(tmp_path, capsys):
    # elb: a ticket not from the web form is excluded and listed under the table by id
    path = write(tmp_path, [{"at": "2026-03-02T15:00:00Z", "event": "created", "ticket": "x\ud800\n",
                             "priority": "normal", "fields": {"channel": "email"}}])
    status = main(["evaluate", "policies/elb.sla", path, "--at", "2026-03-02T16:00:00Z", "--format", "table"])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    out.encode("utf-8")
    assert "  x\\ud800\\n: not submitted through the Support Web Form (Table 2 notes)\n" in out
