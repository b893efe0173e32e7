"""The ask ledger: read and checked like the rest of the file, written with the same guarantees."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLE, changed_lines, killed_while_writing, write
from warmintro.cache.loader import load_network_cached
from warmintro.dates import PartialDate
from warmintro.editing.operations import EditError
from warmintro.editing.transaction import edit_contacts
from warmintro.errors import ContactsError, QueryError
from warmintro.fileformat.reader import load_network, parse_network, parse_network_with_problems
from warmintro.ledger.asks import (
    STATUSES,
    TRANSITIONS,
    Ask,
    AskFilter,
    AskNote,
    check_transition,
    list_asks,
    new_ask_id,
    record_path,
    remove_ask,
    resolve_ask,
    update_ask,
)
from warmintro.safefile import StaleFile, backup_path

LEDGER = """\
# Who I asked for what
me: alice
people:
  alice: {name: Alice}   # me
  bob: {name: Bob}
  carol: {name: Carol}
  grace: {name: Grace}
relationships:
  - {between: [alice, carol], strength: close}
  - {between: [carol, bob]}
  - {between: [alice, grace], strength: strong}
  - {between: [grace, carol], strength: strong}

intros:   # the ask ledger
  - id: 2026-11-01-carol-bob
    date: 2026-11-01
    requester: alice
    connector: carol
    target: bob
    purpose: coaching   # why
    status: asked
    notes:
      - {date: 2026-11-02, status: asked, note: sent by email}
  # an older one, through Grace then Carol
  - id: old
    date: 2025-02-10
    requester: alice
    connector: grace
    through: [carol]
    target: bob
    status: met
"""


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return write(tmp_path, LEDGER)


def test_the_ledger_is_read_with_its_history() -> None:
    network = parse_network(LEDGER)
    first, old = network.intros
    assert first.id == "2026-11-01-carol-bob" and first.status == "asked" and first.purpose == "coaching"
    assert first.notes == (AskNote(PartialDate(2026, 11, 2), "asked", "sent by email"),)
    assert first.people == ("alice", "carol", "bob") and first.is_open and first.line == 15
    assert old.connectors == ("grace", "carol") and old.role_of("carol") == "connector"
    assert old.last_day == dt.date(2025, 2, 10) and first.last_day == dt.date(2026, 11, 2)


BROKEN = """\
people:
  alice: {name: Alice}
  bob: {name: Bob}
  carol: {name: Carol}
intros:
  - id: a1
    date: 2026-13-01
    requester: alice
    connector: bobb
    target: carol
    status: opted_in
  - id: a1
    date: 2026-11-01
    requester: alice
    connector: bob
    target: carol
    status: asked
    notes:
      - {status: asked}
      - {date: 2026-11-02, status: waiting}
  - {id: a2, date: 2026-11-01, requester: alice, connector: bob, through: [carol], target: carol, status: asked}
  - {id: "not an id", requester: alice, connector: bob, target: carol}
  - just text
