"""The edge of time: deadlines past the supported years (docs/semantics.md, "The edge of time").

Instants run from 1970 to the end of 2199. A running metric whose target is used up only after
2200-01-01T00:00:00Z has `due` null (and no `breached_at`: a breach that late is never reached),
the same for business and wall-clock targets, and every other ticket is judged as usual. Every
expected instant is worked out by hand in the comment beside it.

Calendar facts used: 31 December 2199 is a Tuesday; London keeps GMT (UTC+0) in December and in
early March 2026; 2 March 2026 is a Monday with no English bank holiday that week; 2199 is not a
leap year, and 2100 is not one either.
"""

from __future__ import annotations

import calendar as gregorian
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import slac
from slac.business_time import AlwaysOpen, UnionCalendar, WeeklyCalendar
from slac.vocabulary import END_INSTANT

ROOT = Path(__file__).resolve().parent.parent
TOTARA = ROOT / "policies" / "totara.sla"
H = 3600


def Z(text: str) -> int:
    """Epoch seconds of a UTC literal like "2199-12-31 16:00" (parsing only, no calendar)."""
    return gregorian.timegm(datetime.fromisoformat(text).timetuple())


def created(at: str, ticket: str, priority: str) -> dict[str, object]:
    return {"at": at, "event": "created", "ticket": ticket, "priority": priority}


def metrics(evaluation: slac.evaluation.Evaluation) -> dict[tuple[str, str], dict[str, object]]:
    """{(ticket, metric): the metric's JSON without its name and cycle}."""
    out = {}
    for ticket in evaluation.to_dict()["tickets"]:
        for m in ticket["metrics"]:
            # `percent_elapsed` and `remaining_seconds` follow from `target_seconds` and
            # `elapsed_seconds` (tests/test_warnings.py works them out on their own).
            derived = ("metric", "cycle", "percent_elapsed", "remaining_seconds")
            rest = {k: v for k, v in m.items() if k not in derived}
            out[ticket["ticket"], m["metric"]] = rest
    return out


def running(target: str, seconds: int, elapsed: int, due: str | None) -> dict[str, object]:
    return {
        "state": "running",
        "target": target,
        "target_seconds": seconds,
        "elapsed_seconds": elapsed,
        "due": due,
        "breached_at": None,
        "stopped_at": None,
    }


# -- the calendars ----------------------------------------------------------------------------

OFFICE = WeeklyCalendar("office", "UTC", [[(9 * H, 17 * H)]] * 5 + [[], []])


def test_the_last_open_second_of_the_years_is_still_a_due_instant():
    # Tue 2199-12-31 16:00 + 1h of Mon-Fri 09-17 is that day's close, 17:00: reached.
    assert OFFICE.add_within(Z("2199-12-31 16:00"), H) == Z("2199-12-31 17:00")


def test_a_count_past_the_last_open_second_has_no_due_instant():
    # One second more needs Wed 2200-01-01 09:00:00, past the supported years.
    assert OFFICE.add_within(Z("2199-12-31 16:00"), H + 1) is None
    with pytest.raises(ValueError, match="no open time left before 2200-01-01 UTC"):
        OFFICE.add(Z("2199-12-31 16:00"), H + 1)
    # Running out leaves the table whole: 30 minutes from 16:00 is still 16:30.
    assert OFFICE.add_within(Z("2199-12-31 16:00"), 1800) == Z("2199-12-31 16:30")


def test_a_huge_count_from_today_has_no_due_instant():
    # 10^12 business seconds is ~100,000 years of an 8h weekday: no deadline before 2200.
    calendar = WeeklyCalendar("fresh", "Europe/London", [[(9 * H, 17 * H)]] * 5 + [[], []])
    assert calendar.add_within(Z("2026-03-02 09:00"), 10**12) is None
    union = UnionCalendar("desks", [OFFICE, calendar], day_seconds=8 * H)
    assert union.add_within(Z("2026-03-02 09:00"), 10**12) is None


def test_wall_clock_deadlines_stop_at_the_same_edge():
    wall = AlwaysOpen()
    assert wall.add_within(END_INSTANT - 10, 9) == Z("2199-12-31 23:59:59")
    # Landing exactly on 2200-01-01T00:00:00Z is past the edge: the range is half-open.
    assert wall.add_within(END_INSTANT - 10, 10) is None
    # A sum no datetime can show (year 11 million) is simply no due instant.
    assert wall.add_within(Z("2026-03-02 09:00"), 99_999_999_999 * H) is None


