"""Learn Amp's agreement (seed 000, `policies/learnamp.sla`) proven by timelines worked by hand.

The agreement, as the contract §7 reads it: business hours Mon-Fri 07:00-21:00 Europe/London, a
business day is that 14h window (50,400 s). P3-P5 clocks are closed on England & Wales bank
holidays; P1 and P2 are worked on them ("limited support ... for P1 and P2 issues only"), never at
weekends. Targets (§7.2):

    priority  first_response  reply   resolution
    P1        1h    3600      1h      24h (business hours)   86,400
    P2        2h    7200      2h      3 business days       151,200
    P3        1 business day  50,400  30 business days   1,512,000
    P4        1 business day  50,400  45 business days   2,268,000
    P5        1 business day  50,400  none

Pauses: awaiting_customer and awaiting_third_party (§7.2.1); the customer's next public comment
ends the first (§8.5), a status change ends either. `beta` excludes (§7.1.1).
London is GMT (+00:00) until Sun 29 Mar 2026 01:00 UTC, BST (+01:00) after: the 07:00 opening is
07:00Z before and 06:00Z after. Bank holidays used: Good Friday 3 Apr, Easter Monday 6 Apr,
Early May 4 May 2026.
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
    system,
)

TIMELINES = (
    Timeline(
        "p3-first-response-over-a-weekend",
        events=(
            created("LA-1", "2026-03-06T18:00:00+00:00", "P3"),  # Fri 18:00 GMT
            agent("LA-1", "2026-03-09T17:00:00+00:00"),  # Mon 17:00
        ),
        at="2026-03-09T20:00:00Z",
        expects=(
            # Fri 18:00-21:00 = 3h; Mon 07:00-17:00 = 10h -> 13h = 46800 <= 50400
            expect(
                "LA-1",
                "first_response",
                state="met",
                elapsed_seconds=46800,
                target_seconds=50400,
                stopped_at="2026-03-09T17:00:00Z",
                breached_at=None,
                due=None,
            ),
            # Fri 3h + Mon 07:00-20:00 13h = 16h = 57600. Left 420h - 16h = 404h: Mon 20-21 1h,
            # then 403h = 28 days x 14h + 11h. Business days after Mon 9 Mar: 10-13 (4),
            # 16-20 (9), 23-27 (14), 30, 31, 1 Apr, 2 Apr (18), [3 and 6 Apr bank holidays],
            # 7-10 (22), 13-17 (27), 20 Apr (28); Tue 21 Apr 07:00 BST + 11h = 18:00 BST = 17:00Z
            expect(
                "LA-1",
                "resolution",
                state="running",
                elapsed_seconds=57600,
                target_seconds=1512000,
                due="2026-04-21T17:00:00Z",
            ),
            expect_cycles("LA-1", "reply", 0),
        ),
    ),
    Timeline(
        "p3-resolution-due-across-bst-and-easter",
        events=(created("LA-2", "2026-03-02T07:00:00+00:00", "P3"),),  # Mon 07:00 GMT
        at="2026-03-02T07:00:00Z",
        expects=(
            # 14h from Mon 07:00 -> Mon 21:00 GMT
            expect(
                "LA-2",
                "first_response",
                state="running",
                elapsed_seconds=0,
                target="1 business day",
                target_seconds=50400,
                due="2026-03-02T21:00:00Z",
            ),
            # 30 days: 2-6 Mar (5), 9-13 (10), 16-20 (15), 23-27 (20), 30, 31, 1, 2 Apr (24),
            # 7-10 Apr (28), 13, 14 Apr (30): Tue 14 Apr 21:00 BST = 20:00Z
            expect(
                "LA-2",
                "resolution",
                state="running",
                elapsed_seconds=0,
                target="30 business days",
                target_seconds=1512000,
                due="2026-04-14T20:00:00Z",
            ),
        ),
    ),
    Timeline(
        "good-friday-p1-worked-p3-closed",
        events=(
            created("LA-3a", "2026-04-03T10:00:00+01:00", "P1"),  # Good Friday 10:00 BST
            created("LA-3b", "2026-04-03T10:00:00+01:00", "P3"),
            agent("LA-3a", "2026-04-03T10:45:00+01:00"),
            agent("LA-3b", "2026-04-07T08:00:00+01:00"),  # Tue 08:00 BST
        ),
        at="2026-04-07T07:00:00Z",  # Tue 08:00 BST
        expects=(
            # P1 worked on the bank holiday: 10:00-10:45 = 2700
            expect(
                "LA-3a",
                "first_response",
                state="met",
                elapsed_seconds=2700,
                stopped_at="2026-04-03T09:45:00Z",
            ),
            # 24h: Fri 10:00-21:00 11h; Easter Monday worked for P1: 13h more at 20:00 BST
            # (19:00Z). At Tue 08:00 BST: 11h + 14h + 1h = 26h = 93600
            expect(
                "LA-3a",
                "resolution",
                state="breached",
                target="24h",
                target_seconds=86400,
                elapsed_seconds=93600,
                breached_at="2026-04-06T19:00:00Z",
                due=None,
            ),
            # P3 closed Good Friday and Easter Monday: Tue 07:00-08:00 BST only = 3600
            expect(
                "LA-3b",
                "first_response",
                state="met",
                elapsed_seconds=3600,
                stopped_at="2026-04-07T07:00:00Z",
                breached_at=None,
            ),
            expect("LA-3b", "resolution", state="running", elapsed_seconds=3600),
        ),
    ),
    Timeline(
        "early-may-bank-holiday-p4-closed-p2-worked",
        events=(
            created("LA-4a", "2026-05-01T20:00:00+01:00", "P4"),  # Fri 20:00 BST
            created("LA-4b", "2026-05-01T20:00:00+01:00", "P2"),
        ),
        at="2026-05-05T19:30:00Z",  # Tue 20:30 BST
        expects=(
            # Fri 20-21 1h; Mon 4 May closed; Tue 07:00-20:30 13.5h -> 14.5h = 52200.
            # 14h reached Tue 20:00 BST = 19:00Z, passed at once (still open)
            expect(
                "LA-4a",
                "first_response",
                state="breached",
                elapsed_seconds=52200,
                target_seconds=50400,
                breached_at="2026-05-05T19:00:00Z",
                due=None,
            ),
            # P2 works the bank holiday: Fri 1h, Mon 4 May 07:00-08:00 BST -> passed 07:00Z.
            # Elapsed Fri 1h + Mon 14h + Tue 13.5h = 28.5h = 102600
            expect(
                "LA-4b",
                "first_response",
                state="breached",
                elapsed_seconds=102600,
                target_seconds=7200,
                breached_at="2026-05-04T07:00:00Z",
            ),
            # 42h - 28.5h = 13.5h: Tue 20:30-21:00 0.5h, Wed 07:00 + 13h = 20:00 BST = 19:00Z
            expect(
                "LA-4b",
                "resolution",
                state="running",
                elapsed_seconds=102600,
                target_seconds=151200,
                due="2026-05-06T19:00:00Z",
            ),
        ),
    ),
    Timeline(
        "p2-paused-awaiting-customer",
        events=(
            created("LA-5", "2026-03-10T09:00:00+00:00", "P2"),  # Tue
            status("LA-5", "2026-03-10T09:30:00+00:00", "awaiting_customer"),
            status("LA-5", "2026-03-10T14:00:00+00:00", "open"),
            agent("LA-5", "2026-03-10T15:00:00+00:00"),
        ),
        at="2026-03-10T16:00:00Z",
        expects=(
            # 09:00-09:30 + 14:00-15:00 = 1.5h = 5400
            expect(
                "LA-5",
                "first_response",
                state="met",
                elapsed_seconds=5400,
                stopped_at="2026-03-10T15:00:00Z",
            ),
            # 30m + 14:00-16:00 2h = 9000. Left 42h - 2.5h = 39.5h: Tue 16-21 5h, Wed 14h,
            # Thu 14h, Fri 07:00 + 6.5h = 13:30Z
            expect(
                "LA-5",
                "resolution",
                state="running",
                elapsed_seconds=9000,
                due="2026-03-13T13:30:00Z",
            ),
        ),
    ),
    Timeline(
        "paused-awaiting-third-party-at-the-instant",
        events=(
            created("LA-6", "2026-03-11T08:00:00+00:00", "P3"),  # Wed
            agent("LA-6", "2026-03-11T08:30:00+00:00"),
            status("LA-6", "2026-03-11T10:00:00+00:00", "awaiting_third_party"),
        ),
        at="2026-03-12T12:00:00Z",
        expects=(
            expect("LA-6", "first_response", state="met", elapsed_seconds=1800),
            # 08:00-10:00 then paused: 7200, no due while paused
            expect(
                "LA-6",
                "resolution",
                state="paused",
                elapsed_seconds=7200,
                due=None,
                breached_at=None,
            ),
            expect_cycles("LA-6", "reply", 0),
        ),
    ),
    Timeline(
        "reply-cycles",
        events=(
            created("LA-7", "2026-03-11T10:00:00+00:00", "P2"),  # Wed
            customer("LA-7", "2026-03-11T10:10:00+00:00"),  # before any agent reply: no cycle
            agent("LA-7", "2026-03-11T10:30:00+00:00"),
            customer("LA-7", "2026-03-11T11:00:00+00:00"),  # cycle 1
            customer("LA-7", "2026-03-11T12:00:00+00:00"),  # cycle 1 still running
            agent("LA-7", "2026-03-11T12:30:00+00:00"),
            customer("LA-7", "2026-03-11T20:30:00+00:00"),  # cycle 2
            agent("LA-7", "2026-03-12T08:00:00+00:00"),
            customer("LA-7", "2026-03-12T09:00:00+00:00"),  # cycle 3
            agent("LA-7", "2026-03-12T10:00:00+00:00", public=False),  # internal note
            system("LA-7", "2026-03-12T10:30:00+00:00"),
        ),
        at="2026-03-12T12:00:00Z",
        expects=(
            expect("LA-7", "first_response", state="met", elapsed_seconds=1800),
            expect_cycles("LA-7", "reply", 3),
            # 11:00-12:30 = 5400 <= 7200
            expect(
                "LA-7",
                "reply",
                1,
                state="met",
                elapsed_seconds=5400,
                stopped_at="2026-03-11T12:30:00Z",
            ),
            # Wed 20:30-21:00 + Thu 07:00-08:00 = 5400
            expect(
                "LA-7",
                "reply",
                2,
                state="met",
                elapsed_seconds=5400,
                stopped_at="2026-03-12T08:00:00Z",
            ),
            # 09:00-12:00 = 10800; 2h passed at 11:00; the note and system comment don't stop it
            expect(
                "LA-7",
                "reply",
                3,
                state="breached",
                elapsed_seconds=10800,
                target_seconds=7200,
                breached_at="2026-03-12T11:00:00Z",
                stopped_at=None,
                due=None,
            ),
        ),
    ),
    Timeline(
        "reopen-resumes-resolution-and-resolving-stops-a-reply",
        events=(
            created("LA-8", "2026-03-16T09:00:00+00:00", "P2"),  # Mon
            agent("LA-8", "2026-03-16T09:30:00+00:00"),
            customer("LA-8", "2026-03-16T10:00:00+00:00"),  # reply cycle 1
            status("LA-8", "2026-03-16T11:00:00+00:00", "resolved"),
            customer("LA-8", "2026-03-16T14:00:00+00:00"),  # while resolved: no cycle
            status("LA-8", "2026-03-17T10:00:00+00:00", "open"),  # reopen
            status("LA-8", "2026-03-17T12:00:00+00:00", "resolved"),
        ),
        at="2026-03-17T13:00:00Z",
        expects=(
            expect_cycles("LA-8", "reply", 1),
            # 10:00-11:00, stopped by the resolution
            expect(
                "LA-8",
                "reply",
                1,
                state="met",
                elapsed_seconds=3600,
                stopped_at="2026-03-16T11:00:00Z",
            ),
            # Mon 09:00-11:00 2h + Tue 10:00-12:00 2h = 14400
            expect(
                "LA-8",
                "resolution",
                state="met",
                elapsed_seconds=14400,
                stopped_at="2026-03-17T12:00:00Z",
                due=None,
            ),
        ),
    ),
    Timeline(
        "upgrade-to-p1-breaches-at-the-change",
        events=(
            created("LA-9", "2026-03-03T08:00:00+00:00", "P3"),  # Tue
            reprioritise("LA-9", "2026-03-03T11:00:00+00:00", "P1"),
            agent("LA-9", "2026-03-03T11:30:00+00:00"),
        ),
        at="2026-03-03T12:00:00Z",
        expects=(
            expect_ticket("LA-9", priority="P1"),
            # 3h elapsed at the change > 1h: breached at the change, 11:00
            expect(
                "LA-9",
                "first_response",
                state="breached",
                elapsed_seconds=12600,
                target_seconds=3600,
                breached_at="2026-03-03T11:00:00Z",
                stopped_at="2026-03-03T11:30:00Z",
            ),
            # 08:00-12:00 = 14400; 20h left: Tue 12-21 9h, Wed 07:00 + 11h = 18:00Z
            expect(
                "LA-9",
                "resolution",
                state="running",
                elapsed_seconds=14400,
                target_seconds=86400,
                due="2026-03-04T18:00:00Z",
            ),
        ),
    ),
    Timeline(
        "downgrade-before-the-target-and-upgrade-after-the-stop",
        events=(
            created("LA-10a", "2026-03-04T09:00:00+00:00", "P1"),  # Wed
            reprioritise("LA-10a", "2026-03-04T09:50:00+00:00", "P4"),
            agent("LA-10a", "2026-03-04T11:00:00+00:00"),
            created("LA-10b", "2026-03-04T09:00:00+00:00", "P3"),
            agent("LA-10b", "2026-03-04T12:00:00+00:00"),
            reprioritise("LA-10b", "2026-03-04T13:00:00+00:00", "P1"),
        ),
        at="2026-03-04T14:00:00Z",
        expects=(
            # judged as P4 (in force when it stopped): 2h <= 14h
            expect(
                "LA-10a",
                "first_response",
                state="met",
                elapsed_seconds=7200,
                target_seconds=50400,
                breached_at=None,
            ),
            # stopped under P3 after 3h: the later P1 does not reach back
            expect(
                "LA-10b",
                "first_response",
                state="met",
                elapsed_seconds=10800,
                target_seconds=50400,
                breached_at=None,
            ),
            # still running, so P1's 24h applies: 09:00-14:00 = 18000
            expect(
                "LA-10b", "resolution", state="running", elapsed_seconds=18000, target_seconds=86400
            ),
        ),
    ),
    Timeline(
        "beta-feature-excluded",
        events=(
            created("LA-11a", "2026-03-05T09:00:00+00:00", "P1", beta=True),
            created("LA-11b", "2026-03-05T09:00:00+00:00", "P2"),
            agent("LA-11b", "2026-03-05T09:30:00+00:00"),
            customer("LA-11b", "2026-03-05T09:40:00+00:00"),
            fields("LA-11b", "2026-03-05T10:00:00+00:00", beta=True),
        ),
        at="2026-03-05T15:00:00Z",
        expects=tuple(
            e
            for t in ("LA-11a", "LA-11b")
            for e in (
                expect_ticket(t, excluded="beta feature (§7.1.1)"),
                not_applicable(t, "first_response"),
                not_applicable(t, "reply"),
                expect_cycles(t, "reply", 1),
                not_applicable(t, "resolution"),
            )
        ),
    ),
    Timeline(
        "p5-has-no-resolution-target",
        events=(
            created("LA-12", "2026-03-05T09:00:00+00:00", "P5"),  # Thu
            agent("LA-12", "2026-03-05T09:30:00+00:00"),
        ),
        at="2026-03-05T12:00:00Z",
        expects=(
            expect(
                "LA-12", "first_response", state="met", elapsed_seconds=1800, target_seconds=50400
            ),
            # no target, elapsed still counted: 09:00-12:00
            expect(
                "LA-12",
                "resolution",
                state="not_applicable",
                elapsed_seconds=10800,
                target=None,
                target_seconds=None,
                due=None,
                breached_at=None,
            ),
        ),
    ),
    Timeline(
        "british-summer-time-starts-over-the-weekend",
        events=(
            created("LA-13a", "2026-03-27T15:00:00+00:00", "P3"),  # Fri 15:00 GMT
            created("LA-13b", "2026-03-27T20:00:00+00:00", "P1"),  # Fri 20:00 GMT
            agent("LA-13b", "2026-03-30T07:30:00+01:00"),  # Mon 07:30 BST = 06:30Z
        ),
        at="2026-03-30T12:00:00Z",  # Mon 13:00 BST
        expects=(
            # Fri 15-21 6h + Mon 07:00-13:00 BST 6h = 43200; 8h left from 07:00 BST: 15:00 BST
            expect(
                "LA-13a",
                "first_response",
                state="running",
                elapsed_seconds=43200,
                due="2026-03-30T14:00:00Z",
            ),
            # 1h reached Fri 21:00; passed at the next open second, Mon 07:00 BST = 06:00Z.
            # Fri 1h + Mon 07:00-07:30 = 5400
            expect(
                "LA-13b",
                "first_response",
                state="breached",
                elapsed_seconds=5400,
                breached_at="2026-03-30T06:00:00Z",
                stopped_at="2026-03-30T06:30:00Z",
            ),
        ),
    ),
    Timeline(
        "resolving-stops-first-response-system-ack-does-not",
        events=(
            created("LA-14", "2026-03-12T09:00:00+00:00", "P4"),  # Thu
            system("LA-14", "2026-03-12T09:01:00+00:00"),  # auto-acknowledgement
            status("LA-14", "2026-03-12T10:00:00+00:00", "resolved"),
        ),
        at="2026-03-12T11:00:00Z",
        expects=(
            expect(
                "LA-14",
                "first_response",
                state="met",
                elapsed_seconds=3600,
                stopped_at="2026-03-12T10:00:00Z",
            ),
            expect(
                "LA-14",
                "resolution",
                state="met",
                elapsed_seconds=3600,
                target_seconds=2268000,
                stopped_at="2026-03-12T10:00:00Z",
            ),
            expect_cycles("LA-14", "reply", 0),
        ),
    ),
    Timeline(
        "third-party-pause-holds-a-reply-cycle",
        events=(
            created("LA-15", "2026-03-09T09:00:00+00:00", "P1"),  # Mon
            agent("LA-15", "2026-03-09T09:20:00+00:00"),
            customer("LA-15", "2026-03-09T10:00:00+00:00"),
            status("LA-15", "2026-03-09T10:15:00+00:00", "awaiting_third_party"),
            status("LA-15", "2026-03-09T13:00:00+00:00", "open"),
            agent("LA-15", "2026-03-09T13:30:00+00:00"),
        ),
        at="2026-03-09T14:00:00Z",
        expects=(
            expect("LA-15", "first_response", state="met", elapsed_seconds=1200),
            # 10:00-10:15 + 13:00-13:30 = 2700 <= 3600
            expect(
                "LA-15",
                "reply",
                1,
                state="met",
                elapsed_seconds=2700,
                stopped_at="2026-03-09T13:30:00Z",
            ),
            # 09:00-10:15 75m + 13:00-14:00 60m = 8100. Left 78300 s = 21.75h: Mon 14-21 7h,
            # Tue 14h, Wed 07:00 + 45m = 07:45Z
            expect(
                "LA-15",
                "resolution",
                state="running",
                elapsed_seconds=8100,
                due="2026-03-11T07:45:00Z",
            ),
        ),
    ),
    Timeline(
        "p2-downgraded-to-p3-on-good-friday-stops-holiday-cover",
        events=(
            created("LA-16", "2026-04-03T10:00:00+01:00", "P2"),  # Good Friday 10:00 BST
            reprioritise("LA-16", "2026-04-03T11:00:00+01:00", "P3"),
        ),
        at="2026-04-07T08:00:00Z",  # Tue 09:00 BST
        expects=(
            # 10-11 BST on holiday cover as P2; then P3's calendar: Good Friday and Easter
            # Monday closed, Tue 07-09 BST 2h -> 3h = 10800. 11h left: 20:00 BST = 19:00Z
            expect(
                "LA-16",
                "first_response",
                state="running",
                elapsed_seconds=10800,
                target_seconds=50400,
                due="2026-04-07T19:00:00Z",
            ),
            expect(
                "LA-16",
                "resolution",
                state="running",
                elapsed_seconds=10800,
                target_seconds=1512000,
            ),
        ),
    ),
    Timeline(
        "closed-after-resolved-is-no-reopen-closed-to-open-is",
        events=(
            created("LA-17", "2026-03-16T09:00:00+00:00", "P2"),  # Mon
            status("LA-17", "2026-03-16T10:00:00+00:00", "resolved"),
            status("LA-17", "2026-03-16T11:00:00+00:00", "closed"),
            status("LA-17", "2026-03-17T09:00:00+00:00", "open"),  # Tue
            status("LA-17", "2026-03-17T10:00:00+00:00", "resolved"),
        ),
        at="2026-03-17T12:00:00Z",
        expects=(
            # Mon 09-10 + Tue 09-10 = 7200; nothing counted while resolved or closed
            expect(
                "LA-17",
                "resolution",
                state="met",
                elapsed_seconds=7200,
                stopped_at="2026-03-17T10:00:00Z",
            ),
        ),
    ),
    # §8.5: the customer's reply ends a pause on awaiting_customer, even with no status change.
    Timeline(
        "customer-reply-ends-awaiting-customer",
        events=(
            created("LA-40", "2026-03-09T09:00:00+00:00", "P2"),  # Mon
            status("LA-40", "2026-03-09T10:00:00+00:00", "awaiting_customer"),
            customer("LA-40", "2026-03-09T12:00:00+00:00"),
            agent("LA-40", "2026-03-09T12:30:00+00:00"),
        ),
        at="2026-03-09T13:00:00Z",
        expects=(
            # 09-10 1h + 12-12:30 30m = 5400 of 2h: met
            expect(
                "LA-40",
                "first_response",
                state="met",
                elapsed_seconds=5400,
                stopped_at="2026-03-09T12:30:00Z",
            ),
            # 09-10 1h + 12-13 1h = 7200 of 151200; 40h left: Mon 13-21 8h, Tue 14h, Wed 14h,
            # Thu 07:00 + 4h
            expect(
                "LA-40",
                "resolution",
                state="running",
                elapsed_seconds=7200,
                due="2026-03-12T11:00:00Z",
            ),
        ),
    ),
    Timeline(
        "customer-reply-does-not-end-awaiting-third-party",
        events=(
            created("LA-41", "2026-03-09T09:00:00+00:00", "P2"),
            status("LA-41", "2026-03-09T10:00:00+00:00", "awaiting_third_party"),
            customer("LA-41", "2026-03-09T12:00:00+00:00"),
        ),
        at="2026-03-09T13:00:00Z",
        expects=(expect("LA-41", "resolution", state="paused", elapsed_seconds=3600, due=None),),
    ),
)


@pytest.fixture(scope="module")
def policy(load_policy):
    return load_policy("learnamp")


@pytest.mark.parametrize("timeline", TIMELINES, ids=ids(TIMELINES))
def test_learnamp(policy, timeline):
    check(policy, timeline)
