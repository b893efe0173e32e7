"""The network as compact arrays, and the one view of them that both searches walk.

People are numbered 0..n-1 in file order; relationships 0..m-1. Adjacency is in CSR form:
the neighbours of person i are ``targets[offsets[i]:offsets[i+1]]``, reached through
relationships ``edges[...]`` of the same slots. Each relationship keeps only what ranking
needs: its strength (0-4, acquaintance..close) and the day of its last contact (a proleptic
Gregorian ordinal, 0 when unknown).

A CompactGraph is built from a Network in memory (`compact_graph`, which keeps it with the
network), or read back from the cache (`warmintro.cache.network`) without building any Python
object per person.

`DayGraph` is the graph as every search sees it on one query day: each relationship's warmth is
`warmth.hop_weights`' value for its day of last contact and strength, computed on first use and
remembered per day (a table of that function's values, never a second copy of the formula), for
the people a search actually reaches. Its two faces read the same table:

* `PathCosts` (by index): the hops between two people with their costs, `warmth.hop_cost` of
  their warmth after the ledger (`warmth.ledger_hop`), for the k-best search of
  warmintro.ranking.kpaths;
* `WarmAdjacency` (by id): each person's relationships with their warmths, for the
  single-source search of warmintro.ranking.reach and the queries built on it.
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import cast

from ..model import STRENGTHS, Network, Settings
from .warmth import hop_cost, hop_weights, ledger_hop

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
    #: Where each person's slots end (n): ``offsets[1:]``, unless the graph is a view that
    #: leaves the last slots of each person out (see `real_stops`).
    stops: Sequence[int] = ()
    #: Each relationship's two people in the order written (2m), where the graph was built
    #: from a network in memory (the cache keeps them: see warmintro.cache.records).
    ends: Sequence[int] = ()

    def __post_init__(self) -> None:
        if not self.stops:
            self.stops = self.offsets[1:]

    def slots(self, node: int) -> range:
        """The slots of `node`'s relationships, in file order."""
        return range(self.offsets[node], self.stops[node])

    def leaving_out_from(self, first: int) -> CompactGraph:
        """The same graph without relationships `first` and after (see `real_stops`): a view
        on the same arrays."""
        return replace(self, stops=real_stops(self, first))

    @property
    def size(self) -> int:
        return len(self.offsets) - 1

    def degree(self, node: int) -> int:
        return self.stops[node] - self.offsets[node]

    def edge_between(self, a: int, b: int) -> int | None:
        """The relationship joining two people, scanning the shorter adjacency list."""
        if self.degree(a) > self.degree(b):
            a, b = b, a
        targets = self.targets
        for slot in range(self.offsets[a], self.stops[a]):
            if targets[slot] == b:
                return self.edges[slot]
        return None

    def on(self, settings: Settings, as_of: dt.date) -> DayGraph:
        """The graph as searches see it on `as_of` (see `DayGraph`)."""
        return DayGraph(self, settings, as_of)


