"""Writing a whole contacts file: the network as YAML, in the file's canonical order.

Used for new files and generated ones; edits that keep the user's comments and layout live in
warmintro.editing.
"""

from __future__ import annotations

import functools
from typing import Any

import yaml

from ..dates import PartialDate
from ..ledger.asks import Ask, ask_fields, note_fields
from ..model import DEFAULT_STRENGTH, Job, Network, Relationship
from .fields import Kind, Section, fields_of


def network_to_data(network: Network) -> dict[str, Any]:
    """The network as plain YAML-ready data, in the file's canonical order: each section's
    fields in the order of the table in `fields`, then the fields warmintro does not know."""
    data: dict[str, Any] = {}
    if network.me is not None:
        data["me"] = network.me
    people: dict[str, Any] = {}
    for person in network.people.values():
        entry = _entry(person, "person")
        if len(person.emails) > 1:
            entry["email"] = list(person.emails)
        entry.update(person.extra)
        people[person.id] = entry
    data["people"] = people
    relationships = []
    for rel in network.relationships:
        entry = _entry(rel, "relationship")
        evidence_last = _written_evidence(rel, network.me)
        if not (rel.strength_given or (rel.strength != DEFAULT_STRENGTH and evidence_last is None)):
            del entry["strength"]  # left to the default, or to the evidence
        if evidence_last is not None and evidence_last == rel.last_contact:
            del entry["last_contact"]  # the evidence's
        entry.update(rel.extra)
        relationships.append(entry)
    data["relationships"] = relationships
    settings: dict[str, Any] = dict(network.settings.given)
    settings.update(network.settings.extra)
    if settings:
        data["settings"] = settings
    if network.intros:
        data["intros"] = [_ask_data(ask) for ask in network.intros]
    data.update(network.extra)
    return data


def _entry(value: object, section: Section) -> dict[str, Any]:
    """The known fields of a person, a relationship or a job as the file writes them, in order:
    each left out when unset, false or empty (and those kept among the unknown fields, which
    are written with them)."""
    entry: dict[str, Any] = {}
    for name, kind, attributes in _written_fields(section):
        if kind == "pair":
            entry[name] = [getattr(value, attribute) for attribute in attributes]
            continue
        held = getattr(value, attributes[0])
        if held is None:
            continue
        if kind == "flag":
            if held:
                entry[name] = True
        elif kind == "words":
            if held:
                entry[name] = list(held)
        elif kind == "jobs":
            if held:
                entry[name] = [_job_data(job) for job in held]
        else:
            entry[name] = held.text if isinstance(held, PartialDate) else held
    return entry


@functools.cache
def _written_fields(section: Section) -> tuple[tuple[str, Kind, tuple[str, ...]], ...]:
    """(name, kind, model attributes) of each field of a section that the model holds."""
    return tuple((f.name, f.kind, f.model_attributes) for f in fields_of(section) if f.model_attributes)


def _written_evidence(rel: Relationship, me: str | None) -> PartialDate | None:
    """None for a relationship without evidence; else the last contact its evidence gives
    (a last_contact equal to it is the evidence's, not written back)."""
    if "evidence" not in rel.extra:
        return None
    from ..sources.evidence import evidence_of

    evidence = evidence_of(rel.extra)
    if evidence is None:
        return None
    day = evidence.last_contact(evidence.is_direct() or (me is not None and me in (rel.a, rel.b)))
    return PartialDate(day.year, day.month, day.day) if day else PartialDate(1, 1, 1)


def _ask_data(ask: Ask) -> dict[str, Any]:
    entry = {key: _plain_value(value) for key, value in ask_fields(ask).items()}
    if ask.notes:
        entry["notes"] = [
            {**{k: _plain_value(v) for k, v in note_fields(n).items()}, **dict(n.extra)} for n in ask.notes
        ]
    entry.update(ask.extra)
    return entry


def _plain_value(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return value.text
    if isinstance(value, tuple):
        return list(value)
    return value


def _job_data(job: Job) -> dict[str, Any]:
    entry = _entry(job, "job")
    entry.update(job.extra)
    return entry


def dump_network(network: Network) -> str:
    """The network as the text of a contacts file (used for new files and generated ones).

    Texts that YAML would read as something else (``no``, ``2004``) come out quoted."""
    return yaml.safe_dump(
        network_to_data(network),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
