"""The cache read quickly and still checked: bounds at C speed, large sections checked by
chunk when read, and the view of a network without its inferred ties kept in the cache."""

from __future__ import annotations

import datetime as dt
from array import array
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import warmintro.cache.store as store
from warmintro.cache.network import CacheDamaged, network_from_cache
from warmintro.cache.records import write_cache
from warmintro.cache.store import CacheFile, all_within
from warmintro.dates import PartialDate
from warmintro.model import Job, Network, Person, Relationship
from warmintro.ranking.graph import compact_graph
from warmintro.sources.inferred import add_inferred, real_only

AS_OF = dt.date(2026, 11, 30)

LIMITS = {"B": (0, 255), "i": (-(2**31), 2**31 - 1), "q": (-(2**63), 2**63 - 1)}


@st.composite
def arrays_and_bounds(draw: st.DrawFn) -> tuple[array[int], int]:
    code = draw(st.sampled_from(sorted(LIMITS)))
    low, high = LIMITS[code]
    width = array(code).itemsize
    bound = draw(st.integers(0, (1 << (8 * width - 1)) - 1))
    near = st.integers(max(low, bound - 3), min(high, bound + 3))
    values = draw(st.lists(st.one_of(near, st.integers(low, high), st.sampled_from([0, max(low, -1)])), max_size=40))
    return array(code, values), bound


@given(arrays_and_bounds())
def test_all_within_is_the_plain_bounds_check(case: tuple[array[int], int]) -> None:
    values, bound = case
    expected = all(0 <= v <= bound for v in values)
    assert all_within(memoryview(values).cast("B"), values.itemsize, bound) is expected


def test_all_within_refuses_a_bound_it_cannot_check() -> None:
    with pytest.raises(ValueError, match="no such bound"):
        all_within(b"\0\0", 1, 128)  # above half a byte's range
    with pytest.raises(ValueError, match="no such bound"):
        all_within(b"\0\0\0", 2, 5)  # not whole lanes


def _network(people: int) -> Network:
    """People at two organisations over overlapping years, and a chain of real ties."""
    found = {
        f"p{i}": Person(
            f"p{i}",
            f"Person {i}",
            history=(Job("Kestrel" if i % 2 else "Pactbank", None, PartialDate(2010 + i % 5), PartialDate(2016)),),
        )
        for i in range(people)
    }
    ties = [Relationship(f"p{i}", f"p{i + 1}", "good", how="worked together " * 3) for i in range(0, people - 1, 3)]
    return Network(people=found, relationships=ties, me="p0")


def _cached(network: Network, folder: Path) -> Network:
    where = folder / "cache" / "net.cache"
    (folder / "cache").mkdir(mode=0o700, exist_ok=True)
    write_cache(where, network, [], folder / "contacts.yaml", [1], "", 0)
    cached = network_from_cache(CacheFile.open(where), "contacts.yaml")
    cached.cache_file = where
    return cached


def _slots(network: Network) -> list[list[tuple[int, int]]]:
    graph = compact_graph(network)
    return [[(graph.targets[s], graph.edges[s]) for s in graph.slots(i)] for i in range(graph.size)]


@pytest.mark.parametrize("people", [3, 7, 40])
def test_the_cache_keeps_where_each_persons_real_ties_end(people: int, tmp_path: Path) -> None:
    full = add_inferred(_network(people), AS_OF)
    cached = _cached(full, tmp_path)
    assert cached.real_stops is not None  # type: ignore[attr-defined]
    in_memory, from_cache = real_only(full), real_only(cached)
    assert _slots(from_cache) == _slots(in_memory)
    first = len(_network(people).relationships)
    # the view leaves out exactly the inferred ties, and every real one stays
    assert all(e < first for person in _slots(in_memory) for _, e in person)
    assert sum(len(person) for person in _slots(in_memory)) == 2 * first
    assert [(r.a, r.b) for r in from_cache.relationships] == [(r.a, r.b) for r in _network(people).relationships]


def test_a_network_without_inferred_ties_keeps_no_stops(tmp_path: Path) -> None:
    plain = _network(5)
    cached = _cached(plain, tmp_path)
    assert cached.real_stops is None  # type: ignore[attr-defined]
    assert "real_stops" not in CacheFile.open(tmp_path / "cache" / "net.cache").header["sections"]


def test_a_large_section_is_checked_chunk_by_chunk_when_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "_CHUNK", 64)
    network = _network(60)
    cached = _cached(network, tmp_path)
    where = tmp_path / "cache" / "net.cache"
    # unharmed, every relationship reads back as written
    assert [r.how for r in cached.relationships] == [r.how for r in network.relationships]
    meta = CacheFile.open(where).header["sections"]["rels"]
    assert len(meta) == 5 and len(meta[4]) > 3
    # one byte of the last chunk of the relationships changed, its checksum not
    offset, size = meta[:2]
    data = bytearray(where.read_bytes())
    head = CacheFile.open(where)._base
    data[head + offset + size - 2] ^= 0x01
    where.write_bytes(bytes(data))
    damaged = network_from_cache(CacheFile.open(where), "contacts.yaml")  # opens: chunks are read later
    damaged.cache_file = where
    assert damaged.relationships[0].how == network.relationships[0].how  # another chunk: read
    with pytest.raises(CacheDamaged, match="damaged"):
        [r.how for r in damaged.relationships]
    assert not where.exists()  # removed: the next command rebuilds it


def test_inferred_ties_read_back_from_the_cache_as_they_were_found(tmp_path: Path) -> None:
    full = add_inferred(_network(12), AS_OF)
    inferred = [r for r in full.relationships if "inferred" in r.extra]
    assert inferred
    cached = _cached(full, tmp_path)
    assert list(cached.relationships) == list(full.relationships)
    assert [r.extra for r in cached.relationships] == [r.extra for r in full.relationships]
    # a tie whose extra only looks like a label keeps it as written
    odd = Relationship("p0", "p5", "weak", extra={"inferred": {"reason": "my own words"}})
    again = _cached(Network(people=full.people, relationships=[odd], me="p0"), tmp_path)
    assert again.relationships[0].extra == odd.extra
