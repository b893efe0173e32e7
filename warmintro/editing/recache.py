"""The query cache brought up to date after an edit, so that the next command reads it warm.

After an edit, the network the new text loads as is known: the whole of it when the file was
parsed for the edit (then the cache is written from it, as a query would), or, when the file's
network came from the cache itself, the old network and the few entries the edit changed. In
that case, an edit that changes fields of existing relationships or adds relationships between
people already there (`touch`, `connect`) is applied to the cache file in place: those
relationships' records and the graph's arrays, and the lines of the entries after them when
the edit moved lines. So is one that adds people after the last one (`add`): their records are
appended, and what the cache knew of everyone at once (who may be one person, how many
organisations) is left to be found when a command asks. Any other (a changed person) leaves the
cache as it is: it no longer matches the file, so the next query parses the file and writes it
anew.

The file is read back a moment after the write, so that the cache can record a time at which
the file's identity proves its content: the next query then trusts the cache without hashing
the file again.
"""

from __future__ import annotations

import contextlib
import os
import re
import struct
import zlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..defaults import NO_CACHE_ENV, env_flag
from ..errors import Problem
from ..model import Network, Person, Relationship
from .layout import LayoutFacts
from .window import LineMoves, WindowResult, _ask_at

if TYPE_CHECKING:
    from ..ranking.graph import CompactGraph

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
        write_cache(where, network, problems, source, identity, content_hash(data), read_at, more=more)


def patch_cache(
    source: Path, data: bytes, before: str, network: Network, edit: WindowResult, read_at: int, proof: Proof | None
) -> bool:
    """Bring the cache of `source` (made for the content hashed `before`, read as `network`)
    up to date with `edit`, just written as `data` (and read back at `proof`, when given), when
    the edit changed fields of existing relationships and added relationships between people
    already there or added by it (`touch`, `connect`), and added people after the last one
    (`add`), and moved no person's line (the relationships and asks whose lines it moved get
    their new lines). Whether the cache now describes `data`."""
    from ..cache.records import _intros_record, _relationship_record
    from ..cache.store import LONG, CacheFile, content_hash, file_identity, write_file
    from ..ranking.graph import build_compact, compact_graph

    if set(edit.people) != set(edit.added_people) or not _people_stay(network, edit.moves):
        return False
    newcomers = [edit.people[pid] for pid in edit.added_people]
    if not _after_everyone(network, newcomers):
        return False
    where = _usable_cache(source)
    if where is None:
        return False
    graph = compact_graph(network)
    added = set(edit.added_pairs)
    try:
        cached = CacheFile.open(where)
        header = dict(cached.header)
        if header.get("content") != before:
            return False
        sections = cached.raw_sections()
        if "real_stops" in sections:  # a network with inferred ties: not a file's own cache
            return False
        rels, rels_type = sections["rels"]
        rels_off = _array(sections["rels_off"])
        arrays = {
            name: _array(sections[name]) for name in ("strength", "last_contact", "ends", "offsets", "targets", "edges")
        }
        strength, last_contact = arrays["strength"], arrays["last_contact"]
        added_at = _append_people(sections, header, arrays["offsets"], newcomers) if newcomers else {}

        def index_of(pid: str) -> int | None:
            return added_at[pid] if pid in added_at else graph.index_of(pid)

        rewritten: set[int] = set()
        for pair, rel in edit.relationships.items():
            if pair in added:
                continue
            a, b = graph.index_of(rel.a), graph.index_of(rel.b)
            e = graph.edge_between(a, b) if a is not None and b is not None else None
            if e is None or frozenset((rel.a, rel.b)) != pair:
                return False
            record = _relationship_record(rel)
            start, end = rels_off[e], rels_off[e + 1]
            rels = rels[:start] + record + rels[end:]
            grown = len(record) - (end - start)
            if grown:
                for index in range(e + 1, len(rels_off)):
                    rels_off[index] += grown
            strength[e], last_contact[e] = _codes(rel, build_compact)
            rewritten.add(e)
        m = int(header["relationships"])
        new = set(added_at.values())
        rels = _shift_lines(rels, rels_off, m, rewritten, edit.moves)
        for pair in edit.added_pairs:  # after the last relationship, as the file has them
            rel = edit.relationships[pair]
            a, b = index_of(rel.a), index_of(rel.b)
            if a is None or b is None or a == b:
                return False
            if a not in new and b not in new and graph.edge_between(a, b) is not None:
                return False
            rels += _relationship_record(rel)
            rels_off.append(len(rels))
            arrays["ends"].extend((a, b))
            code, day = _codes(rel, build_compact)
            strength.append(code)
            last_contact.append(day)
            # each end's list of neighbours is in the order of the relationships: the new one last
            for node, other in sorted(((a, b), (b, a))):
                _append_neighbour(arrays["offsets"], arrays["targets"], arrays["edges"], node, other, m)
            m += 1
        if not edit.moves.keeps_lines():
            asks = tuple(_ask_at(ask, edit.moves.line) for ask in network.intros)
            sections["intros"] = (_intros_record(asks), sections["intros"][1])
        sections["rels"] = (rels, rels_type)
        sections["rels_off"] = (rels_off.tobytes(), LONG)
        for name, values in arrays.items():
            sections[name] = (values.tobytes(), sections[name][1])
        header["relationships"] = m
        header["identity"] = proof.identity if proof is not None else file_identity(os.stat(source))
        header["read_at"] = proof.read_at if proof is not None else read_at
        header["content"] = content_hash(data)
        header["warnings"] = [p.to_json() for p in edit.problems]
        header.pop("layout", None)
        if edit.layout is not None:
            header["layout"] = edit.layout.to_json()
        write_file(where, header, sections)
    except _DAMAGED:
        return False
    return True


