"""Ticket events (contract §2): JSON Lines in, validated `Event` values out, in applied order.

`read_events` reports every bad line as an `EventProblem(line, reason)` and returns the good
events sorted stably by `at` (file order for ties): that is the order the evaluator applies.
`event_from_dict` checks one event on its own and raises ValueError with the same wording.

Decisions where the contract is silent:
- Fractional seconds are floored to the whole second (`09:00:00.9Z` is `09:00:00Z`).
- Instants outside 1970-2199 (the years the calendars cover) are invalid lines. Blank lines
  are skipped.
- Keys the contract does not name are ignored; a release's stray `ticket` key is ignored.
- Field values: an enumerated field takes one of its declared values (a string), a bool field
  a JSON bool, a text field a string. JSON `null` is not a value. Undeclared fields are kept on
  the event and ignored by the evaluator.
- Ticket-order checks (judged in applied order): an event before its ticket's `created`, a
  second `created`, and a `created` that leaves the ticket without a priority (none named,
  none derived from its fields, no default). Later events of a ticket whose `created` was
  rejected are reported as such rather than evaluated against a half-known ticket.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from operator import attrgetter
from typing import NamedTuple

import attrs

from slac import ir
from slac.inputs.instants import parse_instant
from slac.inputs.instants import show_value as _show

KINDS = ("created", "comment", "status", "priority", "fields", "release")
AUTHORS = ("agent", "customer", "system")
_KIND = {k: k for k in KINDS}  # every event shares one string per kind and author
_AUTHOR = {a: a for a in AUTHORS}
# The span `slac.business_time` calendars cover: 1970-01-01 to 2200-01-01 UTC.
FIRST_INSTANT, END_INSTANT = 0, 7258118400


@attrs.frozen
class Release:
    """The data of a `release` event."""

    name: str
    kind: str
    products: tuple[str, ...] = ()
    fixes: frozenset[str] = frozenset()


class Event(NamedTuple):
    """One ticket or release event. `at` is UTC epoch seconds, `line` its line in the file.

    One class for every kind (no isinstance dispatch); only the kind's own keys are set:
    `priority` and `fields` for created, `author`/`public` for comment, `status`, `priority`,
    `fields`, and `release` for releases. `fields` is a tuple of (name, value) pairs.

    A named tuple rather than a frozen attrs class: the reader builds one per line, and a tuple
    is built in 0.1 µs against 0.7 µs for attrs' frozen `__init__` (bench/evaluate.md).
    """

    at: int
    line: int
    kind: str
    ticket: str | None = None
    priority: str | None = None
    fields: tuple[tuple[str, object], ...] = ()
    author: str | None = None
    public: bool = True
    status: str | None = None
    release: Release | None = None


# The reader builds events with `_new(Event, (all ten values))`: NamedTuple's own `__new__` is
# a Python function with defaults, three times slower.
_new = tuple.__new__


@attrs.frozen
class EventProblem:
    line: int
    reason: str


class _Vocabulary:
    """What the policy declares, prepared once for fast per-event checks."""

    __slots__ = ("fields", "interned", "priorities")

    def __init__(self, policy: ir.Policy) -> None:
        self.priorities = {p: p for p in policy.priorities.names}
        self.fields = {f.name: f for f in policy.fields}
        self.interned: dict[str, str] = {}  # ticket ids and statuses share one string each


_VOCABULARIES: dict[int, tuple[ir.Policy, _Vocabulary]] = {}


def _vocabulary(policy: ir.Policy) -> _Vocabulary:
    # Keyed by identity and holding the policy, so the id cannot be reused while cached.
    hit = _VOCABULARIES.get(id(policy))
    if hit is None or hit[0] is not policy:
        if len(_VOCABULARIES) > 32:
            _VOCABULARIES.clear()
        hit = _VOCABULARIES[id(policy)] = (policy, _Vocabulary(policy))
    return hit[1]


def event_from_dict(d: dict, line: int, policy: ir.Policy) -> Event:
    """One event in the contract's JSON shape as an `Event`; ValueError with the reason."""
    return _event(d, line, _vocabulary(policy))


