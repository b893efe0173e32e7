"""Facts from the contacts file as the templates see them: a person's fields, the ground two
people share, and where they know each other from.

Only what the file says: names and fields cleaned to one line, sentences ended, organisations
compared as people read them (case, accents and spacing ignored). Nothing is inferred beyond
equal names, and a person's `notes` never reach a template.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Network, Person, Relationship
from ..queries.resolve import fold
from .names import name_parts
from .purpose import read_purpose
from .voice import first_person, third_person

_LINE_BREAKS = re.compile(r"[\r\n\x85\u2028\u2029]+")
_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*\Z""")


def clean(text: str | None) -> str | None:
    """A field's text without surrounding space; None when there is none."""
    if text is None:
        return None
    text = text.strip()
    return text or None


def sentence(text: str | None) -> str | None:
    """A field's text ending like a sentence (a full stop added when it has none)."""
    text = clean(text)
    if text is None or _SENTENCE_END.search(text):
        return text
    return text + "."


def purpose_phrase(purpose: str | None) -> str | None:
    """The user's purpose as a phrase that reads after "would like to talk with Bob" (see
    `warmintro.drafting.purpose` for the forms and their frames)."""
    read = read_purpose(purpose)
    return str(read) if read is not None else None


def purpose_words(network: Network) -> set[str]:
    """Names a purpose keeps the capitals of: the people, companies and places of the file."""
    names: set[str] = set()
    for person in network.people.values():
        for text in (person.name, person.company, person.location):
            if text and text.strip():
                names.add(" ".join(text.split()))
    return names


def headline(person: Person) -> str | None:
    """``Founder, Northwind Consulting``; the title or the company alone; None without either."""
    parts = [p for p in (one_line(person.title), one_line(person.company)) if p]
    return ", ".join(parts) or None


def one_line(text: str | None) -> str | None:
    """A short field (a name, a title) on one line: a line break in it would otherwise end a
    Subject line, or a sentence, half-way."""
    return clean(_LINE_BREAKS.sub(" ", text)) if text is not None else None


def person_vars(person: Person) -> dict[str, Any]:
    """What a template may say about a person: only what the file says (never `notes`)."""
    name = one_line(person.name) or person.id
    parts = name_parts(name, one_line(person.greeting))
    return {
        "id": person.id,
        "name": name,
        "first": parts.given,
        "formal_name": parts.formal,
        "full_name": parts.full,
        "honorific": parts.honorific,
        "family": parts.family,
        "title": one_line(person.title),
        "company": one_line(person.company),
        "headline": headline(person),
        "about": sentence(person.about),
        "does": third_person(person.about),
        "pitch": sentence(person.pitch) or first_person(person.about, (name,)),
        "location": one_line(person.location),
        "email": one_line(person.email),
        "tags": [t for t in (one_line(t) for t in person.tags) if t],
    }


def _key(text: str) -> str:
    """Names compared as people read them: case, accents and spacing ignored."""
    return fold(" ".join(text.split()))


@dataclass(frozen=True)
class _Stint:
    """A person's time at an organisation: `end` None while it lasts."""

    org: str
    start: dt.date | None
    end: dt.date | None
    current: bool


def _stints(person: Person) -> list[_Stint]:
    stints = []
    company = one_line(person.company)
    if company:
        stints.append(_Stint(company, None, None, True))
    for job in person.history:
        org = one_line(job.company)
        if org:
            stints.append(
                _Stint(
                    org,
                    job.start.as_date() if job.start else None,
                    job.end.as_date() if job.end else None,
                    job.end is None and _key(org) == _key(company or ""),
                )
            )
    return stints


@dataclass(frozen=True)
class Ground:
    """What two people have in common according to the file, in the first person's spelling."""

    work_together: tuple[str, ...] = ()  # both there now
    both_been: tuple[str, ...] = ()  # both there at some time (not both now)
    location: str | None = None
    tags: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.work_together or self.both_been or self.location or self.tags)

    def as_vars(self) -> dict[str, Any]:
        return {
            "work_together": list(self.work_together),
            "both_been": list(self.both_been),
            "location": self.location,
            "tags": list(self.tags),
        }


def shared_ground(a: Person, b: Person) -> Ground:
    """Employers and schools (current `company` and `history`), city and tags both share.

    Names are compared ignoring case, accents and spacing ("KESTREL  systems" is Kestrel
    Systems); nothing is inferred beyond equal names."""
    b_orgs: dict[str, bool] = {}
    for stint in _stints(b):
        b_orgs[_key(stint.org)] = b_orgs.get(_key(stint.org), False) or stint.current
    now: dict[str, str] = {}
    been: dict[str, str] = {}
    a_current = {_key(s.org) for s in _stints(a) if s.current}
    for stint in _stints(a):
        key = _key(stint.org)
        if key not in b_orgs or key in now or key in been:
            continue
        if key in a_current and b_orgs[key]:
            now[key] = stint.org
        else:
            been[key] = stint.org
    location = None
    la, lb = one_line(a.location), one_line(b.location)
    if la and lb and _key(la) == _key(lb):
        location = la
    b_tags = {_key(t) for t in b.tags if clean(t)}
    tags: dict[str, str] = {}
    for tag in a.tags:
        text = one_line(tag)
        if text and _key(text) in b_tags:
            tags.setdefault(_key(text), text)
    return Ground(tuple(now.values()), tuple(been.values()), location, tuple(tags.values()))


def known_from(a: Person, b: Person, rel: Relationship | None, as_of: dt.date) -> str | None:
    """The organisation two people know each other from, when the file shows it: one both have
    been at that the relationship's `how` names, or where their dates overlap. None when they
    work together now (colleagues need no reminder) or nothing in the file says so."""
    ground = shared_ground(a, b)
    if ground.work_together:
        return None
    how = _key(rel.how) if rel is not None and rel.how else ""
    for org in ground.both_been:
        if how and _key(org) in how:
            return org
    for org in ground.both_been:
        if _overlap(_stints(a), _stints(b), _key(org), as_of):
            return org
    return None


def _overlap(a: Sequence[_Stint], b: Sequence[_Stint], key: str, as_of: dt.date) -> bool:
    for sa in a:
        for sb in b:
            if _key(sa.org) != key or _key(sb.org) != key or sa.start is None or sb.start is None:
                continue
            if max(sa.start, sb.start) <= min(sa.end or as_of, sb.end or as_of):
                return True
    return False
