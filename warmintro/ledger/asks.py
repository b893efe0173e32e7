"""The ask ledger: every introduction asked for, through whom, and how it went.

It lives in the contacts file itself, as an ``intros:`` list (see docs/ledger.md, "Where the
ledger lives"). One entry is one request for an introduction: the requester asked the connector
(and, on a longer chain, the connector asked the people listed in ``through``, in turn) to
introduce them to the target. Its ``status`` moves along `TRANSITIONS`, and each change is a
dated entry under ``notes``.

This module is the model and the rules (new ids, which changes are allowed, which asks a
listing shows; the statuses and their state machine are in `warmintro.ledger.statuses`), with no
third-party imports; the loader in `warmintro.fileformat.reader` reads the section,
`warmintro.editing` writes it (through the `LedgerEditor` named here), and
`warmintro.ranking.fatigue` turns it into the ranking adjustments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ..dates import PartialDate
from ..errors import QueryError
from ..fileformat.fields import ASK_FIELDS as ASK_FIELDS  # the file's fields of an ask and of a note
from ..fileformat.fields import NOTE_FIELDS as NOTE_FIELDS
from ..text import did_you_mean
from .statuses import MEANINGS as MEANINGS  # the state machine, re-exported with the model
from .statuses import OPEN_STATUSES as OPEN_STATUSES
from .statuses import STATUSES as STATUSES
from .statuses import TRANSITIONS as TRANSITIONS

if TYPE_CHECKING:
    from ..model import Network


@dataclass(frozen=True)
class AskNote:
    """A dated entry in an ask's history: a change of status, a note, or both."""

    date: PartialDate
    status: str | None = None
    note: str | None = None
    #: Fields warmintro does not know, kept as written.
    extra: tuple[tuple[str, Any], ...] = ()
    line: int | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, object]:
        return {"date": self.date.text, "status": self.status, "note": self.note}


@dataclass(frozen=True)
class Ask:
    """One request for an introduction: `requester` asked `connector` (then each of `through`,
    in turn) to introduce them to `target`."""

    id: str
    date: PartialDate
    requester: str
    connector: str
    target: str
    status: str
    purpose: str | None = None
    through: tuple[str, ...] = ()
    notes: tuple[AskNote, ...] = ()
    extra: tuple[tuple[str, Any], ...] = ()
    line: int | None = field(default=None, compare=False)

    @property
    def connectors(self) -> tuple[str, ...]:
        """Everyone asked to pass the introduction on, in order."""
        return (self.connector, *self.through)

    @property
    def people(self) -> tuple[str, ...]:
        """The chain: requester, connectors, target."""
        return (self.requester, *self.connectors, self.target)

    @property
    def day(self) -> dt.date:
        return self.date.as_date()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def last_day(self) -> dt.date:
        """The day of the latest entry: the ask itself or its latest note."""
        return max([self.day, *(n.date.as_date() for n in self.notes)])

    def involves(self, pid: str) -> bool:
        return pid in self.people

    def role_of(self, pid: str) -> str | None:
        """``requester``, ``connector`` or ``target``: what `pid` is in this ask."""
        if pid == self.requester:
            return "requester"
        if pid in self.connectors:
            return "connector"
        if pid == self.target:
            return "target"
        return None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "date": self.date.text,
            "requester": self.requester,
            "connector": self.connector,
            "through": list(self.through),
            "target": self.target,
            "purpose": self.purpose,
            "status": self.status,
            "notes": [n.to_json() for n in self.notes],
        }


def ask_fields(ask: Ask) -> dict[str, Any]:
    """An ask as the values the file writes, in `ASK_FIELDS` order, without its notes."""
    fields: dict[str, Any] = {
        "id": ask.id,
        "date": ask.date,
        "requester": ask.requester,
        "connector": ask.connector,
    }
    if ask.through:
        fields["through"] = ask.through
    fields["target"] = ask.target
    if ask.purpose is not None:
        fields["purpose"] = ask.purpose
    fields["status"] = ask.status
    return fields


def note_fields(note: AskNote) -> dict[str, Any]:
    fields: dict[str, Any] = {"date": note.date}
    if note.status is not None:
        fields["status"] = note.status
    if note.note is not None:
        fields["note"] = note.note
    return fields


def new_ask_id(date: dt.date, connector: str, target: str, taken: Iterable[str]) -> str:
    """``2026-11-26-carol-bob``, or with ``-2``, ``-3``... when that is taken (ignoring case)."""
    wanted = f"{date.isoformat()}-{connector}-{target}"
    folded = {t.casefold() for t in taken}
    candidate, number = wanted, 2
    while candidate.casefold() in folded:
        candidate, number = f"{wanted}-{number}", number + 1
    return candidate


