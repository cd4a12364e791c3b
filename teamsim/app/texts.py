"""The app's texts beyond :data:`teamsim.i18n.TEXTS`: the headline, named scenarios, the own
municipality, exports, and a short explanation of every field and term (shown as each
field's help text). Registered with :func:`teamsim.i18n.register_texts` on import."""

from __future__ import annotations

from teamsim.i18n import register_texts, tr
from teamsim.params import SWITCHES

HELP: dict[str, dict[str, str]] = {
    "caseworkers": {"da": "Socialrådgivere med børnesager i teamets distrikter.",
                    "en": "Social workers holding the children's cases in the districts."},
    "caseload_cap": {"da": "Sagstalsloft: en rådgiver med så mange sager starter ingen nye "
                           "undersøgelser.",
                     "en": "A caseworker with this many cases starts no new assessments."},
    "coordinators": {"da": "Koordinatorer, der leder teamet og netværksmøderne.",
                     "en": "Coordinators who lead the team and its network meetings."},
    "psychologists": {"da": "PPR-psykologer (Pædagogisk Psykologisk Rådgivning); ledige timer "
                            "går til konsultation i skolerne.",
                      "en": "Educational psychologists (PPR); spare hours go to consultation "
                            "in schools."},
    "health_visitors": {"da": "Sundhedsplejersker; ledige timer går til besøg i sårbare "
                              "familier.",
                        "en": "Health visitors; spare hours go to visits to vulnerable families."},
    "meeting_rate": {"da": "Mødeintensitet: netværksmøder pr. åben sag pr. år (familie, skole, "
                           "PPR og rådgiver samlet). 0,5 er sædvanlig praksis.",
                     "en": "Network meetings per open case per year (family, school, PPR and "
                           "caseworker together). 0.5 is usual practice."},
    "followup_schedule": {"da": "Hvor ofte en anbringelse eller indsats følges op.",
                          "en": "How often a placement or measure is followed up."},
    "policy": {"da": "Beslutningspraksis: mindst indgribende (Sverigesmodellen: laveste "
                     "tilstrækkelige trin, netværket først) eller traditionel praksis.",
               "en": "Decision policy: least intrusive (the Swedish model: lowest sufficient "
                     "step, network first) or traditional practice."},
    "detection_effort": {"da": "Opsporing: hvor meget skole, dagtilbud og sundhedspleje "
                               "bemærker børn i mistrivsel; 1 er sædvanlig indsats, 2 det "
                               "dobbelte.",
                         "en": "Early detection: how much schools, daycare and health "
                               "visitors notice children who struggle; 1 is usual effort, "
                               "2 double."},
    "co_located": {"da": "Teamet sidder sammen (pilotens 16 medarbejdere var samlet).",
                   "en": "The team sits together (the pilot's 16 staff were co-located)."},
    "years": {"da": "Hvor mange år der simuleres (52 uger hvert).",
              "en": "How many years are simulated (52 weeks each)."},
    "seed": {"da": "Frø: startværdien for de tilfældige tal. Samme frø og indstillinger "
                   "giver præcis samme kørsel; et andet frø viser en anden mulig udvikling.",
             "en": "Seed: the starting value of the random numbers. The same seed and "
                   "settings give exactly the same run; another seed shows another possible "
                   "course."},
    "replications": {"da": "Kørsler af scenariet og udgangspunktet i sammenligningen, parvis "
                           "på samme frø; flere giver et sikrere bånd, men tager længere.",
                     "en": "Runs of the scenario and the baseline in the comparison, in pairs "
                           "on the same seeds; more give a surer band but take longer."},
}
SWITCH_HELP = {"da": "Slå fra for at se, hvad mekanismen betyder for resultatet.",
               "en": "Switch off to see what the mechanism does to the results."}

