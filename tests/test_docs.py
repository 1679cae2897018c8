"""The repository's documentation stands alone and stays in step with the code.

- The grammar appendix of `docs/language.md` is what `docs/grammar_reference.py` writes today.
- README, `docs/` and `src/` cite nothing outside the repository (no `../shared`).
- Every relative link in `README.md` and `docs/*.md` reaches a file that exists, and a link
  to a heading of a Markdown file reaches a heading that exists.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
MARKDOWN = [ROOT / "README.md", *DOCS]


def _grammar_reference():
    spec = importlib.util.spec_from_file_location(
        "grammar_reference", ROOT / "docs/grammar_reference.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_grammar_appendix_is_current():
    reference = _grammar_reference()
    current = (ROOT / "docs/language.md").read_text(encoding="utf-8")
    assert reference.BEGIN in current, (
        f"docs/language.md has no appendix: run `{reference.COMMAND}`"
    )
    wanted = reference.replace_appendix(current, reference.appendix())
    assert wanted == current, (
        f"the grammar appendix of docs/language.md is stale: run `{reference.COMMAND}`"
    )


def test_grammar_appendix_lists_every_rule_and_the_unique_statements():
    # Held by hand against grammar/slac.lark and slac.check.names: a rule the loader dropped,
    # or a block the check forgot, would make the appendix lie quietly.
    text = _grammar_reference().appendix()
    grammar = (ROOT / "grammar/slac.lark").read_text(encoding="utf-8")
    rules = re.findall(r"^[?!]?([a-z_][a-z0-9_]*)\s*:", grammar, flags=re.MULTILINE)
    assert len(rules) == 101
    for rule in rules:
        assert re.search(rf"^{rule} +::= ", text, flags=re.MULTILINE), rule
    assert "| `code fix` | `relevant by` |" in text
    assert "| `calendar` | `zone`, `union`, `day length`, `always open` |" in text
    assert "| `budget` | `amount`, `renews every`, `excluded tickets use no budget` |" in text
    assert 'release_target ::= "next" "relevant"? NAME? "release"' in text


def _text_files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".py", ".md", ".lark", ".sla", ".txt") and ".egg-info" not in str(path):
            yield path


@pytest.mark.parametrize(
    "path",
    [ROOT / "README.md", *_text_files(ROOT / "docs"), *_text_files(ROOT / "src")],
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_cites_nothing_outside_the_repository(path):
    text = path.read_text(encoding="utf-8")
    for outside in ("../shared", "/work/shared"):
        assert outside not in text, (
            f"{path.relative_to(ROOT)} cites `{outside}`: cite docs/ instead"
        )


_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^```.*?^```", flags=re.MULTILINE | re.DOTALL)


def _links(path: Path) -> list[str]:
    text = _FENCE.sub("", path.read_text(encoding="utf-8"))
    return [
        target
        for target in _LINK.findall(text)
        if not re.match(r"[a-z]+:", target)  # http:, https:, mailto:
    ]


def _anchors(path: Path) -> set[str]:
    """GitHub's anchors of a Markdown file's headings: lower case, punctuation dropped, spaces
    to hyphens, a repeated heading numbered."""
    anchors: set[str] = set()
    for heading in re.findall(
        r"^#+ (.*)$", _FENCE.sub("", path.read_text(encoding="utf-8")), re.MULTILINE
    ):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        candidate, number = slug, 0
        while candidate in anchors:
            number += 1
            candidate = f"{slug}-{number}"
        anchors.add(candidate)
    return anchors


def _reaches(linked: Path, anchor: str) -> bool:
    if not linked.exists():
        return False
    return not anchor or linked.suffix != ".md" or anchor in _anchors(linked)


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda path: str(path.relative_to(ROOT)))
def test_relative_links_reach_files_and_headings(path):
    broken = []
    for target in _links(path):
        file_part, _hash, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not _reaches(linked, anchor):
            broken.append(target)
    assert not broken, f"{path.relative_to(ROOT)}: links to nothing: {broken}"


def test_anchor_rule_matches_github(tmp_path):
    # The anchors GitHub gives these headings, worked out by hand from its rule.
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n## Breach instant and `due`\n## Availability: merging, splitting\n"
        "## Re-prioritisation\n## Notes\n## Notes\n```\n# not a heading\n```\n",
        encoding="utf-8",
    )
    assert _anchors(page) == {
        "title",
        "breach-instant-and-due",
        "availability-merging-splitting",
        "re-prioritisation",
        "notes",
        "notes-1",
    }
