"""The info panel: what the model contains, what it leaves out, things to try (da/en)."""

from __future__ import annotations

from teamsim.i18n import check_lang

ABOUT = {
    "da": """
### Hvad er teamsim?
En agentbaseret simulering af et tværfagligt børne- og familieteam som det, Herning Kommune
indførte i 2013 efter svensk forbillede (Borås, "Sverigesmodellen"). Den viser, *før* pengene
bruges, hvordan **bemanding** og **samarbejde** kan ændre anbringelser, fordelingen mellem
plejefamilie og institution, børnenes hverdag og budgettet. Tallene er et redskab til at
tænke med, ikke en prognose.

### Hvad modellen indeholder
- **Børn og familier** i skoledistrikter: alder, et latent behov der svinger med kriser og
  bedring, og et familienetværk der kan hjælpe eller tage barnet.
- **Tidlig opsporing**: skoler, dagtilbud og sundhedsplejen opdager stigende behov (bedre med
  PPR-konsultation og stærke relationer til rådgiverne) og underretter.
- **Underretninger, screening og kø** til børnefaglige undersøgelser: ventetiden afhænger af
  rådgivernes timer.
- **Rådgivernes tid**: hver sag koster timer til opfølgning efter den valgte plan; en
  overbelastet rådgiver forsømmer opfølgninger, og så trappes der ikke ned i tide.
- **Personaleomsætning**: flere rådgivere siger op, jo flere sager de har; et rådgiverskift
  øger risikoen for sammenbrud.
- **Netværksmøder** med PPR, sundhedspleje og skole: de mobiliserer netværket (slægtsanbringelse
  bliver mulig), mindsker behovet og sammenbrud.
- **Indsatstrappen** (trin 1-6) og **beslutningspraksis**: mindst indgribende indsats
  (Sverigesmodellen) eller traditionel praksis.
- **Sammenbrud og akutanbringelser**, evt. begrænset antal plejefamilier og institutionspladser.
- **Budget**: udgift pr. trin og lønninger, netto mod et udgangspunkt kørt med samme tilfældige
  tal (samme børn, samme kriser).

### Hvad modellen udelader
Enkeltsagers juridiske forløb, Ankestyrelsen og klager; forskel på de konkrete indsatser inden
for et trin; sygefravær ud over det, rådgivernes årlige timer allerede trækker fra; kommunens
øvrige budgetter (fx skole og sundhed); langtidseffekter efter 18 år. De fleste
adfærdsparametre er antagelser, kalibreret (`teamsim calibrate`) til Herning 2012's
anbringelser og til landstal for anbringelser, underretninger og rettidig sagsbehandling;
`teamsim validate` holder dem op mod 42 mål, også nogle, kalibreringen ikke har set, og
README'en viser, hvor model og viden skilles. Se `docs/odd.md` og `docs/parameters.md` for hver
parameters kilde.

### Ting at prøve
1. Vælg **herning-2012** og fordobl **rådgivere** fra 4 til 8: falder forsømte opfølgninger og
   ventetiden? Hvad sker der med anbringelserne?
2. Slå **netværksmøder** fra i **herning-pilot**: hvor meget af besparelsen forsvinder?
3. Skift **beslutningspraksis** til traditionel i **herning-pilot**: bæres effekten af flere
   hænder eller af en anden praksis?
4. Sæt **loft over sager pr. rådgiver** til 20 (Borås): hvad koster det, og hvad giver det?
5. Kør **Scenarie mod udgangspunkt** med 10 gentagelser: er forskellen større end båndet?
""",
    "en": """
### What is teamsim?
An agent-based simulation of a cross-professional child-welfare team like the one Herning
Kommune introduced in 2013 after a Swedish example (Borås, the "Sverigesmodel"). It shows,
*before* the money is spent, how **staffing** and **collaboration** may change placements, the
split between foster families and institutions, children's everyday lives and the budget. The
figures are a tool to think with, not a forecast.

### What the model contains
- **Children and families** in school districts: age, a latent need that moves with crises and
  recovery, and a family network that can help or take the child.
- **Early detection**: schools, daycare and health visitors notice rising need (better with PPR
  consultation and strong ties to the caseworkers) and notify.
- **Notifications, screening and a queue** for child assessments: the waiting time depends on
  the caseworkers' hours.
- **Caseworker time**: every case costs follow-up hours according to the chosen schedule; an
  overloaded caseworker misses follow-ups, and children are not stepped down in time.
- **Staff turnover**: caseworkers leave more often the more cases they hold; a change of
  caseworker raises the risk of a breakdown.
- **Network meetings** with PPR, health visitors and schools: they mobilise the family network
  (kinship care becomes possible), lower need and breakdowns.
- **The staircase** (steps 1-6) and the **decision policy**: least intrusive step
  (Sverigesmodel) or traditional practice.
- **Breakdowns and emergency placements**, optionally a limited supply of foster families and
  institution places.
- **Budget**: cost per step and salaries, net against a baseline run on the same random numbers
  (the same children, the same crises).

### What it leaves out
The legal course of single cases, appeals; differences between measures within a step; sick
leave beyond what the caseworkers' yearly hours already take off; the municipality's other
budgets (e.g. schools and health); long-term effects after 18. Most behavioural parameters are
assumptions, calibrated (`teamsim calibrate`) to Herning 2012's placements and to national
rates of placements, notifications and casework on time; `teamsim validate` judges them
against 42 targets, some the calibration has not seen, and the README shows where model and
evidence part. See `docs/odd.md` and `docs/parameters.md` for every parameter's source.

### Things to try
1. Choose **herning-2012** and double the **caseworkers** from 4 to 8: do missed follow-ups and
   waiting fall? What happens to placements?
2. Switch **network meetings** off in **herning-pilot**: how much of the saving disappears?
3. Set the **decision policy** to traditional in **herning-pilot**: is the effect carried by more
   hands or by a different practice?
4. Set the **caseload cap** to 20 (Borås): what does it cost, and what does it give?
5. Run **Scenario vs baseline** with 10 replications: is the difference larger than the band?
""",
}


def about(lang: str) -> str:
    """The info panel's text (Markdown) in ``lang``."""
    return ABOUT[check_lang(lang)]
