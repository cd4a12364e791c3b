"""The app's tables: key figures, the yearly budget and the comparison, as HTML (Danish
or English formats) and as the data frames the CSV exports write.

The HTML cells carry ``data-testid`` attributes (``kf-placed-scenario``,
``budget-Net vs baseline-2014`` ...) so the browser tests read the numbers the
planner sees.
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from teamsim.core import outcomes
from teamsim.i18n import (
    MISSING,
    format_kr,
    format_number,
    format_percent,
    format_points,
    indicator_label,
    tr,
)
from teamsim.run import NET_ROWS

if TYPE_CHECKING:
    from teamsim.app.state import ComparisonResult

# (indicator, how it is read from the weekly series, format)
KEY_FIGURES = (
    ("placed", "now", "number"),
    ("family_placement_share", "now", "percent"),
    ("step_6", "now", "number"),
    ("open_cases", "now", "number"),
    ("caseload_mean", "now", "decimal"),
    ("waiting_weeks", "year_mean", "decimal"),
    ("followups_missed", "year_sum", "number"),
    ("placements_started", "year_sum", "number"),
    ("cost_total", "year_sum", "kr"),
)


def _cell(value: float, kind: str, lang: str, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if kind == "percent":
        return format_points(value, lang) if signed else format_percent(value, lang)
    if kind == "kr":
        return format_kr(value, lang, millions=True, decimals=2, signed=signed)
    return format_number(value, lang, 1 if kind == "decimal" else 0, signed=signed)


def _read(series: pd.DataFrame, column: str, how: str) -> float:
    if how == "now":
        return float(series[column].iloc[-1])
    year = series["year"].iloc[-1]
    weeks = series[(series["week"] > 0) & (series["year"] == year)]
    if weeks.empty:
        return float("nan")
    if how == "year_sum":
        return float(weeks[column].sum())
    if column == "waiting_weeks":  # mean wait of the assessments started this year
        started = weeks["assessments_started"].sum()
        return float(weeks["wait_weeks_sum"].sum() / started) if started else float("nan")
    return float(weeks[column].mean())


def key_figures(series: pd.DataFrame, baseline: pd.DataFrame) -> pd.DataFrame:
    """This week's key figures (stocks now; flows summed over the year so far)."""
    rows = []
    for name, how, kind in KEY_FIGURES:
        s, b = _read(series, name, how), _read(baseline, name, how)
        rows.append({"indicator": name, "how": how, "kind": kind, "scenario": s,
                     "baseline": b, "difference": s - b})
    return pd.DataFrame(rows)


def key_figures_html(series: pd.DataFrame, baseline: pd.DataFrame, lang: str) -> str:
    table = key_figures(series, baseline)
    year = int(series["year"].iloc[-1])
    head = (f"<tr><th>{html.escape(tr('sim.figures', lang))}</th>"
            f"<th>{html.escape(tr('sim.scenario', lang))}</th>"
            f"<th>{html.escape(tr('sim.baseline', lang))}</th><th>±</th></tr>")
    body = []
    for row in table.itertuples():
        label = indicator_label(row.indicator, lang)
        if row.how != "now":
            label += f" ({year})"
        cells = "".join(
            f'<td class="num" data-testid="kf-{row.indicator}-{role}">'
            f"{html.escape(_cell(getattr(row, role), row.kind, lang, role == 'difference'))}</td>"
            for role in ("scenario", "baseline", "difference"))
        body.append(f"<tr><td>{html.escape(label)}</td>{cells}</tr>")
    return f'<table class="teamsim-table">{head}{"".join(body)}</table>'


# ---- budget ---------------------------------------------------------------------------------
def budget(series: pd.DataFrame, baseline: pd.DataFrame) -> pd.DataFrame:
    """The yearly budget (kr.) of the weeks simulated, with the net rows against the baseline."""
    return outcomes.budget(series, baseline)


TOTAL_ROWS = ("Placements, total", "Staff, total", "Total")


