"""Edits of large files through a window (warmintro.editing.window), and the cache they update.

The window reads only the entries an edit touches; these tests hold it to what a full read of
the written bytes gives: the same network (order and lines included), the same warnings, and
the same text as the whole-file path writes."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_edit_layout import assert_same_facts

from conftest import FIXTURES, SAMPLE
from strategies import networks
from warmintro.cache.loader import load_network_cached
from warmintro.cache.network import CachedNetwork
from warmintro.dates import PartialDate
from warmintro.editing import transaction
from warmintro.editing.editor import ContactsEditor
from warmintro.editing.emit import Style
from warmintro.editing.layout import LayoutFacts, layout_facts
from warmintro.editing.transaction import edit_contacts
from warmintro.errors import Problem
from warmintro.fileformat.reader import parse_network_with_problems
from warmintro.fileformat.writer import dump_network
from warmintro.model import STRENGTHS, Network

TEXTS = st.sampled_from(["Met at a fair.", "Two lines\nof notes", "x: y # not a comment", "Ünïcode ok", "- dash"])
DATES = st.sampled_from([PartialDate(2026, 11, 20), PartialDate(2019), PartialDate(2024, 2)])


def loaded_as(text: str, filename: str = "contacts.yaml") -> tuple[Network, list[Problem]]:
    network, problems = parse_network_with_problems(text, filename)
    assert network is not None
    return network, problems


def assert_same(fast: tuple[Network, list[Problem]], full: tuple[Network, list[Problem]]) -> None:
    """Two reads of a file agree: entries, their order and lines, and the warnings."""
    (a, a_problems), (b, b_problems) = fast, full
    assert dict(a.people) == dict(b.people)
    assert list(a.people) == list(b.people)
    assert list(a.relationships) == list(b.relationships)
    assert (a.me, a.settings, a.extra, a.intros) == (b.me, b.settings, b.extra, b.intros)
    assert [p.line for p in a.people.values()] == [p.line for p in b.people.values()]
    assert [r.line for r in a.relationships] == [r.line for r in b.relationships]
    assert [(x.line, [n.line for n in x.notes]) for x in a.intros] == [
        (x.line, [n.line for n in x.notes]) for x in b.intros
    ]
    assert [p.to_json() for p in a_problems] == [p.to_json() for p in b_problems]


@st.composite
def edits(draw: st.DrawFn, network: Network) -> list[tuple[str, tuple[object, ...]]]:
    """One edit a command makes on its own: touch, connect (a new or an existing relationship),
    add (maybe connected at once), or a person's field."""
    ids = list(network.people)
    kind = draw(st.sampled_from(["relationship", "connect", "add", "person"]))
    if kind == "relationship" and network.relationships:
        rel = draw(st.sampled_from(list(network.relationships)))
        fields = draw(
            st.sampled_from(
                [
                    {"last_contact": draw(DATES)},
                    {"how": draw(TEXTS)},
                    {"strength": draw(st.sampled_from(STRENGTHS))},
                    {"since": PartialDate(2031), "last_contact": PartialDate(2020)},  # a warning
                ]
            )
        )
        return [("set_relationship_fields", (rel.a, rel.b, fields))]
    free = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :] if network.relationship(a, b) is None]
    if kind == "connect" and free:
        a, b = draw(st.sampled_from(free))
        return [("add_relationship", (a, b, {"strength": draw(st.sampled_from(STRENGTHS)), "how": draw(TEXTS)}))]
    if kind == "person":
        return [("set_person_fields", (draw(st.sampled_from(ids)), {"title": draw(TEXTS)}))]
    steps: list[tuple[str, tuple[object, ...]]] = [("add_person", ("zed-new", {"name": "Zed New"}))]
    if draw(st.booleans()):
        steps.append(("add_relationship", (draw(st.sampled_from(ids)), "zed-new", {"strength": "good"})))
    return steps


def apply(editor: ContactsEditor, steps: list[tuple[str, tuple[object, ...]]]) -> None:
    for name, args in steps:
        getattr(editor, name)(*args)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), network=networks(min_people=2, max_people=7), commented=st.booleans())
