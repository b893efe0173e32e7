"""Drafts as files: one plain-text file a message, or one .eml a mail client opens as a draft.

Nothing here sends anything or opens a connection: an .eml file is a message on disk, marked
``X-Unsent: 1`` so that mail clients that know the header open it ready to edit and send.

Every header is built here from its parts, never from text a mail library would parse: a
display name or a subject is written as plain words only when it is printable ASCII that
cannot be read as anything else (no ``=?``, no punctuation that means something in an
address header), and otherwise as RFC 2047 encoded-words (base64 UTF-8), whose decoded text a
reader never parses again. So a name cannot add a recipient, a header or a line, whatever it
holds (commas, angle brackets, quotes, line breaks, encoded-words of its own). An address is
written only when it parses back as exactly one address, itself; otherwise the header shows
the name as an empty group (``Bob Sjöberg:;``) for the user to fill in. Header lines are
folded at 78 characters where they can be and never exceed RFC 5322's 998. Control
characters from the file are written as visible escapes.
"""

from __future__ import annotations

import base64
import email.policy
import os
import re
from collections.abc import Iterable
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

from ..errors import WarmintroError
from ..model import Network, Person
from ..safefile import write_output
from ..text import inert
from .drafts import Drafts, Message

_SPACE = re.compile(r"\s+")
#: Words written as they are in a display name: RFC 5322 atoms without "=" and "?", so that no
#: encoded-word can be read in them.
_PLAIN_PHRASE = re.compile(r"[A-Za-z0-9!#$%&'*+/^_`{|}~-]{1,76}(?: [A-Za-z0-9!#$%&'*+/^_`{|}~-]{1,76})*")
#: Unstructured text (a subject) written as it is: printable ASCII words with no encoded-word.
_PLAIN_TEXT = re.compile(r"[!-~]{1,76}(?: [!-~]{1,76})*")
#: Folding: lines at most this long where the words allow (RFC 5322's "SHOULD"); never more
#: than MAX_LINE (its "MUST"), which the words guarantee (each at most 76 characters, an address
#: at most MAX_ADDRESS).
FOLD_AT = 78
MAX_LINE = 998
MAX_ADDRESS = 254  # RFC 5321's limit on a forward path
#: UTF-8 bytes in one encoded-word: "=?utf-8?b?" + 52 base64 characters + "?=" is 64 characters,
#: so that "Subject: " and one word fit in FOLD_AT.
_WORD_BYTES = 39


def one_line(text: str) -> str:
    """A value for a header: control characters made visible, all spacing one space."""
    return _SPACE.sub(" ", inert(text)).strip()


def _email(person: Person) -> str | None:
    address = (person.email or "").strip()
    return address or None


def address_text(person: Person) -> str:
    """``Carol Virtanen <carol@example.com>``, or the name alone when the file has no email."""
    address = _email(person)
    name = one_line(person.name)
    return f"{name} <{one_line(address)}>" if address else name


def encoded_words(text: str) -> list[str]:
    """`text` as RFC 2047 encoded-words (base64 UTF-8), each at most 75 characters, split
    between characters, never inside one. Decoded and joined they are `text` exactly."""
    chunks: list[bytes] = []
    chunk = b""
    for char in text:
        data = char.encode("utf-8", "surrogatepass")
        if chunk and len(chunk) + len(data) > _WORD_BYTES:
            chunks.append(chunk)
            chunk = b""
        chunk += data
    if chunk or not chunks:
        chunks.append(chunk)
    return [f"=?utf-8?b?{base64.b64encode(c).decode('ascii')}?=" for c in chunks]


def phrase_words(text: str) -> list[str]:
    """A display name as header words: plain atoms when that is unambiguous, else encoded-words."""
    text = one_line(text)
    if _PLAIN_PHRASE.fullmatch(text):
        return text.split(" ")
    return encoded_words(text) if text else []


def text_words(text: str) -> list[str]:
    """Unstructured header text (a subject) as header words."""
    text = one_line(text)
    if _PLAIN_TEXT.fullmatch(text) and "=?" not in text:
        return text.split(" ")
    return encoded_words(text) if text else []


def usable_address(address: str | None) -> str | None:
    """The address as written in a header, when it is one plain ASCII address that reads back as
    itself; None otherwise (no address, a list of them, a name, a line break, non-ASCII)."""
    if not address or not address.isascii() or one_line(address) != address:
        return None
    try:
        spec = Address(addr_spec=address).addr_spec
    except (HeaderParseError, ValueError, IndexError, TypeError):
        return None
    if len(spec) > MAX_ADDRESS or not spec.isascii() or "@" not in spec:
        return None
    try:
        parsed = email.policy.default.header_factory("To", f"<{spec}>")
    except (HeaderParseError, ValueError, IndexError, TypeError):
        return None
    found = [a.addr_spec for a in parsed.addresses]
    return spec if found == [spec] and not parsed.defects else None


def has_address(person: Person) -> bool:
    """Whether a person's email can go in a header (see `usable_address`)."""
    return usable_address(_email(person)) is not None


def mailbox_words(person: Person) -> list[str]:
    """A person as header words: ``Carol Virtanen <carol@example.com>``; without a usable email,
    an empty group that shows the name (RFC 5322 ``Bob Sjöberg:;``), for the user to fill in."""
    name = phrase_words(person.name) or phrase_words(person.id)
    address = usable_address(_email(person))
    if address is not None:
        return [*name, f"<{address}>"]
    if name[-1].endswith("?="):
        return [*name, ":;"]  # an encoded-word ends at white space
    return [*name[:-1], name[-1] + ":;"]


