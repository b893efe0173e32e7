"""Switches read from the environment, read one way everywhere."""

from __future__ import annotations

import os

#: Values that turn a switch on, as click reads a flag's environment variable; anything else
#: (``0``, ``no``, ``false``, empty) leaves it off.
TRUE_WORDS = frozenset(("1", "true", "t", "yes", "y", "on"))


def env_flag(name: str) -> bool:
    """Whether the environment variable `name` is set to a true value (``1``, ``yes``, ``true``)."""
    return (os.environ.get(name) or "").strip().lower() in TRUE_WORDS
