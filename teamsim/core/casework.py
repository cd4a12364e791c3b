"""Caseworker hours: every week each caseworker serves a queue of tasks by priority.

This is where follow-ups are held, late or missed. Each caseworker has a weekly
budget of case hours (``caseworker_hours``, about 1,300 a year net of holidays,
supervision and training; evidence-staffing.md §1.1) and, when the week needs it,
``overtime_share`` more. The week's tasks, in strict priority order
(evidence-staffing.md §8a):

====  ==========================================  ===========================  =================
prio  task                                        hours                        due
====  ==========================================  ===========================  =================
0     screening of notifications, emergency work  ``screening_hours``,         24 h / same week
      (placements in a crisis, breakdowns)        ``emergency_hours``          (done before the
                                                                               rest of the week)
1     running contact and documentation           ``case_admin_hours`` a case  every week
2     reviews of placements (follow-ups at        ``followup_hours``           the schedule
      steps 4-6)                                                               (:mod:`followup`)
3     assessments (new, and updates of open       ``assessment_hours`` /       4 months: here
      cases) within 4 weeks of their deadline     ``assessment_pace_weeks``    when 4 weeks away
4     scheduled follow-ups with a conversation    ``followup_hours``           the schedule
      with the child (steps 1-3)
5     supervision visits of placed children       ``supervision_hours``        every 26 weeks
6     network meetings (:mod:`meetings`)          ``meeting_hours``            the week asked for
7     assessments further from their deadline     as priority 3                4 months
====  ==========================================  ===========================  =================

Assessments move up as their deadline nears, after the placed children's reviews
(evidence-staffing.md §8a: acute and 24-hour work, assessments near their deadline,
then scheduled follow-ups, supervision and meetings); a placement's review comes first
because its plan, the carers and the institution ask for it (assumption). A network
meeting is an appointment with the family and the partners, booked in the week it is
asked for; it is held only in normal hours (no overtime) and only if the statutory
work leaves room for it. Assessment work more than 4 weeks from its deadline has no
due date this week and takes what is left (evidence-staffing.md §8a lists no such
task above meetings). Updated assessments
(:func:`due_reassessments`) come due for about a third of open cases a year.

Caseworkers take ``holiday_weeks`` a year (:func:`teamsim.core.agents.holiday_weeks_of`):
the year's hours and running work are done in the working weeks; while a caseworker
is away its queue waits, a colleague takes its urgent work, and it is given no new
assessment.

Within a priority, the task due first is served first. When the statutory work
(priorities 0-6) exceeds the caseworker's normal hours, overtime is worked; when
it exceeds normal hours plus overtime, every task is first done faster, down to
``compression_floor`` of its standard time (a phone call instead of a home
visit); what still does not fit is deferred from the lowest priority up. A
deferred follow-up stays in the queue; held within ``followup_on_time_weeks`` of
its due date it is on time, later it is late, and not held within
``followup_grace_weeks`` it is missed: the next one is scheduled from the missed
date, and a measure at a step up to ``lapse_max_step`` (early help, step 1) that
nobody reviewed lapses and its case closes; a measure at a higher step runs on.
Nothing here is drawn at random: held, on time, late and missed are what the queue
does with the hours.

Hours left of the normal week after the statutory work and the meetings are the
week's *slack*: the least-intrusive practice draws its extra hours from it at
decisions (:mod:`decisions`). An overloaded caseworker has no room for meetings and
no slack, so meetings starve and decisions fall back to the traditional choice.

Each caseworker's *load* (statutory demand at standard time over normal hours,
smoothed over about 4 weeks) feeds defensive practice at decisions and the
turnover hazard (:mod:`turnover`). Hours put into a child's case build the
caseworker's knowledge of it (``knowledge_hours``), which sets the quality of the
next decision.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from teamsim.core import meetings
from teamsim.core.agents import Assessment
from teamsim.core.followup import next_review
from teamsim.core.population import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from teamsim.core.agents import Caseworker
    from teamsim.core.model import TeamSim

REVIEW, ASSESSMENT, FOLLOWUP, SUPERVISION, MEETING, EARLY_ASSESSMENT = 2, 3, 4, 5, 6, 7
ASSESSMENTS = (ASSESSMENT, EARLY_ASSESSMENT)
CATCH_UP_WEEKS = 4  # this close to its deadline an assessment is worked up to twice the pace
LOAD_SMOOTHING = 0.25  # weight of this week in the 4-week mean of a caseworker's load
KNOWLEDGE_KEEP = math.exp(-1 / 26)  # case knowledge fades over about 6 months
CONTACT_SHARE = 0.2  # of running hours, the share that is contact with the child (18%, §1.1)


def week(model: TeamSim) -> None:
    """One week of casework for every caseworker: assign, plan, serve, record."""
    model.pop.knowledge_hours *= KNOWLEDGE_KEEP
    due_reassessments(model)
    assign_assessments(model)
    tasks = _gather(model)
    served = _serve(model, tasks)
    _do_statutory(model, tasks, served)
    _book_followups(model, tasks, served)
    _hold_meetings(model, tasks, served)


# ---- the queue of assessments ------------------------------------------------------------
def due_reassessments(model: TeamSim) -> None:
    """Open cases at steps 2-6 whose assessment must be updated start the update now.

    Each such case comes due at ``reassessment_rate`` a year (evidence-staffing.md
    §1.1: about 35% of cases get a new or updated assessment a year). The update is
    assessment work for the case's own caseworker (the same hours, 4-month deadline and
    priorities as a new assessment); it does not take one of the caseworker's
    slots for new notifications. Its hours build the caseworker's knowledge of the
    case for the next decision; an update whose case closes first is dropped.
    """
    p, pop = model.p, model.pop
    u = model.streams["reassessment"].random(pop.capacity)
    if p.reassessment_rate <= 0 or not model.caseworkers:
        return
    due = np.flatnonzero(pop.case_open & (pop.step >= 2)
                         & (u < p.reassessment_rate / WEEKS_PER_YEAR))
    if due.size == 0:
        return
    busy = {a.slot for cw in model.caseworkers for a in cw.assessments if a.update}
    hours = model.streams["reassessment"].gamma(4.0, p.assessment_hours / 4.0, due.size)
    n = len(model.caseworkers)
    for slot, h in zip(due.tolist(), hours.tolist(), strict=True):
        owner = int(pop.caseworker[slot])
        if slot in busy or not 0 <= owner < n:
            continue
        model.caseworkers[owner].assessments.append(
            Assessment(slot, int(pop.child_id[slot]), h, model.week,
                       model.week + p.assessment_deadline_weeks, update=True))
        model.stats["reassessments_started"] += 1


def assign_assessments(model: TeamSim) -> None:
    """Children waiting for an assessment go to caseworkers with a free slot (first come)."""
    p, pop, queue = model.p, model.pop, model.queue
    rng = model.streams["intake"]
    if not (p.intake_queue_on and p.capacity_on):
        _assess_at_once(model, rng)
        return
    while queue:
        notified, slot, child = queue[0]
        if pop.child_id[slot] != child or not pop.queued[slot]:
            queue.popleft()  # left the municipality or placed in an emergency
            continue
        cw = _free_caseworker(model)
        if cw is None:
            break
        queue.popleft()  # the child stays ``queued`` (in intake) until the assessment ends
        hours = rng.gamma(4.0, p.assessment_hours / 4.0)
        cw.assessments.append(Assessment(slot, child, hours, notified,
                                         notified + p.assessment_deadline_weeks))
        model.stats["assessments_started"] += 1
        model.stats["wait_weeks_sum"] += model.week - notified
    model.stats["queue_length"] = sum(1 for _, s, c in queue
                                      if pop.child_id[s] == c and pop.queued[s])


def _assess_at_once(model: TeamSim, rng: np.random.Generator) -> None:
    """Intake queue (or capacity) off: every waiting child is assessed this week."""
    p, pop = model.p, model.pop
    while model.queue:
        notified, slot, child = model.queue.popleft()
        if pop.child_id[slot] != child or not pop.queued[slot]:
            continue
        pop.queued[slot] = False
        cw = model.least_loaded()
        hours = rng.gamma(4.0, p.assessment_hours / 4.0)
        cw.charge(hours)
        model.stats["assessments_started"] += 1
        model.stats["assessments_done"] += 1
        model.stats["assessments_on_time"] += 1
        model.stats["wait_weeks_sum"] += model.week - notified
        pop.knowledge_hours[slot] = hours
        model.finish_assessment(slot, cw)
    model.stats["queue_length"] = 0


def _free_caseworker(model: TeamSim) -> Caseworker | None:
    """The caseworker with a free assessment slot, under the cap, with the least on hand."""
    p = model.p
    best, key = None, None
    for cw in model.caseworkers:
        new = sum(1 for a in cw.assessments if not a.update)
        if new >= p.max_assessments or cw.caseload >= p.caseload_cap or cw.on_holiday:
            continue
        k = (new, cw.caseload, cw.index)
        if key is None or k < key:
            best, key = cw, k
    return best


# ---- planning the week -------------------------------------------------------------------
class Tasks:
    """The week's tasks as parallel arrays, sorted by caseworker, priority, due week, child."""

    def __init__(self) -> None:
        self._parts: list[tuple] = []

    def add(self, cw, prio: int, due, hours, slot, refs=None) -> None:
        cw = np.asarray(cw, np.int64)
        refs = [None] * cw.size if refs is None else refs
        prio = np.broadcast_to(np.asarray(prio, np.int64), cw.shape)  # one, or one a task
        self._parts.append((cw, prio, np.asarray(due, np.int64),
                            np.broadcast_to(np.asarray(hours, float), cw.shape),
                            np.asarray(slot, np.int64), refs))

    def sort(self) -> Tasks:
        cw, prio, due, hours, slot = (np.concatenate([part[k] for part in self._parts])
                                      for k in range(5))
        refs = [r for part in self._parts for r in part[5]]
        order = np.lexsort((slot, due, prio, cw))
        self.cw, self.prio, self.due = cw[order], prio[order], due[order]
        self.hours, self.slot = hours[order], slot[order]
        self.ref = [refs[i] for i in order.tolist()]  # the Assessment of an assessment task
        return self


