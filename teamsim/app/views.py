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
from ipyvuetify.components import ExpansionPanelText, ExpansionPanelTitle
from solara.alias import rv

from teamsim.app import charts, mesa_view, tables, weekcharts, xlsx
from teamsim.app import municipality as own
from teamsim.app.about import about
from teamsim.app.controls import BY_CONTROL, CONTROLS, GROUP_TITLES, FieldError, parse
from teamsim.app.live import Download, Downloads, LiveHtml
from teamsim.app.state import (
    AppState,
    app_presets,
    decode_page,
    encode_page,
    preset,
    provide_app_state,
    uncertainty,
)
from teamsim.app.tabs import EXTRA_TABS
from teamsim.app.texts import help_text
from teamsim.app.upload import Upload
from teamsim.errors import TeamsimError
from teamsim.i18n import LANG_NAMES, LANGS, param_label, tr

NETWORK_FAMILIES = 300  # families drawn in the network view (a readable sample)
CSS = """
.teamsim-table { border-collapse: collapse; font-size: 14px; }
.teamsim-table th, .teamsim-table td { padding: 3px 8px; border-bottom: 1px solid #ddd;
                                       vertical-align: top; }
.teamsim-table td.num, .teamsim-table th.num { text-align: right;
                        font-variant-numeric: tabular-nums; }
.teamsim-table td.num { white-space: nowrap; }
.teamsim-wrap { width: 100%; table-layout: fixed; }
.teamsim-wrap td, .teamsim-wrap th { overflow-wrap: anywhere; }
.teamsim-wrap td.num { white-space: normal; }
.teamsim-wrap td:first-child, .teamsim-wrap th:first-child { width: 24%; }
.teamsim-band { color: #666; font-size: 12px; white-space: nowrap; }
.teamsim-table tr.total td { font-weight: 600; }
.teamsim-table tr.net td { font-weight: 600; background: #f3f6fa; }
.teamsim-hint { color: #555; font-size: 13px; }
.teamsim-chart-title { font-weight: 600; font-size: 15px; margin: 4px 0; }
.teamsim-legend { font-size: 14px; display: flex; flex-wrap: wrap; gap: 2px 14px; }
.teamsim-key { display: inline-flex; align-items: center; gap: 5px; }
.teamsim-key-line { display: inline-block; width: 22px; height: 0; }
.teamsim-key-box { display: inline-block; width: 12px; height: 12px; }
.teamsim-charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr));
                  gap: 12px 20px; width: 100%; }
.teamsim-headline { background: #f3f6fa; border-left: 4px solid #2166ac; padding: 8px 14px;
                    font-size: 16px; }
.teamsim-headline p { margin: 2px 0; }
.teamsim-help { display: block; color: #666; font-size: 12px; line-height: 1.3;
                margin-bottom: 6px; }
.teamsim-switch-state { font-weight: 600; min-width: 2.5em; }
.teamsim-page { max-width: 1500px; overflow-x: hidden; }
"""


# ---- the page ---------------------------------------------------------------------------
def Heading(text: str, tag: str = "div"):
    """A heading, or a bold line (``div``), as one plain HTML element. solara.Markdown
    makes the browser load KaTeX and Mermaid (some megabytes to parse) on the first page
    (only the about tab, which is Markdown, needs them), and solara.HTML is three widgets
    where this is one."""
    style = {"div": "font-weight: 600; margin: 6px 0 2px", "h2": "font-size: 1.5em; margin: 0",
             "h3": "font-size: 1.2em; margin: 4px 0"}[tag]
    return rv.Html(tag=tag, children=[text], style_=style)


@solara.component
def Page():
    router = solara.use_router()
    state = solara.use_memo(lambda: state_from_query(router.search or ""), [])
    solara.use_effect(lambda: state.close, [])  # a closed session lets go of its models
    provide_app_state(state)
    UrlSync(state)
    App(state)


def state_from_query(search: str) -> AppState:
    """A session's state from its URL: ``?lang=en&p=...`` (see :func:`encode_page`)."""
    query = parse_qs(search)
    lang = (query.get("lang") or [None])[0]
    state = AppState(lang=lang if lang in LANGS else None)
    packed = (query.get("p") or [None])[0]
    if packed:
        try:
            settings, saved = decode_page(packed)
        except TeamsimError as err:
            state.message.value = tr("app.bad_link", state.lang.value, error=err)
        else:
            state.settings.value, state.saved.value = settings, saved
    return state


