"""The warmth model: how likely an introduction is to work if asked. Every ranking uses it.

This module is the model's one home: every search, every path and every explanation computes
warmths with the functions below, and nothing else writes any of these formulas down.

* **Recency** (`recency_after`): what is left of a relationship's strength ``days`` after the
  last contact, ``max(0.5, 0.5 ** (years / half_life))``, where ``years`` is days / 365.25 (0
  for a date in the future).
* **A hop's weight** (`hop_weights`, `hop_weight`): its strength's number from the settings
  table (the file's, or the one learned from the ask ledger: warmintro.ranking.calibrate) times
  its recency when `last_contact` is known.
* **The ask ledger** (`ledger_hop`): a hop into a connector, or the last hop into a target, is
  multiplied by the ledger's factor for that person in that role (`ledger_factor`; the factors
  are read from the ledger by warmintro.ranking.fatigue) and capped at 1 (`adjusted`).
* **A path's warmth** (`chain_warmth`): the product of its hops' warmths, times `relay` for
  every hop after the second: the first connector vouches for you first-hand; each later one
  only relays someone they have never met, on the previous connector's word. A path of h hops
  takes relay ** max(0, h - 2). Searches multiply left to right, each hop after the second as
  ``warmth * relay`` (`step`), so that every search and every path computes the same float.
* **A hop's cost** (`hop_cost`): -log of its warmth, for the searches that add costs instead of
  multiplying warmths (warmintro.ranking.kpaths).

The compact graph (warmintro.ranking.graph) keeps `hop_weights`' values per day of last
contact, filled by calling it, so that a search over a million relationships calls it once per
day it meets, never a copy of it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

from ..dates import PartialDate
from ..model import STRENGTHS, Relationship, Settings

if TYPE_CHECKING:
    from .fatigue import Adjustment

#: Stale relationships never drop below this fraction of their strength.
RECENCY_FLOOR = 0.5
DAYS_PER_YEAR = 365.25
#: Warmths equal when rounded to this many decimals are ties.
TIE_DECIMALS = 9


#: Hops vouched for first-hand: you to the first connector, the first connector to the next.
FIRST_HAND_HOPS = 2


#: This many asks in the last 12 months halve the hop into a connector.
ASKS_TO_HALVE = 3
#: Each introduction that led to a meeting warms the hop into its connector by this much...
MEETING_BOOST = 0.05
#: ...for at most this many of them.
MEETINGS_COUNTED = 3
#: This many declined introductions in the last 12 months halve the last hop into a target.
DECLINES_TO_HALVE = 2


def fatigue_factor(asks: int) -> float:
    """What `asks` recent asks to pass an introduction on multiply the hop into a connector by."""
    factor: float = 0.5 ** (asks / ASKS_TO_HALVE)
    return factor


def meetings_factor(meetings: int) -> float:
    """What `meetings` introductions that led to a meeting multiply the hop into their connector by."""
    return 1 + MEETING_BOOST * min(meetings, MEETINGS_COUNTED)


def declines_factor(declines: int) -> float:
    """What `declines` recently declined introductions multiply the last hop into a target by."""
    factor: float = 0.5 ** (declines / DECLINES_TO_HALVE)
    return factor


def recency_after(days: int, half_life_years: float) -> float:
    """How much of a relationship's strength is left `days` after the last contact."""
    years = max(0.0, days / DAYS_PER_YEAR)
    factor: float = 0.5 ** (years / half_life_years)
    return max(RECENCY_FLOOR, factor)


def days_since(last_contact: PartialDate | None, as_of: dt.date) -> int | None:
    """Days from `last_contact` to `as_of` (negative for a date after it), None when unknown."""
    return None if last_contact is None else (as_of - last_contact.as_date()).days


def recency_factor(last_contact: PartialDate | None, as_of: dt.date, half_life_years: float) -> float:
    """How much of a relationship's strength is left after the time since `last_contact`."""
    days = days_since(last_contact, as_of)
    return 1.0 if days is None else recency_after(days, half_life_years)


def hop_weights(days: int | None, settings: Settings) -> tuple[float, ...]:
    """The warmth of a relationship of each strength (in the order of STRENGTHS) whose last
    contact was `days` ago (None: unknown), before the ask ledger: the strength's number in the
    settings' table (the file's, or the one learned from the ledger) times recency."""
    table = settings.warmth
    if days is None:
        return tuple([table[s] for s in STRENGTHS])
    recency = recency_after(days, settings.half_life_years)
    return tuple([table[s] * recency for s in STRENGTHS])


def hop_weight(strength: str, days: int | None, settings: Settings) -> float:
    """`hop_weights` for one strength: a hop's weight."""
    return hop_weights(days, settings)[STRENGTHS.index(strength)]


def relationship_warmth(rel: Relationship, settings: Settings, as_of: dt.date) -> float:
    """The warmth of one relationship (one hop) as of a day, in (0, 1]."""
    return hop_weight(rel.strength, days_since(rel.last_contact, as_of), settings)