def check_transition(ask: Ask, status: str, *, force: bool = False) -> None:
    """Raise QueryError unless an ask may move from its status to `status`."""
    if status not in STATUSES:
        raise QueryError(f"unknown status '{status}'; use one of {', '.join(STATUSES)}")
    if status == ask.status:
        raise QueryError(
            f"ask '{ask.id}' is '{status}' already (to add a note only, give a `note` and no new status)"
        ).naming("note")
    if force or status in TRANSITIONS[ask.status]:
        return
    allowed = TRANSITIONS[ask.status]
    nexts = f"it can become {' or '.join(allowed)}" if allowed else "it is closed"
    raise QueryError(
        f"ask '{ask.id}' cannot go from '{ask.status}' to '{status}': {nexts} "
        "(`force` records it anyway, to correct a mistake)"
    ).naming("force")


# --------------------------------------------------------------------------------------------
# Listing


@dataclass(frozen=True)
class AskFilter:
    """Which asks a listing shows; every condition given must hold."""

    statuses: tuple[str, ...] = ()
    people: tuple[str, ...] = ()  # involved in any role
    within_days: int | None = None  # made at most this many days before as_of
    older_than_days: int | None = None  # made at least this many days before as_of

    def __call__(self, ask: Ask, as_of: dt.date) -> bool:
        age = (as_of - ask.day).days
        return (
            (not self.statuses or ask.status in self.statuses)
            and (not self.people or any(ask.involves(p) for p in self.people))
            and (self.within_days is None or 0 <= age <= self.within_days)
            and (self.older_than_days is None or age >= self.older_than_days)
        )


@dataclass(frozen=True)
class AskList:
    asks: tuple[Ask, ...]
    #: How many asks the ledger holds in all.
    total: int
    as_of: dt.date
    criteria: AskFilter

    def to_json(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "total": self.total,
            "asks": [{**a.to_json(), "age_days": (self.as_of - a.day).days} for a in self.asks],
        }


def list_asks(network: Network, criteria: AskFilter | None = None, *, as_of: dt.date | None = None) -> AskList:
    """The asks in the ledger that meet `criteria`, newest first (ties by id)."""
    as_of = as_of or dt.date.today()
    criteria = criteria or AskFilter()
    for status in criteria.statuses:
        if status not in STATUSES:
            raise QueryError(f"unknown status '{status}'; use one of {', '.join(STATUSES)}")
    for days in (criteria.within_days, criteria.older_than_days):
        if days is not None and days < 0:
            raise QueryError("a number of days cannot be negative")
    chosen = [a for a in network.intros if criteria(a, as_of)]
    chosen.sort(key=lambda a: a.id)
    chosen.sort(key=lambda a: a.day, reverse=True)
    return AskList(tuple(chosen), len(network.intros), as_of, criteria)


def asks_involving(asks: Sequence[Ask], pid: str) -> tuple[Ask, ...]:
    """The asks `pid` takes part in, newest first."""
    found = sorted((a for a in asks if a.involves(pid)), key=lambda a: a.id)
    found.sort(key=lambda a: a.day, reverse=True)
    return tuple(found)


# --------------------------------------------------------------------------------------------
# Writing: recording asks and their changes (through a LedgerEditor)


class LedgerEditor(Protocol):
    """What recording an ask needs of an editor of the contacts file: the ledger as edited so
    far, and the three changes. `warmintro.editing.editor.ContactsEditor` is one; the ledger
    names the need here so that it does not depend on the editing package (which depends on it
    for the fields an ask has)."""

    @property
    def network(self) -> Network: ...

    def asks(self) -> list[Ask]: ...

    def ask(self, ask_id: str) -> Ask | None: ...

    def add_ask(self, ask: Ask) -> None: ...

    def add_ask_note(self, ask_id: str, note: AskNote) -> None: ...

    def remove_ask(self, ask_id: str) -> None: ...


def resolve_ask(asks: Sequence[Ask], text: str, network: Network | None = None) -> Ask:
    """The ask `text` names: its id, or the start of exactly one id; else, given the `network`,
    the one ask whose target or connector `text` names (a person's id or name), the open one
    when that person is in several."""
    wanted = text.strip()
    for ask in asks:
        if ask.id == wanted:
            return ask
    starting = [a for a in asks if a.id.casefold().startswith(wanted.casefold())] if wanted else []
    if len(starting) == 1:
        return starting[0]
    if starting:
        raise QueryError(
            f"'{wanted}' is the start of {len(starting)} ask ids: {', '.join(a.id for a in starting[:5])}"
            + (" ..." if len(starting) > 5 else "")
            + "; give more of the id"
        )
    if network is not None and wanted:
        found = _ask_of_person(asks, network, wanted)
        if found is not None:
            return found
    hint = did_you_mean(wanted, [a.id for a in asks]) or "see: warmintro intros"
    raise QueryError(f"no ask '{wanted}' in the ledger ({hint})")


