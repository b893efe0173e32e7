"""Network commands: find, connectors, export, map."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..text import counted, inert, n_hops
from .common import (
    App,
    BadInput,
    NothingFound,
    as_of_option,
    avoid_option,
    complete_person,
    console,
    contacts_option,
    default_from,
    emit_json,
    ignore_fatigue_option,
    include_private_option,
    json_option,
    learned_option,
    max_hops_option,
    no_path,
    resolve,
)


def _write(payload: bytes, out: Path | None, app: App, force: bool, what: str) -> None:
    """Bytes to the file `out` (through the one safe writer: atomic, no symlinks, never over
    the contacts file, an existing file only with --force), or to stdout without one."""
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    from ..safefile import protected_files, write_output

    write_output(out, payload, force=force, protected=protected_files(app.contacts), what=what)


force_option = click.option(
    "--force", is_flag=True, help="Replace FILE if it exists (never the contacts file, its backup or lock)."
)


def _from_suffix(out: Path | None, formats: dict[str, str], what: str) -> str:
    """The format named by the file's suffix, or a usage error saying which suffixes work."""
    suffix = out.suffix.lower() if out is not None else ""
    if suffix in formats:
        return formats[suffix]
    known = ", ".join(sorted(formats))
    if out is None:
        raise click.UsageError(f"say which format: --format, or --out FILE ending in {known}")
    raise click.UsageError(f"cannot tell the {what} format from '{inert(out.name)}': use a name ending in {known}")


