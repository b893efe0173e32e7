"""LinkedIn's connection note: its length as LinkedIn counts it, and fitting a direct message
into 200 (or 300) characters by leaving out whole parts, least important first."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from ..errors import TemplateError
from .templating import Rendered, TemplateSet

#: LinkedIn's limits on the note sent with a connection request: free accounts, and Premium
#: (and Sales Navigator) accounts.
LINKEDIN_LIMITS: dict[str, int] = {"linkedin": 200, "linkedin-premium": 300}
LINKEDIN_LIMIT = LINKEDIN_LIMITS["linkedin"]


def linkedin_length(text: str) -> int:
    """A note's length as LinkedIn's form counts it, erring long: UTF-16 code units (an emoji
    is two), and a line break as two (forms send CR LF)."""
    return len(text.encode("utf-16-le")) // 2 + text.count("\n")


def _drop_key(section: str, key: str, value: Any, label: str) -> Callable[[dict[str, Any]], str | None]:
    def drop(v: dict[str, Any]) -> str | None:
        holder = v[section] if section else v
        if not holder.get(key):
            return None
        holder[key] = value
        return label

    return drop


def _keep_mutuals(count: int) -> Callable[[dict[str, Any]], str | None]:
    def drop(v: dict[str, Any]) -> str | None:
        dropped = [m["name"] for m in v["mutuals"][count:]]
        extra = v["more_mutuals"]
        if not dropped and not extra:
            return None
        v["mutuals"] = v["mutuals"][:count]
        v["more_mutuals"] = 0
        return " and ".join(filter(None, [", ".join(dropped), f"{extra} more mutual contacts" if extra else ""]))

    return drop


def _short_names(v: dict[str, Any]) -> str | None:
    if v["sender"]["name"] == v["sender"]["first"]:
        return None
    v["sender"]["name"] = v["sender"]["first"]
    return "your full name"


def _no_names(v: dict[str, Any]) -> str | None:
    if v["sender"]["name"] is None and v["recipient"]["first"] is None:
        return None
    v["sender"]["name"] = v["recipient"]["first"] = None
    return "the names"


#: What a LinkedIn note gives up to fit, least important first. Each step leaves out whole
#: parts (a sentence, a name, a list item), never part of a word.
_LINKEDIN_DROPS: tuple[Callable[[dict[str, Any]], str | None], ...] = (
    _drop_key("sender", "pitch", None, "about you"),
    _drop_key("", "offer", None, "your offer"),
    _keep_mutuals(2),
    _drop_key("ground", "location", None, "your shared city"),
    _drop_key("", "known_from", None, "where you know each other from"),
    _drop_key("ground", "both_been", [], "shared employers and schools"),
    _drop_key("ground", "work_together", [], "your shared employer"),
    _keep_mutuals(1),
    _drop_key("sender", "headline", None, "your title and company"),
    _drop_key("", "purpose", None, "the purpose"),
    _keep_mutuals(0),
    _short_names,
    _no_names,
)


def fit_linkedin(
    templates: TemplateSet, variables: dict[str, Any], lang: str, limit: int = LINKEDIN_LIMIT
) -> tuple[Rendered, list[str]]:
    """The note rendered from `variables` (every variable of `direct_linkedin.j2`, in `lang`)
    within `limit` characters, and the parts left out to fit, in the order they went."""
    v = copy.deepcopy({**variables, "language": lang, "limit": limit})
    left_out: list[str] = []
    steps = iter(_LINKEDIN_DROPS)
    while True:
        rendered = templates.render("direct_linkedin.j2", v, lang)
        if linkedin_length(rendered.body) <= limit:
            return rendered, left_out
        for step in steps:
            label = step(v)
            if label is not None:
                left_out.append(label)
                break
        else:
            raise TemplateError(
                f"the LinkedIn note is {linkedin_length(rendered.body)} characters even with every "
                f"optional part left out; LinkedIn allows {limit} (shorten the template)",
                _template_file(templates, "direct_linkedin.j2"),
            )


def _template_file(templates: TemplateSet, name: str) -> str:
    if templates.directory is not None and (templates.directory / name).is_file():
        return str(templates.directory / name)
    return name
