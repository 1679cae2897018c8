"""Running a prepared case: evaluate, report and measure availability as the case needs, then
compare what it states with what came.

Only what a test states is checked: a key not written is not looked at. Every difference is
collected, so one failing test shows everything that is off. Instants compare as instants (an
expected local time equals the JSON's UTC `Z` form of the same moment).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import attrs

import slac
from slac.diagnostics import Diagnostic
from slac.source import Span
from slac.testing import nodes
from slac.testing.instants import iso
from slac.testing.prepare import INSTANT_KEYS, Case, Wanted

if TYPE_CHECKING:
    from slac import ir


@attrs.frozen
class Failure:
    """One expectation that did not hold: where it is written, what it wanted, what came."""

    line: int
    column: int
    subject: str  # `LA-1 first_response`, `report 2026-03 first_response P2`, ...
    key: str | None
    expected: str
    got: str

    def to_dict(self) -> dict[str, object]:
        return attrs.asdict(self)


@attrs.frozen
class CaseResult:
    name: str
    line: int
    failures: tuple[Failure, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def run_case(policy: ir.Policy, case: Case, path: str) -> CaseResult | Diagnostic:
    """The case's result, or a T210 diagnostic when the evaluator rejects its events."""
    try:
        results = _Results(policy, case)
        failures = [f for expect, wanted in case.expects for f in _compare(expect, wanted, results)]
    except ValueError as error:
        return Diagnostic(
            "T210", f"the events are not valid for the policy: {error}", case.span, path=path
        )
    return CaseResult(case.name, case.span.line, tuple(failures))


class _Results:
    """The JSON documents a case needs, each worked out once, when first asked for."""

    def __init__(self, policy: ir.Policy, case: Case) -> None:
        self.policy, self.case = policy, case
        self._cache: dict[str, Any] = {}

    def _at(self) -> int:
        if self.case.at is None:  # `prepare` requires `at` for these expectations
            raise ValueError("the test has no `at`")
        return self.case.at

    def evaluation(self) -> Any:
        if "evaluate" not in self._cache:
            result = slac.evaluate(self.policy, list(self.case.events), at=self._at())
            self._cache["evaluate"] = result.to_dict()
        return self._cache["evaluate"]

    def report(self) -> Any:
        if "report" not in self._cache:
            result = slac.report(self.policy, list(self.case.events), at=self._at())
            self._cache["report"] = result.to_dict()
        return self._cache["report"]

    def budget(self) -> Any:
        if "budget" not in self._cache:
            from slac.measure.budget import budget

            result = budget(self.policy, list(self.case.events), at=self._at())
            self._cache["budget"] = result.to_dict()
        return self._cache["budget"]

    def availability(self) -> Any:
        if "availability" not in self._cache:
            months = sorted(
                e.month for e, _ in self.case.expects if isinstance(e, nodes.AvailabilityExpect)
            )
            result = slac.availability(
                self.policy, list(self.case.outages), start=months[0], end=months[-1]
            )
            self._cache["availability"] = result.to_dict()
        return self._cache["availability"]


def _compare(expect: nodes.Expect, wanted: tuple[Wanted, ...], results: _Results) -> list[Failure]:
    subject, row, missing = _row(expect, results)
    if row is None:
        return [Failure(expect.span.line, expect.span.column, subject, None, "present", missing)]
    if isinstance(expect, nodes.CyclesExpect):
        count = int(row)
        if count == expect.count:
            return []
        return [_failure(expect.span, subject, "cycles", str(expect.count), str(count))]
    return [
        _failure(w.span, subject, w.key, _written(w), show(row.get(w.key)))
        for w in wanted
        if not same(w, row.get(w.key))
    ]


def _written(wanted: Wanted) -> str:
    """The expected value as written; a local time also in the JSON's UTC form."""
    if (
        isinstance(wanted.want, int)
        and wanted.key in INSTANT_KEYS
        and iso(wanted.want) != wanted.written
    ):
        return f"{wanted.written} ({iso(wanted.want)})"
    return wanted.written


def _failure(span: Span, subject: str, key: str, expected: str, got: str) -> Failure:
    return Failure(span.line, span.column, subject, key, expected, got)


def _row(expect: nodes.Expect, results: _Results) -> tuple[str, Any, str]:
    """(what the expectation is about, its row of the JSON or None, why there is none)."""
    if isinstance(expect, nodes.ReportExpect):
        priority = expect.priority or "all"
        subject = f"report {expect.month} {expect.metric} {priority}"
        rows = results.report()["rows"]
        wanted = (expect.month, expect.metric, expect.priority)
        row = next((r for r in rows if (r["month"], r["metric"], r["priority"]) == wanted), None)
        return subject, row, "no such row (nothing counted that month?)"
    if isinstance(expect, nodes.KpiExpect):
        subject = f"kpi {expect.month} {expect.kpi}"
        found = results.report()["kpis"]
        row = next((r for r in found if (r["month"], r["kpi"]) == (expect.month, expect.kpi)), None)
        return subject, row, "no such row (nothing counted that month?)"
    if isinstance(expect, nodes.BudgetExpect):
        document = results.budget()
        row = next((m for m in document["months"] if m["month"] == expect.month), None)
        row = None if row is None else {**row, "runs_out": document["runs_out"]}
        return f"budget {expect.month}", row, "no such month"
    if isinstance(expect, nodes.AvailabilityExpect):
        subject = f"availability {expect.service} {expect.month}"
        months = results.availability()["months"]
        month = (expect.service, expect.month)
        row = next((m for m in months if (m["service"], m["month"]) == month), None)
        return subject, row, "no such service"
    tickets = {t["ticket"]: t for t in results.evaluation()["tickets"]}
    ticket = tickets.get(expect.ticket)
    if ticket is None:
        return expect.ticket, None, "no such ticket at `at`"
    if isinstance(expect, nodes.TicketExpect):
        return expect.ticket, ticket, ""
    entries = [m for m in ticket["metrics"] if m["metric"] == expect.metric]
    if isinstance(expect, nodes.CyclesExpect):
        subject = f"{expect.ticket} {expect.metric}"
        if not entries and expect.metric not in {m.name for m in results.policy.metrics}:
            return subject, None, "no such metric"
        return subject, len(entries), ""
    subject = f"{expect.ticket} {expect.metric}"
    if expect.cycle != 1:
        subject += f" cycle {expect.cycle}"
    row = next((m for m in entries if m["cycle"] == expect.cycle), None)
    return subject, row, f"no such metric entry ({len(entries)} cycles)"


def same(wanted: Wanted, got: object) -> bool:
    if wanted.key in INSTANT_KEYS and isinstance(got, str) and isinstance(wanted.want, int):
        return iso(wanted.want) == got
    if isinstance(wanted.want, bool) or isinstance(got, bool) or got is None:
        return got is wanted.want
    if isinstance(wanted.want, int | float):
        return isinstance(got, int | float) and got == wanted.want
    return got == wanted.want


def show(got: object) -> str:
    """A JSON value as a test file writes it: `none`, `true`, numbers and words bare."""
    if got is None:
        return "none"
    if isinstance(got, bool):
        return "true" if got else "false"
    if isinstance(got, str):
        if got and all(c.isalnum() or c in "_.:-/" for c in got):
            return got
        return json.dumps(got, ensure_ascii=False)
    return str(got)
