"""`slac evaluate --jobs N`: the JSON or CSV of the tickets made by N processes, byte for byte
one's.

The process forks before reading (`write_read_shares`); each process reads the whole file but
checks and keeps only its own tickets' events (`owner` in `slac.inputs.reader`), evaluates
them, writes their records aside with their places in output order; the parent (process 0)
merges every process's problems as one reader words them, reports them, and merges the records
in output order, so stderr is one process's too. Standard input and pipes are copied to a
temporary file first (`slac.cli.commands._common.spooled`) and read as a file.

A child's failure comes back as the parent's: a `ValueError` (a policy the checker let
through) as the same exception with its message (the first in output order), Ctrl-C as
KeyboardInterrupt (exit 130); the parent ends and reaps its children whatever stops it.
"""

from __future__ import annotations

import heapq
import os
import pickle
import signal
import sys
import tempfile
from collections.abc import Callable
from typing import IO, Any, NoReturn, Protocol, TextIO

from slac.cli.commands._common import CommandError
from slac.inputs.reader import RawProblems

# What pays off on this machine (bench/evaluate.md#ticket-by-ticket, #forking-before-reading):
# below this many events a fork costs more than the second process saves.
FORK_FROM_EVENTS = 50_000

_FAILED = 3  # a child's exit status for a ValueError, its message in its file
_INTERRUPTED = 130


def default_jobs(events: int) -> int:
    """Two processes when there are two CPUs to run them, `fork` to start them, and enough
    events to pay for it; else one."""
    if not hasattr(os, "fork") or events < FORK_FROM_EVENTS:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return min(2, cpus)


def _exit_child(child: Callable[[], int], held: set[int]) -> NoReturn:
    """Run a forked child's work, `held` (the signal mask to restore once it is ready for
    Ctrl-C) restored first, and leave with its status without Python's clean-up: 130 for
    Ctrl-C, 1 for a bug (its traceback on stderr, for the parent to report)."""
    status = 1
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        status = child()
    except KeyboardInterrupt:
        status = _INTERRUPTED
    except BaseException:
        try:
            import traceback

            traceback.print_exc()
            sys.stderr.flush()
        except BaseException:
            pass
    os._exit(status)


