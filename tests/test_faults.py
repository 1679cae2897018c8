"""Fault injection through the real command line (issue 10): every way in, every way out.

Each test runs the installed `slac` program as a subprocess and breaks something around it:
closed descriptors, a full disk, a reader that goes away, Ctrl-C, folders it may not read,
JSON at the decoder's limits, odd file names. Whatever happens: no Python traceback, the exit
status contract §1 gives (check 0/1/2, the others 0 or 2, 130 for Ctrl-C), and output cut
short only with a message saying so (a broken pipe excepted: the reader chose to stop).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
POLICY = str(ROOT / "policies/impero.sla")
EVENTS = str(ROOT / "examples/impero/events.jsonl")
OUTAGES = str(ROOT / "examples/impero/outages.jsonl")
AT = "2026-03-05T12:00:00Z"
FIXTURES = ROOT / "tests/fixtures/check"

_SCRIPT = Path(sys.executable).parent / "slac"
SLAC = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "slac.cli"]


def run(
    *argv: str,
    stdin: object = subprocess.DEVNULL,
    stdout: object = subprocess.PIPE,
    stderr: object = subprocess.PIPE,
    close: tuple[int, ...] = (),
    env: dict[str, str] | None = None,
    preexec: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """`slac ARGV`, with the descriptors in `close` closed before it starts."""

    def before() -> None:
        for fd in close:
            os.close(fd)
        if preexec is not None:
            preexec()

    return subprocess.run(
        [*SLAC, *argv],
        stdin=stdin,
        stdout=stdout,
        stderr=stderr,
        preexec_fn=before,
        env=env,
        timeout=120,
        check=False,
    )


def no_traceback(stderr: bytes | None) -> None:
    text = (stderr or b"").decode("utf-8", "replace")
    assert "Traceback" not in text, text
    assert "Exception ignored" not in text, text


@pytest.fixture
def bad_events(tmp_path: Path) -> str:
    """20,000 invalid event lines: more problem text than a pipe holds (64 KiB)."""
    path = tmp_path / "bad.jsonl"
    path.write_text('{"at": 1}\n' * 20_000, encoding="utf-8")
    return str(path)


def many_events(tmp_path: Path, copies: int) -> str:
    """The Impero example repeated `copies` times with the ticket ids made distinct."""
    out = []
    lines = Path(EVENTS).read_text(encoding="utf-8").splitlines()
    for copy in range(copies):
        for line in lines:
            event = json.loads(line)
            if "ticket" in event:
                event["ticket"] = f"{event['ticket']}-{copy}"
            if "fixes" in event:
                event["fixes"] = [f"{t}-{copy}" for t in event["fixes"]]
            out.append(json.dumps(event))
    path = tmp_path / f"events-{copies}.jsonl"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------------------------------------
# Standard streams


def test_closed_stdout_is_a_message_and_exit_2():
    result = run("evaluate", POLICY, EVENTS, "--at", AT, close=(1,))
    no_traceback(result.stderr)
    assert result.returncode == 2
    assert result.stderr == (
        b"slac: cannot write standard output (it is closed); the output is incomplete\n"
    )


def test_closed_stdout_for_check_with_errors_is_exit_2_not_1():
    result = run("check", str(FIXTURES / "E101_unknown_calendar.sla"), close=(1,))
    no_traceback(result.stderr)
    assert result.returncode == 2
    assert b"cannot write standard output" in result.stderr


def test_closed_stdout_with_nothing_to_write_is_no_failure():
    # A clean `check` in text form prints nothing: there is no output to lose.
    result = run("check", POLICY, close=(1,))
    assert (result.returncode, result.stderr) == (0, b"")


def test_a_narrow_output_encoding_escapes_what_it_cannot_write():
    # PYTHONIOENCODING=ascii and a `§` in an exclusion reason: escaped, not an encoding error.
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    events = str(ROOT / "examples/clicklearn/events.jsonl")
    clicklearn = str(ROOT / "policies/clicklearn.sla")
    result = run("evaluate", clicklearn, events, "--at", AT, "--format", "table", env=env)
    no_traceback(result.stderr)
    assert result.returncode == 0
    assert b"(\\xa71.0)" in result.stdout


def test_closed_stdin_read_as_dash_is_a_message_and_exit_2():
    result = run("evaluate", POLICY, "-", "--at", AT, close=(0,))
    no_traceback(result.stderr)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr == b"slac: <stdin>: cannot read: standard input is closed\n"


def test_closed_stdin_is_no_matter_when_not_read():
    result = run("evaluate", POLICY, EVENTS, "--at", AT, "--format", "json", close=(0,))
    assert result.returncode == 0
    assert json.loads(result.stdout)["at"] == AT


def test_closed_stderr_keeps_the_exit_status_of_invalid_input(bad_events):
    result = run("evaluate", POLICY, bad_events, "--at", AT, close=(2,))
    assert result.returncode == 2
    assert result.stdout == b""


def test_closed_stderr_and_a_valid_run_is_exit_0():
    result = run("availability", POLICY, OUTAGES, "--format", "json", close=(2,))
    assert result.returncode == 0
    assert json.loads(result.stdout)["policy"] == "impero"


@pytest.mark.parametrize(
    "argv",
    [
        ("evaluate", POLICY, EVENTS, "--at", AT, "--format", "json"),
        ("evaluate", POLICY, EVENTS, "--at", AT, "--format", "table"),
        ("report", POLICY, EVENTS, "--at", AT, "--format", "json"),
        ("availability", POLICY, OUTAGES, "--format", "table"),
        ("check", "--format", "json", POLICY),
        ("explain", "E101"),
        ("--help",),
    ],
    ids=["evaluate-json", "evaluate-table", "report", "availability", "check", "explain", "help"],
)
def test_a_full_disk_is_a_message_and_exit_2(argv):
    with open("/dev/full", "wb") as full:
        result = run(*argv, stdout=full)
    no_traceback(result.stderr)
    assert result.returncode == 2
    assert result.stderr.endswith(
        b"slac: cannot write standard output (No space left on device); the output is incomplete\n"
    )


def _read_a_little_then_hang_up(argv: tuple[str, ...], merged: bool) -> tuple[int, bytes]:
    """`slac ARGV | head -c 1024` (with `2>&1` when `merged`): the exit status and what stderr
    said when not merged. (Bytes, not a line: the JSON document is one line.)"""
    process = subprocess.Popen(
        [*SLAC, *argv],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merged else subprocess.PIPE,
    )
    assert process.stdout is not None
    assert len(process.stdout.read(1024)) == 1024
    process.stdout.close()
    stderr = b"" if merged or process.stderr is None else process.stderr.read()
    return process.wait(timeout=120), stderr


def test_a_broken_pipe_while_problems_are_reported_is_still_exit_2(bad_events):
    # `slac evaluate P bad.jsonl 2>&1 | head -1`: the input is invalid whoever stops reading.
    status, _ = _read_a_little_then_hang_up(("evaluate", POLICY, bad_events, "--at", AT), True)
    assert status == 2


def test_a_broken_pipe_on_valid_output_is_exit_0_without_a_word(tmp_path):
    events = many_events(tmp_path, 20)  # about 1.3 MB of JSON out, far more than a pipe holds
    argv = ("evaluate", POLICY, events, "--at", AT, "--format", "json")
    status, stderr = _read_a_little_then_hang_up(argv, False)
    assert (status, stderr) == (0, b"")


def test_a_broken_pipe_keeps_checks_exit_1(tmp_path):
    # `slac check DIR | head -1` on a folder with errors: 1, not the 0 it was.
    status, stderr = _read_a_little_then_hang_up(("check", str(FIXTURES)), False)
    assert (status, stderr) == (1, b"")


# ---------------------------------------------------------------------------------------------
# Ctrl-C


def _interrupted(process: subprocess.Popen[bytes]) -> tuple[int, bytes]:
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    return process.returncode, stderr


_PACKAGE_INITS = ("slac/__init__.py", "slac/cli/__init__.py")


def _slac_frames(stderr: bytes) -> bool:
    """Whether a traceback shows slac's own code running: any frame in slac's sources but the
    bodies of the two packages the console script imports before calling `main`."""
    source = str(ROOT / "src" / "slac")
    for line in stderr.decode("utf-8", "replace").splitlines():
        if source in line and not (
            line.rstrip().endswith("in <module>") and any(p in line for p in _PACKAGE_INITS)
        ):
            return True
    return False


@pytest.mark.parametrize("delay", [0.0, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3])
def test_ctrl_c_during_start_up_is_130_without_a_traceback(delay):
    # Python's own start-up and the console-script wrapper (before slac's first line) may still
    # die of the signal as Python does; once slac's code runs, Ctrl-C is exit 130 in silence.
    process = subprocess.Popen(
        [*SLAC, "evaluate", POLICY, EVENTS, "--at", AT],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(delay)
    status, stderr = _interrupted(process)
    # Never a frame of slac's own code in a traceback; 130 in silence once it runs (0 if it
    # finished first); anything else is Python dying in its own start-up (its site module, the
    # wrapper's imports), before slac's first line.
    assert not _slac_frames(stderr), stderr.decode()
    if status in (0, 130):
        assert stderr == b""
    else:
        assert status in (1, -signal.SIGINT), stderr


def _wait_until_open(process: subprocess.Popen[bytes], path: str) -> None:
    """Until `process` has `path` open (it is reading it), by its /proc entry."""
    fds = Path(f"/proc/{process.pid}/fd")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if any(os.readlink(fd) == path for fd in fds.iterdir()):
                return
        except OSError:  # a descriptor closed while we looked: look again
            pass
        time.sleep(0.002)
    pytest.fail(f"slac never opened {path}")


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see open files")
def test_ctrl_c_during_a_long_run_is_130_with_nothing_half_written(tmp_path):
    events = many_events(tmp_path, 60)
    process = subprocess.Popen(
        [*SLAC, "evaluate", POLICY, events, "--at", AT, "--format", "json"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _wait_until_open(process, events)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert (process.returncode, stdout, stderr) == (130, b"", b"")


def test_ctrl_c_inside_slac_is_130_in_process(monkeypatch, capsys):
    # The same path without timing: an interrupt raised at the first lazy import of a command.
    import importlib

    from slac.cli import main

    def interrupted(name: str, package: str | None = None) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(importlib, "import_module", interrupted)
    assert main(["explain", "E101"]) == 130
    assert capsys.readouterr() == ("", "")


# ---------------------------------------------------------------------------------------------
# Paths


def _as_nobody() -> Callable[[], None] | None:
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        return None

    def drop() -> None:
        os.setgid(nobody.pw_gid)
        os.setgroups([])
        os.setuid(nobody.pw_uid)

    return drop


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder under /tmp that another user can enter (pytest's tmp_path is root's only)."""
    path = Path(tempfile.mkdtemp(prefix="slac-faults-", dir="/tmp"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for folder, _dirs, _files in os.walk(path):
            os.chmod(folder, 0o755)
        shutil.rmtree(path)


def _runs_as_nobody(drop: Callable[[], None]) -> list[str] | None:
    """How `nobody` can start slac: the installed program, or (when this interpreter lives where
    `nobody` may not go, as pyenv's under /root) a system Python of the same version given
    slac's sources and this environment's packages. None when neither runs."""
    site = sysconfig.get_paths()["purelib"]
    boot = (
        f"import sys; sys.path[:0] = [{str(ROOT / 'src')!r}, {site!r}]; "
        "from slac.cli import main; sys.exit(main())"
    )
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system = [f"/usr/bin/{version}", "-c", boot]
    for command in (SLAC, system):
        try:
            probe = subprocess.run(
                [*command, "explain", "E101"], capture_output=True, preexec_fn=drop, check=False
            )
        except OSError:
            continue
        if probe.returncode == 0:
            return command
    return None


def test_an_unreadable_folder_is_reported_never_skipped(shared_dir):
    drop = _as_nobody()
    if drop is None:
        pytest.skip("needs root, to run slac as `nobody` (root reads every folder)")
    command = _runs_as_nobody(drop)
    if command is None:
        pytest.skip("`nobody` cannot start slac from this checkout")
    (shared_dir / "open").mkdir()
    (shared_dir / "locked").mkdir()
    for name in ("open", "locked"):
        policy = (ROOT / "policies/impero.sla").read_text(encoding="utf-8")
        (shared_dir / name / "p.sla").write_text(policy, encoding="utf-8")
        (shared_dir / name / "p.sla").chmod(0o644)
    (shared_dir / "locked").chmod(0o000)
    result = subprocess.run(
        [*command, "check", "--format", "json", str(shared_dir)],
        capture_output=True,
        preexec_fn=drop,
        check=False,
    )
    no_traceback(result.stderr)
    assert result.returncode == 2
    # The readable policy is checked (and clean: the locked copy would clash with it, E116).
    assert json.loads(result.stdout) == []
    assert result.stderr == (
        f"slac: {shared_dir}/locked: cannot read folder: Permission denied\n".encode()
    )


def test_an_empty_path_is_no_such_file_not_the_current_folder():
    result = run("check", "")
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr == b"slac: '': no such file or directory\n"
    result = run("evaluate", POLICY, "", "--at", AT)
    assert result.returncode == 2
    assert result.stderr == b"slac: '': cannot read: No such file or directory\n"


def test_the_same_file_by_any_route_is_checked_once(tmp_path):
    folder = tmp_path / "policies"
    folder.mkdir()
    shutil.copy(POLICY, folder / "impero.sla")
    os.link(folder / "impero.sla", folder / "hard-link.sla")
    (folder / "symlink.sla").symlink_to("impero.sla")
    result = run(
        "check", "--format", "json", str(folder), f"{folder}/../policies/impero.sla", str(folder)
    )
    # Checked twice, the one policy would clash with itself (E116, duplicate policy name).
    assert (result.returncode, json.loads(result.stdout), result.stderr) == (0, [], b"")


def test_two_identical_copies_are_two_policies_with_one_name(tmp_path):
    shutil.copy(POLICY, tmp_path / "a.sla")
    shutil.copy(POLICY, tmp_path / "b.sla")
    result = run("check", "--format", "json", str(tmp_path))
    assert result.returncode == 1
    assert [d["code"] for d in json.loads(result.stdout)] == ["E116"]


def test_a_file_name_that_is_not_utf8_is_printed_escaped_in_valid_utf8(tmp_path):
    name = os.fsencode(tmp_path) + b"/bad\xff\x1bname.sla"
    with open(name, "wb") as out:
        out.write(b'policy broken "x" {\n  timezone "Nowhere/Land"\n}\n')
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    for form in ("json", "text"):
        result = run("check", "--format", form, os.fsdecode(tmp_path), env=env)
        assert result.returncode == 1
        text = result.stdout.decode("utf-8")  # strict: raises on any byte that is not UTF-8
        assert f"{tmp_path}/bad\\xff\\x1bname.sla" in (
            json.loads(text)[0]["path"] if form == "json" else text
        )


def test_a_desk_in_a_folder_that_is_not_utf8_is_printed_escaped_once(tmp_path):
    folder = os.fsencode(tmp_path) + b"/caf\xe9"
    os.mkdir(folder)
    with open(folder + b"/broken.sla", "wb") as out:
        out.write(b'policy broken "x" {\n  timezone "Nowhere/Land"\n}\n')
    with open(folder + b"/one.desk", "wb") as out:
        out.write(b'desk one "x"\nuse broken "broken.sla"\notherwise to broken\n')
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    shown = f"{tmp_path}/caf\\xe9"
    for form in ("json", "text"):
        # The folder holds the policy and the desk that names it: its two problems (no
        # priorities, an unknown time zone) are printed once each.
        result = run("check", "--format", form, os.fsdecode(tmp_path), env=env)
        assert result.returncode == 1
        text = result.stdout.decode("utf-8")  # strict: raises on any byte that is not UTF-8
        paths = (
            [d["path"] for d in json.loads(text)]
            if form == "json"
            else [line.split(":")[0] for line in text.splitlines()[:-1]]
        )
        assert paths == [f"{shown}/broken.sla"] * 2


# ---------------------------------------------------------------------------------------------
# JSON at its limits, through the command line


@pytest.mark.parametrize(
    "line, message",
    [
        ("[" * 100_000, "not JSON slac can read: nested too deeply"),
        (
            '{"at": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "not JSON slac can read: nested too deeply",
        ),
        (
            '{"at": ' + "9" * (sys.get_int_max_str_digits() + 1) + "}",
            f"not JSON slac can read: an integer with more than {sys.get_int_max_str_digits()} digits",
        ),
    ],
    ids=["deep-line", "deep-value", "huge-integer"],
)
@pytest.mark.parametrize("command", ["evaluate", "availability"])
def test_json_past_the_decoders_limits_is_one_line_in_the_same_words(
    tmp_path, line, message, command
):
    path = tmp_path / "input.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    result = run(command, POLICY, str(path), *(("--at", AT) if command == "evaluate" else ()))
    no_traceback(result.stderr)
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode().splitlines()[0] == f"{path}:1: {message}"


def test_a_deeply_nested_value_in_a_message_is_shown_cut(tmp_path):
    path = tmp_path / "input.jsonl"
    nested = "[" * 900 + "]" * 900  # within the decoder's reach, past the encoder's
    path.write_text(
        f'{{"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": {nested}}}\n',
        encoding="utf-8",
    )
    result = run("evaluate", POLICY, str(path), "--at", AT)
    no_traceback(result.stderr)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines()[0] == (
        f"{path}:1: `ticket` is not a string: `{'[' * 37}...`"
    )


# ---------------------------------------------------------------------------------------------
# What the docs say


def test_at_out_of_range_is_refused_before_any_file_is_read():
    result = run(
        "evaluate", "/no/such/policy.sla", "/no/such/events", "--at", "2300-01-01T00:00:00Z"
    )
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr == (
        b"slac: `--at` is outside the years slac's calendars cover (1970 to 2199): "
        b"`2300-01-01T00:00:00Z`\n"
    )


def test_exclusion_reasons_are_escaped_in_tables_as_ticket_ids_are(tmp_path):
    policy = (ROOT / "policies/clicklearn.sla").read_text(encoding="utf-8")
    policy = policy.replace('exclude "trial service (§1.0)"', 'exclude "trial\x1b[31m service"')
    (tmp_path / "p.sla").write_text(policy, encoding="utf-8")
    events = tmp_path / "events.jsonl"
    created = {
        "at": "2026-03-02T09:00:00Z",
        "event": "created",
        "ticket": "T\x1b1",
        "priority": "P2",
        "fields": {"trial": True},
    }
    events.write_text(json.dumps(created) + "\n", encoding="utf-8")
    result = run("evaluate", str(tmp_path / "p.sla"), str(events), "--at", AT, "--format", "table")
    assert result.returncode == 0, result.stderr
    assert "  T\\x1b1: trial\\x1b[31m service\n" in result.stdout.decode()
    assert "\x1b" not in result.stdout.decode()


def test_tickets_created_in_the_same_second_are_listed_in_file_order(tmp_path):
    # formats.md: lines with the same `at` keep their file order, in the output too.
    lines = [
        json.dumps(
            {"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": t, "priority": "P2"}
        )
        for t in ("A", "B")
    ]
    listed = []
    for order in (lines, lines[::-1]):
        path = tmp_path / "events.jsonl"
        path.write_text("\n".join(order) + "\n", encoding="utf-8")
        result = run("evaluate", POLICY, str(path), "--at", AT, "--format", "json")
        listed.append([t["ticket"] for t in json.loads(result.stdout)["tickets"]])
    assert listed == [["A", "B"], ["B", "A"]]
