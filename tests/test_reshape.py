"""remove, rename, merge and disconnect: the lines they mean to change, and no other byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, SAMPLE, assert_refused, changed_lines, write
from strategies import networks, networks_with_ledgers
from warmintro.editing.editor import ContactsEditor
from warmintro.editing.operations import EditError
from warmintro.editing.reshape import disconnect, merge_people, remove_person, rename_person
from warmintro.fileformat import dump_network, parse_network
from warmintro.model import strength_number

COMMENTED = FIXTURES / "edit" / "commented.yaml"

LEDGER = """\
me: ann   # me
people:
  ann: {name: Ann Berg}
  ben:
    name: Ben Lund       # Ben
    not_same_as: [bea]
  bea: {name: Bea Lund, company: Acme}
  cy: {name: Cy Dahl}
relationships:
  - {between: [ann, ben], strength: close}
  - between: [ben, cy]   # ben and cy
    strength: good
  - {between: [ann, bea]}
intros:
  - id: a1
    date: 2026-11-01
    requester: ann
    connector: ben
    target: cy
    status: asked
"""


def _edit(text: str, change: object) -> str:
    editor = ContactsEditor(text)
    change(editor)  # type: ignore[operator]
    return editor.render()


# --------------------------------------------------------------------------------------------
# remove


def test_remove_takes_out_the_person_and_their_ties_and_nothing_else() -> None:
    text = COMMENTED.read_text(encoding="utf-8")
    out = _edit(text, lambda e: remove_person(e, "cleo"))
    network = parse_network(out)
    assert "cleo" not in network.people
    assert [sorted(r.pair) for r in network.relationships] == [["ana", "ben"]]
    removed, added = changed_lines(text, out)
    assert added == []
    lines = text.splitlines()
    start = lines.index("  cleo:")
    entry = lines[start : lines.index("    x-custom: kept as written    # an unknown field") + 1]
    ties = [line for line in lines if "[ ana, cleo ]" in line or "[cleo, dmitri]" in line or "Conference" in line]
    assert removed == entry + ties


def test_remove_refuses_a_person_the_ledger_names_unless_forced() -> None:
    editor = ContactsEditor(LEDGER)
    with pytest.raises(EditError, match=r"1 ask in the ledger names 'cy' \(a1\); --force"):
        remove_person(editor, "cy")
    out = _edit(LEDGER, lambda e: remove_person(e, "cy", force=True))
    network = parse_network(out)
    assert network.intros == () and "cy" not in network.people
    assert "intros:" in out  # the section stays, empty


def test_remove_refuses_me() -> None:
    with pytest.raises(EditError, match="is you"):
        remove_person(ContactsEditor(LEDGER), "ann")


def test_remove_from_the_command_line(run, sample: Path) -> None:
    result = run("remove", "Bob Sjöberg", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["action"] == "removed" and document["written"] is True
    assert len(document["removed"]["relationships"]) == 9
    assert "bob" not in parse_network(sample.read_text(encoding="utf-8")).people
    assert Path(f"{sample}.bak").read_bytes() == SAMPLE.read_bytes()


def test_remove_wants_a_whole_id_or_name(run, sample: Path) -> None:
    assert_refused(run, sample, ["remove", "sjob"], "takes a whole id or full name")
    assert_refused(run, sample, ["remove", "nobody-at-all"], "no person 'nobody-at-all'")


def test_dry_run_writes_nothing(run, sample: Path) -> None:
    for args in (["remove", "bob"], ["rename", "bob", "robert"], ["merge", "carol", "grace"], ["disconnect", "carol"]):
        result = run(*args, "--dry-run")
        assert result.exit_code == 0, result.output
        assert "Dry run" in result.stdout
        assert sample.read_bytes() == SAMPLE.read_bytes()
        assert not Path(f"{sample}.bak").exists()


# --------------------------------------------------------------------------------------------
# rename


def test_rename_changes_the_id_everywhere_and_only_there() -> None:
    out = _edit(LEDGER, lambda e: rename_person(e, "bea", "beatrice"))
    assert out == LEDGER.replace("bea:", "beatrice:").replace("[bea]", "[beatrice]").replace(
        "[ann, bea]", "[ann, beatrice]"
    )
    out = _edit(LEDGER, lambda e: rename_person(e, "ann", "anna"))
    network = parse_network(out)
    assert network.me == "anna" and network.intros[0].requester == "anna"
    assert out.startswith("me: anna   # me\n")
    out = _edit(LEDGER, lambda e: rename_person(e, "cy", "cyrus"))
    assert parse_network(out).intros[0].target == "cyrus"


def test_rename_keeps_quotes_and_comments() -> None:
    text = COMMENTED.read_text(encoding="utf-8")
    out = _edit(text, lambda e: rename_person(e, "ana", "ana-s"))
    removed, added = changed_lines(text, out)
    assert added == [
        'me: "ana-s"    # quoted on purpose',
        "  ana-s:                          # that's me",
        "  - between: [ana-s, ben]",
        "  - { between: [ ana-s, cleo ],  strength: good,   how: Worked together }   # spaced flow",
    ]
    assert len(removed) == len(added)


def test_rename_refuses_a_taken_or_invalid_id() -> None:
    editor = ContactsEditor(LEDGER)
    with pytest.raises(EditError, match="warmintro merge ben bea"):
        rename_person(editor, "bea", "BEN")
    with pytest.raises(EditError, match="not a valid person id"):
        rename_person(editor, "bea", "-x")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network=networks_with_ledgers(), data=st.data())
def test_rename_then_rename_back_is_the_identity_on_bytes(network, data: st.DataObject) -> None:
    text = dump_network(network)
    old = data.draw(st.sampled_from(sorted(network.people)))
    new = data.draw(st.sampled_from(["x", "new-id", "Zoë.2", "p99"]))
    if new in network.people:
        return
    once = _edit(text, lambda e: rename_person(e, old, new))
    renamed = parse_network(once)
    assert old not in renamed.people and renamed.people[new].name == network.people[old].name
    assert len(renamed.relationships) == len(network.relationships)
    assert _edit(once, lambda e: rename_person(e, new, old)) == text


@pytest.mark.parametrize("path", [SAMPLE, COMMENTED], ids=lambda p: p.name)
def test_rename_and_back_on_hand_written_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for pid in parse_network(text).people:
        once = _edit(text, lambda e, pid=pid: rename_person(e, pid, "renamed-id"))
        assert _edit(once, lambda e, pid=pid: rename_person(e, "renamed-id", pid)) == text


# --------------------------------------------------------------------------------------------
# merge


def test_merge_combines_fields_and_ties_and_lists_conflicts() -> None:
    text = LEDGER.replace("  cy: {name: Cy Dahl}", "  cy: {name: Cy Dahl}\n  ben2: {name: Ben Lund, company: Acme}")
    text = text.replace(
        "  - {between: [ann, bea]}", "  - {between: [ann, bea]}\n  - {between: [ann, ben2], strength: weak}"
    )
    text = text.replace("intros:", "  - {between: [ben2, bea], how: Met at Acme}\nintros:")
    editor = ContactsEditor(text)
    change = merge_people(editor, "ben", "ben2")
    network = parse_network(editor.render())
    assert "ben2" not in network.people
    assert network.people["ben"].company == "Acme"  # filled from ben2
    assert network.relationship("ann", "ben").strength == "close"  # the stronger one
    assert network.relationship("ben", "bea").how == "Met at Acme"  # moved
    assert change.data["merged"]["combined"] == ["ann"]  # type: ignore[index]
    assert change.data["merged"]["moved"] == ["bea"]  # type: ignore[index]
    conflicts = change.data["merged"]["conflicts"]  # type: ignore[index]
    assert conflicts == [{"where": "relationship ann–ben", "field": "strength", "kept": "close", "dropped": "weak"}]


def test_merge_moves_asks_me_and_not_same_as() -> None:
    editor = ContactsEditor(LEDGER)
    merge_people(editor, "bea", "ben")
    out = editor.render()
    network = parse_network(out)
    assert network.intros[0].connector == "bea"
    assert network.relationship("bea", "cy") is not None
    assert "ben" not in network.people and "  ben:" not in out


def test_merge_refuses_an_ask_that_would_name_one_person_twice() -> None:
    with pytest.raises(EditError, match=r"ask 'a1'.*intros remove a1"):
        merge_people(ContactsEditor(LEDGER), "ann", "ben")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network=networks(min_people=3), data=st.data())
def test_merge_never_loses_a_tie(network, data: st.DataObject) -> None:
    text = dump_network(network)
    keep, drop = data.draw(st.lists(st.sampled_from(sorted(network.people)), min_size=2, max_size=2, unique=True))
    editor = ContactsEditor(text)
    merge_people(editor, keep, drop)
    merged = parse_network(editor.render())
    assert set(merged.people) == set(network.people) - {drop}
    for person in set(network.people) - {keep, drop}:
        ties = [r for r in network.relationships if person in r.pair and r.pair & {keep, drop}]
        now = merged.relationship(person, keep)
        if ties:
            assert now is not None
            assert now.strength == max((r.strength for r in ties), key=strength_number)
        else:
            assert now is None
    for rel in network.relationships:
        if not rel.pair & {keep, drop}:
            assert merged.relationship(rel.a, rel.b) == rel


def test_merge_from_the_command_line(run, sample: Path) -> None:
    result = run("merge", "carol", "grace")
    assert result.exit_code == 0, result.output
    assert "Merged 'grace' (Grace Liu) into 'carol' (Carol Virtanen)" in result.stdout
    assert "conflict in relationship alice–carol: strength kept 'close', not 'strong'" in result.stdout
    assert "grace" not in parse_network(sample.read_text(encoding="utf-8")).people


# --------------------------------------------------------------------------------------------
# disconnect, and files that cannot be edited line by line


def test_disconnect_removes_only_that_relationship() -> None:
    text = COMMENTED.read_text(encoding="utf-8")
    out = _edit(text, lambda e: disconnect(e, "cleo", "ana"))
    removed, added = changed_lines(text, out)
    assert added == []
    assert removed == ["  - { between: [ ana, cleo ],  strength: good,   how: Worked together }   # spaced flow"]
    with pytest.raises(EditError, match="no relationship"):
        disconnect(ContactsEditor(out), "ana", "cleo")


def test_disconnect_from_the_command_line(run, sample: Path) -> None:
    result = run("disconnect", "carol", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["removed"]["relationships"][0]["between"] == ["alice", "carol"]
    assert_refused(run, sample, ["disconnect", "carol"], "have no relationship")


@pytest.mark.parametrize("args", [["remove", "b"], ["rename", "a", "z"], ["merge", "a", "b"], ["disconnect", "a", "b"]])
def test_layouts_that_cannot_be_cut_are_refused_with_the_fix(run, tmp_path: Path, args: list[str]) -> None:
    path = write(tmp_path, "{people: {a: {name: Ann}, b: {name: Ben}}, relationships: [{between: [a, b]}]}\n", "f.yaml")
    result = run(*args, contacts=path)
    assert result.exit_code == 2
    assert "make this change by hand" in result.stderr
    assert path.read_text(encoding="utf-8").startswith("{people")


def test_crlf_and_no_final_newline_are_kept() -> None:
    text = "people:\r\n  a: {name: Ann}\r\n  b: {name: Ben}\r\n  c: {name: Cy}\r\n"
    text += "relationships:\r\n  - between: [a, b]\r\n  - between: [b, c]"
    out = _edit(text, lambda e: rename_person(e, "b", "bo"))
    assert out == text.replace("b: {", "bo: {").replace("[a, b]", "[a, bo]").replace("[b, c]", "[bo, c]")
    out = _edit(text, lambda e: remove_person(e, "c"))
    assert out == "people:\r\n  a: {name: Ann}\r\n  b: {name: Ben}\r\nrelationships:\r\n  - between: [a, b]\r\n"


def test_merge_names_what_it_cannot_carry_over(run, tmp_path: Path) -> None:
    text = (
        "people:\n  a: {name: Ann}\n  b:\n    name: Ann\n    birthday: 1990-01-01\n"
        "    history: [{company: Acme}]\nrelationships:\n  - {between: [a, b]}\n"
    )
    path = write(tmp_path, text)
    result = run("merge", "a", "b", contacts=path)
    assert result.exit_code == 0, result.output
    assert "not carried over from 'b': history, birthday; copy what you need from the backup" in result.stderr
    assert "the one between them removed (good)" in result.stdout
    assert parse_network(path.read_text(encoding="utf-8")).relationships == []


def test_a_full_name_two_people_share_is_refused(run, tmp_path: Path) -> None:
    path = write(tmp_path, "people:\n  a: {name: Sam Patel}\n  b: {name: Sam Patel}\n")
    assert_refused(
        run, path, ["merge", "Sam Patel", "b"], "'Sam Patel' could be 2 people: a (Sam Patel), b (Sam Patel)"
    )
    assert run("merge", "a", "b", contacts=path).exit_code == 0
