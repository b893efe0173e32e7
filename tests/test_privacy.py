"""Privacy: warmintro opens no network connection, writes nothing but the contacts file, its
backup, its lock, its cache and the files it is asked to write, and keeps its cache private.

Every test of the suite runs with sockets refused (see conftest.py); here a fresh interpreter
runs every command under an audit hook that records each socket and each file written, so that
modules imported late, and C code, are watched too.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, SAMPLE, NetworkUsed
from warmintro.cli import cli

ROOT = Path(__file__).resolve().parent.parent

#: Every command, as run in the watched interpreter: {c} the contacts file, {d} a scratch folder.
COMMANDS = [
    ["check"],
    ["check", "--json"],
    ["path", "bob", "--as-of", "2026-11-26"],
    ["path", "alice", "bob", "--json"],
    ["mutual", "bob"],
    ["show", "carol"],
    ["people", "cfo"],
    ["find", "--company", "Pactbank"],
    ["connectors"],
    ["export", "-f", "gexf"],
    ["export", "--out", "{d}/network.graphml"],
    ["draft", "bob", "--purpose", "coaching"],
    ["draft", "bob", "--purpose", "coaching", "--out", "{d}/drafts", "--eml"],
    ["templates", "export", "{d}/templates"],
    ["schema"],
    ["completion", "bash"],
    ["add", "zoe", "--name", "Zoë Lind"],
    ["connect", "zoe", "--strength", "good"],
    ["touch", "zoe", "--date", "2026-11-27"],
    ["import", "linkedin", str(FIXTURES / "import" / "linkedin" / "Connections.csv")],
    ["import", "vcard", str(FIXTURES / "import" / "vcard" / "iphone.vcf")],
    ["map", "--out", "{d}/map.svg"],
    ["draft", "bob", "--purpose", "coaching", "--as-of", "2026-11-26", "--record"],
    ["intros", "update", "2026-11-26-carol-bob", "asked", "--date", "2026-11-27"],
    ["intros"],
    ["followups", "--as-of", "2026-12-31"],
    ["intros", "remove", "2026-11-26-carol-bob", "--force"],
    ["import", "mail", str(FIXTURES / "mail" / "takeout.mbox")],
    ["import", "calendar", str(FIXTURES / "calendar" / "calendar.ics"), "--as-of", "2026-11-26"],
]

WATCHER = textwrap.dedent(
    """
    import json, os, sys

    events = []
    watching = [True]
    WRITES = ("w", "a", "x", "+")
    FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def watch(event, args):
        if not watching[0]:
            return
        if event.startswith("socket."):
            events.append(["socket", event, repr(args)])
        elif event == "open":
            path, mode, flags = args
            if isinstance(path, int):
                return
            if (isinstance(mode, str) and any(c in mode for c in WRITES)) or (flags or 0) & FLAGS:
                events.append(["write", event, os.path.abspath(os.fsdecode(path))])
        elif event in ("os.rename", "os.replace", "os.link", "os.symlink"):
            events.append(["write", event, os.path.abspath(os.fsdecode(args[1]))])
        elif event in ("os.mkdir", "os.remove", "os.rmdir", "os.truncate", "os.chmod", "os.utime", "os.chown"):
            if not isinstance(args[0], int):
                events.append(["write", event, os.path.abspath(os.fsdecode(args[0]))])

    from click.testing import CliRunner
    from warmintro.cli import cli

    commands, contacts, scratch, record = json.loads(sys.argv[1])
    results = []
    sys.addaudithook(watch)
    for command in commands:
        args = [a.replace("{d}", scratch) for a in command]
        result = CliRunner().invoke(cli, ["--contacts", contacts, *args])
        results.append([args, result.exit_code, result.output[-500:]])
    watching[0] = False  # the record itself is the test's
    with open(record, "w", encoding="utf-8") as out:
        json.dump({"events": events, "results": results}, out)
    """
)


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_the_suite_refuses_every_socket() -> None:
    import _socket
    import socket

    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.org", 80))
    with pytest.raises(NetworkUsed):
        socket.getaddrinfo("example.org", 80)
    with pytest.raises(NetworkUsed):
        _socket.socket()  # past the replaced functions: the audit hook


def test_no_command_opens_a_socket_or_writes_outside_its_files(tmp_path: Path) -> None:
    home, work, scratch = tmp_path / "home", tmp_path / "work", tmp_path / "scratch"
    for folder in (home, work, scratch):
        folder.mkdir()
    contacts = work / "contacts.yaml"
    contacts.write_bytes(SAMPLE.read_bytes())
    record = tmp_path / "record.json"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "MPLCONFIGDIR": str(scratch / "matplotlib"),  # matplotlib's own font cache: not warmintro's
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(ROOT),
        "COLUMNS": "100",
    }
    env.pop("WARMINTRO_NO_CACHE", None)
    env.pop("WARMINTRO_CACHE_DIR", None)
    before = {"home": _tree(home), "work": _tree(work)}
    arguments = json.dumps([COMMANDS, str(contacts), str(scratch), str(record)])
    done = subprocess.run(
        [sys.executable, "-c", WATCHER, arguments], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(record.read_text(encoding="utf-8"))
    for args, code, output in found["results"]:
        assert code == 0, (args, output)

    sockets = [e for e in found["events"] if e[0] == "socket"]
    assert sockets == []

    cache = home / ".cache" / "warmintro"
    allowed_in_work = {"contacts.yaml", "contacts.yaml.bak", ".contacts.yaml.lock"}
    # the generated sources of `import mail` and `import calendar`, and their locks
    allowed_in_work |= {
        f"{dot}contacts.{kind}.yaml{lock}" for kind in ("mail", "calendar") for dot, lock in (("", ""), (".", ".lock"))
    }

    def allowed(path: Path) -> bool:
        if path.parent == work:
            temporary = path.name.startswith((".contacts.yaml.", ".contacts.mail.yaml.", ".contacts.calendar.yaml."))
            return path.name in allowed_in_work or (temporary and path.suffix == ".tmp")
        return cache in (path, *path.parents) or scratch in (path, *path.parents) or path == home / ".cache"

    outside = sorted({e[2] for e in found["events"] if e[0] == "write" and not allowed(Path(e[2]))})
    assert outside == []
    # the same seen from the files: what is new in the home folder and beside the contacts file
    assert _tree(work) - before["work"] <= allowed_in_work
    assert {p for p in _tree(home) - before["home"]} <= {".cache", ".cache/warmintro"} | {
        str(p.relative_to(home)) for p in cache.iterdir()
    }


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_cache_files_are_readable_by_the_user_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask: int) -> None:
    monkeypatch.delenv("WARMINTRO_NO_CACHE", raising=False)
    contacts = tmp_path / "contacts.yaml"
    contacts.write_bytes(SAMPLE.read_bytes())
    previous = os.umask(umask)
    try:
        result = CliRunner().invoke(cli, ["--contacts", str(contacts), "path", "bob", "--as-of", "2026-11-26"])
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "warmintro"
    files = list(cache.iterdir())
    assert files and all(p.suffix == ".cache" for p in files)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
