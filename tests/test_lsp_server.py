"""`slac lsp` driven as an editor drives it: pygls's LanguageClient starts `slac lsp` as a
subprocess and speaks LSP over its standard input and output (`tests/lsp_client.py`).

Positions are 0-based (LSP), worked out by hand from `DEMO` below; its lines are numbered in the
comment beside it. Each test is one editor session, ended by `shutdown` and `exit`, after which
the server must exit with status 0 (contract §8.1).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
from collections.abc import Awaitable, Callable
from pathlib import Path

from lsp_client import SLAC, Editor, session
from lsprotocol import types as lsp

ROOT = Path(__file__).resolve().parent.parent
URI = "file:///work/demo.sla"
DEMO = """\
policy demo "Demo desk" {
  timezone "Europe/London"
  calendar uk {
    zone "Europe/London"
    mon-fri 09:00-17:00
  }
  field region: uk | us = uk
  priorities P1, P2
  priority P1 when region == us
  priority default P2
  business hours uk
  metric resolution {
    start on created
    stop on resolved
  }
  targets {
    priority  resolution
    P1        4h
    P2        3 working days
  }
}
"""
# 0 policy, 2 calendar uk, 6 field region, 7 priorities, 8 priority P1 when, 10 business hours,
# 11 metric, 16 the target header, 17 P1's row, 18 P2's row.
SCENARIO_TIMEOUT = 120.0  # a request the client failed to send would otherwise wait forever
TYPO = DEMO.replace("region == us", "regoin == us")


def run(scenario: Callable[[Editor], Awaitable[None]]) -> Editor:
    """Run `scenario` in one editor session; the server must then exit with status 0."""

    async def main() -> Editor:
        async with session() as editor:
            await asyncio.wait_for(scenario(editor), SCENARIO_TIMEOUT)
        return editor

    editor = asyncio.run(main())
    assert editor.exit_status == 0
    return editor


def doc() -> lsp.TextDocumentIdentifier:
    return lsp.TextDocumentIdentifier(URI)


def span(range_: lsp.Range) -> tuple[int, int, int, int]:
    return (range_.start.line, range_.start.character, range_.end.line, range_.end.character)


def at(line: int, character: int) -> lsp.Position:
    return lsp.Position(line, character)


# ---------------------------------------------------------------------------------------------
# Lifecycle and capabilities


def test_initialize_announces_the_features_and_exit_after_shutdown_is_status_0() -> None:
    async def scenario(editor: Editor) -> None:
        capabilities = editor.capabilities  # type: ignore[attr-defined]
        assert capabilities.hover_provider
        assert capabilities.definition_provider
        assert capabilities.references_provider
        assert capabilities.completion_provider is not None
        assert capabilities.document_symbol_provider
        assert list(capabilities.code_action_provider.code_action_kinds) == ["quickfix"]
        assert capabilities.document_formatting_provider

    run(scenario)


def test_exit_without_shutdown_is_status_1() -> None:
    async def main() -> Editor:
        editor = Editor()
        await editor.start_io(SLAC, "lsp")
        params = lsp.InitializeParams(capabilities=lsp.ClientCapabilities())
        await editor.initialize_async(params)
        editor.exit(None)
        await asyncio.wait_for(editor.stop(), 20)
        return editor

    assert asyncio.run(main()).exit_status == 1


# ---------------------------------------------------------------------------------------------
# Diagnostics


def test_diagnostics_on_open_on_change_and_cleared_when_fixed() -> None:
    async def scenario(editor: Editor) -> None:
        editor.open(URI, TYPO)
        unused, unknown = await editor.diagnostics(URI)
        assert (unused.code, span(unused.range)) == ("W602", (6, 8, 6, 14))
        assert unused.severity == lsp.DiagnosticSeverity.Warning
        assert (unknown.code, span(unknown.range)) == ("E102", (8, 19, 8, 25))
        assert unknown.message == "unknown field `regoin`\nhelp: did you mean `region`?"
        assert unknown.severity == lsp.DiagnosticSeverity.Error
        assert unknown.source == "slac" and unknown.code_description is None
        editor.type(URI, 8, 19, "region")  # typed before the typo: `regionregoin`
        (still,) = [d for d in await editor.diagnostics(URI) if d.code == "E102"]
        assert still.message.startswith("unknown field `regionregoin`")
        editor.replace(URI, DEMO)
        assert await editor.diagnostics(URI) == []
        # LSP counts UTF-16 code units: the emoji is two, so `regoin` starts at 20, not 19.
        emoji = DEMO.replace(
            "  priority default P2\n", '  exclude "\U0001f600" when regoin == us\n'
        )
        editor.replace(URI, emoji)
        (wide,) = await editor.diagnostics(URI)
        assert (wide.code, span(wide.range)) == ("E102", (9, 20, 9, 26))

    run(scenario)


def _check_json(paths: list[Path]) -> list[dict[str, object]]:
    command = [SLAC, "check", "--format", "json", *map(str, paths)]
    found: list[dict[str, object]] = json.loads(
        subprocess.run(command, capture_output=True, text=True).stdout
    )
    return found


def test_every_check_fixture_gives_the_diagnostics_slac_check_prints() -> None:
    # E013 (bytes that are not UTF-8) cannot reach an editor's text; E116 (a policy name that
    # two files declare) is about files checked together, and the server checks one at a time.
    fixtures = [
        p
        for p in sorted((ROOT / "tests" / "fixtures" / "check").rglob("*.sla"))
        if not p.name.startswith(("E013", "E116"))
    ]
    expected: dict[str, list[tuple[object, ...]]] = {p.as_uri(): [] for p in fixtures}
    for d in _check_json(fixtures):
        if d["code"] == "E116":
            continue
        help = f"\nhelp: {d['help']}" if d["help"] else ""
        where = (
            int(d["line"]) - 1,
            int(d["column"]) - 1,
            int(d["end_line"]) - 1,
            int(d["end_column"]) - 1,
        )  # type: ignore[call-overload]
        expected[Path(str(d["path"])).resolve().as_uri()].append(
            (d["code"], where, f"{d['message']}{help}")
        )

    async def scenario(editor: Editor) -> None:
        for fixture in fixtures:
            editor.open(fixture.as_uri(), fixture.read_text(encoding="utf-8"))
            found = await editor.diagnostics(fixture.as_uri())
            got = [(d.code, span(d.range), d.message) for d in found]
            assert got == expected[fixture.as_uri()], fixture.name

    assert len(fixtures) > 80
    run(scenario)


# ---------------------------------------------------------------------------------------------
# Hover, definition, references


async def _hover(editor: Editor, line: int, character: int) -> str | None:
    found = await editor.text_document_hover_async(lsp.HoverParams(doc(), at(line, character)))
    if found is None:
        return None
    assert isinstance(found.contents, lsp.MarkupContent)
    return found.contents.value


def test_hover_on_a_target_cell_a_name_and_a_diagnostic_code() -> None:
    async def scenario(editor: Editor) -> None:
        editor.open(URI, TYPO)
        await editor.diagnostics(URI)
        # `uk` is open 09:00-17:00 on weekdays: an 8h business day, so 3 days are 24h.
        assert await _hover(editor, 18, 16) == (
            "`resolution` for `P2`: 3 working days = 24h on `uk` (8h day)"
        )
        assert await _hover(editor, 17, 15) == "`resolution` for `P1`: 4h of business time on `uk`"
        calendar = await _hover(editor, 10, 18)  # `uk` in `business hours uk`
        assert calendar == (
            "calendar `uk`, declared on line 3\n\n```slac\ncalendar uk {\n"
            '  zone "Europe/London"\n  mon-fri 09:00-17:00\n}\n```'
        )
        value = await _hover(editor, 6, 27)  # the default `uk`: the value, not the calendar
        assert value is not None
        assert value.startswith("value `uk` of field `region`, declared on line 7")
        typo = await _hover(editor, 8, 21)
        assert typo is not None
        assert typo.startswith(
            "unknown field `regoin`\n\nhelp: did you mean `region`?\n\n---\n\n**E102**: unknown field"
        )
        assert await _hover(editor, 1, 1) is None  # `timezone`: nothing to say

    run(scenario)


async def _locations(
    editor: Editor, method: str, line: int, character: int, declaration: bool = True
) -> list[tuple[int, int, int, int]]:
    where = at(line, character)
    if method == "definition":
        found = await editor.text_document_definition_async(lsp.DefinitionParams(doc(), where))
    else:
        context = lsp.ReferenceContext(include_declaration=declaration)
        found = await editor.text_document_references_async(
            lsp.ReferenceParams(context=context, text_document=doc(), position=where)
        )
    locations = list(found or [])
    assert all(isinstance(x, lsp.Location) and x.uri == URI for x in locations)
    return [span(x.range) for x in locations]  # type: ignore[union-attr]


def test_definition_and_references_of_calendars_fields_values_priorities_and_metrics() -> None:
    async def scenario(editor: Editor) -> None:
        editor.open(URI, DEMO)
        await editor.diagnostics(URI)
        # calendar `uk`: `business hours uk` -> `calendar uk {`
        assert await _locations(editor, "definition", 10, 17) == [(2, 11, 2, 13)]
        assert await _locations(editor, "references", 2, 12) == [(2, 11, 2, 13), (10, 17, 10, 19)]
        # field `region`, used in `priority P1 when region == us`
        assert await _locations(editor, "definition", 8, 20) == [(6, 8, 6, 14)]
        # value `us` of `region`: declared in the field, compared in the priority rule
        assert await _locations(editor, "definition", 8, 30) == [(6, 21, 6, 23)]
        assert await _locations(editor, "references", 6, 22) == [(6, 21, 6, 23), (8, 29, 8, 31)]
        # the default `uk` is the value `uk`, not the calendar `uk`
        assert await _locations(editor, "definition", 6, 26) == [(6, 16, 6, 18)]
        # priority `P1`: declared, named by a rule, a target row
        p1 = [(7, 13, 7, 15), (8, 11, 8, 13), (17, 4, 17, 6)]
        assert await _locations(editor, "references", 7, 14) == p1
        assert await _locations(editor, "references", 17, 5, declaration=False) == p1[1:]
        # metric `resolution`: the target table's column
        assert await _locations(editor, "definition", 16, 20) == [(11, 9, 11, 19)]
        assert await _locations(editor, "definition", 1, 3) == []  # `timezone`: no name

    run(scenario)


# ---------------------------------------------------------------------------------------------
# Completion and the outline


async def _completion(
    editor: Editor, line: int, character: int
) -> set[tuple[str, lsp.CompletionItemKind | None]]:
    found = await editor.text_document_completion_async(
        lsp.CompletionParams(doc(), at(line, character))
    )
    assert isinstance(found, lsp.CompletionList)
    return {(item.label, item.kind) for item in found.items}


def test_completion_offers_the_block_statements_at_a_line_start_and_names_elsewhere() -> None:
    async def scenario(editor: Editor) -> None:
        editor.open(URI, DEMO)
        await editor.diagnostics(URI)
        # Half-typed: `    da` on a new line in the calendar. The document no longer parses.
        editor.type(URI, 5, 0, "    da\n")
        (problem,) = await editor.diagnostics(URI)
        assert problem.code.startswith("E0")  # type: ignore[union-attr]
        keyword = lsp.CompletionItemKind.Keyword
        calendar = await _completion(editor, 5, 6)
        # The calendar block's statements that open with a keyword (a window opens with a day).
        openings = ["zone", "holidays", "closed", "union", "day length", "always open"]
        assert calendar == {(opening, keyword) for opening in openings}
        metric = await _completion(editor, 14, 4)  # the line start of `stop on resolved`
        phrases = ["start on", "stop on", "resume on reopen", "pause when status"]
        assert {(phrase, keyword) for phrase in phrases} <= metric
        assert ("zone", keyword) not in metric
        # After `priority ` in a rule: the priorities the last text that parsed declared.
        priority = lsp.CompletionItemKind.Constant
        assert await _completion(editor, 9, 11) == {("P1", priority), ("P2", priority)}
        # A target row's start is a table row, not a statement: every declared name.
        assert await _completion(editor, 19, 4) == {
            ("uk", lsp.CompletionItemKind.Module),  # the calendar
            ("region", lsp.CompletionItemKind.Field),
            ("uk", lsp.CompletionItemKind.EnumMember),  # the value of `region`
            ("us", lsp.CompletionItemKind.EnumMember),
            ("P1", priority),
            ("P2", priority),
            ("resolution", lsp.CompletionItemKind.Event),
        }

    run(scenario)


def test_document_symbols_outline_the_policy() -> None:
    async def scenario(editor: Editor) -> None:
        editor.open(URI, DEMO)
        await editor.diagnostics(URI)
        found = await editor.text_document_document_symbol_async(lsp.DocumentSymbolParams(doc()))
        assert found is not None
        (policy,) = found
        assert isinstance(policy, lsp.DocumentSymbol)
        assert (policy.name, policy.detail, policy.kind) == (
            "demo",
            "Demo desk",
            lsp.SymbolKind.Module,
        )
        assert span(policy.range) == (0, 0, 20, 1)
        children = policy.children or []
        assert [(c.name, c.kind) for c in children] == [
            ("uk", lsp.SymbolKind.Class),
            ("region", lsp.SymbolKind.Field),
            ("priorities", lsp.SymbolKind.Enum),
            ("resolution", lsp.SymbolKind.Event),
            ("targets", lsp.SymbolKind.Array),
        ]
        region, priorities = children[1], children[2]
        assert [v.name for v in region.children or []] == ["uk", "us"]
        assert [span(p.selection_range) for p in priorities.children or []] == [
            (7, 13, 7, 15),
            (7, 17, 7, 19),
        ]

    run(scenario)


# ---------------------------------------------------------------------------------------------
# Quick fixes


def test_a_did_you_mean_is_a_quick_fix_that_clears_the_diagnostic() -> None:
    async def scenario(editor: Editor) -> None:
        editor.open(URI, TYPO)
        await editor.diagnostics(URI)
        cursor = lsp.Range(at(8, 21), at(8, 21))
        actions = await editor.text_document_code_action_async(
            lsp.CodeActionParams(doc(), cursor, lsp.CodeActionContext([]))
        )
        assert actions is not None
        (action,) = actions
        assert isinstance(action, lsp.CodeAction)
        assert action.title == "Change `regoin` to `region`"
        assert action.kind == lsp.CodeActionKind.QuickFix
        assert [d.code for d in action.diagnostics or []] == ["E102"]
        assert action.edit is not None and action.edit.changes is not None
        (edit,) = action.edit.changes[URI]
        assert (span(edit.range), edit.new_text) == ((8, 19, 8, 25), "region")
        editor.type(URI, 8, 19, "")  # no change of text: no new fix offered elsewhere
        await editor.diagnostics(URI)
        elsewhere = await editor.text_document_code_action_async(
            lsp.CodeActionParams(doc(), lsp.Range(at(1, 0), at(1, 5)), lsp.CodeActionContext([]))
        )
        assert list(elsewhere or []) == []
        editor.replace(
            URI, TYPO[: TYPO.index("regoin")] + "region" + TYPO[TYPO.index("regoin") + 6 :]
        )
        assert await editor.diagnostics(URI) == []

    run(scenario)


# ---------------------------------------------------------------------------------------------
# Broken documents


def test_broken_documents_never_stop_the_server() -> None:
    async def scenario(editor: Editor) -> None:
        half = 'policy demo "Demo" {\n  calendar uk {\n    zo'
        editor.open(URI, half)
        (problem,) = await editor.diagnostics(URI)
        assert problem.code.startswith("E0")  # type: ignore[union-attr]
        hover = await _hover(editor, 2, 5)  # under the syntax error: what it is
        assert hover is not None and hover.startswith("unknown statement `zo` in a calendar")
        assert await _locations(editor, "definition", 1, 12) == []
        symbols = await editor.text_document_document_symbol_async(lsp.DocumentSymbolParams(doc()))
        assert list(symbols or []) == []
        editor.replace(URI, "\x00\xff\ufffd\x89PNG\r\n\x1a\n" * 50)  # a binary file, decoded
        (binary,) = await editor.diagnostics(URI)
        assert binary.code == "E001"  # the first character cannot start anything
        editor.replace(URI, "x" * 1_000_001)
        assert await editor.diagnostics(URI) == []
        assert any("over the 1,000,000 checked as you type" in m for m in editor.shown)
        editor.replace(URI, "{" * 100_000)  # deep, but never built
        (deep,) = await editor.diagnostics(URI)
        assert deep.code.startswith("E0")  # type: ignore[union-attr]
        editor.replace(URI, DEMO)
        assert await editor.diagnostics(URI) == []
        assert await _locations(editor, "definition", 10, 17) == [(2, 11, 2, 13)]

    run(scenario)


def test_formatting_gives_the_slac_fmt_layout() -> None:
    # `slac fmt`'s layout of DEMO: a blank line around each block, tables aligned.
    canonical = (
        DEMO.replace("  calendar", "\n  calendar")
        .replace("  field region", "\n  field region")
        .replace("  metric", "\n  metric")
        .replace("  targets", "\n  targets")
    )
    scrambled = DEMO.replace("  field region", "field   region").replace(
        "    P1        4h", "P1 4h"
    )

    async def formatted(editor: Editor, text: str) -> list[lsp.TextEdit]:
        editor.replace(URI, text)
        await editor.diagnostics(URI)
        options = lsp.FormattingOptions(tab_size=2, insert_spaces=True)
        edits = await editor.text_document_formatting_async(
            lsp.DocumentFormattingParams(text_document=doc(), options=options)
        )
        return list(edits or [])

    async def scenario(editor: Editor) -> None:
        editor.open(URI, "")
        await editor.diagnostics(URI)
        (edit,) = await formatted(editor, scrambled)
        assert span(edit.range) == (0, 0, 21, 0)  # the whole document: 21 lines
        assert edit.new_text == canonical
        assert await formatted(editor, canonical) == []  # already in the layout
        assert await formatted(editor, DEMO[:40]) == []  # a syntax error: nothing to format

    run(scenario)