# -- evaluation: Totara, Mon-Fri 09:00-17:00 Europe/London, a day is 8h -------------------------


@pytest.fixture(scope="module")
def totara():
    return slac.load(TOTARA)


def test_an_8h_day_used_up_at_the_last_close_of_2199_is_due_then(totara):
    # Created Tue 2199-12-31 09:00 London (09:00Z), S1: 1h first response, 1 business day (8h)
    # resolution. At 10:00: 1h counted. First response is used up now: due 10:00. Resolution
    # has 7h left: 10:00 + 7h = 17:00, the last close of the supported years.
    evaluation = slac.evaluate(
        totara, [created("2199-12-31T09:00:00Z", "L", "S1")], at="2199-12-31T10:00:00Z"
    )
    assert metrics(evaluation) == {
        ("L", "first_response"): running("1h", H, H, "2199-12-31T10:00:00Z"),
        ("L", "resolution"): running("1 business day", 8 * H, H, "2199-12-31T17:00:00Z"),
    }


def test_a_deadline_past_2199_is_null_and_sinks_no_other_ticket(totara):
    # Far: created Tue 2199-12-31 09:00Z, S2 (4h, 2 business days = 16h). At 23:59:59 it has
    # counted 09:00-17:00 = 8h: first response passed 4h at 13:00:00 (breached then);
    # resolution has 8h left but 2199 has no open time left: running, due null.
    # Near: created Mon 2026-03-02 09:00Z, S2: first response passes 4h at 13:00:00; the 16h
    # of resolution are Mon and Tue, so it passes at Wed 2026-03-04 09:00:00.
    events = [
        created("2199-12-31T09:00:00Z", "far", "S2"),
        created("2026-03-02T09:00:00Z", "near", "S2"),
    ]
    evaluation = slac.evaluate(totara, events, at="2199-12-31T23:59:59Z")
    got = metrics(evaluation)
    assert got["far", "first_response"]["breached_at"] == "2199-12-31T13:00:00Z"
    assert got["far", "resolution"] == running("2 business days", 16 * H, 8 * H, None)
    assert got["near", "first_response"]["breached_at"] == "2026-03-02T13:00:00Z"
    assert got["near", "resolution"]["breached_at"] == "2026-03-04T09:00:00Z"
    assert got["near", "resolution"]["state"] == "breached"


def test_the_incremental_evaluator_answers_the_same_at_the_edge(totara):
    events = [
        created("2026-03-02T09:00:00Z", "near", "S3"),
        created("2199-12-31T09:00:00Z", "far", "S3"),
    ]
    evaluator = slac.Evaluator(totara)
    for event in events:
        evaluator.feed(event)
    at = "2199-12-31T12:00:00Z"
    assert evaluator.results(at) == slac.evaluate(totara, events, at=at)
    # S3 resolution is 3 business days (24h); 3h counted by 12:00, 5h left in 2199.
    far = metrics(evaluator.results(at))["far", "resolution"]
    assert far == running("3 business days", 24 * H, 3 * H, None)


WALL = """policy edge "wall-clock targets at the edge" {
  timezone "UTC"
  calendar office { zone "UTC"; mon-fri 09:00-17:00 }
  priorities P1, P2
  business hours office
  metric resolution { start on created; stop on resolved }
  targets {
    priority  resolution
    P1        8760h wall-clock
    P2        876600h wall-clock
  }
}
"""


def test_wall_clock_targets_past_2199_are_null_like_business_ones():
    policy = slac.loads(WALL)
    events = [
        # 8760h = 365 days. From 2198-12-31 23:59:59 through the 365 days of 2199: due
        # 2199-12-31 23:59:59, the last second of the years.
        created("2198-12-31T23:59:59Z", "last", "P1"),
        # From 2199-01-01 00:00 the 365 days end exactly at 2200-01-01 00:00: past the edge.
        created("2199-01-01T00:00:00Z", "edge", "P1"),
        # From 2199-06-01: due 2200-06-01, past the edge.
        created("2199-06-01T00:00:00Z", "past", "P1"),
        # 876600h = 36,525 days; from 2026-03-02 09:00 a hundred years are 36,524 days (24 leap
        # days: 2028-2124 less 2100), so the count passes the target at 2126-03-03 09:00:00.
        created("2026-03-02T09:00:00Z", "century", "P2"),
    ]
    got = metrics(slac.evaluate(policy, events, at="2199-06-02T00:00:00Z"))
    day = 24 * H
    assert got["last", "resolution"]["due"] == "2199-12-31T23:59:59Z"
    assert got["edge", "resolution"] == running("8760h wall-clock", 365 * day, 152 * day, None)
    assert got["past", "resolution"] == running("8760h wall-clock", 365 * day, day, None)
    assert got["century", "resolution"]["state"] == "breached"
    assert got["century", "resolution"]["breached_at"] == "2126-03-03T09:00:00Z"


