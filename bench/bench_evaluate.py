"""Throughput and memory of `slac evaluate --format json`, end to end, against parsing alone.

    .venv/bin/python bench/bench_evaluate.py [--sizes 10000 100000 1000000 3000000]
        [--loads project dense] [--jobs 1 2] [--previous PATH/TO/slac] [--repeat 3]
        [--format json|csv]

For each load and size, `bench/gen_events.py` writes a synthetic Impero event file (cached
under `--data`, default /tmp/slac-bench): `project` is the sorted project load, `dense` the
unsorted dense one (`--dense`: regions, matrix re-derivation, pauses, code fixes). Side by
side in one run, each in a fresh process with stdout to /dev/null:

- `json.loads`: `for line in file: json.loads(line)`, the floor any JSON Lines reader pays;
- `previous`: the previous release's `slac evaluate` (`--previous`, an executable installed
  from an older commit, e.g. `git worktree add /tmp/prev COMMIT` and `pip install -e /tmp/prev`
  in a venv of its own);
- `slac --jobs N`: `slac evaluate policies/impero.sla FILE --at T --format json --jobs N`
  (start-up, policy load, validation, evaluation, JSON output); `--format csv` runs the
  previous release and slac with `--format csv` instead.

Wall time and CPU time (user + system, workers included) are the best of `--repeat` runs;
peak memory is the largest process's max RSS from `os.wait4`. Printed as a Markdown table with
each command's ratio to the floor. Then the ServiceNow log (converted once by
`slac import servicenow`; `--log PATH`, by default a `shared/data` folder beside the checkout)
against examples/servicenow/servicenow.sla, and the agreement of its `resolution` states with
the log's final `made_sla` flags.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from slac.evaluation import instant

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
AT = "2026-12-31T00:00:00Z"  # after every generated event: every ticket is judged
LOG = ROOT.parent / "shared" / "data" / "uci_incident_event_log.csv.gz"  # optional, not shipped
PARSE = "import json,sys\nloads=json.loads\nfor line in open(sys.argv[1], encoding='utf-8'): loads(line)\n"


LOADS = {
    # name: the generator's options (bench/gen_events.py)
    "project": [],
    "dense": ["--dense"],
}


def events_file(data: Path, size: int, load: str = "project") -> Path:
    name = f"impero-{size}.jsonl" if load == "project" else f"impero-{load}-{size}.jsonl"
    path = data / name
    if not path.exists():
        data.mkdir(parents=True, exist_ok=True)
        with open(path.with_suffix(".tmp"), "w", encoding="utf-8") as out:
            subprocess.run(
                [PYTHON, str(ROOT / "bench/gen_events.py"), "--events", str(size), *LOADS[load]],
                stdout=out,
                check=True,
            )
        path.with_suffix(".tmp").rename(path)
    return path


Run = tuple[float, float, int]  # wall seconds, CPU seconds (user + system), peak RSS bytes


def measure(argv: list[str]) -> Run:
    """One child process: wall and CPU seconds, peak RSS (of its largest process)."""
    with open(os.devnull, "w") as devnull:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=devnull, stderr=devnull, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {child.returncode}")
    cpu = usage.ru_utime + usage.ru_stime  # with the workers it forked and waited for
    return wall, cpu, usage.ru_maxrss * 1024  # Linux reports KiB


def best(argv: list[str], repeat: int) -> Run:
    runs = [measure(argv) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)


def commands(
    path: Path, previous: str | None, jobs: list[int], format: str = "json"
) -> dict[str, list[str]]:
    """Each contender's command line for one events file, in the order they run."""
    tail = [str(path), "--at", AT, "--format", format]
    found = {"json.loads": [PYTHON, "-c", PARSE, str(path)]}
    if previous:
        found["previous"] = [previous, "evaluate", "policies/impero.sla", *tail]
    for n in jobs:
        found[f"slac --jobs {n}"] = [
            *SLAC,
            "evaluate",
            "policies/impero.sla",
            *tail,
            "--jobs",
            str(n),
        ]
    return found


SLAC = [str(Path(PYTHON).parent / "slac")]  # the console script a user runs (its quick exit)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--loads", nargs="+", choices=sorted(LOADS), default=sorted(LOADS))
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--previous",
        help="a `slac` executable of the previous release, run side by side (bench/README.md)",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--data", type=Path, default=Path("/tmp/slac-bench"))
    parser.add_argument("--no-servicenow", action="store_true", help="skip the ServiceNow log")
    parser.add_argument("--log", type=Path, default=LOG, help="the UCI ServiceNow log")
    parser.add_argument(
        "--stages", action="store_true", help="also time each stage in-process at the largest size"
    )
    args = parser.parse_args(argv)
    print(
        "| load | events | command | wall s | x floor | CPU s | x floor CPU | peak MB |\n"
        "|---|---:|---|---:|---:|---:|---:|---:|"
    )
    for load in args.loads:
        for size in args.sizes:
            path = events_file(args.data, size, load)
            floor = None
            for name, command in commands(path, args.previous, args.jobs, args.format).items():
                wall, cpu, rss = best(command, args.repeat)
                floor = floor or (wall, cpu)
                print(
                    f"| {load} | {size:,} | {name} | {wall:.2f} | {wall / floor[0]:.2f} |"
                    f" {cpu:.2f} | {cpu / floor[1]:.2f} | {rss / 2**20:.0f} |",
                    flush=True,
                )
    if args.stages:
        stages(events_file(args.data, args.sizes[-1]))
    if not args.no_servicenow:
        servicenow(args.data, args.repeat, args.log)
    return 0


