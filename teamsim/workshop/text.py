"""The workshop's words in Danish and English, and its number formats (via teamsim.i18n).

Everything the chain diagram, the carry chart, the stories, the handout and the
view print goes through :func:`t` (texts of this package) or :mod:`teamsim.i18n`
(numbers, parameter labels, choices). ``tests/test_workshop_text.py`` checks that
every key has both languages.
"""

from __future__ import annotations

from typing import Any

from teamsim import i18n

LANGS = i18n.LANGS
DEFAULT_LANG = i18n.DEFAULT_LANG

# Socialstyrelsen (2018), "Evaluering af omlægning af indsatsen for udsatte børn og unge":
# the four focus areas of the reorganisation in Haderslev, Herning and Hvidovre (2015-17).
FOCUS_AREAS: dict[int, dict[str, str]] = {
    1: {"da": "En forebyggende tilgang: indsatser, der understøtter barnets udvikling og "
              "tilknytning til hverdagslivet",
        "en": "A preventive approach: measures that support the child's development and "
              "attachment to everyday life"},
    2: {"da": "Hyppigere opfølgning i sagerne, så indsatsen løbende justeres efter barnets "
              "behov",
        "en": "More frequent follow-up of cases, adjusting the measure to the child's needs "
              "as they change"},
    3: {"da": "En tidligere koordineret indsats, så problemudviklingen kan forebygges",
        "en": "Earlier, coordinated help, so problems are prevented from growing"},
    4: {"da": "Hverdagslivsperspektivet i indsatserne og i samarbejdet mellem aktørerne",
        "en": "The everyday-life perspective in the measures and in the collaboration between "
              "the actors"},
}
FOCUS_SOURCE = ("Socialstyrelsen (2018): Evaluering af omlægning af indsatsen for udsatte "
                "børn og unge (sbst.dk/udgivelser/2018)")

MECHANISMS: dict[str, dict[str, str]] = {
    "population": {"da": "Befolkning og behov", "en": "Population and need"},
    "network": {"da": "Samarbejdsbånd", "en": "Collaboration ties"},
    "detection": {"da": "Tidlig opsporing", "en": "Early detection"},
    "intake": {"da": "Modtagelse og undersøgelse", "en": "Intake and assessment"},
    "capacity": {"da": "Rådgivernes tid og opfølgning", "en": "Caseworker hours and follow-up"},
    "turnover": {"da": "Personaleomsætning", "en": "Caseworker turnover"},
    "meetings": {"da": "Netværksmøder", "en": "Network meetings"},
    "decisions": {"da": "Valg af trin på indsatstrappen", "en": "Staircase decisions"},
    "placement": {"da": "Anbringelsesforløb og sammenbrud", "en": "Placements and breakdowns"},
    "costs": {"da": "Udgifter", "en": "Costs"},
    "initial": {"da": "Udgangssituation", "en": "Initial state"},
}

MECHANISMS_SHORT: dict[str, dict[str, str]] = {
    "population": {"da": "behov", "en": "need"},
    "network": {"da": "bånd", "en": "ties"},
    "detection": {"da": "opsporing", "en": "detection"},
    "intake": {"da": "modtagelse", "en": "intake"},
    "capacity": {"da": "tid", "en": "hours"},
    "turnover": {"da": "omsætning", "en": "turnover"},
    "meetings": {"da": "møder", "en": "meetings"},
    "decisions": {"da": "trin", "en": "steps"},
    "placement": {"da": "anbringelse", "en": "placement"},
    "costs": {"da": "udgift", "en": "cost"},
    "initial": {"da": "start", "en": "start"},
}

