"""Every diagnostic code slac reports: its title and an explanation of what it means and how to fix it.

Ranges: E0xx syntax (`slac.syntax.codes`), E1xx names, E2xx types and values, E3xx calendars and
time, E4xx SLA semantics (targets, matrices, priorities, metrics, code fix, objectives), E5xx
availability, W6xx lints (warnings), T1xx/T2xx policy test files (`slac test`). A code is never
reused: a retired code stays here, marked so. `slac explain CODE` prints the entry; the fixture
tests demand one fixture per code.
"""

from __future__ import annotations

import textwrap

from slac.syntax.codes import SYNTAX_CODES

SEMANTIC_CODES: dict[str, tuple[str, str]] = {
    # -- E1xx names ----------------------------------------------------------------------------
    "E101": (
        "unknown calendar",
        "A `business hours`, `union` or `during` statement names a calendar that no `calendar` "
        "block declares. Declare the calendar (`calendar NAME { ... }`) or fix the spelling; the "
        "help line suggests a declared name when one is close.",
    ),
    "E102": (
        "unknown field",
        "A condition, matrix, `business hours by FIELD`, `field ... changed` trigger (also after "
        "a pause's `until`) or `relevant by` names a field the policy does not declare. Add `field NAME: ...` or fix the spelling.",
    ),
    "E103": (
        "unknown enumeration value",
        "A value is used with an enumerated field (in a condition, a matrix header or row, or a "
        "`business hours by FIELD` mapping) but is not one of the values the field declares. "
        "Add the value to the field's `a | b | c` list or fix the spelling.",
    ),
    "E104": (
        "unknown priority",
        "A target row, matrix cell, priority rule, priority cap (`priority at most P2 when ...`), "
        "`business hours by priority` entry, code-fix row or objective names a priority that `priorities` does not list. Add it to "
        "`priorities` or use a declared one.",
    ),
    "E105": (
        "unknown metric",
        "A target table column, `code fix` or `objective` names a metric that no `metric` block "
        "declares. Declare the metric or fix the spelling.",
    ),
    "E110": (
        "duplicate calendar",
        "Two `calendar` blocks have the same name, so references to it would be ambiguous. "
        "Rename or merge one of them.",
    ),
    "E111": (
        "duplicate field",
        "Two `field` statements declare the same field. Keep one declaration.",
    ),
    "E112": (
        "duplicate enumeration value",
        "An enumerated field lists the same value twice (`field tier: gold | gold`). Remove the "
        "repetition.",
    ),
    "E113": (
        "duplicate priority",
        "`priorities` lists the same priority twice; priorities are ordered most urgent first and "
        "each must appear once. Remove the repetition.",
    ),
    "E114": (
        "duplicate metric",
        "Two `metric` blocks have the same name. Rename or merge one of them.",
    ),
    "E115": (
        "duplicate service",
        "An `availability` block declares the same `service` twice, so its objective is "
        "ambiguous. Keep one `service NAME PERCENT` line per service.",
    ),
    "E116": (
        "duplicate policy name",
        "Two files checked together declare policies with the same name. Reports and tools "
        "identify a policy by its name, so each must be unique: rename one `policy NAME`.",
    ),
    "E117": (
        "duplicate statement",
        "A statement that may appear only once in its block appears again, such as a second "
        "`timezone` in a policy, `zone` in a calendar, `resume on reopen` in a metric or "
        "`relevant by` in a `code fix`. Only the statements that declare or list things repeat "
        "(`calendar`, `field`, `metric`, a calendar's opening windows, pauses, ...); "
        "`business hours CALENDAR` and `business hours by FIELD` count as one statement (a "
        "`business hours by priority` mapping may stand beside either). The help gives the line "
        "of the "
        "first one. Merge the two into one statement.",
    ),
    # -- E2xx types and values -----------------------------------------------------------------
    "E201": (
        "value of the wrong type for a field",
        "A condition compares a field with a value it can never take: a bool field with anything "
        "but `true` or `false`, an enumerated field with `true`/`false`, or a text field with a "
        "bare name or `true`/`false`. Text fields are compared with quoted strings "
        '(`cause == "client_configuration"`) so a bare name always means an enumeration value; '
        "write the value in quotes, or declare the field as an enumeration.",
    ),
    "E202": (
        "`in` over a bool field",
        "`FIELD in (...)` over a bool field is either always true or a plain test. Write `FIELD` "
        "or `not FIELD` instead.",
    ),
    "E203": (
        "field used as a condition is not bool",
        "A condition names a field on its own (`when trial`), which tests a bool field, but the "
        "field is an enumeration or text. Compare it with a value (`when tier == gold`) or "
        "declare it `bool`.",
    ),
    "E204": (
        "invalid field default",
        "A field's default is not a value the field can take: an enumeration's default must be "
        "one of its values, a bool's `true` or `false`, a text field's a quoted string.",
    ),
    "E205": (
        "percentage out of range",
        "An objective, a service's availability objective or a credit band states a percentage "
        "outside 0-100% (objectives and availability thresholds must be above 0%; a credit may "
        "be 0-100%). Fix the number.",
    ),
    "E206": (
        "field is not an enumeration",
        "A priority matrix or `business hours by FIELD` needs a field with a fixed list of "
        "values so that every value can be mapped; the named field is bool or text. Declare it "
        "as an enumeration (`field region: uk | us`).",
    ),
    "E207": (
        "`relevant by` field is bool",
        "`relevant by FIELD` compares the ticket's FIELD with the `products` of a release; a bool "
        "field can never match a product name. Name a text or enumerated field.",
    ),
    "E208": (
        "invalid date",
        "A date (`effective`, a calendar's `closed` dates) is not a real calendar date, such as "
        "`2025-02-30`. Fix the date.",
    ),
    # -- E3xx calendars and time ---------------------------------------------------------------
    "E301": (
        "unknown time zone",
        "A `zone` or `timezone` names no IANA time zone (the names are case-sensitive). Use a "
        "name such as `Europe/London` or `America/New_York` from the tz database; the help line "
        "suggests a close one.",
    ),
    "E302": (
        "unknown holiday country",
        "`holidays` names a country the holidays package does not know. Use the ISO 3166 "
        "alpha-2 code, e.g. `GB`, `US`, `DK`.",
    ),
    "E303": (
        "unknown holiday subdivision",
        "`holidays COUNTRY/SUBDIV` names a subdivision the country does not have. Use the "
        "subdivision code of the holidays package, e.g. `GB/ENG` for England & Wales bank "
        "holidays or `US/CA`; the help line lists the country's subdivisions.",
    ),
    "E304": (
        "empty opening window",
        "A weekly window opens and closes at the same time (`09:00-09:00`), which is neither a "
        "window nor a full day. Write the closing time; a window closing before it opens crosses "
        "midnight, and `00:00-24:00` is the whole day.",
    ),
    "E305": (
        "time of day out of range",
        "A time in a window is not a time of day: hours run 00-23 and minutes 00-59; `24:00` is "
        "allowed only as a closing time.",
    ),
    "E306": (
        "overlapping opening windows",
        "Two windows of one calendar cover the same time: on the same day, or a window crossing "
        "midnight runs into the next day's window. A calendar's open time is counted once, so "
        "merge the windows or fix the times.",
    ),
    "E307": (
        "unknown day name",
        "A window names a day that is not `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`.",
    ),
    "E308": (
        "calendar has no opening hours",
        "A calendar that is neither `always open` nor a `union` has no weekly windows, so it is "
        "never open and every clock in it would stand still. Add windows such as "
        "`mon-fri 09:00-17:00`.",
    ),
    "E309": (
        "calendar has no time zone",
        'A calendar with weekly windows needs `zone "Area/City"`: its opening hours are local '
        "times. Union and `always open` calendars take no zone.",
    ),
    "E310": (
        "union includes itself",
        "A `union` calendar lists itself, directly or through another union, so its hours are "
        "not defined. Remove the member that leads back to it.",
    ),
    "E311": (
        "business days on a calendar without a day length",
        "A target counts business (working) days but the calendar it is measured in has no "
        "defined day length. A weekly calendar derives it when every weekday (Monday to Friday) with "
        "windows is open equally long; a union, or a calendar whose weekdays differ, must state "
        "`day length 8h`. "
        "Add `day length`, or state the target in hours.",
    ),
    "E312": (
        "conflicting calendar kinds",
        "A calendar mixes kinds: `always open` with windows or a union, a `union` with its own "
        "windows, or a `zone`, `holidays` or `closed` dates on a union or `always open` "
        "calendar (a union takes its members' zones and holidays). Keep one kind per calendar.",
    ),
    "E313": (
        "day length out of range",
        "`day length` must be more than zero and at most 24h.",
    ),
    "E314": (
        "missing policy time zone",
        'The policy has no `timezone "Area/City"` statement. Reports count months in it and '
        "availability defaults to it, so every policy states one.",
    ),
    "E315": (
        "no business hours",
        "A metric has no calendar: the policy has no `business hours` statement and the metric "
        "does not state its own. Add `business hours NAME` (use a calendar with `always open` for "
        "round-the-clock clocks).",
    ),
    "E316": (
        "incomplete business hours mapping",
        "`business hours by priority` must give every declared priority a calendar (unless a "
        "`business hours CALENDAR` or `business hours by FIELD` beside it takes the priorities it "
        "leaves out), and `business hours by FIELD` every value of the field; an entry is "
        "missing or appears twice. Add the missing entries (the help line lists them) or remove the repetition.",
    ),
    "E317": (
        "business hours field has no default",
        "`business hours by FIELD` picks the calendar from the ticket's FIELD, but the field has "
        "no default, so a ticket that does not set it would have no clock. Give the field a "
        "default (`field region: uk | us = uk`).",
    ),
    "E318": (
        "union of one calendar",
        "A `union` lists a single calendar or the same calendar twice. A union of one calendar "
        "is that calendar: name it directly, or list the other members.",
    ),
    # -- E4xx SLA semantics --------------------------------------------------------------------
    "E401": (
        "missing priorities",
        "The policy declares no `priorities`; targets are given per priority. Add "
        "`priorities P1, P2, ...` (most urgent first).",
    ),
    "E402": (
        "incomplete priority matrix",
        "A priority matrix does not cover every combination of its two fields' values: a row or "
        "column is missing, or a row has the wrong number of cells. Every value of the row field "
        "needs a row and every value of the column field a column.",
    ),
    "E403": (
        "duplicate matrix row or column",
        "A priority matrix lists the same row value or column value twice, so a cell is "
        "ambiguous. Remove the repetition.",
    ),
    "E410": (
        "missing target table",
        "The policy declares metrics but no `targets` table, so no metric has a target. Add a "
        "`targets { priority METRIC... }` table.",
    ),
    "E411": (
        "priority missing from target table",
        "A declared priority has no row in the target table. Add a row; write `none` in the "
        "cells of metrics the priority has no target for.",
    ),
    "E412": (
        "metric missing from target table",
        "A declared metric has no column in the target table. Add the column; write `none` for "
        "priorities without a target.",
    ),
    "E413": (
        "wrong number of cells in a target row",
        "A row of the target table has more or fewer cells than the table has metric columns. "
        "Give every row one cell per column; write `none` for no target.",
    ),
    "E414": (
        "duplicate target row or column",
        "The target table has two rows for the same priority or two columns for the same "
        "metric, so the target is ambiguous. Remove the repetition.",
    ),
    "E415": (
        "zero target",
        "A target of zero time would breach every ticket the moment its clock starts. Use a "
        "positive duration, or `none` for no target.",
    ),
    "E416": (
        "target longer than 100 years",
        "A target is longer than 100 years even counted round the clock (hours as written, "
        "business days at the calendar's day length), so no calendar could ever use it up "
        "within a century: a slip of the number or its unit. Evaluation would give it no `due` "
        "(a deadline after 2199 is never reached). Check the number and its unit.",
    ),
    "E417": (
        "deadline target on a wall-clock calendar",
        "A deadline cell (`by end of business day`, `by end of next business day`, `by 12:00 "
        "next business day`) is worked out from the business day the clock started in, but the "
        "metric counts this priority in an `always open` calendar, which has no business day and "
        "no closing time. Count the metric in a calendar with opening hours, or state the target "
        "as a duration (`8h wall-clock`).",
    ),
    "E420": (
        "metric has no start trigger",
        "A metric without `start on ...` never starts, so it is always `pending`. Add a start "
        "trigger such as `start on created`.",
    ),
    "E421": (
        "metric has no stop trigger",
        "A metric without `stop on ...` never stops, so every ticket eventually breaches it. Add "
        "a stop trigger such as `stop on resolved`.",
    ),
    "E422": (
        "`after` on a non-repeating metric",
        "`start on TRIGGER after TRIGGER` delays the first cycle of a repeating metric (reply "
        "time counts only after the first agent response). A non-repeating metric starts once "
        "at its first start trigger, so `after` has no meaning there: mark the metric "
        "`repeating` or remove `after`.",
    ),
    "E423": (
        "`resume on reopen` on a repeating metric",
        "`resume on reopen` resumes a one-off clock when a resolved ticket is reopened; a "
        "repeating metric starts a new cycle at its next start trigger instead. Remove the "
        "statement or make the metric non-repeating.",
    ),
    "E424": (
        "start condition can never hold",
        "`start on TRIGGER when CONDITION` starts the clock at the first instant the trigger has "
        "happened and the condition holds. No values the condition's fields can take satisfy it "
        "(`tier == gold and tier == silver`, or `not flag and flag`), so the metric would stay "
        "`pending` on every ticket. Fix the condition. (A value the field does not declare at "
        "all, `channel == fax`, is E103.)",
    ),
    "E425": (
        "pause can never end",
        "`pause while CONDITION` stops the clock while the condition holds, but this condition "
        "holds whatever values the ticket's fields take (`beta or not beta`), and no `until "
        "TRIGGER` ends it on an event, so the clock would never count. Fix the condition, or "
        "add `until public comment by customer` (say).",
    ),
    "E426": (
        "start condition on a repeating metric",
        "A repeating metric starts a new cycle at each start trigger; a condition that could "
        "hold a cycle back until a later fields change is not part of the language. State the "
        "condition on a non-repeating metric, or exclude the tickets it concerns with `not "
        "applicable when`.",
    ),
    "E430": (
        "duplicate code-fix priority",
        "A `code fix` block gives the same priority two release targets. Keep one.",
    ),
    "E431": (
        "relevant release without `relevant by`",
        "A code-fix target asks for the next *relevant* release, which matches a release's "
        "`products` against a ticket field, but the block has no `relevant by FIELD`. Add it "
        "(`relevant by product`).",
    ),
    "E432": (
        "duplicate code fix",
        "Two `code fix` blocks override the same metric; which applies would depend on order. "
        "Merge them into one block.",
    ),
    "E440": (
        "duplicate objective",
        "Two objectives cover the same metric for the same priority (or both for all "
        "priorities), so the report could not say which applies. Keep one.",
    ),
    "E451": (
        "duplicate target table",
        "Two `targets` tables are for the same tier (`targets for plan premium`), or two have no "
        "`for`; which applies would depend on order. Merge them into one.",
    ),
    "E452": (
        "target tiers by two fields",
        "The tiers of a policy's target tables are values of one field (a plan or a contract "
        "level); tables `for` two different fields could both match a ticket. Use one field.",
    ),
    "E453": (
        "target tiers without a default table",
        "A policy with `targets for FIELD VALUE` tables also needs a `targets` table without "
        "`for`: it holds for every ticket whose field has no tier of its own (or no value), so "
        "no ticket is left without targets.",
    ),
    "E450": (
        "warning thresholds out of order",
        "`warn at` lists the shares of a target at which a running metric warns before its "
        "breach. They go from the lowest up, each once (`warn at 50%, 75%`), so `slac due` and "
        "the incremental evaluator name each threshold crossed exactly once. Reorder them or "
        "drop the repeat.",
    ),
    "E455": (
        "`kpi` objective of the wrong kind",
        "A share of tickets has a percentage as its objective (at least: `objective 70% "
        "monthly`); a mean call answer time has a duration (at most: `objective 45s monthly`). "
        "The KPI states the other kind.",
    ),
    "E456": (
        "`kpi` name already used",
        "A `kpi` has the name of a metric or of an earlier KPI. Reports name their rows by "
        "metric and KPI, so each needs its own name.",
    ),
    "E457": (
        "incomplete budget",
        "A `budget` block needs `amount N UNIT` (what is pre-purchased for each period), "
        "`renews every N months from DATE` and at least one `rate NAME N per hour`; without "
        "them nothing can be charged or left.",
    ),
    "E458": (
        "budget rate declared twice",
        "Two `rate` lines of a budget share a name. A worklog names a rate, so the second line "
        "could never be the one charged. Keep one.",
    ),
    "E459": (
        "budget that cannot renew",
        "`renews every N months from DATE` needs N of at least 1 and a date that exists "
        "(`2026-02-30` does not).",
    ),
    # -- E5xx availability ---------------------------------------------------------------------
    "E501": (
        "unknown outage cause",
        "`excused` or `not downtime` names a cause outage records cannot carry. The causes are "
        "unplanned, scheduled_maintenance, emergency_maintenance, force_majeure, customer, "
        "connectivity, third_party, misuse and abnormal_usage.",
    ),
    "E502": (
        "cause both excused and not downtime",
        "An outage cause is listed both in `excused` (taken out of the month's total) and in "
        "`not downtime` (kept in the total, not counted down). It can only be one: keep it in "
        "the list that matches the agreement's formula.",
    ),
    "E503": (
        "inconsistent credit bands",
        "Service credit bands must be unambiguous and monotone: two bands may not share a "
        "threshold, and a lower availability threshold must earn a higher credit "
        "(`credit 10% below 99.9%`, `credit 30% below 99.0%`).",
    ),
    "E504": (
        "invalid failing-month rule",
        "`credit when N failing months in M` needs 1 <= N <= M: the month itself is one of the "
        "N failing months counted in the M months ending with it.",
    ),
    "E505": (
        "invalid material breach rule",
        "`material breach after N consecutive failing months` needs N of at least 1.",
    ),
    "E506": (
        "availability without a service",
        "An `availability` block declares no `service NAME PERCENT`, so there is nothing to "
        "measure. Add a service with its objective.",
    ),
    "E507": (
        "credit rule without credit bands",
        "`credit when ...` sets when a failing month earns a credit, but the block has no "
        "`credit PERCENT below PERCENT` band, so no credit is ever due. Add the bands or remove "
        "the rule.",
    ),
    "E508": (
        "credit band above the objective",
        "A credit band's threshold is above a service's objective, so a month that meets the "
        "objective would still earn a credit. Bands should start at or below the objective.",
    ),
    "E509": (
        "notice for a cause not excused",
        "`notice N days for CAUSE` makes an excused cause count as downtime unless it was "
        "announced N days ahead; the block does not excuse CAUSE, so the notice decides "
        "nothing. Excuse the cause, or remove it from the notice.",
    ),
    "E510": (
        "credit band for an undeclared service",
        "`credit C% below T% for SERVICE` names a service the `availability` block does not "
        "declare, so the band applies to nothing. Use a declared service name (a plan's own "
        "credits name the services of that plan).",
    ),
    # -- W6xx lints ----------------------------------------------------------------------------
    "W601": (
        "unused calendar",
        "A calendar is declared but no `business hours`, `union` or `during` uses it. Remove it, "
        "or use it.",
    ),
    "W602": (
        "unused field",
        "A field is declared but no condition, matrix, `business hours by`, `field ... changed` "
        "trigger or `relevant by` reads it. Events may still set it; remove the declaration if "
        "the policy does not need it.",
    ),
    "W603": (
        "first response target longer than resolution",
        "For one priority the first-response target is longer than the resolution target, so a "
        "ticket could be resolved in time before it must be answered. Usually one of the two "
        "cells is in the wrong unit or row. (Compared in seconds in the priority's calendar, "
        "business days at its day length.)",
    ),
    "W604": (
        "metric has no target",
        "Every cell of a metric's column is `none`, so the metric is measured but never met or "
        "breached. Give a target or remove the metric.",
    ),
    "W605": (
        "duplicate exclusion",
        "Two `exclude` statements give the same reason; reports show the reason, so two "
        "different conditions behind one reason are indistinguishable. Merge the conditions "
        "with `or` or make the reasons distinct.",
    ),
}

