"""Every file warmintro writes goes through one writer, and that writer loses nothing.

A concurrent save is refused, never overwritten, wherever it lands in a write; the replaced
file keeps its owner, group, mode, ACLs and extended attributes (or nothing is written); a
read-only file is refused; the lock file works for every member of a group folder; outputs
(`--out`, drafts, templates) are atomic, never written through a symlink, never over the
contacts file, and replace an existing file only with --force.
"""

from __future__ import annotations

import ast
import os
import stat
import struct
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import warmintro.safefile as safefile
from conftest import ROOT
from warmintro.editing.transaction import edit_contacts
from warmintro.safefile import StaleFile, WriteError, backup_path, lock_path, write_output

ROOT_ONLY = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
LINUX = pytest.mark.skipif(os.uname().sysname != "Linux", reason="renameat2 and xattrs are Linux's")
#: Someone else: a user and a group no test runner is.
OTHER_UID, OTHER_GID, SHARED_GID = 4242, 4343, 4444


@pytest.fixture
def hooks() -> Iterator[dict[str, object]]:
    safefile.TEST_HOOKS.clear()
    yield safefile.TEST_HOOKS  # type: ignore[misc]
    safefile.TEST_HOOKS.clear()


def _sed_i(path: Path, old: bytes, new: bytes) -> None:
    """What `sed -i` does: a new file with the change, renamed over the old one."""
    temp = path.with_name("sedXXXXXX")
    temp.write_bytes(path.read_bytes().replace(old, new))
    os.replace(temp, path)


def _second_time(action):  # a hook for the file's write, not its backup's
    calls = {"n": 0}

    def hook() -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            action()

    return hook


def _touch_edit(path: Path) -> None:
    with edit_contacts(path) as (editor, _):
        editor.set_person_fields("bob", {"phone": "+358 1"})


# --------------------------------------------------------------------------------------------
# A concurrent save is refused, never lost


@pytest.mark.parametrize("point", ["temp-created", "temp-half-written", "temp-written"])
def test_a_save_landing_after_the_temporary_file_is_written_is_refused(sample: Path, hooks, point: str) -> None:
    """The staleness check runs at the last moment: a save landing while warmintro writes its
    temporary file (and the backup, the fsyncs before it) is seen, and kept."""
    seen = {"n": 0}

    def save() -> None:
        seen["n"] += 1
        if seen["n"] == 2:  # the file's own write, after the backup's
            _sed_i(sample, b"Bob Sj\xc3\xb6berg", b"Robert Sj\xc3\xb6berg")

    hooks[point] = save
    with pytest.raises(StaleFile, match="changed on disk"):
        _touch_edit(sample)
    assert b"Robert Sj\xc3\xb6berg" in sample.read_bytes()
    assert b"+358 1" not in sample.read_bytes()
    assert not [p for p in sample.parent.iterdir() if p.name.endswith(".tmp")]


