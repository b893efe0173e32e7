"""A cache of parsed contacts files, so that queries on large networks answer at once.

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

import bisect
import contextlib
import datetime as dt
import json
import os
import struct
import time
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from .. import __version__
from ..dates import PartialDate, parse_partial_date
from ..environment import env_flag
from ..errors import ContactsError, Problem, WarmintroError
from ..model import PERSON_TEXT_FIELDS, STRENGTHS, Job, Network, Person, Relationship, Settings
from ..ranking.graph import BYTE, INT, CompactGraph, compact_graph, keep_compact
from .store import (
    CACHE_ENV,
    FORMAT,
    LONG,
    NO_CACHE_ENV,
    CacheFile,
    Texts,
    UntrustedCache,
    as_bytes,
    blob,
    cache_path,
    content_hash,
    default_cache_dir,
    file_identity,
    identity_proves_content,
    prepare_folder,
    real_source,
    write_file,
)

if TYPE_CHECKING:
    from ..ledger.asks import Ask

Progress = Callable[[int, int], None]


# --------------------------------------------------------------------------------------------
# Loading with the cache


def load_network_cached(
    path: str | os.PathLike[str],
    *,
    use_cache: bool = True,
    directory: Path | None = None,
    progress: Progress | None = None,
    note: Callable[[str], None] | None = None,
) -> tuple[Network, list[Problem]]:
    """The network in `path` and its warnings, from the cache when the file is unchanged.

    `note(text)` is told why the cache was not used when the user should know (a cache folder
    that others can write to). Raises ContactsError for a missing or invalid file, like
    `load_network`."""
    source = Path(path)
    use_cache = use_cache and not env_flag(NO_CACHE_ENV)
    where = _trusted_cache_path(source, directory, note) if use_cache else None
    read_at = time.time_ns()  # before the file is looked at: see identity_proves_content
    try:
        identity = file_identity(source.stat())
    except OSError:
        identity = None
    if where is not None and identity is not None:
        found = _open_cache(where, source, identity, content=None)
        if found is not None:
            return found
    from ..fileformat.reader import decode, parse_network_with_problems, read_bytes  # only on a miss: YAML is slow

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
        with contextlib.suppress(OSError):  # a read-only or full cache directory must not stop the query
            write_cache(where, network, problems, source, identity, digest, read_at)
    return network, problems


def _trusted_cache_path(source: Path, directory: Path | None, note: Callable[[str], None] | None) -> Path | None:
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
    name = str(source)
    warnings = [Problem(name, w.line, w.column, w.message, w.hint, w.severity) for w in cached.warnings]
    return _network(cached, name), warnings


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
        where = _trusted_cache_path(path, None, None)
        if where is None:
            return None
        cached = CacheFile.open(where)
        header = cached.header
        identity = file_identity(path.stat())
        if header.get("source") != real_source(path) or header.get("identity") != identity:
            return None
        if not identity_proves_content(identity, header.get("read_at")):
            return None
        extra = _json_to_value(header["extra"])
        return extra if isinstance(extra, dict) else None
    except (OSError, ValueError, KeyError, IndexError, TypeError, struct.error, zlib.error, UnicodeDecodeError):
        return None


def open_cached_set(where: Path, key: Path, identity: list[int], name: str) -> Network | None:
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
        return _network(cached, name)
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


# --------------------------------------------------------------------------------------------
# Writing


def _dates_to_json(value: Any) -> Any:
    """Unknown fields as JSON that reads back to the same Python values."""
    if isinstance(value, dict):
        return {"$map": [[k, _dates_to_json(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_dates_to_json(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [_dates_to_json(v) for v in value]}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, bytes):
        return {"$bytes": value.hex()}
    if isinstance(value, float) and value != value:
        return {"$float": "nan"}
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return {"$float": "inf" if value > 0 else "-inf"}
    return value


def _json_to_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_json_to_value(v) for v in value]
    if isinstance(value, dict):
        ((tag, inner),) = value.items()
        if tag == "$map":
            return {k: _json_to_value(v) for k, v in inner}
        if tag == "$tuple":
            return tuple(_json_to_value(v) for v in inner)
        if tag == "$datetime":
            return dt.datetime.fromisoformat(inner)
        if tag == "$date":
            return dt.date.fromisoformat(inner)
        if tag == "$bytes":
            return bytes.fromhex(inner)
        if tag == "$float":
            return float(inner)
        raise ValueError(f"unknown tag {tag}")
    return value


def _person_record(person: Person) -> bytes:
    record: dict[str, Any] = {"name": person.name}
    for key in PERSON_TEXT_FIELDS:
        value = getattr(person, key)
        if value is not None:
            record[key] = value
    if person.private:
        record["private"] = True
    if person.tags:
        record["tags"] = list(person.tags)
    if person.history:
        record["history"] = [
            [
                j.company,
                j.title,
                j.start.text if j.start else None,
                j.end.text if j.end else None,
                _dates_to_json(j.extra),
            ]
            for j in person.history
        ]
    if person.extra:
        record["extra"] = _dates_to_json(person.extra)
    if person.line is not None:
        record["line"] = person.line
    if len(person.emails) > 1:
        record["emails"] = list(person.emails)
    if person.origins:
        record["origins"] = list(person.origins)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()


def _text(date: PartialDate | None) -> str | None:
    return date.text if date else None


def _relationship_record(rel: Relationship) -> bytes:
    record: dict[str, Any] = {}
    if rel.how is not None:
        record["how"] = rel.how
    if rel.since is not None:
        record["since"] = rel.since.text
    if rel.last_contact is not None:
        record["last"] = rel.last_contact.text
    if rel.channels:
        record["channels"] = list(rel.channels)
    if rel.notes is not None:
        record["notes"] = rel.notes
    if rel.private:
        record["private"] = True
    if not rel.strength_given:
        record["default"] = True
    if rel.extra:
        record["extra"] = _dates_to_json(rel.extra)
    if rel.line is not None:
        record["line"] = rel.line
    if rel.origins:
        record["origins"] = list(rel.origins)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() if record else b""


def _intros_record(asks: Sequence[Ask]) -> bytes:
    """The ask ledger as JSON (it is small: one entry a request ever made)."""
    records = [
        [
            a.id,
            a.date.text,
            a.requester,
            a.connector,
            list(a.through),
            a.target,
            a.purpose,
            a.status,
            [[n.date.text, n.status, n.note, _dates_to_json(n.extra), n.line] for n in a.notes],
            _dates_to_json(a.extra),
            a.line,
        ]
        for a in asks
    ]
    return json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode()


def _intros_from(data: memoryview) -> tuple[Ask, ...]:
    records = json.loads(bytes(data))
    if not records:
        return ()
    from ..ledger.asks import Ask, AskNote  # only for a file with asks (start-up time)

    asks = []
    for ident, date, requester, connector, through, target, purpose, status, notes, extra, line in records:
        asks.append(
            Ask(
                id=ident,
                date=parse_partial_date(date),
                requester=requester,
                connector=connector,
                through=tuple(through),
                target=target,
                purpose=purpose,
                status=status,
                notes=tuple(
                    AskNote(parse_partial_date(d), s, n, _json_to_value(x), line=ln) for d, s, n, x, ln in notes
                ),
                extra=_json_to_value(extra),
                line=line,
            )
        )
    return tuple(asks)


def write_cache(
    where: Path,
    network: Network,
    problems: list[Problem],
    source: Path,
    identity: list[int],
    content: str,
    read_at: int,
) -> None:
    """Write the cache file for a network parsed from `source`, whose content was read at
    `read_at` (nanoseconds, wall clock, taken before the file was looked at)."""
    graph = compact_graph(network)
    people = list(network.people.values())
    n, m = len(people), len(network.relationships)
    ids = [p.id.encode("utf-8", "surrogatepass") for p in people]
    ids_blob, ids_off = blob(iter(ids), n)
    order = array(INT, sorted(range(n), key=ids.__getitem__))
    names_blob, names_off = blob((p.name.encode("utf-8", "surrogatepass") for p in people), n)
    search_blob, search_off = blob((_search_words(p).encode("utf-8", "surrogatepass") for p in people), n)
    people_blob, people_off = blob((_person_record(p) for p in people), n)
    rels_blob, rels_off = blob((_relationship_record(r) for r in network.relationships), m)
    ends = array(INT, bytes(4 * 2 * m))
    for e in range(m):
        # the relationship's ends in the order written: the CSR slots do not keep it
        rel = network.relationships[e]
        a, b = graph.index_of(rel.a), graph.index_of(rel.b)
        assert a is not None and b is not None
        ends[2 * e], ends[2 * e + 1] = a, b
    settings = network.settings
    header: dict[str, Any] = {
        "format": FORMAT,
        "warmintro": __version__,
        "source": real_source(source),
        "identity": identity,
        "read_at": read_at,
        "content": content,
        "people": n,
        "relationships": m,
        "organisations": network.organisation_count(),
        "private_abouts": network.private_looking_abouts(),
        "me": network.me,
        "settings": {
            "warmth": settings.warmth,
            "half_life_years": settings.half_life_years,
            "max_hops": settings.max_hops,
            "relay": settings.relay,
            "learned": settings.learned,
            "given": _dates_to_json(settings.given),
            "extra": _dates_to_json(settings.extra),
        },
        "extra": _dates_to_json(network.extra),
        "warnings": [p.to_json() for p in problems],
    }
    sections: dict[str, tuple[bytes, str]] = {
        "offsets": (as_bytes(graph.offsets, INT), INT),
        "targets": (as_bytes(graph.targets, INT), INT),
        "edges": (as_bytes(graph.edges, INT), INT),
        "strength": (as_bytes(graph.strength, BYTE), BYTE),
        "last_contact": (as_bytes(graph.last_contact, INT), INT),
        "ends": (ends.tobytes(), INT),
        "order": (order.tobytes(), INT),
        "ids_off": (ids_off.tobytes(), LONG),
        "ids": (ids_blob, ""),
        "names_off": (names_off.tobytes(), LONG),
        "names": (names_blob, ""),
        "search_off": (search_off.tobytes(), LONG),
        "search": (search_blob, ""),
        "people_off": (people_off.tobytes(), LONG),
        "people": (people_blob, ""),
        "rels_off": (rels_off.tobytes(), LONG),
        "rels": (rels_blob, ""),
        "intros": (_intros_record(network.intros), ""),
        "pairs": (_pairs_record(network), ""),
    }
    write_file(where, header, sections)


def _pairs_record(network: Network) -> bytes:
    """Who may be entered twice (see warmintro.sources.identity), found while every person is in
    memory, so that `check` on a cached network decodes nobody."""
    from ..sources.identity import find_pairs

    return json.dumps([p.to_json() for p in find_pairs(network)], ensure_ascii=False).encode()


def _search_words(person: Person) -> str:
    """What completion matches against: the folded id and words of the name."""
    from ..queries.resolve import fold, name_words

    return " ".join([fold(person.id), *name_words(person.name)])


# --------------------------------------------------------------------------------------------
# Reading


def _network(cached: CacheFile, display_name: str) -> CachedNetwork:
    """The network, named `display_name` in messages (the path as the user gave it)."""
    n, m = cached.header["people"], cached.header["relationships"]
    arrays = {
        name: cached.array(name)
        for name in ("offsets", "targets", "edges", "strength", "last_contact", "ends", "order")
    }
    blobs = {name: cached.section(name) for name in ("ids", "names", "people", "rels")}
    offsets = {name: cached.array(f"{name}_off") for name in ("ids", "names", "people", "rels")}
    lengths = {
        "offsets": n + 1,
        "targets": 2 * m,
        "edges": 2 * m,
        "strength": m,
        "last_contact": m,
        "ends": 2 * m,
        "order": n,
    }
    for name, expected in lengths.items():
        if len(arrays[name]) != expected:
            raise ValueError(f"section {name} has the wrong length")
    for name, count in (("ids", n), ("names", n), ("people", n), ("rels", m)):
        if len(offsets[name]) != count + 1 or offsets[name][-1] != len(blobs[name]):
            raise ValueError(f"section {name} has the wrong length")
    # every index the network will follow, checked once here (at C speed), so that a cache
    # whose checksums match but whose content is wrong is rebuilt, never followed
    _check_indexes(arrays, offsets, blobs, n, m)
    intros = _intros_from(cached.section("intros"))
    network = CachedNetwork(cached.header, arrays, blobs, offsets, display_name, intros)
    network.pairs_json = cached.section("pairs")
    return network


def _check_indexes(
    arrays: dict[str, array[int]], offsets: dict[str, array[int]], blobs: dict[str, memoryview], n: int, m: int
) -> None:
    """Every index within its bounds, and the ids and names valid UTF-8 (at C speed: a few
    milliseconds for a million people). What is left to a forger who can write the cache (an
    offset out of order, an order that is not one) makes a text empty or a person not found,
    never a wrong access; and the cache is read only when it is the user's own."""
    bounds = [("targets", arrays["targets"], n - 1), ("ends", arrays["ends"], n - 1), ("order", arrays["order"], n - 1)]
    bounds += [("edges", arrays["edges"], m - 1), ("strength", arrays["strength"], len(STRENGTHS) - 1)]
    bounds += [("offsets", arrays["offsets"], 2 * m)]
    bounds += [(f"{name}_off", values, len(blobs[name])) for name, values in offsets.items()]
    for name, values, highest in bounds:
        if values and (min(values) < 0 or max(values) > highest):
            raise ValueError(f"section {name} holds an index out of range")
    for name in ("ids", "names"):
        str(blobs[name], "utf-8", "surrogatepass")  # valid UTF-8, or a UnicodeDecodeError (a ValueError)


