"""Folding imported people into a contacts file without duplicating anyone or overwriting anything.

For each incoming person, in the order of the source file:

1. **Find them.** The first of these that names someone decides: the same LinkedIn profile URL
   (compared without scheme, ``www.``/country subdomain, query, trailing slash or case), then
   the same email address (ignoring case), then the same name and company (ignoring case,
   accents, punctuation and legal suffixes such as Oy, GmbH or Inc.), then, when one of the two
   has no company, the same full name (two words or more). A name never matches someone with a
   different LinkedIn URL. People added earlier in the same import count, so a file that lists someone
   twice adds them once. A key that names several people is not guessed at: the row is skipped.
2. **Update, never overwrite.** A field the person lacks is filled in; a field they have is kept
   as the user wrote it, and a different incoming value is reported as a conflict.
3. **Or add them**, under a readable id made from the name (``Bob Sjöberg`` -> ``bob-sjoberg``,
   ``bob-sjoberg-2`` when taken).
4. **Relate them** to the importing person (``acquaintance``, with the source's channels and
   date) unless the two already have a relationship, which is left as it is.

Which person a row matches can depend on people that later rows add (a row whose email names
one person and whose LinkedIn URL names someone a later row adds). So the passes repeat on the
edited file until one changes nothing; a second import of the same file is just one more such
pass, and therefore changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..editing.editor import ContactsEditor
from ..editing.grow import IdAllocator
from ..editing.operations import Value
from ..model import Person
from ..sources.identity import company_key, email_key, linkedin_key, name_key
from ..text import fold, slug
from . import Incoming, Parsed, Skipped

#: The strength of every relationship an import adds: an export is weak evidence of warmth.
IMPORTED_STRENGTH = "acquaintance"
_FIELDS = ("company", "title", "email", "phone", "linkedin", "location", "greeting", "about", "notes")


def _same(field_name: str, ours: str, theirs: str) -> bool:
    if field_name == "linkedin":
        return linkedin_key(ours) == linkedin_key(theirs)
    if field_name == "email":
        return ours.strip().casefold() == theirs.strip().casefold()
    if field_name == "phone":
        return re.sub(r"\D", "", ours)[-9:] == re.sub(r"\D", "", theirs)[-9:]
    if field_name == "company":
        return company_key(ours) == company_key(theirs)
    return " ".join(fold(ours).split()) == " ".join(fold(theirs).split())


@dataclass(frozen=True)
class Conflict:
    field: str
    yours: str
    theirs: str


@dataclass
class Outcome:
    """What became of one incoming person."""

    where: str
    name: str
    action: str  # added, updated, unchanged or skipped
    pid: str | None = None
    matched_by: str | None = None
    filled: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    relationship: str | None = None  # added, exists, self
    reason: str | None = None  # why it was skipped

    def to_json(self) -> dict[str, object]:
        return {
            "where": self.where,
            "name": self.name,
            "action": self.action,
            "id": self.pid,
            "matched_by": self.matched_by,
            "filled": self.filled,
            "conflicts": [{"field": c.field, "yours": c.yours, "theirs": c.theirs} for c in self.conflicts],
            "relationship": self.relationship,
            "reason": self.reason,
        }


@dataclass
class ImportSummary:
    kind: str
    source: str
    contacts: str
    importer: str
    importer_name: str
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    backup: str | None = None

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(o.action for o in self.outcomes)
        return {action: counted.get(action, 0) for action in ("added", "updated", "unchanged", "skipped")}

    @property
    def relationships_added(self) -> int:
        return sum(1 for o in self.outcomes if o.relationship == "added")

    @property
    def fields_filled(self) -> int:
        return sum(len(o.filled) for o in self.outcomes)

    @property
    def conflicts(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.conflicts]

    def skip_reasons(self) -> Counter[str]:
        return Counter(o.reason or "" for o in self.outcomes if o.action == "skipped")

    def to_json(self) -> dict[str, object]:
        return {
            "format": self.kind,
            "source": self.source,
            "file": self.contacts,
            "as": self.importer,
            "dry_run": self.dry_run,
            "written": self.written,
            "backup": self.backup,
            "counts": {
                **self.counts,
                "relationships_added": self.relationships_added,
                "fields_filled": self.fields_filled,
                "conflicts": sum(len(o.conflicts) for o in self.outcomes),
            },
            "skipped_because": dict(self.skip_reasons()),
            "notes": self.notes,
            "people": [o.to_json() for o in self.outcomes],
        }


class _Index:
    """Who in the file (and in this import so far) has which LinkedIn URL, email, name+company."""

    def __init__(self) -> None:
        self.linkedin: dict[str, list[str]] = {}
        self.email: dict[str, list[str]] = {}
        self.name_company: dict[str, list[str]] = {}
        self.name: dict[str, list[str]] = {}

    def add(self, person: Person) -> None:
        keys = [(self.name_company, _name_company(person.name, person.company)), (self.name, name_key(person.name))]
        if person.linkedin:
            keys.append((self.linkedin, linkedin_key(person.linkedin)))
        keys.extend((self.email, email_key(address)) for address in person.emails)
        for table, key in keys:
            ids = table.setdefault(key, [])
            if person.id not in ids:
                ids.append(person.id)

    def find(self, incoming: Incoming, people: ContactsEditor) -> tuple[str, list[str]]:
        """(what matched, the ids it matched): the first key that matches anyone decides."""
        if incoming.linkedin:
            found = self.linkedin.get(linkedin_key(incoming.linkedin), [])
            if found:
                return "linkedin", found
        for email in incoming.emails:
            found = self.email.get(email_key(email), [])
            if found:
                return "email", found
        spellings = (incoming.name, *incoming.aliases)
        keys = [_name_company(spelling, incoming.company) for spelling in spellings]
        found = next((self.name_company[k] for k in keys if self.name_company.get(k)), [])
        matched_by = "name and company"
        if not found:  # one side has no company: the name alone, if it is a full name and one person has it
            matched_by = "name"
            for spelling in spellings:
                key = name_key(spelling)
                candidates = self.name.get(key, []) if " " in key else []
                found = [pid for pid in candidates if incoming.company is None or not people.person(pid).company]
                if found:
                    break
        if incoming.linkedin:  # a namesake with another LinkedIn profile is someone else
            key = linkedin_key(incoming.linkedin)
            found = [
                pid
                for pid in found
                if not people.person(pid).linkedin or linkedin_key(people.person(pid).linkedin or "") == key
            ]
        return matched_by, found


def _name_company(name: str, company: str | None) -> str:
    return name_key(name) + "\n" + company_key(company)


def merge_into(
    editor: ContactsEditor, parsed: Parsed, importer: str, progress: Callable[[int, int], None] | None = None
) -> ImportSummary:
    """Record in `editor` the edits that fold `parsed` into the file, and say what they are.
    `progress(done, total)` follows the first (and by far the longest) pass over the records."""
    summary = ImportSummary(
        kind=parsed.kind,
        source=parsed.source,
        contacts=editor.filename,
        importer=importer,
        importer_name=editor.person(importer).name,
        notes=list(parsed.notes),
    )
    summary.outcomes = _merge_pass(editor, parsed, importer, progress)
    for _ in range(MAX_PASSES):
        revision = editor.revision
        again = _merge_pass(editor, parsed, importer)
        if editor.revision == revision:
            break
        summary.outcomes = [_combine(first, later) for first, later in zip(summary.outcomes, again)]
    return summary


#: Passes over the same records until one changes nothing (in practice: two, rarely three).
MAX_PASSES = 8


def _merge_pass(
    editor: ContactsEditor, parsed: Parsed, importer: str, progress: Callable[[int, int], None] | None = None
) -> list[Outcome]:
    """One pass over every record, matching against the file as the edits so far leave it."""
    index = _Index()
    for pid in editor.ids():
        index.add(editor.person(pid))
    ids = IdAllocator(editor.ids())
    items: list[Incoming | Skipped] = [*parsed.records, *parsed.skipped]
    items.sort(key=lambda item: _position(item.where))
    outcomes = []
    for done, item in enumerate(items):
        if progress is not None and done % 100 == 0:
            progress(done, len(items))
        if isinstance(item, Skipped):
            outcomes.append(Outcome(item.where, "", "skipped", reason=item.reason))
        else:
            outcomes.append(_merge_one(editor, index, ids, item, importer))
    return outcomes


def _combine(first: Outcome, later: Outcome) -> Outcome:
    """What one record did over several passes: a later pass may fill more or relate it."""
    if later.action not in ("added", "updated"):
        return first
    filled = first.filled + [f for f in later.filled if f not in first.filled]
    return replace(
        first,
        action="added" if "added" in (first.action, later.action) else "updated",
        pid=first.pid or later.pid,
        matched_by=first.matched_by or later.matched_by,
        filled=filled,
        relationship="added" if "added" in (first.relationship, later.relationship) else first.relationship,
        reason=None,
    )


def _position(where: str) -> int:
    tail = where.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _merge_one(editor: ContactsEditor, index: _Index, ids: IdAllocator, incoming: Incoming, importer: str) -> Outcome:
    matched_by, found = index.find(incoming, editor)
    outcome = Outcome(incoming.where, incoming.name, "unchanged")
    if len(found) > 1:
        outcome.action = "skipped"
        outcome.reason = f"matches several people by {matched_by} ({', '.join(found)}); merge them in the file first"
        return outcome
    if found:
        pid = found[0]
        outcome.pid, outcome.matched_by = pid, matched_by
        person = editor.person(pid)
        filled: dict[str, Value] = {}
        for name in _FIELDS:
            theirs = getattr(incoming, name)
            if not theirs:
                continue
            yours = getattr(person, name)
            if not yours:
                filled[name] = theirs
            elif not _same(name, yours, theirs) and not (name == "email" and _has_email(incoming, yours)):
                outcome.conflicts.append(Conflict(name, yours, theirs))
        addresses = _every_address(person.emails, incoming.emails)
        if addresses != person.emails:  # an address is one more way to find them, never a conflict
            filled["email"] = addresses if len(addresses) > 1 else addresses[0]
        if all(name_key(person.name) != name_key(n) for n in (incoming.name, *incoming.aliases)):
            outcome.conflicts.append(Conflict("name", person.name, incoming.name))
        if filled:
            editor.set_person_fields(pid, filled)
            outcome.filled = list(filled)
            index.add(editor.person(pid))
    else:
        pid = ids.new(slug(incoming.name))
        fields: dict[str, Value] = {"name": incoming.name}
        fields.update({name: getattr(incoming, name) for name in _FIELDS if getattr(incoming, name)})
        if len(incoming.emails) > 1:
            fields["email"] = tuple(incoming.emails)  # every address: each finds them next time
        editor.add_person(pid, fields)
        index.add(editor.person(pid))
        outcome.pid, outcome.action = pid, "added"
    if pid == importer:
        outcome.relationship = "self"
    elif editor.relationship(importer, pid) is not None:
        outcome.relationship = "exists"
    else:
        relationship: dict[str, Value] = {"strength": IMPORTED_STRENGTH}
        if incoming.how:
            relationship["how"] = incoming.how
        if incoming.since is not None:
            relationship["since"] = incoming.since
        if incoming.channels:
            relationship["channels"] = incoming.channels
        editor.add_relationship(importer, pid, relationship)
        outcome.relationship = "added"
    if outcome.action == "unchanged" and (outcome.filled or outcome.relationship == "added"):
        outcome.action = "updated"
    return outcome


def _every_address(yours: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[str, ...]:
    """Your addresses, then theirs you do not have (case aside), in order."""
    known = {email_key(address) for address in yours}
    more = []
    for address in theirs:
        if email_key(address) not in known:
            known.add(email_key(address))
            more.append(address)
    return (*yours, *more)


def _has_email(incoming: Incoming, yours: str) -> bool:
    return email_key(yours) in {email_key(e) for e in incoming.emails}
