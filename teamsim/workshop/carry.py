"""Which assumption carries the result? Mechanisms off in turn, effect sizes low and high.

For a scenario against its baseline this analysis runs, on the same seeds
(common random numbers):

* the **full** comparison, as the scenario and baseline stand;
* each **mechanism switched off** in turn (:data:`teamsim.params.SWITCHES`),
  *in the scenario and the baseline alike*: what is left of the change is the
  part that does not need that mechanism. The decision mechanism has no switch:
  "off" means the scenario uses the baseline's ``policy`` (the baseline is
  unchanged). A switch already off in both, or a policy the two share, is
  left out and listed in :attr:`CarryResult.skipped`;
* each **key effect size** (:data:`KEY_EFFECTS`) at its low and at its high
  value, again in both.

Two results are followed, each over the whole simulated period:

* **placement-years** (anbringelsesår, Herning's "årspladser"): the sum over
  the years of the mean number of children placed;
* **net cost**: the sum over the years of total spending (placements,
  measures and staff), whose scenario-minus-baseline difference is the net.

For each variant, **remaining** = mean change without it / mean full change
(means over the replications of the paired differences). 1 (100%) means the
assumption does not matter for the result, 0 that the whole change
disappears without it, a negative value that the change reverses, above 1
that the assumption works against the change. **Sign and small
denominators**: the ratio keeps signs as they are (it is a share of the
full change, whichever way that goes); when the full change is smaller than
:data:`FLOOR_SHARE` of the baseline's level (or :data:`FLOOR_ABSOLUTE`)
there is no change to split and the shares are not computed (NaN, shown as
"too small to split").

Rows are ranked by **dependence** = the largest ``|1 - remaining|`` over the
row's variants (for a switch: how much of the change disappears, or is added,
without it; for an effect size: how far the change moves between its low and
high value), largest first; rows without a share come last.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teamsim.errors import ParameterError
from teamsim.params import BY_NAME, SWITCHES, Params
from teamsim.workshop import WorkshopError, text

if TYPE_CHECKING:
    import pandas as pd

    from teamsim.scenarios import Scenario

TARGETS = ("placements", "net")
FLOOR_SHARE = 0.005
"""A full change below this share of the baseline's level is too small to split."""
FLOOR_ABSOLUTE = {"placements": 0.5, "net": 50_000.0}
"""...and below these absolute amounts (placement-years; kr.) in any case."""

Progress = Callable[[int, int], None]
"""Called as ``progress(runs_done, runs_total)`` after each simulation run."""


@dataclass(frozen=True)
class Effect:
    """A key effect size and the plausible range a workshop should try."""

    name: str
    low: float
    high: float
    why: str


def _halved_and_doubled(name: str) -> tuple[float, float]:
    """Half and double the shipped default, read from the registry so that the range
    follows the default (a calibrated one moves with each calibration)."""
    default = float(BY_NAME[name].default)
    return default / 2, default * 2


KEY_EFFECTS: tuple[Effect, ...] = (
    Effect("meeting_need_effect", 0.0, 0.4,
           "from no direct effect (family group conferences, evidence-staffing.md §0) to double"),
    Effect("meeting_kin_gain", *_halved_and_doubled("meeting_kin_gain"),
           "half and double the default (assumption)"),
    Effect("meeting_breakdown_reduction", *_halved_and_doubled("meeting_breakdown_reduction"),
           "half and double the default (assumption)"),
    Effect("stepdown_margin", *_halved_and_doubled("stepdown_margin"),
           "half and double the default (assumption)"),
    Effect("kin_meetings_scale", *_halved_and_doubled("kin_meetings_scale"),
           "half and double m0: meetings needed to mobilise kin (evidence-staffing.md §8c)"),
    Effect("threshold_institution", float(BY_NAME["traditional_institution_threshold"].default),
           8.8, "from traditional practice's threshold (calibrated: no difference) to 8.8"),
    Effect("tie_detection_effect", *_halved_and_doubled("tie_detection_effect"),
           "half and double the default (assumption)"),
    Effect("ppr_detection_effect", *_halved_and_doubled("ppr_detection_effect"),
           "half and double the default (assumption)"),
    Effect("missed_followup_breakdown_factor", 1.0, 2.0,
           "from no effect of overdue follow-ups to twice the hazard"),
    Effect("treatment_recovery", *_halved_and_doubled("treatment_recovery"),
           "half and double the calibrated default"),
)
"""Effect sizes varied by default. The registry's ranges (``teamsim params``) are the
limits of what the model accepts; these are narrower ranges a workshop can argue about."""

