"""Outcomes and costs: what the model records each week and the tables built from it.

Weekly series (one row per week, week 0 = the initial state) hold stocks
(children per step, caseload, queue) and flows counted during the week
(notifications, placements started, breakdowns, follow-ups due/held/missed,
...). From them: the yearly budget table in the shape of the Herning plan
(placement costs by type, preventive costs, staff costs, net against a
baseline), Socialstyrelsen's 12 key figures, and the yearly rates used for
calibration against national statistics.

Costs: each child-week at a step costs that step's yearly unit cost / 52;
each staff member costs salary / 52 a week.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from teamsim.core.lines import (  # noqa: F401  (the budget's lines, re-exported)
    BUDGET_ROWS,
    MEASURE_ROWS,
    NET_ROWS,
    PLACEMENT_ROWS,
    STAFF_ROWS,
    TOTAL_ROWS,
)
from teamsim.core.population import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from teamsim.core.model import TeamSim

COUNTERS = (
    "notifications", "notifications_school", "notifications_health", "notifications_other",
    "renotifications", "children_notified", "screenings", "screenings_on_time", "screened_out",
    "assessments_started", "assessments_done", "assessments_on_time", "wait_weeks_sum",
    "reassessments_started", "reassessments_done", "reassessments_on_time", "reassessments_missed",
    "cases_opened", "age_at_opening_sum", "cases_closed",
    "placements_started", "placements_started_12_17", "family_placements_started", "kin_placements_started",
    "first_placements", "first_placements_family",
    "emergency_placements", "acute_at_screening", "crisis_placements",
    "placement_requests", "requests_declined", "placement_exits", "returns_home",
    "aged_out_placed", "step_ups", "step_downs", "home_based_up", "home_based_down",
    "breakdowns", "breakdowns_teen",
    "followups_due", "followups_backlog_in", "followups_held", "followups_on_time",
    "followups_late", "followups_missed", "followups_backlog_out", "measures_lapsed",
    "supervision_due", "supervision_held",
    "meetings_requested", "meetings_held", "meetings_missed", "meeting_partners",
    "practice_realised", "practice_fallbacks", "caseworker_changes", "case_transfers",
    "hours_admin", "hours_assessment", "hours_followup", "hours_supervision", "hours_meeting",
    "overtime_hours", "compression_sum", "load_sum",
    "ppr_consult_hours", "queue_length",
)
STEP_COST = ("cost_step1", "cost_step2", "cost_step3", "cost_kinship", "cost_foster",
             "cost_institution")
STAFF = (("caseworkers", "salary_caseworker"), ("coordinators", "salary_coordinator"),
         ("psychologists", "salary_psychologist"), ("health_visitors", "salary_health_visitor"))


def new_week_stats() -> dict[str, float]:
    return dict.fromkeys(COUNTERS, 0)


def record(model: TeamSim) -> None:
    """Add this week's stocks, means and costs to ``model.stats``."""
    p, pop, s = model.p, model.pop, model.stats
    active = pop.active
    counts = model.step_counts()
    n = int(active.sum())
    s["week"] = model.week
    s["year"] = model.year
    s["children"] = n
    for k in range(7):
        s[f"step_{k}"] = int(counts[k])
    placed = int(counts[4:].sum())
    s["placed"] = placed
    s["placed_share"] = placed / max(n, 1)
    s["family_placement_share"] = (counts[4] + counts[5]) / placed if placed else np.nan
    s["kinship_share"] = counts[4] / placed if placed else np.nan
    s["institution_share"] = counts[6] / placed if placed else np.nan
    s["open_cases"] = int(pop.case_open.sum())
    s["waiting_weeks"] = (s["wait_weeks_sum"] / s["assessments_started"]
                          if s["assessments_started"] else np.nan)
    loads = model.caseloads
    s["caseload_mean"] = float(np.mean(loads))
    s["caseload_max"] = int(loads.max())
    for group, name in ((model.caseworkers, "caseworker"), (model.psychologists, "psychologist"),
                        (model.health_visitors, "health_visitor"),
                        (model.coordinators, "coordinator")):
        s[f"hours_{name}"] = float(sum(a.hours_used for a in group))
        s[f"hours_{name}_available"] = float(sum(getattr(a, "capacity", a.weekly_hours)
                                                 for a in group))
    s["hours_school"] = float(sum(sc.meeting_hours for sc in model.schools))
    n_cw = max(len(model.caseworkers), 1)
    s["caseworker_load"] = s["load_sum"] / n_cw
    s["compression"] = s["compression_sum"] / n_cw if model.caseworkers else 1.0
    s["age_at_opening"] = (s["age_at_opening_sum"] / s["cases_opened"]
                           if s["cases_opened"] else np.nan)
    school_age = active & (pop.age >= 6 * WEEKS_PER_YEAR)
    ordinary = school_age & (pop.step < 6) & (pop.need < p.crisis_threshold)
    s["ordinary_school_share"] = ordinary.sum() / max(school_age.sum(), 1)
    sdq = np.clip(5.0 + 3.0 * pop.need[active], 0, 40)
    s["wellbeing_sdq"] = float(sdq.mean()) if n else np.nan
    known = pop.case_open[active]
    s["wellbeing_sdq_known"] = float(sdq[known].mean()) if known.any() else np.nan
    inst = active & (pop.step == 6)
    s["institution_spell_weeks"] = (float((model.week - pop.step_start[inst]).mean())
                                    if inst.any() else np.nan)
    s["formerly_institution"] = int((active & pop.ever_institution & (pop.step != 6)).sum())
    s["tie_strength"] = model.ties.mean_weight()
    total = 0.0
    for k, name in enumerate(STEP_COST, start=1):
        s[name] = counts[k] * p[name] / WEEKS_PER_YEAR
        total += s[name]
    for attr, salary in STAFF:
        s[f"cost_{attr}"] = len(getattr(model, attr)) * p[salary] / WEEKS_PER_YEAR
        total += s[f"cost_{attr}"]
    s["cost_total"] = total


