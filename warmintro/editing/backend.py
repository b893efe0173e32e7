"""What a back end is (where the entries being edited come from and how the file is put back
together), and how an operation is applied to one."""

from __future__ import annotations

from typing import Any

from ..fileformat.fields import ASK_FIELDS
from .operations import (
    _PERSON_ORDER,
    _RELATIONSHIP_ORDER,
    AddAsk,
    AddAskNote,
    AddPerson,
    AddRelationship,
    Operation,
    RemoveAsk,
    RemovePerson,
    RemoveRelationship,
    RenameId,
    SetPersonFields,
    SetRelationshipFields,
    Value,
)
from .tokens import _add_note, _set_in_map


class _Unsupported(Exception):
    """This file's layout needs the whole-document path (internal)."""


class _Refused(_Unsupported):
    """ruamel.yaml cannot read the file at all (internal): the edit is refused with the place."""

    def __init__(self, exc: Exception) -> None:
        super().__init__(str(exc))
        mark = getattr(exc, "problem_mark", None)
        self.line = mark.line + 1 if mark is not None else None
        self.column = mark.column + 1 if mark is not None else None
        self.problem = str(getattr(exc, "problem", None) or exc).strip()


# --------------------------------------------------------------------------------------------
# Back ends: where the entries being edited come from and how the file is put back together


class _Backend:
    """What operations need: the entries of the file as ruamel objects, and a way to add some."""

    def person(self, pid: str) -> Any:
        raise NotImplementedError

    def relationship(self, a: str, b: str) -> Any:
        raise NotImplementedError

    def add_person(self, pid: str, fields: dict[str, Value]) -> None:
        raise NotImplementedError

    def add_relationship(self, fields: dict[str, Value]) -> None:
        raise NotImplementedError

    def set_me(self, pid: str) -> None:
        raise NotImplementedError

    def ask(self, ask_id: str) -> Any:
        raise NotImplementedError

    def add_ask(self, fields: dict[str, Value]) -> None:
        raise NotImplementedError

    def remove_ask(self, ask_id: str) -> None:
        raise NotImplementedError

    def remove_person(self, pid: str) -> None:
        raise _Unsupported("removing an entry")

    def remove_relationship(self, a: str, b: str) -> None:
        raise _Unsupported("removing an entry")

    def rename_references(self, old: str, new: str, key: bool) -> None:
        raise _Unsupported("renaming an id")

    def render(self) -> str:
        raise NotImplementedError


def _apply_operation(backend: _Backend, op: Operation) -> None:
    if isinstance(op, AddPerson):
        backend.add_person(op.pid, op.fields)
    elif isinstance(op, SetPersonFields):
        entry = backend.person(op.pid)
        for key, value in op.fields.items():
            _set_in_map(entry, key, value, _PERSON_ORDER)
    elif isinstance(op, AddRelationship):
        backend.add_relationship({"between": (op.a, op.b), **op.fields})
    elif isinstance(op, SetRelationshipFields):
        entry = backend.relationship(op.a, op.b)
        for key, value in op.fields.items():
            _set_in_map(entry, key, value, _RELATIONSHIP_ORDER)
    elif isinstance(op, AddAsk):
        backend.add_ask(op.fields)
    elif isinstance(op, RemoveAsk):
        backend.remove_ask(op.ask_id)
    elif isinstance(op, RemovePerson):
        backend.remove_person(op.pid)
    elif isinstance(op, RemoveRelationship):
        backend.remove_relationship(op.a, op.b)
    elif isinstance(op, RenameId):
        backend.rename_references(op.old, op.new, op.key)
    elif isinstance(op, AddAskNote):
        entry = backend.ask(op.ask_id)
        if op.status is not None:
            _set_in_map(entry, "status", op.status, ASK_FIELDS)
        _add_note(entry, op.note)
    else:
        backend.set_me(op.pid)
