"""vCard files (.vcf) as phones and mail clients write them: versions 2.1, 3.0 and 4.0.

vobject parses each card; this module prepares the text first, for what real exports contain
and vobject alone trips on:

* vCard 2.1 quoted-printable values broken over lines with a trailing ``=`` (Android, Outlook),
  and ``CHARSET=`` parameters (vobject decodes the value in that charset);
* folded lines (a line starting with a space or tab continues the one before);
* photos, logos, sounds and keys (big, often malformed base64; never needed here): dropped;
* several cards in a file, nested ``AGENT`` cards (dropped), a card cut off at the end of the
  file (skipped, with its line).

What becomes of each property:

===================  =====================================================================
FN, or N             ``name`` (from N when FN is missing: given, middle, family, suffix)
ORG                  ``company``: the first component (``ORG:Pactbank;Marketing``)
TITLE                ``title``
EMAIL                ``email``: the preferred one (``PREF``, ``TYPE=pref``, lowest
                     ``PREF=n``), else the first; every address is used to find the person
TEL                  ``phone``: the preferred one, else the first (``tel:`` URIs unwrapped)
URL, X-SOCIALPROFILE ``linkedin``: the first one on linkedin.com (other URLs are not kept)
ADR                  ``location``: the city of the preferred address, else its country
NOTE                 ``notes`` (unless ``include_notes=False``): private, never in a message
===================  =====================================================================

Company cards (``X-ABShowAs:COMPANY``, ``KIND:org``) and groups are skipped: they are not
people. The relationship to the importing person gets channels ``phone`` and/or ``email`` for
what the card has.
"""

from __future__ import annotations

import logging
import quopri
import re
from dataclasses import dataclass
from typing import Any

from ..editing.grow import clean_text
from . import Incoming, Parsed, Skipped, SourceError, decode_bytes

#: Properties dropped before parsing: binary payloads nobody needs here.
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
_PROPERTY = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)[;:]")


@dataclass
class _Card:
    line: int  # where BEGIN:VCARD is
    lines: list[tuple[int, str]]  # (physical line number, logical line)
    closed: bool


