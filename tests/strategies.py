"""Hypothesis strategies shared by the tests: small random networks where ties are common."""

from __future__ import annotations

from hypothesis import strategies as st

from warmintro.dates import PartialDate
from warmintro.ledger.asks import STATUSES, Ask
from warmintro.model import STRENGTHS, Network, Person, Relationship, Settings

#: Warmth tables that make exact ties, near ties (products equal but for the last bit) and
#: warmths that round to 0 at 9 decimals likely.
WARMTH_TABLES = [
    None,
    {"close": 1.0, "strong": 1.0, "good": 0.5, "weak": 0.25, "acquaintance": 0.125},
    {s: 0.5 for s in STRENGTHS},
    {s: 0.01 for s in STRENGTHS},
    {"close": 0.95, "strong": 0.9, "good": 0.81, "weak": 0.729, "acquaintance": 0.1},
]

#: Relay factors: the default, none (1), a harsh one, and one that makes a third hop of 0.9
#: tie with a stronger hop before it (0.9 * 0.9 == 0.81).
RELAYS = [0.85, 1.0, 0.5, 0.9]


@st.composite
def networks(draw: st.DrawFn, min_people: int = 2, max_people: int = 9) -> Network:
    n = draw(st.integers(min_people, max_people))
    ids = [f"p{i}" for i in range(n)]
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    rels = [
        Relationship(
            *(pair if draw(st.booleans()) else pair[::-1]),
            draw(st.sampled_from(STRENGTHS)),
            last_contact=draw(st.one_of(st.none(), st.sampled_from([PartialDate(2020), PartialDate(2024, 3)]))),
        )
        for pair in chosen
    ]
    return Network(people={i: Person(i, i.upper()) for i in ids}, relationships=rels, settings=draw(model_settings()))


@st.composite
def model_settings(draw: st.DrawFn, extra_tables: tuple[dict[str, float], ...] = ()) -> Settings:
    """A warmth table and a relay factor."""
    warmth = draw(st.sampled_from([*WARMTH_TABLES, *extra_tables]))
    relay = draw(st.sampled_from(RELAYS))
    return Settings(warmth=warmth, relay=relay) if warmth else Settings(relay=relay)


#: Days asks are dated on, around the day the tests rank as of (2026-11-26): in the last year,
#: just inside and just outside it, long ago, and after it (those must not count).
ASK_DAYS = [
    PartialDate(2026, 11, 26),
    PartialDate(2026, 3, 2),
    PartialDate(2025, 11, 27),
    PartialDate(2025, 11, 26),
    PartialDate(2023, 5),
    PartialDate(2026, 12, 24),
]


@st.composite
def ledgers(draw: st.DrawFn, ids: list[str], min_asks: int = 0, max_asks: int = 14) -> tuple[Ask, ...]:
    """Random asks among `ids`: any statuses, chains of one to three connectors, repeated people."""
    if len(ids) < 3:
        return ()
    asks = []
    for number in range(draw(st.integers(min_asks, max_asks))):
        chain = draw(st.lists(st.sampled_from(ids), min_size=3, max_size=min(5, len(ids)), unique=True))
        asks.append(
            Ask(
                id=f"a{number}",
                date=draw(st.sampled_from(ASK_DAYS)),
                requester=chain[0],
                connector=chain[1],
                through=tuple(chain[2:-1]),
                target=chain[-1],
                status=draw(st.sampled_from(STATUSES)),
            )
        )
    return tuple(asks)


@st.composite
def networks_with_ledgers(draw: st.DrawFn, min_people: int = 3, max_people: int = 8) -> Network:
    """Denser networks than `networks`, with a ledger of at least one ask; warmths of 1 make
    the cap at 1 of a connector's boost matter."""
    n = draw(st.integers(min_people, max_people))
    ids = [f"p{i}" for i in range(n)]
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, min_size=min(len(pairs), n), max_size=len(pairs)))
    rels = [
        Relationship(
            *pair,
            draw(st.sampled_from(STRENGTHS)),
            last_contact=draw(st.one_of(st.none(), st.sampled_from([PartialDate(2020), PartialDate(2024, 3)]))),
        )
        for pair in chosen
    ]
    return Network(
        people={i: Person(i, i.upper()) for i in ids},
        relationships=rels,
        settings=draw(model_settings(({s: 1.0 for s in STRENGTHS},))),
        intros=draw(ledgers(ids, min_asks=1)),
    )
