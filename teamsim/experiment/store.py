"""The results folder of an experiment: written as runs finish, resumable, never half written.

Layout of a results folder::

    manifest.json          versions, git commit, experiment file, root seed, seeds, status
    experiment.toml        the experiment file as it was run
    design.parquet         the design points: point, parameter values, raw design numbers
    runs.parquet           one row per run: ids, parameters, status, error, indicators
    series.parquet         one row per run and period: the time series
    parts/runs/ID.parquet  one file per finished run (the record of what is done)
    parts/series/ID.parquet

Every file is written to a temporary name in its folder and renamed into place
(``os.replace``), so a file is either complete or absent whatever stops the
process. Every part carries the experiment's fingerprint (everything that decides
the runs' results; see :meth:`Experiment.canonical`) in its Parquet metadata.

**A finished run** (:func:`finished_runs`, the one definition every reader uses):
its run part is there, and, for a successful run of an experiment that keeps
time series, its series part too (written first); each carries this
experiment's fingerprint. A run with a part missing is not done and is run again;
a part of another experiment stops everything with one line naming it. A rerun
of the same experiment into the same folder skips what is done;
``runs.parquet`` and ``series.parquet`` are rebuilt from the parts at the end of
every session. A folder is only resumed by an experiment with the same
fingerprint, and only one process uses it at a time (a lock file). A folder
whose ``manifest.json`` is lost gets a new one from the experiment file and the
parts; a manifest that still says "running" when no process holds the lock
belongs to a session that was killed: it is reported as interrupted.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from teamsim import files
from teamsim.errors import ExperimentError
from teamsim.experiment.outputs import INDICATORS, RUN_INDICATORS
from teamsim.run import _git_state, _version

if TYPE_CHECKING:
    import pandas as pd

    from teamsim.experiment.runner import Outcome
    from teamsim.experiment.spec import Experiment

MANIFEST = "manifest.json"
KIND = "teamsim experiment"
FORMAT = 2
"""Format of the folder: 2 = parts carry the fingerprint (format 1 folders' parts do not)."""
FINGERPRINT_KEY = b"teamsim_experiment"
"""Key of the experiment's fingerprint in each part's Parquet schema metadata."""
META = ("run_id", "role", "point", "replication", "seed")
STATUS = ("status", "error", "traceback", "seconds")
"""Columns of the runs table besides the parameters and indicators (``seconds``:
wall time of the run in its worker; not part of the results proper)."""


class Store:
    """An open results folder (see the module docstring). Use :meth:`open`."""

    def __init__(self, path: Path, lock: Any, exp: Experiment, legacy: bool) -> None:
        self.path = path
        self._lock = lock
        self.runs_dir = path / "parts" / "runs"
        self.series_dir = path / "parts" / "series"
        self.fingerprint = exp.fingerprint
        self.keeps_series = exp.series != "none"
        self.legacy = legacy  # a format-1 folder: its parts carry no fingerprint
        self.notes: list[str] = []  # remarks on the folder for the user (see _prepare)
        self.done_before: dict[str, str] = {}  # runs done when it was opened

    # ---- opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, directory: str | Path, experiment: Experiment,
             command: Sequence[str] | None = None) -> Store:
        """Create the folder for ``experiment``, or reopen it to resume.

        Raises:
            ExperimentError: the path is a file; the folder holds something else, or
                the results of a different experiment; another process is using it.
        """
        path = check_folder(directory)
        manifest = read_manifest(path) if (path / MANIFEST).is_file() else None
        if manifest is not None:
            _check_same(path, manifest, experiment)
        try:
            (path / "parts" / "runs").mkdir(parents=True, exist_ok=True)
            (path / "parts" / "series").mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ExperimentError(f"cannot create results folder {path}: {err}") from None
        legacy = manifest is not None and manifest.get("format", 1) < FORMAT
        store = cls(path, _lock(path), experiment, legacy)
        try:
            store._prepare(manifest)
            store._clean_temporary()
            store._start_session(manifest, experiment, command)
        except BaseException:
            store.close()
            raise
        return store

    def _prepare(self, manifest: dict | None) -> None:
        """Learn what the folder holds; note a lost manifest or a killed session."""
        self.done_before = done = self.finished()  # refuses parts of another experiment
        if manifest is None and done:
            self.notes.append(f"{self.path}/{MANIFEST} was missing: rebuilt from the "
                              f"experiment file and the {len(done):,} runs saved in the folder")
        elif manifest is not None and manifest.get("status") == "running":
            self.notes.append(f"the last session in {self.path} was interrupted (killed?) "
                              f"before it finished: its {len(done):,} saved runs are kept and "
                              "the rest run now")

    def close(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _clean_temporary(self) -> None:
        for folder in (self.path, self.runs_dir, self.series_dir):
            for tmp in folder.glob(".*.tmp-*"):
                tmp.unlink(missing_ok=True)

    def _start_session(self, manifest: dict | None, exp: Experiment,
                       command: Sequence[str] | None) -> None:
        commit, dirty = _git_state()
        session = {"started": _now(), "command": list(command) if command else None,
                   "teamsim_version": _version("teamsim"), "mesa_version": _version("mesa"),
                   "python_version": platform.python_version(), "git_commit": commit,
                   "git_dirty": dirty}
        if manifest is None:
            manifest = {
                "kind": KIND, "format": FORMAT, "created": session["started"],
                "teamsim_version": session["teamsim_version"],
                "mesa_version": session["mesa_version"],
                "python_version": session["python_version"],
                "numpy_version": _version("numpy"), "pandas_version": _version("pandas"),
                "salib_version": _version("salib"), "git_commit": commit, "git_dirty": dirty,
                "experiment": {"name": exp.name, "title": exp.title,
                               "description": exp.description, "file": _abspath(exp.source),
                               "fingerprint": exp.fingerprint,
                               "canonical": exp.canonical()},
                "root_seed": exp.seed, "replications": exp.replications, "years": exp.years,
                "seeds": exp.seeds,
                "design": {"method": exp.method, "samples": exp.samples,
                           "second_order": exp.second_order, "levels": exp.levels,
                           "points": len(exp.design), "sampler_seed": exp.design_seed,
                           "factors": exp.canonical()["design"]["factors"]},
                "scenario": _scenario_entry(exp.scenario, exp.fixed),
                "baseline": (None if exp.baseline is None
                             else _scenario_entry(exp.baseline, exp.baseline_fixed)),
                "runs_total": exp.runs, "sessions": [],
            }
            self._write_design(exp)
            _write_text(self.path / "experiment.toml", exp.text)
        manifest["indicators"] = list(exp.indicators)
        manifest["series"] = {"resolution": exp.series, "columns": list(exp.series_columns)}
        manifest["notes"] = list(exp.notes)
        manifest["sessions"].append(session)
        manifest["status"] = "running"
        self.manifest = manifest
        self.write_manifest()

    def _write_design(self, exp: Experiment) -> None:
        import pandas as pd

        design = exp.design
        table = pd.DataFrame(design.points, index=pd.RangeIndex(len(design), name="point"))
        for j, name in enumerate(design.names):
            table[f"raw_{name}"] = design.raw[:, j]
        _write_parquet(table.reset_index(), self.path / "design.parquet")

    def write_manifest(self) -> None:
        text = json.dumps(self.manifest, indent=2, ensure_ascii=False, default=str) + "\n"
        _write_text(self.path / MANIFEST, text)

    # ---- runs ---------------------------------------------------------------------------
    def finished(self) -> dict[str, str]:
        """The runs done so far: run id -> status (``ok`` or ``failed``); see
        :func:`finished_runs`."""
        return finished_runs(self.path, self.fingerprint, self.keeps_series, self.legacy).done

    def write(self, outcome: Outcome, factors: Iterable[str], values: dict[str, Any]) -> None:
        """Save one finished run: its series part first, then its run part."""
        import pandas as pd

        row = dict(outcome.row)
        for name in factors:
            row[name] = values[name]
        if outcome.series is not None:
            series = outcome.series.copy()
            for i, col in enumerate(SERIES_LABELS):
                series.insert(i, col, row[col])
            _write_parquet(series, self.series_dir / f"{row['run_id']}.parquet",
                           self.fingerprint)
        _write_parquet(pd.DataFrame([row]), self.runs_dir / f"{row['run_id']}.parquet",
                       self.fingerprint)

    # ---- consolidating ------------------------------------------------------------------
    def consolidate(self, exp: Experiment, run_ids: set[str], interrupted: bool = False
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Rebuild runs.parquet and series.parquet from the parts; update the manifest
        (complete when every one of ``run_ids`` is done)."""
        done = self.finished()
        complete = not interrupted and run_ids <= done.keys()
        runs, series = assemble(self.path, [f.name for f in exp.factors], exp.indicators, done)
        _write_parquet(runs, self.path / "runs.parquet")
        _write_parquet(series, self.path / "series.parquet")
        failed = runs.loc[runs["status"] == "failed", "run_id"].tolist()
        self.manifest.update({
            "status": ("interrupted" if interrupted else
                       "incomplete" if not complete else
                       "complete with failures" if failed else "complete"),
            "runs_done": len(runs), "runs_ok": int((runs["status"] == "ok").sum()),
            "runs_failed": len(failed), "failed_runs": failed,
            "updated": _now(),
            "files": [MANIFEST, "experiment.toml", "design.parquet", "runs.parquet",
                      "series.parquet", "parts/"],
        })
        self.manifest["sessions"][-1]["ended"] = self.manifest["updated"]
        self.write_manifest()
        return runs, series


# ---- what is done ------------------------------------------------------------------------
@dataclass(frozen=True)
class Parts:
    """What the parts of a results folder say (see :func:`finished_runs`).

    Attributes:
        done: run id -> status (``ok`` or ``failed``) of every finished run.
        lost: run ids with a run part but no series part: not done, they run again.
    """

    done: dict[str, str]
    lost: list[str]


def finished_runs(path: Path, fingerprint: str, keeps_series: bool,
                  legacy: bool = False) -> Parts:
    """The finished runs of a results folder: the one definition of "done".

    A run is done when its run part is there and, if it succeeded and the experiment
    keeps time series, its series part too; every part must carry ``fingerprint``
    (parts of a ``legacy`` format-1 folder carry none).

    Raises:
        ExperimentError: a part of another experiment (named), or an unreadable part.
    """
    done: dict[str, str] = {}
    lost: list[str] = []
    for part in sorted((path / "parts" / "runs").glob("*.parquet")):
        status = _read_part(path, part, fingerprint, legacy, status=True)
        series = path / "parts" / "series" / part.name
        if keeps_series and status == "ok":
            if not series.is_file():
                lost.append(part.stem)
                continue
            _read_part(path, series, fingerprint, legacy)
        done[part.stem] = status
    return Parts(done, lost)


def _read_part(path: Path, part: Path, fingerprint: str, legacy: bool,
               status: bool = False) -> str | None:
    """Check that ``part`` belongs to the experiment; its run status if asked."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    name = part.relative_to(path)
    try:
        with pq.ParquetFile(part) as file:
            metadata = file.schema_arrow.metadata or {}
            value = file.read(columns=["status"]).column(0)[0].as_py() if status else None
    except (OSError, ValueError, KeyError, IndexError, pa.ArrowException) as err:
        raise ExperimentError(f"results folder {path}: cannot read {name} "
                              f"({' '.join(str(err).split())}); delete it and rerun the "
                              "experiment to redo that run") from None
    found = metadata.get(FINGERPRINT_KEY)
    if found != fingerprint.encode() and not (legacy and found is None):
        raise ExperimentError(f"results folder {path}: {name} is not a result of this "
                              "experiment (another experiment wrote it, or it was copied in): "
                              "move it out of the folder and run the command again")
    return value


def check_folder(directory: str | Path) -> Path:
    """Check that ``directory`` can be an experiment's results folder, before any run.

    A new or empty folder, or one of an experiment (its manifest, or its parts and
    experiment.toml if the manifest is lost); writable (tested by writing a file).
    Whether it is the same experiment is checked when it is opened.

    Raises:
        ExperimentError: one line naming the problem.
    """
    return files.check_output(directory, what="results folder", error=ExperimentError,
                              existing=_holds_an_experiment)


def _holds_an_experiment(path: Path) -> None:
    if (path / MANIFEST).is_file():
        read_manifest(path)
    elif not ((path / "parts").is_dir() or (path / "experiment.toml").is_file()):
        raise ExperimentError(f"results folder {path} is not empty and holds no experiment "
                              "results: choose another --out")


def folder_status(path: Path, manifest: dict[str, Any]) -> str:
    """The manifest's status, but ``interrupted`` for a session that was killed: its
    manifest says "running" while no process holds the folder's lock."""
    status = manifest.get("status", "unknown")
    if status == "running" and not _in_use(path):
        return "interrupted"
    return status


def _in_use(path: Path) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: no lock, so no way to tell
        return True
    try:
        handle = os.open(path / ".lock", os.O_RDONLY)
    except OSError:
        return False  # no lock file: no session holds the folder
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(handle)  # closing releases the lock we may have taken
    return False


# ---- assembling the tables --------------------------------------------------------------
SERIES_LABELS = ("run_id", "role", "point", "replication")
"""Columns a series part carries before its own (``period``, ``week``, ``year``, values)."""


def _read_many(path: Path, files: list[Path]) -> pd.DataFrame | None:
    """Many Parquet parts as one table: one threaded read, or file by file if they differ."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.dataset as ds

    if not files:
        return None
    try:
        return ds.dataset([str(f) for f in files], format="parquet").to_table().to_pandas()
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass  # parts whose columns differ in type (e.g. all-missing in one): read one by one
    frames = []
    for part in files:
        try:
            frames.append(pd.read_parquet(part))
        except (OSError, ValueError) as err:
            raise ExperimentError(f"results folder {path}: cannot read {part.name} ({err}); "
                                  "delete it and rerun the experiment to redo that run"
                                  ) from None
    return pd.concat(frames, ignore_index=True)


def assemble(path: Path, factors: Sequence[str], indicators: Sequence[str],
             done: Iterable[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The runs table and the series table of a results folder, from the parts of the
    finished runs ``done`` (see :func:`finished_runs`).

    Runs: one row per finished run, ordered by design point (the baseline's is -1)
    and replication; columns :data:`META`, the varied parameters, :data:`STATUS`
    and the experiment's indicators (``net_*`` = the run's value minus that of the
    baseline run of the same replication). Series: one row per successful run and
    period, in the same order.
    """
    import numpy as np
    import pandas as pd

    runs_dir = path / "parts" / "runs"
    parts = _read_many(path, [runs_dir / f"{run_id}.parquet" for run_id in sorted(done)])
    if parts is None:
        parts = pd.DataFrame(columns=[*META, *STATUS])
    factors = list(factors)
    for col in [*factors, *RUN_INDICATORS]:
        if col not in parts:
            parts[col] = np.nan
    parts = parts.sort_values(["point", "replication"], kind="stable").reset_index(drop=True)
    for col in ("point", "replication"):
        parts[col] = parts[col].astype("int64")
    parts["seed"] = parts["seed"].astype("uint64")
    base = parts[(parts["role"] == "baseline") & (parts["status"] == "ok")]
    base = base.set_index("replication")
    for name in indicators:
        ind = INDICATORS[name]
        if not ind.is_net:
            continue
        own = parts[ind.net_of].astype(float)
        other = parts["replication"].map(base[ind.net_of]).astype(float)
        parts[name] = np.where(parts["role"] == "scenario", own - other, np.nan)
    columns = [*META, *factors, *STATUS, *indicators]
    runs = parts[columns].copy()
    runs["error"] = runs["error"].fillna("").astype(str)
    runs["traceback"] = runs["traceback"].fillna("").astype(str)

    ok = runs.loc[runs["status"] == "ok", "run_id"]
    series_dir = path / "parts" / "series"
    series = _read_many(path, [series_dir / f"{r}.parquet" for r in ok
                               if (series_dir / f"{r}.parquet").is_file()])
    if series is None:
        return runs, pd.DataFrame({c: pd.Series(dtype=t) for c, t in (
            ("run_id", str), ("role", str), ("point", "int64"), ("replication", "int64"),
            ("period", "int64"), ("week", "int64"), ("year", "int64"))})
    series = series.sort_values(["point", "replication", "period"], kind="stable")
    return runs, series.reset_index(drop=True)


# ---- helpers ----------------------------------------------------------------------------
def read_manifest(path: Path) -> dict[str, Any]:
    file = path / MANIFEST
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ExperimentError(f"results folder {path}: cannot read {MANIFEST} ({err})") from None
    if not isinstance(manifest, dict) or manifest.get("kind") != KIND:
        raise ExperimentError(f"results folder {path} holds no experiment results "
                              "(its manifest.json is not from 'teamsim experiment run')")
    return manifest


def _check_same(path: Path, manifest: dict, exp: Experiment) -> None:
    recorded = manifest.get("experiment", {})
    if recorded.get("fingerprint") == exp.fingerprint:
        return
    old = recorded.get("canonical") or {}
    new = json.loads(json.dumps(exp.canonical(), default=str))
    differ = sorted(k for k in new if k in old and old[k] != new[k])
    what = f" (it differs in: {', '.join(differ)})" if differ else ""
    raise ExperimentError(f"results folder {path} holds results of a different experiment "
                          f"('{recorded.get('name')}' from {recorded.get('file')}){what}: "
                          "give another --out, or delete the folder to start again")


def _scenario_entry(spec, fixed: dict[str, Any]) -> dict[str, Any]:
    return {"name": spec.name, "title": spec.title, "source": spec.source,
            "fixed": fixed, "params": dict(spec.params)}


def _lock(path: Path):
    """Hold an exclusive lock on the folder for this process (POSIX); None elsewhere."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        return None
    handle = open(path / ".lock", "a+", encoding="utf-8")  # noqa: SIM115 - held until close
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise ExperimentError(f"results folder {path} is in use by another 'teamsim experiment "
                              "run': wait for it to finish or stop it first") from None
    return handle


def _tmp(target: Path) -> Path:
    return target.parent / f".{target.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"


def _write_parquet(df: pd.DataFrame, target: Path, fingerprint: str | None = None) -> None:
    """Write a table; a part gets the experiment's ``fingerprint`` in its metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    if fingerprint is not None:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                               FINGERPRINT_KEY: fingerprint.encode()})
    _write(target, lambda tmp: pq.write_table(table, tmp))


def _write_text(target: Path, text: str) -> None:
    _write(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _write(target: Path, write) -> None:
    """Write ``target`` under a temporary name and rename it: complete or absent."""
    tmp = _tmp(target)
    try:
        write(tmp)
        os.replace(tmp, target)
    except OSError as err:  # disk full, no permission: one line; what is saved stays saved
        tmp.unlink(missing_ok=True)
        raise ExperimentError(f"cannot write {target}: {err.strerror or err}; the runs saved "
                              "so far are kept: fix this and run the same command again"
                              ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _abspath(source: str) -> str:
    path = Path(source)
    return str(path.resolve()) if path.exists() else source

