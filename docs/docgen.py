"""What the cog blocks of README.md and docs/*.md run, so the pages cannot drift from the code.

Sessions of the command on the sample files, the command reference (every `--help`, found by
walking the click group) and the API page (every name in `warmintro.__all__`). Each function
returns Markdown for a block to `cog.out`. Run from the repository's root:

    cog -r README.md docs/*.md
"""

from __future__ import annotations

import inspect
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from types import ModuleType
from typing import Any

import click
from click.testing import CliRunner, Result

import warmintro
from warmintro.cli import cli

#: The terminal every session pretends to run in, reading the sample file of this repository.
ENV = {"COLUMNS": "100", "WARMINTRO_CONTACTS": "contacts.yaml"}


def _shown(args: Sequence[str]) -> str:
    """A command line as the reader would type it."""
    return " ".join(a if " " not in a and "'" not in a else repr(a) for a in args)


def _invoke(args: Sequence[str], env: Mapping[str, str] = ENV) -> Result:
    result = CliRunner(env=dict(env)).invoke(cli, list(args), prog_name="warmintro")
    assert result.exit_code == 0, f"warmintro {_shown(args)} exited {result.exit_code}:\n{result.output}"
    return result


def console(text: str) -> str:
    """`text` as a console code block."""
    return "```console\n" + text.rstrip("\n") + "\n```\n"


def session(*args: str, contacts: str | None = None) -> str:
    """A console block of one read-only command on the sample file (or on `contacts`), stdout only."""
    if contacts is None:
        return console(f"$ warmintro {_shown(args)}\n" + _invoke(args).stdout.rstrip())
    full = ("-c", contacts, *args)
    return console(f"$ warmintro {_shown(full)}\n" + _invoke(full, {"COLUMNS": "100"}).stdout.rstrip())


class Scratch:
    """A scratch folder holding copies of files, where commands run one after another.

    `files` maps a name in the folder to the file it copies (a folder copies its files).
    The folder lives until `close`, so a page can run a story over several blocks."""

    def __init__(self, files: Mapping[str, str]) -> None:
        self.folder = tempfile.mkdtemp(prefix="warmintro-docs-")
        for name, source in files.items():
            if os.path.isdir(source):
                for member in sorted(os.listdir(source)):
                    shutil.copyfile(os.path.join(source, member), os.path.join(self.folder, member))
            else:
                shutil.copyfile(source, os.path.join(self.folder, name))

    def _inside(self) -> _Cwd:
        return _Cwd(self.folder)

    def run(self, *commands: Sequence[str], stderr: bool = True) -> str:
        """Each command and what it printed (stdout and stderr as a terminal shows them, or
        stdout alone), as console lines without the fences."""
        out = []
        with self._inside():
            for args in commands:
                result = _invoke(args)
                out.append(f"$ warmintro {_shown(args)}\n" + (result.output if stderr else result.stdout))
        return "".join(out)

    def cat(self, *names: str) -> str:
        """`cat` of files in the folder, as console lines."""
        return "".join(f"$ cat {name}\n" + _read(os.path.join(self.folder, name)) for name in names)

    def close(self) -> None:
        shutil.rmtree(self.folder)


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


class _Cwd:
    """Work in `folder` for a while (CliRunner runs in the current directory)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.back = ""

    def __enter__(self) -> None:
        self.back = os.getcwd()
        os.chdir(self.folder)

    def __exit__(self, *exc: object) -> None:
        os.chdir(self.back)


def edits(*commands: Sequence[str], files: Mapping[str, str] | None = None) -> str:
    """A console block of writing commands run on a scratch copy of the sample (and `files`)."""
    scratch = Scratch({"contacts.yaml": "contacts.yaml", **(files or {})})
    try:
        return console(scratch.run(*commands))
    finally:
        scratch.close()


# The command reference.


def commands(group: click.Group = cli, prefix: str = "warmintro") -> Iterator[tuple[str, click.Command]]:
    """Every visible command under `group`, each group before its own commands, in the order
    `--help` lists them; `group` itself first."""
    if prefix == "warmintro":
        yield prefix, group
    context = click.Context(group, info_name=prefix)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix} {name}")


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading of letters, digits, spaces and backticks."""
    return heading.replace("`", "").strip().lower().replace(" ", "-")