def test_window_edit_reads_as_a_full_parse_of_what_it_writes(
    data: st.DataObject, network: Network, commented: bool
) -> None:
    text = dump_network(network)
    if commented:  # comments between entries and after sections stay where they are
        text = text.replace("\n  - ", "\n  # a comment\n  - ", 1).replace(
            "\nrelationships:", "\n# banner\n\nrelationships:"
        )
    steps = data.draw(edits(network))
    whole = ContactsEditor(text, "contacts.yaml")
    apply(whole, steps)
    expected_text = whole.render()
    windowed = ContactsEditor(text, "contacts.yaml", windowed=True)
    apply(windowed, steps)
    written = windowed.render()
    assert written == expected_text  # the same bytes as the whole-file path writes
    assert windowed.rendered is not None
    assert_same(windowed.rendered, loaded_as(written))
    if network.relationships and windowed.rendered_by != "window":
        pytest.fail(f"the window declined a plain file: {steps}")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), network=networks(min_people=2, max_people=7), commented=st.booleans())
def test_a_window_edit_carries_the_facts_forward(data: st.DataObject, network: Network, commented: bool) -> None:
    """Every edit a window makes on a plain file (touch, connect, add, a person's field) keeps
    its facts without counting again, and they are those of the text it wrote."""
    text = dump_network(network)
    if commented:
        text = text.replace("\n  - ", "\n  # a comment\n  - ", 1).replace(
            "\nrelationships:", "\n# banner\n\nrelationships:"
        )
    facts = layout_facts(text)
    if facts is None:  # an empty section: not a layout a window edits
        assert not network.relationships
        return
    steps = data.draw(edits(network))
    editor = ContactsEditor(text, "contacts.yaml", windowed=True, layout=facts)
    assert editor.style == Style.detect(text)
    apply(editor, steps)
    written = editor.render()
    assert editor.rendered_by == "window"
    assert editor.new_layout is not None, steps
    assert_same_facts(editor.new_layout, layout_facts(written), written)


@pytest.mark.parametrize("fixture", [SAMPLE, FIXTURES / "warnings.yaml", FIXTURES / "edit" / "commented.yaml"])
def test_window_edit_of_hand_written_files(fixture: Path) -> None:
    text = fixture.read_text(encoding="utf-8")
    network, _ = loaded_as(text)
    rel = network.relationships[-1]
    first, second = list(network.people)[:2]
    steps: list[tuple[str, tuple[object, ...]]] = [
        ("set_relationship_fields", (rel.a, rel.b, {"last_contact": PartialDate(2026, 11, 20)})),
        ("add_person", ("zed-new", {"name": "Zed New", "company": "Acme"})),
        ("add_relationship", (first, "zed-new", {"strength": "good", "how": "Met at a fair."})),
        ("set_person_fields", (second, {"title": "Boss"})),
    ]
    whole = ContactsEditor(text, "contacts.yaml")
    apply(whole, steps)
    windowed = ContactsEditor(text, "contacts.yaml", windowed=True)
    apply(windowed, steps)
    written = windowed.render()
    assert windowed.rendered_by == "window"
    assert written == whole.render()
    assert windowed.rendered is not None
    assert_same(windowed.rendered, loaded_as(written))


