"""Merging a network's files into one: the user's file first, then each source in order, by
the rules in warmintro.sources.network's docstring (who is the same person, which view of a
tie wins, what each file said, kept as origins)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..dates import PartialDate
from ..fileformat.fields import PERSON_TEXT_FIELDS
from ..model import STRENGTHS, Network, Person, Relationship, copied
from .evidence import Evidence, evidence_of, warmer
from .identity import address_keys, listed, name_key


def merge_networks(
    user: Network, sources: list[tuple[str, Network]], owner_ids: Mapping[str, str] | None = None
) -> Network:
    """The user's network with the people and relationships of `sources` ((file, network) in
    order) merged in, by the rules in the module docstring. `owner_ids`: for a colleague's
    share, the id the user's file has for its owner (see warmintro.sources.team)."""
    owner_ids = owner_ids or {}
    people: dict[str, Person] = dict(user.people)
    origins: dict[str, list[dict[str, Any]]] = {}
    by_address: dict[str, str] = {}
    for person in people.values():
        for key in address_keys(person):
            by_address.setdefault(key, person.id)
    same_as: dict[str, str] = {}
    not_same_as: dict[str, set[str]] = {}
    for person in user.people.values():
        for other in listed(person, "same_as"):
            same_as.setdefault(other, person.id)
        refused = listed(person, "not_same_as")
        if refused:
            not_same_as[person.id] = refused

    rels: dict[frozenset[str], Relationship] = {rel.pair: rel for rel in user.relationships}
    rel_views: dict[frozenset[str], list[tuple[str, Relationship]]] = {}

    for file, network in sources:
        local: dict[str, str] = {}
        for person in network.people.values():
            target = _match(person, people, by_address, same_as, not_same_as)
            if file in owner_ids and person.id == network.me:
                target = owner_ids[file]
            if target is None:
                target = _free_id(person.id, file, people)
                people[target] = copied(person, id=target, origins=())
            else:
                _fill(people, target, person)
            if target not in origins:
                origins[target] = [] if target not in user.people else [_person_view(user.source, user.people[target])]
            origins[target].append(_person_view(file, person))
            local[person.id] = target
            for key in address_keys(person):
                by_address.setdefault(key, target)
        for rel in network.relationships:
            a, b = local[rel.a], local[rel.b]
            if a == b:
                continue
            pair = frozenset((a, b))
            rel_views.setdefault(pair, []).append((file, copied(rel, a=a, b=b)))

    for pid, person_views in origins.items():
        people[pid] = copied(people[pid], origins=tuple(person_views))
    me = user.me
    for pair, views in rel_views.items():
        rels[pair] = _merge_relationship(user.source, rels.get(pair), views, me)
    relationships = [rels[rel.pair] for rel in user.relationships]
    known = {rel.pair for rel in user.relationships}
    relationships.extend(rel for pair, rel in rels.items() if pair not in known)
    return Network(
        people=people,
        relationships=relationships,
        me=me,
        settings=user.settings,
        extra=user.extra,
        source=user.source,
        intros=user.intros,
    )


def _match(
    person: Person,
    people: Mapping[str, Person],
    by_address: dict[str, str],
    same_as: dict[str, str],
    not_same_as: dict[str, set[str]],
) -> str | None:
    """The id in the merged network of the person a source calls `person`, or None."""
    if person.id in same_as:
        return same_as[person.id]
    for key in address_keys(person):
        found = by_address.get(key)
        if found is not None and person.id not in not_same_as.get(found, ()):
            return found
    existing = people.get(person.id)
    if (
        existing is not None
        and name_key(existing.name) == name_key(person.name)
        and person.id not in not_same_as.get(person.id, ())
    ):
        return person.id
    return None


def _free_id(pid: str, file: str, people: Mapping[str, Person]) -> str:
    """`pid`, or when it is taken, ``pid.<file stem>`` (then -2, -3...)."""
    if pid not in people:
        return pid
    stem = Path(file).name
    for suffix in (".yaml", ".yml"):
        stem = stem.removesuffix(suffix)
    stem = "".join(c if c.isalnum() or c in "-_." else "-" for c in stem) or "source"
    candidate = f"{pid}.{stem}"
    n = 2
    while candidate in people:
        candidate = f"{pid}.{stem}-{n}"
        n += 1
    return candidate


