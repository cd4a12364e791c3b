"""Intake: notifications are screened within 24 hours, then wait for an assessment.

**Screening** (the 24-hour rule). Each notification arrives on one of the week's
five working days, or (``weekend_notification_share`` of them: the police, the
emergency services, relatives) at the weekend before them; one that arrived on a
Saturday can be screened on the Monday at the earliest, too late for the 24-hour rule. Every working day the team keeps duty (modtagelse) hours for
screening, sized to the inflow: ``screening_duty_hours`` per 1,000 children, plus a
fifth of each coordinator's weekly hours (unused duty hours carry to the next day
of the week). A thinner team keeps the same duty desk, so each caseworker gives
it a larger share of the week. Notifications are screened first come, first served
(``screening_hours`` each); those a day's duty hours cannot take wait to the
next day, and one screened later than the working day after its arrival misses
the 24-hour rule. What the week's duty cannot take waits to the next week, and
is screened then, late, if the duty still cannot take it. The hours
come from the coordinators first, then from the caseworkers (first call on their
week, :mod:`casework`).

Screening reads the child's need with an error (``assessment_noise``): below
``concern_threshold`` the notification is closed; below
``assessment_threshold`` early help (step 1) starts at once; from
``acute_threshold`` the child is placed at once in an emergency (:mod:`placement`);
in between, the child joins one first-come-first-served queue for a full assessment (børnefaglig
undersøgelse). The queue is served by :func:`teamsim.core.casework.assign_assessments`:
a caseworker under the caseload cap with fewer than ``max_assessments`` on hand
takes the next child, and works on it week by week with the hours the task
queue gives it; the assessment is on time if it ends within
``assessment_deadline_weeks`` of the notification. Waiting time is from
screening to the start of the assessment; need keeps moving meanwhile, and a
child in crisis while waiting is placed in an emergency (:mod:`placement`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from teamsim.core import placement

if TYPE_CHECKING:
    from teamsim.core.model import TeamSim

WORKING_DAYS = 5


def screen(model: TeamSim, slots: np.ndarray) -> None:
    """This week's screening of new notifications (and any left from last week)."""
    p, pop = model.p, model.pop
    rng = model.streams["intake"]
    day = rng.integers(0, WORKING_DAYS, slots.size)
    weekend = np.flatnonzero(rng.random(slots.size) < p.weekend_notification_share)
    day[weekend] = np.where(rng.random(weekend.size) < 0.5, -2, -1)  # Saturday, Sunday
    order = np.lexsort((slots, day))
    arrivals = [(int(d), int(s), int(pop.child_id[s])) for d, s in
                zip(day[order].tolist(), slots[order].tolist(), strict=True)]
    waiting = [(d - WORKING_DAYS, s, c) for d, s, c in model.screen_backlog] + arrivals
    screened, left = _daily_duty(model, waiting)
    model.screen_backlog = [(d, s, c) for d, s, c in left if pop.child_id[s] == c]
    _charge(model, len(screened) * p.screening_hours)
    stats = model.stats
    for slot, child, on_time in screened:
        if pop.child_id[slot] != child or pop.case_open[slot] or pop.queued[slot]:
            continue  # left, placed in an emergency or already in intake meanwhile
        stats["screenings"] += 1
        stats["screenings_on_time"] += on_time
        judged = pop.need[slot] + p.assessment_noise * rng.standard_normal()
        if judged < p.concern_threshold:
            stats["screened_out"] += 1
        elif judged < p.assessment_threshold:
            model.open_case(slot, 1, model.least_loaded())
        elif judged >= p.acute_threshold and p.emergencies_on:
            stats["acute_at_screening"] += 1
            placement.emergency(model, slot)
        else:
            pop.queued[slot] = True  # in intake until the assessment ends
            model.queue.append((model.week, slot, child))


def _daily_duty(model: TeamSim, waiting: list[tuple[int, int, int]]):
    """Screen ``waiting`` (arrival day, slot, child) day by day with the duty hours."""
    p = model.p
    if not p.capacity_on:
        return [(s, c, True) for _, s, c in waiting], []
    per_day = (p.children / 1000 * p.screening_duty_hours
               + sum(c.weekly_hours for c in model.coordinators) / WORKING_DAYS)
    per_task = max(p.screening_hours, 1e-9)
    screened, i, hours = [], 0, 0.0
    for today in range(WORKING_DAYS):
        hours += per_day  # duty hours not needed one day are not lost to a thin team
        while i < len(waiting) and waiting[i][0] <= today and hours + 1e-9 >= per_task:
            arrived, slot, child = waiting[i]
            screened.append((slot, child, today - arrived <= 1))
            hours -= per_task
            i += 1
    # what the duty could not take is screened late from other hours, so no backlog builds
    late = [(slot, child, False) for arrived, slot, child in waiting[i:] if arrived < 0]
    return screened + late, [w for w in waiting[i:] if w[0] >= 0]


def _charge(model: TeamSim, hours: float) -> None:
    for c in model.coordinators:
        used = min(hours, c.hours_left)
        c.hours_left -= used
        hours -= used
    if hours > 0 and model.caseworkers:
        share = hours / len(model.caseworkers)
        for cw in model.caseworkers:
            cw.charge(share)
