"""Output of `warmintro team`: the pooled shares as a table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from ...model import Network
from ...text import counted
from .queries import data

if TYPE_CHECKING:
    from rich.console import Console

    from ...sources.team import TeamReport


def render_team(console: Console, network: Network, report: TeamReport) -> None:
    table = Table(title="Colleagues' networks pooled with yours", title_justify="left", box=None, padding=(0, 1))
    for column in ("colleague", "file", "shared", "level", "people", "ties", "only here", "opens"):
        table.add_column(column, justify="right" if column in ("people", "ties", "opens") else "left")
    for pooled in report.files:
        opened = report.opens.get(pooled.file, [])
        table.add_row(
            data(pooled.name, "bold"),
            data(pooled.file),
            data(pooled.on or "?"),
            data(pooled.level or "?"),
            str(pooled.people),
            str(pooled.ties),
            f"{counted(pooled.new_people, 'person')}, {counted(pooled.new_ties, 'tie')}",
            str(len(opened)) if report.targets else "-",
        )
    console.print(table)
    if not report.targets:
        hint = "No targets: tag people 'target' (or pass --target TAG) to see which share opens whom."
        console.print(Text(hint, "dim"))
    else:
        for pooled in report.files:
            opened = report.opens.get(pooled.file, [])
            if opened:
                names = ", ".join(network.people[pid].name for pid in opened)
                console.print(Text.assemble(data(pooled.name, "bold"), " opens ", data(names)))
    if report.disagreements:
        console.print(
            Text(f"{report.disagreements} ties are seen very differently by colleagues: 'warmintro check' lists them.")
        )
