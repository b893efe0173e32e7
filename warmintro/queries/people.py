"""Looking people up: listing and searching, and one person's details and relationships."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import UnknownPerson
from ..fileformat.fields import PERSON_JSON_TEXT_FIELDS
from ..ledger.asks import Ask, asks_involving
from ..model import Network, Person
from ..ranking.fatigue import Adjustment, ledger_adjustments
from ..ranking.warmth import Hop, hop, tie_key
from ..sources.provenance import conflicts, person_views, tie_json
from ..text import fold


def person_to_json(person: Person) -> dict[str, object]:
    """A person as JSON: every field the file gives, unknown ones included."""
    data: dict[str, object] = {"id": person.id, "name": person.name}
    for key in PERSON_JSON_TEXT_FIELDS:
        value = getattr(person, key)
        if value is not None:
            data[key] = value
    if len(person.emails) > 1:
        data["emails"] = list(person.emails)
    data["tags"] = list(person.tags)
    if person.history:
        data["history"] = [
            {
                "company": job.company,
                "title": job.title,
                "from": job.start.text if job.start else None,
                "to": job.end.text if job.end else None,
            }
            for job in person.history
        ]
    if person.extra:
        data["extra"] = _jsonable(person.extra)
    return data


def _jsonable(value: object) -> object:
    """Unknown fields as JSON: dates become ISO text, anything else unusual its repr."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _haystack(person: Person) -> str:
    parts = [person.id, person.name, person.company, person.title, person.location, person.email, *person.tags]
    return fold(" ".join(p for p in parts if p))


def search_people(network: Network, query: str | None = None) -> list[Person]:
    """Everyone (no query), or those whose id, name, company, title, location, email or tags
    contain every word of the query, ignoring case and accents. File order."""
    people = list(network.people.values())
    if not query or not query.strip():
        return people
    words = fold(query).split()
    return [p for p in people if all(w in _haystack(p) for w in words)]


@dataclass(frozen=True)
class PersonDetails:
    person: Person
    #: Their relationships walked outward from them, warmest first, ties by id.
    links: tuple[Hop, ...]
    as_of: dt.date
    #: The asks of the ledger they take part in, newest first.
    asks: tuple[Ask, ...] = ()
    #: What the ledger does to a hop into them as a connector (fatigue, meetings), as of the day.
    as_connector: tuple[Adjustment, ...] = ()
    #: The network, for where each tie comes from (its file, its evidence).
    network: Network | None = None

    def to_json(self) -> dict[str, object]:
        data = person_to_json(self.person)
        data["relationships"] = [
            {
                "with": h.target,
                "strength": h.strength,
                "warmth": h.warmth,
                "how": h.how,
                "since": h.relationship.since.text if h.relationship.since else None,
                "last_contact": h.relationship.last_contact.text if h.relationship.last_contact else None,
                "channels": list(h.relationship.channels),
                **(tie_json(h.relationship, self.network) if self.network is not None else {}),
            }
            for h in self.links
        ]
        if self.person.origins:
            data["sources"] = person_views(self.person)
            data["conflicts"] = {
                key: [{"file": file, "value": value} for file, value in found]
                for key, found in conflicts(self.person).items()
            }
        data["intros"] = [{**ask.to_json(), "role": ask.role_of(self.person.id)} for ask in self.asks]
        data["as_connector"] = [a.to_json() for a in self.as_connector]
        data["as_of"] = self.as_of.isoformat()
        return data


def person_details(network: Network, pid: str, *, as_of: dt.date | None = None) -> PersonDetails:
    """A person with all their relationships, warmest first."""
    as_of = as_of or dt.date.today()
    if pid not in network.people:
        raise UnknownPerson(f"no person '{pid}' in {network.source}", pid)
    links = [hop(rel, pid, network.settings, as_of) for rel in network.adjacency[pid]]
    links.sort(key=lambda h: (-tie_key(h.warmth), h.target))
    adjustments = ledger_adjustments(network, as_of)
    as_connector = adjustments.connector.get(pid, ()) if adjustments is not None else ()
    return PersonDetails(
        network.people[pid], tuple(links), as_of, asks_involving(network.intros, pid), as_connector, network
    )
