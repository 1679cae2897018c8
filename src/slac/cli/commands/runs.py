"""A run of `evaluate`, `report` or `due` over a policy or a desk: what each command needs.

`evaluate_run(args, at)` loads `args.policy` (a `.desk` file is a desk, anything else a policy),
reads `args.events` and evaluates. For a desk the lines are routed first (`slac.desk.run.split`)
and each policy's reader validates its own tickets' lines, so a problem names the line of the
file as for one policy; a release line goes to every policy and is reported once
(`read_desk_events`). `routed_events` is the same reading for one ticket: the version it is
routed to and that version's events (`slac trace DESK`).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

import attrs

from slac.cli.commands._common import (
    CommandError,
    input_label,
    load_desk,
    load_policy,
    read_lines,
    report_event_problems,
)

if TYPE_CHECKING:
    from slac import ir
    from slac.desk import Desk, Version
    from slac.desk.run import Created, DeskRun
    from slac.diagnostics import Diagnostic
    from slac.evaluation.results import Evaluation
    from slac.inputs.events import Event


@attrs.frozen
class Run:
    name: str  # the policy's or the desk's
    timezone: str  # the policy's; a desk's first policy's
    evaluation: Evaluation
    parts: tuple[tuple[ir.Policy, Evaluation], ...]
    desk: DeskRun | None = None


def evaluate_run(args: argparse.Namespace, at: int) -> Run:
    from slac.desk import is_desk

    if is_desk(args.policy):
        desk = load_desk(args.policy)
        run = _desk_run(args, desk, at)
        timezone = desk.policies[0].timezone
        return Run(desk.name, timezone, run.evaluation, run.parts, run)
    from slac.cli.commands.evaluate import evaluate_file

    policy = load_policy(args.policy)
    evaluation = evaluate_file(args, policy, at)
    return Run(policy.name, policy.timezone, evaluation, ((policy, evaluation),))


def _desk_run(args: argparse.Namespace, desk: Desk, at: int) -> DeskRun:
    from slac.desk.run import merge
    from slac.evaluation import evaluate

    routed, shares = read_desk_events(args, desk, at)
    try:
        parts = tuple((v, evaluate(v.policy, events, at=at)) for v, events in shares)
    except ValueError as error:
        raise CommandError(f"cannot evaluate: {error}") from None
    return merge(desk, at, routed, parts)


def routed_events(
    args: argparse.Namespace, desk: Desk, ticket: str, at: int
) -> tuple[Version, list[Event]]:
    """The version of the desk `ticket` is routed to, and that version's share of the events,
    read as `slac evaluate DESK` reads them (`slac trace DESK`). CommandError for a ticket
    under no agreement. A ticket no `created` at or before `at` names goes, as its events do,
    to the first version, whose `slac.trace` says it is unknown."""
    routed, shares = read_desk_events(args, desk, at)
    created = routed.get(ticket)
    if created is None or created.at > at:
        return shares[0]
    version = created.version
    if version is None:
        when = "at --at" if getattr(args, "versions", "created") == "at" else "when it was created"
        why = (
            f"no version of `{created.agreement}` is in force {when}"
            if created.agreement is not None
            else f"desk `{desk.name}` routes it to no policy"
        )
        raise CommandError(f"cannot trace: ticket `{ticket}` is under no agreement: {why}")
    return next(share for share in shares if share[0] is version)


def read_desk_events(
    args: argparse.Namespace, desk: Desk, at: int
) -> tuple[dict[str, Created], list[tuple[Version, list[Event]]]]:
    """`args.events` routed (`slac.desk.run.split`) and read by each version's reader, every
    problem reported (`report_event_problems`) before anything is evaluated: each ticket's
    routing, and each version's events in the order of the desk's `use` lines."""
    from slac.desk.run import split
    from slac.inputs.problems import decode_line
    from slac.inputs.reader import EventReader

    items = []
    for number, text in read_lines(args.events):
        decoded: Any
        try:
            decoded = decode_line(text) if text.strip() else None
        except ValueError:
            decoded = None
        event = decoded if isinstance(decoded, dict) else None
        items.append((number, event, (number, text)))
    routed, shares = split(desk, items, at, getattr(args, "versions", "created"))
    label = input_label(args.events)
    shares_events = []
    problems: dict[tuple[int, str, str], Diagnostic] = {}
    routed_on = frozenset(test.field for route, _ in desk.routes for test in route.tests)
    for version in desk.versions:
        reader = EventReader(version.policy, label, also_declared=routed_on)
        events, found = reader.finish(reader.read(shares[version.key]))
        shares_events.append((version, events))
        for problem in found:  # a bad release line is every reader's: reported once
            problems.setdefault((problem.span.line, problem.code, problem.message), problem)
    report_event_problems(args, sorted(problems.values(), key=lambda d: d.sort_key()))
    return routed, shares_events
