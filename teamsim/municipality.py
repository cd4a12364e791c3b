"""A baseline scenario from a municipality's own key figures (issue 9, point 6).

    >>> from teamsim.municipality import scenario_from_figures, scenario_to_toml
    >>> scenario = scenario_from_figures({"children": 30000, "districts": 12,
    ...                                   "caseworkers": 30, "placed": 300})
    >>> print(scenario_to_toml(scenario))          # or: teamsim scenario new --children 30000 ...

The figures (:data:`FIGURES`) are the planner's: children 0-17, school districts,
caseworkers and their caseload, PPR psychologists, health visitors, children placed
and the family share of placements, children with preventive measures, unit costs,
salaries and the price year. Staff, costs and the starting state are set from them
directly. The *steady state* is then tuned so that it matches them, by a few burn-in
runs and root finding (regula falsi on a bracket); a build takes about a minute on one
core. The runs: :data:`TUNE_SEEDS` seeds, :data:`TUNE_BURNIN_YEARS` years of burn-in and
:data:`TUNE_YEARS` measured, in a copy of :data:`TUNE_CHILDREN` children with the staff
ratios kept for a larger municipality (for speed); a smaller town runs as it is on as
many more seeds as make up that many children (up to :data:`MAX_TUNE_SEEDS`: its dozen
placed children vary by a third from seed to seed, and a scaled-up copy with more
caseworkers is a different world). The burn-in is long
enough for the start's overshoot of placements to pass (about 10 years from the drawn
initial cases); tuned on a shorter one, the steady state held about half the stated
placements. The knobs, in turn:

1. the municipality's **need level** (the model's ``need_level``) until the share of
   children placed
   (mean of the years after the first) is the stated one;
2. then the **institution threshold** of its practice until the family share of
   placements is the stated one.

Root finding on common random numbers is deterministic: the same figures give the same
file. Figures that cannot be matched together get one line saying which and why
(e.g. a caseload that contradicts children x the open-case rate / caseworkers, or a
placement rate outside what any need level gives).

**Price year** is stored as metadata (in the scenario's description and a comment),
not used to index prices: the unit costs and salaries given are taken as that
year's kroner; the defaults of those not given are 2019 prices (Benchmarkingenheden
2019; Herning 2012 for salaries).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from teamsim.errors import TeamsimError
from teamsim.params import BY_NAME, PARAMETERS

if TYPE_CHECKING:
    from teamsim.scenarios import Scenario

NATIONAL_PLACED_SHARE = 0.0101   # 10.1 per 1,000 (DST, end 2018)
NATIONAL_PREVENTIVE_SHARE = 0.02  # initial_share_step2's default (43,800 of 1.17 million)
TUNE_SEEDS = (11, 12)
TUNE_BURNIN_YEARS = 12
TUNE_YEARS = 3
TUNE_CHILDREN = 4000
MAX_TUNE_SEEDS = 12
ITERATIONS = 5
CASELOAD_TOLERANCE = 0.25
"""A given caseload may differ this much (relative) from the steady state's."""
TOLERANCE = {"placed_share": 0.1, "family_placement_share": 0.05}
"""How far the tuned steady state may end from a figure: relative for the placed share
(at least 1.25 / sqrt(children placed in the tuning world): 40 placed vary by several a
year), absolute for the family share (at least 0.5 / sqrt(children placed))."""


class FigureError(TeamsimError):
    """A municipality figure that is not allowed, or figures that cannot be matched together."""


@dataclass(frozen=True)
class Figure:
    """One key figure a municipality knows about itself."""

    name: str
    unit: str
    low: float
    high: float
    default: float
    doc: str
    doc_da: str


def _param_figure(name: str, param: str, doc: str, doc_da: str, unit: str | None = None):
    p = BY_NAME[param]
    return Figure(name, unit or p.unit, p.low, p.high, p.default, doc, doc_da)


