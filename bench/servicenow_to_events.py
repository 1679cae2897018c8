"""The UCI ServiceNow incident log as slac events (docs/formats.md#ticket-events), plus its `made_sla` flags.

    .venv/bin/python bench/servicenow_to_events.py OUT.jsonl [--flags OUT.flags.json]
        [--log ../shared/data/uci_incident_event_log.csv.gz]

Reading (see the data set's README):
- rows grouped by incident `number` and ordered by `sys_mod_count` (file order for ties);
- the 5 rows whose `incident_state` is `-100` are skipped (the count is printed);
- timestamps are naive, day first (`29/2/2016 01:16`), minute resolution, zone unknown: they are
  read as UTC. With the 24x7 calendar of examples/servicenow/servicenow.sla the zone cannot
  change any elapsed time (UTC has no DST); a business-hours policy would need the real zone;
- `created` at `opened_at` with the first row's priority (`1 - Critical` -> P1 ... `4 - Low` ->
  P4) and `contact_type` and `category` as fields;
- every later row whose state differs from the previous one is a `status` event at its
  `sys_updated_at`: New -> `new`, Active -> `active`, Awaiting User Info ->
  `awaiting_customer`, Awaiting Vendor / Problem / Evidence -> `awaiting_vendor` /
  `awaiting_problem` / `awaiting_evidence`, Resolved -> `resolved`, Closed -> `closed`;
  a Resolved followed by any other state is therefore a reopen;
- a row whose priority differs from the previous one is a `priority` event;
- an update stamped before the previous event of its incident (or before `opened_at`) is moved
  forward to that instant so the applied order stays the `sys_mod_count` order (counted).

`--flags` writes {incident: made_sla of its last row} for the agreement figure;
`--compare EVALUATION.json FLAGS.json` prints how often slac's `resolution` state agrees with
it (breached <-> made_sla false), per priority.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path

LOG = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "uci_incident_event_log.csv.gz"
)  # ../shared beside the checkout
STATUS = {
    "New": "new",
    "Active": "active",
    "Awaiting User Info": "awaiting_customer",
    "Awaiting Vendor": "awaiting_vendor",
    "Awaiting Problem": "awaiting_problem",
    "Awaiting Evidence": "awaiting_evidence",
    "Resolved": "resolved",
    "Closed": "closed",
}
PRIORITY = {"1 - Critical": "P1", "2 - High": "P2", "3 - Moderate": "P3", "4 - Low": "P4"}


def instant(text: str) -> int:
    """`29/2/2016 01:16` read as UTC, epoch seconds."""
    return int(datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=UTC).timestamp())


def iso(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def incident_events(number: str, rows: list[dict], counts: dict) -> list[dict]:
    first = rows[0]
    t = instant(first["opened_at"])
    fields = {"contact_type": first["contact_type"], "category": first["category"]}
    events = [
        {
            "at": iso(t),
            "event": "created",
            "ticket": number,
            "priority": PRIORITY[first["priority"]],
            "fields": fields,
        }
    ]
    state, priority = "New", first["priority"]
    for row in rows:
        at = instant(row["sys_updated_at"])
        if at < t:
            counts["moved forward"] += 1
            at = t
        t = at
        if row["priority"] != priority:
            priority = row["priority"]
            events.append(
                {
                    "at": iso(t),
                    "event": "priority",
                    "ticket": number,
                    "priority": PRIORITY[priority],
                }
            )
        if row["incident_state"] != state:
            state = row["incident_state"]
            events.append(
                {"at": iso(t), "event": "status", "ticket": number, "status": STATUS[state]}
            )
    return events


def convert(log: Path, out, flags: dict) -> dict:
    counts = {"rows": 0, "skipped -100": 0, "moved forward": 0, "incidents": 0, "events": 0}
    with gzip.open(log, "rt", encoding="utf-8", newline="") as f:
        rows = []
        for row in csv.DictReader(f):
            counts["rows"] += 1
            if row["incident_state"] == "-100":
                counts["skipped -100"] += 1
                continue
            rows.append(row)
    rows.sort(key=lambda r: (r["number"], int(r["sys_mod_count"])))  # stable: file order for ties
    for number, group in groupby(rows, key=lambda r: r["number"]):
        group = list(group)
        counts["incidents"] += 1
        flags[number] = group[-1]["made_sla"] == "true"
        for event in incident_events(number, group, counts):
            out.write(json.dumps(event) + "\n")
            counts["events"] += 1
    return counts


def compare(evaluation_path: Path, flags_path: Path) -> str:
    """Agreement table (Markdown) of slac's resolution state with the log's final made_sla."""
    flags = json.loads(flags_path.read_text(encoding="utf-8"))
    evaluation = json.loads(evaluation_path.read_text(encoding="utf-8"))
    table: dict[str, list[int]] = {}  # priority -> [incidents, agree, slac breached, log breached]
    for ticket in evaluation["tickets"]:
        (metric,) = [m for m in ticket["metrics"] if m["metric"] == "resolution"]
        breached, log_breached = metric["state"] == "breached", not flags[ticket["ticket"]]
        for key in (ticket["priority"], "all"):
            row = table.setdefault(key, [0, 0, 0, 0])
            row[0] += 1
            row[1] += breached == log_breached
            row[2] += breached
            row[3] += log_breached
    lines = [
        "| priority | incidents | agree | agree % | slac breached | log made_sla false |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key in sorted(table, key=lambda k: (k == "all", k)):
        n, agree, ours, theirs = table[key]
        lines.append(
            f"| {key} | {n:,} | {agree:,} | {100 * agree / n:.1f} | {ours:,} | {theirs:,} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["--compare"]:
        if len(argv) != 3:
            raise SystemExit("usage: servicenow_to_events.py --compare EVALUATION.json FLAGS.json")
        print(compare(Path(argv[1]), Path(argv[2])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--flags", type=Path)
    parser.add_argument("--log", type=Path, default=LOG)
    args = parser.parse_args(argv)
    flags: dict[str, bool] = {}
    with open(args.out, "w", encoding="utf-8") as out:
        counts = convert(args.log, out, flags)
    if args.flags:
        args.flags.write_text(json.dumps(flags), encoding="utf-8")
    print(", ".join(f"{k}: {v:,}" for k, v in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
