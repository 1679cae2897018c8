"""A Spark session on this machine (`local[N]`), for the tests, the bench and `slac.spark.job`.

On a cluster the session comes from `spark-submit` (or the platform's notebook) instead. Here
the Python workers must be this interpreter (it has slac installed), the driver binds to the
loopback address (a sandbox's host name may not resolve), and a few shuffle partitions suit
one machine better than Spark's default 200.
"""

from __future__ import annotations

import os
import sys

from pyspark.sql import SparkSession


def local_session(master: str = "local[2]", shuffle_partitions: int = 8) -> SparkSession:
    """A session on `master`, with settings for one machine (see the module docstring)."""
    # Local mode starts its Python workers from the environment, not from the session's conf.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(master)
        .appName("slac")
        .config("spark.pyspark.python", sys.executable)
        .config("spark.pyspark.driver.python", sys.executable)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
