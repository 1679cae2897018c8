"""Several agreements in one run: a desk file routes each ticket to a policy (docs/desk.md).

`load_desk(path)` reads, checks and loads a `.desk` file and the policies it names (raises
`DeskError` with every diagnostic, or OSError); `evaluate_desk(desk, events, at=...)` routes
each ticket by the fields of its `created` event, first matching route wins, and evaluates each
policy's tickets with that policy (`slac.evaluation.evaluate`); a ticket no route takes under a
policy is reported as `no agreement`, never dropped. A desk's `warn at` applies to each of its
policies that states no `warn at` of its own.
"""

from __future__ import annotations

import os

import attrs

from slac import ir
from slac.desk.check import check_desk
from slac.desk.syntax import Route
from slac.diagnostics import Diagnostic
from slac.source import Source

NO_AGREEMENT = "no agreement"


@attrs.frozen
class Desk:
    name: str
    title: str
    path: str
    policies: tuple[ir.Policy, ...]  # in the order of the `use` lines
    routes: tuple[tuple[Route, ir.Policy | None], ...]  # None: no agreement

    def route(self, fields: dict[str, object]) -> ir.Policy | None:
        """The policy of a ticket with these `created` fields; None: no agreement."""
        for route, policy in self.routes:
            if route.matches(fields):
                return policy
        return None  # unreachable for a checked desk (E807 demands `otherwise`)


class DeskError(Exception):
    """A desk that has errors: `diagnostics` (sorted) and the `sources` to render them."""

    def __init__(self, diagnostics: list[Diagnostic], sources: dict[str, Source]) -> None:
        self.diagnostics, self.sources = diagnostics, sources
        super().__init__(f"{sum(d.severity == 'error' for d in diagnostics)} error(s) in the desk")


def is_desk(path: str | os.PathLike[str]) -> bool:
    """A `.desk` file (as the command line tells a desk from a policy)."""
    return os.fspath(path).endswith(".desk")


def load_desk(path: str | os.PathLike[str]) -> Desk:
    """The desk at `path` with its policies loaded; DeskError when it or one of them has errors."""
    from slac.loader import read_source

    source, problem = read_source(path)
    if problem is not None:
        raise DeskError([problem], {source.path: source})
    checked = check_desk(source)
    if checked.desk is None or any(d.severity == "error" for d in checked.diagnostics):
        raise DeskError(checked.diagnostics, checked.sources)
    desk = checked.desk
    warnings = tuple(value for value, _, _ in desk.warnings[0].thresholds) if desk.warnings else ()
    by_name = {
        # the desk's thresholds for a policy that states none of its own
        name: p if p.warnings or not warnings else attrs.evolve(p, warnings=warnings)
        for name, p in checked.policies.items()
        if p is not None
    }
    return Desk(
        desk.name,
        desk.title,
        source.path,
        tuple(by_name.values()),
        tuple((r, None if r.policy is None else by_name[r.policy]) for r in desk.routes),
    )
