"""The cache's file format: a versioned header, then sections of arrays and UTF-8 blobs.

Kept apart from warmintro.cache.network (which turns a network into a cache file and back) so that
shell completion can read names from a cache without importing the network model.

Layout: 16 magic bytes and a little-endian u32 header length; the header, JSON (format, the
source file's path, identity and content hash, counts, settings, warnings, and each section's
offset, length, CRC-32 and array typecode); then the sections, each aligned to 8 bytes.
"""

from __future__ import annotations

import json
import mmap
import os
import stat
import struct
import zlib
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, overload

from .. import __version__
from ..defaults import NO_CACHE_ENV, cache_dir, default_cache_dir, env_flag
from ..errors import Problem

MAGIC = b"WARMINTRO-CACHE\n"
FORMAT = 7  # 7: the pairs and the counts of organisations and private abouts may be left to find
LONG = "q"
_HEADER = struct.Struct("<16sI")
_ALIGN = 8
#: A large section also has a checksum for each chunk of this many bytes, so that reading a
#: few records of it checks those chunks only (see `CheckedBlob`).
_CHUNK = 1 << 20


# --------------------------------------------------------------------------------------------
# Trust: a cache is read only when it is the user's own. Anyone who could write it could make
# warmintro show them a network of their choosing (and draft messages to their addresses).


class UntrustedCache(OSError):
    """A cache folder or file that is not the user's own: not used (an OSError, so that every
    path that does without an unreadable cache does without this one too)."""


def _uid() -> int | None:
    return os.geteuid() if hasattr(os, "geteuid") else None  # Windows: no owners to compare


def _writable_by_others(mode: int) -> bool:
    return bool(mode & (stat.S_IWGRP | stat.S_IWOTH))


def prepare_folder(folder: Path, *, create: bool) -> None:
    """Make sure `folder` is a cache folder only the user can write: a folder owned by the user,
    writable by nobody else. The default folder is created 0700 and tightened to 0700 when it
    is looser; any other folder (WARMINTRO_CACHE_DIR) that is not the user's own, or that others
    can write to, raises UntrustedCache, with the reason, and is left as it is."""
    default = folder == default_cache_dir()
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        if not create:
            raise
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        st = os.stat(folder)
        default = True  # created here: warmintro's own, whatever its name
    uid = _uid()
    if not stat.S_ISDIR(st.st_mode):
        raise UntrustedCache(f"{folder} is not a folder")
    if uid is not None and st.st_uid != uid:
        raise UntrustedCache(f"{folder} belongs to another user (uid {st.st_uid})")
    if stat.S_IMODE(st.st_mode) & 0o077:
        if default:
            os.chmod(folder, 0o700)
        elif _writable_by_others(st.st_mode):
            raise UntrustedCache(f"{folder} can be written by others (mode {stat.S_IMODE(st.st_mode):04o})")


def _open_own(where: Path) -> BinaryIO:
    """The cache file `where`, opened for reading when it is a regular file of the user's that
    nobody else can write (checked on the open file, so it cannot be swapped in between)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(where, flags)
    try:
        st = os.fstat(fd)
        uid = _uid()
        if not stat.S_ISREG(st.st_mode):
            raise UntrustedCache(f"{where} is not a regular file")
        if uid is not None and st.st_uid != uid:
            raise UntrustedCache(f"{where} belongs to another user (uid {st.st_uid})")
        if _writable_by_others(st.st_mode):
            raise UntrustedCache(f"{where} can be written by others")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


# --------------------------------------------------------------------------------------------
# Coarse timestamps: an unchanged identity proves unchanged content only when the file was last
# changed well before the moment its content was read for the cache. On a filesystem with
# 1-second (FAT: 2-second) timestamps, a same-size save in the same second as that moment keeps
# every field of the identity; the kernel's clock ticks make the same true, on a smaller scale,
# of any filesystem.

#: How far apart two changes may be and still get the same timestamps: whole-second stamps
#: (FAT, HFS+, many NFS and sshfs mounts) and, otherwise, a few of the kernel's clock ticks.
COARSE_GRANULARITY_NS = 2_000_000_000
FINE_GRANULARITY_NS = 20_000_000


def granularity_ns(identity: Sequence[int]) -> int:
    """The timestamp granularity to allow for, told by the identity's own stamps."""
    mtime, ctime = identity[3], identity[4]
    whole_seconds = mtime % 1_000_000_000 == 0 and ctime % 1_000_000_000 == 0
    return COARSE_GRANULARITY_NS if whole_seconds else FINE_GRANULARITY_NS


