"""Every model parameter in one typed, validated structure.

Each parameter has a unit, an allowed range (or a set of choices), a default
and a source: a reference from the project's domain notes (see docs/odd.md,
section "Sources") or the word "assumption". Parameters are grouped by the
mechanism of the model that uses them; each mechanism has an on/off switch
(``*_on`` parameters) so a workshop can ask which assumption carries a result.

Defaults describe the Herning baseline of 2012 (three school districts before
the pilot); scenario files override what differs.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

from teamsim.errors import ParameterError

# Short names of the sources cited below; full references in docs/odd.md.
HERNING = "Herning Kommune, Sverigesprojektet projektbeskrivelse, Dec 2012"
KORA = "KORA, Sverigesmodellen i praksis, 2015"
KREVI = "KREVI, Tæt på en svensk kommune, 2012 (Borås)"
SERVICELOVEN = "Serviceloven before 2024 (sm.dk): review at 3 months, then every 6"
DS = "Dansk Socialrådgiverforening caseload guidelines and measurements"
DST = "Danmarks Statistik / Ankestyrelsen national counts"
BENCH = "Benchmarkingenheden 2019 unit costs"
SOCSTYR_MST = "Socialstyrelsen 2018, MST cost and capacity"
FOWLER = "Fowler et al. 2020, Child Maltreatment 25(1): about a quarter of closed cases return"
BARO = "Ankestyrelsen, Børnesagsbarometret 2019-24"
EVIDENCE = "evidence-staffing.md"
ASSUMPTION = "assumption"


@dataclass(frozen=True)
class Param:
    """One model parameter: its meaning, unit, allowed values and source."""

    name: str
    default: Any
    unit: str
    mechanism: str
    doc: str
    source: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None

    @property
    def kind(self) -> type:
        return type(self.default)

    def allowed(self) -> str:
        """Human-readable description of the allowed values."""
        if self.kind is bool:
            return "true or false"
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.unit == "year":
            return f"{self.low:g} to {self.high:g}"
        return f"{_fmt(self.low)} to {_fmt(self.high)}" + (f" {self.unit}" if self.unit else "")

    def coerce(self, value: Any) -> Any:
        """Return ``value`` converted to this parameter's type, or raise ParameterError."""
        bad = ParameterError(
            f"parameter '{self.name}' = {value!r} is not allowed: expected {self.allowed()}"
        )
        kind = self.kind
        if kind is bool:
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0",
                                                                     "yes", "no", "on", "off"):
                return value.strip().lower() in ("true", "1", "yes", "on")
            if isinstance(value, int) and value in (0, 1):
                return bool(value)
            raise bad
        if kind is str:
            if not isinstance(value, str) or value not in (self.choices or ()):
                raise bad
            return value
        if isinstance(value, bool):
            raise bad
        try:
            if kind is int:
                number = float(value)
                if number != int(number):
                    raise bad
                number = int(number)
            else:
                number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise bad from None
        if math.isnan(number) or not (self.low <= number <= self.high):
            raise bad
        return number


def _fmt(x: float | None) -> str:
    if x is None:
        return "?"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:g}"


def _p(name, default, unit, mechanism, doc, source, low=None, high=None, choices=None) -> Param:
    return Param(name, default, unit, mechanism, doc, source, low, high, choices)


FOLLOWUP_PRESETS = ("law_pre2024", "herning_pilot", "boras")
POLICIES = ("least_intrusive", "traditional")

