"""The app's Solara components: the page, the form, the week-by-week view, the
comparison, the budget, the info panel and the exports.

Mesa's visualisation draws the week-by-week view's network (Mesa's space drawing) and
time series (Mesa's ``PlotMatplotlib``, the matplotlib ``make_plot_component``); see
:mod:`teamsim.app.mesa_view`. The rest are Solara pages of ours around them, where
SolaraViz falls short: the page and tabs (SolaraViz has no language switch and puts
one module-level model behind every session), the form with refusals in the planners'
terms, the step / play / run-all / reset controller (Mesa's ModelController steps one
model and rebuilds it from raw keyword arguments; ours steps the scenario and the
baseline in lockstep under the session's lock, stops at the chosen years, rebuilds
from validated settings and speaks Danish), the key figures, the budget table, the
comparison with its bands, and the exports.

Everything reads the session's :class:`~teamsim.app.state.AppState`; nothing is
module-level state, so every browser session has its own models and results.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import pandas as pd
import solara
import solara.lab
from mesa.visualization.components.matplotlib_components import PlotMatplotlib

from teamsim.app import charts, mesa_view, tables
from teamsim.app.about import about
from teamsim.app.controls import BY_CONTROL, CONTROLS, GROUP_TITLES, FieldError, parse
from teamsim.app.state import AppState, provide_app_state
from teamsim.app.tabs import EXTRA_TABS
from teamsim.errors import TeamsimError
from teamsim.i18n import LANG_NAMES, LANGS, param_label, tr
from teamsim.scenarios import preset_names

NETWORK_FAMILIES = 300  # families drawn in the network view (a readable sample)
CSS = """
.teamsim-table { border-collapse: collapse; font-size: 13px; }
.teamsim-table th, .teamsim-table td { padding: 2px 8px; border-bottom: 1px solid #ddd; }
.teamsim-table td.num { text-align: right; white-space: nowrap;
                        font-variant-numeric: tabular-nums; }
.teamsim-table tr.total td { font-weight: 600; }
.teamsim-table tr.net td { font-weight: 600; background: #f3f6fa; }
.teamsim-hint { color: #666; font-size: 12px; }
"""


# ---- the page ---------------------------------------------------------------------------
@solara.component
def Page():
    router = solara.use_router()
    query = parse_qs(router.search or "")
    lang = (query.get("lang") or [None])[0]
    state = solara.use_memo(lambda: AppState(lang=lang if lang in LANGS else None), [])
    provide_app_state(state)
    App(state)


@solara.component
def App(state: AppState):
    lang = state.lang.value
    solara.Style(CSS)
    solara.Title("teamsim")
    with solara.Column(style={"padding": "8px 16px", "max-width": "1500px"}):
        with solara.Row(justify="space-between", style={"align-items": "center"}):
            with solara.Column(gap="0px"):
                solara.Markdown(f"## {tr('app.title', lang)}")
                solara.Text(tr("app.subtitle", lang), classes=["teamsim-hint"])
            LanguageSwitch(state)
        with solara.Columns([1, 3.2]):
            with solara.Column():
                Form(state)
            with solara.Column():
                MainTabs(state)


@solara.component
def LanguageSwitch(state: AppState):
    lang = state.lang.value
    with solara.Row(gap="4px"):
        solara.Text(tr("app.language", lang) + ":")
        for code in LANGS:
            solara.Button(LANG_NAMES[code], small=True, color="primary",
                          outlined=code != lang, text=False, on_click=lambda c=code: state.lang.set(c))


@solara.component
def MainTabs(state: AppState):
    """The tab bar and the selected tab's body (only the selected body is rendered)."""
    lang = state.lang.value
    tab, set_tab = solara.use_state(0)
    views: list[tuple[str, Callable[[], Any]]] = [
        (tr("tab.simulation", lang), lambda: SimulationView(state)),
        (tr("tab.compare", lang), lambda: CompareView(state)),
        (tr("tab.budget", lang), lambda: BudgetView(state)),
        (tr("tab.about", lang), lambda: solara.Markdown(about(lang))),
        *((extra.label(lang), lambda extra=extra: ExtraTabView(state, extra))
          for extra in EXTRA_TABS),
    ]
    # the tab bar alone: solara.lab.Tabs with content nests the content inside the bar
    # under Vuetify 3, so the body is rendered below it here
    with solara.lab.Tabs(value=tab, on_value=set_tab):
        for label, _ in views:
            solara.lab.Tab(label)
    with solara.Column(style={"padding-top": "8px"}):
        views[min(tab, len(views) - 1)][1]()


@solara.component
def ExtraTabView(state: AppState, extra):
    try:
        component = extra.load()
    except Exception as err:  # noqa: BLE001 - a broken extra tab must not break the app
        solara.Error(f"{extra.key}: {type(err).__name__}: {err}")
        return
    component(state=state)


# ---- the form -----------------------------------------------------------------------------
@solara.component
def Form(state: AppState):
    lang = state.lang.value
    settings = state.settings.value
    presets = preset_names()
    spec = settings.spec()
    with solara.Card(tr("ctl.heading", lang), style={"padding": "4px"}):
        solara.Select(tr("ctl.scenario", lang), values=presets, value=settings.scenario,
                      on_value=lambda v: _apply(state, scenario=v))
        solara.Text(spec.title_da if lang == "da" else spec.title, classes=["teamsim-hint"])
        solara.Select(tr("ctl.baseline", lang), values=presets, value=settings.baseline,
                      on_value=lambda v: _apply(state, baseline=v))
        if settings.overrides:
            names = ", ".join(param_label(n, lang) for n in settings.overrides)
            solara.Text(tr("ctl.changed", lang, names=names), classes=["teamsim-hint"])
            solara.Button(tr("ctl.reset_settings", lang), small=True, text=True,
                          on_click=lambda: _apply(state, overrides={}))
        if state.message.value:
            solara.Error(state.message.value)
        for group in ("team", "practice", "switches", "run"):
            solara.Markdown(f"**{tr(GROUP_TITLES[group], lang)}**")
            for control in (c for c in CONTROLS if c.group == group):
                value = (getattr(settings, control.name) if control.is_run_setting
                         else settings.value(control.name))
                if control.is_switch:
                    solara.Switch(label=control.label(lang), value=bool(value),
                                  on_value=lambda v, n=control.name: _set(state, n, v))
                elif control.choices:
                    ChoiceField(state, control.name, value)
                else:
                    scope = "" if control.is_run_setting else settings.scenario
                    NumberField(state, control.name, value).key(
                        f"{control.name}|{scope}|{value!r}|{lang}")


def _apply(state: AppState, **changes: Any) -> None:
    try:
        state.apply(**changes)
    except TeamsimError as err:
        state.message.value = tr("err.model", state.lang.value, error=err)


def _set(state: AppState, name: str, value: Any) -> str | None:
    """Apply one control's value; returns an error message (and changes nothing) if refused."""
    lang = state.lang.value
    try:
        value = parse(name, value, lang)
        if BY_CONTROL[name].is_run_setting:
            state.apply(**{name: value})
        else:
            state.set_override(name, value)
    except FieldError as err:
        return str(err)
    except TeamsimError as err:
        return tr("err.model", lang, error=err)
    return None


@solara.component
def NumberField(state: AppState, name: str, value: Any):
    lang = state.lang.value
    control = BY_CONTROL[name]
    text, set_text = solara.use_state(control.display(value, lang))
    error, set_error = solara.use_state(None)

    def on_value(new: str) -> None:
        set_text(new)
        set_error(_set(state, name, new))

    label = control.label(lang)
    solara.InputText(label, value=text, on_value=on_value, error=error or False,
                     message=None if error else control.hint(lang), dense=True,
                     classes=[f"teamsim-field-{name}"])


@solara.component
def ChoiceField(state: AppState, name: str, value: str):
    lang = state.lang.value
    control = BY_CONTROL[name]
    labels = control.choice_labels(lang)
    by_label = {label: v for v, label in labels.items()}
    solara.Select(control.label(lang), values=list(by_label), value=labels[value],
                  on_value=lambda label: _set(state, name, by_label[label]))


# ---- week by week -------------------------------------------------------------------------
@solara.component
def SimulationView(state: AppState):
    """The week-by-week view: our controller and key figures around Mesa's network drawing
    and Mesa's plot components (see :mod:`teamsim.app.mesa_view`)."""
    lang = state.lang.value
    tick = state.tick.value
    settings = state.settings.value
    with state.lock:  # a frozen copy: a playing thread may step the models meanwhile
        model, base = state.model(), state.baseline_model()
        series, base_series = model.series(), base.series()
        graph = model.network(NETWORK_FAMILIES)
        children = int(model.pop.active.sum())
        cap = int(model.p.caseload_cap)
    week = int(series["week"].iloc[-1])
    deps = [tick, lang, id(model)]
    Controller(state, week, settings.weeks, int(series["year"].iloc[-1]))
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        KeyFigures(series, base_series, lang)
        Exports(state, series, base_series)
    solara.Text(tr("sim.baseline_dashed", lang, baseline=settings.baseline),
                classes=["teamsim-hint"])
    context = mesa_view.ChartContext(series, base_series, cap)
    snapshot = mesa_view.SeriesSnapshot(series)
    with solara.GridFixed(columns=2, row_gap="8px", column_gap="8px"):
        NetworkChart(graph, children, lang)
        for chart in mesa_view.WEEK_CHARTS:
            MesaPlot(snapshot, chart, context, lang, deps)


def _network_signature(graph) -> int:
    """What the network drawing shows: nodes, their kind and step, and the edges."""
    return hash((tuple((n, d["kind"], d.get("step")) for n, d in graph.nodes(data=True)),
                 tuple(graph.edges())))


@solara.component
def NetworkChart(graph, children: int, lang: str):
    """Mesa's space drawing of the network; redrawn only when a drawn family moved on the
    staircase or a tie changed (most weeks change a few of the 300 families drawn)."""
    signature = _network_signature(graph)
    deps = [signature, children, lang]
    fig = solara.use_memo(lambda: mesa_view.network_figure(graph, lang, children), deps)
    with solara.Column(gap="0px", classes=["teamsim-chart-network"]):
        solara.FigureMatplotlib(fig, dependencies=deps, format="png")
        PngDownload(lambda: fig, "network", lang, deps)


@solara.component
def MesaPlot(snapshot, chart, context, lang: str, deps: list):
    """Mesa's ``PlotMatplotlib`` (what ``make_plot_component(..., backend="matplotlib")``
    renders) over the session's DataCollector data, with our ``post_process``."""
    captured = solara.use_memo(mesa_view.Captured, [])
    with solara.Column(gap="0px", classes=[f"teamsim-chart-{chart.name}"]):
        PlotMatplotlib(snapshot, chart.measure, dependencies=deps,
                       post_process=mesa_view.post_process(chart, context, lang, captured))
        PngDownload(lambda: captured.figure, chart.name, lang, deps)


@solara.component
def PngDownload(figure: Callable[[], Any], name: str, lang: str, deps: list):
    """The PNG button of a chart: the figure on the page, saved at full resolution.
    The data callable is kept stable between renders with the same ``deps`` (a new one
    would reset a download that is under way)."""
    data = solara.use_memo(lambda: (lambda: charts.png(figure(), mesa_view.EXPORT_DPI)), deps)
    solara.FileDownload(data, filename=f"teamsim-{name}.png", label=tr("export.png", lang),
                        mime_type="image/png")


@solara.component
def Controller(state: AppState, week: int, weeks: int, year: int):
    lang = state.lang.value
    playing = state.playing.value
    finished = week >= weeks
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Button(tr("btn.step", lang), color="primary", disabled=playing or finished,
                      on_click=lambda: state.step(1))
        if playing:
            solara.Button(tr("btn.pause", lang), color="primary", on_click=state.pause)
        else:
            solara.Button(tr("btn.play", lang), color="primary", disabled=finished,
                          on_click=lambda: state.play())
        solara.Button(tr("btn.run_all", lang), color="primary", outlined=True,
                      disabled=playing or finished, on_click=lambda: state.step(weeks))
        solara.Button(tr("btn.reset", lang), outlined=True, on_click=state.reset)
        solara.HTML(tag="span", unsafe_innerHTML=html.escape(
            tr("sim.week", lang, week=week, weeks=weeks, year=year)),
            attributes={"data-testid": "week"})
        if finished:
            solara.Text(tr("sim.done", lang, years=weeks // 52), classes=["teamsim-hint"])


@solara.component
def KeyFigures(series: pd.DataFrame, base_series: pd.DataFrame, lang: str):
    solara.HTML(tag="div", unsafe_innerHTML=tables.key_figures_html(series, base_series, lang))


@solara.component
def Chart(make: Callable[[], Any], deps: list, name: str, lang: str):
    """A matplotlib chart of ours (the comparison's), redrawn when ``deps`` change, with its
    PNG download."""
    fig = solara.use_memo(make, deps)
    with solara.Column(gap="0px", classes=[f"teamsim-chart-{name}"]):
        solara.FigureMatplotlib(fig, dependencies=deps, format="png")
        PngDownload(lambda: fig, name, lang, deps)


@solara.component
def CsvDownload(make: Callable[[], pd.DataFrame], filename: str, label: str, deps: list):
    """A CSV button whose data callable stays the same while ``deps`` do: Solara's
    FileDownload cancels a download when its data changes, and a fresh lambda at every
    re-render of the parent (a progress update, a play frame) counts as a change."""
    data = solara.use_memo(lambda: (lambda: _csv(make())), deps)
    solara.FileDownload(data, filename=filename, label=label, mime_type="text/csv")


@solara.component
def Exports(state: AppState, series: pd.DataFrame, base_series: pd.DataFrame):
    lang = state.lang.value
    settings = state.settings.value
    stem = f"teamsim-{settings.scenario}-seed{settings.seed}-week{int(series['week'].iloc[-1])}"
    with solara.Column(gap="4px"):
        solara.Markdown(f"**{tr('export.heading', lang)}**")
        deps = [state.tick.value, stem, lang]
        CsvDownload(lambda: tables.series_export(series, base_series), f"{stem}-series.csv",
                    tr("export.series", lang), deps)
        CsvDownload(lambda: tables.budget_export(series, base_series), f"{stem}-budget.csv",
                    tr("export.budget", lang), deps)


def _csv(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8")


# ---- budget -------------------------------------------------------------------------------
@solara.component
def BudgetView(state: AppState):
    lang = state.lang.value
    tick = state.tick.value
    settings = state.settings.value
    with state.lock:
        series, base_series = state.model().series(), state.baseline_model().series()
    solara.Markdown(f"### {tr('budget.heading', lang)}")
    solara.Text(tr("budget.note", lang, baseline=settings.baseline), classes=["teamsim-hint"])
    if len(series) < 2:
        solara.Info(tr("budget.empty", lang))
        return
    solara.HTML(tag="div", unsafe_innerHTML=tables.budget_html(series, base_series, lang))
    stem = f"teamsim-{settings.scenario}-seed{settings.seed}-week{int(series['week'].iloc[-1])}"
    CsvDownload(lambda: tables.budget_export(series, base_series), f"{stem}-budget.csv",
                tr("export.budget", lang), [tick, stem, lang])


# ---- scenario against baseline --------------------------------------------------------------
@solara.component
def CompareView(state: AppState):
    lang = state.lang.value
    settings = state.settings.value
    job = state.job.value
    result = state.comparison.value
    solara.Markdown(f"### {tr('cmp.heading', lang)}")
    solara.Text(tr("cmp.explain", lang, baseline=settings.baseline, reps=settings.replications,
                   years=settings.years), classes=["teamsim-hint"])
    with solara.Row(style={"align-items": "center"}):
        solara.Button(tr("btn.compare", lang), color="primary", disabled=job.running,
                      on_click=state.start_comparison)
        if job.running:
            solara.Button(tr("btn.cancel", lang), outlined=True, on_click=state.cancel_comparison)
    # the status lives in one container that is always there, so the result below keeps
    # its place when the progress bar goes: a result that moved would be rebuilt, and a
    # download started in the last moments of a comparison would be lost with it
    with solara.Column(gap="4px"):
        if job.running:
            solara.ProgressLinear(value=100 * job.fraction)
            solara.HTML(tag="div", attributes={"data-testid": "compare-progress"},
                        unsafe_innerHTML=html.escape(tr("cmp.running", lang, done=job.done,
                                                        total=job.total)))
        elif job.cancelled:
            solara.Warning(tr("cmp.cancelled", lang))
        elif job.error:
            solara.Error(tr("cmp.failed", lang, error=job.error))
        elif result is None:
            solara.Info(tr("cmp.none", lang))
    if result is not None:
        ComparisonResultView(state, result, lang, stale=result.settings != settings).key(
            "comparison-result")


@solara.component
def ComparisonResultView(state: AppState, result, lang: str, stale: bool):
    cmp = result.comparison
    s = result.settings
    scenario_label = s.scenario + ("*" if s.overrides else "")
    if stale:
        solara.Warning(tr("cmp.stale", lang))
    solara.Markdown("**" + tr("cmp.result", lang, scenario=scenario_label, baseline=s.baseline,
                              reps=len(cmp.seeds), years=cmp.years, seed=s.seed) + "**")
    if s.overrides:
        changes = ", ".join(f"{param_label(n, lang)} = {v}" for n, v in s.overrides.items())
        solara.Text(f"* {changes}", classes=["teamsim-hint"])
    for note in cmp.notes:
        solara.Warning(tr("cmp.note", lang, note=note))
    deps = [id(cmp), lang]
    with solara.GridFixed(columns=2, column_gap="8px"):
        Chart(lambda: charts.compared_placed(cmp, lang, scenario_label, s.baseline), deps,
              "comparison-placed", lang)
        Chart(lambda: charts.compared_net(cmp.table, lang), deps, "comparison-net", lang)
    solara.Markdown(f"**{tr('cmp.table', lang)}**")
    solara.HTML(tag="div", unsafe_innerHTML=tables.comparison_html(cmp.table, lang))
    stem = f"teamsim-{s.scenario}-vs-{s.baseline}-{len(cmp.seeds)}reps-seed{s.seed}"
    CsvDownload(lambda: tables.comparison_export(result), f"{stem}-comparison.csv",
                tr("export.comparison", lang), [id(result), lang])
