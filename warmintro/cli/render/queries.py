"""Output for people: rich tables and panels. The only module that imports rich.

Everything that comes from the contacts file is data, never markup: it is put into rich `Text`
objects (never parsed for ``[bold]``-style markup) after control characters are made visible,
so a name can neither restyle the terminal nor move its cursor.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ...model import Network, Person
from ...privacy import is_inferred
from ...ranking.warmth import Hop, relationship_warmth
from ...text import counted, inert, n_hops, percent

if TYPE_CHECKING:
    from ...errors import Problem
    from ...queries.checks import CheckReport
    from ...queries.mutual import MutualResult
    from ...queries.people import PersonDetails
    from ...ranking.kpaths import IntroPath, PathResult
    from ...sources.identity import Pair


def make_console(*, stderr: bool = False) -> Console:
    """A console for one command's output. Styles only on a terminal, and none at all (no
    colour, bold, dim or underline) when NO_COLOR is set to anything but the empty string; width
    from the terminal, or COLUMNS, or 100 when not a terminal."""
    stream = sys.stderr if stderr else sys.stdout
    width = None
    if not stream.isatty() and not os.environ.get("COLUMNS"):
        width = 100
    plain = {"color_system": None} if os.environ.get("NO_COLOR") else {}
    return _Console(file=stream, width=width, highlight=False, soft_wrap=False, emoji=False, **plain)  # type: ignore[arg-type]


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """The reader went away (`warmintro path bob | head -1`): rich would leave with exit 1,
        which is warmintro's "found nothing"; raised on, it ends the command quietly with 0 (as
        any other write to a closed pipe does: see warmintro.cli.common)."""
        raise BrokenPipeError(errno.EPIPE, "the reader of the output went away")


def data(value: object, style: str = "") -> Text:
    """A piece of the user's data as rich Text: never markup, never control codes."""
    return Text(inert(value), style=style)


def adjustment_text(network: Network, h: Hop) -> Text:
    """Why the ask ledger changed a hop: ``Carol: asked twice since March ×0.63 · 86% → 54%``."""
    who = network.people[h.target].short_name
    text = Text(style="yellow")
    for i, adjustment in enumerate(h.adjustments):
        text.append("; " if i else "")
        text.append_text(data(f"{who}: {adjustment.reason} ×{adjustment.factor:.2f}", "yellow"))
    text.append(f" · {percent(h.relationship_warmth)} → {percent(h.warmth)}", style="dim")
    return text


def _how_and_evidence(network: Network, h: Hop, missing: str = "(no 'how' in the file)") -> Text:
    """A tie's `how`, and what its evidence says (``21 emails both ways, last October 2026``)."""
    from ...sources.provenance import describe_tie

    evidence = describe_tie(h.relationship, network.me)
    if h.how:
        text = data(h.how)
        if evidence:
            text.append("\n").append_text(data(evidence, "dim"))
        return text
    if evidence:
        return data(evidence)
    return Text(missing, style="dim italic")


def _hop_strength(h: Hop) -> Text:
    text = Text(h.strength, style=_STRENGTH_STYLE.get(h.strength, ""))
    if h.relationship.last_contact is not None:
        text.append(f" · last {h.relationship.last_contact}", style="dim")
    return text


_STRENGTH_STYLE = {
    "close": "bold green",
    "strong": "green",
    "good": "yellow",
    "weak": "dim yellow",
    "acquaintance": "dim",
}


def _name(network: Network, pid: str) -> str:
    return network.people[pid].name


def _short(network: Network, pid: str) -> str:
    return network.people[pid].short_name


# --------------------------------------------------------------------------------------------
# path


def chance_word(network: Network) -> str:
    """What a path's number is called: "likely" once it is learned from the user's own asks
    (`warmintro calibrate`), "warmth" while it is the file's table."""
    return "likely" if network.settings.prior is not None else "warmth"


def render_paths(console: Console, network: Network, result: PathResult) -> None:
    source, target = network.people[result.source], network.people[result.target]
    header = Text.assemble(
        ("Warmest introductions from ", ""),
        data(source.name, "bold"),
        (" to ", ""),
        data(target.label, "bold"),
    )
    console.print(header)
    console.print(Text(_query_line(network, result), style="dim"))
    direct = network.relationship(result.source, result.target)
    if direct is not None and all(len(p.hops) > 1 for p in result.paths):
        who = "You know" if result.source == network.me else f"{inert(source.short_name)} knows"
        warmth = relationship_warmth(direct, network.settings, result.as_of)
        console.print(
            Text(
                f"{who} {inert(target.short_name)} directly ({direct.strength}, {percent(warmth)}); "
                "these introductions rank warmer.",
                style="italic",
            )
        )
    if result.displaced is not None:
        _say_displaced(console, network, result.displaced)
    console.print()
    for rank, path in enumerate(result.paths, 1):
        console.print(_path_panel(network, path, rank, result.source))


