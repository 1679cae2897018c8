"""`slac availability` end to end: exit status, standard output and standard error (contract §1, §6).

The policy loader is replaced by a policy built in Python (ELB's availability as `elb.sla`
states it), so these tests pin the command itself: bounds, invalid lines, both formats.
"""

from __future__ import annotations

import io
import json

import pytest

from slac import ir
from slac.cli import main
from slac.commands import availability as command

ELB = ir.Policy(
    name="elb",
    title="ELB",
    version=None,
    timezone="America/New_York",
    fields=(),
    priorities=ir.Priorities(names=("urgent",)),
    metrics=(),
    targets=(),
    calendar=ir.CalendarChoice(),
    availability=ir.Availability(
        services=(("platform", 99.9),),
        timezone="America/New_York",
        excused=frozenset({"scheduled_maintenance", "emergency_maintenance", "force_majeure"}),
        not_downtime=frozenset({"customer", "connectivity"}),
        credits=(ir.CreditBand(99.9, 10.0), ir.CreditBand(99.0, 30.0)),
        credit_after_failing=2,
        credit_window_months=6,
        material_breach_consecutive=4,
    ),
)

OUTAGES = (
    # January: 60 unplanned minutes of 44,640 -> 99.866, failing, first failing month: no credit.
    '{"service": "platform", "start": "2026-01-14T10:00:00-05:00", "end": "2026-01-14T11:00:00-05:00"}\n'
    # April (43,200): maintenance 600 excused, unplanned 560 of which 60 inside the maintenance:
    # downtime 500. 42,100 / 42,600 = 98.826 -> second failing month in six, below 99.0: 30%.
    '{"service": "platform", "start": "2026-04-11T02:00:00-04:00", "end": "2026-04-11T12:00:00-04:00",'
    ' "cause": "scheduled_maintenance"}\n'
    '{"service": "platform", "start": "2026-04-11T11:00:00-04:00", "end": "2026-04-11T20:20:00-04:00"}\n'
)


@pytest.fixture
def elb(monkeypatch):
    monkeypatch.setattr(command, "load_policy", lambda path: ELB)


def run(capsys, *argv):
    status = main(["availability", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def write(tmp_path, text):
    path = tmp_path / "outages.jsonl"
    path.write_text(text)
    return str(path)


def test_json_is_one_document_per_contract(elb, tmp_path, capsys):
    status, out, err = run(capsys, "elb.sla", write(tmp_path, OUTAGES), "--from", "2026-04", "--format", "json")
    assert (status, err) == (0, "")
    assert json.loads(out) == {
        "policy": "elb",
        "months": [
            {
                "service": "platform",
                "month": "2026-04",
                "total_minutes": 43200.0,
                "excused_minutes": 600.0,
                "downtime_minutes": 500.0,
                "availability_percent": 98.826,
                "objective_percent": 99.9,
                "met": False,
                "credit_percent": 30.0,
                "material_breach": False,
            }
        ],
    }


def test_table_for_people(elb, tmp_path, capsys):
    status, out, err = run(capsys, "elb.sla", write(tmp_path, OUTAGES), "--to", "2026-02", "--format", "table")
    assert (status, err) == (0, "")
    # January 60 min -> 99.866 failing (no credit: first of six); February 100%.
    assert out == (
        "month    service   excused min  downtime min  availability  objective  met  credit  breach\n"
        "-------  --------  -----------  ------------  ------------  ---------  ---  ------  ------\n"
        "2026-01  platform            0            60       99.866%      99.9%  NO       0%  no\n"
        "2026-02  platform            0             0          100%      99.9%  yes      0%  no\n"
    )
    assert max(len(line) for line in out.splitlines()) <= 100


def test_outages_from_standard_input(elb, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(OUTAGES))
    status, out, _ = run(capsys, "elb.sla", "-", "--format", "json")
    assert status == 0
    # January to April: four months, February and March at 100%.
    assert [m["month"] for m in json.loads(out)["months"]] == ["2026-01", "2026-02", "2026-03", "2026-04"]


def test_every_invalid_line_is_reported_and_nothing_printed(elb, tmp_path, capsys):
    text = (
        OUTAGES  # lines 1-3
        + "not json\n"
        + '{"service": "production", "start": "2026-05-01T00:00:00Z", "end": "2026-05-01T01:00:00Z"}\n'
        + '{"service": "platform", "start": "2026-05-01T00:00:00", "end": "2026-05-01T01:00:00Z"}\n'
    )
    path = write(tmp_path, text)
    status, out, err = run(capsys, "elb.sla", path, "--format", "json")
    assert (status, out) == (2, "")
    assert err == (
        f"{path}:4: not JSON: Expecting value at column 1\n"
        f"{path}:5: unknown service `production`: policy `elb` declares `platform`\n"
        f"{path}:6: `start` has no UTC offset: `2026-05-01T00:00:00` (write `2026-05-01T00:00:00Z` or add an "
        "offset such as `+01:00`)\n"
        f"slac: {path}: 3 invalid outage lines; nothing computed\n"
    )


def test_invalid_lines_on_standard_input_are_labelled(elb, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("[]\n"))
    status, out, err = run(capsys, "elb.sla", "-")
    assert (status, out, err) == (
        2,
        "",
        "<stdin>:1: an outage is a JSON object, found an array\nslac: <stdin>: 1 invalid outage line; nothing computed\n",
    )


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--from", "2026-13"], "slac: --from: `2026-13` is not a month: write YYYY-MM, e.g. 2026-04\n"),
        (["--to", "26-04"], "slac: --to: `26-04` is not a month: write YYYY-MM, e.g. 2026-04\n"),
        (["--from", "2026-05", "--to", "2026-04"], "slac: --from 2026-05 is after --to 2026-04\n"),
    ],
    ids=["from-month-13", "to-short-year", "from-after-to"],
)
def test_bad_month_bounds_exit_2(elb, tmp_path, capsys, flags, message):
    status, out, err = run(capsys, "elb.sla", write(tmp_path, OUTAGES), *flags)
    assert (status, out, err) == (2, "", message)


def test_missing_outages_file_exit_2(elb, tmp_path, capsys):
    missing = str(tmp_path / "nope.jsonl")
    status, out, err = run(capsys, "elb.sla", missing)
    assert (status, out, err) == (2, "", f"slac: {missing}: cannot read: No such file or directory\n")


def test_policy_without_availability_exit_2(monkeypatch, tmp_path, capsys):
    import attrs

    monkeypatch.setattr(command, "load_policy", lambda path: attrs.evolve(ELB, availability=None))
    status, out, err = run(capsys, "elb.sla", write(tmp_path, OUTAGES))
    assert (status, out) == (2, "")
    assert err == (
        "slac: elb.sla: policy `elb` states no availability, so there is nothing to measure "
        "(add an `availability` block with its services)\n"
    )


def test_no_outages_and_no_months_says_so(elb, tmp_path, capsys):
    status, out, _ = run(capsys, "elb.sla", write(tmp_path, ""), "--format", "table")
    assert (status, out) == (0, "elb: no outages and no months asked for (give --from and --to to list months)\n")
    status, out, _ = run(capsys, "elb.sla", write(tmp_path, ""), "--format", "json")
    assert (status, json.loads(out)) == (0, {"policy": "elb", "months": []})
