"""Maintenance notice (docs/semantics.md#maintenance-notice), worked by hand.

A 24x7 service in UTC with a 99.9% objective: April 2026 has 30 x 1440 = 43,200 minutes.
Scheduled maintenance is excused with 14 days' notice; emergency maintenance is excused
without any.
"""

from __future__ import annotations

import slac
from slac.measure.availability import availability

POLICY = slac.loads(
    """policy acme "Acme" {
  timezone "UTC"
  priorities P1
  availability {
    service platform 99.9%
    excused scheduled_maintenance, emergency_maintenance
    notice 14 days for scheduled_maintenance
  }
}"""
)


def maintenance(start, end, announced=None, cause="scheduled_maintenance"):
    outage = {"service": "platform", "start": start, "end": end, "cause": cause}
    if announced is not None:
        outage["announced_at"] = announced
    return outage


def april(*outages):
    [row] = availability(POLICY, outages, start="2026-04", end="2026-04").to_dict()["months"]
    return (
        row["excused_minutes"],
        row["downtime_minutes"],
        row["unannounced_maintenance_minutes"],
        row["availability_percent"],
        row["met"],
    )


def test_announced_exactly_fourteen_days_ahead_is_excused():
    # 15 April 10:00 - 11:00, announced 1 April 10:00: 14 days to the second.
    assert april(
        maintenance("2026-04-15T10:00:00Z", "2026-04-15T11:00:00Z", "2026-04-01T10:00:00Z")
    ) == (60.0, 0.0, 0.0, 100.0, True)


def test_a_second_late_or_never_announced_is_downtime_and_listed():
    # Announced 1 April 10:00:01, a second short of 14 days: 60 minutes of downtime.
    # (43200 - 60) / 43200 = 99.861% < 99.9%.
    late = maintenance("2026-04-15T10:00:00Z", "2026-04-15T11:00:00Z", "2026-04-01T10:00:01Z")
    assert april(late) == (0.0, 60.0, 60.0, 99.861, False)
    # Never announced: the same.
    assert april(maintenance("2026-04-15T10:00:00Z", "2026-04-15T11:00:00Z")) == (
        0.0,
        60.0,
        60.0,
        99.861,
        False,
    )


def test_a_cause_without_a_notice_rule_stays_excused_and_excused_wins_an_overlap():
    # Emergency maintenance 10:30-11:30 needs no notice: excused. The unannounced scheduled
    # maintenance 10:00-11:00 overlaps it by 30 minutes, which stay excused: 30 minutes of
    # unannounced downtime. (43200 - 60 - 30) / (43200 - 60) = 99.930% >= 99.9%.
    got = april(
        maintenance("2026-04-15T10:00:00Z", "2026-04-15T11:00:00Z"),
        maintenance("2026-04-15T10:30:00Z", "2026-04-15T11:30:00Z", cause="emergency_maintenance"),
    )
    assert got == (60.0, 30.0, 30.0, 99.93, True)


def test_the_key_is_only_there_when_the_policy_has_a_notice_rule():
    plain = slac.loads(
        """policy p "P" {
  timezone "UTC"
  priorities P1
  availability {
    service platform 99.9%
    excused scheduled_maintenance
  }
}"""
    )
    outage = maintenance("2026-04-15T10:00:00Z", "2026-04-15T11:00:00Z")
    [row] = availability(plain, [outage]).to_dict()["months"]
    assert "unannounced_maintenance_minutes" not in row
    assert row["excused_minutes"] == 60.0  # no notice rule: excused without an announcement
