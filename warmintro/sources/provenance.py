"""Where each fact of a merged network comes from, for `show`, `path` and their JSON."""

from __future__ import annotations

from typing import Any

from ..fileformat.fields import PERSON_TEXT_FIELDS
from ..model import Network, Person, Relationship
from ..text import fold
from .evidence import Evidence, evidence_of, parse_evidence


def tie_source(rel: Relationship, default: str) -> str:
    """The file a relationship comes from: the first that has it (the user's own file first)."""
    return str(rel.origins[0]["file"]) if rel.origins else default


def is_direct(rel: Relationship, me: str | None, evidence: Evidence) -> bool:
    """Whether evidence is the user's own contact with someone (not two contacts' co-occurrence)."""
    return evidence.is_direct() or (me is not None and me in (rel.a, rel.b))


def describe_tie(rel: Relationship, me: str | None) -> str | None:
    """The tie's evidence for people (``21 emails both ways, last October 2026; 3 meetings``)."""
    evidence = evidence_of(rel.extra)
    if evidence is None:
        return None
    return evidence.describe(is_direct(rel, me, evidence)) or None


def views(rel: Relationship, me: str | None) -> list[dict[str, Any]]:
    """Every file's view of a relationship, JSON-ready, each with its evidence described."""
    found = []
    for view in rel.origins:
        entry = {k: v for k, v in view.items() if k != "evidence_strength"}
        evidence = parse_evidence(view.get("evidence"))[0]
        if evidence is not None:
            entry["supports"] = view.get("evidence_strength")
            entry["described"] = evidence.describe(is_direct(rel, me, evidence))
        found.append(entry)
    return found


def tie_json(rel: Relationship, network: Network) -> dict[str, Any]:
    """`source` (the file), `evidence` (when any) and, for a tie several files know, `sources`."""
    data: dict[str, Any] = {"source": tie_source(rel, network.source)}
    evidence = evidence_of(rel.extra)
    if evidence is not None:
        data["evidence"] = evidence.to_json()
    if len(rel.origins) > 1:
        data["sources"] = views(rel, network.me)
    return data


def annotate_paths(document: Any, network: Network) -> Any:
    """A JSON document (`path --json`, `find --json`) with each hop of each path in it given
    its `source` and `evidence`."""
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "hops" and isinstance(value, list):
                for hop in value:
                    rel = network.relationship(hop["from"], hop["to"]) if isinstance(hop, dict) else None
                    if rel is not None:
                        hop.update(tie_json(rel, network))
            else:
                annotate_paths(value, network)
    elif isinstance(document, list):
        for item in document:
            annotate_paths(item, network)
    return document


def person_views(person: Person) -> list[dict[str, Any]]:
    """Each file's view of a person (empty for someone only the user's file knows)."""
    return [dict(view) for view in person.origins]


def conflicts(person: Person) -> dict[str, list[tuple[str, object]]]:
    """Fields two files give different values for: field -> [(file, value), ...]."""
    found: dict[str, list[tuple[str, object]]] = {}
    for key in ("name", *PERSON_TEXT_FIELDS):
        values = [(str(v["file"]), v[key]) for v in person.origins if v.get(key) is not None]
        if key == "email":
            continue  # addresses add up: every one is the person's
        if len({fold(str(value)).strip() for _, value in values}) > 1:
            found[key] = values
    return found
