"""The week-by-week charts on Mesa's visualisation.

What is Mesa's and what is ours:

- **Network** — drawn by Mesa's space drawing
  (``mesa.visualization.mpl_space_drawing.draw_space``) from a
  ``mesa.discrete_space.Network`` holding one agent per node of the model's snapshot
  (:meth:`TeamSim.network`), with an agent portrayal (:func:`portrayal`) that colours
  families by staircase step and professionals by profession. Ours: the per-snapshot
  view model (:class:`NetworkSnapshot`; Mesa's drawer looks for the space at
  ``model.grid``), the layout (Mesa's drawer takes ``layout_alg``; we pass the model's own
  district layout instead of its unseeded spring layout), the edges (collaboration and
  case ties, kin ties left out: Mesa would draw every edge dashed) and the legend.
- **Time series** — Mesa's ``make_plot_component`` / ``PlotMatplotlib`` (matplotlib
  backend: Altair refuses > 5,000 rows) reading the model's ``DataCollector``; our
  ``post_process`` functions (:data:`POST`) stack the staircase, add the baseline (dashed),
  the 75 % goal, the caseload cap, a second panel where a chart has one, and put on the
  Danish/English titles, labels and number formats. Mesa's component gets a frozen copy of
  the collected data (:class:`SeriesSnapshot`), taken under the session's lock, so a
  playing thread never changes the data while it is drawn.

The figures a planner sees are the figures the PNG buttons export (captured from
``post_process``, saved at :data:`EXPORT_DPI` instead of the screen's :data:`SCREEN_DPI`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import mesa
import networkx as nx
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from mesa.discrete_space import CellAgent, Network
from mesa.visualization.components import AgentPortrayalStyle
from mesa.visualization.mpl_space_drawing import draw_space

from teamsim.app.charts import (
    BASELINE_COLOUR,
    GOAL_FAMILY_SHARE,
    PROFESSION_STYLE,
    SCENARIO_COLOUR,
    STEP_COLOURS,
    _number_axis,
    _percent_axis,
    _style,
)
from teamsim.i18n import (
    format_number,
    indicator_label,
    profession_label,
    register_texts,
    step_name,
    tr,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

SCREEN_DPI = 72  # what the page shows (cheap to draw)
EXPORT_DPI = 150  # what the PNG buttons download
KIN_COLOUR = "#bbbbbb"

register_texts({
    "app.net.families": {"da": "Familier efter trin", "en": "Families by step"},
    "app.net.people": {"da": "Fagfolk og netværk", "en": "Professionals and kin"},
})


# ---- the network through Mesa's space drawing ----------------------------------------------
class NodeAgent(CellAgent):
    """One node of the snapshot: a family (with its step), a kin household or a professional."""

    def __init__(self, model: mesa.Model, kind: str, step: int | None, cell) -> None:
        super().__init__(model)
        self.kind = kind
        self.step = step
        self.cell = cell


class NetworkSnapshot(mesa.Model):
    """A view model of one week's network snapshot, for Mesa's space drawing.

    ``space``/``grid`` is a ``mesa.discrete_space.Network`` over the snapshot's graph
    relabelled to node ids 0..n-1 (Mesa's drawer indexes the layout by node id), and
    ``positions`` the model's district layout in that order. Nothing random is drawn
    (``rng=0`` only satisfies Mesa).
    """

    def __init__(self, graph: nx.Graph) -> None:
        super().__init__(rng=0)
        order = list(graph.nodes)
        index = {n: i for i, n in enumerate(order)}
        relabelled = nx.Graph()
        relabelled.add_nodes_from(range(len(order)))
        relabelled.add_edges_from((index[a], index[b]) for a, b in graph.edges())
        self.positions = {i: tuple(graph.nodes[n]["pos"]) for i, n in enumerate(order)}
        self.kinds = [graph.nodes[n]["kind"] for n in order]
        self.grid = self.space = Network(relabelled, capacity=1, random=self.random,
                                         layout=self.positions)
        for i, n in enumerate(order):
            data = graph.nodes[n]
            NodeAgent(self, data["kind"], data.get("step"), self.grid[i])
        self.families = sum(1 for k in self.kinds if k == "family")

    def layout(self, _graph: nx.Graph, **_kwargs: Any) -> dict[int, tuple[float, float]]:
        """Mesa's ``layout_alg``: the model's own positions (ignores Mesa's spring layout)."""
        return self.positions


def portrayal(agent: NodeAgent) -> AgentPortrayalStyle:
    """Families coloured by staircase step (placements outlined), professionals by profession."""
    if agent.kind == "family":
        step = int(agent.step or 0)
        return AgentPortrayalStyle(color=STEP_COLOURS[step], marker="o", size=14 if step else 6,
                                   edgecolors="#555555" if step >= 4 else STEP_COLOURS[step],
                                   linewidths=0.3)
    if agent.kind == "kin":
        return AgentPortrayalStyle(color=KIN_COLOUR, marker=".", size=4, edgecolors=KIN_COLOUR,
                                   linewidths=0.0)
    marker, colour, size = PROFESSION_STYLE[agent.kind]
    return AgentPortrayalStyle(color=colour, marker=marker, size=size, edgecolors="white",
                               linewidths=0.6)


def _fix_marker_groups(ax: Axes, view: NetworkSnapshot) -> None:
    """Mend two slips of Mesa 3.5.1's matplotlib network drawing (``_scatter``): it drops
    the portrayal's ``size`` for ordinary markers (every node comes out at matplotlib's
    default size) and its ``zorder`` (all groups at zorder 1, drawn in the order of a set
    of marker strings, which changes with PYTHONHASHSEED). Mesa draws one scatter per
    marker with the agents in ``space.agents`` order; find each group by its positions and
    give it back its sizes and a fixed layer: kin under families under professionals."""
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_rgba

    groups: dict[str, list[tuple[tuple[float, float], float]]] = {}
    colour: dict[str, tuple] = {}
    for agent in view.space.agents:
        style = portrayal(agent)
        groups.setdefault(style.marker, []).append((view.positions[agent.cell.coordinate],
                                                    style.size))
        colour.setdefault(style.marker, to_rgba(style.color))
    layers = {".": 1.0, "o": 2.0, **{m: 4.0 + i / 10 for i, (m, _, _)
                                      in enumerate(PROFESSION_STYLE.values())}}
    for coll in ax.collections:
        if not isinstance(coll, PathCollection):
            continue
        offsets = np.asarray(coll.get_offsets())
        first = tuple(coll.get_facecolors()[0])
        for marker, items in groups.items():
            same_place = (len(items) == len(offsets)
                          and np.allclose(offsets, [p for p, _ in items]))
            # professions that share places (one per district) differ in colour
            if same_place and (marker == "o" or np.allclose(first, colour[marker])):
                coll.set_sizes([size for _, size in items])
                coll.set_zorder(layers.get(marker, 3.0))
                break


def network_figure(graph: nx.Graph, lang: str, children: int | None = None) -> Figure:
    """The network view: Mesa's ``draw_space`` on a :class:`NetworkSnapshot`, then our
    edges, title and a legend in two short columns below the drawing."""
    view = NetworkSnapshot(graph)
    fig = Figure(figsize=(5.6, 5.0), dpi=SCREEN_DPI)
    ax = fig.add_axes((0.02, 0.3, 0.96, 0.58))
    draw_space(view.space, portrayal, ax=ax, layout_alg=view.layout, layout_kwargs={},
               draw_grid=False)
    _fix_marker_groups(ax, view)
    pos, kinds = view.positions, view.kinds
    segments = [(pos[a], pos[b]) for a, b in view.space.G.edges()
                if kinds[a] != "kin" and kinds[b] != "kin"]
    if segments:
        ax.add_collection(LineCollection(segments, colors="#999999", linewidths=0.3, alpha=0.35,
                                         zorder=1))
    ax.set_aspect("equal")
    title = tr("sim.network", lang)
    if children is not None:
        note = tr("sim.network_note", lang, families=format_number(view.families, lang),
                  children=format_number(children, lang))
        title = f"{title}\n{note}"
    # on the figure, not the axes: the equal-aspect axes are narrower than the title
    fig.text(0.02, 0.98, title, ha="left", va="top", fontsize=9, wrap=True)
    steps = [Line2D([], [], ls="", marker="o", markersize=5 if k else 3.5,
                    markerfacecolor=STEP_COLOURS[k],
                    markeredgecolor="#555555" if k >= 4 else STEP_COLOURS[k], markeredgewidth=0.4,
                    label=step_name(k, lang)) for k in range(7)]
    people = [Line2D([], [], ls="", marker=m, markersize=6, markerfacecolor=c,
                     markeredgecolor="white", label=profession_label(kind, lang))
              for kind, (m, c, _) in PROFESSION_STYLE.items()]
    people.append(Line2D([], [], ls="", marker=".", markersize=5, markerfacecolor=KIN_COLOUR,
                         markeredgecolor=KIN_COLOUR, label=profession_label("kin", lang)))
    for handles, x, key in ((steps, 0.02, "app.net.families"), (people, 0.6, "app.net.people")):
        fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(x, 0.0), ncol=1,
                   fontsize=7, frameon=False, title=tr(key, lang), title_fontsize=7,
                   alignment="left", handletextpad=0.2, labelspacing=0.3)
    return fig


# ---- the time series through Mesa's plot component -----------------------------------------
class SeriesSnapshot:
    """What Mesa's ``PlotMatplotlib`` reads (``model.datacollector.get_model_vars_dataframe()``),
    frozen: the model's weekly series (index = week) copied under the session's lock."""

    def __init__(self, series: pd.DataFrame) -> None:
        self.series = series
        self.datacollector = self

    def get_model_vars_dataframe(self) -> pd.DataFrame:
        return self.series


@dataclass
class Captured:
    """The figure Mesa's component drew last (for the PNG export)."""

    figure: Figure | None = None


@dataclass(frozen=True)
class WeekChart:
    """One week-by-week chart: the DataCollector columns Mesa plots (column → colour) and
    our post_process ``post(ax, ctx, lang)``."""

    name: str
    measure: dict[str, str]
    post: Callable[[Axes, ChartContext, str], None]
    size: tuple[float, float] = (5.6, 4.0)


@dataclass(frozen=True)
class ChartContext:
    """What a post_process needs besides Mesa's axes: the series and the baseline's."""

    series: pd.DataFrame
    baseline: pd.DataFrame | None = None
    caseload_cap: int | None = None
    extra: dict = field(default_factory=dict)


def post_process(chart: WeekChart, ctx: ChartContext, lang: str,
                 captured: Captured | None = None) -> Callable[[Axes], None]:
    """The ``post_process`` handed to Mesa's plot component for ``chart``."""

    def post(ax: Axes) -> None:
        fig = ax.figure
        fig.set_dpi(SCREEN_DPI)
        fig.set_size_inches(*chart.size)
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        chart.post(ax, ctx, lang)
        ax.set_xlim(0, max(int(ctx.series["week"].iloc[-1]), 1))
        # Mesa labels the x axis "Step" after post_process: keep our (translated) label
        ax.set_xlabel = _keep_label  # type: ignore[method-assign]
        _without_tight_bbox(fig)
        if captured is not None:
            captured.figure = fig

    return post


def _without_tight_bbox(fig: Figure) -> None:
    """Mesa's component saves with ``bbox_inches="tight"``, which lays every text out a
    second time (about a third of the drawing time); our charts have fixed margins with
    room for the legends, so the figure is saved as laid out."""
    savefig = fig.savefig

    def untight(*args: Any, **kwargs: Any) -> Any:
        kwargs.pop("bbox_inches", None)
        return savefig(*args, **kwargs)

    fig.savefig = untight  # type: ignore[method-assign]


def _keep_label(*_args: Any, **_kwargs: Any) -> None:
    return None


def _per_4_weeks(values: np.ndarray) -> np.ndarray:
    """Sums over the last 4 weeks (fewer at the start)."""
    csum = np.cumsum(np.nan_to_num(values.astype(float)))
    out = csum.copy()
    out[4:] = csum[4:] - csum[:-4]
    return out


def _legend(ax: Axes, handles=None, reverse: bool = False) -> None:
    if handles is None:
        handles, _ = ax.get_legend_handles_labels()
    if reverse:
        handles = handles[::-1]
    ax.legend(handles=handles, fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0),
              frameon=False)


