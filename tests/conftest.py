"""Shared fixtures. No test ever reads or writes the user's real contacts, cache or config."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = ROOT / "contacts.yaml"
#: The day the sample's golden outputs were made for; tests pass --as-of so they never age.
AS_OF = dt.date(2026, 11, 26)


# --------------------------------------------------------------------------------------------
# No network: warmintro never opens a connection, and the suite proves it. Every test runs with
# socket creation, connection and name lookup refused, twice over: the functions replaced, and an
# audit hook that sees even code calling the C module directly.

_NETWORK_EVENTS = frozenset(
    ("socket.__new__", "socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr")
)
_sockets = {"allowed": False}


class NetworkUsed(AssertionError):
    """Something in the test tried to open a socket or look a name up."""


def _no_network_audit(event: str, args: tuple[object, ...]) -> None:
    if event in _NETWORK_EVENTS and not _sockets["allowed"]:
        raise NetworkUsed(f"{event}{args!r}: warmintro must never open a network connection")


sys.addaudithook(_no_network_audit)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkUsed(f"socket use {args!r}: warmintro must never open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def unix_socket() -> Callable[[str], socket.socket]:
    """For the one test that makes a Unix socket on purpose (as a contacts path): the guards stand
    aside while the socket is created, and only then."""
    import _socket

    def make(path: str) -> socket.socket:
        _sockets["allowed"] = True
        try:
            made = _socket.socket(socket.AF_UNIX)
        finally:
            _sockets["allowed"] = False
        made.bind(path)
        return made  # type: ignore[return-value]

    return make


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("WARMINTRO_CONTACTS", str(home / "no-contacts-here.yaml"))
    monkeypatch.delenv("WARMINTRO_DEBUG", raising=False)
    # a cache folder or --no-cache of the shell the tests run from is not theirs
    monkeypatch.delenv("WARMINTRO_CACHE_DIR", raising=False)
    monkeypatch.delenv("WARMINTRO_NO_CACHE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the sample network, safe to modify."""
    copy = tmp_path / "contacts.yaml"
    shutil.copyfile(SAMPLE, copy)
    return copy


@pytest.fixture
def run(sample: Path):
    """Invoke warmintro on a contacts file (the sample by default), like a user would."""

    from warmintro.cli import cli

    def invoke(*args: str, contacts: Path | None = None, input: str | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(cli, ["--contacts", str(contacts or sample), *args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(params=["entries", "document"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test through both ways of editing: entry by entry, and the whole document."""
    from warmintro.editing.backend import _Unsupported
    from warmintro.editing.editor import ContactsEditor

    if request.param == "document":

        def unsupported(self: ContactsEditor) -> None:
            raise _Unsupported("forced")

        monkeypatch.setattr(ContactsEditor, "_spliced", unsupported)
    return str(request.param)


def killed_while_writing(path: Path, statements: str) -> subprocess.CompletedProcess[str]:
    """Run `statements` (Python, in a fresh process) with the write of the contacts file `path`
    killed by SIGKILL right after its new data is flushed, before the rename."""
    code = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from warmintro import safefile
        real = safefile.atomic_write
        def slow(path, data, mode=None, **options):
            if path.name == {path.name!r}:
                original = os.fsync
                def fsync_then_die(fd):
                    original(fd)
                    os.kill(os.getpid(), signal.SIGKILL)
                os.fsync = fsync_then_die
            return real(path, data, mode, **options)
        safefile.atomic_write = slow
        """
    )
    return subprocess.run([sys.executable, "-c", code + textwrap.dedent(statements)], capture_output=True, text=True)


def write(tmp_path: Path, text: str, name: str = "contacts.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed from `before` and added in `after`."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def assert_refused(run, path: Path, args: list[str], message: str) -> None:
    """The command exits 2 with `message` on stderr, no traceback, and leaves `path` unchanged."""
    before = path.read_bytes()
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == before


#: Alice reaches Bob through Carol (close, close) or Grace (close, strong): one more ask through
#: Carol makes her look tired and flips the ranking to Grace. Shared by the ledger and API tests.
FLIP = """\
me: alice
people:
  alice: {name: Alice}
  bob: {name: Bob}
  carol: {name: Carol}
  grace: {name: Grace}
  dave: {name: Dave}
relationships:
  - {between: [alice, carol], strength: close}
  - {between: [carol, bob], strength: close}
  - {between: [carol, dave], strength: close}
  - {between: [alice, grace], strength: close}
  - {between: [grace, bob], strength: strong}
"""
