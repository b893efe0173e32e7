"""The network as compact arrays, for fast path queries on large files.

People are numbered 0..n-1 in file order; relationships 0..m-1. Adjacency is in CSR form:
the neighbours of person i are ``targets[offsets[i]:offsets[i+1]]``, reached through
relationships ``edges[...]`` of the same slots. Each relationship keeps only what ranking
needs: its strength (0-4, acquaintance..close) and the day of its last contact (a proleptic
Gregorian ordinal, 0 when unknown). Warmths are computed per query day, lazily, for the
people a search actually reaches.

A CompactGraph is built from a Network in memory, or read back from the cache
(`warmintro.cache.network`) without building any Python object per person.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..model import STRENGTHS, Network, Settings
from .warmth import recency_after

#: Typecodes: 32-bit signed ints ('i') and unsigned bytes ('B').
INT = "i"
BYTE = "B"


@dataclass
class CompactGraph:
    """A network's relationships as arrays; see the module docstring."""

    offsets: Sequence[int]  # n + 1
    targets: Sequence[int]  # 2m
    edges: Sequence[int]  # 2m
    strength: Sequence[int]  # m, 0..4 (index into STRENGTHS)
    last_contact: Sequence[int]  # m, date ordinal or 0
    #: Index of a person by id (a dict in memory; a binary search over the cache's blob).
    index_of: Callable[[str], int | None]
    #: Id of a person by index.
    id_of: Callable[[int], str]

    @property
    def size(self) -> int:
        return len(self.offsets) - 1

    def degree(self, node: int) -> int:
        return self.offsets[node + 1] - self.offsets[node]

    def edge_between(self, a: int, b: int) -> int | None:
        """The relationship joining two people, scanning the shorter adjacency list."""
        if self.degree(a) > self.degree(b):
            a, b = b, a
        targets = self.targets
        for slot in range(self.offsets[a], self.offsets[a + 1]):
            if targets[slot] == b:
                return self.edges[slot]
        return None

    def costs(self, settings: Settings, as_of: dt.date) -> EdgeCosts:
        return EdgeCosts(self, settings, as_of)


@dataclass
class EdgeCosts:
    """Search edges for one query day: ``neighbours(i)`` gives (j, cost) pairs with
    cost = -log(warmth), computed on first use and remembered.

    The ask ledger makes costs depend on direction: a hop into a person costs `node_cost[j]`
    more (their fatigue as a connector, less their record of meetings), except the hop into
    the query's `target`, which costs `target_cost` more when it comes from a connector (not
    from `source`). A cost never goes below 0 (a warmth never above 1). `reverse(j)` gives the
    hops into j, as (i, cost of i -> j), for searches that run backwards from the target."""

    graph: CompactGraph
    settings: Settings
    as_of: dt.date
    node_cost: dict[int, float] = field(default_factory=dict)
    source: int = -1
    target: int = -1
    target_cost: float = 0.0
    _memo: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    _reverse_memo: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    _by_day: dict[int, float] = field(default_factory=dict)
    _factor_by_day: dict[int, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._base = [-math.log(self.settings.warmth[s]) for s in STRENGTHS]
        self._today = self.as_of.toordinal()
        #: What each hop after the second adds: -log(relay) (see warmintro.ranking.warmth)
        self.relay_cost = -math.log(self.settings.relay)

    def edge_cost(self, edge: int) -> float:
        cost = self._base[self.graph.strength[edge]]
        day = self.graph.last_contact[edge]
        if day:
            extra = self._by_day.get(day)
            if extra is None:
                extra = self._by_day[day] = -math.log(self._recency(day))
            cost += extra
        return cost

    def edge_warmth(self, edge: int) -> float:
        """The relationship's warmth as of the day, computed exactly as
        `warmth.relationship_warmth` does (same operations, same floats)."""
        base = self.settings.warmth[STRENGTHS[self.graph.strength[edge]]]
        day = self.graph.last_contact[edge]
        if not day:
            return base
        return base * self._recency(day)

    def _recency(self, day: int) -> float:
        factor = self._factor_by_day.get(day)
        if factor is None:
            factor = self._factor_by_day[day] = recency_after(self._today - day, self.settings.half_life_years)
        return factor

    @property
    def directed(self) -> bool:
        """Whether the ledger makes a hop cost more one way than the other."""
        return bool(self.node_cost) or self.target_cost != 0.0

    def _extra(self, origin: int, into: int) -> float:
        if into == self.target:
            return self.target_cost if origin != self.source else 0.0
        return self.node_cost.get(into, 0.0)

    def _relationships(self, node: int) -> list[tuple[int, float]]:
        """(j, cost of the relationship) for each of `node`'s relationships, ledger aside."""
        g = self.graph
        start, end = g.offsets[node], g.offsets[node + 1]
        targets, edges = g.targets, g.edges
        cost = self.edge_cost
        return [(targets[slot], cost(edges[slot])) for slot in range(start, end)]

    def __call__(self, node: int) -> list[tuple[int, float]]:
        found = self._memo.get(node)
        if found is None:
            found = self._relationships(node)
            if self.directed:
                found = [(other, max(0.0, c + self._extra(node, other))) for other, c in found]
            self._memo[node] = found
        return found

    def reverse(self, node: int) -> list[tuple[int, float]]:
        """The hops into `node`: (i, cost of the hop i -> node)."""
        if not self.directed:
            return self(node)
        found = self._reverse_memo.get(node)
        if found is None:
            found = [(other, max(0.0, c + self._extra(other, node))) for other, c in self._relationships(node)]
            self._reverse_memo[node] = found
        return found


def build_compact(network: Network) -> CompactGraph:
    """Arrays for a network loaded in memory."""
    ids = list(network.people)
    position = {pid: i for i, pid in enumerate(ids)}
    n, m = len(ids), len(network.relationships)
    degree = [0] * (n + 1)
    ends = array(INT, bytes(4 * 2 * m))
    strength = array(BYTE, bytes(m))
    last_contact = array(INT, bytes(4 * m))
    codes = {s: i for i, s in enumerate(STRENGTHS)}
    for e, rel in enumerate(network.relationships):
        a, b = position[rel.a], position[rel.b]
        ends[2 * e], ends[2 * e + 1] = a, b
        degree[a + 1] += 1
        degree[b + 1] += 1
        strength[e] = codes[rel.strength]
        if rel.last_contact is not None:
            last_contact[e] = rel.last_contact.as_date().toordinal()
    offsets = array(INT, degree)
    for i in range(n):
        offsets[i + 1] += offsets[i]
    targets = array(INT, bytes(4 * 2 * m))
    edges = array(INT, bytes(4 * 2 * m))
    fill = array(INT, offsets[:-1]) if n else array(INT)
    for e in range(m):
        a, b = ends[2 * e], ends[2 * e + 1]
        slot = fill[a]
        targets[slot], edges[slot] = b, e
        fill[a] = slot + 1
        slot = fill[b]
        targets[slot], edges[slot] = a, e
        fill[b] = slot + 1
    return CompactGraph(offsets, targets, edges, strength, last_contact, position.get, ids.__getitem__)
