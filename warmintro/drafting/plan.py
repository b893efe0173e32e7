"""Planning a draft: which path to write along, and what recording it would add to the ledger.

`plan_draft` makes the choices `warmintro draft` makes before a word is written:

* the path: exactly the `chain` given, else the warmest one (through `via`, when given), else
  the one the caller picked from `find_paths`' ranking (`choice`); none for a `direct` message;
* re-use of an open ask: when recording a ranked path, an ask already open in the ledger for the
  same requester, target and purpose is followed instead (asking for one introduction twice,
  through two connectors, is what the ledger is there to prevent);
* two people who know each other need no introduction: a direct message instead (or an error,
  when recording was asked for: there is no one to ask);
* what recording would add: the chain of people of a new ask, or the open ask for the same chain
  and purpose that the ledger already holds (then nothing is written).

`draft_planned` drafts the messages of a plan, and `record_drafts` records them in a contacts
file's ledger exactly once: what `warmintro draft --record` does, from Python.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ArgumentError, NoPath, QueryError, WarmintroError
from ..privacy import is_inferred

if TYPE_CHECKING:
    from ..editing.transaction import EditResult
    from ..ledger.asks import Ask
    from ..model import Network
    from ..ranking.kpaths import IntroPath
    from .drafts import Drafts
    from .templating import TemplateSet


@dataclass(frozen=True)
class DraftPlan:
    """What to draft: from whom to whom, along which path, and what recording would add."""

    source: str
    target: str
    #: The chain of introductions to draft along; None for a direct message.
    path: IntroPath | None
    purpose: str | None
    as_of: dt.date
    #: Whether the ask is to be recorded in the ledger.
    record: bool = False
    #: The open ask whose chain the path follows, when an earlier draft was recorded.
    along: Ask | None = None
    #: The open ask of the same chain and purpose already in the ledger: recording adds nothing.
    recorded: Ask | None = None
    #: What the planning did that the user should know.
    notes: tuple[str, ...] = ()

    @property
    def to_record(self) -> tuple[str, ...] | None:
        """The people of the new ask recording adds (requester first, target last), or None:
        not recording, a direct message, or the ask is in the ledger already."""
        if not self.record or self.path is None or self.recorded is not None:
            return None
        return self.path.people


def plan_draft(
    network: Network,
    source: str | None,
    target: str | None,
    *,
    chain: Sequence[str] | None = None,
    via: Sequence[str] = (),
    choice: IntroPath | None = None,
    direct: bool = False,
    record: bool = False,
    purpose: str | None = None,
    max_hops: int | None = None,
    as_of: dt.date | None = None,
    fatigue: bool = True,
) -> DraftPlan:
    """The plan of a draft from `source` to `target` (ids; with `chain`, either may be None and
    is then the chain's end). Raises NoPath when no path joins them within `max_hops`, and
    QueryError (ArgumentError for an argument) when the arguments contradict each other."""
    from ..ranking.kpaths import find_paths, path_along

    as_of = as_of or dt.date.today()
    given = [name for name, value in (("chain", chain), ("choice", choice)) if value is not None]
    if direct and (via or given):
        raise ArgumentError(
            "direct", f"writes straight to the target; {' and '.join(['via', *given])} choose introductions"
        )
    if len(given) > 1:
        raise ArgumentError("chain", "names the whole path already; leave out choice")
    if chain is not None and via:
        raise ArgumentError("chain", "names the whole path already; leave out via")
    if record and direct:
        raise ArgumentError("record", "records an ask of a connector; a direct message asks no one")
    path: IntroPath | None
    if chain is not None:
        path = path_along(network, list(chain), as_of=as_of, fatigue=fatigue)
        ends = (path.people[0], path.people[-1])
        wanted = (source or ends[0], target or ends[1])
        if wanted != ends:
            raise ArgumentError(
                "chain",
                f"goes from '{ends[0]}' to '{ends[1]}', not from '{wanted[0]}' to '{wanted[1]}'; "
                "it lists the whole chain, the source first and the target last",
            )
        source, target = ends
    elif source is None or target is None:
        raise ArgumentError("source" if source is None else "target", "is needed unless a chain is given")
    elif choice is not None:
        if (choice.people[0], choice.people[-1]) != (source, target):
            raise ArgumentError("choice", f"is a path from '{choice.people[0]}' to '{choice.people[-1]}'")
        path = choice
    elif direct:
        path = None
    else:
        result = find_paths(
            network, source, target, top=1, max_hops=max_hops, via=list(via), as_of=as_of, fatigue=fatigue
        )
        if not result.paths:
            raise NoPath(source, target, result.max_hops, tuple(via))
        path = result.paths[0]
    notes: list[str] = []
    along = None
    if record and path is not None and chain is None and not via:
        path, along = _along_the_open_ask(network, path, purpose, as_of, fatigue)
        if along is not None:
            notes.append(f"drafted along ask {along.id} ({along.status}), already in the ledger for this purpose")
    if path is not None and not path.connectors:
        names = [network.people[p].short_name for p in (source, target)]
        know = f"{names[0]} and {names[1]} know each other"
        tie = path.hops[0].relationship if path.hops else None
        if tie is not None and is_inferred(tie):  # never stated as a fact
            from ..sources.provenance import describe_tie

            know = f"{names[0]} and {names[1]} may know each other ({describe_tie(tie, network.me)})"
        if record:
            raise QueryError(f"{know}: no one to ask, nothing to record")
        notes.append(f"{know}: a direct message instead of introductions")
        path = None
    recorded = None
    if record and path is not None:
        from ..ledger.asks import open_ask_for

        recorded = open_ask_for(network.intros, path.people, purpose)
    return DraftPlan(source, target, path, purpose, as_of, record, along, recorded, tuple(notes))


def _along_the_open_ask(
    network: Network, path: IntroPath, purpose: str | None, as_of: dt.date, fatigue: bool
) -> tuple[IntroPath, Ask | None]:
    """The path of the open ask already in the ledger for this requester, target and purpose,
    and that ask, if there is one still walkable; else `path` and None."""
    from ..ledger.asks import open_ask_between
    from ..ranking.kpaths import path_along

    ask = open_ask_between(network.intros, path.people[0], path.people[-1], purpose)
    if ask is None or ask.people == path.people:
        return path, None
    try:
        return path_along(network, list(ask.people), as_of=as_of, fatigue=fatigue), ask
    except WarmintroError:  # a relationship of its chain is gone from the file: a new ask
        return path, None


def draft_planned(
    network: Network,
    plan: DraftPlan,
    *,
    offer: str | None = None,
    tone: str = "friendly",
    channel: str = "email",
    templates: TemplateSet | None = None,
    language: str | None = None,
) -> Drafts:
    """The messages of `plan`: introductions along its path, else a direct message (on
    `channel`). The plan's notes come first among the drafts' notes."""
    from .drafts import draft_direct, draft_intro

    if plan.path is None:
        drafts = draft_direct(
            network,
            plan.source,
            plan.target,
            channel=channel,
            purpose=plan.purpose,
            offer=offer,
            tone=tone,
            as_of=plan.as_of,
            templates=templates,
            language=language,
        )
    else:
        if channel != "email":
            raise ArgumentError("channel", f"'{channel}' is for direct messages; introductions are drafted as emails")
        drafts = draft_intro(
            network,
            plan.path,
            purpose=plan.purpose,
            offer=offer,
            tone=tone,
            as_of=plan.as_of,
            templates=templates,
            language=language,
        )
    if plan.notes:
        from dataclasses import replace

        drafts = replace(drafts, notes=(*plan.notes, *drafts.notes))
    return drafts


@dataclass(frozen=True)
class Recorded:
    """The ask `record_drafts` recorded, or found already recorded, and what was written."""

    ask: Ask
    #: The edit of the contacts file: `written` False when the ask was in the ledger already.
    result: EditResult

    @property
    def new(self) -> bool:
        return self.result.written

    def to_json(self) -> dict[str, object]:
        return {
            "ask": self.ask.to_json(),
            "new": self.result.written,
            "file": str(self.result.path),
            "backup": str(self.result.backup) if self.result.backup else None,
        }


def record_drafts(contacts: str | os.PathLike[str], drafts: Drafts) -> Recorded:
    """Add the ask of the drafted path to the ledger of `contacts`, dated as the drafts are;
    when the ledger already holds it, still open and for the same purpose, that ask (and
    nothing is written). Raises QueryError for drafts of a direct message."""
    from ..editing.transaction import edit_contacts
    from ..ledger.asks import open_ask_for, record_path

    if drafts.path is None:
        raise QueryError("a direct message asks no one: there is no ask to record")
    with edit_contacts(Path(contacts)) as (editor, result):
        people = drafts.path.people
        ask = open_ask_for(editor.asks(), people, drafts.purpose) or record_path(
            editor, people, date=drafts.as_of, purpose=drafts.purpose
        )
    return Recorded(ask, result)