def _event(d: object, line: int, vocab: _Vocabulary) -> Event:
    # The per-line hot path: positional construction, one dict lookup per key.
    if d.__class__ is not dict:
        raise ValueError(f"an event is a JSON object, got {_show(d)}")
    at = _at(d)
    kind = _KIND.get(d.get("event")) if d.get("event").__class__ is str else None
    if kind is None:
        if "event" not in d:
            raise ValueError("missing key `event`")
        raise ValueError(
            f"unknown `event` {_show(d['event'])} (expected one of {', '.join(KINDS)})"
        )
    if kind == "release":
        return _new(Event, (at, line, kind, None, None, (), None, True, None, _release(d)))
    ticket = d.get("ticket")
    if ticket.__class__ is not str:
        raise ValueError(
            "missing key `ticket`"
            if ticket is None
            else f"`ticket` is not a string: {_show(ticket)}"
        )
    ticket = vocab.interned.setdefault(ticket, ticket)
    if kind == "comment":
        author = _AUTHOR.get(d.get("author")) if d.get("author").__class__ is str else None
        if author is None:
            if "author" not in d:
                raise ValueError("missing key `author`")
            raise ValueError(
                f"unknown comment author {_show(d['author'])} (expected agent, customer or system)"
            )
        public = d.get("public", True)
        if public is not True and public is not False:
            raise ValueError(f"`public` is not true or false: {_show(public)}")
        return _new(Event, (at, line, kind, ticket, None, (), author, public, None, None))
    if kind == "status":
        status = _required_string(d, "status")
        status = vocab.interned.setdefault(status, status)
        return _new(Event, (at, line, kind, ticket, None, (), None, True, status, None))
    if kind == "priority":
        return _new(
            Event,
            (
                at,
                line,
                kind,
                ticket,
                _priority(d, vocab, required=True),
                (),
                None,
                True,
                None,
                None,
            ),
        )
    if kind == "fields":
        if "fields" not in d:
            raise ValueError("missing key `fields`")
        return _new(
            Event,
            (at, line, kind, ticket, None, _fields(d["fields"], vocab), None, True, None, None),
        )
    priority = _priority(d, vocab, required=False)
    return _new(
        Event,
        (
            at,
            line,
            kind,
            ticket,
            priority,
            _fields(d.get("fields", {}), vocab),
            None,
            True,
            None,
            None,
        ),
    )


_fromisoformat = datetime.fromisoformat
_UTC = UTC  # what `fromisoformat` gives for `Z` and `+00:00`
_EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal()


def _at(d: dict) -> int:
    """The event's `at` as epoch seconds (floored), checked; `parse_instant` words the errors."""
    text = d.get("at")
    try:
        instant = _fromisoformat(text)
    except (TypeError, ValueError):
        instant = None
    if instant is not None and instant.tzinfo is _UTC:
        # Nearly every event is in UTC: whole seconds from the fields, no timedelta or float
        # (0.2 µs against 0.35 µs for `utcoffset` and `timestamp`); dropping the fraction floors.
        at = (
            (instant.toordinal() - _EPOCH_ORDINAL) * 86400
            + instant.hour * 3600
            + instant.minute * 60
            + instant.second
        )
    else:
        at = _offset_at(d, text, instant)
    if not FIRST_INSTANT <= at < END_INSTANT:
        raise ValueError(
            f"`at` is outside the years slac's calendars cover (1970 to 2199): `{text}`"
        )
    return at


def _offset_at(d: dict, text: object, instant: datetime | None) -> int:
    """`at` with an offset other than UTC (floored), or the reason it is not a timestamp."""
    offset = instant.utcoffset() if instant is not None else None
    if offset is None:
        if "at" not in d:
            raise ValueError("missing key `at`")
        parse_instant(text)  # raises with the reason
    stamp = instant.timestamp()
    at = int(stamp)
    if at > stamp:  # int() truncates toward zero; instants before 1970 floor too
        at -= 1
    return at


def _required_string(d: dict, key: str) -> str:
    value = d.get(key)
    if value is None:
        raise ValueError(f"missing key `{key}`")
    if not isinstance(value, str):
        raise ValueError(f"`{key}` is not a string: {_show(value)}")
    return value


def _priority(d: dict, vocab: _Vocabulary, required: bool) -> str | None:
    if "priority" not in d and not required:
        return None
    value = _required_string(d, "priority")
    known = vocab.priorities.get(value)
    if known is None:
        raise ValueError(
            f"priority `{value}` is not declared by the policy (declared: {', '.join(vocab.priorities)})"
        )
    return known


def _fields(value: object, vocab: _Vocabulary) -> tuple[tuple[str, object], ...]:
    if not isinstance(value, dict):
        raise ValueError(f"`fields` is not an object: {_show(value)}")
    out = []
    for name, v in value.items():
        field = vocab.fields.get(name)
        if field is not None:
            _check_field(field, v)
            if isinstance(v, str):
                v = vocab.interned.setdefault(v, v)
        out.append((vocab.interned.setdefault(name, name), v))
    return tuple(out)


def _check_field(field: ir.Field, value: object) -> None:
    if field.kind == "bool":
        if type(value) is not bool:
            raise ValueError(f"field `{field.name}` is true or false, got {_show(value)}")
    elif field.kind == "enum":
        if not isinstance(value, str) or value not in field.values:
            raise ValueError(
                f"field `{field.name}` has no value {_show(value)} (declared: {', '.join(field.values)})"
            )
    elif not isinstance(value, str):
        raise ValueError(f"field `{field.name}` is text, got {_show(value)}")


def _release(d: dict) -> Release:
    name = _required_string(d, "release")
    kind = _required_string(d, "kind")
    products = _string_list(d, "products") if "products" in d else ()
    if "fixes" not in d:
        raise ValueError("missing key `fixes` (the ticket ids the release fixes; `[]` for none)")
    return Release(name, kind, products, frozenset(_string_list(d, "fixes")))


