"""Mutation run: are the policy tests (`policies/*.slatest`) strong enough to notice a change?

Each mutant is one small edit of one shipped policy, the kinds issue 12 names: one target cell
changed (its number up by one, or a target replaced by `none`, or `none` by `1h`), one opening
time moved by an hour (a window opens later or closes earlier), one `pause when` line, one
`exclude` line or one `holidays` line removed; and two more: one priority-matrix cell set to
the next priority, one `day length` an hour longer. The policies and the example outage logs are
copied to a temporary folder, the mutant written over its policy there, and the policy's tests
run as `slac test` runs them. A mutant is caught when a test fails; one the checker rejects (it
no longer loads) is counted apart, neither caught nor missed.

    .venv/bin/python bench/mutate_policies.py            # summary table, then the missed mutants
    .venv/bin/python bench/mutate_policies.py --verbose  # every mutant

Figures: bench/mutation.md.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from slac.testing import policy_cache, run_file

ROOT = Path(__file__).resolve().parents[1]
WINDOW = re.compile(
    r"^(\s*[a-z]{3}(?:-[a-z]{3})?(?:,\s*[a-z]{3}(?:-[a-z]{3})?)*\s+)(\d{2}):(\d{2})-(\d{2}):(\d{2})"
)
CELL_NUMBER = re.compile(r"^(\d+)(.*)$")


def mutants(text: str) -> Iterator[tuple[str, int, str, str]]:
    """(kind, line number, description, mutated text) of every mutant of one policy."""
    lines = text.split("\n")
    yield from _target_cells(lines)
    yield from _matrix_cells(lines)
    for index, line in enumerate(lines):
        code = line.split("#", 1)[0]
        stripped = code.strip()
        window = WINDOW.match(code)
        if window:
            head, h1, m1, h2, m2 = window.groups()
            later = f"{head}{(int(h1) + 1) % 24:02d}:{m1}-{h2}:{m2}"
            earlier = f"{head}{h1}:{m1}-{(int(h2) - 1) % 24:02d}:{m2}"
            for what, new in (("opens an hour later", later), ("closes an hour earlier", earlier)):
                yield (
                    "opening time",
                    index + 1,
                    what,
                    _replace(lines, index, new + code[window.end() :]),
                )
        length = re.match(r"^(\s*day length )(\d+)h", code)
        if length:
            longer = f"{length.group(1)}{int(length.group(2)) + 1}h"
            yield (
                "day length",
                index + 1,
                f"`{stripped}` -> `{longer.strip()}`",
                _replace(lines, index, longer + code[length.end() :]),
            )
        for kind, word in (
            ("pause", "pause when"),
            ("exclusion", "exclude"),
            ("holidays", "holidays"),
        ):
            if stripped.startswith(word):
                yield kind, index + 1, f"`{stripped[:50]}` removed", _replace(lines, index, None)


def _rows(lines: list[str], opener: str) -> Iterator[tuple[int, str, list[str], list[str]]]:
    """(line index, indentation, cells, header) of every row of every table opened by a line
    starting with `opener` (targets, a priority matrix)."""
    inside, header, columns = False, True, [""]
    for index, line in enumerate(lines):
        code = line.split("#", 1)[0].rstrip()
        if code.strip().startswith(opener):
            inside, header = True, True
            continue
        if not inside or not code.strip():
            continue
        if code.strip() == "}":
            inside = False
            continue
        if header:
            columns, header = (
                ["", *code.split()] if opener.startswith("priority") else code.split(),
                False,
            )
            continue
        indent = code[: len(code) - len(code.lstrip())]
        yield index, indent, re.split(r"\s{2,}", code.strip()), columns


def _table_cells(
    lines: list[str], opener: str, kind: str, changes: Callable[[str], Iterator[tuple[str, str]]]
) -> Iterator[tuple[str, int, str, str]]:
    """A mutant per change `changes` offers for each cell of each table opened by `opener`."""
    for index, indent, cells, columns in _rows(lines, opener):
        for column in range(1, len(cells)):
            for what, new in changes(cells[column]):
                changed = [*cells[:column], new, *cells[column + 1 :]]
                text = _replace(lines, index, indent + "  ".join(changed))
                yield kind, index + 1, f"{cells[0]} / {columns[column]}: {what}", text


def _target_cells(lines: list[str]) -> Iterator[tuple[str, int, str, str]]:
    return _table_cells(lines, "targets {", "target cell", _cell_changes)


def _matrix_cells(lines: list[str]) -> Iterator[tuple[str, int, str, str]]:
    """Every cell of a priority matrix set to the next priority the policy lists."""
    declared = next(
        (ln.split("priorities", 1)[1] for ln in lines if ln.strip().startswith("priorities ")), ""
    )
    order = [p.strip() for p in declared.split("#", 1)[0].split(",")]

    def next_priority(cell: str) -> Iterator[tuple[str, str]]:
        new = order[(order.index(cell) + 1) % len(order)]
        yield f"`{cell}` -> `{new}`", new

    return _table_cells(lines, "priority from", "matrix cell", next_priority)


def _cell_changes(cell: str) -> Iterator[tuple[str, str]]:
    if cell == "none":
        yield "`none` -> `1h`", "1h"
        return
    match = CELL_NUMBER.match(cell)
    if match:
        number, rest = int(match.group(1)), match.group(2)
        if rest.endswith(" day"):
            rest += "s"
        yield f"`{cell}` -> `{number + 1}{rest}`", f"{number + 1}{rest}"
    yield f"`{cell}` -> `none`", "none"


def _replace(lines: list[str], index: int, new: str | None) -> str:
    changed = [*lines[:index], *([] if new is None else [new]), *lines[index + 1 :]]
    return "\n".join(changed)


def main(verbose: bool) -> int:
    results: list[tuple[str, str, int, str, str]] = []  # (policy, kind, line, what, outcome)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copytree(ROOT / "policies", work / "policies")
        shutil.copytree(ROOT / "examples", work / "examples")
        for policy in sorted((ROOT / "policies").glob("*.sla")):
            original = policy.read_text()
            target = work / "policies" / policy.name
            tests = str(target.with_suffix(".slatest"))
            baseline = run_file(tests, policy_cache())
            assert not baseline.diagnostics and all(r.passed for r in baseline.results), policy
            for kind, line, what, text in mutants(original):
                target.write_text(text)
                outcome = run_file(tests, policy_cache())
                if any(d.code == "T202" for d in outcome.diagnostics):
                    verdict = "rejected by the checker"
                elif outcome.diagnostics or any(not r.passed for r in outcome.results):
                    verdict = "caught"
                else:
                    verdict = "MISSED"
                results.append((policy.stem, kind, line, what, verdict))
            target.write_text(original)
    _print(results, verbose)
    return 0


def _print(results: list[tuple[str, str, int, str, str]], verbose: bool) -> None:
    kinds = sorted({r[1] for r in results})
    print("| mutation | mutants | caught | missed | rejected by the checker |")
    print("|---|---|---|---|---|")
    for kind in [*kinds, None]:
        rows = [r for r in results if kind is None or r[1] == kind]
        count = {
            v: sum(1 for r in rows if r[4] == v)
            for v in ("caught", "MISSED", "rejected by the checker")
        }
        name = kind if kind is not None else "**all**"
        print(
            f"| {name} | {len(rows)} | {count['caught']} | {count['MISSED']} | {count['rejected by the checker']} |"
        )
    print()
    for policy, kind, line, what, verdict in results:
        if verbose or verdict == "MISSED":
            print(f"{verdict:8} {policy}.sla:{line} {kind}: {what}")


if __name__ == "__main__":
    sys.exit(main("--verbose" in sys.argv))
