"""The per-session state of the app: one :class:`AppState` per browser session.

Every browser session (a page load) renders its own ``Page``, which makes its own
``AppState`` with ``solara.use_memo`` and hands it down with a Solara context, so
two planners on one server never share settings, models or results. Components
read it with :func:`use_app_state`:

    state = use_app_state()
    lang = state.lang.value          # "da" or "en" (reading it re-renders on a switch)
    s = state.settings.value         # the current Settings (immutable)
    model = state.model()            # this session's TeamSim (created on first use)

``state.settings`` holds what the planner chose (scenario preset, parameter
overrides, baseline, years, seed, replications); changing it through
:meth:`AppState.apply` validates the new settings first and, when they are
valid, builds a fresh model (week 0) for them. ``state.tick`` is bumped after
every change of the models, so a component that reads ``state.tick.value``
re-renders after each simulated week; the week-by-week view does not read it (a
render walks the whole page): its figures are set in place by functions given to
:meth:`AppState.subscribe` (see :mod:`teamsim.app.live`).
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import pandas as pd
import solara

from teamsim.app import municipality
from teamsim.app.municipality import scenario_of
from teamsim.errors import RunError, TeamsimError
from teamsim.i18n import DEFAULT_LANG, LANGS
from teamsim.run import WEEKS_PER_YEAR, replication_seeds
from teamsim.scenarios import Scenario, load_scenario, preset_names

if TYPE_CHECKING:
    from teamsim.core.model import TeamSim
    from teamsim.run import Comparison

DEFAULT_SCENARIO = "herning-pilot"
DEFAULT_BASELINE = "herning-2012"
DEFAULT_YEARS = 4
DEFAULT_REPLICATIONS = 10
PLAY_INTERVAL = 0.05  # seconds between frames while playing (rendering takes longer)
# weeks simulated per frame while playing (Mesa's ModelController calls it render_interval):
# the page redraws every 4 weeks instead of after every week
PLAY_WEEKS_PER_FRAME = 4
PROGRESS_INTERVAL = 0.2  # seconds between progress updates of a comparison
LANG_ENV = "TEAMSIM_LANG"  # `teamsim app --lang en` sets it for the server process
MAX_SAVED = 4  # named scenarios a session keeps
MAX_NAME = 40
# the national scenario takes about 15 s a week and 2 GB: the CLI's, not the app's
NOT_IN_APP = frozenset({"denmark"})


def app_presets() -> list[str]:
    """The presets the app offers (the national scale is left to the CLI)."""
    return [name for name in preset_names() if name not in NOT_IN_APP]


@lru_cache(maxsize=32)
def preset(name: str) -> Scenario:
    """A preset scenario, read once (Scenario is immutable)."""
    return load_scenario(name)


@lru_cache(maxsize=1)
def uncertainty() -> str:
    """"parameters" when the model ships a calibrated parameter ensemble
    (:func:`teamsim.run.has_parameter_ensemble`), else "runs" (run-to-run variation only).
    Read once: the ensemble is a file of the package."""
    from teamsim.run import has_parameter_ensemble

    return "parameters" if has_parameter_ensemble() else "runs"


def default_lang() -> str:
    """The language a new session starts in: $TEAMSIM_LANG if valid, else Danish."""
    lang = os.environ.get(LANG_ENV, "").strip().lower()
    return lang if lang in LANGS else DEFAULT_LANG


@dataclass(frozen=True)
class Settings:
    """What the planner has chosen. Immutable: use :meth:`replace` for a variant.

    Attributes:
        scenario: preset name (``teamsim.scenarios.preset_names()``).
        overrides: parameter values set in the form on top of the preset (validated).
        baseline: preset the scenario is compared with (default herning-2012).
        years: years to simulate (52 weeks each).
        seed: the seed of the week-by-week run (``TeamSim(..., rng=seed)``) and the
            root seed of the comparison's replications.
        replications: runs of the scenario and of the baseline in a comparison.
        own: the TOML text of the planner's own municipality (built from ``figures`` or
            uploaded); when given it is the baseline, and the scenario is it with the
            overrides (``scenario`` and ``baseline`` are then not used).
        figures: the municipality's figures as typed in the form (to show them again).
    """

    scenario: str = DEFAULT_SCENARIO
    overrides: Mapping[str, Any] = field(default_factory=dict)
    baseline: str = DEFAULT_BASELINE
    years: int = DEFAULT_YEARS
    seed: int = 0
    replications: int = DEFAULT_REPLICATIONS
    own: str = ""
    figures: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "overrides", MappingProxyType(dict(self.overrides)))
        object.__setattr__(self, "figures", MappingProxyType(dict(self.figures)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Settings):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple:
        return (self.scenario, tuple(sorted(self.overrides.items())), self.baseline,
                self.years, self.seed, self.replications, self.own,
                tuple(sorted(self.figures.items())))

    def replace(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @property
    def weeks(self) -> int:
        return self.years * WEEKS_PER_YEAR

    def base_spec(self) -> Scenario:
        """The scenario before the overrides: the own municipality, else the preset."""
        return scenario_of(self.own) if self.own else preset(self.scenario)

    def spec(self) -> Scenario:
        """The scenario with the overrides (raises TeamsimError if they do not fit)."""
        return self.base_spec().with_params(**self.overrides)

    def baseline_spec(self) -> Scenario:
        return scenario_of(self.own) if self.own else preset(self.baseline)

    def value(self, name: str) -> Any:
        """The value of parameter ``name`` in effect: the override, else the scenario's."""
        return self.overrides[name] if name in self.overrides else self.base_spec().params[name]

    def model_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``TeamSim`` for the week-by-week run."""
        return {"scenario": self.spec(), "rng": self.seed}

    def baseline_model_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``TeamSim`` for the baseline run beside it (same seed)."""
        return {"scenario": self.baseline_spec(), "rng": self.seed}

    def compare_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :func:`teamsim.run.compare` (add ``progress=``); with
        parameter uncertainty when the model offers it (:func:`uncertainty`)."""
        kwargs = {"scenario": self.spec(), "baseline": self.baseline_spec(),
                  "years": self.years, "seeds": replication_seeds(self.seed, self.replications)}
        if uncertainty() == "parameters":
            kwargs["uncertainty"] = "parameters"
        return kwargs

    def title(self, lang: str) -> str:
        """The scenario's title ("Herning-piloten 2013-2016"), marked * when changed."""
        spec = self.base_spec()
        title = (spec.title_da or spec.title) if lang == "da" else (spec.title or spec.name)
        return title + ("*" if self.overrides else "")

    def baseline_title(self, lang: str) -> str:
        spec = self.baseline_spec()
        return (spec.title_da or spec.title) if lang == "da" else (spec.title or spec.name)

    # ---- in the URL -------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"s": self.scenario, "b": self.baseline, "y": self.years,
                               "seed": self.seed, "r": self.replications}
        if self.overrides:
            out["o"] = dict(self.overrides)
        if self.own:
            out["own"] = self.own
        if self.figures:
            out["f"] = dict(self.figures)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """Settings from :meth:`to_dict` (validated; raises TeamsimError if not valid)."""
        if not isinstance(data, Mapping):
            raise RunError("settings must be a table")
        settings = cls(scenario=data.get("s", DEFAULT_SCENARIO),
                       baseline=data.get("b", DEFAULT_BASELINE),
                       years=data.get("y", DEFAULT_YEARS), seed=data.get("seed", 0),
                       replications=data.get("r", DEFAULT_REPLICATIONS),
                       overrides=data.get("o", {}), own=data.get("own", ""),
                       figures=data.get("f", {}))
        validate(settings)
        return settings


