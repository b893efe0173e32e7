"""The edits warmintro makes to a contacts file, as records, and the checks on what they write.

`ContactsEditor` records each edit as one of these operations; a back end (`warmintro.editing.spliced`,
`warmintro.editing.whole`) applies them to the text when the file is rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..dates import PartialDate
from ..errors import WarmintroError
from ..fileformat.fields import PERSON_FIELDS, RELATIONSHIP_FIELDS
from ..text import UNWRITABLE_CHARACTERS

#: A value an edit writes: text, a date as the file writes dates, or a short list (tags, channels).
Value = str | PartialDate | tuple[str, ...]


#: Characters no edit writes: control characters (other than tab and line feed), the Unicode
#: line and paragraph separators that YAML would read as line breaks, and lone surrogates.
_UNWRITABLE = re.compile(f"[{UNWRITABLE_CHARACTERS}]")


class EditError(WarmintroError):
    """An edit that cannot be made as asked (an id taken, a relationship that does not exist...)."""


# --------------------------------------------------------------------------------------------
# Operations


@dataclass(frozen=True)
class AddPerson:
    pid: str
    fields: dict[str, Value]


@dataclass(frozen=True)
class SetPersonFields:
    pid: str
    fields: dict[str, Value]


@dataclass(frozen=True)
class AddRelationship:
    a: str
    b: str
    fields: dict[str, Value]


@dataclass(frozen=True)
class SetRelationshipFields:
    a: str
    b: str
    fields: dict[str, Value]


@dataclass(frozen=True)
class SetMe:
    pid: str


@dataclass(frozen=True)
class AddAsk:
    fields: dict[str, Value]


@dataclass(frozen=True)
class AddAskNote:
    """A dated note on an ask, and its new status when the note changes it."""

    ask_id: str
    status: str | None
    note: dict[str, Value]


@dataclass(frozen=True)
class RemoveAsk:
    """An ask taken out of the ledger (one drafted and never sent, say)."""

    ask_id: str


@dataclass(frozen=True)
class RemovePerson:
    """A person's entry taken out of `people:` (their relationships and asks go first)."""

    pid: str


@dataclass(frozen=True)
class RemoveRelationship:
    a: str
    b: str


@dataclass(frozen=True)
class RenameId:
    """Every reference to the id `old` made `new`: `between`, `me`, the ledger's people and the
    person fields that name people; with `key`, the person's own key under `people:` too
    (without it, a merge: `new` is someone else already)."""

    old: str
    new: str
    key: bool = True


Operation = (
    AddPerson
    | SetPersonFields
    | AddRelationship
    | SetRelationshipFields
    | SetMe
    | AddAsk
    | AddAskNote
    | RemoveAsk
    | RemovePerson
    | RemoveRelationship
    | RenameId
)


_PERSON_ORDER = PERSON_FIELDS
_RELATIONSHIP_ORDER = RELATIONSHIP_FIELDS
_LIST_FIELDS = {"tags", "channels", "through"}
_DATE_FIELDS = {"since", "last_contact", "date"}


def _check_fields(fields: dict[str, Value], allowed: tuple[str, ...], what: str) -> None:
    for key, value in fields.items():
        if key not in allowed or key in ("between", "history"):
            raise EditError(f"warmintro cannot set '{key}' of a {what}")
        if key in _LIST_FIELDS or (key == "email" and isinstance(value, tuple)):  # email: one or several
            if not isinstance(value, tuple) or not all(isinstance(v, str) and v.strip() for v in value):
                raise EditError(f"'{key}' must be a list of words")
        elif key in _DATE_FIELDS:
            if not isinstance(value, PartialDate):
                raise EditError(f"'{key}' must be a date")
        elif not isinstance(value, str) or not value.strip():
            raise EditError(f"'{key}' of a {what} cannot be empty")
        texts = value if isinstance(value, tuple) else (value,) if isinstance(value, str) else ()
        for text in texts:
            bad = _UNWRITABLE.search(text)
            if bad:
                raise EditError(
                    f"'{key}' contains the control character U+{ord(bad.group()):04X}, "
                    "which a contacts file cannot hold; remove it"
                )
