"""TeamSim: the cross-professional child-welfare team as a Mesa model.

One step is one week. The order within a week:

1. population: ageing, leaving at 18, movers, newborns (:mod:`population`)
2. need: shocks, recovery, the help each child receives (:mod:`population`)
3. placement dynamics: emergencies and breakdowns (:mod:`placement`)
4. early detection and notifications, screening (:mod:`detection`, :mod:`intake`)
5. assessments from the queue, first call on caseworker hours (statutory
   deadline) (:mod:`intake`)
6. follow-ups due, held by caseworkers with hours left (:mod:`followup`,
   decisions in :mod:`decisions`)
7. network meetings, with what hours remain (:mod:`meetings`)
8. ties fade (:mod:`network`); costs and outcomes are recorded (:mod:`outcomes`)
"""

from __future__ import annotations

import math
from collections import deque
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import pandas as pd

from teamsim.core import detection, intake, meetings, outcomes, placement
from teamsim.core.agents import Caseworker, Coordinator, Family, HealthVisitor, Psychologist, School
from teamsim.core.decisions import choose_step
from teamsim.core.followup import next_review
from teamsim.core.network import TieGraph, spread
from teamsim.params import Params
from teamsim.core.population import AGE_OUT_WEEKS, NEVER, TEEN_WEEKS, WEEKS_PER_YEAR, Population
from teamsim.scenarios import Scenario, load_scenario

STREAMS = ("population", "shocks", "detection", "intake", "decisions", "meetings", "placement",
           "initial")


