"""LinkedIn and vCard imports: real-shaped exports, merging without duplicates, idempotence."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, assert_refused, changed_lines, write
from warmintro.dates import PartialDate
from warmintro.editing.editor import ContactsEditor
from warmintro.editing.grow import unique_id
from warmintro.fileformat.reader import load_network, parse_network
from warmintro.importers import SourceError
from warmintro.importers.linkedin import HEADERS, parse_connected_on, read_linkedin
from warmintro.importers.merge import company_key, linkedin_key, merge_into
from warmintro.importers.vcard import read_vcards
from warmintro.text import slug

LINKEDIN = FIXTURES / "import" / "linkedin"
VCARD = FIXTURES / "import" / "vcard"


def names(parsed) -> list[str]:
    return [r.name for r in parsed.records]


# --------------------------------------------------------------------------------------------
# LinkedIn: the reader


@pytest.mark.parametrize("name", ["Connections.csv", "Connections_no_preamble.csv", "Connections_bom.csv"])
def test_linkedin_export_with_or_without_preamble_and_bom(name: str) -> None:
    parsed = read_linkedin((LINKEDIN / name).read_bytes(), name)
    assert names(parsed) == [
        "Bob Sjöberg",
        "Carol Virtanen",
        "Zed Quist",
        "Ingrid Ødegård",
        "María José García López",
        "Sam O'Brien",
        "Tomasz Nowak",
        "Kim",
    ]
    zed = parsed.records[2]
    assert (zed.company, zed.title) == ("Quist, Lind & Partners", "Founder, Managing Partner")
    assert zed.email == "zed@quist.example"
    assert zed.linkedin == "https://www.linkedin.com/in/zedquist"
    assert zed.since == PartialDate(2024, 11, 27)
    assert zed.channels == ("linkedin",)
    assert parsed.records[4].company == "Banco Ejemplo Madrid office"  # a line break inside quotes
    assert parsed.records[5].title == 'Looking for "new" opportunities'
    assert parsed.records[6].since is None
    assert [s.reason for s in parsed.skipped] == ["no name: a member who has left LinkedIn or hidden their profile"]
    assert parsed.notes == ["1 'Connected On' date could not be read; those relationships have no 'since'."]
    first_line = 5 if name != "Connections_no_preamble.csv" else 2
    assert parsed.records[0].where == f"{name}:{first_line}"


def test_linkedin_german_headers_and_dates() -> None:
    parsed = read_linkedin((LINKEDIN / "Connections_de.csv").read_bytes(), "de.csv")
    assert names(parsed) == ["Jürgen Müller", "Anna Schmidt", "Bob Sjöberg"]
    assert [r.since for r in parsed.records] == [
        PartialDate(2023, 3, 15),
        PartialDate(2022, 4, 3),
        PartialDate(2023, 3, 15),
    ]
    assert parsed.records[1].company == "Schmidt, Weber & Co. KG"
    assert len(parsed.skipped) == 1


def test_linkedin_excel_semicolons_in_windows_1252() -> None:
    parsed = read_linkedin((LINKEDIN / "Connections_excel_cp1252.csv").read_bytes(), "excel.csv")
    assert names(parsed) == ["Jürgen Müller", "Françoise Lefèvre"]
    assert parsed.records[1].title == "Responsable « Innovation »"
    assert "read as Windows-1252" in parsed.notes[0]


def test_linkedin_utf16_tab_separated() -> None:
    parsed = read_linkedin((LINKEDIN / "Connections_utf16.csv").read_bytes(), "utf16.csv")
    assert names(parsed) == ["Lena Hoffmann"]
    assert parsed.records[0].since == PartialDate(2024, 1, 5)


def test_linkedin_columns_are_found_by_name_and_extra_ones_ignored() -> None:
    parsed = read_linkedin((LINKEDIN / "Connections_reordered.csv").read_bytes(), "r.csv")
    assert names(parsed) == ["Bob Sjöberg", "Ville Nurmi"]
    assert parsed.records[0].title == "Author and coach"


def test_linkedin_zip_export() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        folder = "Basic_LinkedInDataExport_11-27-2026"
        archive.writestr(f"{folder}/Connections.csv", (LINKEDIN / "Connections.csv").read_bytes())
        archive.writestr("Basic_LinkedInDataExport_11-27-2026/Profile.csv", "First Name\nAlice\n")
    parsed = read_linkedin(buffer.getvalue(), "export.zip")
    assert len(parsed.records) == 8
    assert parsed.records[0].where.startswith("export.zip!Basic_LinkedInDataExport_11-27-2026/Connections.csv:")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("broken_quote.csv", "broken_quote.csv:4: not valid CSV: unexpected end of data"),
        ("too_many_fields.csv", "too_many_fields.csv:3: this row has 8 fields but the header has 7"),
        ("not_linkedin.csv", "not_linkedin.csv: no LinkedIn header row found"),
    ],
)
def test_malformed_linkedin_files_name_the_line(name: str, message: str) -> None:
    with pytest.raises(SourceError, match=r"Nothing was imported|is this LinkedIn's Connections\.csv") as raised:
        read_linkedin((LINKEDIN / name).read_bytes(), name)
    assert str(raised.value).startswith(message)


def test_binary_data_is_refused() -> None:
    with pytest.raises(SourceError, match="binary data"):
        read_linkedin(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.csv")


def test_the_header_table_has_the_languages_it_promises() -> None:
    assert "Verbunden am" in HEADERS["connected_on"] and "Vorname" in HEADERS["first_name"]
    assert "Prénom" in HEADERS["first_name"] and "Nombre" in HEADERS["first_name"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 Mar 2023", PartialDate(2023, 3, 15)),
        ("15 März 2023", PartialDate(2023, 3, 15)),
        ("15. März 2023", PartialDate(2023, 3, 15)),
        ("15.03.2023", PartialDate(2023, 3, 15)),
        ("15 mars 2023", PartialDate(2023, 3, 15)),
        ("1 déc. 2020", PartialDate(2020, 12, 1)),
        ("15 de marzo de 2023", PartialDate(2023, 3, 15)),
        ("Mar 15, 2023", PartialDate(2023, 3, 15)),
        ("2023-03-15", PartialDate(2023, 3, 15)),
        ("3/15/2023", PartialDate(2023, 3, 15)),
        ("15/3/2023", PartialDate(2023, 3, 15)),
        ("03/04/2023", PartialDate(2023)),  # day and month could be either: only the year is sure
        ("10/23/18, 11:30 AM", PartialDate(2018, 10, 23)),
        ("15-Mar-23", PartialDate(2023, 3, 15)),
        ("Mai 2021", PartialDate(2021, 5)),
        ("31 Feb 2023", None),
        ("15 Foo 2023", None),
        ("", None),
        ("yesterday", None),
        ("15 Mar 1850", None),
    ],
)
def test_connected_on_dates(text: str, expected: PartialDate | None) -> None:
    assert parse_connected_on(text) == expected


cells = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cells, min_size=0, max_size=9), max_size=6), st.booleans(), st.sampled_from([",", ";"]))
def test_any_csv_reads_or_fails_cleanly(rows: list[list[str]], preamble: bool, delimiter: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    if preamble:
        out.write('Notes:\n"Some notice, with a comma"\n\n')
    writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
    writer.writerows(rows)
    try:
        parsed = read_linkedin(out.getvalue().encode("utf-8"), "x.csv")
    except SourceError as exc:
        message = str(exc)
        parsed = None
    if parsed is None:
        assert message.startswith("x.csv:")
        return
    assert len(parsed.records) + len(parsed.skipped) <= len(rows)
    for record in parsed.records:
        assert record.name and record.name == record.name.strip()


# --------------------------------------------------------------------------------------------
# vCard: the reader


def test_iphone_vcard_3() -> None:
    parsed = read_vcards((VCARD / "iphone.vcf").read_bytes(), "iphone.vcf")
    assert names(parsed) == ["Carol Virtanen", "Zed Quist", "Elina Korhonen"]
    carol = parsed.records[0]
    assert (carol.company, carol.title, carol.email) == ("Pactbank", "Co-founder", "carol@pactbank.example")
    assert carol.emails == ("carol@pactbank.example", "carol@example.com")
    assert carol.phone == "+358 40 765 4321"
    assert carol.linkedin == "https://www.linkedin.com/in/carolvirtanen"
    assert carol.location == "Helsinki"
    assert carol.notes == "Met at Slush 2023.\nWants an intro to publishers, maybe."
    assert carol.channels == ("phone", "email")
    assert parsed.records[1].company == "Quist, Lind & Partners"
    assert parsed.records[1].linkedin == "https://linkedin.com/in/zedquist/"  # from X-SOCIALPROFILE
    assert [s.reason for s in parsed.skipped] == ["a company or group card, not a person"]


def test_android_vcard_2_1_quoted_printable_and_folded() -> None:
    parsed = read_vcards((VCARD / "android.vcf").read_bytes(), "android.vcf")
    assert names(parsed) == ["Bob Sjöberg", "Laura Mäkinen", "Pekka Lahtinen"]
    bob = parsed.records[0]
    assert bob.notes == "Met at the Helsinki SaaS meetup, 2024.\nHe wants to meet investors; ask Dan."
    assert (bob.company, bob.phone, bob.email) == ("Helix Coaching", "+358401234567", "bob@helix.example")
    assert parsed.records[2].title == "Head of Operations, Nordics"  # a 2.1 comma is text, not a list
    assert [s.reason for s in parsed.skipped] == ["no name (neither FN nor N)"]


def test_outlook_vcard_in_windows_1252() -> None:
    parsed = read_vcards((VCARD / "outlook.vcf").read_bytes(), "outlook.vcf")
    (jurgen,) = parsed.records
    assert (jurgen.name, jurgen.company, jurgen.location) == ("Jürgen Müller", "Lumen Legal GmbH", "Berlin")
    assert jurgen.linkedin == "https://de.linkedin.com/in/juergen-mueller"
    assert "read as Windows-1252" in parsed.notes[0]


def test_vcard_4() -> None:
    parsed = read_vcards((VCARD / "v4.vcf").read_bytes(), "v4.vcf")
    grace, maya = parsed.records
    assert grace.name == "Dr. Grace Liu" and grace.aliases == ("Grace Liu",)
    assert grace.email == "grace@kestrel.example"  # PREF=1 beats PREF=2
    assert grace.phone == "+31-20-555-0101"  # tel: URI unwrapped
    assert grace.linkedin == "https://www.linkedin.com/in/graceliu/"
    assert grace.notes == "Took over Alice's team.\nKnows everyone in Amsterdam marketing, really."
    assert maya.name == "Maya Okafor"  # no FN: built from N
    assert [s.reason for s in parsed.skipped] == ["a company or group card, not a person"]


def test_google_vcard_escaped_url() -> None:
    parsed = read_vcards((VCARD / "google.vcf").read_bytes(), "google.vcf")
    assert parsed.records[0].linkedin == "http://www.linkedin.com/in/tuomasheino"


def test_broken_vcards_are_skipped_with_their_line() -> None:
    parsed = read_vcards((VCARD / "broken.vcf").read_bytes(), "broken.vcf")
    assert names(parsed) == ["Good Card", "Broken Card"]
    assert parsed.notes == ["broken.vcf:9: not a vCard property, ignored: this line has no colon at all"]
    assert [(s.where, s.reason) for s in parsed.skipped] == [
        ("broken.vcf:11", "the card is cut off (no END:VCARD): a truncated file?")
    ]
    with pytest.raises(SourceError, match="no vCard found"):
        read_vcards(b"First Name,Last Name\n", "x.vcf")


def test_vcard_notes_can_be_left_out() -> None:
    parsed = read_vcards((VCARD / "iphone.vcf").read_bytes(), "iphone.vcf", include_notes=False)
    assert parsed.records[0].notes is None


# --------------------------------------------------------------------------------------------
# Matching and ids


def test_a_url_python_cannot_split_is_compared_as_text() -> None:
    # urlsplit raises ValueError for brackets that are not an IPv6 address (found by fuzzing)
    assert linkedin_key("https://[bold]linkedin.com/in/Bob ") == "https://[bold]linkedin.com/in/bob"
    assert linkedin_key("http://[::1") == linkedin_key("HTTP://[::1")


def test_keys() -> None:
    assert linkedin_key("https://WWW.LinkedIn.com/in/Bob-Sjoberg/?trk=x") == linkedin_key("linkedin.com/in/bob-sjoberg")
    assert linkedin_key("https://de.linkedin.com/in/j%C3%BCrgen") == "linkedin.com/in/jürgen"
    assert company_key("Pactbank Oy") == company_key("pactbank") == "pactbank"
    assert company_key("Schmidt, Weber & Co. KG") == "schmidt weber"
    assert slug("Bob Sjöberg") == "bob-sjoberg"
    assert slug("Søren Ødegård-Ærø") == "soren-odegard-aero"
    assert slug("María José García López") == "maria-jose-garcia-lopez"
    assert slug("🚀 ✨") == "person"
    assert slug("王伟") == "王伟"
    assert unique_id("bob", {"bob", "Bob-2"}) == "bob-3"


def test_import_into_the_sample_merges_without_duplicates(sample: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    editor = ContactsEditor(text, "contacts.yaml")
    summary = merge_into(editor, read_linkedin((LINKEDIN / "Connections.csv").read_bytes(), "c.csv"), "alice")
    by_name = {o.name: o for o in summary.outcomes if o.name}
    assert by_name["Bob Sjöberg"].pid == "bob" and by_name["Bob Sjöberg"].matched_by == "name and company"
    assert by_name["Bob Sjöberg"].filled == ["linkedin"] and by_name["Bob Sjöberg"].relationship == "added"
    carol = by_name["Carol Virtanen"]
    assert (carol.pid, carol.matched_by, carol.action, carol.relationship) == ("carol", "email", "updated", "exists")
    assert [(c.field, c.yours, c.theirs) for c in carol.conflicts] == [("title", "Co-founder", "Co-founder & CEO")]
    assert by_name["Zed Quist"].action == "added" and by_name["Zed Quist"].pid == "zed-quist"
    assert by_name["Tomasz Nowak"].action == "added"  # same company as people in the file, another name
    assert summary.counts == {"added": 6, "updated": 2, "unchanged": 0, "skipped": 1}
    network = parse_network(editor.render())
    assert network.relationship("alice", "bob").strength == "acquaintance"
    assert network.relationship("alice", "bob").since == PartialDate(2023, 3, 15)
    assert network.relationship("alice", "carol").strength == "close"  # an existing relationship is left alone
    assert network.people["carol"].title == "Co-founder"  # never overwritten


def test_the_same_person_from_several_sources_is_one_person(sample: Path) -> None:
    editor = ContactsEditor(sample.read_text(encoding="utf-8"))
    merge_into(editor, read_linkedin((LINKEDIN / "Connections.csv").read_bytes(), "c.csv"), "alice")
    merge_into(editor, read_linkedin((LINKEDIN / "Connections_reordered.csv").read_bytes(), "r.csv"), "alice")
    merge_into(editor, read_vcards((VCARD / "iphone.vcf").read_bytes(), "i.vcf"), "alice")
    summary = merge_into(editor, read_vcards((VCARD / "v4.vcf").read_bytes(), "v.vcf"), "alice")
    grace = next(o for o in summary.outcomes if o.name == "Dr. Grace Liu")
    assert (grace.pid, grace.matched_by) == ("grace", "name and company")
    network = parse_network(editor.render())
    names_seen = [p.name for p in network.people.values()]
    assert len(names_seen) == len(set(names_seen))
    assert [p.id for p in network.people.values() if "Quist" in p.name] == ["zed-quist"]
    assert network.people["zed-quist"].phone == "+46 70 123 45 67"  # filled from the phone


def test_ambiguous_matches_are_skipped_not_guessed() -> None:
    text = "me: me\npeople:\n  me: {name: Me}\n  a1: {name: Ann Lee, company: Acme}\n"
    text += "  a2: {name: Ann Lee, company: ACME Inc}\n"
    editor = ContactsEditor(text)
    parsed = read_linkedin(b"First Name,Last Name,Company\nAnn,Lee,Acme Inc.\n", "x.csv")
    summary = merge_into(editor, parsed, "me")
    assert summary.outcomes[0].action == "skipped"
    assert summary.outcomes[0].reason.startswith("matches several people by name and company (a1, a2)")
    assert not editor.changed


def test_a_namesake_with_another_linkedin_profile_is_someone_else() -> None:
    text = "me: me\npeople:\n  me: {name: Me}\n  ann: {name: Ann Lee, company: Acme, linkedin: https://linkedin.com/in/ann1}\n"
    editor = ContactsEditor(text)
    parsed = read_linkedin(b"First Name,Last Name,URL,Company\nAnn,Lee,https://linkedin.com/in/ann2,Acme\n", "x.csv")
    assert merge_into(editor, parsed, "me").outcomes[0].pid == "ann-lee"


# --------------------------------------------------------------------------------------------
# The commands


def test_import_linkedin_command(run, sample: Path) -> None:
    result = run("import", "linkedin", str(LINKEDIN / "Connections.csv"))
    assert result.exit_code == 0, result.output
    out = result.stdout
    source = LINKEDIN / "Connections.csv"
    assert out.startswith(f"LinkedIn import of {source} into {sample}, as Alice Lindqvist (alice)")
    assert "added      6  new people, each an acquaintance of alice" in out
    assert "updated    2  2 fields filled, 1 relationship added" in out
    assert "skipped    1  1 no name: a member who has left LinkedIn or hidden their profile" in out
    assert 'line 6    carol    title: yours "Co-founder", theirs "Co-founder & CEO"' in out
    assert out.rstrip().endswith(f"Wrote {sample}; the previous version is in {sample}.bak.")
    assert run("check").exit_code == 0


def test_importing_twice_changes_nothing_the_second_time(run, sample: Path) -> None:
    sources = [
        ("linkedin", LINKEDIN / "Connections.csv"),
        ("linkedin", LINKEDIN / "Connections_de.csv"),
        ("vcard", VCARD / "iphone.vcf"),
        ("vcard", VCARD / "android.vcf"),
        ("vcard", VCARD / "v4.vcf"),
        ("vcard", VCARD / "outlook.vcf"),
        ("vcard", VCARD / "google.vcf"),
    ]
    for kind, path in sources:
        assert run("import", kind, str(path)).exit_code == 0
    first = sample.read_bytes()
    backup = Path(f"{sample}.bak").read_bytes()
    for kind, path in sources:
        result = run("import", kind, str(path), "--json")
        doc = json.loads(result.stdout)
        assert doc["counts"]["added"] == doc["counts"]["updated"] == 0, path
        assert doc["written"] is False
    assert sample.read_bytes() == first
    assert Path(f"{sample}.bak").read_bytes() == backup  # nothing written: the backup is untouched too
    network = load_network(sample)
    assert len({p.name for p in network.people.values()}) == len(network.people)
    assert run("check").exit_code == 0


def test_import_keeps_every_comment_of_the_commented_fixture(run, tmp_path: Path) -> None:
    path = tmp_path / "contacts.yaml"
    original = (FIXTURES / "edit" / "commented.yaml").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    assert run("import", "vcard", str(VCARD / "iphone.vcf"), contacts=path).exit_code == 0
    assert run("import", "linkedin", str(LINKEDIN / "Connections.csv"), contacts=path).exit_code == 0
    removed, added = changed_lines(original, path.read_text(encoding="utf-8"))
    assert removed == []
    assert all(not line.lstrip().startswith("#") for line in added)


def test_dry_run_and_json(run, sample: Path) -> None:
    before = sample.read_bytes()
    result = run("import", "vcard", str(VCARD / "v4.vcf"), "--dry-run", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["dry_run"] is True and doc["written"] is False and doc["backup"] is None
    assert doc["counts"] == {
        "added": 0,
        "updated": 2,
        "unchanged": 0,
        "skipped": 1,
        "relationships_added": 0,
        "fields_filled": 5,
        "conflicts": 0,
    }
    assert doc["people"][0] == {
        "where": f"{VCARD / 'v4.vcf'}:1",
        "name": "Dr. Grace Liu",
        "action": "updated",
        "id": "grace",
        "matched_by": "name and company",
        "filled": ["email", "phone", "linkedin", "notes"],
        "conflicts": [],
        "relationship": "exists",
        "reason": None,
    }
    assert sample.read_bytes() == before
    human = run("import", "vcard", str(VCARD / "v4.vcf"), "--dry-run")
    assert human.stdout.rstrip().endswith(f"Dry run: {sample} was not changed.")


def test_import_as_someone_else(run, sample: Path) -> None:
    result = run("import", "vcard", str(VCARD / "google.vcf"), "--as", "carol", "--json")
    doc = json.loads(result.stdout)
    assert doc["as"] == "carol"
    assert load_network(sample).relationship("carol", "aino-laakso") is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "linkedin", "nowhere.csv"], "nowhere.csv: no such file"),
        (["import", "linkedin", str(LINKEDIN / "broken_quote.csv")], "broken_quote.csv:4: not valid CSV"),
        (["import", "linkedin", str(LINKEDIN / "too_many_fields.csv")], "too_many_fields.csv:3: this row has 8 fields"),
        (["import", "vcard", str(LINKEDIN / "Connections.csv")], "no vCard found"),
        (["import", "vcard", str(VCARD / "v4.vcf"), "--as", "nobody"], "no person 'nobody'"),
    ],
)
def test_import_errors_exit_2_and_write_nothing(run, sample: Path, args: list[str], message: str) -> None:
    assert_refused(run, sample, args, message)


def test_import_needs_to_know_whose_contacts_these_are(run, tmp_path: Path) -> None:
    path = write(tmp_path, "people:\n  a: {name: Ann}\n")
    result = run("import", "vcard", str(VCARD / "google.vcf"), contacts=path)
    assert result.exit_code == 2
    assert "has no 'me:'; pass --as PERSON" in result.stderr
    assert run("import", "vcard", str(VCARD / "google.vcf"), "--as", "a", contacts=path).exit_code == 0


def test_import_from_standard_input(run, sample: Path) -> None:
    data = (VCARD / "google.vcf").read_text(encoding="utf-8")
    result = run("import", "vcard", "-", "--json", input=data)
    assert json.loads(result.stdout)["counts"]["updated"] == 1


def test_rows_from_the_file_are_data_not_markup(run, sample: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "c.csv"
    csv_path.write_text(
        'First Name,Last Name,Company\n[bold red]Evil[/],\x1b[2JName,"[link=http://x]co[/link]"\n', encoding="utf-8"
    )
    result = run("import", "linkedin", str(csv_path))
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    person = next(p for p in load_network(sample).people.values() if "Evil" in p.name)
    assert (person.name, person.company) == ("[bold red]Evil[/] [2JName", "[link=http://x]co[/link]")


people_rows = st.lists(
    st.tuples(
        st.sampled_from(["Ann", "Ben", "Åsa", "", "Jean-Luc"]),
        st.sampled_from(["Lee", "Sjöberg", "", "O'Neil"]),
        st.sampled_from(["", "Acme", "Acme Oy", "Pactbank", "Helix Coaching"]),
        st.sampled_from(["", "https://www.linkedin.com/in/a", "https://linkedin.com/in/A/", "linkedin.com/in/b"]),
        st.sampled_from(["", "ann@example.com", "ANN@example.com", "ben@example.com"]),
        st.sampled_from(["", "CEO", "CTO"]),
    ),
    max_size=12,
)


@settings(max_examples=120, deadline=None)
@given(people_rows)
@example(  # one email, two LinkedIn profiles: which person a row is depends on rows after it
    [("Ann", "Lee", "", "", "", "")] * 2
    + [
        ("Ann", "Lee", "", "https://www.linkedin.com/in/a", "ann@example.com", ""),
        ("Ann", "Lee", "", "linkedin.com/in/b", "ann@example.com", ""),
        ("Ann", "Lee", "", "linkedin.com/in/b", "", ""),
    ]
)
def test_importing_any_export_twice_changes_nothing_the_second_time(rows: list[tuple[str, ...]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["First Name", "Last Name", "Company", "URL", "Email Address", "Position", "Connected On"])
    writer.writerows([*row, "15 Mar 2023"] for row in rows)
    parsed = read_linkedin(out.getvalue().encode("utf-8"), "c.csv")
    sample_text = (FIXTURES.parent.parent / "contacts.yaml").read_text(encoding="utf-8")
    first = ContactsEditor(sample_text)
    merge_into(first, parsed, "alice")
    once = first.render()
    parse_network(once)
    again = ContactsEditor(once)
    summary = merge_into(again, read_linkedin(out.getvalue().encode("utf-8"), "c.csv"), "alice")
    assert not again.changed, [o for o in summary.outcomes if o.action in ("added", "updated")]
    assert again.render() == once
