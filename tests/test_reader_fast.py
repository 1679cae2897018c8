"""The event reader's fast path (`slac.inputs.fast_events`) gives exactly the reference path's answer.

`EventReader(..., fast=False)` reads every line with the pure-Python reference; the default
reader hands lines to msgspec after its first `REFERENCE_LINES` (0 here, so every line is
offered to the fast path). On the shipped example months, a generated load, and lines mutated
towards every problem the reader words (E701-E716, the ticket-order E714/E720-E722, W740), both
give the same events (values, types, line numbers, order, and which strings are shared), the
same problems, the same calls and worklogs, and the same `finish`.
"""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import slac.inputs.events as events_module
import slac.inputs.reader as reader_module
from slac import ir
from slac.inputs.reader import EventReader
from slac.loader import load

ROOT = Path(__file__).resolve().parent.parent
IMPERO = load(ROOT / "policies" / "impero.sla")
TOTARA = load(ROOT / "policies" / "totara.sla")


@pytest.fixture(autouse=True)
def _fast_from_the_first_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader_module, "REFERENCE_LINES", 0)


def outcome(policy: ir.Policy, lines: list[tuple[int, str]], fast: bool) -> dict[str, object]:
    """Everything a caller can see of one reader over `lines`."""
    reader = EventReader(policy, "events.jsonl", fast=fast)
    read = reader.read(lines)
    seen = {
        "events": [repr(e) for e in read],
        "equal": read,
        "shared": sharing(read),
        "problems": reader.problems(),
        "measures": reader.measures(),
    }
    kept, problems = reader.finish(list(read))
    seen["finished"] = [repr(e) for e in kept]
    seen["finish problems"] = problems
    return seen


def sharing(events: list[events_module.Event]) -> list[int]:
    """Which strings of the events are one object: each string's object, numbered by first sight."""
    number: dict[int, int] = {}
    shape = []
    for e in events:
        strings: list[object] = [e.kind, e.ticket, e.priority, e.author, e.status]
        for name, value in e.fields:
            strings += [name, value]
        if e.release is not None:
            strings += [e.release.name, e.release.kind, *e.release.products]
        shape += [number.setdefault(id(s), len(number)) for s in strings if isinstance(s, str)]
    return shape


def assert_same(policy: ir.Policy, lines: list[tuple[int, str]]) -> dict[str, object]:
    reference = outcome(policy, lines, fast=False)
    fast = outcome(policy, lines, fast=True)
    assert fast == reference
    return reference


def numbered(texts: list[str]) -> list[tuple[int, str]]:
    return list(enumerate(texts, 1))


# ---------------------------------------------------------------------------------------------
# Shipped and generated files


@pytest.mark.parametrize("name", ["learnamp", "totara", "clicklearn", "elb", "impero"])
def test_example_months(name: str) -> None:
    policy = load(ROOT / "policies" / f"{name}.sla")
    with open(ROOT / "examples" / name / "events.jsonl", encoding="utf-8-sig") as f:
        seen = assert_same(policy, list(enumerate(f, 1)))
    assert len(seen["equal"]) > 400  # type: ignore[arg-type]


