"""A local stand-in for the jsDelivr npm CDN, fed from the npm registry.

Solara's server fetches its front-end (``@widgetti/solara-vuetify3-app``, ``requirejs``,
``font-awesome``, and per-widget packages such as vega) from ``https://cdn.jsdelivr.net/npm/``
at run time, caching what it got under ``<venv>/share/solara/cdn/``. That host is not
reachable here, but the npm registry is, and a jsDelivr ``/npm/`` URL is just a file inside
an npm package. So ``SOLARA_ASSETS_CDN`` is pointed at this server: a request for
``/<package>@<version>/<file>`` runs ``npm pack <package>@<version>`` once, unpacks the
tarball and serves the file; unknown packages or files answer 404.

The browser tests start it themselves (fixture ``npm_cdn``). To look at an app by hand:
    uv run python tests/browser/npm_cdn.py 8800 &
    SOLARA_ASSETS_CDN=http://127.0.0.1:8800/ uv run solara run path/to/app.py
(Solara keeps what it fetched under <venv>/share/solara/cdn/, so later runs need neither.)
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

# /<name>[@<version>][/<file>], where <name> may be scoped: @scope/name
_NPM_QUIET = {
    "npm_config_update_notifier": "false",
    "npm_config_fund": "false",
    "npm_config_audit": "false",
    "npm_config_loglevel": "error",
}

_SPEC = re.compile(r"^/((?:@[^/@]+/)?[^/@]+)(?:@([^/@]+))?(?:/(.*))?$")


class NpmCdn:
    def __init__(self, cache_dir: Path, log_path: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self.log_path = log_path
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle ---------------------------------------------------------------

    def start(self, port: int = 0) -> str:
        """Serve in a daemon thread on a loopback port (0: a free one); return the base URL."""
        cdn = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = cdn.resolve(unquote(urlsplit(self.path).path))
                if path is None:
                    self.send_error(404)
                    return
                data = path.read_bytes()
                self.send_response(200)
                self.send_header(
                    "Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                )
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                cdn._log(format % args)

        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # -- lookup --------------------------------------------------------------------

    def resolve(self, url_path: str) -> Path | None:
        """Map a jsDelivr-style path to a file of an unpacked npm package (or None)."""
        match = _SPEC.match(url_path)
        if not match:
            return None
        name, version, rest = match.groups()
        package = self._package_dir(name, version or "latest")
        if package is None:
            return None
        target = (package / rest) if rest else self._main_file(package)
        if target is None:
            return None
        target = target.resolve()
        if not target.is_relative_to(package.resolve()) or not target.is_file():
            return None
        return target

    def _main_file(self, package: Path) -> Path | None:
        # what jsDelivr serves for a bare /<name>@<version>
        try:
            meta = json.loads((package / "package.json").read_text())
        except (OSError, ValueError):
            meta = {}
        browser = meta.get("browser")
        for entry in (
            meta.get("jsdelivr"),
            browser if isinstance(browser, str) else None,
            meta.get("main"),
            "index.js",
        ):
            if not isinstance(entry, str):
                continue
            for candidate in (package / entry, package / f"{entry}.js"):
                if candidate.is_file():
                    return candidate
        return None

    def _package_dir(self, name: str, version: str) -> Path | None:
        spec = f"{name}@{version}"
        dest = self.cache_dir / spec
        with self._locks_guard:
            lock = self._locks.setdefault(spec, threading.Lock())
        with lock:  # concurrent requests for one package: fetch it once
            if not dest.is_dir():
                try:
                    self._fetch(spec, dest)
                except (
                    OSError,
                    ValueError,
                    KeyError,
                    IndexError,
                    tarfile.TarError,
                    subprocess.SubprocessError,
                ) as exc:
                    detail = getattr(exc, "stderr", None) or ""
                    self._log(f"npm pack {spec} failed: {exc} {detail.strip()[-500:]}")
                    return None
            return dest

    def _fetch(self, spec: str, dest: Path) -> None:
        with tempfile.TemporaryDirectory(dir=self.cache_dir) as tmp:
            proc = subprocess.run(
                ["npm", "pack", "--json", "--ignore-scripts", "--pack-destination", tmp, spec],
                check=True,
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=300,
                stdin=subprocess.DEVNULL,
                env={**os.environ, **_NPM_QUIET},
            )
            tarball = Path(tmp) / json.loads(proc.stdout)[0]["filename"]
            unpacked = Path(tmp) / "unpacked"
            with tarfile.open(tarball) as tar:
                tar.extractall(unpacked, filter="data")
            # npm tarballs hold one top folder, usually package/
            tops = list(unpacked.iterdir())
            root = tops[0] if len(tops) == 1 and tops[0].is_dir() else unpacked
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(root, dest)
        self._log(f"npm pack {spec}: unpacked to {dest}")

    def _log(self, line: str) -> None:
        if self.log_path is not None:
            with self.log_path.open("a") as f:
                f.write(line.rstrip() + "\n")


if __name__ == "__main__":
    import sys
    import time

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8800
    cdn = NpmCdn(Path(tempfile.mkdtemp(prefix="npm-cdn-")))
    cdn.start(port)
    print(f"serving npm packages CDN-style at http://127.0.0.1:{port}/ (Ctrl-C stops)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        cdn.stop()
