"""`find`: the warmest way in to everyone who matches, library and command."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, SAMPLE, write
from strategies import networks, networks_with_ledgers
from warmintro.errors import QueryError
from warmintro.fileformat.reader import load_network
from warmintro.model import Network, Person
from warmintro.queries.find import find_targets
from warmintro.queries.matching import Criteria
from warmintro.ranking.kpaths import find_paths
from warmintro.ranking.warmth import tie_key


@pytest.fixture(scope="module")
def network() -> Network:
    return load_network(SAMPLE)


def _ids(result) -> list[str]:
    return [t.person.id for t in result.targets]


def test_find_by_company_includes_former_staff(network: Network) -> None:
    result = find_targets(network, "alice", Criteria(companies=("Pactbank",)), as_of=AS_OF)
    # Carol knows Oskar and Sanna alike (strong): the tie goes to the ids
    assert _ids(result) == ["carol", "mikael", "oskar", "sanna", "petra"]
    assert (result.matched, result.reachable, result.unreachable) == (5, 5, ())
    carol, mikael, *_, petra = result.targets
    assert carol.direct and carol.path.people == ("alice", "carol")
    assert not mikael.direct and mikael.path.people == ("alice", "carol", "mikael")
    assert petra.former and petra.roles[0].label == "former Pactbank (Interim CFO, 2023-2025)"
    current = find_targets(network, "alice", Criteria(companies=("pactbank",), current_only=True), as_of=AS_OF)
    assert _ids(current) == ["carol", "mikael", "oskar", "sanna"]


def test_find_by_title_and_tag_and_place(network: Network) -> None:
    cfos = find_targets(network, "alice", Criteria(titles=("chief financial officer",)), as_of=AS_OF)
    assert _ids(cfos) == ["sanna", "maya", "petra", "elina"]
    # Carol knows Sanna herself: she is asked directly, not through Mikael
    assert cfos.targets[0].path.people == ("alice", "carol", "sanna")
    investors = find_targets(network, "alice", Criteria(tags=("Investor",), places=("Stockholm",)), as_of=AS_OF)
    assert set(_ids(investors)) == {"dan", "rebecca", "emma"}
    # a person never finds themself, and --top keeps the best
    founders = find_targets(network, "alice", Criteria(titles=("founder",)), top=2, as_of=AS_OF)
    assert "alice" not in _ids(founders) and len(founders.targets) == 2 and founders.matched == 3


def test_someone_you_know_gets_the_path_that_ranks_first_and_the_tie_is_said(network: Network) -> None:
    result = find_targets(network, "alice", Criteria(companies=("Nordlys",)), as_of=AS_OF)
    dan = next(t for t in result.targets if t.person.id == "dan")
    best = find_paths(network, "alice", "dan", top=1, as_of=AS_OF).paths[0]
    assert best.people == ("alice", "carol", "mikael", "dan") and dan.path == best and not dan.direct
    assert dan.known is not None and dan.known.strength == "weak" and dan.known.warmth < best.warmth
    carol = find_targets(network, "alice", Criteria(companies=("Pactbank",)), as_of=AS_OF).targets[0]
    assert carol.direct and carol.known is None and carol.path.people == ("alice", "carol")


def test_avoid_and_max_hops(network: Network) -> None:
    avoiding = find_targets(network, "alice", Criteria(companies=("Pactbank",)), avoid=["carol"], as_of=AS_OF)
    assert "carol" not in _ids(avoiding)
    assert all("carol" not in t.path.people for t in avoiding.targets)
    near = find_targets(network, "alice", Criteria(tags=("healthtech",)), max_hops=2, as_of=AS_OF)
    assert near.targets == () and set(near.unreachable) == {"leo", "ville"}


def test_bad_queries(network: Network) -> None:
    with pytest.raises(QueryError, match="cannot avoid 'alice'"):
        find_targets(network, "alice", Criteria(tags=("saas",)), avoid=["alice"])
    with pytest.raises(QueryError, match=r"^top must be at least 1"):
        find_targets(network, "alice", Criteria(tags=("saas",)), top=0)


@st.composite
def tagged_networks(draw: st.DrawFn, base: st.SearchStrategy[Network] | None = None) -> tuple[Network, str, int]:
    network = draw(networks() if base is None else base)
    tagged = draw(st.lists(st.sampled_from(list(network.people)), unique=True))
    for pid in tagged:
        network.people[pid] = Person(pid, pid.upper(), tags=("t",))
    return network, draw(st.sampled_from(list(network.people))), draw(st.integers(1, 5))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tagged_networks())
def test_each_target_gets_the_path_that_path_ranks_first(case) -> None:
    network, source, max_hops = case
    result = find_targets(network, source, Criteria(tags=("t",)), max_hops=max_hops, as_of=AS_OF)
    expected = {pid for pid, p in network.people.items() if "t" in p.tags and pid != source}
    assert {t.person.id for t in result.targets} | set(result.unreachable) == expected
    for target in result.targets:
        best = find_paths(network, source, target.person.id, top=1, max_hops=max_hops, as_of=AS_OF).paths[0]
        assert target.path == best
        assert target.direct == (len(best.hops) == 1)
        assert (target.known is not None) == (network.knows(source, target.person.id) and not target.direct)
    for pid in result.unreachable:
        assert not find_paths(network, source, pid, top=1, max_hops=max_hops, as_of=AS_OF).paths


# --------------------------------------------------------------------------------------------
# The command


def test_find_command_lists_warm_paths(run) -> None:
    result = run("find", "--company", "Pactbank", "--as-of", str(AS_OF))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("5 people match company Pactbank · 5 reachable from Alice Lindqvist\n")
    assert out.index("Carol Virtanen") < out.index("Mikael Koskinen") < out.index("Petra Virta")
    assert "you know Carol directly (close)" in out
    assert "Alice → Carol → Sanna" in out
    assert "former Pactbank (Interim CFO, 2023-2025)" in out
    cfo = run("find", "--title", "CFO", "--as-of", str(AS_OF))
    assert cfo.exit_code == 0
    assert "4 people match title CFO" in cfo.stdout and "Fractional CFO, Saltmarsh Advisory" in cfo.stdout


def test_find_json(run) -> None:
    result = run("find", "alice", "--title", "cfo", "--company", "Pactbank", "--json", "--as-of", str(AS_OF))
    assert result.exit_code == 0 and result.stderr == ""
    doc = json.loads(result.stdout)
    assert list(doc) == ["from", "criteria", "as_of", "max_hops", "matched", "reachable", "targets", "unreachable"]
    assert doc["criteria"] == {"company": ["Pactbank"], "title": ["cfo"], "tag": [], "where": [], "current": False}
    assert [t["id"] for t in doc["targets"]] == ["sanna", "petra"]
    sanna, petra = doc["targets"]
    assert sanna["path"]["people"] == ["alice", "carol", "sanna"] and not sanna["direct"]
    assert sanna["known"] is None and sanna["path"]["relay"] == 1.0
    assert sanna["warmth"] == sanna["path"]["warmth"]
    assert petra["former"] and petra["direct"]
    assert petra["matched"] == [
        {"company": "Pactbank", "title": "Interim CFO", "current": False, "from": "2023", "to": "2025"}
    ]


def test_find_exit_codes(run, tmp_path) -> None:
    nobody = run("find", "--company", "Acmeon")
    assert nobody.exit_code == 1 and nobody.stdout == ""
    assert "nobody in" in nobody.stderr and "matches company Acmeon" in nobody.stderr
    as_json = run("find", "--company", "Acmeon", "--json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["targets"] == []
    far = run("find", "--tag", "healthtech", "--max-hops", "2")
    assert far.exit_code == 1
    assert "2 people match tag healthtech, but none is reachable" in far.stderr
    assert run("find").exit_code == 2
    assert "say whom to find" in run("find").stderr
    assert run("find", "--tag", "x", "--top", "0").exit_code == 2
    assert run("find", "nobodyhere", "--tag", "x").exit_code == 2
    lonely = write(tmp_path, "people: {a: {name: Ann, company: Acme}, b: {name: Ben, company: Acme}}\n")
    no_me = run("find", "--company", "acme", contacts=lonely)
    assert no_me.exit_code == 2 and "has no 'me:'" in no_me.stderr
    unreachable = run("find", "a", "--company", "acme", contacts=lonely)
    assert unreachable.exit_code == 1 and "1 person matches" in unreachable.stderr


def test_find_output_is_data_not_markup(run, tmp_path) -> None:
    path = write(
        tmp_path,
        'me: a\npeople:\n  a: {name: Ann}\n  b: {name: "[bold]Ben\\e[2J", company: "[red]Acme[/red]", title: CFO}\n'
        "relationships:\n  - {between: [a, b]}\n",
    )
    result = run("find", "--company", "acme", contacts=path)
    assert result.exit_code == 0
    assert "[bold]Ben\\x1b[2J" in result.stdout and "[red]Acme[/red]" in result.stdout
    assert "\x1b" not in result.stdout


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tagged_networks(networks_with_ledgers()))
def test_find_ranks_as_path_does_under_the_ask_ledger(case) -> None:
    network, source, max_hops = case
    result = find_targets(network, source, Criteria(tags=("t",)), max_hops=max_hops, as_of=AS_OF)
    for target in result.targets:
        # find == path's first, ask ledger (and an open ask's own target) included
        best = find_paths(network, source, target.person.id, top=1, max_hops=max_hops, as_of=AS_OF).paths[0]
        assert target.path == best
        if target.direct:
            # someone you know needs no introduction: no adjustment either
            assert target.path.people == (source, target.person.id) and not target.path.hops[0].adjustments
    warmths = [t.path.warmth for t in result.targets]
    assert [tie_key(w) for w in warmths] == sorted((tie_key(w) for w in warmths), reverse=True)
