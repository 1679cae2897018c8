"""`slac availability` end to end: exit status, standard output and standard error (contract §1, §6).

The policy loader is replaced by a policy built in Python (ELB's availability as `elb.sla`
states it), so these tests pin the command itself: bounds, invalid lines, both formats.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from slac import ir
from slac.cli import main
from slac.cli.commands import availability as command

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
    status, out, err = run(
        capsys, "elb.sla", write(tmp_path, OUTAGES), "--from", "2026-04", "--format", "json"
    )
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
    status, out, err = run(
        capsys, "elb.sla", write(tmp_path, OUTAGES), "--to", "2026-02", "--format", "table"
    )
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
    assert [m["month"] for m in json.loads(out)["months"]] == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
    ]


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
        f"{path}:5: service `production` is not declared by the policy (declared: platform)\n"
        f"{path}:6: `start` has no UTC offset: `2026-05-01T00:00:00` (write `2026-05-01T00:00:00Z` or add an "
        "offset such as `+01:00`)\n"
        f"slac: {path}: 3 invalid outage lines; nothing computed\n"
    )


def test_problems_as_json_name_their_codes(elb, tmp_path, capsys):
    path = write(tmp_path, OUTAGES + '{"service": "platform", "start": "2026-05-01T00:00:00Z"}\n')
    status, out, err = run(capsys, "elb.sla", path, "--problems-format", "json")
    assert (status, out) == (2, "")
    assert json.loads(err) == [
        {
            "path": path,
            "line": 4,
            # no `end` to point at: the whole line, `{` 1 + `"service": ` 11 + `"platform"` 10
            # + `, ` 2 + `"start": ` 9 + the instant 22 + `}` 1 = 56 characters
            "column": 1,
            "end_line": 4,
            "end_column": 57,
            "severity": "error",
            "code": "E704",
            "message": "missing key `end`",
            "help": None,
        }
    ]


def test_invalid_lines_on_standard_input_are_labelled(elb, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("[]\n"))
    status, out, err = run(capsys, "elb.sla", "-")
    assert (status, out, err) == (
        2,
        "",
        "<stdin>:1: an outage is a JSON object, got `[]`\nslac: <stdin>: 1 invalid outage line; nothing computed\n",
    )


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (
            ["--from", "2026-13"],
            "slac: --from: `2026-13` is not a month: write YYYY-MM, e.g. 2026-04\n",
        ),
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
    assert (status, out, err) == (
        2,
        "",
        f"slac: {missing}: cannot read: No such file or directory\n",
    )


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
    assert (status, out) == (
        0,
        "elb: no outages and no months asked for (give --from and --to to list months)\n",
    )
    status, out, _ = run(capsys, "elb.sla", write(tmp_path, ""), "--format", "json")
    assert (status, json.loads(out)) == (0, {"policy": "elb", "months": []})


# ---------------------------------------------------------------------------------------------
# The shipped policies, loaded from their .sla files: the hand-worked numbers of
# test_availability.py, now through the language.

POLICIES = Path(__file__).resolve().parents[1] / "policies"


def lines(*outages: tuple) -> str:
    keys = ("service", "start", "end", "cause", "scope", "announced_at")
    return "".join(json.dumps(dict(zip(keys, outage, strict=False))) + "\n" for outage in outages)


def shipped(capsys, tmp_path, name, text, *flags):
    status, out, err = run(
        capsys, str(POLICIES / f"{name}.sla"), write(tmp_path, text), "--format", "json", *flags
    )
    assert (status, err) == (0, "")
    return json.loads(out)


def brief(row: dict) -> tuple:
    return (
        row["month"],
        row["service"],
        row["total_minutes"],
        row["excused_minutes"],
        row["downtime_minutes"],
        row["availability_percent"],
        row["met"],
        row["credit_percent"],
        row["material_breach"],
    )


def test_clicklearn_shipped(tmp_path, capsys):
    text = lines(
        ("production", "2026-06-10T10:00:00+02:00", "2026-06-10T10:45:00+02:00"),
        (
            "production",
            "2026-06-03T02:00:00+02:00",
            "2026-06-03T04:00:00+02:00",
            "scheduled_maintenance",
        ),
        (
            "production",
            "2026-06-04T12:00:00+02:00",
            "2026-06-04T15:00:00+02:00",
            "unplanned",
            "partial",
        ),
    )
    got = shipped(capsys, tmp_path, "clicklearn", text)
    # 43,200 minutes in June; only the 45 unplanned full minutes count: 100 * 43,155 / 43,200 = 99.896.
    assert got["policy"] == "clicklearn"
    assert [brief(r) for r in got["months"]] == [
        ("2026-06", "production", 43200.0, 0.0, 45.0, 99.896, False, None, False)
    ]


def test_elb_shipped_half_year(tmp_path, capsys):
    text = lines(
        (
            "platform",
            "2026-01-14T10:00:00-05:00",
            "2026-01-14T11:00:00-05:00",
        ),  # 60 of 44,640: 99.866
        ("platform", "2026-02-03T10:00:00-05:00", "2026-02-03T12:00:00-05:00", "customer"),
        ("platform", "2026-02-04T10:00:00-05:00", "2026-02-04T12:00:00-05:00", "connectivity"),
        # April: 600 excused, 560 unplanned of which 60 under the maintenance: 42,100 / 42,600 = 98.826.
        (
            "platform",
            "2026-04-11T02:00:00-04:00",
            "2026-04-11T12:00:00-04:00",
            "scheduled_maintenance",
        ),
        ("platform", "2026-04-11T11:00:00-04:00", "2026-04-11T20:20:00-04:00"),
        (
            "platform",
            "2026-05-06T10:00:00-04:00",
            "2026-05-06T11:30:00-04:00",
        ),  # 90 of 44,640: 99.798
        (
            "platform",
            "2026-06-09T10:00:00-04:00",
            "2026-06-09T13:36:00-04:00",
        ),  # 216 of 43,200: 99.5
        (
            "platform",
            "2026-07-07T10:00:00-04:00",
            "2026-07-07T18:20:00-04:00",
        ),  # 500 of 44,640: 98.88
    )
    got = shipped(capsys, tmp_path, "elb", text)
    assert [brief(r) for r in got["months"]] == [
        (
            "2026-01",
            "platform",
            44640.0,
            0.0,
            60.0,
            99.866,
            False,
            0.0,
            False,
        ),  # first failing of six
        ("2026-02", "platform", 40320.0, 0.0, 0.0, 100.0, True, 0.0, False),
        ("2026-03", "platform", 44580.0, 0.0, 0.0, 100.0, True, 0.0, False),  # DST from 8 March
        (
            "2026-04",
            "platform",
            43200.0,
            600.0,
            500.0,
            98.826,
            False,
            30.0,
            False,
        ),  # second: < 99.0
        ("2026-05", "platform", 44640.0, 0.0, 90.0, 99.798, False, 10.0, False),
        ("2026-06", "platform", 43200.0, 0.0, 216.0, 99.5, False, 10.0, False),
        ("2026-07", "platform", 44640.0, 0.0, 500.0, 98.88, False, 30.0, True),  # 4th consecutive
    ]


def test_learnamp_shipped_supported_hours(tmp_path, capsys):
    text = lines(
        ("platform", "2026-05-25T09:00:00+01:00", "2026-05-25T17:00:00+01:00"),  # bank holiday
        ("platform", "2026-05-26T08:00:00+01:00", "2026-05-26T14:40:00+01:00"),  # 400 min
        ("platform", "2026-05-27T22:00:00+01:00", "2026-05-28T06:00:00+01:00"),  # night
        ("platform", "2026-05-30T10:00:00+01:00", "2026-05-30T16:00:00+01:00"),  # Saturday
    )
    got = shipped(capsys, tmp_path, "learnamp", text)
    # May 2026: 19 working days (21 weekdays less 4 and 25 May) * 14h = 15,960 minutes.
    # 100 * (15,960 - 400) / 15,960 = 97.494, below 97.7.
    assert [brief(r) for r in got["months"]] == [
        ("2026-05", "platform", 15960.0, 0.0, 400.0, 97.494, False, None, False)
    ]


def test_impero_shipped_uk_desk_hours(tmp_path, capsys):
    text = lines(
        ("education_pro", "2026-06-10T02:00:00+01:00", "2026-06-10T07:00:00+01:00"),  # night
        ("education_pro", "2026-06-11T00:30:00+01:00", "2026-06-11T01:30:00+01:00"),  # 30 min count
        (
            "education_pro",
            "2026-06-15T10:00:00+01:00",
            "2026-06-15T11:00:00+01:00",
            "emergency_maintenance",
        ),
        (
            "education_pro",
            "2026-06-16T07:00:00+01:00",
            "2026-06-16T09:00:00+01:00",
            "scheduled_maintenance",
            "full",
            "2026-06-15T07:00:00+01:00",  # Impero's 24 hours' notice, to the second
        ),
        ("edaware", "2026-06-17T12:00:00+01:00", "2026-06-17T13:00:00+01:00"),
    )
    got = shipped(capsys, tmp_path, "impero", text)
    # June: 22 windows of 17h less the hour of 30 June's window that falls in July: 22,380 min.
    # education_pro: 100 * 22,230 / 22,320 = 99.597 (met 99.5); edaware: 100 * 22,320 / 22,380 = 99.732.
    assert [brief(r) for r in got["months"]] == [
        ("2026-06", "education_pro", 22380.0, 60.0, 90.0, 99.597, True, None, False),
        ("2026-06", "edaware", 22380.0, 0.0, 60.0, 99.732, False, None, False),
        ("2026-06", "edlink", 22380.0, 0.0, 0.0, 100.0, True, None, False),
        ("2026-06", "backdrop", 22380.0, 0.0, 0.0, 100.0, True, None, False),
    ]


def test_totara_states_no_availability(tmp_path, capsys):
    status, out, err = run(capsys, str(POLICIES / "totara.sla"), write(tmp_path, ""))
    assert (status, out) == (2, "")
    assert err == (
        f"slac: {POLICIES / 'totara.sla'}: policy `totara` states no availability, so there is nothing to measure "
        "(add an `availability` block with its services)\n"
    )


def test_unreadable_policy_exit_2(tmp_path, capsys):
    missing = str(tmp_path / "nope.sla")
    status, out, err = run(capsys, missing, write(tmp_path, OUTAGES))
    assert (status, out) == (2, "")
    assert err == f"slac: {missing}: cannot read policy: No such file or directory\n"
