"""Shared fixtures for the shipped-policy scenarios: each policy compiled once per session."""

from pathlib import Path

import pytest

import slac

POLICIES = Path(__file__).resolve().parents[2] / "policies"


@pytest.fixture(scope="session")
def load_policy():
    cache = {}

    def load(name: str):
        if name not in cache:
            cache[name] = slac.load(POLICIES / f"{name}.sla")
        return cache[name]

    return load