@pytest.fixture
def large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample that edit_contacts treats as a large file, with a cache folder."""
    monkeypatch.setattr(transaction, "WINDOWED_CHARS", 0)
    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "contacts.yaml"
    shutil.copy(SAMPLE, path)
    return path


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a query that parses the file fails the test: it must read the cache."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was parsed: the cache was not up to date")

    monkeypatch.setattr("warmintro.fileformat.reader.parse_network_with_problems", refuse)


def test_touch_on_a_cached_file_reads_nothing_else_and_leaves_the_cache_warm(
    large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_network_cached(large)  # a query made the cache
    rel = loaded_as(large.read_text(encoding="utf-8"))[0].relationships[2]
    with monkeypatch.context() as during:
        no_parsing(during)  # the edit itself parses nothing: the cache has the network
        with edit_contacts(large) as (editor, result):
            editor.set_relationship_fields(rel.a, rel.b, {"last_contact": PartialDate(2026, 11, 20)})
        assert isinstance(editor.network, CachedNetwork)
        assert editor.rendered_by == "window"
        assert result.written
        network, problems = load_network_cached(large)  # the next query: warm
    assert isinstance(network, CachedNetwork)
    full, full_problems = loaded_as(large.read_text(encoding="utf-8"))
    assert dict(network.people) == dict(full.people)
    assert list(network.relationships) == list(full.relationships)
    assert [r.line for r in network.relationships] == [r.line for r in full.relationships]
    assert [p.to_json() for p in problems] == [p.to_json() for p in full_problems]
    assert network.relationship(rel.a, rel.b).last_contact == PartialDate(2026, 11, 20)  # type: ignore[union-attr]


def test_edit_that_moves_lines_on_a_cached_file_leaves_a_cache_that_is_rebuilt(large: Path) -> None:
    load_network_cached(large)
    with edit_contacts(large) as (editor, _):
        editor.add_person("zed-new", {"name": "Zed New"})  # the cache is patched (test_edit_add_cache)
    first = next(iter(editor.network.people))
    with edit_contacts(large) as (editor, _):  # a changed person, whose new lines move everyone after
        editor.set_person_fields(first, {"about": "Builds things.", "location": "Turku"})
    assert editor.rendered_by == "window"
    network, _ = load_network_cached(large)  # parsed again: the old cache no longer matches
    assert "zed-new" in network.people and network.people[first].location == "Turku"
    assert_same((network, []), (loaded_as(large.read_text(encoding="utf-8"))[0], []))


def test_edit_of_a_file_read_whole_writes_the_cache_for_the_next_query(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "contacts.yaml"
    shutil.copy(SAMPLE, path)
    with edit_contacts(path) as (editor, _):
        editor.add_person("zed-new", {"name": "Zed New"})
    no_parsing(monkeypatch)
    network, _ = load_network_cached(path)
    assert isinstance(network, CachedNetwork)
    assert network.people["zed-new"].name == "Zed New"


def test_no_cache_means_no_cache_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "contacts.yaml"
    shutil.copy(SAMPLE, path)
    with edit_contacts(path, cache=False) as (editor, _):
        editor.add_person("zed-new", {"name": "Zed New"})
    monkeypatch.setenv("WARMINTRO_NO_CACHE", "1")
    with edit_contacts(path) as (editor, _):
        editor.add_person("zed-two", {"name": "Zed Two"})
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), network=networks(min_people=2, max_people=6))
def test_edit_of_a_cached_file_leaves_the_cache_true_to_the_file(data: st.DataObject, network: Network) -> None:
    """Whatever the edit, the next query reads the file as it now is: from the cache, brought
    up to date by the edit, or (when the edit could not) parsed again."""
    steps = data.draw(edits(network))
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(transaction, "WINDOWED_CHARS", 0)
        patch.setenv("WARMINTRO_CACHE_DIR", str(Path(folder) / "cache"))
        path = Path(folder) / "contacts.yaml"
        path.write_text(dump_network(network), encoding="utf-8")
        load_network_cached(path)
        with edit_contacts(path) as (editor, _):
            apply(editor, steps)
        after = load_network_cached(path)
        assert_same(after, loaded_as(path.read_text(encoding="utf-8"), str(path)))


FLOW_WITH_WARNINGS = """people:
  alice: {name: Alice}
  bob: {name: Bob}
  carol: {name: Carol}
relationships:
  - {between: [alice, bob], strength: good, since: 2030, last_contact: 2020}  # a warning
  - {between: [bob, carol], strength: weak}
"""


def test_warnings_of_a_cached_file_follow_the_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Relationships edited in place in the cache: their own warnings go and come with them."""
    monkeypatch.setattr(transaction, "WINDOWED_CHARS", 0)
    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(tmp_path / "cache"))
    patched: list[bool] = []
    real = transaction.patch_cache
    monkeypatch.setattr(transaction, "patch_cache", lambda *args: patched.append(real(*args)) or patched[-1])
    path = tmp_path / "contacts.yaml"
    path.write_text(FLOW_WITH_WARNINGS, encoding="utf-8")
    load_network_cached(path)
    edits = [
        ("bob", "carol", {"since": PartialDate(2031), "last_contact": PartialDate(2020)}),  # a new warning
        ("alice", "bob", {"since": PartialDate(2010)}),  # one gone
    ]
    for a, b, fields in edits:
        with edit_contacts(path) as (editor, _):
            editor.set_relationship_fields(a, b, fields)
        assert isinstance(editor.network, CachedNetwork)
        full = loaded_as(path.read_text(encoding="utf-8"), str(path))
        assert_same(load_network_cached(path), full)
        assert len(full[1]) == (2 if a == "bob" else 1)
    assert patched == [True, True]


