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
from teamsim.experiment.store import MANIFEST, assemble, read_manifest

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
    """

    path: Path
    manifest: dict[str, Any]
    runs: pd.DataFrame
    series: pd.DataFrame
    design: Design
    complete: bool

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
    if not (path / MANIFEST).is_file():
        what = "does not exist" if not path.exists() else "holds no manifest.json"
        raise ExperimentError(f"results folder {path} {what}: give the --out folder of "
                              "'teamsim experiment run'")
    manifest = read_manifest(path)
    design = _design(path, manifest)
    parts = list((path / "parts" / "runs").glob("*.parquet"))
    consolidated = path / "runs.parquet"
    fresh = consolidated.is_file() and all(
        p.stat().st_mtime <= consolidated.stat().st_mtime for p in parts)
    runs = pd.read_parquet(consolidated) if fresh else None
    if runs is not None and len(runs) == len(parts) and set(manifest["indicators"]) <= set(runs):
        series = pd.read_parquet(path / "series.parquet")
    else:  # still running, interrupted before the end, or indicators changed: from the parts
        runs, series = assemble(path, design.names, manifest["indicators"])
    complete = len(runs) >= int(manifest.get("runs_total", 0))
    return Results(path, manifest, runs, series, design, complete)


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
