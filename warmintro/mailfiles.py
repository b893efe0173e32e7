"""Drafts as files: one plain-text file a message, or one .eml a mail client opens as a draft.

Nothing here sends anything or opens a connection: an .eml file is a message on disk, marked
``X-Unsent: 1`` so that mail clients that know the header open it ready to edit and send.
Control characters from the file are written as visible escapes, and header values are kept
on one line, so that a hostile name can neither forge a header nor restyle a terminal.
"""

from __future__ import annotations

import email.policy
import os
import re
from collections.abc import Iterable
from email.errors import HeaderParseError
from email.headerregistry import Address, Group
from email.message import EmailMessage
from pathlib import Path

from .drafting import Drafts, Message
from .errors import WarmintroError
from .model import Network, Person
from .safefile import write_output
from .text import inert

_SPACE = re.compile(r"\s+")


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


def _mailbox(person: Person) -> Address | Group:
    """A header mailbox for a person; without a usable email, an empty group that shows the
    name (RFC 5322 ``Bob Sjöberg:;``), for the user to fill in."""
    name = one_line(person.name)
    address = _email(person)
    if address and one_line(address) == address:
        try:
            return Address(display_name=name, addr_spec=address)
        except (HeaderParseError, ValueError, IndexError):
            pass
    return Group(display_name=name)


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
    """A message as an RFC 5322 .eml file (UTF-8, CRLF), unsent."""
    people = network.people
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = _mailbox(people[message.sender])
    msg["To"] = [_mailbox(people[r]) for r in message.recipients]
    if message.subject:
        msg["Subject"] = one_line(message.subject)
    msg["X-Unsent"] = "1"
    msg.set_content(inert(message.body) + "\n", charset="utf-8")
    # headers on one line up to RFC 5322's limit: folding a long subject right after "Subject:"
    # is legal but reads back with a leading space in some parsers (Python's among them)
    return msg.as_bytes(policy=email.policy.SMTP.clone(max_line_length=998))


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

    Refuses, writing nothing, when a file of the same name exists, unless `force`."""
    names = file_names(drafts, "eml" if eml else "txt")
    paths = [directory / name for name in names]
    if not force:
        existing = [p.name for p in paths if os.path.lexists(p)]
        if existing:
            raise WarmintroError(
                f"{directory}: {', '.join(existing)} exist already; nothing was written "
                "(pass --force to overwrite, or choose another --out folder)"
            )
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
