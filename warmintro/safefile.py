"""Writing the contacts file without ever losing it.

Every write warmintro makes goes through `replace_file`:

* **atomic**: the new text goes to a temporary file in the same directory, is flushed and
  fsync'd, then renamed over the old file (`os.replace`), and the directory is fsync'd; a crash
  or a full disk at any moment leaves either the old file or the new one, never half of each;
* **backed up**: the previous version is kept beside it as ``contacts.yaml.bak`` (one
  generation, written the same atomic way before the file itself is replaced);
* **not stale**: the file on disk must still be the one that was read (same SHA-256); if an
  editor saved it in the meantime, nothing is written and `StaleFile` says so;
* **locked**: writers take an exclusive `flock` on a sibling lock file (``.contacts.yaml.lock``)
  for the whole read-edit-write, so two warmintro commands cannot interleave. Where `fcntl` does
  not exist (Windows) there is no lock, and the staleness check still refuses lost updates.

The permission bits of the file are kept; a symlink is followed and the file it points to is
replaced, so a contacts file kept in a dotfiles repository stays a symlink.

A writer killed half-way leaves its temporary file behind (nothing can remove it then); the next
writer, holding the lock, removes it.

For the tests only, ``WARMINTRO_TEST_KILL_POINT=NAME[:N]`` makes the process kill itself with
SIGKILL the Nth time (default the first) it reaches the point NAME of a write: ``lock-taken``,
``temp-created``, ``temp-half-written``, ``temp-written``, ``renamed`` (`atomic_write` runs twice a
write: the backup, then the file). tests/test_kill.py uses it to show that no moment of a write
can lose the file.

Reading goes through `read_regular`, which refuses what is not a regular file (a FIFO, a device
such as /dev/zero, a socket) before reading a byte, so that no contacts path can make warmintro
wait forever or read without end.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import signal
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from .errors import WarmintroError

#: How long a writer waits for another warmintro writer to finish before giving up.
LOCK_TIMEOUT_SECONDS = 10.0

#: The test hook: see the module's docstring.
KILL_POINT_ENV = "WARMINTRO_TEST_KILL_POINT"
_KILL_POINTS_REACHED: dict[str, int] = {}


def _kill_point(name: str) -> None:
    """The test hook: SIGKILL this process here when $WARMINTRO_TEST_KILL_POINT names this point."""
    wanted = os.environ.get(KILL_POINT_ENV)
    if not wanted:
        return
    point, _, nth = wanted.partition(":")
    if point == name:
        _KILL_POINTS_REACHED[name] = _KILL_POINTS_REACHED.get(name, 0) + 1
        if _KILL_POINTS_REACHED[name] == int(nth or 1):
            os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


class WriteError(WarmintroError):
    """The contacts file could not be written; the old file is unchanged."""


class StaleFile(WriteError):
    """The file changed on disk since it was read: writing would lose those changes."""


class FileLocked(WriteError):
    """Another warmintro command is writing the same file."""


class NotARegularFile(OSError):
    """The path names a FIFO, a device or a socket: something that is not a file to read."""

    def __init__(self, path: str | os.PathLike[str], kind: str) -> None:
        super().__init__(errno.EINVAL, f"is {kind}, not a regular file", str(path))
        self.kind = kind


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def read_regular(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the regular file at `path` (symlinks followed).

    Opening does not wait (O_NONBLOCK: a FIFO nobody writes to would block `open` forever), and
    anything but a regular file raises NotARegularFile before a byte is read (/dev/zero would
    be read until memory runs out); a directory raises IsADirectoryError. Other problems raise
    the OSError the system gives (FileNotFoundError, PermissionError...)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket cannot be opened: say what it is
            raise NotARegularFile(path, _kind_of(os.stat(path).st_mode)) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise NotARegularFile(path, _kind_of(mode))
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        return handle.read()


@dataclass(frozen=True)
class Snapshot:
    """The bytes of a file as they were read, to write against later."""

    path: Path  # the real file: symlinks resolved
    data: bytes
    sha256: str
    exists: bool = True


def real_path(path: str | os.PathLike[str]) -> Path:
    """The file a path names, following symlinks (the one to replace when writing)."""
    return Path(os.path.realpath(path))


def backup_path(path: Path) -> Path:
    """Where the previous version of a contacts file is kept: ``contacts.yaml.bak``."""
    return path.with_name(path.name + ".bak")


def lock_path(path: Path) -> Path:
    """The lock file writers hold: ``.contacts.yaml.lock`` beside the file."""
    return path.with_name("." + path.name + ".lock")


def snapshot(path: Path, data: bytes | None) -> Snapshot:
    """A snapshot of `path` holding `data` (None: the file does not exist yet)."""
    if data is None:
        return Snapshot(path, b"", hashlib.sha256(b"").hexdigest(), exists=False)
    return Snapshot(path, data, hashlib.sha256(data).hexdigest())


def _current(path: Path) -> bytes | None:
    try:
        return read_regular(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WriteError(f"cannot read {path} again before writing: {exc.strerror or exc}") from None


def check_not_stale(base: Snapshot) -> None:
    """Raise StaleFile when the file on disk is no longer the one `base` read."""
    now = _current(base.path)
    if (now is None) == base.exists or (now is not None and hashlib.sha256(now).hexdigest() != base.sha256):
        what = "was created" if not base.exists else ("was deleted" if now is None else "changed on disk")
        raise StaleFile(
            f"{base.path} {what} while warmintro was working on it (an editor saved it?); "
            "nothing was written. Run the command again."
        )


@contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the exclusive writer lock of `path` (a sibling lock file) for the block."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no flock; the staleness check still guards
        yield
        return
    lock = lock_path(path)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise WriteError(
            f"cannot create the lock file {lock}: {exc.strerror or exc} (is the directory writable?)"
        ) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise FileLocked(
                        f"another warmintro command is writing {path} (it holds {lock}); try again when it has finished"
                    ) from None
                time.sleep(0.05)
        _kill_point("lock-taken")
        yield
    finally:
        os.close(fd)  # closing releases the lock; the lock file itself stays (deleting it races)


def _mode_for(path: Path) -> int:
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms that cannot open directories
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse; the rename is still done
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `path` atomically: temp file in the same directory, fsync, rename,
    fsync of the directory. On any failure the temp file is removed and `path` is untouched."""
    mode = _mode_for(path) if mode is None else mode
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}; the file is unchanged") from None
    _kill_point("temp-created")
    try:
        with os.fdopen(fd, "wb") as handle:
            half = len(data) // 2
            handle.write(data[:half])
            handle.flush()
            _kill_point("temp-half-written")
            handle.write(data[half:])
            handle.flush()
            os.fsync(handle.fileno())
        _kill_point("temp-written")
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write {path}: {exc.strerror or exc}; the file is unchanged") from None
        raise
    _kill_point("renamed")
    _fsync_directory(path.parent)


def remove_stale_temporary_files(path: Path) -> None:
    """Remove what writers of `path` (and of its backup) killed half-way left behind: their
    temporary files. Only for a caller holding `locked(path)`: no other writer is at work."""
    names = re.compile(rf"\.{re.escape(path.name)}(\.bak)?\.[^./]{{8}}\.tmp")
    with suppress(OSError):
        for entry in os.scandir(path.parent):
            if names.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with suppress(OSError):
                    os.unlink(entry.path)


def replace_file(base: Snapshot, data: bytes, *, backup: bool = True) -> Path | None:
    """Replace the file `base` was read from with `data`, safely (see the module's docstring).

    Returns the backup's path (None when there was no previous version to keep). The caller
    holds `locked(base.path)` from before the read until this returns."""
    check_not_stale(base)
    remove_stale_temporary_files(base.path)
    mode = _mode_for(base.path)
    kept = None
    if backup and base.exists:
        kept = backup_path(base.path)
        atomic_write(kept, base.data, mode)
    atomic_write(base.path, data, mode)
    return kept
