"""The app's logic without a browser: the form's validation, the session state, the
tables and exports, the charts, per-session isolation and `teamsim app`."""

from __future__ import annotations

import io
import socket

import numpy as np
import pandas as pd
import pytest

from teamsim.app import charts, tables
from teamsim.app.controls import BY_CONTROL, CONTROLS, FieldError, parse
from teamsim.app.state import AppState, Settings
from teamsim.cli import main
from teamsim.errors import TeamsimError
from teamsim.params import BY_NAME, SWITCHES
from teamsim.scenarios import load_scenario


# ---- the form -----------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "lang", "message"), [
    ("500", "da", "500 er uden for det tilladte: 1 til 200 rådgivere"),
    ("500", "en", "500 is outside what is allowed: 1 to 200 caseworkers"),
    ("abc", "da", "'abc' er ikke et helt tal: skriv et helt tal fra 1 til 200 rådgivere"),
    ("abc", "en", "'abc' is not a whole number"),
    ("2,5", "en", "is not a whole number"),
    ("0", "en", "1 to 200 caseworkers"),
])
def test_bad_caseworker_numbers_are_refused_with_the_allowed_range(text, lang, message):
    with pytest.raises(FieldError, match=message):
        parse("caseworkers", text, lang)


def test_numbers_are_read_in_the_planners_format():
    assert parse("caseworkers", " 12 ", "da") == 12
    assert parse("meeting_rate", "2,5", "da") == 2.5
    assert parse("meeting_rate", "2.5", "en") == 2.5
    with pytest.raises(FieldError, match="0 til 52 møder pr. åben sag pr. år"):
        parse("meeting_rate", "60", "da")
    assert parse("policy", "traditional", "en") == "traditional"
    with pytest.raises(FieldError):
        parse("policy", "whatever", "en")


def test_the_form_offers_every_mechanism_switch_and_the_planners_controls():
    names = {c.name for c in CONTROLS}
    assert set(SWITCHES) <= names
    assert {"caseworkers", "caseload_cap", "psychologists", "health_visitors", "meeting_rate",
            "followup_schedule", "policy", "detection_effort", "years", "seed"} <= names


def test_every_app_range_lies_inside_the_parameter_registry():
    for c in CONTROLS:
        if c.low is not None and not c.is_run_setting:
            assert BY_NAME[c.name].low <= c.low < c.high <= BY_NAME[c.name].high


def test_every_control_shows_a_unit_and_range_in_both_languages():
    for c in CONTROLS:
        if c.low is not None:
            assert c.hint("da").startswith("tilladt: ")
            assert c.hint("en").startswith("allowed: ")
    assert BY_CONTROL["caseworkers"].hint("da") == "tilladt: 1 til 200 rådgivere"


# ---- the session state ------------------------------------------------------------------------
def small_state(**settings) -> AppState:
    return AppState(lang="da", settings=Settings(**{"scenario": "herning-2012", "years": 1,
                                                    "replications": 2, **settings}))


def test_steps_advance_the_scenario_and_the_baseline_together_and_stop_at_the_end():
    state = small_state()
    assert state.step(3) == 3
    assert state.model().week == state.baseline_model().week == 3
    assert state.step(100) == 49  # one year = 52 weeks
    assert state.finished and state.step(1) == 0


def test_a_valid_change_rebuilds_the_model_at_week_0():
    state = small_state()
    state.step(5)
    state.set_override("caseworkers", 8)
    assert state.week == 0
    assert state.model().p.caseworkers == 8
    assert state.baseline_model().p.caseworkers == 4  # the baseline keeps its own team


def test_an_invalid_change_changes_nothing():
    state = small_state()
    state.step(5)
    before = state.settings.value
    with pytest.raises(TeamsimError):
        state.set_override("caseworkers", 0)
    with pytest.raises(TeamsimError):
        state.apply(scenario="no-such-scenario")
    assert state.settings.value == before
    assert state.week == 5


def test_choosing_a_scenario_drops_the_overrides():
    state = small_state()
    state.set_override("caseworkers", 6)
    state.apply(scenario="boras")
    assert state.settings.value.overrides == {}
    preset = load_scenario("boras").params.caseworkers
    assert preset != 6 and state.model().p.caseworkers == preset


