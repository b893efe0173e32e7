"""What `map` draws, and where: the people, their places and their lines, with no drawing library.

Two pictures:

- **A neighbourhood** (`neighbourhood`): a person at the centre and everyone within `hops`
  relationships on rings around them, one ring per hop. Each person hangs from the contact on
  the ring inside theirs through whom they are warmest (a radial tree), inside that contact's
  slice of the circle, so that groups stay together and tree lines never cross. Contacts are
  ordered round the circle by organisation. Other relationships between the people shown are
  drawn faintly. When there are more than `limit` people, the warmest are kept, nearest rings
  first.
- **Paths** (`paths_picture`): the k warmest paths from one person to another, left to right,
  one lane per path, people shared by several paths drawn once.

Coordinates are in inches, so that the drawing code can size text and the figure from them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import ArgumentError, UnknownPerson
from ..model import Network, Person
from ..ranking.graph import Adjacency, warm_adjacency
from ..ranking.kpaths import PathResult, find_paths
from ..ranking.warmth import step, tie_key
from ..text import percent
from .palette import Organisations, network_palette

#: Distance between rings, inches.
RING_GAP = 2.0
#: Least arc between two neighbours on the outer ring, inches (a line of 9-point text and air),
#: and between two contacts on the first ring (room for a label beside them).
LEAF_ARC = 0.19
CONTACT_ARC = 0.9


@dataclass(frozen=True)
class Spot:
    """A person in the picture."""

    person: Person
    x: float
    y: float
    colour: str
    #: 0 for the centre (or the two ends of paths), else the ring or column.
    ring: int
    #: Direction of the label, in degrees from east: radial labels for people with nobody
    #: hanging from them; None for a horizontal label under the dot.
    label_angle: float | None = None


@dataclass(frozen=True)
class Line:
    """A relationship in the picture."""

    a: str
    b: str
    strength: str
    warmth: float
    #: Part of the tree (or of a path): drawn strongly. Others are drawn faintly.
    main: bool = True
    #: A note drawn along the line (a hop's warmth on a path).
    note: str | None = None


@dataclass
class Picture:
    title: str
    subtitle: str
    spots: dict[str, Spot]
    lines: list[Line]
    #: (organisation, colour, people in the picture), biggest first.
    organisations: list[tuple[str, str, int]]
    #: Extra legend entries for paths: "1. via Carol · 52%".
    notes: list[str] = field(default_factory=list)
    #: Whether some people in the picture are in organisations without their own colour, or in none.
    other: bool = False
    no_company: bool = False
    #: Radii of the rings of a neighbourhood (1 hop, 2 hops...), drawn as faint guides.
    rings: list[float] = field(default_factory=list)
    #: The people of each path, in order (paths pictures only), as `notes` lists them.
    paths: list[tuple[str, ...]] = field(default_factory=list)

    def bounds(self) -> tuple[float, float, float, float]:
        xs = [s.x for s in self.spots.values()]
        ys = [s.y for s in self.spots.values()]
        return min(xs), max(xs), min(ys), max(ys)


def _legend(network: Network, people: Sequence[Person]) -> tuple[Organisations, list[tuple[str, str, int]], bool, bool]:
    """The network's palette, and the legend of the people in the picture."""
    orgs = network_palette(network)
    legend = orgs.legend(people)
    other = any(orgs.name(p) is not None and orgs.colour(p) not in {c for _, c, _ in legend} for p in people)
    return orgs, legend, other, any(orgs.name(p) is None for p in people)


# --------------------------------------------------------------------------------------------
# A neighbourhood


