"""Commands that take things out of the contacts file or rewrite ids: remove, rename, merge,
disconnect.

Each opens the file with `edit_contacts` (lock, staleness check, backup, atomic write, every
comment kept), calls one function of `warmintro.editing.reshape`, and says what changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .common import App, complete_person, contacts_option, json_option
from .edit import dry_run_option, report

if TYPE_CHECKING:
    from ..editing.editor import ContactsEditor


def _exact(editor: ContactsEditor, query: str, what: str) -> str:
    """The id of the person `query` names by whole id or full name (never part of a name)."""
    from ..queries.resolve import resolve_exactly

    return resolve_exactly(editor.network, query, what).id


@click.command()
@click.argument("person", metavar="PERSON", shell_complete=complete_person)
@click.option("--force", is_flag=True, help="Also remove the asks of the ledger that name them.")
@dry_run_option
@json_option
@contacts_option
@click.pass_obj
def remove(app: App, person: str, force: bool, dry_run: bool, as_json: bool) -> None:
    """Remove PERSON from the contacts file, with their relationships.

    PERSON is a whole id or full name. Asks of the ledger that name them are the record of
    introductions that happened, so they stop the removal unless --force, which removes them
    too. The lines of the person and their relationships go; every other line stays.

    \b
    Example:
      warmintro remove zoe --dry-run
    """
    from ..editing.reshape import remove_person
    from ..editing.transaction import edit_contacts

    with edit_contacts(app.contacts, dry_run=dry_run, cache=app.use_cache) as (editor, result):
        pid = _exact(editor, person, "'warmintro remove'")
        change = remove_person(editor, pid, force=force)
    report(app, change, result, dry_run, as_json)


@click.command()
@click.argument("old", metavar="OLD", shell_complete=complete_person)
@click.argument("new", metavar="NEW")
@dry_run_option
@json_option
@contacts_option
@click.pass_obj
def rename(app: App, old: str, new: str, dry_run: bool, as_json: bool) -> None:
    """Give the person OLD the id NEW, everywhere the file names them.

    Their entry under people, every relationship's 'between', 'me', the asks of the ledger and
    fields that name people (same_as, not_same_as) change; comments and every other line stay.
    OLD is a whole id or full name.

    \b
    Example:
      warmintro rename bob bob-sjoberg
    """
    from ..editing.reshape import rename_person
    from ..editing.transaction import edit_contacts

    with edit_contacts(app.contacts, dry_run=dry_run, cache=app.use_cache) as (editor, result):
        pid = _exact(editor, old, "'warmintro rename'")
        change = rename_person(editor, pid, new)
    report(app, change, result, dry_run, as_json)


@click.command()
@click.argument("keep", metavar="A", shell_complete=complete_person)
@click.argument("drop", metavar="B", shell_complete=complete_person)
@dry_run_option
@json_option
@contacts_option
@click.pass_obj
def merge(app: App, keep: str, drop: str, dry_run: bool, as_json: bool) -> None:
    """Make A and B one person, A: for the same person entered twice.

    A's id stays and A's fields win; B's fill A's empty fields and B's tags are added. B's
    relationships move to A; where both know the same person, the two ties become one with the
    stronger strength and its 'how', the earliest 'since' and the latest 'last_contact'; a tie
    between A and B goes. Asks, 'me' and fields naming B name A. Every value that differed is
    listed, with the one kept. To keep B's id instead, swap the two. A and B are whole ids or
    full names.

    \b
    Example:
      warmintro merge sam-patel sam-patel-2 --dry-run
    """
    from ..editing.reshape import merge_people
    from ..editing.transaction import edit_contacts

    with edit_contacts(app.contacts, dry_run=dry_run, cache=app.use_cache) as (editor, result):
        a = _exact(editor, keep, "'warmintro merge'")
        b = _exact(editor, drop, "'warmintro merge'")
        change = merge_people(editor, a, b)
    report(app, change, result, dry_run, as_json)


@click.command()
@click.argument("people", nargs=-1, required=True, metavar="[A] B", shell_complete=complete_person)
@dry_run_option
@json_option
@contacts_option
@click.pass_obj
def disconnect(app: App, people: tuple[str, ...], dry_run: bool, as_json: bool) -> None:
    """Remove the relationship between A and B (written in either order).

    A defaults to 'me'. Both stay in the file; only the relationship's lines go.

    \b
    Example:
      warmintro disconnect carol bob
    """
    from ..editing.reshape import disconnect as disconnect_people
    from ..editing.transaction import edit_contacts
    from .common import default_from, resolve_for_write, split_ends

    with edit_contacts(app.contacts, dry_run=dry_run, cache=app.use_cache) as (editor, result):
        given_a, given_b = split_ends(people, "disconnect")
        a = default_from(editor.network, given_a, "disconnect", write=True)
        b = resolve_for_write(editor.network, given_b, "disconnect")
        change = disconnect_people(editor, a, b)
    report(app, change, result, dry_run, as_json)
