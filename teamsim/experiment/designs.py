"""Experimental designs: which parameter values each design point gets.

Four methods:

* ``grid``: the full factorial of each factor's listed values, in file order
  (the last factor varies fastest). No factors: one point, the scenario as it is.
* ``lhs``: a Latin hypercube of ``samples`` points (SALib ``sample.latin``).
* ``sobol``: Saltelli's extension of a Sobol sequence (SALib ``sample.sobol``):
  ``samples * (k + 2)`` points for ``k`` factors, ``samples * (2k + 2)`` with
  second-order indices. ``samples`` must be a power of two.
* ``morris``: ``samples`` Morris trajectories of ``k + 1`` points on a grid of
  ``levels`` levels (SALib ``sample.morris``).

The continuous methods draw a number per factor in the factor's interval and
turn it into a parameter value:

* a decimal factor takes the number as it is;
* a whole-number factor (``caseworkers``) is drawn in ``[low - 0.5, high + 0.5]``
  and rounded to the nearest whole number (halves up), so every whole number from
  ``low`` to ``high`` has the same chance;
* a factor with listed ``values`` (a choice such as ``policy``, a switch, or a
  few numbers) is drawn in ``[0, n)`` for ``n`` values and takes value number
  ``floor(x)``.

The raw numbers (before rounding) are kept in :attr:`Design.raw`: the Morris
analysis needs them. Samples are seeded from the experiment's root seed, so a
design is the same every time it is built.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

METHODS = ("grid", "lhs", "sobol", "morris")


@dataclass(frozen=True)
class Factor:
    """One varied parameter.

    Attributes:
        name: the parameter's name.
        kind: ``"float"``, ``"int"`` or ``"values"`` (a list of values to choose from).
        low, high: the interval of a ``float`` or ``int`` factor (inclusive).
        values: the grid's values, or the values to choose from for kind ``"values"``.
    """

    name: str
    kind: str
    low: float | None = None
    high: float | None = None
    values: tuple[Any, ...] = ()

    @property
    def bounds(self) -> tuple[float, float]:
        """The interval the continuous designs draw this factor's numbers in."""
        if self.kind == "values":
            return 0.0, float(len(self.values))
        if self.kind == "int":
            return self.low - 0.5, self.high + 0.5
        return float(self.low), float(self.high)

    def value(self, x: float) -> Any:
        """The parameter value for the design's number ``x``."""
        if self.kind == "values":
            return self.values[min(max(math.floor(x), 0), len(self.values) - 1)]
        if self.kind == "int":
            return int(min(max(math.floor(x + 0.5), self.low), self.high))
        return float(min(max(x, self.low), self.high))


@dataclass(frozen=True, eq=False)
class Design:
    """The design points of an experiment.

    Attributes:
        method: one of :data:`METHODS`.
        factors: the varied parameters.
        points: one dict of parameter values per design point, in order.
        raw: the design's numbers before they became values (points x factors);
            for a grid, the values' positions in their lists.
        samples: the ``samples`` setting (None for a grid).
        second_order: Sobol second-order indices wanted.
        levels: the Morris grid's levels.
    """

    method: str
    factors: tuple[Factor, ...]
    points: list[dict[str, Any]]
    raw: np.ndarray
    samples: int | None = None
    second_order: bool = False
    levels: int = 4
    notes: tuple[str, ...] = field(default=())

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.factors]

    @property
    def problem(self) -> dict[str, Any]:
        """The SALib problem (names and bounds) of the factors."""
        return {"num_vars": len(self.factors), "names": self.names,
                "bounds": [list(f.bounds) for f in self.factors]}

    def __len__(self) -> int:
        return len(self.points)


def point_count(method: str, factors: Sequence[Factor], samples: int | None,
                second_order: bool = False) -> int:
    """How many points a design has, without building it."""
    k = len(factors)
    if method == "grid":
        return math.prod(len(f.values) for f in factors)
    if method == "lhs":
        return samples
    if method == "sobol":
        return samples * (2 * k + 2 if second_order else k + 2)
    return samples * (k + 1)


def build(method: str, factors: Sequence[Factor], *, samples: int | None = None,
          seed: int = 0, second_order: bool = False, levels: int = 4) -> Design:
    """Build a design (the caller has validated the settings; see :mod:`.spec`).

    Args:
        method: ``grid``, ``lhs``, ``sobol`` or ``morris``.
        factors: the varied parameters.
        samples: lhs: points; sobol: base sample size N (a power of two);
            morris: trajectories.
        seed: seed of the sampler (the experiment derives it from its root seed).
        second_order: sobol: also second-order indices (more points).
        levels: morris: grid levels.
    """
    factors = tuple(factors)
    if method == "grid":
        positions = list(itertools.product(*(range(len(f.values)) for f in factors)))
        raw = np.array(positions, dtype=float).reshape(len(positions), len(factors))
        points = [{f.name: f.values[i] for f, i in zip(factors, pos, strict=True)}
                  for pos in positions]
        return Design(method, factors, points, raw)
    problem = {"num_vars": len(factors), "names": [f.name for f in factors],
               "bounds": [list(f.bounds) for f in factors]}
    if method == "lhs":
        from SALib.sample import latin

        raw = latin.sample(problem, samples, seed=seed)
    elif method == "sobol":
        from SALib.sample import sobol

        raw = sobol.sample(problem, samples, calc_second_order=second_order, seed=seed)
    elif method == "morris":
        from SALib.sample import morris

        raw = morris.sample(problem, samples, num_levels=levels, seed=seed)
    else:
        raise ValueError(f"unknown design method {method!r}")
    points = [{f.name: f.value(x) for f, x in zip(factors, row, strict=True)} for row in raw]
    return Design(method, factors, points, np.asarray(raw, dtype=float), samples,
                  second_order, levels)
