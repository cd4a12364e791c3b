"""The week-by-week view's charts as SVG (see :mod:`teamsim.app.svgcharts`): what each
chart shows, from the model's weekly series and the baseline's run beside it.

Each function takes the scenario's series, the baseline's series, the weeks of the
whole run (the time axis) and the language, and returns HTML. Hour use is shown as
4-week means (hours used over hours available in the last 4 weeks), which reads as a
level instead of week-to-week noise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from teamsim.app.charts import (
    BASELINE_COLOUR,
    GOAL_FAMILY_SHARE,
    PROFESSION_STYLE,
    SCENARIO_COLOUR,
    STEP_COLOURS,
)
from teamsim.app.svgcharts import Axis, Series, legend_html, line_chart, network_svg
from teamsim.i18n import (
    format_number,
    indicator_label,
    profession_label,
    step_name,
    tr,
)

if TYPE_CHECKING:
    import pandas as pd

HOUR_COLOURS = {"caseworker": "#2166ac", "coordinator": "#053061",
                "psychologist": "#762a83", "health_visitor": "#c51b7d"}
KIN_COLOUR = "#bbbbbb"


def _axis(series: pd.DataFrame, weeks: int, lang: str) -> Axis:
    return Axis(int(series["year"].iloc[0]), weeks, lang)


def _weeks(df: pd.DataFrame) -> np.ndarray:
    return df["week"].to_numpy(dtype=float)


def _col(df: pd.DataFrame, name: str) -> np.ndarray:
    return df[name].to_numpy(dtype=float)


def _percent(lang: str):
    suffix = " %" if lang == "da" else "%"
    return lambda v: format_number(v * 100, lang) + suffix


def rolling_sum(values: np.ndarray, window: int = 4) -> np.ndarray:
    """Sums over the last ``window`` weeks (fewer at the start)."""
    csum = np.cumsum(np.nan_to_num(values.astype(float)))
    out = csum.copy()
    out[window:] = csum[window:] - csum[:-window]
    return out


def hours_share(series: pd.DataFrame, kind: str, window: int = 4) -> np.ndarray:
    """Share of ``kind``'s available hours used over the last ``window`` weeks (NaN at
    week 0, before anything is used)."""
    used = rolling_sum(_col(series, f"hours_{kind}")[1:], window)
    available = rolling_sum(_col(series, f"hours_{kind}_available")[1:], window)
    share = np.divide(used, available, out=np.full_like(used, np.nan), where=available > 0)
    return np.concatenate([[np.nan], share])


def staircase(s: pd.DataFrame, b: pd.DataFrame, weeks: int, lang: str) -> str:
    wk = _weeks(s)
    base = np.zeros(len(s))
    layers = []
    for k in range(1, 7):
        top = base + _col(s, f"step_{k}")
        layers.append(Series(step_name(k, lang), wk, top, STEP_COLOURS[k], lower=base))
        base = top
    total_b = sum(_col(b, f"step_{k}") for k in range(1, 7))
    lines = [*layers[::-1], Series(tr("app.baseline_total", lang), _weeks(b), total_b,
                                   BASELINE_COLOUR, dashed=True)]
    return line_chart(tr("sim.staircase", lang) + f" ({tr('sim.children_on_steps', lang)})",
                      lines, _axis(s, weeks, lang), name="staircase")


def placements(s: pd.DataFrame, b: pd.DataFrame, weeks: int, lang: str) -> str:
    wk = _weeks(s)
    base = np.zeros(len(s))
    layers = []
    for k in (4, 5, 6):
        top = base + _col(s, f"step_{k}")
        layers.append(Series(step_name(k, lang), wk, top, STEP_COLOURS[k], lower=base))
        base = top
    lines = [*layers[::-1], Series(tr("sim.baseline", lang), _weeks(b), _col(b, "placed"),
                                   BASELINE_COLOUR, dashed=True)]
    return line_chart(tr("app.placed_chart", lang), lines, _axis(s, weeks, lang),
                      name="placements")


def family_share(s: pd.DataFrame, b: pd.DataFrame, weeks: int, lang: str) -> str:
    lines = [Series(tr("sim.scenario", lang), _weeks(s), _col(s, "family_placement_share"),
                    SCENARIO_COLOUR),
             Series(tr("sim.baseline", lang), _weeks(b), _col(b, "family_placement_share"),
                    BASELINE_COLOUR, dashed=True)]
    return line_chart(indicator_label("family_placement_share", lang), lines,
                      _axis(s, weeks, lang), y_format=_percent(lang), y_low=0.4, y_high=1.0,
                      rules=[(GOAL_FAMILY_SHARE, tr("sim.goal", lang), "#000")],
                      name="family-share")


def caseload(s: pd.DataFrame, b: pd.DataFrame, weeks: int, lang: str, cap: int) -> str:
    lines = [Series(indicator_label("caseload_mean", lang), _weeks(s), _col(s, "caseload_mean"),
                    SCENARIO_COLOUR),
             Series(indicator_label("caseload_max", lang), _weeks(s), _col(s, "caseload_max"),
                    "#92c5de", width=1.0),
             Series(tr("app.baseline_mean", lang), _weeks(b), _col(b, "caseload_mean"),
                    BASELINE_COLOUR, dashed=True)]
    top = max(float(np.nanmax(_col(s, "caseload_max"))), 1.0)
    rules = [(cap, tr("sim.cap", lang), "#000")] if cap <= 1.5 * top else []
    return line_chart(tr("app.caseload_chart", lang), lines, _axis(s, weeks, lang),
                      rules=rules, name="workload")


def hours(s: pd.DataFrame, b: pd.DataFrame, weeks: int, lang: str) -> str:
    lines = []
    for kind, colour in HOUR_COLOURS.items():
        if not _col(s, f"hours_{kind}_available").any():
            continue
        lines.append(Series(profession_label(kind, lang), _weeks(s), hours_share(s, kind),
                            colour))
    if _col(b, "hours_caseworker_available").any():
        lines.append(Series(tr("app.baseline_caseworkers", lang), _weeks(b),
                            hours_share(b, "caseworker"), BASELINE_COLOUR, dashed=True))
    return line_chart(tr("app.hours_chart", lang), lines, _axis(s, weeks, lang),
                      y_format=_percent(lang), y_low=0.0, y_high=1.05, name="hours")


def waiting(s: pd.DataFrame, b: pd.DataFrame, weeks: int, lang: str) -> str:
    def wait(df):
        return df["waiting_weeks"].astype(float).ffill().fillna(0).to_numpy()

    lines = [Series(tr("sim.scenario", lang), _weeks(s), wait(s), SCENARIO_COLOUR),
             Series(tr("sim.baseline", lang), _weeks(b), wait(b), BASELINE_COLOUR, dashed=True)]
    return line_chart(tr("app.waiting_chart", lang), lines, _axis(s, weeks, lang),
                      y_format=lambda v: format_number(v, lang, 1), name="waiting")


def missed(s: pd.DataFrame, b: pd.DataFrame, weeks: int, lang: str) -> str:
    lines = [Series(tr("sim.scenario", lang), _weeks(s),
                    rolling_sum(_col(s, "followups_missed")), SCENARIO_COLOUR),
             Series(tr("sim.baseline", lang), _weeks(b),
                    rolling_sum(_col(b, "followups_missed")), BASELINE_COLOUR, dashed=True)]
    title = f"{indicator_label('followups_missed', lang)} ({tr('sim.per_4_weeks', lang)})"
    return line_chart(title, lines, _axis(s, weeks, lang), name="missed")


def _node_style(data: dict) -> tuple[str, float, str]:
    kind = data["kind"]
    if kind == "family":
        step = int(data.get("step") or 0)
        return STEP_COLOURS[step], 3.2 if step else 1.8, "ring" if step >= 4 else "dot"
    if kind == "kin":
        return KIN_COLOUR, 1.0, "dot"
    _, colour, _ = PROFESSION_STYLE[kind]
    return colour, 5.0, "square" if kind == "caseworker" else "star"


def network(graph, children: int, lang: str) -> str:
    families = sum(1 for _, k in graph.nodes(data="kind") if k == "family")
    title = (f"{tr('sim.network', lang)}: "
             + tr("sim.network_note", lang, families=format_number(families, lang),
                  children=format_number(children, lang)))
    items = [(step_name(k, lang), STEP_COLOURS[k], False, True) for k in range(7)]
    items += [(profession_label(kind, lang), colour, False, True)
              for kind, (_, colour, _) in PROFESSION_STYLE.items()]
    return network_svg(graph, _node_style, title, legend_html(items))


WEEK_CHARTS = ("staircase", "placements", "family_share", "caseload", "hours", "waiting",
               "missed")
