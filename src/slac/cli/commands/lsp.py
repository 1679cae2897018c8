"""`slac lsp`: a Language Server Protocol server on standard input and output (`slac.lsp`).

Exit status 0 on `exit` after `shutdown` (docs/formats.md#command-line), 1 on `exit` without it; 2 when pygls,
an optional dependency, is not installed.
"""

from __future__ import annotations

import argparse
import importlib.util

from slac.cli.commands._common import CommandError


def run(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("pygls") is None:
        raise CommandError("`slac lsp` needs pygls: pip install 'slac[lsp]'")
    from slac.lsp.server import serve

    return serve()
