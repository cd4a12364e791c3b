"""The app's own charts (the comparison's) as matplotlib figures, in Danish or English,
and the colours, number formats and styling the week-by-week charts share with them.

The week-by-week charts are drawn on Mesa's visualisation: see
:mod:`teamsim.app.mesa_view`. The same figures are shown on the page
(``solara.FigureMatplotlib``) and downloaded by the PNG buttons (:func:`png`). Figures
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
    tr,
)

if TYPE_CHECKING:
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


def _style(ax, title: str, xlabel: str | None = None) -> None:
    ax.set_title(title, fontsize=10, loc="left")
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=8)
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


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
    rows = {"Placements vs baseline": "#f46d43", "Measures at home vs baseline": "#fdae61",
            "Staff vs baseline": "#2166ac", "Net vs baseline": "#222222"}
    years = sorted(table["year"].unique())
    x = np.arange(len(years))
    width = 0.8 / len(rows)
    for i, (name, colour) in enumerate(rows.items()):
        part = table[table["indicator"] == name].set_index("year").reindex(years)
        median = part["median"].to_numpy() / 1e6
        err = np.vstack([median - part["p10"].to_numpy() / 1e6,
                         part["p90"].to_numpy() / 1e6 - median])
        ax.bar(x + (i - (len(rows) - 1) / 2) * width, median, width, color=colour, alpha=0.85,
               label=indicator_label(name, lang), yerr=err, capsize=2,
               error_kw={"lw": 0.8, "ecolor": "#444444"})
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(x, [str(y) for y in years])
    _style(ax, tr("cmp.net_chart", lang))
    ax.set_ylabel(tr("cmp.saving", lang), fontsize=8)
    _number_axis(ax, lang, 1)
    ax.legend(fontsize=7, frameon=False)
    return fig
