"""What keeps `slac check` and `slac evaluate` quick to start (bench/README.md#start-up): the
parser's tables kept in the user's cache by Lark, and each command importing only what it runs.

A cache that does not fit (another grammar or Lark, a damaged file, no folder) must only mean a
slower build. (The compiled policies' cache: tests/test_cache.py.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import lark
import pytest

from slac.source import Source
from slac.syntax import parse_source, parser

ROOT = Path(__file__).resolve().parent.parent
IMPERO = (ROOT / "policies" / "impero.sla").read_text()


@pytest.fixture
def own_cache(tmp_path, monkeypatch) -> Iterator[Path]:
    """An empty cache folder, and `parser()` forgotten so it is looked up there (and forgotten
    again afterwards, so later tests load the usual one)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    parser.parser.cache_clear()
    yield tmp_path / "slac"
    parser.parser.cache_clear()


def built() -> lark.Lark:
    return lark.Lark(
        parser.grammar_text(),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        lexer_callbacks={kind: parser._collect_comments for kind in parser._COMMENT_HOLDERS},
    )


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-5000] + bytes(5000), id="zeroed tail"),
        pytest.param(lambda data: b"", id="empty"),
    ],
)
def test_damaged_parser_tables_are_built_again(own_cache, damage):
    parser.parser()
    [tables] = own_cache.glob("*.lark-cache")
    whole = tables.read_bytes()
    tables.write_bytes(damage(whole))
    parser.parser.cache_clear()
    assert parser.parser().parse(IMPERO) == built().parse(IMPERO)
    assert tables.read_bytes() != damage(whole)  # written again
    os.utime(tables, ns=(0, 0))
    parser.parser.cache_clear()
    assert parser.parser().parse(IMPERO) == built().parse(IMPERO)
    assert tables.stat().st_mtime_ns == 0  # loaded, not built and written again


def test_another_grammar_or_lark_has_its_own_tables(monkeypatch, own_cache):
    grammar = parser.grammar_text()
    first = parser.cache_file(grammar)
    assert parser.cache_file(grammar + "\n// edited\n") != first
    monkeypatch.setattr(lark, "__version__", lark.__version__ + ".post1")
    assert parser.cache_file(grammar) != first


def test_no_cache_folder_still_parses(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # `a-file/slac` cannot be made
    parser.parser.cache_clear()
    try:
        module, diagnostics = parse_source(Source("t.sla", 'policy p "t" {\n}\n'))
    finally:
        parser.parser.cache_clear()
    assert module is not None and diagnostics == []
    assert not (blocker.parent / "slac").exists()


# ---------------------------------------------------------------------------------------------
# Each command imports what it runs


def imported_after(argv: list[str], env: dict[str, str]) -> set[str]:
    script = (
        "import sys, io, contextlib\n"
        "from slac.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    status = main({argv!r})\n"
        "print(status, ' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    )
    status, modules = done.stdout.split(" ", 1)
    assert status == "0", done.stderr
    return set(modules.split())


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}


def test_check_imports_no_other_command(env):
    modules = imported_after(["check", "policies"], env)
    assert "lark" in modules and "slac.check" in modules  # what it runs
    unneeded = {
        "slac.cli.commands.budget",
        "slac.cli.commands.import_",
        "slac.cli.commands.evaluate",
        "slac.desk",
        "slac.evaluation",
        "slac.compile",
        "holidays",
    }
    assert modules & unneeded == set()


def test_evaluate_with_the_policy_cached_imports_no_parser(env, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    argv = ["evaluate", "policies/impero.sla", str(empty), "--at", "2026-03-01T00:00:00Z"]
    first = imported_after(argv, env)
    assert "lark" in first  # compiled: parsed and checked
    cached = imported_after(argv, env)
    assert "slac.evaluation" in cached
    unneeded = {"lark", "slac.syntax.nodes", "slac.check", "slac.compile", "slac.desk.syntax"}
    assert cached & unneeded == set()
