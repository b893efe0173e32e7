"""Drafting the messages that ask for a warm introduction, and direct requests.

For a chain of introductions FROM -> connector(s) -> TO this drafts the double opt-in:

* **ask**: FROM asks the first connector, with a separate *forwardable* note that works when
  forwarded unedited; with two or more connectors each one asks the next, always naming TO;
* **opt-in**: the last connector asks TO whether they want the introduction, showing no more
  than the forwardable note, with an explicit way to say no;
* **intro**: once TO agreed, the last connector introduces FROM and TO and hands off.

`draft_direct` drafts a request from FROM straight to TO naming the people both know and the
ground they share (employers, schools, city, tags), for email or for LinkedIn's 300-character
note, which is shortened by leaving out whole parts, least important first.

Every sentence is the templates' wording around facts from the file or the user's options:
nothing is invented. Missing facts give shorter messages, and a `Hint` saying which field would
make them better. The library only returns text; it never prints and never sends anything.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import QueryError, TemplateError
from ..model import Network, Person, Relationship
from ..privacy import may_mention_tie, may_name, tie_is_private
from ..queries.mutual import mutual_contacts
from ..ranking.kpaths import IntroPath
from ..text import fold
from .names import name_parts
from .purpose import read_purpose
from .templating import DEFAULT_LANGUAGE, Rendered, TemplateSet
from .voice import first_person, shared_past, third_person, tie_kind

Tone = Literal["friendly", "formal"]
Channel = Literal["email", "linkedin", "linkedin-premium"]
TONES: tuple[str, ...] = ("friendly", "formal")
CHANNELS: tuple[str, ...] = ("email", "linkedin", "linkedin-premium")

#: LinkedIn's limits on the note sent with a connection request: free accounts, and Premium
#: (and Sales Navigator) accounts.
LINKEDIN_LIMITS: dict[str, int] = {"linkedin": 200, "linkedin-premium": 300}
LINKEDIN_LIMIT = LINKEDIN_LIMITS["linkedin"]
#: How many mutual contacts a direct message names (the rest are counted).
MUTUALS_NAMED = 3

_LINE_BREAKS = re.compile(r"[\r\n\x85\u2028\u2029]+")
_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*\Z""")


@dataclass(frozen=True)
class Message:
    """One drafted message. `sender` and `recipients` are person ids."""

    kind: str  # "ask", "opt-in", "intro" or "direct"
    sender: str
    recipients: tuple[str, ...]
    subject: str | None
    body: str
    channel: str = "email"
    language: str = DEFAULT_LANGUAGE

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "from": self.sender,
            "to": list(self.recipients),
            "subject": self.subject,
            "body": self.body,
            "channel": self.channel,
            "language": self.language,
        }


@dataclass(frozen=True)
class Hint:
    """A field (or option) that would make the drafts better, and what it would add."""

    where: str  # a person id, a pair "alice–carol", or an option such as "--purpose"
    field: str
    why: str

    def __str__(self) -> str:
        if self.where.startswith("--"):
            return f"{self.where}: {self.why}"
        return f"{self.field} for {self.where}: {self.why}"

    def to_json(self) -> dict[str, str]:
        return {"where": self.where, "field": self.field, "why": self.why}


@dataclass(frozen=True)
class Drafts:
    """The messages for one introduction (or one direct request), in the order to send them."""

    source: str
    target: str
    messages: tuple[Message, ...]
    path: IntroPath | None
    as_of: dt.date
    tone: str
    purpose: str | None = None
    hints: tuple[Hint, ...] = ()
    #: What the drafting had to do that the user should know (parts left out of a short note).
    notes: tuple[str, ...] = ()
    #: The path as --json shows it: without the `how` of private relationships.
    path_json: dict[str, object] | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "from": self.source,
            "to": self.target,
            "as_of": self.as_of.isoformat(),
            "tone": self.tone,
            "purpose": self.purpose,
            "path": self.path_json if self.path_json is not None else None,
            "messages": [m.to_json() for m in self.messages],
            "hints": [h.to_json() for h in self.hints],
            "notes": list(self.notes),
        }


# --------------------------------------------------------------------------------------------
# Facts from the file, as template variables


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


# --------------------------------------------------------------------------------------------
# Drafting


def message_language(network: Network, language: str | None, *recipients: str) -> str:
    """The language of a message to `recipients`: `language` when asked for, else the first
    recipient's `language`, else the file's (`settings.language`), else English."""
    for choice in (language, *(network.people[pid].language for pid in recipients), network.settings.language):
        if clean(choice):
            return str(clean(choice)).lower()
    return DEFAULT_LANGUAGE


