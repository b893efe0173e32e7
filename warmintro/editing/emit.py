"""Writing like the file: its layout (`Style`), warmintro's own emitter for new entries, and the
ruamel.yaml writer set up to re-write an existing entry the way the file writes it."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import ScalarNode

from ..dates import PartialDate
from .operations import Value

# --------------------------------------------------------------------------------------------
# Formatting: how the file indents, and the ruamel.yaml instance that writes like it


@dataclass(frozen=True)
class Style:
    """How a file is laid out, so that what warmintro adds looks like what is there."""

    newline: str = "\n"
    mapping_indent: int = 2
    #: Columns from a key to the '-' of the list under it: 2 for "people:\\n  - x", 0 for "- x".
    sequence_offset: int = 2

    @classmethod
    def detect(cls, text: str) -> Style:
        newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
        mapping: Counter[int] = Counter()
        offsets: Counter[int] = Counter()
        if _ODD_SPACE.search(text):
            _count_indents_line_by_line(text, mapping, offsets)
        else:
            _count_indents(text, mapping, offsets)
        map_indent = mapping.most_common(1)[0][0] if mapping else 2
        offset = offsets.most_common(1)[0][0] if offsets else 2
        return cls(newline, max(1, min(map_indent, 10)), max(0, min(offset, 10)))


#: A line that is a key alone (a comment aside): what follows it is its value, indented.
_KEY_ONLY = re.compile(r"^[^\s#\-?{\[][^#]*:\s*(#.*)?$")
#: Any white space but spaces and line feeds.
_ODD_SPACE = re.compile(r"[^\S \n]")
#: In a text whose only white space is spaces and line feeds: the colon that can end a line
#: that is a key alone (spaces or a comment may follow it), and the next line with content.
_COLON_AT_END = re.compile(r":[ ]*(?:#[^\n]*)?(?=\n|\Z)")
_NEXT_CONTENT = re.compile(r"(?:[ ]*(?:#[^\n]*)?\n)*( *)([^ \n#][^\n]*)")


def _count_indents_line_by_line(text: str, mapping: Counter[int], offsets: Counter[int]) -> None:
    """Count, after each line that is a key alone, how far the next line with content is
    indented: for the '-' of a list under the key (`offsets`), or its mapping's keys (`mapping`)."""
    previous: tuple[int, str] | None = None
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if previous is not None:
            prev_indent, prev = previous
            if _KEY_ONLY.match(prev) and not prev.endswith(("|", ">")):
                if stripped.startswith("- ") or stripped == "-":
                    offsets[indent - prev_indent] += 1
                elif indent > prev_indent:
                    mapping[indent - prev_indent] += 1
        previous = (indent, stripped)


def _count_indents(text: str, mapping: Counter[int], offsets: Counter[int], start: int = 0, stop: int = -1) -> None:
    """`_count_indents_line_by_line` for a text whose only white space is spaces and line
    feeds (the same counts, in the same order), looking only at the lines that end with a
    colon: on a large file, several times faster. With `start` (a line's start) and `stop`:
    only the keys on the lines that start from `start` up to `stop` (the next lines read as
    far as need be)."""
    for colon in _COLON_AT_END.finditer(text, start):
        begins = text.rfind("\n", 0, colon.start()) + 1
        if 0 <= stop <= begins:
            break
        end = colon.end()
        raw = text[begins:end]
        key = raw.strip(" ")
        if not _KEY_ONLY.match(key) or key.endswith(("|", ">")):
            continue
        following = _NEXT_CONTENT.match(text, end + 1) if end < len(text) else None
        if following is None:
            continue
        key_indent = len(raw) - len(raw.lstrip(" "))
        indent, line = len(following.group(1)), following.group(2).rstrip(" ")
        if line.startswith("- ") or line == "-":
            offsets[indent - key_indent] += 1
        elif indent > key_indent:
            mapping[indent - key_indent] += 1


