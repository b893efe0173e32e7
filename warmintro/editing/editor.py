"""Edits to the contacts file that keep every comment and every line the user wrote.

The file is the user's own, hand-written and commented. An edit (a new person, a relationship
updated, a field filled in) must change the lines it means to change and no other byte. So:

1. Each edit is recorded as an operation (`AddPerson`, `SetPersonFields`, ...), not applied to
   a re-serialised copy of the whole file.
2. When the file is rendered, every entry an operation touches (one person under ``people:``,
   one item under ``relationships:``) is cut out of the text, round-tripped through ruamel.yaml
   (which keeps its comments, quoting, key order and flow/block style), changed, and spliced back
   in place; new entries are rendered the same way, in the style most entries of that section
   already use, and inserted after the section's last entry. Lines outside the touched entries
   are copied byte for byte, and inside an entry the lines ruamel re-formats without being asked
   (spacing in a flow mapping, say) are restored by a three-way merge.
3. Files too unusual to cut into entries (a flow-style ``people: {...}`` section, explicit
   document markers, entries that refer to anchors elsewhere) go through ruamel as a whole
   document instead, with the same three-way merge against the original text.
4. Whatever the path, the new text is parsed again by warmintro's own loader and must (a) be a
   valid contacts file and (b) hold exactly the network the operations describe, nothing more
   and nothing less. Otherwise nothing is written.

`edit_contacts` adds the safe write (lock, staleness check, backup, atomic replace) around it::

    with edit_contacts("contacts.yaml") as editor:
        editor.set_relationship_fields("alice", "carol", {"last_contact": PartialDate(2026, 11, 27)})
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import os
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..dates import PartialDate
from ..errors import ContactsError, WarmintroError
from ..fileformat.compose import NULL_TAG, STR_TAG
from ..fileformat.decode import decode, read_text
from ..fileformat.fields import ASK_FIELDS, NOTE_FIELDS, PERSON_FIELDS, PERSON_ID_FIELDS, RELATIONSHIP_FIELDS
from ..fileformat.reader import compose_network, parse_network_with_problems
from ..ledger.asks import STATUSES, Ask, AskNote, ask_fields, note_fields
from ..model import ID_PATTERN, Network, Person, Relationship
from ..safefile import Snapshot, StaleFile, backup_path, locked, read_regular, real_path, replace_file, snapshot
from ..text import UNWRITABLE_CHARACTERS

#: A value an edit writes: text, a date as the file writes dates, or a short list (tags, channels).
Value = str | PartialDate | tuple[str, ...]

_UNWRITABLE = re.compile(f"[{UNWRITABLE_CHARACTERS}]")
_BOM = b"\xef\xbb\xbf"
#: Text a brand-new contacts file starts with.
NEW_FILE_TEXT = (
    "# The people I know and how well: warmintro's contacts file.\n"
    "# `warmintro check` validates it; the README describes every field.\n"
    "\n"
    "people:\n"
    "\n"
    "relationships:\n"
)


class EditError(WarmintroError):
    """An edit that cannot be made as asked (an id taken, a relationship that does not exist...)."""


class _Unsupported(Exception):
    """This file's layout needs the whole-document path (internal)."""


class _Refused(_Unsupported):
    """ruamel.yaml cannot read the file at all (internal): the edit is refused with the place."""

    def __init__(self, exc: Exception) -> None:
        super().__init__(str(exc))
        mark = getattr(exc, "problem_mark", None)
        self.line = mark.line + 1 if mark is not None else None
        self.column = mark.column + 1 if mark is not None else None
        self.problem = str(getattr(exc, "problem", None) or exc).strip()


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

#: The list sections entries are appended to, and whether a new one is in flow style by default.
_LIST_SECTIONS = {"relationships": True, "intros": False}

_PERSON_ORDER = PERSON_FIELDS
_RELATIONSHIP_ORDER = RELATIONSHIP_FIELDS
_LIST_FIELDS = {"tags", "channels", "through"}
_DATE_FIELDS = {"since", "last_contact", "date"}


def _check_fields(fields: dict[str, Value], allowed: tuple[str, ...], what: str) -> None:
    for key, value in fields.items():
        if key not in allowed or key in ("between", "history"):
            raise EditError(f"warmintro cannot set '{key}' of a {what}")
        if key in _LIST_FIELDS:
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


# --------------------------------------------------------------------------------------------
# Formatting: how the file indents, and the ruamel.yaml instance that writes like it


@dataclass(frozen=True)
class Style:
    """How a file is laid out, so that what warmintro adds looks like what is there."""

    newline: str = "\n"
    mapping_indent: int = 2
    #: Columns from a key to the '-' of the list under it: 2 for "people:\\n  - x", 0 for "- x".
    sequence_offset: int = 2

    @classmethod
    def detect(cls, text: str) -> Style:
        newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
        mapping: Counter[int] = Counter()
        offsets: Counter[int] = Counter()
        previous: tuple[int, str] | None = None
        for raw in text.splitlines():
            stripped = raw.strip()
            if not stripped or stripped.startswith("#"):
                continue
            indent = len(raw) - len(raw.lstrip(" "))
            if previous is not None:
                prev_indent, prev = previous
                if re.match(r"^[^\s#\-?{\[][^#]*:\s*(#.*)?$", prev) and not prev.endswith(("|", ">")):
                    if stripped.startswith("- ") or stripped == "-":
                        offsets[indent - prev_indent] += 1
                    elif indent > prev_indent:
                        mapping[indent - prev_indent] += 1
            previous = (indent, stripped)
        map_indent = mapping.most_common(1)[0][0] if mapping else 2
        offset = offsets.most_common(1)[0][0] if offsets else 2
        return cls(newline, max(1, min(map_indent, 10)), max(0, min(offset, 10)))


def _yaml(style: Style, mapping_indent: int | None = None) -> Any:
    from ruamel.yaml import YAML

    writer = YAML(typ="rt")
    writer.width = 1 << 30  # never re-flow long lines
    writer.preserve_quotes = True
    writer.allow_unicode = True
    offset = style.sequence_offset
    writer.indent(mapping=mapping_indent or style.mapping_indent, sequence=offset + 2, offset=offset)
    return writer


def _dump(writer: Any, data: Any) -> str:
    out = io.StringIO()
    writer.dump(data, out)
    return out.getvalue()


