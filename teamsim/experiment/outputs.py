"""What an experiment keeps of each run: end-of-run indicators and a time series.

**Indicators** are one number per run, computed from the run's weekly series
(:meth:`teamsim.TeamSim.series`):

* stocks and shares (children placed, caseload, wellbeing, ...): the mean over
  the last simulated year, the state at the end of the run;
* flows and costs (placements started, breakdowns, kr.): the mean per year over
  the whole run, so experiments of different lengths compare;
* ratios of flows (waiting weeks, share of follow-ups held): over the whole run.

The ``net_*`` indicators compare a run with the baseline run of the same
replication (same seed, common random numbers): the run's cost minus the
baseline's. They need a baseline and are computed when the results are
assembled (:mod:`.store`), not by the run itself.

**Time series** are the weekly series summed (flows, costs) or averaged (stocks,
shares) over periods of a week, a quarter (13 weeks) or a year (52 weeks). A
period is labelled by its last week (``week``) and its calendar ``year``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from teamsim.core.outcomes import COUNTERS, STAFF, STEP_COST

if TYPE_CHECKING:
    import pandas as pd

WEEKS_PER_YEAR = 52


Weeks = dict[str, np.ndarray]
"""A run's weekly series as arrays by column, weeks 1, 2, ... (the initial state left out)."""


@dataclass(frozen=True)
class Indicator:
    """An end-of-run indicator: its name, unit, meaning and how a run computes it."""

    name: str
    unit: str
    doc: str
    compute: Callable[[Weeks, int], float] | None = None
    net_of: str | None = None  # a net indicator: this indicator minus the baseline's

    @property
    def is_net(self) -> bool:
        return self.net_of is not None


def _last_year(col: str) -> Callable[[Weeks, int], float]:
    def compute(weeks: Weeks, years: int) -> float:
        return float(weeks[col][-WEEKS_PER_YEAR:].mean())
    return compute


def _per_year(*cols: str) -> Callable[[Weeks, int], float]:
    def compute(weeks: Weeks, years: int) -> float:
        return float(sum(weeks[c].sum() for c in cols) / years)
    return compute


def _final_year_sum(*cols: str) -> Callable[[Weeks, int], float]:
    def compute(weeks: Weeks, years: int) -> float:
        return float(sum(weeks[c][-WEEKS_PER_YEAR:].sum() for c in cols))
    return compute


def _ratio(num: str, *den: str) -> Callable[[Weeks, int], float]:
    def compute(weeks: Weeks, years: int) -> float:
        d = float(sum(weeks[c].sum() for c in den))
        return float(weeks[num].sum()) / d if d > 0 else float("nan")
    return compute


def _share_last_year(part: tuple[str, ...], whole: str) -> Callable[[Weeks, int], float]:
    def compute(weeks: Weeks, years: int) -> float:
        d = float(weeks[whole][-WEEKS_PER_YEAR:].sum())
        n = float(sum(weeks[c][-WEEKS_PER_YEAR:].sum() for c in part))
        return n / d if d > 0 else float("nan")
    return compute


_PLACEMENT_COSTS = ("cost_kinship", "cost_foster", "cost_institution")
_STAFF_COSTS = tuple(f"cost_{attr}" for attr, _ in STAFF)

INDICATORS: dict[str, Indicator] = {i.name: i for i in (
    Indicator("placed", "children", "children placed (steps 4-6), mean over the last year",
              _last_year("placed")),
    Indicator("placed_share", "share of children",
              "share of children placed, mean over the last year",
              _share_last_year(("placed",), "children")),
    Indicator("institutions", "children",
              "children in institutions (step 6), mean over the last year", _last_year("step_6")),
    Indicator("family_placement_share", "share of placements",
              "kinship and foster placements / all placements, last year (Herning goal 75%)",
              _share_last_year(("step_4", "step_5"), "placed")),
    Indicator("home_based", "children",
              "children with home-based measures (step 3), mean over the last year",
              _last_year("step_3")),
    Indicator("preventive", "children",
              "children with preventive measures (step 2), mean over the last year",
              _last_year("step_2")),
    Indicator("placements_started", "per year", "placements started, mean per year",
              _per_year("placements_started")),
    Indicator("emergency_placements", "per year", "emergency placements, mean per year",
              _per_year("emergency_placements")),
    Indicator("breakdowns", "per year", "placement breakdowns, mean per year",
              _per_year("breakdowns")),
    Indicator("returns_home", "per year", "placed children returning home, mean per year",
              _per_year("returns_home")),
    Indicator("notifications", "per year", "notifications (underretninger), mean per year",
              _per_year("notifications")),
    Indicator("waiting_weeks", "weeks", "mean wait from notification to assessment, whole run",
              _ratio("wait_weeks_sum", "assessments_started")),
    Indicator("followups_held_share", "share", "follow-ups held / (held + missed), whole run",
              _ratio("followups_held", "followups_held", "followups_missed")),
    Indicator("meetings_held", "per year", "network meetings held, mean per year",
              _per_year("meetings_held")),
    Indicator("caseload_mean", "cases per caseworker",
              "caseload per caseworker, mean over the last year", _last_year("caseload_mean")),
    Indicator("wellbeing_sdq", "SDQ-like score (lower is better)",
              "mean wellbeing score of all children, last year", _last_year("wellbeing_sdq")),
    Indicator("ordinary_school_share", "share of school-age children",
              "school-age children in ordinary school, mean over the last year",
              _last_year("ordinary_school_share")),
    Indicator("cost_total", "kr. per year", "total cost (measures and staff), mean per year",
              _per_year("cost_total")),
    Indicator("cost_placements", "kr. per year", "cost of placements, mean per year",
              _per_year(*_PLACEMENT_COSTS)),
    Indicator("cost_staff", "kr. per year", "cost of staff, mean per year",
              _per_year(*_STAFF_COSTS)),
    Indicator("cost_total_final_year", "kr.", "total cost in the last year",
              _final_year_sum("cost_total")),
    Indicator("net_cost", "kr. per year",
              "total cost minus the baseline's (same seed), mean per year", net_of="cost_total"),
    Indicator("net_placements_cost", "kr. per year",
              "cost of placements minus the baseline's (same seed), mean per year",
              net_of="cost_placements"),
    Indicator("net_staff_cost", "kr. per year",
              "cost of staff minus the baseline's (same seed), mean per year",
              net_of="cost_staff"),
    Indicator("net_cost_final_year", "kr.",
              "total cost minus the baseline's (same seed) in the last year "
              "(the Herning plan's net row)", net_of="cost_total_final_year"),
)}
"""Every indicator an experiment can keep, by name."""

