"""The app's theory-of-change tab (Forandringsteori): the chain live, stories, carry, handout.

Registered in :data:`teamsim.app.tabs.EXTRA_TABS` as ``WorkshopView(state=app_state)``.

* **Free mode** uses the planner's settings from the app's form (scenario, changed
  parameters, baseline, years, seed, replications); a comparison already run in the
  app's comparison tab for the same settings is reused.
* **A story** (:mod:`teamsim.workshop.stories`) takes the scenario, baseline and
  settings from the chosen step; years, seed and replications still come from the form.

"Run" compares the scenario with the baseline in a background thread and draws the
chain with each box's values; "Which assumption carries it?" runs
:func:`teamsim.workshop.carry.carry` (mechanisms off in turn, optionally the effect
sizes too) and shows the ranked chart (and its shares on the diagram's arrows); the
handout button downloads the printable HTML of what is on the screen.

The tab's own state (story, step, results, progress) lives in a
:class:`WorkshopState` kept per app session, so it survives switching tabs and is
never shared between two browser sessions.
"""

from __future__ import annotations

import html
import threading
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import solara

from teamsim.errors import TeamsimError
from teamsim.workshop import text
from teamsim.workshop.chain import box_values, chain_svg, load_chain
from teamsim.workshop.stories import Story, load_stories

if TYPE_CHECKING:
    from teamsim.app.state import AppState

CARRY_REPLICATIONS = 3  # at most, in the app: the carry analysis runs many comparisons
PROGRESS_INTERVAL = 0.25  # seconds between progress updates

STYLE = """
.teamsim-ws-chain svg, .teamsim-ws-carry svg { width: 100%; height: auto; }
.teamsim-ws-question { font-size: 16px; font-weight: 600; margin: 4px 0; }
.teamsim-ws-hint { color: #57606a; font-size: 13px; }
"""


@dataclass(frozen=True)
class RunConfig:
    """What to compare: scenario, baseline and their parameters, years, seed, replications."""

    scenario: str
    baseline: str
    overrides: tuple[tuple[str, Any], ...] = ()
    baseline_overrides: tuple[tuple[str, Any], ...] = ()
    years: int = 4
    seed: int = 0
    replications: int = 10

    def seeds(self) -> list[int]:
        from teamsim.run import replication_seeds

        return replication_seeds(self.seed, self.replications)


@dataclass(frozen=True)
class Job:
    """A background run of the tab: what it is, how far it got, how it ended."""

    kind: str = ""           # "compare" | "carry"
    running: bool = False
    done: int = 0
    total: int = 0
    error: str | None = None

    @property
    def percent(self) -> float:
        return 100 * self.done / self.total if self.total else 0.0