TEXTS: dict[str, dict[str, str]] = {
    # stages of the chain
    "stage_input": {"da": "Input", "en": "Inputs"},
    "stage_activity": {"da": "Aktiviteter", "en": "Activities"},
    "stage_output": {"da": "Resultater (output)", "en": "Outputs"},
    "stage_outcome": {"da": "Virkninger (outcome)", "en": "Outcomes"},
    "stage_impact": {"da": "Langsigtet effekt", "en": "Impact"},
    "stage_hint_input": {"da": "det vi sætter ind", "en": "what we put in"},
    "stage_hint_activity": {"da": "det teamet gør", "en": "what the team does"},
    "stage_hint_output": {"da": "det børnene mærker først", "en": "what children notice first"},
    "stage_hint_outcome": {"da": "anbringelser", "en": "placements"},
    "stage_hint_impact": {"da": "hverdagsliv og økonomi", "en": "everyday life and money"},
    "legend_mechanisms": {"da": "Pilene bæres af mekanismen:",
                          "en": "Arrows are carried by the mechanism:"},
    "legend_values": {"da": "Tal: udgangspunkt → scenarie (median over gentagelser); "
                            "derunder ændringen. ✓ som forventet, ✗ modsat, ? uklart "
                            "(10-90 %-båndet omfatter 0).",
                      "en": "Numbers: baseline → scenario (median over replications); below, "
                            "the change. ✓ as expected, ✗ the other way, ? unclear (the 10-90% "
                            "band includes 0)."},
    "focus_short": {"da": "fokus", "en": "focus"},
    "parameter": {"da": "Parameter", "en": "Parameter"},
    "indicator": {"da": "Indikator", "en": "Indicator"},
    "over_mean": {"da": "gennemsnit pr. år", "en": "mean per year"},
    "over_sum": {"da": "summen over årene", "en": "sum over the years"},
    "over_last": {"da": "sidste år", "en": "last year"},
    "over_first": {"da": "første år", "en": "first year"},
    "on": {"da": "til", "en": "on"},
    "off": {"da": "fra", "en": "off"},
    "unchanged": {"da": "uændret", "en": "unchanged"},
    "changed": {"da": "ændret", "en": "changed"},
    "carries": {"da": "bærer", "en": "carries"},
    "verdict_as_expected": {"da": "som forventet", "en": "as expected"},
    "verdict_against": {"da": "modsat forventet", "en": "against expectation"},
    "verdict_unclear": {"da": "uklart", "en": "unclear"},
    "verdict_none": {"da": "ingen forventning", "en": "no expectation"},
    # the carry analysis
    "carry_title": {"da": "Hvilken antagelse bærer resultatet?",
                    "en": "Which assumption carries the result?"},
    "carry_explain": {
        "da": "Hver række slår én mekanisme fra – i både scenariet og udgangspunktet – eller "
              "sætter én effektstørrelse til sin lave og høje værdi, og viser hvor stor en del "
              "af ændringen (scenarie minus udgangspunkt, samme tilfældige tal) der er tilbage. "
              "100 % = mekanismen betyder intet for resultatet; 0 % = hele ændringen forsvinder "
              "uden den; over 100 % = den trækker imod. Øverst: det resultatet afhænger mest af.",
        "en": "Each row switches one mechanism off – in the scenario and the baseline alike – "
              "or sets one effect size to its low and high value, and shows how much of the "
              "change (scenario minus baseline, same random numbers) remains. 100% = the "
              "mechanism does not matter for the result; 0% = the whole change disappears "
              "without it; above 100% = it works against the change. At the top: what the "
              "result depends on most."},
    "carry_placements": {"da": "Anbringelsesår", "en": "Placement-years"},
    "carry_net": {"da": "Nettoudgift", "en": "Net cost"},
    "carry_full": {"da": "Hele ændringen", "en": "Full change"},
    "carry_remaining": {"da": "Tilbage af ændringen", "en": "Change remaining"},
    "carry_assumption": {"da": "Antagelse", "en": "Assumption"},
    "carry_kind_switch": {"da": "slået fra", "en": "switched off"},
    "carry_kind_policy": {"da": "udgangspunktets praksis i begge",
                          "en": "baseline's practice in both"},
    "carry_kind_effect": {"da": "lav – høj", "en": "low – high"},
    "carry_too_small": {"da": "for lille til at dele op", "en": "too small to split"},
    "carry_ranked_by": {"da": "Sorteret efter hvor meget {target} afhænger af antagelsen",
                        "en": "Ranked by how much the {target} depends on the assumption"},
    "carry_skipped": {"da": "Ikke med: {items}", "en": "Not included: {items}"},
    "carry_same_both": {"da": "slået fra i begge i forvejen", "en": "already off in both"},
    "carry_same_policy": {"da": "samme praksis i begge", "en": "same practice in both"},
    "carry_setup": {"da": "{scenario} mod {baseline}, {years} år, {reps} gentagelser "
                          "(frø {seed}), fælles tilfældige tal",
                    "en": "{scenario} against {baseline}, {years} years, {reps} replications "
                          "(seed {seed}), common random numbers"},
    "carry_full_line": {"da": "Hele ændringen: {placements} anbringelsesår og {net} netto "
                              "over perioden",
                        "en": "Full change: {placements} placement-years and {net} net over "
                              "the period"},
    "carry_low": {"da": "lav", "en": "low"},
    "carry_high": {"da": "høj", "en": "high"},
    # the handout
    "handout_title": {"da": "Forandringsteori: workshop-materiale",
                      "en": "Theory of change: workshop handout"},
    "handout_setup": {"da": "Scenarie og udgangspunkt", "en": "Scenario and baseline"},
    "handout_chain": {"da": "Kæden fra input til effekt", "en": "The chain from inputs to impact"},
    "handout_comparison": {"da": "Scenarie mod udgangspunkt pr. år",
                           "en": "Scenario against baseline per year"},
    "handout_budget": {"da": "Budget pr. år (kr., median over gentagelser)",
                       "en": "Budget per year (kr., median over replications)"},
    "handout_carry": {"da": "Hvilken antagelse bærer resultatet?",
                      "en": "Which assumption carries the result?"},
    "handout_questions": {"da": "Spørgsmål til drøftelse", "en": "Questions for discussion"},
    "handout_changed": {"da": "Ændret i forhold til udgangspunktet",
                        "en": "Changed from the baseline"},
    "handout_made": {"da": "Lavet med teamsim {version}, {when}. Modellen er et redskab til "
                           "at tænke med, ikke en prognose.",
                     "en": "Made with teamsim {version}, {when}. The model is a tool to think "
                           "with, not a forecast."},
    "handout_focus": {"da": "Socialstyrelsens fire fokusområder", "en":
                      "Socialstyrelsen's four focus areas"},
    "handout_no_carry": {"da": "Ikke beregnet (tilføj --carry).",
                         "en": "Not computed (add --carry)."},
    "col_indicator": {"da": "Indikator", "en": "Indicator"},
    "col_line": {"da": "Budgetpost", "en": "Budget line"},
    "col_parameter": {"da": "Parameter", "en": "Parameter"},
    "col_baseline": {"da": "Udgangspunkt", "en": "Baseline"},
    "col_scenario": {"da": "Scenarie", "en": "Scenario"},
    "col_change": {"da": "Ændring", "en": "Change"},
    "col_band": {"da": "10-90 %", "en": "10-90%"},
    "row_scenario": {"da": "scenarie", "en": "scenario"},
    "row_baseline": {"da": "udgangspunkt", "en": "baseline"},
    "row_difference": {"da": "forskel (10-90 %)", "en": "difference (10-90%)"},
    "years_reps": {"da": "{years} år ({span}), {reps} gentagelser fra frø {seed}, parret på "
                         "samme tilfældige tal",
                   "en": "{years} years ({span}), {reps} replications from seed {seed}, paired "
                         "on the same random numbers"},
    # the app's tab
    "view_free": {"da": "Fri: appens indstillinger ({scenario} mod {baseline}). Vælg en "
                        "fortælling for en forberedt gennemgang.",
                  "en": "Free: the app's settings ({scenario} against {baseline}). Choose a "
                        "story for a prepared sequence."},
    "view_no_story": {"da": "Fri", "en": "Free"},
    "view_run": {"da": "Kør kæden", "en": "Run the chain"},
    "view_carry": {"da": "Hvilken antagelse bærer det?", "en": "Which assumption carries it?"},
    "view_effects": {"da": "også effektstørrelser (langsommere)",
                     "en": "effect sizes too (slower)"},
    "view_setup": {"da": "{years} år, {reps} gentagelser (bærer-analysen: {carry_reps}), frø "
                         "{seed}; ændres under Kørsel i formularen.",
                   "en": "{years} years, {reps} replications (carry analysis: {carry_reps}), "
                         "seed {seed}; change them under Run in the form."},
    "view_running_compare": {"da": "Kører sammenligningen: {done} af {total} kørsler",
                             "en": "Running the comparison: {done} of {total} runs"},
    "view_running_carry": {"da": "Slår mekanismerne fra én ad gangen: {done} af {total} "
                                 "kørsler",
                           "en": "Switching the mechanisms off in turn: {done} of {total} "
                                 "runs"},
    "view_failed": {"da": "Kørslen mislykkedes: {error}", "en": "The run failed: {error}"},
    "view_stale": {"da": "Tallene er fra andre indstillinger: tryk 'Kør kæden' igen.",
                   "en": "The numbers are from other settings: press 'Run the chain' again."},
    "view_none": {"da": "Tryk 'Kør kæden' for at se de simulerede tal i hver boks.",
                  "en": "Press 'Run the chain' to see the simulated values in each box."},
    "view_carry_hint": {"da": "Her: tryk 'Hvilken antagelse bærer det?'.",
                        "en": "Here: press 'Which assumption carries it?'."},
    "view_carry_stale": {"da": "Figuren er fra andre indstillinger end kæden ovenfor.",
                         "en": "The chart is from other settings than the chain above."},
    "view_carry_csv": {"da": "Rangordning (CSV)", "en": "Ranking (CSV)"},
    "view_handout": {"da": "Workshop-materiale (HTML)", "en": "Workshop handout (HTML)"},
    # stories
    "story": {"da": "Fortælling", "en": "Story"},
    "name": {"da": "Navn", "en": "Name"},
    "step_of": {"da": "Trin {n} af {total}", "en": "Step {n} of {total}"},
    "question": {"da": "Spørgsmål til rummet", "en": "Question to the room"},
    "settings": {"da": "Indstillinger", "en": "Settings"},
    "look_at": {"da": "Se på", "en": "Look at"},
    "no_settings": {"da": "scenariets egne værdier", "en": "the scenario's own values"},
}


