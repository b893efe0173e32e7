"""Inferred ties: two people who were at the same organisation at the same time probably know
each other.

The rules (docs/team.md repeats them for users):

* A person's *stints* are their `history` entries that say when they started (``from:``; an
  entry without ``to:`` lasts until today). A current `company` counts through such an entry
  (``{company: Pactbank, from: 2020}``); alone, without a year, it says nothing of how long two
  people overlapped, and would tie everyone at a large employer (every imported contact has one).
  Organisations are compared as `find` compares companies
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
* The bound: each person chooses at most `MAX_PER_PERSON` (3) inferred ties, over all their
  organisations: the warmest (by `inferred_strength`), then the longest overlap, the smallest
  organisation, the latest years. Within one organisation the candidates are those whose years
  overlap theirs the longest, nearest start first; among people with the same years each takes
  the next ones after themselves in id order, round the group, so that no one is everybody's
  pick. A network of n people therefore has at most 3n inferred ties, and a company of 5,000
  people at most 15,000, not 12.5 million. The work is bounded the same way: pairs are found
  between groups of people with the same years, so it grows with the number of distinct
  (from, to) year pairs and with n, never with n².

Inferred ties are added after every real one (`Network.extra[INFERRED_KEY]` says from which
relationship on). Every command but `path` sees the network without them (`real_only`); `path`
ranks every path of known ties first, and only fills the rest of its answer with paths that need
an inferred tie (`fill_with_inferred`); ``--no-inferred`` leaves those out too.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar, overload

from ..dates import PartialDate
from ..model import STRENGTHS, Network, Person, Relationship
from ..ranking.graph import built_compact, compact_graph, keep_compact
from ..ranking.warmth import inferred_strength

if TYPE_CHECKING:
    from ..ranking.kpaths import PathResult

R = TypeVar("R", bound="PathResult")

#: Where a network says which of its relationships are inferred: ``{"first": index, "count": n}``.
INFERRED_KEY = "warmintro:inferred"
#: The most inferred ties each person chooses, over all their organisations (the bound above).
MAX_PER_PERSON = 3
#: A single file (no sources) of at most this many people gets its inferred ties in memory, when
#: a command asks for them; a larger one through the cache of its merged set, found once
#: (see warmintro.sources.network).
IN_MEMORY_MAX = 5000


@functools.lru_cache(maxsize=1 << 16)
def organisation_key(name: str) -> str:
    """An organisation's name as compared: `find`'s company words, joined (a network names the
    same few organisations again and again)."""
    from ..queries.matching import company_words  # its patterns cost a query that infers nothing

    return " ".join(company_words(name)[0])


def stints(person: Person, today: int) -> Iterator[tuple[str, str, int, int]]:
    """(key, name as written, first year, last year) of each time the person was somewhere that
    their `history` dates (an entry without ``to:`` lasts until `today`)."""
    for job in person.history:
        key = organisation_key(job.company)
        if not key or job.start is None:
            continue
        end = job.end.year if job.end is not None else today
        if end >= job.start.year:
            yield key, job.company, job.start.year, end


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
    real = _real_ties(network)
    # each person's candidates: (rank, other, organisation, first, last); a lower rank is better
    candidates: dict[str, list[tuple[tuple[int, int, int, int], str, str, int, int]]] = defaultdict(list)
    for key, people in members.items():
        size = len(people)
        if size < 2:
            continue
        for a, b, first, last in _pairs(people):
            if real(a, b):
                continue  # a real tie wins
            years = last - first + 1
            rank = (-_STRENGTH_RANK[inferred_strength(years, size)], -years, size, -last)
            candidates[a].append((rank, b, key, first, last))
    found: dict[tuple[str, str], tuple[tuple[int, int, int, int], str, int, int]] = {}
    for a, listed in candidates.items():
        listed.sort()
        for rank, b, key, first, last in listed[:MAX_PER_PERSON]:
            pair = (a, b) if a < b else (b, a)
            best = found.get(pair)
            if best is None or rank < best[0]:
                found[pair] = (rank, key, first, last)
    ties = []
    for (a, b), (_, key, first, last) in sorted(found.items()):
        size = len(members[key])
        years = last - first + 1
        ties.append(
            Relationship(
                a,
                b,
                inferred_strength(years, size),
                last_contact=PartialDate(last),
                strength_given=False,
                extra=inferred_label(names[key], first, last, size),
            )
        )
    return ties


def _real_ties(network: Network) -> Callable[[str, str], bool]:
    """Whether two people have a real tie, looked up once per candidate: on the compact graph
    when the network has one already (a cached network: its ties are not decoded), else on
    the pairs of ids of its relationships, each way round (quicker than building the graph)."""
    graph = built_compact(network)
    if graph is None:
        pairs = {(rel.a, rel.b) for rel in network.relationships}
        pairs |= {(b, a) for a, b in pairs}
        return lambda a, b: (a, b) in pairs
    index_of, n, targets = graph.index_of, graph.size, graph.targets
    numbers = {node * n + targets[slot] for node in range(n) for slot in graph.slots(node)}

    def real(a: str, b: str) -> bool:
        ia, ib = index_of(a), index_of(b)
        return ia is not None and ib is not None and ia * n + ib in numbers

    return real


def inferred_label(organisation: str, first: int, last: int, size: int) -> dict[str, Any]:
    """An inferred tie's `extra`: its reason and what it rests on (the cache keeps only the
    arguments, and makes it again with this)."""
    span = f"{first}" if first == last else f"{first}-{last}"
    return {
        "inferred": {
            "reason": f"both at {organisation} {span}",
            "organisation": organisation,
            "from": first,
            "to": last,
            "years": last - first + 1,
            "size": size,
        }
    }


_STRENGTH_RANK = {s: i for i, s in enumerate(STRENGTHS)}


def _pairs(people: Mapping[str, tuple[int, int]]) -> Iterator[tuple[str, str, int, int]]:
    """(a, b, first, last year of the overlap) for each person a and the at most
    MAX_PER_PERSON others whose years overlap a's the longest (the nearest start first). Among
    people with the same years, each takes the next ones after themselves in id order, round
    the group, so that no one is everybody's pick."""
    groups: dict[tuple[int, int], list[str]] = defaultdict(list)
    for pid, span in people.items():
        groups[span].append(pid)
    for ids in groups.values():
        ids.sort()
    spans = sorted(groups)
    for span in spans:
        ids = groups[span]
        start, end = span
        ranked = []
        for other in spans:
            first, last = max(start, other[0]), min(end, other[1])
            if first <= last:
                ranked.append((-(last - first), abs(other[0] - start), other, first, last))
        ranked.sort()
        for position, pid in enumerate(ids):
            taken = 0
            for _, _, other, first, last in ranked:
                pool = groups[other]
                n = len(pool)
                offset = position + 1 if other == span else position * n // len(ids)
                for step in range(min(n, MAX_PER_PERSON + 1)):
                    oid = pool[(offset + step) % n]
                    if oid == pid:
                        continue
                    yield pid, oid, first, last
                    taken += 1
                    if taken >= MAX_PER_PERSON:
                        break
                if taken >= MAX_PER_PERSON:
                    break


