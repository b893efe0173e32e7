"""People two people both know: the strongest sign that a request is not spam."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import QueryError, UnknownPerson
from ..model import Network, Person
from ..ranking.warmth import Hop, hop, tie_key


@dataclass(frozen=True)
class MutualContact:
    """Someone both `a` and `b` know; warmth is the product of the two relationships' warmths."""

    person: Person
    with_a: Hop  # from the mutual contact to a
    with_b: Hop  # from the mutual contact to b

    @property
    def warmth(self) -> float:
        return self.with_a.warmth * self.with_b.warmth

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.person.id,
            "name": self.person.name,
            "warmth": self.warmth,
            "with_a": _side(self.with_a),
            "with_b": _side(self.with_b),
        }


def _side(h: Hop) -> dict[str, object]:
    return {"strength": h.strength, "warmth": h.warmth, "how": h.how}


@dataclass(frozen=True)
class MutualResult:
    a: str
    b: str
    mutual: tuple[MutualContact, ...]
    as_of: dt.date
    #: Whether a and b know each other directly (then no introduction is needed).
    direct: Hop | None = None

    def to_json(self) -> dict[str, object]:
        return {"a": self.a, "b": self.b, "as_of": self.as_of.isoformat(), "mutual": [m.to_json() for m in self.mutual]}


def mutual_contacts(network: Network, a: str, b: str, *, as_of: dt.date | None = None) -> MutualResult:
    """Everyone who knows both `a` and `b`, warmest first, ties by id."""
    as_of = as_of or dt.date.today()
    for pid in (a, b):
        if pid not in network.people:
            raise UnknownPerson(f"no person '{pid}' in {network.source}", pid)
    if a == b:
        raise QueryError(f"'{a}' is named twice; mutual contacts are between two different people")
    settings = network.settings
    knows_b = {rel.other(b): rel for rel in network.adjacency[b]}
    found = []
    for rel_a in network.adjacency[a]:
        other = rel_a.other(a)
        rel_b = knows_b.get(other)
        if rel_b is None:
            continue
        found.append(
            MutualContact(
                person=network.people[other],
                with_a=hop(rel_a, other, settings, as_of),
                with_b=hop(rel_b, other, settings, as_of),
            )
        )
    found.sort(key=lambda m: (-tie_key(m.warmth), m.person.id))
    direct_rel = network.relationship(a, b)
    direct = hop(direct_rel, a, settings, as_of) if direct_rel else None
    return MutualResult(a, b, tuple(found), as_of, direct)
