"""Runs, replications and scenario comparisons: the Python API over :class:`TeamSim`.

Example:
    >>> from teamsim import compare, run
    >>> result = run("herning-pilot", years=4, seed=1)
    >>> result.budget                        # kr. per budget line and year
    >>> cmp = compare("herning-pilot", "herning-2012", years=4,
    ...               seeds=replication_seeds(0, 10))
    >>> cmp.table.query("indicator == 'Net vs baseline'")

**Seeds.** A run with seed ``s`` is ``TeamSim(scenario, rng=s)``: everything
random in it follows from ``s``. Replications take their seeds from one root
seed: replication ``i`` of ``n`` uses ``replication_seeds(root, n)[i]``, the
``i``-th word of ``numpy.random.SeedSequence(root).generate_state(n, uint64)``
shifted right by one bit (so every seed fits a signed 64-bit column). The list
is prefix-stable: the first 5 seeds of 10 replications are the seeds of 5, so
``--seed 3 --replications 10`` extends ``--seed 3 --replications 5``.

**Common random numbers.** A model draws all its random numbers from streams
spawned from its own seed, and the population's draws (births, moves, family
crises) do not depend on what the team does. Running the scenario and the
baseline with the same seed and pairing them by seed therefore compares the
two on the same children and the same crises; :func:`compare` reports the
spread of these paired differences over replications.

This module imports pandas and the model only when it runs something, so
``import teamsim`` stays fast.
"""

from __future__ import annotations

import json
import operator
import os
import platform
import secrets
import shutil
import subprocess
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teamsim import files
from teamsim.core.lines import NET_ROWS
from teamsim.errors import RunError
from teamsim.scenarios import Scenario, load_scenario

if TYPE_CHECKING:
    import pandas as pd

    from teamsim.core.model import TeamSim
    from teamsim.params import Params

WEEKS_PER_YEAR = 52
DEFAULT_YEARS = 4
DEFAULT_REPLICATIONS = 5
MAX_SEED = 2**63 - 1
FORMATS = ("csv", "parquet")

Progress = Callable[[int], None]
"""Called after each simulated week with the number of weeks just simulated (1)."""

SUMMARY_INDICATORS = (
    "placed", "family_placement_share", "institution_share", "placements_started",
    "breakdowns", "notifications", "waiting_weeks", "followups_held_share", "caseload_mean",
    "wellbeing_sdq", "cost_total",
)
"""Indicators of :func:`summarise`, all columns of :func:`teamsim.core.outcomes.yearly`
(``institution_share`` = institution placements / all placements, the complement of
``family_placement_share``)."""

COMPARED_INDICATORS = {
    "placed": "placed",
    "placements_started": "placements_started",
    "family_placement_share": "family_placement_share",
    "institutions": "step_6",
}
"""Yearly indicators :func:`compare` differences (name in the table: column of yearly)."""


# ---- results ----------------------------------------------------------------------------
@dataclass(frozen=True, eq=False, repr=False)
class RunResult:
    """One run of one scenario with one seed.

    Attributes:
        scenario: the scenario's name (a preset name or the file's stem).
        seed: the run's seed (``TeamSim(spec, rng=seed)`` repeats it).
        years: simulated years (52 weeks each).
        overrides: parameters set on top of the scenario file (validated values).
        spec: the scenario as run, overrides included.
        series: weekly indicators (:meth:`TeamSim.series`).
        yearly: yearly indicators (:func:`teamsim.core.outcomes.yearly`), index = year.
        budget: yearly budget in kr. (rows = budget lines, columns = years); in a
            comparison also the net rows against the run of the baseline with the
            same seed (:data:`NET_ROWS`: "Placements vs baseline", "Measures at home
            vs baseline" and "Staff vs baseline", which add up to "Net vs baseline").
        key_figures: Socialstyrelsen's 12 key figures (rows) per year (columns).
        ensemble_member: with ``uncertainty="parameters"``, the index of the calibrated
            parameter set the run used (:func:`has_parameter_ensemble`), else None.
    """

    scenario: str
    seed: int
    years: int
    overrides: dict[str, Any]
    spec: Scenario
    series: pd.DataFrame
    yearly: pd.DataFrame
    budget: pd.DataFrame
    key_figures: pd.DataFrame
    ensemble_member: int | None = None

    @property
    def params(self) -> Params:
        """All parameter values of the run."""
        return self.spec.params

    @property
    def changed(self) -> dict[str, Any]:
        """Parameter values that differ from the defaults (scenario file and overrides)."""
        return self.spec.params.changed()

    def __repr__(self) -> str:
        return (f"RunResult(scenario={self.scenario!r}, seed={self.seed}, years={self.years}, "
                f"overrides={self.overrides!r})")


