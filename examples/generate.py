"""Write a realistic example month of helpdesk events (and outages) for each shipped policy.

    python examples/generate.py            # rewrites examples/<policy>/events.jsonl, outages.jsonl

For every policy in `policies/` a month of tickets (March 2026: the US clocks change on 8 March,
the UK and Danish ones on 29 March) as contract §2 JSON Lines, sorted by `at`, instants in the
policy's time zone with their offset (as a helpdesk export gives them): tickets raised mostly in
desk hours, some out of hours; auto-acknowledgements, first responses, customer replies, pauses,
re-prioritisations, reopens, exclusions and each policy's own fields (Impero: regions, the
impact x urgency matrix, code fixes and release events). Policies with availability terms get
outages too (ELB: January to June, so its credit trigger and material breach show; Learn Amp's
scheduled maintenance with its `announced_at`, one announced too late). What is measured beyond
the ticket clocks is added by `MEASURES` from a random stream of its own, so the ticket events
stay as they were: Impero's tickets get the `channel` they came in by and, once resolved, the
`resolved_by_line` that resolved them, and the month gets phone calls; Totara's tickets get
worklogs at its two budget rates.

Deterministic: one fixed seed per policy, no clock reads, no dependence on set or dict hashing;
running it twice writes the same bytes. The snapshots in tests/policies/test_examples.py pin the
evaluation of these files, so regenerate only on purpose.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
MONTH_START = datetime(2026, 3, 1, tzinfo=UTC)
CUTOFF = int(datetime(2026, 4, 1, tzinfo=UTC).timestamp())  # the `--at` of the README
MINUTE, HOUR, DAY = 60, 3600, 86400

# ---------------------------------------------------------------------------------------------
# Time helpers: instants are int epoch seconds; desks are (zone, opening hour, closing hour).


def local(epoch: int, zone: str) -> datetime:
    return datetime.fromtimestamp(epoch, ZoneInfo(zone))


def iso(epoch: int, zone: str) -> str:
    return local(epoch, zone).isoformat()


def at_local(day: datetime, hour: float, zone: str) -> int:
    """Epoch of `hour` o'clock local on the calendar date of `day`."""
    midnight = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone))
    return int((midnight + timedelta(seconds=round(hour * HOUR))).timestamp())


def in_desk_hours(epoch: int, desk: tuple) -> int:
    """The instant itself if the desk is staffed then, else a few minutes after it next opens."""
    zone, open_h, close_h = desk
    t = local(epoch, zone)
    hour = t.hour + t.minute / 60
    if t.weekday() < 5 and open_h <= hour < close_h:
        return epoch
    day = t if hour < open_h and t.weekday() < 5 else t + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return at_local(day, open_h, zone) + 5 * MINUTE


def created_instant(rng: random.Random, desk: tuple, out_of_hours: float) -> int:
    """A creation instant in March 2026: a weekday in desk hours, sometimes any time."""
    zone, open_h, close_h = desk
    day = MONTH_START + timedelta(days=rng.randrange(31))
    if rng.random() < out_of_hours:
        return at_local(day, rng.uniform(0, 24), zone) // 60 * 60
    while day.weekday() >= 5:
        day = MONTH_START + timedelta(days=rng.randrange(31))
    return at_local(day, rng.uniform(open_h, close_h - 0.5), zone) // 60 * 60


# ---------------------------------------------------------------------------------------------
# One ticket's story. `Story` collects (instant, event) pairs; a ticket's instants only grow.


class Story:
    def __init__(self, ticket: str, zone: str):
        self.ticket, self.zone, self.events, self.now = ticket, zone, [], 0

    def add(self, epoch: int, event: str, **keys) -> int:
        self.now = max(epoch, self.now + 1)
        self.events.append(
            (
                self.now,
                {"at": iso(self.now, self.zone), "event": event, "ticket": self.ticket, **keys},
            )
        )
        return self.now

    def comment(self, epoch: int, author: str, public: bool = True) -> int:
        return self.add(epoch, "comment", author=author, public=public)