@dataclass
class WorkshopState:
    """The tab's state in one app session (see the module docstring)."""

    story: solara.Reactive[str | None] = field(default_factory=lambda: solara.reactive(None))
    step: solara.Reactive[int] = field(default_factory=lambda: solara.reactive(0))
    effects: solara.Reactive[bool] = field(default_factory=lambda: solara.reactive(False))
    result: solara.Reactive[tuple[RunConfig, Any] | None] = field(
        default_factory=lambda: solara.reactive(None))
    carried: solara.Reactive[tuple[RunConfig, Any] | None] = field(
        default_factory=lambda: solara.reactive(None))
    job: solara.Reactive[Job] = field(default_factory=lambda: solara.reactive(Job()))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, kind: str, config: RunConfig, effects: bool = False) -> bool:
        """Run a comparison ("compare") or the carry analysis ("carry") in a thread."""
        with self.lock:
            if self.job.value.running:
                return False
            self.job.value = Job(kind, running=True)
        target = self._compare if kind == "compare" else self._carry
        threading.Thread(target=target, args=(config, effects), daemon=True,
                         name=f"teamsim-workshop-{kind}").start()
        return True

    def _progress(self, kind: str):
        shown = [0.0]

        def report(done: int, total: int) -> None:
            now = time.monotonic()
            if now - shown[0] >= PROGRESS_INTERVAL or done == total:
                shown[0] = now
                self.job.value = Job(kind, running=True, done=done, total=total)

        return report

    def _compare(self, config: RunConfig, effects: bool) -> None:
        from teamsim.run import WEEKS_PER_YEAR, compare

        weeks = config.years * WEEKS_PER_YEAR
        total = 2 * config.replications
        report, count = self._progress("compare"), [0]

        def weekly(n: int) -> None:
            count[0] += n
            report(count[0] // weeks, total)

        def work() -> None:
            comparison = compare(config.scenario, config.baseline, years=config.years,
                                 seeds=config.seeds(), progress=weekly,
                                 baseline_overrides=dict(config.baseline_overrides),
                                 **dict(config.overrides))
            self.result.value = (config, comparison)

        self._finish("compare", work)

    def _carry(self, config: RunConfig, effects: bool) -> None:
        from teamsim.workshop import carry

        def work() -> None:
            result = carry.carry(
                config.scenario, config.baseline, years=config.years,
                replications=min(config.replications, CARRY_REPLICATIONS), seed=config.seed,
                effects=carry.KEY_EFFECTS if effects else (), workers=1,
                progress=self._progress("carry"),
                baseline_overrides=dict(config.baseline_overrides), **dict(config.overrides))
            self.carried.value = (config, result)

        self._finish("carry", work)

    def _finish(self, kind: str, work) -> None:
        try:
            work()
        except TeamsimError as err:
            self.job.value = Job(kind, error=str(err))
        except Exception as err:  # noqa: BLE001 - shown in the tab, never a traceback
            self.job.value = Job(kind, error=f"{type(err).__name__}: {err}")
        else:
            self.job.value = Job(kind)


_SESSIONS: weakref.WeakKeyDictionary[Any, WorkshopState] = weakref.WeakKeyDictionary()


def workshop_state(app_state: AppState) -> WorkshopState:
    """The tab's state for this app session (created on first use)."""
    if app_state not in _SESSIONS:
        _SESSIONS[app_state] = WorkshopState()
    return _SESSIONS[app_state]


def current_config(app_state: AppState, story: Story | None, step: int) -> RunConfig:
    """The comparison the tab shows: the story's step, or the app's own settings."""
    s = app_state.settings.value
    if story is None:
        return RunConfig(s.scenario, s.baseline, tuple(sorted(s.overrides.items())), (),
                         s.years, s.seed, s.replications)
    chosen = story.steps[min(step, len(story.steps) - 1)]
    return RunConfig(story.scenario, story.baseline, tuple(sorted(chosen.settings.items())),
                     tuple(sorted(chosen.baseline_settings.items())), s.years, s.seed,
                     s.replications)


def _stories() -> dict[str, Story]:
    return {s.name: s for s in load_stories()}


# ---- components -------------------------------------------------------------------------------
@solara.component
def WorkshopView(state: AppState):
    """The theory-of-change tab."""
    lang = state.lang.value
    ws = workshop_state(state)
    stories = solara.use_memo(_stories, [])
    story = stories.get(ws.story.value) if ws.story.value else None
    step = ws.step.value if story is not None else 0
    chain = solara.use_memo(lambda: load_chain(story.chain if story else "herning"),
                            [story.chain if story else "herning"])
    config = current_config(state, story, step)
    result = ws.result.value
    app_result = state.comparison.value
    if story is None and app_result is not None and (
            result is None or result[0] != config) and app_result.settings == state.settings.value:
        result = (config, app_result.comparison)  # run in the comparison tab already
    carried = ws.carried.value
    job = ws.job.value

    solara.Style(STYLE)
    solara.Markdown(f"### {chain.heading(lang)}")
    solara.Text(chain.about(lang), classes=["teamsim-ws-hint"])
    StoryPicker(ws, stories, lang)
    if story is not None:
        StoryStep(ws, story, step, lang)
    else:
        solara.Text(text.t("view_free", lang, scenario=config.scenario,
                           baseline=config.baseline), classes=["teamsim-ws-hint"])
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Button(text.t("view_run", lang), color="primary", disabled=job.running,
                      on_click=lambda: ws.start("compare", config))
        solara.Button(text.t("view_carry", lang), outlined=True, disabled=job.running,
                      on_click=lambda: ws.start("carry", config, ws.effects.value))
        solara.Checkbox(label=text.t("view_effects", lang), value=ws.effects)
        if result is not None and result[0] == config:
            Handout(result, carried, chain, story, lang, config)
    solara.Text(text.t("view_setup", lang, years=config.years, reps=config.replications,
                       carry_reps=min(config.replications, CARRY_REPLICATIONS),
                       seed=config.seed), classes=["teamsim-ws-hint"])
    if job.running:
        solara.ProgressLinear(value=job.percent)
        solara.HTML(tag="div", attributes={"data-testid": "workshop-progress"},
                    unsafe_innerHTML=html.escape(text.t(
                        "view_running_" + job.kind, lang, done=job.done, total=job.total or "?")))
    elif job.error:
        solara.Error(text.t("view_failed", lang, error=job.error))
    values, carried_shares = None, None
    if result is not None:
        if result[0] != config:
            solara.Warning(text.t("view_stale", lang))
        else:
            values = box_values(chain, result[1])
    elif not job.running:
        solara.Info(text.t("view_none", lang))
    if carried is not None and carried[0] == config:
        carried_shares = carried[1].carried("placements")
    svg = solara.use_memo(lambda: chain_svg(chain, values, lang, carried_shares),
                          [id(chain), id(result[1]) if values else None, lang,
                           id(carried[1]) if carried_shares else None])
    solara.HTML(tag="div", unsafe_innerHTML=svg, classes=["teamsim-ws-chain"],
                attributes={"data-testid": "workshop-chain",
                            "data-has-values": "yes" if values else "no"})
    if carried is not None:
        CarryPanel(carried, config, lang)


@solara.component
def StoryPicker(ws: WorkshopState, stories: Mapping[str, Story], lang: str):
    def choose(name: str | None) -> None:
        ws.story.value = name or None
        ws.step.value = 0

    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, gap="4px"):
        solara.Text(text.t("story", lang) + ":")
        solara.Button(text.t("view_no_story", lang), small=True, color="primary",
                      outlined=ws.story.value is not None, on_click=lambda: choose(None))
        for name, story in stories.items():
            solara.Button(story.heading(lang), small=True, color="primary",
                          outlined=ws.story.value != name,
                          on_click=lambda n=name: choose(n))