# fmt: off
PARAMETERS: tuple[Param, ...] = (
    # --- calendar and population -------------------------------------------------------
    _p("start_year", 2013, "year", "population", "Calendar year of the first simulated week.", HERNING, 1990, 2100),
    _p("children", 4000, "children", "population", "Children aged 0-17 at the start (the three pilot districts hold about 20% of Herning's pupils).", KORA + " [I]", 50, 2_000_000),
    _p("districts", 3, "school districts", "population", "School districts; each has one school (with its daycare) and its own families.", HERNING, 1, 200),
    _p("population_on", True, "", "population", "Switch: ageing, leaving at 18, births and movers. Off: a closed population that does not age.", ASSUMPTION),
    _p("births_per_1000", 55.6, "births per 1,000 children per year", "population", "Newborns entering per year; 1000/18 keeps the age structure stationary.", ASSUMPTION, 0, 200),
    _p("move_rate", 0.03, "per child per year", "population", "Share of children moving out per year (placed children stay: the placing municipality keeps them); as many move in (ages uniform).", ASSUMPTION, 0, 0.3),
    _p("need_level", 1.0, "multiplier", "population", "The municipality's social burden relative to the national calibration: scales every family's vulnerability (chronic need and crisis rate).", ASSUMPTION + " (set by 'teamsim scenario new' to match a municipality's children placed)", 0.2, 5),
    _p("need_on", True, "", "population", "Switch: latent need evolves with crises and recovery. Off: latent need stays as drawn (experienced need still follows it, less the help given).", ASSUMPTION),
    _p("vulnerability_sigma", 1.2, "log-sd", "population", "Spread of family vulnerability (lognormal, median 1): it scales chronic need and the rate of crises.", ASSUMPTION + " (calibrated)", 0, 3),
    _p("chronic_need", 0.22, "need points", "population", "Chronic latent need of a child of median vulnerability.", ASSUMPTION + " (calibrated to about 1% placed, " + DST + ")", 0, 10),
    _p("shock_rate", 0.45, "crises per child per year", "population", "Rate of family crises (shocks to acute need) at median vulnerability.", ASSUMPTION + " (calibrated to 5.5-6.3% notified a year, " + DST + ")", 0, 5),
    _p("shock_vulnerability_power", 0.5, "exponent", "population", "Crisis rate scales with vulnerability to this power (1: proportional; 0: the same for every family).", ASSUMPTION + " (calibrated: placement length, " + DST + ")", 0, 2),
    _p("shock_size", 0.7, "need points", "population", "Mean size of a crisis (exponential).", ASSUMPTION + " (calibrated)", 0, 5),
    _p("untreated_deterioration", 1.0, "need points per year", "population", "Chronic need of a child above the assessment threshold who gets no help (not known, or waiting for an assessment) grows at this rate: late detection and long waits meet a higher need.", ASSUMPTION + " (design brief §3.3: late detection means a higher need at intake; evidence-staffing.md §8b: Norway, 40% had asked for help earlier)", 0, 5),
    _p("teen_need_growth", 0.0, "need points per year", "population", "Chronic need grows at ages 13-17 by this much a year at median vulnerability (in proportion to it): the difficulties of adolescence, behind most teenage placements (more than half at the parents' request, 30% at the young person's own).", EVIDENCE + " §7 (Ankestyrelsen 2007, 2012: 60-70% of new placement decisions at 12-17) [I]; assumption (form)", 0, 5),
    _p("teen_shock_factor", 1.8, "multiplier", "population", "Crisis rate at ages 13-17 relative to younger children (64% of breakdowns are at 13-17).", DST + " [I] (calibrated)", 1, 5),
    _p("recovery_rate", 1.0, "per year", "population", "Acute need passes at this rate.", ASSUMPTION + " (calibrated)", 0.01, 10),
    _p("need_noise", 0.1, "need points per week (sd)", "population", "Week-to-week noise of observed need around its target.", ASSUMPTION, 0, 2),
    _p("need_adjust_rate", 0.25, "per week", "population", "How fast experienced need follows latent need minus the help received.", ASSUMPTION, 0.01, 1),
    _p("kin_strength_mean", 0.3, "0-1", "population", "Mean strength of a family's network (kin who can help or take the child).", ASSUMPTION + " (DK kinship share of foster care 12.5%, " + DST + ")", 0.01, 0.99),
    _p("kin_strength_spread", 4.0, "beta concentration", "population", "Concentration of the beta distribution of network strength (higher = less spread).", ASSUMPTION, 0.5, 100),

    # --- the network of professionals --------------------------------------------------
    _p("ties_on", True, "", "network", "Switch: collaboration ties grow with joint work and fade without it. Off: ties stay at their initial strength.", ASSUMPTION),
    _p("co_located", False, "", "network", "Team members sit together (the pilot's 16 staff were co-located).", HERNING),
    _p("tie_initial_colocated", 0.6, "0-1", "network", "Initial tie strength between co-located professionals.", ASSUMPTION, 0, 1),
    _p("tie_initial_separate", 0.2, "0-1", "network", "Initial tie strength between professionals in separate units.", ASSUMPTION, 0, 1),
    _p("tie_gain_per_meeting", 0.03, "fraction of the gap to 1", "network", "Tie strengthening per joint meeting.", ASSUMPTION, 0, 1),
    _p("tie_decay", 0.5, "per year", "network", "Ties fade toward their initial strength at this rate.", ASSUMPTION, 0, 10),

    # --- early detection ---------------------------------------------------------------
    _p("detection_on", True, "", "detection", "Switch: schools, daycare and health visitors notice rising need. Off: only other sources (police, hospitals, family) notify.", ASSUMPTION),
    _p("concern_threshold", 3.0, "need points (0-10)", "detection", "Need above which a professional can notice that something is wrong; screening closes notifications judged below it.", ASSUMPTION, 0, 10),
    _p("school_detection_rate", 0.8, "per year per need point above concern", "detection", "Detection hazard at school or daycare (schools sent 21% of notifications in 2022).", DST + " (calibrated)", 0, 20),
    _p("health_visitor_detection_rate", 3.0, "per year per need point above concern", "detection", "Detection hazard by health visitors for infants; falls with age to 0 at 6 (health sector 19.6% of notifications).", DST + " (calibrated)", 0, 20),
    _p("other_detection_rate", 0.7, "per year per need point above concern", "detection", "Notifications from other sources (police, hospitals, family, anonymous).", DST + " (calibrated)", 0, 20),
    _p("unfounded_notification_rate", 0.035, "per child per year", "detection", "Notifications about children below the concern threshold (most are closed at screening).", DST + " (calibrated: 5.5-6.3% of children notified a year)", 0, 1),
    _p("detection_effort", 1.0, "multiplier", "detection", "Early-detection effort of schools, daycare and health visitors relative to usual practice.", ASSUMPTION, 0, 5),
    _p("ppr_detection_effect", 0.5, "relative increase", "detection", "Increase in school detection when PPR consultation is at its reference level.", ASSUMPTION, 0, 5),
    _p("ppr_reference_hours", 10.0, "hours per week per 1,000 pupils", "detection", "PPR consultation at which its detection effect is full.", ASSUMPTION, 0.1, 200),
    _p("health_visitor_reference_hours", 18.0, "hours per week per 1,000 children aged 0-5", "detection", "Health-visitor hours for vulnerable families at which their detection is at its usual rate; more hours raise it (at most doubling).", ASSUMPTION, 0.1, 500),
    _p("tie_detection_effect", 1.0, "relative increase", "detection", "Increase in detection by schools and health visitors at tie strength 1 to the caseworkers.", ASSUMPTION, 0, 5),

    # --- intake and assessment ---------------------------------------------------------
    _p("intake_queue_on", True, "", "intake", "Switch: assessments wait for a free caseworker and take caseworker hours week by week. Off: every assessment is done the week it is needed.", ASSUMPTION),
    _p("screening_hours", 1.0, "hours per notification", "intake", "Time to screen a notification (24-hour rule).", EVIDENCE + " §8a", 0, 40),
    _p("weekend_notification_share", 0.2, "fraction of notifications", "intake", "Notifications that arrive at a weekend (half on Saturdays, half on Sundays) and wait for Monday's duty; a Saturday one misses the 24-hour rule. Screening on time plateaus near 1 - half this share (Børnesagsbarometret: 87-92%).", ASSUMPTION + " (" + BARO + ")", 0, 1),
    _p("screening_duty_hours", 0.55, "hours per 1,000 children per working day", "intake", "Duty (modtagelse) hours the team keeps free every working day for screening, sized to the municipality's inflow of notifications (not to the number of caseworkers); they come from the coordinators' hours first, then from the caseworkers' weeks. A day's notifications beyond the duty hours wait to the next day and miss the 24-hour rule.", ASSUMPTION + " (calibrated: 87-92% screened within 24 h at 31-33 cases and about 90% at 65, " + BARO + "; " + EVIDENCE + " §8a)", 0, 20),
    _p("early_help_threshold", 3.7, "need points", "intake", "Need from which early help (step 1) is needed; screened notifications between the concern threshold and the assessment threshold get early help without a full assessment.", ASSUMPTION, 0, 10),
    _p("assessment_threshold", 4.5, "need points", "intake", "Screened need from which a full child assessment (børnefaglig undersøgelse) is made.", ASSUMPTION, 0, 10),
    _p("acute_threshold", 8.5, "need points", "intake", "Screened need from which the child is placed at once in an emergency, without waiting for an assessment (acute reaction: done in 100% of cases).", BARO + " (2019: reaction when acute need found 100%)", 0, 12),
    _p("assessment_hours", 50.0, "hours", "intake", "Mean caseworker hours of one assessment (gamma distributed, shape 4).", EVIDENCE + " §1.1 (about two weeks of pure working time, 30-75 h)", 10, 200),
    _p("assessment_pace_weeks", 8, "weeks", "intake", "An assessment worked at the standard pace takes this long (its hours spread evenly).", ASSUMPTION, 1, 26),
    _p("reassessment_rate", 0.35, "per open case a year", "intake", "Open cases (steps 2-6) whose assessment must be updated in a year (the situation changed, a new measure is considered); each update is assessment work with the same hours and 4-month deadline, served in the caseworker's queue.", EVIDENCE + " §1.1 (35% of cases get a new or updated assessment a year) [I]", 0, 2),
    _p("assessment_deadline_weeks", 17, "weeks", "intake", "Statutory deadline of an assessment after the notification (4 months).", EVIDENCE + " §2.2 (Børnesagsbarometret: 4-month deadline)", 1, 52),
    _p("max_assessments", 3, "assessments per caseworker", "intake", "Assessments one caseworker carries at once; a child waits in the queue until a caseworker has a free slot (and is under the caseload cap).", ASSUMPTION, 1, 50),
    _p("assessment_noise", 0.3, "need points (sd)", "intake", "Error of a well-informed caseworker's judgement of need (at full case knowledge).", ASSUMPTION, 0, 5),

    # --- caseworker capacity: the weekly task queue ------------------------------------
    _p("capacity_on", True, "", "capacity", "Switch: caseworker hours are limited. Off: every task is done in full, on time.", ASSUMPTION),
    _p("caseworkers", 4, "caseworkers", "capacity", "Caseworkers (socialrådgivere) in the team.", HERNING, 1, 5000),
    _p("caseworker_hours", 25.0, "hours per week", "capacity", "Case hours per caseworker per week, averaged over the year: about 1,300 a year net of holidays, sickness, supervision, team meetings and training.", EVIDENCE + " §1.1 (1,300 h a year, range 1,200-1,450) [I]", 10, 40),
    _p("caseworker_pace_spread", 0.25, "log-sd", "capacity", "Caseworkers differ: each works at a pace drawn lognormal around 1 with this spread (caseloads and compliance vary strongly within and between municipalities).", EVIDENCE + " §2.2 (Ankestyrelsen 2009) and §0 item 6 [I]", 0, 1),
    _p("holiday_weeks", 6, "weeks per year", "capacity", "Weeks a year a caseworker is on holiday and holds no case hours: three weeks together in the summer (staggered across the team, starting in weeks 27-30), then one week each in the winter, autumn and Christmas holidays. The year's case hours are the same: working weeks hold more. Work that falls due meanwhile waits for the caseworker's return; urgent work goes to a colleague.", EVIDENCE + " §1.1 (about 6 weeks' holiday: ferie and feriefridage)", 0, 8),
    _p("overtime_share", 0.2, "fraction of weekly hours", "capacity", "Extra hours an overloaded caseworker works before work is compressed and shed (UK: 45.9 h worked against 37.2 contracted).", EVIDENCE + " §1.2 (Liquid Personnel survey)", 0, 0.5),
    _p("compression_floor", 0.8, "fraction of standard time", "capacity", "Under overload each task is first done faster, down to this share of its standard time (a phone call instead of a home visit); only then is the lowest-priority work deferred.", EVIDENCE + " §8a (dknyt 2011)", 0.2, 1),
    _p("case_admin_hours", 0.45, "hours per case per week", "capacity", "Running contact and documentation every open case needs each week (compressed under overload, never deferred).", EVIDENCE + " §8a", 0, 5),
    _p("early_help_case_weight", 0.25, "fraction of a case", "capacity", "Running and follow-up hours of a step-1 case (early help held by school, daycare or health visitor) relative to other cases.", ASSUMPTION, 0, 1),
    _p("caseload_cap", 100, "cases per caseworker", "capacity", "A caseworker at the cap starts no new assessments (Borås: 15-20 cases).", KREVI, 1, 1000),
    _p("followup_schedule", "law_pre2024", "", "capacity", "Follow-up schedule preset: law_pre2024 (3 months, then every 6), herning_pilot (every 3 months), boras (foster: 2 weeks, monthly to month 6, then quarterly; institution: monthly for a year, then every 6 weeks).", SERVICELOVEN + "; " + KORA + "; " + KREVI, choices=FOLLOWUP_PRESETS),
    _p("followup_hours", 7.0, "hours per follow-up", "capacity", "Caseworker hours of a follow-up: a visit with a conversation with the child and a review of the action plan.", EVIDENCE + " §8a (4-8 h)", 0.5, 40),
    _p("followup_on_time_weeks", 2, "weeks", "capacity", "A follow-up held at most this long after its due date counts as on time.", EVIDENCE + " §8a", 0, 13),
    _p("lapse_max_step", 1, "step", "capacity", "A measure at this step or a lower one lapses, and its case closes, when its follow-up is missed (nobody reviewed it); 0: none lapses. At 1, early help in general services (step 1) ends when nobody follows it up, while a preventive or home-based measure (step 2 on), decided by the municipality, runs until a decision ends it. The shipped calibrations before the thirteenth study used 2, which closed unreviewed preventive measures too and all but emptied step 2 in the 2012 world (2 children per 1,000).", ASSUMPTION, 0, 3),
    _p("followup_grace_weeks", 8, "weeks", "capacity", "A follow-up not held this long after it was due counts as missed; the next one is scheduled from the missed date.", ASSUMPTION, 1, 26),
    _p("placement_review_weeks", 26, "weeks", "capacity", "A placement is reconsidered this long after it starts (can the child go home?).", HERNING, 1, 104),
    _p("supervision_hours", 3.5, "hours per visit", "capacity", "Caseworker hours of a supervision visit to a placed child (personrettet tilsyn).", EVIDENCE + " §8a (3-4 h)", 0, 20),
    _p("supervision_interval_weeks", 26, "weeks", "capacity", "Weeks between supervision visits to a placed child (at least two a year).", EVIDENCE + " §2.1 [M]", 4, 104),
    _p("emergency_hours", 20.0, "hours", "capacity", "Caseworker hours of an emergency placement, spent the week it happens.", EVIDENCE + " §8a (15-25 h)", 0, 80),
    _p("missed_followup_breakdown_factor", 1.5, "multiplier", "capacity", "Breakdown hazard of a placement whose follow-up is overdue (no one has looked at it).", ASSUMPTION + " (action plans are protective, " + EVIDENCE + " §8c)", 1, 10),
    _p("coordinators", 0, "coordinators", "capacity", "Team coordinators: screen notifications, relieving caseworkers (screening they cannot fit falls to the caseworkers).", HERNING, 0, 100),
    _p("coordinator_hours", 25.0, "hours per week", "capacity", "Coordinator hours for screening notifications.", ASSUMPTION, 0, 60),

    # --- caseworker turnover -----------------------------------------------------------
    _p("turnover_on", True, "", "turnover", "Switch: caseworkers leave at a rate that rises with caseload; their cases pass to a new caseworker.", EVIDENCE + " §8d"),
    _p("turnover_rate", 0.18, "per caseworker per year", "turnover", "Leaving rate at the reference caseload.", EVIDENCE + " §0 (about 1 in 4 leaves a year, VIVE 2024) and §8d", 0, 1),
    _p("turnover_reference_caseload", 25.0, "cases per caseworker", "turnover", "Caseload at which the leaving rate is turnover_rate.", EVIDENCE + " §8d", 1, 200),
    _p("turnover_caseload_elasticity", 0.75, "per relative caseload", "turnover", "Leaving rate = turnover_rate x exp(elasticity x (caseload / reference - 1)).", EVIDENCE + " §8d (0.5-1.0)", 0, 3),
    _p("new_worker_capacity", 0.5, "fraction of hours", "turnover", "A new caseworker works at this share of full capacity during the induction weeks.", EVIDENCE + " §8d (DS: reduced caseload for about 6 months)", 0.1, 1),
    _p("new_worker_weeks", 26, "weeks", "turnover", "Induction weeks of a new caseworker.", EVIDENCE + " §8d", 0, 104),
    _p("transfer_breakdown_factor", 1.4, "multiplier", "turnover", "Breakdown hazard of a placement in the weeks after its caseworker changed.", EVIDENCE + " §8c (HR 1.3-1.5, Egelund et al. 2010) [I]", 1, 5),
    _p("transfer_weeks", 26, "weeks", "turnover", "How long a change of caseworker raises breakdown risk.", ASSUMPTION, 0, 104),

    # --- cross-professional meetings ---------------------------------------------------
    _p("meetings_on", True, "", "meetings", "Switch: network meetings happen and have their effects.", ASSUMPTION),
    _p("meeting_rate", 0.5, "meetings per open case per year", "meetings", "Network meetings (netværksmøder) asked for per case at steps 2-6; each is held only if the caseworker has the hours.", ASSUMPTION + " (pilot: about 2 a year, " + EVIDENCE + " §1.1)", 0, 52),
    _p("meeting_hours", 4.5, "hours", "meetings", "Caseworker hours of one network meeting (preparation, meeting, minutes).", EVIDENCE + " §8a (4-5 h)", 0.25, 20),
    _p("meeting_partner_hours", 2.0, "hours per partner", "meetings", "Hours a meeting takes from each partner who attends (PPR psychologist or health visitor, school).", EVIDENCE + " §8c (2 h each)", 0.25, 10),
    _p("school_meeting_hours", 4.0, "hours per school per week", "meetings", "Hours a school (with its daycare) can give to network meetings each week.", ASSUMPTION, 0, 100),
    _p("psychologists", 2, "PPR psychologists", "meetings", "PPR psychologists serving the districts (the pilot added a third).", HERNING, 0, 2000),
    _p("psychologist_hours", 25.0, "hours per week", "meetings", "Psychologist hours a week: meetings first; what is left is consultation in schools the next week (raising detection).", ASSUMPTION, 0, 60),
    _p("health_visitors", 3, "health visitors", "meetings", "Health visitors (sundhedsplejersker) serving the districts.", HERNING, 0, 2000),
    _p("health_visitor_hours", 8.0, "hours per week", "meetings", "Health-visitor hours a week beyond universal visits: meetings first; what is left goes to visits to vulnerable families the next week (raising detection).", ASSUMPTION, 0, 60),
    _p("meeting_kin_gain", 0.2, "fraction of the gap to 1", "meetings", "Mobilisation of the family network per meeting: its strength rises by this share of the gap to 1.", ASSUMPTION, 0, 1),
    _p("kin_share_base", 0.11, "probability", "meetings", "Chance that a family placement is with kin when no network meeting has been held (DK 11-12.5% of family placements).", EVIDENCE + " §0 item 9", 0, 1),
    _p("kin_share_max", 0.7, "probability", "meetings", "Chance of kinship care for a child whose network has strength 1 after many meetings; with Danish network strengths (mean 0.3) full mobilisation gives about Norway's 29%.", EVIDENCE + " §8c [I]", 0, 1),
    _p("kin_meetings_scale", 1.5, "meetings", "meetings", "Meetings held in a case at which 63% of the kinship potential is reached (m0 of 1 - exp(-m/m0)).", EVIDENCE + " §8c (m0 about 1-2)", 0.1, 20),
    _p("meeting_need_effect", 0.2, "need points", "meetings", "Need the mobilised network carries right after a meeting, so a lower step suffices (kept small: family group conferences show no significant effect on entry into care).", EVIDENCE + " §0 item 8, §8c", 0, 5),
    _p("meeting_support_halflife", 13.0, "weeks", "meetings", "Half-life of a meeting's support.", ASSUMPTION, 1, 104),
    _p("meeting_breakdown_reduction", 0.4, "fraction", "meetings", "Share of breakdown hazard removed at full meeting support.", EVIDENCE + " §8c (kin HR 0.5-0.7) [I]", 0, 1),

    # --- staircase decisions -----------------------------------------------------------
    _p("policy", "traditional", "", "decisions", "Decision practice the team aims for: least_intrusive (Sverigesmodel: lowest sufficient step, early step-down, network first) or traditional. The least intrusive choice is made only when the caseworker has the practice hours for it.", HERNING + "; " + KREVI, choices=POLICIES),
    _p("threshold_step2", 4.5, "need points", "decisions", "Need from which preventive measures (step 2) are needed.", ASSUMPTION, 0, 10),
    _p("threshold_step3", 5.5, "need points", "decisions", "Need from which home-based measures (step 3) are needed.", ASSUMPTION, 0, 10),
    _p("threshold_placement", 7.0, "need points", "decisions", "Need from which a placement is needed.", ASSUMPTION, 0, 10),
    _p("threshold_institution", 8.5, "need points", "decisions", "Need from which an institution is needed (least-intrusive practice).", ASSUMPTION, 0, 10),
    _p("traditional_institution_threshold", 8.5, "need points", "decisions", "Need from which traditional practice chooses an institution.", ASSUMPTION + " (fits Herning's 63/37 split, " + HERNING + ")", 0, 10),
    _p("teen_institution_shift", 1.5, "need points", "decisions", "Traditional practice places a teenager (13-17) at an institution from this much less need (few foster families take teenagers); the least-intrusive practice finds a family with practice_hours_family.", EVIDENCE + " §7 (foster 25-33% of first placements, 70% of decisions at 12-17, against 58-65% of the stock) [I] (calibrated)", 0, 5),
    _p("stepdown_margin", 0.5, "need points", "decisions", "Least-intrusive practice steps down when judged need is this far below the current step's threshold.", ASSUMPTION, 0, 5),
    _p("traditional_stepdown_margin", 2.0, "need points", "decisions", "Traditional practice steps down only when judged need is this far below the threshold, one step at a time.", ASSUMPTION, 0, 5),
    _p("knowledge_hours", 12.0, "hours", "decisions", "Case knowledge: judgement quality q = 1 - exp(-t / knowledge_hours), t = caseworker hours put into the case over about the last 6 months.", EVIDENCE + " §8b (t0 about 10-15 h)", 0.5, 100),
    _p("judgement_noise_uninformed", 1.0, "need points (sd)", "decisions", "Extra error of a judgement made with no case knowledge (q = 0).", ASSUMPTION, 0, 5),
    _p("defensive_bias", 0.5, "need points", "decisions", "An uninformed caseworker judges need this much higher (safety first); falls to 0 at full case knowledge.", EVIDENCE + " §8b (less-supported workers place more) [I]", 0, 5),
    _p("overload_bias", 0.5, "need points", "decisions", "Extra need an overloaded caseworker sees at a decision at double load (defensive practice); in proportion to load above 1.", EVIDENCE + " §8b (pressure term) [I]", 0, 5),
    _p("practice_hours_return_home", 8.0, "hours", "decisions", "Least-intrusive practice: hours to prepare a placed child's return home; without them the child stays placed.", ASSUMPTION, 0, 80),
    _p("practice_hours_family", 10.0, "hours", "decisions", "Least-intrusive practice: hours to find and support a foster family instead of an institution; without them the traditional choice is made.", ASSUMPTION, 0, 80),
    _p("practice_hours_kin", 4.0, "hours", "decisions", "Least-intrusive practice: hours to map the family network before a family placement (counts as one more mobilisation of the network).", ASSUMPTION, 0, 80),
    _p("effect_step1", 0.6, "need points", "decisions", "Need carried by early help in universal services (step 1).", ASSUMPTION, 0, 10),
    _p("effect_step2", 1.2, "need points", "decisions", "Need carried by preventive measures (step 2).", ASSUMPTION, 0, 10),
    _p("effect_step3", 2.2, "need points", "decisions", "Need carried by home-based measures (step 3).", ASSUMPTION, 0, 10),
    _p("effect_placement", 4.0, "need points", "decisions", "Need carried by a placement (steps 4-6).", ASSUMPTION, 0, 10),
    _p("treatment_recovery", 0.04, "per year", "decisions", "Rate at which help wears down chronic need while a measure is given.", ASSUMPTION + " (calibrated)", 0, 5),

    # --- placement dynamics ------------------------------------------------------------
    _p("breakdown_on", True, "", "placement", "Switch: placements break down.", ASSUMPTION),
    _p("breakdown_rate_kinship", 0.012, "per placement per year", "placement", "Breakdown hazard of kinship placements (ages 0-12).", DST + " (4.7% of stock a year, foster most stable); kin HR 0.5-0.7, " + EVIDENCE + " §8c [I]", 0, 1),
    _p("breakdown_rate_foster", 0.02, "per placement per year", "placement", "Breakdown hazard of foster placements (ages 0-12).", DST + " [I]", 0, 1),
    _p("breakdown_rate_institution", 0.03, "per placement per year", "placement", "Breakdown hazard of institution placements (ages 0-12).", DST + " [I]", 0, 1),
    _p("teen_breakdown_factor", 2.5, "multiplier", "placement", "Breakdown hazard at 13-17 relative to younger children; doubled again in foster care without support.", DST + " (64% of breakdowns at 13-17) [I]", 1, 10),
    _p("breakdown_to_institution", 0.5, "probability", "placement", "Chance that a broken-down foster placement is followed by an institution.", ASSUMPTION, 0, 1),
    _p("emergencies_on", True, "", "placement", "Switch: a child in crisis whose case is not followed up (or not known) is placed in an emergency. Off: every crisis gets a planned decision.", ASSUMPTION),
    _p("crisis_threshold", 7.0, "need points", "placement", "Need above which a child not placed may reach a crisis that needs a placement (at the placement threshold: whether a child in crisis is placed does not wait for an assessment).", ASSUMPTION, 0, 10),
    _p("crisis_rate", 1.0, "per year per need point above the threshold", "placement", "Hazard of such a crisis.", ASSUMPTION + " (calibrated)", 0, 52),
    _p("teen_request_threshold", 7.0, "need points", "placement", "Need above which a teenager (13-17) not placed, or the parents, may ask for a placement.", EVIDENCE + " §7 (Ankestyrelsen 2007: more than half of teenage placements at the parents' request, 30% at the young person's own) [I]; assumption (calibrated)", 0, 10),
    _p("teen_request_rate", 0.0, "per year per need point above the threshold", "placement", "Hazard of such a request. Traditional practice grants it; the least-intrusive practice may offer home-based support instead (practice_hours_return_home).", EVIDENCE + " §7 (60-70% of new placement decisions at 12-17) [I]; assumption (calibrated)", 0, 52),
    _p("emergency_institution_share", 0.8, "probability", "placement", "Share of emergency placements made at an institution (step 6).", EVIDENCE + " §8b [I]", 0, 1),
    _p("emergency_breakdown_factor", 1.5, "multiplier", "placement", "Breakdown hazard of a placement begun in an emergency, until its first follow-up.", EVIDENCE + " §8b [I]", 1, 10),
    _p("capacity_limits_on", False, "", "placement", "Switch: foster families and institution places are limited.", ASSUMPTION + " (Chapin Hall 2017: supply shapes placements)"),
    _p("foster_places", 30, "places", "placement", "Foster families (not kinship: kin come from the family's network) available when limits are on.", ASSUMPTION, 0, 100_000),
    _p("institution_places", 20, "places", "placement", "Institution places available when limits are on.", ASSUMPTION, 0, 100_000),

    # --- costs -------------------------------------------------------------------------
    _p("cost_step1", 10_000.0, "kr. per child-year", "costs", "Early help in universal services.", ASSUMPTION + " (no public price; SØM database)", 0, 5e6),
    _p("cost_step2", 60_000.0, "kr. per child-year", "costs", "Preventive measures.", ASSUMPTION + " (no public price; SØM database)", 0, 5e6),
    _p("cost_step3", 150_000.0, "kr. per child-year", "costs", "Home-based measures (MST about 150,000 kr. per completed family).", SOCSTYR_MST, 0, 5e6),
    _p("cost_kinship", 235_000.0, "kr. per child-year", "costs", "Kinship or network placement.", ASSUMPTION + " (half the foster price; SØM database)", 0, 5e6),
    _p("cost_foster", 470_000.0, "kr. per child-year", "costs", "Foster family placement.", BENCH, 0, 5e6),
    _p("cost_institution", 1_160_000.0, "kr. per child-year", "costs", "Institution or opholdssted placement.", BENCH, 0, 1e7),
    _p("salary_caseworker", 400_000.0, "kr. per year", "costs", "Caseworker cost (2.0 mio. kr. for 4 caseworkers + 1 coordinator).", HERNING + " [I]", 0, 2e6),
    _p("salary_coordinator", 400_000.0, "kr. per year", "costs", "Coordinator cost.", HERNING + " [I]", 0, 2e6),
    _p("salary_psychologist", 500_000.0, "kr. per year", "costs", "PPR psychologist cost.", ASSUMPTION, 0, 2e6),
    _p("salary_health_visitor", 450_000.0, "kr. per year", "costs", "Health visitor cost.", ASSUMPTION, 0, 2e6),

    # --- initial state -----------------------------------------------------------------
    _p("initial_share_step1", 0.010, "share of children", "initial", "Children at step 1 at the start.", ASSUMPTION, 0, 0.5),
    _p("initial_share_step2", 0.020, "share of children", "initial", "Children at step 2 at the start (43,800 of 1.17 million had a preventive measure in 2021).", DST + " [I]", 0, 0.5),
    _p("initial_share_step3", 0.015, "share of children", "initial", "Children at step 3 at the start.", ASSUMPTION, 0, 0.5),
    _p("initial_share_placed", 0.0101, "share of children", "initial", "Children placed at the start (10.1 per 1,000 at end 2018).", DST, 0, 0.5),
    _p("initial_foster_share", 0.63, "share of placements", "initial", "Family placements (kinship + foster) at the start; Herning Oct 2012: 63%.", HERNING, 0, 1),
    _p("initial_kin_share_of_foster", 0.125, "share of family placements", "initial", "Kinship share of family placements at the start (DK 12.5%).", DST, 0, 1),
    _p("burnin_years", 20, "years", "initial", "Years simulated before week 0 under the practice before the change, so that week 0 is the steady state of that world (the burn-in is cached).", ASSUMPTION + " (long enough for placed children and case loads to settle)", 0, 60),
)
# fmt: on


