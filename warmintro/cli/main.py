"""The `warmintro` group: global options, and every command registered in one place.

Commands live in modules by theme (queries, ...); each parses its options, calls one library
function and renders what it returns.
"""

from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from . import network, query
from .common import CONTACTS_ENV, App, WarmintroGroup


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
      warmintro find --company Pactbank   # the warmest way in to anyone there
      warmintro map --out network.svg     # a picture of my network
      warmintro check                     # is my contacts.yaml all right?
    """
    ctx.obj = App(contacts=contacts)


for command in (query.check, query.path, query.mutual, query.show, query.people):
    cli.add_command(command)
for command in (network.find, network.connectors, network.export, network.map_):
    cli.add_command(command)


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
