"""The agents: families known to the team and the professionals around them.

Per-child state lives in :class:`teamsim.core.population.Population` arrays; a
:class:`Family` agent exists while a child's case is open and reads and writes
its slot. Professionals are few and hold their weekly hours; a caseworker is
where case decisions are made (follow-ups, assessments, step choices).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import mesa

from teamsim.core.population import WEEKS_PER_YEAR

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


@dataclass
class Assessment:
    """A child assessment (børnefaglig undersøgelse) a caseworker is working on."""

    slot: int
    child_id: int
    hours_left: float
    notified_week: int
    deadline: int
    hours_done: float = 0.0
    update: bool = False  # an updated assessment of an open case (not a new notification)


SUMMER_START = 27  # the first of the summer holiday's possible starting weeks (early July)
SUMMER_STAGGER = 4  # summer holidays start in one of this many weeks, by post
OTHER_HOLIDAYS = (7, 42, 51, 15, 35)  # winter, autumn, Christmas, Easter, late summer


@cache
def holiday_weeks_of(index: int, weeks: int) -> frozenset[int]:
    """The weeks of the year (0 = the first week of January) the caseworker in post ``index`` is on holiday.

    Up to three weeks together in the summer, starting in week 27-30 by post so the
    team is never all away at once (the Danish holiday act's main holiday of three
    weeks); the rest one week at a time in the school holidays. No draws: the rota
    belongs to the post, and a successor keeps it.
    """
    summer = min(weeks, 3)
    start = SUMMER_START + index % SUMMER_STAGGER
    return frozenset([*range(start, start + summer), *OTHER_HOLIDAYS[:max(weeks - summer, 0)]])


class Caseworker(Professional):
    """Caseworker (socialrådgiver): assesses notifications, follows up cases, decides steps.

    Each week has a ledger (:mod:`teamsim.core.casework`): ``capacity`` hours
    (overtime included when the week needs it), ``hours_left``, the
    ``compression`` applied to every task (1 = standard time), ``slack`` (hours
    beyond the week's statutory work, which the least-intrusive practice can use)
    and ``load`` (standard demand over normal hours, smoothed over about 4 weeks).
    """

    profession = "caseworker"

    def __init__(self, model: TeamSim, index: int, hours: float, districts: list[int],
                 tenure_weeks: int = 10_000) -> None:
        super().__init__(model, index, hours, districts)
        self.early_help_cases = 0  # of the caseload, at step 1
        self.assessments: list[Assessment] = []
        self.tenure_weeks = tenure_weeks
        self.pace = model.staff_pace()  # this caseworker's speed (lognormal around 1)
        self.capacity = hours
        self.compression = 1.0
        self.slack = 0.0
        self.load = 0.0

    @property
    def caseload(self) -> int:
        """Open cases held (stored in the model's ``caseloads`` array)."""
        return int(self.model.caseloads[self.index])

    @caseload.setter
    def caseload(self, value: int) -> None:
        self.model.caseloads[self.index] = value

    @property
    def on_holiday(self) -> bool:
        """On holiday this week (``holiday_weeks``: :func:`holiday_weeks_of`)."""
        return (self.model.week - 1) % WEEKS_PER_YEAR in holiday_weeks_of(
            self.index, self.model.p.holiday_weeks)

    @property
    def working(self) -> float:
        """This week's share of a year-averaged week: none on holiday, and the year's
        hours and running work spread over the working weeks."""
        if self.on_holiday:
            return 0.0
        return WEEKS_PER_YEAR / (WEEKS_PER_YEAR - self.model.p.holiday_weeks)

    @property
    def normal_hours(self) -> float:
        """This week's normal hours: at this caseworker's pace, reduced during induction,
        times :attr:`working`."""
        p = self.model.p
        working = self.working
        if working == 0.0:
            return 0.0
        induction = self.tenure_weeks < p.new_worker_weeks
        return (self.weekly_hours * working * self.pace
                * (p.new_worker_capacity if induction else 1.0))

    def new_week(self) -> None:
        self.tenure_weeks += 1
        self.capacity = self.normal_hours * (1.0 + self.model.p.overtime_share)
        self.hours_left = self.capacity
        self.compression = 1.0
        # until this week's casework is planned (:mod:`casework`), last week's slack is
        # the caseworker's guess of what the week can spare (crisis decisions come first)
        self.slack = min(self.slack, self.normal_hours)

    @property
    def hours_used(self) -> float:
        return self.capacity - self.hours_left

    def charge(self, hours: float) -> None:
        """Urgent work (screening, emergencies): done first, from whatever the week holds;
        a colleague at work takes it when this caseworker is on holiday."""
        if self.on_holiday:
            cover = self.model.deputy(self)
            if cover is not None:
                cover.charge(hours)
                return
        if self.model.p.capacity_on:
            hours = min(hours, max(self.hours_left, 0.0))
        self.hours_left -= hours

    def take_slack(self, hours: float) -> bool:
        """Spend ``hours`` of the week's slack (practice work beyond the statutory tasks).

        Before the week's casework is planned the slack is last week's; urgent work
        charged since may have left less than that, so the hours must also be left."""
        if not self.model.p.capacity_on:
            return True
        if min(self.slack, self.hours_left) + 1e-9 < hours:
            return False
        self.slack -= hours
        self.hours_left -= hours
        return True


class Coordinator(Professional):
    """Team coordinator (teamkoordinator): screens notifications (the duty of :mod:`intake`)."""

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
        self.hours_left = 0.0

    def new_week(self) -> None:
        self.meeting_hours = 0.0
        self.hours_left = self.model.p.school_meeting_hours

    def take(self, hours: float) -> bool:
        """Give ``hours`` to a meeting if the school has them this week."""
        if self.hours_left + 1e-9 < hours:
            return False
        self.hours_left -= hours
        self.meeting_hours += hours
        return True
