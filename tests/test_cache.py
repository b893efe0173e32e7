"""The cache of parsed files: same answers as the file, never stale, never trusted when broken."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_roundtrip import networks

import warmintro.cache.loader as cache_module
import warmintro.fileformat.decode as fileformat
from conftest import AS_OF, SAMPLE, write
from warmintro.cache.loader import load_network_cached
from warmintro.cache.network import CachedNetwork
from warmintro.cache.store import FORMAT, cache_path, complete_from_cache
from warmintro.errors import ContactsError
from warmintro.fileformat import dump_network, load_network
from warmintro.model import Network
from warmintro.queries.checks import check_network
from warmintro.queries.mutual import mutual_contacts
from warmintro.ranking.kpaths import find_paths


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
        assert find_paths(cached, a, b, top=4, as_of=as_of) == find_paths(parsed, a, b, top=4, as_of=as_of)
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


# --------------------------------------------------------------------------------------------
# Coarse timestamps: a save in the same second as the cache's making is seen


def _coarse_filesystem(monkeypatch) -> None:
    """Stamps as a filesystem with 1-second timestamps gives them: whole seconds, and a save
    stamps modification and change time alike."""
    real = cache_module.file_identity

    def coarse(st: os.stat_result) -> list[int]:
        identity = real(st)
        identity[3] = identity[4] = identity[3] // 10**9 * 10**9
        return identity

    monkeypatch.setattr(cache_module, "file_identity", coarse)


def test_a_same_size_save_in_the_same_second_is_seen_on_a_coarse_filesystem(tmp_path: Path, monkeypatch) -> None:
    _coarse_filesystem(monkeypatch)
    path = write(tmp_path, "people: {a: {name: Ann}, b: {name: Ben}}\nrelationships: [{between: [a, b]}]\n")
    second = time.time_ns() // 10**9 * 10**9
    os.utime(path, ns=(second, second))
    directory = tmp_path / "cache"
    _load_twice(path, directory)
    path.write_text(path.read_text().replace("Ben", "Bea"))  # same size, same inode
    os.utime(path, ns=(second, second))  # and the same second
    network, _ = load_network_cached(path, directory=directory)
    assert network.people["b"].name == "Bea"


def test_a_file_changed_well_before_the_cache_was_made_is_not_read_again(tmp_path: Path, monkeypatch) -> None:
    _coarse_filesystem(monkeypatch)
    path = write(tmp_path, "people: {a: {name: Ann}}\n")
    long_ago = (time.time_ns() - 60 * 10**9) // 10**9 * 10**9
    os.utime(path, ns=(long_ago, long_ago))
    directory = tmp_path / "cache"
    load_network_cached(path, directory=directory)

    def unread(*args: object) -> bytes:
        raise AssertionError("the file was read although the cache is current")

    monkeypatch.setattr(fileformat, "read_bytes", unread)
    network, _ = load_network_cached(path, directory=directory)
    assert isinstance(network, CachedNetwork)


# --------------------------------------------------------------------------------------------
# Trust: only the user's own cache is read


OTHER_UID = 4242


@pytest.mark.skipif(os.geteuid() != 0, reason="making files of another user needs root")
@pytest.mark.parametrize("how", ["another owner", "writable by the group", "writable by all", "a symlink"])
def test_a_cache_file_that_is_not_the_users_own_is_ignored_and_replaced(tmp_path: Path, how: str) -> None:
    directory = tmp_path / "cache"
    _load_twice(SAMPLE, directory)
    where = cache_path(SAMPLE, directory)
    assert where is not None
    if how == "another owner":
        os.chown(where, OTHER_UID, -1)
    elif how == "a symlink":
        elsewhere = tmp_path / "elsewhere.cache"
        where.rename(elsewhere)
        where.symlink_to(elsewhere)
    else:
        os.chmod(where, 0o620 if how == "writable by the group" else 0o606)
    network, _ = load_network_cached(SAMPLE, directory=directory)
    assert not isinstance(network, CachedNetwork)  # not read...
    st = os.lstat(where)
    assert stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) == 0o600  # ...replaced
    again, _ = load_network_cached(SAMPLE, directory=directory)
    assert isinstance(again, CachedNetwork)


@pytest.mark.skipif(os.geteuid() != 0, reason="making folders of another user needs root")
@pytest.mark.parametrize("how", ["another owner", "writable by all", "sticky and writable by all"])
def test_a_cache_folder_others_can_write_is_refused_with_a_note(run, tmp_path: Path, monkeypatch, how: str) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, {"another owner": 0o700, "writable by all": 0o777, "sticky and writable by all": 0o1777}[how])
    if how == "another owner":
        os.chown(folder, OTHER_UID, -1)
    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(folder))
    result = run("path", "bob", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["paths"]
    assert "the cache is not used" in result.stderr and str(folder) in result.stderr
    assert list(folder.iterdir()) == []  # nothing read or written there
    assert stat.S_IMODE(folder.stat().st_mode) & 0o777 == (0o700 if how == "another owner" else 0o777)  # left as it was


def test_the_default_cache_folder_is_tightened_to_the_user_alone(tmp_path: Path, monkeypatch) -> None:
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "warmintro"
    folder.mkdir(parents=True)
    os.chmod(folder, 0o755)
    load_network_cached(SAMPLE)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    (entry,) = folder.iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def _forge(where: Path, section: str, change) -> None:
    """Rewrite one section of a cache file with valid checksums: as someone who can write it would."""
    from warmintro.cache.store import CacheFile, write_file

    cached = CacheFile.open(where)
    sections = cached.raw_sections()
    data, typecode = sections[section]
    sections[section] = (change(data), typecode)
    header = {k: v for k, v in cached.header.items() if k != "sections"}
    write_file(where, header, sections)


@pytest.mark.parametrize(
    ("section", "change"),
    [
        ("order", lambda data: data[:-4] + (2**31 - 1).to_bytes(4, "little")),
        ("strength", lambda data: b"\xff" + data[1:]),
        ("offsets", lambda data: data[:4] + (10**5).to_bytes(4, "little") + data[8:]),
        ("ids_off", lambda data: data[:8] + (10**4).to_bytes(8, "little") + data[16:]),
        ("ids", lambda data: b"\xc3" + data[1:]),
    ],
    ids=["order", "strength", "offsets", "ids_off", "ids"],
)
def test_a_cache_with_valid_checksums_but_a_bad_index_is_rebuilt(
    run, sample: Path, tmp_path: Path, monkeypatch, section: str, change
) -> None:
    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(tmp_path / "c"))
    assert run("check").exit_code == 0
    where = cache_path(sample)
    assert where is not None
    _forge(where, section, change)
    for args in (["path", "bob", "--json"], ["check"], ["connectors"], ["people"]):
        result = run(*args, "--as-of", str(AS_OF)) if args[0] in ("path", "connectors") else run(*args)
        assert result.exit_code == 0, (args, result.output)
    path = json.loads(run("path", "bob", "--json", "--as-of", str(AS_OF)).stdout)
    assert path["paths"][0]["people"] == ["alice", "carol", "bob"]


@pytest.mark.parametrize("section", ["targets", "ends", "edges"])
@pytest.mark.parametrize("index", ["one past the end", "far past the end", "negative"])
def test_a_half_edge_out_of_range_is_found_where_it_is_followed(
    run, sample: Path, tmp_path: Path, monkeypatch, section: str, index: str
) -> None:
    """The arrays of half-edges are not checked when read: an index out of range (past the
    end, or negative) is found where a command follows it, the arrays are then checked in full,
    and the cache removed with a message (never an internal error, never a wrong answer); the
    next command rebuilds it."""
    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(tmp_path / "c"))
    assert run("check").exit_code == 0
    where = cache_path(sample)
    assert where is not None
    network = load_network(sample)
    end = len(network.relationships if section == "edges" else network.people)
    value = {"one past the end": end, "far past the end": 2**31 - 1, "negative": -1}[index]
    beyond = value.to_bytes(4, "little", signed=True)
    _forge(where, section, lambda data: beyond * (len(data) // 4))  # every index out of range
    args = ("path", "bob", "--json", "--as-of", str(AS_OF))
    first = run(*args)
    assert first.exit_code == 2, first.output
    assert "damaged" in first.stderr and "internal error" not in first.stderr
    assert "damaged" in json.loads(first.stdout)["error"]
    assert not where.exists()
    again = run(*args)
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["paths"][0]["people"] == ["alice", "carol", "bob"]


def test_an_index_error_with_every_cache_sound_is_a_bug_and_the_cache_a_copy(
    run, sample: Path, tmp_path: Path, monkeypatch
) -> None:
    """An error that is no one's input is an internal error (exit 70); the caches the command
    read are removed all the same, in case one was damaged past every check (a cache is only a
    copy), and the next command rebuilds them."""
    import warmintro.ranking.kpaths as kpaths

    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(tmp_path / "c"))
    assert run("check").exit_code == 0
    where = cache_path(sample)
    assert where is not None

    def broken(*args: object, **kwargs: object) -> None:
        raise IndexError("a bug")

    monkeypatch.setattr(kpaths, "find_paths", broken)
    result = run("path", "bob", "--as-of", str(AS_OF))
    assert result.exit_code == 70 and "internal error: IndexError: a bug" in result.stderr
    assert "The caches it read were removed" in result.stderr
    assert not where.exists()
    monkeypatch.setenv("WARMINTRO_NO_CACHE", "1")
    result = run("path", "bob", "--json", "--as-of", str(AS_OF))  # no cache read: a bug, as such
    assert result.exit_code == 70 and "This is a bug in warmintro" in result.stderr
    assert json.loads(result.stdout)["error"] == "internal error: IndexError: a bug"


def test_a_cache_damaged_past_its_checks_is_removed_after_the_error_it_causes(
    run, sample: Path, tmp_path: Path, monkeypatch
) -> None:
    """Ids rewritten to other valid text of the same length, with valid checksums: no check
    can tell, the command fails as on a bug (exit 70, one JSON document with --json), the cache
    is removed, and the next command answers from the file."""
    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(tmp_path / "c"))
    assert run("check").exit_code == 0
    where = cache_path(sample)
    assert where is not None
    _forge(where, "ids", lambda data: b"D" * len(data))
    result = run("path", "bob", "--json", "--as-of", str(AS_OF))
    assert result.exit_code in (2, 70) and "Traceback" not in result.output
    assert "error" in json.loads(result.stdout)
    assert not where.exists()
    again = run("path", "bob", "--json", "--as-of", str(AS_OF))
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["paths"][0]["people"] == ["alice", "carol", "bob"]


def test_a_cache_record_that_cannot_be_decoded_is_removed_with_a_message_never_an_internal_error(
    run, sample: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(tmp_path / "c"))
    assert run("check").exit_code == 0
    where = cache_path(sample)
    assert where is not None
    _forge(where, "people", lambda data: b"[" + data[1:])  # the first person's record is not JSON
    result = run("people")
    assert result.exit_code == 2 and "damaged" in result.stderr and "internal error" not in result.stderr
    assert not where.exists()
    assert run("people").exit_code == 0  # rebuilt


# --------------------------------------------------------------------------------------------
# No home: containers often have no HOME and no passwd entry for the user


def test_every_command_works_without_a_home_folder(run, tmp_path: Path, monkeypatch) -> None:
    import pwd

    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("WARMINTRO_CACHE_DIR", raising=False)

    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    with pytest.raises(RuntimeError):
        Path.home()  # what the cache folder used to be found from
    for args in (["path", "bob", "--as-of", str(AS_OF)], ["check"], ["people"], ["mutual", "bob"], ["show", "bob"]):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
    assert complete_from_cache(SAMPLE, "sj") is None


@pytest.mark.skipif(os.geteuid() != 0, reason="making folders of another user needs root")
def test_a_default_cache_folder_of_another_user_is_neither_used_nor_changed(run, tmp_path: Path) -> None:
    # as under sudo: HOME is the user's, the command runs as root
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "warmintro"
    folder.mkdir(parents=True)
    os.chmod(folder, 0o755)
    os.chown(folder, OTHER_UID, -1)
    result = run("path", "bob", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["paths"]
    assert result.stderr == ""
    assert list(folder.iterdir()) == [] and stat.S_IMODE(folder.stat().st_mode) == 0o755


def test_the_templates_and_language_settings_come_back_from_the_cache(tmp_path: Path) -> None:
    """A cached file drafts with the user's own templates, as the file itself does."""
    path = tmp_path / "contacts.yaml"
    path.write_text(
        "settings:\n  templates: my-templates\n  language: fi\n"
        "people:\n  a: {name: Ann}\n  b: {name: Ben}\nrelationships:\n  - between: [a, b]\n",
        encoding="utf-8",
    )
    parsed, cached = _load_twice(path, tmp_path / "cache")
    assert isinstance(cached, CachedNetwork)
    assert cached.settings.templates == parsed.settings.templates == "my-templates"
    assert cached.settings.language == "fi"
    _same(parsed, cached)


