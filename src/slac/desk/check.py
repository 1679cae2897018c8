"""Checks of a desk file and of every policy it names (E802-E808).

`check_desk(source)` reads the desk, loads each policy its `use` lines name (their paths are
relative to the desk file; `load`: `slac.loader.load`, or `load_cached` as the command line
loads a desk's policies) and returns the desk's own problems after each policy's. Each check
below is a small function over the parsed desk and the policies that loaded, run in the order
of `DESK_CHECKS` (names first: the others skip a route whose policy is unknown).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import attrs

from slac import ir
from slac.desk.syntax import DeskFile, Route, Test, Use, parse_desk
from slac.diagnostics import Diagnostic
from slac.source import Source, Span


@attrs.frozen
class Checked:
    """A desk as checked: the file, each agreement's versions (one unless `use ... from`) with
    its policy (None: did not load), every problem."""

    desk: DeskFile | None
    policies: Policies
    diagnostics: list[Diagnostic]
    sources: dict[str, Source]


Policies = dict[str, list[tuple[Use, ir.Policy | None]]]
PolicyLoader = Callable[[str], ir.Policy]  # a path to its compiled policy: OSError, PolicyError


def policy_path(desk_path: str, written: str) -> str:
    """A `use` line's path, read relative to the desk file's folder."""
    return os.path.normpath(os.path.join(os.path.dirname(desk_path), written))


def check_desk(source: Source, load: PolicyLoader | None = None) -> Checked:
    """Every problem of the desk in `source` and of the policies it names, each policy loaded
    by `load` (`slac.loader.load` when None)."""
    if load is None:
        from slac import loader

        load = loader.load
    desk, found = parse_desk(source)
    sources = {source.path: source}
    policies: Policies = {}
    if desk is None:
        return Checked(None, policies, found, sources)
    for use in desk.uses:
        versions = policies.setdefault(use.name, [])
        if any(other.effective == use.effective for other, _ in versions):
            when = f"from {use.effective}" if use.effective else "without `from DATE`"
            found.append(
                _error(
                    "E803",
                    f"policy name `{use.name}` is used twice {when}",
                    use.span,
                    source,
                    "give each `use` line its own name, or each version its own `from DATE`",
                )
            )
            continue
        versions.append((use, _load(use, source, found, sources, load)))
    for check in DESK_CHECKS:
        found.extend(attrs.evolve(d, path=source.path) for d in check(desk, policies))
    return Checked(desk, policies, sorted(found, key=Diagnostic.sort_key), sources)


def _load(
    use: Use,
    source: Source,
    found: list[Diagnostic],
    sources: dict[str, Source],
    load: PolicyLoader,
) -> ir.Policy | None:
    """The policy of a `use` line; None, with its problems added to `found`, when it does not load."""
    from slac.loader import PolicyError

    path = policy_path(source.path, use.path)
    try:
        return load(path)
    except OSError as error:
        reason = error.strerror or str(error)
        found.append(
            _error(
                "E808",
                f"cannot read policy `{use.name}` at `{path}`: {reason}",
                use.span,
                source,
                "the path is relative to the desk file",
            )
        )
    except PolicyError as error:
        found.extend(error.diagnostics)
        sources.update(error.sources)
    return None


def _error(code: str, message: str, span: Span, source: Source, help: str) -> Diagnostic:
    return Diagnostic(code, message, span, help=help, path=source.path)


def unknown_policies(desk: DeskFile, policies: Policies) -> Iterator[Diagnostic]:
    for route in desk.routes:
        if route.policy is not None and route.policy not in policies:
            known = ", ".join(f"`{name}`" for name in policies) or "none yet"
            yield Diagnostic(
                "E802",
                f"route to unknown policy `{route.policy}`",
                route.policy_span,
                help=f'add `use {route.policy} "PATH"`; the desk uses {known}',
            )


def undeclared_fields(desk: DeskFile, policies: Policies) -> Iterator[Diagnostic]:
    """A route tests a field the desk does not declare and its policy does not either (a
    `no agreement` route: no policy the desk uses does)."""
    own = {name for name, _ in desk.fields}
    for route in desk.routes:
        targets = _targets(route, policies)
        if targets is None:
            continue  # E802 said so, or the policy did not load and showed its own problems
        for test in route.tests:
            if test.field in own or any(p.field(test.field) for p in targets):
                yield from _values(test, targets)
                continue
            whose = f"policy `{route.policy}`" if route.policy else "any policy the desk uses"
            yield Diagnostic(
                "E804",
                f"field `{test.field}` is declared neither by the desk nor by {whose}",
                test.span,
                help=f"declare it in the desk (`field {test.field}`) or fix the spelling",
            )


def _targets(route: Route, policies: Policies) -> list[ir.Policy] | None:
    """The policies a route sends tickets to (each version's), or None when one did not load
    (it showed its own problems) or the name is unknown (E802)."""
    if route.policy is None:
        return [p for versions in policies.values() for _, p in versions if p is not None]
    versions = policies.get(route.policy)
    if versions is None or any(p is None for _, p in versions):
        return None
    return [p for _, p in versions if p is not None]


def _values(test: Test, targets: list[ir.Policy]) -> Iterator[Diagnostic]:
    """E805: a value the routed policy's field cannot take (an enumeration or a bool)."""
    for policy in targets:
        field = policy.field(test.field)
        if field is None or field.kind == "text":
            continue
        allowed: tuple[object, ...] = (True, False) if field.kind == "bool" else field.values
        for value in test.values:
            if value not in allowed or isinstance(value, bool) != (field.kind == "bool"):
                shown = str(value).lower() if isinstance(value, bool) else value
                takes = "true or false" if field.kind == "bool" else ", ".join(field.values)
                yield Diagnostic(
                    "E805",
                    f"field `{test.field}` of policy `{policy.name}` never takes `{shown}`",
                    test.span,
                    help=f"it takes {takes}",
                )


def unreachable_routes(desk: DeskFile, policies: Policies) -> Iterator[Diagnostic]:
    """E806: a route every ticket of which an earlier route already takes."""
    for index, route in enumerate(desk.routes):
        earlier = next((e for e in desk.routes[:index] if _covers(e, route)), None)
        if earlier is not None:
            yield Diagnostic(
                "E806",
                "unreachable route: every ticket it matches is taken by the route on line "
                f"{earlier.span.line}",
                route.span,
                help="first match wins: put the narrower route first, or drop this one",
            )


def _covers(earlier: Route, later: Route) -> bool:
    """Every ticket `later` matches, `earlier` matches too: each test of `earlier` is implied
    by a test of `later` on the same field (no tests at all, as `otherwise`, covers all)."""
    return all(any(_implies(t, e) for t in later.tests) for e in earlier.tests)


def _implies(test: Test, other: Test) -> bool:
    if test.field != other.field:
        return False
    if test.op == "!=":
        return other.op == "!=" and set(other.values) <= set(test.values)
    if other.op == "!=":
        return not set(test.values) & set(other.values)
    return set(test.values) <= set(other.values)


def missing_otherwise(desk: DeskFile, policies: Policies) -> Iterator[Diagnostic]:
    """E807: without `otherwise`, a ticket no route takes would have no stated outcome."""
    if not any(route.otherwise for route in desk.routes):
        yield Diagnostic(
            "E807",
            f"desk `{desk.name}` says nothing for a ticket no route takes",
            desk.span,
            help="end with `otherwise to POLICY` or `otherwise no agreement`",
        )


def warning_thresholds(desk: DeskFile, policies: Policies) -> Iterator[Diagnostic]:
    """E205 and E450 as for a policy's `warn at` (slac.check.thresholds), one `warn at` line."""
    if not desk.warnings:
        return  # `slac.check.thresholds` and the syntax tree it reads (~25 ms): for a desk that warns
    from slac.check.thresholds import threshold_problems

    for index, warn in enumerate(desk.warnings):
        if index:
            yield Diagnostic(
                "E117",
                "`warn at` is given more than once in the desk",
                warn.thresholds[0].span,
                help="merge them into one",
            )
        yield from threshold_problems(warn.thresholds)


# Names first: the field and value checks skip routes to an unknown policy, which E802 reports.
DESK_CHECKS: tuple[Callable[[DeskFile, Policies], Iterator[Diagnostic]], ...] = (
    unknown_policies,
    undeclared_fields,
    unreachable_routes,
    missing_otherwise,
    warning_thresholds,
)
