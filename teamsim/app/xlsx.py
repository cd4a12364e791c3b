"""The Excel export for Danish offices: the weekly series, the budget and the comparison as
sheets of one .xlsx file, with headers in the screen's language, numbers as numbers
(Excel shows them in the reader's own format), kroner rounded to whole kroner.

The CSV exports stay machine-readable (English column names, full precision).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from teamsim.app import answer
from teamsim.app.texts import indicator_or_text
from teamsim.core.lines import NET_ROWS
from teamsim.i18n import indicator_label, tr

if TYPE_CHECKING:
    from teamsim.app.state import ComparisonResult

KR_FORMAT = "#,##0"
SHEETS = {"series": {"da": "Ugeserier", "en": "Weekly series"},
          "budget": {"da": "Budget", "en": "Budget"},
          "comparison": {"da": "Sammenligning", "en": "Comparison"}}
HEADERS = {"role": {"da": "Kørsel", "en": "Run"},
           "scenario": {"da": "Scenarie", "en": "Scenario"},
           "baseline": {"da": "Udgangspunkt", "en": "Baseline"},
           "line": {"da": "Post", "en": "Line"},
           "indicator": {"da": "Indikator", "en": "Indicator"},
           "year": {"da": "År", "en": "Year"},
           "median": {"da": "Median", "en": "Median"},
           "p10": {"da": "10 %", "en": "10%"},
           "p90": {"da": "90 %", "en": "90%"}}


def _header(name: str, lang: str) -> str:
    if name in HEADERS:
        return HEADERS[name][lang]
    return indicator_label(name, lang)


def _sheet(wb: Workbook, title: str, frame: pd.DataFrame, kroner: set[str]) -> None:
    ws = wb.create_sheet(title)
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    for j, name in enumerate(frame.columns, start=1):
        ws.column_dimensions[get_column_letter(j)].width = max(10, min(40, len(str(name)) + 2))
        if name in kroner:
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.number_format = KR_FORMAT
    ws.freeze_panes = "A2"


def _cell(value):
    if isinstance(value, float) and pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def series_frame(series: pd.DataFrame, baseline: pd.DataFrame, lang: str) -> pd.DataFrame:
    from teamsim.app.tables import series_export

    df = series_export(series, baseline)
    roles = {"scenario": tr("sim.scenario", lang), "baseline": tr("sim.baseline", lang)}
    df["role"] = df["role"].map(roles)
    costs = [c for c in df.columns if c.startswith("cost_")]
    df[costs] = df[costs].round(0)
    return df.rename(columns={c: _header(c, lang) for c in df.columns})


def budget_frame(series: pd.DataFrame, baseline: pd.DataFrame, lang: str) -> pd.DataFrame:
    from teamsim.app.tables import budget

    table = budget(series, baseline).round(0)
    table.index = [indicator_label(line, lang) for line in table.index]
    table.columns = [int(y) for y in table.columns]
    return table.rename_axis(_header("line", lang)).reset_index()


def comparison_frame(result: ComparisonResult, lang: str) -> pd.DataFrame:
    rows = answer.table_rows(result.comparison)
    kr = rows["indicator"].isin([*NET_ROWS, answer.CUMULATIVE])
    rows.loc[kr, ["median", "p10", "p90"]] = rows.loc[kr, ["median", "p10", "p90"]].round(0)
    rows["year"] = rows["year"].map(lambda y: tr("app.total", lang) if y == 0 else int(y))
    rows["indicator"] = rows["indicator"].map(lambda n: indicator_or_text(n, lang))
    return rows.rename(columns={c: _header(c, lang) for c in rows.columns})


def workbook(series: pd.DataFrame, baseline: pd.DataFrame, result: ComparisonResult | None,
             lang: str) -> bytes:
    """The .xlsx file's bytes: series and budget of the week-by-week run, and the
    comparison when there is one."""
    wb = Workbook()
    wb.remove(wb.active)
    cost_headers = {_header(c, lang) for c in series.columns if c.startswith("cost_")}
    _sheet(wb, SHEETS["series"][lang], series_frame(series, baseline, lang), cost_headers)
    budget = budget_frame(series, baseline, lang)
    _sheet(wb, SHEETS["budget"][lang], budget, set(budget.columns[1:]))
    if result is not None:
        _sheet(wb, SHEETS["comparison"][lang], comparison_frame(result, lang), set())
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