FIGURES: tuple[Figure, ...] = (
    _param_figure("children", "children", "Children aged 0-17 in the municipality",
                  "Børn 0-17 år i kommunen"),
    _param_figure("districts", "districts", "School districts", "Skoledistrikter"),
    _param_figure("caseworkers", "caseworkers", "Caseworkers (socialrådgivere) for children",
                  "Socialrådgivere på børneområdet"),
    Figure("caseload", "open cases per caseworker", 1, 500, 55,
           "Cases per caseworker; checked against the other figures only when given",
           "Sager pr. rådgiver; holdes kun op mod de andre tal, når det er angivet"),
    _param_figure("psychologists", "psychologists", "PPR psychologists", "PPR-psykologer"),
    _param_figure("health_visitors", "health_visitors", "Health visitors",
                  "Sundhedsplejersker"),
    Figure("placed", "children", 0, 200_000, 40,
           "Children placed outside the home (default 1.01% of the children)",
           "Anbragte børn (standard 1,01 % af børnene)"),
    Figure("family_share", "share of placements", 0.05, 0.95, 0.63,
           "Share of placements in kinship or foster families (Herning 2012: 0.63)",
           "Andel af anbringelser i netværks- eller plejefamilie (Herning 2012: 0,63)"),
    Figure("preventive", "children", 0, 500_000, 80,
           "Children with preventive measures (default 2% of the children)",
           "Børn med forebyggende foranstaltninger (standard 2 % af børnene)"),
    _param_figure("cost_foster", "cost_foster", "Foster family placement",
                  "Anbringelse i plejefamilie"),
    _param_figure("cost_institution", "cost_institution", "Institution or opholdssted placement",
                  "Anbringelse på institution eller opholdssted"),
    _param_figure("cost_kinship", "cost_kinship", "Kinship or network placement",
                  "Anbringelse i netværkspleje"),
    _param_figure("cost_home_based", "cost_step3", "Home-based measures",
                  "Hjemmebaserede foranstaltninger"),
    _param_figure("cost_preventive", "cost_step2", "Preventive measures",
                  "Forebyggende foranstaltninger"),
    _param_figure("cost_early_help", "cost_step1", "Early help in universal services",
                  "Tidlig indsats i almenområdet"),
    _param_figure("salary_caseworker", "salary_caseworker", "Caseworker salary and overhead",
                  "Løn og overhead pr. socialrådgiver"),
    _param_figure("salary_psychologist", "salary_psychologist", "PPR psychologist salary",
                  "Løn pr. PPR-psykolog"),
    _param_figure("salary_health_visitor", "salary_health_visitor", "Health visitor salary",
                  "Løn pr. sundhedsplejerske"),
    Figure("price_year", "year", 1990, 2100, 2019,
           "Price year of the costs and salaries (stored with the scenario, not indexed)",
           "Prisår for priser og lønninger (gemmes med scenariet, fremskrives ikke)"),
)
"""The figures :func:`scenario_from_figures` takes, with unit, allowed range and default."""

BY_FIGURE = {f.name: f for f in FIGURES}
DIRECT = {"children": "children", "districts": "districts", "caseworkers": "caseworkers",
          "psychologists": "psychologists", "health_visitors": "health_visitors",
          "cost_foster": "cost_foster", "cost_institution": "cost_institution",
          "cost_kinship": "cost_kinship", "cost_home_based": "cost_step3",
          "cost_preventive": "cost_step2", "cost_early_help": "cost_step1",
          "salary_caseworker": "salary_caseworker",
          "salary_psychologist": "salary_psychologist",
          "salary_health_visitor": "salary_health_visitor"}
WHOLE = {"children", "districts", "caseworkers", "psychologists", "health_visitors",
         "placed", "preventive", "price_year"}


NEED_LEVEL = "need level"
NEED_WINDOW = (0.2, 3.0)


def need_overrides(level: float, spec: Scenario) -> dict[str, float]:
    """The parameters that put the municipality's social burden at ``level``: the model's
    ``need_level`` (the one place to change if the burden gets another knob)."""
    return {"need_level": level}


def threshold_knob(policy: str) -> str:
    return "traditional_institution_threshold" if policy == "traditional" else "threshold_institution"


