"""Find the files of content/ and read their bytes, naming every file that cannot be used and why.

    content/testimonies/amal.ar.md  =>  Source(slug="amal", lang="ar")
    content/testimonies/Amal.md     =>  a problem: the name is not a valid slug, rename it to 'amal.md'

The preview keeps what it read in memory between saves (`FileMemory`, given by
sitegen/incremental/preview_memory.py); without it every file is read from disk.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from sitegen.content.languages import CODE
from sitegen.content.rules import SLUG, slugify
from sitegen.errors import Kind, Problem, shown_path

T = TypeVar("T")
FOLDERS = ("items", "testimonies", "pages", "images", "i18n", "theme")  # i18n/, theme/: read with the theme
MAX_FILE_BYTES = 2_000_000  # a content file larger than this is refused
MAX_SLUG = 80  # characters: an address stays readable, and every derived file name fits the file system

LINK_OUTSIDE = Kind("this file is a link that leads outside content/, or nowhere", "put the file itself in content/")
NOT_A_FILE = Kind("this is not a regular file", "only <slug>{suffix} files belong here")
WRONG_SUFFIX = Kind("this file is not a {suffix} file", "rename it to <slug>{suffix}, or move it elsewhere")
EXTRA_DOTS = Kind("the file name has extra dots", "name it {example}")
BAD_SLUG = Kind(
    "the file name '{slug}' is not a valid slug",
    "rename it to '{fixed}{suffix}': lowercase letters, digits and hyphens",
)
LONG_SLUG = Kind(
    "the file name is {length} characters long, too long for an address", "shorten it to at most {limit} characters"
)
NOT_READ = Kind("the generator does not read this", "content/ holds site.yaml and {folders}/; move it elsewhere")
NOT_UTF8 = Kind("the file is not UTF-8 text ({reason})", "save it as UTF-8 in your editor")
TOO_LARGE = Kind("the file is larger than {limit:,} bytes", "shorten it or split it")
UNREADABLE = Kind("the file cannot be read ({reason})", "check that it exists and is readable")


@dataclass(frozen=True, slots=True)
class Source:
    """A content file found on disk: content/testimonies/amal.ar.md => slug amal, lang ar."""

    path: Path
    where: str  # the path as shown in messages
    slug: str
    lang: str | None  # the language of a translation; None for an original


class FileMemory(Protocol):
    """What the preview remembers of files and folders between its rebuilds, while their status is unchanged."""

    def read(self, path: Path, status: os.stat_result) -> bytes:
        """Return a file's bytes."""
        ...

    def listed(self, folder: Path, list_folder: Callable[[], T]) -> T:
        """Return what list_folder() makes of a folder."""
        ...


def find(content: Path, folder: str, problems: list[Problem], memory: FileMemory | None = None) -> list[Source]:
    """List the content files of one folder of content/, sorted; misnamed files are problems."""
    directory = content / folder
    if memory is None or not directory.is_dir():
        return _find(content, folder, problems)

    def listing() -> tuple[list[Source], list[Problem]]:
        own: list[Problem] = []
        return _find(content, folder, own), own

    sources, found = memory.listed(directory, listing)
    problems.extend(found)
    return sources


def _find(content: Path, folder: str, problems: list[Problem]) -> list[Source]:
    """List the content files of one folder, reading the folder itself."""
    directory = content / folder
    if not directory.is_dir():
        return []
    suffix = ".yaml" if folder == "items" else ".md"
    sources = []
    plain_folder = _inside(directory, content)  # then only its links need following
    shown_folder = shown_path(directory, content.parent)
    with os.scandir(directory) as found:  # an entry knows whether it is a link or a file without a stat
        entries = sorted((entry for entry in found if not entry.name.startswith(".")), key=lambda entry: entry.name)
    for entry in entries:
        path = directory / entry.name
        where = f"{shown_folder}/{entry.name}"
        if not (plain_folder and not entry.is_symlink()) and not _inside(path, content):
            problems.append(LINK_OUTSIDE.at(where))
            continue
        source = _source(path, where, suffix, allow_lang=folder != "items", is_file=_is_file(entry))
        if isinstance(source, Problem):
            problems.append(source)
        else:
            sources.append(source)
    return sources


def _inside(path: Path, content: Path) -> bool:
    """Return True when a file, followed through its links, stays inside content/ (a link loop does not)."""
    try:
        return path.resolve().is_relative_to(content.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, on Python before 3.13
        return False


def _is_file(entry: os.DirEntry) -> bool:
    """Return True for a regular file, or a link to one."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _source(path: Path, where: str, suffix: str, allow_lang: bool, is_file: bool) -> Source | Problem:
    """Name a file as a Source, or say why its name is not usable."""
    if not is_file:
        return NOT_A_FILE.at(where, suffix=suffix)
    if not path.name.endswith(suffix):
        return WRONG_SUFFIX.at(where, suffix=suffix)
    parts = path.name[: -len(suffix)].split(".")
    slug, lang = parts[0], (parts[1] if len(parts) == 2 else None)
    if len(parts) > 2 or (lang is not None and (not allow_lang or not CODE.fullmatch(lang))):
        return EXTRA_DOTS.at(where, example=f"<slug>.<lang>{suffix}" if allow_lang else f"<slug>{suffix}")
    if not SLUG.fullmatch(slug):
        return BAD_SLUG.at(where, slug=slug, fixed=slugify(slug), suffix=suffix)
    if len(slug) > MAX_SLUG:
        return LONG_SLUG.at(where, length=len(slug), limit=MAX_SLUG)
    return Source(path, where, slug, lang)


def unread_entries(content: Path) -> list[Problem]:
    """Return a problem for each file and folder of content/ that the generator would not read."""
    if not content.is_dir():
        return []
    return [
        NOT_READ.at(shown_path(path, content.parent), folders=", ".join(FOLDERS))
        for path in sorted(content.iterdir())
        if not (path.name.startswith(".") or path.name == "site.yaml" or path.name in FOLDERS)
    ]


def read_text(source: Source, problems: list[Problem], memory: FileMemory | None = None) -> str | None:
    """Return a content file's text, or None after recording why it cannot be read."""
    data = read_bytes(source, problems, memory)
    return None if data is None else decoded(source, data, problems)


def decoded(source: Source, data: bytes, problems: list[Problem]) -> str | None:
    """Return a content file's bytes as text, or None after recording that they are not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(NOT_UTF8.at(source.where, reason=error.reason))
    return None


def read_bytes(source: Source, problems: list[Problem], memory: FileMemory | None = None) -> bytes | None:
    """Return a content file's bytes, or None after recording why they cannot be read (too large, unreadable)."""
    try:
        status = source.path.stat()
        if status.st_size > MAX_FILE_BYTES:
            problems.append(TOO_LARGE.at(source.where, limit=MAX_FILE_BYTES))
            return None
        return memory.read(source.path, status) if memory else source.path.read_bytes()
    except OSError as error:
        problems.append(UNREADABLE.at(source.where, reason=error.strerror))
    return None


def folder_names(folder: Path) -> tuple[tuple[str, str], ...]:
    """Return every name under a folder with what it is (a file, a folder, a link and its target)."""
    names = []
    for root, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted([*folders, *files]):
            path = os.path.join(root, name)
            kind = "link:" + os.readlink(path) if os.path.islink(path) else "folder" if name in folders else "file"
            names.append((os.path.relpath(path, folder), kind))
    return tuple(names)
