"""Work done beside the command, on another core, by forked children: a network's sources are
parsed by two processes (`shared`), their caches written while the command merges them
(`start_aside`), and the merged cache's people made while the inferred ties are found (`beside`).

A child shares what the command has in memory when it is forked (a fork copies nothing until it
is written to); what it makes for the command comes back pickled through a pipe. It leaves with
`os._exit` (no buffered output of the command's is written twice, no exit handler runs twice).
The command waits for every child before it returns, so a command never leaves work behind it,
and its time includes the children's. Where there is no `fork` (Windows), one core, or too
little work for a child to pay, everything runs in the command itself, in order.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from typing import TypeVar, cast

Job = Callable[[], None]
#: Work on less input than this (bytes of the files it reads) is done in the command: a child
#: costs tens of milliseconds to make and to hear back from.
WORTH_A_CHILD = 4 << 20
R = TypeVar("R")


def start_aside(jobs: Sequence[Job], size: int) -> Callable[[], None]:
    """Start `jobs` beside the command; returns the function that waits until they are done
    (call it in a ``finally``). A job handles its own errors (a cache that cannot be written
    is no cache); in the child, one that still raises is passed over, never printed. `size`:
    the bytes of input the jobs come from (see WORTH_A_CHILD)."""
    if len(jobs) < 2 or size < WORTH_A_CHILD or not _can_fork():
        _run(jobs)
        return _nothing
    child = _fork()
    if child is None:  # no memory or processes left for a child: do the work here
        _run(jobs)
        return _nothing
    if child == 0:  # pragma: no cover - the child (its work is checked by what it wrote)
        try:
            _run(jobs, quietly=True)
        finally:
            os._exit(0)
    return partial(_reap, child)


def _nothing() -> None:
    return None


def shared(
    items: Sequence[str],
    work: Callable[[str, list[Job]], object],
    sizes: Sequence[int],
) -> tuple[list[object], list[Job], Callable[[], None]]:
    """`work(item, jobs)` for every item, about half of them (by size) in a forked child at
    the same time as the rest here: (their results in the order of `items`, the jobs the
    items done here left to run, and the function that waits for the child).

    The child sends its results back pickled through a pipe (a result that cannot be pickled
    is sent as None: the caller does that item again itself), then runs the jobs of its own
    items and leaves; the command reads the results once it has done its share. Where the
    child cannot be made, or dies before it has sent everything, the command does the rest of
    the work itself."""
    import pickle

    jobs: list[Job] = []
    if len(items) < 2 or sum(sizes) < WORTH_A_CHILD or not _can_fork():
        return [work(item, jobs) for item in items], jobs, _nothing
    # the largest first, each to the side with less to do; the child also sends, so it takes less
    mine: list[int] = []
    theirs: list[int] = []
    loads = [0, 0]
    for index in sorted(range(len(items)), key=lambda i: -sizes[i]):
        side = 0 if loads[0] <= loads[1] * 1.15 else 1
        (mine if side == 0 else theirs).append(index)
        loads[side] += sizes[index] + 1
    mine.sort()
    theirs.sort()
    forked = _fork_with_pipe()
    if forked is None:
        return [work(item, jobs) for item in items], jobs, _nothing
    child, read_end, write_end = forked
    if child == 0:  # pragma: no cover - the child (its results are checked where they are used)
        try:
            os.close(read_end)
            own: list[Job] = []
            found: list[bytes | None] = []
            for index in theirs:
                try:
                    found.append(pickle.dumps(work(items[index], own), protocol=pickle.HIGHEST_PROTOCOL))
                except Exception:
                    found.append(None)
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(found, out, protocol=pickle.HIGHEST_PROTOCOL)
            _run(own, quietly=True)
        finally:
            os._exit(0)
    os.close(write_end)
    results: list[object] = [None] * len(items)
    for index in mine:
        results[index] = work(items[index], jobs)
    try:
        with os.fdopen(read_end, "rb") as source:
            sent = pickle.load(source)
    except Exception:  # the child died, or sent something unreadable: do its share here
        sent = []
    for position, index in enumerate(theirs):
        result = None
        if position < len(sent) and sent[position] is not None:
            with contextlib.suppress(Exception):
                result = pickle.loads(sent[position])
        results[index] = result if result is not None else work(items[index], jobs)
    return results, jobs, partial(_reap, child)


def beside(work: Callable[[], R], then: Sequence[Job] = ()) -> tuple[Callable[[], R | None], Callable[[], None]]:
    """Start `work` in a forked child, to be done while the command does something else, and
    after it `then`, the jobs the command needs done before it ends but not before it answers.
    Returns (the function that gives the work's result, sent back pickled through a pipe as
    soon as it is made, or None where no child could be made or it failed: the caller then does
    the work itself; the function that waits until the jobs are done, which runs them here
    where there was no child)."""
    import pickle

    forked = _fork_with_pipe() if _can_fork() else None
    if forked is None:
        return _nothing, partial(_run, then)
    child, read_end, write_end = forked
    if child == 0:  # pragma: no cover - the child (its result is checked where it is used)
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                out.write(pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL))
            _run(then, quietly=True)
        finally:
            os._exit(0)
    os.close(write_end)

    def result() -> R | None:
        try:
            with os.fdopen(read_end, "rb") as source:
                return cast(R, pickle.load(source))
        except Exception:  # the child failed: nothing was sent, or not all of it
            return None

    return result, partial(_reap, child)


def _run(jobs: Sequence[Job], quietly: bool = False) -> None:
    for job in jobs:
        if quietly:  # in a child: nothing is printed
            with contextlib.suppress(Exception):
                job()
        else:
            job()


def _can_fork() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) >= 2


def _fork() -> int | None:
    """`os.fork()` (the child's pid; 0 in the child) after flushing what the command has
    buffered (the child would write it again); None when no child can be made."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    try:
        return os.fork()
    except OSError:
        return None


def _fork_with_pipe() -> tuple[int, int, int] | None:
    """(`_fork()`, the pipe's read end, its write end); None when no child can be made."""
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    child = _fork()
    if child is None:
        os.close(read_end)
        os.close(write_end)
        return None
    return child, read_end, write_end


def _reap(child: int) -> None:
    """Wait until `child` has ended."""
    with contextlib.suppress(ChildProcessError, InterruptedError):
        os.waitpid(child, 0)