@solara.component
def UrlSync(state: AppState):
    """Keep the page's address in step with the language, settings and saved scenarios,
    so a reload or a shared link gives the same page. The address is written in the
    browser (:func:`AddressBar`), not through Solara's router: a router push re-renders
    the whole app from its root, and a value typed into a field during that re-render
    (right after the page appears, or right after another value) was lost."""
    AddressBar(query=encode_page(state.lang.value, state.settings.value, state.saved.value))


@solara.component_vue("address_bar.vue")
def AddressBar(query: str):
    """The address bar's query, written with ``history.replaceState`` in the browser."""


@solara.component
def App(state: AppState):
    lang = state.lang.value
    solara.Style(CSS)
    solara.Title("teamsim")
    with solara.Column(style={"padding": "8px 16px"}, classes=["teamsim-page"]):
        with solara.Row(justify="space-between", style={"align-items": "center"}):
            with solara.Column(gap="0px"):
                Heading(tr("app.title", lang), "h2")
                solara.Text(tr("app.subtitle", lang), classes=["teamsim-hint"])
            with solara.Column(gap="0px", align="end"):
                LanguageSwitch(state)
                solara.Text(tr("app.share_help", lang), classes=["teamsim-hint"])
        Headline(state)
        with solara.Columns([1, 3.2]):
            with solara.Column():
                Form(state)
            with solara.Column():
                MainTabs(state)


@solara.component
def Headline(state: AppState):
    """The answer first: the comparison of the current settings in sentences."""
    lang = state.lang.value
    result = state.comparison.value
    job = state.job.value
    with solara.Column(gap="4px", classes=["teamsim-headline"]):
        solara.HTML(tag="div", attributes={"data-testid": "headline"},
                    unsafe_innerHTML=f"<b>{html.escape(tr('app.headline', lang))}</b>")
        if result is None:
            solara.Text(tr("app.headline_none", lang))
            with solara.Row():
                solara.Button(tr("btn.compare", lang), color="primary", disabled=job.running,
                              on_click=state.start_comparison)
                JobStatus(state, testid="headline-progress")
            return
        if result.settings != state.settings.value:
            solara.Text(tr("app.headline_stale", lang), classes=["teamsim-hint"])
        solara.HTML(tag="div", unsafe_innerHTML=tables.headline_html(result, lang,
                                                                     uncertainty()))


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
def _title(name: str, lang: str) -> str:
    spec = preset(name)
    return (spec.title_da or spec.title) if lang == "da" else (spec.title or name)


@solara.component
def PresetSelect(state: AppState, field: str, label: str):
    """A preset chooser that shows the presets' titles, not their ids."""
    lang = state.lang.value
    titles = {_title(n, lang): n for n in app_presets()}
    current = _title(getattr(state.settings.value, field), lang)
    solara.Select(label, values=list(titles), value=current,
                  on_value=lambda t: _apply(state, **{field: titles[t]}))


