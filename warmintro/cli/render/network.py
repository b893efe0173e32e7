"""Output for people for `find` and `connectors`: rich tables, built like `render`'s.

Everything from the contacts file goes through `render.data` (never markup, control
characters made visible).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ...model import Network
from ...text import counted, inert, n_hops, percent
from .queries import adjustment_text, chance_word, data

if TYPE_CHECKING:
    from ...queries.connectors import ConnectorsResult
    from ...queries.find import FindResult, FoundTarget


def render_find(console: Console, network: Network, result: FindResult) -> None:
    source = network.people[result.source]
    console.print(
        Text.assemble(
            (counted(result.matched, "person"), "bold"),
            (f" {'matches' if result.matched == 1 else 'match'} ", ""),
            (inert(result.criteria.describe()), "bold"),
            (f" · {result.reachable} reachable from ", ""),
            data(source.name, "bold"),
        )
    )
    note = f"as of {result.as_of.isoformat()} · up to {n_hops(result.max_hops)} · warmest first"
    if result.avoid:
        note += " · avoiding " + ", ".join(inert(network.people[p].name) for p in result.avoid)
    console.print(Text(note, style="dim"))
    console.print()
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Person", min_width=16)
    table.add_column(chance_word(network), justify="right", no_wrap=True)
    table.add_column("Way in", overflow="fold")
    for rank, target in enumerate(result.targets, 1):
        table.add_row(str(rank), _who(target), percent(target.path.warmth), _way_in(network, target, result.source))
    console.print(table)
    shown = len(result.targets)
    if shown < result.reachable:
        console.print(Text(f"the best {shown} of {result.reachable} shown; --top N shows more", style="dim"))
    if result.unreachable:
        names = ", ".join(inert(network.people[p].name) for p in result.unreachable[:5])
        more = f" and {len(result.unreachable) - 5} more" if len(result.unreachable) > 5 else ""
        console.print(
            Text(f"not reachable within {n_hops(result.max_hops)}: {names}{more}", style="dim"),
            soft_wrap=True,
        )


def _who(target: FoundTarget) -> Text:
    person = target.person
    who = data(person.name, "bold")
    roles = [role.label for role in target.roles] or [", ".join(p for p in (person.title, person.company) if p) or ""]
    for label in roles:
        if label:
            who.append("\n").append_text(data(label, "yellow" if label.startswith("former ") else "dim"))
    return who


def _way_in(network: Network, target: FoundTarget, source: str) -> Text:
    path = target.path
    if target.direct:
        who = "you know" if source == network.me else f"{inert(network.people[source].short_name)} knows"
        them = inert(target.person.short_name)
        return Text(f"{who} {them} directly ({path.hops[0].strength})", style="green")
    chain = Text()
    for i, pid in enumerate(path.people):
        if i:
            chain.append(" → ", style="dim")
        chain.append_text(data(network.people[pid].short_name, "bold cyan" if i == 1 else ""))
    chain.append(f"  {n_hops(len(path.hops))}", style="dim")
    for h in path.hops:
        if h.adjustments:
            chain.append("\n").append_text(adjustment_text(network, h))
    if target.known is not None:
        who = "you know" if source == network.me else f"{inert(network.people[source].short_name)} knows"
        them = inert(target.person.short_name)
        first = inert(network.people[path.people[1]].short_name)
        chain.append(
            f"\n{who} {them} too ({target.known.strength}, {percent(target.known.warmth)}); "
            f"{first}'s introduction ranks warmer",
            style="dim",
        )
    return chain


def render_connectors(console: Console, network: Network, result: ConnectorsResult) -> None:
    person = network.people[result.person]
    console.print(Text.assemble(("Who opens doors for ", ""), data(person.name, "bold")))
    console.print(
        Text(
            f"{counted(result.contacts, 'contact')} · {counted(result.doors, 'person')} best reached through them, at "
            f"{percent(result.min_warmth)} or warmer within {n_hops(result.max_hops)} · "
            f"as of {result.as_of.isoformat()}",
            style="dim",
        )
    )
    console.print()
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Contact", min_width=16)
    table.add_column("tie", no_wrap=True)
    table.add_column("reach", justify="right", no_wrap=True)
    table.add_column("best", justify="right", no_wrap=True)
    table.add_column("only", justify="right", no_wrap=True)
    if any(c.recent_asks or c.open_asks for c in result.connectors):
        table.add_column("asked", justify="right", no_wrap=True)
    table.add_column("Only through them", overflow="fold")
    for rank, c in enumerate(result.connectors, 1):
        who = data(c.person.name, "bold")
        if c.person.company:
            who.append("\n").append_text(data(c.person.company, "dim"))
        tie = Text(c.strength)
        tie.append(f" {percent(c.warmth)}", style="dim")
        only = ", ".join(network.people[d].name for d in c.only_doors[:4])
        if c.only > 4:
            only += f" and {c.only - 4} more"
        cells: list[Text | str] = [
            str(rank),
            who,
            tie,
            Text(str(c.reach), style="bold" if c.reach else "dim"),
            str(c.best),
            Text(str(c.only), style="bold yellow" if c.only else "dim"),
            data(only),
        ]
        if len(table.columns) == 8:
            load = Text(str(c.recent_asks) if c.recent_asks else "", style="yellow")
            if c.open_asks:
                load.append(f"\n{c.open_asks} open", style="dim")
            cells.insert(6, load)
        table.add_row(*cells)
    console.print(table)
    legend = (
        "reach: people they open a door to · best: of those, the ones whose warmest path starts with them "
        "· only: the ones no other contact opens a door to"
    )
    if len(table.columns) == 8:
        legend += " · asked: asks of them in the last 12 months, and how many are open"
    console.print(Text(legend, style="dim"))
