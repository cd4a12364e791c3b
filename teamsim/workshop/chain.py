"""The theory-of-change chain: an editable data file, its simulated values, its diagram.

A chain file (TOML; the default is ``chains/herning.toml``) lists **boxes** and
**arrows**::

    [chain]
    title = "..."            # and title_da, description, description_da
    scenario = "herning-pilot"
    baseline = "herning-2012"

    [[box]]
    id = "caseworkers"       # letters, digits, - and _
    stage = "input"          # input | activity | output | outcome | impact
    label = "Caseworkers"
    label_da = "Socialrådgivere"
    parameter = "caseworkers"          # a model parameter (teamsim params) ...
    expect = "up"            # up | down | none: what the theory of change expects

    [[box]]
    id = "followups"
    stage = "activity"
    label = "Follow-ups held per open case a year"
    label_da = "..."
    indicator = "followups_held"       # ... or an indicator of the model's output
    table = "yearly"         # yearly (default) | budget | weekly
    per = "open_cases"       # optional: divided by another indicator of the same table
    over = "mean"            # how the years combine: mean (default) | sum | last | first
    scale = 1.0              # optional factor (e.g. 1000 for "per 1,000")
    format = "decimal"       # number | decimal | percent | kr | mkr
    focus = [2]              # Socialstyrelsen's focus areas (1-4) the box speaks to

    [[arrow]]
    from = "caseworkers"
    to = "followups"
    mechanism = "capacity"   # one of teamsim.params.MECHANISMS
    note = "..."             # optional, and note_da

Indicators: ``table = "yearly"`` takes a column of :func:`teamsim.core.outcomes.yearly`
(stocks as yearly means, flows as yearly sums, rates), ``"budget"`` a line of
the yearly budget (kr.; ``Total``'s change is the net against the baseline),
``"weekly"`` a column of the weekly series averaged over each year. For each
replication the years are combined (``over``), a ``per`` divisor is combined
the same way and divided into it, and ``scale`` applied; a box shows the
median over replications of the baseline, of the scenario and of the paired
differences (scenario minus baseline, same seed), with the 10-90% band of the
differences.

Every problem in a chain file is reported as one line (:class:`WorkshopError`)
naming the box or arrow, the field and what is allowed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teamsim import files
from teamsim.params import BY_NAME, MECHANISMS
from teamsim.workshop import WorkshopError, text

if TYPE_CHECKING:
    import pandas as pd

    from teamsim.run import Comparison, RunResult
    from teamsim.scenarios import Scenario

STAGES = ("input", "activity", "output", "outcome", "impact")
TABLES = ("yearly", "budget", "weekly")
OVER = ("mean", "sum", "last", "first")
FORMATS = ("number", "decimal", "percent", "kr", "mkr")
EXPECT = ("up", "down", "none")
FOCUS_AREAS = (1, 2, 3, 4)

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_CHAIN_KEYS = {"title", "title_da", "description", "description_da", "scenario", "baseline"}
_BOX_KEYS = {"id", "stage", "label", "label_da", "parameter", "indicator", "table", "per",
             "over", "scale", "format", "decimals", "expect", "focus", "note", "note_da"}
_ARROW_KEYS = {"from", "to", "mechanism", "note", "note_da"}
_NOTE_TYPES = {"note": files.TEXT, "note_da": files.TEXT}


@dataclass(frozen=True)
class Box:
    """One box of the chain: a model parameter or an indicator, at one stage."""

    id: str
    stage: str
    label: str
    label_da: str
    parameter: str | None = None
    indicator: str | None = None
    table: str = "yearly"
    per: str | None = None
    over: str = "mean"
    scale: float = 1.0
    format: str = "number"
    decimals: int | None = None
    expect: str = "none"
    focus: tuple[int, ...] = ()
    note: str = ""
    note_da: str = ""

    def text(self, lang: str) -> str:
        return self.label_da if lang == "da" else self.label


@dataclass(frozen=True)
class Arrow:
    """A link of the chain and the model mechanism that carries it."""

    source: str
    target: str
    mechanism: str
    note: str = ""
    note_da: str = ""


@dataclass(frozen=True)
class Chain:
    """A theory of change: boxes by stage and the arrows between them."""

    name: str
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    title: str = ""
    title_da: str = ""
    description: str = ""
    description_da: str = ""
    scenario: str | None = None
    baseline: str | None = None
    source: str = field(default="", compare=False)

    def box(self, box_id: str) -> Box:
        for b in self.boxes:
            if b.id == box_id:
                return b
        raise KeyError(box_id)

    def stage_boxes(self, stage: str) -> list[Box]:
        return [b for b in self.boxes if b.stage == stage]

    def mechanisms(self) -> list[str]:
        """The mechanisms the arrows name, in the model's order."""
        used = {a.mechanism for a in self.arrows}
        return [m for m in MECHANISMS if m in used]

    def heading(self, lang: str) -> str:
        return self.title_da if lang == "da" else self.title

    def about(self, lang: str) -> str:
        return self.description_da if lang == "da" else self.description


