"""Running a prepared case: evaluate, report and measure availability as the case needs, then
compare what it states with what came.

Only what a test states is checked: a key not written is not looked at. Every difference is
collected, so one failing test shows everything that is off. Instants compare as instants (an
expected local time equals the JSON's UTC `Z` form of the same moment).

Asked to (`traces=True`, `slac test` unless `--no-trace`), a failing case also carries the
`slac.evaluation.trace` timelines that explain its failures: a failure about a ticket's metric
(any key, its entry missing, its count of cycles) is explained by that metric's trace, a failed
`priority` by the ticket's priority history; the others (report, KPI, budget and availability
rows, `excluded`, a ticket not created by `at`) have no trace that says more than the failure.
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
    from slac.evaluation.trace import Trace


@attrs.frozen
class About:
    """What a failure is about when a trace explains it: a ticket's metric, one cycle or (None)
    every cycle; or, `metric` None, the ticket's priority."""

    ticket: str
    metric: str | None = None
    cycle: int | None = None


@attrs.frozen
class Failure:
    """One expectation that did not hold: where it is written, what it wanted, what came."""

    line: int
    column: int
    subject: str  # `LA-1 first_response`, `report 2026-03 first_response P2`, ...
    key: str | None
    expected: str
    got: str
    about: About | None = None  # not in the JSON: its trace is the test's `traces`

    def to_dict(self) -> dict[str, object]:
        return attrs.asdict(self, filter=lambda field, _: field.name != "about")


@attrs.frozen
class CaseResult:
    name: str
    line: int
    failures: tuple[Failure, ...]
    # Per ticket a failure is about, its trace cut to the metrics (cycles) the failures name.
    traces: tuple[Trace, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.failures


def run_case(
    policy: ir.Policy, case: Case, path: str, *, traces: bool = False
) -> CaseResult | Diagnostic:
    """The case's result, with the traces that explain its failures when `traces`; or a T210
    diagnostic when the evaluator rejects its events."""
    try:
        results = _Results(policy, case)
        failures = [f for expect, wanted in case.expects for f in _compare(expect, wanted, results)]
        explained = _explaining(policy, case, failures) if traces else ()
    except ValueError as error:
        return Diagnostic(
            "T210", f"the events are not valid for the policy: {error}", case.span, path=path
        )
    return CaseResult(case.name, case.span.line, tuple(failures), explained)


def _explaining(policy: ir.Policy, case: Case, failures: list[Failure]) -> tuple[Trace, ...]:
    """The traces of the tickets the failures are about, in the order first failed, each with
    only the metrics (cycles) they name; a ticket not created by `at` has none."""
    abouts = [f.about for f in failures if f.about is not None]
    if not abouts or case.at is None:
        return ()
    from slac.evaluation.trace import traces

    tickets = list(dict.fromkeys(a.ticket for a in abouts))
    found = traces(policy, list(case.events), tickets, at=case.at)
    explained = []
    for ticket in (t for t in tickets if t in found):
        mine = [a for a in abouts if a.ticket == ticket]
        metrics = tuple(
            m
            for m in found[ticket].metrics
            if any(a.metric == m.result.metric and a.cycle in (None, m.result.cycle) for a in mine)
        )
        if metrics or any(a.metric is None for a in mine):
            explained.append(attrs.evolve(found[ticket], metrics=metrics))
    return tuple(explained)


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
        about = _about(expect, None, found=False)
        span = expect.span
        return [Failure(span.line, span.column, subject, None, "present", missing, about)]
    if isinstance(expect, nodes.CyclesExpect):
        count = int(row)
        if count == expect.count:
            return []
        about = _about(expect, "cycles", found=True)
        return [_failure(expect.span, subject, "cycles", str(expect.count), str(count), about)]
    return [
        _failure(w.span, subject, w.key, _written(w), show(got), _about(expect, w.key, found=True))
        for w, got in ((w, row.get(w.key)) for w in wanted)
        if not same(w, got)
    ]


def _about(expect: nodes.Expect, key: str | None, *, found: bool) -> About | None:
    """What explains a failure of `expect`'s `key` (`found`: its row exists), if anything."""
    if isinstance(expect, nodes.MetricExpect):  # a missing cycle: the cycles there are
        return About(expect.ticket, expect.metric, expect.cycle if found else None)
    if isinstance(expect, nodes.CyclesExpect):
        return About(expect.ticket, expect.metric)
    if isinstance(expect, nodes.TicketExpect) and key == "priority":
        return About(expect.ticket)
    return None


def _written(wanted: Wanted) -> str:
    """The expected value as written; a local time also in the JSON's UTC form."""
    if (
        isinstance(wanted.want, int)
        and wanted.key in INSTANT_KEYS
        and iso(wanted.want) != wanted.written
    ):
        return f"{wanted.written} ({iso(wanted.want)})"
    return wanted.written


def _failure(
    span: Span, subject: str, key: str, expected: str, got: str, about: About | None
) -> Failure:
    return Failure(span.line, span.column, subject, key, expected, got, about)


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
