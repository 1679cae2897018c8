"""Call and worklog lines (docs/formats.md#calls-and-worklogs): the events no ticket clock reads.

A `call` is a phone call to the service desk (`call` id, `answered_after_seconds`: whole
seconds, or null (or absent, as a frame's null column is) when nobody answered, optional
`queue`); a `worklog` is time the support team
recorded against a ticket (`ticket`, `minutes`: a positive whole number, `rate`: one the
policy's `budget` declares). They sit in the events file beside the ticket events and are
validated as strictly (coded problems, `FILE:LINE`), but the evaluator never sees them:
`slac.inputs.reader.EventReader` sets them aside in a `Measures`, which `slac report` (the call
KPIs) and `slac budget` read.

Decisions (docs/semantics.md#kpis-and-support-budgets):
- A worklog names its ticket but needs no `created` for it: time is charged whether or not
  the ticket is in the file (a ticket opened before the export still uses budget).
- A call's stray `ticket` key is ignored, as a release's is.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from slac import ir
from slac.inputs.problems import InputError, missing_keys, not_a, not_declared, show_value

MEASURE_KINDS = ("call", "worklog")
"""Event kinds that are read beside the ticket events but kept out of the evaluator."""


@attrs.frozen
class Call:
    """One phone call at `at` (epoch seconds); `answered_after` None: not answered."""

    at: int
    call: str
    answered_after: int | None
    queue: str | None = None
    line: int = attrs.field(default=0, eq=False, repr=False)


@attrs.frozen
class Worklog:
    """`minutes` worked on `ticket` at `rate`, recorded at `at` (epoch seconds)."""

    at: int
    ticket: str
    minutes: int
    rate: str
    line: int = attrs.field(default=0, eq=False, repr=False)


@attrs.frozen
class Measures:
    """The calls and worklogs of an events file, each in applied order (by `at`, file order
    for ties)."""

    calls: tuple[Call, ...] = ()
    worklogs: tuple[Worklog, ...] = ()


def measures_of(items: Iterable[Call | Worklog]) -> Measures:
    """The calls and worklogs of `items`, sorted stably by `at`."""
    ordered = sorted(items, key=lambda item: item.at)
    return Measures(
        tuple(i for i in ordered if isinstance(i, Call)),
        tuple(i for i in ordered if isinstance(i, Worklog)),
    )


def measure_from_dict(
    d: dict[str, object], at: int, line: int, policy: ir.Policy
) -> Call | Worklog:
    """A `call` or `worklog` line (its `event` already read, `at` already checked) as its
    value; `InputError` with the reason."""
    if d.get("event") == "call":
        return _call(d, at, line)
    return _worklog(d, at, line, policy)


def _call(d: dict[str, object], at: int, line: int) -> Call:
    call = required_string(d, "call")
    answered = d.get("answered_after_seconds")  # absent reads as null, as a null column does
    if answered is not None and not _whole(answered, minimum=0):
        raise InputError(
            "E716",
            f"`answered_after_seconds` is not a whole number of seconds (0 or more) or null: "
            f"{show_value(answered)}",
            ("answered_after_seconds",),
        )
    queue = d.get("queue")
    if queue is not None and not isinstance(queue, str):
        raise not_a("queue", "a string", queue)
    return Call(at, call, answered if isinstance(answered, int) else None, queue, line=line)


def _worklog(d: dict[str, object], at: int, line: int, policy: ir.Policy) -> Worklog:
    ticket = required_string(d, "ticket")
    if "minutes" not in d:
        raise missing_keys(("minutes",))
    minutes = d["minutes"]
    if not isinstance(minutes, int) or not _whole(minutes, minimum=1):
        raise InputError(
            "E716", f"`minutes` is not a positive whole number: {show_value(minutes)}", ("minutes",)
        )
    rate = required_string(d, "rate")
    if policy.budget is None:
        raise InputError(
            "E715",
            f"policy `{policy.name}` declares no `budget`, so a worklog has no rate to use",
            ("rate",),
        )
    if rate not in policy.budget.rates:
        raise not_declared("E715", "budget rate", rate, policy.budget.rates, ("rate",))
    return Worklog(at, ticket, minutes, rate, line=line)


def required_string(d: dict[str, object], key: str) -> str:
    value = d.get(key)
    if value is None:
        raise missing_keys((key,))
    if not isinstance(value, str):
        raise not_a(key, "a string", value)
    return value


def _whole(value: object, minimum: int) -> bool:
    """An int (never a bool, never 1.0) of at least `minimum`."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum
