"""The documentation keeps up with the parameter registry.

docs/parameters.md is generated from teamsim.params; docs/odd.md (the ODD
protocol) is written by hand and must name every parameter and describe every
mechanism switch.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from teamsim.docs import MECHANISM_INFO, PARAMETERS_MD, REGENERATE, render_parameters
from teamsim.params import MECHANISMS, PARAMETERS, SWITCHES

ROOT = Path(__file__).resolve().parent.parent
ODD_MD = ROOT / "docs" / "odd.md"


@pytest.fixture(scope="module")
def odd() -> str:
    assert ODD_MD.is_file(), f"{ODD_MD} is missing"
    return ODD_MD.read_text(encoding="utf-8")


def test_parameter_reference_is_up_to_date():
    current = PARAMETERS_MD.read_text(encoding="utf-8") if PARAMETERS_MD.is_file() else ""
    assert current == render_parameters(), (
        f"{PARAMETERS_MD.relative_to(ROOT)} is out of date with teamsim/params.py: "
        f"run `{REGENERATE}` and commit the result"
    )


def test_parameter_reference_lists_every_parameter_with_its_source():
    text = render_parameters()
    for p in PARAMETERS:
        rows = [line for line in text.splitlines() if line.startswith(f"| `{p.name}` |")]
        assert rows, f"parameter '{p.name}' has no row in the parameter reference"
        assert any(p.source.replace("|", "\\|") in row for row in rows), f"row of '{p.name}' does not show its source"


def test_every_mechanism_has_a_heading_and_an_odd_submodel(odd):
    for mechanism in MECHANISMS:
        assert mechanism in MECHANISM_INFO, (
            f"mechanism '{mechanism}' (teamsim/params.py) is not known to teamsim/docs.py: "
            "add it to MECHANISM_INFO with its heading, code and ODD anchor"
        )
        anchor = MECHANISM_INFO[mechanism][2]
        assert f'id="{anchor}"' in odd, (
            f"docs/odd.md has no anchor '{anchor}' for mechanism '{mechanism}'"
        )


def test_odd_names_every_parameter(odd):
    missing = [p.name for p in PARAMETERS if f"`{p.name}`" not in odd]
    assert not missing, (
        "docs/odd.md does not mention these parameters (write each as `name` where the "
        f"submodel that uses it is described): {', '.join(missing)}"
    )


def test_odd_describes_every_switch(odd):
    for switch in SWITCHES:
        lines = [line for line in odd.splitlines()
                 if f"`{switch}`" in line and "switch" in line.lower()]
        assert lines, f"docs/odd.md has no 'Switch' line for `{switch}`"
        assert any(re.search(r"\boff\b", line, re.IGNORECASE) for line in lines), (
            f"docs/odd.md does not say what happens when `{switch}` is off"
        )


def test_odd_has_the_protocol_sections_and_links_the_parameter_reference(odd):
    headings = [line.lstrip("# ").strip() for line in odd.splitlines() if line.startswith("## ")]
    for number, title in enumerate(
        ("Purpose and patterns", "Entities, state variables and scales",
         "Process overview and scheduling", "Design concepts", "Initialisation",
         "Input data", "Submodels"), start=1):
        assert f"{number} {title}" in headings, f"docs/odd.md lacks section '{number} {title}'"
    for title in ("Calibration targets", "What the model leaves out", "Sources"):
        assert title in headings, f"docs/odd.md lacks section '{title}'"
    assert "(parameters.md)" in odd, "docs/odd.md does not link docs/parameters.md"


def test_odd_gives_every_short_source_in_full(odd):
    from teamsim import params

    short = [name for name, value in vars(params).items()
             if name.isupper() and isinstance(value, str) and name != "ASSUMPTION"]
    assert short, "teamsim/params.py names no sources"
    sources = odd.split("## Sources", 1)[-1]
    for name in short:
        assert f"`{name}`" in sources, (
            f"docs/odd.md section Sources does not give source `{name}` in full"
        )
