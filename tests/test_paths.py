"""Path ranking: the sample's answers, and the laws checked against brute force."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, SAMPLE
from strategies import RELAYS, networks_with_ledgers
from warmintro.dates import PartialDate
from warmintro.errors import QueryError, UnknownPerson
from warmintro.fileformat.reader import load_network
from warmintro.model import (
    MAX_HOPS_LIMIT,
    MAX_PATHS,
    MAX_PATHS_SHOWN,
    STRENGTHS,
    Network,
    Person,
    Relationship,
    Settings,
)
from warmintro.ranking.kpaths import find_paths, path_along, rank_key
from warmintro.ranking.warmth import relationship_warmth, tie_key


@pytest.fixture(scope="module")
def network() -> Network:
    return load_network(SAMPLE)


def test_sample_alice_to_bob_goes_through_carol_first(network: Network) -> None:
    result = find_paths(network, "alice", "bob", as_of=AS_OF)
    assert [p.people for p in result.paths] == [
        ("alice", "carol", "bob"),
        ("alice", "grace", "carol", "bob"),
        ("alice", "carol", "eve", "bob"),
    ]
    best = result.paths[0]
    assert best.first_ask == "carol"
    # close (0.95) decayed from 2026-05 to 2026-11-26 with a 4-year half-life, times good (0.6)
    years = (AS_OF - dt.date(2026, 5, 1)).days / 365.25
    assert best.warmth == pytest.approx(0.95 * 0.5 ** (years / 4) * 0.6, rel=1e-12)
    assert [h.strength for h in best.hops] == ["close", "good"]
    assert best.hops[1].how == "Both speak at the Helsinki SaaS meetup."


def test_more_paths_and_avoid_and_via(network: Network) -> None:
    five = find_paths(network, "alice", "bob", top=5, as_of=AS_OF).paths
    assert len(five) == 5
    assert [p.warmth for p in five] == sorted((p.warmth for p in five), reverse=True)
    avoiding = find_paths(network, "alice", "bob", avoid=["carol"], as_of=AS_OF).paths
    assert avoiding and all("carol" not in p.people for p in avoiding)
    via_eve = find_paths(network, "alice", "bob", via=["eve"], as_of=AS_OF).paths
    assert via_eve and all("eve" in p.people for p in via_eve)
    assert via_eve[0].people == ("alice", "carol", "eve", "bob")


def test_max_hops_bounds_paths(network: Network) -> None:
    one = find_paths(network, "alice", "bob", max_hops=1, as_of=AS_OF)
    assert one.paths == ()
    two = find_paths(network, "alice", "bob", max_hops=2, top=10, as_of=AS_OF)
    assert all(len(p.hops) <= 2 for p in two.paths)
    assert {p.people for p in two.paths} == {
        ("alice", "carol", "bob"),
        ("alice", "victor", "bob"),
        ("alice", "eve", "bob"),
    }


def test_bad_queries_are_refused(network: Network) -> None:
    with pytest.raises(QueryError, match="both the start and the end"):
        find_paths(network, "alice", "alice")
    with pytest.raises(QueryError, match="cannot avoid 'bob'"):
        find_paths(network, "alice", "bob", avoid=["bob"])
    with pytest.raises(QueryError, match="both avoided and required"):
        find_paths(network, "alice", "bob", avoid=["eve"], via=["eve"])
    with pytest.raises(UnknownPerson):
        find_paths(network, "alice", "nobody")


def test_recency_lowers_warmth_down_to_half_and_not_below() -> None:
    rel = Relationship("a", "b", "close", last_contact=PartialDate(2000))
    s = Settings()
    assert relationship_warmth(rel, s, dt.date(2000, 7, 1)) == 0.95
    four_years = dt.date(2000, 7, 1) + dt.timedelta(days=round(4 * 365.25))
    assert relationship_warmth(rel, s, four_years) == pytest.approx(0.95 * 0.5)
    assert relationship_warmth(rel, s, dt.date(2030, 1, 1)) == pytest.approx(0.95 * 0.5)
    future = Relationship("a", "b", "good", last_contact=PartialDate(2040, 1))
    assert relationship_warmth(future, s, dt.date(2030, 1, 1)) == 0.6
    month = Relationship("a", "b", "good", last_contact=PartialDate(2026, 5))
    years = (dt.date(2027, 5, 1) - dt.date(2026, 5, 1)).days / 365.25
    assert relationship_warmth(month, s, dt.date(2027, 5, 1)) == pytest.approx(0.6 * 0.5 ** (years / 4))


# --------------------------------------------------------------------------------------------
# The laws, against brute force on random small networks


def _oracle(network: Network, source: str, target: str, k: int, max_hops: int, avoid, via, as_of, warmth_of=None):
    """Every simple path, ranked by the design's order; `warmth_of(network, people, as_of)`
    gives a path's warmth (default: the product of its relationships' warmths)."""
    graph = nx.Graph()
    graph.add_nodes_from(network.people)
    graph.add_edges_from((r.a, r.b) for r in network.relationships)
    ranked = []
    for people in nx.all_simple_paths(graph, source, target, cutoff=max_hops):
        if any(p in avoid for p in people) or not all(v in people for v in via):
            continue
        if warmth_of is not None:
            warmth = warmth_of(network, tuple(people), as_of)
        else:
            warmth = 1.0
            for i, (a, b) in enumerate(itertools.pairwise(people)):
                hop_warmth = relationship_warmth(network.relationship(a, b), network.settings, as_of)
                warmth *= relayed(hop_warmth, i, network.settings.relay)
        ranked.append((-tie_key(warmth), len(people) - 1, tuple(people), warmth))
    ranked.sort()
    return ranked[:k]


@st.composite
def queries(draw):
    n = draw(st.integers(2, 9))
    ids = [f"p{i}" for i in range(n)]
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    # few distinct strengths and dates, so that exact ties are common
    rels = [
        Relationship(
            a,
            b,
            draw(st.sampled_from(STRENGTHS)),
            last_contact=draw(st.one_of(st.none(), st.sampled_from([PartialDate(2020), PartialDate(2024, 3)]))),
        )
        for a, b in chosen
    ]
    warmth = draw(
        st.sampled_from(
            [
                None,
                {"close": 1.0, "strong": 1.0, "good": 0.5, "weak": 0.25, "acquaintance": 0.125},
                {s: 0.5 for s in STRENGTHS},
            ]
        )
    )
    network = Network(
        people={i: Person(i, i.upper()) for i in ids},
        relationships=rels,
        settings=Settings(warmth=warmth, relay=draw(st.sampled_from(RELAYS)))
        if warmth
        else Settings(relay=draw(st.sampled_from(RELAYS))),
    )
    source, target = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    others = [i for i in ids if i not in (source, target)]
    avoid = draw(st.lists(st.sampled_from(others), unique=True, max_size=2)) if others else []
    rest = [i for i in others if i not in avoid]
    via = draw(st.lists(st.sampled_from(rest), unique=True, max_size=2)) if rest else []
    k = draw(st.integers(1, 6))
    max_hops = draw(st.integers(1, 6))
    return network, source, target, k, max_hops, avoid, via


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries())
def test_paths_match_brute_force(query) -> None:
    network, source, target, k, max_hops, avoid, via = query
    as_of = dt.date(2026, 11, 26)
    result = find_paths(network, source, target, top=k, max_hops=max_hops, avoid=avoid, via=via, as_of=as_of)
    expected = _oracle(network, source, target, k, max_hops, avoid, via, as_of)
    # same paths, in the same order (ties: fewer hops, then ids), with the same warmths
    assert [p.people for p in result.paths] == [e[2] for e in expected]
    assert [p.warmth for p in result.paths] == [e[3] for e in expected]
    for path in result.paths:
        # a real chain: simple, within the limits, each hop a relationship of the file
        assert len(set(path.people)) == len(path.people)
        assert 1 <= len(path.hops) <= max_hops
        assert path.people[0] == source and path.people[-1] == target
        for h, (a, b) in zip(path.hops, zip(path.people, path.people[1:])):
            assert network.relationship(a, b) is h.relationship
            assert (h.source, h.target) == (a, b)
        relay = network.settings.relay ** max(0, len(path.hops) - 2)
        assert path.relay == pytest.approx(relay, rel=1e-12)
        assert path.warmth == pytest.approx(math.prod(h.warmth for h in path.hops) * relay, rel=1e-12)
    assert list(result.paths) == sorted(result.paths, key=rank_key)


def test_ties_in_warmth_are_exact_even_when_log_costs_differ_in_the_last_bit() -> None:
    # 0.95 * 0.9 * 0.81 == 0.95 * 0.729 as warmths, but -log sums differ by ~1e-16, the
    # 3-hop one being "cheaper". The design says ties go to fewer hops: the 2-hop path wins.
    network = Network(
        people={i: Person(i, i) for i in ("a", "x", "y", "z", "b")},
        relationships=[
            Relationship("a", "x", "close"),
            Relationship("x", "y", "strong"),
            Relationship("y", "b", "good"),
            Relationship("a", "z", "close"),
            Relationship("z", "b", "weak"),
        ],
        settings=Settings(warmth={"close": 0.95, "strong": 0.9, "good": 0.81, "weak": 0.729, "acquaintance": 0.1}),
    )
    result = find_paths(network, "a", "b", top=1, as_of=AS_OF)
    assert [p.people for p in result.paths] == [("a", "z", "b")]


def test_path_along_checks_the_chain(network: Network) -> None:
    with pytest.raises(QueryError, match="'alice' and 'bob' do not know each other"):
        path_along(network, ["alice", "bob"])
    with pytest.raises(QueryError, match="more than once"):
        path_along(network, ["alice", "carol", "alice"])
    path = path_along(network, ["alice", "carol", "bob"], as_of=AS_OF)
    assert path == find_paths(network, "alice", "bob", as_of=AS_OF).paths[0]


# --------------------------------------------------------------------------------------------
# The ask ledger: the documented adjustments, and the search still exact under them


def documented_factor(network: Network, pid: str, as_of: dt.date, *, target: bool, of: str | None = None) -> float:
    """The README's rules, written out again: the factor of a hop into `pid` (as the target
    of a path with a connector, or as a connector) on a path to `of`: an open ask to `of` does
    not count against its own connectors."""
    asks = [a for a in network.intros if a.date.as_date() <= as_of]
    if not target:
        asks = [a for a in asks if not (a.target == of and a.status in ("drafted", "asked", "opted-in"))]
    recent = [a for a in asks if (as_of - a.date.as_date()).days < 365]
    factor = 1.0
    if target:
        declined = [a for a in recent if a.target == pid and a.status == "declined"]
        if declined:
            factor *= 0.5 ** (len(declined) / 2)
        return factor
    mine = [a for a in asks if pid in (a.connector, *a.through)]
    counted = [a for a in mine if a in recent or a.status in ("drafted", "asked", "opted-in")]
    if counted:
        factor *= 0.5 ** (len(counted) / 3)
    met = [a for a in mine if a.status == "met"]
    if met:
        factor *= 1 + 0.05 * min(len(met), 3)
    return factor


def documented_warmth(network: Network, people: tuple[str, ...], as_of: dt.date) -> float:
    warmth = 1.0
    for i, (a, b) in enumerate(itertools.pairwise(people)):
        hop_warmth = relationship_warmth(network.relationship(a, b), network.settings, as_of)
        last = i == len(people) - 2
        if not (last and i == 0):
            hop_warmth = min(1.0, hop_warmth * documented_factor(network, b, as_of, target=last, of=people[-1]))
        warmth *= relayed(hop_warmth, i, network.settings.relay)
    return warmth


def relayed(hop_warmth: float, i: int, relay: float) -> float:
    """The design's relay, written out again: the third hop (i == 2) and later count `relay` less."""
    return hop_warmth * relay if i >= 2 else hop_warmth


