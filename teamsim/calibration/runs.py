"""Replications of many scenarios, in this process or in worker processes.

Every run is ``TeamSim(scenario, rng=seed)`` for a number of years and returns its
yearly indicators (:func:`teamsim.core.outcomes.yearly`). Results come back in the
order of the jobs, so they are the same for any number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    import pandas as pd

    from teamsim.scenarios import Scenario

WEEKS_PER_YEAR = 52


@dataclass(frozen=True)
class Job:
    """One run: a scenario (overrides included), its seed and the years to simulate."""

    spec: Scenario
    seed: int
    years: int


def run_job(job: Job) -> pd.DataFrame:
    """The yearly indicators of one run."""
    from teamsim.core import outcomes
    from teamsim.core.model import TeamSim

    model = TeamSim(job.spec, rng=job.seed)
    model.run_for(job.years * WEEKS_PER_YEAR)
    return outcomes.yearly(model.series())


class Runner:
    """Runs jobs with ``workers`` processes (1: in this process); a context manager.

    The pool lives as long as the runner, so a calibration pays the workers' start-up
    (importing Mesa) once, not once a trial.
    """

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self._pool: Executor | None = None

    def __enter__(self) -> Self:
        if self.workers > 1:
            # fork is quick but unsafe in a threaded process (an app server): spawn there
            method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
            self._pool = ProcessPoolExecutor(self.workers,
                                             mp_context=multiprocessing.get_context(method))
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def map(self, jobs: Sequence[Job], progress: Callable[[int], None] | None = None
            ) -> list[pd.DataFrame]:
        """The yearly tables of ``jobs``, in their order; ``progress(1)`` after each run."""
        if self._pool is None:
            out = []
            for job in jobs:
                out.append(run_job(job))
                if progress is not None:
                    progress(1)
            return out
        futures = [self._pool.submit(run_job, job) for job in jobs]
        out = []
        for future in futures:
            out.append(future.result())
            if progress is not None:
                progress(1)
        return out