# -- through the real command line ------------------------------------------------------------


def slac_evaluate(tmp_path: Path, lines: list[dict[str, object]], *options: str):
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "slac.cli", "evaluate", str(TOTARA), str(events), *options],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_the_command_line_prints_whole_json_for_a_deadline_past_2199(tmp_path):
    # The case: a ticket created 2199-12-31 12:00Z (S2) and one in 2026, at 13:00Z.
    # Far: 1h counted; first response due 12:00 + 4h = 16:00; resolution 16h needs 2200: null.
    lines = [
        created("2199-12-31T12:00:00Z", "A", "S2"),
        created("2026-03-02T09:00:00Z", "B", "S2"),
    ]
    run = slac_evaluate(tmp_path, lines, "--at", "2199-12-31T13:00:00Z", "--format", "json")
    assert (run.returncode, run.stderr) == (0, "")
    document = json.loads(run.stdout)  # complete: it parses
    tickets = {t["ticket"]: t["metrics"] for t in document["tickets"]}
    far = {m["metric"]: m for m in tickets["A"]}
    assert far["first_response"]["due"] == "2199-12-31T16:00:00Z"
    assert (far["resolution"]["state"], far["resolution"]["due"]) == ("running", None)
    assert far["resolution"]["breached_at"] is None
    near = {m["metric"]: m for m in tickets["B"]}
    assert near["resolution"]["breached_at"] == "2026-03-04T09:00:00Z"


def test_the_command_line_table_shows_no_due_instant_past_2199(tmp_path):
    lines = [created("2199-12-31T12:00:00Z", "A", "S2")]
    run = slac_evaluate(tmp_path, lines, "--at", "2199-12-31T13:00:00Z", "--format", "table")
    assert (run.returncode, run.stderr) == (0, "")
    rows = {tuple(line.split()[2:3]): line.split() for line in run.stdout.splitlines()[3:]}
    # ticket prio metric # state elapsed target when: the `when` of a null due is `-`.
    assert rows["first_response",][-2:] == ["2199-12-31", "16:00"]
    assert rows["resolution",][4:] == ["running", "1:00", "16:00", "-"]


# -- a property: tickets near the edge never change the answer for the others -----------------

SHIPPED = {path.stem: slac.load(path) for path in sorted((ROOT / "policies").glob("*.sla"))}
LAST_DAYS = Z("2199-12-20 00:00")  # the last twelve days of the supported years


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(SHIPPED)),
    far=st.lists(st.integers(LAST_DAYS, END_INSTANT - 1), min_size=1, max_size=4),
    priorities=st.lists(st.integers(0, 9), min_size=4, max_size=4),
    late=st.integers(0, 12 * 24 * H),
)
def test_tickets_at_the_edge_never_sink_the_others(name, far, priorities, late):
    policy = SHIPPED[name]
    names = policy.priorities.names
    channel = policy.field("channel")  # Impero's `channel` has no `web_form`: left unset there
    fields = {"channel": "web_form"} if channel and "web_form" in channel.values else {}
    near = [
        {**created("2026-03-02T09:00:00Z", "near-1", names[0]), "fields": fields},
        {**created("2026-03-02T11:15:00Z", "near-2", names[-1]), "fields": fields},
    ]
    edge = [
        {**created(iso(t), f"far-{i}", names[p % len(names)]), "fields": fields}
        for i, (t, p) in enumerate(zip(far, priorities, strict=False))
    ]
    at = iso(min(max(far) + late, END_INSTANT - 1))
    alone = slac.evaluate(policy, near, at=at)
    together = slac.evaluate(policy, near + edge, at=at)
    # The near tickets read the same with or without the far ones beside them.
    assert together.tickets[: len(alone.tickets)] == alone.tickets
    document = json.loads(json.dumps(together.to_dict()))
    for ticket in document["tickets"]:
        for m in ticket["metrics"]:
            if m["due"] is not None:
                # A due instant is one of the supported years, at or after `at`.
                assert at <= m["due"] <= "2199-12-31T23:59:59Z"
            if m["breached_at"] is not None:
                assert m["breached_at"] <= at


def iso(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
