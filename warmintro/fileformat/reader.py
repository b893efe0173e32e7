"""The contacts file: reading, validating and writing it.

The file is read with PyYAML's safe composer, which builds a tree of nodes that know their line
and column but constructs no Python objects, so no tag in the file can run code. warmintro then
walks the tree itself, which lets it

* report every problem in the file in one go, each as ``FILE:LINE:COL: message (hint)``;
* refuse duplicate keys (plain PyYAML silently keeps the last one and loses the first);
* read ids, names and dates exactly as written (``no`` stays a name, not ``False``).
"""

from __future__ import annotations

import difflib
import functools
import gc
import math
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..dates import PartialDate, parse_duration, parse_partial_date
from ..errors import ContactsError, Problem
from ..ledger.asks import ASK_FIELDS, NOTE_FIELDS, STATUSES, Ask, AskNote, ask_fields, note_fields
from ..model import (
    DEFAULT_STRENGTH,
    ID_PATTERN,
    MAX_HOPS_LIMIT,
    PERSON_TEXT_FIELDS,
    STRENGTHS,
    Job,
    Network,
    Person,
    Relationship,
    Settings,
    strength_label,
)

if TYPE_CHECKING:
    from ..sources.evidence import Evidence

try:  # the C parser is many times faster; the pure-Python one gives the same nodes
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_RESOLVER = yaml.resolver.Resolver()


class _Loader(_BaseLoader):
    """Composes nodes without guessing every plain scalar's type.

    warmintro reads ids, names, dates and strengths from the text as written, so the only type
    it needs while composing is null; PyYAML's resolver would otherwise run a dozen regular
    expressions on each of millions of scalars (a quarter of the parse time). Unknown fields,
    whose types are kept, are resolved properly in `_Reader.plain`."""

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            if value in _NULLS:
                return _NULL_TAG
            return _MERGE_TAG if value == "<<" else _STR_TAG
        resolved: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return resolved


DEFAULT_CONTACTS = "contacts.yaml"
CONTACTS_ENV = "WARMINTRO_CONTACTS"

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "binary")}
_MERGE_TAG = _TAG + "merge"
_NULL_TAG = _TAG + "null"
_STR_TAG = _TAG + "str"

TOP_LEVEL_FIELDS = ("me", "people", "relationships", "settings", "intros", "sources", "shared")
PERSON_FIELDS = ("name", *PERSON_TEXT_FIELDS, "private", "tags", "history", "same_as", "not_same_as")
JOB_FIELDS = ("company", "title", "from", "to")
RELATIONSHIP_FIELDS = (
    "between", "strength", "how", "since", "last_contact", "channels", "evidence", "notes", "private",
)  # fmt: skip
SETTINGS_FIELDS = ("warmth", "half_life_years", "max_hops", "relay", "templates", "language", "keep_in_touch")
#: Fields of a person whose values are person ids (one, or a list): a rename or a merge
#: rewrites them with the `between` of relationships, `me` and the ledger's people.
PERSON_ID_FIELDS = ("same_as", "not_same_as")

#: Bounds that keep a hostile file from costing minutes or gigabytes. Reading a file visits
#: each of its nodes about once; aliases (``*name``) can make it visit the same nodes again and
#: again ("billion laughs", through lists, mappings or ``<<`` merges). Reading stops when it has
#: visited more nodes than the file has characters, plus MAX_EXPANDED_NODES, or read more text
#: than the file holds, plus MAX_EXPANDED_CHARS (a long text repeated through aliases).
MAX_NESTING = 200
MAX_EXPANDED_NODES = 500_000
MAX_EXPANDED_CHARS = 10_000_000
#: "Did you mean" hints for unknown ids compare against every person; past this many
#: comparisons in one file (a file full of unknown ids), the hints stop looking.
MAX_HINT_COMPARISONS = 50_000
#: The longest text one value may hold (a name, an 'about', a key): far more than any contacts
#: file needs, and little enough that every table, draft and message stays quick to lay out.
MAX_TEXT_CHARS = 100_000

_STRENGTH_CHOICES = "close, strong, good, weak, acquaintance or 1-5"