# -- T1xx, T2xx policy test files (`.slatest`, `slac test`; docs/language.md "Testing a policy").
# `slac check` never reports these, so they are kept out of `CODES` (whose fixtures are
# policies); tests/test_policy_tests.py ties each to a fixture under tests/fixtures/test/.
TEST_CODES: dict[str, tuple[str, str]] = {
    "T101": (
        "unexpected character in a test file",
        "The test file has a character no part of its syntax starts with (a stray `;`, `@`, a "
        'smart quote). Remove it; quoted strings use plain `"`.',
    ),
    "T102": (
        "unexpected text in a test file",
        "The test file has a word or value where the syntax expects something else: the message "
        'names what may come there. A file starts with `policy "FILE.sla"`; each `test NAME { '
        "... }` holds `at`, `events { ... }`, `outages { ... }` and `expect` lines.",
    ),
    "T103": (
        "test file ends early",
        "The test file ends inside a block or a statement: usually a `{` without its `}`. Close "
        "the block.",
    ),
    "T104": (
        "test file is not UTF-8 text",
        "A test file must be UTF-8 text. Re-save it as UTF-8.",
    ),
    "T201": (
        "cannot read the tested policy",
        "The `policy` statement names a file that does not exist or cannot be read. The path is "
        'relative to the test file (`policy "learnamp.sla"` for a policy beside it).',
    ),
    "T202": (
        "the tested policy has errors",
        "The policy the test file names does not load: it has errors. Run `slac check` on it "
        "and fix them; no test of the file runs until then.",
    ),
    "T203": (
        "invalid instant or month",
        "An instant is not a date and time (`2026-02-30 09:00`), is outside the years 1970-2199, "
        "or is a local time the zone's clocks skip (spring forward) or pass twice (fall back). "
        "Write the instant with its offset (`2026-10-25T01:30:00+01:00`) where a local time is "
        "ambiguous. A month is `YYYY-MM` with a month from 01 to 12.",
    ),
    "T204": (
        "unknown time zone in a test file",
        "`zone` names a time zone the IANA database does not know. Use a name such as "
        "`Europe/London`; without `zone`, local times are in the policy's `timezone`.",
    ),
    "T205": (
        "expected value of the wrong kind",
        "A key of an `expect` line is given a value it can never have: `elapsed_seconds` takes a "
        "number, `due` an instant or `none`, `met` (availability) `true` or `false`. The message "
        "names what the key takes.",
    ),
    "T206": (
        "key that the expectation does not have",
        "An `expect` line checks a key that its subject does not have: a metric has `state`, "
        "`target`, `target_seconds`, `elapsed_seconds`, `due`, `breached_at`, `stopped_at`; a "
        "ticket `priority` and `excluded`; a report row and an availability month the keys of "
        "their JSON (docs/formats.md).",
    ),
    "T207": (
        "key checked twice",
        "One `expect` line gives the same key twice, so at least one of the two values is "
        "wrong. Keep one.",
    ),
    "T208": (
        "duplicate test name",
        "Two tests in one file have the same name, so a failure would not say which one failed. "
        "Rename one.",
    ),
    "T209": (
        "missing or repeated `at`",
        "A test that expects anything of tickets or reports judges them at one instant: it needs "
        "exactly one `at INSTANT`. (A test of availability months only needs none.)",
    ),
    "T210": (
        "event or outage not valid for the policy",
        "An event or outage of the test is one the policy's readers reject: a priority or field "
        "value the policy does not declare, an event for a ticket before its `created`, an outage "
        "of an unknown service or ending before it starts. The message gives the reason.",
    ),
    "T211": (
        "cannot read an events or outages file",
        '`events from "FILE"` or `outages from "FILE"` names a file that cannot be read, or '
        "one of its lines is not a JSON object. The path is relative to the test file.",
    ),
    "T212": (
        "test checks nothing",
        "A test has no `expect` line, so it would pass whatever the policy does. Add what the "
        "agreement says must come out: only what a test states is checked.",
    ),
}

