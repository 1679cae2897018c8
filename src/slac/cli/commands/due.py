"""`slac due POLICY-OR-DESK EVENTS [--within 2h] [--at T] [--format table|json]` (docs/formats.md#slac-due).

Stages: `--at` and `--within` (usage errors before any file is read), the policy or desk, the
events (read and validated as `slac evaluate` reads them), evaluate at `--at`, list the running
metrics by due instant (`slac.measure.due`), print JSON or a table in the time zone of the
policy (of the desk's first policy for a desk).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from slac.cli.commands._common import CommandError, parse_at
from slac.cli.tables import Column, format_columns, percent

if TYPE_CHECKING:
    from slac.measure.due import DueList, DueRow

_WITHIN = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_UNITS = (86400, 3600, 60, 1)


def parse_within(text: str | None) -> int | None:
    """`--within 2h` (also `1d`, `90m`, `1h30m`) as seconds; None when omitted."""
    if text is None:
        return None
    match = _WITHIN.fullmatch(text.strip())
    if match is None or not any(match.groups()):
        raise CommandError(f"--within: `{text}` is not a duration such as `2h`, `90m` or `1d`")
    return sum(int(part or 0) * unit for part, unit in zip(match.groups(), _UNITS, strict=True))


def run(args: argparse.Namespace) -> int:
    """The subcommand; a CommandError becomes a message and exit 2 in `slac.cli`."""
    from slac.cli.commands.runs import evaluate_run
    from slac.measure.due import due_list

    at = parse_at(args.at)
    within = parse_within(args.within)
    run_ = evaluate_run(args, at)
    listing = due_list(run_.name, run_.parts, at, within)
    if args.format == "json":
        sys.stdout.write(json.dumps(listing.to_dict(), indent=2) + "\n")
    else:
        sys.stdout.write(format_due(listing, run_.timezone))
    return 0


def _hours(seconds: int | None) -> str | None:
    return None if seconds is None else f"{seconds // 3600}:{seconds % 3600 // 60:02d}"


def format_due(listing: DueList, zone_name: str) -> str:
    """A title line, then one row per running metric, the soonest due first."""
    zone = ZoneInfo(zone_name)

    def local(t: int) -> str:
        return datetime.fromtimestamp(t, UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M")

    columns: tuple[Column[DueRow], ...] = (
        Column("due", lambda r: local(r.due)),
        Column("policy", lambda r: r.policy),
        Column("ticket", lambda r: r.ticket),
        Column("prio", lambda r: r.priority),
        Column("metric", lambda r: r.metric),
        Column("#", lambda r: r.cycle, right=True),
        Column("left", lambda r: _hours(r.remaining_seconds), right=True),
        Column("used", lambda r: percent(r.percent_elapsed), right=True),
        Column("warning", lambda r: percent(r.threshold)),
    )
    span = (
        "" if listing.within_seconds is None else f", due within {_hours(listing.within_seconds)}"
    )
    title = f"{listing.name} at {local(listing.at)} ({zone_name}){span}\n"
    if not listing.rows:
        return title + "nothing running is due\n"
    return title + format_columns(columns, listing.rows)
