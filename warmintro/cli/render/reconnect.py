"""Output for people for `warmintro reconnect`: the cooling ties, each with its check-in note.

Like `warmintro.cli.render.queries`, everything from the contacts file goes through `render.data`.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ...model import Network
from ...queries.reconnect import Reconnect
from ...text import inert, percent
from .draft import message_panel
from .queries import data


def _ago(days: int) -> str:
    if days < 60:
        return f"{days} days ago"
    if days < 730:
        return f"{round(days / 30.44)} months ago"
    return f"{days / 365.25:.0f} years ago"


def _every(days: int) -> str:
    for unit, size in (("year", 365.25), ("month", 365.25 / 12), ("week", 7)):
        count = days / size
        if count >= 1 and abs(count - round(count)) < 0.05:
            return f"every {round(count)} {unit}{'s' * (round(count) != 1)}"
    return f"every {days} days"


def render_reconnect(console: Console, network: Network, result: Reconnect) -> None:
    me = network.people[result.me]
    shown = len(result.cooling)
    head = f"{result.due} tie{'s' * (result.due != 1)} of {me.name} cooling"
    console.print(
        Text.assemble(
            (inert(head), "bold"),
            f" · as of {result.as_of.isoformat()}"
            + ((f" · the {shown} coolest" if shown > 1 else " · the coolest") if shown < result.due else "")
            + (f" · tags {', '.join(inert(t) for t in result.tags)}" if result.tags else "")
            + " · nothing is sent",
        )
    )
    for number, tie in enumerate(result.cooling, 1):
        console.print()
        rel = tie.relationship
        last = (
            f"last contact {rel.last_contact} ({_ago(tie.days_since)})"
            if rel.last_contact is not None and tie.days_since is not None
            else "no contact recorded"
        )
        facts = f"{rel.strength} · {last} · keep in touch {_every(tie.interval.days)} ({tie.interval.rule})"
        if tie.lost > 0:
            facts += f" · warmth {percent(tie.full_warmth)} → {percent(tie.warmth)}"
        console.print(Text.assemble((f"{number}. ", "bold"), data(tie.person.label, "bold"), (f"  {facts}", "dim")))
        if rel.how:
            console.print(Text.assemble(("   how: ", "dim"), data(rel.how)))
        then = f"once in touch: warmintro touch {inert(tie.person.id)}"
        console.print(
            message_panel(
                network,
                tie.note,
                f"{inert(me.short_name)} checks in with {inert(tie.person.short_name)}",
                then,
                number == 1,
            )
        )