class _Drafter:
    """What every message of one draft shares: the network, the templates and the options."""

    def __init__(
        self,
        network: Network,
        source: str,
        target: str,
        *,
        purpose: str | None,
        offer: str | None,
        tone: str,
        as_of: dt.date | None,
        templates: TemplateSet | None,
        language: str | None = None,
    ) -> None:
        if tone not in TONES:
            raise QueryError(f"unknown tone '{tone}'; use {' or '.join(TONES)}")
        self.network = network
        self.source, self.target = source, target
        self.templates = templates or TemplateSet()
        self.as_of = as_of or dt.date.today()
        self.tone = tone
        self.language = language
        self.purpose = clean(purpose)
        self.read = read_purpose(purpose, purpose_words(network))
        self.base: dict[str, Any] = {
            "tone": tone,
            "formal": tone == "formal",
            "purpose": self.read,
            "offer": sentence(" ".join((offer or "").split())),
        }
        self.hints: dict[tuple[str, str], Hint] = {}
        self.notes: list[str] = []
        if self.read is None:
            first = network.people[target].short_name
            self.hint("--purpose", "purpose", f"say what you would like to talk with {first} about")

    def lang(self, *recipients: str) -> str:
        return message_language(self.network, self.language, *recipients)

    def drafts(self, messages: Sequence[Message], path: IntroPath | None, notes: Sequence[str] = ()) -> Drafts:
        self.preview(messages)
        path_json = None
        if path is not None:
            path_json = path.to_json()
            for hop, entry in zip(path.hops, path_json["hops"]):  # type: ignore[call-overload]
                if not may_mention_tie(self.network, hop.source, hop.target):
                    entry.pop("how", None)
        return Drafts(
            self.source,
            self.target,
            tuple(messages),
            path,
            self.as_of,
            self.tone,
            purpose=self.purpose if self.read else None,
            hints=tuple(self.hints.values()),
            notes=tuple([*self.notes, *notes]),
            path_json=path_json,
        )

    def preview(self, messages: Sequence[Message]) -> None:
        """When the purpose was reframed, the sentence it reads in (in the first message)."""
        if self.read is None or not self.read.changed or not messages:
            return
        body = " ".join(messages[0].body.split())
        at = body.find(self.read.text[:24])
        if at < 0:
            return
        start = max(body.rfind(mark, 0, at) for mark in (". ", "! ", "? ", "\u00a0"))
        ends = [i for i in (body.find(mark, at + len(self.read.text) - 1) for mark in (".", "!", "?")) if i >= 0]
        text = body[start + 2 if start >= 0 else 0 : (min(ends) + 1) if ends else len(body)]
        self.notes.append(f'the purpose reads as a {_FORMS[self.read.form]}: "{text.strip()}"')

    def person(self, pid: str) -> dict[str, Any]:
        return person_vars(self.network.people[pid])

    def ground(self, a: str, b: str) -> dict[str, Any]:
        return shared_ground(self.network.people[a], self.network.people[b]).as_vars()

    def known_from(self, a: str, b: str) -> str | None:
        if not may_mention_tie(self.network, a, b) and not self.network.people[a].private:
            return None
        people = self.network.people
        return known_from(people[a], people[b], self.network.relationship(a, b), self.as_of)

    def how(self, a: str, b: str) -> str | None:
        rel = self.network.relationship(a, b)
        if rel is None or rel.private:
            return None
        return sentence(rel.how)

    def tie(self, a: str, b: str) -> dict[str, Any]:
        """What the templates may say of the tie between a message's sender and recipient:
        how close (`strength`), what both did, to follow "since we" (`shared`), and whether
        one employs or coaches the other (`kind`)."""
        rel = self.network.relationship(a, b)
        if rel is None:
            return {"strength": None, "shared": None, "kind": None}
        names = (self.network.people[a].name, self.network.people[b].name)
        how = None if rel.private else rel.how
        return {"strength": rel.strength, "shared": shared_past(how, names), "kind": tie_kind(how)}

    def named(self, pids: Sequence[str], audience: Sequence[str]) -> list[dict[str, Any]]:
        """The people of `pids` that a message to `audience` may name (private ones left out)."""
        return [self.person(p) for p in pids if may_name(self.network, p, audience)]

    def must_name(self, pid: str, audience: Sequence[str], what: str) -> None:
        if not may_name(self.network, pid, audience):
            raise QueryError(
                f"'{pid}' is marked private: the {what} would name them to someone else "
                "(choose another path with --via or --path, or draft --direct)"
            )

    def render(self, name: str, lang: str, **variables: Any) -> Rendered:
        return self.templates.render(name, {**self.base, "language": lang, **variables}, lang)

    def hint(self, where: str, field: str, why: str) -> None:
        self.hints.setdefault((where, field), Hint(where, field, why))

    def hint_person(self, pid: str, *, about_why: str) -> None:
        person = self.network.people[pid]
        if clean(person.about) is None:
            self.hint(pid, "about", about_why)
        if clean(person.title) is None and clean(person.company) is None:
            self.hint(pid, "title, company", f"who {person.short_name} is, in a few words")

    def hint_pitch(self, pid: str) -> None:
        person = self.network.people[pid]
        if clean(person.about) and person_vars(person)["pitch"] is None:
            self.hint(
                pid, "pitch", "your own line in the first person ('I help ...'): 'about' cannot be turned into one"
            )

    def hint_how(self, a: str, b: str) -> None:
        rel = self.network.relationship(a, b)
        if rel is not None and clean(rel.how) is None:
            first_a, first_b = (self.network.people[p].short_name for p in (a, b))
            self.hint(f"{a}–{b}", "how", f"how {first_a} and {first_b} know each other, for a more personal opening")

    def hint_language(self, lang: str) -> None:
        if self.read is not None and self.read.lang not in (None, lang):
            self.hint(
                "--purpose", "purpose", f"it reads as '{self.read.lang}' in a message in '{lang}': write it in '{lang}'"
            )


