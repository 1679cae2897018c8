"""`slac evaluate DESK` as a run: its policies compiled through the user's cache, as one
policy's are (docs/formats.md#the-cache), and its JSON written ticket by ticket, byte for byte
`json.dumps(evaluation.to_dict())` (docs/desk.md#output).
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from test_batch import generated
from test_jobs import slac
from test_startup import imported_after

from slac.desk import load_desk
from slac.desk.run import evaluate_desk

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "desk"


def test_a_desks_policies_come_from_the_cache_on_the_second_run(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    argv = [
        "evaluate",
        str(EXAMPLE / "support.desk"),
        str(EXAMPLE / "events.jsonl"),
        "--at",
        "2026-03-10T00:00:00Z",
    ]
    first = imported_after(argv, env)
    assert "slac.compile" in first  # three policies parsed, checked, compiled
    # One entry per policy the desk uses: learnamp, totara, impero.
    entries = sorted((tmp_path / "slac").glob("policy-*.pickle"))
    assert len(entries) == 3
    written = [entry.stat().st_mtime_ns for entry in entries]
    cached = imported_after(argv, env)
    assert "slac.desk.run" in cached
    # Nothing compiled, nothing written again. The desk's `warn at` is checked by
    # `slac.check.thresholds` alone: not every policy check, nor Lark.
    assert "slac.compile" not in cached
    assert "slac.check.thresholds" in cached
    assert cached & {"lark", "slac.check.clocks", "slac.check.calendars"} == set()
    assert [entry.stat().st_mtime_ns for entry in entries] == written


def test_a_desk_without_warn_at_imports_no_policy_front_end_when_cached(tmp_path):
    desk = tmp_path / "plain.desk"
    desk.write_text(
        'desk plain "one agreement"\n'
        f'use impero "{ROOT / "policies" / "impero.sla"}"\n'
        "otherwise to impero\n"
    )
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    argv = ["evaluate", str(desk), str(empty), "--at", "2026-03-10T00:00:00Z"]
    imported_after(argv, env)
    cached = imported_after(argv, env)
    unneeded = {"lark", "slac.syntax.nodes", "slac.check", "slac.compile"}
    assert cached & unneeded == set()


def test_desk_json_is_byte_for_byte_json_dumps_of_the_evaluation(tmp_path):
    """Several policies (two versions of one), tickets under no agreement, code fixes waiting
    on releases: the streamed document is the one `json.dumps` writes of `to_dict()`."""
    impero = (ROOT / "policies" / "impero.sla").read_text()
    (tmp_path / "impero.sla").write_text(impero)
    us = impero.replace("policy impero ", "policy impero_us ", 1)
    (tmp_path / "impero_us.sla").write_text(us)
    desk = tmp_path / "regions.desk"
    desk.write_text(
        'desk regions "Impero by region"\n'
        'use impero "impero.sla"\n'
        'use impero "impero.sla" from 2026-01-07\n'
        'use impero_us "impero_us.sla"\n'
        'route region in ("uk", "gst") to impero\n'
        'route region in ("est", "cst", "mst") to impero_us\n'
        "otherwise no agreement\n"  # gen_events' `pst` tickets
    )
    events = tmp_path / "events.jsonl"
    lines = generated(12000)  # four days of tickets, a release, code fixes
    events.write_text("\n".join(lines) + "\n")
    at = "2026-01-09T00:00:00Z"
    status, out, err = slac("evaluate", str(desk), str(events), "--at", at, "--format", "json")
    assert (status, err) == (0, b"")
    evaluation = evaluate_desk(load_desk(desk), map(json.loads, lines), at=at).evaluation
    assert out.decode() == json.dumps(evaluation.to_dict()) + "\n"
    tickets = evaluation.to_dict()["tickets"]
    assert {(t["policy"], t["version"]) for t in tickets} == {
        ("impero", None),
        ("impero", "2026-01-07"),
        ("impero_us", None),
        (None, None),
    }
    assert any(t["excluded"] == "no agreement" for t in tickets)
    targets = {m["target"] for t in tickets for m in t["metrics"]}
    assert "next relevant release" in targets  # a code fix waiting on a release


def test_desk_csv_is_its_json_flattened_with_the_desks_two_columns():
    argv = ("evaluate", str(EXAMPLE / "support.desk"), str(EXAMPLE / "events.jsonl"))
    at = ("--at", "2026-03-10T00:00:00Z")
    status, out, err = slac(*argv, *at, "--format", "csv")
    assert (status, err) == (0, b"")
    document = json.loads(slac(*argv, *at, "--format", "json")[1])
    header, *rows = list(csv.reader(io.StringIO(out.decode())))
    assert header[:6] == ["ticket", "priority", "excluded", "policy", "version", "metric"]
    expected = []
    for ticket in document["tickets"]:
        head = [ticket[key] for key in header[:5]]
        for metric in ticket["metrics"] or [{}]:
            expected.append(head + [metric.get(key) for key in header[5:]])
    assert rows == [["" if v is None else str(v) for v in row] for row in expected]
    assert {row[3] for row in rows} >= {"learnamp", "totara", "impero"}
