"""Output for people for `warmintro reconnect`: the cooling ties, each with its check-in note.

Like `warmintro.cli.render.queries`, everything from the contacts file goes through `render.data`.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ...drafting.mailfiles import message_text
from ...model import Network
from ...queries.reconnect import Cooling, Reconnect
from ...text import counted, inert, percent
from .draft import message_panel
from .queries import data


def _ago(days: int) -> str:
    if days <= 0:
        return "today"
    if days < 60:
        return f"{counted(days, 'day')} ago"
    if days < 730:
        return f"{round(days / 30.44)} months ago"
    return f"{days / 365.25:.0f} years ago"


def _every(days: int) -> str:
    for unit, size in (("year", 365.25), ("month", 365.25 / 12), ("week", 7)):
        count = days / size
        if count >= 1 and abs(count - round(count)) < 0.05:
            return f"every {round(count)} {unit}{'s' * (round(count) != 1)}"
    return "every day" if days == 1 else f"every {days} days"


def _head(network: Network, result: Reconnect) -> tuple[str, str]:
    """The first line, in two parts: what is cooling (bold on a terminal), then the facts."""
    me = network.people[result.me]
    shown = len(result.cooling)
    head = f"{result.due} tie{'s' * (result.due != 1)} of {me.name} cooling"
    rest = (
        f" · as of {result.as_of.isoformat()}"
        + ((f" · the {shown} coolest" if shown > 1 else " · the coolest") if shown < result.due else "")
        + (f" · tags {', '.join(inert(t) for t in result.tags)}" if result.tags else "")
        + " · nothing is sent"
    )
    return inert(head), rest


def _facts(tie: Cooling) -> str:
    rel = tie.relationship
    last = (
        f"last contact {rel.last_contact} ({_ago(tie.days_since)})"
        if rel.last_contact is not None and tie.days_since is not None
        else "no contact recorded"
    )
    facts = f"{rel.strength} · {last} · keep in touch {_every(tie.interval.days)} ({tie.interval.rule})"
    if tie.lost > 0:
        facts += f" · warmth {percent(tie.full_warmth)} → {percent(tie.warmth)}"
    return facts


def _title_and_then(network: Network, result: Reconnect, tie: Cooling) -> tuple[str, str]:
    me = network.people[result.me]
    title = f"{inert(me.short_name)} checks in with {inert(tie.person.short_name)}"
    return title, f"once in touch: warmintro touch {inert(tie.person.id)}"


def render_reconnect(console: Console, network: Network, result: Reconnect) -> None:
    head, rest = _head(network, result)
    console.print(Text.assemble((head, "bold"), rest))
    for number, tie in enumerate(result.cooling, 1):
        console.print()
        console.print(
            Text.assemble((f"{number}. ", "bold"), data(tie.person.label, "bold"), (f"  {_facts(tie)}", "dim"))
        )
        if tie.relationship.how:
            console.print(Text.assemble(("   how: ", "dim"), data(tie.relationship.how)))
        title, then = _title_and_then(network, result, tie)
        console.print(message_panel(network, tie.note, title, then, number == 1))


def plain_reconnect(network: Network, result: Reconnect) -> str:
    """The same as plain text, for a pipe or a file: no panels, no styles, lines unbroken; each
    note under a one-line header, with From, To and Subject lines (as `draft` prints them)."""
    head, rest = _head(network, result)
    lines = [head + rest]
    for number, tie in enumerate(result.cooling, 1):
        lines += ["", f"{number}. {inert(tie.person.label)}  {_facts(tie)}"]
        if tie.relationship.how:
            lines.append(f"   how: {inert(tie.relationship.how)}")
        title, then = _title_and_then(network, result, tie)
        lines.append(f"===== {title} ({then}) =====")
        lines.append(message_text(network, tie.note).rstrip("\n"))
    return "\n".join(lines) + "\n"
