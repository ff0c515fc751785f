"""Find the files of content/ and read their bytes, naming every file that cannot be used and why.

    content/testimonies/amal.ar.md  =>  Source(slug="amal", lang="ar")
    content/testimonies/Amal.md     =>  a problem: the name is not a valid slug, rename it to 'amal.md'
    content/items/TENTE.yml         =>  a problem: items are .yaml files, rename it to content/items/tente.yaml
    content/items/.tente.yaml.swp   =>  nothing: what editors and systems leave beside files is never read

A file is text in UTF-8, or a problem that says what it looks like instead (UTF-16,
Windows-1252, not text at all) and how to save it as UTF-8; a text that holds git's
markers of an unresolved merge is a problem at the first marker's line, found before
the YAML parser would stumble on it.

The preview keeps what it read in memory between saves (`FileMemory`, given by
sitegen/incremental/preview_memory.py); without it every file is read from disk.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from sitegen.content.languages import CODE
from sitegen.content.rules import SLUG, slugify
from sitegen.digests import is_stray
from sitegen.errors import Kind, Problem, shown_path

T = TypeVar("T")
FOLDERS = ("items", "testimonies", "pages", "images", "i18n", "theme")  # i18n/, theme/: read with the theme
MAX_FILE_BYTES = 2_000_000  # a content file larger than this is refused
MAX_SLUG = 80  # characters: an address stays readable, and every derived file name fits the file system
KINDS = {"items": "items", "testimonies": "testimonies and their translations", "pages": "pages and their translations"}
SPELLINGS = {  # other spellings of a content file's suffix, each refused with the name to give it
    ".yaml": re.compile(r"(.+?)\.ya?ml(\.txt)?", re.IGNORECASE),  # tente.yml, TENTE.YAML, tente.yaml.txt (Notepad)
    ".md": re.compile(r"(.+?)\.(md|markdown|mdown|mkdn?)(\.txt)?", re.IGNORECASE),  # amal.markdown, amal.MD
}
THEME_TEXTS = (".html", ".css", ".js", ".svg", ".txt", ".yaml", ".yml", ".json", ".xml", ".md", ".webmanifest")
_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")  # UTF-8's
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")  # bytes no text editor writes, whatever the encoding
_MARKER = re.compile(r"^\ufeff?(<{7}|\|{7}|={7}|>{7})([^\n]*)$", re.MULTILINE)  # git's, of an unresolved merge

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
MISNAMED = Kind("{kind} are {suffix} files", "rename it to {fixed}")
BESIDE = Kind(
    "{what}, and {fixed} is there too",
    "keep one of the two: copy what this one adds into {fixed}, then delete this one",
)
SITE_MISNAMED = Kind("the site's settings are read from site.yaml only", "rename it to {fixed}")
FOLDER_MISNAMED = Kind("folder names are lowercase: the generator reads {fixed}/", "rename it to {fixed}")
STRINGS_MISNAMED = Kind(
    "a file of UI strings is named by its language code in lowercase, with .yaml", "rename it to {fixed}"
)
_SAVE_AS = (
    "save it as UTF-8: in Notepad, File → Save As… → Encoding: UTF-8; in TextEdit, hold ⌥ and choose "
    "File → Save As…, Plain Text Encoding: Unicode (UTF-8); in VS Code, click the encoding at the bottom right, "
)
UTF16 = Kind("the file is saved as UTF-16, not UTF-8", _SAVE_AS + "then Save with Encoding → UTF-8")
LEGACY = Kind(
    "the file is saved in an older encoding, probably {encoding}, not in UTF-8 (this line is the first where it shows)",
    _SAVE_AS + "then Reopen with Encoding → {vscode}, click it again, then Save with Encoding → UTF-8",
)
MIXED = Kind(
    "the file is UTF-8 except for a character on this line, written in another encoding (pasted from elsewhere?)",
    "type that character again (your editor may show it as �), then save the file",
)
NOT_TEXT = Kind(
    "the file is not text: it holds bytes that a picture or a word processor's document holds, not a text editor",
    "write it in a text editor (Notepad, TextEdit after Format → Make Plain Text, VS Code) and save it as UTF-8",
)
MERGE_CONFLICT = Kind(
    "this line starts an unresolved merge ('{marker}'): git marked where two versions of the file differ, "
    "after a git merge or a pull request",
    "keep the version you want between the markers (or combine them), then delete the marker lines "
    "<<<<<<<, ======= and >>>>>>> (and |||||||)",
)
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
    sources = []
    plain_folder = _inside(directory, content)  # then only its links need following
    shown_folder = shown_path(directory, content.parent)
    with os.scandir(directory) as found:  # an entry knows whether it is a link or a file without a stat
        entries = sorted((entry for entry in found if not is_stray(entry.name)), key=lambda entry: entry.name)
    names = {entry.name for entry in entries}
    for entry in entries:
        path = directory / entry.name
        where = f"{shown_folder}/{entry.name}"
        if not (plain_folder and not entry.is_symlink()) and not _inside(path, content):
            problems.append(LINK_OUTSIDE.at(where))
            continue
        if not _is_file(entry):
            problems.append(NOT_A_FILE.at(where, suffix=_suffix(folder)))
            continue
        source = _source(path, where, folder, names)
        if isinstance(source, Problem):
            problems.append(source)
        else:
            sources.append(source)
    return sources


def links_outside(folder: Path, content: Path) -> list[Problem]:
    """Return a problem for each link under folder (content/theme/, content/i18n/) that leads outside content/."""
    problems = []
    for root, folders, files in os.walk(folder):  # links to folders are not walked into: each is checked here
        for name in sorted((*folders, *files)):
            path = Path(root, name)
            if path.is_symlink() and not _inside(path, content):
                problems.append(LINK_OUTSIDE.at(shown_path(path, content.parent)))
    return problems


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


def _suffix(folder: str) -> str:
    """Return the suffix of a folder's files: items are .yaml, testimonies and pages .md."""
    return ".yaml" if folder == "items" else ".md"


