"""Several agreements in one run: a desk file routes each ticket to a policy (docs/desk.md).

`load_desk(path)` reads, checks and loads a `.desk` file and the policies it names (raises
`DeskError` with every diagnostic, or OSError; `cached=True` compiles each policy through the
user's cache, `slac.loader.load_cached`, as the command line does); `evaluate_desk(desk,
events, at=...)` routes each ticket by the fields of its `created` event, first matching route
wins, and evaluates each policy's tickets with that policy (`slac.evaluation.evaluate`); a
ticket no route takes under a policy is reported as `no agreement`, never dropped. A desk's
`warn at` applies to each of its policies that states no `warn at` of its own.
"""

from __future__ import annotations

import os
from datetime import datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import attrs

from slac import ir
from slac.diagnostics import Diagnostic
from slac.source import Source

if TYPE_CHECKING:  # the desk's parser and checks (and the syntax tree) load with a desk only
    from slac.desk.syntax import Route, Use

NO_AGREEMENT = "no agreement"


@attrs.frozen
class Version:
    """One policy of a desk: an agreement (the `use` name) in force from `effective` (epoch
    seconds, midnight of `use ... from DATE` in the policy's time zone; None: from always)."""

    agreement: str
    policy: ir.Policy
    effective: int | None = None
    effective_text: str | None = None  # the date as written, what JSON names the version by

    @property
    def key(self) -> str:
        """Unique within a desk: the agreement, and the date for a dated version."""
        return self.agreement + (f" from {self.effective_text}" if self.effective_text else "")


@attrs.frozen
class Desk:
    name: str
    title: str
    path: str
    versions: tuple[Version, ...]  # in the order of the `use` lines
    routes: tuple[tuple[Route, str | None], ...]  # the agreement's name; None: no agreement

    @property
    def policies(self) -> tuple[ir.Policy, ...]:
        return tuple(v.policy for v in self.versions)

    def route(self, fields: dict[str, object]) -> str | None:
        """The agreement of a ticket with these `created` fields; None: no agreement."""
        for route, agreement in self.routes:
            if route.matches(fields):
                return agreement
        return None  # unreachable for a checked desk (E807 demands `otherwise`)

    def version(self, agreement: str, t: int) -> Version | None:
        """The version of `agreement` in force at `t`: the latest that took effect at or before
        it; None when `t` is before every version (reported as no agreement)."""
        in_force = None
        for version in self.versions:
            if version.agreement != agreement:
                continue
            start = version.effective
            if (start is None or start <= t) and (
                in_force is None or (in_force.effective or 0) <= (start or 0)
            ):
                in_force = version
        return in_force


class DeskError(Exception):
    """A desk that has errors: `diagnostics` (sorted) and the `sources` to render them."""

    def __init__(self, diagnostics: list[Diagnostic], sources: dict[str, Source]) -> None:
        self.diagnostics, self.sources = diagnostics, sources
        super().__init__(f"{sum(d.severity == 'error' for d in diagnostics)} error(s) in the desk")


def is_desk(path: str | os.PathLike[str]) -> bool:
    """A `.desk` file (as the command line tells a desk from a policy)."""
    return os.fspath(path).endswith(".desk")


def load_desk(path: str | os.PathLike[str], *, cached: bool = False) -> Desk:
    """The desk at `path` with its policies loaded (through the user's cache when `cached`:
    a policy unchanged since an earlier run is not compiled again); DeskError when it or one
    of them has errors."""
    from slac.desk.check import check_desk
    from slac.loader import load, load_cached, read_source

    source, problem = read_source(path)
    if problem is not None:
        raise DeskError([problem], {source.path: source})
    checked = check_desk(source, load_cached if cached else load)
    if checked.desk is None or any(d.severity == "error" for d in checked.diagnostics):
        raise DeskError(checked.diagnostics, checked.sources)
    desk = checked.desk
    warnings = tuple(p.value for p in desk.warnings[0].thresholds) if desk.warnings else ()
    versions = tuple(
        _version(use, policy, warnings)
        for versions_of in checked.policies.values()
        for use, policy in versions_of
        if policy is not None  # none is None: errors would have stopped the load
    )
    routes = tuple((r, r.policy) for r in desk.routes)
    return Desk(desk.name, desk.title, source.path, versions, routes)


def _version(use: Use, policy: ir.Policy, warnings: tuple[float, ...]) -> Version:
    if warnings and not policy.warnings:  # the desk's thresholds for a policy with none
        policy = attrs.evolve(policy, warnings=warnings)
    if use.effective is None:
        return Version(use.name, policy)
    midnight = datetime.combine(use.effective, time(), ZoneInfo(policy.timezone))
    return Version(use.name, policy, int(midnight.timestamp()), use.effective.isoformat())