# ---- loading and validation ---------------------------------------------------------------
def chain_names() -> list[str]:
    """Names of the chains shipped with teamsim."""
    folder = resources.files("teamsim.workshop") / "chains"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_chain(spec: str | Path = "herning") -> Chain:
    """Load a shipped chain by name or a chain file by path, validated.

    Raises:
        WorkshopError: an unknown name, an unreadable file, or a field that is not
            allowed; the message names the box or arrow and what is allowed.
    """
    data, name, source = read_toml(spec, "chain", "chains", chain_names())
    return parse_chain(data, name, source)


def read_toml(spec: str | Path, kind: str, folder: str,
              names: list[str]) -> tuple[dict, str, str]:
    """Read a shipped ``kind`` (a name in ``names``, from the package's ``folder``) or a
    .toml file by path; returns the data, its name and a source phrase for messages."""
    spec_str = str(spec)
    if isinstance(spec, Path) or spec_str.endswith(".toml") or "/" in spec_str:
        data, _ = files.read_toml(spec_str, kind, WorkshopError)
        return data, Path(spec_str).expanduser().stem, f"{kind} file {spec_str}"
    if spec_str not in names:
        raise WorkshopError(f"unknown {kind} '{spec_str}': choose one of "
                            f"{', '.join(names)} or give the path of a .toml file")
    res = resources.files("teamsim.workshop") / folder / f"{spec_str}.toml"
    source = f"{kind} {spec_str}"
    return files.parse_toml(res.read_text(encoding="utf-8"), source, WorkshopError), spec_str, source


def parse_chain(data: Mapping[str, Any], name: str = "chain", source: str = "chain") -> Chain:
    """Build and validate a chain from the parsed TOML tables."""
    unknown = set(data) - {"chain", "box", "arrow"}
    if unknown:
        raise WorkshopError(f"{source}: unknown table(s) {', '.join(sorted(unknown))}; "
                            "allowed: [chain], [[box]] and [[arrow]]")
    meta = data.get("chain", {})
    if not isinstance(meta, dict):
        raise WorkshopError(f"{source}: [chain] must be a table")
    _no_unknown(meta, _CHAIN_KEYS, f"{source}: [chain]")
    files.check_types(meta, dict.fromkeys(_CHAIN_KEYS, files.TEXT), f"{source}: [chain]",
                      WorkshopError)
    raw_boxes, raw_arrows = data.get("box", []), data.get("arrow", [])
    if not isinstance(raw_boxes, list) or not raw_boxes:
        raise WorkshopError(f"{source}: no boxes: add [[box]] tables")
    if not isinstance(raw_arrows, list):
        raise WorkshopError(f"{source}: arrows must be [[arrow]] tables")
    boxes = [_box(raw, i, source) for i, raw in enumerate(raw_boxes, start=1)]
    seen: set[str] = set()
    for b in boxes:
        if b.id in seen:
            raise WorkshopError(f"{source}: box id '{b.id}' is used twice: ids must be unique")
        seen.add(b.id)
    arrows = [_arrow(raw, i, source, seen) for i, raw in enumerate(raw_arrows, start=1)]
    for key in ("scenario", "baseline"):
        if key in meta:
            _check_scenario(meta[key], f"{source}: [chain] {key}")
    return Chain(
        name=name, boxes=tuple(boxes), arrows=tuple(arrows),
        title=meta.get("title", name), title_da=meta.get("title_da", meta.get("title", name)),
        description=meta.get("description", ""),
        description_da=meta.get("description_da", meta.get("description", "")),
        scenario=meta.get("scenario"), baseline=meta.get("baseline"), source=source,
    )


