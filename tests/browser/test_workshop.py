"""The theory-of-change tab in a real browser: a story's steps change the diagram's values,
the carry analysis ranks the assumptions, and the handout downloads."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import save_screenshot

LONG = 300_000  # ms: comparisons and the carry analysis on a busy CI machine (the other
# core runs other test files meanwhile, and the first runs burn their steady states in)


def set_field(page: Page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Enter")


def box_number(page: Page, box: str, which: str = "scenario") -> float:
    """A box's number in the diagram, read in the Danish format ("1.234,5")."""
    raw = page.locator(f'[data-box="{box}"] tspan.{which}').text_content()
    return float(raw.replace(".", "").replace(",", ".").split()[0])


def run_chain(page: Page) -> None:
    page.get_by_role("button", name="Kør kæden").click()
    chain = page.get_by_test_id("workshop-chain")
    expect(chain).to_have_attribute("data-has-values", "yes", timeout=LONG)
    expect(page.get_by_test_id("workshop-progress")).to_have_count(0, timeout=LONG)


def test_a_story_moves_the_chain_and_the_handout_downloads(app_url, page):
    page.set_viewport_size({"width": 1500, "height": 2000})  # the whole chain in the screenshot
    page.goto(app_url)
    # small runs: 2 years, 2 replications (the form's Run settings)
    set_field(page, "År der simuleres", "2")
    set_field(page, "Gentagelser i sammenligningen", "2")
    page.get_by_role("tab", name="Forandringsteori").click()
    chain = page.get_by_test_id("workshop-chain")
    expect(chain).to_have_attribute("data-has-values", "no")
    expect(page.get_by_text("Tryk 'Kør kæden'")).to_be_visible()

    # the caseload story, step 1: two more caseworkers
    page.get_by_role("button", name="Spørgsmålet om sagstal").click()
    expect(page.get_by_test_id("workshop-question")).to_contain_text("Hvis vi ansætter to")
    run_chain(page)
    assert box_number(page, "caseworkers", "baseline") == 4
    assert box_number(page, "caseworkers") == 6
    caseload_6 = box_number(page, "caseload")
    assert caseload_6 < box_number(page, "caseload", "baseline")

    # step 2: twice the caseworkers; the numbers are stale until the chain is run again
    page.get_by_role("button", name="2", exact=True).click()
    expect(page.get_by_test_id("workshop-question")).to_contain_text("Otte rådgivere")
    expect(page.get_by_text("Tallene er fra andre indstillinger")).to_be_visible()
    run_chain(page)
    expect(page.locator('[data-box="caseworkers"] tspan.scenario')).to_have_text("8")
    caseload_8 = box_number(page, "caseload")
    assert caseload_8 < caseload_6
    assert page.locator('[data-box="caseload"]').get_attribute("data-verdict") == "as_expected"
    save_screenshot(page, "workshop-chain")

    # the handout of what is on the screen
    with page.expect_download() as download:
        page.get_by_role("button", name="Workshop-materiale (HTML)").click()
    assert download.value.suggested_filename == (
        "teamsim-handout-herning-2012-vs-herning-2012-da.html")
    handout = download.value.path().read_text(encoding="utf-8")
    assert "Kæden fra input til effekt" in handout and "Spørgsmålet om sagstal" in handout
    assert 'data-box="caseload"' in handout and "<script" not in handout

    # which assumption carries it: the ranked chart
    page.get_by_role("button", name="Hvilken antagelse bærer det?").click()
    carry = page.get_by_test_id("workshop-carry")
    expect(carry).to_be_visible(timeout=LONG)
    expect(carry.locator('[data-rank="1"]')).to_have_count(1)
    expect(carry).to_contain_text("Rådgivernes tid er begrænset")
    save_screenshot(page, "workshop-carry")

    # in English
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("tab", name="Theory of change")).to_be_visible()
    expect(page.get_by_role("button", name="Run the chain")).to_be_visible()
    expect(page.get_by_test_id("workshop-question")).to_contain_text("Eight caseworkers")
    expect(carry).to_contain_text("Which assumption carries the result?")