def reporters() -> dict:
    """Mesa DataCollector model reporters reading this week's stats."""
    names = [*COUNTERS, *_LEVELS]
    return {k: (lambda m, k=k: m.stats[k]) for k in names}


_LEVELS = (
    "week", "year", "children", *(f"step_{k}" for k in range(7)), "placed", "placed_share",
    "family_placement_share", "kinship_share", "institution_share", "open_cases",
    "waiting_weeks", "caseload_mean", "caseload_max",
    *(f"hours_{n}{suffix}" for n in ("caseworker", "psychologist", "health_visitor", "coordinator")
      for suffix in ("", "_available")),
    "hours_school", "caseworker_load", "compression", "age_at_opening", "ordinary_school_share", "wellbeing_sdq",
    "wellbeing_sdq_known", "institution_spell_weeks", "formerly_institution", "tie_strength",
    *STEP_COST, *(f"cost_{a}" for a, _ in STAFF), "cost_total",
)


def series(model: TeamSim) -> pd.DataFrame:
    df = model.datacollector.get_model_vars_dataframe()
    df = df.set_index("week", drop=False)
    df.index.name = None
    return df


def yearly_costs(series_df: pd.DataFrame) -> pd.DataFrame:
    """Costs summed per calendar year (rows: budget lines, columns: years)."""
    weeks = series_df[series_df["week"] > 0]
    sums = weeks.groupby("year")[list(BUDGET_ROWS.values())].sum()
    table = sums.rename(columns={v: k for k, v in BUDGET_ROWS.items()}).T
    table.loc["Placements, total"] = table.loc[list(PLACEMENT_ROWS)].sum()
    table.loc["Measures at home, total"] = table.loc[list(MEASURE_ROWS)].sum()
    table.loc["Staff, total"] = table.loc[list(STAFF_ROWS)].sum()
    table.loc["Total"] = table.loc[list(BUDGET_ROWS)].sum()
    table.columns = [int(c) for c in table.columns]
    return table


def budget(series_df: pd.DataFrame, baseline: pd.DataFrame | None = None) -> pd.DataFrame:
    """The yearly budget (kr.); with a baseline also the net rows (:data:`NET_ROWS`):
    the Herning plan's placements and staff against the baseline, and the measures at
    home (steps 1-3), so that the three add up to the net."""
    table = yearly_costs(series_df)
    if baseline is not None:
        base = yearly_costs(baseline).reindex(columns=table.columns)
        for name, total in NET_ROWS.items():
            table.loc[name] = table.loc[total] - base.loc[total]
    return table


