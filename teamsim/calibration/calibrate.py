"""``teamsim calibrate``: fit behavioural parameters to the targets with optuna.

    teamsim calibrate                           # setup.toml's budget, into results/calibration
    teamsim calibrate --trials 40 --workers 2 --out results/calib   # rerun: it resumes
    teamsim calibrate --write-defaults          # also write teamsim/calibration/calibrated.toml

**What is fitted** is data: ``setup.toml`` names each parameter with its search range
(``[params.NAME] low, high``), the targets to fit (names of ``use = "calibrate"``
targets in ``targets.toml``), the replications (``seeds``, ``years``), the root
``seed``, the budget (``trials``), the random start-up trials of the sampler, the
ensemble's ``tolerance`` and size, the loss's ``margin`` (optional), and the sampler
(optional ``sampler = "tpe"``, the default, or ``"cmaes"`` with its step ``sigma``, a
share of each search range; see :func:`_sampler`).

**Loss.** Every trial runs each target's scenario with the trial's parameters on the
same seeds (``replication_seeds(seed, seeds)``: common random numbers across trials)
and sums the targets' distances (:mod:`teamsim.calibration.targets`): squared
distances outside the bands in band widths, averaged over the years for per-year
targets. The bands are shrunk at each end by the setup's ``margin`` (a share of
the band width, default 0) so that the fit keeps off the edges, where a target
fitted on a few seeds falls out on held-out ones. A trial inside every shrunk band
has loss 0.

**Determinism.** One optuna worker asks for one trial at a time; the TPE sampler of
trial *k* is seeded from ``(seed, k)``, so the sequence of trials depends only on the
setup and the losses, not on interruptions; the seeds of one trial run in
``--workers`` processes and come back in order, so the loss does not depend on the
worker count. **Resume**: the study is an SQLite file in ``--out``; running the same
command again continues it (a trial cut off mid-way is marked failed and asked
again, with the same parameters).

**Recheck** (``--recheck K``): the lowest loss of many trials on the same few seeds is
partly the luck of those seeds (a winner's curse: the shipped loss of the eighth study
was 0.27 on its seeds and 0.39-1.05 on five other sets). After the trials, the K
trials of lowest loss are run once more on fresh seeds (root ``seed + 1``, as many),
and the best is the one of lowest mean of its two losses; ``[[recheck]]`` lists them.

**Output** (``--out``/calibrated.toml after every trial, written atomically; with
``--write-defaults`` also the package's ``teamsim/calibration/calibrated.toml``, whose
``[params]`` are the defaults of the calibrated parameters): ``[provenance]``,
``[params]`` (the best trial), ``[[ensemble]]`` (the accepted region: up to
``ensemble`` trials with loss within ``tolerance`` of the best, each with its loss and
parameter values) and ``[[history]]`` (every trial in order, for the reproducibility
test); and ``--out``/trials.csv: every trial's loss, parameters and, for each fitted
target, the simulated median and the distance it adds to the loss (which targets pull).
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from teamsim.calibration import CalibrationError
from teamsim.calibration.runs import Job, Runner
from teamsim.calibration.targets import Target, judge, load_targets, scenario_of, sha256_of
from teamsim.calibration.tomlio import read_toml, table, write_atomic
from teamsim.errors import TeamsimError

STUDY_NAME = "teamsim-calibration"
SETUP_KEYS = {"targets", "seeds", "years", "seed", "trials", "startup_trials", "tolerance",
              "ensemble"}
# optional keys and their values when absent: a setup written before a key existed fits the
# full bands with the TPE sampler
OPTIONAL_KEYS = {"margin": 0.0, "sampler": "tpe", "sigma": 1 / 6}
SAMPLERS = ("tpe", "cmaes")
LOSS_TEXT = ("sum over the targets of the squared distance outside the band, shrunk at each "
             "end by margin band widths, in band widths (per-year targets: mean over the "
             "years); a missing value counts 1 band width")


@dataclass(frozen=True)
class Range:
    """A parameter's search range (whole numbers for integer parameters) and, optionally,
    the value of the first trial (``start``: e.g. the hand-tuned default)."""

    name: str
    low: float
    high: float
    integer: bool
    start: float | None = None


@dataclass(frozen=True)
class Setup:
    """What ``teamsim calibrate`` fits, to which targets, with which budget."""

    params: tuple[Range, ...]
    targets: tuple[Target, ...]
    seeds: int
    years: int
    seed: int
    trials: int
    startup_trials: int
    tolerance: float
    ensemble: int
    source: str
    sha256: str
    targets_source: str
    targets_sha256: str
    margin: float = 0.0
    sampler: str = "tpe"
    sigma: float = 1 / 6


def default_setup_path() -> Path:
    return Path(str(resources.files("teamsim.calibration") / "setup.toml"))


def shipped_path() -> Path:
    """The package's calibrated parameter set (read by teamsim.params and run.py)."""
    return Path(str(resources.files("teamsim.calibration") / "calibrated.toml"))


