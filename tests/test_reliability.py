"""Issue 11, row by row: nothing a user types loses data or escapes as a traceback, and a
results folder heals or refuses, never misleads.

Each test names its row of the issue's table. Runs are tiny (300 children, 1 year).
Permissions: as a normal user a folder is made unreadable or read-only with chmod; as
root (who may write anywhere) the same refusal of the operating system is played by
``os.stat``/``os.open`` raising it for paths in that folder.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from teamsim import cli
from teamsim.core.model import TeamSim
from teamsim.errors import ExperimentError, ScenarioError
from teamsim.experiment import designs, load_experiment, load_results, run_experiment
from teamsim.scenarios import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SMALL_RUN = ["--years", "1", "--replications", "1", "--set", "children=300"]
SMALL_PAIR = [*SMALL_RUN, "--baseline-set", "children=300"]

TINY = """\
[experiment]
title = "Tiny"
scenario = "herning-pilot"
baseline = "herning-2012"
years = 1
replications = 2
seed = 11

[params]
children = 300

[baseline_params]
children = 300

[vary]
caseworkers = { values = [6, 8] }

[outputs]
series = "quarter"
series_columns = ["placed", "cost_total"]
"""


def teamsim(capsys, *argv) -> tuple[int, str, str]:
    status = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(result: tuple[int, str, str], *fragments: str) -> str:
    status, _out, err = result
    assert status == 2, err
    assert err.startswith("teamsim: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err
    return err


@pytest.fixture
def simulations(monkeypatch) -> list[int]:
    """Counts models built; a test that must fail before any simulation asserts it is 0."""
    built: list[int] = []
    real = TeamSim.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        real(self, *args, **kwargs)

    monkeypatch.setattr(TeamSim, "__init__", counting)
    return built


@pytest.fixture
def deny(monkeypatch):
    """``deny(folder, "look")``: nobody may look inside ``folder`` (chmod 000);
    ``deny(folder, "write")``: it is read-only (chmod 555)."""
    changed: list[Path] = []
    if os.geteuid() != 0:
        def chmod(folder: Path, what: str) -> None:
            folder.chmod(0o000 if what == "look" else 0o555)
            changed.append(folder)

        yield chmod
        for folder in changed:
            folder.chmod(0o755)
        return
    denied: dict[Path, str] = {}
    real_stat, real_open = os.stat, os.open

    def inside(path) -> str | None:
        if isinstance(path, int):
            return None
        p = Path(os.fsdecode(path)).absolute()
        return next((what for folder, what in denied.items() if folder in p.parents), None)

    def stat(path, *args, **kwargs):
        if inside(path) == "look":
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_stat(path, *args, **kwargs)

    def open_(path, flags, *args, **kwargs):
        if inside(path) and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "open", open_)
    yield lambda folder, what: denied.__setitem__(folder.absolute(), what)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, Path]:
    """A finished tiny experiment: (experiment file, results folder); copy before changing."""
    folder = tmp_path_factory.mktemp("tiny")
    file = folder / "tiny.toml"
    file.write_text(TINY, encoding="utf-8")
    run_experiment(file, folder / "results")
    return file, folder / "results"


@pytest.fixture
def results(template, tmp_path) -> tuple[Path, Path]:
    file, folder = template
    shutil.copytree(folder, tmp_path / "results")
    return file, tmp_path / "results"


# ---- 1: --overwrite replaces only a teamsim run result ----------------------------------
def test_row_1_overwrite_refuses_a_folder_that_is_not_a_teamsim_run_result(
        capsys, tmp_path, simulations):
    thesis = tmp_path / "thesis"
    thesis.mkdir()
    (thesis / "chapter1.tex").write_text("years of work")
    assert_one_line_error(
        teamsim(capsys, "run", "herning-pilot", *SMALL_RUN, "--out", thesis, "--overwrite"),
        f"results directory {thesis}", "has no manifest.json",
        "--overwrite replaces only a result of 'teamsim run'")
    assert [p.name for p in thesis.iterdir()] == ["chapter1.tex"]
    assert simulations == []


def test_row_1_overwrite_refuses_an_experiment_folder(capsys, results, simulations):
    _file, folder = results
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    assert_one_line_error(
        teamsim(capsys, "run", "herning-pilot", *SMALL_RUN, "--out", folder, "--overwrite"),
        "holds the results of an experiment")
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert simulations == []


def test_row_1_overwrite_refuses_a_run_result_with_a_file_of_the_user_added(capsys, tmp_path):
    out = tmp_path / "res"
    assert teamsim(capsys, "run", "herning-2012", *SMALL_RUN, "--out", out)[0] == 0
    (out / "my-notes.txt").write_text("mine")
    assert_one_line_error(
        teamsim(capsys, "run", "herning-2012", *SMALL_RUN, "--out", out, "--overwrite"),
        "holds my-notes.txt, which 'teamsim run' did not write")
    assert (out / "my-notes.txt").read_text() == "mine"
    (out / "my-notes.txt").unlink()
    status, _, err = teamsim(capsys, "run", "herning-2012", *SMALL_RUN, "--seed", "3",
                             "--out", out, "--overwrite")
    assert status == 0, err
    assert json.loads((out / "manifest.json").read_text())["root_seed"] == 3


def test_row_1_a_report_replaces_only_an_earlier_report(capsys, results, tmp_path):
    _file, folder = results
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "draft.docx").write_text("mine")
    assert_one_line_error(teamsim(capsys, "experiment", "report", folder, "--out", mine),
                          "holds draft.docx, which is not part of a teamsim report")
    assert [p.name for p in mine.iterdir()] == ["draft.docx"]
    for _ in range(2):  # the second replaces the first
        status, _, err = teamsim(capsys, "experiment", "report", folder)
        assert status == 0, err
    assert (folder / "report" / "summary.csv").is_file()


# ---- 2 and 3: folders without permission, read-only folders -----------------------------
def _writing_commands(tmp_path: Path, results: Path, out: Path) -> list[list]:
    file = tmp_path / "exp.toml"
    file.write_text(TINY, encoding="utf-8")
    return [
        ["run", "herning-pilot", *SMALL_RUN, "--out", out / "res"],
        ["experiment", "run", file, "--out", out / "exp"],
        ["experiment", "report", results, "--out", out / "report"],
        ["workshop", "carry", "herning-pilot", *SMALL_PAIR, "--no-effects",
         "--out", out / "carry.svg"],
        ["workshop", "handout", "herning-pilot", *SMALL_PAIR, "--out", out / "h.html"],
    ]


@pytest.mark.parametrize("command", range(5),
                         ids=["run", "experiment run", "experiment report", "workshop carry",
                              "workshop handout"])
def test_row_2_out_under_a_folder_without_permission_is_one_line_before_anything_runs(
        capsys, tmp_path, results, deny, simulations, command):
    locked = tmp_path / "locked"
    locked.mkdir()
    argv = _writing_commands(tmp_path, results[1], locked / "deeper")[command]
    deny(locked, "look")
    assert_one_line_error(teamsim(capsys, *argv), f"cannot look into {locked}",
                          "permission denied")
    assert simulations == []


@pytest.mark.parametrize("command", range(5),
                         ids=["run", "experiment run", "experiment report", "workshop carry",
                              "workshop handout"])
def test_row_3_out_in_a_read_only_folder_is_refused_before_anything_runs(
        capsys, tmp_path, results, deny, simulations, command):
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    argv = _writing_commands(tmp_path, results[1], readonly)[command]
    deny(readonly, "write")
    assert_one_line_error(teamsim(capsys, *argv), f"cannot write in {readonly}",
                          "permission denied")
    assert simulations == []
    assert list(readonly.iterdir()) == []


# ---- 4: a path that is a directory ------------------------------------------------------
def test_row_4_a_scenario_or_story_path_that_is_a_directory_says_so(capsys, tmp_path,
                                                                    monkeypatch):
    (tmp_path / "my-team").mkdir()
    monkeypatch.chdir(tmp_path)
    for spec in ("my-team", "my-team/", str(tmp_path / "my-team")):
        assert_one_line_error(teamsim(capsys, "run", spec), "is a directory")
    (tmp_path / "story.toml").mkdir()
    assert_one_line_error(teamsim(capsys, "workshop", "stories", "story.toml"),
                          "story file story.toml is a directory")


# ---- 5: byte-order marks ----------------------------------------------------------------
def test_row_5_files_with_a_utf8_byte_order_mark_are_read(tmp_path):
    scenario = tmp_path / "team.toml"
    scenario.write_bytes(b"\xef\xbb\xbf" + b'[scenario]\ntitle = "Team"\n[params]\n'
                         b"caseworkers = 6\n")
    assert load_scenario(scenario).params.caseworkers == 6
    experiment = tmp_path / "exp.toml"
    experiment.write_bytes(b"\xef\xbb\xbf" + TINY.encode())
    assert load_experiment(experiment).runs == 6


def test_row_5_a_utf16_file_is_named_as_such(capsys, tmp_path):
    scenario = tmp_path / "team.toml"
    scenario.write_text('[params]\ncaseworkers = 6\n', encoding="utf-16")
    assert_one_line_error(teamsim(capsys, "run", scenario), "UTF-16 byte-order mark",
                          "save it as UTF-8")
    scenario.write_bytes(b"[params]\ncaseworkers = 6 # \xe6\n")
    assert_one_line_error(teamsim(capsys, "run", scenario), "is not UTF-8 text (byte 0xe6")


# ---- 6: types of keys -------------------------------------------------------------------
@pytest.mark.parametrize(("line", "key"), [("baseline = 5", "baseline"),
                                           ("title = 5", "title"),
                                           ("description = [1, 2]", "description")])
def test_row_6_a_scenario_key_of_the_wrong_type_is_a_type_error(capsys, tmp_path, line, key):
    scenario = tmp_path / "team.toml"
    scenario.write_text(f"[scenario]\n{line}\n", encoding="utf-8")
    assert_one_line_error(teamsim(capsys, "run", scenario), f"scenario {scenario}",
                          f"'{key}' = ", "expected a text in quotes")
    with pytest.raises(ScenarioError, match=key):
        load_scenario(scenario)


def test_row_6_an_experiment_title_of_the_wrong_type_is_a_type_error(capsys, tmp_path):
    file = tmp_path / "exp.toml"
    file.write_text(TINY.replace('title = "Tiny"', "title = 5"), encoding="utf-8")
    assert_one_line_error(teamsim(capsys, "experiment", "check", file),
                          f"experiment file {file}", "'title' = 5", "expected a text")


# ---- 7: a parameter given twice ---------------------------------------------------------
@pytest.mark.parametrize("argv", [
    ["run", "herning-pilot", "--set", "caseworkers=5", "--set", "caseworkers=6"],
    ["run", "herning-pilot", "--compare", "--baseline-set", "caseworkers=5",
     "--baseline-set", "caseworkers=6"],
    ["workshop", "carry", "herning-pilot", "--set", "caseworkers=5", "--set", "caseworkers=6"],
])
def test_row_7_a_parameter_set_twice_is_refused_naming_it(capsys, argv, simulations):
    assert_one_line_error(teamsim(capsys, *argv), "caseworkers is given twice",
                          "caseworkers=5 and caseworkers=6")
    assert simulations == []


# ---- 8: huge experiments ----------------------------------------------------------------
HUGE = {
    "700 x 700 grid": """\
