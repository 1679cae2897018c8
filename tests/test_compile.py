"""The compiler: the five shipped policies load, with facts checked by hand against the agreements,
and snippets compile to the IR objects written out below."""

from __future__ import annotations

import datetime
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import slac
from slac import ir
from slac.business_time import AlwaysOpen, HolidaySource, UnionCalendar, WeeklyCalendar
from slac.compile import compile_module, days_of
from slac.loader import PolicyError
from slac.source import Source
from slac.syntax import nodes as n
from slac.syntax import parse_source
from slac.vocabulary import OUTAGE_CAUSES

POLICIES = Path(__file__).parent.parent / "policies"
H = 3600
MON_FRI = lambda window: (window,) * 5 + ((), ())  # noqa: E731  (Monday first, weekend closed)


@pytest.fixture(scope="module")
def shipped() -> dict[str, ir.Policy]:
    return {path.stem: slac.load(path) for path in sorted(POLICIES.glob("*.sla"))}


def compiled(body: str, header: str = 'timezone "Europe/London"\n') -> ir.Policy:
    module, diagnostics = parse_source(
        Source("t.sla", 'policy p "t" {\n' + header + body + "\n}\n")
    )
    assert diagnostics == []
    return compile_module(module)


# ---------------------------------------------------------------------------------------------
# The shipped policies


def test_every_shipped_policy_loads(shipped):
    assert sorted(shipped) == ["clicklearn", "elb", "impero", "learnamp", "totara"]
    assert {name: p.name for name, p in shipped.items()} == {name: name for name in shipped}


def test_impero_matrix_medium_medium_is_p3(shipped):
    rule = shipped["impero"].priorities.rules[0]
    assert rule.when == ir.Compare("type", "==", ("incident",))
    assert rule.matrix.cells[("medium", "medium")] == "P3"  # §5.4: urgency medium x impact medium
    assert rule.matrix.cells[("low", "severe")] == "P3"
    assert (rule.matrix.row_field, rule.matrix.column_field) == ("urgency", "impact")
    assert shipped["impero"].priorities.rules[1] == ir.PriorityRule(
        ir.Compare("type", "!=", ("incident",)), fixed="P5"
    )
    assert shipped["impero"].priorities.named_wins


def test_impero_working_days_follow_the_region(shipped):
    impero = shipped["impero"]
    # "1 working day" is the region's window: left for the evaluator to multiply.
    assert impero.target("P1", "resolution") == ir.Duration(None, count=1, unit="working day")
    assert ir.target_text(impero.target("P1", "resolution")) == "1 working day"
    assert impero.target("P5", "resolution") is None
    calendars = impero.calendar.by_value
    assert impero.calendar.by_field == "region"
    assert calendars["uk"].day_seconds == 17 * H  # 08:00 to 01:00 next day
    assert calendars["est"].day_seconds == 12 * H  # 08:00-20:00
    assert calendars["uk"].week[0] == ((8 * H, 1 * H),)  # crosses midnight
    assert calendars["gst"].holidays == (HolidaySource("GB", "ENG"),)
    # §5.1: the clock stops while the desk awaits the customer, until the customer answers.
    assert impero.pauses == (
        ir.Pause(
            frozenset({"awaiting_customer"}),
            until=ir.Comment(frozenset({"customer"}), "public"),
        ),
    )
    assert impero.version == "1.1"


def test_impero_code_fix_and_objectives(shipped):
    [fix] = shipped["impero"].code_fixes
    assert (
        fix.metric == "resolution"
        and fix.when == ir.IsTrue("code_fix")
        and fix.product_field == "product"
    )
    assert fix.targets == {
        "P1": ir.ReleaseTarget(kind="emergency", relevant=True),
        "P2": ir.ReleaseTarget(kind="planned"),
        "P3": ir.ReleaseTarget(relevant=True),
        "P4": ir.ReleaseTarget(relevant=True),
    }
    assert [ir.target_text(t) for t in fix.targets.values()] == [
        "next relevant emergency release",
        "next planned release",
        "next relevant release",
        "next relevant release",
    ]
    assert shipped["impero"].objectives == (
        ir.Objective("first_response", 95.0, overall=True),
        ir.Objective("resolution", 95.0, overall=True),
        ir.Objective("voicemail_response", 95.0),
    )
    assert shipped["impero"].kpis == (
        ir.ShareKpi(
            "first_line_resolution", ir.Compare("resolved_by_line", "==", ("first",)), 70.0
        ),
        ir.CallAnswerKpi("call_answer_time", 45),
    )
    availability = shipped["impero"].availability
    assert list(availability.services.items()) == [
        ("education_pro", 99.5),
        ("edaware", 99.99),
        ("edlink", 97.0),
        ("backdrop", 99.99),
    ]
    assert availability.calendar.name == "uk"


