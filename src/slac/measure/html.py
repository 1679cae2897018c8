"""The HTML compliance report (`slac report --format html`): one self-contained page.

Stages: the report, the evaluation it came from and (optionally) the availability of the same
months are turned into a view (`Page`: months, each with a chart and table per metric, its
breached tickets with their timelines, its availability), and the view is rendered by the
Jinja2 template `slac/templates/report.html.j2`. Everything the page needs is in the file:
CSS inline, charts as inline SVG (with `<title>` and `<desc>`, and the same numbers in a table
under each), no scripts, and a Content-Security-Policy that forbids loading anything, so it
opens the same offline, in print and on a phone. Numbers are shown as the tables of the
command line show them (`slac.cli.tables`), from the same values as the JSON.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import attrs
import jinja2

from slac.evaluation.results import Evaluation, MetricResult
from slac.evaluation.trace import MetricTrace
from slac.ir import Policy
from slac.measure.availability import AvailabilityReport, MonthAvailability
from slac.measure.kpis import KpiRow
from slac.measure.report import Report, ReportRow

# A month with more breaches lists the first ones only: a page of thousands helps no one,
# and `slac evaluate --format csv` lists them all.
BREACHES_SHOWN = 100

# Chart geometry, in SVG user units: a label column, then bars scaled to `_BAR_SPAN`.
_LABEL = 120
_BAR_SPAN = 360
_ROW = 26
_TOP = 8


@attrs.frozen
class Bar:
    """One bar of a chart: its label, length and value text, the objective's mark (if any)."""

    label: str
    y: int
    width: float
    text: str
    mark: float | None  # x of the objective (or allowance) line
    tone: str  # "good", "bad" or "plain": the bar's colour class


@attrs.frozen
class Chart:
    title: str
    desc: str
    bars: tuple[Bar, ...]
    label_width: int = _LABEL
    span: int = _BAR_SPAN

    @property
    def height(self) -> int:
        return _TOP * 2 + _ROW * len(self.bars)

    @property
    def width(self) -> int:
        return self.label_width + self.span + 90  # room for the value text after a full bar


@attrs.frozen
class MetricSection:
    metric: str
    chart: Chart
    rows: tuple[ReportRow, ...]


@attrs.frozen
class Step:
    """One segment of a breached metric's timeline, as the page shows it."""

    start: str
    end: str
    counting: bool
    time: str  # h:mm
    reason: str


@attrs.frozen
class Breach:
    """A metric result that breached in the month, with the ticket's timeline when known."""

    ticket: str
    priority: str | None
    metric: str
    cycle: int
    breached_at: str
    stopped_at: str | None
    zone: str  # of the timeline's local times
    timeline: tuple[Step, ...]  # empty when the caller gave no traces


@attrs.frozen
class Month:
    month: str  # "2026-03"
    title: str  # "March 2026"
    metrics: tuple[MetricSection, ...]
    breaches: tuple[Breach, ...]  # the first `BREACHES_SHOWN`
    more_breaches: int  # how many more breached in the month
    availability: tuple[MonthAvailability, ...]
    availability_chart: Chart | None
    kpis: tuple[KpiRow, ...] = ()  # the month's KPIs (slac.measure.kpis), in the policy's order


@attrs.frozen
class Page:
    policy: str
    title: str
    at: str
    zone: str
    months: tuple[Month, ...]


# A function giving the timeline of one ticket's metric (ticket id, metric, cycle), or None.
TraceOf = Callable[[str, str, int], MetricTrace | None]


def render_html(
    policy: Policy,
    evaluation: Evaluation,
    report: Report,
    availability: AvailabilityReport | None = None,
    trace_of: TraceOf | None = None,
) -> str:
    """The report as one HTML document (see the module docstring)."""
    page = build_page(policy, evaluation, report, availability, trace_of)
    return _template().render(page=page, percent=_percent, decimal=_decimal, yes_no=_yes_no)


def build_page(
    policy: Policy,
    evaluation: Evaluation,
    report: Report,
    availability: AvailabilityReport | None,
    trace_of: TraceOf | None,
) -> Page:
    zone = ZoneInfo(policy.timezone)
    shown = availability.months if availability is not None else ()
    names = sorted(
        {r.month for r in report.rows} | {m.month for m in shown} | {k.month for k in report.kpis}
    )
    breached = breached_by_month(evaluation, zone)
    months = tuple(
        Month(
            month,
            datetime.strptime(month, "%Y-%m").strftime("%B %Y"),
            _metric_sections(month, report.rows),
            tuple(
                _breach(t, p, m, zone, trace_of)
                for _, t, p, m in breached.get(month, [])[:BREACHES_SHOWN]
            ),
            max(0, len(breached.get(month, [])) - BREACHES_SHOWN),
            tuple(m for m in shown if m.month == month),
            _availability_chart(month, [m for m in shown if m.month == month]),
            tuple(k for k in report.kpis if k.month == month),
        )
        for month in names
    )
    title = policy.title or policy.name
    return Page(policy.name, title, _local(evaluation.at, zone), policy.timezone, months)


def _metric_sections(month: str, rows: Sequence[ReportRow]) -> tuple[MetricSection, ...]:
    metrics = list(dict.fromkeys(r.metric for r in rows if r.month == month))
    sections = []
    for metric in metrics:
        mine = tuple(r for r in rows if r.month == month and r.metric == metric)
        sections.append(MetricSection(metric, _compliance_chart(month, metric, mine), mine))
    return tuple(sections)


