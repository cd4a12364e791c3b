"""How big an experiment is before it runs: runs, time and disk.

The runs are counted from the file's settings (the design is not built, so a huge
design is measured in a moment); the time comes from timing one short run of the
scenario on this machine; the disk from what a run's parts take. An experiment
above :data:`LARGE_RUNS` runs or :data:`LARGE_BYTES` on disk is *large*: it runs
only when confirmed (``--yes-large``, or ``allow_large=True`` in Python), and
``experiment check`` checks its design points one by one only then.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from teamsim.experiment.spec import Experiment

LARGE_RUNS = 20_000
"""Runs beyond which an experiment needs a confirmation."""
LARGE_GB = 10
LARGE_BYTES = LARGE_GB * 10**9
"""Estimated disk use beyond which an experiment needs a confirmation."""
TIMING_WEEKS = 4
"""Weeks of the short run that is timed (after the model is built)."""
WEEKS_PER_YEAR = 52

# Bytes on disk, measured on the shipped experiments (Parquet, pyarrow 17+): a run part
# is about 19 kB whatever its indicators; a series part about 11 kB plus its values; the
# consolidated runs.parquet and series.parquet hold everything once more.
RUN_PART_BYTES = 20_000
SERIES_PART_BYTES = 11_000
CONSOLIDATED_RUN_BYTES = 400
BYTES_PER_VALUE = 8
SERIES_LABEL_COLUMNS = 7  # run_id, role, point, replication, period, week, year


@dataclass(frozen=True)
class Size:
    """The size of an experiment.

    Attributes:
        runs: runs in all.
        bytes: estimated disk use of the results folder.
        seconds_per_run: estimated wall time of one run in one process (None: not timed).
    """

    runs: int
    bytes: int
    seconds_per_run: float | None = None

    @property
    def large(self) -> bool:
        return self.runs > LARGE_RUNS or self.bytes > LARGE_BYTES

    def seconds(self, workers: int = 1) -> float | None:
        """Estimated wall time on ``workers`` processes."""
        if self.seconds_per_run is None:
            return None
        return self.seconds_per_run * self.runs / workers

    def describe(self, workers: int = 1) -> str:
        """One line: runs, time and disk."""
        seconds = self.seconds(workers)
        where = "1 process" if workers == 1 else f"{workers} worker processes"
        when = "" if seconds is None else f", about {duration(seconds)} on {where}"
        return f"{self.runs:,} runs{when}, about {disk(self.bytes)} on disk"


def measure(exp: Experiment, timed: bool = True) -> Size:
    """The size of ``exp``; with ``timed``, from one short run of its scenario."""
    per_run = _timed_run(exp) if timed else None
    return Size(exp.runs, exp.runs * _bytes_per_run(exp), per_run)


def large_error(exp: Experiment, size: Size, how: str) -> str:
    """The message that refuses a large experiment unconfirmed; ``how``: the confirmation."""
    return (f"experiment {exp.name} is large ({size.describe()}; without confirmation at most "
            f"{LARGE_RUNS:,} runs and {disk(LARGE_BYTES)}): check it with 'teamsim experiment "
            f"check', then confirm with {how}")


def _bytes_per_run(exp: Experiment) -> int:
    from teamsim.experiment.outputs import RESOLUTIONS

    every = RESOLUTIONS[exp.series]
    size = RUN_PART_BYTES + CONSOLIDATED_RUN_BYTES
    if every:
        periods = -(-exp.years * WEEKS_PER_YEAR // every)
        values = periods * (len(exp.series_columns) + SERIES_LABEL_COLUMNS)
        size += SERIES_PART_BYTES + 2 * values * BYTES_PER_VALUE  # the part and its copy
    return size


def _timed_run(exp: Experiment) -> float:
    """Seconds of one run of the scenario: building the model, plus its weeks at the pace
    of a short run."""
    from teamsim.core.model import TeamSim

    started = time.perf_counter()
    model = TeamSim(exp.scenario, rng=exp.seed)
    built = time.perf_counter()
    model.run_for(TIMING_WEEKS)
    per_week = (time.perf_counter() - built) / TIMING_WEEKS
    return (built - started) + per_week * exp.years * WEEKS_PER_YEAR


def duration(seconds: float) -> str:
    if math.isnan(seconds):
        return "?"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 3 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def disk(size: float) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size / 1000:.0f} kB"