@LINUX
def test_a_save_landing_between_the_check_and_the_rename_is_swapped_back(sample: Path, hooks) -> None:
    """The instant between the last check and the rename: the exchange takes the saved file
    out, sees it is not the one read, swaps it back and refuses."""
    hooks["checked"] = _second_time(lambda: _sed_i(sample, b"Bob Sj\xc3\xb6berg", b"Robert Sj\xc3\xb6berg"))
    with pytest.raises(StaleFile, match="that version is kept"):
        _touch_edit(sample)
    data = sample.read_bytes()
    assert b"Robert Sj\xc3\xb6berg" in data and b"+358 1" not in data
    assert not [p for p in sample.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_save_landing_just_after_the_rename_is_kept_and_reported(sample: Path, hooks) -> None:
    hooks["after-rename"] = lambda: _sed_i(sample, b"Bob Sj\xc3\xb6berg", b"Robert Sj\xc3\xb6berg")
    with pytest.raises(StaleFile, match="warmintro's change is not in it"):
        _touch_edit(sample)
    assert b"Robert Sj\xc3\xb6berg" in sample.read_bytes()


def test_without_the_exchange_a_save_before_the_rename_is_still_refused(sample: Path, hooks, monkeypatch) -> None:
    monkeypatch.setattr(safefile, "_exchange", lambda a, b: False)
    hooks["temp-written"] = _second_time(lambda: _sed_i(sample, b"Bob Sj\xc3\xb6berg", b"Robert Sj\xc3\xb6berg"))
    with pytest.raises(StaleFile, match="changed on disk"):
        _touch_edit(sample)
    assert b"Robert Sj\xc3\xb6berg" in sample.read_bytes()


def test_a_file_created_meanwhile_is_not_replaced_by_a_new_one(tmp_path: Path, hooks) -> None:
    path = tmp_path / "contacts.yaml"
    hooks["checked"] = lambda: path.write_text("people: {x: {name: X}}\n")
    with pytest.raises(StaleFile, match="was created"), edit_contacts(path, create=True) as (editor, _):
        editor.add_person("a", {"name": "A"})
    assert path.read_text() == "people: {x: {name: X}}\n"


@pytest.mark.skipif(not os.environ.get("WARMINTRO_LONG_KILLS"), reason="long: set WARMINTRO_LONG_KILLS")
def test_concurrent_sed_saves_are_never_lost(sample: Path) -> None:
    """Real concurrency: a loop of `sed -i` saves beside a loop of warmintro edits. Every save
    sed reports done is in the file at the end, or was refused to warmintro, never overwritten."""
    import random
    import threading

    rounds = int(os.environ["WARMINTRO_LONG_KILLS"])
    stop = threading.Event()
    saves: list[int] = []

    def sed() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            text = sample.read_text(encoding="utf-8")
            marker = f"# save {n}\n"
            temp = sample.with_name(f"sed{n}")
            temp.write_text(text + marker, encoding="utf-8")
            os.replace(temp, sample)
            saves.append(n)
            stop.wait(random.uniform(0, 0.15))  # an editor saves now and then, not without pause

    thread = threading.Thread(target=sed)
    thread.start()
    refused = 0
    try:
        for i in range(rounds):
            try:
                with edit_contacts(sample) as (editor, _):
                    editor.set_person_fields("bob", {"phone": f"+358 {random.randrange(10**6)}-{i}"})
            except StaleFile:
                refused += 1
    finally:
        stop.set()
        thread.join()
    text = sample.read_text(encoding="utf-8")
    # sed's saves append a line each: the last one sed made is in the file, and every one
    # before it too (a lost save would take its line with it)
    missing = [n for n in saves if f"# save {n}\n" not in text]
    print(f"{rounds} edits, {refused} refused, {len(saves)} saves, {len(missing)} lost")
    assert missing == []


# --------------------------------------------------------------------------------------------
# Owner, group, mode, ACLs, extended attributes; read-only files; the lock in a group folder


@ROOT_ONLY
def test_a_root_edit_keeps_the_owner_group_and_mode_of_the_file_and_its_backup(sample: Path) -> None:
    """sudo warmintro ...: the file and its backup stay the user's, not root's."""
    os.chown(sample, OTHER_UID, OTHER_GID)
    os.chmod(sample, 0o640)
    _touch_edit(sample)
    for path in (sample, backup_path(sample)):
        st = os.stat(path)
        assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (OTHER_UID, OTHER_GID, 0o640), path
    assert os.stat(lock_path(sample)).st_uid == OTHER_UID  # the owner can take the lock next time


def _acl(entries: list[tuple[int, int, int]]) -> bytes:
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", tag, perm, uid) for tag, perm, uid in entries)


@LINUX
def test_acls_and_extended_attributes_are_kept(sample: Path) -> None:
    acl = _acl(
        [
            (0x01, 6, 0xFFFFFFFF),
            (0x02, 4, OTHER_UID),
            (0x04, 4, 0xFFFFFFFF),
            (0x10, 4, 0xFFFFFFFF),
            (0x20, 0, 0xFFFFFFFF),
        ]
    )
    try:
        os.setxattr(sample, "user.origin", b"exported from the CRM")
        os.setxattr(sample, "system.posix_acl_access", acl)
    except OSError as exc:
        pytest.skip(f"this filesystem keeps no ACLs or user attributes: {exc}")
    _touch_edit(sample)
    for path in (sample, backup_path(sample)):
        assert os.getxattr(path, "user.origin") == b"exported from the CRM"
        assert os.getxattr(path, "system.posix_acl_access") == acl
    assert b"+358 1" in sample.read_bytes()


@ROOT_ONLY
def test_an_owner_that_cannot_be_kept_refuses_the_write(tmp_path: Path) -> None:
    """A user who may not give the new file the old one's owner (someone else's file in a
    shared folder): nothing is written, and the message says whose file it is and what to do."""
    import shutil
    import tempfile

    from conftest import SAMPLE

    _touch_edit(shutil.copy(SAMPLE, tmp_path / "warm.yaml"))  # every module the edit needs, imported
    folder = Path(tempfile.mkdtemp(prefix="warmintro-shared-"))
    try:
        os.chmod(folder, 0o777)
        sample = folder / "contacts.yaml"
        shutil.copyfile(SAMPLE, sample)
        os.chown(sample, OTHER_UID + 1, OTHER_GID)
        os.chmod(sample, 0o666)
        before = sample.read_bytes()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child, as another user
            os.close(read)
            message = b"written"
            try:
                os.setegid(OTHER_GID)
                os.seteuid(OTHER_UID)
                _touch_edit(sample)
            except BaseException as exc:
                message = str(exc).encode()
            os.write(write, message)
            os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as pipe:
            message = pipe.read().decode()
        os.waitpid(pid, 0)
        assert f"it belongs to {OTHER_UID + 1}:{OTHER_GID}" in message
        assert "nothing was written. Run the command as its owner" in message
        assert sample.read_bytes() == before and not backup_path(sample).exists()
        assert os.stat(sample).st_uid == OTHER_UID + 1
    finally:
        shutil.rmtree(folder)


def test_an_attribute_that_cannot_be_kept_refuses_the_write(sample: Path, monkeypatch) -> None:
    before = sample.read_bytes()
    monkeypatch.setattr(safefile, "_xattrs", lambda path: [("security.label", b"secret")])

    def refuse(*args: object) -> None:
        raise OSError(95, "Operation not supported")

    monkeypatch.setattr(os, "setxattr", refuse, raising=False)
    monkeypatch.setattr(os, "getxattr", refuse, raising=False)
    with pytest.raises(WriteError, match=r"extended attribute security.label .*nothing was written"):
        _touch_edit(sample)
    assert sample.read_bytes() == before


def test_a_read_only_file_is_refused_even_for_root(run, sample: Path) -> None:
    os.chmod(sample, 0o444)
    before = sample.read_bytes()
    result = run("touch", "alice", "carol")
    assert result.exit_code == 2
    assert "is read-only (mode 0444); nothing was written. Make it writable (chmod u+w" in result.stderr
    assert sample.read_bytes() == before and not backup_path(sample).exists()


@ROOT_ONLY
def test_the_lock_file_in_a_setgid_group_folder_is_the_group_s(run) -> None:
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="warmintro-team-"))  # a folder the other member can reach
    request_cleanup = shutil.rmtree
    os.chown(folder, 0, SHARED_GID)
    os.chmod(folder, 0o2775)
    contacts = folder / "contacts.yaml"
    contacts.write_text("people:\n  a: {name: A}\n  b: {name: B}\n")
    old_umask = os.umask(0o077)
    try:
        assert run("connect", "a", "b", contacts=contacts).exit_code == 0
    finally:
        os.umask(old_umask)
    st = os.stat(lock_path(contacts))
    assert st.st_gid == SHARED_GID and stat.S_IMODE(st.st_mode) == 0o660
    # another member of the group can now take it (a subprocess as that user)
    script = f"import fcntl, os; fd = os.open({str(lock_path(contacts))!r}, os.O_RDWR); fcntl.flock(fd, fcntl.LOCK_EX)"
    done = subprocess.run(
        ["/usr/bin/python3", "-c", script],
        user=OTHER_UID,
        group=SHARED_GID,
        extra_groups=[SHARED_GID],
        capture_output=True,
        check=False,
    )
    request_cleanup(folder)
    assert done.returncode == 0, done.stderr


