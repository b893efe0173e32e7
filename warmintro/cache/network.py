"""A network read from a cache file: people and relationships decoded only when asked for.

`CachedNetwork` is a `Network` whose `people`, `relationships` and `adjacency` are views over
the cache's arrays and records; they keep the Mapping and Sequence contracts of the parsed
network's dict and list (`values()` and `items()` are views that know their length and can be
iterated again), so code cannot tell the two apart except by speed. Loading and writing live in
warmintro.cache.loader and warmintro.cache.records; both entry points are importable from here.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import json
import weakref
from array import array
from collections.abc import Callable, ItemsView, Iterator, Mapping, Sequence, ValuesView
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from ..dates import parse_partial_date
from ..errors import WarmintroError
from ..model import STRENGTHS, Job, Network, Person, Relationship, Settings
from ..ranking.graph import CompactGraph, compact_graph, keep_compact
from .records import date_from_text, intros_from, json_to_value, relationship_extra, write_cache
from .store import CacheFile, CheckedBlob, Texts, all_within

if TYPE_CHECKING:
    from ..ledger.asks import Ask

__all__ = ["CacheDamaged", "CachedNetwork", "write_cache"]


def network_from_cache(cached: CacheFile, display_name: str) -> CachedNetwork:
    """The network, named `display_name` in messages (the path as the user gave it)."""
    n, m = cached.header["people"], cached.header["relationships"]
    arrays = {
        name: cached.array(name, unsigned=name in HALF_EDGES)
        for name in ("offsets", "targets", "edges", "strength", "last_contact", "ends", "order")
    }
    if "real_stops" in cached.header["sections"]:  # a network with inferred ties: where its real ones end
        arrays["real_stops"] = cached.array("real_stops")
    blobs: dict[str, memoryview | CheckedBlob] = {name: cached.section(name) for name in ("ids", "names")}
    blobs |= {name: cached.records(name) for name in ("people", "rels")}
    offsets = {name: cached.array(f"{name}_off") for name in ("ids", "names", "people", "rels")}
    lengths = {
        "offsets": n + 1,
        "targets": 2 * m,
        "edges": 2 * m,
        "strength": m,
        "last_contact": m,
        "ends": 2 * m,
        "order": n,
        "real_stops": n,
    }
    for name, expected in lengths.items():
        if name in arrays and len(arrays[name]) != expected:
            raise ValueError(f"section {name} has the wrong length")
    for name, count in (("ids", n), ("names", n), ("people", n), ("rels", m)):
        if len(offsets[name]) != count + 1 or offsets[name][-1] != len(blobs[name]):
            raise ValueError(f"section {name} has the wrong length")
    # every index the network will follow is checked here (at C speed), so that a cache whose
    # checksums match but whose content is wrong is rebuilt, never followed; but the largest
    # arrays, read unsigned, are checked where followed (see HALF_EDGES)
    _check_indexes(arrays, offsets, blobs, n, m)
    intros = intros_from(cached.section("intros"))
    network = CachedNetwork(cached.header, arrays, blobs, offsets, display_name, intros)
    if "pairs" in cached.header["sections"]:  # absent: found when asked (people were added since)
        network.read_pairs = functools.partial(cached.section, "pairs")  # for `check` alone
    if "real_stops" in arrays:
        network.real_stops = arrays["real_stops"]
    network.half_edges = [(arrays["targets"], n - 1), (arrays["ends"], n - 1), (arrays["edges"], m - 1)]
    _READ[:] = [*(read for read in _READ if read() is not None), weakref.ref(network)]
    return network


#: The arrays of two integers a relationship (each 2m long, most of the cache's integers) are
#: read unsigned and not checked when read: an index out of range raises IndexError where it
#: is followed (as every array is bounds-checked), and `damaged_by_index` then checks them in
#: full, to tell a damaged cache (removed, with a message) from a bug.
HALF_EDGES = ("targets", "ends", "edges")

#: The networks read from caches by this process and still in use, for `damaged_by_index`.
_READ: list[weakref.ref[CachedNetwork]] = []


def forget_reads() -> None:
    """Start a new command: the networks read so far are not its own."""
    _READ.clear()


def remove_read() -> int:
    """Remove the cache files of the networks this command read, after an error that is not
    the user's: a cache is only a copy, and one damaged in a way no check catches must not
    fail every command after it. How many were removed."""
    removed = 0
    for network in filter(None, (read() for read in _READ)):
        if network.cache_file is not None:
            with contextlib.suppress(OSError):
                network.cache_file.unlink()
                removed += 1
    return removed


def damaged_by_index(exc: IndexError) -> CacheDamaged | None:
    """After an IndexError in a command: the error of a cache read by this process that holds
    an index out of range (checked in full now; the cache file is removed, the next command
    rebuilds it), or None when every one is sound (the IndexError is a bug, not damage)."""
    for network in filter(None, (read() for read in _READ)):
        for values, highest in network.half_edges:
            if values and not all_within(memoryview(values).cast("B"), values.itemsize, highest):
                return network._damaged(exc)
    return None


def _check_indexes(
    arrays: dict[str, array[int]],
    offsets: dict[str, array[int]],
    blobs: dict[str, memoryview | CheckedBlob],
    n: int,
    m: int,
) -> None:
    """Every index that reads another array within its bounds (but those of HALF_EDGES, checked
    where followed), the ids' offsets too, and the ids and names valid UTF-8, at C speed
    (`all_within`: a few milliseconds a million entries). The other offsets only slice a blob,
    which never fails: one out of place gives a shorter text, or a record that is not JSON
    (CacheDamaged when it is read). What is left to a forger who can write the cache (an
    offset out of order, an order that is not one) makes a text empty or a person not found,
    never a wrong access; and the cache is read only when it is the user's own."""
    bounds = [("order", arrays["order"], n - 1), ("strength", arrays["strength"], len(STRENGTHS) - 1)]
    bounds += [("offsets", arrays["offsets"], 2 * m), ("ids_off", offsets["ids"], len(blobs["ids"]))]
    if "real_stops" in arrays:
        bounds += [("real_stops", arrays["real_stops"], 2 * m)]
    for name, values, highest in bounds:
        if values and not all_within(memoryview(values).cast("B"), values.itemsize, highest):
            raise ValueError(f"section {name} holds an index out of range")
    for name in ("ids", "names"):
        # valid UTF-8, or a UnicodeDecodeError (a ValueError)
        str(blobs[name][0 : len(blobs[name])], "utf-8", "surrogatepass")


