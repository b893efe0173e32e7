"""The back end that edits entry by entry: each entry an operation touches is cut out of the text,
round-tripped through ruamel.yaml, changed, merged with the user's formatting and spliced back;
new entries are written by warmintro's emitter after the section's last entry. Every other byte
of the file is copied as it was."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..fileformat.compose import STR_TAG
from ..fileformat.fields import ASK_FIELDS, PERSON_ID_FIELDS
from .backend import _Backend, _Unsupported
from .emit import Style, _dump, _yaml, render_entry, scalar_text
from .merge3 import _merge_text
from .nodes import _all_nodes, _is_empty, _node_between, _node_id, _pairs
from .operations import _PERSON_ORDER, _RELATIONSHIP_ORDER, EditError, Value
from .tokens import _keep_anchors

#: The list sections entries are appended to, and whether a new one is in flow style by default.
_LIST_SECTIONS = {"relationships": True, "intros": False}


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
        return splice(self.text, self.pieces())

    def pieces(self) -> list[tuple[int, int, str]]:
        """The edits as (start, end, replacement) spans of the text, in text order, none overlapping."""
        nl = self.style.newline
        pieces: list[tuple[int, int, str]] = []
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
        position = 0
        for start, end, _ in pieces:
            if start < position:
                raise _Unsupported("edits overlap")
            position = end
        return pieces

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


def splice(text: str, pieces: list[tuple[int, int, str]]) -> str:
    """`text` with each span (start, end) of `pieces` (in order, not overlapping) replaced."""
    out: list[str] = []
    position = 0
    for start, end, replacement in pieces:
        out.append(text[position:start])
        out.append(replacement)
        position = end
    out.append(text[position:])
    return "".join(out)


_TRAILING_COMMENT = re.compile(r"([}\]])([ \t]+)(#[^\"'{}\[\]]*)$")


def _keep_comment_gap(old: str, new: str) -> str:
    """ruamel writes one space before the comment after a flow mapping it changed; keep the
    user's gap (``{...}   # note``) when the comment itself is unchanged."""
    before = _TRAILING_COMMENT.search(old.rstrip("\n"))
    after = _TRAILING_COMMENT.search(new.rstrip("\n"))
    if before is None or after is None or before.group(3) != after.group(3):
        return new
    return new[: after.start(2)] + before.group(2) + new[after.end(2) :]


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
