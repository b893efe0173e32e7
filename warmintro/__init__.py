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
    "load_network": "fileformat.reader",
    "parse_network": "fileformat.reader",
    "dump_network": "fileformat.reader",
    "Network": "model",
    "Person": "model",
    "Relationship": "model",
    "Settings": "model",
    "find_paths": "ranking.kpaths",
    "IntroPath": "ranking.kpaths",
    "PathResult": "ranking.kpaths",
    "path_along": "ranking.kpaths",
    "mutual_contacts": "queries.mutual",
    "MutualResult": "queries.mutual",
    "person_details": "queries.people",
    "search_people": "queries.people",
    "resolve_person": "queries.resolve",
    "check_network": "queries.checks",
    "relationship_warmth": "ranking.warmth",
    "draft_intro": "drafting.drafts",
    "draft_direct": "drafting.drafts",
    "Drafts": "drafting.drafts",
    "Message": "drafting.drafts",
    "TemplateSet": "drafting.templating",
    "find_targets": "queries.find",
    "FindResult": "queries.find",
    "Criteria": "queries.matching",
    "company_matches": "queries.matching",
    "title_matches": "queries.matching",
    "find_connectors": "queries.connectors",
    "ConnectorsResult": "queries.connectors",
    "warmest_paths": "ranking.reach",
    "Calibration": "ranking.calibrate",
    "use_learned": "ranking.calibrate",
    "export_network": "export.formats",
    "Ask": "ledger.asks",
    "AskFilter": "ledger.asks",
    "list_asks": "ledger.asks",
    "record_path": "ledger.asks",
    "update_ask": "ledger.asks",
    "remove_ask": "ledger.asks",
    "due_followups": "ledger.followups",
    "edit_contacts": "editing.transaction",
    "to_networkx": "export.nxgraph",
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
