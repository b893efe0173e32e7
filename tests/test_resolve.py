"""Finding the person a user means."""

from __future__ import annotations

import pytest

from conftest import SAMPLE
from warmintro.errors import AmbiguousPerson, UnknownPerson
from warmintro.fileformat.reader import load_network, parse_network
from warmintro.queries.resolve import resolve_person
from warmintro.text import fold


@pytest.fixture(scope="module")
def network():
    return load_network(SAMPLE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bob", "bob"),  # id
        ("Bob Sjöberg", "bob"),  # full name
        ("bob sjoberg", "bob"),  # without accents or case
        ("sjoberg", "bob"),  # one word of the name
        ("SJÖB", "bob"),  # beginning of a word
        ("carol v", "carol"),  # beginnings, in order
        ("virtanen", "carol"),
        ("hamalainen", "leo"),
        ("Laura Makinen", "laura"),
    ],
)
def test_resolves(network, query: str, expected: str) -> None:
    assert resolve_person(network, query).id == expected


def test_whole_word_beats_prefix() -> None:
    network = parse_network("people: {eve: {name: Eve Laine}, evelyn: {name: Evelyn Park}}\n")
    assert resolve_person(network, "Eve").id == "eve"  # the id, exactly
    assert resolve_person(network, "laine").id == "eve"
    assert resolve_person(network, "evel").id == "evelyn"


def test_ambiguous_lists_candidates(network) -> None:
    with pytest.raises(AmbiguousPerson) as caught:
        resolve_person(network, "ma")
    message = str(caught.value)
    assert message.startswith("'ma' could be ")
    assert "maya (Maya Okafor (Kestrel Systems))" in message
    assert "marta (Marta Kowalska (Baltic School of Management))" in message
    assert "use an id to pick one" in message
    assert set(caught.value.candidates) == {"maya", "marta", "matti", "kari", "laura"}  # Mattila, Mäkinen


def test_unknown_suggests_close_names(network) -> None:
    with pytest.raises(UnknownPerson) as caught:
        resolve_person(network, "virtannen")
    assert caught.value.candidates == ["carol"]
    assert "did you mean 'carol'?" in str(caught.value)


def test_fold() -> None:
    assert fold("Sjöberg") == "sjoberg"
    assert fold("Søren Ærø") == "soren aero"
    assert fold("STRAẞE") == "strasse"


def test_me_is_the_files_me_not_a_name_that_starts_so(network) -> None:
    """The sample has Lucas Meyer: 'me' on the command line still means Alice, the file's me."""
    assert any(p.name.split()[-1].lower().startswith("me") for p in network.people.values())
    assert resolve_person(network, "me").id == network.me == "alice"
    assert resolve_person(network, "ME").id == "alice"


def test_a_person_whose_id_is_me_is_still_found_by_it() -> None:
    network = parse_network("me: a\npeople:\n  a: {name: Ann}\n  me: {name: Mei Lin}\nrelationships: []\n")
    assert resolve_person(network, "me").id == "me"