def read_vcards(data: bytes, source: str, *, include_notes: bool = True) -> Parsed:
    """Read every card of a .vcf file."""
    parsed = Parsed("vCard", source)
    text = decode_bytes(data, source, parsed.notes)
    cards = _split_cards(_logical_lines(text))
    if not cards:
        raise SourceError(f"{source}: no vCard found (no BEGIN:VCARD line); is this a .vcf file?")
    import vobject

    logging.getLogger("vobject").addHandler(logging.NullHandler())  # problems are reported, not logged
    logging.getLogger("vobject").propagate = False
    for card in cards:
        where = f"{source}:{card.line}"
        if not card.closed:
            parsed.skipped.append(Skipped(where, "the card is cut off (no END:VCARD): a truncated file?"))
            continue
        try:
            text = "\r\n".join(_prepare(card.lines, source, parsed.notes)) + "\r\n"
            component = vobject.readOne(text)
            record = _record(component, where, include_notes)
        except Exception as exc:  # vobject raises many kinds for a malformed card
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            parsed.skipped.append(Skipped(where, f"unreadable card: {message}"))
            continue
        if isinstance(record, Skipped):
            parsed.skipped.append(record)
        else:
            parsed.records.append(record)
    return parsed


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfold the file into (first physical line number, logical line) pairs.

    Linear in the file's length: a logical line's pieces are collected and joined once (a
    phone's photo is thousands of folded lines; joining them one by one is quadratic), and
    whatever is asked of the line so far is kept up to date piece by piece."""
    out: list[tuple[int, str]] = []
    start = 0  # the current logical line's first physical line; 0 before the first
    parts: list[str] = []
    head = _Head()
    soft_break = False
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if start and soft_break:
            parts[-1] = parts[-1][:-1]  # the "=" that broke the line
            parts.append(line)
        elif start and line[:1] in (" ", "\t") and head.text:
            parts.append(line[1:])
        else:
            if start:
                out.append((start, "".join(parts)))
            start, parts, head = number, [line], _Head()
        head.add(parts[-1])
        while len(parts) > 1 and not parts[-1]:
            parts.pop()  # nothing to join; and the line's last character is in parts[-1]
        soft_break = head.quoted_printable and parts[-1].endswith("=")
    if start:
        out.append((start, "".join(parts)))
    return [(n, line) for n, line in out if line.strip()]


class _Head:
    """What the unfolding needs to know of a logical line read so far, in constant time per
    piece: whether it holds any text, and whether its name and parameters (up to the first
    colon) say QUOTED-PRINTABLE."""

    def __init__(self) -> None:
        self.text = False
        self.quoted_printable = False
        self._open = True  # no colon yet
        self._tail = ""  # the end of the head so far, for a word folded in two

    def add(self, piece: str) -> None:
        self.text = self.text or bool(piece)
        if self._open:
            segment, colon, _ = piece.partition(":")
            seen = (self._tail + segment).upper()
            self.quoted_printable = self.quoted_printable or "QUOTED-PRINTABLE" in seen
            self._tail = seen[-16:]
            self._open = not colon


def _split_cards(lines: list[tuple[int, str]]) -> list[_Card]:
    cards: list[_Card] = []
    depth = 0
    current: _Card | None = None
    for number, line in lines:
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            depth += 1
            if depth == 1:
                current = _Card(number, [(number, line.strip())], closed=False)
                cards.append(current)
            continue
        if upper == "END:VCARD":
            if depth == 1 and current is not None:
                current.lines.append((number, line.strip()))
                current.closed = True
                current = None
            depth = max(depth - 1, 0)
            continue
        if current is None or depth != 1:
            continue
        match = _PROPERTY.match(line)
        name = match.group(1).upper() if match else ""
        if name not in _BINARY and name != "AGENT":
            current.lines.append((number, line))
    return cards


def _prepare(lines: list[tuple[int, str]], source: str, notes: list[str]) -> list[str]:
    """Make a card's lines safe for vobject, which reads every card as vCard 3.0: drop lines
    that are not properties (noted), decode quoted-printable values here (in their CHARSET), and
    escape the commas of 2.1 values (plain text there, but a list separator in 3.0, where
    vobject would drop all after the first)."""
    version = next((line.split(":", 1)[1].strip() for _, line in lines if line.upper().startswith("VERSION:")), "3.0")
    out = []
    for number, line in lines:
        head, colon, value = _split_property(line)
        if not colon or not _PROPERTY.match(head + ":"):
            notes.append(f"{source}:{number}: not a vCard property, ignored: {line[:60]}")
            continue
        if head.upper() in ("BEGIN", "END", "VERSION"):
            out.append(line)
            continue
        params = head.split(";")
        upper = [p.strip().upper() for p in params]
        quoted_printable = "ENCODING=QUOTED-PRINTABLE" in upper or "QUOTED-PRINTABLE" in upper
        if quoted_printable:
            charset = next((p.split("=", 1)[1].strip('"') for p in params if p.upper().startswith("CHARSET=")), "utf-8")
            raw = quopri.decodestring(value.encode("utf-8"))
            try:
                value = raw.decode(charset, errors="replace")
            except LookupError:
                value = raw.decode("utf-8", errors="replace")
            params = [p for p, u in zip(params, upper) if u not in ("ENCODING=QUOTED-PRINTABLE", "QUOTED-PRINTABLE")]
            params = [p for p in params if not p.upper().startswith("CHARSET=")]
        if quoted_printable or version == "2.1":
            value = re.sub(r"(?<!\\),", r"\\,", value.replace("\r\n", "\n").replace("\n", "\\n"))
        out.append(";".join(params) + ":" + value)
    return out


def _split_property(line: str) -> tuple[str, str, str]:
    """Name and parameters, the colon, and the value: the first colon outside double quotes."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:index], ":", line[index + 1 :]
    return line, "", ""


def _params(line: Any) -> tuple[set[str], dict[str, list[str]]]:
    """A property's TYPE values and bare parameters, upper-cased, and its other parameters."""
    types = {str(p).upper() for p in getattr(line, "singletonparams", [])}
    params: dict[str, list[str]] = {k.upper(): [str(v) for v in vs] for k, vs in getattr(line, "params", {}).items()}
    for value in params.get("TYPE", []):
        types.update(part.strip().upper() for part in value.split(","))
    return types, params


def _preference(line: Any) -> tuple[int, int]:
    """Sort key: preferred properties first (PREF, TYPE=pref, PREF=1 beats PREF=2)."""
    types, params = _params(line)
    if "PREF" in params:
        try:
            return (0, int(params["PREF"][0]))
        except ValueError:
            return (0, 1)
    return (0, 1) if "PREF" in types else (1, 0)


def _text(value: Any) -> str | None:
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value if v)
    return clean_text(str(value)) if value is not None else None