def neighbourhood(
    network: Network, center: str, *, hops: int = 2, limit: int = 60, as_of: dt.date | None = None
) -> Picture:
    """`center` and the people within `hops` of them, at most `limit` besides the centre."""
    as_of = as_of or dt.date.today()
    if center not in network.people:
        raise UnknownPerson(f"no person '{center}' in {network.source}", center)
    if hops < 1:
        raise ArgumentError("hops", "must be at least 1")
    if limit < 1:
        raise ArgumentError("limit", "must be at least 1")
    adjacency = warm_adjacency(network, as_of)
    relay = network.settings.relay
    ring, warmth = _rings(adjacency, center, hops, relay)
    total = len(ring) - 1
    # keep the nearest rings first, the warmest first within a ring
    ranked = sorted((pid for pid in ring if pid != center), key=lambda p: (ring[p], -tie_key(warmth[p]), p))
    kept: dict[str, None] = {center: None}  # in order: the picture must not depend on hashing
    parent: dict[str, str] = {}
    for pid in ranked:
        if len(kept) > limit:
            break
        inner = [(other, w) for other, w in adjacency[pid] if other in kept and ring.get(other) == ring[pid] - 1]
        if not inner:
            continue
        best, _ = min(inner, key=lambda ow: (-tie_key(warmth[ow[0]] * step(ow[1], ring[pid], relay)), ow[0]))
        parent[pid] = best
        kept[pid] = None
    children: dict[str, list[str]] = {pid: [] for pid in kept}
    for pid, up in parent.items():
        children[up].append(pid)
    orgs, legend, other, no_company = _legend(network, [network.people[p] for p in kept])
    org_rank = {name: i for i, (name, _, _) in enumerate(legend)}

    def order(pid: str) -> tuple[int, str, float, str]:
        name = orgs.name(network.people[pid]) or ""
        return (org_rank.get(name, len(org_rank)), name, -tie_key(warmth[pid]), pid)

    for kids in children.values():
        kids.sort(key=order)
    weight: dict[str, int] = {}

    def measure(pid: str) -> int:
        weight[pid] = max(1, sum(measure(kid) for kid in children[pid]))
        return weight[pid]

    measure(center)
    rings_used = max((ring[p] for p in kept), default=0)
    # Ring 1 must leave room between contacts for their labels, and the outer ring between
    # every leaf; each ring then sits at least RING_GAP outside the one before.
    radius = [0.0]
    for r in range(1, rings_used + 1):
        slots = [weight[p] for p in kept if ring[p] == r]
        thinnest = min(slots) / weight[center] * 2 * math.pi
        need = (CONTACT_ARC if r == 1 else LEAF_ARC) / thinnest
        radius.append(max(radius[-1] + RING_GAP, need))
    person = network.people[center]
    spots = {center: Spot(person, 0.0, 0.0, orgs.colour(person), 0)}

    def place(pid: str, start: float, span: float) -> None:
        at = start
        for kid in children[pid]:
            share = span * weight[kid] / weight[pid]
            angle = at + share / 2
            r = radius[ring[kid]]
            who = network.people[kid]
            label = None if children[kid] else math.degrees(angle)
            spots[kid] = Spot(who, r * math.cos(angle), r * math.sin(angle), orgs.colour(who), ring[kid], label)
            place(kid, at, share)
            at += share

    place(center, math.pi / 2, 2 * math.pi)  # start at twelve o'clock, go anticlockwise
    lines = []
    for rel in network.relationships:
        if rel.a in kept and rel.b in kept:
            main = parent.get(rel.a) == rel.b or parent.get(rel.b) == rel.a
            lines.append(Line(rel.a, rel.b, rel.strength, _edge_warmth(adjacency, rel.a, rel.b), main))
    shown = len(kept) - 1
    count = f"{shown} of {total} people" if shown < total else f"{shown} {'person' if shown == 1 else 'people'}"
    return Picture(
        title=f"{person.name}'s network",
        subtitle=f"{count} within {hops} hop{'s' * (hops != 1)} · as of {as_of.isoformat()}",
        spots=spots,
        lines=lines,
        organisations=[(name, colour, n) for name, colour, n in legend],
        other=other,
        no_company=no_company,
        rings=radius[1:],
    )


def _edge_warmth(adjacency: Adjacency, a: str, b: str) -> float:
    return next(w for other, w in adjacency[a] if other == b)


def _rings(adjacency: Adjacency, center: str, hops: int, relay: float) -> tuple[dict[str, int], dict[str, float]]:
    """Each person's hop distance from the centre (within `hops`), and the warmth of their
    warmest path of exactly that many hops, totalled as `path` totals it."""
    ring = {center: 0}
    warmth = {center: 1.0}
    frontier = [center]
    for depth in range(1, hops + 1):
        reached: dict[str, float] = {}
        for node in frontier:
            for other, w in adjacency[node]:
                if other in ring:
                    continue
                value = warmth[node] * step(w, depth, relay)
                if value > reached.get(other, 0.0):
                    reached[other] = value
        for pid, value in reached.items():
            ring[pid] = depth
            warmth[pid] = value
        frontier = list(reached)
    return ring, warmth


# --------------------------------------------------------------------------------------------
# Paths

#: Distance between columns and between lanes, inches.
COLUMN_GAP = 2.6
LANE_GAP = 1.25


def paths_picture(
    network: Network,
    source: str,
    target: str,
    *,
    top: int = 3,
    max_hops: int | None = None,
    as_of: dt.date | None = None,
    fatigue: bool = True,
) -> tuple[Picture, PathResult]:
    """The `top` warmest paths from `source` to `target`, left to right, ranked as `path` ranks
    them (with the ask ledger's adjustments unless not `fatigue`)."""
    result = find_paths(network, source, target, top=top, max_hops=max_hops, as_of=as_of, fatigue=fatigue)
    people = {pid for path in result.paths for pid in path.people}
    orgs, legend, other, no_company = _legend(network, [network.people[p] for p in sorted(people)])
    columns = max((len(p.people) - 1 for p in result.paths), default=1)
    lanes = len(result.paths)
    middle = -(lanes - 1) * LANE_GAP / 2
    spots: dict[str, Spot] = {}
    for end, column in ((source, 0), (target, columns)):
        person = network.people[end]
        spots[end] = Spot(person, column * COLUMN_GAP, middle, orgs.colour(person), 0)
    lines: dict[frozenset[str], Line] = {}
    notes = []
    for lane, path in enumerate(result.paths):
        for column, pid in enumerate(path.people[1:-1], 1):
            if pid not in spots:
                # spread a short path's people over the whole width, so it lines up with the rest
                x = column * COLUMN_GAP * columns / (len(path.people) - 1)
                person = network.people[pid]
                spots[pid] = Spot(person, x, -lane * LANE_GAP, orgs.colour(person), column)
        for h in path.hops:
            key = frozenset((h.source, h.target))
            if key not in lines:
                lines[key] = Line(h.source, h.target, h.strength, h.warmth, True, percent(h.warmth))
        via = ", ".join(network.people[p].short_name for p in path.connectors) or "direct"
        notes.append(f"{lane + 1}. via {via} · {percent(path.warmth)}")
    a, b = network.people[source], network.people[target]
    return (
        Picture(
            title=f"From {a.name} to {b.name}",
            subtitle=f"the {lanes} warmest path{'s' * (lanes != 1)} within {result.max_hops} hops"
            f" · as of {result.as_of.isoformat()}",
            spots=spots,
            lines=list(lines.values()),
            organisations=legend,
            notes=notes,
            other=other,
            no_company=no_company,
            paths=[tuple(path.people) for path in result.paths],
        ),
        result,
    )
