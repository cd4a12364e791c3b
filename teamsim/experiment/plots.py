"""PNG plots of an experiment report (matplotlib, no display needed).

* ``response_<indicator>.png``: the indicator's mean per design point with its
  confidence band, against the varied parameter (one factor), against the first
  factor with a line per value of the second (two factors), or, for larger or
  sampled designs, the point means against each factor with a binned mean and
  its band; the baseline's mean and band for reference.
* ``comparison.png`` (a design without varied parameters): each indicator's
  mean and interval for the scenario and the baseline.
* ``series_<column>.png``: the time series' mean over replications with its
  band, per design point (up to 12) and for the baseline.
* ``sobol_<indicator>.png`` / ``morris_<indicator>.png``: the indices with
  their confidence intervals.

Figures are drawn with :class:`matplotlib.figure.Figure` directly, so the
global pyplot state and backend of a notebook are left alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from teamsim.experiment.outputs import INDICATORS
from teamsim.experiment.report import MAX_SERIES_POINTS, point_label, slug

if TYPE_CHECKING:
    import pandas as pd

    from teamsim.experiment.results import Results

BAND_ALPHA = 0.25
BASE_COLOR = "0.35"


def draw(results: Results, summary: pd.DataFrame, sens: dict[str, Any], folder: Path,
         confidence: float) -> tuple[list[str], list[str]]:
    """Draw every plot of the report into ``folder``; return the file names and notes."""
    files: list[str] = []
    notes: list[str] = []
    level = f"{confidence:.0%}"
    factors = results.factors
    if factors:
        for name in results.indicators:
            files.append(_response(results, summary, name, folder, level, confidence))
    else:
        files.append(_comparison(results, summary, folder, level))
    if not results.series.empty:
        points = sorted(results.series.loc[results.series["role"] == "scenario", "point"].unique())
        if len(points) > MAX_SERIES_POINTS:
            notes.append(f"time-series plots show the first {MAX_SERIES_POINTS} of "
                         f"{len(points)} design points")
        for column in results.series_columns:
            files.append(_series(results, column, points[:MAX_SERIES_POINTS], folder, level,
                                 confidence))
    table = sens["indices"]
    if not table.empty:
        for name, group in table.groupby("indicator", sort=False):
            if results.design.method == "sobol":
                files.append(_sobol(name, group, folder, level))
            else:
                files.append(_morris(name, group, folder, level))
    return files, notes


def _figure(width: float = 7.0, height: float = 4.5):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _save(fig, folder: Path, name: str) -> str:
    file = f"{slug(name)}.png"
    fig.savefig(folder / file, dpi=110)
    return file


def _ylabel(name: str) -> str:
    ind = INDICATORS.get(name)
    if ind is None:
        return name
    if ind.unit.startswith("kr."):
        return f"{name} (mio. {ind.unit})"
    return f"{name} ({ind.unit})"


def _format_axis(ax, name: str) -> None:
    """kr. in millions, shares in per cent."""
    from matplotlib.ticker import FuncFormatter, PercentFormatter

    unit = INDICATORS[name].unit if name in INDICATORS else ""
    if unit.startswith("kr."):
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1e6:,.1f}"))
    elif "share" in unit:
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))


def _numeric(values: Sequence[Any]) -> bool:
    return all(isinstance(v, int | float | np.integer | np.floating)
               and not isinstance(v, bool | np.bool_) for v in values)


def _baseline_band(ax, summary: pd.DataFrame, name: str) -> None:
    base = summary[(summary["role"] == "baseline") & (summary["indicator"] == name)]
    if base.empty or INDICATORS[name].is_net:
        return
    row = base.iloc[0]
    ax.axhline(row["mean"], color=BASE_COLOR, linestyle="--", linewidth=1, label="baseline")
    if not math.isnan(row["ci_low"]):
        ax.axhspan(row["ci_low"], row["ci_high"], color=BASE_COLOR, alpha=0.12, linewidth=0)


def _response(results: Results, summary: pd.DataFrame, name: str, folder: Path,
              level: str, confidence: float) -> str:
    factors = results.factors
    scen = summary[(summary["role"] == "scenario") & (summary["indicator"] == name)]
    grid = results.design.method == "grid"
    if grid and len(factors) == 1:
        fig = _figure()
        ax = fig.add_subplot()
        _line_with_band(ax, scen, factors[0], None)
        ax.set_xlabel(factors[0])
        _integer_ticks(ax, results, factors[0])
    elif grid and len(factors) == 2:
        first, second = factors
        if not _numeric(scen[first].tolist()) and _numeric(scen[second].tolist()):
            first, second = second, first
        fig = _figure()
        ax = fig.add_subplot()
        for value, group in scen.groupby(second, sort=True):
            _line_with_band(ax, group, first, f"{second}={value:g}"
                            if isinstance(value, float) else f"{second}={value}")
        ax.set_xlabel(first)
        _integer_ticks(ax, results, first)
    else:
        fig = _figure(min(3.2 * len(factors), 16), 3.6)
        axes = fig.subplots(1, len(factors), sharey=True, squeeze=False)[0]
        for ax, factor in zip(axes, factors, strict=True):
            _scatter_with_bins(ax, scen, factor, confidence)
            ax.set_xlabel(factor)
        ax = axes[0]
    _baseline_band(ax, summary, name)
    ax.set_ylabel(_ylabel(name))
    _format_axis(ax, name)
    n = int(scen["n"].max()) if not scen.empty else 0
    fig.suptitle(f"{name}: mean of {n} replication(s) per point, {level} confidence band")
    if ax.get_legend_handles_labels()[1]:
        ax.legend(fontsize="small")
    return _save(fig, folder, f"response_{name}")


def _integer_ticks(ax, results: Results, factor: str) -> None:
    from matplotlib.ticker import MaxNLocator

    values = [p[factor] for p in results.design.points]
    if all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in values):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _line_with_band(ax, rows: pd.DataFrame, factor: str, label: str | None) -> None:
    rows = rows.sort_values(factor, kind="stable")
    x = rows[factor].tolist()
    if _numeric(x):
        line = ax.plot(x, rows["mean"], marker="o", markersize=3, label=label)[0]
        ax.fill_between(x, rows["ci_low"], rows["ci_high"], color=line.get_color(),
                        alpha=BAND_ALPHA, linewidth=0)
    else:
        pos = np.arange(len(x))
        err = np.vstack([rows["mean"] - rows["ci_low"], rows["ci_high"] - rows["mean"]])
        ax.errorbar(pos, rows["mean"], yerr=np.nan_to_num(err), fmt="o", capsize=4,
                    label=label)
        ax.set_xticks(pos, [str(v) for v in x])


def _scatter_with_bins(ax, rows: pd.DataFrame, factor: str, confidence: float,
                       bins: int = 8) -> None:
    """The design points' means, and their binned mean with its confidence band."""
    from scipy import stats

    x = rows[factor]
    y = rows["mean"].to_numpy(dtype=float)
    labels = None
    if not _numeric(x.tolist()):
        labels = sorted(set(x.astype(str)))
        xs = x.astype(str).map({v: i for i, v in enumerate(labels)}).to_numpy(dtype=float)
    else:
        xs = x.to_numpy(dtype=float)
    ax.scatter(xs, y, s=6, alpha=0.35, color="C0", linewidth=0)
    unique = np.unique(xs)
    if len(unique) <= bins:
        keys = np.searchsorted(unique, xs)
    else:  # bins of about equal counts
        edges = np.unique(np.quantile(xs, np.linspace(0, 1, bins + 1)))
        keys = np.clip(np.searchsorted(edges, xs, side="right") - 1, 0, len(edges) - 2)
    means, lows, highs, cs = [], [], [], []
    for key in np.unique(keys):
        inside = keys == key
        sel = y[inside & ~np.isnan(y)]
        if len(sel) == 0:
            continue
        m = sel.mean()
        half = (stats.t.ppf((1 + confidence) / 2, len(sel) - 1) * sel.std(ddof=1)
                / math.sqrt(len(sel)) if len(sel) > 1 else 0.0)
        cs.append(xs[inside].mean())
        means.append(m)
        lows.append(m - half)
        highs.append(m + half)
    ax.plot(cs, means, color="C1", linewidth=1.5)
    ax.fill_between(cs, lows, highs, color="C1", alpha=BAND_ALPHA, linewidth=0)
    if labels is not None:
        ax.set_xticks(range(len(labels)), labels)


