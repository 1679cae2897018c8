"""Benchmark: release matching for many code-fix tickets and releases (issue 16, item 5).

N code-fix tickets and N releases in one evaluation: ticket i is created, marked `code_fix`
and fixed by release i, and each is judged against "next relevant release" of its product
(four products), so matching once scanned the releases after each
ticket's code-fix instant. The releases all list a product no ticket has (`legacy`), so no
ticket's target release ever ships and each ticket's fix is found among all N releases. Run from the repository root:

    .venv/bin/python bench/bench_releases.py [N ...]     # default 16000

It prints the seconds of `slac.evaluation.evaluate` (reading dicts, folding and judging),
the judging of the N tickets being where the matching happens.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta

import slac
from slac.evaluation import evaluate

POLICY = """policy releases "Release matching" {
  timezone "UTC"
  calendar all { always open }
  business hours all
  field code_fix: bool = false
  field product: text
  priorities P1, P2
  metric resolution {
    start on created
    stop on resolved
  }
  targets {
    priority  resolution
    P1        8h
    P2        16h
  }
  code fix resolution when code_fix {
    relevant by product
    P1  next relevant emergency release
    P2  next relevant release
  }
}
"""
PRODUCTS = ("edlink", "portal", "reports", "sync")
START = datetime(2026, 1, 1, tzinfo=UTC)


def iso(minutes: int) -> str:
    return (START + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def events(n: int) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i in range(n):
        ticket, product = f"T-{i}", PRODUCTS[i % len(PRODUCTS)]
        out.append(
            {
                "at": iso(i),
                "event": "created",
                "ticket": ticket,
                "priority": ("P1", "P2")[i % 2],
                "fields": {"product": product},
            }
        )
        out.append(
            {"at": iso(i), "event": "fields", "ticket": ticket, "fields": {"code_fix": True}}
        )
    for i in range(n):
        out.append(
            {
                "at": iso(n + i),
                "event": "release",
                "release": f"r-{i}",
                "kind": ("planned", "emergency")[i % 2],
                "products": ["legacy"],
                "fixes": [f"T-{n - 1 - i}"],
            }
        )
    return out


def main() -> None:
    policy = slac.loads(POLICY)
    for n in [int(a) for a in sys.argv[1:]] or [16_000]:
        feed = events(n)
        start = time.perf_counter()
        evaluate(policy, feed, at=iso(3 * n))
        print(f"| {n:,} tickets x {n:,} releases | {time.perf_counter() - start:.2f} s |")


if __name__ == "__main__":
    main()
