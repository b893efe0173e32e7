"""Inferred ties: two people who were at the same organisation at the same time probably know
each other.

The rules (docs/team.md repeats them for users):

* A person's *stints* are their `history` entries that say when they started (``from:``; an
  entry without ``to:`` lasts until today), and their current `company` (today only) when no
  history entry of theirs names it. Organisations are compared as `find` compares companies
  (warmintro.queries.matching: case, accents, legal forms and a leading "The" ignored), so
  ``Kestrel Systems Oy`` and ``kestrel systems`` are one. Schools are organisations like any
  other: the same school in different years is no overlap.
* Years count whole and inclusive: 2016-2019 and 2019-2022 overlap one year (2019). A person
  with several stints at one organisation counts with their longest.
* Two people whose stints at one organisation overlap get an inferred tie, unless the files
  already have a tie between them: real ties always win. Its strength is
  `warmintro.ranking.warmth.inferred_strength` (never above ``weak``), its ``last_contact`` the
  last year of the overlap (so an overlap of 2009 is colder than one of last year), and it is
  labelled: ``extra["inferred"]`` holds the reason (``both at Kestrel Systems 2016-2019``), the
  organisation, the years and the organisation's size in the file.
* The bound: each person gets inferred ties to at most `MAX_PER_ORGANISATION` people per
  organisation, those whose time there overlaps theirs the longest (ties broken by the nearest
  start, then by id). An organisation of n people in the file therefore makes at most
  ``MAX_PER_ORGANISATION * n`` ties, not n²/2: 5,000 people at one company make at most 50,000,
  not 12.5 million. Pairs are found between groups of people with the same years, so the work
  is bounded by the number of distinct (from, to) year pairs, not the number of people.

Inferred ties are added after every real one (`Network.extra[INFERRED_KEY]` says from which
relationship on). Every command but `path` sees the network without them (`real_only`); `path`
ranks every path of known ties first, and only fills the rest of its answer with paths that need
an inferred tie (`fill_with_inferred`); ``--no-inferred`` leaves those out too.
"""

from __future__ import annotations

import copy
import datetime as dt
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar, overload

from ..dates import PartialDate
from ..model import Network, Person, Relationship
from ..queries.matching import company_words
from ..ranking.warmth import inferred_strength

if TYPE_CHECKING:
    from ..ranking.kpaths import PathResult

R = TypeVar("R", bound="PathResult")

#: Where a network says which of its relationships are inferred: ``{"first": index, "count": n}``.
INFERRED_KEY = "warmintro:inferred"
#: Each person's most inferred ties per organisation (the bound above).
MAX_PER_ORGANISATION = 10
#: A single file (no sources) of more people than this gets its inferred ties through the cache
#: of its merged set rather than in memory on every command (see warmintro.sources.network).
IN_MEMORY_MAX = 20_000


def organisation_key(name: str) -> str:
    """An organisation's name as compared: `find`'s company words, joined."""
    return " ".join(company_words(name)[0])


def stints(person: Person, today: int) -> Iterator[tuple[str, str, int, int]]:
    """(key, name as written, first year, last year) of each time the person was somewhere."""
    named: set[str] = set()
    for job in person.history:
        key = organisation_key(job.company)
        if not key:
            continue
        named.add(key)
        if job.start is None:
            continue
        end = job.end.year if job.end is not None else today
        if end >= job.start.year:
            yield key, job.company, job.start.year, end
    if person.company:
        key = organisation_key(person.company)
        if key and key not in named:
            yield key, person.company, today, today


def inferred_ties(network: Network, as_of: dt.date | None = None) -> list[Relationship]:
    """The inferred ties of a network, by the rules in the module docstring, in a fixed order."""
    today = (as_of or dt.date.today()).year
    # organisation key -> person -> (first, last); and the name first written for it
    members: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    names: dict[str, str] = {}
    for person in network.people.values():
        for key, name, first, last in stints(person, today):
            names.setdefault(key, name)
            had = members[key].get(person.id)
            if had is None or last - first > had[1] - had[0]:
                members[key][person.id] = (first, last)
    graph = network.compact
    found: dict[tuple[str, str], tuple[int, str, int, int]] = {}
    for key, people in members.items():
        if len(people) < 2:
            continue
        for a, b, first, last in _pairs(people):
            pair = (a, b) if a < b else (b, a)
            years = last - first + 1
            best = found.get(pair)
            if best is not None and best[0] >= years:
                continue
            ia, ib = graph.index_of(a), graph.index_of(b)
            if ia is not None and ib is not None and graph.edge_between(ia, ib) is not None:
                continue  # a real tie wins
            found[pair] = (years, key, first, last)
    ties = []
    for (a, b), (years, key, first, last) in sorted(found.items()):
        size = len(members[key])
        span = f"{first}" if first == last else f"{first}-{last}"
        ties.append(
            Relationship(
                a,
                b,
                inferred_strength(years, size),
                last_contact=PartialDate(last),
                strength_given=False,
                extra={
                    "inferred": {
                        "reason": f"both at {names[key]} {span}",
                        "organisation": names[key],
                        "from": first,
                        "to": last,
                        "years": years,
                        "size": size,
                    }
                },
            )
        )
    return ties