def _fill(people: dict[str, Person], pid: str, other: Person) -> None:
    """Fill the fields `people[pid]` leaves empty from `other`; addresses and tags add up."""
    person = people[pid]
    changes: dict[str, Any] = {}
    for key in PERSON_TEXT_FIELDS:
        if key != "email" and getattr(person, key) is None and getattr(other, key) is not None:
            changes[key] = getattr(other, key)
    emails = list(person.emails)
    known = {e.casefold() for e in emails}
    for address in other.emails:
        if address.casefold() not in known:
            known.add(address.casefold())
            emails.append(address)
    if tuple(emails) != person.emails:
        changes["emails"] = tuple(emails)
        changes["email"] = emails[0]
    tags = list(person.tags) + [t for t in other.tags if t not in person.tags]
    if tuple(tags) != person.tags:
        changes["tags"] = tuple(tags)
    if not person.history and other.history:
        changes["history"] = other.history
    if changes:
        people[pid] = replace(person, **changes)


def _person_view(file: str, person: Person) -> dict[str, Any]:
    view: dict[str, Any] = {"file": file, "id": person.id, "line": person.line, "name": person.name}
    for key in PERSON_TEXT_FIELDS:
        value = getattr(person, key)
        if value is not None:
            view[key] = list(person.emails) if key == "email" and len(person.emails) > 1 else value
    return view


def _rel_view(file: str, rel: Relationship, evidence: Evidence | None, direct: bool) -> dict[str, Any]:
    view: dict[str, Any] = {"file": file, "line": rel.line}
    if rel.strength_given:
        view["strength"] = rel.strength
    if rel.how is not None:
        view["how"] = rel.how
    if rel.last_contact is not None:
        view["last_contact"] = rel.last_contact.text
    if evidence is not None:
        view["evidence"] = evidence.to_json()
        view["evidence_strength"] = evidence.strength(direct)
    return view


def _merge_relationship(
    user_file: str, own: Relationship | None, views: list[tuple[str, Relationship]], me: str | None
) -> Relationship:
    """One relationship from the user's own entry (if any) and every source's."""
    all_views = ([(user_file, own)] if own is not None else []) + views
    base = own if own is not None else views[0][1]
    direct_pair = me is not None and me in (base.a, base.b)
    evidence: Evidence | None = None
    found_in = [evidence_of(rel.extra) if "evidence" in rel.extra else None for _, rel in all_views]
    given: list[str] = []
    last: PartialDate | None = None
    how = base.how
    since = base.since
    channels = list(base.channels)
    for (_file, rel), found in zip(all_views, found_in):
        if found is not None:
            evidence = found if evidence is None else evidence + found
        if rel.strength_given:
            given.append(rel.strength)
        if rel.last_contact is not None and (last is None or last.as_date() < rel.last_contact.as_date()):
            last = rel.last_contact
        how = how if how is not None else rel.how
        since = since if since is not None else rel.since
        channels.extend(c for c in rel.channels if c not in channels)
    direct = direct_pair or (evidence is not None and evidence.is_direct())
    strength_given = own is not None and own.strength_given
    if strength_given:
        assert own is not None
        strength = own.strength
    else:
        candidates = given + ([evidence.strength(direct)] if evidence is not None else [])
        strength = base.strength
        if candidates:
            strength = candidates[0]
            for label in candidates[1:]:
                strength = warmer(strength, label)
    if evidence is not None:
        day = evidence.last_contact(direct)
        if day is not None and (last is None or last.as_date() < day):
            last = PartialDate(day.year, day.month, day.day)
    extra = dict(base.extra)
    if evidence is not None:
        extra["evidence"] = evidence.to_json()
    assert strength in STRENGTHS
    return copied(
        base,
        strength=strength,
        strength_given=strength_given or bool(given),
        last_contact=last,
        how=how,
        since=since,
        channels=tuple(channels),
        extra=extra,
        origins=tuple(_rel_view(file, rel, found, direct) for (file, rel), found in zip(all_views, found_in)),
    )
