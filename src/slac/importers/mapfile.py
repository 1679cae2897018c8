"""The map file (`--map MAP`, TOML): which columns say what, and the vocabularies' overrides.

Read once, checked whole (every mistake reported, each as `MAP: key: reason`), and turned into
a frozen `MapFile`. The `csv` format needs one; the other formats take one to override their
default vocabularies (`[status.values]`, `[priority.values]`, `[role.values]`) or, for
`servicenow`, the zone of its naive timestamps (`[instant] zone`). docs/import.md#the-map-file
is the reference, with an example per public log in `examples/`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping

import attrs

from slac.importers.instants import ISO, InstantFormat, zone_named
from slac.vocabulary import AUTHORS

CREATED_BY = ("event", "first row")
"""How a CSV ticket is created: by a row whose event maps to `created`, or by its first row."""

VocabValue = str | bool
"""A mapped word: slac's word, or a bool (`public`), or False for "known, not an event"."""


@attrs.frozen
class Action:
    """What one `[event.values]` entry makes of a row (`created`, or some of the others)."""

    created: bool = False
    status: str | None = None
    comment: str | None = None  # a role, or "author" for the row's author column
    public: bool | None = None


@attrs.frozen
class Table:
    """A vocabulary table: the column(s) it reads (CSV) and its values."""

    columns: tuple[str, ...] = ()
    values: Mapping[str, VocabValue] = attrs.field(factory=dict)


@attrs.frozen
class MapFile:
    ticket: str | None = None
    delimiter: str = ","
    created_by: str = "event"
    instant_column: str | None = None
    instant: InstantFormat = attrs.field(factory=InstantFormat)
    zone_given: bool = False
    events: Mapping[str, Action | None] = attrs.field(factory=dict)
    event_columns: tuple[str, ...] = ()
    tables: Mapping[str, Table] = attrs.field(factory=dict)
    fields: Mapping[str, str] = attrs.field(factory=dict)
    join_key: str | None = None

    def values(self, name: str) -> Mapping[str, VocabValue]:
        table = self.tables.get(name)
        return {} if table is None else table.values


class MapError(Exception):
    """Every problem of a map file, one `MAP: key: reason` per line."""


VOCABULARIES = ("status", "priority", "author", "role", "public")
TOP_KEYS = ("ticket", "delimiter", "created", "instant", "event", "fields", "join", *VOCABULARIES)


