"""Follow-ups: the asks in the ledger that need a nudge or a thank-you, each with its message.

As of a day, an ask needs a follow-up when its latest entry (the ask itself, or its latest
dated note) is at least `after` days old (default `DEFAULT_AFTER_DAYS`) and it is

* ``asked``: the connector has not answered: a **nudge** to the connector;
* ``opted-in``: the target said yes, the introduction has not come: a **nudge** too;
* ``introduced``: the introduction was made and no meeting recorded: a **thank-you** to the
  connector, promising to report back.

Any dated note restarts the wait (record a nudge you sent with ``intros update ID --note``);
asks that are drafted (not sent yet) or closed (declined, met, no-reply), and asks dated after
the day, never need one. The oldest wait comes first. Messages are drafted from the templates
``followup.j2`` and ``thanks.j2``, like every other message: nothing is sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..dates import MONTH_NAMES
from ..drafting.drafts import TONES, Message, message_language
from ..drafting.facts import person_vars, purpose_words
from ..drafting.purpose import read_purpose
from ..drafting.templating import TemplateSet
from ..errors import ArgumentError, QueryError
from ..model import Network
from ..privacy import may_name
from .asks import Ask

#: How many days an ask may wait for news before it needs a follow-up.
DEFAULT_AFTER_DAYS = 7

#: Status -> the kind of follow-up it needs once it has waited long enough.
KINDS: dict[str, str] = {"asked": "nudge", "opted-in": "nudge", "introduced": "thanks"}
_TEMPLATES = {"nudge": "followup.j2", "thanks": "thanks.j2"}


@dataclass(frozen=True)
class FollowUp:
    """One ask that needs a message, and the message."""

    ask: Ask
    kind: str  # "nudge" or "thanks"
    #: The day of the ask's latest entry, and how many days ago that was.
    since: dt.date
    days: int
    #: None when the message would name someone marked private to the connector.
    message: Message | None
    #: Why there is no message: the private people it would name.
    withheld: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "ask": self.ask.to_json(),
            "kind": self.kind,
            "since": self.since.isoformat(),
            "waiting_days": self.days,
            "message": self.message.to_json() if self.message is not None else None,
            "withheld": list(self.withheld),
        }


@dataclass(frozen=True)
class FollowUps:
    as_of: dt.date
    after: int
    tone: str
    followups: tuple[FollowUp, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "after_days": self.after,
            "tone": self.tone,
            "followups": [f.to_json() for f in self.followups],
        }


def due_followups(
    network: Network,
    *,
    as_of: dt.date | None = None,
    after: int = DEFAULT_AFTER_DAYS,
    tone: str = "friendly",
    templates: TemplateSet | None = None,
    language: str | None = None,
) -> FollowUps:
    """The asks that need a nudge or a thank-you as of a day, oldest wait first, each with its
    drafted message (see the module's docstring for the rules)."""
    as_of = as_of or dt.date.today()
    if after < 0:
        raise ArgumentError("after", "must be 0 days or more")
    if tone not in TONES:
        raise QueryError(f"unknown tone '{tone}'; use {' or '.join(TONES)}")
    templates = templates or TemplateSet()
    due = []
    for ask in network.intros:
        kind = KINDS.get(ask.status)
        since = ask.last_day
        if kind is None or ask.day > as_of or (as_of - since).days < after:
            continue
        due.append((since, ask, kind))
    due.sort(key=lambda item: (item[0], item[1].id))
    followups = []
    for since, ask, kind in due:
        # marked private since the ask went out: the connector is not told their name again
        audience = (ask.requester, ask.connector)
        withheld = tuple(p for p in (ask.target, *ask.through) if not may_name(network, p, audience))
        message = None if withheld else draft_followup(network, ask, kind, as_of, tone, templates, language)
        followups.append(FollowUp(ask, kind, since, (as_of - since).days, message, withheld))
    return FollowUps(as_of, after, tone, tuple(followups))


def sent_day(ask: Ask) -> dt.date:
    """The day the ask was sent: its change to ``asked``, else the day it was recorded."""
    return next((n.date.as_date() for n in ask.notes if n.status == "asked"), ask.day)


def draft_followup(
    network: Network,
    ask: Ask,
    kind: str,
    as_of: dt.date,
    tone: str,
    templates: TemplateSet,
    language: str | None = None,
) -> Message:
    """The nudge or thank-you from the ask's requester to its (first) connector, in
    `language`, else the connector's, else the file's; a nudge replies to the ask's subject."""
    people = network.people
    lang = message_language(network, language, ask.connector)
    sender, recipient = person_vars(people[ask.requester]), person_vars(people[ask.connector])
    target = person_vars(people[ask.target])
    through = [person_vars(people[p]) for p in ask.through]
    sent = sent_day(ask)
    variables = {
        "tone": tone,
        "formal": tone == "formal",
        "language": lang,
        "purpose": read_purpose(ask.purpose, purpose_words(network)),
        "offer": None,
        "sender": sender,
        "recipient": recipient,
        "source": sender,
        "target": target,
        "through": through,
        "status": ask.status,
        "asked_on": day_text(sent, as_of),
        "asked_day": {"day": sent.day, "month": sent.month, "year": sent.year if sent.year != as_of.year else None},
        "days": (as_of - ask.last_day).days,
    }
    original = templates.render(
        "ask.j2",
        {
            **variables,
            "next_connector": through[0] if through else None,
            "known_from": None,
            "how": None,
            "tie": None,
            "next_tie": None,
            "forwardable": {"subject": "", "body": ""},
        },
        lang,
    )
    rendered = templates.render(_TEMPLATES[kind], {**variables, "subject": original.subject}, lang)
    return Message(kind, ask.requester, (ask.connector,), rendered.subject, rendered.body, language=lang)


def day_text(day: dt.date, as_of: dt.date) -> str:
    """``26 November``, or ``26 November 2025`` when not in the year of `as_of`."""
    text = f"{day.day} {MONTH_NAMES[day.month - 1]}"
    return text if day.year == as_of.year else f"{text} {day.year}"
