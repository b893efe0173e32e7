"""The ask ledger's section of the file: `intros:`, every introduction asked for and how it went.

Read into `warmintro.ledger.asks.Ask` values with the node reader; each ask's people must be in
the file, its status one of the ledger's.
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..ledger.asks import STATUSES, Ask, AskNote
from ..model import ID_PATTERN, Person
from ..text import did_you_mean, slug_hint
from .compose import NULL_TAG
from .fields import ASK_FIELDS, NOTE_FIELDS
from .nodes import NodeReader, kind


def read_intros(reader: NodeReader, node: Node, people: dict[str, Person]) -> tuple[Ask, ...]:
    """`intros: [- {id, date, requester, connector, through, target, purpose, status, notes}]`."""
    if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
        return ()
    if not reader.usable(node):
        return ()
    if not isinstance(node, SequenceNode):
        reader.error(node, f"'intros' should be a list of '- id: ...' asks, not {kind(node)}")
        return ()
    reader.visit(node, len(node.value))
    first_seen: dict[str, int] = {}
    asks = (read_ask(reader, item, people, first_seen) for item in node.value)
    return tuple(ask for ask in asks if ask is not None)


def read_ask(reader: NodeReader, node: Node, people: dict[str, Person], first_seen: dict[str, int]) -> Ask | None:
    """One ask; `first_seen` holds the line of each id read so far, for duplicates."""
    items = reader.mapping(node, "an ask")
    if items is None:
        return None
    given = {key: value for key, _, value in items}
    ask_id = reader.text(given["id"], "the id of an ask", required=True) if "id" in given else None
    where = f"ask '{ask_id}'" if ask_id else "an ask"
    ok = ask_id is not None
    if "id" not in given:
        reader.error(node, "an ask has no 'id'", "add a short unique one, e.g. 'id: 2026-11-26-carol-bob'")
    elif ask_id is not None and not ID_PATTERN.match(ask_id):
        reader.error(
            given["id"],
            f"'{ask_id}' is not a valid ask id",
            f"ids are letters, digits, '-', '_' and '.', starting with a letter or digit; try '{slug_hint(ask_id)}'",
        )
        ok = False
    elif ask_id is not None and ask_id in first_seen:
        reader.error(
            given["id"],
            f"duplicate ask id '{ask_id}' (first at line {first_seen[ask_id]})",
            f"ask ids must be unique: rename one, e.g. '{ask_id}-2'",
        )
        ok = False
    if ask_id is not None:
        first_seen.setdefault(ask_id, reader.line(node))
    fields: dict[str, Any] = {}
    extra: list[tuple[str, Any]] = []
    for key, key_node, value in items:
        if key in ("id", "notes"):
            continue
        if key == "date":
            fields["date"] = reader.date(value, f"'date' of {where}")
            ok = ok and fields["date"] is not None
        elif key in ("requester", "connector", "target"):
            fields[key] = ask_person(reader, value, f"'{key}' of {where}", people)
            ok = ok and fields[key] is not None
        elif key == "through":
            through = ask_people(reader, value, f"'through' of {where}", people)
            ok = ok and through is not None
            fields["through"] = through or ()
        elif key == "purpose":
            fields["purpose"] = reader.text(value, f"'purpose' of {where}")
        elif key == "status":
            fields["status"] = ask_status(reader, value, f"'status' of {where}")
            ok = ok and fields["status"] is not None
        else:
            reader.unknown_field(key, key_node, ASK_FIELDS, where)
            extra.append((key, reader.plain(value)))
    for key in ("date", "requester", "connector", "target", "status"):
        if key not in given:
            example = {"date": "2026-11-26", "status": "asked"}.get(key, "<person id>")
            reader.error(node, f"{where} has no '{key}'", f"add '{key}: {example}'")
            ok = False
    notes = read_notes(reader, given["notes"], where) if "notes" in given else ()
    if not ok or notes is None:
        return None
    chain = [fields["requester"], fields["connector"], *fields.get("through", ()), fields["target"]]
    repeated = sorted({p for p in chain if chain.count(p) > 1})
    if repeated:
        reader.error(
            node,
            f"{where} names '{repeated[0]}' more than once",
            "requester, connector, through and target are different people",
        )
        return None
    assert ask_id is not None
    date = fields["date"]
    for note in notes:
        if note.date.as_date() < date.as_date():
            reader.warn(given["notes"], f"a note of {where} is dated {note.date}, before the ask ({date})")
            break
    return Ask(id=ask_id, notes=notes, extra=tuple(extra), line=reader.line(node), **fields)


def ask_person(reader: NodeReader, node: Node, what: str, people: dict[str, Person]) -> str | None:
    pid = reader.text(node, what, required=True)
    if pid is None:
        return None
    if pid not in people:
        if pid not in reader.ids:  # else that person's own problem is reported already
            reader.error(node, f"unknown person '{pid}' in {what}", reader.person_hint(pid, people))
        return None
    return pid


def ask_people(reader: NodeReader, node: Node, what: str, people: dict[str, Person]) -> tuple[str, ...] | None:
    """A list of person ids (a single id is a list of one); None when one is unknown."""
    if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
        return ()
    if isinstance(node, ScalarNode):
        items = [node]
    elif isinstance(node, SequenceNode) and reader.usable(node):
        reader.visit(node, len(node.value))
        items = list(node.value)
    else:
        if isinstance(node, MappingNode):
            reader.error(node, f"{what} should be a list of person ids like [grace, eve], not {kind(node)}")
        return None
    found = [ask_person(reader, item, what, people) for item in items]
    return None if None in found else tuple(p for p in found if p is not None)


def ask_status(reader: NodeReader, node: Node, what: str) -> str | None:
    value = reader.text(node, what, required=True)
    if value is None:
        return None
    if value.strip() in STATUSES:
        return value.strip()
    hint = did_you_mean(value.strip().lower().replace(" ", "-").replace("_", "-"), STATUSES)
    choices = f"use one of {', '.join(STATUSES)}"
    reader.error(
        node, f"unknown status '{value}' in {what}", f"{hint} Use one of {', '.join(STATUSES)}" if hint else choices
    )
    return None


def read_notes(reader: NodeReader, node: Node, where: str) -> tuple[AskNote, ...] | None:
    """`notes: [- {date, status, note}]`: the dated history of an ask. None when broken."""
    if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
        return ()
    if not reader.usable(node):
        return None
    if not isinstance(node, SequenceNode):
        reader.error(node, f"'notes' of {where} should be a list of '- {{date: ..., status: ..., note: ...}}' entries")
        return None
    reader.visit(node, len(node.value))
    notes: list[AskNote] = []
    ok = True
    for item in node.value:
        items = reader.mapping(item, f"a note of {where}")
        if items is None:
            ok = False
            continue
        fields: dict[str, Any] = {}
        extra: list[tuple[str, Any]] = []
        for key, key_node, value in items:
            if key == "date":
                fields["date"] = reader.date(value, f"the date of a note of {where}")
                ok = ok and fields["date"] is not None
            elif key == "status":
                fields["status"] = ask_status(reader, value, f"a note of {where}")
                ok = ok and fields["status"] is not None
            elif key == "note":
                fields["note"] = reader.text(value, f"a note of {where}")
            else:
                reader.unknown_field(key, key_node, NOTE_FIELDS, f"a note of {where}")
                extra.append((key, reader.plain(value)))
        if "date" not in fields:
            reader.error(item, f"a note of {where} has no date", "add 'date: YYYY-MM-DD'")
            ok = False
            continue
        if fields["date"] is not None:
            notes.append(AskNote(extra=tuple(extra), line=reader.line(item), **fields))
    return tuple(notes) if ok else None
