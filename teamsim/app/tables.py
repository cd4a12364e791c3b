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

from teamsim.app import answer
from teamsim.app.texts import indicator_or_text
from teamsim.core import outcomes
from teamsim.core.lines import NET_ROWS, TOTAL_ROWS
from teamsim.i18n import (
    MISSING,
    format_kr,
    format_number,
    format_percent,
    format_points,
    indicator_label,
    tr,
)

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


def _reader(series: pd.DataFrame):
    """``read(column, how)`` of this week's key figures: the stock now, or the flow over
    the weeks of this year so far (those weeks picked once, as NumPy arrays)."""
    year = series["year"].to_numpy()
    week = series["week"].to_numpy()
    this_year = (week > 0) & (year == year[-1])

    def read(column: str, how: str) -> float:
        values = series[column].to_numpy(dtype=float)
        if how == "now":
            return float(values[-1])
        if not this_year.any():
            return float("nan")
        if how == "year_sum":
            return float(values[this_year].sum())
        if column == "waiting_weeks":  # mean wait of the assessments started this year
            started = series["assessments_started"].to_numpy(dtype=float)[this_year].sum()
            waited = series["wait_weeks_sum"].to_numpy(dtype=float)[this_year].sum()
            return float(waited / started) if started else float("nan")
        return float(np.nanmean(values[this_year]))

    return read


def key_figures(series: pd.DataFrame, baseline: pd.DataFrame) -> pd.DataFrame:
    """This week's key figures (stocks now; flows summed over the year so far)."""
    rows = []
    read_s, read_b = _reader(series), _reader(baseline)
    for name, how, kind in KEY_FIGURES:
        s, b = read_s(name, how), read_b(name, how)
        rows.append({"indicator": name, "how": how, "kind": kind, "scenario": s,
                     "baseline": b, "difference": s - b})
    return pd.DataFrame(rows)


