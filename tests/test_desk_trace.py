"""`slac trace DESK EVENTS TICKET`: the ticket routed as `slac evaluate DESK` routes it, then
traced under that policy (docs/desk.md#output, docs/formats.md#slac-trace---format-json).

Two teams, two calendars, worked by hand (February 2026: London is GMT, UTC+0; New York is
EST, UTC-5):
- `early` (team uk): `office`, Mon-Fri 09:00-17:00 Europe/London = 09:00-17:00Z; resolution 4h.
- `late` (team us): `shift`, Mon-Fri 08:00-12:00 America/New_York = 13:00-17:00Z; resolution
  3h; two versions of the one file, from 2026-02-01 and 2026-02-03 (midnight in New York,
  05:00Z).
Both tickets below are created Mon 2 February 15:00Z and judged Tue 3 February 12:00Z, so only
the routed policy's calendar tells their segments apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_jobs import slac


def policy(name: str, zone: str, calendar: str, hours: str, target: str) -> str:
    """One team's policy: one calendar, every clock in it, one resolution target."""
    return f"""policy {name} "the {name} team" {{
  timezone "{zone}"
  calendar {calendar} {{ zone "{zone}"; mon-fri {hours} }}
  priorities P1
  business hours {calendar}
  metric resolution {{ start on created; stop on resolved }}
  targets {{
    priority  resolution
    P1        {target}
  }}
}}
"""


EARLY = policy("early", "Europe/London", "office", "09:00-17:00", "4h")
LATE = policy("late", "America/New_York", "shift", "08:00-12:00", "3h")

DESK = """desk helpdesk "two teams, two calendars"
field team
use early "early.sla"
use late "late.sla" from 2026-02-01
use late "late.sla" from 2026-02-03
route team == "uk" to early
route team == "us" to late
otherwise no agreement
"""

AT = "2026-02-03T12:00:00Z"


def created(ticket: str, at: str, team: str, priority: str = "P1") -> dict[str, object]:
    return {"at": at, "event": "created", "ticket": ticket, "priority": priority,
            "fields": {"team": team}}  # fmt: skip


EVENTS = [
    created("U-1", "2026-02-02T15:00:00Z", "uk"),
    created("S-1", "2026-02-02T15:00:00Z", "us"),
    created("S-0", "2026-01-30T15:00:00Z", "us"),  # before either version of `late`
    created("X-1", "2026-02-02T16:00:00Z", "fr"),  # `otherwise no agreement`
]


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    (tmp_path / "early.sla").write_text(EARLY)
    (tmp_path / "late.sla").write_text(LATE)
    (tmp_path / "helpdesk.desk").write_text(DESK)
    write_events(tmp_path / "events.jsonl", EVENTS)
    return tmp_path / "helpdesk.desk"


def write_events(path: Path, events: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(e) + "\n" for e in events))


def trace(desk: Path, ticket: str, *options: str) -> tuple[int, str, str]:
    events = str(desk.parent / "events.jsonl")
    status, out, err = slac("trace", str(desk), events, ticket, "--at", AT, *options)
    return status, out.decode(), err.decode()


def segment(start: str, end: str, counting: bool, reason: str) -> dict[str, object]:
    return {"from": start, "to": end, "counting": counting, "reason": reason}


