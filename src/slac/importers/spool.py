"""The event writer: candidate events spooled to a temporary file, then filtered and written.

Two passes because a record's fate can depend on records after it: an export need not be
sorted, so a ticket's `created` may come after its other events in the file, or never come.
The first pass spools every candidate event (on disk, so memory stays flat in the input's
size) and keeps, per ticket, only when and where it was created. The second pass writes the
events of created tickets at or after their creation, and counts the others as skipped with
one warning per ticket. Nothing is written when the run fails: the caller decides after
`close()` whether to call `write_to`.

Events are written as docs/formats.md#ticket-events describes them: one JSON object per line,
keys in the order `at`, `event`, `ticket`, then the kind's own; instants in UTC (`Z`).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from typing import IO

import attrs

from slac.importers.instants import iso_z
from slac.importers.notes import Notes, Problem

FieldValue = str | bool | int | float


@attrs.define
class _Ticket:
    index: int
    created_at: int | None = None
    created_where: str = ""


@attrs.define
class Spool:
    """Collects candidate events; `write_to` writes the valid ones."""

    # Closed by `close()`, which the command calls in a `finally`.
    _file: IO[str] = attrs.field(
        init=False,
        factory=lambda: tempfile.TemporaryFile("w+", encoding="utf-8"),  # noqa: SIM115
    )
    _tickets: dict[str, _Ticket] = attrs.field(init=False, factory=dict)
    _names: list[str] = attrs.field(init=False, factory=list)
    events: int = attrs.field(init=False, default=0)
    """Events written by `write_to`."""
    tickets: int = attrs.field(init=False, default=0)
    """Tickets created, counted by `write_to`."""

    def ticket(self, name: str) -> _Ticket:
        found = self._tickets.get(name)
        if found is None:
            found = self._tickets[name] = _Ticket(len(self._names))
            self._names.append(name)
        return found

    def is_created(self, name: str) -> bool:
        found = self._tickets.get(name)
        return found is not None and found.created_at is not None

    def created(
        self,
        where: str,
        at: int,
        ticket: str,
        notes: Notes,
        priority: str | None = None,
        fields: dict[str, FieldValue] | None = None,
    ) -> None:
        """A ticket raised; a second `created` for one ticket is skipped with a warning."""
        state = self.ticket(ticket)
        if state.created_at is not None:
            notes.skip(
                where,
                f"ticket `{ticket}` is created again (first at {state.created_where})",
                "second creation of a ticket",
            )
            return
        state.created_at, state.created_where = at, where
        event: dict[str, object] = {"at": iso_z(at), "event": "created", "ticket": ticket}
        if priority is not None:
            event["priority"] = priority
        if fields:
            event["fields"] = fields
        self._put(state.index, at, where, event)

    def add(self, where: str, at: int, ticket: str, kind: str, **keys: object) -> None:
        """Any other ticket event: `comment` (author, public), `status`, `priority`, `fields`."""
        event: dict[str, object] = {"at": iso_z(at), "event": kind, "ticket": ticket, **keys}
        self._put(self.ticket(ticket).index, at, where, event)

    def _put(self, index: int, at: int, where: str, event: dict[str, object]) -> None:
        # json.dumps escapes tabs and newlines inside strings: a raw tab only separates.
        self._file.write(f"{index}\t{at}\t{where}\t{json.dumps(event, ensure_ascii=False)}\n")

    def write_to(self, out: IO[str], notes: Notes) -> None:
        """The second pass: events of created tickets, at or after their creation."""
        self._file.seek(0)
        orphans: Counter[int] = Counter()
        tickets = tuple(self._tickets.values())
        by_index = {t.index: t for t in tickets}
        for record in self._file:
            index_text, at_text, where, event = record.split("\t", 3)
            state = by_index[int(index_text)]
            if state.created_at is None:
                orphans[state.index] += 1
                continue
            if int(at_text) < state.created_at:
                notes.skip(
                    where,
                    f"before ticket `{self._names[state.index]}` was created"
                    f" ({state.created_where})",
                    "before its ticket was created",
                )
                continue
            out.write(event)
            self.events += 1
        self.tickets = sum(1 for t in tickets if t.created_at is not None)
        for index, count in orphans.items():
            notes.warnings.append(_orphan(self._names[index], count))
            notes.count("ticket never created in the export", count)

    def close(self) -> None:
        self._file.close()


def _orphan(name: str, count: int) -> Problem:
    plural = "s" if count > 1 else ""
    return Problem(
        f"ticket `{name}`",
        f"{count} record{plural} skipped: the export never creates this ticket"
        " (it was raised before the export starts, or its creation was skipped)",
    )