def default_contacts_path() -> Path:
    """The contacts file to use when none is named: ``$WARMINTRO_CONTACTS`` or ./contacts.yaml."""
    return Path(os.environ.get(CONTACTS_ENV) or DEFAULT_CONTACTS)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """A hint naming the closest choice to a misspelt word, or None when nothing is close."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else None


def misspelt(word: str, choices: tuple[str, ...]) -> str | None:
    """The known word that `word` is a slip of the keyboard away from, if any: one typing
    mistake (a letter wrong, missing, extra, or two swapped) for words of up to four letters,
    two for longer ones; case and '-' for '_' are free. None for a new word."""
    folded = word.casefold().replace("-", "_")
    letters = _letters(choices)
    if sum(c not in letters for c in folded) > 2:
        return None  # letters no known word has: far from all of them
    best: tuple[int, str] | None = None
    for choice in choices:
        limit = 1 if len(choice) <= 4 else 2
        if abs(len(folded) - len(choice)) > limit or sum(c not in choice for c in folded) > limit:
            continue  # each letter the choice lacks is an edit at least: too far, quickly
        distance = _edit_distance(folded, choice)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, choice)
    return best[1] if best else None


@functools.lru_cache(maxsize=32)
def _letters(choices: tuple[str, ...]) -> frozenset[str]:
    return frozenset("".join(choices))


def _edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, transpositions."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


def slug_hint(text: str) -> str:
    """An id made from arbitrary text, for hints: ``Bob Smith`` -> ``bob-smith``."""
    slug = re.sub(r"[^\w.-]+", "-", text.strip().lower(), flags=re.UNICODE).strip("-._")
    return slug or "person"


# --------------------------------------------------------------------------------------------
# Reading


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 (a BOM is allowed); problems raise ContactsError."""
    return decode(read_bytes(path), str(path))


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing, unreadable or directory path raises ContactsError."""
    from ..safefile import NotARegularFile, read_regular

    name = str(path)
    try:
        return read_regular(path)
    except FileNotFoundError:
        raise ContactsError(
            [
                Problem(
                    name,
                    None,
                    None,
                    "contacts file not found",
                    f"start one with 'warmintro init', pass --contacts PATH, or set {CONTACTS_ENV}",
                )
            ]
        ) from None
    except IsADirectoryError:
        raise ContactsError(
            [Problem(name, None, None, "is a directory, not a contacts file", "name the YAML file inside it")]
        ) from None
    except PermissionError:
        raise ContactsError(
            [
                Problem(
                    name, None, None, "cannot be read: permission denied", f"check its permissions (chmod u+r {name})"
                )
            ]
        ) from None
    except NotARegularFile as exc:
        raise ContactsError(
            [Problem(name, None, None, f"is {exc.kind}, not a contacts file", "name the YAML file itself")]
        ) from None
    except OSError as exc:
        raise ContactsError([Problem(name, None, None, f"cannot be read: {exc.strerror or exc}")]) from None


def decode(data: bytes, name: str) -> str:
    """Decode a contacts file's bytes, naming the line of the first bad byte."""
    encoding = _wide_encoding(data)
    if encoding is not None:
        hint = "save it as UTF-8 (most editors: 'Save with encoding')"
        raise ContactsError([Problem(name, None, None, f"is {encoding} encoded", hint)])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContactsError(
            [
                Problem(
                    name,
                    line,
                    column,
                    f"byte 0x{data[exc.start]:02x} is not UTF-8 text",
                    "save the file as UTF-8",
                )
            ]
        ) from None


