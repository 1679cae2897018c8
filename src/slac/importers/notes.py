"""What an import run has to say besides its events: invalid records, skipped ones, unmapped words.

Three kinds, because they call for different answers:

- a *problem* is malformed input (a timestamp that does not parse, a record of the wrong
  shape): `FILE:LINE: reason`, exit 2 unless `--skip-invalid`;
- a *skip* is a record the export describes but does not describe fully enough to convert
  without inventing (a comment whose author's role is unknown, an event before its ticket was
  created): a warning naming the record, always skipped, exit 0;
- an *unmapped* value is a status, priority or role word the mapping does not name: reported
  once per value with the number of records it affects; what depended on it is not written.
"""

from __future__ import annotations

from collections import Counter

import attrs


@attrs.frozen
class Problem:
    """One malformed record: where (`FILE:LINE`, or `FILE: key[3]` in a JSON document) and why."""

    where: str
    reason: str

    def text(self) -> str:
        return f"{self.where}: {self.reason}"


@attrs.define
class Notes:
    """Collected while reading; only the command line prints them."""

    problems: list[Problem] = attrs.field(factory=list)
    warnings: list[Problem] = attrs.field(factory=list)
    skipped: Counter[str] = attrs.field(factory=Counter)
    unmapped: Counter[tuple[str, str]] = attrs.field(factory=Counter)
    remarks: Counter[str] = attrs.field(factory=Counter)
    """Facts worth a line that skip nothing (`ambiguous local time read as the earlier`)."""

    def invalid(self, where: str, reason: str) -> None:
        """A malformed record (exit 2 without `--skip-invalid`)."""
        self.problems.append(Problem(where, reason))
        self.skipped["invalid"] += 1

    def skip(self, where: str, reason: str, summary: str) -> None:
        """A record skipped because the export does not say enough; warned by name."""
        self.warnings.append(Problem(where, reason))
        self.skipped[summary] += 1

    def count(self, summary: str, lines: int = 1) -> None:
        """Records skipped for a reason reported once (per ticket or per value) elsewhere."""
        self.skipped[summary] += lines

    def not_mapped(self, what: str, value: str) -> None:
        """A `what` (status, priority, role, ...) word outside the mapping; the caller skips
        what depended on it (a status event; a `created` keeps going without the priority)."""
        self.unmapped[(what, value)] += 1

    def unmapped_lines(self) -> list[str]:
        """One line per unmapped value, most frequent first, with the fix."""
        return [
            f"{what} `{value}` is not mapped ({count:,} record{'s' if count > 1 else ''}; "
            f"map it under [{what}.values] in the map file)"
            for (what, value), count in sorted(
                self.unmapped.items(), key=lambda item: (-item[1], item[0])
            )
        ]

    def summary(self) -> str:
        """`N skipped: reason (count), ...`, or an empty string when nothing was skipped."""
        total = sum(self.skipped.values())
        if not total:
            return ""
        parts = ", ".join(
            f"{reason} ({count:,})"
            for reason, count in sorted(self.skipped.items(), key=lambda i: (-i[1], i[0]))
        )
        return f"{total:,} skipped: {parts}"
