"""Loading through the cache: parsed contacts files kept so that queries on large networks answer at once.

Parsing YAML is by far the slowest thing warmintro does (about 12 s for 100,000 people). After
a file has been parsed and validated once, its network is written to the user's cache
directory in a compact binary form, and later commands read that instead, as long as the file
is unchanged.

Safety and correctness:

* The cache is data only (arrays, UTF-8 and JSON), never pickle: reading it runs no code.
* It is keyed by the contacts file's absolute path; inside, it records the file's identity
  (device, inode, size, modification time) and a BLAKE2 hash of its content. Same identity:
  used as is. Different identity but the same content (a `touch`, a copy back): used, and
  re-stamped. Otherwise it is rebuilt from the file.
* Every section carries a CRC-32; a truncated, corrupt or foreign cache file is ignored and
  rebuilt, never trusted.
* Files are created readable by the user only (0600, in a 0700 directory), written to a
  temporary name and renamed into place. A cache is read only when the file and its folder are
  the user's own and writable by nobody else (see `warmintro.cache.store.prepare_folder`), and
  every index in it is checked when it is opened.
* On coarse timestamps (1-second filesystems), an unchanged identity is believed only when the
  file last changed well before its content was read (`identity_proves_content`); otherwise
  the content is hashed first.
* Only valid files are cached; a file with errors is parsed every time, so its errors are
  always reported.

The directory is ``$WARMINTRO_CACHE_DIR``, else the platform's user cache directory
(``$XDG_CACHE_HOME/warmintro`` or ``~/.cache/warmintro`` on Linux). ``--no-cache`` or
``WARMINTRO_NO_CACHE=1`` bypasses it.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..defaults import CACHE_ENV, NO_CACHE_ENV, default_cache_dir, env_flag
from ..errors import ContactsError, Problem
from ..model import Network
from .records import json_to_value, write_cache
from .store import (
    CacheFile,
    UntrustedCache,
    cache_path,
    content_hash,
    file_identity,
    identity_proves_content,
    prepare_folder,
    real_source,
    write_file,
)

if TYPE_CHECKING:
    from .network import CachedNetwork

Progress = Callable[[int, int], None]


def load_network_cached(
    path: str | os.PathLike[str],
    *,
    use_cache: bool = True,
    directory: Path | None = None,
    progress: Progress | None = None,
    note: Callable[[str], None] | None = None,
    defer: list[Callable[[], None]] | None = None,
) -> tuple[Network, list[Problem]]:
    """The network in `path` and its warnings, from the cache when the file is unchanged.

    `note(text)` is told why the cache was not used when the user should know (a cache folder
    that others can write to). With `defer`, a cache to write is added to it as a job, for the
    caller to run (see warmintro.aside), rather than written now. Raises ContactsError for a
    missing or invalid file, like `load_network`."""
    source = Path(path)
    use_cache = use_cache and not env_flag(NO_CACHE_ENV)
    where = trusted_cache_path(source, directory, note) if use_cache else None
    read_at = time.time_ns()  # before the file is looked at: see identity_proves_content
    try:
        identity = file_identity(source.stat())
    except OSError:
        identity = None
    if where is not None and identity is not None:
        found = _open_cache(where, source, identity, content=None)
        if found is not None:
            return found
    from ..fileformat.decode import decode, read_bytes
    from ..fileformat.reader import parse_network_with_problems  # only on a miss: YAML is slow

    data = read_bytes(source)
    digest = content_hash(data)
    if where is not None and identity is not None:
        found = _open_cache(where, source, identity, content=digest)
        if found is not None:
            _restamp(where, identity, read_at)
            return found
    text = decode(data, str(source))
    del data
    network, problems = parse_network_with_problems(text, str(source), progress=progress)
    if network is None or any(p.severity == "error" for p in problems):
        raise ContactsError(problems)
    if where is not None and identity is not None:

        def write() -> None:
            with contextlib.suppress(OSError):  # a read-only or full cache directory must not stop the query
                write_cache(where, network, problems, source, identity, digest, read_at, more=_layout(text))

        if defer is None:
            write()
        else:
            defer.append(write)
    return network, problems


def _layout(text: str) -> dict[str, Any] | None:
    """The header key holding the layout facts of a large file, which an edit through a window
    needs (`warmintro.editing.layout`): counted once here, with the file already in memory."""
    from ..editing.layout import WINDOWED_CHARS, layout_facts

    facts = layout_facts(text) if len(text) > WINDOWED_CHARS else None
    return {"layout": facts.to_json()} if facts is not None else None


def trusted_cache_path(source: Path, directory: Path | None, note: Callable[[str], None] | None) -> Path | None:
    """The cache file to use for `source`, or None: no cache folder (no home), or a folder that
    is not the user's own (said through `note`). The default folder is tightened to 0700."""
    where = cache_path(source, directory)
    if where is None:
        return None
    try:
        prepare_folder(where.parent, create=False)
    except FileNotFoundError:
        pass  # created, private, when the cache is first written
    except UntrustedCache as exc:
        if note is not None and where.parent != default_cache_dir():  # a folder the user chose
            # (the default one belongs to someone else only under sudo: no cache, no noise)
            note(f"the cache is not used: {exc}; make it yours and private (chmod 700), or set {CACHE_ENV}")
        return None
    except OSError:
        return None
    return where


