"""`warmintro import linkedin|vcard|google|outlook FILE`: grow the network from exports."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .common import App, BadInput, complete_person, console, contacts_option, emit_json, json_option
from .common import resolve as resolve_person
from .edit import dry_run_option

if TYPE_CHECKING:
    from ..importers import Parsed


@click.group(name="import")
def import_group() -> None:
    """Import people from LinkedIn, vCard, Google Contacts or Outlook into the contacts file.

    Everyone imported becomes a person related to you (--as, default 'me') as an
    acquaintance. People already in the file are updated, never duplicated: found by LinkedIn
    URL, then email, then name and company; empty fields are filled, fields you wrote are kept.
    Importing the same file twice changes nothing the second time.

    \b
    Examples:
      warmintro import linkedin Connections.csv --dry-run
      warmintro import google contacts.csv
      warmintro import outlook contacts.CSV --as alice --json
    """


def _read(file: str) -> tuple[bytes, str]:
    from ..importers import read_source

    return read_source(file, sys.stdin.buffer)


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
    from ..edit import edit_contacts
    from ..merge import merge_into
    from ..progress import progress_bar

    with (
        progress_bar(f"reading {app.contacts.name}") as bar,
        edit_contacts(app.contacts, dry_run=dry_run) as (
            editor,
            result,
        ),
    ):
        if as_ is not None:
            importer = resolve_person(editor.network, as_)
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
    from ..render_import import render_import

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

    data, name = _read(file)
    run_import(app, read_linkedin(data, name), as_, dry_run, as_json)


@import_group.command()
@import_options
@click.option("--no-notes", is_flag=True, help="Do not copy NOTE into 'notes' (private: never in a message).")
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

    data, name = _read(file)
    run_import(app, read_vcards(data, name, include_notes=not no_notes), as_, dry_run, as_json)


@import_group.command()
@import_options
def google(app: App, file: str, as_: str | None, dry_run: bool, as_json: bool) -> None:
    """Import a Google Contacts CSV export ("Google CSV", 2024 or older layout).

    Each contact becomes a person (name, company, title, every email address, phone, LinkedIn
    URL from Website, city) related to you as an acquaintance over phone and/or email. The
    Notes column is not imported (address-book notes are often private). Contacts without a
    name are skipped and counted. FILE may be '-' for standard input.

    \b
    Example:
      warmintro import google ~/Downloads/contacts.csv --dry-run
    """
    from ..importers.google import read_google

    data, name = _read(file)
    run_import(app, read_google(data, name), as_, dry_run, as_json)


@import_group.command()
@import_options
def outlook(app: App, file: str, as_: str | None, dry_run: bool, as_json: bool) -> None:
    """Import an Outlook contacts CSV export (Outlook for Windows, Outlook.com).

    Each contact becomes a person (name, company, job title, email addresses, phone, LinkedIn
    URL from Web Page, city) related to you as an acquaintance over phone and/or email. UTF-8,
    UTF-16 ("Unicode" CSV) and Windows-1252 files are read. The Notes column is not imported
    (address-book notes are often private). FILE may be '-' for standard input.

    \b
    Example:
      warmintro import outlook contacts.CSV --as alice
    """
    from ..importers.outlook import read_outlook

    data, name = _read(file)
    run_import(app, read_outlook(data, name), as_, dry_run, as_json)
