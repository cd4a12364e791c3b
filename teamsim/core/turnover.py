"""Caseworker turnover: leaving rises with caseload; the cases pass to a newcomer.

Each week a caseworker leaves with hazard ``turnover_rate`` x exp(
``turnover_caseload_elasticity`` x (caseload / ``turnover_reference_caseload`` - 1))
a year (evidence-staffing.md §8d: about 1 in 4 Danish children's caseworkers
leaves a year at caseloads around 31-33). A replacement takes over the post at
once, at ``new_worker_capacity`` of full hours for ``new_worker_weeks``. Every case
of the leaver changes caseworker: the new one starts with no knowledge of it
(:mod:`decisions`), and a placement's breakdown hazard is raised by
``transfer_breakdown_factor`` for ``transfer_weeks`` (Egelund et al. 2010).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from teamsim.core.agents import Caseworker
    from teamsim.core.model import TeamSim


def week(model: TeamSim) -> None:
    p = model.p
    u = model.streams["turnover"].random(len(model.caseworkers))
    if not p.turnover_on:
        return
    for cw, draw in zip(model.caseworkers, u.tolist(), strict=True):
        relative = cw.caseload / p.turnover_reference_caseload - 1.0
        rate = p.turnover_rate * math.exp(p.turnover_caseload_elasticity * relative)
        if draw < -math.expm1(-rate / 52):
            leave(model, cw)


def leave(model: TeamSim, cw: Caseworker) -> None:
    """``cw`` leaves; a newcomer takes over the post and every case on it."""
    cw.tenure_weeks = 0
    model.stats["caseworker_changes"] += 1
    pop = model.pop
    transfer(model, np.flatnonzero(pop.case_open & (pop.caseworker == cw.index)))


def transfer(model: TeamSim, slots: np.ndarray) -> None:
    """These cases change caseworker: knowledge is lost, breakdown risk rises for a while."""
    pop = model.pop
    pop.knowledge_hours[slots] = 0.0
    pop.transfer_week[slots] = model.week
    model.stats["case_transfers"] += slots.size