def _gather(model: TeamSim) -> Tasks:
    p, pop, week, stats = model.p, model.pop, model.week, model.stats
    tasks = Tasks()
    due = np.flatnonzero(pop.case_open & (pop.next_due <= week))
    weight = np.where(pop.step[due] == 1, p.early_help_case_weight, 1.0)
    prio = np.where(pop.step[due] >= 4, REVIEW, FOLLOWUP)  # a placement's review comes first
    tasks.add(pop.caseworker[due], prio, pop.next_due[due], p.followup_hours * weight, due)
    stats["followups_due"] += int(np.count_nonzero(pop.next_due[due] == week))
    stats["followups_backlog_in"] += int(np.count_nonzero(pop.next_due[due] < week))
    visit = np.flatnonzero(pop.case_open & (pop.step >= 4) & (pop.next_visit <= week))
    tasks.add(pop.caseworker[visit], SUPERVISION, pop.next_visit[visit], p.supervision_hours,
              visit)
    stats["supervision_due"] += visit.size
    pace = p.assessment_hours / p.assessment_pace_weeks
    for cw in model.caseworkers:
        if any(a.update for a in cw.assessments):
            _drop_updates(model, cw)
    mine = [(cw.index, a) for cw in model.caseworkers for a in cw.assessments]
    hours = [min(a.hours_left, pace if a.deadline - week > CATCH_UP_WEEKS
                 else min(2 * pace, max(pace, a.hours_left / max(a.deadline - week, 1))))
             for _, a in mine]
    prio = [ASSESSMENT if a.deadline - week <= CATCH_UP_WEEKS else EARLY_ASSESSMENT
            for _, a in mine]
    tasks.add([i for i, _ in mine], prio, [a.deadline for _, a in mine], hours,
              [a.slot for _, a in mine], [a for _, a in mine])
    u = model.streams["meetings"].random(pop.capacity)
    if p.meetings_on:
        asked = np.flatnonzero(pop.case_open & (pop.step >= 2)
                               & (u < p.meeting_rate / WEEKS_PER_YEAR))
        tasks.add(pop.caseworker[asked], MEETING, np.full(asked.size, week), p.meeting_hours,
                  asked)
        stats["meetings_requested"] += asked.size
    return tasks.sort()


