"""Ticket events as the API takes them (dicts in the shape of docs/formats.md#ticket-events),
written compactly for hand-worked rule tests: one builder per event kind, March 2026 by default."""

from __future__ import annotations


def at(day: str, time: str) -> str:
    return f"2026-03-{day}T{time}:00Z"


def created(when, priority="P1", ticket="T-1", **fields):
    event = {"at": when, "event": "created", "ticket": ticket, "fields": fields}
    if priority is not None:
        event["priority"] = priority
    return event


def comment(when, author="agent", public=True, ticket="T-1"):
    return {"at": when, "event": "comment", "ticket": ticket, "author": author, "public": public}


def status(when, value, ticket="T-1"):
    return {"at": when, "event": "status", "ticket": ticket, "status": value}


def reprioritise(when, priority, ticket="T-1"):
    return {"at": when, "event": "priority", "ticket": ticket, "priority": priority}


def fields(when, ticket="T-1", **values):
    return {"at": when, "event": "fields", "ticket": ticket, "fields": values}


def release(when, kind="planned", fixes=(), products=None):
    event = {
        "at": when,
        "event": "release",
        "release": f"r-{when}",
        "kind": kind,
        "fixes": list(fixes),
    }
    if products is not None:
        event["products"] = list(products)
    return event
