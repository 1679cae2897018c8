"""`slac test` shows why a metric check failed: the metric's trace under the failure
(docs/language.md "Testing a policy"), `--no-trace` to leave it out, `traces` in the JSON.

Each test runs `slac test` as a whole process on a small policy and test file written here, with
its own cache folder. The expected timelines are worked out by hand from the policy's text.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Berlin office hours Mon-Fri 09:00-17:00; March 2026 is CET (UTC+1) until the 29th.
POLICY = """\
policy desk "Trace test desk" {
  timezone "Europe/Berlin"

  calendar office {
    zone "Europe/Berlin"
    mon-fri 09:00-17:00
  }

  priorities P1, P2
  business hours office

  pause when status pending

  metric first_response {
    start on created
    stop on public comment by agent
  }

  metric reply repeating {
    start on public comment by customer after public comment by agent
    stop on public comment by agent
  }

  targets {
    priority  first_response  reply
    P1        1h              1h
    P2        4h              2h
  }
}
"""

# Each test states something wrong on purpose; the comments give the right values.
TESTS = """\
policy "desk.sla"

test weekend-between {
  events {
    2026-03-06 16:00  D-1 created P2
  }
  at 2026-03-09 10:00
  # Fri 16:00-17:00 open 1h, closed to Mon 09:00 (64h), Mon 09:00-10:00 open 1h: 7200 s of 4h,
  # due after 2h more: Mon 12:00 CET (11:00Z).
  expect D-1 first_response state running
    elapsed_seconds 7000
    due 2026-03-09 11:00
}

test raised-then-paused {
  events {
    2026-03-10 09:00  D-2 created P2
    2026-03-10 09:30  D-2 priority P1
    2026-03-10 09:40  D-2 status pending
    2026-03-10 10:40  D-2 status open
  }
  at 2026-03-10 10:50
  # P1 from 09:30: 1h. 09:00-09:40 open, paused to 10:40, 10:40-10:50 open: 50 min = 3000 s,
  # the 10 min left due at 11:00 CET (10:00Z).
  expect D-2 priority P2
  expect D-2 first_response elapsed_seconds 3600 state running
}

test not-about-a-metric {
  events {
    2026-03-10 09:00  D-3 created P2
    2026-03-10 09:30  D-3 comment by agent
  }
  at 2026-03-10 10:00
  # D-3 answered in 30 min: met, the one P2 first response of March counted in this test.
  expect D-3 first_response state met
  expect D-9 first_response state running
  expect report 2026-03 first_response P2 counted 2
}
"""

CYCLES = """\
policy "desk.sla"

test two-replies {
  events {
    2026-03-11 09:00  D-4 created P2
    2026-03-11 09:10  D-4 comment by agent
    2026-03-11 10:00  D-4 comment by customer
    2026-03-11 10:30  D-4 comment by agent
    2026-03-11 16:00  D-4 comment by customer
  }
  at 2026-03-12 09:30
  # Reply 1: Wed 10:00-10:30, met in 30 min. Reply 2 from Wed 16:00: 16:00-17:00 open, closed to
  # Thu 09:00 (16h), 09:00-09:30 open: 1h30 of 2h, due at 10:00 CET (09:00Z). Two cycles.
  expect D-4 first_response state met
  expect D-4 reply cycles 1
  expect D-4 reply cycle 3 state running
}
"""

PASSING = """\
policy "desk.sla"

test answered-in-half-an-hour {
  events {
    2026-03-10 09:00  D-3 created P2
    2026-03-10 09:30  D-3 comment by agent
  }
  at 2026-03-10 10:00
  expect D-3 first_response state met  elapsed_seconds 1800
}
"""

FAILURES = [
    "desk.slatest:11: weekend-between: D-1 first_response elapsed_seconds: expected 7000, got 7200",
    "desk.slatest:12: weekend-between: D-1 first_response due: "
    "expected 2026-03-09 11:00 (2026-03-09T10:00:00Z), got 2026-03-09T11:00:00Z",
    "desk.slatest:25: raised-then-paused: D-2 priority: expected P2, got P1",
    "desk.slatest:26: raised-then-paused: D-2 first_response elapsed_seconds: "
    "expected 3600, got 3000",
    "desk.slatest:37: not-about-a-metric: D-9: expected present, got no such ticket at `at`",
    "desk.slatest:38: not-about-a-metric: report 2026-03 first_response P2 counted: "
    "expected 2, got 1",
]

WEEKEND_TRACE = """\
    first_response: running, 2:00 of 4:00 counted (target 4h)
      started 2026-03-06 16:00 CET (15:00Z)
      due 2026-03-09 12:00 CET (11:00Z)
      from (Europe/Berlin)  UTC     to                    UTC     counts   time  why
      --------------------  ------  --------------------  ------  ------  -----  ------------
      2026-03-06 16:00 CET  15:00Z  2026-03-06 17:00 CET  16:00Z  yes      1:00  open
      2026-03-06 17:00 CET  16:00Z  2026-03-09 09:00 CET  08:00Z  no      64:00  closed hours
      2026-03-09 09:00 CET  08:00Z  2026-03-09 10:00 CET  09:00Z  yes      1:00  open
