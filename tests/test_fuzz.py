"""Property-based fuzzing: the loader, both importers and every writing command, fed random and
mutated bytes (see tests/fuzzing.py for the inputs and the invariant).

The normal suite runs a short, reproducible pass of each; ``WARMINTRO_LONG_FUZZ=N python -m
pytest tests/test_fuzz.py`` runs N random examples of each. Inputs that found a bug are kept in
tests/corpus/ and seed every later run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import (
    CORPUS,
    SAMPLE,
    Hang,
    fuzz_settings,
    hostile_inputs,
    hostile_words,
    keep_found,
    seeds,
    time_limit,
    unsafe_character,
)
from warmintro.cli import cli
from warmintro.errors import ContactsError
from warmintro.fileformat import dump_network, load_network, parse_network, parse_network_with_problems
from warmintro.fileformat.decode import decode
from warmintro.importers import Parsed, SourceError
from warmintro.importers.google import read_google
from warmintro.importers.linkedin import read_linkedin
from warmintro.importers.outlook import read_outlook
from warmintro.importers.vcard import read_vcards

#: Seconds an example may take: a command on a small file takes milliseconds.
LIMIT = 10.0


@pytest.fixture(autouse=True)
def _debug(monkeypatch: pytest.MonkeyPatch) -> None:
    # an unexpected exception re-raises (and fails the example) instead of "internal error", exit 70
    monkeypatch.setenv("WARMINTRO_DEBUG", "1")


@contextmanager
def workdir() -> Iterator[Path]:
    """A fresh folder for an example, also the current one: whatever path a hostile argument
    names, relative paths land in it."""
    before = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="warmintro-fuzz-") as name:
        os.chdir(name)
        try:
            yield Path(name)
        finally:
            os.chdir(before)


def invoke(contacts: Path, *args: str, stdin: bytes | None = None) -> Result:
    """Run warmintro as a user would; any exception escaping it fails the test, and so does
    running past LIMIT (the files of the example are kept, see `keep_found`)."""
    try:
        with time_limit(LIMIT):
            result = CliRunner().invoke(cli, ["--contacts", str(contacts), *args], input=stdin, catch_exceptions=False)
    except Hang:
        kept = keep_found(contacts.parent, args)
        raise AssertionError(f"warmintro {args} ran longer than {LIMIT} s; the files are in {kept}") from None
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output)
    assert "Traceback" not in result.output
    assert "internal error" not in result.stderr
    return result


def assert_clean_failure(result: Result, *names: str) -> None:
    """Exit 2 with a message on stderr naming one of `names` (the file at fault)."""
    assert result.exit_code == 2
    assert result.stderr.strip(), "no message"
    assert any(name in result.stderr for name in names), result.stderr


def people_of(path: Path) -> dict[str, str]:
    network = load_network(path)
    return {pid: person.name for pid, person in network.people.items()}


# --------------------------------------------------------------------------------------------
# The loader


@fuzz_settings(short=300)
@given(data=hostile_inputs("yaml"))
def test_the_loader_reads_any_bytes_or_says_what_is_wrong(data: bytes) -> None:
    with time_limit(LIMIT):
        try:
            network, problems = parse_network_with_problems(decode(data, "f.yaml"), "f.yaml")
        except ContactsError as exc:  # not text: the encoding is named
            network, problems = None, exc.problems
    if network is None or any(p.severity == "error" for p in problems):
        assert problems and all(p.file == "f.yaml" and p.message for p in problems)
        assert all(p.line is not None for p in problems if "is not valid YAML" in p.message)
        return
    # a file that loads saves and loads back as the same network
    again, problems = parse_network_with_problems(dump_network(network), "f.yaml")
    assert again is not None and not [p for p in problems if p.severity == "error"], problems
    assert again.people == network.people
    assert again.relationships == network.relationships


@fuzz_settings(short=60)
@given(data=hostile_inputs("yaml"))
def test_reading_commands_answer_or_fail_cleanly_on_any_file(data: bytes) -> None:
    with workdir() as where:
        contacts = where / "contacts.yaml"
        contacts.write_bytes(data)
        check = invoke(contacts, "check", "--json")
        document = json.loads(check.stdout)
        if check.exit_code:
            assert_clean_failure(check, str(contacts))
            assert document["ok"] is False
            syntax = [e for e in document["errors"] if "is not valid YAML" in e["message"]]
            assert all(e["line"] and e["column"] for e in syntax), syntax
            human = invoke(contacts, "check")
            assert_clean_failure(human, str(contacts))
            for line in human.stderr.splitlines():
                if "is not valid YAML" in line:
                    assert re.search(rf"{re.escape(str(contacts))}:\d+:\d+: ", line), line
            return
        for args in (["check"], ["people"], ["people", "--json"], ["export", "-f", "dot"], ["intros"], ["followups"]):
            invoke(contacts, *args)
        json.loads(invoke(contacts, "export", "-f", "json").stdout)
        ElementTree.fromstring(invoke(contacts, "export", "-f", "graphml").stdout_bytes)  # valid XML
        ids = list(document.get("isolated", [])) or list(people_of(contacts))[:1]
        for pid in ids[:1]:
            invoke(contacts, "show", pid)


_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=40)
_HOSTILE_TEXT = st.one_of(_TEXT, hostile_words.filter(lambda w: not any(0xD800 <= ord(c) <= 0xDFFF for c in w)))


@st.composite
def valid_networks(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    """A valid contacts file whose every text is hostile (markup, escapes, templates, any
    Unicode), written by PyYAML so that it loads; and its ids."""
    ids = [f"p{i}" for i in range(draw(st.integers(2, 6)))]
    name = _HOSTILE_TEXT.filter(lambda t: t.strip())
    people = {}
    for pid in ids:
        person: dict[str, object] = {"name": draw(name)}
        for field in ("company", "title", "about", "email", "location"):
            if draw(st.booleans()):
                person[field] = draw(_HOSTILE_TEXT)
        if draw(st.booleans()):
            person["tags"] = draw(st.lists(_HOSTILE_TEXT, max_size=3))
        people[pid] = person
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, min_size=1, max_size=len(pairs)))
    strengths = st.sampled_from(("close", "strong", "good", "weak", "acquaintance"))
    relationships = [
        {"between": list(pair), "strength": draw(strengths), "how": draw(_HOSTILE_TEXT)} for pair in chosen
    ]
    data: dict[str, object] = {"me": ids[0], "people": people, "relationships": relationships}
    if len(ids) >= 3 and draw(st.booleans()):
        note = {"date": "2026-11-02", "status": "asked", "note": draw(_HOSTILE_TEXT)}
        ask = {"id": "x1", "date": "2026-11-01", "requester": ids[0], "connector": ids[1], "target": ids[2]}
        data["intros"] = [{**ask, "purpose": draw(_HOSTILE_TEXT), "status": "asked", "notes": [note]}]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8"), ids


@fuzz_settings(short=20)
@given(case=valid_networks(), purpose=_HOSTILE_TEXT)
def test_every_query_shows_hostile_text_inert(case: tuple[bytes, list[str]], purpose: str) -> None:
    data, ids = case
    with workdir() as where:
        contacts = where / "contacts.yaml"
        contacts.write_bytes(data)
        far = ids[-1]
        for args in (
            ["check"],
            ["path", far, "--as-of", "2026-11-26"],
            ["mutual", far],
            ["show", ids[1]],
            ["people"],
            ["connectors"],
            ["find", "--tag", "x"],
            ["draft", far, "--purpose", purpose, "--as-of", "2026-11-26"],
            ["draft", far, "--direct"],
            ["intros", "--as-of", "2026-11-26"],
            ["followups", "--as-of", "2026-12-31"],
        ):
            result = invoke(contacts, *args)
            assert result.exit_code in (0, 1), (args, result.output)
            assert unsafe_character(result.output) is None, (args, result.output)
        for args in (["path", far, "--json"], ["show", far, "--json"], ["draft", far, "--purpose", purpose, "--json"]):
            result = invoke(contacts, *args)
            assert unsafe_character(result.stdout) is None, (args, result.stdout)  # JSON escapes them
            if result.exit_code == 0:
                json.loads(result.stdout)
        ElementTree.fromstring(invoke(contacts, "export", "-f", "gexf").stdout_bytes)


# --------------------------------------------------------------------------------------------
# The importers


READERS: dict[str, Callable[[bytes, str], Parsed]] = {
    "csv": read_linkedin,
    "vcf": read_vcards,
    "google": read_google,
    "outlook": read_outlook,
}


@pytest.mark.parametrize("kind", READERS)
def test_the_readers_read_any_bytes_or_say_what_is_wrong(kind: str) -> None:
    """Every importer: the records found, each named and placed, or an error naming the file."""
    source = f"c.{kind}"

    @fuzz_settings(short=300)
    @given(data=hostile_inputs("vcf" if kind == "vcf" else "csv"))
    def run(data: bytes) -> None:
        with time_limit(LIMIT):
            try:
                parsed = READERS[kind](data, source)
            except SourceError as exc:
                assert str(exc).startswith(source)  # noqa: PT017 - inside a hypothesis example
                return
        assert parsed.source.startswith(source)
        for record in parsed.records:
            assert record.name and record.name.strip() == record.name
            assert record.where.startswith(source)

    run()


def assert_kept_or_grown(contacts: Path, before: bytes, result: Result, command: str = "") -> None:
    """A writing command's result: unchanged after a failure or a dry run; after a success, a
    valid file that still holds everyone it held (but the one `remove` or `merge` took out, or
    `rename` renamed), with the old version in the backup."""
    after = contacts.read_bytes()
    if result.exit_code != 0 or after == before:
        assert after == before
        return
    old = {pid: p.name for pid, p in parse_network(decode(before, "old"), "old").people.items()}
    new = people_of(contacts)
    if command in ("remove", "merge"):
        assert new.items() <= old.items() and len(new) == len(old) - 1
    elif command == "rename":
        assert sorted(new.values()) == sorted(old.values()) and len(set(new) - set(old)) == 1
    else:
        assert old.items() <= new.items()
    assert Path(f"{contacts}.bak").read_bytes() == before


@pytest.mark.parametrize("kind", ["linkedin", "vcard", "google", "outlook"])
def test_importing_any_export_keeps_the_contacts_file_whole(kind: str) -> None:
    @fuzz_settings(short=40)
    @given(data=hostile_inputs("vcf" if kind == "vcard" else "csv"), dry_run=st.booleans())
    def run(data: bytes, dry_run: bool) -> None:
        with workdir() as where:
            contacts = where / "contacts.yaml"
            shutil.copyfile(SAMPLE, contacts)
            export = where / ("export.vcf" if kind == "vcard" else "export.csv")
            export.write_bytes(data)
            before = contacts.read_bytes()
            result = invoke(contacts, "import", kind, str(export), *(["--dry-run"] if dry_run else []))
            if result.exit_code:
                assert_clean_failure(result, str(export), str(contacts))
            assert_kept_or_grown(contacts, before, result)

    run()


@fuzz_settings(short=40)
@given(contacts_data=hostile_inputs("yaml"), export=st.sampled_from(seeds("vcf")))
def test_importing_into_any_contacts_file_writes_a_valid_file_or_nothing(contacts_data: bytes, export: bytes) -> None:
    with workdir() as where:
        contacts = where / "contacts.yaml"
        contacts.write_bytes(contacts_data)
        (where / "e.vcf").write_bytes(export)
        result = invoke(contacts, "import", "vcard", str(where / "e.vcf"), "--as", "alice")
        if result.exit_code:
            assert_clean_failure(result, str(contacts), "alice", "e.vcf")
        assert_kept_or_grown(contacts, contacts_data, result)


# --------------------------------------------------------------------------------------------
# add, connect, touch, remove, rename, merge, disconnect, draft --record, intros update and
# remove, draft --out


def _writing_args(draw: st.DrawFn, ids: list[str]) -> list[str]:
    # an argument that starts with "-" is an option to click ("-c other.yaml" names another file)
    positional = hostile_words.filter(lambda word: not word.startswith("-"))
    someone = st.one_of(st.sampled_from(ids or ["alice"]), positional).filter(lambda word: not word.startswith("-"))
    command = draw(
        st.sampled_from(
            ("add", "connect", "touch", "draft --record", "intros update", "intros remove")
            + ("remove", "rename", "merge", "disconnect")
        )
    )
    if command in ("remove", "rename", "merge", "disconnect"):
        args = [command, draw(someone)]
        if command in ("merge", "disconnect") or (command == "rename" and draw(st.booleans())):
            args.append(draw(someone))
        elif command == "rename":
            args.append(draw(st.one_of(st.sampled_from(("zoe", "Zoë.2", "-x", "")), positional)))
        if command == "remove" and draw(st.booleans()):
            args.append("--force")
    elif command == "add":
        args = ["add", draw(st.one_of(st.sampled_from(("zoe", "z.o-e_1", "Zoë")), positional)), "--name"]
        args.append(draw(hostile_words))
        for option in ("--company", "--title", "--email", "--about", "--tag"):
            if draw(st.booleans()):
                args += [option, draw(hostile_words)]
        if draw(st.booleans()):
            args.append("--me")
    elif command == "connect":
        args = ["connect", *draw(st.lists(someone, min_size=1, max_size=2))]
        if draw(st.booleans()):
            args += ["--strength", draw(st.one_of(st.sampled_from(("close", "5", "0", "warm")), hostile_words))]
        if draw(st.booleans()):
            args += ["--how", draw(hostile_words)]
        if draw(st.booleans()):
            args += ["--since", draw(st.sampled_from(("2004", "2026-13", "today", "0000", "9999-12-31", "x")))]
        if draw(st.booleans()):
            args += ["--channel", draw(hostile_words)]
    elif command == "touch":
        args = ["touch", *draw(st.lists(someone, min_size=1, max_size=2))]
        if draw(st.booleans()):
            args += ["--date", draw(st.sampled_from(("2026-11-27", "2026-02-30", "today", "1", "x")))]
    elif command == "draft --record":
        args = ["draft", *draw(st.lists(someone, min_size=1, max_size=2)), "--purpose", draw(hostile_words)]
        args += ["--record", "--as-of", draw(st.sampled_from(("2026-11-26", "1900-01-01", "9999-12-31")))]
    elif command == "intros remove":
        ask = draw(st.one_of(st.sampled_from(("2026-11-26-carol-bob", "2026", "a1")), positional))
        args = ["intros", "remove", ask, *(["--force"] if draw(st.booleans()) else [])]
    else:
        ask = draw(st.one_of(st.sampled_from(("2026-11-26-carol-bob", "2026", "a1")), positional))
        status = draw(st.sampled_from(("asked", "opted-in", "met", "declined", "nope", "")))
        args = ["intros", "update", ask, *([status] if status else [])]
        for option in ("--note", "--date"):
            if draw(st.booleans()):
                args += [option, draw(st.one_of(hostile_words, st.just("2026-11-27")))]
        if draw(st.booleans()):
            args.append("--force")
    if draw(st.booleans()):
        args.append(draw(st.sampled_from(("--dry-run", "--json"))))
    return args


@st.composite
def writing_commands(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    data = draw(st.one_of(st.just(SAMPLE.read_bytes()), hostile_inputs("yaml")))
    ids: list[str] = []
    try:
        loaded = yaml.safe_load(data)
        ids = [str(k) for k in (loaded.get("people") or {})] if isinstance(loaded, dict) else []
    except Exception:  # any exception: the file is hostile, ids are only a help to the fuzzer
        ids = []
    return data, _writing_args(draw, ids)


@fuzz_settings(short=150)
@given(case=writing_commands())
def test_writing_commands_write_a_valid_file_or_nothing(case: tuple[bytes, list[str]]) -> None:
    data, args = case
    with workdir() as where:
        contacts = where / "contacts.yaml"
        contacts.write_bytes(data)
        result = invoke(contacts, *args)
        if result.exit_code:
            assert result.stderr.strip()
        assert_kept_or_grown(contacts, data, result, args[0])
        if result.exit_code == 0 and "--json" in args:
            json.loads(result.stdout)
        # nothing but the file, its backup and its lock
        assert {p.name for p in where.iterdir()} <= {"contacts.yaml", "contacts.yaml.bak", ".contacts.yaml.lock"}


@fuzz_settings(short=40)
@given(data=st.one_of(st.just(SAMPLE.read_bytes()), hostile_inputs("yaml")), eml=st.booleans())
def test_draft_out_writes_whole_files_in_the_folder_or_nothing(data: bytes, eml: bool) -> None:
    with workdir() as where:
        contacts = where / "contacts.yaml"
        contacts.write_bytes(data)
        out = where / "drafts"
        args = ["draft", "alice", "bob", "--purpose", "x", "--as-of", "2026-11-26", "--out", str(out)]
        result = invoke(contacts, *args, *(["--eml"] if eml else []))
        assert contacts.read_bytes() == data
        if result.exit_code == 0:
            files = sorted(out.iterdir())
            assert files and all(not p.name.startswith(".") for p in files)
            for file in files:
                assert file.read_bytes().decode("utf-8")
        else:
            assert result.stderr.strip()
            assert not out.exists() or not any(out.iterdir())
        assert {p.name for p in where.iterdir()} <= {"contacts.yaml", "drafts"}


# --------------------------------------------------------------------------------------------
# The corpus: every input that once broke something, through its reader and its commands


@pytest.mark.parametrize(
    "found", sorted(p for p in CORPUS.glob("*/*") if p.parent.name in ("yaml", "csv", "vcf")), ids=lambda p: p.name
)
def test_the_corpus(found: Path) -> None:
    with workdir() as where:
        contacts = where / "contacts.yaml"
        if found.parent.name == "yaml":
            shutil.copyfile(found, contacts)
            result = invoke(contacts, "check")
            if result.exit_code:
                assert_clean_failure(result, str(contacts))
                assert re.search(rf"{re.escape(str(contacts))}(:\d+:\d+)?: ", result.stderr)
            before = contacts.read_bytes()
            assert_kept_or_grown(contacts, before, invoke(contacts, "add", "zoe", "--name", "Zoë"))
            return
        shutil.copyfile(SAMPLE, contacts)
        before = contacts.read_bytes()
        kind = "linkedin" if found.suffix == ".csv" else "vcard"
        result = invoke(contacts, "import", kind, str(found))
        if result.exit_code:
            assert_clean_failure(result, str(found))
        assert_kept_or_grown(contacts, before, result)
