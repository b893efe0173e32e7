"""`warmintro import linkedin|vcard|google|outlook FILE`: grow the network from exports."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .common import (
    App,
    BadInput,
    DateType,
    complete_person,
    console,
    contacts_option,
    emit_json,
    json_option,
    resolve_for_write,
)
from .edit import dry_run_option

if TYPE_CHECKING:
    from ..importers import Parsed


@click.group(name="import")
def import_group() -> None:
    """Import people from LinkedIn, vCard, Google Contacts or Outlook; evidence from mail and calendars.

    Everyone imported becomes a person related to you (--as, default 'me') as an
    acquaintance. People already in the file are updated, never duplicated: found by LinkedIn
    URL, then email, then name and company; empty fields are filled, fields you wrote are kept.
    Importing the same file twice changes nothing the second time.

    'mail' and 'calendar' write what they find to a file of their own beside the contacts
    file, named once under its 'sources:'.

    \b
    Examples:
      warmintro import linkedin Connections.csv --dry-run
      warmintro import google contacts.csv
      warmintro import outlook contacts.CSV --as alice --json
    """


def parsed_from(file: str, read: Callable[[bytes, str], Parsed]) -> Parsed:
    """What `read` finds in FILE ('-': standard input); errors name the file (see `about_file`)."""
    from ..importers import about_file, read_source

    with about_file("<stdin>" if file == "-" else file):
        data, name = read_source(file, sys.stdin.buffer)
        return read(data, name)


def import_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for decorator in reversed(
        (
            click.argument("file", metavar="FILE"),
            click.option(
                "--as",
                "as_",
                metavar="PERSON",
                shell_complete=complete_person,
                help="Whose contacts these are. Default: 'me' in the contacts file.",
            ),
            dry_run_option,
            json_option,
            contacts_option,
            click.pass_obj,
        )
    ):
        f = decorator(f)
    return f


def run_import(app: App, parsed: Parsed, as_: str | None, dry_run: bool, as_json: bool) -> None:
    """Merge what a reader found into the contacts file and report it."""
    from ..editing.transaction import edit_contacts
    from ..importers.merge import merge_into
    from ..progress import progress_bar

    with (
        progress_bar(f"reading {app.contacts.name}") as bar,
        edit_contacts(app.contacts, dry_run=dry_run, cache=app.use_cache) as (
            editor,
            result,
        ),
    ):
        if as_ is not None:
            importer = resolve_for_write(editor.network, as_, "import")
        elif editor.network.me is not None:
            importer = editor.network.me
        else:
            raise BadInput(
                f"whose contacts are these? {editor.filename} has no 'me:'; pass --as PERSON, "
                "or add yourself first: warmintro add ID --name 'Your Name' --me"
            )
        bar.stage(f"merging {Path(parsed.source).name}", len(parsed.records) + len(parsed.skipped))
        summary = merge_into(editor, parsed, importer, bar)
        bar.stage(f"checking and writing {app.contacts.name}")
    summary.dry_run = dry_run
    summary.written = result.written
    summary.backup = str(result.backup) if result.backup else None
    if as_json:
        emit_json(summary.to_json())
        return
    from .render.imports import render_import

    render_import(console(), summary)


@import_group.command()
@import_options
def linkedin(app: App, file: str, as_: str | None, dry_run: bool, as_json: bool) -> None:
    """Import LinkedIn's Connections.csv (or the data-export zip holding it).

    Each connection becomes a person (company, title, profile URL, email where LinkedIn gives
    one) related to you as an acquaintance over linkedin, since the day you connected. Headers
    may be in English, German, French, Spanish and other languages; members who left LinkedIn
    (rows without a name) are skipped and counted. FILE may be '-' for standard input.

    \b
    Example:
      warmintro import linkedin ~/Downloads/Connections.csv --dry-run
    """
    from ..importers.linkedin import read_linkedin

    run_import(app, parsed_from(file, read_linkedin), as_, dry_run, as_json)


def no_notes_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--no-notes", is_flag=True, help=f"Do not copy {what} into 'notes' (private: never in a message or export)."
    )


@import_group.command()
@import_options
@no_notes_option("NOTE")
def vcard(app: App, file: str, as_: str | None, dry_run: bool, as_json: bool, no_notes: bool) -> None:
    """Import a vCard file (.vcf) exported from a phone or a mail client.

    Reads vCard 2.1, 3.0 and 4.0, many cards a file, as iPhone, Android, macOS, Outlook and
    Google write them. Each card becomes a person (name, company, title, email, phone,
    LinkedIn URL, city, and NOTE as your private 'notes') related to you as an acquaintance over phone
    and/or email. FILE may be '-' for standard input.

    \b
    Example:
      warmintro import vcard contacts.vcf --as alice
    """
    from ..importers.vcard import read_vcards

    parsed = parsed_from(file, lambda data, name: read_vcards(data, name, include_notes=not no_notes))
    run_import(app, parsed, as_, dry_run, as_json)


# --------------------------------------------------------------------------------------------
# Evidence from mail and calendars: a generated source beside the contacts file


def _my_addresses(app: App, given: tuple[str, ...]) -> tuple[str, list[str]]:
    """Who the user is in the network, and every address of theirs."""
    from ..importers.evidence import person_addresses

    network = app.network()
    if network.me is None:
        raise BadInput(
            f"whose mail is this? {app.contacts.name} has no 'me:'; add yourself first: "
            "warmintro add ID --name 'Your Name' --email you@example.org --me"
        )
    addresses = [*person_addresses(network.people[network.me]), *(a.strip().lower() for a in given)]
    if not addresses:
        raise BadInput(
            f"which addresses are yours? 'me' ({network.me}) has no email in {app.contacts.name}; "
            "add one there, or pass --me-address you@example.org (as many times as you have addresses)"
        )
    return network.me, addresses


def _own_source(app: App, channel: str) -> Path:
    """The generated source an import rewrites: its people are matched against every file but
    this one, so that the import decides afresh who is in it."""
    from ..importers.generated import generated_path

    return generated_path(app.contacts, channel)


def _write_evidence(app: App, summary: Any, command: str, dry_run: bool, as_json: bool) -> None:
    from ..importers.evidence import render_source
    from ..importers.generated import generated_path, write_generated

    path = generated_path(app.contacts, summary.evidence.channel)
    text = render_source(summary.evidence, command, Path(summary.source).name, app.contacts.name)
    written = write_generated(app.contacts, path, text, dry_run=dry_run)
    from .render.evidence import evidence_json, render_evidence

    if as_json:
        emit_json(evidence_json(summary, written, dry_run))
    else:
        render_evidence(console(), summary, written, app.contacts.name, dry_run)


me_address_option = click.option(
    "--me-address",
    "me_addresses",
    multiple=True,
    metavar="ADDRESS",
    help="Another address of yours (repeatable), besides the email of 'me' in the contacts file.",
)


@import_group.command()
@click.argument("path", metavar="PATH", type=click.Path(path_type=Path))
@me_address_option
@click.option(
    "--min-messages",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="The fewest messages (both ways together) for someone new, or shared threads for someone "
    "new met through a contact.",
)
@dry_run_option
@json_option
@contacts_option
@click.pass_obj
def mail(app: App, path: Path, me_addresses: tuple[str, ...], min_messages: int, dry_run: bool, as_json: bool) -> None:
    """Find who you write to, and who knows whom, in an mbox, a Maildir or a Takeout .zip.

    PATH is an mbox file, a Maildir folder, a Google Takeout .zip or the folder it unpacks to.

    Reads headers only (From, To, Cc, Date, Message-ID, References, List-*, Precedence,
    Auto-Submitted, X-Gmail-Labels), never a body or an attachment. Mailing lists, newsletters,
    no-reply senders, automatic replies, Spam, Trash and messages to more than 20 people count
    for nothing. People are matched to your contacts by address, then by name; someone new is
    added when you wrote to each other, or when they were on threads with someone you know.

    What it finds goes to a file of its own beside the contacts file (contacts.mail.yaml),
    rewritten whole on each import; the contacts file gains one 'sources:' line, once.

    \b
    Example:
      warmintro import mail ~/Downloads/Takeout/Mail/All\\ mail.mbox --dry-run
    """
    from ..importers import about_file
    from ..importers.mail import read_mail
    from ..importers.mailscan import archive_size
    from ..progress import progress_bar

    network = app.network(leave_out=_own_source(app, "mail"))
    me, addresses = _my_addresses(app, me_addresses)
    with about_file(path), progress_bar(f"reading {path.name}") as bar:
        bar.stage(f"reading {path.name}", archive_size(path))
        summary = read_mail(path, network, me, addresses, min_messages=min_messages, progress=bar.update)
    _write_evidence(app, summary, "import mail", dry_run, as_json)


@import_group.command()
@click.argument("path", metavar="PATH.ics", type=click.Path(path_type=Path))
@me_address_option
@click.option(
    "--min-meetings",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="The fewest meetings for someone new.",
)
@click.option("--as-of", type=DateType(), default=None, help="Count meetings up to DATE (YYYY-MM-DD). Default: today.")
@dry_run_option
@json_option
@contacts_option
@click.pass_obj
def calendar(
    app: App,
    path: Path,
    me_addresses: tuple[str, ...],
    min_meetings: int,
    as_of: dt.date | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Find who you meet, and who met together, in a calendar export (.ics).

    Reads attendance only (organiser, attendees, start, status, repeat rule), never a title or
    a description. Counts meetings you organised or attended and did not decline, up to today
    (or --as-of); repeating events are expanded; cancelled events and events with more than 20
    people count for nothing.

    What it finds goes to a file of its own beside the contacts file (contacts.calendar.yaml),
    rewritten whole on each import; the contacts file gains one 'sources:' line, once.

    \b
    Example:
      warmintro import calendar ~/Downloads/calendar.ics --dry-run
    """
    from ..importers import about_file
    from ..importers.calendar import read_calendar

    network = app.network(leave_out=_own_source(app, "calendar"))
    me, addresses = _my_addresses(app, me_addresses)
    day = as_of or dt.date.today()
    with about_file(path):
        summary = read_calendar(path, network, me, addresses, as_of=day, min_meetings=min_meetings)
    _write_evidence(app, summary, "import calendar", dry_run, as_json)