def t(key: str, lang: str, **values: Any) -> str:
    """The workshop text ``key`` in ``lang`` (``{placeholders}`` filled from ``values``)."""
    text = i18n._lookup(TEXTS, key, lang, "workshop text")
    return text.format(**values) if values else text


def check_lang(lang: str) -> str:
    return i18n.check_lang(lang)


def mechanism_label(mechanism: str, lang: str) -> str:
    return i18n._lookup(MECHANISMS, mechanism, lang, "mechanism")


def mechanism_short(mechanism: str, lang: str) -> str:
    """A one-word name of the mechanism for the diagram's arrows."""
    return i18n._lookup(MECHANISMS_SHORT, mechanism, lang, "mechanism")


def focus_label(area: int, lang: str) -> str:
    return i18n._lookup(FOCUS_AREAS, area, lang, "focus area")


def param_label(name: str, lang: str) -> str:
    return i18n.param_label(name, lang)


def choice_label(value: str, lang: str) -> str:
    return i18n.choice_label(value, lang)


def indicator_label(name: str, lang: str) -> str:
    return i18n.indicator_label(name, lang)


def number(value: float, lang: str, decimals: int = 0, *, signed: bool = False) -> str:
    return i18n.format_number(value, lang, decimals, signed=signed)


def percent(share: float, lang: str, decimals: int = 0, *, signed: bool = False) -> str:
    return i18n.format_percent(share, lang, decimals, signed=signed)


def kr(value: float, lang: str, *, signed: bool = False) -> str:
    return i18n.format_kr(value, lang, signed=signed)


def mkr(value: float, lang: str, decimals: int = 1, *, signed: bool = False) -> str:
    return i18n.format_kr(value, lang, decimals, millions=True, signed=signed)


def param_value(name: str, value: Any, lang: str) -> str:
    """A parameter's value as text: on/off, a choice's label, or a number."""
    if isinstance(value, bool):
        return t("on" if value else "off", lang)
    if isinstance(value, str):
        return choice_label(value, lang)
    if isinstance(value, int):
        return number(value, lang)
    decimals = 0 if float(value).is_integer() and abs(value) >= 100 else 2
    text = number(value, lang, decimals)
    if decimals:
        sep = "," if lang == "da" else "."
        text = text.rstrip("0").rstrip(sep)
    return text
