"""Benchmark: `slac evaluate` as a whole process, before/after and `--jobs`, beside the json floor.

    .venv/bin/python bench/bench_batch.py EVENTS... [--src before=/path/to/src] [--jobs 1 2]

For each events file: the floor (`for line in f: json.loads(line)`, in a process of its own)
and `slac evaluate policies/impero.sla EVENTS --at 2026-12-31T00:00:00Z --format json > /dev/null`
for each source tree (`--src NAME=PATH`, run with that tree first on PYTHONPATH; `this` is the
checkout the script is in) and each `--jobs` value. The runs alternate (every variant once,
then every variant again, `--repeat` times) so load on a shared machine falls on all of them;
each cell is the best of the repeats: wall seconds, CPU seconds (user + system of the process
and its children, from `os.wait4`), peak RSS in MiB (the largest process). Prints Markdown.
A variant whose output differs from the first one's is flagged: they must be byte-identical.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AT = "2026-12-31T00:00:00Z"
FLOOR = "import json, sys\nfor line in open(sys.argv[1], encoding='utf-8'):\n    json.loads(line)\n"


def measure(
    argv: list[str], env: dict[str, str], piped: Path | None = None
) -> tuple[float, float, float, str]:
    """Wall s, CPU s, peak MiB, and a digest of standard output, of one process; with `piped`,
    that file comes into its standard input through a pipe, from `cat`."""
    digest = hashlib.sha256()
    start = time.perf_counter()
    feeder = (
        None if piped is None else subprocess.Popen(["cat", str(piped)], stdout=subprocess.PIPE)
    )
    stdin = subprocess.DEVNULL if feeder is None else feeder.stdout
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stdin=stdin)
    if feeder is not None:
        assert feeder.stdout is not None
        feeder.stdout.close()  # the child holds its own end
    assert process.stdout is not None
    while chunk := process.stdout.read(1 << 20):
        digest.update(chunk)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{argv} exited {process.returncode}")
    if feeder is not None:
        feeder.wait()
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, digest.hexdigest()


def arguments(doc: str) -> argparse.ArgumentParser:
    """The arguments both scripts take (this one's, bench_jobs_read.py's)."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("events", nargs="+", type=Path)
    parser.add_argument("--src", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--jobs", nargs="+", default=["1", "2"])
    parser.add_argument("--repeat", type=int, default=3)
    return parser


def source_trees(args: argparse.Namespace) -> list[tuple[str, str]]:
    """(name, src folder): this checkout's, then each `--src NAME=PATH`."""
    return [("this", str(ROOT / "src"))] + [
        (name, path) for name, path in (s.split("=", 1) for s in args.src)
    ]


def main() -> int:
    args = arguments(__doc__).parse_args()
    trees = source_trees(args)
    for events in args.events:
        variants: list[tuple[str, list[str], dict[str, str]]] = [
            ("json.loads floor", [sys.executable, "-c", FLOOR, str(events)], dict(os.environ))
        ]
        for name, src in trees:
            env = {**os.environ, "PYTHONPATH": src}
            base = [sys.executable, "-m", "slac.cli", "evaluate", str(ROOT / "policies/impero.sla")]
            base += [str(events), "--at", AT, "--format", "json"]
            for jobs in args.jobs if name == "this" else [None]:
                label = name if jobs is None else f"{name} --jobs {jobs}"
                variants.append((label, base + ([] if jobs is None else ["--jobs", jobs]), env))
        best: dict[str, tuple[float, float, float, str]] = {}
        for _ in range(args.repeat):
            for label, argv, env in variants:
                got = measure(argv, env)
                old = best.get(label)
                best[label] = (
                    got
                    if old is None
                    else (min(old[0], got[0]), min(old[1], got[1]), min(old[2], got[2]), got[3])
                )
        floor = best["json.loads floor"][0]
        outputs = {best[label][3] for label, _, _ in variants[1:]}
        print(f"\n{events.name}: best of {args.repeat}, alternating\n")
        print("| run | wall s | CPU s | peak MiB | wall / floor |")
        print("|---|---:|---:|---:|---:|")
        for label, _, _ in variants:
            wall, cpu, rss, _ = best[label]
            print(f"| {label} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {wall / floor:.2f} |")
        if len(outputs) > 1:
            print("\n**outputs differ between the variants**")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
