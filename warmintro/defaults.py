"""warmintro's defaults, each in one place: the contacts file's name, the environment variables
it reads (and how it reads a switch), and the limits that keep a hostile file cheap to read.

No third-party imports: the CLI's start-up imports this module.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: The contacts file used when none is named (and $WARMINTRO_CONTACTS is not set).
DEFAULT_CONTACTS = "contacts.yaml"

# Environment variables
#: The contacts file to use, as --contacts gives it.
CONTACTS_ENV = "WARMINTRO_CONTACTS"
#: Set to a true value (1, yes), unexpected exceptions are re-raised with their traceback.
DEBUG_ENV = "WARMINTRO_DEBUG"
#: Where cache files live, instead of the platform's user cache folder.
CACHE_ENV = "WARMINTRO_CACHE_DIR"
#: Set to a true value, every command parses the contacts file, never its cache.
NO_CACHE_ENV = "WARMINTRO_NO_CACHE"
#: For the tests only: where the process kills itself (see warmintro.safefile).
KILL_POINT_ENV = "WARMINTRO_TEST_KILL_POINT"

#: Bounds that keep a hostile file from costing minutes or gigabytes. Reading a file visits
#: each of its nodes about once; aliases (``*name``) can make it visit the same nodes again and
#: again ("billion laughs", through lists, mappings or ``<<`` merges). Reading stops when it has
#: visited more nodes than the file has characters, plus MAX_EXPANDED_NODES, or read more text
#: than the file holds, plus MAX_EXPANDED_CHARS (a long text repeated through aliases).
MAX_NESTING = 200
MAX_EXPANDED_NODES = 500_000
MAX_EXPANDED_CHARS = 10_000_000
#: "Did you mean" hints for unknown ids compare against every person; past this many
#: comparisons in one file (a file full of unknown ids), the hints stop looking.
MAX_HINT_COMPARISONS = 50_000
#: The longest text one value may hold (a name, an 'about', a key): far more than any contacts
#: file needs, and little enough that every table, draft and message stays quick to lay out.
MAX_TEXT_CHARS = 100_000


def default_contacts_path() -> Path:
    """The contacts file to use when none is named: ``$WARMINTRO_CONTACTS`` or ./contacts.yaml."""
    return Path(os.environ.get(CONTACTS_ENV) or DEFAULT_CONTACTS)


#: Values that turn a switch on, as click reads a flag's environment variable; anything else
#: (``0``, ``no``, ``false``, empty) leaves it off.
TRUE_WORDS = frozenset(("1", "true", "t", "yes", "y", "on"))


def env_flag(name: str) -> bool:
    """Whether the environment variable `name` is set to a true value (``1``, ``yes``, ``true``)."""
    return (os.environ.get(name) or "").strip().lower() in TRUE_WORDS


def cache_dir() -> Path | None:
    """Where cache files live: $WARMINTRO_CACHE_DIR, else the platform's user cache folder;
    None when there is none (no HOME, no XDG_CACHE_HOME and no passwd entry, as in many
    containers): warmintro then works without a cache."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    return default_cache_dir()


def default_cache_dir() -> Path | None:
    """The platform's user cache folder for warmintro, or None when the user has no home."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    try:
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "warmintro"
        if sys.platform == "win32":
            return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "warmintro" / "Cache"
        if xdg and os.path.isabs(xdg):  # the XDG spec: a relative path is to be ignored
            return Path(xdg) / "warmintro"
        return Path.home() / ".cache" / "warmintro"
    except (RuntimeError, KeyError, OSError):  # "Could not determine home directory"
        return None
