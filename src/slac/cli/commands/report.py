"""`slac report POLICY EVENTS [--at T] [--skip-invalid] [--format json|table|csv|html] [--outages OUTAGES] [-o FILE]`: monthly compliance against the objectives.

Stages: `--at` (a usage error before any file is read), the policy, the events (read and
validated exactly as `slac evaluate` does, through its `load_events`: every bad line on
stderr, exit 2 with nothing on stdout unless `--skip-invalid`), evaluate at `--at`, count
by month, print JSON (docs/formats.md#slac-report---format-json), CSV, a table for people, or
the self-contained HTML page (`slac.measure.html`; with `--outages`, the availability of the
report's months on the same page), to standard output or `-o FILE`.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from slac.cli.commands._common import CommandError, load_policy, parse_at, write_output
from slac.cli.tables import Column, decimal, format_columns, percent, yes_or_no
from slac.text import shown_path

if TYPE_CHECKING:
    from slac.evaluation.results import Evaluation
    from slac.evaluation.trace import MetricTrace
    from slac.inputs.events import Event
    from slac.ir import Policy
    from slac.measure.kpis import KpiRow
    from slac.measure.report import Report, ReportRow


def run(args: argparse.Namespace) -> int:
    """The subcommand; a CommandError becomes a message and exit 2 in `slac.cli`."""
    from slac import evaluate
    from slac.cli.commands.evaluate import load_events_and_measures
    from slac.measure.kpis import kpi_rows
    from slac.measure.report import report_from_evaluation

    at = parse_at(args.at)
    from slac.desk import is_desk

    if is_desk(args.policy):  # rows per policy (docs/desk.md#report)
        if args.format in ("csv", "html") or args.outages is not None:
            raise CommandError(
                "a desk's report is json or table; --format csv, html and --outages report "
                "one policy"
            )
        return _desk_report(args, at)
    if args.outages is not None and args.format != "html":
        raise CommandError("--outages is for --format html (slac availability measures outages)")
    policy = load_policy(args.policy)
    events, measures = load_events_and_measures(args, policy)
    try:
        evaluation = evaluate(policy, events, at=at)
    except ValueError as error:  # as `slac evaluate` does: a message, never a traceback
        raise CommandError(f"{shown_path(args.policy)}: {error}") from None
    kpis = kpi_rows(policy, evaluation, events, measures.calls)
    report = report_from_evaluation(policy, evaluation, kpis)
    if args.format == "json":
        text = json.dumps(report.to_dict(), indent=2) + "\n"
    elif args.format == "csv":
        from slac.cli.csv_output import write_report

        buffer = io.StringIO()
        write_report(report, buffer)
        text = buffer.getvalue()
    elif args.format == "html":
        text = _html(args, policy, events, evaluation, report)
    else:
        text = format_report(report)
    write_output(args.output, text)
    return 0


def _html(
    args: argparse.Namespace,
    policy: Policy,
    events: list[Event],
    evaluation: Evaluation,
    report: Report,
) -> str:
    """The HTML page: each breached result with its timeline (`slac.trace`), and the
    availability of the report's months when `--outages` is given."""
    from slac.cli.commands.availability import measure
    from slac.evaluation.trace import traces
    from slac.measure.html import render_html, shown_tickets

    availability = None
    if args.outages is not None:
        months = sorted({row.month for row in report.rows})
        first, last = (months[0], months[-1]) if months else (None, None)
        availability = measure(args, policy, args.outages, first, last)
    timelines = traces(policy, events, shown_tickets(policy, evaluation), at=evaluation.at)

    def trace_of(ticket: str, metric: str, cycle: int) -> MetricTrace | None:
        found = timelines.get(ticket)
        return (
            next(
                (m for m in found.metrics if (m.result.metric, m.result.cycle) == (metric, cycle)),
                None,
            )
            if found is not None
            else None
        )

    return render_html(policy, evaluation, report, availability, trace_of)


def _desk_report(args: argparse.Namespace, at: int) -> int:
    from slac.cli.commands.runs import evaluate_run
    from slac.desk.report import desk_report

    run_ = evaluate_run(args, at)
    assert run_.desk is not None  # a `.desk` path makes a desk run
    report = desk_report(run_.desk)
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
        return 0
    columns: list[Column[tuple[str, str | None, ReportRow]]] = [
        Column("policy", lambda r: r[0] if r[1] is None else f"{r[0]} from {r[1]}")
    ]
    columns += [Column(c.header, _of_row(c), c.right) for c in _REPORT_COLUMNS]
    text = (
        format_columns(columns, report.rows)
        if report.rows
        else f"{report.desk}: nothing met or breached yet\n"
    )
    if report.no_agreement:
        text += (
            f"\nno agreement ({len(report.no_agreement)}): " + ", ".join(report.no_agreement) + "\n"
        )
    sys.stdout.write(text)
    return 0


def _of_row(column: Column[ReportRow]) -> Callable[[tuple[str, str | None, ReportRow]], object]:
    return lambda named: column.cell(named[2])


_REPORT_COLUMNS: tuple[Column[ReportRow], ...] = (
    Column("month", lambda r: r.month),
    Column("metric", lambda r: r.metric),
    Column("priority", lambda r: "all" if r.priority is None else r.priority),
    Column("counted", lambda r: r.counted, right=True),
    Column("met", lambda r: r.met, right=True),
    Column("breached", lambda r: r.breached, right=True),
    Column("percent met", lambda r: percent(r.percent_met), right=True),
    Column("objective", lambda r: percent(r.objective_percent), right=True),
    Column("objective met", lambda r: yes_or_no(r.objective_met)),
)


def _kpi_value(row: KpiRow, value: float | None) -> str | None:
    if value is None:
        return None
    return percent(value) if row.unit == "percent" else decimal(value) + "s"


def _kpi_objective(row: KpiRow) -> str | None:
    shown = _kpi_value(row, row.objective)
    if shown is None:
        return None
    return (">= " if row.unit == "percent" else "<= ") + shown


_KPI_COLUMNS: tuple[Column[KpiRow], ...] = (
    Column("month", lambda r: r.month),
    Column("kpi", lambda r: r.kpi),
    Column("counted", lambda r: r.counted, right=True),
    Column("unanswered", lambda r: r.unanswered, right=True),
    Column("value", lambda r: _kpi_value(r, r.value), right=True),
    Column("objective", _kpi_objective, right=True),
    Column("objective met", lambda r: yes_or_no(r.objective_met)),
)


def format_report(report: Report) -> str:
    """One line per month, metric and priority ("all" for the all-priorities row); then the
    KPIs, one line per month and KPI, when the policy has any that counted something."""
    if not report.rows:
        text = f"{report.policy}: no metric has reached its final state yet (nothing met or breached)\n"
    else:
        text = format_columns(_REPORT_COLUMNS, report.rows)
    if report.kpis:
        text += "\n" + format_columns(_KPI_COLUMNS, report.kpis)
    return text
