"""`slac report --format html`: one self-contained page, read back from a real browser.

The Impero example month (examples/impero, at 2026-04-01T00:00:00Z as examples/README.md runs
it) is rendered with its outages; headless Chromium (Debian's `chromium`, installed by
`.ci/run`) loads the file, and the numbers it shows are compared with `slac report --format
json` and `slac availability --format json`. Without a chromium binary those tests skip.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from chromium import Browser, find_chromium

from slac.cli import main

ROOT = Path(__file__).resolve().parent.parent
POLICY = str(ROOT / "policies" / "impero.sla")
EVENTS = str(ROOT / "examples" / "impero" / "events.jsonl")
OUTAGES = str(ROOT / "examples" / "impero" / "outages.jsonl")
AT = "2026-04-01T00:00:00Z"


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main([*argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    status = main(["report", POLICY, EVENTS, "--at", AT, "--outages", OUTAGES, "-o", str(path)])
    assert status == 0
    return path


@pytest.fixture(scope="module")
def browser(page: Path):
    binary = find_chromium()
    if binary is None:
        pytest.skip("no chromium binary on PATH (apt-get install chromium; .ci/run does)")
    browser = Browser(binary)
    browser.open(page)
    yield browser
    browser.close()


# What the page shows, read from the rendered DOM: per month, each table's body cells.
_READ = """JSON.stringify([...document.querySelectorAll('section[data-month]')].map(s => ({
  month: s.dataset.month,
  compliance: [...s.querySelectorAll('table.compliance')].map(t => ({
    metric: t.dataset.metric,
    rows: [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim()))})),
  availability: [...s.querySelectorAll('table.availability tbody tr')].map(
    r => [...r.cells].map(c => c.innerText.trim())),
  charts: [...s.querySelectorAll('figure svg')].map(svg => ({
    title: svg.querySelector('title')?.textContent || '',
    desc: svg.querySelector('desc')?.textContent || '',
    table_after: svg.closest('figure').nextElementSibling?.querySelector('table') != null})),
})))"""


def _number(text: str) -> float | None:
    return None if text == "-" else float(text.removesuffix("%"))


def _flag(text: str) -> bool | None:
    return {"yes": True, "no": False, "-": None}[text]


def test_the_page_shows_the_json_reports_numbers(browser, capsys):
    report = _json(capsys, "report", POLICY, EVENTS, "--at", AT)
    shown = json.loads(browser.evaluate(_READ))
    assert [m["month"] for m in shown] == ["2026-03"]
    rows = [
        {
            "month": month["month"],
            "metric": table["metric"],
            "priority": None if cells[0] == "all" else cells[0],
            "counted": int(cells[1]),
            "met": int(cells[2]),
            "breached": int(cells[3]),
            "percent_met": _number(cells[4]),
            "objective_percent": _number(cells[5]),
            "objective_met": _flag(cells[6]),
        }
        for month in shown
        for table in month["compliance"]
        for cells in table["rows"]
    ]
    assert rows == report["rows"]
    # 5 + 1 first-response rows, 5 + 1 triage, 4 + 1 voicemail-response, 4 + 1 resolution
    assert len(rows) == 22


def test_the_page_shows_the_json_reports_kpis(browser, capsys):
    # Impero's two KPIs (policies/impero.sla): the share resolved by the first line and the
    # mean answer time of calls, with the unanswered calls in a column of their own.
    report = _json(capsys, "report", POLICY, EVENTS, "--at", AT)
    cells = json.loads(
        browser.evaluate(
            "JSON.stringify([...document.querySelectorAll('table.kpis tbody tr')]"
            ".map(r => [...r.cells].map(c => c.textContent.trim())))"
        )
    )
    shown = [
        {
            "month": "2026-03",
            "kpi": row[0],
            "counted": int(row[1]),
            "value": _number(row[3].removesuffix(" s")),
            "unit": "percent" if row[3].endswith("%") else "seconds",
            "objective": _number(row[4].removeprefix("at most ").removesuffix(" s")),
            "objective_met": _flag(row[5]),
        }
        for row in cells
    ]
    assert shown == report["kpis"]
    assert [row[0] for row in cells] == ["first_line_resolution", "call_answer_time"]


def test_the_page_shows_the_json_availability(browser, capsys):
    expected = _json(
        capsys, "availability", POLICY, OUTAGES, "--from", "2026-03", "--to", "2026-03"
    )
    shown = json.loads(browser.evaluate(_READ))[0]["availability"]
    rows = [
        {
            "service": cells[0],
            "month": "2026-03",
            "total_minutes": float(cells[1]),
            "excused_minutes": float(cells[2]),
            "downtime_minutes": float(cells[3]),
            "availability_percent": _number(cells[4]),
            "objective_percent": _number(cells[5]),
            "met": _flag(cells[6]),
            "credit_percent": _number(cells[7]),
            "material_breach": _flag(cells[8]),
            # Impero's `notice 1 day for scheduled_maintenance`: the column JSON has under it.
            "unannounced_maintenance_minutes": float(cells[9]),
        }
        for cells in shown
    ]
    assert rows == expected["months"]
    assert [r["service"] for r in rows] == ["education_pro", "edaware", "edlink", "backdrop"]


def test_every_chart_has_a_title_a_description_and_a_table_under_it(browser):
    charts = json.loads(browser.evaluate(_READ))[0]["charts"]
    assert len(charts) == 5  # first_response, triage, voicemail_response, resolution, availability
    for chart in charts:
        assert chart["title"] and chart["desc"] and chart["table_after"], chart
    assert charts[0]["title"] == "first_response, 2026-03: percent met per priority"
    assert "P2 71.429%" in charts[0]["desc"]
    assert "all priorities 83.75% against 95%" in charts[0]["desc"]


def test_no_console_errors_and_nothing_fetched(browser):
    assert browser.console_errors() == []
    fetched = browser.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name).join(' ')"
    )
    assert fetched == ""


def test_the_breached_tickets_are_listed(browser, capsys):
    evaluation = _json(capsys, "evaluate", POLICY, EVENTS, "--at", AT)
    breached = sorted(
        (t["ticket"], m["metric"])
        for t in evaluation["tickets"]
        for m in t["metrics"]
        if m["state"] == "breached" and m["breached_at"].startswith("2026-03")
    )
    shown = browser.evaluate(
        "JSON.stringify([...document.querySelectorAll('details.breach')]"
        ".map(d => [d.dataset.ticket, d.dataset.metric]))"
    )
    assert sorted(map(tuple, json.loads(shown))) == breached
    # 13 first responses, 18 triages, 7 voicemail responses, 9 resolutions, as the report counts
    assert len(breached) == 47


def test_on_a_phone_only_tables_scroll_not_the_page(browser):
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        session=True,
        width=390,
        height=844,
        deviceScaleFactor=3,
        mobile=True,
    )
    try:
        width = browser.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
    finally:
        browser.call("Emulation.clearDeviceMetricsOverride", session=True)


def test_it_prints(browser):
    pdf = browser.call("Page.printToPDF", session=True, printBackground=False)
    assert len(pdf["data"]) > 1000


def test_the_file_stands_alone(page):
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text
    # The only URL is the SVG namespace, which is a name, not something fetched.
    assert set(re.findall(r"https?://[^\s\"'<>]+", text)) == {"http://www.w3.org/2000/svg"}
    assert "Content-Security-Policy" in text


def test_ticket_ids_are_escaped(tmp_path, capsys):
    events = tmp_path / "events.jsonl"
    events.write_text(
        '{"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": "<b>x</b>", '
        '"priority": "P1", "fields": {"type": "incident", "region": "uk"}}\n',
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    assert main(["report", POLICY, str(events), "--at", AT, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "<b>x</b>" not in text
    assert "&lt;b&gt;x&lt;/b&gt;" in text


def test_outages_need_the_html_format(capsys):
    assert (
        main(["report", POLICY, EVENTS, "--at", AT, "--outages", OUTAGES, "--format", "json"]) == 2
    )
    assert "--outages is for --format html" in capsys.readouterr().err


def test_the_harness_sees_a_console_error(tmp_path):
    """The check above would pass vacuously if errors went unseen: a fetch the page's policy
    refuses must show up."""
    binary = find_chromium()
    if binary is None:
        pytest.skip("no chromium binary on PATH (apt-get install chromium; .ci/run does)")
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        '<img src="http://example.invalid/x.png" alt="">',
        encoding="utf-8",
    )
    browser = Browser(binary)
    try:
        browser.open(bad)
        assert browser.console_errors() != []
    finally:
        browser.close()


def test_each_breach_shows_its_trace(browser, capsys):
    """IMP-5021's resolution (P1, 1 working day) breached 30 March: the page's timeline is
    `slac trace`'s segments, in the UK desk's local time."""
    traced = _json(capsys, "trace", POLICY, EVENTS, "IMP-5021", "--at", AT)
    resolution = next(m for m in traced["metrics"] if m["metric"] == "resolution")
    shown = json.loads(
        browser.evaluate(
            "JSON.stringify([...document.querySelectorAll("
            '\'details.breach[data-ticket="IMP-5021"][data-metric="resolution"] table tbody tr\')]'
            ".map(r => [...r.cells].map(c => c.innerText.trim())))"
        )
    )
    # Up to the breach, segment by segment; after it, one summary row.
    before = [s for s in resolution["segments"] if s["from"] < resolution["breached_at"]]
    assert [(row[2] == "yes", row[4]) for row in shown[:-1]] == [
        (s["counting"], s["reason"]) for s in before
    ]
    assert shown[-1][1:] == [
        "2026-03-31 08:05 BST",
        "yes",
        "2:55",
        "after the breach: 3 more segments, 2:55 counted",
    ]
    assert shown[0][:2] == ["2026-03-26 12:40 GMT", "2026-03-26 13:25 GMT"]
    assert shown[1][4] == "paused: awaiting_customer until public comment by customer"
    # The counting rows' h:mm add up to the elapsed 19:55 (71,700 s).
    minutes = sum(
        int(h) * 60 + int(m) for h, m in (r[3].split(":") for r in shown if r[2] == "yes")
    )
    assert minutes * 60 == resolution["elapsed_seconds"] == 71700


def test_a_month_lists_its_first_breaches_only(tmp_path, monkeypatch):
    """With more breaches than `BREACHES_SHOWN`, the first ones (in the order they breached)
    are listed with their timelines, and the rest counted."""
    from slac.measure import html

    monkeypatch.setattr(html, "BREACHES_SHOWN", 5)
    out = tmp_path / "r.html"
    assert main(["report", POLICY, EVENTS, "--at", AT, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.count('<details class="breach"') == 5
    assert "Breached in March 2026 (47)" in text
    assert "And 42 more, not listed here" in text
    # The first five to breach: IMP-5050 breached first (2 March 21:42 GMT).
    assert re.findall(r'data-ticket="([^"]+)"', text)[0] == "IMP-5050"
