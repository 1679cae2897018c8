"""A built test file -> cases ready to run: the policy loaded, instants read, values typed.

Every problem is a coded diagnostic (T2xx) at the place it was written; a case with a problem is
not run. Stages, in order: the file's own checks (unique names), then per case its `at`, events,
outages and expectations (each needs the policy and the zone, read first).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from slac.diagnostics import Diagnostic
from slac.source import Span
from slac.testing import nodes
from slac.testing.instants import instant, iso

if TYPE_CHECKING:
    from slac import ir


Want = str | int | float | bool | None

# What each key of each expectation takes: the kinds of value it may be written as.
INSTANT_OR_NONE = frozenset({"instant", "local_time", "none"})
NUMBER = frozenset({"number"})
NUMBER_OR_NONE = frozenset({"number", "none"})
TEXT = frozenset({"word", "string"})
TEXT_OR_NONE = frozenset({"word", "string", "none"})
BOOL = frozenset({"bool"})
BOOL_OR_NONE = frozenset({"bool", "none"})
KEYS: dict[type, dict[str, frozenset[str]]] = {
    nodes.MetricExpect: {
        "state": TEXT,
        "target": TEXT_OR_NONE,
        "target_seconds": NUMBER_OR_NONE,
        "elapsed_seconds": NUMBER,
        "due": INSTANT_OR_NONE,
        "breached_at": INSTANT_OR_NONE,
        "stopped_at": INSTANT_OR_NONE,
        "percent_elapsed": NUMBER_OR_NONE,
        "remaining_seconds": NUMBER_OR_NONE,
    },
    nodes.TicketExpect: {"priority": TEXT, "excluded": TEXT_OR_NONE},
    nodes.ReportExpect: {
        "counted": NUMBER,
        "met": NUMBER,
        "breached": NUMBER,
        "percent_met": NUMBER_OR_NONE,
        "objective_percent": NUMBER_OR_NONE,
        "objective_met": BOOL_OR_NONE,
    },
    nodes.AvailabilityExpect: {
        "total_minutes": NUMBER,
        "excused_minutes": NUMBER,
        "downtime_minutes": NUMBER,
        "availability_percent": NUMBER,
        "objective_percent": NUMBER,
        "met": BOOL,
        "credit_percent": NUMBER_OR_NONE,
        "material_breach": BOOL,
        "unannounced_maintenance_minutes": NUMBER,
    },
    nodes.KpiExpect: {
        "counted": NUMBER,
        "value": NUMBER_OR_NONE,
        "unit": TEXT,
        "objective": NUMBER_OR_NONE,
        "objective_met": BOOL_OR_NONE,
    },
    nodes.BudgetExpect: {"charged": NUMBER, "left": NUMBER, "runs_out": TEXT_OR_NONE},
}
INSTANT_KEYS = frozenset({"due", "breached_at", "stopped_at"})
KIND_WORDS = {
    "instant": "an instant",
    "local_time": "a local time",
    "number": "a number",
    "word": "a word",
    "string": "a quoted string",
    "bool": "`true` or `false`",
    "none": "`none`",
}


@attrs.frozen
class Wanted:
    """One check, read: the JSON key, the value it must have (instants as epoch seconds)."""

    key: str
    want: Want
    written: str
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Case:
    """A test ready to run: what to evaluate and what the results must contain."""

    name: str
    at: int | None
    events: tuple[dict[str, object], ...]
    outages: tuple[dict[str, object], ...]
    expects: tuple[tuple[nodes.Expect, tuple[Wanted, ...]], ...]
    span: Span = attrs.field(eq=False)


class Problems:
    """Diagnostics of one file as they are found."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.found: list[Diagnostic] = []

    def add(self, code: str, message: str, span: Span, help: str | None = None) -> None:
        self.found.append(Diagnostic(code, message, span, help=help, path=self.path))


PolicyLoader = Callable[[str], "ir.Policy"]


