"""Batch evaluation ticket by ticket: every event known up front, each ticket folded, judged and
dropped in turn (`evaluate`, `slac evaluate`, `slac report`).

The incremental `Evaluator` keeps every ticket's state until `results(at)`; a batch need not.
A ticket's state depends only on its own events (releases are consulted when judging, never
folded), so `Batch` groups the events by ticket, puts each ticket's in applied order (a stable
sort by `at`, only when the input is not already sorted), checks each ticket's history, and
then folds (`slac.evaluation.fold`) and judges (`slac.evaluation.judge`) one ticket at a time,
in output order: tickets by their `created` event's `(at, position in applied order)`, the
order `Evaluator.results` gives (its `created_key`). A ticket's events are released once it is
judged, so memory follows the events still to judge, not every ticket's state and result
(bench/evaluate.md#ticket-by-ticket), and there is no global sort.

The ticket-order rules are `slac.inputs.order`'s, judged per ticket: a ticket fits when its
first event in applied order is its only `created` and that `created` gives it a priority. A
ticket that does not fit is handed to the caller's `Check`, which decides what is kept: the
command line words and drops with the reader's own check, `evaluate` raises what the
`Evaluator` raises. A ticket's own history is all the rules look at, so checking ticket by
ticket finds exactly what one pass over every event in applied order finds.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import islice
from operator import attrgetter, countOf, itemgetter, le, lt
from typing import Any, cast

from slac import ir
from slac.evaluation.fold import Ticket, apply
from slac.evaluation.judge import judge_ticket
from slac.evaluation.plan import Plan
from slac.evaluation.releases import Releases
from slac.evaluation.results import Evaluation, TicketResult
from slac.inputs.events import Event, ticket_events
from slac.inputs.order import no_priority
from slac.lower import PriorityDeriver, initial_fields

__all__ = ["Batch", "Check", "evaluate"]

# A ticket whose history breaks the ticket-order rules, its events in applied order -> the
# events to evaluate (those that fit, first its accepted `created`; none to drop the ticket).
Check = Callable[[list[Event]], list[Event]]

_at = attrgetter("at")
_kind = attrgetter("kind")
_line = attrgetter("line")
_first = itemgetter(0)


class Batch:
    """The events of one evaluation by ticket, checked, in output order, judged one by one.

    Events are taken in input order, which must be file order: equal instants apply in it, and
    a `created` event's `line` stands for its place (`evaluate` renumbers events whose lines
    do not rise). The list is taken over (emptied), so that a ticket's events go as soon as it
    is judged. Events after `at` take part in the checks but not in the evaluation.
    """

    def __init__(self, policy: ir.Policy, events: list[Event], at: int, check: Check) -> None:
        self.at = at
        self.plan = Plan(policy)
        in_order = all(map(le, map(_at, events), map(_at, islice(events, 1, None))))
        created = countOf(map(_kind, events), "created")
        groups = _by_ticket(events)
        self.releases = Releases()
        for release in groups.pop(None, ()):
            if release.at <= at:
                self.releases.add((release.at, release.line), release.release)
        if not in_order:
            for history in groups.values():
                history.sort(key=_at)  # stable: equal instants keep file order
        # One `created` a ticket, when there are as many as tickets and each ticket's first
        # event is one; only otherwise are `created` events counted ticket by ticket.
        first = countOf(map(_kind, map(_first, groups.values())), "created")
        fits = _Fits(policy, once=created == first == len(groups))
        tickets: list[list[Event]] = []
        refused = False
        for history in groups.values():
            if not fits(history):
                history, refused = check(history), True
            if history and history[0].at <= at:
                tickets.append(history)
        del groups
        if not in_order or refused:  # else first seen is output order: (at, line) rise
            # By the `created` events themselves: tuples led by (at, line), and lines differ;
            # no key tuple a ticket (8 MB at the peak, at 10^6 events).
            tickets.sort(key=_first)
        # Each ticket's events, until it is judged (then None): the list is not copied.
        self._tickets = cast("list[list[Event] | None]", tickets)

    def __len__(self) -> int:
        """How many tickets are evaluated."""
        return len(self._tickets)

    def keys(self) -> list[tuple[int, int]]:
        """Each ticket's place in output order, its `created` event's `(at, line)`, as `results`
        will give them (asked before): what `slac evaluate --jobs` merges the shares of a file by."""
        histories = cast("list[list[Event]]", self._tickets)
        return [(history[0].at, history[0].line) for history in histories]

    def results(self) -> Iterator[TicketResult]:
        """Each ticket's result at `at`, in output order; a ticket's events are let go once it
        is judged."""
        plan, at, releases, tickets = self.plan, self.at, self.releases, self._tickets
        for index, history in enumerate(tickets):
            assert history is not None, "each ticket is judged once"
            tickets[index] = None
            yield judge_ticket(plan, _folded(plan, history, at), at, releases)

    def evaluation(self) -> Evaluation:
        """Every ticket's result at `at`, as `Evaluator.results(at)` gives them."""
        return Evaluation(self.plan.name, self.at, tuple(self.results()))


