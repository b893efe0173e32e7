"""Outlook's CSV export of contacts (Outlook for Windows, Outlook.com, and Google's "Outlook CSV").

Outlook for Windows saves "Comma Separated Values" in the system's code page (read as
Windows-1252, noted) or, as "Unicode", in UTF-16; Outlook.com writes UTF-8 with a BOM.

=====================  ==============================================================
warmintro              Outlook column
=====================  ==============================================================
``name``               First Name, Middle Name, Last Name, Suffix (``Title`` is
                       Outlook's "Mr."/"Dr.": not part of the name here)
``company``            Company
``title``              Job Title
``email``              E-mail Address, E-mail 2 Address, E-mail 3 Address (Exchange
                       paths such as ``/o=ExchangeLabs/...`` are left out)
``phone``              Mobile Phone, else Business Phone, Primary Phone, Home Phone,
                       Other Phone
``linkedin``           Web Page or Personal Web Page, when on linkedin.com
``location``           Business City, else Home City, Other City, then the countries
=====================  ==============================================================

The Notes column is not imported: notes in an address book are often private, and the
contacts file's ``about`` is what drafted messages quote. Rows without a name are skipped.
"""

from __future__ import annotations

from . import Incoming, Parsed, Skipped
from .addressbook import Layout, Row, emails_of, first, linkedin_of, name_of, person, read_addressbook


def _record(cells: Row, where: str) -> Incoming | Skipped:
    name = name_of(cells, "first name", "middle name", "last name", "suffix") or name_of(cells, "nickname")
    return person(
        where,
        name,
        "In your Outlook contacts",
        company=first(cells, "company"),
        title=first(cells, "job title"),
        emails=emails_of(cells, "e mail address", "email address", "e mail 2 address", "e mail 3 address"),
        phone=first(cells, "mobile phone", "business phone", "primary phone", "home phone", "other phone"),
        linkedin=linkedin_of(cells, "web page", "personal web page"),
        location=first(
            cells,
            "business city",
            "home city",
            "other city",
            "business country region",
            "home country region",
            "other country region",
        ),
    )


OUTLOOK = Layout(
    kind="Outlook",
    command="outlook",
    signature=frozenset(
        {
            "e mail address",
            "email address",
            "e mail 2 address",
            "job title",
            "company",
            "business phone",
            "mobile phone",
            "home phone",
            "business city",
            "web page",
        }
    ),
    columns="First Name, Last Name, E-mail Address, Company, Job Title",
    needed=2,
    record=_record,
)


def read_outlook(data: bytes, source: str) -> Parsed:
    """Read an Outlook contacts CSV export."""
    from .google import GOOGLE

    return read_addressbook(data, source, OUTLOOK, (GOOGLE,))
