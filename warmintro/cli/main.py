"""The `warmintro` group: global options, and every command registered in one place.

Commands live in modules by theme (queries, edits, imports); each parses its options, calls one library
function and renders what it returns.
"""

from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from ..defaults import CONTACTS_ENV, DEFAULT_CONTACTS, NO_CACHE_ENV
from . import draft, edit, imports, init, ledger, network, query, reshape
from .common import App, WarmintroGroup


@click.group(cls=WarmintroGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--contacts",
    "-c",
    type=click.Path(path_type=Path, dir_okay=True),
    envvar=CONTACTS_ENV,
    default=DEFAULT_CONTACTS,
    show_default=True,
    show_envvar=True,
    help="The contacts file to use.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    envvar=NO_CACHE_ENV,
    help="Parse the contacts file even if the cache of it is current (see WARMINTRO_CACHE_DIR).",
)
@click.version_option(__version__, "--version", prog_name="warmintro")
@click.pass_context
def cli(ctx: click.Context, contacts: Path, no_cache: bool) -> None:
    """Warm introductions from the people you know.

    warmintro reads a YAML file of the people you know and how well, finds who can introduce
    you to someone (the warmest chains, ranked by how likely each is to work), lists the
    people both sides know, and drafts the messages that ask for the introduction. It never
    sends anything and never opens a network connection.

    \b
    Examples:
      warmintro init --name "Ana Berg"    # start a contacts file, with me in it
      warmintro path bob                  # who can introduce me to Bob?
      warmintro path alice "bob sj" -k 5  # five routes, from Alice, names work too
      warmintro mutual bob --json         # people we both know, for a script
      warmintro draft bob --purpose "..." # the messages that ask for the introduction
      warmintro followups                 # which asks need a nudge or a thank-you
      warmintro reconnect                 # which close ties need a word
      warmintro find --company Pactbank   # the warmest way in to anyone there
      warmintro map --out network.svg     # a picture of my network
      warmintro check                     # is my contacts.yaml all right?
    """
    ctx.obj = App(contacts=contacts, use_cache=not no_cache)


for command in (query.check, query.path, query.mutual, query.show, query.people, draft.draft, draft.templates):
    cli.add_command(command)
for command in (init.init, edit.add, edit.connect, edit.touch, imports.import_group):
    cli.add_command(command)
cli.add_command(query.duplicates)
for command in (reshape.remove, reshape.rename, reshape.merge, reshape.disconnect):
    cli.add_command(command)

for command in (network.find, network.connectors, network.export, network.map_):
    cli.add_command(command)
for command in (ledger.intros, ledger.followups, ledger.calibrate, ledger.reconnect):
    cli.add_command(command)


@cli.command()
@click.option("--path", "show_path", is_flag=True, help="Print where the installed schema file is instead.")
def schema(show_path: bool) -> None:
    """Print the JSON Schema of the contacts file, for editors.

    Put it beside your file and point your editor at it with a first line (# yaml-language-server:
    $schema=./contacts.schema.json), or use the installed copy: the path that 'warmintro schema
    --path' prints.

    \b
    Examples:
      warmintro schema > contacts.schema.json
      warmintro schema --path
    """
    from ..fileformat.schema import schema_path, schema_text

    click.echo(str(schema_path()) if show_path else schema_text(), nl=show_path)


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL.

    \b
    Examples:
      eval "$(warmintro completion bash)"     # in ~/.bashrc
      eval "$(warmintro completion zsh)"      # in ~/.zshrc
      warmintro completion fish > ~/.config/fish/completions/warmintro.fish
    """
    from click.shell_completion import get_completion_class

    cls = get_completion_class(shell)
    assert cls is not None
    click.echo(cls(cli, {}, "warmintro", "_WARMINTRO_COMPLETE").source())
