"""Analysis of an experiment's results: summaries, sensitivity indices, plots.

``teamsim experiment report DIR`` prints the summary and writes ``DIR/report/``:

* ``summary.csv`` and ``summary.md``: per design point and indicator, the number
  of successful replications, the mean, standard deviation, a confidence
  interval of the mean (Student's t) and the 10-90% spread of the runs; with a
  baseline also the mean paired difference from the baseline run of the same
  replication, its interval and the 10-90% spread of the pairs. The interval says
  how well the replications pin down the mean (it narrows with more of them); the
  spread says how much one run, one world, can differ (with ``uncertainty =
  "parameters"`` it includes the calibrated parameter sets): a planner reads the
  second as the range of what may happen;
* ``sensitivity.csv`` (Sobol: S1 and ST with their bootstrap confidence
  intervals, ``sensitivity_s2.csv`` with second-order indices; Morris: mu,
  mu*, its confidence interval, and sigma), for sensitivity designs;
* PNG plots: each indicator's response to the varied parameters with bands,
  the time series with bands, and the sensitivity indices.

**Replications and sensitivity.** SALib's estimators take one number per
design point. Each point's replications are averaged first (they share their
seeds with every other point, so the averages differ by the parameters and not
by the children drawn); the indices then describe the expected response, and
the model's own noise left in the averages shows up as a small spread of
indices around it. A design point with no successful replication, or an
indicator that is undefined at some point (e.g. no assessments), leaves that
indicator out of the analysis, with a note.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from teamsim import files
from teamsim.errors import ExperimentError
from teamsim.experiment.designs import Design
from teamsim.experiment.outputs import INDICATORS
from teamsim.run import replace_dir

if TYPE_CHECKING:
    import pandas as pd

    from teamsim.experiment.results import Results

MAX_SERIES_POINTS = 12  # time-series plots show every design point up to this many
BOOTSTRAP_SEED = 12345  # SALib's bootstrap of confidence intervals: a fixed seed, same report


# ---- summaries --------------------------------------------------------------------------
def summarise(runs: pd.DataFrame, factors: Sequence[str], indicators: Sequence[str],
              confidence: float = 0.95) -> pd.DataFrame:
    """Per design point and indicator: n, mean, sd and a confidence interval of the mean.

    Args:
        runs: the runs table (as in ``runs.parquet``); failed runs are left out.
        factors: the varied parameters (columns of ``runs``).
        indicators: the indicators to summarise (columns of ``runs``).
        confidence: the level of the intervals (0.95: 95%).

    Returns:
        A tidy table: ``role``, ``point``, the factors, ``indicator``, ``n``, ``mean``,
        ``sd``, ``ci_low``, ``ci_high``, ``p10``, ``p90`` (the 10th and 90th
        percentiles of the runs); where the runs have a baseline also ``diff_mean``,
        ``diff_ci_low``, ``diff_ci_high``, ``diff_p10``, ``diff_p90`` (mean of the
        paired differences from the baseline run of the same replication, its
        interval and their percentiles) and ``pairs``. The baseline's rows have role
        "baseline" and point -1.
    """
    import pandas as pd

    _check_confidence(confidence)
    ok = runs[runs["status"] == "ok"]
    base = ok[ok["role"] == "baseline"].set_index("replication")
    rows = []
    for (role, point), group in ok.groupby(["role", "point"], sort=True):
        values = {f: group[f].iloc[0] for f in factors}
        for name in indicators:
            if role == "baseline" and INDICATORS[name].is_net:
                continue  # a baseline run has no net against itself
            x = group[name].to_numpy(dtype=float)
            row = {"role": role, "point": int(point), **values, "indicator": name,
                   **_interval(x, confidence)}
            if not base.empty and role == "scenario" and not INDICATORS[name].is_net:
                other = group["replication"].map(base[name]).to_numpy(dtype=float)
                diff = _interval(x - other, confidence)
                row.update(diff_mean=diff["mean"], diff_ci_low=diff["ci_low"],
                           diff_ci_high=diff["ci_high"], diff_p10=diff["p10"],
                           diff_p90=diff["p90"], pairs=diff["n"])
            rows.append(row)
    columns = ["role", "point", *factors, "indicator", "n", "mean", "sd", "ci_low", "ci_high",
               "p10", "p90"]
    if not base.empty:
        columns += ["diff_mean", "diff_ci_low", "diff_ci_high", "diff_p10", "diff_p90", "pairs"]
    table = pd.DataFrame(rows, columns=columns)
    order = {"baseline": 0, "scenario": 1}
    return table.sort_values(["role", "point"], key=lambda s: s.map(order) if s.name == "role"
                             else s, kind="stable").reset_index(drop=True)


def _interval(x: np.ndarray, confidence: float) -> dict[str, float]:
    from scipy import stats

    x = x[~np.isnan(x)]
    n = len(x)
    mean = float(x.mean()) if n else math.nan
    sd = float(x.std(ddof=1)) if n > 1 else math.nan
    if n > 1:
        half = float(stats.t.ppf((1 + confidence) / 2, n - 1)) * sd / math.sqrt(n)
        low, high = mean - half, mean + half
    else:
        low = high = math.nan
    p10, p90 = (float(np.quantile(x, q)) for q in (0.1, 0.9)) if n else (math.nan, math.nan)
    return {"n": n, "mean": mean, "sd": sd, "ci_low": low, "ci_high": high, "p10": p10,
            "p90": p90}


def _check_confidence(confidence: float) -> None:
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not (
            0 < confidence < 1):
        raise ExperimentError(f"confidence = {confidence!r} is not allowed: expected a number "
                              "between 0 and 1, e.g. 0.95")


# ---- sensitivity ------------------------------------------------------------------------
def point_means(runs: pd.DataFrame, design: Design, indicators: Sequence[str]) -> pd.DataFrame:
    """Each design point's mean over its successful replications (rows = all points)."""
    ok = runs[(runs["status"] == "ok") & (runs["role"] == "scenario")]
    means = ok.groupby("point")[list(indicators)].mean()
    return means.reindex(range(len(design)))


