"""Ranking chains of introductions: the k warmest simple paths between two people.

The ranking is the design's: a path's warmth is the product of its hops' warmths, times the
relay factor for every hop after the second (see warmintro.ranking.warmth); paths are
ordered by warmth (highest first), ties (equal to 9 decimals) going to fewer hops and then to
the id sequence in lexicographic order; only simple paths of at most `max_hops` relationships
count.

Why this search and warmintro.ranking.reach's both exist: `path` and `draft` ask for the best
*few* paths between *two* people, which needs a search over simple paths that can return the
second and third best (a single-source pass keeps one best walk per person, and second-best
walks may repeat people). `find`, `connectors` and `map` ask for the *one* best path from one
person to *thousands*, which one single-source pass answers, where this search would run once
per target. Both walk the same view of the graph (warmintro.ranking.graph's `DayGraph`), weigh
each hop with the same functions (warmintro.ranking.warmth: `hop_weights`, `ledger_hop`, `step`),
and build every path they return with the same `intro_path`; the tests check that reach's
answer for each person is this search's first path.

How: an A* search over partial paths, with cost = -log(warmth) (`warmth.hop_cost`) so that
products become sums; a hop after the second costs -log(relay) more, which the search knows
from the partial path's length. The paths found are then weighed again by `intro_path`, in
warmths, so that every search reports the same float for the same path.
Its heuristic is exact for the relaxed problem: for every person and every number of hops left,
the cheapest cost to the target within that many hops (computed by a hop-bounded Bellman-Ford
from the target over only the people within reach). That bound is admissible, so complete
paths leave the queue in order of cost; it is also zero-waste for pruning: a partial path that
cannot reach the target within the hops left is never queued. (The bound leaves out the relay
but for the next hop, which every unfinished path still takes: still admissible.) The search stops once no queued
path could still tie with the k-th best, which makes ties exact, not accidental.

This gives the same answer as Yen's algorithm restricted to `max_hops`, without enumerating the
longer paths that Yen's would have to throw away.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from ..errors import QueryError, UnknownPerson
from ..model import MAX_HOPS_LIMIT, MAX_PATHS, Network, Relationship
from .graph import compact_graph
from .warmth import Hop, chain_warmth, hop, hop_cost, relay_factor, relayed, tie_key

if TYPE_CHECKING:
    from .fatigue import Adjustments

INF = math.inf
Node = TypeVar("Node", bound=Hashable)

#: Neighbours of a node: (neighbour, cost) pairs, cost = -log(warmth) >= 0.
Neighbours = Callable[[Node], Iterable[tuple[Node, float]]]


@dataclass(frozen=True)
class IntroPath:
    """A chain of introductions from the first person to the last."""

    people: tuple[str, ...]
    hops: tuple[Hop, ...]
    #: The path's warmth: its hops' warmths times `relay`.
    warmth: float
    #: What second-hand vouching takes: relay ** max(0, hops - 2) (1 for two hops or fewer).
    relay: float = 1.0

    @property
    def connectors(self) -> tuple[str, ...]:
        """The people in between, in the order they would be asked."""
        return self.people[1:-1]

    @property
    def relationship_warmth(self) -> float:
        """The warmth on the relationships alone, before the ask ledger's adjustments (relay
        included)."""
        warmth = 1.0
        for h in self.hops:
            warmth *= h.relationship_warmth
        return warmth * self.relay

    @property
    def first_ask(self) -> str | None:
        """Whom to ask first, or None when the two already know each other."""
        return self.people[1] if len(self.people) > 2 else None

    def to_json(self) -> dict[str, object]:
        return {
            "people": list(self.people),
            "warmth": self.warmth,
            "relay": self.relay,
            "hops": [h.to_json() for h in self.hops],
        }


def rank_key(path: IntroPath) -> tuple[float, int, tuple[str, ...]]:
    """The design's total order: warmest first, then fewer hops, then ids."""
    return (-tie_key(path.warmth), len(path.hops), path.people)


@dataclass(frozen=True)
class PathResult:
    source: str
    target: str
    paths: tuple[IntroPath, ...]
    as_of: dt.date
    max_hops: int
    avoid: tuple[str, ...] = ()
    via: tuple[str, ...] = ()
    #: Whether the ask ledger's adjustments were applied (False: --ignore-fatigue).
    fatigue: bool = True
    #: The path that would rank first without the ledger, when the ledger changed which one
    #: does (its hops adjusted, to say why); None otherwise.
    displaced: IntroPath | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "from": self.source,
            "to": self.target,
            "as_of": self.as_of.isoformat(),
            "paths": [p.to_json() for p in self.paths],
        }


