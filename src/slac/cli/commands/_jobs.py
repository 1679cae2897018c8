"""`slac evaluate --jobs N`: the text of N shares of the output made by N processes, in order.

The events are read and checked once, then the process forks: each child inherits them (no
copying, no pickling) and writes the text of its share into a temporary file while the parent
writes the first share straight to the output; the parent then copies each child's file after
it, in order. Every share is a run of whole tickets in output order, so the text is byte for
byte what one process writes; problems were reported before the fork, so stderr is too.

A child's failure comes back as the parent's: a `ValueError` (a policy the checker let
through) as the same exception with its message, Ctrl-C as KeyboardInterrupt (exit 130);
the parent ends and reaps its children whatever stops it.
"""

from __future__ import annotations

import codecs
import os
import signal
import sys
import tempfile
from collections.abc import Callable
from typing import IO, TextIO

# What pays off on this machine (bench/evaluate.md#ticket-by-ticket): below this many events
# a fork costs more than the second process saves.
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


def write_shares(count: int, share_text: Callable[[int, TextIO], None], out: TextIO) -> None:
    """`share_text(i, stream)` for each share `i` in `range(count)`, written to `out` in order;
    one process when `fork` is missing."""
    if not hasattr(os, "fork"):
        for index in range(count):
            share_text(index, out)
        return
    out.flush()  # a child must not inherit, and later write again, what is buffered
    sys.stderr.flush()
    children: list[tuple[int, IO[bytes]]] = []
    forked = count  # shares from here on are written by this process, after the children's
    try:
        for index in range(1, count):
            file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115  (closed below)
            # Ctrl-C held back across the fork: the child must be inside its `try` when it
            # comes (or it would run on as a second parent), the parent must know its child.
            held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                children.append((_fork(index, share_text, file, held), file))
            except OSError:  # no process to be had (EAGAIN): this one writes the rest
                file.close()
                forked = index
                break
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
        share_text(0, out)
        while children:
            _collect(*children[0], out)
            children.pop(0)
        for index in range(forked, count):
            share_text(index, out)
    finally:
        for pid, left in children:  # stopped early: end the others
            _end(pid)
            left.close()


def _fork(
    index: int, share_text: Callable[[int, TextIO], None], file: IO[bytes], held: set[int]
) -> int:
    """A child writing share `index` into `file`; its pid. `held`: the signal mask to
    restore in the child once it is ready for Ctrl-C."""
    pid = os.fork()
    if pid:
        return pid
    status = 0
    try:  # the child: its share into `file`, then out without Python's clean-up
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        with open(file.fileno(), "w", encoding="utf-8", closefd=False) as text:
            try:
                share_text(index, text)
            except ValueError as error:
                text.seek(0)
                text.truncate()
                text.write(str(error))
                status = _FAILED
    except KeyboardInterrupt:
        status = _INTERRUPTED
    except BaseException:  # a bug: the parent reports it, the child says what it was
        status = 1
        try:
            import traceback

            traceback.print_exc()
            sys.stderr.flush()
        except BaseException:
            pass
    os._exit(status)


def _collect(pid: int, file: IO[bytes], out: TextIO) -> None:
    """Wait for a child and copy its share after what `out` has."""
    status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    file.seek(0)
    if status == _INTERRUPTED or status == -signal.SIGINT:
        raise KeyboardInterrupt
    if status == _FAILED:
        raise ValueError(file.read().decode("utf-8"))
    if status != 0:
        raise RuntimeError(f"a --jobs process ended with status {status}")
    # Through `out`'s own writes, in slices: `slac.cli.streams` decides what a failed one means.
    decoder = codecs.getincrementaldecoder("utf-8")()
    while chunk := file.read(1 << 20):
        out.write(decoder.decode(chunk))
    out.write(decoder.decode(b"", final=True))
    file.close()


def _end(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
