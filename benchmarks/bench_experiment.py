"""Benchmark of the experiment runner: runs per second and the runner's overhead per run.

    uv run python benchmarks/bench_experiment.py [--runs 24] [--years 4] [--dask]

Runs the three-district scenario (``herning-pilot``, about 4,000 children) for
``--years`` years, ``--runs`` times with different seeds, in several ways, all in
this one invocation so the figures compare on the same machine and load:

1. **direct**: ``TeamSim(scenario, rng=seed).run_for(weeks)`` and ``model.series()``
   in a loop: the model alone;
2. **execute**: the runner's per-run function in this process (the model plus
   the run's indicators and time series), without storage;
3. **runner, 1 worker**: ``run_experiment(..., workers=1)`` into a fresh folder:
   everything a user gets (Parquet parts per run, manifest, consolidation);
4. **runner, 2 workers**: the same over 2 local worker processes (their start-up
   included);
5. with ``--dask``: the same on a Dask ``LocalCluster`` of 2 worker processes
   (cluster start-up not included).

Every round measures all of them in turn (``--repeats`` rounds; the best is
shown). It prints runs per second and seconds per run for each, the runner's
overhead per run against the direct loop (in ms and %), the same in CPU time of
this process for the in-process variants (robust to other load on the machine),
and the speed-up of 2 workers over 1.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

SCENARIO = "herning-pilot"
IN_PROCESS = ("direct", "execute", "runner, 1 worker")
WEEKS_PER_YEAR = 52


def experiment_text(runs: int, years: int, seed: int) -> str:
    return f"""[experiment]
title = "Benchmark"
scenario = "{SCENARIO}"
baseline = false
years = {years}
replications = {runs}
seed = {seed}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=24, help="runs per measurement (24)")
    parser.add_argument("--years", type=int, default=4, help="simulated years per run (4)")
    parser.add_argument("--seed", type=int, default=1, help="root seed (1)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="rounds of all measurements, interleaved; the best is shown (3)")
    parser.add_argument("--dask", action="store_true", help="also on a Dask LocalCluster")
    args = parser.parse_args()

    from teamsim.core.model import TeamSim
    from teamsim.experiment import load_experiment, run_experiment
    from teamsim.experiment.runner import execute

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"teamsim experiment runner benchmark: {SCENARIO}, {args.years} years, "
          f"{args.runs} runs per measurement")
    print(f"Python {platform.python_version()}, {platform.machine()}, {cores} cores available, "
          f"load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "")
    weeks = args.years * WEEKS_PER_YEAR
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "bench.toml"
        file.write_text(experiment_text(args.runs, args.years, args.seed), encoding="utf-8")
        exp = load_experiment(file)
        tasks = exp.tasks()
        # warm up: imports and first-call costs, outside every measurement
        TeamSim(SCENARIO, rng=0, children=200).run_for(2)

        cluster = None
        if args.dask:
            from distributed import LocalCluster

            cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                   dashboard_address=None)

        def direct() -> None:
            for seed in exp.seeds:
                model = TeamSim(SCENARIO, rng=seed)
                model.run_for(weeks)
                model.series()

        def executed() -> None:
            for task in tasks:
                assert execute(task).ok

        def runner(workers: int, scheduler=None):
            def go() -> None:
                out = Path(tempfile.mkdtemp(dir=tmp))
                summary = run_experiment(exp, out / "r", workers=workers,
                                         scheduler=scheduler)
                assert summary.failed == 0 and summary.ran == args.runs
            return go

        measures = {"direct": direct, "execute": executed, "runner, 1 worker": runner(1),
                    "runner, 2 workers": runner(2)}
        if cluster is not None:
            measures["Dask LocalCluster, 2 workers"] = runner(1, cluster.scheduler_address)
        times: dict[str, list[float]] = {name: [] for name in measures}
        cpu: dict[str, list[float]] = {name: [] for name in IN_PROCESS}
        for _ in range(args.repeats):
            for name, measure in measures.items():
                started, started_cpu = time.perf_counter(), time.process_time()
                measure()
                times[name].append(time.perf_counter() - started)
                if name in cpu:
                    cpu[name].append(time.process_time() - started_cpu)
        if cluster is not None:
            cluster.close()
        results = {name: min(t) for name, t in times.items()}

    n = args.runs
    direct = results["direct"] / n
    print(f"best of {args.repeats} interleaved rounds; every round's wall times (s):")
    for name, t in times.items():
        print(f"  {name:30} " + " ".join(f"{x:7.2f}" for x in t))
    print()
    print(f"{'':32} {'runs/s':>8} {'s/run':>8} {'overhead/run':>14}")
    for name, seconds in results.items():
        per = seconds / n
        extra = "" if name == "direct" else f"{(per - direct) * 1000:+9.1f} ms {per / direct - 1:+6.1%}"
        print(f"{name:32} {n / seconds:8.2f} {per:8.3f} {extra:>20}")
    one, two = results["runner, 1 worker"], results["runner, 2 workers"]
    best_cpu = {name: min(t) / n for name, t in cpu.items()}
    print()
    print("CPU time of this process per run (not disturbed by other processes on the machine):")
    for name, per in best_cpu.items():
        extra = ("" if name == "direct" else
                 f"  overhead {(per - best_cpu['direct']) * 1000:+.1f} ms "
                 f"({per / best_cpu['direct'] - 1:+.1%})")
        print(f"  {name:30} {per:7.3f} s{extra}")
    print()
    print(f"2 workers vs 1: {one / two:.2f}x the runs per second (ideal {min(2, cores)}x on "
          f"{cores} free cores; includes starting the worker processes)")
    print(f"runner overhead (1 worker, storage included) vs the model alone: "
          f"{(one / n - direct) * 1000:.1f} ms per run ({one / results['direct'] - 1:+.1%})")
    print(f"of which indicators and time series (execute vs direct): "
          f"{(results['execute'] / n - direct) * 1000:.1f} ms per run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
