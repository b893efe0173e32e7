"""Memory for large loads: the cyclic garbage collector paused while millions of objects that
hold no cycles are built (parsed nodes, people, ties, cache records). Left running, it scans
every object built so far again and again for nothing, which more than doubles a large load."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (nested blocks are fine), and restore
    it as it was. Memory held by plain objects is still freed as soon as they are dropped."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