def test_a_lock_file_this_user_cannot_write_still_locks(sample: Path) -> None:
    lock = lock_path(sample)
    lock.touch()
    os.chmod(lock, 0o444)
    with safefile.locked(sample):  # opened read-only: flock works all the same
        pass


# --------------------------------------------------------------------------------------------
# Outputs: one writer


def test_an_output_is_never_written_over_the_contacts_file_even_with_force(run, sample: Path) -> None:
    before = sample.read_bytes()
    for name in (sample, backup_path(sample), lock_path(sample)):
        result = run("export", "-f", "json", "--out", str(name), "--force")
        assert result.exit_code == 2, result.output
        assert "warmintro never writes a graph over it, even with --force" in result.stderr
    link = sample.with_name("link.json")
    link.symlink_to(sample)
    result = run("export", "-f", "json", "--out", str(link), "--force")
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert sample.read_bytes() == before


def test_an_existing_output_is_replaced_only_with_force_keeping_its_mode(run, tmp_path: Path) -> None:
    out = tmp_path / "net.graphml"
    out.write_text("mine")
    os.chmod(out, 0o640)
    refused = run("export", "--out", str(out))
    assert refused.exit_code == 2
    assert f"{out} exists already; nothing was written (pass --force to replace it)" in refused.stderr
    assert out.read_text() == "mine"
    assert run("export", "--out", str(out), "--force").exit_code == 0
    assert out.read_text().startswith("<?xml") and stat.S_IMODE(os.stat(out).st_mode) == 0o640