@import_group.command()
@import_options
@no_notes_option("the Notes column")
def google(app: App, file: str, as_: str | None, dry_run: bool, as_json: bool, no_notes: bool) -> None:
    """Import a Google Contacts CSV export ("Google CSV", 2024 or older layout).

    Each contact becomes a person (name, company, title, every email address, phone, LinkedIn
    URL from Website, city, and Notes as your private 'notes') related to you as an
    acquaintance over phone and/or email. 'notes' never reach a message, an export or a share.
    Contacts without a name are skipped and counted. FILE may be '-' for standard input.

    \b
    Example:
      warmintro import google ~/Downloads/contacts.csv --dry-run
    """
    from ..importers.google import read_google

    parsed = parsed_from(file, lambda data, name: read_google(data, name, include_notes=not no_notes))
    run_import(app, parsed, as_, dry_run, as_json)


@import_group.command()
@import_options
@no_notes_option("the Notes column")
def outlook(app: App, file: str, as_: str | None, dry_run: bool, as_json: bool, no_notes: bool) -> None:
    """Import an Outlook contacts CSV export (Outlook for Windows, Outlook.com).

    Each contact becomes a person (name, company, job title, email addresses, phone, LinkedIn
    URL from Web Page, city, and Notes as your private 'notes') related to you as an
    acquaintance over phone and/or email. 'notes' never reach a message, an export or a share.
    UTF-8, UTF-16 ("Unicode" CSV) and Windows-1252 files are read; column names may be in
    English, German, French, Spanish, Finnish, Swedish or Dutch. FILE may be '-' for
    standard input.

    \b
    Example:
      warmintro import outlook contacts.CSV --as alice
    """
    from ..importers.outlook import read_outlook

    parsed = parsed_from(file, lambda data, name: read_outlook(data, name, include_notes=not no_notes))
    run_import(app, parsed, as_, dry_run, as_json)
