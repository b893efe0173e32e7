"""The floor for start-up: a click program that does nothing but print its help."""

import click


@click.group()
def cli() -> None:
    """A bare click program."""


@cli.command()
def path() -> None:
    """Nothing."""


if __name__ == "__main__":
    cli()
