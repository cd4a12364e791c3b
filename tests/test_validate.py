"""teamsim validate: every target judged with its band, a verdict per target, files on disk,
exit status 1 when a target fails; the same results with one or two workers."""

from __future__ import annotations

import pandas as pd
from cli_helpers import teamsim

from teamsim.calibration.tomlio import table

SMALL = {"children": 400}



def targets_file(tmp_path, *rows: dict) -> str:
    path = tmp_path / "targets.toml"
    base = {"indicator": "placed_share", "value": 0.01, "low": 0.0, "high": 0.05,
            "source": "test", "scenario": "herning-2012", "set": SMALL, "use": "validate",
            "years": [1, 2], "judge": "every", "unit": "share"}
    path.write_text("".join(table("target", base | row, array=True) for row in rows))
    return str(path)


def test_validate_prints_every_target_writes_its_files_and_fails_on_a_missed_band(
        tmp_path, capsys):
    path = targets_file(tmp_path, {"name": "wide"},
                        {"name": "impossible", "value": 0.5, "low": 0.4, "high": 0.6},
                        {"name": "later", "years": [5, 6]})
    out_dir = tmp_path / "out"
    status, out, err = teamsim(capsys, "validate", "--targets", path, "--seeds", "1",
                               "--years", "2", "--out", str(out_dir))
    assert status == 1
    assert "1 of 3 targets fail: impossible" in err
    for name in ("wide", "impossible", "later", "pass", "fail", "not judged"):
        assert name in out
    table_ = pd.read_csv(out_dir / "validation.csv")
    assert table_.set_index("name")["verdict"].to_dict() == {
        "wide": "pass", "impossible": "fail", "later": "not judged"}
    assert set(pd.read_csv(out_dir / "validation-yearly.csv")["name"]) == {"wide", "impossible"}
    assert (out_dir / "validation.png").stat().st_size > 10_000


def test_all_targets_in_band_exit_zero_and_workers_do_not_change_the_numbers(tmp_path, capsys):
    path = targets_file(tmp_path, {"name": "placed"},
                        {"name": "caseload", "indicator": "caseload_mean", "value": 20,
                         "low": 0, "high": 500, "judge": "mean"})
    tables = []
    for workers in ("1", "2"):
        out_dir = tmp_path / f"out{workers}"
        status, _, err = teamsim(capsys, "validate", "--targets", path, "--seeds", "2",
                                 "--years", "2", "--workers", workers, "--out", str(out_dir))
        assert status == 0, err
        tables.append(pd.read_csv(out_dir / "validation.csv"))
    pd.testing.assert_frame_equal(tables[0], tables[1])


def test_a_target_naming_an_indicator_the_model_lacks_fails_naming_it(tmp_path, capsys,
                                                                      monkeypatch):
    from teamsim.calibration import targets

    monkeypatch.setattr(targets, "PLANNED_INDICATORS", (*targets.PLANNED_INDICATORS, "future"))
    targets.known_indicators.cache_clear()
    try:
        path = targets_file(tmp_path, {"name": "future", "indicator": "future"})
        status, _out, err = teamsim(capsys, "validate", "--targets", path, "--seeds", "1",
                                   "--years", "1", "--out", str(tmp_path / "o"))
    finally:
        targets.known_indicators.cache_clear()
    assert status == 1 and "1 of 1 targets fail: future" in err
    row = pd.read_csv(tmp_path / "o" / "validation.csv").iloc[0]
    assert row["verdict"] == "fail"
    assert row["reason"] == "indicator 'future' is not produced by this model"


def test_scenario_and_use_filters_and_an_empty_selection_is_one_line(tmp_path, capsys):
    path = targets_file(tmp_path, {"name": "a"}, {"name": "b", "scenario": "boras"})
    status, out, err = teamsim(capsys, "validate", "--targets", path, "--scenario", "nope")
    assert status == 2 and err.count("\n") == 1 and "no targets for nope" in err
    status, out, _ = teamsim(capsys, "validate", "--targets", path, "--scenario", "boras",
                             "--seeds", "1", "--years", "1", "--out", str(tmp_path / "o"))
    assert "b" in out and " a " not in out
