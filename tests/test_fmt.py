"""`slac fmt`: golden files (tests/fmt/NAME.in.sla -> NAME.out.sla, OPA-style), the shipped
policies kept formatted, comments kept byte for byte, meaning kept (the compiled policy is equal
before and after), idempotence, and whitespace-scrambled policies formatting back to the same
text and randomly edited ones keeping their syntax tree and comments (hypothesis). The command:
--check, --diff, rewriting, and a syntax error writing nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import slac
from slac.cli import main
from slac.fmt import format_source, format_text
from slac.source import Source
from slac.syntax import parse_source

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = sorted((Path(__file__).parent / "fmt").glob("*.in.sla"))
SHIPPED = sorted((ROOT / "policies").glob("*.sla"))
# A string, or a run of anything but spaces and quotes: the words whose spacing may change.
WORD = re.compile(r'"(?:[^"\\\n]|\\.)*"|[^\s"]+')


def comments(text: str) -> list[str]:
    module, problems = parse_source(Source("<test>", text))
    assert module is not None, problems
    return [c.text for c in module.comments]


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name.removesuffix(".in.sla"))
def test_golden(path):
    text = path.read_text()
    expected = path.with_name(path.name.replace(".in.sla", ".out.sla")).read_text()
    assert format_text(text) == expected
    assert format_text(expected) == expected
    assert slac.loads(expected) == slac.loads(text)
    assert comments(expected) == comments(text)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_policies_are_formatted(path):
    text = path.read_text()
    assert format_text(text) == text


def test_compiled_equality_has_teeth():
    """The meaning checks compare compiled policies; a changed target must compare unequal."""
    text = (ROOT / "policies" / "learnamp.sla").read_text()
    changed = text.replace("P2        2h              2h", "P2        3h              2h")
    assert changed != text
    assert slac.loads(changed) != slac.loads(text)


def scramble(text: str, draw) -> str:
    """`text` with every line's indentation and every space between words redrawn (strings and
    comments untouched, line breaks kept)."""
    module, _ = parse_source(Source("<test>", text))
    assert module is not None
    comment_at = {c.span.line: c.span.column for c in module.comments}
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        column = comment_at.get(number)
        code, comment = (line, "") if column is None else (line[: column - 1], line[column - 1 :])
        tokens = WORD.findall(code)
        gaps = [draw(st.sampled_from([" ", "  ", "\t", " \t ", "     "])) for _ in tokens]
        indent = draw(st.sampled_from(["", " ", "   ", "\t", "        ", "\t  "]))
        new = indent + "".join(t + g for t, g in zip(tokens, gaps, strict=True))
        if not comment:
            new = new.rstrip() if draw(st.booleans()) else new
        elif not tokens:
            new = indent + comment
        else:
            new += comment
        out.append(new)
    return "\n".join(out)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(SHIPPED), data=st.data())
def test_a_scrambled_policy_formats_back_to_the_same_text(path, data):
    text = path.read_text()
    scrambled = scramble(text, data.draw)
    assert format_text(scrambled) == text
    assert comments(scrambled) == comments(text)
    assert slac.loads(scrambled) == slac.loads(text)


def _parsable(paths: list[Path]) -> list[Path]:
    return [
        p
        for p in paths
        if parse_source(Source(str(p), p.read_bytes().decode("utf-8", errors="replace")))[0]
    ]


PARSABLE = _parsable(sorted((ROOT / "tests" / "fixtures" / "check").rglob("*.sla")))


@pytest.mark.parametrize("path", PARSABLE, ids=lambda p: p.stem)
def test_every_check_fixture_keeps_its_tree_and_comments(path):
    """The check fixtures are small policies with every kind of statement, most with semantic
    errors (so no compiled policy to compare): the syntax tree must be the same after."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    module, _ = parse_source(Source(str(path), text))
    assert module is not None
    formatted = format_text(text)
    after, _ = parse_source(Source(str(path), formatted))
    assert after is not None
    assert after.policy == module.policy
    assert [c.text for c in after.comments] == [c.text for c in module.comments]
    assert format_text(formatted) == formatted