def _stack(ax: Axes, lang: str) -> list[Patch]:
    """Turn Mesa's lines (one per step column, in measure order) into a stacked area;
    returns legend patches (lowest step last, as the stack reads top-down)."""
    lines = list(ax.lines)
    base = None
    patches = []
    for line in lines:
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.nan_to_num(np.asarray(line.get_ydata(), dtype=float))
        if base is None:
            base = np.zeros_like(y)
        top = base + y
        ax.fill_between(x, base, top, color=line.get_color(), alpha=0.9, lw=0)
        line.set_ydata(top)
        line.set_linewidth(0.5)
        step = int(str(line.get_label()).removeprefix("step_"))
        line.set_label("_" + step_name(step, lang))
        patches.append(Patch(color=line.get_color(), label=step_name(step, lang)))
        base = top
    return patches[::-1]


def _two_panels(ax: Axes, ratios=(1, 1)) -> Axes:
    """Give Mesa's axes the top of the figure and return a second panel below it."""
    fig = ax.figure
    grid = fig.add_gridspec(2, 1, height_ratios=ratios, hspace=0.4, left=0.12, right=0.66,
                            top=0.92, bottom=0.12)
    ax.set_subplotspec(grid[0])
    bottom = fig.add_subplot(grid[1], sharex=ax)
    ax.tick_params(labelbottom=False)
    return bottom


