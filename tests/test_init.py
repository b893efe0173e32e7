"""`warmintro init`: from an empty folder to a network, without an error that says nothing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from conftest import FIXTURES
from warmintro.cli import cli
from warmintro.fileformat.reader import parse_network
from warmintro.fileformat.schema import schema_path

CONNECTIONS = FIXTURES / "import" / "linkedin" / "Connections.csv"


def run(where: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--contacts", str(where / "contacts.yaml"), *args])


def test_the_missing_file_error_names_init(tmp_path: Path) -> None:
    for args in (["path", "bob"], ["check"], ["connect", "bob"], ["remove", "bob"]):
        result = run(tmp_path, *args)
        assert result.exit_code == 2
        assert "start one with 'warmintro init'" in result.stderr, args


def test_init_writes_a_commented_valid_file_and_says_what_next(tmp_path: Path) -> None:
    result = run(tmp_path, "init")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "contacts.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={schema_path()}"
    network = parse_network(text)
    assert network.people == {} and network.me is None
    assert "  # - between: [your-id, bob]" in text
    assert result.stdout.splitlines()[1:3] == [
        "Next:",
        '  warmintro add your-id --name "Your Name" --me',
    ]
    assert not (tmp_path / "contacts.yaml.bak").exists()


def test_init_with_a_name_puts_you_in_and_the_file_takes_edits(tmp_path: Path) -> None:
    assert run(tmp_path, "init", "--name", "Ana Berg").exit_code == 0
    path = tmp_path / "contacts.yaml"
    network = parse_network(path.read_text(encoding="utf-8"))
    assert network.me == "ana-berg" and network.people["ana-berg"].name == "Ana Berg"
    for args in (["add", "bob", "--name", "Bob"], ["connect", "bob", "--strength", "close"], ["check"]):
        assert run(tmp_path, *args).exit_code == 0, args
    text = path.read_text(encoding="utf-8")
    assert "  #   name: Bob Sjöberg            # the one required field" in text  # the examples stay
    assert parse_network(text).relationship("ana-berg", "bob").strength == "close"


def test_init_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_bytes(b"people:\n  x: {name: X}\n")
    result = run(tmp_path, "init", "--name", "Ana Berg")
    assert result.exit_code == 2
    assert "already exists, and init never overwrites a file" in result.stderr
    assert "warmintro --contacts other.yaml init" in result.stderr
    assert path.read_bytes() == b"people:\n  x: {name: X}\n"


def test_init_from_linkedin_imports_into_the_new_file(tmp_path: Path) -> None:
    result = run(tmp_path, "init", "--me", "ana", "--name", "Ana Berg", "--from-linkedin", str(CONNECTIONS), "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["created"] and document["me"] == "ana"
    assert document["import"]["counts"]["added"] == 8
    network = parse_network((tmp_path / "contacts.yaml").read_text(encoding="utf-8"))
    assert len(network.people) == 9
    assert all("ana" in rel.pair for rel in network.relationships)


def test_init_refuses_what_it_cannot_do_and_creates_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text('First Name,Last Name\n"Ann,Lee\n', encoding="utf-8")
    for args, message in (
        (["--me", "ana"], "--me needs --name too"),
        (["--from-linkedin", str(CONNECTIONS)], "add --name 'Your Name'"),
        (["--name", "Ana", "--from-linkedin", str(bad)], "bad.csv"),
        (["--name", "Ana", "--me", "-x"], "not a valid id"),
    ):
        result = run(tmp_path, "init", *args)
        assert result.exit_code == 2, args
        assert message in result.stderr, (args, result.stderr)
        assert not (tmp_path / "contacts.yaml").exists()


def test_init_dry_run_writes_nothing(tmp_path: Path) -> None:
    result = run(tmp_path, "init", "--name", "Ana Berg", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.startswith("Would create")
    assert list(tmp_path.iterdir()) == []


def test_check_on_a_new_file_tells_you_how_to_add_people_not_a_tie_to_yourself(tmp_path: Path) -> None:
    assert run(tmp_path, "init", "--name", "Ana Berg").exit_code == 0
    result = run(tmp_path, "check")
    assert result.exit_code == 0
    said = " ".join(result.output.split())
    assert "'ana-berg' (Ana Berg, you) knows nobody in the file yet" in said
    assert "warmintro connect ana-berg ID --strength good" in said
    assert "between: [ana-berg, ana-berg]" not in said