def _say_displaced(console: Console, network: Network, path: IntroPath) -> None:
    """The path that would rank first without the ask ledger, and why it does not."""
    via = ", ".join(inert(_short(network, p)) for p in path.connectors) or inert(_short(network, path.people[-1]))
    before = path.relationship_warmth
    console.print(
        Text(
            f"Without the ask ledger, the warmest would be via {via} ({percent(before)}, now {percent(path.warmth)}):",
            style="italic",
        )
    )
    for h in path.hops:
        if h.adjustments:
            console.print(Text("  ").append_text(adjustment_text(network, h)))


def _query_line(network: Network, result: PathResult) -> str:
    parts = [f"as of {result.as_of.isoformat()}", f"up to {n_hops(result.max_hops)}"]
    if result.via:
        parts.append("via " + ", ".join(inert(_name(network, p)) for p in result.via))
    if result.avoid:
        parts.append("avoiding " + ", ".join(inert(_name(network, p)) for p in result.avoid))
    if not result.fatigue and network.intros:
        parts.append("ask ledger ignored")
    return " · ".join(parts)


def _path_panel(network: Network, path: IntroPath, rank: int, source: str) -> Panel:
    chain = Text()
    for i, pid in enumerate(path.people):
        if i:
            chain.append(" → ", style="dim")
        chain.append_text(data(_name(network, pid), "bold" if 0 < i < len(path.people) - 1 else ""))
    first = path.first_ask
    if first is None:
        target = inert(_name(network, path.people[-1]))
        if path.hops and is_inferred(path.hops[0].relationship):  # never stated as a fact
            who = "You may know" if source == network.me else f"{inert(_short(network, source))} may know"
            advice = Text(f"{who} {target} already (inferred, not known): if not, ask someone who does.")
        else:
            who = "You already know" if source == network.me else f"{inert(_short(network, source))} already knows"
            advice = Text(f"{who} {target}: no introduction needed.")
    else:
        person = network.people[first]
        from ...sources.team import colleague_owners

        colleague = "your colleague " if first in colleague_owners(network) else ""
        advice = Text.assemble(("Ask " + colleague, ""), data(person.label, "bold cyan"), (" first", ""))
        if len(path.connectors) > 1:
            rest = ", then ".join(inert(_name(network, p)) for p in path.connectors[1:])
            advice.append(f"; then {rest}")
        advice.append(".")
    hops = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False, expand=False)
    hops.add_column("pair", no_wrap=True)
    hops.add_column("strength", no_wrap=True)
    hops.add_column("warmth", justify="right", no_wrap=True)
    hops.add_column("how", overflow="fold")
    for h in path.hops:
        pair = Text.assemble(data(_short(network, h.source)), (" → ", "dim"), data(_short(network, h.target)))
        how = _how_and_evidence(network, h)
        if h.adjustments:
            how.append("\n").append_text(adjustment_text(network, h))
        hops.add_row(pair, _hop_strength(h), percent(h.warmth), how)
    title = Text(f" {rank}. ", style="bold")
    if first is not None:
        title.append("via ")
        title.append_text(data(", ".join(_short(network, p) for p in path.connectors)))
        title.append(" ")
    relay = f" · relay ×{path.relay:.2g}" if path.relay != 1 else ""
    subtitle = Text(f" {percent(path.warmth)} {chance_word(network)} · {n_hops(len(path.hops))}{relay} ", style="bold")
    return Panel(
        Group(chain, advice, Text(), hops),
        title=title,
        title_align="left",
        subtitle=subtitle,
        subtitle_align="right",
        box=box.ROUNDED,
        border_style="cyan" if rank == 1 else "dim",
        padding=(0, 1),
    )


# --------------------------------------------------------------------------------------------
# mutual


