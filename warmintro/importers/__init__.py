"""Reading other address books: LinkedIn's Connections.csv, vCard files, Google and Outlook CSV.

Each reader turns a file into `Incoming` records (one per person, in file order) plus the rows
it skipped and why; `warmintro.importers.merge` then folds them into a contacts file. Readers never
touch the contacts file, and never raise for one bad row: a file that cannot be read at all
raises `SourceError` naming the file and line.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from ..dates import PartialDate
from ..errors import WarmintroError


class SourceError(WarmintroError):
    """A file to import cannot be read as what it should be; nothing was changed.

    The message starts with where (``Connections.csv:12: ...``, or ``contacts.vcf: ...`` for the
    file as a whole). `file` and `line` say the same for scripts: the line is read from the
    message; the file is the one the message starts with, set by `about_file` where the caller
    knows the name of the file (a message cannot say which of its colons ends a file name)."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self._locate()

    def _locate(self) -> None:
        if self.file is None or self.line is not None:
            return
        rest = str(self).removeprefix(f"{self.file}:")
        number = rest.split(":", 1)[0] if rest != str(self) else ""
        if number.isdigit() and rest[len(number) :].startswith(": "):
            self.line = int(number)

    @property
    def detail(self) -> str:
        """The message without the place it starts with (given in `file` and `line`)."""
        text = str(self)
        for place in (f"{self.file}:{self.line}: ", f"{self.file}: ") if self.file else ():
            if text.startswith(place):
                return text[len(place) :]
        return text


@contextmanager
def about_file(name: str | os.PathLike[str]) -> Iterator[None]:
    """Mark every SourceError raised inside as about the file `name` (see `SourceError.file`)."""
    try:
        yield
    except SourceError as exc:
        if exc.file is None:
            exc.file = os.fspath(name)
            exc._locate()
        raise


#: The largest export read (photos in a vCard file make it big; a device would never end).
MAX_SOURCE_BYTES = 512 << 20


def read_source(file: str, stdin: BinaryIO) -> tuple[bytes, str]:
    """The bytes of a file to import and the name to call it by: '-' is `stdin`.

    A regular file or a pipe (``<(...)`` in a shell) is read; a device or a socket is refused
    before a byte is read, and so is anything longer than MAX_SOURCE_BYTES."""
    if file == "-":
        return _read_limited(stdin, "<stdin>"), "<stdin>"
    try:
        mode = os.stat(file).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISDIR(mode)):
            raise SourceError(f"{file}: is a device or a socket, not a file to import")
        with open(file, "rb") as handle:
            return _read_limited(handle, file), file
    except FileNotFoundError:
        raise SourceError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{file}: is a directory; name the export file inside it") from None
    except OSError as exc:
        raise SourceError(f"{file}: cannot be read: {exc.strerror or exc}") from None


def _read_limited(handle: BinaryIO, name: str) -> bytes:
    data = handle.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(f"{name}: is larger than {MAX_SOURCE_BYTES >> 20} MiB; is it the right file?")
    return data


@dataclass
class Incoming:
    """One person as an export describes them."""

    where: str  # "Connections.csv:12": where the person is in the source file
    name: str
    company: str | None = None
    title: str | None = None
    email: str | None = None
    #: Every address the source lists (the preferred one first), for finding them in the file.
    emails: tuple[str, ...] = ()
    #: Other spellings of the name, for finding them (``Grace Liu`` for ``Dr. Grace Liu``).
    aliases: tuple[str, ...] = ()
    phone: str | None = None
    linkedin: str | None = None
    location: str | None = None
    about: str | None = None
    #: Free text from the source (a phone card's NOTE): the user's private `notes`, never `about`.
    notes: str | None = None
    #: The first name as the source gives it, when more than one word ("María José").
    greeting: str | None = None
    #: For the relationship to the importing person.
    since: PartialDate | None = None
    channels: tuple[str, ...] = ()
    how: str | None = None


@dataclass(frozen=True)
class Skipped:
    where: str
    reason: str


@dataclass
class Parsed:
    """What a reader found in a file."""

    kind: str  # "LinkedIn", "vCard", "Google Contacts" or "Outlook"
    source: str
    records: list[Incoming] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: Things worth saying about the file as a whole ("read as Windows-1252").
    notes: list[str] = field(default_factory=list)


def decode_bytes(data: bytes, source: str, notes: list[str]) -> str:
    """Text from an export's bytes: UTF-8 (with or without a BOM), UTF-16 with a BOM, else
    Windows-1252 (what Excel on Windows saves), noted. Raises SourceError for binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SourceError(f"{source}: is marked UTF-16 but is not valid UTF-16 ({exc.reason})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096]:
        sample = data[:4096]
        codec = None
        if sample[1::2].count(0) * 4 > len(sample):
            codec = "utf-16-le"  # UTF-16 without a BOM: every other byte of ASCII text is NUL
        elif sample[0::2].count(0) * 4 > len(sample):
            codec = "utf-16-be"
        if codec is not None:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                pass
        raise SourceError(f"{source}: holds binary data (NUL bytes), not text; is it the right file?")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        notes.append(
            f"{source} is not UTF-8 (first at line {line}); it was read as Windows-1252. "
            "If names look wrong, save the file as UTF-8 and import it again."
        )
        return text
