"""``teamsim validate``: every target against the model, with a verdict, a table, a CSV, a plot.

    teamsim validate                          # every target, 8 seeds, 10 years
    teamsim validate --scenario herning-2012 --seeds 4 --workers 2 --out results/validation
    teamsim validate --compliance --out docs/img   # the compliance curve (compliance.py)

For each scenario of the targets file (preset or file, with the target's
overrides) it runs the replications (seeds from one root seed, as
``teamsim run``), judges every target (:func:`teamsim.calibration.targets.judge`)
and prints the target, its band, the simulated median and 10-90% band and the
verdict, with the share of bootstrap re-draws of the replications on which that
verdict would pass (:func:`teamsim.calibration.targets.redraw_pass`: how firmly
these seeds decide it); ``--out`` gets ``validation.csv`` (one row per target),
``validation-yearly.csv`` (each judged year's median and band), ``validation.md``
(the README's table) and ``validation.png``. The exit status is 1 when a target
fails.

When the run holds every target the shipped calibration fitted, it also prints
that calibration's loss measured on these seeds (:func:`held_out_loss`) beside
the loss the calibration reached on its own seeds: how much of the fit was the
luck of a few seeds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from teamsim.calibration import CalibrationError
from teamsim.calibration.runs import Job, Runner
from teamsim.calibration.targets import (
    ScenarioKey,
    Targets,
    Verdict,
    judge,
    outside,
    scenario_label,
    scenario_of,
)

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_SEEDS = 8
DEFAULT_YEARS = 10
ROOT_SEED = 0
REDRAWS = 1000  # bootstrap re-draws of the replications behind each verdict's firmness


def plan(targets: Targets, seeds: int, years: int, root_seed: int = ROOT_SEED
         ) -> dict[ScenarioKey, list[Job]]:
    """The runs of each scenario of ``targets`` (seeds and years capped by ``[runs]``)."""
    from teamsim.run import replication_seeds

    jobs = {}
    for key in targets.scenarios():
        spec = scenario_of(key)
        caps = targets.runs.get(key[0], {})
        n, y = min(seeds, caps.get("seeds", seeds)), min(years, caps.get("years", years))
        jobs[key] = [Job(spec, s, y) for s in replication_seeds(root_seed, n)]
    return jobs


def validate(targets: Targets, seeds: int = DEFAULT_SEEDS, years: int = DEFAULT_YEARS,
             workers: int = 1, root_seed: int = ROOT_SEED,
             progress: Callable[[int], None] | None = None) -> list[Verdict]:
    """Run every scenario of ``targets`` and judge every target, in file order."""
    return judge_all(targets, run(targets, seeds, years, workers, root_seed, progress))


def run(targets: Targets, seeds: int = DEFAULT_SEEDS, years: int = DEFAULT_YEARS,
        workers: int = 1, root_seed: int = ROOT_SEED,
        progress: Callable[[int], None] | None = None) -> dict[ScenarioKey, list[pd.DataFrame]]:
    """The yearly tables of every scenario's replications (scenario key -> tables)."""
    jobs = plan(targets, seeds, years, root_seed)
    flat = [job for group in jobs.values() for job in group]
    with Runner(workers) as runner:
        tables = runner.map(flat, progress)
    by_key, i = {}, 0
    for key, group in jobs.items():
        by_key[key] = tables[i:i + len(group)]
        i += len(group)
    return by_key


def judge_all(targets: Targets, runs: Mapping[ScenarioKey, Sequence[pd.DataFrame]]
              ) -> list[Verdict]:
    """Every target judged on its scenario's runs, in file order, with the share of
    re-draws of those runs on which its verdict would pass."""
    return [judge(t, runs[t.key], redraws=REDRAWS) for t in targets]


@dataclass(frozen=True)
class HeldOutLoss:
    """The calibration's loss of the shipped parameters, on other seeds than its own."""

    loss: float           # on these runs
    replications: int     # the fewest replications of a fitted target's scenario here
    shipped: float        # the shipped best loss, on the calibration's own seeds
    shipped_seeds: int
    targets: int          # the fitted targets
    margin: float


def held_out_loss(targets: Targets, runs: Mapping[ScenarioKey, Sequence[pd.DataFrame]],
                  years: int) -> HeldOutLoss | None:
    """The shipped calibration's loss (its setup's targets and margin) on ``runs``.

    A fit on a few seeds of a small world also fits their luck: this is the same loss
    on the validation's seeds, beside the one the calibration reached on its own.
    ``None`` when it cannot be measured like for like: no shipped calibration, a
    setup or targets file other than the calibration's, a fitted target's scenario
    not run, or runs shorter than the calibration's.
    """
    from teamsim.calibration import calibrate as cal

    prov = cal.read_calibrated().get("provenance")
    if not prov:
        return None
    setup = cal.load_setup()
    if (setup.sha256 != prov.get("setup_sha256") or targets.sha256 != setup.targets_sha256
            or years < setup.years or any(t.key not in runs for t in setup.targets)):
        return None
    return HeldOutLoss(cal.loss(setup, runs), min(len(runs[t.key]) for t in setup.targets),
                       float(prov["best_loss"]), int(prov["seeds"]), len(setup.targets),
                       setup.margin)


def select(targets: Targets, scenarios: Sequence[str] = (), use: str = "all") -> Targets:
    """The targets of some scenarios (preset names or files) and of one use."""
    chosen = tuple(t for t in targets
                   if (not scenarios or t.scenario in scenarios)
                   and (use == "all" or t.use == use))
    if not chosen:
        what = ", ".join(scenarios) if scenarios else "any scenario"
        raise CalibrationError(f"no targets for {what} with use {use} in {targets.source}; "
                               f"scenarios there: {', '.join(sorted({t.scenario for t in targets}))}")
    return Targets(chosen, targets.runs, targets.source, targets.sha256)


