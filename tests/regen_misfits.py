"""Print the expected-failure lists of the validation tests for the shipped calibration.

    uv run python tests/regen_misfits.py results/validation/validation.csv

Runs what ``tests/test_validate_targets.py`` runs (every target but the national preset's,
3 seeds, 10 years) and what ``tests/test_validate_compliance.py`` runs (the curve on 3
seeds, 4 years), and prints ``KNOWN_MISFITS`` and ``MISFITS`` to paste into those files,
each reason with the 8-seed figure of ``teamsim validate`` (its CSV, the argument). Not a
test (pytest collects only ``test_*.py``): a maintainer's tool after a recalibration.
"""

from __future__ import annotations

import sys

import pandas as pd

from teamsim.calibration import compliance
from teamsim.calibration.validate import select, validate

sys.path.insert(0, "tests")
from test_validate_compliance import SEEDS as COMPLIANCE_SEEDS
from test_validate_targets import NAMES, SEEDS, SKIPPED_SCENARIOS, TARGETS


def fmt(target, value: float) -> str:
    if "share" in target.indicator or target.high <= 1.0:
        return f"{value:.1%}"
    return f"{value:.3g}"


def main(csv: str) -> None:
    eight = pd.read_csv(csv).set_index("name")
    chosen = select(TARGETS, [s for s in dict.fromkeys(t.scenario for t in TARGETS)
                              if s not in SKIPPED_SCENARIOS])
    verdicts = {v.target.name: v for v in validate(chosen, seeds=SEEDS, years=10, workers=2)}
    print("KNOWN_MISFITS: dict[str, str] = {")
    for name in NAMES:
        v = verdicts[name]
        if v.passed:
            continue
        t, row = v.target, eight.loc[name]
        band = f"{fmt(t, t.low)}-{fmt(t, t.high)}"
        print(f"    {name!r}: '8 seeds: median {fmt(t, row['median'])}, band {band} "
              f"({row['verdict']}); {SEEDS} seeds: {v.reason}',")
    print("}")
    curve = compliance.curve(seeds=COMPLIANCE_SEEDS, years=4, workers=2)
    print("MISFITS = {")
    for e in compliance.EVIDENCE:
        low, high = e.share
        x = sum(e.caseload) / 2
        value = compliance.at(curve, e.indicator, x)
        if not low <= value <= high:
            print(f"    {e.label[:40]!r}: \"{compliance.INDICATORS[e.indicator]} {value:.0%} "
                  f"at {x:g} cases ({low:.0%}-{high:.0%})\",")
    print("}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "results/validation/validation.csv")