def _no_unknown(raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
    bad = set(raw) - allowed
    if bad:
        raise WorkshopError(f"{where}: unknown field(s) {', '.join(sorted(bad))}; "
                            f"allowed: {', '.join(sorted(allowed))}")


def _check_scenario(value: Any, where: str) -> None:
    from teamsim.errors import TeamsimError
    from teamsim.scenarios import load_scenario

    if not isinstance(value, str):
        raise WorkshopError(f"{where} = {value!r} is not allowed: expected a scenario name")
    try:
        load_scenario(value)
    except TeamsimError as err:
        raise WorkshopError(f"{where}: {err}") from None


def _str(raw: Mapping[str, Any], key: str, where: str, required: bool = True) -> str | None:
    value = raw.get(key)
    if value is None:
        if required:
            raise WorkshopError(f"{where}: missing field '{key}'")
        return None
    if not isinstance(value, str) or not value.strip():
        raise WorkshopError(f"{where}: '{key}' = {value!r} is not allowed: expected a "
                            "non-empty string")
    return value.strip()


def _choice(raw: Mapping[str, Any], key: str, choices: Sequence[str], default: str,
            where: str) -> str:
    value = raw.get(key, default)
    if value not in choices:
        raise WorkshopError(f"{where}: {key} = {value!r} is not allowed: "
                            f"choose one of {', '.join(choices)}")
    return value


def _box(raw: Any, number: int, source: str) -> Box:
    if not isinstance(raw, dict):
        raise WorkshopError(f"{source}: box {number} must be a table")
    where = f"{source}: box {number}"
    box_id = _str(raw, "id", where)
    if not _ID.match(box_id):
        raise WorkshopError(f"{where}: id {box_id!r} is not allowed: use letters, digits, "
                            "- and _, starting with a letter")
    where = f"{source}: box '{box_id}'"
    _no_unknown(raw, _BOX_KEYS, where)
    files.check_types(raw, _NOTE_TYPES, where, WorkshopError)
    stage = _choice(raw, "stage", STAGES, "", where)
    label = _str(raw, "label", where)
    label_da = _str(raw, "label_da", where)
    parameter = _str(raw, "parameter", where, required=False)
    indicator = _str(raw, "indicator", where, required=False)
    if (parameter is None) == (indicator is None):
        raise WorkshopError(f"{where}: give exactly one of 'parameter' (a model parameter) "
                            "or 'indicator' (a model output)")
    table = _choice(raw, "table", TABLES, "yearly", where)
    over = _choice(raw, "over", OVER, "mean", where)
    per = _str(raw, "per", where, required=False)
    if parameter is not None:
        if parameter not in BY_NAME:
            raise WorkshopError(f"{where}: unknown parameter '{parameter}' "
                                "('teamsim params' lists them)")
        extra = [k for k in ("indicator", "table", "per", "over", "scale") if k in raw]
        if extra:
            raise WorkshopError(f"{where}: {', '.join(extra)} only apply to indicator boxes")
    else:
        for name in (indicator, per) if per else (indicator,):
            if name not in indicator_names(table):
                raise WorkshopError(f"{where}: unknown {table} indicator '{name}'; "
                                    f"allowed: {', '.join(indicator_names(table))}")
    scale = raw.get("scale", 1.0)
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not math.isfinite(
            scale) or scale == 0:
        raise WorkshopError(f"{where}: scale = {scale!r} is not allowed: expected a non-zero "
                            "number")
    fmt = _choice(raw, "format", FORMATS, "number", where)
    decimals = raw.get("decimals")
    if decimals is not None and (isinstance(decimals, bool) or not isinstance(decimals, int)
                                 or not 0 <= decimals <= 4):
        raise WorkshopError(f"{where}: decimals = {decimals!r} is not allowed: expected a "
                            "whole number from 0 to 4")
    expect = _choice(raw, "expect", EXPECT, "none", where)
    focus = raw.get("focus", [])
    if not isinstance(focus, list) or any(f not in FOCUS_AREAS or isinstance(f, bool)
                                          for f in focus):
        raise WorkshopError(f"{where}: focus = {focus!r} is not allowed: expected a list of "
                            "Socialstyrelsen's focus areas 1-4, e.g. [2]")
    return Box(id=box_id, stage=stage, label=label, label_da=label_da, parameter=parameter,
               indicator=indicator, table=table, per=per, over=over, scale=float(scale),
               format=fmt, decimals=decimals, expect=expect, focus=tuple(focus),
               note=str(raw.get("note", "")), note_da=str(raw.get("note_da", "")))


def _arrow(raw: Any, number: int, source: str, ids: set[str]) -> Arrow:
    if not isinstance(raw, dict):
        raise WorkshopError(f"{source}: arrow {number} must be a table")
    where = f"{source}: arrow {number}"
    _no_unknown(raw, _ARROW_KEYS, where)
    files.check_types(raw, _NOTE_TYPES, where, WorkshopError)
    ends = []
    for key in ("from", "to"):
        box_id = _str(raw, key, where)
        if box_id not in ids:
            raise WorkshopError(f"{where}: '{key}' = '{box_id}' is not a box of this chain; "
                                f"boxes: {', '.join(sorted(ids))}")
        ends.append(box_id)
    if ends[0] == ends[1]:
        raise WorkshopError(f"{where}: an arrow cannot go from box '{ends[0]}' to itself")
    mechanism = _str(raw, "mechanism", where)
    if mechanism not in MECHANISMS:
        raise WorkshopError(f"{where} ({ends[0]} -> {ends[1]}): unknown mechanism "
                            f"'{mechanism}'; allowed: {', '.join(MECHANISMS)}")
    return Arrow(source=ends[0], target=ends[1], mechanism=mechanism,
                 note=str(raw.get("note", "")), note_da=str(raw.get("note_da", "")))


@cache
def _columns() -> dict[str, tuple[str, ...]]:
    """Indicator names of each table, read from teamsim.core.outcomes itself."""
    import pandas as pd

    from teamsim.core import outcomes
    from teamsim.run import NET_ROWS

    weekly = tuple(dict.fromkeys(("week", "year", *outcomes.COUNTERS, *outcomes._LEVELS)))
    row = dict.fromkeys(weekly, 1.0)
    row["week"], row["year"] = 1, 2013
    frame = pd.DataFrame([row]).astype(float)
    yearly = tuple(c for c in outcomes.yearly(frame).columns)
    budget = tuple(line for line in outcomes.yearly_costs(frame).index if line not in NET_ROWS)
    return {"yearly": yearly, "budget": budget,
            "weekly": tuple(c for c in weekly if c not in ("week", "year"))}


def indicator_names(table: str = "yearly") -> tuple[str, ...]:
    """The indicators a box can show from ``table`` (yearly, budget or weekly)."""
    return _columns()[table]


# ---- values from a comparison ---------------------------------------------------------------
@dataclass(frozen=True)
class BoxValue:
    """A box's simulated values: medians over replications and the band of the change.

    For a parameter box, ``baseline`` and ``scenario`` are the parameter's values
    (numbers, or text for choices and switches) and the band is empty.
    """

    box: Box
    baseline: Any
    scenario: Any
    change: float | None
    p10: float | None = None
    p90: float | None = None
    replications: int = 0

    @property
    def verdict(self) -> str:
        """How the change compares with what the theory expects.

        ``"as_expected"``: the median change goes the expected way and the 10-90% band
        of the paired differences does not include 0; ``"against"``: it goes the other
        way with a band that excludes 0; ``"unclear"``: the band includes 0 or the change
        is 0; ``"none"``: the box states no expectation or has no numeric change.
        """
        if self.box.expect == "none" or self.change is None or math.isnan(self.change):
            return "none"
        low = self.change if self.p10 is None else self.p10
        high = self.change if self.p90 is None else self.p90
        sign = 1 if self.box.expect == "up" else -1
        if self.change * sign > 0 and min(low * sign, high * sign) > 0:
            return "as_expected"
        if self.change * sign < 0 and max(low * sign, high * sign) < 0:
            return "against"
        return "unclear"


def box_values(chain: Chain, comparison: Comparison) -> dict[str, BoxValue]:
    """Every box's values for a scenario-versus-baseline comparison (keyed by box id)."""
    import numpy as np

    out = {}
    scen, base = comparison.scenario[0].spec, comparison.baseline[0].spec
    for box in chain.boxes:
        if box.parameter is not None:
            out[box.id] = _parameter_value(box, base, scen)
            continue
        s = np.array([indicator_value(box, r) for r in comparison.scenario])
        b = np.array([indicator_value(box, r) for r in comparison.baseline])
        d = s - b
        out[box.id] = BoxValue(box, _median(b), _median(s), _median(d), _quantile(d, 0.1),
                               _quantile(d, 0.9), len(d))
    return out


def _parameter_value(box: Box, base: Scenario, scen: Scenario) -> BoxValue:
    b, s = base.params[box.parameter], scen.params[box.parameter]
    if isinstance(b, (bool, str)):
        return BoxValue(box, b, s, None)
    return BoxValue(box, b, s, float(s - b))


def indicator_value(box: Box, run: RunResult) -> float:
    """The box's indicator for one run: years combined, divided by ``per``, scaled."""
    value = _combine(_yearly_values(box.indicator, box.table, run), box.over)
    if box.per is not None:
        denominator = _combine(_yearly_values(box.per, box.table, run), box.over)
        value = value / denominator if denominator else math.nan
    return value * box.scale


def _yearly_values(name: str, table: str, run: RunResult) -> pd.Series:
    if table == "budget":
        return run.budget.loc[name]
    if table == "weekly":
        weeks = run.series[run.series["week"] > 0]
        return weeks.groupby("year")[name].mean()
    return run.yearly[name]


def _combine(values: pd.Series, over: str) -> float:
    values = values.astype(float)
    if over == "sum":
        return float(values.sum(min_count=1))
    if over == "last":
        return float(values.iloc[-1])
    if over == "first":
        return float(values.iloc[0])
    return float(values.mean())


def _median(a) -> float:
    import numpy as np

    return float(np.nanmedian(a)) if np.isfinite(a).any() else math.nan


def _quantile(a, q: float) -> float:
    import numpy as np

    return float(np.nanquantile(a, q)) if np.isfinite(a).any() else math.nan


# ---- formatting ---------------------------------------------------------------------------
def format_value(box: Box, value: Any, lang: str, signed: bool = False) -> str:
    """A box's value as text in ``lang`` (Danish or English number format)."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return text.t("on" if value else "off", lang)
    if isinstance(value, str):
        return text.choice_label(value, lang)
    if isinstance(value, float) and math.isnan(value):
        return "–"
    fmt = box.format
    if fmt == "percent":
        decimals = 0 if box.decimals is None else box.decimals
        return text.percent(value, lang, decimals, signed=signed)
    if fmt == "kr":
        return text.kr(value, lang, signed=signed)
    if fmt == "mkr":
        return text.mkr(value, lang, 1 if box.decimals is None else box.decimals, signed=signed)
    decimals = box.decimals if box.decimals is not None else (1 if fmt == "decimal" else 0)
    return text.number(value, lang, decimals, signed=signed)


def _arrow_end(value: BoxValue) -> float:
    """Where the box's arrow points: the baseline's median plus the change (the median of
    the paired differences). The scenario's own median can lie on the other side of the
    baseline's ("60,0 → 59,3" beside "+0,4"), so the arrow would contradict the change."""
    if value.change is None or math.isnan(value.change) or math.isnan(value.baseline):
        return value.scenario
    return value.baseline + value.change


def format_change(value: BoxValue, lang: str) -> str:
    """The change as text: signed number, or "a → b" for choices and switches."""
    if value.change is None:
        if value.baseline == value.scenario:
            return text.t("unchanged", lang)
        return text.t("changed", lang)
    return format_value(value.box, value.change, lang, signed=True)


# ---- the diagram ----------------------------------------------------------------------------
BOX_W, BOX_H, COL_GAP, ROW_GAP, TOP, LEFT, RIGHT = 200, 96, 112, 20, 64, 16, 64
VERDICT_COLOUR = {"as_expected": "#1a7f37", "against": "#cf222e", "unclear": "#9a6700",
                  "none": "#57606a"}
MECHANISM_COLOUR = {
    "population": "#8c564b", "network": "#17becf", "detection": "#1f77b4",
    "intake": "#9467bd", "capacity": "#d62728", "turnover": "#aec7e8", "meetings": "#2ca02c",
    "decisions": "#ff7f0e", "placement": "#e377c2", "costs": "#7f7f7f", "initial": "#bcbd22",
}


def _layout(chain: Chain) -> dict[str, tuple[float, float]]:
    """Top-left corner of each box: one column per stage, boxes in file order."""
    pos = {}
    for col, stage in enumerate(STAGES):
        for row, box in enumerate(chain.stage_boxes(stage)):
            pos[box.id] = (LEFT + col * (BOX_W + COL_GAP), TOP + row * (BOX_H + ROW_GAP))
    return pos


def _wrap(words: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in words.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


def chain_svg(chain: Chain, values: Mapping[str, BoxValue] | None = None, lang: str = "da",
              carried: Mapping[str, float] | None = None) -> str:
    """The chain as a self-contained SVG: columns by stage, arrows named by mechanism.

    Args:
        values: box values from :func:`box_values`; without them the boxes show
            only their labels and what they are measured by.
        lang: "da" or "en".
        carried: optional share of the change in placements that disappears
            without each mechanism (from :mod:`teamsim.workshop.carry`); shown on
            the arrows ("bærer 62 %").

    The output depends only on its arguments (no randomness, no clock).
    """
    text.check_lang(lang)
    pos = _layout(chain)
    rows = max(len(chain.stage_boxes(s)) for s in STAGES)
    width = LEFT + RIGHT + len(STAGES) * BOX_W + (len(STAGES) - 1) * COL_GAP
    legend_y = TOP + rows * (BOX_H + ROW_GAP) + 6
    mechanisms = chain.mechanisms()
    height = legend_y + 22 * math.ceil(len(mechanisms) / 4) + 46
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="teamsim-chain" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'font-family="Helvetica, Arial, sans-serif" role="img" '
           f'aria-label="{escape(chain.heading(lang))}">'),
           '<defs>' + "".join(
               f'<marker id="head-{m}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
               f'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
               f'fill="{MECHANISM_COLOUR[m]}"/></marker>' for m in MECHANISMS) + '</defs>',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    for col, stage in enumerate(STAGES):
        x = LEFT + col * (BOX_W + COL_GAP) + BOX_W / 2
        out.append(f'<text x="{x}" y="{TOP - 30}" text-anchor="middle" font-size="15" '
                   f'font-weight="bold" fill="#24292f">{escape(text.t("stage_" + stage, lang))}'
                   '</text>')
        out.append(f'<text x="{x}" y="{TOP - 13}" text-anchor="middle" font-size="11" '
                   f'fill="#57606a">{escape(text.t("stage_hint_" + stage, lang))}</text>')
    for arrow in chain.arrows:
        out.append(_arrow_svg(arrow, pos, lang, carried))
    for box in chain.boxes:
        out.append(_box_svg(box, pos[box.id], (values or {}).get(box.id), lang))
    out.append(_legend_svg(mechanisms, legend_y, lang, values is not None, width))
    out.append("</svg>")
    return "\n".join(out)


def _box_svg(box: Box, xy: tuple[float, float], value: BoxValue | None, lang: str) -> str:
    x, y = xy
    verdict = value.verdict if value is not None else "none"
    stroke = VERDICT_COLOUR[verdict] if value is not None and verdict != "none" else "#8c959f"
    parts = [f'<g class="box" data-box="{box.id}" data-verdict="{verdict}">',
             (f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="7" fill="#f6f8fa" '
             f'stroke="{stroke}" stroke-width="{2.2 if verdict != "none" else 1.2}"/>')]
    label = _wrap(box.text(lang), 30)[:2]
    for i, line in enumerate(label):
        parts.append(f'<text x="{x + 8}" y="{y + 16 + 14 * i}" font-size="12" '
                     f'font-weight="bold" fill="#24292f">{escape(line)}</text>')
    if value is None:
        what = box.parameter or box.indicator
        parts.append(f'<text x="{x + 8}" y="{y + 60}" font-size="11" fill="#57606a" '
                     f'font-family="monospace">{escape(what)}</text>')
    elif isinstance(value.scenario, str | bool):  # a choice or a switch: one line each
        base = _clip(format_value(box, value.baseline, lang), 34)
        scen = _clip("→ " + format_value(box, value.scenario, lang), 32)
        parts.append(f'<text x="{x + 8}" y="{y + 52}" font-size="11" fill="#57606a">'
                     f'<tspan class="baseline">{escape(base)}</tspan></text>')
        parts.append(f'<text x="{x + 8}" y="{y + 67}" font-size="11" fill="#24292f" '
                     f'font-weight="bold"><tspan class="scenario">{escape(scen)}</tspan></text>')
        parts.append(f'<text x="{x + 8}" y="{y + 84}" font-size="11" fill="#57606a">'
                     f'<tspan class="change">{escape(format_change(value, lang))}</tspan></text>')
    else:
        base = format_value(box, value.baseline, lang)
        scen = format_value(box, _arrow_end(value), lang)
        parts.append(f'<text x="{x + 8}" y="{y + 58}" font-size="12" fill="#24292f">'
                     f'<tspan class="baseline">{escape(base)}</tspan> → '
                     f'<tspan class="scenario" font-weight="bold">{escape(scen)}</tspan></text>')
        change = format_change(value, lang)
        mark = {"as_expected": " ✓", "against": " ✗", "unclear": " ?", "none": ""}[verdict]
        parts.append(f'<text x="{x + 8}" y="{y + 80}" font-size="12" '
                     f'fill="{VERDICT_COLOUR[verdict]}"><tspan class="change">'
                     f'{escape(change)}</tspan>{mark}</text>')
    if box.focus:
        tag = ", ".join(str(f) for f in box.focus)
        parts.append(f'<text x="{x + BOX_W - 8}" y="{y + BOX_H - 8}" font-size="10" '
                     f'text-anchor="end" fill="#57606a">{escape(text.t("focus_short", lang))} '
                     f'{tag}</text>')
    parts.append(f'<title>{escape(_tooltip(box, lang))}</title></g>')
    return "".join(parts)


def _clip(line: str, width: int) -> str:
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def _tooltip(box: Box, lang: str) -> str:
    what = (f"{text.t('parameter', lang)}: {box.parameter}" if box.parameter else
            f"{text.t('indicator', lang)}: {box.table}.{box.indicator}"
            + (f" / {box.per}" if box.per else "") + f" ({text.t('over_' + box.over, lang)})")
    note = box.note_da if lang == "da" else box.note
    return f"{box.text(lang)}\n{what}" + (f"\n{note}" if note else "")


def _arrow_svg(arrow: Arrow, pos: Mapping[str, tuple[float, float]], lang: str,
               carried: Mapping[str, float] | None) -> str:
    (x1, y1), (x2, y2) = pos[arrow.source], pos[arrow.target]
    colour = MECHANISM_COLOUR[arrow.mechanism]
    if x1 == x2:  # same stage: a bow on the right-hand side
        sx, sy, tx, ty = x1 + BOX_W, y1 + BOX_H / 2, x2 + BOX_W, y2 + BOX_H / 2
        c1x = c2x = sx + COL_GAP * 0.6
        c1y, c2y = sy, ty
    else:
        forward = x2 > x1
        sx = x1 + BOX_W if forward else x1
        tx = x2 if forward else x2 + BOX_W
        sy, ty = y1 + BOX_H / 2, y2 + BOX_H / 2
        bend = max(COL_GAP * 0.5, abs(tx - sx) * 0.4) * (1 if forward else -1)
        c1x, c1y, c2x, c2y = sx + bend, sy, tx - bend, ty
    path = (f'M{sx:.1f},{sy:.1f} C{c1x:.1f},{c1y:.1f} {c2x:.1f},{c2y:.1f} '
            f'{tx - (2 if x1 != x2 and x2 > x1 else 0):.1f},{ty:.1f}')
    width = 1.6
    label = text.mechanism_short(arrow.mechanism, lang)
    if carried is not None and arrow.mechanism in carried and math.isfinite(
            carried[arrow.mechanism]):
        share = carried[arrow.mechanism]
        width = 1.2 + 5 * min(max(abs(share), 0), 1)
        label += f" {text.percent(share, lang, 0)}"
    note = arrow.note_da if lang == "da" else arrow.note
    title = f"{text.mechanism_label(arrow.mechanism, lang)}" + (f": {note}" if note else "")
    # label at the curve's midpoint (t = 0.5 of the cubic Bezier)
    mx = (sx + 3 * c1x + 3 * c2x + tx) / 8
    my = (sy + 3 * c1y + 3 * c2y + ty) / 8
    return (f'<g class="arrow" data-from="{arrow.source}" data-to="{arrow.target}" '
            f'data-mechanism="{arrow.mechanism}"><path d="{path}" fill="none" '
            f'stroke="{colour}" stroke-width="{width:.1f}" stroke-opacity="0.85" '
            f'marker-end="url(#head-{arrow.mechanism})"/>'
            f'<text x="{mx:.1f}" y="{my - 3:.1f}" font-size="9.5" text-anchor="middle" '
            f'fill="{colour}" stroke="#ffffff" stroke-width="3" paint-order="stroke">'
            f'{escape(label)}</text><title>{escape(title)}</title></g>')


def _legend_svg(mechanisms: list[str], y: float, lang: str, with_values: bool,
                width: float) -> str:
    parts = [(f'<g class="legend"><text x="{LEFT}" y="{y + 12}" font-size="11" '
             f'font-weight="bold" fill="#24292f">{escape(text.t("legend_mechanisms", lang))}'
             '</text>')]
    for i, m in enumerate(mechanisms):
        x = LEFT + 230 + (i % 4) * 250
        yy = y + 12 + 22 * (i // 4)
        parts.append(f'<line x1="{x}" y1="{yy - 4}" x2="{x + 22}" y2="{yy - 4}" '
                     f'stroke="{MECHANISM_COLOUR[m]}" stroke-width="3"/>'
                     f'<text x="{x + 28}" y="{yy}" font-size="11" fill="#24292f">'
                     f'{escape(text.mechanism_label(m, lang))}</text>')
    rows = math.ceil(len(mechanisms) / 4)
    if with_values:
        yy = y + 12 + 22 * rows + 8
        parts.append(f'<text x="{LEFT}" y="{yy}" font-size="11" fill="#57606a">'
                     f'{escape(text.t("legend_values", lang))}</text>')
    parts.append("</g>")
    return "".join(parts)
