"""The cache of parsed files: same answers as the file, never stale, never trusted when broken."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_roundtrip import networks

from conftest import AS_OF, SAMPLE, write
from warmintro.cache import CachedNetwork, load_network_cached
from warmintro.cachefile import FORMAT, cache_path, complete_from_cache
from warmintro.checks import check_network
from warmintro.errors import ContactsError
from warmintro.fileformat import dump_network, load_network
from warmintro.model import Network
from warmintro.mutual import mutual_contacts
from warmintro.paths import find_paths


def _load_twice(path: Path, directory: Path) -> tuple[Network, Network]:
    first, _ = load_network_cached(path, directory=directory)
    second, _ = load_network_cached(path, directory=directory)
    return first, second


def _same(a: Network, b: Network) -> None:
    assert dict(a.people) == dict(b.people)
    assert list(a.relationships) == list(b.relationships)
    assert (a.me, a.settings, a.extra) == (b.me, b.settings, b.extra)
    assert [p.line for p in a.people.values()] == [p.line for p in b.people.values()]
    assert a.organisation_count() == b.organisation_count()


def test_sample_from_cache_is_the_same_network(tmp_path: Path) -> None:
    parsed, cached = _load_twice(SAMPLE, tmp_path / "cache")
    assert not isinstance(parsed, CachedNetwork)
    assert isinstance(cached, CachedNetwork)
    _same(parsed, cached)
    assert cached.source == parsed.source == str(SAMPLE)
    assert find_paths(cached, "alice", "bob", as_of=AS_OF) == find_paths(parsed, "alice", "bob", as_of=AS_OF)
    assert mutual_contacts(cached, "alice", "bob", as_of=AS_OF) == mutual_contacts(parsed, "alice", "bob", as_of=AS_OF)
    assert cached.relationship("bob", "carol") == parsed.relationship("carol", "bob")
    assert cached.relationship("bob", "alice") is None
    assert list(cached.adjacency["carol"]) == list(parsed.adjacency["carol"])
    assert "nobody" not in cached.people
    assert list(cached.names()) == list(parsed.names())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(network=networks(), data=st.data())
def test_cache_gives_the_same_network_and_answers(tmp_path_factory, network: Network, data) -> None:
    directory = tmp_path_factory.mktemp("cache")
    path = directory / "contacts.yaml"
    path.write_text(dump_network(network), encoding="utf-8")
    parsed, cached = _load_twice(path, directory / "c")
    assert isinstance(cached, CachedNetwork)
    _same(parsed, cached)
    ids = list(parsed.people)
    if len(ids) >= 2:
        a, b = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
        as_of = dt.date(2026, 11, 26)
        assert find_paths(cached, a, b, k=4, as_of=as_of) == find_paths(parsed, a, b, k=4, as_of=as_of)
        assert mutual_contacts(cached, a, b, as_of=as_of) == mutual_contacts(parsed, a, b, as_of=as_of)


def test_an_edit_is_seen_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, "people: {a: {name: Ann}, b: {name: Ben}}\nrelationships: [{between: [a, b]}]\n")
    directory = tmp_path / "cache"
    _load_twice(path, directory)
    # same size, same second: only the content tells them apart
    text = path.read_text().replace("Ben", "Bea")
    stamp = path.stat().st_mtime_ns
    path.write_text(text)
    os.utime(path, ns=(stamp, stamp))
    network, _ = load_network_cached(path, directory=directory)
    assert network.people["b"].name == "Bea"


def test_unchanged_content_reuses_the_cache_after_touch(tmp_path: Path) -> None:
    path = write(tmp_path, "people: {a: {name: Ann}}\n")
    directory = tmp_path / "cache"
    _load_twice(path, directory)
    os.utime(path, ns=(1, 1))
    again, _ = load_network_cached(path, directory=directory)
    assert isinstance(again, CachedNetwork)
    restamped, _ = load_network_cached(path, directory=directory)
    assert isinstance(restamped, CachedNetwork)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-40] + bytes(b ^ 0xFF for b in data[-40:]),  # flipped bytes at the end
        lambda data: b"not a cache at all",
        lambda data: b"",
        lambda data: data.replace(b'"format": %d' % FORMAT, b'"format": 999'),
    ],
)
def test_a_broken_cache_is_ignored_and_rebuilt(tmp_path: Path, damage) -> None:
    directory = tmp_path / "cache"
    _load_twice(SAMPLE, directory)
    where = cache_path(SAMPLE, directory)
    where.write_bytes(damage(where.read_bytes()))
    network, _ = load_network_cached(SAMPLE, directory=directory)
    assert not isinstance(network, CachedNetwork)  # parsed again...
    assert find_paths(network, "alice", "bob", as_of=AS_OF).paths[0].people == ("alice", "carol", "bob")
    again, _ = load_network_cached(SAMPLE, directory=directory)
    assert isinstance(again, CachedNetwork)  # ...and cached again


def test_cache_files_are_private(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    load_network_cached(SAMPLE, directory=directory)
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    (entry,) = directory.iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_invalid_files_are_never_cached(tmp_path: Path) -> None:
    path = write(tmp_path, "people: {a: {name: Ann}}\nrelationships: [{between: [a, zed]}]\n")
    directory = tmp_path / "cache"
    for _ in range(2):
        with pytest.raises(ContactsError, match="unknown person 'zed'"):
            load_network_cached(path, directory=directory)
    assert not directory.exists()


def test_warnings_come_back_from_the_cache_naming_the_file_as_given(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, "people: {a: {name: Ann, nick: A}}\n")
    directory = tmp_path / "cache"
    _, first = load_network_cached(path, directory=directory)
    monkeypatch.chdir(tmp_path)
    network, again = load_network_cached(Path("contacts.yaml"), directory=directory)
    assert isinstance(network, CachedNetwork)
    assert [str(w) for w in again] == [str(w).replace(str(path), "contacts.yaml") for w in first]


def test_no_cache_and_unwritable_cache(tmp_path: Path, monkeypatch) -> None:
    directory = tmp_path / "cache"
    network, _ = load_network_cached(SAMPLE, directory=directory, use_cache=False)
    assert not directory.exists()
    monkeypatch.setenv("WARMINTRO_NO_CACHE", "1")
    load_network_cached(SAMPLE, directory=directory)
    assert not directory.exists()
    monkeypatch.delenv("WARMINTRO_NO_CACHE")
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    network, _ = load_network_cached(SAMPLE, directory=blocked / "cache")  # cannot be created
    assert network.people["alice"].name == "Alice Lindqvist"


@pytest.mark.parametrize(
    ("value", "cached"),
    [("0", True), ("no", True), ("false", True), ("", True), ("1", False), ("yes", False), ("TRUE", False)],
)
def test_only_a_true_value_of_warmintro_no_cache_turns_the_cache_off(
    run, tmp_path: Path, monkeypatch, value: str, cached: bool
) -> None:
    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("WARMINTRO_NO_CACHE", value)
    assert run("path", "bob", "--json").exit_code == 0
    assert (tmp_path / "c").exists() == cached
    load_network_cached(SAMPLE, directory=tmp_path / "lib")  # the library reads it the same way
    assert (tmp_path / "lib").exists() == cached


def test_cli_uses_the_cache_directory_from_the_environment(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(tmp_path / "c"))
    assert run("path", "bob", "--json").exit_code == 0
    assert len(list((tmp_path / "c").iterdir())) == 1
    assert run("--no-cache", "path", "bob", "--json").exit_code == 0
    assert load_network(SAMPLE) is not None


def test_completion_reads_only_the_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(tmp_path / "cache"))
    assert complete_from_cache(SAMPLE, "sj") is None  # no cache yet: the caller loads the file
    load_network_cached(SAMPLE)
    assert complete_from_cache(SAMPLE, "sj") == [("bob", "Bob Sjöberg")]
    assert complete_from_cache(SAMPLE, "HAM") == [("leo", "Leo Hämäläinen")]
    assert [pid for pid, _ in complete_from_cache(SAMPLE, "ca") or []] == ["carol"]


def test_many_lookups_switch_to_a_full_index_with_the_same_answers(tmp_path: Path, monkeypatch) -> None:
    parsed, cached = _load_twice(SAMPLE, tmp_path / "cache")
    assert isinstance(cached, CachedNetwork)
    monkeypatch.setattr(CachedNetwork, "_SEARCHES_BEFORE_INDEXING", 3)
    for pid in parsed.people:
        assert cached.people[pid] == parsed.people[pid]
    assert cached._index is not None  # switched
    assert "nobody" not in cached.people
    assert find_paths(cached, "alice", "bob", as_of=AS_OF) == find_paths(parsed, "alice", "bob", as_of=AS_OF)


def test_check_on_a_cached_file_decodes_nobody(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    parsed, _ = _load_twice(SAMPLE, directory)
    cached, _ = load_network_cached(SAMPLE, directory=directory)
    assert isinstance(cached, CachedNetwork)
    assert check_network(cached) == check_network(parsed)
    assert cached.organisation_count() == 15 and not cached._person_memo  # counted when the cache was written