class TeamSim(mesa.Model):
    """The Herning-style cross-professional team and the children it serves.

    Args:
        scenario: a preset name (``"herning-pilot"``), a path to a scenario
            TOML file, or a :class:`Scenario`. Default ``"herning-2012"``.
        rng: seed (int) for all random numbers; same scenario and seed give
            identical results.
        **overrides: parameter values replacing the scenario's
            (``caseworkers=8``); see ``teamsim params``.

    Example:
        >>> model = TeamSim("herning-pilot", rng=1)
        >>> model.run_for(52)
        >>> model.series()[["placed", "waiting_weeks"]].tail()
    """

    def __init__(self, scenario: str | Path | Scenario = "herning-2012", *, rng: int = 0,
                 **overrides: Any) -> None:
        super().__init__(rng=rng)
        self.scenario_spec = load_scenario(scenario, **overrides)
        self.p: Params = self.scenario_spec.params
        p = self.p
        root = np.random.SeedSequence(int(rng) if rng is not None else None)
        self.streams = {name: np.random.default_rng(s)
                        for name, s in zip(STREAMS, root.spawn(len(STREAMS)), strict=True)}
        self.week = 0
        self.pop = Population(p, p.districts, self.streams["population"], self.streams["shocks"])
        self._make_professionals()
        self.ties = TieGraph(self)
        self.families: dict[int, Family] = {}
        # psychologist and health-visitor hours not spent on meetings last week go to
        # consultation in schools and visits to vulnerable families (raising detection)
        self.spare_hours = {"psychologist": p.psychologists * p.psychologist_hours,
                            "health_visitor": p.health_visitors * p.health_visitor_hours}
        self.queue: deque[tuple[float, int, int]] = deque()
        self._effects = np.array([0.0, p.effect_step1, p.effect_step2, p.effect_step3]
                                 + [p.effect_placement] * 3)
        self.stats = outcomes.new_week_stats()
        self._initial_cases()
        self.datacollector = mesa.DataCollector(model_reporters=outcomes.reporters())
        outcomes.record(self)
        self.datacollector.collect(self)

    # ---- set-up -----------------------------------------------------------------------
    def _make_professionals(self) -> None:
        p = self.p
        d = p.districts
        self.schools = [School(self, k, f"School {k + 1}") for k in range(d)]

        def staff(cls, n, hours):
            return [cls(self, i, hours, ds) for i, ds in enumerate(spread(n, d))]

        self.caseloads = np.zeros(p.caseworkers, dtype=np.int64)  # open cases per caseworker
        self.caseworkers: list[Caseworker] = staff(Caseworker, p.caseworkers, p.caseworker_hours)
        self.psychologists = staff(Psychologist, p.psychologists, p.psychologist_hours)
        self.health_visitors = staff(HealthVisitor, p.health_visitors, p.health_visitor_hours)
        self.coordinators = [Coordinator(self, i, p.coordinator_hours, list(range(d)))
                             for i in range(p.coordinators)]
        self.cover: list[list] = [[] for _ in range(d)]
        for agent in self.caseworkers + self.psychologists + self.health_visitors:
            for k in agent.districts:
                self.cover[k].append(agent)
        self.agent_by_id = {a.unique_id: a for a in self.agents}

    def _initial_cases(self) -> None:
        """Open the cases the scenario states at the start (counts per step exact)."""
        p, pop = self.p, self.pop
        rng = self.streams["initial"]
        n = p.children
        placed = round(p.initial_share_placed * n)
        family = round(placed * p.initial_foster_share)
        kin = round(family * p.initial_kin_share_of_foster)
        counts = {6: placed - family, 5: family - kin, 4: kin,
                  3: round(p.initial_share_step3 * n), 2: round(p.initial_share_step2 * n),
                  1: round(p.initial_share_step1 * n)}
        # the most vulnerable children (teenagers weigh more for placements) hold the cases
        score = pop.risk[:n] * np.where(pop.age[:n] >= TEEN_WEEKS, 1.5, 1.0) + rng.random(n) * 0.5
        order = np.argsort(-score, kind="stable")
        bands = {1: (p.early_help_threshold, p.threshold_step2),
                 2: (p.threshold_step2, p.threshold_step3),
                 3: (p.threshold_step3, p.threshold_placement),
                 4: (p.threshold_placement, p.threshold_institution),
                 5: (p.threshold_placement, p.threshold_institution),
                 6: (p.threshold_institution, p.threshold_institution + 1.5)}
        if p.policy == "traditional":
            bands[5] = (p.threshold_placement, p.traditional_institution_threshold)
            bands[6] = (p.traditional_institution_threshold, p.traditional_institution_threshold + 1.5)
        taken = 0
        for step in (6, 5, 4, 3, 2, 1):
            slots = order[taken: taken + counts[step]]
            taken += counts[step]
            lo, hi = bands[step]
            pop.set_latent(slots, rng.uniform(lo, max(hi, lo + 1e-6), slots.size))
            if step == 4:
                pop.kin[slots] = np.maximum(pop.kin[slots], p.kin_threshold)
            for slot in slots.tolist():
                self.open_case(slot, step, self.least_loaded(), initial=True)
                length = 200 if step >= 4 else 52
                pop.step_start[slot] = -int(rng.integers(0, length))
                first = next_review(p.followup_schedule, step, int(pop.step_start[slot]), 0,
                                    p.placement_review_weeks)
                pop.next_due[slot] = int(rng.integers(1, max(first, 1) + 1))
        # children nobody knows of yet keep a need the team would not have missed for long
        pop.cap_latent(order[taken:], p.threshold_step2)
        pop.need[:] = np.maximum(pop.risk - self._effects[pop.step], 0.0)
        self.stats = outcomes.new_week_stats()

    # ---- the week ---------------------------------------------------------------------
    def step(self) -> None:
        p, pop = self.p, self.pop
        self.week = round(self.time)
        self.stats = outcomes.new_week_stats()
        if p.population_on:
            leaving, ages = pop.demography()
            self._leave(leaving)
            pop.add(ages)
        early = pop.case_open & (pop.step == 1)
        early_counts = np.bincount(pop.caseworker[early], minlength=len(self.caseworkers))
        for cw, k in zip(self.caseworkers, early_counts.tolist(), strict=True):
            cw.early_help_cases = k
        for agent in self.caseworkers + self.psychologists + self.health_visitors + self.coordinators:
            agent.new_week()
        for school in self.schools:
            school.meeting_hours = 0.0
        pop.support *= math.exp(-math.log(2) / p.meeting_support_halflife)
        if p.need_on:
            effect = self._effects[pop.step] + p.meeting_need_effect * pop.support
            pop.evolve_need(effect, np.where(pop.step > 0, p.treatment_recovery, 0.0))
        else:
            pop.adjust_need(self._effects[pop.step] + p.meeting_need_effect * pop.support)
        placement.emergencies(self)
        placement.breakdowns(self)
        notified, source = detection.detect(self)
        for slot, src in zip(notified.tolist(), source.tolist(), strict=True):
            self.note_notification(slot, src)
        intake.screen(self, notified)
        intake.assess(self)
        self._follow_ups()
        meetings.hold_meetings(self)
        self.spare_hours = {"psychologist": sum(a.hours_left for a in self.psychologists),
                            "health_visitor": sum(a.hours_left for a in self.health_visitors)}
        if p.ties_on:
            self.ties.fade()
        outcomes.record(self)
        self.datacollector.collect(self)

    def _leave(self, slots: np.ndarray) -> None:
        pop = self.pop
        for slot in slots.tolist():
            if pop.step[slot] >= 4:
                self.stats["placement_exits"] += 1
                self.stats["aged_out_placed"] += int(pop.age[slot] >= AGE_OUT_WEEKS)
            if pop.case_open[slot]:
                self.close_case(slot)
        pop.remove(slots)

    def _follow_ups(self) -> None:
        p, pop, week = self.p, self.pop, self.week
        due = np.flatnonzero(pop.case_open & (pop.next_due <= week))
        due = due[np.argsort(pop.next_due[due], kind="stable")]
        for slot in due.tolist():
            due_week = int(pop.next_due[slot])
            self.stats["followups_due"] += due_week == week
            cw = self.caseworkers[pop.caseworker[slot]]
            hours = p.followup_hours * (p.early_help_case_weight if pop.step[slot] == 1 else 1.0)
            if not p.capacity_on or cw.take(hours):
                self.stats["followups_held"] += 1
                self.stats["followups_on_time"] += due_week == week
                cw.follow_up(slot)
            elif week - due_week >= p.followup_grace_weeks:
                self.stats["followups_missed"] += 1
                pop.next_due[slot] = next_review(p.followup_schedule, int(pop.step[slot]),
                                                 int(pop.step_start[slot]), due_week,
                                                 p.placement_review_weeks)
            else:
                self.stats["followups_overdue"] += 1

    # ---- case handling (called by the mechanisms) --------------------------------------
    def judged_need(self, slot: int) -> float:
        """A caseworker's judgement of need without help, less what the network carries."""
        p, pop = self.p, self.pop
        noise = p.assessment_noise * self.streams["decisions"].standard_normal()
        return float(pop.risk[slot] + noise - p.meeting_need_effect * pop.support[slot])

    def review(self, slot: int, cw: Caseworker) -> None:
        """A follow-up: choose the step; schedule the next follow-up."""
        pop = self.pop
        new = choose_step(self.p, self.judged_need(slot), int(pop.step[slot]),
                          float(pop.kin[slot]), placement.supply(self))
        if new != pop.step[slot]:
            self.set_step(slot, new)
        else:
            self._schedule(slot)

    def finish_assessment(self, slot: int, cw: Caseworker) -> None:
        """An assessment is done: open a case at the chosen step, or close the matter."""
        self.stats["assessments_done"] += 1
        if self.pop.case_open[slot]:
            return  # placed in an emergency while being assessed
        step = choose_step(self.p, self.judged_need(slot), 0, float(self.pop.kin[slot]),
                           placement.supply(self))
        if step > 0:
            self.open_case(slot, step, cw)

    def note_notification(self, slot: int, source: int) -> None:
        pop, stats = self.pop, self.stats
        stats["notifications"] += 1
        stats[("notifications_school", "notifications_health", "notifications_other")[source]] += 1
        stats["renotifications"] += bool(pop.ever_case[slot])
        year = self.year
        if pop.notified_year[slot] != year:
            pop.notified_year[slot] = year
            stats["children_notified"] += 1

    def open_case(self, slot: int, step: int, cw: Caseworker, initial: bool = False) -> None:
        pop = self.pop
        pop.case_open[slot] = True
        pop.queued[slot] = False
        pop.caseworker[slot] = cw.index
        cw.caseload += 1
        self.families[slot] = Family(self, slot)
        if not initial:
            self.stats["cases_opened"] += 1
            self.stats["age_at_opening_sum"] += pop.age[slot] / WEEKS_PER_YEAR
        pop.ever_case[slot] = True
        self.set_step(slot, step, count=not initial)

    def close_case(self, slot: int) -> None:
        pop = self.pop
        cw = int(pop.caseworker[slot])
        if cw >= 0:
            self.caseworkers[cw].caseload -= 1
        family = self.families.pop(slot, None)
        if family is not None:
            family.remove()
        pop.case_open[slot] = False
        pop.caseworker[slot] = -1
        pop.next_due[slot] = NEVER
        pop.step[slot] = 0

    def set_step(self, slot: int, new: int, count: bool = True) -> None:
        """Move a child to step ``new`` (0 closes the case), counting the transition."""
        pop, stats = self.pop, self.stats
        old = int(pop.step[slot])
        if count and new != old:
            if old >= 1 and new >= 1:
                stats["step_ups" if new > old else "step_downs"] += 1
            if new >= 4 > old:
                stats["placements_started"] += 1
            if old >= 4 > new:
                stats["placement_exits"] += 1
                stats["returns_home"] += 1
            if old == 3 and new >= 4:
                stats["home_based_up"] += 1
            if old == 3 and 0 < new < 3:
                stats["home_based_down"] += 1
            if new == 0:
                stats["cases_closed"] += 1
        if new == 0:
            self.close_case(slot)
            return
        pop.step[slot] = new
        if new == 6:
            pop.ever_institution[slot] = True
        self.restart_step(slot)

    def restart_step(self, slot: int) -> None:
        """A new measure (or a new placement after a breakdown) begins now."""
        self.pop.step_start[slot] = self.week
        self._schedule(slot)

    def _schedule(self, slot: int) -> None:
        pop, p = self.pop, self.p
        pop.next_due[slot] = next_review(p.followup_schedule, int(pop.step[slot]),
                                         int(pop.step_start[slot]), self.week,
                                         p.placement_review_weeks)

    def least_loaded(self) -> Caseworker:
        """The caseworker with the fewest cases (the first of them on a tie)."""
        return self.caseworkers[int(np.argmin(self.caseloads))]

    # ---- reading the model ------------------------------------------------------------
    @property
    def year(self) -> int:
        """Calendar year of the current week (week 0 belongs to the first year)."""
        return self.p.start_year + max(self.week - 1, 0) // WEEKS_PER_YEAR

    def step_counts(self) -> np.ndarray:
        pop = self.pop
        return np.bincount(pop.step[pop.active], minlength=7)

    def series(self) -> pd.DataFrame:
        """Weekly indicators, one row per week (week 0 = the initial state)."""
        return outcomes.series(self)

    def budget(self, baseline: TeamSim | None = None) -> pd.DataFrame:
        """Yearly budget table (kr.), optionally with the net against a baseline run."""
        return outcomes.budget(self.series(), baseline.series() if baseline else None)

    def key_figures(self) -> pd.DataFrame:
        """Socialstyrelsen's 12 'Indsatstrappens nøgletal', one row per year."""
        return outcomes.key_figures(self.series())

    def network(self, max_families: int = 300):
        """A networkx snapshot of professionals and (a sample of) families."""
        from teamsim.core.network import snapshot

        return snapshot(self, max_families)
