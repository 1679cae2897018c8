"""`slac.trace` and `slac trace`: one ticket's clocks as segments, worked by hand.

Calendars: `office`, Mon-Fri 09:00-17:00 Europe/London with England & Wales bank holidays
(April 2026 is BST, so 08:00-16:00 UTC; Good Friday is Fri 3 April, Easter Monday Mon 6
April); `late`, Mon-Fri 20:00-02:00 UTC, a window that crosses midnight and belongs to the
day it opens on. P1 counts in `late`, P2 in `office`. Every bound below is worked out in the
comment next to it from those calendars. A property test then holds trace to evaluate for
random timelines: the counting segments add up to evaluate's elapsed, the states agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slac
from slac.cli import main
from slac.evaluation.results import iso_z

POLICY_TEXT = """policy traced "trace timelines" {
  timezone "Europe/London"
  calendar office { zone "Europe/London"; mon-fri 09:00-17:00; holidays GB/ENG }
  calendar late { zone "UTC"; mon-fri 20:00-02:00 }
  field beta: bool = false
  priorities P1, P2
  business hours by priority { P1: late; P2: office }
  pause when status awaiting_customer
  metric first_response { start on created; stop on public comment by agent; stop on resolved }
  metric resolution { start on created; stop on resolved; resume on reopen }
  targets {
    priority  first_response  resolution
    P1        1h              8h
    P2        2h              16h
  }
  exclude "beta features are not covered" when beta
}
"""
POLICY = slac.loads(POLICY_TEXT)


def created(at, priority="P2", ticket="T-1", **fields):
    return {"at": at, "event": "created", "ticket": ticket, "priority": priority, "fields": fields}


def status(at, value, ticket="T-1"):
    return {"at": at, "event": "status", "ticket": ticket, "status": value}


def comment(at, author="agent", ticket="T-1"):
    return {"at": at, "event": "comment", "ticket": ticket, "author": author, "public": True}


def reprioritise(at, priority, ticket="T-1"):
    return {"at": at, "event": "priority", "ticket": ticket, "priority": priority}


def seg(start, end, counting, reason):
    return {
        "from": f"2026-04-{start}:00Z",
        "to": f"2026-04-{end}:00Z",
        "counting": counting,
        "reason": reason,
    }


def metrics(events, at):
    """Each metric's JSON, by name."""
    traced = slac.trace(POLICY, events, "T-1", at=at).to_dict()
    return {m["metric"]: m for m in traced["metrics"]}


def test_a_pause_across_a_weekend():
    # P2, office. Created Fri 10 April 16:00 BST, waiting on the customer from 16:30 BST until
    # Mon 13 April 11:00 BST, answered 11:30 BST; judged at 13:00 BST.
    events = [
        created("2026-04-10T15:00:00Z"),
        status("2026-04-10T15:30:00Z", "awaiting_customer"),
        status("2026-04-13T10:00:00Z", "open"),
        comment("2026-04-13T10:30:00Z"),
    ]
    got = metrics(events, "2026-04-13T12:00:00Z")
    first = got["first_response"]
    assert first["segments"] == [
        seg("10T15:00", "10T15:30", True, "open"),  # 30 min
        seg("10T15:30", "13T10:00", False, "paused: awaiting_customer"),
        seg("13T10:00", "13T10:30", True, "open"),  # 30 min more
    ]
    assert (first["state"], first["elapsed_seconds"]) == ("met", 3600)
    assert first["stopped_at"] == "2026-04-13T10:30:00Z"
    resolution = got["resolution"]
    assert resolution["segments"] == [
        seg("10T15:00", "10T15:30", True, "open"),
        seg("10T15:30", "13T10:00", False, "paused: awaiting_customer"),
        seg("13T10:00", "13T12:00", True, "open"),  # 2 h: 2 h 30 of 16 h in all
    ]
    assert (resolution["state"], resolution["elapsed_seconds"]) == ("running", 9000)


def test_easter_closes_the_office_and_says_which_holiday():
    # P2 created Thu 2 April 16:00 BST: an hour to closing, then Good Friday, the weekend,
    # Easter Monday, the night; Tue 7 April 09:00-09:30 BST counts. 1 h 30 of 2 h: due 10:00.
    got = metrics([created("2026-04-02T15:00:00Z")], "2026-04-07T08:30:00Z")["first_response"]
    assert got["segments"] == [
        seg("02T15:00", "02T16:00", True, "open"),
        seg("02T16:00", "03T08:00", False, "closed hours"),
        seg("03T08:00", "03T16:00", False, "holiday: Good Friday"),
        seg("03T16:00", "06T08:00", False, "closed hours"),
        seg("06T08:00", "06T16:00", False, "holiday: Easter Monday"),
        seg("06T16:00", "07T08:00", False, "closed hours"),
        seg("07T08:00", "07T08:30", True, "open"),
    ]
    assert (got["state"], got["elapsed_seconds"]) == ("running", 5400)
    assert got["due"] == "2026-04-07T09:00:00Z"


