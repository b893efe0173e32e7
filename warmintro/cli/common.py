"""What every command shares: the context object, the error edge, option types and helpers.

Start-up stays fast: this module imports only click and warmintro's light modules; YAML,
networkx and rich are imported inside the commands that need them.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..dates import PartialDate, parse_as_of
from ..defaults import CONTACTS_ENV, DEBUG_ENV, DEFAULT_CONTACTS, env_flag
from ..errors import ContactsError, PersonError, Problem, QueryError, WarmintroError
from ..model import MAX_HOPS_LIMIT
from ..text import inert, json_text, n_hops

if TYPE_CHECKING:
    from rich.console import Console

    from ..model import Network
    from ..sources.network import FileSummary

#: Exit codes: 0 success, 1 ran and found nothing, 2 bad usage or a bad contacts file.
EXIT_NOTHING_FOUND = 1
EXIT_BAD_INPUT = 2
#: The options of library arguments whose option is not the argument's name as ``--like-this``
#: (a library error names its arguments; the CLI shows the options that set them).
OPTIONS = {"companies": "--company", "titles": "--title", "tags": "--tag", "places": "--where", "chain": "--path"}

F = TypeVar("F", bound=Callable[..., Any])


class BadInput(click.ClickException):
    """A data or usage error found after parsing (bad file, unknown person): exit 2."""

    exit_code = EXIT_BAD_INPUT


def refuse_future(option: str, date: dt.date | PartialDate | None, force: bool) -> None:
    """A date after today given on the command line is most often a typo in the year: BadInput
    naming the option, unless --force."""
    if date is None or force:
        return
    today = dt.date.today()
    first = date if isinstance(date, dt.date) else date.earliest()
    if first > today:
        shown = date.isoformat() if isinstance(date, dt.date) else date.text
        raise BadInput(
            f"{option} {shown} is in the future (today is {today.isoformat()}); check the year, "
            "or pass --force to record it anyway"
        )


class NothingFound(click.ClickException):
    """The query ran and found nothing: exit 1, message on stderr."""

    exit_code = EXIT_NOTHING_FOUND

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


@dataclass
class App:
    """What every command shares, carried on click's context object."""

    contacts: Path
    use_cache: bool = True
    _network: Network | None = None
    warnings: list[Problem] = field(default_factory=list)
    #: The command was given --json: errors are reported as one JSON object on stdout too.
    json: bool = False
    #: Each file of the network (the contacts file, then its sources), for `check`.
    files: list[FileSummary] = field(default_factory=list)
    #: Rank with warmths learned from the ask ledger (--learned; also `warmth: learned`).
    learned: bool = False
    #: The network as loaded: with its inferred ties, when it has them yet (see `with_inferred`).
    _loaded: Network | None = None

    def network(self, every_file: bool = False, leave_out: Path | None = None) -> Network:
        """The contacts file with the sources it names, loaded once per command (from the cache
        when nothing changed); bad files raise ContactsError. Loads that take a while show a
        progress bar. `every_file`: read each source too, for its warnings (`check`).
        `leave_out`: a source to leave out of the network (the one an import rewrites)."""
        if self._network is None:
            from ..memory import collector_paused
            from ..progress import load_progress
            from ..sources.network import load_contacts

            with collector_paused(), load_progress(self.contacts) as progress:
                loaded = load_contacts(
                    self.contacts,
                    use_cache=self.use_cache,
                    progress=progress,
                    every_file=every_file,
                    note=_note,
                    leave_out=leave_out,
                )
                # what was loaded stays until the command ends: the collector need not look at
                # it (made while it was paused, all of it would be scanned at the next
                # collection, and again at the one after: seconds, for a large network)
                gc.freeze()
            from ..sources.inferred import real_only

            self._network, self.warnings, self.files = real_only(loaded.network), loaded.warnings, loaded.files
            self._loaded = loaded.network
            if self.learned or self._network.settings.learned:
                from ..ranking.calibrate import use_learned

                use_learned(self._network)
        return self._network

    def with_inferred(self) -> Network:
        """The network with its inferred ties (`network()` leaves them out; see warmintro.sources.inferred)."""
        from ..sources.inferred import with_inferred

        self.network()
        assert self._loaded is not None
        self._loaded = with_inferred(self._loaded)
        return self._loaded


def _note(text: str) -> None:
    click.echo(f"warmintro: note: {inert(text)}", err=True)


