"""What the fuzz tests share: the seed corpus, hostile fragments, mutation strategies, and the
invariant every warmintro command keeps whatever it is given.

The invariant: a command either succeeds, or fails with a clean message and exit 2 (1 for "ran
and found nothing"). It never raises (WARMINTRO_DEBUG=1 re-raises whatever the error edge would
have called an internal error), never exits 70, never hangs (`time_limit`), and never changes
the contacts file unless it succeeded.

The long run is opt-in: ``WARMINTRO_LONG_FUZZ=N`` makes each fuzz test try N examples instead
of the short run's few dozen (see `fuzz_settings`).
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "corpus"
FIXTURES = TESTS / "fixtures"
SAMPLE = TESTS.parent / "contacts.yaml"

LONG_FUZZ_ENV = "WARMINTRO_LONG_FUZZ"


def long_fuzz() -> int:
    """The number of examples per fuzz test in the long run; 0 for the normal, short run."""
    try:
        return max(0, int(os.environ.get(LONG_FUZZ_ENV) or 0))
    except ValueError:
        return 0


def fuzz_settings(short: int) -> settings:
    """Hypothesis settings for a fuzz test: `short` examples normally, $WARMINTRO_LONG_FUZZ in
    the long run. No deadline (a slow example is caught by `time_limit`, not by timing noise)."""
    examples = long_fuzz() or short
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        derandomize=not long_fuzz(),  # the normal suite is reproducible; the long run explores
        database=None,
    )


class Hang(BaseException):
    """An example ran past its time limit. A BaseException, so that no `except Exception` in
    warmintro (the vCard reader has one) can swallow it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Hang in the block when it runs longer than `seconds` (main thread, Unix only)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def keep_found(directory: Path, args: object) -> Path:
    """Copy the files of an example that failed to $WARMINTRO_FUZZ_FOUND (or a temporary
    folder), with the arguments it ran with, for a closer look and for the corpus."""
    root = Path(os.environ.get("WARMINTRO_FUZZ_FOUND") or tempfile.gettempdir()) / "warmintro-fuzz-found"
    root.mkdir(parents=True, exist_ok=True)
    target = Path(tempfile.mkdtemp(dir=root))
    shutil.copytree(directory, target, dirs_exist_ok=True)
    (target / "ARGS").write_text(repr(args) + "\n", encoding="utf-8")
    return target


#: Characters that must never reach a terminal raw, by Unicode category rather than by the list
#: warmintro keeps (warmintro.text.UNSAFE_CHARACTERS), so that each checks the other: controls
#: but tab and line feed, format controls but the joiners, separators, lone surrogates.
_ALLOWED = frozenset("\t\n\u200c\u200d")


def unsafe_character(text: str) -> str | None:
    """The first character of `text` that must not reach a terminal raw, or None."""
    for char in text:
        if char not in _ALLOWED and unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            return char
    return None


# --------------------------------------------------------------------------------------------
# Seeds: the real fixtures, and the interesting inputs found (tests/corpus/<kind>/)


#: Fixtures that take a second each however they are mutated (tests/test_hostile.py has them).
SLOW_BY_NATURE = {"billion_laughs.yaml"}


def seeds(kind: str) -> list[bytes]:
    """Seed inputs for `kind` ("yaml", "csv" or "vcf"): the fixtures of that kind and the
    corpus kept in tests/corpus/<kind>/, in a stable order."""
    found: list[Path] = []
    if kind == "yaml":
        broken = [p for p in sorted((FIXTURES / "broken").glob("*.yaml")) if p.name not in SLOW_BY_NATURE]
        found = [SAMPLE, *broken, *sorted((FIXTURES / "edit").glob("*.yaml")), FIXTURES / "warnings.yaml"]
    elif kind == "csv":
        found = sorted((FIXTURES / "import" / "linkedin").glob("*.csv"))
    elif kind == "vcf":
        found = sorted((FIXTURES / "import" / "vcard").glob("*.vcf"))
    found += sorted(p for p in (CORPUS / kind).glob("*") if p.is_file())
    return [p.read_bytes() for p in found]


#: Pieces of text that have broken YAML readers (and are likely to break ours).
YAML_FRAGMENTS: tuple[str, ...] = (
    "&a ", "*a", "&b [*a, *a, *a, *a]", "<<: *a", "<<: [*a, *b]", "? ", "- ", ": ", "{", "}", "[", "]",
    ",", "\t", "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u2028", "\ufeff", "\ud7ff", "\ue000", "\r", "\r\n",
    "---\n", "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", '"', "'", "|\n", ">-\n", "#", "~", "null", "''",
    "!!python/object/apply:os.system [echo]", "!!python/name:os.system", "!!binary aGk=", "!!set {a}",
    "!!omap [a: 1]", "!!timestamp 2024-13-45", "!!int x", "!!float .nan", "!!str", "!!map", "!!seq", "!local",
    "!<tag:yaml.org,2002:python/tuple> []", "1e400", ".inf", "-.nan", "0x1F", "0o17", "1_000", "2024-02-30",
    "0000-00", "99999-01", "between: [a, a]", "between: [1, 2]", "between: [[a], {b: c}]", "strength: 9",
    "strength: close", "since: 2004", "last_contact: 2026-05", "me: ghost", "max_hops: 99999999999999999999",
    "half_life_years: 1e-400", "warmth: {close: -1}", "templates: /dev/zero", "tags: *a", "history: [{}]",
    "name: [bold red]x[/]", "name: '[link=http://x]y'", "name: {{ 7*7 }}", "name: '{% for x in y %}'",
    "name: \u202eevil", "name: 👩‍👩‍👧", "name: محمد", "\\x1b", '"\\e[2J"', '"\\u0000"', '"\\ud800"',
    "people:\n", "relationships:\n", "settings:\n", "  x:\n    name: X\n", "  - between: [alice, bob]\n",
    "x" * 1024, "a: " + "[" * 300, "{" * 50, "- " * 50,
)  # fmt: skip

