"""slac: Service Level Agreements as code.

The API embedders use (README "Python API"):

- `slac.load(path)` / `slac.loads(text)`: a compiled `slac.ir.Policy`, or `slac.PolicyError`
  with the diagnostics;
- `slac.evaluate(policy, events, at=...)`: every ticket's SLA state at an instant (docs/formats.md#slac-evaluate---format-json);
- `slac.Evaluator(policy, horizon=None)`: the same, incrementally (`feed(event)`, then
  `results(at)`); with a horizon, finished tickets are compacted and a late event for one is
  refused with `slac.Compacted` (docs/semantics.md#the-incremental-evaluator);
- `slac.report(policy, events, at=...)`: monthly compliance against the objectives (docs/formats.md#slac-report---format-json);
- `slac.availability(policy, outages, start=None, end=None)`: monthly availability and
  credits (docs/formats.md#slac-availability---format-json);
- `slac.trace(policy, events, ticket, at=...)`: one ticket's clocks as a timeline, why each
  metric has its state (docs/formats.md#slac-trace---format-json);
- `slac.load_desk(path)` / `slac.evaluate_desk(desk, events, at=..., versions="created")`:
  several policies in one run, each ticket routed to its customer's agreement (docs/desk.md);
  `slac.desk.report.desk_report(run)` reports it by policy and version.

Each name is imported from its module on first use: the parser needs lark and the calendars
need `holidays`, and `import slac` (the command line's first step) should pay for neither.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the lazy names below resolve to, for type checkers and readers
    from slac.desk import DeskError, load_desk
    from slac.desk.run import evaluate_desk
    from slac.evaluation import Compacted, Evaluator, evaluate
    from slac.evaluation.trace import trace
    from slac.loader import PolicyError, load, loads
    from slac.measure.availability import availability
    from slac.measure.report import report

_LAZY = {
    "load": "slac.loader",
    "loads": "slac.loader",
    "PolicyError": "slac.loader",
    "evaluate": "slac.evaluation",
    "Evaluator": "slac.evaluation",
    "Compacted": "slac.evaluation",
    "report": "slac.measure.report",
    "availability": "slac.measure.availability",
    "trace": "slac.evaluation.trace",
    "load_desk": "slac.desk",
    "DeskError": "slac.desk",
    "evaluate_desk": "slac.desk.run",
}

__all__ = [
    "Compacted",
    "DeskError",
    "Evaluator",
    "PolicyError",
    "availability",
    "evaluate",
    "evaluate_desk",
    "load",
    "load_desk",
    "loads",
    "report",
    "trace",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'slac' has no attribute {name!r}")
