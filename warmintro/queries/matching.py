"""Who matches a search: companies, titles, tags and places, as people write them.

The rules (docs/find.md repeats them for users):

- **Companies** match on whole words. Both the query and each company name are folded (case,
  accents: ``Ääni`` is ``aani``), ``&`` becomes ``and``, apostrophes and the dots of
  abbreviations go (``McDonald's`` is ``mcdonalds``, ``B.V.`` is ``bv``, ``A/S`` is ``as``),
  other punctuation separates words, and the legal forms in `LEGAL_FORMS` are taken off the end
  (``Acme Oy``, ``ACME Inc.`` and ``Acme, Ltd`` are all ``acme``), as is a leading ``The``. The
  query's words must then appear as a run of whole words in the company's: ``Acme`` matches
  ``Acme Nordic`` but never ``Acmeon``; ``Nordic Acme`` does not match ``Acme Nordic``. A query
  that ends in a legal form names a whole company: ``Acme Inc`` matches ``Acme Oy`` but not
  ``Acme Nordic`` (and ``Fast Company`` does not match ``Fast Retailing``). Scripts written
  without spaces (Chinese, Japanese, Thai) count each character as a word.
- **Titles** match on words, in any order: every word of the query must be a word of the title
  (``CFO`` matches ``Group CFO``; ``sales director`` matches ``Director of Sales``), after the
  aliases in `TITLE_ALIASES` are applied to both (``chief financial officer`` is ``cfo``) and
  the little words in `TITLE_STOP_WORDS` are dropped.
- **Tags** match exactly, ignoring case.
- **Places** (``--where``) match the words of a person's location like companies do, without
  legal forms: ``york`` matches ``New York``, ``new york`` matches ``New York City``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..errors import QueryError
from ..model import Job, Person
from ..organisations import organisation_key
from ..text import fold

#: Legal forms taken off the end of company names (after folding and joining abbreviations),
#: repeatedly, so ``Acme Holding Pty Ltd`` is ``acme holding`` and ``Acme GmbH & Co. KG`` is
#: ``acme``. Each entry is one form; a form of several words is taken off only as a whole.
LEGAL_FORMS: tuple[str, ...] = (
    # English-speaking countries
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc",
    "llp", "lp", "plc", "pty", "pte", "pvt", "private limited", "sdn bhd", "bhd",
    # Nordic countries
    "oy", "oyj", "ab", "publ", "as", "asa", "aps", "hf", "ehf",
    # German-speaking countries
    "gmbh", "ag", "kg", "ohg", "ug", "mbh", "ev",
    # the rest of Europe
    "sa", "sas", "sarl", "srl", "spa", "sl", "slu", "bv", "nv", "se", "sro", "sp z oo", "kft", "zrt",
    "doo", "ooo", "oao", "zao", "pao",
    # Asia and Latin America
    "kk", "gk", "ltda",
)  # fmt: skip

#: Title aliases: each phrase on the right is read as the word on the left, in queries and in
#: titles alike. Kept small on purpose: only expansions that mean the same in every company.
TITLE_ALIASES: dict[str, tuple[str, ...]] = {
    "ceo": ("chief executive officer", "chief executive"),
    "cfo": ("chief financial officer", "chief finance officer"),
    "cto": ("chief technology officer", "chief technical officer"),
    "coo": ("chief operating officer", "chief operations officer"),
    "cmo": ("chief marketing officer",),
    "cio": ("chief information officer",),
    "vp": ("vice president",),
    "senior vp": ("svp",),
    "executive vp": ("evp",),
    "co founder": ("cofounder",),
}

#: Words that do not change what a title means: ``Head of Sales`` is ``head sales``.
TITLE_STOP_WORDS = frozenset({"of", "the", "and", "for", "at", "in", "a", "an", "to"})

_APOSTROPHES = re.compile(r"['\u2019\u02bc`]")
#: Abbreviations written with dots: ``B.V.``, ``S.p.A``, ``u.s.a.``
_DOTTED = re.compile(r"(?<!\w)(?:[^\W\d_]\.)+[^\W\d_](?!\w)\.?")
#: Two letters around a slash: ``A/S``
_SLASHED = re.compile(r"(?<!\w)([^\W\d_])/([^\W\d_])(?!\w)")


def _spaced_char(c: str) -> bool:
    """Whether `c` belongs to a script written without spaces between words."""
    if not c.isalpha():
        return False
    code = ord(c)
    return (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0x20000 <= code <= 0x2FA1F  # CJK extensions B-F
        or 0x0E00 <= code <= 0x0EFF  # Thai, Lao
        or 0x1000 <= code <= 0x109F  # Myanmar
        or 0x1780 <= code <= 0x17FF  # Khmer
    )


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """The words of `text` for matching: folded, ``&`` as ``and``, apostrophes and the dots of
    abbreviations dropped, any other punctuation a separator."""
    folded = fold(text)
    folded = folded.replace("&", " and ")
    folded = _APOSTROPHES.sub("", folded)
    folded = _DOTTED.sub(lambda m: m.group().replace(".", ""), folded)
    folded = _SLASHED.sub(r"\1\2", folded)
    out = []
    for c in folded:
        if _spaced_char(c):
            out.append(f" {c} ")
        elif c.isalnum() or unicodedata.category(c).startswith("M"):
            out.append(c)
        else:
            out.append(" ")
    return tuple("".join(out).split())


_LEGAL_FORMS = sorted((tuple(form.split()) for form in LEGAL_FORMS), key=len, reverse=True)


@lru_cache(maxsize=65536)
def company_words(name: str) -> tuple[tuple[str, ...], bool]:
    """A company name as matched: its words without a leading ``the`` and without the legal
    forms at its end, and whether it had any. A name that is nothing but legal forms keeps them."""
    tokens = words(name)
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    legal_form = False
    stripped = True
    while stripped:
        stripped = False
        for form in _LEGAL_FORMS:
            n = len(form)
            if len(tokens) > n and tokens[-n:] == form:
                tokens = tokens[:-n]
                legal_form = stripped = True
                if len(tokens) > 1 and tokens[-1] == "and":  # "GmbH & Co. KG", "Smith & Co"
                    tokens = tokens[:-1]
                break
    return tokens, legal_form


def _contains_run(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def company_matches(query: str, company: str | None) -> bool:
    """Whether a company name matches what the user typed (see the module's rules)."""
    if not company:
        return False
    needle, whole_name = company_words(query)
    if whole_name:  # a whole company: the same organisation (see warmintro.organisations)
        return organisation_key(query) == organisation_key(company)
    return bool(needle) and _contains_run(company_words(company)[0], needle)


def _alias_table() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    table = [
        (tuple(phrase.split()), tuple(word.split())) for word, phrases in TITLE_ALIASES.items() for phrase in phrases
    ]
    return sorted(table, key=lambda entry: len(entry[0]), reverse=True)


_TITLE_ALIASES = _alias_table()


@lru_cache(maxsize=65536)
def title_words(title: str) -> tuple[str, ...]:
    """A title's words as matched: aliases applied, little words dropped."""
    tokens = words(title)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for phrase, canonical in _TITLE_ALIASES:
            if tokens[i : i + len(phrase)] == phrase:
                out.extend(canonical)
                i += len(phrase)
                break
        else:
            out.append(tokens[i])
            i += 1
    return tuple(w for w in out if w not in TITLE_STOP_WORDS)


def title_matches(query: str, title: str | None) -> bool:
    """Whether every word of the query is a word of the title (see the module's rules)."""
    if not title:
        return False
    needle = title_words(query)
    return bool(needle) and set(needle) <= set(title_words(title))


def place_matches(query: str, location: str | None) -> bool:
    """Whether the query's words are a run of whole words of the location."""
    if not location:
        return False
    needle = words(query)
    return bool(needle) and _contains_run(words(location), needle)


# --------------------------------------------------------------------------------------------
# Whole people


@dataclass(frozen=True)
class Criteria:
    """What `find` looks for. Different kinds must all match (AND); several values of one kind
    are alternatives (OR). Company and title are matched against the same role: the person's
    current company and title, or one entry of their history."""

    companies: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    #: Only current roles: leave out people who match through a past job only.
    current_only: bool = False

    def __post_init__(self) -> None:
        if not (self.companies or self.titles or self.tags or self.places):
            raise QueryError("say whom to find: give `companies`, `titles`, `tags` or `places`").naming(
                "companies", "titles", "tags", "places"
            )
        checks = (
            ("company", self.companies, lambda c: company_words(c)[0]),
            ("title", self.titles, title_words),
            ("tag", self.tags, lambda t: tuple(t.split())),
            ("where", self.places, words),
        )
        for option, values, read in checks:
            for value in values:
                if not read(value):
                    raise QueryError(f"--{option} {value!r} has no words to match")

    @property
    def roles(self) -> bool:
        """Whether the search is about roles (company or title), not only about the person."""
        return bool(self.companies or self.titles)

    def describe(self) -> str:
        """``company Pactbank or Kestrel · title CFO``, for headers."""
        parts = []
        for label, values in (
            ("company", self.companies),
            ("title", self.titles),
            ("tag", self.tags),
            ("where", self.places),
        ):
            if values:
                parts.append(f"{label} " + " or ".join(repr(v) if " " in v else v for v in values))
        if self.current_only:
            parts.append("current roles only")
        return " · ".join(parts)

    def to_json(self) -> dict[str, object]:
        return {
            "company": list(self.companies),
            "title": list(self.titles),
            "tag": list(self.tags),
            "where": list(self.places),
            "current": self.current_only,
        }


@dataclass(frozen=True)
class Role:
    """A company and title someone holds or held: their current one, or a history entry."""

    company: str | None
    title: str | None
    current: bool
    job: Job | None = None  # the history entry, or None for the person's own company/title

    @property
    def label(self) -> str:
        """``CFO, Pactbank``; from history ``former Pactbank (Interim CFO, 2023-2025)``."""
        if self.job is None:
            return ", ".join(p for p in (self.title, self.company) if p)
        return self.job.label if self.current else f"former {self.job.label}"

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"company": self.company, "title": self.title, "current": self.current}
        if self.job is not None:
            data["from"] = self.job.start.text if self.job.start else None
            data["to"] = self.job.end.text if self.job.end else None
        return data


