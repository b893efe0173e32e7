"""`ContactsEditor`: a valid contacts file and the edits to make to it.

It checks each edit against what the file holds (edits so far included), records it as an
operation (`warmintro.editing.operations`) and keeps the network the edits describe. `render`
applies the operations through a back end (entry by entry, `warmintro.editing.spliced`, else the
whole document, `warmintro.editing.whole`) and accepts the new text only when warmintro's own
loader reads it back as a valid file holding exactly that network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, MutableMapping
from dataclasses import replace
from typing import Any

from yaml.nodes import Node

from ..errors import ContactsError, Problem
from ..fileformat.fields import ASK_FIELDS, NOTE_FIELDS, PERSON_ID_FIELDS
from ..fileformat.reader import compose_network, parse_network_with_problems
from ..ledger.asks import STATUSES, Ask, AskNote, ask_fields, note_fields
from ..model import ID_PATTERN, Network, Person, Relationship
from .backend import _apply_operation, _Backend, _Refused, _Unsupported
from .emit import Style
from .layout import LayoutFacts, layout_facts
from .merge3 import restore_line_breaks
from .nodes import _detab
from .operations import (
    _PERSON_ORDER,
    _RELATIONSHIP_ORDER,
    AddAsk,
    AddAskNote,
    AddPerson,
    AddRelationship,
    EditError,
    Operation,
    RemoveAsk,
    RemovePerson,
    RemoveRelationship,
    RenameId,
    SetMe,
    SetPersonFields,
    SetRelationshipFields,
    Value,
    _check_fields,
)
from .overlay import Overlay, PairsOf
from .spliced import _Spliced
from .whole import _Whole
from .window import WindowResult, edit_in_window, whole_network

# --------------------------------------------------------------------------------------------
# The editor


class ContactsEditor:
    """A valid contacts file and the edits to make to it. Nothing changes until `render`."""

    def __init__(
        self,
        text: str,
        filename: str = "<string>",
        *,
        windowed: bool = False,
        read: tuple[Network, list[Problem]] | None = None,
        layout: LayoutFacts | None = None,
    ) -> None:
        """`windowed`: the file is large; read it once, in pieces, and make the edits that
        touch a few entries through a window (`warmintro.editing.window`) when its layout
        allows, else through the whole file (read again, whole, only then). `read`: the
        network `text` loads as and its warnings, known already (from the query cache, whose
        people and relationships are decoded only when asked for): edits look up just what
        they touch, and the file is not parsed at all when the window can make them. `layout`:
        the facts of `text` a window needs (`warmintro.editing.layout`), known already (from
        the cache); a windowed editor counts them otherwise."""
        #: The file as read; `text` is what the edits work on: the same, with the line breaks of
        #: a file that mixes them (or uses CR alone) made LF, restored line by line by `render`
        self.original_text = text
        if "\r" in text and set(_LINE_BREAK.findall(text)) not in ({"\n"}, {"\r\n"}):
            text = _LINE_BREAK.sub("\n", text)
        self.text = text
        self.filename = filename
        self._composed: tuple[Node | None, str] | None = None
        network: Network | None
        if read is not None:
            network, problems = read
        elif windowed:
            network, problems = parse_network_with_problems(text, filename)
        else:
            root, network, problems = compose_network(text, filename)
            if network is not None:
                self._composed = (root, _detab(text, root))
        if network is None or any(p.severity == "error" for p in problems):
            raise ContactsError(problems)
        self.windowed = windowed
        #: The file's warnings as read.
        self.problems = problems
        #: After `render`: the network the new text loads as (lines included) and its warnings.
        self.rendered: tuple[Network, list[Problem]] | None = None
        #: After `render` through a window on a network read as needed: the edited entries.
        self.window: WindowResult | None = None
        self.network = network
        #: The whole text's layout facts, for a window edit (None: not a layout a window edits)
        self.layout = layout if layout is not None or not windowed else layout_facts(text)
        self.style = self.layout.style if self.layout is not None else Style.detect(text)
        #: After `render` through a window: the new text's layout facts, when known
        self.new_layout: LayoutFacts | None = None
        self.operations: list[Operation] = []
        #: Which back end rendered the file last: "entries" or "document" (for tests and timing).
        self.rendered_by: str | None = None
        #: Everyone, edits included: read as they are needed when `read` was given.
        self._people: MutableMapping[str, Person] = (
            Overlay(network.people) if read is not None else dict(network.people)
        )
        self._pairs: MutableMapping[frozenset[str], Relationship] = (
            Overlay(PairsOf(network)) if read is not None else {rel.pair: rel for rel in network.relationships}
        )
        #: The relationships' order in the file, edits included (made when first needed).
        self._order_list: list[frozenset[str]] | None = None
        self._order_added: list[frozenset[str]] = []
        if read is None:
            self._order_list = [rel.pair for rel in network.relationships]
        self._intros = {ask.id: ask for ask in network.intros}
        self._me = network.me
        #: Where in `operations` each person and relationship added in this edit is.
        self._added: dict[object, int] = {}
        #: Goes up with every change recorded, so callers can tell whether a step changed anything.
        self.revision = 0

    @property
    def _root(self) -> Node | None:
        return self._compose()[0]

    @property
    def _readable(self) -> str:
        """`text` with the tabs ruamel.yaml refuses made spaces (the same object when it has none)."""
        return self._compose()[1]

    def _compose(self) -> tuple[Node | None, str]:
        """The file's node tree (composed when first needed, for a file read in pieces) and
        its readable text."""
        if self._composed is None:
            root, _network, _problems = compose_network(self.text, self.filename)
            self._composed = (root, _detab(self.text, root))
        return self._composed

    @property
    def _order(self) -> list[frozenset[str]]:
        if self._order_list is None:
            self._order_list = [rel.pair for rel in self.network.relationships] + self._order_added
        return self._order_list

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

    def names(self) -> Iterator[tuple[str, str]]:
        """(id, name) of everyone, edits included, in file order."""
        if isinstance(self._people, Overlay):
            return self._people.names(self.network.names())
        return ((pid, person.name) for pid, person in self._people.items())

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
        if self._order_list is None:
            self._order_added.append(frozenset((a, b)))
        else:
            self._order_list.append(frozenset((a, b)))

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
        for pid, person in list(self._people.items()):
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
        if self.windowed and self.text is self.original_text and self.layout is not None:
            try:
                return self._render_in_window()
            except _Unsupported:
                pass
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
                self.rendered = (network, problems)
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

    def _render_in_window(self) -> str:
        """`render` through a window (see `warmintro.editing.window`): raises _Unsupported
        when the window cannot make these edits."""
        edited = edit_in_window(
            self.text,
            self.filename,
            self.network,
            self.problems,
            self.operations,
            _Described(self),
            self.style,
            self.layout,
        )
        if isinstance(self._people, Overlay):  # the whole network is not in memory: checked entry by entry
            self.window = edited
        else:
            network = whole_network(self.network, edited)
            expected = self.expected_network()
            if network != expected or list(network.people) != list(expected.people):
                raise _Unsupported("the new network is not the one the edits describe")
            self.rendered = (network, edited.problems)
        self.rendered_by = "window"
        self.new_layout = edited.layout
        return edited.text

    def _spliced(self) -> _Backend:
        return _Spliced(self.text, self.style, self._root, self._readable)

    def _spliced_detabbed(self) -> _Backend:
        return _Spliced(self.text, self.style, self._root, self._readable, detab_entries=True)

    def _whole(self) -> _Backend:
        return _Whole(self.text, self.style, self._readable)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


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
    if isinstance(changes.get("email"), tuple):  # several addresses: the first is `email`
        changes["emails"] = changes["email"]
        changes["email"] = changes["emails"][0]
    return replace(person, **changes)


def _relationship_with(rel: Relationship, fields: dict[str, Value]) -> Relationship:
    changes: dict[str, Any] = dict(fields)
    if "strength" in changes:
        changes["strength_given"] = True
    return replace(rel, **changes)


class _Described:
    """What an editor's edits describe, entry by entry, for the window's check."""

    def __init__(self, editor: ContactsEditor) -> None:
        self.editor = editor

    @property
    def me(self) -> str | None:
        return self.editor._me

    @property
    def intros(self) -> tuple[Ask, ...]:
        return tuple(self.editor._intros.values())

    def person(self, pid: str) -> Person:
        return self.editor._people[pid]

    def relationship(self, pair: frozenset[str]) -> Relationship:
        return self.editor._pairs[pair]
