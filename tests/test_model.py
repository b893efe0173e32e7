"""The warmth model as a person would judge it: second-hand vouching, one answer in every
command, and an open ask that never counts against itself."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, write
from strategies import networks_with_ledgers
from warmintro.dates import PartialDate
from warmintro.errors import ContactsError
from warmintro.fileformat.reader import parse_network
from warmintro.ledger.asks import Ask
from warmintro.model import Network, Person, Relationship
from warmintro.queries.connectors import find_connectors
from warmintro.queries.find import find_targets
from warmintro.queries.matching import Criteria
from warmintro.ranking import warmth
from warmintro.ranking.calibrate import outcomes
from warmintro.ranking.fatigue import ledger_adjustments
from warmintro.ranking.graph import warm_adjacency
from warmintro.ranking.kpaths import find_paths
from warmintro.ranking.reach import warmest_paths

#: Riitta knows Cristina herself ("good"), and also through Eve, more strongly on paper.
SEED_STORY = """
me: petri
people:
  petri: {name: Petri Aho}
  riitta: {name: Riitta Mäki}
  eve: {name: Eve Laine}
  cristina: {name: Cristina Ruiz, company: Harbour Bank}
relationships:
  - {between: [petri, riitta], strength: close}
  - {between: [riitta, cristina], strength: good}
  - {between: [riitta, eve], strength: strong}
  - {between: [eve, cristina], strength: strong}
"""


def test_a_direct_connector_beats_a_longer_chain_of_stronger_ties() -> None:
    network = parse_network(SEED_STORY)
    first, second = find_paths(network, "petri", "cristina", top=2, as_of=AS_OF).paths
    assert first.people == ("petri", "riitta", "cristina")
    assert first.warmth == pytest.approx(0.95 * 0.6) and first.relay == 1.0
    # Eve only relays Riitta's word: .95 x .8 x .8 x .85 = .517 < .57
    assert second.people == ("petri", "riitta", "eve", "cristina")
    assert second.relay == pytest.approx(0.85) and second.warmth == pytest.approx(0.95 * 0.8 * 0.8 * 0.85)
    # with the relay off (1), the longer chain wins, as it did before second-hand vouching
    off = parse_network(SEED_STORY + "settings: {relay: 1}\n")
    assert find_paths(off, "petri", "cristina", top=1, as_of=AS_OF).paths[0].people == second.people
    # find agrees
    found = find_targets(network, "petri", Criteria(companies=("Harbour Bank",)), as_of=AS_OF)
    assert found.targets[0].path == first


def test_path_json_reports_the_relay(run, tmp_path: Path) -> None:
    contacts = write(tmp_path, SEED_STORY)
    result = run("path", "cristina", "-k", "2", "--json", "--as-of", str(AS_OF), contacts=contacts)
    assert result.exit_code == 0, result.output
    first, second = json.loads(result.stdout)["paths"]
    assert (first["relay"], first["warmth"]) == (1.0, pytest.approx(0.57))
    assert second["relay"] == pytest.approx(0.85)
    assert second["warmth"] == pytest.approx(0.95 * 0.8 * 0.8 * 0.85)
    assert [h["warmth"] for h in second["hops"]] == [0.95, 0.8, 0.8]  # hops keep their own warmth
    text = run("path", "cristina", "-k", "2", "--as-of", str(AS_OF), contacts=contacts).stdout
    assert "57% warmth · 2 hops" in text and "52% warmth · 3 hops · relay ×0.85" in text


@pytest.mark.parametrize(
    ("value", "message"),
    [("0", "'relay' must be more than 0 and at most 1, not 0"), ("1.5", "not 1.5"), ("lots", "should be a number")],
)
def test_a_bad_relay_names_the_line(value: str, message: str) -> None:
    with pytest.raises(ContactsError) as caught:
        parse_network(SEED_STORY + f"settings:\n  relay: {value}\n", "c.yaml")
    assert str(caught.value.problems[0]).startswith("c.yaml:14:10: ") and message in str(caught.value.problems[0])


def test_a_bad_relay_exits_2_without_a_traceback(run, tmp_path: Path) -> None:
    contacts = write(tmp_path, SEED_STORY + "settings: {relay: 2}\n")
    result = run("path", "cristina", contacts=contacts)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "relay" in result.stderr and "1 turns second-hand vouching off" in result.stderr


# --------------------------------------------------------------------------------------------
# One answer everywhere

LINKEDIN_BEFORE = """me: maria
people:
  maria: {name: Maria Salo}
  hannah: {name: Hannah Berg, company: Northwind}
  elena: {name: Elena Kask, company: Harbour Bank, title: Head of Payments}
  tomas: {name: Tomas Lind, company: Harbour Bank, title: Analyst}
