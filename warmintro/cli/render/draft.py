"""Drafted messages for people: one rich panel a message, with From, To and Subject; or, for
pasting (--plain, or when not printing to a terminal), plain text under a one-line header.

Like `warmintro.cli.render.queries`, everything from the contacts file (names, and the bodies built from
them) is shown as data, never as markup, with control characters made visible.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ...drafting.drafts import Drafts, Message
from ...drafting.linkedin import LINKEDIN_LIMITS, linkedin_length
from ...drafting.mailfiles import address_text, message_text
from ...model import Network
from ...text import inert, percent
from .queries import adjustment_text, chance_word, data


def render_summary(console: Console, network: Network, drafts: Drafts) -> None:
    """What is drafted, along which path, and what the ledger changed about it: above the
    panels, or on stderr above plain text."""
    source, target = network.people[drafts.source], network.people[drafts.target]
    if drafts.path is not None:
        what = "Drafts for an introduction from "
    elif drafts.messages[0].channel != "email":
        what = "A LinkedIn note from "
    else:
        what = "A direct message from "
    console.print(Text.assemble(what, data(source.name, "bold"), " to ", data(target.label, "bold")))
    facts = [f"as of {drafts.as_of.isoformat()}", f"{drafts.tone} tone"]
    if drafts.path is not None:
        facts.insert(0, f"via {', '.join(inert(network.people[p].name) for p in drafts.path.connectors)}")
        facts.insert(1, f"{percent(drafts.path.warmth)} {chance_word(network)}")
    facts.append("nothing is sent")
    console.print(Text(" · ".join(facts), style="dim"))
    for h in drafts.path.hops if drafts.path is not None else ():
        if h.adjustments:
            console.print(adjustment_text(network, h))


def render_drafts(console: Console, network: Network, drafts: Drafts) -> None:
    render_summary(console, network, drafts)
    console.print()
    for step, message in enumerate(drafts.messages, 1):
        title = f"{step}. {_title(network, drafts, message)}"
        console.print(message_panel(network, message, title, _when(network, drafts, message, step), step == 1))


def plain_drafts(network: Network, drafts: Drafts) -> str:
    """Every message as plain text under a one-line header (its step, who writes to whom, and
    when to send it), From, To and Subject lines, and its body: ready to paste."""
    parts = []
    for step, message in enumerate(drafts.messages, 1):
        header = f"===== {step}. {_title(network, drafts, message)} ({_when(network, drafts, message, step)}) ====="
        parts.append(header + "\n" + message_text(network, message))
    return "\n".join(parts)


def message_panel(network: Network, message: Message, title: str, subtitle: str, first: bool) -> Panel:
    """One message, with From, To and Subject: `title` at the top left, `subtitle` at the bottom
    right (both already inert), highlighted when `first`."""
    people = network.people
    headers = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    headers.add_column("field", style="dim", no_wrap=True)
    headers.add_column("value", overflow="fold")
    shown = address_text if message.channel == "email" else (lambda person: person.name)
    headers.add_row("From", data(shown(people[message.sender])))
    headers.add_row("To", data(", ".join(shown(people[r]) for r in message.recipients)))
    if message.subject is not None:
        headers.add_row("Subject", data(message.subject, "bold"))
    return Panel(
        Group(headers, Text(), data(message.body)),
        title=Text(f" {title} ", style="bold"),
        title_align="left",
        subtitle=Text(f" {subtitle} ", style="dim"),
        subtitle_align="right",
        box=box.ROUNDED,
        border_style="cyan" if first else "dim",
        padding=(0, 1),
    )


def _first(network: Network, pid: str) -> str:
    return inert(network.people[pid].short_name)


def _title(network: Network, drafts: Drafts, message: Message) -> str:
    sender = _first(network, message.sender)
    to = " and ".join(_first(network, r) for r in message.recipients)
    if message.kind == "ask":
        return f"{sender} asks {to} for help" if message.sender != drafts.source else f"{sender} asks {to}"
    if message.kind == "opt-in":
        return f"{sender} asks {to} whether to introduce {_first(network, drafts.source)}"
    if message.kind == "intro":
        return f"{sender} introduces {to}"
    return f"{sender} writes to {to}"


def _when(network: Network, drafts: Drafts, message: Message, step: int) -> str:
    if message.channel != "email":
        return f"{linkedin_length(message.body)} of {LINKEDIN_LIMITS[message.channel]} characters"
    if message.kind == "intro":
        return f"only once {_first(network, drafts.target)} says yes"
    if step == 1:
        return "send first" if message.kind == "ask" else "email"
    return f"if {_first(network, message.sender)} is willing"