def converse(story: Story, rng: random.Random, desk: tuple, plan: dict) -> None:
    """First response, customer rounds (some awaiting the customer), resolution, reopen."""
    t = story.now
    if rng.random() < 0.7:
        story.comment(t + 30, "system")  # auto-acknowledgement: never a first response
    if rng.random() < 0.15:
        story.comment(t + rng.randint(5, 60) * MINUTE, "agent", public=False)
    reply = plan["reply"]
    t = story.comment(plan["respond"](t), "agent")
    for _ in range(rng.choice(plan.get("rounds", (0, 1, 1, 2, 3)))):
        if rng.random() < plan.get("pause_rate", 0.3):
            story.add(t + rng.randint(1, 20) * MINUTE, "status", status=rng.choice(plan["pauses"]))
            t = story.comment(story.now + rng.randint(1, 30) * HOUR, "customer")
            story.add(t + 2 * MINUTE, "status", status="open")
        else:
            t = story.comment(
                t + rng.randint(*plan.get("customer_hours", (1, 26))) * HOUR, "customer"
            )
        t = story.comment(reply(t), "agent")
    if rng.random() < plan.get("resolve_rate", 0.93):
        low, high = plan.get("resolve_hours", (1, 72))
        t = story.add(
            in_desk_hours(t + rng.randint(low, high) * HOUR, desk), "status", status="resolved"
        )
        if rng.random() < 0.12:
            t = story.comment(t + rng.randint(2, 48) * HOUR, "customer")
            story.add(t + 10 * MINUTE, "status", status="open")
            t = story.comment(reply(t), "agent")
            t = story.add(
                in_desk_hours(t + rng.randint(1, 30) * HOUR, desk), "status", status="resolved"
            )
        if rng.random() < 0.5:
            story.add(t + 3 * DAY, "status", status="closed")


def responder(rng: random.Random, desk: tuple, hours: tuple[float, float]):
    """How long the desk takes to answer: a wall-clock delay, then into desk hours."""

    def respond(t: int) -> int:
        t += int(rng.uniform(*hours) * HOUR) // MINUTE * MINUTE
        return in_desk_hours(t, desk)

    return respond


# The most urgent priorities are worked to a close: fewer rounds, customers answer within hours.
URGENT_PLAN = {"rounds": (0, 0, 1), "customer_hours": (1, 4), "resolve_hours": (1, 6)}


def weighted(rng: random.Random, table: dict):
    return rng.choices(list(table), weights=list(table.values()))[0]


# ---------------------------------------------------------------------------------------------
# The five policies' months.


def learnamp(rng: random.Random) -> list:
    desk, zone = ("Europe/London", 7, 21), "Europe/London"
    delay = {"P1": (0.2, 1.3), "P2": (0.5, 2.5), "P3": (1, 16), "P4": (2, 18), "P5": (2, 20)}
    stories = []
    for n in range(70):
        story = Story(f"LA-{1001 + n}", zone)
        priority = weighted(rng, {"P1": 4, "P2": 12, "P3": 36, "P4": 30, "P5": 18})
        fields = {"beta": True} if rng.random() < 0.06 else {}
        story.add(
            created_instant(rng, desk, 0.08),
            "created",
            priority=priority,
            **({"fields": fields} if fields else {}),
        )
        if rng.random() < 0.1:
            story.add(
                story.now + rng.randint(10, 90) * MINUTE,
                "priority",
                priority=rng.choice([p for p in ("P1", "P2", "P3", "P4", "P5") if p != priority]),
            )
        reply = responder(rng, desk, delay[priority])
        converse(
            story,
            rng,
            desk,
            {
                "respond": reply,
                "reply": reply,
                "pauses": ["awaiting_customer", "awaiting_third_party"],
                "resolve_hours": (1, 40),
                **(URGENT_PLAN if priority in ("P1", "P2") else {}),
            },
        )
        stories.append(story)
    return stories


