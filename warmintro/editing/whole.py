"""The back end for files too unusual to cut into entries (a flow-style section, document
markers, anchors shared between entries): the whole document through ruamel.yaml, merged
three ways with the original text so that the lines no edit touched keep their formatting."""

from __future__ import annotations

import re
from typing import Any

from ..fileformat.fields import ASK_FIELDS
from .backend import _Backend, _Refused, _Unsupported
from .emit import Style, _dump, _yaml
from .merge3 import _merge_text
from .operations import _PERSON_ORDER, _RELATIONSHIP_ORDER, EditError, Value
from .tokens import _append_to_map, _append_to_seq, _new_map


def _between(entry: Any) -> frozenset[str] | None:
    try:
        a, b = entry["between"]
    except (KeyError, TypeError, ValueError):
        return None
    return frozenset((str(a), str(b)))


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
