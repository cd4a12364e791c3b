"""Staircase decisions: which step a caseworker chooses at assessment and follow-up.

The caseworker judges the child's latent need (need without help, with an
error of ``assessment_noise``), less what the mobilised network carries after
recent meetings, and picks a step:

* ``least_intrusive`` (the Sverigesmodel): the lowest step that meets the need;
  a placement is kinship care when the family network is strong enough, foster
  care unless the need calls for an institution; steps down as soon as a
  lower step suffices by ``stepdown_margin`` (a placed child goes home with home-based support,
  step 3).
* ``traditional``: escalates the same way but chooses institutions at a lower
  need and kinship care only with a very strong network; steps down only when
  the need is ``traditional_stepdown_margin`` below the current step's
  threshold, and then one step at a time.

A review never moves a placed child to a more intrusive placement: that
happens when a placement breaks down (:mod:`teamsim.core.placement`). Under the
least-intrusive policy an institution placement moves to a family placement
as soon as the need allows. With placement limits on, a full foster type
falls back to an institution and a full institution to foster care; a child
already placed keeps its place; a child with no place at all waits at step 3.
"""

from __future__ import annotations

from dataclasses import dataclass


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


def sufficient_step(p, assessed: float, kin: float, policy: str) -> int:
    """The least intrusive step whose threshold ``assessed`` need falls under."""
    if assessed < p.early_help_threshold:
        return 0
    if assessed < p.threshold_step2:
        return 1
    if assessed < p.threshold_step3:
        return 2
    if assessed < p.threshold_placement:
        return 3
    traditional = policy == "traditional"
    inst = p.traditional_institution_threshold if traditional else p.threshold_institution
    if assessed >= inst:
        return 6
    return 4 if kin >= (p.traditional_kin_threshold if traditional else p.kin_threshold) else 5


def step_threshold(p, step: int) -> float:
    """Need from which ``step`` is needed."""
    return (0.0, p.early_help_threshold, p.threshold_step2, p.threshold_step3,
            p.threshold_placement, p.threshold_placement, p.threshold_placement)[step]


def choose_step(p, assessed: float, current: int, kin: float, supply: Supply) -> int:
    """The step chosen for a child whose judged need is ``assessed``."""
    traditional = p.policy == "traditional"
    target = sufficient_step(p, assessed, kin, p.policy)
    if target < current:
        margin = p.traditional_stepdown_margin if traditional else p.stepdown_margin
        if assessed >= step_threshold(p, current) - margin and not (
                current == 6 and target in (4, 5) and not traditional):
            return _available(current, supply, current)  # stays where it is
        if traditional:
            target = 3 if current >= 4 else current - 1
        elif current >= 4 and target < 4:
            target = 3  # home with home-based support first
    if current >= 4 and target > current:
        target = current  # a placement changes upward only when it breaks down
    return _available(target, supply, current)


def _available(target: int, supply: Supply, current: int | None = None) -> int:
    """Fall back when a placement type is full (kin/foster -> institution -> wait at 3)."""
    if target < 4 or target == current or supply.has(target):
        return target
    if target == 5 and supply.has(6):
        return 6
    if target == 6 and supply.has(5):
        return 5
    return current if current is not None and current >= 4 else 3