"""

PRIORITY_HISTORY = """\
    priority P2: named, 2026-03-10 09:00 CET (08:00Z)
    priority P1: named, 2026-03-10 09:30 CET (08:30Z)
"""

PAUSED_TRACE = """\
    first_response: running, 0:50 of 1:00 counted (target 1h)
      started 2026-03-10 09:00 CET (08:00Z)
      due 2026-03-10 11:00 CET (10:00Z)
      from (Europe/Berlin)  UTC     to                    UTC     counts  time  why
      --------------------  ------  --------------------  ------  ------  ----  ---------------
      2026-03-10 09:00 CET  08:00Z  2026-03-10 09:40 CET  08:40Z  yes     0:40  open
      2026-03-10 09:40 CET  08:40Z  2026-03-10 10:40 CET  09:40Z  no      1:00  paused: pending
      2026-03-10 10:40 CET  09:40Z  2026-03-10 10:50 CET  09:50Z  yes     0:10  open
"""

# A wrong count and a missing cycle: the metric's every cycle, once, under the second.
EVERY_CYCLE = """\
cycles.slatest:15: two-replies: D-4 reply cycles: expected 1, got 2
cycles.slatest:16: two-replies: D-4 reply cycle 3: expected present, got no such metric entry (2 cycles)
    reply: met, 0:30 of 2:00 counted (target 2h)
      started 2026-03-11 10:00 CET (09:00Z)
      stopped 2026-03-11 10:30 CET (09:30Z)
      from (Europe/Berlin)  UTC     to                    UTC     counts  time  why
      --------------------  ------  --------------------  ------  ------  ----  -----------
      2026-03-11 09:00 CET  08:00Z  2026-03-11 10:00 CET  09:00Z  no      1:00  not started
      2026-03-11 10:00 CET  09:00Z  2026-03-11 10:30 CET  09:30Z  yes     0:30  open
    reply #2: running, 1:30 of 2:00 counted (target 2h)
      started 2026-03-11 16:00 CET (15:00Z)
      due 2026-03-12 10:00 CET (09:00Z)
      from (Europe/Berlin)  UTC     to                    UTC     counts   time  why
      --------------------  ------  --------------------  ------  ------  -----  ------------
      2026-03-11 16:00 CET  15:00Z  2026-03-11 17:00 CET  16:00Z  yes      1:00  open
      2026-03-11 17:00 CET  16:00Z  2026-03-12 09:00 CET  08:00Z  no      16:00  closed hours
      2026-03-12 09:00 CET  08:00Z  2026-03-12 09:30 CET  08:30Z  yes      0:30  open
0 passed, 1 failed
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "desk.sla").write_text(POLICY)
    (tmp_path / "desk.slatest").write_text(TESTS)
    (tmp_path / "passing.slatest").write_text(PASSING)
    (tmp_path / "cycles.slatest").write_text(CYCLES)
    return tmp_path