def command_reference() -> str:
    """A contents list, then every command's `--help` under a heading of its own."""
    found = list(commands())
    out = ["| command | what it does |\n| --- | --- |\n"]
    for name, command in found:
        summary = command.get_short_help_str(limit=120).replace("|", "\\|")
        out.append(f"| [`{name}`](#{_anchor(name)}) | {summary} |\n")
    for name, _ in found:
        args = [*name.split()[1:], "--help"]
        result = _invoke(args, {"COLUMNS": "100"})
        out.append(f"\n## `{name}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "".join(out)


# The API page.


class _Written:
    """An annotation as written in the source (`from __future__ import annotations` keeps them
    as strings, which a signature would print quoted)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _unquoted(annotation: Any) -> Any:
    return _Written(annotation) if isinstance(annotation, str) else annotation


def _signature(name: str, obj: Any, wrap: bool = True) -> str:
    """`name(parameters) -> returns`; with `wrap`, one parameter a line when one line would be long."""
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):  # a class whose constructor is built in: its bases say more
        bases = ", ".join(base.__qualname__ for base in getattr(obj, "__bases__", ()))
        return f"{name}({bases or '...'})"
    params = []
    star = False
    for param in signature.parameters.values():
        if param.kind is param.KEYWORD_ONLY and not star:
            params.append("*")
        star = star or param.kind in (param.VAR_POSITIONAL, param.KEYWORD_ONLY)
        params.append(str(param.replace(annotation=_unquoted(param.annotation))))
        if param.kind is param.POSITIONAL_ONLY and all(
            other.kind is not other.POSITIONAL_ONLY for other in list(signature.parameters.values())[len(params) :]
        ):
            params.append("/")
    returns = inspect.Signature.empty if inspect.isclass(obj) else signature.return_annotation
    arrow = "" if returns is inspect.Signature.empty else f" -> {_unquoted(returns)!r}"
    if isinstance(returns, type) and returns is not inspect.Signature.empty:
        arrow = f" -> {returns.__qualname__}"
    one_line = f"{name}({', '.join(params)}){arrow}"
    if not wrap or len(one_line) <= 88 or not params:
        return one_line
    return f"{name}(\n" + "".join(f"    {p},\n" for p in params) + f"){arrow}"


def _documented(obj: Any) -> bool:
    """Whether `obj` has a docstring of its own: a class, a function or a module; a constant or a
    type alias would show its type's."""
    return inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj)


def _doc(obj: Any) -> str:
    if not _documented(obj):
        return ""
    doc = inspect.getdoc(obj) or ""
    # A dataclass without a docstring gets its signature as one: it says nothing more.
    return "" if doc.startswith(f"{getattr(obj, '__name__', '')}(") else doc


def _members(cls: type) -> Iterator[tuple[str, Any]]:
    """The public methods and properties a class defines itself."""
    for member, value in vars(cls).items():
        if member.startswith("_"):
            continue
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if isinstance(value, property) or inspect.isfunction(value):
            yield member, value


def _entry(name: str, obj: Any) -> str:
    if inspect.isclass(obj):
        head = "class " + _signature(name, obj)
    elif inspect.isroutine(obj):
        head = "def " + _signature(name, obj)
    elif inspect.ismodule(obj):
        head = f"import {obj.__name__} as {name}"
    elif isinstance(obj, (str, bytes, int, float, bool)):
        head = f"{name}: {type(obj).__name__}"  # its type, not its value, which changes with releases
    else:
        head = f"{name} = {obj!r}"  # a type alias, a tuple of names...
    out = [f"\n### `{name}`\n\n```python\n{head}\n```\n"]
    if doc := _doc(obj):
        out.append(f"\n{doc}\n")
    if inspect.isclass(obj):
        for member, value in _members(obj):
            if isinstance(value, property):
                typed = value.fget.__annotations__.get("return", "") if value.fget else ""
                line = f"{member}: {typed}" if typed else member
                out.append(f"\n- `{line}` (property)")
            else:
                out.append(f"\n- `{_signature(member, value, wrap=False)}`")
            if summary := inspect.getdoc(value):
                out.append(": " + " ".join(summary.split("\n\n")[0].split()))
            out.append("\n")
    return "".join(out)


def api_reference(package: ModuleType = warmintro) -> str:
    """A contents list, then every name the package exports (its `__all__`, in that order): its
    signature and docstring."""
    out = ["| name | what it is |\n| --- | --- |\n"]
    entries = []
    for name in package.__all__:
        obj = getattr(package, name)
        summary = " ".join(_doc(obj).split("\n\n")[0].split()).replace("|", "\\|")
        if not summary and name == "__version__":
            summary = f"The version of {package.__name__}."
        out.append(f"| [`{name}`](#{_anchor(name)}) | {summary} |\n")
        entries.append(_entry(name, obj))
    return "".join(out + entries)
