"""`python -m slac.cli`: the same entry point as the `slac` console script."""

import sys

from slac.cli import main

sys.exit(main())
