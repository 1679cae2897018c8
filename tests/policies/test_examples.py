"""The example months under examples/: the files are the generator's, and what slac says about
them is pinned by snapshots people review (evaluation, report, availability JSON).

The availability figures that say something the agreement promises (credits, the trigger,
material breach, supported hours) are worked by hand in the policy tests beside the agreements
(`policies/*.slatest`, run by `slac test` and tests/test_policy_tests.py).
"""

import importlib.util
import json
from pathlib import Path

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

import slac

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
POLICIES = ("learnamp", "totara", "clicklearn", "elb", "impero")
WITH_OUTAGES = ("learnamp", "clicklearn", "elb", "impero")
AT = "2026-04-01T00:00:00Z"


def _generator():
    spec = importlib.util.spec_from_file_location("examples_generate", EXAMPLES / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


@pytest.fixture(scope="module")
def generator():
    return _generator()


@pytest.mark.parametrize("name", POLICIES)
def test_committed_files_are_the_generators(generator, name):
    assert _jsonl(EXAMPLES / name / "events.jsonl") == generator.month_events(name)
    if name in WITH_OUTAGES:
        assert _jsonl(EXAMPLES / name / "outages.jsonl") == generator.outage_lines(name)


@pytest.mark.parametrize("name", POLICIES)
def test_evaluation(load_policy, snapshot_json, name):
    events = _jsonl(EXAMPLES / name / "events.jsonl")
    assert slac.evaluate(load_policy(name), events, at=AT).to_dict() == snapshot_json


@pytest.mark.parametrize("name", POLICIES)
def test_report(load_policy, snapshot_json, name):
    events = _jsonl(EXAMPLES / name / "events.jsonl")
    assert slac.report(load_policy(name), events, at=AT).to_dict() == snapshot_json


@pytest.mark.parametrize("name", WITH_OUTAGES)
def test_availability(load_policy, snapshot_json, name):
    outages = _jsonl(EXAMPLES / name / "outages.jsonl")
    assert slac.availability(load_policy(name), outages).to_dict() == snapshot_json