SKIP_SWITCHES = ("population_on",)
"""Switches left out by default: a closed population that does not age changes what is
simulated (the children), not an assumption about the team."""


@dataclass(frozen=True)
class Variant:
    """One variant of the comparison: what is changed in the scenario and the baseline."""

    row: str            # switch name, "policy" or the effect's parameter name
    kind: str           # "switch" | "policy" | "effect"
    level: str          # "off" | "low" | "high"
    value: Any
    scenario_overrides: dict[str, Any]
    baseline_overrides: dict[str, Any]

    @property
    def mechanism(self) -> str:
        return "decisions" if self.kind == "policy" else BY_NAME[self.row].mechanism


@dataclass(frozen=True)
class Change:
    """Scenario minus baseline of the two results, per seed, for one variant."""

    placements: tuple[float, ...]
    net: tuple[float, ...]
    baseline_placements: tuple[float, ...]
    baseline_cost: tuple[float, ...]

    def mean(self, target: str) -> float:
        values = getattr(self, target)
        return sum(values) / len(values)

    def baseline_level(self, target: str) -> float:
        values = self.baseline_placements if target == "placements" else self.baseline_cost
        return abs(sum(values) / len(values))


@dataclass(frozen=True)
class CarryRow:
    """One assumption: its variants' changes and the share of the full change left."""

    row: str
    kind: str
    mechanism: str
    variants: tuple[Variant, ...]
    changes: tuple[Change, ...]
    remaining: Mapping[str, tuple[float, ...]]  # target -> share per variant

    def dependence(self, target: str) -> float:
        """Largest ``|1 - remaining|`` over the variants (NaN if no share)."""
        shares = [abs(1 - r) for r in self.remaining[target] if math.isfinite(r)]
        return max(shares) if shares else math.nan

    def label(self, lang: str) -> str:
        return text.param_label(self.row, lang)

    def detail(self, lang: str) -> str:
        """What was done: "switched off", or "low 0.2 – high 0.8"."""
        if self.kind == "switch":
            return text.t("carry_kind_switch", lang)
        if self.kind == "policy":
            return text.t("carry_kind_policy", lang)
        low, high = self.variants
        return (f"{text.t('carry_low', lang)} {text.param_value(self.row, low.value, lang)} – "
                f"{text.t('carry_high', lang)} {text.param_value(self.row, high.value, lang)}")


@dataclass(frozen=True)
class CarryResult:
    """The analysis: the full change, one row per assumption, and what was left out."""

    scenario: str
    baseline: str
    years: int
    seed: int
    seeds: tuple[int, ...]
    full: Change
    rows: tuple[CarryRow, ...]
    skipped: tuple[tuple[str, str], ...] = ()  # (row, reason key)
    scenario_overrides: Mapping[str, Any] = field(default_factory=dict)
    baseline_overrides: Mapping[str, Any] = field(default_factory=dict)

    @property
    def replications(self) -> int:
        return len(self.seeds)

    def splittable(self, target: str) -> bool:
        """Whether the full change is large enough to split (see the module docstring)."""
        return _splittable(self.full, target)

    def rank_target(self, target: str = "placements") -> str:
        """The target the ranking uses: ``target``, or the other one if only that one has a
        change large enough to split."""
        _check_target(target)
        other = "net" if target == "placements" else "placements"
        return other if not self.splittable(target) and self.splittable(other) else target

    def ranking(self, target: str = "placements") -> list[CarryRow]:
        """Rows by dependence on ``target`` ("placements" or "net"), largest first (by the
        other target if the change in ``target`` is too small to split, see
        :meth:`rank_target`)."""
        target = self.rank_target(target)

        def key(row: CarryRow) -> tuple[int, float, int]:
            d = row.dependence(target)
            other = row.dependence("net" if target == "placements" else "placements")
            return (0 if math.isfinite(d) else 1, -d if math.isfinite(d) else 0.0,
                    -other if math.isfinite(other) else 0.0)

        return sorted(self.rows, key=key)

    def carried(self, target: str = "placements") -> dict[str, float]:
        """Per mechanism, the share of the change that disappears without it
        (1 - remaining of its switch, or of the policy for decisions): for the diagram."""
        out = {}
        for row in self.rows:
            if row.kind in ("switch", "policy"):
                share = 1 - row.remaining[target][0]
                if row.mechanism not in out or abs(share) > abs(out[row.mechanism]):
                    out[row.mechanism] = share
        return out

    def table(self, target: str = "placements") -> pd.DataFrame:
        """One line per variant, ranked by dependence on ``target``: the changes (means over
        replications) and the shares remaining."""
        import pandas as pd

        lines = []
        for rank, row in enumerate(self.ranking(target), start=1):
            for variant, change, r_p, r_n in zip(row.variants, row.changes,
                                                 row.remaining["placements"],
                                                 row.remaining["net"], strict=True):
                lines.append({
                    "rank": rank, "assumption": row.row, "kind": row.kind,
                    "mechanism": row.mechanism, "level": variant.level,
                    "value": variant.value,
                    "placement_years_change": change.mean("placements"),
                    "net_change_kr": change.mean("net"),
                    "placements_remaining": r_p, "net_remaining": r_n,
                    "dependence": row.dependence(target),
                })
        lines.append({"rank": 0, "assumption": "full", "kind": "full", "mechanism": "",
                      "level": "", "value": "",
                      "placement_years_change": self.full.mean("placements"),
                      "net_change_kr": self.full.mean("net"),
                      "placements_remaining": 1.0 if self.splittable("placements") else math.nan,
                      "net_remaining": 1.0 if self.splittable("net") else math.nan,
                      "dependence": math.nan})
        table = pd.DataFrame(lines)
        table.insert(0, "scenario", self.scenario)
        table.insert(1, "baseline", self.baseline)
        table["years"], table["replications"], table["seed"] = (self.years, self.replications,
                                                                 self.seed)
        return table