def _drop_updates(model: TeamSim, cw: Caseworker) -> None:
    """Updates of cases that closed are dropped; so is an update still not done
    ``followup_grace_weeks`` after its deadline: the case goes on without it
    (Ankestyrelsen 2009: 35% of placement cases lacked a current assessment)."""
    pop, week, grace = model.pop, model.week, model.p.followup_grace_weeks
    keep = []
    for a in cw.assessments:
        if a.update:
            if not (pop.case_open[a.slot] and pop.child_id[a.slot] == a.child_id):
                continue
            if week - a.deadline >= grace:
                model.stats["reassessments_missed"] += 1
                continue
        keep.append(a)
    cw.assessments = keep


def _serve(model: TeamSim, tasks: Tasks) -> np.ndarray:
    """Hours each task gets this week (priority order, compression first)."""
    p, stats = model.p, model.stats
    n = len(model.caseworkers)
    if n == 0:
        return np.zeros(tasks.cw.size)
    admin = _admin_hours(model)
    statutory = tasks.prio != MEETING  # a meeting is not statutory: no load, no overtime
    demand = np.bincount(tasks.cw, weights=np.where(statutory, tasks.hours, 0.0),
                         minlength=n) + admin
    normal = np.array([cw.normal_hours for cw in model.caseworkers])
    urgent_used = np.array([cw.capacity - cw.hours_left for cw in model.caseworkers])
    demand += urgent_used
    if not p.capacity_on:
        for cw, d, h in zip(model.caseworkers, demand.tolist(), normal.tolist(), strict=True):
            cw.compression, cw.slack = 1.0, math.inf
            cw.hours_left = cw.capacity - d
            cw.load += LOAD_SMOOTHING * (d / max(h, 1e-9) - cw.load)
        stats["compression_sum"] += n
        stats["load_sum"] += float((demand / np.maximum(normal, 1e-9)).sum())
        return tasks.hours.copy()
    overtime = normal * p.overtime_share
    capacity = normal + overtime
    # urgent hours are spent already; the rest of the week's work is what can go faster
    rest = np.maximum(capacity - urgent_used, 0.0)
    compressible = np.maximum(demand - urgent_used, 1e-9)
    compression = np.where(compressible > rest,
                           np.maximum(p.compression_floor, rest / compressible), 1.0)
    admin_done = np.minimum(admin * compression, np.maximum(capacity - urgent_used, 0.0))
    budget = capacity - urgent_used - admin_done
    served = _fit(tasks, tasks.hours * compression[tasks.cw], budget, overtime)
    done = np.bincount(tasks.cw, weights=served, minlength=n)
    for i, cw in enumerate(model.caseworkers):
        used = urgent_used[i] + admin_done[i] + done[i]
        cw.hours_left = cw.capacity - used
        cw.compression = float(compression[i])
        cw.slack = max(normal[i] - used, 0.0)
        if normal[i] > 0:  # on holiday the load is what it was before
            cw.load += LOAD_SMOOTHING * (demand[i] / normal[i] - cw.load)
    stats["hours_admin"] += float(admin_done.sum())
    stats["overtime_hours"] += float(np.maximum(urgent_used + admin_done + done - normal,
                                                0.0).sum())
    stats["compression_sum"] += float(compression.sum())
    stats["load_sum"] += sum(cw.load for cw in model.caseworkers)
    _knowledge(model, admin_done)
    return served


