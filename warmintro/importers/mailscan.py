"""Finding the header blocks of messages in a mail archive, without reading their bodies.

An mbox file (Google Takeout's, Thunderbird's, mutt's) is read as a stream of bytes in chunks:
for each message, the header block (from the ``From `` line to the first empty line) is handed
on, and the body is skipped by searching for the next line that starts with ``From `` (mbox
writers escape such lines inside a body as ``>From ``). A body is never decoded, parsed or kept:
at most one chunk of it is in memory at a time, so a 1 GB archive full of attachments is read in
constant memory. A Maildir is read one file a message, up to the end of its header block. A
Google Takeout ``.zip`` is read member by member as a stream, with its expansion bounded so that
a zip bomb is refused rather than unpacked.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from . import SourceError

#: A header block larger than this is not a real message's: it is skipped and counted.
MAX_HEADER_BYTES = 1 << 20
#: How much of an archive is read at a time.
CHUNK_BYTES = 4 << 20
#: A Takeout .zip may expand to at most this many bytes in all...
MAX_ZIP_BYTES = 64 << 30
#: ...and no member to more than this many times its compressed size (mail compresses 2-20 times).
MAX_ZIP_RATIO = 200
#: The ratio is only judged once this much of a member has been read.
ZIP_RATIO_GRACE = 1 << 20
#: Maildir folders (and Takeout labels) whose messages are never counted.
SKIPPED_FOLDERS = frozenset({"spam", "junk", "trash", "deleted", "deleted items", "deleted messages", "bin"})

_HEADER_END = re.compile(rb"\n\r?\n|\nFrom ")


@dataclass(frozen=True)
class RawMessage:
    """One message's header block (without the mbox ``From `` line) and where it is."""

    where: str  # "takeout.mbox: message 12 (line 345)"
    header: bytes
    #: The Maildir folder the message is in ("" for an mbox), for skipping Spam and Trash.
    folder: str = ""


@dataclass(frozen=True)
class Problem:
    """A message that could not be read (a counted skip, not an error)."""

    where: str
    reason: str


Found = RawMessage | Problem
#: Called with the bytes read so far, for a progress bar.
Progress = Callable[[int], None]


def _noop(done: int) -> None:
    pass


def scan_mbox(handle: BinaryIO, name: str, progress: Progress = _noop) -> Iterator[Found]:
    """The messages of an mbox stream, in order: each header block, or a Problem for a message
    that cannot be read (a header block too large, or cut off by the end of the file).

    Raises SourceError when the stream is not an mbox at all (it must start with ``From ``)."""
    buf = handle.read(CHUNK_BYTES)
    while 0 < len(buf) < 5:  # enough to tell an mbox by, however small the chunks
        chunk = handle.read(CHUNK_BYTES)
        if not chunk:
            break
        buf += chunk
    if not buf.strip():
        return
    if not buf.startswith(b"From "):
        first = buf[:40].split(b"\n", 1)[0].decode("latin-1")
        raise SourceError(
            f"{name}: line 1 should start a message with 'From ' but reads {first!r}; "
            "is it an mbox file (Google Takeout's 'All mail Including Spam and Trash.mbox')?"
        )
    consumed = 0  # bytes of the stream before buf[0]
    line = 1  # the line buf[counted] is on
    counted = 0
    number = 0
    eof = False
    pos = 0  # start of the current message's 'From ' line in buf

    def more() -> bool:
        nonlocal buf, pos, consumed, line, counted, eof
        if eof:
            return False
        line += buf.count(b"\n", counted, pos)
        counted = 0
        consumed += pos
        chunk = handle.read(CHUNK_BYTES)
        buf = buf[pos:] + chunk
        pos = 0
        progress(consumed)
        if not chunk:
            eof = True
        return bool(chunk)

    while pos < len(buf):
        number += 1
        line += buf.count(b"\n", counted, pos)
        counted = pos
        where = f"{name}: message {number} (line {line})"
        # the header block: after the 'From ' line, up to an empty line (or the next message)
        while True:
            start = buf.find(b"\n", pos)
            match = _HEADER_END.search(buf, start) if start >= 0 else None
            if match is not None or eof or len(buf) - pos > MAX_HEADER_BYTES:
                break
            more()
        if start < 0:  # the file ends inside the 'From ' line
            yield Problem(where, "the file ends inside the message's first line (a cut-off archive?)")
            return
        if match is None:
            if eof:
                yield Problem(where, "the file ends inside the message's headers (a cut-off archive?)")
                return
            yield Problem(where, f"its headers are larger than {MAX_HEADER_BYTES >> 20} MiB")
            body = len(buf) - 5
        else:
            header_end = match.start() + 1
            if header_end - pos > MAX_HEADER_BYTES:
                yield Problem(where, f"its headers are larger than {MAX_HEADER_BYTES >> 20} MiB")
            else:
                yield RawMessage(where, bytes(buf[start + 1 : header_end]))
            if match.group().endswith(b"From "):
                pos = header_end
                continue
            body = match.end() - 1
        # the body: skipped, up to the next line that starts with 'From '
        while True:
            following = buf.find(b"\nFrom ", body)
            if following >= 0:
                pos = following + 1
                break
            pos = max(pos, len(buf) - 5)  # keep what may be the start of '\nFrom '
            body = 0
            if not more():
                pos = len(buf)
                break
    progress(consumed + len(buf))


