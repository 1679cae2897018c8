"""Reading outage lines (contract §6): every bad line reported, in words a person understands."""

from __future__ import annotations

import json

import pytest

from slac import ir
from slac.inputs.outages import Outage, OutageError, outage_from_dict, read_outages

POLICY = ir.Policy(
    name="acme",
    title="Acme",
    version=None,
    timezone="Europe/London",
    fields=(),
    priorities=ir.Priorities(names=("P1",)),
    metrics=(),
    targets=(),
    calendar=ir.CalendarChoice(),
    availability=ir.Availability(
        services=(("platform", 99.9), ("api", 99.5)), timezone="Europe/London"
    ),
)


def lines(*texts: str) -> list[tuple[int, str]]:
    return list(enumerate(texts, start=1))


def test_a_full_line_is_read_with_epoch_seconds():
    text = json.dumps(
        {
            "service": "api",
            "start": "2026-06-01T10:00:00+02:00",
            "end": "2026-06-01T08:45:00Z",
            "cause": "scheduled_maintenance",
            "scope": "partial",
        }
    )
    outages, problems = read_outages(lines(text), POLICY)
    # 2026-06-01T08:00:00Z: 2026-01-01 is day 20454 since 1970 (1_767_225_600 s); June 1 is
    # 151 days later (31+28+31+30+31): 1_767_225_600 + 151 * 86400 = 1_780_272_000; + 8h = 1_780_300_800.
    assert problems == []
    assert outages == [
        Outage("api", 1_780_300_800, 1_780_300_800 + 45 * 60, "scheduled_maintenance", "partial")
    ]
    assert outages[0].line == 1


def test_cause_and_scope_default_to_unplanned_and_full():
    outages, problems = read_outages(
        lines(
            '{"service": "platform", "start": "2026-06-01T08:00:00Z", "end": "2026-06-01T09:00:00Z"}'
        ),
        POLICY,
    )
    assert problems == []
    assert (outages[0].cause, outages[0].scope) == ("unplanned", "full")


def test_zero_length_outage_is_allowed():
    outages, problems = read_outages(
        lines(
            '{"service": "platform", "start": "2026-06-01T08:00:00Z", "end": "2026-06-01T08:00:00Z"}'
        ),
        POLICY,
    )
    assert problems == []
    assert outages[0].end - outages[0].start == 0


def test_blank_lines_are_skipped():
    good = '{"service": "platform", "start": "2026-06-01T08:00:00Z", "end": "2026-06-01T09:00:00Z"}'
    outages, problems = read_outages(lines("", good, "   \n"), POLICY)
    assert problems == []
    assert [o.line for o in outages] == [2]


GOOD_TIMES = '"start": "2026-06-01T08:00:00Z", "end": "2026-06-01T09:00:00Z"'

