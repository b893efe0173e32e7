"""Law: load -> dump -> load gives back the same network."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SAMPLE
from warmintro.dates import PartialDate
from warmintro.fileformat import dump_network, load_network, parse_network
from warmintro.fileformat.fields import PERSON_TEXT_FIELDS
from warmintro.ledger.asks import STATUSES, Ask, AskNote
from warmintro.model import STRENGTHS, Job, Network, Person, Relationship, Settings

# Text as people write it, including what YAML would otherwise misread: no, 1e3, 2004, ~, "a: b"
texts = st.one_of(
    st.sampled_from(["no", "yes", "on", "null", "~", "1e3", "2004", "2026-05", "a: b", "#hash", "- dash", "0x1F"]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(lambda s: s.strip()),
)
ids = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,8}", fullmatch=True)
dates = st.builds(
    lambda y, m, d, p: PartialDate(y) if p == 0 else PartialDate(y, m) if p == 1 else PartialDate(y, m, d),
    st.integers(1950, 2100),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 2),
)
extras = st.dictionaries(
    st.sampled_from(["nickname", "birthday", "x-custom"]),
    st.one_of(texts, st.integers(-1000, 1000), st.lists(texts, max_size=3), st.dates(dt.date(1950, 1, 1))),
    max_size=2,
)


#: What a person's `keep_in_touch` may say.
durations = st.sampled_from(["3 months", "2 Weeks", "1 year", "90", "never", "10 days"])

jobs = st.builds(
    Job,
    company=texts,
    title=st.one_of(st.none(), texts),
    start=st.one_of(st.none(), dates),
    end=st.one_of(st.none(), dates),
)


@st.composite
def networks(draw):
    person_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    people = {}
    for pid in person_ids:
        fields = {k: draw(st.one_of(st.none(), texts)) for k in PERSON_TEXT_FIELDS}
        fields["keep_in_touch"] = draw(st.one_of(st.none(), durations))
        people[pid] = Person(
            pid,
            draw(texts),
            tags=tuple(draw(st.lists(texts, max_size=3))),
            history=tuple(draw(st.lists(jobs, max_size=2))),
            extra=draw(extras),
            private=draw(st.booleans()),
            **fields,
        )
    pairs = [(a, b) for i, a in enumerate(person_ids) for b in person_ids[i + 1 :]]
    rels = []
    for a, b in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []:
        given = draw(st.booleans())
        rels.append(
            Relationship(
                a,
                b,
                draw(st.sampled_from(STRENGTHS)) if given else "good",
                how=draw(st.one_of(st.none(), texts)),
                since=draw(st.one_of(st.none(), dates)),
                last_contact=draw(st.one_of(st.none(), dates)),
                channels=tuple(draw(st.lists(texts, max_size=2))),
                strength_given=given,
                notes=draw(st.one_of(st.none(), texts)),
                private=draw(st.booleans()),
                extra=draw(extras),
            )
        )
    s = Settings()
    if draw(st.booleans()):
        s.max_hops = s.given["max_hops"] = draw(st.integers(1, 12))
    return Network(
        people=people,
        relationships=rels,
        me=draw(st.one_of(st.none(), st.sampled_from(person_ids))),
        settings=s,
        intros=draw(asks(person_ids)),
    )


notes = st.builds(
    AskNote,
    date=dates,
    status=st.one_of(st.none(), st.sampled_from(STATUSES)),
    note=st.one_of(st.none(), texts),
    extra=st.one_of(st.just(()), st.tuples(st.tuples(st.just("x-by"), texts))),
)


@st.composite
def asks(draw, person_ids: list[str]) -> tuple[Ask, ...]:
    if len(person_ids) < 3:
        return ()
    found = []
    for ask_id in draw(st.lists(ids, unique=True, max_size=3)):
        chain = draw(st.lists(st.sampled_from(person_ids), min_size=3, max_size=len(person_ids), unique=True))
        found.append(
            Ask(
                id=ask_id,
                date=draw(dates),
                requester=chain[0],
                connector=chain[1],
                through=tuple(chain[2:-1]),
                target=chain[-1],
                status=draw(st.sampled_from(STATUSES)),
                purpose=draw(st.one_of(st.none(), texts)),
                notes=tuple(draw(st.lists(notes, max_size=3))),
                extra=draw(st.one_of(st.just(()), st.tuples(st.tuples(st.just("x-custom"), texts)))),
            )
        )
    return tuple(found)


@settings(max_examples=200, deadline=None)
@given(networks())
def test_dump_then_load_is_the_identity(network: Network) -> None:
    text = dump_network(network)
    again = parse_network(text)
    assert again == network
    assert dump_network(again) == text


def test_sample_survives_a_round_trip() -> None:
    network = load_network(SAMPLE)
    assert parse_network(dump_network(network)) == network
