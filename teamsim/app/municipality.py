"""The app's one door to the core's municipality scenario builder (``teamsim.municipality``).

The form for a municipality's own figures, its refusals and the TOML download and
upload go through these functions only, so when the builder changes only this module
does. The builder lands on main from the calibration work; until it is there,
:func:`available` is False and the form says so in one line.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from teamsim.scenarios import Scenario, load_scenario


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
