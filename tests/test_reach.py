"""One search for every target gives exactly what `find_paths(k=1)` gives for each."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import networks
from warmintro.model import Network
from warmintro.paths import find_paths
from warmintro.reach import warmest_paths

AS_OF = dt.date(2026, 11, 26)


@st.composite
def searches(draw: st.DrawFn) -> tuple[Network, str, int, list[str], list[str] | None]:
    network = draw(networks())
    ids = list(network.people)
    source = draw(st.sampled_from(ids))
    others = [i for i in ids if i != source]
    avoid = draw(st.lists(st.sampled_from(others), unique=True, max_size=2)) if others else []
    targets = draw(st.one_of(st.none(), st.lists(st.sampled_from(ids), unique=True)))
    return network, source, draw(st.integers(1, 6)), avoid, targets


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(searches())
def test_one_search_equals_find_paths_for_every_target(search) -> None:
    network, source, max_hops, avoid, targets = search
    found = warmest_paths(network, source, max_hops=max_hops, as_of=AS_OF, avoid=avoid, targets=targets)
    asked = targets if targets is not None else list(network.people)
    for target in asked:
        if target == source or target in avoid:
            assert target not in found
            continue
        expected = find_paths(network, source, target, k=1, max_hops=max_hops, avoid=avoid, as_of=AS_OF).paths
        if not expected:
            assert target not in found
        else:
            assert found[target] == expected[0]
    assert set(found) <= set(asked)
