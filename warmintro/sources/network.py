"""The user's file and the sources it names, read as one network.

The user's file may list further files under ``sources:`` (paths relative to it; globs allowed,
matched in sorted order, each file once). Each source is read and checked on its own, by the same
loader, so its problems carry its own name, line and column, and its relationships name people
of the same file. Only the user's file names sources: a source's own ``sources:`` is not read
(`check` warns). The network is the merged set (see warmintro.sources.identity for who is who):

* people: the user's file wins; a source fills a field the user's file leaves empty; every
  file's view is kept in ``Person.origins`` (shown by `show`);
* relationships: one per pair; the evidence of every source adds up; the strength is the user's
  file's when it gives one, else the warmest any source gives or the evidence supports; the last
  contact is the latest any file knows; every file's view is kept in ``Relationship.origins``.

A source with a ``shared:`` section is a colleague's share: its owner becomes a connector and
its ties say whose network they came from (warmintro.sources.team). Last, the network gains its
inferred ties (warmintro.sources.inferred), after every real one.

The merged network is cached as a whole (warmintro.cache.network), keyed by the identity of every file
in the set: a change to any of them rebuilds it. A file with no sources of more than
`IN_MEMORY_MAX` people has such a cache too (the file with its inferred ties), so that they are
found once, not on every command; a smaller one gets them when a command asks (`with_inferred`).
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..aside import beside, shared, start_aside
from ..defaults import NO_CACHE_ENV, env_flag
from ..errors import ContactsError, Problem
from ..memory import collector_paused
from ..model import Network
from .inferred import IN_MEMORY_MAX, NOTHING_INFERRED, add_inferred, inferred_range, marked, nothing_inferred

if TYPE_CHECKING:
    from ..cache.records import PeopleSections
    from .team import ShareHeader

Progress = Callable[[int, int], None]

_GLOB_CHARS = frozenset("*?[")
#: The most files a network is read from (`sources:` entries and the files their globs match):
#: past that, a pattern is surely too wide (a home folder's every file), and reading them all
#: would take minutes.
MAX_SOURCE_FILES = 1000


@dataclass(frozen=True)
class FileSummary:
    """One file of the set, for `check`."""

    file: str
    people: int
    relationships: int
    generated: bool = False

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "people": self.people, "relationships": self.relationships}


@dataclass
class LoadedSet:
    network: Network
    warnings: list[Problem]
    files: list[FileSummary]


def load_contacts(
    path: str | os.PathLike[str],
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    every_file: bool = True,
    note: Callable[[str], None] | None = None,
    leave_out: Path | None = None,
) -> LoadedSet:
    """The user's file with every source it names, merged; warnings of every file. Raises
    ContactsError listing the problems of every file when any file is unusable.

    With `every_file` False (queries), a merged network cached for these very files is used
    without opening each source: `warnings` then holds the user's file's only, and `files`
    only the user's file. `leave_out`: a source to read the network without (an import
    matches people against everything but the file it is about to rewrite)."""
    from ..cache.loader import cached_extra, load_network_cached, open_cached_set

    user_path = Path(path)
    if leave_out is not None:
        every_file = True  # the merged cache is of every source: merge the others afresh
    if not every_file and use_cache and not env_flag(NO_CACHE_ENV):
        # the quickest way for a query: the sources named in the user's cache, then their merged cache
        extra = cached_extra(user_path)
        refs = [str(v) for v in (extra or {}).get("sources") or [] if isinstance(v, str) and v.strip()]
        # a file with no sources has a merged cache too: the file with its inferred ties
        cached_set = _merged_cache(user_path, source_files(user_path, refs) if refs else [], use_cache, note)
        whole = (
            open_cached_set(cached_set.where, cached_set.key, cached_set.identity, str(user_path))
            if cached_set is not None
            else None
        )
        if whole is not None and not nothing_inferred(whole):
            return LoadedSet(whole, [], [])
    user, warnings = load_network_cached(user_path, use_cache=use_cache, progress=progress, note=note)
    refs = source_refs(user)
    files = [FileSummary(user.source, len(user.people), len(user.relationships))]
    members = source_files(user_path, refs) if refs else []
    if not members and len(user.people) <= IN_MEMORY_MAX:
        return LoadedSet(user, warnings, files)  # its inferred ties are found when asked for
    if leave_out is not None:
        members = [name for name in members if not _same_file(Path(name), leave_out)]
    cached_set = _merged_cache(user_path, members, use_cache, note) if leave_out is None else None
    if not every_file and cached_set is not None:
        whole = open_cached_set(cached_set.where, cached_set.key, cached_set.identity, user.source)
        if whole is not None:
            return LoadedSet(marked(user) if nothing_inferred(whole) else whole, warnings, files)
    with collector_paused():  # every source's people and ties, merged: no cycles among them
        return _load_sources(user, warnings, files, members, cached_set, use_cache, note)


def _load_sources(
    user: Network,
    warnings: list[Problem],
    files: list[FileSummary],
    members: list[str],
    cached_set: _CachedSet | None,
    use_cache: bool,
    note: Callable[[str], None] | None,
) -> LoadedSet:
    from ..cache.loader import load_network_cached
    from .team import disagreement_warnings, owners, share_header  # a query of a merged cache needs none

    members_loaded: list[tuple[str, Network]] = []
    problems: list[Problem] = []
    command = os.getpid()

    def load(name: str, jobs: list[Callable[[], None]]) -> tuple[Network | None, list[Problem]]:
        told = note if os.getpid() == command else None  # the command alone speaks
        try:
            return load_network_cached(Path(name), use_cache=use_cache, note=told, defer=jobs)
        except ContactsError as exc:
            return None, exc.problems

    # the sources are parsed on two cores (warmintro.aside); their own caches are written
    # beside the merge
    sizes = [_size(name) for name in members]
    loaded, writes, wait_for_sources = shared(members, load, sizes)
    for name, (network, found) in zip(members, cast("list[tuple[Network | None, list[Problem]]]", loaded)):
        if network is None:
            problems.extend(found)
            continue
        members_loaded.append((name, network))
        warnings.extend(found)
        if source_refs(network):
            line = _sources_line(Path(name))
            warnings.append(
                Problem(
                    name,
                    line,
                    None,
                    "a source's own 'sources:' is not read",
                    f"name those files in {user.source} instead",
                    "warning",
                )
            )
        files.append(FileSummary(name, len(network.people), len(network.relationships)))
    shares: list[tuple[str, Network, ShareHeader]] = []
    for name, network in members_loaded:
        header = share_header(name, network)
        if isinstance(header, list):
            problems.extend(header)
        elif header is not None:
            shares.append((name, network, header))
    owner_ids, owner_problems = owners(user, shares)
    problems.extend(owner_problems)
    wait: Callable[[], None] | None = None
    try:
        if problems:
            wait = start_aside(writes, sum(sizes))
            raise ContactsError(problems)
        merged, wait = _cached_merge(cached_set, user, members_loaded, owner_ids, shares, writes, sum(sizes))
    finally:
        if wait is not None:
            wait()
        wait_for_sources()
    warnings.extend(disagreement_warnings(merged))
    return LoadedSet(merged, warnings, files)


#: A merged network of at least this many people has its cache's people made on another core.
BESIDE_PEOPLE = 20_000


def _size(name: str) -> int:
    try:
        return os.path.getsize(name)
    except OSError:
        return 0


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):  # a symlink loop: not the file an import writes
        return False


def source_refs(network: Network) -> list[str]:
    value = network.extra.get("sources")
    if not isinstance(value, list):
        return []
    return [str(v) for v in value if isinstance(v, str) and v.strip()]


def source_files(user_path: Path, refs: list[str]) -> list[str]:
    """The files `sources:` names, as paths to show (relative to where the user's file is),
    each once, in order; ContactsError listing every entry that names no usable file."""
    base = os.path.dirname(str(user_path))
    user_real = os.path.realpath(user_path)
    lines: list[tuple[int | None, int | None]] | None = None
    problems: list[Problem] = []
    found: list[str] = []
    seen = {user_real}

    def problem(index: int, message: str, hint: str) -> None:
        nonlocal lines
        if lines is None:
            lines = _sources_entry_lines(user_path)
        line, column = lines[index] if index < len(lines) else (None, None)
        problems.append(Problem(str(user_path), line, column, message, hint))

    for index, ref in enumerate(refs):
        pattern = os.path.join(base, ref)
        is_glob = any(c in _GLOB_CHARS for c in ref)
        if is_glob:
            matches = sorted(glob.glob(pattern))
            if not matches:
                problem(index, f"source '{ref}' matches no file", "check the pattern, or remove it from 'sources:'")
                continue
            if len(matches) > MAX_SOURCE_FILES:
                problem(
                    index,
                    f"source '{ref}' matches {len(matches):,} files; a network is read from at most "
                    f"{MAX_SOURCE_FILES:,}",
                    "name a narrower pattern (e.g. 'team/*.yaml'), or only the files you mean",
                )
                continue
        else:
            matches = [pattern]
        for match in matches:
            try:
                real = os.path.realpath(match)
                os.stat(match)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    problem(index, f"source '{ref}' is a symbolic link loop", "point the link at a real file")
                elif exc.errno == errno.ENOENT:
                    problem(
                        index,
                        f"source '{ref}' not found",
                        "check the name (it is relative to this file), or remove it from 'sources:'",
                    )
                else:
                    problem(index, f"source '{ref}' cannot be read: {exc.strerror or exc}", "check its permissions")
                continue
            if real == user_real:
                if not is_glob:
                    problem(index, f"source '{ref}' is this file itself", "a file's sources are other files")
                continue
            if os.path.isdir(match):
                problem(index, f"source '{ref}' is a folder", f"name its files, e.g. '{ref.rstrip('/')}/*.yaml'")
                continue
            if real not in seen:
                seen.add(real)
                found.append(match)
    if len(found) > MAX_SOURCE_FILES and not problems:
        problem(
            0,
            f"'sources:' names {len(found):,} files; a network is read from at most {MAX_SOURCE_FILES:,}",
            "name fewer files, or narrower patterns",
        )
    if problems:
        raise ContactsError(problems)
    return found


def _compose_top(path: Path) -> Any:
    import yaml

    from ..fileformat.compose import Loader
    from ..fileformat.decode import read_text

    try:
        return yaml.compose(read_text(path), Loader=Loader)
    except (yaml.YAMLError, ContactsError, RecursionError):
        return None


def _sources_node(path: Path) -> Any:
    from yaml.nodes import MappingNode

    root = _compose_top(path)
    if not isinstance(root, MappingNode):
        return None
    for key, value in root.value:
        if getattr(key, "value", None) == "sources":
            return value
    return None


def _sources_line(path: Path) -> int | None:
    node = _sources_node(path)
    return None if node is None else int(node.start_mark.line) + 1


def _sources_entry_lines(path: Path) -> list[tuple[int | None, int | None]]:
    """Line and column of each entry of the file's `sources:`, for messages."""
    from yaml.nodes import SequenceNode

    node = _sources_node(path)
    if not isinstance(node, SequenceNode):
        return []
    return [(int(item.start_mark.line) + 1, int(item.start_mark.column) + 1) for item in node.value]


# --------------------------------------------------------------------------------------------
# The merged network, cached


@dataclass(frozen=True)
class _CachedSet:
    where: Path
    key: Path
    #: For each file: a CRC of its name, then its file identity.
    identity: list[int]
    #: When the files were looked at (nanoseconds, wall clock), before any was read.
    read_at: int


def _merged_cache(
    user_path: Path, members: list[str], use_cache: bool, note: Callable[[str], None] | None = None
) -> _CachedSet | None:
    """Where the merged network of these files is cached, under what key, and the identity
    (each file's name and stat) it must record; None without a (trusted) cache."""
    import time

    from ..cache.loader import trusted_cache_path
    from ..cache.store import file_identity

    if not use_cache or env_flag(NO_CACHE_ENV):
        return None
    key = Path(f"{user_path}.sources")
    read_at = time.time_ns()
    identity: list[int] = []
    for name in [str(user_path), *members]:
        try:
            identity.append(zlib.crc32(name.encode("utf-8", "surrogatepass")))
            identity.extend(file_identity(os.stat(name)))
        except OSError:
            return None
    where = trusted_cache_path(key, None, note)
    return None if where is None else _CachedSet(where, key, identity, read_at)


def _cached_merge(
    cached_set: _CachedSet | None,
    user: Network,
    members: list[tuple[str, Network]],
    owner_ids: Mapping[str, str],
    shares: list[tuple[str, Network, ShareHeader]],
    writes: list[Callable[[], None]],
    size: int,
) -> tuple[Network, Callable[[], None]]:
    """The merged network, and the function that waits until the `writes` (the sources' own
    caches) are done: beside the merge, on another core where it pays (warmintro.aside)."""
    from ..cache.loader import open_cached_set
    from ..cache.records import people_sections, write_cache

    if cached_set is not None:
        found = open_cached_set(cached_set.where, cached_set.key, cached_set.identity, user.source)
        if found is not None:
            return (marked(user) if nothing_inferred(found) else found), start_aside(writes, size)
    from .merging import merge_networks  # only when the set is merged again: a query reads it merged
    from .team import pool

    merged = pool(merge_networks(user, members, owner_ids), shares, user.me) if members else user
    # one child beside the command at a time: the cache's sections of people (who they are, not
    # who knows whom) are made while the inferred ties are found, then the sources' caches written
    people: Callable[[], PeopleSections | None] | None = None
    if cached_set is not None and members and len(merged.people) >= BESIDE_PEOPLE:
        people, wait = beside(partial(people_sections, merged), then=writes)
    else:
        wait = start_aside(writes, size)
    try:
        merged = add_inferred(merged)
    finally:
        made = people() if people is not None else None
    if not members and not inferred_range(merged)[1]:
        # one file, nothing inferred: its own cache serves; a cache of no one says so
        with contextlib.suppress(OSError):
            if cached_set is not None:
                marker = NOTHING_INFERRED
                write_cache(cached_set.where, marker, [], cached_set.key, cached_set.identity, "", cached_set.read_at)
        return marked(user), wait
    if cached_set is not None:
        with contextlib.suppress(OSError):
            write_cache(cached_set.where, merged, [], cached_set.key, cached_set.identity, "", cached_set.read_at, made)
            # the command reads what it wrote, as the next one will: the real ties are a view on
            # its arrays, where the network in memory would be copied without its inferred ones
            written = open_cached_set(cached_set.where, cached_set.key, cached_set.identity, user.source)
            if written is not None:
                # freed with the network read (at the end of the process, all at once), not
                # one object at a time in the middle of the command
                written.written_from = merged
                return written, wait
    return merged, wait
