"""A user's `--purpose`, in whatever phrasing, read for the sentence frames of the templates.

A purpose comes in one of four forms, and each template language has a frame for each:

* ``noun``: a noun phrase ("coaching for first-time founders"): "talk with Bob about ...";
* ``link``: a phrase that brings its own link word ("about pricing", "for advice on hiring",
  "because we both ..."): "talk with Bob ...";
* ``verb``: an infinitive or a bare verb phrase ("to compare notes", "compare notes on
  coaching founders"), kept without its "to": "meet Bob to ...";
* ``sentence``: a whole sentence ("I'm launching a programme and would value Bob's view."),
  kept as written and ended like a sentence.

Capitals and trailing punctuation are normalised for the forms that sit inside a sentence
("Coaching Founders." reads "coaching founders"); `changed` says whether the purpose was
reframed, so that the caller can show how it reads. No grammar library: word lists and the
shape of the text. `lang` guesses the purpose's own language ("en", "fi" or None), for
templates that must set a purpose in another language apart.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

#: Words a purpose may start with that link it to "talk with Bob" by themselves.
LINK_WORDS = frozenset(
    ("about", "for", "because", "on", "regarding", "so", "since", "with", "as", "over", "around", "concerning")
)
#: English verbs a bare verb phrase starts with (base forms).
VERBS = frozenset(
    [
        "ask",
        "brainstorm",
        "build",
        "catch",
        "chat",
        "check",
        "collaborate",
        "compare",
        "connect",
        "consider",
        "co-write",
        "discuss",
        "do",
        "exchange",
        "explore",
        "find",
        "gather",
        "get",
        "give",
        "go",
        "grab",
        "hear",
        "help",
        "hire",
        "introduce",
        "invite",
        "join",
        "learn",
        "let",
        "look",
        "meet",
        "pick",
        "pitch",
        "present",
        "propose",
        "put",
        "raise",
        "run",
        "see",
        "seek",
        "set",
        "share",
        "show",
        "sound",
        "speak",
        "swap",
        "talk",
        "tell",
        "test",
        "think",
        "trade",
        "try",
        "understand",
        "validate",
        "walk",
        "work",
        "write",
        "bounce",
        "figure",
        "brief",
        "hand",
        "kick",
        "map",
        "partner",
        "sanity",
        "sync",
        "touch",
        "offer",
        "borrow",
    ]
)
#: English verbs that are nouns too: a verb only when a verb's object or particle follows.
NOUN_TOO = frozenset(
    [
        "plan",
        "review",
        "design",
        "support",
        "research",
        "talk",
        "chat",
        "work",
        "help",
        "pitch",
        "map",
        "partner",
        "offer",
    ]
)
_AFTER_VERB = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "our",
        "your",
        "their",
        "his",
        "her",
        "its",
        "some",
        "ideas",
        "notes",
        "how",
        "what",
        "whether",
        "if",
        "up",
        "out",
        "you",
        "me",
        "us",
        "them",
        "together",
        "over",
        "through",
        "into",
        "more",
        "on",
        "about",
        "with",
    ]
)
#: First words of a whole sentence in the first person.
SENTENCE_STARTS = frozenset(
    [
        "i",
        "i'm",
        "i’m",
        "i'd",
        "i’d",
        "i've",
        "i’ve",
        "i'll",
        "i’ll",
        "im",
        "we",
        "we're",
        "we’re",
        "we'd",
        "we’d",
        "we've",
        "we’ve",
        "my",
        "our",
        "minä",
        "mä",
        "olen",
        "olemme",
        "haluaisin",
        "haluan",
        "meillä",
        "minulla",
        "teen",
        "etsin",
        "suunnittelen",
        "aloitan",
    ]
)
#: Finnish verbs in the first infinitive that a Finnish verb phrase starts with.
FI_VERBS = frozenset(
    [
        "keskustella",
        "jutella",
        "vaihtaa",
        "vertailla",
        "kysyä",
        "oppia",
        "kuulla",
        "tutustua",
        "esitellä",
        "sopia",
        "pohtia",
        "ideoida",
        "tavata",
        "saada",
        "jakaa",
        "selvittää",
        "käydä",
        "tehdä",
        "suunnitella",
        "miettiä",
        "pyytää",
        "kertoa",
        "puhua",
        "sparrata",
    ]
)
_FI_WORDS = frozenset(
    [
        "ja",
        "tai",
        "sekä",
        "kanssa",
        "että",
        "jotta",
        "joka",
        "mitä",
        "miten",
        "mistä",
        "siitä",
        "aiheesta",
        "kokemuksia",
    ]
)
_EN_WORDS = frozenset(
    ["the", "and", "of", "for", "on", "with", "to", "a", "an", "my", "our", "your", "in", "about", "how"]
)
_END = re.compile(r"[.!?…]['\"”’)\]]*\Z")
_WORD = re.compile(r"[\w’'-]+")


@dataclass(frozen=True)
class Purpose:
    form: str  # "noun", "link", "verb" or "sentence"
    text: str  # as it reads in the frame: without "to" for a verb phrase
    given: str  # as the user wrote it
    lang: str | None = None

    @property
    def verb(self) -> str:
        """The first word of a verb phrase ("compare")."""
        return self.text.split()[0].lower() if self.form == "verb" else ""

    @property
    def rest(self) -> str:
        """A verb phrase without its verb ("notes on coaching founders")."""
        return self.text.partition(" ")[2] if self.form == "verb" else ""

    @property
    def talk(self) -> bool:
        """A verb phrase of talking ("talk about coaching") that reads "talk with Bob about ..."."""
        rest = self.rest.split()
        return self.verb in ("talk", "chat", "speak") and (not rest or rest[0].lower() in ("about", "over", "through"))

    @property
    def changed(self) -> bool:
        """Whether it reads otherwise than written after "about" (so worth showing)."""
        return self.form != "noun" or self.text != self.given

    def __str__(self) -> str:
        """The phrase after "talk with Bob", as templates written before the forms used it."""
        if self.form == "noun":
            return f"about {self.text}"
        if self.form == "verb":
            return f"to {self.text}"
        return self.text


def read_purpose(text: str | None, keep: Collection[str] = ()) -> Purpose | None:
    """The purpose's form and its text for the frames; None when empty. Words in `keep`
    (names of people, companies, places) keep their capitals."""
    given = " ".join((text or "").split())
    if not given.strip(".!?;:, "):
        return None
    words = given.split()
    first = words[0].lower().strip(",;:")
    if (
        first in SENTENCE_STARTS
        or given.endswith("?")
        or re.search(r"[.!?]\s+[A-ZÅÄÖ]", given)
        or (len(words) > 1 and words[1].lower() in ("is", "are", "am", "was", "olen", "on", "would", "will"))
    ):
        sentence = given[:1].upper() + given[1:]
        if not _END.search(sentence):
            sentence = sentence.rstrip(";:, ") + "."
        return Purpose("sentence", sentence, given, _language(words))
    phrase = given.rstrip(".!?;:, ")
    form = "noun"
    if first == "to" and len(words) > 1:
        phrase = phrase.split(" ", 1)[1]
        form = "verb"
    elif first in LINK_WORDS and len(words) > 1:
        form = "link"
    elif _is_verb(phrase.split()):
        form = "verb"
    phrase = _lower(phrase, keep, whole=form != "noun" or _title_case(phrase))
    return Purpose(form, phrase, given, _language(words))


def _is_verb(words: list[str]) -> bool:
    first = words[0].lower()
    if first in FI_VERBS:
        return True
    if first not in VERBS:
        return False
    if first in NOUN_TOO:
        return len(words) > 1 and words[1].lower() in _AFTER_VERB
    return True


def _title_case(phrase: str) -> bool:
    words = [w for w in _WORD.findall(phrase) if w[:1].isalpha()]
    return len(words) > 1 and all(w[:1].isupper() and not w[1:].isupper() for w in words if len(w) > 3)


def _lower(phrase: str, keep: Collection[str], *, whole: bool) -> str:
    """Headline capitals made sentence case: the first word, or every word of a Title Case
    phrase, lowered, except acronyms ("SaaS"), "I" and the names in `keep` where the phrase
    holds them whole ("Helix Coaching", "Kestrel Systems")."""
    kept: set[int] = set()
    for name in keep:
        for found in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", phrase):
            kept.update(range(found.start(), found.end()))

    def lower(word: str, at: int) -> str:
        core = word.strip("\"'“”‘’()[],;:")
        if at in kept or not core[:1].isupper() or core == "I" or any(c.isupper() for c in core[1:]):
            return word
        return word.replace(core, core[:1].lower() + core[1:], 1)

    words, at = [], 0
    title = _title_case(phrase)
    for i, word in enumerate(phrase.split(" ")):
        words.append(lower(word, at) if title or i == 0 else word)
        at += len(word) + 1
    return " ".join(words)


def _language(words: list[str]) -> str | None:
    lowered = {w.lower().strip(".,;:!?") for w in words}
    if lowered & FI_VERBS or lowered & _FI_WORDS or any(c in "äöÄÖ" for w in words for c in w):
        return "fi"
    if lowered & (_EN_WORDS | VERBS | LINK_WORDS) or lowered & SENTENCE_STARTS:
        return "en"
    return None
