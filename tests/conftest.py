"""Fixtures shared by more than one test module."""

from __future__ import annotations

import errno
import os

import pytest


@pytest.fixture
def second_fork_fails(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """`os.fork` works once, then fails as a system out of processes does (EAGAIN); the list
    grows by one at each attempt (`--jobs` falls back to fewer processes)."""
    real, forks = os.fork, []

    def fork() -> int:
        forks.append(1)
        if len(forks) > 1:
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
        return real()

    monkeypatch.setattr(os, "fork", fork)
    return forks
