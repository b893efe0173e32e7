"""Mutual contacts."""

from __future__ import annotations

import pytest

from conftest import AS_OF, SAMPLE
from warmintro.errors import QueryError
from warmintro.fileformat.reader import load_network, parse_network
from warmintro.queries.mutual import mutual_contacts


def test_sample_alice_and_bob_both_know_carol_first() -> None:
    network = load_network(SAMPLE)
    result = mutual_contacts(network, "alice", "bob", as_of=AS_OF)
    assert [m.person.id for m in result.mutual] == ["carol", "victor", "eve"]
    carol = result.mutual[0]
    assert carol.with_a.strength == "close" and carol.with_b.strength == "good"
    assert carol.warmth == pytest.approx(carol.with_a.warmth * carol.with_b.warmth)
    doc = result.to_json()
    assert list(doc) == ["a", "b", "as_of", "mutual"]
    assert list(doc["mutual"][0]) == ["id", "name", "warmth", "with_a", "with_b"]
    assert doc["mutual"][0]["with_b"] == {
        "strength": "good",
        "warmth": 0.6,
        "how": "Both speak at the Helsinki SaaS meetup.",
    }


def test_ties_go_by_id_and_direct_ties_are_noted() -> None:
    network = parse_network(
        "people: {a: {name: A}, b: {name: B}, z: {name: Z}, m: {name: M}, k: {name: K}}\n"
        "relationships:\n"
        "  - {between: [a, z]}\n  - {between: [b, z]}\n"
        "  - {between: [a, m]}\n  - {between: [m, b]}\n"
        "  - {between: [a, k], strength: weak}\n  - {between: [k, b], strength: close}\n"
        "  - {between: [a, b]}\n"
    )
    result = mutual_contacts(network, "a", "b", as_of=AS_OF)
    assert [m.person.id for m in result.mutual] == ["m", "z", "k"]
    assert result.direct is not None


def test_same_person_twice_is_refused() -> None:
    network = load_network(SAMPLE)
    with pytest.raises(QueryError):
        mutual_contacts(network, "bob", "bob")