def _all(component: Any, name: str) -> list[Any]:
    lines = list(component.contents.get(name, []))
    return sorted(lines, key=_preference)


def _first_text(component: Any, name: str) -> str | None:
    for line in _all(component, name):
        value = _text(line.value)
        if value:
            return value
    return None


def _name_from_n(component: Any) -> str | None:
    for line in component.contents.get("n", []):
        value = line.value
        parts = [getattr(value, part, "") for part in ("given", "additional", "family", "suffix")]
        name = _text([_text(p) for p in parts if p])
        if name:
            return name
    return None


def _given_name(component: Any, name: str) -> str | None:
    """N's given name when it is more than the first word of the name ("María José" of
    "María José García López"): what a greeting should use. None when the first word will do."""
    for line in component.contents.get("n", []):
        given = _text(getattr(line.value, "given", ""))
        if given and " " in given.strip() and name.startswith(given.strip()):
            return " ".join(given.split())
    return None


def _record(component: Any, where: str, include_notes: bool) -> Incoming | Skipped:
    show_as = (_first_text(component, "x-abshowas") or "").upper()
    kind = (_first_text(component, "kind") or "").lower()
    if show_as == "COMPANY" or kind in ("org", "organization", "group", "location"):
        return Skipped(where, "a company or group card, not a person")
    from_n = _name_from_n(component)
    name = _first_text(component, "fn") or from_n
    if name is None:
        return Skipped(where, "no name (neither FN nor N)")
    emails = []
    for line in _all(component, "email"):
        value = _text(line.value)
        if value and re.fullmatch(r"[^@\s]+@[^@\s]+", value.removeprefix("mailto:")):
            emails.append(value.removeprefix("mailto:"))
    phone = None
    for line in _all(component, "tel"):
        value = _text(line.value)
        if value:
            phone = re.sub(r"^tel:", "", value, flags=re.IGNORECASE)
            break
    company = None
    for line in _all(component, "org"):
        parts = line.value if isinstance(line.value, (list, tuple)) else [line.value]
        company = next((t for t in (_text(p) for p in parts) if t), None)
        if company:
            break
    linkedin = None
    for line in _all(component, "url") + _all(component, "x-socialprofile"):
        value = re.sub(r"\\([:,;])", r"\1", _text(line.value) or "")  # Google writes "http\://"
        if re.search(r"(^|[/.])linkedin\.com/", value, flags=re.IGNORECASE):
            linkedin = value if "://" in value else "https://" + value
            break
    location = None
    for line in _all(component, "adr"):
        address = line.value
        location = _text(getattr(address, "city", "")) or _text(getattr(address, "country", ""))
        if location:
            break
    notes = None
    if include_notes:
        texts = [line.value for line in component.contents.get("note", []) if isinstance(line.value, str)]
        notes = clean_text("\n".join(texts), multiline=True) if texts else None
    channels = tuple(c for c, present in (("phone", phone), ("email", emails)) if present)
    return Incoming(
        where=where,
        name=name,
        aliases=(from_n,) if from_n and from_n != name else (),
        company=company,
        title=_first_text(component, "title"),
        email=emails[0] if emails else None,
        emails=tuple(emails),
        phone=phone,
        linkedin=linkedin,
        location=location,
        notes=notes,
        greeting=_given_name(component, name),
        channels=channels,
        how="In the address book",
    )
