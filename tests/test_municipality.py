"""A baseline from a municipality's own figures: every figure documented, a steady state that
matches the figures, a file that loads back, and one clear line for figures that do not fit."""

from __future__ import annotations

import pytest
from cli_helpers import assert_one_line_error, teamsim

from teamsim.core.model import TeamSim
from teamsim.core.outcomes import yearly
from teamsim.municipality import (
    FIGURES,
    FigureError,
    check_figures,
    scenario_from_figures,
    scenario_to_toml,
)
from teamsim.scenarios import load_scenario

SMALL = {"children": 1200, "districts": 2, "caseworkers": 3, "placed": 12, "family_share": 0.6,
         "cost_foster": 500_000, "price_year": 2024}




@pytest.fixture(scope="module")
def small_scenario():
    return scenario_from_figures(SMALL, "small-town", "Small town")


def test_every_figure_has_a_unit_a_range_holding_its_default_and_both_languages():
    names = [f.name for f in FIGURES]
    for needed in ("children", "districts", "caseworkers", "caseload", "psychologists",
                   "health_visitors", "placed", "family_share", "preventive", "cost_foster",
                   "cost_institution", "cost_kinship", "cost_home_based", "cost_preventive",
                   "cost_early_help", "salary_caseworker", "price_year"):
        assert needed in names
    for f in FIGURES:
        assert f.unit and f.doc and f.doc_da and f.low <= f.default <= f.high, f.name


def test_the_steady_state_matches_the_stated_placements_and_family_share(small_scenario):
    """A town of 12 placed children varies from seed to seed (sd about 3.5 children), so the
    check averages 24 seeds (about 6% for the mean): on 3 it missed by a third with two
    calibrations in a row, in opposite directions, and on 12 by 29% where 40 seeds give
    +20% (the tuning's own 7 seeds carry about 10% of noise as well)."""
    p = small_scenario.params
    assert p.children == 1200 and p.caseworkers == 3 and p.cost_foster == 500_000
    placed, family = [], []
    for seed in range(101, 125):  # seeds the tuning did not use
        model = TeamSim(small_scenario, rng=seed)
        model.run_for(52 * 3)
        y = yearly(model.series()).iloc[1:]
        placed.append(y["placed"].mean())
        family.append(y["family_placement_share"].mean())
    assert sum(placed) / len(placed) == pytest.approx(12, rel=0.25)
    # one child is 8 points of a single run's family share
    assert sum(family) / len(family) == pytest.approx(0.6, abs=0.08)
    assert "2024" in small_scenario.description  # the price year, stored


@pytest.fixture
def quick_tuning(monkeypatch):
    """A cheap tuning (short burn-in, small world) for tests of what does not depend on
    how well the steady state is tuned: files, refusals, determinism."""
    from teamsim import municipality

    monkeypatch.setattr(municipality, "TUNE_BURNIN_YEARS", 2)
    monkeypatch.setattr(municipality, "TUNE_YEARS", 2)
    monkeypatch.setattr(municipality, "TUNE_CHILDREN", 1200)


def test_the_same_figures_give_the_same_file(quick_tuning):
    first = scenario_to_toml(scenario_from_figures(SMALL, "small-town", "Small town"))
    assert scenario_to_toml(scenario_from_figures(SMALL, "small-town", "Small town")) == first


def test_the_file_loads_back_as_the_same_scenario(small_scenario, tmp_path):
    text = scenario_to_toml(small_scenario)
    path = tmp_path / "small.toml"
    path.write_text(text)
    loaded = load_scenario(path)
    assert dict(loaded.params) == dict(small_scenario.params)
    assert loaded.title == "Small town"


BAD_FIGURES = [
    (["--children", "abc"], "figure 'children' = 'abc' is not allowed", "50 to 2,000,000"),
    (["--family-share", "1.5"], "figure 'family_share' = '1.5'", "0.05 to 0.95"),
    (["--children", "500", "--placed", "200", "--preventive", "100"], "more than half"),
    (["--children", "500", "--districts", "20"], "too many for 500 children"),
    (["--children", "1200", "--districts", "2", "--caseworkers", "3", "--placed", "12",
      "--family-share", "0.6", "--caseload", "5"], "caseload 5 contradicts the other figures",
     "caseworkers for 5 cases"),
]


@pytest.mark.parametrize("argv_message", BAD_FIGURES, ids=[b[1] for b in BAD_FIGURES])
def test_bad_or_contradicting_figures_are_one_line(capsys, tmp_path, argv_message, quick_tuning):
    argv, *message = argv_message
    out = tmp_path / "m.toml"
    status, stdout, err = teamsim(capsys, "scenario", "new", *argv, "--out", str(out))
    assert_one_line_error(status, stdout, err, *message)
    assert not out.exists()


def test_an_unknown_figure_names_the_close_one():
    with pytest.raises(FigureError, match="unknown figure 'caseworker'; did you mean caseworkers"):
        check_figures({"caseworker": 3})


def test_an_existing_file_is_kept_unless_forced(capsys, tmp_path, quick_tuning):
    out = tmp_path / "m.toml"
    out.write_text("keep me")
    argv = ["scenario", "new", "--children", "1200", "--districts", "2", "--placed", "12",
            "--family-share", "0.55",
            "--out", str(out)]
    assert_one_line_error(*teamsim(capsys, *argv), "exists", "--force")
    assert out.read_text() == "keep me"
    status, _, err = teamsim(capsys, *argv, "--force")
    assert status == 0, err
    assert load_scenario(out).params.children == 1200
