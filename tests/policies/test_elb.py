"""ELB Learning's agreement (seed 003, `policies/elb.sla`) proven by timelines worked by hand.

The agreement, as the contract §7 reads it: business hours Mon-Fri 09:00-18:00 America/New_York,
US federal holidays closed (14:00-23:00Z under EST until Sun 8 Mar 2026, 13:00-22:00Z under EDT,
14:00-23:00Z again from Sun 1 Nov). Table 2:

    severity  first_response          follow_up
    urgent    2h wall-clock   7200    5h wall-clock  18000
    high      6h business    21600    none
    normal    12h business   43200    none
    low       16h business   57600    none

Urgent hours are real elapsed time (the desk takes urgent tickets 24/7), so nights, weekends and a
clock change count as they pass. A follow-up cycle starts at every public agent comment while the
ticket is unresolved and stops at the next one or at resolution. Excluded: not from the Support
Web Form (`channel` other than `web_form`, or not given), not a Production Instance, the
categories of Exclusions (i)-(v), requests lacking the required information. The agreement names
no pause. First response runs from when the incident is reported in full (§8.5): at `created`
when `info_complete` is true there (its default), else at the `fields` event that sets it; a
ticket never completed stays excluded. US holidays used: Presidents' Day 16 Feb, Independence Day observed Fri 3 Jul,
Thanksgiving 26 Nov 2026.
"""

import pytest
from timeline import (
    Timeline,
    agent,
    check,
    created,
    customer,
    expect,
    expect_cycles,
    expect_ticket,
    fields,
    ids,
    not_applicable,
    reprioritise,
    status,
)


def web(ticket: str, at: str, priority: str, **more) -> dict:
    """A ticket submitted through the Support Web Form (the only channel Table 2 measures)."""
    return created(ticket, at, priority, channel="web_form", **more)