def _single_panel(ax: Axes) -> None:
    ax.figure.subplots_adjust(left=0.12, right=0.66, top=0.9, bottom=0.14)


def _post_staircase(ax: Axes, ctx: ChartContext, lang: str) -> None:
    _single_panel(ax)
    patches = _stack(ax, lang)
    _style(ax, tr("sim.staircase", lang), tr("sim.weeks", lang))
    ax.set_ylabel(tr("sim.children_on_steps", lang), fontsize=8)
    _number_axis(ax, lang)
    _legend(ax, patches)


def _post_placements(ax: Axes, ctx: ChartContext, lang: str) -> None:
    bottom = _two_panels(ax, (3, 2))
    patches = _stack(ax, lang)
    handles: list = patches
    if ctx.baseline is not None:
        (line,) = ax.plot(ctx.baseline["week"], ctx.baseline["placed"], color=BASELINE_COLOUR,
                          ls="--", lw=1, label=tr("sim.baseline", lang))
        handles = [*patches, line]
    _style(ax, tr("sim.placements", lang))
    _number_axis(ax, lang)
    _legend(ax, handles)
    s = ctx.series
    bottom.plot(s["week"], s["family_placement_share"], color=SCENARIO_COLOUR, lw=1.2,
                label=tr("sim.share_families", lang))
    if ctx.baseline is not None:
        bottom.plot(ctx.baseline["week"], ctx.baseline["family_placement_share"],
                    color=BASELINE_COLOUR, ls="--", lw=1, label=tr("sim.baseline", lang))
    bottom.axhline(GOAL_FAMILY_SHARE, color="black", lw=0.8, ls=":", label=tr("sim.goal", lang))
    bottom.set_ylim(0.4, 1.0)
    _style(bottom, indicator_label("family_placement_share", lang), tr("sim.weeks", lang))
    _percent_axis(bottom, lang)
    _legend(bottom)