def cache_file_of(path: Path) -> tuple[dict[str, object], dict[str, tuple[bytes, str]]]:
    """The header (what describes the network) and the sections of the cache of `path`."""
    from warmintro.cache.loader import trusted_cache_path
    from warmintro.cache.store import CacheFile

    where = trusted_cache_path(path, None, None)
    assert where is not None
    cached = CacheFile.open(where)
    kept = ("content", "people", "relationships", "organisations", "private_abouts", "me", "settings", "extra")
    header = {key: cached.header[key] for key in (*kept, "warnings")}
    return header, cached.raw_sections()


def layout_kept(path: Path) -> LayoutFacts | None:
    """The layout facts the cache of `path` keeps."""
    from warmintro.cache.loader import trusted_cache_path
    from warmintro.cache.store import CacheFile

    where = trusted_cache_path(path, None, None)
    assert where is not None
    return LayoutFacts.from_json(CacheFile.open(where).header.get("layout"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), network=networks(min_people=3, max_people=7), asks_after=st.booleans())
def test_touch_and_connect_patch_the_cache_as_a_fresh_parse_would_write_it(
    data: st.DataObject, network: Network, asks_after: bool
) -> None:
    """`touch` and `connect` on a cached file bring its cache up to date in place, byte for
    byte what parsing the new file and caching it writes; the asks after the relationships
    (whose lines move) included."""
    ids = list(network.people)
    free = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :] if network.relationship(a, b) is None]
    if not network.relationships or not free:
        return
    text = dump_network(network)
    if asks_after:
        text += f"intros:\n  - {{id: ask-1, date: 2026-01-02, requester: {ids[0]}, connector: {ids[1]}, "
        text += f"target: {ids[2]}, purpose: Hiring, status: asked}}\n"
    rel = data.draw(st.sampled_from(list(network.relationships)))
    steps = data.draw(st.lists(st.sampled_from(["touch", "connect"]), min_size=1, max_size=3))
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(transaction, "WINDOWED_CHARS", 0)
        patch.setenv("WARMINTRO_CACHE_DIR", str(Path(folder) / "cache"))
        path = Path(folder) / "contacts.yaml"
        path.write_text(text, encoding="utf-8")
        load_network_cached(path)
        for day, step in enumerate(steps, start=1):
            with edit_contacts(path) as (editor, _):
                if step == "touch":
                    editor.set_relationship_fields(rel.a, rel.b, {"last_contact": PartialDate(2026, 11, day)})
                elif free:
                    a, b = free.pop(data.draw(st.integers(0, len(free) - 1)))
                    editor.add_relationship(a, b, {"strength": "good", "how": "Met at a fair."})
            if not editor.changed:
                continue
            assert editor.rendered_by == "window" and editor.window is not None
            with pytest.MonkeyPatch.context() as during:
                no_parsing(during)
                patched = load_network_cached(path)  # warm: no parse
            assert isinstance(patched[0], CachedNetwork)
            assert_same(patched, loaded_as(path.read_text(encoding="utf-8"), str(path)))
        header, sections = cache_file_of(path)
        written = path.read_text(encoding="utf-8")
        kept = layout_kept(path)
        if not asks_after:  # (the asks, indented unlike the relationships, tie two indentations)
            assert kept is not None  # carried from edit to edit
        if kept is not None:
            assert_same_facts(kept, layout_facts(written), written)  # as counting the new text gives
        shutil.rmtree(Path(folder) / "cache")
        load_network_cached(path)  # a fresh parse, cached
        assert (header, sections) == cache_file_of(path)


