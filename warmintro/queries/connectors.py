"""`connectors`: which of a person's contacts open the most doors, and which doors only they open.

Definitions (docs/find.md repeats them). For a person P, their *contacts* are the people P knows
directly. A contact C *opens the door* to X (neither P nor C) when some chain of introductions
P → C → … → X of at most `max_hops` relationships has a warmth of at least `min_warmth`
(compared to 9 decimals, as ties are) and, when P knows X too, ranks above that relationship
(is warmer to 9 decimals), as `warmintro path` ranks them. A *door* is anyone some contact
opens: a person P reaches best through an introduction.
For each contact C:

- **reach**: how many doors C opens;
- **best**: how many doors C is the first hop of the warmest path to (the path
  `warmintro path --ignore-fatigue` ranks first), counted only where that path reaches
  `min_warmth`;
- **only**: how many doors C opens that no other contact opens: every chain to them that is
  warm enough starts with C. (Such a door's warmest path always starts with C, so only <= best
  <= reach.)
- **load**: how many asks of the ask ledger C was a connector of in the last 12 months, and
  how many of C's asks are still open (drafted, asked or opted-in).

Reach, best and only describe the network, not the ledger: the paths they count are ranked on
relationships alone, without the ledger's adjustments.

Cost: for each contact, one search of the part of the network reachable from them with enough
warmth left (a hop-bounded Bellman-Ford that never goes below `min_warmth`), plus one search for
the warmest paths. So the time grows with the number of contacts times the size of each one's
warm neighbourhood, not with the size of the whole network.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import ArgumentError, UnknownPerson
from ..model import Network, Person
from ..ranking.fatigue import connector_load
from ..ranking.graph import Adjacency, WarmestFirst, warm_adjacency
from ..ranking.reach import warmest_walks
from ..ranking.warmth import step, tie_key

#: Default least warmth for a chain to count as opening a door: one ask in five works.
DEFAULT_MIN_WARMTH = 0.2


@dataclass(frozen=True)
class Connector:
    """One of the person's contacts and the doors they open."""

    person: Person
    #: The strength and warmth of the relationship between the person and this contact.
    strength: str
    warmth: float
    reach: int
    best: int
    only: int
    #: The doors only this contact opens, warmest first.
    only_doors: tuple[str, ...]
    #: Their load in the ask ledger: asks made of them in the last 12 months, and still open.
    recent_asks: int = 0
    open_asks: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.person.id,
            "name": self.person.name,
            "company": self.person.company,
            "strength": self.strength,
            "warmth": self.warmth,
            "reach": self.reach,
            "best": self.best,
            "only": self.only,
            "only_doors": list(self.only_doors),
            "recent_asks": self.recent_asks,
            "open_asks": self.open_asks,
        }


@dataclass(frozen=True)
class ConnectorsResult:
    person: str
    #: Contacts ranked by reach, then only, then best, then warmth, then id; at most `top`.
    connectors: tuple[Connector, ...]
    #: How many contacts the person has, and how many doors any of them opens.
    contacts: int
    doors: int
    min_warmth: float
    max_hops: int
    as_of: dt.date

    def to_json(self) -> dict[str, object]:
        return {
            "person": self.person,
            "as_of": self.as_of.isoformat(),
            "max_hops": self.max_hops,
            "min_warmth": self.min_warmth,
            "contacts": self.contacts,
            "doors": self.doors,
            "connectors": [c.to_json() for c in self.connectors],
        }


