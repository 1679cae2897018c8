"""Which holiday countries and subdivisions the installed `holidays` package knows, without
importing it.

`import holidays` imports every one of its ~250 country modules (~100 ms), which `slac check`
and a tiny `slac evaluate` would otherwise pay for checking one name. The package's registry
(`holidays/registry.py`) and each country class's `subdivisions` are plain literals in its
source, so they are read with `ast` from the installed files. Anything not a literal (a future
release computing a list) falls back to importing, so the answer is always the package's own;
tests/test_holiday_registry.py compares both readings for every country.
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
from pathlib import Path
from typing import Any

Subdivisions = tuple[tuple[str, ...], frozenset[str]]


def _package_dir() -> Path | None:
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _module_tree(relative: str) -> ast.Module | None:
    directory = _package_dir()
    if directory is None:
        return None
    try:
        return ast.parse((directory / relative).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None


def _assigned(body: list[ast.stmt], name: str) -> ast.expr | None:
    """The value assigned to `name` at the top of `body` (`x = ...` or `x: T = ...`)."""
    for statement in body:
        if isinstance(statement, ast.AnnAssign):
            targets: list[ast.expr] = [statement.target]
        elif isinstance(statement, ast.Assign):
            targets = statement.targets
        else:
            continue
        if statement.value is not None and any(
            isinstance(t, ast.Name) and t.id == name for t in targets
        ):
            return statement.value
    return None


def _literal(node: ast.expr | None) -> Any:
    if node is None:
        raise ValueError("not assigned")
    return ast.literal_eval(node)


@functools.cache
def countries() -> dict[str, tuple[str, str]]:
    """Every country code and alias the package accepts -> (module, class name)."""
    table: dict[str, tuple[str, str]] = {}
    for module, (class_name, *codes) in _registry().items():
        for code in codes:
            table[code] = (module, class_name)
    return table


def _registry() -> dict[str, tuple[str, ...]]:
    tree = _module_tree("registry.py")
    try:
        if tree is None:
            raise ValueError("no source")
        listed: dict[str, tuple[str, ...]] = _literal(_assigned(tree.body, "COUNTRIES"))
        return listed
    except (ValueError, TypeError, SyntaxError):
        from holidays import registry

        return dict(registry.COUNTRIES)


@functools.cache
def subdivisions(country: str) -> Subdivisions:
    """The subdivision codes of a known `country`, and the aliases it also accepts."""
    module, class_name = countries()[country]
    try:
        return _read_subdivisions(module, class_name)
    except (ValueError, TypeError, SyntaxError):
        return _imported_subdivisions(module, class_name)


def _read_subdivisions(module: str, class_name: str) -> Subdivisions:
    tree = _module_tree(f"countries/{module}.py")
    if tree is None:
        raise ValueError("no source")
    for statement in tree.body:
        if isinstance(statement, ast.ClassDef) and statement.name == class_name:
            codes = tuple(_literal(_assigned(statement.body, "subdivisions")))
            aliases_node = _assigned(statement.body, "subdivisions_aliases")
            aliases = _literal(aliases_node) if aliases_node is not None else {}
            return codes, frozenset(aliases)
    raise ValueError(f"no class {class_name}")


def _imported_subdivisions(module: str, class_name: str) -> Subdivisions:
    entity = getattr(importlib.import_module(f"holidays.countries.{module}"), class_name)
    codes = tuple(getattr(entity, "subdivisions", ()))
    return codes, frozenset(getattr(entity, "subdivisions_aliases", {}))


def known(country: str, subdivision: str | None) -> bool:
    """True when `holidays.country_holidays(country, subdiv=subdivision)` would accept it."""
    if country not in countries():
        return False
    if subdivision is None:
        return True
    codes, aliases = subdivisions(country)
    return subdivision in codes or subdivision in aliases
