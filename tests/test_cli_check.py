"""`slac check` and `slac explain` as a user runs them: exit status, stdout, stderr.

Transcripts (exit code + stdout + stderr) are syrupy snapshots; paths are relative to the
repository so the snapshots read like what a policy author sees.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from slac.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = "tests/fixtures/check"


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def run(capsys, *argv: str) -> str:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return f"$ slac {' '.join(argv)}\nexit {status}\n--- stdout\n{out}--- stderr\n{err}"


def test_shipped_policies_are_clean_as_a_whole_process():
    # The real entry point in a fresh interpreter: nothing at all on either stream.
    result = subprocess.run(
        [sys.executable, "-m", "slac.cli", "check", "policies/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_shipped_policies_json_is_an_empty_list(capsys):
    assert main(["check", "--format", "json", "policies/"]) == 0
    assert capsys.readouterr() == ("[]\n", "")


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(("check", f"{FIXTURES}/E101_unknown_calendar.sla"), id="error-exit-1"),
        pytest.param(("check", f"{FIXTURES}/W601_unused_calendar.sla"), id="warning-only-exit-0"),
        pytest.param(("check", "policies/", "no/such.sla"), id="missing-path-exit-2"),
        pytest.param(
            ("check", f"{FIXTURES}/E102_unknown_field.sla", "missing.sla"),
            id="missing-path-still-checks-the-rest",
        ),
        pytest.param(("check", "src/slac/cli/commands"), id="folder-without-sla-exit-2"),
        pytest.param(
            ("check", f"{FIXTURES}/E116_duplicate_policy"), id="duplicate-policy-across-files"
        ),
        pytest.param(
            ("check", "policies/elb.sla", "policies/"), id="file-named-twice-checked-once"
        ),
        pytest.param(("explain", "E101"), id="explain"),
        pytest.param(("explain", "e311"), id="explain-lower-case"),
        pytest.param(("explain", "E1O1"), id="explain-unknown-code-exit-2"),
        pytest.param(("explain", "E721"), id="explain-input-code"),
    ],
)
def test_transcript(capsys, snapshot, argv):
    assert run(capsys, *argv) == snapshot


def test_json_of_a_broken_file(capsys):
    status = main(["check", "--format", "json", f"{FIXTURES}/E101_unknown_calendar.sla"])
    out, err = capsys.readouterr()
    (entry,) = json.loads(out)
    assert (status, err) == (1, "")
    # The fixture's `during ofice` is line 25; `ofice` starts at column 12.
    assert entry == {
        "path": f"{FIXTURES}/E101_unknown_calendar.sla",
        "line": 25,
        "column": 12,
        "end_line": 25,
        "end_column": 17,
        "severity": "error",
        "code": "E101",
        "message": "unknown calendar `ofice`",
        "help": "did you mean `office`?",
    }


def test_text_that_is_not_utf8_is_a_diagnostic(capsys, tmp_path):
    # Latin-1 `é` (0xE9) on line 2: the file is readable, its text is wrong, as `load` reports it.
    path = tmp_path / "latin1.sla"
    path.write_bytes(b'# policy\npolicy p "caf\xe9" {}\n')
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == (
        f"{path}:2:1: error[E013]: the file is not UTF-8 text (help: save the file as UTF-8)\n1 error\n",
        "",
    )


def test_every_problem_in_every_file_in_one_run(capsys):
    status = main(
        ["check", f"{FIXTURES}/E101_unknown_calendar.sla", f"{FIXTURES}/E305_time_out_of_range.sla"]
    )
    out, _ = capsys.readouterr()
    assert status == 1
    # Both fixtures are `policy fx`, so checked together the second also repeats the name.
    assert [line.split(": ")[1] for line in out.splitlines()[:-1]] == [
        "error[E101]",
        "error[E116]",
        "error[E305]",
        "error[E305]",
        "error[E305]",
    ]
    assert out.splitlines()[-1] == "5 errors"


def test_check_help_states_the_default_it_has(capsys):
    # `--format` is text whatever stdout is (the concise form off a terminal); the help said
    # "text on a terminal, json otherwise".
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--format {json,text} output format (default: text)" in out
    assert main(["check", f"{FIXTURES}/E101_unknown_calendar.sla"]) == 1
    assert not capsys.readouterr().out.startswith("[")
