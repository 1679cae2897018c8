"""The command line's options: one `argparse` parser with a subparser per command."""

from __future__ import annotations

import argparse

FORMATS_REPORT = ("json", "table", "csv")
_TABLE_ON_A_TERMINAL = "default: table on a terminal, json otherwise"
_BY_SUFFIX = "; with -o, from FILE's suffix (.html, .csv), else json"


def _add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...], default: str) -> None:
    parser.add_argument(
        "--format", choices=choices, default=None, help=f"output format ({default})"
    )


def _add_problems_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--problems-format",
        choices=("text", "json"),
        default="text",
        help="how invalid input lines are reported on standard error: text (`FILE:LINE: reason` "
        "lines, the default) or json (one list of {path, line, column, end_line, end_column, "
        "severity, code, message, help}, as `slac check --format json` prints; `slac explain "
        "CODE` says what a code means)",
    )


def _jobs(text: str) -> int:
    """`--jobs N`: a whole number of processes, 1 or more (a usage error otherwise)."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {text!r}")
    return count


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slac",
        description="Service Level Agreements as code: check policies, evaluate tickets.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = sub.add_parser(
        "check", help="parse and lint .sla files (a folder means every .sla below it)"
    )
    check.add_argument("paths", nargs="+", metavar="PATH")
    # Diagnostics go to stdout as text whatever stdout is: the concise form when it is not a
    # terminal (`slac.render`), so JSON is only ever asked for.
    _add_format(check, ("json", "text"), "default: text")

    evaluate = sub.add_parser("evaluate", help="SLA state of every ticket in EVENTS at an instant")
    report = sub.add_parser("report", help="monthly compliance per metric and priority")
    due = sub.add_parser(
        "due", help="running metrics by due instant, with the warning threshold each crossed"
    )
    due.add_argument(
        "--within",
        metavar="DURATION",
        help="only metrics due within this span of --at (2h, 90m, 1d)",
    )
    # Each takes a policy or a desk file (`.desk`, docs/desk.md).
    for command in (evaluate, report, due):
        command.add_argument("policy", metavar="POLICY")
        command.add_argument(
            "--versions",
            choices=("created", "at"),
            default="created",
            help="a desk's dated versions: judge a ticket by the one in force when it was "
            "created (default) or at --at",
        )
        command.add_argument(
            "events", metavar="EVENTS", help="JSON Lines file, or - for standard input"
        )
        command.add_argument(
            "--at", metavar="T", help="ISO 8601 instant with an offset (default: now)"
        )
        command.add_argument(
            "--skip-invalid",
            action="store_true",
            help="report invalid event lines as warnings and go on",
        )
        _add_problems_format(command)
    _add_format(evaluate, FORMATS_REPORT, _TABLE_ON_A_TERMINAL)
    evaluate.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="JSON from one policy: tickets shared among N processes, the same output "
        "(default: 2 from 50,000 events on two or more CPUs, else 1)",
    )
    _add_format(due, ("json", "table"), _TABLE_ON_A_TERMINAL)
    _add_format(report, (*FORMATS_REPORT, "html"), _TABLE_ON_A_TERMINAL + _BY_SUFFIX)
    report.add_argument(
        "--outages",
        metavar="OUTAGES",
        help="with --format html: an outage file (JSON Lines) whose availability and credits "
        "the report shows for the same months",
    )
    report.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of standard output"
    )

    availability = sub.add_parser(
        "availability", help="monthly availability, service credits, material breach"
    )
    availability.add_argument("policy", metavar="POLICY")
    availability.add_argument(
        "outages", metavar="OUTAGES", help="JSON Lines file, or - for standard input"
    )
    availability.add_argument(
        "--from", dest="start", metavar="YYYY-MM", help="first month (default: first outage)"
    )
    availability.add_argument(
        "--to", dest="end", metavar="YYYY-MM", help="last month (default: last outage)"
    )
    _add_problems_format(availability)
    _add_format(availability, FORMATS_REPORT, _TABLE_ON_A_TERMINAL)

    trace = sub.add_parser(
        "trace", help="one ticket's clocks as a timeline: why each metric has its state"
    )
    trace.add_argument("policy", metavar="POLICY")
    trace.add_argument("events", metavar="EVENTS", help="JSON Lines file, or - for standard input")
    trace.add_argument("ticket", metavar="TICKET", help="the ticket's id")
    trace.add_argument("--at", metavar="T", help="ISO 8601 instant with an offset (default: now)")
    _add_problems_format(trace)
    _add_format(trace, ("json", "table"), _TABLE_ON_A_TERMINAL)

    test = sub.add_parser("test", help="run the policy tests (.slatest files) under PATH")
    test.add_argument("paths", nargs="+", metavar="PATH")
    _add_format(test, ("json", "text"), "default: text")

    fmt = sub.add_parser("fmt", help="rewrite .sla files in the canonical layout, comments kept")
    fmt.add_argument("paths", nargs="+", metavar="PATH")
    fmt.add_argument(
        "--check", action="store_true", help="write nothing; list the files that would change"
    )
    fmt.add_argument("--diff", action="store_true", help="write nothing; print the changes")

    explain = sub.add_parser("explain", help="what a diagnostic code means and how to fix it")
    explain.add_argument("code", metavar="CODE")
    from slac.cli.commands.budget import add_parser as add_budget
    from slac.cli.commands.import_ import add_parser as add_import

    add_budget(sub)
    add_import(sub)

    sub.add_parser("lsp", help="a Language Server Protocol server on standard input and output")
    return parser
