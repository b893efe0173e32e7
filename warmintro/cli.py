"""The `warmintro` command line: parse options, call one library function, render the result.

Start-up stays fast: this module imports only click and warmintro's light modules; YAML,
networkx and rich are imported inside the commands that need them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .dates import parse_as_of
from .errors import ContactsError, PersonError, Problem, QueryError, WarmintroError
from .text import inert

if TYPE_CHECKING:
    from rich.console import Console

    from .model import Network

DEBUG_ENV = "WARMINTRO_DEBUG"
CONTACTS_ENV = "WARMINTRO_CONTACTS"

#: Exit codes: 0 success, 1 ran and found nothing, 2 bad usage or a bad contacts file.
EXIT_NOTHING_FOUND = 1
EXIT_BAD_INPUT = 2

F = TypeVar("F", bound=Callable[..., Any])


class BadInput(click.ClickException):
    """A data or usage error found after parsing (bad file, unknown person): exit 2."""

    exit_code = EXIT_BAD_INPUT


class NothingFound(click.ClickException):
    """The query ran and found nothing: exit 1, message on stderr."""

    exit_code = EXIT_NOTHING_FOUND

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


@dataclass
class App:
    """What every command shares, carried on click's context object."""

    contacts: Path
    _network: Network | None = None
    warnings: list[Problem] = field(default_factory=list)

    def network(self) -> Network:
        """The contacts file, loaded once per command; bad files raise ContactsError."""
        if self._network is None:
            from .fileformat import parse_network_with_problems, read_text

            text = read_text(self.contacts)
            network, problems = parse_network_with_problems(text, str(self.contacts))
            if network is None or any(p.severity == "error" for p in problems):
                raise ContactsError(problems)
            self._network = network
            self.warnings = problems
        return self._network


class WarmintroGroup(click.Group):
    """Turns warmintro's own exceptions into messages and exit codes, once, at the edge."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ContactsError as exc:
            _report_contacts_error(exc)
            ctx.exit(EXIT_BAD_INPUT)
        except (PersonError, QueryError) as exc:
            raise BadInput(inert(str(exc))) from None
        except WarmintroError as exc:
            raise BadInput(inert(str(exc))) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # the reader went away (`warmintro people | head`): not an error worth a message
            sys.stderr.close()
            ctx.exit(0)
        except Exception as exc:  # pragma: no cover - a bug, not bad input
            if os.environ.get(DEBUG_ENV):
                raise
            click.echo(
                f"warmintro: internal error: {type(exc).__name__}: {inert(exc)}\n"
                f"This is a bug in warmintro. Run again with {DEBUG_ENV}=1 to see the traceback, "
                "and please report it.",
                err=True,
            )
            ctx.exit(70)


def _report_contacts_error(exc: ContactsError) -> None:
    errors = [p for p in exc.problems if p.severity == "error"]
    for problem in errors:
        click.echo(inert(str(problem)), err=True)
    if len(errors) > 1:
        click.echo(f"{len(errors)} problems in {inert(exc.file)}; nothing was changed.", err=True)


# --------------------------------------------------------------------------------------------
# Option types and shared options


class DateType(click.ParamType):  # type: ignore[type-arg,unused-ignore]
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return parse_as_of(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def complete_person(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion for person arguments: ids, with the name as help text."""
    from click.shell_completion import CompletionItem

    try:
        root = ctx.find_root()
        contacts = root.params.get("contacts") or os.environ.get(CONTACTS_ENV) or "contacts.yaml"
        from .fileformat import load_network
        from .resolve import complete_people

        network = load_network(contacts)
        return [CompletionItem(p.id, help=p.name) for p in complete_people(network, incomplete)]
    except Exception:  # completion must never print a traceback into the user's shell
        return []


