"""Terminal safety and Unicode helpers: `inert`, `json_text` and `normalize` (warmintro.text)."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from fuzzing import unsafe_character
from scaling import assert_linear
from warmintro.text import MAX_NONSTARTERS, inert, json_text, normalize

#: Format controls Unicode 15 added after the Unicode of some supported Pythons (3.10, 3.11):
#: unassigned there, escaped all the same.
NEWER_FORMAT_CONTROLS = frozenset(chr(c) for c in range(0x13439, 0x13440))


def test_inert_escapes_exactly_the_unsafe_characters_of_every_code_point() -> None:
    escaped = {chr(c) for c in range(0x110000) if inert(chr(c)) != chr(c)}
    unsafe = {chr(c) for c in range(0x110000) if unsafe_character(chr(c))}
    assert unsafe <= escaped, sorted(f"U+{ord(c):04X}" for c in unsafe - escaped)
    assert escaped - unsafe <= NEWER_FORMAT_CONTROLS, sorted(f"U+{ord(c):04X}" for c in escaped - unsafe)
    for char in ("\x1b", "\x9b", "\x85", "\u061c", "\u200e", "\u200f", "\u202e", "\u2066", "\u2069", "\ufeff"):
        assert char in escaped


@settings(max_examples=300)
@given(st.integers(0, 0x10FFFF))
@example(0x9B)  # a one-character CSI
@example(0x61C)  # ARABIC LETTER MARK
@example(0xE0041)  # a tag character, beyond the BMP
def test_every_code_point_is_shown_as_itself_or_as_a_visible_ascii_escape(code: int) -> None:
    char = chr(code)
    shown = inert(char)
    if shown == char:
        assert unsafe_character(char) is None
    else:
        assert shown.isascii() and shown.isprintable() and shown.startswith("\\")
        assert int(shown[2:], 16) == code  # \xhh, \uhhhh or \Uhhhhhhhh: the code point itself


@given(st.text())
@example("a\x1b[2J\u202eb\x9b31m\u2067\U000e0041👩\u200d👩\u200d👧")
def test_inert_text_holds_nothing_unsafe_and_keeps_everything_else_in_order(text: str) -> None:
    shown = inert(text)
    assert unsafe_character(shown) is None
    assert shown == "".join(inert(c) for c in text)  # character by character: nothing else changes
    if unsafe_character(text) is None:
        assert shown == text


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@given(_JSON_VALUES)
@example({"\u202ekey": ["\x9b31m", "\U000e0041", "\u061c", "\ud800"]})
def test_json_text_is_the_same_data_with_nothing_unsafe_in_it(document: object) -> None:
    text = json_text(document)
    assert unsafe_character(text) is None
    assert json.loads(text) == document


@given(st.text())
@example("e\u0301\u0316")
@example("\u0f73\u0f73")
def test_normalize_agrees_with_unicodedata_on_text_with_short_runs_of_marks(text: str) -> None:
    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        assert normalize(form, text) == unicodedata.normalize(form, text)  # type: ignore[arg-type]


def test_a_long_run_of_combining_marks_is_normalized_in_linear_time() -> None:
    # CPython sorts a run of combining marks by insertion: 200,000 marks take about a minute
    assert_linear(lambda n: "a" + "\u0301\u0316" * n, lambda text: normalize("NFKD", text), base=300)
    result = normalize("NFC", "a" + "\u0316\u0301" * 100)
    assert len(result) >= 200 and "\u034f" in result
    runs = [len(run) for run in result.split("\u034f")]
    assert max(runs) <= MAX_NONSTARTERS + 1  # the base letter and MAX_NONSTARTERS marks


# The shared hints and ids: one home each in warmintro.text


def test_fold_drops_case_and_accents_and_transliterates() -> None:
    from warmintro.text import fold

    assert fold("Sjöberg") == "sjoberg"
    assert fold("Søren Ødegård") == "soren odegard"
    assert fold("STRASSE") == fold("Straße") == "strasse"
    assert fold("Łukasz Ðorđević") == "lukasz dordevic"


@settings(max_examples=300)
@given(st.text(max_size=80), st.integers(1, 60))
def test_a_slug_is_always_a_valid_id_within_its_limit(name: str, limit: int) -> None:
    from warmintro.model import ID_PATTERN
    from warmintro.text import slug

    made = slug(name, limit)
    assert ID_PATTERN.match(made)
    assert made == "person" or len(made) <= limit


def test_slugs_read_like_the_name() -> None:
    from warmintro.text import slug, slug_hint

    assert slug("Bob Sjöberg") == "bob-sjoberg"
    assert slug("  ") == slug("!!") == "person"
    assert slug_hint("Bob Smith") == "bob-smith"
    assert slug_hint("Bob Sjöberg") == "bob-sjöberg"  # a hint keeps the letters as typed


def test_did_you_mean_and_misspelt() -> None:
    from warmintro.text import did_you_mean, misspelt

    assert did_you_mean("strnog", ("close", "strong", "good")) == "did you mean 'strong'?"
    assert did_you_mean("zzz", ("close", "strong")) is None
    assert misspelt("compnay", ("company", "title")) == "company"
    assert misspelt("Last-Contact", ("last_contact",)) == "last_contact"
    assert misspelt("website", ("company", "title")) is None


def test_what_an_edit_refuses_to_write_a_terminal_never_shows_raw() -> None:
    import re

    from warmintro.text import JUNK_CHARACTERS, UNSAFE_CHARACTERS, UNWRITABLE_CHARACTERS

    unsafe, unwritable, junk = (
        re.compile(f"[{s}]") for s in (UNSAFE_CHARACTERS, UNWRITABLE_CHARACTERS, JUNK_CHARACTERS)
    )
    refused = [chr(c) for c in range(0x110000) if unwritable.match(chr(c))]
    assert refused and all(unsafe.match(c) for c in refused)
    assert not junk.match("\t") and not junk.match("\n") and not unwritable.match("\t") and not unwritable.match("\n")
    assert junk.match("\u202e") and junk.match("\x1b") and unwritable.match("\u2028")
