"""Google Contacts' CSV export ("Google CSV"), in both layouts Google has written.

=============================  ================================  ===============================
warmintro                      2024 layout                       older layout
=============================  ================================  ===============================
``name``                       First / Middle / Last Name        Name, else Given / Additional /
                                                                 Family Name
``company``, ``title``         Organization Name / Title         Organization 1 - Name / Title
``email`` (every address to    E-mail N - Value (``:::`` between several; the one whose Label or
find them by)                  Type starts with ``*``, Google's mark of the primary, first)
``phone``                      Phone N - Value (the same way)
``linkedin``                   the first Website N - Value on linkedin.com
``location``                   Address N - City, else Address N - Country (else Location)
``notes``                      Notes (both layouts)
=============================  ================================  ===============================

Notes go to the person's ``notes``, the user's private field (see `warmintro.privacy`): never
``about``, so never quoted in a message, an export or a share. Rows without a name (a contact
with only an address or a phone number) are skipped and counted.
"""

from __future__ import annotations

import re

from ..editing.grow import clean_text
from . import Incoming, Parsed, Skipped
from .addressbook import Layout, Row, emails_of, first, linkedin_of, name_of, person, read_addressbook

_NUMBERED = re.compile(r"(e mail|phone|website|address) (\d+) (value|city|country)")


def _numbered(cells: Row, what: str, part: str = "value") -> list[str]:
    """The keys of `what` N - `part`, primary (``* ...`` in its Label or Type) first."""
    found = []
    for key in cells:
        match = _NUMBERED.fullmatch(key)
        if match and match.group(1) == what and match.group(3) == part:
            n = match.group(2)
            label = cells.get(f"{what} {n} label", "") or cells.get(f"{what} {n} type", "")
            found.append((not label.lstrip().startswith("*"), int(n), key))
    return [key for _, _, key in sorted(found)]


def _record(cells: Row, where: str) -> Incoming | Skipped:
    composed = name_of(cells, "first name", "middle name", "last name") or name_of(
        cells, "given name", "additional name", "family name"
    )
    name = name_of(cells, "name") or composed or name_of(cells, "nickname") or name_of(cells, "file as")
    found = person(
        where,
        name,
        "In your Google contacts",
        company=first(cells, "organization name", "organization 1 name"),
        title=first(cells, "organization title", "organization 1 title"),
        emails=emails_of(cells, *_numbered(cells, "e mail")),
        phone=first(cells, *_numbered(cells, "phone")),
        linkedin=linkedin_of(cells, *_numbered(cells, "website")),
        location=first(
            cells, *_numbered(cells, "address", "city"), *_numbered(cells, "address", "country"), "location"
        ),
        notes=clean_text(cells.get("notes"), multiline=True),
    )
    if isinstance(found, Incoming) and composed and composed != name:
        found.aliases = (composed,)
    return found


GOOGLE = Layout(
    kind="Google Contacts",
    command="google",
    signature=frozenset(
        {
            "e mail 1 value",
            "phone 1 value",
            "organization name",
            "organization 1 name",
            "given name",
            "family name",
            "group membership",
            "labels",
            "website 1 value",
            "address 1 city",
            "file as",
        }
    ),
    columns="First Name, Last Name, E-mail 1 - Value, Organization Name",
    needed=2,
    record=_record,
)


def read_google(data: bytes, source: str, *, include_notes: bool = True) -> Parsed:
    """Read a Google Contacts CSV export (2024 or older layout). `include_notes=False` leaves
    the Notes column out."""
    from .outlook import OUTLOOK

    parsed = read_addressbook(data, source, GOOGLE, (OUTLOOK,))
    if not include_notes:
        for record in parsed.records:
            record.notes = None
    return parsed
