"""Monthly availability, credits and material breach (contract §6), worked by hand.

The policies are built here from `.sla` text that states what the shipped files state about
availability (see the comments at each); the same numbers are checked on the compiled shipped policies in
`test_cli_availability.py` once they load. Outage times are written in local time with their
offset so the minutes can be read off directly.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slac
from slac import ir
from slac.inputs.outages import Outage, outage_from_dict
from slac.measure.availability import AvailabilityReport, availability, month_name, parse_month


def availability_policy(name: str, zone: str, block: str, calendar: str = "") -> ir.Policy:
    """A policy that states only what availability reads: its zone, a calendar, the block."""
    return slac.loads(
        f"""policy {name} "{name}" {{
  timezone "{zone}"
  priorities P1
  {calendar}
  availability {{
{block}
  }}
}}"""
    )


# clicklearn.sla: 99.9% of all minutes (Europe/Copenhagen); only full unplanned outages count.
CLICKLEARN = availability_policy(
    "clicklearn",
    "Europe/Copenhagen",
    """
    service production 99.9%
    not downtime scheduled_maintenance, emergency_maintenance, force_majeure, customer,
      connectivity, third_party, misuse, abnormal_usage""",
)

# elb.sla: 99.9% in America/New_York; maintenance and force majeure excused; customer and
# connectivity not downtime; 10% below 99.9, 30% below 99.0; 2 failing in 6; breach at 4.
ELB = availability_policy(
    "elb",
    "America/New_York",
    """
    service platform 99.9%
    excused scheduled_maintenance, emergency_maintenance, force_majeure
    not downtime customer, connectivity
    credit 10% below 99.9%
    credit 30% below 99.0%
    credit when 2 failing months in 6
    material breach after 4 consecutive failing months""",
)

# learnamp.sla: 97.7% during business hours, Mon-Fri 07:00-21:00 London, bank holidays closed.
LEARNAMP = availability_policy(
    "learnamp",
    "Europe/London",
    """
    during business_hours
    service platform 97.7%
    excused scheduled_maintenance""",
    'calendar business_hours { zone "Europe/London"; mon-fri 07:00-21:00; holidays GB/ENG }',
)

# impero.sla: during the UK desk's hours, Mon-Fri 08:00-01:00 London (the window crosses midnight).
IMPERO = availability_policy(
    "impero",
    "Europe/London",
    """
    during uk
    service education_pro 99.5%
    service edaware 99.99%
    service edlink 97.0%
    service backdrop 99.99%
    excused scheduled_maintenance""",
    'calendar uk { zone "Europe/London"; mon-fri 08:00-01:00; holidays GB/ENG }',
)


def outage(service, start, end, cause="unplanned", scope="full"):
    return outage_from_dict(
        {"service": service, "start": start, "end": end, "cause": cause, "scope": scope}
    )


def rows(report: AvailabilityReport) -> dict[tuple[str, str], dict]:
    return {(r["month"], r["service"]): r for r in report.to_dict()["months"]}


def minutes_and_percent(row: dict) -> tuple:
    return (
        row["total_minutes"],
        row["excused_minutes"],
        row["downtime_minutes"],
        row["availability_percent"],
    )


# ---------------------------------------------------------------------------------------------
# ClickLearn: all minutes of the month


def test_clicklearn_worked_example_45_minutes_in_june():
    report = availability(
        CLICKLEARN, [outage("production", "2026-06-10T10:00:00+02:00", "2026-06-10T10:45:00+02:00")]
    )
    # June: 30 days * 1440 = 43,200 minutes, no DST change. 100 * (43,200 - 45) / 43,200
    # = 100 * 43,155 / 43,200 = 99.89583... -> 99.896, below 99.9.
    assert report.to_dict() == {
        "policy": "clicklearn",
        "months": [
            {
                "service": "production",
                "month": "2026-06",
                "total_minutes": 43200.0,
                "excused_minutes": 0.0,
                "downtime_minutes": 45.0,
                "availability_percent": 99.896,
                "objective_percent": 99.9,
                "met": False,
                "credit_percent": None,  # ClickLearn states no service credits
                "material_breach": False,
            }
        ],
    }


def test_clicklearn_maintenance_and_partial_outages_are_not_downtime():
    report = availability(
        CLICKLEARN,
        [
            outage(
                "production",
                "2026-06-03T02:00:00+02:00",
                "2026-06-03T04:00:00+02:00",
                "scheduled_maintenance",
            ),
            outage(
                "production",
                "2026-06-04T12:00:00+02:00",
                "2026-06-04T15:00:00+02:00",
                scope="partial",
            ),
            outage(
                "production",
                "2026-06-05T12:00:00+02:00",
                "2026-06-05T13:00:00+02:00",
                "third_party",
            ),
            outage("production", "2026-06-10T10:00:00+02:00", "2026-06-10T10:45:00+02:00"),
        ],
    )
    # Only the 45 unplanned minutes count, and nothing leaves the total: still 43,200 -> 99.896.
    assert minutes_and_percent(rows(report)[("2026-06", "production")]) == (
        43200.0,
        0.0,
        45.0,
        99.896,
    )


@pytest.mark.parametrize(
    ("month", "start", "end", "expected"),
    [
        # Copenhagen springs forward on Sunday 29 March 2026: 31 * 1440 - 60 = 44,580 minutes.
        # 100 * (44,580 - 30) / 44,580 = 99.93270... -> 99.933.
        (
            "2026-03",
            "2026-03-10T10:00:00+01:00",
            "2026-03-10T10:30:00+01:00",
            (44580.0, 0.0, 30.0, 99.933),
        ),
        # ... and falls back on Sunday 25 October 2026: 31 * 1440 + 60 = 44,700 minutes.
        # 100 * (44,700 - 30) / 44,700 = 99.93288... -> 99.933.
        (
            "2026-10",
            "2026-10-10T10:00:00+02:00",
            "2026-10-10T10:30:00+02:00",
            (44700.0, 0.0, 30.0, 99.933),
        ),
    ],
    ids=["spring-forward", "fall-back"],
)
def test_a_dst_month_has_its_real_minutes(month, start, end, expected):
    report = availability(CLICKLEARN, [outage("production", start, end)])
    assert minutes_and_percent(rows(report)[(month, "production")]) == expected


def test_overlapping_outages_count_once():
    report = availability(
        CLICKLEARN,
        [
            outage("production", "2026-06-10T10:00:00+02:00", "2026-06-10T11:00:00+02:00"),
            outage("production", "2026-06-10T10:30:00+02:00", "2026-06-10T11:30:00+02:00"),
            outage(
                "production", "2026-06-10T10:00:00+02:00", "2026-06-10T11:00:00+02:00"
            ),  # reported twice
            outage(
                "production", "2026-06-10T11:30:00+02:00", "2026-06-10T11:30:00+02:00"
            ),  # zero length
        ],
    )
    # 10:00-11:30 once: 90 minutes. 100 * (43,200 - 90) / 43,200 = 99.79166... -> 99.792.
    assert minutes_and_percent(rows(report)[("2026-06", "production")]) == (
        43200.0,
        0.0,
        90.0,
        99.792,
    )


def test_an_outage_across_a_month_boundary_is_split_at_local_midnight():
    report = availability(
        CLICKLEARN, [outage("production", "2026-06-30T21:30:00Z", "2026-06-30T22:30:00Z")]
    )
    # In UTC the whole hour is on 30 June; in Copenhagen (UTC+2) it is 23:30-00:30, so 30 minutes
    # fall in June and 30 in July.
    # June: 100 * (43,200 - 30) / 43,200 = 99.93055... -> 99.931.
    # July: 31 * 1440 = 44,640; 100 * (44,640 - 30) / 44,640 = 99.93279... -> 99.933.
    got = rows(report)
    assert list(got) == [("2026-06", "production"), ("2026-07", "production")]
    assert minutes_and_percent(got[("2026-06", "production")]) == (43200.0, 0.0, 30.0, 99.931)
    assert minutes_and_percent(got[("2026-07", "production")]) == (44640.0, 0.0, 30.0, 99.933)


def test_months_without_outages_in_the_range_are_100_percent():
    report = availability(
        CLICKLEARN,
        [
            outage("production", "2026-01-10T10:00:00+01:00", "2026-01-10T10:10:00+01:00"),
            outage("production", "2026-04-10T10:00:00+02:00", "2026-04-10T10:10:00+02:00"),
        ],
    )
    got = rows(report)
    assert [month for month, _service in got] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    # February 2026: 28 * 1440 = 40,320 minutes, no outage.
    assert minutes_and_percent(got[("2026-02", "production")]) == (40320.0, 0.0, 0.0, 100.0)
    assert got[("2026-02", "production")]["met"] is True


def test_met_exactly_at_the_objective_is_met():
    # 43.2 minutes (2,592 s) of 43,200: 100 * 43,156.8 / 43,200 = 99.9 exactly.
    report = availability(
        CLICKLEARN, [outage("production", "2026-06-10T10:00:00+02:00", "2026-06-10T10:43:12+02:00")]
    )
    row = rows(report)[("2026-06", "production")]
    assert (row["downtime_minutes"], row["availability_percent"], row["met"]) == (43.2, 99.9, True)


# ---------------------------------------------------------------------------------------------
# ELB across half a year: excused outages, bands, the 2-in-6 trigger, material breach

ELB_YEAR = [
    # January (31 days, no DST: 44,640 min): 60 unplanned minutes.
    # 100 * (44,640 - 60) / 44,640 = 99.86559... -> 99.866: failing, but the first failing month
    # of the six (Aug 2025-Jan 2026), so no credit yet.
    outage("platform", "2026-01-14T10:00:00-05:00", "2026-01-14T11:00:00-05:00"),
    # February (28 days: 40,320 min): customer, connectivity and partial outages are not downtime.
    outage("platform", "2026-02-03T10:00:00-05:00", "2026-02-03T12:00:00-05:00", "customer"),
    outage("platform", "2026-02-04T10:00:00-05:00", "2026-02-04T12:00:00-05:00", "connectivity"),
    outage("platform", "2026-02-05T10:00:00-05:00", "2026-02-05T12:00:00-05:00", scope="partial"),
    # April (30 days, EDT all month: 43,200 min), the contract's example. Maintenance Saturday
    # 11 April 02:00-12:00 (600 min, excused); unplanned 11:00-20:20 (560 min), of which 11:00-12:00
    # is inside the maintenance: excused wins, so downtime is 500.
    # (43,200 - 600 - 500) / (43,200 - 600) = 42,100 / 42,600 = 98.82629... -> 98.826.
    # Second failing month in Nov-Apr (January, April): below 99.0 -> the 30% band.
    outage(
        "platform",
        "2026-04-11T02:00:00-04:00",
        "2026-04-11T12:00:00-04:00",
        "scheduled_maintenance",
    ),
    outage("platform", "2026-04-11T11:00:00-04:00", "2026-04-11T20:20:00-04:00"),
    # May (31 days: 44,640 min): 90 unplanned minutes. 100 * 44,550 / 44,640 = 99.79838... -> 99.798:
    # below 99.9, not below 99.0 -> the 10% band; third failing month of Dec-May.
    outage("platform", "2026-05-06T10:00:00-04:00", "2026-05-06T11:30:00-04:00"),
    # June (43,200 min): 216 unplanned minutes. 100 * 42,984 / 43,200 = 99.5 exactly -> 10% band.
    outage("platform", "2026-06-09T10:00:00-04:00", "2026-06-09T13:36:00-04:00"),
    # July (44,640 min): 500 unplanned minutes. 100 * 44,140 / 44,640 = 98.87992... -> 98.88 -> 30%.
    # April, May, June, July: the fourth consecutive failing month is a material breach.
    outage("platform", "2026-07-07T10:00:00-04:00", "2026-07-07T18:20:00-04:00"),
    # August: a forced outage is excused, so August is 100% and the failing run ends.
    outage("platform", "2026-08-04T10:00:00-04:00", "2026-08-04T12:00:00-04:00", "force_majeure"),
]

# (month, total, excused, downtime, availability, met, credit, material breach)
ELB_EXPECTED = [
    ("2026-01", 44640.0, 0.0, 60.0, 99.866, False, 0.0, False),
    ("2026-02", 40320.0, 0.0, 0.0, 100.0, True, 0.0, False),
    # New York springs forward on Sunday 8 March 2026: 31 * 1440 - 60 = 44,580.
    ("2026-03", 44580.0, 0.0, 0.0, 100.0, True, 0.0, False),
    ("2026-04", 43200.0, 600.0, 500.0, 98.826, False, 30.0, False),
    ("2026-05", 44640.0, 0.0, 90.0, 99.798, False, 10.0, False),
    ("2026-06", 43200.0, 0.0, 216.0, 99.5, False, 10.0, False),
    ("2026-07", 44640.0, 0.0, 500.0, 98.88, False, 30.0, True),
    ("2026-08", 44640.0, 120.0, 0.0, 100.0, True, 0.0, False),
]


def as_tuple(row: dict) -> tuple:
    return (
        row["month"],
        row["total_minutes"],
        row["excused_minutes"],
        row["downtime_minutes"],
        row["availability_percent"],
        row["met"],
        row["credit_percent"],
        row["material_breach"],
    )


def test_elb_half_year_credits_trigger_and_material_breach():
    report = availability(ELB, ELB_YEAR)
    assert [as_tuple(r) for r in report.to_dict()["months"]] == ELB_EXPECTED
    assert {r["objective_percent"] for r in report.to_dict()["months"]} == {99.9}


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # April alone still sees the failing January before it: second failing month, 30%.
        ("2026-04", "2026-04", [ELB_EXPECTED[3]]),
        # July alone still sees April-June: the material breach stands.
        ("2026-07", "2026-08", ELB_EXPECTED[6:]),
    ],
    ids=["credit-looks-back", "breach-looks-back"],
)
def test_elb_trigger_and_breach_look_back_before_from(start, end, expected):
    report = availability(ELB, ELB_YEAR, start=start, end=end)
    assert [as_tuple(r) for r in report.to_dict()["months"]] == expected


def test_elb_a_failing_month_alone_in_its_six_earns_nothing():
    # January 2026 fails (99.866) and so does July (98.88); Feb-June are clean, so July is the
    # only failing month of Feb-Jul: no credit though it is below 99.0.
    report = availability(ELB, [ELB_YEAR[0], ELB_YEAR[-2]], start="2026-07", end="2026-07")
    assert [as_tuple(r) for r in report.to_dict()["months"]] == [
        ("2026-07", 44640.0, 0.0, 500.0, 98.88, False, 0.0, False)
    ]


# ---------------------------------------------------------------------------------------------
# Supported hours: only open minutes of the calendar count


def test_learnamp_june_counts_only_business_hours():
    report = availability(
        LEARNAMP,
        [
            outage(
                "platform", "2026-06-02T20:00:00+01:00", "2026-06-02T22:00:00+01:00"
            ),  # 20:00-21:00 counts
            outage(
                "platform", "2026-06-03T22:00:00+01:00", "2026-06-03T23:30:00+01:00"
            ),  # night: nothing
            outage(
                "platform", "2026-06-06T10:00:00+01:00", "2026-06-06T16:00:00+01:00"
            ),  # Saturday: nothing
            outage(
                "platform",
                "2026-06-04T06:00:00+01:00",
                "2026-06-04T08:00:00+01:00",
                "scheduled_maintenance",
            ),  # 07:00-08:00 excused
        ],
    )
    # June 2026: 22 weekdays (1-5, 8-12, 15-19, 22-26, 29-30), no bank holiday: 22 * 14h = 18,480 min.
    # 100 * (18,480 - 60 - 60) / (18,480 - 60) = 100 * 18,360 / 18,420 = 99.67426... -> 99.674, met.
    row = rows(report)[("2026-06", "platform")]
    assert minutes_and_percent(row) == (18480.0, 60.0, 60.0, 99.674)
    assert (row["met"], row["credit_percent"], row["material_breach"]) == (True, None, False)


def test_learnamp_bank_holiday_outage_does_not_count():
    report = availability(
        LEARNAMP,
        [
            # Spring bank holiday, Monday 25 May 2026: the desk is closed, 8 hours count nothing.
            outage("platform", "2026-05-25T09:00:00+01:00", "2026-05-25T17:00:00+01:00"),
            outage("platform", "2026-05-26T08:00:00+01:00", "2026-05-26T14:40:00+01:00"),  # 400 min
        ],
    )
    # May 2026: 21 weekdays less the bank holidays of 4 and 25 May = 19 days * 14h = 15,960 min.
    # 100 * (15,960 - 400) / 15,960 = 97.49373... -> 97.494, below 97.7. The bank holiday is in
    # neither the total nor the downtime (counted, the month would be 16,800
    # minutes with 880 down: 100 * 15,920 / 16,800 = 94.762).
    row = rows(report)[("2026-05", "platform")]
    assert minutes_and_percent(row) == (15960.0, 0.0, 400.0, 97.494)
    assert row["met"] is False


def test_impero_uk_desk_hours_and_services_apart():
    report = availability(
        IMPERO,
        [
            outage(
                "education_pro", "2026-06-10T02:00:00+01:00", "2026-06-10T07:00:00+01:00"
            ),  # night
            outage(
                "education_pro", "2026-06-13T10:00:00+01:00", "2026-06-13T18:00:00+01:00"
            ),  # Saturday
            # Wednesday's window runs to Thursday 01:00: 00:30-01:00 counts, 01:00-01:30 does not.
            outage("education_pro", "2026-06-11T00:30:00+01:00", "2026-06-11T01:30:00+01:00"),
            # Emergency maintenance is not pre-agreed: it is downtime.
            outage(
                "education_pro",
                "2026-06-15T10:00:00+01:00",
                "2026-06-15T11:00:00+01:00",
                "emergency_maintenance",
            ),
            outage(
                "education_pro",
                "2026-06-16T07:00:00+01:00",
                "2026-06-16T09:00:00+01:00",
                "scheduled_maintenance",
            ),  # 08:00-09:00 excused
            outage("edaware", "2026-06-17T12:00:00+01:00", "2026-06-17T13:00:00+01:00"),
        ],
    )
    got = rows(report)
    assert list(got) == [("2026-06", s) for s in ("education_pro", "edaware", "edlink", "backdrop")]
    # June 2026: 22 weekday windows of 17h (08:00-01:00) = 374h, but Tuesday 30 June's window
    # runs 1h into July: 373h = 22,380 min.
    # education_pro: excused 60, downtime 30 + 60 = 90.
    # 100 * (22,380 - 60 - 90) / (22,380 - 60) = 100 * 22,230 / 22,320 = 99.59677... -> 99.597, met 99.5.
    assert minutes_and_percent(got[("2026-06", "education_pro")]) == (22380.0, 60.0, 90.0, 99.597)
    assert got[("2026-06", "education_pro")]["met"] is True
    # edaware: 60 min. 100 * 22,320 / 22,380 = 99.73190... -> 99.732, below 99.99.
    assert minutes_and_percent(got[("2026-06", "edaware")]) == (22380.0, 0.0, 60.0, 99.732)
    assert got[("2026-06", "edaware")]["met"] is False
    # The other services are untouched by either.
    assert minutes_and_percent(got[("2026-06", "edlink")]) == (22380.0, 0.0, 0.0, 100.0)
    assert minutes_and_percent(got[("2026-06", "backdrop")]) == (22380.0, 0.0, 0.0, 100.0)


# ---------------------------------------------------------------------------------------------
# The months shown


JAN = outage("production", "2026-01-10T10:00:00+01:00", "2026-01-10T10:10:00+01:00")
MAR = outage("production", "2026-03-10T10:00:00+01:00", "2026-03-10T10:10:00+01:00")


@pytest.mark.parametrize(
    ("outages", "start", "end", "months"),
    [
        ([], None, None, []),
        ([], "2026-05", None, ["2026-05"]),
        ([], None, "2026-05", ["2026-05"]),
        ([JAN, MAR], None, None, ["2026-01", "2026-02", "2026-03"]),
        ([JAN, MAR], "2026-02", None, ["2026-02", "2026-03"]),
        ([JAN, MAR], None, "2026-02", ["2026-01", "2026-02"]),
        # A given bound wins over the outages' span on the other side.
        ([JAN], "2026-05", None, ["2026-05"]),
        ([MAR], None, "2026-01", ["2026-01"]),
        ([JAN], "2025-12", "2026-02", ["2025-12", "2026-01", "2026-02"]),
    ],
    ids=[
        "nothing",
        "from-only",
        "to-only",
        "span",
        "from",
        "to",
        "from-after",
        "to-before",
        "both",
    ],
)
def test_months_shown(outages, start, end, months):
    report = availability(CLICKLEARN, outages, start=start, end=end)
    assert [r.month for r in report.months] == months


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-13", None, "`2026-13` is not a month: write YYYY-MM, e.g. 2026-04"),
        ("2026-4", None, "`2026-4` is not a month: write YYYY-MM, e.g. 2026-04"),
        (None, "April", "`April` is not a month: write YYYY-MM, e.g. 2026-04"),
        ("2026-05", "2026-04", "the first month 2026-05 is after the last month 2026-04"),
        ("0000-01", None, "`0000-01` is outside the years slac measures (1971-2198)"),
        (None, "2199-01", "`2199-01` is outside the years slac measures (1971-2198)"),
    ],
)
def test_bad_month_bounds(start, end, message):
    with pytest.raises(ValueError) as error:
        availability(CLICKLEARN, [], start=start, end=end)
    assert str(error.value) == message


def test_month_index_round_trip():
    # 2026 * 12 + (4 - 1) = 24,315
    assert parse_month("2026-04") == 24315
    assert month_name(24315) == "2026-04"
    assert month_name(parse_month("1999-12") + 1) == "2000-01"


def test_unknown_service_and_missing_availability_are_value_errors():
    with pytest.raises(ValueError, match="unknown service `platform`"):
        availability(
            CLICKLEARN, [outage("platform", "2026-06-10T10:00:00Z", "2026-06-10T11:00:00Z")]
        )
    bare = attrs.evolve(CLICKLEARN, availability=None)
    with pytest.raises(ValueError, match="policy `clicklearn` states no availability"):
        availability(bare, [])


def test_the_api_function_is_this_measure():
    assert slac.availability is availability
    report = slac.availability(
        CLICKLEARN, [outage("production", "2026-06-10T10:00:00+02:00", "2026-06-10T10:45:00+02:00")]
    )
    assert report.months[0].availability_percent == 99.896


# ---------------------------------------------------------------------------------------------
# Property: against a deliberately naive minute-by-minute count (no calendar code, no unions)

JUNE_2026_LONDON = 1_780_268_400  # 2026-06-01T00:00+01:00 = 2026-05-31T23:00Z
JUNE_MINUTES = 30 * 1440


def _naive_open_minutes() -> list[bool]:
    # June 2026 in London is BST throughout and has no bank holiday; 1 June is a Monday.
    # Minute m of the month is on day m // 1440 (weekday (m // 1440) % 7, Monday 0) at local
    # hour (m % 1440) // 60.
    return [(m // 1440) % 7 < 5 and 7 <= (m % 1440) // 60 < 21 for m in range(JUNE_MINUTES)]


NAIVE_OPEN = _naive_open_minutes()

outage_strategy = st.tuples(
    st.integers(0, JUNE_MINUTES),  # start minute
    st.integers(0, 3 * 1440),  # length in minutes
    st.sampled_from(["unplanned", "scheduled_maintenance", "customer"]),
    st.sampled_from(["full", "partial"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(outage_strategy, max_size=8))
def test_learnamp_matches_a_naive_minute_count(drawn):
    outages = [
        Outage(
            "platform",
            JUNE_2026_LONDON + 60 * start,
            JUNE_2026_LONDON + 60 * min(start + length, JUNE_MINUTES),
            cause,
            scope,
        )
        for start, length, cause, scope in drawn
    ]
    total = excused = downtime = 0
    for m in range(JUNE_MINUTES):
        if not NAIVE_OPEN[m]:
            continue
        total += 1
        covering = [
            o for o in outages if o.start <= JUNE_2026_LONDON + 60 * m < o.end and o.scope == "full"
        ]
        if any(o.cause == "scheduled_maintenance" for o in covering):
            excused += 1
        elif covering:  # Learn Amp states no `not downtime` causes: customer outages are downtime
            downtime += 1
    report = availability(LEARNAMP, outages, start="2026-06", end="2026-06")
    got = report.months[0]
    assert (got.total_seconds, got.excused_seconds, got.downtime_seconds) == (
        60 * total,
        60 * excused,
        60 * downtime,
    )


def test_dicts_in_the_contract_shape_are_accepted():
    line = {
        "service": "production",
        "start": "2026-06-10T10:00:00+02:00",
        "end": "2026-06-10T10:45:00+02:00",
    }
    # The worked example again: 45 of 43,200 minutes -> 99.896.
    assert availability(CLICKLEARN, [line]).months[0].availability_percent == 99.896
    with pytest.raises(ValueError, match="unknown cause `flood`"):
        availability(CLICKLEARN, [{**line, "cause": "flood"}])


@pytest.mark.parametrize(
    ("end", "downtime", "percent", "met", "credit"),
    [
        # June has 43,200 minutes; May before it fails (90 minutes, 99.798), so June is the second
        # failing month of its six whenever it fails.
        ("2026-06-09T10:43:12-04:00", 43.2, 99.9, True, 0.0),  # 100 * 43,156.8 / 43,200 = 99.9: met
        ("2026-06-09T13:36:00-04:00", 216.0, 99.5, False, 10.0),  # 100 * 42,984 / 43,200 = 99.5
        ("2026-06-09T17:12:00-04:00", 432.0, 99.0, False, 10.0),  # 99.0 is not strictly below 99.0
        ("2026-06-09T17:55:12-04:00", 475.2, 98.9, False, 30.0),  # 100 * 42,724.8 / 43,200 = 98.9
    ],
    ids=["at-objective", "99.5", "exactly-99.0", "98.9"],
)
def test_elb_credit_band_edges(end, downtime, percent, met, credit):
    may = outage("platform", "2026-05-06T10:00:00-04:00", "2026-05-06T11:30:00-04:00")
    june = outage("platform", "2026-06-09T10:00:00-04:00", end)
    row = rows(availability(ELB, [may, june], start="2026-06"))[("2026-06", "platform")]
    assert (
        row["downtime_minutes"],
        row["availability_percent"],
        row["met"],
        row["credit_percent"],
    ) == (
        downtime,
        percent,
        met,
        credit,
    )


def test_percent_rounds_half_up_on_the_exact_value():
    # 16.2 minutes (972 s) of 43,200: 100 - 100 * 972 / 2,592,000 = 100 - 0.0375 = 99.9625 exactly,
    # which a person rounds to 99.963.
    report = availability(
        CLICKLEARN, [outage("production", "2026-06-10T10:00:00+02:00", "2026-06-10T10:16:12+02:00")]
    )
    assert report.months[0].availability_percent == 99.963


def test_a_month_entirely_excused_is_100_percent():
    report = availability(
        ELB,
        [
            # All of June (EDT) under scheduled maintenance, with an unplanned hour inside it:
            # excused wins, so total 43,200, excused 43,200, downtime 0; 0 / 0 reads as 100%.
            outage(
                "platform",
                "2026-06-01T00:00:00-04:00",
                "2026-07-01T00:00:00-04:00",
                "scheduled_maintenance",
            ),
            outage("platform", "2026-06-09T10:00:00-04:00", "2026-06-09T11:00:00-04:00"),
        ],
    )
    assert [as_tuple(r) for r in report.to_dict()["months"]] == [
        ("2026-06", 43200.0, 43200.0, 0.0, 100.0, True, 0.0, False)
    ]
