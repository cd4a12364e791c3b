"""Which assumption carries it: the analysis ranks first the one mechanism that can matter,
handles changes too small to split, and gives the same answer in one process or several."""

from __future__ import annotations

import math

import pytest

from teamsim.errors import TeamsimError
from teamsim.scenarios import load_scenario
from teamsim.workshop import WorkshopError
from teamsim.workshop.carry import KEY_EFFECTS, carry, carry_svg, variants

# Only the network meetings differ: none in the baseline, 12 a case a year in the scenario.
# Caseworker hours, ties, latent need and emergencies are off in both, so meetings take no
# caseworker's time, build no ties, act on a fixed need and do not meet children an emergency
# put in an institution (whom meetings can later move to kin): the meeting mechanism is the
# only one that can carry the difference. Switched off in both, the two runs are identical
# (same seeds). The key effects varied are two that cannot change what meetings do here: the
# breakdown hazard of an overdue follow-up (without the hours mechanism no follow-up is
# overdue) and recovery under help (need is fixed). Not the ties' effect on detection: with
# ties off they keep their initial strengths, which still scale detection in both runs, so
# that effect changes which children the meetings meet. Nor the PPR psychologists' detection
# effect: meetings still take the psychologists' hours from their consultations.
STRUCTURE = {"children": 1000, "capacity_on": False, "ties_on": False, "need_on": False,
             "emergencies_on": False}
ONLY_MEETINGS = {"scenario": "herning-2012", "baseline": "herning-2012", "years": 2,
                 "replications": 2, "seed": 0,
                 "effects": (KEY_EFFECTS[8], KEY_EFFECTS[9]),  # overdue follow-ups, recovery
                 "baseline_overrides": {**STRUCTURE, "meeting_rate": 0.0},
                 **STRUCTURE, "meeting_rate": 12.0}


@pytest.fixture(scope="module")
def only_meetings():
    return carry(**ONLY_MEETINGS)


def test_when_only_one_mechanism_can_matter_it_ranks_first(only_meetings):
    result = only_meetings
    assert result.splittable("placements") and result.splittable("net")
    assert result.full.mean("placements") < 0  # the meetings do lower placements
    for target in ("placements", "net"):
        ranking = result.ranking(target)
        assert ranking[0].row == "meetings_on", [r.row for r in ranking]
        assert ranking[0].remaining[target] == (0.0,)  # nothing is left without meetings
        assert ranking[0].dependence(target) == 1.0
        assert all(r.dependence(target) < 1.0 for r in ranking[1:])
    assert result.carried("placements")["meetings"] == 1.0


def test_switches_off_in_both_are_left_out_with_the_reason(only_meetings):
    rows = {r.row for r in only_meetings.rows}
    skipped = dict(only_meetings.skipped)
    assert skipped["capacity_on"] == skipped["ties_on"] == "carry_same_both"
    assert skipped["policy"] == "carry_same_policy"
    assert {"meetings_on", "detection_on", "breakdown_on"} <= rows
    assert "population_on" not in rows and "population_on" not in skipped
    effect = next(r for r in only_meetings.rows if r.row == "missed_followup_breakdown_factor")
    assert [v.level for v in effect.variants] == ["low", "high"]


def test_switching_a_mechanism_off_means_off_in_scenario_and_baseline():
    pilot, base = load_scenario("herning-pilot"), load_scenario("herning-2012")
    chosen, skipped = variants(pilot, base, effects=KEY_EFFECTS[:1])
    meetings = next(v for v in chosen if v.row == "meetings_on")
    assert meetings.scenario_overrides == meetings.baseline_overrides == {"meetings_on": False}
    policy = next(v for v in chosen if v.row == "policy")  # decisions: the baseline's policy
    assert policy.scenario_overrides == {"policy": "traditional"}
    assert policy.baseline_overrides == {}
    low, high = (v for v in chosen if v.row == "meeting_need_effect")
    assert low.scenario_overrides == low.baseline_overrides == {"meeting_need_effect": 0.0}
    assert high.value == 0.4
    assert ("capacity_limits_on", "carry_same_both") in skipped


def test_no_change_is_too_small_to_split():
    result = carry("herning-2012", "herning-2012", years=1, replications=1, effects=(),
                   switches=("meetings_on", "detection_on"), children=300,
                   baseline_overrides={"children": 300})
    assert result.full.mean("placements") == 0 and result.full.mean("net") == 0
    assert not result.splittable("placements") and not result.splittable("net")
    for row in result.rows:
        assert all(math.isnan(r) for r in row.remaining["placements"])
        assert math.isnan(row.dependence("net"))
    svg = carry_svg(result, "en")
    assert "too small to split" in svg
    assert svg.count('class="carry-row"') == 2


def test_same_answer_in_one_process_or_two():
    kwargs = {**ONLY_MEETINGS, "years": 1, "effects": (),
              "switches": ("meetings_on", "breakdown_on")}
    one = carry(**kwargs, workers=1)
    two = carry(**kwargs, workers=2)
    assert one.full == two.full
    assert [(r.row, r.changes) for r in one.rows] == [(r.row, r.changes) for r in two.rows]


def test_the_chart_ranks_and_labels_in_both_languages(only_meetings):
    svg = carry_svg(only_meetings, "da")
    assert svg == carry_svg(only_meetings, "da")
    assert svg.index('data-row="meetings_on"') < svg.index('data-row="detection_on"')
    assert 'data-rank="1"' in svg.split('data-row="meetings_on"')[1][:40]
    assert "Hvilken antagelse bærer resultatet?" in svg and "Netværksmøder" in svg
    assert "0 %" in svg  # nothing remains without the meetings
    english = carry_svg(only_meetings, "en", target="net")
    assert "Which assumption carries the result?" in english and "Network meetings" in english
    table = only_meetings.table("placements")
    assert table.iloc[0]["assumption"] == "meetings_on"
    assert {"placements_remaining", "net_remaining", "dependence"} <= set(table.columns)
    assert (table["assumption"] == "full").sum() == 1


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"scenario": "nope"}, "unknown scenario 'nope'"),
    ({"scenario": "herning-2012"}, "names no baseline"),
    ({"scenario": "herning-pilot", "years": 0}, "years = 0"),
    ({"scenario": "herning-pilot", "replications": 0}, "replications = 0"),
    ({"scenario": "herning-pilot", "workers": 0}, "workers = 0"),
    ({"scenario": "herning-pilot", "switches": ("meetings",)}, "'meetings' is not a mechanism"),
    ({"scenario": "herning-pilot", "caseworkers": 0}, "'caseworkers' = 0"),
])
def test_bad_settings_are_refused_before_anything_runs(kwargs, fragment):
    with pytest.raises(TeamsimError) as caught:
        carry(**kwargs)
    assert fragment in str(caught.value)


def test_a_change_too_small_in_one_result_is_ranked_by_the_other(only_meetings):
    from dataclasses import replace

    no_placements = replace(only_meetings.full, placements=(0.0, 0.0))
    result = replace(only_meetings, full=no_placements)
    assert result.rank_target("placements") == "net"
    assert result.ranking("placements") == result.ranking("net")
    assert "Ranked by how much the net cost" in carry_svg(result, "en", "placements")


def test_a_bad_target_is_refused(only_meetings):
    with pytest.raises(WorkshopError, match="target 'cost'.*placements, net"):
        only_meetings.ranking("cost")
