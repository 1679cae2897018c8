"""Rendering diagnostics: carets under spans, the concise form, JSON, the summary line.

Hand-built diagnostics pin the layout rules exactly; syrupy snapshots show what a policy author
reads for real fixtures (terminal, concise and JSON).
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from slac.diagnostics import Diagnostic
from slac.render import render_data_lines, render_diagnostics, render_json, summary
from slac.source import Source, Span

FIXTURES = Path(__file__).parent / "fixtures" / "check"

TEXT = 'policy p "P" {\n  business hours uk_suport\n\tduring  x\n}\n'
SOURCE = Source("p.sla", TEXT)


def diag(code, message, span, severity="error", help=None):
    return Diagnostic(code, message, span, severity=severity, help=help, path="p.sla")


UNKNOWN = diag(
    "E101", "unknown calendar `uk_suport`", Span(2, 18, 2, 27), help="did you mean `uk_support`?"
)


def test_terminal_form_draws_gutter_carets_and_help():
    out = render_diagnostics([UNKNOWN], {"p.sla": SOURCE}, terminal=True)
    assert out == (
        "error[E101]: unknown calendar `uk_suport`\n"
        " --> p.sla:2:18\n"
        "  |\n"
        "2 |   business hours uk_suport\n"
        "  |                  ^^^^^^^^^\n"
        "  |\n"
        "  = help: did you mean `uk_support`?\n"
        "\n"
        "1 error\n"
    )


def test_concise_form_is_one_line_each_plus_summary():
    warning = diag("W601", "calendar `x` is never used", Span(3, 10, 3, 11), severity="warning")
    out = render_diagnostics([warning, UNKNOWN], {"p.sla": SOURCE}, terminal=False)
    assert out == (
        "p.sla:2:18: error[E101]: unknown calendar `uk_suport` (help: did you mean `uk_support`?)\n"
        "p.sla:3:10: warning[W601]: calendar `x` is never used\n"
        "1 error, 1 warning\n"
    )


@pytest.mark.parametrize(
    "span, caret_line",
    [
        # `\tduring  x`: the tab shows as 4 spaces, so column 10 (`x`) is displayed at 12.
        pytest.param(Span(3, 10, 3, 11), "  |             ^", id="tab-expanded"),
        # A span that runs onto the next line is underlined to the end of its first line.
        pytest.param(Span(2, 3, 3, 2), "  |   " + "^" * 24, id="multi-line"),
        # An empty span (an insertion point) still gets one caret: just past the 26-character
        # line, after the gutter's separating space (1 + 26 spaces).
        pytest.param(Span(2, 27, 2, 27), "  |" + " " * 27 + "^", id="empty-span"),
    ],
)
def test_caret_placement(span, caret_line):
    out = render_diagnostics([diag("E101", "m", span)], {"p.sla": SOURCE}, terminal=True)
    assert out.splitlines()[4] == caret_line


def test_missing_source_renders_location_without_excerpt():
    out = render_diagnostics([UNKNOWN], {}, terminal=True)
    assert out.splitlines()[:3] == [
        "error[E101]: unknown calendar `uk_suport`",
        " --> p.sla:2:18",
        "  = help: did you mean `uk_support`?",
    ]


def test_color_only_on_request():
    plain = render_diagnostics([UNKNOWN], {"p.sla": SOURCE}, terminal=True)
    colored = render_diagnostics([UNKNOWN], {"p.sla": SOURCE}, terminal=True, color=True)
    assert "\x1b[" not in plain and "\x1b[1;31merror[E101]\x1b[0m" in colored


@pytest.mark.parametrize(
    "severities, expected",
    [
        pytest.param(("error",), "1 error", id="one-error"),
        pytest.param(("error", "error", "warning"), "2 errors, 1 warning", id="mixed"),
        pytest.param(("warning", "warning"), "2 warnings", id="warnings-only"),
    ],
)
def test_summary(severities, expected):
    assert (
        summary([diag("E101", "m", Span(1, 1, 1, 2), severity=s) for s in severities]) == expected
    )


def test_nothing_to_say_renders_nothing():
    assert render_diagnostics([], {}, terminal=True) == ""
    assert render_diagnostics([], {}, terminal=False) == ""
    assert render_json([]) == "[]\n"


def test_json_has_contract_keys_and_help():
    (entry,) = json.loads(render_json([UNKNOWN]))
    assert entry == {
        "path": "p.sla",
        "line": 2,
        "column": 18,
        "end_line": 2,
        "end_column": 27,
        "severity": "error",
        "code": "E101",
        "message": "unknown calendar `uk_suport`",
        "help": "did you mean `uk_support`?",
    }


SNAPSHOT_FIXTURES = (
    "E101_unknown_calendar.sla",
    "E306_overlapping_opening_windows.sla",
    "E402_incomplete_priority_matrix.sla",
    "W603_first_response_longer_than_resolution.sla",
)


@pytest.mark.parametrize("name", SNAPSHOT_FIXTURES)
@pytest.mark.parametrize("form", ["terminal", "concise", "json"])
def test_rendered_fixture(snapshot, name, form):
    from slac.check import check_sources

    path = f"tests/fixtures/check/{name}"
    source = Source(path, (FIXTURES / name).read_text(encoding="utf-8"))
    diagnostics = check_sources([source])
    if form == "json":
        assert render_json(diagnostics) == snapshot
    else:
        assert (
            render_diagnostics(diagnostics, {path: source}, terminal=form == "terminal") == snapshot
        )


def test_data_lines_are_the_contract_form_sorted_with_warnings_marked():
    # Contract §2: `EVENTS:LINE: reason`, no column and no code (those are in the JSON form);
    # a problem `--skip-invalid` turned into a warning starts with `warning: `.
    late = Diagnostic("E720", "event for ticket `T-1` before its `created`", Span(9, 1, 10, 1))
    early = Diagnostic("E701", "not JSON: Expecting value at column 1", Span(2, 1, 2, 2))
    warned = Diagnostic("E704", "missing key `at`", Span(5, 1, 5, 30), severity="warning")
    out = render_data_lines([attrs.evolve(d, path="events.jsonl") for d in (late, warned, early)])
    assert out == (
        "events.jsonl:2: not JSON: Expecting value at column 1\n"
        "warning: events.jsonl:5: missing key `at`\n"
        "events.jsonl:9: event for ticket `T-1` before its `created`\n"
    )
    assert render_data_lines([]) == ""
