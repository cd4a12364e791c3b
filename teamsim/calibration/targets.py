"""Calibration and validation targets as data (``targets.toml``) and the judging of runs.

A target is one published figure the model should reproduce: a column of
:func:`teamsim.core.outcomes.yearly` (the *indicator*), its published *value*, a
*band* ``[low, high]`` that counts as agreement, the *source*, the *scenario* it
applies to (a preset or scenario file and parameter overrides ``set``), the
simulated years judged and how (``judge = "every"``: the median over replications
of every year must lie in the band; ``"mean"``: the median over replications of the
mean over those years), and its *use*: ``"calibrate"`` (``teamsim calibrate`` may fit
parameters to it) or ``"validate"`` (held out: the model is judged against it but
never fitted to it).

Optional ``[runs."<scenario>"]`` tables cap the seeds and years of a heavy scenario
(the national ``denmark`` preset takes about 16 s a simulated year).

**Distance.** A simulated statistic ``x`` is ``max(low - x, 0, x - high) / (high - low)``
band widths outside its band (0 inside). A target's distance is that squared for
``judge = "mean"``, and the mean over the judged years of the squared yearly distances
for ``judge = "every"``; a statistic that is missing (NaN, or an indicator the model
does not produce) counts as one band width outside. ``teamsim calibrate`` minimises
the sum of the distances of its targets, measured from the band shrunk at each end by
its setup's ``margin`` (a share of the band width), so that the fit does not settle
on an edge that held-out seeds fall across; the verdict is on the full band.
"""

from __future__ import annotations

import hashlib
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teamsim.calibration import CalibrationError
from teamsim.calibration.tomlio import read_toml
from teamsim.errors import TeamsimError

if TYPE_CHECKING:
    import pandas as pd

    from teamsim.scenarios import Scenario

JUDGES = ("every", "mean")
USES = ("calibrate", "validate")
TARGET_KEYS = {"name", "indicator", "value", "low", "high", "unit", "source", "scenario", "set",
               "years", "judge", "use", "note"}
REQUIRED = ("name", "indicator", "value", "low", "high", "source", "scenario", "use")
RUN_KEYS = {"seeds", "years"}

PLANNED_INDICATORS = (
    "placed_share", "family_placement_share", "kinship_share_of_family", "starts_per_1000",
    "exit_rate", "breakdown_rate", "breakdown_teen_share", "first_placement_family_share",
    "notified_share", "school_notification_share", "health_notification_share",
    "followups_on_time_share", "screening_on_time_share", "assessment_on_time_share",
    "caseload_mean", "waiting_weeks", "emergency_share",
)
"""Indicators of the casework-as-time core (issue 9) a target may name before they exist;
a target whose indicator the running model does not produce fails with a line naming it."""

ScenarioKey = tuple[str, tuple[tuple[str, Any], ...]]
"""A target's scenario: the preset name or file path and its sorted overrides."""


@dataclass(frozen=True)
class Target:
    """One published figure the model is judged against (see the module docstring)."""

    name: str
    indicator: str
    value: float
    low: float
    high: float
    source: str
    scenario: str
    overrides: Mapping[str, Any]
    use: str
    judge: str = "mean"
    first_year: int = 1
    last_year: int = 10
    unit: str = ""
    note: str = ""

    @property
    def key(self) -> ScenarioKey:
        return (self.scenario, tuple(sorted(self.overrides.items())))

    @property
    def width(self) -> float:
        return self.high - self.low

    def years_text(self) -> str:
        span = (f"year {self.first_year}" if self.first_year == self.last_year
                else f"years {self.first_year}-{self.last_year}")
        return f"each of {span}" if self.judge == "every" else f"mean of {span}"


@dataclass(frozen=True)
class Targets:
    """The targets of one file, the run caps per scenario, and the file's identity."""

    targets: tuple[Target, ...]
    runs: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    source: str = ""
    sha256: str = ""

    def __iter__(self):
        return iter(self.targets)

    def __len__(self) -> int:
        return len(self.targets)

    def named(self, name: str) -> Target:
        for t in self.targets:
            if t.name == name:
                return t
        raise CalibrationError(f"{self.source}: no target named '{name}'")

    def scenarios(self) -> list[ScenarioKey]:
        """The distinct scenarios of the targets, in file order."""
        return list(dict.fromkeys(t.key for t in self.targets))


def default_targets_path() -> Path:
    return Path(str(resources.files("teamsim.calibration") / "targets.toml"))


