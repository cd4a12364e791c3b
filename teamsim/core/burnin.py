"""The steady state a scenario starts from: the world before the change, burnt in.

A comparison must measure the change, not a drift. So week 0 of every run is the
steady state of the world *before* the change: the scenario's children and their
needs (every parameter that is not a lever of practice, :data:`teamsim.params.PRACTICE`)
under the staffing and practice of its *start*:

* the start named by the caller (``TeamSim(..., start=...)``; :func:`teamsim.run.compare`
  starts a scenario from its baseline's steady state), else
* the scenario's declared ``baseline`` (``herning-pilot`` starts from ``herning-2012``), else
* the scenario itself without the overrides given on top of it
  (``TeamSim("herning-2012", caseworkers=8)`` starts from herning-2012).

That world runs ``burnin_years`` from its drawn initial cases on the run's own
seed; at week 0 the scenario's staffing and practice take over. Two runs with the
same world and seed therefore hold the same children, cases and placements at
week 0, and their random streams are in the same state.

**Large worlds start from tiles.** A world of more than :data:`TILE_ABOVE` children
(the national ``denmark`` preset) would take minutes a burn-in. Its steady state is
built from ``k`` copies of the steady state of a world ``k`` times smaller (children,
districts and staff divided by ``k``; :func:`tiles`): the tile is burnt in (and
cached) as any world, then repeated ``k`` times with its slots, child ids, districts
and caseworkers shifted (:meth:`teamsim.core.model.TeamSim._tiled`). Collaboration
ties start at their initial strengths, and the random streams are the large
world's own, seeded as usual. Every per-child rate and share of the tile's steady
state is the large world's.

The burnt-in state depends only on the world's parameters, the seed and this
module's :data:`MODEL_VERSION`. It is kept in memory for the process (a scenario
and its baseline share it) and on disk in ``$TEAMSIM_CACHE`` (default
``~/.cache/teamsim``; ``TEAMSIM_CACHE=off`` turns the disk cache off), written
atomically; the disk cache keeps at most :data:`DISK_ENTRIES` files.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import os
import pickle
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from teamsim.params import PRACTICE, Params
from teamsim.scenarios import Scenario, load_scenario

MODEL_VERSION = "12"  # bump when a change to the core changes what a burn-in produces
MEMORY_ENTRIES = 8
TILE_ABOVE = 200_000  # children; larger worlds start from tiles
TILE_AT_LEAST = 20_000  # children in a tile
SCALED = ("children", "districts", "caseworkers", "psychologists", "health_visitors",
          "coordinators", "foster_places", "institution_places")
DISK_ENTRIES = 200
_memory: OrderedDict[str, dict[str, Any]] = OrderedDict()


def start_of(scenario: str | Path | Scenario, spec: Scenario, overridden: bool,
             start: str | Path | Scenario | None) -> Scenario:
    """The scenario whose steady state ``spec`` starts from (rules in the module docs)."""
    if start is not None:
        return load_scenario(start)
    if spec.baseline:
        return load_scenario(spec.baseline)
    if overridden and not isinstance(scenario, Scenario):
        return load_scenario(scenario)
    return spec


def world_params(target: Params, start: Params) -> Params:
    """The world before the change: ``target``'s children and needs, ``start``'s practice."""
    return target.replace(**{name: start[name] for name in PRACTICE})


def tiles(world: Params) -> int:
    """How many tiles the steady state of ``world`` is built from (1: burnt in whole).

    The largest ``k`` dividing every count of :data:`SCALED` that leaves at least
    :data:`TILE_AT_LEAST` children in a tile; 1 for worlds up to :data:`TILE_ABOVE`.
    """
    if world.children <= TILE_ABOVE or world.burnin_years == 0:
        return 1
    g = 0
    for name in SCALED:
        g = math.gcd(g, int(world[name]))
    return max((k for k in range(1, g + 1) if g % k == 0
                and world.children // k >= TILE_AT_LEAST), default=1)


def tile_world(world: Params, k: int) -> Params:
    """``world`` with its children, districts, staff and places divided by ``k``."""
    return world.replace(**{name: int(world[name]) // k for name in SCALED})


def steady_state(world: Params, seed: int, burn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The burnt-in state of ``world`` with ``seed``: from memory, disk, or ``burn()``."""
    key = _key(world, seed)
    if key in _memory:
        _memory.move_to_end(key)
        return _memory[key]
    state = _read(key)
    if state is None:
        state = burn()
        _write(key, state)
    _memory[key] = copy.deepcopy(state)
    while len(_memory) > MEMORY_ENTRIES:
        _memory.popitem(last=False)
    return _memory[key]


def _key(world: Params, seed: int) -> str:
    text = json.dumps([MODEL_VERSION, seed, dict(world)], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def cache_dir() -> Path | None:
    """The disk cache's folder, or None when it is turned off."""
    where = os.environ.get("TEAMSIM_CACHE", "")
    if where.lower() in ("off", "0", "no", "false"):
        return None
    return Path(where).expanduser() if where else Path.home() / ".cache" / "teamsim"


def _read(key: str) -> dict[str, Any] | None:
    folder = cache_dir()
    path = folder / f"burnin-{key}.pkl" if folder else None
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    # a damaged, truncated or foreign cache file (another teamsim's classes) is burnt in again
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError,
            TypeError, ValueError):
        return None


def _write(key: str, state: dict[str, Any]) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".burnin-{key}.{os.getpid()}.tmp"
        with tmp.open("wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"burnin-{key}.pkl")
        _prune(folder)
    except OSError:
        pass  # a cache that cannot be written only costs time


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("burnin-*.pkl"), key=lambda f: f.stat().st_mtime)
    for old in files[:-DISK_ENTRIES]:
        old.unlink(missing_ok=True)
