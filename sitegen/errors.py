"""The one error family: every failure the generator reports to a volunteer.

Errors carry where (file and line), what is wrong and how to fix it. They are
collected and raised together; click prints them and exits with status 1.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import click


class Group(StrEnum):
    """The groups of `check`'s warnings, in the order to act on them (sitegen/checks/summary.py words them)."""

    IDENTIFYING = "identifying"  # details that could identify or locate someone
    CONSENT = "consent"  # consents to ask about again: reviews due, ends near or past
    STALE = "stale"  # needs to check again
    FONT = "font"  # share cards no installed font can draw
    LINK = "link"  # links that lead nowhere
    FORMAT = "format"  # content written for an older format, which `fmt` or a hand brings up to date
    THEME = "theme"  # overrides whose default changed since they were written
    ORIGINAL = "original"  # testimonies with no translation into the default language
    TRANSLATION = "translation"  # texts not translated into a published language
    DRAFT_LANGUAGE = "draft-language"  # texts not translated into a language in preparation


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong in one place: `path:line: what is wrong — how to fix it`."""

    path: str  # as shown to the volunteer: "content/items/tent.yaml"
    line: int  # 1-based; 0 when the whole file is concerned
    message: str  # what is wrong
    hint: str  # how to fix it
    group: str = ""  # for a warning of `check`: what kind of care it asks for (sitegen/checks/summary.py)
    lang: str = ""  # for a warning about one language: its code, so that `check --lang` can pick it

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message} — {self.hint}"


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of problem, written once: what is wrong and how to fix it, with {names} filled in where it happens.

    TOO_LARGE = Kind("the file is larger than {limit:,} bytes", "shorten it or split it")
    TOO_LARGE.at("content/items/tente.yaml", limit=2_000_000)  =>  a Problem on the whole file
    """

    message: str
    hint: str
    group: str = ""  # for warnings: the group it is counted in

    def at(self, path: str, line: int = 0, **values: object) -> Problem:
        """Return this problem at a place (line 0: the whole file), its {names} filled with `values`."""
        return Problem(path, line, self.message.format(**values), self.hint.format(**values), self.group)


def shown_path(path: Path, root: Path | str) -> str:
    """Return a path as shown in messages: relative to `root`, with '/': content/items/tente.yaml."""
    return os.path.relpath(path, root).replace(os.sep, "/")


class SiteError(click.ClickException):
    """Base of every error the generator raises on purpose."""


class ContentError(SiteError):
    """One or more problems in content or templates, reported all at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        summary = f"{count} problem{'s' if count != 1 else ''} found, nothing was written."
        super().__init__("\n".join([*map(str, self.problems), summary]))

    def __reduce__(self):
        """Travel between processes (a build's workers) with its problems, not its message."""
        return ContentError, (self.problems,)

    def format_message(self) -> str:
        """Print the problems as they are, one per line, without click's prefix."""
        return self.message

    def show(self, file=None) -> None:
        """Print every problem to stderr; click calls this before exiting with 1."""
        click.echo(self.format_message(), file=file, err=True)


class OutputError(SiteError):
    """The output folder cannot be written or swapped in."""
