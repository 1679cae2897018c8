"""Business calendars and business-time arithmetic for slac.

A `Calendar` says when a helpdesk's clock runs. Two operations carry every number slac
prints: `elapsed(a, b)`, the open seconds in [a, b), and `add(a, n)`, the instant n open
seconds after a. Instants are integer UTC epoch seconds; `elapsed_between` and `add_to`
take aware datetimes (naive ones raise ValueError) and return timedeltas / aware UTC
datetimes, dropping sub-second parts.

Two conventions for a target of n business seconds started at a:
- due instant, `cal.add(a, n)`: the earliest t with elapsed(a, t) == n. When the n-th open
  second is the last of a window, this is the closing instant (Fri 17:00), not the next
  opening. Met exactly at the target is met.
- breach instant, `breach_instant(cal, a, n) == cal.add(a, n + 1) - 1`: the start of the
  (n+1)-th open second, the instant the count passes n. Mon-Fri 09-17, a = Fri 16:00,
  n = 1 h: due Fri 17:00, breached Mon 09:00 (a reply at Mon 08:30 is still met).

Calendars:
- `WeeklyCalendar`: windows per weekday in local time of an IANA zone (zoneinfo). A window
  with close <= open ends the next day and belongs to the day it opens on: a holiday (from
  `HolidaySource`, i.e. whatever the installed `holidays` package lists for that country
  and subdivision, observed days included) or a `closed_dates` entry closes the windows
  opening that date, not the one running into it. Local times are read with fold=0: a
  boundary inside a spring-forward gap lands later by the gap (01:30 on a night that skips
  01:00-02:00 is read as 02:30 after the change), an ambiguous fall-back boundary is its
  first occurrence. Day length: stated, else the Mon-Fri window total when all weekdays
  with windows agree, else None.
- `UnionCalendar`: open when any member is open; `day_seconds` only when stated.
- `AlwaysOpen`: wall-clock 24x7.

Representation: each calendar keeps its open intervals as flat sorted lists of UTC epoch
seconds with cumulative open seconds, built one UTC year at a time on first use and
glued into one contiguous span, so every operation is a couple of `bisect` calls and
`add` moves over whole years without stepping through days. Supported instants:
1970-01-01 to 2200-01-01 UTC (ValueError outside; `AlwaysOpen` has no limit). A count that
runs past the last year raises `PastTheLastYear`; `add_within` answers None instead, for
every calendar alike (a deadline at or after 2200-01-01 is never reached).
"""

from slac.business_time._table import PastTheLastYear
from slac.business_time.base import Calendar, breach_instant, from_epoch, to_epoch
from slac.business_time.calendars import (
    AlwaysOpen,
    HolidaySource,
    UnionCalendar,
    WeeklyCalendar,
)

__all__ = [
    "AlwaysOpen",
    "Calendar",
    "HolidaySource",
    "PastTheLastYear",
    "UnionCalendar",
    "WeeklyCalendar",
    "breach_instant",
    "from_epoch",
    "to_epoch",
]