def identity_proves_content(identity: Sequence[int], read_at_ns: object) -> bool:
    """Whether a file whose identity is unchanged since its content was read at `read_at_ns`
    (wall clock, taken before reading) must still hold that content: true only when its last
    change was more than a granularity before then. Otherwise the content is hashed first."""
    if not isinstance(read_at_ns, int):
        return False
    return read_at_ns - max(identity[3], identity[4]) >= granularity_ns(identity)


def real_source(source: Path) -> str:
    """The absolute path of a contacts file, symlinks followed: what its cache is keyed by.
    (os.path.realpath, not Path.resolve, which raises RuntimeError for a symlink loop.)"""
    return os.path.realpath(source)


def cache_path(source: Path, directory: Path | None = None) -> Path | None:
    """The cache file for a contacts file: named after its absolute path (a CRC and the file
    name; the header records the full path, so two paths sharing a name never mix). None when
    there is no cache folder (see `cache_dir`)."""
    folder = directory or cache_dir()
    if folder is None:
        return None
    absolute = real_source(source)
    key = zlib.crc32(absolute.encode("utf-8", "surrogatepass"))
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in source.name)[:40]
    return folder / f"{stem}-{key:08x}.cache"


def file_identity(st: os.stat_result) -> list[int]:
    # ctime too: it changes on every write and, unlike mtime, cannot be set back
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def content_hash(data: bytes) -> str:
    import hashlib  # only when the file changed: it loads OpenSSL

    return hashlib.blake2b(data, digest_size=20).hexdigest()


def blob(records: Iterator[bytes], count: int) -> tuple[bytes, array[int]]:
    offsets = array(LONG, bytes(8 * (count + 1)))
    parts = []
    position = 0
    for i, record in enumerate(records):
        parts.append(record)
        position += len(record)
        offsets[i + 1] = position
    return b"".join(parts), offsets


def all_within(data: bytes | memoryview, width: int, highest: int) -> bool:
    """Whether every `width`-byte little-endian integer in `data` is in 0..`highest` (which must
    be below 2 ** (8 * width - 1), so that a negative integer of a signed array is out of
    range), at the speed of bytes operations: a few milliseconds a million integers.

    Each integer is compared with `highest` byte by byte, from the most significant: the bytes
    of one place are sliced out, translated to "less", "equal" or "greater" in codes of that
    place's own, and put back in place; an integer is above `highest` exactly when its codes
    read "equal" down to some place and then "greater". Every code belongs to one place, so a
    pattern is only ever found where an integer starts. Places where every integer equals
    `highest` so far need no code; the comparison stops where no integer is equal so far, or
    where every lower byte of `highest` is 255."""
    count, odd = divmod(len(data), width)
    if not 0 <= highest < 1 << (8 * width - 1) or odd:
        raise ValueError("no such bound")
    raw = bytes(data)
    limit = highest.to_bytes(width, "little")[::-1]  # the most significant byte first
    codes = bytearray(len(raw))
    equal = b""  # the codes of "equal" in the places compared so far
    for place, at in enumerate(limit):
        if limit[place:] == b"\xff" * (width - place):
            return True  # nothing below can be greater
        byte = raw[width - 1 - place :: width]
        if not equal and byte.count(at) == count:
            continue  # every integer is equal so far: this place decides nothing
        less, same, more = 3 * place, 3 * place + 1, 3 * place + 2
        codes[place::width] = byte.translate(bytes([less] * at + [same] + [more] * (255 - at)))
        if equal + bytes([more]) in codes:
            return False
        if at not in byte:
            return True  # no integer is equal so far: none can be greater
        equal += bytes([same])
    return True


