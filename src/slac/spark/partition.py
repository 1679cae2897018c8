"""What an executor does with one partition of event lines: read, check, evaluate, tally.

Every ticket's lines are in one partition (the driver partitions by ticket), so a partition is
a small event file of its own: `EventReader` checks each line and the ticket order exactly as
`slac evaluate` does, and `slac.evaluate` judges the tickets with the releases (broadcast to
every partition, since they belong to no ticket) at the job's instant. Nothing here imports
pyspark: a partition arrives as Arrow record batches and leaves as Arrow record batches.

A line's `order` is its place in the input (the line number in the concatenation of the files,
or the frame's row id): the reader sees it as the line number, so events with equal `at` apply
in input order, and a problem is mapped back to its `source` and `line` through it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs
import pyarrow as pa

from slac import ir
from slac.diagnostics import Diagnostic
from slac.evaluation import evaluate
from slac.evaluation.results import Evaluation, iso_z
from slac.inputs.events import Event
from slac.inputs.measures import Worklog
from slac.inputs.reader import EventReader
from slac.measure.budget import budget_tally, excluded_tickets
from slac.measure.kpis import kpi_tally
from slac.measure.report import tally_results
from slac.spark.columns import PARTITION_COLUMNS, PROBLEM_COLUMNS, Columns, Kind

#: Input lines: (order, source, line, text).
Line = tuple[int, str, int, str]

_ARROW_TYPES = {
    "string": pa.string(),
    "long": pa.int64(),
    "double": pa.float64(),
    "boolean": pa.bool_(),
}


def arrow_schema(columns: Columns) -> pa.Schema:
    return pa.schema([(name, _ARROW_TYPES[type_]) for name, type_ in columns])


_SCHEMA = arrow_schema(PARTITION_COLUMNS)
_INDEX = {name: i for i, (name, _) in enumerate(PARTITION_COLUMNS)}
PROBLEM_NAMES = tuple(name for name, _ in PROBLEM_COLUMNS)
_BATCH_ROWS = 8192  # rows per Arrow batch sent back: bounded memory, few batches


@attrs.frozen
class Job:
    """What every partition needs, broadcast once: the compiled policy, the instant, and the
    valid releases at or before it in applied order."""

    policy: ir.Policy
    at: int
    releases: tuple[Event, ...]


def read_releases(
    policy: ir.Policy, lines: Sequence[Line], at: int
) -> tuple[tuple[Event, ...], list[Diagnostic]]:
    """The release lines (few: read on the driver) as events at or before `at`, in applied
    order, and their problems (lines are `order`s, as in a partition)."""
    reader = EventReader(policy)
    events = reader.read((order, text) for order, _, _, text in sorted(lines))
    events.sort(key=lambda e: e.at)  # stable: equal instants keep input order
    return tuple(e for e in events if e.at <= at), reader.problems()


def evaluate_batches(job: Job, batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """`mapInArrow`'s function: the lines of a partition in, metric, problem and tally rows out
    (report, KPI and budget tallies)."""
    lines: list[Line] = []
    for batch in batches:
        columns = [batch.column(name).to_pylist() for name in ("order", "source", "line", "text")]
        lines.extend(zip(*columns, strict=True))
    rows = evaluate_lines(job, lines)
    del lines
    for start in range(0, len(rows), _BATCH_ROWS):
        chunk = rows[start : start + _BATCH_ROWS]
        arrays = [
            pa.array(values, type=field.type)
            for values, field in zip(zip(*chunk, strict=True), _SCHEMA, strict=True)
        ]
        yield pa.RecordBatch.from_arrays(arrays, schema=_SCHEMA)


def evaluate_lines(job: Job, lines: list[Line]) -> list[tuple[Any, ...]]:
    """The rows for one partition's lines (every line of each of its tickets, no releases)."""
    # As in `slac evaluate`: millions of small acyclic objects, which the cyclic collector
    # would rescan again and again for nothing (bench/evaluate.md); reference counting frees
    # them all the same.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _evaluate_lines(job, lines)
    finally:
        if collecting:
            gc.enable()


