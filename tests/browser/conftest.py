"""Playwright + Solara browser-test infrastructure.

Fixtures:
  browser        session-scoped headless Chromium (Debian's /usr/bin/chromium)
  solara_server  factory: ``base_url = solara_server("teamsim.app")`` starts ``solara run``
  app_server     the planners' app, one server for the session (``.url``, ``.log``)
  app_url        its address
  page           a fresh browser context + page per test (independent Solara sessions)

Helper:
  save_screenshot(page, name)  writes tests/browser/artifacts/<name>.png

Playwright's own browser download is not reachable here, so we always drive the
system Chromium. Solara's front-end comes from the files shipped with the app
(teamsim/app/frontend/, see teamsim.app.frontend), the same path a planner's server
takes: the servers started here get a dead CDN address, so a file missing from the
app's folder fails the page instead of being fetched from the internet. Without
chromium the tests are skipped locally, but fail under CI=true.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 30_000
SERVER_START_TIMEOUT_S = 60.0
DEAD_CDN = "http://127.0.0.1:9/"  # the discard port: nothing answers there


def _under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")[:120] or "test"


def save_screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG to tests/browser/artifacts/<name>.png and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{_slug(name.removesuffix('.png'))}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --- markers / failure reports ------------------------------------------------

_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser/ with @pytest.mark.browser and run them last.

    Running them last matters: while the session-scoped sync Playwright is alive, its event
    loop counts as running in the main thread, so a later ``asyncio.run()`` would fail.
    """
    browser_items = []
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            browser_items.append(item)
    if browser_items:
        ids = {id(item) for item in browser_items}
        items[:] = [item for item in items if id(item) not in ids] + browser_items


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # Keep the call-phase report on the item so `page` can screenshot failures.
    report = yield
    if report.when == "call":
        item.stash[_CALL_REPORT] = report
    return report


# --- browser ------------------------------------------------------------------


def _missing(msg: str) -> None:
    """Skip locally, but fail under CI: CI must never silently skip the browser tests."""
    if _under_ci():
        pytest.fail(f"browser tests cannot run under CI: {msg}", pytrace=False)
    pytest.skip(msg)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} not found (install Debian's package: apt-get install -y chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            timeout=DEFAULT_TIMEOUT_MS,
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh context (cookies, storage => a new Solara session) and page per test."""
    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
        report = request.node.stash.get(_CALL_REPORT, None)
        if report is not None and report.failed:
            try:
                path = save_screenshot(page, f"FAILED-{request.node.name}")
                print(f"\nscreenshot of failed test: {path}")
            except Exception as exc:  # noqa: BLE001 - never mask the real failure
                print(f"\n(could not save failure screenshot: {exc})")
    finally:
        context.close()


# --- solara server ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers_http(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # the server is up, even if it did not like the request
    except (urllib.error.URLError, OSError):
        return False


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"(could not read {path}: {exc})"


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


SolaraServer = Callable[..., str]
APP = "teamsim.app.app"


class _Servers:
    """Solara servers started for one fixture, all stopped by :meth:`stop`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.started: list[tuple[subprocess.Popen, IO[bytes]]] = []

    def start(
        self,
        app: str | os.PathLike[str],
        *,
        extra_args: Sequence[str] = (),
        env: dict[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
        timeout: float = SERVER_START_TIMEOUT_S,
    ) -> str:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        log_path = ARTIFACTS / f"solara-{_slug(self.name)}-{port}.log"
        cmd = [
            sys.executable,
            "-m",
            "solara",
            "run",
            str(app),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--production",
            "--no-open",  # solara opens a web browser by default
            *extra_args,
        ]
        proc_env = {
            **os.environ,
            "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",  # no network here
            "SOLARA_ASSETS_CDN": DEAD_CDN,  # never the internet: the app ships its front-end
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        log = open(log_path, "wb")  # noqa: SIM115 - closed at teardown
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=proc_env,
            cwd=cwd,
            start_new_session=True,  # own process group, so killpg gets the children
        )
        self.started.append((proc, log))

        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                problem = f"exited with code {proc.returncode}"
                break
            if _answers_http(base_url):
                return base_url
            if time.monotonic() > deadline:
                problem = f"did not answer on {base_url} within {timeout:.0f} s"
                break
            time.sleep(0.1)
        _stop(proc)
        log.flush()
        pytest.fail(
            f"solara server {problem}\ncommand: {' '.join(cmd)}\n"
            f"--- last lines of {log_path} ---\n{_tail(log_path)}",
            pytrace=False,
        )

    def stop(self) -> None:
        for proc, log in self.started:
            _stop(proc)
            log.close()


@pytest.fixture
def solara_server(request: pytest.FixtureRequest) -> Iterator[SolaraServer]:
    """Factory: ``solara_server(app, *, extra_args=(), env=None, cwd=None) -> base_url``.

    ``app`` is what ``solara run`` takes: a module name (``teamsim.app.app``) or a .py file.
    The server runs from the project's venv (``sys.executable -m solara``) in its own
    process group, logging to tests/browser/artifacts/solara-<test>-<port>.log; every
    server started by a test is killed when that test ends.
    """
    servers = _Servers(request.node.name)
    yield servers.start
    servers.stop()


@dataclass(frozen=True)
class AppServer:
    url: str
    log: Path


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    """The planners' app (``solara run teamsim.app.app``), one server for the whole browser
    suite: a server's start costs seconds, and each test's ``page`` is a new browser
    context, so a new Solara session with its own state (as planners sharing a server).
    Logs to tests/browser/artifacts/solara-app-<port>.log."""
    servers = _Servers("app")
    url = servers.start(APP)
    yield AppServer(url, ARTIFACTS / f"solara-app-{urlsplit(url).port}.log")
    servers.stop()


@pytest.fixture
def app_url(app_server: AppServer) -> str:
    return app_server.url