def _yaml_value(value: Value, block: bool) -> Any:
    """A value as ruamel should write it: dates bare (2014, 2026-05, 2026-05-14), lists in flow
    style ([linkedin, email]), text with line breaks as a literal block where the style allows."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, PartialDate):
        if value.month is None:
            return value.year
        if value.day is None:
            return value.text
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, tuple):
        seq = CommentedSeq(list(value))
        seq.fa.set_flow_style()
        return seq
    if block and _literal_ok(value):
        return LiteralScalarString(value)
    if _plain_ok(value, flow=not block):
        return value
    return DoubleQuotedScalarString(value)  # ruamel's own choice of style can differ from PyYAML's reading


def _new_map(fields: dict[str, Value], order: tuple[str, ...], flow: bool) -> Any:
    from ruamel.yaml.comments import CommentedMap

    entry = CommentedMap()
    for key in sorted(fields, key=order.index):
        entry[key] = _yaml_value(fields[key], block=not flow)
    if flow:
        entry.fa.set_flow_style()
    return entry


def _set_in_map(entry: Any, key: str, value: Value, order: tuple[str, ...]) -> None:
    """Set `key`, in place when it is there, else after the keys that come before it in `order`."""
    _put_in_map(entry, key, _yaml_value(value, block=not entry.fa.flow_style()), order)


def _put_in_map(entry: Any, key: str, new: Any, order: tuple[str, ...]) -> None:
    """`_set_in_map` for a value already made a ruamel object."""
    if key in entry:
        entry[key] = new
        return
    rank = order.index(key)
    position = 0
    for index, existing in enumerate(entry):
        if existing in order and order.index(existing) < rank:
            position = index + 1
    if position >= len(entry):
        _append_to_map(entry, key, new)
    else:
        entry.insert(position, key, new)


def _add_note(entry: Any, fields: dict[str, Value]) -> None:
    """Append a note ``{date: ..., status: ..., note: ...}`` to an ask's `notes` list (made
    when there is none: a block list of flow mappings, one line a note)."""
    from ruamel.yaml.comments import CommentedSeq

    note = _new_map(fields, NOTE_FIELDS, flow=True)
    notes = entry.get("notes")
    if isinstance(notes, CommentedSeq):
        _append_to_seq(notes, note)
        return
    seq = CommentedSeq([note])
    if entry.fa.flow_style():
        seq.fa.set_flow_style()
    _put_in_map(entry, "notes", seq, ASK_FIELDS)


def _between(entry: Any) -> frozenset[str] | None:
    try:
        a, b = entry["between"]
    except (KeyError, TypeError, ValueError):
        return None
    return frozenset((str(a), str(b)))


# --------------------------------------------------------------------------------------------
# New entries: warmintro's own small emitter
#
# A new entry has no comments to keep, and its shape is fixed (texts, dates, short lists), so it
# is written directly rather than through ruamel (whose set-up per dump costs milliseconds: too
# slow for an import of thousands). Texts are written bare when every YAML 1.1 and 1.2 reader
# reads them back as the same text, else double-quoted with escapes. The loader checks the result.

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = set(",[]{}?:")
_RESOLVER = yaml.resolver.Resolver()
_NUMBER_LIKE = re.compile(
    r"^[-+]?(0o[0-7]+|0x[0-9a-fA-F]+|0b[01]+|[0-9][0-9_:]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9]+|\.(inf|Inf|INF|nan|NaN|NAN))$"
)
_PRINTABLE = re.compile("^[\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or not _PRINTABLE.match(text):
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(c in _FLOW_INDICATORS for c in text):
        return False
    if _NUMBER_LIKE.match(text):
        return False
    resolved: str = _RESOLVER.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return resolved == "tag:yaml.org,2002:str"


def _quoted(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _PRINTABLE.match(char) and char not in "\x85\u2028\u2029\ufeff":
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def scalar_text(text: str, flow: bool = False) -> str:
    """A text as a YAML scalar on one line: bare when safe, else double-quoted."""
    return text if _plain_ok(text, flow) else _quoted(text)


def _value_text(value: Value, flow: bool) -> str:
    if isinstance(value, PartialDate):
        return value.text
    if isinstance(value, tuple):
        return "[" + ", ".join(scalar_text(v, flow=True) for v in value) + "]"
    return scalar_text(value, flow)


def _literal_ok(text: str) -> bool:
    lines = text.split("\n")
    return (
        len(lines) > 1
        and text == text.strip()
        and all(_PRINTABLE.match(line) and line == line.rstrip() for line in lines)
        and not lines[0].startswith(" ")
    )


def render_entry(fields: dict[str, Value], order: tuple[str, ...], flow: bool, indent: int) -> list[str]:
    """A new mapping's lines (without line breaks): one line ``{k: v, ...}`` when `flow`, else
    one ``k: v`` line per field, multi-line text as a literal block indented by `indent`."""
    keys = sorted(fields, key=order.index)
    if flow:
        return ["{" + ", ".join(f"{k}: {_value_text(fields[k], True)}" for k in keys) + "}"]
    lines = []
    for key in keys:
        value = fields[key]
        if isinstance(value, str) and "\n" in value and _literal_ok(value):
            lines.append(f"{key}: |-")
            lines.extend(" " * indent + line if line else "" for line in value.split("\n"))
        else:
            lines.append(f"{key}: {_value_text(value, False)}")
    return lines


# --------------------------------------------------------------------------------------------
# Comments that trail the last item of a collection
#
# ruamel attaches the comment lines after a collection's last item (blank lines and the
# "# --- next section ---" banner) to that item, so an item appended after it would land below
# the banner. Before appending, those trailing lines are cut from the old last item and given to
# the new one.


def _last_tokens(node: Any) -> list[Any]:
    """The comment tokens along the path to the last value of a collection, outermost first."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    tokens: list[Any] = []
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        if isinstance(node, CommentedMap):
            last = next(reversed(node))
            slots = node.ca.items.get(last) or []
            token = slots[2] if len(slots) > 2 else None
        else:
            last = len(node) - 1
            slots = node.ca.items.get(last) or []
            token = slots[0] if slots else None
        if token is not None and not isinstance(token, list):
            tokens.append(token)
        node = node[last]
        comment = getattr(getattr(node, "ca", None), "comment", None)
        if comment and comment[0] is not None and not isinstance(comment[0], list):
            tokens.append(comment[0])
    return tokens


def _detach_tail(collection: Any) -> str:
    """Remove and return the whole lines that trail the collection's last item."""
    tail = ""
    seen: set[int] = set()
    for token in _last_tokens(collection):
        if id(token) in seen or not isinstance(token.value, str):
            continue
        seen.add(id(token))
        head, newline, rest = token.value.partition("\n")
        if rest:
            token.value = head + newline
            tail = rest + tail
    return tail


def _attach_tail(collection: Any, tail: str) -> None:
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if not tail or not len(collection):
        return
    node = collection
    while True:
        if isinstance(node, CommentedMap):
            last: Any = next(reversed(node))
        else:
            last = len(node) - 1
        child = node[last]
        if hasattr(child, "fa") and not child.fa.flow_style() and len(child):
            node = child
            continue
        token = CommentToken("\n" + tail, CommentMark(0), None)
        if isinstance(node, CommentedMap):
            node.ca.items[last] = [None, None, token, None]
        else:
            node.ca.items[last] = [token, None]
        return


def _append_to_map(entry: Any, key: str, value: Any) -> None:
    tail = _detach_tail(entry) if not entry.fa.flow_style() else ""
    entry[key] = value
    _attach_tail(entry, tail)


def _append_to_seq(seq: Any, value: Any) -> None:
    tail = _detach_tail(seq) if not seq.fa.flow_style() else ""
    seq.append(value)
    _attach_tail(seq, tail)


# --------------------------------------------------------------------------------------------
# Three-way merge: the user's formatting, ruamel's baseline, ruamel's edited text


def merge3(original: list[str], base: list[str], edited: list[str]) -> list[str]:
    """Apply the changes from `base` to `edited` onto `original`.

    `base` is ruamel's rendering of `original` before any edit: it differs from it only where
    ruamel re-formats (spacing, indentation). Changes base->edited are the edits. Where the two
    kinds of change touch different lines both are kept, so lines the edit did not touch keep
    the user's formatting; where they overlap, the edited version wins."""
    if original == base:
        return edited
    ours = _hunks(base, edited)
    theirs = _hunks(base, original)
    result: list[str] = []
    position = 0
    hunks = sorted([(h, True) for h in ours] + [(h, False) for h in theirs], key=lambda x: (x[0][0], x[0][1]))
    index = 0
    while index < len(hunks):
        (lo, hi, _), _mine = hunks[index]
        cluster = [hunks[index]]
        index += 1
        while index < len(hunks) and _overlaps(hunks[index][0], lo, hi, cluster):
            cluster.append(hunks[index])
            hi = max(hi, hunks[index][0][1])
            index += 1
        result.extend(base[position:lo])
        mine = [h for h, is_mine in cluster if is_mine]
        if len(mine) == len(cluster):
            result.extend(_apply_hunks(base, lo, hi, mine))
        elif not mine:
            result.extend(_apply_hunks(base, lo, hi, [h for h, _ in cluster]))
        else:
            result.extend(_apply_hunks(base, lo, hi, mine))
        position = hi
    result.extend(base[position:])
    return result


Hunk = tuple[int, int, list[str]]


