"""Impero's agreement (seed 004, `policies/impero.sla`) proven by timelines worked by hand.

The agreement, as the contract §7 reads it. Priority (§5.4) from urgency (rows) x impact (columns):

                severe  high  medium  low
    high        P1      P1    P1      P1
    medium      P2      P2    P3      P4
    low         P3      P3    P4      P4

unless a priority is named (on `created` or by a `priority` event), which then sticks; other ticket
types are P5. Desk hours by `region` (§5.2), Mon-Fri, a working day being the desk's window:

    uk   08:00-01:00 Europe/London (E&W holidays)   17h  61,200 s
    gst  12:00-21:00 Asia/Dubai = 08-17Z (E&W hol.)   9h  32,400 s
    est  08:00-20:00 America/New_York (US holidays)  12h  43,200 s
    cst  07:00-19:00 America/Chicago                 12h
    mst  06:00-18:00 America/Denver                  12h
    pst  05:00-17:00 America/Los_Angeles             12h

The UK window crosses midnight and belongs to the day it opens: Friday's runs to Saturday 01:00; a
bank holiday closes the window opening that day (Good Friday 08:00 to Saturday 01:00), not
Thursday's, which runs into Good Friday until 01:00. Targets (§5.5, §5.6): first response P1 1h,
P2 2h, P3 4h, P4 8h, P5 8h; resolution P1 1, P2 2, P3 3, P4 5 working days, P5 none. Pause on
`awaiting_customer` only, until the customer's next public comment (or the next status change).
Code fix (§5.6): P1 the next relevant emergency release, P2 the next planned release, P3/P4 the
next relevant release ("relevant": its products list the ticket's product, or it lists none),
releases counted cumulatively (a fix shipped earlier, in any release, meets the row). The 95%
objectives are for all priorities together.
Clock changes 2026: US 8 Mar, UK 29 Mar (BST +01:00 until 25 Oct).
"""

import pytest
from timeline import (
    Timeline,
    agent,
    check,
    created,
    customer,
    expect,
    expect_ticket,
    fields,
    ids,
    release,
    reprioritise,
    status,
)

EMERGENCY = "next relevant emergency release"  # §5.6 P1 "Emergency release"


def incident(ticket: str, at: str, urgency: str, impact: str, priority=None, **more) -> dict:
    return created(ticket, at, priority, urgency=urgency, impact=impact, **more)


