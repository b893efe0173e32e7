"""`check`: what a contacts file holds and what in it deserves a second look."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import Problem
from ..model import Network
from ..ranking.graph import compact_graph

if TYPE_CHECKING:
    from ..sources.identity import Pair
    from ..sources.network import FileSummary


@dataclass(frozen=True)
class CheckReport:
    file: str
    people: int
    relationships: int
    organisations: int
    me: str | None
    #: How many people `me` can reach within the file's max_hops (None without `me`).
    reachable_from_me: int | None
    max_hops: int
    isolated: tuple[str, ...]
    warnings: tuple[Problem, ...]
    #: How many asks the ledger (`intros:`) holds.
    asks: int = 0
    #: Each file of the network (the contacts file, then its sources).
    files: tuple[FileSummary, ...] = ()
    #: People who may be one person entered twice, and doubtful matches across files.
    duplicates: tuple[Pair, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "ok": True,
            "people": self.people,
            "relationships": self.relationships,
            "organisations": self.organisations,
            "me": self.me,
            "reachable_from_me": self.reachable_from_me,
            "max_hops": self.max_hops,
            "isolated": list(self.isolated),
            "asks": self.asks,
            "files": [f.to_json() for f in self.files],
            "duplicates": [d.to_json() for d in self.duplicates],
            "warnings": [w.to_json() for w in self.warnings],
        }


def check_network(
    network: Network,
    loader_warnings: list[Problem] | None = None,
    files: Sequence[FileSummary] = (),
    *,
    as_of: dt.date | None = None,
) -> CheckReport:
    """Summarise a valid network and list its warnings: the loader's (unknown fields...), people
    who know nobody in the file, dates after `as_of` (default today), people who may be entered
    twice, doubtful matches across files and ids two files use for different people (see
    warmintro.sources.identity)."""
    from ..sources.identity import find_pairs, id_clashes, pair_problem, places

    warnings = list(loader_warnings or [])
    warnings += future_dates(network, as_of or dt.date.today())
    pairs = find_pairs(network)
    warnings.extend(pair_problem(pair) for pair in pairs)
    warnings.extend(id_clashes(network))
    graph = compact_graph(network)
    isolated = tuple(graph.id_of(i) for i in range(graph.size) if graph.degree(i) == 0)
    for pid in isolated:
        person = network.people[pid]
        place = places(network, person)[0]
        if pid == network.me:
            message = f"'{pid}' ({person.name}, you) knows nobody in the file yet, so no path starts from you"
            fix = (
                f"add the people you know (warmintro add ID --name NAME; warmintro connect {pid} ID "
                "--strength good), or import them (warmintro import linkedin FILE)"
            )
        else:
            message = f"'{pid}' ({person.name}) has no relationships, so no path reaches them"
            fix = f"add a relationship, e.g. '- {{between: [{network.me or 'you'}, {pid}], strength: weak}}'"
        warnings.append(Problem(place.file, place.line, None, message, fix, "warning"))
    warnings.extend(_private_looking_abouts(network))
    warnings.sort(key=lambda p: (p.file != network.source, p.file or "", p.line or 0, p.column or 0))
    reachable = None
    if network.me is not None and network.me in network.people:
        reachable = len(_within_hops(network, network.me, network.settings.max_hops)) - 1
    return CheckReport(
        file=network.source,
        people=len(network.people),
        relationships=len(network.relationships),
        organisations=network.organisation_count(),
        me=network.me,
        reachable_from_me=reachable,
        max_hops=network.settings.max_hops,
        isolated=isolated,
        warnings=tuple(warnings),
        asks=len(network.intros),
        files=tuple(files),
        duplicates=tuple(pairs),
    )


def future_dates(network: Network, as_of: dt.date) -> list[Problem]:
    """Relationships whose `since` or `last_contact` is after `as_of`: a typo in the year, most
    often, and a date the warmth model counts as today."""
    found = []
    for rel in network.relationships:
        for name in ("since", "last_contact"):
            date = getattr(rel, name)
            if date is not None and date.earliest() > as_of:
                found.append(
                    Problem(
                        network.source,
                        rel.line,
                        None,
                        f"{name} {date} of relationship {rel.a}–{rel.b} is in the future (after {as_of.isoformat()})",
                        "check the year; recency counts a future date as today"
                        if name == "last_contact"
                        else "check the year: the tie cannot have begun after today",
                        "warning",
                    )
                )
    return found


def _private_looking_abouts(network: Network) -> list[Problem]:
    """An `about` goes into messages, some to the person it describes: one that reads like the
    user's own notes is worth a second look."""
    found = []
    for pid, what in network.private_looking_abouts():
        person = network.people[pid]
        if what:
            found.append(
                Problem(
                    network.source,
                    person.line,
                    None,
                    f"the 'about' of '{person.id}' looks like private notes ({what}), and 'about' is used in messages",
                    "move what is for you alone to 'notes:', which no message or export uses",
                    "warning",
                )
            )
    return found


def _within_hops(network: Network, start: str, max_hops: int) -> set[int]:
    graph = compact_graph(network)
    first = graph.index_of(start)
    assert first is not None
    offsets, stops, targets = graph.offsets, graph.stops, graph.targets
    seen = {first}
    queue = deque([(first, 0)])
    while queue:
        node, depth = queue.popleft()
        if depth == max_hops:
            continue
        for slot in range(offsets[node], stops[node]):
            other = targets[slot]
            if other not in seen:
                seen.add(other)
                queue.append((other, depth + 1))
    return seen
