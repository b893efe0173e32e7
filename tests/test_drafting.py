"""Drafting: the double opt-in for the sample, what is shared, missing data, hostile names and
templates, and LinkedIn's 300 characters on many generated networks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, SAMPLE, write
from warmintro.dates import PartialDate
from warmintro.drafting.drafts import draft_direct, draft_intro, templates_for
from warmintro.drafting.facts import known_from, purpose_phrase, shared_ground
from warmintro.drafting.linkedin import LINKEDIN_LIMIT, linkedin_length
from warmintro.drafting.templating import TEMPLATE_NAMES, TemplateSet, and_join, builtin_text, export_templates
from warmintro.errors import QueryError, TemplateError
from warmintro.fileformat.reader import load_network, parse_network
from warmintro.model import Job, Network, Person, Relationship
from warmintro.ranking.kpaths import find_paths, path_along

PURPOSE = "coaching for founders in their first year"


@pytest.fixture(scope="module")
def network() -> Network:
    return load_network(SAMPLE)


def _intro(network: Network, *people: str, **options: object):
    return draft_intro(network, path_along(network, list(people), as_of=AS_OF), as_of=AS_OF, **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# the double opt-in


def test_sample_ask_opt_in_intro(network: Network) -> None:
    drafts = _intro(network, "alice", "carol", "bob", purpose=PURPOSE)
    ask, opt_in, intro = drafts.messages
    assert [(m.kind, m.sender, m.recipients) for m in drafts.messages] == [
        ("ask", "alice", ("carol",)),
        ("opt-in", "carol", ("bob",)),
        ("intro", "carol", ("alice", "bob")),
    ]
    # Alice and Carol are close: no "I hope you're well" between them
    assert ask.body.startswith("Hi Carol,\n\nI have a favour to ask.")
    _, forwardable = ask.body.split("\n---------- Forwardable note ----------\n")
    assert "Subject: Potential introduction: Alice (Northwind Consulting) / Bob (Helix Coaching)" in forwardable
    assert opt_in.subject == "Potential introduction: Alice (Northwind Consulting) / Bob (Helix Coaching)"
    assert "no thanks" in forwardable  # an easy way to say no, in the part Bob reads
    assert "No pressure at all" in opt_in.body
    assert intro.subject == "Introduction: Alice (Northwind Consulting) / Bob (Helix Coaching)"
    assert "over to you to suggest a time" in intro.body
    assert drafts.hints == ()  # the sample has every field the drafts use


def test_the_opt_in_reveals_no_more_than_the_forwardable_note(network: Network) -> None:
    drafts = _intro(network, "alice", "carol", "bob", purpose="a private matter", offer="an intro to my investors")
    ask, opt_in, _ = drafts.messages
    forwardable = ask.body.split("\n---------- Forwardable note ----------\n")[1]
    forwardable_body = forwardable.split("\n\n", 1)[1]  # without its Subject line
    wrapper, quoted = opt_in.body.split("\n---------- Alice's note ----------\n")
    assert quoted == forwardable_body
    for private in ("a private matter", "investors", "favour", "Kestrel Systems!"):
        assert private not in wrapper


def test_chains_of_asks_each_name_the_goal(network: Network) -> None:
    drafts = _intro(network, "alice", "grace", "carol", "bob", purpose=PURPOSE)
    kinds = [(m.kind, m.sender, m.recipients) for m in drafts.messages]
    assert kinds == [
        ("ask", "alice", ("grace",)),
        ("ask", "grace", ("carol",)),
        ("opt-in", "carol", ("bob",)),
        ("intro", "carol", ("alice", "bob")),
    ]
    first, relay, opt_in, intro = drafts.messages
    assert first.subject == "Could you help me reach Bob Sjöberg?"
    # Carol hired Grace: Alice knows they work together
    assert "I know you work closely with Carol Virtanen (Co-founder, Pactbank), who knows Bob" in first.body
    assert "Bob Sjöberg" in relay.body and "ask Bob whether an introduction would be welcome" in relay.body
    assert "reached me through Grace Liu" in opt_in.body
    assert "Thanks to Grace Liu for passing Alice's note on to me." in intro.body


def test_four_connectors(network: Network) -> None:
    result = find_paths(network, "jonas", "leo", top=1, max_hops=6, as_of=AS_OF)
    path = result.paths[0]
    drafts = draft_intro(network, path, as_of=AS_OF)
    asks = [m for m in drafts.messages if m.kind == "ask"]
    assert len(asks) == len(path.connectors)
    assert all("Leo Hämäläinen" in m.body for m in asks)


def test_formal_tone(network: Network) -> None:
    drafts = _intro(network, "alice", "carol", "bob", purpose=PURPOSE, tone="formal")
    ask, opt_in, intro = drafts.messages
    assert ask.subject == "Request for an introduction to Bob Sjöberg"
    assert ask.body.startswith("Dear Carol Virtanen,\n\nI am writing to ask a favour.")
    assert "With thanks,\nAlice Lindqvist" in ask.body
    assert opt_in.body.count("Kind regards,\nCarol Virtanen") == 1
    assert "I'm" not in ask.body + opt_in.body + intro.body


def test_no_introduction_between_people_who_know_each_other(network: Network) -> None:
    with pytest.raises(QueryError, match="know each other"):
        _intro(network, "alice", "carol")


# --------------------------------------------------------------------------------------------
# facts: purpose, shared ground, where two people know each other from


@pytest.mark.parametrize(
    ("given", "phrase"),
    [
        ("coaching for founders", "about coaching for founders"),
        ("About pricing.", "about pricing"),
        ("to ask about the book", "to ask about the book"),
        ("  for advice on\n hiring  ", "for advice on hiring"),
        ("SaaS pricing", "about SaaS pricing"),
        ("to", "about to"),
        ("  ", None),
        (None, None),
    ],
)
def test_purpose_reads_after_talk_with(given: str | None, phrase: str | None) -> None:
    assert purpose_phrase(given) == phrase


def _person(pid: str, **fields: object) -> Person:
    return Person(id=pid, name=pid.title(), **fields)  # type: ignore[arg-type]


def test_shared_ground_ignores_case_accents_and_spacing() -> None:
    a = _person(
        "a",
        company="Kestrel  Systems",
        location="Malmö",
        tags=("SaaS", "author"),
        history=(Job("Åbo Akademi"),),
    )
    b = _person("b", company="kestrel systems", location="malmo", tags=("saas",), history=(Job("abo akademi"),))
    ground = shared_ground(a, b)
    assert ground.work_together == ("Kestrel  Systems",)
    assert ground.both_been == ("Åbo Akademi",)
    assert (ground.location, ground.tags) == ("Malmö", ("SaaS",))
    assert not shared_ground(a, _person("c", company="Kestrel", location="Malmo East"))


def test_known_from_needs_the_how_or_overlapping_dates() -> None:
    def job(org: str, start: int, end: int | None) -> Job:
        return Job(org, start=PartialDate(start), end=PartialDate(end) if end else None)

    a = _person("a", company="Now A", history=(job("Kestrel", 2010, 2015),))
    b = _person("b", company="Now B", history=(job("Kestrel", 2016, 2020),))
    c = _person("c", company="Now C", history=(job("Kestrel", 2014, 2018),))
    rel = Relationship("a", "b", how="Met at a conference.")
    assert known_from(a, b, rel, AS_OF) is None  # both at Kestrel, never at the same time
    assert known_from(a, b, Relationship("a", "b", how="Both at KESTREL once"), AS_OF) == "Kestrel"
    assert known_from(a, c, None, AS_OF) == "Kestrel"  # 2014-2015 overlap
    colleagues = _person("d", company="Now A", history=(job("Kestrel", 2010, 2015),))
    assert known_from(a, colleagues, Relationship("a", "d", how="Kestrel"), AS_OF) is None


# --------------------------------------------------------------------------------------------
# missing data: shorter messages, and hints


BARE = """
me: a
people:
  a: {name: Ann}
  b: {name: Ben}
  c: {name: Cy}
