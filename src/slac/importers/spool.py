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
from array import array
from collections import Counter
from typing import IO

import attrs

from slac.importers.instants import iso_z
from slac.importers.notes import Notes, Problem

FieldValue = str | bool | int | float


NOT_CREATED = -1  # instants are never negative (1970 onwards)


@attrs.define
class Spool:
    """Collects candidate events; `write_to` writes the valid ones.

    Per ticket it keeps only its id, an index and its creation instant (about 100 bytes with
    the id): memory grows with the number of tickets, never with their events.
    """

    # Closed by `close()`, which the command calls in a `finally`.
    _file: IO[str] = attrs.field(
        init=False,
        factory=lambda: tempfile.TemporaryFile("w+", encoding="utf-8"),  # noqa: SIM115
    )
    _index: dict[str, int] = attrs.field(init=False, factory=dict)
    _names: list[str] = attrs.field(init=False, factory=list)
    _created: array[int] = attrs.field(init=False, factory=lambda: array("q"))
    events: int = attrs.field(init=False, default=0)
    """Events written by `write_to`."""
    tickets: int = attrs.field(init=False, default=0)
    """Tickets created, counted by `write_to`."""

    def _ticket(self, name: str) -> int:
        index = self._index.get(name)
        if index is None:
            index = self._index[name] = len(self._names)
            self._names.append(name)
            self._created.append(NOT_CREATED)
        return index

    def knows(self, name: str) -> bool:
        """Whether any event of ticket `name` has been spooled."""
        return name in self._index

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
        index = self._ticket(ticket)
        if self._created[index] != NOT_CREATED:
            notes.skip(
                where,
                f"ticket `{ticket}` is created again (first at {iso_z(self._created[index])})",
                "second creation of a ticket",
            )
            return
        self._created[index] = at
        event: dict[str, object] = {"at": iso_z(at), "event": "created", "ticket": ticket}
        if priority is not None:
            event["priority"] = priority
        if fields:
            event["fields"] = fields
        self._put(index, at, where, event)

    def add(self, where: str, at: int, ticket: str, kind: str, **keys: object) -> None:
        """Any other ticket event: `comment` (author, public), `status`, `priority`, `fields`."""
        event: dict[str, object] = {"at": iso_z(at), "event": kind, "ticket": ticket, **keys}
        self._put(self._ticket(ticket), at, where, event)

    def _put(self, index: int, at: int, where: str, event: dict[str, object]) -> None:
        # json.dumps escapes tabs and newlines inside strings: a raw tab only separates.
        self._file.write(f"{index}\t{at}\t{where}\t{json.dumps(event, ensure_ascii=False)}\n")

    def write_to(self, out: IO[str], notes: Notes) -> None:
        """The second pass: events of created tickets, at or after their creation."""
        self._file.seek(0)
        orphans: Counter[int] = Counter()
        created = self._created
        for record in self._file:
            index_text, at_text, where, event = record.split("\t", 3)
            index = int(index_text)
            if created[index] == NOT_CREATED:
                orphans[index] += 1
                continue
            if int(at_text) < created[index]:
                notes.skip(
                    where,
                    f"before ticket `{self._names[index]}` was created ({iso_z(created[index])})",
                    "before its ticket was created",
                )
                continue
            out.write(event)
            self.events += 1
        self.tickets = sum(1 for at in created if at != NOT_CREATED)
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
