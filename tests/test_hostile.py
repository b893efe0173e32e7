"""Hostile contacts files, one test each: what a broken, malicious or simply strange file does.

Every one ends in a clear message and exit 2 (or a correct answer), within seconds, never a
traceback; text from the file is shown as text, never as markup, escape codes or template code.
The worst of them also run in a separate process with its memory capped (`test_bounded_...`).
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rich.cells import cell_len

from fuzzing import time_limit, unsafe_character
from warmintro.cli import cli
from warmintro.sources.identity import MAX_PAIRS

#: Seconds any hostile file may cost a command (they take well under one; CI machines are slow).
LIMIT = 20.0


@pytest.fixture(autouse=True)
def _debug(monkeypatch: pytest.MonkeyPatch) -> None:
    # an unexpected exception fails the test; the cache is on, as it is for users (in tmp_path)
    monkeypatch.setenv("WARMINTRO_DEBUG", "1")


def invoke(contacts: Path | str, *args: str, env: dict[str, str] | None = None) -> Result:
    with time_limit(LIMIT):
        result = CliRunner(env=env).invoke(cli, ["--contacts", str(contacts), *args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def refused(contacts: Path | str, *args: str) -> str:
    """Run a command on a bad file: exit 2, a message naming the file, nothing written."""
    before = _state(Path(contacts))
    result = invoke(contacts, *args)
    assert result.exit_code == 2, result.output
    assert str(contacts) in result.stderr, result.stderr
    assert _state(Path(contacts)) == before
    return result.stderr


def _state(path: Path) -> object:
    try:
        return path.read_bytes() if path.is_file() else sorted(os.listdir(path.parent))
    except OSError:
        return None


def write(tmp_path: Path, text: str | bytes, name: str = "contacts.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def located(message: str, path: Path) -> tuple[int, int]:
    """The line and column of the first problem in `message` (which must have both)."""
    match = re.search(rf"{re.escape(str(path))}:(\d+):(\d+): ", message)
    assert match, message
    return int(match.group(1)), int(match.group(2))


def check_refuses(tmp_path: Path, text: str, pattern: str) -> str:
    """`check` refuses the file `text` with a message matching `pattern`, at a line and column."""
    path = write(tmp_path, text)
    message = refused(path, "check")
    assert re.search(pattern, message), message
    located(message, path)
    return message


# --------------------------------------------------------------------------------------------
# Alias bombs


def _laughs(prefix: str, make: str, levels: int = 9, width: int = 10) -> str:
    """A billion-laughs ladder: each level `width` aliases of the one below (10^9 at the top)."""
    lines = [f"{prefix}l0: &l0 {make}"]
    for level in range(1, levels + 1):
        lines.append(f"{prefix}l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


ALIAS_BOMBS = {
    "lists in an unknown field": "people:\n  a:\n    name: A\n" + _laughs("    ", "[lol, lol]"),
    "lists at the top level": _laughs("", "[lol, lol]") + "people:\n  a: {name: A}\n",
    "merge keys": "people:\n  a:\n    name: A\n    m0: &m0 {k: v}\n"
    + "".join(f"    m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * 10)}]}}\n" for i in range(1, 12)),
    "merge keys into a person": "defs:\n  d0: &m0 {name: A}\n"
    + "".join(f"  d{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * 10)}]}}\n" for i in range(1, 12))
    + "people:\n  a:\n    <<: *m11\n",
    "tags": "people:\n  a:\n    name: A\n    tags: &t0 [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"  a{i}:\n    name: A{i}\n    tags: &t{i} [{', '.join([f'*t{i - 1}'] * 10)}]\n" for i in range(1, 10)),
    "one big mapping as every person": "x: &P {"
    + ", ".join(f"k{i}: v" for i in range(20000))
    + "}\npeople:\n"
    + "".join(f"  a{i}: *P\n" for i in range(20000)),
    "one big mapping as every relationship": "people: {a: {name: A}, b: {name: B}}\nx: &R {between: [a, b], "
    + ", ".join(f"k{i}: v" for i in range(20000))
    + "}\nrelationships:\n"
    + "".join("  - *R\n" for _ in range(20000)),
    "one long name for everyone": f"people:\n  a: {{name: &n {'A' * 90_000}}}\n"
    + "".join(f"  p{i}: {{name: *n}}\n" for i in range(50_000)),
}


@pytest.mark.parametrize("text", ALIAS_BOMBS.values(), ids=ALIAS_BOMBS.keys())
def test_alias_bombs_fail_within_seconds(tmp_path: Path, text: str) -> None:
    with time_limit(LIMIT):  # a watchdog: "seconds, not hours"; timings are in SECURITY.md
        check_refuses(tmp_path, text, "expand too far|should be text, not a list")


@pytest.mark.parametrize(
    "text",
    [
        "people:\n  a: &a {name: A, <<: *a}\n",
        "people:\n  a: {name: A, history: &h [{company: X, <<: *h}]}\n",
        "people:\n  a: &a {name: A, lolol: *a}\n",
        "people:\n  a: {name: A, lolol: &n [x, *n]}\n",
        "people: &p\n  a: {name: A, <<: *p}\n",
    ],
    ids=["merge into itself", "merge into its own list", "a field holding its person", "a list in itself", "people"],
)
def test_an_alias_inside_its_own_anchor_is_an_error_not_a_recursion(tmp_path: Path, text: str) -> None:
    check_refuses(tmp_path, text, r"refers to a value that contains it|nested more than 200 levels")


# --------------------------------------------------------------------------------------------
# Deep, long, binary, badly encoded


@pytest.mark.parametrize(
    "text",
    [
        "people:\n  a: {name: A, lolol: " + "[" * 20000 + "]" * 20000 + "}\n",
        "people:\n  a: {name: A, lolol: " + "{a: " * 20000 + "1" + "}" * 20000 + "}\n",
        # 20,000 levels of block indentation would be a 200 MB file; 2,000 are past every limit too
        "people:\n  a:\n    name: A\n    lolol:\n" + "".join(" " * (i + 5) + "-\n" for i in range(2000)),
        "people:\n  " + "? " * 20000 + "a\n",
    ],
    ids=["flow lists", "flow mappings", "block lists", "complex keys"],
)
def test_20000_levels_of_nesting_are_refused_with_their_place(tmp_path: Path, text: str) -> None:
    check_refuses(tmp_path, text, "nest")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("people:\n  a: {name: " + "A" * (20 << 20) + "}\n", "20,971,520 characters long"),
        ("people:\n  a:\n    name: A\n    about: " + "word " * (4 << 20) + "\n", "characters long"),
        ("people:\n  a: {name: A, lolol: " + "x" * (20 << 20) + "}\n", "20,971,520 characters long"),
        ("A" * (20 << 20), "20,971,520 characters long"),
    ],
    ids=["a name", "an about", "an unknown field", "a bare word"],
)
def test_a_20_megabyte_line_fails_within_seconds(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with time_limit(LIMIT):
        stderr = refused(path, "check")
    assert message in stderr
    assert len(stderr) < 10_000  # the message quotes the file, but not all of it


def test_a_long_line_of_people_loads(tmp_path: Path) -> None:
    people = ", ".join(f"p{i}: {{name: P{i}}}" for i in range(50_000))
    rels = ", ".join(f"{{between: [p{i}, p{i + 1}]}}" for i in range(49_999))
    path = write(tmp_path, f"me: p0\npeople: {{{people}}}\nrelationships: [{rels}]\n")
    result = invoke(path, "--no-cache", "path", "p3", "--json")  # (the cache is tested elsewhere)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["paths"][0]["people"] == ["p0", "p1", "p2", "p3"]


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"people:\n  a: {name: A\x00B}\n", (2, 14)),
        (b"people:\n  a: {name: \xc3\xa9\xc3\xa9\x07}\n", (2, 15)),
        (b"people:\n  a: {name: A}\n\x1b[2J\n", (3, 1)),
    ],
    ids=["NUL", "a bell after accents", "an escape at the start of a line"],
)
def test_control_characters_in_the_file_are_refused_with_line_and_column(
    tmp_path: Path, data: bytes, where: tuple[int, int]
) -> None:
    path = write(tmp_path, data)
    message = refused(path, "check")
    assert located(message, path) == where
    assert "which YAML does not allow" in message
    assert "\x1b" not in message and "\x00" not in message and "\x07" not in message


def test_binary_data_is_refused_with_the_place_of_the_first_bad_byte(tmp_path: Path) -> None:
    path = write(tmp_path, b"people:\n  a: {name: A}\n" + bytes(range(256)) * 40)
    message = refused(path, "check")
    assert located(message, path) == (4, 118)  # bytes 0-127 hold a line break
    assert "byte 0x80 is not UTF-8 text" in message


@pytest.mark.parametrize(
    ("encoding", "bom", "named"),
    [
        ("utf-16-le", b"\xff\xfe", "UTF-16"),
        ("utf-16-be", b"\xfe\xff", "UTF-16"),
        ("utf-16-le", b"", "UTF-16"),
        ("utf-16-be", b"", "UTF-16"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32"),
        ("utf-32-be", b"", "UTF-32"),
    ],
)
def test_utf16_and_utf32_files_are_named_with_or_without_a_bom(
    tmp_path: Path, encoding: str, bom: bytes, named: str
) -> None:
    path = write(tmp_path, bom + "me: alice\npeople:\n  alice: {name: Alice}\n".encode(encoding))
    message = refused(path, "check")
    assert f"is {named} encoded (save it as UTF-8" in message
    refused(path, "add", "zoe", "--name", "Zoë")


def test_invalid_utf8_is_refused_with_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, b"people:\n  a: {name: Ren\xe9e}\n")  # Latin-1, not UTF-8
    message = refused(path, "check")
    assert located(message, path) == (2, 16)
    refused(path, "connect", "a", "a")


# --------------------------------------------------------------------------------------------
# Tags, keys and types


@pytest.mark.parametrize(
    "text",
    [
        "people:\n  a: {name: !!python/object/apply:os.system ['touch {marker}']}\n",
        "people:\n  a: {name: A, x: !!python/object/new:os.system ['touch {marker}']}\n",
        "!!python/object/apply:os.system ['touch {marker}']\n",
        "people:\n  !!python/object/apply:os.system ['touch {marker}']: {name: A}\n",
        "people:\n  a: {name: A, x: !!python/name:os.system }\n",
        "people:\n  a: {name: A, tags: !!python/tuple [x]}\n",
        "people:\n  a: {name: A, x: !<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']}\n",
        "people:\n  a: {name: !custom A}\n",
    ],
)
def test_python_tags_never_run_and_are_refused(tmp_path: Path, text: str) -> None:
    marker = tmp_path / "pwned"
    path = write(tmp_path, text.replace("{marker}", str(marker)))
    message = refused(path, "check")
    assert "unsupported YAML tag" in message or "keys must be plain words" in message
    located(message, path)
    refused(path, "add", "zoe", "--name", "Zoë")
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("people:\n  [a, b]: {name: A}\n", "a key in 'people' is a list"),
        ("people:\n  {x: 1}: {name: A}\n", "a key in 'people' is a mapping"),
        ("people:\n  ? [a]\n  : {name: A}\n", "a key in 'people' is a list"),
        ("people:\n  ~: {name: A}\n", "not a valid person id"),
        ("people:\n  a: {name: A}\n  b: {name: B}\nrelationships:\n  - between: [1, 2]\n", "unknown person '1'"),
        ("people: {a: {name: A}}\nrelationships:\n  - between: [[a], {b: c}]\n", "should be text, not a list"),
        ("people: {a: {name: A}}\nrelationships:\n  - between: a\n", "needs exactly two person ids"),
        ("people: {a: {name: A}}\nrelationships: {a: b}\n", "'relationships' should be a list"),
        ("people: [a, b]\n", "'people' should be a mapping"),
        ("people: {a: [A]}\n", "person 'a' should be a mapping"),
        ("people: {a: {name: [A]}}\n", "the name of person 'a' should be text, not a list"),
        ("me: [a]\npeople: {a: {name: A}}\n", "'me' should be text, not a list"),
        ("people: {a: {name: A, tags: {x: y}}}\n", "should be a list like [a, b], not a mapping"),
        ("people: {a: {name: A}}\nsettings: [1]\n", "'settings' should be a mapping"),
        ("people: {a: {name: A}}\nsettings: {max_hops: 99999999999999999999999}\n", "'max_hops' must be"),
        ("people: {a: {name: A}}\nsettings: {half_life_years: 1e400}\n", "finite number"),
        ("people: {a: {name: A}}\nsettings: {warmth: {close: .nan}}\n", "should be a number, not '.nan'"),
        ("42\n", "should be a mapping"),
    ],
)
def test_keys_and_values_of_the_wrong_type_are_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    assert message in refused(path, "check")


def test_numbers_and_words_yaml_would_convert_are_ids_and_names_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, "me: 1\npeople:\n  1: {name: no}\n  2: {name: 0x10}\nrelationships:\n  - between: [1, 2]\n")
    result = invoke(path, "path", "2", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["paths"][0]["people"] == ["1", "2"]
    shown = invoke(path, "show", "2", "--json")
    assert json.loads(shown.stdout)["name"] == "0x10"


# --------------------------------------------------------------------------------------------
# Names that are markup, escape codes, templates, right-to-left text, emoji

HOSTILE_NAMES = """\
me: a
people:
  a: {name: "[bold red]Alice[/] \\e[31mRed\\e[0m", company: "[link=https://evil.example]Click[/link]",
      title: "\\e]8;;http://evil.example\\e\\\\x\\e]8;;\\e\\\\", email: "a@example.org\\r\\nBcc: x@evil.example"}
  b: {name: "محمد عبد الله", company: "שלום עולם", title: "\\u202eevil\\u202c", about: "\\u2066x\\u2069 \\u200fy"}
  c: {name: "👩‍👩‍👧‍👦 Family 🇫🇮", company: "漢字カンパニー", about: "{{ 7*7 }} {% raw %}x{% endraw %} ${HOME} $(id)"}
  d: {name: "{{ ''.__class__.__mro__ }}", company: "{% for i in range(99999) %}x{% endfor %}",
      tags: ["[red]t", "\\abell"], about: "{{ lipsum.__globals__ }}"}
  e: {name: "Zero\\u200bWidth\\u200dName", company: "\\e[2J\\e[H clear", title: "\\x9b31m csi",
      about: "\\u061carabic letter mark \\xadsoft \\U000e0041tag \\u2028line \\u2029para \\x85nel \\ufefff"}