def test_learnamp_p1_works_on_bank_holidays(shipped):
    learnamp = shipped["learnamp"]
    by_priority = learnamp.calendar.by_priority
    assert by_priority["P1"].holidays == () and by_priority["P2"].name == "holiday_cover"
    assert by_priority["P3"].holidays == (HolidaySource("GB", "ENG"),)
    assert learnamp.target("P1", "resolution") == ir.Duration(86400)
    assert ir.target_text(learnamp.target("P1", "resolution")) == "24h"  # 24 business hours
    assert learnamp.target("P2", "resolution") == ir.Duration(151200, count=3, unit="business day")
    assert ir.target_text(learnamp.target("P2", "resolution")) == "3 business days"  # 3 x 14h
    assert learnamp.target("P3", "first_response") == ir.Duration(
        50400, count=1, unit="business day"
    )
    assert ir.target_text(learnamp.target("P3", "first_response")) == "1 business day"  # 14h
    assert learnamp.pauses == (
        ir.Pause(
            frozenset({"awaiting_customer"}),
            until=ir.Comment(frozenset({"customer"}), "public"),
        ),
        ir.Pause(frozenset({"awaiting_third_party"})),
    )
    assert learnamp.exclusions == (ir.Exclusion("beta feature (§7.1.1)", ir.IsTrue("beta")),)


def test_learnamp_reply_cycles_start_after_the_first_agent_response(shipped):
    reply = next(m for m in shipped["learnamp"].metrics if m.name == "reply")
    assert reply.repeating
    assert reply.start == (ir.Comment(frozenset({"customer"})),)
    assert reply.start_after == ir.Comment(frozenset({"agent"}))
    assert reply.stop == (ir.Comment(frozenset({"agent"})), ir.Resolved())
    resolution = next(m for m in shipped["learnamp"].metrics if m.name == "resolution")
    assert (
        resolution.on_reopen == "resume"
        and resolution.calendar is None
        and resolution.pauses is None
    )


def test_learnamp_availability_defaults_to_the_policy_zone(shipped):
    availability = shipped["learnamp"].availability
    assert availability.timezone == "Europe/London"  # no `timezone` in the block
    assert availability.calendar.name == "business_hours"
    assert availability.excused == frozenset({"scheduled_maintenance"})
    assert shipped["learnamp"].resolved_statuses == frozenset({"resolved", "closed"})


def test_totara(shipped):
    totara = shipped["totara"]
    assert totara.target("S1", "resolution") == ir.Duration(28800, count=1, unit="business day")
    assert ir.target_text(totara.target("S1", "resolution")) == "1 business day"  # 8h day
    assert totara.target("S3", "resolution").seconds == 86400  # 3 x 8h
    assert totara.target("S4", "resolution") is None
    resolution = next(m for m in totara.metrics if m.name == "resolution")
    assert resolution.not_applicable == ir.Or(
        (
            ir.Compare("type", "in", ("bug", "request")),
            ir.Compare("cause", "==", ("client_configuration",)),
        )
    )
    assert totara.field("type") == ir.Field(
        "type", "enum", ("query", "request", "bug", "site_refresh")
    )
    assert totara.field("cause") == ir.Field("cause", "text")


def test_clicklearn_union_of_two_desks(shipped):
    clicklearn = shipped["clicklearn"]
    support = clicklearn.calendar.default
    assert isinstance(support, UnionCalendar) and support.day_seconds == 50400  # `day length 14h`
    assert [m.name for m in support.members] == ["copenhagen", "new_york"]
    assert clicklearn.target("P3", "first_response") == ir.Duration(
        100800, count=2, unit="business day"
    )
    assert ir.target_text(clicklearn.target("P3", "first_response")) == "2 business days"  # 2 x 14h
    assert clicklearn.field("deployment") == ir.Field(
        "deployment", "enum", ("cloud", "on_premises"), "cloud"
    )
    availability = clicklearn.availability
    assert availability.timezone == "Europe/Copenhagen" and availability.calendar is None
    assert availability.not_downtime == frozenset(OUTAGE_CAUSES) - {"unplanned"}
    assert not availability.partial_is_downtime