def load_setup(path: str | Path | None = None, targets_path: str | Path | None = None) -> Setup:
    """Read and check a calibration setup against its targets file.

    Raises:
        CalibrationError: one line naming the file and what is wrong.
    """
    path = Path(path) if path is not None else default_setup_path()
    where = f"calibration setup {path}"
    data = read_toml(path, "calibration setup")
    if set(data) - {"calibration", "params"} or not isinstance(data.get("calibration"), dict):
        raise CalibrationError(f"{where}: expected the tables [calibration] and [params.NAME]")
    conf = data["calibration"]
    unknown = set(conf) - SETUP_KEYS - set(OPTIONAL_KEYS)
    missing = SETUP_KEYS - set(conf)
    if unknown or missing:
        raise CalibrationError(f"{where}: [calibration] " + (
            f"has unknown key(s) {', '.join(sorted(unknown))}" if unknown
            else f"misses {', '.join(sorted(missing))}")
            + f"; keys: {', '.join(sorted(SETUP_KEYS | set(OPTIONAL_KEYS)))}")
    targets = load_targets(targets_path)
    chosen = tuple(_calibration_target(targets, n, where) for n in _names(conf["targets"], where))
    ranges = _ranges(data.get("params"), where)
    for t in chosen:
        both = sorted(set(t.overrides) & {r.name for r in ranges})
        if both:
            raise CalibrationError(f"{where}: parameter {', '.join(both)} is calibrated and also "
                                   f"set by the scenario of target {t.name}")
    whole = {k: _whole(conf[k], k, where, 0 if k == "seed" else 1)
             for k in ("seeds", "years", "seed", "trials", "startup_trials", "ensemble")}
    tolerance = conf["tolerance"]
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or tolerance < 0:
        raise CalibrationError(f"{where}: tolerance = {tolerance!r} must be a number >= 0")
    margin = conf.get("margin", OPTIONAL_KEYS["margin"])
    if isinstance(margin, bool) or not isinstance(margin, (int, float)) or not 0 <= margin < 0.5:
        raise CalibrationError(f"{where}: margin = {margin!r} must be a number from 0 to below "
                               "0.5 (a share of each band's width)")
    sampler = conf.get("sampler", OPTIONAL_KEYS["sampler"])
    if sampler not in SAMPLERS:
        raise CalibrationError(f"{where}: sampler = {sampler!r}: choose one of "
                               + ", ".join(f'"{x}"' for x in SAMPLERS))
    sigma = conf.get("sigma", OPTIONAL_KEYS["sigma"])
    if isinstance(sigma, bool) or not isinstance(sigma, (int, float)) or not 0 < sigma <= 0.5:
        raise CalibrationError(f"{where}: sigma = {sigma!r} must be a number above 0 and at "
                               "most 0.5 (a share of each parameter's search range)")
    if sampler == "cmaes" and ranges[0].start is None:
        raise CalibrationError(f"{where}: sampler = \"cmaes\" searches around the start: give "
                               "start for every parameter")
    return Setup(params=ranges, targets=chosen, tolerance=float(tolerance), source=str(path),
                 margin=float(margin), sampler=sampler, sigma=float(sigma),
                 sha256=sha256_of(path), targets_source=targets.source,
                 targets_sha256=targets.sha256, **whole)


def _names(v: Any, where: str) -> list[str]:
    if not isinstance(v, list) or not v or not all(isinstance(x, str) for x in v):
        raise CalibrationError(f"{where}: targets must be a list of target names")
    return v


