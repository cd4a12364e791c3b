"""Danish and English: formats, and every text, label and unit in both languages."""

from __future__ import annotations

import pytest

from teamsim import i18n
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
             *NET_ROWS, "Placements, total", "Staff, total", "Total", "followups_held_share"]
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