@solara.component
def Form(state: AppState):
    lang = state.lang.value
    settings = state.settings.value
    with solara.Card(tr("ctl.heading", lang), style={"padding": "4px"}):
        # what comes and goes sits in containers that are always there: a child that
        # appeared before the fields would shift them, and reacton would make their widgets
        # anew (losing a value typed meanwhile)
        with solara.Column(gap="2px"):
            if settings.own:
                solara.Info(tr("app.own_active", lang, title=settings.baseline_title(lang)))
            else:
                PresetSelect(state, "scenario", tr("ctl.scenario", lang))
                solara.Text(settings.title(lang), classes=["teamsim-hint"])
                PresetSelect(state, "baseline", tr("ctl.baseline", lang))
                solara.Text(tr("app.denmark_note", lang), classes=["teamsim-help"])
        with solara.Column(gap="2px"):
            if settings.overrides:
                names = ", ".join(param_label(n, lang) for n in settings.overrides)
                solara.Text(tr("ctl.changed", lang, names=names), classes=["teamsim-hint"])
                solara.Button(tr("ctl.reset_settings", lang), small=True, text=True,
                              on_click=lambda: _apply(state, overrides={}))
            if state.message.value:
                solara.Error(state.message.value)
        SavedScenarios(state)
        OwnMunicipality(state)
        for group in ("team", "practice", "switches", "run"):
            Heading(tr(GROUP_TITLES[group], lang))
            for control in (c for c in CONTROLS if c.group == group):
                value = (getattr(settings, control.name) if control.is_run_setting
                         else settings.value(control.name))
                # help as text under the field: a Tooltip around it would make its widget
                # anew at every render, and a value typed meanwhile would be lost. No
                # container around the two: every widget costs the first page load time
                if control.is_switch:
                    SwitchField(state, control.name, bool(value))
                elif control.choices:
                    ChoiceField(state, control.name, value)
                else:
                    NumberField(state, control.name, value).key(f"{control.name}|{lang}")
                solara.Text(help_text(control.name, lang),
                            classes=["teamsim-help", f"teamsim-help-{control.name}"])


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
def SwitchField(state: AppState, name: str, value: bool):
    """A mechanism's switch with its state in words beside it."""
    lang = state.lang.value
    with solara.Row(gap="6px", style={"align-items": "center"}):
        solara.Switch(label=BY_CONTROL[name].label(lang), value=value, color="primary",
                      on_value=lambda v: _set(state, name, v))
        solara.Text(tr("app.on" if value else "app.off", lang),
                    classes=["teamsim-switch-state"],
                    style={"color": "#2166ac" if value else "#888"})


@solara.component
def NumberField(state: AppState, name: str, value: Any):
    """A number typed in (refused with one line if out of range) and, for the team and
    practice fields, a slider beside it. What is typed stays in the field until Enter or
    leaving it (:func:`TypedField`), so a second value typed right after a first is
    applied too; a change from elsewhere (a slider, a saved scenario) is shown."""
    lang = state.lang.value
    control = BY_CONTROL[name]
    shown = control.display(value, lang)
    error, set_error = solara.use_state(None)
    solara.use_effect(lambda: set_error(None), [shown])  # a new value: no refusal left

    with solara.Row(gap="8px", style={"align-items": "flex-start"}):
        if not control.is_run_setting:
            Slider(state, name, value)
        TypedField(control.label(lang), shown, lambda new: set_error(_set(state, name, new)),
                   error=error, message=control.hint(lang), classes=f"teamsim-field-{name}",
                   style="max-width: 150px" if not control.is_run_setting else "")


@solara.component
def TypedField(label: str, shown: str, on_commit: Callable[[str], None], error: str | None,
               message: str, classes: str = "", style: str = ""):
    """A text field committed on Enter or on leaving it. The text shown is set on the
    widget when ``shown`` changes, and is not an argument of the element: reacton sets
    every element's arguments again at every render of the page, which put the old text
    back over one typed but not yet committed (a render from elsewhere, such as the
    browser reporting the address the page wrote, came between typing and Enter)."""
    field = rv.TextField(label=label, error=bool(error), messages=[error or message],
                         density="compact", hide_details="auto", class_=classes, style_=style)
    commit = solara.use_ref(on_commit)
    commit.current = on_commit

    def show() -> None:
        solara.get_widget(field).v_model = shown

    solara.use_effect(show, [shown])

    def connect():
        widget = solara.get_widget(field)

        def on_event(*_) -> None:
            commit.current(widget.v_model or "")

        for event in ("keyup.enter", "focusout"):
            widget.on_event(event, on_event)

        def disconnect() -> None:
            for event in ("keyup.enter", "focusout"):
                widget.on_event(event, on_event, remove=True)

        return disconnect

    solara.use_effect(connect, [])
    return field


@solara.component
def Slider(state: AppState, name: str, value: Any):
    """The slider beside a number field (Vuetify's own, with no container around it)."""
    control = BY_CONTROL[name]
    lang = state.lang.value

    def on_value(v: float) -> None:
        _set(state, name, control.display(v, lang))

    whole = control.whole
    rv.Slider(v_model=int(value) if whole else float(value),
              min=int(control.low) if whole else control.low,
              max=int(control.high) if whole else control.high, step=1 if whole else 0.1,
              on_v_model=on_value, thumb_label=False, hide_details=True,
              class_=f"teamsim-slider-{name}", style_="min-width: 110px; flex: 1")


