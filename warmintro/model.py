"""The network as warmintro holds it in memory: people, relationships and settings.

Plain dataclasses with no third-party imports, so that every command can load a network without
paying for networkx or rich. `warmintro.export.nxgraph` turns a Network into a networkx graph for analysis.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from .dates import PartialDate

if TYPE_CHECKING:
    from .ledger.asks import Ask

#: A person id (and an ask id): letters or digits, then letters, digits, '-', '_' or '.'.
ID_PATTERN = re.compile(r"^[^\W_][\w.-]*$")

#: Strength labels from weakest to strongest; a label's number is its index + 1.
STRENGTHS: tuple[str, ...] = ("acquaintance", "weak", "good", "strong", "close")

#: How likely a hop of each strength is to work if asked, before recency.
DEFAULT_WARMTH: dict[str, float] = {
    "close": 0.95,
    "strong": 0.80,
    "good": 0.60,
    "weak": 0.35,
    "acquaintance": 0.15,
}
DEFAULT_STRENGTH = "good"
DEFAULT_HALF_LIFE_YEARS = 4.0
DEFAULT_MAX_HOPS = 4
#: Each connector after the first two hops only relays an introduction: its hop counts this much
#: less (see warmintro.ranking.warmth).
DEFAULT_RELAY = 0.85
#: Limits on a path query, so that its answer takes seconds to find and stays a size one can
#: read: chains of at most MAX_HOPS_LIMIT relationships, at most MAX_PATHS paths (in JSON, for
#: scripts), at most MAX_PATHS_SHOWN of them on a terminal.
MAX_HOPS_LIMIT = 12
MAX_PATHS = 1000
MAX_PATHS_SHOWN = 100


def strength_label(text: str) -> str | None:
    """The strength label a user means by `text` (a label in any case, or a number 1-5), or None."""
    word = text.strip().lower()
    if word in STRENGTHS:
        return word
    if word.isdigit() and 1 <= int(word) <= len(STRENGTHS):
        return STRENGTHS[int(word) - 1]
    return None


def strength_number(label: str) -> int:
    """The 1-5 number of a strength label (`close` is 5)."""
    return STRENGTHS.index(label) + 1


@dataclass(frozen=True)
class Job:
    """A place someone worked or studied, and when: an entry of a person's `history`."""

    company: str
    title: str | None = None
    start: PartialDate | None = None  # `from:` in the file
    end: PartialDate | None = None  # `to:` in the file; None while it lasts
    #: Fields of the entry warmintro does not know, kept as written.
    extra: tuple[tuple[str, Any], ...] = ()

    @property
    def label(self) -> str:
        """``Kestrel Systems (VP Europe, 2014-2026)``."""
        parts = [p for p in (self.title, _span(self.start, self.end)) if p]
        return f"{self.company} ({', '.join(parts)})" if parts else self.company


def _span(start: PartialDate | None, end: PartialDate | None) -> str | None:
    if start is None and end is None:
        return None
    return f"{start.year if start else '?'}-{end.year if end else ''}"


@dataclass
class Person:
    id: str
    name: str
    company: str | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    location: str | None = None
    about: str | None = None
    #: The person's own first-person line for messages they send ("I help ...").
    pitch: str | None = None
    #: What to call them in a greeting ("María José", "Dr. Yusuf"), when not the first word of the name.
    greeting: str | None = None
    #: The language to write to them in ("fi", "en"), when not the file's.
    language: str | None = None
    #: The user's own notes: private, never in a message or an export (see warmintro.privacy).
    notes: str | None = None
    #: Never named in a message to someone else, nor exported (see warmintro.privacy).
    private: bool = False
    #: How long your tie with them may go without contact before `reconnect` lists it
    #: ("3 months"; see warmintro.queries.reconnect).
    keep_in_touch: str | None = None
    tags: tuple[str, ...] = ()
    #: Former (and other) employers and schools, besides the current `company`.
    history: tuple[Job, ...] = ()
    #: Fields warmintro does not know, kept so that nothing the user wrote is lost.
    extra: dict[str, Any] = field(default_factory=dict)
    #: Where the person starts in the file (1-based), for messages; not part of equality.
    line: int | None = field(default=None, compare=False)
    #: Every address the file gives (`email` may be a list); `email` is the first of them.
    emails: tuple[str, ...] = ()
    #: In a network of several files, each file's view of this person (see warmintro.sources);
    #: empty for someone only the user's own file knows.
    origins: tuple[dict[str, Any], ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        # `email` is the first address; a Person made with another `email` (replace(p, email=...))
        # has that one address
        if not self.emails or self.emails[0] != self.email:
            self.emails = (self.email,) if self.email else ()

    @property
    def short_name(self) -> str:
        """The first word of the name, for friendly sentences ("Ask Carol")."""
        return self.name.split()[0] if self.name.split() else self.name

    @property
    def label(self) -> str:
        """Name with company, e.g. ``Carol Virtanen (Pactbank)``."""
        return f"{self.name} ({self.company})" if self.company else self.name


_Copied = TypeVar("_Copied", "Person", "Relationship")


def copied(item: _Copied, **changes: Any) -> _Copied:
    """`item` with `changes`, like `dataclasses.replace` but without running `__init__` again:
    for copies whose changed fields keep the class's invariants (a new id, new ends, new
    origins), made once per person and tie when a team's files are merged."""
    new = object.__new__(type(item))
    new.__dict__.update(item.__dict__)
    new.__dict__.update(changes)
    return new


@dataclass
class Relationship:
    """Two people who know each other. Undirected: `a` and `b` are in the order written."""

    a: str
    b: str
    strength: str = DEFAULT_STRENGTH
    how: str | None = None
    since: PartialDate | None = None
    last_contact: PartialDate | None = None
    channels: tuple[str, ...] = ()
    #: The user's own notes on the tie: private, like a person's (see warmintro.privacy).
    notes: str | None = None
    #: Never mentioned in a message to someone else, nor exported (see warmintro.privacy).
    private: bool = False
    #: Whether the file spelled out a strength; a missing one is written back as missing.
    strength_given: bool = field(default=True, compare=False)
    extra: dict[str, Any] = field(default_factory=dict)
    line: int | None = field(default=None, compare=False)
    #: In a network of several files, each file's view of this relationship (see
    #: warmintro.sources); empty for one only the user's own file knows.
    origins: tuple[dict[str, Any], ...] = field(default=(), compare=False)

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))

    def other(self, person_id: str) -> str:
        """The other end of this relationship from `person_id`."""
        if person_id == self.a:
            return self.b
        if person_id == self.b:
            return self.a
        raise ValueError(f"{person_id!r} is not part of this relationship")