relationships:
  - {between: [maria, hannah], strength: close, how: Co-founded a company}
  - {between: [hannah, elena], strength: good, how: Former colleagues}
  - {between: [hannah, tomas], strength: good, how: Neighbours}
"""

CONNECTIONS = """First Name,Last Name,URL,Email Address,Company,Position,Connected On
Elena,Kask,https://www.linkedin.com/in/elenakask,,Harbour Bank,Head of Payments,15 Mar 2023
Tomas,Lind,https://www.linkedin.com/in/tomaslind,,Harbour Bank,Analyst,15 Mar 2024
"""


def test_find_path_and_connectors_agree_after_a_linkedin_import(run, tmp_path: Path) -> None:
    contacts = write(tmp_path, LINKEDIN_BEFORE)
    write(tmp_path, CONNECTIONS, "Connections.csv")
    imported = run("import", "linkedin", str(tmp_path / "Connections.csv"), contacts=contacts)
    assert imported.exit_code == 0, imported.output
    assert "{between: [maria, elena], strength: acquaintance" in contacts.read_text()
    as_of = ("--as-of", str(AS_OF))
    path = json.loads(run("path", "elena", "--json", *as_of, contacts=contacts).stdout)
    assert path["paths"][0]["people"] == ["maria", "hannah", "elena"]
    found = json.loads(run("find", "--company", "Harbour Bank", "--json", *as_of, contacts=contacts).stdout)
    elena = next(t for t in found["targets"] if t["id"] == "elena")
    assert elena["path"] == path["paths"][0] and not elena["direct"]
    assert elena["known"] == {"strength": "acquaintance", "warmth": 0.15}
    text = run("find", "--company", "Harbour Bank", *as_of, contacts=contacts).stdout
    assert "you know Elena directly" not in text
    assert "you know Elena too (acquaintance, 15%); Hannah's introduction ranks warmer" in " ".join(text.split())
    doors = json.loads(run("connectors", "--json", *as_of, contacts=contacts).stdout)
    assert doors["doors"] == 2
    hannah = next(c for c in doors["connectors"] if c["id"] == "hannah")
    assert (hannah["reach"], hannah["best"], hannah["only"]) == (2, 2, 2)


def test_you_know_them_directly_only_when_that_ranks_first(run, tmp_path: Path) -> None:
    contacts = write(tmp_path, LINKEDIN_BEFORE + "  - {between: [maria, elena], strength: strong}\n")
    text = run("find", "--company", "Harbour Bank", "--as-of", str(AS_OF), contacts=contacts).stdout
    assert "you know Elena directly (strong)" in text and "too (" not in text.split("Tomas")[0]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks_with_ledgers(), st.integers(1, 5), st.data())
def test_find_is_path_first_and_connectors_follow_from_it(network: Network, max_hops: int, data) -> None:
    source = data.draw(st.sampled_from(list(network.people)))
    for pid in network.people:
        network.people[pid] = Person(pid, pid.upper(), tags=("t",))
    result = find_targets(network, source, Criteria(tags=("t",)), max_hops=max_hops, as_of=AS_OF)
    for target in result.targets:
        assert (
            target.path == find_paths(network, source, target.person.id, top=1, max_hops=max_hops, as_of=AS_OF).paths[0]
        )
    if max_hops < 2:
        return
    # connectors: "best" counts the doors whose first path (ledger aside) starts with the contact
    doors = find_connectors(network, source, max_hops=max_hops, min_warmth=0.01, as_of=AS_OF)
    best: dict[str, int] = {}
    for pid in network.people:
        if pid == source:
            continue
        first = find_paths(network, source, pid, top=1, max_hops=max_hops, as_of=AS_OF, fatigue=False).paths
        if first and len(first[0].hops) > 1 and round(first[0].warmth, 9) >= 0.01:
            best[first[0].people[1]] = best.get(first[0].people[1], 0) + 1
    assert {c.person.id: c.best for c in doors.connectors if c.best} == best


# --------------------------------------------------------------------------------------------
# An open ask never counts against itself


def _hannah_network(*asks: Ask) -> Network:
    people = {i: Person(i, i.title(), tags=("t",)) for i in ("me", "hannah", "rachel", "sam", "dan")}
    relationships = [
        Relationship("me", "hannah", "close"),
        Relationship("hannah", "rachel", "good"),
        Relationship("hannah", "sam", "good"),
        Relationship("me", "dan", "strong"),
        Relationship("dan", "rachel", "weak"),
    ]
    return Network(people, relationships, me="me", intros=asks)


def _ask(number: int, target: str, status: str = "asked") -> Ask:
    return Ask(f"a{number}", PartialDate(2026, 11, 1), "me", "hannah", target, status)


def test_an_open_ask_does_not_count_against_itself() -> None:
    plain = find_paths(_hannah_network(), "me", "rachel", top=1, as_of=AS_OF).paths[0]
    network = _hannah_network(_ask(1, "rachel"))
    path = find_paths(network, "me", "rachel", top=1, as_of=AS_OF).paths[0]
    assert path.people == ("me", "hannah", "rachel") and path.warmth == plain.warmth
    assert not path.hops[0].adjustments
    # ...but it still counts against Hannah on the way to anyone else
    sam = find_paths(network, "me", "sam", top=1, as_of=AS_OF).paths[0]
    assert sam.hops[0].adjustments and sam.warmth == pytest.approx(plain.warmth * 0.5 ** (1 / 3))
    # find says the same as path, for both
    found = {t.person.id: t for t in find_targets(network, "me", Criteria(tags=("t",)), as_of=AS_OF).targets}
    assert found["rachel"].path == path and found["sam"].path == sam
    # other asks of Hannah's still count, on the way to Rachel too
    busier = _hannah_network(_ask(1, "rachel"), _ask(2, "sam"))
    again = find_paths(busier, "me", "rachel", top=1, as_of=AS_OF).paths[0]
    assert [a.asks for a in again.hops[0].adjustments] == [("a2",)]
    # a closed ask to Rachel is history: it counts
    closed = _hannah_network(_ask(1, "rachel", "declined"))
    adjustments = ledger_adjustments(closed, AS_OF, target="rachel")
    assert adjustments is not None and "hannah" in adjustments.connector


def test_drafting_along_an_open_ask_uses_the_connector_without_it(run, tmp_path: Path) -> None:
    contacts = write(
        tmp_path,
        LINKEDIN_BEFORE
        + "intros:\n"
        + "  - {id: a1, date: 2026-11-01, requester: maria, connector: hannah, target: elena, status: asked}\n",
    )
    path = json.loads(run("path", "elena", "--json", "--as-of", str(AS_OF), contacts=contacts).stdout)
    assert path["paths"][0]["warmth"] == pytest.approx(0.57)
    drafted = run("draft", "elena", "--json", "--as-of", str(AS_OF), contacts=contacts)
    assert drafted.exit_code == 0, drafted.output
    assert json.loads(drafted.stdout)["path"]["warmth"] == pytest.approx(0.57)
    tomas = json.loads(run("path", "tomas", "--json", "--as-of", str(AS_OF), contacts=contacts).stdout)
    assert tomas["paths"][0]["warmth"] == pytest.approx(0.57 * 0.5 ** (1 / 3))


# --------------------------------------------------------------------------------------------
# One model, one place: every search, path and explanation takes recency, a hop's weight and
# the ledger's adjustments from warmintro.ranking.warmth, so that changing a formula there
# changes every answer (a copy elsewhere would keep the old answer and fail these tests).

#: Two routes from me to Tom: two stale close ties (0.95 x 0.5 each, at the recency floor) or two
#: undated good ones (0.6 each). Recency decides: 0.2256 against 0.36; without it, 0.9025 wins.
TWO_ROUTES = """
me: me
people:
  me: {name: Me}
  old: {name: Old Friend}
  new: {name: New Friend}
  tom: {name: Tom Target, company: Harbour Bank}