def _source(path: Path, where: str, folder: str, names: set[str]) -> Source | Problem:
    """Name a file of a folder (whose file names are `names`) as a Source, or say why its name is not usable."""
    suffix, allow_lang = _suffix(folder), folder != "items"
    if not path.name.endswith(suffix):
        return _misspelled(where, folder, names) or WRONG_SUFFIX.at(where, suffix=suffix)
    parts = path.name[: -len(suffix)].split(".")
    slug, lang = parts[0], (parts[1] if len(parts) == 2 else None)
    if len(parts) > 2 or (lang is not None and (not allow_lang or not CODE.fullmatch(lang))):
        return EXTRA_DOTS.at(where, example=f"<slug>.<lang>{suffix}" if allow_lang else f"<slug>{suffix}")
    if not SLUG.fullmatch(slug):
        fixed = slugify(slug) + path.name[len(slug) :]
        return _unless_there(BAD_SLUG.at(where, slug=slug, fixed=fixed, suffix=""), fixed, names)
    if len(slug) > MAX_SLUG:
        return LONG_SLUG.at(where, length=len(slug), limit=MAX_SLUG)
    return Source(path, where, slug, lang)


def _misspelled(where: str, folder: str, names: set[str]) -> Problem | None:
    """Return the problem of a file whose suffix is spelt otherwise (tente.yml, amal.MD), naming the file to make."""
    suffix = _suffix(folder)
    spelt = SPELLINGS[suffix].fullmatch(where.rsplit("/", 1)[1])
    if not spelt:
        return None
    slug, dot, rest = spelt[1].partition(".")
    fixed = slugify(slug) + dot + rest + suffix  # TENTE.YML => tente.yaml; amal.ar.MD => amal.ar.md
    return _unless_there(
        MISNAMED.at(where, kind=KINDS[folder], suffix=suffix, fixed=_beside(where, fixed)), fixed, names
    )


def _unless_there(problem: Problem, fixed: str, names: set[str]) -> Problem:
    """Return the problem of a misnamed file, or, when a file of the name to give it is there too, that of both."""
    if fixed not in names:
        return problem
    return BESIDE.at(problem.path, what=problem.message, fixed=_beside(problem.path, fixed))


def _beside(where: str, name: str) -> str:
    """Return the path, as shown, of a file named `name` in the same folder: content/items/tente.yaml."""
    return f"{where.rsplit('/', 1)[0]}/{name}"


def unread_entries(content: Path) -> list[Problem]:
    """Return a problem for each file and folder of content/ that the generator would not read, and misnamed strings."""
    if not content.is_dir():
        return []
    names = {path.name for path in content.iterdir() if not is_stray(path.name)}
    problems = [
        _unread(shown_path(content / name, content.parent), name, names)
        for name in sorted(names)
        if name != "site.yaml" and name not in FOLDERS
    ]
    return problems + _misnamed_strings(content / "i18n", content.parent)


def _unread(where: str, name: str, names: set[str]) -> Problem:
    """Return the problem of an entry of content/ that the generator does not read: a misspelt one, the name to give."""
    if re.fullmatch(r"site\.ya?ml(\.txt)?", name, re.IGNORECASE):
        return _unless_there(SITE_MISNAMED.at(where, fixed=_beside(where, "site.yaml")), "site.yaml", names)
    if name.lower() in FOLDERS:
        return _unless_there(FOLDER_MISNAMED.at(where, fixed=_beside(where, name.lower())), name.lower(), names)
    return NOT_READ.at(where, folders=", ".join(FOLDERS))


