"""Batch experiments: experiment files, designs, seeds, the resumable store, failures, reports.

Runs here are tiny (600 children, 1 year); the parallel runners and the kill-and-resume
test are in test_experiment_parallel.py.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cli_helpers import teamsim

from teamsim.core.model import TeamSim
from teamsim.errors import ExperimentError
from teamsim.experiment import designs, load_experiment, load_results, run_experiment
from teamsim.experiment import runner as runner_module
from teamsim.experiment.designs import Factor
from teamsim.experiment.outputs import INDICATORS, RUN_INDICATORS, resample, series_columns
from teamsim.experiment.report import sensitivity, summarise, write_report
from teamsim.experiment.spec import parse_experiment
from teamsim.run import replication_seeds

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "experiments").glob("*.toml"))

TINY = """\
[experiment]
title = "Tiny"
scenario = "herning-pilot"
baseline = "herning-2012"
years = 1
replications = 2
seed = 11

[params]
children = 600

[baseline_params]
children = 600

[vary]
caseworkers = { values = [6, 8] }

[outputs]
series = "quarter"
series_columns = ["placed", "step_6", "cost_total", "waiting_weeks"]
"""


def write(tmp_path: Path, text: str, name: str = "exp.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path



def drop_timing(runs: pd.DataFrame) -> pd.DataFrame:
    return runs.drop(columns=["seconds"])


@pytest.fixture(scope="module")
def tiny_results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny")
    file = write(folder, TINY)
    summary = run_experiment(file, folder / "out")
    return file, summary


# ---- shipped experiment files -----------------------------------------------------------
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_experiment_file_is_valid(path):
    exp = load_experiment(path)
    assert exp.runs == (len(exp.design) + (exp.baseline is not None)) * exp.replications
    assert len(exp.tasks()) == exp.runs


def test_the_shipped_experiments_are_the_ones_the_issue_asks_for():
    names = {p.stem for p in SHIPPED}
    assert {"staffing-sweep", "meetings-by-caseload", "sobol-sensitivity",
            "pilot-vs-baseline"} <= names
    staffing = load_experiment(ROOT / "experiments" / "staffing-sweep.toml")
    assert [p["caseworkers"] for p in staffing.design.points] == list(range(4, 13))
    assert staffing.scenario.params.districts == 3
    meetings = load_experiment(ROOT / "experiments" / "meetings-by-caseload.toml")
    assert {f.name for f in meetings.factors} == {"meeting_rate", "caseload_cap"}
    sobol = load_experiment(ROOT / "experiments" / "sobol-sensitivity.toml")
    assert sobol.method == "sobol" and len(sobol.factors) >= 8
    assert {"placed", "placements_started", "net_cost"} <= set(sobol.indicators)
    pilot = load_experiment(ROOT / "experiments" / "pilot-vs-baseline.toml")
    assert pilot.replications == 100 and len(pilot.design) == 1
    assert (pilot.scenario.name, pilot.baseline.name) == ("herning-pilot", "herning-2012")


# ---- bad experiment files: one line, before any run -------------------------------------
def edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


BAD = [
    ("unknown parameter", edit(TINY, "caseworkers = {", "caseworker = {"),
     "unknown parameter 'caseworker'", "did you mean caseworkers"),
    ("unknown fixed parameter", edit(TINY, "children = 600\n\n[baseline", "kids = 600\n\n[baseline"),
     "[params]", "unknown parameter 'kids'"),
    ("value outside the parameter's range", edit(TINY, "values = [6, 8]", "values = [0, 8]"),
     "'caseworkers' = 0", "1 to 5,000"),
    ("low above high", edit(TINY, "{ values = [6, 8] }", "{ low = 8, high = 4, step = 1 }"),
     "low = 8 must be below high = 4"),
    ("range without step on a grid", edit(TINY, "{ values = [6, 8] }", "{ low = 4, high = 8 }"),
     "a grid needs 'step'"),
    ("unknown design", TINY + '\n[design]\nmethod = "factorial"\n',
     "unknown design method 'factorial'", "grid, lhs, sobol, morris"),
    ("missing field", edit(TINY, "years = 1\n", ""), "missing field 'years' in [experiment]"),
    ("missing table", TINY.replace("[experiment]", "[experimnt]"), "unknown table [experimnt]",
     "did you mean 'experiment'"),
    ("unknown key", edit(TINY, "seed = 11", "sede = 11"), "unknown key 'sede' in [experiment]",
     "did you mean 'seed'"),
    ("replications", edit(TINY, "replications = 2", "replications = 0"),
     "'replications' = 0", "from 1 to"),
    ("years as text", edit(TINY, "years = 1", 'years = "four"'), "'years' = \"four\""),
    ("sobol samples", edit(TINY, '[vary]\ncaseworkers = { values = [6, 8] }',
                           '[design]\nmethod = "sobol"\nsamples = 100\n\n[vary]\n'
                           'caseworkers = { low = 4, high = 12 }\nmeeting_rate = { low = 0, '
                           'high = 8 }'), "'samples' = 100", "power of 2"),
    ("sobol with one factor", edit(TINY, '[vary]\ncaseworkers = { values = [6, 8] }',
                                   '[design]\nmethod = "sobol"\nsamples = 8\n\n[vary]\n'
                                   'caseworkers = { low = 4, high = 12 }'),
     "at least 2 parameters"),
    ("choice with a range", edit(TINY, "caseworkers = { values = [6, 8] }",
                                 "policy = { low = 0, high = 1, step = 1 }"),
     "'policy' takes one of least_intrusive, traditional", "values = [\"least_intrusive\""),
    ("net cost without a baseline",
     edit(edit(TINY, 'baseline = "herning-2012"', "baseline = false"),
          "[baseline_params]\nchildren = 600\n", "").replace(
         'series = "quarter"', 'series = "quarter"\nindicators = ["placed", "net_cost"]'),
     "indicator 'net_cost' needs a baseline", "baseline = \"...\""),
    ("unknown indicator", TINY.replace('series = "quarter"', 'series = "quarter"\n'
                                       'indicators = ["placed", "placements_startd"]'),
     "unknown indicator 'placements_startd'", "did you mean 'placements_started'"),
    ("indicator twice", TINY.replace('series = "quarter"', 'series = "quarter"\n'
                                     'indicators = ["placed", "placed"]'),
     "'indicators' in [outputs] names an entry twice"),
    ("bad resolution", edit(TINY, 'series = "quarter"', 'series = "month"'),
     "'series' = \"month\"", "week, quarter, year, none"),
    ("fixed and varied", edit(TINY, "children = 600\n\n[baseline", "caseworkers = 5\n\n[baseline"),
     "both fixed in [params] and varied"),
    ("inconsistent design point", edit(TINY, "caseworkers = { values = [6, 8] }",
                                       "threshold_step2 = { values = [4.5, 6.0] }"),
     "design point 1 (threshold_step2=6)", "must not exceed 'threshold_step3'"),
    ("unknown scenario", edit(TINY, 'scenario = "herning-pilot"', 'scenario = "herning"'),
     "unknown scenario 'herning'"),
    ("not TOML", "[experiment\nyears = 1", "is not valid TOML"),
]
BAD = [(*case, None)[:4] for case in BAD]


@pytest.mark.parametrize(("case", "text", "first", "second"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_experiment_file_is_one_line_naming_the_problem_and_nothing_runs(
        tmp_path, capsys, case, text, first, second):
    file = write(tmp_path, text)
    out_dir = tmp_path / "results"
    status, out, err = teamsim(capsys, "experiment", "run", file, "--out", out_dir)
    assert status == 2, err
    assert out == ""
    assert err.startswith(f"teamsim: error: experiment file {file}") and err.count("\n") == 1
    assert "Traceback" not in err
    for fragment in (first, second):
        if fragment:
            assert fragment in err
    assert not out_dir.exists()


def test_a_missing_experiment_file_is_one_line(tmp_path, capsys):
    status, _out, err = teamsim(capsys, "experiment", "check", tmp_path / "nope.toml")
    assert status == 2 and err == f"teamsim: error: experiment file {tmp_path / 'nope.toml'} " \
                                  "does not exist\n"


def test_bad_command_line_arguments_are_one_line(tmp_path, capsys):
    file = write(tmp_path, TINY)
    for argv, fragment in (
            (["experiment", "run", file, "--workers", "0"], "argument --workers"),
            (["experiment", "run", file, "--workers", "2", "--scheduler", "tcp://x:1"],
             "--workers and --scheduler do not go together"),
            (["experiment", "report", tmp_path, "--confidence", "95"], "argument --confidence"),
            (["experiment"], "required: COMMAND"),
            (["experiment", "report", tmp_path / "none"], "does not exist")):
        status, out, err = teamsim(capsys, *argv)
        assert status == 2 and out == "" and err.count("\n") == 1, err
        assert err.startswith("teamsim: error: ") and fragment in err


def test_an_unreachable_scheduler_is_one_line_and_nothing_is_written(tmp_path, capsys,
                                                                    monkeypatch):
    monkeypatch.setattr(runner_module, "CONNECT_TIMEOUT", "1s")
    file = write(tmp_path, TINY)
    status, _, err = teamsim(capsys, "experiment", "run", file, "--out", tmp_path / "r",
                             "--scheduler", "tcp://127.0.0.1:1")
    assert status == 2 and err.count("\n") == 1
    assert "cannot connect to the Dask scheduler at tcp://127.0.0.1:1" in err
    assert not (tmp_path / "r").exists()


def test_check_shows_the_design_and_the_number_of_runs(tmp_path, capsys):
    status, out, _ = teamsim(capsys, "experiment", "check", write(tmp_path, TINY))
    assert status == 0
    assert "2 design points x 2 replications + 2 baseline runs = 6 runs of 1 year" in out
    assert "caseworkers" in out and "net_cost" in out


def test_the_outputs_command_lists_every_indicator(capsys):
    status, out, _ = teamsim(capsys, "experiment", "outputs")
    assert status == 0
    assert all(name in out for name in INDICATORS)


# ---- designs ----------------------------------------------------------------------------
def test_a_grid_is_the_full_factorial_in_file_order():
    a = Factor("caseworkers", "values", values=(4, 8))
    b = Factor("policy", "values", values=("traditional", "least_intrusive", "x"))
    d = designs.build("grid", [a, b])
    assert len(d) == 6 == designs.point_count("grid", [a, b], None)
    assert d.points[:3] == [{"caseworkers": 4, "policy": "traditional"},
                            {"caseworkers": 4, "policy": "least_intrusive"},
                            {"caseworkers": 4, "policy": "x"}]
    assert designs.build("grid", []).points == [{}]


def test_a_grid_range_includes_both_ends():
    exp = parse_experiment({"experiment": {"scenario": "herning-pilot", "years": 1,
                                           "replications": 1},
                            "vary": {"meeting_rate": {"low": 0.5, "high": 2.0, "step": 0.5}}})
    assert [p["meeting_rate"] for p in exp.design.points] == [0.5, 1.0, 1.5, 2.0]


def test_a_latin_hypercube_puts_one_point_in_every_stratum_of_every_factor():
    f = [Factor("a", "float", 0.0, 1.0), Factor("b", "float", 10.0, 20.0)]
    d = designs.build("lhs", f, samples=20, seed=3)
    assert len(d) == 20
    for j, factor in enumerate(f):
        strata = np.floor((d.raw[:, j] - factor.low) / (factor.high - factor.low) * 20)
        assert sorted(strata.astype(int)) == list(range(20))


def test_sampled_whole_numbers_cover_the_range_evenly_and_choices_map_to_values():
    f = [Factor("caseworkers", "int", 4, 12), Factor("policy", "values",
                                                     values=("traditional", "least_intrusive"))]
    d = designs.build("sobol", f, samples=1024, seed=1)
    assert len(d) == 1024 * 4 == designs.point_count("sobol", f, 1024)
    counts = pd.Series([p["caseworkers"] for p in d.points]).value_counts().sort_index()
    assert list(counts.index) == list(range(4, 13))
    assert counts.min() > 0.8 * counts.mean() and counts.max() < 1.2 * counts.mean()
    assert {p["policy"] for p in d.points} == {"traditional", "least_intrusive"}
    assert designs.point_count("sobol", f, 8, second_order=True) == 8 * 6
    assert len(designs.build("morris", f, samples=5, seed=1)) == 5 * 3


def test_a_design_is_the_same_for_the_same_root_seed_and_differs_for_another():
    text = """[experiment]\nscenario = "herning-pilot"\nyears = 1\nreplications = 1\nseed = {}