def test_elb_urgent_targets_are_wall_clock(shipped):
    elb = shipped["elb"]
    assert elb.target("urgent", "first_response") == ir.Duration(7200, "wall")
    assert ir.target_text(elb.target("urgent", "first_response")) == "2h wall-clock"
    assert elb.target("urgent", "follow_up") == ir.Duration(18000, "wall")
    assert ir.target_text(elb.target("urgent", "follow_up")) == "5h wall-clock"
    assert elb.target("high", "first_response") == ir.Duration(21600)
    assert ir.target_text(elb.target("high", "first_response")) == "6h"
    assert elb.target("low", "follow_up") is None
    assert elb.exclusions[2].when == ir.Compare(
        "category",
        "in",
        (
            "custom_css",
            "third_party_authoring_tool",
            "third_party_integration",
            "third_party_content",
            "custom_authentication",
        ),
    )
    assert elb.exclusions[3].when == ir.Not(ir.IsTrue("info_complete"))


def test_elb_availability_credits(shipped):
    availability = shipped["elb"].availability
    # Bands sorted by threshold, highest first: 10% below 99.9%, 30% below 99.0%.
    assert availability.credits == (ir.CreditBand(99.9, 10.0), ir.CreditBand(99.0, 30.0))
    assert (availability.credit_after_failing, availability.credit_window_months) == (2, 6)
    assert availability.material_breach_consecutive == 4
    assert availability.excused == frozenset(
        {"scheduled_maintenance", "emergency_maintenance", "force_majeure"}
    )
    assert availability.not_downtime == frozenset({"customer", "connectivity"})
    assert availability.timezone == "America/New_York"


# ---------------------------------------------------------------------------------------------
# Snippets


def test_calendar_kinds():
    policy = compiled(
        'calendar w { zone "America/New_York"; mon-fri 09:00-17:00; sat 10:00-24:00; holidays US; closed 2026-12-24 }\n'
        "calendar o { always open }\n"
        "calendar u { union w, o; day length 10h }\n"
        "business hours u"
    )
    weekly = WeeklyCalendar(
        "w",
        "America/New_York",
        (*MON_FRI(((9 * H, 17 * H),))[:5], ((10 * H, 24 * H),), ()),
        holidays=(HolidaySource("US"),),
        closed_dates=frozenset({datetime.date(2026, 12, 24)}),
    )
    assert policy.calendar == ir.CalendarChoice(
        default=UnionCalendar("u", (weekly, AlwaysOpen("o")), day_seconds=36000)
    )


@pytest.mark.parametrize(
    "days, indexes",
    [
        ("mon", (0,)),
        ("mon-fri", (0, 1, 2, 3, 4)),
        ("sat-mon", (5, 6, 0)),
        ("mon, wed-thu, mon", (0, 2, 3)),
    ],
    ids=["one", "range", "wraps", "list-deduplicated"],
)
def test_days_of(days, indexes):
    [calendar] = [
        s
        for s in compiled_body(f"calendar c {{ {days} 09:00-10:00 }}")
        if isinstance(s, n.Calendar)
    ]
    assert days_of(calendar.of(n.Window)[0].days) == indexes


def compiled_body(body: str) -> tuple:
    module, _ = parse_source(Source("t.sla", 'policy p "t" {\n' + body + "\n}\n"))
    return module.policy.body


def test_priorities_rules_default_and_precedence():
    policy = compiled(
        "priorities P1, P2, P3\npriority P1 when vip\npriority default P3\nderived priority wins"
    )
    assert policy.priorities == ir.Priorities(
        ("P1", "P2", "P3"),
        (ir.PriorityRule(ir.IsTrue("vip"), fixed="P1"),),
        default="P3",
        named_wins=False,
    )


def test_metric_overrides_and_triggers():
    policy = compiled(
        'calendar o { zone "UTC"; mon-fri 09:00-17:00 }\n'
        "metric m {\n start on status open, new\n stop on private comment by agent or system\n"
        " stop on field region changed\n business hours o\n pause when status hold\n"
        " not applicable when a\n not applicable when b\n}"
    )
    [metric] = policy.metrics
    assert metric.start == (ir.StatusIn(frozenset({"open", "new"})),)
    assert metric.stop == (
        ir.Comment(frozenset({"agent", "system"}), "private"),
        ir.FieldsChanged(frozenset({"region"})),
    )
    assert metric.pauses == (ir.Pause(frozenset({"hold"})),)
    assert metric.calendar.default.name == "o"
    # Two `not applicable` lines: either makes the metric not applicable.
    assert metric.not_applicable == ir.Or((ir.IsTrue("a"), ir.IsTrue("b")))