def _mapping_law(cached: Mapping[str, object], parsed: Mapping[str, object]) -> None:
    """`cached` behaves as `parsed` under every Mapping operation, views included."""
    assert len(cached) == len(parsed)
    assert list(cached) == list(parsed)
    assert cached == parsed and parsed == cached
    for view in (cached.keys(), cached.values(), cached.items()):
        assert len(view) == len(parsed)
        assert list(view) == list(view)  # a view, not a one-shot iterator: a second pass is the same
    assert list(cached.keys()) == list(parsed.keys())
    assert list(cached.values()) == list(parsed.values())
    assert list(cached.items()) == list(parsed.items())
    assert cached.keys() == parsed.keys()
    assert cached.items() == parsed.items()
    for key, value in parsed.items():
        keys = cached.keys()
        assert key in cached and key in keys
        assert (key, value) in cached.items()
        assert value in cached.values()
        assert cached[key] == value
        assert cached.get(key) == value
    assert "no one" not in cached and cached.get("no one") is None
    assert ("no one", None) not in cached.items()
    with pytest.raises(KeyError):
        cached["no one"]


def _sequence_law(cached: Sequence[object], parsed: Sequence[object]) -> None:
    assert len(cached) == len(parsed)
    assert list(cached) == list(parsed) == list(cached)
    assert list(reversed(cached)) == list(reversed(parsed))
    for i, item in enumerate(parsed):
        assert cached[i] == item and cached[i - len(parsed)] == item
        assert item in cached
        assert cached.index(item) == parsed.index(item)
        assert cached.count(item) == parsed.count(item)
    assert list(cached[1:]) == list(parsed[1:]) and list(cached[::-2]) == list(parsed[::-2])
    for bad in (len(parsed), -len(parsed) - 1):
        with pytest.raises(IndexError):
            cached[bad]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(network=networks())
def test_cached_views_keep_the_mapping_and_sequence_contracts(tmp_path_factory, network: Network) -> None:
    """For any network, the cached network's people, relationships and adjacency equal the
    parsed network's under every Mapping and Sequence operation: `values()` and `items()` are
    views with a length, and a second pass yields the same."""
    directory = tmp_path_factory.mktemp("cache")
    path = directory / "contacts.yaml"
    path.write_text(dump_network(network), encoding="utf-8")
    parsed, cached = _load_twice(path, directory / "c")
    assert isinstance(cached, CachedNetwork)
    _mapping_law(cached.people, parsed.people)
    _mapping_law(cached.adjacency, parsed.adjacency)
    _sequence_law(cached.relationships, parsed.relationships)


def test_people_values_are_a_view_with_a_length(tmp_path: Path) -> None:
    _, cached = _load_twice(SAMPLE, tmp_path / "cache")
    values, items = cached.people.values(), cached.people.items()
    assert len(values) == len(items) == len(cached.people)
    assert [p.id for p in values] == [p.id for p in values] == list(cached.people)
    assert [pid for pid, _ in items] == [pid for pid, _ in items] == list(cached.people)
