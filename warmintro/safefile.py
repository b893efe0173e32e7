"""Writing the contacts file without ever losing it.

Every file warmintro writes goes through this module: the contacts file through `replace_file`,
the files the user asks for through `write_output`, the cache through `atomic_write`. Writing the
contacts file is:

* **atomic**: the new text goes to a temporary file in the same directory, is flushed and
  fsync'd, then renamed over the old file (`os.replace`), and the directory is fsync'd; a crash
  or a full disk at any moment leaves either the old file or the new one, never half of each;
* **backed up**: the previous version is kept beside it as ``contacts.yaml.bak`` (one
  generation, written the same atomic way before the file itself is replaced);
* **not stale**: the file on disk must still be the one that was read (same SHA-256); if an
  editor saved it in the meantime, nothing is written and `StaleFile` says so. The check runs at
  the last moment, once the new file is written and flushed; on Linux the new file is then
  *exchanged* with the old one in one step (``renameat2(RENAME_EXCHANGE)``) and the file taken
  out is checked once more: a save that landed between the check and the exchange is swapped
  back in and the write refused, so a concurrent save is never lost. Elsewhere the file is
  read again after the rename, and a save that came after is reported;
* **locked**: writers take an exclusive `flock` on a sibling lock file (``.contacts.yaml.lock``)
  for the whole read-edit-write, so two warmintro commands cannot interleave. Where `fcntl` does
  not exist (Windows) there is no lock, and the staleness check still refuses lost updates.
  The lock file stays after a write, on purpose, hidden (a dot file) and empty. Removing it
  would race: a writer waiting on the old lock file would take it once it is unlinked, while a
  third writer creates a new one and locks that, and both would write at once. Nor can it live
  in the cache folder: that folder is each user's own (0700), and a contacts file shared by a
  group must have one lock that every member takes; beside the file is the one place they
  all reach.

* **kept as it was**: the owner, group, permission bits and extended attributes (POSIX ACLs are
  the ``system.posix_acl_access`` one) of the replaced file are given to the new file and to its
  backup, before the rename; when they cannot be (a user who may not give the file its owner or
  group, a filesystem that refuses an attribute) nothing is written and `WriteError` says why. A
  read-only file (no write permission for its owner) is refused, even for root. The lock file
  is created group-writable, with the folder's group, in a setgid or group-writable folder, and
  owned by the contacts file's owner when root (``sudo``) creates it.

A symlink to the contacts file is followed and the file it points to is replaced, so a contacts
file kept in a dotfiles repository stays a symlink.

Every other file warmintro writes (``export --out``, ``map --out``, drafts, templates) goes
through `write_output`: the same atomic write, but never through a symlink (the name must be a
file or nothing), never over an existing file unless asked (``force``; with an exclusive link
when not, so a file appearing meanwhile is not replaced either), and never over the contacts
file or its backup, lock or cache (`protected`).

A writer killed half-way leaves its temporary file behind (nothing can remove it then); the next
writer, holding the lock, removes it.

For the tests only, ``WARMINTRO_TEST_KILL_POINT=NAME[:N]`` makes the process kill itself with
SIGKILL the Nth time (default the first) it reaches the point NAME of a write: ``lock-taken``,
``temp-created``, ``temp-half-written``, ``temp-written``, ``checked``, ``swapped`` (Linux), ``renamed``,
``after-rename`` (`atomic_write` runs twice a
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
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from .defaults import KILL_POINT_ENV, cache_dir
from .errors import WarmintroError

#: How long a writer waits for another warmintro writer to finish before giving up.
LOCK_TIMEOUT_SECONDS = 10.0

_KILL_POINTS_REACHED: dict[str, int] = {}


#: Tests only: a function to call at a point of a write (to make a concurrent save land there).
TEST_HOOKS: dict[str, Callable[[], object]] = {}


def _kill_point(name: str) -> None:
    """The test hook: SIGKILL this process here when $WARMINTRO_TEST_KILL_POINT names this point
    (and call `TEST_HOOKS[name]`, when a test set one)."""
    hook = TEST_HOOKS.get(name)
    if hook is not None:
        hook()
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
        fd = _open_lock(lock, path)
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
        remove_stale_temporary_files(path)  # what a writer killed half-way left: this lock's holder cleans
        yield
    finally:
        os.close(fd)  # closing releases the lock; the lock file itself stays (deleting it races)


def _open_lock(lock: Path, path: Path) -> int:
    """Open (creating it if need be) the lock file. In a folder shared by a group (setgid or
    group-writable) a new lock file is group-writable, with the folder's group, so that every
    member can take it; made by root, it belongs to the contacts file's owner. An existing lock
    this user cannot write is opened read-only: `flock` works on any open file."""
    flags = os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_EXCL | flags, 0o600)
    except FileExistsError:
        try:
            return os.open(lock, os.O_RDWR | flags)
        except PermissionError:
            return os.open(lock, os.O_RDONLY | flags)
    try:
        folder = os.stat(lock.parent)
        shared = bool(folder.st_mode & (stat.S_ISGID | stat.S_IWGRP))
        if shared:
            if os.fstat(fd).st_gid != folder.st_gid:
                with suppress(OSError):
                    os.fchown(fd, -1, folder.st_gid)
            os.fchmod(fd, 0o660)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            try:
                owner = os.stat(path)
            except OSError:
                owner = folder
            if owner.st_uid != 0:
                os.fchown(fd, owner.st_uid, folder.st_gid if shared else owner.st_gid)
    except OSError:  # pragma: no cover - the lock works all the same for this user
        pass
    return fd


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


def _keep_metadata(fd: int, tmp: str, like: os.stat_result, source: Path, path: Path) -> None:
    """Give the file open as `fd` (named `tmp`) the owner, group, permission bits and extended attributes
    (ACLs among them) of `like`, the file at `source`; WriteError when one cannot be kept."""
    now = os.fstat(fd)
    if (now.st_uid, now.st_gid) != (like.st_uid, like.st_gid) and hasattr(os, "fchown"):
        try:
            os.fchown(fd, like.st_uid if now.st_uid != like.st_uid else -1, like.st_gid)
        except OSError as exc:
            whose = _owner_text(like)
            raise WriteError(
                f"cannot write {path}: it belongs to {whose}, and warmintro, run by {_owner_text(now)}, "
                f"cannot give the new version that owner and group ({exc.strerror or exc}); nothing was written. "
                "Run the command as its owner."
            ) from None
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(like.st_mode))
    else:  # pragma: no cover - Windows before Python 3.13: the read-only bit is what there is
        os.chmod(tmp, stat.S_IMODE(like.st_mode))
    for name, value in _xattrs(source):
        try:
            if os.getxattr(fd, name) == value:
                continue
        except OSError:
            pass
        try:
            os.setxattr(fd, name, value)
        except OSError as exc:
            raise WriteError(
                f"cannot write {path}: its extended attribute {name} (an ACL, a label...) cannot be kept "
                f"on the new version ({exc.strerror or exc}); nothing was written"
            ) from None


def _xattrs(path: Path) -> list[tuple[str, bytes]]:
    """The extended attributes of `path`, where the platform and filesystem have them."""
    if not hasattr(os, "listxattr"):  # pragma: no cover - macOS, Windows
        return []
    try:
        return [(name, os.getxattr(path, name)) for name in os.listxattr(path)]
    except OSError:  # not supported here, or the file is gone: nothing to keep
        return []


def _owner_text(st: os.stat_result) -> str:
    try:
        import grp
        import pwd

        user = pwd.getpwuid(st.st_uid).pw_name
    except (ImportError, KeyError):
        user = str(st.st_uid)
    try:
        group = grp.getgrgid(st.st_gid).gr_name
    except (ImportError, KeyError, NameError):
        group = str(st.st_gid)
    return f"{user}:{group}"


def _exchange(a: str, b: Path) -> bool:
    """Swap the files at `a` and `b` in one step (Linux's renameat2 RENAME_EXCHANGE). False where
    the system or filesystem cannot, having changed nothing."""
    if not sys.platform.startswith("linux"):  # pragma: no cover - other systems rename
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # pragma: no cover - a libc older than glibc 2.28
        return False
    at_fdcwd, rename_exchange = -100, 2
    # a failed exchange changed nothing (EINVAL: a filesystem without it, ENOSYS: an old kernel...):
    # the caller renames instead, which reports any problem the rename itself has
    return bool(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0)


def atomic_write(
    path: Path,
    data: bytes | Iterable[bytes],
    mode: int | None = None,
    *,
    base: Snapshot | None = None,
    like: os.stat_result | None = None,
    like_path: Path | None = None,
    exclusive: bool = False,
    durable: bool = True,
) -> None:
    """Write `data` to `path` atomically: temp file in the same directory, fsync, rename,
    fsync of the directory. On any failure the temp file is removed and `path` is untouched.

    `like` (a stat of `like_path`): the file whose owner, group, mode and extended attributes the
    new file takes (see `_keep_metadata`). `base`: the snapshot `path` must still match at the
    last moment (StaleFile otherwise; see the module's docstring). `exclusive`: `path` must not
    exist (an existing file, or one created meanwhile, raises FileExistsError). `data` may come
    in pieces (an iterable of bytes); `durable=False` skips the fsyncs, for a file that can be
    made again (the cache): it is still whole or absent, but may be lost by a power cut."""
    mode = _mode_for(path) if mode is None else mode
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}; the file is unchanged") from None
    _kill_point("temp-created")
    swapped = False
    try:
        with os.fdopen(fd, "wb") as handle:
            pieces = [data[: len(data) // 2], data[len(data) // 2 :]] if isinstance(data, bytes) else data
            for index, piece in enumerate(pieces):
                if index == 1:
                    handle.flush()
                    _kill_point("temp-half-written")
                handle.write(piece)
            handle.flush()
            if like is not None:
                _keep_metadata(handle.fileno(), tmp, like, like_path or path, path)
            else:
                os.chmod(tmp, mode)
            if durable:
                os.fsync(handle.fileno())
        _kill_point("temp-written")
        if base is not None:
            check_not_stale(base)  # the last moment before the rename
        _kill_point("checked")
        if exclusive or (base is not None and not base.exists):
            try:
                _link_new(tmp, path)
            except FileExistsError:
                if base is not None:
                    check_not_stale(base)  # raises StaleFile: "was created"
                raise
        elif base is not None and base.exists and _exchange(tmp, path):
            swapped = True  # `tmp` now names the file taken out: it must be the one read
            _kill_point("swapped")
            _check_taken_out(base, tmp, path)
        else:
            os.replace(tmp, path)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, FileExistsError):
            raise WriteError(f"cannot write {path}: {exc.strerror or exc}; the file is unchanged") from None
        raise
    if swapped or exclusive or (base is not None and not base.exists):
        with suppress(OSError):
            os.unlink(tmp)
    _kill_point("renamed")
    if durable:
        _fsync_directory(path.parent)
    if base is not None and isinstance(data, bytes):
        _kill_point("after-rename")
        _check_kept(path, data)


def _link_new(tmp: str, path: Path) -> None:
    """Give the file `tmp` the name `path` only if nothing has it (a hard link cannot replace)."""
    try:
        os.link(tmp, path, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:  # pragma: no cover - no hard links here (FAT): check, then rename
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.replace(tmp, path)


def _check_taken_out(base: Snapshot, taken: str, path: Path) -> None:
    """After the exchange: the file taken out must be the one read. If a save landed in the
    instant between the check and the exchange, swap it back and refuse: it is never lost."""
    try:
        now = read_regular(taken)
    except OSError:
        now = None
    if now is not None and hashlib.sha256(now).hexdigest() == base.sha256:
        return
    if not _exchange(taken, path):  # pragma: no cover - it just worked
        os.replace(taken, path)
    raise StaleFile(
        f"{path} changed on disk while warmintro was writing it (an editor saved it?); "
        "that version is kept and nothing was written. Run the command again."
    )


def _check_kept(path: Path, data: bytes) -> None:
    """Where there is no exchange: read the file again just after the rename; a save that came
    right after warmintro's is kept, and warmintro says its own change was not."""
    try:
        now = read_regular(path)
    except OSError:
        now = None
    if now != data:
        raise StaleFile(
            f"{path} was saved by another program just as warmintro wrote it; that version is kept "
            "and warmintro's change is not in it. Run the command again."
        )


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
    like = None
    if base.exists:
        with suppress(FileNotFoundError):
            like = os.stat(base.path)
    if like is not None and not like.st_mode & stat.S_IWUSR:
        raise WriteError(
            f"{base.path} is read-only (mode {stat.S_IMODE(like.st_mode):04o}); nothing was written. "
            f"Make it writable (chmod u+w {base.path}) if warmintro should change it."
        )
    kept = None
    if backup and base.exists:
        kept = backup_path(base.path)
        atomic_write(kept, base.data, mode, like=like, like_path=base.path)
    atomic_write(base.path, data, mode, base=base, like=like)
    return kept


def protected_files(contacts: str | os.PathLike[str]) -> list[Path]:
    """The files no output may replace: the contacts file (by its name and the file it names),
    its backup and its lock, and the cache folder (a folder: nothing in it)."""
    shown = Path(contacts)
    real = real_path(shown)
    files = [shown, real, backup_path(real), lock_path(real), backup_path(shown), lock_path(shown)]
    with suppress(RuntimeError, KeyError, OSError):  # no home folder: no default cache either
        folder = cache_dir()
        if folder is not None:
            files.append(folder)
    return files


def write_output(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    force: bool = False,
    protected: Iterable[str | os.PathLike[str]] = (),
    what: str = "file",
) -> Path:
    """Write a file the user asked for (an export, a map, a draft, a template) safely.

    Atomic like every write; never through a symlink (the name must be a regular file or
    nothing); never over a `protected` file (the contacts file, its backup, lock...), even with
    `force`; an existing file only with `force`, keeping its owner, group, mode and attributes,
    and never a read-only one. Raises WriteError saying what to do instead."""
    path = Path(path)
    target = Path(os.path.realpath(path.parent)) / path.name
    try:
        st: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    for other in protected:
        other_path = Path(other)
        other_target = Path(os.path.realpath(other_path.parent)) / other_path.name
        same = other_target == target or (
            os.path.isdir(other_path)
            and os.path.commonpath([os.path.realpath(other_path), target]) == str(os.path.realpath(other_path))
        )
        if not same and st is not None:
            with suppress(OSError):
                same = os.path.samestat(st, os.stat(other_path))
        if same:
            raise WriteError(
                f"{path} is warmintro's own ({other_path}: the contacts file, its backup, its lock or its "
                f"cache); warmintro never writes a {what} over it, even with `force`; choose another name"
            ).naming("force")
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise WriteError(
                f"{path} is a symbolic link (to {os.readlink(path)}); warmintro does not write through it: "
                "name the file itself, or remove the link"
            )
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else _kind_of(st.st_mode)
            raise WriteError(f"{path} is {kind}, not a file warmintro can write; choose another name")
        if not force:
            raise WriteError(f"{path} exists already; nothing was written (pass `force` to replace it)").naming("force")
        if not st.st_mode & stat.S_IWUSR:
            raise WriteError(
                f"{path} is read-only (mode {stat.S_IMODE(st.st_mode):04o}); nothing was written "
                f"(make it writable with chmod u+w {path} first)"
            )
    if not os.path.isdir(path.parent):
        raise WriteError(f"cannot write {path}: there is no folder {path.parent}")
    try:
        atomic_write(path, data, like=st, exclusive=st is None)
    except FileExistsError:
        raise WriteError(f"{path} appeared while warmintro was writing it; nothing was written") from None
    return path