def read_maildir_header(path: Path, where: str) -> Found:
    """The header block of one Maildir message file, reading no further than its end."""
    try:
        with open(path, "rb") as handle:
            data = b""
            while True:
                chunk = handle.read(65536)
                data += chunk
                end = re.search(rb"\r?\n\r?\n", data)
                if end is not None:
                    return RawMessage(where, data[: end.start() + 1], folder=_folder_of(path))
                if not chunk:
                    return RawMessage(where, data, folder=_folder_of(path))
                if len(data) > MAX_HEADER_BYTES:
                    return Problem(where, f"its headers are larger than {MAX_HEADER_BYTES >> 20} MiB")
    except OSError as exc:
        return Problem(where, f"cannot be read: {exc.strerror or exc}")


def _folder_of(path: Path) -> str:
    """The Maildir folder a message file is in: ``.Trash`` for ``.Trash/cur/123``."""
    return path.parent.parent.name.lstrip(".").rsplit(".", 1)[-1]


def maildir_files(root: Path) -> list[Path]:
    """Every message file of a Maildir (its ``cur`` and ``new`` folders, subfolders included),
    in a stable order. ``tmp`` holds messages still being delivered: skipped."""
    files: list[Path] = []
    for directory, subdirs, names in os.walk(root):
        subdirs.sort()
        if os.path.basename(directory) in ("cur", "new"):
            files.extend(Path(directory, n) for n in sorted(names) if not n.startswith("."))
    return files


class _Bounded:
    """A zip member read as a stream, refused once it expands too far (a zip bomb)."""

    def __init__(self, handle: IO[bytes], name: str, compressed: int, budget: list[int]) -> None:
        self._handle = handle
        self._name = name
        self._compressed = max(compressed, 1)
        self._budget = budget
        self._read = 0

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self._read += len(data)
        self._budget[0] -= len(data)
        if self._budget[0] < 0:
            raise SourceError(
                f"{self._name}: expands to more than {MAX_ZIP_BYTES >> 30} GiB; a zip bomb? Nothing was written. "
                "Unpack the .mbox yourself and import it instead."
            )
        if self._read > ZIP_RATIO_GRACE and self._read > self._compressed * MAX_ZIP_RATIO:
            raise SourceError(
                f"{self._name}: expands more than {MAX_ZIP_RATIO} times its compressed size; a zip bomb? "
                "Nothing was written. Unpack the .mbox yourself and import it instead."
            )
        return data


def zip_mboxes(path: Path) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """An open Takeout .zip and its .mbox members, in name order."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SourceError(f"{path}: is not a readable .zip file ({exc})") from None
    members = sorted((m for m in archive.infolist() if m.filename.lower().endswith(".mbox")), key=lambda m: m.filename)
    if not members:
        archive.close()
        raise SourceError(f"{path}: holds no .mbox file; is it a Google Takeout export of Mail?")
    return archive, members


def scan_zip(path: Path, progress: Progress = _noop) -> Iterator[Found]:
    """The messages of every .mbox member of a Takeout .zip, streamed and bounded."""
    archive, members = zip_mboxes(path)
    budget = [MAX_ZIP_BYTES]
    done = 0
    with archive:
        for member in members:
            name = f"{path.name}/{member.filename}"

            def step(n: int, base: int = done) -> None:
                progress(base + n)

            try:
                with archive.open(member) as raw:
                    bounded = _Bounded(raw, name, member.compress_size, budget)
                    yield from scan_mbox(bounded, name, step)  # type: ignore[arg-type]
            except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
                raise SourceError(f"{name}: cannot be unpacked ({exc}); nothing was written") from None
            done += member.file_size


def folder_mboxes(root: Path) -> list[Path]:
    """The .mbox files in a folder (an unpacked Takeout export), in a stable order."""
    return sorted(p for p in root.rglob("*") if p.suffix.lower() == ".mbox" and p.is_file())


def check_archive(path: Path) -> None:
    """Refuse, before opening it, what is neither a file nor a folder: a FIFO would make
    `open` wait forever, a device be read without end."""
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    if not (path.is_dir() or path.is_file()):
        raise SourceError(f"{path}: is a device, a FIFO or a socket, not a mail archive")


def archive_size(path: Path) -> int:
    """How much a scan of `path` reads (for a progress bar's total): messages of a Maildir,
    else bytes."""
    check_archive(path)
    if path.is_dir():
        return len(maildir_files(path)) or sum(p.stat().st_size for p in folder_mboxes(path))
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return sum(m.file_size for m in archive.infolist() if m.filename.lower().endswith(".mbox"))
    return path.stat().st_size


def scan_archive(path: Path, progress: Progress = _noop) -> Iterator[Found]:
    """The messages of an mbox file, a Maildir folder, a Takeout .zip, or a folder holding .mbox
    files (an unpacked Takeout export)."""
    if path.is_dir():
        files = maildir_files(path)
        for number, file in enumerate(files, 1):
            yield read_maildir_header(file, f"{file}")
            progress(number)
        if files:
            return
        done = 0
        for mbox in folder_mboxes(path):

            def step(n: int, base: int = done) -> None:
                progress(base + n)

            with open(mbox, "rb") as handle:
                yield from scan_mbox(handle, str(mbox.relative_to(path)), step)
            done += mbox.stat().st_size
        return
    check_archive(path)
    try:
        with open(path, "rb") as probe:
            magic = probe.read(4)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if magic == b"PK\x03\x04":
        yield from scan_zip(path, progress)
        return
    with open(path, "rb") as handle:
        yield from scan_mbox(handle, path.name, progress)
