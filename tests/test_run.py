"""The Python API for runs: reproducible seeds, paired comparisons, all-or-nothing results."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import teamsim
from teamsim.core import outcomes
from teamsim.errors import ParameterError, RunError, ScenarioError
from teamsim.run import (
    SUMMARY_INDICATORS,
    compare,
    replicate,
    replication_seeds,
    run,
    summarise,
    write_results,
)

SMALL = {"children": 500}  # fast; nothing tested here depends on the population's size


@pytest.fixture(scope="module")
def pair():
    """herning-pilot against herning-2012, 1 year, 2 seeds, both with 500 children."""
    return compare("herning-pilot", "herning-2012", years=1, seeds=replication_seeds(0, 2),
                   baseline_overrides=SMALL, **SMALL)


def test_a_run_gives_its_weekly_yearly_budget_and_key_figure_tables():
    result = run("herning-2012", years=1, seed=1, **SMALL)
    assert (result.scenario, result.seed, result.years) == ("herning-2012", 1, 1)
    assert result.overrides == {"children": 500}
    assert result.changed["children"] == 500
    assert len(result.series) == 53  # week 0 is the initial state
    assert list(result.yearly.index) == [2013]
    assert list(result.budget.columns) == [2013]
    assert "Total" in result.budget.index
    assert result.key_figures.shape == (12, 1)


def test_a_run_is_the_model_run_with_that_seed():
    weeks = []
    result = run("herning-pilot", years=1, seed=7, progress=weeks.append, **SMALL)
    model = teamsim.TeamSim("herning-pilot", rng=7, **SMALL)
    model.run_for(52)
    pd.testing.assert_frame_equal(result.series, model.series())
    assert sum(weeks) == 52


def test_the_same_seed_gives_the_same_run_and_another_seed_another():
    a, b, c = (run("herning-2012", years=1, seed=s, **SMALL) for s in (5, 5, 6))
    pd.testing.assert_frame_equal(a.series, b.series)
    assert not a.series.equals(c.series)


def test_replication_seeds_follow_from_the_root_seed_and_extend_without_changing():
    ten = replication_seeds(3, 10)
    assert ten == replication_seeds(3, 10)
    assert ten[:5] == replication_seeds(3, 5)
    assert len(set(ten)) == 10
    assert all(0 <= s < 2**63 for s in ten)
    assert ten != replication_seeds(4, 10)
    state = np.random.SeedSequence(3).generate_state(10, dtype=np.uint64)
    assert ten == [int(w) >> 1 for w in state]
    assert replicate("herning-2012", 1, np.array(ten[:1]), **SMALL)[0].seed == ten[0]


def test_replications_with_the_same_root_seed_are_reproducible():
    seeds = replication_seeds(3, 2)
    first = replicate("herning-2012", years=1, seeds=seeds, **SMALL)
    again = replicate("herning-2012", years=1, seeds=seeds, **SMALL)
    assert [r.seed for r in first] == seeds
    for a, b in zip(first, again, strict=True):
        pd.testing.assert_frame_equal(a.series, b.series)
    assert not first[0].series.equals(first[1].series)


def test_a_scenario_compared_with_itself_differs_by_nothing():
    """Common random numbers: the same scenario on the same seed is the same run."""
    cmp = compare("herning-2012", "herning-2012", years=1, seeds=replication_seeds(0, 2),
                  baseline_overrides=SMALL, **SMALL)
    assert np.allclose(cmp.differences["difference"].fillna(0), 0)
    assert np.allclose(cmp.table[["median", "p10", "p90"]].fillna(0), 0)
    for r in cmp.scenario:
        assert (r.budget.loc["Net vs baseline"] == 0).all()


def test_compare_pairs_runs_by_seed_and_reports_bands_of_the_differences(pair):
    assert pair.seeds == [r.seed for r in pair.baseline] == replication_seeds(0, 2)
    assert pair.baseline[0].scenario == "herning-2012"
    indicators = set(pair.table["indicator"])
    assert {"placed", "placements_started", "family_placement_share", "institutions",
            "Net vs baseline", "Placements vs baseline", "Measures at home vs baseline",
            "Staff vs baseline",
            "Foster placements"} <= indicators
    net = pair.table.set_index("indicator").loc["Net vs baseline"]
    assert net["p10"] <= net["median"] <= net["p90"]
    # the pilot's extra staff: 4 caseworkers, a coordinator, a psychologist
    p = pair.scenario[0].params
    extra = 4 * p.salary_caseworker + p.salary_coordinator + p.salary_psychologist
    staff = pair.table.set_index("indicator").loc["Staff vs baseline"]
    assert staff["median"] == pytest.approx(extra)
    diff = pair.differences
    row = diff[(diff.indicator == "placed") & (diff.seed == pair.seeds[0])].iloc[0]
    assert row["difference"] == pytest.approx(
        pair.scenario[0].yearly.loc[2013, "placed"] - pair.baseline[0].yearly.loc[2013, "placed"])


def test_compare_applies_overrides_to_the_scenario_only():
    cmp = compare("herning-2012", "herning-2012", years=1, seeds=[1],
                  baseline_overrides=SMALL, caseworkers=6, **SMALL)
    assert cmp.scenario[0].params.caseworkers == 6
    assert cmp.baseline[0].params.caseworkers == 4
    assert cmp.scenario[0].overrides == {"caseworkers": 6, "children": 500}


def test_compare_defaults_to_the_baseline_the_scenario_names():
    cmp = compare("herning-pilot", years=1, seeds=[1], baseline_overrides=SMALL, **SMALL)
    assert cmp.baseline[0].scenario == "herning-2012"
    with pytest.raises(RunError, match="names no baseline"):
        compare("herning-2012", years=1, seeds=[1])


def test_compare_notes_when_the_two_populations_differ():
    cmp = compare("herning-2012", "herning-2012", years=1, seeds=[1], children=400,
                  baseline_overrides={"children": 500})
    assert cmp.notes and "children" in cmp.notes[0]


def test_summarise_gives_median_and_band_per_indicator_and_year(pair):
    table = summarise(pair.scenario)
    assert list(table.columns) == ["scenario", "indicator", "year", "median", "p10", "p90",
                                   "replications"]
    assert set(table["indicator"]) == set(SUMMARY_INDICATORS)
    assert (table["replications"] == 2).all()
    ok = table.dropna(subset=["median"])
    assert (ok["p10"] <= ok["median"]).all() and (ok["median"] <= ok["p90"]).all()
    placed = table.set_index("indicator").loc["placed"]
    values = [r.yearly.loc[2013, "placed"] for r in pair.scenario]
    assert placed["median"] == pytest.approx(np.median(values))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: run("nope"), ScenarioError, "unknown scenario 'nope'"),
        (lambda: run("herning-2012", caseworker=3), ParameterError, "did you mean caseworkers"),
        (lambda: run("herning-2012", caseworkers=0), ParameterError, "1 to 5,000"),
        (lambda: run("herning-2012", years=0), RunError, "years = 0"),
        (lambda: run("herning-2012", years=1.5), RunError, "years = 1.5"),
        (lambda: run("herning-2012", seed=-1), RunError, "seed = -1"),
        (lambda: replicate("herning-2012", seeds=[]), RunError, "non-empty list"),
        (lambda: replicate("herning-2012", seeds=5), RunError, "non-empty list"),
        (lambda: replicate("herning-2012", seeds=[1, -2]), RunError, "seed = -2"),
        (lambda: replication_seeds(0, 0), RunError, "replications = 0"),
    ],
)
def test_bad_input_raises_a_teamsim_error_naming_what_is_allowed(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_results_are_written_as_tidy_tables_with_a_manifest(tmp_path, pair):
    out = write_results(tmp_path / "res", pair, command=["teamsim", "run"], root_seed=0)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["budget.csv", "comparison.csv", "key_figures.csv", "manifest.json",
                     "series.csv", "summary.csv", "yearly.csv"]
    series = pd.read_csv(out / "series.csv")
    assert list(series.columns[:3]) == ["role", "scenario", "seed"]
    assert len(series) == 4 * 53
    budget = pd.read_csv(out / "budget.csv")
    assert list(budget.columns) == ["role", "scenario", "seed", "year", "line", "kr"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seeds"] == pair.seeds and manifest["root_seed"] == 0
    assert manifest["years"] == 1 and manifest["kind"] == "comparison"
    assert manifest["mesa_version"].startswith("3.5")
    assert manifest["command"] == ["teamsim", "run"]
    assert [s["name"] for s in manifest["scenarios"]] == ["herning-pilot", "herning-2012"]
    assert manifest["scenarios"][0]["overrides"] == {"children": 500}
    assert manifest["scenarios"][0]["params"]["caseworkers"] == 8
    assert [p.name for p in tmp_path.iterdir()] == ["res"]  # no temporary directory left


def test_results_can_be_written_as_parquet(tmp_path, pair):
    out = write_results(tmp_path / "res", pair.scenario, format="parquet")
    yearly = pd.read_parquet(out / "yearly.parquet")
    assert list(yearly["seed"]) == pair.seeds
    assert "comparison.parquet" not in {p.name for p in out.iterdir()}


def test_a_failing_write_leaves_no_results(tmp_path, pair, monkeypatch):
    written = []

    def fail_on_third(self, path, *args, **kwargs):
        written.append(path)
        if len(written) == 3:
            raise OSError("disk full")
        path.write_text("x")

    monkeypatch.setattr(pd.DataFrame, "to_csv", fail_on_third)
    with pytest.raises(OSError, match="disk full"):
        write_results(tmp_path / "res", pair)
    assert list(tmp_path.iterdir()) == []


def test_results_never_replace_a_directory_that_is_not_empty_unless_asked(tmp_path, pair):
    out = tmp_path / "res"
    out.mkdir()
    (out / "mine.txt").write_text("keep")
    with pytest.raises(RunError, match="not empty"):
        write_results(out, pair.scenario)
    # --overwrite replaces only a result of teamsim run (issue 11: it deleted anything)
    with pytest.raises(RunError, match="replaces only a result of 'teamsim run'"):
        write_results(out, pair.scenario, overwrite=True)
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    (out / "mine.txt").unlink()
    write_results(out, pair.scenario)
    write_results(out, pair.scenario, overwrite=True)
    assert (out / "manifest.json").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["res"]
    with pytest.raises(RunError, match="format 'xlsx'"):
        write_results(tmp_path / "other", pair.scenario, format="xlsx")


def test_importing_teamsim_is_fast_and_exports_the_api():
    code = ("import sys, teamsim; import teamsim.cli; "
            "print(callable(teamsim.run), 'mesa' in sys.modules, 'pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["True", "False", "False"]
    for name in ("TeamSim", "load_scenario", "Params", "run", "compare", "replicate"):
        assert name in teamsim.__all__ and getattr(teamsim, name) is not None


def test_yearly_budget_in_results_matches_the_outcomes_module(pair):
    r = pair.scenario[0]
    expected = outcomes.budget(r.series, pair.baseline[0].series)
    pd.testing.assert_frame_equal(r.budget, expected)
