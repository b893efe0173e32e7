"""Drafting commands: draft, and the templates group (templates export)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import NoPath, PersonError
from ..model import MAX_HOPS_LIMIT
from ..text import inert, n_hops
from .common import (
    App,
    NothingFound,
    as_of_option,
    complete_person,
    console,
    contacts_option,
    default_from,
    emit_json,
    ignore_fatigue_option,
    json_option,
    lang_option,
    learned_option,
    no_path,
    resolve,
    split_ends,
    templates_option,
    tone_option,
)

if TYPE_CHECKING:
    from ..drafting.drafts import Drafts
    from ..drafting.plan import DraftPlan, Recorded
    from ..model import Network
    from ..ranking.kpaths import IntroPath

#: How many ranked paths the interactive mode offers.
INTERACTIVE_PATHS = 5


def stdin_is_terminal() -> bool:
    """Whether someone is there to answer questions (tests replace this)."""
    return sys.stdin.isatty()


def stdout_is_terminal() -> bool:
    """Whether the drafts are shown in a terminal (panels) or go to a pipe or file (plain
    text, ready to paste). Tests replace this."""
    return sys.stdout.isatty()


@click.command()
@click.argument("people", nargs=-1, metavar="[FROM] TO", shell_complete=complete_person)
@click.option(
    "--purpose",
    metavar="TEXT",
    help='Why FROM would like to meet TO, in any phrasing: a noun phrase ("coaching for founders"), '
    'a verb phrase ("compare notes on coaching founders", "to ask about ...") or a whole sentence. '
    "Used in every message, so write it without he or she.",
)
@click.option("--offer", metavar="TEXT", help="What FROM can offer TO in return (one sentence).")
@click.option(
    "--via",
    multiple=True,
    metavar="PERSON",
    shell_complete=complete_person,
    help="Use the warmest path through PERSON (repeatable).",
)
@click.option(
    "--path", "chain", metavar="A,B,C", help="Use exactly this chain of people (ids or names, FROM first, TO last)."
)
@click.option(
    "--direct", is_flag=True, help="A request straight to TO naming the people you both know, instead of introductions."
)
@click.option(
    "--channel",
    type=click.Choice(["email", "linkedin", "linkedin-premium"]),
    default="email",
    show_default=True,
    help="For --direct: an email, or a LinkedIn connection note of at most 200 characters "
    "(linkedin-premium: 300, for Premium and Sales Navigator accounts).",
)
@tone_option
@lang_option
@click.option(
    "--max-hops",
    type=click.IntRange(1, MAX_HOPS_LIMIT),
    default=None,
    help="Longest chain to consider, in relationships. Default: the file's max_hops, else 4.",
)
@templates_option("ask.j2, opt_in.j2, intro.j2 and the others")
@click.option(
    "--out",
    "out_dir",
    metavar="DIR",
    type=click.Path(path_type=Path),
    default=None,
    help="Write one file a message into DIR instead of showing them; a name ending in .eml or .txt "
    "is one file, for a single message (--direct).",
)
@click.option("--eml", is_flag=True, help="With --out: .eml files a mail client opens as drafts, instead of .txt.")
@click.option("--force", is_flag=True, help="With --out: overwrite files of the same names.")
@click.option(
    "--plain",
    is_flag=True,
    help="Print the messages as plain text, each under a one-line header, ready to paste "
    "(the default when the output is not a terminal).",
)
@click.option(
    "--record",
    is_flag=True,
    help="Record the ask in the ledger ('intros:' in the contacts file) as drafted, dated --as-of or today.",
)
@ignore_fatigue_option
@learned_option
@as_of_option
@json_option
@contacts_option
@click.pass_obj
def draft(
    app: App,
    people: tuple[str, ...],
    purpose: str | None,
    offer: str | None,
    via: tuple[str, ...],
    chain: str | None,
    direct: bool,
    channel: str,
    tone: str,
    lang: str | None,
    max_hops: int | None,
    templates_dir: Path | None,
    out_dir: Path | None,
    eml: bool,
    force: bool,
    plain: bool,
    record: bool,
    ignore_fatigue: bool,
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """Draft the messages that ask for a warm introduction from FROM to TO.

    For the warmest path (or --via / --path) it drafts the double opt-in: FROM's ask to the
    first connector, with a note to forward as it is (and, on longer chains, each connector's
    ask to the next); the last connector's opt-in asking TO whether they want the
    introduction; and the introduction itself, once TO says yes. --direct drafts a request
    straight to TO that names the people you both know. FROM defaults to 'me'.

    Every sentence is built from the contacts file and your options; on stderr, hints name
    the fields that would make the messages better. Nothing is ever sent. With no arguments,
    in a terminal, it asks whom you would like to meet, and at the end whether to record the ask.

    The warmest path weighs the ask ledger: connectors asked recently rank lower. --record adds
    the ask to the ledger, so that 'warmintro followups' reminds you of it.

    \b
    Examples:
      warmintro draft bob --purpose "coaching for our founders"
      warmintro draft bob --purpose "..." --tone formal --record
      warmintro draft bob --direct --channel linkedin
    """
    network = app.network()
    if eml and out_dir is None:
        raise click.UsageError("--eml writes files: give the folder with --out DIR")
    if direct and (via or chain):
        raise click.UsageError("--direct writes straight to TO; --via and --path choose introductions")
    if chain and via:
        raise click.UsageError("--path names the whole chain already; leave out --via")
    if channel != "email" and not direct:
        raise click.UsageError("--channel linkedin is for --direct notes; introductions are drafted as emails")
    if record and direct:
        raise click.UsageError("--record records an ask of a connector; a --direct message asks no one")
    from ..drafting.drafts import templates_for
    from ..drafting.plan import draft_planned, plan_draft, record_drafts

    templates = templates_for(network, templates_dir)
    as_of = as_of or dt.date.today()
    fatigue = not ignore_fatigue
    interactive = not people and not chain
    choice: IntroPath | None = None
    ids: list[str] | None = None
    source: str | None = None
    target: str | None = None
    if interactive:
        if not stdin_is_terminal():
            raise click.UsageError(
                "name whom to meet: warmintro draft [FROM] TO (with no arguments, in a terminal, it asks)"
            )
        source, target, choice, purpose = _ask_interactively(network, purpose, direct, max_hops, as_of, fatigue)
        direct = direct or choice is None
    elif chain is not None:
        ids = [resolve(network, part.strip()) for part in chain.split(",") if part.strip()]
        if people:
            given_from, given_to = split_ends(people, "draft")
            source = resolve(network, given_from) if given_from else None
            target = resolve(network, given_to)
    else:
        given_from, given_to = split_ends(people, "draft")
        source = default_from(network, given_from, "draft")
        target = resolve(network, given_to)

    def plan_on(on: Network) -> DraftPlan:
        return plan_draft(
            on,
            source,
            target,
            chain=ids,
            via=[resolve(network, p) for p in via],
            choice=choice,
            direct=direct,
            record=record,
            purpose=purpose,
            max_hops=max_hops,
            as_of=as_of,
            fatigue=fatigue,
        )

    try:
        try:
            plan = plan_on(network)
        except NoPath:
            if chain is not None:
                raise
            # no path of known ties: one through a tie inferred from shared history, worded as a maybe
            network = app.with_inferred()
            plan = plan_on(network)
    except NoPath as exc:
        raise no_path(
            network,
            exc.source,
            exc.target,
            exc.max_hops,
            " through " + ", ".join(inert(p) for p in via) if via else "",
            "try --direct for a request that names the people you both know, or a larger --max-hops",
        ) from None
    drafts = draft_planned(network, plan, offer=offer, tone=tone, channel=channel, templates=templates, language=lang)
    recorded = record_drafts(app.contacts, drafts) if record else None
    _emit(network, drafts, out_dir=out_dir, eml=eml, force=force, as_json=as_json, recorded=recorded, plain=plain)
    if interactive and not record and drafts.path is not None and not as_json:
        where = inert(app.contacts)
        if click.confirm(f"Record this ask in the ledger of {where} (intros:)?", default=True, err=True):
            _report_recorded(record_drafts(app.contacts, drafts))


def _report_recorded(recorded: Recorded) -> None:
    ask, result = recorded.ask, recorded.result
    if not result.written:
        click.echo(
            f"Ask {inert(ask.id)} ({ask.status}, {ask.date.text}) is already in the ledger of {inert(result.path)}: "
            "nothing recorded.",
            err=True,
        )
    else:
        backup = f"; the previous version is in {inert(result.backup)}" if result.backup else ""
        click.echo(f"Recorded ask {inert(ask.id)} ({ask.status}) in {inert(result.path)}{backup}.", err=True)
    if ask.status == "drafted":
        click.echo(f"Once you send it: warmintro intros update {inert(ask.id)} asked", err=True)


def _ask_interactively(
    network: Network, purpose: str | None, direct: bool, max_hops: int | None, as_of: dt.date, fatigue: bool
) -> tuple[str, str, IntroPath | None, str | None]:
    """Ask whom to meet, which path to take and why; questions and choices go to stderr, so
    that the drafts on stdout can be redirected."""
    from ..ranking.kpaths import find_paths
    from .render.queries import make_console, render_paths

    def person(value: str) -> str:
        try:
            return resolve(network, value)
        except PersonError as exc:
            raise click.BadParameter(inert(str(exc))) from None

    source = network.me or click.prompt("Who are you (id or name)?", value_proc=person, err=True)
    target = click.prompt("Whom would you like to meet?", value_proc=person, err=True)
    result = find_paths(network, source, target, top=INTERACTIVE_PATHS, max_hops=max_hops, as_of=as_of, fatigue=fatigue)
    path = None
    if direct:
        pass
    elif result.paths:
        render_paths(make_console(stderr=True), network, result)
        choice = click.prompt(
            f"Which path (1-{len(result.paths)}, or 0 for a direct message naming the people you both know)?",
            type=click.IntRange(0, len(result.paths)),
            default=1,
            err=True,
        )
        path = result.paths[choice - 1] if choice else None
    elif not click.confirm(
        f"No path to {inert(network.people[target].name)} within {n_hops(result.max_hops)}. "
        "Draft a direct message instead?",
        default=True,
        err=True,
    ):
        raise NothingFound("nothing drafted")
    if purpose is None:
        first = inert(network.people[target].short_name)
        purpose = (
            click.prompt(
                f"What would you like to talk with {first} about? (Enter to skip)",
                default="",
                show_default=False,
                err=True,
            ).strip()
            or None
        )
    return source, target, path, purpose


def _emit(
    network: Network,
    drafts: Drafts,
    *,
    out_dir: Path | None,
    eml: bool,
    force: bool,
    as_json: bool,
    recorded: Recorded | None = None,
    plain: bool = False,
) -> None:
    notes = [inert(n) for n in drafts.notes]
    written: list[Path] = []
    if out_dir is not None:
        from ..drafting.mailfiles import write_drafts
        from ..safefile import protected_files

        protected = protected_files(network.source)
        written = write_drafts(network, drafts, out_dir, eml=eml, force=force, protected=protected)
        if any(path.suffix == ".eml" for path in written):
            involved = dict.fromkeys(p for m in drafts.messages for p in (m.sender, *m.recipients))
            missing = [p for p in involved if not (network.people[p].email or "").strip()]
            if missing:
                notes.append(
                    f"no email in the file for {', '.join(missing)}: they are left out of those .eml headers "
                    "(fill in the address in your mail client, or add 'email:' to the file)"
                )
    if as_json:
        document = drafts.to_json()
        if notes:
            document["notes"] = notes
        if written:
            document["files"] = [str(p) for p in written]
        if recorded is not None:
            document["recorded"] = recorded.to_json()
        emit_json(document)
        return
    if written:
        for path in written:
            click.echo(inert(path))
    elif plain or not stdout_is_terminal():
        from .render.draft import plain_drafts, render_summary
        from .render.queries import make_console

        render_summary(make_console(stderr=True), network, drafts)
        click.echo(plain_drafts(network, drafts), nl=False)
    else:
        from .render.draft import render_drafts

        render_drafts(console(), network, drafts)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if drafts.hints:
        click.echo("hint: these would make the drafts better:", err=True)
        for hint in drafts.hints:
            click.echo(f"  {inert(hint)}", err=True)
    if recorded is not None:
        _report_recorded(recorded)


@click.group()
def templates() -> None:
    """The message templates 'warmintro draft' writes with.

    The built-in templates are Jinja2 text files. Export them, edit your copies, and point
    warmintro at the folder with 'draft --templates DIR' or, in the contacts file,
    'settings: {templates: DIR}' (relative to the file). Templates missing from DIR fall
    back to the built-in ones. Values from your contacts file reach a template as variables,
    never as template code, and templates run in Jinja2's sandbox.

    \b
    Examples:
      warmintro templates export my-templates   # then edit my-templates/*.j2
      warmintro draft bob --purpose "..." --templates my-templates
    """


@templates.command("export")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite templates that exist in DIR already.")
def export(directory: Path, force: bool) -> None:
    """Write the built-in message templates into DIR, to edit.

    Refuses, writing nothing, when DIR holds files of the same names, unless --force.

    \b
    Examples:
      warmintro templates export my-templates
      warmintro draft bob --purpose "..." --templates my-templates
    """
    from ..drafting.templating import export_templates

    for path in export_templates(directory, force=force):
        click.echo(inert(path))
    click.echo(f"use them with: warmintro draft --templates {inert(directory)} ...", err=True)