def _from_cache(cached: CacheFile, source: Path) -> tuple[CachedNetwork, list[Problem]]:
    """The cached network and warnings, naming the file as the user named it this time."""
    from .network import network_from_cache

    name = str(source)
    warnings = [Problem(name, w.line, w.column, w.message, w.hint, w.severity) for w in cached.warnings]
    return network_from_cache(cached, name), warnings


def _open_cache(
    where: Path, source: Path, identity: list[int], content: str | None
) -> tuple[Network, list[Problem]] | None:
    """The cached network if the cache is sound and describes this very file (by identity, or
    by content when `content` is given); None otherwise. Every section is checked here, so a
    damaged cache is never handed on."""
    try:
        cached = CacheFile.open(where)
        header = cached.header
        if header.get("source") != real_source(source):
            return None
        if content is None and header.get("identity") != identity:
            return None
        if content is None and not identity_proves_content(identity, header.get("read_at")):
            return None  # changed too close to when the cache was made: compare the content
        if content is not None and header.get("content") != content:
            return None
        network, warnings = _from_cache(cached, source)
        network.cache_file = where
        return network, warnings
    except (OSError, ValueError, KeyError, IndexError, TypeError, struct.error, zlib.error, UnicodeDecodeError):
        return None


def cached_extra(path: Path) -> dict[str, Any] | None:
    """The top-level sections warmintro does not read itself (`sources:` among them) of a file
    whose cache describes it as it is now (same identity, proving the same content), from the
    cache's header alone; None when there is no such cache."""
    try:
        where = trusted_cache_path(path, None, None)
        if where is None:
            return None
        cached = CacheFile.open(where)
        header = cached.header
        identity = file_identity(path.stat())
        if header.get("source") != real_source(path) or header.get("identity") != identity:
            return None
        if not identity_proves_content(identity, header.get("read_at")):
            return None
        extra = json_to_value(header["extra"])
        return extra if isinstance(extra, dict) else None
    except (OSError, ValueError, KeyError, IndexError, TypeError, struct.error, zlib.error, UnicodeDecodeError):
        return None


def open_cached_set(where: Path, key: Path, identity: list[int], name: str) -> CachedNetwork | None:
    """A network cached under `key` (not a file: a set of files, see warmintro.sources) whose
    recorded identity is `identity` (for each file, a CRC of its name and its file identity),
    named `name` in messages; None when there is none, it is unsound, or a file changed too
    close to when the cache was made for its identity to prove its content."""
    try:
        cached = CacheFile.open(where)
        header = cached.header
        if header.get("source") != real_source(key) or header.get("identity") != identity:
            return None
        read_at = header.get("read_at")
        if not all(identity_proves_content(identity[i + 1 : i + 6], read_at) for i in range(0, len(identity), 6)):
            return None
        from .network import network_from_cache

        network = network_from_cache(cached, name)
        network.cache_file = where  # removed if a record in it is found damaged
        return network
    except (OSError, ValueError, KeyError, IndexError, TypeError, struct.error, zlib.error, UnicodeDecodeError):
        return None


def _restamp(where: Path, identity: list[int], read_at: int) -> None:
    """Record a new identity for unchanged content (the file was touched or copied back, or
    its content compared because it changed close to when the cache was made)."""
    try:
        cached = CacheFile.open(where)
        header = dict(cached.header)
        header["identity"] = identity
        header["read_at"] = read_at
        sections = cached.raw_sections()
        write_file(where, header, sections)
    except (OSError, ValueError, KeyError, struct.error, json.JSONDecodeError):
        pass