CODES: dict[str, tuple[str, str]] = {**SYNTAX_CODES, **SEMANTIC_CODES}


def title(code: str) -> str:
    return CODES[code][0]


def explain(code: str) -> str | None:
    """`slac explain` text for `code` (any case), or None when it is not a code."""
    entry = ALL_CODES.get(code.upper())
    if entry is None:
        return None
    heading, body = entry
    return f"{code.upper()}: {heading}\n\n{textwrap.fill(body, width=88)}\n"


# ---------------------------------------------------------------------------------------------
# E7xx: problems in input data (event and outage lines), reported by `slac.inputs` when
# `evaluate`, `report` or `availability` reads a file. `slac check` never reports these, so they
# are kept out of `CODES` (whose fixtures are policies); `tests/test_input_codes.py` ties each to
# a fixture under `tests/fixtures/inputs/`. E70x: the line itself; E71x: a value the policy or
# the format does not allow; E72x: ticket order; E73x: outages; W74x: warnings about valid lines.

# Imported here rather than at the top so this section stays one block of its own.
from slac.vocabulary import (  # noqa: E402
    AUTHORS,
    DEFAULT_OUTAGE_CAUSE,
    DEFAULT_OUTAGE_SCOPE,
    INSTANT_RANGE_TEXT,
    OUTAGE_CAUSES,
    OUTAGE_SCOPES,
)


