"""The app's charts as matplotlib figures, in Danish or English.

The same functions draw what the page shows (``solara.FigureMatplotlib``) and
what the PNG export downloads (:func:`png`), so the two never differ. Figures
are built with ``matplotlib.figure.Figure`` (no pyplot state), which is safe in
the server's threads. Every function takes the data and the language and
returns a Figure.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from teamsim.i18n import (
    format_number,
    indicator_label,
    profession_label,
    step_name,
    tr,
)

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from teamsim.run import Comparison

STEP_COLOURS = ("#d9d9d9", "#a6d96a", "#66bd63", "#1a9850", "#fdae61", "#f46d43", "#a50026")
PROFESSION_STYLE = {  # kind: (marker, colour, size)
    "caseworker": ("s", "#2166ac", 70),
    "coordinator": ("*", "#053061", 140),
    "psychologist": ("D", "#762a83", 55),
    "health_visitor": ("^", "#c51b7d", 60),
    "school": ("p", "#8c510a", 110),
}
SCENARIO_COLOUR = "#2166ac"
BASELINE_COLOUR = "#b2182b"
GOAL_FAMILY_SHARE = 0.75  # Herning's goal: 75% of placements in families, 25% institutions
DPI = 80
SIZE = (5.6, 3.4)


def png(fig: Figure, dpi: int = 120) -> bytes:
    """The figure as PNG bytes (for the download buttons)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return buf.getvalue()


def _figure(size: tuple[float, float] = SIZE) -> Figure:
    fig = Figure(figsize=size, dpi=DPI)
    fig.subplots_adjust(left=0.12, right=0.66, top=0.9, bottom=0.13, hspace=0.35)
    return fig


def _number_axis(ax, lang: str, decimals: int = 0) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, lang, decimals)))


def _percent_axis(ax, lang: str) -> None:
    suffix = " %" if lang == "da" else "%"
    ax.yaxis.set_major_formatter(FuncFormatter(
        lambda v, _: format_number(v * 100, lang) + suffix))


def _weeks(series: pd.DataFrame):
    return series["week"].to_numpy()


def _style(ax, title: str, xlabel: str | None = None) -> None:
    ax.set_title(title, fontsize=10, loc="left")
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=8)
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


# ---- week by week ---------------------------------------------------------------------------
def network(graph: nx.Graph, lang: str, children: int | None = None) -> Figure:
    """Families coloured by staircase step, professionals by profession, laid out by district
    (positions from :meth:`TeamSim.network`; a sample of families, never the whole population)."""
    fig = _figure((5.6, 5.0))
    ax = fig.add_subplot()
    pos = {n: d["pos"] for n, d in graph.nodes(data=True)}
    kinds = {n: d["kind"] for n, d in graph.nodes(data=True)}
    segments = [(pos[a], pos[b]) for a, b in graph.edges()
                if kinds[a] != "kin" and kinds[b] != "kin"]
    if segments:
        from matplotlib.collections import LineCollection

        ax.add_collection(LineCollection(segments, colors="#999999", linewidths=0.3, alpha=0.35,
                                         zorder=1))
    kin = [pos[n] for n in graph if kinds[n] == "kin"]
    if kin:
        xy = np.array(kin)
        ax.scatter(xy[:, 0], xy[:, 1], s=4, c="#bbbbbb", marker=".", zorder=1,
                   label=profession_label("kin", lang))
    families = [(pos[n], d["step"]) for n, d in graph.nodes(data=True) if d["kind"] == "family"]
    for step in range(7):
        xy = np.array([p for p, s in families if s == step])
        if xy.size:
            ax.scatter(xy[:, 0], xy[:, 1], s=14 if step else 6, c=STEP_COLOURS[step],
                       edgecolors="#555555" if step >= 4 else "none", linewidths=0.3,
                       zorder=2 + (step > 0), label=step_name(step, lang))
    for kind, (marker, colour, size) in PROFESSION_STYLE.items():
        xy = np.array([pos[n] for n in graph if kinds[n] == kind])
        if xy.size:
            ax.scatter(xy[:, 0], xy[:, 1], s=size, c=colour, marker=marker, zorder=4,
                       edgecolors="white", linewidths=0.6, label=profession_label(kind, lang))
    n_families = len(families)
    title = tr("sim.network", lang)
    if children is not None:
        note = tr("sim.network_note", lang, families=format_number(n_families, lang),
                  children=format_number(children, lang))
        ax.set_title(f"{title}\n{note}", fontsize=9, loc="left")
    else:
        ax.set_title(title, fontsize=10, loc="left")
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
              markerscale=0.8)
    return fig


