"""What an organisation is: the one definition `check`, `map`, the exports and `find` share.

Two company names are one organisation when they are the same company as `find` matches
companies (see warmintro.queries.matching): folded, punctuation and a leading ``The`` ignored,
legal forms taken off the end. ``Acme Oy``, ``ACME Inc.`` and ``Acme, Ltd`` are one
organisation; ``Acme Nordic`` is another.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Person

#: An organisation's identity: the words of its name as matched.
OrganisationKey = tuple[str, ...]


def organisation_key(company: str | None) -> OrganisationKey | None:
    """The organisation `company` names, or None for no company (empty, blank, or no words)."""
    if not company or not company.strip():
        return None
    from .queries.matching import company_words  # the matching rules (and their regexes) on first use

    return company_words(company)[0] or None


def count_organisations(people: Iterable[Person]) -> int:
    """How many different organisations `people` work at now (their `company`)."""
    return len({key for key in (organisation_key(p.company) for p in people) if key is not None})