def _listing(words: tuple[str, ...]) -> str:
    quoted = [f"`{w}`" for w in words]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


INPUT_CODES: dict[str, tuple[str, str]] = {
    "E701": (
        "line is not JSON",
        "Every non-blank line of an events or outages file is one JSON object (JSON Lines). The "
        "line could not be read as JSON; the message names the column where reading stopped. "
        "Common causes: single quotes, a trailing comma, an unquoted key, or two objects on one "
        "line.",
    ),
    "E702": (
        "line past the JSON reader's limits",
        "The line is JSON that slac cannot read: nested deeper than the decoder goes (about a "
        "thousand levels of brackets), or an integer longer than Python converts (4300 digits). "
        "No event or outage needs either: the line is almost certainly damaged.",
    ),
    "E703": (
        "line is not a JSON object",
        "The line is valid JSON but not an object (`{...}`): an array, a string, a number, "
        "`true`, `false` or `null`. Write one event or outage per line as an object with its "
        "keys.",
    ),
    "E704": (
        "missing key",
        "A key the line needs is absent: `at` and `event` on every event, `ticket` on ticket "
        "events, `author` on a comment, `status`, `priority` or `fields` on those events, "
        "`release`, `kind` and `fixes` on a release; `call` on a call; `ticket`, `minutes` and "
        "`rate` on a worklog; `service`, `start` and `end` on an "
        "outage. "
        'Add the key (a release that fixes nothing has `"fixes": []`).',
    ),
    "E705": (
        "value of the wrong type",
        "A key holds a JSON value of the wrong type: `ticket`, `status` and text fields are "
        "strings (so are a comment's `channel` and a call's `queue`), `public` and bool fields "
        'are `true` or `false` (not the string `"true"`), '
        "`fields` is an object, `fixes` and `products` are lists of strings. Fix the value's "
        "type; the message shows the value found.",
    ),
    "E706": (
        "instant without a UTC offset",
        "An instant (`at`, `start`, `end`, `announced_at`, `--at`) has no offset, so it could be any time zone's "
        "wall-clock time. Add `Z` for UTC or an offset such as `+01:00`; a bare date reads as its "
        "midnight (`2026-03-02T00:00:00Z`).",
    ),
    "E707": (
        "not an ISO 8601 instant",
        "An instant is not a string in ISO 8601 form (`2026-03-02T09:00:00Z`): a number (epoch "
        "seconds are not accepted), or text that is not a date and time. Write the instant as "
        "ISO 8601 with an offset.",
    ),
    "E708": (
        "instant outside the supported years",
        f"An instant lies outside the years slac's calendars cover ({INSTANT_RANGE_TEXT}; an "
        "outage keeps a year clear of both ends, so that a month around it fits in any time "
        "zone). Usually a typo in the year.",
    ),
    "E710": (
        "unknown event kind",
        "`event` is not one of the kinds slac reads: `created`, `comment`, `status`, "
        "`priority`, `fields`, `release`, `call` or `worklog`. Fix the spelling, or map the helpdesk's own kind "
        "onto one of these when exporting.",
    ),
    "E711": (
        "unknown comment author",
        f"A comment's `author` is not {_listing(AUTHORS)}. The clocks depend on who wrote a "
        "comment, so map the helpdesk's roles onto these.",
    ),
    "E712": (
        "undeclared priority",
        "A `created` or `priority` event names a priority the policy's `priorities` does not "
        "list. Use one the policy declares (the message lists them), or add it to the policy.",
    ),
    "E713": (
        "undeclared field value",
        "A declared enumerated field is given a value the policy does not list for it. Use a "
        "declared value (the message lists them) or add it to the field's `a | b | c`. Fields "
        "the policy does not declare are kept and ignored, never reported.",
    ),
    "E714": (
        "ticket without a priority",
        "A `created` event names no priority and the policy derives none from the ticket's "
        "fields (no rule matches and there is no default), so no target applies. Name a "
        "`priority` on the event, set the fields the policy's priority rules read, or give the "
        "policy a default priority.",
    ),
    "E715": (
        "undeclared budget rate",
        "A `worklog` names a `rate` the policy's `budget` does not declare, or the policy has no "
        "`budget` at all, so nothing says what the time costs. Use a declared rate (the message "
        "lists them) or add a `rate NAME N per hour` line to the policy's `budget`.",
    ),
    "E716": (
        "not a whole number of minutes or seconds",
        "A worklog's `minutes` is a positive whole number (`30`, not `0`, `-5`, `1.5` or "
        '`"30"`); a call\'s `answered_after_seconds` is a whole number of seconds, 0 or more, '
        "or `null` for a call nobody answered.",
    ),
    "E720": (
        "event before its ticket's `created`",
        "In applied order (by `at`, file order for equal instants) an event for a ticket comes "
        "before that ticket's `created`, or the ticket is never created. Check the event's `at` "
        "and ticket id, or add the missing `created`.",
    ),
    "E721": (
        "second `created`",
        "A ticket has two `created` events; the first in applied order counts and the later one "
        "is reported. Remove the repetition, or give the tickets different ids.",
    ),
    "E722": (
        "event for a ticket whose `created` is invalid",
        "The ticket's `created` line was itself reported (another code on that line), so the "
        "ticket's later events cannot be applied to a known ticket. Fix the `created` line; "
        "these reports then go away.",
    ),
    "E730": (
        "unknown outage cause",
        f"An outage's `cause` is not one slac knows: {_listing(OUTAGE_CAUSES)} (default "
        f"`{DEFAULT_OUTAGE_CAUSE}`).",
    ),
    "E731": (
        "unknown outage scope",
        f"An outage's `scope` is not {_listing(OUTAGE_SCOPES)} (default `{DEFAULT_OUTAGE_SCOPE}`).",
    ),
    "E732": (
        "outage ends before it starts",
        "An outage's `end` is before its `start`. Swap them, or fix the instant; `end` equal to "
        "`start` is allowed (a zero-length outage counts nothing).",
    ),
    "E733": (
        "undeclared service",
        "An outage names a service the policy's `availability` block does not declare (or the "
        "policy states no availability at all). Use a declared service name or add a `service "
        "NAME PERCENT` line to the policy.",
    ),
    "W740": (
        "undeclared field key",
        "A `created` or `fields` event sets a field the policy does not declare. The key is kept "
        "and ignored, so a misspelt key (`impcat` for `impact`) would silently leave the ticket "
        "on a default priority or calendar. `evaluate` and `report` warn once per key, on the "
        "first line it appears on, and go on. Fix the key in the data, or declare the field in "
        "the policy if it should count.",
    ),
}