# The municipality builder's refusals (teamsim.municipality raises them in English): a
# pattern of the English line, with named parts, and its Danish text. The numbers in the
# parts are put in the Danish format ("4,000" -> "4.000", "1.01%" -> "1,01 %"); {figure}
# is the figure's Danish name, {what} a name from BUILDER_WHAT. A line no pattern matches
# is shown as the builder wrote it.
BUILDER_REFUSALS: tuple[tuple[str, str], ...] = (
    (r"unknown figure '(?P<figure>[^']+)'.*",
     "ukendt nøgletal '{figure}'"),
    ((r"placed \((?P<placed>[\d,.]+)\) and preventive \((?P<preventive>[\d,.]+)\) add up "
      r"to more than half of the (?P<children>[\d,.]+) children"),
     ("anbragte ({placed}) og børn med forebyggende foranstaltninger ({preventive}) er "
      "tilsammen mere end halvdelen af de {children} børn")),
    (r"placed = 0: .*",
     ("anbragte = 0: en stabil tilstand uden anbragte børn kan ikke tilpasses; angiv "
      "antallet af anbragte børn")),
    (r"districts = (?P<districts>[\d,.]+) is too many for (?P<children>[\d,.]+) children: .*",
     ("{districts} skoledistrikter er for mange til {children} børn: mindst 50 børn pr. "
      "distrikt")),
    ((r"figure '(?P<figure>[^']+)' = (?P<value>.+) is not allowed: expected a whole number "
      r"from (?P<low>[\d,.]+) to (?P<high>[\d,.]+) .*"),
     "{figure} = {value} er ikke tilladt: skriv et helt tal fra {low} til {high}"),
    ((r"figure '(?P<figure>[^']+)' = (?P<value>.+) is not allowed: expected a number "
      r"from (?P<low>[\d,.]+) to (?P<high>[\d,.]+) .*"),
     "{figure} = {value} er ikke tilladt: skriv et tal fra {low} til {high}"),
    (r"the figures give parameters that are not allowed: (?P<error>.*)",
     "nøgletallene giver parametre, der ikke er tilladt: {error}"),
    ((r"(?P<what>children placed|family share) (?P<goal>.+?) cannot be matched with the "
      r"other figures: the model's steady state gives (?P<low>.+?) to (?P<high>.+?) "
      r"\(nearest (?P<near>.+)\)"),
     ("{what} {goal} kan ikke nås sammen med de andre nøgletal: modellens stabile tilstand "
      "giver {low} til {high} (nærmest {near})")),
    ((r"(?P<what>children placed|family share) (?P<goal>.+?) cannot be matched with the "
      r"other figures: the nearest steady state found gives (?P<found>.+)"),
     ("{what} {goal} kan ikke nås sammen med de andre nøgletal: den nærmeste stabile "
      "tilstand, der blev fundet, giver {found}")),
    ((r"caseload (?P<given>[\d,.]+) contradicts the other figures: (?P<children>[\d,.]+) "
      r"children x (?P<rate>[\d,.]+%) with an open case \(the steady state at the stated "
      r"placements\) / (?P<caseworkers>[\d,.]+) caseworkers = (?P<cases>[\d,.]+) cases "
      r"each; give about (?P<needed>[\d,.]+) caseworkers for [\d,.]+ cases, or leave "
      r"caseload out"),
     ("sagstallet {given} passer ikke med de andre nøgletal: {children} børn × {rate} med "
      "en åben sag (den stabile tilstand ved de angivne anbringelser) / {caseworkers} "
      "rådgivere = {cases} sager hver; angiv ca. {needed} rådgivere til {given} sager, "
      "eller lad sagstallet stå tomt")),
)
# The headline's levels at the end are those of the median pair (teamsim/app/answer.py).
PAIR_DA = ("Anbragte børn og andelen på institution i sidste år er fra det midterste par "
           "(parret med mediandifferencen), så de to tal giver forskellen, når man trækker "
           "dem fra hinanden.")
