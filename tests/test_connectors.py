"""`connectors`: counted by hand on a small network, against brute force, and on the sample."""

from __future__ import annotations

import itertools
import json

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, SAMPLE, write
from strategies import networks
from warmintro.errors import QueryError
from warmintro.fileformat.reader import load_network, parse_network
from warmintro.model import Network
from warmintro.queries.connectors import find_connectors
from warmintro.ranking.warmth import relationship_warmth, tie_key

#: p knows a (close .95), b (good .6), c (weak .35). With --min-warmth 0.2 and 3 hops:
#:   x: p-a-x .57, p-b-x .36            -> reach a, b; best a
#:   y: p-a-y .76, p-b-a-y .288         -> reach a, b; best a
#:   z: p-a-y-z .608 (p-b-a-y-z: 4 hops) -> reach a only
#:   w: p-b-w .21, p-a-b-w .1995 < .2   -> reach b only
#:   v: p-c-v .21                       -> reach c only
#:   u: p-c-u .1225 < .2                -> nobody's door
HAND_MADE = """
me: p
people:
  p: {name: Pat}
  a: {name: Ann}
  b: {name: Bo}
  c: {name: Cy}
  x: {name: Xi}
  y: {name: Yu}
  z: {name: Zed}
  w: {name: Wu}
  v: {name: Vi}
  u: {name: Uma}
relationships:
  - {between: [p, a], strength: close}
  - {between: [p, b], strength: good}
  - {between: [p, c], strength: weak}
  - {between: [a, b], strength: good}
  - {between: [a, x], strength: good}
  - {between: [b, x], strength: good}
  - {between: [a, y], strength: strong}
  - {between: [y, z], strength: strong}
  - {between: [b, w], strength: weak}
  - {between: [c, v], strength: good}
  - {between: [c, u], strength: weak}
"""


def _counts(result) -> dict[str, tuple[int, int, int]]:
    return {c.person.id: (c.reach, c.best, c.only) for c in result.connectors}


def test_counts_by_hand() -> None:
    network = parse_network(HAND_MADE)
    result = find_connectors(network, "p", max_hops=3, as_of=AS_OF)
    assert _counts(result) == {"a": (3, 3, 1), "b": (3, 1, 1), "c": (1, 1, 1)}
    assert [c.person.id for c in result.connectors] == ["a", "b", "c"]  # reach, then only, then best
    assert (result.contacts, result.doors) == (3, 5)
    assert {c.person.id: c.only_doors for c in result.connectors} == {"a": ("z",), "b": ("w",), "c": ("v",)}
    # a fourth hop would let Bo reach Zed through Ann and Yu (.6 x .6 x .8 x .8 = .2304), but
    # Ann and Yu only relay: .2304 x .85 x .85 = .166 < .2, so Zed stays Ann's alone...
    four = find_connectors(network, "p", max_hops=4, as_of=AS_OF)
    assert _counts(four) == _counts(result)
    # ...unless second-hand vouching costs nothing (relay 1)
    unrelayed = parse_network(HAND_MADE + "settings: {relay: 1}\n")
    four = find_connectors(unrelayed, "p", max_hops=4, as_of=AS_OF)
    assert _counts(four)["a"] == (3, 3, 0) and _counts(four)["b"] == (4, 1, 1)
    # a lower bar lets Cy reach Uma, and Ann reach Wu through Bo (.1995 x .85)
    low = find_connectors(network, "p", max_hops=3, min_warmth=0.1, as_of=AS_OF)
    assert _counts(low) == {"a": (4, 3, 1), "b": (3, 1, 0), "c": (2, 2, 2)}
    assert find_connectors(network, "p", max_hops=3, top=1, as_of=AS_OF).connectors[0].person.id == "a"


def test_someone_you_know_is_a_door_when_an_introduction_ranks_warmer() -> None:
    # p knows e as an acquaintance (.15), but a (close) knows e well: p-a-e .95 x .8 = .76
    network = parse_network(
        HAND_MADE.replace(
            "relationships:\n",
            "relationships:\n  - {between: [p, e], strength: acquaintance}\n  - {between: [a, e], strength: strong}\n",
        ).replace("  u: {name: Uma}\n", "  u: {name: Uma}\n  e: {name: Eve}\n")
    )
    result = find_connectors(network, "p", max_hops=3, as_of=AS_OF)
    assert (result.contacts, result.doors) == (4, 6)
    # Eve is a door of Ann's (.76) and of Bo's (p-b-a-e .6 x .6 x .8 x .85 = .24), Ann's best
    assert _counts(result)["a"] == (4, 4, 1) and _counts(result)["b"] == (4, 1, 1)
    # and a contact whose own tie is the warmest way in is nobody's door
    assert "b" not in {d for c in result.connectors for d in c.only_doors}


