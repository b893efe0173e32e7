"""Large files, in pieces: the 'people' and 'relationships' sections of a big file are composed
a piece of about PIECE_CHARS characters at a time, so that memory stays proportional to a piece,
not to the file. Any layout this does not fully understand is read whole instead (the answer is
the same either way; tests/test_pieces.py holds that law).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from .compose import OTHER_BREAKS, Loader

#: Files larger than this many characters are parsed in pieces of about this size.
PIECE_CHARS = 4 << 20

#: A piece's node, and what to add to its line numbers.
Pieces = Callable[[str], Iterator[tuple[Node, int]]]

_TOP_LEVEL_LINE = re.compile(r"^[^\s#].*", re.MULTILINE)
_BLOCK_KEY = re.compile(r"([A-Za-z_][\w.-]*)[ \t]*:[ \t]*(?:#.*)?")
_INLINE_KEY = re.compile(r"([A-Za-z_][\w.-]*)[ \t]*:[ \t]")
_SPLITTABLE = ("people", "relationships")
_LONE_CR = re.compile(r"\r(?!\n)")


class WholeFileNeeded(Exception):
    """A piece did not parse on its own: parse the whole file instead, for the exact answer."""


@dataclass
class Layout:
    #: The file with the bodies of split sections blanked, line numbers kept.
    head: str
    #: section -> (start, end) character range of its body, for the sections split in pieces.
    bodies: dict[str, tuple[int, int]]


def split_sections(text: str) -> Layout | None:
    """Where the 'people' and 'relationships' sections of a plain block-style file are, so they
    can be parsed in pieces; None for a file of at most PIECE_CHARS characters (read whole) and
    for any layout this does not fully understand."""
    if len(text) <= PIECE_CHARS:
        return None
    if any(mark in text for mark in OTHER_BREAKS) or _LONE_CR.search(text):
        return None  # YAML counts these as line breaks too; the piece arithmetic counts "\n"
    starts: list[tuple[str, int, int, bool]] = []  # key, line start, body start, block?
    for match in _TOP_LEVEL_LINE.finditer(text):
        line = match.group()
        if line == "-" or line.startswith("- "):
            if starts and starts[-1][3]:
                continue  # an entry of a sequence written without indentation
            return None
        block = _BLOCK_KEY.fullmatch(line.rstrip("\r"))
        if block is not None:
            starts.append((block.group(1), match.start(), match.end() + 1, True))
            continue
        inline = _INLINE_KEY.match(line)
        if inline is None:
            return None  # a document marker, a directive, a flow mapping...
        starts.append((inline.group(1), match.start(), match.end() + 1, False))
    keys = [key for key, _, _, _ in starts]
    if len(set(keys)) != len(keys):
        return None  # duplicate sections: the whole parse reports them
    bodies: dict[str, tuple[int, int]] = {}
    for position, (key, _start, body, is_block) in enumerate(starts):
        end = starts[position + 1][1] if position + 1 < len(starts) else len(text)
        if key in _SPLITTABLE and is_block and body < end:
            bodies[key] = (body, end)
    if not bodies:
        return None
    parts = []
    position = 0
    for body, end in sorted(bodies.values()):
        parts.append(text[position:body])
        parts.append("\n" * text.count("\n", body, end))
        position = end
    parts.append(text[position:])
    return Layout("".join(parts), bodies)


def entry_start(text: str, key: str, body: int, end: int) -> re.Pattern[str] | None:
    """How an entry of the section begins: its first content line's indentation."""
    first = re.compile(r"^( *)([^ #\r\n])", re.MULTILINE).search(text, body, end)
    if first is None:
        return None
    indent = len(first.group(1))
    if key == "relationships":
        return re.compile(rf"^ {{{indent}}}-(?=[ \r\n])", re.MULTILINE)
    return re.compile(rf"^ {{{indent}}}[^ #\r\n-]", re.MULTILINE)


def compose_in_pieces(
    text: str, layout: Layout, progress: Callable[[int, int], None] | None
) -> tuple[Node | None, Pieces]:
    """The node tree of the file's head (the split sections' bodies blanked), and the pieces of
    the split sections, composed one at a time as the reader asks for them. Raises
    WholeFileNeeded, now or while the pieces are read, when a piece does not parse on its own."""
    total = len(text)
    done = 0

    def compose(piece: str) -> Node | None:
        try:
            return yaml.compose(piece, Loader=Loader)
        except (yaml.YAMLError, RecursionError):
            raise WholeFileNeeded from None

    def pieces(key: str) -> Iterator[tuple[Node, int]]:
        nonlocal done
        if key not in layout.bodies:
            return
        body, end = layout.bodies[key]
        entry = entry_start(text, key, body, end)
        line = text.count("\n", 0, body)  # 0-based line of the body's first line
        position = body
        while position < end:
            cut = min(position + PIECE_CHARS, end)
            if cut < end and entry is not None:
                found = entry.search(text, cut, end)
                cut = found.start() if found else end
            else:
                cut = end
            root = compose(f"{key}:\n" + text[position:cut])
            if not isinstance(root, MappingNode) or len(root.value) != 1:
                raise WholeFileNeeded
            node = root.value[0][1]
            # A piece must be what the whole section is: a block mapping of people, a block list
            # of relationships. Anything else (a list among people, a flow collection cut in
            # two) means the pieces do not see what the whole file says.
            kind = MappingNode if key == "people" else SequenceNode
            if not isinstance(node, kind) or node.flow_style:
                raise WholeFileNeeded
            # the piece's body starts on its line 1; in the file, on `line` (both 0-based)
            yield node, line - 1
            del root
            line += text.count("\n", position, cut)
            done += cut - position
            position = cut
            if progress:
                progress(done, total)

    try:
        head = yaml.compose(layout.head, Loader=Loader)
    except (yaml.YAMLError, RecursionError):
        raise WholeFileNeeded from None
    return head, pieces
