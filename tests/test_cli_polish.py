"""What every command shares: examples in --help, JSON errors, as_of, NO_COLOR, relative days,
asks found by the people in them."""

from __future__ import annotations

import datetime as dt
import json
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import AS_OF, FIXTURES, write
from warmintro.cli import cli
from warmintro.dates import parse_as_of, relative_day
from warmintro.fileformat.reader import load_network


def commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path] if path else []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


def examples(help_text: str) -> list[list[str]]:
    """The command lines of a help text's Example(s) section, without comments and redirections."""
    lines = help_text.split("Options:", 1)[0].splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() in ("Example:", "Examples:")), None)
    if start is None:
        return []
    found = []
    for line in lines[start + 1 :]:
        words = shlex.split(line, comments=True)
        if not words:
            break
        if "warmintro" in words:
            words = words[words.index("warmintro") + 1 :]
            cut = [i for i, w in enumerate(words) if w in (">", "|", '"$(warmintro')]
            found.append(words[: cut[0]] if cut else words)
    return found


def parse_only(args: list[str]) -> None:
    """Parse a command line as warmintro would, all the way down, without running it."""
    command: click.Command = cli
    ctx = cli.make_context("warmintro", list(args))
    while isinstance(command, click.Group) and [*ctx._protected_args, *ctx.args]:
        name, *rest = [*ctx._protected_args, *ctx.args]
        command = command.get_command(ctx, name)
        assert command is not None, f"no command {name!r} in {args}"
        ctx = command.make_context(name, rest, parent=ctx)


