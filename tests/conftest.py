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


@pytest.fixture(scope="module")
def spark():
    """One `local[2]` Spark session for a module (the Spark modules skip themselves without
    pyspark or Java: tests/spark_support.py)."""
    from slac.spark.session import local_session

    # The JVM's quick compiler only: these runs are too short for the optimising one to pay
    # back (a third off the first evaluation here).
    os.environ.setdefault(
        "PYSPARK_SUBMIT_ARGS", "--driver-java-options -XX:TieredStopAtLevel=1 pyspark-shell"
    )
    session = local_session("local[2]", shuffle_partitions=2)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
