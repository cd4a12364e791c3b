"""The compliance curve: on-time casework against caseload, beside the Danish figures.

``teamsim validate --compliance`` runs ``herning-2012`` worlds with 3 to 16
caseworkers (about 70 down to 15 cases each), nothing else changed, and plots the
model's share of follow-ups held on time, of notifications screened within 24
hours and of assessments done within 4 months against the measured caseload
(median over seeds of the mean over the years), with the Danish figures of
``shared/evidence-staffing.md`` (sections 0, 2.2 and 8a) as boxes: Ankestyrelsen's
Børnesagsbarometret 2019-24 at the national 31-33 cases and Ankestyrelsen's 2009
study at about 46 cases. Saved as ``compliance.png`` and ``compliance.csv``
(``docs/img/compliance.png`` in the docs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from teamsim.calibration.runs import Job, Runner

if TYPE_CHECKING:
    import pandas as pd

SCENARIO = "herning-2012"
CASEWORKERS = (3, 4, 5, 6, 7, 8, 10, 12, 16)
DEFAULT_SEEDS = 3
DEFAULT_YEARS = 4
INDICATORS = {
    "followups_on_time_share": "Follow-ups on time",
    "screening_on_time_share": "Screening within 24 h",
    "assessment_on_time_share": "Assessments within 4 months",
}


@dataclass(frozen=True)
class Evidence:
    """A Danish figure: a share of work done on time in a range of caseloads."""

    indicator: str
    caseload: tuple[float, float]
    share: tuple[float, float]
    label: str


EVIDENCE = (
    Evidence("followups_on_time_share", (31, 33), (0.44, 0.75),
             "Børnesagsbarometret 2019-24: 3-month follow-up on time 44%, 50%, 75%"),
    Evidence("screening_on_time_share", (31, 33), (0.87, 0.92),
             "Børnesagsbarometret 2019-24: 24-hour screening 87-92%"),
    Evidence("assessment_on_time_share", (31, 33), (0.50, 0.60),
             "Børnesagsbarometret 2021-24: assessments within 4 months 60%, 50%"),
    Evidence("followups_on_time_share", (44, 48), (0.15, 0.50),
             "Ankestyrelsen 2009 (46 cases): follow-ups well under half on time"),
    Evidence("assessment_on_time_share", (44, 48), (0.35, 0.65),
             "Ankestyrelsen 2009 (46 cases): almost half of assessments late"),
)
"""evidence-staffing.md section 0 (rows 3-5) and 8a; the 2009 lower bounds are ours
(the source says only "well under half" and "almost half late")."""


def curve(seeds: int = DEFAULT_SEEDS, years: int = DEFAULT_YEARS, workers: int = 1,
          root_seed: int = 0, caseworkers=CASEWORKERS,
          progress: Callable[[int], None] | None = None, **overrides) -> pd.DataFrame:
    """One row per run: caseworkers, seed, and the means over the years of the caseload and
    the on-time shares (NaN for an indicator the model does not produce)."""
    import numpy as np
    import pandas as pd

    from teamsim.run import replication_seeds
    from teamsim.scenarios import load_scenario

    base = load_scenario(SCENARIO, **overrides)
    seed_list = replication_seeds(root_seed, seeds)
    jobs = [Job(base.with_params(caseworkers=cw), s, years)
            for cw in caseworkers for s in seed_list]
    with Runner(workers) as runner:
        tables = runner.map(jobs, progress)
    rows = []
    for job, y in zip(jobs, tables, strict=True):
        row = {"caseworkers": job.spec.params.caseworkers, "seed": job.seed,
               "caseload_mean": float(y["caseload_mean"].mean())}
        for name in INDICATORS:
            row[name] = float(y[name].mean()) if name in y else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def medians(curve_df: pd.DataFrame) -> pd.DataFrame:
    """Median over seeds per number of caseworkers, ordered by caseload."""
    return curve_df.drop(columns="seed").groupby("caseworkers").median().sort_values(
        "caseload_mean")


def missing(curve_df: pd.DataFrame) -> list[str]:
    return [f"indicator '{name}' is not produced by this model: not drawn"
            for name in INDICATORS if curve_df[name].isna().all()]


def at(curve_df: pd.DataFrame, indicator: str, caseload: float) -> float:
    """The model's median share at ``caseload`` (linear between the runs' caseloads)."""
    import numpy as np

    m = medians(curve_df)
    return float(np.interp(caseload, m["caseload_mean"], m[indicator]))


def write(curve_df: pd.DataFrame, out: str | Path) -> list[Path]:
    from teamsim.calibration.tomlio import write_atomic

    out = Path(out)
    return [write_atomic(out / "compliance.csv", curve_df.to_csv(index=False)),
            plot(curve_df, out / "compliance.png")]


def plot(curve_df: pd.DataFrame, path: str | Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from teamsim.calibration.validate import save_figure

    m = medians(curve_df)
    fig, ax = plt.subplots(figsize=(8, 5))
    colours = dict(zip(INDICATORS, ("tab:blue", "tab:orange", "tab:green"), strict=True))
    for name, label in INDICATORS.items():
        if m[name].isna().all():
            continue
        ax.scatter(curve_df["caseload_mean"], curve_df[name], s=8, alpha=0.35,
                   color=colours[name])
        ax.plot(m["caseload_mean"], m[name], marker="o", color=colours[name],
                label=f"model: {label.lower()}")
    for e in EVIDENCE:
        (x0, x1), (y0, y1) = e.caseload, e.share
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, lw=1.5,
                               edgecolor=colours[e.indicator], ls="--"))
        ax.annotate(e.label, (x1 + 0.5, (y0 + y1) / 2), fontsize=6.5, va="center",
                    color=colours[e.indicator])
    ax.set_xlim(10, 75)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("open cases per caseworker (model: measured mean)")
    ax.set_ylabel("share done on time")
    ax.set_title(f"Casework on time against caseload: {SCENARIO} worlds, "
                 f"{int(m.index.min())}-{int(m.index.max())} caseworkers; "
                 "dashed boxes: Danish figures", fontsize=9)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, loc="lower left")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return save_figure(fig, path, dpi=110)
