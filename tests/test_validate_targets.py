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
    '2012-placed-share': '8 seeds: median 0.90%, band 0.91%-1.11%; 2018 median 0.008687 outside the band',
    '2012-family-share': '8 seeds: median 59%, band 58%-68%; 2015 median 0.568 outside the band',
    '2012-exits': '8 seeds: median 38%, band 20%-30%; median 0.382 outside the band',
    '2012-first-placement-family': '8 seeds: median 44%, band 25%-40%; median 0.4411 outside the band',
    '2012-kinship': '8 seeds: median 4.3%, band 9.0%-14%; median 0.04325 outside the band',
    '2012-notified': '8 seeds: median 7.4%, band 5.5%-7.0%; 2022 median 0.07716 outside the band',
    '2012-school-notifications': '8 seeds: median 14%, band 18%-24%; median 0.1414 outside the band',
    '2012-health-notifications': '8 seeds: median 13%, band 16%-23%; median 0.1258 outside the band',
    '2012-caseload': '8 seeds: median 66.3, band 45.0-65.0; 2021 median 69.61 outside the band',
    '2012-followups-on-time': '8 seeds: median 60%, band 0.00%-33%; median 0.6014 outside the band',
    '2012-assessments-late': '8 seeds: median 90%, band 0.00%-60%; median 0.8999 outside the band',
    'national-caseload': '8 seeds: median 43.5, band 29.0-35.0; median 43.5 outside the band',
    'national-followups-on-time': '8 seeds: median 96%, band 44%-75%; median 0.9562 outside the band',
    'national-screening-on-time': '8 seeds: median 1.00, band 85%-95%; median 1 outside the band',
    'national-assessments-on-time': '8 seeds: median 99%, band 45%-65%; median 0.992 outside the band',
    '2009-caseload': '8 seeds: median 58.2, band 42.0-50.0; median 58.22 outside the band',
    '2009-followups-on-time': '8 seeds: median 80%, band 15%-50%; median 0.7989 outside the band',
    '2009-assessments-on-time': '8 seeds: median 96%, band 35%-65%; median 0.9596 outside the band',
    'low-caseload': '8 seeds: median 30.2, band 20.0-25.0; median 30.23 outside the band',
    'boras-caseload': '8 seeds: median 12.6, band 15.0-20.0; median 12.64 outside the band',
    'municipality-placed-share': '8 seeds: median 0.88%, band 0.91%-1.11%; 2013 median 0.008702 outside the band',
    'municipality-family-share': '8 seeds: median 57%, band 55%-66%; passes over 8 seeds',
    'municipality-starts': '8 seeds: median 3.50, band 2.00-3.50; 2021 median 3.971 outside the band',
    'municipality-exits': '8 seeds: median 39%, band 20%-30%; 2018 median 0.4169 outside the band',
    'municipality-breakdowns': '8 seeds: median 5.8%, band 3.5%-6.5%; 2020 median 0.07436 outside the band',
    'municipality-breakdowns-teen': '8 seeds: median 44%, band 55%-73%; median 0.4385 outside the band',
    'municipality-first-placement-family': '8 seeds: median 45%, band 25%-40%; median 0.4513 outside the band',
    'municipality-kinship': '8 seeds: median 5.4%, band 9.0%-14%; median 0.05413 outside the band',
    'municipality-notified': '8 seeds: median 7.4%, band 5.5%-7.0%; 2017 median 0.07474 outside the band',
    'municipality-school-notifications': '8 seeds: median 14%, band 18%-24%; 2018 median 0.1381 outside the band',
    'municipality-health-notifications': '8 seeds: median 12%, band 16%-23%; 2017 median 0.1162 outside the band',
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