class DayGraph:
    """The compact graph as of one day: each relationship's warmth (see the module docstring)."""

    def __init__(self, graph: CompactGraph, settings: Settings, as_of: dt.date) -> None:
        self.graph = graph
        self.settings = settings
        self.as_of = as_of
        self._today = as_of.toordinal()
        #: `warmth.hop_weights` by day of last contact (0: unknown), and their costs
        #: (`warmth.hop_cost`), each day's computed on first use.
        self._weights: dict[int, tuple[float, ...]] = {}
        self._costs: dict[int, tuple[float, ...]] = {}
        #: The same for relationships whose last contact is unknown, by strength.
        self._undated = self._weights_on(0)
        self._undated_costs = tuple(map(hop_cost, self._undated))
        #: What each hop after the second adds to a path's cost (see warmintro.ranking.warmth).
        self.relay_cost = hop_cost(settings.relay)

    def _weights_on(self, day: int) -> tuple[float, ...]:
        found = self._weights.get(day)
        if found is None:
            found = self._weights[day] = hop_weights(self._today - day if day else None, self.settings)
        return found

    def edge_warmth(self, edge: int) -> float:
        """The relationship's warmth as of the day: `warmth.hop_weights`, remembered."""
        graph = self.graph
        day = graph.last_contact[edge]
        if not day:
            return self._undated[graph.strength[edge]]
        return self._weights_on(day)[graph.strength[edge]]

    def _costs_on(self, day: int) -> tuple[float, ...]:
        found = self._costs.get(day)
        if found is None:
            found = self._costs[day] = tuple(map(hop_cost, self._weights_on(day)))
        return found

    def edge_cost(self, edge: int) -> float:
        """The relationship's cost as of the day, ledger aside: `warmth.hop_cost` of its warmth."""
        graph = self.graph
        day = graph.last_contact[edge]
        costs = self._costs.get(day) if day else self._undated_costs
        if costs is None:
            costs = self._costs_on(day)
        return costs[graph.strength[edge]]

    def costs_from(self, node: int) -> list[tuple[int, float]]:
        """(j, `edge_cost`) for each of `node`'s relationships, in file order: the hot loop of
        the k-best search, with `edge_cost` written out for speed (the same lookups)."""
        graph = self.graph
        targets, edges, strength, last_contact = graph.targets, graph.edges, graph.strength, graph.last_contact
        undated, by_day = self._undated_costs, self._costs
        found = []
        for slot in range(graph.offsets[node], graph.stops[node]):
            edge = edges[slot]
            day = last_contact[edge]
            costs = by_day.get(day) if day else undated
            if costs is None:
                costs = self._costs_on(day)
            found.append((targets[slot], costs[strength[edge]]))
        return found

    def path_costs(
        self,
        source: int,
        target: int,
        connector: Mapping[int, float] | None = None,
        target_factor: float = 1.0,
    ) -> PathCosts:
        """The hops of a search from `source` to `target`, weighed with the ask ledger's factors
        (by index: `connector` for each connector, `target_factor` for the target)."""
        return PathCosts(self, source, target, dict(connector or {}), target_factor)

    def by_id(self) -> WarmAdjacency:
        return WarmAdjacency(self)


class PathCosts:
    """Search edges for one query between two people: ``costs(i)`` gives (j, cost) pairs with
    cost = `warmth.hop_cost` of the hop's warmth after the ledger (`warmth.ledger_hop`: a hop
    into j as a connector, or as the target), computed on first use and remembered.

    The ask ledger makes costs depend on direction; `reverse(j)` gives the hops into j, as
    (i, cost of i -> j), for searches that run backwards from the target."""

    def __init__(
        self, day: DayGraph, source: int, target: int, connector: dict[int, float], target_factor: float
    ) -> None:
        self.day = day
        self.source = source
        self.target = target
        self.relay_cost = day.relay_cost
        self._connector = connector
        self._target = {target: target_factor} if target_factor != 1.0 else {}
        #: Whether the ledger makes a hop cost more one way than the other.
        self.directed = bool(connector) or bool(self._target)
        self._memo: dict[int, list[tuple[int, float]]] = {}
        self._reverse_memo: dict[int, list[tuple[int, float]]] = {}

    def _cost_of(self, origin: int, into: int, edge: int) -> float:
        """The cost of the hop origin -> into, the ledger included."""
        warmth = ledger_hop(
            self.day.edge_warmth(edge),
            self._connector,
            self._target,
            into,
            last=into == self.target,
            from_source=origin == self.source,
        )
        return hop_cost(warmth)

    def _slots(self, node: int) -> range:
        return self.day.graph.slots(node)

    def __call__(self, node: int) -> list[tuple[int, float]]:
        found = self._memo.get(node)
        if found is None:
            if self.directed:
                targets, edges, cost_of = self.day.graph.targets, self.day.graph.edges, self._cost_of
                found = [(targets[s], cost_of(node, targets[s], edges[s])) for s in self._slots(node)]
            else:
                found = self.day.costs_from(node)
            self._memo[node] = found
        return found

    def reverse(self, node: int) -> list[tuple[int, float]]:
        """The hops into `node`: (i, cost of the hop i -> node)."""
        if not self.directed:
            return self(node)
        found = self._reverse_memo.get(node)
        if found is None:
            targets, edges, cost_of = self.day.graph.targets, self.day.graph.edges, self._cost_of
            found = [(targets[s], cost_of(targets[s], node, edges[s])) for s in self._slots(node)]
            self._reverse_memo[node] = found
        return found


