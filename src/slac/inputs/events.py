"""Ticket events (docs/formats.md#ticket-events): one event's JSON object in, a validated `Event` out.

`event_from_dict` checks one event on its own and raises `InputError` (a ValueError) with the
code and wording a file's reader reports for the same line (`slac.inputs.reader`, which reads
whole files through `_event` here, and applies the ticket-order checks below).

Decisions (docs/semantics.md#input):
- Fractional seconds are floored to the whole second (`09:00:00.9Z` is `09:00:00Z`).
- Instants outside the years the calendars cover (`slac.vocabulary.INSTANT_RANGE_TEXT`) are
  invalid lines. Blank lines are skipped.
- Keys docs/formats.md#keys does not name are ignored; a release's stray `ticket` key is ignored.
- Field values: an enumerated field takes one of its declared values (a string), a bool field
  a JSON bool, a text field a string. JSON `null` is not a value. Undeclared fields are kept on
  the event and ignored by the evaluator; the reader reports each undeclared key once, as the
  warning W740 on the first line it appears on (docs/formats.md#keys: a misspelt `impcat` must not
  silently give a ticket the default priority).
- Ticket-order checks (judged in applied order, by `slac.inputs.order`, which the evaluator's
  `feed` asks too): an event before its ticket's `created`, a second `created`, and a `created`
  that leaves the ticket without a priority (none named, none derived from its fields, no
  default). Later events of a ticket whose `created` was rejected are reported as such rather
  than evaluated against a half-known ticket.
- A problem points at the offending value on its line (column and end column) where the
  reader can find it again; otherwise, and for ticket-order problems (found once the line's
  text is gone), the span is the whole line.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import NamedTuple

import attrs

from slac import ir
from slac.inputs.instants import parse_instant
from slac.inputs.measures import (
    MEASURE_KINDS,
    Call,
    Worklog,
    measure_from_dict,
)
from slac.inputs.measures import required_string as _required_string
from slac.inputs.problems import (
    InputError,
    missing_keys,
    not_a,
    not_an_object,
    not_declared,
    outside_years,
    unknown,
)
from slac.vocabulary import AUTHORS, END_INSTANT, FIRST_INSTANT, INSTANT_RANGE_TEXT

__all__ = [
    "END_INSTANT",  # re-exported: `slac.evaluate` reads the supported instants from here
    "FIRST_INSTANT",
    "KINDS",
    "Event",
    "Release",
    "event_from_dict",
    "measure_from_event_dict",
]

KINDS = ("created", "comment", "status", "priority", "fields", "release")
_KIND = {k: k for k in KINDS}  # every event shares one string per kind and author
_AUTHOR = {a: a for a in AUTHORS}


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


class _Vocabulary:
    """What the policy declares, prepared once for fast per-event checks. Only the policy's own
    names: what the input brings (ticket ids, statuses, field values) is interned per reader
    (`Interned`), so it goes when the reader and its events go."""

    __slots__ = ("fields", "priorities")

    def __init__(self, policy: ir.Policy) -> None:
        self.priorities = {p: p for p in policy.priorities.names}
        self.fields = {f.name: f for f in policy.fields}


Interned = dict[str, str]  # one reader's strings: equal ticket ids and statuses share one object

# By identity, with a weak reference: an entry lives exactly as long as its policy (the
# finaliser removes it when the policy goes, before its id can be reused).
_VOCABULARIES: dict[int, tuple[weakref.ref[ir.Policy], _Vocabulary]] = {}


def _vocabulary(policy: ir.Policy) -> _Vocabulary:
    hit = _VOCABULARIES.get(id(policy))
    if hit is not None and hit[0]() is policy:
        return hit[1]
    vocab = _Vocabulary(policy)
    _VOCABULARIES[id(policy)] = (weakref.ref(policy), vocab)
    weakref.finalize(policy, _VOCABULARIES.pop, id(policy), None)
    return vocab


def event_from_dict(d: object, line: int, policy: ir.Policy) -> Event:
    """One event in the shape of docs/formats.md#ticket-events as an `Event`; `InputError` with the reason."""
    return _event(d, line, _vocabulary(policy), {})


def ticket_events(events: Iterable[Event | dict[str, object]], policy: ir.Policy) -> list[Event]:
    """The API's events (`Event`s or dicts, numbered from 1) as `Event`s, in the order given;
    `call` and `worklog` dicts are left out, since no ticket's clock reads them (reports and
    budgets take them). `InputError` for an invalid event."""
    return [
        e if isinstance(e, Event) else event_from_dict(e, n, policy)
        for n, e in enumerate(events, 1)
        if not (isinstance(e, dict) and e.get("event") in MEASURE_KINDS)
    ]


def measure_from_event_dict(d: dict[str, object], line: int, policy: ir.Policy) -> Call | Worklog:
    """A `call` or `worklog` in the shape of docs/formats.md#calls-and-worklogs; `InputError`."""
    return measure_from_dict(d, _at(d), line, policy)