def _wide_encoding(data: bytes) -> str | None:
    """The name of the encoding of text saved as UTF-16 or UTF-32 (told by its BOM, or by the
    NUL bytes such text has between its letters), None for any other bytes."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        for first in range(width):
            # in ASCII-heavy text, all but one byte of every `width` are NUL
            zeros = sum(sample[i::width].count(0) for i in range(width) if i != first)
            if zeros * width >= (width - 1) * len(sample) * 0.75:
                return name
    return None


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
        with _collector_paused():
            return _parse(text, filename, progress)
    finally:
        if progress:
            progress(len(text), len(text))


def _parse(
    text: str, filename: str, progress: Callable[[int, int], None] | None
) -> tuple[Network | None, list[Problem]]:
    if len(text) > PIECE_CHARS:
        layout = _split_sections(text)
        if layout is not None:
            try:
                return _parse_in_pieces(text, filename, layout, progress)
            except _WholeFileNeeded:
                pass
    _root, network, problems = _compose_whole(text, filename)
    return network, problems


def compose_network(text: str, filename: str = "<string>") -> tuple[Node | None, Network | None, list[Problem]]:
    """Parse a contacts file whole, never in pieces, and also return the YAML node tree read
    (every node knows its line, column and character index), for edits that need to know
    where each entry is."""
    with _collector_paused():
        return _compose_whole(text, filename)


def _compose_whole(text: str, filename: str) -> tuple[Node | None, Network | None, list[Problem]]:
    try:
        root = _compose_lines_as_editors_count(text)
    except yaml.MarkedYAMLError as exc:
        return None, None, [_syntax_problem(exc, filename, text)]
    except yaml.reader.ReaderError as exc:
        return None, None, [_character_problem(exc, filename, text)]
    except UnicodeEncodeError:  # a lone surrogate: only text built in Python can hold one
        return None, None, [Problem(filename, None, None, "holds text that is not valid Unicode")]
    except yaml.YAMLError as exc:
        return None, None, [Problem(filename, None, None, f"is not valid YAML: {exc}")]
    except RecursionError:
        return None, None, [Problem(filename, None, None, "is nested too deeply to be a contacts file")]
    reader = _Reader(filename, len(text))
    network = reader.read(root)
    return root, network, sorted(reader.problems, key=lambda p: (p.line or 0, p.column or 0))


#: Characters YAML 1.1 (and so PyYAML) counts as line breaks, but YAML 1.2 and editors do not:
#: NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. Inside a comment, one would end the comment (the
#: rest of it read as content) and every line number after it would be one off.
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")
#: Private-use characters to stand in for them while composing (the first three absent from the file).
_STAND_INS = tuple(chr(c) for c in range(0xF8F0, 0xF900))


def _compose_lines_as_editors_count(text: str) -> Node | None:
    """yaml.compose, with lines counted as YAML 1.2 and editors count them (line feeds and
    carriage returns only): each of _OTHER_BREAKS is replaced by a stand-in of one character
    while composing (so every index and column is kept) and put back into every text after."""
    present = [mark for mark in _OTHER_BREAKS if mark in text]
    if not present:
        return yaml.compose(text, Loader=_Loader)
    stand_ins = [c for c in _STAND_INS if c not in text][: len(present)]
    if len(stand_ins) < len(present):  # a file full of private-use characters: count as YAML 1.1 does
        return yaml.compose(text, Loader=_Loader)
    root = yaml.compose(text.translate({ord(a): b for a, b in zip(present, stand_ins)}), Loader=_Loader)
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


# --------------------------------------------------------------------------------------------
# Large files, in pieces

#: Files larger than this many characters are parsed in pieces of about this size.
PIECE_CHARS = 4 << 20

#: A piece's node, and what to add to its line numbers.
Pieces = Callable[[str], Iterator[tuple[Node, int]]]

_TOP_LEVEL_LINE = re.compile(r"^[^\s#].*", re.MULTILINE)
_BLOCK_KEY = re.compile(r"([A-Za-z_][\w.-]*)[ \t]*:[ \t]*(?:#.*)?")
_INLINE_KEY = re.compile(r"([A-Za-z_][\w.-]*)[ \t]*:[ \t]")
_SPLITTABLE = ("people", "relationships")
_LONE_CR = re.compile(r"\r(?!\n)")


class _WholeFileNeeded(Exception):
    """A piece did not parse on its own: parse the whole file instead, for the exact answer."""


@dataclass
class _Layout:
    #: The file with the bodies of split sections blanked, line numbers kept.
    head: str
    #: section -> (start, end) character range of its body, for the sections split in pieces.
    bodies: dict[str, tuple[int, int]]


def _split_sections(text: str) -> _Layout | None:
    """Where the 'people' and 'relationships' sections of a plain block-style file are, so they
    can be parsed in pieces; None for any layout this does not fully understand."""
    if any(mark in text for mark in _OTHER_BREAKS) or _LONE_CR.search(text):
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
    return _Layout("".join(parts), bodies)


def _entry_start(text: str, key: str, body: int, end: int) -> re.Pattern[str] | None:
    """How an entry of the section begins: its first content line's indentation."""
    first = re.compile(r"^( *)([^ #\r\n])", re.MULTILINE).search(text, body, end)
    if first is None:
        return None
    indent = len(first.group(1))
    if key == "relationships":
        return re.compile(rf"^ {{{indent}}}-(?=[ \r\n])", re.MULTILINE)
    return re.compile(rf"^ {{{indent}}}[^ #\r\n-]", re.MULTILINE)


