"""The records of a cache file: people, relationships and asks as compact JSON, and the writer.

`write_cache` turns a parsed network into a cache file (see warmintro.cache.store for the file's
layout); `warmintro.cache.network` reads the records back, one at a time, when they are asked for.
Values the JSON cannot hold as they are (dates, tuples, bytes, NaN) are tagged, so that they read
back equal.
"""

from __future__ import annotations

import datetime as dt
import json
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..dates import PartialDate, parse_partial_date
from ..errors import Problem
from ..fileformat.fields import PERSON_TEXT_FIELDS
from ..memory import collector_paused
from ..model import Network, Person, Relationship
from ..ranking.graph import BYTE, INT, CompactGraph, compact_graph, real_stops
from .store import FORMAT, LONG, as_bytes, blob, real_source, write_file

if TYPE_CHECKING:
    from ..ledger.asks import Ask


#: Records as compact JSON (one encoder for them all: `json.dumps` with options makes a new one
#: for every call).
_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

#: Values JSON holds as they are (their exact types: a subclass may need a tag).
_AS_THEY_ARE = frozenset({str, int, bool, type(None)})


def value_to_json(value: Any) -> Any:
    """Unknown fields as JSON that reads back to the same Python values."""
    if type(value) in _AS_THEY_ARE:
        return value
    if isinstance(value, dict):
        return {"$map": [[k, value_to_json(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [value_to_json(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [value_to_json(v) for v in value]}
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


def json_to_value(value: Any) -> Any:
    if isinstance(value, list):
        return [json_to_value(v) for v in value]
    if isinstance(value, dict):
        ((tag, inner),) = value.items()
        if tag == "$map":
            return {k: json_to_value(v) for k, v in inner}
        if tag == "$tuple":
            return tuple(json_to_value(v) for v in inner)
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
                value_to_json(j.extra),
            ]
            for j in person.history
        ]
    if person.extra:
        record["extra"] = value_to_json(person.extra)
    if person.line is not None:
        record["line"] = person.line
    if len(person.emails) > 1:
        record["emails"] = list(person.emails)
    if person.origins:
        record["origins"] = list(person.origins)
    return _compact(record).encode()


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
        label = _inferred_label_of(rel.extra)
        if label is not None:  # the arguments of the label, not the label
            record["inferred"] = label
        else:
            record["extra"] = value_to_json(rel.extra)
    if rel.line is not None:
        record["line"] = rel.line
    if rel.origins:
        record["origins"] = list(rel.origins)
    return _compact(record).encode() if record else b""


def _inferred_label_of(extra: dict[str, Any]) -> list[Any] | None:
    """[organisation, first, last, size] when `extra` is exactly an inferred tie's label
    (warmintro.sources.inferred.inferred_label), which the cache keeps as those alone."""
    found = extra.get("inferred")
    if len(extra) != 1 or not isinstance(found, dict):
        return None
    from ..sources.inferred import inferred_label

    try:
        arguments = [found["organisation"], found["from"], found["to"], found["size"]]
        return arguments if inferred_label(*arguments) == extra else None
    except (KeyError, TypeError):
        return None


def relationship_extra(record: dict[str, Any]) -> dict[str, Any]:
    """A relationship's `extra` from its cache record."""
    label = record.get("inferred")
    if label is not None:
        from ..sources.inferred import inferred_label

        return inferred_label(*label)
    return json_to_value(record.get("extra", {"$map": []}))  # type: ignore[no-any-return]


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
            [[n.date.text, n.status, n.note, value_to_json(n.extra), n.line] for n in a.notes],
            value_to_json(a.extra),
            a.line,
        ]
        for a in asks
    ]
    return _compact(records).encode()


def intros_from(data: memoryview) -> tuple[Ask, ...]:
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
                    AskNote(parse_partial_date(d), s, n, json_to_value(x), line=ln) for d, s, n, x, ln in notes
                ),
                extra=json_to_value(extra),
                line=line,
            )
        )
    return tuple(asks)


#: What a cache keeps of a network's people alone: its sections, and two counts for the header.
PeopleSections = tuple[dict[str, tuple[bytes, str]], int, list[tuple[str, str]]]