CSV_FRAGMENTS: tuple[str, ...] = (
    '"', '""', ",", ";", "\t", "\r\n", "\n", "\r", "\x00", "\ufeff", "First Name", "Last Name", "Connected On",
    "Email Address", "Company", "URL", "Vorname,Nachname,URL", ",,,,,,", "31 Feb 2023", "99/99/9999",
    "15 März 2023", "00.00.0000", "12/13/2023", "=cmd|' /C calc'!A0", "PK\x03\x04", "[bold]x[/]", "\x1b[2J",
    "{{ 7*7 }}", "a@b", "@@", "http://", "linkedin.com/in/", "x" * 2000, "\u202e", "😀",
)  # fmt: skip

VCF_FRAGMENTS: tuple[str, ...] = (
    "BEGIN:VCARD\r\n", "END:VCARD\r\n", "VERSION:2.1\r\n", "VERSION:4.0\r\n", "FN:", "N:;;;;", "N:a;b;c;d;e;f;g",
    "ORG:;;", "ADR:;;;;;;", ";ENCODING=QUOTED-PRINTABLE:=C3=", ";CHARSET=idna:", ";CHARSET=utf-16:x",
    ";CHARSET=rot13:x", "=\r\n", "\r\n ", "\r\n\t", "AGENT:BEGIN:VCARD", "PHOTO;ENCODING=b:AAAA",
    "EMAIL;PREF=x:a@b", "EMAIL;TYPE=pref:", "TEL;PREF=99999999999999999999:1", "TEL:tel:", "X-ABShowAs:COMPANY",
    "KIND:org", "NOTE:", "URL:linkedin.com/in/x", "X-SOCIALPROFILE;type=linkedin:x", ":", ";", "\\,", "\\n",
    '"', "\x00", "\x1b[31m", "[bold]", "{{ 7*7 }}", "item1.EMAIL:", "BDAY:--0230", "\ufeff", "x" * 2000,
)  # fmt: skip

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1")


@st.composite
def mutated(draw: st.DrawFn, seed_list: list[bytes], fragments: tuple[str, ...]) -> bytes:
    """A seed with a few mutations: bytes flipped, inserted, deleted or repeated, the file cut
    short, hostile fragments inserted, or the whole text re-encoded."""
    data = bytearray(draw(st.sampled_from(seed_list)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(("flip", "byte", "delete", "truncate", "fragment", "fragment", "repeat", "encode")))
        if op == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "byte":
            data[at:at] = bytes([draw(st.integers(0, 255))])
        elif op == "delete":
            data[at : at + draw(st.integers(1, 64))] = b""
        elif op == "truncate":
            del data[at:]
        elif op == "fragment":
            data[at:at] = draw(st.sampled_from(fragments)).encode("utf-8", "surrogatepass")
        elif op == "repeat" and data:
            end = min(len(data), at + draw(st.integers(1, 200)))
            data[at:at] = data[at:end] * draw(st.integers(1, 20))
        elif op == "encode":
            text = bytes(data).decode("utf-8", "replace")
            data = bytearray(text.encode(draw(st.sampled_from(ENCODINGS)), "replace"))
    return bytes(data)


def token_soup(fragments: tuple[str, ...]) -> st.SearchStrategy[bytes]:
    """Texts glued together from hostile fragments, words and line breaks."""
    pieces = st.one_of(
        st.sampled_from(fragments), st.sampled_from(("\n", "  ", "a", "alice", "bob", ": ", "name: ")), st.text()
    )
    return st.lists(pieces, max_size=40).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))


def hostile_inputs(kind: str) -> st.SearchStrategy[bytes]:
    """Everything the fuzzers feed a reader of `kind`: mutated seeds most of the time, token
    soup and plain random bytes for the rest."""
    fragments = {"yaml": YAML_FRAGMENTS, "csv": CSV_FRAGMENTS, "vcf": VCF_FRAGMENTS}[kind]
    return st.one_of(
        mutated(seeds(kind), fragments),
        mutated(seeds(kind), fragments),
        mutated(seeds(kind), fragments),
        token_soup(fragments),
        st.binary(max_size=2000),
    )


#: Command-line text a user (or a script fed hostile data) might pass to a writing command.
hostile_words = st.one_of(
    st.sampled_from(
        (
            "Zoë Lind",
            "[bold red]x[/]",
            "\x1b[31mred",
            "{{ 7*7 }}",
            "a\nb",
            "\u202eevil",
            "محمد",
            "",
            "\x9b31mcsi",
            "\u061cx\u2067y",
            "tag\U000e0041",
            "soft\xadhyphen",
        )
    ),
    st.text(max_size=30),
    # command-line arguments are decoded with surrogateescape: invalid bytes arrive as surrogates
    st.binary(max_size=12).map(lambda b: b.decode("utf-8", "surrogateescape")),
).filter(lambda s: "\x00" not in s)  # no command line can hold NUL