def _fit(tasks: Tasks, hours: np.ndarray, budget: np.ndarray,
         overtime: np.ndarray) -> np.ndarray:
    """Hours given to each task: in order, while they fit; assessments take what is left.

    A follow-up, visit or meeting that does not fit whole waits (a smaller task after
    it may still fit); a meeting must fit in the normal hours (``budget`` less
    ``overtime``); assessment work can stop part-way through a week.
    """
    served = np.zeros(hours.size)
    left = budget.copy()
    for i, (cw, prio, h) in enumerate(zip(tasks.cw.tolist(), tasks.prio.tolist(),
                                          hours.tolist(), strict=True)):
        room = left[cw] - overtime[cw] if prio == MEETING else left[cw]
        give = min(h, left[cw]) if prio in ASSESSMENTS else (h if h <= room + 1e-9 else 0.0)
        if give > 0:
            served[i] = give
            left[cw] -= give
    return served


def _admin_hours(model: TeamSim) -> np.ndarray:
    p = model.p
    early = np.array([cw.early_help_cases for cw in model.caseworkers], float)
    weighted = model.caseloads - (1.0 - p.early_help_case_weight) * early
    # the year's running work is done in the working weeks: none on holiday, more after
    working = np.array([cw.working for cw in model.caseworkers])
    return weighted * p.case_admin_hours * working


