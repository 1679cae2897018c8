"""What keeps `slac check` and `slac evaluate` quick to start (bench/README.md#start-up): the
parser kept in the user's cache, and each command importing only what it runs.

The cached parser is a pickled `lark.Lark`; it must parse, and fail to parse, every file exactly
as a parser built from the grammar does, and a cache that does not fit (another grammar or Lark,
a damaged entry, no folder) must only mean a slower build.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import lark
import pytest

from slac import cache
from slac.source import Source
from slac.syntax import parse_source, parser
from slac.syntax.errors import syntax_diagnostic

ROOT = Path(__file__).resolve().parent.parent
SLA_FILES = sorted({*ROOT.glob("policies/*.sla"), *ROOT.glob("tests/**/*.sla")})


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
        lexer_callbacks={kind: parser._collect_comments for kind in parser._COMMENT_HOLDERS},
        **parser.OPTIONS,
    )


def outcome(chosen: lark.Lark, text: str) -> tuple[object, ...]:
    """The tree, or the error as slac reads it: where, which token, the expected terminals (a
    set: Lark's own message lists them in set order, which differs between any two parsers and
    which slac never shows) and the diagnostic slac makes of it."""
    try:
        return ("tree", chosen.parse(text))
    except lark.exceptions.UnexpectedInput as error:
        expected = getattr(error, "expected", None) or getattr(error, "allowed", None)
        token = getattr(error, "token", None)
        diagnostic = syntax_diagnostic(error, Source("t.sla", text))
        return ("error", type(error).__name__, error.line, error.column,
                sorted(expected or ()), repr(token), diagnostic)  # fmt: skip


def test_the_pickled_parser_parses_every_file_as_the_built_one():
    reference = built()
    loaded = parser._unpickled(parser._pickled(built()))
    assert loaded is not None
    texts = [path.read_bytes().decode("utf-8", errors="replace") for path in SLA_FILES]
    assert len(texts) > 100
    outcomes = [(outcome(reference, text), outcome(loaded, text)) for text in texts]
    assert any(first[0] == "error" for first, _ in outcomes)  # syntax errors are compared too
    assert [first for first, _ in outcomes] == [second for _, second in outcomes]


def test_the_parser_is_built_once_then_loaded(own_cache):
    first = parser.parser()
    [entry] = own_cache.glob("*.lark-cache")
    parser.parser.cache_clear()
    loaded = parser.parser()
    assert loaded is not first
    assert [p.name for p in own_cache.iterdir()] == [entry.name]
    text = (ROOT / "policies" / "impero.sla").read_text()
    assert loaded.parse(text) == first.parse(text)


def test_another_lark_version_builds_afresh(own_cache, monkeypatch):
    parser.parser()
    parser.parser.cache_clear()
    monkeypatch.setattr(lark, "__version__", lark.__version__ + ".post1")
    parser.parser()
    assert len(list(own_cache.glob("*.lark-cache"))) == 2  # each Lark keeps its own entry


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-5000] + bytes(5000), id="zeroed tail"),
        pytest.param(lambda data: b"", id="empty"),
    ],
)
def test_a_damaged_parser_entry_is_rebuilt(own_cache, damage):
    parser.parser()
    [entry] = own_cache.glob("*.lark-cache")
    entry.write_bytes(damage(entry.read_bytes()))
    parser.parser.cache_clear()
    text = (ROOT / "policies" / "elb.sla").read_text()
    assert parser.parser().parse(text) == built().parse(text)
    parser.parser.cache_clear()
    assert parser._unpickled(cache.read(entry.name, _key())) is not None  # rewritten whole


def _key() -> tuple[object, ...]:
    return ("parser", parser.grammar_text(), sorted(parser.OPTIONS.items()), lark.__version__,
            sys.version)  # fmt: skip


def test_an_entry_that_is_not_a_parser_is_rebuilt(own_cache):
    parser.parser()
    [entry] = own_cache.glob("*.lark-cache")
    cache.write(entry.name, _key(), b"not a pickle")
    parser.parser.cache_clear()
    assert isinstance(parser.parser(), lark.Lark)
    cache.write(entry.name, _key(), json.dumps("a pickle, not a parser").encode())
    parser.parser.cache_clear()
    assert isinstance(parser.parser(), lark.Lark)


def test_no_cache_folder_still_parses(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
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
