"""Output for people about an import: counts, then the conflicts, skips and updates in detail.

Like `warmintro.cli.render.queries`, everything from the files is data, never markup.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ...importers.merge import ImportSummary, Outcome
from ...text import counted
from .queries import data

#: Rows shown per list before "... and N more"; --json lists everything.
LIST_LIMIT = 20


def render_import(console: Console, summary: ImportSummary) -> None:
    counts = summary.counts
    console.print(
        Text.assemble(
            (f"{summary.kind} import of ", ""),
            data(summary.source, "bold"),
            (" into ", ""),
            data(summary.contacts, "bold"),
            (", as ", ""),
            data(f"{summary.importer_name} ({summary.importer})"),
        ),
        soft_wrap=True,  # file names are not broken over lines
    )
    console.print()
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_column()
    table.add_row("added", str(counts["added"]), data(f"new people, each an acquaintance of {summary.importer}"))
    table.add_row(
        "updated",
        str(counts["updated"]),
        f"{counted(summary.fields_filled, 'field')} filled, "
        f"{counted(summary.relationships_added - counts['added'], 'relationship')} added",
    )
    table.add_row("unchanged", str(counts["unchanged"]), "already in the file")
    reasons = summary.skip_reasons()
    table.add_row(
        "skipped",
        str(counts["skipped"]),
        data("\n".join(f"{n} {reason}" for reason, n in reasons.most_common())),
    )
    console.print(table)
    conflicts = summary.conflicts
    if conflicts:
        rows = [
            (o, f'{c.field}: yours "{_short(c.yours)}", theirs "{_short(c.theirs)}"')
            for o in conflicts
            for c in o.conflicts
        ]
        _list(console, "Conflicts (the file's value is kept)", rows, summary.source)
    skipped = [(o, o.reason or "") for o in summary.outcomes if o.action == "skipped"]
    if skipped:
        _list(console, "Skipped", skipped, summary.source)
    updated = [(o, _update(o)) for o in summary.outcomes if o.action == "updated"]
    if updated:
        _list(console, "Updated", updated, summary.source)
    for note in summary.notes:
        console.print(data(f"note: {note}", "yellow"), soft_wrap=True)
    console.print()
    if summary.dry_run:
        last = f"Dry run: {summary.contacts} was not changed."
    elif summary.written:
        kept = f"; the previous version is in {summary.backup}." if summary.backup else "."
        last = f"Wrote {summary.contacts}{kept}"
    else:
        last = f"Nothing to change in {summary.contacts}."
    console.print(data(last), soft_wrap=True)


def _update(outcome: Outcome) -> str:
    parts = []
    if outcome.filled:
        parts.append("filled " + ", ".join(outcome.filled))
    if outcome.relationship == "added":
        parts.append("relationship added")
    return "; ".join(parts)


def _list(console: Console, title: str, rows: list[tuple[Outcome, str]], source: str) -> None:
    console.print()
    console.print(Text(title, style="bold"))
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    for outcome, text in rows[:LIST_LIMIT]:
        who = outcome.pid or outcome.name or ""
        where = outcome.where
        if where.startswith(source + ":"):  # the header names the file: "line 12" is enough
            where = "line " + where[len(source) + 1 :]
        table.add_row(data(where), data(who), data(text))
    console.print(table)
    if len(rows) > LIST_LIMIT:
        console.print(Text(f"... and {len(rows) - LIST_LIMIT} more (--json lists every one)", style="dim"))


def _short(text: str, limit: int = 40) -> str:
    one_line = " / ".join(part.strip() for part in text.splitlines() if part.strip())
    return one_line if len(one_line) <= limit else one_line[: limit - 1].rstrip() + "…"
