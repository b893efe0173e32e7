"""Every parser of outside data costs time linear in its input (see tests/scaling.py): vCard and
LinkedIn exports, and the contacts file, whole or in pieces. Each test feeds 1x, 10x and 100x
inputs of one shape and fails when the cost grows faster than the input."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest

from scaling import assert_linear
from warmintro.fileformat import nodes, pieces, reader
from warmintro.importers.linkedin import read_linkedin
from warmintro.importers.vcard import read_vcards

#: Two combining marks out of canonical order: normalizing must reorder every pair.
_MARKS = "\u0301\u0316"
_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def _folded(value: str, width: int = 74) -> str:
    return "\r\n ".join(value[i : i + width] for i in range(0, len(value), width))


def _photo_card(n: int) -> bytes:
    """A card with a phone's photo: n kB of base64, folded at 74 columns."""
    photo = base64.b64encode(bytes(range(256)) * 4 * n).decode()
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nPHOTO;ENCODING=b;TYPE=JPEG:{_folded(photo)}\r\nEND:VCARD\r\n"
    return card.encode()


def _note_card(n: int) -> bytes:
    note = "A long note, folded. " * (50 * n)
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nNOTE:{_folded(note)}\r\nEND:VCARD\r\n".encode()


def _quoted_printable_card(n: int) -> bytes:
    """vCard 2.1: a quoted-printable note broken into n x 20 soft line breaks ("=" at the end)."""
    lines = "=\r\n".join("Caf=C3=A9 au lait, " * 3 for _ in range(20 * n))
    note = f"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:{lines}"
    return f"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann\r\n{note}\r\nEND:VCARD\r\n".encode()


def _many_cards(n: int) -> bytes:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nEMAIL:p{i}@example.org\r\nTEL:+358 40 {i}\r\nEND:VCARD\r\n"
    return "".join(card.format(i=i) for i in range(4 * n)).encode()


def _marks_card(n: int) -> bytes:
    """A name of one letter and n x 200 combining marks ("Zalgo" text), out of canonical order."""
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:a{chr(0x316)}{chr(0x301) * 0}{'̖́' * (100 * n)}\r\nEND:VCARD\r\n".encode()


@pytest.mark.parametrize(
    ("make", "base"),
    [(_photo_card, 20), (_note_card, 2), (_quoted_printable_card, 2), (_many_cards, 2), (_marks_card, 4)],
    ids=["folded photo", "folded note", "quoted-printable soft breaks", "many cards", "combining marks"],
)
def test_vcard_reading_is_linear(make, base: int) -> None:
    assert_linear(make, lambda data: read_vcards(data, "x.vcf"), base=base)


def _rows(n: int) -> bytes:
    row = 'Ann{i},Lee,https://www.linkedin.com/in/ann{i},ann{i}@example.org,"Pactbank, Oy",CEO,15 Mar 2023\r\n'
    return (_HEADER + "".join(row.format(i=i) for i in range(20 * n))).encode()


def _long_cell(n: int) -> bytes:
    """One quoted cell with n x 40 line breaks and doubled quotes in it (Python's csv module
    takes at most 128 kB in a cell)."""
    cell = 'line ""quoted"", and more\r\n' * (40 * n)
    return (_HEADER + f'Ann,Lee,,,"{cell}",CEO,15 Mar 2023\r\n').encode()


def _long_date(n: int) -> bytes:
    return (_HEADER + f"Ann,Lee,,,Pactbank,CEO,{'15 ' * (100 * n)}\r\n").encode()


def _marks_name(n: int) -> bytes:
    return (_HEADER + f"a{'̖́' * (100 * n)},Lee,,,Pactbank,CEO,15 Mar 2023\r\n").encode()


def _zipped(n: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Basic_LinkedInDataExport/Connections.csv", _rows(n))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "base"),
    [(_rows, 2), (_long_cell, 1), (_long_date, 2), (_marks_name, 4), (_zipped, 2)],
    ids=["many rows", "a long quoted cell", "a long date", "combining marks", "zip"],
)
def test_linkedin_reading_is_linear(make, base: int) -> None:
    assert_linear(make, lambda data: read_linkedin(data, "Connections.csv"), base=base)


def _people(n: int) -> str:
    people = "".join(f"  p{i}:\n    name: Person {i}\n    company: Firm {i % 7}\n" for i in range(10 * n))
    relationships = "".join(f"  - {{between: [p{i}, p{i + 1}], strength: good}}\n" for i in range(10 * n - 1))
    return f"me: p0\npeople:\n{people}relationships:\n{relationships}"


def _problems(n: int) -> str:
    """Relationships naming people who are not there: a problem (and a hint) each."""
    people = "".join(f"  p{i}: {{name: Person {i}}}\n" for i in range(10 * n))
    relationships = "".join(f"  - {{between: [p{i}, q{i}]}}\n" for i in range(10 * n))
    return f"people:\n{people}relationships:\n{relationships}"


def _long_comment(n: int) -> str:
    comment = "# " + "a comment\u2028with separators\x85 " * (300 * n) + "\n"
    return f"{comment}people:\n  a: {{name: A}}\n"


def _long_value(n: int) -> str:
    return f'people:\n  a:\n    name: A\n    about: "{"x y " * (2000 * n)}"\n'


@pytest.mark.parametrize(
    ("make", "base"),
    [(_people, 3), (_problems, 3), (_long_comment, 2), (_long_value, 2)],
    ids=["many people", "many problems", "a long comment with separators", "a long value"],
)
def test_reading_the_contacts_file_is_linear(make, base: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # did-you-mean hints for unknown ids compare against every person, within a whole-file budget
    # (MAX_HINT_COMPARISONS): a small budget here, so that the sizes measured all lie past it
    monkeypatch.setattr(nodes, "MAX_HINT_COMPARISONS", 500)
    assert_linear(make, lambda text: reader.parse_network_with_problems(text, "contacts.yaml"), base=base)


def test_reading_the_contacts_file_in_pieces_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pieces, "PIECE_CHARS", 2000)  # so that small files are read in pieces too
    composed = 0
    compose = pieces.yaml.compose

    def counting(text: str, Loader: type) -> object:
        nonlocal composed
        composed += 1
        return compose(text, Loader=Loader)

    monkeypatch.setattr(pieces.yaml, "compose", counting)
    network, problems = reader.parse_network_with_problems(_people(30), "contacts.yaml")
    assert network is not None and len(network.people) == 300 and not problems
    assert composed > 5  # it was read in pieces
    assert_linear(_people, lambda text: reader.parse_network_with_problems(text, "contacts.yaml"), base=3)