def test_a_value_equal_to_the_presets_is_not_an_override():
    state = small_state()
    state.set_override("caseworkers", 8)
    state.set_override("caseworkers", 4)
    assert state.settings.value.overrides == {}


def test_same_settings_give_the_same_week_by_week_run():
    a, b = small_state(seed=7), small_state(seed=7)
    a.step(20)
    b.step(20)
    pd.testing.assert_frame_equal(a.model().series(), b.model().series())


def test_settings_map_to_the_python_api():
    s = Settings(scenario="herning-pilot", overrides={"caseworkers": 10}, seed=3,
                 replications=4, years=2)
    kw = s.model_kwargs()
    assert kw["rng"] == 3 and kw["scenario"] == load_scenario("herning-pilot", caseworkers=10)
    kw = s.compare_kwargs()
    assert kw["baseline"] == load_scenario("herning-2012")
    assert kw["years"] == 2 and len(kw["seeds"]) == 4
    from teamsim.run import replication_seeds

    assert kw["seeds"] == replication_seeds(3, 4)  # as `teamsim run --seed 3 --replications 4`


def test_comparisons_include_parameter_uncertainty_when_the_model_ships_an_ensemble(
        monkeypatch):
    """The answer's bands include the calibrated ensemble (as `teamsim run --compare
    --uncertainty parameters`), and say so; without an ensemble they are runs only."""
    from teamsim.app import state
    from teamsim.calibration import calibrate

    s = Settings(scenario="herning-pilot")
    state.uncertainty.cache_clear()
    try:
        assert calibrate.ensemble_members(), "the package ships an ensemble"
        assert state.uncertainty() == "parameters"
        assert s.compare_kwargs()["uncertainty"] == "parameters"
        monkeypatch.setattr(calibrate, "ensemble_members", lambda path=None: [])
        state.uncertainty.cache_clear()
        assert state.uncertainty() == "runs"
        assert "uncertainty" not in s.compare_kwargs()
    finally:
        state.uncertainty.cache_clear()


def test_more_caseworkers_mean_fewer_missed_follow_ups_in_the_key_figures():
    few, many = small_state(), small_state()
    many.set_override("caseworkers", 8)
    for state in (few, many):
        state.step(52)
    missed = {}
    for name, state in (("few", few), ("many", many)):
        kf = tables.key_figures(state.model().series(), state.baseline_model().series())
        missed[name] = kf.set_index("indicator").loc["followups_missed", "scenario"]
    assert missed["many"] < missed["few"]


def test_the_comparison_runs_in_the_background_and_reports_progress():
    state = small_state()
    assert state.start_comparison()
    assert not state.start_comparison()  # one at a time
    import time

    while state.job.value.running:
        time.sleep(0.05)
    job = state.job.value
    assert job.error is None and not job.cancelled
    assert job.done == job.total == 2 * 2 * 52
    result = state.comparison.value
    assert result.settings == state.settings.value
    assert set(result.comparison.table["indicator"]) >= {"placed", "Net vs baseline"}


def test_a_comparison_can_be_cancelled():
    state = small_state(replications=20, years=4)
    state.start_comparison()
    state.cancel_comparison()
    import time

    while state.job.value.running:
        time.sleep(0.05)
    assert state.job.value.cancelled
    assert state.comparison.value is None


# ---- tables and exports -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def stepped():
    state = small_state(scenario="herning-pilot", years=2)
    state.step(60)
    return state.model().series(), state.baseline_model().series()


def test_budget_table_shows_danish_kroner_and_the_net_against_the_baseline(stepped):
    series, base = stepped
    page = tables.budget_html(series, base, "da")
    assert "Netto mod udgangspunkt" in page and " kr." in page
    assert "Net vs baseline" in tables.budget_html(series, base, "en")
    export = tables.budget_export(series, base)
    assert list(export.columns) == ["line", "year", "kr"]
    assert {"Net vs baseline", "Foster placements", "Caseworkers"} <= set(export["line"])
    assert sorted(export["year"].unique()) == [2013, 2014]


