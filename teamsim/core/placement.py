"""Placement dynamics: emergencies, breakdowns and the supply of places.

* Emergencies: a child not placed whose need is above ``crisis_threshold`` is
  placed in an emergency with hazard ``crisis_rate`` per year per need point
  above it, at an institution with probability ``emergency_institution_share``
  (a case is opened if there was none). Missed follow-ups let need climb
  unseen, so they feed this.
* Breakdowns: a placement breaks down with a yearly hazard by type
  (kinship, foster, institution), times ``teen_breakdown_factor`` at 13-17
  (and twice that again for teenagers in foster care without meeting
  support), less the meeting support reduction, times
  ``missed_followup_breakdown_factor`` while a follow-up is overdue. A
  broken kinship placement is followed by foster care, a broken foster
  placement by an institution with probability ``breakdown_to_institution``.
* Supply: with ``capacity_limits_on``, foster families and institution places
  are limited (see :mod:`teamsim.core.decisions` for the fallback).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from teamsim.core.decisions import Supply
from teamsim.core.population import TEEN_WEEKS, WEEKS_PER_YEAR

if TYPE_CHECKING:
    from teamsim.core.model import TeamSim


def supply(model: TeamSim) -> Supply:
    p = model.p
    if not p.capacity_limits_on:
        return Supply()
    counts = model.step_counts()
    return Supply(family=p.foster_places - int(counts[5]),
                  institution=p.institution_places - int(counts[6]))


def emergencies(model: TeamSim) -> None:
    p, pop = model.p, model.pop
    rng = model.streams["placement"]
    u = rng.random(pop.capacity)
    u_type = rng.random(pop.capacity)
    if not p.emergencies_on:
        return
    # only children above the crisis threshold carry a hazard
    cand = np.flatnonzero(pop.active & (pop.step < 4) & (pop.need > p.crisis_threshold))
    hazard = p.crisis_rate / WEEKS_PER_YEAR * (pop.need[cand] - p.crisis_threshold)
    for slot in cand[u[cand] < -np.expm1(-hazard)].tolist():
        target = 6 if u_type[slot] < p.emergency_institution_share else 5
        if not supply(model).has(target):
            target = 11 - target  # the other kind
            if not supply(model).has(target):
                continue
        model.stats["emergency_placements"] += 1
        if not pop.case_open[slot]:
            pop.queued[slot] = False
            model.note_notification(slot, source=2)
            model.open_case(slot, target, model.least_loaded())
        else:
            model.set_step(slot, target)


def breakdowns(model: TeamSim) -> None:
    p, pop = model.p, model.pop
    rng = model.streams["placement"]
    u = rng.random(pop.capacity)
    u_next = rng.random(pop.capacity)
    if not p.breakdown_on:
        return
    step = pop.step
    placed = np.flatnonzero(pop.active & (step >= 4))  # only placed children can break down
    s = step[placed]
    base = np.select([s == 4, s == 5, s == 6],
                     [p.breakdown_rate_kinship, p.breakdown_rate_foster,
                      p.breakdown_rate_institution], 0.0)
    support = pop.support[placed]
    teen = pop.age[placed] >= TEEN_WEEKS
    factor = np.where(teen, p.teen_breakdown_factor, 1.0)
    factor = np.where(teen & (s == 5) & (support < 0.1), factor * 2.0, factor)
    factor *= 1.0 - p.meeting_breakdown_reduction * support
    overdue = pop.next_due[placed] < model.week
    factor = np.where(overdue, factor * p.missed_followup_breakdown_factor, factor)
    hazard = base * factor / WEEKS_PER_YEAR
    for slot in placed[u[placed] < -np.expm1(-hazard)].tolist():
        old = int(step[slot])
        new = 5 if old == 4 else 6 if old == 6 else (6 if u_next[slot] < p.breakdown_to_institution else 5)
        if not supply(model).has(new):
            new = 6 if new == 5 and supply(model).has(6) else old
        model.stats["breakdowns"] += 1
        model.stats["placements_started"] += 1
        if new == old:
            model.restart_step(slot)
        else:
            model.set_step(slot, new)
