"""The JSON Schema of the contacts file, shipped with warmintro for editors to validate with.

`warmintro schema` prints it; `warmintro schema --path` prints where it is installed, for a
``# yaml-language-server: $schema=...`` modeline. warmintro's own loader stays the authority
(it reads every scalar as written and reports problems with hints); the schema describes the
same format for editors.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def schema_path() -> Path:
    """Where the installed schema file is."""
    return Path(str(files(__name__).joinpath("contacts.schema.json")))


def schema_text() -> str:
    """The schema, as JSON text."""
    return files(__name__).joinpath("contacts.schema.json").read_text(encoding="utf-8")
