"""Colleagues' shared networks, pooled with the user's: who shared what, and whose network says so.

A colleague's share (written by `warmintro share`, see warmintro.export.share) is a source like
any other, named under ``sources:`` (``team/*.yaml`` works). What makes it a share is its
``shared: {by, name, on, level}`` section, and its ``me`` is the colleague who shared it, its
*owner*. When pooled:

* the owner is a person of the merged network: the person the user's file has for them (matched
  like anyone across files, or, failing that, the one person of the user's file with the same
  name), else a new person;
* the owner is a connector: when the user's file has no tie with them, the pool adds one at the
  default strength (``good``), saying it comes from the colleague's share; write the tie in your
  own file to say how well you know them;
* each tie a share brings keeps the share's file in its provenance (``path --json`` gives each
  hop its ``source``), and the owner: ``Dana's network says Dana knows Bob well``.

A share is refused (an error, nothing used) when its ``shared:`` names someone other than its
``me``, when its owner is the user themself, or when two files are shares of the same person's
network. Two colleagues' files that disagree (a tie ``close`` in one and ``acquaintance`` in the
other) are both kept, as every source's view is; `check` lists the disagreements.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import Problem
from ..model import DEFAULT_STRENGTH, STRENGTHS, Network, Relationship, copied
from .identity import address_keys, name_key

#: Where the merged network keeps what the pool found (in `Network.extra`, cached with it).
TEAM_KEY = "warmintro:team"
#: `check` lists at most this many disagreements between colleagues' files.
MAX_DISAGREEMENTS = 50
#: Strengths this many steps apart count as a disagreement.
DISAGREE_STEPS = 2

#: How a share's strength reads in a sentence ("Dana knows Bob well").
STRENGTH_WORDS = {
    "close": "very well",
    "strong": "well",
    "good": "well",
    "weak": "a little",
    "acquaintance": "in passing",
}


@dataclass(frozen=True)
class ShareHeader:
    """A share's ``shared:`` section, checked."""

    file: str
    by: str
    name: str
    on: str | None
    level: str | None


@dataclass(frozen=True)
class PooledFile:
    """One colleague's share in the pooled network, for `warmintro team`."""

    file: str
    owner: str  # the owner's id in the merged network
    name: str
    on: str | None
    level: str | None
    people: int
    ties: int
    new_people: int  # people nobody else's file has
    new_ties: int  # ties nobody else's file has

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "owner": self.owner,
            "name": self.name,
            "on": self.on,
            "level": self.level,
            "people": self.people,
            "ties": self.ties,
            "new_people": self.new_people,
            "new_ties": self.new_ties,
        }


def share_header(file: str, network: Network) -> ShareHeader | list[Problem] | None:
    """The share header of a source, None when it is no share, or the problems with it."""
    value = network.extra.get("shared")
    if value is None:
        return None
    line = _line(file)
    if not isinstance(value, Mapping) or not isinstance(value.get("by"), str):
        return [
            Problem(
                file,
                line,
                None,
                "'shared:' does not say who shared this file ('by: <id>')",
                "ask the colleague to share it again with 'warmintro share'",
            )
        ]
    by = str(value["by"])
    if network.me != by:
        me = f"'{network.me}'" if network.me else "nobody ('me:' is missing)"
        return [
            Problem(
                file,
                line,
                None,
                f"names the wrong owner: 'shared:' says '{by}' shared it, but its 'me' is {me}",
                "a share is one person's own network; ask them to share it again with 'warmintro share'",
            )
        ]
    on = value.get("on")
    level = value.get("level")
    name = value.get("name")
    return ShareHeader(
        file,
        by,
        str(name) if isinstance(name, str) else network.people[by].name,
        None if on is None else str(on),
        None if level is None else str(level),
    )


def _line(file: str) -> int | None:
    """The line of a file's ``shared:`` section, for messages."""
    import re

    try:
        with open(file, encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, 1):
                if re.match(r"shared\s*:", text):
                    return number
    except OSError:  # read a moment ago; gone now: no line to show
        return None
    return None


