"""The app ships every front-end file Solara's page asks its asset proxy for."""

from __future__ import annotations

import re
from pathlib import Path

import solara.server

from teamsim.app.frontend import FRONTEND, serve_bundled_frontend

TEMPLATE = Path(solara.server.__file__).parent / "templates" / "solara.html.j2"


def test_every_file_the_page_template_loads_from_the_cdn_is_shipped():
    text = TEMPLATE.read_text()
    paths = {p.replace("{{ipywidget_major_version}}", "8")
             for p in re.findall(r"\{\{cdn\}\}/([^\"'\s]+)", text)
             if "solara-vuetify-app@" not in p}  # the Vuetify 2 app: not used (Vuetify 3)
    assert paths, "the page template names no CDN files: has Solara changed?"
    missing = sorted(p for p in paths if not (FRONTEND / p).is_file())
    assert not missing, f"not in teamsim/app/frontend: {missing}"


def test_the_server_takes_its_front_end_from_the_app_and_hides_the_banner():
    from solara.server import settings

    serve_bundled_frontend()
    assert settings.assets.proxy_cache_dir == FRONTEND
    assert settings.theme.show_banner is False


def test_every_file_markdown_loads_from_the_cdn_is_shipped():
    """solara.Markdown loads KaTeX (for math) and mermaid from the CDN on every page that
    has a Markdown text, so the app must ship them too."""
    from solara.components import markdown

    text = Path(markdown.__file__).read_text()
    # require.min.js only when the page has no requirejs: the page template loads
    # require.js first (and npm's requirejs has no .min.js: jsDelivr minifies it)
    paths = set(re.findall(r"\$\{this\.getCdn\(\)\}/([^`\"'\s]+)", text)) - {
        "requirejs@2.3.6/require.min.js"}
    assert paths, "solara.Markdown names no CDN files: has Solara changed?"
    missing = sorted(p for p in paths if not (FRONTEND / p).is_file())
    assert not missing, f"not in teamsim/app/frontend: {missing}"
