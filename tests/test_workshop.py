"""The theory-of-change chain, the stories and the workshop's words: data files a facilitator
edits are validated with one clear line, and the diagram shows the simulated values."""

from __future__ import annotations

import copy
import math
import tomllib
from importlib import resources

import pytest

from teamsim.params import MECHANISMS, SWITCHES
from teamsim.run import compare, replication_seeds
from teamsim.workshop import WorkshopError, text
from teamsim.workshop.chain import (
    STAGES,
    Box,
    BoxValue,
    box_values,
    chain_names,
    chain_svg,
    indicator_names,
    indicator_value,
    load_chain,
    parse_chain,
)
from teamsim.workshop.stories import load_stories, load_story, parse_story, story_names

SMALL = {"children": 600}


@pytest.fixture(scope="module")
def herning():
    return load_chain("herning")


@pytest.fixture(scope="module")
def small_comparison():
    """Twice the caseworkers and a co-located team against herning-2012, small and short."""
    return compare("herning-2012", "herning-2012", years=1, seeds=replication_seeds(0, 2),
                   baseline_overrides=SMALL, caseworkers=8, co_located=True,
                   policy="least_intrusive", **SMALL)


def raw_chain() -> dict:
    res = resources.files("teamsim.workshop") / "chains" / "herning.toml"
    return tomllib.loads(res.read_text(encoding="utf-8"))


# ---- the chain file -------------------------------------------------------------------------
def test_the_herning_chain_runs_from_inputs_to_impact(herning):
    assert "herning" in chain_names()
    assert {b.stage for b in herning.boxes} == set(STAGES)
    assert all(a.mechanism in MECHANISMS for a in herning.arrows)
    ids = {b.id for b in herning.boxes}
    assert all(a.source in ids and a.target in ids for a in herning.arrows)
    # every mechanism a workshop can switch off carries at least one link of the chain
    switchable = {"capacity", "meetings", "detection", "network", "decisions", "placement"}
    assert switchable <= set(herning.mechanisms())


def test_indicator_names_come_from_the_model_outputs():
    assert {"placed", "followups_held", "family_placement_share"} <= set(indicator_names())
    assert "Total" in indicator_names("budget")
    assert "Net vs baseline" not in indicator_names("budget")  # the change of "Total"
    assert "tie_strength" in indicator_names("weekly")


BAD_CHAINS = [
    (lambda d: d["box"][0].update(parameter="caseworker"), "box 'caseworkers'",
     "unknown parameter 'caseworker'"),
    (lambda d: d["box"][6].update(indicator="caseload"), "box 'caseload'",
     "unknown yearly indicator 'caseload'"),
    (lambda d: d["box"][0].pop("stage"), "box 'caseworkers'", "stage = ''", "input"),
    (lambda d: d["box"][0].pop("label_da"), "missing field 'label_da'"),
    (lambda d: d["box"][0].update(indicator="placed"), "exactly one of 'parameter'"),
    (lambda d: d["box"][1].update(id="caseworkers"), "'caseworkers' is used twice"),
    (lambda d: d["box"][6].update(over="median"), "over = 'median'", "mean, sum, last, first"),
    (lambda d: d["box"][6].update(focus=[5]), "focus = [5]", "1-4"),
    (lambda d: d["box"][6].update(colour="red"), "unknown field(s) colour"),
    (lambda d: d["arrow"][0].update(to="casload"), "arrow 1", "'to' = 'casload'",
     "is not a box"),
    (lambda d: d["arrow"][0].update(mechanism="staffing"), "arrow 1",
     "unknown mechanism 'staffing'", "capacity"),
    (lambda d: d["arrow"][0].pop("mechanism"), "arrow 1", "missing field 'mechanism'"),
    (lambda d: d["chain"].update(scenario="herning-2013"), "[chain] scenario",
     "unknown scenario 'herning-2013'"),
    (lambda d: d.update(boxes=[]), "unknown table(s) boxes"),
]


