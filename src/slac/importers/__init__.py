"""`slac import`: helpdesk exports in, ticket events (docs/formats.md#ticket-events) out.

One module per export format, each a `read(paths, settings, notes, spool)` that turns the
export's records into candidate events; the shared stages around them:

    sources (files, gzip, CSV rows, JSON records) -> format module -> Spool -> event lines
                                   vocab, instants, mapfile ─┘        notes (problems, skips)

What an export does not say is never invented: a value outside the mapping, a comment whose
author's role or visibility is unknown, an event before its ticket's creation are skipped and
reported (`notes.py`), never guessed. docs/import.md is the reference for every format.
"""

from __future__ import annotations

from typing import Final

FORMATS: Final = ("zendesk", "jira", "servicenow", "csv")
"""The formats `slac import` reads, each a module of this package (`csv` is `csv_map`)."""

MODULES: Final = {
    "zendesk": "slac.importers.zendesk",
    "jira": "slac.importers.jira",
    "servicenow": "slac.importers.servicenow",
    "csv": "slac.importers.csv_map",
}
