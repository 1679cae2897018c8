"""What the event reader keeps after a run: nothing of the input (issue 10, item 5).

Ticket ids, statuses and field values are interned so that equal strings share one object;
the table that does it belongs to one reader, so after the events and the evaluation are
dropped no module-level table still holds them. The per-policy cache of what the policy
declares lives exactly as long as the policy.
"""

from __future__ import annotations

import gc
import json
import sys
import weakref
from pathlib import Path

from slac import evaluate
from slac.inputs import events as events_module
from slac.inputs.events import event_from_dict
from slac.inputs.reader import read_events
from slac.loader import loads

POLICY_TEXT = (Path(__file__).parent.parent / "policies/impero.sla").read_text(encoding="utf-8")
MARK = "TICKET-LEFT-BEHIND-"


def _lines(count: int) -> list[tuple[int, str]]:
    lines = []
    for n in range(count):
        ticket = f"{MARK}{n}"
        lines.append(
            (
                2 * n + 1,
                json.dumps(
                    {
                        "at": "2026-03-02T09:00:00Z",
                        "event": "created",
                        "ticket": ticket,
                        "priority": "P2",
                        "fields": {"product": f"product-{MARK}{n}"},
                    }
                ),
            )
        )
        lines.append(
            (
                2 * n + 2,
                json.dumps(
                    {
                        "at": "2026-03-02T10:00:00Z",
                        "event": "status",
                        "ticket": ticket,
                        "status": f"status-{MARK}{n}",
                    }
                ),
            )
        )
    return lines


def _strings_reachable_from(root: object) -> set[str]:
    """Every str reachable from `root` through containers and slotted objects (not through
    modules, classes or functions, whose reach is the whole program)."""
    seen: set[int] = set()
    found: set[str] = set()
    stack = [root]
    skip = (type(sys), type, type(_lines), type(len))
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, skip):
            continue
        seen.add(id(item))
        if isinstance(item, str):
            found.add(item)
            continue
        stack.extend(gc.get_referents(item))
    return found


def test_no_module_table_keeps_the_ids_and_values_read_once_the_run_is_dropped():
    policy = loads(POLICY_TEXT)
    events, problems = read_events(_lines(200), policy)
    assert problems == []
    evaluation = evaluate(policy, events, at=1772460000)  # 2026-03-02T14:00:00Z
    assert len(evaluation.tickets) == 200
    assert event_from_dict(json.loads(_lines(1)[0][1]), 1, policy).ticket == f"{MARK}0"
    del events, evaluation
    gc.collect()
    left = [s for s in _strings_reachable_from(vars(events_module)) if MARK in s]
    assert left == []


def test_the_policy_cache_lives_as_long_as_the_policy():
    policy = loads(POLICY_TEXT)
    read_events(_lines(1), policy)
    gone = weakref.ref(policy)
    assert id(policy) in events_module._VOCABULARIES
    key = id(policy)
    del policy
    gc.collect()
    assert gone() is None
    assert key not in events_module._VOCABULARIES
