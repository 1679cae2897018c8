"""`slac.spark` in Spark's local mode gives what the command line gives, row for row.

One `local[2]` session for the module (starting Spark's JVM is most of the time here). The
command line's output is the reference: `slac evaluate` / `slac report` run in-process on the
same file, their JSON compared with the Spark frames collected into the same shape.
"""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from spark_support import SPARK_MARKS

import slac
from slac.cli import main
from slac.spark import ORDER, EventProblems, evaluate_frame, evaluate_json_lines
from slac.spark.job import main as job_main
from slac.spark.lines import _starts

pytestmark = SPARK_MARKS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("learnamp", "totara", "clicklearn", "elb", "impero")
AT = "2026-04-01T00:00:00Z"  # every example month is read at its end (examples/README.md)


def cli_json(capsys, *argv: str) -> dict:
    capsys.readouterr()
    status = main(list(argv))
    out = capsys.readouterr()
    assert status == 0, out.err
    return json.loads(out.out)


def rows(document: dict) -> list[dict]:
    """The §4 document flattened: one dict per ticket, metric and cycle, in order."""
    return [
        {**{k: t[k] for k in ("ticket", "priority", "excluded")}, **m}
        for t in document["tickets"]
        for m in t["metrics"]
    ]


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_months_equal_the_command_line(spark, capsys, name):
    policy_path = str(ROOT / "policies" / f"{name}.sla")
    events_path = str(ROOT / "examples" / name / "events.jsonl")
    policy = slac.load(policy_path)
    expected = cli_json(capsys, "evaluate", policy_path, events_path, "--at", AT)
    result = evaluate_json_lines(spark, policy, [events_path], at=AT)
    try:
        got = result.to_dict()
        assert rows(got) == rows(expected)
        assert got == expected
        report = cli_json(capsys, "report", policy_path, events_path, "--at", AT)
        assert result.report().to_dict() == report
        assert result.problems.count() == 0
    finally:
        result.unpersist()


# ---------------------------------------------------------------------------------------------
# A generated load (impero's vocabulary) as a typed frame, shuffled across partitions.


def _gen_events():
    spec = importlib.util.spec_from_file_location("gen_events", ROOT / "bench" / "gen_events.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_events"] = module
    spec.loader.exec_module(module)
    return module


FIELDS = "struct<region: string, type: string, impact: string, urgency: string, product: string, code_fix: boolean>"
SCHEMA = (
    f"line long, at timestamp, event string, ticket string, priority string, fields {FIELDS}, "
    "author string, public boolean, status string, release string, kind string, "
    "products array<string>, fixes array<string>"
)
KEYS = SCHEMA.replace(f"fields {FIELDS}", "fields x").split(", ")
NAMES = [key.split(" ")[0] for key in KEYS]


