"""Inferred ties: the same organisation at the same time, labelled, bounded, ranked after real ties."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from warmintro.cli import cli
from warmintro.dates import PartialDate
from warmintro.fileformat.reader import parse_network
from warmintro.model import STRENGTHS, Job, Network, Person, Relationship
from warmintro.ranking.warmth import inferred_strength
from warmintro.sources.inferred import MAX_PER_PERSON, add_inferred, inferred_ties, real_only

AS_OF = dt.date(2026, 11, 30)


def person(pid: str, *jobs: tuple[str, int, int | None], company: str | None = None) -> Person:
    history = tuple(Job(org, None, PartialDate(start), PartialDate(end) if end else None) for org, start, end in jobs)
    return Person(pid, pid.title(), company=company, history=history)


def network(*people: Person, ties: tuple[tuple[str, str], ...] = ()) -> Network:
    return Network({p.id: p for p in people}, [Relationship(a, b) for a, b in ties], me=people[0].id)


def reasons(net: Network) -> dict[tuple[str, str], str]:
    return {(r.a, r.b): r.extra["inferred"]["reason"] for r in inferred_ties(net, AS_OF)}


def test_overlapping_years_at_one_organisation_make_an_inferred_tie() -> None:
    net = network(person("ana", ("Kestrel Systems Oy", 2014, 2019)), person("bob", ("kestrel systems", 2016, 2022)))
    (tie,) = inferred_ties(net, AS_OF)
    assert (tie.a, tie.b) == ("ana", "bob")
    assert tie.extra["inferred"] == {
        "reason": "both at Kestrel Systems Oy 2016-2019",
        "organisation": "Kestrel Systems Oy",
        "from": 2016,
        "to": 2019,
        "years": 4,
        "size": 2,
    }
    assert tie.strength == "weak"
    assert tie.last_contact == PartialDate(2019)


def test_no_overlap_no_tie_and_the_same_school_in_other_years_is_none() -> None:
    net = network(
        person("ana", ("Aalto University", 2010, 2014)),
        person("bob", ("Aalto University", 2015, 2019)),
        person("cat", ("Kestrel", 2001, 2003)),
        person("dan", ("Pactbank", 2001, 2003)),
    )
    assert inferred_ties(net, AS_OF) == []


def test_the_same_school_in_the_same_years_and_a_job_lasting_until_today() -> None:
    net = network(
        person("ana", ("Aalto University", 2010, 2014)),
        person("bob", ("Aalto University", 2013, 2017)),
        person("cat", ("Pactbank", 2020, None)),
        person("dan", ("Pactbank", 2025, None)),
    )
    assert reasons(net) == {
        ("ana", "bob"): "both at Aalto University 2013-2014",
        ("cat", "dan"): "both at Pactbank 2025-2026",
    }


def test_a_current_company_counts_only_with_its_years_and_a_real_tie_always_wins() -> None:
    net = network(
        person("ana", ("Pactbank", 2020, None), company="Pactbank"),
        person("bob", ("Pactbank Oyj", 2021, None)),
        person("cat", ("pactbank", 2024, None)),
        person("dan", company="Pactbank"),  # no year: nothing says how long they overlapped
        ties=(("ana", "bob"),),
    )
    # the organisation is named as first written
    assert reasons(net) == {("ana", "cat"): "both at Pactbank 2024-2026", ("bob", "cat"): "both at Pactbank 2024-2026"}
    assert all(r.strength == "weak" for r in inferred_ties(net, AS_OF))


@given(
    years=st.integers(1, 60),
    more_years=st.integers(0, 20),
    size=st.integers(2, 100_000),
    more_people=st.integers(0, 10_000),
)
def test_inferred_strength_grows_with_the_overlap_shrinks_with_size_never_above_weak(
    years: int, more_years: int, size: int, more_people: int
) -> None:
    rank = STRENGTHS.index
    assert rank(inferred_strength(years, size)) <= rank("weak")
    assert rank(inferred_strength(years + more_years, size)) >= rank(inferred_strength(years, size))
    assert rank(inferred_strength(years, size + more_people)) <= rank(inferred_strength(years, size))


@given(
    st.lists(
        st.tuples(st.sampled_from(["Kestrel", "Aalto", "Pactbank"]), st.integers(1990, 2026), st.integers(0, 8)),
        min_size=2,
        max_size=30,
    )
)
def test_every_inferred_tie_has_a_real_overlap_and_the_bound_holds(stints: list[tuple[str, int, int]]) -> None:
    people = [person(f"p{i}", (org, start, start + length)) for i, (org, start, length) in enumerate(stints)]
    net = network(*people)
    ties = inferred_ties(net, AS_OF)
    assert len({(r.a, r.b) for r in ties}) == len(ties)
    for tie in ties:
        found = tie.extra["inferred"]
        a, b = net.people[tie.a].history[0], net.people[tie.b].history[0]
        assert a.company == b.company
        assert a.start is not None and b.start is not None and a.end is not None and b.end is not None
        assert max(a.start.year, b.start.year) == found["from"] <= found["to"] == min(a.end.year, b.end.year)
    assert len(ties) <= MAX_PER_PERSON * len(people)


def test_a_company_of_five_thousand_makes_at_most_three_ties_each_and_no_hub() -> None:
    people = [person(f"p{i}", ("Megacorp", 2010 + i % 7, 2015 + i % 11)) for i in range(5000)]
    net = network(*people)
    started = time.perf_counter()
    ties = inferred_ties(net, AS_OF)
    took = time.perf_counter() - started
    assert 5000 <= len(ties) <= MAX_PER_PERSON * 5000  # not 12.5 million
    degree: dict[str, int] = {}
    for tie in ties:
        for end in (tie.a, tie.b):
            degree[end] = degree.get(end, 0) + 1
    assert max(degree.values()) <= 4 * MAX_PER_PERSON
    assert all(t.strength == "acquaintance" for t in ties)  # 5,000 people: no one is sure of anyone
    assert took < 20


def test_real_only_sees_the_network_without_its_inferred_ties() -> None:
    net = network(
        person("ana", ("Kestrel", 2014, 2019)),
        person("bob", ("Kestrel", 2016, 2022)),
        person("cat"),
        ties=(("ana", "cat"),),
    )
    full = add_inferred(net, AS_OF)
    assert len(full.relationships) == 2
    assert full.relationship("ana", "bob") is not None
    view = real_only(full)
    assert len(view.relationships) == 1
    assert view.relationship("ana", "bob") is None
    assert [r.b for r in view.adjacency["ana"]] == ["cat"]


CONTACTS = """\
me: petri
people:
  petri: {name: Petri Laine}
  ulla: {name: Ulla Berg, history: [{company: Kestrel Systems, from: 2017}]}
  vera: {name: Vera Holm}
  cristina: {name: Cristina Ruiz, history: [{company: Kestrel Systems Oy, from: 2016, to: 2019}]}
  bob: {name: Bob Sjöberg, history: [{company: Kestrel Systems, from: 2020}]}