@pytest.mark.parametrize("path", commands(), ids=" ".join)
def test_every_command_has_an_example_that_parses(
    path: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my-templates").mkdir()  # the folder the examples name
    result = CliRunner(env={"COLUMNS": "100"}).invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    found = examples(result.output)
    assert found, f"warmintro {' '.join(path)} --help has no example"
    assert any(tuple(words[: len(path)]) == path for words in found), found
    for words in found:
        parse_only(words)


# --------------------------------------------------------------------------------------------
# --json: errors as one JSON object on stdout, with the same exit codes


@pytest.mark.parametrize(
    ("args", "error", "hint"),
    [
        (["path", "bobb", "--json"], "no person 'bobb' in", None),
        (["path", "bob", "--as-of", "someday", "--json"], "Invalid value for '--as-of'", "see 'warmintro path --help'"),
        (["mutual", "bob", "--nope", "--json"], "No such option '--nope'", "see 'warmintro mutual --help'"),
        (["intros", "update", "zz", "asked", "--json"], "no ask 'zz' in the ledger", None),
        (["find", "--json", "--top", "0"], "Invalid value for '--top'", "see 'warmintro find --help'"),
    ],
)
def test_json_errors_are_one_object_on_stdout(run, args: list[str], error: str, hint: str | None) -> None:
    result = run(*args)
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert set(doc) == {"error", "file", "line", "hint"}
    assert doc["error"].startswith(error) and doc["hint"] == hint
    assert (doc["file"], doc["line"]) == (None, None)
    assert error in result.stderr  # people still read the message where they always did
    plain = run(*[a for a in args if a != "--json"])
    assert plain.exit_code == 2 and plain.stdout == "" and error in plain.stderr


def test_json_errors_name_the_file_and_line(run, tmp_path: Path) -> None:
    bad = write(tmp_path, "people:\n  a: {name: Ann}\nrelationships:\n  - {between: [a, zz]}\n", "bad.yaml")
    result = run("path", "a", "b", "--json", contacts=bad)
    assert result.exit_code == 2
    assert result.stderr == f"{bad}:4:19: unknown person 'zz' in relationship (add them under 'people:' first)\n"
    doc = json.loads(result.stdout)
    assert (doc["error"], doc["file"], doc["line"]) == ("unknown person 'zz' in relationship", str(bad), 4)
    assert doc["hint"] == "add them under 'people:' first"
    assert doc["errors"][0]["column"] == 19
    broken = FIXTURES / "import" / "linkedin" / "broken_quote.csv"
    imported = run("import", "linkedin", str(broken), "--json")
    assert imported.exit_code == 2
    doc = json.loads(imported.stdout)
    assert (doc["file"], doc["line"]) == (str(broken), 4)
    assert doc["error"].startswith("not valid CSV")


@pytest.mark.parametrize(
    ("args", "line", "error"),
    [
        (["linkedin", "import/linkedin/not_linkedin.csv"], None, "no LinkedIn header row found"),
        (["linkedin", "import/linkedin/too_many_fields.csv"], 3, "this row has"),
        (["vcard", "import/outlook/contacts.csv"], None, "no vCard found"),
        (["google", "import/outlook/contacts_it.csv"], 1, "no Google Contacts CSV header"),
        (["outlook", "import/outlook/broken_quote.csv"], 3, "not valid CSV"),
        (["outlook", "import/no-such-file.csv"], None, "no such file"),
        (["calendar", "import/no-such-file.ics"], None, "no such file"),
        (["mail", "import/no-such-file.mbox"], None, "no such file"),
    ],
)
def test_json_import_errors_name_the_file_and_the_line_where_known(
    run, args: list[str], line: int | None, error: str
) -> None:
    kind, name = args
    path = str(FIXTURES / name)
    result = run("import", kind, path, "--json")
    assert result.exit_code == 2, result.output
    doc = json.loads(result.stdout)
    assert (doc["file"], doc["line"]) == (path, line)
    assert doc["error"].startswith(error)  # the place is in file and line, not repeated here
    assert (f"{path}:{line}: {error}" if line else f"{path}: {error}") in result.stderr


def test_found_nothing_is_not_an_error(run, tmp_path: Path) -> None:
    lonely = write(tmp_path, "people: {a: {name: Ann}, b: {name: Ben}}\n")
    result = run("path", "a", "b", "--json", contacts=lonely)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["paths"] == []  # the answer, and only the answer, on stdout
    assert result.stderr.startswith("no path from Ann to Ben")


# --------------------------------------------------------------------------------------------
# as_of, today and yesterday


@pytest.mark.parametrize(
    "args", [["path", "bob"], ["mutual", "bob"], ["show", "carol"], ["find", "--company", "pactbank"], ["connectors"]]
)
def test_every_query_says_as_of_when(run, args: list[str]) -> None:
    doc = json.loads(run(*args, "--as-of", str(AS_OF), "--json").stdout)
    assert doc["as_of"] == "2026-11-26"
    today = json.loads(run(*args, "--as-of", "today", "--json").stdout)
    assert today["as_of"] == dt.date.today().isoformat()
    yesterday = json.loads(run(*args, "--as-of", "Yesterday", "--json").stdout)
    assert yesterday["as_of"] == (dt.date.today() - dt.timedelta(days=1)).isoformat()


def test_relative_days() -> None:
    day = dt.date(2026, 3, 1)
    assert relative_day("today", day) == day
    assert relative_day(" YESTERDAY ", day) == dt.date(2026, 2, 28)
    assert relative_day("tomorrow", day) is None and relative_day("2026", day) is None
    assert parse_as_of("today") == dt.date.today()
    with pytest.raises(ValueError, match="or 'today', 'yesterday'"):
        parse_as_of("someday")


def test_touch_and_connect_take_yesterday(run, sample: Path) -> None:
    yesterday = dt.date.today() - dt.timedelta(days=1)
    assert run("touch", "carol", "--date", "yesterday").exit_code == 0
    assert run("connect", "bob", "zoe", "--last-contact", "yesterday").exit_code == 2  # zoe is nobody
    network = load_network(sample)
    rel = next(r for r in network.relationships if {r.a, r.b} == {"alice", "carol"})
    assert rel.last_contact is not None and rel.last_contact.text == yesterday.isoformat()


# --------------------------------------------------------------------------------------------
# NO_COLOR: no colour, and no bold, dim or underline either


@pytest.mark.parametrize("args", [["path", "bob"], ["mutual", "bob"], ["show", "carol"], ["people", "pactbank"]])
def test_no_color_means_no_style_at_all(sample: Path, args: list[str]) -> None:
    env = {"WARMINTRO_CONTACTS": str(sample), "COLUMNS": "100", "FORCE_COLOR": "1"}
    styled = CliRunner(env=env).invoke(cli, [*args, "--as-of", str(AS_OF)] if args[0] != "people" else args)
    assert styled.exit_code == 0 and "\x1b[" in styled.stdout  # a terminal gets styles
    plain = CliRunner(env={**env, "NO_COLOR": "1"}).invoke(
        cli, [*args, "--as-of", str(AS_OF)] if args[0] != "people" else args
    )
    assert plain.exit_code == 0 and "\x1b" not in plain.stdout
    assert plain.stdout.split() == _without_codes(styled.stdout).split()


def _without_codes(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


# --------------------------------------------------------------------------------------------
# Asks named by the people in them


LEDGER = """
intros:
  - {id: 2026-11-01-carol-bob, date: 2026-11-01, requester: alice, connector: carol, target: bob, status: asked}
  - {id: 2026-10-01-grace-henrik, date: 2026-10-01, requester: alice, connector: grace, target: henrik,
     status: met}
  - {id: 2026-11-02-grace-maya, date: 2026-11-02, requester: alice, connector: grace, target: maya, status: drafted}
  - {id: 2026-11-03-carol-sanna, date: 2026-11-03, requester: alice, connector: carol, target: sanna, status: asked}
"""


def test_an_ask_is_found_by_its_target_or_connector(run, sample: Path) -> None:
    sample.write_text(sample.read_text(encoding="utf-8") + LEDGER, encoding="utf-8")
    by_target = run("intros", "update", "bob", "opted-in", "--json")
    assert by_target.exit_code == 0, by_target.output
    assert json.loads(by_target.stdout)["ask"]["id"] == "2026-11-01-carol-bob"
    by_name = run("intros", "update", "Maya Okafor", "asked", "--json")  # by name, not only by id
    assert json.loads(by_name.stdout)["ask"]["id"] == "2026-11-02-grace-maya"
    # Grace connects two asks, but only one is open
    assert json.loads(run("intros", "update", "grace", "--note", "x", "--json").stdout)["ask"]["id"].endswith("maya")
    several = run("intros", "update", "carol", "declined")
    assert several.exit_code == 2
    assert "Carol Virtanen (carol) is in 2 open asks: 2026-11-01-carol-bob, 2026-11-03-carol-sanna" in several.stderr
    nobody = run("intros", "update", "eve", "asked")
    assert nobody.exit_code == 2 and "no ask to or through Eve Laine (eve)" in nobody.stderr


# --------------------------------------------------------------------------------------------
# Writes take a whole id or a full name; queries may take part of a name


@pytest.mark.parametrize(
    "args",
    [
        ["touch", "virt"],
        ["touch", "alice", "sjoberg"],
        ["connect", "sjoberg", "--strength", "good"],
        ["connect", "lindq", "bob", "--strength", "good"],
        ["disconnect", "virt"],
    ],
)
def test_writes_refuse_part_of_a_name_and_list_whom_it_could_mean(run, sample: Path, args: list[str]) -> None:
    before = sample.read_bytes()
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert f"'warmintro {args[0]}' takes a whole id or full name" in result.stderr
    assert "did you mean '" in result.stderr and "Traceback" not in result.output
    assert sample.read_bytes() == before
    if args[-1] == "virt":
        assert "'carol' (Carol Virtanen (Pactbank)), 'petra' (Petra Virta" in result.stderr
    doc = json.loads(run(*args, "--json").stdout)
    assert doc["error"].startswith(f"'warmintro {args[0]}' takes a whole id or full name")


_NAMES = ["Sam Patel", "Sam Patelová", "sam patel", "Ann Lee", "Annika Leeds", "Bo Ek", "Me Too"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_NAMES), min_size=1, max_size=6),
    st.one_of(st.sampled_from([*_NAMES, "sam", "patel", "ann lee", "me", "ME", "p0", "P1", " p2 ", "lee"]), st.text()),
    st.booleans(),
)
def test_a_write_finds_only_whom_the_text_names_whole(names: list[str], query: str, has_me: bool) -> None:
    """resolve_exactly returns someone only by whole id, whole name or 'me', and otherwise
    refuses; it never picks one of several people."""
    from warmintro.errors import PersonError
    from warmintro.model import Network, Person
    from warmintro.queries.resolve import resolve_exactly
    from warmintro.text import fold

    people = {f"p{i}": Person(f"p{i}", name) for i, name in enumerate(names)}
    network = Network(people=people, relationships=[], me="p0" if has_me else None)
    try:
        found = resolve_exactly(network, query, "'warmintro touch'")
    except PersonError:
        return
    key = fold(query.strip())
    same = [p.id for p in people.values() if fold(p.name) == key]
    assert (
        found.id == query
        or same == [found.id]
        or (not same and fold(found.id) == key)
        or (key == "me" and found.id == network.me)
    )