def owners(user: Network, shares: list[tuple[str, Network, ShareHeader]]) -> tuple[dict[str, str], list[Problem]]:
    """For each share file, the id of its owner in the user's file (when the user's file has
    them), and the problems: a share of the user's own network, two shares of one person's."""
    if not shares:
        return {}, []  # nothing to match: do not decode every person of a large file
    by_address: dict[str, str] = {}
    by_name: dict[str, list[str]] = {}
    for person in user.people.values():
        for key in address_keys(person):
            by_address.setdefault(key, person.id)
        by_name.setdefault(name_key(person.name), []).append(person.id)
    found: dict[str, str] = {}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for file, network, header in shares:
        person = network.people[header.by]
        match = next((by_address[k] for k in address_keys(person) if k in by_address), None)
        if match is None:
            existing = user.people.get(person.id)
            if existing is not None and name_key(existing.name) == name_key(person.name):
                match = person.id
        if match is None:
            same = by_name.get(name_key(person.name), [])
            match = same[0] if len(same) == 1 else None
        if match is not None and match == user.me:
            problems.append(
                Problem(
                    file,
                    _line(file),
                    None,
                    f"names the wrong owner: this is a share of your own network ({person.name})",
                    "pool colleagues' shares only; remove it from 'sources:'",
                )
            )
            continue
        identity = match or name_key(person.name)
        if identity in seen:
            problems.append(
                Problem(
                    file,
                    _line(file),
                    None,
                    f"is a second share of {person.name}'s network (the first is {seen[identity]})",
                    "keep only the newer share in 'sources:'",
                )
            )
            continue
        seen[identity] = file
        if match is not None:
            found[file] = match
    return found, problems


def pool(merged: Network, shares: list[tuple[str, Network, ShareHeader]], me: str | None) -> Network:
    """`merged` with each share's owner made a connector (a tie with the user when the files
    have none), each share view of a tie marked with its owner, and what the pool found kept
    under TEAM_KEY."""
    from dataclasses import replace

    if not shares:
        return merged
    share_files = {file: header for file, _, header in shares}
    owner_of: dict[str, str] = {}
    for pid, person in merged.people.items():
        for view in person.origins:
            header = share_files.get(str(view.get("file")))
            if header is not None and view.get("id") == header.by:
                owner_of[header.file] = pid
    counts = {file: [0, 0, 0, 0] for file in share_files}  # people, ties, new people, new ties
    for person in merged.people.values():
        files = [str(v.get("file")) for v in person.origins]
        for file in files:
            if file in counts:
                counts[file][0] += 1
                if len(files) == 1:
                    counts[file][2] += 1
    relationships = list(merged.relationships)
    disagreements: list[dict[str, Any]] = []
    for index, rel in enumerate(relationships):
        if not rel.origins:
            continue
        files = [str(v.get("file")) for v in rel.origins]
        touched = False
        views = []
        for view in rel.origins:
            file = str(view.get("file"))
            if file in counts:
                counts[file][1] += 1
                if len(files) == 1:
                    counts[file][3] += 1
                owner = owner_of.get(file)
                if owner is not None:
                    view = {**view, "by": owner, "by_name": share_files[file].name}
                    view["says"] = _says(merged, rel, view)
                    touched = True
            views.append(view)
        if touched:
            relationships[index] = copied(rel, origins=tuple(views))
            given = [
                (str(v["file"]), str(v["strength"])) for v in views if "by" in v and v.get("strength") in STRENGTHS
            ]
            levels = [STRENGTHS.index(s) for _, s in given]
            if len(disagreements) < MAX_DISAGREEMENTS and levels and max(levels) - min(levels) >= DISAGREE_STEPS:
                disagreements.append({"a": rel.a, "b": rel.b, "views": given, "strength": rel.strength})
    known = {rel.pair for rel in relationships}
    if me is not None:
        for file, owner in owner_of.items():
            if owner != me and frozenset((me, owner)) not in known:
                known.add(frozenset((me, owner)))
                relationships.append(
                    Relationship(
                        me,
                        owner,
                        DEFAULT_STRENGTH,
                        how="colleague who shared their network",
                        strength_given=False,
                        # not written in that file: made because the file was pooled
                        origins=(
                            {"file": file, "line": None, "how": "colleague who shared their network", "pooled": True},
                        ),
                    )
                )
    pooled = [
        PooledFile(file, owner_of.get(file, header.by), header.name, header.on, header.level, *counts[file]).to_json()
        for file, header in share_files.items()
    ]
    extra = dict(merged.extra)
    extra[TEAM_KEY] = {"files": pooled, "disagreements": disagreements}
    return replace(merged, relationships=relationships, extra=extra)


def pooled_files(network: Network) -> list[PooledFile]:
    """The colleagues' shares pooled into `network`, in `sources:` order."""
    team = network.extra.get(TEAM_KEY)
    if not isinstance(team, Mapping):
        return []
    return [PooledFile(**item) for item in team.get("files", [])]


