"""`slac explain CODE`: what a diagnostic code means and how to fix it (exit 2 for no such code)."""

from __future__ import annotations

import argparse
import difflib
import sys

from slac.cli.commands._common import USAGE_EXIT


def run(args: argparse.Namespace) -> int:
    from slac.codes import ALL_CODES, explain

    text = explain(args.code)
    if text is not None:
        sys.stdout.write(text)
        return 0
    close = difflib.get_close_matches(args.code.upper(), ALL_CODES, n=3)
    hint = f" (did you mean {', '.join(f'`{c}`' for c in close)}?)" if close else ""
    sys.stderr.write(f"slac: `{args.code}` is not a diagnostic code{hint}\n")
    return USAGE_EXIT