def _typed_row(line: int, event: dict) -> tuple:
    at = datetime.strptime(event["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return tuple(
        line if name == "line" else at if name == "at" else event.get(name) for name in NAMES
    )


def test_generated_load_in_shuffled_partitions_equals_the_command_line(spark, capsys, tmp_path):
    lines = list(_gen_events().generate(10000, seed=7))
    path = tmp_path / "events.jsonl"
    path.write_text("".join(line + "\n" for line in lines))
    at = json.loads(lines[len(lines) // 2])["at"]  # half the events are after it: ignored
    policy_path = str(ROOT / "policies" / "impero.sla")
    expected = cli_json(capsys, "evaluate", policy_path, str(path), "--at", at)
    assert len(expected["tickets"]) > 300

    records = [_typed_row(n, json.loads(text)) for n, text in enumerate(lines, 1)]
    random.Random(3).shuffle(records)
    frame = spark.createDataFrame(records, SCHEMA).repartition(5)
    assert frame.rdd.getNumPartitions() == 5
    result = evaluate_frame(frame, slac.load(policy_path), at=at, order_by="line", partitions=6)
    try:
        assert rows(result.to_dict()) == rows(expected)
        report = cli_json(capsys, "report", policy_path, str(path), "--at", at)
        assert result.report().to_dict() == report
        assert result.problems.count() == 0
    finally:
        result.unpersist()


# ---------------------------------------------------------------------------------------------
# Invalid events: the command line's problems, as rows; strict mode fails.

TOTARA = str(ROOT / "policies" / "totara.sla")
FIRST = [  # a BOM before the first line, as some Windows tools write
    '\ufeff{"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": "T-1", "priority": "S2"}',
    "",
    "not json",
    '{"at": "2026-03-02T10:00:00Z", "event": "comment", "ticket": "T-1", "author": "bot"}',
    '{"at": "2026-03-02T10:30:00Z", "event": "comment", "ticket": "T-1", "author": "agent"}',
    '{"at": "2026-03-02T11:00:00Z", "event": "created", "ticket": "T-1", "priority": "S3"}',
    '{"at": "2026-03-02T11:00:00Z", "event": "release", "release": "1.0", "kind": "planned"}',
    '{"at": "2026-03-02T12:00:00Z", "event": "comment", "author": "agent"}',
]
SECOND = [
    '{"at": "2026-03-03T09:00:00Z", "event": "status", "ticket": "T-2", "status": "open"}',
    '{"at": "2026-03-03T09:30:00Z", "event": "created", "ticket": "T-2", "priority": "P9"}',
    '{"at": "2026-03-03T10:00:00Z", "event": "comment", "ticket": "T-2", "author": "agent"}',
    '{"at": "2026-03-03T10:00:00Z", "event": "created", "ticket": "T-3", "priority": "S1"}',
    '{"at": "2026-03-03T10:05:00Z", "event": "comment", "ticket": "T-4", "author": "agent"}',
]


def test_problems_are_rows_with_the_command_lines_codes_and_reasons(spark, capsys, tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("\n".join(FIRST) + "\n", encoding="utf-8")
    second.write_text("\n".join(SECOND) + "\n", encoding="utf-8")
    at = "2026-03-04T00:00:00Z"
    result = evaluate_json_lines(spark, slac.load(TOTARA), [str(second), str(first)], at=at)
    try:
        got = sorted((Path(r.source).name, r.line, r.code) for r in result.problems.collect())
        # Worked by hand: a.jsonl line 3 not JSON, 4 an unknown author, 6 a second created,
        # 7 a release without `fixes`, 8 an event without a ticket; b.jsonl line 2 an undeclared priority in T-2's created,
        # so lines 1 and 3 are of a ticket whose created was invalid, 5 a ticket never created.
        assert got == [
            ("a.jsonl", 3, "E701"),
            ("a.jsonl", 4, "E711"),
            ("a.jsonl", 6, "E721"),
            ("a.jsonl", 7, "E704"),
            ("a.jsonl", 8, "E704"),
            ("b.jsonl", 1, "E722"),
            ("b.jsonl", 2, "E712"),
            ("b.jsonl", 3, "E722"),
            ("b.jsonl", 5, "E720"),
        ]
        # Each file as the command line reads it: the same columns, codes and reasons, except
        # that a reason naming another line counts lines through the files in path order
        # (docs/spark.md): b.jsonl's `created` on its line 2 is line 10 of the two.
        for path in (first, second):
            capsys.readouterr()
            main(["evaluate", TOTARA, str(path), "--at", at, "--problems-format", "json"])
            expected = [
                (p["line"], p["column"], p["code"], p["message"].replace("line 2 ", "line 10 "))
                for p in json.loads(capsys.readouterr().err)
            ]
            mine = [
                (r.line, r.column, r.code, r.reason)
                for r in result.problems.where(result.problems.source.endswith(path.name))
                .orderBy("line")
                .collect()
            ]
            assert mine == expected
        # The valid events are evaluated: T-1 (created in a.jsonl) and T-3 (b.jsonl).
        assert [t["ticket"] for t in result.to_dict()["tickets"]] == ["T-1", "T-3"]
    finally:
        result.unpersist()


def test_strict_mode_fails_on_the_first_problems(spark, tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(SECOND) + "\n", encoding="utf-8")
    with pytest.raises(EventProblems) as caught:
        evaluate_json_lines(spark, slac.load(TOTARA), [str(path)], at=AT, strict=True)
    assert caught.value.count == 4
    message = str(caught.value)
    assert message.startswith("4 invalid events; nothing evaluated:")
    assert ":2: E712 priority `P9` is not declared by the policy" in message


def test_a_frame_with_fields_as_a_map_and_at_as_text(spark, capsys, tmp_path):
    # totara's fields are an enumeration and a text field: one value type, a map holds them.
    lines = [
        '{"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": "T-1", "priority": "S2", "fields": {"type": "query"}}',
        '{"at": "2026-03-02T09:00:00Z", "event": "status", "ticket": "T-1", "status": "resolved"}',
        '{"at": "2026-03-02T09:00:00Z", "event": "status", "ticket": "T-1", "status": "in_progress"}',
        '{"at": "2026-03-02T10:00:00+01:00", "event": "created", "ticket": "T-2", "priority": "S1"}',
        '{"at": "2026-03-03T09:00:00Z", "event": "fields", "ticket": "T-2", "fields": {"type": "query", "cause": "x"}}',
        '{"at": "2026-03-03T10:00:00Z", "event": "comment", "ticket": "T-2", "author": "agent", "public": false}',
    ]
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    at = "2026-03-05T00:00:00Z"
    expected = cli_json(capsys, "evaluate", TOTARA, str(path), "--at", at)
    schema = (
        "n long, at string, event string, ticket string, priority string, "
        "fields map<string,string>, status string, author string, public boolean"
    )
    keys = [key.split(" ")[0] for key in schema.split(", ")]
    records = [
        (n, *(json.loads(text).get(key) for key in keys[1:])) for n, text in enumerate(lines, 1)
    ]
    frame = spark.createDataFrame(records[::-1], schema)  # reversed: `order_by` puts it right
    result = evaluate_frame(frame, slac.load(TOTARA), at=at, order_by="n")
    try:
        assert result.to_dict() == expected
        # T-1's status events share an instant: in input order it is resolved, then reopened,
        # so its resolution runs on past 2 business days (the other order: met at 09:00).
        resolution = result.to_dict()["tickets"][0]["metrics"][1]
        assert (resolution["state"], resolution["stopped_at"]) == ("breached", None)
        assert result.problems.count() == 0
    finally:
        result.unpersist()


def test_lines_are_numbered_per_file_from_the_partition_counts():
    # Rows per (file, partition): a.jsonl 3 rows in partition 0 (places 0-2) and 2 in
    # partition 1 (places 0-1, after b.jsonl's 4 rows at places 2-5 of that partition).
    counts = [("b", 1, 4, 2), ("a", 1, 2, 0), ("a", 0, 3, 0)]
    assert _starts(counts) == [
        # (file, partition, first place, lines before, order before): a.jsonl's second part
        # starts after its 3 lines; b.jsonl after all 5 of a.jsonl in path order.
        ("a", 0, 0, 0, 0),
        ("a", 1, 0, 3, 3),
        ("b", 1, 2, 0, 5),
    ]


# ---------------------------------------------------------------------------------------------
# The spark-submit job (slac.spark.job), run here in the test's session.


def _sorted_json(row: dict) -> str:
    return json.dumps(row, sort_keys=True)


def _table(spark, path: Path) -> list[dict]:
    frame = spark.read.json(str(path))
    return [row.asDict() for row in frame.orderBy(*ORDER).collect()]


def test_job_writes_the_command_lines_tables_from_json_lines_and_parquet(spark, capsys, tmp_path):
    policy_path = str(ROOT / "policies" / "impero.sla")
    events_path = str(ROOT / "examples" / "impero" / "events.jsonl")
    expected = rows(cli_json(capsys, "evaluate", policy_path, events_path, "--at", AT))
    report = cli_json(capsys, "report", policy_path, events_path, "--at", AT)["rows"]
    # The same month as a Parquet table with the contract's columns (one file: its row order
    # is the file's, so events at the same instant keep their order).
    parquet = str(tmp_path / "events.parquet")
    spark.read.json(events_path).coalesce(1).write.parquet(parquet)
    for events, out in ((events_path, tmp_path / "from_jsonl"), (parquet, tmp_path / "from_pq")):
        argv = [policy_path, events, "--at", AT, "--out", str(out), "--format", "json"]
        assert job_main([*argv, "--master", "local[2]"]) == 0
        metrics = _table(spark, out / "metrics")
        assert [{k: m.get(k) for k in expected[0]} for m in metrics] == expected
        assert len(metrics) == len(expected)
        got_report = [row.asDict() for row in spark.read.json(str(out / "report")).collect()]
        assert sorted(got_report, key=_sorted_json) == sorted(report, key=_sorted_json)
        assert (
            not list((out / "problems").glob("*.json"))
            or not spark.read.json(str(out / "problems")).count()
        )


def test_job_strict_run_with_invalid_events_is_exit_2_and_writes_nothing(spark, capsys, tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(SECOND) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    argv = [TOTARA, str(path), "--at", AT, "--out", str(out), "--strict", "--master", "local[2]"]
    capsys.readouterr()
    assert job_main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("slac: 4 invalid events; nothing evaluated:")
    assert not out.exists()