def prepare(
    file: nodes.PolicyTestFile, path: str, load: PolicyLoader
) -> tuple[ir.Policy | None, tuple[Case, ...], list[Diagnostic]]:
    """The policy and the cases of `file` (read from `path`); the diagnostics of what is wrong."""
    problems = Problems(path)
    policy_path = str(Path(path).parent / file.policy)
    policy = _policy(policy_path, file, load, problems)
    zone = _zone(file, policy, problems)
    if policy is None or zone is None:
        return policy, (), problems.found
    _unique_names(file, problems)
    reader = _Reader(path, policy, zone, problems)
    cases = []
    for test in file.tests:
        before = len(problems.found)
        case = reader.case(test)
        if len(problems.found) == before:
            cases.append(case)
    return policy, tuple(cases), problems.found


def _policy(
    policy_path: str, file: nodes.PolicyTestFile, load: PolicyLoader, problems: Problems
) -> ir.Policy | None:
    from slac.loader import PolicyError

    try:
        return load(policy_path)
    except OSError as error:
        problems.add(
            "T201",
            f"cannot read the policy `{file.policy}`: {error.strerror or error}",
            file.policy_span,
            help="the path is relative to the test file",
        )
    except PolicyError as error:
        problems.add(
            "T202",
            f"the policy `{file.policy}` has errors{_first_error(error.diagnostics)}",
            file.policy_span,
            help=f"run `slac check {policy_path}`",
        )
    return None


def _first_error(diagnostics: tuple[Diagnostic, ...]) -> str:
    first = next((d for d in diagnostics if d.severity == "error"), None)
    if first is None:
        return ""
    return f" (first: line {first.span.line}: {first.message})"


def _zone(
    file: nodes.PolicyTestFile, policy: ir.Policy | None, problems: Problems
) -> ZoneInfo | None:
    name = file.zone if file.zone is not None else (policy.timezone if policy else "UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        problems.add(
            "T204",
            f"unknown time zone `{name}`",
            file.zone_span or file.policy_span,
            help="an IANA zone name such as `Europe/London`",
        )
        return None


def _unique_names(file: nodes.PolicyTestFile, problems: Problems) -> None:
    seen: dict[str, int] = {}
    for test in file.tests:
        if test.name in seen:
            problems.add(
                "T208",
                f"a second test named `{test.name}`",
                test.span,
                help=f"the first is on line {seen[test.name]}; give each test its own name",
            )
        seen.setdefault(test.name, test.span.line)