RUN_INDICATORS: tuple[str, ...] = tuple(n for n, i in INDICATORS.items() if not i.is_net)
"""Indicators every run computes (and stores); the net ones follow from them."""

DEFAULT_INDICATORS = ("placed", "institutions", "family_placement_share", "placements_started",
                      "breakdowns", "waiting_weeks", "followups_held_share", "caseload_mean",
                      "wellbeing_sdq", "cost_total")
DEFAULT_NET_INDICATORS = ("net_cost", "net_placements_cost", "net_cost_final_year")

RESOLUTIONS = {"week": 1, "quarter": 13, "year": 52, "none": 0}
"""Time-series resolutions and their period in weeks (``none``: no time series)."""

DEFAULT_SERIES = ("placed", "step_4", "step_5", "step_6", "placements_started", "breakdowns",
                  "waiting_weeks", "caseload_mean", "wellbeing_sdq", "cost_total")

# weekly columns that are counted during the week or cost money: summed over a period
_FLOWS = (set(COUNTERS) - {"queue_length"}) | set(STEP_COST) | set(_STAFF_COSTS) | {"cost_total"}
_NOT_SERIES = {"week", "year"}


def series_columns() -> tuple[str, ...]:
    """The weekly series' columns an experiment can keep as a time series."""
    from teamsim.core.outcomes import reporters

    return tuple(c for c in reporters() if c not in _NOT_SERIES)


def _weeks(series: pd.DataFrame, columns) -> Weeks:
    later = series["week"].to_numpy() > 0
    return {c: series[c].to_numpy(dtype=float)[later] for c in columns}


_INDICATOR_COLUMNS = ("placed", "children", "step_2", "step_3", "step_4", "step_5", "step_6",
                      "placements_started", "emergency_placements", "breakdowns",
                      "returns_home", "notifications", "wait_weeks_sum", "assessments_started",
                      "followups_held", "followups_missed", "meetings_held", "caseload_mean",
                      "wellbeing_sdq", "ordinary_school_share", "cost_total",
                      *_PLACEMENT_COSTS, *_STAFF_COSTS)


def indicators(series: pd.DataFrame, years: int) -> dict[str, float]:
    """Every run indicator (:data:`RUN_INDICATORS`) of one run's weekly series."""
    weeks = _weeks(series, _INDICATOR_COLUMNS)
    return {name: INDICATORS[name].compute(weeks, years) for name in RUN_INDICATORS}


_RATIOS = {"waiting_weeks": ("wait_weeks_sum", "assessments_started"),
           "age_at_opening": ("age_at_opening_sum", "cases_opened")}


def resample(series: pd.DataFrame, every: int, columns: tuple[str, ...]) -> pd.DataFrame:
    """The weekly series over periods of ``every`` weeks: flows summed, stocks averaged.

    ``waiting_weeks`` and ``age_at_opening`` become the ratio over the period of their
    sums (wait_weeks_sum / assessments_started and age_at_opening_sum / cases_opened).
    Returns one row per period with ``period`` (1, 2, ...), ``week`` (its last week)
    and ``year`` (calendar year of that week). A last period shorter than ``every``
    weeks covers the weeks there are.
    """
    import pandas as pd

    needed = {"week", "year", *columns}
    for col in columns:
        needed.update(_RATIOS.get(col, ()))
    weeks = _weeks(series, needed)
    period = (weeks["week"].astype(np.int64) - 1) // every
    starts = np.flatnonzero(np.r_[True, period[1:] != period[:-1]])
    ends = np.r_[starts[1:], len(period)] - 1
    out = {"period": period[starts] + 1, "week": weeks["week"][ends].astype(np.int64),
           "year": weeks["year"][ends].astype(np.int64)}

    def sums(col: str) -> np.ndarray:
        return np.add.reduceat(weeks[col], starts)

    for col in columns:
        if col in _RATIOS:
            num, den = _RATIOS[col]
            d = sums(den)
            with np.errstate(invalid="ignore", divide="ignore"):
                out[col] = np.where(d > 0, sums(num) / d, np.nan)
        elif col in _FLOWS:
            out[col] = sums(col)
        else:  # a stock or share: the mean of the weeks it is defined
            values = weeks[col]
            known = ~np.isnan(values)
            n = np.add.reduceat(known.astype(float), starts)
            total = np.add.reduceat(np.where(known, values, 0.0), starts)
            with np.errstate(invalid="ignore", divide="ignore"):
                out[col] = np.where(n > 0, total / n, np.nan)
    return pd.DataFrame(out)
