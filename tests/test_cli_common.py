"""`--at` as every command reads it: an instant with an offset, or a clear message."""

import pytest

from slac.cli.commands._common import CommandError, parse_at


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 2026-03-02 is 20,514 days after 1970-01-01: 20514 * 86400 = 1,772,409,600; + 9 h = + 32,400
        pytest.param("2026-03-02T09:00:00Z", 1_772_442_000, id="utc-z"),
        # 10:00 at +01:00 is 09:00Z, the same instant
        pytest.param("2026-03-02T10:00:00+01:00", 1_772_442_000, id="offset"),
        # fractions of a second are dropped
        pytest.param("2026-03-02T09:00:00.900Z", 1_772_442_000, id="fraction-floored"),
    ],
)
def test_at_with_an_offset(text, expected):
    assert parse_at(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "2026-03-02",
            "`--at` has no UTC offset: `2026-03-02` (write `2026-03-02T00:00:00Z` or add an offset such as `+01:00`)",
            id="bare-date",
        ),
        pytest.param(
            "2026-03-02T09:00",
            "`--at` has no UTC offset: `2026-03-02T09:00` (write `2026-03-02T09:00Z` or add an offset such as `+01:00`)",
            id="no-offset",
        ),
        pytest.param(
            "yesterday", "`--at` is not an ISO 8601 timestamp: `yesterday`", id="not-a-date"
        ),
    ],
)
def test_at_without_an_offset_is_a_message(text, message):
    with pytest.raises(CommandError) as error:
        parse_at(text)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("argv", "collecting"),
    [
        (["report", "policies/impero.sla", "-"], False),
        (["due", "policies/impero.sla", "-"], False),
        (["check", "policies"], False),
        (["lsp"], True),  # a server runs for hours: its cycles must be collected
    ],
)
def test_commands_run_without_the_cycle_collector_but_the_server(monkeypatch, argv, collecting):
    import gc
    import importlib

    from slac.cli import main

    module = importlib.import_module(f"slac.cli.commands.{argv[0]}")
    seen: list[bool] = []
    monkeypatch.setattr(module, "run", lambda args: seen.append(gc.isenabled()) or 0)
    was = gc.isenabled()
    assert main(argv) == 0
    assert seen == [collecting and was]
    assert gc.isenabled() == was  # given back as it was
