"""What the fuzz and hostile-input tests share.

`time_limit` bounds an example: a hostile input must fail within seconds, never hang.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Hang(BaseException):
    """An example ran past its time limit. A BaseException, so that no `except Exception` in
    warmintro (the vCard reader has one) can swallow it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Hang in the block when it runs longer than `seconds` (main thread, Unix only)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