def sha256_of(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_targets(path: str | Path | None = None) -> Targets:
    """Read and check a targets file (default: the shipped ``targets.toml``).

    Raises:
        CalibrationError: one line naming the file, the target and what is wrong (an
            unknown indicator, scenario or parameter, a band that does not contain the
            value, a value of the wrong type, a missing key).
    """
    path = Path(path) if path is not None else default_targets_path()
    where = f"targets file {path}"
    data = read_toml(path, "targets file")
    unknown = set(data) - {"target", "runs"}
    if unknown:
        raise CalibrationError(f"{where}: unknown table(s) {', '.join(sorted(unknown))}; "
                               "allowed: [[target]] and [runs]")
    rows = data.get("target", [])
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise CalibrationError(f"{where}: expected one or more [[target]] tables")
    targets = tuple(_target(row, i, where) for i, row in enumerate(rows, start=1))
    names = [t.name for t in targets]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise CalibrationError(f"{where}: target name(s) used twice: {', '.join(dupes)}")
    return Targets(targets, _runs(data.get("runs", {}), where), str(path), sha256_of(path))


def _target(row: Mapping[str, Any], i: int, where: str) -> Target:
    label = f"{where}: target {i}" + (f" ({row['name']})" if isinstance(row.get("name"), str)
                                      else "")
    missing = [k for k in REQUIRED if k not in row]
    if missing:
        raise CalibrationError(f"{label}: missing {', '.join(missing)}")
    unknown = set(row) - TARGET_KEYS
    if unknown:
        raise CalibrationError(f"{label}: unknown key(s) {', '.join(sorted(unknown))}; "
                               f"allowed: {', '.join(sorted(TARGET_KEYS))}")
    for k in ("name", "indicator", "source", "scenario", "use", "judge", "unit", "note"):
        if k in row and not isinstance(row[k], str):
            raise CalibrationError(f"{label}: {k} = {row[k]!r} must be a string")
    value, low, high = (_number(row[k], k, label) for k in ("value", "low", "high"))
    if not low <= value <= high or low == high:
        raise CalibrationError(f"{label}: the band {low:g} to {high:g} must be wider than a "
                               f"point and contain the value {value:g}")
    if row["indicator"] not in known_indicators():
        raise CalibrationError(f"{label}: unknown indicator '{row['indicator']}'; "
                               f"known: {', '.join(sorted(known_indicators()))}")
    use, judge = row["use"], row.get("judge", "mean")
    if use not in USES:
        raise CalibrationError(f"{label}: use = {use!r}: choose one of {', '.join(USES)}")
    if judge not in JUDGES:
        raise CalibrationError(f"{label}: judge = {judge!r}: choose one of {', '.join(JUDGES)}")
    first, last = _years(row.get("years", [1, 10]), label)
    overrides = row.get("set", {})
    if not isinstance(overrides, dict):
        raise CalibrationError(f"{label}: set must be a table of parameter values")
    try:
        spec = scenario_of((row["scenario"], tuple(sorted(overrides.items()))))
    except TeamsimError as err:
        raise CalibrationError(f"{label}: {err}") from None
    return Target(name=row["name"], indicator=row["indicator"], value=value, low=low,
                  high=high, source=row["source"], scenario=row["scenario"],
                  overrides={k: spec.params[k] for k in overrides}, use=use, judge=judge,
                  first_year=first, last_year=last, unit=row.get("unit", ""),
                  note=row.get("note", ""))


def _number(v: Any, what: str, label: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise CalibrationError(f"{label}: {what} = {v!r} must be a finite number")
    return float(v)


def _whole(v: Any, what: str, label: str, low: int = 1) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < low:
        raise CalibrationError(f"{label}: {what} = {v!r} must be a whole number from {low}")
    return v


def _years(v: Any, label: str) -> tuple[int, int]:
    if not (isinstance(v, list) and len(v) == 2):
        raise CalibrationError(f"{label}: years = {v!r} must be [first, last], e.g. [1, 10]")
    first, last = (_whole(x, "years", label) for x in v)
    if first > last:
        raise CalibrationError(f"{label}: years = {v!r}: the first year comes after the last")
    return first, last


def _runs(table: Any, where: str) -> dict[str, dict[str, int]]:
    if not isinstance(table, dict):
        raise CalibrationError(f"{where}: [runs] must be a table of scenario tables")
    out = {}
    for name, caps in table.items():
        label = f"{where}: [runs.{name}]"
        if not isinstance(caps, dict) or set(caps) - RUN_KEYS:
            raise CalibrationError(f"{label}: allowed keys: {', '.join(sorted(RUN_KEYS))}")
        out[name] = {k: _whole(v, k, label) for k, v in caps.items()}
    return out


@cache
def known_indicators() -> frozenset[str]:
    """The yearly indicators of the running model, and those planned (:data:`PLANNED_INDICATORS`)."""
    from teamsim.core import outcomes
    from teamsim.core.model import TeamSim

    model = TeamSim("herning-2012", rng=0, children=60)
    model.run_for(1)
    return frozenset(outcomes.yearly(model.series()).columns) | set(PLANNED_INDICATORS)


def scenario_of(key: ScenarioKey, extra: Mapping[str, Any] | None = None) -> Scenario:
    """The scenario of a target (preset or file, its overrides, then ``extra``)."""
    from teamsim.scenarios import load_scenario

    name, overrides = key
    return load_scenario(name, **dict(overrides)).with_params(**dict(extra or {}))


def scenario_label(key: ScenarioKey) -> str:
    name, overrides = key
    sets = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in overrides)
    return f"{name} ({sets})" if sets else name


# ---- judging ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    """A target judged on the yearly indicators of one scenario's replications.

    ``median``, ``p10`` and ``p90`` are over every replication's value of every judged
    year (``judge = "every"``) or over the replications' means of those years
    (``"mean"``); ``yearly`` holds each judged year's median, p10 and p90.
    ``passed`` is None when nothing could be judged (the runs are too short).
    ``redraw_pass`` is the share of bootstrap re-draws of the replications on which
    the verdict would pass (:func:`redraw_pass`; NaN if not measured): how firmly the
    seeds decide it.
    """

    target: Target
    median: float
    p10: float
    p90: float
    passed: bool | None
    distance: float
    reason: str
    replications: int
    yearly: pd.DataFrame | None = None
    redraw_pass: float = math.nan

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "fail", None: "not judged"}[self.passed]


def outside(x: float, low: float, high: float, width: float | None = None) -> float:
    """Widths (``width``, default the band's) by which ``x`` lies outside ``[low, high]``
    (1 for NaN)."""
    if math.isnan(x):
        return 1.0
    return max(low - x, 0.0, x - high) / (width if width is not None else high - low)


def judge(target: Target, runs: Sequence[pd.DataFrame], margin: float = 0.0,
          redraws: int = 0) -> Verdict:
    """Judge ``target`` on the yearly tables of its scenario's runs (one per seed).

    ``margin`` (a share of the band width, below a half) shrinks the band the
    *distance* is measured from by that much at each end, so that a calibration fits
    the middle of the band rather than its edges; the verdict is always on the full band.
    ``redraws`` > 0: also measure :attr:`Verdict.redraw_pass` on that many re-draws.
    """
    import numpy as np
    import pandas as pd

    nan = math.nan
    if not runs or target.indicator not in runs[0].columns:
        reason = f"indicator '{target.indicator}' is not produced by this model"
        return Verdict(target, nan, nan, nan, False, 1.0, reason, len(runs))
    n_years = min(len(r) for r in runs)
    last = min(target.last_year, n_years)
    if target.first_year > last:
        reason = f"runs of {n_years} years do not reach year {target.first_year}"
        return Verdict(target, nan, nan, nan, None, 0.0, reason, len(runs))
    rows = slice(target.first_year - 1, last)
    inner = (target.low + margin * target.width, target.high - margin * target.width)

    def off(x: float) -> float:  # band widths (of the full band) outside the inner band
        return outside(x, *inner, width=target.width)
    values = np.array([r[target.indicator].to_numpy(dtype=float)[rows] for r in runs])
    years = runs[0].index[rows]
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN years: NaN, judged missing
        med, lo, hi = (np.nanquantile(values, q, axis=0) for q in (0.5, 0.1, 0.9))
        yearly = pd.DataFrame({"median": med, "p10": lo, "p90": hi}, index=years)
        judged = judged_medians(target, values)
        passed = bool(in_band(target, judged))
        if target.judge == "every":
            pooled = values.ravel()
            distance = float(np.mean(np.square([off(m) for m in judged])))
            worst = int(np.argmax([outside(m, target.low, target.high) for m in judged]))
            reason = "" if passed else f"{years[worst]} median {judged[worst]:.4g} outside the band"
        else:
            pooled = np.nanmean(values, axis=1)
            m = float(judged[0])
            distance = off(m) ** 2
            reason = "" if passed else f"median {m:.4g} outside the band"
        median, p10, p90 = (float(np.nanquantile(pooled, q)) for q in (0.5, 0.1, 0.9))
    share = redraw_pass(target, values, redraws) if redraws > 0 else nan
    return Verdict(target, median, p10, p90, passed, distance, reason, len(runs), yearly,
                   share)


def judged_medians(target: Target, values):
    """What a verdict is on, from ``values`` of shape (..., runs, years): each judged
    year's median over the runs (``judge = "every"``), or the median over the runs of
    their means over the years (``"mean"``, as a last axis of length 1)."""
    import numpy as np

    if target.judge == "every":
        return np.nanquantile(values, 0.5, axis=-2)
    return np.nanquantile(np.nanmean(values, axis=-1), 0.5, axis=-1)[..., None]


def in_band(target: Target, medians):
    """Whether every judged median (last axis) lies inside the band; NaN does not."""
    return ((medians >= target.low) & (medians <= target.high)).all(axis=-1)


def redraw_pass(target: Target, values, draws: int) -> float:
    """The share of ``draws`` bootstrap re-draws of the replications (rows of ``values``,
    one per run, a column per judged year), drawn with replacement, on which the
    verdict would pass: the same judgement (:func:`judged_medians` :func:`in_band`) on
    each re-draw.

    Near 1 or 0 the verdict stands on these seeds; in between, another set of as many
    seeds could well give the other verdict, and more replications would decide it.
    The re-draws are seeded by the target's name, so the share is the same every time.
    NaN for fewer than 2 replications: one run cannot be re-drawn.
    """
    import zlib

    import numpy as np

    n = len(values)
    if n < 2:
        return math.nan
    rng = np.random.default_rng(zlib.crc32(target.name.encode()))
    picks = rng.integers(0, n, size=(draws, n))
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        inside = in_band(target, judged_medians(target, values[picks]))  # draws x runs x years
    return float(inside.mean())
