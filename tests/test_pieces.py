"""Law: parsing a large file in pieces gives exactly what parsing it whole gives.

The pieces are made tiny here so that every file is split many times, at every kind of place.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_roundtrip import networks

from conftest import FIXTURES, SAMPLE
from warmintro.fileformat import dump_network, parse_network_with_problems
from warmintro.fileformat import pieces as splitter


def _parse(text: str, piece_chars: int):
    saved = splitter.PIECE_CHARS
    splitter.PIECE_CHARS = piece_chars
    try:
        seen: list[tuple[int, int]] = []
        network, problems = parse_network_with_problems(text, "f.yaml", progress=lambda d, t: seen.append((d, t)))
    finally:
        splitter.PIECE_CHARS = saved
    return network, [str(p) for p in problems], seen


def _lines(network) -> list:
    if network is None:
        return []
    return [p.line for p in network.people.values()] + [r.line for r in network.relationships]


def assert_same_both_ways(text: str, piece_chars: int) -> None:
    whole, whole_problems, _ = _parse(text, 1 << 40)
    pieces, piece_problems, progress = _parse(text, piece_chars)
    assert piece_problems == whole_problems
    assert pieces == whole
    assert _lines(pieces) == _lines(whole)
    assert progress[-1] == (len(text), len(text))
    assert [d for d, _ in progress] == sorted(d for d, _ in progress)


@pytest.mark.parametrize("piece_chars", [1, 40, 200, 1000])
def test_sample_in_pieces(piece_chars: int) -> None:
    assert_same_both_ways(SAMPLE.read_text(encoding="utf-8"), piece_chars)


@pytest.mark.parametrize("path", sorted((FIXTURES / "broken").glob("*.yaml")), ids=lambda p: p.name)
def test_broken_files_in_pieces(path) -> None:
    assert_same_both_ways(path.read_text(encoding="utf-8"), 30)


def test_the_sample_is_really_split(monkeypatch) -> None:
    calls = []
    real = splitter.yaml.compose

    def counting(text, Loader):
        calls.append(len(text))
        return real(text, Loader=Loader)

    monkeypatch.setattr(splitter.yaml, "compose", counting)
    monkeypatch.setattr(splitter, "PIECE_CHARS", 2000)
    parse_network_with_problems(SAMPLE.read_text(encoding="utf-8"), "s.yaml")
    assert len(calls) > 5
    assert max(calls) < len(SAMPLE.read_text(encoding="utf-8"))


# Lines that break a file in the ways people do: duplicates, unknown ids, bad values, bad YAML
_BAD_LINES = [
    "  p0:\n    name: Again\n",
    "  - {between: [p0, p1]}\n",
    "  - {between: [p0, nobody]}\n",
    "  - between: [p1, p0]\n    strength: clsoe\n",
    "  zz: {name: Zed, nick: z}\n",
    "  - {between: [p0, p0]}\n",
    '    about: "never closed\n',
    "  - [p0\n",
    "\tname: tab\n",
    "  a: &anchor {name: A}\n  b: *anchor\n",
    "relationships:\n",
    "# a comment at the top\n",
    "  -\n",
    "\n\n",
]


@st.composite
def mutated_files(draw):
    network = draw(networks())
    lines = dump_network(network).splitlines(keepends=True)
    for _ in range(draw(st.integers(0, 3))):
        position = draw(st.integers(0, len(lines)))
        lines.insert(position, draw(st.sampled_from(_BAD_LINES)))
    if lines and draw(st.booleans()):
        del lines[draw(st.integers(0, len(lines) - 1))]
    return "".join(lines)


@settings(
    max_examples=int(os.environ.get("WARMINTRO_LONG_FUZZ", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=mutated_files(), piece_chars=st.sampled_from([1, 20, 80, 300]))
def test_any_file_in_pieces_is_the_same_as_whole(text: str, piece_chars: int) -> None:
    assert_same_both_ways(text, piece_chars)


@pytest.mark.parametrize("brk", ["\u2028", "\u2029", "\x85", "\r"])
def test_unusual_line_breaks_keep_line_numbers(brk: str) -> None:
    text = (
        f"people:\n  a:\n    name: 'A{brk}   x'\n  b:\n    name: B\n    nick: b\n"
        "relationships:\n  - {between: [a, b]}\n"
    )
    assert_same_both_ways(text, 1)


def test_windows_line_endings_in_pieces() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n")
    assert_same_both_ways(text, 500)
