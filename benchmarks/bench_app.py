"""Benchmark of the planners' app: is the page responsive?

1. One week of herning-pilot as the app does it: step the scenario and the baseline,
   read the series, draw the network and the four week-by-week charts to PNG, build
   the key-figure table. Reported in seconds and as a ratio to the bare model step.
2. A 4-year, 10-replication comparison of each three-district scenario against
   herning-2012, as the app runs it (with the progress callback), in seconds.

    uv run python benchmarks/bench_app.py
"""

from __future__ import annotations

import statistics
import time

from teamsim.app import charts, tables
from teamsim.app.state import AppState, Settings
from teamsim.app.views import NETWORK_FAMILIES


def render_week(state: AppState, lang: str = "da") -> None:
    """What the week-by-week view does after each step (server side)."""
    model, base = state.model(), state.baseline_model()
    series, base_series = model.series(), base.series()
    graph = model.network(NETWORK_FAMILIES)
    figs = [charts.network(graph, lang, int(model.pop.active.sum())),
            charts.staircase(series, lang), charts.placements(series, base_series, lang),
            charts.workload(series, int(model.p.caseload_cap), lang),
            charts.waiting(series, base_series, lang)]
    for fig in figs:
        fig.savefig(__import__("io").BytesIO(), format="png")  # as solara.FigureMatplotlib
    tables.key_figures_html(series, base_series, lang)


def bench_step(weeks: int = 20) -> None:
    state = AppState(settings=Settings(scenario="herning-pilot"))
    state.step(26)  # half a year in, so the charts have history
    render_week(state)  # warm-up (fonts, caches)
    bare, full = [], []
    for _ in range(weeks):
        t = time.perf_counter()
        state.step(1)
        bare.append(time.perf_counter() - t)
        t = time.perf_counter()
        render_week(state)
        full.append(time.perf_counter() - t)
    step, draw = statistics.median(bare), statistics.median(full)
    print(f"week-by-week, herning-pilot (median of {weeks} weeks):")
    print(f"  step scenario + baseline   {step * 1000:7.1f} ms")
    print(f"  draw charts + tables       {draw * 1000:7.1f} ms")
    print(f"  one step rendered          {(step + draw) * 1000:7.1f} ms "
          f"({(step + draw) / step:.0f}x the bare step)")


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
    import teamsim.model  # noqa: F401 - load Mesa before the clock starts

    bench_step()
    bench_compare()
