"""Respecting the connector: what the ask ledger does to the warmth of a hop.

A connector's goodwill is spent by every ask. As of a day, for each person:

* **fatigue** (when they are asked to pass an introduction on, i.e. they are a connector of the
  path): every ask they were a connector of (first or `through`) counts when it was made in the
  last 12 months (`WINDOW_DAYS`), or is still open (drafted, asked or opted-in) however old.
  With n such asks the hop into them is multiplied by ``0.5 ** (n / ASKS_TO_HALVE)``: one ask
  0.79, two 0.63, three 0.5, six 0.25.
* **meetings** (a connector too): each ask they connected that led to a meeting (status
  ``met``, however old) multiplies the hop into them by ``1 + MEETING_BOOST`` more, counting at
  most `MEETINGS_COUNTED` of them: 1.05, 1.10, at most 1.15.
* **declines** (when they are the target, reached through a connector): every introduction to
  them they declined in the last 12 months counts; with d of them the last hop is multiplied by
  ``0.5 ** (d / DECLINES_TO_HALVE)``: one 0.71, two 0.5. A relationship you have with someone
  directly is never lowered: you need no one's introduction.

An open ask never counts against itself: on a path to an open ask's own target, the connectors
of that ask are weighed without it (asking again, or drafting it, spends no new goodwill).
Other asks count as above.

This module reads the ledger: which asks count, and each person's factors as a connector and
as a target (the factors multiplied in the order above). The factors' formulas
(`fatigue_factor`, `meetings_factor`, `declines_factor`) and what a factor does to a hop are the
warmth model's (warmintro.ranking.warmth: `ledger_hop`, an adjusted hop's warmth being
``min(1, warmth * factor)`` so that costs stay non-negative and the search stays exact), which
every search and every path calls. Asks dated after the day ("as of") do not count; statuses
are read as the ledger says now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..dates import MONTH_NAMES
from ..ledger.asks import Ask
from .warmth import (
    declines_factor,
    fatigue_factor,
    ledger_hop,
    ledger_role,
    meetings_factor,
)

if TYPE_CHECKING:
    from ..model import Network
    from .warmth import Hop

#: How far back an ask counts, in days: the last 12 months.
WINDOW_DAYS = 365


@dataclass(frozen=True)
class Adjustment:
    """One reason a hop's warmth was changed, and by how much."""

    kind: str  # "fatigue", "meetings" or "declines"
    factor: float
    #: For people: "asked twice since March".
    reason: str
    #: The ids of the asks counted.
    asks: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "factor": self.factor, "reason": self.reason, "asks": list(self.asks)}


@dataclass(frozen=True)
class Load:
    """How much a person has been asked of as a connector, as of a day."""

    #: The asks that count towards fatigue: made in the window, or still open.
    counted: tuple[Ask, ...]
    #: How many of them were made in the window, and how many are open.
    recent: int
    open: int
    #: Asks they connected that led to a meeting.
    meetings: tuple[Ask, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "recent_asks": self.recent,
            "open_asks": self.open,
            "counted_asks": [a.id for a in self.counted],
            "meetings": len(self.meetings),
        }


def in_window(ask: Ask, as_of: dt.date) -> bool:
    """Whether an ask was made in the 12 months up to `as_of`."""
    return 0 <= (as_of - ask.day).days < WINDOW_DAYS


def connector_load(asks: Iterable[Ask], pid: str, as_of: dt.date) -> Load:
    """`pid`'s load as a connector on `as_of`."""
    counted: list[Ask] = []
    meetings: list[Ask] = []
    recent = opened = 0
    for ask in asks:
        if pid not in ask.connectors or ask.day > as_of:
            continue
        if ask.status == "met":
            meetings.append(ask)
        new, is_open = in_window(ask, as_of), ask.is_open
        if new or is_open:
            counted.append(ask)
            recent += new
            opened += is_open
    return Load(_by_date(counted), recent, opened, _by_date(meetings))


def _by_date(asks: list[Ask]) -> tuple[Ask, ...]:
    return tuple(sorted(asks, key=lambda a: (a.day, a.id)))


