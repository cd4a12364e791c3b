"""Example: analyse an experiment's results with pandas and matplotlib.

    uv run teamsim experiment run experiments/staffing-sweep.toml --workers 4
    uv run python experiments/example_analysis.py results/staffing-sweep [--out figures/]

Works on any results folder; the same lines work in a notebook. It shows the
three tables of the loader (runs, series, summary), the paired difference from
the baseline computed by hand, and a plot of placements against the first varied
parameter with a 95% confidence band (or, without varied parameters, the
placements over time for the scenario and the baseline).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from teamsim.experiment import load_results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, help="a results folder of 'teamsim experiment run'")
    parser.add_argument("--out", type=Path, default=Path("."), help="where to save the figure")
    args = parser.parse_args()

    res = load_results(args.results)
    print(f"{res.manifest['experiment']['title']}: {len(res.ok_runs)} runs ok, "
          f"{len(res.failed_runs)} failed" + ("" if res.complete else " (incomplete)"))

    # 1. the runs table: one row per run, the varied parameters and the indicators
    runs = res.ok_runs
    print(runs[["role", "point", "replication", *res.factors, "placed"]].head())

    # 2. paired differences by hand: each run minus the baseline run of its replication
    if res.has_baseline:
        base = runs[runs["role"] == "baseline"].set_index("replication")["placed"]
        scen = runs[runs["role"] == "scenario"].copy()
        scen["placed_vs_baseline"] = scen["placed"] - scen["replication"].map(base)
        by_point = scen.groupby(["point", *res.factors])["placed_vs_baseline"].agg(
            ["mean", "std", "count"])
        print("\nChildren placed, scenario minus baseline (paired by seed):")
        print(by_point.round(2).to_string())

    # 3. the summary the report uses: mean and 95% CI per design point and indicator
    summary = res.summary()
    placed = summary[(summary["indicator"] == "placed") & (summary["role"] == "scenario")]

    fig = Figure(figsize=(6, 4), layout="constrained")
    ax = fig.add_subplot()
    if res.factors:
        factor = res.factors[0]
        placed = placed.sort_values(factor)
        ax.plot(placed[factor], placed["mean"], marker="o")
        ax.fill_between(placed[factor], placed["ci_low"], placed["ci_high"], alpha=0.3)
        ax.set_xlabel(factor)
        name = f"placed_by_{factor}.png"
    else:
        series = res.series
        for role, group in series.groupby("role"):
            mean = group.groupby("week")["placed"].mean()
            ax.plot(mean.index / 52, mean.to_numpy(), label=role)
        ax.set_xlabel("years")
        ax.legend()
        name = "placed_over_time.png"
    ax.set_ylabel("children placed (mean over the last year)")
    args.out.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out / name, dpi=100)
    print(f"\nFigure saved to {args.out / name}")
    pd.set_option("display.width", 120)


if __name__ == "__main__":
    main()
