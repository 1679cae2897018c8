"""The event reader's fast path: msgspec decodes and types each line, Python only checks it.

`read_fast` takes the lines `slac.inputs.reader.EventReader.read` gives it and builds exactly the
`Event`s the reference path (`EventReader`'s pure-Python reader) would build, with the same
strings interned. It takes a line only when it can take it cleanly; any other line (not JSON,
a value of an unexpected type, a key missing, an unknown kind or value, an undeclared field
key, a `call` or `worklog`, an `at` not written `YYYY-MM-DDTHH:MM:SSZ`, a line longer than
`LONGEST`) goes to the reference path, which builds its event or words its problem. So the
problems, and every bookkeeping the reference does for them (W740's first lines, rejected
`created` lines, calls and worklogs set aside), are the reference's own.

Why each shortcut gives the reference's answer:
- msgspec's JSON grammar is the standard one, as Python's `json` is; where they differ msgspec
  refuses (NaN, lone surrogates) and the line goes to the reference. Two limits Python's
  decoder has and msgspec's skipping of unknown keys does not (integers of more than
  `sys.get_int_max_str_digits()` digits, at least 640; brackets nested near the recursion
  limit, 1,000 less the caller's stack) need lines longer than `LONGEST`, which go to the
  reference too: 512 characters nest at most 256 deep. Duplicate keys: the last wins in both.
- A key with JSON `null` where the reference wants a value is a type error here (`UNSET` is
  "absent"), so the reference words it; `channel` is the one key where `null` is accepted.
- `at` is read in two halves, each by the reference's own `datetime.fromisoformat` the first
  time it is seen: the hour `YYYY-MM-DDTHH` (epoch seconds as if in UTC) and the ending
  `:MM:SSZ` or `:MM:SS+HH:MM` (seconds into the hour, less the offset). For these forms the
  instant is the sum: the offset is a fixed number of minutes, whatever the date. Hours within
  a day of either end of the calendars' years are not stored, so their lines go to the
  reference (E708 and the instants beside it); so do fractions of a second.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from zlib import crc32

import msgspec
from msgspec import UNSET, UnsetType

from slac import ir
from slac.inputs.events import _KIND, Event, Release, _new
from slac.vocabulary import AUTHORS, END_INSTANT, FIRST_INSTANT

LONGEST = 512
"""Longer lines go to the reference path (see the module docstring: Python's decoder limits)."""

_SEEN_FIELDS = 4096  # combinations of field values remembered per read (see `_FieldChecks`)
_EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal()


class _Line(msgspec.Struct, gc=False):
    """Every key a ticket or release event reads, typed as the reference accepts it. Unknown keys
    are skipped by msgspec, as the reference ignores them; `call` and `worklog` lines decode
    too (their own keys skipped) and are sent to the reference by their kind."""

    at: str
    event: str
    ticket: str | UnsetType = UNSET
    priority: str | UnsetType = UNSET
    fields: dict[str, str | bool] | UnsetType = UNSET
    author: str | UnsetType = UNSET
    public: bool = True
    channel: str | None = None
    status: str | UnsetType = UNSET
    release: str | UnsetType = UNSET
    kind: str | UnsetType = UNSET
    products: list[str] | UnsetType = UNSET
    fixes: list[str] | UnsetType = UNSET


_DECODE = msgspec.json.Decoder(_Line).decode

_ENDINGS = 65536  # `:MM:SS+HH:MM` endings remembered per read: 3,600 for each offset in use
_AUTHOR = {a: a for a in AUTHORS}
_DIGITS = frozenset("0123456789")
_KINDS = _KIND  # ticket and release kinds: `call` and `worklog` go to the reference

Slow = Callable[[int, str, "list[Event]"], None]
"""The reference path for one line: builds its event (appended in place) or records its problem."""


def read_fast(
    lines: Iterable[tuple[int, str]],
    policy_fields: Iterable[ir.Field],
    priorities: dict[str, str],
    interned: dict[str, str],
    slow: Slow,
    events: list[Event],
    share: tuple[int, int] | None = None,
) -> None:
    """Append the events of `lines` to `events` in file order, as the reference path would; every
    line this path does not take cleanly goes to `slow`, in its place in the file.

    `share=(k, n)`: only the lines `slac.inputs.reader.owner` gives reader `k` of `n` (and every
    release) are taken; any other line that decodes is passed over, one that does not goes to
    `slow`, which applies the same rule to what the reference decodes. (A string msgspec
    decodes has no lone surrogate, so its UTF-8 is `owner`'s.)"""
    mine, count = share or (0, 0)
    checks = _FieldChecks(policy_fields, interned)
    hours: dict[str, int] = {}  # `YYYY-MM-DDTHH` -> epoch seconds of that hour in UTC
    endings: dict[str, int] = {}  # `:MM:SSZ`, `:MM:SS+01:00` -> seconds to add to the hour
    kinds, authors = _KINDS, _AUTHOR
    intern = interned.setdefault
    decode, append, new = _DECODE, events.append, _new
    # One loop with the common kinds inline: a call per line costs more than the checks.
    for number, text in lines:
        if len(text) > LONGEST:
            slow(number, text, events)
            continue
        try:
            s = decode(text)
        except Exception:  # not JSON, a type the reference might accept or word, a blank line
            slow(number, text, events)
            continue
        if count and s.event != "release":  # sharing the file: `owner`, inline (0.1 µs a line)
            ticket = s.ticket
            if ticket.__class__ is str and s.event != "call" and s.event != "worklog":
                if crc32(ticket.encode()) % count != mine:
                    continue
            elif mine:
                continue
        stamp = s.at
        base = hours.get(stamp[:13])
        if base is None:
            base = _hour(stamp[:13], hours)
        second = endings.get(stamp[13:])
        if second is None:
            second = _ending(stamp[13:], endings)
        kind = kinds.get(s.event)
        if base is None or second is None or kind is None:
            slow(number, text, events)
            continue
        at = base + second
        ticket = s.ticket
        event = None
        if kind == "release":
            event = _release(s, at, number)
        elif ticket.__class__ is str:
            ticket = intern(ticket, ticket)
            if kind == "comment":
                author = authors.get(s.author)  # type: ignore[arg-type]
                if author is not None:
                    event = new(
                        Event, (at, number, kind, ticket, None, (), author, s.public, None, None)
                    )
            elif kind == "status":
                status = s.status
                if status.__class__ is str:
                    status = intern(status, status)
                    event = new(
                        Event, (at, number, kind, ticket, None, (), None, True, status, None)
                    )
            elif kind == "priority":
                priority = priorities.get(s.priority)  # type: ignore[arg-type]
                if priority is not None:
                    event = new(
                        Event, (at, number, kind, ticket, priority, (), None, True, None, None)
                    )
            elif kind == "fields":
                fields = checks.pairs(s.fields)
                if fields is not None:
                    event = new(
                        Event, (at, number, kind, ticket, None, fields, None, True, None, None)
                    )
            else:
                event = _created(s, at, number, ticket, priorities, checks)
        if event is None:
            slow(number, text, events)
        else:
            append(event)


def _hour(prefix: str, hours: dict[str, int]) -> int | None:
    """Epoch seconds of the hour `YYYY-MM-DDTHH` in UTC (stored in `hours`), read as the
    reference reads the instant; None for anything else, or an hour within a day of either end
    of the calendars' years (an offset could move the instant out of them)."""
    if (
        len(prefix) != 13
        or prefix[10] != "T"
        or not _DIGITS.issuperset(prefix[:4] + prefix[5:7] + prefix[8:10] + prefix[11:])
    ):
        return None
    try:
        instant = datetime.fromisoformat(prefix + ":00:00Z")
    except ValueError:
        return None
    base = (instant.toordinal() - _EPOCH_ORDINAL) * 86400 + instant.hour * 3600
    if not FIRST_INSTANT + 86400 <= base < END_INSTANT - 86400 - 3600:
        return None
    hours[prefix] = base
    return base


def _ending(ending: str, endings: dict[str, int]) -> int | None:
    """Seconds from the hour to the instant of an ending `:MM:SSZ` or `:MM:SS+HH:MM` (stored in
    `endings` while there is room), less the offset; None for any other ending."""
    if len(ending) not in (7, 12) or ending[0] != ":" or ending[3] != ":":
        return None
    try:
        instant = datetime.fromisoformat("2000-01-01T00" + ending)
    except ValueError:
        return None
    offset = instant.utcoffset()
    if offset is None or instant.microsecond or offset.microseconds or offset.seconds % 60:
        return None
    second = instant.minute * 60 + instant.second - offset.days * 86400 - offset.seconds
    if len(endings) < _ENDINGS:
        endings[ending] = second
    return second


def _release(s: _Line, at: int, number: int) -> Event | None:
    name, kind, products, fixes = s.release, s.kind, s.products, s.fixes
    if name is UNSET or kind is UNSET or fixes is UNSET:
        return None
    release = Release(name, kind, () if products is UNSET else tuple(products), frozenset(fixes))
    return _new(Event, (at, number, "release", None, None, (), None, True, None, release))


def _created(
    s: _Line, at: int, number: int, ticket: str, priorities: dict[str, str], checks: _FieldChecks
) -> Event | None:
    named = s.priority
    priority = None if named is UNSET else priorities.get(named)
    if priority is None and named is not UNSET:
        return None
    fields = () if s.fields is UNSET else checks.pairs(s.fields)
    if fields is None:
        return None
    return _new(Event, (at, number, "created", ticket, priority, fields, None, True, None, None))


class _FieldChecks:
    """The policy's fields as tables: which values each declared field takes."""

    __slots__ = ("_interned", "_seen", "_texts", "_values")

    def __init__(self, fields: Iterable[ir.Field], interned: dict[str, str]) -> None:
        self._values: dict[str, frozenset[str | bool]] = {}
        texts = []
        for field in fields:
            if field.kind == "text":
                texts.append(field.name)
            else:
                self._values[field.name] = frozenset(
                    (True, False) if field.kind == "bool" else field.values
                )
        self._texts = frozenset(texts)
        self._interned = interned
        # Tickets repeat a few combinations of values: a combination seen is answered from here
        # (equal pairs, the same interned strings; events share the tuple). Bounded: a file of
        # free-text values must not grow it without end.
        self._seen: dict[tuple[tuple[str, str | bool], ...], tuple[tuple[str, object], ...]] = {}

    def pairs(
        self, fields: dict[str, str | bool] | UnsetType
    ) -> tuple[tuple[str, object], ...] | None:
        """`fields` as the reference's (name, value) pairs, names and strings interned; None when
        one is not a declared field's value (the reference words it or warns of the key)."""
        if fields is UNSET:
            return None
        key = tuple(fields.items())
        seen = self._seen.get(key)
        if seen is not None:
            return seen
        intern, values, texts = self._interned.setdefault, self._values, self._texts
        out = []
        for name, value in fields.items():
            allowed = values.get(name)
            if allowed is not None:
                if value not in allowed:
                    return None
            elif name not in texts or value.__class__ is not str:
                return None
            if value.__class__ is str:
                value = intern(value, value)
            out.append((intern(name, name), value))
        pairs = tuple(out)
        if len(self._seen) < _SEEN_FIELDS:
            self._seen[key] = pairs
        return pairs
