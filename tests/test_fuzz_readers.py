"""Random input never gets past the event, outage and policy readers as an exception.

Hypothesis builds lines from valid events and outages with one value replaced by any JSON value
(deeply nested ones, integers near Python's digit limit, strings with control characters and
lone surrogates), raw text, and truncations. Whatever comes in, `read_events` and
`read_outages` return values and coded problems (E7xx) whose message is one printable line on
a line that exists; policy text with the same junk spliced in either compiles or raises
`PolicyError` with known codes. CI runs a small fixed budget; `SLAC_FUZZ_EXAMPLES=100000`
runs a longer campaign (the numbers are in the hardening notes).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slac.codes import ALL_CODES, INPUT_CODES
from slac.diagnostics import Diagnostic
from slac.inputs.outages import read_outages
from slac.inputs.reader import read_events
from slac.loader import PolicyError, loads

ROOT = Path(__file__).parent.parent
POLICY_TEXT = (ROOT / "policies/impero.sla").read_text(encoding="utf-8")
POLICY = loads(POLICY_TEXT)
EXAMPLES = int(os.environ.get("SLAC_FUZZ_EXAMPLES", "0"))


def _budget(ci: int) -> settings:
    return settings(
        max_examples=EXAMPLES or ci,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )


VALID_EVENTS = [
    {
        "at": "2026-03-02T09:00:00Z",
        "event": "created",
        "ticket": "T-1",
        "priority": "P2",
        "fields": {"type": "incident"},
    },
    {"at": "2026-03-02T09:30:00+01:00", "event": "comment", "ticket": "T-1", "author": "agent"},
    {"at": "2026-03-02T10:00:00Z", "event": "status", "ticket": "T-1", "status": "resolved"},
    {"at": "2026-03-02T10:00:00Z", "event": "priority", "ticket": "T-1", "priority": "P1"},
    {"at": "2026-03-02T10:00:00Z", "event": "fields", "ticket": "T-1", "fields": {"a": 1}},
    {
        "at": "2026-03-03T10:00:00Z",
        "event": "release",
        "release": "r1",
        "kind": "planned",
        "fixes": ["T-1"],
    },
]
VALID_OUTAGES = [
    {
        "service": "platform",
        "start": "2026-03-02T09:00:00Z",
        "end": "2026-03-02T10:00:00Z",
        "cause": "unplanned",
        "scope": "full",
    }
]

_DIGITS = sys.get_int_max_str_digits()
odd_text = st.text(
    st.characters(blacklist_categories=(), min_codepoint=0, max_codepoint=0x10FFFF), max_size=12
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    odd_text,
    st.sampled_from(["P1", "agent", "2026-03-02T09:00:00", "2199-12-31T23:59:59Z", ""]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_text, inner, max_size=3),
    max_leaves=8,
)


def _nested(depth: int, opener: str) -> str:
    closer = {"[": "]", "{": "}"}[opener]
    if opener == "{":
        return '{"a":' * depth + "1" + closer * depth
    return opener * depth + closer * depth


@st.composite
def json_values_text(draw: st.DrawFn) -> str:
    """A JSON value's text, sometimes past the decoder's limits."""
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return _nested(draw(st.integers(500, 100_000)), draw(st.sampled_from("[{")))
    if kind == 1:
        return "1" * draw(st.integers(_DIGITS - 2, _DIGITS + 2))
    return json.dumps(draw(values), ensure_ascii=draw(st.booleans()))


@st.composite
def mutated_lines(draw: st.DrawFn, templates: list[dict[str, object]]) -> str:
    """A valid line with one key's value replaced, removed or added, maybe cut short."""
    line = dict(draw(st.sampled_from(templates)))
    how = draw(st.integers(0, 3))
    key = draw(st.sampled_from([*line, "extra", "fields"]))
    if how == 0:
        line.pop(key, None)
    marker = "\x00VALUE\x00"
    line[key] = marker
    text = json.dumps(line).replace(json.dumps(marker), draw(json_values_text()))
    if how == 3:
        text = text[: draw(st.integers(0, len(text)))]
    return text


