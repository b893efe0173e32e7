"""Growing the network by hand: add a person, connect two people, record a contact.

Each function takes a `ContactsEditor` (see `warmintro.editing.editor`), checks what it is asked, records
the edit and returns a `Change` saying what it did, for the command line to show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dates import PartialDate
from ..model import ID_PATTERN, STRENGTHS, strength_label
from ..text import JUNK_CHARACTERS, did_you_mean, fold, normalize, slug
from .editor import ContactsEditor
from .operations import EditError, Value

_JUNK = re.compile(f"[{JUNK_CHARACTERS}]")
_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def clean_text(text: str | None, *, multiline: bool = False) -> str | None:
    """Text from outside (a command line, an export) made fit for the file: NFC, control and
    invisible characters removed, whitespace runs made single spaces (line breaks kept when
    `multiline`), trimmed. None for nothing left."""
    if text is None:
        return None
    text = normalize("NFC", _BREAKS.sub("\n", text))
    text = _JUNK.sub("", text)
    if multiline:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        text = "\n".join(lines)
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
    else:
        text = " ".join(text.split())
    return text or None


def parse_strength(text: str) -> str:
    """A strength label from a label or a number 1-5 (5 is close)."""
    label = strength_label(text)
    if label is not None:
        return label
    hint = did_you_mean(text.strip().lower(), STRENGTHS)
    raise EditError(
        f"unknown strength '{text}'" + (f" ({hint})" if hint else "") + "; use close, strong, good, weak, "
        "acquaintance or 1-5"
    )


def unique_id(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... whichever no one has (ignoring case and accents)."""
    return IdAllocator(taken).new(wanted, record=False)


class IdAllocator:
    """Hands out ids no one has yet, ignoring case and accents, remembering what it gave."""

    def __init__(self, taken: set[str] | list[str]) -> None:
        self._folded = {fold(t) for t in taken}

    def new(self, wanted: str, *, record: bool = True) -> str:
        candidate, number = wanted, 2
        while fold(candidate) in self._folded:
            candidate, number = f"{wanted}-{number}", number + 1
        if record:
            self._folded.add(fold(candidate))
        return candidate


@dataclass
class Change:
    """What a command changed: `action` is added, updated or unchanged; `fields` maps each
    field it set to (before, after)."""

    action: str
    subject: str  # "person 'zed'" or "relationship alice–carol"
    fields: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    ids: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)
    #: Lines that say more about a removal, a rename or a merge, shown under the summary.
    details: list[str] = field(default_factory=list)
    #: More for --json: what a removal, a rename or a merge did, item by item.
    data: dict[str, object] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "action": self.action,
            "subject": self.subject,
            "ids": list(self.ids),
            "fields": {k: {"before": b, "after": a} for k, (b, a) in self.fields.items()},
            "notes": self.notes,
            **self.data,
        }


_ORDER: tuple[str, ...] = ("name", "company", "title", "email", "phone", "linkedin", "location", "greeting")
_ORDER += ("about", "notes", "tags")
_ORDER += ("me", "between", "strength", "how", "since", "last_contact", "channels")


def _in_order(fields: dict[str, tuple[str | None, str]]) -> dict[str, tuple[str | None, str]]:
    return dict(sorted(fields.items(), key=lambda item: _ORDER.index(item[0]) if item[0] in _ORDER else 99))


def _shown(value: Value | None) -> str | None:
    if value is None or value == ():
        return None
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    return str(value)


def _fold(text: str) -> str:
    """`fold`, at once for plain ASCII (which folds to its lower case): add compares a new id
    and name with everyone's."""
    return text.lower() if text.isascii() else fold(text)


def add_person(editor: ContactsEditor, pid: str, fields: dict[str, Value], *, me: bool = False) -> Change:
    """Add a new person under `pid`. Refuses an id that is taken (suggesting a free one) or
    not a valid id (suggesting one made from the name)."""
    name = fields.get("name")
    if not isinstance(name, str) or not name.strip():
        raise EditError("a new person needs a name: --name 'Full Name'")
    if not ID_PATTERN.match(pid):
        suggestion = unique_id(slug(pid) if slug(pid) != "person" else slug(name), set(editor.ids()))
        raise EditError(
            f"'{pid}' is not a valid person id: use letters, digits, '-', '_' and '.', starting with a "
            f"letter or digit (did you mean '{suggestion}'?)"
        )
    taken = set(editor.ids())
    if pid in taken or _fold(pid) in {_fold(t) for t in taken}:
        existing = next(t for t in taken if _fold(t) == _fold(pid))
        raise EditError(
            f"there is already a person '{existing}' ({editor.person(existing).name}); "
            f"did you mean a new id such as '{unique_id(pid, taken)}'? To change them, edit the file"
        )
    change = Change("added", f"person '{pid}'", ids=(pid,))
    folded = _fold(name)
    same_name = [pid for pid, other in editor.names() if _fold(other) == folded]
    if same_name:
        change.notes.append(f"{name} is also in the file as '{same_name[0]}'")
    editor.add_person(pid, fields)
    change.fields = {k: (None, _shown(v) or "") for k, v in fields.items()}
    if me:
        editor.set_me(pid)
        change.fields["me"] = (None, pid)
    return change


def connect(
    editor: ContactsEditor, a: str, b: str, fields: dict[str, Value], *, channels: tuple[str, ...] = ()
) -> Change:
    """Create the relationship between `a` and `b`, or update the one there is, in place,
    whichever order it was written in. Given fields replace what was there; `channels` are
    added to the ones listed."""
    if a == b:
        raise EditError(f"a relationship joins two different people, not '{a}' twice")
    existing = editor.relationship(a, b)
    subject = f"relationship {a}–{b}"
    if existing is None:
        new = dict(fields)
        if channels:
            new["channels"] = _unique(channels)
        editor.add_relationship(a, b, new)
        return Change("added", subject, _in_order({k: (None, _shown(v) or "") for k, v in new.items()}), ids=(a, b))
    changes: dict[str, Value] = {}
    shown: dict[str, tuple[str | None, str]] = {}
    for key, value in fields.items():
        before = existing.strength if key == "strength" and existing.strength_given else getattr(existing, key)
        if before != value:
            changes[key] = value
            shown[key] = (_shown(before), _shown(value) or "")
    if channels:
        merged = _unique(existing.channels + channels)
        if merged != existing.channels:
            changes["channels"] = merged
            shown["channels"] = (_shown(existing.channels), _shown(merged) or "")
    editor.set_relationship_fields(existing.a, existing.b, changes)
    action = "updated" if changes else "unchanged"
    return Change(action, f"relationship {existing.a}–{existing.b}", _in_order(shown), (a, b))


def touch(editor: ContactsEditor, a: str, b: str, date: PartialDate) -> Change:
    """Record that `a` and `b` were in contact on `date`: sets the relationship's last_contact."""
    if a == b:
        raise EditError(f"'{a}' is named twice; name two people")
    existing = editor.relationship(a, b)
    if existing is None:
        raise EditError(
            f"'{a}' and '{b}' have no relationship yet; add it first: "
            f"warmintro connect {a} {b} --strength good --how '...'"
        )
    return connect(editor, existing.a, existing.b, {"last_contact": date})


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        if fold(item) not in {fold(s) for s in seen}:
            seen[item] = None
    return tuple(seen)
