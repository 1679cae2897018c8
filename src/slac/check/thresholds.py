"""Warning thresholds before a breach: `warn at 50%, 75%` (E205, E450).

Each threshold is a share of the target in (0, 100]: 100% is the due instant itself. They
are listed from the lowest up, each once, so "the threshold crossed" names one of them and
an embedder alerting once per threshold never meets the same one twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from slac.check.context import Context, error
from slac.check.metrics import percent_range
from slac.diagnostics import Diagnostic
from slac.syntax import nodes


def check_warnings(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    for statement in module.policy.of(nodes.Warn):
        yield from threshold_problems(statement.thresholds)


def threshold_problems(thresholds: Sequence[nodes.Percent]) -> Iterator[Diagnostic]:
    """E205 and E450 for one `warn at` list (a policy's, or a desk's: slac.desk.check)."""
    previous: nodes.Percent | None = None
    for threshold in thresholds:
        yield from percent_range(threshold, "a warning threshold")
        if previous is not None and threshold.value <= previous.value:
            yield error(
                "E450",
                f"warning threshold `{threshold.text}` does not come after `{previous.text}`",
                threshold.span,
                help="list the thresholds from the lowest up, each once: `warn at 50%, 75%`",
            )
        previous = threshold