def totara(rng: random.Random) -> list:
    desk, zone = ("Europe/London", 9, 17), "Europe/London"
    delay = {"S1": (0.2, 1.4), "S2": (0.5, 5), "S3": (1, 10), "S4": (2, 20)}
    stories = []
    for n in range(60):
        story = Story(f"TOT-{2001 + n}", zone)
        priority = weighted(rng, {"S1": 4, "S2": 20, "S3": 46, "S4": 30})
        kind = weighted(rng, {"query": 45, "request": 20, "bug": 25, "site_refresh": 10})
        story.add(
            created_instant(rng, desk, 0.05), "created", priority=priority, fields={"type": kind}
        )
        if rng.random() < 0.1:
            story.add(
                story.now + rng.randint(1, 4) * HOUR,
                "fields",
                fields={"cause": "client_configuration"},
            )
        if rng.random() < 0.08:
            story.add(
                story.now + rng.randint(10, 120) * MINUTE,
                "priority",
                priority=rng.choice([p for p in ("S1", "S2", "S3") if p != priority]),
            )
        reply = responder(rng, desk, delay[priority])
        # Totara's agreement names no pause: awaiting the customer is just a status here
        converse(
            story,
            rng,
            desk,
            {
                "respond": reply,
                "reply": reply,
                "pauses": ["awaiting_customer"],
                "pause_rate": 0.15,
                "resolve_hours": (1, 10),
                **(URGENT_PLAN if priority in ("S1", "S2") else {}),
            },
        )
        stories.append(story)
    return stories


def clicklearn(rng: random.Random) -> list:
    copenhagen, new_york = ("Europe/Copenhagen", 9, 17), ("America/New_York", 9, 17)
    delay = {"P1": (0.3, 4.3), "P2": (0.5, 9), "P3": (4, 36), "P4": (6, 54)}
    exclusions = (
        {"deployment": "on_premises"},
        {"trial": True},
        {"beta": True},
        {"third_party": True},
    )
    stories = []
    for n in range(60):
        story = Story(f"CL-{3001 + n}", "Europe/Copenhagen")
        desk = copenhagen if rng.random() < 0.55 else new_york
        priority = weighted(rng, {"P1": 5, "P2": 20, "P3": 45, "P4": 30})
        fields = dict(rng.choice(exclusions)) if rng.random() < 0.15 else {"deployment": "cloud"}
        story.add(created_instant(rng, desk, 0.05), "created", priority=priority, fields=fields)
        if rng.random() < 0.1:
            story.add(
                story.now + rng.randint(1, 6) * HOUR,
                "priority",
                priority=rng.choice([p for p in ("P1", "P2", "P3", "P4") if p != priority]),
            )
        respond = responder(rng, desk, delay[priority])
        converse(
            story,
            rng,
            desk,
            {
                "respond": respond,
                "reply": respond,
                "pauses": ["awaiting_customer"],
                "pause_rate": 0.2,
            },
        )
        stories.append(story)
    return stories


ELB_CATEGORIES = {
    "course_player": 30,
    "reporting": 25,
    "user_management": 20,
    "sso": 10,
    "custom_css": 5,
    "third_party_authoring_tool": 4,
    "third_party_integration": 3,
    "third_party_content": 2,
    "custom_authentication": 1,
}


def elb(rng: random.Random) -> list:
    desk, zone = ("America/New_York", 9, 18), "America/New_York"
    delay = {"urgent": (0.3, 2.6), "high": (1, 8), "normal": (2, 14), "low": (4, 20)}
    stories = []
    for n in range(64):
        story = Story(f"ELB-{4001 + n}", zone)
        priority = weighted(rng, {"urgent": 10, "high": 25, "normal": 40, "low": 25})
        fields = {
            "channel": weighted(rng, {"web_form": 88, "email": 5, "chat": 5, "phone": 2}),
            "instance": weighted(rng, {"production": 94, "staging": 4, "other": 2}),
            "category": weighted(rng, ELB_CATEGORIES),
            "info_complete": rng.random() > 0.05,
        }
        urgent = priority == "urgent"
        story.add(
            created_instant(rng, desk, 0.4 if urgent else 0.1),
            "created",
            priority=priority,
            fields=fields,
        )
        stories.append(story)
        if urgent:
            urgent_updates(story, rng, delay["urgent"])
            continue
        if rng.random() < 0.08:
            story.add(story.now + rng.randint(20, 120) * MINUTE, "priority", priority="urgent")
        respond = responder(rng, desk, delay[priority])
        converse(
            story,
            rng,
            desk,
            {
                "respond": respond,
                "reply": respond,
                "pauses": ["awaiting_customer"],
                "pause_rate": 0.2,
            },
        )
    return stories