def _knowledge(model: TeamSim, admin: np.ndarray) -> None:
    """Running contact adds to the knowledge of every open case (spread evenly)."""
    pop = model.pop
    open_ = np.flatnonzero(pop.case_open)
    loads = np.maximum(model.caseloads, 1)
    pop.knowledge_hours[open_] += CONTACT_SHARE * (admin / loads)[pop.caseworker[open_]]


# ---- doing the work ----------------------------------------------------------------------
def _do_statutory(model: TeamSim, tasks: Tasks, served: np.ndarray) -> None:
    p, pop, stats, week = model.p, model.pop, model.stats, model.week
    cws = model.caseworkers
    for i in np.flatnonzero(served > 0).tolist():
        cw = cws[tasks.cw[i]]
        slot, prio = int(tasks.slot[i]), int(tasks.prio[i])
        actual = float(served[i])
        if prio == MEETING:
            continue  # held after the statutory work (_hold_meetings)
        if prio in ASSESSMENTS:
            _progress(model, cw, tasks.ref[i], actual / cw.compression, actual)
            continue
        if not pop.case_open[slot]:
            continue  # the case ended earlier this week
        pop.knowledge_hours[slot] += actual
        if prio == SUPERVISION:
            stats["supervision_held"] += 1
            stats["hours_supervision"] += actual
            pop.next_visit[slot] = week + p.supervision_interval_weeks
        else:
            stats["hours_followup"] += actual
            model.review(slot, cw)


def _progress(model: TeamSim, cw: Caseworker, a: Assessment, standard: float,
              actual: float) -> None:
    pop, stats = model.pop, model.stats
    a.hours_left -= standard
    a.hours_done += actual
    stats["hours_assessment"] += actual
    if a.hours_left > 1e-9:
        return
    cw.assessments.remove(a)
    if pop.child_id[a.slot] != a.child_id:
        return  # the child left the municipality meanwhile
    if a.update:
        stats["reassessments_done"] += 1
        stats["reassessments_on_time"] += model.week <= a.deadline
        if pop.case_open[a.slot]:
            pop.knowledge_hours[a.slot] += a.hours_done
        return
    stats["assessments_done"] += 1
    stats["assessments_on_time"] += model.week <= a.deadline
    pop.knowledge_hours[a.slot] = a.hours_done
    model.finish_assessment(a.slot, cw)


def _book_followups(model: TeamSim, tasks: Tasks, served: np.ndarray) -> None:
    """Follow-ups held (on time or late), missed at the end of their grace, or carried on."""
    p, pop, stats, week = model.p, model.pop, model.stats, model.week
    is_followup = (tasks.prio == FOLLOWUP) | (tasks.prio == REVIEW)
    held = is_followup & (served > 0)
    late_by = week - tasks.due
    stats["followups_held"] += int(held.sum())
    on_time = held & (late_by <= p.followup_on_time_weeks)
    stats["followups_on_time"] += int(on_time.sum())
    stats["followups_late"] += int((held & ~on_time).sum())
    waiting = is_followup & ~held
    missed = waiting & (late_by >= p.followup_grace_weeks)
    stats["followups_missed"] += int(missed.sum())
    stats["followups_backlog_out"] += int((waiting & ~missed).sum())
    for slot, due in zip(tasks.slot[missed].tolist(), tasks.due[missed].tolist(), strict=True):
        if pop.step[slot] <= p.lapse_max_step:
            stats["measures_lapsed"] += 1
            model.set_step(slot, 0)
            continue
        pop.next_due[slot] = max(next_review(p.followup_schedule, int(pop.step[slot]),
                                             int(pop.step_start[slot]), due,
                                             p.placement_review_weeks), week + 1)


def _hold_meetings(model: TeamSim, tasks: Tasks, served: np.ndarray) -> None:
    """The week's network meetings: held if they got their hours (priority 6), else missed."""
    pop, stats = model.pop, model.stats
    ask = np.flatnonzero(tasks.prio == MEETING)
    stats["meetings_missed"] += int(np.count_nonzero(served[ask] <= 0))
    for i in ask[served[ask] > 0].tolist():
        slot = int(tasks.slot[i])
        hours = float(served[i])
        stats["hours_meeting"] += hours
        if not (pop.case_open[slot] and pop.step[slot] >= 2):
            continue  # the case closed or stepped down this week: the hours are spent
        pop.knowledge_hours[slot] += hours
        meetings.hold(model, slot, model.caseworkers[tasks.cw[i]])