def find_paths(
    network: Network,
    source: str,
    target: str,
    *,
    top: int = 3,
    max_hops: int | None = None,
    avoid: Sequence[str] = (),
    via: Sequence[str] = (),
    as_of: dt.date | None = None,
    fatigue: bool = True,
) -> PathResult:
    """The `top` warmest chains of introductions from `source` to `target` (ids).

    `avoid`: people no path may pass through. `via`: people every path must pass through.
    `max_hops` defaults to the file's setting (4 unless changed). With `fatigue` (the
    default), hops are adjusted by the ask ledger (see warmintro.ranking.fatigue).
    """
    as_of = as_of or dt.date.today()
    max_hops = network.settings.max_hops if max_hops is None else max_hops
    for pid in (source, target, *avoid, *via):
        if pid not in network.people:
            raise UnknownPerson(f"no person '{pid}' in {network.source}", pid)
    _check_query(source, target, top, max_hops, avoid, via)
    graph = compact_graph(network)
    index = graph.index_of
    adjustments = _ledger_adjustments(network, as_of, fatigue=fatigue, target=target)
    start, end = _index(index, source), _index(index, target)
    day = graph.on(network.settings, as_of)
    if adjustments is None:
        costs = day.path_costs(start, end)
    else:
        connector = {i: f for pid, f in adjustments.connector_factor.items() if (i := index(pid)) is not None}
        costs = day.path_costs(start, end, connector, adjustments.target_factor.get(target, 1.0))
    found = k_warmest(
        costs,
        start,
        end,
        k=top,
        max_hops=max_hops,
        avoid={_index(index, p) for p in avoid},
        via=tuple(_index(index, p) for p in via),
        reverse=costs.reverse,
        relay_cost=costs.relay_cost,
    )
    paths = sorted(
        (intro_path(network, tuple(graph.id_of(i) for i in nodes), as_of, adjustments) for nodes in found),
        key=rank_key,
    )
    displaced = None
    if adjustments is not None and paths:
        plain = find_paths(
            network, source, target, top=1, max_hops=max_hops, avoid=avoid, via=via, as_of=as_of, fatigue=False
        ).paths
        if plain and plain[0].people != paths[0].people:
            displaced = intro_path(network, plain[0].people, as_of, adjustments)
    return PathResult(source, target, tuple(paths[:top]), as_of, max_hops, tuple(avoid), tuple(via), fatigue, displaced)


def intro_path(
    network: Network, people: Sequence[str], as_of: dt.date, adjustments: Adjustments | None = None
) -> IntroPath:
    """The chain of relationships along `people` (ids of people who know each other in turn),
    each hop adjusted by the ask ledger's `adjustments` when given."""
    settings = network.settings
    hops = tuple(hop(_between(network, a, b), a, settings, as_of) for a, b in itertools.pairwise(people))
    if adjustments is not None:
        hops = _adjusted(hops, adjustments)
    return _path(people, hops, settings.relay)


def _path(people: Sequence[str], hops: Sequence[Hop], relay: float) -> IntroPath:
    return IntroPath(tuple(people), tuple(hops), path_warmth(hops, relay), relay_factor(len(hops), relay))


def _ledger_adjustments(
    network: Network, as_of: dt.date, *, fatigue: bool, target: str | None = None
) -> Adjustments | None:
    """What the ask ledger does to hops on paths to `target` (see warmintro.ranking.fatigue). A file
    without asks never imports the ledger's modules (start-up time)."""
    if not network.intros:
        return None
    from .fatigue import ledger_adjustments

    return ledger_adjustments(network, as_of, fatigue=fatigue, target=target)


def _adjusted(hops: Sequence[Hop], adjustments: Adjustments) -> tuple[Hop, ...]:
    from .fatigue import adjust_hop

    last = len(hops) - 1
    return tuple(adjust_hop(h, adjustments, last=i == last, from_source=i == 0) for i, h in enumerate(hops))


def _between(network: Network, a: str, b: str) -> Relationship:
    """The relationship of two people who know each other."""
    rel = network.relationship(a, b)
    if rel is None:
        raise QueryError(f"'{a}' and '{b}' do not know each other")
    return rel


