"""Benchmark: `slac evaluate --jobs N` with the parent's and the children's CPU apart.

    .venv/bin/python bench/bench_jobs_read.py EVENTS... [--src before=/path/to/src] [--jobs 1 2]
        [--stdin]

Like bench/bench_batch.py (the floor `for line in f: json.loads(line)` in a process of its own,
variants alternating, best of `--repeat`), but each `slac evaluate policies/impero.sla EVENTS
--at 2026-12-31T00:00:00Z --format json > (a digest)` runs `slac.cli.main` under a small
wrapper that reports, once the command is done, its own CPU and peak RSS and those of its
reaped children (`resource.getrusage` SELF and CHILDREN): on a shared machine the parent's CPU
is what sets the wall of `--jobs 2` on an idle one, and the largest process's peak is what
must stay under the budget. With `--stdin`, slac reads `-` and the file comes through a pipe
(`cat FILE |`). Prints Markdown; a variant whose output differs is flagged.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from bench_batch import AT, FLOOR, ROOT, arguments, measure, source_trees

WRAPPER = """\
import json, os, resource, sys
from slac.cli import main
status = main(sys.argv[1:])
sys.stdout.flush()
me, kids = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
with open(os.environ["BENCH_USAGE"], "w") as out:
    json.dump([me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime,
               me.ru_maxrss / 1024, kids.ru_maxrss / 1024], out)
os._exit(status)
"""

Cell = tuple[
    float, float, float, float, float, str
]  # wall, parent CPU, children CPU, MiB x2, digest


def run(argv: list[str], env: dict[str, str], usage: Path, piped: Path | None) -> Cell:
    wall, cpu, rss, digest = measure(
        argv, env, piped if argv[1] == "-c" and argv[2] == WRAPPER else None
    )
    if argv[1] != "-c" or argv[2] != WRAPPER:
        return wall, cpu, 0.0, rss, 0.0, digest
    parent, children, parent_rss, child_rss = json.loads(usage.read_text())
    return wall, parent, children, parent_rss, child_rss, digest


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--stdin", action="store_true", help="slac reads the events from a pipe")
    args = parser.parse_args()
    trees = source_trees(args)
    usage = Path(tempfile.mkdtemp()) / "usage.json"
    for events in args.events:
        variants = [
            ("json.loads floor", [sys.executable, "-c", FLOOR, str(events)], dict(os.environ))
        ]
        for name, src in trees:
            env = {**os.environ, "PYTHONPATH": src, "BENCH_USAGE": str(usage)}
            base = [sys.executable, "-c", WRAPPER, "evaluate", str(ROOT / "policies/impero.sla")]
            base += ["-" if args.stdin else str(events), "--at", AT, "--format", "json"]
            for jobs in args.jobs:
                variants.append((f"{name} --jobs {jobs}", [*base, "--jobs", jobs], env))
        best: dict[str, Cell] = {}
        for _ in range(args.repeat):
            for label, argv, env in variants:
                got = run(argv, env, usage, events if args.stdin else None)
                old = best.get(label, got)
                best[label] = (*(min(a, b) for a, b in zip(old[:5], got[:5], strict=True)), got[5])  # type: ignore[assignment]
        floor = best["json.loads floor"][0]
        print(f"\n{events.name}: best of {args.repeat}, alternating (each column its own best)\n")
        print(
            "| run | wall s | parent CPU s | children CPU s | parent MiB | child MiB | wall / floor |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        for label, _, _ in variants:
            wall, parent, children, parent_rss, child_rss, _ = best[label]
            print(
                f"| {label} | {wall:.2f} | {parent:.2f} | {children:.2f} | {parent_rss:.0f} | "
                f"{child_rss:.0f} | {wall / floor:.2f} |"
            )
        if len({best[label][5] for label, _, _ in variants[1:]}) > 1:
            print("\n**outputs differ between the variants**")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