def test_day_cells_use_the_metric_calendar_for_the_priority():
    policy = compiled(
        'calendar long { zone "UTC"; mon-fri 08:00-20:00 }\n'
        'calendar short { zone "UTC"; mon-fri 09:00-17:00 }\n'
        "priorities P1, P2\n"
        "business hours by priority { P1: long; P2: short }\n"
        "metric a { start on created }\n"
        "metric b { start on created; business hours short }\n"
        "targets {\n priority a b\n P1 2 business days 2 business days\n P2 1 business day 3 business hours\n}"
    )
    assert policy.target("P1", "a") == ir.Duration(86400, count=2, unit="business day")
    assert ir.target_text(policy.target("P1", "a")) == "2 business days"  # 2 x 12h (08-20)
    assert policy.target("P1", "b") == ir.Duration(57600, count=2, unit="business day")
    assert ir.target_text(policy.target("P1", "b")) == "2 business days"  # metric's own: 2 x 8h
    assert policy.target("P2", "a") == ir.Duration(28800, count=1, unit="business day")
    assert ir.target_text(policy.target("P2", "a")) == "1 business day"  # 09-17
    assert policy.target("P2", "b") == ir.Duration(10800, count=3, unit="business hour")
    assert ir.target_text(policy.target("P2", "b")) == "3 business hours"


def test_policy_defaults_when_statements_are_absent():
    policy = compiled(
        "priorities P1\navailability { service web 99% }", header='timezone "Asia/Dubai"\n'
    )
    assert policy.resolved_statuses == frozenset({"resolved", "closed"})
    assert policy.pauses == ()
    assert policy.priorities.named_wins and policy.priorities.default is None
    assert policy.availability == ir.Availability({"web": 99.0}, "Asia/Dubai")
    assert policy.version is None and policy.calendar == ir.CalendarChoice()


def test_resolved_statuses_and_partial_downtime():
    policy = compiled(
        "resolved when status done\navailability { service web 99.5%; partial outages are downtime }"
    )
    assert policy.resolved_statuses == frozenset({"done"})
    assert policy.availability.partial_is_downtime


def test_loads_reports_errors_as_policy_error():
    with pytest.raises(PolicyError) as raised:
        slac.loads(
            'policy p "t" {\n  timezone "Europe/London"\n  priorities P1 P2\n}\n', path="bad.sla"
        )
    [diagnostic] = raised.value.diagnostics
    assert (diagnostic.code, diagnostic.path, diagnostic.span.line) == ("E006", "bad.sla", 3)
    assert raised.value.sources["bad.sla"].line_text(3) == "  priorities P1 P2"


def test_load_of_a_missing_file_is_os_error(tmp_path):
    with pytest.raises(OSError):
        slac.load(tmp_path / "missing.sla")


def test_load_of_latin1_file_is_e013(tmp_path):
    path = tmp_path / "latin.sla"
    path.write_bytes(b'policy p "t" {\n  # caf\xe9\n}\n')
    with pytest.raises(PolicyError) as raised:
        slac.load(path)
    assert [(d.code, d.span.line) for d in raised.value.diagnostics] == [("E013", 2)]


def test_import_slac_stays_light():
    # `import slac` must not pull in the parser (lark) or the calendars (holidays); each API
    # name imports its module on first use.
    code = (
        "import sys, slac; print(sorted(m for m in ('lark', 'holidays', 'slac.loader') if m in"
        " sys.modules)); print(' '.join(getattr(slac, name).__module__ for name in slac.__all__))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split("\n")[:2] == [
        "[]",
        "slac.evaluation.compaction slac.desk slac.evaluation slac.loader"
        " slac.measure.availability slac.evaluation slac.desk.run slac.loader slac.desk slac.loader slac.measure.report"
        " slac.evaluation.trace",
    ]


