"""Danish and English: formats, and every text, label and unit in both languages."""

from __future__ import annotations

import pytest

from teamsim import i18n
from teamsim.core.lines import TOTAL_ROWS
from teamsim.core.outcomes import _LEVELS, BUDGET_ROWS, COUNTERS
from teamsim.i18n import (
    LANGS,
    MissingTranslation,
    format_kr,
    format_number,
    format_percent,
    format_points,
    indicator_label,
    param_label,
    param_unit,
    parse_number,
    tr,
)
from teamsim.params import PARAMETERS
from teamsim.run import COMPARED_INDICATORS, NET_ROWS, SUMMARY_INDICATORS


def test_danish_and_english_number_formats():
    assert format_number(1234567.5, "da", 1) == "1.234.567,5"
    assert format_number(1234567.5, "en", 1) == "1,234,567.5"
    assert format_number(-1234, "da") == "-1.234"
    assert format_number(2.5, "da", 1, signed=True) == "+2,5"
    assert format_number(-0.0001, "da", 1) == "0,0"  # never "-0,0"
    assert format_number(float("nan"), "da") == "–"


def test_kroner_in_full_and_in_millions():
    assert format_kr(1234567, "da") == "1.234.567 kr."
    assert format_kr(1234567, "en") == "DKK 1,234,567"
    assert format_kr(4_500_000, "da", millions=True) == "4,5 mio. kr."
    assert format_kr(4_500_000, "en", millions=True) == "DKK 4.5 million"
    assert format_kr(-2_500_000, "da", millions=True, signed=True) == "-2,5 mio. kr."


def test_percent_and_points():
    assert format_percent(0.63, "da") == "63 %"
    assert format_percent(0.63, "en") == "63%"
    assert format_points(0.025, "da") == "+2,5 %-point"
    assert format_points(-0.025, "en") == "-2.5 pp"


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("1.234,5", "da", 1234.5), ("1,234.5", "en", 1234.5), ("1,234.5", "da", 1234.5),
    ("2,5", "da", 2.5), ("2.5", "da", 2.5), ("2,5", "en", 2.5), ("1.000", "da", 1000),
    ("1,000", "en", 1000), ("0.125", "da", 0.125), (" 12 ", "en", 12), ("-3", "da", -3),
])
def test_typed_numbers_are_read_in_either_format(text, lang, expected):
    assert parse_number(text, lang) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["abc", "", "inf", "nan", "1,2,3.4.5x"])
def test_typed_non_numbers_are_refused(text):
    with pytest.raises(ValueError):
        parse_number(text, "da")


def test_every_text_has_both_languages():
    tables = [i18n.TEXTS, i18n.PARAM_LABELS, i18n.UNITS, i18n.CHOICES, i18n.INDICATORS,
              i18n.STEP_NAMES, i18n.PROFESSIONS]
    for table in tables:
        for key, entry in table.items():
            for lang in LANGS:
                assert entry.get(lang) is not None, (key, lang)
                if key != "":
                    assert entry[lang].strip(), (key, lang)


def test_danish_and_english_differ_where_they_should():
    same = [k for k, e in i18n.TEXTS.items() if e["da"] == e["en"]]
    assert set(same) <= {"tab.budget", "btn.pause", "export.budget"}, same  # same word


def test_every_parameter_has_a_label_and_a_unit_in_both_languages():
    for p in PARAMETERS:
        for lang in LANGS:
            assert param_label(p.name, lang)
            param_unit(p.name, lang)  # raises if the unit has no translation
    assert param_label("caseworkers", "da") == "Rådgivere"
    assert param_unit("caseload_cap", "da") == "sager pr. rådgiver"
    assert param_unit("cost_foster", "en") == "DKK per child-year"


def test_every_displayed_indicator_has_a_label():
    names = [*_LEVELS, *COUNTERS, *SUMMARY_INDICATORS, *COMPARED_INDICATORS, *BUDGET_ROWS,
             *NET_ROWS, *TOTAL_ROWS, "followups_held_share"]
    for name in names:
        for lang in LANGS:
            assert indicator_label(name, lang), name


def test_missing_texts_and_languages_are_clear_errors():
    with pytest.raises(MissingTranslation, match="no text 'no.such.key'"):
        tr("no.such.key", "da")
    with pytest.raises(ValueError, match="choose one of da, en"):
        tr("app.title", "sv")
    with pytest.raises(MissingTranslation, match="parameter 'nope'"):
        param_label("nope", "en")


def test_placeholders_are_filled():
    assert tr("sim.week", "da", week=3, weeks=208, year=2013) == "Uge 3 af 208 (2013)"


