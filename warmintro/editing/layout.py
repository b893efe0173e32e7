"""What a window edit needs to know about the whole file, counted once and carried from edit to edit.

An edit through a window (`warmintro.editing.window`) looks at a few entries, but it writes them
the way the whole file writes its entries: its indentation (`Style`), whether most people and
relationships are in flow style, and it checks that every entry starts a line of its own. On a
file of 100,000 people, counting those over the whole text costs more than the rest of the edit.

`LayoutFacts` holds those counts. They are counted over the whole text once (`layout_facts`,
when the file is parsed and its cache written), kept in the cache's header (which the cache's
identity check vouches for, like everything in it), and after an edit brought up to date from
the lines the edit replaced and the lines it wrote (`LayoutFacts.edited`): every count here is a
sum over lines whose value depends on the line and the few lines after it, so the new count is
the old one, less what the replaced lines counted, plus what the new lines count. Whenever that
could differ from counting the new text afresh (a new top-level line, a tie between two
indentations, white space other than spaces and line feeds), there are no facts, and the next
edit counts them again.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from .emit import _ODD_SPACE, Style, _count_indents

#: Files larger than this many characters are read once, in pieces, and edited through a
#: window when the edit allows (see `warmintro.editing.window`); their layout facts are kept.
WINDOWED_CHARS = 1 << 20

_TOP_LEVEL = re.compile(r"^[^\s#].*", re.MULTILINE)
_BLOCK_KEY = re.compile(r"([A-Za-z_][\w.-]*)[ \t]*:[ \t]*(?:#.*)?\r?")
_INLINE_KEY = re.compile(r"([A-Za-z_][\w.-]*)[ \t]*:[ \t]")
_FIRST_CONTENT = re.compile(r"^( *)([^ #\r\n])", re.MULTILINE)


@dataclass(frozen=True)
class Section:
    """A top-level section of a plain block-style file, by offsets."""

    key_start: int  # the section's key line
    body: int  # where its body starts (the line after the key)
    end: int  # where its body ends (the next top-level line, or the end of the text)
    block: bool  # "key:" alone on its line (the body below)


def sections_of(text: str) -> dict[str, Section] | None:
    """The top-level sections of a plain block-style file, or None for any other layout."""
    found: list[tuple[str, int, int, bool]] = []
    for match in _TOP_LEVEL.finditer(text):
        line = match.group()
        if line == "-" or line.startswith("- "):
            if found and found[-1][3]:
                continue  # an entry of a list written without indentation under its key
            return None
        block = _BLOCK_KEY.fullmatch(line)
        if block is not None:
            found.append((block.group(1), match.start(), match.end() + 1, True))
            continue
        inline = _INLINE_KEY.match(line)
        if inline is None:
            return None  # a document marker, a directive, a flow mapping, a quoted key...
        found.append((inline.group(1), match.start(), match.end() + 1, False))
    keys = [key for key, _, _, _ in found]
    if len(set(keys)) != len(keys):
        return None
    sections: dict[str, Section] = {}
    for index, (key, start, body, is_block) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(text)
        sections[key] = Section(start, min(body, end), end, is_block)
    return sections


def entry_indent(text: str, section: Section) -> int | None:
    """How far the entries of a section are indented (its first line with content), or None."""
    first = _FIRST_CONTENT.search(text, section.body, section.end)
    return None if first is None else len(first.group(1))


def person_start(indent: int) -> re.Pattern[str]:
    """A line that starts a person's entry under ``people:``."""
    return re.compile(rf"^ {{{indent}}}[^ #\r\n-]", re.MULTILINE)


def relationship_start(indent: int) -> re.Pattern[str]:
    """A line that starts a relationship's entry under ``relationships:``."""
    return re.compile(rf"^ {{{indent}}}-(?=[ \r\n])", re.MULTILINE)


@dataclass(frozen=True)
class EntryCounts:
    """Lines of the ``people`` and ``relationships`` sections: how many start an entry, and how
    many start one in flow style (``id: {...}``, ``- {...}``) or block style (the fields below)."""

    people: int = 0
    people_flow: int = 0
    people_block: int = 0
    relationships: int = 0
    relationships_flow: int = 0
    relationships_block: int = 0

    def __add__(self, other: EntryCounts) -> EntryCounts:
        return EntryCounts(*(a + b for a, b in zip(self.as_list(), other.as_list())))

    def __sub__(self, other: EntryCounts) -> EntryCounts:
        return EntryCounts(*(a - b for a, b in zip(self.as_list(), other.as_list())))

    def as_list(self) -> list[int]:
        return [
            self.people,
            self.people_flow,
            self.people_block,
            self.relationships,
            self.relationships_flow,
            self.relationships_block,
        ]


