"""Running an experiment: in this process, over local worker processes, or on a Dask cluster.

    >>> from teamsim.experiment import run_experiment
    >>> summary = run_experiment("experiments/staffing-sweep.toml", "results/staffing",
    ...                          workers=2)

Each run is a :class:`~teamsim.experiment.spec.Task` handed to :func:`execute`,
which builds the model from the run's parameter values and seed, runs it and
returns its indicators and time series. The results do not depend on where or
in which order the runs happen: a run's seed follows from the root seed and its
replication alone. Finished runs are saved by this process as they arrive
(:class:`~teamsim.experiment.store.Store`); a run that raises is saved as failed,
with its error, and the others go on.

Local workers are started with the ``spawn`` method on every platform (safe
with threads, and the same everywhere). As with any ``multiprocessing`` code, a
script that calls :func:`run_experiment` with ``workers > 1`` must do so under
``if __name__ == "__main__":``.
"""

from __future__ import annotations

import math
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teamsim.errors import ExperimentError
from teamsim.experiment.outputs import RUN_INDICATORS, indicators, resample
from teamsim.experiment.spec import Experiment, Task, load_experiment
from teamsim.experiment.store import Store

if TYPE_CHECKING:
    import pandas as pd

WEEKS_PER_YEAR = 52
MAX_WORKERS = 512
PARENT_CHECK_SECONDS = 0.5
CONNECT_TIMEOUT = "15s"  # to reach a Dask scheduler


@dataclass(frozen=True)
class Outcome:
    """What a run sends back: one row of the runs table and its time series (or None)."""

    row: dict[str, Any]
    series: pd.DataFrame | None

    @property
    def ok(self) -> bool:
        return self.row["status"] == "ok"


@dataclass(frozen=True)
class Summary:
    """What a call of :func:`run_experiment` did.

    Attributes:
        path: the results folder.
        total: runs of the experiment.
        skipped: runs already done before this call (resumed).
        ran: runs finished in this call.
        failed: runs of the whole experiment that failed.
        seconds: wall time of this call.
        interrupted: the call was interrupted (Ctrl-C); what finished is saved.
        runs, series: the assembled tables (as in runs.parquet and series.parquet).
    """

    path: Path
    total: int
    skipped: int
    ran: int
    failed: int
    seconds: float
    interrupted: bool
    runs: pd.DataFrame
    series: pd.DataFrame


# ---- one run ----------------------------------------------------------------------------
def simulate(task: Task) -> pd.DataFrame:
    """Build and run the model of one task; return its weekly series."""
    from teamsim.core.model import TeamSim
    from teamsim.params import Params
    from teamsim.scenarios import Scenario

    spec = Scenario(name=task.scenario, params=Params(task.values))
    start = Scenario(name="start", params=Params(task.start)) if task.start else spec
    model = TeamSim(spec, rng=task.seed, start=start)
    model.run_for(task.years * WEEKS_PER_YEAR)
    return model.series()


def execute(task: Task) -> Outcome:
    """Run one task; any exception becomes a failed outcome with its error."""
    started = time.perf_counter()
    row: dict[str, Any] = {"run_id": task.run_id, "role": task.role, "point": task.point,
                           "replication": task.replication, "seed": task.seed}
    series = None
    try:
        weekly = simulate(task)
        row.update(status="ok", error="", traceback="", **indicators(weekly, task.years))
        if task.every:
            series = resample(weekly, task.every, task.columns)
    except Exception as err:  # noqa: BLE001 - a failing run is recorded, the others go on
        row.update(status="failed", error=_describe(err), traceback=traceback.format_exc(),
                   **dict.fromkeys(RUN_INDICATORS, math.nan))
    row["seconds"] = time.perf_counter() - started
    return Outcome(row, series)


def _describe(err: BaseException) -> str:
    """``Type: message (file.py:line in function)`` of the innermost frame."""
    text = f"{type(err).__name__}: {err}"
    frames = traceback.extract_tb(err.__traceback__)
    if frames:
        last = frames[-1]
        text += f" ({Path(last.filename).name}:{last.lineno} in {last.name})"
    return " ".join(text.split())


# ---- the experiment ---------------------------------------------------------------------
Progress = Callable[[Outcome], None]
"""Called in this process after each run is saved."""


