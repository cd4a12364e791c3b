"""Experiments in parallel: the same results in one process, two processes and on Dask,
and an experiment killed halfway resumes with every run present exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from teamsim.experiment import load_results, run_experiment

TINY = """\
[experiment]
title = "Parallel"
scenario = "herning-pilot"
baseline = "herning-2012"
years = 1
replications = 3
seed = 5

[params]
children = 600

[baseline_params]
children = 600

[vary]
caseworkers = { values = [6, 8] }
meeting_rate = { values = [1.0, 4.0] }

[outputs]
series = "quarter"
"""

# slow enough to stop halfway: 3 points x 4 replications + 4 baseline runs of 4000 children
SLOW = """\
[experiment]
title = "Interrupted"
scenario = "herning-pilot"
baseline = "herning-2012"
years = 1
replications = 4
seed = 9

[vary]
caseworkers = { values = [6, 8, 10] }

[outputs]
series = "quarter"
"""


def tables(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    res = load_results(folder)
    return res.runs.drop(columns=["seconds"]), res.series


def assert_same_results(a: Path, b: Path) -> None:
    runs_a, series_a = tables(a)
    runs_b, series_b = tables(b)
    pd.testing.assert_frame_equal(runs_a, runs_b)
    pd.testing.assert_frame_equal(series_a, series_b)


@pytest.fixture(scope="module")
def experiment_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("parallel") / "parallel.toml"
    path.write_text(TINY, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def one_worker(experiment_file) -> Path:
    out = experiment_file.parent / "one"
    summary = run_experiment(experiment_file, out, workers=1)
    assert summary.failed == 0 and summary.ran == 4 * 3 + 3
    return out


def test_two_worker_processes_give_the_same_results_as_one(experiment_file, one_worker):
    out = experiment_file.parent / "two"
    summary = run_experiment(experiment_file, out, workers=2)
    assert summary.ran == 15 and summary.failed == 0
    assert_same_results(one_worker, out)


def test_a_dask_cluster_gives_the_same_results_as_one_process(experiment_file, one_worker):
    distributed = pytest.importorskip("distributed")
    out = experiment_file.parent / "dask"
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        summary = run_experiment(experiment_file, out, scheduler=cluster.scheduler_address)
    assert summary.ran == 15 and summary.failed == 0
    assert_same_results(one_worker, out)


def children_of(pid: int) -> set[int]:
    """The child processes of ``pid`` (Linux /proc)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        found |= {int(c) for c in text.split()}
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\nState:\tZ" in status.read_text())


def start(file: Path, out: Path, *extra: str) -> subprocess.Popen:
    # a suite started in the background (`bash .ci/run &`) ignores SIGINT, and a child
    # inherits an ignored SIGINT: Ctrl-C must reach the experiment as it does at a terminal
    ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    if ignored:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen([sys.executable, "-m", "teamsim", "experiment", "run",
                                 str(file), "--out", str(out), *extra],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    finally:
        if ignored:
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def wait_for_parts(out: Path, proc: subprocess.Popen, at_least: int) -> int:
    parts = out / "parts" / "runs"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = len(list(parts.glob("*.parquet"))) if parts.is_dir() else 0
        if done >= at_least:
            return done
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    raise AssertionError("no runs finished within 2 minutes")


@pytest.fixture(scope="module")
def slow_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("slow") / "slow.toml"
    path.write_text(SLOW, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def uninterrupted(slow_file) -> Path:
    out = slow_file.parent / "whole"
    run_experiment(slow_file, out, workers=1)
    return out


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_an_experiment_killed_halfway_resumes_with_every_run_exactly_once(slow_file,
                                                                           uninterrupted):
    out = slow_file.parent / "killed"
    proc = start(slow_file, out, "--workers", "2")
    wait_for_parts(out, proc, 3)
    workers = children_of(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    done_before = len(list((out / "parts" / "runs").glob("*.parquet")))
    assert 3 <= done_before < 16, "the experiment should be stopped halfway"
    assert not (out / "runs.parquet").exists()

    # the worker processes notice and exit instead of waiting for ever
    deadline = time.monotonic() + 15
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(p) for p in workers)

    # what finished loads already
    partial = load_results(out)
    assert not partial.complete and len(partial.runs) == done_before

    rerun = subprocess.run([sys.executable, "-m", "teamsim", "experiment", "run",
                            str(slow_file), "--out", str(out)], capture_output=True, text=True,
                           timeout=300, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{done_before} done before, {16 - done_before} to run" in rerun.stderr
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 16 and runs["run_id"].is_unique
    assert sorted(runs["run_id"]) == sorted(pd.read_parquet(uninterrupted / "runs.parquet")
                                            ["run_id"])
    assert_same_results(uninterrupted, out)
    leftovers = [p.name for p in out.rglob("*") if ".tmp-" in p.name]
    assert leftovers == []


def test_ctrl_c_saves_what_finished_and_the_same_command_resumes(slow_file, uninterrupted):
    out = slow_file.parent / "interrupted"
    proc = start(slow_file, out)
    wait_for_parts(out, proc, 2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "interrupted:" in err and "run the same command again to resume" in err
    assert "Traceback" not in err
    saved = pd.read_parquet(out / "runs.parquet")
    assert 2 <= len(saved) < 16
    assert load_results(out).manifest["status"] == "interrupted"
    summary = run_experiment(slow_file, out)
    assert summary.skipped == len(saved) and summary.ran == 16 - len(saved)
    assert_same_results(uninterrupted, out)