def test_an_edit_of_relationships_keeps_a_large_files_mark_of_no_inferred_ties(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """touch and connect infer nothing new, nor does `add` (a new person has no dated job, and
    a tie is inferred only between dated jobs that overlap): the mark that the file has no
    inferred ties is re-stamped for the new file, so the next query finds none without looking,
    as a read without the cache finds none. (A person added with a dated job would leave the
    mark behind: see test_a_person_with_a_dated_job_may_infer_ties.)"""
    import time

    import warmintro.sources.network as loading
    from warmintro.sources.network import load_contacts

    path = tmp_path / "contacts.yaml"
    path.write_text(
        "me: a\npeople:\n  a: {name: Ann, company: Pactbank}\n  b: {name: Bo, company: Pactbank}\n"
        "  c: {name: Cy}\nrelationships:\n  - {between: [a, b]}\n  - {between: [b, c]}\n"
    )
    monkeypatch.setattr(loading, "IN_MEMORY_MAX", 1)
    monkeypatch.setattr(transaction, "WINDOWED_CHARS", 0)
    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(tmp_path / "cache"))
    time.sleep(0.05)  # past the timestamps' granularity, so that a file's identity proves its content
    load_contacts(path, every_file=False)
    calls: list[int] = []
    real = loading.add_inferred
    monkeypatch.setattr(loading, "add_inferred", lambda *a, **k: calls.append(1) or real(*a, **k))
    with edit_contacts(path) as (editor, _):
        editor.set_relationship_fields("b", "c", {"last_contact": PartialDate(2026, 11, 20)})
    with edit_contacts(path) as (editor, _):
        editor.add_relationship("a", "c", {"strength": "good"})
    loaded = load_contacts(path, every_file=False).network
    assert calls == []
    assert loaded.relationship("a", "c") is not None
    assert loaded.relationship("b", "c").last_contact == PartialDate(2026, 11, 20)  # type: ignore[union-attr]
    with edit_contacts(path) as (editor, _):
        editor.add_person("d", {"name": "Di", "company": "Pactbank"})
    assert "d" in load_contacts(path, every_file=False).network.people
    assert calls == []
    from warmintro.sources.inferred import inferred_range

    fresh = load_contacts(path, every_file=False, use_cache=False).network
    assert inferred_range(fresh)[1] == 0 and "d" in fresh.people
    assert calls == [1]  # the read without the cache looked, and found none


def test_a_person_with_a_dated_job_may_infer_ties() -> None:
    """Only people added with no dated job keep a file's mark of no inferred ties."""
    from warmintro.editing.recache import infers_nothing_new
    from warmintro.editing.window import LineMoves, WindowResult, _Lines
    from warmintro.model import Job, Person

    def added(person: Person) -> WindowResult:
        moves = LineMoves("", _Lines(""), [])
        return WindowResult("", {person.id: person}, {}, [person.id], [], moves, [])

    undated = Person(id="d", name="Di", company="Pactbank", history=(Job(company="Pactbank", title="CTO"),))
    dated = Person(id="d", name="Di", history=(Job(company="Pactbank", title="CTO", start=PartialDate(2020)),))
    assert infers_nothing_new(added(undated))
    assert not infers_nothing_new(added(dated))
    touched = WindowResult("", {"d": undated}, {}, [], [], LineMoves("", _Lines(""), []), [])
    assert not infers_nothing_new(touched)  # a changed person: their history may have changed


def test_add_on_a_cached_file_notes_someone_of_the_same_name(large: Path) -> None:
    """`add` compares the new name with everyone's names as the cache holds them."""
    from warmintro.editing.grow import add_person

    network, _ = load_network_cached(large)
    pid, person = next(iter(network.people.items()))
    with edit_contacts(large) as (editor, _):
        change = add_person(editor, "zed-new", {"name": person.name.upper()})
    assert isinstance(editor.network, CachedNetwork)
    assert change.notes == [f"{person.name.upper()} is also in the file as '{pid}'"]


def test_the_query_after_touch_trusts_the_cache_without_reading_the_file(
    large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit reads the file back a moment after writing it, so the cache's time proves the
    file's content: the next query reads neither the file nor its hash."""
    load_network_cached(large)
    if large.stat().st_mtime_ns % 1_000_000_000 == 0:
        pytest.skip("whole-second timestamps: the next query hashes the file")
    rel = loaded_as(large.read_text(encoding="utf-8"))[0].relationships[1]
    with edit_contacts(large) as (editor, _):
        editor.set_relationship_fields(rel.a, rel.b, {"last_contact": PartialDate(2026, 11, 21)})

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was read again")

    monkeypatch.setattr("warmintro.fileformat.decode.read_bytes", refuse)
    network, _ = load_network_cached(large)
    assert isinstance(network, CachedNetwork)
    assert network.relationship(rel.a, rel.b).last_contact == PartialDate(2026, 11, 21)  # type: ignore[union-attr]