def _comparison(results: Results, summary: pd.DataFrame, folder: Path, level: str) -> str:
    names = [n for n in results.indicators if not INDICATORS[n].is_net]
    cols = 4
    rows = math.ceil(len(names) / cols)
    fig = _figure(3.0 * cols, 2.6 * rows)
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, name in zip(axes, names, strict=False):
        part = summary[summary["indicator"] == name].set_index("role")
        labels = [r for r in ("baseline", "scenario") if r in part.index]
        means = [part.loc[r, "mean"] for r in labels]
        err = np.array([[part.loc[r, "mean"] - part.loc[r, "ci_low"] for r in labels],
                        [part.loc[r, "ci_high"] - part.loc[r, "mean"] for r in labels]])
        ax.bar(range(len(labels)), means, color=[BASE_COLOR, "C0"][-len(labels):],
               yerr=np.nan_to_num(err), capsize=4)
        ax.set_xticks(range(len(labels)), labels)
        ax.set_title(_ylabel(name), fontsize="small")
        _format_axis(ax, name)
    for ax in axes[len(names):]:
        ax.set_visible(False)
    fig.suptitle(f"Scenario and baseline: means with {level} confidence intervals")
    return _save(fig, folder, "comparison")


def _series(results: Results, column: str, points: Sequence[int], folder: Path, level: str,
            confidence: float) -> str:
    from scipy import stats

    series = results.series
    start = int(results.manifest["scenario"]["params"].get("start_year", 0))
    fig = _figure()
    ax = fig.add_subplot()
    groups = [("baseline", -1, "baseline")] if results.has_baseline else []
    for p in points:
        values = results.design.points[p] if p < len(results.design.points) else {}
        label = point_label({"role": "scenario", **values}, results.factors)
        groups.append(("scenario", p, label))
    for i, (role, point, label) in enumerate(groups):
        rows = series[(series["role"] == role) & (series["point"] == point)]
        if rows.empty:
            continue
        g = rows.groupby("week")[column]
        mean, sd, n = g.mean(), g.std(ddof=1), g.count()
        t = stats.t.ppf((1 + confidence) / 2, np.maximum(n - 1, 1))
        half = np.where(n > 1, t * sd / np.sqrt(n), np.nan)
        x = start + (mean.index.to_numpy() / 52.0)
        color = BASE_COLOR if role == "baseline" else f"C{i % 10}"
        ax.plot(x, mean.to_numpy(), color=color, label=label,
                linestyle="--" if role == "baseline" else "-")
        ax.fill_between(x, mean - half, mean + half, color=color, alpha=BAND_ALPHA * 0.8,
                        linewidth=0)
    ax.set_xlabel("year")
    ax.set_ylabel(column)
    ax.set_title(f"{column} ({results.manifest['series']['resolution']}), mean over "
                 f"replications with {level} confidence band", fontsize="medium")
    if len(groups) > 1:
        ax.legend(fontsize="x-small", ncols=2)
    return _save(fig, folder, f"series_{column}")