@pytest.mark.parametrize(("edit", "fragments"), [(c[0], c[1:]) for c in BAD_CHAINS])
def test_a_bad_chain_file_gets_one_line_naming_the_problem(edit, fragments):
    data = copy.deepcopy(raw_chain())
    edit(data)
    with pytest.raises(WorkshopError) as caught:
        parse_chain(data, "mine", "chain file mine.toml")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("chain file mine.toml")
    for fragment in fragments:
        assert fragment in message


def test_an_edited_chain_file_loads_from_a_path(tmp_path):
    res = resources.files("teamsim.workshop") / "chains" / "herning.toml"
    mine = tmp_path / "holstebro.toml"
    mine.write_text(res.read_text(encoding="utf-8").replace(
        'title_da = "Sverigesprojektet', 'title_da = "Holstebro'), encoding="utf-8")
    chain = load_chain(mine)
    assert chain.name == "holstebro" and chain.heading("da").startswith("Holstebro")
    with pytest.raises(WorkshopError, match="does not exist"):
        load_chain(tmp_path / "missing.toml")
    with pytest.raises(WorkshopError, match="unknown chain 'nope'.*herning"):
        load_chain("nope")
    broken = tmp_path / "broken.toml"
    broken.write_text("[chain\n", encoding="utf-8")
    with pytest.raises(WorkshopError, match="not valid TOML"):
        load_chain(broken)


# ---- values ---------------------------------------------------------------------------------
def test_boxes_show_parameters_and_indicators_of_both_runs(herning, small_comparison):
    values = box_values(herning, small_comparison)
    assert set(values) == {b.id for b in herning.boxes}
    workers = values["caseworkers"]
    assert (workers.baseline, workers.scenario, workers.change) == (4, 8, 4.0)
    assert values["co-located"].baseline is False and values["co-located"].scenario is True
    assert values["co-located"].change is None
    # an indicator box: the years combined per run, then the median over replications
    box = herning.box("followups")
    per_run = [indicator_value(box, r) for r in small_comparison.scenario]
    by_hand = [float(r.yearly["followups_held"].mean() / r.yearly["open_cases"].mean())
               for r in small_comparison.scenario]
    assert per_run == pytest.approx(by_hand)
    assert values["followups"].scenario == pytest.approx(sum(per_run) / 2)  # median of 2
    # twice the caseworkers: fewer cases each, and the theory of change agrees
    assert values["caseload"].change < 0
    assert values["caseload"].verdict == "as_expected"
    assert values["staff-cost"].change == pytest.approx(4 * 400_000)


@pytest.mark.parametrize(("expect", "change", "band", "verdict"), [
    ("up", 2.0, (1.0, 3.0), "as_expected"),
    ("up", 2.0, (-1.0, 3.0), "unclear"),
    ("up", -2.0, (-3.0, -1.0), "against"),
    ("down", -2.0, (-3.0, -1.0), "as_expected"),
    ("down", 0.0, (0.0, 0.0), "unclear"),
    ("none", 2.0, (1.0, 3.0), "none"),
    ("up", math.nan, (math.nan, math.nan), "none"),
])
def test_a_box_says_whether_the_change_goes_the_way_the_theory_expects(expect, change, band,
                                                                       verdict):
    box = Box("x", "output", "X", "X", indicator="placed", expect=expect)
    assert BoxValue(box, 1.0, 1.0 + change, change, *band, 5).verdict == verdict


def test_the_diagram_is_drawn_from_the_data_and_shows_the_values(herning, small_comparison):
    values = box_values(herning, small_comparison)
    svg = chain_svg(herning, values, "da")
    assert svg == chain_svg(herning, values, "da")  # deterministic
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    for box in herning.boxes:
        assert f'data-box="{box.id}"' in svg
    assert svg.count('class="arrow"') == len(herning.arrows)
    for mechanism in herning.mechanisms():
        assert text.mechanism_label(mechanism, "da") in svg
    assert "Rådgivere" in svg
    assert 'class="baseline">4</tspan> → <tspan class="scenario" font-weight="bold">8<' in svg
    assert text.t("stage_impact", "da") in svg
    english = chain_svg(herning, values, "en")
    assert "Caseworkers" in english and "Rådgivere" not in english
    # the numbers follow the language: Danish decimal comma, English point
    caseload = values["caseload"].baseline
    assert text.number(caseload, "da", 1) in svg and text.number(caseload, "en", 1) in english
    bare = chain_svg(herning, None, "en")
    assert "caseload_mean" in bare and " → " not in bare


