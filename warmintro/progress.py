"""Progress for slow work: a rich bar on stderr, only on a terminal and only when slow.

Kept apart from warmintro.cli.render.queries so that commands which never show a bar (output to a pipe,
--json) do not import rich at all. The bar appears once the work has taken longer than a
second, even if no step has reported yet (a long parse reports only as it goes), and is
removed when the work ends.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .text import inert

#: Seconds of work before a bar is worth showing.
DELAY = 1.0


class Bar:
    """Stages and steps of a piece of work; shows nothing unless `show()` is called."""

    def stage(self, description: str, total: int | None = None) -> None:
        """Start a new stage, e.g. ``merging Connections.csv`` over `total` steps."""

    def update(self, done: int, total: int | None = None) -> None:
        """`done` steps of the current stage are finished."""

    def __call__(self, done: int, total: int) -> None:
        self.update(done, total)


class _RichBar(Bar):
    def __init__(self, description: str) -> None:
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

        from .cli.render.queries import make_console

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeRemainingColumn(),
            console=make_console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task(inert(description), total=None)
        self._lock = threading.Lock()
        self._shown = False
        self._done = False

    def show(self) -> None:
        with self._lock:
            if not self._done and not self._shown:
                self._progress.start()
                self._shown = True

    def finish(self) -> None:
        with self._lock:
            self._done = True
            if self._shown:
                self._progress.stop()

    def stage(self, description: str, total: int | None = None) -> None:
        self._progress.update(self._task, description=inert(description), completed=0, total=total)

    def update(self, done: int, total: int | None = None) -> None:
        changes: dict[str, Any] = {"completed": done}
        if total is not None:
            changes["total"] = total
        self._progress.update(self._task, **changes)


@contextmanager
def progress_bar(description: str, delay: float = DELAY) -> Iterator[Bar]:
    """A Bar for some work: on a terminal, shown on stderr after `delay` seconds."""
    if not sys.stderr.isatty():
        yield Bar()
        return
    bar = _RichBar(description)
    timer = threading.Timer(delay, bar.show)
    timer.daemon = True
    timer.start()
    try:
        yield bar
    finally:
        timer.cancel()
        bar.finish()


@contextmanager
def load_progress(path: Path, delay: float = DELAY) -> Iterator[Callable[[int, int], None]]:
    """A progress callback for reading a contacts file."""
    with progress_bar(f"reading {path.name}", delay) as bar:
        yield bar