#: Each person's relationships as (other person, warmth).
Adjacency = Mapping[str, list[tuple[str, float]]]


class WarmAdjacency(Mapping[str, list[tuple[str, float]]]):
    """Each person's relationships as (other person, warmth as of the day), in file order,
    read from the day's table the first time a person is asked for: a search that reaches a few
    thousand people of a cached million decodes nothing else."""

    def __init__(self, day: DayGraph) -> None:
        self._day = day
        self._memo: dict[str, list[tuple[str, float]]] = {}

    def __getitem__(self, pid: str) -> list[tuple[str, float]]:
        found = self._memo.get(pid)
        if found is None:
            graph = self._day.graph
            node = graph.index_of(pid)
            if node is None:
                raise KeyError(pid)
            targets, edges, id_of, warmth = graph.targets, graph.edges, graph.id_of, self._day.edge_warmth
            found = [(id_of(targets[slot]), warmth(edges[slot])) for slot in graph.slots(node)]
            self._memo[pid] = found
        return found

    def __iter__(self) -> Iterator[str]:
        graph = self._day.graph
        return (graph.id_of(i) for i in range(graph.size))

    def __len__(self) -> int:
        return self._day.graph.size


class WarmestFirst(Mapping[str, list[tuple[str, float]]]):
    """The same relationships, warmest first, sorted per person on first use."""

    def __init__(self, adjacency: Adjacency) -> None:
        self._adjacency = adjacency
        self._memo: dict[str, list[tuple[str, float]]] = {}

    def __getitem__(self, pid: str) -> list[tuple[str, float]]:
        found = self._memo.get(pid)
        if found is None:
            found = self._memo[pid] = sorted(self._adjacency[pid], key=lambda edge: -edge[1])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._adjacency)

    def __len__(self) -> int:
        return len(self._adjacency)


def warm_adjacency(network: Network, as_of: dt.date) -> WarmAdjacency:
    """Each person's relationships as (other person, warmth as of the day), in file order."""
    return DayGraph(compact_graph(network), network.settings, as_of).by_id()


#: Where a network keeps its compact graph (see `Network.derived`).
_COMPACT = "ranking.graph.compact"


def compact_graph(network: Network) -> CompactGraph:
    """The network's relationships as arrays, built on first use and kept with the network."""
    found = network.derived.get(_COMPACT)
    if found is None:
        found = network.derived[_COMPACT] = build_compact(network)
    return cast(CompactGraph, found)


def built_compact(network: Network) -> CompactGraph | None:
    """The network's compact graph if it has one already (built, or read from the cache)."""
    return cast("CompactGraph | None", network.derived.get(_COMPACT))


def keep_compact(network: Network, graph: CompactGraph) -> None:
    """Give `network` its compact graph, read from elsewhere (the cache)."""
    network.derived[_COMPACT] = graph


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
    return CompactGraph(offsets, targets, edges, strength, last_contact, position.get, ids.__getitem__, ends=ends)


def real_stops(graph: CompactGraph, first: int) -> array[int]:
    """Where each person's slots end when relationships `first` and after are left out. A
    person's slots hold their relationships in increasing order (`build_compact` fills them in
    file order, and the cache keeps that order), so those are each person's last slots."""
    return array(INT, [bisect_left(graph.edges, first, start, stop) for start, stop in zip(graph.offsets, graph.stops)])