def test_series_export_holds_both_runs_week_by_week(stepped):
    series, base = stepped
    export = tables.series_export(series, base)
    assert list(export.columns[:3]) == ["role", "week", "year"]
    assert export["role"].value_counts().to_dict() == {"scenario": 61, "baseline": 61}
    assert {"step_6", "placed", "followups_missed", "cost_total"} <= set(export.columns)


def test_key_figures_in_danish_and_english(stepped):
    series, base = stepped
    da = tables.key_figures_html(series, base, "da")
    en = tables.key_figures_html(series, base, "en")
    assert "Anbragte børn" in da and "Children placed" in en
    assert 'data-testid="kf-placed-scenario"' in da


def _context(stepped, cap=100):
    from teamsim.app.mesa_view import ChartContext

    series, base = stepped
    return ChartContext(series, base, cap)


def test_week_charts_are_mesas_plot_component_with_our_labels_in_both_languages(stepped):
    from teamsim.app.mesa_view import WEEK_CHARTS, week_figure

    for lang in ("da", "en"):
        for chart in WEEK_CHARTS:
            fig = week_figure(chart.name, _context(stepped), lang)
            assert charts.png(fig)[:8] == b"\x89PNG\r\n\x1a\n"
            for ax in fig.axes:  # Mesa's "Step" label is replaced by ours
                assert ax.get_xlabel() in ("", "uger" if lang == "da" else "weeks")
    fig = week_figure("placements", _context(stepped), "da")
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert "Anbringelser og målet 75/25" in titles
    goal = [line for line in fig.axes[1].lines if "75" in str(line.get_label())]
    assert goal and set(goal[0].get_ydata()) == {0.75}


def test_the_staircase_stacks_mesas_lines_to_the_children_on_steps_1_to_6(stepped):
    from teamsim.app.mesa_view import week_figure

    series, _ = stepped
    fig = week_figure("staircase", _context(stepped), "en")
    top = fig.axes[0].lines[-1].get_ydata()  # the top of the stack: steps 1-6 together
    expected = series[[f"step_{k}" for k in range(1, 7)]].sum(axis=1).to_numpy()
    assert list(top) == list(expected)
    assert next(t.get_text() for t in fig.axes[0].get_legend().get_texts()).startswith("6")


def test_network_view_is_mesas_space_drawing_of_a_sample_of_a_municipality():
    from mesa.discrete_space import Network

    from teamsim.app.mesa_view import NetworkSnapshot, network_figure, portrayal
    from teamsim.core.model import TeamSim

    model = TeamSim("herning-municipality", rng=1)
    graph = model.network(300)
    families = sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "family")
    assert 0 < families <= 300
    view = NetworkSnapshot(graph)
    assert isinstance(view.grid, Network) and view.space is view.grid
    assert len(view.agents) == graph.number_of_nodes()
    # drawn where the model laid them out (by district), not where a spring layout would
    ids = list(graph.nodes)
    assert view.positions[5] == tuple(graph.nodes[ids[5]]["pos"])
    colours = {portrayal(a).color for a in view.agents if a.kind == "family"}
    assert colours <= set(charts.STEP_COLOURS) and len(colours) > 1
    children = int(model.pop.active.sum())
    fig = network_figure(graph, "da", children)
    shown = f"{families} af {children:,} børn vist".replace(",", ".")
    assert any(shown in t.get_text() for t in fig.texts)
    from matplotlib.collections import PathCollection

    drawn = sum(len(c.get_offsets()) for c in fig.axes[0].collections
                if isinstance(c, PathCollection))  # the scatter groups Mesa drew, not edges
    assert drawn == graph.number_of_nodes()
    legends = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert "Rådgiver" in legends and any(text.startswith("6") for text in legends)
    assert charts.png(fig, 60)[:4] == b"\x89PNG"