def _array(section: tuple[bytes, str]) -> array[int]:
    values = array(section[1])
    values.frombytes(section[0])
    return values


def _codes(rel: Relationship, build: Callable[[Network], CompactGraph]) -> tuple[int, int]:
    """A relationship's strength and last-contact codes in the graph, by the graph's own rule."""
    one = build(Network(people={p: Person(id=p, name=p) for p in rel.pair}, relationships=[rel]))
    return one.strength[0], one.last_contact[0]


def _append_neighbour(
    offsets: array[int], targets: array[int], edges: array[int], node: int, other: int, edge: int
) -> None:
    """Add `other` (through relationship `edge`) at the end of `node`'s neighbours."""
    at = offsets[node + 1]
    targets.insert(at, other)
    edges.insert(at, edge)
    for index in range(node + 1, len(offsets)):
        offsets[index] += 1


def _after_everyone(network: Network, newcomers: list[Person]) -> bool:
    """Whether the people added are where a fresh read puts them, after everyone already there
    and in the order added: on lines below the last person's, in that order."""
    ids = list(network.people)
    last = network.people[ids[-1]].line if ids else 0
    lines = [person.line for person in newcomers]
    known = [line for line in [last, *lines] if line is not None]
    return len(known) == len(lines) + 1 and all(a < b for a, b in pairwise(known))


