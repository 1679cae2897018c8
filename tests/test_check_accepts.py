"""Edge cases a careful author may write: the checks accept them (no diagnostic at all) and the
compiler then builds them, so nothing the checks let through can crash `load`."""

from __future__ import annotations

import pytest

from slac.loader import check_source, loads
from slac.source import Source

HEAD = 'policy edge "Edge cases" {\n  timezone "Europe/London"\n'
TAIL = """
  metric first_response {
    start on created
    stop on public comment by agent
  }
  targets {
    priority  first_response
    P1        %s
  }
}
"""


def policy(middle: str, cell: str = "1h", priorities: str = "  priorities P1\n") -> str:
    return HEAD + middle + "\n" + priorities + TAIL % cell


CASES = {
    # Saturday hours do not change the weekday length (8h), so business days are defined.
    "weekend-hours-keep-the-weekday-length": policy(
        '  calendar c { zone "Europe/London"; mon-fri 09:00-17:00; sat 10:00-13:00 }\n  business hours c\n',
        "2 business days",
    ),
    "range-wrapping-past-sunday": policy(
        '  calendar c { zone "Europe/London"; fri-mon 09:00-17:00 }\n  business hours c\n'
    ),
    "whole-day-window": policy(
        '  calendar c { zone "UTC"; mon-sun 00:00-24:00 }\n  business hours c\n', "1 working day"
    ),
    "touching-windows": policy(
        '  calendar c { zone "Europe/London"; mon-fri 09:00-12:00, 12:00-17:00 }\n  business hours c\n',
        "1 business day",
    ),
    "crossing-midnight-into-a-closed-day": policy(
        '  calendar c { zone "Europe/London"; mon-fri 20:00-04:00 }\n  business hours c\n',
        "1 business day",
    ),
    "always-open-has-24h-days": policy(
        "  calendar c { always open }\n  business hours c\n", "1 business day"
    ),
    "nested-union-with-day-length": policy(
        '  calendar a { zone "Europe/London"; mon-fri 09:00-17:00 }\n'
        '  calendar b { zone "America/New_York"; mon-fri 09:00-17:00 }\n'
        '  calendar c { zone "Asia/Tokyo"; mon-fri 09:00-17:00 }\n'
        "  calendar ab { union a, b }\n"
        "  calendar all { union ab, c; day length 20h }\n"
        "  business hours all\n",
        "1 business day",
    ),
    "metric-level-hours-by-field": HEAD
    + '  calendar uk { zone "Europe/London"; mon-fri 08:00-01:00; holidays GB/ENG }\n'
    + '  calendar us { zone "America/New_York"; mon-fri 08:00-20:00; holidays US }\n'
    + "  field region: uk | us = uk\n  priorities P1, P2\n"
    + "  metric resolution {\n    start on created\n    stop on resolved\n"
    + "    business hours by region { uk: uk; us: us }\n  }\n"
    + "  targets {\n    priority  resolution\n    P1        1 working day\n    P2        2 working days\n  }\n}\n",
    "conditions-of-every-type": policy(
        '  calendar c { zone "Europe/London"; mon-fri 09:00-17:00 }\n  business hours c\n'
        '  field beta: bool = false\n  field tier: gold | silver = gold\n  field note: text = "none"\n'
        '  exclude "x" when beta == true and tier in (gold, "silver") or not (note != "vip")\n'
    ),
    "complete-matrix-with-condition": policy(
        '  calendar c { zone "Europe/London"; mon-fri 09:00-17:00 }\n  business hours c\n'
        "  field kind: incident | request = incident\n  field impact: high | low\n  field urgency: high | low\n"
        "  priority from urgency x impact when kind == incident {\n"
        "            high  low\n    high    P1    P1\n    low     P1    P2\n  }\n"
        "  priority P2 when kind == request\n  priority default P2\n",
        priorities="  priorities P1, P2\n",
    ).replace("    P1        1h\n", "    P1        1h\n    P2        2h\n"),
    "availability-with-bands-and-rules": policy(
        '  calendar c { zone "Europe/London"; mon-fri 09:00-17:00 }\n  business hours c\n'
        "  availability {\n    during c\n    service a 99.9%\n    service b 99.5%\n"
        "    excused scheduled_maintenance\n    not downtime customer\n    partial outages are downtime\n"
        "    credit 5% below 99.5%\n    credit 25% below 95%\n    credit when 1 failing months in 1\n"
        "    material breach after 3 consecutive failing months\n  }\n"
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_accepted_and_compiled(name):
    text = CASES[name]
    assert check_source(Source(name, text)) == []
    assert loads(text, path=name).name == "edge"