def _ask_of_person(asks: Sequence[Ask], network: Network, text: str) -> Ask | None:
    """The one ask to or through the person `text` names; None when it names nobody."""
    from ..errors import PersonError
    from ..queries.resolve import resolve_person

    try:
        person = resolve_person(network, text)
    except PersonError:
        return None
    involved = [a for a in asks if person.id == a.target or person.id in a.connectors]
    if not involved:
        raise QueryError(f"no ask to or through {person.name} ({person.id}) in the ledger (see: warmintro intros)")
    open_ones = [a for a in involved if a.is_open]
    candidates = open_ones or involved
    if len(candidates) == 1:
        return candidates[0]
    which = "open asks" if open_ones else "asks"
    listed = ", ".join(a.id for a in candidates[:5]) + (" ..." if len(candidates) > 5 else "")
    raise QueryError(f"{person.name} ({person.id}) is in {len(candidates)} {which}: {listed}; give the id")


def _same_purpose(a: str | None, b: str | None) -> bool:
    """Purposes compared as a person reads them: case and spacing aside."""
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def open_ask_for(asks: Sequence[Ask], people: Sequence[str], purpose: str | None) -> Ask | None:
    """The open ask (drafted, asked or opted-in) of the same chain for the same purpose, if the
    ledger holds one: recording it again would count one request twice against the connector."""
    chain = tuple(people)
    for ask in asks:
        if ask.is_open and ask.people == chain and _same_purpose(ask.purpose, purpose):
            return ask
    return None


def open_ask_between(asks: Sequence[Ask], requester: str, target: str, purpose: str | None) -> Ask | None:
    """The newest open ask from `requester` to `target` for the same purpose, through anyone:
    drafting it again goes along its chain (the ask itself makes its connector look tired, so
    ranking again could pick someone else and ask twice for one introduction)."""
    found = [a for a in asks if a.is_open and a.requester == requester and a.target == target]
    found = [a for a in found if _same_purpose(a.purpose, purpose)]
    return max(found, key=lambda a: (a.day, a.id)) if found else None


def record_path(
    editor: LedgerEditor, people: Sequence[str], *, date: dt.date, purpose: str | None = None, status: str = "drafted"
) -> Ask:
    """Record the ask of a chain of introductions (ids, requester first, target last) as one
    entry of the ledger: its first connector as `connector`, the others as `through`.

    Callers that record what the user drafted check `open_ask_for` first, so that running the
    same command twice records one ask."""
    if len(people) < 3:
        raise QueryError("an ask needs someone to ask: a chain of at least three people")
    if status not in STATUSES:
        raise QueryError(f"unknown status '{status}'; use one of {', '.join(STATUSES)}")
    ask = Ask(
        id=new_ask_id(date, people[1], people[-1], (a.id for a in editor.asks())),
        date=PartialDate(date.year, date.month, date.day),
        requester=people[0],
        connector=people[1],
        through=tuple(people[2:-1]),
        target=people[-1],
        status=status,
        purpose=purpose,
    )
    editor.add_ask(ask)
    return ask


def remove_ask(editor: LedgerEditor, ask_id: str, *, force: bool = False) -> Ask:
    """Take an ask out of the ledger; returns it. Only a `drafted` one (never sent) unless
    `force`: the history of an ask that was sent is what spares its connector later."""
    ask = resolve_ask(editor.asks(), ask_id, editor.network)
    if force and ask.id != ask_id.strip():
        raise QueryError(f"`force` removes an ask named by its whole id: '{ask.id}', not '{ask_id.strip()}'").naming(
            "force"
        )
    if ask.status != "drafted" and not force:
        raise QueryError(
            f"ask '{ask.id}' is '{ask.status}': it was sent, and the ledger keeps what happened "
            f"(record what came of it with 'warmintro intros update {ask.id} STATUS'; `force` removes it anyway)"
        ).naming("force")
    editor.remove_ask(ask.id)
    return ask


def update_ask(
    editor: LedgerEditor,
    ask_id: str,
    status: str | None,
    *,
    date: dt.date,
    note: str | None = None,
    force: bool = False,
) -> tuple[Ask, Ask]:
    """Record a change of an ask's status and/or a note, dated `date`: (before, after).

    The change must follow `TRANSITIONS` (unless `force`) and come no earlier than the ask's
    latest entry."""
    before = resolve_ask(editor.asks(), ask_id, editor.network)
    if status is None and not note:
        raise QueryError("give the new STATUS, a `note`, or both").naming("note")
    if status is not None:
        check_transition(before, status, force=force)
    if date < before.last_day and not force:
        raise QueryError(
            f"ask '{before.id}' has an entry dated {before.last_day.isoformat()}; a change cannot be dated "
            f"{date.isoformat()}, before it (give `date`, or `force`)"
        ).naming("date", "force")
    editor.add_ask_note(before.id, AskNote(PartialDate(date.year, date.month, date.day), status, note))
    after = editor.ask(before.id)
    assert after is not None
    return before, after