PAIR_EN = ("The children placed and the institution share in the last year are those of "
           "the middle pair (the pair with the median difference), so the two numbers "
           "subtract to the difference.")
BUILDER_WHAT = {"children placed": "Anbragte børn", "family share": "Andelen i familiepleje"}

TEXTS = {
    "app.on": {"da": "til", "en": "on"},
    "app.off": {"da": "fra", "en": "off"},
    # the headline
    "app.headline": {"da": "Svaret", "en": "The answer"},
    "app.headline_none": {
        "da": "Kør sammenligningen for at få svaret: samlet netto mod udgangspunktet, "
              "tilbagebetalingsår og hvor ofte ændringen sparer penge.",
        "en": "Run the comparison for the answer: total net against the baseline, payback "
              "year and how often the change saves money."},
    "app.headline_stale": {
        "da": "Svaret gælder indstillingerne, da sammenligningen blev kørt; kør den igen.",
        "en": "The answer is for the settings the comparison was run with; run it again."},
    "app.total_saves": {
        "da": "Over {years} år sparer {scenario} i alt {total} mod {baseline} "
              "(10-90 %: {band}).",
        "en": "Over {years} years {scenario} saves {total} in total against {baseline} "
              "(10-90%: {band})."},
    "app.total_costs": {
        "da": "Over {years} år koster {scenario} i alt {total} mere end {baseline} "
              "(10-90 %: {band}).",
        "en": "Over {years} years {scenario} costs {total} more than {baseline} in total "
              "(10-90%: {band})."},
    "app.payback": {"da": "Den samlede netto bliver negativ i {year}: ændringen er tjent "
                          "hjem det år.",
                    "en": "The cumulative net turns negative in {year}: the change has paid "
                          "for itself that year."},
    "app.no_payback": {"da": "Ændringen er ikke tjent hjem inden for {years} år.",
                       "en": "The change does not pay for itself within {years} years."},
    "app.share_saving": {"da": "Ændringen sparer penge i {share} af de {runs} parvise kørsler.",
                         "en": "The change saves money in {share} of the {runs} paired runs."},
    "app.placed_end": {"da": "I {year} er {scenario} anbragte børn mod {baseline} i "
                             "udgangspunktet ({diff}), og {inst} af de anbragte er på "
                             "institution mod {inst_base} ({inst_diff}).",
                       "en": "In {year} {scenario} children are placed against {baseline} in "
                             "the baseline ({diff}), and {inst} of them are in institutions "
                             "against {inst_base} ({inst_diff})."},
    "app.basis_runs": {"da": "Medianer af {runs} parvise kørsler; båndet viser kun "
                             "variation fra kørsel til kørsel (tilfældighed), ikke usikkerhed "
                             "om modellens parametre. " + PAIR_DA,
                       "en": "Medians of {runs} paired runs; the band shows run-to-run "
                             "variation only (chance), not uncertainty about the model's "
                             "parameters. " + PAIR_EN},
    "app.basis_parameters": {"da": "Medianer af {runs} parvise kørsler; hver kørsel trækker "
                                   "også et kalibreret parametersæt, så båndet viser både "
                                   "tilfældighed og usikkerhed om parametrene. " + PAIR_DA,
                             "en": "Medians of {runs} paired runs; each run also draws a "
                                   "calibrated parameter set, so the band shows both chance "
                                   "and parameter uncertainty. " + PAIR_EN},
    # charts
    "app.baseline_total": {"da": "udgangspunkt, alle trin", "en": "baseline, all steps"},
    "app.baseline_mean": {"da": "udgangspunkt, gennemsnit", "en": "baseline, mean"},
    "app.baseline_caseworkers": {"da": "udgangspunkt, rådgivere", "en": "baseline, caseworkers"},
    "app.placed_chart": {"da": "Anbragte børn efter type", "en": "Children placed by type"},
    "app.caseload_chart": {"da": "Sager pr. rådgiver", "en": "Cases per caseworker"},
    "app.hours_chart": {"da": "Timer brugt af timer til rådighed (gennemsnit over 4 uger)",
                        "en": "Hours used of hours available (4-week mean)"},
    "app.waiting_chart": {"da": "Ventetid til undersøgelse (uger)",
                          "en": "Waiting time to assessment (weeks)"},
    "app.pngs": {"da": "Figurer som PNG:", "en": "Charts as PNG:"},
    "app.building_models": {"da": "Modellen startes (indkøringen af udgangspunktet) …",
                            "en": "Starting the model (the baseline's burn-in) …"},
    "app.one_run": {"da": "Én kørsel (frø {seed}) af scenariet og af udgangspunktet ved siden "
                          "af; sammenligningen viser medianen af mange kørsler.",
                    "en": "One run (seed {seed}) of the scenario and of the baseline beside "
                          "it; the comparison shows the median of many runs."},
    "app.figures_one_run": {"da": "Nøgletal denne uge (én kørsel)",
                            "en": "This week's figures (one run)"},
    # the comparison
    "app.total": {"da": "I alt", "en": "Total"},
    "app.starts_and_stock": {
        "da": "Nye anbringelser og anbragte børn kan bevæge sig hver sin vej: anbragte børn er "
              "en beholdning (gennemsnit over året), nye anbringelser en strøm. Kortere "
              "anbringelser og flere hjemgivelser giver færre anbragte, selv om lidt flere "
              "anbringes i årets løb.",
        "en": "Placements started and children placed can move apart: children placed is a "
              "stock (the year's mean), placements started a flow. Shorter placements and "
              "more returns home mean fewer children placed even when a few more are placed "
              "during the year."},
    "app.fixed_note": {"da": "Ét tal uden bånd: værdien er den samme i alle kørsler.",
                       "en": "One number without a band: the value is the same in every run."},
    "app.budget_median": {"da": "Mod udgangspunktet, median af {runs} kørsler (samme tal som "
                                "sammenligningen; citér disse)",
                          "en": "Against the baseline, median of {runs} runs (the same "
                                "numbers as the comparison; quote these)"},
    "app.budget_one_run": {"da": "Budgettet for én kørsel (frø {seed}) af de uger, der er "
                                 "simuleret",
                           "en": "The budget of one run (seed {seed}) of the weeks simulated"},
    "Cumulative net vs baseline": {"da": "Netto akkumuleret", "en": "Cumulative net"},
    # named scenarios
    "app.saved": {"da": "Gemte scenarier (højst 4)", "en": "Saved scenarios (at most 4)"},
    "app.save_name": {"da": "Navn på disse indstillinger", "en": "Name for these settings"},
    "app.save": {"da": "Gem", "en": "Save"},
    "app.saved_full": {"da": "Der er allerede 4 gemte scenarier: slet ét først.",
                       "en": "There are 4 saved scenarios already: delete one first."},
    "app.saved_name_missing": {"da": "Giv indstillingerne et navn (1-40 tegn).",
                               "en": "Give the settings a name (1-40 characters)."},
    "app.saved_help": {"da": "Gemte scenarier sammenlignes side om side, når du kører "
                             "sammenligningen, og ligger i sidens link.",
                       "en": "Saved scenarios are compared side by side when you run the "
                             "comparison, and are kept in the page's link."},
    "app.use": {"da": "Brug", "en": "Use"},
    "app.delete": {"da": "Slet", "en": "Delete"},
    "app.side_by_side": {"da": "Gemte scenarier side om side (median [10 %; 90 %])",
                         "en": "Saved scenarios side by side (median [10%; 90%])"},
    "app.current": {"da": "Nuværende indstillinger", "en": "Current settings"},
    "app.total_net": {"da": "Netto i alt mod udgangspunkt", "en": "Total net vs baseline"},
    "app.payback_year": {"da": "Tjent hjem (år)", "en": "Pays back (year)"},
    "app.not_within": {"da": "ikke inden for {years} år", "en": "not within {years} years"},
    "app.share_saving_row": {"da": "Andel kørsler med besparelse",
                             "en": "Share of runs saving money"},
    "app.placed_end_row": {"da": "Anbragte børn {year}, forskel",
                           "en": "Children placed {year}, difference"},
    "app.inst_end_row": {"da": "Andel på institution {year}, forskel",
                         "en": "Share in institutions {year}, difference"},
    "app.share_link": {"da": "Link til denne side", "en": "Link to this page"},
    "app.share_help": {"da": "Indstillinger, sprog og gemte scenarier ligger i sidens "
                             "adresse: kopiér den for at dele siden.",
                       "en": "Settings, language and saved scenarios are in the page's "
                             "address: copy it to share the page."},
    "app.bad_link": {"da": "Linket kunne ikke læses ({error}); siden starter med "
                           "standardindstillingerne.",
                     "en": "The link could not be read ({error}); the page starts with the "
                           "default settings."},
    "app.denmark_note": {"da": "Landsscenariet (denmark) er for stort til appen: kør det med "
                               "kommandolinjen, fx teamsim compare denmark.",
                         "en": "The national scenario (denmark) is too large for the app: "
                               "run it from the command line, e.g. teamsim compare denmark."},
    # own municipality
    "app.own": {"da": "Egen kommune", "en": "Own municipality"},
    "app.own_help": {"da": "Indtast kommunens egne tal: de bliver udgangspunktet, og "
                           "ændringerne i formularen lægges oven på.",
                     "en": "Enter the municipality's own figures: they become the baseline, "
                           "and the changes in the form go on top of it."},
    "app.own_build": {"da": "Byg udgangspunktet", "en": "Build the baseline"},
    "app.own_clear": {"da": "Tilbage til forudindstillingerne", "en": "Back to the presets"},
    "app.own_active": {"da": "Udgangspunktet er {title}.", "en": "The baseline is {title}."},
    "app.own_missing": {"da": "Kommunebyggeren (teamsim.municipality) er ikke installeret "
                              "endnu; brug en forudindstilling eller upload en scenariefil.",
                        "en": "The municipality builder (teamsim.municipality) is not "
                              "installed yet; use a preset or upload a scenario file."},
    "app.own_download": {"da": "Hent scenariet (TOML)", "en": "Download the scenario (TOML)"},
    "app.own_upload": {"da": "Træk en scenariefil (.toml) hertil, eller:",
                       "en": "Drop a scenario file (.toml) here, or:"},
    "app.own_choose": {"da": "Vælg fil …", "en": "Choose a file …"},
    "app.own_bad_file": {"da": "Filen {name} kunne ikke læses: {error}",
                         "en": "The file {name} could not be read: {error}"},
    "app.own_building": {"da": "Bygger udgangspunktet: indkøringskørsler tilpasser det "
                                "til kommunens tal (omkring et minut).",
                         "en": "Building the baseline: burn-in runs fit it to the "
                               "municipality's figures (about a minute)."},
    "app.own_blank": {"da": "(tomt: beregnes ud fra de andre tal)",
                      "en": "(blank: derived from the other figures)"},
    "app.own_title": {"da": "Kommunens navn", "en": "Municipality's name"},
    # exports
    "app.xlsx": {"da": "Excel-fil (serier, budget, sammenligning)",
                 "en": "Excel file (series, budget, comparison)"},
}
register_texts(TEXTS)


def help_text(name: str, lang: str) -> str:
    """The explanation of a form field."""
    if name in SWITCHES:
        return SWITCH_HELP[lang]
    return HELP[name][lang]


def indicator_or_text(name: str, lang: str) -> str:
    """An indicator's label, or one of this module's texts (the cumulative net row)."""
    from teamsim.i18n import indicator_label

    return tr(name, lang) if name in TEXTS else indicator_label(name, lang)
