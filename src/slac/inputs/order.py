"""The ticket-order rules (docs/formats.md#what-makes-a-line-invalid), in one place for the event reader and the evaluator.

Judged per event in applied order: a ticket's events come after its `created`, and a ticket is
created once. The reader (`slac.inputs.events`) drops and reports the events that break them;
`slac.evaluation.Evaluator.feed` refuses them. Both ask `order_error`, so the two can never
disagree on what fits, nor word it differently. This module imports nothing of the evaluator.
"""

from __future__ import annotations

from slac.inputs.problems import InputError, show_id


def order_error(
    kind: str, ticket: str | None, created: int | None, rejected: int | None = None
) -> InputError | None:
    """Why an event of `kind` for `ticket` does not fit its ticket's history, or None.

    `created` is the line of the ticket's accepted `created` (0 when the line is not known),
    None when the ticket has none before this event; `rejected` the line of a `created` for the
    ticket that was itself invalid, if any. Releases belong to no ticket and always fit.
    """
    if kind == "release" or ticket is None:
        return None
    if kind == "created":
        if created is None:
            return None
        first = f" (first on line {created})" if created else ""
        return InputError(
            "E721", f"second `created` for ticket {show_id(ticket)}{first}", ("event",)
        )
    if created is not None:
        return None
    if rejected is not None:
        return InputError(
            "E722",
            f"ticket {show_id(ticket)} was not created: its `created` on line {rejected} is invalid",
            ("ticket",),
        )
    return InputError(
        "E720", f"event for ticket {show_id(ticket)} before its `created`", ("ticket",)
    )


def no_priority(ticket: str) -> InputError:
    """A `created` that leaves its ticket without a priority (none named, none derived)."""
    return InputError(
        "E714",
        f"ticket {show_id(ticket)} has no priority: `created` names none and the policy derives none "
        "from its fields",
        ("event",),
    )