def as_bytes(values: Sequence[int], typecode: str) -> bytes:
    if isinstance(values, array) and values.typecode == typecode:
        return values.tobytes()
    return array(typecode, values).tobytes()


def write_file(where: Path, header: dict[str, Any], sections: Mapping[str, tuple[bytes, str]]) -> None:
    layout: dict[str, list[Any]] = {}
    position = 0
    for name, (data, typecode) in sections.items():
        layout[name] = [position, len(data), zlib.crc32(data), typecode]
        if len(data) > _CHUNK:  # and a checksum of each chunk, for records read one at a time
            view = memoryview(data)
            layout[name].append([zlib.crc32(view[at : at + _CHUNK]) for at in range(0, len(data), _CHUNK)])
        position += len(data) + (-len(data) % _ALIGN)
    header = {**header, "sections": layout}
    head = json.dumps(header, ensure_ascii=False).encode()
    head += b" " * (-(_HEADER.size + len(head)) % _ALIGN)
    from ..safefile import WriteError, atomic_write

    def pieces() -> Iterator[bytes]:
        yield _HEADER.pack(MAGIC, len(head)) + head
        for data, _ in sections.values():
            yield data
            yield b"\0" * (-len(data) % _ALIGN)

    prepare_folder(where.parent, create=True)
    # a cache can be made again: whole or absent, private, without the fsyncs of the contacts file
    try:
        atomic_write(where, pieces(), 0o600, durable=False)
    except WriteError as exc:  # callers treat a cache that cannot be written as no cache
        raise OSError(str(exc)) from None


