"""Ask-ledger commands: intros (list), intros update, intros remove, followups, calibrate.

The ledger is the `intros:` section of the contacts file (see warmintro.ledger.asks); writes go
through `edit_contacts`, like every other writing command.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..ledger.statuses import STATUSES
from ..text import counted, inert
from .common import (
    App,
    DateType,
    NothingFound,
    as_of_option,
    complete_person,
    console,
    contacts_option,
    emit_json,
    json_option,
    lang_option,
    plain_option,
    resolve,
    stdout_is_terminal,
    templates_option,
    tone_option,
)
from .edit import dry_run_option

if TYPE_CHECKING:
    from ..editing.transaction import EditResult


def complete_ask(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion for ask ids, newest first, with the chain and status as help."""
    import os

    from click.shell_completion import CompletionItem

    from ..defaults import CONTACTS_ENV, DEFAULT_CONTACTS

    try:
        from ..cache.loader import load_network_cached

        root = ctx.find_root()
        contacts = root.params.get("contacts") or os.environ.get(CONTACTS_ENV) or DEFAULT_CONTACTS
        network, _ = load_network_cached(contacts, use_cache=not root.params.get("no_cache"))
        asks = sorted(network.intros, key=lambda a: a.day, reverse=True)
        return [
            CompletionItem(a.id, help=f"{' → '.join(a.people)} ({a.status})")
            for a in asks
            if a.id.startswith(incomplete)
        ]
    except Exception:  # completion must never print a traceback into the user's shell
        return []