def sensitivity(runs: pd.DataFrame, design: Design, indicators: Sequence[str],
                confidence: float = 0.95) -> dict[str, Any]:
    """Sobol or Morris indices of each indicator (averaged over replications per point).

    Args:
        runs: the runs table: ``role`` "scenario", ``point`` (the design point, in
            the design's order), ``status`` and the indicator columns.
        design: the experiment's design (method, factors, raw sample).
        indicators: the indicators to analyse.
        confidence: level of the bootstrap confidence intervals.

    Returns:
        ``{"indices": table, "second_order": table or None, "notes": [...]}``.
        Sobol: ``indicator``, ``parameter``, ``S1``, ``S1_conf``, ``ST``, ``ST_conf``
        (``*_conf``: half-width of the interval), and ``S1_low`` ... ``ST_high``.
        Morris: ``indicator``, ``parameter``, ``mu``, ``mu_star``, ``mu_star_conf``,
        ``sigma``. Other designs: an empty result.
    """
    import pandas as pd

    _check_confidence(confidence)
    if design.method not in ("sobol", "morris"):
        return {"indices": pd.DataFrame(), "second_order": None, "notes": []}
    means = point_means(runs, design, indicators)
    rows, pairs, notes = [], [], []
    names = design.names
    for name in indicators:
        y = means[name].to_numpy(dtype=float)
        missing = int(np.isnan(y).sum())
        if missing:
            notes.append(f"{name}: left out, {missing} of {len(y)} design points have no "
                         "value (no successful run, or the indicator is undefined)")
            continue
        if np.ptp(y) == 0:
            notes.append(f"{name}: left out, it is the same at every design point")
            continue
        if design.method == "sobol":
            from SALib.analyze import sobol

            res = sobol.analyze(design.problem, y, calc_second_order=design.second_order,
                                conf_level=confidence, seed=BOOTSTRAP_SEED)
            for j, p in enumerate(names):
                rows.append({"indicator": name, "parameter": p,
                             "S1": res["S1"][j], "S1_conf": res["S1_conf"][j],
                             "S1_low": res["S1"][j] - res["S1_conf"][j],
                             "S1_high": res["S1"][j] + res["S1_conf"][j],
                             "ST": res["ST"][j], "ST_conf": res["ST_conf"][j],
                             "ST_low": res["ST"][j] - res["ST_conf"][j],
                             "ST_high": res["ST"][j] + res["ST_conf"][j]})
            if design.second_order:
                for j in range(len(names)):
                    for k in range(j + 1, len(names)):
                        pairs.append({"indicator": name, "parameter_1": names[j],
                                      "parameter_2": names[k], "S2": res["S2"][j, k],
                                      "S2_conf": res["S2_conf"][j, k]})
        else:
            from SALib.analyze import morris

            res = morris.analyze(design.problem, design.raw, y, conf_level=confidence,
                                 num_levels=design.levels, seed=BOOTSTRAP_SEED)
            for j, p in enumerate(names):
                rows.append({"indicator": name, "parameter": p, "mu": float(res["mu"][j]),
                             "mu_star": float(res["mu_star"][j]),
                             "mu_star_conf": float(res["mu_star_conf"][j]),
                             "sigma": float(res["sigma"][j])})
    return {"indices": pd.DataFrame(rows), "notes": notes,
            "second_order": pd.DataFrame(pairs) if design.second_order else None}


