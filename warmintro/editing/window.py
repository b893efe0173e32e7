"""Editing a large file through a window: only the entries an edit touches are parsed again.

On a file of 100,000 people, parsing the whole text (to find where each entry is, then again to
check the result) is what an edit costs. Adding a person or a relationship, or setting fields of
one, touches a few entries, and an entry of ``people:`` or ``relationships:`` means the same
wherever it stands (no anchors or aliases reach across entries: that is checked). So:

1. The network of the file as it is, with the line of every entry, is already known (parsed
   once). From it the entries the edit touches are found by line, and cut out with what they
   need to be a valid file of their own: the sections other than ``people`` and
   ``relationships`` whole, the people they name, and each section's last entry (new entries go
   after it, in its layout). That is the window, a few lines long.
2. The window goes through the same entry-by-entry back end as any file (`warmintro.editing.spliced`),
   told how the whole file is laid out (its `Style`, whether most entries are in flow style),
   and its edits are put back into the whole text at the same places.
3. The window is parsed before the edit (it must read as the same entries the whole file holds:
   the cut is right) and after (it must read as exactly the entries the edit describes, with no
   error). The rest of the file is unchanged text, so the new file's network is the old one with
   those entries replaced and the lines after them moved; it is compared with the network the
   edits describe before anything is written.

Anything this does not fully understand (tabs, mixed line breaks, flow-style sections, document
markers, anchors in a touched entry, an edit other than those four) is left to the whole-file
path, which parses everything.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import Protocol, TypeVar

from ..errors import Problem
from ..fileformat.reader import compose_network, parse_network_with_problems
from ..ledger.asks import Ask, AskNote
from ..model import Network, Person, Relationship
from .backend import _apply_operation, _Unsupported
from .emit import Style
from .layout import LayoutFacts, Section, layout_facts, person_start, relationship_start
from .operations import AddPerson, AddRelationship, Operation, SetPersonFields, SetRelationshipFields
from .spliced import _Spliced, splice

#: The edits a window can make; any other goes through the whole file.
WINDOW_OPERATIONS = (AddPerson, SetPersonFields, AddRelationship, SetRelationshipFields)

#: An anchor, an alias or a merge key at the start of a node: an entry holding one may mean
#: something outside itself.
_REFERENCE = re.compile(r"(?:^|[\s\[{,])[&*][^\s,\[\]{}]|<<")


_Lined = TypeVar("_Lined", Person, Relationship, AskNote)


@dataclass
class WindowResult:
    """A window edit: the new text, the edited and added entries as the new text holds them
    (lines included), where the other lines went, and the new text's warnings."""

    text: str
    people: dict[str, Person]
    relationships: dict[frozenset[str], Relationship]
    added_people: list[str]
    added_pairs: list[frozenset[str]]
    moves: LineMoves
    problems: list[Problem]
    #: The layout facts of the new text, when they could be brought up to date without counting
    layout: LayoutFacts | None = None


class Expected(Protocol):
    """What the edits describe, entry by entry (a `ContactsEditor`)."""

    @property
    def me(self) -> str | None: ...

    @property
    def intros(self) -> tuple[Ask, ...]: ...

    def person(self, pid: str) -> Person: ...

    def relationship(self, pair: frozenset[str]) -> Relationship: ...


class _Lines:
    """Where each line of a text starts."""

    def __init__(self, text: str) -> None:
        # each line's length plus its line feed, summed (in C: a Python loop over 700,000 lines shows)
        self.starts = list(accumulate(map((1).__add__, map(len, text.split("\n")[:-1])), initial=0))

    def start(self, line: int) -> int:
        """Offset of the first character of 1-based `line`."""
        return self.starts[line - 1]

    def line(self, offset: int) -> int:
        """1-based line holding `offset`."""
        return bisect.bisect_right(self.starts, offset)


def _majority(flow: int, total: int) -> bool:
    return flow * 2 > total


