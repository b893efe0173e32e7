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
from warmintro.importers.outlook import LOCALIZED as LOCALIZED_COLUMNS
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
    assert all(r.about is None for r in parsed.records)  # Notes are never `about`
    assert carol.notes == "Owes me lunch.\nPrivate: going through a divorce"
    assert (ingrid.notes, mo.notes) == (None, "met at the bakery")


def test_google_older_layout_with_bom() -> None:
    parsed = read_google((GOOGLE / "contacts_old_bom.csv").read_bytes(), "old.csv")
    grace, bob, tomasz = parsed.records
    assert (grace.name, grace.aliases) == ("Dr. Grace Liu", ("Grace Liu",))
    assert grace.emails == ("grace@kestrel.example", "grace@home.example")
    assert (grace.company, grace.title, grace.location) == ("Kestrel Systems", "Marketing Director", "Helsinki")
    assert bob.name == "Bob Sjöberg"  # an empty Name: from Given and Family Name
    assert bob.linkedin == "https://www.linkedin.com/in/bob-sjoberg-7a1b2c3/"
    assert tomasz.location == "Kraków"
    assert (grace.notes, bob.notes, grace.about) == ("Allergic to cats", None, None)  # Notes: private notes
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
    assert (carol["id"], carol["matched_by"], carol["filled"]) == ("carol", "email", ["phone", "notes"])
    network = load_network(sample)
    assert network.people["carol"].phone == "+358 40 123 4567"
    added = {p.name: p for p in network.people.values()}
    assert added["Ingrid Ødegård"].email == "ingrid@fjord.example"
    # Notes go to the private `notes`, never to `about` (what messages quote)
    assert network.people["carol"].notes == "Owes me lunch.\nPrivate: going through a divorce"
    assert "Owes me lunch" not in (network.people["carol"].about or "")


def test_import_outlook_keeps_the_users_values_and_lists_conflicts(run, sample: Path) -> None:
    result = run("import", "outlook", str(OUTLOOK / "contacts_unicode.csv"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Outlook import of {OUTLOOK / 'contacts_unicode.csv'} into {sample}")
    assert 'carol     title: yours "Co-founder", theirs "CEO"' in result.stdout
    victor = next(p for p in load_network(sample).people.values() if p.name == "Victor Andersson")
    assert victor.notes == "Prefers calls, never email"  # the private notes, never `about`
    assert "Prefers calls" not in (victor.about or "")
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


# --------------------------------------------------------------------------------------------
# Notes: the user's private `notes`, never in a message, an export or a share


@pytest.mark.parametrize(
    ("kind", "path", "who", "note"),
    [
        ("google", GOOGLE / "contacts_2024.csv", "carol", "Owes me lunch.\nPrivate: going through a divorce"),
        ("outlook", OUTLOOK / "contacts.csv", "victor", "Prefers calls, never email"),
    ],
)
def test_notes_are_imported_as_private_notes_and_never_leave(
    run, sample: Path, tmp_path: Path, kind: str, path: Path, who: str, note: str
) -> None:
    assert run("import", kind, str(path)).exit_code == 0
    person = load_network(sample).people[who]
    assert person.notes == note and note not in (person.about or "")
    first_words = note.split(",")[0].split(".")[0]
    leaks = [
        run("draft", who, "--direct", "--purpose", "advice", "--as-of", "2026-11-26"),
        run("draft", who, "--direct", "--purpose", "advice", "--as-of", "2026-11-26", "--json"),
        run("show", who, "--json"),
        run("people", "--json"),
        run("export", "--format", "json"),
        run("export", "--format", "csv"),
        run("export", "--format", "dot"),
        run("map", "--out", str(tmp_path / "map.svg")),
    ]
    for result in leaks:
        assert result.exit_code == 0, result.output
        assert first_words not in result.stdout
    assert first_words not in (tmp_path / "map.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("kind", "path"), [("google", GOOGLE / "contacts_2024.csv"), ("outlook", OUTLOOK / "contacts.csv")]
)
def test_no_notes_leaves_the_notes_column_out(run, sample: Path, kind: str, path: Path) -> None:
    doc = json.loads(run("import", kind, str(path), "--no-notes", "--json").stdout)
    assert all("notes" not in p["filled"] for p in doc["people"])
    text = sample.read_text(encoding="utf-8")
    assert "Owes me lunch" not in text and "Prefers calls" not in text


# --------------------------------------------------------------------------------------------
# Outlook in other languages

LOCALIZED = ["de", "fr", "es", "fi", "sv", "nl"]


@pytest.mark.parametrize("lang", LOCALIZED)
def test_outlook_with_localized_headers(lang: str) -> None:
    name = f"contacts_{lang}.csv"
    parsed = read_outlook((OUTLOOK / name).read_bytes(), name)
    anna, jorg = parsed.records
    assert (anna.name, anna.company, anna.title) == (
        "Anna Maria Müller-Lüdenscheidt",
        "Nordlicht GmbH",
        "Leiterin Vertrieb",
    )
    assert anna.emails == ("anna@nordlicht.example", "anna.m@mail.example")
    assert (anna.phone, anna.location) == ("+49 170 1234567", "Hamburg")  # the mobile first; the work city
    assert anna.linkedin == "https://www.linkedin.com/in/anna-mueller"
    assert anna.notes == "Trinkt keinen Kaffee; Tochter heißt Lea" and anna.about is None
    assert (jorg.name, jorg.phone, jorg.location, jorg.notes) == (
        "Jörg Öztürk Jr.",
        "+41 44 000 00 00",
        "Schweiz",
        None,
    )
    assert [s.where for s in parsed.skipped] == [f"{name}:3"]  # a company without a person's name


def test_import_outlook_in_german_on_the_command_line(run, sample: Path) -> None:
    doc = json.loads(run("import", "outlook", str(OUTLOOK / "contacts_de.csv"), "--json").stdout)
    assert doc["counts"]["added"] == 2 and doc["counts"]["skipped"] == 1
    assert "read as Windows-1252" in doc["notes"][0]
    anna = load_network(sample).people["anna-maria-muller-ludenscheidt"]
    assert (anna.company, anna.title, anna.email) == ("Nordlicht GmbH", "Leiterin Vertrieb", "anna@nordlicht.example")


def test_outlook_in_an_unknown_language_names_the_file_and_its_columns(run, sample: Path) -> None:
    path = OUTLOOK / "contacts_it.csv"
    with pytest.raises(SourceError) as raised:
        read_outlook(path.read_bytes(), "it.csv")
    message = str(raised.value)
    assert message.startswith("it.csv:1: no Outlook CSV header")
    assert "the first line has 'Titolo', 'Nome', 'Secondo nome', 'Cognome', 'Società', 'Posizione'" in message
    before = sample.read_bytes()
    result = run("import", "outlook", str(path))
    assert result.exit_code == 2 and "'Cognome'" in result.stderr and "Traceback" not in result.output
    assert sample.read_bytes() == before


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(LOCALIZED), st.permutations(range(20)))
def test_localized_columns_are_found_by_name_in_any_order(lang: str, order: list[int]) -> None:
    rows = list(
        csv.reader(
            io.StringIO(
                (OUTLOOK / f"contacts_{lang}.csv")
                .read_bytes()
                .decode("utf-16" if lang == "fi" else "cp1252" if lang == "de" else "utf-8-sig"),
                newline="",
            ),
            delimiter={"de": ";", "fr": ";", "sv": ";", "fi": "\t"}.get(lang, ","),
        )
    )
    out = io.StringIO()
    csv.writer(out).writerows([[row[i] for i in order] for row in rows])
    expected = read_outlook((OUTLOOK / f"contacts_{lang}.csv").read_bytes(), "x.csv").records
    shuffled = read_outlook(out.getvalue().encode("utf-8"), "x.csv").records
    assert [(r.name, r.company, r.title, r.emails, r.phone, r.location, r.notes) for r in shuffled] == [
        (r.name, r.company, r.title, r.emails, r.phone, r.location, r.notes) for r in expected
    ]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from([name for names in LOCALIZED_COLUMNS.values() for name in names]), min_size=1, max_size=12
    ),
    st.lists(st.lists(cells, max_size=12), max_size=5),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)
