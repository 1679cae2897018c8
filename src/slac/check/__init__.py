"""Semantic checks over a parsed `.sla` module: names, types, calendars, SLA semantics, lints.

`run_checks(module, source)` is the one entry point; the loader calls it after building the AST
and compiles the module only when no error comes back.
"""

from __future__ import annotations

from slac.diagnostics import Diagnostic
from slac.source import Source


def run_checks(module: object, source: Source) -> list[Diagnostic]:
    """Every semantic problem in `module`, in source order (none yet: checks land next)."""
    return []
