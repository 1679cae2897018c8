"""Benchmark: start-up of `slac check policies/` and of `slac evaluate` on an empty input.

Goal (issue 16): each under 0.2 s as a whole process on the development container, interpreter
included. Medians of 10 wall-clock runs beside a bare interpreter start and `import slac.cli`,
measured in the same run. Run from the repository root:

    .venv/bin/python bench/bench_startup.py          # prints a Markdown table

`SLAC_SRC=/path/to/other/src` measures another checkout's code with the same interpreter (the
"before" column of bench/README.md#start-up was taken that way from the previous commit).
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
RUNS = 10
AT = ("--at", "2026-03-01T00:00:00Z")


def median_s(argv: list[str], env: dict[str, str]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    env = dict(os.environ)
    if "SLAC_SRC" in os.environ:
        env["PYTHONPATH"] = os.environ["SLAC_SRC"]
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.jsonl"
        empty.write_text("")
        slac = [sys.executable, "-m", "slac.cli"]
        rows = [
            ("bare interpreter (`python -c pass`)", [sys.executable, "-c", "pass"]),
            ("`import slac.cli`", [sys.executable, "-c", "import slac.cli"]),
            ("`slac check policies/`", [*slac, "check", str(ROOT / "policies")]),
            (
                "`slac evaluate policies/elb.sla EMPTY --at 2026-03-01T00:00:00Z`",
                [*slac, "evaluate", str(ROOT / "policies/elb.sla"), str(empty), *AT],
            ),
        ]
        print("| process | median of 10 |")
        print("|---|---|")
        for label, argv in rows:
            print(f"| {label} | {median_s(argv, env) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
