"""Opening export files: plain or gzip, UTF-8 with or without a byte-order mark; CSV rows and
JSON values with the line they start on, so every problem can name `FILE:LINE`.

A file that cannot be opened or is not UTF-8 is a `SourceError` (`FILE: reason`, exit 2).
`-` is standard input, named `<stdin>` in messages, read exactly as a file is.
A JSON file is either JSON Lines (its first line is a whole JSON value) or one JSON document
(an API page, read whole: pages are bounded by the API, 100 to 1,000 records).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from slac.importers.notes import Notes


class SourceError(Exception):
    """An unreadable input file: `FILE: reason`."""


def shown(path: str) -> str:
    """A file as messages name it: its path, or `<stdin>` for `-`."""
    return "<stdin>" if path == "-" else path


@contextmanager
def open_text(path: str) -> Iterator[IO[str]]:
    """The file (`-`: standard input) as text, `.gz` decompressed, BOM skipped, newlines left
    to the csv module."""
    if path == "-":
        stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
        try:
            yield stream
        finally:
            stream.detach()  # leave the process's stdin open
        return
    try:
        if path.endswith(".gz"):
            opened: IO[str] = gzip.open(path, "rt", encoding="utf-8-sig", newline="")  # noqa: SIM115
        else:
            opened = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except OSError as error:
        raise SourceError(f"{path}: cannot read: {error.strerror or error}") from None
    with opened:  # the `noqa`s above: opened in a `try`, closed here
        yield opened


def text_lines(path: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of every line; SourceError for bad UTF-8 or gzip data."""
    with open_text(path) as stream:
        try:
            yield from enumerate(stream, start=1)
        except UnicodeDecodeError as error:
            raise SourceError(f"{shown(path)}: not UTF-8 text ({error.reason})") from None
        except (OSError, EOFError) as error:  # a truncated or corrupt .gz
            raise SourceError(f"{path}: cannot read: {error}") from None


def csv_rows(path: str, delimiter: str, notes: Notes) -> Iterator[tuple[int, dict[str, str]]]:
    """(first line of the record, {column: cell}) after the header row.

    A repeated column name keeps its first column. A row whose cell count differs from the
    header's is invalid; so is the rest of a file the csv module cannot parse.
    """
    lines = (text for _, text in text_lines(path))
    reader = csv.reader(lines, delimiter=delimiter)
    path = shown(path)
    try:
        header = next(reader, None)
        if header is None:
            raise SourceError(f"{path}: empty file (a header row is expected)")
        first_index: dict[str, int] = {}
        for index, name in enumerate(header):
            first_index.setdefault(name.strip(), index)
        columns = tuple(first_index.items())
        start = reader.line_num + 1
        for cells in reader:
            if not cells:  # a blank line
                start = reader.line_num + 1
                continue
            if len(cells) != len(header):
                notes.invalid(
                    f"{path}:{start}",
                    f"{len(cells)} cells where the header has {len(header)} columns"
                    f" (is the delimiter `{delimiter}`?)",
                )
            else:
                yield start, {name: cells[index] for name, index in columns}
            start = reader.line_num + 1
    except csv.Error as error:
        notes.invalid(f"{path}:{reader.line_num}", f"not CSV: {error}; the rest is not read")


def json_values(path: str, notes: Notes) -> Iterator[tuple[str, object]]:
    """(where, value) of every JSON value: one per line, or the whole document."""
    lines = text_lines(path)
    path = shown(path)
    first: tuple[int, str] | None = None
    for number, text in lines:
        if text.strip():
            first = (number, text)
            break
    if first is None:
        return
    try:
        value = json.loads(first[1])
    except (ValueError, RecursionError):
        yield from _document(path, first, lines, notes)
        return
    yield f"{path}:{first[0]}", value
    for number, text in lines:
        if not text.strip():
            continue
        try:
            yield f"{path}:{number}", json.loads(text)
        except (ValueError, RecursionError) as error:
            notes.invalid(f"{path}:{number}", f"not JSON ({_why(error)})")


def _document(
    path: str, first: tuple[int, str], rest: Iterator[tuple[int, str]], notes: Notes
) -> Iterator[tuple[str, object]]:
    text = "\n" * (first[0] - 1) + first[1] + "".join(line for _, line in rest)
    try:
        yield path, json.loads(text)
    except json.JSONDecodeError as error:
        notes.invalid(f"{path}:{error.lineno}", f"not JSON ({error.msg})")
    except (ValueError, RecursionError) as error:
        notes.invalid(path, f"not JSON ({_why(error)})")


def _why(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return error.msg
    return "nested too deeply" if isinstance(error, RecursionError) else str(error)
