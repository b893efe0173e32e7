"""warmintro: warm introductions from the people you know.

The library behind the `warmintro` command. Its functions are imported lazily, so that
`import warmintro` (and the command's start-up) costs almost nothing:

    >>> from warmintro import load_network, find_paths
    >>> network = load_network("contacts.yaml")
    >>> best = find_paths(network, "alice", "bob").paths[0]
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

#: Public name -> module that defines it.
_EXPORTS = {
    "load_network": "fileformat",
    "parse_network": "fileformat",
    "dump_network": "fileformat",
    "Network": "model",
    "Person": "model",
    "Relationship": "model",
    "Settings": "model",
    "find_paths": "paths",
    "IntroPath": "paths",
    "PathResult": "paths",
    "path_along": "paths",
    "mutual_contacts": "mutual",
    "MutualResult": "mutual",
    "person_details": "people",
    "search_people": "people",
    "resolve_person": "resolve",
    "check_network": "checks",
    "relationship_warmth": "warmth",
    "draft_intro": "drafting",
    "draft_direct": "drafting",
    "Drafts": "drafting",
    "Message": "drafting",
    "TemplateSet": "templating",
    "find_targets": "find",
    "FindResult": "find",
    "Criteria": "matching",
    "company_matches": "matching",
    "title_matches": "matching",
    "find_connectors": "connectors",
    "ConnectorsResult": "connectors",
    "warmest_paths": "reach",
    "Calibration": "calibrate",
    "use_learned": "calibrate",
    "export_network": "export",
    "Ask": "ledger",
    "AskFilter": "ledger",
    "list_asks": "ledger",
    "record_path": "ledger",
    "update_ask": "ledger",
    "remove_ask": "ledger",
    "due_followups": "followups",
    "edit_contacts": "edit",
    "to_networkx": "graph",
    "ContactsError": "errors",
    "Problem": "errors",
    "WarmintroError": "errors",
    "UnknownPerson": "errors",
    "AmbiguousPerson": "errors",
    "TemplateError": "errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'warmintro' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)


def __dir__() -> list[str]:
    return sorted(__all__)
