"""The editor answers behind `slac lsp`, in-process: what the server computes before pygls turns
it into protocol objects (`slac.lsp.analysis`, `hover`, `complete`, `fixes`), and the server's
refusal to die on a failing check. Positions here are 1-based, as in `slac.source.Span`.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from lsprotocol import types as lsp
from test_lsp_server import DEMO

from slac.lsp import complete, fixes, hover, server
from slac.lsp.analysis import analyse, declared_names
from slac.source import Span

ROOT = Path(__file__).resolve().parent.parent


def test_impero_target_cells_count_in_each_desk_calendar() -> None:
    # `business hours by region`: a day is 17h at `uk` (08:00-01:00), 9h at `gst`
    # (12:00-21:00), 12h at the four US desks; 3 days are 51h, 27h and 36h.
    text = (ROOT / "policies" / "impero.sla").read_text(encoding="utf-8")
    analysis = analyse(text, "impero.sla")
    line = next(n for n, x in enumerate(text.splitlines(), 1) if "3 working days" in x)
    column = text.splitlines()[line - 1].index("3 working days") + 1
    found = hover.hover(analysis, line, column)
    assert found is not None
    assert found.markdown == (
        "`resolution` for `P3`: 3 working days = 51h on `uk` (17h day), 27h on `gst` (9h day), "
        "36h on `est` (12h day), 36h on `cst` (12h day), 36h on `mst` (12h day), "
        "36h on `pst` (12h day)"
    )
    assert found.span == Span(line, column, line, column + len("3 working days"))


def test_a_wall_clock_cell_and_a_policy_without_business_hours() -> None:
    text = DEMO.replace("  business hours uk\n", "").replace("4h", "4h wall-clock")
    analysis = analyse(text, "demo.sla")
    wall = hover.hover(analysis, 17, 16)  # the P1 row: `4h wall-clock`
    assert wall is not None and wall.markdown == (
        "`resolution` for `P1`: 4h wall-clock: real time, 24 hours a day"
    )
    days = hover.hover(analysis, 18, 16)
    assert days is not None and days.markdown == (
        "`resolution` for `P2`: 3 working days: no calendar to take a business-day length from"
    )


def test_a_code_written_in_a_comment_is_explained() -> None:
    text = DEMO.replace('  timezone "Europe/London"', '  timezone "Europe/London"  # see W602')
    found = hover.hover(analyse(text, "demo.sla"), 2, 36)  # `W602` is at columns 35-38
    assert found is not None
    assert found.markdown.startswith("**W602**: unused field\n\nA field is declared but")
    assert found.span == Span(2, 35, 2, 39)


@pytest.mark.parametrize(
    ("before", "block"),
    [
        ("", complete.TOP_LEVEL),
        ('policy p "a { b" {\n  ', "policy"),  # a brace in a string opens nothing
        ('policy p "t" {\n  # a { in a comment\n  calendar c {\n    ', "calendar"),
        ('policy p "t" {\n  calendar c { zone "UTC" }\n  ', "policy"),
        ('policy p "t" {\n  code fix resolution when x {\n    ', "code_fix"),
        ('policy p "t" {\n  targets {\n    ', complete.TABLE),
        ('policy p "t" {\n  business hours by region {\n    ', complete.TABLE),
        ('policy p "t" {\n  availability {\n    ', "availability"),
        ('policy p "t" {\n}\n', complete.TOP_LEVEL),
    ],
)
def test_the_block_around_the_cursor(before: str, block: str | None) -> None:
    assert complete.block_at(before) == block


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("  business hours ", {("uk", "calendar")}),
        ("    union a, ", {("uk", "calendar")}),
        ("  objective ", {("resolution", "metric")}),
        ("  code fix re", {("resolution", "metric")}),
        ("  priority default P", {("P1", "priority"), ("P2", "priority")}),
        ("  objective resolution 95% monthly for P1, ", {("P1", "priority"), ("P2", "priority")}),
        ("  priority from ", {("region", "field")}),
        ("  priority from region x ", {("region", "field")}),
        ("  priority P1 when ", {("region", "field")}),
        ('  exclude "x" when region == us and not ', {("region", "field")}),
        ("    relevant by ", {("region", "field")}),
        ("    stop on field ", {("region", "field")}),
        ("  priority P1 when region == ", {("uk", "value"), ("us", "value")}),
        ("  priority P1 when region in (uk, ", {("uk", "value"), ("us", "value")}),
        ("  priority P1 when tier == ", set()),  # no such field: no value to offer
    ],
)
def test_names_of_the_kind_the_line_calls_for(line: str, names: set[tuple[str, str]]) -> None:
    declared = declared_names(analyse(DEMO, "demo.sla"))
    found = complete.candidates(f'policy demo "Demo" {{\n{line}', declared)
    assert {(c.label, c.kind) for c in found} == names


def test_a_zone_suggestion_keeps_its_quotes() -> None:
    text = DEMO.replace('    zone "Europe/London"', '    zone "Europe/Londno"')
    analysis = analyse(text, "demo.sla")
    (fix,) = fixes.fixes(analysis, Span(4, 1, 4, 30))
    assert fix.diagnostic.code == "E301"
    assert fix.replacement == '"Europe/London"'
    assert fix.title == 'Change `"Europe/Londno"` to `"Europe/London"`'


class _Server(SimpleNamespace):
    """What `refresh` uses of a pygls server, recording what it sends."""

    def __init__(self, text: str) -> None:
        document = SimpleNamespace(source=text, version=1, lines=text.splitlines(True))
        workspace = SimpleNamespace(get_text_document=lambda uri: document)
        super().__init__(workspace=workspace, documents={}, sent=[])

    def window_log_message(self, params: lsp.LogMessageParams) -> None:
        self.sent.append(params)

    def window_show_message(self, params: lsp.ShowMessageParams) -> None:
        self.sent.append(params)

    def text_document_publish_diagnostics(self, params: lsp.PublishDiagnosticsParams) -> None:
        self.sent.append(params)


def test_a_failing_check_is_logged_and_the_document_left_without_diagnostics(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(text: str, path: str) -> None:
        raise RecursionError("a check went wrong")

    monkeypatch.setattr(server, "analyse", broken)
    fake = _Server(DEMO)
    server.refresh(fake, "file:///demo.sla")  # type: ignore[arg-type]
    logged, published = fake.sent
    assert isinstance(logged, lsp.LogMessageParams)
    assert logged.type == lsp.MessageType.Error
    assert logged.message.startswith("slac could not check file:///demo.sla:\nTraceback")
    assert "RecursionError: a check went wrong" in logged.message
    assert isinstance(published, lsp.PublishDiagnosticsParams)
    assert list(published.diagnostics) == []
    assert fake.documents["file:///demo.sla"].latest is None


def test_every_quick_fix_on_the_check_fixtures_removes_its_diagnostic() -> None:
    fixed = set()
    for path in sorted((ROOT / "tests" / "fixtures" / "check").rglob("*.sla")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # E013's bytes
        everywhere = Span(1, 1, text.count("\n") + 2, 1)
        for fix in fixes.fixes(analyse(text, path.name), everywhere):
            span = fix.diagnostic.span
            lines = text.split("\n")
            line = lines[span.line - 1]
            lines[span.line - 1] = (
                line[: span.column - 1] + fix.replacement + line[span.end_column - 1 :]
            )
            after = analyse("\n".join(lines), path.name).diagnostics
            assert not [
                d for d in after if (d.code, d.span.line) == (fix.diagnostic.code, span.line)
            ]
            fixed.add(fix.diagnostic.code)
    # Unknown statement, calendar, field, value, metric, zone, subdivision, day, outage cause,
    # the service of a credit band.
    assert fixed == {
        *("E005", "E101", "E102", "E103", "E105", "E301", "E303", "E307", "E501", "E510"),
    }


def test_slac_lsp_without_pygls_says_so_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    from slac.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pygls" else real(name, *a)
    )
    assert main(["lsp"]) == 2
    assert capsys.readouterr().err == "slac: `slac lsp` needs pygls: pip install 'slac[lsp]'\n"