def _parse_in_pieces(
    text: str, filename: str, layout: _Layout, progress: Callable[[int, int], None] | None
) -> tuple[Network | None, list[Problem]]:
    total = len(text)
    done = 0

    def compose(piece: str) -> Node | None:
        try:
            return yaml.compose(piece, Loader=_Loader)
        except (yaml.YAMLError, RecursionError):
            raise _WholeFileNeeded from None

    def pieces(key: str) -> Iterator[tuple[Node, int]]:
        nonlocal done
        if key not in layout.bodies:
            return
        body, end = layout.bodies[key]
        entry = _entry_start(text, key, body, end)
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
                raise _WholeFileNeeded
            node = root.value[0][1]
            # A piece must be what the whole section is: a block mapping of people, a block list
            # of relationships. Anything else (a list among people, a flow collection cut in
            # two) means the pieces do not see what the whole file says.
            kind = MappingNode if key == "people" else SequenceNode
            if not isinstance(node, kind) or node.flow_style:
                raise _WholeFileNeeded
            # the piece's body starts on its line 1; in the file, on `line` (both 0-based)
            yield node, line - 1
            del root
            line += text.count("\n", position, cut)
            done += cut - position
            position = cut
            if progress:
                progress(done, total)

    try:
        head = yaml.compose(layout.head, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        raise _WholeFileNeeded from None
    reader = _Reader(filename, len(text))
    network = reader.read(head, pieces)
    return network, sorted(reader.problems, key=lambda p: (p.line or 0, p.column or 0))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: building millions of nodes otherwise triggers it
    over and over for nothing (nodes hold no cycles), which more than doubles load time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _syntax_problem(exc: yaml.MarkedYAMLError, filename: str, text: str) -> Problem:
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


def _character_problem(exc: yaml.reader.ReaderError, filename: str, text: str) -> Problem:
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


class _TooLarge(Exception):
    """Reading the file would visit far more nodes than it has: aliases expand too far."""


class _Reader:
    """Walks a composed YAML tree into a Network, collecting every problem on the way."""

    def __init__(self, filename: str, size: int = 0) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self._constructor = yaml.constructor.SafeConstructor()
        #: Nodes visited so far, and how many a file of this size may take (see MAX_EXPANDED_NODES).
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
        #: Where each person id and each pair was first seen, across pieces.
        self.first_id_line: dict[str, int] = {}
        self.first_pair_line: dict[frozenset[str], int] = {}
        #: Every id written under 'people:', valid or not, so that a person with a problem of
        #: their own does not also make each of their relationships an "unknown person".
        self.ids: set[str] = set()
        #: Relationships with evidence, for `apply_evidence` once 'me' is known.
        self._evidence: list[tuple[Relationship, Evidence]] = []

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

    def _visit(self, node: Node, count: int) -> None:
        """Count `count` nodes visited under `node`; stop reading when aliases expand too far."""
        self._visited += count
        if self._visited > self._budget:
            self._too_far(node)

    def _too_far(self, node: Node) -> None:
        self.error(node, "YAML anchors and aliases expand too far", "remove the repeated aliases")
        raise _TooLarge

    @contextmanager
    def _inside(self, node: Node) -> Iterator[bool]:
        """Read a collection; yields False (after reporting) when it is already being read:
        an alias inside the very node it names, which would otherwise be read forever."""
        if id(node) in self._open:
            self.error(node, "an alias here refers to a value that contains it", "a value cannot include itself")
            yield False
            return
        self._open.add(id(node))
        try:
            yield True
        finally:
            self._open.discard(id(node))

    def _usable(self, node: Node) -> bool:
        """Whether a node is something a contacts file may hold (reported when not): no
        language-specific tag, no text longer than MAX_TEXT_CHARS."""
        tag = node.tag or ""
        if tag in _PLAIN_TAGS or tag in (_TAG + "seq", _TAG + "map"):
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
            f"unsupported YAML tag '{tag.replace(_TAG, '!!')}'",
            "contacts files hold plain text, numbers, lists and mappings; remove the tag",
        )
        return False

    def mapping(self, node: Node, what: str, key_kind: str = "key") -> list[tuple[str, Node, Node]] | None:
        """The (key, key node, value node) items of a mapping, merge keys applied, duplicate
        keys reported. None (after reporting) when the node is not a mapping."""
        if not self._usable(node):
            return None
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} should be a mapping of 'key: value' lines, not {_kind(node)}")
            return None
        self._visit(node, len(node.value))
        with self._inside(node) as ok:
            return self._mapping_items(node, what, key_kind) if ok else None

    def _mapping_items(self, node: MappingNode, what: str, key_kind: str) -> list[tuple[str, Node, Node]]:
        items: list[tuple[str, Node, Node]] = []
        merged: list[tuple[str, Node, Node]] = []
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged.extend(self._merge_items(value_node, what))
                continue
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, f"a key in {what} is {_kind(key_node)}; keys must be plain words")
                continue
            if not self._usable(key_node):
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
        self._visit(node, len(sources))
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
        if not self._usable(node):
            return None
        if not isinstance(node, ScalarNode):
            self.error(node, f"{what} should be text, not {_kind(node)}")
            return None
        if node.tag == _NULL_TAG or (node.value == "" and not node.style):
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
        if not self._usable(node):
            return False
        word = str(node.value).strip().lower() if isinstance(node, ScalarNode) else ""
        if isinstance(node, ScalarNode) and (node.tag == _TAG + "bool" or word in ("true", "false")):
            return word in ("true", "yes", "on", "y")
        self.error(node, f"{what} should be true or false, not {_kind(node)}", "write 'private: true'")
        return False

    def text_list(self, node: Node, what: str) -> tuple[str, ...]:
        """A list of short texts; a single text is a list of one."""
        if isinstance(node, ScalarNode):
            single = self.text(node, what)
            return (single,) if single else ()
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} should be a list like [a, b], not {_kind(node)}")
            return ()
        if not self._usable(node):
            return ()
        self._visit(node, len(node.value))
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
        self._visit(node, 1)
        if depth > MAX_NESTING:
            if depth == MAX_NESTING + 1:
                self.error(node, f"nested more than {MAX_NESTING} levels deep", "flatten this value")
            return None
        if not self._usable(node):
            return None
        if isinstance(node, ScalarNode):
            tag = node.tag
            if tag == _STR_TAG and not node.style:  # plain ("" from libyaml, None from PyYAML)
                tag = _RESOLVER.resolve(ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]
            construct = self._constructor.yaml_constructors.get(tag)
            if construct is None:
                return node.value
            try:
                return construct(self._constructor, node)
            except (ValueError, yaml.YAMLError):
                return node.value
        if isinstance(node, SequenceNode):
            with self._inside(node) as ok:
                return [self.plain(item, depth + 1) for item in node.value] if ok else None
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

    # -- the file ----------------------------------------------------------------------------

    def read(self, root: Node | None, pieces: Pieces | None = None) -> Network | None:
        """The network in a composed file. `pieces(section)` yields, for a large file parsed in
        pieces, the further nodes of the 'people' and 'relationships' sections, each with the
        line it starts at (see `_split_sections`)."""
        try:
            return self._read(root, pieces)
        except _TooLarge:
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
            settings = self.read_settings(sections["settings"][1])

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
            intros = self.read_intros(sections["intros"][1], people)
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
        if isinstance(node, ScalarNode) and node.tag == _NULL_TAG:
            return []
        if not isinstance(node, SequenceNode):
            self.error(
                node,
                f"'sources' should be a list of file names, not {_kind(node)}",
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
        if isinstance(node, ScalarNode) and node.tag == _NULL_TAG:
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
        if isinstance(node, ScalarNode) and (node.tag == _NULL_TAG or node.value == ""):
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
            elif key in ("same_as", "not_same_as"):
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
        if isinstance(node, ScalarNode) and node.tag == _NULL_TAG:
            return ()
        if not self._usable(node):
            return ()
        if not isinstance(node, SequenceNode):
            self.error(node, f"'history' of {where} should be a list of '- {{company: ..., title: ...}}' entries")
            return ()
        self._visit(node, len(node.value))
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
        if isinstance(node, ScalarNode) and node.tag == _NULL_TAG:
            return []
        if not isinstance(node, SequenceNode):
            self.error(
                node,
                f"'relationships' should be a list of '- between: [a, b]' items, not {_kind(node)}",
            )
            return []
        if not self._usable(node):
            return []
        self._visit(node, len(node.value))
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
        if since is not None and last is not None and last.as_date() < since.as_date():
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
            count = f"{len(node.value)} items" if isinstance(node, SequenceNode) else _kind(node)
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

    # -- the ask ledger ----------------------------------------------------------------------

    def read_intros(self, node: Node, people: dict[str, Person]) -> tuple[Ask, ...]:
        """`intros: [- {id, date, requester, connector, through, target, purpose, status, notes}]`."""
        if isinstance(node, ScalarNode) and node.tag == _NULL_TAG:
            return ()
        if not self._usable(node):
            return ()
        if not isinstance(node, SequenceNode):
            self.error(node, f"'intros' should be a list of '- id: ...' asks, not {_kind(node)}")
            return ()
        self._visit(node, len(node.value))
        first_seen: dict[str, int] = {}
        asks = (self.read_ask(item, people, first_seen) for item in node.value)
        return tuple(ask for ask in asks if ask is not None)

    def read_ask(self, node: Node, people: dict[str, Person], first_seen: dict[str, int]) -> Ask | None:
        """One ask; `first_seen` holds the line of each id read so far, for duplicates."""
        items = self.mapping(node, "an ask")
        if items is None:
            return None
        given = {key: value for key, _, value in items}
        ask_id = self.text(given["id"], "the id of an ask", required=True) if "id" in given else None
        where = f"ask '{ask_id}'" if ask_id else "an ask"
        ok = ask_id is not None
        if "id" not in given:
            self.error(node, "an ask has no 'id'", "add a short unique one, e.g. 'id: 2026-11-26-carol-bob'")
        elif ask_id is not None and not ID_PATTERN.match(ask_id):
            self.error(
                given["id"],
                f"'{ask_id}' is not a valid ask id",
                "ids are letters, digits, '-', '_' and '.', starting with a letter or digit; "
                f"try '{slug_hint(ask_id)}'",
            )
            ok = False
        elif ask_id is not None and ask_id in first_seen:
            self.error(
                given["id"],
                f"duplicate ask id '{ask_id}' (first at line {first_seen[ask_id]})",
                f"ask ids must be unique: rename one, e.g. '{ask_id}-2'",
            )
            ok = False
        if ask_id is not None:
            first_seen.setdefault(ask_id, self.line(node))
        fields: dict[str, Any] = {}
        extra: list[tuple[str, Any]] = []
        for key, key_node, value in items:
            if key in ("id", "notes"):
                continue
            if key == "date":
                fields["date"] = self.date(value, f"'date' of {where}")
                ok = ok and fields["date"] is not None
            elif key in ("requester", "connector", "target"):
                fields[key] = self.ask_person(value, f"'{key}' of {where}", people)
                ok = ok and fields[key] is not None
            elif key == "through":
                through = self.ask_people(value, f"'through' of {where}", people)
                ok = ok and through is not None
                fields["through"] = through or ()
            elif key == "purpose":
                fields["purpose"] = self.text(value, f"'purpose' of {where}")
            elif key == "status":
                fields["status"] = self.ask_status(value, f"'status' of {where}")
                ok = ok and fields["status"] is not None
            else:
                self.unknown_field(key, key_node, ASK_FIELDS, where)
                extra.append((key, self.plain(value)))
        for key in ("date", "requester", "connector", "target", "status"):
            if key not in given:
                example = {"date": "2026-11-26", "status": "asked"}.get(key, "<person id>")
                self.error(node, f"{where} has no '{key}'", f"add '{key}: {example}'")
                ok = False
        notes = self.read_notes(given["notes"], where) if "notes" in given else ()
        if not ok or notes is None:
            return None
        chain = [fields["requester"], fields["connector"], *fields.get("through", ()), fields["target"]]
        repeated = sorted({p for p in chain if chain.count(p) > 1})
        if repeated:
            self.error(
                node,
                f"{where} names '{repeated[0]}' more than once",
                "requester, connector, through and target are different people",
            )
            return None
        assert ask_id is not None
        date = fields["date"]
        for note in notes:
            if note.date.as_date() < date.as_date():
                self.warn(given["notes"], f"a note of {where} is dated {note.date}, before the ask ({date})")
                break
        return Ask(id=ask_id, notes=notes, extra=tuple(extra), line=self.line(node), **fields)

    def ask_person(self, node: Node, what: str, people: dict[str, Person]) -> str | None:
        pid = self.text(node, what, required=True)
        if pid is None:
            return None
        if pid not in people:
            if pid not in self.ids:  # else that person's own problem is reported already
                self.error(node, f"unknown person '{pid}' in {what}", self.person_hint(pid, people))
            return None
        return pid

    def ask_people(self, node: Node, what: str, people: dict[str, Person]) -> tuple[str, ...] | None:
        """A list of person ids (a single id is a list of one); None when one is unknown."""
        if isinstance(node, ScalarNode) and node.tag == _NULL_TAG:
            return ()
        if isinstance(node, ScalarNode):
            items = [node]
        elif isinstance(node, SequenceNode) and self._usable(node):
            self._visit(node, len(node.value))
            items = list(node.value)
        else:
            if isinstance(node, MappingNode):
                self.error(node, f"{what} should be a list of person ids like [grace, eve], not {_kind(node)}")
            return None
        found = [self.ask_person(item, what, people) for item in items]
        return None if None in found else tuple(p for p in found if p is not None)

    def ask_status(self, node: Node, what: str) -> str | None:
        value = self.text(node, what, required=True)
        if value is None:
            return None
        if value.strip() in STATUSES:
            return value.strip()
        hint = did_you_mean(value.strip().lower().replace(" ", "-").replace("_", "-"), STATUSES)
        choices = f"use one of {', '.join(STATUSES)}"
        self.error(
            node, f"unknown status '{value}' in {what}", f"{hint} Use one of {', '.join(STATUSES)}" if hint else choices
        )
        return None

    def read_notes(self, node: Node, where: str) -> tuple[AskNote, ...] | None:
        """`notes: [- {date, status, note}]`: the dated history of an ask. None when broken."""
        if isinstance(node, ScalarNode) and node.tag == _NULL_TAG:
            return ()
        if not self._usable(node):
            return None
        if not isinstance(node, SequenceNode):
            self.error(
                node, f"'notes' of {where} should be a list of '- {{date: ..., status: ..., note: ...}}' entries"
            )
            return None
        self._visit(node, len(node.value))
        notes: list[AskNote] = []
        ok = True
        for item in node.value:
            items = self.mapping(item, f"a note of {where}")
            if items is None:
                ok = False
                continue
            fields: dict[str, Any] = {}
            extra: list[tuple[str, Any]] = []
            for key, key_node, value in items:
                if key == "date":
                    fields["date"] = self.date(value, f"the date of a note of {where}")
                    ok = ok and fields["date"] is not None
                elif key == "status":
                    fields["status"] = self.ask_status(value, f"a note of {where}")
                    ok = ok and fields["status"] is not None
                elif key == "note":
                    fields["note"] = self.text(value, f"a note of {where}")
                else:
                    self.unknown_field(key, key_node, NOTE_FIELDS, f"a note of {where}")
                    extra.append((key, self.plain(value)))
            if "date" not in fields:
                self.error(item, f"a note of {where} has no date", "add 'date: YYYY-MM-DD'")
                ok = False
                continue
            if fields["date"] is not None:
                notes.append(AskNote(extra=tuple(extra), line=self.line(item), **fields))
        return tuple(notes) if ok else None

    def read_settings(self, node: Node) -> Settings:
        settings = Settings()
        if isinstance(node, ScalarNode) and node.tag == _NULL_TAG:
            return settings
        for key, key_node, value in self.mapping(node, "'settings'") or []:
            if key == "warmth" and isinstance(value, ScalarNode) and value.tag != _NULL_TAG:
                text = self.text(value, "'warmth'")
                if text is not None and text.strip() == "learned":
                    settings.learned = True
                    settings.given["warmth"] = "learned"
                else:
                    self.error(
                        value,
                        "'warmth' is a table of strengths or the word 'learned'",
                        "e.g. 'warmth: {good: 0.6}', or 'warmth: learned' to rank with what the ask ledger taught",
                    )
            elif key == "warmth":
                table = self.read_warmth_table(value)
                settings.warmth.update(table)
                settings.given["warmth"] = table
            elif key == "relay":
                number = self.number(value, "'relay'")
                if number is not None and not 0 < number <= 1:
                    self.error(
                        value,
                        f"'relay' must be more than 0 and at most 1, not {number:g}",
                        "e.g. 'relay: 0.85'; 1 turns second-hand vouching off",
                    )
                elif number is not None:
                    settings.relay = number
                    settings.given[key] = number
            elif key == "half_life_years":
                number = self.number(value, "'half_life_years'")
                if number is not None and number <= 0:
                    self.error(value, "'half_life_years' must be more than 0")
                elif number is not None:
                    settings.half_life_years = number
                    settings.given[key] = number
            elif key == "max_hops":
                text = self.text(value, "'max_hops'")
                if text is None or not text.strip().isdigit() or not 1 <= int(text) <= MAX_HOPS_LIMIT:
                    self.error(value, f"'max_hops' must be a whole number from 1 to {MAX_HOPS_LIMIT}")
                else:
                    settings.max_hops = int(text)
                    settings.given[key] = settings.max_hops
            elif key == "keep_in_touch":
                table = self.read_keep_in_touch(value)
                if table:
                    settings.given[key] = table
            elif key == "language":
                text = self.text(value, "'language'")
                if text is None or not text.strip():
                    self.error(value, "'language' needs a language code", "e.g. 'language: fi'")
                else:
                    settings.language = text.strip()
                    settings.given[key] = text
            elif key == "templates":
                text = self.text(value, "'templates'")
                if text is None or not text.strip():
                    self.error(value, "'templates' needs a folder", "e.g. 'templates: my-templates'")
                else:
                    settings.templates = text
                    settings.given[key] = text
            else:
                self.unknown_field(key, key_node, SETTINGS_FIELDS, "'settings'")
                settings.extra[key] = self.plain(value)
        return settings

    def duration(self, node: Node, text: str, what: str) -> bool:
        """Whether `text` is a duration ('3 months', 'never'); an error naming `what` if not."""
        try:
            parse_duration(text)
        except ValueError as exc:
            self.error(node, f"{what}: {exc}")
            return False
        return True

    def read_keep_in_touch(self, node: Node) -> dict[str, Any]:
        """`keep_in_touch: {close: 3 months, strong: 6 months, tags: {investor: 2 months}}`: how
        long a tie of each strength, or with a person of each tag, may go without contact. Kept
        as written; `warmintro.queries.reconnect` reads the durations."""
        table: dict[str, Any] = {}
        if isinstance(node, ScalarNode) and node.tag == _NULL_TAG:
            return table
        for key, key_node, value in self.mapping(node, "'settings.keep_in_touch'") or []:
            if key == "tags":
                tags: dict[str, str] = {}
                for tag, _, duration in self.mapping(value, "'settings.keep_in_touch.tags'") or []:
                    text = self.text(duration, f"settings.keep_in_touch.tags.{tag}")
                    if text is not None and self.duration(duration, text, f"settings.keep_in_touch.tags.{tag}"):
                        tags[tag] = text
                table["tags"] = tags
            elif key in STRENGTHS:
                text = self.text(value, f"settings.keep_in_touch.{key}")
                if text is not None and self.duration(value, text, f"settings.keep_in_touch.{key}"):
                    table[key] = text
            else:
                self.error(
                    key_node,
                    f"unknown key '{key}' in settings.keep_in_touch",
                    did_you_mean(key, (*STRENGTHS, "tags")) or f"use {', '.join(STRENGTHS)} or tags",
                )
        return table

    def read_warmth_table(self, node: Node) -> dict[str, float]:
        table: dict[str, float] = {}
        for key, key_node, value in self.mapping(node, "'settings.warmth'") or []:
            if key not in STRENGTHS:
                self.error(
                    key_node,
                    f"unknown strength '{key}' in settings.warmth",
                    did_you_mean(key, STRENGTHS) or f"use {', '.join(STRENGTHS)}",
                )
                continue
            number = self.number(value, f"settings.warmth.{key}")
            if number is None:
                continue
            if not 0 < number <= 1:
                self.error(value, f"settings.warmth.{key} must be more than 0 and at most 1, not {number:g}")
                continue
            table[key] = number
        return table


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _NULL_TAG:
        return "empty"
    return f"'{node.value}'" if len(node.value) <= 40 else "a text"


# --------------------------------------------------------------------------------------------
# Writing (whole files; edits that keep comments live in warmintro.editing.editor)


def network_to_data(network: Network) -> dict[str, Any]:
    """The network as plain YAML-ready data, in the file's canonical order."""
    data: dict[str, Any] = {}
    if network.me is not None:
        data["me"] = network.me
    people: dict[str, Any] = {}
    for person in network.people.values():
        entry: dict[str, Any] = {"name": person.name}
        for key in PERSON_TEXT_FIELDS:
            value = getattr(person, key)
            if value is not None:
                entry[key] = list(person.emails) if key == "email" and len(person.emails) > 1 else value
        if person.private:
            entry["private"] = True
        if person.tags:
            entry["tags"] = list(person.tags)
        if person.history:
            entry["history"] = [_job_data(job) for job in person.history]
        entry.update(person.extra)
        people[person.id] = entry
    data["people"] = people
    relationships = []
    for rel in network.relationships:
        entry = {"between": [rel.a, rel.b]}
        evidence_last = _written_evidence(rel, network.me)
        if rel.strength_given or (rel.strength != DEFAULT_STRENGTH and evidence_last is None):
            entry["strength"] = rel.strength
        if rel.how is not None:
            entry["how"] = rel.how
        if rel.since is not None:
            entry["since"] = rel.since.text
        if rel.last_contact is not None and (evidence_last is None or evidence_last != rel.last_contact):
            entry["last_contact"] = rel.last_contact.text
        if rel.channels:
            entry["channels"] = list(rel.channels)
        if rel.notes is not None:
            entry["notes"] = rel.notes
        if rel.private:
            entry["private"] = True
        entry.update(rel.extra)
        relationships.append(entry)
    data["relationships"] = relationships
    settings: dict[str, Any] = dict(network.settings.given)
    settings.update(network.settings.extra)
    if settings:
        data["settings"] = settings
    if network.intros:
        data["intros"] = [_ask_data(ask) for ask in network.intros]
    data.update(network.extra)
    return data


def _written_evidence(rel: Relationship, me: str | None) -> PartialDate | None:
    """None for a relationship without evidence; else the last contact its evidence gives
    (a last_contact equal to it is the evidence's, not written back)."""
    if "evidence" not in rel.extra:
        return None
    from ..sources.evidence import evidence_of

    evidence = evidence_of(rel.extra)
    if evidence is None:
        return None
    day = evidence.last_contact(evidence.is_direct() or (me is not None and me in (rel.a, rel.b)))
    return PartialDate(day.year, day.month, day.day) if day else PartialDate(1, 1, 1)


def _ask_data(ask: Ask) -> dict[str, Any]:
    entry = {key: _plain_value(value) for key, value in ask_fields(ask).items()}
    if ask.notes:
        entry["notes"] = [
            {**{k: _plain_value(v) for k, v in note_fields(n).items()}, **dict(n.extra)} for n in ask.notes
        ]
    entry.update(ask.extra)
    return entry


def _plain_value(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return value.text
    if isinstance(value, tuple):
        return list(value)
    return value


def _job_data(job: Job) -> dict[str, Any]:
    entry: dict[str, Any] = {"company": job.company}
    if job.title is not None:
        entry["title"] = job.title
    if job.start is not None:
        entry["from"] = job.start.text
    if job.end is not None:
        entry["to"] = job.end.text
    entry.update(job.extra)
    return entry


def dump_network(network: Network) -> str:
    """The network as the text of a contacts file (used for new files and generated ones).

    Texts that YAML would read as something else (``no``, ``2004``) come out quoted."""
    return yaml.safe_dump(
        network_to_data(network),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