[design]\nmethod = "lhs"\nsamples = 10\n[vary]\ncaseworkers = {{ low = 4, high = 12 }}
meeting_rate = {{ low = 0.0, high = 8.0 }}\n"""
    import tomllib

    a, b, c = (parse_experiment(tomllib.loads(text.format(s))) for s in (1, 1, 2))
    assert a.design.points == b.design.points
    assert a.design.points != c.design.points


# ---- seeds ------------------------------------------------------------------------------
def test_every_design_point_and_the_baseline_share_the_replications_seeds(tiny_results):
    file, summary = tiny_results
    exp = load_experiment(file)
    seeds = replication_seeds(11, 2)
    runs = summary.runs
    for r, seed in enumerate(seeds):
        assert set(runs.loc[runs["replication"] == r, "seed"]) == {seed}
    assert len(runs) == 6 and set(runs["role"]) == {"scenario", "baseline"}
    assert exp.seeds == seeds


def test_a_run_reproduces_on_its_own_from_its_parameters_and_seed(tiny_results):
    _, summary = tiny_results
    row = summary.runs.query("point == 1 and replication == 1").iloc[0]
    model = TeamSim("herning-pilot", rng=int(row["seed"]), children=600,
                    caseworkers=int(row["caseworkers"]))
    model.run_for(52)
    weeks = model.series()
    assert row["placed"] == weeks["placed"].iloc[-52:].mean()
    assert row["placements_started"] == weeks["placements_started"].iloc[1:].sum()


def test_net_cost_is_the_run_minus_the_baseline_run_of_the_same_replication(tiny_results):
    _, summary = tiny_results
    runs = summary.runs.set_index(["role", "point", "replication"])
    for point in (0, 1):
        for r in (0, 1):
            scen, base = runs.loc[("scenario", point, r)], runs.loc[("baseline", -1, r)]
            assert scen["net_cost"] == pytest.approx(scen["cost_total"] - base["cost_total"])
    assert runs.loc[("baseline", -1, 0), "net_cost"] != runs.loc[("baseline", -1, 0),
                                                                 "net_cost"]  # NaN


# ---- the results folder -----------------------------------------------------------------
def test_the_results_folder_has_tidy_tables_and_a_manifest(tiny_results):
    file, summary = tiny_results
    folder = summary.path
    for name in ("manifest.json", "experiment.toml", "design.parquet", "runs.parquet",
                 "series.parquet"):
        assert (folder / name).is_file()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    assert manifest["root_seed"] == 11 and manifest["seeds"] == replication_seeds(11, 2)
    for key in ("teamsim_version", "mesa_version", "python_version", "git_commit"):
        assert key in manifest
    assert manifest["mesa_version"].startswith("3.5")
    assert manifest["experiment"]["file"] == str(file.resolve())
    assert (folder / "experiment.toml").read_text() == file.read_text()
    runs = pd.read_parquet(folder / "runs.parquet")
    assert runs["run_id"].is_unique and len(runs) == 6
    assert {"caseworkers", "status", "error", "placed", "net_cost"} <= set(runs)
    series = pd.read_parquet(folder / "series.parquet")
    assert len(series) == 6 * 4  # 4 quarters per run
    assert list(series.columns[:7]) == ["run_id", "role", "point", "replication", "period",
                                        "week", "year"]
    assert list(series["week"].unique()) == [13, 26, 39, 52]
    loaded = load_results(folder)
    assert loaded.complete
    pd.testing.assert_frame_equal(loaded.runs, runs)
    assert loaded.factors == ["caseworkers"]
    assert "caseworkers" in loaded.with_params().columns


def test_running_again_skips_what_is_done(tiny_results, capsys):
    file, summary = tiny_results
    again = run_experiment(file, summary.path)
    assert (again.skipped, again.ran, again.total) == (6, 0, 6)
    pd.testing.assert_frame_equal(drop_timing(again.runs), drop_timing(summary.runs))


def test_a_folder_of_another_experiment_is_not_resumed(tiny_results, tmp_path, capsys):
    _file, summary = tiny_results
    other = write(tmp_path, TINY.replace("years = 1", "years = 2"))
    status, _, err = teamsim(capsys, "experiment", "run", other, "--out", summary.path)
    assert status == 2 and err.count("\n") == 1
    assert f"results folder {summary.path} holds results of a different experiment" in err
    assert "differs in: years" in err


def test_a_folder_with_other_files_is_not_used(tmp_path, capsys):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    status, _, err = teamsim(capsys, "experiment", "run", write(tmp_path, TINY), "--out",
                             tmp_path / "out")
    assert status == 2 and "is not empty and holds no experiment results" in err


def test_only_one_process_uses_a_results_folder_at_a_time(tmp_path):
    from teamsim.experiment.store import Store

    exp = load_experiment(write(tmp_path, TINY))
    with Store.open(tmp_path / "out", exp), pytest.raises(ExperimentError, match="in use"):
        Store.open(tmp_path / "out", exp)


def test_a_time_series_sums_flows_and_averages_stocks_over_its_periods():
    model = TeamSim("herning-2012", rng=2, children=600)
    model.run_for(52)
    weekly = model.series()
    quarters = resample(weekly, 13, ("placed", "placements_started", "cost_total"))
    assert len(quarters) == 4
    weeks = weekly[weekly["week"] > 0]
    assert quarters["placements_started"].sum() == weeks["placements_started"].sum()
    assert quarters["cost_total"].sum() == pytest.approx(weeks["cost_total"].sum())
    assert quarters["placed"].iloc[0] == pytest.approx(weeks["placed"].iloc[:13].mean())
    assert {"placed", "cost_total", "notifications"} <= set(series_columns())


# ---- a failing run ----------------------------------------------------------------------
def test_a_failing_run_is_recorded_with_its_parameters_and_error_and_the_rest_go_on(
        tmp_path, capsys, monkeypatch):
    real = runner_module.simulate

    def flaky(task):
        if task.point == 1 and task.replication == 0:
            raise RuntimeError("caseworker table lost")
        return real(task)

    monkeypatch.setattr(runner_module, "simulate", flaky)
    file = write(tmp_path, TINY)
    status, _out, err = teamsim(capsys, "experiment", "run", file, "--out", tmp_path / "r")
    assert status == 1
    assert "1 run failed" in err and "RuntimeError: caseworker table lost" in err
    runs = pd.read_parquet(tmp_path / "r" / "runs.parquet")
    failed = runs[runs["status"] == "failed"]
    assert len(failed) == 1 and len(runs) == 6
    row = failed.iloc[0]
    assert (row["point"], row["replication"], row["caseworkers"]) == (1, 0, 8)
    assert row["error"].startswith("RuntimeError: caseworker table lost (test_experiment.py:")
    assert "Traceback" in row["traceback"]
    assert math.isnan(row["placed"])
    assert (runs.loc[runs["status"] == "ok", "placed"].notna()).all()
    manifest = json.loads((tmp_path / "r" / "manifest.json").read_text())
    assert manifest["status"] == "complete with failures"
    assert manifest["failed_runs"] == [row["run_id"]]
    summary = load_results(tmp_path / "r").summary()
    assert summary.query("point == 1 and indicator == 'placed'")["n"].item() == 1

    # a plain rerun keeps the record; --retry-failed runs it again
    monkeypatch.setattr(runner_module, "simulate", real)
    assert run_experiment(file, tmp_path / "r").ran == 0
    status, _, err = teamsim(capsys, "experiment", "run", file, "--out", tmp_path / "r",
                             "--retry-failed")
    assert status == 0, err
    runs = pd.read_parquet(tmp_path / "r" / "runs.parquet")
    assert (runs["status"] == "ok").all() and runs["run_id"].is_unique and len(runs) == 6


# ---- analysis ---------------------------------------------------------------------------
def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def fake_runs(design: designs.Design, values: np.ndarray, name: str = "y") -> pd.DataFrame:
    n = len(design)
    return pd.DataFrame({"run_id": [f"p{i}" for i in range(n)], "role": "scenario",
                         "point": np.arange(n), "replication": 0, "status": "ok", name: values})


def test_sobol_indices_of_the_ishigami_function_come_out_right():
    """Known values for a=7, b=0.1: S1 = 0.314, 0.442, 0; ST = 0.558, 0.442, 0.244."""
    factors = [Factor(f"x{i}", "float", -math.pi, math.pi) for i in (1, 2, 3)]
    design = designs.build("sobol", factors, samples=4096, seed=7)
    runs = fake_runs(design, ishigami(design.raw))
    table = sensitivity(runs, design, ["y"])["indices"].set_index("parameter")
    assert table["S1"].to_numpy() == pytest.approx([0.314, 0.442, 0.0], abs=0.03)
    assert table["ST"].to_numpy() == pytest.approx([0.558, 0.442, 0.244], abs=0.03)
    assert (table["S1_conf"] > 0).all() and (table["S1_conf"] < 0.1).all()
    assert (table["ST_low"] < table["ST"]).all() and (table["ST"] < table["ST_high"]).all()


def test_sobol_indices_average_replications_per_design_point_first():
    factors = [Factor(f"x{i}", "float", -math.pi, math.pi) for i in (1, 2, 3)]
    design = designs.build("sobol", factors, samples=2048, seed=7)
    y = ishigami(design.raw)
    noise = np.random.default_rng(0).normal(0, 1, len(y))
    runs = pd.concat([fake_runs(design, y + noise).assign(replication=0),
                      fake_runs(design, y - noise).assign(replication=1)])
    table = sensitivity(runs, design, ["y"])["indices"].set_index("parameter")
    assert table["ST"].to_numpy() == pytest.approx([0.558, 0.442, 0.244], abs=0.04)


def test_morris_ranks_the_factors_by_their_effect():
    factors = [Factor(n, "float", 0.0, 1.0) for n in ("big", "small", "none")]
    design = designs.build("morris", factors, samples=30, seed=1)
    y = 10 * design.raw[:, 0] + 1 * design.raw[:, 1]
    table = sensitivity(fake_runs(design, y), design, ["y"])["indices"].set_index("parameter")
    assert table.loc["big", "mu_star"] == pytest.approx(10)
    assert table.loc["small", "mu_star"] == pytest.approx(1)
    assert table.loc["none", "mu_star"] == pytest.approx(0)


def test_an_indicator_missing_at_a_design_point_is_left_out_of_the_sensitivity_with_a_note():
    factors = [Factor(f"x{i}", "float", 0.0, 1.0) for i in (1, 2)]
    design = designs.build("sobol", factors, samples=8, seed=1)
    runs = fake_runs(design, design.raw[:, 0])
    runs.loc[3, "status"] = "failed"
    result = sensitivity(runs, design, ["y"])
    assert result["indices"].empty
    assert result["notes"] == [("y: left out, 1 of 32 design points have no value (no "
                               "successful run, or the indicator is undefined)")]


def test_the_summary_gives_mean_and_t_interval_and_the_paired_difference():
    runs = pd.DataFrame({
        "run_id": list("abcdef"), "role": ["baseline"] * 3 + ["scenario"] * 3,
        "point": [-1] * 3 + [0] * 3, "replication": [0, 1, 2] * 2, "status": "ok",
        "caseworkers": [4] * 3 + [8] * 3, "placed": [10.0, 12.0, 14.0, 9.0, 10.0, 14.0]})
    table = summarise(runs, ["caseworkers"], ["placed"], 0.95).set_index("role")
    scen, base = table.loc["scenario"], table.loc["baseline"]
    assert (scen["n"], scen["mean"], scen["sd"]) == (3, 11.0, pytest.approx(math.sqrt(7)))
    half = 4.302653 * math.sqrt(7) / math.sqrt(3)  # t(0.975, 2) = 4.302653
    assert (scen["ci_low"], scen["ci_high"]) == (pytest.approx(11 - half),
                                                 pytest.approx(11 + half))
    assert base["mean"] == 12.0
    # paired differences -1, -2, 0: mean -1, sd 1
    assert scen["diff_mean"] == pytest.approx(-1.0)
    assert scen["diff_ci_high"] == pytest.approx(-1 + 4.302653 / math.sqrt(3))
    # the spread of the runs and of the pairs, beside the interval of the mean
    assert (scen["p10"], scen["p90"]) == (pytest.approx(9.2), pytest.approx(13.2))
    assert (scen["diff_p10"], scen["diff_p90"]) == (pytest.approx(-1.8), pytest.approx(-0.2))


def test_the_report_prints_and_writes_tables_and_plots(tiny_results, capsys):
    _, summary = tiny_results
    status, out, err = teamsim(capsys, "experiment", "report", summary.path)
    assert status == 0, err
    assert "caseworkers=8" in out and "vs baseline" in out and "95% CI" in out
    assert "10-90% of pairs" in out
    folder = summary.path / "report"
    for name in ("summary.csv", "summary.md", "response_placed.png", "response_net_cost.png",
                 "series_placed.png"):
        assert (folder / name).is_file(), name
    assert (folder / "response_placed.png").read_bytes()[:4] == b"\x89PNG"
    table = pd.read_csv(folder / "summary.csv")
    assert {"point", "caseworkers", "indicator", "mean", "ci_low", "ci_high", "p10", "p90",
            "diff_mean", "diff_p10", "diff_p90"} <= set(table)
    assert "| caseworkers=8 |" in (folder / "summary.md").read_text()


def test_a_sobol_experiment_of_the_model_reports_indices(tmp_path, capsys):
    text = edit(TINY, "[vary]\ncaseworkers = { values = [6, 8] }",
                '[design]\nmethod = "sobol"\nsamples = 4\n\n[vary]\n'
                'caseworkers = { low = 4, high = 10 }\nmeeting_rate = { low = 0.0, high = 8.0 }')
    text = edit(text, "replications = 2", "replications = 1")
    text = edit(text, 'series = "quarter"', 'series = "none"\n'
                'indicators = ["placed", "caseload_mean", "net_cost"]')
    file = write(tmp_path, text)
    summary = run_experiment(file, tmp_path / "r")
    assert summary.total == 4 * 4 + 1 and summary.failed == 0
    status, out, _ = teamsim(capsys, "experiment", "report", tmp_path / "r")
    assert status == 0
    assert "Sobol indices of caseload_mean" in out
    indices = pd.read_csv(tmp_path / "r" / "report" / "sensitivity.csv")
    assert set(indices["parameter"]) == {"caseworkers", "meeting_rate"}
    assert (tmp_path / "r" / "report" / "sobol_caseload_mean.png").is_file()
    cm = indices[indices["indicator"] == "caseload_mean"].set_index("parameter")
    assert cm.loc["caseworkers", "ST"] > cm.loc["meeting_rate", "ST"]


def test_the_report_of_an_empty_folder_says_there_is_nothing_yet(tmp_path):
    from teamsim.experiment.store import Store

    exp = load_experiment(write(tmp_path, TINY))
    with Store.open(tmp_path / "r", exp):
        pass
    with pytest.raises(ExperimentError, match="has no successful runs yet"):
        write_report(load_results(tmp_path / "r"))


def test_every_run_indicator_is_finite_or_nan_for_a_real_run(tiny_results):
    _, summary = tiny_results
    ok = summary.runs[summary.runs["status"] == "ok"]
    kept = [c for c in RUN_INDICATORS if c in ok]
    assert kept and np.isfinite(ok[["placed", "cost_total", "caseload_mean"]]).all().all()


# ---- the example script -----------------------------------------------------------------
def test_the_example_analysis_script_runs_on_a_results_folder(tiny_results, tmp_path):
    _, summary = tiny_results
    done = subprocess.run([sys.executable, str(ROOT / "experiments" / "example_analysis.py"),
                           str(summary.path), "--out", str(tmp_path)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "caseworkers" in done.stdout
    assert (tmp_path / "placed_by_caseworkers.png").is_file()


def test_a_full_disk_stops_with_one_line_and_keeps_what_was_saved(tmp_path, capsys,
                                                                   monkeypatch):
    import pyarrow.parquet as pq

    real = pq.write_table
    saved = []

    def write_table(table, path, *args, **kwargs):
        if "parts" in str(path) and len(saved) >= 2:
            raise OSError(28, "No space left on device")
        if "parts/runs" in str(path):
            saved.append(path)
        return real(table, path, *args, **kwargs)

    monkeypatch.setattr(pq, "write_table", write_table)
    file = write(tmp_path, TINY)
    status, _, err = teamsim(capsys, "experiment", "run", file, "--out", tmp_path / "r")
    last = err.splitlines()[-1]  # after the plan line: one error line
    assert status == 2 and last.startswith("teamsim: error: cannot write ")
    assert "Traceback" not in err
    assert "No space left on device" in last and "run the same command again" in err
    assert len(list((tmp_path / "r" / "parts" / "runs").glob("*.parquet"))) == 2
    assert not [p for p in (tmp_path / "r").rglob("*") if ".tmp-" in p.name]
    monkeypatch.setattr(pq, "write_table", real)
    summary = run_experiment(file, tmp_path / "r")
    assert (summary.skipped, summary.ran) == (2, 4)


# ---- parameter uncertainty --------------------------------------------------------------
MEMBERS = [{"chronic_need": 0.2, "shock_rate": 0.6}, {"chronic_need": 0.4, "shock_rate": 0.7}]
UNCERTAIN = (TINY.replace("replications = 2", "replications = 3")
             .replace("seed = 11\n", 'seed = 11\nuncertainty = "parameters"\n')
             .replace("children = 600\n\n[baseline_params]",
                      "children = 600\nshock_rate = 0.65\n\n[baseline_params]"))


@pytest.fixture
def ensemble(monkeypatch):
    from teamsim.calibration import calibrate

    monkeypatch.setattr(calibrate, "ensemble_members", lambda path=None: MEMBERS)


def test_with_parameter_uncertainty_replication_i_takes_ensemble_member_i_mod_n(ensemble):
    """As `teamsim run --compare --uncertainty parameters`: the scenario's points and the
    baseline of one replication take the same member, for the parameters the experiment
    and the files leave alone; the varied and the fixed ones keep their values."""
    import tomllib

    from teamsim.run import _with_member  # (teamsim.run is the run() function)
    from teamsim.scenarios import load_scenario

    exp = parse_experiment(tomllib.loads(UNCERTAIN))
    assert exp.uncertainty == "parameters" and len(exp.members) == 2
    tasks = exp.tasks()
    assert len(tasks) == 3 * 3
    for task in tasks:
        member = MEMBERS[task.replication % 2]
        assert task.values["chronic_need"] == member["chronic_need"]
        assert task.start["chronic_need"] == member["chronic_need"]
        if task.role == "baseline":
            assert task.values["shock_rate"] == member["shock_rate"]
            base = load_scenario("herning-2012", children=600)
            assert task.values == dict(_with_member(base, member, {"children": 600}).params)
        else:
            assert task.values["shock_rate"] == 0.65  # fixed by [params]
            assert task.values["caseworkers"] == (6, 8)[task.point]  # varied
    # the results of another uncertainty are another experiment; "runs" hashes as before
    runs_only = parse_experiment(tomllib.loads(UNCERTAIN.replace('uncertainty = "parameters"',
                                                                 'uncertainty = "runs"')))
    unset = parse_experiment(tomllib.loads(UNCERTAIN.replace('uncertainty = "parameters"\n',
                                                             "")))
    assert runs_only.fingerprint == unset.fingerprint != exp.fingerprint
    assert all(t.values["chronic_need"] != 0.2 for t in runs_only.tasks())


def test_an_experiment_with_parameter_uncertainty_runs_and_says_so(ensemble, tmp_path, capsys):
    file = write(tmp_path, UNCERTAIN)
    status, out, _ = teamsim(capsys, "experiment", "check", file)
    assert status == 0
    assert "uncertainty: parameters: replication i also takes calibrated set i mod 2" in out
    summary = run_experiment(file, tmp_path / "out")
    assert (summary.runs["status"] == "ok").all() and len(summary.runs) == 9
    report = write_report(load_results(tmp_path / "out"))
    text = (report.folder / "summary.md").read_text(encoding="utf-8")
    assert "Uncertainty: parameters: replication i of every point and of the baseline " \
           "takes calibrated set i mod 2" in " ".join(text.split()), report


@pytest.mark.parametrize(("value", "members", "message"), [
    ('"chance"', MEMBERS, "uncertainty = 'chance' in [experiment] is not allowed: choose "
                          + "one of runs, parameters"),
    ('"parameters"', [], "needs an ensemble of calibrated parameter sets"),
])
def test_a_bad_uncertainty_is_one_line(tmp_path, capsys, monkeypatch, value, members, message):
    from teamsim.calibration import calibrate

    monkeypatch.setattr(calibrate, "ensemble_members", lambda path=None: members)
    file = write(tmp_path, UNCERTAIN.replace('"parameters"', value))
    status, _out, err = teamsim(capsys, "experiment", "check", file)
    assert status == 2 and err.count("\n") == 1 and message in err, err
