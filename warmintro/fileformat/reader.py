"""Reading a contacts file: its text, validated, into the model (`Network`).

warmintro walks the YAML node tree itself (see `compose` and `nodes`), which lets it

* report every problem in the file in one go, each as ``FILE:LINE:COL: message (hint)``;
* refuse duplicate keys (plain PyYAML silently keeps the last one and loses the first);
* read ids, names and dates exactly as written (``no`` stays a name, not ``False``).

This module holds the entry points and the people and relationships sections; the ask ledger
is read by `asks`, the settings by `settings`, large files in pieces by `pieces`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import Node, ScalarNode, SequenceNode

from ..defaults import default_contacts_path
from ..errors import ContactsError, Problem
from ..ledger.asks import Ask
from ..memory import collector_paused
from ..model import (
    DEFAULT_STRENGTH,
    ID_PATTERN,
    STRENGTHS,
    Job,
    Network,
    Person,
    Relationship,
    Settings,
    strength_label,
)
from ..text import did_you_mean, misspelt, slug_hint
from .asks import read_intros
from .compose import (
    NULL_TAG,
    character_problem,
    compose_lines_as_editors_count,
    syntax_problem,
)
from .decode import read_text
from .fields import (
    JOB_FIELDS,
    PERSON_FIELDS,
    PERSON_ID_FIELDS,
    PERSON_TEXT_FIELDS,
    RELATIONSHIP_FIELDS,
    TOP_LEVEL_FIELDS,
)
from .nodes import NodeReader, TooLarge, kind
from .pieces import Pieces, WholeFileNeeded, compose_in_pieces, split_sections
from .settings import read_settings

if TYPE_CHECKING:
    from ..sources.evidence import Evidence

_STRENGTH_CHOICES = "close, strong, good, weak, acquaintance or 1-5"


def load_network(path: str | os.PathLike[str] | None = None) -> Network:
    """Read and validate a contacts file. Raises ContactsError listing every problem found.

    Warnings (unknown fields and the like) do not stop loading; `check_network` lists them.
    """
    file = Path(path) if path is not None else default_contacts_path()
    return parse_network(read_text(file), str(file))


def parse_network(text: str, filename: str = "<string>") -> Network:
    """Parse and validate the text of a contacts file."""
    network, problems = parse_network_with_problems(text, filename)
    if network is None or any(p.severity == "error" for p in problems):
        raise ContactsError(problems)
    return network


def parse_network_with_problems(
    text: str, filename: str = "<string>", progress: Callable[[int, int], None] | None = None
) -> tuple[Network | None, list[Problem]]:
    """Parse a contacts file and return the network (None when unusable) with all problems.

    `progress(done, total)` is called as the text is parsed, in characters. Files larger than
    PIECE_CHARS are parsed in pieces, so that memory stays proportional to a piece, not to the
    file; the result is the same as parsing the whole (and falls back to that when in doubt)."""
    try:
        with collector_paused():
            return _parse(text, filename, progress)
    finally:
        if progress:
            progress(len(text), len(text))


def _parse(
    text: str, filename: str, progress: Callable[[int, int], None] | None
) -> tuple[Network | None, list[Problem]]:
    layout = split_sections(text)
    if layout is not None:
        try:
            head, pieces = compose_in_pieces(text, layout, progress)
            reader = Reader(filename, len(text))
            network = reader.read(head, pieces)
            return network, sorted(reader.problems, key=lambda p: (p.line or 0, p.column or 0))
        except WholeFileNeeded:
            pass
    _root, network, problems = _compose_whole(text, filename)
    return network, problems


def compose_network(text: str, filename: str = "<string>") -> tuple[Node | None, Network | None, list[Problem]]:
    """Parse a contacts file whole, never in pieces, and also return the YAML node tree read
    (every node knows its line, column and character index), for edits that need to know
    where each entry is."""
    with collector_paused():
        return _compose_whole(text, filename)


def _compose_whole(text: str, filename: str) -> tuple[Node | None, Network | None, list[Problem]]:
    try:
        root = compose_lines_as_editors_count(text)
    except yaml.MarkedYAMLError as exc:
        return None, None, [syntax_problem(exc, filename, text)]
    except yaml.reader.ReaderError as exc:
        return None, None, [character_problem(exc, filename, text)]
    except UnicodeEncodeError:  # a lone surrogate: only text built in Python can hold one
        return None, None, [Problem(filename, None, None, "holds text that is not valid Unicode")]
    except yaml.YAMLError as exc:
        return None, None, [Problem(filename, None, None, f"is not valid YAML: {exc}")]
    except RecursionError:
        return None, None, [Problem(filename, None, None, "is nested too deeply to be a contacts file")]
    reader = Reader(filename, len(text))
    network = reader.read(root)
    return root, network, sorted(reader.problems, key=lambda p: (p.line or 0, p.column or 0))


class Reader(NodeReader):
    """Walks a composed YAML tree into a Network, collecting every problem on the way."""

    def __init__(self, filename: str, size: int = 0) -> None:
        super().__init__(filename, size)
        #: Where each person id and each pair was first seen, across pieces.
        self.first_id_line: dict[str, int] = {}
        self.first_pair_line: dict[frozenset[str], int] = {}
        #: Relationships with evidence, for `apply_evidence` once 'me' is known.
        self._evidence: list[tuple[Relationship, Evidence]] = []

    # -- the file ----------------------------------------------------------------------------

    def read(self, root: Node | None, pieces: Pieces | None = None) -> Network | None:
        """The network in a composed file. `pieces(section)` yields, for a large file parsed in
        pieces, the further nodes of the 'people' and 'relationships' sections, each with the
        line it starts at (see `warmintro.fileformat.pieces`)."""
        try:
            return self._read(root, pieces)
        except TooLarge:
            return None

    def _read(self, root: Node | None, pieces: Pieces | None) -> Network | None:
        if root is None:
            self.error(None, "is empty", "start it with a 'people:' section; see the README for the format")
            return None
        items = self.mapping(root, "the file")
        if items is None:
            return None
        sections = {key: (key_node, value) for key, key_node, value in items}
        extra: dict[str, Any] = {}
        for key, key_node, value in items:
            if key == "sources":
                extra[key] = self.read_sources(value)
            elif key == "shared":  # a colleague's share: who, when, what level (warmintro.sources.team)
                extra[key] = self.plain(value)
            elif key not in TOP_LEVEL_FIELDS:
                slip = misspelt(key, TOP_LEVEL_FIELDS)
                if slip is not None:
                    self.error(
                        key_node,
                        f"misspelt section '{key}': as written it would be left out",
                        f"did you mean '{slip}'?",
                    )
                    continue
                hint = did_you_mean(key, TOP_LEVEL_FIELDS)
                self.warn(
                    key_node,
                    f"unknown top-level section '{key}'; it is kept but not used",
                    hint or "the sections are me, people, relationships, settings, intros and sources",
                )
                extra[key] = self.plain(value)

        people: dict[str, Person] = {}
        if "people" not in sections:
            self.error(root, "has no 'people:' section", "list the people you know under 'people:'")
        else:
            people = self.read_people(sections["people"][1])
            for node, offset in pieces("people") if pieces else ():
                self.line_offset = offset
                people.update(self.read_people(node))
                self.line_offset = 0

        settings = Settings()
        if "settings" in sections:
            settings = read_settings(self, sections["settings"][1])

        relationships: list[Relationship] = []
        if "relationships" in sections:
            relationships = self.read_relationships(sections["relationships"][1], people)
            for node, offset in pieces("relationships") if pieces else ():
                self.line_offset = offset
                relationships.extend(self.read_relationships(node, people))
                self.line_offset = 0

        me = None
        if "me" in sections and "people" in sections:
            me_node = sections["me"][1]
            me = self.text(me_node, "'me'")
            if me is not None and me not in people and me not in self.ids:
                self.error(me_node, f"'me' names unknown person '{me}'", self.person_hint(me, people))
        self.apply_evidence(me)
        intros: tuple[Ask, ...] = ()
        if "intros" in sections and "people" in sections:
            intros = read_intros(self, sections["intros"][1], people)
        return Network(
            people=people,
            relationships=relationships,
            me=me,
            settings=settings,
            extra=extra,
            source=self.filename,
            intros=intros,
        )

    def read_sources(self, node: Node) -> list[str]:
        """`sources: [contacts.mail.yaml, shared/*.yaml]`: further files of the network."""
        if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
            return []
        if not isinstance(node, SequenceNode):
            self.error(
                node,
                f"'sources' should be a list of file names, not {kind(node)}",
                "e.g. 'sources: [contacts.mail.yaml]'",
            )
            return []
        names = list(self.text_list(node, "'sources'"))
        for item in node.value:
            if isinstance(item, ScalarNode) and not (item.value or "").strip():
                self.error(item, "an entry of 'sources' is empty", "name a file, e.g. contacts.mail.yaml")
        return names

    def apply_evidence(self, me: str | None) -> None:
        """Give each relationship with evidence the strength it supports (when the file gives
        none) and its last two-way contact (see warmintro.sources.evidence)."""
        if not self._evidence:
            return
        from ..sources.evidence import derived

        for rel, evidence in self._evidence:
            direct = evidence.is_direct() or (me is not None and me in (rel.a, rel.b))
            rel.strength, rel.last_contact = derived(
                evidence, direct, rel.strength if rel.strength_given else None, rel.last_contact
            )

    def read_people(self, node: Node) -> dict[str, Person]:
        people: dict[str, Person] = {}
        if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
            return people
        items = self.mapping(node, "'people'", key_kind="person id")
        self.ids.update(pid for pid, _, _ in items or [])
        for pid, key_node, value in items or []:
            if pid in self.first_id_line:  # in an earlier piece of a large file
                self.error(
                    key_node,
                    f"duplicate person id '{pid}' (first at line {self.first_id_line[pid]})",
                    f"ids must be unique: rename one, e.g. '{pid}-2', or merge the two entries",
                )
                continue
            self.first_id_line[pid] = self.line(key_node)
            if not ID_PATTERN.match(pid):
                self.error(
                    key_node,
                    f"'{pid}' is not a valid person id",
                    "ids are letters, digits, '-', '_' and '.', starting with a letter or digit; "
                    f"try '{slug_hint(pid)}'",
                )
                continue
            person = self.read_person(pid, value)
            if person is not None:
                person.line = self.line(key_node)
                people[pid] = person
        return people

    def read_person(self, pid: str, node: Node) -> Person | None:
        where = f"person '{pid}'"
        if isinstance(node, ScalarNode) and (node.tag == NULL_TAG or node.value == ""):
            self.error(node, f"{where} has no details", f"give at least a name, e.g. '{pid}: {{name: ...}}'")
            return None
        items = self.mapping(node, where)
        if items is None:
            return None
        fields: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        name = None
        for key, key_node, value in items:
            if key == "name":
                name = self.text(value, f"the name of {where}", required=True)
            elif key == "email" and isinstance(value, SequenceNode):
                emails = self.text_list(value, f"'email' of {where}")
                fields["email"] = emails[0] if emails else None
                fields["emails"] = emails
            elif key in PERSON_ID_FIELDS:
                extra[key] = list(self.text_list(value, f"'{key}' of {where}"))
            elif key in PERSON_TEXT_FIELDS:
                fields[key] = self.text(value, f"'{key}' of {where}")
                if key == "keep_in_touch" and fields[key] is not None:
                    self.duration(value, fields[key], f"'keep_in_touch' of {where}")
            elif key == "private":
                fields["private"] = self.flag(value, f"'private' of {where}")
            elif key == "tags":
                fields["tags"] = self.text_list(value, f"'tags' of {where}")
                self.comma_in_tags(value, fields["tags"], where)
            elif key == "history":
                fields["history"] = self.read_history(value, where)
            else:
                self.unknown_field(key, key_node, PERSON_FIELDS, where)
                extra[key] = self.plain(value)
        if "name" not in {k for k, _, _ in items}:
            self.error(node, f"{where} has no name", f"add 'name: Full Name' under '{pid}:'")
            return None
        if name is None:
            return None
        return Person(id=pid, name=name, extra=extra, **fields)

    def read_history(self, node: Node, where: str) -> tuple[Job, ...]:
        """`history: [{company, title, from, to}, ...]`: where someone worked or studied."""
        if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
            return ()
        if not self.usable(node):
            return ()
        if not isinstance(node, SequenceNode):
            self.error(node, f"'history' of {where} should be a list of '- {{company: ..., title: ...}}' entries")
            return ()
        self.visit(node, len(node.value))
        jobs = []
        for item in node.value:
            items = self.mapping(item, f"an entry of the history of {where}")
            if items is None:
                continue
            fields: dict[str, Any] = {}
            extra: list[tuple[str, Any]] = []
            for key, key_node, value in items:
                if key in ("company", "title"):
                    fields[key] = self.text(value, f"'{key}' in the history of {where}")
                elif key in ("from", "to"):
                    fields["start" if key == "from" else "end"] = self.date(value, f"'{key}' in the history of {where}")
                else:
                    self.unknown_field(key, key_node, JOB_FIELDS, f"the history of {where}")
                    extra.append((key, self.plain(value)))
            if not fields.get("company"):
                self.error(item, f"an entry of the history of {where} has no company", "add 'company: ...'")
                continue
            start, end = fields.get("start"), fields.get("end")
            if start is not None and end is not None and end.as_date() < start.as_date():
                self.warn(item, f"history entry at {fields['company']} ends ({end}) before it starts ({start})")
            jobs.append(Job(extra=tuple(extra), **fields))
        return tuple(jobs)

    def read_relationships(self, node: Node, people: dict[str, Person]) -> list[Relationship]:
        if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
            return []
        if not isinstance(node, SequenceNode):
            self.error(
                node,
                f"'relationships' should be a list of '- between: [a, b]' items, not {kind(node)}",
            )
            return []
        if not self.usable(node):
            return []
        self.visit(node, len(node.value))
        relationships: list[Relationship] = []
        first_seen = self.first_pair_line
        for item in node.value:
            rel = self.read_relationship(item, people)
            if rel is None:
                continue
            if rel.pair in first_seen:
                a, b = sorted(rel.pair)
                self.error(
                    item,
                    f"relationship {a}–{b} is listed twice (first at line {first_seen[rel.pair]})",
                    "keep one entry per pair, with the strength that is true now",
                )
                continue
            first_seen[rel.pair] = self.line(item)
            relationships.append(rel)
        return relationships

    def read_relationship(self, node: Node, people: dict[str, Person]) -> Relationship | None:
        items = self.mapping(node, "a relationship")
        if items is None:
            return None
        fields: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        between: tuple[str, str] | None = None
        evidence: Evidence | bool | None = None
        has_between = False
        ok = True
        strength_given = False
        for key, key_node, value in items:
            if key == "between":
                has_between = True
                between = self.read_between(value, people)
                ok = ok and between is not None
            elif key == "strength":
                strength = self.read_strength(value)
                if strength is None:
                    ok = False
                else:
                    fields["strength"] = strength
                    strength_given = True
            elif key in ("how", "notes"):
                fields[key] = self.text(value, f"'{key}'")
            elif key == "private":
                fields["private"] = self.flag(value, "'private' of a relationship")
            elif key in ("since", "last_contact"):
                fields[key] = self.date(value, f"'{key}'")
            elif key == "channels":
                fields["channels"] = self.text_list(value, "'channels'")
            elif key == "evidence":
                extra[key] = self.plain(value)
                evidence = self.read_evidence(value, extra[key])
                ok = ok and evidence is not False
            else:
                self.unknown_field(key, key_node, RELATIONSHIP_FIELDS, "a relationship")
                extra[key] = self.plain(value)
        if not has_between:
            self.error(node, "relationship has no 'between'", "add 'between: [id1, id2]' naming the two people")
            return None
        if not ok or between is None:
            return None
        since, last = fields.get("since"), fields.get("last_contact")
        if since is not None and last is not None and last.latest() < since.earliest():  # surely before
            self.warn(node, f"last_contact {last} is before since {since}", "check the two dates")
        rel = Relationship(
            a=between[0],
            b=between[1],
            strength=fields.pop("strength", DEFAULT_STRENGTH),
            strength_given=strength_given,
            line=self.line(node),
            extra=extra,
            **fields,
        )
        if evidence is not None and not isinstance(evidence, bool):
            self._evidence.append((rel, evidence))
        return rel

    def read_evidence(self, node: Node, value: Any) -> Evidence | bool | None:
        """A relationship's `evidence:`: the Evidence, None when empty, False when broken."""
        from ..sources.evidence import parse_evidence

        evidence, errors, warnings = parse_evidence(value)
        for message in errors:
            self.error(node, message, "evidence: {mail: {sent: 3, received: 2, first: 2025-01-10, last: 2026-10-14}}")
        for message in warnings:
            self.warn(node, message)
        return False if errors else evidence

    def read_between(self, node: Node, people: dict[str, Person]) -> tuple[str, str] | None:
        if not isinstance(node, SequenceNode) or len(node.value) != 2:
            count = f"{len(node.value)} items" if isinstance(node, SequenceNode) else kind(node)
            self.error(node, f"'between' needs exactly two person ids, not {count}", "write 'between: [alice, carol]'")
            return None
        ids = [self.text(item, "an id in 'between'", required=True) for item in node.value]
        ok = True
        for pid, item in zip(ids, node.value):
            if pid is None:
                ok = False
            elif pid not in people and pid in self.ids:
                ok = False  # that person's own problem is already reported
            elif pid not in people:
                self.error(item, f"unknown person '{pid}' in relationship", self.person_hint(pid, people))
                ok = False
        if not ok:
            return None
        assert ids[0] is not None and ids[1] is not None
        if ids[0] == ids[1]:
            self.error(node, f"'between' names '{ids[0]}' twice", "a relationship joins two different people")
            return None
        return ids[0], ids[1]

    def read_strength(self, node: Node) -> str | None:
        value = self.text(node, "'strength'")
        if value is None:
            return DEFAULT_STRENGTH
        label = strength_label(value)
        if label is not None:
            return label
        hint = did_you_mean(value.strip().lower(), STRENGTHS)
        self.error(
            node,
            f"unknown strength '{value}'",
            f"{hint} Use {_STRENGTH_CHOICES}" if hint else f"use {_STRENGTH_CHOICES}",
        )
        return None