class Adjustments:
    """What the ledger does to hops as of one day: for each person, the adjustments of a hop
    into them as a connector and as a target, and their combined factors."""

    def __init__(self, asks: Sequence[Ask], as_of: dt.date, target: str | None = None) -> None:
        self.as_of = as_of
        #: The target of the paths these adjustments are for, when they depend on it: the open
        #: asks to them do not count against their own connectors.
        self.for_target = target
        self.connector: dict[str, tuple[Adjustment, ...]] = {}
        self.target: dict[str, tuple[Adjustment, ...]] = {}
        by_connector: dict[str, list[Ask]] = {}
        for ask in asks:
            if target is not None and ask.target == target and ask.is_open:
                continue
            for pid in ask.connectors:
                by_connector.setdefault(pid, []).append(ask)
        for pid in sorted(by_connector):
            found = _connector_adjustments(connector_load(by_connector[pid], pid, as_of), as_of)
            if found:
                self.connector[pid] = found
        declined: dict[str, list[Ask]] = {}
        for ask in asks:
            if ask.status == "declined" and ask.day <= as_of and in_window(ask, as_of):
                declined.setdefault(ask.target, []).append(ask)
        for pid, found_asks in declined.items():
            self.target[pid] = (_declines(_by_date(found_asks), as_of),)
        #: The product of each person's factors, multiplied in order, as every search uses it.
        self.connector_factor = {pid: _product(adj) for pid, adj in self.connector.items()}
        self.target_factor = {pid: _product(adj) for pid, adj in self.target.items()}

    def __bool__(self) -> bool:
        return bool(self.connector or self.target)

    def for_hop(self, into: str, *, last: bool, from_source: bool) -> tuple[tuple[Adjustment, ...], float]:
        """The adjustments and factor of a hop into `into`, in the role `warmth.ledger_role`
        gives its end (none, as a connector or as the target)."""
        role = ledger_role(last=last, from_source=from_source)
        if role is None:
            return (), 1.0
        table, factors = (
            (self.target, self.target_factor) if role == "target" else (self.connector, self.connector_factor)
        )
        if into not in table:
            return (), 1.0
        return table[into], factors[into]

    def hop_warmth(self, warmth: float, into: str, *, last: bool, from_source: bool) -> float:
        """A hop's warmth after these adjustments (`warmth.ledger_hop`)."""
        return ledger_hop(warmth, self.connector_factor, self.target_factor, into, last=last, from_source=from_source)


def ledger_adjustments(
    network: Network, as_of: dt.date, *, fatigue: bool = True, target: str | None = None
) -> Adjustments | None:
    """What `network`'s ledger does to hops as of a day; None when nothing (or not `fatigue`).
    With `target`: for paths to them, so that their open asks do not count against themselves."""
    if not fatigue or not network.intros:
        return None
    found = Adjustments(network.intros, as_of, target)
    return found if found else None


def open_targets(network: Network) -> frozenset[str]:
    """The people an open ask of the ledger is for: paths to them are weighed apart."""
    return frozenset(ask.target for ask in network.intros if ask.is_open)


def adjust_hop(hop: Hop, adjustments: Adjustments, *, last: bool, from_source: bool) -> Hop:
    """`hop` with the ledger's adjustments applied (see `Adjustments.for_hop`)."""
    found, _ = adjustments.for_hop(hop.target, last=last, from_source=from_source)
    if not found:
        return hop
    warmth = adjustments.hop_warmth(hop.warmth, hop.target, last=last, from_source=from_source)
    return replace(hop, warmth=warmth, adjustments=found, before=hop.warmth)


def _product(adjustments: Iterable[Adjustment]) -> float:
    factor = 1.0
    for adjustment in adjustments:
        factor *= adjustment.factor
    return factor


def _connector_adjustments(load: Load, as_of: dt.date) -> tuple[Adjustment, ...]:
    found = []
    if load.counted:
        n = len(load.counted)
        reason = f"asked {_since(n, load.counted[0].day, as_of)}"
        if load.open:
            reason += f", {_open(load.open, n)}"
        found.append(Adjustment("fatigue", fatigue_factor(n), reason, tuple(a.id for a in load.counted)))
    if load.meetings:
        what = (
            "1 introduction led to a meeting"
            if len(load.meetings) == 1
            else f"{len(load.meetings)} introductions led to meetings"
        )
        found.append(
            Adjustment("meetings", meetings_factor(len(load.meetings)), what, tuple(a.id for a in load.meetings))
        )
    return tuple(found)


def _declines(asks: tuple[Ask, ...], as_of: dt.date) -> Adjustment:
    d = len(asks)
    reason = f"declined {_since(d, asks[0].day, as_of)}"
    return Adjustment("declines", declines_factor(d), reason, tuple(a.id for a in asks))


def _open(count: int, of: int) -> str:
    """``still open`` (the only one), ``both open``, ``all open``, ``2 open``."""
    if count < of:
        return f"{count} open"
    return "still open" if of == 1 else "both open" if of == 2 else "all open"


def _since(n: int, first: dt.date, as_of: dt.date) -> str:
    """``once, in March``, ``twice since March``, ``3 times since March 2025``."""
    if n == 1:
        return f"once, in {_month(first, as_of)}"
    return f"{'twice' if n == 2 else f'{n} times'} since {_month(first, as_of)}"


def _month(day: dt.date, as_of: dt.date) -> str:
    """``March``, or ``March 2025`` when not in the year of `as_of`."""
    name = MONTH_NAMES[day.month - 1]
    return name if day.year == as_of.year else f"{name} {day.year}"