def urgent_updates(story: Story, rng: random.Random, first: tuple) -> None:
    """Urgent tickets are worked round the clock: an update every few hours until resolved."""
    t = story.comment(story.now + int(rng.uniform(*first) * HOUR) // MINUTE * MINUTE, "agent")
    for _ in range(rng.randint(1, 5)):
        t = story.comment(t + int(rng.uniform(1.5, 6.0) * HOUR) // MINUTE * MINUTE, "agent")
        if rng.random() < 0.4:
            story.comment(t + rng.randint(10, 50) * MINUTE, "customer")
    story.add(t + rng.randint(1, 4) * HOUR, "status", status="resolved")


IMPERO_DESKS = {  # closing hour 25 = 01:00 the next morning (the UK window crosses midnight)
    "uk": ("Europe/London", 8, 25),
    "gst": ("Asia/Dubai", 12, 21),
    "est": ("America/New_York", 8, 20),
    "cst": ("America/Chicago", 7, 19),
    "mst": ("America/Denver", 6, 18),
    "pst": ("America/Los_Angeles", 5, 17),
}
MATRIX = {  # §5.4, urgency x impact
    "high": {"severe": "P1", "high": "P1", "medium": "P1", "low": "P1"},
    "medium": {"severe": "P2", "high": "P2", "medium": "P3", "low": "P4"},
    "low": {"severe": "P3", "high": "P3", "medium": "P4", "low": "P4"},
}
PRODUCTS = ("education_pro", "edaware", "edlink", "backdrop")
RELEASES = (  # (at, name, kind, products): fortnightly planned, hotfixes, product patches
    ("2026-03-05T21:00:00+00:00", "2026.3.1-hotfix", "emergency", None),
    ("2026-03-10T19:00:00+00:00", "2026.3.2", "planned", None),
    ("2026-03-13T19:00:00+00:00", "EdAware 4.7.1", "patch", ("edaware",)),
    ("2026-03-18T22:00:00+00:00", "2026.3.3-hotfix", "emergency", None),
    ("2026-03-24T19:00:00+00:00", "2026.3.4", "planned", None),
    ("2026-03-27T19:00:00+00:00", "Education Pro 9.2.1", "patch", ("education_pro", "edlink")),
)


def target_release(priority: str, product: str, flagged: int) -> int | None:
    """Index in RELEASES of the code fix's target (§5.6 as the policy reads it), or None."""
    for index, (when, _name, kind, products) in enumerate(RELEASES):
        if int(datetime.fromisoformat(when).timestamp()) < flagged:
            continue
        if priority == "P1" or (priority == "P2" and kind == "planned"):
            return index
        if priority in ("P3", "P4") and (products is None or product in products):
            return index
    return None


def impero(rng: random.Random) -> list:
    delay = {"P1": (0.2, 1.3), "P2": (0.5, 2.6), "P3": (1, 5), "P4": (2, 9), "P5": (2, 9)}
    stories, fixes = [], {i: [] for i in range(len(RELEASES))}
    for n in range(80):
        region = weighted(rng, {"uk": 50, "gst": 5, "est": 20, "cst": 10, "mst": 5, "pst": 10})
        desk = IMPERO_DESKS[region]
        story = Story(f"IMP-{5001 + n}", "Europe/London")
        kind = weighted(
            rng,
            {"incident": 75, "information_request": 10, "service_request": 10, "change_request": 5},
        )
        fields = {"type": kind, "region": region, "product": rng.choice(PRODUCTS)}
        named = None
        if kind == "incident":
            fields["urgency"] = weighted(rng, {"high": 10, "medium": 45, "low": 45})
            fields["impact"] = weighted(rng, {"severe": 10, "high": 25, "medium": 35, "low": 30})
            if rng.random() < 0.1:
                named = rng.choice(["P1", "P2", "P3", "P4"])
        priority = named or (
            MATRIX[fields["urgency"]][fields["impact"]] if kind == "incident" else "P5"
        )
        story.add(
            created_instant(rng, desk, 0.05),
            "created",
            fields=fields,
            **({"priority": named} if named else {}),
        )
        stories.append(story)
        if kind == "incident" and priority != "P5" and rng.random() < 0.2:
            code_fix(story, rng, desk, priority, fields["product"], fixes)
            continue
        if kind == "incident" and named is None and rng.random() < 0.1:
            story.add(
                story.now + rng.randint(15, 90) * MINUTE,
                "fields",
                fields={"urgency": rng.choice(["high", "medium", "low"])},
            )
        respond = responder(rng, desk, delay[priority])
        converse(
            story,
            rng,
            desk,
            {
                "respond": respond,
                "reply": respond,
                "pauses": ["awaiting_customer"],
                "pause_rate": 0.3,
                "resolve_hours": (1, 20),
                **(URGENT_PLAN if priority in ("P1", "P2") else {}),
            },
        )
    releases = [
        (
            int(datetime.fromisoformat(when).timestamp()),
            {
                "at": when,
                "event": "release",
                "release": name,
                "kind": kind,
                **({"products": list(products)} if products else {}),
                "fixes": sorted(fixes[i]),
            },
        )
        for i, (when, name, kind, products) in enumerate(RELEASES)
    ]
    return stories, releases


def code_fix(
    story: Story, rng: random.Random, desk: tuple, priority: str, product: str, fixes: dict
) -> None:
    """Escalated to engineering: flagged `code_fix`, shipped (mostly) in the target release."""
    t = story.comment(in_desk_hours(story.now + rng.randint(10, 50) * MINUTE, desk), "agent")
    flagged = story.add(t + rng.randint(1, 6) * HOUR, "fields", fields={"code_fix": True})
    target = target_release(priority, product, flagged)
    if target is None:
        return  # the target release has not shipped this month: still running at the month end
    shipped = target if rng.random() < 0.75 else min(target + 1, len(RELEASES) - 1)
    fixes[shipped].append(story.ticket)
    released = int(datetime.fromisoformat(RELEASES[shipped][0]).timestamp())
    story.comment(released + rng.randint(1, 3) * HOUR, "agent")
    story.add(
        in_desk_hours(story.now + rng.randint(1, 20) * HOUR, desk), "status", status="resolved"
    )


# ---------------------------------------------------------------------------------------------
# Outages (contract §6), written as they are: (service, start, end, cause, scope).

OUTAGES = {
    "learnamp": (  # supported hours only: nights, weekends and bank holidays do not count
        ("platform", "2026-03-10T10:00:00+00:00", "2026-03-10T12:00:00+00:00", "unplanned", "full"),
        (  # announced 15 days ahead: excused (the notice is 14 days)
            "platform",
            "2026-03-14T22:00:00+00:00",
            "2026-03-15T02:00:00+00:00",
            "scheduled_maintenance",
            "full",
            "2026-02-27T12:00:00+00:00",
        ),
        (  # announced 7 days ahead: downtime, 2 of its 2.5 hours in supported hours (to 21:00)
            "platform",
            "2026-03-12T19:00:00+00:00",
            "2026-03-12T21:30:00+00:00",
            "scheduled_maintenance",
            "full",
            "2026-03-05T09:00:00+00:00",
        ),
        ("platform", "2026-03-18T09:00:00+00:00", "2026-03-18T17:00:00+00:00", "unplanned", "full"),
        ("platform", "2026-03-25T02:00:00+00:00", "2026-03-25T04:00:00+00:00", "unplanned", "full"),
        ("platform", "2026-04-03T10:00:00+01:00", "2026-04-03T15:00:00+01:00", "unplanned", "full"),
        ("platform", "2026-04-15T14:00:00+01:00", "2026-04-15T15:30:00+01:00", "unplanned", "full"),
    ),
    "clicklearn": (  # only full unplanned outages are downtime, against every minute
        (
            "production",
            "2026-03-04T13:00:00+01:00",
            "2026-03-04T13:45:00+01:00",
            "unplanned",
            "full",
        ),
        (
            "production",
            "2026-03-12T02:00:00+01:00",
            "2026-03-12T06:00:00+01:00",
            "scheduled_maintenance",
            "full",
        ),
        (
            "production",
            "2026-03-17T10:00:00+01:00",
            "2026-03-17T12:00:00+01:00",
            "unplanned",
            "partial",
        ),
        (
            "production",
            "2026-03-20T15:00:00+01:00",
            "2026-03-20T16:00:00+01:00",
            "third_party",
            "full",
        ),
        (
            "production",
            "2026-03-26T09:40:00+01:00",
            "2026-03-26T10:00:00+01:00",
            "unplanned",
            "full",
        ),
        (
            "production",
            "2026-04-08T11:00:00+02:00",
            "2026-04-08T11:30:00+02:00",
            "unplanned",
            "full",
        ),
    ),
    "elb": (  # Feb-May fail: no credit in Feb (first), 10%, 30%, then a material breach in May
        (
            "platform",
            "2026-01-10T01:00:00-05:00",
            "2026-01-10T05:00:00-05:00",
            "scheduled_maintenance",
            "full",
        ),
        ("platform", "2026-01-21T14:00:00-05:00", "2026-01-21T14:20:00-05:00", "unplanned", "full"),
        ("platform", "2026-02-11T10:00:00-05:00", "2026-02-11T11:30:00-05:00", "unplanned", "full"),
        ("platform", "2026-03-19T16:00:00-04:00", "2026-03-19T17:00:00-04:00", "unplanned", "full"),
        ("platform", "2026-03-19T16:30:00-04:00", "2026-03-19T16:45:00-04:00", "customer", "full"),
        (
            "platform",
            "2026-04-04T00:00:00-04:00",
            "2026-04-04T10:00:00-04:00",
            "emergency_maintenance",
            "full",
        ),
        ("platform", "2026-04-14T09:00:00-04:00", "2026-04-14T17:20:00-04:00", "unplanned", "full"),
        ("platform", "2026-05-27T12:00:00-04:00", "2026-05-27T12:50:00-04:00", "unplanned", "full"),
        (
            "platform",
            "2026-06-09T09:00:00-04:00",
            "2026-06-09T12:00:00-04:00",
            "unplanned",
            "partial",
        ),
        (
            "platform",
            "2026-06-22T08:00:00-04:00",
            "2026-06-22T08:30:00-04:00",
            "connectivity",
            "full",
        ),
    ),
    "impero": (  # within the UK desk's hours; scheduled maintenance is pre-agreed downtime
        (
            "education_pro",
            "2026-03-03T10:00:00+00:00",
            "2026-03-03T11:00:00+00:00",
            "unplanned",
            "full",
        ),
        (
            "education_pro",
            "2026-03-18T22:00:00+00:00",
            "2026-03-18T22:30:00+00:00",
            "emergency_maintenance",
            "full",
        ),
        ("edaware", "2026-03-11T14:00:00+00:00", "2026-03-11T14:10:00+00:00", "unplanned", "full"),
        ("edlink", "2026-03-24T09:00:00+00:00", "2026-03-24T14:00:00+00:00", "unplanned", "full"),
        ("backdrop", "2026-03-15T03:00:00+00:00", "2026-03-15T07:00:00+00:00", "unplanned", "full"),
        (  # announced three days ahead: pre-agreed (the notice is 24 hours)
            "backdrop",
            "2026-03-21T06:00:00+00:00",
            "2026-03-21T09:00:00+00:00",
            "scheduled_maintenance",
            "full",
            "2026-03-18T10:00:00+00:00",
        ),
        (  # announced the same morning: downtime, all of it in the UK desk's hours
            "backdrop",
            "2026-03-26T19:00:00+00:00",
            "2026-03-26T20:00:00+00:00",
            "scheduled_maintenance",
            "full",
            "2026-03-26T09:00:00+00:00",
        ),
    ),
}

# ---------------------------------------------------------------------------------------------
# Measures beyond the ticket clocks (contract §8.2): a random stream per policy of its own, so
# adding them changed none of the ticket events above.


def impero_measures(stories: list, rng: random.Random) -> list:
    """Each ticket's `channel` on its `created`; a `triaged` status a few minutes of desk time
    after it (before any other status); `resolved_by_line` just after its final resolution;
    about a dozen calls to the UK desk per working day, a tenth unanswered."""
    timed = []
    for story in stories:
        created = story.events[0][1]
        created["fields"]["channel"] = weighted(
            rng, {"portal": 38, "email": 30, "phone": 20, "voicemail": 12}
        )
        statuses = [(t, e["status"]) for t, e in story.events if e["event"] == "status"]
        desk = IMPERO_DESKS[created["fields"]["region"]]
        triaged = in_desk_hours(story.events[0][0] + rng.randint(2, 36) * MINUTE, desk)
        if not statuses or triaged < statuses[0][0]:
            timed.append(
                (
                    triaged,
                    _event_line(triaged, "status", story.ticket, story.zone, status="triaged"),
                )
            )
        if statuses and statuses[-1][1] in ("resolved", "closed"):
            t = statuses[-1][0] + 5 * MINUTE
            line = weighted(rng, {"first": 72, "second": 20, "third": 8})
            fields = {"resolved_by_line": line}
            timed.append((t, _event_line(t, "fields", story.ticket, story.zone, fields=fields)))
    day = MONTH_START
    number = 0
    while day < datetime(2026, 4, 1, tzinfo=UTC):
        if day.weekday() < 5:
            for _ in range(rng.randint(8, 16)):
                number += 1
                t = at_local(day, rng.uniform(8, 18), "Europe/London")
                answered = None if rng.random() < 0.1 else min(600, int(rng.expovariate(1 / 38)))
                line = {
                    "at": iso(t, "Europe/London"),
                    "event": "call",
                    "call": f"CALL-{number:04d}",
                    "answered_after_seconds": answered,
                    "queue": "uk",
                }
                timed.append((t, line))
        day += timedelta(days=1)
    return timed


def totara_measures(stories: list, rng: random.Random) -> list:
    """One to three worklogs per ticket while it is open, mostly at the standard rate."""
    timed = []
    for story in stories:
        first, last = story.events[0][0], story.events[-1][0]
        for _ in range(rng.randint(1, 3)):
            t = rng.randint(first, max(first, last))
            rate = weighted(rng, {"standard": 75, "consultancy": 25})
            minutes = rng.choice((15, 20, 30, 45, 60, 90, 120))
            timed.append(
                (
                    t,
                    _event_line(
                        t, "worklog", story.ticket, "Europe/London", minutes=minutes, rate=rate
                    ),
                )
            )
    return timed


def _event_line(t: int, event: str, ticket: str, zone: str, **keys) -> dict:
    return {"at": iso(t, zone), "event": event, "ticket": ticket, **keys}


MEASURES = {"impero": impero_measures, "totara": totara_measures}

GENERATORS = {
    "learnamp": learnamp,
    "totara": totara,
    "clicklearn": clicklearn,
    "elb": elb,
    "impero": impero,
}


def month_events(name: str) -> list[dict]:
    """The policy's month of events, sorted by `at` (ties in generation order)."""
    made = GENERATORS[name](random.Random(f"slac-examples-2026-03-{name}"))
    stories, extra = made if isinstance(made, tuple) else (made, [])
    timed = [pair for story in stories for pair in story.events] + extra
    if name in MEASURES:
        timed += MEASURES[name](stories, random.Random(f"slac-examples-2026-03-{name}-measures"))
    timed = [pair for pair in timed if pair[0] < CUTOFF]
    timed.sort(key=lambda pair: pair[0])
    return [event for _epoch, event in timed]


def outage_lines(name: str) -> list[dict]:
    keys = ("service", "start", "end", "cause", "scope", "announced_at")
    return [dict(zip(keys, row, strict=False)) for row in OUTAGES.get(name, ())]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))


def main() -> None:
    for name in GENERATORS:
        write_jsonl(HERE / name / "events.jsonl", month_events(name))
        if name in OUTAGES:
            write_jsonl(HERE / name / "outages.jsonl", outage_lines(name))


if __name__ == "__main__":
    main()