def _hunks(a: list[str], b: list[str]) -> list[Hunk]:
    """The changes from `a` to `b`; a run of lines changed one for one is a hunk per line, so
    that a line re-formatted next to a line edited stays apart from it."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    hunks: list[Hunk] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            hunks.extend((i1 + k, i1 + k + 1, [b[j1 + k]]) for k in range(i2 - i1))
        elif tag != "equal":
            hunks.append((i1, i2, b[j1:j2]))
    return hunks


def _overlaps(hunk: Hunk, lo: int, hi: int, cluster: list[tuple[Hunk, bool]]) -> bool:
    start, end, _ = hunk
    if start < hi:
        return True
    if start == hi and start == end:  # an insertion right after the cluster
        return any(h[0] == h[1] == start for h, _ in cluster)
    return False


def _apply_hunks(base: list[str], lo: int, hi: int, hunks: list[Hunk]) -> list[str]:
    out: list[str] = []
    position = lo
    for start, end, lines in sorted(hunks, key=lambda h: (h[0], h[1])):
        if start < position:  # overlapping hunks of one side cannot happen; be safe
            continue
        out.extend(base[position:start])
        out.extend(lines)
        position = end
    out.extend(base[position:hi])
    return out


def _merge_text(original: str, base: str, edited: str) -> str:
    return "".join(
        merge3(original.splitlines(keepends=True), base.splitlines(keepends=True), edited.splitlines(keepends=True))
    )


# --------------------------------------------------------------------------------------------
# Back ends: where the entries being edited come from and how the file is put back together


class _Backend:
    """What operations need: the entries of the file as ruamel objects, and a way to add some."""

    def person(self, pid: str) -> Any:
        raise NotImplementedError

    def relationship(self, a: str, b: str) -> Any:
        raise NotImplementedError

    def add_person(self, pid: str, fields: dict[str, Value]) -> None:
        raise NotImplementedError

    def add_relationship(self, fields: dict[str, Value]) -> None:
        raise NotImplementedError

    def set_me(self, pid: str) -> None:
        raise NotImplementedError

    def ask(self, ask_id: str) -> Any:
        raise NotImplementedError

    def add_ask(self, fields: dict[str, Value]) -> None:
        raise NotImplementedError

    def remove_ask(self, ask_id: str) -> None:
        raise NotImplementedError

    def remove_person(self, pid: str) -> None:
        raise _Unsupported("removing an entry")

    def remove_relationship(self, a: str, b: str) -> None:
        raise _Unsupported("removing an entry")

    def rename_references(self, old: str, new: str, key: bool) -> None:
        raise _Unsupported("renaming an id")

    def render(self) -> str:
        raise NotImplementedError


def _majority_flow(nodes: list[Node], default: bool) -> bool:
    if not nodes:
        return default
    flow = sum(1 for n in nodes if isinstance(n, MappingNode) and getattr(n, "flow_style", False))
    return flow * 2 > len(nodes)


@dataclass
class _Entry:
    start: int  # index of the first character of the entry's first line
    end: int  # index just after the entry's last line (and its line break)
    prefix: str  # what stands before the entry on its first line: "  " or "  - "
    doc: Any = None  # the entry round-tripped by ruamel (a mapping)
    original: str = ""  # the entry's text, dedented, with \n line breaks
    baseline: str = ""  # ruamel's rendering of `original` before any change
    writer: Any = None


class _Spliced(_Backend):
    """Edits entry by entry, splicing each changed entry back into the untouched text."""

    def __init__(
        self, text: str, style: Style, root: Node | None, readable: str | None = None, *, detab_entries: bool = False
    ) -> None:
        self.text = text
        #: whether the lines of an edited entry are copied from `readable` rather than `text`
        self.detab_entries = detab_entries
        #: `text` with the tabs ruamel.yaml refuses made spaces (same length, same lines): what
        #: ruamel reads, while `text` is what the untouched lines are copied from
        self.readable = text if readable is None else readable
        self.style = style
        if re.search(r"^(---|\.\.\.)(\s|$)", text, flags=re.MULTILINE) or re.search(r"^%", text, re.MULTILINE):
            raise _Unsupported("document markers")
        if not isinstance(root, MappingNode) or root.flow_style:
            raise _Unsupported("flow-style root")
        self.root = root
        self.sections: dict[str, tuple[Node, Node]] = {}
        for key, value in root.value:
            if not isinstance(key, ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                raise _Unsupported("merge key at the top")
            self.sections[key.value] = (key, value)
        self.people_nodes: dict[str, tuple[Node, Node]] = {}
        people = self.sections["people"][1]
        if isinstance(people, MappingNode):
            if people.flow_style and people.value:
                raise _Unsupported("flow-style people")
            for key, value in people.value:
                if not isinstance(key, ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                    raise _Unsupported("merge key in people")
                self.people_nodes[key.value] = (key, value)
        elif not _is_empty(people):
            raise _Unsupported("people is not a mapping")
        #: The entries of the list sections, and whether most are written in flow style.
        self.items: dict[str, list[Node]] = {}
        self.flow: dict[str, bool] = {}
        for section, flow in _LIST_SECTIONS.items():
            self.items[section] = []
            if section in self.sections:
                node = self.sections[section][1]
                if isinstance(node, SequenceNode):
                    if node.flow_style and node.value:
                        raise _Unsupported(f"flow-style {section}")
                    self.items[section] = list(node.value)
                elif not _is_empty(node):
                    raise _Unsupported(f"{section} is not a list")
            self.flow[section] = _majority_flow(self.items[section], default=flow)
        self.relationship_nodes = self.items["relationships"]
        self.people_flow = _majority_flow([v for _, v in self.people_nodes.values()], default=False)
        self.entries: dict[object, _Entry] = {}
        self.new_people: list[str] = []
        self.new_items: dict[str, list[str]] = {section: [] for section in _LIST_SECTIONS}
        #: Spans of the text to drop: (start, end) of each entry removed.
        self.removed: list[tuple[int, int]] = []
        self.me: str | None = None
        #: Ids renamed: (old, new, whether the person's own key too), in order.
        self.renames: list[tuple[str, str, bool]] = []

    # -- locating entries --------------------------------------------------------------------

    def _line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def _line_end(self, index: int) -> int:
        """Index just after the line break of the line holding `index` (or the end of the text)."""
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def _content_end(self, node: Node) -> int:
        """Index of the last character of a node's own text (not the comments after it)."""
        if isinstance(node, ScalarNode):
            end = node.end_mark.index
            if node.style in ("|", ">"):
                while end > node.start_mark.index and self.text[end - 1] in " \t\r\n":
                    end -= 1
            return max(end - 1, node.start_mark.index)
        if getattr(node, "flow_style", False) or not node.value:
            return max(node.end_mark.index - 1, node.start_mark.index)
        if isinstance(node, MappingNode):
            key, value = node.value[-1]
            return max(self._content_end(key), self._content_end(value))
        return self._content_end(node.value[-1])

    def _entry(self, key: object, start_node: Node, nodes: list[Node], dash: bool) -> _Entry:
        if key in self.entries:
            return self.entries[key]
        start = self._line_start(start_node.start_mark.index)
        prefix = self.text[start : start_node.start_mark.index]
        if not re.fullmatch(r" *- +" if dash else r" *", prefix):
            raise _Unsupported("entry does not start its line")
        end = self._line_end(max(self._content_end(n) for n in nodes))
        for node in self._all_nodes(nodes):
            if not start <= node.start_mark.index < end:
                raise _Unsupported("entry refers to an anchor elsewhere")
        entry = _Entry(start, end, prefix)
        self._load(entry)
        self.entries[key] = entry
        return entry

    def _all_nodes(self, nodes: list[Node]) -> Iterator[Node]:
        return _all_nodes(nodes)

    def _load(self, entry: _Entry) -> None:
        width = len(entry.prefix)

        def dedented(text: str) -> str:
            raw = text[entry.start : entry.end]
            if not raw.endswith("\n"):
                raw += "\n"
            lines = raw.replace("\r\n", "\n").split("\n")
            lines[0] = " " * width + lines[0][width:]
            return "\n".join(_dedent(line, width) for line in lines)

        original = dedented(self.text)
        readable = original if self.readable is self.text else dedented(self.readable)
        indent = _nested_indent(original) or self.style.mapping_indent
        entry.writer = _yaml(self.style, indent)
        try:
            entry.doc = entry.writer.load(readable)
            entry.baseline = _dump(entry.writer, entry.doc)
        except Exception as exc:  # ruamel refuses the cut-out entry (an alias, an odd key...)
            raise _Unsupported(f"entry cannot be cut out: {exc}") from None
        entry.original = readable if self.detab_entries else original
        if not hasattr(entry.doc, "fa"):
            raise _Unsupported("entry is not a mapping")
        _keep_anchors(entry.doc)  # an anchor used elsewhere in the file must survive the cut

    # -- the backend interface ---------------------------------------------------------------

    def person(self, pid: str) -> Any:
        key, value = self.people_nodes[pid]
        entry = self._entry(("person", pid), key, [key, value], dash=False)
        return entry.doc[next(iter(entry.doc))]

    def relationship(self, a: str, b: str) -> Any:
        pair = frozenset((a, b))
        for index, node in enumerate(self.relationship_nodes):
            if _node_between(node) == pair:
                return self._entry(("relationship", index), node, [node], dash=True).doc
        raise EditError(f"no relationship between '{a}' and '{b}'")

    def add_person(self, pid: str, fields: dict[str, Value]) -> None:
        column, indent = self._people_layout()
        body = render_entry(fields, _PERSON_ORDER, self.people_flow, indent)
        key = " " * column + scalar_text(pid)
        if self.people_flow:
            self.new_people.append(f"{key}: {body[0]}\n")
        else:
            self.new_people.append(f"{key}:\n" + "".join(f"{' ' * (column + indent)}{line}\n" for line in body))

    def add_relationship(self, fields: dict[str, Value]) -> None:
        self._add_item("relationships", fields, _RELATIONSHIP_ORDER)

    def ask(self, ask_id: str) -> Any:
        for index, node in enumerate(self.items["intros"]):
            if _node_id(node) == ask_id:
                return self._entry(("ask", index), node, [node], dash=True).doc
        raise EditError(f"no ask '{ask_id}'")

    def add_ask(self, fields: dict[str, Value]) -> None:
        self._add_item("intros", fields, ASK_FIELDS)

    def remove_ask(self, ask_id: str) -> None:
        """Drop the lines of one ask: from its '- ' line to its last line and the comments
        indented under it. Comments above it, at the list's own indentation, stay. (An anchor
        in it that another entry uses makes the result invalid, and the edit is refused.)"""
        for node in self.items["intros"]:
            if _node_id(node) == ask_id:
                self._remove_item(node)
                return
        raise EditError(f"no ask '{ask_id}'")

    def _remove_item(self, node: Node) -> None:
        """Drop an entry of a list section: its '- ' line to its last line, and the comment
        lines indented under it."""
        start = self._line_start(node.start_mark.index)
        prefix = self.text[start : node.start_mark.index]
        if not re.fullmatch(r" *- +", prefix):
            raise _Unsupported("entry does not start its line")
        end = self._owned_comments_end(self._line_end(self._content_end(node)), prefix.index("-"))
        self.removed.append((start, end))

    def remove_person(self, pid: str) -> None:
        """Drop the lines of one person: their key's line to their last line and the comments
        indented under them. Comments above, at the key's own indentation, stay."""
        key, value = self.people_nodes[pid]
        start = self._line_start(key.start_mark.index)
        if self.text[start : key.start_mark.index].strip(" "):
            raise _Unsupported("person does not start its line")
        last = max(self._content_end(key), self._content_end(value))
        self.removed.append((start, self._owned_comments_end(self._line_end(last), key.start_mark.column)))

    def remove_relationship(self, a: str, b: str) -> None:
        """Drop the lines of one relationship, as `remove_ask` drops an ask's."""
        for node in self.relationship_nodes:
            if _node_between(node) == frozenset((a, b)):
                self._remove_item(node)
                return
        raise EditError(f"no relationship between '{a}' and '{b}'")

    def rename_references(self, old: str, new: str, key: bool) -> None:
        self.renames.append((old, new, key))

    def _references(self, old: str, key: bool) -> list[ScalarNode]:
        """The scalars of the file that name the person `old`: ids in `between`, `me`, the
        ledger's people, person fields that name people, and (with `key`) their own key."""
        found: list[Node] = []
        if key and old in self.people_nodes:
            found.append(self.people_nodes[old][0])
        if "me" in self.sections:
            found.append(self.sections["me"][1])
        for _, value in self.people_nodes.values():
            for name, node in _pairs(value):
                if name in PERSON_ID_FIELDS:
                    found.extend(node.value if isinstance(node, SequenceNode) else [node])
        for node in self.relationship_nodes:
            for name, ids in _pairs(node):
                if name == "between" and isinstance(ids, SequenceNode):
                    found.extend(ids.value)
        for node in self.items["intros"]:
            for name, value in _pairs(node):
                if name in ("requester", "connector", "target"):
                    found.append(value)
                elif name == "through" and isinstance(value, SequenceNode):
                    found.extend(value.value)
        unique = {id(n): n for n in found if isinstance(n, ScalarNode) and n.value == old and n.tag == STR_TAG}
        return list(unique.values())

    def _renamed(self, node: ScalarNode, old: str, new: str) -> str:
        """The text that writes `new` where `node` wrote `old`, in the same quoting."""
        raw = self.text[node.start_mark.index : node.end_mark.index]
        if node.style in ("'", '"') and raw == node.style + old + node.style:
            return node.style + new + node.style  # an id holds no quote or backslash
        if not node.style and raw == old:
            return scalar_text(new, flow=True)
        raise _Unsupported("an id written with an anchor, a tag or escapes")

    def _add_item(self, section: str, fields: dict[str, Value], order: tuple[str, ...]) -> None:
        dash, content = self._item_layout(section)
        body = render_entry(fields, order, self.flow[section], self.style.mapping_indent)
        first = " " * dash + "-" + " " * (content - dash - 1)
        lines = [first + body[0]] + [" " * content + line if line else "" for line in body[1:]]
        self.new_items[section].append("".join(line + "\n" for line in lines))

    def set_me(self, pid: str) -> None:
        self.me = pid

    def _people_layout(self) -> tuple[int, int]:
        if self.people_nodes:
            key, value = list(self.people_nodes.values())[-1]
            column = key.start_mark.column
            nested = self.style.mapping_indent
            if isinstance(value, MappingNode) and not value.flow_style and value.value:
                nested = value.value[0][0].start_mark.column - column
            return column, max(nested, 1)
        key = self.sections["people"][0]
        return key.start_mark.column + self.style.mapping_indent, self.style.mapping_indent

    def _item_layout(self, section: str) -> tuple[int, int]:
        """Columns of the '-' and of the content of a new entry of a list section: those of
        the last entry, else the file's usual offset under the section's key."""
        nodes = self.items[section] or self.items["relationships"]
        if nodes:
            node = nodes[-1]
            start = self._line_start(node.start_mark.index)
            prefix = self.text[start : node.start_mark.index]
            if re.fullmatch(r" *- +", prefix):
                return prefix.index("-"), len(prefix)
        column = self.sections[section][0].start_mark.column if section in self.sections else 0
        dash = column + self.style.sequence_offset
        return dash, dash + 2

    # -- putting the file back together ------------------------------------------------------

    def render(self) -> str:
        nl = self.style.newline
        pieces: list[tuple[int, int, str]] = []  # (start, end, replacement), in text order
        for where, entry in self.entries.items():
            for old, renamed, key in self.renames:
                _rename_in_entry(where, entry.doc, old, renamed, key)
            edited = _dump(entry.writer, entry.doc)
            if edited == entry.baseline:
                continue
            merged = _merge_text(entry.original, entry.baseline, edited)
            if not merged.endswith("\n"):
                merged += "\n"
            if entry.original.count("\n") == merged.count("\n") == 1:
                merged = _keep_comment_gap(entry.original, merged)
            width = len(entry.prefix)
            text = _indent(merged, entry.prefix, " " * width)
            if not self.text[entry.start : entry.end].endswith("\n"):
                text = text[:-1]
            pieces.append((entry.start, entry.end, text.replace("\n", nl)))
        for section, new in (("people", self.new_people), *self.new_items.items()):
            if not new:
                continue
            block = "".join(new).replace("\n", nl)
            if section not in self.sections:
                lead = "" if self.text.endswith("\n") or not self.text else nl
                if section == "intros" and self.text.strip() and not self.text.endswith(("\n\n", "\r\n\r\n")):
                    lead += nl  # the ledger is a section of its own, after a blank line
                pieces.append((len(self.text), len(self.text), f"{lead}{section}:{nl}{block}"))
            else:
                start, end, lead = self._insertion(section)
                pieces.append((start, end, lead + block))
        pieces.extend((start, end, "") for start, end in self.removed)
        pieces.extend(self._rename_pieces([(start, end) for start, end, _ in pieces]))
        if self.me is not None:
            first = self.root.value[0][0]
            at = self._line_start(first.start_mark.index)
            pieces.append((at, at, f"me: {scalar_text(self.me)}{nl}{nl}"))
        pieces.sort(key=lambda p: (p[0], p[1]))
        out: list[str] = []
        position = 0
        for start, end, replacement in pieces:
            if start < position:
                raise _Unsupported("edits overlap")
            out.append(self.text[position:start])
            out.append(replacement)
            position = end
        out.append(self.text[position:])
        return "".join(out)

    def _rename_pieces(self, rewritten: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """The renamed ids outside the entries rewritten whole (those renamed their ids in
        `_rename_in_entry`) and the ones removed."""
        if not self.renames:
            return []
        keys = {id(key) for key, _ in self.people_nodes.values()}
        nodes: dict[int, ScalarNode] = {}
        for old, _, key in self.renames:
            nodes.update((id(n), n) for n in self._references(old, key))
        pieces = []
        for node in nodes.values():
            at = node.start_mark.index
            if any(start <= at < end for start, end in rewritten):
                continue
            value = str(node.value)
            for old, new, key in self.renames:
                if value == old and (key or id(node) not in keys):
                    value = new
            if value != node.value:
                pieces.append((at, node.end_mark.index, self._renamed(node, str(node.value), value)))
        return pieces

    def _insertion(self, section: str) -> tuple[int, int, str]:
        """Where new entries of a section go: (start, end, text to put first). After the last
        entry and the comments indented under it; for an empty section, on the lines after its
        key, the empty value (``{}``, ``[]``, ``~``) removed."""
        nl = self.style.newline
        key, value = self.sections[section]
        last: list[Node] = []
        if section == "people" and self.people_nodes:
            last = list(list(self.people_nodes.values())[-1])
            column = last[0].start_mark.column
        elif self.items.get(section):
            last = [self.items[section][-1]]
            column = self._line_start(last[0].start_mark.index)
            column = self.text.find("-", column, last[0].start_mark.index) - column
        if last:
            end = self._owned_comments_end(self._line_end(max(self._content_end(n) for n in last)), column)
            return end, end, "" if self.text[:end].endswith("\n") else nl
        # an empty section: `people:`, `people: {}`, `relationships: []`, `relationships: ~`
        start, stop = value.start_mark.index, value.end_mark.index
        if stop > start and self.text[start:stop].strip() not in ("{}", "[]", "~", "null", "Null", "NULL"):
            raise _Unsupported("unusual empty section")
        end = self._line_end(max(key.end_mark.index, stop - 1 if stop > start else key.end_mark.index))
        line = self.text[self._line_start(key.start_mark.index) : end]
        if stop > start:
            # drop the empty value, and the space before it, from the key's line
            line_start = self._line_start(key.start_mark.index)
            before = self.text[line_start:start].rstrip(" ")
            after = self.text[stop:end]
            line = before + (after if after.strip() else after.lstrip(" "))
            lead = "" if line.endswith("\n") else nl
            return line_start, end, line + lead
        lead = "" if line.endswith("\n") else nl
        return end, end, lead

    def _owned_comments_end(self, position: int, column: int) -> int:
        """Past the comment lines after an entry that are indented under it (they belong to it)."""
        owned = position
        scan = position
        while scan < len(self.text):
            end = self._line_end(scan)
            line = self.text[scan:end]
            stripped = line.strip()
            if not stripped:
                scan = end
                continue
            indent = len(line) - len(line.lstrip(" "))
            if stripped.startswith("#") and indent > column:
                owned = scan = end
                continue
            break
        return owned


_TRAILING_COMMENT = re.compile(r"([}\]])([ \t]+)(#[^\"'{}\[\]]*)$")


def _keep_comment_gap(old: str, new: str) -> str:
    """ruamel writes one space before the comment after a flow mapping it changed; keep the
    user's gap (``{...}   # note``) when the comment itself is unchanged."""
    before = _TRAILING_COMMENT.search(old.rstrip("\n"))
    after = _TRAILING_COMMENT.search(new.rstrip("\n"))
    if before is None or after is None or before.group(3) != after.group(3):
        return new
    return new[: after.start(2)] + before.group(2) + new[after.end(2) :]


def _is_empty(node: Node) -> bool:
    if isinstance(node, ScalarNode):
        return node.tag == NULL_TAG or node.value == ""
    return not node.value


def _node_id(node: Node) -> str | None:
    """The `id:` of an entry of a list section (an ask), as written."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == "id" and isinstance(value, ScalarNode):
                return str(value.value)
    return None


def _rename_in_entry(where: object, doc: Any, old: str, new: str, key: bool) -> None:
    """`RenameId` inside an entry cut out for editing (a ruamel mapping)."""
    kind = where[0] if isinstance(where, tuple) else None
    if kind == "person":
        pid = next(iter(doc))
        if key and str(pid) == old:
            raise _Unsupported("renaming a person edited in the same change")
        targets = [(doc[pid], name) for name in PERSON_ID_FIELDS if hasattr(doc[pid], "get") and name in doc[pid]]
    elif kind == "relationship":
        targets = [(doc, "between")]
    else:
        targets = [(doc, name) for name in ("requester", "connector", "target", "through") if name in doc]
    for holder, name in targets:
        value = holder[name]
        if isinstance(value, list):
            for index, item in enumerate(value):
                if str(item) == old:
                    value[index] = new
        elif str(value) == old:
            holder[name] = new


def _pairs(node: Node) -> Iterator[tuple[str, Node]]:
    """The (key, value) pairs of a mapping node with text keys."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                yield str(key.value), value


def _node_between(node: Node) -> frozenset[str] | None:
    if not isinstance(node, MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.value == "between" and isinstance(value, SequenceNode):
            texts = [v.value for v in value.value if isinstance(v, ScalarNode)]
            if len(texts) == 2:
                return frozenset(texts)
    return None


def _keep_anchors(node: Any) -> None:
    """Mark every anchor in a cut-out entry to be written even though nothing in the entry uses it."""
    stack = [node]
    while stack:
        item = stack.pop()
        anchor = getattr(item, "anchor", None)
        if anchor is not None and getattr(anchor, "value", None):
            anchor.always_dump = True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _dedent(line: str, width: int) -> str:
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, width) :]


