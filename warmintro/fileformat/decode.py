"""A contacts file's bytes into text: reading them safely, and UTF-8 with a clear word on anything else.

A missing, unreadable or special file, text saved as UTF-16 or UTF-32 and a byte that is not
UTF-8 are each one Problem naming the file (and the line) and the fix.
"""

from __future__ import annotations

from pathlib import Path

from ..defaults import CONTACTS_ENV
from ..errors import ContactsError, Problem


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 (a BOM is allowed); problems raise ContactsError."""
    return decode(read_bytes(path), str(path))


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing, unreadable or directory path raises ContactsError."""
    from ..safefile import NotARegularFile, read_regular

    name = str(path)
    try:
        return read_regular(path)
    except FileNotFoundError:
        raise ContactsError(
            [
                Problem(
                    name,
                    None,
                    None,
                    "contacts file not found",
                    f"start one with 'warmintro init', pass --contacts PATH, or set {CONTACTS_ENV}",
                )
            ]
        ) from None
    except IsADirectoryError:
        raise ContactsError(
            [Problem(name, None, None, "is a directory, not a contacts file", "name the YAML file inside it")]
        ) from None
    except PermissionError:
        raise ContactsError(
            [
                Problem(
                    name, None, None, "cannot be read: permission denied", f"check its permissions (chmod u+r {name})"
                )
            ]
        ) from None
    except NotARegularFile as exc:
        raise ContactsError(
            [Problem(name, None, None, f"is {exc.kind}, not a contacts file", "name the YAML file itself")]
        ) from None
    except OSError as exc:
        raise ContactsError([Problem(name, None, None, f"cannot be read: {exc.strerror or exc}")]) from None


def decode(data: bytes, name: str) -> str:
    """Decode a contacts file's bytes, naming the line of the first bad byte."""
    encoding = _wide_encoding(data)
    if encoding is not None:
        hint = "save it as UTF-8 (most editors: 'Save with encoding')"
        raise ContactsError([Problem(name, None, None, f"is {encoding} encoded", hint)])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContactsError(
            [
                Problem(
                    name,
                    line,
                    column,
                    f"byte 0x{data[exc.start]:02x} is not UTF-8 text",
                    "save the file as UTF-8",
                )
            ]
        ) from None


def _wide_encoding(data: bytes) -> str | None:
    """The name of the encoding of text saved as UTF-16 or UTF-32 (told by its BOM, or by the
    NUL bytes such text has between its letters), None for any other bytes."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        for first in range(width):
            # in ASCII-heavy text, all but one byte of every `width` are NUL
            zeros = sum(sample[i::width].count(0) for i in range(width) if i != first)
            if zeros * width >= (width - 1) * len(sample) * 0.75:
                return name
    return None
