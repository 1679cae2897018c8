"""Throughput and memory of `slac evaluate --format json`, end to end, against parsing alone.

    .venv/bin/python bench/bench_evaluate.py [--sizes 10000 100000 1000000] [--repeat 3]

For each size, `bench/gen_events.py` writes a synthetic Impero event file (cached under
`--data`, default /tmp/slac-bench). Side by side in one run, each in a fresh process with
stdout to /dev/null:

- parse: `for line in file: json.loads(line)`, the floor any JSON Lines reader pays;
- slac: `slac evaluate policies/impero.sla FILE --at T --format json` (start-up, policy load,
  validation, evaluation, JSON output).

Wall time is the best of `--repeat` runs; peak memory is the child's max RSS from `os.wait4`.
Printed as a Markdown table with the ratio slac/parse and how time and memory grow per
10x events (goals: ratio <= 3, < 1 GB at 10^6, growth ~10x per 10x). Then the same for the
ServiceNow log (converted once by `slac import servicenow`; `--log PATH`, by default a
`shared/data` folder beside the checkout) against examples/servicenow/servicenow.sla, and the
agreement of its `resolution` states with the log's final `made_sla` flags.
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


def events_file(data: Path, size: int) -> Path:
    path = data / f"impero-{size}.jsonl"
    if not path.exists():
        data.mkdir(parents=True, exist_ok=True)
        with open(path.with_suffix(".tmp"), "w", encoding="utf-8") as out:
            subprocess.run(
                [PYTHON, str(ROOT / "bench/gen_events.py"), "--events", str(size)],
                stdout=out,
                check=True,
            )
        path.with_suffix(".tmp").rename(path)
    return path


def measure(argv: list[str]) -> tuple[float, int]:
    """(wall seconds, peak RSS bytes) of one child process."""
    with open(os.devnull, "w") as devnull:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=devnull, stderr=devnull, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {child.returncode}")
    return wall, usage.ru_maxrss * 1024  # Linux reports KiB


def best(argv: list[str], repeat: int) -> tuple[float, int]:
    runs = [measure(argv) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path("/tmp/slac-bench"))
    parser.add_argument("--no-servicenow", action="store_true", help="skip the ServiceNow log")
    parser.add_argument("--log", type=Path, default=LOG, help="the UCI ServiceNow log")
    parser.add_argument(
        "--stages", action="store_true", help="also time each stage in-process at the largest size"
    )
    args = parser.parse_args(argv)
    slac = [PYTHON, "-m", "slac.cli", "evaluate", "policies/impero.sla"]
    rows = []
    for size in args.sizes:
        path = events_file(args.data, size)
        parse_s, parse_rss = best([PYTHON, "-c", PARSE, str(path)], args.repeat)
        slac_s, slac_rss = best([*slac, str(path), "--at", AT, "--format", "json"], args.repeat)
        rows.append((size, parse_s, slac_s, parse_rss, slac_rss))
    print(
        "| events | parse s | slac s | slac/parse | slac events/s | parse peak MB | slac peak MB |"
        " time x (vs prev) | memory x (vs prev) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    previous = None
    for size, parse_s, slac_s, parse_rss, slac_rss in rows:
        growth = (
            ("", "")
            if previous is None
            else (f"{slac_s / previous[2]:.1f}", f"{slac_rss / previous[4]:.1f}")
        )
        print(
            f"| {size:,} | {parse_s:.2f} | {slac_s:.2f} | {slac_s / parse_s:.2f} | {size / slac_s:,.0f} |"
            f" {parse_rss / 2**20:.0f} | {slac_rss / 2**20:.0f} | {growth[0]} | {growth[1]} |"
        )
        previous = (size, parse_s, slac_s, parse_rss, slac_rss)
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
from slac.cli.commands.evaluate import write_json
from slac.evaluation.batch import Batch
from slac.inputs.events import EventReader
policy = slac.load("policies/impero.sla")
t1 = clock()
for line in open(sys.argv[1], encoding="utf-8"):
    json.loads(line)
t2 = clock()
reader = EventReader(policy)
events = reader.read(read_lines(sys.argv[1]))  # as `slac evaluate` reads
t3 = clock()
batch = Batch(policy, events, %d, reader._check_ticket_order)
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
    parse_s, _ = best([PYTHON, "-c", PARSE, str(path)], repeat)
    slac_s, slac_rss = best(argv, repeat)
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
