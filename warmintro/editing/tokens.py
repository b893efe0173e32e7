"""Changing ruamel.yaml's objects without moving a comment: setting a key in its place, making a
new mapping, adding a note to an ask, and the surgery on ruamel's comment tokens that keeps the
comment lines after a collection's last item where they are when an item is appended."""

from __future__ import annotations

from typing import Any

from ..fileformat.fields import ASK_FIELDS, NOTE_FIELDS
from .emit import _yaml_value
from .operations import Value


def _new_map(fields: dict[str, Value], order: tuple[str, ...], flow: bool) -> Any:
    from ruamel.yaml.comments import CommentedMap

    entry = CommentedMap()
    for key in sorted(fields, key=order.index):
        entry[key] = _yaml_value(fields[key], block=not flow)
    if flow:
        entry.fa.set_flow_style()
    return entry


def _set_in_map(entry: Any, key: str, value: Value, order: tuple[str, ...]) -> None:
    """Set `key`, in place when it is there, else after the keys that come before it in `order`."""
    _put_in_map(entry, key, _yaml_value(value, block=not entry.fa.flow_style()), order)


def _put_in_map(entry: Any, key: str, new: Any, order: tuple[str, ...]) -> None:
    """`_set_in_map` for a value already made a ruamel object."""
    if key in entry:
        entry[key] = new
        return
    rank = order.index(key)
    position = 0
    for index, existing in enumerate(entry):
        if existing in order and order.index(existing) < rank:
            position = index + 1
    if position >= len(entry):
        _append_to_map(entry, key, new)
    else:
        entry.insert(position, key, new)


def _add_note(entry: Any, fields: dict[str, Value]) -> None:
    """Append a note ``{date: ..., status: ..., note: ...}`` to an ask's `notes` list (made
    when there is none: a block list of flow mappings, one line a note)."""
    from ruamel.yaml.comments import CommentedSeq

    note = _new_map(fields, NOTE_FIELDS, flow=True)
    notes = entry.get("notes")
    if isinstance(notes, CommentedSeq):
        _append_to_seq(notes, note)
        return
    seq = CommentedSeq([note])
    if entry.fa.flow_style():
        seq.fa.set_flow_style()
    _put_in_map(entry, "notes", seq, ASK_FIELDS)


# --------------------------------------------------------------------------------------------
# Comments that trail the last item of a collection
#
# ruamel attaches the comment lines after a collection's last item (blank lines and the
# "# --- next section ---" banner) to that item, so an item appended after it would land below
# the banner. Before appending, those trailing lines are cut from the old last item and given to
# the new one.


def _last_tokens(node: Any) -> list[Any]:
    """The comment tokens along the path to the last value of a collection, outermost first."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    tokens: list[Any] = []
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        if isinstance(node, CommentedMap):
            last = next(reversed(node))
            slots = node.ca.items.get(last) or []
            token = slots[2] if len(slots) > 2 else None
        else:
            last = len(node) - 1
            slots = node.ca.items.get(last) or []
            token = slots[0] if slots else None
        if token is not None and not isinstance(token, list):
            tokens.append(token)
        node = node[last]
        comment = getattr(getattr(node, "ca", None), "comment", None)
        if comment and comment[0] is not None and not isinstance(comment[0], list):
            tokens.append(comment[0])
    return tokens


def _detach_tail(collection: Any) -> str:
    """Remove and return the whole lines that trail the collection's last item."""
    tail = ""
    seen: set[int] = set()
    for token in _last_tokens(collection):
        if id(token) in seen or not isinstance(token.value, str):
            continue
        seen.add(id(token))
        head, newline, rest = token.value.partition("\n")
        if rest:
            token.value = head + newline
            tail = rest + tail
    return tail


def _attach_tail(collection: Any, tail: str) -> None:
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if not tail or not len(collection):
        return
    node = collection
    while True:
        if isinstance(node, CommentedMap):
            last: Any = next(reversed(node))
        else:
            last = len(node) - 1
        child = node[last]
        if hasattr(child, "fa") and not child.fa.flow_style() and len(child):
            node = child
            continue
        token = CommentToken("\n" + tail, CommentMark(0), None)
        if isinstance(node, CommentedMap):
            node.ca.items[last] = [None, None, token, None]
        else:
            node.ca.items[last] = [token, None]
        return


def _append_to_map(entry: Any, key: str, value: Any) -> None:
    tail = _detach_tail(entry) if not entry.fa.flow_style() else ""
    entry[key] = value
    _attach_tail(entry, tail)


def _append_to_seq(seq: Any, value: Any) -> None:
    tail = _detach_tail(seq) if not seq.fa.flow_style() else ""
    seq.append(value)
    _attach_tail(seq, tail)


def _keep_anchors(node: Any) -> None:
    """Mark every anchor in a cut-out entry to be written even though nothing in the entry uses it."""
    stack = [node]
    while stack:
        item = stack.pop()
        anchor = getattr(item, "anchor", None)
        if anchor is not None and getattr(anchor, "value", None):
            anchor.always_dump = True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
