"""The warmth model: how likely an introduction is to work if asked. Every ranking uses it.

A relationship's warmth (a *hop's* warmth) is its strength's number from the settings table,
multiplied by a recency factor when `last_contact` is known:

    max(0.5, 0.5 ** (years / half_life))

where `years` is the time from `last_contact` to "as of" in days / 365.25 (0 for a date in the
future). The ask ledger may then adjust a hop (see warmintro.ranking.fatigue).

A path's warmth is the product of its hops' warmths, times `relay` for every hop after the
second: the first connector vouches for you first-hand; each later one only relays someone they
have never met, on the previous connector's word. A path of h hops takes relay ** max(0, h - 2).
Searches multiply left to right, each hop after the second as ``warmth * relay`` (`step`), so
that every search and every path computes the same float.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..dates import PartialDate
from ..model import Relationship, Settings

if TYPE_CHECKING:
    from .fatigue import Adjustment

#: Stale relationships never drop below this fraction of their strength.
RECENCY_FLOOR = 0.5
DAYS_PER_YEAR = 365.25
#: Warmths equal when rounded to this many decimals are ties.
TIE_DECIMALS = 9


#: Hops vouched for first-hand: you to the first connector, the first connector to the next.
FIRST_HAND_HOPS = 2


def recency_after(days: int, half_life_years: float) -> float:
    """How much of a relationship's strength is left `days` after the last contact."""
    years = max(0.0, days / DAYS_PER_YEAR)
    factor: float = 0.5 ** (years / half_life_years)
    return max(RECENCY_FLOOR, factor)


def recency_factor(last_contact: PartialDate | None, as_of: dt.date, half_life_years: float) -> float:
    """How much of a relationship's strength is left after the time since `last_contact`."""
    if last_contact is None:
        return 1.0
    return recency_after((as_of - last_contact.as_date()).days, half_life_years)


def relationship_warmth(rel: Relationship, settings: Settings, as_of: dt.date) -> float:
    """The warmth of one relationship (one hop) as of a day, in (0, 1]."""
    base = settings.warmth[rel.strength]
    return base * recency_factor(rel.last_contact, as_of, settings.half_life_years)


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
class Warmth:
    """A relationship's warmth and what it is made of, for people who ask "why this number?"."""

    strength: str
    base: float
    recency: float

    @property
    def value(self) -> float:
        return self.base * self.recency


def explain_warmth(rel: Relationship, settings: Settings, as_of: dt.date) -> Warmth:
    return Warmth(
        strength=rel.strength,
        base=settings.warmth[rel.strength],
        recency=recency_factor(rel.last_contact, as_of, settings.half_life_years),
    )


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