class CacheDamaged(WarmintroError):
    """A record of the cache could not be decoded although its checksums matched: the cache
    file is removed (the next command rebuilds it)."""


class CachedNetwork(Network):
    """A Network read from the cache: people and relationships are decoded when first asked
    for, so a query on a million people touches only the few it needs."""

    def __init__(
        self,
        header: dict[str, Any],
        arrays: dict[str, array[int]],
        blobs: dict[str, memoryview | CheckedBlob],
        offsets: dict[str, array[int]],
        name: str,
        intros: tuple[Ask, ...] = (),
    ) -> None:
        self._ids = Texts(blobs["ids"], offsets["ids"])
        self._index: dict[str, int] | None = None
        self._searches = 0
        self._names = Texts(blobs["names"], offsets["names"])
        self._people_json = Texts(blobs["people"], offsets["people"])
        self._rels_json = Texts(blobs["rels"], offsets["rels"])
        self._order = arrays["order"]
        self._ends = arrays["ends"]
        self._strength = arrays["strength"]
        settings_data = header["settings"]
        settings = Settings(
            warmth=dict(settings_data["warmth"]),
            half_life_years=settings_data["half_life_years"],
            max_hops=settings_data["max_hops"],
            relay=settings_data["relay"],
            learned=settings_data["learned"],
            given=json_to_value(settings_data["given"]),
            extra=json_to_value(settings_data["extra"]),
        )
        settings.language = str(settings.given["language"]).strip() if settings.given.get("language") else None
        settings.templates = str(settings.given["templates"]) if settings.given.get("templates") else None
        super().__init__(
            people=_People(self),
            relationships=_Relationships(self),
            me=header["me"],
            settings=settings,
            extra=json_to_value(header["extra"]),
            source=name,
            intros=intros,
        )
        keep_compact(
            self,
            CompactGraph(
                arrays["offsets"],
                arrays["targets"],
                arrays["edges"],
                arrays["strength"],
                arrays["last_contact"],
                self._index_of,
                self._ids.__getitem__,
            ),
        )
        self.__dict__["adjacency"] = _Adjacency(self)
        self._person_memo: dict[int, Person] = {}
        self._rel_memo: dict[int, Relationship] = {}
        self._organisations: int | None = header.get("organisations")
        self._private_abouts: list[tuple[str, str]] | None = header.get("private_abouts")
        #: The pairs of people who may be one, as found when the cache was written: read from
        #: the cache when first asked for (a cache without them leaves them to `find_pairs`).
        self._pairs_json: memoryview | None = None
        self.read_pairs: Callable[[], memoryview] | None = None
        #: Where each person's real relationships end, for a network with inferred ties (see
        #: warmintro.sources.inferred.real_only), as written to the cache.
        self.real_stops: array[int] | None = None

    @property
    def pairs_json(self) -> memoryview | None:
        if self._pairs_json is None and self.read_pairs is not None:
            try:
                self._pairs_json = self.read_pairs()
            except ValueError as exc:
                raise self._damaged(exc) from None
        return self._pairs_json

    @pairs_json.setter
    def pairs_json(self, value: memoryview | None) -> None:
        self._pairs_json = value

    def organisation_count(self) -> int:
        """Counted when the cache was written: counting again would decode every person."""
        if self._organisations is None:
            self._organisations = super().organisation_count()
        return self._organisations

    def private_looking_abouts(self) -> list[tuple[str, str]]:
        """Found when the cache was written: looking again would decode every person."""
        if self._private_abouts is None:
            self._private_abouts = super().private_looking_abouts()
        return [(pid, what) for pid, what in self._private_abouts]

    #: After this many lookups a query is visiting much of the network: index every id at once.
    _SEARCHES_BEFORE_INDEXING = 2000

    def _index_of(self, pid: str) -> int | None:
        """A person's index: by binary search over the ids in sorted order while few are asked
        for (a path query on a million people asks for a few hundred), by a dict of every id
        once a query turns out to visit many."""
        if self._index is not None:
            return self._index.get(pid)
        self._searches += 1
        if self._searches > self._SEARCHES_BEFORE_INDEXING:
            self._index = {pid: i for i, pid in enumerate(self._ids.all())}
            return self._index.get(pid)
        order, blob, offsets = self._order, self._ids.blob, self._ids.offsets
        key = pid.encode("utf-8", "surrogatepass")

        def id_bytes(position: int) -> bytes:
            i = order[position]
            return blob[offsets[i] : offsets[i + 1]].tobytes()

        position = bisect.bisect_left(range(len(order)), key, key=id_bytes)
        if position < len(order) and id_bytes(position) == key:
            return order[position]
        return None

    #: The cache file read, removed when a record in it cannot be decoded.
    cache_file: Path | None = None
    #: The network in memory this one was just written from, if any (kept alive with it).
    written_from: Network | None = None
    #: The arrays named in HALF_EDGES with their bounds (not checked when read).
    half_edges: list[tuple[array[int], int]]

    def _damaged(self, exc: Exception) -> CacheDamaged:
        if self.cache_file is not None:
            with contextlib.suppress(OSError):
                self.cache_file.unlink()
        return CacheDamaged(
            f"the cache of {self.source} is damaged ({type(exc).__name__}) and was removed; "
            "run the command again to rebuild it"
        )

    def person_at(self, i: int) -> Person:
        try:
            return self._decode_person(i)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            raise self._damaged(exc) from None

    def relationship(self, a: str, b: str) -> Relationship | None:
        """The relationship between two people, found on the arrays: nobody else is decoded."""
        graph = compact_graph(self)
        ia, ib = graph.index_of(a), graph.index_of(b)
        if ia is None or ib is None:
            return None
        edge = graph.edge_between(ia, ib)
        return None if edge is None else self.relationship_at(edge)

    def relationship_at(self, e: int) -> Relationship:
        try:
            return self._decode_relationship(e)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            raise self._damaged(exc) from None

    def _decode_person(self, i: int) -> Person:
        person = self._person_memo.get(i)
        if person is None:
            record = json.loads(self._people_json[i])
            history = tuple(
                Job(
                    company=company,
                    title=title,
                    start=parse_partial_date(start) if start else None,
                    end=parse_partial_date(end) if end else None,
                    extra=tuple(tuple(pair) for pair in json_to_value(extra)),
                )
                for company, title, start, end, extra in record.pop("history", [])
            )
            extra = json_to_value(record.pop("extra", {"$map": []}))
            line = record.pop("line", None)
            tags = tuple(record.pop("tags", ()))
            emails = tuple(record.pop("emails", ()))
            origins = tuple(record.pop("origins", ()))
            person = Person(
                id=self._ids[i],
                history=history,
                extra=extra,
                line=line,
                tags=tags,
                emails=emails,
                origins=origins,
                **record,
            )
            self._person_memo[i] = person
        return person

    def _decode_relationship(self, e: int) -> Relationship:
        rel = self._rel_memo.get(e)
        if rel is None:
            text = self._rels_json[e]
            record = json.loads(text) if text else {}
            rel = Relationship(
                a=self._ids[self._ends[2 * e]],
                b=self._ids[self._ends[2 * e + 1]],
                strength=STRENGTHS[self._strength[e]],
                how=record.get("how"),
                since=date_from_text(record.get("since")),
                last_contact=date_from_text(record.get("last")),
                channels=tuple(record.get("channels", ())),
                notes=record.get("notes"),
                private=record.get("private", False),
                strength_given=not record.get("default", False),
                extra=relationship_extra(record),
                line=record.get("line"),
                origins=tuple(record.get("origins", ())),
            )
            self._rel_memo[e] = rel
        return rel

    def names(self) -> Iterator[tuple[str, str]]:
        return zip(self._ids.all(), self._names.all())