def budget_html(series: pd.DataFrame, baseline: pd.DataFrame, lang: str) -> str:
    table = budget(series, baseline)
    years = list(table.columns)
    head = (f"<tr><th>{html.escape(tr('budget.line', lang))}</th>"
            + "".join(f'<th class="num">{y}</th>' for y in years) + "</tr>")
    body = []
    for line, row in table.iterrows():
        cls = "net" if line in NET_ROWS else ("total" if line in TOTAL_ROWS else "")
        signed = line in NET_ROWS
        cells = "".join(
            f'<td class="num" data-testid="budget-{html.escape(line)}-{y}">'
            f"{html.escape(format_kr(row[y], lang, signed=signed))}</td>" for y in years)
        body.append(f'<tr class="{cls}"><td>{html.escape(indicator_label(line, lang))}</td>'
                    f"{cells}</tr>")
    return f'<table class="teamsim-table">{head}{"".join(body)}</table>'


def budget_export(series: pd.DataFrame, baseline: pd.DataFrame) -> pd.DataFrame:
    """The budget as a tidy table: line, year, kr (English line names, as in the CLI)."""
    table = budget(series, baseline)
    long = table.rename_axis(index="line", columns=None).reset_index().melt(
        id_vars="line", var_name="year", value_name="kr")
    long["year"] = long["year"].astype(int)
    return long[["line", "year", "kr"]]


def series_export(series: pd.DataFrame, baseline: pd.DataFrame) -> pd.DataFrame:
    """The weekly series of the scenario and the baseline run beside it, with a ``role``."""
    frames = []
    for role, df in (("scenario", series), ("baseline", baseline)):
        df = df.reset_index(drop=True)
        df = df[["week", "year", *(c for c in df.columns if c not in ("week", "year"))]].copy()
        df.insert(0, "role", role)
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


# ---- comparison -----------------------------------------------------------------------------
COMPARISON_ROWS = (  # (indicator of Comparison.table, format)
    ("placed", "decimal"),
    ("placements_started", "decimal"),
    ("family_placement_share", "percent"),
    ("institutions", "decimal"),
    ("Placements vs baseline", "kr"),
    ("Staff vs baseline", "kr"),
    ("Net vs baseline", "kr"),
)


def comparison_html(table: pd.DataFrame, lang: str) -> str:
    years = sorted(int(y) for y in table["year"].unique())
    head = (f"<tr><th>{html.escape(tr('cmp.indicator', lang))}</th>"
            + "".join(f'<th class="num">{y}</th>' for y in years) + "</tr>")
    body = []
    indexed = table.set_index(["indicator", "year"])
    for name, kind in COMPARISON_ROWS:
        cells = []
        for y in years:
            row = indexed.loc[(name, y)]
            text = (f"{_cell(row['median'], kind, lang, True)} "
                    f"[{_cell(row['p10'], kind, lang, True)}; {_cell(row['p90'], kind, lang, True)}]")
            cells.append(f'<td class="num" data-testid="cmp-{html.escape(name)}-{y}" '
                         f'data-median="{_raw(row["median"])}">{html.escape(text)}</td>')
        cls = "net" if name == "Net vs baseline" else ""
        body.append(f'<tr class="{cls}"><td>{html.escape(indicator_label(name, lang))}</td>'
                    f"{''.join(cells)}</tr>")
    return f'<table class="teamsim-table">{head}{"".join(body)}</table>'


def _raw(value: float) -> str:
    return "" if value is None or np.isnan(value) else repr(float(value))


def comparison_export(result: ComparisonResult) -> pd.DataFrame:
    """The comparison table (median, p10, p90 of the paired differences per indicator and
    year, the medians of scenario and baseline) with the settings it was run with."""
    s = result.settings
    table = result.comparison.table.copy()
    table.insert(0, "scenario", s.scenario)
    table.insert(1, "baseline", s.baseline)
    table.insert(2, "overrides", ";".join(f"{k}={v}" for k, v in s.overrides.items()))
    table.insert(3, "root_seed", s.seed)
    return table
