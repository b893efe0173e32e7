"""The query cache brought up to date after an edit, so that the next command reads it warm.

After an edit, the network the new text loads as is known: the whole of it when the file was
parsed for the edit (then the cache is written from it, as a query would), or, when the file's
network came from the cache itself, the old network and the few entries the edit changed. In
that case, an edit that changes fields of existing relationships and moves no line is applied
to the cache file in place of those relationships' records; any other leaves the cache as it
is (it no longer matches the file, so the next query parses the file and writes it anew).
"""

from __future__ import annotations

import contextlib
import os
import struct
import zlib
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..defaults import NO_CACHE_ENV, env_flag
from ..errors import Problem
from ..model import Network, Person
from .layout import LayoutFacts
from .window import WindowResult

_DAMAGED = (OSError, ValueError, KeyError, IndexError, TypeError, struct.error, zlib.error, UnicodeDecodeError)


def _usable_cache(source: Path) -> Path | None:
    """The cache file of `source`, when caching is on and its folder is the user's own (an edit
    stays quiet about one that is not: the next query says so)."""
    from ..cache.loader import trusted_cache_path

    return None if env_flag(NO_CACHE_ENV) else trusted_cache_path(source, None, None)


def _cached_header(where: Path) -> dict[str, Any]:
    from ..cache.store import CacheFile

    try:
        return dict(CacheFile.open(where).header)
    except _DAMAGED:
        return {}


@dataclass
class FromCache:
    """A file's network and warnings read from its cache, the content hash the cache was made
    for, and the layout facts it keeps for that content (None when it keeps none)."""

    network: Network
    problems: list[Problem]
    content: str
    layout: LayoutFacts | None


def read_from_cache(source: Path, data: bytes) -> FromCache | None:
    """The network, warnings and layout facts of `source`, whose bytes are `data`, from its
    cache; None unless the cache holds exactly these bytes."""
    from ..cache.loader import load_network_cached
    from ..cache.network import CachedNetwork
    from ..cache.store import content_hash

    where = _usable_cache(source)
    if where is None:
        return None
    digest = content_hash(data)
    if _cached_header(where).get("content") != digest:
        return None
    network, problems = load_network_cached(source)
    header = _cached_header(where)
    if not isinstance(network, CachedNetwork) or header.get("content") != digest:
        return None
    layout = LayoutFacts.from_json(header["layout"]) if "layout" in header else None
    return FromCache(network, problems, digest, layout)


def write_cache_for(
    source: Path, data: bytes, network: Network, problems: list[Problem], read_at: int, layout: LayoutFacts | None
) -> None:
    """Cache `network` (what `data`, just written to `source`, loads as) for the next command,
    as a query would after parsing the file, with the `layout` facts of the new text when they
    are known; a cache that cannot be written is left out."""
    from ..cache.records import write_cache
    from ..cache.store import content_hash, file_identity

    where = _usable_cache(source)
    if where is None:
        return
    with contextlib.suppress(OSError):
        identity = file_identity(os.stat(source))
        more = {"layout": layout.to_json()} if layout is not None else None
        write_cache(where, network, problems, source, identity, content_hash(data), read_at, more)


def patch_cache(source: Path, data: bytes, before: str, network: Network, edit: WindowResult, read_at: int) -> bool:
    """Bring the cache of `source` (made for the content hashed `before`, read as `network`)
    up to date with `edit`, just written as `data`, when the edit only changed fields of
    existing relationships and moved no line. Whether the cache now describes `data`."""
    from ..cache.records import _relationship_record
    from ..cache.store import LONG, CacheFile, content_hash, file_identity, write_file
    from ..ranking.graph import build_compact, compact_graph

    if edit.people or edit.added_people or edit.added_pairs or not edit.moves.keeps_lines():
        return False
    where = _usable_cache(source)
    if where is None:
        return False
    graph = compact_graph(network)
    try:
        cached = CacheFile.open(where)
        header = dict(cached.header)
        if header.get("content") != before:
            return False
        sections = cached.raw_sections()
        rels, rels_type = sections["rels"]
        offsets = array(LONG)
        offsets.frombytes(sections["rels_off"][0])
        strength = array(sections["strength"][1])
        strength.frombytes(sections["strength"][0])
        last_contact = array(sections["last_contact"][1])
        last_contact.frombytes(sections["last_contact"][0])
        for pair, rel in edit.relationships.items():
            a, b = graph.index_of(rel.a), graph.index_of(rel.b)
            e = graph.edge_between(a, b) if a is not None and b is not None else None
            if e is None or frozenset((rel.a, rel.b)) != pair:
                return False
            record = _relationship_record(rel)
            start, end = offsets[e], offsets[e + 1]
            rels = rels[:start] + record + rels[end:]
            grown = len(record) - (end - start)
            if grown:
                for index in range(e + 1, len(offsets)):
                    offsets[index] += grown
            # the graph's codes for this one relationship, by the graph's own rule
            one = build_compact(Network(people={p: Person(id=p, name=p) for p in pair}, relationships=[rel]))
            strength[e], last_contact[e] = one.strength[0], one.last_contact[0]
        sections["rels"] = (rels, rels_type)
        sections["rels_off"] = (offsets.tobytes(), LONG)
        sections["strength"] = (strength.tobytes(), sections["strength"][1])
        sections["last_contact"] = (last_contact.tobytes(), sections["last_contact"][1])
        header["identity"] = file_identity(os.stat(source))
        header["read_at"] = read_at
        header["content"] = content_hash(data)
        header["warnings"] = [p.to_json() for p in edit.problems]
        header.pop("layout", None)
        if edit.layout is not None:
            header["layout"] = edit.layout.to_json()
        write_file(where, header, sections)
    except _DAMAGED:
        return False
    return True