def _yaml(style: Style, mapping_indent: int | None = None) -> Any:
    from ruamel.yaml import YAML

    writer = YAML(typ="rt")
    writer.width = 1 << 30  # never re-flow long lines
    writer.preserve_quotes = True
    writer.allow_unicode = True
    offset = style.sequence_offset
    writer.indent(mapping=mapping_indent or style.mapping_indent, sequence=offset + 2, offset=offset)
    return writer


def _dump(writer: Any, data: Any) -> str:
    out = io.StringIO()
    writer.dump(data, out)
    return out.getvalue()


def _yaml_value(value: Value, block: bool) -> Any:
    """A value as ruamel should write it: dates bare (2014, 2026-05, 2026-05-14), lists in flow
    style ([linkedin, email]), text with line breaks as a literal block where the style allows."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, PartialDate):
        if value.month is None:
            return value.year
        if value.day is None:
            return value.text
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, tuple):
        seq = CommentedSeq(list(value))
        seq.fa.set_flow_style()
        return seq
    if block and _literal_ok(value):
        return LiteralScalarString(value)
    if _plain_ok(value, flow=not block):
        return value
    return DoubleQuotedScalarString(value)  # ruamel's own choice of style can differ from PyYAML's reading


# --------------------------------------------------------------------------------------------
# New entries: warmintro's own small emitter
#
# A new entry has no comments to keep, and its shape is fixed (texts, dates, short lists), so it
# is written directly rather than through ruamel (whose set-up per dump costs milliseconds: too
# slow for an import of thousands). Texts are written bare when every YAML 1.1 and 1.2 reader
# reads them back as the same text, else double-quoted with escapes. The loader checks the result.

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = set(",[]{}?:")
_RESOLVER = yaml.resolver.Resolver()
_NUMBER_LIKE = re.compile(
    r"^[-+]?(0o[0-7]+|0x[0-9a-fA-F]+|0b[01]+|[0-9][0-9_:]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9]+|\.(inf|Inf|INF|nan|NaN|NAN))$"
)
_PRINTABLE = re.compile("^[\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or not _PRINTABLE.match(text):
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(c in _FLOW_INDICATORS for c in text):
        return False
    if _NUMBER_LIKE.match(text):
        return False
    resolved: str = _RESOLVER.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return resolved == "tag:yaml.org,2002:str"


def _quoted(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _PRINTABLE.match(char) and char not in "\x85\u2028\u2029\ufeff":
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def scalar_text(text: str, flow: bool = False) -> str:
    """A text as a YAML scalar on one line: bare when safe, else double-quoted."""
    return text if _plain_ok(text, flow) else _quoted(text)


def _value_text(value: Value, flow: bool) -> str:
    if isinstance(value, PartialDate):
        return value.text
    if isinstance(value, tuple):
        return "[" + ", ".join(scalar_text(v, flow=True) for v in value) + "]"
    return scalar_text(value, flow)


def _literal_ok(text: str) -> bool:
    lines = text.split("\n")
    return (
        len(lines) > 1
        and text == text.strip()
        and all(_PRINTABLE.match(line) and line == line.rstrip() for line in lines)
        and not lines[0].startswith(" ")
    )


def render_entry(fields: dict[str, Value], order: tuple[str, ...], flow: bool, indent: int) -> list[str]:
    """A new mapping's lines (without line breaks): one line ``{k: v, ...}`` when `flow`, else
    one ``k: v`` line per field, multi-line text as a literal block indented by `indent`."""
    keys = sorted(fields, key=order.index)
    if flow:
        return ["{" + ", ".join(f"{k}: {_value_text(fields[k], True)}" for k in keys) + "}"]
    lines = []
    for key in keys:
        value = fields[key]
        if isinstance(value, str) and "\n" in value and _literal_ok(value):
            lines.append(f"{key}: |-")
            lines.extend(" " * indent + line if line else "" for line in value.split("\n"))
        else:
            lines.append(f"{key}: {_value_text(value, False)}")
    return lines
