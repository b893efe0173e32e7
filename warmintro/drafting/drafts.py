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

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import QueryError, TemplateError
from ..model import Network
from ..privacy import is_inferred, may_mention_tie, may_name, may_state_tie, tie_is_private
from ..queries.mutual import mutual_contacts
from ..ranking.kpaths import IntroPath
from .facts import clean, known_from, person_vars, purpose_words, sentence, shared_ground
from .linkedin import LINKEDIN_LIMITS, fit_linkedin
from .purpose import read_purpose
from .templating import DEFAULT_LANGUAGE, Rendered, TemplateSet
from .voice import shared_past, tie_kind

Tone = Literal["friendly", "formal"]
Channel = Literal["email", "linkedin", "linkedin-premium"]
TONES: tuple[str, ...] = ("friendly", "formal")
CHANNELS: tuple[str, ...] = ("email", "linkedin", "linkedin-premium")

#: How many mutual contacts a direct message names (the rest are counted).
MUTUALS_NAMED = 3


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
        rel = self.network.relationship(a, b)
        if rel is not None and is_inferred(rel):
            return None  # a guess is never stated as fact (see warmintro.privacy)
        return known_from(people[a], people[b], rel, self.as_of)

    def how(self, a: str, b: str) -> str | None:
        rel = self.network.relationship(a, b)
        if rel is None or not may_state_tie(rel):
            return None
        return sentence(rel.how)

    def tie(self, a: str, b: str) -> dict[str, Any]:
        """What the templates may say of the tie between a message's sender and recipient:
        how close (`strength`), what both did, to follow "since we" (`shared`), and whether
        one employs or coaches the other (`kind`)."""
        rel = self.network.relationship(a, b)
        if rel is None:
            return {"strength": None, "shared": None, "kind": None}
        if is_inferred(rel):  # at most "you may know Bob from Kestrel", never a fact
            return {"strength": None, "shared": None, "kind": None, "maybe_from": rel.extra["inferred"]["organisation"]}
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
                "(choose another path, or draft a direct message instead)"
            )

    def message(self, kind: str, template: str, sender: str, recipient: str, **variables: Any) -> Message:
        """One message from `sender` to `recipient`, in the recipient's language, with what the
        templates may say of the two and their tie (`known_from`, `how`, `tie`)."""
        lang = self.lang(recipient)
        rendered = self.render(
            template,
            lang,
            sender=self.person(sender),
            recipient=self.person(recipient),
            known_from=self.known_from(sender, recipient),
            how=self.how(sender, recipient),
            tie=self.tie(sender, recipient),
            **variables,
        )
        return Message(kind, sender, (recipient,), rendered.subject, rendered.body, language=lang)

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
        if rel is not None and clean(rel.how) is None and not is_inferred(rel):  # no tie in any file to add to
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
                "tell the others on it (choose another path, or draft a direct message instead)"
            )
    fwd_lang = d.lang(target)
    forwardable = d.render("forwardable.j2", fwd_lang, source=src, target=tgt, ground=d.ground(source, target))
    fwd = {"subject": forwardable.subject, "body": forwardable.body}
    shared = {"source": src, "target": tgt}

    def after(i: int) -> dict[str, Any] | None:
        return d.person(connectors[i + 1]) if i + 1 < len(connectors) else None

    def next_tie(i: int) -> dict[str, Any]:
        return d.tie(connectors[i], connectors[i + 1] if i + 1 < len(connectors) else target)

    first, last = connectors[0], connectors[-1]
    messages = [
        d.message(
            "ask",
            "ask.j2",
            source,
            first,
            next_connector=after(0),
            next_tie=next_tie(0),
            forwardable=fwd,
            **shared,
        )
    ]
    for i in range(1, len(connectors)):
        sender, recipient = connectors[i - 1], connectors[i]
        messages.append(
            d.message(
                "ask",
                "relay.j2",
                sender,
                recipient,
                through=d.named(connectors[: i - 1], [sender, recipient]),
                next_connector=after(i),
                source_known_from=d.known_from(sender, source)
                if i == 1 and may_mention_tie(network, sender, source)
                else None,
                next_tie=next_tie(i),
                forwardable=fwd,
                **shared,
            )
        )
    messages.append(
        d.message(
            "opt-in",
            "opt_in.j2",
            last,
            target,
            through=d.named(connectors[:-1], [last, target]),
            source_known_from=(
                d.known_from(last, source) if len(connectors) == 1 and may_mention_tie(network, last, source) else None
            ),
            forwardable=fwd,
            **shared,
        )
    )
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
        rendered, left_out = fit_linkedin(d.templates, {**d.base, **variables}, lang, limit)
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