def _append_people(
    sections: dict[str, tuple[bytes, str]], header: dict[str, Any], offsets: array[int], newcomers: list[Person]
) -> dict[str, int]:
    """Add `newcomers` (people with no relationships yet) after everyone in the cache's
    `sections`, the graph's `offsets` and the `header`'s counts; where each one is. What the
    cache knew of all its people at once and a newcomer may change (who may be one person, how
    many organisations there are) is dropped, to be found again when a command asks for it.
    Raises ValueError when a newcomer's id is taken."""
    import bisect

    from ..cache.records import _person_record, _search_words
    from ..cache.store import LONG

    n = int(header["people"])
    ids = bytearray(sections["ids"][0])
    ids_off = _array(sections["ids_off"])
    order = _array(sections["order"])
    blobs = {name: bytearray(sections[name][0]) for name in ("names", "people", "search")}
    blob_offsets = {name: _array(sections[f"{name}_off"]) for name in blobs}

    def id_at(position: int) -> bytes:
        i = order[position]
        return bytes(ids[ids_off[i] : ids_off[i + 1]])

    added_at: dict[str, int] = {}
    for person in newcomers:
        key = person.id.encode("utf-8", "surrogatepass")
        position = bisect.bisect_left(range(len(order)), key, key=id_at)
        if position < len(order) and id_at(position) == key:
            raise ValueError(f"the cache holds {person.id} already")
        index = n + len(added_at)
        order.insert(position, index)
        ids += key
        ids_off.append(len(ids))
        records = {
            "names": person.name.encode("utf-8", "surrogatepass"),
            "people": _person_record(person),
            "search": _search_words(person).encode("utf-8", "surrogatepass"),
        }
        for name, record in records.items():
            blobs[name] += record
            blob_offsets[name].append(len(blobs[name]))
        offsets.append(offsets[-1])  # no relationships yet
        added_at[person.id] = index
    sections["ids"] = (bytes(ids), sections["ids"][1])
    sections["ids_off"] = (ids_off.tobytes(), LONG)
    sections["order"] = (order.tobytes(), sections["order"][1])
    for name, data in blobs.items():
        sections[name] = (bytes(data), sections[name][1])
        sections[f"{name}_off"] = (blob_offsets[name].tobytes(), LONG)
    header["people"] = n + len(newcomers)
    # the counts the header keeps of everyone, by the network's own rules, on the newcomers alone
    alone = Network(people={person.id: person for person in newcomers}, relationships=[])
    if alone.organisation_count():  # maybe an organisation nobody else works at: count when asked
        header["organisations"] = None
    if isinstance(header.get("private_abouts"), list):
        header["private_abouts"] = [*header["private_abouts"], *map(list, alone.private_looking_abouts())]
    sections.pop("pairs", None)  # a newcomer may be anyone's double: found when `check` asks
    return added_at


def _people_stay(network: Network, moves: LineMoves) -> bool:
    """Whether every person of `network` stays on their line after an edit that `moves` lines
    (people are in the file's order: the last is the furthest down)."""
    first = moves.first_moved()
    if first is None:
        return True
    ids = list(network.people)
    line = network.people[ids[-1]].line if ids else None
    return line is not None and moves.lines.start(line) < first


def _shift_lines(rels: bytes, offsets: array[int], m: int, rewritten: set[int], moves: LineMoves) -> bytes:
    """The records of relationships (`offsets` into `rels`, updated) with the lines they have
    after `moves`: from the last one back to the first that stays where it was (relationships
    are in the file's order). Those in `rewritten` hold their new lines already."""
    import json

    first = moves.first_moved()
    if first is None:
        return rels
    # below every edit (as every relationship is after `add`), a line moves by all of them
    beyond = max(end for _, end, _ in moves.edits)
    total = sum(change for _, _, change in moves.edits)

    def moved(line: int) -> int:
        if moves.lines.start(line) >= beyond:
            return line + total
        new = moves.line(line)
        if new is None:
            raise ValueError("a relationship without a line")
        return new

    tail: list[bytes] = []
    e = m - 1
    while e >= 0:
        record = rels[offsets[e] : offsets[e + 1]]
        if e not in rewritten:
            found = _line_in(record)
            if found is not None:  # the number alone rewritten: the same bytes as encoding anew
                line, digits = found
                if moves.lines.start(line) < first:
                    break
                record = b"%s%d%s" % (record[: digits[0]], moved(line), record[digits[1] :])
            else:
                fields = json.loads(record)
                line = fields["line"]
                if moves.lines.start(line) < first:
                    break
                fields["line"] = moved(line)
                record = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()
        tail.append(record)
        e -= 1
    start = offsets[e + 1]
    for record in reversed(tail):
        e += 1
        offsets[e + 1] = offsets[e] + len(record)
    return rels[:start] + b"".join(reversed(tail))


