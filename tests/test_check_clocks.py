"""`slac check` on the clock rules of issue 11: conditional starts, pauses ended by events or on
field conditions, deadline cells, priority caps, business hours by priority beside another
statement. One fixture per code is in tests/fixtures/check/; these are the cases around them."""

from __future__ import annotations

import pytest

from slac.loader import check_source
from slac.source import Source

HEAD = """policy p "P" {
  timezone "UTC"
  calendar office { zone "UTC"; mon-fri 09:00-17:00 }
  calendar sun { always open }
  calendar late { zone "UTC"; mon-fri 14:00-20:00 }
  field channel: web_form | email
  field plan: standard | premium = standard
  field complete: bool = true
  field region: uk | us = uk
  field vendor: text
  priorities P1, P2, P3
"""
METRIC = """
  metric first_response {
    start on created%s
    stop on public comment by agent
  }
"""
TARGETS = """
  targets {
    priority  first_response
    P1        %s
    P2        4h
    P3        8h
  }
}
"""


def policy(middle: str = "  business hours office\n", when: str = "", p1: str = "1h") -> str:
    return HEAD + middle + METRIC % when + TARGETS % p1


def found(text: str) -> list[tuple[int, str]]:
    """The errors (unused calendars and fields are W601/W602 lints, not the subject here)."""
    return [
        (d.span.line, d.code) for d in check_source(Source("p.sla", text)) if d.severity == "error"
    ]


CASES = [
    ("start-condition-on-a-bool", policy(when=" when complete"), []),
    # "a value the field cannot take": an undeclared value is E103 (resolution), once.
    ("start-condition-on-an-undeclared-value", policy(when=" when channel == fax"), [(15, "E103")]),
    (
        "start-condition-contradiction",
        policy(when=" when complete and not complete"),
        [(15, "E424")],
    ),
    # A field without a default may stay unset, so `channel != web_form and != email` holds then.
    (
        "start-condition-holds-only-while-unset",
        policy(when=" when channel not in (web_form, email)"),
        [],
    ),
    # A field with a default is never unset: no value is neither.
    (
        "start-condition-defaulted-field-has-no-unset",
        policy(when=" when plan not in (standard, premium)"),
        [(15, "E424")],
    ),
    (
        "pause-while-can-end",
        policy('  business hours office\n  pause while vendor == "acme"\n'),
        [],
    ),
    (
        "pause-while-a-defaulted-enumeration-always-has-a-value",
        policy("  business hours office\n  pause while plan in (standard, premium)\n"),
        [(13, "E425")],
    ),
    (
        "pause-while-ended-by-an-event",
        policy(
            "  business hours office\n  pause while plan in (standard, premium) until status open\n"
        ),
        [],
    ),
    (
        "pause-until-a-field-trigger-names-a-field",
        policy("  business hours office\n  pause when status held until field regoin changed\n"),
        [(13, "E102")],
    ),
    (
        "pauses-repeat",
        policy(
            "  business hours office\n  pause when status a until public comment by customer\n"
            "  pause when status b\n"
        ),
        [],
    ),
    (
        "priority-mapping-beside-a-calendar-may-be-partial",
        policy("  business hours by priority { P1: sun }\n  business hours office\n"),
        [],
    ),
    (
        "priority-mapping-beside-a-field-mapping-may-be-partial",
        policy(
            "  business hours by priority { P1: sun }\n"
            "  business hours by region { uk: office; us: late }\n"
        ),
        [],
    ),
    (
        "priority-mapping-alone-stays-total",
        policy("  business hours by priority { P1: sun }\n"),
        [(12, "E316")],
    ),
    (
        "a-calendar-and-a-field-mapping-are-one-statement",
        policy("  business hours office\n  business hours by region { uk: office; us: late }\n"),
        [(13, "E117")],
    ),
    (
        "deadline-on-office-hours",
        policy(p1="by end of next business day"),
        [],
    ),
    (
        "deadline-on-a-field-mapping-with-an-always-open-desk",
        policy("  business hours by region { uk: office; us: sun }\n", p1="by end of business day"),
        [(21, "E417")],
    ),
    (
        "deadline-time-out-of-range",
        policy(p1="by 25:00 next business day"),
        [(21, "E305")],
    ),
    (
        "priority-cap",
        policy("  business hours office\n  priority at most P2 when plan == standard\n"),
        [],
    ),
    (
        "priority-cap-condition-is-checked",
        policy("  business hours office\n  priority at most P2 when plan == gold\n"),
        [(13, "E103")],
    ),
    (
        "overall-objective-and-an-every-priority-objective-clash",
        policy().replace(
            "\n}\n",
            "\n  objective first_response 95% monthly overall\n"
            "  objective first_response 90% monthly\n}\n",
        ),
        [(26, "E440")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_clock_rule_checks(text, expected):
    assert found(text) == expected
