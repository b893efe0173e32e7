"""`warmintro share`: each level holds what it says and never a field it leaves out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warmintro.cli import cli
from warmintro.dates import PartialDate
from warmintro.errors import QueryError
from warmintro.export.share import SHARE_LEVELS, share_network
from warmintro.fileformat.reader import parse_network, parse_network_with_problems
from warmintro.model import STRENGTHS, Job, Network, Person, Relationship

ON = dt.date(2026, 11, 30)

#: Every field's value carries a marker saying what it is, so that a leak shows in the text.
PERSON_MARKERS = {
    "about": "ABOUTX",
    "location": "LOCATIONX",
    "email": "MAILX",
    "phone": "PHONEX",
    "notes": "NOTESX",
    "pitch": "PITCHX",
    "greeting": "GREETINGX",
}
TIE_MARKERS = {"how": "HOWX", "notes": "TIENOTESX"}
#: The fields each level may hold (a marker of any other field must not appear).
ALLOWED = {
    "ties": set(),
    "context": {"ABOUTX", "LOCATIONX", "HOWX"},
    "full": {"ABOUTX", "LOCATIONX", "HOWX", "MAILX", "PHONEX"},
}


@st.composite
def rich_networks(draw: st.DrawFn) -> Network:
    """Random networks whose people and ties fill every field, some private, some tagged."""
    n = draw(st.integers(2, 9))
    people: dict[str, Person] = {}
    for i in range(n):
        pid = f"p{i}"
        filled = draw(st.sets(st.sampled_from(sorted(PERSON_MARKERS))))
        fields = {key: f"{PERSON_MARKERS[key]}{i}" for key in filled}
        if "email" in fields:
            fields["email"] = f"mailx{i}@example.org"
        if "phone" in fields:
            fields["phone"] = f"PHONEX{i}"
        people[pid] = Person(
            id=pid,
            name=f"Name{i}",
            company=draw(st.sampled_from([None, "Kestrel", "Pactbank"])),
            title=draw(st.sampled_from([None, "CFO"])),
            private=i > 0 and draw(st.booleans()),
            tags=tuple(draw(st.sets(st.sampled_from(["family", "sales", "board"])))),
            history=(Job("Kestrel", "Engineer", PartialDate(2016), PartialDate(2019)),) if draw(st.booleans()) else (),
            extra={"secretfield": f"EXTRAX{i}"} if draw(st.booleans()) else {},
            **fields,
        )
    pairs = [(a, b) for i, a in enumerate(people) for b in list(people)[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    relationships = []
    for k, (a, b) in enumerate(chosen):
        filled = draw(st.sets(st.sampled_from(sorted(TIE_MARKERS))))
        relationships.append(
            Relationship(
                a,
                b,
                strength=draw(st.sampled_from(STRENGTHS)),
                last_contact=draw(st.sampled_from([None, PartialDate(2026, 5, 14), PartialDate(2024)])),
                private=draw(st.booleans()),
                extra={"evidence": {"mail": {"sent": 12, "received": 9}}} if draw(st.booleans()) else {},
                **{key: f"{TIE_MARKERS[key]}{k}" for key in filled},
            )
        )
    return Network(people=people, relationships=relationships, me="p0")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    network=rich_networks(),
    level=st.sampled_from(SHARE_LEVELS),
    exclude_tags=st.sets(st.sampled_from(["family", "board"])),
    exclude=st.sets(st.sampled_from(["p1", "p2"])),
    only=st.sets(st.sampled_from(["sales"])),
)
def test_a_share_never_holds_a_field_or_a_person_it_leaves_out(
    network: Network, level: str, exclude_tags: set[str], exclude: set[str], only: set[str]
) -> None:
    share = share_network(network, level=level, exclude_tags=exclude_tags, exclude=exclude, only_tags=only, on=ON)
    text = share.text
    # never: notes, evidence, tags, pitches, unknown fields, the ledger
    for marker in ("NOTESX", "TIENOTESX", "PITCHX", "GREETINGX", "EXTRAX", "evidence", "sent:", "tags:", "intros"):
        assert marker not in text
    # fields above the level
    for marker in ("ABOUTX", "LOCATIONX", "HOWX", "PHONEX"):
        if marker not in ALLOWED[level]:
            assert marker not in text
    if level != "full":
        assert "mailx" not in text
    shared = parse_network(text, "share.yaml")
    assert shared.me == "p0"
    assert shared.extra["shared"] == {"by": "p0", "name": "Name0", "on": ON, "level": level}
    for pid in shared.people:
        person = network.people[pid]
        if pid == "p0":
            continue
        assert not person.private
        assert pid not in exclude
        assert not {t for t in person.tags} & exclude_tags
        assert not only or set(person.tags) & only
    # who is left out is never named, not even in a tie
    for pid, person in network.people.items():
        if pid not in shared.people:
            assert f"{person.name}" not in text
    original = {rel.pair: rel for rel in network.relationships}
    for rel in shared.relationships:
        known = original[rel.pair]
        assert not known.private
        assert rel.strength == known.strength
        if known.last_contact is not None:
            assert rel.last_contact is not None
            assert (rel.last_contact.year, rel.last_contact.day) == (known.last_contact.year, None)
    assert share.people == len(shared.people)
    assert share.ties == len(shared.relationships)


def _network() -> Network:
    text = Path(__file__).parent.joinpath("fixtures", "team", "dana.yaml").read_text()
    return parse_network(text, "dana.yaml")


def test_each_level_adds_its_fields() -> None:
    network = _network()
    ties = share_network(network, level="ties", on=ON).text
    context = share_network(network, level="context", on=ON).text
    full = share_network(network, level="full", on=ON).text
    assert "bob: {name: Bob Sjöberg, company: Pactbank, title: CFO}" in ties
    assert "{between: [dana, bob], strength: strong, last_contact: 2026-09}" in ties
    assert "about: Runs finance" in context and "how: Worked together at Kestrel" in context
    assert "bob@pactbank.example" not in context
    assert "bob@pactbank.example" in full
    for text in (ties, context, full):
        assert "SECRET" not in text
        assert "Zoe" not in text


def test_with_adds_one_field_and_never_notes() -> None:
    network = _network()
    text = share_network(network, fields=["how"], on=ON).text
    assert "how: Worked together at Kestrel" in text and "about:" not in text
    for field in ("notes", "tags", "evidence", "intros"):
        with pytest.raises(QueryError, match="cannot be shared"):
            share_network(network, fields=[field], on=ON)
    with pytest.raises(QueryError, match="unknown field 'colour'"):
        share_network(network, fields=["colour"], on=ON)


def test_a_share_needs_me() -> None:
    network = parse_network("people:\n  a: {name: A}\n")
    with pytest.raises(QueryError, match="has no 'me:'"):
        share_network(network)


def _run(*args: str, contacts: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--contacts", str(contacts), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def dana(tmp_path: Path) -> Path:
    path = tmp_path / "dana.yaml"
    path.write_text(Path(__file__).parent.joinpath("fixtures", "team", "dana.yaml").read_text())
    return path


def test_share_writes_the_file_and_says_what_it_holds(dana: Path, tmp_path: Path) -> None:
    out = tmp_path / "share.yaml"
    code, stdout, _ = _run("share", "--out", str(out), "--as-of", "2026-11-30", contacts=dana)
    assert code == 0
    assert stdout.startswith(f"Wrote {out}: your network at level ties, 4 people and 2 ties (1 person left out).")
    text = out.read_text()
    assert text.startswith("# Generated by `warmintro share` on 2026-11-30: Dana Lee's network, shared at level ties.")
    assert "shared: {by: dana, name: Dana Lee, on: 2026-11-30, level: ties}" in text
    # a share may be shared again over itself, without --force
    code, stdout, _ = _run("share", "--out", str(out), "--level", "full", "--json", contacts=dana)
    assert code == 0
    assert json.loads(stdout)["level"] == "full"


def test_share_excludes_people_and_tags(dana: Path, tmp_path: Path) -> None:
    out = tmp_path / "share.yaml"
    code, _, _ = _run("share", "--out", str(out), "--exclude", "bob", "--exclude-tag", "FAMILY", contacts=dana)
    assert code == 0
    text = out.read_text()
    assert "Bob" not in text and "Kim" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--with", "notes"], "'notes' cannot be shared: notes are your own and never leave your file"),
        (["--with", "evidence"], "'evidence' cannot be shared"),
        (["--level", "notes"], "Invalid value for '--level'"),
        (["--exclude", "nobody"], "nobody"),
    ],
)
def test_bad_shares_write_nothing(dana: Path, tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "share.yaml"
    code, _, stderr = _run("share", "--out", str(out), *args, contacts=dana)
    assert code == 2
    assert message in stderr
    assert not out.exists()


def test_share_never_replaces_the_contacts_file_or_another_file(dana: Path, tmp_path: Path) -> None:
    before = dana.read_bytes()
    code, _, stderr = _run("share", "--out", str(dana), contacts=dana)
    assert code == 2 and "never writes a share over it" in stderr
    assert dana.read_bytes() == before
    other = tmp_path / "notes.txt"
    other.write_text("mine")
    code, _, stderr = _run("share", "--out", str(other), contacts=dana)
    assert code == 2 and "exists already" in stderr
    assert other.read_text() == "mine"


def test_a_share_of_a_pooled_network_passes_on_nothing_of_colleagues(tmp_path: Path) -> None:
    """What the user knows only from a colleague's share is never shared on."""
    team = tmp_path / "team"
    team.mkdir()
    dana = tmp_path / "dana.yaml"
    dana.write_text(Path(__file__).parent.joinpath("fixtures", "team", "dana.yaml").read_text())
    assert _run("share", "--out", str(team / "dana.yaml"), contacts=dana)[0] == 0
    me = tmp_path / "contacts.yaml"
    me.write_text(
        "me: petri\npeople:\n  petri: {name: Petri Laine}\n  dana: {name: Dana Lee}\n"
        "relationships:\n  - {between: [petri, dana], strength: strong}\nsources: [team/*.yaml]\n"
    )
    out = tmp_path / "petri.yaml"
    code, _, stderr = _run("share", "--out", str(out), contacts=me)
    assert code == 0, stderr
    shared = parse_network_with_problems(out.read_text(), "petri.yaml")[0]
    assert shared is not None
    assert set(shared.people) == {"petri", "dana"}
    assert len(shared.relationships) == 1
