"""The `slac` command line (docs/formats.md#command-line): the run as a whole.

`main` owns what every command shares: the options (`slac.cli.parser`), the standard streams
(`slac.cli.streams` decides what a failed write means), Ctrl-C (exit 130, no traceback, from
the moment slac's own code runs: this module loads nothing at import but `os` and `sys`, which
Python has loaded already), and the exit status. Each subcommand lives in
`slac.cli.commands.<name>` with a `run(args) -> int`; imports are lazy so `slac check` starts
fast.
"""

from __future__ import annotations

import os
import sys

INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a program stopped by Ctrl-C
INTERNAL_ERROR = 2


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


def _run(argv: list[str] | None) -> int:
    import importlib

    from slac.cli.parser import build_parser

    args = build_parser().parse_args(argv)
    if getattr(args, "format", "unset") is None:
        args.format = "table" if sys.stdout.isatty() else "json"
        if args.command in ("check", "test"):
            args.format = "text"
    from slac.cli.commands._common import CommandError, fail

    name = "import_" if args.command == "import" else args.command  # `import` is a keyword
    module = importlib.import_module(f"slac.cli.commands.{name}")
    try:
        status: int = module.run(args)
        return status
    except CommandError as error:  # a user-facing failure: its message, exit 2
        return fail(error)


def _exit_code(code: object) -> int:
    """SystemExit's code as an exit status (argparse gives 0 or 2)."""
    if code is None:
        return 0
    return code if isinstance(code, int) else INTERNAL_ERROR