@dataclass
class Settings:
    warmth: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WARMTH))
    half_life_years: float = DEFAULT_HALF_LIFE_YEARS
    max_hops: int = DEFAULT_MAX_HOPS
    relay: float = DEFAULT_RELAY
    #: Whether paths are ranked with warmths learned from the ask ledger (`warmth: learned`);
    #: `warmth` is then the prior they are learned from (see warmintro.ranking.calibrate).
    learned: bool = False
    #: Once learned warmths are in use (`calibrate.use_learned`): the table they were learned
    #: from, which `warmth` then replaces in memory (the file is never changed).
    prior: dict[str, float] | None = field(default=None, compare=False)
    #: A folder of message templates for `draft`, as written (relative to the contacts file).
    templates: str | None = None
    #: The language drafts are written in ("en", "fi"), unless a person's `language` says otherwise.
    language: str | None = None
    #: Only the settings the file spelled out, so that saving does not add defaults.
    given: dict[str, Any] = field(default_factory=dict, compare=False)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Network:
    """Everything in one contacts file."""

    people: Mapping[str, Person]
    relationships: Sequence[Relationship]
    me: str | None = None
    settings: Settings = field(default_factory=Settings)
    #: Top-level sections warmintro does not know, kept as written.
    extra: dict[str, Any] = field(default_factory=dict)
    #: Which file it came from ("<string>" when parsed from text), for messages.
    source: str = field(default="<string>", compare=False)
    #: The ask ledger (the file's `intros:`), in file order; see warmintro.ledger.asks.
    intros: tuple[Ask, ...] = ()
    #: What other modules derive from the network and keep with it, by their own keys (the
    #: compact graph of warmintro.ranking.graph): built once per network object, never compared,
    #: copied by `dataclasses.replace` or saved. The model itself imports none of them.
    derived: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    def organisation_count(self) -> int:
        """How many different organisations people work at now (see warmintro.organisations:
        ``Acme Oy`` and ``ACME Inc.`` are one)."""
        from .organisations import count_organisations

        return count_organisations(self.people.values())

    def private_looking_abouts(self) -> list[tuple[str, str]]:
        """(id, what) of each person whose `about` reads like private notes (see warmintro.privacy)."""
        from .privacy import about_looks_private

        found = ((p.id, about_looks_private(p.about)) for p in self.people.values())
        return [(pid, what) for pid, what in found if what]

    def names(self) -> Iterator[tuple[str, str]]:
        """(id, name) of everyone, in file order; cheaper than people.values() on a cache."""
        return ((p.id, p.name) for p in self.people.values())

    @cached_property
    def adjacency(self) -> Mapping[str, list[Relationship]]:
        """Each person's relationships, in file order."""
        adj: dict[str, list[Relationship]] = {pid: [] for pid in self.people}
        for rel in self.relationships:
            adj[rel.a].append(rel)
            adj[rel.b].append(rel)
        return adj

    def relationship(self, a: str, b: str) -> Relationship | None:
        """The relationship between two people, if they know each other (the first in file
        order), scanning the shorter of their lists of relationships."""
        adjacency = self.adjacency
        if a not in adjacency or b not in adjacency:
            return None
        rels, others = adjacency[a], adjacency[b]
        if len(rels) > len(others):
            a, b, rels = b, a, others
        for rel in rels:
            if (rel.b if rel.a == a else rel.a) == b:
                return rel
        return None

    def knows(self, a: str, b: str) -> bool:
        return self.relationship(a, b) is not None