@solara.component
def StoryStep(ws: WorkshopState, story: Story, step: int, lang: str):
    chosen = story.steps[step]
    solara.Text(story.about(lang), classes=["teamsim-ws-hint"])
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, gap="4px"):
        solara.Button("‹", small=True, disabled=step == 0,
                      on_click=lambda: ws.step.set(max(0, step - 1)))
        for i in range(len(story.steps)):
            solara.Button(str(i + 1), small=True, color="primary", outlined=i != step,
                          on_click=lambda i=i: ws.step.set(i))
        solara.Button("›", small=True, disabled=step >= len(story.steps) - 1,
                      on_click=lambda: ws.step.set(min(len(story.steps) - 1, step + 1)))
        solara.Text(text.t("step_of", lang, n=step + 1, total=len(story.steps)) + ": "
                    + chosen.heading(lang))
    solara.HTML(tag="div", classes=["teamsim-ws-question"],
                attributes={"data-testid": "workshop-question"},
                unsafe_innerHTML=html.escape(f"{text.t('question', lang)}: {chosen.ask(lang)}"))
    settings = ", ".join(f"{text.param_label(k, lang)} = {text.param_value(k, v, lang)}"
                         for k, v in chosen.settings.items()) or text.t("no_settings", lang)
    base = ", ".join(f"{text.param_label(k, lang)} = {text.param_value(k, v, lang)}"
                     for k, v in chosen.baseline_settings.items())
    line = (f"{text.t('settings', lang)}: {story.scenario} – {settings} | "
            f"{text.t('col_baseline', lang)}: {story.baseline}" + (f" – {base}" if base else ""))
    solara.Text(line, classes=["teamsim-ws-hint"])
    look = ""
    if chosen.look_at:
        chain = load_chain(story.chain)
        look = ", ".join(chain.box(b).text(lang) for b in chosen.look_at) + ". "
    solara.Text(f"{text.t('look_at', lang)}: {look}{chosen.hint(lang)}",
                classes=["teamsim-ws-hint"])
    if chosen.carry:
        solara.Text(text.t("view_carry_hint", lang), classes=["teamsim-ws-hint"])


@solara.component
def CarryPanel(carried: tuple[RunConfig, Any], config: RunConfig, lang: str):
    from teamsim.workshop.carry import carry_svg

    run_config, result = carried
    solara.Markdown(f"#### {text.t('carry_title', lang)}")
    if run_config != config:
        solara.Warning(text.t("view_carry_stale", lang))
    solara.Text(text.t("carry_explain", lang), classes=["teamsim-ws-hint"])
    svg = solara.use_memo(lambda: carry_svg(result, lang), [id(result), lang])
    solara.HTML(tag="div", unsafe_innerHTML=svg, classes=["teamsim-ws-carry"],
                attributes={"data-testid": "workshop-carry"})
    solara.FileDownload(lambda: result.table().to_csv(index=False).encode("utf-8"),
                        filename=f"teamsim-carry-{result.scenario}-vs-{result.baseline}.csv",
                        label=text.t("view_carry_csv", lang), mime_type="text/csv")


@solara.component
def Handout(result: tuple[RunConfig, Any], carried: tuple[RunConfig, Any] | None, chain,
            story: Story | None, lang: str, config: RunConfig):
    from teamsim.workshop.handout import handout_html

    carry_result = carried[1] if carried is not None and carried[0] == config else None

    def data() -> bytes:
        return handout_html(result[1], chain, lang, carry_result, story,
                            seed=config.seed).encode("utf-8")

    name = f"teamsim-handout-{config.scenario}-vs-{config.baseline}-{lang}.html"
    solara.FileDownload(data, filename=name, label=text.t("view_handout", lang),
                        mime_type="text/html")
