"""`slac availability POLICY OUTAGES [--from YYYY-MM] [--to YYYY-MM]`: monthly uptime and credits.

Stages: check the month bounds (usage errors before any file is read), load the policy, read
and validate every outage line, compute, print. Any invalid outage line is reported as
`OUTAGES:LINE: reason` (every such line, `<stdin>` for `-`, then a count as `slac evaluate`
does) and the run stops with exit 2 and nothing on standard output: a credit computed from a
partly read outage log would be wrong in the customer's or the supplier's favour without
anyone noticing, so there is no `--skip-invalid` for outages.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from slac.cli.commands._common import (
    CommandError,
    input_label,
    load_policy,
    read_lines,
    report_input_problems,
)
from slac.cli.tables import Column, decimal, format_columns, percent, yes_or_no
from slac.text import shown_path

if TYPE_CHECKING:
    from slac.ir import Policy
    from slac.measure.availability import AvailabilityReport, MonthAvailability


def run(args: argparse.Namespace) -> int:
    """The subcommand; a CommandError becomes a message and exit 2 in `slac.cli`."""
    check_month_bounds(args.start, args.end)
    policy = load_policy(args.policy)
    report = measure(args, policy, args.outages, args.start, args.end)
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
    elif args.format == "csv":
        from slac.cli.csv_output import write_availability

        write_availability(report, sys.stdout)
    else:
        sys.stdout.write(format_availability(report))
    return 0


def measure(
    args: argparse.Namespace, policy: Policy, path: str, start: str | None, end: str | None
) -> AvailabilityReport:
    """Read and check the outages at `path` (every bad line reported, then CommandError) and
    measure the months from `start` to `end`; also `slac report --format html --outages`."""
    from slac.inputs.outages import read_outages
    from slac.measure.availability import availability

    if policy.availability is None:
        raise CommandError(
            f"{shown_path(args.policy)}: policy `{policy.name}` states no availability, so there is nothing to measure "
            "(add an `availability` block with its services)"
        )
    outages, problems = read_outages(read_lines(path), policy, input_label(path))
    report_input_problems(problems, args, "invalid outage line", "nothing computed")
    try:
        return availability(policy, outages, start=start, end=end)
    except ValueError as error:  # the reader and the bounds check leave nothing here; no traceback
        raise CommandError(f"cannot compute availability: {error}") from None


def check_month_bounds(start: str | None, end: str | None) -> None:
    """`--from`/`--to` are YYYY-MM and in order, or CommandError."""
    from slac.measure.availability import parse_month

    for flag, text in (("--from", start), ("--to", end)):
        if text is not None:
            try:
                parse_month(text)
            except ValueError as error:
                raise CommandError(f"{flag}: {error}") from None
    if start is not None and end is not None and parse_month(start) > parse_month(end):
        raise CommandError(f"--from {start} is after --to {end}")


_AVAILABILITY_COLUMNS: tuple[Column[MonthAvailability], ...] = (
    Column("month", lambda m: m.month),
    Column("service", lambda m: m.service),
    Column("excused min", lambda m: decimal(m.excused_seconds / 60), right=True),
    Column("downtime min", lambda m: decimal(m.downtime_seconds / 60), right=True),
    Column("availability", lambda m: percent(m.availability_percent), right=True),
    Column("objective", lambda m: percent(m.objective_percent), right=True),
    Column("met", lambda m: yes_or_no(m.met)),
    Column("credit", lambda m: percent(m.credit_percent), right=True),
    Column("breach", lambda m: "BREACH" if m.material_breach else "no"),
)


def format_availability(report: AvailabilityReport) -> str:
    """The report as a table for people; durations in minutes, one row per service and month."""
    if not report.months:
        return f"{report.policy}: no outages and no months asked for (give --from and --to to list months)\n"
    columns = _AVAILABILITY_COLUMNS
    if report.months[0].unannounced_seconds is not None:  # the policy states a notice rule
        columns = (*columns[:4], _UNANNOUNCED, *columns[4:])
    return format_columns(columns, report.months)


# Of the downtime, the minutes of maintenance announced too late to be excused.
_UNANNOUNCED: Column[MonthAvailability] = Column(
    "unannounced", lambda m: decimal((m.unannounced_seconds or 0) / 60), right=True
)