def lines_of(templates: list[dict[str, object]]) -> st.SearchStrategy[list[str]]:
    line = st.one_of(
        mutated_lines(templates),
        json_values_text(),
        odd_text,
        st.sampled_from([json.dumps(t) for t in templates]),
    )
    return st.lists(line, min_size=1, max_size=6)


def _assert_sound(problems: list[Diagnostic], lines: list[str]) -> None:
    for problem in problems:
        assert problem.code in INPUT_CODES, problem
        assert 1 <= problem.span.line <= len(lines)
        assert "\n" not in problem.message and "\r" not in problem.message, problem.message
        assert problem.message.isprintable(), problem.message


@_budget(150)
@given(lines_of(VALID_EVENTS))
def test_event_reader_never_raises(lines):
    numbered = list(enumerate(lines, start=1))
    events, problems = read_events(numbered, POLICY, "events.jsonl")
    _assert_sound(problems, lines)
    # An invalid line gives no event; a warning (W740, an undeclared field key) keeps its line.
    errors = {p.span.line for p in problems if p.severity == "error"}
    assert errors.isdisjoint({e.line for e in events})


@_budget(100)
@given(lines_of(VALID_OUTAGES))
def test_outage_reader_never_raises(lines):
    outages, problems = read_outages(list(enumerate(lines, start=1)), POLICY, "outages.jsonl")
    _assert_sound(problems, lines)
    assert len(outages) + len({p.span.line for p in problems}) == sum(
        1 for line in lines if line.strip()
    )


@st.composite
def spliced_policies(draw: st.DrawFn) -> str:
    """The impero policy with junk at one place: nesting, huge numbers, odd characters."""
    junk = draw(
        st.one_of(
            st.builds(_nested, st.integers(10, 20_000), st.sampled_from("[{")),
            st.builds(lambda n: "(" * n + "x" + ")" * n, st.integers(10, 20_000)),
            st.builds(lambda n: "9" * n + "h", st.integers(1, _DIGITS + 2)),
            odd_text,
        )
    )
    at = draw(st.integers(0, len(POLICY_TEXT)))
    return POLICY_TEXT[:at] + junk + POLICY_TEXT[at:]


@_budget(40)
@given(spliced_policies())
def test_policy_reader_never_raises(text):
    try:
        loads(text)
    except PolicyError as error:
        assert error.diagnostics
        assert all(d.code in ALL_CODES for d in error.diagnostics)
        assert all("\n" not in d.message for d in error.diagnostics)


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_the_same_words_for_too_deep_from_both_readers(depth):
    text = _nested(depth, "[")
    _events, event_problems = read_events([(1, text)], POLICY)
    _outages, outage_problems = read_outages([(1, text)], POLICY)
    assert [(p.code, p.message) for p in event_problems] == [
        ("E702", "not JSON slac can read: nested too deeply")
    ]
    assert [(p.code, p.message) for p in outage_problems] == [
        (p.code, p.message) for p in event_problems
    ]


def test_the_same_words_for_an_integer_past_the_digit_limit_from_both_readers():
    text = '{"at": ' + "7" * (_DIGITS + 1) + "}"
    _events, event_problems = read_events([(1, text)], POLICY)
    _outages, outage_problems = read_outages([(1, text)], POLICY)
    expected = ("E702", f"not JSON slac can read: an integer with more than {_DIGITS} digits")
    assert [(p.code, p.message) for p in event_problems] == [expected]
    assert [(p.code, p.message) for p in outage_problems] == [expected]


def test_a_number_past_the_digit_limit_in_a_policy_is_e016_not_a_builder_crash():
    # Found by the policy fuzz: `int()` in the builder raised inside Lark (a VisitError).
    text = POLICY_TEXT.replace("P1        30m", "P1        " + "9" * (_DIGITS + 1) + "h", 1)
    assert text != POLICY_TEXT
    with pytest.raises(PolicyError) as error:
        loads(text)
    assert [(d.code, d.message) for d in error.value.diagnostics] == [
        ("E016", f"a number with more than {_DIGITS} digits")
    ]
