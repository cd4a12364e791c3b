"""Benchmark of the planners' app: is the page responsive?

1. One week of herning-pilot as a planner clicks it: the app's Page rendered headless
   (``solara.render``), its "Én uge" button clicked (step the scenario and the baseline,
   update the page: the week, the key figures and the SVG charts set in place). Reported
   as ratios to references measured in the same run: the bare step, and every chart
   drawn from scratch at export resolution (what a step cost when the page showed Mesa's
   matplotlib figures; the PNG buttons draw Mesa's figures only when clicked). Then a
   play frame and the play rate, and the first render of the page (the server's part of
   a first page load) and the first content (the models built, the charts drawn).
2. In Chromium (Debian's /usr/bin/chromium through Playwright) against ``solara run
   teamsim.app.app`` started here: the first page load (the request until the page's
   controls show, and until the week's charts show), then clicked weeks (the click until
   the new week and its staircase chart are on the screen), each against a bare step of
   the same settings measured in this process in between.
3. A 4-year, 10-replication comparison of each three-district scenario against
   herning-2012, as the app runs it (with the progress callback), in seconds.

    uv run python benchmarks/bench_app.py              # all three
    uv run python benchmarks/bench_app.py --browser    # the browser part only
    uv run python benchmarks/bench_app.py --browser --src /tmp/old  # another checkout's app

``--src`` puts another source tree's ``teamsim`` first on the server's path (a before
and after in the same run conditions); the bare step is always this checkout's.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from teamsim.app import charts, mesa_view
from teamsim.app.state import PLAY_INTERVAL, AppState, Settings
from teamsim.app.views import NETWORK_FAMILIES


def redraw_from_scratch(state: AppState, lang: str = "da", dpi: int = mesa_view.EXPORT_DPI):
    """Reference: every week-by-week chart built anew and saved at export resolution
    (no figure reused, network always redrawn: roughly what the app did before)."""
    model, base = state.model(), state.baseline_model()
    series, base_series = model.series(), base.series()
    ctx = mesa_view.ChartContext(series, base_series, int(model.p.caseload_cap))
    figs = [mesa_view.network_figure(model.network(NETWORK_FAMILIES), lang,
                                     int(model.pop.active.sum())),
            *(mesa_view.week_figure(c.name, ctx, lang) for c in mesa_view.WEEK_CHARTS)]
    for fig in figs:
        charts.png(fig, dpi)


def session_page() -> tuple[AppState, object]:
    """The app's Page rendered headless, as a browser session gets it: its state and its
    'Én uge' (one week) button."""
    import ipyvuetify as v
    import solara

    from teamsim.app import views

    made: list[AppState] = []
    original = views.state_from_query

    def keep(search: str) -> AppState:  # the Page makes the session's state
        made.append(original(search))
        return made[-1]

    views.state_from_query = keep
    try:
        t = time.perf_counter()
        _, rc = solara.render(views.Page(), handle_error=False)
        print(f"first render of the page (server side)      {(time.perf_counter() - t) * 1000:7.1f} ms")
    finally:
        views.state_from_query = original
    _first_content(rc, t)
    return made[0], rc.find(v.Btn, children=["Én uge"]).widget


def _first_content(rc, started: float, timeout: float = 120.0) -> None:
    """Wait for the week's charts (drawn in a thread once the models are built)."""
    try:
        from teamsim.app.live import LiveHtmlWidget
    except ImportError:  # the page of an older app drew everything in its first render
        return
    while time.perf_counter() - started < timeout:
        if any("teamsim-chart-staircase" in w.content for w in rc.find(LiveHtmlWidget).widgets):
            print(f"  its first content (models built, charts)   "
                  f"{(time.perf_counter() - started) * 1000:7.1f} ms")
            return
        time.sleep(0.01)
    raise SystemExit("the page's charts did not appear")


