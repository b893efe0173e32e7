"""Checks that a parser's cost grows with its input and never faster.

`assert_linear` runs the same work on inputs of a base size, 10 times and 100 times that, and
compares the costs: linear work grows about 10-fold a step, n log n a little more, quadratic
work 100-fold. Costs are ratios of medians of processor time, never absolute times, and the
bound is generous (at most 30-fold a step, 600-fold across both), so a busy machine does not
make the check fail; a measurement that fails is repeated before the test fails.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from typing import Any

#: The most a 10-fold larger input may cost, relative to the smaller one (linear: about 10;
#: n log n: about 12; quadratic: about 100).
STEP_BOUND = 30.0
#: The same across the 100-fold step (linear: about 100; quadratic: 10,000).
WHOLE_BOUND = 600.0
#: Below this many seconds a measurement is noise: the input is made larger instead.
_FLOOR = 0.002


def cost(work: Callable[[Any], object], data: Any, repeat: int = 3) -> float:
    """The median processor time of `work(data)`, in seconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        work(data)
        times.append(time.process_time() - start)
    return statistics.median(times)


def costs(make: Callable[[int], Any], work: Callable[[Any], object], base: int) -> list[float]:
    """The costs of `work` on inputs of `base`, 10 x `base` and 100 x `base` units."""
    inputs = [make(base * factor) for factor in (1, 10, 100)]
    work(inputs[0])  # warm up: imports, caches, compiled patterns
    return [cost(work, data, repeat=3 if i < 2 else 2) for i, data in enumerate(inputs)]


def grows_linearly(measured: list[float]) -> bool:
    small, middle, large = (max(c, _FLOOR) for c in measured)
    return large / middle <= STEP_BOUND and middle / small <= STEP_BOUND and large / small <= WHOLE_BOUND


def assert_linear(make: Callable[[int], Any], work: Callable[[Any], object], base: int, attempts: int = 3) -> None:
    """Fail when `work` on `make(n)` costs more than linear (or n log n) in n."""
    tried = []
    for _ in range(attempts):
        measured = costs(make, work, base)
        if grows_linearly(measured):
            return
        tried.append([round(c, 4) for c in measured])
    raise AssertionError(f"cost grows faster than the input: seconds at 1x, 10x, 100x {tried}")
