"""One test per target of the shipped targets file: the calibrated model against the evidence.

Each target of ``teamsim/calibration/targets.toml`` is judged as ``teamsim validate`` judges
it (median over replications inside the band, every year or on the mean), here on
:data:`SEEDS` replications of 10 years. The national ``denmark`` preset is left to
``teamsim validate`` (about 4 minutes a run).

Where model and evidence still part, the target is listed in :data:`KNOWN_MISFITS` with
what the model gives: those tests are strict expected failures, so a model change that
brings a target into its band fails the test until the list is updated, and a target
that leaves its band fails at once.
"""

from __future__ import annotations

import pytest

from teamsim.calibration.targets import load_targets
from teamsim.calibration.validate import select, validate

SEEDS = 3
SKIPPED_SCENARIOS = ("denmark",)
TARGETS = load_targets()
NAMES = [t.name for t in TARGETS if t.scenario not in SKIPPED_SCENARIOS]

KNOWN_MISFITS: dict[str, str] = {
    '2012-placed-share': '1.2-1.3% placed in some years (band 0.91-1.11%)',
    '2012-family-share': 'about 55% in families, falling to 52% (band 58-68%)',
    '2012-starts': 'about 5 placements started per 1,000 a year (band 2-3.5): placements too short',
    '2012-exits': 'about 41% of the stock leaves a year (band 20-30%)',
    '2012-first-placement-family': 'about 61% of first placements in families (band 25-40%)',
    '2012-kinship': 'about 6% of family placements with kin (band 9-14%)',
    '2012-notified': "4.5% notified in year 1 (the burn-in's last year counts as the same calendar year), 7-7.5% later (band 5.5-7%)",
    '2012-health-notifications': 'about 10% of notifications from health (band 16-23%)',
    '2012-followups-on-time': 'about 56% on time at 55 cases (at most a third)',
    '2012-assessments-late': 'about 90% of assessments within 4 months at 55 cases (at most 60%)',
    'national-caseload': '6 caseworkers hold about 37 cases each in the calibrated model (band 29-35)',
    'national-followups-on-time': 'about 94% on time at 37 cases (band 44-75%)',
    'national-screening-on-time': 'about 99% screened within 24 h (band 85-95%)',
    'national-assessments-on-time': 'about 99% within 4 months (band 45-65%)',
    '2009-followups-on-time': 'about 84% on time at 45 cases (band 15-50%)',
    '2009-assessments-on-time': 'about 98% within 4 months at 45 cases (band 35-65%)',
    'low-caseload': 'median 25.2 cases over 3 seeds (band 20-25; 24.2 over 8 seeds)',
    'boras-caseload': 'about 14.5 cases per caseworker (band 15-20)',
    'municipality-placed-share': '1.16-1.24% placed (band 0.91-1.11%)',
    'municipality-family-share': '51-54% in families (band 55-66%)',
    'municipality-starts': '4-5 placements started per 1,000 a year (band 2-3.5)',
    'municipality-exits': '36-45% of the stock leaves a year (band 20-30%)',
    'municipality-breakdowns': '3.4% in some years (band 3.5-6.5%)',
    'municipality-breakdowns-teen': 'about 40% of breakdowns at 13-17 (band 55-73%)',
    'municipality-first-placement-family': 'about 64% of first placements in families (band 25-40%)',
    'municipality-kinship': 'about 6% of family placements with kin (band 9-14%)',
    'municipality-notified': '4.4% notified in year 1, about 7.2-7.5% later (band 5.5-7%)',
    'municipality-health-notifications': 'about 9% of notifications from health (band 16-23%)',
}
"""Target name -> what the calibrated model gives instead (from teamsim validate)."""


@pytest.fixture(scope="module")
def verdicts():
    chosen = select(TARGETS, [s for s in dict.fromkeys(t.scenario for t in TARGETS)
                              if s not in SKIPPED_SCENARIOS])
    return {v.target.name: v for v in validate(chosen, seeds=SEEDS, years=10, workers=2)}


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISFITS[n]))
    if n in KNOWN_MISFITS else n for n in NAMES])
def test_target(verdicts, name):
    v = verdicts[name]
    t = v.target
    assert v.passed, (f"{name}: {t.indicator} {t.years_text()} in {scenario(t)}: median "
                      f"{v.median:.4g} (10-90% {v.p10:.4g}-{v.p90:.4g}), band {t.low:g}-"
                      f"{t.high:g}; {v.reason}; source: {t.source}")


def scenario(t) -> str:
    from teamsim.calibration.targets import scenario_label

    return scenario_label(t.key)
