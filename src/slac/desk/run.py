"""Evaluating events through a desk: route each ticket, evaluate each policy's share, merge.

Routing reads raw events (dicts) so each policy then validates its own tickets' events against
its own declarations, as `slac evaluate` does for one policy. A ticket goes where the fields of
its `created` event send it (later field changes do not move it: the agreement is fixed when
the ticket is raised). Releases go to every policy. An event of a ticket with no `created`
goes to the first policy, whose reader reports it. The merged evaluation lists every ticket in
the order of `created` (instant, then input order) with `policy` at the end of each: the
policy's name, or null with `excluded: "no agreement"` and no metrics.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

import attrs

from slac import ir
from slac.desk import NO_AGREEMENT, Desk
from slac.evaluation import evaluate, instant
from slac.evaluation.results import Evaluation, JsonKeys, TicketResult

T = TypeVar("T")


@attrs.frozen
class DeskTicketResult(TicketResult):
    """A ticket's result under a desk: the ticket object of one policy, and which policy."""

    policy: str | None = None

    JSON: ClassVar[JsonKeys] = (*TicketResult.JSON, ("policy", "name"))


@attrs.frozen
class DeskRun:
    """A desk's evaluation: the merged tickets, and each policy with its own evaluation (for
    reports and `slac due`), in the order of the desk's `use` lines."""

    evaluation: Evaluation
    parts: tuple[tuple[ir.Policy, Evaluation], ...]
    no_agreement: tuple[str, ...]


@attrs.frozen
class Created:
    """What routing knows of a ticket: its `created` instant and input position, and policy."""

    at: int
    position: int
    priority: str | None
    policy: ir.Policy | None


def split(
    desk: Desk, items: Sequence[tuple[int, Mapping[str, Any] | None, T]]
) -> tuple[dict[str, Created], dict[str, list[T]]]:
    """Each ticket's routing, and each policy's share of `items`: (input position, the event
    as a dict or None when it is not one, what to hand the policy: the dict or the line)."""
    routed: dict[str, Created] = {}
    for position, event, _ in items:
        if event is None or event.get("event") != "created":
            continue
        ticket = event.get("ticket")
        if isinstance(ticket, str) and ticket not in routed:
            fields = event.get("fields")
            priority = event.get("priority")
            routed[ticket] = Created(
                _instant_or_last(event.get("at")),
                position,
                priority if isinstance(priority, str) else None,
                desk.route(fields if isinstance(fields, dict) else {}),
            )
    shares: dict[str, list[T]] = {p.name: [] for p in desk.policies}
    first = shares[desk.policies[0].name]
    for _, event, payload in items:
        if event is not None and event.get("event") == "release":
            for share in shares.values():
                share.append(payload)
            continue
        ticket = event.get("ticket") if event is not None else None
        created = routed.get(ticket) if isinstance(ticket, str) else None
        if created is None:
            first.append(payload)  # not routable: the first policy's reader says why
        elif created.policy is not None:
            shares[created.policy.name].append(payload)
    return routed, shares


def _instant_or_last(text: object) -> int:
    """A `created` instant for ordering; a bad one sorts last (its policy's reader reports it)."""
    try:
        return instant(text) if isinstance(text, str) else 2**62
    except ValueError:
        return 2**62


def merge(
    desk: Desk,
    at: int,
    routed: Mapping[str, Created],
    parts: tuple[tuple[ir.Policy, Evaluation], ...],
) -> DeskRun:
    """The evaluations of each policy as one, each ticket naming its policy."""
    results: dict[str, DeskTicketResult] = {}
    for policy, evaluation in parts:
        for result in evaluation.tickets:
            results[result.ticket] = DeskTicketResult(
                result.ticket, result.priority, result.excluded, result.metrics, policy.name
            )
    unrouted = []
    for name, created in routed.items():
        if created.policy is None and created.at <= at:
            unrouted.append(name)
            results[name] = DeskTicketResult(name, created.priority, NO_AGREEMENT, (), None)
    order = sorted(results, key=lambda t: (routed[t].at, routed[t].position))
    evaluation = Evaluation(desk.name, at, tuple(results[t] for t in order))
    unrouted_set = set(unrouted)
    return DeskRun(evaluation, parts, tuple(t for t in order if t in unrouted_set))


def evaluate_desk(desk: Desk, events: Iterable[dict[str, Any]], *, at: Any) -> DeskRun:
    """Route `events` (dicts in the shape of docs/formats.md#ticket-events) and evaluate each
    policy's share at `at`; ValueError for an invalid event, as `slac.evaluate`."""
    at = instant(at)
    items = [(n, e, e) for n, e in enumerate(events, 1)]
    routed, shares = split(desk, items)
    parts = tuple(
        (policy, evaluate(policy, shares[policy.name], at=at)) for policy in desk.policies
    )
    return merge(desk, at, routed, parts)