def test_a_reprioritisation_moves_the_clock_to_the_other_calendar():
    # P2 (office) created Mon 13 April 09:00 BST (08:00Z); named P1 at 10:00Z, from then on in
    # `late` (20:00-02:00 UTC). First response: 2 h counted by 10:00Z against P1's 1 h, passed
    # at 09:00Z but P1 only applies from 10:00Z: breached at 10:00Z. Judged Tue 01:00Z:
    # 2 h + 20:00-01:00Z = 7 h counted.
    events = [created("2026-04-13T08:00:00Z"), reprioritise("2026-04-13T10:00:00Z", "P1")]
    traced = slac.trace(POLICY, events, "T-1", at="2026-04-14T01:00:00Z").to_dict()
    assert traced["priority"] == "P1"
    assert traced["priorities"] == [
        {"at": "2026-04-13T08:00:00Z", "priority": "P2", "how": "named", "fields": []},
        {"at": "2026-04-13T10:00:00Z", "priority": "P1", "how": "named", "fields": []},
    ]
    first, resolution = traced["metrics"]
    timeline = [
        seg("13T08:00", "13T10:00", True, "open"),  # office
        seg("13T10:00", "13T20:00", False, "closed hours"),  # late, not open yet
        seg("13T20:00", "14T01:00", True, "open"),  # late's Monday window
    ]
    assert first["segments"] == timeline
    assert (first["state"], first["elapsed_seconds"]) == ("breached", 25200)
    assert first["breached_at"] == "2026-04-13T10:00:00Z"
    assert first["reached_at"] == "2026-04-13T09:00:00Z"  # the count reached 1 h here
    # Resolution: 7 h of P1's 8 h; the window open till 02:00Z gives the last hour.
    assert resolution["segments"] == timeline
    assert (resolution["state"], resolution["elapsed_seconds"]) == ("running", 25200)
    assert resolution["due"] == "2026-04-14T02:00:00Z"


def test_a_reopen_resumes_the_resolution_clock():
    # P2 office: created Mon 13 April 08:00Z, resolved 09:00Z, reopened Tue 10:00Z, resolved
    # again 11:00Z. Resolution: 1 h + 1 h; the first response stopped for good at 09:00Z.
    events = [
        created("2026-04-13T08:00:00Z"),
        status("2026-04-13T09:00:00Z", "resolved"),
        status("2026-04-14T10:00:00Z", "open"),
        status("2026-04-14T11:00:00Z", "resolved"),
    ]
    got = metrics(events, "2026-04-14T12:00:00Z")
    assert got["resolution"]["segments"] == [
        seg("13T08:00", "13T09:00", True, "open"),
        seg("13T09:00", "14T10:00", False, "stopped"),
        seg("14T10:00", "14T11:00", True, "open"),
    ]
    assert (got["resolution"]["state"], got["resolution"]["elapsed_seconds"]) == ("met", 7200)
    assert got["resolution"]["stopped_at"] == "2026-04-14T11:00:00Z"
    assert got["first_response"]["segments"] == [seg("13T08:00", "13T09:00", True, "open")]


def test_a_window_across_midnight():
    # P1 (late) created Fri 10 April 19:00Z: Friday's window 20:00Z-Sat 02:00Z counts, the
    # weekend does not, Monday's window from 20:00Z does. 1 h passed at 21:00Z Friday, which
    # splits the window: the breach is a boundary. 6 h + 1 h counted by Mon 21:00Z.
    got = metrics([created("2026-04-10T19:00:00Z", "P1")], "2026-04-13T21:00:00Z")
    first = got["first_response"]
    assert first["segments"] == [
        seg("10T19:00", "10T20:00", False, "closed hours"),
        seg("10T20:00", "10T21:00", True, "open"),
        seg("10T21:00", "11T02:00", True, "open"),
        seg("11T02:00", "13T20:00", False, "closed hours"),
        seg("13T20:00", "13T21:00", True, "open"),
    ]
    assert (first["state"], first["elapsed_seconds"]) == ("breached", 25200)
    assert first["breached_at"] == "2026-04-10T21:00:00Z"


