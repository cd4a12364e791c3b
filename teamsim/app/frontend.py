"""Serve Solara's front-end from the files shipped in ``teamsim/app/frontend/``.

Solara's page loads its JavaScript, stylesheets and fonts through its asset proxy
(``/_solara/cdn/...``), which fetches them from a public CDN the first time and keeps
them in a cache folder. Pointing the cache folder at the files shipped with the app
makes every request a cache hit, so the app needs no internet (a municipal PC behind a
firewall). It also turns off the "This website runs on Solara" banner, which covered
the bottom right of the page.

:func:`precompress` compresses the files a page loads at the server's start instead of
at its first page load (Solara compresses each file once, when it is first asked for:
about half a second of the first planner's wait, for the 4 MB bundle).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

FRONTEND = Path(__file__).resolve().parent / "frontend"
# what a page of the app loads, besides the fonts (sent as they are)
PAGE_FILES = ("@widgetti/solara-vuetify3-app@*/dist/*.min.js",
              "@widgetti/solara-vuetify3-app@*/dist/*.css", "requirejs@*/require.js",
              "font-awesome@*/css/*.min.css")
NBEXTENSION_FILES = ("jupyter-vue/nodeps.js", "jupyter-vue/nodeps-vue-sfc.js",
                     "jupyter-vuetify/nodeps.js")
BROWSER_ACCEPTS = "gzip, deflate, br, zstd"  # Chromium's and Firefox's Accept-Encoding

log = logging.getLogger(__name__)


def serve_bundled_frontend() -> None:
    """Make the running Solara server take its front-end from :data:`FRONTEND`."""
    import solara.server.settings as server_settings
    import solara.settings

    solara.settings.assets.proxy = True
    server_settings.assets.proxy_cache_dir = FRONTEND
    server_settings.theme.show_banner = False


def precompress() -> int:
    """Fill Solara's cache of compressed files with the files a page loads (the paths as
    the server looks them up); returns how many. Does nothing (0) when the server sends
    files uncompressed or this Solara keeps no such cache."""
    try:
        import solara.server.settings as server_settings
        from solara.server import compress, server
    except ImportError:
        return 0
    encoding = getattr(compress, "choose_encoding", lambda _: None)(BROWSER_ACCEPTS)
    if not encoding or not server_settings.server.http_gzip or not hasattr(compress, "compressed"):
        return 0
    paths = [p for pattern in PAGE_FILES for p in sorted(FRONTEND.glob(pattern))]
    for folder in getattr(server, "nbextensions_directories", []):
        paths += [Path(os.path.realpath(os.path.join(os.path.realpath(folder), name)))
                  for name in NBEXTENSION_FILES]
    done = 0
    for path in paths:
        try:
            compress.compressed(str(path), os.stat(path), encoding)
        except FileNotFoundError:
            continue
        except Exception:  # a changed Solara only costs the first page load its time
            log.debug("could not precompress %s", path, exc_info=True)
            return done
        done += 1
    return done