def colleague_owners(network: Network) -> set[str]:
    """The ids of the colleagues whose shares are pooled into `network`."""
    return {p.owner for p in pooled_files(network)}


def share_files(network: Network) -> list[str]:
    return [p.file for p in pooled_files(network)]


def disagreement_warnings(network: Network) -> list[Problem]:
    """`check` warnings for ties two colleagues' files see very differently."""
    team = network.extra.get(TEAM_KEY)
    if not isinstance(team, Mapping):
        return []
    found = []
    for item in team.get("disagreements", []):
        a, b = network.people[item["a"]].name, network.people[item["b"]].name
        said = ", ".join(f"{file} says {strength}" for file, strength in item["views"])
        found.append(
            Problem(
                str(item["views"][0][0]),
                None,
                None,
                f"colleagues' files disagree on {a} and {b}: {said}; ranked as {item['strength']} (the warmest)",
                f"if you know better, write the tie between {item['a']} and {item['b']} in your own file, which wins",
                "warning",
            )
        )
    return found


def _says(network: Network, rel: Relationship, view: Mapping[str, Any]) -> str:
    """``Dana's network says Dana knows Bob well``: a share's view of a tie, in a sentence."""
    people = network.people
    owner = people[str(view["by"])].short_name
    a, b = people[rel.a].short_name, people[rel.b].short_name
    if view["by"] == rel.b:
        a, b = b, a
    word = STRENGTH_WORDS.get(str(view.get("strength", rel.strength)), "")
    return f"{owner}'s network says {a} knows {b} {word}".rstrip()


def colleague_says(rel: Relationship) -> list[str]:
    """What each colleague's share says of a tie (empty for a tie no share has)."""
    return [str(view["says"]) for view in rel.origins if "says" in view]


@dataclass(frozen=True)
class TeamReport:
    """`warmintro team`: each pooled share, and which of the user's targets it opens."""

    files: list[PooledFile]
    targets: list[str]
    #: file -> the targets reached (within max_hops) only through that file
    opens: dict[str, list[str]]
    disagreements: int

    def to_json(self) -> dict[str, Any]:
        return {
            "files": [{**f.to_json(), "opens": self.opens.get(f.file, [])} for f in self.files],
            "targets": self.targets,
            "disagreements": self.disagreements,
        }


def targets_of(network: Network, tags: Iterable[str]) -> list[str]:
    """The user's targets: people with one of `tags`, and the targets of open asks."""
    wanted = {t.strip().casefold() for t in tags}
    found = [p.id for p in network.people.values() if wanted & {t.strip().casefold() for t in p.tags}]
    found.extend(ask.target for ask in network.intros if ask.is_open and ask.target in network.people)
    return [pid for pid in dict.fromkeys(found) if pid != network.me]


def team_report(network: Network, target_tags: Iterable[str] = ("target",)) -> TeamReport:
    """What each colleague's share adds to the user's network, for `warmintro team`."""
    files = pooled_files(network)
    targets = targets_of(network, target_tags)
    team = network.extra.get(TEAM_KEY)
    disagreements = len(team.get("disagreements", [])) if isinstance(team, Mapping) else 0
    opens: dict[str, list[str]] = {}
    if files and targets and network.me is not None:
        edges = _edges_by_file(network)
        reach_all = _reach(network.me, edges, None, network.settings.max_hops)
        for pooled in files:
            without = _reach(network.me, edges, pooled.file, network.settings.max_hops)
            opens[pooled.file] = [t for t in targets if t in reach_all and t not in without]
    return TeamReport(files, targets, opens, disagreements)


def _edges_by_file(network: Network) -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Each person's real ties: (other end, the files that have the tie)."""
    from .inferred import inferred_range

    first, count = inferred_range(network)
    adjacency: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for index, rel in enumerate(network.relationships):
        if count and index >= first:
            break
        files = frozenset(str(v.get("file")) for v in rel.origins) or frozenset((network.source,))
        adjacency.setdefault(rel.a, []).append((rel.b, files))
        adjacency.setdefault(rel.b, []).append((rel.a, files))
    return adjacency


def _reach(
    source: str, adjacency: Mapping[str, list[tuple[str, frozenset[str]]]], without: str | None, within: int
) -> set[str]:
    """Everyone within `within` hops of `source`, over ties some file other than `without` has."""
    seen = {source}
    frontier = [source]
    for _ in range(within):
        nxt = []
        for node in frontier:
            for other, files in adjacency.get(node, ()):
                if other not in seen and (without is None or files != {without}):
                    seen.add(other)
                    nxt.append(other)
        frontier = nxt
    return seen
