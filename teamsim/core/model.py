"""TeamSim: the cross-professional child-welfare team as a Mesa model.

One step is one week. The order within a week:

1. population: ageing, leaving at 18, movers, newborns (:mod:`population`)
2. the professionals' week begins; caseworkers may leave (:mod:`turnover`)
3. need: shocks, recovery, the help each child receives (:mod:`population`)
4. crises, teenagers' requests and breakdowns, emergency work first (:mod:`placement`)
5. early detection and notifications, screening within 24 hours
   (:mod:`detection`, :mod:`intake`)
6. casework: assessments, follow-ups, supervision visits and network meetings
   served from each caseworker's hours by priority (:mod:`casework`), with the
   decisions they carry (:mod:`decisions`) and the meetings' effects
   (:mod:`meetings`)
7. ties fade (:mod:`network`); costs and outcomes are recorded (:mod:`outcomes`)

Week 0 is a steady state: before it, the world runs ``burnin_years`` under the
practice before the change (:mod:`burnin`), and at week 0 the scenario's
staffing and practice take over, on the same children, cases and random numbers.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from collections import deque
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import pandas as pd

from teamsim.core import burnin, casework, detection, intake, outcomes, placement, turnover
from teamsim.core.agents import Caseworker, Coordinator, Family, HealthVisitor, Psychologist, School
from teamsim.core.decisions import decide
from teamsim.core.followup import next_review
from teamsim.core.network import TieGraph, spread
from teamsim.core.population import AGE_OUT_WEEKS, NEVER, TEEN_WEEKS, WEEKS_PER_YEAR, Population
from teamsim.params import Params
from teamsim.scenarios import Scenario, load_scenario

DECISION_TEEN_WEEKS = 12 * WEEKS_PER_YEAR  # Ankestyrelsen counts placement decisions at 12-17

STREAMS = ("population", "shocks", "detection", "intake", "decisions", "meetings", "placement",
           "initial", "turnover", "staff", "reassessment")
STAFF = (("caseworkers", Caseworker, "caseworker_hours"),
         ("psychologists", Psychologist, "psychologist_hours"),
         ("health_visitors", HealthVisitor, "health_visitor_hours"))


class TeamSim(mesa.Model):
    """The Herning-style cross-professional team and the children it serves.

    Args:
        scenario: a preset name (``"herning-pilot"``), a path to a scenario
            TOML file, or a :class:`Scenario`. Default ``"herning-2012"``.
        rng: seed (int) for all random numbers; same scenario and seed give
            identical results.
        start: the world before the change, whose steady state week 0 is: a
            preset name, path or Scenario. Default: the scenario's declared
            ``baseline``; for a scenario without one, the scenario itself
            without ``overrides`` (so ``TeamSim("herning-2012", caseworkers=8)``
            starts from herning-2012 and doubles the caseworkers at week 0).
        **overrides: parameter values replacing the scenario's
            (``caseworkers=8``); see ``teamsim params``.

    Example:
        >>> model = TeamSim("herning-pilot", rng=1)
        >>> model.run_for(52)
        >>> model.series()[["placed", "waiting_weeks"]].tail()
    """

    def __init__(self, scenario: str | Path | Scenario = "herning-2012", *, rng: int = 0,
                 start: str | Path | Scenario | None = None, **overrides: Any) -> None:
        super().__init__(rng=rng)
        self.scenario_spec = load_scenario(scenario, **overrides)
        self.start_spec = burnin.start_of(scenario, self.scenario_spec, bool(overrides), start)
        world = burnin.world_params(self.scenario_spec.params, self.start_spec.params)
        seed = int(rng)
        k = burnin.tiles(world)
        if k > 1:
            state = TeamSim._tiled(world, seed, k)
        else:
            state = burnin.steady_state(world, seed, lambda: TeamSim._burn_in(world, seed))
        self._setup(world, seed)
        self._restore(state)
        self._apply(self.scenario_spec.params)
        self.datacollector = mesa.DataCollector(model_reporters=outcomes.reporters())
        outcomes.record(self)
        self.datacollector.collect(self)

    @classmethod
    def _burn_in(cls, world: Params, seed: int) -> dict[str, Any]:
        """The state after ``burnin_years`` of the world from its drawn initial cases."""
        model = cls.__new__(cls)
        mesa.Model.__init__(model, rng=seed)
        weeks = world.burnin_years * WEEKS_PER_YEAR
        model._setup(world, seed)
        model.week = -weeks
        model._initial_cases()
        for _ in range(weeks):
            model.week += 1
            model._week()
        return model._state()

    @classmethod
    def _tiled(cls, world: Params, seed: int, k: int) -> dict[str, Any]:
        """The steady state of a large ``world``: ``k`` copies of a tile's (module
        :mod:`teamsim.core.burnin`, "Large worlds start from tiles")."""
        small = burnin.tile_world(world, k)
        tile = burnin.steady_state(small, seed, lambda: cls._burn_in(small, seed))
        model = cls.__new__(cls)
        mesa.Model.__init__(model, rng=seed)
        model._setup(world, seed)  # the large world's agents, ties and streams
        tp, cap, ids = tile["pop"], tile["pop"].capacity, tile["pop"].next_id
        n_cw, n_d = small.caseworkers, small.districts
        pop = model.pop
        for name in Population._FIELDS:
            part = getattr(tp, name)[:cap]
            copies = []
            for t in range(k):
                c = part.copy()
                if name == "child_id":
                    c[c >= 0] += t * ids
                elif name == "district":
                    c += t * n_d
                elif name == "caseworker":
                    c[c >= 0] += t * n_cw
                copies.append(c)
            setattr(pop, name, np.concatenate(copies))
        pop.capacity, pop.next_id, pop.base_size = k * cap, k * ids, world.children

        def shifted(entries):
            return [(w, s + t * cap, c + t * ids) for t in range(k) for w, s, c in entries]

        model.queue = type(tile["queue"])(sorted(shifted(tile["queue"]),
                                                 key=lambda e: (e[0], e[1])))
        model.screen_backlog = sorted(shifted(tile["screen_backlog"]), key=lambda e: (e[0], e[1]))
        model.spare_hours = {name: k * h for name, h in tile["spare_hours"].items()}
        model.caseloads = np.tile(tile["caseloads"], k)
        state = model._state()
        state["caseworkers"] = [
            (tenure, [dataclasses.replace(a, slot=a.slot + t * cap, child_id=a.child_id + t * ids)
                      for a in assessments], load, early, pace)
            for t in range(k) for tenure, assessments, load, early, pace in tile["caseworkers"]]
        return state

    # ---- set-up -----------------------------------------------------------------------
    def _setup(self, p: Params, seed: int) -> None:
        self.p = p
        root = np.random.SeedSequence(seed)
        self.streams = {name: np.random.default_rng(s)
                        for name, s in zip(STREAMS, root.spawn(len(STREAMS)), strict=True)}
        self.week = 0
        self.pop = Population(p, p.districts, self.streams["population"], self.streams["shocks"])
        self.schools = [School(self, k, f"School {k + 1}") for k in range(p.districts)]
        self.caseloads = np.zeros(0, dtype=np.int64)  # open cases per caseworker
        self._handed_over: list = []  # assessments of caseworker posts that were cut
        self.week0_transfers = 0  # cases that changed caseworker when the new staffing began
        self.caseworkers: list[Caseworker] = []
        self.psychologists: list[Psychologist] = []
        self.health_visitors: list[HealthVisitor] = []
        self.coordinators: list[Coordinator] = []
        self._staff(p, induct=False)
        self.ties = TieGraph(self)
        self.families: dict[int, Family] = {}
        # psychologist and health-visitor hours not spent on meetings last week go to
        # consultation in schools and visits to vulnerable families (raising detection)
        self.spare_hours = {"psychologist": p.psychologists * p.psychologist_hours,
                            "health_visitor": p.health_visitors * p.health_visitor_hours}
        self.queue: deque[tuple[int, int, int]] = deque()  # (week screened, slot, child id)
        self.screen_backlog: list[tuple[int, int, int]] = []  # (day, slot, child id)
        self._effects = self._help(p)
        self.stats = outcomes.new_week_stats()

    def staff_pace(self) -> float:
        """A new caseworker's pace: hours of work done per hour, lognormal around 1."""
        return float(np.exp(self.p.caseworker_pace_spread
                            * self.streams["staff"].standard_normal()))

    @staticmethod
    def _help(p: Params) -> np.ndarray:
        return np.array([0.0, p.effect_step1, p.effect_step2, p.effect_step3]
                        + [p.effect_placement] * 3)

    def _staff(self, p: Params, induct: bool) -> None:
        """Bring the staff to ``p``'s numbers: newcomers (inducted if ``induct``), leavers."""
        d = p.districts
        for attr, cls, hours_name in STAFF:
            group = getattr(self, attr)
            hours = p[hours_name]
            for agent in group:
                agent.weekly_hours = hours
                if cls is not Caseworker:
                    agent.hours_left = hours  # week 0: nothing of the new hours used yet
            while len(group) > p[attr]:
                self._retire(group.pop())
            for i in range(len(group), p[attr]):
                extra = {"tenure_weeks": 0} if (cls is Caseworker and induct) else {}
                group.append(cls(self, i, hours, [], **extra))
            for agent, districts in zip(group, spread(len(group), d), strict=True):
                agent.districts = districts
        kept = self.caseloads[:len(self.caseworkers)]
        self.caseloads = np.zeros(len(self.caseworkers), dtype=np.int64)
        self.caseloads[:kept.size] = kept
        while len(self.coordinators) > p.coordinators:
            self._retire(self.coordinators.pop())
        for i in range(len(self.coordinators), p.coordinators):
            self.coordinators.append(Coordinator(self, i, p.coordinator_hours, list(range(d))))
        for c in self.coordinators:
            c.weekly_hours = c.hours_left = p.coordinator_hours
        self.cover: list[list] = [[] for _ in range(d)]
        for agent in self.caseworkers + self.psychologists + self.health_visitors:
            for k in agent.districts:
                self.cover[k].append(agent)
        self.agent_by_id = {a.unique_id: a for a in self.agents}

    def _retire(self, agent) -> None:
        """A post that the new staffing does not have: its work passes to the others."""
        if isinstance(agent, Caseworker):
            self._handed_over.extend(agent.assessments)
        agent.remove()

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
            now = self.week
            for slot in slots.tolist():
                self.open_case(slot, step, self.least_loaded(), initial=True)
                length = 200 if step >= 4 else 52
                pop.step_start[slot] = now - int(rng.integers(0, length))
                first = next_review(p.followup_schedule, step, int(pop.step_start[slot]), now,
                                    p.placement_review_weeks)
                pop.next_due[slot] = now + int(rng.integers(1, max(first - now, 1) + 1))
                pop.last_review[slot] = int(pop.step_start[slot])
        # children nobody knows of yet keep a need the team would not have missed for long
        pop.cap_latent(order[taken:], p.threshold_step2)
        pop.need[:] = np.maximum(pop.risk - self._effects[pop.step], 0.0)
        self.stats = outcomes.new_week_stats()

    # ---- state before week 0 -------------------------------------------------------------
    def _state(self) -> dict[str, Any]:
        """What week 0 needs of a burnt-in world (no Mesa objects, so it can be cached)."""
        return {
            "pop": self.pop, "streams": self.streams, "queue": self.queue,
            "screen_backlog": self.screen_backlog, "spare_hours": self.spare_hours,
            "caseloads": self.caseloads, "ties": self.ties,
            "caseworkers": [(cw.tenure_weeks, cw.assessments, cw.load, cw.early_help_cases,
                             cw.pace) for cw in self.caseworkers],
        }

    def _restore(self, state: dict[str, Any]) -> None:
        state = copy.deepcopy(state)
        for name in ("pop", "streams", "queue", "screen_backlog", "spare_hours", "caseloads",
                     "ties"):
            setattr(self, name, state[name])
        self.pop.p = self.ties.p = self.p
        self.pop.rng, self.pop.rng_shock = self.streams["population"], self.streams["shocks"]
        for cw, (tenure, assessments, load, early, pace) in zip(
                self.caseworkers, state["caseworkers"], strict=True):
            cw.tenure_weeks, cw.assessments, cw.load, cw.early_help_cases, cw.pace = (
                tenure, assessments, load, early, pace)
        for slot in np.flatnonzero(self.pop.case_open).tolist():
            self.families[slot] = Family(self, slot)
        self.week = 0
        self.stats = outcomes.new_week_stats()

    def _apply(self, target: Params) -> None:
        """Week 0: the scenario's staffing and practice take over the burnt-in world."""
        before = self.p
        self.p = self.pop.p = target
        self._effects = self._help(target)
        if target == before:
            return
        posts = len(self.caseworkers)
        self._staff(target, induct=True)
        self.ties = self.ties.rebuilt(self)
        if len(self.caseworkers) != posts:
            self._rebalance()
        if target.followup_schedule != before.followup_schedule:
            pop = self.pop
            for slot in np.flatnonzero(pop.case_open).tolist():
                due = next_review(target.followup_schedule, int(pop.step[slot]),
                                  int(pop.step_start[slot]), int(pop.last_review[slot]),
                                  target.placement_review_weeks)
                pop.next_due[slot] = min(int(pop.next_due[slot]), max(due, 1))

    def _rebalance(self) -> None:
        """Cases of caseworkers who left, or above an even share, pass to the others."""
        pop = self.pop
        n = len(self.caseworkers)
        open_ = np.flatnonzero(pop.case_open)
        orphans = open_[pop.caseworker[open_] >= n]
        loads = np.bincount(pop.caseworker[open_[pop.caseworker[open_] < n]], minlength=n)
        share = math.ceil(open_.size / max(n, 1))
        moved = list(orphans.tolist())
        for i in range(n):
            mine = open_[pop.caseworker[open_] == i]
            moved.extend(mine[share:].tolist() if loads[i] > share else [])
        for a in self._handed_over:
            min(self.caseworkers, key=lambda c: (len(c.assessments), c.index)).assessments.append(a)
        self._handed_over = []
        for slot in moved:
            target = int(np.argmin(loads))
            old = int(pop.caseworker[slot])
            if old < n:
                loads[old] -= 1
            pop.caseworker[slot] = target
            loads[target] += 1
        self.caseloads = loads.astype(np.int64)
        if moved:
            turnover.transfer(self, np.array(moved, dtype=np.int64))
            self.week0_transfers = len(moved)

    # ---- the week ---------------------------------------------------------------------
    def step(self) -> None:
        self.week = round(self.time)
        self._week()
        outcomes.record(self)
        self.datacollector.collect(self)

    def _week(self) -> None:
        p, pop = self.p, self.pop
        self.stats = outcomes.new_week_stats()
        if p.population_on:
            leaving, ages = pop.demography()
            self._leave(leaving)
            pop.add(ages)
        turnover.week(self)  # a successor starts the week at a newcomer's hours
        for agent in self.caseworkers + self.psychologists + self.health_visitors + self.coordinators:
            agent.new_week()
        for school in self.schools:
            school.new_week()
        early = pop.case_open & (pop.step == 1)
        early_counts = np.bincount(pop.caseworker[early], minlength=len(self.caseworkers))
        for cw, k in zip(self.caseworkers, early_counts.tolist(), strict=True):
            cw.early_help_cases = k
        pop.support *= math.exp(-math.log(2) / p.meeting_support_halflife)
        help_ = self._effects[pop.step] + p.meeting_need_effect * pop.support
        if p.need_on:
            pop.evolve_need(help_, np.where(pop.step > 0, p.treatment_recovery, 0.0))
        else:
            pop.adjust_need(help_)
        placement.crises(self)
        placement.breakdowns(self)
        notified, source = detection.detect(self)
        for slot, src in zip(notified.tolist(), source.tolist(), strict=True):
            self.note_notification(slot, src)
        intake.screen(self, notified)
        casework.week(self)
        self.spare_hours = {"psychologist": sum(a.hours_left for a in self.psychologists),
                            "health_visitor": sum(a.hours_left for a in self.health_visitors)}
        if p.ties_on:
            self.ties.fade()

    def _leave(self, slots: np.ndarray) -> None:
        pop = self.pop
        for slot in slots.tolist():
            if pop.step[slot] >= 4:
                self.stats["placement_exits"] += 1
                self.stats["aged_out_placed"] += int(pop.age[slot] >= AGE_OUT_WEEKS)
            if pop.case_open[slot]:
                self.close_case(slot)
        pop.remove(slots)

    # ---- case handling (called by the mechanisms) --------------------------------------
    def review(self, slot: int, cw: Caseworker, step_down_only: bool = False) -> None:
        """A decision at a held follow-up or meeting: choose the step, schedule the next."""
        pop = self.pop
        pop.emergency[slot] = False
        pop.last_review[slot] = self.week
        new = decide(self, slot, cw, step_down_only=step_down_only)
        if new != pop.step[slot]:
            self.set_step(slot, new)
        elif not step_down_only:
            self._schedule(slot)

    def finish_assessment(self, slot: int, cw: Caseworker) -> None:
        """An assessment is done: open a case at the chosen step, or close the matter."""
        pop = self.pop
        if pop.case_open[slot]:
            return  # placed in an emergency while being assessed
        pop.caseworker[slot] = cw.index  # decide() reads the deciding caseworker's case
        step = decide(self, slot, cw)
        pop.caseworker[slot] = -1
        pop.queued[slot] = False  # out of intake: a case opens, or the matter closes
        if step > 0:
            self.open_case(slot, step, cw)
            pop.last_review[slot] = self.week

    def crisis_decision(self, slot: int, request: bool = False) -> None:
        """A crisis in a followed-up case (or with emergencies off): a planned placement.

        ``request``: a teenager's or the parents' request for a placement, which the
        least-intrusive practice may answer with home-based support (:func:`decide`).
        """
        pop = self.pop
        if pop.case_open[slot]:
            cw = self.caseworkers[pop.caseworker[slot]]
        else:
            pop.queued[slot] = False
            self.note_notification(slot, source=2)
            cw = self.least_loaded()
        cw.charge(self.p.emergency_hours)
        step = decide(self, slot, cw, crisis=not request, request=request)
        self.stats["crisis_placements"] += step >= 4
        self.stats["requests_declined"] += step < 4
        pop.last_review[slot] = self.week
        if pop.case_open[slot]:
            self.set_step(slot, step)
        else:
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
        pop.next_visit[slot] = NEVER
        pop.step[slot] = 0
        pop.meetings[slot] = 0.0
        pop.emergency[slot] = False

    def set_step(self, slot: int, new: int, count: bool = True) -> None:
        """Move a child to step ``new`` (0 closes the case), counting the transition."""
        pop, stats = self.pop, self.stats
        old = int(pop.step[slot])
        if count and new != old:
            if old >= 1 and new >= 1:
                stats["step_ups" if new > old else "step_downs"] += 1
            if new >= 4 > old:
                stats["placements_started"] += 1
                stats["placements_started_12_17"] += bool(pop.age[slot] >= DECISION_TEEN_WEEKS)
                stats["family_placements_started"] += new < 6
                stats["kin_placements_started"] += new == 4
                if not pop.ever_placed[slot]:
                    stats["first_placements"] += 1
                    stats["first_placements_family"] += new < 6
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
        if new >= 4 > old:
            pop.next_visit[slot] = self.week + self.p.supervision_interval_weeks
            pop.ever_placed[slot] = True
        elif new < 4:
            pop.next_visit[slot] = NEVER
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

    def deputy(self, away: Caseworker) -> Caseworker | None:
        """The colleague at work with the most hours left, who covers urgent work for
        ``away`` (on holiday); None if the whole team is away."""
        best = None
        for cw in self.caseworkers:
            if cw is not away and not cw.on_holiday and (
                    best is None or cw.hours_left > best.hours_left):
                best = cw
        return best

    # ---- reading the model ------------------------------------------------------------
    @property
    def year(self) -> int:
        """Calendar year of the current week (week 0 belongs to the first year; the burn-in
        weeks before it to the years before)."""
        return self.p.start_year + (self.week - 1) // WEEKS_PER_YEAR if self.week else \
            self.p.start_year

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
