"""Benchmark: a keystroke's diagnostics from `slac lsp` on the largest shipped policy.

Goal (issue 17): under 50 ms from a keystroke to its diagnostics. Run from the repository root:

    .venv/bin/python bench/bench_lsp.py            # prints a Markdown report

The keystrokes type a new statement into the largest policy one character at a time, then
delete it again, so most intermediate texts are syntax errors (`pause when st`) and some are
whole policies with semantic problems or none: what an editor sends while someone types.

- in-process: what the server does per change, `analyse` (parse + check + the name index) and
  the diagnostics turned into LSP objects, after one warm-up.
- over stdio: pygls's LanguageClient starts `slac lsp`, opens the policy, and for each keystroke
  sends `didChange` and waits for `publishDiagnostics`: the round trip an editor sees,
  JSON-RPC framing and both processes included.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the editor stand-in the tests use

from lsp_client import session  # noqa: E402
from pygls.workspace import TextDocument  # noqa: E402

from slac.lsp.analysis import analyse  # noqa: E402
from slac.lsp.server import to_diagnostic  # noqa: E402
from slac.source import Source  # noqa: E402
from slac.syntax import parse_source  # noqa: E402

LARGEST = max(sorted((ROOT / "policies").glob("*.sla")), key=lambda p: len(p.read_bytes()))
TYPED = "  pause when status waiting_on_vendor, on_hold\n"


def keystrokes(text: str) -> list[str]:
    """The successive texts while TYPED is typed before the policy's closing brace, then
    deleted again, one character a keystroke."""
    at = text.rstrip().rfind("}")
    typed = [text[:at] + TYPED[:n] + text[at:] for n in range(1, len(TYPED) + 1)]
    return typed + typed[-2::-1] + [text]


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"median {statistics.median(ordered):.2f} ms, p95 {p95:.2f} ms, max {ordered[-1]:.2f} ms"


def parse_only(text: str, runs: int) -> tuple[list[float], list[float]]:
    """The peer, measured in the same run: parsing the unchanged policy, nothing else (the
    floor any keystroke pays; the machine's load moves both alike)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        parse_source(Source(str(LARGEST), text))
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def in_process(texts: list[str]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per keystroke (CPU time leaves out the time spent
    waiting for a processor, which is most of the spread on a busy machine)."""
    uri = LARGEST.as_uri()
    analyse(texts[-1], str(LARGEST))  # warm-up: the parser, zones and holidays
    wall, cpu = [], []
    for text in texts:
        start, start_cpu = time.perf_counter(), time.process_time()
        document = TextDocument(uri, text)
        found = analyse(text, str(LARGEST))
        [to_diagnostic(document, d) for d in found.diagnostics]
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


async def over_stdio(texts: list[str]) -> list[float]:
    uri = LARGEST.as_uri()
    samples = []
    async with session() as editor:
        editor.open(uri, texts[-1])
        await editor.diagnostics(uri)
        for text in texts:
            start = time.perf_counter()
            editor.replace(uri, text)
            await editor.diagnostics(uri)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    texts = keystrokes(LARGEST.read_text(encoding="utf-8"))
    print(f"# slac lsp: keystroke to diagnostics on `{LARGEST.name}`\n")
    lines = LARGEST.read_text(encoding="utf-8").count("\n")
    print(f"{len(texts)} keystrokes on {lines} lines ({len(texts[-1]):,} characters)\n")
    wall, cpu = parse_only(texts[-1], len(texts))
    print(f"- peer, parse only of the policy: wall {percentiles(wall)}; CPU {percentiles(cpu)}")
    wall, cpu = in_process(texts)
    print(
        f"- in-process (analyse + LSP diagnostics): wall {percentiles(wall)}; CPU {percentiles(cpu)}"
    )
    print(
        f"- over stdio (didChange -> publishDiagnostics): {percentiles(asyncio.run(over_stdio(texts)))}"
    )


if __name__ == "__main__":
    main()
