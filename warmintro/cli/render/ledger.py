"""Output for people for the ask ledger: `intros`, `followups`, and the asks in `show`.

Like `warmintro.cli.render.queries`, everything from the contacts file goes through `render.data`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ...drafting.mailfiles import message_text
from ...ledger.asks import Ask
from ...model import Network
from ...text import counted, inert
from .draft import message_panel
from .queries import data

if TYPE_CHECKING:
    from ...ledger.asks import AskList
    from ...ledger.followups import FollowUp, FollowUps
    from ...queries.people import PersonDetails
    from ...ranking.calibrate import Calibration

_STATUS_STYLE = {
    "drafted": "dim",
    "asked": "cyan",
    "opted-in": "bold cyan",
    "declined": "red",
    "introduced": "bold green",
    "met": "green",
    "no-reply": "yellow",
}


def _asks(n: int) -> str:
    return counted(n, "ask")


def _days_count(n: int) -> str:
    return counted(n, "day")


def _days(n: int) -> str:
    return "today" if n == 0 else "1 day ago" if n == 1 else f"{n} days ago" if n > 0 else f"in {-n} days"


def chain_text(network: Network, ask: Ask) -> Text:
    """``Alice → Carol → Bob``, the connector first asked in bold."""
    text = Text()
    for i, pid in enumerate(ask.people):
        if i:
            text.append(" → ", style="dim")
        text.append_text(data(network.people[pid].short_name, "bold" if i == 1 else ""))
    return text


def asks_table(network: Network, asks: Sequence[Ask], as_of: dt.date, *, role_of: str | None = None) -> Table:
    """One row an ask: id, when, the chain and purpose, status, latest note. With `role_of`, a
    column says what that person is in each ask."""
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("made", no_wrap=True)
    if role_of is not None:
        table.add_column("as", no_wrap=True, style="dim")
    table.add_column("ask", overflow="fold", ratio=3)
    table.add_column("status", no_wrap=True)
    table.add_column("latest note", overflow="fold", ratio=2)
    for ask in asks:
        made = Text(ask.date.text)
        made.append(f"\n{_days((as_of - ask.day).days)}", style="dim")
        what = chain_text(network, ask)
        if ask.purpose:
            what.append("\n").append_text(data(ask.purpose, "dim"))
        latest = Text()
        if ask.notes:
            note = ask.notes[-1]
            latest.append(note.date.text, style="dim")
            if note.status and note.status != ask.status:
                latest.append(f" {note.status}")
            if note.note:
                latest.append("\n").append_text(data(note.note))
        row = [data(ask.id), made, what, Text(ask.status, style=_STATUS_STYLE.get(ask.status, "")), latest]
        if role_of is not None:
            row.insert(2, Text(ask.role_of(role_of) or ""))
        table.add_row(*row)
    return table


def render_asks(console: Console, network: Network, listing: AskList) -> None:
    shown = len(listing.asks)
    what = f"{_asks(shown)} of {listing.total}" if shown != listing.total else _asks(shown)
    console.print(Text.assemble((what, "bold"), f" in the ledger of {inert(network.source)}"))
    console.print(Text(f"as of {listing.as_of.isoformat()} · newest first", style="dim"))
    console.print()
    console.print(asks_table(network, listing.asks, listing.as_of))


def render_person_asks(console: Console, network: Network, details: PersonDetails) -> None:
    """The asks a person takes part in, under their details in `show`."""
    title = Text(f"In {_asks(len(details.asks))} of the ledger, newest first")
    if details.as_connector:
        factor = 1.0
        for adjustment in details.as_connector:
            factor *= adjustment.factor
        reasons = "; ".join(a.reason for a in details.as_connector)
        who = inert(details.person.short_name)
        title.append(f"\nas a connector: {inert(reasons)}: hops into {who} ×{factor:.2f}", style="yellow")
    console.print()
    console.print(title)
    console.print(asks_table(network, details.asks, details.as_of, role_of=details.person.id))


def _followups_head(result: FollowUps) -> tuple[str, str]:
    n = len(result.followups)
    return (
        f"{_asks(n)} need{'s' * (n == 1)} a follow-up",
        f" · as of {result.as_of.isoformat()} · after {_days_count(result.after)} without news · nothing is sent",
    )


def _followup_texts(network: Network, number: int, followup: FollowUp) -> tuple[str, str, str]:
    """(title, why it is due, what to run once sent), inert."""
    ask = followup.ask
    people = network.people
    sender, connector, target = (inert(people[p].short_name) for p in (ask.requester, ask.connector, ask.target))
    ident = inert(ask.id)
    if followup.kind == "thanks":
        title = f"{number}. {sender} thanks {connector} for the introduction to {target}"
        why = f"introduced · no meeting recorded for {_days_count(followup.days)}"
        then = f"when you have met: warmintro intros update {ident} met"
    else:
        title = f"{number}. {sender} nudges {connector} about {target}"
        why = f"{ask.status} · no news for {_days_count(followup.days)}"
        then = f"once sent: warmintro intros update {ident} --note nudged"
    return title, why, then


def _withheld(network: Network, followup: FollowUp, title: str) -> str:
    connector = inert(network.people[followup.ask.connector].short_name)
    private = ", ".join(inert(p) for p in followup.withheld)
    return f"{title}: not drafted, since it would name {private} (marked private) to {connector}."


def render_followups(console: Console, network: Network, result: FollowUps) -> None:
    head, rest = _followups_head(result)
    console.print(Text.assemble((head, "bold"), rest))
    console.print()
    for number, followup in enumerate(result.followups, 1):
        title, why, then = _followup_texts(network, number, followup)
        if number > 1:
            console.print()
        console.print(Text.assemble(("ask ", "dim"), data(followup.ask.id, "cyan"), (f" · {why}", "dim")))
        if followup.message is None:
            console.print(Text(_withheld(network, followup, title), style="yellow"))
            continue
        console.print(message_panel(network, followup.message, title, then, number == 1))


def plain_followups(network: Network, result: FollowUps) -> str:
    """The same as plain text, for a pipe or a file: no panels, no styles, lines unbroken; each
    message under a one-line header, with From, To and Subject lines (as `draft` prints them)."""
    head, rest = _followups_head(result)
    lines = [head + rest]
    for number, followup in enumerate(result.followups, 1):
        title, why, then = _followup_texts(network, number, followup)
        lines += ["", f"ask {inert(followup.ask.id)} · {why}"]
        if followup.message is None:
            lines.append(_withheld(network, followup, title))
            continue
        lines.append(f"===== {title} ({then}) =====")
        lines.append(message_text(network, followup.message).rstrip("\n"))
    return "\n".join(lines) + "\n"


def render_calibration(console: Console, network: Network, result: Calibration) -> None:
    """`calibrate`: per strength, what the ledger says, then the reliability table."""
    console.print(
        Text.assemble(
            ("What your asks say about your ties", "bold"),
            (f" · {_asks(result.closed)} closed, {result.open} open", ""),
        )
    )
    console.print(
        Text(
            f"the file's warmths count as {_asks(result.prior_asks)} each · relay ×{result.relay:g} · "
            f"half-life {result.half_life_years:g} year{'s' * (result.half_life_years != 1)}",
            style="dim",
        )
    )
    console.print()
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False)
    table.add_column("strength", no_wrap=True)
    table.add_column("asks", justify="right", no_wrap=True)
    table.add_column("worked", justify="right", no_wrap=True)
    table.add_column("warmth now", justify="right", no_wrap=True)
    table.add_column("learned", justify="right", no_wrap=True)
    table.add_column("needs", justify="right", no_wrap=True)
    for fit in result.labels:
        moved = fit.learned - fit.current
        note = Text(f"{fit.needed} more", style="dim") if fit.needed else Text("")
        table.add_row(
            fit.strength,
            str(fit.asks),
            str(fit.worked),
            f"{fit.current:.0%}",
            Text(f"{fit.learned:.0%}", style="bold" if abs(moved) >= 0.05 else ""),
            note,
        )
    console.print(table)
    if any(fit.needed for fit in result.labels):
        console.print(
            Text("needs: closed asks still missing before the ledger weighs as much as the file's warmth", style="dim")
        )
    if not result.closed:
        console.print()
        console.print(
            Text(
                f"No closed asks yet: nothing to learn from. Record asks with 'warmintro draft --record' and "
                f"their outcomes with 'warmintro intros update'; about {result.needed} closed asks and the ledger "
                "counts as much as the file.",
                style="yellow",
            )
        )
        return
    console.print()
    console.print(Text("Reliability: how often asks worked, by the chance the model gave them", style="bold"))
    bands = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False)
    bands.add_column("predicted", no_wrap=True)
    bands.add_column("asks", justify="right", no_wrap=True)
    bands.add_column("worked", justify="right", no_wrap=True)
    bands.add_column("observed", justify="right", no_wrap=True)
    bands.add_column("mean now", justify="right", no_wrap=True)
    bands.add_column("mean learned", justify="right", no_wrap=True)
    for band in result.bands:
        bands.add_row(
            f"{band.low:.0%}-{band.high:.0%}",
            str(band.asks),
            str(band.worked),
            "" if band.observed is None else f"{band.observed:.0%}",
            "" if band.predicted is None else f"{band.predicted:.0%}",
            "" if band.learned is None else f"{band.learned:.0%}",
        )
    console.print(bands)
    if result.skipped:
        console.print(
            Text(
                f"left out: {_asks(len(result.skipped))} whose chain is no longer in the file "
                f"({', '.join(inert(a) for a in result.skipped[:5])})",
                style="dim",
            )
        )
    if result.needed:
        console.print(
            Text(
                f"Too few closed asks to learn much yet: {result.closed} of the {result.prior_asks} the file's "
                f"table weighs; about {result.needed} more and the ledger counts as much as the file.",
                style="yellow",
            )
        )
    console.print(
        Text(
            "Rank with these: 'warmintro path --learned ...', or 'warmth: learned' under settings: in the file.",
            style="dim",
        )
    )
