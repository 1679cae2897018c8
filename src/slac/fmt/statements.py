"""One printer per statement of the language: the tokens of a one-line statement (`STATEMENTS`),
or the lines of a block (`BLOCKS`). `lines(printer, module)` walks a whole file.

Blocks: calendar, metric, `business hours by`, priority matrix, targets, code fix, availability.
The grammar's rule for each is in grammar/slac.lark; the words here follow it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from slac.fmt.printer import Line, Printer, Tok, flow, listed, names, words
from slac.syntax import nodes as n


def lines(printer: Printer, module: n.Module) -> list[Line]:
    policy = module.policy
    head = words(
        policy.span.line, "policy", printer.name(policy.name), printer.string(policy.title)
    )
    return list(printer.block(head, policy, body(printer, policy.body, 1), 0))


def body(printer: Printer, statements: Iterable[Any], depth: int) -> Iterator[Line]:
    for statement in statements:
        block = BLOCKS.get(type(statement))
        if block is not None:
            yield from block(printer, statement, depth)
        else:
            yield from flow(STATEMENTS[type(statement)](printer, statement), depth)


# --- one-line statements ------------------------------------------------------------------------


def _version(p: Printer, s: n.Version) -> list[Tok]:
    return words(s.span.line, "version", p.string(s.value))


def _effective(p: Printer, s: n.Effective) -> list[Tok]:
    return words(s.span.line, "effective", s.date.text)


def _timezone(p: Printer, s: n.Timezone) -> list[Tok]:
    return words(s.span.line, "timezone", p.string(s.zone))


def _zone(p: Printer, s: n.Zone) -> list[Tok]:
    return words(s.span.line, "zone", p.string(s.zone))


def _window(p: Printer, s: n.Window) -> list[Tok]:
    days = [
        [Tok(d.first.text + (f"-{d.last.text}" if d.last else ""), d.span.line)] for d in s.days
    ]
    ranges = [[Tok(f"{r.open.text}-{r.close.text}", r.span.line)] for r in s.ranges]
    return [*listed(days), *listed(ranges)]


def _holidays(p: Printer, s: n.Holidays) -> list[Tok]:
    regions = [
        [Tok(r.country.text + (f"/{r.subdivision.text}" if r.subdivision else ""), r.span.line)]
        for r in s.regions
    ]
    return words(s.span.line, "holidays", listed(regions))


def _closed(p: Printer, s: n.Closed) -> list[Tok]:
    return words(s.span.line, "closed", listed([[Tok(d.text, d.span.line)] for d in s.dates]))


def _union(p: Printer, s: n.CalendarUnion) -> list[Tok]:
    return words(s.span.line, "union", names(p, s.members))


def _day_length(p: Printer, s: n.DayLength) -> list[Tok]:
    return words(s.span.line, "day length", s.length.text)


def _always_open(p: Printer, s: n.AlwaysOpen) -> list[Tok]:
    return words(s.span.line, "always open")


def _field(p: Printer, s: n.Field) -> list[Tok]:
    kind = " | ".join(v.text for v in s.values) if s.kind == "enum" else s.kind
    tokens = words(s.span.line, "field", Tok(s.name.text + ":", s.name.span.line), kind)
    if s.default is not None:
        tokens += words(s.span.line, "=", p.value(s.default))
    return tokens


def _priorities(p: Printer, s: n.Priorities) -> list[Tok]:
    return words(s.span.line, "priorities", names(p, s.names))


def _priority_when(p: Printer, s: n.PriorityWhen) -> list[Tok]:
    line = s.span.line
    return words(line, "priority", p.name(s.priority), "when", p.condition(s.when, line))


def _priority_cap(p: Printer, s: n.PriorityCap) -> list[Tok]:
    line = s.span.line
    return words(line, "priority at most", p.name(s.priority), "when", p.condition(s.when, line))


def _priority_default(p: Printer, s: n.PriorityDefault) -> list[Tok]:
    return words(s.span.line, "priority default", p.name(s.priority))


def _precedence(p: Printer, s: n.PriorityPrecedence) -> list[Tok]:
    return words(s.span.line, f"{s.winner} priority wins")


def _business_hours(p: Printer, s: n.BusinessHours) -> list[Tok]:
    return words(s.span.line, "business hours", p.name(s.calendar))


def _pause(p: Printer, s: n.Pause) -> list[Tok]:
    return words(s.span.line, "pause when status", names(p, s.statuses)) + _until(p, s)


def _pause_while(p: Printer, s: n.PauseWhile) -> list[Tok]:
    line = s.span.line
    return words(line, "pause while", p.condition(s.when, line)) + _until(p, s)


def _until(p: Printer, s: n.Pause | n.PauseWhile) -> list[Tok]:
    if s.until is None:
        return []
    return words(s.span.line, "until", _trigger(p, s.until.trigger, s.span.line))


def _resolved_when(p: Printer, s: n.ResolvedWhen) -> list[Tok]:
    return words(s.span.line, "resolved when status", names(p, s.statuses))


def _exclude(p: Printer, s: n.Exclude) -> list[Tok]:
    line = s.span.line
    return words(line, "exclude", p.string(s.reason), "when", p.condition(s.when, line))


def _trigger(p: Printer, t: n.Trigger, line: int) -> list[Tok]:
    if isinstance(t, n.OnComment):
        # `comment by` and `public comment by` mean the same; keep the author's word.
        written = p.written(t.span).split()
        authors = " or ".join(t.authors)
        return words(line, *written[: written.index("comment")], f"comment by {authors}")
    if isinstance(t, n.OnStatus):
        if not t.statuses:
            return words(line, "status changed")
        return words(line, "status", names(p, t.statuses))
    if isinstance(t, n.OnFieldsChanged):
        if not t.fields:
            return words(line, "fields changed")
        return words(line, "field", names(p, t.fields), "changed")
    word = {
        n.OnCreated: "created",
        n.OnResolved: "resolved",
        n.OnPriorityChanged: "priority changed",
    }
    return words(line, word[type(t)])


def _start(p: Printer, s: n.Start) -> list[Tok]:
    line = s.span.line
    tokens = words(line, "start on", _trigger(p, s.trigger, line))
    if s.after is not None:
        tokens += words(line, "after", _trigger(p, s.after, line))
    if s.when is not None:
        tokens += words(line, "when", p.condition(s.when, line))
    return tokens


def _stop(p: Printer, s: n.Stop) -> list[Tok]:
    return words(s.span.line, "stop on", _trigger(p, s.trigger, s.span.line))


def _on_reopen(p: Printer, s: n.OnReopen) -> list[Tok]:
    return words(s.span.line, "resume on reopen")


def _not_applicable(p: Printer, s: n.NotApplicable) -> list[Tok]:
    line = s.span.line
    return words(line, "not applicable when", p.condition(s.when, line))


def _relevant_by(p: Printer, s: n.RelevantBy) -> list[Tok]:
    return words(s.span.line, "relevant by", p.name(s.field))


def _objective(p: Printer, s: n.Objective) -> list[Tok]:
    line = s.span.line
    tokens = words(line, "objective", p.name(s.metric), s.percent.text, "monthly")
    if s.priorities:
        tokens += words(line, "for", names(p, s.priorities))
    if s.overall:
        tokens += words(line, "overall")
    return tokens


def _warn(p: Printer, s: n.Warn) -> list[Tok]:
    return words(s.span.line, "warn at", ", ".join(t.text for t in s.thresholds))


def _during(p: Printer, s: n.During) -> list[Tok]:
    return words(s.span.line, "during", p.name(s.calendar))


def _service(p: Printer, s: n.Service) -> list[Tok]:
    return words(s.span.line, "service", p.name(s.name), s.percent.text)


def _excused(p: Printer, s: n.Excused) -> list[Tok]:
    return words(s.span.line, "excused", names(p, s.causes))


def _not_downtime(p: Printer, s: n.NotDowntime) -> list[Tok]:
    return words(s.span.line, "not downtime", names(p, s.causes))


def _partial(p: Printer, s: n.PartialOutages) -> list[Tok]:
    return words(s.span.line, "partial outages are" + ("" if s.downtime else " not") + " downtime")


def _credit(p: Printer, s: n.Credit) -> list[Tok]:
    tokens = words(s.span.line, "credit", s.credit.text, "below", s.below.text)
    if s.services:
        tokens += words(s.span.line, "for", names(p, s.services))
    return tokens


def _credit_when(p: Printer, s: n.CreditWhen) -> list[Tok]:
    return words(s.span.line, f"credit when {s.failing} failing months in {s.window}")


def _material_breach(p: Printer, s: n.MaterialBreach) -> list[Tok]:
    return words(s.span.line, f"material breach after {s.consecutive} consecutive failing months")


def _notice(p: Printer, s: n.Notice) -> list[Tok]:
    unit = "day" if s.days == 1 else "days"
    return words(s.span.line, f"notice {s.days} {unit} for", names(p, s.causes))


def _kpi(p: Printer, s: n.Kpi) -> list[Tok]:
    line = s.span.line
    tokens = words(line, "kpi", p.name(s.name))
    if isinstance(s.measure, n.KpiShare):
        tokens += words(line, "share resolved when", p.condition(s.measure.when, line))
    else:
        tokens += words(line, "mean call answer")
    if s.goal is not None:
        tokens += words(line, "objective", s.goal.text, "monthly")
    return tokens


def _budget_amount(p: Printer, s: n.BudgetAmount) -> list[Tok]:
    return words(s.span.line, f"amount {s.amount}", p.name(s.unit))


def _budget_renews(p: Printer, s: n.BudgetRenews) -> list[Tok]:
    unit = "month" if s.months == 1 else "months"
    return words(s.span.line, f"renews every {s.months} {unit} from {s.start.text}")


def _budget_rate(p: Printer, s: n.BudgetRate) -> list[Tok]:
    return words(s.span.line, "rate", p.name(s.name), f"{s.charge} per hour")


def _budget_excluded(p: Printer, s: n.BudgetExcluded) -> list[Tok]:
    return words(s.span.line, "excluded tickets use no budget")


STATEMENTS: dict[type, Callable[[Printer, Any], list[Tok]]] = {
    n.Version: _version,
    n.Effective: _effective,
    n.Timezone: _timezone,
    n.Zone: _zone,
    n.Window: _window,
    n.Holidays: _holidays,
    n.Closed: _closed,
    n.CalendarUnion: _union,
    n.DayLength: _day_length,
    n.AlwaysOpen: _always_open,
    n.Field: _field,
    n.Priorities: _priorities,
    n.PriorityWhen: _priority_when,
    n.PriorityDefault: _priority_default,
    n.PriorityCap: _priority_cap,
    n.PriorityPrecedence: _precedence,
    n.BusinessHours: _business_hours,
    n.Pause: _pause,
    n.PauseWhile: _pause_while,
    n.ResolvedWhen: _resolved_when,
    n.Exclude: _exclude,
    n.Start: _start,
    n.Stop: _stop,
    n.OnReopen: _on_reopen,
    n.NotApplicable: _not_applicable,
    n.RelevantBy: _relevant_by,
    n.Objective: _objective,
    n.Warn: _warn,
    n.During: _during,
    n.Service: _service,
    n.Excused: _excused,
    n.NotDowntime: _not_downtime,
    n.PartialOutages: _partial,
    n.Credit: _credit,
    n.CreditWhen: _credit_when,
    n.MaterialBreach: _material_breach,
    n.Notice: _notice,
    n.Kpi: _kpi,
    n.BudgetAmount: _budget_amount,
    n.BudgetRenews: _budget_renews,
    n.BudgetRate: _budget_rate,
    n.BudgetExcluded: _budget_excluded,
}


# --- blocks -------------------------------------------------------------------------------------


def _calendar(p: Printer, s: n.Calendar, depth: int) -> Iterator[Line]:
    head = words(s.span.line, "calendar", p.name(s.name))
    return p.block(head, s, body(p, s.body, depth + 1), depth)


def _metric(p: Printer, s: n.Metric, depth: int) -> Iterator[Line]:
    head = words(s.span.line, "metric", p.name(s.name), *(["repeating"] if s.repeating else []))
    return p.block(head, s, body(p, s.body, depth + 1), depth)


def _hours_entries(p: Printer, entries: tuple[n.HoursEntry, ...], depth: int) -> Iterator[Line]:
    for entry in entries:
        keys = names(p, entry.keys)
        keys[-1] = Tok(keys[-1].text + ":", keys[-1].src, keys[-1].glue)
        yield from flow([*keys, p.name(entry.calendar)], depth)


def _hours_by_priority(p: Printer, s: n.BusinessHoursByPriority, depth: int) -> Iterator[Line]:
    head = words(s.span.line, "business hours by priority")
    return p.block(head, s, _hours_entries(p, s.entries, depth + 1), depth)


def _hours_by_field(p: Printer, s: n.BusinessHoursByField, depth: int) -> Iterator[Line]:
    head = words(s.span.line, "business hours by", p.name(s.field))
    return p.block(head, s, _hours_entries(p, s.entries, depth + 1), depth)


def _matrix(p: Printer, s: n.PriorityMatrix, depth: int) -> Iterator[Line]:
    line = s.span.line
    head = words(line, "priority from", p.name(s.row_field), "x", p.name(s.column_field))
    if s.when is not None:
        head += words(line, "when", p.condition(s.when, line))
    header = (("", *(c.text for c in s.columns)), s.columns[0].span.line)
    rows = [((r.value.text, *(c.text for c in r.cells)), r.span.line) for r in s.rows]
    return p.block(head, s, p.table([header, *rows], depth + 1), depth)


def _targets(p: Printer, s: n.Targets, depth: int) -> Iterator[Line]:
    header = (("priority", *(m.text for m in s.metrics)), s.metrics[0].span.line)
    rows = [((r.priority.text, *(p.written(c.span) for c in r.cells)), r.span.line) for r in s.rows]
    head = words(s.span.line, "targets")
    if s.tier is not None:
        head += words(s.span.line, "for", p.name(s.tier.field), p.name(s.tier.value))
    return p.block(head, s, p.table([header, *rows], depth + 1), depth)


def _code_fix(p: Printer, s: n.CodeFix, depth: int) -> Iterator[Line]:
    line = s.span.line
    head = words(line, "code fix", p.name(s.metric), "when", p.condition(s.when, line))

    def inner() -> Iterator[Line]:
        # Rows are aligned as a table; a `relevant by` line between them is its own line.
        rows: list[tuple[tuple[str, ...], int]] = []
        for statement in s.body:
            if isinstance(statement, n.CodeFixRow):
                keys = ", ".join(k.text for k in statement.priorities)
                rows.append(((keys, p.written(statement.target.span)), statement.span.line))
                continue
            if rows:
                yield from p.table(rows, depth + 1)
                rows = []
            yield from flow(_relevant_by(p, statement), depth + 1)
        if rows:
            yield from p.table(rows, depth + 1)

    return p.block(head, s, inner(), depth)


def _availability(p: Printer, s: n.Availability, depth: int) -> Iterator[Line]:
    return p.block(words(s.span.line, "availability"), s, body(p, s.body, depth + 1), depth)


def _budget(p: Printer, s: n.Budget, depth: int) -> Iterator[Line]:
    return p.block(words(s.span.line, "budget"), s, body(p, s.body, depth + 1), depth)


BLOCKS: dict[type, Callable[[Printer, Any, int], Iterator[Line]]] = {
    n.Calendar: _calendar,
    n.Metric: _metric,
    n.BusinessHoursByPriority: _hours_by_priority,
    n.BusinessHoursByField: _hours_by_field,
    n.PriorityMatrix: _matrix,
    n.Targets: _targets,
    n.CodeFix: _code_fix,
    n.Availability: _availability,
    n.Budget: _budget,
}
