"""An exact reference for the design's ranking, built on networkx, bounded by max-hops.

Independent of warmintro's code: its own warmth arithmetic, its own search. The k warmest simple
paths of at most H hops are found with networkx's k-shortest-simple-paths (Yen) on a layered
copy of the graph, (person, hop) -> (neighbour, hop + 1), so that every path it yields has at
most H hops; the few that visit someone twice are skipped; ties (equal to 9 decimals) are
ordered by hops, then ids, as the design says. Only people within H hops of both ends (by
hop distance) can be on such a path, so the layered graph is built over them only.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import networkx as nx

from obvious import load


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
                    layered.add_edge((a, i), (b, i + 1), cost=data["cost"])
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
        warmth = math.prod(graph[a][b]["warmth"] for a, b in itertools.pairwise(people))
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
