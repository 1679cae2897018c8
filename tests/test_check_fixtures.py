"""One fixture per diagnostic code: `tests/fixtures/check/<CODE>_<slug>.sla`.

Each offending line ends with `# expect: CODE [CODE...]`; checking the fixture must report
exactly those (line, code) pairs, no more and no fewer. A fixture that is a folder holds several
files checked together (for problems across files, such as a duplicate policy name); its expect
comments are matched per file. The meta-tests tie the fixtures to `slac.codes` both ways.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from slac.check import check_sources
from slac.codes import CODES
from slac.loader import read_source

FIXTURES = Path(__file__).parent / "fixtures" / "check"
EXPECT = re.compile(r"#\s*expect:\s*((?:[EW]\d{3}\s*)+)$")
FIXTURE_NAME = re.compile(r"^([EW]\d{3})_[a-z0-9_]+(\.sla)?$")


def fixtures() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.suffix == ".sla" or p.is_dir())


def fixture_files(fixture: Path) -> list[Path]:
    return sorted(fixture.glob("*.sla")) if fixture.is_dir() else [fixture]


def expected_pairs(path: Path) -> set[tuple[str, int, str]]:
    pairs = set()
    text = path.read_bytes().decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            pairs.update((str(path), number, code) for code in match.group(1).split())
    return pairs


def check_fixture(fixture: Path):
    """Read as `slac check` reads (a file that is not UTF-8 is itself a diagnostic)."""
    read = [read_source(str(p)) for p in fixture_files(fixture)]
    problems = [problem for _, problem in read if problem is not None]
    return problems + check_sources(tuple(source for source, problem in read if problem is None))


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda p: p.stem)
def test_fixture_reports_exactly_its_expectations(fixture):
    expected = set().union(*(expected_pairs(p) for p in fixture_files(fixture)))
    reported = {(d.path, d.span.line, d.code) for d in check_fixture(fixture)}
    assert reported == expected


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda p: p.stem)
def test_fixture_is_named_after_a_code_it_expects(fixture):
    match = FIXTURE_NAME.match(fixture.name)
    assert match, f"{fixture.name}: name it <CODE>_<slug>.sla"
    expected_codes = {code for p in fixture_files(fixture) for _, _, code in expected_pairs(p)}
    assert match.group(1) in expected_codes


def test_every_code_has_a_fixture():
    covered = {
        FIXTURE_NAME.match(f.name).group(1) for f in fixtures() if FIXTURE_NAME.match(f.name)
    }
    assert sorted(set(CODES) - covered) == []


def test_every_expected_code_exists():
    expected = {
        code for f in fixtures() for p in fixture_files(f) for _, _, code in expected_pairs(p)
    }
    assert sorted(expected - set(CODES)) == []


def test_code_severity_matches_its_letter():
    for fixture in fixtures():
        for d in check_fixture(fixture):
            assert d.severity == ("error" if d.code.startswith("E") else "warning"), d


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_is_explained(code):
    title, explanation = CODES[code]
    assert (title and title[0].islower()) or title[0] == "`", code
    assert len(explanation) > 40, code