#: A relationship record's line (`_relationship_record`: compact JSON whose ``line`` comes last
#: but for ``origins``). Its first match is the record's own: a quote inside a text is escaped,
#: and the values before it hold no other key ``line`` (`value_to_json` writes a map as a list).
_LINE_KEY = re.compile(rb'"line":(\d+)(?=}$|,"origins":)')


def _line_in(record: bytes) -> tuple[int, tuple[int, int]] | None:
    """A relationship record's line and where its digits are; None for a record not in the
    form `_relationship_record` writes (then it is decoded)."""
    found = _LINE_KEY.search(record)
    if found is None or not record.startswith(b"{"):
        return None
    return int(found[1]), found.span(1)


# --------------------------------------------------------------------------------------------
# The mark that a file has no inferred ties
#
# A large file with no sources has a second cache beside its own: the mark that no ties are
# inferred from the people's histories (see warmintro.sources.network), keyed by the file's
# identity, which an edit changes. An edit that changes and adds relationships only, and adds
# people whose histories date no job, infers nothing new (a tie is inferred between two people
# whose dated jobs overlap, and a real tie only ever replaces an inferred one), so the mark
# holds for the new file too and is re-stamped with its identity.


def infers_nothing_new(edit: WindowResult) -> bool:
    """Whether the edit `edit` changes no person and adds only people with no dated job (see
    warmintro.sources.inferred.stints): it can give the file no inferred tie."""
    if set(edit.people) != set(edit.added_people):
        return False
    return all(job.start is None for person in edit.people.values() for job in person.history)


def inferred_mark(shown: Path, network: Network) -> Path | None:
    """Where the mark is that `shown` (named as the user named it; its network `network`, with
    no sources) has no inferred ties, as the file is now; None when there is no such mark."""
    from ..cache.loader import open_cached_set
    from ..sources.inferred import nothing_inferred
    from ..sources.network import _merged_cache, source_refs

    if source_refs(network) or env_flag(NO_CACHE_ENV):
        return None
    cached_set = _merged_cache(shown, [], True)
    if cached_set is None:
        return None
    found = open_cached_set(cached_set.where, cached_set.key, cached_set.identity, str(shown))
    return cached_set.where if found is not None and nothing_inferred(found) else None


def restamp_inferred_mark(shown: Path, mark: Path, proof: Proof) -> None:
    """Re-stamp the `mark` (see `inferred_mark`) for `shown` as just written, whose content
    `proof` vouches for."""
    from ..cache.loader import _restamp
    from ..sources.network import _merged_cache

    cached_set = _merged_cache(shown, [], True)
    if cached_set is not None and cached_set.where == mark and cached_set.identity[1:] == proof.identity:
        _restamp(mark, cached_set.identity, proof.read_at)


@dataclass
class Proof:
    """A file's identity, and a time at which it held the bytes just written, late enough after
    the write that the identity proves the content (`identity_proves_content`)."""

    identity: list[int]
    read_at: int


def prove_written(source: Path, data: bytes) -> Proof | None:
    """Read `source` back a moment after `data` was written to it (past the timestamps'
    granularity), so that its cache can say when it held `data` and the next command need not
    read it again; None on whole-second timestamps or when it holds something else."""
    import time

    from ..cache.store import FINE_GRANULARITY_NS, content_hash, file_identity, granularity_ns
    from ..safefile import read_regular

    try:
        identity = file_identity(os.stat(source))
        if granularity_ns(identity) > FINE_GRANULARITY_NS:
            return None
        wait = max(identity[3], identity[4]) + FINE_GRANULARITY_NS - time.time_ns()
        if wait > 0:
            time.sleep(wait / 1e9)
        read_at = time.time_ns()
        same = content_hash(read_regular(source)) == content_hash(data)
        if not same or file_identity(os.stat(source)) != identity:
            return None
    except OSError:
        return None
    return Proof(identity, read_at)
