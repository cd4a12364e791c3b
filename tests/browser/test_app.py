"""The planners' app in a real browser (Debian's Chromium via Playwright)."""

from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import Page, expect

from .conftest import save_screenshot

LONG = 300_000  # ms: a year simulated and drawn, or a comparison, on a busy CI machine
# (the other core runs other test files meanwhile; the first runs burn their steady states in)


def week(page: Page) -> str:
    return page.get_by_test_id("week").inner_text()


def figure(page: Page, testid: str) -> float:
    """A key figure as a number, once the cell shows one: the week's label can update a
    moment before the table (the cell shows "–" until its figure is computed)."""
    cell = page.get_by_test_id(testid)
    expect(cell).to_have_text(re.compile(r"\d"))
    text = cell.inner_text()
    return float(text.replace(".", "").replace(",", ".").replace("+", "").split()[0])


def set_field(page: Page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Enter")


def test_planner_steps_changes_the_team_and_is_refused_a_bad_value(app_url, page):
    page.goto(app_url)
    # Danish by default
    expect(page.get_by_text("Indstillinger", exact=True)).to_be_visible()
    expect(page.get_by_text("tilladt: 1 til 200 rådgivere")).to_be_visible()
    expect(page.get_by_role("tab", name="Scenarie mod udgangspunkt")).to_be_visible()
    expect(page.get_by_test_id("week")).to_have_text("Uge 0 af 208 (2013)")

    page.get_by_role("button", name="Én uge").click()
    expect(page.get_by_test_id("week")).to_have_text("Uge 1 af 208 (2013)")
    page.get_by_role("button", name="Én uge").click()
    expect(page.get_by_test_id("week")).to_have_text("Uge 2 af 208 (2013)")

    # a bad value is refused next to the field, and the run is left as it was
    set_field(page, "Rådgivere", "500")
    expect(page.get_by_text("500 er uden for det tilladte: 1 til 200 rådgivere")).to_be_visible()
    set_field(page, "Rådgivere", "abc")
    expect(page.get_by_text("'abc' er ikke et helt tal")).to_be_visible()
    expect(page.get_by_test_id("week")).to_have_text("Uge 2 af 208 (2013)")
    save_screenshot(page, "app-refused-value")

    # the baseline year 2012 with 4 caseworkers, then with 8: fewer missed follow-ups
    page.get_by_label("Scenarie", exact=True).click(force=True)
    page.get_by_role("option", name="Herning 2012: tre skoledistrikter før projektet").click()
    expect(page.get_by_label("Rådgivere", exact=True)).to_have_value("4")
    set_field(page, "År der simuleres", "1")
    expect(page.get_by_test_id("week")).to_have_text("Uge 0 af 52 (2013)")
    page.get_by_role("button", name="Kør alle år").click()
    expect(page.get_by_test_id("week")).to_have_text("Uge 52 af 52 (2013)", timeout=LONG)
    missed_with_4 = figure(page, "kf-followups_missed-scenario")
    set_field(page, "Rådgivere", "8")
    expect(page.get_by_test_id("week")).to_have_text("Uge 0 af 52 (2013)")
    page.get_by_role("button", name="Kør alle år").click()
    expect(page.get_by_test_id("week")).to_have_text("Uge 52 af 52 (2013)", timeout=LONG)
    missed_with_8 = figure(page, "kf-followups_missed-scenario")
    assert missed_with_4 > 0
    assert missed_with_8 < missed_with_4
    expect(page.get_by_text("Ændret fra scenariet: Rådgivere")).to_be_visible()

    # a chart as PNG: the figure on the page, at full resolution
    with page.expect_download() as download:
        page.get_by_role("button", name="Figur (PNG): network").click()
    assert download.value.suggested_filename == "teamsim-network.png"
    assert download.value.path().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    expect(page.locator(".teamsim-chart-staircase svg")).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshot(page, "app-week-by-week")

    # the weekly series as CSV
    with page.expect_download() as download:
        page.get_by_role("button", name="Ugeserier (CSV)").click()
    assert re.fullmatch(r"teamsim-herning-2012-seed0-week52-series\.csv",
                        download.value.suggested_filename)
    text = download.value.path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:3] == ["role", "week", "year"]
    assert {"step_6", "placed", "followups_missed", "cost_total"} <= set(rows[0])
    assert len(rows) == 2 * 53  # scenario and baseline, weeks 0-52

    # the budget tab: Danish kroner and the net against the baseline
    page.get_by_role("tab", name="Budget").click()
    expect(page.get_by_text("Netto mod udgangspunkt")).to_be_visible()
    staff = page.get_by_test_id("budget-Staff vs baseline-2013").inner_text()
    assert staff == "+1.600.000 kr."  # 4 more caseworkers at 400.000 kr. a year
    save_screenshot(page, "app-budget")


def test_english_switch_and_a_comparison_with_progress(app_url, page, browser):
    page.goto(app_url)
    expect(page.get_by_text("Indstillinger", exact=True)).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_text("Settings", exact=True)).to_be_visible()
    expect(page.get_by_text("allowed: 1 to 200 caseworkers")).to_be_visible()
    expect(page.get_by_role("tab", name="Scenario vs baseline")).to_be_visible()

    set_field(page, "Years to simulate", "2")
    set_field(page, "Replications in the comparison", "3")
    page.get_by_role("tab", name="Scenario vs baseline").click()
    expect(page.get_by_text("No comparison yet")).to_be_visible()
    page.locator(".teamsim-compare").click()
    expect(page.get_by_test_id("compare-progress")).to_be_visible()
    net = page.get_by_test_id("cmp-Net vs baseline-2014")
    expect(net).to_be_visible(timeout=LONG)
    expect(page.get_by_text("3 runs, 2 years")).to_be_visible()
    staff = float(page.get_by_test_id("cmp-Staff vs baseline-2014").get_attribute("data-median"))
    placements = float(page.get_by_test_id("cmp-placed-2014").get_attribute("data-median"))
    assert staff > 0  # the pilot team costs more staff
    assert placements < 0  # and places fewer children than the baseline
    assert "DKK" in net.inner_text() and "million" in net.inner_text()
    save_screenshot(page, "app-comparison")

    # the comparison as CSV: the paired differences the table shows, with the settings
    with page.expect_download() as download:
        page.get_by_role("button", name="Comparison (CSV)").click()
    assert (download.value.suggested_filename
            == "teamsim-herning-pilot-vs-herning-2012-3reps-seed0-comparison.csv")
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert list(rows[0])[:4] == ["scenario", "baseline", "overrides", "root_seed"]
    assert {"indicator", "year", "median", "p10", "p90"} <= set(rows[0])
    assert {r["scenario"] for r in rows} == {"herning-pilot"}
    by_key = {(r["indicator"], r["year"]): r for r in rows}
    assert float(by_key[("Staff vs baseline", "2014")]["median"]) == staff
    assert float(by_key[("placed", "2014")]["median"]) == placements

    # another planner on the same server starts fresh, in Danish, with no comparison
    other = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        other_page = other.new_page()
        other_page.goto(app_url)
        expect(other_page.get_by_text("Indstillinger", exact=True)).to_be_visible()
        other_page.get_by_role("tab", name="Scenarie mod udgangspunkt").click()
        expect(other_page.get_by_text("Ingen sammenligning endnu")).to_be_visible()
    finally:
        other.close()
