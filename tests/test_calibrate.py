"""`calibrate`: warmths learned from the ask ledger, on simulated ledgers drawn from known
true warmths, and the commands that use them."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from pathlib import Path

import pytest

from conftest import AS_OF, write
from warmintro.dates import PartialDate
from warmintro.errors import ContactsError
from warmintro.fileformat.reader import parse_network
from warmintro.ledger.asks import Ask
from warmintro.model import DEFAULT_WARMTH, STRENGTHS, Network, Person, Relationship, Settings
from warmintro.ranking.calibrate import PRIOR_ASKS, calibrate, use_learned
from warmintro.ranking.kpaths import find_paths

#: The truth the simulated user lives in: their "good" ties are far colder than the table says.
TRUTH = {**DEFAULT_WARMTH, "good": 0.2}


def simulated(asks: int, seed: int, truth: dict[str, float] = TRUTH) -> Network:
    """A year of asks by `me` through six connectors to thirty targets, each chain of two or
    three hops, each outcome drawn with the chance the true warmths (and the relay) give it."""
    rng = random.Random(seed)
    connectors = [f"c{i}" for i in range(6)]
    targets = [f"t{i}" for i in range(30)]
    rels = [
        Relationship("me", c, s) for c, s in zip(connectors, ["close", "close", "strong", "strong", "good", "good"])
    ]
    rels += [Relationship(c, t, rng.choice(STRENGTHS)) for c in connectors for t in targets]
    rels += [Relationship(a, b, rng.choice(STRENGTHS)) for i, a in enumerate(connectors) for b in connectors[i + 1 :]]
    strength = {frozenset((r.a, r.b)): r.strength for r in rels}
    people = {p: Person(p, p.upper()) for p in ["me", *connectors, *targets]}
    ledger = []
    start = dt.date(2025, 12, 1)
    for number in range(asks):
        chain = ["me", *rng.sample(connectors, rng.choice([1, 1, 1, 2])), rng.choice(targets)]
        chance = 0.85 ** max(0, len(chain) - 3)
        for a, b in itertools.pairwise(chain):
            chance *= truth[strength[frozenset((a, b))]]
        worked = rng.random() < chance
        status = rng.choice(["met", "introduced"]) if worked else rng.choice(["declined", "no-reply"])
        day = start + dt.timedelta(days=number * 360 // max(1, asks))
        ledger.append(
            Ask(
                f"a{number}",
                PartialDate(day.year, day.month, day.day),
                "me",
                chain[1],
                chain[-1],
                status,
                through=tuple(chain[2:-1]),
            )
        )
    return Network(people, rels, me="me", intros=tuple(ledger))


@pytest.mark.parametrize("seed", range(4))
def test_hundreds_of_asks_learn_the_truth(seed: int) -> None:
    result = calibrate(simulated(500, seed))
    learned = result.learned
    assert abs(learned["good"] - 0.2) < 0.1
    assert abs(learned["close"] - 0.95) < 0.1
    good = next(f for f in result.labels if f.strength == "good")
    assert good.asks > 100 and good.current == 0.6 and good.needed == 0
    assert result.closed == 500 and result.needed == 0


@pytest.mark.parametrize("seed", range(6))
def test_three_asks_barely_move_the_table(seed: int) -> None:
    result = calibrate(simulated(3, seed))
    for fit in result.labels:
        # no more than three direct observations could: 3 / (PRIOR_ASKS + 3)
        assert abs(fit.learned - DEFAULT_WARMTH[fit.strength]) <= 3 / (PRIOR_ASKS + 3)
    assert abs(result.learned["good"] - 0.6) < 0.1
    assert result.needed == PRIOR_ASKS - 3
    assert any(fit.needed for fit in result.labels)


def test_more_asks_move_closer() -> None:
    errors = [abs(calibrate(simulated(n, 7)).learned["good"] - 0.2) for n in (10, 100, 1000)]
    assert errors[0] > errors[1] > errors[2]


def test_a_ledger_that_agrees_with_the_table_leaves_it_alone() -> None:
    learned = calibrate(simulated(600, 3, truth=dict(DEFAULT_WARMTH))).learned
    assert all(abs(learned[s] - DEFAULT_WARMTH[s]) < 0.1 for s in STRENGTHS)


def test_open_asks_are_not_evidence_and_missing_chains_are_skipped() -> None:
    network = simulated(30, 1)
    extra = (
        Ask("open", PartialDate(2026, 11, 1), "me", "c0", "t1", "asked"),
        Ask("gone", PartialDate(2026, 11, 1), "me", "c0", "nobody", "met"),
    )
    network.intros = network.intros + extra
    result = calibrate(network)
    assert (result.closed, result.open, result.skipped) == (30, 1, ("gone",))


def test_the_reliability_table_bins_every_closed_ask() -> None:
    result = calibrate(simulated(200, 2))
    assert sum(band.asks for band in result.bands) == 200
    for band in result.bands:
        if band.asks:
            assert band.low <= band.predicted < band.high or band.predicted == band.high == 1.0
            assert band.observed == band.worked / band.asks


def test_learned_warmths_rank_paths() -> None:
    network = simulated(400, 0)
    before = find_paths(network, "me", "t3", top=1, as_of=AS_OF, fatigue=False).paths[0]
    use_learned(network)
    assert network.settings.prior == DEFAULT_WARMTH and network.settings.learned
    after = find_paths(network, "me", "t3", top=1, as_of=AS_OF, fatigue=False).paths[0]
    assert after.warmth != before.warmth
    assert after.hops[0].warmth == pytest.approx(network.settings.warmth[after.hops[0].strength])
    use_learned(network)  # once is enough: the prior stays the file's table
    assert network.settings.prior == DEFAULT_WARMTH


# --------------------------------------------------------------------------------------------
# The file and the commands


def _yaml(network: Network) -> str:
    lines = ["me: me", "people:"]
    lines += [f"  {p}: {{name: {p.upper()}}}" for p in network.people]
    lines.append("relationships:")
    lines += [f"  - {{between: [{r.a}, {r.b}], strength: {r.strength}}}" for r in network.relationships]
    lines.append("intros:")
    for a in network.intros:
        through = f", through: [{', '.join(a.through)}]" if a.through else ""
        lines.append(
            f"  - {{id: {a.id}, date: {a.date.text}, requester: me, connector: {a.connector}{through}, "
            f"target: {a.target}, status: {a.status}}}"
        )
    return "\n".join(lines) + "\n"


def test_calibrate_command(run, tmp_path: Path) -> None:
    contacts = write(tmp_path, _yaml(simulated(300, 5)))
    result = run("calibrate", contacts=contacts)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("What your asks say about your ties · 300 asks closed, 0 open\n")
    assert "Reliability" in out and "Too few" not in out
    doc = json.loads(run("calibrate", "--json", contacts=contacts).stdout)
    assert doc["closed_asks"] == 300 and doc["prior_asks"] == PRIOR_ASKS
    assert [label["strength"] for label in doc["labels"]] == list(reversed(STRENGTHS))
    assert len(doc["reliability"]) == 5
    good = next(label for label in doc["labels"] if label["strength"] == "good")
    assert good["current"] == 0.6 and good["learned"] < 0.45


def test_calibrate_says_how_many_more_asks_it_needs(run, tmp_path: Path) -> None:
    contacts = write(tmp_path, _yaml(simulated(3, 5)))
    out = run("calibrate", contacts=contacts).stdout
    assert f"about {PRIOR_ASKS - 3} more" in " ".join(out.split())


def test_learned_ranking_says_likely(run, tmp_path: Path) -> None:
    text = _yaml(simulated(300, 5))
    contacts = write(tmp_path, text)
    plain = run("path", "t3", "--as-of", str(AS_OF), contacts=contacts).stdout
    learned = run("path", "t3", "--learned", "--as-of", str(AS_OF), contacts=contacts).stdout
    assert "% warmth ·" in plain and "likely" not in plain
    assert "% likely ·" in learned and "% warmth ·" not in learned
    # the same from the file's settings, and nothing written
    setting = write(tmp_path, text + "settings:\n  warmth: learned\n", "learned.yaml")
    assert run("path", "t3", "--as-of", str(AS_OF), contacts=setting).stdout == learned
    assert setting.read_text() == text + "settings:\n  warmth: learned\n"
    plain_json = json.loads(run("path", "t3", "--json", "--as-of", str(AS_OF), contacts=contacts).stdout)
    learned_json = json.loads(run("path", "t3", "--json", "--learned", "--as-of", str(AS_OF), contacts=contacts).stdout)
    assert plain_json["paths"][0]["warmth"] != learned_json["paths"][0]["warmth"]


def test_warmth_setting_is_a_table_or_learned() -> None:
    base = "people:\n  a: {name: A}\nsettings:\n  warmth: "
    assert parse_network(base + "learned\n").settings.learned
    assert parse_network(base + "{good: 0.5}\n").settings.warmth["good"] == 0.5
    with pytest.raises(ContactsError, match="'warmth' is a table of strengths or the word 'learned'"):
        parse_network(base + "guessed\n")
    assert Settings().learned is False