@dataclass(frozen=True)
class Named:
    """A named set of settings the planner keeps (at most :data:`MAX_SAVED`)."""

    name: str
    settings: Settings


def encode_page(lang: str, settings: Settings, saved: tuple[Named, ...]) -> str:
    """The page's URL query: the language and, packed, the settings and named scenarios."""
    data = {"settings": settings.to_dict(),
            "saved": [{"name": n.name, "settings": n.settings.to_dict()} for n in saved]}
    raw = zlib.compress(json.dumps(data, sort_keys=True, separators=(",", ":")).encode(), 9)
    return f"lang={lang}&p={base64.urlsafe_b64encode(raw).decode().rstrip('=')}"


def decode_page(packed: str) -> tuple[Settings, tuple[Named, ...]]:
    """The settings and named scenarios of :func:`encode_page`'s ``p`` (raises
    TeamsimError naming what cannot be read)."""
    try:
        raw = base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4))
        data = json.loads(zlib.decompress(raw))
        settings = Settings.from_dict(data.get("settings", {}))
        saved = tuple(Named(str(n["name"])[:MAX_NAME], Settings.from_dict(n["settings"]))
                      for n in data.get("saved", [])[:MAX_SAVED])
    except (ValueError, zlib.error, TypeError, KeyError, AttributeError):
        raise RunError("the link's p= part is not a teamsim page") from None
    return settings, saved