# ---- the report -------------------------------------------------------------------------
@dataclass
class Report:
    """What :func:`write_report` produced."""

    folder: Path
    summary: pd.DataFrame
    sensitivity: dict[str, Any]
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


REPORT_KIND = "teamsim experiment report"
REPORT_MANIFEST = "manifest.json"
# what a report folder written before it had a manifest holds
_OLD_REPORT_FILES = re.compile(r"(summary\.(csv|md)|sensitivity\w*\.csv|[\w-]+\.png)")


def check_report_folder(folder: str | Path) -> Path:
    """Check, before anything is written, that a report can go to ``folder``: a new or
    empty folder, or an earlier report (which it replaces), writable.

    Raises:
        ExperimentError: one line naming the problem; a folder with anything else in it
            is never replaced.
    """
    return files.check_output(folder, what="report folder", error=ExperimentError,
                              existing=_holds_a_report)


def _holds_a_report(path: Path) -> None:
    entries = set(os.listdir(path))
    try:
        manifest = json.loads((path / REPORT_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    if isinstance(manifest, dict) and manifest.get("kind") == REPORT_KIND:
        listed = manifest.get("files")
        entries -= set(listed if isinstance(listed, list) else [])
    elif {"summary.csv", "summary.md"} <= entries:
        entries = {e for e in entries if not _OLD_REPORT_FILES.fullmatch(e)}
    if entries:
        raise ExperimentError(f"report folder {path} holds {min(entries)}, which is not "
                              "part of a teamsim report: a report replaces only an earlier "
                              "report; choose another --out")


def write_report(results: Results, folder: str | Path | None = None,
                 confidence: float = 0.95) -> Report:
    """Write summary tables, sensitivity indices and plots to ``folder`` (default DIR/report).

    The folder is written under a temporary name and renamed into place at the
    end, replacing an earlier report.
    """
    _check_confidence(confidence)
    target = check_report_folder(folder if folder is not None else results.path / "report")
    if results.ok_runs.empty:
        raise ExperimentError(f"results folder {results.path} has no successful runs yet: "
                              "nothing to report")
    summary = results.summary(confidence)
    sens = results.sensitivity(confidence)
    report = Report(target, summary, sens, notes=list(sens["notes"]))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
    tmp.mkdir()
    try:
        summary.to_csv(tmp / "summary.csv", index=False)
        report.files.append("summary.csv")
        (tmp / "summary.md").write_text(_markdown(results, summary, sens, confidence),
                                        encoding="utf-8")
        report.files.append("summary.md")
        if not sens["indices"].empty:
            sens["indices"].to_csv(tmp / "sensitivity.csv", index=False)
            report.files.append("sensitivity.csv")
            if sens["second_order"] is not None and not sens["second_order"].empty:
                sens["second_order"].to_csv(tmp / "sensitivity_s2.csv", index=False)
                report.files.append("sensitivity_s2.csv")
        from teamsim.experiment import plots

        files, notes = plots.draw(results, summary, sens, tmp, confidence)
        report.files += files
        report.notes += notes
        manifest = {"kind": REPORT_KIND, "results": str(results.path),
                    "files": [*report.files, REPORT_MANIFEST]}
        (tmp / REPORT_MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n",
                                           encoding="utf-8")
        replace_dir(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return report


# ---- text -------------------------------------------------------------------------------
def fmt(value: float, name: str | None = None) -> str:
    """A number as the report shows it (kr. without decimals, shares as %)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    unit = INDICATORS[name].unit if name in INDICATORS else ""
    if "share" in unit or unit == "share":
        return f"{value:.1%}"
    if unit.startswith("kr."):
        return f"{value:,.0f}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def point_label(row: Any, factors: Sequence[str]) -> str:
    """``caseworkers=8, meeting_rate=2`` for a summary row; the baseline's name for it."""
    if row["role"] == "baseline":
        return "baseline"
    if not factors:
        return "scenario"
    parts = []
    for f in factors:
        v = row[f]
        parts.append(f"{f}={v:g}" if isinstance(v, float) else f"{f}={v}")
    return ", ".join(parts)


def _markdown(results: Results, summary: pd.DataFrame, sens: dict[str, Any],
              confidence: float) -> str:
    m = results.manifest
    level = f"{confidence:.0%}"
    lines = [f"# {m['experiment']['title']}", ""]
    if m["experiment"].get("description"):
        lines += [m["experiment"]["description"], ""]
    lines += [*header_lines(results), ""]
    factors = results.factors
    by_ind = summary.groupby("indicator", sort=False)
    for name in results.indicators:
        if name not in by_ind.groups:
            continue
        ind = INDICATORS[name]
        lines += [f"## {name} ({ind.unit})", "", ind.doc + ".", ""]
        group = by_ind.get_group(name)
        head = ["design point", "n", "mean", f"{level} CI", "10-90% of runs"]
        has_diff = "diff_mean" in group and not ind.is_net
        if has_diff:
            head += ["vs baseline", f"{level} CI", "10-90% of pairs"]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
        for _, row in group.iterrows():
            cells = [point_label(row, factors), str(int(row["n"])), fmt(row["mean"], name),
                     span(row["ci_low"], row["ci_high"], name),
                     span(row["p10"], row["p90"], name)]
            if has_diff and row["role"] == "baseline":
                cells += ["", "", ""]
            elif has_diff:
                cells += [signed(row["diff_mean"], name),
                          span(row["diff_ci_low"], row["diff_ci_high"], name, signed_=True),
                          span(row["diff_p10"], row["diff_p90"], name, signed_=True)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    table = sens["indices"]
    if not table.empty:
        lines += [f"## Sensitivity ({results.design.method}, {level} bootstrap intervals)", ""]
        cols = (["S1", "S1_conf", "ST", "ST_conf"] if results.design.method == "sobol"
                else ["mu", "mu_star", "mu_star_conf", "sigma"])
        for name, group in table.groupby("indicator", sort=False):
            lines += [f"### {name}", "", "| parameter | " + " | ".join(cols) + " |",
                      "|---|" + "---|" * len(cols)]
            for _, row in group.iterrows():
                lines.append(f"| {row['parameter']} | "
                             + " | ".join(_g(row[c]) for c in cols) + " |")
            lines.append("")
    for note in sens["notes"]:
        lines.append(f"Note: {note}")
    return "\n".join(lines).rstrip() + "\n"


def header_lines(results: Results) -> list[str]:
    """What was run: scenario, baseline, design, replications, status."""
    m = results.manifest
    base = m.get("baseline")
    design = m["design"]
    factors = ", ".join(f["name"] for f in design["factors"]) or "none"
    runs = results.runs
    ok, failed = int((runs["status"] == "ok").sum()), int((runs["status"] == "failed").sum())
    uncertainty = (m.get("experiment", {}).get("canonical", {}) or {}).get("uncertainty")
    lines = [
        f"Scenario: {m['scenario']['name']}"
        + (f"; baseline: {base['name']} (paired on seeds)" if base else "; no baseline"),
        (f"Design: {design['method']}, {design['points']} point(s), varying {factors}; "
         f"{m['replications']} replication(s) of {m['years']} year(s), "
         f"root seed {m['root_seed']}"),
        f"Runs: {ok} ok, {failed} failed, of {m['runs_total']}"
        + ("" if results.complete else " (incomplete: rerun the experiment to finish it)"),
        (f"teamsim {m.get('teamsim_version')}, Mesa {m.get('mesa_version')}, "
         f"Python {m.get('python_version')}, git {str(m.get('git_commit'))[:12]}"),
    ]
    if uncertainty:
        n = len(uncertainty.get("members", []))
        lines.insert(2, f"Uncertainty: parameters: replication i of every point and of the "
                        f"baseline takes calibrated set i mod {n} of the shipped ensemble, so "
                        f"the spread includes parameter uncertainty as well as chance")
    return lines


def span(low: float, high: float, name: str, signed_: bool = False) -> str:
    """An interval or spread as the report shows it ("-" when it is undefined)."""
    if low is None or math.isnan(low):
        return "-"
    f = signed if signed_ else fmt
    return f"{f(low, name)} to {f(high, name)}"


def signed(value: float, name: str) -> str:
    """A difference as the report shows it (shares in percentage points)."""
    if value is None or math.isnan(value):
        return "-"
    unit = INDICATORS[name].unit if name in INDICATORS else ""
    if "share" in unit:
        return f"{value * 100:+.1f} pp"
    text = fmt(value, name)
    return text if text.startswith("-") else "+" + text


def _g(value: float) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.3f}"


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