def test_windows_holidays_and_closed_dates_add_up():
    policy = compiled(
        'calendar c {\n zone "UTC"\n mon 09:00-12:00\n mon 13:00-17:00\n holidays US\n holidays DK\n'
        " closed 2026-01-02\n closed 2026-01-05\n}\nbusiness hours c"
    )
    calendar = policy.calendar.default
    assert calendar.week[0] == ((9 * H, 12 * H), (13 * H, 17 * H))
    assert calendar.holidays == (HolidaySource("US"), HolidaySource("DK"))
    assert calendar.closed_dates == frozenset(
        {datetime.date(2026, 1, 2), datetime.date(2026, 1, 5)}
    )


@pytest.mark.parametrize(
    ("target", "text"),
    [
        (ir.Duration(5400), "1h30m"),  # however the policy spelled 5400 s (`90m` too)
        (ir.Duration(45), "45s"),
        (ir.Duration(3600 + 1), "1h1s"),
        (ir.Duration(0), "0s"),
        (ir.Duration(5400, "wall"), "1h30m wall-clock"),
        (ir.Duration(3600, count=1, unit="working hour"), "1 working hour"),
        (ir.Duration(None, count=2, unit="working day"), "2 working days"),
        (ir.ReleaseTarget(kind="planned", relevant=True), "next relevant planned release"),
        (ir.Deadline(), "by end of business day"),
        (ir.Deadline(next_day=True), "by end of next business day"),
        (ir.Deadline(12 * 3600, next_day=True), "by 12:00 next business day"),
    ],
)
def test_target_text_is_worded_from_the_value(target, text):
    assert ir.target_text(target) == text


def test_compiled_policies_are_hashable_picklable_values(shipped):
    impero = shipped["impero"]
    again = pickle.loads(pickle.dumps(impero))
    assert again == impero and hash(again) == hash(impero)
    assert isinstance(impero.targets, ir.FrozenMap) and impero.targets[("P2", "first_response")]


def test_frozen_map_is_an_immutable_mapping():
    cells = ir.FrozenMap([(("a", "b"), "P1"), (("c", "d"), "P2")])
    assert cells == {("c", "d"): "P2", ("a", "b"): "P1"}  # order does not matter for equality
    assert cells == ir.FrozenMap({("c", "d"): "P2", ("a", "b"): "P1"})
    assert hash(cells) == hash(ir.FrozenMap({("c", "d"): "P2", ("a", "b"): "P1"}))
    assert list(cells) == [("a", "b"), ("c", "d")] and cells.get(("x", "y")) is None
    with pytest.raises(TypeError):
        cells[("a", "b")] = "P3"  # type: ignore[index]
    assert cells != ir.FrozenMap({("a", "b"): "P1"}) and repr(ir.FrozenMap({1: 2})) == (
        "FrozenMap({1: 2})"
    )


def test_issue_11_clock_rules_compile_to_the_ir():
    policy = slac.loads(
        """policy p "P" {
  timezone "UTC"
  calendar office { zone "UTC"; mon-fri 09:00-17:00 }
  calendar sun { zone "UTC"; mon-fri 00:00-24:00 }
  field ready: bool = true
  field plan: basic | pro = basic
  field region: uk | us = uk
  priorities P1, P2
  priority at most P2 when plan == basic
  business hours by priority { P1: sun }
  business hours by region { uk: office; us: office }
  pause while not ready until public comment by customer
  metric m {
    start on created when ready
    start on status open
    stop on resolved
  }
  targets {
    priority  m
    P1        by 12:00 next business day
    P2        by end of business day
  }
  objective m 90% monthly overall
}"""
    )
    assert policy.priorities.caps == (ir.PriorityCap("P2", ir.Compare("plan", "==", ("basic",))),)
    assert policy.calendar.by_priority["P1"].name == "sun"
    assert (policy.calendar.by_field, policy.calendar.default) == ("region", None)
    assert policy.pauses == (
        ir.Pause(when=ir.Not(ir.IsTrue("ready")), until=ir.Comment(frozenset({"customer"}))),
    )
    [metric] = policy.metrics
    assert metric.start == (ir.StatusIn(frozenset({"open"})),)
    assert metric.start_when == (ir.StartWhen(ir.Created(), ir.IsTrue("ready")),)
    assert policy.target("P1", "m") == ir.Deadline(12 * H, next_day=True)
    assert policy.target("P2", "m") == ir.Deadline()
    assert policy.objectives == (ir.Objective("m", 90.0, overall=True),)
