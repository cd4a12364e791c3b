"""The compliance curve: casework on time falls as caseload rises, and where it should sit
among the Danish figures (evidence-staffing.md sections 0 and 8a)."""

from __future__ import annotations

from itertools import pairwise

import pytest

from teamsim.calibration import compliance

TOLERANCE = 0.03  # seed noise a median of 2 seeds may show between neighbouring caseloads


@pytest.fixture(scope="module")
def curve():
    return compliance.curve(seeds=2, years=4, workers=2)


@pytest.mark.parametrize("indicator", list(compliance.INDICATORS))
def test_more_cases_per_caseworker_never_means_more_work_on_time(curve, indicator):
    m = compliance.medians(curve)
    assert m["caseload_mean"].is_monotonic_increasing
    shares = m[indicator].to_list()
    rises = [(a, b) for a, b in pairwise(shares) if b > a + TOLERANCE]
    assert not rises, f"{indicator} rises with caseload: {shares}"


@pytest.mark.xfail(strict=True, reason=(
    "the calibrated model holds too much on time: follow-ups about 98% on time at 30-38 cases "
    "and 88-93% at 44-50 (Danish 44-75% at 31-33, well under half at 46), screening 100%, "
    "assessments 98-100% (Danish 87-92% and 50-60%); see README 'Calibration and its limits'"))
@pytest.mark.parametrize("evidence", compliance.EVIDENCE, ids=[e.label[:40] for e in
                                                                compliance.EVIDENCE])
def test_the_curve_sits_in_the_danish_bands(curve, evidence):
    low, high = evidence.share
    x = sum(evidence.caseload) / 2
    value = compliance.at(curve, evidence.indicator, x)
    assert low <= value <= high, f"{evidence.label}: model {value:.0%} at {x:g} cases"
