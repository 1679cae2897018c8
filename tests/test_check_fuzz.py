"""Random edits of the shipped policies never crash the checker, and never get past it into a
compiler crash.

Hypothesis deletes, duplicates and swaps lines, replaces a token with another token from the same
file, and inserts random characters. Whatever comes out, `check_source` returns diagnostics with
known codes and positions inside the file, and `loads` either compiles the text or raises
`PolicyError`: the checks guarantee what the compiler assumes. Bounded to stay well under 20 s.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slac.codes import CODES
from slac.diagnostics import Diagnostic
from slac.loader import PolicyError, check_source, loads
from slac.source import Source

POLICIES = {
    p.name: p.read_text(encoding="utf-8")
    for p in sorted(Path(__file__).parent.parent.glob("policies/*.sla"))
}
TOKEN = re.compile(r'"[^"\n]*"|[A-Za-z_][A-Za-z0-9_/-]*|\d+(?:\.\d+)?%?|\S')


def _delete(lines, data):
    index = data.draw(st.integers(0, len(lines) - 1))
    return lines[:index] + lines[index + 1 :]


def _duplicate(lines, data):
    index = data.draw(st.integers(0, len(lines) - 1))
    return [*lines[: index + 1], lines[index], *lines[index + 1 :]]


def _swap(lines, data):
    a, b = data.draw(st.integers(0, len(lines) - 1)), data.draw(st.integers(0, len(lines) - 1))
    lines = list(lines)
    lines[a], lines[b] = lines[b], lines[a]
    return lines


def _replace_token(lines, data):
    text = "\n".join(lines)
    tokens = list(TOKEN.finditer(text))
    target = data.draw(st.sampled_from(tokens))
    other = data.draw(st.sampled_from(tokens)).group()
    return (text[: target.start()] + other + text[target.end() :]).split("\n")


def _insert_characters(lines, data):
    text = "\n".join(lines)
    at = data.draw(st.integers(0, len(text)))
    junk = data.draw(
        st.text(
            alphabet=st.sampled_from([*list('{}()",:;#=|%-/x19 \n\t\\'), "é", "\xa0"]), max_size=4
        )
    )
    return (text[:at] + junk + text[at:]).split("\n")


EDITS = (_delete, _duplicate, _swap, _replace_token, _insert_characters)


def edited(data) -> tuple[str, str]:
    name = data.draw(st.sampled_from(sorted(POLICIES)), label="policy")
    lines = POLICIES[name].split("\n")
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        lines = data.draw(st.sampled_from(EDITS), label="edit")(lines, data) or [""]
    return name, "\n".join(lines)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_edits_give_diagnostics_never_exceptions(data):
    name, text = edited(data)
    source = Source(name, text)
    diagnostics = check_source(source)
    line_count = text.count("\n") + 1
    for d in diagnostics:
        assert isinstance(d, Diagnostic)
        assert d.code in CODES, d
        assert 1 <= d.span.line <= line_count + 1, d
        assert d.severity == ("error" if d.code.startswith("E") else "warning"), d
    try:
        loads(text, path=name)
    except PolicyError as error:
        assert any(d.severity == "error" for d in error.diagnostics)
    else:
        assert not any(d.severity == "error" for d in diagnostics)


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_shipped_policies_are_clean(name):
    assert check_source(Source(name, POLICIES[name])) == []
