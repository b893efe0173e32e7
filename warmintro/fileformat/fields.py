"""The fields of the contacts file, declared once.

One table says, for every field the file may hold: its name as written, what kind of value it
takes, where it may appear (the file's top level, a person, an entry of a person's history, a
relationship, the settings, an ask of the ledger, a note of an ask), which attributes of the
model hold it, whether it is required, whether it is private (the user's own notes: never in a
message, an export or a share), whether exports write it, and whether a person's JSON (`show
--json`, `find --json`) gives it.

The reader's known-field checks and did-you-mean hints, the writer's field order, the editor's
field order and the serialisers (cache, exports, JSON) read it; tests check the shipped JSON
Schema (`schema/contacts.schema.json`) and the dataclasses of `warmintro.model` against it.

No imports beyond the standard library: the CLI's warm path may import this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Where a field may appear.
Section = Literal["file", "person", "job", "relationship", "settings", "ask", "note"]
SECTIONS: tuple[Section, ...] = ("file", "person", "job", "relationship", "settings", "ask", "note")

#: What a field holds, as written:
#: text (a scalar, kept as written), emails (text or a list of texts), flag (true/false),
#: words (a list of short texts, or one), date (2004, 2026-05 or 2026-05-14), duration
#: ('3 months', 'never'), number, integer, id (a person or ask id), ids (a list of ids, or one),
#: pair (exactly two ids), strength (a label or 1-5), status (an ask's status), jobs (a list of
#: history entries), notes (a list of an ask's notes), evidence (what mail and calendars say),
#: warmth (a table of strengths, or 'learned'), table (a mapping), list (a list of entries).
Kind = Literal[
    "text", "emails", "flag", "words", "date", "duration", "number", "integer", "id", "ids", "pair",
    "strength", "status", "jobs", "notes", "evidence", "warmth", "table", "list",
]  # fmt: skip


@dataclass(frozen=True)
class Field:
    """One field of the contacts file."""

    #: The name as written in the file.
    name: str
    kind: Kind
    section: Section
    #: The model's attributes that hold it: None for one of the field's own name, () for a
    #: field kept as written among the unknown ones (`extra`), e.g. ("start",) for a job's `from`.
    attributes: tuple[str, ...] | None = None
    required: bool = False
    #: The user's own notes: never in a message, an export or a share (see warmintro.privacy).
    private: bool = False
    #: Written by `export` (GraphML, GEXF, JSON, DOT, CSV) for people who are not private.
    exported: bool = False
    #: Given in a person's JSON (`show --json`, `find --json`).
    in_json: bool = False

    @property
    def model_attributes(self) -> tuple[str, ...]:
        return (self.name,) if self.attributes is None else self.attributes


#: Every field, section by section, each section in the order the file is written.
FIELDS: tuple[Field, ...] = (
    Field("me", "id", "file"),
    Field("people", "table", "file", required=True),
    Field("relationships", "list", "file"),
    Field("settings", "table", "file"),
    Field("intros", "list", "file"),
    Field("sources", "list", "file", attributes=()),
    Field("name", "text", "person", required=True, exported=True, in_json=True),
    Field("company", "text", "person", exported=True, in_json=True),
    Field("title", "text", "person", exported=True, in_json=True),
    Field("email", "emails", "person", attributes=("email", "emails"), in_json=True),
    Field("phone", "text", "person", in_json=True),
    Field("linkedin", "text", "person", in_json=True),
    Field("location", "text", "person", exported=True, in_json=True),
    Field("about", "text", "person", in_json=True),
    Field("pitch", "text", "person"),
    Field("greeting", "text", "person"),
    Field("language", "text", "person"),
    Field("notes", "text", "person", private=True),
    Field("keep_in_touch", "duration", "person"),
    Field("private", "flag", "person"),
    Field("tags", "words", "person", exported=True, in_json=True),
    Field("history", "jobs", "person", exported=True, in_json=True),
    Field("same_as", "ids", "person", attributes=()),
    Field("not_same_as", "ids", "person", attributes=()),
    Field("company", "text", "job", required=True),
    Field("title", "text", "job"),
    Field("from", "date", "job", attributes=("start",)),
    Field("to", "date", "job", attributes=("end",)),
    Field("between", "pair", "relationship", required=True, attributes=("a", "b")),
    Field("strength", "strength", "relationship", exported=True),
    Field("how", "text", "relationship", exported=True),
    Field("since", "date", "relationship", exported=True),
    Field("last_contact", "date", "relationship", exported=True),
    Field("channels", "words", "relationship", exported=True),
    Field("evidence", "evidence", "relationship", attributes=()),
    Field("notes", "text", "relationship", private=True),
    Field("private", "flag", "relationship"),
    Field("warmth", "warmth", "settings", attributes=("warmth", "learned")),
    Field("half_life_years", "number", "settings"),
    Field("max_hops", "integer", "settings"),
    Field("relay", "number", "settings"),
    Field("templates", "text", "settings"),
    Field("language", "text", "settings"),
    Field("keep_in_touch", "table", "settings", attributes=()),
    Field("id", "id", "ask", required=True),
    Field("date", "date", "ask", required=True),
    Field("requester", "id", "ask", required=True),
    Field("connector", "id", "ask", required=True),
    Field("through", "ids", "ask"),
    Field("target", "id", "ask", required=True),
    Field("purpose", "text", "ask"),
    Field("status", "status", "ask", required=True),
    Field("notes", "notes", "ask"),
    Field("date", "date", "note", required=True),
    Field("status", "status", "note"),
    Field("note", "text", "note"),
)


def fields_of(section: Section) -> tuple[Field, ...]:
    """The fields of one section, in the order the file is written."""
    return tuple(f for f in FIELDS if f.section == section)


def names_of(section: Section) -> tuple[str, ...]:
    """The names of the fields of one section, in the order the file is written."""
    return tuple(f.name for f in FIELDS if f.section == section)


TOP_LEVEL_FIELDS = names_of("file")
PERSON_FIELDS = names_of("person")
JOB_FIELDS = names_of("job")
RELATIONSHIP_FIELDS = names_of("relationship")
SETTINGS_FIELDS = names_of("settings")
ASK_FIELDS = names_of("ask")
NOTE_FIELDS = names_of("note")
#: A person's optional fields of one text each (``email`` may be a list; its first is the text),
#: in the order they are written back.
PERSON_TEXT_FIELDS = tuple(
    f.name for f in fields_of("person") if f.kind in ("text", "emails", "duration") and not f.required
)
#: A person's text fields that a person's JSON gives, and those that exports write.
PERSON_JSON_TEXT_FIELDS = tuple(f.name for f in fields_of("person") if f.in_json and f.name in PERSON_TEXT_FIELDS)
PERSON_EXPORTED_TEXT_FIELDS = tuple(f.name for f in fields_of("person") if f.exported and f.name in PERSON_TEXT_FIELDS)
#: Fields of a person whose values are person ids (one, or a list): a rename or a merge
#: rewrites them with the `between` of relationships, `me` and the ledger's people.
PERSON_ID_FIELDS = tuple(f.name for f in fields_of("person") if f.kind == "ids")
#: Fields that hold the user's private notes (of a person and of a relationship).
PRIVATE_FIELDS = tuple(dict.fromkeys(f.name for f in FIELDS if f.private))