def _calibrated(parameters: tuple[Param, ...]) -> tuple[Param, ...]:
    """Defaults of the behavioural parameters fitted by ``teamsim calibrate``.

    ``teamsim/calibration/calibrated.toml`` holds the fitted values in ``[params]``
    and how they were made in ``[provenance]``; each such parameter's source says so.
    """
    path = Path(__file__).parent / "calibration" / "calibrated.toml"
    if not path.is_file():
        return parameters
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    fitted = data.get("params", {})
    when = data.get("provenance", {}).get("date", "")
    note = f"calibrated by teamsim calibrate{f' ({when})' if when else ''}"
    return tuple(
        replace(p, default=p.coerce(fitted[p.name]), source=f"{p.source}; {note}")
        if p.name in fitted else p
        for p in parameters
    )


PARAMETERS = _calibrated(PARAMETERS)
BY_NAME: dict[str, Param] = {p.name: p for p in PARAMETERS}

PRACTICE: frozenset[str] = frozenset({
    "caseworkers", "caseworker_hours", "coordinators", "coordinator_hours", "psychologists",
    "psychologist_hours", "health_visitors", "health_visitor_hours", "school_meeting_hours",
    "caseload_cap", "followup_schedule", "meeting_rate", "co_located", "policy",
    "detection_effort", "capacity_limits_on", "foster_places", "institution_places",
    *(p.name for p in PARAMETERS if p.mechanism == "costs"),
})
"""The levers a change pulls: staffing, practice, supply and prices. Every other
parameter describes the world (children, their needs, how the system behaves) and
is the same before and after a change; see :func:`teamsim.core.model.world_params`."""
MECHANISMS: tuple[str, ...] = tuple(dict.fromkeys(p.mechanism for p in PARAMETERS))
SWITCHES: tuple[str, ...] = tuple(p.name for p in PARAMETERS if p.name.endswith("_on"))


