"""`--format csv` of `evaluate`, `report` and `availability`: one header row, then one row per
result, for spreadsheets and BI tools (docs/formats.md#--format-csv).

The columns are the JSON keys of each command's rows, in the JSON's order, and a cell holds
what the JSON holds: numbers as JSON writes them, instants as ISO 8601 with `Z`, booleans as
`true`/`false`, null as an empty cell. `evaluate` flattens its tickets: one row per metric
result, the ticket's keys repeated in front (a ticket without results, a repeating metric
before its first cycle, has one row with empty metric cells).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

import attrs

from slac.evaluation.results import JsonKeys, MetricResult, TicketResult, iso_z
from slac.measure.report import Report, ReportRow

if TYPE_CHECKING:
    from slac.measure.availability import AvailabilityReport

# A report row's JSON is its fields, in order (`ReportRow.to_dict`).
REPORT_COLUMNS: tuple[str, ...] = tuple(field.name for field in attrs.fields(ReportRow))
# An availability row's JSON prints minutes where the row keeps seconds. The last column is
# there for every policy (empty where the policy states no `notice` rule, whose JSON leaves the
# key out), so a spreadsheet's columns never move.
AVAILABILITY_COLUMNS = (
    "service",
    "month",
    "total_minutes",
    "excused_minutes",
    "downtime_minutes",
    "availability_percent",
    "objective_percent",
    "met",
    "credit_percent",
    "material_breach",
    "unannounced_maintenance_minutes",
)


def cell(value: object) -> object:
    """A JSON value as a CSV cell: null empty, booleans as JSON spells them, the rest as is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_rows(out: TextIO, columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> None:
    """The header, then each row's values under it (`csv` quotes what needs quoting)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell(row.get(key)) for key in columns] for row in rows)


class CsvText:
    """`slac evaluate --format csv` a ticket at a time (`slac.cli.json_output.TicketText`): the
    header row, then each ticket's rows, so a million events never hold every result at once
    and `--jobs` processes can each write their own tickets' rows."""

    separator = ""
    tail = ""

    def __init__(self, ticket_keys: JsonKeys = TicketResult.JSON) -> None:
        # The columns: a ticket's keys but its metric results, then a metric result's (the
        # JSON's `metrics` list is what is flattened). `ticket_keys`: those of a result class
        # that adds some, a desk's `DeskTicketResult`, whose columns follow the ticket's own.
        self._ticket_keys = tuple(key for key, encoding in ticket_keys if encoding != "items")
        self.columns = (*self._ticket_keys, *(key for key, _ in MetricResult.JSON))
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")

    def head(self, policy: str, at: int) -> str:
        return self._text([self.columns])

    def ticket(self, result: TicketResult) -> str:
        head = [cell(getattr(result, key)) for key in self._ticket_keys]
        if not result.metrics:
            return self._text([head + _NO_METRIC])
        return self._text([head + _metric_cells(metric) for metric in result.metrics])

    def _text(self, rows: Iterable[Sequence[object]]) -> str:
        self._writer.writerows(rows)
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text


_NO_METRIC: list[object] = [""] * len(MetricResult.JSON)


def _metric_cells(result: MetricResult) -> list[object]:
    # `to_dict`'s values in its order: instants are the only values encoded.
    return [
        cell(iso_z(getattr(result, key)) if encoding == "instant" else getattr(result, key))
        for key, encoding in MetricResult.JSON
    ]


def write_report(report: Report, out: TextIO) -> None:
    write_rows(out, REPORT_COLUMNS, (row.to_dict() for row in report.rows))


def write_availability(report: AvailabilityReport, out: TextIO) -> None:
    write_rows(out, AVAILABILITY_COLUMNS, (row.to_dict() for row in report.months))