@dataclass(frozen=True, eq=False, repr=False)
class Comparison:
    """A scenario against a baseline, run in pairs on the same seeds.

    Attributes:
        scenario: the scenario's runs, one per seed (budgets with the net rows).
        baseline: the baseline's runs, in the same seed order.
        differences: one row per seed, year and indicator: ``scenario``,
            ``baseline`` and ``difference`` (scenario minus baseline). Indicators:
            placed (mean stock), placements_started, family_placement_share,
            institutions (mean stock), every budget line, and the budget's
            net rows (:data:`NET_ROWS`).
        table: per indicator and year, the ``median``, ``p10`` and ``p90`` of the
            paired differences over replications, the medians of the scenario and
            the baseline, and the number of replications.
        notes: remarks on the pairing (e.g. the two populations differ in size).
    """

    scenario: list[RunResult]
    baseline: list[RunResult]
    differences: pd.DataFrame
    table: pd.DataFrame
    notes: tuple[str, ...] = ()

    @property
    def seeds(self) -> list[int]:
        return [r.seed for r in self.scenario]

    @property
    def years(self) -> int:
        return self.scenario[0].years

    def __repr__(self) -> str:
        return (f"Comparison(scenario={self.scenario[0].scenario!r}, "
                f"baseline={self.baseline[0].scenario!r}, years={self.years}, "
                f"seeds={self.seeds!r})")


# ---- running ----------------------------------------------------------------------------
def replication_seeds(root: int, n: int) -> list[int]:
    """Seeds of ``n`` replications derived from one root seed (see the module docstring)."""
    import numpy as np

    root = _check_seed(root, "root seed")
    n = _whole(n, "replications", 1)
    words = np.random.SeedSequence(root).generate_state(n, dtype=np.uint64)
    return [int(w) >> 1 for w in words]


def run(scenario: str | Path | Scenario, years: int = DEFAULT_YEARS, seed: int = 0,
        progress: Progress | None = None, start: str | Path | Scenario | None = None,
        **overrides: Any) -> RunResult:
    """Run one scenario for ``years`` years with one seed.

    Args:
        scenario: preset name, path of a scenario TOML file, or a Scenario.
        years: years to simulate (52 weeks each).
        seed: the seed of all random numbers.
        progress: called after each simulated week (see :data:`Progress`).
        start: the world whose steady state week 0 is (default: see
            :mod:`teamsim.core.burnin`; the overrides are the change from it).
        **overrides: parameter values replacing the scenario's (``caseworkers=8``).

    Raises:
        TeamsimError: an unknown scenario or parameter, a value out of range, or
            a bad number of years or seed; the message names what is allowed.
    """
    spec = load_scenario(scenario, **overrides)
    years = _check_years(years)
    seed = _check_seed(seed)
    start = load_scenario(start) if start is not None else _start(scenario, spec, overrides)
    return _result(_simulate(spec, seed, years, progress, start), spec, seed, years, overrides)