def render_mutual(console: Console, network: Network, result: MutualResult) -> None:
    a, b = network.people[result.a], network.people[result.b]
    console.print(
        Text.assemble(
            (f"{len(result.mutual)} ", "bold"),
            (f"{'person knows' if len(result.mutual) == 1 else 'people know'} both ", ""),
            data(a.name, "bold"),
            (" and ", ""),
            data(b.label, "bold"),
        )
    )
    note = f"as of {result.as_of.isoformat()} · warmest first"
    if result.direct is not None:
        note += f" · {inert(a.short_name)} and {inert(b.short_name)} know each other ({result.direct.strength})"
    console.print(Text(note, style="dim"))
    console.print()
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), expand=False, show_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Mutual contact", no_wrap=False, min_width=14)
    table.add_column(Text("with ").append_text(data(a.short_name)), overflow="fold", ratio=1)
    table.add_column(Text("with ").append_text(data(b.short_name)), overflow="fold", ratio=1)
    table.add_column("warmth", justify="right", no_wrap=True)
    for rank, m in enumerate(result.mutual, 1):
        who = data(m.person.name, "bold")
        if m.person.company:
            who.append("\n").append_text(data(m.person.company, "dim"))
        table.add_row(str(rank), who, _side_cell(m.with_a), _side_cell(m.with_b), percent(m.warmth))
    console.print(table)


def _side_cell(h: Hop) -> Text:
    cell = _hop_strength(h)
    cell.append(f" {percent(h.warmth)}", style="dim")
    if h.how:
        cell.append("\n").append_text(data(h.how))
    return cell


# --------------------------------------------------------------------------------------------
# show, people


def render_person(console: Console, network: Network, details: PersonDetails) -> None:
    person = details.person
    facts = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    facts.add_column("field", style="dim", no_wrap=True)
    facts.add_column("value", overflow="fold")
    facts.add_row("id", data(person.id))
    for key in ("title", "company", "email", "phone", "linkedin", "location", "about"):
        value = getattr(person, key)
        if value:
            facts.add_row(key, data(value))
    if person.tags:
        facts.add_row("tags", data(", ".join(person.tags)))
    if person.history:
        facts.add_row("history", data("\n".join(job.label for job in person.history)))
    for key, value in person.extra.items():
        facts.add_row(Text(inert(key), style="dim italic"), data(value))
    if network.me == person.id:
        facts.add_row("me", Text("this is you", style="italic"))
    console.print(Panel(facts, title=data(person.name, "bold"), title_align="left", box=box.ROUNDED, padding=(0, 1)))
    if not details.links:
        console.print(Text(f"{inert(person.short_name)} has no relationships in the file yet.", style="dim"))
        return
    table = Table(
        title=Text(f"Knows {counted(len(details.links), 'person')}, warmest first"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        show_edge=False,
    )
    table.add_column("Person", no_wrap=False, min_width=14)
    table.add_column("strength", no_wrap=True)
    table.add_column("warmth", justify="right", no_wrap=True)
    table.add_column("how", overflow="fold", ratio=1)
    for h in details.links:
        other = network.people[h.target]
        who = data(other.name)
        if other.company:
            who.append("\n").append_text(data(other.company, "dim"))
        table.add_row(who, _hop_strength(h), percent(h.warmth), _how_and_evidence(network, h, ""))
    console.print(table)
    _render_sources(console, network, details)


def _render_sources(console: Console, network: Network, details: PersonDetails) -> None:
    """What each file says about a person and their ties, when more than one file does."""
    from ...sources.provenance import conflicts, views

    person = details.person
    if not person.origins and not any(len(h.relationship.origins) > 1 for h in details.links):
        return
    console.print(Text("Sources", style="bold"))
    for view in person.origins:
        where = f"{view['file']}:{view['line']}" if view.get("line") else str(view["file"])
        facts = [
            f"{k} {v if not isinstance(v, list) else ', '.join(map(str, v))}"
            for k, v in view.items()
            if k not in ("file", "line", "id", "name")
        ]
        line = Text.assemble(data(where, "dim"), " ", data(f"{view.get('id')}: {view.get('name')}"))
        if facts:
            line.append_text(data(" · " + " · ".join(facts), "dim"))
        console.print(line, soft_wrap=True)
    for key, found in conflicts(person).items():
        given = "; ".join(f"{file}: {value}" for file, value in found)
        console.print(
            Text.assemble(("files differ on ", "yellow"), data(key, "yellow"), ": ", data(given)), soft_wrap=True
        )
    for h in details.links:
        if len(h.relationship.origins) < 2:
            continue
        other = network.people[h.target]
        parts = []
        for view in views(h.relationship, network.me):
            said = [str(view[k]) for k in ("strength",) if view.get(k)]
            if view.get("described"):
                said.append(str(view["described"]))
            elif view.get("last_contact"):
                said.append(f"last {view['last_contact']}")
            parts.append(f"{view['file']}: {', '.join(said) or 'listed'}")
        console.print(Text.assemble(data(f"with {other.name}: ", "bold"), data(" · ".join(parts))), soft_wrap=True)


def render_people(console: Console, people: Sequence[Person], total: int, query: str | None) -> None:
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False)
    table.add_column("id", no_wrap=True, style="cyan")
    table.add_column("name", no_wrap=False)
    table.add_column("title", overflow="fold")
    table.add_column("company", overflow="fold")
    table.add_column("tags", overflow="fold", style="dim")
    for p in people:
        table.add_row(data(p.id), data(p.name), data(p.title or ""), data(p.company or ""), data(", ".join(p.tags)))
    console.print(table)
    what = f" matching '{inert(query)}'" if query else ""
    console.print(Text(f"{len(people):,} of {counted(total, 'person')}{what}", style="dim"))


