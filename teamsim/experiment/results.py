"""Loading a results folder into pandas, for notebooks and scripts.

    >>> from teamsim.experiment import load_results
    >>> res = load_results("results/staffing-sweep")
    >>> res.runs                     # one row per run: parameters, status, indicators
    >>> res.ok_runs                  # only the runs that finished without error
    >>> res.series                   # one row per run and period
    >>> res.summary()                # per design point: mean and 95% CI of each indicator
    >>> res.sensitivity()            # Sobol or Morris indices (sensitivity designs)

A folder still being written, or interrupted, loads too: its tables are then
assembled from the runs finished so far (``res.complete`` is False).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from teamsim.errors import ExperimentError
from teamsim.experiment.designs import Design, Factor
from teamsim.experiment.store import (
    FORMAT,
    MANIFEST,
    assemble,
    finished_runs,
    folder_status,
    read_manifest,
)

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, eq=False)
class Results:
    """An experiment's results folder, loaded.

    Attributes:
        path: the folder.
        manifest: ``manifest.json`` (versions, git commit, seeds, status, ...).
        runs: one row per finished run (``runs.parquet``).
        series: one row per finished run and period (``series.parquet``).
        design: the design points (``design.parquet``).
        complete: every run of the experiment is done.
        status: the manifest's status (``complete``, ``incomplete``, ...), or
            ``interrupted`` for a session that was killed without a word.
        notes: what a reader should know: an interrupted session, runs that lost a
            part (each with the command that puts it right).
    """

    path: Path
    manifest: dict[str, Any]
    runs: pd.DataFrame
    series: pd.DataFrame
    design: Design
    complete: bool
    status: str = "complete"
    notes: tuple[str, ...] = ()

    @property
    def factors(self) -> list[str]:
        """The varied parameters (columns of :attr:`runs`)."""
        return self.design.names

    @property
    def indicators(self) -> list[str]:
        """The indicators kept (columns of :attr:`runs`)."""
        return list(self.manifest["indicators"])

    @property
    def series_columns(self) -> list[str]:
        """The time series' value columns."""
        fixed = {"run_id", "role", "point", "replication", "period", "week", "year"}
        return [c for c in self.series.columns if c not in fixed]

    @property
    def has_baseline(self) -> bool:
        return self.manifest.get("baseline") is not None

    @property
    def ok_runs(self) -> pd.DataFrame:
        """The runs that finished without error."""
        return self.runs[self.runs["status"] == "ok"]

    @property
    def failed_runs(self) -> pd.DataFrame:
        """The runs that raised, with their parameters, ``error`` and ``traceback``."""
        return self.runs[self.runs["status"] == "failed"]

    def summary(self, confidence: float = 0.95) -> pd.DataFrame:
        """Per design point and indicator: mean and confidence interval (see :mod:`.report`)."""
        from teamsim.experiment.report import summarise

        return summarise(self.runs, self.factors, self.indicators, confidence)

    def sensitivity(self, confidence: float = 0.95) -> dict[str, pd.DataFrame]:
        """Sobol or Morris indices of a sensitivity design (see :func:`.report.sensitivity`)."""
        from teamsim.experiment.report import sensitivity

        return sensitivity(self.runs, self.design, self.indicators, confidence)

    def with_params(self, table: pd.DataFrame | None = None) -> pd.DataFrame:
        """A table (default :attr:`series`) with each run's varied parameters joined on."""
        table = self.series if table is None else table
        params = self.runs.set_index("run_id")[self.factors]
        return table.join(params, on="run_id")


def load_results(directory: str | Path) -> Results:
    """Load an experiment's results folder (see the module docstring).

    Raises:
        ExperimentError: the folder does not exist or holds no experiment results.
    """
    import pandas as pd

    path = Path(directory).expanduser()
    manifest = _manifest(path)
    design = _design(path, manifest)
    keeps_series = manifest.get("series", {}).get("resolution", "none") != "none"
    parts = finished_runs(path, manifest["experiment"]["fingerprint"], keeps_series,
                          legacy=manifest.get("format", 1) < FORMAT)
    runs = _consolidated(path, manifest, set(parts.done))
    if runs is not None:
        series = pd.read_parquet(path / "series.parquet")
    else:  # still running, interrupted before the end, or parts changed: from the parts
        runs, series = assemble(path, design.names, manifest["indicators"], parts.done)
    complete = len(runs) >= int(manifest.get("runs_total", 0))
    status = folder_status(path, manifest)
    return Results(path, manifest, runs, series, design, complete, status,
                   _notes(path, manifest, status, parts.lost, len(runs)))


def _manifest(path: Path) -> dict[str, Any]:
    if (path / MANIFEST).is_file():
        return read_manifest(path)
    if (path / "parts").is_dir():
        raise ExperimentError(
            f"results folder {path} has lost its {MANIFEST}: rebuild it with 'teamsim "
            f"experiment run FILE --out {path}', FILE being the experiment file it was run "
            f"with (a copy is {path / 'experiment.toml'}); the saved runs are kept")
    what = "does not exist" if not path.exists() else "holds no manifest.json"
    raise ExperimentError(f"results folder {path} {what}: give the --out folder of "
                          "'teamsim experiment run'")


def _consolidated(path: Path, manifest: dict[str, Any], done: set[str]) -> pd.DataFrame | None:
    """runs.parquet if it holds exactly the finished runs and is newer than their parts."""
    import pandas as pd

    file = path / "runs.parquet"
    if not (file.is_file() and (path / "series.parquet").is_file()):
        return None
    newest = max((p.stat().st_mtime for p in (path / "parts" / "runs").glob("*.parquet")),
                 default=0.0)
    if newest > file.stat().st_mtime:
        return None
    runs = pd.read_parquet(file)
    if set(runs["run_id"]) != done or not set(manifest["indicators"]) <= set(runs):
        return None
    return runs


def _notes(path: Path, manifest: dict[str, Any], status: str, lost: list[str],
           done: int) -> tuple[str, ...]:
    resume = f"teamsim experiment run {manifest['experiment'].get('file')} --out {path}"
    notes = []
    if status == "interrupted":
        notes.append(f"results folder {path} was interrupted (killed?) with {done:,} of "
                     f"{int(manifest.get('runs_total', 0)):,} runs done: resume it with "
                     f"'{resume}'")
    if lost:
        notes.append(f"runs left out because their series part is missing: {len(lost):,} "
                     f"(e.g. {lost[0]}); redo them with '{resume}'")
    return tuple(notes)


def _design(path: Path, manifest: dict[str, Any]) -> Design:
    import pandas as pd

    info = manifest["design"]
    factors = tuple(Factor(f["name"], f["kind"], f["low"], f["high"], tuple(f["values"]))
                    for f in info["factors"])
    table = pd.read_parquet(path / "design.parquet").sort_values("point")
    names = [f.name for f in factors]
    points = table[names].to_dict("records") if names else [{} for _ in range(len(table))]
    raw = (table[[f"raw_{n}" for n in names]].to_numpy(dtype=float) if names
           else np.zeros((len(table), 0)))
    return Design(info["method"], factors, points, raw, info.get("samples"),
                  bool(info.get("second_order")), int(info.get("levels") or 4))
