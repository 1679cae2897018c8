"""How text that users gave is shown: on one printable line, valid UTF-8 under any locale.

Ticket ids, exclusion reasons and file names come from users' files and command lines: a newline
would split a row or a message, a control character would drive the terminal, and a lone
surrogate (valid JSON `"\\ud800"`, or a file name that is not UTF-8) cannot be written to a UTF-8
stream at all.
"""

from __future__ import annotations

import os


def printable(text: str) -> str:
    """`text` with each unprintable character as its Python escape (`\\n`, `\\x00`, `\\ud800`)."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


def shown_path(path: str) -> str:
    """A path as messages and output print it: bytes that are not UTF-8 (which Python keeps as
    `\\udcXX` surrogates) as `\\xff`, unprintable characters as their escapes (`\\n`), and
    the empty path as `''`."""
    if not path:
        return "''"
    return printable(os.fsencode(path).decode("utf-8", "backslashreplace"))
