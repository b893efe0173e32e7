"""Organisations and their colours, shared by the exports and the maps so that all agree.

People are grouped by organisation as warmintro.organisations defines it (``Acme Oy`` and
``ACME Inc.`` are one organisation, named as it is first written). The largest organisations get the most
distinct colours, first come first among equals; those past the palette's end are grey.

`network_palette` is the one palette: it ranks the organisations of the whole network, so
that an organisation has the same colour in `map`, `map --to` and every export, whoever a
picture happens to show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..model import Person
from ..organisations import OrganisationKey, organisation_key

if TYPE_CHECKING:
    from ..model import Network

#: Eighteen distinct colours: matplotlib's "tab20" without its greys, strong shades first.
PALETTE: tuple[str, ...] = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2",
    "#9edae5", "#dbdb8d",
)  # fmt: skip
#: For people in organisations past the palette's end.
OTHER = "#7f7f7f"
#: For people with no company.
NONE = "#d9d9d9"


def _key(person: Person) -> OrganisationKey | None:
    return organisation_key(person.company)


class Organisations:
    """The organisations of a group of people, biggest first, each with a name and a colour."""

    def __init__(self, people: Iterable[Person]) -> None:
        counts: Counter[OrganisationKey] = Counter()
        self._names: dict[OrganisationKey, str] = {}
        for person in people:
            key = _key(person)
            if key is not None:
                counts[key] += 1
                self._names.setdefault(key, person.company or "")
        #: Organisation keys, most people first (first seen first among equals).
        self.ranked = sorted(counts, key=lambda k: -counts[k])
        self.sizes = dict(counts)
        self._colours = {key: PALETTE[i] if i < len(PALETTE) else OTHER for i, key in enumerate(self.ranked)}

    def name(self, person: Person) -> str | None:
        """The organisation's name as first written (``Acme Oy`` for ``ACME Inc.`` too)."""
        key = _key(person)
        return None if key is None else self._names[key]

    def colour(self, person: Person) -> str:
        key = _key(person)
        return NONE if key is None else self._colours.get(key, OTHER)

    def legend(self, people: Iterable[Person] | None = None) -> list[tuple[str, str, int]]:
        """(name, colour, people) for each organisation with a colour of its own, biggest first:
        of everyone counted, or of `people` only (counted among them, in their colours here)."""
        if people is None:
            return [(self._names[k], self._colours[k], self.sizes[k]) for k in self.ranked if self._colours[k] != OTHER]
        counts: Counter[OrganisationKey] = Counter(k for k in map(_key, people) if k is not None)
        rank = {key: i for i, key in enumerate(self.ranked)}
        shown = sorted((k for k in counts if self._colours.get(k, OTHER) != OTHER), key=lambda k: (-counts[k], rank[k]))
        return [(self._names[k], self._colours[k], counts[k]) for k in shown]


def network_palette(network: Network) -> Organisations:
    """The organisations of the whole network and their colours: the one palette of every
    picture and export."""
    return Organisations(network.people.values())
