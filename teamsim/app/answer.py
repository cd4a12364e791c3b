"""The committee's answer from a comparison: the numbers the headline panel states and the
comparison table shows, computed once here so the two cannot disagree.

From :class:`teamsim.run.Comparison` (paired runs on the same seeds):

- **total net**: per pair, the sum over the simulated years of "Net vs baseline";
  median and 10-90% band over the pairs; the share of pairs whose total is below zero
  (the change saves money in that share of the runs).
- **cumulative net** per year: per pair, the running sum of the yearly net; median and
  band. The **payback year** is the first year whose median cumulative net is below zero
  (None: not within the simulated years).
- **institution share**: one minus the share placed in families (kinship + foster), so
  its median is exactly one minus the family share's.
- **at the end**: the median [10%; 90%] of the last simulated year's paired difference,
  as in the table's last column, and the scenario's and the baseline's level in the
  *median pair*: the pair whose difference is the median (with an even number of pairs,
  the mean of the two middle pairs). So the two levels the headline states subtract to
  the difference it states. The medians of the levels taken one by one do not: with
  pairs 30.4-42.9, 30.4-57.7 and 42.6-53.3 they are 30.4 and 53.3, and the median
  difference is -12.4, not -22.9.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from teamsim.core.lines import NET_ROWS

if TYPE_CHECKING:
    from teamsim.run import Comparison

NET = "Net vs baseline"
CUMULATIVE = "Cumulative net vs baseline"
FIXED_TOLERANCE = 1e-6  # a band narrower than this (relative) is one number: nothing varies


@dataclass(frozen=True)
class Band:
    """Median and 10-90% band of a quantity over the paired runs."""

    median: float
    p10: float
    p90: float

    @classmethod
    def of(cls, values) -> Band:
        v = np.asarray(values, dtype=float)
        v = v[~np.isnan(v)]
        if not v.size:
            return cls(np.nan, np.nan, np.nan)
        return cls(float(np.median(v)), *(float(q) for q in np.quantile(v, [0.1, 0.9])))

    @property
    def fixed(self) -> bool:
        """Every run gives the same value (a fixed staff cost): show one number."""
        scale = max(abs(self.median), 1.0)
        return abs(self.p90 - self.p10) <= FIXED_TOLERANCE * scale


@dataclass(frozen=True)
class AtEnd:
    """An indicator in the last simulated year: the scenario's and the baseline's level in
    the median pair (they subtract to ``difference.median``) and the paired difference."""

    scenario: float
    baseline: float
    difference: Band


@dataclass(frozen=True)
class Answer:
    runs: int
    years: list[int]
    total: Band
    cumulative: dict[int, Band]
    payback_year: int | None
    share_saving: float
    placed: AtEnd
    institution_share: AtEnd

    @property
    def last_year(self) -> int:
        return self.years[-1]


def _per_seed(cmp: Comparison, indicator: str) -> pd.DataFrame:
    d = cmp.differences
    return d[d["indicator"] == indicator].pivot(index="seed", columns="year",
                                                values=["scenario", "baseline", "difference"])


def _at_end(cmp: Comparison, indicator: str, flip: bool = False) -> AtEnd:
    wide = _per_seed(cmp, indicator)
    year = max(wide["difference"].columns)
    s, b = wide["scenario"][year], wide["baseline"][year]
    diff = wide["difference"][year]  # the comparison table's differences, to the last digit
    if flip:
        s, b, diff = 1 - s, 1 - b, -diff
    return AtEnd(*median_pair(s.to_numpy(float), b.to_numpy(float), diff.to_numpy(float)),
                 Band.of(diff))


def median_pair(scenario: np.ndarray, baseline: np.ndarray, diff: np.ndarray
                ) -> tuple[float, float]:
    """The scenario's and the baseline's level in the pair whose difference is the median
    (the mean of the two middle pairs when their number is even); pairs without a
    difference (no placed child: no share) are left out, as in the median."""
    ok = ~np.isnan(diff)
    if not ok.any():
        return np.nan, np.nan
    order = np.argsort(diff[ok], kind="stable")
    n = len(order)
    middle = order[[(n - 1) // 2, n // 2]]
    return float(scenario[ok][middle].mean()), float(baseline[ok][middle].mean())


def answer(cmp: Comparison) -> Answer:
    """The answer to take to a committee (see the module docstring)."""
    net = _per_seed(cmp, NET)["difference"]
    years = sorted(int(y) for y in net.columns)
    net = net[years]
    cumulative = net.cumsum(axis=1)
    bands = {y: Band.of(cumulative[y]) for y in years}
    payback = next((y for y in years if bands[y].median < 0), None)
    totals = net.sum(axis=1)
    return Answer(
        runs=len(net), years=years, total=Band.of(totals), cumulative=bands,
        payback_year=payback, share_saving=float((totals < 0).mean()),
        placed=_at_end(cmp, "placed"),
        institution_share=_at_end(cmp, "family_placement_share", flip=True))


def table_rows(cmp: Comparison) -> pd.DataFrame:
    """The comparison table's cells: indicator, year (0 = the total over all years), median,
    p10, p90. Adds to ``Comparison.table`` the institution share, the cumulative net and
    the total of the kroner rows."""
    table = cmp.table[["indicator", "year", "median", "p10", "p90"]].copy()
    fam = table[table["indicator"] == "family_placement_share"].copy()
    fam["indicator"] = "institution_share"
    fam[["median", "p10", "p90"]] = -fam[["median", "p90", "p10"]].to_numpy()
    rows = [table, fam]
    ans = answer(cmp)
    rows.append(pd.DataFrame([{"indicator": CUMULATIVE, "year": y, "median": b.median,
                               "p10": b.p10, "p90": b.p90} for y, b in ans.cumulative.items()]))
    for name in NET_ROWS:
        total = Band.of(_per_seed(cmp, name)["difference"].sum(axis=1))
        rows.append(pd.DataFrame([{"indicator": name, "year": 0, "median": total.median,
                                   "p10": total.p10, "p90": total.p90}]))
    return pd.concat(rows, ignore_index=True)
