"""Edits of files whose bytes are unusual: tabs where YAML allows them, line breaks other than LF.

An edit changes the lines it means to change and no other byte: a tab PyYAML accepts (and so
`check` passes) never makes an edit crash, and a file that ends its lines with CR alone, or mixes
CRLF and LF, keeps every line break it was not asked to touch.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import changed_lines
from warmintro.dates import PartialDate
from warmintro.editing.editor import ContactsEditor
from warmintro.editing.merge3 import restore_line_breaks
from warmintro.editing.operations import EditError
from warmintro.fileformat.reader import load_network, parse_network
from warmintro.ledger.asks import AskNote

# --------------------------------------------------------------------------------------------
# Tabs that PyYAML reads and ruamel.yaml refuses


#: Ways to write `KEY: VALUE` with tabs that `check` accepts: after the value, after the colon,
#: before a comment, after quotes, inside a plain value, on a blank line of the entry.
TABBED = {
    "trailing": "{key}: {value}\t",
    "after-colon": "{key}:\t{value}",
    "before-comment": "{key}: {value}\t# said so",
    "mixed-before-comment": "{key}: {value} \t # said so",
    "after-quotes": '{key}: "{value}"\t',
    "two-trailing": "{key}: {value}\t\t",
    "colon-and-comment": "{key}:\t\t{value}\t# said so",
    "in-the-comment": "{key}: {value}\t#\tsaid\tso",
    "blank-line-after": "{key}: {value}\n      \t",
}

BASE = """\
{marker}me: alice
people:
  alice:
    name: Alice
  bob:
    name: Bob
    {person_line}
  carol:
    name: Carol
relationships:
  - between: [alice, bob]
    {rel_line}
intros:
  - id: 2026-11-01-bob-carol
    date: 2026-11-01
    requester: alice
    connector: bob
    target: carol
    status: asked
    {ask_line}
