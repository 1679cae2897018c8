"""Policy tests (`.slatest`) and `slac test` (docs/language.md "Testing a policy").

The shipped agreements' hand-worked timelines live beside them in `policies/*.slatest`; pytest
runs them through the command line, so CI keeps proving the agreements, and counts them so none
silently vanishes. One fixture per T-code under `tests/fixtures/test/`, each offending line
marked `# expect: CODE`, tied to `slac.codes` both ways.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from slac.cli import main
from slac.codes import TEST_CODES, explain
from slac.testing import policy_cache, run_file

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "test"
FIXTURE_POLICY = FIXTURES / "policy.sla"
EXPECT = re.compile(rb"#\s*expect:\s*((?:T\d{3}\s*)+)$")
FIXTURE_NAME = re.compile(r"^(T\d{3})_[a-z0-9_]+\.slatest$")

# Tests per shipped file: the 89 timelines moved from tests/policies/*.py, the availability
# months moved from tests/policies/test_examples.py (one test per policy with outages) and a
# report test, and the tests the mutation run asked for (bench/mutation.md). A change here is a
# test added or removed on purpose.
SHIPPED = {
    "clicklearn.slatest": 18,
    "elb.slatest": 19,
    "impero.slatest": 33,
    "learnamp.slatest": 21,
    "totara.slatest": 20,
}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# --- the shipped agreements ---------------------------------------------------------------------


def test_every_shipped_policy_test_passes(capsys):
    status, out, err = run(capsys, "test", str(ROOT / "policies"), "--format", "json")
    result = json.loads(out)
    failing = [t for t in result["tests"] if not t["passed"]]
    assert (status, err, result["diagnostics"], failing) == (0, "", [], [])
    per_file: dict[str, int] = {}
    for test in result["tests"]:
        name = Path(test["path"]).name
        per_file[name] = per_file.get(name, 0) + 1
    assert per_file == SHIPPED
    assert result["passed"] == sum(SHIPPED.values()) == 111


def test_every_shipped_policy_has_its_tests():
    policies = {p.stem for p in (ROOT / "policies").glob("*.sla")}
    assert {Path(name).stem for name in SHIPPED} == policies


# --- one fixture per code ---------------------------------------------------------------------


def fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("T*.slatest"))


def expected_pairs(path: Path) -> set[tuple[int, str]]:
    pairs = set()
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            pairs.update((number, code) for code in match.group(1).decode().split())
    return pairs


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda p: p.stem)
def test_fixture_reports_exactly_its_expectations(fixture):
    outcome = run_file(str(fixture), policy_cache())
    reported = {(d.span.line, d.code) for d in outcome.diagnostics}
    assert reported == expected_pairs(fixture)


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda p: p.stem)
def test_fixture_is_named_after_a_code_it_expects(fixture):
    match = FIXTURE_NAME.match(fixture.name)
    assert match, f"{fixture.name}: name it <CODE>_<slug>.slatest"
    assert match.group(1) in {code for _, code in expected_pairs(fixture)}


def test_fixture_diagnostics_as_people_read_them(snapshot, monkeypatch):
    """Every fixture's diagnostics rendered as `slac test` prints them into a pipe (reviewed)."""
    from slac.render import render_diagnostics

    monkeypatch.chdir(ROOT)  # paths as typed from the repository root

    load = policy_cache()
    rendered = []
    for fixture in fixtures():
        outcome = run_file(str(fixture.relative_to(ROOT)), load)
        sources = {outcome.path: outcome.source} if outcome.source else {}
        rendered.append(render_diagnostics(outcome.diagnostics, sources, terminal=False))
    assert "".join(rendered) == snapshot


def test_every_test_code_has_a_fixture_and_every_fixture_code_exists():
    test_codes = set(TEST_CODES)
    covered = {FIXTURE_NAME.match(f.name).group(1) for f in fixtures()}
    expected = {code for f in fixtures() for _, code in expected_pairs(f)}
    assert test_codes == covered
    assert expected <= test_codes


# --- the command line -------------------------------------------------------------------------

# Fixture policy: London office Mon-Fri 09:00-17:00, P1 first response 1h. Created Mon 2 Mar
# 09:00 GMT, judged at 09:30Z: running, 1800 s counted, due 10:00Z.
FAILING = """\
policy "{policy}"

test half-an-hour-in {{
  events {{
    2026-03-02 09:00  T-1 created P1
  }}
  at 2026-03-02T09:30:00Z
  expect T-1 first_response  state running
    elapsed_seconds 1700
    due 2026-03-02 10:00
  expect T-1 priority P2
}}

test answered {{
  events {{
    2026-03-02 09:00  T-2 created P1
    2026-03-02 09:20  T-2 comment by agent
  }}
  at 2026-03-02T09:30:00Z
  expect T-2 first_response state met  stopped_at 2026-03-02T09:20:00Z
}}
"""