def people_sections(network: Network) -> PeopleSections:
    """The sections of a cache that depend on the network's people alone (ids, names, search
    words, records, who may be one person), with the header's counts of them: made apart,
    they can be made on another core while the ties are still being found."""
    with collector_paused():
        people = list(network.people.values())
        n = len(people)
        ids = [p.id.encode("utf-8", "surrogatepass") for p in people]
        ids_blob, ids_off = blob(iter(ids), n)
        order = array(INT, sorted(range(n), key=ids.__getitem__))
        names_blob, names_off = blob((p.name.encode("utf-8", "surrogatepass") for p in people), n)
        search_blob, search_off = blob((_search_words(p).encode("utf-8", "surrogatepass") for p in people), n)
        people_blob, people_off = blob((_person_record(p) for p in people), n)
        sections = {
            "order": (order.tobytes(), INT),
            "ids_off": (ids_off.tobytes(), LONG),
            "ids": (ids_blob, ""),
            "names_off": (names_off.tobytes(), LONG),
            "names": (names_blob, ""),
            "search_off": (search_off.tobytes(), LONG),
            "search": (search_blob, ""),
            "people_off": (people_off.tobytes(), LONG),
            "people": (people_blob, ""),
            "pairs": (_pairs_record(network), ""),
        }
        return sections, network.organisation_count(), network.private_looking_abouts()


@collector_paused()  # a record or two for every person and tie: no cycles among them
def write_cache(
    where: Path,
    network: Network,
    problems: list[Problem],
    source: Path,
    identity: list[int],
    content: str,
    read_at: int,
    people: PeopleSections | None = None,
    *,
    more: dict[str, Any] | None = None,
) -> None:
    """Write the cache file for a network parsed from `source`, whose content was read at
    `read_at` (nanoseconds, wall clock, taken before the file was looked at). `people`: the
    sections of its people, made already (`people_sections`, for the same people). `more`:
    further keys for the header (facts about the same content, such as the file's layout)."""
    graph = compact_graph(network)
    by_person, organisations, private_abouts = people or people_sections(network)
    n, m = len(network.people), len(network.relationships)
    rels_blob, rels_off = blob((_relationship_record(r) for r in network.relationships), m)
    # each relationship's ends in the order written (the CSR slots do not keep it): found when
    # the graph was built, or found again
    ends = graph.ends if len(graph.ends) == 2 * m else _ends(network, graph)
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
        "organisations": organisations,
        "private_abouts": private_abouts,
        "me": network.me,
        "settings": {
            "warmth": settings.warmth,
            "half_life_years": settings.half_life_years,
            "max_hops": settings.max_hops,
            "relay": settings.relay,
            "learned": settings.learned,
            "given": value_to_json(settings.given),
            "extra": value_to_json(settings.extra),
        },
        "extra": value_to_json(network.extra),
        "warnings": [p.to_json() for p in problems],
        **(more or {}),
    }
    sections: dict[str, tuple[bytes, str]] = {
        "offsets": (as_bytes(graph.offsets, INT), INT),
        "targets": (as_bytes(graph.targets, INT), INT),
        "edges": (as_bytes(graph.edges, INT), INT),
        "strength": (as_bytes(graph.strength, BYTE), BYTE),
        "last_contact": (as_bytes(graph.last_contact, INT), INT),
        "ends": (as_bytes(ends, INT), INT),
        **by_person,
        "rels_off": (rels_off.tobytes(), LONG),
        "rels": (rels_blob, ""),
        "intros": (_intros_record(network.intros), ""),
    }
    from ..sources.inferred import inferred_range

    first, count = inferred_range(network)
    if count:  # where each person's real relationships end (warmintro.sources.inferred.real_only)
        sections["real_stops"] = (as_bytes(real_stops(graph, first), INT), INT)
    write_file(where, header, sections)


def _ends(network: Network, graph: CompactGraph) -> array[int]:
    ends = array(INT, bytes(4 * 2 * len(network.relationships)))
    for e, rel in enumerate(network.relationships):
        a, b = graph.index_of(rel.a), graph.index_of(rel.b)
        assert a is not None and b is not None
        ends[2 * e], ends[2 * e + 1] = a, b
    return ends


def _pairs_record(network: Network) -> bytes:
    """Who may be entered twice (see warmintro.sources.identity), found while every person is in
    memory, so that `check` on a cached network decodes nobody."""
    from ..sources.identity import find_pairs

    record = json.dumps([p.to_json() for p in find_pairs(network)], ensure_ascii=False).encode()
    # kept on the network: a cache of the same people (its merged set) need not find them again
    network.pairs_json = memoryview(record)  # type: ignore[attr-defined]
    return record


def _search_words(person: Person) -> str:
    """What completion matches against: the folded id and words of the name."""
    from ..queries.resolve import name_words
    from ..text import fold

    return " ".join([fold(person.id), *name_words(person.name)])


def date_from_text(text: str | None) -> PartialDate | None:
    return parse_partial_date(text) if text else None