def test_an_excluded_ticket_counts_nothing_and_says_why():
    traced = slac.trace(
        POLICY, [created("2026-04-13T08:00:00Z", beta=True)], "T-1", at="2026-04-13T09:00:00Z"
    ).to_dict()
    assert traced["excluded"] == "beta features are not covered"
    for metric in traced["metrics"]:
        assert metric["state"] == "not_applicable" and metric["elapsed_seconds"] == 0
        assert metric["segments"] == [
            seg("13T08:00", "13T09:00", False, "excluded: beta features are not covered")
        ]


def test_only_the_tickets_own_events_matter():
    events = [
        created("2026-04-13T08:00:00Z"),
        created("2026-04-13T08:00:00Z", ticket="T-2"),
        comment("2026-04-13T08:10:00Z", ticket="T-2"),
    ]
    got = metrics(events, "2026-04-13T08:30:00Z")["first_response"]
    assert got["segments"] == [seg("13T08:00", "13T08:30", True, "open")]


def test_an_unknown_ticket_is_a_value_error():
    with pytest.raises(ValueError, match="no ticket `T-9`"):
        slac.trace(POLICY, [created("2026-04-13T08:00:00Z")], "T-9", at="2026-04-14T00:00:00Z")
    with pytest.raises(ValueError, match="no ticket `T-1`"):  # created after `at`
        slac.trace(POLICY, [created("2026-04-13T08:00:00Z")], "T-1", at="2026-04-12T00:00:00Z")


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path):
    policy = tmp_path / "traced.sla"
    policy.write_text(POLICY_TEXT, encoding="utf-8")
    events = tmp_path / "events.jsonl"
    lines = [created("2026-04-02T15:00:00Z"), comment("2026-04-07T08:30:00Z")]
    events.write_text("".join(json.dumps(e) + "\n" for e in lines), encoding="utf-8")
    return str(policy), str(events)