class _Reader:
    """Reads the cases of one file against its policy and zone."""

    def __init__(self, path: str, policy: ir.Policy, zone: ZoneInfo, problems: Problems) -> None:
        self.folder = Path(path).parent
        self.policy, self.zone, self.problems = policy, zone, problems

    def case(self, test: nodes.PolicyTest) -> Case:
        at = self._at(test)
        events = tuple(self._events(test))
        outages = tuple(self._outages(test))
        expects = tuple((e, self._checks(e)) for e in test.expects)
        if not test.expects:
            self.problems.add(
                "T212",
                f"test `{test.name}` checks nothing",
                test.span,
                help="add an `expect` line: only what a test states is checked",
            )
        return Case(test.name, at, events, outages, expects, test.span)

    def instant(self, value: nodes.Value) -> int | None:
        try:
            return instant(value, self.zone)
        except ValueError as error:
            self.problems.add(
                "T203",
                str(error),
                value.span,
                help="write `2026-03-02T09:00:00Z`, an offset such as `+01:00`, or a local time",
            )
            return None

    def _at(self, test: nodes.PolicyTest) -> int | None:
        for extra in test.ats[1:]:
            self.problems.add(
                "T209", f"test `{test.name}` has more than one `at`", extra.span,
                help=f"the first is on line {test.ats[0].span.line}; a test judges at one instant",
            )  # fmt: skip
        needs_at = any(not isinstance(e, nodes.AvailabilityExpect) for e in test.expects)
        if not test.ats:
            if needs_at:
                self.problems.add(
                    "T209",
                    f"test `{test.name}` has no `at`",
                    test.span,
                    help="add `at INSTANT`: the instant the tickets are judged at",
                )
            return None
        return self.instant(test.ats[0].value)

    def _events(self, test: nodes.PolicyTest) -> Iterator[dict[str, object]]:
        from slac.inputs.mixed import split_items

        for item in self._event_items(test):
            event, span = item
            try:
                split_items([dict(event)], self.policy)
            except ValueError as error:
                self.problems.add("T210", f"the event is not valid for the policy: {error}", span)
                continue
            yield event

    def _event_items(self, test: nodes.PolicyTest) -> Iterator[tuple[dict[str, object], Span]]:
        for item in test.events:
            if isinstance(item, nodes.EventsFrom):
                for line in self._json_lines(item.path, item.span):
                    yield line, item.span
                continue
            at = self.instant(item.at)
            if at is not None:
                yield {"at": iso(at), **item.body}, item.span

    def _outages(self, test: nodes.PolicyTest) -> Iterator[dict[str, object]]:
        from slac.inputs.outages import outage_from_dict

        for item in test.outages:
            if isinstance(item, nodes.OutagesFrom):
                pairs = [(o, item.span) for o in self._json_lines(item.path, item.span)]
            else:
                pairs = [(o, item.span) for o in self._outage_line(item)]
            for outage, span in pairs:
                try:
                    outage_from_dict(outage, self.policy)
                except ValueError as error:
                    self.problems.add("T210", f"the outage is not valid: {error}", span)
                    continue
                yield outage

    def _outage_line(self, line: nodes.OutageLine) -> Iterator[dict[str, object]]:
        start, end = self.instant(line.start), self.instant(line.end)
        if start is None or end is None:
            return
        outage: dict[str, object] = {"service": line.service, "start": iso(start), "end": iso(end)}
        if line.cause is not None:
            outage["cause"] = line.cause
        if line.scope is not None:
            outage["scope"] = line.scope
        if line.announced is not None:
            announced = self.instant(line.announced)
            if announced is None:
                return
            outage["announced_at"] = iso(announced)
        yield outage

    def _json_lines(self, name: str, span: Span) -> list[dict[str, object]]:
        """The objects of a JSON Lines file named by `from`; T211 when it cannot be read."""
        path = self.folder / name
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
            self.problems.add("T211", f"cannot read `{name}`: {reason or error}", span)
            return []
        found = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError:
                item = None
            if not isinstance(item, dict):
                self.problems.add("T211", f"`{name}` line {number} is not a JSON object", span)
                continue
            found.append(item)
        return found

    def _checks(self, expect: nodes.Expect) -> tuple[Wanted, ...]:
        if isinstance(expect, nodes.CyclesExpect):
            return ()
        if isinstance(expect, nodes.MonthExpect):
            self._month(expect)
        allowed = KEYS[type(expect)]
        seen: set[str] = set()
        wanted = []
        for check in expect.checks:
            if check.key not in allowed:
                self.problems.add(
                    "T206",
                    f"`{check.key}` is not a key of {_what(expect)}",
                    check.span,
                    help="the keys are " + ", ".join(f"`{k}`" for k in allowed),
                )
                continue
            if check.key in seen:
                self.problems.add("T207", f"`{check.key}` is checked twice", check.span)
                continue
            seen.add(check.key)
            read = self._want(check, allowed[check.key])
            if read is not None:
                wanted.append(read)
        return tuple(wanted)

    def _month(self, expect: nodes.MonthExpect) -> None:
        if not 1 <= int(expect.month[5:]) <= 12:
            self.problems.add("T203", f"`{expect.month}` is not a month", expect.span)

    def _want(self, check: nodes.Check, kinds: frozenset[str]) -> Wanted | None:
        value = check.value
        if value.kind not in kinds:
            words = " or ".join(sorted(KIND_WORDS[k] for k in kinds if k != "local_time"))
            self.problems.add(
                "T205",
                f"`{check.key}` takes {words}, not {KIND_WORDS[value.kind]}",
                value.span,
            )
            return None
        want: Want
        if value.kind == "none":
            want = None
        elif value.kind in ("instant", "local_time"):
            want = self.instant(value)
            if want is None:
                return None
        elif value.kind == "number":
            want = float(value.text) if "." in value.text else int(value.text)
        elif value.kind == "bool":
            want = value.text == "true"
        else:
            want = value.text
        return Wanted(check.key, want, value.text, check.span)


def _what(expect: nodes.Expect) -> str:
    return {
        nodes.MetricExpect: "a metric",
        nodes.TicketExpect: "a ticket (its metrics are `expect TICKET METRIC ...`)",
        nodes.ReportExpect: "a report row",
        nodes.AvailabilityExpect: "an availability month",
        nodes.KpiExpect: "a KPI row",
        nodes.BudgetExpect: "a budget month",
    }[type(expect)]