def _end(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


# --- Forking before reading (a regular file): each process reads the whole file and keeps its
# own tickets (`slac.inputs.reader.owner`), the parent merges their problems and their tickets.

Index = list[tuple[int, int, int, int]]
"""A process's tickets in output order: (created `at`, created line, bytes of its record, the
process). A record is the ticket's text (its JSON, its CSV rows); a length of -1 marks where
the process stopped on a ValueError (the message comes with it)."""

Stopped = str | None  # the ValueError that stopped a process's tickets, if one did


class Reading(Protocol):
    """What `write_read_shares` asks of the command for each share of the file."""

    separator: str  # written between two tickets' records

    def read(self, share: int) -> RawProblems:
        """Read share `share` (of `count`); its problems unworded, the batch kept inside."""

    def settle(self, others: list[RawProblems]) -> None:
        """In the parent, its own share read: every problem reported, the JSON head written
        (CommandError to stop the run)."""

    def write(self, share: int, file: IO[bytes]) -> tuple[Index, Stopped]:
        """The share's tickets as records into `file`, with their index."""


def write_read_shares(count: int, reading: Reading, out: TextIO) -> bool:
    """Fork `count - 1` children before anything is read, each reading, checking and writing its
    share while the parent does share 0; then the tickets merged into `out` in output order.

    Children evaluate speculatively, before the parent has seen their problems: a stopped run
    (exit 2) just ends them, and a going one is not held up by a round trip. False when a
    process cannot be had (EAGAIN, or a system without `fork`): nothing is read or reported
    yet, the caller reads alone.
    """
    if count > 1 and not hasattr(os, "fork"):
        return False
    out.flush()
    sys.stderr.flush()
    children: list[_Child] = []
    try:
        for share in range(1, count):
            # Ctrl-C held back across the fork: the child must be inside its `try` when it
            # comes (or it would run on as a second parent), the parent must know its child.
            held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                child = _fork_reader(share, reading, held)
                if child is None:
                    return False
                children.append(child)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
        reading.read(0)
        reading.settle([child.receive("problems") for child in children])
        with tempfile.TemporaryFile() as file:
            index, stopped = reading.write(0, file)
            files: list[IO[bytes]] = [file]
            indexes, stops = [index], [stopped]
            for child in children:
                index, stopped = child.receive("tickets")
                indexes.append(index)
                files.append(child.file)
                stops.append(stopped)
            _merge(indexes, files, stops, reading.separator, out)
        while children:
            children.pop().reap()
        return True
    finally:
        for child in children:
            child.end()


class _Child:
    """A forked reader: its pid, the pipe it sends its messages through, its tickets' file."""

    def __init__(self, pid: int, pipe: IO[bytes], file: IO[bytes]) -> None:
        self.pid, self.pipe, self.file = pid, pipe, file

    def receive(self, what: str) -> Any:
        """The child's next message, which must be `what`; its failure raised as the parent's."""
        try:
            kind, *body = pickle.load(self.pipe)
        except EOFError:  # ended without a word: interrupted, or a bug (its traceback on stderr)
            status = self.reap()
            if status == _INTERRUPTED or status == -signal.SIGINT:
                raise KeyboardInterrupt from None
            raise RuntimeError(f"a --jobs process ended with status {status}") from None
        if kind == "error":
            raise CommandError(body[0])
        assert kind == what, (kind, what)
        return body[0] if len(body) == 1 else tuple(body)

    def reap(self) -> int:
        status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        self.pid = 0
        self.end()
        return status

    def end(self) -> None:
        if self.pid:
            _end(self.pid)
            self.pid = 0
        self.pipe.close()
        self.file.close()


def _fork_reader(share: int, reading: Reading, held: set[int]) -> _Child | None:
    """A child reading and writing `share`, or None when no process is to be had. `held`:
    the signal mask the child restores once it is ready for Ctrl-C."""
    file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115  (closed by `_Child.end`)
    receiving, sending = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(receiving)
        os.close(sending)
        file.close()
        return None
    if not pid:
        os.close(receiving)
        _read_in_child(share, reading, file, sending, held)
    os.close(sending)
    return _Child(pid, open(receiving, "rb"), file)


def _read_in_child(
    share: int, reading: Reading, file: IO[bytes], sending: int, held: set[int]
) -> NoReturn:
    """The child: its problems, then its tickets' index, through the pipe; out without clean-up."""

    def child() -> int:
        with open(sending, "wb") as pipe:
            try:
                pickle.dump(("problems", reading.read(share)), pipe)
                pipe.flush()
                index, stopped = reading.write(share, file)
                file.flush()
                pickle.dump(("tickets", index, stopped), pipe)
            except CommandError as error:  # the file cannot be read: the parent says so too
                pickle.dump(("error", str(error)), pipe)
        return 0

    _exit_child(child, held)


def _merge(
    indexes: list[Index], files: list[IO[bytes]], stops: list[Stopped], separator: str, out: TextIO
) -> None:
    """The processes' records in output order, `separator` between two, into `out`; a
    ValueError where a process stopped (one process would have stopped there too)."""
    for file in files:
        file.seek(0)
    pieces: list[str] = []
    size = 0
    between = ""  # the first ticket follows none
    for _, _, length, share in heapq.merge(*indexes):
        if length < 0:
            out.write("".join(pieces))
            raise ValueError(stops[share])
        pieces.append(between + files[share].read(length).decode("utf-8"))
        between = separator
        size += length
        if size >= 1 << 20:
            out.write("".join(pieces))
            pieces.clear()
            size = 0
    out.write("".join(pieces))
