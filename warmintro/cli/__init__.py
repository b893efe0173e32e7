"""The `warmintro` command line. `warmintro.cli:cli` is the console script."""

from .main import cli

__all__ = ["cli"]