def _calibration_target(targets, name: str, where: str) -> Target:
    try:
        t = targets.named(name)
    except CalibrationError:
        raise CalibrationError(f"{where}: unknown target '{name}' (not in "
                               f"{targets.source})") from None
    if t.use != "calibrate":
        raise CalibrationError(f"{where}: target '{name}' is held out (use = \"{t.use}\"): "
                               "fitting to it would leave nothing to validate against")
    return t


def _whole(v: Any, what: str, where: str, low: int) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < low:
        raise CalibrationError(f"{where}: {what} = {v!r} must be a whole number from {low}")
    return v


def _ranges(table_: Any, where: str) -> tuple[Range, ...]:
    from teamsim.params import resolve

    if not isinstance(table_, dict) or not table_:
        raise CalibrationError(f"{where}: expected one or more [params.NAME] tables with low, high")
    out = []
    for name, spec in table_.items():
        label = f"{where}: [params.{name}]"
        try:
            param = resolve(name)
        except TeamsimError as err:
            raise CalibrationError(f"{label}: {err}") from None
        if param.kind not in (int, float):
            raise CalibrationError(f"{label}: only numeric parameters can be calibrated")
        if not isinstance(spec, dict) or not {"low", "high"} <= set(spec) <= {"low", "high",
                                                                               "start"}:
            raise CalibrationError(f"{label}: expected low, high and optionally start")
        low, high, start = spec["low"], spec["high"], spec.get("start", spec["low"])
        if any(isinstance(x, bool) or not isinstance(x, (int, float)) for x in (low, high, start)):
            raise CalibrationError(f"{label}: low, high and start must be numbers")
        if not (param.low <= low < high <= param.high) or not low <= start <= high:
            raise CalibrationError(f"{label}: the range {low:g} to {high:g} must be increasing "
                                   f"and within the parameter's {param.allowed()}, with start "
                                   "inside it")
        out.append(Range(name, float(low), float(high), param.kind is int,
                         float(spec["start"]) if "start" in spec else None))
    starts = [r.start is not None for r in out]
    if any(starts) and not all(starts):
        raise CalibrationError(f"{where}: give start for every parameter or for none")
    return tuple(out)


# ---- one trial --------------------------------------------------------------------------
def trial_jobs(setup: Setup, values: Mapping[str, Any], root: int | None = None
               ) -> dict[tuple, list[Job]]:
    """The runs of one trial: every target scenario with ``values``, on the setup's seeds
    (``setup.seeds`` replication seeds from the root ``root``, default the setup's seed)."""
    from teamsim.run import replication_seeds

    seeds = replication_seeds(setup.seed if root is None else root, setup.seeds)
    keys = dict.fromkeys(t.key for t in setup.targets)
    return {k: [Job(scenario_of(k, values), s, setup.years) for s in seeds] for k in keys}


def evaluate(setup: Setup, values: Mapping[str, Any], runner: Runner,
             root: int | None = None) -> float:
    """The loss of one parameter set (see the module docstring), on the setup's seeds or
    on those of another root seed."""
    return measure(setup, values, runner, root)[0]


def measure(setup: Setup, values: Mapping[str, Any], runner: Runner, root: int | None = None
            ) -> tuple[float, dict[str, list[float]]]:
    """The loss of one parameter set and, for each fitted target, its simulated median
    and its distance (what the loss adds up)."""
    jobs = trial_jobs(setup, values, root)
    tables = runner.map([j for group in jobs.values() for j in group])
    by_key, i = {}, 0
    for key, group in jobs.items():
        by_key[key] = tables[i:i + len(group)]
        i += len(group)
    verdicts = _verdicts(setup, by_key)
    detail = {v.target.name: [v.median, v.distance] for v in verdicts}
    return float(sum(v.distance for v in verdicts)), detail


def loss(setup: Setup, runs: Mapping[tuple, Sequence[Any]]) -> float:
    """The setup's loss on ``runs`` (scenario key -> the yearly tables of its replications)."""
    return float(sum(v.distance for v in _verdicts(setup, runs)))


def _verdicts(setup: Setup, runs: Mapping[tuple, Sequence[Any]]) -> list:
    """Every fitted target judged on its scenario's runs, the distance from its shrunk band."""
    return [judge(t, runs[t.key], setup.margin) for t in setup.targets]


