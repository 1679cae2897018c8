"""Name resolution and once-only statements: the tables `check/resolve.py` and `check/names.py`
build, and the diagnostics they give, each worked out by hand from the policy text."""

from __future__ import annotations

from slac.check import check_sources
from slac.check.names import REPEATABLE, SAME_STATEMENT, node_of, once_only
from slac.check.resolve import references
from slac.source import Source
from slac.syntax import blocks, nodes, parse_source


def diagnostics(text: str) -> list[tuple[int, str, str]]:
    return [(d.span.line, d.code, d.message) for d in check_sources([Source("p.sla", text)])]


def test_every_statement_the_grammar_accepts_has_a_node():
    for block, statements in blocks.BLOCK_STATEMENTS.items():
        for rule in (block, *statements):
            assert isinstance(node_of(rule), type), rule


def test_repeatable_and_grouped_rules_exist_in_the_grammar():
    known = {rule for statements in blocks.BLOCK_STATEMENTS.values() for rule in statements}
    assert known >= REPEATABLE
    assert set(SAME_STATEMENT) | set(SAME_STATEMENT.values()) <= known


def test_once_only_statements_of_a_calendar():
    words = [words for _, words in once_only()[nodes.Calendar]]
    assert words == ["zone", "union", "day length", "always open"]


def test_business_hours_forms_count_as_one_statement_beside_a_priority_mapping():
    # A block picks its calendar one way (a calendar or a mapping by field) and may add a
    # `by priority` mapping for the priorities it lists (docs/language.md, "Business hours").
    once = dict((words, set(kinds)) for kinds, words in once_only()[nodes.Metric])
    assert once["business hours"] == {nodes.BusinessHours, nodes.BusinessHoursByField}
    assert once["business hours by priority"] == {nodes.BusinessHoursByPriority}


POLICY = """policy p "P" {
  timezone "UTC"
  calendar office { zone "UTC"; mon-fri 09:00-17:00 }
  field region: uk | us = uk
  priorities P1
  business hours office
  metric first_response {
    start on created
    stop on public comment by agent
    resume on reopen
    resume on reopen
  }
  targets {
    priority  first_response
    P1        1h
  }
  exclude "spam" when region == eu or regoin == uk
}
"""


def test_a_repeated_statement_in_a_metric_names_the_statement_by_its_grammar_words():
    assert (
        11,
        "E117",
        "`resume on reopen` is given more than once in a metric",
    ) in diagnostics(POLICY)


def test_each_unresolved_name_is_reported_once_by_resolution():
    found = [(line, code) for line, code, _ in diagnostics(POLICY)]
    # `eu` is not a value of `region` (E103); `regoin` is not a field (E102), and its value
    # `uk` is then not checked against anything.
    assert found.count((17, "E103")) == 1
    assert found.count((17, "E102")) == 1
    assert [c for _, c in found if c in ("E101", "E104", "E105")] == []


def test_references_list_each_use_of_a_declared_name():
    module, problems = parse_source(Source("p.sla", POLICY))
    assert problems == [] and module is not None
    found = [(r.kind, r.name.text, r.field) for r in references(module.policy)]
    assert found == [
        ("calendar", "office", None),
        ("field", "region", None),
        ("value", "eu", "region"),
        ("field", "regoin", None),
        ("value", "uk", "regoin"),
        ("metric", "first_response", None),
        ("priority", "P1", None),
    ]


def test_repeats_yields_later_uses_of_declared_names_only():
    from slac.check.context import repeats

    names = [nodes.Name(text) for text in ("uk", "us", "uk", "eu", "eu", "uk")]
    assert [n.text for n in repeats(names, {"uk", "us"})] == ["uk", "uk"]


def test_importing_the_checks_stays_light():
    """`slac check` starts fast: the checks never import the loader, the IR, the calendars'
    arithmetic or the holidays package when imported (holidays only when a policy names them)."""
    import subprocess
    import sys

    heavy = ("slac.loader", "slac.ir", "slac.business_time", "holidays")
    code = f"import sys, slac.check; print([m for m in {heavy!r} if m in sys.modules])"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
