"""Reshaping the network by hand: remove a person, rename an id, merge two people, disconnect two.

Like `warmintro.editing.grow`, each function takes a `ContactsEditor`, checks what it is asked, records
the edits and returns a `Change` saying what it did. The edits remove whole entries and rewrite
ids where they stand, so every other line of the file, comments included, stays as it was.
"""

from __future__ import annotations

from ..fileformat.fields import PERSON_TEXT_FIELDS
from ..model import ID_PATTERN, Person, Relationship, strength_number
from ..text import fold
from .editor import ContactsEditor
from .grow import Change, _shown
from .operations import EditError, Value


def _tie(rel: Relationship) -> dict[str, object]:
    return {
        "between": [rel.a, rel.b],
        "strength": rel.strength,
        "how": rel.how,
        "since": rel.since.text if rel.since else None,
        "last_contact": rel.last_contact.text if rel.last_contact else None,
    }


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def _names(ids: list[str], limit: int = 8) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def remove_person(editor: ContactsEditor, pid: str, *, force: bool = False) -> Change:
    """Take `pid` out of the file with their relationships. Asks of the ledger that name them
    are a record of what happened: they are refused unless `force`, which removes them too."""
    if pid not in editor.ids():
        raise EditError(f"no person '{pid}' in {editor.filename}")
    person = editor.person(pid)
    if pid == editor.network.me:
        raise EditError(f"'{pid}' is you (me: {pid}); change 'me:' in the file first")
    asks = [ask.id for ask in editor.asks() if ask.involves(pid)]
    if asks and not force:
        raise EditError(
            f"{_count(len(asks), 'ask')} in the ledger {'names' if len(asks) == 1 else 'name'} '{pid}' "
            f"({_names(asks)}); --force removes them too, "
            f"or take them out first: warmintro intros remove {asks[0]}"
        )
    for ask_id in asks:
        editor.remove_ask(ask_id)
    ties = editor.relationships_of(pid)
    for rel in ties:
        editor.remove_relationship(rel.a, rel.b)
    editor.remove_person(pid)
    others = [rel.other(pid) for rel in ties]
    change = Change("removed", f"person '{pid}' ({person.name})", ids=(pid,))
    if others:
        change.details.append(f"with {_count(len(others), 'relationship')}: {_names(others)}")
    if asks:
        change.details.append(f"and {_count(len(asks), 'ask')} of the ledger: {_names(asks)}")
    change.data = {"removed": {"person": pid, "relationships": [_tie(r) for r in ties], "asks": asks}}
    return change


def disconnect(editor: ContactsEditor, a: str, b: str) -> Change:
    """Take the relationship between `a` and `b` out of the file (written in either order)."""
    if a == b:
        raise EditError(f"'{a}' is named twice; name two people")
    rel = editor.relationship(a, b)
    if rel is None:
        raise EditError(f"'{a}' and '{b}' have no relationship in {editor.filename}; nothing to remove")
    editor.remove_relationship(rel.a, rel.b)
    change = Change("removed", f"relationship {rel.a}–{rel.b}", ids=(a, b))
    change.details.append(f"it was {rel.strength}" + (f": {rel.how}" if rel.how else ""))
    change.data = {"removed": {"relationships": [_tie(rel)]}}
    return change


def rename_person(editor: ContactsEditor, old: str, new: str) -> Change:
    """Give `old` the id `new`, everywhere the file names them: their entry, every `between`,
    `me`, the ledger's people and fields that name people."""
    if old not in editor.ids():
        raise EditError(f"no person '{old}' in {editor.filename}")
    if not ID_PATTERN.match(new):
        raise EditError(
            f"'{new}' is not a valid person id: use letters, digits, '-', '_' and '.', starting with a letter or digit"
        )
    if new == old:
        return Change("unchanged", f"person '{old}'", ids=(old,))
    taken = [pid for pid in editor.ids() if pid != old and fold(pid) == fold(new)]
    if taken:
        raise EditError(
            f"there is already a person '{taken[0]}' ({editor.person(taken[0]).name}); choose another id, "
            f"or, if they are one person, run: warmintro merge {taken[0]} {old}"
        )
    ties = len(editor.relationships_of(old))
    asks = sum(1 for ask in editor.asks() if ask.involves(old))
    me = editor.network.me == old
    editor.rename_id(old, new)
    change = Change("renamed", f"person '{old}' to '{new}'", {"id": (old, new)}, ids=(old, new))
    where = [_count(ties, "relationship")] + ([_count(asks, "ask")] if asks else []) + (["me"] if me else [])
    change.details.append("also in " + ", ".join(where))
    change.data = {"renamed": {"from": old, "to": new, "relationships": ties, "asks": asks, "me": me}}
    return change


def _conflict(where: str, name: str, kept: object, dropped: object) -> dict[str, str]:
    return {"where": where, "field": name, "kept": str(kept), "dropped": str(dropped)}