TIMELINES = (
    Timeline(
        "urgent-across-a-friday-night-wall-clock",
        events=(
            web("EL-1", "2026-03-06T22:00:00-05:00", "urgent"),  # Fri 22:00 EST = Sat 03:00Z
            agent("EL-1", "2026-03-07T00:30:00-05:00"),  # Sat 05:30Z
            agent("EL-1", "2026-03-07T05:00:00-05:00"),  # Sat 10:00Z
        ),
        at="2026-03-07T16:00:00Z",  # Sat 11:00 EST
        expects=(
            # 2h wall-clock from 03:00Z passed at 05:00Z; answered 05:30Z: 9000
            expect(
                "EL-1",
                "first_response",
                state="breached",
                elapsed_seconds=9000,
                target_seconds=7200,
                breached_at="2026-03-07T05:00:00Z",
                stopped_at="2026-03-07T05:30:00Z",
            ),
            expect_cycles("EL-1", "follow_up", 2),
            # 05:30Z -> 10:00Z = 4.5h of 5h, on a Saturday
            expect(
                "EL-1",
                "follow_up",
                1,
                state="met",
                elapsed_seconds=16200,
                target_seconds=18000,
                stopped_at="2026-03-07T10:00:00Z",
            ),
            # 10:00Z -> 16:00Z = 6h; 5h passed at 15:00Z
            expect(
                "EL-1",
                "follow_up",
                2,
                state="breached",
                elapsed_seconds=21600,
                breached_at="2026-03-07T15:00:00Z",
                stopped_at=None,
                due=None,
            ),
        ),
    ),
    Timeline(
        "urgent-follow-up-across-the-night-clocks-go-forward",
        events=(
            web("EL-2", "2026-03-07T23:00:00-05:00", "urgent"),  # Sat 23:00 EST = Sun 04:00Z
            agent("EL-2", "2026-03-08T00:00:00-05:00"),  # Sun 00:00 EST = 05:00Z
            agent("EL-2", "2026-03-08T06:00:00-04:00"),  # Sun 06:00 EDT = 10:00Z
        ),
        at="2026-03-08T14:00:00Z",  # Sun 10:00 EDT
        expects=(
            expect("EL-2", "first_response", state="met", elapsed_seconds=3600),
            # 00:00 EST to 06:00 EDT reads 6h on the wall but is 5h real: met at the target
            expect(
                "EL-2",
                "follow_up",
                1,
                state="met",
                elapsed_seconds=18000,
                breached_at=None,
                stopped_at="2026-03-08T10:00:00Z",
            ),
            # 10:00Z -> 14:00Z = 4h; 1h left: 15:00Z
            expect(
                "EL-2",
                "follow_up",
                2,
                state="running",
                elapsed_seconds=14400,
                due="2026-03-08T15:00:00Z",
            ),
        ),
    ),
    Timeline(
        "high-six-business-hours-over-the-weekend-of-the-us-clock-change",
        events=(
            web("EL-3a", "2026-03-06T16:00:00-05:00", "high"),  # Fri 16:00 EST = 21:00Z
            web("EL-3b", "2026-03-06T16:00:00-05:00", "high"),
            agent("EL-3a", "2026-03-09T10:00:00-04:00"),  # Mon 10:00 EDT = 14:00Z
        ),
        at="2026-03-09T16:00:00Z",  # Mon 12:00 EDT
        expects=(
            # Fri 16-18 EST 2h + Mon 09:00-10:00 EDT 1h = 10800
            expect(
                "EL-3a",
                "first_response",
                state="met",
                elapsed_seconds=10800,
                target_seconds=21600,
                stopped_at="2026-03-09T14:00:00Z",
            ),
            # no follow-up target for high: not applicable, elapsed still counted 14-16Z
            expect(
                "EL-3a",
                "follow_up",
                1,
                state="not_applicable",
                elapsed_seconds=7200,
                target=None,
                target_seconds=None,
                due=None,
                breached_at=None,
            ),
            # 2h + Mon 13:00-16:00Z 3h = 18000; 1h left: 17:00Z (13:00 EDT)
            expect(
                "EL-3b",
                "first_response",
                state="running",
                elapsed_seconds=18000,
                due="2026-03-09T17:00:00Z",
            ),
            expect_cycles("EL-3b", "follow_up", 0),
        ),
    ),
    Timeline(
        "normal-twelve-hours-across-presidents-day",
        events=(web("EL-4", "2026-02-13T12:00:00-05:00", "normal"),),  # Fri 12:00 EST
        at="2026-02-13T17:00:00Z",
        expects=(
            # Fri 12-18 6h; Mon 16 Feb closed; Tue 09:00 + 6h = 15:00 EST = 20:00Z
            expect(
                "EL-4",
                "first_response",
                state="running",
                target_seconds=43200,
                due="2026-02-17T20:00:00Z",
            ),
        ),
    ),
    Timeline(
        "low-sixteen-hours-across-independence-day-observed",
        events=(web("EL-5", "2026-07-01T17:00:00-04:00", "low"),),  # Wed 17:00 EDT = 21:00Z
        at="2026-07-01T21:00:00Z",
        expects=(
            # Wed 17-18 1h; Thu 9h; Fri 3 Jul closed; Mon 09:00 + 6h = 15:00 EDT = 19:00Z
            expect(
                "EL-5",
                "first_response",
                state="running",
                target_seconds=57600,
                due="2026-07-06T19:00:00Z",
            ),
        ),
    ),
    Timeline(
        "table-2-notes-and-exclusions",
        events=(
            created("EL-6a", "2026-03-02T10:00:00-05:00", "urgent", channel="chat"),
            created("EL-6b", "2026-03-02T10:00:00-05:00", "urgent"),  # channel not given
            web("EL-6c", "2026-03-02T10:00:00-05:00", "urgent", instance="staging"),
            web("EL-6d", "2026-03-02T10:00:00-05:00", "urgent", category="custom_css"),
            web("EL-6e", "2026-03-02T10:00:00-05:00", "urgent", category="third_party_integration"),
            web("EL-6f", "2026-03-02T10:00:00-05:00", "urgent", info_complete=False),
            web("EL-6g", "2026-03-02T10:00:00-05:00", "urgent", category="reporting"),
        ),
        at="2026-03-02T16:00:00Z",  # Mon 11:00 EST
        expects=(
            expect_ticket(
                "EL-6a", excluded="not submitted through the Support Web Form (Table 2 notes)"
            ),
            expect_ticket(
                "EL-6b", excluded="not submitted through the Support Web Form (Table 2 notes)"
            ),
            expect_ticket("EL-6c", excluded="not a Production Instance (Table 2 notes)"),
            expect_ticket("EL-6d", excluded="excluded category (Exclusions i-v)"),
            expect_ticket("EL-6e", excluded="excluded category (Exclusions i-v)"),
            expect_ticket("EL-6f", excluded="support request lacking required information"),
            *(
                e
                for t in ("EL-6a", "EL-6b", "EL-6c", "EL-6d", "EL-6e", "EL-6f")
                for e in (
                    not_applicable(t, "first_response"),
                    not_applicable(t, "follow_up"),
                    expect_cycles(t, "follow_up", 1),
                )
            ),
            # any other category is measured: 15:00Z -> 16:00Z of 2h wall-clock, due 17:00Z
            expect_ticket("EL-6g", excluded=None),
            expect(
                "EL-6g",
                "first_response",
                state="running",
                elapsed_seconds=3600,
                due="2026-03-02T17:00:00Z",
            ),
        ),
    ),
    Timeline(
        "category-found-to-be-excluded-later",
        events=(
            web("EL-7", "2026-03-03T10:00:00-05:00", "normal"),
            agent("EL-7", "2026-03-03T11:00:00-05:00"),
            fields("EL-7", "2026-03-03T12:00:00-05:00", category="third_party_content"),
        ),
        at="2026-03-03T18:00:00Z",
        expects=(
            expect_ticket("EL-7", excluded="excluded category (Exclusions i-v)"),
            not_applicable("EL-7", "first_response"),
            not_applicable("EL-7", "follow_up"),
        ),
    ),
    Timeline(
        "normal-re-categorised-urgent-breaches-at-the-change",
        events=(
            web("EL-8", "2026-03-09T10:00:00-04:00", "normal"),  # Mon 10:00 EDT = 14:00Z
            reprioritise("EL-8", "2026-03-09T13:00:00-04:00", "urgent"),  # 17:00Z
            agent("EL-8", "2026-03-09T13:30:00-04:00"),  # 17:30Z
        ),
        at="2026-03-09T23:00:00Z",  # Mon 19:00 EDT, after business hours
        expects=(
            expect_ticket("EL-8", priority="urgent"),
            # 3h business at the change > 2h: breached at the change; then 30m wall-clock
            expect(
                "EL-8",
                "first_response",
                state="breached",
                elapsed_seconds=12600,
                target_seconds=7200,
                breached_at="2026-03-09T17:00:00Z",
                stopped_at="2026-03-09T17:30:00Z",
            ),
            # 17:30Z -> 23:00Z wall-clock = 5.5h = 19800; 5h passed at 22:30Z
            expect(
                "EL-8",
                "follow_up",
                1,
                state="breached",
                elapsed_seconds=19800,
                breached_at="2026-03-09T22:30:00Z",
            ),
        ),
    ),
    Timeline(
        "urgent-re-categorised-high-counts-business-hours-from-the-change",
        events=(
            web("EL-9", "2026-03-06T17:00:00-05:00", "urgent"),  # Fri 17:00 EST = 22:00Z
            reprioritise("EL-9", "2026-03-06T17:30:00-05:00", "high"),
            agent("EL-9", "2026-03-09T10:00:00-04:00"),  # Mon 10:00 EDT = 14:00Z
        ),
        at="2026-03-09T15:00:00Z",
        expects=(
            # 30m wall-clock while urgent, Fri 17:30-18:00 EST 30m, Mon 09-10 EDT 1h = 7200
            expect(
                "EL-9",
                "first_response",
                state="met",
                elapsed_seconds=7200,
                target_seconds=21600,
                breached_at=None,
            ),
            expect("EL-9", "follow_up", 1, state="not_applicable", elapsed_seconds=3600),
        ),
    ),
    Timeline(
        "follow-ups-end-at-resolution",
        events=(
            web("EL-10", "2026-03-10T09:00:00-04:00", "urgent"),  # Tue 13:00Z
            agent("EL-10", "2026-03-10T09:30:00-04:00"),  # cycle 1
            agent("EL-10", "2026-03-10T10:00:00-04:00", public=False),  # internal note
            customer("EL-10", "2026-03-10T10:30:00-04:00"),
            status("EL-10", "2026-03-10T11:30:00-04:00", "resolved"),  # 15:30Z
            agent("EL-10", "2026-03-10T12:00:00-04:00"),  # after resolution: no cycle
        ),
        at="2026-03-10T22:00:00Z",
        expects=(
            expect("EL-10", "first_response", state="met", elapsed_seconds=1800),
            expect_cycles("EL-10", "follow_up", 1),
            # 13:30Z -> 15:30Z
            expect(
                "EL-10",
                "follow_up",
                1,
                state="met",
                elapsed_seconds=7200,
                stopped_at="2026-03-10T15:30:00Z",
            ),
        ),
    ),
    Timeline(
        "thanksgiving-normal-due-at-friday-close",
        events=(web("EL-11", "2026-11-25T15:00:00-05:00", "normal"),),  # Wed 15:00 EST
        at="2026-11-25T20:00:00Z",
        expects=(
            # Wed 15-18 3h; Thu 26 closed; Fri 9h -> 12h at Fri 18:00 EST = 23:00Z
            expect("EL-11", "first_response", state="running", due="2026-11-27T23:00:00Z"),
        ),
    ),
    Timeline(
        "clocks-go-back-high-due-monday",
        events=(web("EL-12", "2026-10-30T15:00:00-04:00", "high"),),  # Fri 15:00 EDT = 19:00Z
        at="2026-10-30T19:00:00Z",
        expects=(
            # Fri 15-18 3h; Mon 2 Nov 09:00 EST = 14:00Z + 3h
            expect("EL-12", "first_response", state="running", due="2026-11-02T17:00:00Z"),
        ),
    ),
    Timeline(
        "awaiting-customer-does-not-pause",
        events=(
            web("EL-13", "2026-03-11T08:00:00-04:00", "urgent"),  # Wed 12:00Z
            agent("EL-13", "2026-03-11T08:30:00-04:00"),
            status("EL-13", "2026-03-11T09:00:00-04:00", "awaiting_customer"),
        ),
        at="2026-03-11T18:00:00Z",
        expects=(
            # 12:30Z -> 18:00Z = 5.5h, not paused; 5h passed at 17:30Z
            expect(
                "EL-13",
                "follow_up",
                1,
                state="breached",
                elapsed_seconds=19800,
                breached_at="2026-03-11T17:30:00Z",
            ),
        ),
    ),
    # §8.5: first response runs from when the incident is reported in full.
    Timeline(
        "first-response-starts-when-the-report-is-complete",
        events=(
            web("EL-30", "2026-03-16T09:00:00-04:00", "high", info_complete=False),  # Mon 13:00Z
            fields("EL-30", "2026-03-17T09:00:00-04:00", info_complete=True),  # Tue 13:00Z
            agent("EL-30", "2026-03-17T10:00:00-04:00"),  # Tue 14:00Z
        ),
        at="2026-03-17T16:00:00Z",
        expects=(
            expect_ticket("EL-30", excluded=None),
            # counted from Tue 09:00 EDT, answered 10:00: 1h of 6h, met (not 10h from Monday)
            expect(
                "EL-30",
                "first_response",
                state="met",
                elapsed_seconds=3600,
                target_seconds=21600,
                stopped_at="2026-03-17T14:00:00Z",
            ),
        ),
    ),
    Timeline(
        "incomplete-report-is-excluded-until-completed",
        events=(web("EL-31", "2026-03-16T09:00:00-04:00", "high", info_complete=False),),
        at="2026-03-16T16:00:00Z",
        expects=(
            expect_ticket("EL-31", excluded="support request lacking required information"),
            not_applicable("EL-31", "first_response"),
        ),
    ),
    Timeline(
        "completed-at-the-weekend-counts-from-monday",
        events=(
            web("EL-32", "2026-03-20T17:00:00-04:00", "high", info_complete=False),  # Fri
            fields("EL-32", "2026-03-21T10:00:00-04:00", info_complete=True),  # Sat
        ),
        at="2026-03-23T14:00:00Z",  # Mon 10:00 EDT
        expects=(
            # Sat 10:00 -> Mon 09:00 closed; Mon 09:00-10:00 = 3600 of 6h; due Mon 15:00 EDT
            expect(
                "EL-32",
                "first_response",
                state="running",
                elapsed_seconds=3600,
                due="2026-03-23T19:00:00Z",
            ),
        ),
    ),
    Timeline(
        "urgent-wall-clock-from-completion",
        events=(
            web("EL-33", "2026-03-21T02:00:00-04:00", "urgent", info_complete=False),  # Sat
            fields("EL-33", "2026-03-21T03:00:00-04:00", info_complete=True),
            agent("EL-33", "2026-03-21T04:30:00-04:00"),
        ),
        at="2026-03-21T12:00:00Z",
        expects=(
            # 03:00 -> 04:30 = 5400 of 2h wall-clock: met (2.5h from creation would breach)
            expect(
                "EL-33",
                "first_response",
                state="met",
                elapsed_seconds=5400,
                target_seconds=7200,
                stopped_at="2026-03-21T08:30:00Z",
            ),
        ),
    ),
)


@pytest.fixture(scope="module")
def policy(load_policy):
    return load_policy("elb")


@pytest.mark.parametrize("timeline", TIMELINES, ids=ids(TIMELINES))
def test_elb(policy, timeline):
    check(policy, timeline)
