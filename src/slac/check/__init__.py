"""Semantic checks over a parsed `.sla` module: names, types, calendars, SLA semantics, lints.

`run_checks(module, source)` is the entry point the loader calls after building the syntax tree;
the module is compiled only when no error comes back, so these checks guarantee everything
`slac.compile` assumes. `check_sources(sources)` checks several files together (what `slac check`
runs), adding the problems that span files (a policy name declared twice).

Each check is a plain function `(module, ctx) -> Iterable[Diagnostic]` over the same `Context`
(the first declaration of each name, each calendar's day length). Name resolution
(`resolve.check_names`) runs first and is the only check that reports a duplicate or unknown
name; the others look names up in the Context and skip what is missing (an unknown field is E102
once, not also a type error). The diagnostics are sorted by position at the end.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from slac.check.context import build_context
from slac.diagnostics import Diagnostic
from slac.source import Source

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from slac.check.context import Context
    from slac.syntax import nodes


# Name resolution first: it reports every duplicate declaration and every reference that does not
# resolve, once, so each later check looks names up and skips what is missing instead of saying
# so again. Then in the order a reader meets the problems: the header and declarations, then what
# refers to them (conditions need fields; business hours need calendars; targets need priorities,
# metrics and the calendars' day lengths; clock rules read conditions, targets and calendars), lints
# last. Every check reads only the Context, so the
# order never changes what is found; it only decides which comes first among equal positions
# before the final sort, which is by (line, column, code).
@functools.cache
def checks() -> tuple[Callable[[nodes.Module, Context], Iterable[Diagnostic]], ...]:
    """The checks in the order they run; imported on first use, so that a module of this
    package (a desk's `warn at`: `slac.check.thresholds`) comes without all of them."""
    from slac.check.availability import check_availability
    from slac.check.calendars import check_calendars, check_header, check_unions, check_zones
    from slac.check.clocks import check_clock_rules
    from slac.check.fields import check_conditions, check_field_defaults
    from slac.check.hours import check_business_hours
    from slac.check.lints import check_exclusions, check_unused
    from slac.check.measures import check_budget, check_kpis, check_notice
    from slac.check.metrics import check_code_fixes, check_metrics, check_objectives
    from slac.check.names import check_unique_statements
    from slac.check.priorities import check_priorities
    from slac.check.resolve import check_names
    from slac.check.targets import check_targets
    from slac.check.thresholds import check_warnings
    from slac.check.tiers import check_tiers

    return (
        check_names,
        check_unique_statements,
        check_header,
        check_zones,
        check_field_defaults,
        check_conditions,
        check_calendars,
        check_unions,
        check_business_hours,
        check_priorities,
        check_metrics,
        check_targets,
        check_clock_rules,
        check_tiers,
        check_code_fixes,
        check_objectives,
        check_warnings,
        check_availability,
        check_notice,
        check_kpis,
        check_budget,
        check_unused,
        check_exclusions,
    )


def run_checks(module: nodes.Module, source: Source) -> list[Diagnostic]:
    """Every semantic problem in `module` (a `slac.syntax.nodes.Module`), sorted by position."""
    ctx = build_context(module, source)
    found = [diagnostic for check in checks() for diagnostic in check(module, ctx)]
    return sorted(found, key=Diagnostic.sort_key)


def check_sources(sources: Sequence[Source]) -> list[Diagnostic]:
    """Every problem in every source, checked together: each file's syntax or semantic
    diagnostics (paths set), plus policy names declared in more than one file (E116)."""
    from slac.check.resolve import duplicate_policies
    from slac.syntax import parse_source

    found: list[Diagnostic] = []
    parsed = []
    for source in sources:
        module, diagnostics = parse_source(source)  # parsed once: the module also feeds E116
        if module is not None:
            diagnostics = run_checks(module, source)
            parsed.append((source, module))
        found.extend(attrs.evolve(d, path=source.path) for d in diagnostics)
    found.extend(duplicate_policies(parsed))
    return sorted(found, key=Diagnostic.sort_key)
