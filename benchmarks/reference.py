"""An exact reference for the design's ranking, built on networkx, bounded by max-hops.

Independent of warmintro's code: its own warmth arithmetic, its own search. The k warmest simple
paths of at most H hops are found with networkx's k-shortest-simple-paths (Yen) on a layered
copy of the graph, (person, hop) -> (neighbour, hop + 1), so that every path it yields has at
most H hops, and a hop after the second can cost -log(RELAY) more (later connectors only relay
the introduction: the design's second-hand vouching); the few that visit someone twice are
skipped; ties (equal to 9 decimals) are ordered by hops, then ids, as the design says. Only
people within H hops of both ends (by hop distance) can be on such a path, so the layered
graph is built over them only.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import networkx as nx

from obvious import RELAY, load, path_warmth


def k_warmest(graph: nx.Graph, source: str, target: str, k: int, hops: int) -> list[tuple[list[str], float]]:
    near_source = nx.single_source_shortest_path_length(graph, source, cutoff=hops)
    near_target = nx.single_source_shortest_path_length(graph, target, cutoff=hops)
    keep = {v for v, d in near_source.items() if d + near_target.get(v, hops + 1) <= hops}
    if target not in keep:
        return []
    layered = nx.DiGraph()
    for u, v, data in graph.subgraph(keep).edges(data=True):
        for a, b in ((u, v), (v, u)):
            if a == target:
                continue
            for i in range(hops):
                if near_source[a] <= i and i + 1 + near_target[b] <= hops:
                    relay = -math.log(RELAY) if i + 1 > 2 else 0.0
                    layered.add_edge((a, i), (b, i + 1), cost=data["cost"] + relay)
    sink = ("<sink>", -1)
    for i in range(1, hops + 1):
        if (target, i) in layered:
            layered.add_edge((target, i), sink, cost=0.0)
    if (source, 0) not in layered or sink not in layered:
        return []
    found: list[tuple[list[str], float]] = []
    lowest_tie = 0.0  # once k paths are known: the least warmth that could still tie the k-th
    for walk in nx.shortest_simple_paths(layered, (source, 0), sink, weight="cost"):
        people = [node for node, _ in walk[:-1]]
        cost = sum(layered[a][b]["cost"] for a, b in itertools.pairwise(walk))
        if math.exp(-cost) * (1 + 1e-9) < lowest_tie:
            break
        if len(set(people)) != len(people):
            continue
        warmth = path_warmth(graph, people)
        found.append((people, warmth))
        if len(found) >= k:
            kth = sorted((w for _, w in found), reverse=True)[k - 1]
            lowest_tie = round(kth, 9) - 5e-10
    found.sort(key=lambda p: (-round(p[1], 9), len(p[0]), p[0]))
    return found[:k]


def reference_paths(
    path: str, pairs: list[tuple[str, str]], k: int = 3, hops: int = 4
) -> list[list[tuple[list[str], float]]]:
    _, graph = load(path, dt.date(2026, 11, 26))
    return [k_warmest(graph, a, b, k, hops) for a, b in pairs]


def reference_paths_from_cache(path: str, pairs: list[tuple[str, str]], k: int = 3, hops: int = 4):
    """The same reference where the whole graph does not fit in networkx (a million people).

    Only people within `hops` of both ends can be on an answer, so for each pair that
    neighbourhood is found on warmintro's cached arrays (breadth-first, hop counts only) and
    copied into networkx with each relationship's strength and last contact; the warmths and the
    search are then this module's own, as above."""
    from collections import deque

    from obvious import warmth
    from warmintro.cache.loader import load_network_cached
    from warmintro.ranking.graph import compact_graph

    network, _ = load_network_cached(path)
    graph = compact_graph(network)
    as_of = dt.date(2026, 11, 26)

    def within(start: int) -> dict[int, int]:
        seen, queue = {start: 0}, deque([start])
        while queue:
            node = queue.popleft()
            if seen[node] == hops:
                continue
            for slot in range(graph.offsets[node], graph.offsets[node + 1]):
                other = graph.targets[slot]
                if other not in seen:
                    seen[other] = seen[node] + 1
                    queue.append(other)
        return seen

    answers = []
    for a, b in pairs:
        from_a, from_b = within(graph.index_of(a)), within(graph.index_of(b))
        keep = {v for v, d in from_a.items() if d + from_b.get(v, hops + 1) <= hops}
        sub = nx.Graph()
        for v in keep:
            for slot in range(graph.offsets[v], graph.offsets[v + 1]):
                other = graph.targets[slot]
                if other in keep:
                    rel = network.relationships[graph.edges[slot]]
                    data = {
                        "strength": rel.strength,
                        "last_contact": rel.last_contact.text if rel.last_contact else None,
                    }
                    if data["last_contact"] is None:
                        del data["last_contact"]
                    w = warmth(data, as_of)
                    sub.add_edge(graph.id_of(v), graph.id_of(other), warmth=w, cost=-math.log(w))
        answers.append(k_warmest(sub, a, b, k, hops) if a in sub and b in sub else [])
    return answers