def _post_workload(ax: Axes, ctx: ChartContext, lang: str) -> None:
    bottom = _two_panels(ax)
    for line in ax.lines:
        line.set_label(indicator_label(str(line.get_label()), lang))
        line.set_linewidth(1.2 if line.get_label() == indicator_label("caseload_mean", lang)
                           else 0.8)
    s = ctx.series
    cap = ctx.caseload_cap
    if cap is not None and cap <= 1.5 * max(float(s["caseload_max"].max()), 1.0):
        ax.axhline(cap, color="black", ls=":", lw=0.8, label=tr("sim.cap", lang))
    _style(ax, tr("sim.workload", lang))
    ax.set_ylabel(tr("sim.cases_per_worker", lang), fontsize=8)
    _number_axis(ax, lang)
    _legend(ax)
    weeks = s["week"].to_numpy()
    for kind, colour in (("caseworker", "#2166ac"), ("coordinator", "#053061"),
                         ("psychologist", "#762a83"), ("health_visitor", "#c51b7d")):
        available = s[f"hours_{kind}_available"].to_numpy(dtype=float)
        if not available.any():
            continue
        used = s[f"hours_{kind}"].to_numpy(dtype=float)
        share = np.divide(used, available, out=np.full_like(used, np.nan), where=available > 0)
        share[0] = np.nan  # week 0 is the initial state: nothing used yet
        bottom.plot(weeks, share, color=colour, lw=1, label=profession_label(kind, lang))
    _style(bottom, tr("sim.hours_used_share", lang), tr("sim.weeks", lang))
    bottom.set_ylim(0, 1.05)
    _percent_axis(bottom, lang)
    _legend(bottom)


