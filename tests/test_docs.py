"""The README stays true: every command is documented, generated sections match the code."""

from __future__ import annotations

import re
import subprocess
import sys

import click

from conftest import ROOT
from warmintro.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, f"{prefix}{name} "))
    return found


def test_every_command_has_help_and_is_in_the_readme() -> None:
    for name, command in _commands(cli):
        assert command.help and len(command.help.split()) >= 5, f"'{name}' needs a docstring"
        assert f"warmintro {name}" in README, f"README does not document 'warmintro {name}'"


def test_readme_generated_sections_are_current() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "--check-fail-msg=run: cog -r README.md", "README.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_readme_has_exactly_two_setup_commands() -> None:
    assert README.count("<!-- setup:run -->") == 1
    assert README.count("<!-- setup:test -->") == 1
    assert "pip install . && warmintro path alice bob" in README


def test_security_md_names_tests_that_exist() -> None:
    """SECURITY.md says which test holds each guarantee (`file.py::test`, or `::test` for one
    more in the file named last): every test it names must exist."""
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    named = re.findall(r"`(test_\w+\.py)?(?:::(test_\w+))?`", text)
    assert sum(1 for _, test in named if test) > 20
    file = ""
    for given, test in named:
        file = given or file
        if test:
            source = (ROOT / "tests" / file).read_text(encoding="utf-8")
            assert f"def {test}(" in source, f"SECURITY.md names {file}::{test}, which does not exist"
    assert "(SECURITY.md)" in README