def _indent(text: str, first: str, rest: str) -> str:
    lines = text.split("\n")
    out = []
    for index, line in enumerate(lines):
        if index == len(lines) - 1 and line == "":
            out.append("")
        elif index == 0:
            out.append(first + line)
        else:
            out.append(rest + line if line else line)
    return "\n".join(out)


def _nested_indent(text: str) -> int | None:
    """The indentation of a one-key mapping's value, when it is a block mapping."""
    lines = [line for line in text.split("\n") if line.strip() and not line.strip().startswith("#")]
    if len(lines) >= 2 and re.match(r"^[^\s].*:\s*(#.*)?$", lines[0]) and not lines[1].lstrip().startswith("- "):
        indent = len(lines[1]) - len(lines[1].lstrip(" "))
        return indent or None
    return None


class _Whole(_Backend):
    """The whole document through ruamel, for files too unusual to cut into entries."""

    def __init__(self, text: str, style: Style, readable: str | None = None) -> None:
        self.style = style
        self.original = text.replace("\r\n", "\n")
        self.writer = _yaml(style)
        try:
            self.doc = self.writer.load(self.original if readable is None else readable.replace("\r\n", "\n"))
        except Exception as exc:
            raise _Refused(exc) from None
        self.baseline = _dump(self.writer, self.doc)
        people = self.doc.get("people")
        self.people_flow = _majority_flow_data(list(people.values()) if hasattr(people, "values") else [], False)
        rels = self.doc.get("relationships")
        self.relationships_flow = _majority_flow_data(list(rels) if isinstance(rels, list) else [], True)
        asks = self.doc.get("intros")
        self.intros_flow = _majority_flow_data(list(asks) if isinstance(asks, list) else [], False)
        self.new_ledger = "intros" not in self.doc

    def person(self, pid: str) -> Any:
        return self.doc["people"][pid]

    def relationship(self, a: str, b: str) -> Any:
        for entry in self.doc.get("relationships") or []:
            if _between(entry) == frozenset((a, b)):
                return entry
        raise EditError(f"no relationship between '{a}' and '{b}'")

    def _section(self, name: str, make: Any) -> Any:
        current = self.doc.get(name)
        if current is None or (hasattr(current, "fa") and current.fa.flow_style() and not len(current)):
            fresh = make()
            if name in self.doc:
                self.doc[name] = fresh
            else:
                _append_to_map(self.doc, name, fresh)
            return fresh
        if current.fa.flow_style():
            current.fa.set_block_style()
        return current

    def add_person(self, pid: str, fields: dict[str, Value]) -> None:
        from ruamel.yaml.comments import CommentedMap

        people = self._section("people", CommentedMap)
        _append_to_map(people, pid, _new_map(fields, _PERSON_ORDER, self.people_flow))

    def add_relationship(self, fields: dict[str, Value]) -> None:
        from ruamel.yaml.comments import CommentedSeq

        rels = self._section("relationships", CommentedSeq)
        _append_to_seq(rels, _new_map(fields, _RELATIONSHIP_ORDER, self.relationships_flow))

    def set_me(self, pid: str) -> None:
        self.doc.insert(0, "me", pid)

    def ask(self, ask_id: str) -> Any:
        for entry in self.doc.get("intros") or []:
            if hasattr(entry, "get") and str(entry.get("id")) == ask_id:
                return entry
        raise EditError(f"no ask '{ask_id}'")

    def add_ask(self, fields: dict[str, Value]) -> None:
        from ruamel.yaml.comments import CommentedSeq

        asks = self._section("intros", CommentedSeq)
        _append_to_seq(asks, _new_map(fields, ASK_FIELDS, self.intros_flow))

    def remove_ask(self, ask_id: str) -> None:
        # ruamel keeps the comments around a list item with its neighbours: deleting one
        # through it could take a comment along, so only the line-exact way removes entries
        raise _Unsupported("removing an entry")

    def render(self) -> str:
        edited = _dump(self.writer, self.doc)
        text = _merge_text(self.original, self.baseline, edited)
        if self.new_ledger and "intros" in self.doc:  # a new ledger is a section of its own, after a blank line
            text = re.sub(r"(?<=[^\n])\nintros:", "\n\nintros:", text, count=1)
        return text.replace("\n", self.style.newline)