class _Plan:
    """The window: which spans of the text it keeps, in order."""

    def __init__(self, text: str, lines: _Lines) -> None:
        self.text = text
        self.lines = lines
        self.keep: list[tuple[int, int]] = []

    def add(self, start: int, end: int) -> None:
        self.keep.append((start, end))

    def segments(self) -> list[tuple[int, int]]:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(self.keep):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged


def edit_in_window(
    text: str,
    filename: str,
    network: Network,
    problems: list[Problem],
    operations: list[Operation],
    expected: Expected,
    style: Style,
    layout: LayoutFacts | None = None,
) -> WindowResult:
    """The file `text` (whose network is `network`, read with `problems`) with `operations`
    made, through a window; `expected` says what the edited entries must read as. Raises
    _Unsupported when the window cannot do it exactly: the caller then edits the whole file.
    Only the entries in the window are looked at (`network` may be a cached network, whose
    entries are decoded as they are asked for). `layout`: the facts of the whole of `text`
    (`warmintro.editing.layout`), when they are known; otherwise they are counted here."""
    if not operations or not all(isinstance(op, WINDOW_OPERATIONS) for op in operations):
        raise _Unsupported("not an edit a window makes")
    if "\t" in text or "\r" in text:
        raise _Unsupported("tabs or carriage returns")  # the whole-file path knows their rules
    facts = layout if layout is not None else layout_facts(text)
    if facts is None:
        raise _Unsupported("layout")
    sections = facts.section_spans(text)
    people_section, rels_section = sections["people"], sections["relationships"]
    people_indent, rels_indent = facts.people_indent, facts.relationships_indent
    person_at, rel_at = person_start(people_indent), relationship_start(rels_indent)
    lines = _Lines(text)

    # -- how the whole file writes its entries (the spliced back end would see only the window's)
    counts = facts.counts
    if counts.people != len(network.people) or counts.relationships != len(network.relationships):
        raise _Unsupported("entries not one to a line start")
    if counts.people_flow + counts.people_block != len(network.people):
        raise _Unsupported("a person written in an unusual way")
    if counts.relationships_flow + counts.relationships_block != len(network.relationships):
        raise _Unsupported("a relationship written in an unusual way")

    # -- the entries in the window
    plan = _Plan(text, lines)
    for name, section in sections.items():
        if name in ("people", "relationships"):
            plan.add(section.key_start, section.body)
        else:
            plan.add(section.key_start, section.end)
    if sections and min(s.key_start for s in sections.values()) > 0:
        plan.add(0, min(s.key_start for s in sections.values()))  # comments before the first section
    touched_people: set[str] = set()
    touched_pairs: set[frozenset[str]] = set()
    for op in operations:
        if isinstance(op, SetPersonFields):
            touched_people.add(op.pid)
        elif isinstance(op, SetRelationshipFields):
            touched_pairs.add(frozenset((op.a, op.b)))
    last_person = list(network.people)[-1] if len(network.people) else None
    last_rel = network.relationships[-1] if network.relationships else None
    window_pairs: dict[frozenset[str], Relationship] = {}
    for pair in touched_pairs:
        rel = network.relationship(*sorted(pair))
        if rel is None:
            raise _Unsupported("no such relationship")
        window_pairs[rel.pair] = rel
    if last_rel is not None:
        window_pairs[last_rel.pair] = last_rel
    wanted: set[str] = set(touched_people)
    for rel in window_pairs.values():
        wanted.update((rel.a, rel.b))
    for op in operations:
        if isinstance(op, AddRelationship):
            wanted.update((op.a, op.b))
    if network.me is not None:
        wanted.add(network.me)
    for ask in network.intros:
        wanted.update(ask.people)
    if last_person is not None:
        wanted.add(last_person)
    wanted &= set(network.people)  # people added by this edit are not in the file yet
    for pid in sorted(wanted):
        person = network.people[pid]
        for field_name in ("same_as", "not_same_as"):
            for other in person.extra.get(field_name) or ():
                if str(other) in network.people:
                    wanted.add(str(other))
    spans: dict[object, tuple[int, int]] = {}
    for pid in wanted:
        start, end = _person_span(text, lines, network.people[pid], people_indent, person_at, people_section)
        spans[("person", pid)] = (start, end)
        plan.add(start, end if pid != last_person else people_section.end)
    for rel in window_pairs.values():
        start, end = _relationship_span(text, lines, rel, rels_indent, rel_at, rels_section)
        spans[("relationship", rel.pair)] = (start, end)
        plan.add(start, end if rel is not last_rel else rels_section.end)
    for key in [("person", pid) for pid in touched_people] + [("relationship", p) for p in touched_pairs]:
        start, end = spans[key]
        if _REFERENCE.search(text, start, end):
            raise _Unsupported("an anchor, alias or merge key in an edited entry")

    segments = plan.segments()
    window = "".join(text[start:end] for start, end in segments)
    # where each segment starts, in the window and in the file
    w_starts: list[int] = []
    position = 0
    for start, end in segments:
        w_starts.append(position)
        position += end - start

    # -- the window before the edit must read as the same entries as the whole file
    root, before, before_problems = compose_network(window, filename)
    if before is None or any(p.severity == "error" for p in before_problems):
        raise _Unsupported("the window does not read on its own")
    window_lines = _Lines(window)

    def file_line(w_line: int | None) -> int | None:
        if w_line is None:
            return None
        offset = window_lines.start(w_line)
        index = bisect.bisect_right(w_starts, offset) - 1
        return lines.line(segments[index][0] + offset - w_starts[index])

    if set(before.people) != wanted:
        raise _Unsupported("the window reads other people")
    for pid, person in before.people.items():
        if person != network.people.get(pid) or file_line(person.line) != network.people[pid].line:
            raise _Unsupported("the window reads a person differently")
    in_order = sorted(window_pairs.values(), key=lambda rel: rel.line or 0)
    if [r.pair for r in before.relationships] != [r.pair for r in in_order]:
        raise _Unsupported("the window reads other relationships")
    for rel in before.relationships:
        if rel != window_pairs[rel.pair] or file_line(rel.line) != window_pairs[rel.pair].line:
            raise _Unsupported("the window reads a relationship differently")

    # -- the edit, in the window, with the whole file's layout
    spliced = _Spliced(window, style, root)
    spliced.people_flow = _majority(counts.people_flow, len(network.people))
    spliced.flow["relationships"] = _majority(counts.relationships_flow, len(network.relationships))
    for op in operations:
        _apply_operation(spliced, op)
    pieces = spliced.pieces()

    # -- the same pieces in the file
    file_pieces: list[tuple[int, int, str]] = []
    for start, end, replacement in pieces:
        if (start > 0 and window[start - 1] != "\n") or not replacement.endswith("\n"):
            raise _Unsupported("an edit that is not whole lines")
        index = _segment(start, end, w_starts)
        seg_start, seg_end = segments[index]
        offset = seg_start - w_starts[index]
        if end + offset > seg_end:
            raise _Unsupported("an edit across the window's cuts")
        file_pieces.append((start + offset, end + offset, replacement))
    new_text = splice(text, file_pieces)
    new_window = splice(window, pieces)

    # -- the window after the edit must read as exactly what the edit describes
    after, after_problems = parse_network_with_problems(new_window, filename)
    if after is None or any(p.severity == "error" for p in after_problems):
        raise _Unsupported("the edited window is not valid")
    added_people = [op.pid for op in operations if isinstance(op, AddPerson)]
    added_pairs = [frozenset((op.a, op.b)) for op in operations if isinstance(op, AddRelationship)]
    window_people = sorted(wanted, key=lambda pid: network.people[pid].line or 0) + added_people
    window_rels = [r.pair for r in in_order] + added_pairs
    described = Network(
        people={pid: expected.person(pid) for pid in window_people},
        relationships=[expected.relationship(pair) for pair in window_rels],
        me=expected.me,
        settings=network.settings,
        extra=network.extra,
        intros=expected.intros,
    )
    if after != described or list(after.people) != window_people:
        raise _Unsupported("the edited window reads differently")

    # -- where the edited entries are in the new file, and where the other lines went
    moves = LineMoves(text, lines, file_pieces)
    window_map = _WindowLines(window, window_lines, w_starts, segments, lines, pieces)
    after_pairs = {r.pair: r for r in after.relationships}
    people = {
        pid: _at(after.people[pid], window_map.file_line(after.people[pid].line))
        for pid in [*touched_people, *added_people]
    }
    relationships = {
        pair: _at(after_pairs[pair], window_map.file_line(after_pairs[pair].line))
        for pair in [*touched_pairs, *added_pairs]
    }
    # -- the warnings: the old ones outside the edited lines, moved; the edited entries' own
    warnings = [_problem_at(p, moves.line(p.line)) for p in problems if not moves.replaced(p.line)]
    for problem in after_problems:
        line = window_map.file_line(problem.line)
        if line is not None and moves.new(line):
            warnings.append(_problem_at(problem, line))
    warnings.sort(key=lambda p: (p.line or 0, p.column or 0))
    return WindowResult(
        new_text,
        people,
        relationships,
        added_people,
        added_pairs,
        moves,
        warnings,
        facts.edited(text, new_text, file_pieces),
    )