def bench_step(weeks: int = 15) -> None:
    state, step_button = session_page()
    assert state.settings.value.scenario == "herning-pilot"
    bare_state = AppState(settings=state.settings.value)  # same run, no page
    state.step(26)  # half a year in, so the charts have history
    bare_state.step(26)
    bare, clicked, scratch = [], [], []
    for _ in range(weeks):
        t = time.perf_counter()
        bare_state.step(1)
        bare.append(time.perf_counter() - t)
        t = time.perf_counter()
        step_button.click()  # a step as the planner clicks it: step + the page re-rendered
        clicked.append(time.perf_counter() - t)
        t = time.perf_counter()
        redraw_from_scratch(state)
        scratch.append(time.perf_counter() - t)
    step, click, ref = (statistics.median(x) for x in (bare, clicked, scratch))
    print(f"week-by-week, herning-pilot (median of {weeks} weeks from week 27):")
    print(f"  bare step, scenario + baseline            {step * 1000:7.1f} ms")
    print(f"  'Én uge' clicked: step + page re-render   {click * 1000:7.1f} ms "
          f"({click / step:.0f}x the bare step)")
    print(f"  reference: all 5 charts from scratch      {ref * 1000:7.1f} ms "
          f"(150 dpi, network always redrawn)")
    print(f"  rendered step / reference                 {click / ref:7.2f}")
    frames, per_frame = 5, 4
    t = time.perf_counter()
    for _ in range(frames):
        state.step(per_frame)  # one play frame: 4 weeks, one re-render
    frame = (time.perf_counter() - t) / frames
    rate = per_frame / (frame + PLAY_INTERVAL)
    print(f"  play: one frame of {per_frame} weeks + re-render   {frame * 1000:7.1f} ms "
          f"({frame / per_frame * 1000:.0f} ms a simulated week; "
          f"{rate:.0f} weeks/s with the {PLAY_INTERVAL * 1000:.0f} ms pause between frames)")


def bench_compare(years: int = 4, replications: int = 10) -> None:
    print(f"comparison, {years} years x {replications} replications (scenario + baseline):")
    for scenario in ("herning-pilot", "boras"):
        state = AppState(settings=Settings(scenario=scenario, years=years,
                                           replications=replications))
        calls = 0

        def progress(n: int) -> None:
            nonlocal calls
            calls += n

        t = time.perf_counter()
        state.run_comparison(progress)
        elapsed = time.perf_counter() - t
        print(f"  {scenario:14s} vs herning-2012  {elapsed:6.1f} s   "
              f"({calls} weeks reported to the progress bar)")


# ---- in the browser ---------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"
CLICK_JS = """async (label) => {
    const button = [...document.querySelectorAll('button')]
        .find(b => b.textContent.trim() === label);
    const week = () => document.querySelector('[data-testid=week]')?.textContent;
    const chart = () => document.querySelector('.teamsim-chart-staircase path')
        ?.getAttribute('d');
    const week0 = week(), chart0 = chart();
    const t0 = performance.now();
    button.click();
    return await new Promise(resolve => {
        const check = () => (week() !== week0 && chart() !== chart0)
            ? resolve(performance.now() - t0) : requestAnimationFrame(check);
        check();
    });
}"""


REFERENCE_APP = """
import solara

from teamsim.app.frontend import serve_bundled_frontend

serve_bundled_frontend()


@solara.component
def Page():
    count, set_count = solara.use_state(0)
    solara.Button("Increment", on_click=lambda: set_count(count + 1))
    solara.Text(f"Count: {count}")
"""