def replicate(scenario: str | Path | Scenario, years: int = DEFAULT_YEARS,
              seeds: Iterable[int] | None = None, progress: Progress | None = None,
              uncertainty: str = "runs", **overrides: Any) -> list[RunResult]:
    """Run one scenario once per seed.

    Args:
        seeds: one run per seed; default ``replication_seeds(0, 5)``.
        uncertainty: ``"runs"`` (run-to-run noise only) or ``"parameters"``: replication
            ``i`` also uses calibrated parameter set ``i mod N`` of the ensemble
            (see :func:`has_parameter_ensemble`), recorded in ``ensemble_member``.
        Others as in :func:`run`.
    """
    spec = load_scenario(scenario, **overrides)
    years = _check_years(years)
    seeds = _check_seeds(seeds)
    start = _start(scenario, spec, overrides)
    runs = []
    for s, (member, values) in zip(seeds, _members(uncertainty, len(seeds)), strict=True):
        run_spec = _with_member(spec, values, overrides)
        run_start = _with_member(start, values, {})
        runs.append(_result(_simulate(run_spec, s, years, progress, run_start), run_spec, s,
                            years, overrides, member=member))
    return runs


def compare(scenario: str | Path | Scenario, baseline: str | Path | Scenario | None = None,
            years: int = DEFAULT_YEARS, seeds: Iterable[int] | None = None,
            progress: Progress | None = None,
            baseline_overrides: Mapping[str, Any] | None = None,
            uncertainty: str = "runs", **overrides: Any) -> Comparison:
    """Run a scenario and a baseline on the same seeds and difference them per seed.

    Args:
        scenario: the scenario (preset name, TOML path or Scenario).
        baseline: the baseline; default the scenario's own ``baseline`` (for
            ``herning-pilot`` that is ``herning-2012``).
        seeds: the pairs' seeds; default ``replication_seeds(0, 5)``.
        baseline_overrides: parameter values for the baseline only.
        uncertainty: ``"runs"`` or ``"parameters"`` (as in :func:`replicate`; the scenario
            and the baseline of a pair use the same calibrated parameter set).
        **overrides: parameter values for the scenario only.
        Others as in :func:`run`.
    """
    spec = load_scenario(scenario, **overrides)
    base_overrides = dict(baseline_overrides or {})
    base_spec = load_scenario(_baseline_of(spec, baseline), **base_overrides)
    years = _check_years(years)
    seeds = _check_seeds(seeds)
    scen_runs, base_runs = [], []
    for s, (member, values) in zip(seeds, _members(uncertainty, len(seeds)), strict=True):
        pair_base = _with_member(base_spec, values, base_overrides)
        pair_spec = _with_member(spec, values, overrides)
        base = _simulate(pair_base, s, years, progress, start=pair_base)
        model = _simulate(pair_spec, s, years, progress, start=pair_base)
        base_runs.append(_result(base, pair_base, s, years, base_overrides, member=member))
        scen_runs.append(_result(model, pair_spec, s, years, overrides, base_runs[-1].series,
                                 member=member))
    differences = _differences(scen_runs, base_runs)
    return Comparison(scen_runs, base_runs, differences, _bands(differences),
                      pairing_notes(spec, base_spec))


UNCERTAINTIES = ("runs", "parameters")


def has_parameter_ensemble() -> bool:
    """Whether the package ships an ensemble of calibrated parameter sets
    (``teamsim/calibration/calibrated.toml``, written by ``teamsim calibrate --write-defaults``)."""
    from teamsim.calibration.calibrate import ensemble_members

    return bool(ensemble_members())


def _members(uncertainty: str, n: int) -> list[tuple[int | None, Mapping[str, Any]]]:
    """Per replication the ensemble member and its parameter values (none for "runs")."""
    if uncertainty not in UNCERTAINTIES:
        raise RunError(f"uncertainty = {uncertainty!r} is not allowed: choose one of "
                       f"{', '.join(UNCERTAINTIES)}")
    if uncertainty == "runs":
        return [(None, {})] * n
    from teamsim.calibration.calibrate import ensemble_members

    members = ensemble_members()
    if not members:
        raise RunError("uncertainty 'parameters' needs an ensemble of calibrated parameter sets; "
                       "there is none (teamsim calibrate --write-defaults writes one)")
    return [(i % len(members), members[i % len(members)]) for i in range(n)]


