"""No module-level table keeps a ticket id once an evaluation or an evaluator is dropped.

A service runs one evaluator for months, and a batch run evaluates file after file: what the
input brings (ticket ids, statuses, field values) must go when the evaluator or the result
goes. The runs below use every path that could keep them (the reader, `feed` with late events,
checkpoints, a horizon and compaction, `results` inside a ticket's history, `crossings`,
`forget`, `evaluate`, `slac.trace`), then drop everything and search what the modules of
`slac.evaluation`, `slac.inputs`, `slac.business_time` and `slac.lower` still reach.
"""

from __future__ import annotations

import gc
import json
import sys
import types
import weakref
from pathlib import Path

from slac import evaluate, trace
from slac.evaluation import Evaluator
from slac.inputs.reader import read_events
from slac.loader import loads

POLICY_TEXT = (Path(__file__).parent.parent / "policies/impero.sla").read_text(encoding="utf-8")
MARK = "INCREMENTAL-LEFT-BEHIND-"
PACKAGES = ("slac.evaluation", "slac.inputs", "slac.business_time", "slac.lower")
DAY = 86400
MONDAY = 1772442000  # 2026-03-02T09:00:00Z


def _iso(t: int) -> str:
    from slac.evaluation.results import iso_z

    return iso_z(t) or ""


def _lines(count: int) -> list[tuple[int, str]]:
    """Per ticket: created, a status, a resolution, then an agent comment before the
    resolution fed last (late); 40 comments on the first ticket (checkpoints)."""
    events: list[dict[str, object]] = []
    for n in range(count):
        ticket, t = f"{MARK}{n}", MONDAY + 60 * n
        events += [
            {"at": _iso(t), "event": "created", "ticket": ticket, "priority": "P2"},
            {"at": _iso(t + 600), "event": "status", "ticket": ticket, "status": f"{MARK}s{n}"},
            {"at": _iso(t + 7200), "event": "status", "ticket": ticket, "status": "resolved"},
            {"at": _iso(t + 900), "event": "comment", "ticket": ticket, "author": "agent"},
        ]
    for k in range(40):
        events.append(
            {
                "at": _iso(MONDAY + 60 * k),
                "event": "comment",
                "ticket": f"{MARK}0",
                "author": "customer",
            }
        )
    return [(n, json.dumps(e)) for n, e in enumerate(events, 1)]


def _modules() -> list[types.ModuleType]:
    return [
        module
        for name, module in sorted(sys.modules.items())
        if module is not None and name.startswith(PACKAGES)
    ]


def _strings_reachable_from(roots: list[object]) -> set[str]:
    """Every str reachable from `roots` through containers and objects, through functions'
    defaults and closures and the packages' own classes, but not through modules or other
    packages' classes (whose reach is the whole program)."""
    seen: set[int] = set()
    found: set[str] = set()
    stack = list(roots)
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, types.ModuleType):
            continue
        seen.add(id(item))
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, types.FunctionType):
            stack.extend((item.__defaults__, item.__kwdefaults__, item.__closure__))
        elif isinstance(item, type):
            if item.__module__.startswith(PACKAGES):
                stack.extend(vars(item).values())
        elif isinstance(item, dict):  # the collector does not show a dict's str keys
            stack.extend(item.keys())
            stack.extend(item.values())
        else:
            stack.extend(gc.get_referents(item))
    return found


def _left_behind() -> list[str]:
    gc.collect()
    roots: list[object] = [vars(module) for module in _modules()]
    return sorted(s for s in _strings_reachable_from(roots) if MARK in s)


def _service_run(policy: object) -> weakref.ref[Evaluator]:
    events, problems = read_events(_lines(30), policy)  # type: ignore[arg-type]
    assert problems == []
    evaluator = Evaluator(policy, horizon=DAY)  # type: ignore[arg-type]
    by_ticket_last = sorted(events, key=lambda e: e.kind == "comment" and e.author == "agent")
    for event in by_ticket_last:  # the agents' answers come after the resolutions: late
        evaluator.feed(event)
    assert evaluator.results(MONDAY + 1800).tickets  # inside the histories: from checkpoints
    evaluator.crossings(MONDAY + 3 * 3600)
    evaluator.forget(f"{MARK}1")
    assert evaluator.compact(MONDAY + 2 * DAY) == 29
    assert len(evaluator.results(MONDAY + 3 * DAY).tickets) == 29
    return weakref.ref(evaluator)


def test_no_module_table_keeps_ticket_ids_after_an_evaluator_is_dropped():
    policy = loads(POLICY_TEXT)
    gone = _service_run(policy)
    gc.collect()
    assert gone() is None  # nothing module-level holds the evaluator itself
    assert _left_behind() == []


def test_no_module_table_keeps_ticket_ids_after_an_evaluation_is_dropped():
    policy = loads(POLICY_TEXT)
    events, _ = read_events(_lines(30), policy)
    evaluation = evaluate(policy, events, at=MONDAY + DAY)
    timeline = trace(policy, events, f"{MARK}0", at=MONDAY + DAY)
    assert len(evaluation.tickets) == 30 and timeline.metrics
    del events, evaluation, timeline
    assert _left_behind() == []


def test_the_search_finds_an_id_in_a_module_table_a_class_or_a_cache(monkeypatch):
    from slac.evaluation import fold, history

    def cached() -> object:
        table = {f"{MARK}closure": 1}  # keyed by the id, as a cache would be
        return lambda: table

    monkeypatch.setattr(fold, "_PROBE", {(1, 2): [f"{MARK}module"]}, raising=False)
    monkeypatch.setattr(history.Histories, "_PROBE", (f"{MARK}class",), raising=False)
    monkeypatch.setattr(history, "_PROBE_CACHE", cached(), raising=False)
    assert _left_behind() == [f"{MARK}class", f"{MARK}closure", f"{MARK}module"]
