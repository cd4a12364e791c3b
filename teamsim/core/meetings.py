"""Cross-professional network meetings (netværksmøder, tværfaglige møder).

Each open case at steps 2-6 asks for a meeting with probability
``meeting_rate``/52 a week. The meeting is the caseworker's lowest-priority task
(:mod:`casework`): it is held only if the caseworker's week has ``meeting_hours``
of slack left, so with too few caseworkers meetings starve. A held meeting also
asks ``meeting_partner_hours`` of the child's PPR psychologist (school age) or
health visitor (under 6) and of the school (school age); a partner with no hours
left that week stays away. A held meeting

* mobilises the family network: its strength rises by ``meeting_kin_gain`` of
  the gap to 1, and the case counts one more meeting, which raises the chance
  that a family placement is with kin (:func:`teamsim.core.decisions.kin_chance`,
  evidence-staffing.md §8c);
* gives support: the network carries up to ``meeting_need_effect`` need points
  (scaled by the share of invited partners who came), decaying with half-life
  ``meeting_support_halflife``, so a lower step suffices; kept small, since
  family group conferences show no significant effect on entry into care;
* lowers breakdown risk by ``meeting_breakdown_reduction`` at full support;
* is a decision point: the caseworker may step the child down (never up);
* strengthens the collaboration ties among those who attended.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teamsim.core.population import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from teamsim.core.agents import Caseworker
    from teamsim.core.model import TeamSim

SCHOOL_AGE_WEEKS = 6 * WEEKS_PER_YEAR


def hold(model: TeamSim, slot: int, cw: Caseworker) -> None:
    """A meeting in the case of ``slot`` whose caseworker has found the hours."""
    p, pop = model.p, model.pop
    members = [cw.unique_id]
    district = int(pop.district[slot])
    school_age = bool(pop.age[slot] >= SCHOOL_AGE_WEEKS)
    kind = "psychologist" if school_age else "health_visitor"
    invited = 1 + school_age
    helpers = [a for a in model.cover[district] if a.profession == kind]
    if helpers:
        helper = max(helpers, key=lambda a: a.hours_left)
        if helper.take(p.meeting_partner_hours):
            members.append(helper.unique_id)
    if school_age:
        school = model.schools[district]
        if school.take(p.meeting_partner_hours):
            members.append(school.unique_id)
    came = (len(members) - 1) / invited
    pop.support[slot] = max(pop.support[slot], 0.5 + 0.5 * came)
    pop.kin[slot] += p.meeting_kin_gain * (1.0 - pop.kin[slot])
    pop.meetings[slot] += 1.0
    if p.ties_on:
        model.ties.strengthen(members)
    model.stats["meetings_held"] += 1
    model.stats["meeting_partners"] += len(members) - 1
    model.review(slot, cw, step_down_only=True)