# ---- checking the figures ---------------------------------------------------------------
def check_figures(figures: Mapping[str, Any]) -> dict[str, float]:
    """All figures as numbers (defaults filled in), or FigureError with one line."""
    unknown = sorted(set(figures) - set(BY_FIGURE))
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], BY_FIGURE, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise FigureError(f"unknown figure '{unknown[0]}'{hint} (figures: "
                          f"{', '.join(BY_FIGURE)})")
    values = {f.name: _number(f, figures[f.name]) for f in FIGURES if f.name in figures}
    children = values.setdefault("children", BY_FIGURE["children"].default)
    values.setdefault("placed", round(NATIONAL_PLACED_SHARE * children))
    values.setdefault("preventive", round(NATIONAL_PREVENTIVE_SHARE * children))
    for f in FIGURES:
        values.setdefault(f.name, f.default) if f.name != "caseload" else None
    if values["placed"] + values["preventive"] > 0.5 * children:
        raise FigureError(f"placed ({values['placed']:,.0f}) and preventive "
                          f"({values['preventive']:,.0f}) add up to more than half of the "
                          f"{children:,.0f} children")
    if values["placed"] < 1:
        raise FigureError("placed = 0: a steady state with no child placed cannot be tuned; "
                          "give the number of children placed")
    if values["districts"] > children / 50:
        raise FigureError(f"districts = {values['districts']:,.0f} is too many for "
                          f"{children:,.0f} children: at least 50 children a district")
    return values


def _number(f: Figure, v: Any) -> float:
    try:
        x = float(v) if not isinstance(v, bool) else float("nan")
    except (TypeError, ValueError):
        x = float("nan")
    whole = f.name in WHOLE
    if not (f.low <= x <= f.high) or (whole and x != int(x)):
        kind = "a whole number" if whole else "a number"
        raise FigureError(f"figure '{f.name}' = {v!r} is not allowed: expected {kind} from "
                          f"{_plain(f.low)} to {_plain(f.high)} {f.unit}")
    return int(x) if whole else x