_FORMS = {"noun": "noun phrase", "link": "phrase", "verb": "verb phrase", "sentence": "whole sentence"}


def draft_intro(
    network: Network,
    path: IntroPath,
    *,
    purpose: str | None = None,
    offer: str | None = None,
    tone: str = "friendly",
    as_of: dt.date | None = None,
    templates: TemplateSet | None = None,
    language: str | None = None,
) -> Drafts:
    """The double opt-in messages for a chain of introductions: the ask (one per connector),
    the opt-in and the introduction. `path` must have at least one connector. Each message is
    in `language`, else its recipient's, else the file's (`settings.language`), else English."""
    if not path.connectors:
        a, b = path.people[0], path.people[-1]
        raise QueryError(f"'{a}' and '{b}' know each other: no introduction needed (draft a direct message instead)")
    source, target = path.people[0], path.people[-1]
    d = _Drafter(
        network,
        source,
        target,
        purpose=purpose,
        offer=offer,
        tone=tone,
        as_of=as_of,
        templates=templates,
        language=language,
    )
    connectors = list(path.connectors)
    src, tgt = d.person(source), d.person(target)
    for i, who in enumerate(connectors):
        d.must_name(target, [who], "ask")
        d.must_name(source, [who, *connectors[i + 1 :], target], "note to forward")
        if i + 1 < len(connectors):
            d.must_name(connectors[i + 1], [who], "ask")
    for a, b in zip(path.people, path.people[1:]):
        rel = network.relationship(a, b)
        if rel is not None and rel.private:
            # an introduction tells each person on the chain who knows whom along it
            raise QueryError(
                f"the relationship {a}–{b} is marked private: the messages along this path would "
                "tell the others on it (choose another path with --via or --path, or draft --direct)"
            )
    fwd_lang = d.lang(target)
    forwardable = d.render("forwardable.j2", fwd_lang, source=src, target=tgt, ground=d.ground(source, target))
    fwd = {"subject": forwardable.subject, "body": forwardable.body}
    messages: list[Message] = []

    def after(i: int) -> dict[str, Any] | None:
        return d.person(connectors[i + 1]) if i + 1 < len(connectors) else None

    def next_tie(i: int) -> dict[str, Any]:
        return d.tie(connectors[i], connectors[i + 1] if i + 1 < len(connectors) else target)

    first = connectors[0]
    lang = d.lang(first)
    ask = d.render(
        "ask.j2",
        lang,
        sender=src,
        recipient=d.person(first),
        source=src,
        target=tgt,
        next_connector=after(0),
        known_from=d.known_from(source, first),
        how=d.how(source, first),
        tie=d.tie(source, first),
        next_tie=next_tie(0),
        forwardable=fwd,
    )
    messages.append(Message("ask", source, (first,), ask.subject, ask.body, language=lang))
    for i in range(1, len(connectors)):
        sender, recipient = connectors[i - 1], connectors[i]
        lang = d.lang(recipient)
        relay = d.render(
            "relay.j2",
            lang,
            sender=d.person(sender),
            recipient=d.person(recipient),
            source=src,
            target=tgt,
            through=d.named(connectors[: i - 1], [sender, recipient]),
            next_connector=after(i),
            known_from=d.known_from(sender, recipient),
            source_known_from=d.known_from(sender, source)
            if i == 1 and may_mention_tie(network, sender, source)
            else None,
            how=d.how(sender, recipient),
            tie=d.tie(sender, recipient),
            next_tie=next_tie(i),
            forwardable=fwd,
        )
        messages.append(Message("ask", sender, (recipient,), relay.subject, relay.body, language=lang))
    last = connectors[-1]
    lang = d.lang(target)
    opt_in = d.render(
        "opt_in.j2",
        lang,
        sender=d.person(last),
        recipient=tgt,
        source=src,
        target=tgt,
        through=d.named(connectors[:-1], [last, target]),
        known_from=d.known_from(last, target),
        source_known_from=(
            d.known_from(last, source) if len(connectors) == 1 and may_mention_tie(network, last, source) else None
        ),
        how=d.how(last, target),
        tie=d.tie(last, target),
        forwardable=fwd,
    )
    messages.append(Message("opt-in", last, (target,), opt_in.subject, opt_in.body, language=lang))
    lang = d.lang(target, source)
    intro = d.render(
        "intro.j2",
        lang,
        sender=d.person(last),
        source=src,
        target=tgt,
        through=d.named(connectors[:-1], [last, source, target]),
        first_connector=d.person(first) if first != last and may_name(network, first, [last, source, target]) else None,
        ground=d.ground(source, target),
    )
    messages.append(Message("intro", last, (source, target), intro.subject, intro.body, language=lang))

    d.hint_person(source, about_why="one line on what you do, for the forwardable note")
    d.hint_person(target, about_why=f"what {tgt['first']} does: why {tgt['first']} in particular")
    for a, b in zip(path.people, path.people[1:]):
        d.hint_how(a, b)
    for m in messages:
        d.hint_language(m.language)
    return d.drafts(messages, path)


