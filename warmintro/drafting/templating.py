"""Message templates: Jinja2 files shipped in the package, or the user's own, rendered in a sandbox.

Everything from the contacts file reaches a template as a *variable*, never as template source,
so ``{{ 7*7 }}`` in a name is printed as written. Templates run in Jinja2's sandbox with strict
undefined variables: a typo in a user's template is an error naming its file and line, not a
silently empty sentence.

The built-in templates are one folder a language (``templates/en``, ``templates/fi``): a language
is added by adding a folder with the same files. A user's folder holds their English templates,
and one sub-folder a language for the others (``my-templates/fi``).

A template's output is plain text. When its first line is ``Subject: ...`` that line is the
message's subject and the rest (after the blank line) its body. Runs of blank lines and trailing
spaces left by ``{% if %}`` blocks are tidied away, so templates can be written for readability.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..errors import TemplateError

#: The built-in templates, in the order a reader meets them.
TEMPLATE_NAMES: tuple[str, ...] = (
    "common.j2",
    "forwardable.j2",
    "ask.j2",
    "relay.j2",
    "opt_in.j2",
    "intro.j2",
    "direct_email.j2",
    "direct_linkedin.j2",
    "followup.j2",
    "thanks.j2",
    "reconnect.j2",
)

#: The language of drafts when neither the options, the recipient nor the file says.
DEFAULT_LANGUAGE = "en"

_SUBJECT = re.compile(r"\A[ \t]*subject:[ \t]*(.*?)[ \t]*(?:\n|\Z)", re.IGNORECASE)
_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Rendered:
    subject: str | None
    body: str


def and_join(items: Iterable[object], last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``: a list for a sentence."""
    words = [str(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def capfirst(text: object) -> str:
    """The text with its first letter in upper case and the rest as it was (unlike `capitalize`)."""
    text = str(text)
    return text[:1].upper() + text[1:]


def builtin_text(name: str, language: str = DEFAULT_LANGUAGE) -> str:
    return (resources.files("warmintro") / "templates" / language / name).read_text(encoding="utf-8")


def builtin_languages() -> tuple[str, ...]:
    """The languages warmintro has templates for: one folder each."""
    folder = resources.files("warmintro") / "templates"
    return tuple(sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))))


class _FolderLoader(jinja2.FileSystemLoader):
    """The templates of one folder, and only them: a template (or an ``{% include %}``) that is
    a symlink to a file outside the folder is refused before it is read."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory)
        self.root = os.path.realpath(directory)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
        real = os.path.realpath(os.path.join(self.root, *pieces))
        if os.path.commonpath([self.root, real]) != self.root and os.path.lexists(os.path.join(self.root, *pieces)):
            raise TemplateError(
                f"template '{template}' is a link to {real}, outside the templates folder; "
                "warmintro reads templates from the folder only (copy the file in instead)",
                str(self.root),
            )
        return super().get_source(environment, template)


class TemplateSet:
    """The templates to draft with: `directory`'s own first (its sub-folder for a language other
    than English), the built-in ones of the language for the rest."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        if directory is not None and not directory.is_dir():
            raise TemplateError("is not a folder of templates", str(directory))
        self._envs: dict[str, SandboxedEnvironment] = {}
        self.env = self.environment(DEFAULT_LANGUAGE)

    def environment(self, language: str) -> SandboxedEnvironment:
        env = self._envs.get(language)
        if env is not None:
            return env
        if not re.fullmatch(r"[a-z]{2,3}([_-][a-zA-Z]{2,4})?", language):
            raise TemplateError(f"'{language}' is not a language code (use one like 'en' or 'fi')")
        loaders: list[jinja2.BaseLoader] = []
        own = self.directory is not None and (self.directory / language).is_dir()
        if self.directory is not None and own:
            loaders.append(_FolderLoader(self.directory / language))
        if self.directory is not None and language == DEFAULT_LANGUAGE:
            loaders.append(_FolderLoader(self.directory))
        if language in builtin_languages():
            loaders.append(jinja2.PackageLoader("warmintro", f"templates/{language}"))
        elif not own:
            raise TemplateError(
                f"no templates for language '{language}': warmintro has {', '.join(builtin_languages())}; "
                f"add a folder '{language}' of templates to your templates folder (see warmintro templates export)"
            )
        env = SandboxedEnvironment(
            loader=jinja2.ChoiceLoader(loaders),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters["and_join"] = and_join
        env.filters["capfirst"] = capfirst
        self._envs[language] = env
        return env

    def render(self, name: str, variables: Mapping[str, Any], language: str = DEFAULT_LANGUAGE) -> Rendered:
        """Render one template; any problem in it is a TemplateError naming its file and line."""
        filename = name
        try:
            template = self.environment(language).get_template(name)
            filename = template.filename or name
            text = template.render(variables)
        except TemplateError:
            raise
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"template syntax error: {exc.message}", exc.filename or filename, exc.lineno) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"template '{exc.name}' not found", filename) from None
        except jinja2.UndefinedError as exc:
            raise TemplateError(
                f"{exc.message} (the variables a template can use are listed in the built-in ones; "
                "warmintro templates export DIR writes them out)",
                filename,
                _template_line(exc, filename),
            ) from None
        except Exception as exc:  # a template is the user's code: whatever it raises is their input's fault
            raise TemplateError(f"{type(exc).__name__}: {exc}", filename, _template_line(exc, filename)) from None
        return split_subject(tidy(text))


def _template_line(exc: BaseException, filename: str) -> int | None:
    """The line of `filename` that was running when `exc` was raised (Jinja2 rewrites the
    traceback so that template frames carry the template's own file name and line)."""
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == filename:
            line = lineno
    return line


def tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, none at either end."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


def split_subject(text: str) -> Rendered:
    match = _SUBJECT.match(text)
    if match is None:
        return Rendered(None, text)
    return Rendered(match.group(1) or None, text[match.end() :].lstrip("\n"))


def export_templates(directory: Path, *, force: bool = False) -> list[Path]:
    """Write the built-in templates into `directory` (created if need be) and return the files:
    the English ones in it, the other languages' in a sub-folder each (``fi/``), each through
    `warmintro.safefile.write_output` (atomic, never through a symlink).

    Refuses, writing nothing, when any of them exists already (a symlink too), unless `force`."""
    from ..safefile import write_output

    sources = [(DEFAULT_LANGUAGE, name) for name in TEMPLATE_NAMES] + [
        (lang, name) for lang in builtin_languages() if lang != DEFAULT_LANGUAGE for name in TEMPLATE_NAMES
    ]
    targets = [directory / name if lang == DEFAULT_LANGUAGE else directory / lang / name for lang, name in sources]
    if not force:
        existing = [p for p in targets if os.path.lexists(p)]
        if existing:
            names = ", ".join(p.name for p in existing)
            raise TemplateError(
                f"{len(existing)} of the templates exist already ({names}); nothing was written "
                "(pass `force` to overwrite them)",
                str(directory),
            ).naming("force")
    try:
        for folder in dict.fromkeys(path.parent for path in targets):
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TemplateError(f"cannot write templates: {exc.strerror or exc}", str(directory)) from None
    for (lang, name), path in zip(sources, targets):
        write_output(path, builtin_text(name, lang).encode("utf-8"), force=force, what="template")
    return targets