class Params(Mapping[str, Any]):
    """Validated parameter values; read them as attributes (``params.caseworkers``).

    Built from defaults plus overrides. Unknown names and values outside the
    allowed range raise :class:`ParameterError` naming the parameter, the
    value and what is allowed. Immutable: use :meth:`replace` for a variant.
    """

    __slots__ = ("__dict__", "_values")  # values also live in __dict__: fast attribute reads

    def __init__(self, overrides: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        values = {p.name: p.default for p in PARAMETERS}
        for name, value in {**(overrides or {}), **kwargs}.items():
            values[name] = resolve(name).coerce(value)
        _check_consistency(values)
        object.__setattr__(self, "_values", values)
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # e.g. pickle's probes before _values exists
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __reduce__(self):
        # rebuilt (and so validated) from the values, e.g. in a worker process
        return (Params, (dict(self._values),))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Params are immutable; use params.replace(name=value)")

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        changed = {k: v for k, v in self._values.items() if v != BY_NAME[k].default}
        return f"Params({changed})"

    def replace(self, **changes: Any) -> Params:
        """A copy with some values changed (validated)."""
        return Params({**self._values, **changes})

    def changed(self) -> dict[str, Any]:
        """The values that differ from the defaults."""
        return {k: v for k, v in self._values.items() if v != BY_NAME[k].default}


def resolve(name: str) -> Param:
    """The parameter called ``name``, or a ParameterError that suggests close names."""
    if name in BY_NAME:
        return BY_NAME[name]
    import difflib

    close = difflib.get_close_matches(name, BY_NAME, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; 'teamsim params' lists them all"
    raise ParameterError(f"unknown parameter '{name}'{hint}")


def _check_consistency(v: Mapping[str, Any]) -> None:
    order = ["concern_threshold", "assessment_threshold"]
    steps = ["early_help_threshold", "threshold_step2", "threshold_step3", "threshold_placement", "threshold_institution"]
    for chain in (order, steps):
        for a, b in pairwise(chain):
            if v[a] > v[b]:
                raise ParameterError(
                    f"parameter '{a}' = {v[a]:g} must not exceed '{b}' = {v[b]:g}"
                )
    shares = sum(v[f"initial_share_step{i}"] for i in (1, 2, 3)) + v["initial_share_placed"]
    if shares > 0.9:
        raise ParameterError(
            f"initial shares of children at steps 1-6 add up to {shares:.2f}: allowed at most 0.9"
        )


def parameter_table(names: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Rows describing each parameter (for `teamsim params` and the docs)."""
    rows = []
    for p in PARAMETERS if names is None else (BY_NAME[n] for n in names):
        rows.append(
            {
                "name": p.name,
                "mechanism": p.mechanism,
                "default": p.default,
                "unit": p.unit,
                "allowed": p.allowed(),
                "source": p.source,
                "meaning": p.doc,
            }
        )
    return rows
