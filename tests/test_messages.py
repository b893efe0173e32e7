"""The messages as a careful person would send them: every kind in English and Finnish, in both
tones (goldens, read line by line); purposes in every phrasing; names of every shape; and the
privacy law: nothing from `notes` or a private entry reaches a message, an export or --json."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE
from warmintro.dates import PartialDate
from warmintro.drafting.drafts import draft_direct, draft_intro
from warmintro.drafting.facts import person_vars
from warmintro.drafting.names import name_parts
from warmintro.drafting.purpose import read_purpose
from warmintro.export.formats import FORMATS, export_network
from warmintro.fileformat.reader import load_network, parse_network
from warmintro.ledger.asks import Ask, AskNote
from warmintro.ledger.followups import due_followups
from warmintro.model import Network, Person, Relationship
from warmintro.ranking.kpaths import find_paths, path_along

GOLDEN = Path(__file__).resolve().parent / "golden" / "messages"
AS_OF = dt.date(2026, 11, 26)
SAMPLE_NETWORK = load_network(SAMPLE)


# --------------------------------------------------------------------------------------------
# Every message kind, both languages, both tones


def _all_messages(lang: str, tone: str, purpose: str | None) -> str:
    """Every kind of message on the sample, as text: a two-connector chain (ask, relay, opt-in,
    introduction), a direct email and both LinkedIn notes, and the three follow-ups."""
    network = SAMPLE_NETWORK
    parts = []
    path = path_along(network, ["alice", "grace", "carol", "bob"], as_of=AS_OF)
    drafts = [
        draft_intro(network, path, purpose=purpose, tone=tone, as_of=AS_OF, language=lang),
        draft_direct(network, "alice", "bob", purpose=purpose, tone=tone, as_of=AS_OF, language=lang),
        draft_direct(network, "alice", "carol", purpose=purpose, tone=tone, as_of=AS_OF, language=lang),
        draft_direct(
            network, "alice", "bob", channel="linkedin", purpose=purpose, tone=tone, as_of=AS_OF, language=lang
        ),
        draft_direct(
            network, "alice", "bob", channel="linkedin-premium", purpose=purpose, tone=tone, as_of=AS_OF, language=lang
        ),
    ]
    for d in drafts:
        for m in d.messages:
            parts.append(
                f"### {m.kind} {m.sender} -> {', '.join(m.recipients)} ({m.channel})\n"
                f"Subject: {m.subject}\n\n{m.body}\n"
            )
    asks = (
        Ask("a1", PartialDate(2026, 11, 2), "alice", "carol", "bob", "asked", purpose,
            notes=(AskNote(PartialDate(2026, 11, 3), "asked"),)),
        Ask("a2", PartialDate(2026, 10, 1), "alice", "grace", "bob", "opted-in", purpose, through=("carol",)),
        Ask("a3", PartialDate(2025, 9, 1), "alice", "victor", "bob", "introduced", purpose),
    )  # fmt: skip
    ledger = Network(network.people, network.relationships, network.me, network.settings, intros=asks)
    for f in due_followups(ledger, as_of=AS_OF, tone=tone, language=lang).followups:
        m = f.message
        parts.append(
            f"### {f.kind} ({f.ask.status}) {m.sender} -> {m.recipients[0]}\nSubject: {m.subject}\n\n{m.body}\n"
        )
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "fi"])
@pytest.mark.parametrize("tone", ["friendly", "formal"])
def test_every_message_kind_reads_as_reviewed(lang: str, tone: str) -> None:
    got = _all_messages(lang, tone, "compare notes on coaching founders")
    assert got == (GOLDEN / f"all_{lang}_{tone}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_without_a_purpose_every_message_still_asks_something(lang: str) -> None:
    got = _all_messages(lang, "friendly", None)
    assert got == (GOLDEN / f"all_{lang}_no_purpose.txt").read_text(encoding="utf-8")
    direct = draft_direct(SAMPLE_NETWORK, "alice", "bob", as_of=AS_OF, language=lang).messages[0].body
    assert "?" in direct


def test_a_finnish_contact_gets_finnish_and_others_english() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "    title: Author and coach\n", "    title: Author and coach\n    language: fi\n", 1
    )
    network = parse_network(text)
    path = find_paths(network, "alice", "bob", top=1, as_of=AS_OF).paths[0]
    drafts = draft_intro(network, path, purpose="coaching", as_of=AS_OF)
    assert [m.language for m in drafts.messages] == ["en", "fi", "fi"]
    assert drafts.messages[1].body.startswith("Hei Bob,")
    assert "Esittelytoive" in drafts.messages[0].body  # the note forwarded to Bob is in his language


def test_settings_language_is_the_default_and_an_unknown_one_says_how_to_add_it() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("me: alice\n", "me: alice\nsettings: {language: fi}\n", 1)
    network = parse_network(text)
    assert draft_direct(network, "alice", "bob", as_of=AS_OF).messages[0].language == "fi"
    from warmintro.errors import TemplateError

    with pytest.raises(TemplateError, match=r"no templates for language 'sv'.*add a folder 'sv'"):
        draft_direct(network, "alice", "bob", as_of=AS_OF, language="sv")


def test_a_third_language_is_one_folder_of_templates(tmp_path: Path) -> None:
    from warmintro.drafting.templating import TEMPLATE_NAMES, TemplateSet, builtin_text

    folder = tmp_path / "sv"
    folder.mkdir()
    for name in TEMPLATE_NAMES:  # a stand-in translation: the English text, marked
        text = builtin_text(name)
        (folder / name).write_text(text.replace("Hi", "Hej"), encoding="utf-8")
    drafts = draft_direct(SAMPLE_NETWORK, "alice", "bob", as_of=AS_OF, language="sv", templates=TemplateSet(tmp_path))
    assert drafts.messages[0].body.startswith("Hej Bob,")


def test_finnish_templates_never_inflect_a_name() -> None:
    """Every name in a Finnish message stands in its basic form: followed by a space, a comma,
    a full stop, a bracket, a colon or the end of a line, never by a case ending."""
    for tone in ("friendly", "formal"):
        text = _all_messages("fi", tone, "vertailla kokemuksia valmennuksesta")
        for person in SAMPLE_NETWORK.people.values():
            for word in {person.name, person.name.split()[0]}:
                for found in re.finditer(re.escape(word), text):
                    after = text[found.end() : found.end() + 1]
                    assert after in " ,.)(:?!\n'\"" or after == "", (word, text[found.start() : found.end() + 8])


# --------------------------------------------------------------------------------------------
# Purposes in any phrasing

NOUNS = [
    "coaching for first-time founders",
    " pricing for B2B SaaS",
    " hiring a first sales lead",
    "\nexpansion into the Nordics",
    " board governance for start-ups",
    " leadership coaching for CTOs",
    "\nyour book on quiet leadership",
    " partnerships with Nordic banks",
    " the Helsinki SaaS meetup",
    "\ncontract management for mid-size firms",
    " fundraising for a seed round",
    " public-sector procurement",
    "\nthe Cloudspire marketplace",
    " remote team culture",
    " go-to-market in Germany",
    " a keynote at Slush",
    "\nCoaching Founders.",
    " Product-Led Growth",
    " churn in subscription businesses",
    " legal templates for\nSaaS contracts",
    " investor updates",
    " angel investing in healthtech",
    " logistics software in Finland",
    "\nmentoring programmes for women in tech",
    " CFO tooling",
    " onboarding enterprise customers",
    " employer\nbranding",
    " the future of fintech in the Baltics",
    " open-source business models",
    " career advice",
]
INFINITIVES = [
    "to compare notes",
    " to ask for advice on pricing",
    " to learn how you built Helix Coaching",
    "\nto hear about your book",
    " to talk about coaching",
    " to explore a partnership",
    " to get feedback on my\ndeck",
    " to swap stories about scaling",
    " to discuss a speaking slot",
    " to understand the Nordic market",
    "\nto share what we learned at Kestrel",
    " to pick your brain on hiring",
    " to introduce our programme",
    "\nto find a pilot customer",
    " to see whether we could co-host an event",
    " to get your view on\nfundraising",
    " to meet for coffee",
    " to test an idea",
    " to ask about your coaching programme",
    " to\nexplore working together",
    " to learn from your experience",
    " to invite you to a panel",
    " to chat about\nleadership",
    " to compare our approaches",
    " to seek your advice",
    " to understand how you price\ncoaching",
    " to catch up on the meetup",
    " to propose a joint workshop",
    " to get an introduction to your\npublisher",
    " to talk shop",
]
VERBS = [
    "compare notes on coaching founders",
    " talk about coaching",
    " ask for advice on hiring",
    " learn\nhow you grew Helix Coaching",
    " hear your take on our programme",
    " explore a joint workshop",
    " get\nfeedback on a coaching programme",
    " swap notes on founder burnout",
    " discuss a partnership",
    "\nunderstand how you work with founders",
    " share our research on founders",
    " pick your brain about\npricing",
    " introduce Northwind to Helix",
    " find out about your book tour",
    " see if we can collaborate",
    "\nget your view on the Nordic market",
    " meet for a coffee in Helsinki",
    " test a workshop idea with you",
    "\nask about your leadership programme",
    " brainstorm a panel for Slush",
    " chat about scaling teams",
    "\nspeak about a keynote",
    " invite you to our founder dinner",
    " propose a co-hosted webinar",
    " check\nwhether you take new clients",
    " build a referral partnership",
    " exchange ideas about coaching",
    "\nvalidate a product idea",
    " seek advice on writing a book",
    " work together on a founder programme",
]
SENTENCES = [
    "I'm launching a coaching programme and would value Bob's view",
    " I am writing a book on\nfounder coaching.",
    " We are building a mentoring network for Nordic founders and need advice.",
    " I'd\nlove your advice on pricing a workshop",
    " My team is expanding into Sweden next year",
    " Our firm\nworks with SaaS companies that need coaching",
    " I've just moved back to Helsinki and am meeting\npeople in coaching",
    " We're organising a founders' retreat in March",
    " I'm looking for a coach for\nour leadership team!",
    " Could we meet for a coffee in December?",
    " I have a question about your\nbook.",
    " We have a client who needs a leadership coach",
    " My co-founder recommended your book",
    " I\nrun a small consultancy. We help software firms expand",
    " I'm curious how you structure coaching\nprogrammes",
    " We'd like to invite you to speak at our event",
    " I'm researching how founders find\ncoaches",
    " Our investors suggested we talk to you",
    " I read your book and have a question",
    " We're\nhiring our first VP Sales and need advice",
    " I was at your Slush keynote and loved it",
    " My\ncompany is piloting a coaching programme",
    " I'm preparing a talk on founder well-being",
    " We are\nlooking for partners in the Nordics",
    " I'll be in Helsinki next week and could meet",
    " I am\nexploring coaching as a career",
    " Our board asked me to find a coach",
    " I would value twenty\nminutes of your time",
    " We've built a tool for coaches and want feedback",
    " I'm writing to ask a\nsmall favour",
]


def _texts(network: Network, purpose: str, lang: str) -> list[str]:
    path = find_paths(network, "alice", "bob", top=1, as_of=AS_OF).paths[0]
    intro = draft_intro(network, path, purpose=purpose, as_of=AS_OF, language=lang)
    direct = draft_direct(network, "alice", "bob", purpose=purpose, as_of=AS_OF, language=lang)
    return [m.body for m in (*intro.messages, *direct.messages)]


#: Sentences that no frame may write: a link word before another, "to" before a noun phrase,
#: a capital or a full stop mid-sentence, a frame twice.
BROKEN = re.compile(
    r"\b(about|to|with) (about|to|for|because|regarding)\b|\babout (compare|talk|ask|learn|explore|discuss) "
    r"|\bto (coaching|pricing|hiring)\b|[a-z]\. [a-z]|\.\.|\?\.|\bmeet (Bob|you) to meet\b"
)


@pytest.mark.parametrize(
    ("form", "purposes"), [("noun", NOUNS), ("verb", INFINITIVES), ("verb", VERBS), ("sentence", SENTENCES)]
)
def test_thirty_real_purposes_of_each_form_read_naturally(form: str, purposes: list[str]) -> None:
    purposes = [" ".join(p.split()) for p in purposes]
    assert len(purposes) >= 30
    for written in purposes:
        read = read_purpose(written)
        assert read is not None and read.form == form, written
        assert read.text[:1] == read.text[:1].upper() if form == "sentence" else True
        for body in _texts(SAMPLE_NETWORK, written, "en"):
            assert not BROKEN.search(body), (written, BROKEN.search(body), body)
            assert (read.rest if read.talk or read.verb == "meet" else read.text) in body, (written, body)
        for body in _texts(SAMPLE_NETWORK, written, "fi"):
            assert read.text in body, (written, body)


@pytest.mark.parametrize(
    ("given", "form", "reads"),
    [
        ("compare notes on coaching founders", "verb", "meet Bob Sjöberg to compare notes on coaching founders"),
        ("to compare notes", "verb", "meet Bob Sjöberg to compare notes."),
        ("talk about coaching", "verb", "talk with Bob Sjöberg about coaching."),
        ("Coaching Founders.", "noun", "talk with Bob Sjöberg about coaching founders."),
        ("about pricing", "link", "talk with Bob Sjöberg about pricing."),
        ("Kestrel Systems' expansion", "noun", "about Kestrel Systems' expansion."),
        (
            "I'm launching a programme and would value Bob's view",
            "sentence",
            "In Alice's words: \"I'm launching a programme and would value Bob's view.\"",
        ),
    ],
)
def test_each_form_has_its_frame(given: str, form: str, reads: str) -> None:
    from warmintro.drafting.facts import purpose_words

    assert read_purpose(given, purpose_words(SAMPLE_NETWORK)).form == form  # type: ignore[union-attr]
    forwardable = _texts(SAMPLE_NETWORK, given, "en")[1]
    assert reads in " ".join(forwardable.split())


def test_a_reframed_purpose_is_previewed(run) -> None:
    result = run("draft", "bob", "--purpose", "compare notes on coaching founders", "--as-of", "2026-11-26")
    assert (
        "note: the purpose reads as a verb phrase: \"I'd like to meet Bob Sjöberg (Author and coach, Helix Coaching) "
        'to compare notes on coaching founders, and I believe you know Bob."' in result.stderr
    )
    plain = run("draft", "bob", "--purpose", "coaching founders", "--as-of", "2026-11-26")
    assert "purpose reads as" not in plain.stderr


# --------------------------------------------------------------------------------------------
# Names

NAME_SHAPES = [
    # name, greeting field, friendly, formal (English), formal (Finnish)
    (
        "María José García López",
        "María José",
        "Hi María José,",
        "Dear María José García López,",
        "Hyvä María José García López,",
    ),
    ("María José García López", None, "Hi María,", "Dear María José García López,", "Hyvä María José García López,"),
    ("Dr. Amina Yusuf", None, "Hi Amina,", "Dear Dr. Yusuf,", "Hyvä tohtori Yusuf,"),
    ("Prof. Jan van der Berg", None, "Hi Jan,", "Dear Prof. Van der Berg,", "Hyvä professori Van der Berg,"),
    ("Jan van der Berg", None, "Hi Jan,", "Dear Jan van der Berg,", "Hyvä Jan van der Berg,"),
    ("ZHANG Wei", None, "Hi Wei,", "Dear Zhang Wei,", "Hyvä Zhang Wei,"),
    ("KIM Min-jun", None, "Hi Min-jun,", "Dear Kim Min-jun,", "Hyvä Kim Min-jun,"),
    ("Zhang Wei", "Wei", "Hi Wei,", "Dear Zhang Wei,", "Hyvä Zhang Wei,"),
    ("Riitta Virtanen", None, "Hi Riitta,", "Dear Riitta Virtanen,", "Hyvä Riitta Virtanen,"),
    (
        "Anna-Liisa Mäkelä-Korhonen",
        None,
        "Hi Anna-Liisa,",
        "Dear Anna-Liisa Mäkelä-Korhonen,",
        "Hyvä Anna-Liisa Mäkelä-Korhonen,",
    ),
    ("Dr. Ahmed Al-Farsi", None, "Hi Ahmed,", "Dear Dr. Al-Farsi,", "Hyvä tohtori Al-Farsi,"),
    ("Ms. Fatima al-Sayed", None, "Hi Fatima,", "Dear Ms. Al-Sayed,", "Hyvä Fatima al-Sayed,"),
    ("Suharto", None, "Hi Suharto,", "Dear Suharto,", "Hyvä Suharto,"),
    ("Sir Tim Berners-Lee", None, "Hi Tim,", "Dear Sir Tim,", "Hyvä Tim Berners-Lee,"),
    ("Mrs. Jane Doe", None, "Hi Jane,", "Dear Mrs. Doe,", "Hyvä Jane Doe,"),
    ("Ann Lee, PhD", None, "Hi Ann,", "Dear Ann Lee,", "Hyvä Ann Lee,"),
]


@pytest.mark.parametrize(("name", "greeting", "friendly", "formal", "formal_fi"), NAME_SHAPES)
def test_names_of_every_shape_are_greeted_as_people_expect(
    name: str, greeting: str | None, friendly: str, formal: str, formal_fi: str
) -> None:
    people = {"me": Person("me", "Alice Lindqvist"), "them": Person("them", name, greeting=greeting)}
    network = Network(people, [Relationship("me", "them")])
    for tone, lang, expected in (("friendly", "en", friendly), ("formal", "en", formal), ("formal", "fi", formal_fi)):
        body = draft_direct(network, "me", "them", tone=tone, as_of=AS_OF, language=lang).messages[0].body
        assert body.splitlines()[0] == expected, (name, tone, lang)
    assert name_parts(name, greeting).given == friendly[3:-1]


def test_imports_keep_compound_first_names() -> None:
    from warmintro.importers.linkedin import read_linkedin
    from warmintro.importers.vcard import read_vcards

    csv = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    csv += "María José,García López,https://www.linkedin.com/in/mj,,Acme,CEO,01 Dec 2026\n"
    csv += "Bob,Sjöberg,https://www.linkedin.com/in/bob,,Helix,Coach,01 Dec 2026\n"
    records = read_linkedin(csv.encode(), "Connections.csv").records
    assert [r.greeting for r in records] == ["María José", None]
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:García López;María José;;;\r\nFN:María José García López\r\n"
    card += "NOTE:Kids: Luca\r\nEND:VCARD\r\n"
    (record,) = read_vcards(card.encode(), "c.vcf").records
    assert (record.greeting, record.notes, record.about) == ("María José", "Kids: Luca", None)


# --------------------------------------------------------------------------------------------
# Voice


def test_voice_first_person_where_the_user_speaks_and_no_pitch_to_its_subject() -> None:
    path = find_paths(SAMPLE_NETWORK, "alice", "bob", top=1, as_of=AS_OF).paths[0]
    ask, opt_in, _ = draft_intro(SAMPLE_NETWORK, path, purpose="coaching", as_of=AS_OF).messages
    bob_about = "Coaches founders and leadership teams"
    assert bob_about not in opt_in.body and "coaches founders" not in opt_in.body
    direct = draft_direct(SAMPLE_NETWORK, "alice", "bob", as_of=AS_OF).messages[0].body
    assert "I help software firms expand into the Nordics" in direct and "About me" not in direct
    assert "I hope you're well" not in ask.body  # Alice and Carol are close


def test_how_changes_i_believe_you_know() -> None:
    path = path_along(SAMPLE_NETWORK, ["alice", "carol", "oskar"], as_of=AS_OF)  # Carol hired Oskar
    ask = draft_intro(SAMPLE_NETWORK, path, as_of=AS_OF).messages[0].body
    assert "I know you work closely with Oskar" in ask and "I believe you know" not in ask


def test_the_thanks_name_the_connectors_who_passed_the_note_on() -> None:
    path = path_along(SAMPLE_NETWORK, ["alice", "grace", "carol", "bob"], as_of=AS_OF)
    intro = draft_intro(SAMPLE_NETWORK, path, as_of=AS_OF).messages[-1]
    assert intro.sender == "carol"
    assert "Thanks to Grace Liu for passing Alice's note on to me." in intro.body


def test_a_first_person_line_only_where_safe() -> None:
    for about, pitch in [
        ("Helps software firms expand.", "I help software firms expand."),
        ("Coaches first-time founders.", "I coach first-time founders."),
        ("Runs finance at Harbour Bank.", "I run finance at Harbour Bank."),
        ("Co-founder of Pactbank.", None),
        ("Helps founders; her book is out.", None),
        ("Runs Harbour Bank with Rachel's team.", None),
    ]:
        person = Person("rachel", "Rachel Green", about=about)
        assert person_vars(person)["pitch"] == pitch
    assert person_vars(Person("x", "X", about="Co-founder of Y.", pitch="I build Y"))["pitch"] == "I build Y."


# --------------------------------------------------------------------------------------------
# The privacy law

SECRET = "Zq"  # private text is built from tokens no template or sample name holds


@st.composite
def private_networks(draw: st.DrawFn) -> tuple[Network, set[str]]:
    """A small chain of people a0 - a1 - ... - an with some ties across, random `notes` and
    `private` marks; and the ids marked private."""
    n = draw(st.integers(3, 6))
    ids = [f"a{i}" for i in range(n)]
    token = st.text("abcdefghjkmnpqrstuvwxyz", min_size=3, max_size=6).map(lambda t: SECRET + t)
    people = {}
    private = set()
    for i, pid in enumerate(ids):
        is_private = i not in (0, n - 1) and draw(st.booleans())
        if is_private:
            private.add(pid)
        name = (draw(token) + " " + draw(token)) if is_private else f"Person{i} Public"
        people[pid] = Person(
            pid,
            name,
            about=draw(token) if is_private else "Helps firms grow.",
            notes=draw(token) + " kids " + draw(token),
            company=draw(token) if is_private else f"Firm{i}",
            private=is_private,
        )
    rels = [
        Relationship(a, b, "good", how=f"Worked together at Firm{i}.", notes=draw(token))
        for i, (a, b) in enumerate(itertools.pairwise(ids))
    ]
    for a in ids[1:-1]:
        private_tie = draw(st.booleans())
        rels.append(
            Relationship(
                ids[0],
                a,
                "weak",
                how=(draw(token) if private_tie else "Met once."),
                notes=draw(token),
                private=private_tie,
            )
        )
        rels.append(Relationship(a, ids[-1], "weak", how="Met at a fair.", private=draw(st.booleans())))
    seen = set()
    unique = []
    for r in rels:
        if r.pair not in seen and r.a != r.b:
            seen.add(r.pair)
            unique.append(r)
    return Network(people, unique, me=ids[0]), private


def _secrets(text: str) -> set[str]:
    return set(re.findall(SECRET + r"[a-z]+", text))


def _allowed(network: Network, audience: set[str]) -> set[str]:
    """What a message to `audience` may hold of private text: the names, about and company of
    its own sender and recipients (a private person is named in messages to themselves)."""
    words: set[str] = set()
    for pid in audience:
        p = network.people[pid]
        words |= _secrets(" ".join(filter(None, (p.name, p.company, p.about))))
    return words


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=private_networks(), lang=st.sampled_from(["en", "fi"]), tone=st.sampled_from(["friendly", "formal"]))
def test_nothing_private_reaches_a_message_an_export_or_json(
    case: tuple[Network, set[str]], lang: str, tone: str
) -> None:
    from warmintro.errors import QueryError

    network, _ = case
    ids = list(network.people)
    source, target = ids[0], ids[-1]
    all_drafts = []
    for k_path in find_paths(network, source, target, top=3, as_of=AS_OF, fatigue=False).paths:
        if not k_path.connectors:
            continue
        try:
            all_drafts.append(draft_intro(network, k_path, purpose="coaching", tone=tone, as_of=AS_OF, language=lang))
            # an introduction tells everyone on the chain who knows whom along it: never a private tie
            hops = [network.relationship(a, b) for a, b in itertools.pairwise(k_path.people)]
            assert not any(rel is not None and rel.private for rel in hops)
        except QueryError as exc:  # a private person or tie the messages would have to name: refused
            refused = str(exc)
            assert "marked private" in refused
    for channel in ("email", "linkedin"):
        all_drafts.append(draft_direct(network, source, target, channel=channel, tone=tone, as_of=AS_OF, language=lang))
    for drafts in all_drafts:
        for m in drafts.messages:
            audience = {m.sender, *m.recipients}
            leaked = _secrets(f"{m.subject} {m.body}") - _allowed(network, audience)
            assert not leaked, (m.kind, leaked, m.body)
        document = json.dumps(drafts.to_json(), ensure_ascii=False)
        allowed = set().union(*(_allowed(network, {m.sender, *m.recipients}) for m in drafts.messages))
        assert not (_secrets(document) - allowed)
    for fmt in FORMATS:
        assert not _secrets(export_network(network, fmt, as_of=AS_OF).decode("utf-8"))


def test_notes_and_private_fields_are_read_and_check_warns_about_a_private_looking_about() -> None:
    from warmintro.queries.checks import check_network

    network = parse_network(
        "people:\n"
        "  a: {name: Ann, about: 'Met at Money20/20. Kids: Luca and Sofia. +358 40 123 4567', notes: mine}\n"
        "  b: {name: Ben, private: true}\n"
        "relationships:\n  - {between: [a, b], notes: secret, private: true}\n"
    )
    assert network.people["a"].notes == "mine" and network.people["b"].private
    assert network.relationships[0].private and network.relationships[0].notes == "secret"
    (warning,) = [w for w in check_network(network).warnings if "about" in w.message]
    assert "looks like private notes (family, a phone number" in warning.message
    assert "move what is for you alone to 'notes:'" in (warning.hint or "")