def count_people(text: str, indent: int, start: int, end: int) -> EntryCounts:
    """The people's lines among the lines of `text` from `start` to `end` (whole lines)."""
    key = rf"^ {{{indent}}}[A-Za-z0-9_][\w.-]*[ \t]*:[ \t]*"
    return EntryCounts(
        people=len(person_start(indent).findall(text, start, end)),
        people_flow=len(re.compile(key + r"\{", re.MULTILINE).findall(text, start, end)),
        people_block=len(re.compile(key + r"(?:#.*)?$", re.MULTILINE).findall(text, start, end)),
    )


def count_relationships(text: str, indent: int, start: int, end: int) -> EntryCounts:
    """The relationships' lines among the lines of `text` from `start` to `end` (whole lines)."""
    flow = re.compile(rf"^ {{{indent}}}- +\{{", re.MULTILINE)
    block = re.compile(rf"^ {{{indent}}}- +[A-Za-z_][\w.-]*[ \t]*:(?=[ \n])", re.MULTILINE)
    return EntryCounts(
        relationships=len(relationship_start(indent).findall(text, start, end)),
        relationships_flow=len(flow.findall(text, start, end)),
        relationships_block=len(block.findall(text, start, end)),
    )


def _winner(counts: tuple[tuple[int, int], ...], default: int) -> int:
    """`Counter.most_common(1)` of counts listed in the order first seen (ties: the first)."""
    best = max(counts, key=lambda item: item[1], default=None)
    return best[0] if best is not None else default


@dataclass(frozen=True)
class LayoutFacts:
    """The whole-file facts a window edit needs (see the module's doc)."""

    #: (key, offset of the key's line, block) of every top-level section, in order
    sections: tuple[tuple[str, int, bool], ...]
    #: The indentation counts `Style.detect` makes, (columns, lines) in the order first seen
    mapping: tuple[tuple[int, int], ...]
    offsets: tuple[tuple[int, int], ...]
    #: The indentation of the entries of ``people`` and ``relationships``
    people_indent: int
    relationships_indent: int
    counts: EntryCounts

    @property
    def style(self) -> Style:
        """`Style.detect` of the text (which has no carriage return)."""
        return Style("\n", max(1, min(_winner(self.mapping, 2), 10)), max(0, min(_winner(self.offsets, 2), 10)))

    def section_spans(self, text: str) -> dict[str, Section]:
        """The sections of `text` (the text these facts are of), as `sections_of` finds them."""
        found: dict[str, Section] = {}
        for index, (key, start, block) in enumerate(self.sections):
            end = self.sections[index + 1][1] if index + 1 < len(self.sections) else len(text)
            body = text.find("\n", start, end) + 1 or end
            found[key] = Section(start, min(body, end), end, block)
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "sections": [list(s) for s in self.sections],
            "mapping": [list(c) for c in self.mapping],
            "offsets": [list(c) for c in self.offsets],
            "indents": [self.people_indent, self.relationships_indent],
            "counts": self.counts.as_list(),
        }

    @classmethod
    def from_json(cls, data: Any) -> LayoutFacts | None:
        """The facts a cache header holds, or None for anything else."""
        try:
            sections = tuple((str(k), int(at), bool(b)) for k, at, b in data["sections"])
            mapping = tuple((int(a), int(b)) for a, b in data["mapping"])
            offsets = tuple((int(a), int(b)) for a, b in data["offsets"])
            people_indent, relationships_indent = (int(i) for i in data["indents"])
            counts = EntryCounts(*(int(c) for c in data["counts"]))
        except (TypeError, ValueError, KeyError):
            return None
        return cls(sections, mapping, offsets, people_indent, relationships_indent, counts)

    def edited(self, old: str, new: str, pieces: list[tuple[int, int, str]]) -> LayoutFacts | None:
        """The facts of `new`: `old` (whose facts these are) with each (start, end, replacement)
        of `pieces` made (whole lines, not overlapping); None when they cannot be known without
        counting the new text afresh."""
        facts: LayoutFacts | None = self
        text = old
        for start, end, replacement in sorted(pieces, reverse=True):  # the offsets before stay valid
            if facts is None:
                return None
            facts, text = facts._one_edit(text, start, end, replacement)
        if facts is None or text != new:
            return None
        return facts

    def _one_edit(self, text: str, start: int, end: int, replacement: str) -> tuple[LayoutFacts | None, str]:
        new = text[:start] + replacement + text[end:]
        spans = self.section_spans(text)
        inside = next((name for name, s in spans.items() if s.key_start < start and end <= s.end), None)
        whole_lines = (start == 0 or text[start - 1] == "\n") and (end in (0, len(text)) or text[end - 1] == "\n")
        if (
            not whole_lines
            or (replacement and not replacement.endswith("\n"))
            or _ODD_SPACE.search(replacement)
            or "\t" in replacement
            or "\r" in replacement
            or not _no_section_starts(text, start, end, inside, spans)
            or not _no_section_starts(replacement, 0, len(replacement), inside, spans)
        ):
            return None, new
        grown = len(replacement) - (end - start)
        sections = tuple((key, at + grown if at >= end else at, block) for key, at, block in self.sections)
        # -- the entries' lines: in the section the edit is in, before and after
        counts = self.counts
        if inside == "people":
            counts = (
                counts
                - count_people(text, self.people_indent, start, end)
                + count_people(new, self.people_indent, start, start + len(replacement))
            )
        elif inside == "relationships":
            counts = (
                counts
                - count_relationships(text, self.relationships_indent, start, end)
                + count_relationships(new, self.relationships_indent, start, start + len(replacement))
            )
        # -- the indentation counts: the keys from the last line with content before the edit
        first = _last_content_line(text, start)
        removed: Counter[int] = Counter()
        removed_offsets: Counter[int] = Counter()
        _count_indents(text, removed, removed_offsets, first, end)
        added: Counter[int] = Counter()
        added_offsets: Counter[int] = Counter()
        _count_indents(new, added, added_offsets, first, start + len(replacement))
        mapping = _recount(self.mapping, removed, added)
        offsets = _recount(self.offsets, removed_offsets, added_offsets)
        if mapping is None or offsets is None:
            return None, new
        edited = replace(self, sections=sections, mapping=mapping, offsets=offsets, counts=counts)
        # an edit of a section's first lines may change how far its entries are indented
        new_spans = edited.section_spans(new)
        for name, indent in (("people", self.people_indent), ("relationships", self.relationships_indent)):
            if entry_indent(new, new_spans[name]) != indent:
                return None, new
        return edited, new


