"""The command line's standard streams: the one place that decides what a failed write means.

Every byte `slac` prints goes through `sys.stdout` and `sys.stderr`, which `guarded_streams`
replaces for the length of a command by `Guarded` writers. A writer never raises: the first
failure (a closed descriptor, a full disk, a reader that went away) is recorded and everything
after it is dropped, so the command runs to the end and picks its exit status from what it found
in its input, never from what happened to its readers. `settle` then turns a failed standard
output into the exit status docs/formats.md#command-line gives:

- a broken pipe (`slac check DIR | head`) is the reader's choice: the status stands, no message;
- any other failure (`>/dev/full`, `>&-`) means the output is incomplete: a one-line message on
  standard error and exit status 2, even when the command itself succeeded;
- a failed standard error loses its messages, never the status (`slac evaluate P bad 2>&1 |
  head -1` still exits 2: the input was invalid whoever stopped reading).

A failed descriptor is pointed at `/dev/null` so that the interpreter's own flush at exit
neither prints "Exception ignored" nor turns the status into 120.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO

OUTPUT_FAILED = 2  # the output is incomplete: the same status as any run that could not finish


class Guarded:
    """A text stream that records its first failure instead of raising it.

    `stream` is None when the process was started with the descriptor closed (Python then sets
    `sys.stdout` to None): the first write fails as a write to a closed descriptor would.
    """

    def __init__(self, stream: TextIO | None, fd: int) -> None:
        self._stream = stream
        self._fd = fd
        self.failure: OSError | None = None

    def write(self, text: str) -> int:
        if self.failure is None and text:  # nothing to write cannot fail, even when closed
            if self._stream is None:
                self._fail(OSError(errno.EBADF, "it is closed"))
            else:
                try:
                    self._write(self._stream, text)
                except OSError as error:
                    self._fail(error)
                except ValueError:  # written after something closed it
                    self._fail(OSError(errno.EBADF, "it is closed"))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    @staticmethod
    def _write(stream: TextIO, text: str) -> None:
        try:
            stream.write(text)
        except UnicodeEncodeError:  # a narrow encoding forced (PYTHONIOENCODING=ascii): escape
            encoding = stream.encoding or "utf-8"
            stream.write(text.encode(encoding, "backslashreplace").decode(encoding))

    def flush(self) -> None:
        # A stream something else closed (`slac lsp`'s server closes stdout on `exit`) has
        # nothing pending: every write to it after the close failed in `write`.
        if self.failure is None and self._stream is not None and not self._stream.closed:
            try:
                self._stream.flush()
            except OSError as error:
                self._fail(error)

    def isatty(self) -> bool:
        try:
            return self._stream is not None and self._stream.isatty()
        except (OSError, ValueError):
            return False

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", None) or "utf-8"

    def _fail(self, error: OSError) -> None:
        self.failure = error
        if self._on_its_descriptor():
            _silence(self._fd)

    def _on_its_descriptor(self) -> bool:
        """Whether the stream writes to the process's own descriptor (not, say, a test's
        capture), so that pointing that descriptor at /dev/null is ours to do."""
        try:
            return self._stream is not None and self._stream.fileno() == self._fd
        except (OSError, ValueError):  # io.UnsupportedOperation is both
            return False

    @property
    def broken_pipe(self) -> bool:
        return isinstance(self.failure, BrokenPipeError)


def _silence(fd: int) -> None:
    """Point `fd` at /dev/null: later flushes of the stream under it (at exit) then succeed."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:  # pragma: no cover - no /dev/null: nothing better to do
        return
    try:
        os.dup2(null, fd)
    except OSError:  # pragma: no cover - a descriptor that cannot be replaced
        pass
    finally:
        os.close(null)


def _reserve(fd: int) -> None:
    """A standard descriptor the process was started without is taken by /dev/null, so that no
    file opened later lands on it (and no message meant for a closed stream lands in a file)."""
    try:
        os.fstat(fd)
    except OSError:
        _silence(fd)


@contextmanager
def guarded_streams() -> Iterator[tuple[Guarded, Guarded]]:
    """`sys.stdout` and `sys.stderr` as `Guarded` writers while the block runs (then restored,
    so in-process callers such as the tests get their own streams back)."""
    saved = sys.stdout, sys.stderr
    for fd in (0, 1, 2):
        _reserve(fd)
    out = Guarded(sys.stdout, 1)
    err = Guarded(sys.stderr, 2)
    sys.stdout, sys.stderr = out, err
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = saved


def settle(status: int, out: Guarded, err: Guarded) -> int:
    """The exit status once standard output is flushed (see the module docstring)."""
    out.flush()
    if out.failure is not None and not out.broken_pipe:
        reason = out.failure.strerror or str(out.failure)
        err.write(f"slac: cannot write standard output ({reason}); the output is incomplete\n")
        status = OUTPUT_FAILED
    err.flush()
    return status
