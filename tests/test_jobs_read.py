"""`slac evaluate --jobs N` on a file: N processes, each reading the whole file and keeping its own
tickets (`slac.inputs.reader.owner`), give the bytes, problems and exit status of one.

Two levels. The reader's shares (`EventReader(share=(k, n))`) are compared with one reader of the
whole file, on both paths (msgspec's and the reference), on a load with a problem of every kind
placed in lines each share owns: the shares' events together are the one reader's, and their
problems merged (`problems(others)`) are its problems, word for word. Then whole `slac`
processes with `--jobs 1/2/3` on the same files, with and without `--skip-invalid`, with
`--problems-format json`, and from standard input (read first, then forked, as before). The
forking and merging (`slac.cli.commands._jobs.write_read_shares`) is also driven directly with
made-up shares, to see a failure in a child come back as the parent's.
"""

from __future__ import annotations

import errno
import io
import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from slac.cli.commands._common import CommandError
from slac.cli.commands._jobs import Index, write_read_shares
from slac.evaluation.batch import Batch
from slac.inputs.reader import EventReader, RawProblems, owner
from slac.loader import load as load_policy
from tests import test_jobs
from tests.test_jobs import AT, POLICY, SLAC, slac

load = test_jobs.load  # the generated load, a fixture

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="--jobs forks")

AT_SECONDS = 1798675200  # AT, 2026-12-31T00:00:00Z


def _tickets_owned(texts: list[str], count: int) -> dict[int, list[dict[str, object]]]:
    """The `created` events of the load by the share that owns their ticket (of `count`)."""
    by_share: dict[int, list[dict[str, object]]] = {k: [] for k in range(count)}
    for text in texts:
        d = json.loads(text)
        if d["event"] == "created":
            whose = owner("created", d["ticket"], count)
            assert whose is not None
            by_share[whose].append(d)
    return by_share


def _problems_for(created: dict[str, object], n: int) -> list[str]:
    """Lines with problems about the ticket of `created`, each of a different kind; `n` varies
    the undeclared field key (each first seen in the share that owns the ticket)."""
    ticket = created["ticket"]
    at = str(created["at"])
    later = at.replace("2026-01", "2026-02")
    return [
        json.dumps(created),  # E721: a second `created`
        json.dumps({"at": later, "event": "comment", "ticket": ticket, "author": "robot"}),
        json.dumps({"at": later, "event": "priority", "ticket": ticket, "priority": "P9"}),
        json.dumps({"at": later, "event": "fields", "ticket": ticket, "fields": {"impact": 3}}),
        json.dumps(
            {"at": later, "event": "fields", "ticket": ticket, "fields": {f"impcat{n}": "low"}}
        ),
        json.dumps({"at": "2026-13-01T00:00:00Z", "event": "status", "ticket": ticket}),
    ]


def _orphans(prefix: str, n: int) -> list[str]:
    """A ticket never created (E720), one whose `created` is invalid then used (E722), one whose
    `created` leaves it no priority (E714)."""
    at = "2026-03-02T10:00:00Z"
    return [
        json.dumps(
            {"at": at, "event": "comment", "ticket": f"{prefix}-orphan-{n}", "author": "agent"}
        ),
        json.dumps({"at": at, "event": "created", "ticket": f"{prefix}-bad-{n}", "priority": "P0"}),
        json.dumps(
            {
                "at": "2026-03-03T10:00:00Z",
                "event": "status",
                "ticket": f"{prefix}-bad-{n}",
                "status": "open",
            }
        ),
        json.dumps(
            {
                "at": at,
                "event": "created",
                "ticket": f"{prefix}-none-{n}",
                "fields": {"type": "incident"},
            }
        ),
    ]