TIMELINES = (
    Timeline(
        "uk-friday-23-30-window-runs-to-saturday-01-00",
        events=(incident("IM-1", "2026-03-06T23:30:00+00:00", "medium", "severe"),),  # Fri, P2
        at="2026-03-06T23:45:00Z",
        expects=(
            expect_ticket("IM-1", priority="P2"),
            # 2h: Fri 23:30 - Sat 01:00 1.5h; Mon 08:00 + 30m
            expect(
                "IM-1",
                "first_response",
                state="running",
                elapsed_seconds=900,
                target_seconds=7200,
                due="2026-03-09T08:30:00Z",
            ),
            # 2 working days = 34h: Fri 1.5h; Mon 08:00 - Tue 01:00 17h (18.5h);
            # Tue 08:00 + 15.5h = 23:30
            expect(
                "IM-1",
                "resolution",
                state="running",
                target="2 working days",
                target_seconds=122400,
                due="2026-03-10T23:30:00Z",
            ),
        ),
    ),
    Timeline(
        "uk-friday-night-answers-after-midnight-and-on-monday",
        events=(
            incident("IM-2a", "2026-03-06T23:30:00+00:00", "medium", "severe"),  # Fri, P2
            incident("IM-2b", "2026-03-06T23:30:00+00:00", "medium", "severe"),
            agent("IM-2a", "2026-03-07T00:45:00+00:00"),  # Sat 00:45, still Friday's window
            agent("IM-2b", "2026-03-09T08:45:00+00:00"),  # Mon
        ),
        at="2026-03-09T09:00:00Z",
        expects=(
            # Fri 23:30 - Sat 00:45 = 4500
            expect("IM-2a", "first_response", state="met", elapsed_seconds=4500),
            # 1.5h on Friday night + Mon 08:00-08:45 = 8100; 2h passed at Mon 08:30
            expect(
                "IM-2b",
                "first_response",
                state="breached",
                elapsed_seconds=8100,
                breached_at="2026-03-09T08:30:00Z",
                stopped_at="2026-03-09T08:45:00Z",
            ),
        ),
    ),
    Timeline(
        "priority-matrix-cells-and-p5-types",
        events=(
            incident("IM-3a", "2026-03-03T09:00:00+00:00", "high", "low"),
            incident("IM-3b", "2026-03-03T09:00:00+00:00", "medium", "high"),
            incident("IM-3c", "2026-03-03T09:00:00+00:00", "medium", "medium"),
            incident("IM-3d", "2026-03-03T09:00:00+00:00", "medium", "low"),
            incident("IM-3e", "2026-03-03T09:00:00+00:00", "low", "severe"),
            incident("IM-3f", "2026-03-03T09:00:00+00:00", "low", "medium"),
            created("IM-3g", "2026-03-03T09:00:00+00:00", type="information_request"),
            # not an incident: the matrix does not apply even with urgency and impact set
            created(
                "IM-3h",
                "2026-03-03T09:00:00+00:00",
                type="change_request",
                urgency="high",
                impact="severe",
            ),
        ),
        at="2026-03-03T09:00:00Z",
        expects=(
            # first response 1h/2h/4h/8h; resolution 1/2/3/5 working days of 17h at the UK desk
            expect_ticket("IM-3a", priority="P1"),
            expect("IM-3a", "first_response", target_seconds=3600),
            expect("IM-3a", "resolution", target="1 working day", target_seconds=61200),
            expect_ticket("IM-3b", priority="P2"),
            expect("IM-3b", "first_response", target_seconds=7200),
            expect("IM-3b", "resolution", target_seconds=122400),
            expect_ticket("IM-3c", priority="P3"),
            expect("IM-3c", "first_response", target_seconds=14400),
            expect("IM-3c", "resolution", target_seconds=183600),
            expect_ticket("IM-3d", priority="P4"),
            expect("IM-3d", "first_response", target_seconds=28800),
            expect("IM-3d", "resolution", target="5 working days", target_seconds=306000),
            expect_ticket("IM-3e", priority="P3"),
            expect_ticket("IM-3f", priority="P4"),
            *(
                e
                for t in ("IM-3g", "IM-3h")
                for e in (
                    expect_ticket(t, priority="P5"),
                    expect(t, "first_response", target_seconds=28800),
                    expect(
                        t, "resolution", state="not_applicable", target=None, target_seconds=None
                    ),
                )
            ),
        ),
    ),
    Timeline(
        "fields-change-re-derives-the-priority",
        events=(
            incident("IM-4", "2026-03-10T10:00:00+00:00", "low", "medium"),  # Tue, P4
            fields("IM-4", "2026-03-10T10:30:00+00:00", urgency="high"),  # -> P1
        ),
        at="2026-03-10T10:45:00Z",
        expects=(
            expect_ticket("IM-4", priority="P1"),
            # 45m of P1's 1h (30m < 1h at the change): due 11:00
            expect(
                "IM-4",
                "first_response",
                state="running",
                elapsed_seconds=2700,
                target_seconds=3600,
                due="2026-03-10T11:00:00Z",
            ),
            # 17h from Tue 10:00: Tue 10:00 - Wed 01:00 15h, Wed 08:00 + 2h = 10:00
            expect(
                "IM-4",
                "resolution",
                state="running",
                elapsed_seconds=2700,
                target_seconds=61200,
                due="2026-03-11T10:00:00Z",
            ),
        ),
    ),
    Timeline(
        "named-priority-sticks",
        events=(
            incident("IM-5a", "2026-03-10T10:00:00+00:00", "high", "severe", "P4"),  # named
            fields("IM-5a", "2026-03-10T11:00:00+00:00", urgency="low"),
            incident("IM-5b", "2026-03-10T10:00:00+00:00", "medium", "medium"),  # P3
            reprioritise("IM-5b", "2026-03-10T10:30:00+00:00", "P2"),
            fields("IM-5b", "2026-03-10T11:00:00+00:00", urgency="low", impact="low"),
        ),
        at="2026-03-10T11:30:00Z",
        expects=(
            # the matrix would say P1: the named P4 wins, and the fields change keeps it
            expect_ticket("IM-5a", priority="P4"),
            expect(
                "IM-5a",
                "first_response",
                state="running",
                elapsed_seconds=5400,
                target_seconds=28800,
            ),
            # the priority event overrides; the later fields change (P4 by the matrix) does not
            expect_ticket("IM-5b", priority="P2"),
            expect(
                "IM-5b",
                "first_response",
                state="running",
                elapsed_seconds=5400,
                target_seconds=7200,
                due="2026-03-10T12:00:00Z",
            ),
        ),
    ),
    Timeline(
        "service-request-p5-has-no-resolution-target",
        events=(
            created("IM-6", "2026-03-11T09:00:00+00:00", type="service_request"),  # Wed
            agent("IM-6", "2026-03-11T12:00:00+00:00"),
        ),
        at="2026-03-11T13:00:00Z",
        expects=(
            expect(
                "IM-6", "first_response", state="met", elapsed_seconds=10800, target_seconds=28800
            ),
            expect(
                "IM-6",
                "resolution",
                state="not_applicable",
                elapsed_seconds=14400,
                target=None,
                due=None,
                breached_at=None,
            ),
        ),
    ),
    Timeline(
        "est-desk-after-the-us-clock-change",
        events=(
            # Mon 19:00 EDT = 23:00Z; P2
            incident("IM-7", "2026-03-09T19:00:00-04:00", "medium", "high", region="est"),
        ),
        at="2026-03-09T23:00:00Z",
        expects=(
            # Mon 19-20 EDT 1h; Tue 08:00 EDT = 12:00Z + 1h
            expect("IM-7", "first_response", state="running", due="2026-03-10T13:00:00Z"),
            # 2 working days of 12h = 24h: Mon 1h, Tue 12h, Wed 08:00 EDT + 11h = 23:00Z
            expect(
                "IM-7",
                "resolution",
                state="running",
                target_seconds=86400,
                due="2026-03-11T23:00:00Z",
            ),
        ),
    ),
    Timeline(
        "pst-desk-one-working-day-is-its-12h-window",
        events=(
            # Mon 05:00 PST = 13:00Z; P1
            incident("IM-8", "2026-03-02T05:00:00-08:00", "high", "high", region="pst"),
        ),
        at="2026-03-02T13:00:00Z",
        expects=(
            expect("IM-8", "first_response", state="running", due="2026-03-02T14:00:00Z"),
            # 12h: Mon 17:00 PST = Tue 01:00Z
            expect(
                "IM-8",
                "resolution",
                state="running",
                target_seconds=43200,
                due="2026-03-03T01:00:00Z",
            ),
        ),
    ),
    Timeline(
        "cst-desk-over-the-weekend-of-the-us-clock-change",
        events=(
            # Fri 18:00 CST = Sat 00:00Z; P3
            incident("IM-9", "2026-03-06T18:00:00-06:00", "low", "high", region="cst"),
        ),
        at="2026-03-07T00:00:00Z",
        expects=(
            # 4h: Fri 18-19 CST 1h; Mon 07:00 CDT = 12:00Z + 3h
            expect("IM-9", "first_response", state="running", due="2026-03-09T15:00:00Z"),
        ),
    ),
    Timeline(
        "mst-desk-over-presidents-day",
        events=(
            # Fri 17:00 MST = Sat 00:00Z; P4
            incident("IM-10", "2026-02-13T17:00:00-07:00", "low", "low", region="mst"),
        ),
        at="2026-02-14T00:00:00Z",
        expects=(
            # 8h: Fri 17-18 MST 1h; Mon 16 Feb closed; Tue 06:00 MST = 13:00Z + 7h
            expect("IM-10", "first_response", state="running", due="2026-02-17T20:00:00Z"),
        ),
    ),
    Timeline(
        "gst-desk-over-easter",
        events=(
            # Thu 19:00 Dubai = 15:00Z; P3
            incident("IM-11", "2026-04-02T19:00:00+04:00", "low", "severe", region="gst"),
        ),
        at="2026-04-02T15:00:00Z",
        expects=(
            # 4h: Thu 15-17Z 2h; Good Friday, Easter Monday closed; Tue 08:00Z + 2h
            expect("IM-11", "first_response", state="running", due="2026-04-07T10:00:00Z"),
            # 3 working days of 9h = 27h: Thu 2h, Tue 9h, Wed 9h, Thu 9 Apr 08:00Z + 7h
            expect(
                "IM-11",
                "resolution",
                state="running",
                target_seconds=97200,
                due="2026-04-09T15:00:00Z",
            ),
        ),
    ),
    Timeline(
        "uk-thursday-window-runs-into-good-friday",
        events=(
            # Thu 23:30 BST = 22:30Z; P1
            incident("IM-12", "2026-04-02T23:30:00+01:00", "high", "medium"),
            agent("IM-12", "2026-04-03T00:45:00+01:00"),  # Good Friday 00:45 BST = Thu 23:45Z
        ),
        at="2026-04-03T12:00:00Z",
        expects=(
            # Thursday's window is open to Fri 01:00 BST: 1h passed at 00:30 BST = 23:30Z
            expect(
                "IM-12",
                "first_response",
                state="breached",
                elapsed_seconds=4500,
                breached_at="2026-04-02T23:30:00Z",
                stopped_at="2026-04-02T23:45:00Z",
            ),
            # Thu 23:30 - Fri 01:00 BST = 5400; Good Friday's and Easter Monday's windows closed;
            # 15.5h left: Tue 7 Apr 08:00 + 15.5h = 23:30 BST = 22:30Z
            expect(
                "IM-12",
                "resolution",
                state="running",
                elapsed_seconds=5400,
                due="2026-04-07T22:30:00Z",
            ),
        ),
    ),
    Timeline(
        "uk-after-midnight-belongs-to-easter-monday-closed",
        events=(
            # Tue 00:15 BST = Mon 23:15Z; P2
            incident("IM-13", "2026-04-07T00:15:00+01:00", "medium", "high"),
        ),
        at="2026-04-07T07:00:00Z",  # Tue 08:00 BST
        expects=(
            # 00:15-01:00 Tuesday is Easter Monday's window: closed. Opens 08:00 BST + 2h
            expect(
                "IM-13",
                "first_response",
                state="running",
                elapsed_seconds=0,
                due="2026-04-07T09:00:00Z",
            ),
        ),
    ),
    Timeline(
        "region-change-moves-the-clock-to-the-new-desk",
        events=(
            incident("IM-14", "2026-03-09T20:00:00+00:00", "medium", "severe"),  # Mon, P2, uk
            fields("IM-14", "2026-03-09T21:00:00+00:00", region="pst"),  # 14:00 PDT
        ),
        at="2026-03-09T21:30:00Z",
        expects=(
            # uk 20:00-21:00 1h + pst 21:00-21:30 = 5400; 2h reached 22:00Z (15:00 PDT)
            expect(
                "IM-14",
                "first_response",
                state="running",
                elapsed_seconds=5400,
                due="2026-03-09T22:00:00Z",
            ),
            # 2 working days at the PST desk = 24h; 22.5h left: Mon 21:30Z - 00:00Z (17:00 PDT)
            # 2.5h, Tue 12:00Z-00:00Z 12h, Wed 12:00Z + 8h = 20:00Z
            expect(
                "IM-14",
                "resolution",
                state="running",
                elapsed_seconds=5400,
                target_seconds=86400,
                due="2026-03-11T20:00:00Z",
            ),
        ),
    ),
    Timeline(
        "awaiting-customer-pauses-awaiting-third-party-does-not",
        events=(
            incident("IM-15a", "2026-03-11T09:00:00+00:00", "medium", "medium"),  # Wed, P3
            status("IM-15a", "2026-03-11T10:00:00+00:00", "awaiting_customer"),
            status("IM-15a", "2026-03-11T12:00:00+00:00", "open"),
            status("IM-15a", "2026-03-11T13:00:00+00:00", "awaiting_third_party"),
            incident("IM-15b", "2026-03-11T09:00:00+00:00", "medium", "medium"),
            status("IM-15b", "2026-03-11T10:00:00+00:00", "awaiting_customer"),
        ),
        at="2026-03-11T14:00:00Z",
        expects=(
            # 09-10 + 12-14 = 3h of 4h: due 15:00
            expect(
                "IM-15a",
                "first_response",
                state="running",
                elapsed_seconds=10800,
                due="2026-03-11T15:00:00Z",
            ),
            expect("IM-15a", "resolution", state="running", elapsed_seconds=10800),
            expect("IM-15b", "first_response", state="paused", elapsed_seconds=3600, due=None),
            expect("IM-15b", "resolution", state="paused", elapsed_seconds=3600, due=None),
        ),
    ),
    Timeline(
        "p1-code-fix-next-emergency-release-fixes-or-not",
        events=(
            incident("IM-16a", "2026-03-16T09:00:00+00:00", "high", "severe"),  # Mon, P1
            incident("IM-16b", "2026-03-16T09:00:00+00:00", "high", "severe"),
            agent("IM-16a", "2026-03-16T09:20:00+00:00"),
            agent("IM-16b", "2026-03-16T09:20:00+00:00"),
            fields("IM-16a", "2026-03-16T10:00:00+00:00", code_fix=True),
            fields("IM-16b", "2026-03-16T10:00:00+00:00", code_fix=True),
            release("2026-03-19T18:00:00+00:00", "2026.3.1", "emergency", fixes=("IM-16a",)),
        ),
        at="2026-03-20T09:00:00Z",
        expects=(
            # the 1-working-day timeframe no longer applies: met at the emergency release (it
            # lists no products, so it is relevant to every product), 3 days later
            expect(
                "IM-16a",
                "resolution",
                state="met",
                target="next relevant emergency release",
                target_seconds=None,
                breached_at=None,
                stopped_at="2026-03-19T18:00:00Z",
            ),
            expect(
                "IM-16b",
                "resolution",
                state="breached",
                target="next relevant emergency release",
                breached_at="2026-03-19T18:00:00Z",
            ),
        ),
    ),
    Timeline(
        "p2-code-fix-waits-for-the-planned-release",
        events=(
            incident("IM-17a", "2026-03-16T09:00:00+00:00", "medium", "high"),  # Mon, P2
            incident("IM-17b", "2026-03-16T09:00:00+00:00", "medium", "high"),
            fields("IM-17a", "2026-03-16T11:00:00+00:00", code_fix=True),
            fields("IM-17b", "2026-03-16T11:00:00+00:00", code_fix=True),
            release("2026-03-18T12:00:00+00:00", "2026.3.1", "emergency", fixes=()),
            release("2026-03-23T18:00:00+00:00", "2026.4", "planned", fixes=("IM-17a",)),
        ),
        at="2026-03-24T09:00:00Z",
        expects=(
            # the emergency release on 18 Mar is not the target
            expect(
                "IM-17a",
                "resolution",
                state="met",
                target="next planned release",
                stopped_at="2026-03-23T18:00:00Z",
            ),
            expect("IM-17b", "resolution", state="breached", breached_at="2026-03-23T18:00:00Z"),
        ),
    ),
    Timeline(
        "p2-code-fix-met-by-an-earlier-emergency-fix-else-running-without-due",
        events=(
            incident("IM-18", "2026-03-16T09:00:00+00:00", "medium", "high"),  # Mon, P2
            fields("IM-18", "2026-03-16T11:00:00+00:00", code_fix=True),
            incident("IM-18b", "2026-03-16T09:00:00+00:00", "medium", "high"),  # Mon, P2
            fields("IM-18b", "2026-03-16T11:00:00+00:00", code_fix=True),
            release("2026-03-18T12:00:00+00:00", "2026.3.1", "emergency", fixes=("IM-18",)),
        ),
        at="2026-03-20T12:00:00Z",
        expects=(
            # §8.3: releases count cumulatively, so the emergency fix counts for the next planned
            # release. Counted to it: Mon 09:00 - Tue 01:00 16h, Tue 08:00 - Wed 01:00 17h,
            # Wed 08:00 - 12:00 4h = 37h = 133200 s
            expect(
                "IM-18",
                "resolution",
                state="met",
                target="next planned release",
                target_seconds=None,
                elapsed_seconds=133200,
                due=None,
                breached_at=None,
                stopped_at="2026-03-18T12:00:00Z",
            ),
            # not fixed by it: still waiting for the planned release, with no due instant
            expect(
                "IM-18b",
                "resolution",
                state="running",
                target="next planned release",
                target_seconds=None,
                due=None,
                breached_at=None,
                stopped_at=None,
            ),
        ),
    ),
    Timeline(
        "p3-p4-code-fix-next-relevant-release",
        events=(
            incident(
                "IM-19a",
                "2026-03-16T09:00:00+00:00",
                "low",
                "high",  # P3
                product="edaware",
                code_fix=True,
            ),
            incident(
                "IM-19b",
                "2026-03-16T09:00:00+00:00",
                "low",
                "low",  # P4
                product="edlink",
                code_fix=True,
            ),
            incident(
                "IM-19c",
                "2026-03-16T09:00:00+00:00",
                "medium",
                "low",  # P4
                product="backdrop",
                code_fix=True,
            ),
            release(
                "2026-03-17T18:00:00+00:00",
                "EP 9.2",
                "planned",
                products=("education_pro",),
                fixes=(),
            ),
            release(
                "2026-03-19T18:00:00+00:00",
                "EA 4.1",
                "patch",
                products=("edaware", "edlink"),
                fixes=("IM-19a",),
            ),
            release("2026-03-23T18:00:00+00:00", "2026.4", "planned", fixes=("IM-19c",)),
        ),
        at="2026-03-24T09:00:00Z",
        expects=(
            # 17 Mar is for another product; 19 Mar lists edaware and fixes it
            expect(
                "IM-19a",
                "resolution",
                state="met",
                target="next relevant release",
                stopped_at="2026-03-19T18:00:00Z",
            ),
            # 19 Mar lists edlink but does not fix it
            expect(
                "IM-19b",
                "resolution",
                state="breached",
                target="next relevant release",
                breached_at="2026-03-19T18:00:00Z",
            ),
            # backdrop: the first release listing it or listing no products is 23 Mar
            expect("IM-19c", "resolution", state="met", stopped_at="2026-03-23T18:00:00Z"),
        ),
    ),
    Timeline(
        "release-before-the-code-fix-flag-does-not-count",
        events=(
            incident("IM-20", "2026-03-16T09:00:00+00:00", "high", "low"),  # Mon, P1
            release("2026-03-16T12:00:00+00:00", "2026.3.1", "emergency", fixes=()),
            fields("IM-20", "2026-03-16T13:00:00+00:00", code_fix=True),
        ),
        at="2026-03-16T15:00:00Z",
        expects=(expect("IM-20", "resolution", state="running", target=EMERGENCY, due=None),),
    ),
    Timeline(
        "fields-change-upgrade-breaches-at-the-change",
        events=(
            incident("IM-21", "2026-03-10T10:00:00+00:00", "low", "medium"),  # Tue, P4
            fields("IM-21", "2026-03-10T11:30:00+00:00", urgency="high"),  # -> P1
        ),
        at="2026-03-10T12:00:00Z",
        expects=(
            expect_ticket("IM-21", priority="P1"),
            # 1.5h at the change > P1's 1h: breached at the change
            expect(
                "IM-21",
                "first_response",
                state="breached",
                elapsed_seconds=7200,
                target_seconds=3600,
                breached_at="2026-03-10T11:30:00Z",
            ),
        ),
    ),
    Timeline(
        "code-fix-flagged-after-the-duration-passed-is-met-by-its-release",
        events=(
            incident("IM-22", "2026-03-16T09:00:00+00:00", "high", "severe"),  # Mon, P1
            agent("IM-22", "2026-03-16T09:10:00+00:00"),
            # 17h would have passed Tue 09:00 (Mon 09:00 - Tue 01:00 16h, Tue 08:00 + 1h)
            fields("IM-22", "2026-03-18T10:00:00+00:00", code_fix=True),
            release("2026-03-19T18:00:00+00:00", "2026.3.2", "emergency", fixes=("IM-22",)),
        ),
        at="2026-03-20T09:00:00Z",
        expects=(
            # contract §3: while code_fix holds the release, not the duration, is the target
            expect(
                "IM-22",
                "resolution",
                state="met",
                target=EMERGENCY,
                breached_at=None,
                stopped_at="2026-03-19T18:00:00Z",
            ),
        ),
    ),
    Timeline(
        "uk-saturday-00-30-still-counts-in-fridays-window",
        events=(incident("IM-23", "2026-03-07T00:30:00+00:00", "high", "severe"),),  # Sat, P1
        at="2026-03-07T00:50:00Z",
        expects=(
            # Sat 00:30-00:50 = 1200, inside Friday's 08:00-01:00 window; 1h: 00:30-01:00
            # 30m, Mon 08:00 + 30m
            expect(
                "IM-23",
                "first_response",
                state="running",
                elapsed_seconds=1200,
                due="2026-03-09T08:30:00Z",
            ),
        ),
    ),
    Timeline(
        "code-fix-withdrawn-the-working-day-applies-again",
        events=(
            incident("IM-24", "2026-03-16T09:00:00+00:00", "high", "severe"),  # Mon, P1
            fields("IM-24", "2026-03-16T10:00:00+00:00", code_fix=True),
            fields("IM-24", "2026-03-16T12:00:00+00:00", code_fix=False),  # a workaround
        ),
        at="2026-03-16T13:00:00Z",
        expects=(
            # 09:00-13:00 = 4h of 17h; 13h left: Mon 13:00 - Tue 01:00 12h, Tue 08:00 + 1h
            expect(
                "IM-24",
                "resolution",
                state="running",
                target="1 working day",
                target_seconds=61200,
                elapsed_seconds=14400,
                due="2026-03-17T09:00:00Z",
            ),
        ),
    ),
    Timeline(
        "code-fix-ticket-resolved-before-the-release",
        events=(
            incident("IM-25", "2026-03-16T09:00:00+00:00", "medium", "severe"),  # Mon, P2
            fields("IM-25", "2026-03-16T10:00:00+00:00", code_fix=True),
            status("IM-25", "2026-03-17T10:00:00+00:00", "resolved"),
            release("2026-03-24T19:00:00+00:00", "2026.3.4", "planned", fixes=()),
        ),
        at="2026-03-25T09:00:00Z",
        expects=(
            # resolving stops the metric as usual; the later release does not judge it
            expect(
                "IM-25",
                "resolution",
                state="met",
                breached_at=None,
                stopped_at="2026-03-17T10:00:00Z",
            ),
        ),
    ),
    # §8.5: the P1 code-fix target is the next emergency release of the ticket's product.
    Timeline(
        "p1-code-fix-unrelated-releases-do-not-breach",
        events=(
            incident("IM-40", "2026-03-16T09:00:00+00:00", "high", "severe", product="edlink"),
            agent("IM-40", "2026-03-16T09:20:00+00:00"),
            fields("IM-40", "2026-03-16T10:00:00+00:00", code_fix=True),
            release("2026-03-16T14:00:00+00:00", "2026.3.1", "planned"),
            release("2026-03-17T12:00:00+00:00", "2026.3.2", "emergency", products=["edaware"]),
        ),
        at="2026-03-17T13:00:00Z",
        expects=(
            # Mon 09:00 - Tue 01:00 16h, Tue 08:00-13:00 5h = 75600, waiting for its release
            expect(
                "IM-40",
                "resolution",
                state="running",
                target=EMERGENCY,
                elapsed_seconds=75600,
                due=None,
                breached_at=None,
            ),
        ),
    ),
    Timeline(
        "p1-code-fix-emergency-release-of-its-product",
        events=(
            incident("IM-41", "2026-03-16T09:00:00+00:00", "high", "severe", product="edlink"),
            fields("IM-41", "2026-03-16T10:00:00+00:00", code_fix=True),
            release(
                "2026-03-17T12:00:00+00:00", "2026.3.2", "emergency", fixes=(), products=["edlink"]
            ),
        ),
        at="2026-03-17T13:00:00Z",
        expects=(
            expect(
                "IM-41",
                "resolution",
                state="breached",
                target=EMERGENCY,
                breached_at="2026-03-17T12:00:00Z",
            ),
        ),
    ),
    Timeline(
        "customer-reply-ends-awaiting-customer",
        events=(
            incident("IM-42", "2026-03-11T09:00:00+00:00", "medium", "medium"),  # Wed, P3
            status("IM-42", "2026-03-11T10:00:00+00:00", "awaiting_customer"),
            customer("IM-42", "2026-03-11T12:00:00+00:00"),
        ),
        at="2026-03-11T14:00:00Z",
        expects=(
            # 09-10 1h + 12-14 2h = 3h of 4h: due 15:00 (the status still says awaiting)
            expect(
                "IM-42",
                "first_response",
                state="running",
                elapsed_seconds=10800,
                due="2026-03-11T15:00:00Z",
            ),
        ),
    ),
)


@pytest.fixture(scope="module")
def policy(load_policy):
    return load_policy("impero")


@pytest.mark.parametrize("timeline", TIMELINES, ids=ids(TIMELINES))
def test_impero(policy, timeline):
    check(policy, timeline)
