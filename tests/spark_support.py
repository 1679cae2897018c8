"""What the Spark test modules share besides the `spark` fixture (tests/conftest.py):
importing this skips the module, with the reason, without pyspark or Java; and their marks.

    from spark_support import SPARK_MARKS  # first, before anything that imports pyspark
"""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("pyspark", reason="pyspark is in the test extras: pip install -e '.[test]'")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java (17 or later) on PATH", allow_module_level=True)

# Run by default; `-m "not spark"` leaves them out (starting Spark takes half a minute).
SPARK_MARKS = [
    pytest.mark.spark,
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]
