"""`slac evaluate POLICY EVENTS [--at T] [--format json|table] [--skip-invalid]` (contract §1, §4).

Stages: `--at` (a usage error before any file is read), the policy, the events (`load_events`,
shared with `slac report`), evaluate, print. JSON is one compact document on one line,
byte for byte `json.dumps(evaluation.to_dict())` (written ticket by ticket): a machine format, and the cheapest to write for a
million events; pipe it through `jq` or `python -m json.tool` to read it.

The table has one row per ticket metric: elapsed and target as `h:mm`, and in `when` the due
instant (running), the breach instant (breached) or the stop instant (met) in the policy's
time zone as `YYYY-MM-DD HH:MM`. An excluded ticket is one row whose `when` is its reason.
"""

from __future__ import annotations

import gc
import json
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from slac.commands._common import CommandError, fail, load_policy, parse_at, read_lines
from slac.results import iso_z


def run(args) -> int:
    try:
        return _run(args)
    except CommandError as error:
        return fail(error)


def _run(args) -> int:
    from slac.evaluate import evaluate

    at = parse_at(args.at)
    policy = load_policy(args.policy)
    with _without_cycle_collector():
        events = load_events(args, policy)
        try:
            evaluation = evaluate(policy, events, at=at)
        except ValueError as error:  # `--at` out of the calendars' years, or a policy the checker let through
            raise CommandError(f"cannot evaluate: {error}") from None
        del events  # the events are not needed for printing: free them first
    if args.format == "table":
        sys.stdout.write(format_evaluation(evaluation, policy.timezone))
    else:
        write_json(evaluation, sys.stdout)
    return 0


def write_json(evaluation, out) -> None:
    """Exactly `json.dumps(evaluation.to_dict())` and a newline, written ticket by ticket so a
    million events never hold every ticket's dict and the whole text in memory at once."""
    head = json.dumps({"policy": evaluation.policy, "at": iso_z(evaluation.at)})
    out.write(head[:-1] + ', "tickets": [')
    dumps = json.dumps
    for index, ticket in enumerate(evaluation.tickets):
        out.write((", " if index else "") + dumps(ticket.to_dict()))
    out.write("]}\n")


@contextmanager
def _without_cycle_collector():
    """Reading and evaluating builds millions of small acyclic objects; the cyclic collector
    would rescan all of them again and again for nothing (about a third of the run time at
    10^5 events, bench/evaluate.md). Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_events(args, policy) -> list:
    """Read and validate `args.events` (`-` for stdin): the good events in applied order.

    Every bad line goes to stderr as `EVENTS:LINE: reason` (prefixed `warning: ` with
    `args.skip_invalid`). Without `--skip-invalid` any bad line raises CommandError (exit 2,
    nothing on stdout).
    """
    from slac.events import read_events

    events, problems = read_events(read_lines(args.events), policy)
    name = "<stdin>" if args.events == "-" else args.events
    skip = getattr(args, "skip_invalid", False)
    prefix = "warning: " if skip else ""
    sys.stderr.writelines(f"{prefix}{name}:{p.line}: {p.reason}\n" for p in problems)
    if problems and not skip:
        count = len(problems)
        raise CommandError(
            f"{name}: {count} invalid event line{'s' if count > 1 else ''}; nothing evaluated "
            "(--skip-invalid evaluates the valid lines)"
        )
    return events


def _hours(seconds: int | None) -> str | None:
    if seconds is None:
        return None
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}"


def format_evaluation(evaluation, zone_name: str) -> str:
    from slac.textable import format_table

    zone = ZoneInfo(zone_name)

    def local(t: int | None) -> str | None:
        if t is None:
            return None
        return datetime.fromtimestamp(t, timezone.utc).astimezone(zone).strftime("%Y-%m-%d %H:%M")

    rows = []
    for ticket in evaluation.tickets:
        if ticket.excluded is not None:
            rows.append((ticket.ticket, ticket.priority, None, None, "excluded", None, None, ticket.excluded))
            continue
        for m in ticket.metrics:
            target = _hours(m.target_seconds) if m.target_seconds is not None else m.target
            when = m.due if m.state == "running" else m.breached_at if m.state == "breached" else m.stopped_at
            rows.append((ticket.ticket, ticket.priority, m.metric, m.cycle, m.state, _hours(m.elapsed_seconds),
                         target, local(when)))
    if not rows:
        return f"{evaluation.policy}: no tickets at {local(evaluation.at)} ({zone_name})\n"
    headers = ("ticket", "priority", "metric", "cycle", "state", "elapsed", "target", f"when ({zone_name})")
    return format_table(headers, rows, right=(3, 5, 6))