"""


def test_every_problem_in_the_ledger_is_reported_with_its_place() -> None:
    _network, problems = parse_network_with_problems(BROKEN, "c.yaml")
    assert [str(p) for p in problems if p.severity == "error"] == [
        "c.yaml:7:11: 'date' of ask 'a1': '2026-13-01' has no month 13; months run 01-12",
        "c.yaml:9:16: unknown person 'bobb' in 'connector' of ask 'a1' (did you mean 'bob'?)",
        "c.yaml:11:13: unknown status 'opted_in' in 'status' of ask 'a1' (did you mean 'opted-in'? Use one of "
        "drafted, asked, opted-in, declined, introduced, met, no-reply)",
        "c.yaml:12:9: duplicate ask id 'a1' (first at line 6) (ask ids must be unique: rename one, e.g. 'a1-2')",
        "c.yaml:19:9: a note of ask 'a1' has no date (add 'date: YYYY-MM-DD')",
        "c.yaml:20:36: unknown status 'waiting' in a note of ask 'a1' (use one of drafted, asked, opted-in, "
        "declined, introduced, met, no-reply)",
        "c.yaml:21:5: ask 'a2' names 'carol' more than once (requester, connector, through and target are "
        "different people)",
        "c.yaml:22:5: ask 'not an id' has no 'date' (add 'date: 2026-11-26')",
        "c.yaml:22:5: ask 'not an id' has no 'status' (add 'status: asked')",
        "c.yaml:22:10: 'not an id' is not a valid ask id (ids are letters, digits, '-', '_' and '.', starting "
        "with a letter or digit; try 'not-an-id')",
        "c.yaml:23:5: an ask should be a mapping of 'key: value' lines, not 'just text'",
    ]
    with pytest.raises(ContactsError):
        parse_network(BROKEN)


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("intros: {a: b}", "'intros' should be a list of '- id: ...' asks, not a mapping"),
        ("intros: ~", None),
        ("intros: []", None),
        ("intros: [{id: x, date: 2026, requester: a, connector: b, target: c, status: met, notes: hi}]", "'notes' of"),
        ("intros: [{id: x, date: 2026, requester: a, connector: b, through: {c: d}, target: c, status: met}]", "not a"),
    ],
)
def test_the_shape_of_the_section(section: str, message: str | None) -> None:
    text = f"people: {{a: {{name: A}}, b: {{name: B}}, c: {{name: C}}}}\n{section}\n"
    network, problems = parse_network_with_problems(text)
    errors = [p.message for p in problems if p.severity == "error"]
    if message is None:
        assert errors == [] and network is not None and network.intros == ()
    else:
        assert any(message in e for e in errors), errors


def test_unknown_fields_are_kept_and_flagged() -> None:
    text = LEDGER.replace("    status: met\n", "    status: met\n    colour: blue\n")
    network, problems = parse_network_with_problems(text, "c.yaml")
    assert network is not None and network.intros[1].extra == (("colour", "blue"),)
    assert [str(p) for p in problems] == [
        "c.yaml:32:5: unknown field 'colour' in ask 'old'; it is kept but not used "
        "(known fields: id, date, requester, connector, through, target, purpose, status, notes)"
    ]


def test_check_counts_the_asks(run, ledger: Path) -> None:
    result = run("check", contacts=ledger)
    assert result.exit_code == 0 and "4 people, 4 relationships, 0 organisations, 2 asks in the ledger" in result.stdout
    assert json.loads(run("check", "--json", contacts=ledger).stdout)["asks"] == 2


def test_check_reports_ledger_errors(run, tmp_path: Path) -> None:
    path = write(tmp_path, BROKEN)
    result = run("check", contacts=path)
    assert result.exit_code == 2
    assert f"{path}:9:16: unknown person 'bobb' in 'connector' of ask 'a1' (did you mean 'bob'?)" in result.stderr
    assert "11 problems" in result.stderr


# --------------------------------------------------------------------------------------------
# The rules


def test_the_state_machine() -> None:
    ask = parse_network(LEDGER).intros[0]  # asked
    for status in TRANSITIONS["asked"]:
        check_transition(ask, status)
    with pytest.raises(QueryError, match="cannot go from 'asked' to 'met': it can become opted-in or introduced"):
        check_transition(ask, "met")
    check_transition(ask, "met", force=True)
    with pytest.raises(QueryError, match="is 'asked' already"):
        check_transition(ask, "asked")
    with pytest.raises(QueryError, match="unknown status"):
        check_transition(ask, "done")
    closed = parse_network(LEDGER).intros[1]
    with pytest.raises(QueryError, match="it is closed"):
        check_transition(closed, "asked")
    # every status is reachable from 'drafted', and the closed ones lead nowhere
    reached, todo = {"drafted"}, ["drafted"]
    while todo:
        for nxt in TRANSITIONS[todo.pop()]:
            if nxt not in reached:
                reached.add(nxt)
                todo.append(nxt)
    assert reached == set(STATUSES)
    assert TRANSITIONS["met"] == TRANSITIONS["declined"] == ()


def test_new_ids_are_readable_and_unique() -> None:
    day = dt.date(2026, 11, 26)
    assert new_ask_id(day, "carol", "bob", []) == "2026-11-26-carol-bob"
    assert new_ask_id(day, "carol", "bob", ["2026-11-26-carol-bob"]) == "2026-11-26-carol-bob-2"
    assert new_ask_id(day, "carol", "bob", ["2026-11-26-Carol-Bob", "2026-11-26-carol-bob-2"]) == (
        "2026-11-26-carol-bob-3"
    )


def test_asks_are_named_by_id_or_its_start() -> None:
    asks = parse_network(LEDGER).intros
    assert resolve_ask(asks, "old").id == "old"
    assert resolve_ask(asks, "2026-11").id == "2026-11-01-carol-bob"
    with pytest.raises(QueryError, match="did you mean 'old'"):
        resolve_ask(asks, "odl")
    more = (*asks, Ask("2026-11-05-x", PartialDate(2026), "a", "b", "c", "asked"))
    with pytest.raises(QueryError, match="the start of 2 ask ids"):
        resolve_ask(more, "2026-11-0")


def test_listing_filters_by_status_person_and_age() -> None:
    network = parse_network(LEDGER)
    as_of = dt.date(2026, 11, 26)

    def ids(**criteria: object) -> list[str]:
        return [a.id for a in list_asks(network, AskFilter(**criteria), as_of=as_of).asks]  # type: ignore[arg-type]

    assert ids() == ["2026-11-01-carol-bob", "old"]
    assert ids(statuses=("met",)) == ["old"]
    assert ids(people=("grace",)) == ["old"]
    assert ids(people=("carol",)) == ["2026-11-01-carol-bob", "old"]
    assert ids(within_days=30) == ["2026-11-01-carol-bob"]
    assert ids(older_than_days=30) == ["old"]
    with pytest.raises(QueryError, match="unknown status"):
        list_asks(network, AskFilter(statuses=("sent",)))


# --------------------------------------------------------------------------------------------
# Writing


def test_recording_and_updating_keep_every_comment(ledger: Path, backend: str) -> None:
    before = ledger.read_text()
    with edit_contacts(ledger) as (editor, result):
        ask = record_path(editor, ["alice", "grace", "carol", "bob"], date=dt.date(2026, 11, 26), purpose="advice")
    assert ask.id == "2026-11-26-grace-bob" and ask.through == ("carol",)
    assert result.written and backup_path(ledger).read_text() == before
    removed, added = changed_lines(before, ledger.read_text())
    assert removed == []
    assert added == [
        "  - id: 2026-11-26-grace-bob",
        "    date: 2026-11-26",
        "    requester: alice",
        "    connector: grace",
        "    through: [carol]",
        "    target: bob",
        "    purpose: advice",
        "    status: drafted",
    ]
    middle = ledger.read_text()
    with edit_contacts(ledger) as (editor, _):
        update_ask(editor, "2026-11-01", "opted-in", date=dt.date(2026, 11, 20), note="Bob: yes, happily")
        update_ask(editor, "2026-11-26-grace", "asked", date=dt.date(2026, 11, 27))
    text = ledger.read_text()
    for comment in ("# Who I asked for what", "# me", "# the ask ledger", "# why", "# an older one"):
        assert comment in text
    removed, added = changed_lines(middle, text)
    assert removed == ["    status: asked", "    status: drafted"]
    assert "    status: opted-in" in added and "    status: asked" in added
    assert "      - {date: 2026-11-20, status: opted-in, note: 'Bob: yes, happily'}" in added or (
        '      - {date: 2026-11-20, status: opted-in, note: "Bob: yes, happily"}' in added
    )
    assert "      - {date: 2026-11-27, status: asked}" in added
    network = load_network(ledger)
    first, _old, new = network.intros
    assert first.status == "opted-in" and [n.status for n in first.notes] == ["asked", "opted-in"]
    assert new.status == "asked" and new.notes == (AskNote(PartialDate(2026, 11, 27), "asked"),)


def test_the_first_ask_starts_the_section(sample: Path, backend: str) -> None:
    before = sample.read_text()
    with edit_contacts(sample) as (editor, _):
        record_path(editor, ["alice", "carol", "bob"], date=dt.date(2026, 11, 26))
    after = sample.read_text()
    assert after.startswith(before)
    assert after[len(before) :].startswith("\nintros:\n  - id: 2026-11-26-carol-bob\n")
    assert load_network(sample).intros[0].status == "drafted"


def test_ledger_edits_that_make_no_sense_are_refused(ledger: Path) -> None:
    day = dt.date(2026, 11, 26)
    with edit_contacts(ledger, dry_run=True) as (editor, _):
        with pytest.raises(QueryError, match="at least three people"):
            record_path(editor, ["alice", "carol"], date=day)
        with pytest.raises(EditError, match="no person 'zed'"):
            record_path(editor, ["alice", "zed", "bob"], date=day)
        with pytest.raises(QueryError, match="give the new STATUS, a `note`, or both"):
            update_ask(editor, "old", None, date=day)
        with pytest.raises(QueryError, match="has an entry dated 2026-11-02"):
            update_ask(editor, "2026-11-01", "declined", date=dt.date(2026, 11, 1))
        with pytest.raises(EditError, match="control character"):
            update_ask(editor, "2026-11-01", "declined", date=day, note="bad\x07bell")
        new = record_path(editor, ["alice", "carol", "bob"], date=day)
        with pytest.raises(EditError, match="new in this edit"):
            update_ask(editor, new.id, "asked", date=day)


def test_a_note_alone_keeps_the_status(ledger: Path) -> None:
    with edit_contacts(ledger) as (editor, _):
        before, after = update_ask(editor, "old", None, date=dt.date(2026, 11, 26), note="Thanked Grace again")
    assert before.status == after.status == "met"
    assert load_network(ledger).intros[1].notes == (AskNote(PartialDate(2026, 11, 26), None, "Thanked Grace again"),)
    assert "    notes:\n      - {date: 2026-11-26, note: Thanked Grace again}\n" in ledger.read_text()


def test_a_ledger_write_is_refused_when_the_file_changed_meanwhile(ledger: Path) -> None:
    def note_while_an_editor_saves() -> None:
        with edit_contacts(ledger) as (editor, _):
            update_ask(editor, "old", None, date=dt.date(2026, 11, 26), note="x")
            ledger.write_text(ledger.read_text() + "# edited meanwhile\n")

    with pytest.raises(StaleFile, match="changed on disk"):
        note_while_an_editor_saves()
    assert ledger.read_text().endswith("# edited meanwhile\n") and "note: x" not in ledger.read_text()


def test_cached_queries_see_the_ledger_at_once(ledger: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, _ = load_network_cached(ledger, directory=cache)
    again, _ = load_network_cached(ledger, directory=cache)
    assert type(again).__name__ == "CachedNetwork" and again.intros == first.intros == parse_network(LEDGER).intros
    assert again.intros[0].line == 15 and again.intros[0].notes[0].line == 23
    with edit_contacts(ledger) as (editor, _):
        update_ask(editor, "old", None, date=dt.date(2026, 11, 26), note="x")
    os.utime(ledger)
    fresh, _ = load_network_cached(ledger, directory=cache)
    assert fresh.intros[1].notes[-1].note == "x"


def test_the_sample_has_no_ledger_and_stays_valid_with_one(tmp_path: Path) -> None:
    copy = tmp_path / "contacts.yaml"
    shutil.copyfile(SAMPLE, copy)
    assert load_network(copy).intros == ()


@pytest.mark.parametrize(
    "args",
    [
        ["draft", "bob", "--record", "--as-of", "2026-11-26", "--purpose", "a board seat"],
        ["intros", "update", "2026-11-01", "opted-in", "--date", "2026-11-20", "--note", "yes"],
    ],
    ids=["draft --record", "intros update"],
)
def test_killing_a_ledger_write_leaves_the_old_file_or_the_new(ledger: Path, args: list[str]) -> None:
    """The ledger commands write through the same safe write: killed just before the rename,
    the file is the old one, and the temporary file holds the whole new one."""
    before = ledger.read_bytes()
    result = killed_while_writing(
        ledger,
        f"""
        from warmintro.cli import cli
        cli.main(["--contacts", {str(ledger)!r}, "--no-cache", *{args!r}])
        """,
    )
    assert result.returncode == -9, result.stderr
    assert ledger.read_bytes() == before
    (leftover,) = [p for p in ledger.parent.iterdir() if p.name.endswith(".tmp")]
    written = parse_network(leftover.read_text(encoding="utf-8"))
    assert written.intros != parse_network(before.decode()).intros


def test_removing_an_ask_takes_out_its_lines_and_nothing_else(ledger: Path) -> None:
    before = ledger.read_text()
    with edit_contacts(ledger) as (editor, _):
        with pytest.raises(QueryError, match="whole id: '2026-11-01-carol-bob', not '2026-11-01'"):
            remove_ask(editor, "2026-11-01", force=True)
        removed = remove_ask(editor, "2026-11-01-carol-bob", force=True)
    assert removed.id == "2026-11-01-carol-bob"
    after = ledger.read_text()
    first = before.index("  - id: 2026-11-01-carol-bob\n")
    second = before.index("  # an older one, through Grace then Carol\n")
    assert after == before[:first] + before[second:]  # the comment above the next ask stays
    assert [a.id for a in load_network(ledger).intros] == ["old"]
    with edit_contacts(ledger) as (editor, _):
        remove_ask(editor, "old", force=True)
    assert ledger.read_text() == before[:first] + "  # an older one, through Grace then Carol\n"
    assert load_network(ledger).intros == ()


def test_only_a_drafted_ask_is_removed_without_force(ledger: Path) -> None:
    day = dt.date(2026, 11, 26)
    with edit_contacts(ledger, dry_run=True) as (editor, _):
        with pytest.raises(QueryError, match="is 'asked': it was sent, and the ledger keeps what happened"):
            remove_ask(editor, "2026-11-01-carol-bob")
        with pytest.raises(QueryError, match="no ask 'nope'"):
            remove_ask(editor, "nope")
        new = record_path(editor, ["alice", "grace", "bob"], date=day)
        with pytest.raises(EditError, match="changes in this edit"):
            remove_ask(editor, new.id)
        update_ask(editor, "old", None, date=day, note="x")
        with pytest.raises(EditError, match="changes in this edit"):
            remove_ask(editor, "old", force=True)
    with edit_contacts(ledger) as (editor, _):
        drafted = record_path(editor, ["alice", "grace", "bob"], date=day)
    with edit_contacts(ledger) as (editor, result):
        assert remove_ask(editor, drafted.id).status == "drafted"
    assert result.written and [a.id for a in load_network(ledger).intros] == ["2026-11-01-carol-bob", "old"]


def test_an_ask_in_a_layout_only_the_whole_document_can_edit_is_left_to_the_user(tmp_path: Path) -> None:
    # a document marker: the line-exact way does not apply, and the whole-document way would
    # let ruamel decide which comments go with the ask
    marked = write(tmp_path, "---\n" + LEDGER)
    with pytest.raises(EditError, match="delete its lines by hand"), edit_contacts(marked) as (editor, _):
        remove_ask(editor, "old", force=True)
    assert marked.read_text() == "---\n" + LEDGER