@pytest.mark.parametrize("dangling", [True, False])
def test_outputs_never_write_through_a_symlink(run, tmp_path: Path, dangling: bool) -> None:
    victim = tmp_path / "victim.txt"
    if not dangling:
        victim.write_text("keep me")
    out = tmp_path / "map.svg"
    out.symlink_to(victim)
    result = run("map", "alice", "--out", str(out), "--force")
    assert result.exit_code == 2
    assert "is a symbolic link" in result.stderr and "does not write through it" in result.stderr
    assert out.is_symlink()
    assert (not victim.exists()) if dangling else victim.read_text() == "keep me"


def test_an_output_is_atomic(tmp_path: Path, hooks) -> None:
    out = tmp_path / "x.json"
    out.write_text("old")
    seen: list[str] = []
    hooks["temp-half-written"] = lambda: seen.append(out.read_text())
    write_output(out, b"new" * 1000, force=True)
    assert seen == ["old"] and out.read_bytes() == b"new" * 1000


def test_an_output_appearing_meanwhile_is_not_replaced(tmp_path: Path, hooks) -> None:
    out = tmp_path / "x.json"
    hooks["checked"] = lambda: out.write_text("theirs")
    with pytest.raises(WriteError, match="appeared while warmintro was writing it"):
        write_output(out, b"ours")
    assert out.read_text() == "theirs"


