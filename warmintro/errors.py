"""The exceptions warmintro's library raises, and the problems a contacts file can have.

The CLI turns these into messages and exit codes once, at its edge; the library never prints
and never exits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

Severity = Literal["error", "warning"]

#: The longest message a Problem keeps; longer ones lose their middle.
MAX_MESSAGE_CHARS = 500


def shorten(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`text`, or its beginning and end around " … " when it is longer than `limit`."""
    if len(text) <= limit:
        return text
    half = (limit - 3) // 2
    return f"{text[:half]} … {text[len(text) - half :]}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in a contacts file, with where it is and how to fix it."""

    file: str
    line: int | None  # 1-based; None when the problem is about the file as a whole
    column: int | None  # 1-based
    message: str
    hint: str | None = None
    severity: Severity = "error"

    def __post_init__(self) -> None:
        # a message quotes the file (a name, a key), which may be enormous: keep both ends
        object.__setattr__(self, "message", shorten(self.message))
        if self.hint is not None:
            object.__setattr__(self, "hint", shorten(self.hint))

    @property
    def where(self) -> str:
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


_E = TypeVar("_E", bound="WarmintroError")


class WarmintroError(Exception):
    """Base class of every error warmintro raises on purpose.

    A message that names an argument of the function writes it in backquotes (``pass `force` to
    replace it``) and lists it in `arguments` (see `naming`); the CLI shows each as the option
    that sets it (`in_options`), so neither audience reads the other's names."""

    #: The arguments the message names, each written `like_this` in it.
    arguments: tuple[str, ...] = ()

    def naming(self: _E, *arguments: str) -> _E:
        """This error, its message naming `arguments` (for raise ... .naming("force"))."""
        self.arguments = arguments
        return self

    def as_options(self, options: Mapping[str, str] | None = None) -> str:
        """The message as the CLI says it: each argument it names written as its option."""
        return in_options(str(self), self.arguments, options)


def in_options(message: str, arguments: Iterable[str], options: Mapping[str, str] | None = None) -> str:
    """`message` with each of `arguments` written as its option: `options` maps those whose
    option is not the argument's name spelled ``--like-this``."""
    for argument in arguments:
        option = (options or {}).get(argument, "--" + argument.replace("_", "-"))
        message = message.replace(f"`{argument}`", option)
    return message


class ContactsError(WarmintroError):
    """A contacts file could not be used. Carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = [p for p in problems if p.severity == "error"] or list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def file(self) -> str:
        return self.problems[0].file if self.problems else ""


class PersonError(WarmintroError):
    """A name or id given on the command line does not pick exactly one person."""

    def __init__(self, message: str, query: str, candidates: list[str] | None = None) -> None:
        self.query = query
        self.candidates = candidates or []
        super().__init__(message)


class UnknownPerson(PersonError):
    """Nobody in the file matches."""


class AmbiguousPerson(PersonError):
    """More than one person matches; the candidates are listed."""


class QueryError(WarmintroError):
    """A query that cannot be asked as given (same person twice, bad option value...)."""


class ArgumentError(QueryError):
    """An argument of a library function was given a value it cannot take. The message names
    the argument as the function does (``max_hops must be at least 1``); the CLI names the
    option instead (``--max-hops must be at least 1``), through `as_options`."""

    def __init__(self, argument: str, problem: str) -> None:
        self.argument = argument
        self.problem = problem
        super().__init__(f"{argument} {problem}")

    def as_options(self, options: Mapping[str, str] | None = None) -> str:
        option = (options or {}).get(self.argument, "--" + self.argument.replace("_", "-"))
        return f"{option} {self.problem}"


class NoPath(QueryError):
    """No chain of introductions joins two people within `max_hops` (through `via`, when given)."""

    def __init__(self, source: str, target: str, max_hops: int, via: tuple[str, ...] = ()) -> None:
        self.source = source
        self.target = target
        self.max_hops = max_hops
        self.via = via
        through = f" through {', '.join(via)}" if via else ""
        super().__init__(f"no path from '{source}' to '{target}' within {max_hops} hops{through}")


class TemplateError(WarmintroError):
    """A message template could not be used: where it is (file and line) and what is wrong."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = f"{file}:{line}: " if file and line else f"{file}: " if file else ""
        super().__init__(f"{where}{message}")


class MissingExtra(WarmintroError):
    """A feature needs an optional dependency that is not installed; the message says how."""
