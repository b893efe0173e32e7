"""One search for every target gives exactly what `find_paths(top=1)` gives for each."""

from __future__ import annotations

import datetime as dt
import itertools
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import networks, networks_with_ledgers
from warmintro.dates import PartialDate
from warmintro.ledger.asks import Ask
from warmintro.model import Network, Person, Relationship, Settings
from warmintro.ranking import reach
from warmintro.ranking.kpaths import find_paths
from warmintro.ranking.reach import warmest_paths

AS_OF = dt.date(2026, 11, 26)


@st.composite
def searches(
    draw: st.DrawFn, base: st.SearchStrategy[Network] | None = None
) -> tuple[Network, str, int, list[str], list[str] | None, int]:
    network = draw(networks() if base is None else base)
    ids = list(network.people)
    source = draw(st.sampled_from(ids))
    others = [i for i in ids if i != source]
    avoid = draw(st.lists(st.sampled_from(others), unique=True, max_size=2)) if others else []
    targets = draw(st.one_of(st.none(), st.lists(st.sampled_from(ids), unique=True)))
    # 0: always skip the people far from every target first; 1000: never
    return network, source, draw(st.integers(1, 6)), avoid, targets, draw(st.sampled_from([0, 1000]))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(searches())
def test_one_search_equals_find_paths_for_every_target(search) -> None:
    network, source, max_hops, avoid, targets, prune_ratio = search
    with patch.object(reach, "PRUNE_RATIO", prune_ratio):
        found = warmest_paths(network, source, max_hops=max_hops, as_of=AS_OF, avoid=avoid, targets=targets)
    asked = targets if targets is not None else list(network.people)
    for target in asked:
        if target == source or target in avoid:
            assert target not in found
            continue
        expected = find_paths(network, source, target, top=1, max_hops=max_hops, avoid=avoid, as_of=AS_OF).paths
        if not expected:
            assert target not in found
        else:
            assert found[target] == expected[0]
    assert set(found) <= set(asked)


@pytest.mark.parametrize("length", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("prune_ratio", [0, 1000])
def test_paths_that_use_every_hop_allowed_are_found(length: int, prune_ratio: int) -> None:
    # a chain p0 - p1 - ... with a shortcut that is colder, so the warmest path is the long one
    ids = [f"p{i}" for i in range(length + 1)]
    rels = [Relationship(a, b, "close") for a, b in itertools.pairwise(ids)]
    if length > 1:
        rels.append(Relationship(ids[0], ids[-1], "acquaintance"))
    network = Network({i: Person(i, i) for i in ids}, rels)
    with patch.object(reach, "PRUNE_RATIO", prune_ratio):
        found = warmest_paths(network, "p0", max_hops=length, as_of=AS_OF, targets=[ids[-1]])
        if length > 1:
            shorter = warmest_paths(network, "p0", max_hops=length - 1, as_of=AS_OF, targets=[ids[-1]])
            assert [p.people for p in shorter.values()] == [(ids[0], ids[-1])]
    assert found[ids[-1]].people == tuple(ids)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(searches(networks_with_ledgers()))
def test_one_search_equals_find_paths_under_the_ask_ledger(search) -> None:
    # the hop into a person weighs differently when they are the end (declines) than when the
    # walk goes on through them (fatigue, meetings): still exactly what find_paths ranks first
    network, source, max_hops, avoid, targets, prune_ratio = search
    for fatigue in (True, False):
        with patch.object(reach, "PRUNE_RATIO", prune_ratio):
            found = warmest_paths(
                network, source, max_hops=max_hops, as_of=AS_OF, avoid=avoid, targets=targets, fatigue=fatigue
            )
        for target in targets if targets is not None else list(network.people):
            if target == source or target in avoid:
                continue
            expected = find_paths(
                network, source, target, top=1, max_hops=max_hops, avoid=avoid, as_of=AS_OF, fatigue=fatigue
            ).paths
            assert found.get(target) == (expected[0] if expected else None)


def test_an_end_reached_only_by_passing_through_it_first_is_weighed_again() -> None:
    """x has a boost as a connector (an introduction of theirs led to a meeting), so the walk
    s-x-y-x is warmer than s-x, and would push out the walk s-z-y that the warmest simple path
    to x (s-z-y-x) extends; the search must still return that path, as find_paths does."""
    people = {i: Person(i, i.upper()) for i in ["s", "x", "y", "z"]}
    relationships = [
        Relationship("s", "x", "weak"),
        Relationship("x", "y", "strong"),
        Relationship("s", "z", "close"),
        Relationship("z", "y", "good"),
    ]
    met = Ask(id="a", date=PartialDate(2024, 6, 1), requester="s", connector="x", target="y", status="met")
    warmth = {"close": 1.0, "strong": 1.0, "good": 0.26, "weak": 0.25, "acquaintance": 0.125}
    network = Network(people, relationships, settings=Settings(warmth=warmth, relay=1.0), intros=(met,))
    found = warmest_paths(network, "s", max_hops=4, as_of=AS_OF)
    assert found["x"].people == ("s", "z", "y", "x") and found["x"].warmth == pytest.approx(0.26)
    assert found["y"].people == ("s", "x", "y") and found["y"].warmth == pytest.approx(0.25 * 1.05)
    for target in ("x", "y", "z"):
        assert found[target] == find_paths(network, "s", target, top=1, max_hops=4, as_of=AS_OF).paths[0]