def add_inferred(network: Network, as_of: dt.date | None = None) -> Network:
    """`network` with its inferred ties after its real ones."""
    ties = inferred_ties(network, as_of)
    extra = dict(network.extra)
    extra[INFERRED_KEY] = {"first": len(network.relationships), "count": len(ties)}
    if not ties:  # mark it, and decode none of its relationships (a cached network keeps them undecoded)
        return replace(network, extra=extra) if type(network) is Network else marked(network)
    found = replace_network(network, [*network.relationships, *ties], extra)
    pairs = getattr(network, "pairs_json", None)
    if pairs is not None:  # who may be one person depends on people alone: found already
        found.pairs_json = pairs  # type: ignore[attr-defined]
    return found


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


#: What the merged-set cache of a single file with no inferred ties holds: no one, and a mark.
NOTHING_INFERRED = Network(people={}, relationships=[], extra={INFERRED_KEY: {"first": 0, "count": 0, "none": True}})


def nothing_inferred(network: Network) -> bool:
    """Whether `network` is the mark NOTHING_INFERRED (read back from a cache)."""
    found = network.extra.get(INFERRED_KEY)
    return isinstance(found, Mapping) and found.get("none") is True and not network.people


def marked(network: Network) -> Network:
    """`network`, marked (in memory) as having no inferred ties, so that none are looked for."""
    network.extra[INFERRED_KEY] = {"first": len(network.relationships), "count": 0}
    return network


def with_inferred(network: Network) -> Network:
    """`network` with its inferred ties: as loaded when it has them already, else found now."""
    return network if INFERRED_KEY in network.extra else add_inferred(network)


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
    `path --no-inferred`): a shallow copy whose relationships, adjacency and path-search graph
    stop before them. The graph is a view on the same arrays, each person's slots ending before
    their first inferred tie (`CompactGraph.leaving_out_from`; a cache keeps where)."""
    first, count = inferred_range(network)
    if not count:
        return network
    whole = compact_graph(network)
    stops = getattr(network, "real_stops", None)  # a cache of the network keeps them
    graph = replace(whole, stops=stops) if stops is not None else whole.leaving_out_from(first)
    view = copy.copy(network)
    view.derived = {}
    keep_compact(view, graph)
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


def fill_with_inferred(result: R, search_with_inferred: Callable[[], R], top: int) -> tuple[R, bool]:
    """Paths of known ties first, always; when there are fewer than `top`, the paths that need
    an inferred tie (from `search_with_inferred`, the same search on the network with them)
    after. Also whether any was added."""
    if len(result.paths) >= top:
        return result, False
    more = search_with_inferred()
    known = {path.people for path in result.paths}
    extra = [p for p in more.paths if p.people not in known and any(is_inferred(h.relationship) for h in p.hops)]
    if not extra:
        return result, False
    return replace(result, paths=(*result.paths, *extra)[:top]), True