def roles(person: Person, as_of: dt.date) -> list[Role]:
    """A person's current role, then their history. A history entry without an end, or ending
    on or after `as_of`, is current (a board seat, a second job); an earlier one is former."""
    found = []
    if person.company or person.title:
        found.append(Role(person.company, person.title, current=True))
    for job in person.history:
        current = job.end is None or job.end.as_date() >= as_of
        found.append(Role(job.company, job.title, current=current, job=job))
    return found


def match_person(person: Person, criteria: Criteria, as_of: dt.date) -> tuple[Role, ...] | None:
    """None when `person` does not match; else the roles that matched, current ones first
    (empty when the criteria are about tags or places only)."""
    if criteria.tags:
        wanted = {t.strip().casefold() for t in criteria.tags}
        if not any(tag.strip().casefold() in wanted for tag in person.tags):
            return None
    if criteria.places and not any(place_matches(q, person.location) for q in criteria.places):
        return None
    if not criteria.roles:
        return ()
    matched = [
        role
        for role in roles(person, as_of)
        if (not criteria.current_only or role.current)
        and (not criteria.companies or any(company_matches(q, role.company) for q in criteria.companies))
        and (not criteria.titles or any(title_matches(q, role.title) for q in criteria.titles))
    ]
    if not matched:
        return None
    matched.sort(key=lambda role: not role.current)
    return tuple(matched)