def slac(folder: Path, *argv: str) -> tuple[int, str, str]:
    """`slac ARGV` in a fresh interpreter, in `folder`, with a cache folder of its own."""
    env = {**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": str(folder / "cache")}
    env.pop("SLAC_NO_CACHE", None)
    result = subprocess.run(
        [sys.executable, "-m", "slac.cli", *argv],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
    )
    return result.returncode, result.stdout, result.stderr


def test_each_failed_metric_shows_its_trace_once_under_its_last_failure(folder):
    status, out, err = slac(folder, "test", "desk.slatest")
    assert (status, err) == (1, "")
    assert out == (
        FAILURES[0] + "\n" + FAILURES[1] + "\n" + WEEKEND_TRACE
        # a failed priority: the ticket's priority history
        + FAILURES[2] + "\n" + PRIORITY_HISTORY
        + FAILURES[3] + "\n" + PAUSED_TRACE
        # no such ticket, a report row: nothing a trace would add
        + FAILURES[4] + "\n" + FAILURES[5] + "\n"
        + "0 passed, 3 failed\n"
    )  # fmt: skip


def test_a_wrong_count_or_a_missing_cycle_shows_every_cycle_once(folder):
    assert slac(folder, "test", "cycles.slatest") == (1, EVERY_CYCLE, "")


def test_the_second_run_takes_the_policy_from_the_cache_and_prints_the_same(folder):
    first = slac(folder, "test", "desk.slatest")
    assert list((folder / "cache" / "slac").glob("policy-*.pickle")) != []
    assert slac(folder, "test", "desk.slatest") == first


def test_no_trace_prints_the_failure_lines_alone(folder):
    status, out, _ = slac(folder, "test", "desk.slatest", "--no-trace")
    assert status == 1
    assert out == "".join(line + "\n" for line in FAILURES) + "0 passed, 3 failed\n"


def test_a_passing_run_prints_the_summary_alone(folder):
    for flags in ((), ("--no-trace",), ("--trace",)):
        assert slac(folder, "test", "passing.slatest", *flags) == (0, "1 passed, 0 failed\n", "")


def test_json_carries_each_failed_tests_traces(folder):
    status, out, _ = slac(folder, "test", "desk.slatest", "passing.slatest", "--format", "json")
    weekend, paused, other, passing = json.loads(out)["tests"]
    assert status == 1
    assert weekend["failures"][0] == {
        "line": 11,
        "column": 5,
        "subject": "D-1 first_response",
        "key": "elapsed_seconds",
        "expected": "7000",
        "got": "7200",
    }
    assert weekend["traces"] == [
        {
            "policy": "desk",
            "at": "2026-03-09T09:00:00Z",
            "ticket": "D-1",
            "priority": "P2",
            "excluded": None,
            "created_at": "2026-03-06T15:00:00Z",
            "priorities": [
                {"at": "2026-03-06T15:00:00Z", "priority": "P2", "how": "named", "fields": []}
            ],
            "metrics": [
                {
                    "metric": "first_response",
                    "cycle": 1,
                    "state": "running",
                    "target": "4h",
                    "target_seconds": 14400,
                    "elapsed_seconds": 7200,
                    "started_at": "2026-03-06T15:00:00Z",
                    "reached_at": None,
                    "due": "2026-03-09T11:00:00Z",
                    "breached_at": None,
                    "stopped_at": None,
                    "segments": [
                        segment("2026-03-06T15:00:00Z", "2026-03-06T16:00:00Z", True, "open"),
                        segment("2026-03-06T16:00:00Z", "2026-03-09T08:00:00Z", False, "closed hours"),
                        segment("2026-03-09T08:00:00Z", "2026-03-09T09:00:00Z", True, "open"),
                    ],
                }
            ],
        }
    ]  # fmt: skip
    (trace,) = paused["traces"]
    assert [(p["priority"], p["at"]) for p in trace["priorities"]] == [
        ("P2", "2026-03-10T08:00:00Z"),
        ("P1", "2026-03-10T08:30:00Z"),
    ]
    assert [s["reason"] for m in trace["metrics"] for s in m["segments"]] == [
        "open",
        "paused: pending",
        "open",
    ]
    assert other["traces"] == []
    assert "traces" not in passing  # a passing test's object is as before


def test_json_of_a_missing_cycle_carries_every_cycle_of_that_metric_alone(folder):
    _, out, _ = slac(folder, "test", "cycles.slatest", "--format", "json")
    ((trace,),) = [t["traces"] for t in json.loads(out)["tests"]]
    assert [(m["metric"], m["cycle"], m["state"]) for m in trace["metrics"]] == [
        ("reply", 1, "met"),
        ("reply", 2, "running"),
    ]


def test_json_without_traces_keeps_the_key_empty(folder):
    _, out, _ = slac(folder, "test", "desk.slatest", "--format", "json", "--no-trace")
    assert [t["traces"] for t in json.loads(out)["tests"]] == [[], [], []]


def segment(start: str, end: str, counting: bool, reason: str) -> dict[str, object]:
    return {"from": start, "to": end, "counting": counting, "reason": reason}