def _by_ticket(events: list[Event]) -> dict[str | None, list[Event]]:
    """Each ticket's events in input order (releases under None); `events` ends empty.

    Taken a slice at a time, so the list shrinks as the groups grow: 8 MB of the peak at 10^6
    events (bench/evaluate.md#ticket-by-ticket). Equal field sets already share one tuple
    (the reader's fast path, `slac.inputs.fast_events`).
    """
    groups: dict[str | None, list[Event]] = defaultdict(list)
    while events:
        chunk = events[:_CHUNK]
        del events[:_CHUNK]
        for event in chunk:
            groups[event.ticket].append(event)
    return groups


_CHUNK = 1 << 16


def _folded(plan: Plan, history: list[Event], at: int) -> Ticket:
    """A ticket's state after its events up to `at` (the first is its `created`)."""
    created = history[0]
    ticket = Ticket(plan, created.ticket, (created.at, created.line))
    apply(plan, ticket, created)
    if ticket.priority is None:  # the checks derive as the fold does: never, unless they differ
        raise no_priority(ticket.id)
    end = len(history) if history[-1].at <= at else bisect_right(history, at, key=_at)
    for event in islice(history, 1, end):
        apply(plan, ticket, event)
    return ticket


class _Fits:
    """Whether a ticket's events in applied order fit the ticket-order rules: its first is
    its only `created`, and that names a priority or the policy derives one (E720, E721, E714).

    `once`: every ticket is known to have a single `created`, if any. Derived priorities are
    remembered by the `created` event's fields (the reader shares equal ones): most tickets
    repeat a few combinations.
    """

    def __init__(self, policy: ir.Policy, once: bool) -> None:
        always = policy.priorities.default is not None
        self._derive = None if always else PriorityDeriver(policy.priorities)
        self._defaults = initial_fields(policy)
        self._once = once
        self._derived: dict[object, bool] = {}

    def __call__(self, history: list[Event]) -> bool:
        created = history[0]
        if created.kind != "created":
            return False
        if not self._once and list(map(_kind, history)).count("created") > 1:
            return False
        if created.priority is not None or self._derive is None:
            return True
        fields = created.fields
        try:
            return self._derived[fields]
        except KeyError:
            pass
        except TypeError:  # an undeclared field's value may be a JSON list or object
            return self._derives(fields)
        derives = self._derived[fields] = self._derives(fields)
        return derives

    def _derives(self, fields: tuple[tuple[str, object], ...]) -> bool:
        assert self._derive is not None
        return self._derive({**self._defaults, **dict(fields)}) is not None


def evaluate(
    policy: ir.Policy, events: Iterable[Event | dict[str, Any]], *, at: datetime | str | int
) -> Evaluation:
    """The SLA state of every ticket in `events` at `at` (docs/semantics.md, docs/formats.md#slac-evaluate---format-json).

    `events` are `Event`s or dicts in the shape of docs/formats.md#ticket-events, in any order (applied stably
    by `at`); those after `at` are ignored, and so are `call` and `worklog` dicts. ValueError
    for an invalid event, and for the first event in applied order that breaks the
    ticket-order rules, with `Evaluator.feed`'s words.
    """
    from slac.evaluation import instant

    at = instant(at)
    items = [e for e in ticket_events(events, policy) if e.at <= at]
    lines = list(map(_line, items))
    if not all(map(lt, lines, lines[1:])):  # `Event`s numbered by their caller
        items = [e._replace(line=n) for n, e in enumerate(items, 1)]

    def refuse(history: list[Event]) -> list[Event]:
        _raise_first_problem(policy, items)
        raise AssertionError("a ticket the checks refused was taken by the evaluator")

    return Batch(policy, list(items), at, refuse).evaluation()  # `items` kept for `refuse`


def _raise_first_problem(policy: ir.Policy, items: list[Event]) -> None:
    """Feed the events to an `Evaluator` in applied order: it raises the first problem, with
    the words `feed` has always used."""
    from slac.evaluation import Evaluator

    evaluator = Evaluator(policy)
    for event in sorted(items, key=_at):
        evaluator.feed(event)


evaluate.__module__ = "slac.evaluation"  # where the API names it (`slac.evaluation.evaluate`)
