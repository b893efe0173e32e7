"""The warmth model: how likely one introduction hop is to work if asked.

A relationship's warmth is its strength's number from the settings table, multiplied by a
recency factor when `last_contact` is known:

    max(0.5, 0.5 ** (years / half_life))

where `years` is the time from `last_contact` to "as of" in days / 365.25 (0 for a date in the
future). A path's warmth is the product of its hops' warmths.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dates import PartialDate
from .model import Relationship, Settings

if TYPE_CHECKING:
    from .fatigue import Adjustment

#: Stale relationships never drop below this fraction of their strength.
RECENCY_FLOOR = 0.5
DAYS_PER_YEAR = 365.25
#: Warmths equal when rounded to this many decimals are ties.
TIE_DECIMALS = 9


def recency_factor(last_contact: PartialDate | None, as_of: dt.date, half_life_years: float) -> float:
    """How much of a relationship's strength is left after the time since `last_contact`."""
    if last_contact is None:
        return 1.0
    days = (as_of - last_contact.as_date()).days
    years = max(0.0, days / DAYS_PER_YEAR)
    factor: float = 0.5 ** (years / half_life_years)
    return max(RECENCY_FLOOR, factor)


def relationship_warmth(rel: Relationship, settings: Settings, as_of: dt.date) -> float:
    """The warmth of one relationship as of a day, in (0, 1]."""
    base = settings.warmth[rel.strength]
    return base * recency_factor(rel.last_contact, as_of, settings.half_life_years)


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
    #: What the ask ledger changed (see warmintro.fatigue); empty for most hops.
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
