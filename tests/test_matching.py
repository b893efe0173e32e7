"""Matching companies, titles, tags and places the way people write them."""

from __future__ import annotations

import datetime as dt

import pytest

from warmintro.dates import PartialDate
from warmintro.errors import QueryError
from warmintro.model import Job, Person
from warmintro.queries.matching import (
    Criteria,
    company_matches,
    company_words,
    match_person,
    place_matches,
    title_matches,
    title_words,
)

AS_OF = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("query", "company"),
    [
        ("Acme", "Acme"),
        ("Acme", "Acme Oy"),
        ("Acme", "ACME Inc."),
        ("acme", "Acme, Ltd"),
        ("Acme", "Acme Nordic"),
        ("Acme", "Nordic Acme AB"),
        ("acme nordic", "Acme Nordic Oy"),
        ("Acme Inc", "Acme Oy"),
        ("ACME INC.", "acme"),
        ("Acme", "Acme GmbH & Co. KG"),
        ("Acme Ltd", "Acme Pty Ltd"),
        ("Acme", "Acme B.V."),
        ("Acme", "Acme S.p.A."),
        ("acme bv", "ACME BV"),
        ("Novo Nordisk", "Novo Nordisk A/S"),
        ("Skoda", "Škoda Auto a.s."),
        ("Ääni", "AANI Oyj"),
        ("Søren Consulting", "Soren Consulting ApS"),
        ("McDonalds", "McDonald's Corporation"),
        ("mcdonald's", "McDonald’s"),
        ("Procter and Gamble", "Procter & Gamble Co."),
        ("P&G", "P & G"),
        ("Coca-Cola", "The Coca-Cola Company"),
        ("coca cola", "Coca-Cola"),
        ("The Acme", "Acme"),
        ("Polska Grupa", "Polska Grupa Sp. z o.o."),
        ("Pactbank", "PACTBANK"),
        ("トヨタ", "トヨタ自動車株式会社"),
        ("3M", "3M Company"),
        ("Smith & Co", "Smith and Company"),
    ],
)
def test_company_matches(query: str, company: str) -> None:
    assert company_matches(query, company)


@pytest.mark.parametrize(
    ("query", "company"),
    [
        ("Acme", "Acmeon"),
        ("Acme", "Acmeon Oy"),
        ("Acmeon", "Acme"),
        ("Acme", "Pacme"),
        ("acme", "Acm e"),
        ("Nordic Acme", "Acme Nordic"),
        ("Acme Inc", "Acme Nordic"),  # a legal form in the query names the whole company
        ("Fast Company", "Fast Retailing Co."),
        ("Pact", "Pactbank"),
        ("bank", "Pactbank"),
        ("Kestrel Systems", "Kestrel"),
        ("Oy", "Acme Oy"),  # a legal form is not a name
        ("Acme", None),
        ("Acme", ""),
        ("Co", "Acme Co"),
        ("ト", "トヨタ"[1:]),
    ],
)
def test_company_does_not_match(query: str, company: str | None) -> None:
    assert not company_matches(query, company)


def test_company_words_strip_legal_forms_from_the_end_only() -> None:
    assert company_words("Acme Holding Pty. Ltd.") == (("acme", "holding"), True)
    assert company_words("AB Volvo") == (("ab", "volvo"), False)
    assert company_words("Oy") == (("oy",), False)  # nothing but a legal form: kept
    assert company_words("Acme Inc. Nordic") == (("acme", "inc", "nordic"), False)


@pytest.mark.parametrize(
    ("query", "title", "matches"),
    [
        ("CFO", "Group CFO", True),
        ("cfo", "Fractional CFO", True),
        ("CFO", "Chief Financial Officer", True),
        ("chief financial officer", "CFO", True),
        ("chief financial officer", "Interim CFO, Nordics", True),
        ("CEO", "Co-founder and CEO", True),
        ("ceo", "Chief Executive Officer", True),
        ("CTO", "Chief Technology Officer", True),
        ("COO", "chief operating officer", True),
        ("CMO", "Chief Marketing Officer", True),
        ("VP", "Vice President, Sales", True),
        ("vice president", "VP Marketing", True),
        ("VP", "SVP Engineering", True),
        ("senior vice president", "SVP Engineering", True),
        ("head of sales", "Head of Sales, EMEA", True),
        ("sales head", "Head of Sales", True),
        ("sales director", "Director of Sales", True),
        ("founder", "Co-founder", True),
        ("cofounder", "Co-founder", True),
        ("CFO", "CFO's assistant", False),
        ("CFO", "Chief Operating Officer", False),
        ("CTO", "Director", False),
        ("VP", "VPN engineer", False),
        ("head of sales", "Head of Partner Programs", False),
        ("director", "Directorate lead", False),
        ("CEO", None, False),
    ],
)
def test_title_matches(query: str, title: str | None, matches: bool) -> None:
    assert title_matches(query, title) is matches


