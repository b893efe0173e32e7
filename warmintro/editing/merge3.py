"""Merging text line by line: the three-way merge that keeps the user's formatting of the lines an
edit did not change, and the line breaks of a file that mixes CRLF, LF and CR."""

from __future__ import annotations

import difflib
import re
from collections import Counter

# --------------------------------------------------------------------------------------------
# Three-way merge: the user's formatting, ruamel's baseline, ruamel's edited text


def merge3(original: list[str], base: list[str], edited: list[str]) -> list[str]:
    """Apply the changes from `base` to `edited` onto `original`.

    `base` is ruamel's rendering of `original` before any edit: it differs from it only where
    ruamel re-formats (spacing, indentation). Changes base->edited are the edits. Where the two
    kinds of change touch different lines both are kept, so lines the edit did not touch keep
    the user's formatting; where they overlap, the edited version wins."""
    if original == base:
        return edited
    ours = _hunks(base, edited)
    theirs = _hunks(base, original)
    result: list[str] = []
    position = 0
    hunks = sorted([(h, True) for h in ours] + [(h, False) for h in theirs], key=lambda x: (x[0][0], x[0][1]))
    index = 0
    while index < len(hunks):
        (lo, hi, _), _mine = hunks[index]
        cluster = [hunks[index]]
        index += 1
        while index < len(hunks) and _overlaps(hunks[index][0], lo, hi, cluster):
            cluster.append(hunks[index])
            hi = max(hi, hunks[index][0][1])
            index += 1
        result.extend(base[position:lo])
        mine = [h for h, is_mine in cluster if is_mine]
        if len(mine) == len(cluster):
            result.extend(_apply_hunks(base, lo, hi, mine))
        elif not mine:
            result.extend(_apply_hunks(base, lo, hi, [h for h, _ in cluster]))
        else:
            result.extend(_apply_hunks(base, lo, hi, mine))
        position = hi
    result.extend(base[position:])
    return result


Hunk = tuple[int, int, list[str]]


def _hunks(a: list[str], b: list[str]) -> list[Hunk]:
    """The changes from `a` to `b`; a run of lines changed one for one is a hunk per line, so
    that a line re-formatted next to a line edited stays apart from it."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    hunks: list[Hunk] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            hunks.extend((i1 + k, i1 + k + 1, [b[j1 + k]]) for k in range(i2 - i1))
        elif tag != "equal":
            hunks.append((i1, i2, b[j1:j2]))
    return hunks


def _overlaps(hunk: Hunk, lo: int, hi: int, cluster: list[tuple[Hunk, bool]]) -> bool:
    start, end, _ = hunk
    if start < hi:
        return True
    if start == hi and start == end:  # an insertion right after the cluster
        return any(h[0] == h[1] == start for h, _ in cluster)
    return False


def _apply_hunks(base: list[str], lo: int, hi: int, hunks: list[Hunk]) -> list[str]:
    out: list[str] = []
    position = lo
    for start, end, lines in sorted(hunks, key=lambda h: (h[0], h[1])):
        if start < position:  # overlapping hunks of one side cannot happen; be safe
            continue
        out.extend(base[position:start])
        out.extend(lines)
        position = end
    out.extend(base[position:hi])
    return out


def _merge_text(original: str, base: str, edited: str) -> str:
    return "".join(
        merge3(original.splitlines(keepends=True), base.splitlines(keepends=True), edited.splitlines(keepends=True))
    )


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def restore_line_breaks(original: str, edited: str) -> str:
    """`edited` (LF line breaks) with each line ending as it did in `original`, a file that
    mixes CRLF, LF and CR: a line the edit kept keeps its own line break; a line it added or
    changed takes the line break of the line above it (of the line below, at the very top)."""
    old = _LINE.findall(original)
    old_text = [line.rstrip("\r\n") for line in old]
    old_break = [line[len(text) :] for line, text in zip(old, old_text)]
    new = _LINE.findall(edited)
    new_text = [line.rstrip("\n") for line in new]
    new_break: list[str | None] = [None] * len(new)
    head = 0
    while head < min(len(old), len(new)) and old_text[head] == new_text[head]:
        new_break[head] = old_break[head]
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old_text[len(old) - 1 - tail] == new_text[len(new) - 1 - tail]:
        new_break[len(new) - 1 - tail] = old_break[len(old) - 1 - tail]
        tail += 1
    matcher = difflib.SequenceMatcher(None, old_text[head : len(old) - tail], new_text[head : len(new) - tail], False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for offset in range(j2 - j1):
            if tag == "equal" or offset < i2 - i1:
                new_break[head + j1 + offset] = old_break[head + i1 + offset]
    common = Counter(b for b in old_break if b).most_common(1)
    fallback = common[0][0] if common else "\n"
    out: list[str] = []
    for index, (line, text) in enumerate(zip(new, new_text)):
        if not line.endswith("\n"):
            out.append(text)
            continue
        ending = new_break[index]
        if not ending:  # added, or the old last line without a line break: the neighbour's
            above = next((new_break[i] for i in range(index - 1, -1, -1) if new_break[i]), None)
            below = next((new_break[i] for i in range(index + 1, len(new)) if new_break[i]), None)
            ending = above or below or fallback
            new_break[index] = ending
        out.append(text + ending)
    return "".join(out)