STAGES = """
import gc, io, json, sys, time
gc.disable()  # as `slac evaluate` runs
clock = time.perf_counter
t0 = clock()
import slac
from slac.cli.commands._common import read_lines
from slac.cli.json_output import write_json
from slac.evaluation.batch import Batch
from slac.inputs.reader import EventReader
policy = slac.load("policies/impero.sla")
t1 = clock()
for line in open(sys.argv[1], encoding="utf-8"):
    json.loads(line)
t2 = clock()
reader = EventReader(policy)
events = reader.read(read_lines(sys.argv[1]))  # as `slac evaluate` reads
t3 = clock()
batch = Batch(policy, events, %d, reader.check_ticket_order)
t4 = clock()
evaluation = batch.evaluation()
t5 = clock()
write_json(evaluation, io.StringIO())
t6 = clock()
for name, a, b in (("start-up and policy load", t0, t1), ("json.loads only (reference)", t1, t2),
                   ("read + validate (EventReader.read)", t2, t3), ("group + order check (Batch)", t3, t4),
                   ("fold + judge (Batch.evaluation)", t4, t5), ("JSON output", t5, t6)):
    print(f"| {name} | {b - a:.2f} |")
"""


def stages(path: Path) -> None:
    """Where the time goes, one in-process run (cyclic GC off, as in the command)."""
    print(f"\nStages at {path.name} (seconds, one run):\n\n| stage | s |\n|---|---:|")
    sys.stdout.flush()
    subprocess.run([PYTHON, "-c", STAGES % instant(AT), str(path)], check=True, cwd=ROOT)


def servicenow(data: Path, repeat: int, log: Path) -> None:
    """The real ServiceNow log (`slac import servicenow`) against its example policy."""
    path = data / "servicenow.jsonl"
    if not path.exists():
        data.mkdir(parents=True, exist_ok=True)
        convert = [PYTHON, "-m", "slac.cli", "import", "servicenow", str(log), "-o", str(path)]
        subprocess.run(convert, check=True, cwd=ROOT)
    with open(path, encoding="utf-8") as lines:
        size = sum(1 for _ in lines)
    argv = [
        PYTHON,
        "-m",
        "slac.cli",
        "evaluate",
        "examples/servicenow/servicenow.sla",
        str(path),
        "--at",
        "2017-03-01T00:00:00Z",
        "--format",
        "json",
    ]
    parse_s, _, _ = best([PYTHON, "-c", PARSE, str(path)], repeat)
    slac_s, _, slac_rss = best(argv, repeat)
    print(
        f"\nServiceNow log: {size:,} events, parse {parse_s:.2f} s, slac {slac_s:.2f} s "
        f"({slac_s / parse_s:.2f}x, {size / slac_s:,.0f} events/s), peak {slac_rss / 2**20:.0f} MB\n"
    )
    evaluation = json.loads(subprocess.run(argv, check=True, capture_output=True, cwd=ROOT).stdout)
    print(agreement(evaluation, made_sla(log)))


def made_sla(log: Path) -> dict[str, bool]:
    """{incident: `made_sla` of its last row}: the log's own verdict, for comparison only."""
    flags = {}
    with gzip.open(log, "rt", encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            flags[row["number"]] = row["made_sla"] == "true"
    return flags


def agreement(evaluation: dict, flags: dict[str, bool]) -> str:
    """Agreement table (Markdown) of slac's resolution state with the log's final made_sla."""
    table: dict[str, list[int]] = {}  # priority -> [incidents, agree, slac breached, log breached]
    for ticket in evaluation["tickets"]:
        (metric,) = [m for m in ticket["metrics"] if m["metric"] == "resolution"]
        breached, log_breached = metric["state"] == "breached", not flags[ticket["ticket"]]
        for key in (ticket["priority"], "all"):
            row = table.setdefault(key, [0, 0, 0, 0])
            row[0] += 1
            row[1] += breached == log_breached
            row[2] += breached
            row[3] += log_breached
    lines = [
        "| priority | incidents | agree | agree % | slac breached | log made_sla false |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key in sorted(table, key=lambda k: (k == "all", k)):
        n, agree, ours, theirs = table[key]
        lines.append(
            f"| {key} | {n:,} | {agree:,} | {100 * agree / n:.1f} | {ours:,} | {theirs:,} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