@click.group(invoke_without_command=True)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Only asks with this status (repeatable).",
)
@click.option("--open", "only_open", is_flag=True, help="Only asks still waiting on someone: drafted, asked, opted-in.")
@click.option(
    "--person",
    "people",
    multiple=True,
    metavar="PERSON",
    shell_complete=complete_person,
    help="Only asks PERSON takes part in, in any role (repeatable).",
)
@click.option("--within", type=click.IntRange(min=0), metavar="DAYS", help="Only asks made in the last DAYS days.")
@click.option("--older-than", type=click.IntRange(min=0), metavar="DAYS", help="Only asks made DAYS or more days ago.")
@as_of_option
@json_option
@contacts_option
@click.pass_context
def intros(
    ctx: click.Context,
    statuses: tuple[str, ...],
    only_open: bool,
    people: tuple[str, ...],
    within: int | None,
    older_than: int | None,
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """The ask ledger: every introduction asked for, through whom, and how it went.

    Lists the asks in the contacts file's 'intros:' section, newest first. 'warmintro draft
    --record' adds one; 'warmintro intros update' records what happened next; 'warmintro
    intros remove' takes out one drafted and never sent; 'warmintro followups' lists the ones
    that need a nudge. Exits 1 when no ask matches.

    \b
    Examples:
      warmintro intros --open
      warmintro intros --person bob --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..ledger.asks import OPEN_STATUSES, AskFilter, list_asks

    app: App = ctx.obj
    network = app.network()
    if only_open and statuses:
        raise click.UsageError("--open is the statuses drafted, asked and opted-in; give either it or --status")
    wanted = statuses or tuple(s for s in STATUSES if only_open and s in OPEN_STATUSES)
    criteria = AskFilter(wanted, tuple(resolve(network, p) for p in people), within, older_than)
    listing = list_asks(network, criteria, as_of=as_of)
    if as_json:
        emit_json(listing.to_json())
    elif listing.asks:
        from .render.ledger import render_asks

        render_asks(console(), network, listing)
    if not listing.asks:
        what = "has no asks yet (warmintro draft --record adds one)" if not listing.total else "has no ask like that"
        raise NothingFound(f"the ledger of {inert(network.source)} {what}")


#: An ask's date further ahead than this is noted: a day or two ahead is a plan, more a typo.
FAR_AHEAD = dt.timedelta(days=7)


@intros.command("update")
@click.argument("ask_id", metavar="ID", shell_complete=complete_ask)
@click.argument("status", required=False, type=click.Choice(STATUSES))
@click.option("--note", metavar="TEXT", help="What happened, in a sentence (kept with the date).")
@click.option(
    "--date",
    "day",
    type=DateType(),
    default=None,
    help="When it happened (YYYY-MM-DD, or 'yesterday'). Default: today.",
)
@click.option("--force", is_flag=True, help="Record a change the state machine does not allow, to correct a mistake.")
@dry_run_option
@json_option
@contacts_option
@click.pass_obj
def update(
    app: App,
    ask_id: str,
    status: str | None,
    note: str | None,
    day: dt.date | None,
    force: bool,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Record what became of an ask: its new STATUS, a --note, or both, dated --date.

    ID is the ask's id, the start of exactly one id, or the name or id of the ask's target or
    connector when only one ask (only one open ask) has them. The change is added to the
    ask's notes with its date, and the status set; every other line of the file stays as it was.
    A date more than a week ahead is recorded with a note. A status can only move on as an
    introduction does (--force records any other change):

    \b
      drafted    -> asked
      asked      -> opted-in, introduced, declined, no-reply
      opted-in   -> introduced, declined, no-reply
      introduced -> met, no-reply
      no-reply   -> asked, opted-in, introduced, declined
      declined, met: closed

    \b
    Examples:
      warmintro intros update 2026-11-26-carol-bob opted-in --note "Bob is happy to talk"
      warmintro intros update bob asked --date yesterday   # the one open ask to (or via) Bob
    """
    from ..editing.grow import clean_text
    from ..editing.transaction import edit_contacts
    from ..ledger.asks import update_ask

    if day is not None and day > dt.date.today() + FAR_AHEAD:  # kept, but never silently
        click.echo(
            f"warmintro: note: --date {day.isoformat()} is more than a week after today (a typo in "
            "the year?); followups count from it",
            err=True,
        )
    text = clean_text(note, multiline=True)
    with edit_contacts(app.contacts, dry_run=dry_run, cache=app.use_cache) as (editor, result):
        before, after = update_ask(editor, ask_id, status, date=day or dt.date.today(), note=text, force=force)
    change = f"{before.status} → {after.status}" if after.status != before.status else f"still {after.status}"
    entry = after.notes[-1]
    detail = entry.date.text + (f": {inert(entry.note)}" if entry.note else "")
    verb = "Would update" if dry_run else "Updated"
    _report_edit(
        app,
        result,
        dry_run=dry_run,
        as_json=as_json,
        document={"before": before.to_json(), "ask": after.to_json()},
        line=f"{verb} ask {inert(after.id)}: {change} ({detail}).",
    )


@intros.command("remove")
@click.argument("ask_id", metavar="ID", shell_complete=complete_ask)
@click.option("--force", is_flag=True, help="Remove an ask that was sent, too (to correct a mistake).")
@dry_run_option
@json_option
@contacts_option
@click.pass_obj
def remove(app: App, ask_id: str, force: bool, dry_run: bool, as_json: bool) -> None:
    """Take an ask you drafted and never sent out of the ledger.

    ID is the ask's id, or the start of exactly one id (--force needs the whole id). A drafted
    ask counts against its connector (see 'How the ledger changes the ranking' in docs/ledger.md)
    until it is sent or removed. An ask that was sent stays: what became of it is what spares
    the connector later (record it with 'warmintro intros update'); --force removes it anyway.
    Only the ask's own lines go; every other line of the file stays as it was.

    \b
    Example:
      warmintro intros remove 2026-11-26-carol-bob
    """
    from ..editing.transaction import edit_contacts
    from ..ledger.asks import remove_ask

    with edit_contacts(app.contacts, dry_run=dry_run, cache=app.use_cache) as (editor, result):
        ask = remove_ask(editor, ask_id, force=force)
    verb = "Would remove" if dry_run else "Removed"
    _report_edit(
        app,
        result,
        dry_run=dry_run,
        as_json=as_json,
        document={"removed": ask.to_json()},
        line=f"{verb} ask {inert(ask.id)} ({' → '.join(ask.people)}, {ask.status}).",
    )


def _report_edit(
    app: App, result: EditResult, *, dry_run: bool, as_json: bool, document: dict[str, Any], line: str
) -> None:
    """What a ledger edit did: one JSON document (the file, whether it was written, its backup,
    and `document`), or `line` and where the previous version is."""
    if as_json:
        emit_json(
            {
                "file": str(app.contacts),
                "dry_run": dry_run,
                "written": result.written,
                "backup": str(result.backup) if result.backup else None,
                **document,
            }
        )
        return
    click.echo(line)
    if dry_run:
        click.echo(f"Dry run: {inert(app.contacts)} was not changed.")
    elif result.backup is not None:
        click.echo(f"The previous version is in {inert(result.backup)}.")


@click.command()
@click.option(
    "--after",
    type=click.IntRange(min=0),
    default=7,
    show_default=True,
    metavar="DAYS",
    help="How many days an ask may wait without news before it needs a follow-up.",
)
@tone_option
@lang_option
@templates_option("followup.j2 and thanks.j2")
@plain_option
@as_of_option
@json_option
@contacts_option
@click.pass_obj
def followups(
    app: App,
    after: int,
    tone: str,
    lang: str | None,
    templates_dir: Path | None,
    plain: bool,
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """The asks that need a nudge or a thank-you, each with the message drafted.

    An ask needs one when its latest entry (the ask, or its latest dated note) is --after days
    old or more and it is 'asked' or 'opted-in' (a nudge to the connector), or 'introduced'
    (a thank-you to the connector, until you record 'met'). A note restarts the wait: record a
    nudge you sent with 'warmintro intros update ID --note nudged'. Oldest wait first. Nothing
    is sent. In a terminal each message is a panel; piped or with --plain, plain text ready
    to paste. Exits 1 when nothing needs a follow-up.

    \b
    Examples:
      warmintro followups
      warmintro followups --after 14 --json
    """
    from ..drafting.drafts import templates_for
    from ..ledger.followups import due_followups

    network = app.network()
    result = due_followups(
        network,
        as_of=as_of,
        after=after,
        tone=tone,
        templates=templates_for(network, templates_dir),
        language=lang,
    )
    if as_json:
        emit_json(result.to_json())
    elif result.followups and (plain or not stdout_is_terminal()):
        from .render.ledger import plain_followups

        click.echo(plain_followups(network, result), nl=False)
    elif result.followups:
        from .render.ledger import render_followups

        render_followups(console(), network, result)
    if not result.followups:
        raise NothingFound(
            f"no ask in the ledger of {inert(network.source)} has waited {counted(after, 'day')} or more for news "
            f"as of {result.as_of.isoformat()}"
        )


@click.command()
@json_option
@contacts_option
@click.pass_obj
def calibrate(app: App, as_json: bool) -> None:
    """Learn from the ask ledger how warm each strength of tie really is.

    Every closed ask is evidence: met or introduced means it worked; declined or no-reply, it
    did not. Under the ranking's own model (an ask's chance is its chain's warmth: the hops'
    warmths, recency and relay), it fits per strength the warmth that best explains what
    happened, with the file's warmths counting as a few asks each (the output says how many),
    so that a few asks barely move them and hundreds decide. Shows per strength the asks that
    used it, how many worked, the warmth now and the learned one, and how well predicted
    chances matched outcomes. Rank with
    the learned warmths with --learned, or 'warmth: learned' in the file's settings. Writes
    nothing.

    \b
    Examples:
      warmintro calibrate
      warmintro calibrate --json
    """
    from ..ranking.calibrate import calibrate as fit_ledger

    network = app.network()
    result = fit_ledger(network)
    if as_json:
        emit_json(result.to_json())
        return
    from .render.ledger import render_calibration

    render_calibration(console(), network, result)


@click.command()
@click.option("--top", "-k", type=click.IntRange(min=1), default=10, show_default=True, help="How many ties at most.")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Only people with this tag (repeatable).")
@tone_option
@templates_option("reconnect.j2")
@plain_option
@as_of_option
@json_option
@contacts_option
@click.pass_obj
def reconnect(
    app: App,
    top: int,
    tags: tuple[str, ...],
    tone: str,
    templates_dir: Path | None,
    plain: bool,
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """Your ties that are cooling, coolest first, each with a check-in note drafted.

    A tie is due when its last contact is older than its keep-in-touch interval: the person's
    'keep_in_touch', else the shortest for their tags in settings.keep_in_touch.tags, else the
    one for its strength (default: close every 3 months, strong every 6). The most warmth lost
    to recency comes first. 'warmintro touch PERSON' records a contact and takes a tie off
    the list. Nothing is sent. In a terminal each note is a panel; piped or with --plain,
    plain text ready to paste. Exits 1 when no tie is due.

    \b
    Example:
      warmintro reconnect --top 5 --tag investor
    """
    from ..drafting.drafts import templates_for
    from ..queries.reconnect import cooling_ties

    network = app.network()
    result = cooling_ties(
        network, as_of=as_of, top=top, tags=tags, tone=tone, templates=templates_for(network, templates_dir)
    )
    if as_json:
        emit_json(result.to_json())
    elif result.cooling and (plain or not stdout_is_terminal()):
        from .render.reconnect import plain_reconnect

        click.echo(plain_reconnect(network, result), nl=False)
    elif result.cooling:
        from .render.reconnect import render_reconnect

        render_reconnect(console(), network, result)
    if not result.cooling:
        which = f" with the tags {', '.join(tags)}" if tags else ""
        raise NothingFound(
            f"no tie{inert(which)} of {inert(network.people[result.me].name)} is due for a word as of "
            f"{result.as_of.isoformat()}: each is within its keep-in-touch interval"
        )
