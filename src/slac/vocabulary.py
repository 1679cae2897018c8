"""The words and limits every layer shares: one home for each, below syntax, check, IR and inputs.

Nothing here imports from slac. The grammar (`grammar/slac.lark`) spells some of these words as
literals; `tests/test_vocabulary.py` checks that the grammar and this module agree.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

# ---------------------------------------------------------------------------------------------
# Days of the week

DAY_NAMES: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Day names as policies write them, Monday first: a name's index is its weekday (0 = Monday)."""


def day_index(name: str) -> int | None:
    """The weekday (0 = Monday) of a day name, or None if it is not one."""
    try:
        return DAY_NAMES.index(name)
    except ValueError:
        return None


def expand_day_range(first: str, last: str | None = None) -> tuple[int, ...]:
    """Weekdays of `mon` or `mon-fri`; a range runs forward and wraps past Sunday (`fri-mon` is
    Friday to Monday). An unknown name gives nothing (the calendar check reports it)."""
    start = day_index(first)
    end = start if last is None else day_index(last)
    if start is None or end is None:
        return ()
    return tuple((start + step) % 7 for step in range((end - start) % 7 + 1))


# ---------------------------------------------------------------------------------------------
# Comments on tickets

Author = Literal["agent", "customer", "system"]
AUTHORS: Final[tuple[str, ...]] = get_args(Author)
"""Who may write a comment on a ticket (docs/formats.md#ticket-events, `comment` events)."""

Visibility = Literal["public", "private", "any"]
VISIBILITIES: Final[tuple[str, ...]] = get_args(Visibility)
"""How a policy's comment trigger filters comments; an event is only `public` or not."""

# ---------------------------------------------------------------------------------------------
# Outages

OutageCause = Literal[
    "unplanned",
    "scheduled_maintenance",
    "emergency_maintenance",
    "force_majeure",
    "customer",
    "connectivity",
    "third_party",
    "misuse",
    "abnormal_usage",
]
OUTAGE_CAUSES: Final[tuple[str, ...]] = get_args(OutageCause)
DEFAULT_OUTAGE_CAUSE: Final = "unplanned"

OutageScope = Literal["full", "partial"]
OUTAGE_SCOPES: Final[tuple[str, ...]] = get_args(OutageScope)
DEFAULT_OUTAGE_SCOPE: Final = "full"

# ---------------------------------------------------------------------------------------------
# The instants slac supports

FIRST_YEAR: Final = 1970
LAST_YEAR: Final = 2199
"""Inclusive: instants from 1970-01-01T00:00:00Z up to (not including) 2200-01-01T00:00:00Z.

The calendars' interval tables are built per UTC year within this range; events, outages and
`--at` outside it are rejected with `INSTANT_RANGE_TEXT` in the message.
"""
FIRST_INSTANT: Final = 0  # 1970-01-01T00:00:00Z in epoch seconds
END_INSTANT: Final = 7_258_118_400  # 2200-01-01T00:00:00Z in epoch seconds (exclusive)
INSTANT_RANGE_TEXT: Final = f"{FIRST_YEAR} to {LAST_YEAR}"