OTHER_PROBLEMS = [
    '{"at": "2026-01-05T00:00:00Z", "event": ',  # not JSON
    "[1, 2]",  # not an object
    '{"at": "2026-02-01T00:00:00Z", "event": "comment", "ticket": 7, "author": "agent"}',
    '{"at": "2026-02-01T00:00:00Z", "event": ["created"], "ticket": "INC-0000001"}',
    '{"at": "2026-02-01T00:00:00Z", "event": "release", "release": "v1", "kind": "patch"}',
    '{"at": "2026-02-01T00:00:00Z", "event": "release", "release": "v2", "kind": "x", "fixes": [3]}',
    '{"at": "2026-02-01T00:00:00Z", "event": "call", "ticket": "INC-0000001"}',
    '{"at": "2026-02-01T00:00:00Z", "event": "worklog", "ticket": 5}',
    '{"at": "2026-02-01T00:00:00Z", "event": "created", "ticket": "\\ud800"}',
    '{"at": "2026-02-01T00:00:00Z", "event": "created", "ticket": "INC-x", "fields": {"impcat": 1}}',
    "   ",
    '{"at": "2026-01-05T06:00:00Z", "event": "release", "release": "v3", "kind": "patch", '
    '"fixes": ["INC-0000004", "INC-0000009"]}',  # a good one
]


def problem_load(texts: list[str], shuffle: bool) -> list[str]:
    """The load with problems of every kind about tickets of every share (for 2 and 3 shares),
    other problems (process 0's) scattered, and a release among them; shuffled if asked."""
    rng = random.Random(5)
    extra: list[str] = list(OTHER_PROBLEMS)
    for count in (2, 3):
        for share, created in _tickets_owned(texts, count).items():
            for n, d in enumerate(rng.sample(created, 2)):
                extra += _problems_for(d, count * 10 + share * 2 + n)
            extra += _orphans(f"S{count}{share}", share)
    out = list(texts)
    if shuffle:
        rng.shuffle(out)
    for text in extra:
        out.insert(rng.randrange(len(out)), text)
    return out


def _numbered(texts: list[str]) -> Iterator[tuple[int, str]]:
    return enumerate((t + "\n" for t in texts), start=1)


def _one_reader(policy, texts: list[str], fast: bool):
    reader = EventReader(policy, "events.jsonl", fast=fast)
    batch = Batch(policy, reader.read(_numbered(texts)), AT_SECONDS, reader.check_ticket_order)
    return batch, reader.problems()


def _shared_readers(policy, texts: list[str], count: int, fast: bool):
    batches, raws, readers = [], [], []
    for share in range(count):
        reader = EventReader(policy, "events.jsonl", fast=fast, share=(share, count))
        events = reader.read(_numbered(texts))
        batches.append(Batch(policy, events, AT_SECONDS, reader.check_ticket_order))
        raws.append(reader.raw_problems())
        readers.append(reader)
    return batches, readers[0].problems(raws[1:])


@pytest.fixture(scope="module")
def policy():
    return load_policy(POLICY)


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("count", [2, 3])
def test_the_shares_of_a_file_are_one_reader_of_it(policy, load, fast, shuffle, count):
    texts = problem_load(load, shuffle)
    one, problems = _one_reader(policy, texts, fast)
    batches, merged = _shared_readers(policy, texts, count, fast)
    assert merged == problems
    codes = {p.code for p in problems}
    assert codes >= {"E701", "E703", "E704", "E705", "E707", "E710", "E711", "E712", "E713"}
    assert codes >= {"E714", "E720", "E721", "E722"}  # the ticket-order ones, share by share
    # Undeclared keys first seen in every share, and one (`impcat`) in share 0 and another.
    assert sum(p.code == "W740" for p in problems) == 11
    # Every ticket in exactly one share, judged alike; in the one reader's order by (at, line).
    keyed = sorted(
        pair for batch in batches for pair in zip(batch.keys(), batch.results(), strict=True)
    )
    assert len(keyed) > 300
    assert [key for key, _ in keyed] == one.keys()
    assert [result for _, result in keyed] == list(one.results())
    for batch in batches:  # every share has every release
        assert batch.releases._by_kind[None] == one.releases._by_kind[None] != []


