"""`slac trace POLICY EVENTS TICKET [--at T] [--format json|table]`: why each metric of one
ticket has its state (docs/formats.md#slac-trace---format-json).

Stages: `--at`, the policy, the events (read and validated as `slac evaluate` reads them),
`slac.trace`, print. An unknown ticket (none created at or before `--at`) is exit 2. JSON is
`Trace.to_dict()`, indented; the table is for a terminal: the ticket's priority history, then
per metric a line with its state and a table of its segments, local times in the zone of the
calendar the metric counts in, beside UTC. `slac test` shows the same priority lines and metric
tables under its failures (`format_priorities`, `format_metric`).

POLICY may be a desk (docs/desk.md): the events are routed and read as `slac evaluate DESK`
routes and reads them (`slac.cli.commands.runs.routed_events`) and the ticket is traced under
the policy it is routed to; a ticket under no agreement is exit 2. The JSON adds `desk` and
`version`; the table's title line names the policy (its version) and the desk.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from slac.cli.commands._common import CommandError, load_policy, parse_at
from slac.cli.tables import Column, format_columns, hours
from slac.text import printable

if TYPE_CHECKING:
    from slac.desk import Version
    from slac.evaluation.trace import MetricTrace, Segment, Trace


def run(args: argparse.Namespace) -> int:
    """The subcommand; a CommandError becomes a message and exit 2 in `slac.cli`."""
    from slac.cli.commands._common import load_desk
    from slac.cli.commands.evaluate import load_events
    from slac.cli.commands.runs import routed_events
    from slac.desk import is_desk
    from slac.evaluation.trace import trace

    at = parse_at(args.at)
    routed: Version | None = None
    if is_desk(args.policy):  # the ticket's policy is the one `slac evaluate DESK` routes it to
        desk = load_desk(args.policy)
        routed, events = routed_events(args, desk, args.ticket, at)
        policy = routed.policy
    else:
        policy = load_policy(args.policy)
        events = load_events(args, policy)
    try:
        result = trace(policy, events, args.ticket, at=at)
    except ValueError as error:  # an unknown ticket, or `--at` outside the calendars' years
        raise CommandError(f"cannot trace: {error}") from None
    if args.format == "table":
        label = None if routed is None else _under_desk(result, routed, desk.name)
        sys.stdout.write(format_trace(result, policy.timezone, label))
    else:
        data = result.to_dict()
        if routed is not None:  # docs/formats.md#slac-trace---format-json: a desk's two keys
            data |= {"desk": desk.name, "version": routed.effective_text}
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    return 0


def _under_desk(result: Trace, version: Version, desk: str) -> str:
    """How the table's title line names the policy of a ticket a desk routed: the routed
    policy (its version's date, if dated) and the desk."""
    dated = f" from {version.effective_text}" if version.effective_text else ""
    return f"{result.policy}{dated}, routed by desk {desk}"


class _Clock:
    """Instants as a person reads them: local time in a zone, and UTC beside it."""

    def __init__(self, zone: str) -> None:
        self.zone = ZoneInfo(zone)

    def local(self, t: int | None) -> str:
        if t is None:
            return "-"
        return datetime.fromtimestamp(t, self.zone).strftime("%Y-%m-%d %H:%M %Z")

    def utc(self, t: int) -> str:
        """`13:10Z`, or `03-27 01:27Z` when the UTC date is not the local one."""
        local, utc = datetime.fromtimestamp(t, self.zone), datetime.fromtimestamp(t, UTC)
        return utc.strftime("%H:%MZ" if local.date() == utc.date() else "%m-%d %H:%MZ")

    def both(self, t: int | None) -> str:
        return "-" if t is None else f"{self.local(t)} ({self.utc(t)})"


def format_trace(result: Trace, policy_zone: str, policy_label: str | None = None) -> str:
    """The table: a title line naming the ticket and its policy (`policy_label` in place of the
    policy's name, for a desk's routed ticket), its priority history, then each metric."""
    clock = _Clock(policy_zone)
    lines = [
        f"{printable(result.ticket)} ({policy_label or result.policy}) at {clock.both(result.at)}",
        f"created {clock.both(result.created_at)}",
        *format_priorities(result, policy_zone),
    ]
    if result.excluded is not None:
        lines.append(f"excluded: {printable(result.excluded)} (every metric not applicable)")
    text = "\n".join(lines) + "\n"
    for metric in result.metrics:
        text += "\n" + format_metric(metric)
    return text


def format_priorities(result: Trace, policy_zone: str) -> list[str]:
    """The ticket's priority history, a line per change (also under `slac test`'s failures)."""
    clock = _Clock(policy_zone)
    return [
        f"priority {p.priority}: {p.how}"
        + (f" from {', '.join(p.fields)}" if p.fields else "")
        + f", {clock.both(p.at)}"
        for p in result.priorities
    ]


def format_metric(metric: MetricTrace) -> str:
    """One metric's (one cycle's) state line, its marks, and its segments table, each line
    ending in a newline (also under `slac test`'s failures)."""
    r = metric.result
    clock = _Clock(metric.zone)
    cycle = f" #{r.cycle}" if r.cycle > 1 else ""
    target = f" of {hours(r.target_seconds)}" if r.target_seconds is not None else ""
    head = f"{r.metric}{cycle}: {r.state}, {hours(r.elapsed_seconds)}{target} counted"
    if r.target:
        head += f" (target {r.target})"
    marks = [
        ("started", metric.started_at),
        ("target reached", metric.reached_at),
        ("due", r.due),
        ("breached", r.breached_at),
        ("stopped", r.stopped_at),
    ]
    head += "".join(f"\n  {name} {clock.both(t)}" for name, t in marks if t is not None)
    columns: tuple[Column[Segment], ...] = (
        Column(f"from ({metric.zone})", lambda s: clock.local(s.start)),
        Column("UTC", lambda s: clock.utc(s.start)),
        Column("to", lambda s: clock.local(s.end)),
        Column("UTC", lambda s: clock.utc(s.end)),
        Column("counts", lambda s: "yes" if s.counting else "no"),
        Column("time", lambda s: hours(s.end - s.start), right=True),
        Column("why", lambda s: s.reason),
    )
    if not metric.segments:
        return head + "\n  (no time between its start and its stop)\n"
    body = format_columns(columns, metric.segments)
    return head + "\n" + "".join(f"  {line}\n" for line in body.splitlines())
