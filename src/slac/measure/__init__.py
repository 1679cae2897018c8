"""Measures over many tickets or outages: monthly compliance reports and availability."""

from __future__ import annotations

import math
from fractions import Fraction


def round3(value: Fraction) -> float:
    """A percentage to 3 decimals, half up on the exact value, as a person rounds: 1 of 64 is
    1.563% and 99.8955 is 99.896, where `round()` on the nearest float gives 1.562 and 99.895."""
    return math.floor(value * 1000 + Fraction(1, 2)) / 1000
