"""Front-end timings: parser construction (cold build vs Lark's cache), parse + build and compile
per shipped policy, and the import cost of the loader.

Run: .venv/bin/python bench/bench_parse.py   (figures from one run go to bench/parse.md)

Construction is timed in fresh interpreters (the in-process parser is cached for the process'
life), side by side in one run: without the cache file, then with it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLICIES = sorted((ROOT / "policies").glob("*.sla"))
RUNS = 50

CONSTRUCT = """
import time
from slac.syntax import parser
t = time.perf_counter()
parser.parser()
print(time.perf_counter() - t)
"""

IMPORT = """
import time
t = time.perf_counter()
import slac.loader, slac.syntax.build, slac.syntax.parser, slac.syntax.errors
print(time.perf_counter() - t)
"""


def in_fresh_process(code: str, cache_home: str) -> float:
    env = dict(os.environ, XDG_CACHE_HOME=cache_home)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def construction() -> tuple[float, float]:
    """(median cold build, median load from cache) in seconds, 5 fresh processes each."""
    cold, warm = [], []
    for _ in range(5):
        with tempfile.TemporaryDirectory() as empty:
            cold.append(in_fresh_process(CONSTRUCT, empty))
    with tempfile.TemporaryDirectory() as cache:
        in_fresh_process(CONSTRUCT, cache)  # writes the cache file
        warm.extend(in_fresh_process(CONSTRUCT, cache) for _ in range(5))
    return statistics.median(cold), statistics.median(warm)


def per_policy() -> list[tuple[str, float, float, float]]:
    """(policy, first parse+build, median parse+build, median compile) in milliseconds."""
    from slac.compile import compile_module
    from slac.syntax import build, parser

    parser.parser()
    rows = []
    for path in POLICIES:
        text = path.read_text(encoding="utf-8")
        times, compiles, first = [], [], None
        for _ in range(RUNS):
            start = time.perf_counter()
            module = build.build(parser.parse(text), text)
            middle = time.perf_counter()
            compile_module(module)
            end = time.perf_counter()
            first = first if first is not None else middle - start
            times.append(middle - start)
            compiles.append(end - middle)
        rows.append(
            (
                path.stem,
                first * 1e3,
                statistics.median(times) * 1e3,
                statistics.median(compiles) * 1e3,
            )
        )
    return rows


def main() -> None:
    cold, warm = construction()
    with tempfile.TemporaryDirectory() as cache:
        in_fresh_process(CONSTRUCT, cache)
        imports = statistics.median(in_fresh_process(IMPORT, cache) for _ in range(5))
    print(
        f"parser construction, fresh process: cold build {cold * 1e3:.1f} ms, "
        f"from cache {warm * 1e3:.1f} ms (cache is {cold / warm:.1f}x faster)"
    )
    print(f"import slac.loader + syntax modules: {imports * 1e3:.1f} ms")
    print(
        f"{'policy':12} {'first parse+build':>18} {'parse+build':>12} {'compile':>9}   (ms, median of {RUNS})"
    )
    for name, first, parse, compiled in per_policy():
        print(f"{name:12} {first:18.2f} {parse:12.2f} {compiled:9.2f}")


if __name__ == "__main__":
    main()