def _no_section_starts(text: str, start: int, end: int, inside: str | None, spans: dict[str, Section]) -> bool:
    """Whether the lines of `text` from `start` to `end` leave the sections as they are: no
    top-level line among them but a list's entries under a block section's key."""
    for match in _TOP_LEVEL.finditer(text, start, end):
        line = match.group()
        if not (line == "-" or line.startswith("- ")) or inside is None or not spans[inside].block:
            return False
    return True


def _last_content_line(text: str, offset: int) -> int:
    """Where the last line with content (not blank, not a comment) before `offset` starts; 0
    when there is none."""
    position = offset
    while position > 0:
        begin = text.rfind("\n", 0, position - 1) + 1
        stripped = text[begin : position - 1].lstrip(" ")
        if stripped and stripped[0] != "#":
            return begin
        position = begin
    return 0


def _recount(
    counts: tuple[tuple[int, int], ...], removed: Counter[int], added: Counter[int]
) -> tuple[tuple[int, int], ...] | None:
    """`counts` less `removed`, plus `added`; None when the winner is not certain (the order in
    which a value was first seen may have changed, and two values tie for the most)."""
    if not removed and not added:
        return counts
    totals = dict(counts)
    for value, count in removed.items():
        totals[value] = totals.get(value, 0) - count
    for value, count in added.items():
        totals[value] = totals.get(value, 0) + count
    if any(count < 0 for count in totals.values()):
        return None
    kept = tuple((value, count) for value, count in totals.items() if count > 0)
    if kept:
        best = max(count for _, count in kept)
        if sum(1 for _, count in kept if count == best) > 1:
            return None
    return kept


def layout_facts(text: str) -> LayoutFacts | None:
    """The facts of `text`, counted over all of it; None for a file a window does not edit
    (tabs, carriage returns or other white space, a layout other than plain block sections)."""
    if "\t" in text or "\r" in text or _ODD_SPACE.search(text):
        return None
    sections = sections_of(text)
    if sections is None or "people" not in sections or "relationships" not in sections:
        return None
    people, rels = sections["people"], sections["relationships"]
    if not people.block or not rels.block:
        return None
    people_indent, rels_indent = entry_indent(text, people), entry_indent(text, rels)
    if people_indent is None or rels_indent is None:
        return None
    mapping: Counter[int] = Counter()
    offsets: Counter[int] = Counter()
    _count_indents(text, mapping, offsets)
    counts = count_people(text, people_indent, people.body, people.end) + count_relationships(
        text, rels_indent, rels.body, rels.end
    )
    return LayoutFacts(
        sections=tuple((key, section.key_start, section.block) for key, section in sections.items()),
        mapping=tuple(mapping.items()),
        offsets=tuple(offsets.items()),
        people_indent=people_indent,
        relationships_indent=rels_indent,
        counts=counts,
    )
