"""Small text helpers, one home each, with no heavy imports: what is safe to show on a terminal
(`inert`, `json_text`) and the character sets an edit refuses, Unicode normalization in linear
time, folding (`fold`), ids made from names (`slug`, `slug_hint`), and hints (`did_you_mean`,
`misspelt`)."""

from __future__ import annotations

import functools
import json
import re
import unicodedata

#: What must never reach a terminal raw, as one character class: C0 controls but tab and line
#: feed, DEL and the C1 controls (U+009B is a one-character CSI), the line and paragraph
#: separators, lone surrogates (a file name that is not UTF-8), and every format control
#: (Unicode category Cf): bidi embeddings, overrides, isolates and marks (U+202A-U+202E,
#: U+2066-U+2069, U+200E, U+200F, U+061C), invisible spaces, tags. The zero-width joiner and
#: non-joiner (U+200C, U+200D) are the exception: Persian, the Indic scripts and emoji such as
#: 👩‍👩‍👧 need them, and they can neither move the cursor nor reorder a line. The Cf ranges are
#: those of Unicode 15.1 (tests/test_text.py checks them against every code point).
UNSAFE_CHARACTERS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")
#: What never belongs in a field taken from outside (a command line, an export), as one
#: character class: control characters (tab, line feed and carriage return aside, which become
#: spaces or stay line breaks), zero-width and bidi controls, BOMs, lone surrogates.
JUNK_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff"
#: What no edit writes into the contacts file, as one character class: control characters
#: (other than tab and line feed), the line and paragraph separators that YAML would read as
#: line breaks, and lone surrogates.
UNWRITABLE_CHARACTERS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def inert(value: object) -> str:
    """Text made safe to show on a terminal: every character of UNSAFE_CHARACTERS (controls,
    bidi and other format controls) shown as a visible escape (``\\x1b``, ``\\u202e``), so that
    printing it can neither restyle the terminal, move its cursor, nor reorder the line.

    Every human output path goes through this one function (rich Text via
    `warmintro.cli.render.queries.data`, messages and errors, drafts); `json_text` does the same for JSON."""
    text = str(value)
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # JSON escapes a character beyond the BMP as its UTF-16 surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(document: object, *, indent: int | None = 2) -> str:
    """`document` as JSON that is safe on a terminal: readable UTF-8, but every character of
    UNSAFE_CHARACTERS written as a JSON escape (``\\u009b``), so it is the same data to a JSON
    reader. (Outside strings, JSON has only ASCII punctuation, so every such character is in a
    string, where an escape means the character itself.)"""
    return _UNSAFE.sub(_json_escape, json.dumps(document, ensure_ascii=False, indent=indent))


#: Unicode's stream-safe limit (UAX #15): at most this many non-starters (combining marks) in a row.
MAX_NONSTARTERS = 30
_COMBINING_GRAPHEME_JOINER = "\u034f"
#: A run that could be of more than MAX_NONSTARTERS non-starters (all lie at U+0300 or above).
_MAYBE_LONG_RUN = re.compile(f"[\\u0300-\\U0010ffff]{{{MAX_NONSTARTERS + 1},}}")


@functools.cache
def _long_runs() -> re.Pattern[str]:
    """Runs of more than MAX_NONSTARTERS characters that normalize to non-starters (built once,
    and only for text that could hold such a run: it looks at 130,000 code points)."""
    marks = [
        c
        for c in range(0x300, 0x20000)
        if unicodedata.combining(chr(c)) or unicodedata.combining(unicodedata.normalize("NFKD", chr(c))[0])
    ]
    ranges: list[list[int]] = []
    for c in marks:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    members = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)
    return re.compile(f"[{members}]{{{MAX_NONSTARTERS + 1},}}")


def _stream_safe(match: re.Match[str]) -> str:
    run = match.group()
    step = MAX_NONSTARTERS
    return _COMBINING_GRAPHEME_JOINER.join(run[i : i + step] for i in range(0, len(run), step))