relationships:
  - {between: [a, b], strength: close, how: "[bold]how[/bold] \\e[5mblink"}
  - {between: [b, c], strength: strong, how: "{{ 7*7 }}"}
  - {between: [c, d], strength: good, how: "\\u2066isolate\\u2069 \\u200f rtl mark"}
  - {between: [d, e], strength: weak, how: "emoji 😀😀😀 and 한국어"}
  - {between: [a, e], strength: weak}
intros:
  - id: x1
    date: 2026-11-01
    requester: a
    connector: b
    target: c
    purpose: "[bold]{{ 7*7 }}\\e[2J \\u202eevil"
    status: asked
    notes:
      - {date: 2026-11-02, status: asked, note: "\\e]0;title\\a [red]sent"}
"""


QUERIES = [
    ["check"],
    ["path", "d"],
    ["path", "a", "e"],
    ["mutual", "c"],
    ["show", "a"],
    ["show", "d"],
    ["show", "e"],
    ["people"],
    ["people", "clear"],
    ["find", "--company", "漢字"],
    ["connectors"],
    ["draft", "d", "--purpose", "x"],
    ["draft", "e", "--direct"],
    ["path", "nobody\x1b[2J"],
    ["draft", "d", "--via", "e\x1b]0;x\x07"],
    ["intros"],
    ["followups"],
]


@pytest.fixture
def hostile_names(tmp_path: Path) -> Path:
    return write(tmp_path, HOSTILE_NAMES)


@pytest.mark.parametrize("args", QUERIES, ids=lambda a: " ".join(a).encode("unicode_escape").decode())
@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
def test_names_are_shown_as_text_never_as_markup_escape_codes_or_templates(
    hostile_names: Path, args: list[str], colour: bool
) -> None:
    env = {"FORCE_COLOR": "1", "TERM": "xterm-256color"} if colour else {"NO_COLOR": "1"}
    env["COLUMNS"] = "200"  # no cell wrapped, so that the texts can be found whole
    result = (
        invoke(hostile_names, *args, "--as-of", "2026-11-26", env=env)
        if args[0]
        not in (
            "check",
            "show",
            "people",
        )
        else invoke(hostile_names, *args, env=env)
    )
    assert result.exit_code in (0, 1, 2), result.output
    output = result.stdout + result.stderr
    # rich's own styling is the only escape sequence there may be, and only in colour
    data = re.sub(r"\x1b\[[0-9;]*m", "", output) if colour else output
    assert unsafe_character(data) is None, repr(unsafe_character(data))
    assert "\x1b]8" not in output  # no hyperlink: [link=...] is text
    assert "49" not in output  # no {{ 7*7 }} was evaluated
    assert "xxxx" not in output  # no {% for %} ran
    assert "<class" not in output and "__globals__" not in output.replace("{{ lipsum.__globals__ }}", "")
    if args == ["people"]:
        assert "[bold red]Alice[/]" in output and "\\x1b[31mRed\\x1b[0m" in output
        assert "[link=https://evil.example]" in output  # the text, not a link


def test_json_carries_the_names_exactly_with_json_escapes(hostile_names: Path) -> None:
    result = invoke(hostile_names, "show", "a", "--json")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout  # json.dumps escapes control characters
    assert json.loads(result.stdout)["name"] == "[bold red]Alice[/] \x1b[31mRed\x1b[0m"


@pytest.mark.parametrize(
    "args",
    [["show", "e"], ["show", "b"], ["people"], ["path", "a", "e"], ["draft", "e", "--direct"], ["intros"]],
    ids=" ".join,
)
def test_json_escapes_what_a_terminal_must_not_see_and_keeps_the_data(hostile_names: Path, args: list[str]) -> None:
    extra = ["--as-of", "2026-11-26"] if args[0] in ("path", "draft", "intros") else []
    result = invoke(hostile_names, *args, *extra, "--json")
    assert result.exit_code == 0, result.output
    assert unsafe_character(result.stdout) is None, repr(unsafe_character(result.stdout))
    document = json.loads(result.stdout)
    if args == ["show", "e"]:
        assert document["title"] == "\x9b31m csi"
        assert document["about"].startswith("\u061carabic letter mark \xadsoft \U000e0041tag \u2028line")
        assert "\\u009b31m csi" in result.stdout and "\\udb40\\udc41tag" in result.stdout


def test_tables_align_right_to_left_text_and_emoji(hostile_names: Path) -> None:
    for args in (["people"], ["mutual", "c", "--as-of", "2026-11-26"], ["connectors", "--as-of", "2026-11-26"]):
        result = invoke(hostile_names, *args, env={"COLUMNS": "120"})
        assert result.exit_code == 0, result.output
        rows = [line for line in result.stdout.splitlines() if "│" in line or "─" in line or line.startswith(" ")]
        table = [line for line in rows if cell_len(line.rstrip()) > 40]
        assert table, result.stdout
        widths = {cell_len(line) for line in table}
        assert max(widths) <= 120, widths
        # every row of the table ends at the same column: wide and right-to-left cells are padded right
        assert len({cell_len(line) for line in table if not line.startswith("─")}) == 1, (args, widths)


def test_drafts_never_evaluate_template_syntax_from_the_file(hostile_names: Path, tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    result = invoke(hostile_names, "draft", "c", "--purpose", "{{ 6*7 }}", "--as-of", "2026-11-26", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(out.iterdir()))
    assert "{{ 6*7 }}" in text and "42" not in text
    as_json = invoke(hostile_names, "draft", "d", "--purpose", "x", "--as-of", "2026-11-26", "--json")
    bodies = " ".join(m["body"] + (m["subject"] or "") for m in json.loads(as_json.stdout)["messages"])
    assert "{{ ''.__class__.__mro__ }}" in bodies and "<class" not in bodies


def test_errors_about_the_file_show_its_text_inert(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'people:\n  a: {name: A}\nrelationships:\n  - {between: [a, "\\e[2J\\e]0;pwned\\a"], strength: "\\e[31m"}\n',
    )
    message = refused(path, "check")
    assert "\x1b" not in message and "\x07" not in message
    assert "unknown person '\\x1b[2J\\x1b]0;pwned\\x07'" in message


def test_command_line_errors_show_arguments_inert(tmp_path: Path) -> None:
    path = write(tmp_path, "me: a\npeople: {a: {name: A}}\n")
    for args in (["path", "\x1b[2Jx"], ["path", "a", "--max-hops", "\x1b[2J"], ["add", "\x1b[2J", "--name", "x"]):
        result = invoke(path, *args)
        assert result.exit_code == 2
        assert "\x1b" not in result.output, result.output


# --------------------------------------------------------------------------------------------
# Paths that are not contacts files

WRITERS = [
    ["add", "zoe", "--name", "Zoë"],
    ["add", "zoe", "--name", "Zoë", "--me"],
    ["connect", "a", "b"],
    ["touch", "a", "b"],
]
READERS = [["check"], ["path", "a", "b"], ["people"]]


def _all_commands(tmp_path: Path) -> list[list[str]]:
    export = tmp_path / "export.vcf"
    export.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Lind\r\nEND:VCARD\r\n", encoding="utf-8")
    return [*READERS, *WRITERS, ["import", "vcard", str(export), "--as", "a"]]


def test_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "contacts.yaml"
    folder.mkdir()
    for args in _all_commands(tmp_path):
        assert "is a directory" in refused(folder, *args), args


def test_a_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "contacts.yaml"
    loop.symlink_to(loop)
    for args in _all_commands(tmp_path):
        assert "symbolic links" in refused(loop, *args), args


def test_a_dangling_symlink_is_created_through_only_by_add(tmp_path: Path) -> None:
    link = tmp_path / "contacts.yaml"
    link.symlink_to(tmp_path / "real.yaml")
    assert "not found" in refused(link, "check")
    assert invoke(link, "add", "zoe", "--name", "Zoë", "--me").exit_code == 0
    assert link.is_symlink() and "zoe" in (tmp_path / "real.yaml").read_text(encoding="utf-8")


def test_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # as root (CI containers) chmod 000 does not stop a read: make the read fail as it would
    path = write(tmp_path, "me: a\npeople: {a: {name: A}, b: {name: B}}\n")
    real_open = os.open

    def deny(file: object, flags: int, *args: object, **kwargs: object) -> int:
        if os.fspath(file) == str(path):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", deny)
    for args in _all_commands(tmp_path):
        assert "permission denied" in refused(path, *args).lower(), args


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_never_hangs(tmp_path: Path) -> None:
    fifo = tmp_path / "contacts.yaml"
    os.mkfifo(fifo)
    for args in _all_commands(tmp_path):
        with time_limit(5):  # a FIFO nobody writes to would block open() forever
            assert "is a FIFO (named pipe), not a contacts file" in refused(fifo, *args), args


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused_before_a_byte_is_read(tmp_path: Path) -> None:
    link = tmp_path / "contacts.yaml"
    link.symlink_to("/dev/zero")
    for target in ("/dev/zero", link):
        for args in READERS:
            assert "is a character device, not a contacts file" in refused(target, *args)
    for args in WRITERS:
        assert "is a character device" in refused(link, *args)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")
def test_a_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unix_socket: Callable[[str], socket.socket]) -> None:
    monkeypatch.chdir(tmp_path)  # a short path: socket names are limited to about 100 bytes
    path = Path("contacts.yaml")
    server = unix_socket(str(path))
    try:
        assert "is a socket, not a contacts file" in refused(path, "check")
    finally:
        server.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "vcard", "/dev/zero", "--as", "a"], "is a device or a socket"),
        (["import", "linkedin", "/dev/zero", "--as", "a"], "is a device or a socket"),
        (["import", "vcard", ".", "--as", "a"], "is a directory"),
    ],
)
def test_an_export_that_is_not_a_file(tmp_path: Path, args: list[str], message: str) -> None:
    path = write(tmp_path, "me: a\npeople: {a: {name: A}}\n")
    before = path.read_bytes()
    result = invoke(path, *args)
    assert result.exit_code == 2 and message in result.stderr
    assert path.read_bytes() == before


def _zip(name: str, data: bytes) -> bytearray:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return bytearray(buffer.getvalue())


def test_linkedin_zips_that_are_bombs_or_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from warmintro.importers import linkedin

    header = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    central = _zip("Connections.csv", header).find(b"PK\x01\x02")
    unknown_method = _zip("Connections.csv", header)
    unknown_method[8] = unknown_method[central + 10] = 99  # a compression method nobody knows
    encrypted = _zip("Connections.csv", header)
    encrypted[6] |= 1  # "encrypted": zipfile wants a password
    encrypted[central + 8] |= 1
    monkeypatch.setattr(linkedin, "MAX_SOURCE_BYTES", 1 << 20)
    bomb = _zip("export/Connections.csv", header + b"," * (4 << 20))  # 4 MB in 4 kB
    path = write(tmp_path, "me: a\npeople: {a: {name: A}}\n")
    before = path.read_bytes()
    for data, message in (
        (unknown_method, "not a readable zip file (NotImplementedError"),
        (encrypted, "not a readable zip file (RuntimeError"),
        (bomb, "unpacks to more than 1 MiB"),
    ):
        export = write(tmp_path, bytes(data), "export.zip")
        result = invoke(path, "import", "linkedin", str(export))
        assert result.exit_code == 2 and message in result.stderr, result.output
        assert path.read_bytes() == before


# --------------------------------------------------------------------------------------------
# Many entries


def test_a_huge_number_of_tiny_entries(tmp_path: Path) -> None:
    n = 30_000
    people = "".join(f"  p{i}: {{name: P}}\n" for i in range(n))
    path = write(tmp_path, "me: p0\npeople:\n" + people + "relationships:\n  - between: [p0, p1]\n")
    with time_limit(LIMIT):
        result = invoke(path, "--no-cache", "check")
        assert result.exit_code == 0
        # namesakes with no company are pairs to look at too (at most MAX_PAIRS); not 30,000 lines
        shown = n - 2 - 200 + min(MAX_PAIRS, n - 1)
        assert f"… and {shown:,} more warnings" in result.stdout
        assert invoke(path, "connect", "p1", "p2").exit_code == 0


def test_a_merge_of_a_huge_mapping_is_read_in_linear_time(tmp_path: Path) -> None:
    keys = ", ".join(f"k{i}: v" for i in range(50_000))  # each merged key once checked against all
    path = write(tmp_path, f"me: a\npeople:\n  a: {{name: A, <<: {{{keys}}}}}\n  b: {{name: B}}\n")
    with time_limit(LIMIT):  # quadratic would take hours
        result = invoke(path, "--no-cache", "check")
    assert result.exit_code == 0 and "… and 49,802 more warnings" in result.stdout  # and two unconnected


def test_a_huge_number_of_problems_is_reported_quickly(tmp_path: Path) -> None:
    n = 20_000
    people = "".join(f"  person{i}: {{name: P}}\n" for i in range(n))  # namesakes all
    rels = "".join(f"  - between: [person{i}, persox{i}]\n" for i in range(n))  # every id misspelt
    path = write(tmp_path, f"people:\n{people}relationships:\n{rels}")
    with time_limit(LIMIT):  # comparing every id with every person would take hours
        message = refused(path, "check")
    assert f"{n} problems in {path}" in message


# --------------------------------------------------------------------------------------------
# Time and memory, measured in a separate process

BOUNDED = {
    "billion laughs": "people:\n  a:\n    name: A\n" + _laughs("    ", "[lol, lol]"),
    "merge-key bomb": ALIAS_BOMBS["merge keys into a person"],
    "20,000 levels": "[" * 20000 + "]" * 20000,
    "20 MB name": "people:\n  a: {name: " + "A" * (20 << 20) + "}\n",
}


@pytest.mark.parametrize("text", BOUNDED.values(), ids=BOUNDED.keys())
def test_bounded_time_and_memory(tmp_path: Path, text: str) -> None:
    """The command fails cleanly in a process allowed 1 GB of address space and 30 s."""
    path = write(tmp_path, text)
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
        "from warmintro.cli import cli; sys.argv = ['warmintro', *sys.argv[1:]]; cli()"
    )
    env = {**os.environ, "WARMINTRO_NO_CACHE": "1"}
    env.pop("WARMINTRO_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", code, "--contacts", str(path), "check"],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert str(path) in done.stderr and "Traceback" not in done.stderr
