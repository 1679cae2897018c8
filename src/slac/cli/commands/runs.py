"""A run of `evaluate`, `report` or `due` over a policy or a desk: what each command needs.

`evaluate_run(args, at)` loads `args.policy` (a `.desk` file is a desk, anything else a policy),
reads `args.events` and evaluates. For a desk the lines are routed first (`slac.desk.run.split`)
and each policy's reader validates its own tickets' lines, so a problem names the line of the
file as for one policy; a release line goes to every policy and is reported once.
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
    report_input_problems,
)

if TYPE_CHECKING:
    from slac import ir
    from slac.desk import Desk
    from slac.desk.run import DeskRun
    from slac.diagnostics import Diagnostic
    from slac.evaluation.results import Evaluation


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
    from slac.desk.run import merge, split
    from slac.evaluation import evaluate
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
    report_input_problems(
        sorted(problems.values(), key=lambda d: d.sort_key()),
        args,
        "invalid event line",
        "nothing evaluated (--skip-invalid evaluates the valid lines)",
    )
    try:
        parts = tuple((v, evaluate(v.policy, events, at=at)) for v, events in shares_events)
    except ValueError as error:
        raise CommandError(f"cannot evaluate: {error}") from None
    return merge(desk, at, routed, parts)