def test_the_pages_network_draws_every_node_in_its_steps_colour_in_a_few_elements():
    import re

    from teamsim.app import weekcharts
    from teamsim.core.model import TeamSim

    model = TeamSim("herning-pilot", rng=1)
    model.run_for(10)
    graph = model.network(300)
    svg = weekcharts.network(graph, int(model.pop.active.sum()), "da")
    paths = re.findall(r'<path d="([^"]*)" stroke="([^"]+)" stroke-width', svg)
    dots = {colour: d.count("h0") for d, colour in paths if "h0" in d}
    rings = dots.pop("#555", 0)
    assert sum(dots.values()) == graph.number_of_nodes()
    steps = [int(d.get("step") or 0) for _, d in graph.nodes(data=True) if d["kind"] == "family"]
    for k in set(steps):
        assert dots[charts.STEP_COLOURS[k]] >= steps.count(k)  # kin dots share no colour
    assert rings == sum(1 for k in steps if k >= 4)  # placed children ringed
    drawing = svg[svg.index("<svg"):svg.index("</svg>")]
    assert drawing.count("<") < 30 and len(drawing) < 30_000  # a week's drawing stays small


def test_the_network_drawing_is_the_same_in_two_processes(tmp_path):
    import subprocess
    import sys

    code = ("from teamsim.core.model import TeamSim; from teamsim.app import mesa_view, charts;"
            "import sys; m = TeamSim('herning-pilot', rng=3); m.run_for(5);"
            "sys.stdout.buffer.write(charts.png(mesa_view.network_figure(m.network(300), 'da')))")
    images = [subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                             env={"PYTHONHASHSEED": str(seed), "PATH": ""}).stdout
              for seed in (1, 2)]
    assert images[0] == images[1]


# ---- per-session isolation --------------------------------------------------------------------
def test_two_sessions_have_their_own_models():
    import ipyvuetify as v
    import solara

    from teamsim.app.views import Page

    _, first = solara.render(Page(), handle_error=False)
    _, second = solara.render(Page(), handle_error=False)
    first.find(v.Btn, children=["Én uge"]).widget.click()
    first.find(v.Btn, children=["Én uge"]).widget.click()
    assert _week_text(first) == "Uge 2 af 208 (2013)"
    assert _week_text(second) == "Uge 0 af 208 (2013)"


def test_a_clicked_week_is_set_in_place_without_re_rendering_the_page():
    import ipyvuetify as v
    import solara

    from teamsim.app import views

    _, rc = solara.render(views.Page(), handle_error=False)
    _week_text(rc)  # the models are built and the week is shown
    renders = views.Form.render_count, views.SimulationView.render_count
    rc.find(v.Btn, children=["Én uge"]).widget.click()
    assert _week_text(rc) == "Uge 1 af 208 (2013)"
    assert "teamsim-chart-staircase" in _live(rc, "teamsim-charts")
    assert 'data-testid="kf-placed-scenario"' in _live(rc, "kf-placed")
    assert (views.Form.render_count, views.SimulationView.render_count) == renders


def _live(rc, marker: str, timeout: float = 60.0) -> str:
    """The content of the page part set in place that holds ``marker`` (the first
    content is made in a thread while the models are built: waited for)."""
    import time

    from teamsim.app.live import LiveHtmlWidget

    deadline = time.monotonic() + timeout
    while True:
        for widget in rc.find(LiveHtmlWidget).widgets:
            if marker in widget.content:
                return widget.content
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing with {marker!r} shown")
        time.sleep(0.05)


def _week_text(rc) -> str:
    import re

    return re.sub(r"<[^>]+>", "", _live(rc, 'data-testid="week"'))