# E8xx: desk files (docs/desk.md), checked with every policy they name (`slac.desk.check`). A
# desk's `warn at` reuses E205 and E450, and a second one E117, as a policy's does.
DESK_CODES: dict[str, tuple[str, str]] = {
    "E801": (
        "desk syntax error",
        'A line of a `.desk` file is not one of its statements: `desk NAME "TITLE"`, `field '
        'NAME`, `use NAME "PATH"`, `route TEST [and TEST...] to POLICY`, `otherwise to POLICY`, '
        "`otherwise no agreement`, `warn at 50%, 75%`. A test is `FIELD == VALUE`, `FIELD != "
        "VALUE` or `FIELD in (VALUE, ...)`. The message says what was expected where.",
    ),
    "E802": (
        "route to unknown policy",
        'A route sends tickets to a policy name no `use` line declares. Add `use NAME "PATH"` '
        "or fix the spelling.",
    ),
    "E803": (
        "policy name used twice",
        "Two `use` lines give the same name, so a route could not say which policy it means. "
        "Give each its own name.",
    ),
    "E804": (
        "route tests an undeclared field",
        "A route tests a field that neither the desk (`field NAME`) nor the policy it routes to "
        "declares (for `otherwise no agreement`: no policy of the desk), so it would only ever "
        "see a missing value. Declare the field in the desk or fix the spelling.",
    ),
    "E805": (
        "route tests a value the field never takes",
        "A route compares a policy's enumeration or bool field with a value that field cannot "
        "hold (the events would be refused), so the test can never decide anything. Use one "
        "of the values the help line lists.",
    ),
    "E806": (
        "unreachable route",
        "Every ticket the route matches is already taken by an earlier route (first match "
        "wins), or the route comes after `otherwise`. Put the narrower route first or drop it.",
    ),
    "E807": (
        "desk without otherwise",
        "A desk must say what happens to a ticket no route takes: `otherwise to POLICY` (a "
        "default agreement) or `otherwise no agreement` (reported, never dropped).",
    ),
    "E808": (
        "policy file cannot be read",
        "A `use` line names a path that cannot be read. The path is relative to the desk file.",
    ),
}

ALL_CODES: dict[str, tuple[str, str]] = {**CODES, **INPUT_CODES, **TEST_CODES, **DESK_CODES}
"""Every code `slac explain` knows: the policy codes, the input-data codes, the test-file codes,
the desk-file codes."""
