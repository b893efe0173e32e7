"""The contacts file: its fields, reading and validating it, writing it, its JSON Schema.

`load_network`, `parse_network` and `dump_network` are imported from here lazily, so that
importing the package costs nothing until one is used (YAML is slow to import).

Modules, one idea each: `fields` (the one table of the file's fields), `decode` (bytes into
text), `compose` (text into YAML nodes, syntax problems), `pieces` (large files, a piece at a
time), `nodes` (reading values from nodes), `reader` (the file into the model, with `asks` and
`settings` for those sections), `writer` (the model into a file), `schema` (the JSON Schema),
`starter` (the file `warmintro init` writes).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .reader import load_network, parse_network, parse_network_with_problems
    from .writer import dump_network

#: Public name -> module that defines it.
_EXPORTS = {
    "load_network": "reader",
    "parse_network": "reader",
    "parse_network_with_problems": "reader",
    "dump_network": "writer",
}

__all__ = ["dump_network", "load_network", "parse_network", "parse_network_with_problems"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'warmintro.fileformat' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