def test_title_words_apply_aliases_and_drop_little_words() -> None:
    assert title_words("Chief Executive Officer of the Board") == ("ceo", "board")
    assert title_words("EVP & Head of Sales") == ("executive", "vp", "head", "sales")


@pytest.mark.parametrize(
    ("query", "location", "matches"),
    [
        ("Helsinki", "Helsinki", True),
        ("helsinki", "Helsinki, Finland", True),
        ("york", "New York", True),
        ("new york", "New York City", True),
        ("Malmo", "Malmö", True),
        ("york new", "New York", False),
        ("Hel", "Helsinki", False),
        ("Espoo", None, False),
    ],
)
def test_place_matches(query: str, location: str | None, matches: bool) -> None:
    assert place_matches(query, location) is matches


def _person(**fields: object) -> Person:
    return Person(id="p", name="P", **fields)  # type: ignore[arg-type]


def test_options_and_across_kinds_or_within_one() -> None:
    person = _person(company="Pactbank", title="CFO", tags=("Finance",), location="Espoo")
    assert match_person(person, Criteria(companies=("pactbank",), titles=("cfo",)), AS_OF)
    assert match_person(person, Criteria(companies=("Kestrel", "Pactbank")), AS_OF)
    assert match_person(person, Criteria(companies=("pactbank",), titles=("ceo",)), AS_OF) is None
    assert match_person(person, Criteria(tags=("finance",), places=("espoo",)), AS_OF) == ()
    assert match_person(person, Criteria(tags=("fin",)), AS_OF) is None  # tags match exactly
    assert match_person(person, Criteria(tags=("legal", "FINANCE")), AS_OF) == ()
    assert match_person(person, Criteria(tags=("finance",), places=("helsinki",)), AS_OF) is None


def test_history_matches_as_former_unless_current_only() -> None:
    petra = _person(
        company="Saltmarsh Advisory",
        title="Fractional CFO",
        history=(
            Job("Pactbank", "Interim CFO", PartialDate(2023), PartialDate(2025)),
            Job("Nordic CFO Network", "Board member", PartialDate(2024)),
        ),
    )
    roles = match_person(petra, Criteria(companies=("pactbank",)), AS_OF)
    assert roles is not None and [r.label for r in roles] == ["former Pactbank (Interim CFO, 2023-2025)"]
    assert match_person(petra, Criteria(companies=("pactbank",), current_only=True), AS_OF) is None
    # a history entry without an end is current: a board seat
    board = match_person(petra, Criteria(companies=("nordic cfo network",), current_only=True), AS_OF)
    assert board is not None and board[0].current and board[0].label == "Nordic CFO Network (Board member, 2024-)"
    # company and title must hold in the same role: she was CFO at Pactbank, not a partner there
    assert match_person(petra, Criteria(companies=("pactbank",), titles=("cfo",)), AS_OF)
    assert match_person(petra, Criteria(companies=("pactbank",), titles=("board",)), AS_OF) is None
    # current roles first
    both = match_person(petra, Criteria(titles=("cfo",)), AS_OF)
    assert both is not None and [r.current for r in both] == [True, False]
    # an entry still running on the day asked about is current then
    assert match_person(petra, Criteria(companies=("pactbank",), current_only=True), dt.date(2024, 1, 1))


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ({}, "say whom to find"),
        ({"companies": ("., ",)}, "--company '., ' has no words"),
        ({"companies": ("!!",)}, "has no words"),
        ({"titles": ("of the",)}, "--title 'of the' has no words"),
        ({"tags": ("  ",)}, "--tag"),
        ({"places": ("-",)}, "--where"),
    ],
)
def test_criteria_without_words_are_refused(criteria: dict[str, tuple[str, ...]], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        Criteria(**criteria)  # type: ignore[arg-type]
