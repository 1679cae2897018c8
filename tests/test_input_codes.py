"""One fixture per input-data code: `tests/fixtures/inputs/<CODE>_<slug>.<events|outages>.jsonl`.

A line the reader must report carries its expectation inside itself, since a JSON line has no
comments: an `"expect": "E721"` key (the readers ignore keys they do not know) or, on a line
that is not a JSON object, the text `expect: E701`. Reading the fixture must report exactly
those (line, code) pairs. Events are read against `policies/impero.sla`, outages against
`policies/elb.sla`. The meta-tests tie the fixtures to `slac.codes.INPUT_CODES` both ways, and
the rendered problems are snapshots: what a person reads on stderr.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from slac.codes import ALL_CODES, CODES, INPUT_CODES, explain
from slac.inputs.outages import read_outages
from slac.inputs.reader import read_events
from slac.loader import load
from slac.render import render_data_lines, render_json

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
EXPECT = re.compile(r"expect\W*([EW]7\d\d)")
FIXTURE_NAME = re.compile(r"^([EW]7\d\d)_[a-z0-9_]+\.(events|outages)\.jsonl$")
POLICY = {"events": "policies/impero.sla", "outages": "policies/elb.sla"}


def fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("*.jsonl"))


def expected_pairs(path: Path) -> set[tuple[int, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {(n, m.group(1)) for n, line in enumerate(lines, 1) if (m := EXPECT.search(line))}


def read_fixture(path: Path):
    match = FIXTURE_NAME.match(path.name)
    assert match, f"{path.name}: name it <CODE>_<slug>.events.jsonl or .outages.jsonl"
    kind = match.group(2)
    reader = read_events if kind == "events" else read_outages
    lines = enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
    _, problems = reader(lines, load(str(ROOT / POLICY[kind])), path.name)
    return problems


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda p: p.name.split(".")[0])
def test_fixture_reports_exactly_its_expectations(fixture):
    reported = {(d.span.line, d.code) for d in read_fixture(fixture)}
    assert reported == expected_pairs(fixture)


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda p: p.name.split(".")[0])
def test_fixture_renders_as_people_and_tools_read_it(fixture, snapshot):
    problems = read_fixture(fixture)
    assert render_data_lines(problems) + render_json(problems) == snapshot


def test_every_input_code_has_a_fixture_named_after_it():
    named = {m.group(1) for f in fixtures() if (m := FIXTURE_NAME.match(f.name))}
    assert sorted(set(INPUT_CODES) - named) == []
    for fixture in fixtures():
        code = FIXTURE_NAME.match(fixture.name).group(1)
        assert code in {c for _, c in expected_pairs(fixture)}, fixture.name


def test_every_expected_code_exists():
    expected = {code for f in fixtures() for _, code in expected_pairs(f)}
    assert sorted(expected - set(INPUT_CODES)) == []


def test_input_codes_are_in_their_own_range_with_the_severity_of_their_letter():
    assert not set(INPUT_CODES) & set(CODES)
    assert all(re.fullmatch(r"[EW]7\d\d", code) for code in INPUT_CODES)
    for fixture in fixtures():
        severity = {"E": "error", "W": "warning"}[fixture.name[0]]
        assert {d.severity for d in read_fixture(fixture)} == {severity}, fixture.name


@pytest.mark.parametrize("code", sorted(INPUT_CODES))
def test_every_input_code_is_explained(code):
    title, explanation = INPUT_CODES[code]
    assert title[0].islower() or title[0] == "`", code
    assert len(explanation) > 40, code
    assert ALL_CODES[code] == INPUT_CODES[code]
    assert explain(code.lower()).startswith(f"{code}: {title}\n\n")