def draft_direct(
    network: Network,
    source: str,
    target: str,
    *,
    channel: str = "email",
    purpose: str | None = None,
    offer: str | None = None,
    tone: str = "friendly",
    as_of: dt.date | None = None,
    templates: TemplateSet | None = None,
    language: str | None = None,
) -> Drafts:
    """A request from `source` straight to `target` that names the warmest mutual contacts and
    the ground they share. `channel` "linkedin" (200 characters) or "linkedin-premium" (300)
    fits LinkedIn's note by leaving out whole parts, least important first (the parts left out
    are listed in `notes`). Private mutual contacts, and those known through a private
    relationship, are never named."""
    if channel not in CHANNELS:
        raise QueryError(f"unknown channel '{channel}'; use {' or '.join(CHANNELS)}")
    mutual = mutual_contacts(network, source, target, as_of=as_of)
    d = _Drafter(
        network,
        source,
        target,
        purpose=purpose,
        offer=offer,
        tone=tone,
        as_of=mutual.as_of,
        templates=templates,
        language=language,
    )
    shown = [
        m.person.id
        for m in mutual.mutual
        if may_name(network, m.person.id, [source, target])
        and may_mention_tie(network, m.person.id, source)
        and may_mention_tie(network, m.person.id, target)
    ]
    named = [d.person(pid) for pid in shown]
    rel = network.relationship(source, target)
    lang = d.lang(target)
    variables: dict[str, Any] = {
        "sender": d.person(source),
        "recipient": d.person(target),
        "source": d.person(source),
        "target": d.person(target),
        "known": mutual.direct is not None,
        "known_from": d.known_from(source, target),
        "how": d.how(source, target),
        "tie": d.tie(source, target),
        "mutuals": named[:MUTUALS_NAMED],
        "more_mutuals": max(0, len(named) - MUTUALS_NAMED),
        "ground": d.ground(source, target),
    }
    notes: list[str] = []
    if channel == "email":
        rendered = d.render("direct_email.j2", lang, **variables)
    else:
        limit = LINKEDIN_LIMITS[channel]
        rendered, left_out = _fit_linkedin(d, variables, lang, limit)
        if left_out:
            notes.append(f"left out to fit LinkedIn's {limit} characters: {', '.join(left_out)}")
    d.hint_person(source, about_why="one line on what you do")
    d.hint_pitch(source)
    if mutual.direct is not None and not (rel is not None and tie_is_private(network, rel)):
        d.hint_how(source, target)
    if not named and mutual.direct is None:
        first = network.people[target].short_name
        notes.append(f"no mutual contacts with {first} in {network.source}: the message cannot name any")
    d.hint_language(lang)
    message = Message("direct", source, (target,), rendered.subject, rendered.body, channel, lang)
    return d.drafts([message], None, notes)


