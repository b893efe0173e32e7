"""`warmintro init`: start a contacts file, commented, with you in it and the next steps."""

from __future__ import annotations

import os

import click

from ..text import inert
from .common import App, BadInput, console, contacts_option, emit_json, json_option
from .edit import dry_run_option


def _exists(path: object) -> BadInput:
    return BadInput(
        f"{inert(path)} already exists, and init never overwrites a file; check it with "
        f"'warmintro check', or start another: warmintro --contacts other.yaml init"
    )


@click.command()
@click.option("--me", "me_id", metavar="ID", help="Your id in the file. Default: made from --name.")
@click.option("--name", help="Your full name: you become the first person, and 'me'.")
@click.option(
    "--from-linkedin",
    "linkedin",
    metavar="FILE",
    help="Import LinkedIn's Connections.csv (or the export zip) into the new file at once.",
)
@dry_run_option
@json_option
@contacts_option
@click.pass_obj
def init(app: App, me_id: str | None, name: str | None, linkedin: str | None, dry_run: bool, as_json: bool) -> None:
    """Start a contacts file: commented, with you in it, and what to run next.

    The file (./contacts.yaml, or --contacts) gets a first line that points editors at the
    JSON Schema, commented examples of a person and a relationship, and, with --name, you as
    the first person and 'me'. An existing file is never overwritten.

    \b
    Example:
      warmintro init --name "Ana Berg" --from-linkedin ~/Downloads/Connections.csv
    """
    from ..editing.grow import clean_text
    from ..editing.transaction import edit_contacts
    from ..fileformat.schema import schema_path
    from ..fileformat.starter import starter
    from ..model import ID_PATTERN
    from ..text import slug

    name = clean_text(name)
    if me_id is not None and name is None:
        raise click.UsageError("--me needs --name too: warmintro init --me ana --name 'Ana Berg'")
    if linkedin is not None and name is None:
        raise click.UsageError(
            "--from-linkedin connects everyone imported to you: add --name 'Your Name' so that you are in the file"
        )
    pid = me_id if me_id is not None else slug(name) if name is not None else None
    if pid is not None and not ID_PATTERN.match(pid):
        raise BadInput(f"'{inert(pid)}' is not a valid id: use letters, digits, '-', '_' and '.'")
    if os.path.isdir(app.contacts):
        raise BadInput(
            f"{inert(app.contacts)} is a directory; name the file to start in it: "
            f"warmintro --contacts {inert(os.path.join(app.contacts, 'contacts.yaml'))} init"
        )
    if os.path.lexists(app.contacts):
        raise _exists(app.contacts)
    parsed = None
    if linkedin is not None:  # read first: an export that cannot be read creates nothing
        from ..importers.linkedin import read_linkedin
        from .imports import parsed_from

        parsed = parsed_from(linkedin, read_linkedin)
    plan = starter(pid, name, str(schema_path()), linkedin=parsed is not None)
    summary = None
    with edit_contacts(app.contacts, dry_run=dry_run, create=True, start=plan.text, cache=app.use_cache) as (
        editor,
        result,
    ):
        if not result.created:  # made between the look above and the lock
            raise _exists(app.contacts)
        if parsed is not None and pid is not None:
            from ..importers.merge import merge_into
            from ..progress import progress_bar

            with progress_bar(f"importing {parsed.source}") as bar:
                bar.stage("merging", len(parsed.records) + len(parsed.skipped))
                summary = merge_into(editor, parsed, pid, bar)
    if summary is not None:
        summary.dry_run = dry_run
        summary.written = result.written
    if as_json:
        emit_json(
            {
                "file": str(app.contacts),
                "dry_run": dry_run,
                "written": result.written,
                "created": result.written,
                "me": plan.me,
                "import": summary.to_json() if summary is not None else None,
                "next": list(plan.next_steps),
            }
        )
        return
    if summary is not None:
        from .render.imports import render_import

        render_import(console(), summary)
    verb = "Would create" if dry_run else "Created"
    who = f" for {inert(name)} ({inert(pid)})" if name is not None else ""
    click.echo(f"{verb} {inert(app.contacts)}{who}.")
    click.echo("Next:")
    for step in plan.next_steps:
        click.echo(f"  {inert(step)}")
