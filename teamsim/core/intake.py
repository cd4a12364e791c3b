"""Intake and assessment: notifications are screened and wait for an assessment.

Screening (``screening_hours`` each, taken from the coordinators' hours first
and the rest shared by the caseworkers) reads the child's need with an error
(``assessment_noise``): below ``concern_threshold`` the notification is
closed; below ``assessment_threshold`` early help (step 1) starts at once;
above, the child joins one first-come-first-served queue for a full
assessment (børnefaglig undersøgelse).

Assessments are simulated in continuous time within each week and have the
first call on caseworker hours (the statutory deadline); follow-ups and
meetings get what is left. A caseworker works on one assessment at a time at
an even rate over the week; an assessment needs an exponentially distributed
number of hours (mean ``assessment_hours``); a caseworker at the caseload cap
starts none. With constant hours this is exactly an M/M/c queue (tested
against Erlang C). Waiting time is from notification to the start of the
assessment; need keeps moving meanwhile.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from teamsim.core.model import TeamSim


def screen(model: TeamSim, slots: np.ndarray) -> None:
    """Screen this week's notifications: close, early help, or queue for assessment."""
    p, pop = model.p, model.pop
    rng = model.streams["intake"]
    _charge_screening(model, len(slots) * p.screening_hours)
    judged = pop.need[slots] + p.assessment_noise * rng.standard_normal(len(slots))
    arrival = model.week - 1 + rng.random(len(slots))
    order = np.argsort(arrival, kind="stable")  # the queue is first come, first served
    slots, judged, arrival = slots[order], judged[order], arrival[order]
    for slot, need, t in zip(slots.tolist(), judged.tolist(), arrival.tolist(), strict=True):
        if need < p.concern_threshold:
            model.stats["screened_out"] += 1
        elif need < p.assessment_threshold:
            model.open_case(slot, 1, model.least_loaded())
        else:
            pop.queued[slot] = True
            model.queue.append((t, slot, int(pop.child_id[slot])))


def _charge_screening(model: TeamSim, hours: float) -> None:
    for c in model.coordinators:
        used = min(hours, c.hours_left)
        c.hours_left -= used
        hours -= used
    if hours > 0 and model.caseworkers:
        share = hours / len(model.caseworkers)
        for cw in model.caseworkers:
            cw.hours_left = max(cw.hours_left - share, 0.0)


def assess(model: TeamSim) -> None:
    """Run this week's assessments in continuous time (FIFO, c caseworkers)."""
    p, pop = model.p, model.pop
    rng = model.streams["intake"]
    queue = model.queue
    if not (p.intake_queue_on and p.capacity_on):
        _assess_at_once(model, rng)
        return
    week_end = float(model.week)
    free: list[tuple[float, int]] = []  # (time free, caseworker index)
    for cw in model.caseworkers:
        cw.rate = cw.hours_left  # hours this week, spread evenly over it
        t = week_end - 1
        if cw.assessment is not None:
            t = _continue(model, cw, t)
        if t < week_end and cw.rate > 0:
            heapq.heappush(free, (t, cw.index))
    while queue and free:
        t_arrive, slot, child = queue[0]
        if pop.child_id[slot] != child or not pop.queued[slot]:
            queue.popleft()  # left the municipality or placed in an emergency
            continue
        t_free, idx = heapq.heappop(free)
        cw = model.caseworkers[idx]
        start = max(t_free, t_arrive)
        if cw.caseload >= p.caseload_cap or start >= week_end:
            continue  # at the cap, or no time left this week
        queue.popleft()
        pop.queued[slot] = False
        cw.hours_left -= cw.rate * (start - t_free)  # idle time is not saved up
        model.stats["assessments_started"] += 1
        model.stats["wait_weeks_sum"] += start - t_arrive
        cw.assessment = (slot, child, rng.exponential(p.assessment_hours))
        t_next = _continue(model, cw, start)
        if t_next < week_end:
            heapq.heappush(free, (t_next, idx))
    model.stats["queue_length"] = _queue_length(model)


def _assess_at_once(model: TeamSim, rng: np.random.Generator) -> None:
    """Intake queue or capacity off: every queued child is assessed this week."""
    pop = model.pop
    while model.queue:
        _, slot, child = model.queue.popleft()
        if pop.child_id[slot] != child or not pop.queued[slot]:
            continue
        pop.queued[slot] = False
        cw = model.least_loaded()
        hours = rng.exponential(model.p.assessment_hours)
        cw.hours_left = max(cw.hours_left - hours, 0.0)
        model.stats["assessments_started"] += 1
        model.finish_assessment(slot, cw)
    model.stats["queue_length"] = 0


def _queue_length(model: TeamSim) -> int:
    pop = model.pop
    return sum(1 for _, s, c in model.queue if pop.child_id[s] == c and pop.queued[s])


def _continue(model: TeamSim, cw, start: float) -> float:
    """Work on ``cw``'s assessment from ``start``; return when the caseworker is free."""
    slot, child, hours = cw.assessment
    week_end = float(model.week)
    if cw.rate <= 0:
        return week_end
    done = start + hours / cw.rate
    if done > week_end:
        work = cw.rate * (week_end - start)
        cw.assessment = (slot, child, hours - work)
        cw.hours_left = max(cw.hours_left - work, 0.0)
        return week_end
    cw.hours_left = max(cw.hours_left - hours, 0.0)
    cw.assessment = None
    if model.pop.child_id[slot] == child:
        model.finish_assessment(slot, cw)
    return done