def test_a_uk_ticket_is_traced_under_early_and_its_office_hours(desk):
    status, out, err = trace(desk, "U-1", "--format", "json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert (data["policy"], data["desk"], data["version"]) == ("early", "helpdesk", None)
    [metric] = data["metrics"]
    # Mon 15:00-17:00 open (2h); closed to Tue 09:00; Tue 09:00-11:00 open (4h reached:
    # breached at 11:00, a segment boundary); 11:00-12:00 open. 2 + 2 + 1 = 5h counted.
    assert metric["segments"] == [
        segment("2026-02-02T15:00:00Z", "2026-02-02T17:00:00Z", True, "open"),
        segment("2026-02-02T17:00:00Z", "2026-02-03T09:00:00Z", False, "closed hours"),
        segment("2026-02-03T09:00:00Z", "2026-02-03T11:00:00Z", True, "open"),
        segment("2026-02-03T11:00:00Z", "2026-02-03T12:00:00Z", True, "open"),
    ]
    assert (metric["state"], metric["elapsed_seconds"]) == ("breached", 5 * 3600)
    assert metric["breached_at"] == "2026-02-03T11:00:00Z"


def test_a_us_ticket_is_traced_under_late_and_its_shift(desk):
    status, out, err = trace(desk, "S-1", "--format", "json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    # Created Mon 2 Feb 15:00Z: the version of `late` in force then is the one from 1 February.
    assert (data["policy"], data["desk"], data["version"]) == ("late", "helpdesk", "2026-02-01")
    [metric] = data["metrics"]
    # Mon 15:00-17:00Z open (2h of 3h); closed from 17:00Z (12:00 EST) until Tue 13:00Z.
    assert metric["segments"] == [
        segment("2026-02-02T15:00:00Z", "2026-02-02T17:00:00Z", True, "open"),
        segment("2026-02-02T17:00:00Z", "2026-02-03T12:00:00Z", False, "closed hours"),
    ]
    assert (metric["state"], metric["elapsed_seconds"]) == ("running", 2 * 3600)
    assert metric["due"] == "2026-02-03T14:00:00Z"  # the last hour: Tue 13:00-14:00Z


def test_the_table_names_the_routed_policy_and_the_desk_in_its_title(desk):
    status, out, err = trace(desk, "S-1", "--format", "table")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    # Instants in the routed policy's zone: 12:00Z is 07:00 EST.
    assert (
        lines[0]
        == "S-1 (late from 2026-02-01, routed by desk helpdesk) at 2026-02-03 07:00 EST (12:00Z)"
    )
    rows = [line.split() for line in lines if line.startswith("  2026-")]
    assert [(row[0], row[1], row[4], row[5], row[8]) for row in rows] == [
        ("2026-02-02", "10:00", "2026-02-02", "12:00", "yes"),  # EST: 10:00-12:00, the shift
        ("2026-02-02", "12:00", "2026-02-03", "07:00", "no"),
    ]
    status, out, _ = trace(desk, "U-1", "--format", "table")
    assert (
        out.splitlines()[0]
        == "U-1 (early, routed by desk helpdesk) at 2026-02-03 12:00 GMT (12:00Z)"
    )


def test_versions_at_traces_under_the_version_in_force_at_at(desk):
    status, out, err = trace(desk, "S-1", "--format", "json", "--versions", "at")
    assert (status, err) == (0, "")
    assert json.loads(out)["version"] == "2026-02-03"


def test_a_policys_own_trace_has_no_desk_keys(desk):
    write_events(desk.parent / "early.jsonl", [created("U-1", "2026-02-02T15:00:00Z", "uk")])
    events = str(desk.parent / "early.jsonl")
    status, out, _ = slac("trace", str(desk.parent / "early.sla"), events, "U-1", "--at", AT)
    assert status == 0
    assert list(json.loads(out)) == [
        "policy", "at", "ticket", "priority", "excluded", "created_at", "priorities", "metrics"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("ticket", "message"),
    [
        ("X-1", "slac: cannot trace: ticket `X-1` is under no agreement: desk `helpdesk` "
                "routes it to no policy\n"),
        ("S-0", "slac: cannot trace: ticket `S-0` is under no agreement: no version of "
                "`late` is in force when it was created\n"),
        ("Z-9", "slac: cannot trace: no ticket `Z-9` is created at or before "
                "2026-02-03T12:00:00Z\n"),
    ],
)  # fmt: skip
def test_a_ticket_under_no_policy_or_unknown_is_exit_2(desk, ticket, message):
    assert trace(desk, ticket) == (2, "", message)


def test_versions_at_before_every_version_is_no_agreement(desk):
    events = str(desk.parent / "events.jsonl")
    argv = ("--at", "2026-01-31T00:00:00Z", "--versions", "at")  # S-0 is created on 30 January
    assert slac("trace", str(desk), events, "S-0", *argv) == (
        2,
        b"",
        b"slac: cannot trace: ticket `S-0` is under no agreement: no version of `late` is in "
        b"force at --at\n",
    )


def test_a_ticket_created_after_at_is_unknown_whatever_its_route(desk):
    write_events(
        desk.parent / "events.jsonl", [*EVENTS, created("U-2", "2026-02-04T09:00:00Z", "uk")]
    )
    assert trace(desk, "U-2") == (
        2,
        "",
        "slac: cannot trace: no ticket `U-2` is created at or before 2026-02-03T12:00:00Z\n",
    )


def test_an_invalid_line_is_exit_2_as_for_evaluate(desk):
    # P9 is no priority of `early`, the policy the line's ticket is routed to.
    write_events(desk.parent / "events.jsonl", [*EVENTS, created("U-3", AT, "uk", "P9")])
    status, out, err = trace(desk, "U-1")
    assert (status, out) == (2, "")
    assert "events.jsonl:5:" in err and "P9" in err and "Traceback" not in err
