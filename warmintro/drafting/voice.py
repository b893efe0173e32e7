"""Who speaks: a person's `about` in the first person, a relationship's `how` as an opening,
and what a `how` says about the tie ("Carol hired Oskar": they work together).

Every change of person is made only where it is safe: an `about` that starts with a verb in
the third person ("Helps software firms ...") and says "he", "she", "his" or "her" nowhere.
Anything else is left as written, or left out, never rewritten by guess.
"""

from __future__ import annotations

import re

#: Third-person verbs an `about` may start with, and their first-person form.
_FIRST_PERSON = {
    "is": "am",
    "has": "have",
    "does": "do",
    "goes": "go",
    "was": "was",
    "ran": "ran",
    "founded": "founded",
    "co-founded": "co-founded",
    "built": "built",
    "led": "led",
    "spent": "spent",
    "wrote": "wrote",
    "worked": "worked",
    "started": "started",
}
_S_VERBS = frozenset(
    [
        "helps",
        "runs",
        "coaches",
        "invests",
        "leads",
        "builds",
        "advises",
        "works",
        "writes",
        "teaches",
        "designs",
        "manages",
        "sells",
        "owns",
        "organises",
        "organizes",
        "hosts",
        "trains",
        "mentors",
        "consults",
        "develops",
        "creates",
        "makes",
        "specialises",
        "specializes",
        "focuses",
        "supports",
        "connects",
        "speaks",
        "researches",
        "studies",
        "chairs",
        "heads",
        "oversees",
        "edits",
        "publishes",
        "funds",
        "backs",
        "serves",
        "partners",
    ]
)
_THIRD_PRONOUNS = re.compile(r"\b(he|she|him|his|her|hers|himself|herself)\b", re.IGNORECASE)
#: Past-tense verbs a `how` may start with when it tells what both did: "Worked together ...".
_SHARED_PAST = frozenset(
    [
        "worked",
        "met",
        "studied",
        "sat",
        "built",
        "ran",
        "shared",
        "served",
        "trained",
        "launched",
        "organised",
        "organized",
        "spoke",
        "taught",
        "volunteered",
        "lived",
        "went",
        "played",
        "sang",
        "sailed",
        "travelled",
        "traveled",
        "founded",
        "co-founded",
        "did",
    ]
)
_TEAM = re.compile(
    r"\b(hired|hires|employs|employed|recruited|reports to|report to|co-?founded|founded .* together|"
    r"colleagues?|runs .*'s operations|is .*'s (associate|assistant|deputy|manager))\b",
    re.IGNORECASE,
)
_COACHED = re.compile(r"\b(coach(es|ed)?|mentor(s|ed)?|advis(es|ed)|supervised)\b", re.IGNORECASE)


def _verb(text: str) -> tuple[str, str] | None:
    """The first word of `text` as a third-person verb it starts with, and the rest."""
    first, _, rest = text.partition(" ")
    word = first.lower()
    if word in _S_VERBS or word in _FIRST_PERSON:
        return word, rest
    return None


def _unsafe(text: str, names: tuple[str, ...]) -> bool:
    words = {w.casefold() for n in names for w in n.split() if len(w) > 1}
    found = {w.casefold() for w in re.findall(r"[\w-]+", text)}
    return bool(_THIRD_PRONOUNS.search(text)) or bool(words & found)


def first_person(about: str | None, names: tuple[str, ...] = ()) -> str | None:
    """ "I help software firms expand into the Nordics." from "Helps software firms ...", or
    None when the change is not safe (no third-person verb first, a pronoun, the person's
    own name in it)."""
    text = " ".join((about or "").split())
    found = _verb(text) if text else None
    if found is None or _unsafe(text, names):
        return None
    word, rest = found
    if word in _FIRST_PERSON:
        verb = _FIRST_PERSON[word]
    elif word.endswith(("ches", "shes", "sses", "xes", "zes")):
        verb = word[:-2]
    elif word.endswith("ies"):
        verb = word[:-3] + "y"
    else:
        verb = word[:-1]
    sentence = f"I {verb} {rest}".strip()
    return sentence if re.search(r"[.!?]\Z", sentence) else sentence + "."


def third_person(about: str | None) -> str | None:
    """ "helps software firms ..." (its first letter lowered) when `about` starts with a
    third-person verb, to follow a name; None otherwise."""
    text = " ".join((about or "").split())
    if not text or _verb(text) is None:
        return None
    text = text[:1].lower() + text[1:]
    return text if re.search(r"[.!?]\Z", text) else text + "."


def shared_past(how: str | None, names: tuple[str, ...] = ()) -> str | None:
    """The first clause of a `how` that tells what both did, to follow "since we":
    "worked together for six years at Kestrel Systems". None when it is written otherwise."""
    clause = re.split(r"[;.]\s|[;.]\Z", " ".join((how or "").split()))[0].strip()
    first = clause.split(" ", 1)[0].lower()
    if not clause or first not in _SHARED_PAST or _unsafe(clause, names):
        return None
    return clause[:1].lower() + clause[1:]


def tie_kind(how: str | None) -> str | None:
    """ "team" when a `how` says one of them employs, hired or founded with the other;
    "coached" when one coaches, mentors or advises the other; None otherwise."""
    if not how:
        return None
    if _TEAM.search(how):
        return "team"
    if _COACHED.search(how):
        return "coached"
    return None