def _generator():  # bench/gen_events.py, loaded as a module
    spec = importlib.util.spec_from_file_location("gen_events", ROOT / "bench" / "gen_events.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_events", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("dense", [False, True])
def test_generated_load(dense: bool) -> None:
    gen = _generator()
    texts = [line + "\n" for line in gen.generate(20000, seed=3, dense=dense)]
    seen = assert_same(IMPERO, numbered(texts))
    assert len(seen["equal"]) == 20000  # type: ignore[arg-type]
    assert seen["problems"] == [] and seen["finish problems"] == []


def test_the_default_reader_takes_the_reference_path_for_the_first_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file no longer than `REFERENCE_LINES` never reaches msgspec; a longer one does, from
    the line after, with the same answer."""
    monkeypatch.setattr(reader_module, "REFERENCE_LINES", 256)
    texts = [line + "\n" for line in _generator().generate(600, seed=5)]
    assert_same(IMPERO, numbered(texts))
    offered: list[int] = []
    import slac.inputs.fast_events as fast_events

    real = fast_events.read_fast

    def spy(lines, *args):  # type: ignore[no-untyped-def]
        lines = list(lines)
        offered.extend(n for n, _ in lines)
        real(lines, *args)

    monkeypatch.setattr(fast_events, "read_fast", spy)
    EventReader(IMPERO).read(numbered(texts[:256]))
    assert offered == []
    EventReader(IMPERO).read(numbered(texts))
    assert offered == list(range(257, 601))


# ---------------------------------------------------------------------------------------------
# Lines mutated towards every problem


TICKETS = ("T-1", "T-2", "open", "uk", "INC-0000001")  # ids equal to statuses and field values
STATUSES = ("open", "in_progress", "awaiting_customer", "resolved", "closed", "uk")


def instant(rng: random.Random) -> str:
    """A valid instant in one of the forms the reader takes, now and then near the years' ends."""
    year = rng.choice((2026, 2026, 2026, 1970, 2199))
    day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    time = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    ending = rng.choice(
        ("Z", "Z", "Z", "+01:00", "-05:30", "+00:00", ".250Z", ".9+02:00", "-00:00")
    )
    return f"{day}T{time}{ending}"


def field_values(rng: random.Random, policy: ir.Policy) -> dict[str, object]:
    values: dict[str, object] = {}
    for field in rng.sample(policy.fields, rng.randint(0, len(policy.fields))):
        if field.kind == "bool":
            values[field.name] = rng.choice((True, False))
        elif field.kind == "enum":
            values[field.name] = rng.choice(field.values)
        else:
            values[field.name] = rng.choice(("edlink", "uk", "T-1", "Ünïcode ✓", ""))
    return values


def valid_event(rng: random.Random, policy: ir.Policy) -> dict[str, object]:
    kind = rng.choice(
        ("created", "created", "comment", "comment", "status", "priority", "fields", "release")
        + (("call", "worklog") if policy.budget is not None else ("call",))
    )
    d: dict[str, object] = {"at": instant(rng), "event": kind}
    priorities = policy.priorities.names
    if kind not in ("release", "call"):
        d["ticket"] = rng.choice(TICKETS)
    if kind == "created":
        if rng.random() < 0.5:
            d["priority"] = rng.choice(priorities)
        if rng.random() < 0.8:
            d["fields"] = field_values(rng, policy)
    elif kind == "comment":
        d["author"] = rng.choice(("agent", "customer", "system"))
        if rng.random() < 0.5:
            d["public"] = rng.choice((True, False))
        if rng.random() < 0.3:
            d["channel"] = rng.choice(("email", None))
    elif kind == "status":
        d["status"] = rng.choice(STATUSES)
    elif kind == "priority":
        d["priority"] = rng.choice(priorities)
    elif kind == "fields":
        d["fields"] = field_values(rng, policy)
    elif kind == "release":
        d.update(release="v1", kind=rng.choice(("planned", "emergency")), fixes=["T-1"])
        if rng.random() < 0.5:
            d["products"] = ["edlink"]
    elif kind == "call":
        d.update(call="c-1", answered_after_seconds=rng.choice((None, 12)), queue="uk")
    else:
        d.update(
            minutes=30, rate=rng.choice(sorted(policy.budget.rates) if policy.budget else ["x"])
        )
    return d


ODD_VALUES = (
    None, True, False, 0, 7, -1, 1.5, 1e400, "", "x", "P9", [], ["a"], [1], {}, {"a": 1},
    "2026-03-02T09:00:00Z", 10**30, "\u2028", "\ud800",
)  # fmt: skip


def mutate(rng: random.Random, d: dict[str, object], policy: ir.Policy) -> None:
    """Change one thing in `d`, aimed at one of the reader's problems (or at nothing)."""
    key = rng.choice([*sorted(d), "fields", "ticket", "priority", "author", "zz"])
    aim = rng.randrange(9)
    if aim == 0:  # E704: a key missing
        d.pop(key, None)
    elif aim == 1:  # E704/E705/E707 and friends: a value of another type
        d[key] = rng.choice(ODD_VALUES)
    elif aim == 2:  # E706/E707/E708: an instant the reader refuses, or one near the edges
        d["at"] = rng.choice(
            (
                "2026-03-02T09:00:00", "2026-03-02", "2026-03-02T24:00:00Z", "2026-03-02T09:00:60Z",
                "2026-02-30T09:00:00Z", "2026-03-02t09:00:00Z", "2026-03-02T09:00:00z",
                "2026-03-02 09:00:00Z", "1969-12-31T23:59:59Z", "2200-01-01T00:00:00Z",
                "1970-01-01T00:30:00+01:00", "1970-01-01T00:30:00-01:00",
                "2199-12-31T23:30:00-01:00", "2199-12-31T23:30:00+01:00", "20260302T090000Z",
                "2026-03-02T09:00:00+0100", "2026-03-02T09:00:00+01:00:30", "2026-03-02T09Z",
                "2026-03-02T09:00Z", "२०२६-03-02T09:00:00Z", 1772442000, "2026-03-02T09:00:00.123456789Z",
            )
        )  # fmt: skip
    elif aim == 3:  # E710, E711, E712, E715: a value outside the vocabulary
        target = rng.choice(("event", "author", "priority", "rate", "status"))
        d[target] = rng.choice(("bot", "P9", "Comment", "created ", "call", "worklog", "S1", "P1"))
    elif aim == 4:  # E713, E705 and W740: a field value or key the policy does not declare
        fields = d.setdefault("fields", {})
        if isinstance(fields, dict):
            name = rng.choice([f.name for f in policy.fields] + ["impcat", "customer", ""])
            fields[name] = rng.choice(("severe", "nope", True, "true", 1, None, ["uk"]))
    elif aim == 5:  # E716: a call's or worklog's number
        d[rng.choice(("minutes", "answered_after_seconds"))] = rng.choice((0, -5, 1.5, "30", True))
    elif aim == 6:  # unknown keys are ignored, whatever they hold
        d[rng.choice(("note", "zz", "Ticket", "at ", "fields_"))] = rng.choice(ODD_VALUES)
    elif aim == 7:  # E702: past the decoder's limits, under a key nobody reads
        d["zz"] = rng.choice([*sorted(RAW), "x" * 600])
    # aim 8: unchanged


RAW = {  # written into the line as they are: `json` cannot write them
    "@@digits@@": "9" * 5000,
    "@@deep@@": "[" * 3000 + "]" * 3000,
    "@@nested@@": "[" * 200 + "]" * 200,
}


def render(rng: random.Random, d: object) -> str:
    """`d` as a line: one of several JSON spellings, or spoilt text (E701, E703, blank lines)."""
    separators = rng.choice(((",", ":"), (", ", ": "), (" , ", " : ")))
    try:
        text = json.dumps(d, separators=separators, ensure_ascii=rng.random() < 0.5)
    except (ValueError, RecursionError):
        text = '{"at": "2026-03-02T09:00:00Z"'
    for marker, raw in RAW.items():
        text = text.replace(json.dumps(marker), raw)
    spoil = rng.randrange(20)
    if spoil == 0 and len(text) > 2:  # E701: cut short, or a character out of place
        cut = rng.randrange(1, len(text))
        text = rng.choice((text[:cut], text[:cut] + rng.choice('{}[],:"x\\') + text[cut:]))
    elif spoil == 1:  # E703: JSON, not an object
        text = rng.choice(("[1, 2]", '"event"', "7", "null", "true", "[" + text + "]"))
    elif spoil == 2:  # blank lines and blanks around the object
        text = rng.choice(
            ("", "   ", "\t", "\x0c", " " + text, text + "  ", text + "\x0c", "\ufeff" + text)
        )
    elif spoil == 3 and text.startswith("{") and isinstance(d, dict) and d:  # a repeated key
        key = rng.choice(sorted(d))
        text = (
            "{" + json.dumps(key) + ": " + json.dumps(rng.choice(ODD_VALUES[:12])) + ", " + text[1:]
        )
    elif spoil == 4:  # values JSON does not have, which Python's decoder reads
        text = text.replace("1e+400", "Infinity").replace('"zz": 7', '"zz": NaN')
    elif spoil == 5 and text.endswith("}"):  # two objects on a line
        text = text + " " + text
    return text + rng.choice(("\n", "\n", "\r\n", ""))


def mutated_lines(rng: random.Random, policy: ir.Policy, count: int) -> list[tuple[int, str]]:
    texts = []
    for _ in range(count):
        d = valid_event(rng, policy)
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            mutate(rng, d, policy)
        texts.append(render(rng, d))
    return numbered(texts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.sampled_from([IMPERO, TOTARA]), st.integers(1, 12))
def test_mutated_lines_read_alike(rng: random.Random, policy: ir.Policy, count: int) -> None:
    assert_same(policy, mutated_lines(rng, policy, count))


def test_the_mutations_reach_every_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    """The property above is only as good as its inputs: seeded, they draw every code the
    event reader words, each read alike, and the fast path takes a fair share of the lines
    (the others it hands to the reference)."""
    handed_back = []
    reference_line = EventReader._line

    def spy(self: EventReader, number: int, text: str, events: list[object]) -> None:
        if self._fast:
            handed_back.append(number)
        reference_line(self, number, text, events)  # type: ignore[arg-type]

    monkeypatch.setattr(EventReader, "_line", spy)
    codes: set[str] = set()
    rng = random.Random(16)
    rounds = 400
    for round_ in range(rounds):
        policy = (IMPERO, TOTARA)[round_ % 2]
        seen = assert_same(policy, mutated_lines(rng, policy, 10))
        problems = seen["problems"] + seen["finish problems"]  # type: ignore[operator]
        codes.update(p.code for p in problems)
    expected = {f"E70{n}" for n in range(1, 9)} | {"E710", "E711", "E712", "E713", "E714"}
    expected |= {"E715", "E716", "E720", "E721", "E722", "W740"}
    assert expected <= codes
    assert 0.3 < 1 - len(handed_back) / (rounds * 10) < 0.7


def test_a_valid_looking_line_with_limits_python_has() -> None:
    """Lines msgspec would take but Python's decoder refuses (a 5,000-digit integer, brackets
    nested past the recursion limit) under a key nobody reads: E702, as the reference says."""
    base = '{"at": "2026-03-02T09:00:00Z", "event": "status", "ticket": "T-1", "status": "open"'
    lines = numbered(
        [
            base + ', "zz": ' + "9" * 5000 + "}\n",
            base + ', "zz": ' + "[" * 3000 + "]" * 3000 + "}\n",
            base + ', "zz": ' + "[" * 200 + "]" * 200 + "}\n",
            base + "}\n",
        ]
    )
    seen = assert_same(IMPERO, lines)
    assert [p.code for p in seen["problems"]] == ["E702", "E702"]  # type: ignore[attr-defined]
    assert len(seen["equal"]) == 2  # type: ignore[arg-type]