#: The role a hop's end plays on a path, for the ask ledger: passing the introduction on, or
#: being the person it is for.
Role = Literal["connector", "target"]
Key = TypeVar("Key", bound=Hashable)


def ledger_role(*, last: bool, from_source: bool) -> Role | None:
    """The role of the person a hop goes into: the target on the `last` hop of a path (none at
    all when that hop leaves the path's start: no one is asked for an introduction to someone
    you know), else a connector."""
    if last:
        return None if from_source else "target"
    return "connector"


def ledger_factor(
    connector: Mapping[Key, float], target: Mapping[Key, float], into: Key, *, last: bool, from_source: bool
) -> float:
    """What the ask ledger multiplies a hop into `into` by, given each person's factor as a
    connector and as a target (keyed by id or by index alike)."""
    role = ledger_role(last=last, from_source=from_source)
    if role is None:
        return 1.0
    return (target if role == "target" else connector).get(into, 1.0)


def adjusted(warmth: float, factor: float) -> float:
    """A hop's warmth after the ledger's factor: never above 1 (so that costs stay >= 0)."""
    return min(1.0, warmth * factor)


def ledger_hop(
    warmth: float,
    connector: Mapping[Key, float],
    target: Mapping[Key, float],
    into: Key,
    *,
    last: bool,
    from_source: bool,
) -> float:
    """A hop's warmth after the ask ledger: what every search and every path uses."""
    factor = ledger_factor(connector, target, into, last=last, from_source=from_source)
    return warmth if factor == 1.0 else adjusted(warmth, factor)


def hop_cost(warmth: float) -> float:
    """What a hop (or the relay factor) of this warmth costs a search that adds: -log(warmth)."""
    return -math.log(warmth)


def relayed(position: int) -> bool:
    """Whether the hop at `position` (1 for the first) is only relayed, not vouched first-hand."""
    return position > FIRST_HAND_HOPS


def step(warmth: float, position: int, relay: float) -> float:
    """What the hop at `position` multiplies a path's warmth by."""
    return warmth * relay if position > FIRST_HAND_HOPS else warmth


def relay_factor(hops: int, relay: float) -> float:
    """relay ** max(0, hops - 2): what second-hand vouching takes from a path of `hops` hops."""
    factor: float = relay ** max(0, hops - FIRST_HAND_HOPS)
    return factor


def chain_warmth(warmths: Iterable[float], relay: float) -> float:
    """A path's warmth from its hops' warmths, in path order, multiplied as every search does."""
    total = 1.0
    for position, warmth in enumerate(warmths, 1):
        total *= step(warmth, position, relay)
    return total


def tie_key(warmth: float) -> float:
    """The value under which two warmths count as equal when ranking."""
    return round(warmth, TIE_DECIMALS)


@dataclass(frozen=True)
class Hop:
    """One relationship walked from one person to another, with its warmth as of a day (after
    the ask ledger's `adjustments`, when there are any)."""

    source: str
    target: str
    relationship: Relationship
    warmth: float
    #: What the ask ledger changed (see warmintro.ranking.fatigue); empty for most hops.
    adjustments: tuple[Adjustment, ...] = ()
    #: The relationship's own warmth, before the adjustments.
    before: float | None = None

    @property
    def strength(self) -> str:
        return self.relationship.strength

    @property
    def how(self) -> str | None:
        return self.relationship.how

    @property
    def relationship_warmth(self) -> float:
        return self.warmth if self.before is None else self.before

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "from": self.source,
            "to": self.target,
            "strength": self.strength,
            "warmth": self.warmth,
            "how": self.how,
        }
        if self.adjustments:
            data["relationship_warmth"] = self.relationship_warmth
            data["adjustments"] = [a.to_json() for a in self.adjustments]
        return data


def hop(rel: Relationship, source: str, settings: Settings, as_of: dt.date) -> Hop:
    """`rel` walked from `source` to its other end."""
    return Hop(source, rel.other(source), rel, relationship_warmth(rel, settings, as_of))


#: A tie inferred from shared history (warmintro.sources.inferred) is `weak` when the two
#: overlapped at least this many years at an organisation of at most this many people in the
#: files; otherwise `acquaintance`. Never warmer: an inference is not a relationship.
INFERRED_WEAK_YEARS = 2
INFERRED_SMALL_ORGANISATION = 50


def inferred_strength(overlap_years: int, organisation_size: int) -> str:
    """The strength of an inferred tie: grows with the overlap, shrinks with the organisation's
    size, never above ``weak``. Its warmth is then the strength's, times the recency of the
    overlap's last year, as for any tie (`relationship_warmth`)."""
    if overlap_years >= INFERRED_WEAK_YEARS and organisation_size <= INFERRED_SMALL_ORGANISATION:
        return "weak"
    return "acquaintance"
