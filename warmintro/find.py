"""`find`: the warmest way in to everyone who matches a search ("someone at Pactbank", "a CFO").

Each match gets the one path `find_paths(network, source, person, k=1)` would rank first,
computed for all of them in one search (`reach.warmest_paths`), except the people the source
already knows: they are shown as direct (one hop), since no introduction is needed to reach
someone you know. Targets are ranked by their path as `path` ranks paths: warmest first, then
fewer hops, then ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import QueryError, UnknownPerson
from .fatigue import ledger_adjustments
from .matching import Criteria, Role, match_person
from .model import Network, Person
from .paths import IntroPath, intro_path
from .reach import warm_adjacency, warmest_walks
from .warmth import tie_key


@dataclass(frozen=True)
class FoundTarget:
    """Someone who matched, why, and the warmest way to reach them."""

    person: Person
    #: The roles that matched (empty when the search was only by tag or place).
    roles: tuple[Role, ...]
    path: IntroPath
    #: Whether the source already knows them (the path is then that one relationship).
    direct: bool

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
        raise QueryError("--max-hops must be at least 1")
    if top is not None and top < 1:
        raise QueryError("--top must be at least 1")
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
    known = dict(adjacency[source])  # people the source knows, and how warmly
    adjustments = ledger_adjustments(network, as_of, fatigue=fatigue)
    walks = warmest_walks(
        network,
        source,
        max_hops=max_hops,
        as_of=as_of,
        avoid=avoid,
        targets=matches,
        adjacency=adjacency,
        adjustments=adjustments,
    )
    ranked: list[tuple[tuple[float, int, tuple[str, ...]], bool]] = []
    for pid in matches:
        people: tuple[str, ...]
        if pid in known:  # no introduction needed
            warmth, people = known[pid], (source, pid)
        elif pid in walks:
            warmth, people = walks[pid]
        else:
            continue
        # paths.rank_key, computed before the paths are built, so that only the shown ones are
        ranked.append(((-tie_key(warmth), len(people) - 1, people), pid in known))
    ranked.sort()
    found = tuple(
        FoundTarget(
            network.people[people[-1]], matches[people[-1]], intro_path(network, people, as_of, adjustments), direct
        )
        for (_, _, people), direct in ranked[:top]
    )
    unreachable = tuple(pid for pid in matches if pid not in walks and pid not in known)
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
