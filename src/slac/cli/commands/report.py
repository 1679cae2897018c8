"""`slac report POLICY EVENTS [--at T] [--skip-invalid]`: monthly compliance against the objectives.

Stages: `--at` (a usage error before any file is read), the policy, the events (read and
validated exactly as `slac evaluate` does, through its `load_events`: every bad line on
stderr, exit 2 with nothing on stdout unless `--skip-invalid`), evaluate at `--at`, count
by month, print JSON (contract §5) or a table for people.
"""

from __future__ import annotations

import json
import sys

from slac.cli.commands._common import CommandError, load_policy, parse_at


def run(args) -> int:
    """The subcommand; a CommandError becomes a message and exit 2 in `slac.cli`."""
    from slac import evaluate
    from slac.cli.commands.evaluate import load_events
    from slac.measure.report import report_from_evaluation

    at = parse_at(args.at)
    policy = load_policy(args.policy)
    events = load_events(args, policy)
    try:
        evaluation = evaluate(policy, events, at=at)
    except ValueError as error:  # as `slac evaluate` does: a message, never a traceback
        raise CommandError(f"{args.policy}: {error}") from None
    report = report_from_evaluation(policy, evaluation)
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
    else:
        sys.stdout.write(format_report(report))
    return 0


def format_report(report) -> str:
    """One line per month, metric and priority ("all" for the all-priorities row)."""
    from slac.cli.tables import format_table

    if not report.rows:
        return f"{report.policy}: no metric has reached its final state yet (nothing met or breached)\n"
    headers = (
        "month",
        "metric",
        "priority",
        "counted",
        "met",
        "breached",
        "percent met",
        "objective",
        "objective met",
    )
    rows = [
        (
            row.month,
            row.metric,
            "all" if row.priority is None else row.priority,
            row.counted,
            row.met,
            row.breached,
            _percent(row.percent_met),
            None if row.objective_percent is None else _percent(row.objective_percent),
            None if row.objective_met is None else ("yes" if row.objective_met else "NO"),
        )
        for row in report.rows
    ]
    return format_table(headers, rows, right=(3, 4, 5, 6, 7))


def _percent(value: float) -> str:
    """At most 3 decimals, no trailing zeros: 95%, 66.667%."""
    return f"{value:.3f}".rstrip("0").rstrip(".") + "%"
