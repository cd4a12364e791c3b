"""Cross-professional network meetings (netværksmøder, tværfaglige møder).

Each open case at steps 2-6 has a meeting with probability
``meeting_rate``/52 a week. A meeting takes ``meeting_hours`` from the
caseworker (no caseworker time, no meeting), from a PPR psychologist for a
school child or a health visitor for a child under 6 (if they have hours
left; otherwise the meeting goes on without them), and from the school. It

* mobilises the family network: kin strength rises by ``meeting_kin_gain`` of
  the gap to 1, so kinship care becomes possible;
* gives support: the network carries ``meeting_need_effect`` need points,
  decaying with half-life ``meeting_support_halflife``, so a lower step
  suffices;
* lowers breakdown risk by ``meeting_breakdown_reduction`` at full support;
* strengthens the collaboration ties among those who attended.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from teamsim.core.population import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from teamsim.core.model import TeamSim


def hold_meetings(model: TeamSim) -> None:
    p, pop = model.p, model.pop
    u = model.streams["meetings"].random(pop.capacity)
    if not p.meetings_on:
        return
    due = np.flatnonzero(pop.case_open & (pop.step >= 2) & (u < p.meeting_rate / WEEKS_PER_YEAR))
    hours = p.meeting_hours
    for slot in due.tolist():
        cw = model.caseworkers[pop.caseworker[slot]]
        if p.capacity_on and not cw.take(hours):
            model.stats["meetings_missed"] += 1
            continue
        members = [cw.unique_id]
        d = int(pop.district[slot])
        school_age = pop.age[slot] >= 6 * WEEKS_PER_YEAR
        kind = "psychologist" if school_age else "health_visitor"
        helpers = [a for a in model.cover[d] if a.profession == kind]
        if helpers:
            helper = max(helpers, key=lambda a: a.hours_left)
            if helper.take(hours):
                members.append(helper.unique_id)
        if school_age:
            school = model.schools[d]
            school.meeting_hours += hours
            members.append(school.unique_id)
        pop.support[slot] = 1.0
        pop.kin[slot] += p.meeting_kin_gain * (1.0 - pop.kin[slot])
        if p.ties_on:
            model.ties.strengthen(members)
        model.stats["meetings_held"] += 1
