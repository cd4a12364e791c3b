"""Placement dynamics: crises, requests, emergency placements and breakdowns.

* **Crises.** A child not placed whose need is above ``crisis_threshold`` reaches
  a crisis that needs a placement with hazard ``crisis_rate`` per year per need
  point above it. Whether the child is placed is not in question; how is. If the
  child's case is open and its follow-up is not overdue, the caseworker takes a
  planned decision (:func:`teamsim.core.decisions.decide`: family or
  institution, by practice and hours). If the child is not known, is waiting for
  an assessment, or its follow-up is overdue, it is an **emergency placement**
  (akutanbringelse) without an assessment: at an institution with probability
  ``emergency_institution_share``, else in foster care, with a higher breakdown
  risk until its first follow-up (``emergency_breakdown_factor``). Either way
  the caseworker spends ``emergency_hours`` that week (first call on the hours,
  :mod:`casework`). So missed work does not prevent placements: it makes them
  emergencies, mostly at institutions (evidence-staffing.md §8b).
* **Requests.** Most teenage placements are asked for: more than half at the
  parents' request, 30% at the young person's own (Ankestyrelsen 2007;
  evidence-staffing.md §7). A teenager (13-17) not placed whose need is above
  ``teen_request_threshold`` asks (or the parents ask) with hazard
  ``teen_request_rate`` per year per need point above it, whether or not the
  case is known. The request is answered with a decision (the case's
  caseworker, or for a child not known the least loaded one, who opens the
  case; :func:`teamsim.core.decisions.decide` with ``request=True``):
  traditional practice grants the placement and picks its type; the
  least-intrusive practice may instead offer home-based support (step 3) if
  its judgement of the need allows and the week has
  ``practice_hours_return_home`` of slack for it. The judgement is as good as
  the hours recently put into the case (a child not known is judged with none,
  so defensively). A request never waits for casework; help that lowers a
  teenager's need lowers the requests.
* **Breakdowns.** A placement breaks down with a yearly hazard by type
  (kinship, foster, institution), times ``teen_breakdown_factor`` at 13-17 (and
  twice that again for teenagers in foster care without meeting support), less
  the meeting support reduction, times ``missed_followup_breakdown_factor``
  while a follow-up is overdue, ``transfer_breakdown_factor`` for
  ``transfer_weeks`` after the case changed caseworker, and
  ``emergency_breakdown_factor`` after an emergency start. A broken kinship
  placement is followed by foster care, a broken foster placement by an
  institution with probability ``breakdown_to_institution``, a broken
  institution placement by another institution; the caseworker spends
  ``emergency_hours`` on the move.
* Supply: with ``capacity_limits_on``, foster families and institution places
  are limited (:func:`teamsim.core.decisions.supply`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from teamsim.core.decisions import supply
from teamsim.core.population import TEEN_WEEKS, WEEKS_PER_YEAR

if TYPE_CHECKING:
    from teamsim.core.model import TeamSim


def crises(model: TeamSim) -> None:
    p, pop = model.p, model.pop
    rng = model.streams["placement"]
    u = rng.random(pop.capacity)
    u_type = rng.random(pop.capacity)
    u_ask = rng.random(pop.capacity)
    not_placed = pop.active & (pop.step < 4)
    for slot in _hits(u, not_placed, pop.need, p.crisis_rate, p.crisis_threshold):
        if followed_up(model, slot) or not p.emergencies_on:
            model.crisis_decision(slot)
        else:
            _emergency(model, slot, 6 if u_type[slot] < p.emergency_institution_share else 5)
    if p.teen_request_rate <= 0:
        return
    teens = not_placed & (pop.age >= TEEN_WEEKS)
    for slot in _hits(u_ask, teens, pop.need, p.teen_request_rate, p.teen_request_threshold):
        if pop.step[slot] >= 4:
            continue  # placed in a crisis this week
        model.stats["placement_requests"] += 1
        model.crisis_decision(slot, request=True)


def _hits(u: np.ndarray, among: np.ndarray, need: np.ndarray, rate: float,
          threshold: float) -> list[int]:
    """Slots of ``among`` where an event of hazard ``rate`` per year per need point above
    ``threshold`` happens this week (``u`` the week's uniforms)."""
    slots = np.flatnonzero(among & (need > threshold))
    hazard = rate / WEEKS_PER_YEAR * (need[slots] - threshold)
    return slots[u[slots] < -np.expm1(-hazard)].tolist()


def emergency(model: TeamSim, slot: int) -> None:
    """An emergency placement found acute at screening (its own draw of the type)."""
    u = model.streams["intake"].random()
    _emergency(model, slot, 6 if u < model.p.emergency_institution_share else 5)


def followed_up(model: TeamSim, slot: int) -> bool:
    """The child's case is open and no follow-up of it is overdue."""
    pop = model.pop
    return bool(pop.case_open[slot] and pop.next_due[slot] >= model.week)


def _emergency(model: TeamSim, slot: int, target: int) -> None:
    pop = model.pop
    free = supply(model)
    if not free.has(target):
        target = 11 - target  # the other kind
        if not free.has(target):
            return
    model.stats["emergency_placements"] += 1
    if pop.case_open[slot]:
        cw = model.caseworkers[pop.caseworker[slot]]
        model.set_step(slot, target)
    else:
        pop.queued[slot] = False
        model.note_notification(slot, source=2)
        cw = model.least_loaded()
        model.open_case(slot, target, cw)
    pop.emergency[slot] = True
    cw.charge(model.p.emergency_hours)


def breakdowns(model: TeamSim) -> None:
    p, pop, week = model.p, model.pop, model.week
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
    factor = np.where(pop.next_due[placed] < week, factor * p.missed_followup_breakdown_factor,
                      factor)
    factor = np.where(week - pop.transfer_week[placed] < p.transfer_weeks,
                      factor * p.transfer_breakdown_factor, factor)
    factor = np.where(pop.emergency[placed], factor * p.emergency_breakdown_factor, factor)
    hazard = base * factor / WEEKS_PER_YEAR
    for slot in placed[u[placed] < -np.expm1(-hazard)].tolist():
        old = int(step[slot])
        new = 5 if old == 4 else 6 if old == 6 else (6 if u_next[slot] < p.breakdown_to_institution
                                                     else 5)
        if not supply(model).has(new):
            new = 6 if new == 5 and supply(model).has(6) else old
        model.stats["breakdowns"] += 1
        model.stats["breakdowns_teen"] += bool(pop.age[slot] >= TEEN_WEEKS)
        model.caseworkers[pop.caseworker[slot]].charge(p.emergency_hours)
        if new == old:
            model.restart_step(slot)
        else:
            model.set_step(slot, new)