def whole_network(network: Network, result: WindowResult) -> Network:
    """The network the new file loads as: `network` (the file's before the edit) with the
    edited entries of `result` in place and every other entry at its new line."""
    moved = result.moves.line
    people: dict[str, Person] = {}
    for pid, person in network.people.items():
        people[pid] = result.people[pid] if pid in result.people else _at(person, moved(person.line))
    for pid in result.added_people:
        people[pid] = result.people[pid]
    relationships = [
        result.relationships[rel.pair] if rel.pair in result.relationships else _at(rel, moved(rel.line))
        for rel in network.relationships
    ]
    relationships.extend(result.relationships[pair] for pair in result.added_pairs)
    return Network(
        people=people,
        relationships=relationships,
        me=network.me,
        settings=network.settings,
        extra=network.extra,
        source=network.source,
        intros=tuple(_ask_at(ask, moved) for ask in network.intros),
    )


def _line_end(text: str, offset: int) -> int:
    found = text.find("\n", offset)
    return len(text) if found < 0 else found + 1


def _person_span(
    text: str, lines: _Lines, person: Person, indent: int, entry: re.Pattern[str], section: Section
) -> tuple[int, int]:
    """Where a person's entry is: from their key's line to the next entry's first line."""
    if person.line is None:
        raise _Unsupported("a person without a line")
    start = lines.start(person.line)
    head = text[start : _line_end(text, start)]
    if not (section.body <= start < section.end) or not re.match(rf" {{{indent}}}{re.escape(person.id)}[ \t]*:", head):
        raise _Unsupported("a person's key is not where the file says")
    found = entry.search(text, _line_end(text, start), section.end)
    return start, found.start() if found else section.end