def run_experiment(experiment: str | Path | Experiment, out: str | Path | None = None, *,
                   workers: int = 1, scheduler: Any = None, retry_failed: bool = False,
                   progress: Progress | None = None, on_start: Callable[[int, int], None]
                   | None = None, command: Sequence[str] | None = None) -> Summary:
    """Run every run of an experiment not yet done, saving each as it finishes.

    Args:
        experiment: path of an experiment file, or a loaded :class:`Experiment`.
        out: results folder; default ``results/<experiment name>``. An existing
            folder of the same experiment is resumed.
        workers: local processes; 1 runs everything in this process.
        scheduler: a Dask scheduler address (``tcp://host:8786``) or a
            ``distributed.Client``; runs go to that cluster instead.
        retry_failed: run again the runs that failed before.
        progress: called after each finished run (see :data:`Progress`).
        on_start: called with (runs to do now, runs of the experiment) before the
            first run starts.
        command: the command line, recorded in the manifest.

    Raises:
        ExperimentError: a bad experiment file, results folder, worker count or
            scheduler, before any run starts.
        KeyboardInterrupt: after saving what finished (rerun to resume).
    """
    exp = experiment if isinstance(experiment, Experiment) else load_experiment(experiment)
    if isinstance(workers, bool) or not isinstance(workers, int) or not (
            1 <= workers <= MAX_WORKERS):
        raise ExperimentError(f"workers = {workers!r} is not allowed: expected a whole number "
                              f"from 1 to {MAX_WORKERS}")
    if scheduler is not None and workers != 1:
        raise ExperimentError("workers and a Dask scheduler do not go together: the cluster "
                              "decides its workers")
    path = Path(out) if out is not None else Path("results") / exp.name
    tasks = exp.tasks()
    client = _connect(scheduler) if scheduler is not None else None
    started = time.monotonic()
    interrupted = False
    try:
        with Store.open(path, exp, command) as store:
            done = store.finished(with_status=retry_failed)
            todo = [t for t in tasks if t.run_id not in done
                    or (retry_failed and done[t.run_id] == "failed")]
            if on_start is not None:
                on_start(len(todo), len(tasks))
            factors = [f.name for f in exp.factors]
            ran = 0
            try:
                for task, outcome in _outcomes(todo, workers, client):
                    store.write(outcome, factors, task.values)
                    ran += 1
                    if progress is not None:
                        progress(outcome)
            except KeyboardInterrupt:
                interrupted = True
            complete = not interrupted and len(store.finished()) >= len(tasks)
            runs, series = store.consolidate(exp, complete, interrupted)
    finally:
        if client is not None and not isinstance(scheduler, _client_type()):
            client.close()
    summary = Summary(path, len(tasks), len(tasks) - len(todo), ran,
                      int((runs["status"] == "failed").sum()), time.monotonic() - started,
                      interrupted, runs, series)
    if interrupted:
        raise _Interrupted(summary)
    return summary


class _Interrupted(KeyboardInterrupt):
    """Ctrl-C during an experiment, after what finished was saved; carries the summary."""

    def __init__(self, summary: Summary) -> None:
        super().__init__("interrupted")
        self.summary = summary


def _outcomes(tasks: list[Task], workers: int, client: Any) -> Iterator[tuple[Task, Outcome]]:
    if not tasks:
        return iter(())
    if client is not None:
        return _on_dask(tasks, client)
    if workers == 1:
        return ((t, execute(t)) for t in tasks)
    return _on_processes(tasks, workers)


def _worker_init(parent: int) -> None:
    """Set up a local worker process.

    Ctrl-C is left to the parent, which stops the workers and saves what finished.
    A worker whose parent is gone (killed with SIGKILL, say) exits: its queue
    would never close, and it would wait for work for ever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="teamsim-parent-watch", daemon=True).start()


def _on_processes(tasks: list[Task], workers: int) -> Iterator[tuple[Task, Outcome]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=min(workers, len(tasks)),
                               mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_init, initargs=(os.getpid(),))
    futures = {pool.submit(execute, t): t for t in tasks}
    try:
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except BrokenProcessPool:
                raise ExperimentError(
                    "a worker process died (out of memory?): the runs that finished are "
                    "saved; run the same command again to resume") from None
            yield futures[future], outcome
    except BaseException:
        # interrupted (Ctrl-C) or failed: stop the runs in flight too; they are redone on
        # resume
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        raise
    pool.shutdown(wait=True)


def _client_type() -> type:
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - distributed is a dependency
        return type(None)
    return Client


def _connect(scheduler: Any) -> Any:
    if isinstance(scheduler, _client_type()):
        return scheduler
    if not isinstance(scheduler, str) or not scheduler.strip():
        raise ExperimentError(f"scheduler = {scheduler!r} is not allowed: expected the address "
                              "of a Dask scheduler, e.g. tcp://10.0.0.5:8786")
    from distributed import Client

    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        message = " ".join(str(err).split()) or type(err).__name__
        raise ExperimentError(f"cannot connect to the Dask scheduler at {scheduler}: "
                              f"{message}") from None


def _on_dask(tasks: list[Task], client: Any) -> Iterator[tuple[Task, Outcome]]:
    from distributed import as_completed

    futures = {client.submit(execute, t, pure=False): t for t in tasks}
    try:
        for future in as_completed(futures):
            task = futures[future]
            try:
                outcome = future.result()
            except Exception as err:  # noqa: BLE001 - e.g. KilledWorker: record the run
                outcome = Outcome({"run_id": task.run_id, "role": task.role,
                                   "point": task.point, "replication": task.replication,
                                   "seed": task.seed, "status": "failed",
                                   "error": _describe(err), "traceback": "",
                                   **dict.fromkeys(RUN_INDICATORS, math.nan),
                                   "seconds": math.nan}, None)
            yield task, outcome
    finally:
        client.cancel(list(futures), force=True)