class _People(Mapping[str, Person]):
    def __init__(self, network: CachedNetwork) -> None:
        self._network = network

    def __getitem__(self, pid: str) -> Person:
        i = self._network._index_of(pid)
        if i is None:
            raise KeyError(pid)
        return self._network.person_at(i)

    def __contains__(self, pid: object) -> bool:
        return isinstance(pid, str) and self._network._index_of(pid) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._network._ids.all())

    def __len__(self) -> int:
        return len(self._network._ids)

    def values(self) -> ValuesView[Person]:
        return _PeopleValues(self)

    def items(self) -> ItemsView[str, Person]:
        return _PeopleItems(self)


class _PeopleValues(ValuesView[Person]):
    """Everyone, in file order, decoded by position (not looked up by id); a view, like a
    dict's: it has a length and can be iterated again."""

    _mapping: _People

    def __iter__(self) -> Iterator[Person]:
        network = self._mapping._network
        return (network.person_at(i) for i in range(len(self._mapping)))


class _PeopleItems(ItemsView[str, Person]):
    """(id, person) of everyone, in file order, decoded by position."""

    _mapping: _People

    def __iter__(self) -> Iterator[tuple[str, Person]]:
        network = self._mapping._network
        return ((person.id, person) for person in (network.person_at(i) for i in range(len(self._mapping))))


class _Relationships(Sequence[Relationship]):
    def __init__(self, network: CachedNetwork) -> None:
        self._network = network

    def __len__(self) -> int:
        return len(self._network._strength)

    @overload
    def __getitem__(self, e: int) -> Relationship: ...
    @overload
    def __getitem__(self, e: slice) -> list[Relationship]: ...
    def __getitem__(self, e: int | slice) -> Relationship | list[Relationship]:
        if isinstance(e, slice):
            return [self._network.relationship_at(i) for i in range(*e.indices(len(self)))]
        if e < 0:
            e += len(self)
        if not 0 <= e < len(self):
            raise IndexError(e)
        return self._network.relationship_at(e)


class _Adjacency(Mapping[str, list[Relationship]]):
    def __init__(self, network: CachedNetwork) -> None:
        self._network = network

    def __getitem__(self, pid: str) -> list[Relationship]:
        network = self._network
        graph = compact_graph(network)
        i = graph.index_of(pid)
        if i is None:
            raise KeyError(pid)
        return [network.relationship_at(graph.edges[s]) for s in graph.slots(i)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._network.people)

    def __len__(self) -> int:
        return len(self._network.people)
