"""Evaluating events through a desk: route each ticket, evaluate each policy's share, merge.

Routing reads raw events (dicts) so each policy then validates its own tickets' events against
its own declarations, as `slac evaluate` does for one policy. A ticket goes where the fields of
its `created` event send it (later field changes do not move it: the agreement is fixed when
the ticket is raised), and is judged by the version of that agreement in force when it was
created (`versions="created"`, the default) or at the instant judged at (`versions="at"`). A
ticket created before every version of its agreement is under no agreement. Releases go to
every policy. An event of a ticket with no `created` goes to the first policy, whose reader
reports it. The merged evaluation lists every ticket in the order of `created` (instant, then
input order) with `policy` and `version` at the end of each: the policy's name and the date its
version took effect (null for an undated `use`), or both null with `excluded: "no agreement"`
and no metrics.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Literal, TypeVar

import attrs

from slac import ir
from slac.desk import NO_AGREEMENT, Desk, Version
from slac.evaluation import evaluate, instant
from slac.evaluation.results import Evaluation, JsonKeys, TicketResult

T = TypeVar("T")
VersionRule = Literal["created", "at"]


@attrs.frozen
class DeskTicketResult(TicketResult):
    """A ticket's result under a desk: the ticket object of one policy, which policy, which
    version of it."""

    policy: str | None = None
    version: str | None = None

    JSON: ClassVar[JsonKeys] = (*TicketResult.JSON, ("policy", "name"), ("version", "name"))


@attrs.frozen
class DeskRun:
    """A desk's evaluation: the merged tickets, and each version with its own evaluation (for
    reports and `slac due`), in the order of the desk's `use` lines."""

    evaluation: Evaluation
    versions: tuple[tuple[Version, Evaluation], ...]
    no_agreement: tuple[str, ...]

    @property
    def parts(self) -> tuple[tuple[ir.Policy, Evaluation], ...]:
        return tuple((version.policy, evaluation) for version, evaluation in self.versions)


@attrs.frozen
class Created:
    """What routing knows of a ticket: its `created` instant and input position, and version
    (None: no agreement), and the agreement a route sent it to (None: no route did)."""

    at: int
    position: int
    priority: str | None
    version: Version | None
    agreement: str | None = None


def split(
    desk: Desk,
    items: Sequence[tuple[int, Mapping[str, Any] | None, T]],
    at: int,
    versions: VersionRule = "created",
) -> tuple[dict[str, Created], dict[str, list[T]]]:
    """Each ticket's routing, and each version's share of `items` (by `Version.key`): (input
    position, the event as a dict or None when it is not one, what to hand the policy: the
    dict or the line)."""
    routed: dict[str, Created] = {}
    for position, event, _ in items:
        if event is None or event.get("event") != "created":
            continue
        ticket = event.get("ticket")
        if isinstance(ticket, str) and ticket not in routed:
            fields = event.get("fields")
            priority = event.get("priority")
            created_at = _instant_or_last(event.get("at"))
            agreement = desk.route(fields if isinstance(fields, dict) else {})
            when = created_at if versions == "created" else at
            version = None if agreement is None else desk.version(agreement, when)
            is_priority = isinstance(priority, str)
            routed[ticket] = Created(
                created_at, position, priority if is_priority else None, version, agreement
            )
    shares: dict[str, list[T]] = {v.key: [] for v in desk.versions}
    first = shares[desk.versions[0].key]
    for _, event, payload in items:
        if event is not None and event.get("event") == "release":
            for share in shares.values():
                share.append(payload)
            continue
        ticket = event.get("ticket") if event is not None else None
        created = routed.get(ticket) if isinstance(ticket, str) else None
        if created is None:
            first.append(payload)  # not routable: the first policy's reader says why
        elif created.version is not None:
            shares[created.version.key].append(payload)
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
    parts: tuple[tuple[Version, Evaluation], ...],
) -> DeskRun:
    """The evaluations of each version as one, each ticket naming its policy and version."""
    results: dict[str, DeskTicketResult] = {}
    for version, evaluation in parts:
        for result in evaluation.tickets:
            results[result.ticket] = DeskTicketResult(
                result.ticket,
                result.priority,
                result.excluded,
                result.metrics,
                version.policy.name,
                version.effective_text,
            )
    unrouted = set()
    for name, created in routed.items():
        if created.version is None and created.at <= at:
            unrouted.add(name)
            results[name] = DeskTicketResult(name, created.priority, NO_AGREEMENT, (), None)
    order = sorted(results, key=lambda t: (routed[t].at, routed[t].position))
    evaluation = Evaluation(desk.name, at, tuple(results[t] for t in order))
    return DeskRun(evaluation, parts, tuple(t for t in order if t in unrouted))


def evaluate_desk(
    desk: Desk,
    events: Iterable[dict[str, Any]],
    *,
    at: Any,
    versions: VersionRule = "created",
) -> DeskRun:
    """Route `events` (dicts in the shape of docs/formats.md#ticket-events) and evaluate each
    version's share at `at`; ValueError for an invalid event, as `slac.evaluate`."""
    at = instant(at)
    items = [(n, e, e) for n, e in enumerate(events, 1)]
    routed, shares = split(desk, items, at, versions)
    parts = tuple((v, evaluate(v.policy, shares[v.key], at=at)) for v in desk.versions)
    return merge(desk, at, routed, parts)