def _person_fields(keep: Person, drop: Person) -> tuple[dict[str, Value], list[dict[str, str]], list[str]]:
    """What `drop` adds to `keep`: empty fields filled, tags joined; the fields that differ
    (keep's value stays); and what cannot be carried over."""
    fields: dict[str, Value] = {}
    conflicts = []
    where = f"person '{keep.id}'"
    if fold(keep.name) != fold(drop.name):
        conflicts.append(_conflict(where, "name", keep.name, drop.name))
    for name in PERSON_TEXT_FIELDS:
        mine, theirs = getattr(keep, name), getattr(drop, name)
        if theirs is None:
            continue
        if mine is None:
            fields[name] = theirs
        elif " ".join(mine.split()).casefold() != " ".join(theirs.split()).casefold():
            conflicts.append(_conflict(where, name, mine, theirs))
    tags = _joined(keep.tags, drop.tags)
    if tags != keep.tags:
        fields["tags"] = tags
    left = (["history"] if drop.history and drop.history != keep.history else []) + sorted(drop.extra)
    return fields, conflicts, left


def _joined(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    """The words of `first`, then those of `second` it lacks (ignoring case and accents)."""
    words = list(first)
    for word in second:
        if fold(word) not in {fold(w) for w in words}:
            words.append(word)
    return tuple(words)


def _combined_tie(kept: Relationship, dropped: Relationship) -> tuple[dict[str, Value], list[dict[str, str]]]:
    """Two ties of the merged people to one third person made one: the stronger one's strength
    and `how`, the earliest `since`, the latest `last_contact`, every channel."""
    stronger, weaker = kept, dropped
    if strength_number(dropped.strength) > strength_number(kept.strength):
        stronger, weaker = dropped, kept
    fields: dict[str, Value] = {}
    conflicts = []
    where = f"relationship {kept.a}–{kept.b}"
    if stronger is dropped:
        fields["strength"] = dropped.strength
    if kept.strength != dropped.strength:
        conflicts.append(_conflict(where, "strength", stronger.strength, weaker.strength))
    how = stronger.how or weaker.how
    if how is not None and how != kept.how:
        fields["how"] = how
    if stronger.how and weaker.how and stronger.how != weaker.how:
        conflicts.append(_conflict(where, "how", stronger.how, weaker.how))
    for name, pick in (("since", min), ("last_contact", max)):
        dates = [d for d in (getattr(kept, name), getattr(dropped, name)) if d is not None]
        if dates:
            chosen = pick(dates, key=lambda d: (d.as_date(), d.text))
            if chosen != getattr(kept, name):
                fields[name] = chosen
    channels = _joined(kept.channels, dropped.channels)
    if channels != kept.channels:
        fields["channels"] = channels
    return fields, conflicts


def merge_people(editor: ContactsEditor, keep: str, drop: str) -> Change:
    """Make `keep` and `drop` one person, `keep`: its id stays and its fields win; `drop`'s fill
    the empty ones and its tags are added. `drop`'s relationships move to `keep`; where both
    know the same person, the two ties become one (the stronger one's strength and `how`, the
    earliest `since`, the latest `last_contact`); their tie to each other goes. Asks, `me` and
    fields naming `drop` name `keep`. Every value that differed is listed as a conflict."""
    for pid in (keep, drop):
        if pid not in editor.ids():
            raise EditError(f"no person '{pid}' in {editor.filename}")
    if keep == drop:
        raise EditError(f"'{keep}' is named twice; name the two entries to merge")
    kept_person, dropped_person = editor.person(keep), editor.person(drop)
    for ask in editor.asks():
        if ask.involves(keep) and ask.involves(drop):
            raise EditError(
                f"ask '{ask.id}' of the ledger has both '{keep}' and '{drop}' in its chain, which one person "
                f"cannot be; take it out first (warmintro intros remove {ask.id}), then merge"
            )
    fields, conflicts, left = _person_fields(kept_person, dropped_person)
    editor.set_person_fields(keep, fields)
    moved: list[str] = []
    combined: list[str] = []
    dropped_tie: Relationship | None = None
    for rel in editor.relationships_of(drop):
        other = rel.other(drop)
        if other == keep:
            dropped_tie = rel
            editor.remove_relationship(rel.a, rel.b)
            continue
        existing = editor.relationship(keep, other)
        if existing is None:
            moved.append(other)
            continue
        tie_fields, tie_conflicts = _combined_tie(existing, rel)
        editor.set_relationship_fields(existing.a, existing.b, tie_fields)
        conflicts += tie_conflicts
        editor.remove_relationship(rel.a, rel.b)
        combined.append(other)
        left += [f"{name} of relationship {rel.a}–{rel.b}" for name in sorted(rel.extra)]
    editor.rename_id(drop, keep, key=False)
    editor.remove_person(drop)
    change = Change(
        "merged",
        f"'{drop}' ({dropped_person.name}) into '{keep}' ({kept_person.name})",
        {k: (None, _shown(v) or "") for k, v in fields.items()},
        ids=(keep, drop),
    )
    change.details.append(
        f"relationships: {len(moved)} moved, {len(combined)} combined"
        + (f", the one between them removed ({dropped_tie.strength})" if dropped_tie else "")
    )
    for conflict in conflicts:
        change.details.append(
            f"conflict in {conflict['where']}: {conflict['field']} kept {conflict['kept']!r}, "
            f"not {conflict['dropped']!r}"
        )
    if left:
        change.notes.append(f"not carried over from '{drop}': {', '.join(left)}; copy what you need from the backup")
    change.data = {
        "merged": {
            "kept": keep,
            "removed": drop,
            "moved": moved,
            "combined": combined,
            "removed_relationship": _tie(dropped_tie) if dropped_tie else None,
            "conflicts": conflicts,
            "not_carried_over": left,
        }
    }
    return change
