"""Serve Solara's front-end from the files shipped in ``teamsim/app/frontend/``.

Solara's page loads its JavaScript, stylesheets and fonts through its asset proxy
(``/_solara/cdn/...``), which fetches them from a public CDN the first time and keeps
them in a cache folder. Pointing the cache folder at the files shipped with the app
makes every request a cache hit, so the app needs no internet (a municipal PC behind a
firewall). It also turns off the "This website runs on Solara" banner, which covered
the bottom right of the page.
"""

from __future__ import annotations

from pathlib import Path

FRONTEND = Path(__file__).resolve().parent / "frontend"


def serve_bundled_frontend() -> None:
    """Make the running Solara server take its front-end from :data:`FRONTEND`."""
    import solara.server.settings as server_settings
    import solara.settings

    solara.settings.assets.proxy = True
    server_settings.assets.proxy_cache_dir = FRONTEND
    server_settings.theme.show_banner = False
