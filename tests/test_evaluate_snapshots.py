"""Full evaluation JSON of realistic timelines on the shipped policies, as syrupy snapshots.

The rule tables pin each rule by hand; these pin how the rules combine on whole tickets, so a
change anywhere shows up as a reviewed diff of what a user would read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import slac
from slac import evaluate

POLICIES = Path(__file__).resolve().parent.parent / "policies"


def ev(at, event, ticket=None, **data):
    out = {"at": at, "event": event, **data}
    if ticket is not None:
        out["ticket"] = ticket
    return out


TIMELINES = {
    # Impero: the UK desk window crosses midnight; a GST ticket re-derives its priority; a code
    # fix shipped in a patch before the next planned release meets it (releases count
    # cumulatively); an information request is P5 (no resolution).
    "impero": (
        "2026-03-12T12:00:00Z",
        [
            ev(
                "2026-03-02T23:30:00Z",
                "created",
                "IMP-1",
                fields={"impact": "medium", "urgency": "medium"},
            ),
            ev("2026-03-03T00:45:00Z", "comment", "IMP-1", author="agent"),
            ev("2026-03-03T09:00:00Z", "status", "IMP-1", status="awaiting_customer"),
            ev("2026-03-04T09:00:00Z", "status", "IMP-1", status="open"),
            ev("2026-03-04T15:00:00Z", "status", "IMP-1", status="resolved"),
            ev("2026-03-05T10:00:00Z", "status", "IMP-1", status="open"),
            ev(
                "2026-03-02T10:00:00Z",
                "created",
                "IMP-2",
                fields={"impact": "low", "urgency": "low", "region": "gst"},
            ),
            ev("2026-03-02T11:00:00Z", "fields", "IMP-2", fields={"urgency": "high"}),
            ev(
                "2026-03-03T08:00:00Z",
                "created",
                "IMP-3",
                priority="P2",
                fields={
                    "impact": "high",
                    "urgency": "medium",
                    "region": "est",
                    "product": "edlink",
                },
            ),
            ev("2026-03-03T14:00:00Z", "comment", "IMP-3", author="agent"),
            ev("2026-03-03T15:00:00Z", "fields", "IMP-3", fields={"code_fix": True}),
            ev("2026-03-05T12:00:00Z", "release", release="4.2.1", kind="patch", fixes=["IMP-3"]),
            ev(
                "2026-03-10T12:00:00Z",
                "release",
                release="4.3",
                kind="planned",
                products=["edlink"],
                fixes=["IMP-3"],
            ),
            ev(
                "2026-03-06T12:00:00Z",
                "created",
                "IMP-4",
                fields={"type": "information_request", "region": "pst"},
            ),
            ev("2026-03-06T16:00:00Z", "comment", "IMP-4", author="system"),
        ],
    ),
    # Learn Amp: Good Friday (3 April 2026) is closed for P3, worked for P1; reply cycles after
    # the first agent response; a beta ticket is excluded.
    "learnamp": (
        "2026-04-07T12:00:00Z",
        [
            ev("2026-04-02T19:00:00Z", "created", "LA-1", priority="P3"),
            ev("2026-04-02T19:00:00Z", "created", "LA-2", priority="P1"),
            ev("2026-04-02T19:30:00Z", "comment", "LA-2", author="agent"),
            ev("2026-04-02T19:40:00Z", "comment", "LA-2", author="customer"),
            ev("2026-04-02T20:10:00Z", "comment", "LA-2", author="agent"),
            ev("2026-04-02T20:20:00Z", "comment", "LA-2", author="customer"),
            ev("2026-04-02T20:25:00Z", "status", "LA-2", status="awaiting_third_party"),
            ev("2026-04-03T09:00:00Z", "status", "LA-2", status="open"),
            ev("2026-04-03T10:00:00Z", "comment", "LA-1", author="customer"),
            ev("2026-04-06T08:00:00Z", "created", "LA-3", priority="P2", fields={"beta": True}),
        ],
    ),
    # ELB: urgent tickets count wall-clock hours; follow-ups repeat every agent update; chat and
    # incomplete requests are outside the agreement.
    "elb": (
        "2026-03-09T15:00:00Z",
        [
            ev(
                "2026-03-06T22:00:00Z",
                "created",
                "ELB-1",
                priority="urgent",
                fields={"channel": "web_form"},
            ),
            ev("2026-03-06T23:30:00Z", "comment", "ELB-1", author="agent"),
            ev("2026-03-07T03:00:00Z", "comment", "ELB-1", author="agent"),
            ev("2026-03-07T12:00:00Z", "comment", "ELB-1", author="agent"),
            ev(
                "2026-03-09T13:00:00Z",
                "created",
                "ELB-2",
                priority="normal",
                fields={"channel": "web_form"},
            ),
            ev(
                "2026-03-09T13:05:00Z",
                "created",
                "ELB-3",
                priority="high",
                fields={"channel": "chat"},
            ),
            ev(
                "2026-03-09T13:10:00Z",
                "created",
                "ELB-4",
                priority="low",
                fields={"channel": "web_form", "info_complete": False},
            ),
        ],
    ),
    # ClickLearn: the Copenhagen and New York desks together; an on-premises ticket is excluded.
    "clicklearn": (
        "2026-03-04T12:00:00Z",
        [
            ev("2026-03-02T07:00:00Z", "created", "CL-1", priority="P3"),
            ev("2026-03-02T21:30:00Z", "created", "CL-2", priority="P1"),
            ev("2026-03-03T09:00:00Z", "comment", "CL-2", author="agent"),
            ev(
                "2026-03-02T10:00:00Z",
                "created",
                "CL-3",
                priority="P2",
                fields={"deployment": "on_premises"},
            ),
        ],
    ),
    # Totara: a re-prioritisation to S1 after its 1h has gone; resolution not applicable to bugs.
    "totara": (
        "2026-03-03T16:00:00Z",
        [
            ev("2026-03-02T09:00:00Z", "created", "TOT-1", priority="S3", fields={"type": "query"}),
            ev("2026-03-02T11:00:00Z", "priority", "TOT-1", priority="S1"),
            ev("2026-03-02T11:30:00Z", "comment", "TOT-1", author="agent"),
            ev("2026-03-02T16:00:00Z", "created", "TOT-2", priority="S2", fields={"type": "bug"}),
            ev("2026-03-03T09:30:00Z", "comment", "TOT-2", author="agent", public=False),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(TIMELINES))
def test_timeline_json(name, snapshot):
    at, events = TIMELINES[name]
    policy = slac.load(POLICIES / f"{name}.sla")
    assert json.dumps(evaluate(policy, events, at=at).to_dict(), indent=1) == snapshot
