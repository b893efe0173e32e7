"""What in a contacts file is private, in one place: every message, export and share asks here.

* A person's and a relationship's ``notes`` are the user's own: never in a message, an export
  or a share.
* A person marked ``private: true`` is never named in a message to anyone but themselves, and is
  left out of exports (with every relationship they are in).
* A relationship marked ``private: true`` is never mentioned in a message (its ``how`` is not
  used, nor are the two named as knowing each other to a third person), and is left out of
  exports.

``about`` is what may be said about a person; `about_looks_private` spots an ``about`` that
reads like notes (dates, phone numbers, family), for ``check`` to suggest moving it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace

from .fileformat.fields import PRIVATE_FIELDS as PRIVATE_FIELDS  # the fields that hold private notes
from .model import Network, Person, Relationship


def person_is_private(person: Person) -> bool:
    return person.private


def tie_is_private(network: Network, rel: Relationship) -> bool:
    """A tie is private when it is marked so, or when either of its people is."""
    people = network.people
    return rel.private or person_is_private(people[rel.a]) or person_is_private(people[rel.b])


def may_name(network: Network, pid: str, audience: Collection[str]) -> bool:
    """Whether a message to `audience` (person ids) may name `pid`: always to themselves,
    to others only when `pid` is not private."""
    return pid in audience or not person_is_private(network.people[pid])


def may_mention_tie(network: Network, a: str, b: str) -> bool:
    """Whether a message may say that `a` and `b` know each other, or how."""
    rel = network.relationship(a, b)
    return rel is None or not tie_is_private(network, rel)


def shareable(network: Network) -> Network:
    """The network as it may leave the user's hands (exports, maps, shares): private people and
    the relationships they are in, private relationships, and every ``notes`` left out."""
    people = {pid: replace(p, notes=None) for pid, p in network.people.items() if not person_is_private(p)}
    relationships = [
        replace(rel, notes=None)
        for rel in network.relationships
        if not rel.private and rel.a in people and rel.b in people
    ]
    return Network(
        people=people,
        relationships=relationships,
        me=network.me if network.me in people else None,
        settings=network.settings,
        source=network.source,
        intros=tuple(ask for ask in network.intros if all(p in people for p in ask.people)),
    )


_PRIVATE_HINTS = (
    (
        re.compile(r"\b(kids?|child|children|sons?|daughters?|wife|husband|partner's|divorced?|pregnant)\b", re.I),
        "family",
    ),
    (re.compile(r"\b(birthday|born|b-day)\b", re.I), "a birthday"),
    (re.compile(r"\+?\d[\d ()-]{6,}\d"), "a phone number"),
    (re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b(19|20)\d\d-\d\d\b"), "a date"),
    (re.compile(r"\b(met|spoke|called|lunch|coffee|dinner) (at|on|with)\b", re.I), "a note of a meeting"),
    (re.compile(r"\b(health|illness|sick|hospital|salary|owes?|debt)\b", re.I), "something personal"),
    (re.compile(r"\b(interested in|wants to|looking for|follow up|todo|to do)\b", re.I), "a note to yourself"),
)


def about_looks_private(about: str | None) -> str | None:
    """What in an ``about`` looks like the user's private notes ("a phone number"), or None."""
    if not about:
        return None
    found = [what for pattern, what in _PRIVATE_HINTS if pattern.search(about)]
    return ", ".join(dict.fromkeys(found)) or None
