"""Commands that write the contacts file by hand: add, connect, touch.

Each opens the file with `edit_contacts` (lock, staleness check, backup, atomic write, every
comment kept), calls one function of `warmintro.editing.grow`, and says what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..dates import PartialDate, parse_partial_date, relative_day
from ..text import inert
from .common import (
    App,
    complete_person,
    contacts_option,
    default_from,
    emit_json,
    json_option,
    refuse_future,
    resolve_for_write,
    split_ends,
)

if TYPE_CHECKING:
    from ..editing.grow import Change
    from ..editing.operations import Value
    from ..editing.transaction import EditResult


class PartialDateType(click.ParamType):  # type: ignore[type-arg,unused-ignore]
    """A date as the file writes them (YYYY, YYYY-MM or YYYY-MM-DD), or 'today', 'yesterday'."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        text = str(value).strip()
        day = relative_day(text)
        if day is not None:
            return PartialDate(day.year, day.month, day.day)
        try:
            return parse_partial_date(text)
        except ValueError as exc:
            self.fail(f"{exc} (or 'today', 'yesterday')", param, ctx)


def dry_run_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--dry-run", "-n", is_flag=True, help="Show what would change; write nothing.")(f)


def report(app: App, change: Change, result: EditResult, dry_run: bool, as_json: bool) -> None:
    """Say what a writing command did, for people or (with --json) for scripts."""
    if as_json:
        emit_json(
            {
                "file": str(app.contacts),
                "dry_run": dry_run,
                "written": result.written,
                "created": result.created and result.written,
                "backup": str(result.backup) if result.backup else None,
                **change.to_json(),
            }
        )
        return
    for note in change.notes:
        click.echo(f"note: {inert(note)}", err=True)
    fields = "; ".join(
        f"{key} {inert(before)} → {inert(after)}" if before is not None else f"{key}: {inert(after)}"
        for key, (before, after) in change.fields.items()
    )
    subject = inert(change.subject)
    if change.action == "unchanged":
        click.echo(f"Nothing to change: {subject} already says that.")
        return
    verb = {
        "added": "Would add" if dry_run else "Added",
        "updated": "Would update" if dry_run else "Updated",
        "removed": "Would remove" if dry_run else "Removed",
        "renamed": "Would rename" if dry_run else "Renamed",
        "merged": "Would merge" if dry_run else "Merged",
    }
    if change.action in ("renamed", "merged"):
        fields = "; ".join(f"{key}: {inert(after)}" for key, (before, after) in change.fields.items() if key != "id")
    line = f"{verb[change.action]} {subject}" + (f": {fields}" if fields else "")
    click.echo(line if line.endswith((".", "!", "?")) else line + ".")  # one full stop, not two
    for line in change.details:
        click.echo(f"  {inert(line)}")
    if dry_run:
        click.echo(f"Dry run: {inert(app.contacts)} was not changed.")
    elif result.created:
        click.echo(f"Created {inert(app.contacts)}.")
    elif result.backup is not None:
        click.echo(f"The previous version is in {inert(result.backup)}.")


def _text_fields(**given: str | None) -> dict[str, Value]:
    from ..editing.grow import clean_text

    fields: dict[str, Value] = {}
    for key, raw in given.items():
        value = clean_text(raw, multiline=key in ("about", "how"))
        if value is not None:
            fields[key] = value
    return fields


