"""What an editor knows of a large file read from the query cache: its people and relationships
looked up as an edit asks for them, with the edits kept beside them, so that touching one
relationship of 100,000 people does not decode the other 99,999."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from typing import Any

from ..model import Network, Relationship


class Overlay(MutableMapping[Any, Any]):
    """A mapping read from `base` as asked, with the edits kept beside it: the people or the
    relationships of a large cached file, of which an edit touches a few."""

    def __init__(self, base: Mapping[Any, Any]) -> None:
        self.base = base
        self.changes: dict[Any, Any] = {}
        self.deleted: set[Any] = set()

    def __getitem__(self, key: Any) -> Any:
        if key in self.deleted:
            raise KeyError(key)
        if key in self.changes:
            return self.changes[key]
        return self.base[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self.changes[key] = value
        self.deleted.discard(key)

    def __delitem__(self, key: Any) -> None:
        if key not in self:
            raise KeyError(key)
        self.changes.pop(key, None)
        self.deleted.add(key)

    def __contains__(self, key: object) -> bool:
        return key not in self.deleted and (key in self.changes or key in self.base)

    def __iter__(self) -> Iterator[Any]:
        for key in self.base:
            if key not in self.deleted:
                yield key
        for key in self.changes:
            if key not in self.base:
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def names(self, base_names: Iterable[tuple[str, str]] | None = None) -> Iterator[tuple[str, str]]:
        """(id, name) of the people, from `base_names`, the base's (id, name) pairs in its order
        when known without decoding each person (a cached network's `names()`)."""
        source = base_names if base_names is not None else ((k, v.name) for k, v in self.base.items())
        for pid, name in source:
            if pid in self.deleted:
                continue
            yield (pid, self.changes[pid].name) if pid in self.changes else (pid, name)
        for pid, person in self.changes.items():
            if pid not in self.base:
                yield pid, person.name


class PairsOf(Mapping[frozenset[str], Relationship]):
    """A network's relationships by the pair they join, looked up in its graph (no dictionary of
    every relationship is made)."""

    def __init__(self, network: Network) -> None:
        self.network = network

    def __getitem__(self, pair: frozenset[str]) -> Relationship:
        if len(pair) != 2:
            raise KeyError(pair)
        a, b = sorted(pair)
        rel = self.network.relationship(a, b)
        if rel is None:
            raise KeyError(pair)
        return rel

    def __iter__(self) -> Iterator[frozenset[str]]:
        return (rel.pair for rel in self.network.relationships)

    def __len__(self) -> int:
        return len(self.network.relationships)
