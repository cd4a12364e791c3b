"""Early detection: schools, daycare and health visitors notice rising need.

For a child with no open case and not already waiting, the weekly hazard of a
notification (underretning) grows with the need above ``concern_threshold``:

* school (ages 6-17) and daycare (1-5): ``school_detection_rate`` x effort x
  (1 + PPR consultation effect) x (1 + tie effect x school-caseworker ties);
* health visitor (0-5, full at birth, falling linearly to 0 at 6):
  ``health_visitor_detection_rate`` x effort x HV hours factor x
  (1 + tie effect x HV-caseworker ties);
* other sources (police, hospitals, family): ``other_detection_rate``, not
  touched by the team;
* unfounded notifications about children below the concern threshold.

With detection off only the last two remain. Late detection means a higher
need at intake: need keeps moving until someone notices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from teamsim.core.population import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from teamsim.core.model import TeamSim

SCHOOL, HEALTH, OTHER = 0, 1, 2
SOURCES = ("school", "health", "other")


def detection_factors(model: TeamSim) -> dict[str, np.ndarray | float]:
    """This week's multipliers: PPR consultation, HV hours and ties by district."""
    p, pop = model.p, model.pop
    active = pop.active
    pupils = np.count_nonzero(active & (pop.age >= 6 * WEEKS_PER_YEAR))
    infants = np.count_nonzero(active & (pop.age < 6 * WEEKS_PER_YEAR))
    consult = model.spare_hours["psychologist"]  # left over last week: consultation
    x = consult / max(pupils / 1000, 1e-9) / p.ppr_reference_hours
    ppr = 1.0 + p.ppr_detection_effect * min(1.0, x)
    hv_hours = model.spare_hours["health_visitor"]  # left over last week: visits
    y = hv_hours / max(infants / 1000, 1e-9) / p.health_visitor_reference_hours
    hv = 2.0 * y / (1.0 + y)
    school_tie = np.array([model.ties.mean_tie(s.unique_id, "caseworker") for s in model.schools])
    hv_tie = np.zeros(len(model.schools))
    for d in range(len(model.schools)):
        hvs = [a for a in model.cover[d] if a.profession == "health_visitor"]
        if hvs:
            hv_tie[d] = np.mean([model.ties.mean_tie(h.unique_id, "caseworker") for h in hvs])
    return {"ppr": ppr, "hv": hv, "school_tie": school_tie, "hv_tie": hv_tie,
            "consult_hours": consult, "hv_hours": hv_hours}


def detect(model: TeamSim) -> tuple[np.ndarray, np.ndarray]:
    """Children notified this week and the source of each notification.

    Only children above the concern threshold carry a need-driven hazard, so it is
    computed for them alone; every other eligible child has the same constant
    hazard of an unfounded notification. Both draw from one uniform per child, so
    the result does not depend on how the work is split.
    """
    p, pop, rng = model.p, model.pop, model.streams["detection"]
    u = rng.random(pop.capacity)
    u_src = rng.random(pop.capacity)
    eligible = pop.active & ~pop.case_open & ~pop.queued
    if model.screen_backlog:  # notified already, waiting to be screened
        eligible[[slot for _, slot, _ in model.screen_backlog]] = False
    above = eligible & (pop.need > p.concern_threshold)
    cand = np.flatnonzero(above)
    excess = pop.need[cand] - p.concern_threshold
    h = np.zeros((3, cand.size))
    if p.detection_on:
        f = detection_factors(model)
        age = pop.age[cand]
        district = pop.district[cand]
        in_school = (age >= 1 * WEEKS_PER_YEAR)
        h[SCHOOL] = (p.school_detection_rate * p.detection_effort * f["ppr"]
                     * (1 + p.tie_detection_effect * f["school_tie"][district]) * in_school)
        contact = np.clip(1.0 - age / (6 * WEEKS_PER_YEAR), 0.0, 1.0)
        h[HEALTH] = (p.health_visitor_detection_rate * p.detection_effort * f["hv"] * contact
                     * (1 + p.tie_detection_effect * f["hv_tie"][district]))
        model.stats["ppr_consult_hours"] = f["consult_hours"]
    h[OTHER] = p.other_detection_rate
    h *= excess / WEEKS_PER_YEAR
    total = h.sum(axis=0)
    hit = u[cand] < -np.expm1(-total)
    cum = np.cumsum(h[:, hit], axis=0) / total[hit]
    u_hit = u_src[cand[hit]]
    source = (u_hit >= cum[0]).astype(np.int8) + (u_hit >= cum[1])
    # below the threshold: unfounded notifications only (source "other")
    below = np.flatnonzero(eligible & ~above)
    unfounded = below[u[below] < -np.expm1(-p.unfounded_notification_rate / WEEKS_PER_YEAR)]
    notified = np.concatenate([cand[hit], unfounded])
    source = np.concatenate([source, np.full(unfounded.size, OTHER, dtype=np.int8)])
    order = np.argsort(notified, kind="stable")
    return notified[order], source[order]
