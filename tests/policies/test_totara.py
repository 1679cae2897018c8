"""Totara's agreement (seed 001, `policies/totara.sla`) proven by timelines worked by hand.

The agreement, as the contract §7 reads it: working hours Mon-Fri 09:00-17:00 Europe/London,
England & Wales bank holidays closed; "1 day" is one 8h working day (28,800 s). Severity table:

    severity  first_response   resolution
    S1        1h      3600     1 business day    28,800
    S2        4h     14400     2 business days   57,600
    S3        8h     28800     3 business days   86,400
    S4        16h    57600     none (N/A*)

Footnote: bugs, change requests (`request`) and issues caused by client-side configuration are not
covered by resolution times. Resolution stops when the steps needed to move forward are shared
(status `next_steps_shared`, §8.5) or at resolution, whichever comes first. The agreement names no pause: a ticket awaiting the customer keeps
its clocks running. London is GMT until Sun 29 Mar 2026 and from Sun 25 Oct 2026, BST (+01:00)
between. Bank holidays used: Good Friday 3 Apr, Easter Monday 6 Apr, Christmas 25 Dec and Boxing
Day observed Mon 28 Dec 2026.
"""

import pytest
from timeline import (
    Timeline,
    agent,
    check,
    created,
    expect,
    expect_ticket,
    fields,
    ids,
    reprioritise,
    status,
)