@dataclass(frozen=True)
class ComparisonResult:
    """A finished comparison and the settings it was run with."""

    settings: Settings
    comparison: Comparison


class AppState:
    """Everything one browser session holds (see the module docstring).

    Attributes (``solara.Reactive``; read ``.value`` inside a component to re-render
    when they change):
        lang: "da" or "en".
        settings: the current :class:`Settings`.
        tick: bumped whenever the models change (a step, a reset; while playing, once
            per frame of PLAY_WEEKS_PER_FRAME weeks); the functions given to
            :meth:`subscribe` are called then too.
        at_end: all the chosen years are simulated (changes only at the end and at a
            reset, so the controller re-renders then, not every week).
        comparison: the last :class:`ComparisonResult`, or None.
        job: the background comparison (:class:`Job`: running, weeks done of total,
            cancelled, error).
        playing: the week-by-week run is playing.
        message: the last problem to show above the form (None when all is well).
        building: the own municipality's baseline is being built (:meth:`build_own`).
        build_problem: why the last build was refused (the builder's one line), or None.
    """

    def __init__(self, lang: str | None = None, settings: Settings | None = None,
                 saved: tuple[Named, ...] = ()) -> None:
        self.lang = solara.reactive(lang if lang in LANGS else default_lang())
        self.settings = solara.reactive(settings or Settings())
        self.saved: solara.Reactive[tuple[Named, ...]] = solara.reactive(tuple(saved))
        self.tick = solara.reactive(0)
        self.at_end = solara.reactive(False)
        self._listeners: list[Callable[[], None]] = []
        # not self.lock: a page subscribing must not wait for models being built under it
        self._listeners_lock = threading.Lock()
        self._settings_lock = threading.RLock()  # reading and changing the settings
        self.comparison: solara.Reactive[ComparisonResult | None] = solara.reactive(None)
        # the saved scenarios' comparisons (same seeds and years as their settings say)
        self.side_by_side: solara.Reactive[tuple[tuple[str, ComparisonResult], ...]] = \
            solara.reactive(())
        self._results: dict[Settings, ComparisonResult] = {}
        self.playing = solara.reactive(False)
        self.message: solara.Reactive[str | None] = solara.reactive(None)
        self.job = solara.reactive(Job())
        self.building = solara.reactive(False)
        self.build_problem: solara.Reactive[str | None] = solara.reactive(None)
        self._cancel = threading.Event()
        self._models: tuple[TeamSim, TeamSim] | None = None
        self._models_for: Settings | None = None
        self._series: tuple[pd.DataFrame, pd.DataFrame] | None = None
        self._series_for: tuple[int, int] | None = None
        self.lock = threading.RLock()  # stepping, resetting and reading the models

    # ---- the week-by-week models ------------------------------------------------------
    def model(self) -> TeamSim:
        """This session's model for the current settings (built on first use)."""
        return self._ensure()[0]

    def baseline_model(self) -> TeamSim:
        """The baseline model stepped alongside :meth:`model` on the same seed."""
        return self._ensure()[1]

    def _ensure(self) -> tuple[TeamSim, TeamSim]:
        with self.lock:
            settings = self.settings.value
            if self._models is None or self._models_for != settings:
                from teamsim.core.model import TeamSim

                self._models = (TeamSim(**settings.model_kwargs()),
                                TeamSim(**settings.baseline_model_kwargs()))
                self._models_for = settings
            return self._models

    def series(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The scenario's and the baseline's weekly series now, made once a week for
        everything the page shows of it (do not change them: copy first). Their column
        labels are plain Python strings: looking a column up in pandas' Arrow-backed
        labels costs more than the charts' drawing."""
        with self.lock:
            model, base = self._ensure()
            key = (id(model), model.week)
            if self._series_for != key:
                frames = []
                for run in (model, base):
                    df = run.series()
                    df.columns = pd.Index(list(df.columns), dtype=object)
                    frames.append(df)
                self._series, self._series_for = (frames[0], frames[1]), key
            return self._series

    def models_ready(self) -> bool:
        """The models of the current settings are built (reading them is quick)."""
        return self._models is not None and self._models_for == self.settings.value

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener()`` after every change of the models (a step, a reset, new
        settings); returns the function that unsubscribes it."""
        with self._listeners_lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._listeners_lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _changed(self) -> None:
        """The models changed: re-render what reads ``tick``, update what subscribed."""
        self.tick.value += 1
        self.at_end.value = self.finished
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener()

    @property
    def week(self) -> int:
        """The week the current settings' run is at (0 before its models are built)."""
        models = self._models
        return models[0].week if models is not None and self.models_ready() else 0

    @property
    def finished(self) -> bool:
        """All the chosen years are simulated."""
        return self.week >= self.settings.value.weeks

    def step(self, weeks: int = 1) -> int:
        """Simulate up to ``weeks`` weeks of the scenario and the baseline (never past the
        chosen years); returns the weeks simulated."""
        with self.lock:
            model, base = self._ensure()
            n = max(0, min(weeks, self.settings.value.weeks - model.week))
            if n:
                model.run_for(n)
                base.run_for(n)
        if n:
            self._changed()
        return n

    def reset(self) -> None:
        """Start the week-by-week run again at week 0 with the current settings."""
        with self.lock:
            self._models = None
        self.playing.value = False
        self._changed()

    # ---- settings ---------------------------------------------------------------------
    def apply(self, **changes: Any) -> Settings:
        """Change the settings after validating them; the models restart at week 0.

        ``changes`` are fields of :class:`Settings`; ``overrides`` replaces the whole
        override dict. Changing ``scenario`` alone drops the overrides (the form shows
        the new preset's values).

        Raises:
            TeamsimError: the new settings are not valid (nothing is changed).
        """
        # one change at a time: two fields entered at once are two event handlers, and a
        # second one that read the settings before the first wrote them would undo it.
        # Not self.lock: that waits for models being built (the page's first seconds)
        with self._settings_lock:
            current = self.settings.value
            if "scenario" in changes and "overrides" not in changes:
                changes["overrides"] = {}
            if "scenario" in changes and "baseline" not in changes:
                own_baseline = preset(changes["scenario"]).baseline if isinstance(
                    changes["scenario"], str) and changes["scenario"] in app_presets() else None
                if own_baseline in app_presets():  # a scenario's own baseline is used
                    changes["baseline"] = own_baseline
            new = current.replace(**changes)
            validate(new)
            if new == current:
                return new
            self.playing.value = False
            self.settings.value = new  # the models of other settings are not used again
        self.message.value = None
        self._changed()
        return new

    def set_override(self, name: str, value: Any) -> Settings:
        """Set one parameter (validated); a value equal to the preset's drops the override."""
        with self._settings_lock:
            current = self.settings.value
            overrides = dict(current.overrides)
            if value == current.base_spec().params[name]:
                overrides.pop(name, None)
            else:
                overrides[name] = value
            return self.apply(overrides=overrides)

    def build_own(self, values: Mapping[str, Any], title: str) -> bool:
        """Build the municipality's baseline from its figures in the builder's process
        (:func:`teamsim.app.municipality.start_build`) and make it the baseline when done;
        a refusal goes to ``build_problem``. False if a build is under way."""
        with self.lock:
            if self.building.value:
                return False
            self.building.value = True
        self.build_problem.value = None
        future = municipality.start_build(values, title)
        future.add_done_callback(lambda f: self._built(f, dict(values)))
        return True

    def _built(self, future, values: dict[str, Any]) -> None:
        try:
            toml = future.result()
            self.apply(own=toml, figures=values, overrides={})
        except TeamsimError as err:
            self.build_problem.value = str(err)
        except Exception as err:  # noqa: BLE001 - shown in the page, never a traceback
            self.build_problem.value = f"{type(err).__name__}: {err}"
        finally:
            self.building.value = False

    # ---- named scenarios --------------------------------------------------------------
    def save(self, name: str) -> None:
        """Keep the current settings under ``name`` (replacing one of that name).

        Raises:
            RunError: no name, too long, or already :data:`MAX_SAVED` others.
        """
        name = name.strip()
        if not 1 <= len(name) <= MAX_NAME:
            raise RunError(f"a saved scenario needs a name of 1 to {MAX_NAME} characters")
        others = tuple(n for n in self.saved.value if n.name != name)
        if len(others) >= MAX_SAVED:
            raise RunError(f"at most {MAX_SAVED} saved scenarios: delete one first")
        self.saved.value = (*others, Named(name, self.settings.value))

    def delete(self, name: str) -> None:
        self.saved.value = tuple(n for n in self.saved.value if n.name != name)

    def use(self, name: str) -> None:
        """Make the saved scenario ``name`` the current settings."""
        for named in self.saved.value:
            if named.name == name:
                self.apply(**{f: getattr(named.settings, f) for f in
                              ("scenario", "overrides", "baseline", "years", "seed",
                               "replications", "own", "figures")})

    def close(self) -> None:
        """The session ended: stop its threads and let go of its models and results."""
        self.playing.value = False
        self._cancel.set()
        with self.lock:
            self._models = None
            self._results.clear()
        with self._listeners_lock:
            self._listeners.clear()
        self.comparison.value = None
        self.side_by_side.value = ()

    # ---- playing ----------------------------------------------------------------------
    def play(self, interval: float = PLAY_INTERVAL,
             weeks_per_frame: int = PLAY_WEEKS_PER_FRAME) -> None:
        """Step ``weeks_per_frame`` weeks at a time (one re-render each) in a background
        thread until paused or finished."""
        with self.lock:
            if self.playing.value or self.finished:
                return
            self.playing.value = True
            threading.Thread(target=self._play, args=(interval, weeks_per_frame), daemon=True,
                             name="teamsim-play").start()

    def pause(self) -> None:
        self.playing.value = False

    def _play(self, interval: float, weeks_per_frame: int) -> None:
        try:
            while self.playing.value and self.step(weeks_per_frame):
                time.sleep(interval)
        finally:
            self.playing.value = False

    # ---- the comparison ---------------------------------------------------------------
    def start_comparison(self) -> bool:
        """Run the comparison of the current settings in a background thread; progress
        in ``state.job``, the result in ``state.comparison``. False if one is running."""
        with self.lock:
            if self.job.value.running:
                return False
            settings = self.settings.value
            todo = [s for s in dict.fromkeys([settings, *(n.settings for n in self.saved.value)])
                    if s not in self._results]
            total = sum(2 * s.replications * s.weeks for s in todo)
            self._cancel.clear()
            self.job.value = Job(running=True, done=0, total=total)
        threading.Thread(target=self._compare, args=(todo,), daemon=True,
                         name="teamsim-compare").start()
        return True

    def cancel_comparison(self) -> None:
        self._cancel.set()

    def _compare(self, todo: list[Settings]) -> None:
        total = sum(2 * s.replications * s.weeks for s in todo)
        done, shown = 0, time.monotonic()

        def progress(n: int) -> None:
            nonlocal done, shown
            if self._cancel.is_set():
                raise _Cancelled
            done += n
            now = time.monotonic()
            if now - shown >= PROGRESS_INTERVAL:  # throttled: a re-render per update
                shown = now
                self.job.value = Job(running=True, done=done, total=total)

        try:
            for settings in todo:
                self.run_comparison(progress, settings)
            self.show_results()
        except _Cancelled:
            self.job.value = Job(done=done, total=total, cancelled=True)
        except TeamsimError as err:
            self.job.value = Job(done=done, total=total, error=str(err))
        except Exception as err:  # noqa: BLE001 - shown in the page, never a traceback
            self.job.value = Job(done=done, total=total, error=f"{type(err).__name__}: {err}")
        else:
            self.job.value = Job(done=total, total=total)

    def run_comparison(self, progress: Callable[[int], None] | None = None,
                       settings: Settings | None = None) -> ComparisonResult:
        """Run the comparison of ``settings`` (default: the current ones) and keep it as
        ``state.comparison``. Slow: the app calls it from a thread (start_comparison)."""
        from teamsim.run import compare

        settings = settings or self.settings.value
        result = self._results.get(settings)
        if result is None:
            result = ComparisonResult(settings, compare(**settings.compare_kwargs(),
                                                        progress=progress))
            with self.lock:
                self._results[settings] = result
        self.show_results()
        return result

    def show_results(self) -> None:
        """Show the comparisons there are for the current settings and the saved ones."""
        with self.lock:
            results = dict(self._results)
        current = results.get(self.settings.value)
        if current is not None:
            self.comparison.value = current
        self.side_by_side.value = tuple((n.name, results[n.settings])
                                        for n in self.saved.value if n.settings in results)


class _Cancelled(Exception):
    """Raised from the progress callback to stop a comparison."""


@dataclass(frozen=True)
class Job:
    """The state of the background comparison: weeks simulated of the total, and how
    it ended (``cancelled`` or an ``error`` message)."""

    running: bool = False
    done: int = 0
    total: int = 0
    cancelled: bool = False
    error: str | None = None

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


def validate(settings: Settings) -> None:
    """Raise TeamsimError naming the problem if ``settings`` cannot be run."""
    from teamsim.app.controls import MAX_REPLICATIONS, MAX_YEARS
    from teamsim.run import _check_seed, _whole

    for name in (settings.scenario, settings.baseline):
        if not settings.own and name not in app_presets():
            raise RunError(f"unknown scenario '{name}' in the app: choose one of "
                           f"{', '.join(app_presets())} (the national scale: use the CLI)")
    settings.spec()
    settings.baseline_spec()
    _whole(settings.years, "years", 1, MAX_YEARS)
    _check_seed(settings.seed)
    _whole(settings.replications, "replications", 1, MAX_REPLICATIONS)


# ---- reaching the state from a component -------------------------------------------------
AppContext = solara.create_context(None)


def use_app_state() -> AppState:
    """The session's :class:`AppState`, from inside any component under the app's Page."""
    state = solara.use_context(AppContext)
    if state is None:
        raise TeamsimError("use_app_state() called outside the teamsim app's Page")
    return state


def provide_app_state(state: AppState) -> None:
    """Make ``state`` the one :func:`use_app_state` returns below the calling component."""
    AppContext.provide(state)