class CacheDamaged(WarmintroError):
    """A record of the cache could not be decoded although its checksums matched: the cache
    file is removed (the next command rebuilds it)."""


class CachedNetwork(Network):
    """A Network read from the cache: people and relationships are decoded when first asked
    for, so a query on a million people touches only the few it needs."""

    def __init__(
        self,
        header: dict[str, Any],
        arrays: dict[str, array[int]],
        blobs: dict[str, memoryview],
        offsets: dict[str, array[int]],
        name: str,
        intros: tuple[Ask, ...] = (),
    ) -> None:
        self._ids = Texts(blobs["ids"], offsets["ids"])
        self._index: dict[str, int] | None = None
        self._searches = 0
        self._names = Texts(blobs["names"], offsets["names"])
        self._people_json = Texts(blobs["people"], offsets["people"])
        self._rels_json = Texts(blobs["rels"], offsets["rels"])
        self._order = arrays["order"]
        self._ends = arrays["ends"]
        self._strength = arrays["strength"]
        settings_data = header["settings"]
        settings = Settings(
            warmth=dict(settings_data["warmth"]),
            half_life_years=settings_data["half_life_years"],
            max_hops=settings_data["max_hops"],
            relay=settings_data["relay"],
            learned=settings_data["learned"],
            given=_json_to_value(settings_data["given"]),
            extra=_json_to_value(settings_data["extra"]),
        )
        settings.language = str(settings.given["language"]).strip() if settings.given.get("language") else None
        settings.templates = str(settings.given["templates"]) if settings.given.get("templates") else None
        super().__init__(
            people=_People(self),
            relationships=_Relationships(self),
            me=header["me"],
            settings=settings,
            extra=_json_to_value(header["extra"]),
            source=name,
            intros=intros,
        )
        keep_compact(
            self,
            CompactGraph(
                arrays["offsets"],
                arrays["targets"],
                arrays["edges"],
                arrays["strength"],
                arrays["last_contact"],
                self._index_of,
                self._ids.__getitem__,
            ),
        )
        self.__dict__["adjacency"] = _Adjacency(self)
        self._person_memo: dict[int, Person] = {}
        self._rel_memo: dict[int, Relationship] = {}
        self._organisations: int | None = header.get("organisations")
        self._private_abouts: list[tuple[str, str]] | None = header.get("private_abouts")
        #: The pairs of people who may be one, as found when the cache was written.
        self.pairs_json: memoryview | None = None

    def organisation_count(self) -> int:
        """Counted when the cache was written: counting again would decode every person."""
        if self._organisations is None:
            self._organisations = super().organisation_count()
        return self._organisations

    def private_looking_abouts(self) -> list[tuple[str, str]]:
        """Found when the cache was written: looking again would decode every person."""
        if self._private_abouts is None:
            self._private_abouts = super().private_looking_abouts()
        return [(pid, what) for pid, what in self._private_abouts]

    #: After this many lookups a query is visiting much of the network: index every id at once.
    _SEARCHES_BEFORE_INDEXING = 2000

    def _index_of(self, pid: str) -> int | None:
        """A person's index: by binary search over the ids in sorted order while few are asked
        for (a path query on a million people asks for a few hundred), by a dict of every id
        once a query turns out to visit many."""
        if self._index is not None:
            return self._index.get(pid)
        self._searches += 1
        if self._searches > self._SEARCHES_BEFORE_INDEXING:
            self._index = {pid: i for i, pid in enumerate(self._ids.all())}
            return self._index.get(pid)
        order, blob, offsets = self._order, self._ids.blob, self._ids.offsets
        key = pid.encode("utf-8", "surrogatepass")

        def id_bytes(position: int) -> bytes:
            i = order[position]
            return blob[offsets[i] : offsets[i + 1]].tobytes()

        position = bisect.bisect_left(range(len(order)), key, key=id_bytes)
        if position < len(order) and id_bytes(position) == key:
            return order[position]
        return None

    #: The cache file read, removed when a record in it cannot be decoded.
    cache_file: Path | None = None

    def _damaged(self, exc: Exception) -> CacheDamaged:
        if self.cache_file is not None:
            with contextlib.suppress(OSError):
                self.cache_file.unlink()
        return CacheDamaged(
            f"the cache of {self.source} is damaged ({type(exc).__name__}) and was removed; "
            "run the command again to rebuild it"
        )

    def person_at(self, i: int) -> Person:
        try:
            return self._decode_person(i)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            raise self._damaged(exc) from None

    def relationship(self, a: str, b: str) -> Relationship | None:
        """The relationship between two people, found on the arrays: nobody else is decoded."""
        graph = compact_graph(self)
        ia, ib = graph.index_of(a), graph.index_of(b)
        if ia is None or ib is None:
            return None
        edge = graph.edge_between(ia, ib)
        return None if edge is None else self.relationship_at(edge)

    def relationship_at(self, e: int) -> Relationship:
        try:
            return self._decode_relationship(e)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            raise self._damaged(exc) from None

    def _decode_person(self, i: int) -> Person:
        person = self._person_memo.get(i)
        if person is None:
            record = json.loads(self._people_json[i])
            history = tuple(
                Job(
                    company=company,
                    title=title,
                    start=parse_partial_date(start) if start else None,
                    end=parse_partial_date(end) if end else None,
                    extra=tuple(tuple(pair) for pair in _json_to_value(extra)),
                )
                for company, title, start, end, extra in record.pop("history", [])
            )
            extra = _json_to_value(record.pop("extra", {"$map": []}))
            line = record.pop("line", None)
            tags = tuple(record.pop("tags", ()))
            emails = tuple(record.pop("emails", ()))
            origins = tuple(record.pop("origins", ()))
            person = Person(
                id=self._ids[i],
                history=history,
                extra=extra,
                line=line,
                tags=tags,
                emails=emails,
                origins=origins,
                **record,
            )
            self._person_memo[i] = person
        return person

    def _decode_relationship(self, e: int) -> Relationship:
        rel = self._rel_memo.get(e)
        if rel is None:
            text = self._rels_json[e]
            record = json.loads(text) if text else {}
            rel = Relationship(
                a=self._ids[self._ends[2 * e]],
                b=self._ids[self._ends[2 * e + 1]],
                strength=STRENGTHS[self._strength[e]],
                how=record.get("how"),
                since=_date(record.get("since")),
                last_contact=_date(record.get("last")),
                channels=tuple(record.get("channels", ())),
                notes=record.get("notes"),
                private=record.get("private", False),
                strength_given=not record.get("default", False),
                extra=_json_to_value(record.get("extra", {"$map": []})),
                line=record.get("line"),
                origins=tuple(record.get("origins", ())),
            )
            self._rel_memo[e] = rel
        return rel

    def names(self) -> Iterator[tuple[str, str]]:
        return zip(self._ids.all(), self._names.all())


