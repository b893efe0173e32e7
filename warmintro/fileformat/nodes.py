"""The node reader: walks a composed YAML tree value by value, collecting every problem.

`NodeReader` knows how to read a mapping (merge keys applied, duplicate keys refused), a text
exactly as written, a flag, a list, a date, a number and an unknown field's value, within the
bounds that keep a hostile file cheap (see warmintro.defaults). The sections of the file are
read with it: people and relationships in `reader`, the ask ledger in `asks`, settings in
`settings`.
"""

from __future__ import annotations

import math
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..dates import PartialDate, parse_duration, parse_partial_date
from ..defaults import MAX_EXPANDED_CHARS, MAX_EXPANDED_NODES, MAX_HINT_COMPARISONS, MAX_NESTING, MAX_TEXT_CHARS
from ..errors import Problem
from ..model import Person
from ..text import did_you_mean, misspelt
from .compose import MERGE_TAG, NULL_TAG, PLAIN_TAGS, RESOLVER, STR_TAG, TAG

#: The tags of the nodes a contacts file may hold.
_USABLE_TAGS = frozenset({*PLAIN_TAGS, TAG + "seq", TAG + "map"})


class TooLarge(Exception):
    """Reading the file would visit far more nodes than it has: aliases expand too far."""


class NodeReader:
    """Reads values from a composed YAML tree, collecting every problem on the way."""

    def __init__(self, filename: str, size: int = 0) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self._constructor = yaml.constructor.SafeConstructor()
        #: Nodes visited so far, and how many a file of this size may take (see warmintro.defaults).
        self._visited = 0
        self._budget = size + MAX_EXPANDED_NODES
        self._text_read = 0
        self._text_budget = size + MAX_EXPANDED_CHARS
        #: Collections being read, innermost last: one met again is an alias to itself.
        self._open: set[int] = set()
        #: For "did you mean": comparisons made so far, and each name's id (for so many people).
        self._hint_comparisons = 0
        self._names: tuple[int, dict[str, str]] = (-1, {})
        #: Unknown keys already warned about (an alias repeats them), and the hint for each word.
        self._unknown_keys: set[tuple[int, int]] = set()
        self._field_hints: dict[tuple[str, tuple[str, ...]], str | None] = {}
        #: The known field each unknown one is a misspelling of (None: a new field).
        self._slips: dict[tuple[str, tuple[str, ...]], str | None] = {}
        #: Added to every node's line: a piece of a large file is composed on its own.
        self.line_offset = 0
        #: Every id written under 'people:', valid or not, so that a person with a problem of
        #: their own does not also make each of their relationships an "unknown person".
        self.ids: set[str] = set()

    # -- reporting ---------------------------------------------------------------------------

    def error(self, node: Node | None, message: str, hint: str | None = None) -> None:
        self._report(node, message, hint, "error")

    def warn(self, node: Node | None, message: str, hint: str | None = None) -> None:
        self._report(node, message, hint, "warning")

    def line(self, node: Node) -> int:
        """The 1-based line of a node in the whole file."""
        return int(node.start_mark.line) + 1 + self.line_offset

    def _report(self, node: Node | None, message: str, hint: str | None, severity: str) -> None:
        line = column = None
        if node is not None:
            line, column = self.line(node), node.start_mark.column + 1
        self.problems.append(Problem(self.filename, line, column, message, hint, severity))  # type: ignore[arg-type]

    # -- node helpers ------------------------------------------------------------------------

    def visit(self, node: Node, count: int) -> None:
        """Count `count` nodes visited under `node`; stop reading when aliases expand too far."""
        self._visited += count
        if self._visited > self._budget:
            self._too_far(node)

    def _too_far(self, node: Node) -> None:
        self.error(node, "YAML anchors and aliases expand too far", "remove the repeated aliases")
        raise TooLarge

    def _enter(self, node: Node) -> bool:
        """Start reading a collection; False (after reporting) when it is already being read:
        an alias inside the very node it names, which would otherwise be read forever. Each
        True is followed by `_leave` (a plain pair, not a context manager: this runs for every
        mapping and list of the file)."""
        if id(node) in self._open:
            self.error(node, "an alias here refers to a value that contains it", "a value cannot include itself")
            return False
        self._open.add(id(node))
        return True

    def _leave(self, node: Node) -> None:
        self._open.discard(id(node))

    def usable(self, node: Node) -> bool:
        """Whether a node is something a contacts file may hold (reported when not): no
        language-specific tag, no text longer than MAX_TEXT_CHARS."""
        tag = node.tag or ""
        if tag in _USABLE_TAGS:
            if isinstance(node, ScalarNode):
                if len(node.value) > MAX_TEXT_CHARS:
                    self.error(
                        node,
                        f"this text is {len(node.value):,} characters long; a value holds at most {MAX_TEXT_CHARS:,}",
                        "shorten it, or check that this is the file you meant",
                    )
                    return False
                self._text_read += len(node.value)
                if self._text_read > self._text_budget:
                    self._too_far(node)
            return True
        self.error(
            node,
            f"unsupported YAML tag '{tag.replace(TAG, '!!')}'",
            "contacts files hold plain text, numbers, lists and mappings; remove the tag",
        )
        return False

    def mapping(self, node: Node, what: str, key_kind: str = "key") -> list[tuple[str, Node, Node]] | None:
        """The (key, key node, value node) items of a mapping, merge keys applied, duplicate
        keys reported. None (after reporting) when the node is not a mapping."""
        if not self.usable(node):
            return None
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} should be a mapping of 'key: value' lines, not {kind(node)}")
            return None
        self.visit(node, len(node.value))
        if not self._enter(node):
            return None
        try:
            return self._mapping_items(node, what, key_kind)
        finally:
            self._leave(node)

    def _mapping_items(self, node: MappingNode, what: str, key_kind: str) -> list[tuple[str, Node, Node]]:
        items: list[tuple[str, Node, Node]] = []
        merged: list[tuple[str, Node, Node]] = []
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merged.extend(self._merge_items(value_node, what))
                continue
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, f"a key in {what} is {kind(key_node)}; keys must be plain words")
                continue
            if not self.usable(key_node):
                continue
            key = key_node.value
            if key in seen:
                first = self.line(seen[key])
                if key_kind == "person id":
                    self.error(
                        key_node,
                        f"duplicate person id '{key}' (first at line {first})",
                        f"ids must be unique: rename one, e.g. '{key}-2', or merge the two entries",
                    )
                else:
                    self.error(
                        key_node,
                        f"duplicate {key_kind} '{key}' in {what} (first at line {first})",
                        "keep one; YAML would otherwise silently drop the first",
                    )
                continue
            seen[key] = key_node
            items.append((key, key_node, value_node))
        for key, key_node, value_node in merged:
            if key not in seen:
                seen[key] = key_node
                items.append((key, key_node, value_node))
        return items

    def _merge_items(self, node: Node, what: str) -> list[tuple[str, Node, Node]]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        self.visit(node, len(sources))
        result: list[tuple[str, Node, Node]] = []
        keys: set[str] = set()
        for source in sources:
            items = self.mapping(source, f"a '<<' merge in {what}")
            for item in items or []:
                if item[0] not in keys:
                    keys.add(item[0])
                    result.append(item)
        return result

    def text(self, node: Node, what: str, *, required: bool = False) -> str | None:
        """A scalar's text exactly as written; None for null or empty."""
        if not self.usable(node):
            return None
        if not isinstance(node, ScalarNode):
            self.error(node, f"{what} should be text, not {kind(node)}")
            return None
        if node.tag == NULL_TAG or (node.value == "" and not node.style):
            if required:
                self.error(node, f"{what} is empty")
            return None
        value: str = node.value
        if required and not value.strip():
            self.error(node, f"{what} is empty")
            return None
        return value

    def flag(self, node: Node, what: str) -> bool:
        """A yes/no value (true or false); an error, read as false, for anything else."""
        if not self.usable(node):
            return False
        word = str(node.value).strip().lower() if isinstance(node, ScalarNode) else ""
        if isinstance(node, ScalarNode) and (node.tag == TAG + "bool" or word in ("true", "false")):
            return word in ("true", "yes", "on", "y")
        self.error(node, f"{what} should be true or false, not {kind(node)}", "write 'private: true'")
        return False

    def text_list(self, node: Node, what: str) -> tuple[str, ...]:
        """A list of short texts; a single text is a list of one."""
        if isinstance(node, ScalarNode):
            single = self.text(node, what)
            return (single,) if single else ()
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} should be a list like [a, b], not {kind(node)}")
            return ()
        if not self.usable(node):
            return ()
        self.visit(node, len(node.value))
        values = []
        for item in node.value:
            value = self.text(item, f"an item of {what}")
            if value is not None:
                values.append(value)
        return tuple(values)

    def date(self, node: Node, what: str) -> PartialDate | None:
        value = self.text(node, what)
        if value is None:
            return None
        try:
            return parse_partial_date(value)
        except ValueError as exc:
            self.error(node, f"{what}: {exc}")
            return None

    def number(self, node: Node, what: str) -> float | None:
        value = self.text(node, what)
        if value is None:
            self.error(node, f"{what} needs a number")
            return None
        try:
            number = float(value.replace("_", ""))
        except ValueError:
            self.error(node, f"{what} should be a number, not '{value}'")
            return None
        if not math.isfinite(number):
            self.error(node, f"{what} should be a finite number, not '{value}'")
            return None
        return number

    def plain(self, node: Node, depth: int = 0) -> Any:
        """Build plain Python data from an unknown field's nodes, for keeping it as written.

        Aliases may make a small file expand enormously ("billion laughs"); expansion and
        nesting are bounded."""
        self.visit(node, 1)
        if depth > MAX_NESTING:
            if depth == MAX_NESTING + 1:
                self.error(node, f"nested more than {MAX_NESTING} levels deep", "flatten this value")
            return None
        if not self.usable(node):
            return None
        if isinstance(node, ScalarNode):
            tag = node.tag
            if tag == STR_TAG and not node.style:  # plain ("" from libyaml, None from PyYAML)
                tag = RESOLVER.resolve(ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]
            construct = self._constructor.yaml_constructors.get(tag)
            if construct is None:
                return node.value
            try:
                return construct(self._constructor, node)
            except (ValueError, yaml.YAMLError):
                return node.value
        if isinstance(node, SequenceNode):
            if not self._enter(node):
                return None
            try:
                return [self.plain(item, depth + 1) for item in node.value]
            finally:
                self._leave(node)
        items = self.mapping(node, "this value") or []
        result: dict[Any, Any] = {}
        for key, _key_node, value_node in items:
            result[key] = self.plain(value_node, depth + 1)
        return result

    def person_hint(self, pid: str, people: dict[str, Person]) -> str:
        """Did-you-mean for an unknown id: the id of a person named that, or the closest id
        (while the comparisons stay within MAX_HINT_COMPARISONS for the whole file)."""
        if self._names[0] != len(people):
            names: dict[str, str] = {}
            for person in people.values():
                names.setdefault(person.name.casefold(), person.id)
            self._names = (len(people), names)
        named = self._names[1].get(pid.strip().casefold())
        if named is not None:
            return f"use the id '{named}', not the name"
        hint = None
        if self._hint_comparisons + len(people) <= MAX_HINT_COMPARISONS:
            self._hint_comparisons += len(people)
            hint = did_you_mean(pid, list(people))
        return hint or "add them under 'people:' first"

    def unknown_field(self, key: str, key_node: Node, choices: tuple[str, ...], where: str) -> None:
        where_in_file = (self.line(key_node), key_node.start_mark.column)
        if where_in_file in self._unknown_keys:
            return  # the same key again, through an alias
        self._unknown_keys.add(where_in_file)
        if (key, choices) not in self._field_hints:
            slip = misspelt(key, choices)
            self._field_hints[key, choices] = f"did you mean '{slip}'?" if slip else did_you_mean(key, choices)
            self._slips[key, choices] = slip
        hint = self._field_hints[key, choices]
        slip = self._slips[key, choices]
        if slip is not None:  # a known field misspelt would silently be left out: refused
            self.error(
                key_node,
                f"misspelt field '{key}' in {where}: as written it would be left out",
                f"did you mean '{slip}'?",
            )
            return
        self.warn(
            key_node,
            f"unknown field '{key}' in {where}; it is kept but not used",
            hint or f"known fields: {', '.join(choices)}",
        )

    def comma_in_tags(self, node: Node, tags: tuple[str, ...], where: str) -> None:
        """`tags: investor, vc` is one tag, "investor, vc", that `find --tag investor` misses."""
        for tag in tags:
            if "," in tag:
                words = [w.strip() for t in tags for w in t.split(",") if w.strip()]
                self.warn(
                    node,
                    f"the tag '{tag}' of {where} holds a comma, so it is one tag, not {len(tag.split(','))}",
                    f"write a list: tags: [{', '.join(words)}]",
                )
                return

    def duration(self, node: Node, text: str, what: str) -> bool:
        """Whether `text` is a duration ('3 months', 'never'); an error naming `what` if not."""
        try:
            parse_duration(text)
        except ValueError as exc:
            self.error(node, f"{what}: {exc}")
            return False
        return True


def kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL_TAG:
        return "empty"
    return f"'{node.value}'" if len(node.value) <= 40 else "a text"