def test_a_ticket_goes_by_a_stable_hash_and_other_lines_to_share_0():
    import zlib

    assert owner("comment", "INC-1", 3) == zlib.crc32(b"INC-1") % 3
    assert owner("created", "é", 2) == zlib.crc32("é".encode()) % 2
    assert owner("release", None, 3) is None  # every share keeps it
    assert owner("call", "INC-1", 3) == owner("worklog", "INC-1", 3) == 0
    assert owner("comment", 7, 3) == owner("created", None, 3) == 0
    # Any other kind, valid or not, goes by its ticket: its problem is about that ticket.
    assert owner(["comment"], "INC-1", 3) == owner("bogus", "INC-1", 3) == zlib.crc32(b"INC-1") % 3
    assert owner("nonsense", "\ud800", 5) == zlib.crc32(b"\xed\xa0\x80") % 5


@pytest.fixture(scope="module")
def files(tmp_path_factory, load) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("jobs-read")
    out = {}
    for name, texts in {
        "sorted": load,
        "shuffled": random.Random(3).sample(load, len(load)),
        "problems": problem_load(load, False),
        "problems-shuffled": problem_load(load, True),
    }.items():
        out[name] = folder / f"{name}.jsonl"
        out[name].write_text("\n".join(texts) + "\n")
    return out


@pytest.mark.parametrize("name", ["sorted", "shuffled", "problems", "problems-shuffled"])
@pytest.mark.parametrize(
    "options",
    [
        (),
        ("--skip-invalid",),
        ("--problems-format", "json"),
        ("--skip-invalid", "--problems-format", "json"),
    ],
)
def test_jobs_read_to_the_bytes_of_one_process(files, name, options):
    argv = ("evaluate", POLICY, str(files[name]), "--at", AT, *options)
    one = slac(*argv, "--jobs", "1")
    if name.startswith("problems"):
        assert one[2] and (one[0], one[1] == b"") == (
            (0, False) if "--skip-invalid" in options else (2, True)
        )
    else:
        assert one[0] == 0 and len(json.loads(one[1])["tickets"]) > 300
    for jobs in ("2", "3"):
        assert slac(*argv, "--jobs", jobs) == one


def test_jobs_from_standard_input_are_one_process_reading(files):
    argv = ("evaluate", POLICY, "-", "--at", AT, "--skip-invalid")
    runs = []
    for jobs in ("1", "2", "3"):
        with open(files["problems-shuffled"], "rb") as events:
            done = subprocess.run([*SLAC, *argv, "--jobs", jobs], stdin=events, capture_output=True)
        runs.append((done.returncode, done.stdout, done.stderr))
    assert runs[0][0] == 0 and runs[0][1] and runs[1] == runs[0] and runs[2] == runs[0]


def test_jobs_at_the_calendars_last_hour_are_one_process(files):
    argv = ("evaluate", POLICY, str(files["problems"]), "--skip-invalid")
    one = slac(*argv, "--at", "2199-12-31T23:00:00Z", "--jobs", "1")
    assert one[0] == 0 and b'"breached"' in one[1]
    assert slac(*argv, "--at", "2199-12-31T23:00:00Z", "--jobs", "2") == one


def test_jobs_on_a_file_that_is_not_utf8_say_so_as_one_process(tmp_path, load):
    events = tmp_path / "events.jsonl"
    events.write_bytes(("\n".join(load[:3000]) + "\n").encode() + b'{"at": "\xff"}\n')
    argv = ("evaluate", POLICY, str(events), "--at", AT)
    one = slac(*argv, "--jobs", "1")
    assert one[0] == 2 and one[1] == b"" and b"UTF-8" in one[2]
    assert slac(*argv, "--jobs", "3") == one


