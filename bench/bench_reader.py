"""The event reader's fast path and the console script's quick exit, against a previous checkout.

    .venv/bin/python bench/bench_reader.py --base ../slac-before FILE [FILE ...]

For each events file (`gen_events.py --events N`, and `--dense`), every figure in a fresh
process, the variants alternating, best of `--repeat`:

- floor: `for line in f: json.loads(line)`, CPU;
- read: `EventReader(policy).read(enumerate(f, 1))` in-process, CPU, cyclic GC off as `slac
  evaluate` runs it: the base checkout's reader, this tree's reference path (`fast=False`) and
  its default (the fast path after the first lines);
- evaluate: `slac evaluate policies/impero.sla FILE --at 2026-12-31T00:00:00Z` as a whole
  process, wall, CPU (user + system) and peak RSS: the base checkout (`python -m slac.cli`), this tree
  through `python -m slac.cli` (the interpreter's exit: the reader alone) and through the
  `slac` console script (the reader and the quick exit, `slac.cli.console`).

`--base` is a checkout (or `git archive`) of the code before; its `src` is put first on
`PYTHONPATH`. Output goes to /dev/null.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SCRIPT = str(Path(PYTHON).parent / "slac")
AT = "2026-12-31T00:00:00Z"

FLOOR = """
import json, sys, time
t = time.process_time()
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        json.loads(line)
print(time.process_time() - t)
"""

READ = """
import gc, sys, time
from slac.loader import load
from slac.inputs.reader import EventReader
policy = load(sys.argv[2])
options = {"fast": False} if sys.argv[3] == "reference" else {}
with open(sys.argv[1], encoding="utf-8-sig") as f:
    gc.disable()
    t = time.process_time()
    events = EventReader(policy, sys.argv[1], **options).read(enumerate(f, 1))
    print(time.process_time() - t)
"""


def measure(argv: list[str], pythonpath: str | None = None) -> tuple[float, float, float]:
    """(wall s, CPU user + system s, peak RSS MB) of one process, its output thrown away."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{argv}: exit {process.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def printed(argv: list[str], pythonpath: str | None = None) -> float:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    return float(subprocess.run(argv, capture_output=True, env=env, check=True, text=True).stdout)


def bench(path: str, base: Path, repeat: int) -> None:
    policy = str(ROOT / "policies/impero.sla")
    base_src = str(base / "src")
    floor, reads, runs = [], {}, {}
    evaluate = ["evaluate", policy, path, "--at", AT]
    for _ in range(repeat):
        floor.append(printed([PYTHON, "-c", FLOOR, path]))
        for name, mode, where in (
            ("base", "default", base_src),
            ("reference", "reference", None),
            ("fast", "default", None),
        ):
            reads.setdefault(name, []).append(
                printed([PYTHON, "-c", READ, path, policy, mode], where)
            )
        for name, argv, where in (
            ("base", [PYTHON, "-m", "slac.cli", *evaluate], base_src),
            ("reader", [PYTHON, "-m", "slac.cli", *evaluate], None),
            ("reader+exit", [SCRIPT, *evaluate], None),
        ):
            runs.setdefault(name, []).append(measure(argv, where))
    best = min(floor)
    print(f"{Path(path).name}: json.loads floor {best:.2f} s CPU")
    for name, times in reads.items():
        print(f"  read   {name:12s} {min(times):6.2f} s CPU   (all: {_all(times)})")
    for name, triples in runs.items():
        wall = min(w for w, _, _ in triples)
        cpu = min(c for _, c, _ in triples)
        rss = min(r for _, _, r in triples)
        print(
            f"  evaluate {name:12s} wall {wall:6.2f} s ({wall / best:.2f}x floor)  "
            f"CPU {cpu:6.2f} s ({cpu / best:.2f}x)  peak {rss:4.0f} MB"
            f"   (walls: {_all([w for w, _, _ in triples])})"
        )


def _all(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--base", type=Path, required=True, help="a checkout of the code before")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for path in args.files:
        bench(path, args.base, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
