"""Conditions and triggers worded back as a policy writes them (`slac.evaluation.wording`):
each text below compiles to IR whose wording is the text again."""

from __future__ import annotations

import pytest

import slac
from slac.evaluation.wording import condition_text, trigger_text

POLICY = """policy words "wording" {{
  timezone "UTC"
  calendar office {{ zone "UTC"; mon-fri 09:00-17:00 }}
  business hours office
  field beta: bool = false
  field kind: bug | question | request
  field impact: high | low
  priorities P1
  metric m {{ start on {trigger}; stop on resolved }}
  targets {{
    priority  m
    P1        1h
  }}
  exclude "x" when {condition}
}}
"""


@pytest.mark.parametrize(
    "text",
    [
        "beta",
        "kind == bug",
        "kind != question",
        "kind in (bug, request)",
        "kind not in (bug, request)",
        "not beta",
        "beta and kind == bug",
        "beta or (kind == bug and impact == high)",
        "not (beta or kind == bug)",
    ],
)
def test_conditions_read_as_written(text):
    policy = slac.loads(POLICY.format(trigger="created", condition=text))
    assert condition_text(policy.exclusions[0].when) == text


@pytest.mark.parametrize(
    "text",
    [
        "created",
        "public comment by customer",
        "private comment by agent",
        "any comment by agent or customer",
        "status escalated",
        "status escalated, triage",
        "resolved",
        "priority changed",
        "fields changed",
        "field impact changed",
    ],
)
def test_triggers_read_as_written(text):
    policy = slac.loads(POLICY.format(trigger=text, condition="beta"))
    assert trigger_text(policy.metrics[0].start[0]) == text
