"""What slac keeps between runs in the user's cache folder: answers it can always rebuild, kept
only because rebuilding them costs more than a process start should (bench/README.md#start-up).

- `read(name, key)`: the value stored under `name`, or None (missing, stale, unreadable);
- `write(name, key, value)`: store it, or silently nothing when the folder is not writable;
- `prune(prefix, keep)`: keep only the most recently written entries of a kind;
- `code_stamp()`: what made a cached value (this Python, slac's own files, the libraries whose
  answers it holds), the part of every key that goes stale when slac or a library changes.

An entry is two pickles, its key then its value; `read` unpickles the value only when the stored
key equals the key asked for, so an entry written by other code, another Python or for another
input is a miss, and so is a file that is truncated, corrupt or not an entry at all: the caller
rebuilds the value and its `write` replaces the file. A write goes to a temporary file in the
same folder, renamed over the entry, so concurrent readers and writers see a whole entry or no
entry, whichever writer renames last.

The folder is `$XDG_CACHE_HOME/slac`, else `~/.cache/slac` (none with `SLAC_NO_CACHE` set), made
readable by its owner only:
entries are pickles, which run code when loaded, so they are never kept in a shared temporary
folder.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import sys
from pathlib import Path

# The libraries whose answers cached values hold: the parser (lark), the pickled classes' state
# (attrs), the checks' holiday countries and subdivisions (holidays) and time zones (tzdata).
LIBRARIES = ("lark", "attrs", "holidays", "tzdata")


def folder() -> Path | None:
    """The cache folder (not created); None when `SLAC_NO_CACHE` is set to anything but an
    empty string: then nothing is read from or written to a cache (docs/formats.md#the-cache)."""
    if os.environ.get("SLAC_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "slac"


def read(name: str, key: object) -> object | None:
    """The value stored under `name` when it was stored with `key`; None otherwise."""
    where = folder()
    if where is None:
        return None
    try:
        with open(where / name, "rb") as stream:
            if pickle.load(stream) != key:
                return None
            value: object = pickle.load(stream)
    except Exception:  # missing, unreadable, truncated, corrupt, or classes that moved: a miss
        return None
    return value


def write(name: str, key: object, value: object) -> None:
    """Store `value` under `name` with `key`; nothing when it cannot be (no writable folder,
    a value that does not pickle): a cache never fails the run it speeds up."""
    where = folder()
    if where is None:
        return
    temporary = where / f"{name}.{os.getpid()}.tmp"
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as stream:
            pickle.dump(key, stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, where / name)
    except Exception:  # OSError (disk full), or a value that does not pickle
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def prune(prefix: str, keep: int) -> None:
    """Remove all but the `keep` most recently written entries whose names start with `prefix`
    (entries named per input, such as one per policy path, would otherwise pile up forever)."""
    where = folder()
    if where is None:
        return
    found = []
    try:
        with os.scandir(where) as entries:
            for entry in entries:
                if entry.name.startswith(prefix) and not entry.name.endswith(".tmp"):
                    with contextlib.suppress(OSError):  # removed meanwhile by another run
                        found.append((entry.stat().st_mtime_ns, entry.path))
    except OSError:
        return
    for _, path in sorted(found, reverse=True)[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(path)


@functools.cache
def code_stamp() -> tuple[object, ...] | None:
    """What a cached value was made by: the Python (its version and bytecode tag), each of
    slac's own files (path, size, modification time, as Python's bytecode cache checks a
    source), the installed version of each of `LIBRARIES`, and the system's time zone folders
    (the checks accept a zone they hold; a tzdata update rewrites files at their top)."""
    try:
        files = _files(Path(__file__).resolve().parent)
    except OSError:  # not a folder of files (say a zip archive): no stamp, so no cache
        return None
    return (
        sys.version,
        sys.implementation.cache_tag,
        files,
        _versions(LIBRARIES),
        _zone_folders(),
    )


def _files(folder: Path) -> tuple[tuple[str, int, int], ...]:
    found: list[tuple[str, int, int]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                if entry.name != "__pycache__":
                    found += _files(Path(entry.path))
            elif entry.name.endswith((".py", ".lark")):
                stat = entry.stat()  # a grammar may be a symbolic link (a development checkout)
                found.append((entry.path, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


def _versions(names: tuple[str, ...]) -> tuple[str, ...]:
    """The `NAME-VERSION.dist-info` folders of the first installation of each name on the
    import path (what `importlib.metadata` reads, without its start-up cost)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:  # a zip file, a folder that is gone
            continue
        for item in sorted(listing):
            project = item.partition("-")[0].lower()
            if item.endswith(".dist-info") and project in names:
                found.setdefault(project, os.path.join(entry, item))
    return tuple(sorted(found.values()))


def _zone_folders() -> tuple[tuple[str, int], ...]:
    import zoneinfo  # loaded anyway by the runs that use the cache: evaluation and the checks

    found = []
    for path in zoneinfo.TZPATH:
        try:
            found.append((path, os.stat(path).st_mtime_ns))
        except OSError:
            continue
    return tuple(found)
