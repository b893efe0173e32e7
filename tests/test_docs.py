"""The docs stay true: every command is documented, generated sections match the code, links lead
somewhere, and the README stays a guide."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Literal

import click
import pytest

import warmintro
from conftest import ROOT
from warmintro.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"
COMMANDS = (DOCS / "commands.md").read_text(encoding="utf-8")
#: Every page a reader may follow a link from.
PAGES = sorted([ROOT / "README.md", ROOT / "SECURITY.md", *DOCS.rglob("*.md")])


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, f"{prefix}{name} "))
    return found


def test_every_command_has_help_and_is_in_the_command_reference() -> None:
    for name, command in _commands(cli):
        if command.hidden:
            continue
        assert command.help and len(command.help.split()) >= 5, f"'{name}' needs a docstring"
        assert f"## `warmintro {name}`" in COMMANDS, f"docs/commands.md does not document 'warmintro {name}'"


def test_generated_sections_are_current() -> None:
    """README.md and every page of docs/ with cog blocks match what the code prints today."""
    pages = ["README.md", *sorted(str(page.relative_to(ROOT)) for page in DOCS.glob("*.md"))]
    out = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "--check-fail-msg=run: cog -r README.md docs/*.md", *pages],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_ci_checks_every_page_with_cog_blocks() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "cog --check README.md docs/*.md" in ci
    assert "[[[cog" in README
    for page in ("commands.md", "api.md"):
        assert "[[[cog" in (DOCS / page).read_text(encoding="utf-8")


def test_readme_has_exactly_two_setup_commands() -> None:
    assert README.count("<!-- setup:run -->") == 1
    assert README.count("<!-- setup:test -->") == 1
    assert "pip install . && warmintro path alice bob" in README


def test_readme_stays_a_guide() -> None:
    """The README is the guide, under 500 lines; the reference and the long topics live in docs/."""
    lines = README.count("\n")
    assert lines < 500, f"README.md has {lines} lines: move a topic to docs/"
    for section in ("## Set-up", "## The contacts file", "## Using it as a library"):
        assert section in README
    for command in ("path", "mutual", "draft", "intros", "followups", "import linkedin", "import mail"):
        assert f"warmintro {command}" in README, f"the README's workflow does not show 'warmintro {command}'"
    assert "docs/commands.md" in README and "docs/api.md" in README


def test_api_page_documents_everything_the_package_exports() -> None:
    api = (DOCS / "api.md").read_text(encoding="utf-8")
    for name in warmintro.__all__:
        assert f"\n### `{name}`\n" in api, f"docs/api.md does not document '{name}': run cog -r docs/api.md"


def _docgen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docgen", DOCS / "docgen.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_api_page_follows_whatever_all_holds() -> None:
    """The generator documents each kind of name a package may export, in `__all__`'s order."""

    def ask(network: object, *, purpose: str | None = None) -> str:
        """Draft an ask.

        More about it."""
        return ""

    @dataclasses.dataclass
    class Found:
        who: str
        warmth: float = 0.5

        @property
        def label(self) -> str:
            """Who, for people."""
            return self.who

    class Oops(ValueError):
        """Something went wrong."""

    package = ModuleType("fake")
    package.__all__ = ["__version__", "ask", "Found", "Oops", "Strength", "json"]  # type: ignore[attr-defined]
    package.__version__ = "9.9"  # type: ignore[attr-defined]
    package.ask, package.Found, package.Oops = ask, Found, Oops  # type: ignore[attr-defined]
    package.Strength = Literal["close", "good"]  # type: ignore[attr-defined]
    package.json = json  # type: ignore[attr-defined]
    page = _docgen().api_reference(package)
    assert [line for line in page.splitlines() if line.startswith("### ")] == [
        "### `__version__`",
        "### `ask`",
        "### `Found`",
        "### `Oops`",
        "### `Strength`",
        "### `json`",
    ]
    assert "| [`ask`](#ask) | Draft an ask. |" in page
    assert "def ask(network: object, *, purpose: str | None = None) -> str\n" in page
    assert "\nMore about it.\n" in page
    assert "class Found(who: str, warmth: float = 0.5)\n" in page
    assert "- `label: str` (property): Who, for people." in page
    assert "class Oops(ValueError)\n" in page
    assert "__version__: str\n" in page and "9.9" not in page
    assert "Strength = typing.Literal['close', 'good']\n" in page
    assert "import json as json\n" in page
    assert "str(object=" not in page  # a constant never shows its type's docstring


def test_docs_index_links_every_page() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for page in DOCS.glob("*.md"):
        if page.name != "README.md":
            assert f"]({page.name})" in index or f"]({page.name}#" in index, f"docs/README.md does not link {page.name}"


# Links: every relative link leads to a file, and every #anchor to a heading of that file.

_FENCE = re.compile(r"^```.*?^```[^\n]*$", re.S | re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HEADING = re.compile(r"^#{1,6} +(.+?) *#*$", re.M)


def _prose(text: str) -> str:
    """The text a reader sees as Markdown: without code blocks and comments (cog's code)."""
    return _FENCE.sub("", _COMMENT.sub("", text))


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces made hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's text only
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    found: set[str] = set()
    for heading in _HEADING.findall(_prose(page.read_text(encoding="utf-8"))):
        base = anchor(heading)
        slug, n = base, 0
        while slug in found:
            n += 1
            slug = f"{base}-{n}"
        found.add(slug)
    return found


def links(page: Path) -> list[str]:
    return _LINK.findall(_prose(page.read_text(encoding="utf-8")))


def test_anchor_follows_github() -> None:
    assert anchor("Reaching anyone at a company: `warmintro find`") == "reaching-anyone-at-a-company-warmintro-find"
    assert anchor("How paths are ranked: the warmth model") == "how-paths-are-ranked-the-warmth-model"
    assert anchor("`__version__`") == "__version__"
    assert anchor("Set-up") == "set-up"


def test_links_are_found() -> None:
    text = "See [a](b.md), ![pic, with [brackets]](c.svg) and\n[two\nlines](d.md#x).\n```\n[no](e.md)\n```\n"
    assert _LINK.findall(_prose(text)) == ["b.md", "c.svg", "d.md#x"]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_relative_links_resolve(page: Path) -> None:
    found = links(page)
    for target in found:
        if re.match(r"[a-z]+:", target):  # https:, mailto:: not ours to check offline
            continue
        path, _, fragment = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        where = f"{page.relative_to(ROOT)} links to {target}"
        assert resolved.exists(), f"{where}, which does not exist"
        assert ROOT in resolved.parents or resolved == ROOT, f"{where}, outside the repository"
        if fragment:
            assert resolved.suffix == ".md", f"{where}: an anchor into a file that is not Markdown"
            assert fragment in anchors(resolved), f"{where}: no heading there has that anchor"


def test_every_page_is_checked_for_links() -> None:
    assert sum(len(links(page)) for page in PAGES) > 60


@pytest.mark.parametrize("page", ["README.md", "docs/library.md"])
def test_library_examples_run(page: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The Python examples run as written, on the sample, from the repository's root."""
    blocks = re.findall(r"^```python\n(.*?)^```$", (ROOT / page).read_text(encoding="utf-8"), re.S | re.M)
    assert blocks, f"{page} has no Python example"
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(block, page, "exec"), {})
    assert "alice" in capsys.readouterr().out


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
