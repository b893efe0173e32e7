"""Hypothesis strategies shared by the tests: small random networks where ties are common."""

from __future__ import annotations

from hypothesis import strategies as st

from warmintro.dates import PartialDate
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
    warmth = draw(st.sampled_from(WARMTH_TABLES))
    return Network(
        people={i: Person(i, i.upper()) for i in ids},
        relationships=rels,
        settings=Settings(warmth=warmth) if warmth else Settings(),
    )
