"""The network: professionals' collaboration ties and families' ties to them.

The live part is a graph of professionals (nodes are agent ``unique_id``
integers, edges carry a ``weight`` 0-1 = tie strength), held in NumPy arrays
so a national-scale team stays cheap. Edges
join each school to the professionals covering its district, caseworkers to
each other, the coordinator to everyone, and other team members who share a
district. Team edges start at ``tie_initial_colocated`` when co-located and at
``tie_initial_separate`` otherwise; school edges, and edges first made by a
meeting, start separate. Each joint meeting
strengthens the ties between those who attended; ties fade back toward their
initial strength at ``tie_decay`` per year. Tie strength between a school (or
health visitor) and the caseworkers raises early detection.

Families' ties (to their school by district, to health visitors by district
and age, to their caseworker while a case is open, to their kin network) are
held in the population arrays; :func:`snapshot` joins both into one networkx
graph with positions laid out by district, for drawing and analysis.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

if TYPE_CHECKING:
    from teamsim.core.model import TeamSim


def spread(n_items: int, n_districts: int) -> list[list[int]]:
    """Districts each of ``n_items`` professionals covers (round robin, all covered)."""
    if n_items == 0:
        return []
    if n_items >= n_districts:
        return [[i % n_districts] for i in range(n_items)]
    return [list(range(i, n_districts, n_items)) for i in range(n_items)]


class TieGraph:
    """Collaboration ties between professionals, held in NumPy arrays.

    Nodes are agent ``unique_id`` integers; edge ``e`` joins ``ends[e]`` with a
    current ``weight[e]`` and an initial ``base[e]``. A national-scale team has
    hundreds of thousands of caseworker pairs, so fading is one vector
    operation; :attr:`graph` builds a networkx view on demand.
    """

    def __init__(self, model: TeamSim) -> None:
        p = model.p
        self.p = p
        team = model.caseworkers + model.psychologists + model.health_visitors + model.coordinators
        team_w = p.tie_initial_colocated if p.co_located else p.tie_initial_separate
        self.nodes: list[int] = [a.unique_id for a in team + model.schools]
        self.kind: dict[int, str] = {a.unique_id: a.profession for a in team + model.schools}
        self._edge: dict[tuple[int, int], int] = {}
        # incident edges of each node, in the order they were made: (edge, neighbour)
        self._incident: dict[int, list[tuple[int, int]]] = {n: [] for n in self.nodes}
        self._ends: list[tuple[int, int]] = []
        self._n = 0
        self._base = np.empty(0)  # buffers with room to grow; the first _n are edges
        self._weight = np.empty(0)
        self._to_kind: dict[tuple[int, str], np.ndarray] = {}
        pairs: list[tuple[int, int, float]] = []
        for d, school in enumerate(model.schools):
            for agent in model.cover[d]:
                pairs.append((school.unique_id, agent.unique_id, p.tie_initial_separate))
        caseworker_ids = [a.unique_id for a in model.caseworkers]
        rest = model.psychologists + model.health_visitors
        coordinators = model.coordinators
        # the same pairs, in the same order, as "every pair of team members that share a
        # district, are both caseworkers, or include the coordinator"
        for i, a in enumerate(team):
            if a.profession == "caseworker":
                later_cw = caseworker_ids[i + 1:]
                pairs.extend((a.unique_id, b, team_w) for b in later_cw)
                ds = set(a.districts)
                pairs.extend((a.unique_id, b.unique_id, team_w) for b in rest
                             if ds & set(b.districts))
                pairs.extend((a.unique_id, b.unique_id, team_w) for b in coordinators)
            elif a.profession == "coordinator":
                pairs.extend((a.unique_id, b.unique_id, team_w) for b in team[i + 1:])
            else:
                ds = set(a.districts)
                pairs.extend((a.unique_id, b.unique_id, team_w) for b in team[i + 1:]
                             if b.profession == "coordinator" or ds & set(b.districts))
        self._add(pairs)

    def _add(self, pairs: list[tuple[int, int, float]]) -> None:
        fresh = []
        for a, b, w in pairs:
            key = (a, b) if a < b else (b, a)
            if key in self._edge:
                continue
            e = self._n + len(fresh)
            self._edge[key] = e
            self._ends.append((a, b))
            self._incident[a].append((e, b))
            self._incident[b].append((e, a))
            fresh.append(w)
        if fresh:
            n, m = self._n, self._n + len(fresh)
            if m > self._weight.size:
                size = max(m, 2 * self._weight.size, 64)
                self._base = np.concatenate([self._base[:n], np.empty(size - n)])
                self._weight = np.concatenate([self._weight[:n], np.empty(size - n)])
            self._base[n:m] = fresh
            self._weight[n:m] = fresh
            self._n = m
            self._to_kind.clear()

    def rebuilt(self, model: TeamSim) -> TieGraph:
        """The ties of the model's current staff, keeping what joint work has built.

        A tie that existed keeps its strength above its initial value; ties made
        by meetings between people still in post are kept; new posts start afresh.
        """
        new = TieGraph(model)
        extra = []
        for key, e in self._edge.items():
            f = new._edge.get(key)
            if f is not None:
                new._weight[f] = min(1.0, max(0.0, self._weight[e] - self._base[e] + new._base[f]))
            elif key[0] in new._incident and key[1] in new._incident:
                extra.append((key, e))
        new._add([(a, b, float(self._base[e])) for (a, b), e in extra])
        for key, e in extra:
            new._weight[new._edge[key]] = self._weight[e]
        return new

    @property
    def base(self) -> np.ndarray:
        """Initial strength of each edge (a view)."""
        return self._base[:self._n]

    @property
    def weight(self) -> np.ndarray:
        """Current strength of each edge (a view; writes go to the ties)."""
        return self._weight[:self._n]

    def base_of(self, a: int, b: int) -> float:
        """The initial strength of the tie between ``a`` and ``b`` (0 if there is none)."""
        e = self._edge.get((a, b) if a < b else (b, a))
        return float(self.base[e]) if e is not None else 0.0

    def weight_of(self, a: int, b: int) -> float:
        e = self._edge.get((a, b) if a < b else (b, a))
        return float(self.weight[e]) if e is not None else 0.0

    def strengthen(self, members: list[int]) -> None:
        """A joint meeting of ``members`` strengthens every tie among them."""
        gain = self.p.tie_gain_per_meeting
        self._add([(a, b, self.p.tie_initial_separate)
                   for i, a in enumerate(members) for b in members[i + 1:]])
        idx = np.array([self._edge[(a, b) if a < b else (b, a)]
                        for i, a in enumerate(members) for b in members[i + 1:]], dtype=np.intp)
        if idx.size:
            w = self.weight[idx]
            self.weight[idx] = w + gain * (1.0 - w)

    def fade(self) -> None:
        """One week of fading toward the initial strength."""
        keep = math.exp(-self.p.tie_decay / 52)
        w, base = self.weight, self.base
        w[:] = base + (w - base) * keep

    def mean_tie(self, node: int, kind: str) -> float:
        """Mean tie strength from ``node`` to its neighbours of ``kind``."""
        idx = self._to_kind.get((node, kind))
        if idx is None:
            idx = np.array([e for e, n in self._incident[node] if self.kind[n] == kind],
                           dtype=np.intp)
            self._to_kind[(node, kind)] = idx
        return float(np.mean(self.weight[idx])) if idx.size else 0.0

    def mean_weight(self) -> float:
        return float(np.mean(self.weight)) if self._n else 0.0

    @property
    def graph(self) -> nx.Graph:
        """The ties as a networkx graph (node attribute ``kind``, edge attribute ``weight``)."""
        g = nx.Graph()
        g.add_nodes_from((n, {"kind": self.kind[n]}) for n in self.nodes)
        g.add_weighted_edges_from((a, b, float(w)) for (a, b), w in zip(self._ends, self.weight))
        return g


def snapshot(model: TeamSim, max_families: int = 300) -> nx.Graph:
    """One networkx graph of professionals and (a sample of) families, with positions.

    Families with an open case come first; children without a case fill the rest
    of the sample. Node attributes: ``kind`` (family, kin, caseworker, ...),
    ``label``, ``district``, ``step`` (families), ``pos`` (x, y) laid out with
    one sector per district. Node ids are integers (Mesa agent ids for agents;
    families without an agent get ids above every agent id).
    """
    pop = model.pop
    g = nx.Graph()
    n_d = len(model.schools)
    centres = {d: (math.cos(2 * math.pi * d / n_d), math.sin(2 * math.pi * d / n_d))
               for d in range(n_d)}
    tie = model.ties.graph
    for node, data in tie.nodes(data=True):
        agent = model.agent_by_id[node]
        d = getattr(agent, "district", None)
        if d is None:
            ds = agent.districts
            x = float(np.mean([centres[k][0] for k in ds])) * 0.35
            y = float(np.mean([centres[k][1] for k in ds])) * 0.35
        else:
            x, y = centres[d][0] * 0.75, centres[d][1] * 0.75
        g.add_node(node, kind=data["kind"], label=_label(agent), district=d,
                   pos=(x, y))
    g.add_edges_from(tie.edges(data=True))

    active = np.flatnonzero(pop.active)
    open_cases = active[pop.case_open[active]]
    others = active[~pop.case_open[active]]
    rng = np.random.default_rng(int(model.time) + 7919)  # a stable sample per week
    take_other = max(0, max_families - open_cases.size)
    sample = np.concatenate([open_cases[:max_families],
                             rng.choice(others, min(take_other, others.size), replace=False)])
    base_id = max(a.unique_id for a in model.agents) + 1  # above every agent, families too
    for k, slot in enumerate(sample):
        d = int(pop.district[slot])
        fam = model.families.get(int(slot))
        node = fam.unique_id if fam is not None else base_id + 2 * k
        ang = 2 * math.pi * d / n_d + rng.uniform(-math.pi / n_d, math.pi / n_d) * 0.9
        r = 1.2 + 0.6 * rng.random()
        g.add_node(node, kind="family", step=int(pop.step[slot]), district=d,
                   label=f"child {int(pop.child_id[slot])}", need=float(pop.need[slot]),
                   age=int(pop.age[slot]) // 52, pos=(r * math.cos(ang), r * math.sin(ang)))
        g.add_edge(node, model.schools[d].unique_id, weight=0.1)
        cw = int(pop.caseworker[slot])
        if pop.case_open[slot] and cw >= 0:
            g.add_edge(node, model.caseworkers[cw].unique_id, weight=0.5)
        kin = float(pop.kin[slot])
        if kin > 0.05:
            kin_node = base_id + 2 * k + 1
            g.add_node(kin_node, kind="kin", district=d, label="kin network",
                       pos=((r + 0.25) * math.cos(ang), (r + 0.25) * math.sin(ang)))
            g.add_edge(node, kin_node, weight=kin)
    return g


def _label(agent) -> str:
    name = getattr(agent, "name", None)
    return name or f"{agent.profession} {agent.index + 1}"