def staircase(series: pd.DataFrame, lang: str) -> Figure:
    """Children on steps 1-6 over time, stacked by step."""
    fig = _figure()
    ax = fig.add_subplot()
    weeks = _weeks(series)
    ys = [series[f"step_{k}"].to_numpy() for k in range(1, 7)]
    ax.stackplot(weeks, ys, colors=STEP_COLOURS[1:],
                 labels=[step_name(k, lang) for k in range(1, 7)], alpha=0.9)
    _style(ax, tr("sim.staircase", lang), tr("sim.weeks", lang))
    ax.set_ylabel(tr("sim.children_on_steps", lang), fontsize=8)
    _number_axis(ax, lang)
    ax.set_xlim(0, max(int(weeks[-1]), 1))
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], fontsize=6, loc="upper left",
              bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


def placements(series: pd.DataFrame, baseline: pd.DataFrame | None, lang: str) -> Figure:
    """Placements by type (stacked) and the share in families against the 75% goal."""
    fig = _figure((5.6, 4.2))
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    weeks = _weeks(series)
    top.stackplot(weeks, [series[f"step_{k}"].to_numpy() for k in (4, 5, 6)],
                  colors=STEP_COLOURS[4:], labels=[step_name(k, lang) for k in (4, 5, 6)])
    if baseline is not None:
        top.plot(_weeks(baseline), baseline["placed"], color=BASELINE_COLOUR, ls="--", lw=1,
                 label=tr("sim.baseline", lang))
    _style(top, tr("sim.placements", lang))
    _number_axis(top, lang)
    top.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    bottom.plot(weeks, series["family_placement_share"], color=SCENARIO_COLOUR, lw=1.2,
                label=tr("sim.share_families", lang))
    if baseline is not None:
        bottom.plot(_weeks(baseline), baseline["family_placement_share"], color=BASELINE_COLOUR,
                    ls="--", lw=1, label=tr("sim.baseline", lang))
    bottom.axhline(GOAL_FAMILY_SHARE, color="black", lw=0.8, ls=":",
                   label=tr("sim.goal", lang))
    bottom.set_ylim(0.4, 1.0)
    _style(bottom, indicator_label("family_placement_share", lang), tr("sim.weeks", lang))
    _percent_axis(bottom, lang)
    bottom.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    bottom.set_xlim(0, max(int(weeks[-1]), 1))
    return fig


def workload(series: pd.DataFrame, caseload_cap: int, lang: str) -> Figure:
    """Caseload per caseworker (mean, most, cap) and hours used per profession."""
    fig = _figure((5.6, 4.2))
    top, bottom = fig.subplots(2, 1, sharex=True)
    weeks = _weeks(series)
    top.plot(weeks, series["caseload_mean"], color=SCENARIO_COLOUR, lw=1.2,
             label=indicator_label("caseload_mean", lang))
    top.plot(weeks, series["caseload_max"], color=SCENARIO_COLOUR, lw=0.8, alpha=0.5,
             label=indicator_label("caseload_max", lang))
    if caseload_cap <= 1.5 * max(float(series["caseload_max"].max()), 1.0):
        top.axhline(caseload_cap, color="black", ls=":", lw=0.8, label=tr("sim.cap", lang))
    _style(top, tr("sim.workload", lang))
    top.set_ylabel(tr("sim.cases_per_worker", lang), fontsize=8)
    _number_axis(top, lang)
    top.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    colours = {"caseworker": "#2166ac", "coordinator": "#053061", "psychologist": "#762a83",
               "health_visitor": "#c51b7d"}
    for kind, colour in colours.items():
        available = series[f"hours_{kind}_available"].to_numpy(dtype=float)
        if not available.any():
            continue
        used = series[f"hours_{kind}"].to_numpy(dtype=float)
        share = np.divide(used, available, out=np.full_like(used, np.nan), where=available > 0)
        share[0] = np.nan  # week 0 is the initial state: nothing used yet
        bottom.plot(weeks, share, color=colour, lw=1, label=profession_label(kind, lang))
    _style(bottom, tr("sim.hours_used_share", lang), tr("sim.weeks", lang))
    bottom.set_ylim(0, 1.05)
    _percent_axis(bottom, lang)
    bottom.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    bottom.set_xlim(0, max(int(weeks[-1]), 1))
    return fig


