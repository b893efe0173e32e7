"""Query commands: check, path, mutual, show, people."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from ..errors import ContactsError
from ..model import MAX_PATHS, MAX_PATHS_SHOWN
from ..text import inert
from .common import (
    EXIT_BAD_INPUT,
    App,
    NothingFound,
    as_of_option,
    avoid_option,
    complete_person,
    console,
    contacts_option,
    default_from,
    emit_json,
    ignore_fatigue_option,
    json_option,
    learned_option,
    max_hops_option,
    no_path,
    report_contacts_error,
    resolve,
    split_ends,
)

if TYPE_CHECKING:
    from ..model import Network


@click.command()
@as_of_option
@json_option
@contacts_option
@click.pass_obj
def check(app: App, as_of: dt.date | None, as_json: bool) -> None:
    """Validate the contacts file (and every file its 'sources:' names) and summarise it.

    Lists every error with FILE:LINE:COL and a hint (a known field misspelt is one: it would be
    left out), then warnings worth a look (unknown fields, a comma inside one tag, dates in the
    future, people nobody is connected to, people who may be entered twice, doubtful matches
    across files). Exits 0 when the file is usable, 2 when not.

    \b
    Examples:
      warmintro check
      warmintro check --json               # every error with file, line and hint
    """
    from ..queries.checks import check_network

    try:
        network = app.network(every_file=True)
    except ContactsError as exc:
        if as_json:
            emit_json(
                {
                    "file": exc.file,
                    "ok": False,
                    "errors": [p.to_json() for p in exc.problems if p.severity == "error"],
                }
            )
            report_contacts_error(exc)
            raise click.exceptions.Exit(EXIT_BAD_INPUT) from None  # the report is the one document
        raise
    report = check_network(network, app.warnings, app.files, as_of=as_of)
    if as_json:
        emit_json(report.to_json())
        return
    from .render.queries import render_check

    render_check(console(), network, report)


@click.command()
@click.argument("people", nargs=-1, required=True, metavar="[FROM] TO", shell_complete=complete_person)
@click.option(
    "--top",
    "-k",
    "top",
    type=click.IntRange(1, MAX_PATHS),
    default=3,
    show_default=True,
    help=f"How many paths: at most {MAX_PATHS_SHOWN} shown, {MAX_PATHS} with --json.",
)
@max_hops_option
@avoid_option
@click.option(
    "--via",
    multiple=True,
    metavar="PERSON",
    shell_complete=complete_person,
    help="Only paths through PERSON (repeatable).",
)
@ignore_fatigue_option
@click.option(
    "--no-inferred",
    is_flag=True,
    help="Rank on known ties only: leave out ties inferred from shared employers and schools.",
)
@learned_option
@as_of_option
@json_option
@contacts_option
@click.pass_obj
def path(
    app: App,
    people: tuple[str, ...],
    top: int,
    max_hops: int | None,
    avoid: tuple[str, ...],
    via: tuple[str, ...],
    ignore_fatigue: bool,
    no_inferred: bool,
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """Who can introduce FROM to TO: the warmest chains of introductions.

    FROM defaults to 'me' in the contacts file. People are named by id, full name or an
    unambiguous part of a name ("sjoberg" finds Bob Sjöberg). Each path shows its warmth (the
    product of its hops' warmths, times the relay for each hop after the second), whom to ask
    first, and how each pair knows each other. Connectors already asked in the last 12 months
    rank lower, and the path says why (see 'warmintro intros'). Exits 1 when no path exists within --max-hops.

    \b
    Examples:
      warmintro path bob                    # from me
      warmintro path alice "bob sj" -k 5 --max-hops 3
      warmintro path bob --avoid carol --as-of 2026-11-26 --json
    """
    from ..ranking.kpaths import PathResult, find_paths

    if top > MAX_PATHS_SHOWN and not as_json:
        raise click.BadParameter(
            f"at most {MAX_PATHS_SHOWN} paths are shown on a terminal; ask for fewer, "
            f"or use --json for up to {MAX_PATHS}",
            param_hint="'--top' / '-k'",
        )
    network = app.network()
    given_from, given_to = split_ends(people, "path")
    source = default_from(network, given_from, "path")
    target = resolve(network, given_to)

    def search(on: Network) -> PathResult:
        return find_paths(
            on,
            source,
            target,
            top=top,
            max_hops=max_hops,
            avoid=[resolve(network, p) for p in avoid],
            via=[resolve(network, p) for p in via],
            as_of=as_of,
            fatigue=not ignore_fatigue,
        )

    result = search(network)
    if not no_inferred:
        from ..sources.inferred import fill_with_inferred

        result, filled = fill_with_inferred(result, lambda: search(app.with_inferred()), top)
        if filled:
            network = app.with_inferred()
    if as_json:
        from ..sources.provenance import annotate_paths

        emit_json(annotate_paths(result.to_json(), network))
    else:
        from .render.queries import render_paths

        if result.paths:
            render_paths(console(), network, result)
    if not result.paths:
        raise no_path(
            network,
            source,
            target,
            result.max_hops,
            " with those --via/--avoid constraints" if avoid or via else "",
            "without --no-inferred, a tie inferred from shared employers and schools may make one"
            if no_inferred
            else "",
        )


@click.command()
@click.argument("people", nargs=-1, required=True, metavar="[A] B", shell_complete=complete_person)
@as_of_option
@json_option
@contacts_option
@click.pass_obj
def mutual(app: App, people: tuple[str, ...], as_of: dt.date | None, as_json: bool) -> None:
    """The people both A and B know, warmest first.

    A defaults to 'me'. A mutual contact's warmth is the product of their two relationships'
    warmths. Naming them is the best proof that a connection request is not spam. Exits 1 when
    there are none.

    \b
    Examples:
      warmintro mutual bob                  # people both I and Bob know
      warmintro mutual carol bob --json
    """
    from ..queries.mutual import mutual_contacts

    network = app.network()
    given_a, given_b = split_ends(people, "mutual")
    a = default_from(network, given_a, "mutual")
    b = resolve(network, given_b)
    result = mutual_contacts(network, a, b, as_of=as_of)
    if as_json:
        emit_json(result.to_json())
    elif result.mutual:
        from .render.queries import render_mutual

        render_mutual(console(), network, result)
    if not result.mutual:
        names = f"{inert(network.people[a].name)} and {inert(network.people[b].name)}"
        raise NothingFound(f"{names} have no mutual contacts in {inert(network.source)}")


@click.command()
@click.argument("person", shell_complete=complete_person)
@as_of_option
@json_option
@contacts_option
@click.pass_obj
def show(app: App, person: str, as_of: dt.date | None, as_json: bool) -> None:
    """Everything the file says about PERSON, whom they know (warmest first), and the asks of
    the ledger they take part in (newest first).

    \b
    Examples:
      warmintro show carol
      warmintro show "bob sj" --json
    """
    from ..queries.people import person_details

    network = app.network()
    details = person_details(network, resolve(network, person), as_of=as_of)
    if as_json:
        emit_json(details.to_json())
        return
    from .render.queries import render_person

    out = console()
    render_person(out, network, details)
    if details.asks:
        from .render.ledger import render_person_asks

        render_person_asks(out, network, details)


@click.command()
@click.argument("query", required=False)
@json_option
@contacts_option
@click.pass_obj
def people(app: App, query: str | None, as_json: bool) -> None:
    """List everyone, or search by name, company, title, tag, location or email.

    Every word of QUERY must match, ignoring case and accents ("pactbank cfo"). Exits 1 when
    nobody matches.

    \b
    Examples:
      warmintro people pactbank
      warmintro people "helsinki investor" --json
    """
    from ..queries.people import person_to_json, search_people

    network = app.network()
    found = search_people(network, query)
    if as_json:
        emit_json({"query": query, "people": [person_to_json(p) for p in found]})
    elif found:
        from .render.queries import render_people

        render_people(console(), found, len(network.people), query)
    if not found:
        raise NothingFound(f"nobody in {inert(network.source)} matches '{inert(query)}'")


@click.command()
@json_option
@contacts_option
@click.pass_obj
def duplicates(app: App, as_json: bool) -> None:
    """People who may be one person entered twice, each with the command that merges them.

    Lists pairs with the same email address or LinkedIn URL, the same name at the same company,
    or near-identical names, and doubtful matches across the files of the network (the same name
    at different companies, no address in common). Add 'not_same_as: [ID]' to a person in your
    file to say a pair are two people. Exits 0, also when there are none.

    \b
    Example:
      warmintro duplicates --json     # every pair, with 'command' to run
    """
    from ..sources.identity import find_pairs

    network = app.network()
    pairs = find_pairs(network)
    if as_json:
        emit_json({"file": network.source, "duplicates": [p.to_json() for p in pairs]})
        return
    from .render.queries import render_duplicates

    render_duplicates(console(), pairs)
