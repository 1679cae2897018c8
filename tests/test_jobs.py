"""`slac evaluate --jobs N`: the same bytes, problems, exit statuses and Ctrl-C as one process.

Each run is a whole `slac` process (the children are forked from it), compared with `--jobs 1`
on generated loads in file order and shuffled, with and without invalid lines under
`--skip-invalid`. The sharing itself (`slac.cli.commands._jobs.write_shares`) is also driven
directly, to see a child's failure come back as the parent's.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from slac.cli.commands._jobs import write_shares

ROOT = Path(__file__).resolve().parents[1]
POLICY = str(ROOT / "policies" / "impero.sla")
AT = "2026-12-31T00:00:00Z"
_SCRIPT = Path(sys.executable).parent / "slac"
SLAC = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "slac.cli"]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="--jobs forks")


def slac(*argv: str) -> tuple[int, bytes, bytes]:
    done = subprocess.run([*SLAC, *argv], capture_output=True, stdin=subprocess.DEVNULL)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def load() -> list[str]:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "gen_events.py"), "--events", "5000"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.splitlines()


def with_problems(texts: list[str]) -> list[str]:
    """Bad JSON, a second `created`, an event before its `created`, scattered through."""
    rng = random.Random(2)
    out = list(texts)
    created = [t for t in texts if '"created"' in t]
    out.insert(rng.randrange(len(out)), '{"at": "2026-01-05T00:00:00Z", "event": ')
    out.insert(rng.randrange(len(out)), created[7])
    orphan = json.loads(created[9])
    orphan.update(event="comment", author="agent", at="2025-12-31T00:00:00Z")
    del orphan["fields"]
    out.insert(rng.randrange(len(out)), json.dumps(orphan))
    return out


@pytest.mark.parametrize("problems", [False, True])
@pytest.mark.parametrize("shuffled", [False, True])
def test_jobs_give_the_bytes_of_one_process(tmp_path, load, shuffled, problems):
    texts = with_problems(load) if problems else list(load)
    if shuffled:
        random.Random(9).shuffle(texts)
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(texts) + "\n")
    argv = ("evaluate", POLICY, str(events), "--at", AT, "--format", "json", "--skip-invalid")
    one = slac(*argv, "--jobs", "1")
    assert one[0] == 0 and len(json.loads(one[1])["tickets"]) > 300
    assert (b"warning" in one[2]) == problems
    for jobs in ("2", "3"):
        assert slac(*argv, "--jobs", jobs) == one
    assert slac(*argv) == one  # the default, whatever it picks


def test_jobs_keep_exit_2_and_an_empty_stdout_on_invalid_input(tmp_path, load):
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(with_problems(load)) + "\n")
    argv = ("evaluate", POLICY, str(events), "--at", AT, "--format", "json")
    one = slac(*argv, "--jobs", "1")
    assert one[0] == 2 and one[1] == b"" and one[2].count(b"\n") >= 3
    assert slac(*argv, "--jobs", "2") == one


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_jobs_must_be_a_positive_whole_number(value):
    status, out, err = slac("evaluate", POLICY, "-", "--jobs", value)
    assert (status, out) == (2, b"")
    assert b"--jobs" in err and b"Traceback" not in err


def test_jobs_with_a_table_or_a_desk_is_one_process_and_the_same_text(tmp_path, load):
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(load[:800]) + "\n")
    argv = ("evaluate", POLICY, str(events), "--at", AT, "--format", "table")
    assert slac(*argv, "--jobs", "2") == slac(*argv, "--jobs", "1")


def shares_of(texts: list[str], fail: int | None = None, interrupt: int | None = None):
    def share_text(index: int, stream) -> None:
        if index == fail:
            stream.write("half written")
            raise ValueError(f"share {index} cannot be evaluated")
        if index == interrupt:
            raise KeyboardInterrupt
        stream.write(texts[index])

    return share_text


def test_write_shares_concatenates_in_order():
    texts = ["zero ", "one ", "twö ", "three"]  # a non-ASCII character crosses the pipe too
    out = io.StringIO()
    write_shares(len(texts), shares_of(texts), out)
    assert out.getvalue() == "".join(texts)


def test_when_no_process_can_be_had_this_one_writes_the_rest(second_fork_fails):
    forks = second_fork_fails
    texts = ["zero ", "one ", "two ", "three"]
    out = io.StringIO()
    write_shares(len(texts), shares_of(texts), out)
    assert (out.getvalue(), len(forks)) == ("".join(texts), 2)


def test_a_childs_value_error_is_the_parents():
    with pytest.raises(ValueError, match=r"^share 2 cannot be evaluated$"):
        write_shares(4, shares_of(["a", "b", "c", "d"], fail=2), io.StringIO())


def test_a_childs_interrupt_is_the_parents():
    with pytest.raises(KeyboardInterrupt):
        write_shares(3, shares_of(["a", "b", "c"], interrupt=1), io.StringIO())


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see children")
def test_ctrl_c_while_the_jobs_run_is_130_in_silence(tmp_path, load):
    events = tmp_path / "events.jsonl"
    texts = []  # the load twelve times over, each copy's tickets distinct
    for copy in range(12):
        texts += [t.replace('"INC-', f'"C{copy}-') for t in load]
    events.write_text("\n".join(texts) + "\n")
    process = subprocess.Popen(
        [*SLAC, "evaluate", POLICY, str(events), "--at", AT, "--format", "json", "--jobs", "3"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell's job: Ctrl-C reaches all
    )
    deadline = time.monotonic() + 60
    while len(_children(process.pid)) < 2:
        assert process.poll() is None, "finished before its children could be seen"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    children = _children(process.pid)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (130, b"")
    for child in children:  # none left behind
        assert not Path(f"/proc/{child}").exists() or "Z" in _state(child)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except (OSError, IndexError):
        return "Z"


def test_the_default_forks_only_for_enough_events_and_cpus(monkeypatch):
    from slac.cli.commands import _jobs

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert (_jobs.default_jobs(49_999), _jobs.default_jobs(50_000)) == (1, 2)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert _jobs.default_jobs(10**6) == 1
