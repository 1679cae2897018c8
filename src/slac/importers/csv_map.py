"""`slac import csv`: any CSV export, read through a map file that says what each column means.

One row is one moment of one ticket. The map names the ticket column, the instant column with
its format and zone, the column(s) whose value says what happened (`[event.values]`: created, a
status, a comment by a role), a status column read as a snapshot, the priority and author
columns with their vocabularies, and the columns copied into fields (docs/import.md#csv).

Decisions:
- A ticket is created by its row whose event maps to `created` (`created = "event"`, the
  default), or by its first row in the file (`created = "first row"`). A later `created` row of
  the same ticket is read as an update (its priority and fields), not as a second ticket.
- Priority, fields and status are snapshots: an event is written when the value differs from
  the ticket's previous row in file order (the first row's go into `created`).
- A comment needs its author's role and its visibility from the map (the event's own entry, or
  the `[author]` / `[public]` columns); without either, the row is skipped with a warning.
- `--join FILE` adds a second CSV's columns to every row of the ticket it names (`[join] key`):
  per-ticket attributes kept apart from the activity log (BPIC 2014). It is held in memory,
  one row per ticket.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from slac.importers.mapfile import Action, MapError, MapFile
from slac.importers.notes import Notes
from slac.importers.settings import FormatReader, Settings
from slac.importers.sources import csv_rows
from slac.importers.spool import FieldValue, Spool
from slac.importers.vocab import DROPPED


@attrs.define
class _State:
    """What the previous row of a ticket said, to write changes only."""

    created: bool = False
    priority: str | None = None
    status: str | None = None
    fields: dict[str, FieldValue] = attrs.field(factory=dict)


def read(paths: Sequence[str], settings: Settings, notes: Notes, spool: Spool) -> None:
    mapping = _checked(settings)
    join = _join_table(settings, mapping, notes)
    reader = _RowReader(settings, notes, spool)
    for path in paths:
        for line, row in csv_rows(path, mapping.delimiter, notes):
            if join:
                extra = join.get(row.get(mapping.join_key or "", ""), {})
                row = {**extra, **row}
            reader.row(f"{path}:{line}", row)


def _checked(settings: Settings) -> MapFile:
    mapping = settings.mapping
    problems = []
    if settings.map_path is None:
        raise MapError("the csv format needs --map MAP naming its columns (docs/import.md#csv)")
    if mapping.ticket is None:
        problems.append("`ticket`: the ticket column is not named")
    if mapping.instant_column is None:
        problems.append("`instant.column`: the instant column is not named")
    creates = any(a is not None and a.created for a in mapping.events.values())
    if mapping.created_by == "event" and not creates:
        problems.append(
            '`created`: no `[event.values]` entry is "created"; add one, or set'
            ' `created = "first row"`'
        )
    if settings.join is not None and mapping.join_key is None:
        problems.append("`join.key`: --join needs the column both files share")
    if problems:
        raise MapError("\n".join(f"{settings.map_path}: {p}" for p in problems))
    return mapping


def _join_table(settings: Settings, mapping: MapFile, notes: Notes) -> dict[str, dict[str, str]]:
    if settings.join is None:
        return {}
    key = mapping.join_key or ""
    table: dict[str, dict[str, str]] = {}
    for _, row in csv_rows(settings.join, mapping.delimiter, notes):
        table.setdefault(row.get(key, ""), row)
    return table


class _RowReader(FormatReader):
    """Turns one row into candidate events, remembering each ticket's previous row."""

    def __init__(self, settings: Settings, notes: Notes, spool: Spool) -> None:
        super().__init__(settings, notes, spool, status={}, priority={}, author={})
        self.map = settings.mapping
        self.states: dict[str, _State] = {}
        self.public_words = settings.mapping.values("public")

    def row(self, where: str, row: Mapping[str, str]) -> None:
        ticket = row.get(self.map.ticket or "", "").strip()
        if not ticket:
            self.notes.invalid(where, f"no ticket id in column `{self.map.ticket}`")
            return
        try:
            at, ambiguous = self.map.instant.read(row.get(self.map.instant_column or "", ""))
        except ValueError as error:
            self.notes.invalid(where, f"column `{self.map.instant_column}`: {error}")
            return
        if ambiguous:
            self.notes.remarks["ambiguous local time read as the earlier"] += 1
        action = self._action(row)
        if action is _UNMAPPED:
            self.notes.count("unmapped event")
            return
        state = self.states.setdefault(ticket, _State())
        priority = self._priority(row)
        fields: dict[str, FieldValue] = {
            name: row[col] for name, col in self.map.fields.items() if row.get(col)
        }
        creates = (action is not None and action.created) or self.map.created_by == "first row"
        if creates and not state.created:
            self.spool.created(where, at, ticket, self.notes, priority, fields)
            state.created, state.priority, state.fields = True, priority, fields
        else:
            self._changes(where, at, ticket, state, priority, fields)
        self._status(where, at, ticket, state, row, action)
        if action is not None and action.comment is not None:
            self._comment(where, at, ticket, row, action)

    def _action(self, row: Mapping[str, str]) -> Action | None:
        if not self.map.event_columns:
            return None
        word = " / ".join(row.get(c, "").strip() for c in self.map.event_columns)
        if word not in self.map.events:
            self.notes.not_mapped("event", word)
            return _UNMAPPED
        return self.map.events[word]

    def _priority(self, row: Mapping[str, str]) -> str | None:
        word = self._cell("priority", row)
        if not word:
            return None
        return self.vocab["priority"].lookup(word, self.notes) or None

    def _cell(self, name: str, row: Mapping[str, str]) -> str:
        table = self.map.tables.get(name)
        if table is None or not table.columns:
            return ""
        return " / ".join(row.get(c, "").strip() for c in table.columns).strip(" /")

    def _changes(
        self,
        where: str,
        at: int,
        ticket: str,
        state: _State,
        priority: str | None,
        fields: dict[str, FieldValue],
    ) -> None:
        if priority is not None and priority != state.priority:
            self.spool.add(where, at, ticket, "priority", priority=priority)
            state.priority = priority
        changed = {k: v for k, v in fields.items() if state.fields.get(k) != v}
        if changed:
            self.spool.add(where, at, ticket, "fields", fields=changed)
            state.fields.update(changed)

    def _status(
        self,
        where: str,
        at: int,
        ticket: str,
        state: _State,
        row: Mapping[str, str],
        action: Action | None,
    ) -> None:
        status = action.status if action is not None else None
        if status is None:
            word = self._cell("status", row)
            status = self.vocab["status"].lookup(word, self.notes) if word else None
        if status and status != state.status:
            self.spool.add(where, at, ticket, "status", status=status)
            state.status = status

    def _comment(
        self, where: str, at: int, ticket: str, row: Mapping[str, str], action: Action
    ) -> None:
        role = action.comment
        if role == "author":
            word = self._cell("author", row)
            if not word:
                self.notes.skip(
                    where,
                    "comment without an author: the author column is empty",
                    "comment without an author",
                )
                return
            role = self.vocab["author"].lookup(word, self.notes)
            if role is None:
                return
        public = action.public
        if public is None:
            word = self._cell("public", row)
            found = self.public_words.get(word) if word else None
            if not isinstance(found, bool):
                self.notes.skip(
                    where,
                    f"comment without a visibility: {'`' + word + '` is not mapped' if word else 'none given'}"
                    " (name it in the event's entry or map a [public] column)",
                    "comment without a visibility",
                )
                return
            public = found
        if role != DROPPED:
            self.spool.add(where, at, ticket, "comment", author=role, public=public)


_UNMAPPED = Action(status="\0unmapped")
"""A sentinel: the row's event word is not in the map (already noted)."""