def test_the_diagram_shows_what_each_mechanism_carries(herning):
    svg = chain_svg(herning, None, "en", carried={"meetings": 0.9})
    assert "meetings 90%" in svg


# ---- stories --------------------------------------------------------------------------------
def test_the_shipped_stories_cover_the_workshop_questions():
    names = story_names()
    assert {"caseload", "early-detection", "goal-75-25", "meetings-fail"} <= set(names)
    herning = load_chain("herning")
    ids = {b.id for b in herning.boxes}
    for story in load_stories():
        assert story.steps
        assert any(step.carry for step in story.steps), story.name
        for step in story.steps:
            for lang in ("da", "en"):
                assert step.heading(lang) and step.ask(lang) and step.hint(lang)
            assert set(step.look_at) <= ids
        assert story.heading("da") != story.heading("en")


def _story(**step) -> dict:
    base = {"title": "T", "title_da": "T", "question": "Q?", "question_da": "S?"}
    return {"story": {"title": "S", "title_da": "S", "summary": "s", "summary_da": "s",
                      "scenario": "herning-2012", "baseline": "herning-2012"},
            "step": [{**base, **step}]}


@pytest.mark.parametrize(("step", "fragments"), [
    ({"settings": {"caseworker": 8}}, ("step 1: settings", "unknown parameter 'caseworker'")),
    ({"settings": {"caseworkers": 0}}, ("step 1: settings", "'caseworkers' = 0", "1 to 5,000")),
    ({"baseline_settings": {"policy": "kind"}}, ("baseline_settings", "'policy'")),
    ({"look_at": ["casload"]}, ("look_at 'casload'", "not a box of the chain")),
    ({"carry": "yes"}, ("carry = 'yes'", "true or false")),
    ({"question": ""}, ("'question' = ''",)),
    ({"when": 3}, ("unknown field(s) when",)),
])
def test_a_bad_story_file_gets_one_line_naming_the_step(step, fragments):
    with pytest.raises(WorkshopError) as caught:
        parse_story(_story(**step), "mine", "story file mine.toml")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("story file mine.toml")
    for fragment in fragments:
        assert fragment in message


def test_unknown_story():
    with pytest.raises(WorkshopError, match="unknown story 'nope'.*caseload"):
        load_story("nope")


# ---- words ----------------------------------------------------------------------------------
def test_every_workshop_text_speaks_danish_and_english():
    for table in (text.TEXTS, text.MECHANISMS, text.MECHANISMS_SHORT, text.FOCUS_AREAS):
        for key, entry in table.items():
            assert set(entry) == set(text.LANGS), key
            assert all(entry[lang].strip() for lang in text.LANGS), key
    assert set(MECHANISMS) <= set(text.MECHANISMS)
    for switch in (*SWITCHES, "policy"):
        assert text.param_label(switch, "da") != text.param_label(switch, "en")


def test_numbers_follow_the_danish_format():
    assert text.number(1234567.5, "da", 1) == "1.234.567,5"
    assert text.mkr(-4_500_000, "da", signed=True) == "-4,5 mio. kr."
    assert text.param_value("meeting_rate", 0.5, "da") == "0,5"
    assert text.param_value("co_located", True, "en") == "on"


def test_a_box_arrow_and_its_change_agree_in_sign():
    """Paired medians: the scenario's median can lie below the baseline's while the
    median of the paired differences is positive; the box's arrow follows the change."""
    from teamsim.workshop.chain import BoxValue, _arrow_end, _box_svg, format_value

    box = next(b for b in load_chain("herning").boxes
               if b.parameter is None and b.format == "decimal")
    value = BoxValue(box, baseline=60.0, scenario=59.3, change=0.4, p10=0.1, p90=0.8,
                     replications=10)
    end = _arrow_end(value)
    assert end > value.baseline and end == pytest.approx(60.4)
    svg = _box_svg(box, (0, 0), value, "da")
    assert f'class="scenario" font-weight="bold">{format_value(box, end, "da")}<' in svg