def _misnamed_strings(folder: Path, root: Path) -> list[Problem]:
    """Return a problem for each file of content/i18n/ named like UI strings but otherwise: FA.yaml, fa.yml."""
    names = {path.name for path in folder.iterdir() if not is_stray(path.name)} if folder.is_dir() else set()
    problems = []
    for name in sorted(names):
        spelt = SPELLINGS[".yaml"].fullmatch(name)
        language, dash, region = spelt[1].partition("-") if spelt else ("", "", "")
        fixed = f"{language.lower()}{dash}{region}.yaml"  # FA.yml => fa.yaml; fa-AF keeps its region's capitals
        if spelt and fixed != name and CODE.fullmatch(fixed[: -len(".yaml")]):
            problem = STRINGS_MISNAMED.at(shown_path(folder / name, root), fixed=shown_path(folder / fixed, root))
            problems.append(_unless_there(problem, fixed, names))
    return problems


def read_text(source: Source, problems: list[Problem], memory: FileMemory | None = None) -> str | None:
    """Return a content file's text, or None after recording why it cannot be read."""
    data = read_bytes(source, problems, memory)
    return None if data is None else decoded(source, data, problems)


def decoded(source: Source, data: bytes, problems: list[Problem]) -> str | None:
    """Return a content file's bytes as text, or None after recording why not: not UTF-8, or an unresolved merge."""
    text = _text_of(source.where, data)
    if isinstance(text, Problem):
        problems.append(text)
        return None
    return text


def _text_of(where: str, data: bytes) -> str | Problem:
    """Return a file's bytes as UTF-8 text, or the problem: what it looks like instead, or an unresolved merge."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        return UTF16.at(where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _not_utf8(where, data, error.start)
    return _unresolved_merge(where, text) or text


def _looks_utf16(data: bytes) -> bool:
    """Return True for UTF-16 without its mark: NUL bytes (as Latin letters have) on one side of each pair."""
    sample = data[:4096]
    if b"\0" not in sample:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) * 8 >= len(sample) // 2 and min(even, odd) * 10 <= max(even, odd)


def _not_utf8(where: str, data: bytes, start: int) -> Problem:
    """Return what a file that is not UTF-8 looks like: not text, mostly UTF-8, or an older encoding."""
    line = data.count(b"\n", 0, start) + 1
    if _CONTROL.search(data):
        return NOT_TEXT.at(where)
    if _MULTIBYTE.search(data):
        return MIXED.at(where, line)
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:  # a byte Windows-1252 leaves out: è, ê, ç, ù on older Macs
        return LEGACY.at(where, line, encoding="Mac Roman", vscode="Western (Mac Roman)")
    return LEGACY.at(where, line, encoding="Windows-1252 (Notepad's 'ANSI')", vscode="Western (Windows 1252)")


def _unresolved_merge(where: str, text: str) -> Problem | None:
    """Return the problem of a text holding git's conflict markers, at the first; a lone '=======' is not one."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text and "|||||||" not in text:
        return None
    found = [marker for marker in _MARKER.finditer(text) if _is_marker(marker[1][0], marker[2].rstrip("\r"))]
    for at, marker in enumerate(found):
        closing = [other[1][0] for other in found[at + 1 :] if other[1][0] != "="][:1] == [">"]
        if marker[1][0] != "=" or closing:  # '=======' underlines a Markdown heading, unless a '>>>>>>>' follows
            line = text.count("\n", 0, marker.start()) + 1
            return MERGE_CONFLICT.at(where, line, marker=marker[0].strip().lstrip("\ufeff")[:40])
    return None


def _is_marker(mark: str, rest: str) -> bool:
    """Return True for a line git writes: '<<<<<<< HEAD', '|||||||' and a name, '=======' alone, '>>>>>>> main'."""
    if mark in "<>":
        return rest[:1] in ("", " ", "\t")
    return rest[:1] in (" ", "\t") if mark == "|" else not rest.strip()


def unusable_texts(folder: Path, root: Path) -> list[Problem]:
    """Return a problem for each text file under a folder (content/theme/) that is not UTF-8 or holds a merge."""
    problems = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        relative = path.relative_to(folder).parts
        if path.suffix.lower() not in THEME_TEXTS or any(map(is_stray, relative)) or not path.is_file():
            continue
        where = shown_path(path, root)
        try:
            text = _text_of(where, path.read_bytes())
        except OSError as error:
            text = UNREADABLE.at(where, reason=error.strerror)
        if isinstance(text, Problem):
            problems.append(text)
    return problems


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
    """Return every name under a folder with what it is (a file, a folder, a link and its target); strays left out."""
    names = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not is_stray(name))
        for name in sorted([*folders, *(name for name in files if not is_stray(name))]):
            path = os.path.join(root, name)
            kind = "link:" + os.readlink(path) if os.path.islink(path) else "folder" if name in folders else "file"
            names.append((os.path.relpath(path, folder), kind))
    return tuple(names)
