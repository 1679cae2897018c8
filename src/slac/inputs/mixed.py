"""The Python API's mixed input: ticket events, calls and worklogs in one iterable, as values
or as dicts in the shape of the events file's lines (docs/formats.md#calls-and-worklogs).

`slac.report` and `slac.measure.budget.budget` take such an iterable, as `slac test` gives
them; the command line reads files through `slac.inputs.reader.EventReader`, which sets the
calls and worklogs aside on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from slac import ir
from slac.inputs.events import Event, event_from_dict, measure_from_event_dict
from slac.inputs.measures import MEASURE_KINDS, Call, Measures, Worklog, measures_of


def split_items(
    items: Iterable[Event | Call | Worklog | dict[str, Any]], policy: ir.Policy
) -> tuple[list[Event], Measures]:
    """The API's mixed input: ticket events (file order) and the calls and worklogs (applied
    order) among `items`, dicts read as the events file's lines are; `InputError` for a bad one."""
    events: list[Event] = []
    measured: list[Call | Worklog] = []
    for number, item in enumerate(items, 1):
        if isinstance(item, dict):
            if item.get("event") in MEASURE_KINDS:
                measured.append(measure_from_event_dict(item, number, policy))
            else:
                events.append(event_from_dict(item, number, policy))
        elif isinstance(item, Event):
            events.append(item)
        else:
            measured.append(item)
    return events, measures_of(measured)
