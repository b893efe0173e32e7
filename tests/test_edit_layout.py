"""The layout facts a window edit needs (warmintro.editing.layout): brought up to date from the
lines an edit replaced, they must be exactly what counting the whole new text gives."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warmintro.editing.emit import Style
from warmintro.editing.layout import LayoutFacts, layout_facts


def assert_same_facts(fast: LayoutFacts, slow: LayoutFacts | None, text: str) -> None:
    """Facts carried forward agree with facts counted afresh (the order in which indentations
    were first seen matters only for a tie, which carried facts never hold)."""
    assert slow is not None
    assert fast.sections == slow.sections
    assert (fast.people_indent, fast.relationships_indent) == (slow.people_indent, slow.relationships_indent)
    assert fast.counts == slow.counts
    assert dict(fast.mapping) == dict(slow.mapping)
    assert dict(fast.offsets) == dict(slow.offsets)
    assert fast.style == slow.style == Style.detect(text)
    assert LayoutFacts.from_json(fast.to_json()) == fast


# -- random files: sections, entries at several indentations, comments, blank lines, nesting

_LINES = st.sampled_from(
    [
        "",
        "# a comment",
        "  # an indented comment",
        "  a: {name: A}",
        "  b:",
        "    name: B",
        "      title: deep",
        "   odd: 3 spaces",
        "  - {between: [a, b]}",
        "  - between: [a, b]",
        "    how: x",
        "- {between: [a, c]}",
        "-   between: [a, b]",
        "    c: {name: C}  # trailing",
        "    d:   # a key alone",
        "        e: 1",
        "      - item",
        "  note: |",
        "    text: with a colon:",
        "  x: y:",
    ]
)
_TOP = st.sampled_from(["people:", "relationships:", "me: a", "intros:", "settings:", "# --- banner ---"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    blocks = draw(st.permutations(["people:", "relationships:", *draw(st.lists(_TOP, max_size=2, unique=True))]))
    lines: list[str] = []
    for top in blocks:
        lines.append(top)
        if top == "people:":
            lines.append(draw(st.sampled_from(["  a: {name: A}", "    a:", "  a:  # block", " a: {name: A}"])))
        elif top == "relationships:":
            lines.append(draw(st.sampled_from(["  - {between: [a, b]}", "- between: [a, b]", "    - {x: 1}"])))
        lines.extend(draw(st.lists(_LINES, max_size=8)))
    return "\n".join(lines) + "\n"


@st.composite
def edited(draw: st.DrawFn, text: str) -> tuple[int, int, str]:
    """A piece of whole lines replaced by others (maybe none; maybe none replaced)."""
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    first = draw(st.sampled_from(starts))
    later = [s for s in starts if s >= first]
    last = draw(st.sampled_from(later[:4]))
    new = draw(st.lists(st.one_of(_LINES, _LINES, _TOP), max_size=3))
    return first, last, "".join(line + "\n" for line in new)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), text=texts())
def test_facts_after_an_edit_are_those_of_the_new_text(data: st.DataObject, text: str) -> None:
    facts = layout_facts(text)
    if facts is None:
        return
    assert_same_facts(facts, facts, text)
    pieces = [data.draw(edited(text))]
    if data.draw(st.booleans()):  # a second piece, before the first
        head = text[: pieces[0][0]]
        if head:
            pieces.append(data.draw(edited(head)))
            if pieces[1][1] > pieces[0][0] or (pieces[1][1] == pieces[0][0] and pieces[1][0] == pieces[0][0]):
                pieces.pop()
    new = text
    for start, end, replacement in sorted(pieces, reverse=True):
        new = new[:start] + replacement + new[end:]
    fast = facts.edited(text, new, pieces)
    if fast is not None:
        assert_same_facts(fast, layout_facts(new), new)
