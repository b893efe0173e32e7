"""The ledger's adjustments, one rule at a time."""

from __future__ import annotations

import datetime as dt

import pytest

from warmintro.dates import PartialDate
from warmintro.ledger.asks import Ask
from warmintro.model import Network, Person, Relationship, Settings
from warmintro.ranking.fatigue import Adjustments, connector_load, ledger_adjustments
from warmintro.ranking.kpaths import find_paths

AS_OF = dt.date(2026, 11, 26)


def ask(ident: str, day: str, status: str, connector: str = "c", target: str = "t", through: tuple = ()) -> Ask:
    year, month, date = (int(x) for x in day.split("-"))
    return Ask(ident, PartialDate(year, month, date), "r", connector, target, status, through=through)


@pytest.mark.parametrize(
    ("asks", "factor", "reason"),
    [
        ([ask("a", "2026-11-01", "asked")], 0.5 ** (1 / 3), "asked once, in November, still open"),
        ([ask("a", "2026-03-01", "met")], 0.5 ** (1 / 3), "asked once, in March"),
        (
            [ask("a", "2026-03-01", "declined"), ask("b", "2026-05-01", "opted-in")],
            0.5 ** (2 / 3),
            "asked twice since March, 1 open",
        ),
        (
            [ask(i, "2025-12-01", "drafted") for i in "abc"],
            0.5,
            "asked 3 times since December 2025, all open",
        ),
        # older than a year: only open asks count
        ([ask("a", "2025-11-26", "no-reply"), ask("b", "2024-01-01", "asked")], 0.5 ** (1 / 3), "asked once, in "),
        # asks after the day do not count
        ([ask("a", "2026-12-01", "asked")], None, None),
    ],
)
def test_fatigue(asks: list[Ask], factor: float | None, reason: str | None) -> None:
    adjustments = Adjustments(asks, AS_OF)
    found = adjustments.connector.get("c", ())
    fatigue = [a for a in found if a.kind == "fatigue"]
    if factor is None:
        assert fatigue == []
        return
    (only,) = fatigue
    assert only.factor == factor and only.reason.startswith(reason)


def test_a_connector_counts_as_one_on_any_place_in_the_chain() -> None:
    asks = [ask("a", "2026-11-01", "asked", connector="x", through=("c",)), ask("b", "2026-10-01", "met")]
    load = connector_load(asks, "c", AS_OF)
    assert (load.recent, load.open, [a.id for a in load.counted], [a.id for a in load.meetings]) == (
        2,
        1,
        ["b", "a"],
        ["b"],
    )
    adjustments = Adjustments(asks, AS_OF)
    assert [a.kind for a in adjustments.connector["c"]] == ["fatigue", "meetings"]
    assert adjustments.connector_factor["c"] == 0.5 ** (2 / 3) * 1.05


def test_meetings_count_up_to_three_and_declines_only_the_last_year() -> None:
    met = [ask(f"m{i}", "2020-01-01", "met") for i in range(5)]
    adjustments = Adjustments(met, AS_OF)
    (meetings,) = adjustments.connector["c"]
    assert meetings.factor == 1 + 0.05 * 3 and meetings.reason == "5 introductions led to meetings"
    declined = [ask("a", "2026-06-01", "declined"), ask("b", "2025-06-01", "declined")]
    (declines,) = Adjustments(declined, AS_OF).target["t"]
    assert declines.factor == 0.5 ** (1 / 2) and declines.reason == "declined once, in June"


def test_a_boost_never_makes_a_hop_warmer_than_certain() -> None:
    network = Network(
        people={p: Person(p, p.upper()) for p in ("s", "c", "t", "r")},
        relationships=[Relationship("s", "c", "close"), Relationship("c", "t", "good")],
        settings=Settings(warmth={"close": 1.0, "strong": 0.8, "good": 0.6, "weak": 0.35, "acquaintance": 0.15}),
        intros=(ask("old", "2020-01-01", "met"),),
    )
    (path,) = find_paths(network, "s", "t", as_of=AS_OF).paths
    first = path.hops[0]
    assert first.relationship_warmth == 1.0 and first.warmth == 1.0 and first.adjustments[0].factor == 1.05
    assert path.warmth == 0.6
    assert ledger_adjustments(network, AS_OF, fatigue=False) is None


def test_declines_apply_to_the_target_only_through_a_connector() -> None:
    network = Network(
        people={p: Person(p, p.upper()) for p in ("s", "c", "t", "r")},
        relationships=[Relationship("s", "c", "close"), Relationship("c", "t", "good"), Relationship("s", "t", "weak")],
        intros=(ask("d1", "2026-10-01", "declined", connector="r"), ask("d2", "2026-10-02", "declined", connector="r")),
    )
    paths = {p.people: p for p in find_paths(network, "s", "t", top=2, as_of=AS_OF).paths}
    assert paths[("s", "t")].warmth == 0.35 and not paths[("s", "t")].hops[0].adjustments
    through = paths[("s", "c", "t")]
    assert through.hops[1].warmth == 0.6 * 0.5 and through.hops[1].adjustments[0].kind == "declines"
    assert through.warmth == 0.95 * (0.6 * 0.5)
