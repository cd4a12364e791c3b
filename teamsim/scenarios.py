"""Named scenarios: plain TOML data files a user can copy and edit.

A scenario file has a ``[scenario]`` table (title and description in English
and Danish) and a ``[params]`` table of parameter overrides; everything not
named keeps its default (see ``teamsim params``). Presets ship in
``teamsim/scenarios/``; any path to a ``.toml`` file works too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from teamsim.errors import ParameterError, ScenarioError
from teamsim.files import TEXT, check_types, parse_toml, read_toml
from teamsim.params import Params

_ALLOWED_TABLES = {"scenario", "params"}
_ALLOWED_META = {"title", "title_da", "description", "description_da", "baseline"}
_META_TYPES = dict.fromkeys(_ALLOWED_META, TEXT)


@dataclass(frozen=True)
class Scenario:
    """A named parameter set: what to simulate."""

    name: str
    params: Params
    title: str = ""
    title_da: str = ""
    description: str = ""
    description_da: str = ""
    baseline: str | None = None
    source: str = field(default="", compare=False)

    def with_params(self, **overrides: Any) -> Scenario:
        """The same scenario with some parameters changed (validated)."""
        if not overrides:
            return self
        return Scenario(
            name=self.name,
            params=self.params.replace(**overrides),
            title=self.title,
            title_da=self.title_da,
            description=self.description,
            description_da=self.description_da,
            baseline=self.baseline,
            source=self.source,
        )


def preset_names() -> list[str]:
    """Names of the scenarios shipped with teamsim."""
    folder = resources.files("teamsim") / "scenarios"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_scenario(spec: str | Path | Scenario, **overrides: Any) -> Scenario:
    """Load a preset by name or a scenario file by path, with optional overrides.

    Raises ScenarioError for an unknown name or an unreadable file, and
    ParameterError for a bad parameter, each naming what is allowed.
    """
    if isinstance(spec, Scenario):
        return spec.with_params(**overrides)
    data, name, source = _read(spec)
    return _from_dict(data, name, source).with_params(**overrides)


def _read(spec: str | Path) -> tuple[dict[str, Any], str, str]:
    spec_str = str(spec)
    path = Path(spec_str).expanduser()
    # a name that is no preset but names something on disk is a path too (e.g. a folder)
    looks_like_path = (isinstance(spec, Path) or spec_str.endswith(".toml") or "/" in spec_str
                       or (spec_str not in preset_names() and os.path.exists(path)))
    if looks_like_path:
        data, _ = read_toml(spec_str, "scenario", ScenarioError)
        return data, path.stem, str(path)
    if spec_str not in preset_names():
        raise ScenarioError(
            f"unknown scenario '{spec_str}': choose one of {', '.join(preset_names())} "
            "or give the path of a .toml file"
        )
    res = resources.files("teamsim") / "scenarios" / f"{spec_str}.toml"
    source = f"preset {spec_str}"
    return parse_toml(res.read_text(encoding="utf-8"), source, ScenarioError), spec_str, source


def _from_dict(data: Mapping[str, Any], name: str, source: str) -> Scenario:
    unknown = set(data) - _ALLOWED_TABLES
    if unknown:
        raise ScenarioError(
            f"scenario {source}: unknown table(s) {', '.join(sorted(unknown))}; "
            "allowed: [scenario] and [params]"
        )
    meta = data.get("scenario", {})
    params = data.get("params", {})
    if not isinstance(meta, dict) or not isinstance(params, dict):
        raise ScenarioError(f"scenario {source}: [scenario] and [params] must be tables")
    bad_meta = set(meta) - _ALLOWED_META
    if bad_meta:
        raise ScenarioError(
            f"scenario {source}: unknown key(s) {', '.join(sorted(bad_meta))} in [scenario]; "
            f"allowed: {', '.join(sorted(_ALLOWED_META))}"
        )
    check_types(meta, _META_TYPES, f"scenario {source}: [scenario]", ScenarioError)
    try:
        values = Params(params)
    except ParameterError as err:
        raise ParameterError(f"scenario {source}: {err}") from None
    return Scenario(
        name=name,
        params=values,
        title=meta.get("title", name),
        title_da=meta.get("title_da", meta.get("title", name)),
        description=meta.get("description", ""),
        description_da=meta.get("description_da", ""),
        baseline=meta.get("baseline"),
        source=source,
    )
