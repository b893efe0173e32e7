"""Work done beside the command, on another core: the caches of a network's source files are
written by a forked child while the command goes on merging them.

The child shares the parsed networks with the command (a fork copies nothing until it is
written to), so nothing is sent between them; it only writes cache files, each atomically, and
leaves with `os._exit` (no buffered output of the command's is written twice, no exit handler
runs twice). The command waits for it before it returns, so a command never leaves work behind
it, and its time includes the child's. Where there is no `fork` (Windows), one core, or a
single job, the jobs run in the command itself, in order.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence

Job = Callable[[], None]


def start_aside(jobs: Sequence[Job]) -> Callable[[], None]:
    """Start `jobs` beside the command; returns the function that waits until they are done
    (call it in a ``finally``). A job handles its own errors (a cache that cannot be written
    is no cache); in the child, one that still raises is passed over, never printed."""
    if len(jobs) < 2 or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        for job in jobs:
            job()
        return _nothing
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is left for the child to copy
        with contextlib.suppress(Exception):
            stream.flush()
    try:
        child = os.fork()
    except OSError:  # no memory or processes left for a child: do the work here
        for job in jobs:
            job()
        return _nothing
    if child == 0:  # pragma: no cover - the child (its work is checked by what it wrote)
        try:
            for job in jobs:
                with contextlib.suppress(Exception):
                    job()
        finally:
            os._exit(0)

    def wait() -> None:
        with contextlib.suppress(ChildProcessError, InterruptedError):
            os.waitpid(child, 0)

    return wait


def _nothing() -> None:
    return None
