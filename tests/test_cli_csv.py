"""`--format csv` of `evaluate`, `report` and `availability` (docs/formats.md#--format-csv).

Each CSV is read back with Python's `csv` module and decoded by the documented rules (empty
cell null, `true`/`false`, numbers as JSON writes them); the rows equal the JSON document's.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from slac.cli import main

ROOT = Path(__file__).resolve().parent.parent
AT = "2026-04-01T00:00:00Z"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def _text(cell: str) -> str | None:
    return cell or None


def _int(cell: str) -> int | None:
    return None if cell == "" else int(cell)


def _float(cell: str) -> float | None:
    return None if cell == "" else float(cell)


def _bool(cell: str) -> bool | None:
    return {"": None, "true": True, "false": False}[cell]


def _decode(text: str, decoders: dict[str, Callable[[str], object]]) -> list[dict[str, object]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(decoders)  # the one header row, the documented columns in order
    return [
        {k: decoders[k](cell) for k, cell in zip(rows[0], row, strict=True)} for row in rows[1:]
    ]


EVALUATE = {
    "ticket": str,
    "priority": _text,
    "excluded": _text,
    "metric": _text,
    "cycle": _int,
    "state": _text,
    "target": _text,
    "target_seconds": _int,
    "elapsed_seconds": _int,
    "due": _text,
    "breached_at": _text,
    "stopped_at": _text,
    "percent_elapsed": _float,
    "remaining_seconds": _int,
}
REPORT = {
    "month": str,
    "metric": str,
    "priority": _text,
    "counted": int,
    "met": int,
    "breached": int,
    "percent_met": float,
    "objective_percent": _float,
    "objective_met": _bool,
}
AVAILABILITY = {
    "service": str,
    "month": str,
    "total_minutes": float,
    "excused_minutes": float,
    "downtime_minutes": float,
    "availability_percent": float,
    "objective_percent": float,
    "met": _bool,
    "credit_percent": _float,
    "material_breach": _bool,
    "unannounced_maintenance_minutes": _float,
}


@pytest.mark.parametrize("example", ["impero", "learnamp", "elb"])
def test_evaluate_csv_is_the_json_one_row_per_metric(capsys, example):
    args = (
        str(ROOT / "policies" / f"{example}.sla"),
        str(ROOT / "examples" / example / "events.jsonl"),
    )
    document = json.loads(_run(capsys, "evaluate", *args, "--at", AT, "--format", "json"))
    rows = _decode(_run(capsys, "evaluate", *args, "--at", AT, "--format", "csv"), EVALUATE)
    flat = [
        {"ticket": t["ticket"], "priority": t["priority"], "excluded": t["excluded"], **m}
        for t in document["tickets"]
        for m in t["metrics"]
    ]
    assert rows == flat
    assert len(rows) > 100


@pytest.mark.parametrize("example", ["impero", "learnamp", "elb"])
def test_report_csv_is_the_json(capsys, example):
    args = (
        str(ROOT / "policies" / f"{example}.sla"),
        str(ROOT / "examples" / example / "events.jsonl"),
    )
    document = json.loads(_run(capsys, "report", *args, "--at", AT, "--format", "json"))
    rows = _decode(_run(capsys, "report", *args, "--at", AT, "--format", "csv"), REPORT)
    assert rows == document["rows"]
    assert rows[0]["month"] == "2026-03"


@pytest.mark.parametrize("example", ["impero", "elb", "clicklearn"])
def test_availability_csv_is_the_json(capsys, example):
    args = (
        str(ROOT / "policies" / f"{example}.sla"),
        str(ROOT / "examples" / example / "outages.jsonl"),
    )
    document = json.loads(_run(capsys, "availability", *args, "--format", "json"))
    rows = _decode(_run(capsys, "availability", *args, "--format", "csv"), AVAILABILITY)
    # The JSON has `unannounced_maintenance_minutes` only under a `notice` rule; the CSV column
    # is always there, empty without one.
    key = "unannounced_maintenance_minutes"
    assert rows == [{**month, key: month.get(key)} for month in document["months"]]


def test_elb_april_row_by_hand(capsys):
    """docs/formats.md's availability example: 98.826%, a 30% credit, no material breach."""
    args = (str(ROOT / "policies" / "elb.sla"), str(ROOT / "examples" / "elb" / "outages.jsonl"))
    text = _run(
        capsys, "availability", *args, "--from", "2026-04", "--to", "2026-04", "--format", "csv"
    )
    assert (
        text.splitlines()[1]
        == "platform,2026-04,43200.0,600.0,500.0,98.826,99.9,false,30.0,false,"  # no notice rule
    )


def test_awkward_ticket_ids_survive_the_round_trip(tmp_path, capsys):
    ticket = 'A,"quoted"\nline'
    events = tmp_path / "events.jsonl"
    events.write_text(
        json.dumps(
            {
                "at": "2026-03-02T09:00:00Z",
                "event": "created",
                "ticket": ticket,
                "priority": "P1",
                "fields": {"type": "incident", "region": "uk"},
            }
        )
        + "\n",
        encoding="utf-8",
    )
    policy = str(ROOT / "policies" / "impero.sla")
    rows = _decode(
        _run(
            capsys,
            "evaluate",
            policy,
            str(events),
            "--at",
            "2026-03-02T09:30:00Z",
            "--format",
            "csv",
        ),
        EVALUATE,
    )
    # One row per metric Impero declares (first_response, triage, voicemail_response, resolution).
    assert [r["ticket"] for r in rows] == [ticket] * 4
    assert rows[0]["state"] == "running" and rows[0]["elapsed_seconds"] == 1800


def test_report_csv_to_a_file_by_its_suffix(tmp_path, capsys):
    out = tmp_path / "march.csv"
    policy = str(ROOT / "policies" / "impero.sla")
    events = str(ROOT / "examples" / "impero" / "events.jsonl")
    assert main(["report", policy, events, "--at", AT, "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(REPORT)
    assert lines[6] == "2026-03,first_response,,80,67,13,83.75,95.0,false"  # all priorities


def test_an_unwritable_output_is_exit_2(tmp_path, capsys):
    policy = str(ROOT / "policies" / "impero.sla")
    events = str(ROOT / "examples" / "impero" / "events.jsonl")
    out = tmp_path / "missing" / "r.csv"
    assert main(["report", policy, events, "--at", AT, "-o", str(out)]) == 2
    assert "cannot write" in capsys.readouterr().err
