"""ClickLearn's agreement (seed 002, `policies/clicklearn.sla`) proven by timelines worked by hand.

The agreement, as the contract §7 reads it: support is open while either desk is open, Copenhagen
09:00-17:00 Europe/Copenhagen (Danish holidays) or New York 09:00-17:00 America/New_York (US
federal holidays). In UTC:

    until Sun 8 Mar 2026       CPH 08-16Z (CET)   NY 14-22Z (EST)   union 08-22Z  14h
    8 Mar - 28 Mar             CPH 08-16Z (CET)   NY 13-21Z (EDT)   union 08-21Z  13h
    29 Mar - 24 Oct            CPH 07-15Z (CEST)  NY 13-21Z (EDT)   union 07-21Z  14h
    25 Oct - 31 Oct            CPH 08-16Z (CET)   NY 13-21Z (EDT)   union 08-21Z  13h
    from Sun 1 Nov             CPH 08-16Z (CET)   NY 14-22Z (EST)   union 08-22Z  14h

A business day is the stated 14h support day (50,400 s) whatever the week. Initial response
(§3.3): P1 4h (14,400), P2 8h (28,800), P3 2 business days (100,800), P4 3 business days
(151,200). §1.0 excludes on-premises deployments, trial services, beta features and third-party
systems. Holidays used: Maundy Thursday 2 Apr (DK), Martin Luther King Day 19 Jan (US),
Whit Monday and Memorial Day both 25 May, Christmas Day 25 Dec 2026 (both).
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
    not_applicable,
    reprioritise,
    status,
    system,
)

TIMELINES = (
    Timeline(
        "p1-raised-before-copenhagen-opens",
        events=(created("CL-1", "2026-03-02T08:00:00+01:00", "P1"),),  # Mon 08:00 CET = 07:00Z
        at="2026-03-02T07:30:00Z",
        expects=(
            # started, but closed: nothing counted yet. Opens 08:00Z + 4h = 12:00Z
            expect(
                "CL-1",
                "first_response",
                state="running",
                elapsed_seconds=0,
                target="4h",
                target_seconds=14400,
                due="2026-03-02T12:00:00Z",
            ),
        ),
    ),
    Timeline(
        "p2-raised-late-the-new-york-desk-carries-it",
        events=(
            created("CL-2", "2026-03-02T15:00:00-05:00", "P2"),  # Mon 15:00 EST = 20:00Z
            agent("CL-2", "2026-03-03T15:00:00+01:00"),  # Tue 15:00 CET = 14:00Z
        ),
        at="2026-03-03T15:00:00Z",
        expects=(
            # Mon 20:00-22:00Z 2h; Tue 08:00-14:00Z 6h -> 28800, met exactly at the target
            expect(
                "CL-2",
                "first_response",
                state="met",
                elapsed_seconds=28800,
                breached_at=None,
                stopped_at="2026-03-03T14:00:00Z",
            ),
        ),
    ),
    Timeline(
        "p3-two-business-days-of-the-14h-support-day",
        events=(created("CL-3", "2026-03-02T10:00:00Z", "P3"),),  # Mon
        at="2026-03-02T10:00:00Z",
        expects=(
            # 28h: Mon 10-22Z 12h, Tue 14h, Wed 08:00Z + 2h: Monday morning -> Wednesday morning
            expect(
                "CL-3",
                "first_response",
                state="running",
                target="2 business days",
                target_seconds=100800,
                due="2026-03-04T10:00:00Z",
            ),
        ),
    ),
    Timeline(
        "p4-three-business-days-in-the-13h-week",
        events=(created("CL-4", "2026-03-09T08:00:00Z", "P4"),),  # Mon after the US change
        at="2026-03-09T08:00:00Z",
        expects=(
            # 42h over 13h days (08-21Z): Mon 13, Tue 13, Wed 13 = 39h, Thu 08:00Z + 3h = 11:00Z
            expect(
                "CL-4",
                "first_response",
                state="running",
                target="3 business days",
                target_seconds=151200,
                due="2026-03-12T11:00:00Z",
            ),
        ),
    ),
    Timeline(
        "new-york-closes-at-21z-while-us-is-on-summer-time",
        events=(
            created("CL-5a", "2026-03-10T15:00:00-04:00", "P1"),  # Tue 15:00 EDT = 19:00Z
            agent("CL-5a", "2026-03-11T10:00:00+01:00"),  # Wed 10:00 CET = 09:00Z
            created("CL-5b", "2026-03-10T17:30:00-04:00", "P1"),  # Tue 17:30 EDT = 21:30Z
            agent("CL-5b", "2026-03-11T09:30:00+01:00"),  # Wed 09:30 CET = 08:30Z
        ),
        at="2026-03-11T10:00:00Z",
        expects=(
            # Tue 19-21Z 2h + Wed 08-09Z 1h = 10800
            expect("CL-5a", "first_response", state="met", elapsed_seconds=10800),
            # raised after New York's 17:00 EDT close: only Wed 08:00-08:30Z counts
            expect("CL-5b", "first_response", state="met", elapsed_seconds=1800),
        ),
    ),
    Timeline(
        "maundy-thursday-only-new-york-open",
        events=(created("CL-6", "2026-04-02T09:00:00+02:00", "P1"),),  # Thu 09:00 CEST = 07:00Z
        at="2026-04-02T12:00:00Z",
        expects=(
            # Copenhagen closed (Danish holiday); New York opens 09:00 EDT = 13:00Z, + 4h
            expect(
                "CL-6",
                "first_response",
                state="running",
                elapsed_seconds=0,
                due="2026-04-02T17:00:00Z",
            ),
        ),
    ),
    Timeline(
        "martin-luther-king-day-only-copenhagen-open",
        events=(created("CL-7", "2026-01-19T12:00:00Z", "P2"),),  # Mon
        at="2026-01-19T12:00:00Z",
        expects=(
            # New York closed: Mon 12-16Z 4h; Tue 08:00Z + 4h = 12:00Z
            expect("CL-7", "first_response", state="running", due="2026-01-20T12:00:00Z"),
        ),
    ),
    Timeline(
        "whit-monday-and-memorial-day-close-both-desks",
        events=(created("CL-8", "2026-05-22T15:00:00-04:00", "P1"),),  # Fri 15:00 EDT = 19:00Z
        at="2026-05-22T19:00:00Z",
        expects=(
            # Fri 19-21Z 2h; Mon 25 May closed on both sides; Tue 07:00Z (09:00 CEST) + 2h
            expect("CL-8", "first_response", state="running", due="2026-05-26T09:00:00Z"),
        ),
    ),
    Timeline(
        "scope-exclusions",
        events=(
            created("CL-9a", "2026-03-04T09:00:00Z", "P1", deployment="on_premises"),
            created("CL-9b", "2026-03-04T09:00:00Z", "P1", trial=True),
            created("CL-9c", "2026-03-04T09:00:00Z", "P1", beta=True),
            created("CL-9d", "2026-03-04T09:00:00Z", "P1", third_party=True),
            created("CL-9e", "2026-03-04T09:00:00Z", "P1", beta=True, trial=True),
            created("CL-9f", "2026-03-04T09:00:00Z", "P1", deployment="cloud", beta=False),
        ),
        at="2026-03-04T10:00:00Z",
        expects=(
            expect_ticket("CL-9a", excluded="on-premises deployment (§1.0)"),
            expect_ticket("CL-9b", excluded="trial service (§1.0)"),
            expect_ticket("CL-9c", excluded="beta or pre-release feature (§1.0)"),
            expect_ticket(
                "CL-9d", excluded="third-party system not controlled by ClickLearn (§1.0)"
            ),
            # the first exclusion in the agreement's order names the reason
            expect_ticket("CL-9e", excluded="trial service (§1.0)"),
            *(
                not_applicable(t, "first_response")
                for t in ("CL-9a", "CL-9b", "CL-9c", "CL-9d", "CL-9e")
            ),
            expect_ticket("CL-9f", excluded=None),
            expect("CL-9f", "first_response", state="running", elapsed_seconds=3600),
        ),
    ),
    Timeline(
        "upgrade-to-p1-breaches-at-the-change",
        events=(
            created("CL-10", "2026-03-04T08:00:00Z", "P4"),  # Wed
            reprioritise("CL-10", "2026-03-04T13:00:00Z", "P1"),
            agent("CL-10", "2026-03-04T14:00:00Z"),
        ),
        at="2026-03-04T15:00:00Z",
        expects=(
            # 5h at the change > 4h: breached at the change; 08:00-14:00 = 21600
            expect(
                "CL-10",
                "first_response",
                state="breached",
                elapsed_seconds=21600,
                target_seconds=14400,
                breached_at="2026-03-04T13:00:00Z",
                stopped_at="2026-03-04T14:00:00Z",
            ),
        ),
    ),
    Timeline(
        "downgrade-to-p3-before-the-target",
        events=(
            created("CL-11", "2026-03-05T08:00:00Z", "P1"),  # Thu
            reprioritise("CL-11", "2026-03-05T10:00:00Z", "P3"),
            agent("CL-11", "2026-03-05T14:00:00Z"),
        ),
        at="2026-03-05T15:00:00Z",
        expects=(
            # 6h, judged against P3's 28h
            expect(
                "CL-11",
                "first_response",
                state="met",
                elapsed_seconds=21600,
                target_seconds=100800,
                breached_at=None,
            ),
        ),
    ),
    Timeline(
        "resolved-without-a-reply-system-and-internal-notes-do-not-count",
        events=(
            created("CL-12", "2026-03-05T08:00:00Z", "P2"),  # Thu
            system("CL-12", "2026-03-05T08:01:00Z"),
            agent("CL-12", "2026-03-05T09:00:00Z", public=False),
            status("CL-12", "2026-03-05T10:00:00Z", "resolved"),
        ),
        at="2026-03-05T12:00:00Z",
        expects=(
            expect(
                "CL-12",
                "first_response",
                state="met",
                elapsed_seconds=7200,
                stopped_at="2026-03-05T10:00:00Z",
            ),
        ),
    ),
    Timeline(
        "christmas-day-closes-both-desks",
        events=(created("CL-13", "2026-12-24T15:00:00-05:00", "P2"),),  # Thu 15:00 EST = 20:00Z
        at="2026-12-24T20:00:00Z",
        expects=(
            # Thu 20-22Z 2h; Fri 25 closed both; Mon 28 08:00Z + 6h = 14:00Z
            expect("CL-13", "first_response", state="running", due="2026-12-28T14:00:00Z"),
        ),
    ),
    Timeline(
        "p3-in-the-autumn-week-europe-has-changed",
        events=(created("CL-14", "2026-10-26T09:00:00+01:00", "P3"),),  # Mon 09:00 CET = 08:00Z
        at="2026-10-26T08:00:00Z",
        expects=(
            # union 08-21Z (13h) until US clocks change on 1 Nov: Mon 13, Tue 13 = 26h,
            # Wed 08:00Z + 2h = 10:00Z
            expect("CL-14", "first_response", state="running", due="2026-10-28T10:00:00Z"),
        ),
    ),
    Timeline(
        "p1-breached-at-monday-opening-after-a-friday-evening",
        events=(created("CL-15", "2026-03-06T20:00:00Z", "P1"),),  # Fri 15:00 EST
        at="2026-03-09T11:00:00Z",
        expects=(
            # Fri 20-22Z 2h; Mon 08:00Z + 2h reaches 4h at 10:00Z; at 11:00Z 2h + 3h = 18000
            expect(
                "CL-15",
                "first_response",
                state="breached",
                elapsed_seconds=18000,
                breached_at="2026-03-09T10:00:00Z",
                due=None,
                stopped_at=None,
            ),
        ),
    ),
    Timeline(
        "beta-flag-cleared-measured-from-creation",
        events=(
            created("CL-16", "2026-03-05T09:00:00Z", "P2", beta=True),  # Thu
            fields("CL-16", "2026-03-05T10:00:00Z", beta=False),  # flagged by mistake
        ),
        at="2026-03-05T11:00:00Z",
        expects=(
            # exclusions are judged on the fields at `at`; the clock runs from creation:
            # 09:00-11:00Z 2h of P2's 8h, 6h left: 17:00Z (union open 08-22Z)
            expect_ticket("CL-16", excluded=None),
            expect(
                "CL-16",
                "first_response",
                state="running",
                elapsed_seconds=7200,
                due="2026-03-05T17:00:00Z",
            ),
        ),
    ),
    Timeline(
        "reopen-does-not-resume-first-response",
        events=(
            created("CL-17", "2026-03-10T09:00:00Z", "P1"),  # Tue
            status("CL-17", "2026-03-10T10:00:00Z", "resolved"),
            status("CL-17", "2026-03-10T11:00:00Z", "open"),
            agent("CL-17", "2026-03-10T15:00:00Z"),
        ),
        at="2026-03-10T16:00:00Z",
        expects=(
            # stopped by the resolution after 1h; first response has no `resume on reopen`
            expect(
                "CL-17",
                "first_response",
                state="met",
                elapsed_seconds=3600,
                stopped_at="2026-03-10T10:00:00Z",
            ),
        ),
    ),
)


@pytest.fixture(scope="module")
def policy(load_policy):
    return load_policy("clicklearn")


@pytest.mark.parametrize("timeline", TIMELINES, ids=ids(TIMELINES))
def test_clicklearn(policy, timeline):
    check(policy, timeline)
