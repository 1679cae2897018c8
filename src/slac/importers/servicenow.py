"""`slac import servicenow`: the incident audit log in the shape of the public UCI log.

One row per update of an incident, each row a snapshot of the incident after the update
(`number`, `incident_state`, `sys_mod_count`, `opened_at`, `sys_updated_at`, `priority`, ...).
The rows of an incident come together in the file; within one, `sys_mod_count` orders them.

Readings (docs/import.md#servicenow):
- `created` at `opened_at`, with the first row's priority and the `contact_type` and `category`
  columns as fields (the map file's `[fields]` replaces that list).
- Every later row whose state differs from the previous one is a `status` event at its
  `sys_updated_at`, and one whose priority differs a `priority` event.
- Timestamps (`29/2/2016 01:16`) are naive, day first: read in the map file's `[instant] zone`,
  UTC by default (the log does not say its zone).
- A row stamped before the incident's previous event (or its `opened_at`) is written at that
  event's instant, so the events apply in `sys_mod_count` order; the run counts them.
- State `-100` marks the log's five broken rows: mapped to false, the row is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from slac.importers.instants import InstantFormat, zone_named
from slac.importers.notes import Notes
from slac.importers.settings import FormatReader, Settings
from slac.importers.sources import SourceError, csv_rows
from slac.importers.spool import FieldValue, Spool
from slac.importers.vocab import DROPPED, Vocabulary

STATUS = {
    "New": "new",
    "Active": "active",
    "Awaiting User Info": "awaiting_customer",
    "Awaiting Vendor": "awaiting_vendor",
    "Awaiting Problem": "awaiting_problem",
    "Awaiting Evidence": "awaiting_evidence",
    "Resolved": "resolved",
    "Closed": "closed",
    "-100": DROPPED,
}
PRIORITY = {"1 - Critical": "P1", "2 - High": "P2", "3 - Moderate": "P3", "4 - Low": "P4"}
FIELDS = {"contact_type": "contact_type", "category": "category"}
COLUMNS = ("number", "incident_state", "sys_mod_count", "opened_at", "sys_updated_at", "priority")
INSTANT = InstantFormat("%d/%m/%Y %H:%M", zone_named("UTC"))

Row = tuple[str, int, dict[str, str]]  # where, sys_mod_count, the row


class _Incidents(FormatReader):
    def __init__(self, settings: Settings, notes: Notes, spool: Spool) -> None:
        super().__init__(settings, notes, spool, status=STATUS, priority=PRIORITY)
        self.fields = dict(self.mapping.fields) or FIELDS
        zone = self.mapping.instant.zone if self.mapping.zone_given else INSTANT.zone
        self.instant = InstantFormat(INSTANT.pattern, zone)

    def convert(self, number: str, rows: list[Row]) -> None:
        rows.sort(key=lambda r: r[1])  # stable: file order for equal counts
        where, _, first = rows[0]
        try:
            t = self._instant(first["opened_at"])
        except ValueError as error:
            self.notes.invalid(where, f"`opened_at`: {error}")
            return
        priority = self.vocab["priority"].lookup(first["priority"], self.notes) or None
        fields: dict[str, FieldValue] = {k: first[c] for k, c in self.fields.items() if c in first}
        self.spool.created(where, t, number, self.notes, priority, fields)
        state, shown_priority = "New", first["priority"]
        for where, _, row in rows:
            try:
                at = self._instant(row["sys_updated_at"])
            except ValueError as error:
                self.notes.invalid(where, f"`sys_updated_at`: {error}")
                continue
            if at < t:
                self.notes.remarks[
                    "updates stamped before the previous one, written at its instant"
                ] += 1
                at = t
            t = at
            if row["priority"] != shown_priority:
                shown_priority = row["priority"]
                mapped = self.vocab["priority"].lookup(shown_priority, self.notes)
                if mapped:
                    self.spool.add(where, t, number, "priority", priority=mapped)
            if row["incident_state"] != state:
                state = row["incident_state"]
                status = self.vocab["status"].lookup(state, self.notes)
                if status:
                    self.spool.add(where, t, number, "status", status=status)

    def _instant(self, text: str) -> int:
        at, ambiguous = self.instant.read(text)
        if ambiguous:
            self.notes.remarks["ambiguous local time read as the earlier"] += 1
        return at


def read(paths: Sequence[str], settings: Settings, notes: Notes, spool: Spool) -> None:
    incidents = _Incidents(settings, notes, spool)
    for path in paths:
        for number, rows in _groups(path, incidents.vocab["status"], notes, spool):
            incidents.convert(number, rows)


def _groups(
    path: str, status: Vocabulary, notes: Notes, spool: Spool
) -> Iterator[tuple[str, list[Row]]]:
    """An incident's rows at a time (memory: one incident), broken rows left out."""
    number, rows = "", list[Row]()
    for line, row in csv_rows(path, ",", notes):
        where = f"{path}:{line}"
        if not rows and not number:
            _check_columns(path, row)
        if status.words.get(row["incident_state"]) == DROPPED:
            notes.count(f"state `{row['incident_state']}` (mapped to false)")
            continue
        try:
            count = int(row["sys_mod_count"])
        except ValueError:
            notes.invalid(where, f"`sys_mod_count` is not a number: `{row['sys_mod_count']}`")
            continue
        if row["number"] != number:
            if rows:
                yield number, rows
            number, rows = row["number"], []
            if spool.knows(number):  # converted already: its rows were not together
                notes.invalid(where, f"incident `{number}` continues after other incidents")
                continue
        rows.append((where, count, row))
    if rows:
        yield number, rows


def _check_columns(path: str, row: dict[str, str]) -> None:
    missing = [c for c in COLUMNS if c not in row]
    if missing:
        raise SourceError(
            f"{path}: no column {', '.join(missing)}: not a ServiceNow incident log"
            " (the UCI shape: docs/import.md#servicenow)"
        )