def load_map(path: str) -> MapFile:
    """Read and check MAP; MapError listing every problem."""
    try:
        with open(path, "rb") as stream:
            data = tomllib.load(stream)
    except OSError as error:
        raise MapError(f"{path}: cannot read: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise MapError(f"{path}: not TOML ({error})") from None
    problems: list[str] = []
    result = _build(data, problems)
    if problems:
        raise MapError("\n".join(f"{path}: {p}" for p in problems))
    return result


def _build(data: dict[str, object], problems: list[str]) -> MapFile:
    for key in data:
        if key not in TOP_KEYS:
            problems.append(f"`{key}`: unknown key (expected one of {', '.join(TOP_KEYS)})")
    instant = _table(data, "instant", problems)
    event = _table(data, "event", problems)
    join = _table(data, "join", problems)
    zone_name = _string(instant, "zone", "instant.zone", problems)
    zone = None
    if zone_name is not None:
        try:
            zone = zone_named(zone_name)
        except ValueError as error:
            problems.append(f"`instant.zone`: {error}")
    created = _string(data, "created", "created", problems) or "event"
    if created not in CREATED_BY:
        problems.append(f"`created`: `{created}` is not one of {', '.join(CREATED_BY)}")
    delimiter = _string(data, "delimiter", "delimiter", problems) or ","
    if len(delimiter) != 1:
        problems.append(f"`delimiter`: `{delimiter}` is not one character")
    return MapFile(
        ticket=_string(data, "ticket", "ticket", problems),
        delimiter=delimiter,
        created_by=created,
        instant_column=_string(instant, "column", "instant.column", problems),
        instant=InstantFormat(_string(instant, "format", "instant.format", problems) or ISO, zone),
        zone_given=zone is not None,
        events=_actions(_table(event, "values", problems, "event."), problems),
        event_columns=_columns(event, "event", problems),
        tables={name: _vocabulary(data, name, problems) for name in VOCABULARIES if name in data},
        fields=_strings(_table(data, "fields", problems), "fields", problems),
        join_key=_string(join, "key", "join.key", problems),
    )


def _table(
    data: Mapping[str, object], key: str, problems: list[str], at: str = ""
) -> dict[str, object]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        problems.append(f"`{at}{key}`: a table is expected")
        return {}
    return value


def _string(data: Mapping[str, object], key: str, name: str, problems: list[str]) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        problems.append(f"`{name}`: a string is expected")
        return None
    return value


def _strings(data: Mapping[str, object], name: str, problems: list[str]) -> dict[str, str]:
    result = {}
    for key, value in data.items():
        if isinstance(value, str):
            result[key] = value
        else:
            problems.append(f"`{name}.{key}`: a column name (string) is expected")
    return result


def _columns(data: Mapping[str, object], name: str, problems: list[str]) -> tuple[str, ...]:
    """`column = "A"` or `columns = ["A", "B"]` (values then read `A / B`)."""
    if "column" in data:
        single = _string(data, "column", f"{name}.column", problems)
        return () if single is None else (single,)
    many = data.get("columns", [])
    if not isinstance(many, list) or not all(isinstance(c, str) for c in many):
        problems.append(f"`{name}.columns`: a list of column names is expected")
        return ()
    return tuple(many)


def _vocabulary(data: Mapping[str, object], name: str, problems: list[str]) -> Table:
    table = _table(data, name, problems)
    for key in table:
        if key not in ("column", "columns", "values"):
            problems.append(f"`{name}.{key}`: unknown key (expected column, columns, values)")
    values: dict[str, VocabValue] = {}
    for word, mapped in _table(table, "values", problems, f"{name}.").items():
        problem = _check_word(name, mapped)
        if problem:
            problems.append(f"`{name}.values.{word}`: {problem}")
        else:
            assert isinstance(mapped, str | bool)
            values[word] = mapped
    return Table(_columns(table, name, problems), values)


def _check_word(name: str, mapped: object) -> str | None:
    if name == "public":
        return None if isinstance(mapped, bool) else "true or false is expected"
    if mapped is False:
        return None
    if not isinstance(mapped, str) or not mapped:
        return "a word (string) or false is expected"
    if name in ("author", "role") and mapped not in AUTHORS:
        return f"`{mapped}` is not one of {', '.join(AUTHORS)} (or false)"
    return None


def _actions(values: Mapping[str, object], problems: list[str]) -> dict[str, Action | None]:
    actions: dict[str, Action | None] = {}
    for word, action in values.items():
        if action is False:
            actions[word] = None
        elif action == "created":
            actions[word] = Action(created=True)
        elif isinstance(action, dict):
            actions[word] = _action(word, action, problems)
        else:
            problems.append(f'`event.values.{word}`: `"created"`, false or a table is expected')
    return actions


def _action(word: str, table: Mapping[str, object], problems: list[str]) -> Action:
    where = f"`event.values.{word}`"
    for key in table:
        if key not in ("created", "status", "comment", "public"):
            problems.append(
                f"{where}: unknown key `{key}` (expected created, status, comment, public)"
            )
    status, comment, public = table.get("status"), table.get("comment"), table.get("public")
    if status is not None and not isinstance(status, str):
        problems.append(f"{where}: `status` is a string")
        status = None
    if comment is not None and comment not in (*AUTHORS, "author"):
        problems.append(f"{where}: `comment` is one of {', '.join(AUTHORS)}, author")
        comment = None
    if public is not None and not isinstance(public, bool):
        problems.append(f"{where}: `public` is true or false")
        public = None
    assert status is None or isinstance(status, str)
    assert comment is None or isinstance(comment, str)
    assert public is None or isinstance(public, bool)
    return Action(table.get("created") is True, status, comment, public)