def _evaluate_lines(job: Job, lines: list[Line]) -> list[tuple[Any, ...]]:
    lines.sort()  # by order: the reader's stable sort by `at` then keeps input order for ties
    reader = EventReader(job.policy)
    events, problems = reader.finish(reader.read((order, text) for order, _, _, text in lines))
    created = {e.ticket: (e.at, e.line) for e in events if e.kind == "created"}
    evaluation = evaluate(job.policy, [*job.releases, *events], at=job.at)
    rows = metric_rows(evaluation, created)
    rows.extend(problem_rows(problems, lines))
    rows.extend(tally_rows(job.policy, evaluation))
    # The calls, which name no ticket, all land in one partition; each ticket's events in one.
    tally = kpi_tally(job.policy, evaluation, events, reader.measures().calls)
    rows.extend(
        _row("kpi", month=month, kpi=kpi, counted=counted, hits=hits, seconds=seconds)
        for (month, kpi), (counted, hits, seconds) in tally.items()
    )
    rows.extend(budget_rows(job, evaluation, reader.measures().worklogs))
    return rows


def budget_rows(
    job: Job, evaluation: Evaluation, worklogs: Sequence[Worklog]
) -> list[tuple[Any, ...]]:
    """The partition's budget tally: a worklog lands with its ticket's events, so the partition
    knows whether that ticket is excluded; the driver adds the partitions' tallies up."""
    if job.policy.budget is None:
        return []
    excluded = excluded_tickets(evaluation)
    return [
        _row("budget", month_index=index, rate=rate, minutes=minutes)
        for (index, rate), minutes in budget_tally(job.policy, worklogs, job.at, excluded).items()
    ]


def _row(kind: Kind, **values: object) -> tuple[Any, ...]:
    row: list[object] = [None] * len(_INDEX)
    row[0] = kind
    for name, value in values.items():
        row[_INDEX[name]] = value
    return tuple(row)


def metric_rows(
    evaluation: Evaluation, created: dict[str | None, tuple[int, int]]
) -> list[tuple[Any, ...]]:
    """One row per ticket, metric and cycle (a ticket with no metric result yet: one row with
    the ticket's keys only, so every ticket of the JSON has a row)."""
    rows = []
    for ticket in evaluation.tickets:
        at, order = created[ticket.ticket]
        head = {
            "ticket": ticket.ticket,
            "priority": ticket.priority,
            "excluded": ticket.excluded,
            "created_at": iso_z(at),
            "created_row": order,
        }
        for position, result in enumerate(ticket.metrics):
            rows.append(_row("metric", **head, **result.to_dict(), position=position))
        if not ticket.metrics:
            rows.append(_row("metric", **head, position=0))
    return rows


def problem_rows(problems: Sequence[Diagnostic], lines: Sequence[Line]) -> list[tuple[Any, ...]]:
    """The problems as partition rows (see `problem_records`)."""
    return [
        _row("problem", **dict(zip(PROBLEM_NAMES, record, strict=True)))
        for record in problem_records(problems, lines)
    ]


def problem_records(
    problems: Sequence[Diagnostic], lines: Sequence[Line]
) -> list[tuple[str, int, int, str, str]]:
    """(source, line, column, code, reason) of each problem: the `source` and `line` of the
    input line whose `order` it names."""
    if not problems:
        return []
    where = {order: (source, line) for order, source, line, _ in lines}
    return [(*where[p.span.line], p.span.column, p.code, p.message) for p in problems]


def tally_rows(policy: ir.Policy, evaluation: Evaluation) -> list[tuple[Any, ...]]:
    """The partition's met and breached counts; the driver adds the partitions' up."""
    return [
        _row("tally", month=month, metric=metric, priority=priority, met=met, breached=breached)
        for (month, metric), by_priority in tally_results(policy, evaluation).items()
        for priority, (met, breached) in by_priority.items()
    ]
