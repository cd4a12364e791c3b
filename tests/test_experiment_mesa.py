"""TeamSim under Mesa's own batch runner: keyword parameters and ``rng=``, as Mesa builds models.

``mesa.batchrunner.batch_run`` builds each model as ``TeamSim(**params, rng=seed)``, steps it
``max_steps`` times and reads ``model.datacollector``. The experiment runner is the tool
for real experiments (seeded designs, resumable results); this shows the model also fits
Mesa's conventions, and that both give the same runs.
"""

from __future__ import annotations

import multiprocessing

import pandas as pd
import pytest
from mesa.batchrunner import batch_run

from teamsim.core.model import TeamSim
from teamsim.experiment import parse_experiment, run_experiment


@pytest.fixture
def keep_start_method():
    """batch_run forces the 'spawn' start method on the whole process: put it back."""
    before = multiprocessing.get_start_method(allow_none=True)
    yield
    multiprocessing.set_start_method(before, force=True)


def test_mesa_batch_run_drives_teamsim_with_keyword_parameters_and_rng(keep_start_method):
    seeds = [3, 4]
    rows = batch_run(TeamSim,
                     parameters={"scenario": "herning-pilot", "children": 600,
                                 "caseworkers": [6, 8]},
                     rng=seeds, max_steps=52, number_processes=1, data_collection_period=-1,
                     display_progress=False)
    table = pd.DataFrame(rows)
    assert len(table) == 4
    assert set(zip(table["caseworkers"], table["iteration"], strict=True)) == {
        (6, 0), (8, 0), (6, 1), (8, 1)}
    assert (table["Step"] == 52).all()
    for _, row in table.iterrows():
        model = TeamSim("herning-pilot", rng=seeds[row["iteration"]], children=600,
                        caseworkers=row["caseworkers"])
        model.run_for(52)
        last = model.series().iloc[-1]
        assert (row["placed"], row["cost_total"]) == (last["placed"], last["cost_total"])


def test_batch_run_and_the_experiment_runner_give_the_same_runs(tmp_path, keep_start_method):
    exp = parse_experiment({
        "experiment": {"scenario": "herning-pilot", "baseline": False, "years": 1,
                       "replications": 2, "seed": 1},
        "params": {"children": 600},
        "vary": {"caseworkers": {"values": [6, 8]}},
        "outputs": {"indicators": ["placed"], "series": "week", "series_columns": ["placed"]},
    })
    ours = run_experiment(exp, tmp_path / "r").series
    rows = pd.DataFrame(batch_run(TeamSim,
                                  parameters={"scenario": "herning-pilot", "children": 600,
                                              "caseworkers": [6, 8]},
                                  rng=exp.seeds, max_steps=52, number_processes=1,
                                  data_collection_period=1, display_progress=False))
    mesa_weeks = rows[rows["Step"] > 0]
    assert mesa_weeks.groupby(["caseworkers", "iteration"]).ngroups == 4
    for (caseworkers, iteration), group in mesa_weeks.groupby(["caseworkers", "iteration"]):
        point = [p["caseworkers"] for p in exp.design.points].index(caseworkers)
        mine = ours[(ours["point"] == point) & (ours["replication"] == iteration)]
        assert group["placed"].tolist() == mine["placed"].tolist()