relationships:
  - {between: [me, old], strength: close, last_contact: 2000-01}
  - {between: [old, tom], strength: close, last_contact: 2000-01}
  - {between: [me, new], strength: good}
  - {between: [new, tom], strength: good}
intros:
  - {id: a1, date: 2026-10-01, requester: me, connector: old, target: tom, status: met}
"""


def _no_recency(days: int, half_life_years: float) -> float:
    return 1.0


def _answers(network: Network) -> dict[str, object]:
    """What each search and explanation says about the two routes."""
    path = find_paths(network, "me", "tom", top=1, as_of=AS_OF, fatigue=False).paths[0]
    reach = warmest_paths(network, "me", max_hops=4, as_of=AS_OF, fatigue=False)["tom"]
    found = find_targets(network, "me", Criteria(companies=("Harbour Bank",)), as_of=AS_OF, fatigue=False)
    connectors = {c.person.id: c.warmth for c in find_connectors(network, "me", as_of=AS_OF).connectors}
    (evidence,), _, _ = outcomes(network)
    return {
        "path": (path.people, path.warmth),
        "reach": (reach.people, reach.warmth),
        "find": (found.targets[0].path.people, found.targets[0].path.warmth),
        "connectors": connectors["old"],
        "adjacency": dict(warm_adjacency(network, AS_OF)["me"])["old"],
        "relationship": warmth.relationship_warmth(network.relationships[0], network.settings, AS_OF),
        "calibrate": evidence.factor,
    }


def test_every_search_takes_recency_from_the_warmth_model() -> None:
    stale = (("me", "new", "tom"), 0.6 * 0.6)
    fresh = (("me", "old", "tom"), 0.95 * 0.95)
    before = _answers(parse_network(TWO_ROUTES))
    assert before["path"] == before["reach"] == before["find"] == (stale[0], pytest.approx(stale[1]))
    assert before["connectors"] == before["adjacency"] == before["relationship"] == pytest.approx(0.95 * 0.5)
    assert before["calibrate"] == pytest.approx(0.5 * 0.5)
    # one function changed, in one module: every answer follows
    with patch.object(warmth, "recency_after", _no_recency):
        after = _answers(parse_network(TWO_ROUTES))
    assert after["path"] == after["reach"] == after["find"] == (fresh[0], pytest.approx(fresh[1]))
    assert after["connectors"] == after["adjacency"] == after["relationship"] == 0.95
    assert after["calibrate"] == 1.0


def _undated(network: Network) -> Network:
    rels = [replace(rel, last_contact=None) for rel in network.relationships]
    return Network(dict(network.people), rels, me=network.me, settings=network.settings, intros=network.intros)


def _ranked(network: Network, source: str, max_hops: int, *, fatigue: bool = True) -> dict[str, object]:
    """Every search's answer from `source`, as ids and warmths."""
    found: dict[str, object] = {}
    for target in network.people:
        if target != source:
            paths = find_paths(network, source, target, top=3, max_hops=max_hops, as_of=AS_OF, fatigue=fatigue)
            found[f"path {target}"] = [(p.people, p.warmth) for p in paths.paths]
    reach = warmest_paths(network, source, max_hops=max_hops, as_of=AS_OF, fatigue=fatigue)
    found["reach"] = {pid: (p.people, p.warmth) for pid, p in reach.items()}
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks_with_ledgers(), st.integers(1, 4), st.data())
def test_without_recency_every_search_answers_as_if_no_contact_were_dated(
    network: Network, max_hops: int, data: st.DataObject
) -> None:
    source = data.draw(st.sampled_from(sorted(network.people)))
    expected = _ranked(_undated(network), source, max_hops)
    with patch.object(warmth, "recency_after", _no_recency):
        assert _ranked(network, source, max_hops) == expected


def _ledger_ignored(warmth: float, factor: float) -> float:
    return warmth


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks_with_ledgers(), st.integers(1, 4), st.data())
def test_every_search_takes_the_ledger_from_the_warmth_model(
    network: Network, max_hops: int, data: st.DataObject
) -> None:
    # with what a factor does to a hop made to do nothing, the ledger changes no answer
    source = data.draw(st.sampled_from(sorted(network.people)))
    expected = _ranked(network, source, max_hops, fatigue=False)
    with patch.object(warmth, "adjusted", _ledger_ignored):
        assert _ranked(network, source, max_hops) == expected