def _string_list(d: dict, key: str) -> tuple[str, ...]:
    value = d[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"`{key}` is not a list of strings: {_show(value)}")
    return tuple(value)


def read_events(
    lines: Iterable[tuple[int, str]], policy: ir.Policy
) -> tuple[list[Event], list[EventProblem]]:
    """Validate JSON Lines `(line number, text)`; the good events in applied order, every problem.

    Blank lines are skipped. Problems come sorted by line.
    """
    reader = EventReader(policy)
    return reader.finish(reader.read(lines))


class EventReader:
    """`read_events` in two halves, for a caller that uses each event as it is read.

    `read(lines)` returns the valid events in file order and collects the lines' problems;
    `finish(events)` puts those events in applied order and drops (and reports) the ones that
    do not fit their ticket's history. `slac evaluate` skips `finish` when the events are in
    applied order and the evaluator takes them all (`slac.evaluation.fold_in_order`).
    """

    def __init__(self, policy: ir.Policy) -> None:
        self._policy = policy
        self._vocab = _vocabulary(policy)
        self._problems: list[EventProblem] = []
        self._bad_created: dict[str, int] = {}  # ticket -> line of a `created` rejected on its own

    def read(self, lines: Iterable[tuple[int, str]]) -> list[Event]:
        """The valid events of `lines`, in file order; each bad line becomes a problem."""
        vocab, problems = self._vocab, self._problems
        events: list[Event] = []
        loads = json.loads
        # `raw_decode` skips `loads`' wrapper (measured 1.8x faster per line, bench/evaluate.md);
        # anything it does not take cleanly goes through `loads` for the canonical reason.
        raw_decode = json.JSONDecoder().raw_decode
        for number, text in lines:
            if not text or text.isspace():
                continue
            try:
                try:
                    d, end = raw_decode(text)
                    if end != len(text) and not text[end:].isspace():
                        raise ValueError("extra data")
                except ValueError:
                    d = loads(text)  # leading blanks are fine; otherwise raises with the reason
            except ValueError as error:
                problems.append(EventProblem(number, f"not JSON: {_json_error(error)}"))
                continue
            except RecursionError:
                problems.append(EventProblem(number, "not JSON slac can read: nested too deeply"))
                continue
            try:
                events.append(_event(d, number, vocab))
            except ValueError as error:
                problems.append(EventProblem(number, str(error)))
                if (
                    isinstance(d, dict)
                    and d.get("event") == "created"
                    and isinstance(d.get("ticket"), str)
                ):
                    self._bad_created.setdefault(d["ticket"], number)
        return events

    def finish(self, events: list[Event]) -> tuple[list[Event], list[EventProblem]]:
        """`read`'s events (all of them, in file order) in applied order; every problem, by line."""
        events.sort(key=attrgetter("at"))  # stable: ties keep file order
        events = _check_ticket_order(events, self._policy, self._problems, self._bad_created)
        return events, self.problems()

    def problems(self) -> list[EventProblem]:
        """The problems found so far, by line. When `read`'s events are in applied order and
        an evaluator took every one of them (`slac.evaluation.fold_in_order`), these are all:
        `_check_ticket_order` rejects what `Evaluator.feed` rejects (an event before its
        ticket's `created`, a second `created`, a `created` leaving the ticket no priority)."""
        self._problems.sort(key=attrgetter("line"))
        return self._problems


def _json_error(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at column {error.colno}"
    return str(error)


def _check_ticket_order(
    events: list[Event], policy: ir.Policy, problems: list[EventProblem], rejected: dict[str, int]
) -> list[Event]:
    """Drop (and report) events that do not fit their ticket's history in applied order."""
    from slac.lower import PriorityDeriver, initial_fields

    derive = PriorityDeriver(policy.priorities)
    defaults = initial_fields(policy)
    created: dict[str, int] = {}  # ticket -> line of its accepted created
    kept = []
    for e in events:
        ticket = e.ticket
        if e.kind == "created":
            if ticket in created:
                problems.append(
                    EventProblem(
                        e.line,
                        f"second `created` for ticket `{ticket}` (first on line {created[ticket]})",
                    )
                )
                continue
            if e.priority is None and derive({**defaults, **dict(e.fields)}) is None:
                rejected[ticket] = e.line
                problems.append(
                    EventProblem(
                        e.line,
                        f"ticket `{ticket}` has no priority: `created` names none and the policy derives none from its fields",
                    )
                )
                continue
            created[ticket] = e.line
        elif ticket is not None and ticket not in created:
            if ticket in rejected:
                reason = f"ticket `{ticket}` was not created: its `created` on line {rejected[ticket]} is invalid"
            else:
                reason = f"event for ticket `{ticket}` before its `created`"
            problems.append(EventProblem(e.line, reason))
            continue
        kept.append(e)
    return kept
