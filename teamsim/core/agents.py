"""The agents: families known to the team and the professionals around them.

Per-child state lives in :class:`teamsim.core.population.Population` arrays; a
:class:`Family` agent exists while a child's case is open and reads and writes
its slot. Professionals are few and hold their weekly hours; a caseworker is
where case decisions are made (follow-ups, assessments, step choices).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from teamsim.core.model import TeamSim


class Family(mesa.Agent):
    """A child and its family while the child has an open case (barn og familie).

    Attributes are views on the child's row in the population arrays.
    """

    def __init__(self, model: TeamSim, slot: int) -> None:
        super().__init__(model)
        self.slot = slot
        self.child_id = int(model.pop.child_id[slot])

    def _get(self, field):
        return getattr(self.model.pop, field)[self.slot]

    @property
    def step(self) -> int:
        """Current step on the staircase (0-6)."""
        return int(self._get("step"))

    @property
    def need(self) -> float:
        """Experienced need (0-10 need points)."""
        return float(self._get("need"))

    @property
    def age_years(self) -> float:
        return float(self._get("age")) / 52

    @property
    def district(self) -> int:
        return int(self._get("district"))

    @property
    def kin(self) -> float:
        """Strength of the family network (slægt og netværk), 0-1."""
        return float(self._get("kin"))

    @property
    def caseworker(self) -> Caseworker | None:
        idx = int(self._get("caseworker"))
        return self.model.caseworkers[idx] if idx >= 0 else None


class Professional(mesa.Agent):
    """Someone with weekly hours for the team's work."""

    profession = "professional"

    def __init__(self, model: TeamSim, index: int, hours: float, districts: list[int]) -> None:
        super().__init__(model)
        self.index = index
        self.weekly_hours = hours
        self.hours_left = hours
        self.districts = districts

    def new_week(self) -> None:
        self.hours_left = self.weekly_hours

    def take(self, hours: float) -> bool:
        """Spend ``hours`` if there are enough left this week."""
        if self.hours_left + 1e-9 < hours:
            return False
        self.hours_left -= hours
        return True

    @property
    def hours_used(self) -> float:
        return self.weekly_hours - self.hours_left


class Caseworker(Professional):
    """Caseworker (socialrådgiver): assesses notifications, follows up cases, decides steps."""

    profession = "caseworker"

    def __init__(self, model: TeamSim, index: int, hours: float, districts: list[int]) -> None:
        super().__init__(model, index, hours, districts)
        self.early_help_cases = 0  # of the caseload, at step 1
        # the assessment in progress: (slot, child_id, hours still needed)
        self.assessment: tuple[int, int, float] | None = None

    @property
    def caseload(self) -> int:
        """Open cases held (stored in the model's ``caseloads`` array)."""
        return int(self.model.caseloads[self.index])

    @caseload.setter
    def caseload(self, value: int) -> None:
        self.model.caseloads[self.index] = value

    def new_week(self) -> None:
        p = self.model.p
        weighted = self.caseload - (1 - p.early_help_case_weight) * self.early_help_cases
        admin = weighted * p.case_admin_hours
        self.hours_left = max(self.weekly_hours - admin, 0.0)

    def follow_up(self, slot: int) -> None:
        """Hold a follow-up: judge the child's need and choose the step."""
        self.model.review(slot, self)


class Coordinator(Professional):
    """Team coordinator (teamkoordinator): screens notifications and arranges meetings."""

    profession = "coordinator"


class Psychologist(Professional):
    """PPR psychologist: consults in schools (raising detection) and joins meetings."""

    profession = "psychologist"


class HealthVisitor(Professional):
    """Health visitor (sundhedsplejerske): visits young families, detects, joins meetings."""

    profession = "health_visitor"


class School(mesa.Agent):
    """A school district's school with its daycare (skole og dagtilbud): detects and joins meetings."""

    profession = "school"

    def __init__(self, model: TeamSim, district: int, name: str) -> None:
        super().__init__(model)
        self.district = district
        self.name = name
        self.meeting_hours = 0.0
