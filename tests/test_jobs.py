"""`slac evaluate --jobs N`: the same bytes, problems, exit statuses and Ctrl-C as one process.

Each run is a whole `slac` process (the children are forked from it), compared with `--jobs 1`
on generated loads in file order and shuffled, with and without invalid lines under
`--skip-invalid`; from standard input and a named pipe too (copied to a temporary file, then
read by each process as a file is). How the processes share a file, and a child's failure
coming back as the parent's, are in tests/test_jobs_read.py.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
POLICY = str(ROOT / "policies" / "impero.sla")
AT = "2026-12-31T00:00:00Z"
_SCRIPT = Path(sys.executable).parent / "slac"
SLAC = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "slac.cli"]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="--jobs forks")


def slac(*argv: str, stdin: bytes | None = None) -> tuple[int, bytes, bytes]:
    done = subprocess.run(
        [*SLAC, *argv],
        capture_output=True,
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
    )
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


@pytest.mark.parametrize("format", ["json", "csv"])
@pytest.mark.parametrize("problems", [False, True])
@pytest.mark.parametrize("shuffled", [False, True])
def test_jobs_give_the_bytes_of_one_process(tmp_path, load, shuffled, problems, format):
    texts = with_problems(load) if problems else list(load)
    if shuffled:
        random.Random(9).shuffle(texts)
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(texts) + "\n")
    argv = ("evaluate", POLICY, str(events), "--at", AT, "--format", format, "--skip-invalid")
    one = slac(*argv, "--jobs", "1")
    tickets = (
        len(json.loads(one[1])["tickets"])
        if format == "json"
        else len({row.split(",")[0] for row in one[1].decode().splitlines()[1:]})
    )
    assert one[0] == 0 and tickets > 300
    assert (b"warning" in one[2]) == problems
    for jobs in ("2", "3"):
        assert slac(*argv, "--jobs", jobs) == one
    assert slac(*argv) == one  # the default, whatever it picks


@pytest.mark.parametrize("problems", [False, True])
def test_standard_input_with_jobs_gives_the_bytes_of_one_process(load, problems):
    texts = with_problems(load) if problems else list(load)
    random.Random(4).shuffle(texts)
    data = ("\n".join(texts) + "\n").encode()
    argv = ("evaluate", POLICY, "-", "--at", AT, "--format", "json", "--skip-invalid")
    one = slac(*argv, "--jobs", "1", stdin=data)
    assert one[0] == 0 and len(json.loads(one[1])["tickets"]) > 300
    # Problems name the input `<stdin>`, not the temporary copy the processes read.
    assert (b"<stdin>:" in one[2]) == problems and b"slac-events-" not in one[2]
    for jobs in ("2", "3"):
        assert slac(*argv, "--jobs", jobs, stdin=data) == one
    assert slac(*argv, stdin=data) == one  # the default: one process for so few events


def test_standard_input_with_jobs_keeps_exit_2_and_the_readers_words(load):
    argv = ("evaluate", POLICY, "-", "--at", AT, "--format", "json")
    bad = ("\n".join(with_problems(load)) + "\n").encode()
    one = slac(*argv, "--jobs", "1", stdin=bad)
    assert one[0] == 2 and one[1] == b"" and one[2].count(b"<stdin>:") >= 3
    assert slac(*argv, "--jobs", "2", stdin=bad) == one
    # A byte that is not UTF-8, and a byte-order mark (skipped), as one process reads them.
    broken = b"\xef\xbb\xbf" + "\n".join(load[:50]).encode() + b"\n\xff\n"
    one = slac(*argv, "--jobs", "1", stdin=broken)
    assert one[0] == 2 and one[2].startswith(b"slac: <stdin>: not UTF-8 text")
    assert slac(*argv, "--jobs", "2", stdin=broken) == one
    fine = b"\xef\xbb\xbf" + "\n".join(load[:50]).encode() + b"\n"
    one = slac(*argv, "--jobs", "1", stdin=fine)
    assert one[0] == 0 and slac(*argv, "--jobs", "2", stdin=fine) == one


def test_closed_standard_input_with_jobs_is_worded_as_for_one_process():
    command = [*SLAC, "evaluate", POLICY, "-", "--at", AT, "--format", "json", "--jobs"]
    runs = [
        subprocess.run(
            [*command, jobs],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            preexec_fn=lambda: os.close(0),
        )
        for jobs in ("1", "2")
    ]
    assert runs[0].returncode == runs[1].returncode == 2
    assert (
        runs[0].stderr
        == runs[1].stderr
        == b"slac: <stdin>: cannot read: standard input is closed\n"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_with_jobs_gives_the_bytes_of_a_file(tmp_path, load):
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(load) + "\n")
    pipe = tmp_path / "events.pipe"
    os.mkfifo(pipe)
    argv = ("evaluate", POLICY, "--at", AT, "--format", "json")
    one = slac(argv[0], argv[1], str(events), *argv[2:], "--jobs", "1")
    process = subprocess.Popen(
        [*SLAC, argv[0], argv[1], str(pipe), *argv[2:], "--jobs", "2"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    pipe.write_bytes(events.read_bytes())  # blocks until slac opens its end
    out, err = process.communicate(timeout=60)
    assert (process.returncode, out, err) == one


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


def test_ctrl_c_while_standard_input_is_copied_is_130_and_leaves_no_copy(tmp_path, load):
    process = subprocess.Popen(
        [*SLAC, "evaluate", POLICY, "-", "--at", AT, "--format", "json", "--jobs", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    assert process.stdin is not None
    process.stdin.write(("\n".join(load) + "\n").encode())  # the copy is under way, unfinished
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("slac-events-*")):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (130, b"")
    assert list(tmp_path.iterdir()) == []