relationships:
  - {between: [petri, ulla], strength: good}
  - {between: [petri, vera], strength: good}
  - {between: [vera, bob], strength: acquaintance}
"""


def run(contacts: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--contacts", str(contacts), *args, "--as-of", "2026-11-30"])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def contacts(tmp_path: Path) -> Path:
    path = tmp_path / "contacts.yaml"
    path.write_text(CONTACTS)
    return path


def test_path_uses_an_inferred_tie_when_no_real_one_exists(contacts: Path) -> None:
    code, out, err = run(contacts, "path", "cristina")
    assert code == 0, err
    assert "Petri Laine → Ulla Berg → Cristina Ruiz" in out
    assert "inferred, not known: both at Kestrel Systems 2017-2019" in out
    code, out, _ = run(contacts, "path", "cristina", "--json")
    hop = json.loads(out)["paths"][0]["hops"][1]
    assert hop["source"] == "inferred"
    assert hop["inferred"]["reason"] == "both at Kestrel Systems 2017-2019"
    code, _, err = run(contacts, "path", "cristina", "--no-inferred")
    assert code == 1
    assert "no path from Petri Laine to Cristina Ruiz within 4 hops (without --no-inferred, a tie inferred" in err


def test_paths_of_real_ties_always_rank_first(contacts: Path) -> None:
    # Ulla -> Bob is inferred (Kestrel 2020-2026), warmer than Vera's acquaintance; the real path still ranks first
    code, out, err = run(contacts, "path", "bob", "--json")
    assert code == 0, err
    paths = json.loads(out)["paths"]
    assert [p["people"] for p in paths] == [["petri", "vera", "bob"], ["petri", "ulla", "bob"]]
    assert paths[1]["warmth"] > paths[0]["warmth"]
    code, out, _ = run(contacts, "path", "bob", "--json", "--no-inferred")
    assert [p["people"] for p in json.loads(out)["paths"]] == [["petri", "vera", "bob"]]
    # every other command sees known ties only
    code, out, _ = run(contacts, "check", "--json")
    assert json.loads(out)["relationships"] == 3


def test_a_draft_through_an_inferred_tie_says_maybe_and_only_to_that_connector(contacts: Path) -> None:
    code, out, err = run(contacts, "draft", "cristina", "--purpose", "talk about coaching", "--json")
    assert code == 0, err
    messages = json.loads(out)["messages"]
    to_ulla = [m for m in messages if m["to"] == ["ulla"]]
    assert "I think you may know Cristina from Kestrel Systems" in to_ulla[0]["body"]
    for message in messages:
        if message["to"] != ["ulla"]:
            assert "Kestrel" not in message["body"], message["body"]
        assert "know each other from" not in message["body"]


def test_a_direct_inferred_tie_is_never_stated_as_knowing_each_other(tmp_path: Path) -> None:
    """Only shared history between the user and the target: `path` and `draft` say they may
    know each other, never that they do, and ask for no `how` of a tie no file has."""
    contacts = tmp_path / "contacts.yaml"
    contacts.write_text(
        "me: petri\n"
        "people:\n"
        "  petri: {name: Petri Laine, history: [{company: Acme Oy, from: 2016, to: 2019}]}\n"
        "  cristina: {name: Cristina Ruiz, history: [{company: Acme Oy, from: 2018, to: 2022}]}\n"
        "  dana: {name: Dana Lee}\n"
        "relationships:\n"
        "  - {between: [petri, dana], strength: strong}\n"
    )
    code, out, err = run(contacts, "path", "cristina")
    assert code == 0, err
    assert "You may know Cristina Ruiz already (inferred, not known)" in " ".join(out.split())
    assert "already know" not in out and "no introduction needed" not in out
    code, out, err = run(contacts, "draft", "cristina", "--purpose", "talk about coaching")
    assert code == 0, err
    told = " ".join(err.split())
    assert "may know each other (inferred, not known: both at Acme Oy 2018-2019)" in told
    assert "Petri and Cristina know each other" not in told and "how for petri" not in told
    code, _, err = run(contacts, "draft", "cristina", "--purpose", "talk about coaching", "--record")
    assert code == 2 and "may know each other" in err


def test_inferred_ties_are_never_exported_nor_shared(contacts: Path, tmp_path: Path) -> None:
    code, out, _ = run(contacts, "export", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert len(document.get("links", document.get("edges", []))) == 3
    share = tmp_path / "share.yaml"
    code, _, err = run(contacts, "share", "--out", str(share))
    assert code == 0, err
    assert len(parse_network(share.read_text()).relationships) == 3


def test_a_large_single_file_keeps_its_inferred_ties_in_the_cache(
    contacts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past IN_MEMORY_MAX people, a file's inferred ties are found once and cached with it."""
    import warmintro.sources.network as loading

    monkeypatch.setattr(loading, "IN_MEMORY_MAX", 1)
    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(tmp_path / "cache"))
    time.sleep(0.05)  # past the timestamps' granularity, so that a file's identity proves its content
    first = run(contacts, "path", "cristina", "--json")
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "cache").iterdir()) == [
        "contacts.yaml",
        "contacts.yaml.sources",
    ]
    calls: list[int] = []
    monkeypatch.setattr(loading, "add_inferred", lambda *a, **k: calls.append(1))  # must not be needed
    assert run(contacts, "path", "cristina", "--json") == first
    assert calls == []
    assert run(contacts, "path", "cristina", "--no-inferred", "--json")[0] == 1


def test_a_large_file_with_nothing_to_infer_is_read_from_its_own_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No dated history, no inferred ties: the file's own cache serves, beside a mark of no one."""
    import warmintro.sources.network as loading

    contacts = tmp_path / "contacts.yaml"
    contacts.write_text(
        "me: a\npeople:\n  a: {name: Ann, company: Pactbank}\n  b: {name: Bo, company: Pactbank}\n"
        "  c: {name: Cy}\nrelationships:\n  - {between: [a, b]}\n  - {between: [b, c]}\n"
    )
    monkeypatch.setattr(loading, "IN_MEMORY_MAX", 1)
    monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(tmp_path / "cache"))
    time.sleep(0.05)  # past the timestamps' granularity, so that a file's identity proves its content
    first = run(contacts, "path", "c", "--json")
    assert first[0] == 0
    mark = next(p for p in (tmp_path / "cache").iterdir() if p.name.startswith("contacts.yaml.sources"))
    assert mark.stat().st_size < 4000
    calls: list[int] = []
    monkeypatch.setattr(loading, "add_inferred", lambda *a, **k: calls.append(1))  # must not be needed
    assert run(contacts, "path", "c", "--json") == first
    assert run(contacts, "check")[0] == 0
    assert calls == []
