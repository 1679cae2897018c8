"""Monthly compliance through a desk: each policy's report (`slac.measure.report`), one after
another in the order of the desk's `use` lines, each row naming its policy and version (the
date a dated `use` took effect, else null) at its end, so each ticket counts under its version; the
tickets under no agreement are listed, never dropped (docs/desk.md#report)."""

from __future__ import annotations

import attrs

from slac.desk.run import DeskRun
from slac.evaluation.results import iso_z
from slac.measure.report import ReportRow, report_from_evaluation


@attrs.frozen
class DeskReport:
    desk: str
    at: int
    rows: tuple[tuple[str, str | None, ReportRow], ...]  # (policy name, version, row)
    no_agreement: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "policy": self.desk,
            "at": iso_z(self.at),
            "rows": [
                {**row.to_dict(), "policy": policy, "version": version}
                for policy, version, row in self.rows
            ],
            "no_agreement": list(self.no_agreement),
        }


def desk_report(run: DeskRun) -> DeskReport:
    rows = tuple(
        (version.policy.name, version.effective_text, row)
        for version, evaluation in run.versions
        for row in report_from_evaluation(version.policy, evaluation).rows
    )
    return DeskReport(run.evaluation.policy, run.evaluation.at, rows, run.no_agreement)
