"""The obvious implementation, for comparison: PyYAML's C loader, a networkx graph, networkx's
k shortest simple paths. What one would write in an afternoon; warmintro is measured against it.

    python benchmarks/obvious.py path FILE A B [--as-of DATE]
    python benchmarks/obvious.py mutual FILE A B
    python benchmarks/obvious.py check FILE
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import sys

import networkx as nx
import yaml

WARMTH = {"close": 0.95, "strong": 0.8, "good": 0.6, "weak": 0.35, "acquaintance": 0.15}
#: Each hop after the second counts this much less (the later connectors only relay).
RELAY = 0.85


def warmth(rel: dict, as_of: dt.date) -> float:
    base = WARMTH[str(rel.get("strength", "good"))]
    last = rel.get("last_contact")
    if last is None:
        return base
    text = str(last)
    parts = [int(p) for p in text.split("-")]
    day = dt.date(parts[0], 7, 1) if len(parts) == 1 else dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
    years = max(0.0, (as_of - day).days / 365.25)
    return base * max(0.5, 0.5 ** (years / 4))


def path_warmth(graph: nx.Graph, people: list[str]) -> float:
    """The product of the hops' warmths, each hop after the second times RELAY."""
    total = 1.0
    for i, (u, v) in enumerate(itertools.pairwise(people)):
        total *= graph[u][v]["warmth"] * RELAY if i >= 2 else graph[u][v]["warmth"]
    return total


def load(path: str, as_of: dt.date) -> tuple[dict, nx.Graph]:
    with open(path, encoding="utf-8") as file:
        data = yaml.load(file, Loader=yaml.CSafeLoader)
    graph = nx.Graph()
    graph.add_nodes_from(data["people"])
    for rel in data.get("relationships") or []:
        a, b = rel["between"]
        w = warmth(rel, as_of)
        graph.add_edge(a, b, warmth=w, cost=-math.log(w), how=rel.get("how"))
    return data, graph


def main() -> None:
    command, path, *rest = sys.argv[1:]
    as_of = dt.date(2026, 11, 26)
    _, graph = load(path, as_of)
    if command == "path":
        a, b = rest[:2]
        # the three warmest on relationships alone, re-ranked with the relay: quick, not exact
        paths = [
            {"people": people, "warmth": path_warmth(graph, people)}
            for people in itertools.islice(nx.shortest_simple_paths(graph, a, b, weight="cost"), 3)
        ]
        paths.sort(key=lambda p: -p["warmth"])
        print(json.dumps({"from": a, "to": b, "paths": paths}))
    elif command == "mutual":
        a, b = rest[:2]
        both = set(graph[a]) & set(graph[b])
        mutual = sorted(both, key=lambda c: (-graph[a][c]["warmth"] * graph[b][c]["warmth"], c))
        print(json.dumps({"a": a, "b": b, "mutual": mutual}))
    elif command == "check":
        print(f"{graph.number_of_nodes()} people, {graph.number_of_edges()} relationships")
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
