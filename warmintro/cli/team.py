"""Team commands: share (your network, for colleagues) and team (colleagues' shares, pooled)."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import click

from ..text import inert
from .common import App, BadInput, as_of_option, console, contacts_option, emit_json, json_option, resolve


@click.command()
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The file to write (e.g. team/ana.yaml), for colleagues to name under 'sources:'.",
)
@click.option(
    "--level",
    type=click.Choice(["ties", "context", "full"]),
    default="ties",
    show_default=True,
    help="ties: names, companies, titles, history, LinkedIn, and each tie's strength and last-contact month; "
    "context: also 'about', location, and each tie's 'how' and 'since'; full: also emails and phones.",
)
@click.option(
    "--with",
    "fields",
    multiple=True,
    metavar="FIELD",
    help="Also share FIELD beyond the level (about, location, how, since, email, phone); repeatable. "
    "Notes, tags, evidence and the ask ledger are never shared.",
)
@click.option("--only", "only_tags", multiple=True, metavar="TAG", help="Share only people tagged TAG (repeatable).")
@click.option("--exclude", multiple=True, metavar="PERSON", help="Never share PERSON, nor their ties (repeatable).")
@click.option(
    "--exclude-tag", "exclude_tags", multiple=True, metavar="TAG", help="Never share anyone tagged TAG (repeatable)."
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists and is not an earlier share.")
@as_of_option
@json_option
@contacts_option
@click.pass_obj
def share(
    app: App,
    out: Path,
    level: str,
    fields: tuple[str, ...],
    only_tags: tuple[str, ...],
    exclude: tuple[str, ...],
    exclude_tags: tuple[str, ...],
    force: bool,
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """Write your network as a file to give colleagues, at the level you choose.

    A colleague names the file under 'sources:' in their contacts file, and their paths can go
    through you ("ask your colleague Ana, whose network says Ana knows Bob well"). Nothing is ever
    read from anyone's machine: sharing is the file you choose to hand over. Never shared: notes,
    the ask ledger, evidence counts, tags, people and ties marked 'private: true', anyone
    --exclude'd or --exclude-tag'ged, inferred ties, and what you only know from colleagues'
    shares. See docs/team.md.

    \b
    Examples:
      warmintro share --out team/ana.yaml                 # names, companies, tie strengths
      warmintro share --out ana.yaml --level context --exclude-tag family
      warmintro share --out ana.yaml --only sales --exclude carol
    """
    from ..export.share import SHARE_MARK, share_network
    from ..safefile import WriteError, protected_files, read_regular, write_output
    from ..sources.team import share_files

    network = app.network()
    result = share_network(
        network,
        level=level,
        fields=fields,
        only_tags=only_tags,
        exclude=[resolve(network, p) for p in exclude],
        exclude_tags=exclude_tags,
        on=as_of,
        not_own=share_files(network),
    )
    earlier_share = False
    with contextlib.suppress(OSError):
        earlier_share = read_regular(out).startswith(SHARE_MARK.encode())
    try:
        write_output(
            out,
            result.text.encode("utf-8"),
            force=force or earlier_share,
            protected=[*protected_files(app.contacts), *_sources_of(app, network)],
            what="share",
        )
    except WriteError as exc:
        raise BadInput(inert(str(exc))) from exc
    if as_json:
        emit_json({"file": str(out), **result.to_json()})
        return
    click.echo(
        f"Wrote {inert(out)}: your network at level {level}, {_count(result.people, 'person', 'people')} and "
        f"{_count(result.ties, 'tie', 'ties')}"
        + (f" ({_count(result.left_out, 'person', 'people')} left out)" if result.left_out else "")
        + ". Give it to colleagues; they name it under 'sources:' in their contacts file."
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _sources_of(app: App, network: object) -> list[str]:
    """The files the network is read from besides the contacts file: a share never replaces one."""
    from ..model import Network
    from ..sources.network import source_files, source_refs

    if not isinstance(network, Network):
        return []
    refs = source_refs(network)
    try:
        return source_files(app.contacts, refs) if refs else []
    except Exception:  # a source that vanished since the network was read: nothing to protect
        return []


@click.command()
@click.option(
    "--target",
    "target_tags",
    multiple=True,
    metavar="TAG",
    default=("target",),
    show_default=True,
    help="Your targets: people tagged TAG (repeatable), besides the targets of open asks.",
)
@json_option
@contacts_option
@click.pass_obj
def team(app: App, target_tags: tuple[str, ...], as_json: bool) -> None:
    """The colleagues' networks pooled with yours: whose, when, at what level, and what each adds.

    Lists each shared file your 'sources:' names: its owner, the day and level it was shared
    at, the people and ties it holds (and how many no other file has), and how many of your
    targets (people tagged 'target', and those of open asks) it opens: targets you reach
    within max_hops only through that file. Exits 1 when no share is pooled.

    \b
    Examples:
      warmintro team
      warmintro team --target investor --json
    """
    from ..sources.team import team_report
    from .common import NothingFound

    network = app.network()
    report = team_report(network, target_tags)
    if as_json:
        emit_json(report.to_json())
    elif report.files:
        from .render.team import render_team

        render_team(console(), network, report)
    if not report.files:
        raise NothingFound(
            f"no colleague's share is pooled in {inert(network.source)}: name their files under 'sources:' "
            "(e.g. team/*.yaml); they write them with 'warmintro share'"
        )