_STATES = ["absent", "file", "read-only file", "link to a file", "dangling link", "folder", "the contacts file"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(state=st.sampled_from(_STATES), force=st.booleans(), data=st.binary(max_size=300))
def test_an_output_is_exactly_the_data_at_its_name_or_nothing_changes(
    tmp_path_factory: pytest.TempPathFactory, state: str, force: bool, data: bytes
) -> None:
    """The law of the one writer: whatever stands at the name, either the name becomes a
    regular file holding exactly `data` (only where that was allowed: nothing there, or a
    writable file and --force), or WriteError is raised and no file anywhere changed."""
    where = tmp_path_factory.mktemp("out")
    contacts, elsewhere, out = where / "contacts.yaml", where / "elsewhere.txt", where / "out.bin"
    contacts.write_bytes(b"people: {}\n")
    elsewhere.write_bytes(b"keep")
    if state in ("file", "read-only file"):
        out.write_bytes(b"old")
        if state == "read-only file":
            os.chmod(out, 0o444)
    elif state == "link to a file":
        out.symlink_to(elsewhere)
    elif state == "dangling link":
        out.symlink_to(where / "nowhere")
    elif state == "folder":
        out.mkdir()
    elif state == "the contacts file":
        out = contacts

    def snapshot() -> dict[str, object]:
        return {
            p.name: (p.is_symlink(), p.read_bytes() if p.is_file() and not p.is_symlink() else None)
            for p in where.iterdir()
        }

    before = snapshot()
    allowed = state == "absent" or (state == "file" and force)
    try:
        write_output(out, data, force=force, protected=safefile.protected_files(contacts))
    except WriteError:
        assert not allowed
        assert snapshot() == before
        return
    assert allowed
    assert not out.is_symlink() and out.read_bytes() == data
    after = snapshot()
    assert {k: v for k, v in after.items() if k != out.name} == {k: v for k, v in before.items() if k != out.name}


def test_templates_export_refuses_a_dangling_symlink(run, tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "ask.j2").symlink_to(tmp_path / "elsewhere.txt")
    result = run("templates", "export", str(folder))
    assert result.exit_code == 2 and "ask.j2" in result.stderr
    forced = run("templates", "export", str(folder), "--force")
    assert forced.exit_code == 2 and "is a symbolic link" in forced.stderr
    assert not (tmp_path / "elsewhere.txt").exists()


def test_drafts_never_write_through_a_symlink(run, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    first = run("draft", "alice", "bob", "--out", str(folder), "--as-of", "2026-11-26")
    assert first.exit_code == 0, first.output
    target = sorted(folder.iterdir())[0]
    target.unlink()
    target.symlink_to(tmp_path / "elsewhere.txt")
    result = run("draft", "alice", "bob", "--out", str(folder), "--as-of", "2026-11-26", "--force")
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert not (tmp_path / "elsewhere.txt").exists()


def test_a_template_include_cannot_follow_a_symlink_out_of_its_folder(run, tmp_path: Path, sample: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "leak.j2").symlink_to(secret)
    (folder / "ask.j2").write_text("{% include 'leak.j2' %}\n")
    result = run("draft", "alice", "bob", "--templates", str(folder), "--as-of", "2026-11-26")
    assert result.exit_code == 2, result.output
    assert "the secret" not in result.output
    assert "outside the templates folder" in result.stderr
    # the same folder named by the contacts file
    text = sample.read_text(encoding="utf-8")
    assert "settings:" not in text
    sample.write_text(f"{text}\nsettings:\n  templates: {folder}\n", encoding="utf-8")
    result = run("draft", "alice", "bob", "--as-of", "2026-11-26")
    assert result.exit_code == 2, result.output
    assert "the secret" not in result.output and "outside the templates folder" in result.stderr


# --------------------------------------------------------------------------------------------
# The class: every write goes through the writer

#: Calls that write a file; only warmintro/safefile.py makes them.
_WRITING_CALLS = {"write_text", "write_bytes", "replace", "rename", "copy", "copyfile", "copy2", "move", "mkstemp"}
_ALLOWED = {"safefile.py"}


def _writes(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        method = isinstance(func, ast.Attribute)  # a bare replace() is dataclasses'
        if method and isinstance(func.value, ast.Name) and func.value.id == "copy":
            continue  # copy.copy(x): the copy module's shallow copy of an object, not of a file
        if method and name in _WRITING_CALLS and not (name == "replace" and _is_str_replace(node)):
            found.append((node.lineno, name))
        if name == "open" and any(
            isinstance(arg, ast.Constant) and isinstance(arg.value, str) and set(arg.value) & set("wax+")
            for arg in [*node.args[1:], *(k.value for k in node.keywords if k.arg == "mode")]
        ):
            found.append((node.lineno, "open for writing"))
        if name in ("open", "fdopen") and any(
            "O_WRONLY" in ast.unparse(a) or "O_CREAT" in ast.unparse(a) for a in node.args
        ):
            found.append((node.lineno, "os.open for writing"))
    return found


def _is_str_replace(node: ast.Call) -> bool:
    """`text.replace(a, b)`, not `os.replace(src, dst)` nor `path.replace(target)`."""
    func = node.func
    if not isinstance(func, ast.Attribute):
        return False
    return not (isinstance(func.value, ast.Name) and func.value.id in ("os", "shutil")) and len(node.args) != 1


def test_no_module_but_the_writer_writes_files() -> None:
    offenders = []
    for path in sorted((ROOT / "warmintro").rglob("*.py")):
        if path.name in _ALLOWED:
            continue
        offenders += [f"{path.relative_to(ROOT)}:{line}: {what}" for line, what in _writes(ast.parse(path.read_text()))]
    assert offenders == []


def test_the_guard_sees_each_way_of_writing() -> None:
    source = (
        "open(p, 'w')\nopen(p, mode='ab')\npath.write_text(t)\np.write_bytes(b)\nos.replace(a, b)\n"
        "shutil.copy(a, b)\nos.open(p, os.O_WRONLY)\np.replace(q)\n'x'.replace('a', 'b')\nopen(p)\n"
        "replace(record, x=1)\ncopy.copy(network)\nshutil.copy2(a, b)\n"
    )
    assert [line for line, _ in _writes(ast.parse(source))] == [1, 2, 3, 4, 5, 6, 7, 8, 13]
