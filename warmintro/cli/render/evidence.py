"""Output about a mail or calendar import: what was read, used and skipped, who was found,
and what was written. Like `warmintro.cli.render.queries`, everything from the files is data, never markup."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .queries import data

if TYPE_CHECKING:
    from ...importers.generated import Written
    from ...importers.mail import Summary


def _counts(summary: Summary) -> dict[str, int]:
    ties = summary.evidence.ties
    with_you = sum(1 for pair in ties if summary.evidence.me in pair)
    return {"with_you": with_you, "between_contacts": len(ties) - with_you}


def evidence_json(summary: Summary, written: Written, dry_run: bool) -> dict[str, Any]:
    """The JSON document of `warmintro import mail|calendar --json`."""
    evidence = summary.evidence
    unit = "messages" if evidence.channel == "mail" else "meetings"
    return {
        "source": summary.source,
        "generated": str(written.path),
        "dry_run": dry_run,
        "changed": written.changed,
        "written": written.written,
        "source_added": written.source_added,
        unit: {
            "read": summary.read,
            "used": summary.used,
            "skipped": dict(sorted(summary.skipped.items())),
            "first_skipped": dict(sorted(summary.first_skipped.items())),
        },
        "people": {"matched": evidence.matched, "added": evidence.added, "left_out": evidence.left_out},
        "relationships": _counts(summary),
        "latest": evidence.latest.isoformat() if evidence.latest else None,
    }


def render_evidence(console: Console, summary: Summary, written: Written, contacts: str, dry_run: bool) -> None:
    evidence = summary.evidence
    unit = "messages" if evidence.channel == "mail" else "meetings"
    console.print(
        Text.assemble(f"{evidence.channel.capitalize()} import of ", data(summary.source, "bold")), soft_wrap=True
    )
    console.print()
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_column()
    table.add_row("read", str(summary.read), unit)
    table.add_row("used", str(summary.used), f"{unit} that are evidence of a tie")
    table.add_row(
        "skipped",
        str(sum(summary.skipped.values())),
        data("\n".join(f"{n} {reason}" for reason, n in summary.skipped.most_common())),
    )
    counts = _counts(summary)
    table.add_row("people", str(evidence.matched), data(f"already in {contacts}"))
    table.add_row("", str(evidence.added), "new")
    table.add_row("", str(evidence.left_out), "left out (one-way, or too little evidence)")
    table.add_row("ties", str(counts["with_you"]), "with you")
    table.add_row("", str(counts["between_contacts"]), "between contacts")
    console.print(table)
    if summary.first_skipped:
        console.print()
        console.print("First skipped of each kind:")
        for reason, where in summary.first_skipped.items():  # in the order the file has them
            console.print(Text.assemble("  ", data(where), f": {reason}"), soft_wrap=True)
    console.print()
    name = written.path.name
    if dry_run:
        what = f"would write {name}" if written.changed else f"{name} would not change"
        added = f"; would add it under 'sources:' in {contacts}" if written.source_added else ""
        console.print(data(f"Dry run: {what}{added}. Nothing was written."))
    else:
        what = f"Wrote {name}" if written.written else f"{name} is unchanged"
        added = f"; added it under 'sources:' in {contacts}" if written.source_added else ""
        console.print(data(f"{what}{added}."))
