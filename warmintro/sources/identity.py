"""Who is who across files, and who may be entered twice.

The rules (also in docs/imports.md, "One network, several files", Who is who):

* the same email address or LinkedIn URL is the same person;
* the same id with the same name (compared folded: case and accents ignored) is the same person;
* anything else is a different person. A person of a source whose id is taken by someone else
  gets the id ``<id>.<file stem>`` (``dana.contacts.mail``), so both stay visible.

A person of the user's own file may settle a doubt: ``same_as: [id, ...]`` names people of the
sources who are this person, ``not_same_as: [id, ...]`` people who are not (it also silences
`duplicates` for the pair).

`duplicates` lists pairs that may be one person entered twice: the same address, the same name at
the same company, or near-identical names. A *doubtful match* is the same name at different
companies with no address in common: never merged, listed by `check` with how to settle it.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import Problem
from ..model import Network, Person
from ..text import fold

#: Legal forms left out when comparing companies ("Acme Oy" is "Acme").
_LEGAL_SUFFIXES = {
    "ab", "ag", "aps", "as", "asa", "bv", "co", "corp", "corporation", "gmbh", "inc", "incorporated", "kg",
    "limited", "llc", "llp", "ltd", "nv", "oy", "oyj", "plc", "sa", "sarl", "sas", "se", "spa", "srl",
}  # fmt: skip

#: Names this similar (difflib's ratio, folded) are "near-identical" for `duplicates`.
NEAR_NAME_RATIO = 0.9
#: Near-identical names are only compared among people whose folded names share their first two
#: letters and the first letter of their last word, in groups of at most this many (a huge group
#: would cost n² comparisons for little use).
MAX_NEAR_GROUP = 300
#: People sharing a name or an address are paired each with every other while there are at most
#: this many; in a larger group each is paired with the first only (so a file of 100,000 "Sam"
#: costs 100,000 pairs, not five billion).
MAX_ALL_PAIRS_GROUP = 12
#: `find_pairs` lists at most this many pairs: past that, the file needs a clean-up, not a list.
MAX_PAIRS = 5000


def email_key(address: str) -> str:
    return address.strip().casefold()


#: Keys are pure functions of a text, asked for again and again while files are merged and
#: checked (every person of every file): remembered, as many as a large team's network has.
_KEY_MEMORY = 1 << 18


@lru_cache(maxsize=_KEY_MEMORY)
def linkedin_key(url: str) -> str:
    """A LinkedIn URL reduced to what identifies the profile: ``linkedin.com/in/bob``."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:  # "https://[bold]...": brackets that are no IPv6 address
        return " ".join(text.split()).casefold()
    host = parts.netloc.lower().rsplit("@", 1)[-1].split(":", 1)[0]
    if host.endswith("linkedin.com"):
        host = "linkedin.com"
    path = unquote(parts.path).rstrip("/")
    return (host + path).casefold()


@lru_cache(maxsize=_KEY_MEMORY)
def name_key(name: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", fold(name)))


@lru_cache(maxsize=_KEY_MEMORY)
def company_key(company: str | None) -> str:
    words = re.findall(r"[^\W_]+", fold(company or ""))
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def address_keys(person: Person) -> Iterator[str]:
    """What identifies a person for sure: their addresses and LinkedIn URL."""
    for address in person.emails:
        if address.strip():
            yield "mail:" + email_key(address)
    if person.linkedin and person.linkedin.strip():
        yield "in:" + linkedin_key(person.linkedin)


def listed(person: Person, key: str) -> set[str]:
    """The ids a person's `same_as` or `not_same_as` names."""
    value = person.extra.get(key)
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {str(v) for v in value}
    return set()


@dataclass(frozen=True)
class Place:
    """Where a person is written: the file, the line, and the id there."""

    file: str
    line: int | None
    id: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "id": self.id}


def places(network: Network, person: Person) -> list[Place]:
    """Every place a person of the (merged) network is written."""
    if person.origins:
        return [Place(str(o["file"]), o.get("line"), str(o.get("id", person.id))) for o in person.origins]
    return [Place(network.source, person.line, person.id)]


@dataclass(frozen=True)
class Pair:
    """Two people who may be one, and why."""

    kind: str  # "same-address", "same-name-same-company", "same-name", "near-name", "doubtful"
    a: str
    b: str
    reason: str
    places_a: tuple[Place, ...]
    places_b: tuple[Place, ...]

    @property
    def command(self) -> str:
        return f"warmintro merge {self.a} {self.b}"

    @property
    def settle(self) -> str:
        """How the user tells warmintro the answer."""
        if self.kind == "doubtful":
            return (
                f"if they are one person, add 'same_as: [{self.b}]' to '{self.a}' in your file; "
                f"if not, 'not_same_as: [{self.b}]'"
            )
        return f"run '{self.command}', or add 'not_same_as: [{self.b}]' to '{self.a}' if they are two people"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Pair:
        def where(items: list[dict[str, Any]]) -> tuple[Place, ...]:
            return tuple(Place(p["file"], p["line"], p["id"]) for p in items)

        return cls(data["kind"], data["a"], data["b"], data["reason"], where(data["places_a"]), where(data["places_b"]))

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "a": self.a,
            "b": self.b,
            "reason": self.reason,
            "places_a": [p.to_json() for p in self.places_a],
            "places_b": [p.to_json() for p in self.places_b],
            "command": self.command if self.kind != "doubtful" else None,
            "settle": self.settle,
        }


