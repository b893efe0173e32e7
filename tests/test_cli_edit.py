"""add, connect and touch, as a user runs them: exact output, exit codes, only intended lines change."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, assert_refused, changed_lines, write
from warmintro.fileformat.reader import load_network

COMMENTED = FIXTURES / "edit" / "commented.yaml"


@pytest.fixture
def commented(tmp_path: Path) -> Path:
    copy = tmp_path / "contacts.yaml"
    shutil.copyfile(COMMENTED, copy)
    return copy


def test_add_writes_one_entry_and_keeps_a_backup(run, sample: Path) -> None:
    before = sample.read_text(encoding="utf-8")
    result = run("add", "zoe", "--name", "Zoë  Lind", "--company", "Pactbank", "--tag", "saas", "--tag", "cto")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Added person 'zoe': name: Zoë Lind; company: Pactbank; tags: [saas, cto].\n"
        f"The previous version is in {sample}.bak.\n"
    )
    removed, added = changed_lines(before, sample.read_text(encoding="utf-8"))
    assert removed == []
    assert added == ["  zoe:", "    name: Zoë Lind", "    company: Pactbank", "    tags: [saas, cto]"]
    assert Path(f"{sample}.bak").read_text(encoding="utf-8") == before
    assert run("check").exit_code == 0


def test_add_refuses_a_taken_or_invalid_id(run, sample: Path) -> None:
    before = sample.read_bytes()
    taken = run("add", "Bob", "--name", "Another Bob")
    assert taken.exit_code == 2
    assert "there is already a person 'bob' (Bob Sjöberg); did you mean a new id such as 'Bob-2'?" in taken.stderr
    invalid = run("add", "Zoë Lind!", "--name", "Zoë Lind")
    assert invalid.exit_code == 2
    assert "did you mean 'zoe-lind'?" in invalid.stderr
    assert run("add", "zoe").exit_code == 2  # --name is required
    assert sample.read_bytes() == before
    assert not Path(f"{sample}.bak").exists()


def test_add_notes_a_namesake(run) -> None:
    result = run("add", "bob2", "--name", "bob sjoberg")
    assert result.exit_code == 0
    assert result.stderr == "note: bob sjoberg is also in the file as 'bob'\n"


def test_add_me_creates_a_new_file(run, tmp_path: Path) -> None:
    path = tmp_path / "new" / "contacts.yaml"
    path.parent.mkdir()
    result = run("add", "ana", "--name", "Ana Berg", "--me", contacts=path)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"Created {path}.\n")
    network = load_network(path)
    assert network.me == "ana" and network.people["ana"].name == "Ana Berg"
    assert run("add", "ben", "--name", "Ben", contacts=path).exit_code == 0
    assert run("connect", "ben", "--strength", "close", contacts=path).exit_code == 0
    assert load_network(path).relationship("ana", "ben") is not None


def test_connect_adds_then_updates_in_place_in_either_order(run, sample: Path) -> None:
    result = run("connect", "jonas", "victor", "-s", "weak", "--how", "Met at Slush", "--since", "2025")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Added relationship jonas–victor: strength: weak; how: Met at Slush; since: 2025.\n"
    )
    before = sample.read_text(encoding="utf-8")
    again = run("connect", "victor", "jonas", "-s", "4", "--channel", "email", "--last-contact", "2026-11")
    assert again.exit_code == 0
    assert again.stdout.startswith(
        "Updated relationship jonas–victor: strength weak → strong; last_contact: 2026-11; channels: [email].\n"
    )
    removed, added = changed_lines(before, sample.read_text(encoding="utf-8"))
    assert removed == ["  - {between: [jonas, victor], strength: weak, how: Met at Slush, since: 2025}"]
    assert added == [
        "  - {between: [jonas, victor], strength: strong, how: Met at Slush, since: 2025, last_contact: 2026-11, "
        "channels: [email]}"
    ]
    same = run("connect", "jonas", "victor", "-s", "strong", "--channel", "EMAIL")
    assert same.stdout == "Nothing to change: relationship jonas–victor already says that.\n"


def test_connect_defaults_a_to_me_and_resolves_names(run) -> None:
    result = run("connect", "bob sjoberg", "--how", "Met at last", "--json")  # a full name; a part is refused
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["action"] == "added" and doc["ids"] == ["alice", "bob"] and doc["written"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["connect", "bob", "bob"], "two different people"),
        (["connect", "bob", "-s", "warm"], "unknown strength 'warm'"),
        (["connect", "bob", "--since", "May 2020"], "'May 2020' is not a date"),
        (["connect", "nobody"], "no person 'nobody'"),
        (["touch", "jonas", "victor"], "have no relationship yet; add it first: warmintro connect jonas victor"),
        (["touch", "bob", "--date", "2026-13"], "has no month 13"),
        (["connect", "a", "b", "c"], "takes [FROM] TO"),
    ],
)
def test_edit_mistakes_exit_2_and_change_nothing(run, sample: Path, args: list[str], message: str) -> None:
    assert_refused(run, sample, args, message)


def test_touch_sets_last_contact_today_by_default(run, sample: Path) -> None:
    result = run("touch", "carol")
    assert result.exit_code == 0
    today = dt.date.today().isoformat()
    assert result.stdout.startswith(f"Updated relationship alice–carol: last_contact 2026-05 → {today}.\n")
    assert load_network(sample).relationship("alice", "carol").last_contact.text == today


def test_dry_run_changes_nothing(run, sample: Path) -> None:
    before = sample.read_bytes()
    result = run("touch", "carol", "--date", "2026-11-27", "--dry-run")
    assert result.stdout == (
        "Would update relationship alice–carol: last_contact 2026-05 → 2026-11-27.\n"
        f"Dry run: {sample} was not changed.\n"
    )
    assert sample.read_bytes() == before


def test_every_writing_command_on_the_commented_fixture_changes_only_its_lines(run, commented: Path) -> None:
    """The heavily commented fixture through add, connect (new and update) and touch."""
    original = commented.read_text(encoding="utf-8")
    steps = [
        (["add", "eve", "--name", "Eve Ström", "--company", "Nordlys", "--about", "Line one.\nLine two."], []),
        (["connect", "ana", "eve", "-s", "acquaintance", "--channel", "linkedin"], []),
        (["connect", "cleo", "dmitri", "-s", "weak"], []),
        (["touch", "ben", "--date", "2026-11-27"], []),
        (["connect", "ana", "cleo", "--how", "Ran a project together"], ["  - { between: [ ana, cleo ],"]),
    ]
    for args, rewritten in steps:
        before = commented.read_text(encoding="utf-8")
        result = run(*args, contacts=commented)
        assert result.exit_code == 0, (args, result.output)
        removed, _ = changed_lines(before, commented.read_text(encoding="utf-8"))
        assert [line[: len(prefix)] for line, prefix in zip(removed, rewritten)] == rewritten
        assert len(removed) == len(rewritten), (args, removed)
    final = commented.read_text(encoding="utf-8")
    removed, added = changed_lines(original, final)
    assert removed == ["  - { between: [ ana, cleo ],  strength: good,   how: Worked together }   # spaced flow"]
    assert added == [
        "  eve:",
        "    name: Eve Ström",
        "    company: Nordlys",
        "    about: |-",
        "      Line one.",
        "      Line two.",
        "    last_contact: 2026-11-27",
        "  - {between: [ana, cleo], strength: good, how: Ran a project together}   # spaced flow",
        "      strength: weak",
        "  -   between: [ana, eve]",
        "      strength: acquaintance",
        "      channels: [linkedin]",
    ]
    assert run("check", contacts=commented).exit_code == 0


def test_a_broken_file_is_not_edited(run, tmp_path: Path) -> None:
    path = write(tmp_path, "people:\n  a: {name: Ann}\nrelationships:\n  - {between: [a, zz]}\n")
    before = path.read_bytes()
    result = run("add", "b", "--name", "Ben", contacts=path)
    assert result.exit_code == 2
    assert "unknown person 'zz'" in result.stderr
    assert path.read_bytes() == before


def test_queries_see_every_write_at_once(run) -> None:
    """The parse cache (keyed by the file's identity and content) never serves the old file."""
    before = json.loads(run("show", "carol", "--json", "--as-of", "2026-11-26").stdout)
    assert before["relationships"] and run("show", "carol").exit_code == 0  # the cache is warm now
    assert run("touch", "carol", "--date", "2026-11-27").exit_code == 0
    assert run("add", "zoe", "--name", "Zoë Lind").exit_code == 0
    after = json.loads(run("show", "carol", "--json", "--as-of", "2026-11-26").stdout)
    alice = next(r for r in after["relationships"] if r["with"] == "alice")
    assert alice["last_contact"] == "2026-11-27"
    assert json.loads(run("people", "zoe", "--json").stdout)["people"][0]["id"] == "zoe"