def test_carol_opens_the_most_doors_on_the_sample() -> None:
    result = find_connectors(load_network(SAMPLE), "alice", as_of=AS_OF)
    top = result.connectors[0]
    assert top.person.id == "carol"
    assert top.reach > result.connectors[1].reach
    assert top.only >= 1 and top.best >= top.only


def test_bad_arguments() -> None:
    network = parse_network(HAND_MADE)
    with pytest.raises(QueryError, match=r"^min_warmth must be more than 0"):
        find_connectors(network, "p", min_warmth=0)
    with pytest.raises(QueryError, match="a hop limit of at least 2, not 1"):
        find_connectors(network, "p", max_hops=1)


def _brute_force(network: Network, person: str, max_hops: int, min_warmth: float) -> dict[str, set[str]]:
    """contact -> the doors some simple path starting with that contact reaches warmly enough."""
    graph = nx.Graph()
    graph.add_nodes_from(network.people)
    graph.add_edges_from((r.a, r.b) for r in network.relationships)
    contacts = set(graph[person])
    doors: dict[str, set[str]] = {c: set() for c in contacts}
    relay = network.settings.relay
    for target in graph:
        if target == person:
            continue
        direct = network.relationship(person, target)
        for people in nx.all_simple_paths(graph, person, target, cutoff=max_hops):
            if len(people) == 2:
                continue
            warmth = 1.0
            for i, (a, b) in enumerate(itertools.pairwise(people)):
                hop = relationship_warmth(network.relationship(a, b), network.settings, AS_OF)
                warmth *= hop * relay if i >= 2 else hop
            if direct is not None and tie_key(warmth) <= tie_key(relationship_warmth(direct, network.settings, AS_OF)):
                continue  # knowing them ranks first
            if tie_key(warmth) >= tie_key(min_warmth):
                doors[people[1]].add(target)
    return doors


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.integers(2, 5), st.sampled_from([0.05, 0.2, 0.36, 0.5]), st.data())
def test_reach_and_only_match_brute_force(network: Network, max_hops: int, min_warmth: float, data) -> None:
    person = data.draw(st.sampled_from(list(network.people)))
    result = find_connectors(network, person, max_hops=max_hops, min_warmth=min_warmth, as_of=AS_OF)
    doors = _brute_force(network, person, max_hops, min_warmth)
    assert {c.person.id for c in result.connectors} == set(doors)
    for c in result.connectors:
        others = set().union(*(d for k, d in doors.items() if k != c.person.id))
        assert c.reach == len(doors[c.person.id])
        assert set(c.only_doors) == doors[c.person.id] - others
        assert c.only <= c.best <= c.reach
    assert result.doors == len(set().union(*doors.values()))


def test_connectors_command(run, tmp_path) -> None:
    result = run("connectors", "--as-of", str(AS_OF))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Who opens doors for Alice Lindqvist"
    first_row = next(line for line in lines if line.strip().startswith("1 "))
    assert "Carol Virtanen" in first_row
    doc = json.loads(run("connectors", "alice", "--json", "--top", "3", "--as-of", str(AS_OF)).stdout)
    assert list(doc) == ["person", "as_of", "max_hops", "min_warmth", "contacts", "doors", "connectors"]
    assert doc["connectors"][0]["id"] == "carol" and len(doc["connectors"]) == 3
    assert list(doc["connectors"][0]) == [
        "id",
        "name",
        "company",
        "strength",
        "warmth",
        "reach",
        "best",
        "only",
        "only_doors",
        "recent_asks",
        "open_asks",
    ]
    hand = write(tmp_path, HAND_MADE)
    assert run("connectors", "--max-hops", "3", "--json", contacts=hand).exit_code == 0
    lonely = run("connectors", "u", contacts=write(tmp_path, "people: {u: {name: Uma}}\n", "lonely.yaml"))
    assert lonely.exit_code == 1 and "Uma has no relationships" in lonely.stderr
    assert run("connectors", "--min-warmth", "0", contacts=hand).exit_code == 2
    assert run("connectors", "--min-warmth", "1.5", contacts=hand).exit_code == 2