def _sobol(name: str, group: pd.DataFrame, folder: Path, level: str) -> str:
    fig = _figure(max(5.0, 0.7 * len(group) + 2), 4.0)
    ax = fig.add_subplot()
    pos = np.arange(len(group))
    width = 0.38
    ax.bar(pos - width / 2, group["S1"], width, yerr=group["S1_conf"], capsize=3,
           label="first order (S1)")
    ax.bar(pos + width / 2, group["ST"], width, yerr=group["ST_conf"], capsize=3,
           label="total (ST)")
    ax.set_xticks(pos, group["parameter"], rotation=35, ha="right")
    ax.set_ylabel("Sobol index")
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_title(f"Sobol indices of {name}, {level} bootstrap intervals", fontsize="medium")
    ax.legend(fontsize="small")
    return _save(fig, folder, f"sobol_{name}")


def _morris(name: str, group: pd.DataFrame, folder: Path, level: str) -> str:
    fig = _figure(6.0, 4.5)
    ax = fig.add_subplot()
    ax.errorbar(group["mu_star"], group["sigma"], xerr=group["mu_star_conf"], fmt="o",
                capsize=3)
    for _, row in group.iterrows():
        ax.annotate(row["parameter"], (row["mu_star"], row["sigma"]), fontsize="x-small",
                    xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel("mu* (mean absolute elementary effect)")
    ax.set_ylabel("sigma (spread of the effects)")
    ax.set_title(f"Morris screening of {name}, {level} intervals of mu*", fontsize="medium")
    return _save(fig, folder, f"morris_{name}")