# ---- the study --------------------------------------------------------------------------
def recheck_root(setup: Setup) -> int:
    """The root seed of the recheck's fresh seeds: the setup's seed plus one."""
    return setup.seed + 1


@dataclass(frozen=True)
class Calibration:
    """A calibration's trials in order, its best and its ensemble.

    ``rechecked`` maps trials re-run on fresh seeds (``--recheck``) to their loss there.
    Without rechecks the best is the trial of lowest loss; with them it is the
    rechecked trial of lowest mean of its two losses: the lowest loss of a hundred
    trials on the same few seeds is partly the luck of those seeds (the winner's curse),
    which fresh seeds do not share.
    """

    setup: Setup
    history: tuple[tuple[float, dict[str, Any]], ...]
    wall_time: float
    rechecked: Mapping[int, float] = field(default_factory=dict)

    def pooled(self, k: int) -> float:
        """Trial ``k``'s mean loss over the calibration's seeds and the recheck's."""
        return (self.history[k][0] + self.rechecked[k]) / 2

    @property
    def best(self) -> tuple[int, float, dict[str, Any]]:
        i = self.rechecks_ranked()[0] if self.rechecked else self.ranked()[0]
        return i, *self.history[i]

    def rechecks_ranked(self) -> list[int]:
        """The rechecked trials by their mean loss over both sets of seeds, ties by order."""
        return sorted(self.rechecked, key=lambda k: (self.pooled(k), k))

    def ranked(self) -> list[int]:
        """The trials by loss on the calibration's seeds, ties by order."""
        return sorted(range(len(self.history)), key=lambda k: (self.history[k][0], k))

    def ensemble(self) -> list[tuple[int, float, dict[str, Any]]]:
        """Up to ``ensemble`` trials within ``tolerance`` of the lowest loss, the best first."""
        order = self.ranked()
        lowest = self.history[order[0]][0]
        kept = [k for k in order if self.history[k][0] <= lowest + self.setup.tolerance]
        best = self.best[0]
        kept = [best, *(k for k in kept if k != best)]
        return [(k, *self.history[k]) for k in kept[: self.setup.ensemble]]


def calibrate(setup: Setup, out: str | Path, trials: int | None = None, workers: int = 1,
              progress: Callable[[int, float], None] | None = None,
              command: Sequence[str] | None = None, recheck: int = 0) -> Calibration:
    """Run (or resume) the study in ``out`` up to ``trials`` completed trials.

    ``progress(done, best_loss)`` is called after each trial; ``out``/calibrated.toml is
    rewritten after each trial. ``recheck``: then re-run the ``recheck`` trials of
    lowest loss on fresh seeds (:func:`recheck_root`; each once, kept in the study) and
    make the best the one of lowest mean loss over both (:class:`Calibration`).
    """
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    out = Path(out)
    trials = setup.trials if trials is None else trials
    study = _open_study(setup, out)
    spaces = _distributions(setup)
    started = time.monotonic()
    before = float(study.user_attrs.get("wall_time_s", 0.0))
    with Runner(workers) as runner:
        while len(history := _history(study)) < trials:
            trial = _ask(study, setup, len(history), spaces)
            value, detail = measure(setup, trial.params, runner)
            trial.set_user_attr("targets", detail)
            study.tell(trial, value)
            wall = before + time.monotonic() - started
            study.set_user_attr("wall_time_s", wall)
            result = Calibration(setup, tuple(_history(study)), wall)
            write_atomic(out / "calibrated.toml", to_toml(result, command))
            write_atomic(out / "trials.csv", trials_csv(study, setup))
            if progress is not None:
                progress(len(result.history), result.best[1])
        history = tuple(_history(study))
        if not history:
            raise CalibrationError("no trials to report: give --trials 1 or more")
        done = {int(k): float(v) for k, v in study.user_attrs.get("recheck", {}).items()}
        chosen = Calibration(setup, history, 0.0).ranked()[:recheck]
        for k in chosen:
            if k not in done:
                done[k] = evaluate(setup, history[k][1], runner, recheck_root(setup))
                study.set_user_attr("recheck", {str(i): v for i, v in sorted(done.items())})
                study.set_user_attr("wall_time_s", before + time.monotonic() - started)
    wall = float(study.user_attrs.get("wall_time_s", 0.0))
    result = Calibration(setup, history, wall, {k: done[k] for k in chosen})
    write_atomic(out / "calibrated.toml", to_toml(result, command))
    return result


