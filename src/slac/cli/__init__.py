"""The `slac` command line (docs/formats.md#command-line): the run as a whole.

`main` owns what every command shares: the options (`slac.cli.parser`), the standard streams
(`slac.cli.streams` decides what a failed write means), Ctrl-C (exit 130, no traceback, from
the moment slac's own code runs: this module loads nothing at import but `os` and `sys`, which
Python has loaded already), and the exit status. The `slac` console script runs `console`,
which ends the process without freeing its objects one by one (`main` itself returns). Each subcommand lives in
`slac.cli.commands.<name>` with a `run(args) -> int`; imports are lazy so `slac check` starts
fast.
"""

from __future__ import annotations

import os
import sys

INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a program stopped by Ctrl-C
INTERNAL_ERROR = 2


def _default_format(output: str | None) -> str:
    """Table for a terminal; for `-o FILE` the format its suffix names; else JSON."""
    if output is not None and output != "-":
        suffix = output.rsplit(".", 1)[-1].lower() if "." in output else ""
        return suffix if suffix in ("html", "csv") else "json"
    return "table" if sys.stdout.isatty() else "json"


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit status (docs/formats.md#command-line).

    A usage error or `--help` raises SystemExit as argparse does, with the status settled the
    same way (`slac --help >/dev/full` is exit 2 with a message, not a silent 0).
    """
    try:
        from slac.cli.streams import guarded_streams, settle

        with guarded_streams() as (out, err):
            try:
                status = _run(argv)
            except SystemExit as stop:
                raise SystemExit(settle(_exit_code(stop.code), out, err)) from None
            except KeyboardInterrupt:
                out.flush()  # what was written so far, or nothing if that fails too
                return INTERRUPTED
            except Exception as error:  # a bug in slac, not the user's input: no traceback
                if os.environ.get("SLAC_TRACEBACK"):
                    raise
                err.write(
                    f"slac: internal error ({type(error).__name__}: {error}); this is a bug in "
                    "slac, please report it (SLAC_TRACEBACK=1 shows where it happened)\n"
                )
                status = INTERNAL_ERROR
            return settle(status, out, err)
    except KeyboardInterrupt:  # while the streams were being set up or settled
        return INTERRUPTED


def console() -> None:
    """The `slac` console script: `main`, then the process ends as soon as the standard streams
    are flushed, skipping the teardown of the heap (freeing millions of events and results
    one by one was 12% of `slac evaluate` at 10^6 events). slac registers nothing to run at
    exit. If a final flush fails, the interpreter's own exit takes over, as it always did, so
    the status and message are today's (`slac.cli.streams` has settled standard output by
    then; this is the interpreter's last word on whatever is left)."""
    try:
        status = main()
    except SystemExit as stop:  # usage errors and --help, their status already settled
        if not isinstance(stop.code, int):
            raise
        status = stop.code
    except KeyboardInterrupt:  # after `main` gave up its guard
        status = INTERRUPTED
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(status)
    os._exit(status)


def _run(argv: list[str] | None) -> int:
    import importlib

    from slac.cli.parser import build_parser

    args = build_parser().parse_args(argv)
    if getattr(args, "format", "unset") is None:
        args.format = _default_format(getattr(args, "output", None))
        if args.command in ("check", "test"):
            args.format = "text"
    from slac.cli.commands._common import CommandError, fail, without_cycle_collector

    name = "import_" if args.command == "import" else args.command  # `import` is a keyword
    module = importlib.import_module(f"slac.cli.commands.{name}")
    try:
        if args.command == "lsp":  # a server: it runs for hours, its cycles must be collected
            status: int = module.run(args)
        else:  # a run over its inputs, then the process ends
            with without_cycle_collector():
                status = module.run(args)
        return status
    except CommandError as error:  # a user-facing failure: its message, exit 2
        return fail(error)


def _exit_code(code: object) -> int:
    """SystemExit's code as an exit status (argparse gives 0 or 2)."""
    if code is None:
        return 0
    return code if isinstance(code, int) else INTERNAL_ERROR