class _Made:
    """`Reading` with made-up shares: share k's tickets are `tickets[k]`, (key, text) pairs; a
    text `None` stops the share there with a ValueError, `"^C"` interrupts it, `"!"` fails its
    reading as an unreadable file does."""

    separator = ", "

    def __init__(self, tickets: list[list[tuple[int, str | None]]], out: io.StringIO) -> None:
        self.tickets, self.out, self.others = tickets, out, None

    def read(self, share: int) -> RawProblems:
        if any(text == "!" for _, text in self.tickets[share]):
            raise CommandError(f"share {share} cannot be read")
        return [], {f"key{share}": share}

    def settle(self, others: list[RawProblems]) -> None:
        self.others = others
        self.out.write("[")

    def write(self, share: int, file) -> tuple[Index, str | None]:
        index: Index = []
        for key, text in self.tickets[share]:
            if text is None:
                index.append((key, 0, -1, share))
                return index, f"ticket {key} cannot be evaluated"
            if text == "^C":
                raise KeyboardInterrupt
            record = text.encode()
            file.write(record)
            index.append((key, 0, len(record), share))
        return index, None


def test_shares_merge_in_key_order_and_hand_their_problems_up():
    tickets = [[(1, "a"), (5, "é")], [(2, "b"), (3, "c"), (9, "i")], [], [(4, "d")]]
    out = io.StringIO()
    made = _Made(tickets, out)
    assert write_read_shares(4, made, out)
    assert out.getvalue() == "[a, b, c, d, é, i"
    assert made.others == [([], {"key1": 1}), ([], {"key2": 2}), ([], {"key3": 3})]


def test_a_stopped_share_stops_the_merge_where_one_process_would():
    out = io.StringIO()
    tickets = [[(1, "a"), (6, None)], [(2, "b"), (4, None)], [(3, "c"), (5, "e")]]
    with pytest.raises(ValueError, match=r"^ticket 4 cannot be evaluated$"):
        write_read_shares(3, _Made(tickets, out), out)
    assert out.getvalue() == "[a, b, c"


def test_a_childs_interrupt_and_unreadable_file_are_the_parents():
    with pytest.raises(KeyboardInterrupt):
        write_read_shares(3, _Made([[(1, "a")], [], [(2, "^C")]], io.StringIO()), io.StringIO())
    with pytest.raises(CommandError, match="share 1 cannot be read"):
        write_read_shares(2, _Made([[(1, "a")], [(2, "!")]], io.StringIO()), io.StringIO())


def test_when_no_process_can_be_had_nothing_is_read(second_fork_fails):
    forks = second_fork_fails
    out = io.StringIO()
    made = _Made([[(1, "a")], [(2, "b")], [(3, "c")]], out)
    assert not write_read_shares(3, made, out)
    assert (out.getvalue(), made.others, len(forks)) == ("", None, 2)


def test_the_default_is_decided_from_the_bytes(monkeypatch, tmp_path, load):
    import argparse

    from slac.cli.commands import _jobs, evaluate

    asked: list[int] = []

    def shares(count, reading, out) -> bool:
        asked.append(count)
        return True

    monkeypatch.setattr(_jobs, "write_read_shares", shares)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    events = tmp_path / "events.jsonl"

    def forks(size: int, path: str = str(events), jobs: int | None = None) -> int | None:
        events.write_bytes(b" " * size)
        args = argparse.Namespace(events=path, jobs=jobs)
        asked.clear()
        text = evaluate.JsonText()
        done = evaluate._write_read_shares(args, None, 0, text, io.StringIO())  # type: ignore[arg-type]
        return asked[0] if done else None

    assert forks(5_000_000) == 2  # 50,000 events at 100 bytes
    assert forks(4_999_999) is None
    assert forks(10, jobs=3) == 3  # asked for: whatever the size
    assert forks(5_000_000, jobs=1) is None
    # Standard input: copied to a temporary file, then decided by its size like a file; this
    # reads the copy, with one process when a second does not pay.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b" " * 5_000_000)))
    assert forks(0, path="-") == 2
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b" " * 4_999_999)))
    assert forks(0, path="-") == 1
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b" ")))
    assert forks(0, path="-", jobs=1) is None  # not even copied
    assert sys.stdin.read() == " "
    assert forks(5_000_000, path=str(tmp_path)) is None  # not a file: the reader says so
    average = sum(len(t) + 1 for t in load) / len(load)
    assert 1 < average / evaluate.BYTES_AN_EVENT < 1.2  # the generated load: a little more


