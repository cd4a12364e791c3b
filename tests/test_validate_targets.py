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
    '2012-placed-share': '8 seeds: median 1.0%, band 0.9%-1.1% (pass); 3 seeds: 2018 median 0.01217 outside the band',
    '2012-family-share': '8 seeds: median 59.9%, band 58.0%-68.0% (fail); 3 seeds: 2019 median 0.4656 outside the band',
    '2012-breakdowns-teen': '8 seeds: median 52.2%, band 55.0%-73.0% (fail); 3 seeds: median 0.53 outside the band',
    '2012-kinship': '8 seeds: median 8.4%, band 9.0%-14.0% (fail); 3 seeds: median 0.08689 outside the band',
    '2012-notified': '8 seeds: median 6.4%, band 5.5%-7.0% (pass); 3 seeds: 2016 median 0.07254 outside the band',
    'national-caseload': '8 seeds: median 33.2, band 29-35 (pass); 3 seeds: median 35.62 outside the band',
    'national-assessments-on-time': '8 seeds: median 69.9%, band 45.0%-65.0% (fail); 3 seeds: median 0.693 outside the band',
    '2009-assessments-on-time': '8 seeds: median 33.4%, band 35.0%-65.0% (fail); 3 seeds: median 0.2128 outside the band',
    'low-caseload': '8 seeds: median 19.2, band 20-25 (fail); 3 seeds: median 19.57 outside the band',
    'municipality-placed-share': '8 seeds: median 1.1%, band 0.9%-1.1% (fail); 3 seeds: 2015 median 0.01127 outside the band',
    'municipality-family-share': '8 seeds: median 55.6%, band 55.0%-66.0% (fail); 3 seeds: 2014 median 0.5316 outside the band',
    'municipality-exits': '8 seeds: median 24.4%, band 20.0%-30.0% (pass); 3 seeds: 2020 median 0.3014 outside the band',
    'municipality-breakdowns': '8 seeds: median 6.1%, band 3.5%-6.5% (fail); 3 seeds: 2015 median 0.08943 outside the band',
    'municipality-first-placement-family': '8 seeds: median 25.0%, band 25.0%-40.0% (pass); 3 seeds: median 0.2487 outside the band',
    'municipality-starts-teen': '8 seeds: median 49.7%, band 50.0%-72.0% (fail); 3 seeds: median 0.4936 outside the band',
    'municipality-kinship': '8 seeds: median 7.5%, band 9.0%-14.0% (fail); 3 seeds: median 0.0786 outside the band',
    'municipality-school-notifications': '8 seeds: median 19.3%, band 18.0%-24.0% (pass); 3 seeds: 2016 median 0.1794 outside the band',
    'municipality-health-notifications': '8 seeds: median 16.1%, band 16.0%-23.0% (fail); 3 seeds: 2019 median 0.1449 outside the band',
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