def _server(src: str | None, app: str = "teamsim.app.app") -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
           "SOLARA_ASSETS_CDN": "http://127.0.0.1:9/", "PYTHONUNBUFFERED": "1"}
    if src:
        env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    proc = subprocess.Popen([sys.executable, "-m", "solara", "run", app,
                             "--host", "127.0.0.1", "--port", str(port), "--production",
                             "--no-open"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return proc, url
        except OSError:
            time.sleep(0.25)
    proc.kill()
    raise SystemExit("the solara server did not start")


def _cpu(pid: int) -> float:
    """CPU seconds a process has used (all its threads): robust to other load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_browser(src: str | None = None, weeks: int = 15, loads: int = 3) -> None:
    import tempfile

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print(f"browser: skipped ({CHROMIUM} not found)")
        return
    bare_state = AppState()
    bare_state.model()
    folder = tempfile.TemporaryDirectory(prefix="teamsim-bench-")
    reference_app = Path(folder.name) / "reference_app.py"
    reference_app.write_text(REFERENCE_APP)
    servers = [_server(src), _server(None, str(reference_app))]
    (app_proc, url), (_, reference_url) = servers
    where = f" (app from {src})" if src else ""
    print(f"in Chromium{where}, herning-pilot:")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
            shown, drawn, minimal, load_cpu = [], [], [], []
            for _ in range(loads):  # interleaved, so both see the same load
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                t = time.perf_counter()
                page.goto(reference_url)
                page.get_by_text("Count: 0").wait_for(timeout=120_000)
                minimal.append(time.perf_counter() - t)
                context.close()
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                cpu = _cpu(app_proc.pid)
                t = time.perf_counter()
                page.goto(url)
                page.get_by_role("button", name="Én uge").wait_for(timeout=120_000)
                shown.append(time.perf_counter() - t)
                page.locator(".teamsim-chart-staircase svg").wait_for(timeout=120_000)
                page.get_by_test_id("week").wait_for(timeout=120_000)
                drawn.append(time.perf_counter() - t)
                page.wait_for_timeout(500)  # what the page does after it shows
                load_cpu.append(_cpu(app_proc.pid) - cpu)
                if len(shown) < loads:
                    context.close()
            ref = statistics.median(minimal)
            print(f"  page load (median of {loads}; the first is the server's first session):")
            print(f"    reference: a one-button Solara page     {ref * 1000:6.0f} ms "
                  f"({', '.join(f'{x * 1000:.0f}' for x in minimal)})")
            for label, times in (("the controls shown", shown),
                                 ("the week's charts shown", drawn)):
                mid = statistics.median(times)
                print(f"    {label:37s} {mid * 1000:6.0f} ms "
                      f"({', '.join(f'{x * 1000:.0f}' for x in times)}; "
                      f"{mid / ref:.1f}x the reference)")
            print(f"    the server's CPU time for a page load   "
                  f"{statistics.median(load_cpu) * 1000:6.0f} ms "
                  f"({', '.join(f'{x * 1000:.0f}' for x in load_cpu)})")
            for _ in range(26):  # half a year in, as in the headless measurement
                page.evaluate(CLICK_JS, "Én uge")
                bare_state.step(1)
            clicked, bare = [], []
            cpu = _cpu(app_proc.pid)
            for _ in range(weeks):
                clicked.append(page.evaluate(CLICK_JS, "Én uge") / 1000)
                t = time.perf_counter()
                bare_state.step(1)
                bare.append(time.perf_counter() - t)
            click_cpu = (_cpu(app_proc.pid) - cpu) / weeks
            context.close()
            browser.close()
    finally:
        for proc, _ in servers:
            proc.terminate()
            proc.wait(timeout=20)
        folder.cleanup()
    click, step = statistics.median(clicked), statistics.median(bare)
    print(f"  'Én uge' clicked until the new week and its charts are on the screen "
          f"(median of {weeks} weeks from week 27): {click * 1000:.0f} ms "
          f"(range {min(clicked) * 1000:.0f}-{max(clicked) * 1000:.0f} ms); "
          f"{click / step:.0f}x the bare step ({step * 1000:.1f} ms)")
    print(f"  the server's CPU time for a clicked week: {click_cpu * 1000:.0f} ms "
          f"({click_cpu / step:.0f}x the bare step)")


if __name__ == "__main__":
    import teamsim.core.model  # noqa: F401 - load Mesa before the clock starts

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--browser", action="store_true", help="the browser part only")
    parser.add_argument("--src", help="the server's teamsim from this source tree")
    args = parser.parse_args()
    if not args.browser:
        bench_step()
    bench_browser(args.src)
    if not args.browser:
        bench_compare()