def _event(
    d: object,
    line: int,
    vocab: _Vocabulary,
    interned: Interned,
    unknown: dict[str, int] | None = None,
) -> Event:
    """One event; an undeclared field key is noted in `unknown` (key -> first line) if given."""
    # The per-line hot path: positional construction, one dict lookup per key.
    if not isinstance(d, dict):
        raise not_an_object("an event", d)
    at = _at(d)
    name = d.get("event")
    kind = _KIND.get(name) if name.__class__ is str else None
    if kind is None:
        if name in MEASURE_KINDS:
            raise _NotATicketEvent(name, at)
        raise _not_one_of(d, "event", "E710", "event kind", KINDS + MEASURE_KINDS)
    if kind == "release":
        return _new(Event, (at, line, kind, None, None, (), None, True, None, _release(d)))
    ticket = d.get("ticket")
    if ticket.__class__ is not str:
        raise missing_keys(("ticket",)) if ticket is None else not_a("ticket", "a string", ticket)
    ticket = interned.setdefault(ticket, ticket)
    if kind == "comment":
        return _comment(d, at, line, ticket)
    if kind == "status":
        status = _required_string(d, "status")
        status = interned.setdefault(status, status)
        return _new(Event, (at, line, kind, ticket, None, (), None, True, status, None))
    if kind == "priority":
        priority = _priority(d, vocab, required=True)
        return _new(Event, (at, line, kind, ticket, priority, (), None, True, None, None))
    if kind == "fields":
        if "fields" not in d:
            raise missing_keys(("fields",))
        fields = _fields(d["fields"], vocab, interned, line, unknown)
        return _new(Event, (at, line, kind, ticket, None, fields, None, True, None, None))
    priority = _priority(d, vocab, required=False)
    fields = _fields(d.get("fields", {}), vocab, interned, line, unknown)
    return _new(Event, (at, line, kind, ticket, priority, fields, None, True, None, None))


class _NotATicketEvent(InputError):
    """A `call` or `worklog` where a ticket event was asked for. `EventReader.read` catches it
    and sets the line aside (so the hot path pays nothing for the two kinds); through
    `event_from_dict` it is the API's E710."""

    def __init__(self, name: object, at: int) -> None:
        super().__init__(
            "E710",
            f"a `{name}` event is not a ticket event: the evaluator takes ticket events only "
            "(`slac.report` and `slac.measure.budget.budget` take calls and worklogs)",
            ("event",),
        )
        self.at = at


def _comment(d: dict[str, object], at: int, line: int, ticket: str) -> Event:
    author = d.get("author")
    known = _AUTHOR.get(author) if author.__class__ is str else None
    if known is None:
        raise _not_one_of(d, "author", "E711", "comment author", AUTHORS)
    public = d.get("public", True)
    if public is not True and public is not False:
        raise not_a("public", "true or false", public)
    channel = d.get("channel")  # checked, not kept: no measure reads a comment's channel yet
    if channel is not None and channel.__class__ is not str:
        raise not_a("channel", "a string", channel)
    return _new(Event, (at, line, "comment", ticket, None, (), known, public, None, None))


def _not_one_of(
    d: dict[str, object], key: str, code: str, what: str, allowed: tuple[str, ...]
) -> InputError:
    """Why `d[key]` is not one of `allowed`: missing, or outside the vocabulary."""
    if key not in d:
        return missing_keys((key,))
    return unknown(code, what, d[key], allowed, (key,))


_fromisoformat = datetime.fromisoformat
_UTC = UTC  # what `fromisoformat` gives for `Z` and `+00:00`
_EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal()


def _at(d: dict[str, object]) -> int:
    """The event's `at` as epoch seconds (floored), checked; `parse_instant` words the errors."""
    text = d.get("at")
    try:
        # Not a string (or absent): TypeError, caught below; a test first would cost every line.
        instant = _fromisoformat(text)  # type: ignore[arg-type]
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
        raise outside_years("at", text, "slac's calendars cover", INSTANT_RANGE_TEXT)
    return at


def _offset_at(d: dict[str, object], text: object, instant: datetime | None) -> int:
    """`at` with an offset other than UTC (floored), or the reason it is not a timestamp."""
    if instant is None or instant.utcoffset() is None:
        if "at" not in d:
            raise missing_keys(("at",))
        parse_instant(text)  # raises with the reason
        raise AssertionError("unreachable: `fromisoformat` refused what `parse_instant` read")
    stamp = instant.timestamp()
    at = int(stamp)
    if at > stamp:  # int() truncates toward zero; instants before 1970 floor too
        at -= 1
    return at


def _priority(d: dict[str, object], vocab: _Vocabulary, required: bool) -> str | None:
    if "priority" not in d and not required:
        return None
    value = _required_string(d, "priority")
    known = vocab.priorities.get(value)
    if known is None:
        raise not_declared("E712", "priority", value, vocab.priorities, ("priority",))
    return known


def _fields(
    value: object,
    vocab: _Vocabulary,
    interned: Interned,
    line: int,
    unknown: dict[str, int] | None,
) -> tuple[tuple[str, object], ...]:
    if not isinstance(value, dict):
        raise not_a("fields", "an object", value)
    out = []
    for name, v in value.items():
        field = vocab.fields.get(name)
        if field is not None:
            _check_field(field, v)
            if isinstance(v, str):
                v = interned.setdefault(v, v)
        elif unknown is not None and name not in unknown:
            unknown[name] = line
        out.append((interned.setdefault(name, name), v))
    return tuple(out)


def _check_field(field: ir.Field, value: object) -> None:
    key = ("fields", field.name)
    label = f"fields.{field.name}"
    if field.kind == "bool":
        if type(value) is not bool:
            raise not_a(label, "true or false", value, key)
    elif field.kind == "enum":
        if not isinstance(value, str) or value not in field.values:
            raise not_declared("E713", f"field `{field.name}` value", value, field.values, key)
    elif not isinstance(value, str):
        raise not_a(label, "a string", value, key)


def _release(d: dict[str, object]) -> Release:
    name = _required_string(d, "release")
    kind = _required_string(d, "kind")
    products = _string_list(d, "products") if "products" in d else ()
    if "fixes" not in d:
        raise missing_keys(("fixes",), note="the ticket ids the release fixes; `[]` for none")
    return Release(name, kind, products, frozenset(_string_list(d, "fixes")))


def _string_list(d: dict[str, object], key: str) -> tuple[str, ...]:
    value = d[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise not_a(key, "a list of strings", value)
    return tuple(value)
