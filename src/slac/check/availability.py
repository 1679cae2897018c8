"""The `availability` block (E501-E508, E510, E205 for its percentages).

Credit bands (`credit C% below T%`) must be unambiguous and monotone: each threshold once, and a
lower threshold earns a strictly higher credit; no band may lie above a service's objective,
since a month that meets its objective owes no credit. Bands naming services (`for premium`)
are judged among the bands of the same services; bands naming none cover the services no band
names (decided here:
docs/semantics.md#checks; ELB's bands satisfy all three).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from slac.check.context import Context, error, first_line
from slac.check.metrics import percent_range
from slac.check.world import did_you_mean
from slac.diagnostics import Diagnostic
from slac.syntax import nodes
from slac.vocabulary import OUTAGE_CAUSES


def check_availability(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    for block in module.policy.of(nodes.Availability):
        services = block.of(nodes.Service)
        if not services:
            yield error(
                "E506",
                "`availability` declares no service",
                first_line(block.span, ctx),
                help="add `service NAME PERCENT`, e.g. `service platform 99.9%`",
            )
        for service in services:
            yield from percent_range(service.percent, f"the objective of `{service.name.text}`")
        yield from _check_causes(block)
        yield from _check_credits(block, services)
        for rule in block.of(nodes.CreditWhen):
            if not 1 <= rule.failing <= rule.window:
                yield error(
                    "E504",
                    f"`{rule.failing} failing months in {rule.window}` cannot happen",
                    rule.span,
                    help="the count is at least 1 and at most the number of months",
                )
            if not block.of(nodes.Credit):
                yield error(
                    "E507",
                    "`credit when` without any credit band",
                    rule.span,
                    help="add bands such as `credit 10% below 99.9%`, or remove the rule",
                )
        for breach in block.of(nodes.MaterialBreach):
            if breach.consecutive < 1:
                yield error(
                    "E505",
                    f"material breach after {breach.consecutive} failing months",
                    breach.span,
                    help="name at least 1 consecutive failing month",
                )


def _check_causes(block: nodes.Availability) -> Iterator[Diagnostic]:
    excused: set[str] = set()
    statements: tuple[nodes.Excused | nodes.NotDowntime, ...] = (
        *block.of(nodes.Excused),
        *block.of(nodes.NotDowntime),
    )
    for statement in statements:
        for cause in statement.causes:
            if cause.text not in OUTAGE_CAUSES:
                help = did_you_mean(cause.text, OUTAGE_CAUSES) or "causes are " + ", ".join(
                    OUTAGE_CAUSES
                )
                yield error("E501", f"unknown outage cause `{cause.text}`", cause.span, help)
            elif isinstance(statement, nodes.Excused):
                excused.add(cause.text)
            elif cause.text in excused:
                yield error(
                    "E502",
                    f"`{cause.text}` is both excused and not downtime",
                    cause.span,
                    help="excused leaves the month's total, not downtime stays in it: keep one",
                )


def _check_credits(
    block: nodes.Availability, services: Sequence[nodes.Service]
) -> Iterator[Diagnostic]:
    declared = {service.name.text: service for service in services}
    named = {name.text for band in block.of(nodes.Credit) for name in band.services}
    general = [s for s in services if s.name.text not in named]  # what bands naming none cover

    def covers(band: nodes.Credit) -> list[nodes.Service]:
        if not band.services:
            return general
        return [declared[name.text] for name in band.services if name.text in declared]

    bands: list[nodes.Credit] = []
    for band in block.of(nodes.Credit):
        yield from _undeclared_services(band, declared)
        problems = [
            *percent_range(band.credit, "a service credit", allow_zero=True),
            *percent_range(band.below, "a credit threshold"),
        ]
        yield from problems
        if problems:
            continue
        mine = {s.name.text for s in covers(band)}
        related = [
            b
            for b in bands
            if (not b.services and not band.services) or mine & {s.name.text for s in covers(b)}
        ]
        yield from _inconsistent(band, related)
        for service in covers(band):
            if 0 < service.percent.value <= 100 and band.below.value > service.percent.value:
                yield error(
                    "E508",
                    f"credit below {band.below.text} is above the {service.percent.text} objective of "
                    f"`{service.name.text}`",
                    band.span,
                    help="start the bands at or below the objective",
                )
                break
        bands.append(band)


def _undeclared_services(
    band: nodes.Credit, declared: dict[str, nodes.Service]
) -> Iterator[Diagnostic]:
    for name in band.services:
        if name.text not in declared:
            yield error(
                "E510",
                f"credit band for `{name.text}`, which the block does not declare",
                name.span,
                help=did_you_mean(name.text, list(declared)) or "name a `service` of the block",
            )


def _inconsistent(band: nodes.Credit, related: list[nodes.Credit]) -> Iterator[Diagnostic]:
    """E503 against the earlier bands of the same services."""
    clash = next((b for b in related if b.below.value == band.below.value), None)
    inverted = next(
        (
            b
            for b in related
            if (b.below.value - band.below.value) * (b.credit.value - band.credit.value) >= 0
        ),
        None,
    )
    if clash is not None:
        yield error(
            "E503",
            f"two credit bands below {band.below.text}",
            band.span,
            help=f"line {clash.span.line} already sets the credit below {clash.below.text}; keep one",
        )
    elif inverted is not None:
        yield error(
            "E503",
            f"credit {band.credit.text} below {band.below.text} does not grow as availability falls",
            band.span,
            help=f"line {inverted.span.line} gives {inverted.credit.text} below "
            f"{inverted.below.text}; a lower threshold must earn a higher credit",
        )