@pytest.fixture
def failing(tmp_path):
    path = tmp_path / "office.slatest"
    path.write_text(FAILING.format(policy=FIXTURE_POLICY))
    return path


def test_a_failure_names_the_line_what_was_expected_and_what_came(capsys, failing):
    # Without the traces under the failures (tests/test_policy_tests_trace.py shows them).
    status, out, err = run(capsys, "test", str(failing), "--format", "text", "--no-trace")
    assert status == 1
    assert err == ""
    assert out == (
        f"{failing}:9: half-an-hour-in: T-1 first_response elapsed_seconds: "
        "expected 1700, got 1800\n"
        f"{failing}:11: half-an-hour-in: T-1 priority: expected P2, got P1\n"
        "1 passed, 1 failed\n"
    )


def test_json_lists_every_test_and_its_failures(capsys, failing):
    status, out, _ = run(capsys, "test", str(failing), "--format", "json")
    result = json.loads(out)
    assert status == 1
    assert (result["passed"], result["failed"], result["diagnostics"]) == (1, 1, [])
    first, second = result["tests"]
    assert (first["name"], first["line"], first["passed"]) == ("half-an-hour-in", 3, False)
    assert first["failures"][0] == {
        "line": 9,
        "column": 5,
        "subject": "T-1 first_response",
        "key": "elapsed_seconds",
        "expected": "1700",
        "got": "1800",
    }
    assert (second["name"], second["passed"], second["failures"]) == ("answered", True, [])


def test_a_folder_means_every_slatest_file_below_it(capsys, tmp_path, failing):
    status, out, _ = run(capsys, "test", str(tmp_path), "--format", "text")
    assert (status, out.splitlines()[-1]) == (1, "1 passed, 1 failed")


@pytest.mark.parametrize(
    "argument, message",
    [
        ("missing.slatest", "missing.slatest: no such file or directory"),
        (".", ".: no .slatest file found"),
    ],
)
def test_usage_problems_are_exit_2(capsys, tmp_path, monkeypatch, argument, message):
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, "test", argument, "--format", "text")
    assert (status, out, err) == (2, "0 passed, 0 failed\n", f"slac: {message}\n")


def test_a_broken_test_file_is_a_diagnostic_and_exit_2(capsys):
    fixture = FIXTURES / "T102_unexpected_text.slatest"
    status, out, _ = run(capsys, "test", str(fixture), "--format", "text")
    assert status == 2
    assert f"{fixture}:6:5: error[T102]: expected `}}`" in out
    assert out.endswith("0 passed, 0 failed, 1 test file with errors\n")


@pytest.mark.parametrize("code", sorted(TEST_CODES))
def test_every_test_code_is_explained(code):
    title, explanation = TEST_CODES[code]
    assert title[0].islower() or title[0] == "`"
    assert len(explanation) > 40
    assert explain(code) is not None


def test_explain_knows_the_test_codes(capsys):
    status, out, _ = run(capsys, "explain", "t209")
    assert status == 0
    assert out.startswith("T209: missing or repeated `at`\n")


# --- instants ---------------------------------------------------------------------------------

CLOCKS = """\
policy "{policy}"

test {name} {{
  events {{
    {created}  T-1 created P1
  }}
  at 2026-10-26T12:00:00Z
  expect T-1 first_response state breached
}}
"""


@pytest.mark.parametrize(
    "created, codes",
    [
        ("2026-10-25 01:30", {"T203"}),  # London passes 01:00-02:00 twice on Sun 25 Oct
        ("2026-10-25T01:30:00+01:00", set()),  # the first one, named by its offset
        ("2026-10-25T01:30+00:00", set()),
        ("2026-10-25 02:30", set()),  # after the change: once
    ],
)
def test_a_local_time_the_clocks_pass_twice_needs_its_offset(tmp_path, created, codes):
    path = tmp_path / "clocks.slatest"
    path.write_text(CLOCKS.format(policy=FIXTURE_POLICY, name="fall-back", created=created))
    outcome = run_file(str(path), policy_cache())
    assert {d.code for d in outcome.diagnostics} == codes
    if not codes:
        # Created on a Sunday: Mon 26 Oct 09:00-12:00 GMT counted, 1h passed at 10:00.
        assert [r.passed for r in outcome.results] == [True]
