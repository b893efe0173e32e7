"""Edits keep the file as the user wrote it: only the intended lines change, every write is safe."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_roundtrip import networks

from conftest import FIXTURES, ROOT, SAMPLE, changed_lines, killed_while_writing, write
from warmintro.dates import PartialDate
from warmintro.editing.editor import ContactsEditor
from warmintro.editing.emit import render_entry
from warmintro.editing.merge3 import merge3
from warmintro.editing.operations import EditError
from warmintro.editing.transaction import edit_contacts
from warmintro.editing.whole import _Whole
from warmintro.errors import ContactsError
from warmintro.fileformat import dump_network, parse_network
from warmintro.fileformat.fields import PERSON_TEXT_FIELDS
from warmintro.safefile import FileLocked, StaleFile, backup_path, lock_path, locked

COMMENTED = FIXTURES / "edit" / "commented.yaml"
#: The person fields any text is valid in ('keep_in_touch' must be a duration).
FREE_TEXT_FIELDS = [f for f in PERSON_TEXT_FIELDS if f != "keep_in_touch"]
VALID_FIXTURES = [SAMPLE, COMMENTED, FIXTURES / "warnings.yaml", *sorted((FIXTURES / "edit").glob("*.yaml"))]


# --------------------------------------------------------------------------------------------
# Untouched files stay byte-identical


@pytest.mark.parametrize("path", VALID_FIXTURES, ids=lambda p: p.name)
def test_untouched_files_round_trip_byte_identically(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert ContactsEditor(text).render() == text
    whole = _Whole(text, ContactsEditor(text).style)
    assert whole.render() == text  # ruamel's own round trip, merged back onto the original


def test_ruamel_alone_round_trips_the_sample() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    whole = _Whole(text, ContactsEditor(text).style)
    assert whole.baseline == text


# --------------------------------------------------------------------------------------------
# Only the intended lines change


def test_commented_fixture_edits_touch_only_their_lines(backend: str) -> None:
    text = COMMENTED.read_text(encoding="utf-8")
    editor = ContactsEditor(text, "commented.yaml")
    editor.set_person_fields("cleo", {"phone": "+33 1 23 45 67 89"})
    editor.set_person_fields("dmitri", {"company": "Baltic Partners"})
    editor.set_relationship_fields("ana", "ben", {"last_contact": PartialDate(2026, 1)})
    editor.add_person("eve", {"name": "Eve Ström", "company": "Nordlys"})
    editor.add_relationship("eve", "ana", {"strength": "acquaintance", "channels": ("linkedin",)})
    out = editor.render()
    assert editor.rendered_by == backend
    removed, added = changed_lines(text, out)
    assert removed == []
    assert added[:2] == ["    phone: +33 1 23 45 67 89", "    company: Baltic Partners"]
    assert "    last_contact: 2026-01" in added
    assert "  eve:" in added and "    name: Eve Ström" in added
    # every comment line of the original is still there, in order
    comments = [line for line in text.splitlines() if "#" in line]
    assert [line for line in out.splitlines() if line in comments] == comments
    # the new person comes before the people section's trailing banner, the new relationship
    # before the file's closing banner
    assert out.index("  eve:") < out.index("# --- trailing comment of the people section ---")
    assert out.index("between: [eve, ana]") < out.index("# --- end of file ---")
    network = parse_network(out)
    assert network.people["cleo"].phone == "+33 1 23 45 67 89"
    assert network.relationship("ana", "eve") is not None


def test_flow_entry_keeps_its_comment_but_is_rewritten_on_one_line() -> None:
    text = COMMENTED.read_text(encoding="utf-8")
    editor = ContactsEditor(text)
    editor.set_person_fields("ben", {"email": "ben@example.com"})
    editor.set_relationship_fields("ana", "cleo", {"last_contact": PartialDate(2026, 11, 27)})
    removed, added = changed_lines(text, editor.render())
    assert removed == [
        "  ben: { name: Ben Øster,   company: Nordlys }   # flow, with extra spaces",
        "  - { between: [ ana, cleo ],  strength: good,   how: Worked together }   # spaced flow",
    ]
    assert added == [
        "  ben: {name: Ben Øster, company: Nordlys, email: ben@example.com}   # flow, with extra spaces",
        "  - {between: [ana, cleo], strength: good, how: Worked together, last_contact: 2026-11-27}   # spaced flow",
    ]


def test_sample_edits_change_only_those_lines(backend: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    editor = ContactsEditor(text)
    editor.set_relationship_fields("carol", "alice", {"last_contact": PartialDate(2026, 11, 27)})
    editor.add_person("zed", {"name": "Zed Quist", "tags": ("new",)})
    editor.add_relationship("alice", "zed", {"strength": "weak", "how": "Met at Slush"})
    removed, added = changed_lines(text, editor.render())
    assert removed == ["    last_contact: 2026-05"]
    assert added == [
        "  zed:",
        "    name: Zed Quist",
        "    tags: [new]",
        "    last_contact: 2026-11-27",
        "  - {between: [alice, zed], strength: weak, how: Met at Slush}",
    ]


def test_new_people_follow_the_prevailing_style(tmp_path: Path) -> None:
    flow = "people:\n  a: {name: Ann}\n  b: {name: Ben}\nrelationships:\n  - between: [a, b]\n    strength: good\n"
    editor = ContactsEditor(flow)
    editor.add_person("c", {"name": "Cy", "company": "X, Y"})
    editor.add_relationship("a", "c", {"strength": "weak"})
    out = editor.render()
    assert '  b: {name: Ben}\n  c: {name: Cy, company: "X, Y"}\nrelationships:\n' in out
    assert out.endswith("  - between: [a, c]\n    strength: weak\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("people:\n  a: {name: Ann}\n", "people:\n  a: {name: Ann}\n  b: {name: Ben}\nrelationships:\n"),
        ("people: {a: {name: Ann}}\nrelationships: []\n", None),
        ("people:\n  a: {name: Ann}\nrelationships:\n", "people:\n  a: {name: Ann}\n  b: {name: Ben}\n"),
        ("people:\n  a: {name: Ann}\nrelationships: []  # none yet\n", None),
        ("people:\n  a: {name: Ann}\nrelationships: ~\n", None),
        ("people:\n    a:\n        name: Ann\nrelationships:\n-   between: [a, a2]\n    how: x\n", None),
    ],
)
def test_sections_empty_missing_or_unusual(text: str, expected: str | None) -> None:
    if "a2" in text:
        text = text.replace("relationships:", "    a2: {name: Al}\nrelationships:")
    editor = ContactsEditor(text)
    editor.add_person("b", {"name": "Ben"})
    editor.add_relationship("a", "b", {"strength": "good"})
    out = editor.render()
    network = parse_network(out)
    assert network.people["b"].name == "Ben"
    assert network.relationship("a", "b") is not None
    if expected is not None:
        assert out.startswith(expected.replace("relationships:\n", ""))
    if "# none yet" in text:
        assert "relationships:  # none yet\n  - {between: [a, b], strength: good}\n" in out
    if "        name: Ann" in text:  # four-space indentation and an indentless list are kept
        assert "    b:\n        name: Ben\n" in out
        assert out.endswith("-   {between: [a, b], strength: good}\n") or out.endswith(
            "-   between: [a, b]\n    strength: good\n"
        )


def test_crlf_and_no_final_newline_are_kept() -> None:
    text = "people:\r\n  a: {name: Ann}   # x\r\n  b:\r\n    name: Ben\r\nrelationships:\r\n  - {between: [a, b]}"
    editor = ContactsEditor(text)
    editor.set_person_fields("b", {"email": "ben@example.com"})
    editor.add_person("c", {"name": "Cy"})
    editor.add_relationship("a", "c", {})
    out = editor.render()
    assert out.count("\r\n") == out.count("\n")
    assert out.startswith("people:\r\n  a: {name: Ann}   # x\r\n  b:\r\n    name: Ben\r\n    email: ben@ex")
    assert "\r\n  - {between: [a, b]}\r\n  - {between: [a, c]}" in out


def test_multiline_text_and_awkward_values_survive(backend: str) -> None:
    editor = ContactsEditor("people:\n  a:\n    name: Ann\n")
    awkward = {
        "name": "no",
        "company": "2004",
        "title": "CEO: sales # marketing",
        "about": "First line\nsecond: line\n  indented",
        "location": ' "quoted" \t',
        "tags": ("a, b", "[x]", "yes", "null"),
    }
    editor.add_person("yes", awkward)
    network = parse_network(editor.render())
    person = network.people["yes"]
    for key, value in awkward.items():
        assert getattr(person, key) == value


texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029"), min_size=1, max_size=20
).filter(lambda s: s.strip())


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(FREE_TEXT_FIELDS), texts, max_size=5), texts, st.booleans())
def test_any_text_is_written_so_that_it_reads_back(fields: dict[str, str], name: str, flow: bool) -> None:
    line = "people:\n  a: {name: Ann}\n" if flow else "people:\n  a:\n    name: Ann\n"
    editor = ContactsEditor(line)
    editor.add_person("new", {"name": name, **fields})
    editor.set_person_fields("a", {"about": name})
    network = parse_network(editor.render())
    assert network.people["new"].name == name
    assert network.people["a"].about == name
    for key, value in fields.items():
        assert getattr(network.people["new"], key) == value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_edits_to_generated_files_change_only_the_edited_entries(data: st.DataObject) -> None:
    network = data.draw(networks())
    text = dump_network(network)
    editor = ContactsEditor(text)
    pid = data.draw(st.sampled_from(sorted(network.people)))
    editor.set_person_fields(pid, {"email": "new@example.org"})
    out = editor.render()
    again = parse_network(out)
    assert again.people[pid].email == "new@example.org"
    for other, person in network.people.items():
        if other != pid:
            assert again.people[other] == person
    assert again.relationships == network.relationships
    removed, added = changed_lines(text, out)
    assert len(added) - len(removed) in (0, 1)
    assert all("email" in line for line in added)


def test_merge3_keeps_formatting_outside_the_edit() -> None:
    original = ["a:   1\n", "b: 2\n", "c:    3\n"]
    base = ["a: 1\n", "b: 2\n", "c: 3\n"]
    edited = ["a: 1\n", "b: 20\n", "c: 3\n", "d: 4\n"]
    assert merge3(original, base, edited) == ["a:   1\n", "b: 20\n", "c:    3\n", "d: 4\n"]
    assert merge3(base, base, edited) == edited
    assert merge3(original, base, base) == original


def test_render_entry_shapes() -> None:
    fields = {"name": "Ann", "since": PartialDate(2014), "channels": ("linkedin", "e-mail")}
    assert render_entry(fields, ("name", "since", "channels"), True, 2) == [
        "{name: Ann, since: 2014, channels: [linkedin, e-mail]}"
    ]
    assert render_entry({"about": "a\nb"}, ("about",), False, 2) == ["about: |-", "  a", "  b"]


# --------------------------------------------------------------------------------------------
# Refusals


def test_edits_that_make_no_sense_are_refused() -> None:
    editor = ContactsEditor(SAMPLE.read_text(encoding="utf-8"))
    with pytest.raises(EditError, match="already a person 'bob'"):
        editor.add_person("bob", {"name": "Bob"})
    with pytest.raises(EditError, match="not a valid person id"):
        editor.add_person("-x", {"name": "X"})
    with pytest.raises(EditError, match="already have a relationship"):
        editor.add_relationship("bob", "carol", {})
    with pytest.raises(EditError, match="two different people"):
        editor.add_relationship("bob", "bob", {})
    with pytest.raises(EditError, match="have no relationship"):
        editor.set_relationship_fields("bob", "jonas", {"how": "x"})
    with pytest.raises(EditError, match="cannot be empty"):
        editor.set_person_fields("bob", {"email": " "})
    with pytest.raises(EditError, match=r"control character U\+001B"):
        editor.set_person_fields("bob", {"about": "red \x1b[31m"})
    with pytest.raises(EditError, match="already says 'me: alice'"):
        editor.set_me("bob")


def test_an_invalid_file_is_not_edited() -> None:
    with pytest.raises(ContactsError):
        ContactsEditor((FIXTURES / "broken" / "unknown_person.yaml").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------
# Safe writes


def test_write_keeps_a_backup_and_the_permissions(sample: Path) -> None:
    os.chmod(sample, 0o640)
    before = sample.read_bytes()
    with edit_contacts(sample) as (editor, result):
        editor.set_person_fields("bob", {"email": "bob@example.com"})
    assert result.written and result.backup == backup_path(sample)
    assert backup_path(sample).read_bytes() == before
    assert stat.S_IMODE(os.stat(sample).st_mode) == 0o640
    assert stat.S_IMODE(os.stat(backup_path(sample)).st_mode) == 0o640
    assert "    email: bob@example.com\n" in sample.read_text(encoding="utf-8")
    assert sorted(p.name for p in sample.parent.iterdir()) == [
        ".contacts.yaml.lock",
        "contacts.yaml",
        "contacts.yaml.bak",
    ]


def test_nothing_to_do_writes_nothing(sample: Path) -> None:
    with edit_contacts(sample) as (_editor, result):
        pass
    assert not result.written
    assert not backup_path(sample).exists()


def test_dry_run_writes_nothing(sample: Path) -> None:
    before = sample.read_bytes()
    with edit_contacts(sample, dry_run=True) as (editor, result):
        editor.set_person_fields("bob", {"email": "bob@example.com"})
    assert not result.written
    assert sample.read_bytes() == before
    assert not lock_path(sample).exists()


def test_a_bom_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_bytes(b"\xef\xbb\xbfpeople:\n  a: {name: Ann}\n")
    with edit_contacts(path) as (editor, _):
        editor.add_person("b", {"name": "Ben"})
    assert path.read_bytes() == b"\xef\xbb\xbfpeople:\n  a: {name: Ann}\n  b: {name: Ben}\n"


def test_a_symlink_stays_a_symlink(tmp_path: Path) -> None:
    real = write(tmp_path, "people:\n  a: {name: Ann}\n", "real.yaml")
    link = tmp_path / "contacts.yaml"
    link.symlink_to(real)
    with edit_contacts(link) as (editor, _):
        editor.add_person("b", {"name": "Ben"})
    assert link.is_symlink()
    assert "  b: {name: Ben}\n" in real.read_text(encoding="utf-8")
    assert (tmp_path / "real.yaml.bak").exists()


def test_stale_file_is_refused_and_nothing_is_lost(sample: Path) -> None:
    def edit_while_an_editor_saves() -> None:
        with edit_contacts(sample) as (editor, _):
            editor.set_person_fields("bob", {"email": "bob@example.com"})
            sample.write_text(sample.read_text(encoding="utf-8") + "# saved by an editor\n", encoding="utf-8")

    with pytest.raises(StaleFile, match="changed on disk"):
        edit_while_an_editor_saves()
    assert sample.read_text(encoding="utf-8").endswith("# saved by an editor\n")
    assert "bob@example.com" not in sample.read_text(encoding="utf-8")
    assert not backup_path(sample).exists()


def test_a_second_writer_waits_for_the_lock_then_gives_up(sample: Path) -> None:
    with locked(sample), pytest.raises(FileLocked, match="another warmintro command"), locked(sample, timeout=0.2):
        pass


@pytest.mark.parametrize("failure", ["replace", "fsync"])
def test_a_crash_in_the_middle_of_a_write_leaves_the_old_file(
    sample: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    before = sample.read_bytes()
    with edit_contacts(sample) as (editor, _):  # a first edit, so that a backup exists
        editor.set_person_fields("bob", {"phone": "+358 1"})
    first = sample.read_bytes()
    calls = {"n": 0}
    real_replace, real_fsync = os.replace, os.fsync

    def failing_replace(src: str, dst: str) -> None:
        if str(dst) == str(sample):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    def failing_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 3:  # the new file's data (after the backup's data and directory)
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    if failure == "replace":
        import warmintro.safefile

        monkeypatch.setattr(warmintro.safefile, "_exchange", lambda a, b: False)  # the rename, not the exchange
        monkeypatch.setattr(os, "replace", failing_replace)
    else:
        monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(Exception, match=r"cannot write .*the file is unchanged"), edit_contacts(sample) as (editor, _):
        editor.set_person_fields("bob", {"email": "bob@example.com"})
    monkeypatch.undo()
    assert sample.read_bytes() == first
    parse_network(sample.read_text(encoding="utf-8"))
    parse_network(backup_path(sample).read_text(encoding="utf-8"))  # the backup is a valid file
    assert backup_path(sample).read_bytes() in (before, first)
    assert [p.name for p in sample.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_killing_a_writer_leaves_a_valid_file(tmp_path: Path) -> None:
    """A writer killed at any moment leaves the old file or the new one, each valid."""
    path = tmp_path / "contacts.yaml"
    shutil.copyfile(SAMPLE, path)
    result = killed_while_writing(
        path,
        f"""
        from warmintro.editing.transaction import edit_contacts
        with edit_contacts({str(path)!r}) as (editor, _):
            editor.set_person_fields("bob", {{"email": "bob@example.com"}})
        """,
    )
    assert result.returncode == -9
    assert path.read_bytes() == SAMPLE.read_bytes()
    assert backup_path(path).read_bytes() == SAMPLE.read_bytes()
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1  # the half-written temporary file, never the contacts file itself
    parse_network(leftovers[0].read_text(encoding="utf-8"))


def test_new_file_is_created_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "contacts.yaml"
    with pytest.raises(ContactsError, match="not found"), edit_contacts(path):
        pass
    with edit_contacts(path, create=True) as (editor, result):
        editor.add_person("ann", {"name": "Ann"})
        editor.set_me("ann")
    assert result.created and result.written and result.backup is None
    network = parse_network(path.read_text(encoding="utf-8"))
    assert network.me == "ann" and list(network.people) == ["ann"]


LAYOUTS = {
    "anchors and merge keys": "defaults: &d {company: Acme}\npeople:\n  a: {<<: *d, name: Ann}\n  b:\n    <<: *d\n"
    "    name: Ben\nrelationships:\n  - {between: [a, b]}\n",
    "document markers": "%YAML 1.1\n---\npeople:\n  a: {name: Ann}\n  b: {name: Ben}\nrelationships:\n"
    "  - {between: [a, b]}\n...\n",
    "flow root": "{people: {a: {name: Ann}, b: {name: Ben}}, relationships: [{between: [a, b]}]}\n",
    "quoted keys": "people:\n  'a':\n    name: Ann\n  \"b\": {name: Ben}\nrelationships:\n  - between: ['a', \"b\"]\n",
    "comments everywhere": "people:\n  a:\n    # Ann's details\n    name: Ann   # her name\n\n    # more\n  b:\n"
    "    name: Ben\nrelationships:\n- between: [a, b]\n  # about it\n  how: x\n",
    "tabs and block text": 'people:\n  a: {name: "Ann\\tLee"}\n  b:\n    name: Ben\n    about: |\n      line one\n'
    "      line two\n\n    title: T\nrelationships: [{between: [a, b]}]\n",
    "crlf, no final newline": "people:\r\n  a: {name: Ann}\r\n  b: {name: Ben}\r\nrelationships:\r\n"
    "  - between: [a, b]\r\n    how: x",
    "flow over two lines": "people:\n  a: {name: Ann,\n      company: Acme}\n  b: {name: Ben}\nrelationships:\n"
    "  - {between: [a, b],\n     how: long}\n",
    "anchored entry": "people:\n  a: &ann {name: Ann}\n  b: {name: Ben}\nrelationships:\n  - {between: [a, b]}\n"
    "fan: *ann\n",
}


@pytest.mark.parametrize("text", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_unusual_layouts_are_edited_correctly(text: str) -> None:
    editor = ContactsEditor(text)
    editor.add_person("c", {"name": "Cy"})
    editor.set_relationship_fields("a", "b", {"last_contact": PartialDate(2026, 11)})
    editor.add_relationship("a", "c", {"strength": "weak"})
    if "fan: *ann" not in text:
        editor.set_person_fields("a", {"email": "ann@example.com"})
    out = editor.render()
    network = parse_network(out)
    assert network.relationship("a", "b").last_contact == PartialDate(2026, 11)
    assert network.relationship("a", "c").strength == "weak"
    assert network.people["c"].name == "Cy"
    comments = [line.strip() for line in text.splitlines() if line.strip().startswith("#")]
    assert [line.strip() for line in out.splitlines() if line.strip() in comments] == comments


def test_an_entry_shared_through_an_alias_is_not_edited_behind_the_users_back() -> None:
    text = "people:\n  a: {name: Ann}\n  b: {name: Ben}\nrelationships:\n  - &r {between: [a, b]}\nextra: *r\n"
    editor = ContactsEditor(text)
    editor.set_relationship_fields("a", "b", {"how": "x"})
    with pytest.raises(EditError, match="anchors and aliases"):
        editor.render()


def test_concurrent_writers_take_turns_and_lose_nothing(tmp_path: Path) -> None:
    """Several warmintro processes adding people at once: the lock serialises them."""
    path = tmp_path / "contacts.yaml"
    shutil.copyfile(SAMPLE, path)
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "warmintro", "--contacts", str(path), "add", f"p{i}", "--name", f"Person {i}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for i in range(4)
    ]
    codes = [w.wait(timeout=60) for w in writers]
    assert codes == [0, 0, 0, 0], [w.stderr.read() for w in writers if w.stderr]
    network = parse_network(path.read_text(encoding="utf-8"))
    assert {f"p{i}" for i in range(4)} <= set(network.people)


@given(st.one_of(st.text(), st.text(alphabet=st.characters(max_codepoint=127))))
def test_add_folds_ids_and_names_as_fold_does(text: str) -> None:
    """`add` compares a new id and name with everyone's through a quicker fold for plain ASCII."""
    from warmintro.editing.grow import _fold
    from warmintro.text import fold

    assert _fold(text) == fold(text)