relationships:
  - {between: [a, b]}
  - {between: [b, c]}
"""


def test_missing_data_gives_shorter_natural_messages_and_hints() -> None:
    network = parse_network(BARE)
    drafts = _intro(network, "a", "b", "c")
    ask, _, intro = drafts.messages
    assert ask.body.startswith("Hi Ben,\n\nI hope you're well!\n\nI have a favour to ask. I'd like to meet Cy, and")
    assert "Ann would like to meet Cy." in ask.body
    assert "Cy, meet Ann.\n\nAnn, meet Cy." in intro.body
    for message in drafts.messages:
        text = f"{message.subject}\n{message.body}"
        assert "None" not in text and "()" not in text and "  " not in text and " ." not in text
        assert "About" not in text and "Why" not in text and "\n\n\n" not in text
    assert [str(h) for h in drafts.hints] == [
        "--purpose: say what you would like to talk with Cy about",
        "about for a: one line on what you do, for the forwardable note",
        "title, company for a: who Ann is, in a few words",
        "about for c: what Cy does: why Cy in particular",
        "title, company for c: who Cy is, in a few words",
        "how for a–b: how Ann and Ben know each other, for a more personal opening",
        "how for b–c: how Ben and Cy know each other, for a more personal opening",
    ]


def test_direct_without_mutual_contacts_says_so() -> None:
    network = parse_network(BARE.replace("  c: {name: Cy}", "  c: {name: Cy}\n  d: {name: Dee Dee}"))
    drafts = draft_direct(network, "a", "d", as_of=AS_OF)
    (message,) = drafts.messages
    assert message.subject == "Introducing myself: Ann"
    assert message.body == (
        "Hi Dee,\n\nI'm Ann.\n\nWould you be up for a short call? Or, if easier, I could send a few questions by "
        "email. If you'd rather not, no need to reply.\n\nBest,\nAnn"
    )
    assert drafts.notes == ("no mutual contacts with Dee in <string>: the message cannot name any",)
    (with_ben,) = draft_direct(network, "a", "c", as_of=AS_OF).messages
    assert with_ben.subject == "We both know Ben" and "I'm Ann, and we both know Ben." in with_ben.body


def test_nothing_is_invented_for_people_with_nothing_in_common() -> None:
    network = parse_network(
        BARE.replace("{name: Ann}", "{name: Ann, company: Acme, location: Oslo, tags: [x]}").replace(
            "{name: Cy}", "{name: Cy, company: Zeta, location: Rome, tags: [y]}"
        )
    )
    body = draft_direct(network, "a", "c", as_of=AS_OF).messages[0].body
    assert "both" not in body.replace("we both know", "") and "common" not in body
    assert "Zeta" not in body and "Rome" not in body


# --------------------------------------------------------------------------------------------
# names are data: markup, control characters and template syntax appear as written

HOSTILE = """
me: a
people:
  a: {name: "[bold red]Ann[/]", company: "{% raw %}Acme", about: "{{ 7*7 }} and {{ cycler.__init__ }}"}
  b: {name: "Ben\\e[2J {{ config }}"}
  c: {name: "Cy {# no #} {%- if true %}"}
