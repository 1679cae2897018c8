"""Benchmark: parse + check per shipped policy in-process, and `slac check policies/` as a process.

Goals (issue 2): parse + check under 20 ms per policy once the grammar is built; the whole
command under 0.5 s including interpreter start. Run from the repository root:

    .venv/bin/python bench/bench_check.py            # prints a Markdown report

In-process figures are medians of repeated runs after one warm-up (the parser is built and the
zone/holiday lookups are cached by then, as in a long-lived editor integration); the first,
cold call is reported too, since a single `slac check` pays it. The whole-process figures are
medians of 10 runs beside two peers measured in the same run: a bare interpreter start and
`import slac.cli`, so the ratios show what slac itself adds.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLICIES = sorted((ROOT / "policies").glob("*.sla"))
RUNS = 50
PROCESS_RUNS = 10


def median_ms(action, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def in_process() -> list[tuple[str, float, float, float, float]]:
    from slac.check import run_checks
    from slac.source import Source
    from slac.syntax import parse_source

    rows = []
    first = True
    for path in POLICIES:
        source = Source(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"))
        start = time.perf_counter()
        module, _ = parse_source(source)
        run_checks(module, source)
        cold = (time.perf_counter() - start) * 1000
        parse = median_ms(lambda source=source: parse_source(source), RUNS)
        check = median_ms(lambda module=module, source=source: run_checks(module, source), RUNS)
        rows.append(
            (
                source.path + (" (first: builds the parser)" if first else ""),
                cold,
                parse,
                check,
                parse + check,
            )
        )
        first = False
    return rows


def process(argv: list[str]) -> float:
    def action():
        result = subprocess.run(argv, cwd=ROOT, capture_output=True)
        assert result.returncode == 0, result.stderr

    return median_ms(action, PROCESS_RUNS)


def main() -> None:
    print(f"# `slac check` speed\n\nPython {sys.version.split()[0]}, {sys.platform}; medians.\n")
    print("## Parse + check per policy, in-process\n")
    print("| policy | first call (ms) | parse (ms) | check (ms) | parse + check (ms) |")
    print("|---|---:|---:|---:|---:|")
    for name, cold, parse, check, total in in_process():
        print(f"| {name} | {cold:.1f} | {parse:.2f} | {check:.2f} | {total:.2f} |")
    python = sys.executable
    bare = process([python, "-c", "pass"])
    imported = process([python, "-c", "import slac.cli"])
    whole = process([python, "-m", "slac.cli", "check", "policies/"])
    print(f"\n## `slac check policies/` as a whole process ({PROCESS_RUNS} runs)\n")
    print("| command | median (ms) | x bare interpreter |")
    print("|---|---:|---:|")
    for label, value in (
        ("`python -c pass` (peer: interpreter start)", bare),
        ("`python -c 'import slac.cli'` (peer: CLI import)", imported),
        ("`python -m slac.cli check policies/`", whole),
    ):
        print(f"| {label} | {value:.0f} | {value / bare:.1f} |")


if __name__ == "__main__":
    main()
