"""warmintro: warm introductions from the people you know.

The library behind the `warmintro` command. Its functions are imported lazily, so that
`import warmintro` (and the command's start-up) costs almost nothing; type checkers see every
name's real type (the `TYPE_CHECKING` imports below):

    >>> from warmintro import load_network, find_paths
    >>> network = load_network("contacts.yaml")
    >>> best = find_paths(network, "alice", "bob").paths[0]
    >>> best.people[0], best.people[-1]
    ('alice', 'bob')

Drafting is planned first (which path, an open ask to follow, what recording would add), so a
script can do what ``warmintro draft --record`` does (`record_drafts` writes the ledger):

    >>> from warmintro import plan_draft, draft_planned
    >>> plan = plan_draft(network, "alice", "bob", purpose="coaching for founders")
    >>> plan.path == best
    True
    >>> [message.kind for message in draft_planned(network, plan).messages][-2:]
    ['opt-in', 'intro']

Library errors name a function's arguments (``max_hops must be at least 1``), never the
command's options.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> module that defines it. `__all__` and the imports below list the same names
#: (tests/test_api.py holds them together).
_EXPORTS = {
    "load_network": "fileformat.reader",
    "load_network_cached": "cache.loader",
    "parse_network": "fileformat.reader",
    "dump_network": "fileformat.writer",
    "Network": "model",
    "Person": "model",
    "Job": "model",
    "Relationship": "model",
    "Settings": "model",
    "PartialDate": "dates",
    "find_paths": "ranking.kpaths",
    "IntroPath": "ranking.kpaths",
    "PathResult": "ranking.kpaths",
    "path_along": "ranking.kpaths",
    "Hop": "ranking.warmth",
    "Adjustment": "ranking.fatigue",
    "relationship_warmth": "ranking.warmth",
    "warmest_paths": "ranking.reach",
    "Calibration": "ranking.calibrate",
    "use_learned": "ranking.calibrate",
    "LabelFit": "ranking.calibrate",
    "Band": "ranking.calibrate",
    "mutual_contacts": "queries.mutual",
    "MutualResult": "queries.mutual",
    "MutualContact": "queries.mutual",
    "person_details": "queries.people",
    "PersonDetails": "queries.people",
    "search_people": "queries.people",
    "resolve_person": "queries.resolve",
    "check_network": "queries.checks",
    "CheckReport": "queries.checks",
    "FileSummary": "sources.network",
    "Pair": "sources.identity",
    "Place": "sources.identity",
    "find_targets": "queries.find",
    "FindResult": "queries.find",
    "FoundTarget": "queries.find",
    "Role": "queries.matching",
    "Criteria": "queries.matching",
    "company_matches": "queries.matching",
    "title_matches": "queries.matching",
    "find_connectors": "queries.connectors",
    "ConnectorsResult": "queries.connectors",
    "Connector": "queries.connectors",
    "organisation_key": "organisations",
    "OrganisationKey": "organisations",
    "plan_draft": "drafting.plan",
    "DraftPlan": "drafting.plan",
    "draft_planned": "drafting.plan",
    "record_drafts": "drafting.plan",
    "Recorded": "drafting.plan",
    "draft_intro": "drafting.drafts",
    "draft_direct": "drafting.drafts",
    "templates_for": "drafting.drafts",
    "Drafts": "drafting.drafts",
    "Message": "drafting.drafts",
    "Hint": "drafting.drafts",
    "TemplateSet": "drafting.templating",
    "Ask": "ledger.asks",
    "AskNote": "ledger.asks",
    "AskFilter": "ledger.asks",
    "AskList": "ledger.asks",
    "list_asks": "ledger.asks",
    "record_path": "ledger.asks",
    "update_ask": "ledger.asks",
    "remove_ask": "ledger.asks",
    "due_followups": "ledger.followups",
    "FollowUps": "ledger.followups",
    "FollowUp": "ledger.followups",
    "edit_contacts": "editing.transaction",
    "ContactsEditor": "editing.editor",
    "EditResult": "editing.transaction",
    "export_network": "export.formats",
    "to_networkx": "export.nxgraph",
    "WarmintroError": "errors",
    "ContactsError": "errors",
    "Problem": "errors",
    "PersonError": "errors",
    "UnknownPerson": "errors",
    "AmbiguousPerson": "errors",
    "QueryError": "errors",
    "ArgumentError": "errors",
    "NoPath": "errors",
    "TemplateError": "errors",
    "EditError": "editing.operations",
}

__all__ = [  # noqa: RUF022 - in _EXPORTS' order, by topic: the API page lists them so
    "__version__",
    "load_network",
    "load_network_cached",
    "parse_network",
    "dump_network",
    "Network",
    "Person",
    "Job",
    "Relationship",
    "Settings",
    "PartialDate",
    "find_paths",
    "IntroPath",
    "PathResult",
    "path_along",
    "Hop",
    "Adjustment",
    "relationship_warmth",
    "warmest_paths",
    "Calibration",
    "use_learned",
    "LabelFit",
    "Band",
    "mutual_contacts",
    "MutualResult",
    "MutualContact",
    "person_details",
    "PersonDetails",
    "search_people",
    "resolve_person",
    "check_network",
    "CheckReport",
    "FileSummary",
    "Pair",
    "Place",
    "find_targets",
    "FindResult",
    "FoundTarget",
    "Role",
    "Criteria",
    "company_matches",
    "title_matches",
    "find_connectors",
    "ConnectorsResult",
    "Connector",
    "organisation_key",
    "OrganisationKey",
    "plan_draft",
    "DraftPlan",
    "draft_planned",
    "record_drafts",
    "Recorded",
    "draft_intro",
    "draft_direct",
    "templates_for",
    "Drafts",
    "Message",
    "Hint",
    "TemplateSet",
    "Ask",
    "AskNote",
    "AskFilter",
    "AskList",
    "list_asks",
    "record_path",
    "update_ask",
    "remove_ask",
    "due_followups",
    "FollowUps",
    "FollowUp",
    "edit_contacts",
    "ContactsEditor",
    "EditResult",
    "export_network",
    "to_networkx",
    "WarmintroError",
    "ContactsError",
    "Problem",
    "PersonError",
    "UnknownPerson",
    "AmbiguousPerson",
    "QueryError",
    "ArgumentError",
    "NoPath",
    "TemplateError",
    "EditError",
]

if TYPE_CHECKING:
    from .cache.loader import load_network_cached
    from .dates import PartialDate
    from .drafting.drafts import Drafts, Hint, Message, draft_direct, draft_intro, templates_for
    from .drafting.plan import DraftPlan, Recorded, draft_planned, plan_draft, record_drafts
    from .drafting.templating import TemplateSet
    from .editing.editor import ContactsEditor
    from .editing.operations import EditError
    from .editing.transaction import EditResult, edit_contacts
    from .errors import (
        AmbiguousPerson,
        ArgumentError,
        ContactsError,
        NoPath,
        PersonError,
        Problem,
        QueryError,
        TemplateError,
        UnknownPerson,
        WarmintroError,
    )
    from .export.formats import export_network
    from .export.nxgraph import to_networkx
    from .fileformat.reader import load_network, parse_network
    from .fileformat.writer import dump_network
    from .ledger.asks import Ask, AskFilter, AskList, AskNote, list_asks, record_path, remove_ask, update_ask
    from .ledger.followups import FollowUp, FollowUps, due_followups
    from .model import Job, Network, Person, Relationship, Settings
    from .organisations import OrganisationKey, organisation_key
    from .queries.checks import CheckReport, check_network
    from .queries.connectors import Connector, ConnectorsResult, find_connectors
    from .queries.find import FindResult, FoundTarget, find_targets
    from .queries.matching import Criteria, Role, company_matches, title_matches
    from .queries.mutual import MutualContact, MutualResult, mutual_contacts
    from .queries.people import PersonDetails, person_details, search_people
    from .queries.resolve import resolve_person
    from .ranking.calibrate import Band, Calibration, LabelFit, use_learned
    from .ranking.fatigue import Adjustment
    from .ranking.kpaths import IntroPath, PathResult, find_paths, path_along
    from .ranking.reach import warmest_paths
    from .ranking.warmth import Hop, relationship_warmth
    from .sources.identity import Pair, Place
    from .sources.network import FileSummary


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'warmintro' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)


def __dir__() -> list[str]:
    return sorted(__all__)