def _majority_flow_data(items: list[Any], default: bool) -> bool:
    maps = [i for i in items if hasattr(i, "fa")]
    if not maps:
        return default
    return sum(1 for i in maps if i.fa.flow_style()) * 2 > len(maps)


# --------------------------------------------------------------------------------------------
# The editor


class ContactsEditor:
    """A valid contacts file and the edits to make to it. Nothing changes until `render`."""

    def __init__(self, text: str, filename: str = "<string>") -> None:
        #: The file as read; `text` is what the edits work on: the same, with the line breaks of
        #: a file that mixes them (or uses CR alone) made LF, restored line by line by `render`
        self.original_text = text
        if "\r" in text and set(_LINE_BREAK.findall(text)) not in ({"\n"}, {"\r\n"}):
            text = _LINE_BREAK.sub("\n", text)
        root, network, problems = compose_network(text, filename)
        if network is None or any(p.severity == "error" for p in problems):
            raise ContactsError(problems)
        self._root = root
        self.text = text
        self._readable = _detab(text, root)
        self.filename = filename
        self.network = network
        self.style = Style.detect(text)
        self.operations: list[Operation] = []
        #: Which back end rendered the file last: "entries" or "document" (for tests and timing).
        self.rendered_by: str | None = None
        self._people = dict(network.people)
        self._pairs = {rel.pair: rel for rel in network.relationships}
        #: The relationships' order in the file, edits included.
        self._order = [rel.pair for rel in network.relationships]
        self._intros = {ask.id: ask for ask in network.intros}
        self._me = network.me
        #: Where in `operations` each person and relationship added in this edit is.
        self._added: dict[object, int] = {}
        #: Goes up with every change recorded, so callers can tell whether a step changed anything.
        self.revision = 0

    # -- what the file holds, edits included -------------------------------------------------

    @property
    def changed(self) -> bool:
        return bool(self.operations)

    def has_person(self, pid: str) -> bool:
        return pid in self._people

    def person(self, pid: str) -> Person:
        return self._people[pid]

    def relationship(self, a: str, b: str) -> Relationship | None:
        return self._pairs.get(frozenset((a, b)))

    def ids(self) -> list[str]:
        return list(self._people)

    def ask(self, ask_id: str) -> Ask | None:
        return self._intros.get(ask_id)

    def asks(self) -> list[Ask]:
        """The ledger, edits included, in file order."""
        return list(self._intros.values())

    # -- edits -------------------------------------------------------------------------------

    def add_person(self, pid: str, fields: dict[str, Value]) -> None:
        if not ID_PATTERN.match(pid):
            raise EditError(f"'{pid}' is not a valid person id (letters, digits, '-', '_' and '.')")
        if pid in self._people:
            raise EditError(f"there is already a person '{pid}' ({self._people[pid].name})")
        if "name" not in fields:
            raise EditError("a new person needs a name")
        _check_fields(fields, _PERSON_ORDER, "person")
        self._added[pid] = len(self.operations)
        self.revision += 1
        self.operations.append(AddPerson(pid, dict(fields)))
        self._people[pid] = _person_with(Person(id=pid, name=str(fields["name"])), fields)

    def set_person_fields(self, pid: str, fields: dict[str, Value]) -> None:
        if pid not in self._people:
            raise EditError(f"no person '{pid}'")
        _check_fields(fields, _PERSON_ORDER, "person")
        if not fields:
            return
        self.revision += 1
        if pid in self._added:  # a person added in this same edit: change what will be added
            index = self._added[pid]
            added = self.operations[index]
            assert isinstance(added, AddPerson)
            self.operations[index] = AddPerson(pid, {**added.fields, **fields})
        else:
            self.operations.append(SetPersonFields(pid, dict(fields)))
        self._people[pid] = _person_with(self._people[pid], fields)

    def add_relationship(self, a: str, b: str, fields: dict[str, Value]) -> None:
        for pid in (a, b):
            if pid not in self._people:
                raise EditError(f"no person '{pid}'")
        if a == b:
            raise EditError(f"a relationship joins two different people, not '{a}' twice")
        if frozenset((a, b)) in self._pairs:
            raise EditError(f"'{a}' and '{b}' already have a relationship")
        _check_fields(fields, _RELATIONSHIP_ORDER, "relationship")
        self._added[frozenset((a, b))] = len(self.operations)
        self.revision += 1
        self.operations.append(AddRelationship(a, b, dict(fields)))
        self._pairs[frozenset((a, b))] = _relationship_with(Relationship(a=a, b=b, strength_given=False), fields)
        self._order.append(frozenset((a, b)))

    def set_relationship_fields(self, a: str, b: str, fields: dict[str, Value]) -> None:
        pair = frozenset((a, b))
        if pair not in self._pairs:
            raise EditError(f"'{a}' and '{b}' have no relationship in {self.filename}")
        _check_fields(fields, _RELATIONSHIP_ORDER, "relationship")
        if not fields:
            return
        self.revision += 1
        if pair in self._added:
            index = self._added[pair]
            added = self.operations[index]
            assert isinstance(added, AddRelationship)
            self.operations[index] = AddRelationship(added.a, added.b, {**added.fields, **fields})
        else:
            self.operations.append(SetRelationshipFields(a, b, dict(fields)))
        self._pairs[pair] = _relationship_with(self._pairs[pair], fields)

    def set_me(self, pid: str) -> None:
        if self._me is not None:
            raise EditError(f"the file already says 'me: {self._me}'; change it by hand")
        if pid not in self._people:
            raise EditError(f"no person '{pid}'")
        self.revision += 1
        self.operations.append(SetMe(pid))
        self._me = pid

    def add_ask(self, ask: Ask) -> None:
        """Append an ask (without notes) to the ledger, making the `intros:` section if need be."""
        if not ID_PATTERN.match(ask.id):
            raise EditError(f"'{ask.id}' is not a valid ask id (letters, digits, '-', '_' and '.')")
        if ask.id in self._intros:
            raise EditError(f"there is already an ask '{ask.id}'")
        for pid in ask.people:
            if pid not in self._people:
                raise EditError(f"no person '{pid}'")
        if len(set(ask.people)) != len(ask.people):
            raise EditError("an ask's requester, connectors and target are different people")
        if ask.notes or ask.extra:
            raise EditError("a new ask is written without notes; add them with add_ask_note")
        fields = ask_fields(ask)
        _check_fields(fields, ASK_FIELDS, "ask")
        self._added[("ask", ask.id)] = len(self.operations)
        self.revision += 1
        self.operations.append(AddAsk(fields))
        self._intros[ask.id] = replace(ask, line=None)

    def add_ask_note(self, ask_id: str, note: AskNote) -> None:
        """Add a dated note to an ask; a note with a status changes the ask's status too."""
        ask = self._intros.get(ask_id)
        if ask is None:
            raise EditError(f"no ask '{ask_id}' in {self.filename}")
        if ("ask", ask_id) in self._added:
            raise EditError(f"ask '{ask_id}' is new in this edit: write it, then add notes")
        if note.status is not None and note.status not in STATUSES:
            raise EditError(f"unknown status '{note.status}'")
        fields = note_fields(note)
        _check_fields(fields, NOTE_FIELDS, "note")
        self.revision += 1
        self.operations.append(AddAskNote(ask_id, note.status, fields))
        self._intros[ask_id] = replace(
            ask, status=note.status or ask.status, notes=(*ask.notes, replace(note, line=None))
        )

    def remove_ask(self, ask_id: str) -> None:
        """Take an ask out of the ledger: its lines go, every other line stays."""
        if ask_id not in self._intros:
            raise EditError(f"no ask '{ask_id}' in {self.filename}")
        if ("ask", ask_id) in self._added or any(
            isinstance(op, AddAskNote) and op.ask_id == ask_id for op in self.operations
        ):
            raise EditError(f"ask '{ask_id}' changes in this edit: write that first, then remove it")
        self.revision += 1
        self.operations.append(RemoveAsk(ask_id))
        del self._intros[ask_id]

    def relationships_of(self, pid: str) -> list[Relationship]:
        """`pid`'s relationships, edits included, in file order."""
        return [self._pairs[pair] for pair in self._order if pid in pair]

    def _untouched(self, *keys: object) -> None:
        """Refuse to remove or rename what this same edit adds or changes: write that first."""
        for op in self.operations:
            touched: set[object] = set()
            if isinstance(op, (AddPerson, SetPersonFields)):
                touched = {op.pid}
            elif isinstance(op, (AddRelationship, SetRelationshipFields)):
                touched = {op.a, op.b, frozenset((op.a, op.b))}
            elif isinstance(op, AddAsk):
                touched = {("ask", op.fields.get("id"))}
            if touched & set(keys):
                raise EditError("this entry changes in this same edit: write that first, then remove or rename it")

    def remove_relationship(self, a: str, b: str) -> None:
        """Take the relationship between `a` and `b` out: its lines go, every other line stays."""
        pair = frozenset((a, b))
        if pair not in self._pairs:
            raise EditError(f"'{a}' and '{b}' have no relationship in {self.filename}")
        self._untouched(pair)
        existing = self._pairs.pop(pair)
        self._order.remove(pair)
        self.revision += 1
        self.operations.append(RemoveRelationship(existing.a, existing.b))

    def remove_person(self, pid: str) -> None:
        """Take a person out of `people:`. Their relationships and the asks naming them must
        be removed first (the file would not be valid otherwise), and they cannot be `me`."""
        if pid not in self._people:
            raise EditError(f"no person '{pid}'")
        if pid == self._me:
            raise EditError(f"'{pid}' is you (me: {pid}); change 'me:' first")
        if self.relationships_of(pid):
            raise EditError(f"'{pid}' still has relationships; remove them first")
        asks = [ask.id for ask in self._intros.values() if ask.involves(pid)]
        if asks:
            raise EditError(f"asks in the ledger name '{pid}' ({', '.join(asks)}); remove them first")
        self._untouched(pid)
        del self._people[pid]
        self.revision += 1
        self.operations.append(RemovePerson(pid))

    def rename_id(self, old: str, new: str, *, key: bool = True) -> None:
        """Make every reference to the person `old` name `new` instead: the relationships'
        `between`, `me`, the ledger's people and the person fields naming people; with `key`,
        the person's own id too (a rename). Without it, `new` is another person already and
        `old` keeps only their entry under `people:` (the step of a merge before removing it)."""
        if old not in self._people:
            raise EditError(f"no person '{old}'")
        if key:
            if not ID_PATTERN.match(new):
                raise EditError(f"'{new}' is not a valid person id (letters, digits, '-', '_' and '.')")
            if new in self._people:
                raise EditError(f"there is already a person '{new}' ({self._people[new].name})")
        elif new not in self._people or new == old:
            raise EditError(f"no other person '{new}'")
        pairs = [pair for pair in self._order if old in pair]
        self._untouched(old, *pairs)
        for pair in pairs:
            (other,) = pair - {old}
            if other == new:
                raise EditError(f"'{old}' and '{new}' have a relationship with each other; remove it first")
            if frozenset((other, new)) in self._pairs:
                raise EditError(f"'{old}' and '{new}' both have a relationship with '{other}'; combine them first")
        asks = {ask.id: _renamed_ask(ask, old, new) for ask in self._intros.values()}
        clash = [ask.id for ask in asks.values() if len(set(ask.people)) != len(ask.people)]
        if clash:
            raise EditError(
                f"asks in the ledger would name '{new}' twice ({', '.join(clash)}); remove them first "
                "(warmintro intros remove ID)"
            )
        self.revision += 1
        self.operations.append(RenameId(old, new, key))
        people: dict[str, Person] = {}
        for pid, person in self._people.items():
            person = _renamed_person(person, old, new)
            if pid == old and key:
                people[new] = replace(person, id=new)
            else:
                people[pid] = person
        self._people = people
        for index, pair in enumerate(self._order):
            if old in pair:
                rel = self._pairs.pop(pair)
                rel = replace(rel, a=new if rel.a == old else rel.a, b=new if rel.b == old else rel.b)
                self._order[index] = rel.pair
                self._pairs[rel.pair] = rel
        self._intros = asks
        if self._me == old:
            self._me = new

    # -- the result --------------------------------------------------------------------------

    def expected_network(self) -> Network:
        """The network the edits describe: what the new file must load as."""
        return Network(
            people=dict(self._people),
            relationships=[self._pairs[pair] for pair in self._order],
            me=self._me,
            settings=self.network.settings,
            extra=self.network.extra,
            intros=tuple(self._intros.values()),
        )

    def render(self) -> str:
        """The new text of the file: every edit made, every other line as it was, checked."""
        if not self.operations:
            return self.original_text
        expected = self.expected_network()
        failures: list[str] = []
        refused: _Refused | None = None
        attempts = [("entries", self._spliced), ("document", self._whole)]
        if self._readable is not self.text:  # last, the entries edited with their tabs made spaces
            attempts.append(("entries", self._spliced_detabbed))
        for name, make in attempts:
            try:
                backend = make()
                for op in self.operations:
                    _apply_operation(backend, op)
                text = backend.render()
            except _Refused as exc:
                refused = exc
                continue
            except _Unsupported:
                continue
            if self.text is not self.original_text:
                text = restore_line_breaks(self.original_text, text)
            network, problems = parse_network_with_problems(text, self.filename)
            errors = [p for p in problems if p.severity == "error"]
            if network is not None and not errors and network == expected:
                self.rendered_by = name
                return text
            failures.append(str(errors[0]) if errors else "the result would hold other changes too")
        if self._readable is not self.text:  # a tab warmintro's editor could not keep: say where
            if refused is not None and refused.line:
                line, column, problem = refused.line, refused.column, refused.problem
            else:
                at = next(i for i, (a, b) in enumerate(zip(self.text, self._readable)) if a != b)
                line = self.text.count("\n", 0, at) + 1
                column = at - self.text.rfind("\n", 0, at)
                problem = failures[0] if failures else "a tab"
            raise EditError(
                f"{self.filename}:{line}:{column}: warmintro could not make this edit around the tabs of this "
                f"line without changing something else ({problem}); nothing was written. "
                "Replace the tabs around it with spaces (or make this edit by hand)."
            )
        removing_ask = any(isinstance(op, RemoveAsk) for op in self.operations)
        reshaping = any(isinstance(op, (RemovePerson, RemoveRelationship, RenameId)) for op in self.operations)
        if reshaping:
            advice = (
                "People and relationships are removed and ids renamed line by line, which this file's layout "
                "(document markers '---', flow style, anchors, tags) does not allow: make this change by hand."
            )
        elif removing_ask:
            advice = (
                "An ask is removed line by line, which this file's layout (document markers '---', "
                "flow style, anchors) does not allow: delete its lines by hand."
            )
        else:
            advice = "Entries shared through YAML anchors and aliases (&name, *name) have to be edited by hand."
        raise EditError(
            f"warmintro could not make this edit to {self.filename} without changing something else "
            f"({failures[0] if failures else 'no way to edit this layout'}); nothing was written. {advice}"
        )

    def _spliced(self) -> _Backend:
        return _Spliced(self.text, self.style, self._root, self._readable)

    def _spliced_detabbed(self) -> _Backend:
        return _Spliced(self.text, self.style, self._root, self._readable, detab_entries=True)

    def _whole(self) -> _Backend:
        return _Whole(self.text, self.style, self._readable)


