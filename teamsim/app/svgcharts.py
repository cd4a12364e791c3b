"""The page's charts as SVG drawn by the browser (no matplotlib on a step).

A clicked week used to redraw five matplotlib figures and encode them as PNG (about
0.6 s a week); an SVG of the same lines is a few kilobytes of text built in about a
millisecond, sharp at any size, and the legend below it is HTML at body size. The PNG
buttons still download Mesa's matplotlib figures (:mod:`teamsim.app.mesa_view`), built
only when clicked.

Time runs along the x axis in years with quarter ticks over all the simulated years, so
the axis does not rescale as the weeks go by. Every chart draws the baseline dashed.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from teamsim.i18n import format_number

WIDTH, HEIGHT = 460, 230
LEFT, RIGHT, TOP, BOTTOM = 46, 10, 10, 26
FONT = 12


@dataclass(frozen=True)
class Series:
    """One line (or band, when ``lower`` is given) of a chart: y over weeks."""

    label: str
    weeks: np.ndarray
    values: np.ndarray
    colour: str
    dashed: bool = False
    lower: np.ndarray | None = None  # filled between lower and values (a stacked area)
    width: float = 1.6


@dataclass(frozen=True)
class Axis:
    """The time axis: the first simulated year and how many weeks are shown."""

    first_year: int
    weeks: int
    lang: str


def _ticks(low: float, high: float, n: int = 4) -> list[float]:
    span = max(high - low, 1e-9)
    raw = span / n
    step = 10 ** np.floor(np.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * step:
            step *= m
            break
    start = np.ceil(low / step) * step
    return [float(v) for v in np.arange(start, high + step * 1e-6, step)]


def _path(xs: np.ndarray, ys: np.ndarray) -> str:
    ok = ~np.isnan(ys)
    parts, pen_down = [], False
    for x, y, good in zip(xs, ys, ok, strict=True):
        if not good:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{x:.1f},{y:.1f}")
        pen_down = True
    return "".join(parts)


def line_chart(title: str, series: Sequence[Series], axis: Axis, *,
               y_format: Callable[[float], str] | None = None, y_low: float | None = None,
               y_high: float | None = None, name: str = "chart",
               rules: Sequence[tuple[float, str, str]] = ()) -> str:
    """An SVG line chart with its title above and an HTML legend below.

    ``rules`` are horizontal reference lines: (value, label, colour), drawn dotted.
    """
    fmt = y_format or (lambda v: format_number(v, axis.lang))
    values = [s.values[~np.isnan(s.values)] for s in series]
    values += [np.asarray([r[0] for r in rules], dtype=float)]
    finite = np.concatenate([v for v in values if v.size]) if any(v.size for v in values) \
        else np.zeros(1)
    low = float(min(finite.min(), 0.0)) if y_low is None else y_low
    high = float(finite.max()) if y_high is None else y_high
    if high <= low:
        high = low + 1.0
    high += (high - low) * 0.05 if y_high is None else 0.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    weeks = max(axis.weeks, 1)

    def x(w):
        return LEFT + np.asarray(w, dtype=float) / weeks * plot_w

    def y(v):
        return TOP + plot_h - (np.asarray(v, dtype=float) - low) / (high - low) * plot_h

    out = [(f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
            f'font-size="{FONT}" font-family="inherit" aria-label="{html.escape(title)}">')]
    for t in _ticks(low, high):
        yy = y(t)
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{yy:.1f}" y2="{yy:.1f}" '
                   f'stroke="#e3e3e3"/><text x="{LEFT - 4}" y="{yy + 4:.1f}" '
                   f'text-anchor="end" fill="#444">{html.escape(fmt(t))}</text>')
    out.append(_time_axis(axis, x, TOP + plot_h))
    for s in series:
        xs, ys = x(s.weeks), y(s.values)
        if s.lower is not None:
            lower = y(s.lower)
            area = _path(xs, ys) + "".join(f"L{a:.1f},{b:.1f}"
                                           for a, b in zip(xs[::-1], lower[::-1], strict=True))
            out.append(f'<path d="{area}Z" fill="{s.colour}" fill-opacity="0.85" stroke="none"/>')
        else:
            dash = ' stroke-dasharray="6 4"' if s.dashed else ""
            out.append(f'<path d="{_path(xs, ys)}" fill="none" stroke="{s.colour}" '
                       f'stroke-width="{s.width}"{dash}/>')
    for value, _label, colour in rules:
        yy = y(value)
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{yy:.1f}" y2="{yy:.1f}" '
                   f'stroke="{colour}" stroke-dasharray="2 3" stroke-width="1.2"/>')
    out.append("</svg>")
    legend = [(s.label, s.colour, s.dashed, s.lower is not None) for s in series
              if not s.label.startswith("_")]
    legend += [(label, colour, "dotted", False) for _, label, colour in rules]
    return (f'<div class="teamsim-svg-chart teamsim-chart-{name}">'
            f'<div class="teamsim-chart-title">{html.escape(title)}</div>{"".join(out)}'
            f"{legend_html(legend)}</div>")


def _time_axis(axis: Axis, x: Callable, bottom: float) -> str:
    parts = [(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{bottom}" y2="{bottom}" '
              f'stroke="#888"/>')]
    quarter = "K" if axis.lang == "da" else "Q"
    years = max(1, int(np.ceil(axis.weeks / 52)))
    for k in range(years * 4 + 1):
        week = k * 13
        if week > axis.weeks:
            break
        xx = float(x(week))
        tall = k % 4 == 0
        parts.append(f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{bottom}" '
                     f'y2="{bottom + (5 if tall else 3)}" stroke="#888"/>')
        if k % 4 == 2 or (years == 1 and k % 4):
            parts.append(f'<text x="{xx:.1f}" y="{bottom + 16}" text-anchor="middle" '
                         f'fill="#888" font-size="{FONT - 2}">{quarter}{k % 4 + 1}</text>'
                         if years <= 2 else "")
        if tall and k < years * 4:
            mid = float(x(week + 26))
            parts.append(f'<text x="{mid:.1f}" y="{bottom + 16}" text-anchor="middle" '
                         f'fill="#333">{axis.first_year + k // 4}</text>')
    return "".join(parts)


def legend_html(items: Sequence[tuple[str, str, bool | str, bool]]) -> str:
    """HTML legend: (label, colour, dashed or "dotted", filled box)."""
    out = []
    for label, colour, dashed, filled in items:
        if filled:
            mark = f'<span class="teamsim-key-box" style="background:{colour}"></span>'
        else:
            style = "dotted" if dashed == "dotted" else ("dashed" if dashed else "solid")
            mark = (f'<span class="teamsim-key-line" '
                    f'style="border-top:2px {style} {colour}"></span>')
        out.append(f'<span class="teamsim-key">{mark}{html.escape(label)}</span>')
    return f'<div class="teamsim-legend">{"".join(out)}</div>'


# ---- the network ----------------------------------------------------------------------
def network_svg(graph, colours: Callable[[dict], tuple[str, float, str]], title: str,
                legend: str) -> str:
    """The network snapshot as an SVG: edges (kin ties left out) under the nodes; each
    node's (fill, radius, shape) from ``colours``; the districts' layout of the model.

    The nodes of one look are one path of zero-length strokes with round (or square)
    ends, a dot per node ("M12 34h0"), so a week's drawing is some kilobytes and a few
    dozen elements for the browser instead of one element per node; rings are a grey dot
    under the coloured one; squares and stars are drawn over the dots."""
    size = 420
    pos = {n: d["pos"] for n, d in graph.nodes(data=True)}
    xs = np.array([p[0] for p in pos.values()] or [0.0])
    ys = np.array([p[1] for p in pos.values()] or [0.0])
    span = max(float(np.ptp(xs)), float(np.ptp(ys)), 1e-9)
    x0, y0 = float(xs.min()), float(ys.min())

    def at(n) -> tuple[float, float]:
        px, py = pos[n]
        return 10 + (px - x0) / span * (size - 20), size - 10 - (py - y0) / span * (size - 20)

    kinds = dict(graph.nodes(data="kind"))
    edges = []
    for a, b in graph.edges():
        if kinds[a] == "kin" or kinds[b] == "kin":
            continue
        (ax, ay), (bx, by) = at(a), at(b)
        edges.append(f"M{ax:.0f},{ay:.0f}L{bx:.0f},{by:.0f}")
    # (layer, fill, radius, square) -> the dots' path; layer 0 under 1 (rings' grey) under 2
    groups: dict[tuple[int, str, float, bool], list[str]] = {}
    for n, data in graph.nodes(data=True):
        fill, radius, shape = colours(data)
        cx, cy = at(n)
        dot = f"M{cx:.0f} {cy:.0f}h0"
        if shape == "ring":
            groups.setdefault((0, "#555", radius + 0.5, False), []).append(dot)
        layer = 2 if shape in ("square", "star") else 1
        groups.setdefault((layer, fill, radius, shape == "square"), []).append(dot)
    dots = "".join(
        f'<path d="{"".join(path)}" stroke="{fill}" stroke-width="{2 * radius:g}" '
        f'stroke-linecap="{"square" if square else "round"}" fill="none"/>'
        for (_, fill, radius, square), path in sorted(groups.items(), key=lambda g: g[0][0]))
    return (f'<div class="teamsim-svg-chart teamsim-chart-network">'
            f'<div class="teamsim-chart-title">{html.escape(title)}</div>'
            f'<svg viewBox="0 0 {size} {size}" width="100%" style="max-width:{size}px" '
            f'role="img" aria-label="{html.escape(title)}" data-nodes="{len(pos)}">'
            f'<path d="{"".join(edges)}" stroke="#999" stroke-opacity="0.35" '
            f'stroke-width="0.5" fill="none"/>{dots}</svg>{legend}</div>')
