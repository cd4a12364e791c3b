"""The compliance curve: casework on time falls as caseload rises, and where it should sit
among the Danish figures (evidence-staffing.md sections 0 and 8a)."""

from __future__ import annotations

from itertools import pairwise

import pytest

from teamsim.calibration import compliance

SEEDS = compliance.DEFAULT_SEEDS  # the curve of docs/img/compliance.png (teamsim validate
# --compliance)
TOLERANCE = 0.05  # seed noise a median of 3 seeds may show between neighbouring caseloads
# (2 seeds, with the twelfth calibration: assessments on time 70% at 27 cases, 77% at 29;
# a few dozen assessments a year per world)


@pytest.fixture(scope="module")
def curve():
    return compliance.curve(seeds=SEEDS, years=4, workers=2)


@pytest.mark.parametrize("indicator", list(compliance.INDICATORS))
def test_more_cases_per_caseworker_never_means_more_work_on_time(curve, indicator):
    m = compliance.medians(curve)
    assert m["caseload_mean"].is_monotonic_increasing
    shares = m[indicator].to_list()
    rises = [(a, b) for a, b in pairwise(shares) if b > a + TOLERANCE]
    assert not rises, f"{indicator} rises with caseload: {shares}"


MISFITS = {
    'Ankestyrelsen 2009 (46 cases): almost ha': "Assessments within 4 months 14% at 46 cases (35%-65%)",
}
"""Danish figures the calibrated curve misses (3 seeds, 4 years; README 'Calibration and its
limits'): strict expected failures, so a change that brings one into its band shows."""


@pytest.mark.parametrize("evidence", [
    pytest.param(e, marks=pytest.mark.xfail(strict=True, reason=MISFITS[e.label[:40]]))
    if e.label[:40] in MISFITS else e for e in compliance.EVIDENCE],
    ids=[e.label[:40] for e in compliance.EVIDENCE])
def test_the_curve_sits_in_the_danish_bands(curve, evidence):
    low, high = evidence.share
    x = sum(evidence.caseload) / 2
    value = compliance.at(curve, evidence.indicator, x)
    assert low <= value <= high, f"{evidence.label}: model {value:.0%} at {x:g} cases"
