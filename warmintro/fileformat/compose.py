"""YAML text into a tree of nodes, and what is wrong with text that is not YAML.

The file is read with PyYAML's safe composer, which builds a tree of nodes that know their line
and column but constructs no Python objects, so no tag in the file can run code. Lines are
counted as editors count them; a syntax error becomes a Problem with its line and a hint.
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Problem

try:  # the C parser is many times faster; the pure-Python one gives the same nodes
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
RESOLVER = yaml.resolver.Resolver()


class Loader(_BaseLoader):
    """Composes nodes without guessing every plain scalar's type.

    warmintro reads ids, names, dates and strengths from the text as written, so the only type
    it needs while composing is null; PyYAML's resolver would otherwise run a dozen regular
    expressions on each of millions of scalars (a quarter of the parse time). Unknown fields,
    whose types are kept, are resolved properly in `nodes.NodeReader.plain`."""

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            if value in _NULLS:
                return NULL_TAG
            return MERGE_TAG if value == "<<" else STR_TAG
        resolved: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return resolved


TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = {TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "binary")}
MERGE_TAG = TAG + "merge"
NULL_TAG = TAG + "null"
STR_TAG = TAG + "str"

#: Characters YAML 1.1 (and so PyYAML) counts as line breaks, but YAML 1.2 and editors do not:
#: NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. Inside a comment, one would end the comment (the
#: rest of it read as content) and every line number after it would be one off.
OTHER_BREAKS = ("\x85", "\u2028", "\u2029")
#: Private-use characters to stand in for them while composing (the first three absent from the file).
_STAND_INS = tuple(chr(c) for c in range(0xF8F0, 0xF900))


def compose_lines_as_editors_count(text: str) -> Node | None:
    """yaml.compose, with lines counted as YAML 1.2 and editors count them (line feeds and
    carriage returns only): each of OTHER_BREAKS is replaced by a stand-in of one character
    while composing (so every index and column is kept) and put back into every text after."""
    present = [mark for mark in OTHER_BREAKS if mark in text]
    if not present:
        return yaml.compose(text, Loader=Loader)
    stand_ins = [c for c in _STAND_INS if c not in text][: len(present)]
    if len(stand_ins) < len(present):  # a file full of private-use characters: count as YAML 1.1 does
        return yaml.compose(text, Loader=Loader)
    root = yaml.compose(text.translate({ord(a): b for a, b in zip(present, stand_ins)}), Loader=Loader)
    back = {ord(b): a for a, b in zip(present, stand_ins)}
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:  # every node once, aliases included (a depth-first walk without recursion)
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            node.value = node.value.translate(back)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(item for pair in node.value for item in pair)
    return root


def syntax_problem(exc: yaml.MarkedYAMLError, filename: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or "syntax error"
    if exc.context:
        what = f"{exc.context}, {what}"
    hint = "check the indentation and quoting around this line"
    lines = re.split(r"\r\n|\r|\n", text)  # not splitlines(), which also splits at U+2028 and more
    line_text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "\t" in line_text[: (mark.column + 1) if mark is not None else 0]:
        what = "a tab character where YAML needs spaces"
        hint = "YAML does not allow tabs for indentation; use spaces"
    elif "unacceptable character" in what:
        hint = "the file contains control or binary bytes; remove them"
    elif mark is not None and (misplaced := _misindented(lines, mark.line)) is not None:
        return Problem(filename, mark.line + 1, misplaced[0] + 1, *misplaced[1:])
    elif "mapping values are not allowed" in what:
        hint = "quote text that contains ': ', e.g. how: \"Met at: SaaS Day\""
    if mark is None:
        return Problem(filename, None, None, f"is not valid YAML: {what}", hint)
    return Problem(filename, mark.line + 1, mark.column + 1, f"is not valid YAML: {what}", hint)


def _columns(line: str) -> list[int]:
    """Where a line's content starts, and where it starts again after each '- ' of a list item
    ("  - between: ..." is at 2 and 4): the columns a line below it may line up with."""
    column = len(line) - len(line.lstrip(" "))
    columns = [column]
    rest = line[column:]
    while rest.startswith("- "):
        after = rest[2:]
        column += 2 + len(after) - len(after.lstrip(" "))
        rest = after.lstrip(" ")
        columns.append(column)
    return columns


def _misindented(lines: list[str], index: int) -> tuple[int, str, str] | None:
    """When line `index` (0-based) is indented to a column that no line above it opens, the
    column it is at, what is wrong and how to line it up; None when its indentation is fine."""
    if index >= len(lines) or not lines[index].strip() or "\t" in lines[index]:
        return None
    column = _columns(lines[index])[0]
    above: list[tuple[int, int]] = []  # (column, line index) a line here may line up with
    limit = None
    opens_block = False
    for number in range(index - 1, -1, -1):
        line = lines[number]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        columns = _columns(line)
        if limit is None:
            content = re.sub(r"\s+#.*$", "", stripped)
            opens_block = content.endswith((":", "|", ">", "|-", ">-", "-")) or content == "-"
            above += [(c, number) for c in columns]
            limit = columns[0]
        elif columns[0] < limit:
            above += [(c, number) for c in columns if c < limit]
            limit = columns[0]
        if limit == 0:
            break
    if not above or any(c == column for c, _ in above) or (opens_block and column > above[0][0]):
        return None
    target, number = min(above, key=lambda item: (abs(item[0] - column), -item[1]))
    words = lines[number][target:].split(":")[0].strip()

    def spaces(count: int) -> str:
        return f"{count} space" + ("" if count == 1 else "s")

    return (
        column,
        f"is not valid YAML: line {index + 1} is indented {spaces(column)}, which lines up with no line above it",
        f"indentation: line it up with '{words}' on line {number + 1} ({spaces(target)})",
    )


def character_problem(exc: yaml.reader.ReaderError, filename: str, text: str) -> Problem:
    """A character YAML does not allow (NUL, other control characters), with its line and column.

    The C reader counts its position in UTF-8 bytes, the Python one in characters; both stop at
    the first such character, so the first occurrence of it in the text is where it is."""
    character = exc.character if isinstance(exc.character, int) else ord(exc.character or "\0")
    message = f"contains the character U+{character:04X}, which YAML does not allow"
    hint = "the file holds control or binary bytes: remove them, or check that it is the right file"
    index = text.find(chr(character))
    if index < 0:
        return Problem(filename, None, None, message, hint)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Problem(filename, line, column, message, hint)
