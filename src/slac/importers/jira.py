"""`slac import jira`: issues with their changelog and comments, as the REST API returns them.

Accepted input: search pages (`{"issues": [...]}`, GET /rest/api/3/search?expand=changelog) or
single issues (GET /rest/api/3/issue/{key}?expand=changelog), one per file or as JSON Lines.
An issue carries `key`, `fields` (`created`, `status`, `priority`, `reporter`, `comment`) and
`changelog.histories`, each history a `created` instant, an `author` and `items` (`field`,
`from`/`fromString`, `to`/`toString`).

Readings (docs/import.md#jira):
- `created` at `fields.created`. The priority, status and mapped fields it starts with are
  the `fromString` of the first change of each in the changelog, or the current value when
  it never changed: the changelog is the issue's history, so the start is read, not guessed.
- An issue whose changelog or comments the page holds only in part (`total` above what is
  listed) is skipped with a warning: its start could not be read.
- Status changes through `[status.values]`, looked up by status id (`to`), then by name, then
  by the status category (`new` and `indeterminate` -> `open`, `done` -> `resolved`), which
  the issue gives for its current status. A status renamed since a change was made still
  matches by its id: the current status's name stands for its id in the changelog.
- A comment's author is the `customer` when they are the issue's reporter; otherwise the
  author's `accountId` (or server `name`) and then `accountType` through `[role.values]`
  (`atlassian` -> agent, `customer` -> customer, `app` -> system). A comment without an
  author, or whose author's role is unknown, is skipped with a warning.
- A comment is private when it has a `visibility` restriction or `jsdPublic` is false;
  public otherwise (Jira shows an unrestricted comment to everyone who sees the issue).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from slac.importers.instants import ISO, InstantFormat
from slac.importers.notes import Notes
from slac.importers.settings import FormatReader, Settings
from slac.importers.sources import json_values
from slac.importers.spool import FieldValue, Spool
from slac.importers.vocab import identity

STATUS = {
    "Open": "open",
    "To Do": "open",
    "In Progress": "open",
    "Reopened": "open",
    "Waiting for support": "open",
    "Work in progress": "open",
    "Escalated": "open",
    "Waiting for customer": "awaiting_customer",
    "Pending": "awaiting_third_party",
    "Resolved": "resolved",
    "Done": "resolved",
    "Closed": "closed",
    "Canceled": "closed",
}
CATEGORY = {"new": "open", "indeterminate": "open", "done": "resolved"}
PRIORITY = identity("Highest", "High", "Medium", "Low", "Lowest")
ROLE = {"atlassian": "agent", "customer": "customer", "app": "system"}
DEFAULT_FIELDS = {"type": "issuetype"}
INSTANT = InstantFormat(ISO)

Json = Mapping[str, object]


def read(paths: Sequence[str], settings: Settings, notes: Notes, spool: Spool) -> None:
    reader = _Reader(settings, notes, spool)
    for path in paths:
        for where, value in json_values(path, notes):
            if isinstance(value, dict) and isinstance(value.get("issues"), list):
                for index, issue in enumerate(value["issues"]):
                    reader.issue(f"{where}: issues[{index}]", issue)
            else:
                reader.issue(where, value)


class _Reader(FormatReader):
    def __init__(self, settings: Settings, notes: Notes, spool: Spool) -> None:
        super().__init__(settings, notes, spool, status=STATUS, priority=PRIORITY, role=ROLE)
        self.fields = dict(self.mapping.fields) or DEFAULT_FIELDS

    def issue(self, where: str, issue: object) -> None:
        if not isinstance(issue, dict) or not isinstance(issue.get("key"), str):
            self.notes.invalid(where, "not an issue (an object with `key` and `fields`)")
            return
        fields, key = _object(issue.get("fields")), issue["key"]
        where = f"{where} ({key})"
        histories = _list(_object(issue.get("changelog")), "histories")
        comments = _list(_object(fields.get("comment")), "comments")
        if _partial(issue.get("changelog"), "histories") or _partial(
            fields.get("comment"), "comments"
        ):
            self.notes.skip(
                where,
                "skipped: the page holds part of its changelog or comments"
                " (fetch them whole: /issue/{key}/changelog, /issue/{key}/comment)",
                "issue with a partial history",
            )
            return
        try:
            created = INSTANT.read(str(fields.get("created")))[0]
            changes = sorted(
                (INSTANT.read(str(h.get("created")))[0], i, h) for i, h in enumerate(histories)
            )
        except ValueError as error:
            self.notes.invalid(where, f"{error}")
            return
        self._created(where, created, key, fields, [h for _, _, h in changes])
        for at, index, history in changes:
            self._history(f"{where}: changelog[{index}]", at, key, fields, history)
        reporter = _user_id(_object(fields.get("reporter")))
        for index, comment in enumerate(comments):
            self._comment(f"{where}: comment[{index}]", key, reporter, comment)

    def _created(self, where: str, at: int, key: str, fields: Json, histories: list[Json]) -> None:
        first = _first_values(histories)
        priority_name = first.get("priority", _name(fields.get("priority")))
        priority = None
        if priority_name is not None:
            priority = self.vocab["priority"].lookup(priority_name[1], self.notes) or None
        values: dict[str, FieldValue] = {}
        for slac, jira in self.fields.items():
            value = first.get(jira, _name(fields.get(jira)))
            if value is not None:
                values[slac] = value[1]
        self.spool.created(where, at, key, self.notes, priority, values)
        status = first.get("status", _status_of(fields))
        if status is not None:
            self._status(where, at, key, fields, status)

    def _history(self, where: str, at: int, key: str, fields: Json, history: Json) -> None:
        for item in _items(history):
            field, to = item.get("field"), item.get("toString")
            if not isinstance(field, str):
                continue
            if field == "status":
                self._status(where, at, key, fields, (_text(item.get("to")), _text(to)))
            elif field == "priority" and isinstance(to, str):
                priority = self.vocab["priority"].lookup(to, self.notes)
                if priority:
                    self.spool.add(where, at, key, "priority", priority=priority)
            else:
                for slac, jira in self.fields.items():
                    if jira in (field, item.get("fieldId")) and isinstance(to, str):
                        self.spool.add(where, at, key, "fields", fields={slac: to})

    def _status(self, where: str, at: int, key: str, fields: Json, status: tuple[str, str]) -> None:
        current = _object(fields.get("status"))
        ident, name = status
        if ident and ident == _text(current.get("id")):
            name = _text(current.get("name")) or name  # renamed since: today's name
        known = self.vocab["status"].words
        mapped = known.get(ident) if ident in known else known.get(name)
        if mapped is None and ident and ident == _text(current.get("id")):
            category = _text(_object(current.get("statusCategory")).get("key"))
            mapped = CATEGORY.get(category)
        if mapped is None:
            self.notes.not_mapped("status", name or ident)
            return
        if mapped:
            self.spool.add(where, at, key, "status", status=mapped)

    def _comment(self, where: str, key: str, reporter: str | None, comment: object) -> None:
        if not isinstance(comment, dict):
            self.notes.invalid(where, "a comment is not an object")
            return
        try:
            at = INSTANT.read(str(comment.get("created")))[0]
        except ValueError as error:
            self.notes.invalid(where, f"{error}")
            return
        author = _object(comment.get("author"))
        role = self._role(author, reporter)
        if role is None:
            who = _user_id(author)
            self.notes.skip(
                where,
                f"comment skipped: the export does not say the role of {who} (map the user or"
                " the account type under [role.values])"
                if who
                else "comment skipped: it has no author (a deleted user?)",
                "comment by a user of unknown role" if who else "comment without an author",
            )
            return
        public = "visibility" not in comment and comment.get("jsdPublic", True) is not False
        if role:
            self.spool.add(where, at, key, "comment", author=role, public=public)

    def _role(self, author: Json, reporter: str | None) -> str | None:
        who = _user_id(author)
        if who is None:
            return None
        if who == reporter:
            return "customer"
        known = self.vocab["role"].words
        if who in known:
            return known[who]
        kind = author.get("accountType")
        return self.vocab["role"].lookup(kind, self.notes) if isinstance(kind, str) else None


def _first_values(histories: list[Json]) -> dict[str, tuple[str, str]]:
    """(id, name) each field had before its first change: the issue's start."""
    first: dict[str, tuple[str, str]] = {}
    for history in histories:
        for item in _items(history):
            field = item.get("field")
            if isinstance(field, str) and field not in first and item.get("fromString") is not None:
                first[field] = (_text(item.get("from")), _text(item.get("fromString")))
                if isinstance(item.get("fieldId"), str):
                    first.setdefault(str(item["fieldId"]), first[field])
    return first


def _status_of(fields: Json) -> tuple[str, str] | None:
    status = _object(fields.get("status"))
    return (_text(status.get("id")), _text(status.get("name"))) if status else None


def _name(value: object) -> tuple[str, str] | None:
    """(id, text) of a current field value: an option's `name` or `value`, or a string."""
    if isinstance(value, str):
        return ("", value)
    if isinstance(value, dict):
        text = value.get("name", value.get("value"))
        if isinstance(text, str):
            return (_text(value.get("id")), text)
    return None


def _user_id(user: Json) -> str | None:
    for key in ("accountId", "name", "key"):
        if isinstance(user.get(key), str):
            return str(user[key])
    return None


def _partial(container: object, key: str) -> bool:
    if not isinstance(container, dict):
        return False
    total, listed = container.get("total"), container.get(key)
    return isinstance(total, int) and isinstance(listed, list) and total > len(listed)


def _items(history: Json) -> list[Json]:
    return [i for i in _list(history, "items") if isinstance(i, dict)]


def _list(value: Json, key: str) -> list[Json]:
    found = value.get(key)
    return [x for x in found if isinstance(x, dict)] if isinstance(found, list) else []


def _object(value: object) -> Json:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return "" if value is None else str(value)
