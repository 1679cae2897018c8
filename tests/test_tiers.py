"""Target tables by tier: `targets for plan premium { ... }` beside the plain table.

Office hours Mon-Fri 09:00-17:00 Europe/London (GMT in early March 2026: local time is UTC).
Premium answers P1 in 30m and P2 in 2h; every other ticket (standard, basic, or no plan) in 1h
and 4h. Expected instants are worked out by hand beside each case.
"""

from __future__ import annotations

import pytest

from slac import evaluate, loads
from slac.fmt import format_text

POLICY = """policy tiered "Two plans" {
  timezone "Europe/London"

  calendar office {
    zone "Europe/London"
    mon-fri 09:00-17:00
  }

  field plan: premium | standard | basic
  priorities P1, P2
  business hours office

  metric first_response {
    start on created
    stop on public comment by agent
  }

  targets {
    priority  first_response
    P1        1h
    P2        4h
  }

  targets for plan premium {
    priority  first_response
    P1        30m
    P2        2h
  }
}
"""
TIERED = loads(POLICY)


def created(ticket: str, priority: str, **fields: str) -> dict:
    return {
        "at": "2026-03-02T09:00:00Z",
        "event": "created",
        "ticket": ticket,
        "priority": priority,
        "fields": fields,
    }


@pytest.mark.parametrize(
    ("event", "target", "due"),
    [
        # premium P2: 2h from Mon 09:00
        pytest.param(
            created("T-1", "P2", plan="premium"), 7200, "2026-03-02T11:00:00Z", id="premium-p2"
        ),
        # premium P1: 30m
        pytest.param(
            created("T-2", "P1", plan="premium"), 1800, "2026-03-02T09:30:00Z", id="premium-p1"
        ),
        # standard has no table of its own: the plain one, 4h
        pytest.param(
            created("T-3", "P2", plan="standard"), 14400, "2026-03-02T13:00:00Z", id="standard-p2"
        ),
        # no plan at all: the plain table, 1h
        pytest.param(created("T-4", "P1"), 3600, "2026-03-02T10:00:00Z", id="no-plan-p1"),
    ],
)
def test_a_ticket_gets_its_tiers_table(event, target, due):
    (ticket,) = evaluate(TIERED, [event], at="2026-03-02T09:00:00Z").to_dict()["tickets"]
    metric = ticket["metrics"][0]
    assert (metric["target_seconds"], metric["due"], metric["state"]) == (target, due, "running")


def test_an_upgrade_applies_the_premium_table_to_the_whole_clock():
    events = [
        created("T-1", "P2", plan="standard"),
        {
            "at": "2026-03-02T10:00:00Z",
            "event": "fields",
            "ticket": "T-1",
            "fields": {"plan": "premium"},
        },
    ]
    # at 10:30: 1.5h of premium's 2h, due 11:00 (the standard 4h would be due 13:00)
    (ticket,) = evaluate(TIERED, events, at="2026-03-02T10:30:00Z").to_dict()["tickets"]
    metric = ticket["metrics"][0]
    assert (metric["target"], metric["elapsed_seconds"], metric["due"]) == (
        "2h",
        5400,
        "2026-03-02T11:00:00Z",
    )
    # at 12:00: 3h > 2h, breached when the count passed 2h, at 11:00
    (ticket,) = evaluate(TIERED, events, at="2026-03-02T12:00:00Z").to_dict()["tickets"]
    metric = ticket["metrics"][0]
    assert (metric["state"], metric["breached_at"]) == ("breached", "2026-03-02T11:00:00Z")


def test_the_shipped_form_is_kept_by_the_formatter():
    assert format_text(POLICY) == POLICY
    messy = POLICY.replace("targets for plan premium {", "targets  for plan   premium{")
    assert format_text(messy) == POLICY
