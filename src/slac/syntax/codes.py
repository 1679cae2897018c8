"""The syntax diagnostic codes E001-E099: a title and an explanation (what it means, how to fix it).

`slac.codes` merges these with the semantic codes; `slac explain E004` prints one. A code is never
reused: a retired code stays here, marked so. `slac.syntax.errors` decides which code a Lark
error becomes.
"""

from __future__ import annotations

SYNTAX_CODES: dict[str, tuple[str, str]] = {
    "E001": (
        "unexpected character",
        "The file contains a character that is not part of the language here, such as `@`, `$` "
        "or a typographic quote. Names are letters, digits and `_`; strings use straight double "
        'quotes (`"..."`); comments start with `#`. Remove or replace the character.',
    ),
    "E002": (
        "unterminated string",
        'A string opened with `"` has no closing `"` on the same line; strings never span lines. '
        'Add the closing quote, and write a quote inside a string as `\\"`.',
    ),
    "E003": (
        "unexpected token",
        "The parser found a word, number or symbol where the statement it is reading cannot "
        "continue with it. The message says what was expected instead (for example a duration "
        "such as `2h`, a name, or `}`). Compare the statement with its form in the language "
        "reference (docs/language.md).",
    ),
    "E004": (
        "unclosed block",
        "A block opened with `{` (a policy, calendar, metric, targets table, ...) is not closed "
        "before the file ends or before a statement that belongs outside it, such as `metric` "
        "inside a calendar. The diagnostic points at the `{` that is still open: add the missing "
        "`}` where the block should end.",
    ),
    "E005": (
        "unknown statement",
        "A line inside a block does not start with a statement this block accepts; often a "
        "misspelt keyword (`timezon`) or a statement in the wrong block (`zone` belongs in a "
        "`calendar`, `service` in `availability`). The help line suggests the closest keyword; "
        "docs/language.md lists the statements of each block.",
    ),
    "E006": (
        "unexpected text at the end of a statement",
        "A statement is complete but more text follows on the same line, often two statements "
        "on one line or a missing `,` in a list (`holidays US DK`). Put each statement on its "
        "own line or separate them with `;`, and separate list items with `,`.",
    ),
    "E007": (
        "duration written in words",
        "Durations are written with unit letters and no space: `30m`, `2h`, `1h30m`, `45s`. "
        "Days are business days and take words: `2 business days`, `1 working day`, or "
        "`24 business hours`. Write `2h` rather than `2 hours` or `2hrs`, and "
        "`3 business days` rather than `3d`.",
    ),
    "E008": (
        "text after the end of the policy",
        "A file holds exactly one `policy NAME \"title\" { ... }` block and nothing after its "
        "closing `}` but comments. Either a second policy follows (put it in its own file) or an "
        "extra `}` above closed the policy early (remove it).",
    ),
    "E009": (
        "missing policy block",
        'A `.sla` file must start (after comments) with `policy NAME "title" {` and hold its '
        "statements inside that block. Wrap the statements in a policy block.",
    ),
    "E010": (
        "time of day without a colon",
        "Opening hours are written as 24-hour times with a colon: `mon-fri 09:00-17:30`; "
        "`24:00` closes at midnight and a window closing before it opens crosses midnight "
        "(`08:00-01:00`). Write `09:00` rather than `9am`, `0900` or `9`.",
    ),
    "E011": (
        "percentage without `%`",
        "Objectives, service levels and credits are percentages and carry the sign: "
        "`service platform 99.9%`, `credit 10% below 99.9%`, `objective resolution 95% monthly`.",
    ),
    "E012": (
        "`=` in a condition",
        "Conditions compare with `==` and `!=` (`when type == incident`); a single `=` only "
        "gives a field its default in a `field` declaration. Write `==`.",
    ),
    "E013": (
        "file is not UTF-8 text",
        "A `.sla` file is read as UTF-8 (a byte-order mark is allowed). The diagnostic names the "
        "line of the first byte that is not valid UTF-8; save the file as UTF-8 in your editor.",
    ),
}
