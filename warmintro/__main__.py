"""`python -m warmintro`."""

from .cli import cli

cli(prog_name="warmintro")