# ---- variants -------------------------------------------------------------------------------
def variants(scenario: Scenario, baseline: Scenario,
             effects: Iterable[Effect] = KEY_EFFECTS,
             switches: Iterable[str] | None = None
             ) -> tuple[list[Variant], list[tuple[str, str]]]:
    """The variants of the analysis and the rows left out (row, reason key).

    Args:
        switches: the switches to turn off (default every switch of
            :data:`teamsim.params.SWITCHES` except :data:`SKIP_SWITCHES`), plus
            "policy" for the decision mechanism (included by default).
    """
    chosen = ([*(s for s in SWITCHES if s not in SKIP_SWITCHES), "policy"]
              if switches is None else list(switches))
    out: list[Variant] = []
    skipped: list[tuple[str, str]] = []
    for name in chosen:
        if name == "policy":
            if scenario.params.policy == baseline.params.policy:
                skipped.append(("policy", "carry_same_policy"))
                continue
            out.append(Variant("policy", "policy", "off", baseline.params.policy,
                               {"policy": baseline.params.policy}, {}))
            continue
        if name not in SWITCHES:
            raise WorkshopError(f"'{name}' is not a mechanism switch: choose from "
                                f"{', '.join(SWITCHES)} or policy")
        if not scenario.params[name] and not baseline.params[name]:
            skipped.append((name, "carry_same_both"))
            continue
        out.append(Variant(name, "switch", "off", False, {name: False}, {name: False}))
    for effect in effects:
        if effect.name not in BY_NAME:
            raise WorkshopError(f"unknown effect size '{effect.name}' ('teamsim params' lists "
                                "the parameters)")
        for level, value in (("low", effect.low), ("high", effect.high)):
            BY_NAME[effect.name].coerce(value)  # within the registry's range
            out.append(Variant(effect.name, "effect", level, value, {effect.name: value},
                               {effect.name: value}))
    return out, skipped