"""

#: What each edit touches: where the line holding the tabs is, its key and value, the command.
SCENARIOS = {
    # the relationship holding the tab gets a new line
    "touch": ("rel", "how", "worked together", ["touch", "alice", "bob", "--date", "2026-01"]),
    # the very line holding the tab is the one changed
    "connect": ("rel", "strength", "good", ["connect", "alice", "bob", "--strength", "close"]),
    # the ask holding the tab gets a status and a note
    "intros-update": ("ask", "purpose", "meet", ["intros", "update", "2026-11-01", "opted-in", "--date", "2026-11-02"]),
    # a document marker: the whole document goes through ruamel.yaml
    "whole-document": ("person", "company", "Pactbank", ["touch", "alice", "bob", "--date", "2026-01"]),
}


def _file(scenario: str, tabbed: str) -> str:
    where, key, value, _ = SCENARIOS[scenario]
    lines = {"person": "company: Helix", "rel": "how: met at a meetup", "ask": "purpose: a chat"}
    lines[where] = TABBED[tabbed].format(key=key, value=value)
    if scenario == "connect":
        lines[where] = "how: met at a meetup\n    " + lines[where]
    marker = "---\n" if scenario == "whole-document" else ""
    return BASE.format(marker=marker, person_line=lines["person"], rel_line=lines["rel"], ask_line=lines["ask"])


CORPUS = [(scenario, tabbed) for scenario in SCENARIOS for tabbed in TABBED]


@pytest.mark.parametrize(("scenario", "tabbed"), CORPUS, ids=[f"{s}-{t}" for s, t in CORPUS])
def test_tabs_that_check_accepts_never_crash_an_edit(run, tmp_path: Path, scenario: str, tabbed: str) -> None:
    path = tmp_path / "contacts.yaml"
    text = _file(scenario, tabbed)
    path.write_text(text, encoding="utf-8")
    if run("check", contacts=path).exit_code != 0:
        raise AssertionError("every file of the corpus is one check accepts")
    result = run(*SCENARIOS[scenario][3], contacts=path)
    assert "internal error" not in result.output
    if result.exit_code == 2:  # refused: where, the fix, and nothing written
        assert re.search(r"contacts\.yaml:\d+:\d+: ", result.stderr), result.stderr
        assert "Replace the tabs around it with spaces" in result.stderr
        assert path.read_text(encoding="utf-8") == text
        return
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    removed, added = changed_lines(text, after)
    # where the edit could not keep a tab of the entry it changes, that line only lost its tabs
    detabbed = [line for line in removed if "\t" in line and line.replace("\t", " ") in added]
    removed = [line for line in removed if line not in detabbed]
    added = [line for line in added if line not in {d.replace("\t", " ") for d in detabbed}]
    if scenario == "connect":
        # the strength line is rewritten; every other line, tabs included, is kept byte for byte
        assert len(removed) == 1 and removed[0].lstrip().startswith("strength")
        assert len(added) == 1 and re.fullmatch(r'    strength: "?close"?(\s+#\s*said\s+so)?', added[0])
    elif scenario == "intros-update":
        assert removed == ["    status: asked"]  # the line with the tabs is byte for byte the same
    else:
        assert removed == [], (removed, added)  # the line with the tabs is byte for byte the same
    assert run("check", contacts=path).exit_code == 0


def test_the_tab_corpus_is_the_size_the_attack_used() -> None:
    assert len(CORPUS) == 36
    assert all("\t" in _file(s, t) for s, t in CORPUS)


def test_a_tab_inside_a_value_that_an_edit_rewrites_is_kept_as_the_value() -> None:
    text = "people:\n  bob:\n    name: Bob\tSjöberg\n    company: Helix\t# old\n"
    editor = ContactsEditor(text)
    editor.set_person_fields("bob", {"company": "Pactbank"})
    out = editor.render()
    assert out.splitlines()[2] == "    name: Bob\tSjöberg"  # untouched, tab and all
    network = parse_network(out)
    assert network.people["bob"].name == "Bob\tSjöberg"
    assert network.people["bob"].company == "Pactbank"


def test_an_edit_the_tabs_make_impossible_is_refused_with_their_place() -> None:
    """A tab-only line after an entry that an edit makes end in a flow mapping: no way to keep
    it that reads back, so the edit is refused, naming the line, and nothing is written."""
    text = _file("intros-update", "blank-line-after")
    editor = ContactsEditor(text, "c.yaml")
    editor.add_ask_note("2026-11-01-bob-carol", AskNote(PartialDate(2026, 11, 2), "opted-in"))
    with pytest.raises(EditError, match=r"^c\.yaml:21:7: .*nothing was written\. Replace the tabs around it"):
        editor.render()


# --------------------------------------------------------------------------------------------
# Line breaks


def test_a_file_of_cr_line_breaks_keeps_them(run, tmp_path: Path) -> None:
    text = "people:\r  alice:\r    name: Alice\r  bob:\r    name: Bob\rrelationships:\r  - between: [alice, bob]\r"
    path = tmp_path / "contacts.yaml"
    path.write_bytes(text.encode())
    assert run("touch", "alice", "bob", "--date", "2026-01", contacts=path).exit_code == 0
    assert run("add", "carl", "--name", "Carl", contacts=path).exit_code == 0
    data = path.read_bytes()
    assert b"\n" not in data
    assert data == (
        b"people:\r  alice:\r    name: Alice\r  bob:\r    name: Bob\r  carl:\r    name: Carl\r"
        b"relationships:\r  - between: [alice, bob]\r    last_contact: 2026-01\r"
    )
    assert load_network(path).relationships[0].last_contact == PartialDate(2026, 1)


def test_a_file_of_mixed_line_breaks_keeps_each_line_s_own(run, tmp_path: Path) -> None:
    text = (
        "people:\r\n  alice:\n    name: Alice\r\n  bob:\n    name: Bob\r\n"
        "relationships:\n  - between: [alice, bob]\r\n    strength: good\n"
    )
    path = tmp_path / "contacts.yaml"
    path.write_bytes(text.encode())
    assert run("touch", "alice", "bob", "--date", "2026-01", contacts=path).exit_code == 0
    assert run("add", "carl", "--name", "Carl", contacts=path).exit_code == 0
    # each kept line keeps its break; each added line takes the break of the line above it
    assert path.read_bytes() == (
        b"people:\r\n  alice:\n    name: Alice\r\n  bob:\n    name: Bob\r\n  carl:\r\n    name: Carl\r\n"
        b"relationships:\n  - between: [alice, bob]\r\n    strength: good\n    last_contact: 2026-01\n"
    )


def test_a_changed_line_keeps_its_own_line_break(tmp_path: Path) -> None:
    text = "people:\n  alice:\r\n    name: Alice\n  bob:\n    name: Bob\r\n    company: Helix\r\n"
    editor = ContactsEditor(text)
    editor.set_person_fields("bob", {"company": "Pactbank"})
    assert editor.render() == text.replace("Helix", "Pactbank")


_breaks = st.sampled_from(["\n", "\r\n", "\r"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_breaks, min_size=9, max_size=9), st.sampled_from(["company", "phone", "title"]))
def test_an_edit_changes_no_line_break_it_was_not_asked_to(breaks: list[str], field: str) -> None:
    """The law: apart from the lines the edit adds or changes, every line and its line break
    are the same bytes as before, whatever mix of CR, LF and CRLF the file uses."""
    lines = [
        "me: alice",
        "people:",
        "  alice:",
        "    name: Alice  # me",
        "  bob:",
        "    name: Bob",
        "relationships:",
        "  - between: [alice, bob]",
        "    strength: good",
    ]
    text = "".join(line + end for line, end in zip(lines, breaks))
    editor = ContactsEditor(text)
    editor.set_person_fields("bob", {field: "X"})
    editor.set_relationship_fields("alice", "bob", {"last_contact": PartialDate(2026, 1)})
    out = editor.render()
    old = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)", text)
    new = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)", out)
    assert "".join(new) == out
    kept = [line for line in new if line in old]
    assert kept == old  # every old line, with its own break, is still there in order
    added = [line for line in new if line not in old]
    assert sorted(line.rstrip("\r\n") for line in added) == sorted([f"    {field}: X", "    last_contact: 2026-01"])
    for line in added:  # an added line ends like the line above it
        above = new[new.index(line) - 1]
        assert line[len(line.rstrip("\r\n")) :] == above[len(above.rstrip("\r\n")) :]
    network = parse_network(out)
    assert getattr(network.people["bob"], field) == "X"


def test_restoring_line_breaks_of_an_unchanged_text_is_the_identity() -> None:
    text = "a\r\nb\nc\rd"
    assert restore_line_breaks(text, "a\nb\nc\nd") == text
