"""The `warmintro` command line. `warmintro.cli:main` is the console script; `cli` is the group."""

from __future__ import annotations

import contextlib
import os
import sys

from .main import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Run the command, then leave without tearing the interpreter down: freeing every object
    of a loaded network one by one takes longer than many a warm query (a tenth of its time).
    Output is flushed first; every file warmintro writes is already whole (written atomically,
    and the command waits for any work it started beside itself)."""
    try:
        cli(prog_name="warmintro")
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:  # a message, as Python itself would print it
            print(exc.code, file=sys.stderr)
            code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that went away, a closed stream
            stream.flush()
    os._exit(code)
