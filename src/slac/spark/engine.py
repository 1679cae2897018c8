"""The driver's side: partition the event lines by ticket, evaluate each partition, split.

Stages: the lines (`slac.spark.lines`); the release lines, few and belonging to no ticket,
collected and read on the driver and broadcast with the policy and the instant (`Job`); the
other lines hash-partitioned by their `ticket` so each ticket's lines meet in one partition;
`mapInArrow` over the partitions (`slac.spark.partition`); the one result split into metric,
problem and tally rows (report, KPI and budget tallies). The result is persisted: the metrics,
the problems, the report and the budget are read from one evaluation, not four.

The driver never holds a Python object per event: only the releases, the per-file line counts,
and the tallies (months x metrics x priorities, months x KPIs, months x rates) come back to
it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from functools import partial
from typing import Any

import attrs
import pyarrow as pa
from pyspark import Broadcast, StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from slac import ir
from slac.diagnostics import Diagnostic
from slac.evaluation import instant
from slac.evaluation.results import MetricResult, iso_z
from slac.measure.budget import BudgetReport, BudgetTally, budget_report_from_tally, budget_spec
from slac.measure.kpis import KpiTally, kpi_rows_from_tally
from slac.measure.report import Report, Tally, report_from_tally
from slac.spark.columns import (
    BUDGET_TALLY_COLUMNS,
    KPI_TALLY_COLUMNS,
    METRIC_COLUMNS,
    ORDER,
    PARTITION_COLUMNS,
    PROBLEM_COLUMNS,
    REPORT_COLUMNS,
    TALLY_COLUMNS,
    Columns,
    ddl,
)
from slac.spark.lines import frame_lines, json_lines
from slac.spark.partition import Job, Line, evaluate_batches, problem_records, read_releases

_SHOWN = 20  # problems quoted in a strict run's error


class EventProblems(ValueError):
    """Strict mode: the events have problems (the first `_SHOWN` are in the message)."""

    def __init__(self, count: int, first: list[dict[str, Any]]) -> None:
        lines = "".join(f"\n  {p['source']}:{p['line']}: {p['code']} {p['reason']}" for p in first)
        more = f"\n  ... and {count - len(first)} more" if count > len(first) else ""
        plural = "s" if count > 1 else ""
        super().__init__(f"{count} invalid event{plural}; nothing evaluated:{lines}{more}")
        self.count = count
        self.first = first


@attrs.frozen
class SparkEvaluation:
    """The frames of one evaluation. `metrics` has a row per ticket, metric and cycle (the
    columns of `slac evaluate`'s JSON; `orderBy(*slac.spark.ORDER)` gives its order);
    `problems` a row per invalid event. Both read one persisted evaluation: `unpersist()`
    frees it."""

    policy: ir.Policy
    at: int
    metrics: DataFrame
    problems: DataFrame
    tally: DataFrame
    _evaluated: DataFrame
    kpi_tally: DataFrame | None = None  # counted, hits, seconds per month and KPI
    budget_tally: DataFrame | None = None  # minutes per month index and rate

    def report(self) -> Report:
        """The report (`slac report`'s), from the tally summed over the partitions."""
        tally: Tally = defaultdict(dict)
        for row in self.tally.collect():
            tally[row["month"], row["metric"]][row["priority"]] = [row["met"], row["breached"]]
        kpis: KpiTally = {}
        if self.kpi_tally is not None and self.policy.kpis:
            for row in self.kpi_tally.collect():
                kpis[row["month"], row["kpi"]] = [row["counted"], row["hits"], row["seconds"]]
        rows = kpi_rows_from_tally(self.policy, kpis)
        return report_from_tally(self.policy, self.policy.name, self.at, tally, rows)

    def report_frame(self) -> DataFrame:
        """The report rows as a frame (one row per month, metric and priority)."""
        rows = [row.to_dict() for row in self.report().rows]
        return self._evaluated.sparkSession.createDataFrame(rows, ddl(REPORT_COLUMNS))

    def budget(self) -> BudgetReport:
        """The support budget (`slac budget`'s), from the worklogs' minutes per month and rate
        summed over the partitions; ValueError for a policy without a budget."""
        budget_spec(self.policy)  # before any Spark job
        tally: BudgetTally = {}
        if self.budget_tally is not None:
            for row in self.budget_tally.collect():
                tally[row["month_index"], row["rate"]] = row["minutes"]
        return budget_report_from_tally(self.policy, tally, self.at)

    def budget_frame(self) -> DataFrame:
        """The budget months as a frame: `month`, `used` (a struct of the minutes per rate, in
        the policy's order), `charged`, `left`; `budget()` has the run-out month."""
        rates = ", ".join(f"`{rate}` long" for rate in budget_spec(self.policy).rates)
        schema = f"month string, used struct<{rates}>, charged double, left double"
        rows = [month.to_dict() for month in self.budget().months]
        return self._evaluated.sparkSession.createDataFrame(rows, schema)

    def to_dict(self) -> dict[str, Any]:
        """Everything collected to the driver as `slac evaluate`'s JSON document (docs/formats.md): for
        tests and small data; a big evaluation stays in `metrics`."""
        tickets: list[dict[str, Any]] = []
        for row in self.metrics.orderBy(*ORDER).collect():
            values = row.asDict()
            if not tickets or tickets[-1]["ticket"] != values["ticket"]:
                keys = ("ticket", "priority", "excluded")
                tickets.append({**{k: values[k] for k in keys}, "metrics": []})
            if values["metric"] is not None:
                metric = {name: values[name] for name, _ in MetricResult.JSON}
                tickets[-1]["metrics"].append(metric)
        return {"policy": self.policy.name, "at": iso_z(self.at), "tickets": tickets}

    def unpersist(self) -> None:
        self._evaluated.unpersist()


def evaluate_json_lines(
    spark: SparkSession,
    policy: ir.Policy,
    paths: Sequence[str],
    *,
    at: datetime | str | int,
    strict: bool = False,
    partitions: int | None = None,
) -> SparkEvaluation:
    """Evaluate JSON Lines files (local paths or any URI Spark reads) as `slac evaluate` does."""
    return _evaluate(json_lines(spark, paths), policy, at, strict, partitions)


def evaluate_frame(
    events: DataFrame,
    policy: ir.Policy,
    *,
    at: datetime | str | int,
    source: str = "events",
    order_by: str | None = None,
    strict: bool = False,
    partitions: int | None = None,
) -> SparkEvaluation:
    """Evaluate a frame with the columns of docs/formats.md#ticket-events (`at` a string or a timestamp, `fields` a
    map or a struct, a null column an absent key). Problems name `source` and, as their line,
    the `order_by` column (the input order: it breaks ties between events at the same
    instant), or a row id in the frame's order."""
    return _evaluate(frame_lines(events, source, order_by), policy, at, strict, partitions)


def _evaluate(
    lines: DataFrame, policy: ir.Policy, at: datetime | str | int, strict: bool, parts: int | None
) -> SparkEvaluation:
    at = instant(at)  # a bad `at` is the caller's ValueError before any job runs
    spark = lines.sparkSession
    is_release = F.get_json_object("text", "$.event") == F.lit("release")
    release_lines: list[Line] = [
        (row["order"], row["source"], row["line"], row["text"])
        for row in lines.where(is_release).collect()
    ]
    releases, release_problems = read_releases(policy, release_lines, at)
    job = spark.sparkContext.broadcast(Job(policy, at, releases))
    tickets = lines.where(~is_release | is_release.isNull())
    ticket = F.get_json_object("text", "$.ticket")
    grouped = tickets.repartition(parts, ticket) if parts else tickets.repartition(ticket)
    evaluated = grouped.mapInArrow(
        partial(_evaluate_partition, job), ddl(PARTITION_COLUMNS)
    ).persist(StorageLevel.MEMORY_AND_DISK)
    problems = _kind(evaluated, "problem", PROBLEM_COLUMNS).unionByName(
        _release_problems(spark, release_problems, release_lines)
    )
    tally = (
        _kind(evaluated, "tally", TALLY_COLUMNS)
        .groupBy("month", "metric", "priority")
        .agg(F.sum("met").alias("met"), F.sum("breached").alias("breached"))
    )
    kpi_tally = (
        _kind(evaluated, "kpi", KPI_TALLY_COLUMNS)
        .groupBy("month", "kpi")
        .agg(*[F.sum(name).alias(name) for name in ("counted", "hits", "seconds")])
    )
    budget_tally = (
        _kind(evaluated, "budget", BUDGET_TALLY_COLUMNS)
        .groupBy("month_index", "rate")
        .agg(F.sum("minutes").alias("minutes"))
    )
    result = SparkEvaluation(
        policy,
        at,
        _kind(evaluated, "metric", METRIC_COLUMNS),
        problems,
        tally,
        evaluated,
        kpi_tally,
        budget_tally,
    )
    if strict:
        _fail_on_problems(result)
    return result


def _evaluate_partition(
    job: Broadcast[Job], batches: Iterable[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    """On an executor: the broadcast job's value, then `evaluate_batches`."""
    return evaluate_batches(job.value, batches)


def _kind(evaluated: DataFrame, kind: str, columns: Columns) -> DataFrame:
    return evaluated.where(F.col("kind") == kind).select(*[name for name, _ in columns])


def _release_problems(
    spark: SparkSession, problems: list[Diagnostic], lines: list[Line]
) -> DataFrame:
    return spark.createDataFrame(problem_records(problems, lines), ddl(PROBLEM_COLUMNS))


def _fail_on_problems(result: SparkEvaluation) -> None:
    first = result.problems.orderBy("source", "line").limit(_SHOWN).collect()
    if first:
        result.unpersist()
        count = result.problems.count() if len(first) == _SHOWN else len(first)
        raise EventProblems(count, [row.asDict() for row in first])
