"""Progress for slow loads: a rich bar on stderr, only on a terminal and only when slow.

Kept apart from warmintro.render so that commands which never show a bar (output to a pipe,
--json) do not import rich at all.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .text import inert


@contextmanager
def load_progress(path: Path, delay: float = 1.0) -> Iterator[Callable[[int, int], None]]:
    """A progress callback for loading a large file: a bar on stderr, shown only on a terminal
    and only once the load has taken longer than `delay` seconds."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    from .render import make_console

    started = time.monotonic()
    progress = Progress(
        TextColumn("reading {task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=make_console(stderr=True),
        transient=True,
    )
    task = progress.add_task(inert(path.name), total=None)
    shown = False

    def update(done: int, total: int) -> None:
        nonlocal shown
        if not shown and time.monotonic() - started > delay:
            progress.start()
            shown = True
        progress.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if shown:
            progress.stop()
