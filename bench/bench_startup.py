"""Benchmark: start-up of `slac check policies/` and of `slac evaluate` on an empty input.

Goal (issue 16): each under 0.2 s as a whole process on the development container, interpreter
included. Each process runs `--runs` times (default 20) and the table gives the median wall
time and the median CPU time (user + system of the child, from `getrusage`); the variants are
run in turn, round after round, so a busy machine slows them alike. Run from the repository root:

    .venv/bin/python bench/bench_startup.py                    # prints a Markdown table
    .venv/bin/python bench/bench_startup.py --src before=/path/to/other/checkout/src

Each code base (this checkout's `src`, and any `--src LABEL=PATH`) is copied to a temporary
folder twice, symbolic links resolved: once compiled to bytecode (`compileall`, what `pip
install` does for a package) and once without (what this container's `PYTHONDONTWRITEBYTECODE=1`
leaves an editable checkout: every slac module compiled from source on every run). The copies
run with `PYTHONDONTWRITEBYTECODE=1` and the copy first on `PYTHONPATH`. `--hide interegular`
puts a stand-in that raises ImportError before the installed package: Lark imports interegular
when it is installed (~6 ms), which the test extra does and a user's `pip install slac` does
not. The user cache (`$XDG_CACHE_HOME/slac`: Lark's parser tables, compiled policies) is warm (a
folder filled by one run before timing), edited (the parser tables kept, the compiled policies
removed before every run: a policy edited since its last run) or cold (an empty folder for every
run, so each run builds and writes both); `--cache` picks some of them.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AT = ("--at", "2026-03-01T00:00:00Z")
CACHES = ("warm", "edited", "cold")


def processes(empty: Path) -> list[tuple[str, list[str], bool]]:
    """(label, command line, whether it reads the user cache)."""
    slac = [sys.executable, "-m", "slac.cli"]
    policy = ROOT / "policies" / "impero.sla"
    return [
        ("bare interpreter (`python -c pass`)", [sys.executable, "-c", "pass"], False),
        ("`import slac.cli`", [sys.executable, "-c", "import slac.cli"], False),
        ("`slac check policies/`", [*slac, "check", str(ROOT / "policies")], True),
        (
            "`slac evaluate policies/impero.sla EMPTY --at 2026-03-01T00:00:00Z`",
            [*slac, "evaluate", str(policy), str(empty), *AT],
            True,
        ),
    ]


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of `argv`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def copies(sources: dict[str, Path], scratch: Path) -> dict[tuple[str, str], Path]:
    """(label, "bytecode" | "no bytecode") -> a copy of that source tree."""
    made = {}
    for label, src in sources.items():
        for bytecode in ("bytecode", "no bytecode"):
            copy = scratch / f"{label}-{bytecode.replace(' ', '-')}"
            shutil.copytree(src, copy, symlinks=False, ignore=shutil.ignore_patterns("__pycache__"))
            if bytecode == "bytecode":
                compileall.compile_dir(copy, quiet=1)
            made[label, bytecode] = copy
    return made


def forget(home: Path, cache: str) -> None:
    """Empty the cache folder as the `cache` state wants it before a run."""
    if cache == "cold":
        shutil.rmtree(home, ignore_errors=True)
    elif cache == "edited":
        for entry in (home / "slac").glob("policy-*"):
            entry.unlink()


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=20)
    options.add_argument("--src", action="append", default=[], metavar="LABEL=PATH")
    options.add_argument("--hide", action="append", default=[], metavar="MODULE")
    options.add_argument("--cache", action="append", choices=CACHES, help="default: all three")
    args = options.parse_args()
    sources = {"this": ROOT / "src"}
    for item in args.src:
        label, _, path = item.partition("=")
        sources[label] = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        empty = scratch / "empty.jsonl"
        empty.write_text("")
        trees = copies(sources, scratch)
        hidden = scratch / "hidden"
        for module in args.hide:
            (hidden / module).mkdir(parents=True)
            (hidden / module / "__init__.py").write_text("raise ImportError('hidden')\n")
        variants = []  # (label, bytecode, cache, process, argv, env)
        for (label, bytecode), tree in trees.items():
            for cache in args.cache or CACHES:
                home = scratch / f"cache-{label}-{bytecode.replace(' ', '-')}-{cache}"
                env = {
                    **os.environ,
                    "PYTHONPATH": os.pathsep.join([str(tree), str(hidden)]),
                    "PYTHONDONTWRITEBYTECODE": "1",
                    "XDG_CACHE_HOME": str(home),
                }
                for process, argv, reads_cache in processes(empty):
                    if cache != "warm" and not reads_cache:
                        continue
                    variants.append((label, bytecode, cache, process, argv, env))
                    if cache != "cold":
                        timed(argv, env)  # fills the cache
        samples: dict[int, list[tuple[float, float]]] = {i: [] for i in range(len(variants))}
        for _ in range(args.runs):
            for i, (_, _, cache, _, argv, env) in enumerate(variants):
                forget(Path(env["XDG_CACHE_HOME"]), cache)
                samples[i].append(timed(argv, env))
    print(f"| code | bytecode | cache | process | wall (median of {args.runs}) | CPU (median) |")
    print("|---|---|---|---|---|---|")
    for i, (label, bytecode, cache, process, *_) in enumerate(variants):
        wall = statistics.median(s[0] for s in samples[i]) * 1000
        cpu = statistics.median(s[1] for s in samples[i]) * 1000
        print(f"| {label} | {bytecode} | {cache} | {process} | {wall:.0f} ms | {cpu:.0f} ms |")


if __name__ == "__main__":
    main()