def _date(text: str | None) -> PartialDate | None:
    return parse_partial_date(text) if text else None


class _People(Mapping[str, Person]):
    def __init__(self, network: CachedNetwork) -> None:
        self._network = network

    def __getitem__(self, pid: str) -> Person:
        i = self._network._index_of(pid)
        if i is None:
            raise KeyError(pid)
        return self._network.person_at(i)

    def __contains__(self, pid: object) -> bool:
        return isinstance(pid, str) and self._network._index_of(pid) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._network._ids.all())

    def __len__(self) -> int:
        return len(self._network._ids)

    def values(self) -> Iterator[Person]:  # type: ignore[override]
        network = self._network
        return (network.person_at(i) for i in range(len(self)))

    def items(self) -> Iterator[tuple[str, Person]]:  # type: ignore[override]
        network = self._network
        return ((person.id, person) for person in (network.person_at(i) for i in range(len(self))))


class _Relationships(Sequence[Relationship]):
    def __init__(self, network: CachedNetwork) -> None:
        self._network = network

    def __len__(self) -> int:
        return len(self._network._strength)

    @overload
    def __getitem__(self, e: int) -> Relationship: ...
    @overload
    def __getitem__(self, e: slice) -> list[Relationship]: ...
    def __getitem__(self, e: int | slice) -> Relationship | list[Relationship]:
        if isinstance(e, slice):
            return [self._network.relationship_at(i) for i in range(*e.indices(len(self)))]
        if e < 0:
            e += len(self)
        if not 0 <= e < len(self):
            raise IndexError(e)
        return self._network.relationship_at(e)


class _Adjacency(Mapping[str, list[Relationship]]):
    def __init__(self, network: CachedNetwork) -> None:
        self._network = network

    def __getitem__(self, pid: str) -> list[Relationship]:
        network = self._network
        graph = compact_graph(network)
        i = graph.index_of(pid)
        if i is None:
            raise KeyError(pid)
        return [network.relationship_at(graph.edges[s]) for s in range(graph.offsets[i], graph.offsets[i + 1])]

    def __iter__(self) -> Iterator[str]:
        return iter(self._network.people)

    def __len__(self) -> int:
        return len(self._network.people)
