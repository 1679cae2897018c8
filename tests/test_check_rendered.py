"""What a user sees for every check fixture: `slac check`'s terminal rendering, pinned.

One test over all of `tests/fixtures/check/` into one snapshot file
(`tests/__snapshots__/test_check_rendered.ambr`), so any change to a message, a help line or
where the carets fall shows up in review as a diff of the rendered text. Regenerate on purpose
with `pytest tests/test_check_rendered.py --snapshot-update` and read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_check_fixtures import fixture_files, fixtures

from slac.check import check_sources
from slac.loader import read_source
from slac.render import render_diagnostics

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda p: p.stem)
def test_rendered_diagnostics(snapshot, fixture, monkeypatch):
    monkeypatch.chdir(ROOT)  # paths in the rendering are relative to the repository
    read = [read_source(str(p.relative_to(ROOT))) for p in fixture_files(fixture)]
    problems = [problem for _, problem in read if problem is not None]
    sources = tuple(source for source, problem in read if problem is None)
    diagnostics = problems + check_sources(sources)
    shown = {source.path: source for source, _ in read}
    assert render_diagnostics(diagnostics, shown, terminal=True) == snapshot
