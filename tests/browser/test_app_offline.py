"""The app with no internet: every request to an address other than the app's own
server is aborted in the browser (and the server's CDN address is dead, see conftest),
and the full page still shows."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import expect

from .conftest import save_screenshot


def test_full_page_with_every_outside_address_blocked(app_server, page):
    base_url = app_server.url
    blocked: list[str] = []

    def only_local(route) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    failed: list[str] = []
    requests = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("request", lambda r: requests.append(r))
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
    asked = [r.url for r in requests]
    # the first page asks for none of Markdown's megabytes (KaTeX, Mermaid) ...
    assert not [u for u in asked if "katex" in u or "mermaid" in u], asked
    # ... the about tab, which is Markdown, does, and gets them from the app's server
    with page.expect_response(lambda r: r.url.endswith("/mermaid.min.js")) as mermaid, \
            page.expect_response(lambda r: r.url.endswith("/katex.min.js")) as katex:
        page.get_by_role("tab", name="Om modellen").click()
    assert mermaid.value.ok and katex.value.ok
    expect(page.get_by_text("Hvad er teamsim?")).to_be_visible()
    assert not [u for u in failed if u not in blocked], failed
    assert not page.get_by_text("This website runs on").is_visible()
    # the server (shared by the browser tests) asked the dead CDN for nothing
    assert "Could not load URL" not in app_server.log.read_text()
