"""Address-book CSV files: one header row naming the columns, then one row a contact.

What Google Contacts and Outlook write, and what this reader accepts:

* a header on the first non-empty line; columns found by name (ignoring case, accents and
  punctuation), never by position; columns a layout does not know are ignored;
* UTF-8 with or without a BOM, UTF-16 with or without a BOM (Outlook's "Unicode" CSV), or
  Windows-1252 (noted); commas, or semicolons or tabs (spreadsheets in many locales);
* quoted fields with commas, quotes and line breaks in them;
* several values in one cell separated by ``:::`` (Google: ``a@x.org ::: b@x.org``).

One pass over the file, one row at a time. A file whose quoting is broken, or where a row has
more fields than the header, raises `SourceError` naming the line: nothing is imported from a
file that may be misread. Rows without a name are skipped and counted.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..editing.grow import clean_text
from . import Incoming, Parsed, Skipped, SourceError, decode_bytes
from .linkedin import _header_key

#: A row as the layout sees it: header key (see `_header_key`) -> the cell's text.
Row = dict[str, str]

_EMAIL = re.compile(r"[^@\s<>\"',;:]+@[^@\s<>\"',;:]+\.[^@\s<>\"',;:]+")
_LINKEDIN = re.compile(r"(^|[/.])linkedin\.com/", flags=re.IGNORECASE)


@dataclass(frozen=True)
class Layout:
    """How one application writes its CSV."""

    kind: str  # "Google Contacts", shown in summaries
    command: str  # "google": the import subcommand that reads this layout
    columns: str  # some of its columns, as the file names them, for messages
    #: Header keys of which at least `needed` must be present for a file to be of this layout.
    signature: frozenset[str]
    needed: int
    record: Callable[[Row, str], Incoming | Skipped]


def read_addressbook(data: bytes, source: str, layout: Layout, others: tuple[Layout, ...] = ()) -> Parsed:
    """Every contact of an address-book CSV file written in `layout`. When the header is not
    `layout`'s but one of `others`', the error names the command that reads it."""
    parsed = Parsed(layout.kind, source)
    text = decode_bytes(data, source, parsed.notes)
    lines = io.StringIO(text, newline="")
    header_text, header_line = "", 0
    for header_line, header_text in enumerate(lines, start=1):  # noqa: B007 - used after the loop
        if header_text.strip():
            break
    delimiter = max((",", ";", "\t"), key=header_text.count)
    try:
        header = next(csv.reader([header_text], delimiter=delimiter, strict=True), [])
    except csv.Error:
        header = []
    keys = [_header_key(cell) for cell in header]
    if len(layout.signature & set(keys)) < layout.needed:
        hint = next((o for o in others if len(o.signature & set(keys)) >= o.needed), None)
        article = "an" if hint and hint.kind[:1] in "AEIOU" else "a"
        also = f" It looks like {article} {hint.kind} export: warmintro import {hint.command} FILE" if hint else ""
        found = [clean_text(cell) or "" for cell in header if (cell or "").strip()]
        listed = ", ".join(f"'{c}'" for c in found[:12]) + (f" and {len(found) - 12} more" if len(found) > 12 else "")
        raise SourceError(
            f"{source}:{header_line}: no {layout.kind} CSV header (columns such as {layout.columns}); "
            f"the first line has {listed or 'no columns'}; is this the right file?{also}"
        )
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    first_line = header_line + 1
    try:
        for row in reader:
            where = f"{source}:{first_line}"
            first_line = header_line + reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(keys) and any(cell.strip() for cell in row[len(keys) :]):
                raise SourceError(
                    f"{where}: this row has {len(row)} fields but the header has {len(keys)}; "
                    "a value with a comma that is not in quotes? Nothing was imported."
                )
            cells: Row = {}
            for key, cell in zip(keys, row):
                if key and cell.strip() and key not in cells:
                    cells[key] = cell
            record = layout.record(cells, where)
            (parsed.skipped if isinstance(record, Skipped) else parsed.records).append(record)  # type: ignore[arg-type]
    except csv.Error as exc:
        raise SourceError(
            f"{source}:{header_line + reader.line_num}: not valid CSV: {exc} (a quote that is never closed?). "
            "Nothing was imported."
        ) from None
    return parsed


# --------------------------------------------------------------------------------------------
# Helpers for the layouts


def values(cells: Row, *keys: str) -> list[str]:
    """The non-empty values of `keys` in order, each cell split at Google's ``:::``."""
    out: dict[str, None] = {}  # in order, each once, in linear time however many a cell holds
    for key in keys:
        for part in cells.get(key, "").split(":::"):
            value = clean_text(part)
            if value:
                out[value] = None
    return list(out)


def first(cells: Row, *keys: str) -> str | None:
    found = values(cells, *keys)
    return found[0] if found else None


def name_of(cells: Row, *parts: str) -> str | None:
    return clean_text(" ".join(v for v in (clean_text(cells.get(p)) for p in parts) if v))


def emails_of(cells: Row, *keys: str) -> tuple[str, ...]:
    """Addresses that look like addresses (Outlook writes Exchange paths such as
    ``/o=ExchangeLabs/...`` for colleagues: those are left out)."""
    return tuple(v for v in values(cells, *keys) if _EMAIL.fullmatch(v.removeprefix("mailto:")))


def linkedin_of(cells: Row, *keys: str) -> str | None:
    for value in values(cells, *keys):
        if _LINKEDIN.search(value) and " " not in value:
            return value if "://" in value else "https://" + value
    return None


def person(
    where: str, name: str | None, how: str, emails: tuple[str, ...], phone: str | None, **fields: str | None
) -> Incoming | Skipped:
    """An `Incoming` with the channels its contact details allow, or a row skipped for no name."""
    if name is None:
        return Skipped(where, "no name (a contact with only an address, or a company)")
    channels = tuple(c for c, present in (("phone", phone), ("email", emails)) if present)
    return Incoming(
        where=where,
        name=name,
        email=emails[0] if emails else None,
        emails=emails,
        phone=phone,
        channels=channels,
        how=how,
        **fields,  # type: ignore[arg-type]
    )