# --------------------------------------------------------------------------------------------
# LinkedIn's 200 (or 300) characters


def linkedin_length(text: str) -> int:
    """A note's length as LinkedIn's form counts it, erring long: UTF-16 code units (an emoji
    is two), and a line break as two (forms send CR LF)."""
    return len(text.encode("utf-16-le")) // 2 + text.count("\n")


def _drop_key(section: str, key: str, value: Any, label: str) -> Callable[[dict[str, Any]], str | None]:
    def drop(v: dict[str, Any]) -> str | None:
        holder = v[section] if section else v
        if not holder.get(key):
            return None
        holder[key] = value
        return label

    return drop


def _keep_mutuals(count: int) -> Callable[[dict[str, Any]], str | None]:
    def drop(v: dict[str, Any]) -> str | None:
        dropped = [m["name"] for m in v["mutuals"][count:]]
        extra = v["more_mutuals"]
        if not dropped and not extra:
            return None
        v["mutuals"] = v["mutuals"][:count]
        v["more_mutuals"] = 0
        return " and ".join(filter(None, [", ".join(dropped), f"{extra} more mutual contacts" if extra else ""]))

    return drop


def _short_names(v: dict[str, Any]) -> str | None:
    if v["sender"]["name"] == v["sender"]["first"]:
        return None
    v["sender"]["name"] = v["sender"]["first"]
    return "your full name"


def _no_names(v: dict[str, Any]) -> str | None:
    if v["sender"]["name"] is None and v["recipient"]["first"] is None:
        return None
    v["sender"]["name"] = v["recipient"]["first"] = None
    return "the names"


#: What a LinkedIn note gives up to fit, least important first. Each step leaves out whole
#: parts (a sentence, a name, a list item), never part of a word.
_LINKEDIN_DROPS: tuple[Callable[[dict[str, Any]], str | None], ...] = (
    _drop_key("sender", "pitch", None, "about you"),
    _drop_key("", "offer", None, "your offer"),
    _keep_mutuals(2),
    _drop_key("ground", "location", None, "your shared city"),
    _drop_key("", "known_from", None, "where you know each other from"),
    _drop_key("ground", "both_been", [], "shared employers and schools"),
    _drop_key("ground", "work_together", [], "your shared employer"),
    _keep_mutuals(1),
    _drop_key("sender", "headline", None, "your title and company"),
    _drop_key("", "purpose", None, "the purpose"),
    _keep_mutuals(0),
    _short_names,
    _no_names,
)


def _fit_linkedin(
    d: _Drafter, variables: dict[str, Any], lang: str, limit: int = LINKEDIN_LIMIT
) -> tuple[Rendered, list[str]]:
    v = copy.deepcopy({**d.base, "language": lang, "limit": limit, **variables})
    left_out: list[str] = []
    steps = iter(_LINKEDIN_DROPS)
    while True:
        rendered = d.templates.render("direct_linkedin.j2", v, lang)
        if linkedin_length(rendered.body) <= limit:
            return rendered, left_out
        for step in steps:
            label = step(v)
            if label is not None:
                left_out.append(label)
                break
        else:
            raise TemplateError(
                f"the LinkedIn note is {linkedin_length(rendered.body)} characters even with every "
                f"optional part left out; LinkedIn allows {limit} (shorten the template)",
                _template_file(d.templates, "direct_linkedin.j2"),
            )


def _template_file(templates: TemplateSet, name: str) -> str:
    if templates.directory is not None and (templates.directory / name).is_file():
        return str(templates.directory / name)
    return name


def templates_for(network: Network, directory: Path | None = None) -> TemplateSet:
    """The templates to draft with: `directory` when given, else the file's `templates`
    setting (relative to the contacts file), else the built-in ones."""
    if directory is None and network.settings.templates:
        directory = Path(network.settings.templates).expanduser()
        if not directory.is_absolute():
            directory = Path(network.source).parent / directory
        if not directory.is_dir():
            raise TemplateError(
                f"the 'templates' setting names {directory}, which is not a folder "
                "(create it with: warmintro templates export DIR)",
                network.source,
            )
    return TemplateSet(directory)
