"""Google Contacts and Outlook CSV imports: both Google layouts, Outlook's encodings, merging."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from warmintro.fileformat.reader import load_network
from warmintro.importers import SourceError
from warmintro.importers.google import read_google
from warmintro.importers.outlook import read_outlook

GOOGLE = FIXTURES / "import" / "google"
OUTLOOK = FIXTURES / "import" / "outlook"
NO_NAME = "no name (a contact with only an address, or a company)"


def test_google_2024_layout() -> None:
    parsed = read_google((GOOGLE / "contacts_2024.csv").read_bytes(), "g.csv")
    assert [r.name for r in parsed.records] == ["Carol Virtanen", "Ingrid Ødegård", "Zed Quist", "Mo"]
    carol, ingrid, zed, mo = parsed.records
    assert (carol.company, carol.title, carol.email, carol.phone) == (
        "Pactbank",
        "Co-founder",
        "carol@example.com",
        "+358 40 123 4567",
    )
    assert carol.channels == ("phone", "email")
    assert carol.where == "g.csv:2"
    # a note with a line break inside quotes moves the next row's line number on
    assert ingrid.where == "g.csv:4"
    # the address marked primary (Label "* Work") first, then the others, ::: split
    assert ingrid.emails == ("ingrid@fjord.example", "ingrid@home.example", "ingrid.o@mail.example")
    assert ingrid.linkedin == "https://www.linkedin.com/in/ingrid-odegard"
    assert ingrid.location == "Oslo"
    assert zed.company == "Quist, Lind & Partners" and zed.linkedin is None  # not a LinkedIn website
    assert zed.location == "Sweden"
    assert (mo.phone, mo.channels) == ("+46 70 000 0000", ("phone",))
    assert [(s.where, s.reason) for s in parsed.skipped] == [("g.csv:8", NO_NAME)]
    assert all(r.about is None for r in parsed.records)  # Notes are never imported


def test_google_older_layout_with_bom() -> None:
    parsed = read_google((GOOGLE / "contacts_old_bom.csv").read_bytes(), "old.csv")
    grace, bob, tomasz = parsed.records
    assert (grace.name, grace.aliases) == ("Dr. Grace Liu", ("Grace Liu",))
    assert grace.emails == ("grace@kestrel.example", "grace@home.example")
    assert (grace.company, grace.title, grace.location) == ("Kestrel Systems", "Marketing Director", "Helsinki")
    assert bob.name == "Bob Sjöberg"  # an empty Name: from Given and Family Name
    assert bob.linkedin == "https://www.linkedin.com/in/bob-sjoberg-7a1b2c3/"
    assert tomasz.location == "Kraków"
    assert parsed.kind == "Google Contacts" and not parsed.notes


@pytest.mark.parametrize("name", ["contacts.csv", "contacts_unicode.csv"])
def test_outlook_utf8_with_bom_and_utf16(name: str) -> None:
    parsed = read_outlook((OUTLOOK / name).read_bytes(), name)
    victor, francoise, carol = parsed.records
    assert (victor.name, victor.company, victor.title) == ("Victor Andersson", "Arctic Freight AB", "CEO")
    assert victor.phone == "+46 70 765 4321"  # the mobile first
    assert victor.location == "Göteborg"
    assert francoise.emails == ("francoise@innov.example",)  # the Exchange path is left out
    assert francoise.title == "Responsable « Innovation »"
    assert francoise.linkedin == "https://linkedin.com/in/flefevre"
    assert francoise.location == "France"
    assert carol.where == f"{name}:5"
    assert [s.where for s in parsed.skipped] == [f"{name}:4"]
    assert not parsed.notes


def test_outlook_in_windows_1252_with_semicolons() -> None:
    parsed = read_outlook((OUTLOOK / "contacts_cp1252.csv").read_bytes(), "w.csv")
    assert [r.name for r in parsed.records] == ["Victor Andersson", "Françoise Lefèvre"]
    assert "read as Windows-1252" in parsed.notes[0]


@pytest.mark.parametrize(
    ("reader", "path", "message"),
    [
        (read_outlook, OUTLOOK / "broken_quote.csv", "broken_quote.csv:3: not valid CSV"),
        (read_outlook, OUTLOOK / "too_many_fields.csv", "too_many_fields.csv:3: this row has 5 fields"),
        (read_outlook, GOOGLE / "contacts_2024.csv", "contacts_2024.csv:1: no Outlook CSV header"),
        (read_google, OUTLOOK / "contacts.csv", "contacts.csv:1: no Google Contacts CSV header"),
        (read_google, FIXTURES / "import" / "linkedin" / "not_linkedin.csv", "not_linkedin.csv:1: no Google"),
    ],
)
def test_malformed_files_name_file_and_line(reader, path: Path, message: str) -> None:
    with pytest.raises(SourceError) as raised:
        reader(path.read_bytes(), str(path))
    assert str(raised.value).startswith(str(path.parent / message))


def test_the_wrong_importer_names_the_right_one() -> None:
    with pytest.raises(SourceError, match="looks like a Google Contacts export: warmintro import google FILE"):
        read_outlook((GOOGLE / "contacts_old_bom.csv").read_bytes(), "x.csv")
    with pytest.raises(SourceError, match="looks like an Outlook export: warmintro import outlook FILE"):
        read_google((OUTLOOK / "contacts.csv").read_bytes(), "x.csv")


cells = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(cells, max_size=7), max_size=6),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_any_outlook_table_reads_or_fails_cleanly(rows: list[list[str]], delimiter: str, encoding: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["First Name", "Last Name", "E-mail Address", "Company", "Job Title", "Notes"])
    writer.writerows(rows)
    try:
        parsed = read_outlook(out.getvalue().encode(encoding), "x.csv")
    except SourceError as exc:
        assert str(exc).startswith("x.csv:")  # noqa: PT017 - inside a hypothesis example
        return
    assert len(parsed.records) + len(parsed.skipped) <= len(rows)
    for record in parsed.records:
        assert record.name and record.name == record.name.strip()
        assert record.about is None


# --------------------------------------------------------------------------------------------
# The commands


def test_import_google_merges_by_email_and_adds_the_rest(run, sample: Path) -> None:
    result = run("import", "google", str(GOOGLE / "contacts_2024.csv"), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["format"] == "Google Contacts"
    assert doc["counts"]["added"] == 3 and doc["counts"]["updated"] == 1 and doc["counts"]["skipped"] == 1
    carol = next(p for p in doc["people"] if p["name"] == "Carol Virtanen")
    assert (carol["id"], carol["matched_by"], carol["filled"]) == ("carol", "email", ["phone"])
    network = load_network(sample)
    assert network.people["carol"].phone == "+358 40 123 4567"
    added = {p.name: p for p in network.people.values()}
    assert added["Ingrid Ødegård"].email == "ingrid@fjord.example"
    assert "Owes me lunch" not in sample.read_text(encoding="utf-8")  # notes stay out


def test_import_outlook_keeps_the_users_values_and_lists_conflicts(run, sample: Path) -> None:
    result = run("import", "outlook", str(OUTLOOK / "contacts_unicode.csv"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Outlook import of {OUTLOOK / 'contacts_unicode.csv'} into {sample}")
    assert 'carol     title: yours "Co-founder", theirs "CEO"' in result.stdout
    assert "Prefers calls" not in sample.read_text(encoding="utf-8")
    assert run("check").exit_code == 0


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("google", GOOGLE / "contacts_2024.csv"),
        ("google", GOOGLE / "contacts_old_bom.csv"),
        ("outlook", OUTLOOK / "contacts.csv"),
        ("outlook", OUTLOOK / "contacts_cp1252.csv"),
    ],
)
def test_importing_twice_changes_nothing_the_second_time(run, sample: Path, kind: str, path: Path) -> None:
    assert run("import", kind, str(path)).exit_code == 0
    first = sample.read_bytes()
    doc = json.loads(run("import", kind, str(path), "--json").stdout)
    assert doc["counts"]["added"] == doc["counts"]["updated"] == 0
    assert doc["written"] is False and sample.read_bytes() == first


def test_dry_run_writes_nothing_and_bad_files_exit_2(run, sample: Path) -> None:
    before = sample.read_bytes()
    result = run("import", "google", str(GOOGLE / "contacts_2024.csv"), "--dry-run")
    assert result.exit_code == 0 and result.stdout.rstrip().endswith(f"Dry run: {sample} was not changed.")
    bad = run("import", "outlook", str(OUTLOOK / "broken_quote.csv"))
    assert bad.exit_code == 2 and "broken_quote.csv:3: not valid CSV" in bad.stderr
    assert "Traceback" not in bad.output
    assert sample.read_bytes() == before