# ---- running --------------------------------------------------------------------------------
def carry(scenario: str | Path | Scenario, baseline: str | Path | Scenario | None = None,
          years: int = 4, replications: int = 3, seed: int = 0,
          effects: Iterable[Effect] = KEY_EFFECTS, switches: Iterable[str] | None = None,
          workers: int = 1, progress: Progress | None = None,
          baseline_overrides: Mapping[str, Any] | None = None,
          **overrides: Any) -> CarryResult:
    """Run the "which assumption carries it" analysis (see the module docstring).

    Args:
        scenario: preset name, TOML path or Scenario.
        baseline: default the scenario's own baseline.
        years: years simulated in every run.
        replications: seeds per variant, ``replication_seeds(seed, replications)``: the
            same seeds as ``teamsim run SCENARIO --seed S --replications R --compare``.
        effects: the effect sizes to vary (default :data:`KEY_EFFECTS`; ``()`` for none).
        switches: the switches to turn off (default all but :data:`SKIP_SWITCHES`, and
            the policy).
        workers: processes to run in (1 = in this process).
        progress: called after each run with (runs done, runs in all).
        baseline_overrides, **overrides: parameters of the baseline / the scenario.

    Raises:
        TeamsimError: a bad scenario, parameter, number of years, replications, seed or
            workers; nothing is run then.
    """
    from teamsim.run import _baseline_of, _check_years, replication_seeds
    from teamsim.scenarios import load_scenario

    spec = load_scenario(scenario, **overrides)
    base_overrides = dict(baseline_overrides or {})
    base = load_scenario(_baseline_of(spec, baseline), **base_overrides)
    years = _check_years(years)
    seeds = replication_seeds(seed, replications)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise WorkshopError(f"workers = {workers!r} is not allowed: expected a whole number "
                            "from 1")
    chosen, skipped = variants(spec, base, tuple(effects), switches)
    # every variant's pair of scenarios; a variant whose values do not fit together
    # (e.g. thresholds out of order) is left out, not fatal
    pairs: list[tuple[Variant | None, Scenario, Scenario]] = [(None, spec, base)]
    for v in chosen:
        try:
            pairs.append((v, spec.with_params(**v.scenario_overrides),
                          base.with_params(**v.baseline_overrides)))
        except ParameterError as err:
            skipped.append((f"{v.row} ({v.level})", str(err)))
    jobs: dict[tuple, tuple[Scenario, int, Scenario]] = {}
    for _, s, b in pairs:
        for sd in seeds:  # both start from the baseline's steady state
            jobs.setdefault(_key(s, sd), (s, sd, b))
            jobs.setdefault(_key(b, sd), (b, sd, b))
    values = _run_jobs(jobs, years, workers, progress)

    def change(s: Scenario, b: Scenario) -> Change:
        sv = [values[_key(s, sd)] for sd in seeds]
        bv = [values[_key(b, sd)] for sd in seeds]
        return Change(tuple(x[0] - y[0] for x, y in zip(sv, bv, strict=True)),
                      tuple(x[1] - y[1] for x, y in zip(sv, bv, strict=True)),
                      tuple(y[0] for y in bv), tuple(y[1] for y in bv))

    full = change(spec, base)
    by_row: dict[str, list[tuple[Variant, Change]]] = {}
    for v, s, b in pairs[1:]:
        by_row.setdefault(v.row, []).append((v, change(s, b)))
    rows = []
    for name, items in by_row.items():
        vs = tuple(v for v, _ in items)
        cs = tuple(c for _, c in items)
        remaining = {t: tuple(_share(c, full, t) for c in cs) for t in TARGETS}
        rows.append(CarryRow(name, vs[0].kind, vs[0].mechanism, vs, cs, remaining))
    return CarryResult(spec.name, base.name, years, seed, tuple(seeds), full, tuple(rows),
                       tuple(skipped), dict(overrides), base_overrides)


def _key(spec: Scenario, seed: int) -> tuple:
    return (tuple(sorted((k, repr(v)) for k, v in spec.params.items())), seed)


def _share(change: Change, full: Change, target: str) -> float:
    if not _splittable(full, target):
        return math.nan
    return change.mean(target) / full.mean(target)


def _splittable(full: Change, target: str) -> bool:
    floor = max(FLOOR_ABSOLUTE[target], FLOOR_SHARE * full.baseline_level(target))
    return abs(full.mean(target)) >= floor


def _check_target(target: str) -> None:
    if target not in TARGETS:
        raise WorkshopError(f"target '{target}' is not allowed: choose one of "
                            f"{', '.join(TARGETS)}")


def _run_jobs(jobs: Mapping[tuple, tuple[Scenario, int, Scenario]], years: int, workers: int,
              progress: Progress | None) -> dict[tuple, tuple[float, float]]:
    total, done = len(jobs), 0
    out: dict[tuple, tuple[float, float]] = {}
    if workers == 1 or total == 1:
        for key, (spec, sd, start) in jobs.items():
            out[key] = _targets(spec.name, dict(spec.params), sd, years, dict(start.params))
            done += 1
            if progress is not None:
                progress(done, total)
        return out
    # fork is quick and needs no importable __main__, but is unsafe in a threaded process
    # (an app server): there each worker is a fresh interpreter
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=min(workers, total), mp_context=context) as pool:
        futures = {pool.submit(_targets, spec.name, dict(spec.params), sd, years,
                               dict(start.params)): key
                   for key, (spec, sd, start) in jobs.items()}
        for future in as_completed(futures):
            out[futures[future]] = future.result()
            done += 1
            if progress is not None:
                progress(done, total)
    return out


