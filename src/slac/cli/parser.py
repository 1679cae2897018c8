"""The command line's options: one `argparse` parser with a subparser per command, whose
arguments are added only when that command runs or prints its help."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from typing import Any

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


class _Command(argparse.ArgumentParser):
    """A subcommand's parser that adds its arguments the first time it parses or prints help:
    a run builds only its own command's options (building all twelve, and importing the modules
    that define `budget`'s and `import`'s, was ~4 ms of every start)."""

    def __init__(
        self, *args: Any, arguments: Callable[[argparse.ArgumentParser], None], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._arguments: Callable[[argparse.ArgumentParser], None] | None = arguments

    def _complete(self) -> None:
        if self._arguments is not None:
            arguments, self._arguments = self._arguments, None
            arguments(self)

    def parse_known_args(
        self, args: Iterable[str] | None = None, namespace: Any = None
    ) -> tuple[Any, list[str]]:
        self._complete()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self._complete()
        return super().format_usage()

    def format_help(self) -> str:
        self._complete()
        return super().format_help()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slac",
        description="Service Level Agreements as code: check policies, evaluate tickets.",
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=_Command
    )
    for name, help_, arguments in COMMANDS:
        sub.add_parser(name, help=help_, arguments=arguments)
    return parser


def _check(check: argparse.ArgumentParser) -> None:
    check.add_argument("paths", nargs="+", metavar="PATH")
    # Diagnostics go to stdout as text whatever stdout is: the concise form when it is not a
    # terminal (`slac.render`), so JSON is only ever asked for.
    _add_format(check, ("json", "text"), "default: text")


def add_event_input(command: argparse.ArgumentParser) -> None:
    """An events file and how to read it: what every command that reads ticket events takes
    (`budget` too, from `slac.cli.commands.budget`)."""
    command.add_argument(
        "events", metavar="EVENTS", help="JSON Lines file, or - for standard input"
    )
    command.add_argument("--at", metavar="T", help="ISO 8601 instant with an offset (default: now)")
    command.add_argument(
        "--skip-invalid",
        action="store_true",
        help="report invalid event lines as warnings and go on",
    )
    _add_problems_format(command)


def _ticket_run(command: argparse.ArgumentParser) -> None:
    """What `evaluate`, `report` and `due` share; each takes a policy or a desk file (`.desk`,
    docs/desk.md)."""
    command.add_argument("policy", metavar="POLICY")
    _add_versions(command)
    add_event_input(command)


def _add_versions(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--versions",
        choices=("created", "at"),
        default="created",
        help="a desk's dated versions: judge a ticket by the one in force when it was "
        "created (default) or at --at",
    )


def _evaluate(evaluate: argparse.ArgumentParser) -> None:
    _ticket_run(evaluate)
    _add_format(evaluate, FORMATS_REPORT, _TABLE_ON_A_TERMINAL)
    evaluate.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="JSON from one policy: tickets shared among N processes, the same output "
        "(default: 2 from 50,000 events on two or more CPUs, else 1)",
    )


def _report(report: argparse.ArgumentParser) -> None:
    _ticket_run(report)
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


def _due(due: argparse.ArgumentParser) -> None:
    due.add_argument(
        "--within",
        metavar="DURATION",
        help="only metrics due within this span of --at (2h, 90m, 1d)",
    )
    _ticket_run(due)
    _add_format(due, ("json", "table"), _TABLE_ON_A_TERMINAL)


def _availability(availability: argparse.ArgumentParser) -> None:
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


def _trace(trace: argparse.ArgumentParser) -> None:
    trace.add_argument(
        "policy", metavar="POLICY", help="a policy, or a desk file (.desk, docs/desk.md)"
    )
    trace.add_argument("events", metavar="EVENTS", help="JSON Lines file, or - for standard input")
    trace.add_argument("ticket", metavar="TICKET", help="the ticket's id")
    _add_versions(trace)
    trace.add_argument("--at", metavar="T", help="ISO 8601 instant with an offset (default: now)")
    _add_problems_format(trace)
    _add_format(trace, ("json", "table"), _TABLE_ON_A_TERMINAL)


def _test(test: argparse.ArgumentParser) -> None:
    test.add_argument("paths", nargs="+", metavar="PATH")
    _add_format(test, ("json", "text"), "default: text")
    test.add_argument(
        "--trace",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="under a failed expectation about a ticket's metric, its trace (default: on)",
    )


def _fmt(fmt: argparse.ArgumentParser) -> None:
    fmt.add_argument("paths", nargs="+", metavar="PATH")
    fmt.add_argument(
        "--check", action="store_true", help="write nothing; list the files that would change"
    )
    fmt.add_argument("--diff", action="store_true", help="write nothing; print the changes")


def _explain(explain: argparse.ArgumentParser) -> None:
    explain.add_argument("code", metavar="CODE")


def _budget(budget: argparse.ArgumentParser) -> None:
    from slac.cli.commands.budget import add_arguments

    add_arguments(budget)


def _import(import_: argparse.ArgumentParser) -> None:
    from slac.cli.commands.import_ import add_arguments

    add_arguments(import_)


def _no_arguments(command: argparse.ArgumentParser) -> None:
    pass


# Every command: its name, its line in `slac --help` (in this order), and its arguments.
COMMANDS: tuple[tuple[str, str, Callable[[argparse.ArgumentParser], None]], ...] = (
    ("check", "parse and lint .sla files (a folder means every .sla below it)", _check),
    ("evaluate", "SLA state of every ticket in EVENTS at an instant", _evaluate),
    ("report", "monthly compliance per metric and priority", _report),
    ("due", "running metrics by due instant, with the warning threshold each crossed", _due),
    ("availability", "monthly availability, service credits, material breach", _availability),
    ("trace", "one ticket's clocks as a timeline: why each metric has its state", _trace),
    ("test", "run the policy tests (.slatest files) under PATH", _test),
    ("fmt", "rewrite .sla files in the canonical layout, comments kept", _fmt),
    ("explain", "what a diagnostic code means and how to fix it", _explain),
    ("budget", "support budget used and left per month", _budget),
    ("import", "convert a helpdesk export into ticket events", _import),
    ("lsp", "a Language Server Protocol server on standard input and output", _no_arguments),
)