def _with_member(spec: Scenario, values: Mapping[str, Any], overrides: Mapping[str, Any]
                 ) -> Scenario:
    """``spec`` with a member's values for the parameters the scenario file and the
    overrides leave at their defaults."""
    return spec.with_params(**member_values(values, spec.params, overrides))


def member_values(values: Mapping[str, Any], params: Mapping[str, Any],
                  kept: Collection[str]) -> dict[str, Any]:
    """An ensemble member's ``values`` for the parameters that are not ``kept`` (set by
    the user or the experiment) and that ``params`` leaves at the package default (not
    set by the scenario file)."""
    from teamsim.params import BY_NAME

    return {k: v for k, v in values.items()
            if k not in kept and params[k] == BY_NAME[k].default}


def _start(scenario: str | Path | Scenario, spec: Scenario, overrides: Mapping[str, Any]
           ) -> Scenario:
    """The world a run starts from (see :mod:`teamsim.core.burnin`): overrides are the change."""
    from teamsim.core.burnin import start_of

    return start_of(scenario, spec, bool(overrides), None)


def _baseline_of(spec: Scenario, baseline: str | Path | Scenario | None):
    if baseline is not None:
        return baseline
    if not spec.baseline:
        raise RunError(f"scenario '{spec.name}' names no baseline: give one to compare with, "
                       "e.g. herning-2012")
    return spec.baseline


def _simulate(spec: Scenario, seed: int, years: int, progress: Progress | None,
              start: Scenario) -> TeamSim:
    from teamsim.core.model import TeamSim

    model = TeamSim(spec, rng=seed, start=start)
    if progress is None:
        model.run_for(years * WEEKS_PER_YEAR)
    else:
        for _ in range(years * WEEKS_PER_YEAR):
            model.run_for(1)
            progress(1)
    return model


def _result(model: TeamSim, spec: Scenario, seed: int, years: int,
            overrides: Mapping[str, Any], baseline_series: pd.DataFrame | None = None,
            member: int | None = None) -> RunResult:
    from teamsim.core import outcomes

    series = model.series()
    return RunResult(
        scenario=spec.name, seed=seed, years=years,
        overrides={name: spec.params[name] for name in overrides},
        spec=spec, series=series, yearly=outcomes.yearly(series),
        budget=outcomes.budget(series, baseline_series),
        key_figures=outcomes.key_figures(series), ensemble_member=member,
    )


def _whole(value: Any, what: str, low: int, high: int | None = None) -> int:
    """``value`` as an int if it is a whole number from ``low`` to ``high``, else RunError."""
    try:
        number = operator.index(value) if not isinstance(value, bool) else None
    except TypeError:
        number = None
    if number is None or number < low or (high is not None and number > high):
        allowed = f"from {low}" + (f" to {high}" if high is not None else "")
        raise RunError(f"{what} = {value!r} is not allowed: expected a whole number {allowed}")
    return number


def _check_years(years: Any) -> int:
    return _whole(years, "years", 1)


def _check_seed(seed: Any, what: str = "seed") -> int:
    return _whole(seed, what, 0, MAX_SEED)


def _check_seeds(seeds: Iterable[int] | None) -> list[int]:
    if seeds is None:
        return replication_seeds(0, DEFAULT_REPLICATIONS)
    checked = ([_check_seed(s) for s in seeds]
               if isinstance(seeds, Iterable) and not isinstance(seeds, str) else [])
    if not checked:
        raise RunError(f"seeds = {seeds!r} is not allowed: expected a non-empty list of seeds, "
                       "e.g. replication_seeds(0, 5)")
    return checked


