"""Staircase decisions: which step a caseworker chooses, and what it takes to choose it.

Decisions are taken only at work that actually happens: a finished assessment, a
held follow-up, a held network meeting (step-down only) and a crisis in a case
whose follow-up is up to date (:mod:`placement`). Three things shape them:

**Judgement.** The caseworker judges the child's latent need (need without
help), less what the mobilised network carries after recent meetings. Its error
and its bias depend on the hours put into the case over about the last six
months, t (evidence-staffing.md §8b): quality q = 1 - exp(-t / ``knowledge_hours``);
error sd = ``assessment_noise`` + ``judgement_noise_uninformed`` x (1 - q); an
uninformed caseworker plays safe and sees ``defensive_bias`` x (1 - q) more need;
an overloaded one (load above 1, :mod:`casework`) sees ``overload_bias`` x
min(load - 1, 1) more (defensive practice). Low q and high load both mean more
intrusive choices and fewer step-downs.

**Practice.** ``least_intrusive`` (the Sverigesmodel) picks the lowest sufficient
step and steps down as soon as need allows by ``stepdown_margin`` (a placed child
goes home with home-based support, step 3; an institution placement moves to a
family); ``traditional`` chooses an institution from a lower need
(``traditional_institution_threshold``, for a teenager ``teen_institution_shift``
lower still), so it also moves an institution placement to a foster family only
below that; it steps down otherwise only ``traditional_stepdown_margin`` below a
step's threshold, one step at a time. The least-intrusive choice
is an intent that needs hours from the week's slack: preparing a return home
(``practice_hours_return_home``), finding and supporting a foster family instead
of an institution (``practice_hours_family``), mapping the family network before
a family placement (``practice_hours_kin``, one more mobilisation). Without the
hours the traditional choice is made.

**Kin.** A family placement is with kin with probability
k0 + (kmax - k0) x (1 - exp(-m / m0)) x A: ``kin_share_base``, ``kin_share_max``,
``kin_meetings_scale``; m the network meetings held in the case, A the strength
of the child's network (evidence-staffing.md §8c).

A review never moves a placed child to a more intrusive placement (that is a
breakdown, :mod:`placement`). With placement limits on, a full foster type falls
back to an institution and a full institution to foster care; a child already
placed keeps its place; a child with no place at all waits at step 3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from teamsim.core.population import TEEN_WEEKS

if TYPE_CHECKING:
    from teamsim.core.agents import Caseworker
    from teamsim.core.model import TeamSim

FAMILY = 5  # the level of a family placement (kin 4 or foster 5) in a decision


@dataclass
class Supply:
    """Free placement places this week (``None`` = unlimited)."""

    family: int | None = None
    institution: int | None = None

    def has(self, step: int) -> bool:
        if step == 4:
            return True  # kin come from the family's own network
        free = self.institution if step == 6 else self.family
        return free is None or free > 0


def quality(p, hours: float) -> float:
    """Judgement quality from the hours put into the case recently."""
    return 1.0 - math.exp(-hours / p.knowledge_hours)


def judged_need(model: TeamSim, slot: int, cw: Caseworker) -> float:
    """The caseworker's judgement of the child's need without help (see module docs)."""
    p, pop = model.p, model.pop
    q = quality(p, float(pop.knowledge_hours[slot]))
    sd = p.assessment_noise + p.judgement_noise_uninformed * (1.0 - q)
    pressure = min(max(cw.load - 1.0, 0.0), 1.0) if p.capacity_on else 0.0
    bias = p.defensive_bias * (1.0 - q) + p.overload_bias * pressure
    noise = sd * model.streams["decisions"].standard_normal()
    return float(pop.risk[slot] + noise + bias - p.meeting_need_effect * pop.support[slot])


def sufficient_step(p, assessed: float, practice: str, teen: bool = False) -> int:
    """The least intrusive step whose threshold ``assessed`` need falls under (5 = family).

    Traditional practice places a teenager at an institution from
    ``teen_institution_shift`` less need (few foster families take teenagers).
    """
    if assessed < p.early_help_threshold:
        return 0
    if assessed < p.threshold_step2:
        return 1
    if assessed < p.threshold_step3:
        return 2
    if assessed < p.threshold_placement:
        return 3
    if practice == "traditional":
        inst = p.traditional_institution_threshold - (p.teen_institution_shift if teen else 0.0)
    else:
        inst = p.threshold_institution
    return 6 if assessed >= inst else FAMILY


def step_threshold(p, step: int) -> float:
    """Need from which ``step`` is needed."""
    return (0.0, p.early_help_threshold, p.threshold_step2, p.threshold_step3,
            p.threshold_placement, p.threshold_placement, p.threshold_placement)[step]


def target_step(p, assessed: float, current: int, practice: str, teen: bool = False) -> int:
    """The step ``practice`` chooses for a child at ``current`` judged at ``assessed``."""
    traditional = practice == "traditional"
    target = sufficient_step(p, assessed, practice, teen)
    level = FAMILY if current == 4 else current
    if target >= level:
        return current if current >= 4 else target  # placements move up only by breakdown
    margin = p.traditional_stepdown_margin if traditional else p.stepdown_margin
    if current == 6 and target == FAMILY:
        return FAMILY  # institution to a family (kin or foster) as soon as the practice allows
    if assessed >= step_threshold(p, current) - margin:
        return current
    if current >= 4:
        return 3  # home with home-based support first
    return current - 1 if traditional else target


def practice_hours(p, current: int, chosen: int, request: bool = False) -> float:
    """Hours the least-intrusive choice needs beyond the traditional one (``request``:
    home-based support offered instead of the placement asked for)."""
    if current >= 4 > chosen or (request and chosen < 4):
        return p.practice_hours_return_home
    if chosen == FAMILY:
        return p.practice_hours_family
    return 0.0


def kin_chance(p, meetings: float, network: float) -> float:
    """Chance that a family placement is with kin (evidence-staffing.md §8c)."""
    mobilised = 1.0 - math.exp(-meetings / p.kin_meetings_scale)
    return min(1.0, p.kin_share_base + (p.kin_share_max - p.kin_share_base) * mobilised
               * network)


def decide(model: TeamSim, slot: int, cw: Caseworker, *, step_down_only: bool = False,
           crisis: bool = False, request: bool = False) -> int:
    """The step chosen for the child in ``slot`` at a decision that is happening now.

    ``crisis``: a placement is needed; only its type is decided. ``request``: a
    placement is asked for; traditional practice grants it, the least-intrusive
    practice grants it only if its judgement of the need calls for one.
    """
    p, pop, stats = model.p, model.pop, model.stats
    current = int(pop.step[slot])
    judged = judged_need(model, slot, cw)
    assessed = max(judged, p.threshold_placement) if crisis or request else judged
    teen = bool(pop.age[slot] >= TEEN_WEEKS)
    chosen = target_step(p, assessed, current, "traditional", teen)
    if p.policy == "least_intrusive":
        wanted = target_step(p, judged if request else assessed, current, "least_intrusive",
                             teen)
        if request:
            wanted = max(wanted, current)  # a request is not answered with less help
        if wanted != chosen:
            if cw.take_slack(practice_hours(p, current, wanted, request)):
                chosen = wanted
                stats["practice_realised"] += 1
            else:
                stats["practice_fallbacks"] += 1
    if step_down_only and chosen > current:
        chosen = current
    if chosen == FAMILY and current not in (4, 5):  # a new family placement, or from an institution
        chosen = _kin_or_foster(model, slot, cw)
    return _available(chosen, supply(model), current)


def _kin_or_foster(model: TeamSim, slot: int, cw: Caseworker) -> int:
    p, pop = model.p, model.pop
    meetings = float(pop.meetings[slot])
    if p.policy == "least_intrusive" and cw.take_slack(p.practice_hours_kin):
        meetings += 1.0  # the network mapped before the placement
    u = model.streams["decisions"].random()
    return 4 if u < kin_chance(p, meetings, float(pop.kin[slot])) else 5


def supply(model: TeamSim) -> Supply:
    p = model.p
    if not p.capacity_limits_on:
        return Supply()
    counts = model.step_counts()
    return Supply(family=p.foster_places - int(counts[5]),
                  institution=p.institution_places - int(counts[6]))


def _available(target: int, supply: Supply, current: int | None = None) -> int:
    """Fall back when a placement type is full (foster -> institution -> wait at 3)."""
    if target < 4 or target == current or supply.has(target):
        return target
    if target == 5 and supply.has(6):
        return 6
    if target == 6 and supply.has(5):
        return 5
    return current if current is not None and current >= 4 else 3
