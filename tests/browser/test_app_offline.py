"""The app with no internet: every request to an address other than the app's own
server is aborted in the browser (and the server's CDN address is dead, see conftest),
and the full page still shows."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import expect

from .conftest import ARTIFACTS, _slug, save_screenshot


def test_full_page_with_every_outside_address_blocked(solara_server, page, request):
    base_url = solara_server("teamsim.app.app")
    port = urlsplit(base_url).port
    blocked: list[str] = []

    def only_local(route) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.route("**/*", only_local)
    page.goto(base_url)
    expect(page.get_by_role("tab", name="Uge for uge")).to_be_visible()
    expect(page.get_by_role("button", name="Én uge")).to_be_visible()
    expect(page.get_by_test_id("headline")).to_be_visible()
    expect(page.locator(".teamsim-chart-staircase svg")).to_be_visible()
    page.get_by_role("button", name="Én uge").click()
    expect(page.get_by_test_id("week")).to_have_text("Uge 1 af 208 (2013)")
    save_screenshot(page, "app_offline")
    assert not [u for u in failed if u not in blocked], failed
    page.get_by_role("tab", name="Om modellen").click()  # Markdown: Solara loads mermaid
    page.wait_for_timeout(1000)
    assert not page.get_by_text("This website runs on").is_visible()
    log = (ARTIFACTS / f"solara-{_slug(request.node.name)}-{port}.log").read_text()
    assert "Could not load URL" not in log  # the server asked the (dead) CDN for nothing
