"""Throughput and memory of `slac import`, end to end, against a plain read of the same file.

    .venv/bin/python bench/bench_import.py [--data /tmp/slac-bench] [--repeat 3] [--log-dir DIR]

Each run is a fresh process with stdout to /dev/null (bench_evaluate.py's `best`: best wall
time of `--repeat`, peak RSS from `os.wait4`):

- the public logs (from `--log-dir`, by default a `shared/data` folder beside the checkout),
  each with its example map, against `csv.reader` over the same gzip file: the floor any CSV
  importer pays;
- the largest log (ServiceNow, 141,712 rows) repeated 1, 2, 4 and 8 times with the incident
  numbers made distinct, uncompressed: memory must stay flat as the input grows;
- synthetic Zendesk audits and Jira issues pages (fixed seed), against `json.loads` of the
  same lines.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import sys
from pathlib import Path

from bench_evaluate import PYTHON, ROOT, best

LOGS = ROOT.parent / "shared" / "data"
READ_CSV = (
    "import csv, gzip, sys\n"
    "opener = gzip.open if sys.argv[1].endswith('.gz') else open\n"
    "with opener(sys.argv[1], 'rt', encoding='utf-8-sig', newline='') as f:\n"
    "    for row in csv.reader(f): pass\n"
)
READ_JSON = "import json,sys\nfor line in open(sys.argv[1], encoding='utf-8'): json.loads(line)\n"
PUBLIC = (  # name, file, extra arguments of `slac import`
    ("servicenow", "uci_incident_event_log.csv.gz", ["servicenow"]),
    ("helpdesk_italian", "helpdesk_italian_finale.csv.gz", ["csv", "--map", "examples/helpdesk_italian/map.toml"]),
    ("bpic2013", "bpic2013_incidents.csv.gz", ["csv", "--map", "examples/bpic2013/map.toml"]),
    ("bpic2014", "bpic2014_incident_activity_subset.csv.gz",
     ["csv", "--map", "examples/bpic2014/map.toml",
      "--join", "{logs}/bpic2014_incident_case_attributes_subset.csv.gz"]),
)  # fmt: skip
SLAC = [PYTHON, "-m", "slac.cli", "import"]


def slac_import(arguments: list[str], path: Path) -> list[str]:
    """`slac import FORMAT PATH [options]` as argv."""
    return [*SLAC, arguments[0], str(path), *arguments[1:]]


def row(name: str, rows: int, plain: tuple[float, int], slac: tuple[float, int]) -> str:
    return (
        f"| {name} | {rows:,} | {plain[0]:.2f} | {slac[0]:.2f} | {slac[0] / plain[0]:.1f} |"
        f" {rows / slac[0]:,.0f} | {plain[1] / 2**20:.0f} | {slac[1] / 2**20:.0f} |"
    )


HEAD = (
    "| input | records | plain read s | slac import s | ratio | records/s | plain peak MB |"
    " slac peak MB |\n|---|---:|---:|---:|---:|---:|---:|---:|"
)


def public_logs(logs: Path, repeat: int) -> None:
    print("Public logs (gzip CSV), `slac import` vs `csv.reader`:\n\n" + HEAD)
    for name, file, arguments in PUBLIC:
        path = logs / file
        with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
            rows = sum(1 for _ in csv.reader(f)) - 1
        argv = slac_import([a.format(logs=logs) for a in arguments], path)
        print(
            row(name, rows, best([PYTHON, "-c", READ_CSV, str(path)], repeat), best(argv, repeat))
        )


def scaled(logs: Path, data: Path, repeat: int) -> None:
    print("\nThe ServiceNow log repeated (plain CSV), memory as the input grows:\n\n" + HEAD)
    source = logs / "uci_incident_event_log.csv.gz"
    for times in (1, 2, 4, 8):
        path = data / f"servicenow-x{times}.csv"
        if not path.exists():
            data.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                for copy in range(times):
                    with gzip.open(source, "rt", encoding="utf-8", newline="") as f:
                        reader = csv.reader(f)
                        header = next(reader)
                        if copy == 0:
                            writer.writerow(header)
                        for cells in reader:
                            cells[0] = f"{cells[0]}-{copy}"  # distinct incident numbers
                            writer.writerow(cells)
        rows = 141_712 * times
        argv = slac_import(["servicenow"], path)
        print(
            row(
                f"x{times}",
                rows,
                best([PYTHON, "-c", READ_CSV, str(path)], repeat),
                best(argv, repeat),
            )
        )


def zendesk_page(tickets: range, rng: random.Random) -> dict:
    audits = []
    for ticket in tickets:
        t = 1_772_442_000 + ticket * 600
        audits.append({"id": ticket * 10, "ticket_id": ticket, "created_at": t, "author_id": 1,
                       "events": [{"type": "Comment", "author_id": 1, "public": True},
                                  {"type": "Create", "field_name": "status", "value": "new"},
                                  {"type": "Create", "field_name": "priority", "value": "normal"},
                                  {"type": "Create", "field_name": "requester_id", "value": 1}]})  # fmt: skip
        for step, status in enumerate(("open", "pending", "open", "solved"), start=1):
            audits.append({"id": ticket * 10 + step, "ticket_id": ticket,
                           "created_at": t + step * rng.randrange(60, 7200), "author_id": 2,
                           "events": [{"type": "Comment", "author_id": 2, "public": step != 2},
                                      {"type": "Change", "field_name": "status", "value": status}]})  # fmt: skip
    return {"audits": audits, "users": [{"id": 1, "role": "end-user"}, {"id": 2, "role": "agent"}]}


def jira_issue(key: int, rng: random.Random) -> dict:
    def at(minutes: int) -> str:
        return f"2026-03-{2 + minutes // 1440:02d}T{minutes % 1440 // 60:02d}:{minutes % 60:02d}:00.000+0000"

    steps = sorted(rng.randrange(1, 1440 * 5) for _ in range(4))
    statuses = [
        "Waiting for support",
        "In Progress",
        "Waiting for customer",
        "In Progress",
        "Resolved",
    ]
    histories = [{"created": at(m), "items": [{"field": "status", "from": str(i), "fromString": statuses[i],
                                               "to": str(i + 1), "toString": statuses[i + 1]}]}
                 for i, m in enumerate(steps)]  # fmt: skip
    comments = [
        {"author": {"accountId": "a", "accountType": "atlassian"}, "created": at(m)} for m in steps
    ]
    return {"key": f"SUP-{key}", "fields": {"created": at(0), "priority": {"name": "Medium"},
            "status": {"id": "4", "name": "Resolved"}, "reporter": {"accountId": "c"},
            "comment": {"total": 4, "comments": comments}},
            "changelog": {"total": 4, "histories": histories}}  # fmt: skip


def synthetic(data: Path, repeat: int) -> None:
    print(
        "\nSynthetic vendor pages (JSON Lines, 100 tickets a page), `slac import` vs `json.loads`:\n\n"
        + HEAD
    )
    rng = random.Random(18)
    data.mkdir(parents=True, exist_ok=True)
    zendesk, jira = data / "zendesk-audits.jsonl", data / "jira-issues.jsonl"
    if not zendesk.exists():
        with open(zendesk, "w", encoding="utf-8") as out:
            for page in range(500):
                out.write(json.dumps(zendesk_page(range(page * 100, page * 100 + 100), rng)) + "\n")
    if not jira.exists():
        with open(jira, "w", encoding="utf-8") as out:
            for page in range(500):
                issues = [jira_issue(page * 100 + i, rng) for i in range(100)]
                out.write(json.dumps({"issues": issues}) + "\n")
    for name, path, records in (
        ("zendesk audits", zendesk, 250_000),
        ("jira issues", jira, 50_000),
    ):
        fmt = name.split()[0]
        print(row(name, records, best([PYTHON, "-c", READ_JSON, str(path)], repeat),
                  best([*SLAC, fmt, str(path)], repeat)))  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/slac-bench"))
    parser.add_argument("--log-dir", type=Path, default=LOGS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if args.log_dir.is_dir():
        public_logs(args.log_dir, args.repeat)
        scaled(args.log_dir, args.data, args.repeat)
    else:
        print(f"{args.log_dir} is absent: public logs skipped")
    synthetic(args.data, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
