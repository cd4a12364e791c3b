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
    '2012-placed-share': '8 seeds: median 1.0%, band 0.9%-1.1% (fail); 3 seeds: 2014 median 0.01363 outside the band',
    '2012-family-share': '8 seeds: median 61.2%, band 58.0%-68.0% (fail); 3 seeds: 2013 median 0.4714 outside the band',
    '2012-starts-teen': '8 seeds: median 46.6%, band 50.0%-72.0% (fail); 3 seeds: median 0.4731 outside the band',
    '2012-notified': '8 seeds: median 6.2%, band 5.5%-7.0% (pass); 3 seeds: 2016 median 0.07124 outside the band',
    'national-assessments-on-time': '8 seeds: median 68.4%, band 45.0%-65.0% (fail); 3 seeds: median 0.6748 outside the band',
    '2009-assessments-on-time': '8 seeds: median 24.9%, band 35.0%-65.0% (fail); 3 seeds: median 0.2354 outside the band',
    'low-caseload': '8 seeds: median 18.3, band 20-25 (fail); 3 seeds: median 18.57 outside the band',
    'pilot-followups-on-time': '8 seeds: median 90.6%, band 90.0%-100.0% (pass); 3 seeds: median 0.8808 outside the band',
    'municipality-placed-share': '8 seeds: median 1.0%, band 0.9%-1.1% (pass); 3 seeds: 2014 median 0.01111 outside the band',
    'municipality-breakdowns': '8 seeds: median 5.6%, band 3.5%-6.5% (fail); 3 seeds: 2021 median 0.08594 outside the band',
    'municipality-breakdowns-teen': '8 seeds: median 54.9%, band 55.0%-73.0% (fail); 3 seeds: median 0.543 outside the band',
    'municipality-starts-teen': '8 seeds: median 47.8%, band 50.0%-72.0% (fail); 3 seeds: median 0.4803 outside the band',
    'municipality-health-notifications': '8 seeds: median 16.5%, band 16.0%-23.0% (fail); 3 seeds: 2016 median 0.151 outside the band',
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