@click.command()
@click.argument("source", metavar="[FROM]", required=False, shell_complete=complete_person)
@click.option("--company", "companies", multiple=True, metavar="NAME", help="Works (or worked) at NAME.")
@click.option("--title", "titles", multiple=True, metavar="WORDS", help="Title has these words (CFO, 'head of sales').")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Has the tag TAG.")
@click.option("--where", "places", multiple=True, metavar="TEXT", help="Location has these words.")
@click.option("--current", is_flag=True, help="Current roles only: leave out former staff.")
@click.option("--top", "-n", type=click.IntRange(min=1), default=10, show_default=True, help="How many people.")
@max_hops_option
@avoid_option
@ignore_fatigue_option
@learned_option
@as_of_option
@json_option
@contacts_option
@click.pass_obj
def find(
    app: App,
    source: str | None,
    companies: tuple[str, ...],
    titles: tuple[str, ...],
    tags: tuple[str, ...],
    places: tuple[str, ...],
    current: bool,
    top: int,
    max_hops: int | None,
    avoid: tuple[str, ...],
    ignore_fatigue: bool,
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """The warmest way in to everyone who matches: someone at a company, a CFO, an investor.

    Different options must all match; the same option twice means either: --company Pactbank
    --company Kestrel finds the staff of both. FROM defaults to 'me'. Companies match on whole words,
    ignoring case, accents and legal forms (Oy, Inc, GmbH...): "Acme" finds "ACME Inc." and
    "Acme Nordic", never "Acmeon". --company also finds former staff (from 'history'),
    marked "former", unless --current. Each gets the path 'warmintro path' ranks first, ask
    ledger included: someone FROM knows is shown as direct only when that relationship ranks
    first. Exits 1 when nobody matches, or
    nobody who matches is reachable within --max-hops.

    \b
    Examples:
      warmintro find --company Pactbank
      warmintro find --title cfo --tag investor --current --json
    """
    from ..queries.find import find_targets
    from ..queries.matching import Criteria

    network = app.network()
    criteria = Criteria(companies, titles, tags, places, current_only=current)
    start = default_from(network, source, "find")
    result = find_targets(
        network,
        start,
        criteria,
        top=top,
        max_hops=max_hops,
        avoid=[resolve(network, p) for p in avoid],
        as_of=as_of,
        fatigue=not ignore_fatigue,
    )
    if as_json:
        from ..sources.provenance import annotate_paths

        emit_json(annotate_paths(result.to_json(), network))
    elif result.targets:
        from .render.network import render_find

        render_find(console(), network, result)
    if not result.matched:
        raise NothingFound(f"nobody in {inert(network.source)} matches {inert(criteria.describe())}")
    if not result.targets:
        raise NothingFound(
            f"{result.matched} {'person matches' if result.matched == 1 else 'people match'} "
            f"{inert(criteria.describe())}, but none is reachable from "
            f"{inert(network.people[start].name)} within {n_hops(result.max_hops)} (try a larger --max-hops)"
        )


@click.command()
@click.argument("person", required=False, shell_complete=complete_person)
@click.option(
    "--min-warmth",
    type=click.FloatRange(0, 1, min_open=True),
    default=0.2,
    show_default=True,
    help="Least warmth for a chain to count as opening a door.",
)
@click.option("--top", "-n", type=click.IntRange(min=1), default=10, show_default=True, help="How many contacts.")
@max_hops_option
@learned_option
@as_of_option
@json_option
@contacts_option
@click.pass_obj
def connectors(
    app: App,
    person: str | None,
    min_warmth: float,
    top: int,
    max_hops: int | None,
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """Which of PERSON's contacts open the most doors, and which doors only they open.

    PERSON defaults to 'me'. A contact opens a door to someone when a chain of introductions
    starting with them reaches that person within --max-hops at --min-warmth or warmer, and
    warmer than PERSON's own relationship with them, if any. reach counts a contact's doors;
    best, those whose warmest path starts with them; only, those no other contact opens. Exits
    1 when PERSON knows nobody.

    \b
    Examples:
      warmintro connectors
      warmintro connectors carol --min-warmth 0.3 --json
    """
    from ..queries.connectors import find_connectors

    network = app.network()
    who = default_from(network, person, "connectors")
    result = find_connectors(network, who, min_warmth=min_warmth, max_hops=max_hops, top=top, as_of=as_of)
    if as_json:
        emit_json(result.to_json())
    elif result.connectors:
        from .render.network import render_connectors

        render_connectors(console(), network, result)
    if not result.connectors:
        raise NothingFound(f"{inert(network.people[who].name)} has no relationships in {inert(network.source)}")


_EXPORT_SUFFIXES = {
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".json": "json",
    ".dot": "dot",
    ".gv": "dot",
    ".csv": "csv",
}


@click.command()
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["graphml", "gexf", "json", "dot", "csv"]),
    default=None,
    help="graphml (Cytoscape, yEd), gexf (Gephi), json (node-link, for scripts and D3), dot "
    "(Graphviz) or csv (a spreadsheet: a row a person, then a row a tie, told apart by the "
    "'kind' column). Default: from --out's suffix.",
)
@click.option("--out", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE, not stdout.")
@include_private_option
@force_option
@as_of_option
@contacts_option
@click.pass_obj
def export(
    app: App, fmt: str | None, out: Path | None, include_private: bool, force: bool, as_of: dt.date | None
) -> None:
    """The whole network as a graph file for Gephi, Cytoscape, Graphviz, a spreadsheet or a script.

    People are nodes (by id) with their name, company, title, location, tags and history;
    relationships are edges with their strength, warmth (as of --as-of), how, since,
    last_contact and channels. Contact details (email, phone, LinkedIn) and 'about' are left
    out, and so are private people and relationships ('private: true') and every 'notes'.

    \b
    Examples:
      warmintro export --out network.gexf            # open in Gephi
      warmintro export -f dot | dot -Tsvg > net.svg  # draw with Graphviz
      warmintro export --out network.csv             # open in a spreadsheet
    """
    from ..export.formats import export_network

    network = app.network()
    fmt = fmt or _from_suffix(out, _EXPORT_SUFFIXES, "export")
    _write(export_network(network, fmt, as_of=as_of, include_private=include_private), out, app, force, "graph")


_MAP_SUFFIXES = {".svg": "svg", ".png": "png", ".html": "html", ".htm": "html"}


@click.command("map")
@click.argument("person", required=False, shell_complete=complete_person)
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The picture to write: FILE.html (a page to explore), FILE.svg or FILE.png.",
)
@click.option(
    "--to",
    "target",
    metavar="PERSON",
    shell_complete=complete_person,
    help="Draw the warmest paths from PERSON to this person instead.",
)
@click.option("--hops", type=click.IntRange(1, 4), default=2, show_default=True, help="Rings of people around PERSON.")
@click.option(
    "--limit", type=click.IntRange(1, 500), default=60, show_default=True, help="Most people drawn (warmest kept)."
)
@click.option("--paths", "-k", type=click.IntRange(1, 10), default=3, show_default=True, help="Paths drawn with --to.")
@force_option
@max_hops_option
@include_private_option
@as_of_option
@ignore_fatigue_option
@learned_option
@contacts_option
@click.pass_obj
def map_(
    app: App,
    person: str | None,
    out: Path,
    force: bool,
    target: str | None,
    hops: int,
    limit: int,
    paths: int,
    max_hops: int | None,
    include_private: bool,
    as_of: dt.date | None,
    ignore_fatigue: bool,
) -> None:
    """A picture of PERSON's network, or of the warmest paths to someone (--to).

    PERSON (default 'me') sits in the middle with the people within --hops on rings around
    them, each next to the contact they are warmest through; people are coloured by
    organisation (the same colours as in every export) and lines drawn by strength. The format
    follows --out: .html is a page to explore (drag to pan, scroll to zoom, hover a person for
    their company, title and ties, search, pick a path out), self-contained: it loads nothing
    when opened. .svg and .png need matplotlib (the optional 'map' extra). Exits 1
    when there is nobody to draw. Private people and relationships are left out unless
    --include-private.

    \b
    Examples:
      warmintro map --out network.html           # you and everyone within two hops
      warmintro map --to bob --out paths.html    # the warmest paths to Bob
    """
    from ..map.draw import draw
    from ..map.layout import neighbourhood, paths_picture
    from ..privacy import shareable

    network = app.network()
    fmt = _from_suffix(out, _MAP_SUFFIXES, "picture")
    center = default_from(network, person, "map")
    target_id = resolve(network, target) if target is not None else None
    if not include_private:
        network = shareable(network)
        for pid in (center, target_id):
            if pid is not None and pid not in network.people:
                raise BadInput(f"'{inert(pid)}' is private ('private: true'): maps leave them out (--include-private)")
    if target is None:
        picture = neighbourhood(network, center, hops=hops, limit=limit, as_of=as_of)
        if len(picture.spots) == 1:
            raise NothingFound(f"{inert(network.people[center].name)} knows nobody in {inert(network.source)}")
    else:
        assert target_id is not None
        picture, result = paths_picture(
            network,
            center,
            target_id,
            top=paths,
            max_hops=max_hops,
            as_of=as_of,
            fatigue=not ignore_fatigue,
        )
        if not result.paths:
            raise no_path(network, result.source, result.target, result.max_hops)
    _write(draw(picture, fmt), out, app, force, "picture")
    click.echo(f"wrote {inert(out)}: {counted(len(picture.spots), 'person')}", err=True)