[experiment]
scenario = "herning-pilot"
years = 4
replications = 2
[vary]
caseworkers = { low = 1, high = 700, step = 1 }
caseload_cap = { low = 1, high = 700, step = 1 }
""",
    "300,000-point LHS": """\
[experiment]
scenario = "herning-pilot"
years = 4
replications = 1
[design]
method = "lhs"
samples = 300000
[vary]
caseworkers = { low = 4, high = 12 }
meeting_rate = { low = 0.5, high = 6 }
""",
}


@pytest.mark.parametrize("text", HUGE.values(), ids=HUGE.keys())
def test_row_8_a_huge_experiment_is_estimated_up_front_and_needs_confirming(
        capsys, tmp_path, monkeypatch, text):
    def no_building(*args, **kwargs):
        raise AssertionError("the design was built to count it")

    monkeypatch.setattr(designs, "build", no_building)
    file = tmp_path / "huge.toml"
    file.write_text(text, encoding="utf-8")
    status, out, err = teamsim(capsys, "experiment", "check", file)
    assert status == 0, err
    assert "estimated: " in out and " on disk" in out and "about " in out
    assert "needs --yes-large" in out
    assert_one_line_error(teamsim(capsys, "experiment", "run", file, "--out", tmp_path / "r"),
                          "is large", "runs", "on disk", "--yes-large")
    assert not (tmp_path / "r").exists()
    with pytest.raises(ExperimentError, match="allow_large=True"):
        run_experiment(file, tmp_path / "r")


def test_row_8_a_small_experiment_shows_its_estimate_and_runs_unconfirmed(capsys, tmp_path):
    file = tmp_path / "exp.toml"
    file.write_text(TINY, encoding="utf-8")
    status, out, _ = teamsim(capsys, "experiment", "check", file)
    assert status == 0 and "estimated: 6 runs, about " in out and "large" not in out


# ---- 9: a lost part means the run is redone ---------------------------------------------
def test_row_9_a_run_whose_series_part_was_deleted_is_not_done_and_is_redone(results):
    file, folder = results
    lost = min((folder / "parts" / "series").glob("p00001-*.parquet"))
    lost.unlink()
    loaded = load_results(folder)
    assert not loaded.complete and lost.stem not in set(loaded.runs["run_id"])
    assert any("series part is missing" in n and lost.stem in n for n in loaded.notes)
    again = run_experiment(file, folder)
    assert (again.ran, again.skipped) == (1, 5)
    loaded = load_results(folder)
    assert loaded.complete and not loaded.notes
    assert set(loaded.series["run_id"]) == set(loaded.runs["run_id"])
    assert json.loads((folder / "manifest.json").read_text())["status"] == "complete"


def test_row_9_a_corrupt_part_deleted_as_the_error_advises_is_redone(capsys, results):
    file, folder = results
    part = min((folder / "parts" / "runs").glob("*.parquet"))
    part.write_bytes(b"not parquet")
    assert_one_line_error(teamsim(capsys, "experiment", "report", folder),
                          f"cannot read parts/runs/{part.name}", "delete it and rerun")
    part.unlink()
    assert run_experiment(file, folder).ran == 1


# ---- 10: a foreign part is refused ------------------------------------------------------
def test_row_10_a_part_of_another_experiment_is_refused_naming_it(capsys, results, tmp_path):
    file, folder = results
    other_file = tmp_path / "other.toml"
    other_file.write_text(TINY.replace("seed = 11", "seed = 12").replace(
        "values = [6, 8]", "values = [6]"), encoding="utf-8")
    other = run_experiment(other_file, tmp_path / "other").path
    foreign = min((other / "parts" / "runs").glob("p*.parquet"))
    shutil.copy(foreign, folder / "parts" / "runs")
    name = f"parts/runs/{foreign.name}"
    assert_one_line_error(teamsim(capsys, "experiment", "report", folder), name,
                          "is not a result of this experiment", "move it out")
    assert_one_line_error(teamsim(capsys, "experiment", "run", file, "--out", folder), name)
    # the same run id copied over ours is caught by its fingerprint too
    (folder / "parts" / "runs" / foreign.name).unlink()
    ours = min((folder / "parts" / "series").glob("*.parquet"))
    shutil.copy(min((other / "parts" / "series").glob("*.parquet")), ours)
    with pytest.raises(ExperimentError, match=f"parts/series/{ours.name} is not a result"):
        load_results(folder)


# ---- 11: a lost manifest ----------------------------------------------------------------
def test_row_11_a_deleted_manifest_is_rebuilt_from_the_experiment_file_and_the_parts(
        capsys, results):
    file, folder = results
    (folder / "manifest.json").unlink()
    assert_one_line_error(teamsim(capsys, "experiment", "report", folder),
                          "has lost its manifest.json",
                          f"teamsim experiment run FILE --out {folder}", "saved runs are kept")
    status, _, err = teamsim(capsys, "experiment", "run", file, "--out", folder)
    assert status == 0, err
    assert "manifest.json was missing: rebuilt" in err and "6 done before" in err
    assert load_results(folder).complete
    assert teamsim(capsys, "experiment", "report", folder)[0] == 0


def test_row_11_a_folder_with_parts_of_another_experiment_is_not_given_a_manifest(
        capsys, results, tmp_path):
    _file, folder = results
    (folder / "manifest.json").unlink()
    other = tmp_path / "other.toml"
    other.write_text(TINY.replace("years = 1", "years = 2"), encoding="utf-8")
    assert_one_line_error(teamsim(capsys, "experiment", "run", other, "--out", folder),
                          "is not a result of this experiment")
    assert not (folder / "manifest.json").exists()


# ---- 12: a killed session ---------------------------------------------------------------
def test_row_12_a_killed_experiment_reads_as_interrupted_with_how_to_resume(capsys, results):
    file, folder = results
    min((folder / "parts" / "runs").glob("*.parquet")).unlink()
    # a process opens the folder as 'experiment run' does, then is killed with SIGKILL
    code = textwrap.dedent(f"""
        import sys, time
        from teamsim.experiment import load_experiment
        from teamsim.experiment.store import Store
        store = Store.open({str(folder)!r}, load_experiment({str(file)!r}))
        print("open", flush=True)
        time.sleep(600)
    """)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                             cwd=ROOT)
    try:
        assert child.stdout.readline().strip() == "open"
        assert load_results(folder).status == "running"  # alive: not interrupted
        os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=60)
    assert json.loads((folder / "manifest.json").read_text())["status"] == "running"
    loaded = load_results(folder)
    assert loaded.status == "interrupted"
    status, _, err = teamsim(capsys, "experiment", "report", folder)
    assert status == 0
    assert "was interrupted (killed?) with 5 of 6 runs done" in err
    assert f"teamsim experiment run {file} --out {folder}" in err
    status, _, err = teamsim(capsys, "experiment", "run", file, "--out", folder)
    assert status == 0 and "the last session in" in err and "was interrupted" in err
    assert load_results(folder).status == "complete"