def _relationship_span(
    text: str, lines: _Lines, rel: Relationship, indent: int, entry: re.Pattern[str], section: Section
) -> tuple[int, int]:
    """Where a relationship's entry is: from its '-' line to the next entry's first line."""
    if rel.line is None:
        raise _Unsupported("a relationship without a line")
    start = lines.start(rel.line)
    if not (section.body <= start < section.end) or not re.match(rf" {{{indent}}}- ", text[start : start + indent + 2]):
        raise _Unsupported("a relationship is not where the file says")
    found = entry.search(text, _line_end(text, start), section.end)
    return start, found.start() if found else section.end


def _at(item: _Lined, line: int | None) -> _Lined:
    return item if item.line == line else replace(item, line=line)


def _ask_at(ask: Ask, moved: Callable[[int | None], int | None]) -> Ask:
    notes = tuple(_at(note, moved(note.line)) for note in ask.notes)
    line = moved(ask.line)
    if line == ask.line and notes == ask.notes and all(a.line == b.line for a, b in zip(notes, ask.notes)):
        return ask
    return replace(ask, line=line, notes=notes)


def _problem_at(problem: Problem, line: int | None) -> Problem:
    return problem if problem.line == line else replace(problem, line=line)


class LineMoves:
    """Lines of the old file and of the new one: where a line went, and which lines are new."""

    def __init__(self, text: str, lines: _Lines, pieces: list[tuple[int, int, str]]) -> None:
        self.lines = lines
        #: (old start, old end, line count change) of each edit, in order
        self.edits = [(s, e, r.count("\n") - text.count("\n", s, e)) for s, e, r in pieces]
        self.new_lines: list[tuple[int, int]] = []  # (first, last) 1-based lines of new text
        shift = 0
        for start, end, replacement in pieces:
            first = lines.line(start) + shift
            count = replacement.count("\n") + (0 if replacement.endswith("\n") or not replacement else 1)
            self.new_lines.append((first, first + count - 1))
            shift += replacement.count("\n") - text.count("\n", start, end)

    def line(self, line: int | None) -> int | None:
        """Where old `line` (outside every edit) is in the new text."""
        if line is None:
            return None
        offset = self.lines.start(line)
        return line + sum(change for _, end, change in self.edits if end <= offset)

    def first_moved(self) -> int | None:
        """The offset in the old text from which lines may be on other lines in the new one
        (None: every line stays)."""
        moved = [end for _, end, change in self.edits if change]
        return min(moved) if moved else None

    def keeps_lines(self) -> bool:
        """Whether every line stays where it was (each edit writes as many lines as it replaced)."""
        return all(change == 0 for _, _, change in self.edits)

    def replaced(self, line: int | None) -> bool:
        """Whether old `line` is part of what an edit replaced."""
        if line is None:
            return False
        offset = self.lines.start(line)
        return any(start <= offset < end for start, end, _ in self.edits)

    def new(self, line: int) -> bool:
        """Whether new `line` is text an edit wrote."""
        return any(first <= line <= last for first, last in self.new_lines)