def replay(setup: Setup, losses: Sequence[float]) -> list[dict[str, Any]]:
    """The parameters a fresh study asks for in trials 0..len(losses), told ``losses``
    for the trials before each (what :func:`calibrate` does, without the runs)."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="minimize")
    spaces = _distributions(setup)
    asked = []
    for k in range(len(losses) + 1):
        trial = _ask(study, setup, k, spaces)
        asked.append(dict(trial.params))
        if k < len(losses):
            study.tell(trial, losses[k])
    return asked


def _open_study(setup: Setup, out: Path):
    import optuna
    from optuna.trial import TrialState

    if out.exists() and not out.is_dir():
        raise CalibrationError(f"calibration folder {out} is a file: give a folder")
    out.mkdir(parents=True, exist_ok=True)
    storage = f"sqlite:///{(out / 'study.db').resolve()}"
    study = optuna.create_study(storage=storage, study_name=STUDY_NAME, direction="minimize",
                                load_if_exists=True)
    identity = {"setup_sha256": setup.sha256, "targets_sha256": setup.targets_sha256,
                "seed": setup.seed}
    if not study.user_attrs:
        for k, v in identity.items():
            study.set_user_attr(k, v)
    elif any(study.user_attrs.get(k) != v for k, v in identity.items()):
        raise CalibrationError(f"calibration folder {out} holds a study of another setup, "
                               "targets file or seed: choose another --out")
    for t in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        study.tell(t.number, state=TrialState.FAIL)  # cut off mid-way: asked again
    return study


def _ask(study, setup: Setup, k: int, spaces: dict):
    """Trial ``k``: the setup's start values for trial 0 (if it has them), else the sampler's."""
    from optuna.trial import TrialState

    study.sampler = _sampler(setup, k)
    starts = _starts(setup)
    if k == 0 and starts and not study.get_trials(deepcopy=False, states=(TrialState.WAITING,)):
        study.enqueue_trial(starts)
    return study.ask(spaces)


def _starts(setup: Setup) -> dict[str, Any]:
    """The setup's start values (whole numbers for integer parameters), {} if it has none."""
    return {r.name: (int(r.start) if r.integer else r.start) for r in setup.params
            if r.start is not None}


def _distributions(setup: Setup) -> dict:
    from optuna.distributions import FloatDistribution, IntDistribution

    return {r.name: (IntDistribution(int(r.low), int(r.high)) if r.integer
                     else FloatDistribution(r.low, r.high)) for r in setup.params}


def _sampler(setup: Setup, k: int):
    """The sampler of trial ``k``, so that a resumed study asks the same trials as an
    uninterrupted one.

    ``"tpe"``: optuna's TPE, seeded from (seed, k). ``"cmaes"``: optuna's CMA-ES (the
    ``cmaes`` package) started at the setup's ``start`` values with a step of ``sigma``
    times each search range: a local search around a known good set, which a global
    sampler in this many dimensions does not improve on within a hundred trials (the
    TPE study of results/calib-v18 never beat its start). Its state, random generator
    included, travels with the study's trials, so only its first generation's seed is
    set here, from the setup's seed alone.
    """
    import warnings

    import numpy as np
    import optuna

    if setup.sampler == "cmaes":
        seed = int(np.random.SeedSequence(setup.seed).generate_state(1)[0])
        x0 = _starts(setup)
        with warnings.catch_warnings():  # x0 and sigma0: deprecated in optuna 4.9, kept to 6.0
            warnings.simplefilter("ignore", FutureWarning)
            return optuna.samplers.CmaEsSampler(
                x0=x0, sigma0=setup.sigma, seed=seed, n_startup_trials=0,
                warn_independent_sampling=False,
                independent_sampler=optuna.samplers.RandomSampler(seed=seed))
    seed = int(np.random.SeedSequence(setup.seed, spawn_key=(k,)).generate_state(1)[0])
    return optuna.samplers.TPESampler(seed=seed, n_startup_trials=setup.startup_trials,
                                      multivariate=True, constant_liar=False)


