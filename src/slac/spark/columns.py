"""The columns of the frames `slac.spark` returns, declared once for Spark and for Arrow.

Metric rows have the keys of `slac evaluate`'s JSON (docs/formats.md#slac-evaluate---format-json) as columns, taken from the
result classes' `JSON` declarations (`slac.evaluation.results`): the ticket's keys, then the
metric result's. Instants are the JSON's text (`2026-03-02T10:30:00Z`), so a row reads as the
command line prints it; `created_at`, `created_row` and `position` put the rows in the
command line's order (tickets by their `created` in applied order, metrics in policy order).

Executors return one Arrow frame with a `kind` column (metric, problem, report tally, KPI tally
or budget tally rows), which the driver splits: Spark runs the evaluation once for all of them.
"""

from __future__ import annotations

from typing import Literal

from slac.evaluation.results import Encoding, MetricResult, TicketResult

Type = Literal["string", "long", "double", "boolean"]
Columns = tuple[tuple[str, Type], ...]

_TYPES: dict[Encoding, Type] = {
    "name": "string",
    "text": "string",
    "number": "long",
    "decimal": "double",
    "instant": "string",
}

#: One row per ticket, metric and cycle: the keys of docs/formats.md#slac-evaluate---format-json, in the JSON's order.
RESULT_COLUMNS: Columns = tuple(
    (key, _TYPES[encoding])
    for key, encoding in (*TicketResult.JSON, *MetricResult.JSON)
    if encoding != "items"
)
#: `slac evaluate`'s order: `orderBy(*ORDER)`.
ORDER = ("created_at", "created_row", "position")
METRIC_COLUMNS: Columns = (
    *RESULT_COLUMNS,
    ("created_at", "string"),
    ("created_row", "long"),
    ("position", "long"),
)
#: One row per invalid event: where (file or frame, line or row id), the code and the reason.
PROBLEM_COLUMNS: Columns = (
    ("source", "string"),
    ("line", "long"),
    ("column", "long"),
    ("code", "string"),
    ("reason", "string"),
)
#: Met and breached counts per month, metric and priority (`slac.measure.report.tally_results`).
TALLY_COLUMNS: Columns = (
    ("month", "string"),
    ("metric", "string"),
    ("priority", "string"),
    ("met", "long"),
    ("breached", "long"),
)
#: KPI counts per month and KPI (`slac.measure.kpis.KpiTally`): counted, hits, seconds.
KPI_TALLY_COLUMNS: Columns = (
    ("month", "string"),
    ("kpi", "string"),
    ("counted", "long"),
    ("hits", "long"),
    ("seconds", "long"),
)
#: Minutes per month and rate of the counted worklogs (`slac.measure.budget.BudgetTally`).
BUDGET_TALLY_COLUMNS: Columns = (
    ("month_index", "long"),
    ("rate", "string"),
    ("minutes", "long"),
)
#: The report rows (`slac.measure.report.ReportRow.to_dict`).
REPORT_COLUMNS: Columns = (
    ("month", "string"),
    ("metric", "string"),
    ("priority", "string"),
    ("counted", "long"),
    ("met", "long"),
    ("breached", "long"),
    ("percent_met", "double"),
    ("objective_percent", "double"),
    ("objective_met", "boolean"),
)

Kind = Literal["metric", "problem", "tally", "kpi", "budget"]


def _union(*groups: Columns) -> Columns:
    seen: dict[str, Type] = {"kind": "string"}
    for group in groups:
        for name, type_ in group:
            assert seen.setdefault(name, type_) == type_, f"column `{name}` has two types"
    return tuple(seen.items())


#: What an executor returns: every column of the kinds of rows, once.
PARTITION_COLUMNS: Columns = _union(
    METRIC_COLUMNS, PROBLEM_COLUMNS, TALLY_COLUMNS, KPI_TALLY_COLUMNS, BUDGET_TALLY_COLUMNS
)


def ddl(columns: Columns) -> str:
    """The columns as a Spark DDL schema: `ticket string, cycle long, ...`."""
    return ", ".join(f"`{name}` {type_}" for name, type_ in columns)