def _index(index_of: Callable[[str], int | None], pid: str) -> int:
    found = index_of(pid)
    assert found is not None, pid
    return found


def path_warmth(hops: Sequence[Hop], relay: float = 1.0) -> float:
    """The product of the hops' warmths, multiplied in path order, each hop after the second
    times `relay` (see warmintro.ranking.warmth)."""
    return chain_warmth((h.warmth for h in hops), relay)


def _check_query(source: str, target: str, top: int, max_hops: int, avoid: Sequence[str], via: Sequence[str]) -> None:
    if source == target:
        raise QueryError(f"'{source}' is both the start and the end; name two different people")
    if not 1 <= top <= MAX_PATHS:
        raise QueryError(f"the number of paths must be from 1 to {MAX_PATHS}")
    if not 1 <= max_hops <= MAX_HOPS_LIMIT:
        raise QueryError(f"the longest chain must be from 1 to {MAX_HOPS_LIMIT} relationships")
    for pid in avoid:
        if pid in (source, target):
            raise QueryError(f"cannot avoid '{pid}': every path starts or ends there")
        if pid in via:
            raise QueryError(f"'{pid}' is both avoided and required (`via`)").naming("via")
    for pid in via:
        if pid in (source, target):
            raise QueryError(f"'{pid}' is already an end of the path; `via` names someone in between").naming("via")


def k_warmest(
    neighbours: Neighbours[Node],
    source: Node,
    target: Node,
    *,
    k: int,
    max_hops: int,
    avoid: set[Node] | frozenset[Node] = frozenset(),
    via: tuple[Node, ...] = (),
    reverse: Neighbours[Node] | None = None,
    relay_cost: float = 0.0,
) -> list[tuple[Node, ...]]:
    """The node sequences of the k cheapest simple paths of at most `max_hops` edges, plus every
    path that ties with the k-th to 9 decimals of warmth (the caller orders and cuts them).

    `neighbours(i)` gives the hops out of i with their costs; `reverse(j)` the hops into j, as
    (i, cost of i -> j), when costs depend on direction (the default: the same as neighbours).
    `relay_cost` is added to every hop after the second."""
    reverse = neighbours if reverse is None else reverse
    to_target = _HopBoundedCost(neighbours, target, max_hops, avoid, source, reverse)
    if to_target(source, max_hops) == INF:
        return []
    # For each required person: cheapest cost from anyone to them within r hops.
    via_bounds = [(v, _bounded_distances(reverse, v, max_hops, avoid, source)) for v in via]

    def estimate(node: Node, hops_left: int, path: tuple[Node, ...]) -> float:
        best = to_target(node, hops_left)
        for v, to_v in via_bounds:
            if v in path or best == INF:
                continue
            # reach v within r hops, then the target within the rest
            through = min(
                (to_v[r].get(node, INF) + to_target(v, hops_left - r) for r in range(hops_left + 1)),
                default=INF,
            )
            best = max(best, through)
        return best

    queue: list[tuple[float, int, float, tuple[Node, ...]]] = []
    counter = 0
    start = estimate(source, max_hops, (source,))
    if start == INF:
        return []
    heapq.heappush(queue, (start, counter, 0.0, (source,)))
    results: list[tuple[float, tuple[Node, ...]]] = []
    threshold = INF  # once k paths are known: the least cost that could still tie the k-th
    while queue:
        bound, _, cost, path = heapq.heappop(queue)
        if bound > threshold:
            break
        node = path[-1]
        if node == target:
            if all(v in path for v in via):
                results.append((cost, path))
                if len(results) >= k:
                    threshold = _tie_threshold(sorted(c for c, _ in results)[k - 1])
            continue
        hops_left = max_hops - (len(path) - 1) - 1
        # the new hop's position is len(path); the one after it (if any) is surely relayed
        extra = relay_cost if relayed(len(path)) else 0.0
        then = relay_cost if relayed(len(path) + 1) else 0.0
        for nxt, step in neighbours(node):
            if nxt in avoid or nxt in path:
                continue
            rest = estimate(nxt, hops_left, path + (nxt,))
            if rest == INF:
                continue
            if nxt != target:
                rest += then
            counter += 1
            done = cost + step + extra
            heapq.heappush(queue, (done + rest, counter, done, path + (nxt,)))
    return [path for _, path in results]