def _history(study) -> list[tuple[float, dict[str, Any]]]:
    from optuna.trial import TrialState

    done = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    return [(float(t.value), dict(t.params)) for t in sorted(done, key=lambda t: t.number)]


def trials_csv(study, setup: Setup) -> str:
    """Every completed trial: its loss, parameters and, for each fitted target, the
    simulated median and the distance the loss adds (empty for trials run before the
    study recorded them)."""
    import csv
    import io

    from optuna.trial import TrialState

    names = [r.name for r in setup.params]
    targets = [t.name for t in setup.targets]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["trial", "loss", *names, *(f"{t}:{c}" for t in targets
                                           for c in ("median", "distance"))])
    done = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    for k, trial in enumerate(sorted(done, key=lambda t: t.number)):
        detail = trial.user_attrs.get("targets", {})
        measured = []
        for name in targets:
            measured += [repr(float(x)) for x in detail[name]] if name in detail else ["", ""]
        w.writerow([k, repr(float(trial.value)), *(repr(trial.params[n]) for n in names),
                    *measured])
    return buf.getvalue()


# ---- the output file --------------------------------------------------------------------
def to_toml(result: Calibration, command: Sequence[str] | None = None) -> str:
    """The calibrated set as TOML: provenance, params, ensemble, history."""
    setup = result.setup
    best_k, best_loss, best = result.best
    names = [r.name for r in setup.params]
    parts = [
        "# Written by teamsim calibrate; see teamsim/calibration/calibrate.py for the loss.\n",
        table("provenance", _provenance(result, best_k, best_loss, command)),
        table("params", {n: best[n] for n in names}),
    ]
    for k in result.rechecks_ranked():
        parts.append(table("recheck", {"trial": k, "loss": result.history[k][0],
                                       "recheck_loss": result.rechecked[k],
                                       "mean_loss": result.pooled(k)}, array=True))
    for k, loss, values in result.ensemble():
        parts.append(table("ensemble", {"trial": k, "loss": loss, **{n: values[n] for n in names}},
                           array=True))
    for k, (loss, values) in enumerate(result.history):
        parts.append(table("history", {"trial": k, "loss": loss,
                                       **{n: values[n] for n in names}}, array=True))
    return "\n".join(parts)


def _provenance(result: Calibration, best_k: int, best_loss: float,
                command: Sequence[str] | None) -> dict[str, Any]:
    from teamsim.run import _git_state, _version

    setup = result.setup
    commit, dirty = _git_state()
    return {
        "command": " ".join(command) if command else "teamsim calibrate",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": commit or "unknown",
        "git_dirty": bool(dirty),
        "teamsim_version": _version("teamsim") or "unknown",
        "optuna_version": _version("optuna") or "unknown",
        "mesa_version": _version("mesa") or "unknown",
        "python_version": platform.python_version(),
        "seed": setup.seed,
        "seeds": setup.seeds,
        "years": setup.years,
        "trials": len(result.history),
        "best_trial": best_k,
        "best_loss": best_loss,
        **({"recheck_seed": recheck_root(setup), "rechecked": len(result.rechecked),
            "best_recheck_loss": result.rechecked[best_k],
            "best": "the rechecked trial of lowest mean loss over the calibration's seeds "
                    "and the recheck's"} if result.rechecked else {}),
        "tolerance": setup.tolerance,
        "margin": setup.margin,
        "sampler": setup.sampler if setup.sampler == "tpe" else f"{setup.sampler} (sigma {setup.sigma:g})",
        "loss": LOSS_TEXT,
        "targets": [t.name for t in setup.targets],
        "targets_sha256": setup.targets_sha256,
        "setup_sha256": setup.sha256,
        "wall_time_s": round(result.wall_time, 1),
    }


def read_calibrated(path: str | Path | None = None) -> dict[str, Any]:
    """The tables of a calibrated.toml (default the package's); {} if there is none."""
    path = Path(path) if path is not None else shipped_path()
    if not path.is_file():
        return {}
    return read_toml(path, "calibrated parameter file")


def ensemble_members(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The parameter sets of the ensemble, best first, without their loss and trial."""
    rows = read_calibrated(path).get("ensemble", [])
    return [{k: v for k, v in row.items() if k not in ("trial", "loss")} for row in rows]