@dataclass
class CacheFile:
    """An open cache file: its header, and its sections read on demand from a memory map."""

    header: dict[str, Any]
    _map: mmap.mmap
    _base: int

    @classmethod
    def open(cls, where: Path) -> CacheFile:
        """The cache file `where`; raises UntrustedCache when it or its folder is not the user's
        own, OSError or ValueError when it cannot be read as a cache."""
        prepare_folder(where.parent, create=False)
        with _open_own(where) as file:
            return cls._from(file)

    @classmethod
    def _from(cls, file: BinaryIO) -> CacheFile:
        prefix = file.read(_HEADER.size)
        magic, length = _HEADER.unpack(prefix)
        if magic != MAGIC:
            raise ValueError("not a warmintro cache")
        header = json.loads(file.read(length))
        if header.get("format") != FORMAT or header.get("warmintro") != __version__:
            raise ValueError("cache written by another version")
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        cached = cls(header, mapped, _HEADER.size + length)
        for name, (offset, size, *_) in header["sections"].items():
            if offset < 0 or size < 0 or cached._base + offset + size > len(mapped):
                raise ValueError(f"section {name} is truncated")
        return cached

    def _view(self, name: str) -> memoryview:
        offset, size = self.header["sections"][name][:2]
        return memoryview(self._map)[self._base + offset : self._base + offset + size]

    def section(self, name: str) -> memoryview:
        """A section, its checksum checked."""
        view = self._view(name)
        if zlib.crc32(view) != self.header["sections"][name][2]:
            raise ValueError(f"section {name} is corrupt")
        return view

    def records(self, name: str) -> memoryview | CheckedBlob:
        """A section of records read one at a time: the chunks a record is in are checked when
        it is read (a large section), or the whole section now (a small one)."""
        meta = self.header["sections"][name]
        if len(meta) < 5:
            return self.section(name)
        view = self._view(name)
        chunks = meta[4]
        if not isinstance(chunks, list) or len(chunks) != -(-len(view) // _CHUNK):
            raise ValueError(f"section {name} is corrupt")
        return CheckedBlob(name, view, chunks)

    def array(self, name: str, unsigned: bool = False) -> array[int]:
        """A section of integers; `unsigned`: read as unsigned integers of the same width (a
        negative index then raises IndexError where it is followed, as one past the end does)."""
        typecode = self.header["sections"][name][3]
        values = array(typecode.upper() if unsigned else typecode)
        values.frombytes(self.section(name))
        return values

    def raw_sections(self) -> dict[str, tuple[bytes, str]]:
        return {name: (bytes(self.section(name)), meta[3]) for name, meta in self.header["sections"].items()}

    @property
    def warnings(self) -> list[Problem]:
        return [
            Problem(w["file"], w["line"], w["column"], w["message"], w["hint"], w["severity"])
            for w in self.header["warnings"]
        ]


class CheckedBlob:
    """A large section whose chunks are checked against their checksums when first read."""

    def __init__(self, name: str, view: memoryview, crcs: list[int]) -> None:
        self.name, self.view, self.crcs = name, view, crcs
        self.checked = bytearray(len(crcs))

    def __len__(self) -> int:
        return len(self.view)

    def __getitem__(self, part: slice) -> memoryview:
        start, stop, _ = part.indices(len(self.view))
        for chunk in range(start // _CHUNK, (max(stop, start + 1) - 1) // _CHUNK + 1):
            if chunk < len(self.crcs) and not self.checked[chunk]:
                piece = self.view[chunk * _CHUNK : (chunk + 1) * _CHUNK]
                if zlib.crc32(piece) != self.crcs[chunk]:
                    raise ValueError(f"section {self.name} is corrupt")
                self.checked[chunk] = 1
        return self.view[start:stop]


def _text(data: bytes | memoryview) -> str:
    """UTF-8 from the cache; a cache whose checksums match but whose offsets do not fall
    between characters gives replacement characters, never an error."""
    try:
        return str(data, "utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return str(data, "utf-8", "replace")


class Texts(Sequence[str]):
    """The i-th UTF-8 string of a blob."""

    def __init__(self, blob: memoryview | CheckedBlob, offsets: array[int]) -> None:
        self.blob = blob
        self.offsets = offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return _text(self.blob[self.offsets[i] : self.offsets[i + 1]])

    def all(self) -> list[str]:
        """Every string at once (much faster than one by one)."""
        data = bytes(self.blob[0 : len(self.blob)])
        text = _text(data)
        if text.isascii() or len(text) == len(data):
            return [text[self.offsets[i] : self.offsets[i + 1]] for i in range(len(self))]
        return [_text(data[self.offsets[i] : self.offsets[i + 1]]) for i in range(len(self))]


def complete_from_cache(path: str | os.PathLike[str], incomplete: str) -> list[tuple[str, str]] | None:
    """(id, name) of the people whose id or a word of whose name starts with `incomplete`,
    read from the cache alone (completion runs on every Tab and must be quick); None when
    there is no current cache, to let the caller load the file."""
    from ..text import fold

    source = Path(path)
    where = cache_path(source)
    if where is None or env_flag(NO_CACHE_ENV):
        return None
    try:
        identity = file_identity(source.stat())
        cached = CacheFile.open(where)
        header = cached.header
        if header.get("source") != real_source(source) or header.get("identity") != identity:
            return None
        if not identity_proves_content(identity, header.get("read_at")):
            return None
        ids = Texts(cached.section("ids"), cached.array("ids_off"))
        names = Texts(cached.section("names"), cached.array("names_off"))
        words = Texts(cached.section("search"), cached.array("search_off"))
    except (OSError, ValueError, KeyError, IndexError, TypeError, struct.error, zlib.error, UntrustedCache):
        return None
    prefix = fold(incomplete)
    found = []
    for i, line in enumerate(words.all()):
        if line.startswith(prefix) or f" {prefix}" in line:
            found.append((ids[i], names[i]))
    return found