@solara.component
def ChoiceField(state: AppState, name: str, value: str):
    lang = state.lang.value
    control = BY_CONTROL[name]
    labels = control.choice_labels(lang)
    by_label = {label: v for v, label in labels.items()}
    solara.Select(control.label(lang), values=list(by_label), value=labels[value],
                  on_value=lambda label: _set(state, name, by_label[label]))


# ---- named scenarios ----------------------------------------------------------------------
@solara.component
def SavedScenarios(state: AppState):
    lang = state.lang.value
    name, set_name = solara.use_state("")
    problem, set_problem = solara.use_state(None)

    def save() -> None:
        try:
            state.save(name)
        except TeamsimError:
            full = len(state.saved.value) >= 4 and name.strip()
            set_problem(tr("app.saved_full" if full else "app.saved_name_missing", lang))
        else:
            set_problem(None)
            set_name("")

    Heading(tr("app.saved", lang))
    solara.Text(tr("app.saved_help", lang), classes=["teamsim-hint"])
    with solara.Row(gap="4px", style={"align-items": "center"}):
        solara.InputText(tr("app.save_name", lang), value=name, on_value=set_name,
                         continuous_update=True, dense=True, error=problem or False,
                         message=problem, classes=["teamsim-save-name"])
        solara.Button(tr("app.save", lang), small=True, color="primary", on_click=save,
                      classes=["teamsim-save"])
    for named in state.saved.value:
        with solara.Row(gap="4px", style={"align-items": "center"},
                        classes=["teamsim-saved-item"]):
            solara.Text(named.name, style={"font-weight": "600"})
            solara.Text(named.settings.title(lang), classes=["teamsim-hint"])
            solara.Button(tr("app.use", lang), small=True, text=True,
                          on_click=lambda n=named.name: state.use(n))
            solara.Button(tr("app.delete", lang), small=True, text=True,
                          on_click=lambda n=named.name: state.delete(n))


# ---- own municipality ---------------------------------------------------------------------
@solara.component
def OwnMunicipality(state: AppState):
    """The own municipality's panel, closed at first; its content (some twenty fields) is
    made when it is first opened and kept, so the first page has fewer widgets to make."""
    lang = state.lang.value
    expand, set_expand = solara.use_state(False)
    opened, set_opened = solara.use_state(False)

    def on_panel(value) -> None:
        set_expand(value == 0)
        if value == 0:
            set_opened(True)

    with rv.ExpansionPanels(v_model=0 if expand else None, on_v_model=on_panel,
                            class_="teamsim-own"), rv.ExpansionPanel():
        ExpansionPanelTitle(children=[tr("app.own", lang)])
        with ExpansionPanelText():
            if opened:
                OwnMunicipalityBody(state)


@solara.component
def OwnMunicipalityBody(state: AppState):
    lang = state.lang.value
    settings = state.settings.value
    solara.Text(tr("app.own_help", lang), classes=["teamsim-hint"])
    if own.available():
        FiguresForm(state)
    else:
        solara.Info(tr("app.own_missing", lang))
    Upload(tr("app.own_upload", lang), tr("app.own_choose", lang),
           on_file=lambda f: _upload(state, f))
    if settings.own:
        solara.FileDownload(settings.own.encode("utf-8"), filename="my-municipality.toml",
                            label=tr("app.own_download", lang), mime_type="application/toml")
        solara.Button(tr("app.own_clear", lang), small=True, text=True,
                      on_click=lambda: _apply(state, own="", figures={}, overrides={}))


def _upload(state: AppState, file: dict) -> None:
    lang = state.lang.value
    name = file.get("name", "")
    try:
        text = file["data"].decode("utf-8")
        own.scenario_of(text)
    except UnicodeDecodeError:
        state.message.value = tr("app.own_bad_file", lang, name=name, error="not UTF-8 text")
        return
    except TeamsimError as err:
        state.message.value = tr("app.own_bad_file", lang, name=name, error=err)
        return
    _apply(state, own=text, figures={}, overrides={})


