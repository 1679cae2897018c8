"""check.context.first_line: carets under a multi-line statement's opening words, the comment
taken from the lexer (a `#` inside a string is not a comment)."""

from __future__ import annotations

from slac.check.context import build_context, first_line
from slac.source import Source, Span
from slac.syntax import parse_source

POLICY = """\
policy p "a # b" {
  field region: uk | us
  calendar uk {
    zone "Europe/London"
    mon-fri 09:00-17:00
  }
  business hours by region {  # one desk per region
    uk: uk
    us: uk
  }
}
"""


def _context():
    source = Source("p.sla", POLICY)
    module, problems = parse_source(source)
    assert problems == [] and module is not None
    return build_context(module, source)


def test_first_line_stops_before_an_end_of_line_comment():
    # Line 7 is `  business hours by region {  # one desk per region`: the statement's words
    # run from column 3 to the `{` at column 28, so the span ends at column 29.
    ctx = _context()
    assert first_line(Span(7, 3, 10, 3), ctx) == Span(7, 3, 7, 29)


def test_first_line_keeps_a_hash_inside_a_string():
    # Line 1 is `policy p "a # b" {` (18 characters), no comment: the whole line is kept.
    ctx = _context()
    assert first_line(Span(1, 1, 11, 1), ctx) == Span(1, 1, 1, 19)
