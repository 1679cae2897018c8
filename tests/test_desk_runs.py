"""`slac evaluate DESK` as a run: its policies compiled through the user's cache, as one
policy's are (docs/formats.md#the-cache), and its JSON written ticket by ticket, byte for byte
`json.dumps(evaluation.to_dict())` (docs/desk.md#output).
"""

from __future__ import annotations

import os
from pathlib import Path

from test_startup import imported_after

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
    # Nothing compiled, nothing written again. (The desk's `warn at` is checked by
    # `slac.check.thresholds`, whose package imports every policy check, Lark's too.)
    assert "slac.compile" not in cached
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