def _ticket_of(share: int, count: int) -> str:
    return next(f"T{n}" for n in range(100) if owner("created", f"T{n}", count) == share)


def test_keys_first_seen_together_keep_their_order_on_the_line(policy, tmp_path):
    # Share 1 meets `zz` and `aa` on line 3; share 0 meets them later, the other way round.
    one, zero = _ticket_of(1, 2), _ticket_of(0, 2)
    at = "2026-03-02T10:00:00Z"
    texts = [
        json.dumps({"at": at, "event": "created", "ticket": one, "priority": "P3"}),
        json.dumps({"at": at, "event": "created", "ticket": zero, "priority": "P3"}),
        json.dumps({"at": at, "event": "fields", "ticket": one, "fields": {"zz": "x", "aa": "x"}}),
        json.dumps({"at": at, "event": "fields", "ticket": zero, "fields": {"aa": "x"}}),
        json.dumps({"at": at, "event": "fields", "ticket": zero, "fields": {"zz": "x"}}),
    ]
    _, problems = _one_reader(policy, texts, fast=False)
    assert [(p.code, p.span.line, p.message.split("`")[1]) for p in problems] == [
        ("W740", 3, "zz"),
        ("W740", 3, "aa"),
    ]
    assert _shared_readers(policy, texts, 2, fast=False)[1] == problems
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(texts) + "\n")
    argv = ("evaluate", POLICY, str(events), "--at", AT, "--jobs")
    assert slac(*argv, "2") == slac(*argv, "1")


def test_with_no_process_to_be_had_one_process_reads_the_file(monkeypatch, capsys, files):
    from slac.cli import main

    argv = ["evaluate", POLICY, str(files["problems-shuffled"]), "--at", AT, "--skip-invalid"]
    assert main([*argv, "--jobs", "1"]) == 0
    one = capsys.readouterr()
    forks: list[int] = []

    def fork() -> int:
        forks.append(1)
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", fork)
    assert main([*argv, "--jobs", "3"]) == 0
    assert capsys.readouterr() == one and one.out.startswith('{"policy": "impero"')
    assert len(forks) == 1  # once, then alone


def test_without_fork_one_process_reads_a_file_and_standard_input(monkeypatch, capsys, files):
    from slac.cli import main

    path = files["problems-shuffled"]
    argv = ["evaluate", POLICY, str(path), "--at", AT, "--skip-invalid", "--format", "csv"]
    assert main([*argv, "--jobs", "1"]) == 0
    one = capsys.readouterr()
    monkeypatch.delattr(os, "fork")  # as on Windows
    assert main([*argv, "--jobs", "3"]) == 0
    assert capsys.readouterr() == one and one.out.startswith("ticket,priority,excluded,")
    argv[2] = "-"  # the copy of standard input is read by this process
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
    assert main([*argv, "--jobs", "3"]) == 0
    assert capsys.readouterr().out == one.out


def test_a_copy_that_cannot_be_made_is_exit_2_with_the_way_out(monkeypatch):
    import tempfile

    from slac.cli.commands._common import spooled

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"{}\n")))
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", full)
    with pytest.raises(CommandError) as raised, spooled("-"):
        pass
    assert str(raised.value) == (
        "<stdin>: cannot copy it to a temporary file for --jobs: No space left on device"
        " (set TMPDIR to a folder with room, or --jobs 1 to read it without a copy)"
    )