def test_other_modules_register_texts_in_both_languages():
    i18n.register_texts({"test.only": {"da": "Kun test", "en": "Test only"}})
    try:
        assert tr("test.only", "en") == "Test only"
        with pytest.raises(MissingTranslation, match="en"):
            i18n.register_texts({"test.half": {"da": "Halv"}})
        with pytest.raises(ValueError, match="already registered"):
            i18n.register_texts({"test.only": {"da": "Andet", "en": "Other"}})
    finally:
        i18n.TEXTS.pop("test.only", None)


# ---- the municipality builder's refusals on the Danish screen ---------------------------------
def _refused(call) -> str:
    from teamsim.municipality import FigureError

    with pytest.raises(FigureError) as err:
        call()
    return str(err.value)


def _builder_refusals(monkeypatch) -> dict[str, str]:
    """One real refusal of each kind the builder gives (its tuning runs replaced by fixed
    steady states where a refusal needs them, so this takes no burn-in)."""
    from teamsim import municipality as m

    refusals = {kind: _refused(lambda f=figures: m.check_figures(f)) for kind, figures in {
        "unknown": {"caseworker": 3},
        "half": {"children": 10_000, "placed": 3000, "preventive": 3000},
        "none placed": {"placed": 0},
        "districts": {"children": 4000, "districts": 100},
        "whole": {"children": 10},
        "number": {"family_share": 2},
    }.items()}
    values = m.check_figures({})
    refusals["params"] = _refused(lambda: m._params({**values, "caseworkers": -1}))
    monkeypatch.setattr(m, "_steady", lambda spec, indicator: 0.5)
    refusals["bracket"] = _refused(lambda: m.scenario_from_figures({"children": 4000}))
    monkeypatch.setattr(m, "_steady", lambda spec, indicator: 0.5 * (spec.params.need_level > 1))
    refusals["nearest"] = _refused(lambda: m.scenario_from_figures({"children": 4000}))
    monkeypatch.setattr(m, "_tune", lambda spec, knob, goal, *_: (1.0, goal))
    monkeypatch.setattr(m, "_steady", lambda spec, indicator: 2000.0)
    refusals["caseload"] = _refused(
        lambda: m.scenario_from_figures({"children": 4000, "caseload": 20}))
    return refusals


DANISH_REFUSALS = {
    "unknown": "ukendt nøgletal 'caseworker'",
    "half": "anbragte (3.000) og børn med forebyggende foranstaltninger (3.000) er tilsammen "
            "mere end halvdelen af de 10.000 børn",
    "none placed": "anbragte = 0: en stabil tilstand uden anbragte børn kan ikke tilpasses",
    "districts": "100 skoledistrikter er for mange til 4.000 børn: mindst 50 børn pr. distrikt",
    "whole": "Børn 0-17 år i kommunen = 10 er ikke tilladt: skriv et helt tal fra 50 til "
             "2.000.000",
    "number": "Andel af anbringelser i netværks- eller plejefamilie = 2 er ikke tilladt: skriv "
              "et tal fra 0,05 til 0,95",
    "params": "nøgletallene giver parametre, der ikke er tilladt: ",
    "bracket": "Anbragte børn 40 (1,00 %) kan ikke nås sammen med de andre nøgletal: modellens "
               "stabile tilstand giver 2.000 (50,00 %) til 2.000 (50,00 %)",
    "nearest": "Anbragte børn 40 (1,00 %) kan ikke nås sammen med de andre nøgletal: den "
               "nærmeste stabile tilstand, der blev fundet, giver",
    "caseload": "sagstallet 20 passer ikke med de andre nøgletal: 4.000 børn × 50,00 % med en "
                "åben sag",
}


def test_the_builders_refusals_are_danish_on_the_danish_screen(monkeypatch):
    from teamsim.app.municipality import refusal

    refusals = _builder_refusals(monkeypatch)
    assert set(refusals) == set(DANISH_REFUSALS)
    for kind, english in refusals.items():
        danish = refusal(english, "da")
        assert danish.startswith(DANISH_REFUSALS[kind]), (kind, danish)
        assert "\n" not in danish
        assert refusal(english, "en") == english  # the English screen: the builder's line


def test_a_refusal_the_app_does_not_know_is_shown_as_the_builder_wrote_it():
    from teamsim.app.municipality import refusal

    line = "figures that no pattern knows: 1,234 children"
    assert refusal(line, "da") == line


def test_the_build_refusal_under_the_button_follows_the_screens_language():
    import ipyvuetify as v
    import solara

    from teamsim.app import views
    from teamsim.app.state import AppState

    state = AppState(lang="da")
    state.build_problem.value = ("districts = 100 is too many for 4,000 children: at least 50 "
                                 "children a district")
    _, rc = solara.render(views.OwnMunicipalityBody(state), handle_error=False)

    def shown() -> list[str]:
        return [str(c) for w in rc.find(v.Alert).widgets for c in w.children]

    assert any(t.startswith("100 skoledistrikter er for mange til 4.000 børn") for t in shown())
    state.lang.value = "en"
    assert any(t.startswith("districts = 100 is too many") for t in shown())