def _all_nodes(nodes: list[Node]) -> Iterator[Node]:
    """Every node under `nodes`, each once (an aliased node is one node)."""
    stack = list(nodes)
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, MappingNode):
            for k, v in node.value:
                stack.extend((k, v))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_QUOTED_OR_BLOCK = ('"', "'", "|", ">")


def _detab(text: str, root: Node | None) -> str:
    """`text` with every tab outside quoted and block scalars made a space: the same length and
    lines, and the same document (YAML reads such a tab as a separator or as trailing space; one
    inside a plain scalar changes that value, which the check of every edit's result catches).
    PyYAML accepts tabs where ruamel.yaml refuses them: after a value, after a colon, before a
    comment. ruamel reads this copy; the lines an edit does not touch are copied from `text`."""
    if "\t" not in text or root is None:
        return text
    spans = [
        (node.start_mark.index, node.end_mark.index)
        for node in _all_nodes([root])
        if isinstance(node, ScalarNode)
        and node.style in _QUOTED_OR_BLOCK
        and "\t" in text[node.start_mark.index : node.end_mark.index]
    ]
    out: list[str] = []
    position = 0
    for start, end in sorted(spans):
        out.append(text[position:start].replace("\t", " "))
        out.append(text[start:end])
        position = end
    out.append(text[position:].replace("\t", " "))
    return "".join(out)


