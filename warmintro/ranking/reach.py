"""The warmest path from one person to everyone else, in one search.

`find_paths(network, source, target, top=1)` answers for one target; `find`, `connectors` and
`map` need the answer for thousands of targets at once. `warmest_paths` gives, for every person
within reach, exactly the path `find_paths(..., top=1)` would return: the same warmth, the same
tie-breaks (fewer hops, then the ids in order), not an approximation of it.

Why a second search at all (warmintro.ranking.kpaths says the same from its side): the k-best
search between two people runs once per target, which for thousands of targets is thousands of
searches; this one pass answers them all, but keeps only the best walk to each person, so it
cannot give the second and third best paths `path` shows. Both searches walk the same view of
the graph (warmintro.ranking.graph: the k-best search its costs by index, this one its
warmths by id, `WarmAdjacency`, from the same per-day table of `warmth.hop_weights`), weigh the
ask ledger with the same `warmth.ledger_hop`, multiply with the same `warmth.step`, and build
their paths with the same `kpaths.intro_path`.

How: a search over walks, layer by layer (layer h holds walks of exactly h hops), with warmths
multiplied left to right exactly as `kpaths.path_warmth` does (a hop after the second times the
relay factor: `warmth.step`). Why walks may stand in for simple paths: cutting a cycle out of a
walk never lowers its warmth (every warmth is at most 1, the hops left move to earlier
positions where the relay takes no more, and floating-point multiplication is monotone) and
always removes hops, so the best walk under the design's order is a simple path (the ask ledger
adds one exception: see `warmest_walks`).

Why the search is exact despite rounding warmths to 9 decimals for ties: at each person and
hop count it keeps every walk that no other walk *dominates*, where W dominates V when W is at
least as warm and its ids come first, or W is at least as warm with fewer hops. Extending both
by the same hops keeps W at least as warm (monotone multiplication, so also after rounding),
with no more hops, and still first in id order, so a dominated walk can never become the better
one (the relay too: the walk with fewer hops is relayed at no more of the hops that follow).
So a person is carried into the next layer only when a walk to them got warmer: the search
costs about one Bellman-Ford pass per hop over the part of the network that changed.

Ids are compared through ranks: all walks of one layer are sorted once by (rank of the walk
they extend, id of their last person), which is the lexicographic order of their id sequences.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Collection, Iterable
from functools import partial

from ..model import Network
from .fatigue import Adjustments, ledger_adjustments, open_targets
from .graph import Adjacency, warm_adjacency
from .kpaths import IntroPath, intro_path
from .warmth import ledger_hop, step, tie_key


class _Walk:
    """A walk from the source, as a link to the walk it extends (one hop shorter)."""

    __slots__ = ("node", "parent", "rank", "warmth")

    def __init__(self, node: str, warmth: float, parent: _Walk | None) -> None:
        self.node = node
        self.warmth = warmth
        self.parent = parent
        self.rank = 0  # position of its id sequence among the walks of its layer

    def people(self) -> tuple[str, ...]:
        nodes = []
        walk: _Walk | None = self
        while walk is not None:
            nodes.append(walk.node)
            walk = walk.parent
        return tuple(reversed(nodes))


#: Below one target in this many people, the search first finds who is near a target at all
#: (one breadth-first pass) and skips the rest; with more targets that pass saves nothing.
PRUNE_RATIO = 20


def hops_to(adjacency: Adjacency, targets: Iterable[str], blocked: Collection[str], within: int) -> dict[str, int]:
    """Fewest hops from each person to the nearest of `targets`, never passing through `blocked`,
    for the people at most `within` hops away."""
    distance = {t: 0 for t in targets}
    queue = deque(distance)
    while queue:
        node = queue.popleft()
        if node in blocked or distance[node] >= within:
            continue
        for other, _ in adjacency[node]:
            if other not in distance:
                distance[other] = distance[node] + 1
                queue.append(other)
    return distance


def warmest_paths(
    network: Network,
    source: str,
    *,
    max_hops: int,
    as_of: dt.date,
    avoid: Collection[str] = (),
    targets: Collection[str] | None = None,
    fatigue: bool = True,
) -> dict[str, IntroPath]:
    """The warmest path from `source` to each person reachable within `max_hops`, never through
    `avoid`: for each, the path `find_paths(network, source, person, top=1, fatigue=fatigue)`
    returns.

    With `targets`, only those people are answered for, and the search skips everyone who
    cannot lead to one of them in the hops left.
    """
    walks, adjustments_for = ledger_walks(
        network, source, max_hops=max_hops, as_of=as_of, avoid=avoid, targets=targets, fatigue=fatigue
    )
    return {node: intro_path(network, people, as_of, adjustments_for(node)) for node, (_, people) in walks.items()}


def ledger_walks(
    network: Network,
    source: str,
    *,
    max_hops: int,
    as_of: dt.date,
    avoid: Collection[str] = (),
    targets: Collection[str] | None = None,
    adjacency: Adjacency | None = None,
    fatigue: bool = True,
) -> tuple[dict[str, tuple[float, tuple[str, ...]]], Callable[[str], Adjustments | None]]:
    """`warmest_walks` with the ask ledger weighed for each target as `find_paths` weighs it,
    and the adjustments to build each target's path with. One search serves every target but
    those an open ask is for: an open ask never counts against itself, so each of them is
    searched again with the ledger as it stands for paths to them."""
    adjustments = ledger_adjustments(network, as_of, fatigue=fatigue)
    search = partial(
        warmest_walks,
        network,
        source,
        max_hops=max_hops,
        as_of=as_of,
        avoid=avoid,
        adjacency=warm_adjacency(network, as_of) if adjacency is None else adjacency,
    )
    walks = search(targets=targets, adjustments=adjustments)
    own: dict[str, Adjustments | None] = {}
    if adjustments is not None:
        for pid in sorted(open_targets(network)):
            if pid == source or pid in avoid or (targets is not None and pid not in targets):
                continue
            own[pid] = mine = ledger_adjustments(network, as_of, fatigue=fatigue, target=pid)
            again = search(targets=(pid,), adjustments=mine)
            if pid in again:
                walks[pid] = again[pid]
    return walks, lambda pid: own.get(pid, adjustments)


def warmest_walks(
    network: Network,
    source: str,
    *,
    max_hops: int,
    as_of: dt.date,
    avoid: Collection[str] = (),
    targets: Collection[str] | None = None,
    adjacency: Adjacency | None = None,
    adjustments: Adjustments | None = None,
    ends_only: Collection[str] = (),
) -> dict[str, tuple[float, tuple[str, ...]]]:
    """`warmest_paths` as (warmth, ids) pairs, without building the hops: for ranking many
    people and building the paths of the few that are shown. `adjacency`: the network's
    `warm_adjacency` as of the same day, when the caller has it already. `adjustments`: the
    ask ledger's, as of the same day (none by default).

    With adjustments, the hop into a person depends on their role: as a connector (a walk
    carried on) or as the walk's end (the target). A walk carried on is kept as before; the
    ends are weighed separately, from every walk kept one hop earlier, which are enough: a walk
    that was dropped is beaten by a kept one after any hop, whatever that hop's factor.

    One case escapes the rule that cutting a cycle never lowers a walk's warmth: a walk that
    passes through its end person as a connector before it ends there (the connector's boost
    can outweigh the detour). Such an end is weighed again by a search that never passes
    through that person (`ends_only`: people reached only as ends)."""
    if adjacency is None:
        adjacency = warm_adjacency(network, as_of)
    as_connector = adjustments.connector_factor if adjustments is not None else {}
    as_target = adjustments.target_factor if adjustments is not None else {}
    #: People whose hop-in warmth depends on their role; their ends are weighed apart.
    special = set(as_connector) | set(as_target)
    ends: dict[str, tuple[tuple[float, int, int], float, _Walk]] = {}
    blocked = frozenset(avoid) | {source}
    limit: dict[str, int] | None = None
    if targets is not None and len(targets) * PRUNE_RATIO < len(adjacency):
        limit = hops_to(adjacency, [t for t in targets if t not in blocked], blocked, max_hops - 1)

    layer: dict[str, list[_Walk]] = {source: [_Walk(source, 1.0, None)]}
    #: The warmth of the warmest walk to each person in fewer hops than the current layer's: a
    #: walk that is not warmer is beaten by it whatever follows (fewer hops, as warm or warmer).
    warmest: dict[str, float] = {}
    best: dict[str, tuple[tuple[float, int, int], _Walk]] = {}
    relay = network.settings.relay
    for hops in range(1, max_hops + 1):
        hops_left = max_hops - hops
        #: What this layer's hops are multiplied by besides their warmth: `warmth.step`'s
        #: relay, taken once per layer (step multiplies a hop's warmth by it, or by nothing).
        scale = step(1.0, hops, relay)
        fronts: dict[str, list[tuple[float, _Walk]]] = {}
        for node, walks in layer.items():
            for other, warmth in adjacency[node]:
                if other in blocked or (limit is not None and limit.get(other, hops_left + 1) > hops_left):
                    continue
                into = warmth
                if other in special:
                    from_source = node == source
                    into = ledger_hop(warmth, as_connector, as_target, other, last=False, from_source=from_source)
                    if targets is None or other in targets:
                        last = ledger_hop(warmth, as_connector, as_target, other, last=True, from_source=from_source)
                        _weigh_end(ends, other, hops, walks, last * scale)
                factor = into * scale
                if other in ends_only:
                    continue
                floor = warmest.get(other, 0.0)
                for walk in walks:
                    value = walk.warmth * factor
                    if value > floor:
                        front = fronts.get(other)
                        if front is None:
                            fronts[other] = [(value, walk)]
                        else:
                            _offer(front, value, walk)
        if not fronts:
            break
        layer = {node: [_Walk(node, value, parent) for value, parent in front] for node, front in fronts.items()}
        ordered = sorted(
            (walk for walks in layer.values() for walk in walks),
            key=lambda w: (w.parent.rank, w.node),  # type: ignore[union-attr]
        )
        for rank, walk in enumerate(ordered):
            walk.rank = rank
        for node, walks in layer.items():
            warmest[node] = max(warmest.get(node, 0.0), walks[0].warmth)
            if (targets is not None and node not in targets) or node in special:
                continue
            for walk in walks:
                key = (-tie_key(walk.warmth), hops, walk.rank)
                if node not in best or key < best[node][0]:
                    best[node] = (key, walk)
    found = {node: (walk.warmth, walk.people()) for node, (_, walk) in best.items()}
    for node, (_, value, parent) in ends.items():
        people = (*parent.people(), node)
        if node in people[:-1] and node not in ends_only:
            again = warmest_walks(
                network,
                source,
                max_hops=max_hops,
                as_of=as_of,
                avoid=avoid,
                targets=(node,),
                adjacency=adjacency,
                adjustments=adjustments,
                ends_only=(node,),
            )
            found[node] = again[node]  # the walk's start, up to its first visit, ends there
        else:
            found[node] = (value, people)
    return found


def _weigh_end(
    ends: dict[str, tuple[tuple[float, int, int], float, _Walk]],
    node: str,
    hops: int,
    walks: list[_Walk],
    last: float,
) -> None:
    """Keep the best walk ending at `node` with a last hop of warmth `last` from one of `walks`
    (ranked as paths are: warmest, then fewer hops, then ids, which for the same last person
    and length is the order of the walks extended)."""
    for walk in walks:
        value = walk.warmth * last
        key = (-tie_key(value), hops, walk.rank)
        if node not in ends or key < ends[node][0]:
            ends[node] = (key, value, walk)


def _offer(front: list[tuple[float, _Walk]], value: float, parent: _Walk) -> None:
    """Add the walk `parent` + one hop (of warmth `value`) to the walks kept for one person,
    unless a kept one is at least as warm and first in id order; drop those it beats likewise.
    The front stays warmest first, so its ids run from last to first."""
    rank = parent.rank
    for kept_value, kept_parent in front:
        if kept_value >= value and kept_parent.rank <= rank:
            return
    front[:] = [(v, p) for v, p in front if not (v <= value and p.rank >= rank)]
    front.append((value, parent))
    front.sort(key=lambda vp: (-vp[0], vp[1].rank))