class _HopBoundedCost(Generic[Node]):
    """D(v, r): the cheapest cost of a walk from v to the target of at most r edges, through no
    avoided person and not back through the source. It is the search's heuristic: exact for
    the problem without the "simple path" rule, hence admissible, and infinite exactly when
    the target is out of reach in r hops, which prunes every hopeless partial path.

    Meet in the middle: the layers r <= max_hops // 2 are computed for everyone near the
    target by a hop-bounded Bellman-Ford; deeper ones only where the search asks, near the
    source, from D(v, r) = min over neighbours u of cost(v, u) + D(u, r - 1). Both halves stay
    within about half the hops of their end, instead of the whole max_hops ball of one end,
    which on a network with hubs is the difference between thousands of people and most of
    the network."""

    def __init__(
        self,
        neighbours: Neighbours[Node],
        target: Node,
        max_hops: int,
        avoid: set[Node] | frozenset[Node],
        source: Node,
        reverse: Neighbours[Node],
    ) -> None:
        self.neighbours = neighbours
        self.target = target
        self.avoid = avoid
        self.source = source
        self.half = max_hops // 2
        self.layers = _bounded_distances(reverse, target, self.half, avoid, source)
        self.memo: dict[tuple[Node, int], float] = {}

    def __call__(self, node: Node, hops: int) -> float:
        if hops <= self.half:
            return self.layers[hops].get(node, INF)
        if node == self.target:
            return 0.0
        key = (node, hops)
        found = self.memo.get(key)
        if found is None:
            found = INF
            for other, step in self.neighbours(node):
                if other in self.avoid or other == self.source:
                    continue
                cost = step + self(other, hops - 1)
                if cost < found:
                    found = cost
            self.memo[key] = found
        return found


def _tie_threshold(kth_cost: float) -> float:
    """The largest cost whose warmth could still round (to 9 decimals) to the k-th's warmth,
    with a margin for floating-point error in sums of logarithms."""
    kth_warmth = math.exp(-kth_cost)
    lowest_tie = tie_key(kth_warmth) - 0.5e-9
    if lowest_tie <= 0:
        return INF
    return hop_cost(lowest_tie) + 1e-9


def _bounded_distances(
    into: Neighbours[Node], origin: Node, max_hops: int, avoid: set[Node] | frozenset[Node], source: Node
) -> list[dict[Node, float]]:
    """layers[r][v]: the cheapest cost from v to `origin` using at most r edges, passing
    through no avoided person and not through `source` (a simple path leaves it only once).
    `into(j)` gives the hops into j with their costs. People missing from layers[r] are more
    than r hops away."""
    layer = {origin: 0.0}
    layers = [layer]
    changed = [origin]
    for _ in range(max_hops):
        nxt = dict(layer)
        updated: dict[Node, None] = {}
        for node in changed:
            if node in avoid or (node == source and node != origin):
                continue
            base = layer[node]
            for other, step in into(node):
                cost = base + step
                if cost < nxt.get(other, INF):
                    nxt[other] = cost
                    updated[other] = None
        layers.append(nxt)
        layer = nxt
        changed = list(updated)
    return layers


def path_along(
    network: Network, people: Sequence[str], *, as_of: dt.date | None = None, fatigue: bool = True
) -> IntroPath:
    """The chain of introductions through exactly these people (ids), in order, its hops
    adjusted by the ask ledger unless not `fatigue`.

    Raises QueryError unless each consecutive pair knows each other and nobody appears twice."""
    as_of = as_of or dt.date.today()
    for pid in people:
        if pid not in network.people:
            raise UnknownPerson(f"no person '{pid}' in {network.source}", pid)
    if len(people) < 2:
        raise QueryError("a path names at least two people, from the start to the end")
    repeated = sorted({p for p in people if people.count(p) > 1})
    if repeated:
        raise QueryError(f"a path names each person once; '{repeated[0]}' appears more than once")
    hops = []
    for a, b in itertools.pairwise(people):
        rel = network.relationship(a, b)
        if rel is None:
            raise QueryError(
                f"'{a}' and '{b}' do not know each other in {network.source}, so the path "
                f"{','.join(people)} is not a chain of relationships (see: warmintro show {a})"
            )
        hops.append(hop(rel, a, network.settings, as_of))
    adjustments = _ledger_adjustments(network, as_of, fatigue=fatigue, target=people[-1])
    adjusted = _adjusted(hops, adjustments) if adjustments is not None else tuple(hops)
    return _path(people, adjusted, network.settings.relay)
