"""Writes that never lose data: every writing command killed (SIGKILL) at every point of its
write and at random moments, two writers at once, and a full disk.

After any kill the contacts file is exactly the old version or exactly the new one, the backup
is absent or exactly the old version, and running the command again finishes the job. The
writing commands are listed once, in WRITERS: a new one is tested by adding a line there.

The normal suite kills each command at each of safefile's kill points and makes 20 random
kills; ``WARMINTRO_LONG_KILLS=N`` makes N random kills (the issue asks for 200 at least).
Children are forked from the test process, so that a run costs milliseconds, not an interpreter
start; one test also kills real ``python -m warmintro`` processes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, SAMPLE
from warmintro.cli import cli
from warmintro.defaults import KILL_POINT_ENV
from warmintro.fileformat.reader import parse_network

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

LONG_KILLS_ENV = "WARMINTRO_LONG_KILLS"


@dataclass(frozen=True)
class Writer:
    """A command that writes. `args` may name {fixtures} (tests/fixtures) and {out} (a folder
    for files it writes); `start` is the contacts file it runs on (None: there is none yet),
    after the command `setup`, when there is one."""

    name: str
    args: tuple[str, ...]
    start: Path | None = SAMPLE
    writes_contacts: bool = True
    setup: tuple[str, ...] = ()

    def argv(self, contacts: Path, out: Path) -> list[str]:
        return ["--contacts", str(contacts), *(a.format(fixtures=FIXTURES, out=out) for a in self.args)]


#: Every command that writes, in one place: one line each.
WRITERS = [
    Writer("add", ("add", "zoe", "--name", "Zoë Lind", "--company", "Pactbank", "--tag", "saas")),
    Writer("add --me, new file", ("add", "zoe", "--name", "Zoë Lind", "--me"), start=None),
    Writer("connect", ("connect", "alice", "bob", "--strength", "weak", "--how", "Met at a book signing")),
    Writer("touch", ("touch", "alice", "carol", "--date", "2026-11-27")),
    Writer("import linkedin", ("import", "linkedin", "{fixtures}/import/linkedin/Connections.csv")),
    Writer("import vcard", ("import", "vcard", "{fixtures}/import/vcard/iphone.vcf")),
    Writer("import mail", ("import", "mail", "{fixtures}/mail/takeout.mbox")),
    Writer("import calendar", ("import", "calendar", "{fixtures}/calendar/calendar.ics", "--as-of", "2026-11-26")),
    Writer(
        "draft --out",
        ("draft", "alice", "bob", "--purpose", "coaching", "--as-of", "2026-11-26", "--out", "{out}", "--force"),
        writes_contacts=False,
    ),
    Writer("draft --record", ("draft", "bob", "--purpose", "coaching", "--as-of", "2026-11-26", "--record")),
    Writer(
        "intros update",
        ("intros", "update", "2026-11-26-carol-bob", "asked", "--date", "2026-11-27", "--note", "Sent by email"),
        setup=("draft", "bob", "--purpose", "coaching", "--as-of", "2026-11-26", "--record"),
    ),
    Writer(
        "init --from-linkedin",
        ("init", "--name", "Ana Berg", "--from-linkedin", "{fixtures}/import/linkedin/Connections.csv"),
        start=None,
    ),
    Writer("remove", ("remove", "bob")),
    Writer("rename", ("rename", "carol", "caroline")),
    Writer("merge", ("merge", "carol", "grace")),
    Writer("disconnect", ("disconnect", "carol", "bob")),
    Writer(
        "intros remove",
        ("intros", "remove", "2026-11-26-carol-bob"),
        setup=("draft", "bob", "--purpose", "coaching", "--as-of", "2026-11-26", "--record"),
    ),
]

#: safefile's kill points (see its docstring); each is reached once per file written.
KILL_POINTS = ("lock-taken", "temp-created", "temp-half-written", "temp-written", "checked", "swapped", "renamed")


# --------------------------------------------------------------------------------------------
# Running a command in a child process, and killing it


def run_child(argv: list[str], *, kill_point: str | None = None, kill_after: float | None = None) -> int:
    """Run warmintro in a forked child; SIGKILL it at `kill_point` (the child kills itself
    there) or after `kill_after` seconds. Returns the wait status."""
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 70
        try:
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            sys.stdin = open(os.devnull)  # noqa: SIM115 - the child exits without closing anything
            sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
            os.environ.pop(KILL_POINT_ENV, None)
            if kill_point:
                os.environ[KILL_POINT_ENV] = kill_point
            try:
                cli.main(args=argv, prog_name="warmintro", standalone_mode=True)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        finally:
            os._exit(code)
    if kill_after is not None:
        time.sleep(kill_after)
        with contextlib.suppress(ProcessLookupError):  # it finished first
            os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return status


def killed(status: int) -> bool:
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


@dataclass
class Case:
    """A writer set up in its own folder, with what its file holds before and after."""

    writer: Writer
    where: Path
    old: bytes | None
    new: dict[str, bytes]  # file name -> content, for every file the finished command wrote

    @property
    def contacts(self) -> Path:
        return self.where / "contacts.yaml"

    @property
    def out(self) -> Path:
        return self.where / "out"

    def reset(self) -> None:
        shutil.rmtree(self.where, ignore_errors=True)
        self.where.mkdir(parents=True)
        if self.old is not None:
            self.contacts.write_bytes(self.old)

    def run(self, **kill: object) -> int:
        return run_child(self.writer.argv(self.contacts, self.out), **kill)  # type: ignore[arg-type]

    def files(self) -> dict[str, bytes]:
        """What the command writes, as it is now (hidden temporary files aside)."""
        found = {}
        if self.writer.writes_contacts:
            if self.contacts.exists():
                found["contacts.yaml"] = self.contacts.read_bytes()
        elif self.out.exists():
            found = {p.name: p.read_bytes() for p in self.out.iterdir() if not p.name.startswith(".")}
        return found

    def assert_old_or_new(self) -> None:
        """Every file is exactly as before or exactly as the finished command leaves it; the
        backup is absent or exactly the old file."""
        now = self.files()
        if self.writer.writes_contacts:
            before = {} if self.old is None else {"contacts.yaml": self.old}
            assert now in (before, self.new), f"{self.writer.name}: the contacts file is neither old nor new"
            backup = self.where / "contacts.yaml.bak"
            if backup.exists():
                assert backup.read_bytes() == self.old, f"{self.writer.name}: the backup is not the old file"
            if now:
                parse_network(now["contacts.yaml"].decode("utf-8"))
        else:
            for name, data in now.items():  # each draft whole or not there at all
                assert data == self.new[name], f"{self.writer.name}: {name} is cut short"

    def assert_finishes(self) -> None:
        """Run again, not killed: the job gets done, and no temporary file is left behind."""
        status = self.run()
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) in (0, 2), status
        assert self.files() == self.new
        if self.writer.writes_contacts and os.WEXITSTATUS(status) == 0:
            assert [p.name for p in self.where.iterdir() if p.name.endswith(".tmp")] == []


def prepare(writer: Writer, where: Path) -> Case:
    case = Case(writer, where, writer.start.read_bytes() if writer.start else None, {})
    case.reset()
    if writer.setup:
        status = run_child(["--contacts", str(case.contacts), *writer.setup])
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"{writer.name}: the setup fails"
        case.old = case.contacts.read_bytes()
        case.reset()
    status = case.run()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"{writer.name} fails unkilled: {status}"
    case.new = case.files()
    assert case.new and case.new != ({"contacts.yaml": case.old} if case.old else {})
    return case


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARMINTRO_NO_CACHE", "1")
    monkeypatch.setenv("COLUMNS", "100")


# --------------------------------------------------------------------------------------------
# Kills


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.name)
def test_killed_at_every_point_of_the_write_nothing_is_lost(tmp_path: Path, writer: Writer) -> None:
    case = prepare(writer, tmp_path / "case")
    kills = 0
    for point in KILL_POINTS:
        for nth in range(1, 10):  # the backup, then the file; or each draft in turn
            case.reset()
            status = case.run(kill_point=f"{point}:{nth}")
            if not killed(status):  # the write reaches this point fewer times
                break
            kills += 1
            case.assert_old_or_new()
            if nth == 1 or os.environ.get(LONG_KILLS_ENV):  # each run costs a tenth of a second
                case.assert_finishes()
    print(f"{writer.name}: {kills} kills at the kill points, nothing lost")
    # the points that every write reaches: the lock (for the contacts file), and each step of
    # writing the file itself (twice with a backup: the backup first)
    assert kills >= (9 if writer.writes_contacts and writer.start else 4), kills


def test_killed_at_random_moments_nothing_is_lost(tmp_path: Path) -> None:
    wanted = int(os.environ.get(LONG_KILLS_ENV) or 20)
    cases = [prepare(writer, tmp_path / f"case{i}") for i, writer in enumerate(WRITERS)]
    durations = []
    for case in cases:
        case.reset()
        started = time.monotonic()
        case.run()
        durations.append(time.monotonic() - started)
    randomness = random.Random(int(os.environ.get(LONG_KILLS_ENV) or 0) or 7)
    kills = attempts = 0
    while kills < wanted:
        attempts += 1
        assert attempts < wanted * 20, f"only {kills} of {attempts} runs were killed before they ended"
        index = randomness.randrange(len(cases))
        case = cases[index]
        case.reset()
        status = case.run(kill_after=randomness.uniform(0, durations[index]))
        if killed(status):
            kills += 1
            case.assert_old_or_new()
            if kills % 5 == 0:
                case.assert_finishes()
    print(f"{kills} random kills in {attempts} runs, nothing lost")


def test_killing_real_processes_loses_nothing(tmp_path: Path) -> None:
    """The same, with fresh interpreters: `python -m warmintro` killed at its kill points."""
    case = prepare(WRITERS[0], tmp_path / "case")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    for point in ("temp-half-written:1", "temp-half-written:2", "renamed:2"):
        case.reset()
        done = subprocess.run(
            [sys.executable, "-m", "warmintro", *case.writer.argv(case.contacts, case.out)],
            env={**env, KILL_POINT_ENV: point},
            capture_output=True,
            timeout=60,
        )
        assert done.returncode == -signal.SIGKILL, done.stderr
        case.assert_old_or_new()
        case.assert_finishes()


# --------------------------------------------------------------------------------------------
# Two writers at once


def test_writers_at_once_take_turns_and_lose_nothing(tmp_path: Path) -> None:
    contacts = tmp_path / "contacts.yaml"
    shutil.copyfile(SAMPLE, contacts)
    commands = [["add", f"p{i}", "--name", f"Person {i}"] for i in range(6)]
    commands += [["connect", "alice", "bob"], ["touch", "alice", "carol", "--date", "2026-11-27"]]
    children = []
    for args in commands:
        pid = os.fork()
        if pid == 0:
            code = 70
            try:
                sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
                try:
                    cli.main(args=["--contacts", str(contacts), *args], prog_name="warmintro")
                    code = 0
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else 1
            finally:
                os._exit(code)
        children.append(pid)
    statuses = [os.waitpid(pid, 0)[1] for pid in children]
    assert all(os.WIFEXITED(s) and os.WEXITSTATUS(s) == 0 for s in statuses), statuses
    network = parse_network(contacts.read_text(encoding="utf-8"))
    assert {f"p{i}" for i in range(6)} <= set(network.people)
    assert network.relationships[-1].pair == frozenset(("alice", "bob"))
    touched = next(r for r in network.relationships if r.pair == frozenset(("alice", "carol")))
    assert str(touched.last_contact) == "2026-11-27"
    parse_network((tmp_path / "contacts.yaml.bak").read_text(encoding="utf-8"))


def test_a_writer_gives_up_on_a_lock_held_too_long(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    from warmintro import safefile

    contacts = tmp_path / "contacts.yaml"
    shutil.copyfile(SAMPLE, contacts)
    monkeypatch.setattr(safefile.locked.__wrapped__, "__defaults__", (0.3,))  # type: ignore[attr-defined]
    with open(safefile.lock_path(contacts), "w") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        result = CliRunner().invoke(cli, ["--contacts", str(contacts), "add", "zoe", "--name", "Zoë"])
    assert result.exit_code == 2
    assert "another warmintro command is writing" in result.stderr
    assert contacts.read_bytes() == SAMPLE.read_bytes()


# --------------------------------------------------------------------------------------------
# A full disk


class _FullDisk:
    """A file that takes half of what is written to it, then finds the disk full."""

    def __init__(self, handle: object) -> None:
        self._handle = handle

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> object:
        return getattr(self._handle, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.name)
@pytest.mark.parametrize("where", ["write", "fsync"])
def test_a_full_disk_leaves_the_old_file_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: Writer, where: str
) -> None:
    case = prepare(writer, tmp_path / "case")
    case.reset()
    if where == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullDisk(real_fdopen(fd, *a, **k)))
    else:

        def full(fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "fsync", full)
    result = CliRunner().invoke(cli, writer.argv(case.contacts, case.out))
    monkeypatch.undo()
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.stderr
    assert "unchanged" in result.stderr
    assert case.files() == ({"contacts.yaml": case.old} if case.old and writer.writes_contacts else {})
    assert [p.name for p in case.where.rglob("*.tmp")] == []
    assert not (case.where / "contacts.yaml.bak").exists() or parse_network(
        (case.where / "contacts.yaml.bak").read_text(encoding="utf-8")
    )
