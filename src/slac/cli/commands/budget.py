"""`slac budget POLICY EVENTS [--at T] [--format json|table] [--skip-invalid]`: support budget
used and left per month (docs/formats.md#slac-budget---format-json).

Stages: `--at` (a usage error before any file is read), the policy (a policy without a
`budget` is a usage error, exit 2), the events with their worklogs (read and validated exactly
as `slac report` reads them: every bad line on stderr, exit 2 with nothing on stdout unless
`--skip-invalid`), the months (`slac.measure.budget`), then JSON or a table for people: one
row per month with the minutes used at each rate, what was charged and what is left, and a last
line with the month the budget runs out at the current pace.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from slac.cli.commands._common import CommandError, load_policy, parse_at
from slac.cli.tables import Column, decimal, format_columns
from slac.text import shown_path

if TYPE_CHECKING:
    from slac.measure.budget import BudgetMonth, BudgetReport


def add_arguments(command: argparse.ArgumentParser) -> None:
    """`slac budget`'s arguments (called from `slac.cli.parser`)."""
    from slac.cli.parser import _TABLE_ON_A_TERMINAL, _add_format, add_event_input

    command.add_argument("policy", metavar="POLICY")
    add_event_input(command)
    _add_format(command, ("json", "table"), _TABLE_ON_A_TERMINAL)


def run(args: argparse.Namespace) -> int:
    """The subcommand; a CommandError becomes a message and exit 2 in `slac.cli`."""
    from slac.cli.commands.evaluate import load_events_and_measures
    from slac.measure.budget import budget_report

    at = parse_at(args.at)
    policy = load_policy(args.policy)
    if policy.budget is None:
        raise CommandError(f"{shown_path(args.policy)}: policy `{policy.name}` states no `budget`")
    events, measures = load_events_and_measures(args, policy)
    try:
        report = budget_report(policy, events, measures.worklogs, at)
    except ValueError as error:  # an evaluation error (excluded tickets), as `slac report` says it
        raise CommandError(f"{shown_path(args.policy)}: {error}") from None
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
    else:
        sys.stdout.write(format_budget(report))
    return 0


def format_budget(report: BudgetReport) -> str:
    """A title, one line per month (minutes used per rate as `h:mm`), the run-out month."""
    rates = [rate for rate, _ in report.months[0].used] if report.months else []
    columns: list[Column[BudgetMonth]] = [Column("month", lambda m: m.month)]
    columns += [_rate_column(rate, index) for index, rate in enumerate(rates)]
    columns += [
        Column(f"charged ({report.unit})", lambda m: decimal(m.charged), right=True),
        Column(f"left ({report.unit})", lambda m: decimal(m.left), right=True),
    ]
    title = f"{report.policy}: budget {report.budget} {report.unit} per period; time used as h:mm\n"
    out = report.runs_out
    ending = (
        "runs out: not before the budget renews\n"
        if out is None
        else f"runs out: {out}"
        + (" (already)\n" if _overdrawn(report, out) else " at the current pace\n")
    )
    return title + format_columns(columns, report.months) + ending


def _rate_column(rate: str, index: int) -> Column[BudgetMonth]:
    return Column(rate, lambda m: _hours(m.used[index][1]), right=True)


def _overdrawn(report: BudgetReport, month: str) -> bool:
    return any(m.month == month for m in report.months)


def _hours(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"
