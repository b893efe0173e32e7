"""Finding the person a user means from what they typed: an id, a full name or part of one.

In order, the first rule that matches anyone wins:

1. the exact id (``bob``);
2. the full name, ignoring case and accents (``bob sjoberg``);
3. the id ignoring case and accents (``BOB``);
4. whole words of the name, in order (``sjoberg``, ``alice lindqvist``);
5. beginnings of words of the name, in order (``bob sj``, ``virt``).

A rule that matches more than one person is an error listing them; nobody at all is an error
with the closest ids and names as suggestions.

Commands that write (`resolve_exactly`) take only rules 1 to 3, and ``me``: a part of a name
that happens to match one person today is too little to change the file on.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from ..errors import AmbiguousPerson, UnknownPerson
from ..text import normalize

if TYPE_CHECKING:  # the model is not needed to fold text, and completion imports only that
    from ..model import Network, Person

#: Letters that Unicode does not decompose into a base letter and an accent.
_TRANSLITERATE = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ß": "ss"}
)


def fold(text: str) -> str:
    """Lower case without accents: ``Sjöberg`` -> ``sjoberg``, ``Søren`` -> ``soren``."""
    decomposed = normalize("NFKD", text.casefold().translate(_TRANSLITERATE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_words(text: str) -> list[str]:
    """The folded words of a name: ``Bob Sjöberg`` -> ``["bob", "sjoberg"]``."""
    return _words(text)


def _words(text: str) -> list[str]:
    return [w for w in "".join(c if c.isalnum() else " " for c in fold(text)).split() if w]


def _in_order(query: list[str], words: list[str], whole: bool) -> bool:
    """Whether each query word matches a later word of the name than the one before it."""
    position = 0
    for q in query:
        while position < len(words):
            word = words[position]
            position += 1
            if word == q or (not whole and word.startswith(q)):
                break
        else:
            return False
    return True


def match_people(network: Network, query: str) -> list[Person]:
    """The people the query could mean, under the first rule that matches anyone."""
    people = network.people
    if query in people:
        return [people[query]]
    folded = fold(query.strip())
    if not folded:
        return []
    names = list(network.names())
    found = [pid for pid, name in names if fold(name) == folded]
    if not found:
        found = [pid for pid, _ in names if fold(pid) == folded]
    if not found and folded == "me" and network.me is not None and network.me in people:
        return [people[network.me]]  # "me" is the file's `me`, not the first name starting so
    query_words = _words(query)
    if not found and query_words:
        for whole in (True, False):
            found = [pid for pid, name in names if _in_order(query_words, _words(name), whole)]
            if found:
                break
    return [people[pid] for pid in found]


def resolve_person(network: Network, query: str, role: str = "person") -> Person:
    """The one person `query` means, or UnknownPerson / AmbiguousPerson naming candidates."""
    found = match_people(network, query)
    if len(found) == 1:
        return found[0]
    if found:
        listed = ", ".join(f"{p.id} ({p.label})" for p in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise AmbiguousPerson(
            f"'{query}' could be {len(found)} people: {listed}{more}; use an id to pick one",
            query,
            [p.id for p in found],
        )
    suggestions = suggest(network, query)
    hint = f" (did you mean {' or '.join(repr(s) for s in suggestions)}?)" if suggestions else ""
    raise UnknownPerson(f"no {role} '{query}' in {network.source}{hint}", query, suggestions)


def resolve_exactly(network: Network, query: str, what: str) -> Person:
    """The one person `query` names by their whole id or full name (case and accents aside), or
    ``me`` for the file's `me`: for commands that write, where a part of a name is too little to
    go on. `what` names the command in the error, which lists who was meant by a part."""
    people = network.people
    if query in people:
        return people[query]
    folded = fold(query.strip())
    for by_name in (True, False):
        found = [pid for pid, name in network.names() if folded and fold(name if by_name else pid) == folded]
        if len(found) == 1:
            return people[found[0]]
        if found:
            listed = ", ".join(f"{pid} ({people[pid].label})" for pid in found[:8])
            raise AmbiguousPerson(f"'{query}' could be {len(found)} people: {listed}; use an id", query, found)
    if folded == "me" and network.me is not None and network.me in people:
        return people[network.me]
    partial = match_people(network, query)
    if partial:
        listed = ", ".join(f"'{p.id}' ({p.label})" for p in partial[:5])
        raise UnknownPerson(
            f"{what} takes a whole id or full name, and '{query}' is neither; did you mean {listed}?",
            query,
            [p.id for p in partial],
        )
    return resolve_person(network, query)


def suggest(network: Network, query: str, limit: int = 3) -> list[str]:
    """Ids of the people whose id, name or a word of whose name is closest to a query that
    matched nobody: only those about as close as the best, so that hints stay short."""
    import difflib

    folded = fold(query)
    best: dict[str, float] = {}
    matcher = difflib.SequenceMatcher(b=folded)
    for pid, name in network.names():
        for key in {fold(pid), fold(name), *_words(name)}:
            matcher.set_seq1(key)
            if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
                continue
            score = matcher.ratio()
            if score >= 0.6 and score > best.get(pid, 0.0):
                best[pid] = score
    if not best:
        return []
    top = max(best.values())
    ranked = sorted((pid for pid, score in best.items() if score >= top - 0.1), key=lambda pid: (-best[pid], pid))
    return ranked[:limit]


def complete_people(network: Network, incomplete: str) -> list[Person]:
    """People whose id or a word of whose name starts with what has been typed, for completion."""
    folded = fold(incomplete)
    found = []
    for pid, name in network.names():
        if fold(pid).startswith(folded) or any(w.startswith(folded) for w in _words(name)):
            found.append(network.people[pid])
    return found
