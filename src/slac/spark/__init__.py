"""Evaluate on Apache Spark: events past one machine (`pip install 'slac[spark]'`, docs/spark.md).

- `evaluate_json_lines(spark, policy, paths, at=...)`: JSON Lines files, read and checked
  exactly as `slac evaluate` reads and checks them;
- `evaluate_frame(events, policy, at=...)`: a frame with the columns of docs/formats.md#ticket-events (a Parquet
  table, a Delta table, ...);
- both return a `SparkEvaluation`: `metrics` (a row per ticket, metric and cycle, the columns
  of `slac evaluate`'s JSON), `problems` (a row per invalid event: source, line, column, code,
  reason), `report()` / `report_frame()` (docs/formats.md#slac-report---format-json),
  `budget()` / `budget_frame()` (docs/formats.md#slac-budget---format-json, for a policy with
  a budget). `strict=True` raises `EventProblems` instead when any event is invalid.

Tickets are independent, so the events are partitioned by ticket and each partition is
evaluated by the ordinary evaluator on an executor; releases, which belong to no ticket, are
broadcast to every partition with the compiled policy (`slac.spark.engine`).
"""

from slac.spark.columns import METRIC_COLUMNS, ORDER, PROBLEM_COLUMNS, REPORT_COLUMNS
from slac.spark.engine import EventProblems, SparkEvaluation, evaluate_frame, evaluate_json_lines

__all__ = [
    "METRIC_COLUMNS",
    "ORDER",
    "PROBLEM_COLUMNS",
    "REPORT_COLUMNS",
    "EventProblems",
    "SparkEvaluation",
    "evaluate_frame",
    "evaluate_json_lines",
]