class _WindowLines:
    """Lines of the edited window and where they are in the edited file."""

    def __init__(
        self,
        window: str,
        window_lines: _Lines,
        w_starts: list[int],
        segments: list[tuple[int, int]],
        lines: _Lines,
        pieces: list[tuple[int, int, str]],
    ) -> None:
        #: (first line of the segment in the edited window, lines to add to reach the file's)
        self.starts: list[int] = []
        self.shifts: list[int] = []
        grown = 0
        for index, (start, _end) in enumerate(segments):
            w_line = window_lines.line(w_starts[index])
            self.starts.append(w_line + grown)
            self.shifts.append(lines.line(start) - w_line)
            seg_end = w_starts[index] + (segments[index][1] - segments[index][0])
            for s, e, r in pieces:
                if _segment(s, e, w_starts) == index and e <= seg_end:
                    grown += r.count("\n") - window.count("\n", s, e)

    def file_line(self, line: int | None) -> int | None:
        if line is None:
            return None
        index = bisect.bisect_right(self.starts, line) - 1
        return line + self.shifts[index]


def _segment(start: int, end: int, w_starts: list[int]) -> int:
    """The segment of the window a piece (start, end) is in: an insertion where a segment
    starts belongs to the text before it (the end of the previous segment)."""
    found = bisect.bisect_right(w_starts, start) - 1
    if start == w_starts[found] and found > 0 and start == end:
        found -= 1
    return found