def test_writes_take_an_id_a_full_name_or_me(run, sample: Path) -> None:
    assert run("touch", "Carol Virtanen", "--date", "2026-11-27").exit_code == 0
    untied = run("touch", "me", "BOB SJOBERG", "--date", "2026-11-27")  # both found; they have no tie yet
    assert untied.exit_code == 2 and "warmintro connect alice bob" in untied.stderr
    assert run("connect", "me", "bob sjöberg", "--strength", "good").exit_code == 0
    network = load_network(sample)
    assert str(network.relationship("alice", "carol").last_contact) == "2026-11-27"
    assert network.relationship("alice", "bob").strength == "good"
    # queries still take part of a name
    assert run("show", "sjoberg", "--json").exit_code == 0


def test_a_full_name_two_people_share_is_refused_for_a_write(run, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "me: a\npeople:\n  a: {name: Ann}\n  sam1: {name: Sam Patel}\n  sam2: {name: Sam Patel}\n"
        "relationships: [{between: [a, sam1]}, {between: [a, sam2]}]\n",
    )
    before = path.read_bytes()
    result = run("touch", "sam patel", contacts=path)
    assert (
        result.exit_code == 2 and "'sam patel' could be 2 people: sam1 (Sam Patel), sam2 (Sam Patel)" in result.stderr
    )
    assert path.read_bytes() == before


