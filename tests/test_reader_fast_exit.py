"""The `slac` console script ends the process without tearing down the heap (`slac.cli.console`).

Its statuses, standard output and standard error must be those of the interpreter's own exit,
which `python -m slac.cli` still takes (`sys.exit(main())`): each case runs both, with the same
descriptors broken the same way, and compares. `main` called in-process returns as before.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from slac.cli import main

ROOT = Path(__file__).parent.parent
POLICY = str(ROOT / "policies/impero.sla")
EVENTS = str(ROOT / "examples/impero/events.jsonl")
AT = "2026-03-05T12:00:00Z"
SCRIPT = Path(sys.executable).parent / "slac"

pytestmark = pytest.mark.skipif(
    not SCRIPT.exists(), reason="the `slac` console script is not installed beside this Python"
)


def both(
    argv: list[str], stdout: object = subprocess.PIPE, close_stdout: bool = False
) -> tuple[tuple[int, bytes, bytes], tuple[int, bytes, bytes]]:
    """(status, stdout, stderr) of the console script and of `python -m slac.cli`."""

    def before() -> None:
        if close_stdout:
            os.close(1)

    seen = []
    for command in ([str(SCRIPT)], [sys.executable, "-m", "slac.cli"]):
        process = subprocess.run(
            [*command, *argv],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
            preexec_fn=before,
            timeout=120,
            check=False,
        )
        seen.append((process.returncode, process.stdout or b"", process.stderr))
    return seen[0], seen[1]


@pytest.fixture
def bad_events(tmp_path: Path) -> str:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"at": 1}\n' * 3 + "not json\n", encoding="utf-8")
    return str(path)


CASES = {
    "valid run": ["evaluate", POLICY, EVENTS, "--at", AT, "--format", "json"],
    "table": ["evaluate", POLICY, EVENTS, "--at", AT, "--format", "table"],
    "check": ["check", POLICY],
    "help": ["--help"],
    "usage error": ["evaluate", "--no-such-option"],
    "missing file": ["evaluate", POLICY, "/nonexistent/events.jsonl", "--at", AT],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_console_script_exits_as_the_interpreter_would(case: str) -> None:
    script, module = both(CASES[case])
    assert script == module
    if case == "valid run":
        assert script[0] == 0 and script[1].startswith(b'{"policy": "impero"')


def test_invalid_input_is_exit_2_with_its_problems(bad_events: str) -> None:
    script, module = both(["evaluate", POLICY, bad_events, "--at", AT])
    assert script == module
    assert script[0] == 2 and b"bad.jsonl: 4 invalid event lines" in script[2]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("case", ["valid run", "table", "help"])
def test_a_full_disk_is_the_same_message_and_status(case: str) -> None:
    with open("/dev/full", "wb") as full:
        script, module = both(CASES[case], stdout=full)
    assert script == module
    assert script[0] == 2 and b"cannot write standard output" in script[2]


def test_a_closed_stdout_is_the_same_message_and_status() -> None:
    script, module = both(CASES["valid run"], close_stdout=True)
    assert script == module
    assert script[0] == 2 and b"cannot write standard output" in script[2]


def test_a_broken_pipe_is_the_same_status_without_a_word(tmp_path: Path) -> None:
    """The reader goes away after the first line: exit 0, nothing on stderr, both ways."""
    statuses = []
    for command in ([str(SCRIPT)], [sys.executable, "-m", "slac.cli"]):
        process = subprocess.Popen(
            [*command, *CASES["table"]],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None
        process.stdout.readline()
        process.stdout.close()
        _, stderr = process.communicate(timeout=120)
        statuses.append((process.wait(), stderr))
    assert statuses[0] == statuses[1] == (0, b"")


def test_main_in_process_still_returns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", POLICY]) == 0
    assert main(["evaluate", POLICY, EVENTS, "--at", AT, "--format", "json"]) == 0
    assert capsys.readouterr().out.count('"policy": "impero"') == 1