TIMELINES = (
    Timeline(
        "s1-raised-friday-16h-due-at-friday-close",
        events=(created("TO-1", "2026-03-06T16:00:00+00:00", "S1", type="query"),),  # Fri
        at="2026-03-06T16:30:00Z",
        expects=(
            # 1h from Fri 16:00 reaches the target at Friday's close, 17:00
            expect(
                "TO-1",
                "first_response",
                state="running",
                elapsed_seconds=1800,
                target="1h",
                target_seconds=3600,
                due="2026-03-06T17:00:00Z",
            ),
            # 8h: Fri 16:00-17:00 1h, Mon 09:00 + 7h = 16:00
            expect(
                "TO-1",
                "resolution",
                state="running",
                elapsed_seconds=1800,
                target="1 business day",
                target_seconds=28800,
                due="2026-03-09T16:00:00Z",
            ),
        ),
    ),
    Timeline(
        "s1-answered-before-monday-opening-met-after-breached",
        events=(
            created("TO-2a", "2026-03-06T16:00:00+00:00", "S1", type="query"),  # Fri
            created("TO-2b", "2026-03-06T16:00:00+00:00", "S1", type="query"),
            agent("TO-2a", "2026-03-09T08:30:00+00:00"),  # Mon, before opening
            agent("TO-2b", "2026-03-09T09:30:00+00:00"),
        ),
        at="2026-03-09T10:00:00Z",
        expects=(
            # Fri 16:00-17:00 = 3600, nothing over the weekend: met exactly at the target
            expect(
                "TO-2a",
                "first_response",
                state="met",
                elapsed_seconds=3600,
                breached_at=None,
                stopped_at="2026-03-09T08:30:00Z",
            ),
            # passed the 1h at the first open second beyond it, Mon 09:00; 1h + 30m = 5400
            expect(
                "TO-2b",
                "first_response",
                state="breached",
                elapsed_seconds=5400,
                breached_at="2026-03-09T09:00:00Z",
                stopped_at="2026-03-09T09:30:00Z",
            ),
        ),
    ),
    Timeline(
        "s3-one-day-response-three-day-resolution",
        events=(created("TO-3", "2026-03-10T13:00:00+00:00", "S3", type="query"),),  # Tue
        at="2026-03-10T13:00:00Z",
        expects=(
            # 8h: Tue 13-17 4h, Wed 09:00 + 4h = 13:00
            expect(
                "TO-3",
                "first_response",
                state="running",
                elapsed_seconds=0,
                target_seconds=28800,
                due="2026-03-11T13:00:00Z",
            ),
            # 24h: Tue 4h, Wed 8h, Thu 8h, Fri 09:00 + 4h = 13:00
            expect(
                "TO-3",
                "resolution",
                state="running",
                target="3 business days",
                target_seconds=86400,
                due="2026-03-13T13:00:00Z",
            ),
        ),
    ),
    Timeline(
        "bug-and-request-have-no-resolution-time",
        events=(
            created("TO-4a", "2026-03-11T09:00:00+00:00", "S2", type="bug"),  # Wed
            created("TO-4b", "2026-03-11T09:00:00+00:00", "S2", type="request"),
            created("TO-4c", "2026-03-11T09:00:00+00:00", "S2", type="site_refresh"),
        ),
        at="2026-03-11T12:00:00Z",
        expects=(
            # response times still apply to every type: 3h of 4h, due 13:00
            *(
                expect(
                    t,
                    "first_response",
                    state="running",
                    elapsed_seconds=10800,
                    target_seconds=14400,
                    due="2026-03-11T13:00:00Z",
                )
                for t in ("TO-4a", "TO-4b", "TO-4c")
            ),
            *(
                expect(
                    t,
                    "resolution",
                    state="not_applicable",
                    elapsed_seconds=10800,
                    target=None,
                    target_seconds=None,
                    due=None,
                    breached_at=None,
                )
                for t in ("TO-4a", "TO-4b")
            ),
            expect(
                "TO-4c", "resolution", state="running", elapsed_seconds=10800, target_seconds=57600
            ),
        ),
    ),
    Timeline(
        "client-side-configuration-found-later",
        events=(
            created("TO-5", "2026-03-12T09:00:00+00:00", "S2", type="query"),  # Thu
            agent("TO-5", "2026-03-12T10:00:00+00:00"),
            fields("TO-5", "2026-03-12T11:00:00+00:00", cause="client_configuration"),
        ),
        at="2026-03-12T12:00:00Z",
        expects=(
            expect("TO-5", "first_response", state="met", elapsed_seconds=3600),
            expect(
                "TO-5",
                "resolution",
                state="not_applicable",
                elapsed_seconds=10800,
                target_seconds=None,
                due=None,
            ),
        ),
    ),
    Timeline(
        "s4-sixteen-hours-over-a-weekend-no-resolution-target",
        events=(created("TO-6", "2026-03-05T15:00:00+00:00", "S4", type="query"),),  # Thu
        at="2026-03-05T16:00:00Z",
        expects=(
            # 16h: Thu 15-17 2h, Fri 8h, Mon 09:00 + 6h = 15:00
            expect(
                "TO-6",
                "first_response",
                state="running",
                elapsed_seconds=3600,
                target_seconds=57600,
                due="2026-03-09T15:00:00Z",
            ),
            expect(
                "TO-6",
                "resolution",
                state="not_applicable",
                elapsed_seconds=3600,
                target=None,
                target_seconds=None,
            ),
        ),
    ),
    Timeline(
        "easter-good-friday-and-easter-monday-closed",
        events=(created("TO-7", "2026-04-02T15:00:00+01:00", "S2", type="query"),),  # Thu BST
        at="2026-04-02T14:00:00Z",
        expects=(
            # 4h: Thu 15-17 BST 2h; Fri 3 and Mon 6 Apr closed; Tue 09:00 BST + 2h = 10:00Z
            expect("TO-7", "first_response", state="running", due="2026-04-07T10:00:00Z"),
            # 16h: Thu 2h, Tue 8h, Wed 09:00 BST + 6h = 15:00 BST = 14:00Z
            expect("TO-7", "resolution", state="running", due="2026-04-08T14:00:00Z"),
        ),
    ),
    Timeline(
        "christmas-and-boxing-day-observed",
        events=(created("TO-8", "2026-12-24T12:00:00+00:00", "S3", type="query"),),  # Thu
        at="2026-12-24T12:00:00Z",
        expects=(
            # 8h: Thu 12-17 5h; Fri 25 and Mon 28 Dec closed; Tue 29 09:00 + 3h = 12:00
            expect("TO-8", "first_response", state="running", due="2026-12-29T12:00:00Z"),
            # 24h: Thu 5h, Tue 8h, Wed 8h, Thu 31 Dec 09:00 + 3h = 12:00
            expect("TO-8", "resolution", state="running", due="2026-12-31T12:00:00Z"),
        ),
    ),
    Timeline(
        "clocks-go-back-over-the-weekend",
        events=(
            created("TO-9", "2026-10-23T16:30:00+01:00", "S1", type="query"),  # Fri BST
            agent("TO-9", "2026-10-26T09:15:00+00:00"),  # Mon GMT
        ),
        at="2026-10-26T10:00:00Z",
        expects=(
            # Fri 16:30-17:00 BST 30m + Mon 09:00-09:15 GMT 15m = 2700
            expect("TO-9", "first_response", state="met", elapsed_seconds=2700),
            # 30m + Mon 09:00-10:00 = 5400; 6.5h left: Mon 16:30Z
            expect(
                "TO-9",
                "resolution",
                state="running",
                elapsed_seconds=5400,
                due="2026-10-26T16:30:00Z",
            ),
        ),
    ),
    Timeline(
        "reopen-resumes-resolution-until-breached",
        events=(
            created("TO-10", "2026-03-16T10:00:00+00:00", "S2", type="query"),  # Mon
            status("TO-10", "2026-03-16T11:00:00+00:00", "resolved"),
            status("TO-10", "2026-03-17T09:00:00+00:00", "open"),  # Tue: reopened
        ),
        at="2026-03-19T12:00:00Z",  # Thu
        expects=(
            # resolving stops first response too: 10:00-11:00
            expect(
                "TO-10",
                "first_response",
                state="met",
                elapsed_seconds=3600,
                stopped_at="2026-03-16T11:00:00Z",
            ),
            # Mon 1h + Tue 8h + Wed 8h + Thu 09-12 3h = 20h = 72000; 16h reached at
            # Wed 09:00 + 7h = 16:00 and passed at once
            expect(
                "TO-10",
                "resolution",
                state="breached",
                elapsed_seconds=72000,
                breached_at="2026-03-18T16:00:00Z",
                stopped_at=None,
                due=None,
            ),
        ),
    ),
    Timeline(
        "upgrade-to-s1-breaches-at-the-change",
        events=(
            created("TO-11", "2026-03-11T09:00:00+00:00", "S3", type="query"),  # Wed
            reprioritise("TO-11", "2026-03-11T11:00:00+00:00", "S1"),
        ),
        at="2026-03-11T12:00:00Z",
        expects=(
            expect_ticket("TO-11", priority="S1"),
            # 2h at the change > 1h
            expect(
                "TO-11",
                "first_response",
                state="breached",
                elapsed_seconds=10800,
                target_seconds=3600,
                breached_at="2026-03-11T11:00:00Z",
            ),
            # 3h of 8h: 5h left, 17:00
            expect(
                "TO-11",
                "resolution",
                state="running",
                elapsed_seconds=10800,
                target_seconds=28800,
                due="2026-03-11T17:00:00Z",
            ),
        ),
    ),
    Timeline(
        "upgrade-to-s2-breached-when-the-count-passes-later",
        events=(
            created("TO-12", "2026-03-12T09:00:00+00:00", "S4", type="query"),  # Thu
            reprioritise("TO-12", "2026-03-12T10:00:00+00:00", "S2"),
        ),
        at="2026-03-12T15:00:00Z",
        expects=(
            # 1h at the change < 4h; the count passes 4h at 13:00
            expect(
                "TO-12",
                "first_response",
                state="breached",
                elapsed_seconds=21600,
                target_seconds=14400,
                breached_at="2026-03-12T13:00:00Z",
            ),
        ),
    ),
    Timeline(
        "downgrade-before-the-target",
        events=(
            created("TO-13", "2026-03-13T09:00:00+00:00", "S1", type="query"),  # Fri
            reprioritise("TO-13", "2026-03-13T09:45:00+00:00", "S3"),
            agent("TO-13", "2026-03-13T12:00:00+00:00"),
        ),
        at="2026-03-13T12:00:00Z",
        expects=(
            # judged as S3 (in force when it stopped): 3h <= 8h
            expect(
                "TO-13",
                "first_response",
                state="met",
                elapsed_seconds=10800,
                target_seconds=28800,
                breached_at=None,
                stopped_at="2026-03-13T12:00:00Z",
            ),
        ),
    ),
    Timeline(
        "awaiting-customer-does-not-pause",
        events=(
            created("TO-14", "2026-03-02T09:00:00+00:00", "S2", type="query"),  # Mon
            status("TO-14", "2026-03-02T10:00:00+00:00", "awaiting_customer"),
        ),
        at="2026-03-02T15:00:00Z",
        expects=(
            # 09:00-15:00 = 6h; 4h passed at 13:00
            expect(
                "TO-14",
                "first_response",
                state="breached",
                elapsed_seconds=21600,
                breached_at="2026-03-02T13:00:00Z",
            ),
            # 6h of 16h, still running: Mon 15-17 2h, Tue 09:00 + 8h = 17:00
            expect(
                "TO-14",
                "resolution",
                state="running",
                elapsed_seconds=21600,
                due="2026-03-03T17:00:00Z",
            ),
        ),
    ),
    Timeline(
        "event-order-same-instant-unsorted-and-after-at",
        events=(
            created("TO-15a", "2026-03-02T10:00:00+00:00", "S3", type="query"),  # Mon
            agent("TO-15a", "2026-03-02T10:00:00+00:00"),  # same instant, after in the file
            agent("TO-15b", "2026-03-02T12:00:00+00:00"),  # the file need not be sorted
            created("TO-15b", "2026-03-02T09:00:00+00:00", "S3", type="query"),
            created("TO-15c", "2026-03-02T09:00:00+00:00", "S3", type="query"),
            agent("TO-15c", "2026-03-02T15:00:00+00:00"),  # after `at`: ignored
        ),
        at="2026-03-02T13:00:00Z",
        expects=(
            expect(
                "TO-15a",
                "first_response",
                state="met",
                elapsed_seconds=0,
                stopped_at="2026-03-02T10:00:00Z",
            ),
            expect(
                "TO-15b",
                "first_response",
                state="met",
                elapsed_seconds=10800,
                stopped_at="2026-03-02T12:00:00Z",
            ),
            # 09:00-13:00 = 4h of 8h: due 17:00
            expect(
                "TO-15c",
                "first_response",
                state="running",
                elapsed_seconds=14400,
                stopped_at=None,
                due="2026-03-02T17:00:00Z",
            ),
        ),
    ),
    Timeline(
        "exactly-at-the-target-is-not-yet-breached",
        events=(created("TO-16", "2026-03-02T09:00:00+00:00", "S1", type="query"),),  # Mon
        at="2026-03-02T10:00:00Z",
        expects=(
            # 3600 of 3600: reached, not passed; still running, due now
            expect(
                "TO-16",
                "first_response",
                state="running",
                elapsed_seconds=3600,
                breached_at=None,
                due="2026-03-02T10:00:00Z",
            ),
        ),
    ),
    Timeline(
        "one-second-past-the-target-is-breached",
        events=(created("TO-17", "2026-03-02T09:00:00+00:00", "S1", type="query"),),  # Mon
        at="2026-03-02T10:00:01Z",
        expects=(
            # the 3601st second starts at 10:00:00: that is when the count passed 1h
            expect(
                "TO-17",
                "first_response",
                state="breached",
                elapsed_seconds=3601,
                breached_at="2026-03-02T10:00:00Z",
                due=None,
            ),
        ),
    ),
    # §8.5: resolution also stops when the steps needed to move forward are shared.
    Timeline(
        "resolution-stops-when-next-steps-are-shared",
        events=(
            created("TO-40", "2026-03-09T09:00:00+00:00", "S2", type="query"),  # Mon
            agent("TO-40", "2026-03-09T10:00:00+00:00"),
            status("TO-40", "2026-03-10T11:00:00+00:00", "next_steps_shared"),
            status("TO-40", "2026-03-11T15:00:00+00:00", "resolved"),
        ),
        at="2026-03-12T12:00:00Z",
        expects=(
            # Mon 09-17 8h + Tue 09-11 2h = 36000 of 57600; the later resolution changes nothing
            expect(
                "TO-40",
                "resolution",
                state="met",
                elapsed_seconds=36000,
                stopped_at="2026-03-10T11:00:00Z",
            ),
        ),
    ),
    Timeline(
        "next-steps-shared-late-is-breached",
        events=(
            created("TO-41", "2026-03-09T09:00:00+00:00", "S1", type="query"),  # Mon
            status("TO-41", "2026-03-10T11:00:00+00:00", "next_steps_shared"),
        ),
        at="2026-03-10T12:00:00Z",
        expects=(
            # Mon 09-17 8h = 28800 is the whole 1 day; Tue 09-11 2h more: passed at Tue 09:00
            expect(
                "TO-41",
                "resolution",
                state="breached",
                elapsed_seconds=36000,
                breached_at="2026-03-10T09:00:00Z",
                stopped_at="2026-03-10T11:00:00Z",
            ),
        ),
    ),
)


@pytest.fixture(scope="module")
def policy(load_policy):
    return load_policy("totara")


@pytest.mark.parametrize("timeline", TIMELINES, ids=ids(TIMELINES))
def test_totara(policy, timeline):
    check(policy, timeline)
