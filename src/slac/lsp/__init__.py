"""`slac lsp`: a Language Server Protocol server for `.sla` files, on pygls.

The editor-facing answers are computed from plain values, without pygls, so they are tested and
timed on their own: `analysis` (one document parsed and checked, with every use and declaration
of a name), `hover`, `complete`, `outline` and `fixes`. `server` is the only module that imports
pygls: it keeps one analysis per open document, turns spans into LSP ranges and answers the
protocol's requests. pygls is an optional dependency (`pip install 'slac[lsp]'`).
"""
