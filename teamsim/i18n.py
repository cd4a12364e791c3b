"""Danish and English: number formats, labels of parameters and indicators, UI texts.

The browser app, the workshop view and its printable handout speak Danish by
default and English on request. Everything they show goes through here:

    >>> format_number(1234567.5, "da", 1)
    '1.234.567,5'
    >>> format_kr(1234567, "en")
    'DKK 1,234,567'
    >>> format_kr(4_500_000, "da", millions=True)
    '4,5 mio. kr.'
    >>> tr("app.title", "da")
    'teamsim: det tværfaglige børneteam'
    >>> param_label("caseworkers", "da"), param_unit("caseworkers", "da")
    ('Rådgivere', 'rådgivere')

A missing translation is a programming error and raises :class:`MissingTranslation`
naming the key; ``tests/test_app_i18n.py`` checks that every key has both languages
and that every model parameter and every displayed indicator has a label.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

LANGS: tuple[str, ...] = ("da", "en")
DEFAULT_LANG = "da"
LANG_NAMES = {"da": "Dansk", "en": "English"}


class MissingTranslation(KeyError):
    """A text, label or unit has no translation for the language asked for."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


def check_lang(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGS`, else ValueError naming the allowed ones."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r} is not available: choose one of {', '.join(LANGS)}")
    return lang


# ---- numbers ----------------------------------------------------------------------------
_SEPARATORS = {"da": (".", ","), "en": (",", ".")}  # (thousands, decimal)
MISSING = "–"  # shown for a missing value (NaN, None)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: float | None, lang: str, decimals: int = 0, *,
                  signed: bool = False) -> str:
    """``value`` with the language's separators: da "1.234.567,5", en "1,234,567.5".

    Args:
        decimals: digits after the decimal separator.
        signed: put "+" before positive values (for differences).
    """
    check_lang(lang)
    if _missing(value):
        return MISSING
    value = float(value)
    text = f"{abs(value):,.{decimals}f}"
    if float(text.replace(",", "")) == 0:
        value = 0.0  # no "-0"
    thousands, decimal = _SEPARATORS[lang]
    text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    return sign + text


def format_kr(value: float | None, lang: str, decimals: int | None = None, *,
              millions: bool = False, signed: bool = False) -> str:
    """An amount in Danish kroner: da "1.234.567 kr.", en "DKK 1,234,567".

    With ``millions=True`` the compact form: da "4,5 mio. kr.", en "DKK 4.5 million"
    (``decimals`` defaults to 1 there and to 0 otherwise).
    """
    check_lang(lang)
    if _missing(value):
        return MISSING
    if millions:
        number = format_number(float(value) / 1e6, lang, 1 if decimals is None else decimals,
                               signed=signed)
        return f"{number} mio. kr." if lang == "da" else f"DKK {number} million"
    number = format_number(value, lang, decimals or 0, signed=signed)
    return f"{number} kr." if lang == "da" else f"DKK {number}"


def format_percent(share: float | None, lang: str, decimals: int = 0, *,
                   signed: bool = False) -> str:
    """A share (0.63) as a percentage: da "63 %", en "63%"."""
    check_lang(lang)
    if _missing(share):
        return MISSING
    number = format_number(float(share) * 100, lang, decimals, signed=signed)
    return f"{number} %" if lang == "da" else f"{number}%"


def format_points(share_difference: float | None, lang: str, decimals: int = 1) -> str:
    """A difference of two shares in percentage points: da "+2,5 %-point", en "+2.5 pp"."""
    check_lang(lang)
    if _missing(share_difference):
        return MISSING
    number = format_number(float(share_difference) * 100, lang, decimals, signed=True)
    return f"{number} %-point" if lang == "da" else f"{number} pp"


def parse_number(text: str, lang: str) -> float:
    """A number typed by a user, in either language's format.

    "1.234,5" and "1,234.5" are 1234.5 (the last separator is the decimal one);
    "2,5" and "2.5" are 2.5; the language's own thousands separator before exactly
    three digits groups thousands ("1.000" in Danish, "1,000" in English).
    Raises ValueError if the text is not a finite number.
    """
    check_lang(lang)
    raw = str(text).strip().replace(" ", "").replace("\u00a0", "").replace("−", "-")
    if not raw:
        raise ValueError("empty")
    thousands = _SEPARATORS[lang][0]
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        raw = raw.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif raw.count(",") > 1 or raw.count(".") > 1:
        raw = raw.replace("," if raw.count(",") > 1 else ".", "")  # only grouping
    else:
        head, sep, tail = raw.replace(",", ".").partition(".")
        grouping = (sep and thousands in raw and len(tail) == 3 and tail.isdigit()
                    and head.lstrip("+-") not in ("", "0"))
        raw = head + tail if grouping else head + sep + tail
    number = float(raw)  # ValueError for anything else
    if math.isnan(number) or math.isinf(number):
        raise ValueError("not a finite number")
    return number


# ---- the staircase ------------------------------------------------------------------------
STEP_NAMES: dict[int, dict[str, str]] = {
    0: {"da": "Ingen indsats", "en": "No measure"},
    1: {"da": "1 Tidlige indsatser i almenområdet", "en": "1 Early help in universal services"},
    2: {"da": "2 Forebyggende indsatser", "en": "2 Preventive measures"},
    3: {"da": "3 Hjemmebaserede foranstaltninger", "en": "3 Home-based measures"},
    4: {"da": "4 Anbringelse i slægt eller netværk", "en": "4 Kinship or network placement"},
    5: {"da": "5 Anbringelse i plejefamilie", "en": "5 Foster family placement"},
    6: {"da": "6 Anbringelse på institution", "en": "6 Residential institution"},
}


def step_name(step: int, lang: str) -> str:
    """The name of staircase step ``step`` (0-6)."""
    return _lookup(STEP_NAMES, step, lang, "staircase step")


# ---- parameters ---------------------------------------------------------------------------
# Label of every model parameter (teamsim.params.PARAMETERS), Danish and English.
PARAM_LABELS: dict[str, dict[str, str]] = {
    "start_year": {"da": "Startår", "en": "First year"},
    "children": {"da": "Børn (0-17 år)", "en": "Children (0-17)"},
    "districts": {"da": "Skoledistrikter", "en": "School districts"},
    "population_on": {"da": "Befolkning: aldring, fødsler og flytninger",
                      "en": "Population: ageing, births and moves"},
    "births_per_1000": {"da": "Fødsler", "en": "Births"},
    "move_rate": {"da": "Fraflytning", "en": "Moving out"},
    "need_on": {"da": "Behov ændrer sig (kriser og bedring)",
                "en": "Need changes (crises and recovery)"},
    "vulnerability_sigma": {"da": "Spredning i familiers sårbarhed",
                            "en": "Spread of family vulnerability"},
    "chronic_need": {"da": "Kronisk behov", "en": "Chronic need"},
    "shock_rate": {"da": "Kriser i familien", "en": "Family crises"},
    "shock_vulnerability_power": {"da": "Kriser følger sårbarhed (eksponent)",
                                  "en": "Crises follow vulnerability (exponent)"},
    "shock_size": {"da": "En krises størrelse", "en": "Size of a crisis"},
    "teen_shock_factor": {"da": "Kriser blandt 13-17-årige", "en": "Crises at ages 13-17"},
    "recovery_rate": {"da": "Bedring efter en krise", "en": "Recovery after a crisis"},
    "need_noise": {"da": "Uge-til-uge-udsving i behov", "en": "Week-to-week noise in need"},
    "need_adjust_rate": {"da": "Hvor hurtigt oplevet behov følger", "en": "Speed of felt need"},
    "kin_strength_mean": {"da": "Netværkets styrke (gennemsnit)",
                          "en": "Family network strength (mean)"},
    "kin_strength_spread": {"da": "Netværkets styrke (koncentration)",
                            "en": "Family network strength (concentration)"},
    "ties_on": {"da": "Samarbejdsrelationer vokser med fælles arbejde",
                "en": "Collaboration ties grow with joint work"},
    "co_located": {"da": "Samlet placeret team", "en": "Co-located team"},
    "tie_initial_colocated": {"da": "Startrelation, samlet placeret",
                              "en": "Initial tie, co-located"},
    "tie_initial_separate": {"da": "Startrelation, adskilte enheder",
                             "en": "Initial tie, separate units"},
    "tie_gain_per_meeting": {"da": "Styrkelse af relation pr. møde",
                             "en": "Tie gain per meeting"},
    "tie_decay": {"da": "Relationer svækkes", "en": "Ties fade"},
    "detection_on": {"da": "Tidlig opsporing (skole, dagtilbud, sundhedspleje)",
                     "en": "Early detection (schools, daycare, health visitors)"},
    "concern_threshold": {"da": "Bekymringstærskel", "en": "Concern threshold"},
    "school_detection_rate": {"da": "Opsporing i skole og dagtilbud",
                              "en": "Detection at school and daycare"},
    "health_visitor_detection_rate": {"da": "Opsporing hos sundhedsplejen",
                                      "en": "Detection by health visitors"},
    "other_detection_rate": {"da": "Underretninger fra andre", "en": "Notifications from others"},
    "unfounded_notification_rate": {"da": "Ubegrundede underretninger",
                                    "en": "Unfounded notifications"},
    "detection_effort": {"da": "Indsats for tidlig opsporing", "en": "Early-detection effort"},
    "ppr_detection_effect": {"da": "PPR-konsultationens effekt på opsporing",
                             "en": "Effect of PPR consultation on detection"},
    "ppr_reference_hours": {"da": "PPR-timer ved fuld effekt",
                            "en": "PPR hours at full effect"},
    "health_visitor_reference_hours": {"da": "Sundhedsplejetimer ved normal opsporing",
                                       "en": "Health-visitor hours at usual detection"},
    "tie_detection_effect": {"da": "Relationers effekt på opsporing",
                             "en": "Effect of ties on detection"},
    "intake_queue_on": {"da": "Kø til børnefaglige undersøgelser",
                        "en": "Queue for assessments"},
    "screening_hours": {"da": "Tid til screening", "en": "Screening time"},
    "early_help_threshold": {"da": "Tærskel for tidlig hjælp", "en": "Early-help threshold"},
    "assessment_threshold": {"da": "Tærskel for børnefaglig undersøgelse",
                             "en": "Assessment threshold"},
    "assessment_hours": {"da": "Tid til en børnefaglig undersøgelse",
                         "en": "Time for an assessment"},
    "assessment_noise": {"da": "Usikkerhed i vurderingen af behov",
                         "en": "Error in judging need"},
    "capacity_on": {"da": "Rådgivernes tid er begrænset", "en": "Caseworker hours are limited"},
    "caseworkers": {"da": "Rådgivere", "en": "Caseworkers"},
    "caseworker_hours": {"da": "Rådgivertimer til sager", "en": "Caseworker hours for cases"},
    "case_admin_hours": {"da": "Løbende tid pr. sag", "en": "Running time per case"},
    "early_help_case_weight": {"da": "Vægt af en sag med tidlig hjælp",
                               "en": "Weight of an early-help case"},
    "caseload_cap": {"da": "Loft over sager pr. rådgiver", "en": "Caseload cap"},
    "followup_schedule": {"da": "Opfølgningsplan", "en": "Follow-up schedule"},
    "followup_hours": {"da": "Tid pr. opfølgning", "en": "Time per follow-up"},
    "placement_review_weeks": {"da": "Revurdering af anbringelse",
                               "en": "Placement reconsidered after"},
    "lapse_max_step": {"da": "Indsatser op til dette trin ophører uden opfølgning",
                       "en": "Measures up to this step lapse unreviewed"},
    "followup_grace_weeks": {"da": "Frist før en opfølgning er forsømt",
                             "en": "Grace before a follow-up is missed"},
    "missed_followup_breakdown_factor": {"da": "Sammenbrud ved forsømt opfølgning",
                                         "en": "Breakdowns when follow-up is overdue"},
    "coordinators": {"da": "Koordinatorer", "en": "Coordinators"},
    "coordinator_hours": {"da": "Koordinatortimer til screening",
                          "en": "Coordinator hours for screening"},
    "meetings_on": {"da": "Netværksmøder", "en": "Network meetings"},
    "meeting_rate": {"da": "Mødeintensitet", "en": "Meeting intensity"},
    "meeting_hours": {"da": "Tid pr. møde", "en": "Time per meeting"},
    "psychologists": {"da": "PPR-psykologer", "en": "PPR psychologists"},
    "psychologist_hours": {"da": "Psykologtimer", "en": "Psychologist hours"},
    "health_visitors": {"da": "Sundhedsplejersker", "en": "Health visitors"},
    "health_visitor_hours": {"da": "Sundhedsplejetimer til udsatte",
                             "en": "Health-visitor hours for vulnerable families"},
    "meeting_kin_gain": {"da": "Mødets mobilisering af netværket",
                         "en": "Network mobilised per meeting"},
    "meeting_need_effect": {"da": "Behov som netværket bærer efter et møde",
                            "en": "Need carried by the network after a meeting"},
    "meeting_support_halflife": {"da": "Halveringstid for mødets støtte",
                                 "en": "Half-life of a meeting's support"},
    "meeting_breakdown_reduction": {"da": "Færre sammenbrud ved fuld mødestøtte",
                                    "en": "Fewer breakdowns at full meeting support"},
    "policy": {"da": "Beslutningspraksis", "en": "Decision policy"},
    "threshold_step2": {"da": "Tærskel for forebyggende indsats (trin 2)",
                        "en": "Threshold for preventive measures (step 2)"},
    "threshold_step3": {"da": "Tærskel for hjemmebaseret indsats (trin 3)",
                        "en": "Threshold for home-based measures (step 3)"},
    "threshold_placement": {"da": "Tærskel for anbringelse", "en": "Placement threshold"},
    "threshold_institution": {"da": "Tærskel for institution", "en": "Institution threshold"},
    "traditional_institution_threshold": {"da": "Tærskel for institution, traditionel praksis",
                                          "en": "Institution threshold, traditional practice"},
    "stepdown_margin": {"da": "Margin for at trappe ned", "en": "Step-down margin"},
    "traditional_stepdown_margin": {"da": "Margin for at trappe ned, traditionel praksis",
                                    "en": "Step-down margin, traditional practice"},
    "need_level": {"da": "Kommunens sociale belastning", "en": "Municipality's social burden"},
    "untreated_deterioration": {"da": "Forværring uden hjælp", "en": "Deterioration without help"},
    "screening_duty_hours": {"da": "Vagttimer til screening", "en": "Duty hours for screening"},
    "acute_threshold": {"da": "Akuttærskel ved screening", "en": "Acute threshold at screening"},
    "assessment_pace_weeks": {"da": "Undersøgelsens normale varighed",
                              "en": "Standard length of an assessment"},
    "assessment_deadline_weeks": {"da": "Frist for undersøgelsen", "en": "Assessment deadline"},
    "reassessment_rate": {"da": "Opdaterede undersøgelser pr. sag om året",
                          "en": "Updated assessments per case a year"},
    "weekend_notification_share": {"da": "Underretninger i weekenden",
                                   "en": "Notifications at the weekend"},
    "max_assessments": {"da": "Undersøgelser pr. rådgiver ad gangen",
                        "en": "Assessments per caseworker at once"},
    "caseworker_pace_spread": {"da": "Forskelle i rådgiveres arbejdstempo",
                               "en": "Spread of caseworkers' pace"},
    "teen_need_growth": {"da": "Voksende behov i teenageårene", "en": "Growth of need in the teens"},
    "holiday_weeks": {"da": "Ferieuger pr. rådgiver", "en": "Holiday weeks per caseworker"},
    "overtime_share": {"da": "Overarbejde", "en": "Overtime"},
    "compression_floor": {"da": "Mindste tid pr. opgave under pres",
                          "en": "Least time per task under pressure"},
    "followup_on_time_weeks": {"da": "Opfølgning til tiden inden for",
                               "en": "Follow-up on time within"},
    "supervision_hours": {"da": "Tid pr. tilsynsbesøg", "en": "Time per supervision visit"},
    "supervision_interval_weeks": {"da": "Tid mellem tilsynsbesøg",
                                   "en": "Time between supervision visits"},
    "emergency_hours": {"da": "Tid pr. akutanbringelse", "en": "Time per emergency placement"},
    "turnover_on": {"da": "Rådgivere fratræder (personaleomsætning)",
                    "en": "Caseworkers leave (turnover)"},
    "turnover_rate": {"da": "Personaleomsætning", "en": "Turnover rate"},
    "turnover_reference_caseload": {"da": "Sagstal for den normale omsætning",
                                    "en": "Caseload of the reference turnover"},
    "turnover_caseload_elasticity": {"da": "Omsætningen stiger med sagstallet",
                                     "en": "Turnover rises with caseload"},
    "new_worker_capacity": {"da": "Ny rådgivers kapacitet", "en": "New caseworker's capacity"},
    "new_worker_weeks": {"da": "Indkøringstid for ny rådgiver",
                         "en": "Induction of a new caseworker"},
    "transfer_breakdown_factor": {"da": "Sammenbrud efter rådgiverskift",
                                  "en": "Breakdowns after a change of caseworker"},
    "transfer_weeks": {"da": "Varighed af effekten af rådgiverskift",
                       "en": "How long a change of caseworker matters"},
    "meeting_partner_hours": {"da": "Tid pr. møde for samarbejdspartnere",
                              "en": "Time per meeting for partners"},
    "school_meeting_hours": {"da": "Skolens mødetimer", "en": "School's meeting hours"},
    "kin_share_base": {"da": "Slægtsanbringelser uden netværksmøder",
                       "en": "Kinship care without network meetings"},
    "kin_share_max": {"da": "Slægtsanbringelser ved fuld mobilisering",
                      "en": "Kinship care at full mobilisation"},
    "kin_meetings_scale": {"da": "Møder der skal til for at mobilisere netværket",
                           "en": "Meetings needed to mobilise the network"},
    "teen_institution_shift": {"da": "Unge anbringes oftere på institution (traditionel)",
                               "en": "Teenagers placed in institutions sooner (traditional)"},
    "knowledge_hours": {"da": "Timer der giver kendskab til sagen",
                        "en": "Hours that give knowledge of the case"},
    "judgement_noise_uninformed": {"da": "Usikkerhed uden kendskab til sagen",
                                   "en": "Error without knowledge of the case"},
    "defensive_bias": {"da": "Forsigtighed uden kendskab til sagen",
                       "en": "Caution without knowledge of the case"},
    "overload_bias": {"da": "Forsigtighed under pres", "en": "Caution under pressure"},
    "practice_hours_return_home": {"da": "Tid til at forberede hjemgivelse",
                                   "en": "Time to prepare a return home"},
    "practice_hours_family": {"da": "Tid til at finde en plejefamilie frem for institution",
                              "en": "Time to find a foster family instead of an institution"},
    "practice_hours_kin": {"da": "Tid til at afdække netværket",
                           "en": "Time to map the family network"},
    "emergency_breakdown_factor": {"da": "Sammenbrud efter akutanbringelse",
                                   "en": "Breakdowns after an emergency placement"},
    "burnin_years": {"da": "Indsvingning før start", "en": "Burn-in before the start"},
    "effect_step1": {"da": "Effekt af tidlig hjælp (trin 1)", "en": "Effect of early help (step 1)"},
    "effect_step2": {"da": "Effekt af forebyggende indsats (trin 2)",
                     "en": "Effect of preventive measures (step 2)"},
    "effect_step3": {"da": "Effekt af hjemmebaseret indsats (trin 3)",
                     "en": "Effect of home-based measures (step 3)"},
    "effect_placement": {"da": "Effekt af anbringelse (trin 4-6)",
                         "en": "Effect of a placement (steps 4-6)"},
    "treatment_recovery": {"da": "Bedring under indsats", "en": "Recovery while helped"},
    "breakdown_on": {"da": "Sammenbrud i anbringelser", "en": "Placement breakdowns"},
    "breakdown_rate_kinship": {"da": "Sammenbrud, slægtsanbringelse",
                               "en": "Breakdowns, kinship care"},
    "breakdown_rate_foster": {"da": "Sammenbrud, plejefamilie", "en": "Breakdowns, foster care"},
    "breakdown_rate_institution": {"da": "Sammenbrud, institution",
                                   "en": "Breakdowns, institution"},
    "teen_breakdown_factor": {"da": "Sammenbrud blandt 13-17-årige",
                              "en": "Breakdowns at ages 13-17"},
    "breakdown_to_institution": {"da": "Institution efter sammenbrud",
                                 "en": "Institution after a breakdown"},
    "emergencies_on": {"da": "Akutanbringelser", "en": "Emergency placements"},
    "crisis_threshold": {"da": "Krisetærskel", "en": "Crisis threshold"},
    "teen_request_threshold": {"da": "Tærskel for anmodning om anbringelse (13-17 år)",
                               "en": "Threshold of placement requests (ages 13-17)"},
    "teen_request_rate": {"da": "Anmodninger om anbringelse over tærsklen",
                          "en": "Placement requests above the threshold"},
    "crisis_rate": {"da": "Akutanbringelser over krisetærsklen",
                    "en": "Emergency placements above the crisis threshold"},
    "emergency_institution_share": {"da": "Akutanbringelser på institution",
                                    "en": "Emergency placements at an institution"},
    "capacity_limits_on": {"da": "Begrænset antal plejefamilier og institutionspladser",
                           "en": "Limited foster families and institution places"},
    "foster_places": {"da": "Plejefamilier til rådighed", "en": "Foster families available"},
    "institution_places": {"da": "Institutionspladser til rådighed",
                           "en": "Institution places available"},
    "cost_step1": {"da": "Pris, tidlig hjælp", "en": "Cost, early help"},
    "cost_step2": {"da": "Pris, forebyggende indsats", "en": "Cost, preventive measures"},
    "cost_step3": {"da": "Pris, hjemmebaseret indsats", "en": "Cost, home-based measures"},
    "cost_kinship": {"da": "Pris, slægtsanbringelse", "en": "Cost, kinship placement"},
    "cost_foster": {"da": "Pris, plejefamilie", "en": "Cost, foster family"},
    "cost_institution": {"da": "Pris, institution", "en": "Cost, institution"},
    "salary_caseworker": {"da": "Løn, rådgiver", "en": "Salary, caseworker"},
    "salary_coordinator": {"da": "Løn, koordinator", "en": "Salary, coordinator"},
    "salary_psychologist": {"da": "Løn, PPR-psykolog", "en": "Salary, PPR psychologist"},
    "salary_health_visitor": {"da": "Løn, sundhedsplejerske", "en": "Salary, health visitor"},
    "initial_share_step1": {"da": "Andel på trin 1 ved start", "en": "Share at step 1 at start"},
    "initial_share_step2": {"da": "Andel på trin 2 ved start", "en": "Share at step 2 at start"},
    "initial_share_step3": {"da": "Andel på trin 3 ved start", "en": "Share at step 3 at start"},
    "initial_share_placed": {"da": "Andel anbragt ved start", "en": "Share placed at start"},
    "initial_foster_share": {"da": "Familieanbringelser ved start",
                             "en": "Family placements at start"},
    "initial_kin_share_of_foster": {"da": "Slægtsanbringelser ved start",
                                    "en": "Kinship placements at start"},
}

# Every unit used in teamsim.params, Danish and English.
UNITS: dict[str, dict[str, str]] = {
    "assessments per caseworker": {"da": "undersøgelser pr. rådgiver",
                                   "en": "assessments per caseworker"},
    "fraction of hours": {"da": "andel af timerne", "en": "fraction of hours"},
    "fraction of standard time": {"da": "andel af normal tid", "en": "fraction of standard time"},
    "fraction of weekly hours": {"da": "andel af ugens timer", "en": "fraction of weekly hours"},
    "hours per 1,000 children per working day": {"da": "timer pr. 1.000 børn pr. arbejdsdag",
                                                 "en": "hours per 1,000 children per working day"},
    "hours per partner": {"da": "timer pr. deltager", "en": "hours per partner"},
    "hours per school per week": {"da": "timer pr. skole pr. uge",
                                  "en": "hours per school per week"},
    "hours per visit": {"da": "timer pr. besøg", "en": "hours per visit"},
    "meetings": {"da": "møder", "en": "meetings"},
    "need points per year": {"da": "behovspoint pr. år", "en": "need points per year"},
    "per caseworker per year": {"da": "pr. rådgiver pr. år", "en": "per caseworker per year"},
    "per relative caseload": {"da": "pr. relativt sagstal", "en": "per relative caseload"},
    "years": {"da": "år", "en": "years"},
    "": {"da": "", "en": ""},
    "0-1": {"da": "0-1", "en": "0-1"},
    "PPR psychologists": {"da": "PPR-psykologer", "en": "PPR psychologists"},
    "beta concentration": {"da": "beta-koncentration", "en": "beta concentration"},
    "births per 1,000 children per year": {"da": "fødsler pr. 1.000 børn pr. år",
                                           "en": "births per 1,000 children per year"},
    "cases per caseworker": {"da": "sager pr. rådgiver", "en": "cases per caseworker"},
    "caseworkers": {"da": "rådgivere", "en": "caseworkers"},
    "children": {"da": "børn", "en": "children"},
    "coordinators": {"da": "koordinatorer", "en": "coordinators"},
    "crises per child per year": {"da": "kriser pr. barn pr. år",
                                  "en": "crises per child per year"},
    "exponent": {"da": "eksponent", "en": "exponent"},
    "fraction": {"da": "andel", "en": "fraction"},
    "fraction of a case": {"da": "andel af en sag", "en": "fraction of a case"},
    "fraction of the gap to 1": {"da": "andel af afstanden til 1",
                                 "en": "fraction of the gap to 1"},
    "health visitors": {"da": "sundhedsplejersker", "en": "health visitors"},
    "hours": {"da": "timer", "en": "hours"},
    "hours per case per week": {"da": "timer pr. sag pr. uge", "en": "hours per case per week"},
    "per open case a year": {"da": "pr. åben sag om året", "en": "per open case a year"},
    "fraction of notifications": {"da": "andel af underretningerne", "en": "fraction of notifications"},
    "hours per follow-up": {"da": "timer pr. opfølgning", "en": "hours per follow-up"},
    "hours per notification": {"da": "timer pr. underretning", "en": "hours per notification"},
    "hours per week": {"da": "timer pr. uge", "en": "hours per week"},
    "hours per week per 1,000 children aged 0-5": {
        "da": "timer pr. uge pr. 1.000 børn i alderen 0-5",
        "en": "hours per week per 1,000 children aged 0-5"},
    "hours per week per 1,000 pupils": {"da": "timer pr. uge pr. 1.000 elever",
                                        "en": "hours per week per 1,000 pupils"},
    "kr. per child-year": {"da": "kr. pr. barn pr. år", "en": "DKK per child-year"},
    "kr. per year": {"da": "kr. pr. år", "en": "DKK per year"},
    "log-sd": {"da": "log-sd", "en": "log-sd"},
    "meetings per open case per year": {"da": "møder pr. åben sag pr. år",
                                        "en": "meetings per open case per year"},
    "multiplier": {"da": "gange", "en": "multiplier"},
    "need points": {"da": "behovspoint", "en": "need points"},
    "need points (0-10)": {"da": "behovspoint (0-10)", "en": "need points (0-10)"},
    "need points (sd)": {"da": "behovspoint (sd)", "en": "need points (sd)"},
    "need points per week (sd)": {"da": "behovspoint pr. uge (sd)",
                                  "en": "need points per week (sd)"},
    "per child per year": {"da": "pr. barn pr. år", "en": "per child per year"},
    "per placement per year": {"da": "pr. anbringelse pr. år", "en": "per placement per year"},
    "per week": {"da": "pr. uge", "en": "per week"},
    "per year": {"da": "pr. år", "en": "per year"},
    "per year per need point above concern": {
        "da": "pr. år pr. behovspoint over bekymringstærsklen",
        "en": "per year per need point above concern"},
    "per year per need point above the threshold": {
        "da": "pr. år pr. behovspoint over tærsklen",
        "en": "per year per need point above the threshold"},
    "places": {"da": "pladser", "en": "places"},
    "probability": {"da": "sandsynlighed", "en": "probability"},
    "relative increase": {"da": "relativ stigning", "en": "relative increase"},
    "school districts": {"da": "skoledistrikter", "en": "school districts"},
    "share of children": {"da": "andel af børnene", "en": "share of children"},
    "share of family placements": {"da": "andel af familieanbringelser",
                                   "en": "share of family placements"},
    "share of placements": {"da": "andel af anbringelser", "en": "share of placements"},
    "weeks": {"da": "uger", "en": "weeks"},
    "step": {"da": "trin", "en": "step"},
    "weeks per year": {"da": "uger pr. år", "en": "weeks per year"},
    "year": {"da": "år", "en": "year"},
}

# The choices of the text parameters.
CHOICES: dict[str, dict[str, str]] = {
    "law_pre2024": {"da": "Serviceloven før 2024 (3 mdr., derefter hver 6. md.)",
                    "en": "Danish law before 2024 (3 months, then every 6)"},
    "herning_pilot": {"da": "Herning-projektet (hver 3. måned)",
                      "en": "Herning pilot (every 3 months)"},
    "boras": {"da": "Borås (tæt opfølgning)", "en": "Borås (close follow-up)"},
    "least_intrusive": {"da": "Mindst indgribende indsats (Sverigesmodellen)",
                        "en": "Least intrusive step (Sverigesmodel)"},
    "traditional": {"da": "Traditionel praksis", "en": "Traditional practice"},
}


def param_label(name: str, lang: str) -> str:
    """The label of model parameter ``name`` ("Rådgivere" / "Caseworkers")."""
    return _lookup(PARAM_LABELS, name, lang, "parameter")


def param_unit(name: str, lang: str) -> str:
    """The unit of model parameter ``name`` in ``lang`` ("" for switches and choices)."""
    from teamsim.params import resolve

    return _lookup(UNITS, resolve(name).unit, lang, "unit")


def choice_label(value: str, lang: str) -> str:
    """The label of a choice of a text parameter (``followup_schedule``, ``policy``)."""
    return _lookup(CHOICES, value, lang, "choice")


# ---- indicators (series columns, yearly and comparison indicators, budget lines) ----------
INDICATORS: dict[str, dict[str, str]] = {
    "week": {"da": "Uge", "en": "Week"},
    "year": {"da": "År", "en": "Year"},
    "children": {"da": "Børn", "en": "Children"},
    **{f"step_{k}": {"da": f"Trin {k}" if k else "Ingen indsats",
                     "en": f"Step {k}" if k else "No measure"} for k in range(7)},
    "placed": {"da": "Anbragte børn", "en": "Children placed"},
    "placed_share": {"da": "Andel anbragt", "en": "Share placed"},
    "family_placement_share": {"da": "Anbragt i familie (slægt + pleje)",
                               "en": "Placed in families (kinship + foster)"},
    "kinship_share": {"da": "Anbragt i slægt eller netværk", "en": "Placed with kin"},
    "institution_share": {"da": "Anbragt på institution", "en": "Placed in institutions"},
    "institutions": {"da": "Børn på institution", "en": "Children in institutions"},
    "open_cases": {"da": "Åbne sager", "en": "Open cases"},
    "waiting_weeks": {"da": "Ventetid til undersøgelse", "en": "Waiting time to assessment"},
    "caseload_mean": {"da": "Sager pr. rådgiver (gennemsnit)",
                      "en": "Cases per caseworker (mean)"},
    "caseload_max": {"da": "Sager pr. rådgiver (højeste)", "en": "Cases per caseworker (most)"},
    "hours_caseworker": {"da": "Rådgivertimer brugt", "en": "Caseworker hours used"},
    "hours_caseworker_available": {"da": "Rådgivertimer til rådighed",
                                   "en": "Caseworker hours available"},
    "hours_psychologist": {"da": "Psykologtimer brugt", "en": "Psychologist hours used"},
    "hours_psychologist_available": {"da": "Psykologtimer til rådighed",
                                     "en": "Psychologist hours available"},
    "hours_health_visitor": {"da": "Sundhedsplejetimer brugt",
                             "en": "Health-visitor hours used"},
    "hours_health_visitor_available": {"da": "Sundhedsplejetimer til rådighed",
                                       "en": "Health-visitor hours available"},
    "hours_coordinator": {"da": "Koordinatortimer brugt", "en": "Coordinator hours used"},
    "hours_coordinator_available": {"da": "Koordinatortimer til rådighed",
                                    "en": "Coordinator hours available"},
    "hours_school": {"da": "Skolens mødetimer", "en": "School meeting hours"},
    "age_at_opening": {"da": "Alder ved sagens start", "en": "Age at case opening"},
    "ordinary_school_share": {"da": "Børn i almindelig skolegang",
                              "en": "Children in ordinary school"},
    "wellbeing_sdq": {"da": "Trivsel (SDQ-lignende, lavere er bedre)",
                      "en": "Wellbeing (SDQ-like, lower is better)"},
    "wellbeing_sdq_known": {"da": "Trivsel i kendte sager (SDQ-lignende)",
                            "en": "Wellbeing in known cases (SDQ-like)"},
    "institution_spell_weeks": {"da": "Varighed af institutionsanbringelser",
                                "en": "Duration of institution placements"},
    "formerly_institution": {"da": "Tidligere anbragt på institution",
                             "en": "Formerly placed in institutions"},
    "tie_strength": {"da": "Samarbejdsrelationernes styrke", "en": "Collaboration tie strength"},
    "cost_step1": {"da": "Udgift, tidlig hjælp", "en": "Cost, early help"},
    "cost_step2": {"da": "Udgift, forebyggende indsats", "en": "Cost, preventive measures"},
    "cost_step3": {"da": "Udgift, hjemmebaseret indsats", "en": "Cost, home-based measures"},
    "cost_kinship": {"da": "Udgift, slægtsanbringelser", "en": "Cost, kinship placements"},
    "cost_foster": {"da": "Udgift, plejefamilier", "en": "Cost, foster placements"},
    "cost_institution": {"da": "Udgift, institutioner", "en": "Cost, institution placements"},
    "cost_caseworkers": {"da": "Udgift, rådgivere", "en": "Cost, caseworkers"},
    "cost_coordinators": {"da": "Udgift, koordinatorer", "en": "Cost, coordinators"},
    "cost_psychologists": {"da": "Udgift, PPR-psykologer", "en": "Cost, PPR psychologists"},
    "cost_health_visitors": {"da": "Udgift, sundhedsplejersker", "en": "Cost, health visitors"},
    "cost_total": {"da": "Udgifter i alt", "en": "Total cost"},
    "notifications": {"da": "Underretninger", "en": "Notifications"},
    "notifications_school": {"da": "Underretninger fra skole og dagtilbud",
                             "en": "Notifications from schools and daycare"},
    "notifications_health": {"da": "Underretninger fra sundhedsplejen",
                             "en": "Notifications from health visitors"},
    "notifications_other": {"da": "Underretninger fra andre", "en": "Notifications from others"},
    "renotifications": {"da": "Genunderretninger", "en": "Re-notifications"},
    "children_notified": {"da": "Børn med underretning", "en": "Children notified"},
    "screened_out": {"da": "Afsluttet ved screening", "en": "Closed at screening"},
    "assessments_started": {"da": "Undersøgelser startet", "en": "Assessments started"},
    "assessments_done": {"da": "Undersøgelser afsluttet", "en": "Assessments done"},
    "wait_weeks_sum": {"da": "Ventetid i alt (uger)", "en": "Total waiting (weeks)"},
    "cases_opened": {"da": "Sager åbnet", "en": "Cases opened"},
    "age_at_opening_sum": {"da": "Samlet alder ved sagsstart", "en": "Sum of ages at opening"},
    "cases_closed": {"da": "Sager lukket", "en": "Cases closed"},
    "placements_started": {"da": "Nye anbringelser", "en": "Placements started"},
    "emergency_placements": {"da": "Akutanbringelser", "en": "Emergency placements"},
    "placement_exits": {"da": "Anbringelser afsluttet", "en": "Placements ended"},
    "returns_home": {"da": "Hjemgivelser", "en": "Returns home"},
    "aged_out_placed": {"da": "Anbragte fyldt 18", "en": "Placed children turning 18"},
    "step_ups": {"da": "Trin op", "en": "Steps up"},
    "step_downs": {"da": "Trin ned", "en": "Steps down"},
    "home_based_up": {"da": "Op fra hjemmebaseret indsats", "en": "Up from home-based measures"},
    "home_based_down": {"da": "Ned fra hjemmebaseret indsats",
                        "en": "Down from home-based measures"},
    "breakdowns": {"da": "Sammenbrud i anbringelser", "en": "Placement breakdowns"},
    "followups_due": {"da": "Opfølgninger forfaldne", "en": "Follow-ups due"},
    "followups_held": {"da": "Opfølgninger holdt", "en": "Follow-ups held"},
    "followups_on_time": {"da": "Opfølgninger til tiden", "en": "Follow-ups on time"},
    "followups_missed": {"da": "Forsømte opfølgninger", "en": "Missed follow-ups"},
    "followups_held_share": {"da": "Andel opfølgninger holdt", "en": "Share of follow-ups held"},
    "screenings": {"da": "Screeninger", "en": "Screenings"},
    "screenings_on_time": {"da": "Screeninger inden for 24 timer", "en": "Screenings within 24 hours"},
    "assessments_on_time": {"da": "Undersøgelser til tiden", "en": "Assessments on time"},
    "reassessments_started": {"da": "Opdaterede undersøgelser påbegyndt",
                              "en": "Updated assessments started"},
    "reassessments_done": {"da": "Opdaterede undersøgelser afsluttet",
                           "en": "Updated assessments done"},
    "reassessments_on_time": {"da": "Opdaterede undersøgelser til tiden",
                              "en": "Updated assessments on time"},
    "reassessments_missed": {"da": "Opdaterede undersøgelser opgivet",
                             "en": "Updated assessments given up"},
    "family_placements_started": {"da": "Familieanbringelser påbegyndt",
                                  "en": "Family placements started"},
    "kin_placements_started": {"da": "Netværksanbringelser påbegyndt",
                               "en": "Kinship placements started"},
    "first_placements": {"da": "Første anbringelser", "en": "First placements"},
    "placements_started_12_17": {"da": "Anbringelser påbegyndt af 12-17-årige",
                                 "en": "Placements started at ages 12-17"},
    "first_placements_family": {"da": "Første anbringelser i familiepleje",
                                "en": "First placements in family care"},
    "acute_at_screening": {"da": "Akut anbragt ved screening", "en": "Placed at once at screening"},
    "crisis_placements": {"da": "Planlagte anbringelser i en krise eller efter anmodning",
                          "en": "Planned placements in a crisis or on request"},
    "placement_requests": {"da": "Anmodninger om anbringelse (unge 13-17 eller forældre)",
                           "en": "Placement requests (young people 13-17 or parents)"},
    "requests_declined": {"da": "Anmodninger mødt med hjemmebaseret støtte",
                          "en": "Requests met with home-based support"},
    "breakdowns_teen": {"da": "Sammenbrud blandt 13-17-årige", "en": "Breakdowns at ages 13-17"},
    "followups_backlog_in": {"da": "Forsinkede opfølgninger fra sidste uge",
                             "en": "Overdue follow-ups carried in"},
    "followups_late": {"da": "Opfølgninger holdt for sent", "en": "Follow-ups held late"},
    "followups_backlog_out": {"da": "Forsinkede opfølgninger til næste uge",
                              "en": "Overdue follow-ups carried out"},
    "measures_lapsed": {"da": "Indsatser ophørt uden opfølgning",
                        "en": "Measures lapsed unreviewed"},
    "supervision_due": {"da": "Tilsynsbesøg forfaldne", "en": "Supervision visits due"},
    "supervision_held": {"da": "Tilsynsbesøg holdt", "en": "Supervision visits held"},
    "meetings_requested": {"da": "Netværksmøder ønsket", "en": "Network meetings asked for"},
    "meeting_partners": {"da": "Samarbejdspartnere til møder", "en": "Partners at meetings"},
    "practice_realised": {"da": "Mindst indgribende valg gennemført",
                          "en": "Least intrusive choices made"},
    "practice_fallbacks": {"da": "Mindst indgribende valg opgivet (ingen tid)",
                           "en": "Least intrusive choices given up (no hours)"},
    "caseworker_changes": {"da": "Rådgivere fratrådt", "en": "Caseworkers who left"},
    "case_transfers": {"da": "Sager med rådgiverskift", "en": "Cases that changed caseworker"},
    "hours_admin": {"da": "Timer til løbende kontakt og dokumentation",
                    "en": "Hours of running contact and documentation"},
    "hours_assessment": {"da": "Timer til undersøgelser", "en": "Hours of assessments"},
    "hours_followup": {"da": "Timer til opfølgning", "en": "Hours of follow-ups"},
    "hours_supervision": {"da": "Timer til tilsyn", "en": "Hours of supervision visits"},
    "hours_meeting": {"da": "Timer til netværksmøder", "en": "Hours of network meetings"},
    "overtime_hours": {"da": "Overarbejdstimer", "en": "Overtime hours"},
    "compression_sum": {"da": "Komprimering (sum)", "en": "Compression (sum)"},
    "load_sum": {"da": "Belastning (sum)", "en": "Load (sum)"},
    "caseworker_load": {"da": "Rådgivernes belastning (opgaver/normal tid)",
                        "en": "Caseworkers' load (work/normal hours)"},
    "compression": {"da": "Tid pr. opgave (andel af normal)", "en": "Time per task (share of standard)"},
    "kinship_share_of_family": {"da": "Netværksandel af familieanbringelser",
                                "en": "Kinship share of family placements"},
    "starts_per_1000": {"da": "Anbringelser påbegyndt pr. 1.000 børn",
                        "en": "Placements started per 1,000 children"},
    "breakdown_teen_share": {"da": "Andel sammenbrud blandt 13-17-årige",
                             "en": "Share of breakdowns at ages 13-17"},
    "start_teen_share": {"da": "Andel af påbegyndte anbringelser blandt 12-17-årige",
                         "en": "Share of placements started at ages 12-17"},
    "first_placement_family_share": {"da": "Familieandel af første anbringelser",
                                     "en": "Family share of first placements"},
    "emergency_share": {"da": "Andel akutanbringelser", "en": "Share of emergency placements"},
    "followups_on_time_share": {"da": "Andel opfølgninger til tiden",
                                "en": "Share of follow-ups on time"},
    "followups_missed_share": {"da": "Andel opfølgninger forsømt", "en": "Share of follow-ups missed"},
    "screening_on_time_share": {"da": "Andel screeninger inden for 24 timer",
                                "en": "Share of screenings within 24 hours"},
    "assessment_on_time_share": {"da": "Andel undersøgelser til tiden",
                                 "en": "Share of assessments on time"},
    "reassessment_on_time_share": {"da": "Andel opdaterede undersøgelser til tiden",
                                   "en": "Share of updated assessments on time"},
    "meetings_held_share": {"da": "Andel ønskede møder holdt", "en": "Share of meetings held"},
    "placed_start": {"da": "Anbragte ved årets start", "en": "Placed at the start of the year"},
    "meetings_held": {"da": "Netværksmøder holdt", "en": "Network meetings held"},
    "meetings_missed": {"da": "Netværksmøder aflyst", "en": "Network meetings missed"},
    "ppr_consult_hours": {"da": "PPR-konsultation i skoler (timer)",
                          "en": "PPR consultation in schools (hours)"},
    "queue_length": {"da": "Kø til undersøgelse", "en": "Assessment queue"},
    # budget lines (teamsim.core.outcomes.BUDGET_ROWS and totals, teamsim.run.NET_ROWS)
    "Kinship placements": {"da": "Slægts- og netværksanbringelser",
                           "en": "Kinship placements"},
    "Foster placements": {"da": "Anbringelser i plejefamilie", "en": "Foster placements"},
    "Institution placements": {"da": "Anbringelser på institution",
                               "en": "Institution placements"},
    "Home-based measures": {"da": "Hjemmebaserede foranstaltninger",
                            "en": "Home-based measures"},
    "Preventive measures": {"da": "Forebyggende indsatser", "en": "Preventive measures"},
    "Early help": {"da": "Tidlig hjælp", "en": "Early help"},
    "Caseworkers": {"da": "Rådgivere", "en": "Caseworkers"},
    "Coordinators": {"da": "Koordinatorer", "en": "Coordinators"},
    "PPR psychologists": {"da": "PPR-psykologer", "en": "PPR psychologists"},
    "Health visitors": {"da": "Sundhedsplejersker", "en": "Health visitors"},
    "Placements, total": {"da": "Anbringelser i alt", "en": "Placements, total"},
    "Measures at home, total": {"da": "Indsatser i hjemmet i alt",
                                "en": "Measures at home, total"},
    "Staff, total": {"da": "Personale i alt", "en": "Staff, total"},
    "Total": {"da": "I alt", "en": "Total"},
    "Placements vs baseline": {"da": "Anbringelser mod udgangspunkt",
                               "en": "Placements vs baseline"},
    "Measures at home vs baseline": {"da": "Indsatser i hjemmet mod udgangspunkt",
                                     "en": "Measures at home vs baseline"},
    "Staff vs baseline": {"da": "Personale mod udgangspunkt", "en": "Staff vs baseline"},
    "Net vs baseline": {"da": "Netto mod udgangspunkt", "en": "Net vs baseline"},
}


def indicator_label(name: str, lang: str) -> str:
    """The label of an indicator: a series or yearly column, a compared indicator or a
    budget line ("Anbragte børn" / "Children placed")."""
    return _lookup(INDICATORS, name, lang, "indicator")


# ---- professions (network legend) ---------------------------------------------------------
PROFESSIONS: dict[str, dict[str, str]] = {
    "caseworker": {"da": "Rådgiver", "en": "Caseworker"},
    "coordinator": {"da": "Koordinator", "en": "Coordinator"},
    "psychologist": {"da": "PPR-psykolog", "en": "PPR psychologist"},
    "health_visitor": {"da": "Sundhedsplejerske", "en": "Health visitor"},
    "school": {"da": "Skole og dagtilbud", "en": "School and daycare"},
    "family": {"da": "Familie", "en": "Family"},
    "kin": {"da": "Familiens netværk", "en": "Family network"},
}


def profession_label(kind: str, lang: str) -> str:
    """The label of a node kind of :meth:`TeamSim.network` (caseworker, school, family ...)."""
    return _lookup(PROFESSIONS, kind, lang, "profession")


# ---- UI texts -----------------------------------------------------------------------------
# Keys are dotted: "app." the page, "ctl." controls, "sim." the week-by-week view,
# "cmp." the comparison, "budget.", "export.", "err." messages (with {placeholders}).
TEXTS: dict[str, dict[str, str]] = {
    "app.title": {"da": "teamsim: det tværfaglige børneteam",
                  "en": "teamsim: the cross-professional child-welfare team"},
    "app.subtitle": {"da": "Simulér bemanding og samarbejde, se børnene og budgettet",
                     "en": "Simulate staffing and collaboration; see the children and the budget"},
    "app.language": {"da": "Sprog", "en": "Language"},
    "tab.simulation": {"da": "Uge for uge", "en": "Week by week"},
    "tab.compare": {"da": "Scenarie mod udgangspunkt", "en": "Scenario vs baseline"},
    "tab.budget": {"da": "Budget", "en": "Budget"},
    "tab.about": {"da": "Om modellen", "en": "About the model"},
    "ctl.heading": {"da": "Indstillinger", "en": "Settings"},
    "ctl.scenario": {"da": "Scenarie", "en": "Scenario"},
    "ctl.baseline": {"da": "Udgangspunkt (baseline)", "en": "Baseline"},
    "ctl.team": {"da": "Teamet", "en": "The team"},
    "ctl.practice": {"da": "Praksis", "en": "Practice"},
    "ctl.switches": {"da": "Mekanismer (slå fra for at se deres betydning)",
                     "en": "Mechanisms (switch off to see what they carry)"},
    "ctl.run": {"da": "Kørsel", "en": "Run"},
    "ctl.years": {"da": "År der simuleres", "en": "Years to simulate"},
    "ctl.seed": {"da": "Frø (tilfældige tal)", "en": "Seed (random numbers)"},
    "ctl.replications": {"da": "Gentagelser i sammenligningen",
                         "en": "Replications in the comparison"},
    "ctl.unit_years": {"da": "år", "en": "years"},
    "ctl.unit_runs": {"da": "kørsler", "en": "runs"},
    "ctl.allowed": {"da": "tilladt: {range}", "en": "allowed: {range}"},
    "ctl.range": {"da": "{low} til {high}", "en": "{low} to {high}"},
    "ctl.changed": {"da": "Ændret fra scenariet: {names}", "en": "Changed from the scenario: {names}"},
    "ctl.unchanged": {"da": "Scenariets egne værdier", "en": "The scenario's own values"},
    "ctl.reset_settings": {"da": "Scenariets værdier", "en": "Scenario values"},
    "btn.step": {"da": "Én uge", "en": "Step a week"},
    "btn.play": {"da": "Afspil", "en": "Play"},
    "btn.pause": {"da": "Pause", "en": "Pause"},
    "btn.reset": {"da": "Start forfra", "en": "Reset"},
    "btn.run_all": {"da": "Kør alle år", "en": "Run all years"},
    "btn.compare": {"da": "Kør sammenligning", "en": "Run comparison"},
    "btn.cancel": {"da": "Afbryd", "en": "Cancel"},
    "sim.week": {"da": "Uge {week} af {weeks} ({year})", "en": "Week {week} of {weeks} ({year})"},
    "sim.done": {"da": "Alle {years} år er simuleret.", "en": "All {years} years simulated."},
    "sim.network": {"da": "Netværket", "en": "The network"},
    "sim.network_note": {
        "da": "{families} af {children} børn vist (alle med åben sag først); "
              "placeret efter skoledistrikt.",
        "en": "{families} of {children} children shown (open cases first); "
              "placed by school district."},
    "sim.staircase": {"da": "Indsatstrappen over tid", "en": "The staircase over time"},
    "sim.placements": {"da": "Anbringelser og målet 75/25",
                       "en": "Placements and the 75/25 goal"},
    "sim.workload": {"da": "Sagsbyrde og timer", "en": "Caseload and hours"},
    "sim.waiting": {"da": "Ventetid og forsømte opfølgninger",
                    "en": "Waiting time and missed follow-ups"},
    "sim.figures": {"da": "Nøgletal denne uge", "en": "This week's figures"},
    "sim.baseline_dashed": {"da": "stiplet: udgangspunktet {baseline} med samme frø",
                            "en": "dashed: the baseline {baseline} on the same seed"},
    "sim.children_on_steps": {"da": "børn på trin 1-6", "en": "children on steps 1-6"},
    "sim.goal": {"da": "mål: 75 % i familie", "en": "goal: 75% in families"},
    "sim.share_families": {"da": "andel i familie", "en": "share in families"},
    "sim.cases_per_worker": {"da": "sager pr. rådgiver", "en": "cases per caseworker"},
    "sim.cap": {"da": "loft", "en": "cap"},
    "sim.hours_used_share": {"da": "timer brugt, andel af timer til rådighed",
                             "en": "hours used, share of hours available"},
    "sim.per_4_weeks": {"da": "pr. 4 uger", "en": "per 4 weeks"},
    "sim.weeks": {"da": "uger", "en": "weeks"},
    "sim.missed_followups": {"da": "forsømte opfølgninger", "en": "missed follow-ups"},
    "sim.waiting_weeks": {"da": "ventetid (uger)", "en": "waiting (weeks)"},
    "sim.scenario": {"da": "scenarie", "en": "scenario"},
    "sim.baseline": {"da": "udgangspunkt", "en": "baseline"},
    "budget.heading": {"da": "Årligt budget (kr.)", "en": "Yearly budget (DKK)"},
    "budget.note": {
        "da": "Udgifter pr. år i den kørte periode; 'mod udgangspunkt' er forskellen til "
              "udgangspunktet {baseline} kørt med samme frø (negativ = besparelse). "
              "Et påbegyndt år tæller kun de simulerede uger.",
        "en": "Costs per year of the simulated period; 'vs baseline' is the difference from "
              "the baseline {baseline} run on the same seed (negative = saving). "
              "A year under way counts only the weeks simulated."},
    "budget.line": {"da": "Post", "en": "Line"},
    "budget.empty": {"da": "Kør mindst én uge for at se budgettet.",
                     "en": "Run at least one week to see the budget."},
    "cmp.heading": {"da": "Scenarie mod udgangspunkt", "en": "Scenario against baseline"},
    "cmp.explain": {
        "da": "Kører dine indstillinger og udgangspunktet {baseline} {reps} gange med de samme "
              "tilfældige tal (samme børn, samme kriser) i {years} år. Viser medianen og "
              "10-90 %-båndet over kørslerne.",
        "en": "Runs your settings and the baseline {baseline} {reps} times on the same random "
              "numbers (the same children, the same crises) for {years} years. Shows the median "
              "and the 10-90% band over the runs."},
    "cmp.running": {"da": "Simulerer: {done} af {total} uger", "en": "Simulating: {done} of {total} weeks"},
    "cmp.cancelled": {"da": "Sammenligningen blev afbrudt.", "en": "The comparison was cancelled."},
    "cmp.failed": {"da": "Sammenligningen kunne ikke køres: {error}",
                   "en": "The comparison could not run: {error}"},
    "cmp.none": {"da": "Ingen sammenligning endnu: tryk på knappen.",
                 "en": "No comparison yet: press the button."},
    "cmp.stale": {"da": "Indstillingerne er ændret siden denne sammenligning blev kørt.",
                  "en": "The settings have changed since this comparison was run."},
    "cmp.result": {"da": "{scenario} mod {baseline}, {reps} kørsler, {years} år, frø {seed}",
                   "en": "{scenario} against {baseline}, {reps} runs, {years} years, seed {seed}"},
    "cmp.placed_chart": {"da": "Anbragte børn (median og 10-90 %)",
                         "en": "Children placed (median and 10-90%)"},
    "cmp.net_chart": {"da": "Netto mod udgangspunkt pr. år (mio. kr.)",
                      "en": "Net vs baseline per year (DKK million)"},
    "cmp.table": {"da": "Forskel pr. år: scenarie minus udgangspunkt, median [10 %; 90 %]",
                  "en": "Difference per year: scenario minus baseline, median [10%; 90%]"},
    "cmp.indicator": {"da": "Indikator", "en": "Indicator"},
    "cmp.saving": {"da": "Under nul = besparelse", "en": "Below zero = saving"},
    "cmp.note": {"da": "Bemærk: {note}", "en": "Note: {note}"},
    "export.heading": {"da": "Eksport", "en": "Export"},
    "export.series": {"da": "Ugeserier (CSV)", "en": "Weekly series (CSV)"},
    "export.budget": {"da": "Budget (CSV)", "en": "Budget (CSV)"},
    "export.comparison": {"da": "Sammenligning (CSV)", "en": "Comparison (CSV)"},
    "export.png": {"da": "Figur (PNG)", "en": "Chart (PNG)"},
    "err.number": {"da": "'{value}' er ikke et tal: skriv et tal fra {range}",
                   "en": "'{value}' is not a number: enter a number from {range}"},
    "err.whole": {"da": "'{value}' er ikke et helt tal: skriv et helt tal fra {range}",
                  "en": "'{value}' is not a whole number: enter a whole number from {range}"},
    "err.range": {"da": "{value} er uden for det tilladte: {range}",
                  "en": "{value} is outside what is allowed: {range}"},
    "err.refused": {"da": "Ikke ændret: ret feltet for at bruge værdien.",
                    "en": "Not applied: correct the field to use the value."},
    "err.model": {"da": "Indstillingerne passer ikke sammen: {error}",
                  "en": "The settings do not fit together: {error}"},
    "about.heading": {"da": "Om modellen", "en": "About the model"},
}


def tr(key: str, lang: str, **values: Any) -> str:
    """The text ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    Raises:
        MissingTranslation: no text ``key``, or none in ``lang``.
        ValueError: ``lang`` is not one of :data:`LANGS`.
    """
    text = _lookup(TEXTS, key, lang, "text")
    return text.format(**values) if values else text


def _lookup(table: Mapping[Any, Mapping[str, str]], key: Any, lang: str, what: str) -> str:
    check_lang(lang)
    try:
        entry = table[key]
    except KeyError:
        raise MissingTranslation(f"no {what} {key!r} in teamsim.i18n") from None
    try:
        return entry[lang]
    except KeyError:
        raise MissingTranslation(f"{what} {key!r} has no translation for {lang!r}") from None


def register_texts(texts: Mapping[str, Mapping[str, str]]) -> None:
    """Add UI texts (``{key: {"da": ..., "en": ...}}``) from another module, e.g. the
    workshop view. Each must have every language of :data:`LANGS`; keys must be new
    (or identical) so two modules cannot silently overwrite each other's texts."""
    for key, entry in texts.items():
        missing = [lang for lang in LANGS if not entry.get(lang)]
        if missing:
            raise MissingTranslation(f"text {key!r} has no translation for {', '.join(missing)}")
        if key in TEXTS and dict(TEXTS[key]) != dict(entry):
            raise ValueError(f"text {key!r} is already registered with other wording")
        TEXTS[key] = dict(entry)
