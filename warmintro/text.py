"""Small text helpers shared by every kind of output, with no heavy imports."""

from __future__ import annotations

import re

#: C0/C1 control characters and the Unicode bidi controls that could reorder a line.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}"


def inert(value: object) -> str:
    """Text from the file with control and bidi-override characters shown as visible escapes,
    so that printing it can neither restyle the terminal nor move its cursor."""
    text = str(value)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_escape, text)


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
