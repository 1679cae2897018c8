"""The pygls server behind `slac lsp`: documents in, diagnostics and answers out, over stdio.

Each open document keeps its latest `Analysis` and the latest one that parsed (completion reads
the declared names from it while the text is half-typed). Every change is analysed at once: a
keystroke on the largest shipped policy costs a few milliseconds (`bench/bench_lsp.py`).
Nothing a document holds stops the server: text over `MAX_CHARS` is not checked as you type (a
warning says so), and an unexpected exception while analysing is logged to the client and
leaves the document without diagnostics; the server keeps serving either way.

Positions: slac spans are 1-based lines and columns in characters; LSP positions are 0-based,
in the encoding the client and pygls agreed on (UTF-16 by default), converted by the document's
position codec. Formatting is `slac fmt`'s (`slac.fmt.format_source`): the whole document
replaced by its canonical layout, nothing when it does not parse.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from typing import BinaryIO, cast

import attrs
from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import ServerTextPosition, ServerTextRange, TextDocument

from slac.diagnostics import Diagnostic
from slac.fmt import format_source
from slac.lsp import complete, fixes, hover, outline
from slac.lsp.analysis import (
    Analysis,
    Occurrence,
    analyse,
    declaration_of,
    declared_names,
    occurrence_at,
    uses_of,
)
from slac.source import Source, Span

MAX_CHARS = 1_000_000  # ~185 times Impero's policy: most of a second to check, too slow to type in
SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning}
COMPLETION_KIND = {
    "calendar": lsp.CompletionItemKind.Module,
    "field": lsp.CompletionItemKind.Field,
    "value": lsp.CompletionItemKind.EnumMember,
    "priority": lsp.CompletionItemKind.Constant,
    "metric": lsp.CompletionItemKind.Event,
    None: lsp.CompletionItemKind.Keyword,
}


@attrs.define
class Open:
    """What the server holds for one open document."""

    latest: Analysis | None = None
    parsed: Analysis | None = None  # the latest analysis whose text parsed


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("slac")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


class SlacServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("slac", _version())
        self.documents: dict[str, Open] = {}
        self.shut_down = False


def to_range(document: TextDocument, span: Span) -> lsp.Range:
    # A span may end one past the last character (an error at the end of the file); the
    # position codec needs a line that exists, so the end is kept on a real line.
    last = max(len(document.lines) - 1, 0)
    start = ServerTextPosition(min(span.line - 1, last), max(span.column - 1, 0))
    end = ServerTextPosition(min(span.end_line - 1, last), max(span.end_column - 1, 0))
    return document.range_to_client_units(ServerTextRange(start, end))


def to_span(document: TextDocument, range_: lsp.Range) -> Span:
    server = document.range_from_client_units(range_)
    start, end = server.start, server.end
    return Span(start.line + 1, start.character + 1, end.line + 1, end.character + 1)


def at(document: TextDocument, position: lsp.Position) -> tuple[int, int]:
    """(line, column), 1-based in characters, of a client position."""
    server = document.position_from_client_units(position)
    return server.line + 1, server.character + 1


def to_diagnostic(document: TextDocument, diagnostic: Diagnostic) -> lsp.Diagnostic:
    help = f"\nhelp: {diagnostic.help}" if diagnostic.help else ""
    return lsp.Diagnostic(
        range=to_range(document, diagnostic.span),
        message=diagnostic.message + help,
        severity=SEVERITY[diagnostic.severity],
        code=diagnostic.code,
        source="slac",
    )


def refresh(server: SlacServer, uri: str) -> None:
    """Analyse the document again and publish its diagnostics (none, when it cannot be checked)."""
    document = server.workspace.get_text_document(uri)
    state = server.documents.setdefault(uri, Open())
    state.latest = None
    found: Sequence[lsp.Diagnostic] = ()
    if len(document.source) > MAX_CHARS:
        message = (
            f"{uri}: {len(document.source):,} characters is over the {MAX_CHARS:,} checked as you"
            " type; run `slac check` on it"
        )
        server.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Warning, message))
    else:
        try:
            state.latest = analyse(document.source, to_fs_path(uri) or uri)
            found = [to_diagnostic(document, d) for d in state.latest.diagnostics]
        except Exception:  # a bug in slac must cost the document its diagnostics, not the server
            log = f"slac could not check {uri}:\n{traceback.format_exc()}"
            server.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, log))
        if state.latest is not None and state.latest.module is not None:
            state.parsed = state.latest
    params = lsp.PublishDiagnosticsParams(uri, list(found), document.version)
    server.text_document_publish_diagnostics(params)


# ---------------------------------------------------------------------------------------------
# Requests. Each reads the document's latest analysis; a document that does not parse answers
# nothing (hover, definition) or from its last parsed version (completion).


def _document(ls: SlacServer, uri: str) -> tuple[TextDocument, Open]:
    return ls.workspace.get_text_document(uri), ls.documents.setdefault(uri, Open())


def did_open(ls: SlacServer, params: lsp.DidOpenTextDocumentParams) -> None:
    refresh(ls, params.text_document.uri)


def did_change(ls: SlacServer, params: lsp.DidChangeTextDocumentParams) -> None:
    refresh(ls, params.text_document.uri)


def did_close(ls: SlacServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.documents.pop(uri, None)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, []))


def on_hover(ls: SlacServer, params: lsp.HoverParams) -> lsp.Hover | None:
    document, state = _document(ls, params.text_document.uri)
    if state.latest is None:
        return None
    found = hover.hover(state.latest, *at(document, params.position))
    if found is None:
        return None
    content = lsp.MarkupContent(lsp.MarkupKind.Markdown, found.markdown)
    return lsp.Hover(content, to_range(document, found.span))


def _occurrence(
    ls: SlacServer, params: lsp.DefinitionParams | lsp.ReferenceParams
) -> tuple[TextDocument, Analysis, Occurrence] | None:
    document, state = _document(ls, params.text_document.uri)
    if state.latest is None:
        return None
    occurrence = occurrence_at(state.latest, *at(document, params.position))
    return None if occurrence is None else (document, state.latest, occurrence)


def definition(ls: SlacServer, params: lsp.DefinitionParams) -> list[lsp.Location]:
    found = _occurrence(ls, params)
    if found is None:
        return []
    document, analysis, occurrence = found
    declared = declaration_of(analysis, occurrence)
    if declared is None:
        return []
    return [lsp.Location(document.uri, to_range(document, declared.name.span))]


def find_references(ls: SlacServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
    found = _occurrence(ls, params)
    if found is None:
        return []
    document, analysis, occurrence = found
    uses = uses_of(analysis, occurrence, params.context.include_declaration)
    return [lsp.Location(document.uri, to_range(document, o.name.span)) for o in uses]


def completion(ls: SlacServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    document, state = _document(ls, params.text_document.uri)
    line, column = at(document, params.position)
    lines = document.lines  # each with its line break
    before = "".join(lines[: line - 1])
    if line <= len(lines):
        before += lines[line - 1][: column - 1]
    declared = declared_names(state.parsed) if state.parsed is not None else {}
    items = [
        lsp.CompletionItem(c.label, kind=COMPLETION_KIND[c.kind], detail=c.detail)
        for c in complete.candidates(before, declared)
    ]
    return lsp.CompletionList(is_incomplete=False, items=items)


def _symbol(document: TextDocument, symbol: outline.Symbol) -> lsp.DocumentSymbol:
    return lsp.DocumentSymbol(
        name=symbol.name,
        detail=symbol.detail,
        kind=lsp.SymbolKind[symbol.kind],
        range=to_range(document, symbol.span),
        selection_range=to_range(document, symbol.selection),
        children=[_symbol(document, child) for child in symbol.children],
    )


def document_symbols(ls: SlacServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
    document, state = _document(ls, params.text_document.uri)
    if state.latest is None or state.latest.module is None:
        return []
    return [_symbol(document, s) for s in outline.symbols(state.latest.module)]


def code_actions(ls: SlacServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    document, state = _document(ls, params.text_document.uri)
    if state.latest is None:
        return []
    actions = []
    for fix in fixes.fixes(state.latest, to_span(document, params.range)):
        edit = lsp.TextEdit(to_range(document, fix.diagnostic.span), fix.replacement)
        actions.append(
            lsp.CodeAction(
                title=fix.title,
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[to_diagnostic(document, fix.diagnostic)],
                edit=lsp.WorkspaceEdit(changes={document.uri: [edit]}),
                is_preferred=True,
            )
        )
    return actions


def formatting(ls: SlacServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit]:
    """The whole document replaced by its `slac fmt` layout; nothing when it does not parse."""
    document = ls.workspace.get_text_document(params.text_document.uri)
    source = Source(document.uri, document.source)
    formatted, _ = format_source(source)
    if formatted is None or formatted == document.source:
        return []
    end = ServerTextPosition(len(document.lines), 0)  # the line after the last: the very end
    whole = document.range_to_client_units(ServerTextRange(ServerTextPosition(0, 0), end))
    return [lsp.TextEdit(whole, formatted)]


def shutdown(ls: SlacServer, params: None) -> None:
    ls.shut_down = True


def build_server() -> SlacServer:
    server = SlacServer()
    server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)(did_open)
    server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)(did_change)
    server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)(did_close)
    server.feature(lsp.TEXT_DOCUMENT_HOVER)(on_hover)
    server.feature(lsp.TEXT_DOCUMENT_DEFINITION)(definition)
    server.feature(lsp.TEXT_DOCUMENT_REFERENCES)(find_references)
    server.feature(lsp.TEXT_DOCUMENT_COMPLETION)(completion)
    server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)(document_symbols)
    quickfix = lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix])
    server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, quickfix)(code_actions)
    server.feature(lsp.TEXT_DOCUMENT_FORMATTING)(formatting)
    server.feature(lsp.SHUTDOWN)(shutdown)
    return server


def serve() -> int:
    """Serve on stdin/stdout until `exit`: 0 after `shutdown`, 1 without (as the protocol says)."""
    server = build_server()
    # The raw byte streams: the CLI wraps `sys.stdout` in a text writer that records failures
    # (`slac.cli.streams`), and the protocol speaks bytes with its own framing.
    stdin, stdout = sys.__stdin__, sys.__stdout__
    server.start_io(
        cast("BinaryIO", stdin.buffer) if stdin is not None else None,
        cast("BinaryIO", stdout.buffer) if stdout is not None else None,
    )
    return 0 if server.shut_down else 1