def _edit(lines: list[str], data) -> list[str]:
    """One line deleted, duplicated, swapped with another, joined to the next with `;`, or a blank
    line inserted: comments land in odd places (between table rows, after `;`, at block ends)."""
    lines = list(lines)
    i = data.draw(st.integers(0, len(lines) - 1))
    j = data.draw(st.integers(0, len(lines) - 1))
    kind = data.draw(st.sampled_from(["delete", "duplicate", "swap", "join", "blank"]))
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "join" and i + 1 < len(lines) and "#" not in lines[i]:
        lines[i : i + 2] = [lines[i] + "; " + lines[i + 1].strip()]
    else:
        lines.insert(i, "")
    return lines


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(SHIPPED), data=st.data())
def test_an_edited_policy_keeps_its_tree_and_comments(path, data):
    lines = path.read_text().split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        lines = _edit(lines, data)
    text = "\n".join(lines)
    module, _ = parse_source(Source("<edited>", text))
    if module is None:
        return  # the edit broke the syntax: nothing to format
    formatted = format_text(text)
    after, _ = parse_source(Source("<formatted>", formatted))
    assert after is not None
    assert after.policy == module.policy
    assert [c.text for c in after.comments] == [c.text for c in module.comments]
    assert format_text(formatted) == formatted


def test_a_syntax_error_is_not_formatted():
    formatted, problems = format_source(Source("bad.sla", 'policy x "y" {\n  timezone\n}\n'))
    assert formatted is None
    assert [(d.code, d.span.line) for d in problems] == [("E003", 2)]


# --- the command --------------------------------------------------------------------------------

MESSY = 'policy x "X" {\n    timezone   "Europe/London"\n  priorities P1\n}\n'
TIDY = 'policy x "X" {\n  timezone "Europe/London"\n  priorities P1\n}\n'


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def files(tmp_path):
    (tmp_path / "messy.sla").write_text(MESSY)
    (tmp_path / "tidy.sla").write_text(TIDY)
    return tmp_path


def test_check_lists_what_would_change_and_writes_nothing(capsys, files):
    status, out, err = run(capsys, "fmt", "--check", str(files))
    assert (status, out) == (1, f"would reformat {files / 'messy.sla'}\n")
    assert err == "1 file would be reformatted, 1 file already formatted\n"
    assert (files / "messy.sla").read_text() == MESSY


def test_diff_prints_the_change_and_writes_nothing(capsys, files):
    status, out, _ = run(capsys, "fmt", "--diff", str(files / "messy.sla"))
    assert status == 1
    assert '-    timezone   "Europe/London"\n+  timezone "Europe/London"\n' in out
    assert (files / "messy.sla").read_text() == MESSY


def test_without_options_the_files_are_rewritten(capsys, files):
    status, _, err = run(capsys, "fmt", str(files))
    assert (status, err) == (0, "1 file reformatted, 1 file left unchanged\n")
    assert (files / "messy.sla").read_text() == TIDY
    assert run(capsys, "fmt", "--check", str(files))[0] == 0


def test_a_syntax_error_anywhere_writes_nothing_and_is_exit_2(capsys, files):
    (files / "broken.sla").write_text('policy x "y" {\n  timezone\n}\n')
    status, out, err = run(capsys, "fmt", str(files))
    assert (status, out) == (2, "")
    assert f"{files / 'broken.sla'}:2:11: error[E003]" in err
    assert err.endswith("slac: nothing written\n")
    assert (files / "messy.sla").read_text() == MESSY


def test_a_missing_path_is_exit_2(capsys, tmp_path):
    status, _, err = run(capsys, "fmt", str(tmp_path / "none.sla"))
    assert status == 2
    assert "no such file or directory" in err
