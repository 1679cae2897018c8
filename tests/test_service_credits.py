"""Credit bands per service (`credit C% below T% for SERVICE`), worked by hand: one policy holds
a vendor's Standard and Premium plans, each with its own bands.

April 2026 in UTC has 43,200 minutes, every minute counted (no `during`).
"""

from __future__ import annotations

import slac
from slac.check import check_sources
from slac.loader import read_source
from slac.measure.availability import availability

POLICY = slac.loads(
    """policy vendor "Vendor" {
  timezone "UTC"
  priorities P1
  availability {
    service standard 99.5%
    service premium 99.9%
    service legacy 99.0%
    credit 10% below 99.5% for standard
    credit 25% below 99.0% for standard
    credit 10% below 99.9% for premium
    credit 50% below 99.5% for premium
    credit 5% below 99.0%
  }
}"""
)


def down(service, minutes):
    # From 10:00 on 15 April, for `minutes` minutes.
    end = 10 * 60 + minutes
    return {
        "service": service,
        "start": "2026-04-15T10:00:00Z",
        "end": f"2026-04-{15 + end // 1440:02d}T{end % 1440 // 60:02d}:{end % 60:02d}:00Z",
    }


def test_each_plan_is_credited_by_its_own_bands():
    # 300 minutes down: (43200 - 300) / 43200 = 99.306%, for every service.
    #   standard (99.5%): below 99.5 but not below 99.0 -> 10%
    #   premium (99.9%): below 99.9 and below 99.5 -> the lower threshold's 50%
    #   legacy (99.0%): met, no credit: 0 (the bands naming no service are legacy's)
    outages = [down(s, 300) for s in ("standard", "premium", "legacy")]
    rows = availability(POLICY, outages).to_dict()["months"]
    assert [
        (r["service"], r["availability_percent"], r["met"], r["credit_percent"]) for r in rows
    ] == [
        ("standard", 99.306, False, 10.0),
        ("premium", 99.306, False, 50.0),
        ("legacy", 99.306, True, 0.0),
    ]


def test_the_bands_naming_no_service_apply_to_the_services_no_band_names():
    # 600 minutes: (43200 - 600) / 43200 = 98.611% < 99.0: legacy earns the general 5%;
    # standard earns its own 25%, never the general 5%.
    rows = availability(POLICY, [down("legacy", 600), down("standard", 600)]).to_dict()["months"]
    assert {r["service"]: r["credit_percent"] for r in rows} == {
        "standard": 25.0,
        "premium": 0.0,
        "legacy": 5.0,
    }


def test_bands_are_checked_among_the_bands_of_the_same_services(tmp_path):
    # 10% below 99.9% for premium and 10% below 99.5% for standard share a credit but cover
    # different services: no E503. Premium's own bands must still grow as availability falls.
    path = tmp_path / "p.sla"
    path.write_text(
        """policy p "P" {
  timezone "UTC"
  priorities P1
  availability {
    service standard 99.5%
    service premium 99.9%
    credit 10% below 99.5% for standard
    credit 10% below 99.9% for premium
    credit 5% below 99.0% for premium
    credit 20% below 99.9% for standard
  }
}"""
    )
    source, problem = read_source(str(path))
    assert problem is None
    found = [(d.code, d.span.line) for d in check_sources([source])]
    # line 9: premium's 5% below 99.0% does not grow; line 10: standard's band above its 99.5%
    # objective, and its 20% below 99.9% sits above the 10% below 99.5% the other way round.
    assert found == [("E503", 9), ("E503", 10), ("E508", 10)]
