"""The user cache (`slac.cache`) and the compiled policies kept in it (`slac.loader.load_cached`).

A cache may only ever make a run faster: an entry for other bytes, another path or other code
is a miss; a corrupt, truncated or foreign file is a miss that the next write repairs; no
writable folder means no cache, not a failure; concurrent writers leave one whole entry.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import shutil
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

import slac.loader
from slac import cache
from slac.cli import main
from slac.loader import PolicyError, load, load_cached

ROOT = Path(__file__).resolve().parent.parent
POLICIES = sorted((ROOT / "policies").glob("*.sla"))


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def policy(tmp_path) -> Path:
    path = tmp_path / "impero.sla"
    shutil.copyfile(ROOT / "policies" / "impero.sla", path)
    return path


def entries() -> list[Path]:
    return sorted(cache.folder().glob("policy-*"))


def never_compiled(monkeypatch) -> None:
    """From here on, compiling a policy fails the test: a load must come from the cache."""

    def compile_called(source):
        raise AssertionError(f"{source.path} was compiled, not read from the cache")

    monkeypatch.setattr(slac.loader, "_load_source", compile_called)


# ---------------------------------------------------------------------------------------------
# Hits and misses


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
def test_a_cached_policy_equals_the_policy_compiled_afresh(path, monkeypatch):
    fresh = load(path)
    load_cached(path)
    never_compiled(monkeypatch)
    assert load_cached(path) == fresh


def test_the_second_load_is_read_from_the_cache(policy, monkeypatch):
    compiled = load_cached(policy)
    assert len(entries()) == 1
    never_compiled(monkeypatch)
    assert load_cached(policy) == compiled


def test_changed_bytes_are_compiled_again(policy, monkeypatch):
    before = load_cached(policy)
    policy.write_text(policy.read_text().replace('"Impero', '"Impero (edited)', 1))
    after = load_cached(policy)
    assert after.title == before.title.replace("Impero", "Impero (edited)", 1) != before.title
    assert len(entries()) == 1  # one entry per path: the edit replaced it
    never_compiled(monkeypatch)
    assert load_cached(policy) == after


def test_changed_code_is_a_miss(policy, monkeypatch):
    load_cached(policy)
    stamp = cache.code_stamp()
    monkeypatch.setattr(cache, "code_stamp", lambda: (*stamp, "another slac"))
    compiled = []
    real = slac.loader._load_source
    monkeypatch.setattr(slac.loader, "_load_source", lambda s: compiled.append(s) or real(s))
    load_cached(policy)
    assert len(compiled) == 1


def test_an_entry_for_another_path_is_a_miss(policy, tmp_path, monkeypatch):
    # Two paths whose entry names collide (the name is a CRC of the path): the key tells them apart.
    other = tmp_path / "other.sla"
    other.write_text(policy.read_text().replace('"Impero', '"Other', 1))
    load_cached(other)
    [entry] = entries()
    entry.rename(entry.with_name(f"policy-{zlib_name(policy)}.pickle"))
    assert load_cached(policy).title == load(os.fspath(policy)).title


def zlib_name(path: Path) -> str:
    import zlib

    return f"{zlib.crc32(os.fsencode(os.path.abspath(path))):08x}"


def test_a_policy_with_errors_is_not_cached(tmp_path):
    bad = tmp_path / "bad.sla"
    bad.write_text('policy p "t" {\n  timezone "Nowhere/Nothing"\n}\n')
    for _ in range(2):
        with pytest.raises(PolicyError):
            load_cached(bad)
    assert entries() == []


def test_unreadable_policy_raises_os_error_as_load_does(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_cached(tmp_path / "missing.sla")
    with pytest.raises(IsADirectoryError):
        load_cached(tmp_path)


def test_not_utf8_is_e013_as_load_does(tmp_path):
    path = tmp_path / "latin1.sla"
    path.write_bytes(b'policy p "caf\xe9" {\n}\n')
    with pytest.raises(PolicyError) as cached:
        load_cached(path)
    with pytest.raises(PolicyError) as plain:
        load(path)
    assert cached.value.diagnostics == plain.value.diagnostics
    assert [d.code for d in cached.value.diagnostics] == ["E013"]


# ---------------------------------------------------------------------------------------------
# Bad entries and folders


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:100] + bytes(200) + data[300:], id="overwritten"),
        pytest.param(lambda data: b"not a pickle at all", id="garbage"),
        pytest.param(lambda data: pickle.dumps(("policy", "x")) + pickle.dumps(1), id="foreign"),
    ],
)
def test_a_damaged_entry_is_rebuilt(policy, damage, monkeypatch):
    compiled = load_cached(policy)
    [entry] = entries()
    entry.write_bytes(damage(entry.read_bytes()))
    assert load_cached(policy) == compiled
    never_compiled(monkeypatch)  # the rebuild rewrote the entry whole
    assert load_cached(policy) == compiled


def test_an_entry_that_is_a_folder_is_a_miss(policy):
    compiled = load_cached(policy)
    [entry] = entries()
    entry.unlink()
    entry.mkdir()
    assert load_cached(policy) == compiled  # and the write fails silently


def test_no_writable_folder_means_no_cache(policy, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # `a-file/slac` cannot be made
    assert load_cached(policy) == load_cached(policy) == load(policy)
    assert not (blocker.parent / "slac").exists()


def test_a_value_that_does_not_pickle_is_not_written_and_leaves_no_temporary_file():
    cache.write("entry", "key", lambda: None)
    assert cache.read("entry", "key") is None
    assert list(cache.folder().iterdir()) == []


def test_a_failed_write_keeps_the_previous_entry():
    cache.write("entry", "key", "first")

    class Unpicklable:
        def __reduce__(self):
            raise pickle.PicklingError("no")

    cache.write("entry", "key", ["second", Unpicklable()])
    assert cache.read("entry", "key") == "first"
    assert [p.name for p in cache.folder().iterdir()] == ["entry"]


def test_read_asks_for_the_key():
    cache.write("entry", ("k", 1), {"v": 1})
    assert cache.read("entry", ("k", 1)) == {"v": 1}
    assert cache.read("entry", ("k", 2)) is None
    assert cache.read("absent", ("k", 1)) is None


def test_only_the_most_recent_policies_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(slac.loader, "CACHED_POLICIES", 3)
    paths = []
    for n in range(5):
        path = tmp_path / f"p{n}.sla"
        shutil.copyfile(ROOT / "policies" / "elb.sla", path)
        load_cached(path)
        [entry] = [e for e in entries() if e.name not in {p.name for p in paths}]
        os.utime(entry, ns=(0, n * 1_000_000_000))  # written in this order
        paths.append(entry)
    cache.prune("policy-", keep=3)
    assert [p.name for p in entries()] == sorted(p.name for p in paths[2:])


def test_prune_leaves_other_entries_and_temporary_files():
    for name in ("policy-a.pickle", "policy-b.pickle", "grammar-x.lark-cache"):
        cache.write(name, "key", name)
    (cache.folder() / "policy-c.pickle.123.tmp").write_bytes(b"")
    cache.prune("policy-", keep=1)
    left = sorted(p.name for p in cache.folder().iterdir())
    assert len([n for n in left if n.endswith(".pickle")]) == 1
    assert "grammar-x.lark-cache" in left and "policy-c.pickle.123.tmp" in left


def test_the_folder_follows_xdg_cache_home(tmp_path, monkeypatch):
    assert cache.folder() == tmp_path / "cache" / "slac"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.folder() == tmp_path / "home" / ".cache" / "slac"


def test_slac_no_cache_reads_and_writes_nothing(tmp_path, policy, monkeypatch):
    """`SLAC_NO_CACHE=1`: no folder is made, no entry written, a warm entry not read."""
    monkeypatch.setenv("SLAC_NO_CACHE", "1")
    assert cache.folder() is None
    cache.write("entry", "key", "value")
    assert load_cached(policy) == load(policy)
    from slac.syntax.parser import cache_file

    assert cache_file('start: "x"') is False
    assert not (tmp_path / "cache").exists()
    monkeypatch.delenv("SLAC_NO_CACHE")
    load_cached(policy)  # now kept
    (written,) = entries()
    monkeypatch.setenv("SLAC_NO_CACHE", "1")
    never_compiled(monkeypatch)
    with pytest.raises(AssertionError, match="was compiled"):
        load_cached(policy)  # the warm entry is not read
    assert sorted((tmp_path / "cache" / "slac").glob("policy-*")) == [written]


def test_an_empty_slac_no_cache_keeps_the_cache(monkeypatch):
    monkeypatch.setenv("SLAC_NO_CACHE", "")
    assert cache.folder() is not None


def test_the_folder_is_private():
    cache.write("entry", "key", "value")
    assert cache.folder().stat().st_mode & 0o077 == 0
    assert (cache.folder() / "entry").stat().st_mode & 0o077 == 0


# ---------------------------------------------------------------------------------------------
# Concurrent writers


def _write_many(args: tuple[str, int]) -> None:
    home, writer = args
    os.environ["XDG_CACHE_HOME"] = home
    value = [writer] * 50_000  # large enough that a write takes several system calls
    for _ in range(20):
        cache.write("entry", "key", value)


def _read_many(home: str) -> list[int]:
    os.environ["XDG_CACHE_HOME"] = home
    seen = []
    deadline = time.monotonic() + 3
    while len(seen) < 200 and time.monotonic() < deadline:
        value = cache.read("entry", "key")
        if value is not None:
            assert isinstance(value, list) and len(value) == 50_000 and len(set(value)) == 1
            seen.append(value[0])
    return seen


def test_concurrent_writers_leave_one_whole_entry():
    home = os.environ["XDG_CACHE_HOME"]
    context = multiprocessing.get_context("spawn")
    with context.Pool(6) as pool:
        reading = pool.map_async(_read_many, [home, home])
        pool.map(_write_many, [(home, writer) for writer in range(4)])
        seen = reading.get(timeout=60)
    final = cache.read("entry", "key")
    assert isinstance(final, list) and len(set(final)) == 1 and final[0] in range(4)
    assert all(value in range(4) for values in seen for value in values)
    assert [p.name for p in cache.folder().iterdir()] == ["entry"]  # no temporary file left


# ---------------------------------------------------------------------------------------------
# The code stamp


def test_the_code_stamp_changes_with_a_source_file(tmp_path):
    package = tmp_path / "package"
    (package / "sub").mkdir(parents=True)
    (package / "__pycache__").mkdir()
    (package / "a.py").write_text("A = 1\n")
    (package / "sub" / "g.lark").write_text("start: 'x'\n")
    (package / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"ignored")
    (package / "notes.txt").write_text("ignored")
    before = cache._files(package)
    assert [Path(p).relative_to(package).as_posix() for p, _, _ in before] == [
        "a.py",
        "sub/g.lark",
    ]
    os.utime(package / "a.py", ns=(0, 1_000_000_000))
    touched = cache._files(package)
    (package / "sub" / "g.lark").write_text("start: 'y'\n")
    assert len({before, touched, cache._files(package)}) == 3


def test_no_code_stamp_means_no_cache(policy, monkeypatch):
    # slac imported from a zip archive: its files cannot be listed, so nothing tells a cached
    # policy from another version's.
    monkeypatch.setattr(cache, "_files", lambda folder: os.listdir(folder / "not-a-folder"))
    cache.code_stamp.cache_clear()
    try:
        assert cache.code_stamp() is None
        assert load_cached(policy) == load(policy)
    finally:
        cache.code_stamp.cache_clear()
    assert entries() == []


def test_the_code_stamp_follows_the_zone_folders(tmp_path, monkeypatch):
    import zoneinfo

    zones = tmp_path / "zoneinfo"
    zones.mkdir()
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(zones), str(tmp_path / "absent")))
    before = cache._zone_folders()
    assert [path for path, _ in before] == [str(zones)]
    os.utime(zones, ns=(0, 1_000_000_000))
    assert cache._zone_folders() != before


def test_the_code_stamp_names_the_installed_libraries():
    from importlib.metadata import version

    folders = [Path(p).name for p in cache._versions(cache.LIBRARIES)]
    assert folders == sorted(f"{name}-{version(name)}.dist-info" for name in cache.LIBRARIES)


# ---------------------------------------------------------------------------------------------
# The command line: the same bytes whether the policy was compiled or read from the cache


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", ["impero", "elb", "learnamp", "totara", "clicklearn"])
@pytest.mark.parametrize("command", ["evaluate", "report"])
def test_output_is_the_same_from_the_cache(name, command, monkeypatch):
    monkeypatch.chdir(ROOT)
    policy = f"policies/{name}.sla"
    events = f"examples/{name}/events.jsonl"
    if not Path(events).exists():
        pytest.skip(f"no {events}")
    argv = [command, policy, events, "--at", "2026-04-01T00:00:00Z", "--format", "json"]
    cold = run(argv)
    assert len(entries()) == 1
    never_compiled(monkeypatch)
    assert run(argv) == cold
