"""What every export says of a person, a relationship and the network: one set of attributes,
written by the DOT and CSV writers (`warmintro.export.formats`) and by networkx's
(`warmintro.export.nxgraph`), so that all formats agree.
"""

from __future__ import annotations

import datetime as dt

from ..fileformat.fields import PERSON_EXPORTED_TEXT_FIELDS
from ..map.palette import Organisations
from ..model import Network, Person, Relationship, strength_number
from ..ranking.warmth import relationship_warmth

#: Attribute values: text, numbers, flags, or a list of text (tags, channels).
Value = str | int | float | bool | list[str]


def node_attributes(network: Network, person: Person, organisations: Organisations) -> dict[str, Value]:
    attrs: dict[str, Value] = {"label": person.name, "name": person.name}
    for key in PERSON_EXPORTED_TEXT_FIELDS:
        value = getattr(person, key)
        if value:
            attrs[key] = value
    if person.tags:
        attrs["tags"] = list(person.tags)
    if person.history:
        attrs["history"] = "; ".join(job.label for job in person.history)
    org = organisations.name(person)
    if org:
        attrs["organisation"] = org
    attrs["colour"] = organisations.colour(person)
    attrs["me"] = person.id == network.me
    return attrs


def edge_attributes(network: Network, rel: Relationship, as_of: dt.date) -> dict[str, Value]:
    warmth = relationship_warmth(rel, network.settings, as_of)
    attrs: dict[str, Value] = {
        "strength": rel.strength,
        "strength_number": strength_number(rel.strength),
        "warmth": warmth,
        "weight": warmth,
    }
    if rel.how:
        attrs["how"] = rel.how
    if rel.since:
        attrs["since"] = rel.since.text
    if rel.last_contact:
        attrs["last_contact"] = rel.last_contact.text
    if rel.channels:
        attrs["channels"] = list(rel.channels)
    return attrs


def graph_attributes(network: Network, as_of: dt.date) -> dict[str, Value]:
    attrs: dict[str, Value] = {"name": "warmintro", "as_of": as_of.isoformat()}
    if network.me:
        attrs["me"] = network.me
    return attrs
