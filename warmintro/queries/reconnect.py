"""Keeping in touch: your strong ties that are cooling, each with a drafted check-in note.

Each of your relationships may have a **keep-in-touch interval**: how long it may go without
contact before it needs a word. The interval of a tie with a person is, the first that applies:

1. the person's own ``keep_in_touch: 1 month``;
2. the shortest of ``settings.keep_in_touch.tags`` for their tags (``tags: {investor: 2 months}``);
3. ``settings.keep_in_touch.<strength>`` for the tie's strength, else `DEFAULT_KEEP_IN_TOUCH`
   (close ties every 3 months, strong ties every 6; weaker ties keep no schedule).

``never`` turns a schedule off. A tie is **due** when its ``last_contact`` is older than its
interval, or it has none. Due ties are listed coolest first: the most warmth lost to recency
(the warmth model's decay, as of the day), then the longest overdue for its interval, then the
stronger tie. ``warmintro touch`` records a contact, and a tie touched within its interval is
no longer due. Each comes with a short check-in note drafted from ``reconnect.j2``: only what the
file says (names, where the two know each other from, their company), never anything sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..dates import MONTH_NAMES, PartialDate, parse_duration
from ..drafting.drafts import TONES, Message
from ..drafting.facts import known_from, person_vars
from ..drafting.templating import TemplateSet
from ..errors import ArgumentError, QueryError
from ..model import STRENGTHS, Network, Person, Relationship, strength_number
from ..ranking.warmth import relationship_warmth, tie_key
from .resolve import fold

#: Keep-in-touch intervals when the file sets none: strength -> duration.
DEFAULT_KEEP_IN_TOUCH: dict[str, str] = {"close": "3 months", "strong": "6 months"}
DEFAULT_TOP = 10


@dataclass(frozen=True)
class Interval:
    """How long a tie may go without contact, in days, and the rule it comes from."""

    days: int
    rule: str  # "person", "tag investor", "strength strong"


@dataclass(frozen=True)
class Cooling:
    """One tie that is due for a word, and the note to send."""

    person: Person
    relationship: Relationship
    interval: Interval
    #: Days since the last contact; None when the file records none.
    days_since: int | None
    #: The tie's warmth with and without recency, as of the day.
    warmth: float
    full_warmth: float
    note: Message

    @property
    def lost(self) -> float:
        return self.full_warmth - self.warmth

    @property
    def overdue_days(self) -> int | None:
        return None if self.days_since is None else self.days_since - self.interval.days

    def to_json(self) -> dict[str, object]:
        rel = self.relationship
        return {
            "id": self.person.id,
            "name": self.person.name,
            "strength": rel.strength,
            "how": rel.how,
            "last_contact": rel.last_contact.text if rel.last_contact else None,
            "days_since": self.days_since,
            "keep_in_touch_days": self.interval.days,
            "keep_in_touch_rule": self.interval.rule,
            "overdue_days": self.overdue_days,
            "warmth": self.warmth,
            "full_warmth": self.full_warmth,
            "warmth_lost": self.lost,
            "note": self.note.to_json(),
        }


@dataclass(frozen=True)
class Reconnect:
    me: str
    as_of: dt.date
    tags: tuple[str, ...]
    #: How many ties were due in all (before --top).
    due: int
    cooling: tuple[Cooling, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "me": self.me,
            "as_of": self.as_of.isoformat(),
            "tags": list(self.tags),
            "due": self.due,
            "cooling": [c.to_json() for c in self.cooling],
        }


def keep_in_touch_table(network: Network) -> tuple[dict[str, int | None], dict[str, int | None]]:
    """The intervals the file sets (with the defaults): strength -> days, folded tag -> days;
    None where the file says 'never'."""
    given = network.settings.given.get("keep_in_touch") or {}
    by_strength: dict[str, int | None] = {s: parse_duration(d) for s, d in DEFAULT_KEEP_IN_TOUCH.items()}
    by_strength.update({s: parse_duration(given[s]) for s in STRENGTHS if s in given})
    by_tag = {fold(tag): parse_duration(d) for tag, d in (given.get("tags") or {}).items()}
    return by_strength, by_tag


def interval_for(
    person: Person, rel: Relationship, by_strength: dict[str, int | None], by_tag: dict[str, int | None]
) -> Interval | None:
    """The keep-in-touch interval of the tie `rel` with `person` (see the module's docstring)."""
    if person.keep_in_touch is not None:
        days = parse_duration(person.keep_in_touch)
        return Interval(days, "person") if days is not None else None
    tagged = [(by_tag[fold(t)], t) for t in person.tags if fold(t) in by_tag]
    if tagged:
        scheduled = [(days, tag) for days, tag in tagged if days is not None]
        if not scheduled:
            return None
        days, tag = min(scheduled)
        return Interval(days, f"tag {tag}")
    days = by_strength.get(rel.strength)
    return Interval(days, f"strength {rel.strength}") if days is not None else None


def cooling_ties(
    network: Network,
    *,
    me: str | None = None,
    as_of: dt.date | None = None,
    top: int = DEFAULT_TOP,
    tags: Sequence[str] = (),
    tone: str = "friendly",
    templates: TemplateSet | None = None,
) -> Reconnect:
    """`me`'s ties that are due for a word as of a day, coolest first (at most `top`), only
    with people who have one of `tags` when given; each with its check-in note."""
    as_of = as_of or dt.date.today()
    me = me or network.me
    if me is None or me not in network.people:
        raise QueryError(
            f"whose ties? {network.source} has no 'me:'; add 'me: <your id>' at the top of the file "
            "(or start one with 'warmintro init --name \"Your Name\"')"
        )
    if top < 1:
        raise ArgumentError("top", "must be 1 or more")
    if tone not in TONES:
        raise QueryError(f"unknown tone '{tone}'; use {' or '.join(TONES)}")
    templates = templates or TemplateSet()
    by_strength, by_tag = keep_in_touch_table(network)
    wanted = {fold(t) for t in tags}
    found = []
    for rel in network.adjacency[me]:
        person = network.people[rel.other(me)]
        if wanted and not wanted & {fold(t) for t in person.tags}:
            continue
        interval = interval_for(person, rel, by_strength, by_tag)
        if interval is None:
            continue
        days_since = (as_of - rel.last_contact.as_date()).days if rel.last_contact else None
        if days_since is not None and days_since <= interval.days:
            continue
        found.append((rel, person, interval, days_since))

    def coolest(item: tuple[Relationship, Person, Interval, int | None]) -> tuple[object, ...]:
        rel, person, interval, days_since = item
        lost = network.settings.warmth[rel.strength] - relationship_warmth(rel, network.settings, as_of)
        overdue = -1.0 if days_since is None else days_since / interval.days
        return (-tie_key(lost), -overdue, -strength_number(rel.strength), person.id)

    found.sort(key=coolest)
    cooling = tuple(
        Cooling(
            person,
            rel,
            interval,
            days_since,
            relationship_warmth(rel, network.settings, as_of),
            network.settings.warmth[rel.strength],
            draft_checkin(network, me, person, rel, as_of, tone, templates),
        )
        for rel, person, interval, days_since in found[:top]
    )
    return Reconnect(me, as_of, tuple(tags), len(found), cooling)


def draft_checkin(
    network: Network, me: str, person: Person, rel: Relationship, as_of: dt.date, tone: str, templates: TemplateSet
) -> Message:
    """A short note from `me` to `person`: warm, plain, and only what the file says."""
    sender = network.people[me]
    variables = {
        "tone": tone,
        "formal": tone == "formal",
        "sender": person_vars(sender),
        "recipient": person_vars(person),
        "known_from": known_from(sender, person, rel, as_of),
        "last_contact": when(rel.last_contact, as_of),
        "strength": rel.strength,
    }
    rendered = templates.render("reconnect.j2", variables)
    return Message("reconnect", me, (person.id,), rendered.subject, rendered.body)


def when(date: PartialDate | None, as_of: dt.date) -> str | None:
    """A last contact as a note says it: ``in May``, ``in May 2025``, ``in 2023``; None for none."""
    if date is None:
        return None
    if date.month is None:
        return f"in {date.year}"
    month = MONTH_NAMES[date.month - 1]
    return f"in {month}" if date.year == as_of.year else f"in {month} {date.year}"