def normalize(form: str, text: str) -> str:
    """unicodedata.normalize in time linear in the text. CPython sorts each run of combining
    marks in time that grows with the square of its length (200,000 marks on one letter take
    a minute); as Unicode's Stream-Safe Text Format prescribes, a run longer than
    MAX_NONSTARTERS is broken every MAX_NONSTARTERS marks by U+034F COMBINING GRAPHEME JOINER,
    which no real text needs and which changes nothing a reader sees."""
    if _MAYBE_LONG_RUN.search(text):
        text = _long_runs().sub(_stream_safe, text)
    return unicodedata.normalize(form, text)  # type: ignore[arg-type]


def percent(warmth: float) -> str:
    """A warmth for people: ``57%``; one decimal below 10% (``3.4%``)."""
    pct = warmth * 100
    if round(pct) >= 10:
        return f"{pct:.0f}%"
    if pct >= 0.095:
        return f"{pct:.1f}%"
    return f"{pct:.2g}%"


def n_hops(count: int) -> str:
    """``1 hop``, ``4 hops``."""
    return f"{count} hop" if count == 1 else f"{count} hops"


# Hints: did you mean, slips of the keyboard, ids made from text


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """A hint naming the closest choice to a misspelt word, or None when nothing is close."""
    import difflib  # only when a hint is needed: start-up imports this module

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else None


def misspelt(word: str, choices: tuple[str, ...]) -> str | None:
    """The known word that `word` is a slip of the keyboard away from, if any: one typing
    mistake (a letter wrong, missing, extra, or two swapped) for words of up to four letters,
    two for longer ones; case and '-' for '_' are free. None for a new word."""
    folded = word.casefold().replace("-", "_")
    letters = _letters(choices)
    if sum(c not in letters for c in folded) > 2:
        return None  # letters no known word has: far from all of them
    best: tuple[int, str] | None = None
    for choice in choices:
        limit = 1 if len(choice) <= 4 else 2
        if abs(len(folded) - len(choice)) > limit or sum(c not in choice for c in folded) > limit:
            continue  # each letter the choice lacks is an edit at least: too far, quickly
        distance = _edit_distance(folded, choice)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, choice)
    return best[1] if best else None


@functools.lru_cache(maxsize=32)
def _letters(choices: tuple[str, ...]) -> frozenset[str]:
    return frozenset("".join(choices))


def _edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, transpositions."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


def slug_hint(text: str) -> str:
    """An id made from arbitrary text, for hints: ``Bob Smith`` -> ``bob-smith``."""
    made = re.sub(r"[^\w.-]+", "-", text.strip().lower(), flags=re.UNICODE).strip("-._")
    return made or "person"


# Folding and slugs

#: Letters that Unicode does not decompose into a base letter and an accent.
_TRANSLITERATE = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ß": "ss"}
)


def fold(text: str) -> str:
    """Lower case without accents: ``Sjöberg`` -> ``sjoberg``, ``Søren`` -> ``soren``."""
    decomposed = normalize("NFKD", text.casefold().translate(_TRANSLITERATE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slug(name: str, limit: int = 40) -> str:
    """A readable id from a name: ``Bob Sjöberg`` -> ``bob-sjoberg``, ``Søren Ødegård`` ->
    ``soren-odegard``; ``person`` when nothing of the name is left. Always a valid id
    (`warmintro.model.ID_PATTERN`): words of letters and digits joined by '-'."""
    words = re.findall(r"[^\W_]+", fold(name))
    text = "-".join(words)
    if len(text) > limit:
        text = text[:limit].rsplit("-", 1)[0] if "-" in text[:limit] else text[:limit]
    return text or "person"


_PLURALS = {"person": "people", "ask": "asks", "day": "days", "reply": "replies", "company": "companies"}


def counted(count: int, noun: str) -> str:
    """``1 person``, ``2 people``, ``1,204 relationships``: a count with its noun agreeing."""
    return f"{count:,} {noun if count == 1 else _PLURALS.get(noun, noun + 's')}"