@solara.component
def FiguresForm(state: AppState):
    """The municipality's own figures (the builder's FIGURES), each refused with one line
    under its field; "Build the baseline" builds it in the builder's process (some
    seconds: a progress bar meanwhile) and makes it the baseline."""
    lang = state.lang.value
    figures = own.figures()
    typed, set_typed = solara.use_state(
        {f.name: own.start_text(f, lang, state.settings.value.figures.get(f.name))
         for f in figures})
    title, set_title = solara.use_state("")
    refusals = {f.name: _refusal(f, typed[f.name], lang) for f in figures}

    def build() -> None:
        if any(refusals.values()):
            return
        values = {f.name: own.read_figure(f, typed[f.name], lang) for f in figures}
        state.build_own({n: v for n, v in values.items() if v is not None}, title.strip())

    solara.InputText(tr("app.own_title", lang), value=title, on_value=set_title, dense=True,
                     classes=["teamsim-own-title"])
    for f in figures:
        problem = refusals[f.name]
        # typed text that no render puts back (TypedField), each commit on the latest dict
        TypedField(f.doc_da if lang == "da" else f.doc, typed[f.name],
                   lambda v, n=f.name: set_typed(lambda now: {**now, n: v}), error=problem,
                   message=_figure_hint(f, lang), classes=f"teamsim-figure-{f.name}").key(
                       f"{f.name}|{lang}")
    building = state.building.value
    solara.Button(tr("app.own_build", lang), color="primary", on_click=build,
                  disabled=building, classes=["teamsim-own-build"])
    with solara.Column(gap="2px"):
        if building:
            solara.ProgressLinear(True)
            solara.Text(tr("app.own_building", lang), classes=["teamsim-hint"])
        if state.build_problem.value:
            solara.Error(own.refusal(state.build_problem.value, lang),
                         classes=["teamsim-own-problem"])


def _refusal(figure, text: str, lang: str) -> str | None:
    try:
        own.read_figure(figure, text, lang)
    except ValueError as err:
        return str(err)
    return None


def _figure_hint(figure, lang: str) -> str:
    blank = " " + tr("app.own_blank", lang) if figure.name in own.OPTIONAL else ""
    return own.allowed(figure, lang) + blank


# ---- week by week -------------------------------------------------------------------------
@solara.component
def SimulationView(state: AppState):
    """The week-by-week view: our controller, the key figures and the charts as SVG (a
    step sends a few kilobytes of SVG instead of five PNGs); the PNG buttons download
    Mesa's drawings (:mod:`teamsim.app.mesa_view`), made when clicked.

    A step re-renders nothing here: the week, the key figures and the charts are set in
    place (:mod:`teamsim.app.live`), and the downloads make their files when clicked."""
    lang = state.lang.value
    settings = state.settings.value
    Controller(state, settings.weeks)
    solara.Text(tr("app.one_run", lang, seed=settings.seed) + " "
                + tr("sim.baseline_dashed", lang, baseline=settings.baseline_title(lang)),
                classes=["teamsim-hint"])
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        LiveHtml(state, lambda: key_figures_now(state, lang), [lang],
                 placeholder=html.escape(tr("app.building_models", lang)))
        Exports(state)
    LiveHtml(state, lambda: charts_now(state, lang), [lang])
    PngDownloads(state)


def week_now(state: AppState, lang: str) -> str:
    """The week shown ("Uge 3 af 208 (2013)") as HTML, from the state now."""
    with state.lock:
        model = state.model()
        week, year = model.week, int(model.year)
    return (f'<span data-testid="week">'
            f'{html.escape(tr("sim.week", lang, week=week, weeks=state.settings.value.weeks, year=year))}'
            "</span>")


def key_figures_now(state: AppState, lang: str) -> str:
    series, base_series = state.series()
    return tables.key_figures_html(series, base_series, lang)


def charts_now(state: AppState, lang: str) -> str:
    """The network and the week charts of the models now, as one HTML grid."""
    with state.lock:  # a frozen copy: a playing thread may step the models meanwhile
        model = state.model()
        series, base_series = state.series()
        graph = model.network(NETWORK_FAMILIES)
        children = int(model.pop.active.sum())
        cap = int(model.p.caseload_cap)
        weeks = state.settings.value.weeks
    parts = [weekcharts.network(graph, children, lang),
             weekcharts.staircase(series, base_series, weeks, lang),
             weekcharts.placements(series, base_series, weeks, lang),
             weekcharts.family_share(series, base_series, weeks, lang),
             weekcharts.caseload(series, base_series, weeks, lang, cap),
             weekcharts.hours(series, base_series, weeks, lang),
             weekcharts.waiting(series, base_series, weeks, lang),
             weekcharts.missed(series, base_series, weeks, lang)]
    return f'<div class="teamsim-charts">{"".join(parts)}</div>'