@st.composite
def ledger_queries(draw):
    network = draw(networks_with_ledgers())
    ids = list(network.people)
    source, target = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    others = [i for i in ids if i not in (source, target)]
    avoid = draw(st.lists(st.sampled_from(others), unique=True, max_size=1)) if others else []
    rest = [i for i in others if i not in avoid]
    via = draw(st.lists(st.sampled_from(rest), unique=True, max_size=1)) if rest else []
    return network, source, target, draw(st.integers(1, 6)), draw(st.integers(1, 6)), avoid, via


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledger_queries())
def test_paths_with_a_ledger_match_brute_force(query) -> None:
    network, source, target, k, max_hops, avoid, via = query
    result = find_paths(network, source, target, top=k, max_hops=max_hops, avoid=avoid, via=via, as_of=AS_OF)
    expected = _oracle(network, source, target, k, max_hops, avoid, via, AS_OF, documented_warmth)
    assert [p.people for p in result.paths] == [e[2] for e in expected]
    assert [p.warmth for p in result.paths] == [e[3] for e in expected]
    for path in result.paths:
        # the path's warmth is the product of its adjusted hops, each at most 1, and the relay
        assert path.warmth == pytest.approx(math.prod(h.warmth for h in path.hops) * path.relay, rel=1e-12)
        assert all(0 < h.warmth <= 1 for h in path.hops)
        for h in path.hops:
            factor = math.prod(a.factor for a in h.adjustments)
            assert h.warmth == (min(1.0, h.relationship_warmth * factor) if h.adjustments else h.relationship_warmth)
    ignoring = find_paths(
        network, source, target, top=k, max_hops=max_hops, avoid=avoid, via=via, as_of=AS_OF, fatigue=False
    )
    assert [p.people for p in ignoring.paths] == [
        e[2] for e in _oracle(network, source, target, k, max_hops, avoid, via, AS_OF)
    ]
    assert all(not h.adjustments for p in ignoring.paths for h in p.hops)