def _silenced(a: Person, b: Person) -> bool:
    """Whether the user said these two are different people (either way round, by any id)."""
    ids_a = {a.id, *(str(o.get("id")) for o in a.origins)}
    ids_b = {b.id, *(str(o.get("id")) for o in b.origins)}
    return bool(listed(a, "not_same_as") & ids_b or listed(b, "not_same_as") & ids_a)


def find_pairs(network: Network) -> list[Pair]:
    """People who may be one person entered twice, and doubtful matches across files; each pair
    once, in the order of the first person's place in the network. A cached network has them
    already (found when its cache was written)."""
    cached = getattr(network, "pairs_json", None)
    if cached is not None:
        import json

        return [Pair.from_json(item) for item in json.loads(bytes(cached))]
    people = list(network.people.values())
    order = {p.id: i for i, p in enumerate(people)}
    found: dict[tuple[str, str], Pair] = {}

    def add(kind: str, a: Person, b: Person, reason: str) -> None:
        if order[a.id] > order[b.id]:
            a, b = b, a
        key = (a.id, b.id)
        if key in found or len(found) >= MAX_PAIRS or _silenced(a, b):
            return
        found[key] = Pair(kind, a.id, b.id, reason, tuple(places(network, a)), tuple(places(network, b)))

    by_address: dict[str, list[Person]] = defaultdict(list)
    by_name: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        for key in address_keys(person):
            by_address[key].append(person)
        by_name[name_key(person.name)].append(person)
    for key, group in by_address.items():
        what = "email address" if key.startswith("mail:") else "LinkedIn URL"
        for a, b in _pairs(group):
            add("same-address", a, b, f"same {what} {key.split(':', 1)[1]}")
    for _name, group in by_name.items():
        for a, b in _pairs(group):
            shared = set(address_keys(a)) & set(address_keys(b))
            if shared:
                continue  # listed above
            if company_key(a.company) and company_key(a.company) == company_key(b.company):
                add("same-name-same-company", a, b, f"same name {a.name} at {a.company}")
            elif not company_key(a.company) or not company_key(b.company):
                # nothing tells them apart: the same name, and no company on one side at least
                known = a.company if company_key(a.company) else b.company
                at = f"one at {known}, the other with no company" if company_key(known) else "neither with a company"
                add("same-name", a, b, f"same name {a.name}, {at}")
            elif _from_different_files(a, b, network):
                add("doubtful", a, b, f"same name {a.name}, different companies, no address in common")
    for a, b in _near_names(by_name):
        add("near-name", a, b, f"near-identical names {a.name} and {b.name}")
    return sorted(found.values(), key=lambda p: (order[p.a], order[p.b]))


def _from_different_files(a: Person, b: Person, network: Network) -> bool:
    files_a = {p.file for p in places(network, a)}
    files_b = {p.file for p in places(network, b)}
    return files_a != files_b or len(files_a) > 1


def _pairs(group: list[Person]) -> Iterator[tuple[Person, Person]]:
    unique = list({p.id: p for p in group}.values())
    if len(unique) > MAX_ALL_PAIRS_GROUP:
        yield from ((unique[0], b) for b in unique[1:])
        return
    for i, a in enumerate(unique):
        for b in unique[i + 1 :]:
            yield a, b


def _near_names(by_name: dict[str, list[Person]]) -> Iterable[tuple[Person, Person]]:
    """Pairs of people with different but near-identical folded names."""
    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name in by_name:
        if name:
            buckets[name[:2], name.split()[-1][0]].append(name)
    for names in buckets.values():
        if len(names) > MAX_NEAR_GROUP:
            continue
        names.sort()
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if abs(len(a) - len(b)) > 2:
                    continue
                matcher = difflib.SequenceMatcher(None, a, b)
                if matcher.quick_ratio() >= NEAR_NAME_RATIO and matcher.ratio() >= NEAR_NAME_RATIO:
                    yield by_name[a][0], by_name[b][0]


def pair_problem(pair: Pair) -> Problem:
    """A `check` warning for a pair, at the first person's first place."""
    first = pair.places_a[0]
    where_b = ", ".join(p.where for p in pair.places_b)
    what = "may be the same person" if pair.kind == "doubtful" else "may be one person entered twice"
    return Problem(
        first.file,
        first.line,
        None,
        f"'{pair.a}' and '{pair.b}' ({where_b}) {what}: {pair.reason}",
        pair.settle,
        "warning",
    )


def id_clashes(network: Network) -> list[Problem]:
    """Warnings for people of a source whose id another person already has."""
    found: list[Problem] = []
    if not network.extra.get("sources"):
        return found  # one file: ids are unique
    renamed = [pid for pid, _ in network.names() if "." in pid and pid.split(".", 1)[0] in network.people]
    for person in (network.people[pid] for pid in renamed):  # only they are decoded
        for origin in person.origins:
            local = str(origin.get("id", person.id))
            if local != person.id and local in network.people and "." in person.id:
                other = network.people[local]
                found.append(
                    Problem(
                        str(origin["file"]),
                        origin.get("line"),
                        None,
                        f"id '{local}' ({person.name}) is taken by {other.name} in {places(network, other)[0].where}; "
                        f"shown as '{person.id}'",
                        f"if they are one person, add 'same_as: [{local}]' to '{local}' in your file",
                        "warning",
                    )
                )
    return found