@click.command()
@click.argument("pid", metavar="ID")
@click.option("--name", required=True, help="Full name (required).")
@click.option("--company", help="Where they work now.")
@click.option("--title", help="Their job title.")
@click.option("--email", help="Email address.")
@click.option("--phone", help="Phone number.")
@click.option("--linkedin", help="LinkedIn profile URL.")
@click.option("--location", help="City or region.")
@click.option("--about", help="A line about them, for introductions.")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="A tag (repeatable).")
@click.option("--me", is_flag=True, help="This person is you: set 'me:' (creates the file if there is none).")
@dry_run_option
@json_option
@contacts_option
@click.pass_obj
def add(
    app: App,
    pid: str,
    name: str,
    company: str | None,
    title: str | None,
    email: str | None,
    phone: str | None,
    linkedin: str | None,
    location: str | None,
    about: str | None,
    tags: tuple[str, ...],
    me: bool,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Add a person to the contacts file under the id ID.

    The id is a short handle (letters, digits, - _ .) used in relationships; an id that is
    taken is refused, with a free one suggested. The entry is written in the style the file
    already uses, after the last person; every other line stays as it was.

    \b
    Example:
      warmintro add zoe --name "Zoë Lind" --company Pactbank --title CTO --tag saas
    """
    from ..editing.grow import add_person, clean_text
    from ..editing.transaction import edit_contacts

    fields = _text_fields(
        name=name,
        company=company,
        title=title,
        email=email,
        phone=phone,
        linkedin=linkedin,
        location=location,
        about=about,
    )
    cleaned = tuple(t for t in (clean_text(tag) for tag in tags) if t)
    if cleaned:
        fields["tags"] = cleaned
    create = me or not Path(app.contacts).exists()
    with edit_contacts(app.contacts, dry_run=dry_run, create=create, cache=app.use_cache) as (editor, result):
        change = add_person(editor, pid, fields, me=me)
    report(app, change, result, dry_run, as_json)


@click.command()
@click.argument("people", nargs=-1, required=True, metavar="[A] B", shell_complete=complete_person)
@click.option("--strength", "-s", help="close, strong, good, weak, acquaintance, or 5-1.")
@click.option("--how", help="How they know each other, in a sentence.")
@click.option("--since", type=PartialDateType(), help="When they met: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--last-contact", type=PartialDateType(), help="When they were last in touch (or 'today', 'yesterday').")
@click.option("--channel", "channels", multiple=True, metavar="CHANNEL", help="How they talk, e.g. email (repeatable).")
@click.option("--force", is_flag=True, help="Record a date in the future too.")
@dry_run_option
@json_option
@contacts_option
@click.pass_obj
def connect(
    app: App,
    people: tuple[str, ...],
    strength: str | None,
    how: str | None,
    since: PartialDate | None,
    last_contact: PartialDate | None,
    channels: tuple[str, ...],
    force: bool,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Record that A and B know each other, or update how well.

    A defaults to 'me'. When the two already have a relationship (written in either order),
    it is updated in place: the options given replace what was there, channels are added.
    Otherwise a new relationship is added after the last one. A date in the future is
    refused unless --force: it is most often a typo.

    \b
    Example:
      warmintro connect carol zoe --strength strong --how "Co-founded Pactbank" --since 2019
    """
    from ..editing.grow import clean_text, connect, parse_strength
    from ..editing.transaction import edit_contacts

    refuse_future("--since", since, force)
    refuse_future("--last-contact", last_contact, force)
    fields = _text_fields(how=how)
    if strength is not None:
        fields["strength"] = parse_strength(strength)
    for key, date in (("since", since), ("last_contact", last_contact)):
        if date is not None:
            fields[key] = date
    cleaned = tuple(c for c in (clean_text(ch) for ch in channels) if c)
    with edit_contacts(app.contacts, dry_run=dry_run, cache=app.use_cache) as (editor, result):
        given_a, given_b = split_ends(people, "connect")
        a = default_from(editor.network, given_a, "connect", write=True)
        b = resolve_for_write(editor.network, given_b, "connect")
        change = connect(editor, a, b, fields, channels=cleaned)
    report(app, change, result, dry_run, as_json)


@click.command()
@click.argument("people", nargs=-1, required=True, metavar="[A] B", shell_complete=complete_person)
@click.option(
    "--date",
    type=PartialDateType(),
    default="today",
    show_default=True,
    help="When: YYYY[-MM[-DD]], 'today' or 'yesterday'.",
)
@click.option("--force", is_flag=True, help="Record a date in the future too.")
@dry_run_option
@json_option
@contacts_option
@click.pass_obj
def touch(app: App, people: tuple[str, ...], date: PartialDate, force: bool, dry_run: bool, as_json: bool) -> None:
    """Record that A and B were in contact: set their relationship's last_contact.

    A defaults to 'me'. Recent contact keeps a relationship warm in path rankings (and takes
    it off 'warmintro reconnect'). The two must already have a relationship (see 'warmintro
    connect'). A date in the future is refused unless --force: it is most often a typo.

    \b
    Examples:
      warmintro touch carol                 # I spoke to Carol today
      warmintro touch carol bob --date yesterday
    """
    from ..editing.grow import touch as touch_relationship
    from ..editing.transaction import edit_contacts

    refuse_future("--date", date, force)

    with edit_contacts(app.contacts, dry_run=dry_run, cache=app.use_cache) as (editor, result):
        given_a, given_b = split_ends(people, "touch")
        a = default_from(editor.network, given_a, "touch", write=True)
        b = resolve_for_write(editor.network, given_b, "touch")
        change = touch_relationship(editor, a, b, date)
    report(app, change, result, dry_run, as_json)