def test_query_size_is_bounded_with_a_message_naming_the_limit(run) -> None:
    for args, limit in (
        (["-k", "100000", "--max-hops", "12"], f"1<=x<={MAX_PATHS}"),
        (["-k", str(MAX_PATHS_SHOWN + 1)], f"at most {MAX_PATHS_SHOWN} paths are shown"),
        (["--max-hops", str(MAX_HOPS_LIMIT + 1)], f"1<=x<={MAX_HOPS_LIMIT}"),
    ):
        result = run("path", "bob", *args)
        assert result.exit_code == 2 and limit in result.stderr, result.output
        assert result.stdout == ""
    shown = run("path", "bob", "-k", str(MAX_PATHS_SHOWN), "--max-hops", str(MAX_HOPS_LIMIT), "--as-of", str(AS_OF))
    assert shown.exit_code == 0 and shown.stdout.count("\n") < 100 * MAX_PATHS_SHOWN
    many = run("path", "bob", "-k", str(MAX_PATHS_SHOWN + 1), "--max-hops", "12", "--json", "--as-of", str(AS_OF))
    assert many.exit_code == 0 and len(json.loads(many.stdout)["paths"]) == MAX_PATHS_SHOWN + 1


def test_the_library_refuses_queries_past_the_limits() -> None:
    network = load_network(SAMPLE)
    with pytest.raises(QueryError, match=str(MAX_PATHS)):
        find_paths(network, "alice", "bob", top=MAX_PATHS + 1)
    with pytest.raises(QueryError, match=str(MAX_HOPS_LIMIT)):
        find_paths(network, "alice", "bob", max_hops=MAX_HOPS_LIMIT + 1)
