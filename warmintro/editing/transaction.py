"""The file transaction around an edit: lock, read, staleness check, render, backup, atomic
replace (see `warmintro.safefile`)::

    with edit_contacts("contacts.yaml") as (editor, result):
        editor.set_relationship_fields("alice", "carol", {"last_contact": PartialDate(2026, 11, 27)})
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..fileformat.decode import decode, read_text
from ..safefile import Snapshot, StaleFile, backup_path, locked, read_regular, real_path, replace_file, snapshot
from .editor import ContactsEditor
from .layout import WINDOWED_CHARS
from .recache import (
    inferred_mark,
    infers_nothing_new,
    patch_cache,
    prove_written,
    read_from_cache,
    restamp_inferred_mark,
    write_cache_for,
)

_BOM = b"\xef\xbb\xbf"
#: Text a brand-new contacts file starts with.
NEW_FILE_TEXT = (
    "# The people I know and how well: warmintro's contacts file.\n"
    "# `warmintro check` validates it; the README describes every field.\n"
    "\n"
    "people:\n"
    "\n"
    "relationships:\n"
)


# --------------------------------------------------------------------------------------------
# Reading and writing the file


@dataclass
class EditResult:
    """What `edit_contacts` did, filled in when the block ends."""

    path: Path
    written: bool = False
    backup: Path | None = None
    created: bool = False
    operations: int = 0
    notes: list[str] = field(default_factory=list)


@contextmanager
def edit_contacts(
    path: str | Path,
    *,
    dry_run: bool = False,
    create: bool = False,
    base: Snapshot | None = None,
    start: str | None = None,
    cache: bool = True,
) -> Iterator[tuple[ContactsEditor, EditResult]]:
    """Open a contacts file for editing; write it back, safely, when the block ends.

    The writer lock is held from before the read until after the write. Raises ContactsError
    for a file that is invalid before or would be invalid after, StaleFile when the file changed
    on disk meanwhile (or since `base`, a snapshot taken earlier, say before asking the user),
    FileLocked when another warmintro is writing it. `dry_run` makes and checks the edits but
    writes nothing. `create` starts a new file when there is none: with the text `start` when
    given (and then written even when no edit is made), else a bare skeleton.

    After the write, the query cache (`warmintro.cache`) is written for the new bytes with the
    network the edit was checked against, so the next command does not parse the file again;
    `cache=False` (or WARMINTRO_NO_CACHE) leaves the cache alone."""
    shown = Path(path)
    target = real_path(shown)
    if os.path.lexists(target) and not os.path.isfile(target):
        read_text(shown)  # a directory, a FIFO, a symlink loop...: refused before any lock file is made
    lock = locked(target) if not dry_run else _no_lock()
    with lock:
        data = _read(shown, target, create)
        before = snapshot(target, data)
        if base is not None and (base.sha256 != before.sha256 or base.exists != before.exists):
            raise StaleFile(f"{shown} changed on disk since it was read; nothing was written")
        text = decode(data, str(shown)) if data is not None else start or NEW_FILE_TEXT
        windowed = len(text) > WINDOWED_CHARS
        cached = read_from_cache(target, data) if windowed and cache and data is not None else None
        editor = ContactsEditor(
            text,
            str(shown),
            windowed=windowed,
            read=(cached.network, cached.problems) if cached is not None else None,
            layout=cached.layout if cached is not None else None,
        )
        result = EditResult(path=shown, created=data is None)
        yield editor, result
        result.operations = len(editor.operations)
        if not editor.changed and (data is not None or start is None):
            return
        new_text = editor.render()
        if dry_run:
            return
        bom = _BOM if data is not None and data.startswith(_BOM) else b""
        new_data = bom + new_text.encode("utf-8")
        # an edit of relationships, or one adding people with no dated job, keeps a file's
        # mark of no inferred ties true (see recache)
        nothing_new = cache and editor.window is not None and infers_nothing_new(editor.window)
        mark = inferred_mark(shown, editor.network) if nothing_new else None
        read_at = time.time_ns()  # the content is known from here on (see identity_proves_content)
        kept = replace_file(before, new_data)
        # name the backup as the user named the file, unless that name is a symlink
        result.backup = kept if kept is None or shown.is_symlink() else backup_path(shown)
        result.written = True
        if not cache:
            return
        if editor.rendered is not None:
            write_cache_for(target, new_data, *editor.rendered, read_at, editor.new_layout)
        elif editor.window is not None and cached is not None:
            proof = prove_written(target, new_data)
            patched = patch_cache(target, new_data, cached.content, editor.network, editor.window, read_at, proof)
            if patched and mark is not None and proof is not None:
                restamp_inferred_mark(shown, mark, proof)


def _read(shown: Path, target: Path, create: bool) -> bytes | None:
    """The file's bytes; None for a file that does not exist yet when `create` allows it."""
    try:
        return read_regular(target)
    except FileNotFoundError:
        if create:
            return None
        read_text(shown)  # raises the loader's own "not found" problem, with its hint
        raise
    except OSError:
        read_text(shown)  # permission denied, a directory...: the loader's messages
        raise


@contextmanager
def _no_lock() -> Iterator[None]:
    yield