# ---- teamsim app --------------------------------------------------------------------------------
def test_teamsim_app_refuses_a_port_in_use(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["app", "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"teamsim: error: port {port} on 127.0.0.1 is already in use "
                   "(another teamsim app?): choose another with --port")


def test_teamsim_app_refuses_a_bad_port_and_language(capsys):
    assert main(["app", "--port", "99999"]) == 2
    assert main(["app", "--lang", "sv"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("teamsim: error:") for line in lines)


def test_the_server_command_listens_on_localhost_by_default():
    from teamsim.app.cli import DEFAULT_HOST, solara_command

    cmd = solara_command(DEFAULT_HOST, 8765)
    assert cmd[1:4] == ["-m", "solara", "run"] and "teamsim.app.app" in cmd
    assert cmd[cmd.index("--host") + 1] == "127.0.0.1"
    assert "--production" in cmd


def test_png_helper_writes_a_whole_image():
    fig = charts._figure()
    fig.add_subplot().plot([0, 1], [0, 1])
    assert io.BytesIO(charts.png(fig)).getbuffer().nbytes > 1000


def test_two_fields_entered_at_once_are_both_applied_while_the_models_are_built():
    """Two entries are two event handlers, which may run at once, while the page's first
    draw holds the models' lock to build them: neither entry undoes the other."""
    import threading

    state = AppState()
    entries = [threading.Thread(target=state.set_override, args=args)
               for args in (("caseworkers", 9), ("caseload_cap", 30))]
    with state.lock:  # as while the models are built
        for entry in entries:
            entry.start()
        for entry in entries:
            entry.join(timeout=5)
        applied_meanwhile = not any(entry.is_alive() for entry in entries)
    for entry in entries:
        entry.join()
    assert dict(state.settings.value.overrides) == {"caseworkers": 9, "caseload_cap": 30}
    assert applied_meanwhile  # the entries did not wait for the models


def test_the_files_a_page_loads_are_compressed_before_the_first_page():
    """Solara compresses each front-end file when first asked for it; the app does it at
    the server's start, so the first page's request finds the 4 MB bundle compressed."""
    import os

    from solara.server import compress

    from teamsim.app import frontend

    frontend.serve_bundled_frontend()
    assert frontend.precompress() >= 4
    bundle = next(frontend.FRONTEND.glob(frontend.PAGE_FILES[0].replace("*.min", "solara-*.min")))
    encoding = compress.choose_encoding(frontend.BROWSER_ACCEPTS)
    original = compress._compress
    compress._compress = lambda *_: pytest.fail("compressed again for the page")
    try:
        assert compress.compressed(str(bundle), os.stat(bundle), encoding)
    finally:
        compress._compress = original


def _render_page_and_its_state():
    """The app's page rendered headless, and the session state it made."""
    import solara

    from teamsim.app import views

    made = []
    original = views.state_from_query
    views.state_from_query = lambda q: made.append(original(q)) or made[-1]
    try:
        _, rc = solara.render(views.Page(), handle_error=False)
    finally:
        views.state_from_query = original
    return made[0], rc


def test_a_value_typed_survives_a_render_of_the_page_before_enter():
    """A render of the page between typing and Enter (a comparison's progress, the browser
    reporting the address the page wrote) does not put the old value back in the field."""
    import ipyvuetify as v

    from teamsim.app.state import Job

    state, rc = _render_page_and_its_state()
    workers = rc.find(v.TextField, label="Rådgivere").widget
    assert workers.v_model == "8"
    workers.v_model = "9"  # typed, not yet committed
    state.job.value = Job(running=True, done=1, total=10)  # the headline and tabs render
    state.message.value = "a problem"  # the form renders
    assert workers.v_model == "9"
    workers.fire_event("keyup.enter", None)
    assert state.settings.value.overrides == {"caseworkers": 9}


def test_two_values_typed_one_after_the_other_are_both_applied():
    """The second field keeps its widget when the first value changes the form (a widget
    made anew would drop what was typed into it meanwhile)."""
    import ipyvuetify as v

    state, rc = _render_page_and_its_state()
    workers = rc.find(v.TextField, label="Rådgivere").widget
    cap = rc.find(v.TextField, label="Loft over sager pr. rådgiver").widget
    workers.v_model = "9"
    workers.fire_event("keyup.enter", None)
    assert rc.find(v.TextField, label="Loft over sager pr. rådgiver").widget is cap
    cap.v_model = "30"
    cap.fire_event("keyup.enter", None)
    assert dict(state.settings.value.overrides) == {"caseworkers": 9, "caseload_cap": 30}


# ---- own municipality ---------------------------------------------------------------------
OWN_TOML = ('[scenario]\ntitle = "Testkommune"\ntitle_da = "Testkommune"\n'
            '[params]\nchildren = 3000\ncaseworkers = 6\n')


def test_an_uploaded_scenario_file_becomes_the_baseline():
    from teamsim.app.views import _upload

    state = AppState(lang="da")
    _upload(state, {"name": "testkommune.toml", "data": OWN_TOML.encode("utf-8")})
    assert state.settings.value.own == OWN_TOML
    assert state.settings.value.baseline_title("da") == "Testkommune"
    assert state.baseline_model().p.children == 3000


def test_a_bad_scenario_file_is_refused_in_one_line_and_changes_nothing():
    from teamsim.app.views import _upload

    state = AppState(lang="da")
    _upload(state, {"name": "wrong.toml", "data": b"[params]\nchildren = 'many'\n"})
    assert state.message.value.startswith("Filen wrong.toml kunne ikke læses: ")
    assert "\n" not in state.message.value
    assert state.settings.value.own == ""


@pytest.mark.parametrize(("text", "lang", "message"), [
    ("20000001", "da", "20000001 er uden for det tilladte: 50 til 2.000.000"),
    ("mange", "en", "'mange' is not a whole number"),
    ("2,5", "da", "'2,5' er ikke et helt tal"),
])
def test_a_bad_municipality_figure_is_refused_with_its_range(text, lang, message):
    from teamsim.app import municipality

    children = municipality.figures()[0]
    with pytest.raises(ValueError, match=message):
        municipality.read_figure(children, text, lang)


def test_figures_are_shown_and_read_in_the_planners_format():
    from teamsim.app import municipality

    family = next(f for f in municipality.figures() if f.name == "family_share")
    assert municipality.start_text(family, "da") == "0,63"
    assert municipality.read_figure(family, "0,63", "da") == 0.63
    placed = next(f for f in municipality.figures() if f.name == "placed")
    assert municipality.start_text(placed, "da") == ""  # derived unless given
    assert municipality.read_figure(placed, " ", "da") is None


def test_the_headline_quotes_a_saving_with_the_savings_band_not_the_nets():
    from teamsim.app.answer import Band
    from teamsim.app.tables import total_said

    # a saving: net -16.8 mio, 10-90% -25.3 to -8.1: "saves 16.8 (8.1 to 25.3)"
    assert total_said(Band(-16.8e6, -25.3e6, -8.1e6), "en") == (
        "DKK +16.80 million", "[DKK 8.10 million; DKK 25.30 million]")
    assert total_said(Band(-16.8e6, -25.3e6, -8.1e6), "da")[1] == (
        "[8,10 mio. kr.; 25,30 mio. kr.]")
    # a saving in most pairs and a cost in some: the band crosses zero, with signs
    assert total_said(Band(-2e6, -5e6, 1e6), "en")[1] == (
        "[DKK -1.00 million; DKK +5.00 million]")
    # a cost keeps the net's band
    assert total_said(Band(3e6, 1e6, 5e6), "en")[1] == "[DKK 1.00 million; DKK 5.00 million]"


def _fake_comparison(placed: list[tuple[float, float]]):
    """A comparison's paired differences: the placed children of each pair in one year,
    a net of -1 a pair and a family share of 0.6 against 0.5."""
    from types import SimpleNamespace

    from teamsim.app.answer import NET

    rows = []
    for seed, (s, b) in enumerate(placed):
        for indicator, sv, bv in (("placed", s, b), (NET, -1.0, 0.0),
                                  ("family_placement_share", 0.6, 0.5)):
            rows.append({"seed": seed, "year": 2014, "indicator": indicator,
                         "scenario": sv, "baseline": bv, "difference": sv - bv})
    return SimpleNamespace(differences=pd.DataFrame(rows))


@pytest.mark.parametrize("pairs", [
    [(30.4, 42.9), (30.4, 57.7), (42.6, 53.3)],               # odd: one middle pair
    [(30.4, 42.9), (30.4, 57.7), (42.6, 53.3), (35.0, 40.0)],  # even: two middle pairs
])
def test_the_headlines_levels_at_the_end_subtract_to_its_difference(pairs):
    """The headline states the placed children of the median pair, so a planner who
    subtracts them gets the median difference it states (and the table shows); the
    medians of the levels taken one by one (30.4 and 53.3 in the first case) would give
    another answer."""
    from teamsim.app.answer import answer

    placed = answer(_fake_comparison(pairs)).placed
    diffs = [s - b for s, b in pairs]
    assert placed.difference.median == pytest.approx(float(np.median(diffs)))
    assert placed.scenario - placed.baseline == pytest.approx(placed.difference.median)
    if len(pairs) == 3:
        assert (placed.scenario, placed.baseline) == (30.4, 42.9)
