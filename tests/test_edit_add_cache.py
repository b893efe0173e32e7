"""`add` on a large cached file brings the cache up to date in place (warmintro.editing.recache).

The law: after people are added (and, in the same edit, connected) through the window, the
next command reads the cache, not the file, and every answer is what a fresh parse of the
written bytes gives: the entries with their order and lines, the warnings, completion, who
may be one person (`check`, `duplicates`) and `people --json`."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_edit_window import assert_same, cache_file_of, loaded_as, no_parsing

from strategies import networks
from warmintro.cache.loader import load_network_cached
from warmintro.cache.network import CachedNetwork
from warmintro.cache.store import complete_from_cache
from warmintro.editing import transaction
from warmintro.editing.transaction import edit_contacts
from warmintro.fileformat.writer import dump_network
from warmintro.model import Network
from warmintro.sources.identity import find_pairs

#: Ids that sort before, between and after the generated ones (p0, p1, ...).
NEW_IDS = st.sampled_from(["a-new", "p1a", "p", "zed", "p0-0", "q.9"])
#: Fields of a new person: a name like someone's (a possible double), an address, a company
#: (maybe one nobody else has), an about that reads like private notes.
COMPANIES = st.sampled_from(["Pactbank", "Benchmark Oy", "ACME Inc."])
ABOUTS = st.sampled_from(["Builds payment systems.", "Her kids are 5 and 7", "Call +358 40 123 4567"])


@st.composite
def additions(draw: st.DrawFn, network: Network) -> list[tuple[str, dict[str, object], list[str]]]:
    """One to three `add` edits: (new id, fields, people to connect the new one to)."""
    ids = draw(st.lists(NEW_IDS, min_size=1, max_size=3, unique=True))
    names = [*(p.name for p in network.people.values()), "Zoë Lind", "Bench Person"]
    found = []
    for pid in ids:
        fields: dict[str, object] = {"name": draw(st.sampled_from(names))}
        if draw(st.booleans()):
            fields["company"] = draw(COMPANIES)
        if draw(st.booleans()):
            fields["email"] = draw(st.sampled_from(["zoe@example.com", "p0@example.com"]))
        if draw(st.booleans()):
            fields["about"] = draw(ABOUTS)
        if draw(st.booleans()):
            fields["tags"] = ("saas",)
        knows = draw(st.lists(st.sampled_from(list(network.people)), max_size=2, unique=True))
        found.append((pid, fields, knows))
    return found


@contextmanager
def large_file(text: str) -> Iterator[tuple[Path, list[bool]]]:
    """A file that edit_contacts treats as large, with its own cache folder; and the answers of
    `patch_cache`, one an edit."""
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(transaction, "WINDOWED_CHARS", 0)
        patch.setenv("WARMINTRO_CACHE_DIR", str(Path(folder) / "cache"))
        patch.delenv("WARMINTRO_NO_CACHE", raising=False)
        patched: list[bool] = []
        real = transaction.patch_cache
        patch.setattr(transaction, "patch_cache", lambda *args: patched.append(real(*args)) or patched[-1])
        path = Path(folder) / "contacts.yaml"
        path.write_text(text, encoding="utf-8")
        yield path, patched


def answers(path: Path, cached: bool) -> list[object]:
    """What `check`, `duplicates` and `people` say about `path`, as JSON, read through its cache
    or not."""
    from warmintro.cli import cli

    env = {} if cached else {"WARMINTRO_NO_CACHE": "1"}
    said = []
    for command in (["check", "--json"], ["duplicates", "--json"], ["people", "--json"]):
        result = CliRunner().invoke(cli, ["--contacts", str(path), *command], env=env, catch_exceptions=False)
        said.append((result.exit_code, json.loads(result.stdout)))
    return said


def assert_answers_as_fresh(path: Path, network: Network) -> None:
    full, _ = loaded_as(path.read_text(encoding="utf-8"), str(path))
    assert [p.to_json() for p in find_pairs(network)] == [p.to_json() for p in find_pairs(full)]
    assert network.organisation_count() == full.organisation_count()
    assert network.private_looking_abouts() == full.private_looking_abouts()
    assert dict(network.names()) == dict(full.names())
    for prefix in ("p", "z", "b", "ben", "a"):
        expected = [(pid, p.name) for pid, p in full.people.items() if _completes(pid, p.name, prefix)]
        assert sorted(complete_from_cache(path, prefix) or []) == sorted(expected)
    assert answers(path, cached=True) == answers(path, cached=False)


def _completes(pid: str, name: str, prefix: str) -> bool:
    from warmintro.queries.resolve import name_words
    from warmintro.text import fold

    words = " ".join([fold(pid), *name_words(name)])
    return words.startswith(prefix) or f" {prefix}" in words


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), network=networks(min_people=3, max_people=6), asks_after=st.booleans())
def test_add_patches_the_cache_as_a_fresh_parse_reads(data: st.DataObject, network: Network, asks_after: bool) -> None:
    assume(network.relationships)  # (`relationships: []` is a flow section: the window leaves it be)
    text = dump_network(network)
    ids = list(network.people)
    if asks_after:
        text += f"intros:\n  - {{id: ask-1, date: 2026-01-02, requester: {ids[0]}, connector: {ids[1]}, "
        text += f"target: {ids[2]}, purpose: Hiring, status: asked}}\n"
    steps = data.draw(additions(network))
    with large_file(text) as (path, patched):
        load_network_cached(path)  # a query made the cache
        for pid, fields, knows in steps:
            with edit_contacts(path) as (editor, _):
                editor.add_person(pid, fields)  # type: ignore[arg-type]
                for other in knows:
                    editor.add_relationship(pid, other, {"strength": "good"})
            assert editor.rendered_by == "window"
            assert patched[-1], "the cache was not brought up to date"
            with pytest.MonkeyPatch.context() as during:
                no_parsing(during)
                read = load_network_cached(path)  # warm: the file is not parsed
            assert isinstance(read[0], CachedNetwork)
            assert_same(read, loaded_as(path.read_text(encoding="utf-8"), str(path)))
        assert_answers_as_fresh(path, read[0])
        header, _ = cache_file_of(path)
        assert header["people"] == len(network.people) + len(steps)


def test_add_after_a_cached_query_reads_nothing_and_leaves_the_cache_warm(tmp_path: Path) -> None:
    """The example of the issue: a person added to a cached file, found by the next query from
    the cache; a double of someone already there is found by `duplicates` all the same."""
    text = "people:\n  ann: {name: Ann Lee, email: ann@example.com}\n  bo: {name: Bo}\nrelationships:\n"
    text += "  - {between: [ann, bo], strength: good}\n"
    with large_file(text) as (path, patched):
        load_network_cached(path)
        with edit_contacts(path) as (editor, _):
            editor.add_person("ann-2", {"name": "Ann Lee", "company": "Pactbank", "email": "ann@example.com"})
        assert patched == [True]
        with pytest.MonkeyPatch.context() as during:
            no_parsing(during)
            network, _ = load_network_cached(path)
            assert isinstance(network, CachedNetwork)
            assert network.people["ann-2"].company == "Pactbank"
            assert [(p.a, p.b) for p in find_pairs(network)] == [("ann", "ann-2")]
            assert network.organisation_count() == 1
        assert_answers_as_fresh(path, network)


def test_a_newcomer_whose_id_the_cache_holds_is_refused(tmp_path: Path) -> None:
    """A cache that does not match the edit (it holds the new id already) is not patched: the
    patch raises ValueError, which patch_cache answers by leaving the cache to be rebuilt."""
    from array import array

    from warmintro.editing.recache import _append_people
    from warmintro.model import Person

    text = "people:\n  ann: {name: Ann}\n  bo: {name: Bo}\nrelationships:\n"
    with large_file(text) as (path, _):
        load_network_cached(path)
        header, sections = cache_file_of(path)
        offsets = array(sections["offsets"][1], sections["offsets"][0])
        with pytest.raises(ValueError, match="already"):
            _append_people(sections, dict(header), offsets, [Person(id="bo", name="Bo")])


@settings(max_examples=200, deadline=None)
@given(
    how=st.one_of(st.none(), st.text()),
    notes=st.one_of(st.none(), st.sampled_from(['"line":5}', 'x","line":7,"origins":[]}', "line\\"])),
    line=st.integers(1, 10**7),
    origins=st.lists(st.fixed_dictionaries({"file": st.text(max_size=3), "line": st.integers(1, 99)}), max_size=2),
    moved_to=st.integers(1, 10**7),
)
def test_a_records_line_is_found_and_rewritten_as_encoding_it_anew(
    how: str | None, notes: str | None, line: int, origins: list[dict[str, object]], moved_to: int
) -> None:
    """The line of a relationship's cache record, found and rewritten in its bytes (to move
    200,000 of them after `add` without decoding them), is the record's own, whatever its texts
    hold, and the bytes are those of the record written with the new line."""
    from dataclasses import replace

    from warmintro.cache.records import _relationship_record
    from warmintro.editing.recache import _line_in
    from warmintro.model import Relationship

    rel = Relationship("a", "b", "good", how=how, notes=notes, line=line, origins=tuple(origins))
    record = _relationship_record(rel)
    found = _line_in(record)
    assert found is not None
    assert found[0] == line
    start, end = found[1]
    assert record[:start] + str(moved_to).encode() + record[end:] == _relationship_record(replace(rel, line=moved_to))