def _post_waiting(ax: Axes, ctx: ChartContext, lang: str) -> None:
    bottom = _two_panels(ax)
    (line,) = ax.lines
    # weeks without a started assessment carry the last known wait
    line.set_ydata(ctx.series["waiting_weeks"].astype(float).ffill().fillna(0).to_numpy())
    line.set_label(tr("sim.scenario", lang))
    line.set_linewidth(1)
    s, b = ctx.series, ctx.baseline
    if b is not None:
        ax.plot(b["week"], b["waiting_weeks"].astype(float).ffill().fillna(0).to_numpy(),
                color=BASELINE_COLOUR, ls="--", lw=1, label=tr("sim.baseline", lang))
    _style(ax, indicator_label("waiting_weeks", lang))
    ax.set_ylim(0, max(1.0, ax.get_ylim()[1]))  # an all-zero wait still gets a readable axis
    ax.set_ylabel(tr("sim.waiting_weeks", lang), fontsize=8)
    _number_axis(ax, lang, 1)
    _legend(ax)
    for df, colour, ls, label in ((s, SCENARIO_COLOUR, "-", "sim.scenario"),
                                  (b, BASELINE_COLOUR, "--", "sim.baseline")):
        if df is not None:
            bottom.plot(df["week"], _per_4_weeks(df["followups_missed"].to_numpy()),
                        color=colour, ls=ls, lw=1, label=tr(label, lang))
    _style(bottom, f"{indicator_label('followups_missed', lang)} ({tr('sim.per_4_weeks', lang)})",
           tr("sim.weeks", lang))
    _number_axis(bottom, lang)


WEEK_CHARTS: tuple[WeekChart, ...] = (
    WeekChart("staircase", {f"step_{k}": STEP_COLOURS[k] for k in range(1, 7)},
              _post_staircase, (5.6, 3.6)),
    WeekChart("placements", {f"step_{k}": STEP_COLOURS[k] for k in (4, 5, 6)},
              _post_placements),
    WeekChart("workload", {"caseload_mean": SCENARIO_COLOUR, "caseload_max": "#92c5de"},
              _post_workload),
    WeekChart("waiting", {"waiting_weeks": SCENARIO_COLOUR}, _post_waiting),
)
BY_NAME = {c.name: c for c in WEEK_CHARTS}


def week_figure(name: str, ctx: ChartContext, lang: str) -> Figure:
    """The figure of chart ``name`` exactly as Mesa's ``PlotMatplotlib`` builds it (rendered
    headless with ``solara.render``), for tests, the benchmark and scripts."""
    import solara
    from mesa.visualization.components.matplotlib_components import PlotMatplotlib

    chart = BY_NAME[name]
    captured = Captured()
    solara.render(PlotMatplotlib(SeriesSnapshot(ctx.series), chart.measure,
                                 post_process=post_process(chart, ctx, lang, captured)),
                  handle_error=False)
    assert captured.figure is not None
    return captured.figure