BAD_LINES = [
    (
        "not-json",
        "{service: platform}",
        "E701",
        "not JSON: Expecting property name enclosed in double quotes at column 2",
    ),
    ("array", '["platform"]', "E703", 'an outage is a JSON object, got `["platform"]`'),
    (
        "missing-service",
        '{"start": "2026-06-01T08:00:00Z", "end": "2026-06-01T09:00:00Z"}',
        "E704",
        "missing key `service`",
    ),
    ("missing-start-end", '{"service": "platform"}', "E704", "missing keys `start` and `end`"),
    (
        "service-number",
        '{"service": 7, ' + GOOD_TIMES + "}",
        "E705",
        "`service` is not a string: `7`",
    ),
    (
        "no-offset",
        '{"service": "platform", "start": "2026-06-01T08:00:00", "end": "2026-06-01T09:00:00Z"}',
        "E706",
        "`start` has no UTC offset: `2026-06-01T08:00:00` (write `2026-06-01T08:00:00Z` or add an offset such as `+01:00`)",
    ),
    (
        "not-a-time",
        '{"service": "platform", "start": "2026-06-01T08:00:00Z", "end": "yesterday"}',
        "E707",
        "`end` is not an ISO 8601 timestamp: `yesterday`",
    ),
    (
        "time-number",
        '{"service": "platform", "start": 1780300800, "end": "2026-06-01T09:00:00Z"}',
        "E707",
        "`start` is not a timestamp string: `1780300800`",
    ),
    (
        "year-out-of-range",
        '{"service": "platform", "start": "1960-01-01T00:00:00Z", "end": "2026-06-01T09:00:00Z"}',
        "E708",
        "`start` is outside the years slac measures outages in (1971 to 2198): `1960-01-01T00:00:00Z`",
    ),
    (
        "end-before-start",
        '{"service": "platform", "start": "2026-06-01T09:00:00Z", "end": "2026-06-01T08:00:00Z"}',
        "E732",
        "`end` (2026-06-01T08:00:00Z) is before `start` (2026-06-01T09:00:00Z)",
    ),
    (
        "unknown-service",
        '{"service": "production", ' + GOOD_TIMES + "}",
        "E733",
        "service `production` is not declared by the policy (declared: platform, api)",
    ),
    (
        "unknown-cause",
        '{"service": "platform", ' + GOOD_TIMES + ', "cause": "aliens"}',
        "E730",
        "unknown cause `aliens` (expected unplanned, scheduled_maintenance, emergency_maintenance, "
        "force_majeure, customer, connectivity, third_party, misuse or abnormal_usage)",
    ),
    (
        "unknown-scope",
        '{"service": "platform", ' + GOOD_TIMES + ', "scope": "most"}',
        "E731",
        "unknown scope `most` (expected full or partial)",
    ),
    (
        "scope-null",
        '{"service": "platform", ' + GOOD_TIMES + ', "scope": null}',
        "E731",
        "unknown scope `null` (expected full or partial)",
    ),
]


@pytest.mark.parametrize(
    ("text", "code", "reason"),
    [case[1:] for case in BAD_LINES],
    ids=[case[0] for case in BAD_LINES],
)
def test_bad_line_code_and_reason(text, code, reason):
    outages, problems = read_outages(lines(text), POLICY)
    assert outages == []
    assert [(p.span.line, p.code, p.message) for p in problems] == [(1, code, reason)]


def test_every_bad_line_is_reported_and_good_ones_kept():
    good = '{"service": "platform", ' + GOOD_TIMES + "}"
    outages, problems = read_outages(
        lines(good, "nope", good, '{"service": "x", ' + GOOD_TIMES + "}"), POLICY
    )
    assert [o.line for o in outages] == [1, 3]
    assert [p.span.line for p in problems] == [2, 4]


def test_policy_without_availability_has_no_services():
    bare = ir.Policy(
        name="bare",
        title="Bare",
        version=None,
        timezone="UTC",
        fields=(),
        priorities=ir.Priorities(names=("P1",)),
        metrics=(),
        targets=(),
        calendar=ir.CalendarChoice(),
    )
    _, problems = read_outages(lines('{"service": "platform", ' + GOOD_TIMES + "}"), bare)
    assert [(p.span.line, p.code, p.message) for p in problems] == [
        (1, "E733", "policy `bare` states no availability, so it has no services")
    ]


def test_outage_from_dict_for_the_python_api():
    outage = outage_from_dict(
        {"service": "anything", "start": "2026-06-01T08:00:00Z", "end": "2026-06-01T09:00:00Z"}
    )
    # Without a policy the service is not checked; 08:00Z as above is 1_780_300_800.
    assert outage == Outage("anything", 1_780_300_800, 1_780_304_400)
    with pytest.raises(OutageError, match="service `anything` is not declared"):
        outage_from_dict(
            {"service": "anything", "start": "2026-06-01T08:00:00Z", "end": "2026-06-01T09:00:00Z"},
            POLICY,
        )