def _plain(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


# ---- building and tuning ----------------------------------------------------------------
def scenario_from_figures(figures: Mapping[str, Any], name: str = "my-municipality",
                          title: str = "", title_da: str = "") -> Scenario:
    """A traditional-practice baseline whose steady state matches ``figures``.

    Raises:
        FigureError: a figure out of range, an unknown figure, or figures that cannot
            be matched together (one line saying which).
    """
    from teamsim.scenarios import Scenario, load_scenario

    values = check_figures(figures)
    base = load_scenario("herning-2012").with_params(**_params(values))
    level, placed = _tune(base, NEED_LEVEL, values["placed"] / values["children"],
                          "placed_share", "children placed", values)
    base = base.with_params(**_set(base, NEED_LEVEL, level))
    tknob = threshold_knob(base.params.policy)
    threshold, family = _tune(base, tknob, values["family_share"], "family_placement_share",
                              "family share", values)
    spec = base.with_params(**{tknob: threshold})
    caseload = _check_caseload(spec, values)
    desc, desc_da = _descriptions(values, level, tknob, threshold, placed, family, caseload)
    return Scenario(name=name, params=spec.params, title=title or f"{name}: own figures",
                    title_da=title_da or title or f"{name}: egne nøgletal",
                    description=desc, description_da=desc_da, source="teamsim scenario new")


def _params(v: Mapping[str, float]) -> dict[str, Any]:
    out = {param: v[fig] for fig, param in DIRECT.items()}
    out["initial_share_placed"] = v["placed"] / v["children"]
    out["initial_foster_share"] = v["family_share"]
    out["initial_share_step2"] = v["preventive"] / v["children"]
    out["coordinators"] = 0
    out["policy"] = "traditional"
    try:
        from teamsim.params import Params

        Params(out)
    except TeamsimError as err:
        raise FigureError(f"the figures give parameters that are not allowed: {err}") from None
    return out


def _set(spec: Scenario, knob: str, x: float) -> dict[str, float]:
    return need_overrides(x, spec) if knob == NEED_LEVEL else {knob: x}


def _tune(spec: Scenario, knob: str, goal: float, indicator: str, what: str,
          values: Mapping[str, float]) -> tuple[float, float]:
    """Find ``knob`` whose steady-state ``indicator`` (increasing in it) is ``goal``: regula
    falsi (Illinois variant) on the bracket :func:`_window`, at most :data:`ITERATIONS`
    steps, stopping once within half the tolerance."""
    small = _scaled(spec)

    def f(x: float) -> float:
        return _steady(small.with_params(**_set(small, knob, x)), indicator)

    # the placed children the tuning runs see, in units of a run of TUNE_SEEDS' count
    placed = (values["placed"] * small.params.children / values["children"]
              * len(_seeds(small)) / len(TUNE_SEEDS))
    if indicator == "placed_share":
        tolerance = goal * max(TOLERANCE[indicator], 1.25 / placed ** 0.5)
    else:
        tolerance = max(TOLERANCE[indicator], 0.5 / placed ** 0.5)
    (lo, hi), sides = _window(spec, knob), 0
    f_lo, f_hi = f(lo) - goal, f(hi) - goal
    if not f_lo <= 0 <= f_hi:
        near = f_lo if f_lo > 0 else f_hi
        raise FigureError(f"{what} {_show(goal, indicator, values)} cannot be matched with the "
                          f"other figures: the model's steady state gives "
                          f"{_show(f_lo + goal, indicator, values)} to "
                          f"{_show(f_hi + goal, indicator, values)} "
                          f"(nearest {_show(near + goal, indicator, values)})")
    best, off = (lo, f_lo) if -f_lo < f_hi else (hi, f_hi)
    for _ in range(ITERATIONS):
        if abs(off) <= tolerance / 2 or f_hi == f_lo:
            break
        x = round(lo - f_lo * (hi - lo) / (f_hi - f_lo), 4)
        fx = f(x) - goal
        if abs(fx) < abs(off):
            best, off = x, fx
        if fx < 0:
            lo, f_lo, f_hi = x, fx, f_hi / 2 if sides == -1 else f_hi
            sides = -1
        else:
            hi, f_hi, f_lo = x, fx, f_lo / 2 if sides == 1 else f_lo
            sides = 1
    if abs(off) > tolerance:
        raise FigureError(f"{what} {_show(goal, indicator, values)} cannot be matched with the "
                          f"other figures: the nearest steady state found gives "
                          f"{_show(off + goal, indicator, values)}")
    return best, off + goal


def _window(spec: Scenario, knob: str) -> tuple[float, float]:
    if knob == NEED_LEVEL:
        return NEED_WINDOW
    return spec.params.threshold_placement + 0.05, BY_NAME[knob].high


def _steady(spec: Scenario, indicator: str) -> float:
    """Mean of ``indicator`` over the years after the first, over the tuning seeds."""
    import numpy as np

    from teamsim.core import outcomes
    from teamsim.core.model import TeamSim

    values = []
    for seed in _seeds(spec):
        model = TeamSim(spec, rng=seed)
        model.run_for(TUNE_YEARS * 52)
        values.append(outcomes.yearly(model.series())[indicator].iloc[1:].mean())
    return float(np.nanmean(values))


def _seeds(spec: Scenario) -> tuple[int, ...]:
    """The tuning seeds: TUNE_SEEDS for a world of TUNE_CHILDREN or more; a smaller town
    runs as many more seeds as make up TUNE_SEEDS' count of TUNE_CHILDREN-child worlds (at
    most MAX_TUNE_SEEDS)."""
    n = math.ceil(len(TUNE_SEEDS) * TUNE_CHILDREN / spec.params.children)
    n = min(MAX_TUNE_SEEDS, max(len(TUNE_SEEDS), n))
    return tuple(range(TUNE_SEEDS[0], TUNE_SEEDS[0] + n))


def _scaled(spec: Scenario) -> Scenario:
    """The tuning world, with a burn-in of TUNE_BURNIN_YEARS (the years after the first are
    measured): a municipality of more than TUNE_CHILDREN children is scaled down to
    TUNE_CHILDREN, staff in the same ratios; a smaller town is tuned as it is, on more seeds
    (:func:`_seeds`), because a scaled-up copy of it is a different world (measured: a town
    of 1,200 children with 3 caseworkers placed 26% more than its copy of 4,000 with 10 on
    the same 12 seeds)."""
    p = spec.params
    if p.children <= TUNE_CHILDREN:
        return spec.with_params(burnin_years=TUNE_BURNIN_YEARS)
    scale = TUNE_CHILDREN / p.children
    staff = {k: max(1 if k in ("caseworkers", "districts") else 0, round(p[k] * scale))
             for k in ("caseworkers", "psychologists", "health_visitors", "districts")}
    return spec.with_params(children=round(p.children * scale), burnin_years=TUNE_BURNIN_YEARS,
                            **staff)


def _check_caseload(spec: Scenario, values: Mapping[str, float]) -> float:
    """The steady state's cases per caseworker; FigureError if a given caseload is far off."""
    small = _scaled(spec)
    rate = _steady(small, "open_cases") / small.params.children
    caseload = rate * values["children"] / values["caseworkers"]
    given = values.get("caseload")
    if given is not None and abs(caseload - given) > CASELOAD_TOLERANCE * given:
        needed = max(1, round(rate * values["children"] / given))
        raise FigureError(
            f"caseload {given:g} contradicts the other figures: {values['children']:,.0f} "
            f"children x {rate:.2%} with an open case (the steady state at the stated "
            f"placements) / {values['caseworkers']:,.0f} caseworkers = {caseload:.0f} cases "
            f"each; give about {needed} caseworkers for {given:g} cases, or leave caseload out")
    return caseload


def _show(x: float, indicator: str, values: Mapping[str, float]) -> str:
    if indicator == "placed_share":
        return f"{x * values['children']:,.0f} ({x:.2%})"
    return f"{x:.0%}"


def _descriptions(v, level, tknob, threshold, placed, family, caseload) -> tuple[str, str]:
    stated = (f"{v['children']:,} children, {v['districts']} school districts, "
              f"{v['caseworkers']} caseworkers, {v['placed']:,} placed, "
              f"{v['family_share']:.0%} of them in families")
    en = (f"Built by teamsim scenario new from the municipality's figures ({stated}); "
          f"traditional practice. Tuned by burn-in runs: need level {level:g} (steady state "
          f"{placed:.2%} placed), {tknob} = {threshold:g} (family share {family:.0%}); about "
          f"{caseload:.0f} cases per caseworker. Costs and salaries in {v['price_year']} prices "
          "(price year stored, not indexed).")
    da = (f"Lavet med teamsim scenario new ud fra kommunens nøgletal; traditionel praksis. "
          f"Tilpasset ved indkøringskørsler: behovsniveau {level:g} ({placed:.2%} anbragt), "
          f"{tknob} = {threshold:g} ({family:.0%} i familiepleje); ca. {caseload:.0f} sager "
          f"pr. rådgiver. Priser og lønninger i {v['price_year']}-priser (prisåret gemmes, "
          "fremskrives ikke).")
    return en, da


# ---- writing ----------------------------------------------------------------------------
def scenario_to_toml(scenario: Scenario) -> str:
    """The scenario as a scenario file: ``[scenario]`` texts and the ``[params]`` that differ
    from the defaults, in the order of ``teamsim params``."""
    from teamsim.calibration.tomlio import table

    meta = {"title": scenario.title, "title_da": scenario.title_da,
            "description": scenario.description, "description_da": scenario.description_da}
    if scenario.baseline:
        meta["baseline"] = scenario.baseline
    changed = scenario.params.changed()
    params = {p.name: changed[p.name] for p in PARAMETERS if p.name in changed}
    head = (f"# Scenario {scenario.name}: run it with `teamsim run FILE`; every parameter not "
            "named keeps its default (`teamsim params`).\n")
    return head + table("scenario", meta) + "\n" + table("params", params)
