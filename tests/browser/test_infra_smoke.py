"""Smoke test for the browser-test infrastructure: a tiny Solara app in real Chromium."""

from __future__ import annotations

import textwrap

from playwright.sync_api import expect

from .conftest import save_screenshot

COUNTER_APP = textwrap.dedent(
    """
    import solara

    from teamsim.app.frontend import serve_bundled_frontend

    serve_bundled_frontend()  # the front-end the app ships, no CDN

    @solara.component
    def Page():
        count, set_count = solara.use_state(0)
        solara.Button("Increment", on_click=lambda: set_count(count + 1))
        solara.Markdown(f"Count: {count}")
    """
)


def test_counter_app_increments_in_chromium(tmp_path, solara_server, page, browser):
    app = tmp_path / "counter_app.py"
    app.write_text(COUNTER_APP)
    base_url = solara_server(app)

    page.goto(base_url)
    expect(page.get_by_text("Count: 0")).to_be_visible()

    page.get_by_role("button", name="Increment").click()
    expect(page.get_by_text("Count: 1")).to_be_visible()
    page.get_by_role("button", name="Increment").click()
    expect(page.get_by_text("Count: 2")).to_be_visible()

    path = save_screenshot(page, "infra_smoke_counter")
    assert path.stat().st_size > 0

    # a new browser context is a new Solara session with its own state
    other = browser.new_context()
    try:
        other_page = other.new_page()
        other_page.goto(base_url)
        expect(other_page.get_by_text("Count: 0")).to_be_visible()
        expect(page.get_by_text("Count: 2")).to_be_visible()
    finally:
        other.close()