def yearly(series_df: pd.DataFrame) -> pd.DataFrame:
    """Yearly indicators: stocks as yearly means, flows as yearly sums, and rates."""
    weeks = series_df[series_df["week"] > 0]
    g = weeks.groupby("year")
    flows = g[list(COUNTERS)].sum()
    levels = g[["children", "placed", *(f"step_{k}" for k in range(7)), "open_cases",
                "caseload_mean", "queue_length", "ordinary_school_share", "wellbeing_sdq",
                "cost_total"]].mean()
    out = pd.concat([levels, flows.drop(columns=["queue_length"])], axis=1)
    out["cost_total"] = g["cost_total"].sum()
    start_placed = g["placed"].first()
    out["placed_share"] = out["placed"] / out["children"]
    out["family_placement_share"] = (out["step_4"] + out["step_5"]) / out["placed"]
    out["institution_share"] = out["step_6"] / out["placed"].where(out["placed"] > 0)
    out["notified_share"] = out["children_notified"] / out["children"]
    out["notifications_per_child"] = out["notifications"] / out["children"]
    out["breakdown_rate"] = out["breakdowns"] / out["placed"]
    out["exit_rate"] = out["placement_exits"] / out["placed"].where(out["placed"] > 0)
    out["placed_start"] = start_placed
    out["kinship_share_of_family"] = out["step_4"] / (out["step_4"] + out["step_5"]).where(
        out["step_4"] + out["step_5"] > 0)
    out["starts_per_1000"] = out["placements_started"] / out["children"] * 1000
    out["breakdown_teen_share"] = out["breakdowns_teen"] / out["breakdowns"].where(
        out["breakdowns"] > 0)
    out["start_teen_share"] = out["placements_started_12_17"] / out["placements_started"].where(
        out["placements_started"] > 0)
    out["first_placement_family_share"] = out["first_placements_family"] / out[
        "first_placements"].where(out["first_placements"] > 0)
    out["emergency_share"] = out["emergency_placements"] / out["placements_started"].where(
        out["placements_started"] > 0)
    resolved = (out["followups_held"] + out["followups_missed"]).replace(0, np.nan)
    out["followups_on_time_share"] = out["followups_on_time"] / resolved
    out["followups_missed_share"] = out["followups_missed"] / resolved
    out["screening_on_time_share"] = out["screenings_on_time"] / out["screenings"].replace(0, np.nan)
    out["assessment_on_time_share"] = out["assessments_on_time"] / out[
        "assessments_done"].replace(0, np.nan)
    out["reassessment_on_time_share"] = out["reassessments_on_time"] / out[
        "reassessments_done"].replace(0, np.nan)
    out["meetings_held_share"] = out["meetings_held"] / out["meetings_requested"].replace(0, np.nan)
    out["caseworker_load"] = g["caseworker_load"].mean()
    out["waiting_weeks"] = out["wait_weeks_sum"] / out["assessments_started"].replace(0, np.nan)
    out["age_at_opening"] = out["age_at_opening_sum"] / out["cases_opened"].replace(0, np.nan)
    out["followups_held_share"] = out["followups_held"] / (
        out["followups_held"] + out["followups_missed"]).replace(0, np.nan)
    out["school_notification_share"] = out["notifications_school"] / out["notifications"]
    out["health_notification_share"] = out["notifications_health"] / out["notifications"]
    out.index = out.index.astype(int)
    return out


KEY_FIGURES = (
    ("1 Institution placements (mean stock)", "step_6"),
    ("2 Duration of institution placements (weeks, end of year)", "institution_spell_weeks"),
    ("3 Foster-family placements (mean stock)", "step_5"),
    ("4 Network and kinship placements (mean stock)", "step_4"),
    ("5 Home-based measures (mean stock)", "step_3"),
    ("6 Preventive measures (mean stock)", "step_2"),
    ("7 Children formerly placed in institutions (end of year)", "formerly_institution"),
    ("8 Moves up from home-based measures", "home_based_up"),
    ("9 Moves down from home-based measures", "home_based_down"),
    ("10 Growth in preventive measures (% on the year before)", None),
    ("11 Spending (kr.)", "cost_total"),
    ("12 Follow-up: share held on time", None),
)


def key_figures(series_df: pd.DataFrame) -> pd.DataFrame:
    """Socialstyrelsen's 12 'Indsatstrappens nøgletal', rows = figures, columns = years."""
    y = yearly(series_df)
    weeks = series_df[series_df["week"] > 0]
    last = weeks.groupby("year")[["institution_spell_weeks", "formerly_institution"]].last()
    last.index = last.index.astype(int)
    rows = {}
    for label, col in KEY_FIGURES:
        if col in ("institution_spell_weeks", "formerly_institution"):
            rows[label] = last[col]
        elif col is not None:
            rows[label] = y[col]
    rows[KEY_FIGURES[9][0]] = y["step_2"].pct_change() * 100
    due = y["followups_due"].replace(0, np.nan)
    rows[KEY_FIGURES[11][0]] = y["followups_on_time"] / due
    table = pd.DataFrame(rows).T
    return table.loc[[label for label, _ in KEY_FIGURES]]