def _targets(name: str, params: dict[str, Any], seed: int, years: int,
             start: dict[str, Any]) -> tuple[float, float]:
    """Placement-years and total spending (kr.) of one run over the whole period."""
    from teamsim.run import run
    from teamsim.scenarios import Scenario

    result = run(Scenario(name=name, params=Params(params)), years=years, seed=seed,
                 start=Scenario(name="start", params=Params(start)))
    return (float(result.yearly["placed"].sum()), float(result.budget.loc["Total"].sum()))


# ---- the chart ------------------------------------------------------------------------------
CHART_W, LABEL_W, PLOT_W, VALUE_W, ROW_H = 960, 300, 230, 100, 30
AXIS_LO, AXIS_HI = -0.5, 1.5
TARGET_COLOUR = {"placements": "#0969da", "net": "#bf8700"}


def carry_svg(result: CarryResult, lang: str = "da", target: str = "placements",
              limit: int | None = None) -> str:
    """The ranked chart: per assumption, the share of the change in placement-years and in
    net cost that remains (axis -50% to 150%, beyond that marked at the edge).

    Deterministic: depends only on its arguments.
    """
    text.check_lang(lang)
    _check_target(target)
    rows = result.ranking(target)[:limit] if limit else result.ranking(target)
    panel = PLOT_W
    top = 74
    height = top + ROW_H * len(rows) + 58
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="teamsim-carry" '
            f'viewBox="0 0 {CHART_W} {height}" width="{CHART_W}" height="{height}" '
            f'font-family="Helvetica, Arial, sans-serif" role="img" '
            f'aria-label="{escape(text.t("carry_title", lang))}">'),
           f'<rect width="{CHART_W}" height="{height}" fill="#ffffff"/>',
           (f'<text x="8" y="20" font-size="15" font-weight="bold" fill="#24292f">'
           f'{escape(text.t("carry_title", lang))}</text>'),
           (f'<text x="8" y="38" font-size="11" fill="#57606a">'
           f'{escape(_setup_line(result, lang))}</text>')]
    for i, tgt in enumerate(TARGETS):
        x0 = LABEL_W + 10 + i * (PLOT_W + VALUE_W)
        heading = f"{text.t('carry_' + tgt, lang)}: {text.t('carry_remaining', lang).lower()}"
        if not result.splittable(tgt):
            heading += f" ({text.t('carry_too_small', lang)})"
        out.append(f'<text x="{x0 + panel / 2}" y="60" font-size="12" font-weight="bold" '
                   f'text-anchor="middle" fill="{TARGET_COLOUR[tgt]}">{escape(heading)}</text>')
        for tick in (-0.5, 0, 0.5, 1, 1.5):
            x = _x(tick, x0, panel)
            strong = tick in (0, 1)
            out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" '
                       f'y2="{top + ROW_H * len(rows)}" stroke="'
                       f'{"#57606a" if strong else "#d0d7de"}" stroke-width="'
                       f'{1.2 if strong else 0.8}"'
                       f'{"" if strong else " stroke-dasharray=\"3,3\""}/>')
            out.append(f'<text x="{x:.1f}" y="{top + ROW_H * len(rows) + 14}" font-size="10" '
                       f'text-anchor="middle" fill="#57606a">'
                       f'{escape(text.percent(tick, lang))}</text>')
    for r, row in enumerate(rows):
        y = top + r * ROW_H
        if r % 2 == 0:
            out.append(f'<rect x="0" y="{y}" width="{CHART_W}" height="{ROW_H}" '
                       f'fill="#f6f8fa"/>')
        out.append(f'<g class="carry-row" data-row="{row.row}" data-rank="{r + 1}" '
                   f'data-mechanism="{row.mechanism}">')
        out.append(f'<text x="8" y="{y + 13}" font-size="11.5" fill="#24292f">'
                   f'{r + 1}. {escape(_clip(row.label(lang), 46))}</text>')
        out.append(f'<text x="22" y="{y + 25}" font-size="9.5" fill="#57606a">'
                   f'{escape(_clip(text.mechanism_label(row.mechanism, lang), 30))} · '
                   f'{escape(row.detail(lang))}</text>')
        for i, tgt in enumerate(TARGETS):
            x0 = LABEL_W + 10 + i * (PLOT_W + VALUE_W)
            out.append(_row_marks(row, tgt, x0, panel, y, lang))
        out.append('</g>')
    ranked_by = result.rank_target(target)
    foot = (text.t("carry_ranked_by", lang, target=text.t("carry_" + ranked_by, lang).lower())
            + f". ○ {text.t('carry_low', lang)}, ● {text.t('carry_high', lang)}.")
    out.append(f'<text x="8" y="{height - 24}" font-size="10" fill="#57606a">'
               f'{escape(foot)}</text>')
    if result.skipped:
        items = ", ".join(f"{_row_name(r, lang)} ({text.t(why, lang) if why.startswith('carry_') else why})"
                          for r, why in result.skipped)
        out.append(f'<text x="8" y="{height - 10}" font-size="10" fill="#57606a">'
                   f'{escape(_clip(text.t("carry_skipped", lang, items=items), 170))}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _row_name(row: str, lang: str) -> str:
    name = row.split(" (")[0]
    return text.param_label(name, lang) if name in BY_NAME else row


def _x(share: float, x0: float, panel: float) -> float:
    clipped = min(max(share, AXIS_LO), AXIS_HI)
    return x0 + (clipped - AXIS_LO) / (AXIS_HI - AXIS_LO) * panel


def _row_marks(row: CarryRow, target: str, x0: float, panel: float, y: float,
               lang: str) -> str:
    colour = TARGET_COLOUR[target]
    shares = row.remaining[target]
    if not any(math.isfinite(s) for s in shares):
        return (f'<text x="{x0 + panel / 2}" y="{y + 19}" font-size="10" text-anchor="middle" '
                f'fill="#57606a">–</text>')
    base = _x(0, x0, panel)
    parts = []
    if row.kind == "effect":
        low, high = shares
        xl, xh = _x(low, x0, panel), _x(high, x0, panel)
        parts.append(f'<line x1="{min(xl, xh):.1f}" y1="{y + 15}" x2="{max(xl, xh):.1f}" '
                     f'y2="{y + 15}" stroke="{colour}" stroke-width="6" stroke-opacity="0.45"/>')
        for x, share, level in ((xl, low, "low"), (xh, high, "high")):
            fill = colour if level == "high" else "#ffffff"
            parts.append(f'<circle cx="{x:.1f}" cy="{y + 15}" r="4.5" fill="{fill}" '
                         f'stroke="{colour}" stroke-width="1.5"><title>'
                         f'{escape(text.t("carry_" + level, lang))}: '
                         f'{escape(text.percent(share, lang))}</title></circle>')
        label = f"{text.percent(low, lang)} – {text.percent(high, lang)}"
    else:
        (share,) = shares
        x = _x(share, x0, panel)
        parts.append(f'<rect class="bar" x="{min(base, x):.1f}" y="{y + 8}" '
                     f'width="{abs(x - base):.1f}" height="14" fill="{colour}" '
                     f'fill-opacity="0.8"/>')
        if share < AXIS_LO or share > AXIS_HI:
            parts.append(f'<text x="{x:.1f}" y="{y + 19}" font-size="11" text-anchor="middle" '
                         f'fill="#ffffff">{"◀" if share < AXIS_LO else "▶"}</text>')
        label = text.percent(share, lang)
    parts.append(f'<text x="{x0 + panel + VALUE_W - 12:.1f}" y="{y + 19}" font-size="10" '
                 f'text-anchor="end" fill="#24292f" class="share">{escape(label)}</text>')
    return "".join(parts)


def _clip(line: str, width: int) -> str:
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def _setup_line(result: CarryResult, lang: str) -> str:
    setup = text.t("carry_setup", lang, scenario=result.scenario, baseline=result.baseline,
                   years=result.years, reps=result.replications, seed=result.seed)
    full = text.t("carry_full_line", lang,
                  placements=text.number(result.full.mean("placements"), lang, 1, signed=True),
                  net=text.mkr(result.full.mean("net"), lang, 1, signed=True))
    return f"{setup}. {full}."
