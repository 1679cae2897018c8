"""`slac import zendesk`: Ticket Audits and Incremental Ticket Event Export pages (JSON).

Accepted input, in any mix of files (a page per file, or JSON Lines of pages or of records):
- Ticket Audits pages (`{"audits": [...]}`, GET /api/v2/tickets/{id}/audits or
  /api/v2/ticket_audits): each audit has `ticket_id`, `created_at`, `author_id` and `events`
  whose `type` is `Create`, `Change` (`field_name`, `value`, `previous_value`) or `Comment`
  (`author_id`, `public`);
- Incremental Ticket Event Export pages (`{"ticket_events": [...]}`,
  GET /api/v2/incremental/ticket_events, with `include=comment_events` for comment authors):
  each has `ticket_id`, `timestamp`, `updater_id` and `child_events` whose `event_type` is
  `Create` or `Change` (the field as a key, e.g. `"status": "open"`) or `Comment`;
- users (`{"users": [...]}`, a users page or the `include=users` sideload), for comment
  authors' roles. Users must come before (or in the same page as) the comments they wrote.

Readings (docs/import.md#zendesk):
- `Create` events make the ticket `created` at the audit's instant, with its priority and
  fields; a created `status` is a `status` event at the same instant.
- `status` and `priority` changes are `status` and `priority` events through the mappings
  (`solved` -> `resolved`, `pending` -> `awaiting_customer`, `hold` -> `awaiting_third_party`;
  `deleted` is not mapped: a deleted ticket's status is reported, not guessed).
- Other field changes are `fields` events: `type` and custom fields (numeric ids) by default,
  or exactly the map file's `[fields]` (slac name = Zendesk field name or id).
- A comment's author is the `customer` when they are the ticket's requester, whatever their
  role (an agent raising a ticket of their own is the customer on it); otherwise their user
  role through `[role.values]` (`end-user` -> customer, `agent`/`admin` -> agent); author -1
  is Zendesk itself (`system`). An author whose role is unknown, or a comment that does not
  say whether it is public, is skipped with a warning.
- Other audit events (notifications, satisfaction ratings, tags, ...) say nothing the clocks
  use: no event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from slac.importers.instants import EPOCH, ISO, InstantFormat
from slac.importers.notes import Notes
from slac.importers.settings import FormatReader, Settings
from slac.importers.sources import json_values
from slac.importers.spool import FieldValue, Spool
from slac.importers.vocab import identity

STATUS = {
    "new": "new",
    "open": "open",
    "pending": "awaiting_customer",
    "hold": "awaiting_third_party",
    "solved": "resolved",
    "closed": "closed",
}
PRIORITY = identity("urgent", "high", "normal", "low")
ROLE = {"end-user": "customer", "agent": "agent", "admin": "agent"}
SYSTEM_USER = -1
DEFAULT_FIELDS = ("type",)
# Keys of an incremental export child event that are not the changed field.
CHILD_META = frozenset(
    {"id", "via", "via_reference_id", "event_type", "type", "previous_value", "audit_id",
     "created_at", "author_id", "comment_present", "comment_public", "public", "body",
     "html_body", "plain_body", "attachments", "metadata", "added_tags", "removed_tags"}
)  # fmt: skip
LEGACY_TIME = InstantFormat("%Y/%m/%d %H:%M:%S %z")  # "2011/09/25 22:35:44 -0700", older docs

Change = tuple[str, object]


class _Reader(FormatReader):
    def __init__(self, settings: Settings, notes: Notes, spool: Spool) -> None:
        super().__init__(settings, notes, spool, status=STATUS, priority=PRIORITY, role=ROLE)
        self.fields = {zendesk: slac for slac, zendesk in self.mapping.fields.items()}
        self.roles: dict[object, str] = {}
        self.requesters: dict[str, object] = {}

    def value(self, where: str, value: object) -> None:
        """One JSON value: a page (audits, ticket events, users) or a single record."""
        if not isinstance(value, dict):
            self.notes.invalid(where, "not a JSON object")
            return
        for user in _list(value, "users"):
            if (
                isinstance(user, dict)
                and _is_id(user.get("id"))
                and isinstance(user.get("role"), str)
            ):
                self.roles[user["id"]] = user["role"]
        for key in ("audits", "ticket_events"):
            for index, record in enumerate(_list(value, key)):
                self.record(f"{where}: {key}[{index}]", record)
        if "ticket_id" in value:
            self.record(where, value)
        elif not any(k in value for k in ("users", "audits", "ticket_events")):
            self.notes.invalid(where, "neither a page (audits, ticket_events, users) nor an audit")

    def record(self, where: str, record: object) -> None:
        """One audit, or one incremental ticket event (an update of one ticket)."""
        if not isinstance(record, dict) or record.get("ticket_id") is None:
            self.notes.invalid(where, "an audit or ticket event without `ticket_id`")
            return
        ticket = str(record["ticket_id"])
        try:
            at = _instant(record)
        except ValueError as error:
            self.notes.invalid(where, str(error))
            return
        events = record.get("events", record.get("child_events", []))
        if not isinstance(events, list):
            self.notes.invalid(where, "`events` / `child_events` is not a list")
            return
        kinds = [(e, _kind(e)) for e in events if isinstance(e, dict)]
        creates = [change for e, k in kinds if k == "Create" for change in _changes(e)]
        if creates:
            self._created(where, at, ticket, creates)
        for event, kind in kinds:
            if kind == "Change":
                for name, value in _changes(event):
                    self._change(where, at, ticket, name, value)
        for event, kind in kinds:
            if kind in ("Comment", "VoiceComment"):
                author = event.get("author_id", record.get("author_id", record.get("updater_id")))
                self._comment(where, at, ticket, event, author)

    def _created(self, where: str, at: int, ticket: str, creates: list[Change]) -> None:
        values = dict(creates)
        if "requester_id" in values:
            self.requesters[ticket] = values["requester_id"]
        priority = None
        if isinstance(values.get("priority"), str):
            priority = self.vocab["priority"].lookup(str(values["priority"]), self.notes) or None
        fields = self._fields(where, creates)
        self.spool.created(where, at, ticket, self.notes, priority, fields)
        if isinstance(values.get("status"), str):
            self._change(where, at, ticket, "status", values["status"])

    def _change(self, where: str, at: int, ticket: str, name: str, value: object) -> None:
        if name == "requester_id":
            self.requesters[ticket] = value
        elif name in ("status", "priority"):
            if not isinstance(value, str) or not value:
                self.notes.skip(
                    where, f"{name} set to {value!r}: no {name} to write", f"empty {name}"
                )
                return
            vocabulary = self.vocab["status"] if name == "status" else self.vocab["priority"]
            mapped = vocabulary.lookup(value, self.notes)
            if mapped:
                self.spool.add(where, at, ticket, name, **{name: mapped})
        else:
            fields = self._fields(where, [(name, value)])
            if fields:
                self.spool.add(where, at, ticket, "fields", fields=fields)

    def _fields(self, where: str, changes: list[Change]) -> dict[str, FieldValue]:
        fields: dict[str, FieldValue] = {}
        for name, value in changes:
            slac = self._field_name(name)
            if slac is None:
                continue
            if isinstance(value, str | bool | int | float):
                fields[slac] = value
            else:
                self.notes.remarks[f"field values that are not one word or number ({name})"] += 1
        return fields

    def _field_name(self, name: str) -> str | None:
        if self.fields:
            return self.fields.get(name)
        return name if name in DEFAULT_FIELDS or name.isdigit() else None

    def _comment(
        self, where: str, at: int, ticket: str, event: Mapping[str, object], author: object
    ) -> None:
        public = event.get("public", event.get("comment_public"))
        if not isinstance(public, bool):
            self.notes.skip(
                where, "comment skipped: the export does not say whether it is public",
                "comment without a visibility",
            )  # fmt: skip
            return
        requester = self.requesters.get(ticket)
        role = "customer" if requester is not None and author == requester else self._role(author)
        if role is None:
            self.notes.skip(
                where,
                f"comment by user {author} skipped: the export does not say the user's role"
                " (add the users: include=users, or a users page before the audits)",
                "comment by a user of unknown role",
            )
            return
        if role:
            self.spool.add(where, at, ticket, "comment", author=role, public=public)

    def _role(self, author: object) -> str | None:
        if author == SYSTEM_USER:
            return "system"
        if not _is_id(author):
            return None
        role = self.roles.get(author)
        return None if role is None else self.vocab["role"].lookup(role, self.notes)


def read(paths: Sequence[str], settings: Settings, notes: Notes, spool: Spool) -> None:
    reader = _Reader(settings, notes, spool)
    for path in paths:
        for where, value in json_values(path, notes):
            reader.value(where, value)


def _is_id(value: object) -> bool:
    """A user id as Zendesk writes them (a number; a string from some exports)."""
    return isinstance(value, int | str) and not isinstance(value, bool)


def _list(value: Mapping[str, object], key: str) -> list[object]:
    found = value.get(key)
    return found if isinstance(found, list) else []


def _kind(event: Mapping[str, object]) -> object:
    # Incremental export child events name their kind in `event_type`, and a Create or Change
    # of the ticket's own `type` field uses the key `type` for its value.
    return event.get("event_type", event.get("type"))


def _changes(event: Mapping[str, object]) -> list[Change]:
    """(field, new value) pairs of a Create or Change event, in either API's shape."""
    if "field_name" in event:
        return [(str(event["field_name"]), event.get("value"))]
    own_type = event.get("type") != _kind(event)  # `type` is the ticket field, not the kind
    return [
        (key, value)
        for key, value in event.items()
        if key not in CHILD_META or (key == "type" and own_type)
    ]


def _instant(record: Mapping[str, object]) -> int:
    stamp = record.get("created_at", record.get("timestamp"))
    if isinstance(stamp, int) and not isinstance(stamp, bool):
        return InstantFormat(EPOCH).read(str(stamp))[0]
    if not isinstance(stamp, str):
        raise ValueError("no `created_at` or `timestamp`")
    try:
        return InstantFormat(ISO).read(stamp)[0]
    except ValueError:
        try:
            return LEGACY_TIME.read(stamp)[0]
        except ValueError:
            raise ValueError(f"`{stamp}` is not an ISO 8601 timestamp with an offset") from None