relationships:
  - {between: [a, b], how: "{{ ''.__class__.__mro__ }}"}
  - {between: [b, c]}
"""


def test_file_values_are_never_template_code() -> None:
    network = parse_network(HOSTILE)
    text = ""
    for tone in ("friendly", "formal"):
        drafts = _intro(network, "a", "b", "c", purpose="{{ 6*7 }}", tone=tone)
        text += "\n".join(f"{m.subject}\n{m.body}" for m in drafts.messages)
    assert "[bold red]Ann[/]" in text
    assert "{% raw %}Acme" in text
    assert "{{ 7*7 }} and {{ cycler.__init__ }}" in text
    assert "Ben\x1b[2J {{ config }}" in text  # raw in the library; escaped when shown or written
    assert "Cy {# no #} {%- if true %}" in text
    assert "about {{ 6*7 }}" in text
    assert "49" not in text and "42" not in text


# --------------------------------------------------------------------------------------------
# templates


def test_user_templates_override_and_fall_back(tmp_path: Path, network: Network) -> None:
    (tmp_path / "intro.j2").write_text("Subject: Hello {{ source.first }}\n\n{{ target.name }}!\n", encoding="utf-8")
    drafts = _intro(network, "alice", "carol", "bob", templates=TemplateSet(tmp_path))
    assert (drafts.messages[-1].subject, drafts.messages[-1].body) == ("Hello Alice", "Bob Sjöberg!")
    assert drafts.messages[0].subject == "Could you introduce me to Bob Sjöberg?"  # built-in


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("Subject: x\n\n{% if %}\n", 3, "template syntax error"),
        ("Subject: x\n\nHi\n{{ sender.nmae }}\n", 4, "has no attribute 'nmae'"),
        ("Subject: x\n\n{{ nobody }}\n", 3, "'nobody' is undefined"),
        ("{{ ''.__class__.__mro__ }}\n", 1, "unsafe"),
        ("\n{{ 1 / 0 }}\n", 2, "ZeroDivisionError"),
    ],
)
def test_broken_templates_name_file_and_line(
    tmp_path: Path, network: Network, source: str, line: int, message: str
) -> None:
    (tmp_path / "ask.j2").write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError, match=re.escape(message)) as caught:
        _intro(network, "alice", "carol", "bob", templates=TemplateSet(tmp_path))
    assert caught.value.file == str(tmp_path / "ask.j2")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{tmp_path / 'ask.j2'}:{line}: ")


def test_templates_setting_is_relative_to_the_contacts_file(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "direct_email.j2").write_text("Subject: S\n\nMine", encoding="utf-8")
    path = write(tmp_path, BARE + "settings: {templates: mine}\n")
    network = load_network(path)
    assert network.settings.templates == "mine"
    assert draft_direct(network, "a", "c", templates=templates_for(network)).messages[0].body == "Mine"
    missing = load_network(write(tmp_path, BARE + "settings: {templates: nowhere}\n", "other.yaml"))
    with pytest.raises(TemplateError, match="not a folder"):
        templates_for(missing)


def test_export_refuses_to_overwrite(tmp_path: Path) -> None:
    written = export_templates(tmp_path / "t")
    assert [p.relative_to(tmp_path / "t").as_posix() for p in written] == [
        *TEMPLATE_NAMES,
        *(f"fi/{name}" for name in TEMPLATE_NAMES),
    ]
    (tmp_path / "t" / "ask.j2").write_text("mine", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"22 of the templates exist already .*nothing was written"):
        export_templates(tmp_path / "t")
    assert (tmp_path / "t" / "ask.j2").read_text(encoding="utf-8") == "mine"
    export_templates(tmp_path / "t", force=True)
    assert (tmp_path / "t" / "ask.j2").read_text(encoding="utf-8").startswith("{#-")


def test_and_join() -> None:
    assert [and_join(x) for x in ([], ["a"], ["a", "b"], ["a", "b", "c"])] == ["", "a", "a and b", "a, b and c"]


# --------------------------------------------------------------------------------------------
# direct requests and LinkedIn's 300 characters


def test_direct_email_names_mutual_contacts_and_shared_ground(network: Network) -> None:
    (message,) = draft_direct(network, "alice", "bob", as_of=AS_OF).messages
    assert message.subject == "We both know Carol Virtanen"
    assert "we both know Carol Virtanen, Victor Andersson and Eve Laine." in message.body
    assert "We're both based in Helsinki. I help software firms expand into the Nordics;" in message.body
    assert "common ground" not in message.body  # tags are the user's own labels
    (victor,) = draft_direct(network, "rebecca", "victor", as_of=AS_OF).messages
    assert "have both been at Baltic School of Management" in victor.body


def test_linkedin_note_fits_and_names_carol(network: Network) -> None:
    drafts = draft_direct(network, "alice", "bob", channel="linkedin", as_of=AS_OF)
    (note,) = drafts.messages
    assert note.subject is None and note.channel == "linkedin"
    assert linkedin_length(note.body) <= LINKEDIN_LIMIT
    assert "Carol Virtanen" in note.body
    assert drafts.notes[0].startswith("left out to fit LinkedIn's 200 characters: about you")
    purpose = "compare notes on coaching founders"
    (note,) = draft_direct(network, "alice", "bob", channel="linkedin", purpose=purpose, as_of=AS_OF).messages
    (premium,) = draft_direct(
        network, "alice", "bob", channel="linkedin-premium", purpose=purpose, as_of=AS_OF
    ).messages
    assert linkedin_length(note.body) <= 200 < linkedin_length(premium.body) <= 300
    assert "Eve Laine" in premium.body and "Eve Laine" not in note.body


def test_linkedin_length_errs_long() -> None:
    assert linkedin_length("abc") == 3
    assert linkedin_length("a\nb") == 4  # forms send CR LF
    assert linkedin_length("😀") == 2  # two UTF-16 code units


_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=60
).filter(lambda s: s.strip())
_WORDS = st.lists(
    st.sampled_from(["Nordic", "Kestrel", "Åbo", "Group", "Ltd", "São", "東京", "😀", "x" * 70]), min_size=1, max_size=4
).map(" ".join)


@st.composite
def _networks(draw: st.DrawFn) -> tuple[Network, str | None]:
    count = draw(st.integers(min_value=0, max_value=10))
    orgs = draw(st.lists(_WORDS, min_size=1, max_size=3))
    people = {}
    for pid in ["a", "b", *[f"m{i}" for i in range(count)]]:
        people[pid] = Person(
            id=pid,
            name=draw(st.one_of(_TEXT, _WORDS, st.just("Ann"))),
            company=draw(st.one_of(st.none(), st.sampled_from(orgs))),
            title=draw(st.one_of(st.none(), _TEXT)),
            location=draw(st.one_of(st.none(), st.sampled_from(["Oslo", "oslo", "Malmö"]))),
            about=draw(st.one_of(st.none(), _TEXT)),
            tags=tuple(draw(st.lists(st.sampled_from(["saas", "SaaS", "author", "x" * 40]), max_size=3))),
            history=tuple(Job(org) for org in draw(st.lists(st.sampled_from(orgs), max_size=2))),
        )
    rels = [
        Relationship(pid, end, strength=draw(st.sampled_from(["close", "weak"])))
        for pid in people
        if pid.startswith("m")
        for end in ("a", "b")
    ]
    purpose = draw(st.one_of(st.none(), _TEXT, st.text(min_size=200, max_size=400)))
    return Network(people=people, relationships=rels), purpose


_TEMPLATES = TemplateSet()
#: Every word the built-in templates could write, and the counts of "and 2 others".
_TEMPLATE_WORDS = {
    word
    for text in [builtin_text(name) for name in TEMPLATE_NAMES] + ["1 2 3 4 5 6 7 8 9 10 other others"]
    for word in re.split(r"[\s,.;:!?()'\"]+", text)
    if word
}


def _vocabulary(network: Network, purpose: str | None) -> set[str]:
    texts = [purpose or "", *(p for p in (purpose_phrase(purpose),) if p)]
    for person in network.people.values():
        texts += [person.name, person.company or "", person.title or "", person.location or "", person.about or ""]
        texts += list(person.tags) + [job.company for job in person.history]
    return {word for text in texts for word in _tokens(text)} | _TEMPLATE_WORDS


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s,.;:!?()'\"]+", text) if t]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_networks(), st.sampled_from(["friendly", "formal"]))
def test_linkedin_notes_always_fit_and_never_cut_a_word(case: tuple[Network, str | None], tone: str) -> None:
    network, purpose = case
    drafts = draft_direct(
        network, "a", "b", channel="linkedin", purpose=purpose, tone=tone, as_of=AS_OF, templates=_TEMPLATES
    )
    body = drafts.messages[0].body
    assert linkedin_length(body) <= LINKEDIN_LIMIT
    assert body.endswith(("Would you like to connect?", "?"))
    vocabulary = _vocabulary(network, purpose)
    assert all(token in vocabulary for token in _tokens(body)), body
    people = network.people
    ground = shared_ground(people["a"], people["b"])
    orgs_b = {_org_key(o) for o in [people["b"].company or "", *(job.company for job in people["b"].history)]}
    assert all(_org_key(org) in orgs_b for org in ground.work_together + ground.both_been)
    if len(people) > 2 and all(len(p.name) <= 60 for p in people.values()):
        assert "We both know" in body, body  # the warmest mutual contact is the last part to go


def _org_key(name: str) -> str:
    from warmintro.text import fold

    return fold(" ".join(name.split()))


def test_a_line_break_in_a_name_cannot_end_a_subject() -> None:
    network = parse_network(
        'people:\n  a: {name: "Ann\\nSubject: evil"}\n  b: {name: "Ben", company: "Acme\\r\\nInc"}\n'
        '  m: {name: "Mo\\u2028Lo"}\nrelationships: [{between: [a, m]}, {between: [b, m]}]\n'
    )
    (message,) = draft_direct(network, "a", "b", as_of=AS_OF).messages
    assert message.subject == "We both know Mo Lo"
    assert message.body.startswith("Hi Ben,\n\nI'm Ann Subject: evil, and we both know Mo Lo.")
    intro = _intro(network, "a", "m", "b")
    assert intro.messages[-1].subject == "Introduction: Ann / Ben (Acme Inc)"