def _set_contacts(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(App).contacts = value


def contacts_option(f: F) -> F:
    """--contacts after the command name too (`warmintro path bob -c team.yaml`)."""
    return click.option(
        "--contacts",
        "-c",
        type=click.Path(path_type=Path),
        expose_value=False,
        is_eager=True,
        callback=_set_contacts,
        help="The contacts file to use (also before the command, or WARMINTRO_CONTACTS).",
    )(f)


def as_of_option(f: F) -> F:
    return click.option(
        "--as-of",
        type=DateType(),
        default=None,
        help="Rank as if today were DATE (YYYY-MM-DD); recency is counted up to it. Default: today.",
    )(f)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON document for scripts.")(f)


def emit_json(document: object) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def console() -> Console:
    from .render import make_console

    return make_console()


def resolve(network: Network, query: str, role: str = "person") -> str:
    from .resolve import resolve_person

    return resolve_person(network, query, role).id


def default_from(network: Network, given: str | None, what: str) -> str:
    """FROM as given, else the file's `me`; a usage error when neither exists."""
    if given is not None:
        return resolve(network, given)
    if network.me is None:
        raise BadInput(
            f"no FROM given and {inert(network.source)} has no 'me:'; pass FROM "
            f"(warmintro {what} FROM TO) or add 'me: <your id>' at the top of the file"
        )
    return network.me


def split_ends(args: Sequence[str], what: str) -> tuple[str | None, str]:
    """[FROM] TO from one or two arguments."""
    if len(args) == 1:
        return None, args[0]
    if len(args) == 2:
        return args[0], args[1]
    raise click.UsageError(f"'warmintro {what}' takes [FROM] TO: one or two people, not {len(args)}")


# --------------------------------------------------------------------------------------------
# Commands


@click.group(cls=WarmintroGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--contacts",
    "-c",
    type=click.Path(path_type=Path, dir_okay=True),
    envvar=CONTACTS_ENV,
    default="contacts.yaml",
    show_default=True,
    show_envvar=True,
    help="The contacts file to use.",
)
@click.version_option(__version__, "--version", prog_name="warmintro")
@click.pass_context
def cli(ctx: click.Context, contacts: Path) -> None:
    """Warm introductions from the people you know.

    warmintro reads a YAML file of the people you know and how well, finds who can introduce
    you to someone (the warmest chains, ranked by how likely each is to work), and lists the
    people both sides know. It never sends anything and never opens a network connection.

    \b
    Examples:
      warmintro path bob                  # who can introduce me to Bob?
      warmintro path alice "bob sj" -k 5  # five routes, from Alice, names work too
      warmintro mutual bob --json         # people we both know, for a script
      warmintro check                     # is my contacts.yaml all right?
    """
    ctx.obj = App(contacts=contacts)


@cli.command()
@json_option
@contacts_option
@click.pass_obj
def check(app: App, as_json: bool) -> None:
    """Validate the contacts file and summarise it.

    Lists every error with FILE:LINE:COL and a hint, then warnings worth a look (unknown
    fields, people nobody is connected to). Exits 0 when the file is usable, 2 when not.
    """
    from .checks import check_network

    try:
        network = app.network()
    except ContactsError as exc:
        if as_json:
            emit_json(
                {
                    "file": exc.file,
                    "ok": False,
                    "errors": [p.to_json() for p in exc.problems if p.severity == "error"],
                }
            )
        raise
    report = check_network(network, app.warnings)
    if as_json:
        emit_json(report.to_json())
        return
    from .render import render_check

    render_check(console(), network, report)


@cli.command()
@click.argument("people", nargs=-1, required=True, metavar="[FROM] TO", shell_complete=complete_person)
@click.option("--top", "-k", "top", type=click.IntRange(min=1), default=3, show_default=True, help="How many paths.")
@click.option(
    "--max-hops",
    type=click.IntRange(1, 12),
    default=None,
    help="Longest chain, in relationships. Default: the file's max_hops setting, else 4.",
)
@click.option(
    "--avoid",
    multiple=True,
    metavar="PERSON",
    shell_complete=complete_person,
    help="Never route through PERSON (repeatable).",
)
@click.option(
    "--via",
    multiple=True,
    metavar="PERSON",
    shell_complete=complete_person,
    help="Only paths through PERSON (repeatable).",
)
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
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """Who can introduce FROM to TO: the warmest chains of introductions.

    FROM defaults to 'me' in the contacts file. People are named by id, full name or an
    unambiguous part of a name ("sjoberg" finds Bob Sjöberg). Each path shows how likely it
    is to work (the product of its hops' warmths), whom to ask first, and how each pair knows
    each other. Exits 1 when no path exists within --max-hops.
    """
    from .paths import find_paths

    network = app.network()
    given_from, given_to = split_ends(people, "path")
    source = default_from(network, given_from, "path")
    target = resolve(network, given_to)
    result = find_paths(
        network,
        source,
        target,
        k=top,
        max_hops=max_hops,
        avoid=[resolve(network, p) for p in avoid],
        via=[resolve(network, p) for p in via],
        as_of=as_of,
    )
    if as_json:
        emit_json(result.to_json())
    else:
        from .render import render_paths

        if result.paths:
            render_paths(console(), network, result)
    if not result.paths:
        a, b = network.people[source].name, network.people[target].name
        raise NothingFound(
            f"no path from {inert(a)} to {inert(b)} within {result.max_hops} hops"
            + (" with those --via/--avoid constraints" if avoid or via else "")
            + " (try a larger --max-hops, or add the relationship you know of)"
        )


@cli.command()
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
    """
    from .mutual import mutual_contacts

    network = app.network()
    given_a, given_b = split_ends(people, "mutual")
    a = default_from(network, given_a, "mutual")
    b = resolve(network, given_b)
    result = mutual_contacts(network, a, b, as_of=as_of)
    if as_json:
        emit_json(result.to_json())
    elif result.mutual:
        from .render import render_mutual

        render_mutual(console(), network, result)
    if not result.mutual:
        names = f"{inert(network.people[a].name)} and {inert(network.people[b].name)}"
        raise NothingFound(f"{names} have no mutual contacts in {inert(network.source)}")


@cli.command()
@click.argument("person", shell_complete=complete_person)
@as_of_option
@json_option
@contacts_option
@click.pass_obj
def show(app: App, person: str, as_of: dt.date | None, as_json: bool) -> None:
    """Everything the file says about PERSON, and whom they know, warmest first."""
    from .people import person_details

    network = app.network()
    details = person_details(network, resolve(network, person), as_of=as_of)
    if as_json:
        emit_json(details.to_json())
        return
    from .render import render_person

    render_person(console(), network, details)


@cli.command()
@click.argument("query", required=False)
@json_option
@contacts_option
@click.pass_obj
def people(app: App, query: str | None, as_json: bool) -> None:
    """List everyone, or search by name, company, title, tag, location or email.

    Every word of QUERY must match, ignoring case and accents ("pactbank cfo"). Exits 1 when
    nobody matches.
    """
    from .people import person_to_json, search_people

    network = app.network()
    found = search_people(network, query)
    if as_json:
        emit_json({"query": query, "people": [person_to_json(p) for p in found]})
    elif found:
        from .render import render_people

        render_people(console(), found, len(network.people), query)
    if not found:
        raise NothingFound(f"nobody in {inert(network.source)} matches '{inert(query)}'")


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL.

    \b
    bash:  eval "$(warmintro completion bash)"   (in ~/.bashrc)
    zsh:   eval "$(warmintro completion zsh)"    (in ~/.zshrc)
    fish:  warmintro completion fish > ~/.config/fish/completions/warmintro.fish
    """
    from click.shell_completion import get_completion_class

    cls = get_completion_class(shell)
    assert cls is not None
    click.echo(cls(cli, {}, "warmintro", "_WARMINTRO_COMPLETE").source())