def key_figures_html(series: pd.DataFrame, baseline: pd.DataFrame, lang: str) -> str:
    table = key_figures(series, baseline)
    year = int(series["year"].iloc[-1])
    head = (f"<tr><th>{html.escape(tr('app.figures_one_run', lang))}</th>"
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
COMPARISON_ROWS = (  # (indicator of answer.table_rows, format)
    ("placed", "decimal"),
    ("placements_started", "decimal"),
    ("family_placement_share", "percent"),
    ("institution_share", "percent"),
    ("institutions", "decimal"),
    *((name, "kr") for name in NET_ROWS),
    (answer.CUMULATIVE, "kr"),
)
TOTAL_COLUMN = 0  # the "year" of the totals over all years in answer.table_rows


def band_text(band: answer.Band, kind: str, lang: str) -> tuple[str, str]:
    """(median, "[p10; p90]") as shown; no band where nothing varies (a fixed staff cost)."""
    median = _cell(band.median, kind, lang, True)
    if band.fixed or math.isnan(band.p10):
        return median, ""
    return median, f"[{_cell(band.p10, kind, lang, True)}; {_cell(band.p90, kind, lang, True)}]"


def _band_cell(band: answer.Band, kind: str, lang: str, testid: str) -> str:
    median, rng = band_text(band, kind, lang)
    below = f'<br><span class="teamsim-band">{html.escape(rng)}</span>' if rng else ""
    return (f'<td class="num" data-testid="{html.escape(testid)}" '
            f'data-median="{_raw(band.median)}">{html.escape(median)}{below}</td>')


def comparison_html(cmp, lang: str) -> str:
    """The table of paired differences per year (and in total for the kroner rows):
    median with the 10-90% band below it, so the table wraps instead of scrolling."""
    rows = answer.table_rows(cmp)
    years = sorted(int(y) for y in rows["year"].unique() if y != TOTAL_COLUMN)
    head = (f"<tr><th>{html.escape(tr('cmp.indicator', lang))}</th>"
            + "".join(f'<th class="num">{y}</th>' for y in years)
            + f'<th class="num">{html.escape(tr("app.total", lang))}</th></tr>')
    indexed = rows.set_index(["indicator", "year"])
    body = []
    for name, kind in COMPARISON_ROWS:
        cells = []
        for y in (*years, TOTAL_COLUMN):
            key = "total" if y == TOTAL_COLUMN else y
            if (name, y) not in indexed.index:
                cells.append('<td class="num"></td>')
                continue
            row = indexed.loc[(name, y)]
            cells.append(_band_cell(answer.Band(row["median"], row["p10"], row["p90"]), kind,
                                    lang, f"cmp-{name}-{key}"))
        cls = "net" if name == "Net vs baseline" else ""
        body.append(f'<tr class="{cls}"><td>{html.escape(indicator_or_text(name, lang))}</td>'
                    f"{''.join(cells)}</tr>")
    return f'<table class="teamsim-table teamsim-wrap">{head}{"".join(body)}</table>'


def net_rows_html(cmp, lang: str) -> str:
    """The comparison's kroner rows (median and band per year and in total), for the
    budget tab: the same cells as :func:`comparison_html`'s."""
    rows = answer.table_rows(cmp)
    years = sorted(int(y) for y in rows["year"].unique() if y != TOTAL_COLUMN)
    indexed = rows.set_index(["indicator", "year"])
    head = (f"<tr><th>{html.escape(tr('budget.line', lang))}</th>"
            + "".join(f'<th class="num">{y}</th>' for y in years)
            + f'<th class="num">{html.escape(tr("app.total", lang))}</th></tr>')
    body = []
    for name in NET_ROWS:
        cells = "".join(
            _band_cell(answer.Band(*indexed.loc[(name, y), ["median", "p10", "p90"]]), "kr",
                       lang, f"budget-median-{name}-{'total' if y == TOTAL_COLUMN else y}")
            for y in (*years, TOTAL_COLUMN))
        body.append(f'<tr class="net"><td>{html.escape(indicator_label(name, lang))}</td>'
                    f"{cells}</tr>")
    return f'<table class="teamsim-table teamsim-wrap">{head}{"".join(body)}</table>'


def payback_text(ans: answer.Answer, lang: str) -> str:
    if ans.payback_year is None:
        return tr("app.not_within", lang, years=len(ans.years))
    return str(ans.payback_year)


def side_by_side_html(results: list[tuple[str, ComparisonResult]], lang: str) -> str:
    """One column per saved scenario: total net, payback year, share of runs saving money,
    children placed and the institution share in the last year, each against its baseline."""
    answers = [(name, r, answer.answer(r.comparison)) for name, r in results]
    head = ("<tr><th></th>" + "".join(
        f'<th class="num" data-testid="sbs-name-{i}">{html.escape(name)}<br>'
        f'<span class="teamsim-band">{html.escape(r.settings.title(lang))} / '
        f'{html.escape(r.settings.baseline_title(lang))}</span></th>'
        for i, (name, r, _) in enumerate(answers)) + "</tr>")
    year = max(a.last_year for _, _, a in answers)
    lines = [
        (tr("app.total_net", lang), lambda a, i: _band_cell(a.total, "kr", lang, f"sbs-total-{i}")),
        (tr("app.payback_year", lang),
         lambda a, i: f'<td class="num" data-testid="sbs-payback-{i}">'
                      f"{html.escape(payback_text(a, lang))}</td>"),
        (tr("app.share_saving_row", lang),
         lambda a, i: f'<td class="num" data-testid="sbs-share-{i}">'
                      f"{html.escape(format_percent(a.share_saving, lang))}</td>"),
        (tr("app.placed_end_row", lang, year=year),
         lambda a, i: _band_cell(a.placed.difference, "decimal", lang, f"sbs-placed-{i}")),
        (tr("app.inst_end_row", lang, year=year),
         lambda a, i: _band_cell(a.institution_share.difference, "percent", lang,
                                 f"sbs-inst-{i}")),
    ]
    body = [f"<tr><td>{html.escape(label)}</td>"
            + "".join(cell(a, i) for i, (_, _, a) in enumerate(answers)) + "</tr>"
            for label, cell in lines]
    return (f'<table class="teamsim-table teamsim-wrap" data-testid="side-by-side">{head}'
            f'{"".join(body)}</table>')


def total_said(total: answer.Band, lang: str) -> tuple[str, str]:
    """The headline's total net and its 10-90% band in the sentence's own sense: "saves
    X (10-90%: the saving's band)" or "costs X more (10-90%: the cost's band)", so a
    saving is never quoted beside the net's band of negative numbers (the table keeps
    the net's sign). Signs only where the band crosses zero."""
    said = answer.Band(-total.median, -total.p90, -total.p10) if total.median < 0 else total
    median = _cell(said.median, "kr", lang, True)
    if said.fixed or math.isnan(said.p10):
        return median, ""
    crosses = said.p10 < 0
    return median, (f"[{_cell(said.p10, 'kr', lang, crosses)}; "
                    f"{_cell(said.p90, 'kr', lang, crosses)}]")


def headline_html(result: ComparisonResult, lang: str, mode: str) -> str:
    """The answer in sentences; every number in a span with a data-testid, equal to the
    comparison table's cell of the same quantity."""
    s, ans = result.settings, answer.answer(result.comparison)

    def num(testid: str, text: str, value: float | None = None) -> str:
        raw = "" if value is None else f' data-value="{_raw(value)}"'
        return f'<b data-testid="headline-{testid}"{raw}>{html.escape(text)}</b>'

    saves = ans.total.median < 0
    total_median, total_band = total_said(ans.total, lang)
    total_abs = format_kr(abs(ans.total.median), lang, millions=True, decimals=2)
    key = "app.total_saves" if saves else "app.total_costs"
    names = {"scenario": html.escape(s.title(lang)), "baseline": html.escape(s.baseline_title(lang))}
    sentences = [
        tr(key, lang, years=len(ans.years), total=num("total", total_abs, ans.total.median),
           band=num("total-band", total_band or total_median), **names),
        (tr("app.payback", lang, year=num("payback", str(ans.payback_year)))
         if ans.payback_year is not None else
         tr("app.no_payback", lang, years=num("payback", str(len(ans.years))))),
        tr("app.share_saving", lang, share=num("share", format_percent(ans.share_saving, lang)),
           runs=ans.runs),
        tr("app.placed_end", lang, year=ans.last_year,
           scenario=num("placed", format_number(ans.placed.scenario, lang, 1),
                        ans.placed.scenario),
           baseline=num("placed-baseline", format_number(ans.placed.baseline, lang, 1),
                        ans.placed.baseline),
           diff=num("placed-diff", band_text(ans.placed.difference, "decimal", lang)[0],
                    ans.placed.difference.median),
           inst=num("inst", format_percent(ans.institution_share.scenario, lang)),
           inst_base=num("inst-baseline", format_percent(ans.institution_share.baseline, lang)),
           inst_diff=num("inst-diff",
                         band_text(ans.institution_share.difference, "percent", lang)[0],
                         ans.institution_share.difference.median)),
    ]
    basis = tr("app.basis_parameters" if mode == "parameters" else "app.basis_runs", lang,
               runs=ans.runs)
    return ('<div class="teamsim-headline-text">'
            + "".join(f"<p>{line}</p>" for line in sentences)
            + f'<p class="teamsim-hint" data-testid="headline-basis">{html.escape(basis)}</p>'
            + "</div>")


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
