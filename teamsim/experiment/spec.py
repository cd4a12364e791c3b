"""Experiment files: read, validate and turn into runs.

An experiment file is TOML (see ``experiments/README.md`` for the full reference)::

    [experiment]
    title = "Staffing sweep"
    scenario = "herning-pilot"     # preset name or path of a scenario .toml
    baseline = "herning-2012"      # default: the scenario's own baseline; false: none
    years = 4
    replications = 20
    seed = 2013                    # the root seed of every run's seed

    [params]                       # fixed values for the scenario's runs (optional)
    [baseline_params]              # fixed values for the baseline's runs (optional)

    [design]
    method = "grid"                # grid, lhs, sobol or morris
    # samples = 128                # lhs: points; sobol: N (power of 2); morris: trajectories
    # second_order = false         # sobol
    # levels = 4                   # morris

    [vary]
    caseworkers = { low = 4, high = 12, step = 1 }   # grid: values = [...] or low/high/step
    meeting_rate = { values = [0.5, 2, 4] }          # lhs/sobol/morris: low/high or values

    [outputs]
    indicators = ["placed", "net_cost"]              # default: a standard set
    series = "year"                                  # week, quarter, year or none
    series_columns = ["placed", "cost_total"]        # columns of the weekly series

Everything is checked when the file is loaded, design points included, so a bad
file stops with one line naming the problem before any run starts.

**Seeds.** Replication ``r`` of every design point and of the baseline runs with
``replication_seeds(seed, replications)[r]`` (:func:`teamsim.run.replication_seeds`):
the same children and crises at every design point (common random numbers), and
a run's seed follows from the root seed and its replication alone. The samplers
of lhs, sobol and morris are seeded from the root seed too.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from teamsim.errors import ExperimentError, ParameterError, TeamsimError
from teamsim.experiment import designs
from teamsim.experiment.designs import Design, Factor
from teamsim.experiment.outputs import (
    DEFAULT_INDICATORS,
    DEFAULT_NET_INDICATORS,
    DEFAULT_SERIES,
    INDICATORS,
    RESOLUTIONS,
    series_columns,
)
from teamsim.experiment.size import LARGE_RUNS
from teamsim.files import TEXT, check_types, read_toml
from teamsim.params import Params, resolve
from teamsim.run import MAX_SEED, UNCERTAINTIES, member_values, pairing_notes, replication_seeds
from teamsim.scenarios import Scenario, load_scenario

MAX_YEARS = 50
MAX_REPLICATIONS = 100_000
MAX_RUNS = 1_000_000
MAX_SOBOL_SAMPLES = 2**20
MAX_MORRIS_LEVELS = 20

TABLES = {
    "experiment": {"title", "title_da", "description", "description_da", "scenario",
                   "baseline", "years", "replications", "seed", "uncertainty"},
    "params": None,
    "baseline_params": None,
    "design": {"method", "samples", "second_order", "levels"},
    "vary": None,
    "outputs": {"indicators", "series", "series_columns"},
}
REQUIRED = {"experiment": ("scenario", "years", "replications")}
_TEXT_KEYS = dict.fromkeys(("title", "title_da", "description", "description_da",
                            "uncertainty"), TEXT)
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Task:
    """One run of an experiment: everything a worker needs, and nothing else.

    Attributes:
        run_id: ``p00012-r0003-<hash>`` (design point 12, replication 3) or
            ``base-r0003-<hash>`` for a baseline run; the hash is of the run's
            scenario name, parameter values, seed and years.
        role: ``"scenario"`` or ``"baseline"``.
        point: the design point (-1 for a baseline run).
        replication: the replication (0-based); it fixes the seed.
        seed: the run's seed.
        scenario: the scenario's name.
        values: every parameter value of the run.
        years: simulated years.
        every: weeks per time-series period (0: no time series).
        columns: the time series' columns.
        start: parameter values of the world whose steady state the run starts
            from: the baseline's, or without a baseline the scenario file's (so the
            varied parameters are the change; see :mod:`teamsim.core.burnin`).
    """

    run_id: str
    role: str
    point: int
    replication: int
    seed: int
    scenario: str
    values: dict[str, Any]
    years: int
    every: int
    columns: tuple[str, ...]
    start: dict[str, Any] | None = None


@dataclass(frozen=True, eq=False)
class Experiment:
    """A validated experiment file.

    Attributes:
        name: the file's stem.
        source: the file's path (or a label for an experiment made from a dict).
        text: the file's text (kept in the results' manifest).
        scenario: the scenario with the fixed ``[params]`` applied.
        baseline: the baseline with ``[baseline_params]`` applied, or None.
        method, factors, samples, second_order, levels: the design's settings.
        indicators: the end-of-run indicators to keep (see :mod:`.outputs`).
        series: time-series resolution (``week``, ``quarter``, ``year`` or ``none``).
        series_columns: the time series' columns.
        members: with ``uncertainty = "parameters"``, the calibrated ensemble:
            replication *i* of every design point and of the baseline also takes
            member *i* mod *N*, for the parameters the experiment, the scenario file
            and the design leave at their defaults, as ``teamsim run --compare
            --uncertainty parameters``; empty for run-to-run variation only.
    """

    name: str
    title: str
    description: str
    source: str
    text: str
    scenario: Scenario
    baseline: Scenario | None
    years: int
    replications: int
    seed: int
    method: str
    factors: tuple[Factor, ...]
    samples: int | None
    second_order: bool
    levels: int
    indicators: tuple[str, ...]
    series: str
    series_columns: tuple[str, ...]
    fixed: dict[str, Any]
    baseline_fixed: dict[str, Any]
    notes: tuple[str, ...] = ()
    members: tuple[Mapping[str, Any], ...] = ()

    @property
    def uncertainty(self) -> str:
        """``"parameters"`` with an ensemble (:attr:`members`), else ``"runs"``."""
        return "parameters" if self.members else "runs"

    @cached_property
    def design(self) -> Design:
        """The design points (built once, from the root seed)."""
        return designs.build(self.method, self.factors, samples=self.samples,
                             seed=self.design_seed, second_order=self.second_order,
                             levels=self.levels)

    @cached_property
    def point_params(self) -> list[Params]:
        """Every design point's parameters: the scenario's with the point's values.

        Raises:
            ExperimentError: a point the model does not allow (e.g. thresholds out of order).
        """
        out = []
        for i, point in enumerate(self.design.points):
            try:
                out.append(self.scenario.params.replace(**point))
            except ParameterError as err:
                shown = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
                                  for k, v in point.items())
                raise ExperimentError(f"design point {i} ({shown}): {err}") from None
        return out

    @property
    def design_seed(self) -> int:
        """Seed of the lhs/sobol/morris sampler, derived from the root seed."""
        import numpy as np

        return int(np.random.SeedSequence(self.seed, spawn_key=(1,)).generate_state(1)[0])

    @cached_property
    def seeds(self) -> list[int]:
        """The replications' seeds (shared by every design point and the baseline)."""
        return replication_seeds(self.seed, self.replications)

    @property
    def points(self) -> int:
        """Design points, counted without building the design."""
        return designs.point_count(self.method, self.factors, self.samples, self.second_order)

    @property
    def runs(self) -> int:
        """Runs in all: design points x replications, plus one baseline run per replication."""
        return (self.points + (self.baseline is not None)) * self.replications

    def canonical(self) -> dict[str, Any]:
        """Everything that decides the runs' results, as plain data (for the fingerprint)."""
        return {
            "format": FORMAT_VERSION,
            "scenario": {"name": self.scenario.name, "params": dict(self.scenario.params)},
            "baseline": (None if self.baseline is None else
                         {"name": self.baseline.name, "params": dict(self.baseline.params)}),
            "years": self.years, "replications": self.replications, "seed": self.seed,
            "design": {"method": self.method, "samples": self.samples,
                       "second_order": self.second_order, "levels": self.levels,
                       "factors": [_factor_dict(f) for f in self.factors]},
            "series": self.series, "series_columns": list(self.series_columns),
        } | ({"uncertainty": {"mode": self.uncertainty,
                              "members": [dict(m) for m in self.members]}}
             if self.uncertainty != "runs" else {})  # experiments without it keep their hash

    @cached_property
    def fingerprint(self) -> str:
        """A hash of :meth:`canonical`: results folders are resumed only by the same one."""
        text = json.dumps(self.canonical(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @cached_property
    def start(self) -> Scenario:
        """The world every run starts from (its steady state): the baseline, else the
        scenario's own declared baseline, else the scenario (as ``TeamSim`` decides)."""
        if self.baseline is not None:
            return self.baseline
        if self.scenario.baseline:
            return load_scenario(self.scenario.baseline)
        return self.scenario

    def tasks(self) -> list[Task]:
        """Every run, replication by replication (baseline first), points in order.

        Running replications one after another means an interrupted experiment has
        whole replications of every design point.
        """
        every = RESOLUTIONS[self.series]
        columns = self.series_columns if every else ()
        out = []
        points = self.point_params
        varied = {f.name for f in self.factors}
        for r, seed in enumerate(self.seeds):
            member = self.members[r % len(self.members)] if self.members else {}
            start = dict(self.start.params) | member_values(member, self.start.params, ())
            if self.baseline is not None:
                values = (dict(self.baseline.params)
                          | member_values(member, self.baseline.params, self.baseline_fixed))
                out.append(Task(_run_id("base", r, self.baseline.name, values, seed, self.years),
                                "baseline", -1, r, seed, self.baseline.name, values,
                                self.years, every, columns, start))
            for i, params in enumerate(points):
                values = dict(params) | member_values(member, params, varied | set(self.fixed))
                out.append(Task(_run_id(f"p{i:05d}", r, self.scenario.name, values, seed,
                                        self.years),
                                "scenario", i, r, seed, self.scenario.name, values,
                                self.years, every, columns, start))
        return out


def _run_id(prefix: str, replication: int, scenario: str, values: Mapping[str, Any], seed: int,
            years: int) -> str:
    text = json.dumps({"scenario": scenario, "params": values, "seed": seed, "years": years},
                      sort_keys=True, default=str)
    return f"{prefix}-r{replication:04d}-{hashlib.sha1(text.encode()).hexdigest()[:10]}"


def _factor_dict(f: Factor) -> dict[str, Any]:
    return {"name": f.name, "kind": f.kind, "low": f.low, "high": f.high,
            "values": list(f.values)}


# ---- loading ----------------------------------------------------------------------------
def load_experiment(path: str | Path) -> Experiment:
    """Read and check an experiment file.

    Raises:
        ExperimentError: the file is missing, not TOML, or has an unknown table or
            key, a missing field, an unknown parameter, indicator or design, a bad
            range, or a design point the model does not allow. The message is one
            line naming the file and the problem.
    """
    file = Path(path).expanduser()
    data, text = read_toml(path, "experiment", ExperimentError)
    return parse_experiment(data, name=file.stem, source=str(path), text=text,
                            folder=file.resolve().parent)


def parse_experiment(data: Mapping[str, Any], *, name: str = "experiment",
                     source: str = "<experiment>", text: str = "",
                     folder: Path | None = None) -> Experiment:
    """Check an experiment given as a dict (the parsed TOML); see :func:`load_experiment`.

    ``folder`` is where relative scenario paths are looked up (default: the
    current directory).
    """
    try:
        return _parse(data, name, source, text, folder or Path.cwd())
    except ExperimentError as err:
        raise ExperimentError(f"experiment file {source}: {err}") from None
    except TeamsimError as err:
        raise ExperimentError(f"experiment file {source}: {err}") from None


def _parse(data: Mapping[str, Any], name: str, source: str, text: str,
           folder: Path) -> Experiment:
    _check_tables(data)
    meta = data.get("experiment", {})
    check_types(meta, _TEXT_KEYS, "[experiment]", ExperimentError)
    for key in REQUIRED["experiment"]:
        if key not in meta:
            raise ExperimentError(f"missing field '{key}' in [experiment] ({_HELP[key]})")
    years = _whole(meta["years"], "years", 1, MAX_YEARS)
    replications = _whole(meta["replications"], "replications", 1, MAX_REPLICATIONS)
    seed = _whole(meta.get("seed", 0), "seed", 0, MAX_SEED)
    fixed = _params_table(data.get("params", {}), "params")
    baseline_fixed = _params_table(data.get("baseline_params", {}), "baseline_params")
    scenario = load_scenario(_scenario_ref(meta["scenario"], "scenario", folder), **fixed)
    baseline = _baseline(meta, scenario, baseline_fixed, folder)

    settings = data.get("design", {})
    method = _text(settings.get("method", "grid"), "method", "[design]")
    if method not in designs.METHODS:
        raise ExperimentError(f"unknown design method '{method}' in [design]: "
                              f"choose one of {', '.join(designs.METHODS)}")
    factors = _factors(data.get("vary", {}), method, fixed)
    samples, second_order, levels = _design_settings(settings, method, factors)
    count = designs.point_count(method, factors, samples, second_order)
    total = (count + (baseline is not None)) * replications
    if total > MAX_RUNS:
        raise ExperimentError(f"the experiment needs {total:,} runs ({count:,} design points x "
                              f"{replications:,} replications): allowed at most {MAX_RUNS:,}")

    indicators, series, columns = _outputs(data.get("outputs", {}), baseline is not None)
    members = _ensemble(meta.get("uncertainty", "runs"))
    exp = Experiment(
        name=name, title=meta.get("title", name),
        description=meta.get("description", ""), source=source, text=text,
        scenario=scenario, baseline=baseline, years=years, replications=replications,
        seed=seed, method=method, factors=factors, samples=samples,
        second_order=second_order, levels=levels, indicators=indicators, series=series,
        series_columns=columns, fixed=fixed, baseline_fixed=baseline_fixed,
        notes=_pairing_notes(scenario, baseline), members=members,
    )
    if exp.runs <= LARGE_RUNS:  # a large design is built (and checked) only when confirmed
        _check_points(exp)
    return exp


_HELP = {
    "scenario": "a preset name such as herning-pilot, or the path of a scenario .toml",
    "years": "years to simulate, e.g. years = 4",
    "replications": "runs per design point with different seeds, e.g. replications = 10",
}


def _ensemble(value: str) -> tuple[dict[str, Any], ...]:
    """The calibrated ensemble for [experiment] uncertainty = "parameters" (else none)."""
    if value not in UNCERTAINTIES:
        raise ExperimentError(f"uncertainty = {value!r} in [experiment] is not allowed: choose "
                              f"one of {', '.join(UNCERTAINTIES)}")
    if value == "runs":
        return ()
    from teamsim.calibration.calibrate import ensemble_members

    members = tuple(ensemble_members())
    if not members:
        raise ExperimentError("uncertainty = 'parameters' in [experiment] needs an ensemble of "
                              "calibrated parameter sets, and this model ships none (teamsim "
                              "calibrate --write-defaults writes one); use 'runs'")
    return members


def _check_tables(data: Mapping[str, Any]) -> None:
    for table, value in data.items():
        if table not in TABLES:
            raise ExperimentError(f"unknown table [{table}]{_suggest(table, TABLES)}; "
                                  f"allowed: {', '.join(f'[{t}]' for t in TABLES)}")
        if not isinstance(value, dict):
            raise ExperimentError(f"[{table}] must be a table, e.g. [{table}] on a line of "
                                  "its own followed by key = value lines")
        keys = TABLES[table]
        if keys is None:
            continue
        for key in value:
            if key not in keys:
                raise ExperimentError(f"unknown key '{key}' in [{table}]{_suggest(key, keys)}; "
                                      f"allowed: {', '.join(sorted(keys))}")
    if "experiment" not in data:
        raise ExperimentError("missing table [experiment] (with scenario, years, replications)")


def _suggest(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _whole(value: Any, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ExperimentError(f"'{what}' = {_show(value)} is not allowed: expected a whole "
                              f"number from {low:,} to {high:,}")
    return value


def _text(value: Any, what: str, table: str) -> str:
    if not isinstance(value, str):
        raise ExperimentError(f"'{what}' in {table} = {_show(value)} is not allowed: "
                              "expected a text in quotes")
    return value


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def _scenario_ref(value: Any, what: str, folder: Path) -> str:
    ref = _text(value, what, "[experiment]")
    if ref.endswith(".toml") or "/" in ref:
        path = Path(ref).expanduser()
        return str(path if path.is_absolute() else folder / path)
    return ref


def _params_table(table: Mapping[str, Any], name: str) -> dict[str, Any]:
    out = {}
    for key, value in table.items():
        try:
            out[key] = resolve(key).coerce(value)
        except ParameterError as err:
            raise ExperimentError(f"[{name}]: {err}") from None
    return out


def _baseline(meta: Mapping[str, Any], scenario: Scenario, fixed: dict[str, Any],
              folder: Path) -> Scenario | None:
    ref = meta.get("baseline", scenario.baseline)
    if ref is False or ref is None:
        if fixed:
            raise ExperimentError("[baseline_params] is given but there is no baseline: "
                                  "name one with baseline = \"...\" in [experiment]")
        return None
    if ref is True:
        raise ExperimentError("'baseline' = true is not allowed: expected a scenario name or "
                              "path, or false for no baseline")
    return load_scenario(_scenario_ref(ref, "baseline", folder), **fixed)


def _factors(vary: Mapping[str, Any], method: str,
             fixed: Mapping[str, Any]) -> tuple[Factor, ...]:
    factors = []
    for name, entry in vary.items():
        try:
            param = resolve(name)
        except ParameterError as err:
            raise ExperimentError(f"[vary]: {err}") from None
        if name in fixed:
            raise ExperimentError(f"parameter '{name}' is both fixed in [params] and varied in "
                                  "[vary]: keep one")
        factors.append(_factor(param, entry, method))
    if method != "grid" and not factors:
        raise ExperimentError(f"design method '{method}' needs parameters to vary: add them "
                              "to [vary], e.g. caseworkers = { low = 4, high = 12 }")
    if method in ("sobol", "morris") and len(factors) < 2:
        raise ExperimentError(f"design method '{method}' needs at least 2 parameters in "
                              "[vary]; for one parameter use a grid")
    return tuple(factors)


def _factor(param, entry: Any, method: str) -> Factor:
    where = f"[vary] {param.name}"
    numeric = param.kind in (int, float)
    example = ("{ low = 4, high = 12, step = 1 } or { values = [4, 8, 12] }" if method == "grid"
               else "{ low = 4, high = 12 } or { values = [4, 8, 12] }")
    if not numeric:
        example = "{ values = [" + ", ".join(_show(v) for v in _choices(param)) + "] }"
    if not isinstance(entry, dict):
        raise ExperimentError(f"{where} = {_show(entry)} is not allowed: expected a table such "
                              f"as {example}")
    allowed = {"values", "low", "high"} | ({"step"} if method == "grid" else set())
    for key in entry:
        if key not in allowed:
            raise ExperimentError(f"unknown key '{key}' in {where}: allowed: "
                                  f"{', '.join(sorted(allowed))}")
    if "values" in entry:
        if set(entry) != {"values"}:
            raise ExperimentError(f"{where}: give either values or low and high, not both")
        values = entry["values"]
        if not isinstance(values, list) or not values:
            raise ExperimentError(f"{where}: values = {_show(values)} is not allowed: expected "
                                  "a non-empty list, e.g. values = [4, 8, 12]")
        coerced = tuple(_coerce(param, v, where) for v in values)
        if len(set(coerced)) != len(coerced):
            raise ExperimentError(f"{where}: values {_show(values)} repeat a value")
        if method != "grid" and len(coerced) < 2:
            raise ExperimentError(f"{where}: a {method} design needs at least 2 values")
        return Factor(param.name, "values", values=coerced)
    if not numeric:
        raise ExperimentError(f"{where}: parameter '{param.name}' takes {param.allowed()}: "
                              f"vary it with {example}")
    for key in ("low", "high"):
        if key not in entry:
            raise ExperimentError(f"{where}: missing '{key}' (give {example})")
    low, high = (_coerce(param, entry[k], where) for k in ("low", "high"))
    if not low < high:
        raise ExperimentError(f"{where}: low = {low:g} must be below high = {high:g}")
    kind = "int" if param.kind is int else "float"
    if method != "grid":
        return Factor(param.name, kind, low, high)
    if "step" not in entry:
        raise ExperimentError(f"{where}: a grid needs 'step' with low and high, or a list of "
                              f"values (give {example})")
    step = entry["step"]
    if isinstance(step, bool) or not isinstance(step, int | float) or not step > 0 or (
            kind == "int" and step != int(step)):
        what = "a whole number above 0" if kind == "int" else "a number above 0"
        raise ExperimentError(f"{where}: step = {_show(step)} is not allowed: expected {what}")
    count = math.floor((high - low) / step + 1e-9) + 1
    if count > 10_000:
        raise ExperimentError(f"{where}: low, high and step give {count:,} values: allowed at "
                              "most 10,000")
    values = tuple(param.coerce(low + i * step) if kind == "int" else
                   param.coerce(round(low + i * step, 12)) for i in range(count))
    return Factor(param.name, "values", low, high, values)


def _choices(param) -> tuple[Any, ...]:
    return param.choices or (True, False)


def _coerce(param, value: Any, where: str) -> Any:
    if isinstance(value, dict | list):
        raise ExperimentError(f"{where}: {_show(value)} is not allowed: expected "
                              f"{param.allowed()}")
    try:
        return param.coerce(value)
    except ParameterError as err:
        raise ExperimentError(f"{where}: {err}") from None


def _design_settings(settings: Mapping[str, Any], method: str,
                     factors: tuple[Factor, ...]) -> tuple[int | None, bool, int]:
    used = {"grid": set(), "lhs": {"samples"}, "sobol": {"samples", "second_order"},
            "morris": {"samples", "levels"}}[method]
    for key in settings:
        if key != "method" and key not in used:
            raise ExperimentError(f"'{key}' in [design] does not apply to method '{method}'"
                                  + (f": it takes {', '.join(sorted(used))}" if used else ""))
    if method == "grid":
        return None, False, 4
    if "samples" not in settings:
        what = {"lhs": "the number of points, e.g. samples = 100",
                "sobol": "the base sample size N, a power of 2, e.g. samples = 128",
                "morris": "the number of trajectories, e.g. samples = 10"}[method]
        raise ExperimentError(f"missing field 'samples' in [design] ({what})")
    samples = settings["samples"]
    if method == "sobol":
        if (isinstance(samples, bool) or not isinstance(samples, int) or samples < 2
                or samples > MAX_SOBOL_SAMPLES or samples & (samples - 1)):
            raise ExperimentError(f"'samples' = {_show(samples)} is not allowed for a sobol "
                                  f"design: expected a power of 2 from 2 to {MAX_SOBOL_SAMPLES:,}"
                                  " (e.g. 64, 128, 256)")
    else:
        samples = _whole(samples, "samples", 2, MAX_RUNS)
    second_order = settings.get("second_order", False)
    if not isinstance(second_order, bool):
        raise ExperimentError(f"'second_order' = {_show(second_order)} is not allowed: "
                              "expected true or false")
    levels = settings.get("levels", 4)
    if (isinstance(levels, bool) or not isinstance(levels, int)
            or not 2 <= levels <= MAX_MORRIS_LEVELS or levels % 2):
        raise ExperimentError(f"'levels' = {_show(levels)} is not allowed: expected an even "
                              f"whole number from 2 to {MAX_MORRIS_LEVELS} (e.g. 4)")
    return samples, second_order, levels


def _outputs(table: Mapping[str, Any], has_baseline: bool
             ) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    if "indicators" in table:
        names = _names(table["indicators"], "indicators", INDICATORS)
        if not has_baseline:
            net = [n for n in names if INDICATORS[n].is_net]
            if net:
                raise ExperimentError(f"indicator '{net[0]}' needs a baseline: name one with "
                                      "baseline = \"...\" in [experiment]")
    else:
        names = DEFAULT_INDICATORS + (DEFAULT_NET_INDICATORS if has_baseline else ())
    series = table.get("series", "year")
    if not isinstance(series, str) or series not in RESOLUTIONS:
        raise ExperimentError(f"'series' = {_show(series)} in [outputs] is not allowed: choose "
                              f"one of {', '.join(RESOLUTIONS)}")
    columns = (_names(table["series_columns"], "series_columns", series_columns())
               if "series_columns" in table else DEFAULT_SERIES)
    return tuple(names), series, tuple(columns)


def _names(value: Any, what: str, allowed) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ExperimentError(f"'{what}' in [outputs] must be a non-empty list of names in "
                              "quotes")
    for v in value:
        if v not in allowed:
            listing = ", ".join(allowed)
            raise ExperimentError(f"unknown {what[:-1].replace('_', ' ')} '{v}' in [outputs]"
                                  f"{_suggest(v, allowed)}; allowed: {listing}")
    if len(set(value)) != len(value):
        raise ExperimentError(f"'{what}' in [outputs] names an entry twice")
    return list(value)


def _check_points(exp: Experiment) -> None:
    """Every design point must be a valid parameter set (e.g. thresholds in order)."""
    exp.point_params  # noqa: B018 - builds and checks them


def _pairing_notes(spec: Scenario, base: Scenario | None) -> tuple[str, ...]:
    return () if base is None else pairing_notes(spec, base, "net costs")