def header_line(field: str, words: list[str]) -> bytes:
    """``Field: word word ...`` folded before a word where a line would pass FOLD_AT (never
    right after the field name), with CRLF line ends."""
    lines = [f"{field}:"]
    for word in words:
        if len(lines[-1]) + 1 + len(word) > FOLD_AT and lines[-1] != f"{field}:":
            lines.append("")
        lines[-1] += " " + word
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def _mailboxes(people: list[Person]) -> list[str]:
    words: list[str] = []
    for i, person in enumerate(people):
        mailbox = mailbox_words(person)
        if i < len(people) - 1:
            mailbox[-1] += ","
        words.extend(mailbox)
    return words


def file_names(drafts: Drafts, ext: str) -> list[str]:
    """``01-ask-carol.txt``, ``02-opt-in-bob.txt``, ``03-intro-alice-bob.txt``: in sending order."""
    return [f"{i:02d}-{m.kind}-{'-'.join(m.recipients)}.{ext}" for i, m in enumerate(drafts.messages, 1)]


def message_text(network: Network, message: Message) -> str:
    """A message as text: From, To and Subject lines, a blank line, the body."""
    people = network.people
    lines = [
        f"From: {address_text(people[message.sender])}",
        f"To: {', '.join(address_text(people[r]) for r in message.recipients)}",
    ]
    if message.subject:
        lines.append(f"Subject: {one_line(message.subject)}")
    return "\n".join(lines) + "\n\n" + inert(message.body) + "\n"


def message_eml(network: Network, message: Message) -> bytes:
    """A message as an RFC 5322 .eml file (UTF-8, CRLF), unsent. The headers From, To, Subject
    and X-Unsent are built from their parts (see the module's notes); the body and its MIME
    headers are the email package's."""
    people = network.people
    senders = [p for p in [people[message.sender]] if has_address(p)]
    head = header_line("From", _mailboxes(senders)) if senders else b""
    # people with no usable address are left out of the headers (the caller says so): a
    # group of their name alone ("Bob Sjöberg:;") reads as an address to some clients
    recipients = [people[r] for r in message.recipients if has_address(people[r])]
    if recipients:
        head += header_line("To", _mailboxes(recipients))
    if message.subject and one_line(message.subject):
        head += header_line("Subject", text_words(message.subject))
    head += header_line("X-Unsent", ["1"])
    body = EmailMessage(policy=email.policy.SMTP)
    body.set_content(inert(message.body) + "\n", charset="utf-8")
    return head + body.as_bytes()


#: Names of one message file: an --out ending so names a file, written in that format.
SINGLE_FILE_SUFFIXES = {".eml": True, ".txt": False}


def names_one_file(out: Path) -> bool:
    """Whether `out` names one message file (``intro.eml``, ``ask.txt``) rather than a folder: it
    ends in .eml or .txt and is not a folder already."""
    return out.suffix.lower() in SINGLE_FILE_SUFFIXES and not out.is_dir()


def write_drafts(
    network: Network,
    drafts: Drafts,
    directory: Path,
    *,
    eml: bool = False,
    force: bool = False,
    protected: Iterable[str | os.PathLike[str]] = (),
) -> list[Path]:
    """Write each message of `drafts` to its own file in `directory` (created if need be), each
    through `warmintro.safefile.write_output` (atomic, never through a symlink, never over a
    `protected` file).

    A `directory` ending in .eml or .txt (and not a folder already) names one file instead, in
    the format of its ending: written when there is one message; with several, refused (a
    folder named ``intro.eml`` is a surprise, and which one message would be a guess).

    Refuses, writing nothing, when a file of the same name exists, unless `force`."""
    if names_one_file(directory):
        return [_write_one(network, drafts, directory, eml=eml, force=force, protected=protected)]
    names = file_names(drafts, "eml" if eml else "txt")
    paths = [directory / name for name in names]
    if not force:
        existing = [p.name for p in paths if os.path.lexists(p)]
        if existing:
            raise WarmintroError(
                f"{directory}: {', '.join(existing)} exist already; nothing was written "
                "(pass `force` to overwrite, or choose another folder)"
            ).naming("force")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WarmintroError(f"{directory}: cannot write the drafts: {exc.strerror or exc}") from None
    protected = list(protected)
    for path, message in zip(paths, drafts.messages):
        # each file whole or not at all, even if warmintro is killed half-way
        data = message_eml(network, message) if eml else message_text(network, message).encode("utf-8")
        write_output(path, data, force=force, protected=protected, what="draft")
    return paths


def _write_one(
    network: Network, drafts: Drafts, path: Path, *, eml: bool, force: bool, protected: Iterable[str | os.PathLike[str]]
) -> Path:
    as_eml = SINGLE_FILE_SUFFIXES[path.suffix.lower()]
    if eml and not as_eml:
        raise WarmintroError(f"{path}: --eml writes .eml files, and this name ends in {path.suffix}; name it .eml")
    count = len(drafts.messages)
    if count > 1:
        kinds = ", ".join(m.kind for m in drafts.messages)
        folder = path.with_suffix("")
        raise WarmintroError(
            f"{path} names one file, and there are {count} messages ({kinds}); nothing was written. "
            f"Give a folder for one file each: --out {folder}{' --eml' if as_eml else ''}"
        )
    (message,) = drafts.messages
    data = message_eml(network, message) if as_eml else message_text(network, message).encode("utf-8")
    return write_output(path, data, force=force, protected=protected, what="draft")
