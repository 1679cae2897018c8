"""`slac evaluate` as a Spark job: event files in, metric, problem, report and budget tables out.

    spark-submit --master yarn "$(python -c 'import slac.spark.job as j; print(j.__file__)')" \\
        POLICY EVENTS [EVENTS ...] --at T --out DIR [--strict] [--partitions N] [--format F]
    python -m slac.spark.job ... --master 'local[2]'       # the same on this machine

EVENTS are JSON Lines files (read and checked as `slac evaluate` reads them) or Parquet files
and folders (`.parquet`, or `--input parquet`; a frame with the columns of docs/formats.md#ticket-events). Written
under DIR: `metrics/`, `problems/`, `report/` and, for a policy with a budget, `budget/` (its
months, docs/spark.md#the-support-budget), as Parquet (`--format parquet`, the default) or
JSON Lines (`--format json`). A cluster job's output is tables where the cluster writes, not
one document on the driver's stdout: that is why this is a job for `spark-submit`, which owns
the cluster's settings (master, executors, memory), rather than a flag of `slac evaluate`
(docs/spark.md).

Exit status: 0 when evaluated (problems, if any, are in `problems/` and counted on stderr);
2 for a usage error, a policy with errors, or any invalid event with `--strict` (the first
ones on stderr, nothing written).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from slac.cli.commands._common import CommandError, fail, load_policy, parse_at


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slac.spark.job", description="Evaluate ticket events on Apache Spark."
    )
    parser.add_argument("policy", metavar="POLICY")
    parser.add_argument("events", metavar="EVENTS", nargs="+", help="JSON Lines or Parquet")
    parser.add_argument("--at", required=True, metavar="T", help="ISO 8601 instant with offset")
    parser.add_argument("--out", required=True, metavar="DIR", help="where the tables go")
    parser.add_argument("--input", choices=("auto", "jsonl", "parquet"), default="auto")
    parser.add_argument("--format", choices=("parquet", "json"), default="parquet")
    parser.add_argument("--strict", action="store_true", help="fail on any invalid event")
    parser.add_argument("--partitions", type=int, metavar="N", help="ticket partitions")
    parser.add_argument("--order-by", metavar="COLUMN", help="Parquet: the input order column")
    parser.add_argument("--master", help="only outside spark-submit, e.g. 'local[2]'")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except CommandError as error:
        return fail(error)


def _run(args: argparse.Namespace) -> int:
    from pyspark.sql import SparkSession

    from slac.spark.engine import EventProblems, evaluate_frame, evaluate_json_lines

    at = parse_at(args.at)
    policy = load_policy(args.policy)
    if args.master:
        from slac.spark.session import local_session

        spark = local_session(args.master)
    else:
        spark = SparkSession.builder.appName("slac").getOrCreate()
    try:
        if _is_parquet(args):
            frame = spark.read.parquet(*args.events)
            result = evaluate_frame(
                frame,
                policy,
                at=at,
                source=",".join(args.events),
                order_by=args.order_by,
                strict=args.strict,
                partitions=args.partitions,
            )
        else:
            result = evaluate_json_lines(
                spark, policy, args.events, at=at, strict=args.strict, partitions=args.partitions
            )
    except EventProblems as error:
        raise CommandError(str(error)) from None
    tables = {
        "metrics": result.metrics,
        "problems": result.problems,
        "report": result.report_frame(),
    }
    if policy.budget is not None:  # `slac budget`'s months; no table for a policy without one
        tables["budget"] = result.budget_frame()
    for name, table in tables.items():
        table.write.mode("overwrite").format(args.format).save(f"{args.out}/{name}")
    problems = result.problems.count()
    if problems:
        plural = "s" if problems > 1 else ""
        sys.stderr.write(f"slac: {problems} invalid event{plural}, listed in {args.out}/problems\n")
    result.unpersist()
    return 0


def _is_parquet(args: argparse.Namespace) -> bool:
    if args.input != "auto":
        return bool(args.input == "parquet")
    return all(path.rstrip("/").endswith(".parquet") for path in args.events)


if __name__ == "__main__":
    sys.exit(main())
