"""The network: professionals' collaboration ties and families' ties to them.

The live part is a small networkx graph of professionals (nodes are agent
``unique_id`` integers, edges carry a ``weight`` 0-1 = tie strength). Edges
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
    from teamsim.model import TeamSim


def spread(n_items: int, n_districts: int) -> list[list[int]]:
    """Districts each of ``n_items`` professionals covers (round robin, all covered)."""
    if n_items == 0:
        return []
    if n_items >= n_districts:
        return [[i % n_districts] for i in range(n_items)]
    return [list(range(i, n_districts, n_items)) for i in range(n_items)]


class TieGraph:
    """Collaboration ties between professionals."""

    def __init__(self, model: TeamSim) -> None:
        p = model.p
        self.p = p
        self.graph = nx.Graph()
        team = model.caseworkers + model.psychologists + model.health_visitors + model.coordinators
        team_w = p.tie_initial_colocated if p.co_located else p.tie_initial_separate
        for agent in team + model.schools:
            self.graph.add_node(agent.unique_id, kind=agent.profession)
        self._base: dict[tuple[int, int], float] = {}
        by_district = model.cover
        for d, school in enumerate(model.schools):
            for agent in by_district[d]:
                self._link(school.unique_id, agent.unique_id, p.tie_initial_separate)
        for i, a in enumerate(team):
            for b in team[i + 1:]:
                if set(a.districts) & set(b.districts) or a.profession == b.profession == "caseworker" \
                        or "coordinator" in (a.profession, b.profession):
                    self._link(a.unique_id, b.unique_id, team_w)
        self._edges = list(self.graph.edges)

    def _link(self, a: int, b: int, w: float) -> None:
        self.graph.add_edge(a, b, weight=w)
        self._base[(min(a, b), max(a, b))] = w

    def weight(self, a: int, b: int) -> float:
        data = self.graph.get_edge_data(a, b)
        return data["weight"] if data else 0.0

    def strengthen(self, members: list[int]) -> None:
        """A joint meeting of ``members`` strengthens every tie among them."""
        gain = self.p.tie_gain_per_meeting
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if not self.graph.has_edge(a, b):
                    self._link(a, b, self.p.tie_initial_separate)
                    self._edges.append((a, b))
                edge = self.graph[a][b]
                edge["weight"] += gain * (1.0 - edge["weight"])

    def fade(self) -> None:
        """One week of fading toward the initial strength."""
        keep = math.exp(-self.p.tie_decay / 52)
        for a, b in self._edges:
            edge = self.graph[a][b]
            base = self._base[(min(a, b), max(a, b))]
            edge["weight"] = base + (edge["weight"] - base) * keep

    def mean_tie(self, node: int, kind: str) -> float:
        """Mean tie strength from ``node`` to its neighbours of ``kind``."""
        ws = [d["weight"] for n, d in self.graph[node].items()
              if self.graph.nodes[n]["kind"] == kind]
        return float(np.mean(ws)) if ws else 0.0

    def mean_weight(self) -> float:
        return float(np.mean([d["weight"] for _, _, d in self.graph.edges(data=True)])) \
            if self.graph.number_of_edges() else 0.0


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
    base_id = max(model.agent_by_id) + 1
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