@solara.component
def PngDownloads(state: AppState):
    """The PNG buttons: Mesa's network drawing and Mesa's plot components of the week
    shown, drawn only when a button is clicked."""
    lang = state.lang.value

    def png(name: str) -> tuple[str, bytes]:
        with state.lock:
            model, base = state.model(), state.baseline_model()
            if name == "network":
                figure = mesa_view.network_figure(model.network(NETWORK_FAMILIES), lang,
                                                  int(model.pop.active.sum()))
            else:
                ctx = mesa_view.ChartContext(model.series(), base.series(),
                                             int(model.p.caseload_cap))
                figure = mesa_view.week_figure(name, ctx, lang)
        return f"teamsim-{name}.png", charts.png(figure, mesa_view.EXPORT_DPI)

    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Text(tr("app.pngs", lang))
        Downloads([Download(f"{tr('export.png', lang)}: {name}", "image/png",
                            lambda n=name: png(n))
                   for name in ("network", *(c.name for c in mesa_view.WEEK_CHARTS))])


@solara.component
def PngDownload(figure: Callable[[], Any], name: str, lang: str, deps: list):
    """The PNG button of a chart, saved at full resolution when clicked. The data callable
    is kept stable between renders with the same ``deps`` (a new one would reset a
    download that is under way)."""
    data = solara.use_memo(lambda: (lambda: charts.png(figure(), mesa_view.EXPORT_DPI)), deps)
    solara.FileDownload(data, filename=f"teamsim-{name}.png",
                        label=f"{tr('export.png', lang)}: {name}", mime_type="image/png")


