"""slac.holiday_registry reads the `holidays` package's source; it must agree with the package."""

from __future__ import annotations

import importlib

import holidays
import pytest
from holidays import registry

from slac import holiday_registry


def test_every_code_and_alias_of_the_registry_is_known() -> None:
    expected = {
        code: (module, class_name)
        for module, (class_name, *codes) in registry.COUNTRIES.items()
        for code in codes
    }
    assert holiday_registry.countries() == expected


@pytest.mark.parametrize(("module", "entry"), sorted(registry.COUNTRIES.items()))
def test_subdivisions_read_from_source_match_the_imported_class(
    module: str, entry: tuple[str, ...]
) -> None:
    class_name, code = entry[0], entry[1]
    entity = getattr(importlib.import_module(f"holidays.countries.{module}"), class_name)
    assert holiday_registry.subdivisions(code) == (
        tuple(entity.subdivisions),
        frozenset(entity.subdivisions_aliases),
    )


@pytest.mark.parametrize(
    ("country", "subdivision", "accepted"),
    [
        ("GB", "ENG", True),
        ("GB", None, True),
        ("GB", "XX", False),
        ("XX", None, False),
        ("US", "CA", True),
        ("DK", None, True),
    ],
)
def test_known_agrees_with_country_holidays(
    country: str, subdivision: str | None, accepted: bool
) -> None:
    try:
        holidays.country_holidays(country, subdiv=subdivision, years=())
        works = True
    except NotImplementedError:
        works = False
    assert works is accepted
    assert holiday_registry.known(country, subdivision) is accepted