# --------------------------------------------------------------------------------------------
# check


#: `check` lists this many warnings; --json gives them all.
MAX_WARNINGS_SHOWN = 200


def render_check(console: Console, network: Network, report: CheckReport) -> None:
    summary = Text.assemble(
        (f"{inert(report.file)}: ", "bold"),
        ("OK", "bold green"),
        f" · {counted(report.people, 'person')}, {counted(report.relationships, 'relationship')}, "
        f"{counted(report.organisations, 'organisation')}"
        + (f", {counted(report.asks, 'ask')} in the ledger" if report.asks else ""),
    )
    console.print(summary, soft_wrap=True)
    if len(report.files) > 1:
        for f in report.files:
            console.print(
                Text.assemble(
                    ("  ", ""),
                    data(f.file),
                    f": {counted(f.people, 'person')}, {counted(f.relationships, 'relationship')}",
                ),
                soft_wrap=True,
            )
    if report.me is not None and report.reachable_from_me is not None:
        me = network.people[report.me]
        console.print(
            Text.assemble(
                data(me.name),
                f" (me) reaches {report.reachable_from_me:,} of {counted(report.people - 1, 'person')} "
                f"within {n_hops(report.max_hops)}",
            )
        )
    else:
        console.print(Text("no 'me:' set: give FROM explicitly to path and mutual", style="dim"))
    if report.warnings:
        console.print(Text(f"{counted(len(report.warnings), 'warning')}:", style="yellow"))
        for w in report.warnings[:MAX_WARNINGS_SHOWN]:
            console.print(problem_text(w), soft_wrap=True)
        hidden = len(report.warnings) - MAX_WARNINGS_SHOWN
        if hidden > 0:
            # laying out a line costs rich a tenth of a millisecond: 300,000 would take a minute
            console.print(
                Text(
                    f"… and {counted(hidden, 'more warning')} ('warmintro check --json' lists every one)",
                    style="yellow",
                )
            )


def problem_text(problem: Problem) -> Text:
    """``FILE:LINE:COL: [warning: ]message (hint)``, inert."""
    text = Text(f"{inert(problem.where)}: ", style="bold")
    if problem.severity == "warning":
        text.append("warning: ", style="yellow")
    text.append(inert(problem.message))
    if problem.hint:
        text.append(f" ({inert(problem.hint)})", style="dim")
    return text


# --------------------------------------------------------------------------------------------
# duplicates


def render_duplicates(console: Console, pairs: Sequence[Pair]) -> None:
    if not pairs:
        console.print(Text("No duplicates: nobody seems to be entered twice.", style="green"))
        return
    for pair in pairs:
        where_a = ", ".join(p.where for p in pair.places_a)
        where_b = ", ".join(p.where for p in pair.places_b)
        console.print(
            Text.assemble(
                data(pair.a, "bold cyan"),
                data(f" ({where_a})", "dim"),
                " and ",
                data(pair.b, "bold cyan"),
                data(f" ({where_b})", "dim"),
                ": ",
                data(pair.reason),
            ),
            soft_wrap=True,
        )
        if pair.kind == "doubtful":
            console.print(Text("  ").append_text(data(pair.settle, "dim")), soft_wrap=True)
        else:
            console.print(Text("  ").append_text(data(pair.command, "bold")), soft_wrap=True)
    console.print(Text(f"{counted(len(pairs), 'pair')} to look at", style="dim"))
