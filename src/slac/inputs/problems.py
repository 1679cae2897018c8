"""Problems in input data (event and outage lines) as diagnostics, worded once for both readers.

A reader raises `InputError(code, message, key)` where it finds a mistake: the code is one of
`slac.codes.INPUT_CODES` (E7xx), the message follows the diagnostics' wording (what was found,
lowercase, names in backticks), and `key` is the path of the offending value in the line's
object (`("fields", "impact")`; empty for the line as a whole). `line_diagnostic` turns it into
a `slac.diagnostics.Diagnostic` whose span is that value's place on the line. Nothing here runs
for a valid line: the hot path only pays for the `raise` it never takes.

The wording helpers (`not_a`, `missing_keys`, `unknown`, `not_declared`, `outside_years`) are the
one place each kind of mistake is put into words, so an event and an outage with the same
mistake read the same; `show_value` shows the offending value.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections.abc import Iterable, Sequence

from slac.diagnostics import Diagnostic, Severity
from slac.source import Span

Key = tuple[str, ...]


class InputError(ValueError):
    """One mistake in one input line; `str(error)` is the message (as a plain ValueError's)."""

    def __init__(self, code: str, message: str, key: Key = ()) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.key = key


def show_value(value: object) -> str:
    """A JSON value as a person reads it in a message, in backticks, cut at 40 characters; always
    one printable line (what is not printable is shown as JSON escapes it)."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
        if not text.isprintable():  # a line break, a lone surrogate: escaped, one printable line
            text = json.dumps(value, default=repr)
    except RecursionError:  # nested deeper than `json` writes: say so rather than show it
        text = "[...]" if isinstance(value, list) else "{...}"
    return f"`{text if len(text) <= 40 else text[:37] + '...'}`"


def show_id(ticket: str) -> str:
    """A ticket id in backticks, whole however long (it names the ticket); one that is not
    printable as `show_value` escapes it."""
    return f"`{ticket}`" if ticket.isprintable() else show_value(ticket)


def show_name(value: object) -> str:
    """A value that should have been a name: a string in backticks as names are (`P9`), anything
    else as `show_value` shows it (`7`, `null`), so a string never reads as a number."""
    if isinstance(value, str) and value and value.isprintable() and len(value) <= 40:
        return f"`{value}`"
    return show_value(value)


# ---------------------------------------------------------------------------------------------
# Decoding a line

RAW_DECODE = json.JSONDecoder().raw_decode


def decode_line(text: str) -> object:
    """The JSON value of one line (blanks around it allowed); InputError E701/E702 otherwise.

    `raw_decode` skips `loads`' wrapper (measured 1.8x faster per line, bench/evaluate.md);
    anything it does not take cleanly goes through `loads` for the canonical reason.
    """
    try:
        try:
            value, end = RAW_DECODE(text)
            if end != len(text) and not text[end:].isspace():
                raise ValueError("extra data")
            return value
        except ValueError:
            return json.loads(text)  # leading blanks are fine; otherwise raises with the reason
    except json.JSONDecodeError as error:
        raise NotJson(error.msg, error.colno) from None
    except RecursionError:
        raise beyond_limits("nested too deeply") from None
    except ValueError:  # the one other ValueError `json` raises: an integer past the digit limit
        limit = sys.get_int_max_str_digits()
        raise beyond_limits(f"an integer with more than {limit} digits") from None


def beyond_limits(what: str) -> InputError:
    """E702: valid JSON that Python's decoder refuses (`what` says which limit); every reader
    words it this way, the line's value never shown (it is what could not be read)."""
    return InputError("E702", f"not JSON slac can read: {what}")


class NotJson(InputError):
    """E701, with the column the JSON decoder stopped at."""

    def __init__(self, reason: str, column: int) -> None:
        super().__init__("E701", f"not JSON: {reason} at column {column}")
        self.column = column


# ---------------------------------------------------------------------------------------------
# Wording: one function per kind of mistake


def not_an_object(what: str, value: object) -> InputError:
    return InputError("E703", f"{what} is a JSON object, got {show_value(value)}")


def missing_keys(keys: Sequence[str], note: str = "") -> InputError:
    """`missing key `at`` or `missing keys `start` and `end``, with `note` in brackets."""
    names = [f"`{k}`" for k in keys]
    plural = "s" if len(names) > 1 else ""
    return InputError(
        "E704", f"missing key{plural} {_listing(names, 'and')}" + (f" ({note})" if note else "")
    )


def not_a(key: str, kind: str, value: object, path: Key | None = None) -> InputError:
    """A value of the wrong JSON type: `` `ticket` is not a string: `7` ``."""
    return InputError("E705", f"`{key}` is not {kind}: {show_value(value)}", path or (key,))


def unknown(code: str, what: str, value: object, allowed: Iterable[str], key: Key) -> InputError:
    """A value outside a fixed vocabulary: ``unknown comment author `bot` (expected ...)``."""
    return InputError(
        code, f"unknown {what} {show_name(value)} (expected {_listing(list(allowed))})", key
    )


def not_declared(
    code: str, what: str, value: object, declared: Iterable[str], key: Key
) -> InputError:
    """A value the policy does not declare: ``priority `P9` is not declared by the policy``."""
    return InputError(
        code,
        f"{what} {show_name(value)} is not declared by the policy (declared: {', '.join(declared)})",
        key,
    )


def outside_years(key: str, value: object, reach: str, years: str) -> InputError:
    """An instant outside the supported years; `reach` says whose years they are."""
    shown = show_name(value)
    return InputError("E708", f"`{key}` is outside the years {reach} ({years}): {shown}", (key,))


def _listing(names: Sequence[str], last: str = "or") -> str:
    """`a`, `a or b`, `a, b or c` (or `and`)."""
    if len(names) <= 2:
        return f" {last} ".join(names)
    return ", ".join(names[:-1]) + f" {last} " + names[-1]


# ---------------------------------------------------------------------------------------------
# Where on the line


def line_diagnostic(
    error: InputError, path: str, line: int, text: str, severity: Severity = "error"
) -> Diagnostic:
    """`error` on line `line` (whose text is `text`) of `path` as a diagnostic."""
    return Diagnostic(
        error.code, error.message, _span(error, line, text), severity=severity, path=path
    )


def _span(error: InputError, line: int, text: str) -> Span:
    """The offending value's place on the line, when cheap to find; else the whole line."""
    text = text.rstrip("\r\n")
    if isinstance(error, NotJson):
        return Span(line, error.column, line, error.column + 1)
    start = 0
    for key in error.key:
        found = _value_at(text, key, start)
        if found is None:
            break
        start = found
    else:
        if error.key:
            return Span(line, start + 1, line, _value_end(text, start) + 1)
    return Span(line, 1, line, len(text) + 1)


def _value_at(text: str, key: str, start: int) -> int | None:
    """Offset of the value of `"key":` at or after `start` (the first such key)."""
    match = re.compile(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:\s*").search(
        text, start
    )
    return match.end() if match else None


def _value_end(text: str, start: int) -> int:
    try:
        return RAW_DECODE(text, start)[1]
    except (ValueError, RecursionError):
        return len(text)


# ---------------------------------------------------------------------------------------------
# Warnings: lines that are valid but likely not what was meant


def unknown_field_key(name: str, declared: Iterable[str], path: str, line: int) -> Diagnostic:
    """W740: a field key the policy does not declare, on the first line it appears on. The key
    is kept on the event and ignored, so a misspelt one would silently change nothing."""
    close = difflib.get_close_matches(name, list(declared), n=1)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    return Diagnostic(
        "W740",
        f"field {show_name(name)} is not declared by the policy and is ignored "
        f"(first on this line){hint}",
        Span(line, 1, line + 1, 1),
        severity="warning",
        path=path,
    )