def test_any_localized_outlook_table_reads_or_fails_cleanly(
    header: list[str], rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    try:
        data = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return  # not a file Windows-1252 can hold
    try:
        parsed = read_outlook(data, "x.csv")
    except SourceError as exc:
        assert str(exc).startswith("x.csv:")  # noqa: PT017 - inside a hypothesis example
        return
    assert len(parsed.records) + len(parsed.skipped) <= len(rows)
    for record in parsed.records:
        assert record.name and record.name == record.name.strip()
        assert record.about is None
        assert record.notes is None or (record.notes and record.notes == record.notes.strip())


def test_every_address_of_a_contact_is_kept_and_finds_them_next_time(run, sample: Path, tmp_path: Path) -> None:
    header = "First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Organization Name\n"
    both = tmp_path / "both.csv"
    both.write_text(header + "Gustav,Nystrom,* Work,gustav@arcticfreight.se ::: g.nystrom@gmail.com,Arctic Freight\n")
    assert run("import", "google", str(both)).exit_code == 0
    gustav = next(p for p in load_network(sample).people.values() if p.name == "Gustav Nystrom")
    assert gustav.emails == ("gustav@arcticfreight.se", "g.nystrom@gmail.com")
    second = tmp_path / "second.csv"
    second.write_text(header + "Gus,Nyström,,G.Nystrom@gmail.com,\n")  # another name, the second address
    doc = json.loads(run("import", "google", str(second), "--json").stdout)
    assert doc["counts"]["added"] == 0
    # a person already in the file gains the addresses they lack, keeping theirs first
    more = tmp_path / "more.csv"
    more.write_text(header + "Gustav,Nystrom,,new@arcticfreight.se ::: GUSTAV@arcticfreight.se,Arctic Freight\n")
    assert run("import", "google", str(more)).exit_code == 0
    again = load_network(sample).people[gustav.id]
    assert again.emails == ("gustav@arcticfreight.se", "g.nystrom@gmail.com", "new@arcticfreight.se")
