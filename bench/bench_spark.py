"""The same events through `slac evaluate` and through `slac.spark` in local mode, and a model
of how the Spark path scales with executors.

    .venv/bin/python bench/bench_spark.py [--events 1000000] [--cores 1 2] [--partitions 16]

1. `slac evaluate policies/impero.sla FILE --at T --format json` in a fresh process, stdout to
   /dev/null (the file from `bench/gen_events.py`, cached as in `bench_evaluate.py`).
2. `slac.spark.evaluate_json_lines` on `local[N]` for each `--cores`: the metric rows written
   to Spark's `noop` sink (every row computed, nothing stored), the report and the problem
   count, all read from the one persisted evaluation; twice, cold then warm (the JVM compiles
   Spark's code paths during the first). The session's start is timed apart (a cluster pays
   it once per application, not per evaluation). Wall time and CPU time of the whole process
   tree: the machine is shared, so CPU time is the cost, wall time depends on the other load.
3. In this process, without Spark: the lines split into `--partitions` by a hash of the
   ticket, as the driver splits them, and each partition's `evaluate_lines` (what an executor
   runs) timed alone on one core. That gives partitions per core-second; list scheduling of
   those task times on E cores, plus the driver's stages and Spark's per-event cost measured
   in step 2, gives the model's wall time for E cores (bench/README.md states its assumptions).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import zlib
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_evaluate beside this script

from bench_evaluate import AT, PYTHON, ROOT, events_file

import slac
from slac.evaluation import instant
from slac.spark import evaluate_json_lines
from slac.spark.partition import Job, Line, evaluate_lines, read_releases
from slac.spark.session import local_session

POLICY = ROOT / "policies" / "impero.sla"


def command_line(path: Path) -> tuple[float, float]:
    """(wall s, CPU s) of `slac evaluate` in a fresh process."""
    argv = [PYTHON, "-m", "slac.cli", "evaluate", str(POLICY), str(path), "--at", AT]
    with open(os.devnull, "w") as devnull:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=devnull, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed")
    return wall, usage.ru_utime + usage.ru_stime


def tree_cpu() -> float:
    """CPU seconds (user + system) of this process and all its descendants (the JVM, the
    Python workers), counting children they have waited for. The machine is shared: CPU time
    is what the work costs, wall time what it took among the other loads."""
    stats: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                text = stat.read()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        stats[int(entry)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    children: dict[int, list[int]] = defaultdict(list)
    for pid, (parent, _) in stats.items():
        children[parent].append(pid)
    total, todo = 0, [os.getpid()]
    while todo:
        pid = todo.pop()
        total += stats.get(pid, (0, 0))[1]
        todo.extend(children[pid])
    return total / os.sysconf("SC_CLK_TCK")


def spark_run(
    path: Path, cores: int, partitions: int
) -> tuple[float, list[tuple[float, float]], int]:
    """(session start s, [(wall s, CPU s)] cold then warm, metric rows) on `local[cores]`."""
    start = time.perf_counter()
    spark = local_session(f"local[{cores}]", shuffle_partitions=partitions)
    spark.sparkContext.setLogLevel("ERROR")
    spark.range(1).count()  # the JVM and a first job: start-up, not evaluation
    session = time.perf_counter() - start
    policy = slac.load(POLICY)
    runs = []
    for _ in range(2):  # cold (the JVM compiling Spark's code paths), then warm
        cpu, start = tree_cpu(), time.perf_counter()
        result = evaluate_json_lines(spark, policy, [str(path)], at=AT, partitions=partitions)
        result.metrics.write.format("noop").mode("overwrite").save()
        result.report()
        problems = result.problems.count()
        rows = result.metrics.count()
        runs.append((time.perf_counter() - start, tree_cpu() - cpu))
        assert problems == 0, f"{problems} problems in a generated file"
        result.unpersist()
    spark.stop()
    return session, runs, rows


def partition_times(path: Path, partitions: int) -> tuple[list[float], float]:
    """Each partition's executor work alone on one core (s), and the driver's release read."""
    policy = slac.load(POLICY)
    at = instant(AT)
    parts: list[list[Line]] = [[] for _ in range(partitions)]
    releases: list[Line] = []
    with open(path, encoding="utf-8") as lines:
        for number, text in enumerate(lines, 1):
            d = json.loads(text)
            line = (number, str(path), number, text.rstrip("\n"))
            if d.get("event") == "release":
                releases.append(line)
            else:
                ticket = str(d.get("ticket")).encode()
                parts[zlib.crc32(ticket) % partitions].append(line)
    start = time.perf_counter()
    events, _ = read_releases(policy, releases, at)
    driver = time.perf_counter() - start
    job = Job(policy, at, events)
    times = []
    for part in parts:
        start = time.process_time()  # CPU: the machine is shared (see `tree_cpu`)
        evaluate_lines(job, part)
        times.append(time.process_time() - start)
    return times, driver


def makespan(times: list[float], cores: int) -> float:
    """Longest-first list scheduling of the task times on `cores` (Spark hands a free core the
    next pending task; longest first is within 4/3 of the best order)."""
    loads = [0.0] * cores
    for t in sorted(times, reverse=True):
        loads[loads.index(min(loads))] += t
    return max(loads)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--cores", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--partitions", type=int, default=16)
    parser.add_argument("--data", type=Path, default=Path("/tmp/slac-bench"))
    args = parser.parse_args()
    path = events_file(args.data, args.events)
    n = args.events

    cli, cli_cpu = command_line(path)
    print(f"slac evaluate: {cli:.2f} s wall, {cli_cpu:.2f} s CPU, {cli_cpu / n * 1e6:.2f} us/event")
    measured = {}
    for cores in args.cores:
        session, runs, rows = spark_run(path, cores, args.partitions)
        measured[cores] = runs[-1][1]
        for label, (wall, cpu) in zip(("cold", "warm"), runs, strict=True):
            print(
                f"slac.spark local[{cores}] {label}: evaluation {wall:.2f} s wall, "
                f"{cpu:.2f} s CPU ({rows} metric rows), {cpu / n * 1e6:.2f} CPU us/event, "
                f"{(cpu - cli_cpu) / n * 1e6:+.2f} us/event over the command"
            )
        print(f"  (session start {session:.1f} s)")

    times, driver = partition_times(path, args.partitions)
    work = sum(times)
    print(
        f"executor work alone: {work:.2f} core-s for {args.partitions} partitions "
        f"({args.partitions / work:.2f} partitions per core-second, "
        f"{n / work:,.0f} events per core-second); release read on the driver {driver:.3f} s"
    )
    # Spark's own cost per event (reading, numbering, shuffling, Arrow both ways, the persisted
    # result, the JVM's threads), from the warm one-core run: its CPU beyond the executor work.
    if 1 in measured:
        spark_cost = max(measured[1] - work, 0.0) / n
        print(f"Spark's cost beyond the executor work: {spark_cost * 1e6:.2f} core-us/event")
        print("| cores | model s (10^6 events) | model s (10^8) | measured CPU s / cores |")
        print("|---|---|---|---|")
        for cores in (1, 2, 4, 8, 16, 32, 64):
            model = makespan(times, cores) + spark_cost * n / cores
            big = makespan(times * 100, cores) + spark_cost * n * 100 / cores  # 100x partitions
            shown = f"{measured[cores] / cores:.2f}" if cores in measured else "-"
            print(f"| {cores} | {model:.2f} | {big:.0f} | {shown} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
