"""The app's one door to the core's municipality scenario builder (``teamsim.municipality``).

The form for a municipality's own figures, its refusals and the TOML download and
upload go through these functions only, so when the builder changes only this module
does. Without the builder, :func:`available` is False and the form says so in one line.

The builder tunes the steady state by burn-in runs (about a minute on two cores):
:func:`start_build` runs it in a separate process, one build at a time, so the server's
other sessions are not slowed by it (a thread would hold the interpreter's lock).
"""

from __future__ import annotations

import importlib
import multiprocessing
import re
import tempfile
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from teamsim.app.controls import _decimals
from teamsim.i18n import format_number, parse_number, tr
from teamsim.scenarios import Scenario, load_scenario

OPTIONAL = frozenset({"caseload", "placed", "preventive"})
"""Figures the form starts blank: the builder derives them from the others when not given
(placed and preventive from the number of children; a caseload is only checked)."""


def _builder():
    try:
        return importlib.import_module("teamsim.municipality")
    except ModuleNotFoundError:
        return None


def available() -> bool:
    """The core's scenario builder is installed."""
    return _builder() is not None


def figures() -> tuple:
    """The builder's figures (name, unit, low, high, default, doc, doc_da), or ()."""
    builder = _builder()
    return tuple(builder.FIGURES) if builder else ()


def start_text(figure, lang: str, value: float | None = None) -> str:
    """What the form shows in a figure's field at first: ``value`` (a figure given
    before), else the default; blank for :data:`OPTIONAL` figures not given."""
    if value is None:
        value = None if figure.name in OPTIONAL else figure.default
    if value is None:
        return ""
    thousands = "." if lang == "da" else ","
    return format_number(value, lang, _decimals(value)).replace(thousands, "")


def read_figure(figure, text: str, lang: str) -> float | int | None:
    """A figure's typed text as a number (None when left blank).

    Raises:
        ValueError: not a number, not whole where it must be, or outside the figure's
            range; the message (in ``lang``) says what is allowed.
    """
    shown = str(text).strip()
    if not shown:
        return None
    whole = figure.name in _builder().WHOLE
    allowed = _range(figure, lang)
    try:
        number = parse_number(shown, lang)
    except ValueError:
        raise ValueError(tr("err.whole" if whole else "err.number", lang, value=shown,
                            range=allowed)) from None
    if whole and not float(number).is_integer():
        raise ValueError(tr("err.whole", lang, value=shown, range=allowed))
    if not figure.low <= number <= figure.high:
        raise ValueError(tr("err.range", lang, value=shown, range=allowed))
    return int(number) if whole else number


def allowed(figure, lang: str) -> str:
    """"tilladt: 50 til 2.000.000" / "allowed: 50 to 2,000,000"."""
    return tr("ctl.allowed", lang, range=_range(figure, lang))


def _range(figure, lang: str) -> str:
    decimals = 0 if figure.name in _builder().WHOLE else _decimals(figure.low, figure.high)
    return tr("ctl.range", lang, low=format_number(figure.low, lang, decimals),
              high=format_number(figure.high, lang, decimals))


def refusal(message: str, lang: str) -> str:
    """The builder's one-line refusal in the screen's language: in Danish when it is one
    of :data:`teamsim.app.texts.BUILDER_REFUSALS` (its numbers in the Danish format, a
    figure by its Danish name), else as the builder wrote it."""
    from teamsim.app.texts import BUILDER_REFUSALS, BUILDER_WHAT

    if lang != "da":
        return message
    names = {f.name: f.doc_da.split(" (")[0] for f in figures()}  # without its example
    for pattern, danish in BUILDER_REFUSALS:
        match = re.fullmatch(pattern, message)
        if match:
            parts = {k: _danish_numbers(v) for k, v in match.groupdict().items()}
            if "figure" in parts:
                parts["figure"] = names.get(match["figure"], match["figure"])
            if "what" in parts:
                parts["what"] = BUILDER_WHAT[match["what"]]
            if "value" in parts:
                parts["value"] = match["value"]  # as it was typed
            return danish.format(**parts)
    return message


def _danish_numbers(text: str) -> str:
    """Numbers written in English ("4,000", "1.01%") in the Danish format ("4.000",
    "1,01 %")."""
    def one(match: re.Match) -> str:
        number = match[0].translate({ord(","): ".", ord("."): ","})
        return number[:-1] + " %" if number.endswith("%") else number

    return re.sub(r"\d[\d,]*(?:\.\d+)?%?", one, text)


def start_build(values: Mapping[str, Any], title: str) -> Future:
    """:func:`build_toml` of ``values`` in the builder's process; the future's result is
    the TOML text (or the builder's TeamsimError)."""
    return _pool().submit(build_toml, dict(values), title, title)


@cache
def _pool() -> ProcessPoolExecutor:
    # spawn: a fork of the server would copy its threads' locks
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))


def build_toml(values: Mapping[str, Any], title: str = "", title_da: str = "") -> str:
    """The municipality's scenario built from its figures, as TOML text.

    Raises:
        TeamsimError: a figure out of range or figures that cannot be matched together
            (the builder's one-line message).
    """
    builder = _builder()
    scenario = builder.scenario_from_figures(dict(values), name="my-municipality",
                                             title=title, title_da=title_da)
    return builder.scenario_to_toml(scenario)


@lru_cache(maxsize=16)
def scenario_of(toml_text: str) -> Scenario:
    """The scenario of a TOML text (uploaded, or built by :func:`build_toml`), read by the
    core's ``load_scenario`` from a temporary file (raises TeamsimError if not valid)."""
    with tempfile.TemporaryDirectory(prefix="teamsim-upload-") as folder:
        path = Path(folder) / "my-municipality.toml"
        path.write_text(toml_text, encoding="utf-8")
        return load_scenario(path)
