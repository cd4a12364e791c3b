"""The command line: readable summaries, results on disk, one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from teamsim import cli
from teamsim.params import PARAMETERS
from teamsim.run import replication_seeds
from teamsim.scenarios import preset_names

FAST = ["--years", "1", "--set", "children=500"]


def teamsim(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(status: int, out: str, err: str, *fragments: str) -> None:
    assert status == 2
    assert out == ""
    assert err.startswith("teamsim: error: ") and err.endswith("\n")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


BAD_INPUT = [
    (["run", "nope"], "unknown scenario 'nope'", "herning-pilot"),
    (["run", "herning-pilot", "--set", "caseworker=8"], "unknown parameter 'caseworker'",
     "did you mean caseworkers"),
    (["run", "herning-pilot", "--set", "caseworkers=0"], "'caseworkers' = '0'", "1 to 5,000"),
    (["run", "herning-pilot", "--set", "policy=gentle"], "'policy'", "least_intrusive"),
    (["run", "herning-pilot", "--set", "co_located=maybe"], "'co_located'", "true or false"),
    (["run", "herning-pilot", "--set", "caseworkers"], "argument --set", "NAME=VALUE"),
    (["run", "herning-pilot", "--set", "=8"], "argument --set", "NAME=VALUE"),
    (["run", "herning-pilot", "--years", "0"], "argument --years", "from 1 to 50"),
    (["run", "herning-pilot", "--years", "51"], "argument --years", "from 1 to 50"),
    (["run", "herning-pilot", "--years", "two"], "argument --years", "whole number"),
    (["run", "herning-pilot", "--replications", "0"], "argument --replications", "1 to 1,000"),
    (["run", "herning-pilot", "--replications", "1.5"], "argument --replications", "1 to 1,000"),
    (["run", "herning-pilot", "--seed", "-1"], "argument --seed", "whole number from 0"),
    (["run", "herning-pilot", "--format", "xlsx"], "argument --format", "csv"),
    (["run", "herning-pilot", "--format", "csv"], "--format needs --out", "teamsim run --help"),
    (["run", "herning-pilot", "--baseline-set", "children=500"], "needs --compare"),
    (["run", "herning-2012", "--compare"], "names no baseline", "--compare herning-2012"),
    (["run", "herning-pilot", "--compare", "nope"], "unknown scenario 'nope'"),
    (["run", "herning-pilot", "--compare", "--baseline-set", "cases=3"],
     "unknown parameter 'cases'"),
    (["run", "herning-pilot", "--bogus"], "unrecognized arguments: --bogus",
     "(see 'teamsim run --help')"),
    (["run"], "required: SCENARIO", "(see 'teamsim run --help')"),
    (["frobnicate"], "invalid choice: 'frobnicate'", "(see 'teamsim --help')"),
    ([], "required: COMMAND", "(see 'teamsim --help')"),
    (["params", "--mechanism", "magic"], "invalid choice: 'magic'", "capacity"),
]


@pytest.mark.parametrize(("argv", "fragments"), [(a, f) for a, *f in BAD_INPUT],
                         ids=[" ".join(a) or "(nothing)" for a, *_ in BAD_INPUT])
def test_bad_input_gets_one_line_naming_what_is_allowed_and_status_2(capsys, argv, fragments):
    assert_one_line_error(*teamsim(capsys, *argv), *fragments)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[params\ncaseworkers = 3\n", "not valid TOML"),
        ("[params]\ncaseworkers = -3\n", "'caseworkers' = -3"),
        ("[params]\nwizards = 3\n", "unknown parameter 'wizards'"),
        ("[extras]\n", "unknown table(s) extras"),
    ],
)
def test_a_malformed_scenario_file_gets_one_line_and_status_2(capsys, tmp_path, text, fragment):
    path = tmp_path / "mine.toml"
    path.write_text(text)
    assert_one_line_error(*teamsim(capsys, "run", str(path)), str(path), fragment)
    assert_one_line_error(*teamsim(capsys, "run", str(tmp_path / "missing.toml")),
                          "does not exist")


def test_bad_input_writes_no_results(capsys, tmp_path):
    out = tmp_path / "results" / "pilot"
    status, *_ = teamsim(capsys, "run", "herning-pilot", "--set", "cases=3", "--out", str(out))
    assert status == 2
    assert list(tmp_path.iterdir()) == []


def test_results_go_only_to_a_new_or_empty_directory(capsys, tmp_path):
    (tmp_path / "mine.txt").write_text("keep")
    assert_one_line_error(*teamsim(capsys, "run", "herning-2012", *FAST, "--out",
                                   str(tmp_path)), "not empty", "--overwrite")
    (tmp_path / "file").write_text("")
    assert_one_line_error(*teamsim(capsys, "run", "herning-2012", *FAST, "--out",
                                   str(tmp_path / "file" / "sub")), "is a file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "mine.txt"]


def test_a_run_prints_the_budget_and_key_indicators(capsys):
    status, out, err = teamsim(capsys, "run", "herning-pilot", *FAST, "--replications", "2")
    assert status == 0
    assert "Budget, kr. per year (median of 2 replications)" in out
    assert "Total" in out and "Net vs baseline" not in out
    assert "Family placements (goal 75%)" in out
    assert "Institution placements (goal 25%)" in out
    for label in ("Placements started", "Waiting weeks", "Follow-ups held", "Caseload"):
        assert label in out
    assert " to " in out  # the 10-90% band
    assert "Traceback" not in err


def test_a_comparison_prints_the_net_against_the_baseline(capsys):
    status, out, _ = teamsim(capsys, "run", "herning-pilot", *FAST, "--compare",
                             "--baseline-set", "children=500", "--replications", "2")
    assert status == 0
    assert "compared with herning-2012" in out
    for line in ("Placements vs baseline", "Staff vs baseline", "Net vs baseline", "10%", "90%"):
        assert line in out
    assert "Scenario minus baseline, paired by seed" in out


def test_a_run_writes_its_tables_and_a_manifest(capsys, tmp_path):
    out = tmp_path / "results" / "pilot"
    argv = ["run", "herning-pilot", *FAST, "--seed", "3", "--replications", "2",
            "--out", str(out)]
    status, stdout, _ = teamsim(capsys, *argv)
    assert status == 0 and "Results written to" in stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "budget.csv", "key_figures.csv", "manifest.json", "series.csv", "summary.csv",
        "yearly.csv"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["command"] == ["teamsim", *argv]
    assert manifest["root_seed"] == 3 and manifest["seeds"] == replication_seeds(3, 2)
    assert manifest["years"] == 1 and manifest["replications"] == 2
    assert manifest["scenarios"][0]["overrides"] == {"children": 500}
    for key in ("teamsim_version", "mesa_version", "python_version", "git_commit"):
        assert key in manifest
    yearly = pd.read_csv(out / "yearly.csv")
    assert list(yearly["seed"]) == replication_seeds(3, 2)
    assert set(yearly["scenario"]) == {"herning-pilot"}
    assert [p.name for p in (tmp_path / "results").iterdir()] == ["pilot"]


def test_parquet_results(capsys, tmp_path):
    status, *_ = teamsim(capsys, "run", "herning-2012", *FAST, "--replications", "1",
                         "--out", str(tmp_path / "r"), "--format", "parquet")
    assert status == 0
    assert len(pd.read_parquet(tmp_path / "r" / "series.parquet")) == 53


def test_the_same_seed_writes_identical_tables(capsys, tmp_path):
    for name in ("a", "b"):
        status, *_ = teamsim(capsys, "run", "herning-pilot", *FAST, "--seed", "11",
                             "--replications", "2", "--out", str(tmp_path / name))
        assert status == 0
    files = sorted(p.name for p in (tmp_path / "a").glob("*.csv"))
    assert len(files) == 5
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_a_scenario_compared_with_itself_on_the_same_seeds_differs_by_nothing(capsys, tmp_path):
    status, *_ = teamsim(capsys, "run", "herning-2012", *FAST, "--compare", "herning-2012",
                         "--baseline-set", "children=500", "--replications", "3",
                         "--out", str(tmp_path / "r"))
    assert status == 0
    table = pd.read_csv(tmp_path / "r" / "comparison.csv")
    assert {"Net vs baseline", "placed", "institutions"} <= set(table["indicator"])
    assert (table[["median", "p10", "p90"]].fillna(0) == 0).all().all()


def test_an_interrupted_run_writes_nothing(capsys, tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "replicate", interrupted)
    status, _, err = teamsim(capsys, "run", "herning-2012", *FAST, "--out",
                             str(tmp_path / "r"))
    assert status == 130 and "interrupted" in err
    assert list(tmp_path.iterdir()) == []


def test_scenarios_lists_every_preset_with_english_and_danish_titles(capsys):
    status, out, _ = teamsim(capsys, "scenarios")
    assert status == 0
    for name in preset_names():
        assert name in out
    assert "Herning pilot" in out and "Sverigesprojektet" in out


def test_params_lists_every_parameter_with_unit_range_default_and_source(capsys):
    status, out, _ = teamsim(capsys, "params")
    assert status == 0
    for p in PARAMETERS:
        assert p.name in out
    assert "1 to 5,000" in out and "caseworkers" in out and "assumption" in out
    status, out, _ = teamsim(capsys, "params", "--mechanism", "capacity")
    assert status == 0
    assert "caseload_cap" in out and "cost_foster" not in out


def test_help_and_version_exit_0(capsys):
    status, out, _ = teamsim(capsys, "run", "--help")
    assert status == 0 and "--replications" in out and "NAME=VALUE" in out
    status, out, _ = teamsim(capsys, "--version")
    assert status == 0 and out.startswith("teamsim ")


def test_the_installed_command_gives_one_line_errors_and_runs(tmp_path):
    """Through a real process: python -m teamsim, as `uv run teamsim` does."""
    bad = subprocess.run([sys.executable, "-m", "teamsim", "run", "herning-pilot", "--set",
                          "caseworkers=0", "--out", str(tmp_path / "r")],
                         capture_output=True, text=True, timeout=120, check=False)
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr.startswith("teamsim: error: parameter 'caseworkers'")
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    assert not (tmp_path / "r").exists()
    good = subprocess.run([sys.executable, "-m", "teamsim.cli", "run", "herning-2012", *FAST,
                           "--replications", "1"], capture_output=True, text=True, timeout=120,
                          check=False)
    assert good.returncode == 0, good.stderr
    assert "Budget, kr. per year" in good.stdout
    assert "\x1b[" not in good.stdout + good.stderr  # no terminal codes in piped output


def test_a_long_run_off_a_terminal_reports_progress_in_plain_lines(capsys, monkeypatch):
    """No bar and no terminal codes when stderr is a file or pipe; a line now and then."""
    ticks = [0.0, 5.0, 11.0, 12.0, 45.0]
    monkeypatch.setattr(cli.time, "monotonic", lambda: ticks.pop(0) if len(ticks) > 1 else 45.0)
    _, err = cli._consoles()
    with cli._progress(err, 100) as advance:
        for _ in range(4):
            advance(10)
    assert capsys.readouterr().err.splitlines() == [
        "teamsim: 20 of 100 weeks simulated (20%), 11 s",
        "teamsim: 40 of 100 weeks simulated (40%), 45 s",
    ]
