"""Guided stories: prepared sequences of steps for a theory-of-change workshop.

A story is a TOML file (``stories/*.toml``; any path works too)::

    [story]
    title = "The caseload question"        # and title_da
    summary = "..."                        # and summary_da
    scenario = "herning-2012"              # what the steps change
    baseline = "herning-2012"              # what they are compared with
    chain = "herning"                      # the chain whose boxes the steps point at
    minutes = 25                           # time to allow in a workshop

    [[step]]
    title = "Twice the caseworkers"        # and title_da
    question = "What do you expect ...?"   # the question to the room, and question_da
    settings = { caseworkers = 8 }         # parameters of the scenario at this step
    baseline_settings = {}                 # parameters of the baseline at this step
    look_at = ["caseload", "followups"]    # boxes of the chain to look at
    look_at_text = "..."                   # and look_at_text_da: what to look for
    carry = false                          # also ask "which assumption carries it?"

Each step's settings are complete on their own (not added to the previous
step's), so a step can be run, skipped or repeated in any order. Every
problem in a story file is one line (:class:`WorkshopError`) naming the
story, the step and what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from teamsim.errors import TeamsimError
from teamsim.files import TEXT, check_types
from teamsim.workshop import WorkshopError
from teamsim.workshop.chain import load_chain, read_toml

_STORY_KEYS = {"title", "title_da", "summary", "summary_da", "scenario", "baseline", "chain",
               "minutes"}
_STEP_KEYS = {"title", "title_da", "question", "question_da", "settings", "baseline_settings",
              "look_at", "look_at_text", "look_at_text_da", "carry"}


@dataclass(frozen=True)
class Step:
    """One step of a story: a question, the settings to apply, what to look at."""

    title: str
    title_da: str
    question: str
    question_da: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    baseline_settings: Mapping[str, Any] = field(default_factory=dict)
    look_at: tuple[str, ...] = ()
    look_at_text: str = ""
    look_at_text_da: str = ""
    carry: bool = False

    def heading(self, lang: str) -> str:
        return self.title_da if lang == "da" else self.title

    def ask(self, lang: str) -> str:
        return self.question_da if lang == "da" else self.question

    def hint(self, lang: str) -> str:
        return self.look_at_text_da if lang == "da" else self.look_at_text


@dataclass(frozen=True)
class Story:
    """A guided sequence of steps on one scenario, baseline and chain."""

    name: str
    title: str
    title_da: str
    summary: str
    summary_da: str
    scenario: str
    baseline: str
    chain: str
    minutes: int
    steps: tuple[Step, ...]

    def heading(self, lang: str) -> str:
        return self.title_da if lang == "da" else self.title

    def about(self, lang: str) -> str:
        return self.summary_da if lang == "da" else self.summary


def story_names() -> list[str]:
    """Names of the stories shipped with teamsim, in workshop order (file name order)."""
    folder = resources.files("teamsim.workshop") / "stories"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_story(spec: str | Path) -> Story:
    """Load a shipped story by name or a story file by path, validated against the model
    (parameters and values) and its chain (box ids)."""
    data, name, source = read_toml(spec, "story", "stories", story_names())
    return parse_story(data, name, source)


def load_stories() -> list[Story]:
    """Every shipped story."""
    return [load_story(name) for name in story_names()]


def parse_story(data: Mapping[str, Any], name: str = "story", source: str = "story") -> Story:
    """Build and validate a story from the parsed TOML tables."""
    unknown = set(data) - {"story", "step"}
    if unknown:
        raise WorkshopError(f"{source}: unknown table(s) {', '.join(sorted(unknown))}; "
                            "allowed: [story] and [[step]]")
    meta = data.get("story")
    if not isinstance(meta, dict):
        raise WorkshopError(f"{source}: missing [story] table")
    _no_unknown(meta, _STORY_KEYS, f"{source}: [story]")
    check_types(meta, {"chain": TEXT}, f"{source}: [story]", WorkshopError)
    texts = {k: _text(meta, k, f"{source}: [story]") for k in ("title", "title_da", "summary",
                                                               "summary_da")}
    scenario = _text(meta, "scenario", f"{source}: [story]")
    baseline = _text(meta, "baseline", f"{source}: [story]")
    chain_name = meta.get("chain", "herning")
    try:
        chain = load_chain(chain_name)
    except WorkshopError as err:
        raise WorkshopError(f"{source}: {err}") from None
    minutes = meta.get("minutes", 20)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 240:
        raise WorkshopError(f"{source}: minutes = {minutes!r} is not allowed: expected a whole "
                            "number from 1 to 240")
    raw_steps = data.get("step")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise WorkshopError(f"{source}: no steps: add [[step]] tables")
    box_ids = {b.id for b in chain.boxes}
    steps = tuple(_step(raw, i, source, scenario, baseline, box_ids)
                  for i, raw in enumerate(raw_steps, start=1))
    return Story(name=name, scenario=scenario, baseline=baseline, chain=str(chain_name),
                 minutes=minutes, steps=steps, **texts)


def _no_unknown(raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
    bad = set(raw) - allowed
    if bad:
        raise WorkshopError(f"{where}: unknown field(s) {', '.join(sorted(bad))}; "
                            f"allowed: {', '.join(sorted(allowed))}")


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if value is None:
        raise WorkshopError(f"{where}: missing field '{key}'")
    if not isinstance(value, str) or not value.strip():
        raise WorkshopError(f"{where}: '{key}' = {value!r} is not allowed: expected a "
                            "non-empty string")
    return " ".join(value.split())


def _step(raw: Any, number: int, source: str, scenario: str, baseline: str,
          box_ids: set[str]) -> Step:
    from teamsim.scenarios import load_scenario

    where = f"{source}: step {number}"
    if not isinstance(raw, dict):
        raise WorkshopError(f"{where} must be a table")
    _no_unknown(raw, _STEP_KEYS, where)
    check_types(raw, {"look_at_text": TEXT, "look_at_text_da": TEXT}, where, WorkshopError)
    settings = raw.get("settings", {})
    base_settings = raw.get("baseline_settings", {})
    for key, value, spec in (("settings", settings, scenario),
                             ("baseline_settings", base_settings, baseline)):
        if not isinstance(value, dict):
            raise WorkshopError(f"{where}: {key} must be a table of parameter = value")
        try:
            load_scenario(spec, **value)
        except TeamsimError as err:
            raise WorkshopError(f"{where}: {key}: {err}") from None
    look_at = raw.get("look_at", [])
    if not isinstance(look_at, list) or any(not isinstance(b, str) for b in look_at):
        raise WorkshopError(f"{where}: look_at must be a list of box ids")
    for box_id in look_at:
        if box_id not in box_ids:
            raise WorkshopError(f"{where}: look_at '{box_id}' is not a box of the chain; "
                                f"boxes: {', '.join(sorted(box_ids))}")
    carry = raw.get("carry", False)
    if not isinstance(carry, bool):
        raise WorkshopError(f"{where}: carry = {carry!r} is not allowed: expected true or false")
    return Step(
        title=_text(raw, "title", where), title_da=_text(raw, "title_da", where),
        question=_text(raw, "question", where), question_da=_text(raw, "question_da", where),
        settings=dict(settings), baseline_settings=dict(base_settings), look_at=tuple(look_at),
        look_at_text=" ".join(str(raw.get("look_at_text", "")).split()),
        look_at_text_da=" ".join(str(raw.get("look_at_text_da", "")).split()), carry=carry)