def _pairs(people: Mapping[str, tuple[int, int]]) -> Iterator[tuple[str, str, int, int]]:
    """(a, b, first, last year of the overlap) for each person a and the at most
    MAX_PER_ORGANISATION others whose years overlap a's the longest."""
    groups: dict[tuple[int, int], list[str]] = defaultdict(list)
    for pid, span in people.items():
        groups[span].append(pid)
    spans = sorted(groups)
    for span in spans:
        ids = sorted(groups[span])
        start, end = span
        ranked = []
        for other in spans:
            first, last = max(start, other[0]), min(end, other[1])
            if first <= last:
                ranked.append((-(last - first), abs(other[0] - start), other, first, last))
        ranked.sort()
        for pid in ids:
            taken = 0
            for _, _, other, first, last in ranked:
                for oid in sorted(groups[other]) if other != span else ids:
                    if oid == pid:
                        continue
                    yield pid, oid, first, last
                    taken += 1
                    if taken >= MAX_PER_ORGANISATION:
                        break
                if taken >= MAX_PER_ORGANISATION:
                    break


def add_inferred(network: Network, as_of: dt.date | None = None) -> Network:
    """`network` with its inferred ties after its real ones."""
    ties = inferred_ties(network, as_of)
    extra = dict(network.extra)
    extra[INFERRED_KEY] = {"first": len(network.relationships), "count": len(ties)}
    if not ties:
        if isinstance(network, Network) and type(network) is Network:
            return replace(network, extra=extra)
        return network
    return replace_network(network, [*network.relationships, *ties], extra)


def replace_network(network: Network, relationships: list[Relationship], extra: dict[str, Any]) -> Network:
    return Network(
        people=dict(network.people),
        relationships=relationships,
        me=network.me,
        settings=network.settings,
        extra=extra,
        source=network.source,
        intros=network.intros,
    )


def is_inferred(rel: Relationship) -> bool:
    return "inferred" in rel.extra


def inferred_range(network: Network) -> tuple[int, int]:
    """(first, count): which of the network's relationships are inferred."""
    found = network.extra.get(INFERRED_KEY)
    if isinstance(found, Mapping):
        return int(found.get("first", 0)), int(found.get("count", 0))
    return len(network.relationships), 0


def real_only(network: Network) -> Network:
    """The same network without its inferred ties (what every command but `path` sees, and
    `path --no-inferred`): a shallow copy whose relationships, adjacency and path-search arrays
    stop before them. Costs a few C-speed passes over the arrays; nothing per person."""
    first, count = inferred_range(network)
    if not count:
        return network
    from itertools import accumulate, compress

    from ..ranking.graph import INT, CompactGraph

    graph = network.compact
    keep = [edge < first for edge in graph.edges]
    before = array(INT, [0])
    before.extend(accumulate(keep))
    offsets = array(INT, [before[o] for o in graph.offsets])
    filtered = CompactGraph(
        offsets,
        array(INT, compress(graph.targets, keep)),
        array(INT, compress(graph.edges, keep)),
        graph.strength,
        graph.last_contact,
        graph.index_of,
        graph.id_of,
    )
    view = copy.copy(network)
    view.__dict__["compact"] = filtered
    view.__dict__["relationships"] = _Prefix(network.relationships, first)
    view.__dict__["adjacency"] = _RealAdjacency(network, first)
    return view


class _Prefix(Sequence[Relationship]):
    """The first `n` relationships of a network (its real ones), without decoding any."""

    def __init__(self, whole: Sequence[Relationship], n: int) -> None:
        self._whole, self._n = whole, n

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, index: int) -> Relationship: ...
    @overload
    def __getitem__(self, index: slice) -> list[Relationship]: ...
    def __getitem__(self, index: int | slice) -> Relationship | list[Relationship]:
        if isinstance(index, slice):
            return [self._whole[i] for i in range(*index.indices(self._n))]
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError(index)
        return self._whole[index]


class _RealAdjacency(Mapping[str, list[Relationship]]):
    """Each person's real relationships (the network's adjacency without inferred ties)."""

    def __init__(self, network: Network, first: int) -> None:
        self._adjacency, self._people, self._first = network.adjacency, network.people, first

    def __getitem__(self, pid: str) -> list[Relationship]:
        return [rel for rel in self._adjacency[pid] if not is_inferred(rel)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._people)

    def __len__(self) -> int:
        return len(self._people)


def fill_with_inferred(result: R, with_inferred: Callable[[], R], top: int) -> R:
    """Paths of known ties first, always; when there are fewer than `top`, the paths that
    need an inferred tie (from `with_inferred`, the same search on the network with them) after."""
    if len(result.paths) >= top:
        return result
    more = with_inferred()
    known = {path.people for path in result.paths}
    extra = [p for p in more.paths if p.people not in known and any(is_inferred(h.relationship) for h in p.hops)]
    if not extra:
        return result
    return replace(result, paths=(*result.paths, *extra)[:top])
