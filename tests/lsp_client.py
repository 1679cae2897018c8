"""An editor stand-in for the `slac lsp` tests: pygls's `LanguageClient` starting `slac lsp` as a
subprocess and talking LSP to it over its standard input and output.

`session()` initializes the server and, when the test is done with it, sends `shutdown` and
`exit` and records the server's exit status. Published diagnostics are kept per document, and
`diagnostics(uri)` waits for the next batch.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

SLAC = str(Path(sys.executable).with_name("slac"))  # the console script pip installed
TIMEOUT = 20.0


class Editor(LanguageClient):
    def __init__(self) -> None:
        super().__init__("slac-tests", "1")
        self.published: dict[str, asyncio.Queue[list[lsp.Diagnostic]]] = {}
        self.logged: list[str] = []
        self.shown: list[str] = []
        self.exit_status: int | None = None
        self.versions: dict[str, int] = {}

        @self.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: lsp.PublishDiagnosticsParams) -> None:
            self.queue(params.uri).put_nowait(params.diagnostics)

        @self.feature(lsp.WINDOW_LOG_MESSAGE)
        def log(params: lsp.LogMessageParams) -> None:
            self.logged.append(params.message)

        @self.feature(lsp.WINDOW_SHOW_MESSAGE)
        def show(params: lsp.ShowMessageParams) -> None:
            self.shown.append(params.message)

    async def server_exit(self, server: asyncio.subprocess.Process) -> None:
        self.exit_status = server.returncode

    def queue(self, uri: str) -> asyncio.Queue[list[lsp.Diagnostic]]:
        return self.published.setdefault(uri, asyncio.Queue())

    async def diagnostics(self, uri: str) -> list[lsp.Diagnostic]:
        return list(await asyncio.wait_for(self.queue(uri).get(), TIMEOUT))

    def open(self, uri: str, text: str) -> None:
        self.versions[uri] = 1
        item = lsp.TextDocumentItem(uri=uri, language_id="slac", version=1, text=text)
        self.text_document_did_open(lsp.DidOpenTextDocumentParams(item))

    def replace(self, uri: str, text: str) -> None:
        """The whole text changed, as an editor sends it after a paste."""
        self.versions[uri] += 1
        document = lsp.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri])
        change = lsp.TextDocumentContentChangeWholeDocument(text=text)
        self.text_document_did_change(lsp.DidChangeTextDocumentParams(document, [change]))

    def type(self, uri: str, line: int, character: int, text: str) -> None:
        """`text` typed at a 0-based position: an incremental change."""
        self.versions[uri] += 1
        document = lsp.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri])
        where = lsp.Position(line, character)
        change = lsp.TextDocumentContentChangePartial(range=lsp.Range(where, where), text=text)
        self.text_document_did_change(lsp.DidChangeTextDocumentParams(document, [change]))


@asynccontextmanager
async def session() -> AsyncIterator[Editor]:
    editor = Editor()
    await editor.start_io(SLAC, "lsp")
    result = await asyncio.wait_for(
        editor.initialize_async(
            lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), process_id=None)
        ),
        TIMEOUT,
    )
    editor.initialized(lsp.InitializedParams())
    editor.capabilities = result.capabilities  # type: ignore[attr-defined]
    try:
        yield editor
    finally:
        await asyncio.wait_for(editor.shutdown_async(None), TIMEOUT)
        editor.exit(None)
        await asyncio.wait_for(editor.stop(), TIMEOUT)