def find_connectors(
    network: Network,
    person: str,
    *,
    min_warmth: float = DEFAULT_MIN_WARMTH,
    max_hops: int | None = None,
    top: int | None = None,
    as_of: dt.date | None = None,
) -> ConnectorsResult:
    """How many doors each of `person`'s contacts opens, and how many only they open."""
    as_of = as_of or dt.date.today()
    max_hops = network.settings.max_hops if max_hops is None else max_hops
    if person not in network.people:
        raise UnknownPerson(f"no person '{person}' in {network.source}", person)
    if not 0 < min_warmth <= 1:
        raise ArgumentError("min_warmth", f"must be more than 0 and at most 1, not {min_warmth:g}")
    if max_hops < 2:
        raise ArgumentError(
            "max_hops",
            f"must be 2 or more (a hop limit of at least 2, not {max_hops}: a door is at least two hops away)",
        )
    if top is not None and top < 1:
        raise ArgumentError("top", "must be at least 1")
    adjacency = warm_adjacency(network, as_of)
    contacts = {other: warmth for other, warmth in adjacency[person]}
    strengths = {rel.other(person): rel.strength for rel in network.adjacency[person]}
    threshold = tie_key(min_warmth)
    opened_by: dict[str, list[str]] = {}
    door_warmth: dict[str, float] = {}
    warmest_first = WarmestFirst(adjacency)
    relay = network.settings.relay
    for contact, warmth in contacts.items():
        reached = _warm_reach(warmest_first, person, contact, warmth, max_hops, threshold, relay)
        for door, door_w in reached.items():
            if door in (person, contact):
                continue
            if door in contacts and tie_key(door_w) <= tie_key(contacts[door]):
                continue  # knowing them beats, or ties with, every introduction through `contact`
            opened_by.setdefault(door, []).append(contact)
            door_warmth[door] = max(door_warmth.get(door, 0.0), door_w)
    best_walks = warmest_walks(network, person, max_hops=max_hops, as_of=as_of, targets=opened_by, adjacency=adjacency)
    best_count: dict[str, int] = {}
    for door in opened_by:
        warmth, people = best_walks[door]
        if tie_key(warmth) >= threshold:
            first = people[1]
            best_count[first] = best_count.get(first, 0) + 1
    reach_count: dict[str, int] = {}
    only: dict[str, list[str]] = {}
    for door, openers in opened_by.items():
        for contact in openers:
            reach_count[contact] = reach_count.get(contact, 0) + 1
        if len(openers) == 1:
            only.setdefault(openers[0], []).append(door)
    loads = {contact: connector_load(network.intros, contact, as_of) for contact in contacts}
    connectors = [
        Connector(
            person=network.people[contact],
            strength=strengths[contact],
            warmth=warmth,
            reach=reach_count.get(contact, 0),
            best=best_count.get(contact, 0),
            only=len(only.get(contact, ())),
            only_doors=tuple(sorted(only.get(contact, ()), key=lambda d: (-tie_key(door_warmth[d]), d))),
            recent_asks=loads[contact].recent,
            open_asks=loads[contact].open,
        )
        for contact, warmth in contacts.items()
    ]
    connectors.sort(key=lambda c: (-c.reach, -c.only, -c.best, -tie_key(c.warmth), c.person.id))
    return ConnectorsResult(
        person=person,
        connectors=tuple(connectors[:top] if top is not None else connectors),
        contacts=len(contacts),
        doors=len(opened_by),
        min_warmth=min_warmth,
        max_hops=max_hops,
        as_of=as_of,
    )


def _warm_reach(
    warmest_first: Adjacency,
    person: str,
    contact: str,
    warmth: float,
    max_hops: int,
    threshold: float,
    relay: float = 1.0,
) -> dict[str, float]:
    """Everyone reached by a chain person → contact → … of at most `max_hops` relationships,
    never back through `person`, with its warmth >= threshold: the warmest such chain's warmth.

    A hop-bounded Bellman-Ford on warmths, multiplied left to right as paths multiply them: every
    hop out of someone but `contact` is the third or later, so times `relay`. Walks stand in for
    simple paths: cutting a cycle never makes a chain colder. Each person's
    ties come warmest first, so the first one too cold to reach the threshold ends their list."""
    # tie_key(value) >= threshold, without rounding where the answer is plain
    low, high = threshold - 1e-9, threshold + 1e-9

    def enough(value: float) -> bool:
        return value >= high or (value >= low and tie_key(value) >= threshold)

    if not enough(warmth):
        return {}
    best = {contact: warmth}
    changed = [contact]
    for _ in range(max_hops - 1):
        updates: dict[str, float] = {}
        for node in changed:
            base = best[node]
            relaying = node != contact
            for other, warmth in warmest_first[node]:
                value = base * step(warmth, 3, relay) if relaying else base * warmth
                if value < low:
                    break
                if value <= best.get(other, 0.0) or value <= updates.get(other, 0.0):
                    continue
                if other != person and enough(value):
                    updates[other] = value
        if not updates:
            break
        best.update(updates)
        changed = list(updates)
    return best