def _compliance_chart(month: str, metric: str, rows: Sequence[ReportRow]) -> Chart:
    scale = _BAR_SPAN / 100
    bars = tuple(
        Bar(
            "all priorities" if row.priority is None else row.priority,
            _TOP + i * _ROW,
            row.percent_met * scale,
            _percent(row.percent_met),
            None if row.objective_percent is None else _LABEL + row.objective_percent * scale,
            _tone(row.objective_met),
        )
        for i, row in enumerate(rows)
    )
    parts = [
        f"{b.label} {b.text}" + (f" against {_percent(r.objective_percent)}" if b.mark else "")
        for b, r in zip(bars, rows, strict=True)
    ]
    return Chart(
        f"{metric}, {month}: percent met per priority",
        "Horizontal bars, 0 to 100%; the vertical line is the objective. " + "; ".join(parts),
        bars,
    )


def _availability_chart(month: str, rows: Sequence[MonthAvailability]) -> Chart | None:
    """Downtime minutes per service against the downtime its objective allows."""
    if not rows:
        return None
    allowed = [
        (r.total_seconds - r.excused_seconds) * (100 - r.objective_percent) / 6000 for r in rows
    ]
    downtime = [r.downtime_seconds / 60 for r in rows]
    top = max([*allowed, *downtime, 1.0])
    scale = _BAR_SPAN / top
    bars = tuple(
        Bar(
            r.service,
            _TOP + i * _ROW,
            d * scale,
            f"{_decimal(d)} min",
            _LABEL + a * scale,
            _tone(r.met),
        )
        for i, (r, d, a) in enumerate(zip(rows, downtime, allowed, strict=True))
    )
    parts = [
        f"{r.service} {_decimal(d)} of {_decimal(a)} minutes allowed"
        for r, d, a in zip(rows, downtime, allowed, strict=True)
    ]
    return Chart(
        f"Downtime, {month}: minutes per service",
        "Horizontal bars of downtime minutes; the vertical line is the downtime the objective "
        "allows. " + "; ".join(parts),
        bars,
    )


# A breached result: (breached at, ticket id, ticket priority, the result).
Breached = tuple[int, str, str | None, MetricResult]


def breached_by_month(evaluation: Evaluation, zone: ZoneInfo) -> dict[str, list[Breached]]:
    """The results that breached, by the month (in `zone`) of `breached_at`, in the order
    they breached; the page shows the first `BREACHES_SHOWN` of each month."""
    months: dict[str, list[Breached]] = {}
    for ticket in evaluation.tickets:
        if ticket.excluded is not None:
            continue
        for m in ticket.metrics:
            if m.state == "breached" and m.breached_at is not None:
                month = datetime.fromtimestamp(m.breached_at, zone).strftime("%Y-%m")
                months.setdefault(month, []).append(
                    (m.breached_at, ticket.ticket, ticket.priority, m)
                )
    for found in months.values():
        found.sort(key=lambda item: item[0])  # stable: equal instants keep the tickets' order
    return months


def shown_tickets(policy: Policy, evaluation: Evaluation) -> frozenset[str]:
    """The tickets whose timelines the page shows (for the caller's `slac.evaluation.trace.traces`)."""
    months = breached_by_month(evaluation, ZoneInfo(policy.timezone))
    return frozenset(b[1] for found in months.values() for b in found[:BREACHES_SHOWN])


def _breach(
    ticket: str, priority: str | None, m: MetricResult, zone: ZoneInfo, trace_of: TraceOf | None
) -> Breach:
    assert m.breached_at is not None  # only breached results come here
    traced = trace_of(ticket, m.metric, m.cycle) if trace_of is not None else None
    own = ZoneInfo(traced.zone) if traced is not None else zone
    segments = traced.segments if traced is not None else ()
    before = [seg for seg in segments if seg.start < m.breached_at]
    steps = [
        Step(
            _local(seg.start, own),
            _local(seg.end, own),
            seg.counting,
            _hours(seg.end - seg.start),
            seg.reason,
        )
        for seg in before
    ]
    after = segments[len(before) :]
    if after:  # a metric still running after its breach would fill pages: one summary row
        counted = sum(seg.end - seg.start for seg in after if seg.counting)
        steps.append(
            Step(
                _local(after[0].start, own),
                _local(after[-1].end, own),
                counted > 0,
                _hours(counted),
                f"after the breach: {len(after)} more segment{'s' if len(after) > 1 else ''}, "
                f"{_hours(counted)} counted",
            )
        )
    return Breach(
        ticket,
        m.priority if m.priority is not None else priority,
        m.metric,
        m.cycle,
        _local(m.breached_at, zone),
        None if m.stopped_at is None else _local(m.stopped_at, zone),
        own.key,
        tuple(steps),
    )


def _local(t: int, zone: ZoneInfo) -> str:
    return datetime.fromtimestamp(t, UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def _hours(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}"


def _tone(met: bool | None) -> str:
    return "plain" if met is None else ("good" if met else "bad")


def _decimal(value: float) -> str:
    """At most 3 decimals, no trailing zeros (as `slac.cli.tables.decimal`)."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _percent(value: float | None) -> str:
    return "-" if value is None else _decimal(value) + "%"


def _yes_no(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "no")


@functools.cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("slac", "templates"),
        autoescape=True,  # ticket ids and names come from users' files
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html.j2")