def test_cli_json_is_the_api(files, capsys):
    policy, events = files
    at = "2026-04-08T00:00:00Z"
    assert main(["trace", policy, events, "T-1", "--at", at, "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    lines = [json.loads(line) for line in Path(events).read_text(encoding="utf-8").splitlines()]
    assert printed == slac.trace(POLICY, lines, "T-1", at=at).to_dict()
    assert list(printed) == [
        "policy",
        "at",
        "ticket",
        "priority",
        "excluded",
        "created_at",
        "priorities",
        "metrics",
    ]


def test_cli_table_shows_local_time_beside_utc(files, capsys):
    policy, events = files
    assert (
        main(["trace", policy, events, "T-1", "--at", "2026-04-08T00:00:00Z", "--format", "table"])
        == 0
    )
    out = capsys.readouterr().out
    assert "first_response: met, 1:30 of 2:00 counted (target 2h)" in out
    # Good Friday in the office's zone, with UTC beside it.
    assert (
        "2026-04-03 09:00 BST  08:00Z  2026-04-03 17:00 BST  16:00Z  no       8:00  holiday: Good Friday"
        in out
    )


def test_cli_unknown_ticket_is_exit_2(files, capsys):
    policy, events = files
    assert main(["trace", policy, events, "NOPE", "--at", "2026-04-08T00:00:00Z"]) == 2
    assert "no ticket `NOPE`" in capsys.readouterr().err


def test_cli_invalid_events_are_exit_2(files, tmp_path, capsys):
    policy, _ = files
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"at": "yesterday", "event": "created"}\n', encoding="utf-8")
    assert main(["trace", policy, str(bad), "T-1", "--at", "2026-04-08T00:00:00Z"]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:1:" in err and "Traceback" not in err
    # `slac trace` has no --skip-invalid, so its message does not point at one.
    assert err.endswith(f"slac: {bad}: 1 invalid event line; nothing evaluated\n")


# -- trace agrees with evaluate ---------------------------------------------------------------

MONDAY = 1775433600  # Mon 6 April 2026 00:00Z (Easter Monday: a holiday in the office)
STEP = st.tuples(
    st.integers(0, 1800),  # minutes after the previous event
    st.sampled_from(
        ("agent", "customer", "awaiting_customer", "open", "resolved", "P1", "P2", "beta")
    ),
)


def _event(when: str, kind: str) -> dict:
    if kind in ("agent", "customer"):
        return comment(when, kind)
    if kind in ("P1", "P2"):
        return reprioritise(when, kind)
    if kind == "beta":
        return {"at": when, "event": "fields", "ticket": "T-1", "fields": {"beta": True}}
    return status(when, kind)


@settings(max_examples=150, deadline=None)
@given(
    start=st.integers(0, 9 * 24 * 60),
    priority=st.sampled_from(("P1", "P2")),
    steps=st.lists(STEP, max_size=12),
    tail=st.integers(0, 5000),
)
def test_counting_segments_add_up_to_evaluates_elapsed(start, priority, steps, tail):
    t = MONDAY + start * 60
    events = [created(iso_z(t), priority)]
    for minutes, kind in steps:
        t += minutes * 60
        events.append(_event(iso_z(t), kind))
    at = t + tail * 60
    (expected,) = slac.evaluate(POLICY, events, at=at).tickets
    traced = slac.trace(POLICY, events, "T-1", at=at)
    assert [m.result for m in traced.metrics] == list(expected.metrics)
    for metric in traced.metrics:
        segments = metric.segments
        counted = sum(s.end - s.start for s in segments if s.counting)
        assert counted == metric.result.elapsed_seconds
        # Consecutive, from the ticket's creation to the stop (or `at`).
        end = metric.result.stopped_at if metric.result.stopped_at is not None else at
        bounds = [MONDAY + start * 60, *(s.end for s in segments)]
        assert [s.start for s in segments] == bounds[:-1]
        assert bounds[-1] == end
        assert all(s.start < s.end for s in segments)


def test_not_started_until_the_start_trigger():
    # A metric started by a status: `not started` from creation, then the office counts.
    policy = slac.loads(
        POLICY_TEXT.replace(
            "  targets {",
            "  metric escalation { start on status escalated; stop on resolved }\n  targets {",
        )
        .replace("first_response  resolution\n", "first_response  resolution  escalation\n")
        .replace("1h              8h\n", "1h              8h          4h\n")
        .replace("2h              16h\n", "2h              16h         4h\n")
    )
    events = [created("2026-04-13T08:00:00Z"), status("2026-04-13T10:00:00Z", "escalated")]
    traced = slac.trace(policy, events, "T-1", at="2026-04-13T11:00:00Z").to_dict()
    escalation = traced["metrics"][2]
    assert escalation["segments"] == [
        seg("13T08:00", "13T10:00", False, "not started"),
        seg("13T10:00", "13T11:00", True, "open"),
    ]
    assert escalation["started_at"] == "2026-04-13T10:00:00Z"
    assert (escalation["state"], escalation["elapsed_seconds"]) == ("running", 3600)
    never = slac.trace(policy, events[:1], "T-1", at="2026-04-13T09:00:00Z").to_dict()
    assert never["metrics"][2]["state"] == "pending"
    assert never["metrics"][2]["segments"] == [seg("13T08:00", "13T09:00", False, "not started")]


def test_a_fields_change_re_derives_the_priority():
    """Impero's matrix (policies/impero.sla): severe impact with medium urgency is P2, with
    high urgency P1; IMP-5013 of the example month has its urgency raised 26 minutes in."""
    root = Path(__file__).resolve().parent.parent
    policy = slac.load(root / "policies" / "impero.sla")
    lines = (root / "examples" / "impero" / "events.jsonl").read_text(encoding="utf-8")
    events = [json.loads(line) for line in lines.splitlines()]
    traced = slac.trace(policy, events, "IMP-5013", at="2026-04-01T00:00:00Z").to_dict()
    assert traced["priorities"] == [
        {"at": "2026-03-23T23:16:00Z", "priority": "P2", "how": "derived", "fields": []},
        {"at": "2026-03-23T23:42:00Z", "priority": "P1", "how": "derived", "fields": ["urgency"]},
    ]


def test_a_recorded_ticket_fed_out_of_order_is_recorded_again():
    """`Evaluator(policy, recorders=...)` fed an older event re-folds the ticket; its recorder
    then holds the re-fold only, the same as in-order feeding gives."""
    from slac.evaluation import Evaluator
    from slac.evaluation.recorder import Recorder

    events = [
        created("2026-04-13T08:00:00Z"),
        status("2026-04-13T10:00:00Z", "resolved"),
        status("2026-04-13T09:00:00Z", "awaiting_customer"),
    ]
    recorded = []
    for order in (events, sorted(events, key=lambda e: e["at"])):
        recorder = Recorder()
        evaluator = Evaluator(POLICY, recorders={"T-1": recorder})
        for event in order:
            evaluator.feed(event)
        recorded.append([(log.start, log.phases) for log in recorder.logs.values()])
    assert recorded[0] == recorded[1]
    assert len(recorded[0]) == 2  # first response and resolution, each once


def test_a_ticket_excluded_at_the_instant_it_is_judged_has_no_segments():
    # Found by the property test: [created, at) is empty, so no segment, not a 0-second one.
    traced = slac.trace(
        POLICY, [created("2026-04-13T08:00:00Z", beta=True)], "T-1", at="2026-04-13T08:00:00Z"
    ).to_dict()
    assert [m["segments"] for m in traced["metrics"]] == [[], []]