@solara.component
def Controller(state: AppState, weeks: int):
    """Step, play, run all, reset, and the week shown (set in place after every step)."""
    lang = state.lang.value
    playing = state.playing.value
    finished = state.at_end.value
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
        LiveHtml(state, lambda: week_now(state, lang), [lang])
        if finished:
            solara.Text(tr("sim.done", lang, years=weeks // 52), classes=["teamsim-hint"])


@solara.component
def JobStatus(state: AppState, testid: str = "compare-progress"):
    """The comparison's progress bar and cancel button, or how it ended. The headline and
    the comparison tab both show it (a planner may start it from either), each under its
    own test id."""
    lang = state.lang.value
    job = state.job.value
    with solara.Column(gap="4px"):
        if job.running:
            solara.ProgressLinear(value=100 * job.fraction)
            solara.HTML(tag="div", attributes={"data-testid": testid},
                        unsafe_innerHTML=html.escape(tr("cmp.running", lang, done=job.done,
                                                        total=job.total)))
            solara.Button(tr("btn.cancel", lang), outlined=True, small=True,
                          on_click=state.cancel_comparison)
        elif job.cancelled:
            solara.Warning(tr("cmp.cancelled", lang))
        elif job.error:
            solara.Error(tr("cmp.failed", lang, error=job.error))


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
def Exports(state: AppState):
    """The week-by-week run's CSV and Excel files, made when clicked (named by the week
    shown then)."""
    lang = state.lang.value

    def frozen():
        series, base_series = (df.copy() for df in state.series())
        settings = state.settings.value
        stem = (f"teamsim-{settings.scenario}-seed{settings.seed}"
                f"-week{int(series['week'].iloc[-1])}")
        return series, base_series, stem

    def series_csv() -> tuple[str, bytes]:
        series, base_series, stem = frozen()
        return f"{stem}-series.csv", _csv(tables.series_export(series, base_series))

    def budget_csv() -> tuple[str, bytes]:
        series, base_series, stem = frozen()
        return f"{stem}-budget.csv", _csv(tables.budget_export(series, base_series))

    def workbook() -> tuple[str, bytes]:
        series, base_series, stem = frozen()
        return f"{stem}.xlsx", xlsx.workbook(series, base_series, state.comparison.value, lang)

    with solara.Column(gap="4px"):
        Heading(tr("export.heading", lang))
        Downloads([Download(tr("export.series", lang), "text/csv", series_csv),
                   Download(tr("export.budget", lang), "text/csv", budget_csv),
                   Download(tr("app.xlsx", lang), "application/vnd.openxmlformats-"
                            "officedocument.spreadsheetml.sheet", workbook)], vertical=True)


def _csv(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8")


# ---- budget -------------------------------------------------------------------------------
@solara.component
def BudgetView(state: AppState):
    """The yearly budget of the week-by-week run (one run, said so), and, when the
    comparison of these settings has been run, its net per year (the median of N runs,
    the same numbers as the comparison tab) above it."""
    lang = state.lang.value
    tick = state.tick.value
    settings = state.settings.value
    result = state.comparison.value
    with state.lock:
        series, base_series = state.model().series(), state.baseline_model().series()
    Heading(tr("budget.heading", lang), "h3")
    if result is not None and result.settings == settings:
        runs = len(result.comparison.seeds)
        Heading(tr("app.budget_median", lang, runs=runs))
        solara.HTML(tag="div", unsafe_innerHTML=tables.net_rows_html(result.comparison, lang))
    Heading(tr("app.budget_one_run", lang, seed=settings.seed))
    solara.Text(tr("budget.note", lang, baseline=settings.baseline_title(lang)),
                classes=["teamsim-hint"])
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
    Heading(tr("cmp.heading", lang), "h3")
    solara.Text(tr("cmp.explain", lang, baseline=settings.baseline_title(lang),
                   reps=settings.replications, years=settings.years),
                classes=["teamsim-hint"])
    with solara.Row(style={"align-items": "center"}):
        solara.Button(tr("btn.compare", lang), color="primary", disabled=job.running,
                      on_click=state.start_comparison, classes=["teamsim-compare"])
    # the status lives in one container that is always there, so the result below keeps
    # its place when the progress bar goes: a result that moved would be rebuilt, and a
    # download started in the last moments of a comparison would be lost with it
    with solara.Column(gap="4px"):
        JobStatus(state)
        if result is None and not job.running:
            solara.Info(tr("cmp.none", lang))
    if result is not None:
        ComparisonResultView(state, result, lang, stale=result.settings != settings).key(
            "comparison-result")
    side = state.side_by_side.value
    if side:
        Heading(tr("app.side_by_side", lang))
        solara.HTML(tag="div", unsafe_innerHTML=tables.side_by_side_html(list(side), lang))


@solara.component
def ComparisonResultView(state: AppState, result, lang: str, stale: bool):
    cmp = result.comparison
    s = result.settings
    scenario_label = s.title(lang)
    if stale:
        solara.Warning(tr("cmp.stale", lang))
    Heading(tr("cmp.result", lang, scenario=scenario_label, baseline=s.baseline_title(lang),
               reps=len(cmp.seeds), years=cmp.years, seed=s.seed))
    if s.overrides:
        changes = ", ".join(f"{param_label(n, lang)} = {v}" for n, v in s.overrides.items())
        solara.Text(f"* {changes}", classes=["teamsim-hint"])
    for note in cmp.notes:
        solara.Warning(tr("cmp.note", lang, note=note))
    deps = [id(cmp), lang]
    with solara.GridFixed(columns=2, column_gap="8px"):
        Chart(lambda: charts.compared_placed(cmp, lang, scenario_label, s.baseline_title(lang)),
              deps, "comparison-placed", lang)
        Chart(lambda: charts.compared_net(cmp.table, lang), deps, "comparison-net", lang)
    Heading(tr("cmp.table", lang))
    solara.HTML(tag="div", unsafe_innerHTML=tables.comparison_html(cmp, lang))
    solara.Text(tr("app.starts_and_stock", lang) + " " + tr("app.fixed_note", lang),
                classes=["teamsim-hint"])
    stem = f"teamsim-{s.scenario}-vs-{s.baseline}-{len(cmp.seeds)}reps-seed{s.seed}"
    CsvDownload(lambda: tables.comparison_export(result), f"{stem}-comparison.csv",
                tr("export.comparison", lang), [id(result), lang])
