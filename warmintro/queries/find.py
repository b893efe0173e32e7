"""`find`: the warmest way in to everyone who matches a search ("someone at Pactbank", "a CFO").

Each match gets the one path `find_paths(network, source, person, top=1)` would rank first,
computed for all of them in one search (`reach.ledger_walks`): for someone the source already
knows, that is the relationship itself unless an introduction ranks warmer (then both are
said). Targets are ranked by their path as `path` ranks paths: warmest first, then fewer hops,
then ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ArgumentError, QueryError, UnknownPerson
from ..model import Network, Person
from ..ranking.graph import warm_adjacency
from ..ranking.kpaths import IntroPath, intro_path
from ..ranking.reach import ledger_walks
from ..ranking.warmth import Hop, hop, tie_key
from .matching import Criteria, Role, match_person

if TYPE_CHECKING:
    from ..ranking.fatigue import Adjustments


@dataclass(frozen=True)
class FoundTarget:
    """Someone who matched, why, and the warmest way to reach them."""

    person: Person
    #: The roles that matched (empty when the search was only by tag or place).
    roles: tuple[Role, ...]
    path: IntroPath
    #: Whether the path is the source's own relationship with them (it ranks first).
    direct: bool
    #: The source's own relationship with them, when they know each other but an introduction
    #: ranks warmer (the path then goes through someone).
    known: Hop | None = None

    @property
    def former(self) -> bool:
        """Whether they matched only through roles they no longer hold."""
        return bool(self.roles) and not any(role.current for role in self.roles)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.person.id,
            "name": self.person.name,
            "company": self.person.company,
            "title": self.person.title,
            "matched": [role.to_json() for role in self.roles],
            "former": self.former,
            "direct": self.direct,
            "known": None if self.known is None else {"strength": self.known.strength, "warmth": self.known.warmth},
            "warmth": self.path.warmth,
            "path": self.path.to_json(),
        }


@dataclass(frozen=True)
class FindResult:
    source: str
    criteria: Criteria
    #: The reachable matches, best first, at most `top` of them.
    targets: tuple[FoundTarget, ...]
    #: How many people matched (the source and avoided people never do).
    matched: int
    #: Matches with no path within `max_hops`, in file order.
    unreachable: tuple[str, ...]
    as_of: dt.date
    max_hops: int
    avoid: tuple[str, ...] = ()

    @property
    def reachable(self) -> int:
        return self.matched - len(self.unreachable)

    def to_json(self) -> dict[str, object]:
        return {
            "from": self.source,
            "criteria": self.criteria.to_json(),
            "as_of": self.as_of.isoformat(),
            "max_hops": self.max_hops,
            "matched": self.matched,
            "reachable": self.reachable,
            "targets": [t.to_json() for t in self.targets],
            "unreachable": list(self.unreachable),
        }


def find_targets(
    network: Network,
    source: str,
    criteria: Criteria,
    *,
    top: int | None = None,
    max_hops: int | None = None,
    avoid: Sequence[str] = (),
    as_of: dt.date | None = None,
    fatigue: bool = True,
) -> FindResult:
    """Everyone matching `criteria`, each with the warmest path from `source`, best first.

    `top` keeps the best so many (all by default); `avoid` names people no path may pass
    through (they are not matched either); `max_hops` defaults to the file's setting; with
    `fatigue` (the default) paths are ranked as `find_paths` ranks them, ask ledger included.
    """
    as_of = as_of or dt.date.today()
    max_hops = network.settings.max_hops if max_hops is None else max_hops
    for pid in (source, *avoid):
        if pid not in network.people:
            raise UnknownPerson(f"no person '{pid}' in {network.source}", pid)
    if max_hops < 1:
        raise ArgumentError("max_hops", "must be at least 1")
    if top is not None and top < 1:
        raise ArgumentError("top", "must be at least 1")
    if source in avoid:
        raise QueryError(f"cannot avoid '{source}': every path starts there")
    matches: dict[str, tuple[Role, ...]] = {}
    for pid, person in network.people.items():
        if pid == source or pid in avoid:
            continue
        roles = match_person(person, criteria, as_of)
        if roles is not None:
            matches[pid] = roles
    adjacency = warm_adjacency(network, as_of)
    walks, adjustments_for = ledger_walks(
        network,
        source,
        max_hops=max_hops,
        as_of=as_of,
        avoid=avoid,
        targets=matches,
        adjacency=adjacency,
        fatigue=fatigue,
    )
    # paths.rank_key, computed before the paths are built, so that only the shown ones are
    ranked = sorted((-tie_key(warmth), len(people) - 1, people) for warmth, people in walks.values())
    found = tuple(
        _found(network, source, people, matches[people[-1]], as_of, adjustments_for) for *_, people in ranked[:top]
    )
    unreachable = tuple(pid for pid in matches if pid not in walks)
    return FindResult(
        source=source,
        criteria=criteria,
        targets=found,
        matched=len(matches),
        unreachable=unreachable,
        as_of=as_of,
        max_hops=max_hops,
        avoid=tuple(avoid),
    )


def _found(
    network: Network,
    source: str,
    people: tuple[str, ...],
    roles: tuple[Role, ...],
    as_of: dt.date,
    adjustments_for: Callable[[str], Adjustments | None],
) -> FoundTarget:
    target = people[-1]
    path = intro_path(network, people, as_of, adjustments_for(target))
    rel = network.relationship(source, target) if len(people) > 2 else None
    known = hop(rel, source, network.settings, as_of) if rel is not None else None
    return FoundTarget(network.people[target], roles, path, direct=len(people) == 2, known=known)
