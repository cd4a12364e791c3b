"""Benchmark of the planners' app: is the page responsive?

1. One week of herning-pilot as a planner clicks it: the app's Page rendered headless
   (``solara.render``), its "Én uge" button clicked (step the scenario and the baseline,
   re-render the page: key figures, Mesa's network drawing and plot components, PNG
   encoding). Reported as ratios to references measured in the same run: the bare step,
   and every chart drawn from scratch at export resolution (what a step cost when the
   page showed Mesa's matplotlib figures; the page now draws SVG, and the PNG buttons
   draw Mesa's figures only when clicked). Then a play frame and the play rate, and the
   first render of the page (the server's part of a first page load).
2. A 4-year, 10-replication comparison of each three-district scenario against
   herning-2012, as the app runs it (with the progress callback), in seconds.

    uv run python benchmarks/bench_app.py
"""

from __future__ import annotations

import statistics
import time

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
    return made[0], rc.find(v.Btn, children=["Én uge"]).widget


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


if __name__ == "__main__":
    import teamsim.core.model  # noqa: F401 - load Mesa before the clock starts

    bench_step()
    bench_compare()