class WarmintroGroup(click.Group):
    """Turns warmintro's own exceptions into messages and exit codes, once, at the edge; with
    --json, also into one JSON object on stdout (see `error_json`), with the same exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        raw = [*getattr(ctx, "_protected_args", []), *ctx.args]
        given = raw[: raw.index("--")] if "--" in raw else raw
        if _CACHES_READ in sys.modules:  # a command before this one, in this process
            from ..cache.network import forget_reads

            forget_reads()
        try:
            return self._invoke(ctx, given)
        finally:
            gc.unfreeze()  # a network loaded (see App.network) is the collector's again

    def _invoke(self, ctx: click.Context, given: list[str]) -> Any:
        try:
            try:
                return super().invoke(ctx)
            except (PersonError, QueryError, WarmintroError) as exc:
                if isinstance(exc, ContactsError):
                    raise
                raise BadInput(inert(exc.as_options(OPTIONS))) from exc
            except IndexError as exc:
                damaged = _damaged_cache(exc)
                if damaged is None:
                    raise
                raise BadInput(inert(str(damaged))) from exc
        except (ContactsError, click.ClickException) as exc:
            if isinstance(exc, NothingFound) or not _wants_json(ctx, given):  # "found nothing" is not an error
                if isinstance(exc, ContactsError):
                    report_contacts_error(exc)
                    ctx.exit(EXIT_BAD_INPUT)
                raise
            emit_json(error_json(exc))  # for the script; the message still goes to stderr, for people
            if isinstance(exc, ContactsError):
                report_contacts_error(exc)
            else:
                exc.show()
            ctx.exit(EXIT_BAD_INPUT if isinstance(exc, ContactsError) else exc.exit_code)
        except (click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # the reader went away (`warmintro people | head`): not an error worth a message
            sys.stderr.close()
            ctx.exit(0)
        except Exception as exc:  # a bug, not bad input; or a cache damaged past its checks
            if env_flag(DEBUG_ENV):
                raise
            message = f"internal error: {type(exc).__name__}: {inert(exc)}"
            hint = f"Run again with {DEBUG_ENV}=1 to see the traceback, and please report it."
            if _remove_caches_read():
                hint = (
                    "The caches it read were removed, in case one was damaged: run the command again. "
                    f"If it happens again, it is a bug in warmintro: {hint[0].lower()}{hint[1:]}"
                )
            else:
                hint = f"This is a bug in warmintro. {hint}"
            if _wants_json(ctx, given):
                emit_json({"error": message, "file": None, "line": None, "hint": hint})
            click.echo(f"warmintro: {message}\n{hint}", err=True)
            ctx.exit(70)


#: The module that reads caches and keeps which ones this command read; imported only by a
#: command that reads one, so a command that did not never imports it to ask.
_CACHES_READ = "warmintro.cache.network"


def _wants_json(ctx: click.Context, given: list[str]) -> bool:
    """Whether the command was given --json: its errors are one JSON document on stdout too."""
    return (isinstance(ctx.obj, App) and ctx.obj.json) or "--json" in given


def _remove_caches_read() -> int:
    if _CACHES_READ not in sys.modules:
        return 0  # no cache was read
    from ..cache.network import remove_read

    return remove_read()


def _damaged_cache(exc: IndexError) -> WarmintroError | None:
    """The damage an IndexError reveals in a cache this command read (removed, to be rebuilt),
    or None: no cache was read, or every one is sound (see warmintro.cache.network)."""
    if _CACHES_READ not in sys.modules:
        return None  # no cache was read
    from ..cache.network import damaged_by_index

    return damaged_by_index(exc)


_WHERE = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+)(?::\d+)?: ")


def error_json(exc: ContactsError | click.ClickException) -> dict[str, object]:
    """An error as scripts get it with --json: ``{"error", "file", "line", "hint"}`` (file and
    line null when the error is not about a place in a file); a bad contacts file also lists
    every problem under ``"errors"``, as `check --json` does."""
    if isinstance(exc, ContactsError):
        errors = [p for p in exc.problems if p.severity == "error"] or exc.problems
        first = errors[0]
        return {
            "error": inert(first.message),
            "file": inert(first.file),
            "line": first.line,
            "hint": inert(first.hint) if first.hint else None,
            "errors": [{k: inert(v) if isinstance(v, str) else v for k, v in p.to_json().items()} for p in errors],
        }
    message = exc.format_message()
    document: dict[str, object] = {"error": message, "file": None, "line": None, "hint": None}
    cause = exc.__cause__
    known = getattr(cause, "file", None) if isinstance(cause, WarmintroError) else None
    if isinstance(known, str):
        # a file to import, which the importer named: "contacts.vcf: ...", "Connections.csv:12: ..."
        line = getattr(cause, "line", None)
        document.update(error=inert(getattr(cause, "detail", message)), file=inert(known), line=line)
    elif isinstance(cause, WarmintroError) and (where := _WHERE.match(message)):
        # "Connections.csv:12: ..." names the place the error is at
        document.update(error=message[where.end() :], file=where["file"], line=int(where["line"]))
    if isinstance(exc, click.UsageError):
        command = ["warmintro", *(exc.ctx.command_path.split()[1:] if exc.ctx is not None else [])]
        document["hint"] = f"see '{' '.join(command)} --help'"
    return document


def report_contacts_error(exc: ContactsError) -> None:
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
        contacts = root.params.get("contacts") or os.environ.get(CONTACTS_ENV) or DEFAULT_CONTACTS
        from ..cache.store import complete_from_cache

        use_cache = not root.params.get("no_cache")
        found = complete_from_cache(contacts, incomplete) if use_cache else None
        if found is None:
            from ..cache.loader import load_network_cached
            from ..queries.resolve import complete_people

            network, _ = load_network_cached(contacts, use_cache=use_cache)
            found = [(p.id, p.name) for p in complete_people(network, incomplete)]
        return [CompletionItem(pid, help=name) for pid, name in found]
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


def _set_learned(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(App).learned = True


def learned_option(f: F) -> F:
    """--learned: rank with the warmths `warmintro calibrate` learns from the ask ledger."""
    return click.option(
        "--learned",
        is_flag=True,
        expose_value=False,
        callback=_set_learned,
        help="Rank with warmths learned from the ask ledger (see 'warmintro calibrate'); "
        "the file's setting 'warmth: learned' does this always.",
    )(f)


def as_of_option(f: F) -> F:
    return click.option(
        "--as-of",
        type=DateType(),
        default=None,
        help="Rank as if today were DATE (YYYY-MM-DD, or 'yesterday'); recency is counted up to it. Default: today.",
    )(f)


def max_hops_option(f: F) -> F:
    return click.option(
        "--max-hops",
        type=click.IntRange(1, MAX_HOPS_LIMIT),
        default=None,
        help="Longest chain, in relationships. Default: the file's max_hops setting, else 4.",
    )(f)


def avoid_option(f: F) -> F:
    return click.option(
        "--avoid",
        multiple=True,
        metavar="PERSON",
        shell_complete=complete_person,
        help="Never route through PERSON (repeatable).",
    )(f)


def tone_option(f: F) -> F:
    return click.option(
        "--tone",
        type=click.Choice(["friendly", "formal"]),
        default="friendly",
        show_default=True,
        help="How the messages sound.",
    )(f)


def templates_option(which: str) -> Callable[[F], F]:
    """--templates DIR, for commands that draft with the templates `which` names."""
    return click.option(
        "--templates",
        "templates_dir",
        metavar="DIR",
        type=click.Path(path_type=Path, file_okay=False, exists=True),
        default=None,
        help=f"Use the message templates in DIR ({which}; see 'warmintro templates export'); default: the "
        "file's 'templates' setting, else the built-in ones.",
    )


def ignore_fatigue_option(f: F) -> F:
    return click.option(
        "--ignore-fatigue",
        is_flag=True,
        help="Rank on relationships alone: leave out the ask ledger's adjustments (connectors asked "
        "recently, introductions that led to meetings, declines).",
    )(f)


def include_private_option(f: F) -> F:
    return click.option(
        "--include-private",
        is_flag=True,
        help="Include people and relationships marked 'private: true' (never 'notes').",
    )(f)


def lang_option(f: F) -> F:
    return click.option(
        "--lang",
        metavar="LANG",
        default=None,
        help="The language of the messages: en or fi (or a folder of your templates). "
        "Default: each recipient's 'language', else the file's 'settings: {language: ...}', else en.",
    )(f)


def _set_json(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value and isinstance(ctx.obj, App):
        ctx.obj.json = True
    return value


def json_option(f: F) -> F:
    """--json: one JSON document on stdout, and errors as one JSON object there too (read
    first, so that an error in another option is reported as JSON)."""
    return click.option(
        "--json",
        "as_json",
        is_flag=True,
        is_eager=True,
        callback=_set_json,
        help="Print one JSON document for scripts (errors too).",
    )(f)


#: Nouns whose plural is not the singular with an "s".
def emit_json(document: object) -> None:
    """One JSON document on stdout, with the characters a terminal must not see escaped."""
    click.echo(json_text(document))


def stdout_is_terminal() -> bool:
    """Whether output goes to a terminal (rich panels) or to a pipe or a file (plain text)."""
    return sys.stdout.isatty()


def plain_option(f: F) -> F:
    return click.option(
        "--plain",
        is_flag=True,
        help="Print plain text, each message under a one-line header, ready to paste "
        "(the default when the output is not a terminal).",
    )(f)


def console() -> Console:
    from .render.queries import make_console

    return make_console()


def resolve(network: Network, query: str, role: str = "person") -> str:
    """The id of the person `query` means, for queries: an id, a full name or an unambiguous
    part of one (see `warmintro.queries.resolve`)."""
    from ..queries.resolve import resolve_person

    return resolve_person(network, query, role).id


def resolve_for_write(network: Network, query: str, command: str) -> str:
    """The id of the person `query` names, for commands that write: a whole id or full name
    only, never a part of a name (the error lists whom a part would match)."""
    from ..queries.resolve import resolve_exactly

    return resolve_exactly(network, query, f"'warmintro {command}'").id


def no_path(
    network: Network, source: str, target: str, max_hops: int, detail: str = "", advice: str = ""
) -> NothingFound:
    """The "ran and found nothing" error of every command that needs a path."""
    a, b = network.people[source].name, network.people[target].name
    return NothingFound(
        f"no path from {inert(a)} to {inert(b)} within {n_hops(max_hops)}{detail}"
        + f" ({advice or 'try a larger --max-hops, or add the relationship you know of'})"
    )


def default_from(network: Network, given: str | None, what: str, *, write: bool = False) -> str:
    """FROM as given, else the file's `me`; a usage error when neither exists. `write`: the
    command writes, and FROM must be a whole id or full name (see `resolve_for_write`)."""
    if given is not None:
        return resolve_for_write(network, given, what) if write else resolve(network, given)
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
