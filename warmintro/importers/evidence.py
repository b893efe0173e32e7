"""Evidence of who knows whom, from mail and meetings, as a generated source file.

The mail and calendar readers turn an archive into *encounters*: one message or one meeting,
with its day, the thread or meeting it belongs to, and the addresses on it. This module

1. finds who each address is: the user (``me``'s addresses and any given on the command line),
   someone the network already has (the same address, else the same full name, ignoring case
   and accents, when exactly one person has it), or someone new (new addresses with the same
   full name of two words or more are one person);
2. counts, for the user and each contact, messages sent and received (or meetings), with the
   first and last day; and for two contacts, the distinct threads (or meetings) they were both
   on with the user;
3. keeps new people only when the evidence is good enough (see `Rules`), and
4. writes all of it as a contacts file of its own (`render_source`), rewritten whole on each
   import, in a fixed order so that the same archive always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..editing.grow import IdAllocator
from ..model import Network, Person
from ..text import fold, slug


def person_addresses(person: Person) -> tuple[str, ...]:
    """Every email address of a person, in lower case: `email` may be one address or a list."""
    value: Any = person.email
    values = [value] if isinstance(value, str) else list(value or ())
    extra = person.extra.get("emails")
    if isinstance(extra, (list, tuple)):
        values += extra
    found: dict[str, None] = {}
    for item in values:
        if isinstance(item, str):
            for part in re.split(r"[,;\s]+", item):
                if "@" in part:
                    found.setdefault(part.strip().strip("<>").lower(), None)
    return tuple(found)


def name_key(name: str) -> str:
    """A full name for matching: folded words; '' for a name of fewer than two words."""
    words = re.findall(r"[^\W_]+", fold(name))
    return " ".join(words) if len(words) >= 2 else ""


@dataclass(frozen=True)
class Encounter:
    """One message or one meeting: its day, its thread or meeting, the addresses on it."""

    day: int  # date ordinal
    group: int  # the thread (mail) or meeting (calendar), as a number
    sender: str | None  # mail: who wrote it; calendar: None
    recipients: tuple[str, ...]  # mail: To and Cc; calendar: everyone else who attended


@dataclass
class Tally:
    """Counts and days, for the user and one contact or for two contacts."""

    sent: int = 0
    received: int = 0
    groups: set[int] = field(default_factory=set)
    first: int = 0
    last: int = 0

    def saw(self, day: int) -> None:
        self.first = day if not self.first else min(self.first, day)
        self.last = max(self.last, day)


@dataclass
class Rules:
    """Who is added when new. `channel` is ``mail`` or ``calendar``."""

    channel: str
    #: The fewest messages (mail: both ways together) or meetings for a new contact of the user,
    #: and the fewest shared threads or meetings for a new person met through someone known.
    minimum: int = 1
    #: Mail only: a new contact must have both written to the user and heard from them.
    two_way: bool = True


@dataclass
class Evidence:
    """The generated source, ready to write, and what was found."""

    channel: str
    me: str
    #: id -> (name, addresses) for everyone mentioned.
    people: dict[str, tuple[str, tuple[str, ...]]]
    #: (a, b) -> the evidence for that pair, as it is written.
    ties: dict[tuple[str, str], dict[str, Any]]
    matched: int = 0  # people the network already had
    added: int = 0  # people new to the network
    left_out: int = 0  # new addresses without enough evidence
    latest: dt.date | None = None


class Identities:
    """Who an address is: the user, someone in the network, or someone new."""

    def __init__(self, network: Network, me: str, my_addresses: Iterable[str]) -> None:
        self.network = network
        self.me = me
        self.mine = {a.lower() for a in my_addresses}
        self._by_address: dict[str, str] = {}
        by_name: dict[str, list[str]] = {}
        for pid, person in network.people.items():
            for address in person_addresses(person):
                self._by_address.setdefault(address, pid)
            key = name_key(person.name)
            if key:
                by_name.setdefault(key, []).append(pid)
        self._by_name = {key: pids[0] for key, pids in by_name.items() if len(pids) == 1}

    def resolve(self, names: dict[str, Counter[str]]) -> dict[str, str]:
        """Address -> person key: an id of the network, or ``new:...`` for someone new."""
        keys: dict[str, str] = {}
        for address in sorted(names):
            name = best_name(names[address])
            if address in self.mine:
                keys[address] = self.me
            elif address in self._by_address:
                keys[address] = self._by_address[address]
            elif name_key(name) in self._by_name:
                keys[address] = self._by_name[name_key(name)]
            else:
                keys[address] = "new:" + (name_key(name) or address)
        return keys


def best_name(names: Counter[str]) -> str:
    """The name an address goes by most often (the longest, then the first in order, on a tie)."""
    if not names:
        return ""
    return min(names.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0]


def gather(
    encounters: Iterable[Encounter],
    names: dict[str, Counter[str]],
    identities: Identities,
    rules: Rules,
) -> Evidence:
    """Count the encounters, decide who is in, and give everyone an id (see the module's docstring)."""
    keys = identities.resolve(names)
    me = identities.me
    ties: dict[str, Tally] = {}
    pairs: dict[tuple[str, str], Tally] = {}
    latest = 0
    for encounter in encounters:
        latest = max(latest, encounter.day)
        others = {keys[a] for a in encounter.recipients} - {me}
        if encounter.sender is not None:
            sender = keys[encounter.sender]
            if sender == me:
                for key in others:
                    tally = ties.setdefault(key, Tally())
                    tally.sent += 1
                    tally.saw(encounter.day)
            else:
                tally = ties.setdefault(sender, Tally())
                tally.received += 1
                tally.saw(encounter.day)
                others.add(sender)
        else:
            for key in others:
                tally = ties.setdefault(key, Tally())
                tally.groups.add(encounter.group)
                tally.saw(encounter.day)
        ordered = sorted(others)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                tally = pairs.setdefault((a, b), Tally())
                tally.groups.add(encounter.group)
                tally.saw(encounter.day)

    def count(tally: Tally) -> int:
        return tally.sent + tally.received if rules.channel == "mail" else len(tally.groups)

    def direct(key: str) -> bool:
        tally = ties.get(key)
        if tally is None:
            return False
        if rules.two_way and not (tally.sent and tally.received):
            return False
        return count(tally) >= rules.minimum

    known = {k for k in ties if not k.startswith("new:") or direct(k)}
    known |= {k for pair in pairs for k in pair if not k.startswith("new:")}
    through = {
        key
        for (a, b), tally in pairs.items()
        if len(tally.groups) >= rules.minimum
        for key, other in ((a, b), (b, a))
        if key.startswith("new:") and key not in known and other in known
    }
    kept = known | through
    everyone = {k for k in ties} | {k for pair in pairs for k in pair}
    evidence = Evidence(rules.channel, me, {}, {})
    evidence.latest = dt.date.fromordinal(latest) if latest else None
    evidence.left_out = len(everyone - kept)

    members: dict[str, list[str]] = {}
    for address, key in keys.items():
        members.setdefault(key, []).append(address)
    ids = _assign_ids(identities, members, names, kept | {me})
    evidence.people = {
        ids[key]: (_name_for(identities, key, members, names), _addresses_for(identities, key, members))
        for key in kept | {me}
    }
    evidence.people = dict(sorted(evidence.people.items(), key=lambda item: (item[0] != me, item[0])))
    evidence.matched = sum(1 for k in kept if not k.startswith("new:"))
    evidence.added = len(kept) - evidence.matched

    for key, tally in ties.items():
        if key in kept:
            evidence.ties[(me, ids[key])] = _written(rules.channel, tally, direct=True)
    for (a, b), tally in pairs.items():
        if a in kept and b in kept:
            pair = (ids[a], ids[b]) if ids[a] < ids[b] else (ids[b], ids[a])
            evidence.ties[pair] = _written(rules.channel, tally, direct=False)
    evidence.ties = dict(sorted(evidence.ties.items(), key=lambda item: (item[0][0] != me, item[0])))
    return evidence


def _written(channel: str, tally: Tally, direct: bool) -> dict[str, Any]:
    counts: dict[str, Any]
    if channel == "mail" and direct:
        counts = {"sent": tally.sent, "received": tally.received}
    elif channel == "mail":
        counts = {"threads": len(tally.groups)}
    else:
        counts = {"meetings": len(tally.groups)}
    counts["first"] = dt.date.fromordinal(tally.first)
    counts["last"] = dt.date.fromordinal(tally.last)
    return {channel: counts}


def _assign_ids(
    identities: Identities, members: dict[str, list[str]], names: dict[str, Counter[str]], kept: set[str]
) -> dict[str, str]:
    """Person key -> id: the network's id, or a new one made from the name (or the address)."""
    ids = {key: key for key in kept if not key.startswith("new:")}
    allocator = IdAllocator(list(identities.network.people))
    wanted = []
    for key in kept - set(ids):
        addresses = sorted(members[key])
        name = _new_name(members[key], names)
        base = slug(name) if name_key(name) else slug(addresses[0].split("@")[0])
        wanted.append((base, addresses[0], key))
    for base, _, key in sorted(wanted):
        ids[key] = allocator.new(base)
    return ids


def _new_name(addresses: list[str], names: dict[str, Counter[str]]) -> str:
    together: Counter[str] = Counter()
    for address in addresses:
        together.update(names[address])
    return best_name(together)


def _name_for(identities: Identities, key: str, members: dict[str, list[str]], names: dict[str, Counter[str]]) -> str:
    if key in identities.network.people:
        return identities.network.people[key].name
    return _new_name(members.get(key, []), names) or min(members.get(key, [key]))


def _addresses_for(identities: Identities, key: str, members: dict[str, list[str]]) -> tuple[str, ...]:
    seen = set(members.get(key, ()))
    if key == identities.me:
        seen |= identities.mine
    return tuple(sorted(seen))


# --------------------------------------------------------------------------------------------
# The generated file


def render_source(evidence: Evidence, command: str, archive: str, user_file: str) -> str:
    """The generated source's text: a header saying what wrote it, then `me`, `people` and
    `relationships`, one line a person, in a fixed order."""
    from ..editing.emit import scalar_text

    def scalar(text: str) -> str:
        return scalar_text(text, flow=True)

    day = evidence.latest.isoformat() if evidence.latest else "an archive without dates"
    lines = [
        f"# Generated by `warmintro {command}` from {_comment(archive)} on {day}.",
        "# warmintro rewrites this file whole on the next import: do not edit it.",
        f"# To keep or correct a tie, write it in {_comment(user_file)} (`warmintro connect` does).",
        f"me: {scalar(evidence.me)}",
        "people:",
    ]
    for pid, (name, addresses) in evidence.people.items():
        email = scalar(addresses[0]) if len(addresses) == 1 else "[" + ", ".join(map(scalar, addresses)) + "]"
        entry = f"name: {scalar(name)}" + (f", email: {email}" if addresses else "")
        lines.append(f"  {scalar(pid)}: {{{entry}}}")
    if not evidence.ties:
        lines.append("relationships: []")
    else:
        lines.append("relationships:")
    for (a, b), written in evidence.ties.items():
        lines.append(f"  - between: [{scalar(a)}, {scalar(b)}]")
        lines.append(f"    evidence: {_flow(written)}")
    return "\n".join(lines) + "\n"


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _comment(text: str) -> str:
    """A file name as it can stand in a comment: on one line, printable."""
    return "".join(c if c.isprintable() else "?" for c in text)