def _per_4_weeks(values: np.ndarray) -> np.ndarray:
    """Sums over the last 4 weeks (fewer at the start)."""
    csum = np.cumsum(np.nan_to_num(values.astype(float)))
    out = csum.copy()
    out[4:] = csum[4:] - csum[:-4]
    return out


def waiting(series: pd.DataFrame, baseline: pd.DataFrame | None, lang: str) -> Figure:
    """Weeks waited for an assessment and missed follow-ups (per 4 weeks)."""
    fig = _figure((5.6, 4.2))
    top, bottom = fig.subplots(2, 1, sharex=True)
    weeks = _weeks(series)
    for df, colour, ls, label in ((series, SCENARIO_COLOUR, "-", "sim.scenario"),
                                  (baseline, BASELINE_COLOUR, "--", "sim.baseline")):
        if df is None:
            continue
        wait = df["waiting_weeks"].astype(float).ffill().fillna(0).to_numpy()
        top.plot(_weeks(df), wait, color=colour, ls=ls, lw=1, label=tr(label, lang))
        bottom.plot(_weeks(df), _per_4_weeks(df["followups_missed"].to_numpy()), color=colour,
                    ls=ls, lw=1, label=tr(label, lang))
    _style(top, indicator_label("waiting_weeks", lang))
    top.set_ylabel(tr("sim.waiting_weeks", lang), fontsize=8)
    _number_axis(top, lang, 1)
    top.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    _style(bottom, f"{indicator_label('followups_missed', lang)} ({tr('sim.per_4_weeks', lang)})",
           tr("sim.weeks", lang))
    _number_axis(bottom, lang)
    bottom.set_xlim(0, max(int(weeks[-1]), 1))
    return fig


# ---- scenario against baseline ---------------------------------------------------------------
def _band(runs, column: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    weeks = runs[0].series["week"].to_numpy()
    values = np.vstack([r.series[column].to_numpy(dtype=float) for r in runs])
    return weeks, np.median(values, axis=0), *np.quantile(values, [0.1, 0.9], axis=0)


def compared_placed(comparison: Comparison, lang: str, scenario_label: str,
                    baseline_label: str) -> Figure:
    """Children placed week by week: median and 10-90% band of scenario and baseline."""
    fig = _figure((5.6, 3.6))
    ax = fig.add_subplot()
    for runs, colour, label in ((comparison.baseline, BASELINE_COLOUR, baseline_label),
                                (comparison.scenario, SCENARIO_COLOUR, scenario_label)):
        weeks, median, p10, p90 = _band(runs, "placed")
        ax.fill_between(weeks, p10, p90, color=colour, alpha=0.2, lw=0)
        ax.plot(weeks, median, color=colour, lw=1.4, label=label)
    _style(ax, tr("cmp.placed_chart", lang), tr("sim.weeks", lang))
    _number_axis(ax, lang)
    ax.set_xlim(0, int(weeks[-1]))
    ax.legend(fontsize=7, frameon=False)
    return fig


def compared_net(table: pd.DataFrame, lang: str) -> Figure:
    """Net cost against the baseline per year (median, 10-90% band), DKK million."""
    fig = _figure((5.6, 3.6))
    ax = fig.add_subplot()
    rows = {"Placements vs baseline": "#f46d43", "Staff vs baseline": "#2166ac",
            "Net vs baseline": "#222222"}
    years = sorted(table["year"].unique())
    x = np.arange(len(years))
    width = 0.8 / len(rows)
    for i, (name, colour) in enumerate(rows.items()):
        part = table[table["indicator"] == name].set_index("year").reindex(years)
        median = part["median"].to_numpy() / 1e6
        err = np.vstack([median - part["p10"].to_numpy() / 1e6,
                         part["p90"].to_numpy() / 1e6 - median])
        ax.bar(x + (i - 1) * width, median, width, color=colour, alpha=0.85,
               label=indicator_label(name, lang), yerr=err, capsize=2,
               error_kw={"lw": 0.8, "ecolor": "#444444"})
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(x, [str(y) for y in years])
    _style(ax, tr("cmp.net_chart", lang))
    ax.set_ylabel(tr("cmp.saving", lang), fontsize=8)
    _number_axis(ax, lang, 1)
    ax.legend(fontsize=7, frameon=False)
    return fig
