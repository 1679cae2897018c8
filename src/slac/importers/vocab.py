"""Vocabularies: an export's words (statuses, priorities, roles) mapped to slac's, never guessed.

Each format names its default mapping; the map file's table of the same name overrides and
extends it entry by entry. A word mapped to `false` is dropped on purpose (the record carries
nothing slac uses); a word the mapping does not name is reported once with the number of
records it affects (`Notes.not_mapped`), and those records are skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from slac.importers.notes import Notes

DROPPED = ""
"""What a word mapped to `false` becomes: known, deliberately not an event."""


@attrs.frozen
class Vocabulary:
    """One mapping, named as its map-file table is (`status`, `priority`, `role`, ...)."""

    name: str
    words: Mapping[str, str]

    def merged(self, overrides: Mapping[str, str]) -> Vocabulary:
        """This mapping with the map file's entries on top."""
        return Vocabulary(self.name, {**self.words, **overrides})

    def lookup(self, word: str, notes: Notes) -> str | None:
        """slac's word for `word`; `DROPPED` when mapped away; None (and noted) when unmapped."""
        mapped = self.words.get(word)
        if mapped is None:
            notes.not_mapped(self.name, word)
        return mapped


def identity(*words: str) -> dict[str, str]:
    """A default mapping that keeps each word as it is."""
    return {word: word for word in words}


def words(values: Mapping[str, str | bool]) -> dict[str, str]:
    """A map-file table's entries as a mapping: `false` becomes `DROPPED`."""
    return {word: DROPPED if mapped is False else str(mapped) for word, mapped in values.items()}


def vocabularies(
    tables: Callable[[str], Mapping[str, str | bool]], **defaults: Mapping[str, str]
) -> dict[str, Vocabulary]:
    """Each named default mapping with the map file's table of that name on top
    (`tables` is `MapFile.values`)."""
    return {
        name: Vocabulary(name, {**default, **words(tables(name))})
        for name, default in defaults.items()
    }