def restore_line_breaks(original: str, edited: str) -> str:
    """`edited` (LF line breaks) with each line ending as it did in `original`, a file that
    mixes CRLF, LF and CR: a line the edit kept keeps its own line break; a line it added or
    changed takes the line break of the line above it (of the line below, at the very top)."""
    old = _LINE.findall(original)
    old_text = [line.rstrip("\r\n") for line in old]
    old_break = [line[len(text) :] for line, text in zip(old, old_text)]
    new = _LINE.findall(edited)
    new_text = [line.rstrip("\n") for line in new]
    new_break: list[str | None] = [None] * len(new)
    head = 0
    while head < min(len(old), len(new)) and old_text[head] == new_text[head]:
        new_break[head] = old_break[head]
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old_text[len(old) - 1 - tail] == new_text[len(new) - 1 - tail]:
        new_break[len(new) - 1 - tail] = old_break[len(old) - 1 - tail]
        tail += 1
    matcher = difflib.SequenceMatcher(None, old_text[head : len(old) - tail], new_text[head : len(new) - tail], False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for offset in range(j2 - j1):
            if tag == "equal" or offset < i2 - i1:
                new_break[head + j1 + offset] = old_break[head + i1 + offset]
    common = Counter(b for b in old_break if b).most_common(1)
    fallback = common[0][0] if common else "\n"
    out: list[str] = []
    for index, (line, text) in enumerate(zip(new, new_text)):
        if not line.endswith("\n"):
            out.append(text)
            continue
        ending = new_break[index]
        if not ending:  # added, or the old last line without a line break: the neighbour's
            above = next((new_break[i] for i in range(index - 1, -1, -1) if new_break[i]), None)
            below = next((new_break[i] for i in range(index + 1, len(new)) if new_break[i]), None)
            ending = above or below or fallback
            new_break[index] = ending
        out.append(text + ending)
    return "".join(out)


def _renamed_ask(ask: Ask, old: str, new: str) -> Ask:
    def one(pid: str) -> str:
        return new if pid == old else pid

    if not ask.involves(old):
        return ask
    return replace(
        ask,
        requester=one(ask.requester),
        connector=one(ask.connector),
        through=tuple(one(p) for p in ask.through),
        target=one(ask.target),
    )


def _renamed_person(person: Person, old: str, new: str) -> Person:
    """`person` with `old` made `new` in the fields that name people."""
    changes: dict[str, Any] = {}
    extra = dict(person.extra)
    for name in PERSON_ID_FIELDS:
        holder = extra if name in extra else None
        value = extra.get(name) if holder is not None else getattr(person, name, None)
        if isinstance(value, (list, tuple)):
            renamed: Any = type(value)(new if str(v) == old else v for v in value)
        elif isinstance(value, str) and value == old:
            renamed = new
        else:
            continue
        if holder is not None:
            extra[name] = renamed
        else:
            changes[name] = renamed
    if extra != person.extra:
        changes["extra"] = extra
    return replace(person, **changes) if changes else person


def _person_with(person: Person, fields: dict[str, Value]) -> Person:
    changes: dict[str, Any] = dict(fields)
    return replace(person, **changes)


def _relationship_with(rel: Relationship, fields: dict[str, Value]) -> Relationship:
    changes: dict[str, Any] = dict(fields)
    if "strength" in changes:
        changes["strength_given"] = True
    return replace(rel, **changes)


def _apply_operation(backend: _Backend, op: Operation) -> None:
    if isinstance(op, AddPerson):
        backend.add_person(op.pid, op.fields)
    elif isinstance(op, SetPersonFields):
        entry = backend.person(op.pid)
        for key, value in op.fields.items():
            _set_in_map(entry, key, value, _PERSON_ORDER)
    elif isinstance(op, AddRelationship):
        backend.add_relationship({"between": (op.a, op.b), **op.fields})
    elif isinstance(op, SetRelationshipFields):
        entry = backend.relationship(op.a, op.b)
        for key, value in op.fields.items():
            _set_in_map(entry, key, value, _RELATIONSHIP_ORDER)
    elif isinstance(op, AddAsk):
        backend.add_ask(op.fields)
    elif isinstance(op, RemoveAsk):
        backend.remove_ask(op.ask_id)
    elif isinstance(op, RemovePerson):
        backend.remove_person(op.pid)
    elif isinstance(op, RemoveRelationship):
        backend.remove_relationship(op.a, op.b)
    elif isinstance(op, RenameId):
        backend.rename_references(op.old, op.new, op.key)
    elif isinstance(op, AddAskNote):
        entry = backend.ask(op.ask_id)
        if op.status is not None:
            _set_in_map(entry, "status", op.status, ASK_FIELDS)
        _add_note(entry, op.note)
    else:
        backend.set_me(op.pid)


# --------------------------------------------------------------------------------------------
# Reading and writing the file


@dataclass
class EditResult:
    """What `edit_contacts` did, filled in when the block ends."""

    path: Path
    written: bool = False
    backup: Path | None = None
    created: bool = False
    operations: int = 0
    notes: list[str] = field(default_factory=list)


@contextmanager
def edit_contacts(
    path: str | Path,
    *,
    dry_run: bool = False,
    create: bool = False,
    base: Snapshot | None = None,
    start: str | None = None,
) -> Iterator[tuple[ContactsEditor, EditResult]]:
    """Open a contacts file for editing; write it back, safely, when the block ends.

    The writer lock is held from before the read until after the write. Raises ContactsError
    for a file that is invalid before or would be invalid after, StaleFile when the file changed
    on disk meanwhile (or since `base`, a snapshot taken earlier, say before asking the user),
    FileLocked when another warmintro is writing it. `dry_run` makes and checks the edits but
    writes nothing. `create` starts a new file when there is none: with the text `start` when
    given (and then written even when no edit is made), else a bare skeleton."""
    shown = Path(path)
    target = real_path(shown)
    if os.path.lexists(target) and not os.path.isfile(target):
        read_text(shown)  # a directory, a FIFO, a symlink loop...: refused before any lock file is made
    lock = locked(target) if not dry_run else _no_lock()
    with lock:
        data = _read(shown, target, create)
        before = snapshot(target, data)
        if base is not None and (base.sha256 != before.sha256 or base.exists != before.exists):
            raise StaleFile(f"{shown} changed on disk since it was read; nothing was written")
        text = decode(data, str(shown)) if data is not None else start or NEW_FILE_TEXT
        editor = ContactsEditor(text, str(shown))
        result = EditResult(path=shown, created=data is None)
        yield editor, result
        result.operations = len(editor.operations)
        if not editor.changed and (data is not None or start is None):
            return
        new_text = editor.render()
        if dry_run:
            return
        bom = _BOM if data is not None and data.startswith(_BOM) else b""
        kept = replace_file(before, bom + new_text.encode("utf-8"))
        # name the backup as the user named the file, unless that name is a symlink
        result.backup = kept if kept is None or shown.is_symlink() else backup_path(shown)
        result.written = True


def _read(shown: Path, target: Path, create: bool) -> bytes | None:
    """The file's bytes; None for a file that does not exist yet when `create` allows it."""
    try:
        return read_regular(target)
    except FileNotFoundError:
        if create:
            return None
        read_text(shown)  # raises the loader's own "not found" problem, with its hint
        raise
    except OSError:
        read_text(shown)  # permission denied, a directory...: the loader's messages
        raise


@contextmanager
def _no_lock() -> Iterator[None]:
    yield