# ---- tables and files -------------------------------------------------------------------
def table(verdicts: Sequence[Verdict]) -> pd.DataFrame:
    """One row per target: what it is, its band, the simulated statistics and the verdict."""
    import pandas as pd

    rows = []
    for v in verdicts:
        t = v.target
        rows.append({
            "name": t.name, "indicator": t.indicator, "scenario": scenario_label(t.key),
            "use": t.use, "judged": t.years_text(), "value": t.value, "low": t.low,
            "high": t.high, "median": v.median, "p10": v.p10, "p90": v.p90,
            "replications": v.replications, "verdict": v.verdict,
            "redraw_pass": v.redraw_pass, "distance": v.distance,
            "reason": v.reason, "unit": t.unit, "source": t.source,
        })
    return pd.DataFrame(rows)


def yearly_table(verdicts: Sequence[Verdict]) -> pd.DataFrame:
    import pandas as pd

    frames = [v.yearly.rename_axis("year").reset_index().assign(name=v.target.name)
              for v in verdicts if v.yearly is not None]
    if not frames:
        return pd.DataFrame(columns=["name", "year", "median", "p10", "p90"])
    return pd.concat(frames, ignore_index=True)[["name", "year", "median", "p10", "p90"]]


def markdown(verdicts: Sequence[Verdict]) -> str:
    """The verdicts as the README's markdown table: band, median [10-90%], verdict (with
    the worst year of a target judged every year) and the share of re-draws passing."""
    def num(x: float, share: bool) -> str:
        if math.isnan(x):
            return "-"
        if share:
            v = 100 * x
            return (f"{v:#.2g}".rstrip(".") if abs(v) < 99.5 else f"{v:.0f}") + "%"
        return f"{x:.3g}"

    lines = [("| target | scenario | judged | band | simulated median [10-90%] | verdict "
              "| re-draws passing |"), "|---|---|---|---|---|---|---|"]
    for v in verdicts:
        t = v.target
        share = t.high <= 1.0
        name = f"`{t.name}`" + (" (held out)" if t.use == "validate" else "")
        verdict = "pass" if v.passed else ("not judged" if v.passed is None else "**fail**")
        if v.passed is False and t.judge == "every" and v.yearly is not None:
            worst = max(v.yearly.index,
                        key=lambda y, t=t, v=v: outside(v.yearly["median"][y], t.low, t.high))
            m = v.yearly["median"][worst]
            verdict += f" ({worst}: {100 * m:.3g}%)" if share else f" ({worst}: {m:.3g})"
        redraw = "-" if math.isnan(v.redraw_pass) else f"{v.redraw_pass:.0%}"
        lines.append(f"| {name} | {scenario_label(t.key)} | {t.years_text()} | "
                     f"{num(t.low, share)}-{num(t.high, share)} | {num(v.median, share)} "
                     f"[{num(v.p10, share)}-{num(v.p90, share)}] | {verdict} | {redraw} |")
    return "\n".join(lines) + "\n"


def write(out: str | Path, verdicts: Sequence[Verdict]) -> list[Path]:
    """Write validation.csv, validation-yearly.csv, validation.md (the README's table) and
    validation.png into ``out``."""
    from teamsim.calibration.tomlio import write_atomic

    out = Path(out)
    paths = [write_atomic(out / "validation.csv", table(verdicts).to_csv(index=False)),
             write_atomic(out / "validation-yearly.csv",
                          yearly_table(verdicts).to_csv(index=False)),
             write_atomic(out / "validation.md", markdown(verdicts))]
    paths.append(plot(verdicts, out / "validation.png"))
    return paths


def plot(verdicts: Sequence[Verdict], path: str | Path) -> Path:
    """One panel per target: the band (green), the yearly median and 10-90% band."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = 5
    rows = math.ceil(len(verdicts) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.4 * rows), squeeze=False)
    for ax in axes.ravel()[len(verdicts):]:
        ax.axis("off")
    for ax, v in zip(axes.ravel(), verdicts, strict=False):
        _panel(ax, v)
    fig.suptitle("teamsim validate: simulated median and 10-90% band (blue) against the "
                 "target band (green)", fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.98))
    return save_figure(fig, path)


def save_figure(fig, path: str | Path, dpi: int = 90) -> Path:
    """Save a matplotlib figure as PNG through a temporary name, then close it."""
    import matplotlib.pyplot as plt

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial.png")
    try:
        fig.savefig(partial, dpi=dpi)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
        plt.close(fig)
    return path


def _panel(ax, v: Verdict) -> None:
    t = v.target
    colour = {"pass": "black", "fail": "firebrick", "not judged": "grey"}[v.verdict]
    ax.set_title(f"{t.name} ({v.verdict})\n{t.indicator}, {t.years_text()}", fontsize=7.5,
                 color=colour)
    ax.tick_params(labelsize=7)
    if v.yearly is None:
        ax.text(0.5, 0.5, v.reason.replace(" is not", "\nis not"), ha="center", va="center",
                fontsize=6.5, transform=ax.transAxes)
        ax.set_xticks([])
        ax.set_yticks([])
        return
    years = v.yearly.index.to_numpy()
    ax.axhspan(t.low, t.high, color="tab:green", alpha=0.2, lw=0)
    ax.axhline(t.value, color="tab:green", lw=0.8)
    ax.fill_between(years, v.yearly["p10"], v.yearly["p90"], color="tab:blue", alpha=0.25,
                    lw=0)
    ax.plot(years, v.yearly["median"], color="tab:blue", lw=1.2)
    ax.set_xticks(years[:: max(1, len(years) // 4)])
