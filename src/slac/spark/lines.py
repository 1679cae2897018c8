"""Event lines as a Spark frame: (source, line, order, text), from JSON Lines files or any frame.

Every input becomes JSON text first, so the executors check it with the very reader the command
line uses (`slac.inputs.events`): the same codes, the same reasons, the same decisions.

- JSON Lines files are read as text, one row per line, numbered per file. Spark gives each row
  `monotonically_increasing_id()` (its partition in the upper bits, its place in the partition
  below); one small job counts the rows of each file in each partition, and the line number is
  the count before it plus one. This relies on Spark reading a file's splits in order, which it
  does: a file's splits are contiguous, in offset order, and packed into partitions in that
  order. `order` counts lines through the files in path order (their concatenation).
- A frame with the columns of docs/formats.md#ticket-events (`at`, `event`, `ticket`, `fields` as a map or a
  struct, ...) is written row by row as a JSON object with `to_json`: a null column is an absent
  key, a timestamp `at` is written with its offset. `order` and `line` are the frame's
  `order_by` column, or else a row id (`monotonically_increasing_id()`, in the frame's order).
"""

from __future__ import annotations

from collections.abc import Sequence

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

LINE_COLUMNS = ("source", "line", "order", "text")
_LOW_BITS = (1 << 33) - 1  # monotonically_increasing_id: the row's place within its partition
_TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX"  # `Z` or the session zone's offset


def json_lines(spark: SparkSession, paths: Sequence[str]) -> DataFrame:
    """The lines of JSON Lines files, numbered per file (blank lines kept: the reader skips
    them, as `slac evaluate` does)."""
    raw = spark.read.text(list(paths)).select(
        F.col("_metadata.file_path").alias("source"),
        F.col("value").alias("text"),
        F.monotonically_increasing_id().alias("_id"),
    )
    raw = raw.select(
        "source",
        "text",
        F.shiftright("_id", 33).alias("_part"),
        F.col("_id").bitwiseAND(F.lit(_LOW_BITS)).alias("_place"),
    )
    starts = spark.createDataFrame(
        _starts(
            [
                (row[0], row[1], row[2], row[3])
                for row in raw.groupBy("source", "_part")
                .agg(F.count("*"), F.min("_place"))
                .collect()
            ]
        ),
        "source string, _part long, _first long, _line long, _order long",
    )
    offset = F.col("_place") - F.col("_first") + 1
    numbered = raw.join(F.broadcast(starts), ["source", "_part"]).select(
        "source",
        (F.col("_line") + offset).alias("line"),
        (F.col("_order") + offset).alias("order"),
        # A byte-order mark opens a file's first line only; `slac evaluate` skips it.
        F.when((F.col("_line") + offset) == 1, F.regexp_replace("text", "^\ufeff", ""))
        .otherwise(F.col("text"))
        .alias("text"),
    )
    return numbered


def _starts(counts: list[tuple[str, int, int, int]]) -> list[tuple[str, int, int, int, int]]:
    """Per (file, partition): its first row's place, and the line and order before its rows."""
    totals: dict[str, int] = {}
    for source, _, count, _ in counts:
        totals[source] = totals.get(source, 0) + count
    before_file, file_start = 0, {}
    for source in sorted(totals):
        file_start[source] = before_file
        before_file += totals[source]
    starts, seen = [], dict.fromkeys(totals, 0)
    for source, part, count, first in sorted(counts, key=lambda row: (row[0], row[1])):
        starts.append((source, part, first, seen[source], file_start[source] + seen[source]))
        seen[source] += count
    return starts


def frame_lines(frame: DataFrame, source: str, order_by: str | None = None) -> DataFrame:
    """The rows of a frame with the columns of docs/formats.md#ticket-events as JSON text lines."""
    row = F.struct(*[F.col(f"`{name}`") for name in frame.columns])
    text = F.to_json(row, {"timestampFormat": _TIMESTAMP_FORMAT, "ignoreNullFields": "true"})
    order: Column = (
        F.monotonically_increasing_id() if order_by is None else F.col(f"`{order_by}`").cast("long")
    )
    return (
        frame.select(F.lit(source).alias("source"), order.alias("order"), text.alias("text"))
        .withColumn("line", F.col("order"))
        .select(*LINE_COLUMNS)
    )