def pairing_notes(spec: Scenario, base: Scenario,
                  what: str = "the differences") -> tuple[str, ...]:
    """A note when scenario and baseline cannot share their children (common random
    numbers pair them only when population size, districts and start year agree)."""
    differ = [f"{n} ({spec.params[n]} vs {base.params[n]})"
              for n in ("children", "districts", "start_year") if spec.params[n] != base.params[n]]
    if not differ:
        return ()
    note = (f"scenario and baseline differ in {', '.join(differ)}: they do not share their "
            f"children, so {what} include population differences")
    return (note,)


# ---- tables -----------------------------------------------------------------------------
def _quantiles(long: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    g = long.groupby(keys, sort=False)[value]
    out = g.median().rename("median").to_frame()
    out["p10"] = g.quantile(0.1)
    out["p90"] = g.quantile(0.9)
    out["replications"] = g.size()
    return out


def summarise(results: Sequence[RunResult]) -> pd.DataFrame:
    """Key indicators per scenario, indicator and year over replications.

    Returns:
        A tidy table: ``scenario``, ``indicator``, ``year``, ``median``, ``p10``,
        ``p90`` (10th and 90th percentiles, linear interpolation) and
        ``replications``. Indicators: :data:`SUMMARY_INDICATORS`. Runs are
        grouped by scenario name.
    """
    import pandas as pd

    frames = []
    for r in results:
        long = r.yearly[list(SUMMARY_INDICATORS)].rename_axis("year").reset_index().melt(
            id_vars="year", var_name="indicator", value_name="value")
        long.insert(0, "scenario", r.scenario)
        frames.append(long)
    if not frames:
        raise RunError("no results to summarise")
    table = _quantiles(pd.concat(frames, ignore_index=True), ["scenario", "indicator", "year"],
                       "value")
    return table.reset_index()


def budget_bands(results: Sequence[RunResult]) -> pd.DataFrame:
    """Each budget line's median, p10 and p90 (kr.) per year over replications.

    Returns:
        A tidy table: ``line``, ``year``, ``median``, ``p10``, ``p90``, ``replications``,
        lines in the budget's order.
    """
    import pandas as pd

    long = pd.concat([_tidy_budget(r) for r in results], ignore_index=True)
    return _quantiles(long, ["line", "year"], "kr").reset_index()


def _differences(scen_runs: Sequence[RunResult], base_runs: Sequence[RunResult]) -> pd.DataFrame:
    import pandas as pd

    from teamsim.core.outcomes import BUDGET_ROWS

    frames = []
    for s, b in zip(scen_runs, base_runs, strict=True):
        rows = {name: (s.yearly[col], b.yearly[col])
                for name, col in COMPARED_INDICATORS.items()}
        for line in BUDGET_ROWS:
            rows[line] = (s.budget.loc[line], b.budget.loc[line])
        for name, total in NET_ROWS.items():
            rows[name] = (s.budget.loc[total], b.budget.loc[total])
        for name, (sv, bv) in rows.items():
            bv = bv.reindex(sv.index)
            frames.append(pd.DataFrame({
                "seed": s.seed, "year": sv.index.astype(int), "indicator": name,
                "scenario": sv.to_numpy(dtype=float), "baseline": bv.to_numpy(dtype=float),
            }))
    out = pd.concat(frames, ignore_index=True)
    out["difference"] = out["scenario"] - out["baseline"]
    return out


def _bands(differences: pd.DataFrame) -> pd.DataFrame:
    keys = ["indicator", "year"]
    table = _quantiles(differences, keys, "difference")
    g = differences.groupby(keys, sort=False)
    table.insert(3, "scenario_median", g["scenario"].median())
    table.insert(4, "baseline_median", g["baseline"].median())
    return table.reset_index()


def _tidy_budget(r: RunResult) -> pd.DataFrame:
    return _long(r.budget, "line", "kr")


def _tidy_key_figures(r: RunResult) -> pd.DataFrame:
    return _long(r.key_figures, "figure", "value")


def _long(table: pd.DataFrame, row: str, value: str) -> pd.DataFrame:
    """A rows x years table as tidy rows (row, year, value), year by year."""
    long = table.rename_axis(index=row, columns=None).reset_index().melt(
        id_vars=row, var_name="year", value_name=value)
    long["year"] = long["year"].astype(int)
    return long[["year", row, value]]


# ---- writing ----------------------------------------------------------------------------
PRODUCER = "teamsim run"
"""What a results directory's manifest.json says in ``producer``: --overwrite replaces
only such a directory."""


def check_output(directory: str | Path, overwrite: bool = False) -> Path:
    """Check that results can go to ``directory``, before anything is run.

    Raises:
        RunError: the path is a file; a folder on the way cannot be written (tested by
            writing a file); the directory is not empty and ``overwrite`` is not given,
            or it holds anything but a result of ``teamsim run``.
    """
    return files.check_output(directory, what="results directory", error=RunError,
                              existing=lambda path: _may_replace(path, overwrite))


def _may_replace(path: Path, overwrite: bool) -> None:
    if not overwrite:
        raise RunError(f"results directory {path} is not empty: choose another, "
                       "or overwrite it (--overwrite)")
    why = _not_a_run_result(path)
    if why:
        raise RunError(f"results directory {path} {why}: --overwrite replaces only a result "
                       "of 'teamsim run'; choose another --out")


def _not_a_run_result(path: Path) -> str | None:
    """Why ``path`` is not (only) a result of ``teamsim run``, or None if it is."""
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "has no manifest.json, so it is not a result of 'teamsim run'"
    except (OSError, ValueError):
        return "has a manifest.json that cannot be read"
    if not isinstance(manifest, dict):
        return "has a manifest.json that 'teamsim run' did not write"
    # results written before the producer was recorded have kind runs or comparison
    legacy = manifest.get("kind") in ("runs", "comparison") and "teamsim_version" in manifest
    if manifest.get("producer") != PRODUCER and not legacy:
        what = ("the results of an experiment" if manifest.get("kind") == "teamsim experiment"
                else "a manifest.json that 'teamsim run' did not write")
        return f"holds {what}"
    listed = manifest.get("files")
    others = sorted(set(os.listdir(path)) - set(listed if isinstance(listed, list) else []))
    if others:
        more = f" and {len(others) - 1} more" if len(others) > 1 else ""
        return f"holds {others[0]}{more}, which 'teamsim run' did not write"
    return None


def write_results(directory: str | Path, results: Sequence[RunResult] | Comparison, *,
                  format: str = "csv", command: Sequence[str] | None = None,
                  root_seed: int | None = None, overwrite: bool = False) -> Path:
    """Write the tables of runs or a comparison to ``directory``, all or nothing.

    Files (``.csv`` or ``.parquet``): ``series`` (weekly), ``yearly``, ``budget``
    (line, year, kr), ``key_figures``, ``summary`` (:func:`summarise`) and, for a
    comparison, ``comparison`` (:attr:`Comparison.table`); every table has
    ``role`` ("scenario" or "baseline") and ``scenario`` columns, and the per-run
    tables a ``seed`` column. ``manifest.json`` records the versions of teamsim,
    Mesa and Python, the git commit, the scenarios with their parameters, the
    overrides, seeds, years and the command line.

    The files are written to a hidden sibling directory that is renamed into
    place at the end, so an interrupted or failing write leaves no results.

    Returns:
        The results directory.
    """
    import pandas as pd

    if format not in FORMATS:
        raise RunError(f"format '{format}' is not allowed: choose one of {', '.join(FORMATS)}")
    path = check_output(directory, overwrite)
    runs, tables = _tables(results)
    tables = {name: pd.concat(frames, ignore_index=True) if isinstance(frames, list) else frames
              for name, frames in tables.items()}
    manifest = _manifest(results, runs, format, command, root_seed, sorted(tables))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.parent / f".{path.name}.partial-{os.getpid()}-{secrets.token_hex(4)}"
    partial.mkdir()
    try:
        for name, table in tables.items():
            if format == "csv":
                table.to_csv(partial / f"{name}.csv", index=False)
            else:
                table.to_parquet(partial / f"{name}.parquet", index=False)
        text = json.dumps(manifest, indent=2, ensure_ascii=False, default=str)
        (partial / "manifest.json").write_text(text + "\n", encoding="utf-8")
        replace_dir(partial, path)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return path


def replace_dir(new: Path, target: Path) -> None:
    """Rename ``new`` to ``target``; an existing ``target`` goes only once ``new`` is in place."""
    if not target.exists():
        new.rename(target)
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
    target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _tables(results: Sequence[RunResult] | Comparison):
    if isinstance(results, Comparison):
        groups = [("scenario", results.scenario), ("baseline", results.baseline)]
    else:
        groups = [("scenario", list(results))]
    if not any(runs for _, runs in groups):
        raise RunError("no results to write")
    tables: dict[str, Any] = {"series": [], "yearly": [], "budget": [], "key_figures": [],
                              "summary": []}
    runs = []
    for role, group in groups:
        for r in group:
            runs.append((role, r))
            tables["series"].append(_label(r.series.reset_index(drop=True), role, r))
            tables["yearly"].append(_label(r.yearly.rename_axis("year").reset_index(), role, r))
            tables["budget"].append(_label(_tidy_budget(r), role, r))
            tables["key_figures"].append(_label(_tidy_key_figures(r), role, r))
        summary = summarise(group)
        summary.insert(0, "role", role)
        tables["summary"].append(summary)
    if isinstance(results, Comparison):
        table = results.table.copy()
        table.insert(0, "scenario", results.scenario[0].scenario)
        table.insert(1, "baseline", results.baseline[0].scenario)
        tables["comparison"] = table
    return runs, tables


def _label(df: pd.DataFrame, role: str, r: RunResult) -> pd.DataFrame:
    df = df.copy()
    df.insert(0, "role", role)
    df.insert(1, "scenario", r.scenario)
    df.insert(2, "seed", r.seed)
    return df


def _manifest(results, runs, format, command, root_seed, names) -> dict[str, Any]:
    scenarios = {}
    for role, r in runs:
        scenarios.setdefault(role, {
            "role": role, "name": r.scenario, "title": r.spec.title, "title_da": r.spec.title_da,
            "source": r.spec.source, "overrides": r.overrides, "params": dict(r.spec.params),
        })
    first = runs[0][1]
    commit, dirty = _git_state()
    return {
        "producer": PRODUCER,
        "teamsim_version": _version("teamsim"),
        "mesa_version": _version("mesa"),
        "python_version": platform.python_version(),
        "numpy_version": _version("numpy"),
        "pandas_version": _version("pandas"),
        "git_commit": commit,
        "git_dirty": dirty,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": list(command) if command is not None else None,
        "kind": "comparison" if isinstance(results, Comparison) else "runs",
        "years": first.years,
        "weeks": first.years * WEEKS_PER_YEAR,
        "root_seed": root_seed,
        "seeds": list(dict.fromkeys(r.seed for _, r in runs)),
        "replications": len({r.seed for _, r in runs}),
        "scenarios": list(scenarios.values()),
        "format": format,
        "files": [f"{n}.{format}" for n in names] + ["manifest.json"],
    }


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _git_state() -> tuple[str | None, bool | None]:
    """The commit of the teamsim source tree and whether it has changes (None outside git)."""
    here = Path(__file__).resolve().parent

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(here), *args], capture_output=True,
                                  text=True, timeout=10, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    top = git("rev-parse", "--show-toplevel")
    if top is None or Path(top).resolve() / "teamsim" != here:
        return None, None
    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    return commit, (bool(status) if status is not None else None)