# --------------------------------------------------------------------------------------------
# Piped output is plain text


def test_piped_followups_are_plain_text(run, sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from warmintro.cli import ledger as ledger_cli

    record = ("draft", "bob", "--purpose", "coaching", "--as-of", "2026-11-26", "--record")
    assert run(*record).exit_code == 0
    assert run("intros", "update", "2026-11-26-carol-bob", "asked", "--date", "2026-11-26").exit_code == 0
    piped = run("followups", "--as-of", "2026-12-27")
    assert piped.exit_code == 0, piped.output
    assert not set("╭╮╰╯│") & set(piped.stdout)
    lines = piped.stdout.splitlines()
    assert lines[0] == "1 ask needs a follow-up · as of 2026-12-27 · after 7 days without news · nothing is sent"
    assert lines[2] == "ask 2026-11-26-carol-bob · asked · no news for 31 days"
    then = "once sent: warmintro intros update 2026-11-26-carol-bob --note nudged"
    assert lines[3] == f"===== 1. Alice nudges Carol about Bob ({then}) ====="
    assert lines[4:6] == ["From: Alice Lindqvist <alice@example.org>", "To: Carol Virtanen <carol@example.com>"]
    body = json.loads(run("followups", "--as-of", "2026-12-27", "--json").stdout)["followups"][0]["message"]["body"]
    assert body.strip() in piped.stdout
    monkeypatch.setattr(ledger_cli, "stdout_is_terminal", lambda: True)
    assert "╭─  1. Alice nudges Carol about Bob" in run("followups", "--as-of", "2026-12-27").stdout
    assert run("followups", "--as-of", "2026-12-27", "--plain").stdout == piped.stdout


# --------------------------------------------------------------------------------------------
# Plurals agree with their counts


@given(st.integers(min_value=0, max_value=10**7), st.sampled_from(["person", "relationship", "day", "ask", "warning"]))
def test_a_count_and_its_noun_agree(count: int, noun: str) -> None:
    from warmintro.text import counted

    text = counted(count, noun)
    number, word = text.split(" ", 1)
    assert int(number.replace(",", "")) == count
    assert (word == noun) == (count == 1)
    assert word == {"person": "people"}.get(noun, noun + "s") or count == 1


def test_check_and_people_say_1_person_and_1_relationship(run, tmp_path: Path) -> None:
    alone = write(tmp_path, "me: a\npeople:\n  a: {name: Ann}\n", "alone.yaml")
    check = run("check", contacts=alone)
    assert check.stdout.splitlines()[0] == f"{alone}: OK · 1 person, 0 relationships, 0 organisations"
    assert "reaches 0 of 0 people within 4 hops" in check.stdout
    assert run("people", contacts=alone).stdout.splitlines()[-1] == "1 of 1 person"
    pair = write(
        tmp_path,
        "me: a\npeople:\n  a: {name: Ann, company: X}\n  b: {name: Bob, company: X}\n"
        "relationships: [{between: [a, b]}]\n",
        "pair.yaml",
    )
    lines = run("check", contacts=pair).stdout.splitlines()
    assert lines[0] == f"{pair}: OK · 2 people, 1 relationship, 1 organisation"
    assert lines[1] == "Ann (me) reaches 1 of 1 person within 4 hops"
    connectors = run("connectors", "--as-of", "2026-11-26", contacts=pair).stdout
    assert "1 contact · 0 people best reached through them" in connectors
    late = write(
        tmp_path,
        "me: a\npeople:\n  a: {name: Ann}\n  b: {name: Bob, keep_in_touch: 1 day}\n"
        "relationships: [{between: [a, b], strength: close, last_contact: 2026-02-24}]\n",
        "late.yaml",
    )
    reconnect = run("reconnect", "--as-of", "2026-02-26", contacts=late)
    assert reconnect.exit_code == 0, reconnect.output
    assert "last contact 2026-02-24 (2 days ago) · keep in touch every day" in reconnect.stdout
    from warmintro.cli.render.reconnect import _ago

    assert [_ago(0), _ago(1), _ago(59)] == ["today", "1 day ago", "59 days ago"]
    nothing = run("followups", "--after", "1", "--as-of", "2026-02-26", contacts=late)
    assert "has waited 1 day or more for news" in nothing.stderr


# --------------------------------------------------------------------------------------------
# draft --out FILE.eml: one message, one file


def test_draft_out_a_file_name_writes_that_one_file(run, tmp_path: Path) -> None:
    eml = tmp_path / "to-bob.eml"
    result = run("draft", "bob", "--direct", "--purpose", "coaching", "--as-of", "2026-11-26", "--out", str(eml))
    assert result.exit_code == 0, result.output
    assert eml.is_file() and result.stdout == f"{eml}\n"
    data = eml.read_bytes()
    assert data.startswith(b"From: Alice Lindqvist <alice@example.org>\r\n") and b"X-Unsent: 1\r\n" in data
    text = tmp_path / "to-bob.TXT"
    doc = json.loads(run("draft", "bob", "--direct", "--as-of", "2026-11-26", "--out", str(text), "--json").stdout)
    assert doc["files"] == [str(text)]
    assert text.read_text(encoding="utf-8").startswith("From: Alice Lindqvist <alice@example.org>\nTo: Bob")
    again = run("draft", "bob", "--direct", "--as-of", "2026-11-26", "--out", str(eml))
    assert again.exit_code == 2 and "exists already" in again.stderr
    assert run("draft", "bob", "--direct", "--as-of", "2026-11-26", "--out", str(eml), "--force").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.yaml", "to-bob.TXT", "to-bob.eml"]


def test_draft_out_a_file_name_with_several_messages_is_refused(run, tmp_path: Path) -> None:
    eml = tmp_path / "intro.eml"
    result = run("draft", "bob", "--purpose", "coaching", "--as-of", "2026-11-26", "--out", str(eml))
    assert result.exit_code == 2
    assert f"{eml} names one file, and there are 3 messages (ask, opt-in, intro); nothing was written" in result.stderr
    assert f"--out {tmp_path / 'intro'} --eml" in result.stderr
    assert not eml.exists() and "Traceback" not in result.output
    mixed = run("draft", "bob", "--direct", "--out", str(tmp_path / "x.txt"), "--eml")
    assert mixed.exit_code == 2 and "--eml writes .eml files" in mixed.stderr
    # a folder that happens to end in .eml is still a folder
    (tmp_path / "old.eml").mkdir()
    folder = run("draft", "bob", "--purpose", "coaching", "--as-of", "2026-11-26", "--out", str(tmp_path / "old.eml"))
    assert folder.exit_code == 0, folder.output
    assert len(list((tmp_path / "old.eml").iterdir())) == 3
