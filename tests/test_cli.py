"""The command line, as a user runs it: exit codes, exact output, JSON for scripts."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import BashComplete

from conftest import FIXTURES, ROOT, SAMPLE, write
from warmintro.cli import cli
from warmintro.fileformat import load_network

GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = "2026-11-26"


def test_path_prints_the_warmest_introductions(run) -> None:
    result = run("path", "alice", "bob", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / "path_alice_bob.txt").read_text(encoding="utf-8")
    assert result.stderr == ""
    assert "Ask Carol Virtanen (Pactbank) first." in result.stdout


def test_path_from_defaults_to_me_and_names_resolve(run) -> None:
    by_id = run("path", "alice", "bob", "--as-of", AS_OF, "--json")
    by_name = run("path", "sjoberg", "--as-of", AS_OF, "--json")
    assert by_id.exit_code == by_name.exit_code == 0
    assert json.loads(by_id.stdout) == json.loads(by_name.stdout)


def test_path_json_is_the_documented_shape(run, sample) -> None:
    result = run("path", "bob", "--as-of", AS_OF, "--json", "-k", "2")
    assert result.exit_code == 0
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert list(doc) == ["from", "to", "as_of", "paths"]
    assert (doc["from"], doc["to"], doc["as_of"]) == ("alice", "bob", str(AS_OF))
    assert len(doc["paths"]) == 2
    best = doc["paths"][0]
    assert list(best) == ["people", "warmth", "relay", "hops"]
    assert best["people"] == ["alice", "carol", "bob"]
    assert list(best["hops"][0]) == ["from", "to", "strength", "warmth", "how", "source"]
    assert best["hops"][1] == {
        "from": "carol",
        "to": "bob",
        "strength": "good",
        "warmth": 0.6,
        "how": "Both speak at the Helsinki SaaS meetup.",
        "source": str(sample),
    }
    assert best["warmth"] == best["hops"][0]["warmth"] * best["hops"][1]["warmth"]


def test_no_path_exits_1(run, tmp_path) -> None:
    path = write(
        tmp_path, "people: {a: {name: Ann}, b: {name: Ben}, c: {name: Cy}}\nrelationships: [{between: [a, c]}]\n"
    )
    result = run("path", "a", "b", contacts=path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("no path from Ann to Ben within 4 hops")
    as_json = run("path", "a", "b", "--json", contacts=path)
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == {"from": "a", "to": "b", "as_of": dt.date.today().isoformat(), "paths": []}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["path", "bobb"], "no person 'bobb' in"),
        (["path", "ma"], "'ma' could be 5 people"),
        (["path", "alice", "alice"], "'alice' is both the start and the end"),
        (["path", "bob", "--avoid", "bob"], "cannot avoid 'bob'"),
        (
            ["path", "bob", "--as-of", "last week"],
            "'last week' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (or 'today', 'yesterday')",
        ),
        (["path", "bob", "-k", "0"], "0 is not in the range 1<=x<=1000"),
        (["path", "a", "b", "c"], "takes [FROM] TO"),
        (["mutual", "bob", "bob"], "is named twice"),
        (["show", "nobody"], "no person 'nobody'"),
    ],
)
def test_bad_usage_exits_2_with_a_message(run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_without_me_from_is_required(run, tmp_path) -> None:
    path = write(tmp_path, "people: {a: {name: Ann}, b: {name: Ben}}\nrelationships: [{between: [a, b]}]\n")
    result = run("path", "b", contacts=path)
    assert result.exit_code == 2
    assert "has no 'me:'" in result.stderr
    assert run("path", "a", "b", contacts=path).exit_code == 0


def test_broken_file_lists_every_problem_and_exits_2(run) -> None:
    path = FIXTURES / "broken" / "many_problems.yaml"
    for command in (["check"], ["path", "bob"], ["mutual", "bob"], ["show", "bob"], ["people"]):
        result = run(*command, contacts=path)
        assert result.exit_code == 2, command
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert lines[0].startswith(f"{path}:9:5: misspelt field 'compnay' in person 'carol'")
        assert lines[1].startswith(f"{path}:9:5: person 'carol' has no name")
        assert lines[-1] == f"5 problems in {path}; nothing was changed."
        assert len(lines) == 6


def test_check_summarises_the_sample(run) -> None:
    result = run("check")
    assert result.exit_code == 0
    assert "OK · 43 people, 85 relationships, 15 organisations" in result.stdout
    assert "Alice Lindqvist (me) reaches 42 of 42 people within 4 hops" in result.stdout


def test_check_lists_warnings_and_still_passes(run) -> None:
    result = run("check", contacts=FIXTURES / "warnings.yaml")
    assert result.exit_code == 0
    assert "7 warnings:" in result.stdout
    assert "unknown field 'birthday' in person 'bob'; it is kept but not used" in result.stdout
    assert "the tag 'investor, vc' of person 'bob' holds a comma" in result.stdout
    assert "'zoe' (Zoe Quinn) has no relationships" in result.stdout


def test_check_json(run) -> None:
    good = run("check", "--json")
    assert good.exit_code == 0
    doc = json.loads(good.stdout)
    assert doc["ok"] is True and doc["people"] == 43 and doc["warnings"] == []
    bad = run("check", "--json", contacts=FIXTURES / "broken" / "unknown_person.yaml")
    assert bad.exit_code == 2
    doc = json.loads(bad.stdout)
    assert doc["ok"] is False
    assert [(e["line"], e["column"], e["hint"]) for e in doc["errors"]] == [
        (8, 22, "did you mean 'bob'?"),
        (9, 22, "use the id 'carol', not the name"),
    ]


def test_missing_contacts_file_says_how_to_fix(tmp_path) -> None:
    result = CliRunnerInDir(tmp_path).invoke(["path", "bob"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "contacts.yaml: contacts file not found (start one with 'warmintro init', pass --contacts PATH"
    )


def test_contacts_from_environment(monkeypatch) -> None:
    from click.testing import CliRunner

    monkeypatch.setenv("WARMINTRO_CONTACTS", str(SAMPLE))
    result = CliRunner().invoke(cli, ["people", "pactbank", "--json"])
    assert result.exit_code == 0
    assert [p["id"] for p in json.loads(result.stdout)["people"]] == ["carol", "mikael", "sanna", "oskar"]


def test_mutual(run) -> None:
    result = run("mutual", "bob", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.stdout == (GOLDEN / "mutual_alice_bob.txt").read_text(encoding="utf-8")
    doc = json.loads(run("mutual", "alice", "bob", "--json", "--as-of", AS_OF).stdout)
    assert [m["id"] for m in doc["mutual"]] == ["carol", "victor", "eve"]


def test_mutual_none_exits_1(run) -> None:
    result = run("mutual", "jonas", "ville")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Jonas Berg and Ville Nurmi have no mutual contacts" in result.stderr


def test_show_and_people(run) -> None:
    show = run("show", "carol", "--as-of", AS_OF)
    assert show.exit_code == 0
    assert "Carol Virtanen" in show.stdout and "Knows 10 people, warmest first" in show.stdout
    doc = json.loads(run("show", "carol", "--json", "--as-of", AS_OF).stdout)
    assert doc["id"] == "carol" and doc["company"] == "Pactbank"
    assert doc["relationships"][0]["with"] == "mikael"  # close, never decayed
    warmths = [r["warmth"] for r in doc["relationships"]]
    assert warmths == sorted(warmths, reverse=True)
    people = run("people", "cfo")
    assert people.exit_code == 0
    assert "4 of 43 people matching 'cfo'" in people.stdout
    assert run("people", "nobody-at-all").exit_code == 1


def test_names_are_data_not_markup_or_terminal_codes(run, tmp_path) -> None:
    path = write(
        tmp_path,
        'me: a\npeople:\n  a: {name: "[bold red]Ann[/]"}\n  b: {name: "Ben\\e[2J\\u202e"}\n'
        '  c: {name: "Cy {{ 7*7 }}"}\n'
        'relationships:\n  - {between: [a, c], how: "[link=http://x]click[/link]"}\n  - {between: [c, b]}\n',
    )
    result = run("path", "b", contacts=path)
    assert result.exit_code == 0
    assert "[bold red]Ann[/]" in result.stdout
    assert "Ben\\x1b[2J\\u202e" in result.stdout
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "[link=http://x]click[/link]" in result.stdout
    assert "Cy {{ 7*7 }}" in result.stdout


def test_no_colour_when_not_a_terminal(run) -> None:
    result = run("path", "bob")
    assert "\x1b[" not in result.stdout


def test_python_dash_m(tmp_path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "warmintro", "--contacts", str(SAMPLE), "path", "bob", "--json", "--as-of", AS_OF],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 0
    assert json.loads(out.stdout)["paths"][0]["people"] == ["alice", "carol", "bob"]


def test_the_command_leaves_without_teardown_but_with_its_output_and_exit_code(tmp_path: Path) -> None:
    """`python -m warmintro`, as the console script, leaves with os._exit once the command is
    done: every byte written is flushed first, the exit code is the command's, and a reader
    that goes away early gets no complaint on stderr."""
    command = [sys.executable, "-m", "warmintro", "--contacts", str(SAMPLE)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    people = subprocess.run([*command, "people", "--json"], capture_output=True, text=True, env=env)
    assert people.returncode == 0
    assert len(json.loads(people.stdout)["people"]) == len(load_network(SAMPLE).people)
    missing = subprocess.run([*command, "path", "nobody-at-all"], capture_output=True, text=True, env=env)
    assert missing.returncode == 2 and "no person 'nobody-at-all'" in missing.stderr
    many = tmp_path / "many.yaml"  # more output than a pipe holds
    many.write_text("people:\n" + "".join(f"  p{i}: {{name: Person Number {i}}}\n" for i in range(3000)))
    for query in (["people"], ["people", "--json"]):
        with subprocess.Popen(
            [sys.executable, "-m", "warmintro", "--contacts", str(many), *query],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        ) as early:
            assert early.stdout is not None and early.stderr is not None
            early.stdout.readline()
            early.stdout.close()  # the reader goes away, as `warmintro people | head -1` does
            complaint = early.stderr.read()
        assert (early.returncode, complaint) == (0, b""), query


@pytest.mark.parametrize(("leaves", "code"), [("sys.exit(3)", 3), ("None", 0), ("sys.exit('a message')", 1)])
def test_main_flushes_what_was_written_and_keeps_the_exit_code(leaves: str, code: int) -> None:
    program = (
        "import sys, warmintro.cli as entry\n"
        f"entry.cli = lambda **given: (sys.stdout.write('written, not flushed'), {leaves})\n"
        "entry.main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"} | {"PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env)
    assert (out.returncode, out.stdout) == (code, "written, not flushed")
    assert out.stderr == ("a message\n" if code == 1 else "")


def test_completion_of_people(monkeypatch) -> None:
    monkeypatch.setenv("WARMINTRO_CONTACTS", str(SAMPLE))
    complete = BashComplete(cli, {}, "warmintro", "_WARMINTRO_COMPLETE")
    items = complete.get_completions(["path"], "sj")
    assert [(i.value, i.help) for i in items] == [("bob", "Bob Sjöberg")]
    assert [i.value for i in complete.get_completions(["--contacts", str(SAMPLE), "mutual"], "car")] == ["carol"]
    # a broken file gives no completions and no traceback
    monkeypatch.setenv("WARMINTRO_CONTACTS", str(FIXTURES / "broken" / "empty.yaml"))
    assert complete.get_completions(["path"], "b") == []


def test_completion_script(run) -> None:
    result = run("completion", "bash")
    assert result.exit_code == 0
    assert "_WARMINTRO_COMPLETE" in result.stdout


class CliRunnerInDir:
    """Run in a directory with no contacts.yaml and no WARMINTRO_CONTACTS."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def invoke(self, args: list[str]):
        from click.testing import CliRunner

        runner = CliRunner(env={"WARMINTRO_CONTACTS": None})
        cwd = os.getcwd()
        os.chdir(self.directory)
        try:
            return runner.invoke(cli, args)
        finally:
            os.chdir(cwd)
