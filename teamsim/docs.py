"""The parameter reference, docs/parameters.md, rendered from the parameter registry.

Parameter values are tuned in :mod:`teamsim.params` and nowhere else, so the
reference that lists them is generated, never edited by hand::

    uv run python -m teamsim.docs            # rewrite docs/parameters.md
    uv run python -m teamsim.docs --check    # exit 1 if it is out of date

``tests/test_docs.py`` fails when the file in the repository differs from what
:func:`render_parameters` makes of the registry. The model itself is described
in docs/odd.md (the ODD protocol), which links here for every value.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from teamsim.params import MECHANISMS, SWITCHES, parameter_table

ROOT = Path(__file__).resolve().parent.parent
PARAMETERS_MD = ROOT / "docs" / "parameters.md"
REGENERATE = "uv run python -m teamsim.docs"

# mechanism in the registry -> (heading, where the code is, anchor of its ODD submodel)
MECHANISM_INFO: dict[str, tuple[str, str, str]] = {
    "population": ("Population", "`teamsim/core/population.py`", "submodel-population"),
    "network": ("The network", "`teamsim/core/network.py`", "submodel-network"),
    "detection": ("Early detection", "`teamsim/core/detection.py`", "submodel-detection"),
    "intake": ("Intake and assessment", "`teamsim/core/intake.py`", "submodel-intake"),
    "capacity": ("Caseworker hours: the weekly task queue and follow-up",
                 "`teamsim/core/casework.py`, `teamsim/core/followup.py`", "submodel-capacity"),
    "turnover": ("Caseworker turnover", "`teamsim/core/turnover.py`", "submodel-turnover"),
    "meetings": ("Cross-professional meetings", "`teamsim/core/meetings.py`", "submodel-meetings"),
    "decisions": ("Staircase decisions", "`teamsim/core/decisions.py`", "submodel-decisions"),
    "placement": ("Placement dynamics", "`teamsim/core/placement.py`", "submodel-placement"),
    "costs": ("Costs", "`teamsim/core/outcomes.py`", "submodel-outcomes"),
    "initial": ("Initial state and the steady state of week 0",
                "`TeamSim._initial_cases` in `teamsim/core/model.py`, `teamsim/core/burnin.py`",
                "initialisation"),
}


def format_value(value: Any) -> str:
    """A default as a user would write it in a scenario file (TOML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)  # no comma in a year
    return repr(value)


def _cell(text: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def mechanism_heading(mechanism: str) -> str:
    return MECHANISM_INFO.get(mechanism, (mechanism.capitalize(), "", ""))[0]


def render_parameters() -> str:
    """docs/parameters.md as a string: every parameter, grouped by mechanism."""
    rows = parameter_table()
    lines = [
        "# teamsim parameters",
        "",
        "<!-- Generated from teamsim/params.py by `" + REGENERATE + "`. Do not edit by hand: "
        "change the registry and run the command again. -->",
        "",
        (f"Every parameter of the model ({len(rows)} in all), grouped by the mechanism that uses "
        "it, with its default (the Herning baseline of 2012; scenario files in "
        "`teamsim/scenarios/` override what differs), unit, allowed values, meaning and "
        "source. The model that uses them is described in [the ODD protocol](odd.md); the "
        "short source names are given in full in [its Sources section](odd.md#sources). "
        "*assumption* marks a value with no published source; *[I]* marks a value "
        "inferred by arithmetic from published numbers."),
        "",
        ("The mechanisms' on/off switches (`*_on`), with which a workshop can ask which "
         "assumption carries a result:"),
        "",
        "| Switch | Mechanism | Default |",
        "|---|---|---|",
    ]
    by_name = {r["name"]: r for r in rows}
    for name in SWITCHES:
        row = by_name[name]
        lines.append(f"| `{name}` | {mechanism_heading(row['mechanism'])} | "
                     f"{format_value(row['default'])} |")
    lines.append("")
    for mechanism in MECHANISMS:
        group = [r for r in rows if r["mechanism"] == mechanism]
        heading, code, anchor = MECHANISM_INFO.get(mechanism, (mechanism.capitalize(), "", ""))
        lines += [f"## {heading}", ""]
        where = [f"Mechanism `{mechanism}`"]
        if code:
            where.append(f"code: {code}")
        if anchor:
            where.append(f"described in [the ODD](odd.md#{anchor})")
        lines += ["; ".join(where) + ".", ""]
        lines += ["| Parameter | Default | Unit | Allowed | Meaning | Source |",
                  "|---|---|---|---|---|---|"]
        for r in group:
            lines.append("| " + " | ".join([
                f"`{r['name']}`", _cell(format_value(r["default"])), _cell(r["unit"]),
                _cell(r["allowed"]), _cell(r["meaning"]), _cell(r["source"]),
            ]) + " |")
        lines.append("")
    return "\n".join(lines)


def write_parameters(path: Path = PARAMETERS_MD) -> bool:
    """Write the parameter reference to ``path``; return True if the file changed."""
    text = render_parameters()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m teamsim.docs",
        description="Render the parameter reference (docs/parameters.md) from teamsim.params.",
    )
    parser.add_argument("--output", type=Path, default=PARAMETERS_MD,
                        help=f"file to write (default: {PARAMETERS_MD})")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.is_file() else None
        if current != render_parameters():
            print(f"{args.output} is out of date: run `{REGENERATE}`", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    changed = write_parameters(args.output)
    print(f"{'wrote' if changed else 'unchanged:'} {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
