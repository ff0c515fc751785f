"""Write a built site atomically: into a fresh folder beside output/, then swapped in; never over others' files.

A build that fails, or is killed, before the swap leaves the previous output/
exactly as it was; the swap itself is one atomic exchange where the system
offers it (Linux renameat2), otherwise two renames a moment apart. The new
folder is made from scratch, so it never holds stale files.

Each folder the generator writes records the files it wrote there (RECORD: their
names, each an address of the site anyway; swapped in with the site, so it never
disagrees with it). A folder holding anything else is neither replaced nor removed
without --force: a mistaken --output never costs anyone their files.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import stat
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sitegen.errors import OutputError

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
RECORD = ".sitegen-files"  # in each folder the generator writes: the files it wrote there, one a line
_RECORD_HEAD = "# The files sitegen wrote in this folder: it replaces or removes the folder only if it holds no other\n"
_ASIDE = (".sitegen-", ".part")  # what update_site writes aside, then renames: a killed one leaves it
_FILE_MANAGERS = frozenset({".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini", ".directory", "icon\r"})
_OLDER_BUILD = ("index.html", "404.html", "needs.json", "sitemap.xml")  # what every build wrote, 0.2.0 on
_KINDS = frozenset(  # of the files a build writes; the last two: the browser editor's, in admin/vendor/
    {".html", ".css", ".js", ".json", ".xml", ".txt", ".yml", ".png", ".jpg", ".webp", ".svg", ".ico", ".woff2"}
    | {".pagefind", ".pf_fragment", ".pf_index", ".pf_meta", "SHA256SUMS", "VERSION"}
)
SHOWN = 5  # foreign files named in a refusal


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the built site."""

    path: str  # relative to the site root, with "/": "items/tent/index.html"
    data: bytes
    kept: bool = False  # True: the previous build's file, unchanged (incremental/kept_pages.py); data is b""


@dataclass(frozen=True, slots=True)
class Written:
    """What a build wrote."""

    files: int
    bytes: int


def write_site(
    outputs: Iterable[Output], target: Path, verify: Callable[[Path], None] | None = None, force: bool = False
) -> Written:
    """Write every output into a new folder beside `target`, then swap it in place of `target`.

    `verify`, given the written folder, may raise to stop the swap: the previous site stays.
    A `target` holding files the generator did not write is replaced only with `force`.
    """
    target = target.absolute()
    _check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    if not force:
        _refuse_foreign(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        names: list[str] = []
        written = _write_all(outputs, staging, target, names)
        if verify:
            verify(staging)
        _record(staging, [*names, *_added(staging, {name.split("/", 1)[0] for name in names})])
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        _swap(staging, target)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):  # a full disk, a read-only folder: say so plainly
            raise OutputError(f"the site could not be written ({error.strerror}); {target} is unchanged") from None
        raise
    return written


def _added(root: Path, written: set[str]) -> list[str]:
    """Return the files `verify` added to root: those of the folders it made there (the search index's)."""
    added: list[str] = []
    with os.scandir(root) as entries:
        for entry in (entry for entry in entries if entry.name not in written):
            inside = _files_in(Path(entry.path)) if entry.is_dir(follow_symlinks=False) else None
            added += [entry.name] if inside is None else [f"{entry.name}/{name}" for name in inside]
    return added


def remove_site(target: Path, force: bool = False) -> None:
    """Remove a folder the generator wrote, and what a killed build left beside it; with more in it, only if `force`."""
    target = target.absolute()
    _check_target(target)
    _remove_leftovers(target)
    if not force:
        _refuse_foreign(target)
    shutil.rmtree(target, ignore_errors=True)


def update_site(
    outputs: Iterable[Output], target: Path, keep: str, before: frozenset[str] | None = None
) -> tuple[Written, frozenset[str]]:
    """Bring a preview folder up to date in place: write what changed, remove what is no longer made.

    Only for the preview, which nobody else reads: a page may be seen old or new for
    a moment, and a build that fails half-way leaves some pages new (the preview
    shows the problems instead, and the next good save rewrites what it must).
    `keep` names a folder left as it is (the search index, made afterwards: see
    note_folder). `before` lists the files the previous update made, when known;
    otherwise the record does. A file is noted in the record before it is first
    written, so that none it wrote is ever taken for someone else's. Return what was
    written and the files made now.
    """
    recorded = _recorded(target) or set()
    noted = {_key(path) for path in recorded}
    made: set[str] = set()  # keys of the paths made: what two paths share when they are one file
    paths: set[str] = set()
    files = size = 0
    journal: IO[str] | None = None  # the record, once a new file is to be noted in it
    try:
        for output in outputs:
            path = os.path.join(target, *_new_parts(output.path, made))
            paths.add(output.path)
            if not output.kept and _bytes_of(path) != output.data:  # a kept file is in place already
                if _key(output.path) not in noted:
                    journal = journal or _reopened(target, recorded)
                    journal.write(json.dumps(output.path, ensure_ascii=False) + "\n")
                    journal.flush()
                _replace(path, output.data)
            files, size = files + 1, size + len(output.data)
    finally:
        if journal is not None:
            journal.close()
    gone = before if before is not None else {path for path in recorded if not path.endswith("/")}
    _remove_files(target, sorted(path for path in gone if _key(path) not in made and not path.startswith(keep + "/")))
    if recorded != {*paths, keep + "/"}:
        _record(target, [*paths, keep + "/"])
    return Written(files, size), frozenset(paths)


def _reopened(target: Path, recorded: set[str]) -> IO[str]:
    """Open the record to add to it, once written again: the one there may be linked from a copy (serve.py)."""
    _record(target, recorded)
    return open(os.path.join(target, RECORD), "a", encoding="utf-8")  # update_site closes it


def note_folder(target: Path, folder: str) -> None:
    """Record the files now in a folder of target, which update_site left to another hand (the search index)."""
    kept = {path for path in _recorded(target) or () if not path.startswith(folder + "/")}
    _record(target, kept | {f"{folder}/{name}" for name in _files_in(target / folder)})


def _replace(path: str, data: bytes) -> None:
    """Put data in the file at path: written aside, then renamed over it."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=_ASIDE[0], suffix=_ASIDE[1])
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def _bytes_of(path: str) -> bytes | None:
    """Return a file's bytes, or None when there is none."""
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


def _remove_files(target: Path, names: Iterable[str]) -> None:
    """Remove these files of target (site-relative paths), and the folders they leave empty."""
    for name in names:
        path = os.path.join(target, *name.split("/"))
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        folder = os.path.dirname(path)
        while folder != str(target):
            try:
                os.rmdir(folder)
            except OSError:  # not empty, or gone already
                break
            folder = os.path.dirname(folder)


def _write_all(outputs: Iterable[Output], root: Path, previous: Path, names: list[str]) -> Written:
    """Write each output under root, a folder this build just made, refusing paths that leave it or collide.

    Only this function puts anything in root: folders, and files created exclusively,
    never a symbolic link. So a path made only of plain names stays inside root, and
    no folder needs resolving, however many files there are. A kept output is the
    previous build's regular file, hard-linked (or copied) from `previous`: its
    bytes are neither read nor written again. Each path written is added to `names`.
    """
    seen: set[str] = set()
    made: set[str] = set()  # folders already created
    files = size = 0
    for output in outputs:
        parts = _new_parts(output.path, seen)
        folder = os.path.join(root, *parts[:-1])
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        path = os.path.join(folder, parts[-1])
        names.append(output.path)
        if output.kept:
            size += _linked(os.path.join(previous, *parts), path)
        else:
            handle = os.open(path, _CREATE, 0o644)
            with open(handle, "wb") as file:
                file.write(output.data)
            size += len(output.data)
        files += 1
    return Written(files, size)


def _linked(source: str, path: str) -> int:
    """Give path the previous build's file `source`, a regular file, by a hard link or a copy; return its size."""
    status = os.lstat(source)
    if not stat.S_ISREG(status.st_mode):
        raise OutputError(f"{source} was to be kept from the previous build but is not a regular file")
    try:
        os.link(source, path, follow_symlinks=False)
    except OSError:  # a file system without hard links: copy it
        shutil.copyfile(source, path, follow_symlinks=False)
    return status.st_size


def _new_parts(relative: str, seen: set[str]) -> list[str]:
    """Split a path to write into plain names, refusing one that `seen` already holds; then add it to `seen`."""
    parts = _plain_parts(relative)
    key = _key(relative)
    if key in seen:
        raise OutputError(f"two files of the site would be written to '{relative}'")
    seen.add(key)
    return parts


def _key(relative: str) -> str:
    """Return what two paths share when they would be one file on some file system: case and NFC/NFD aside."""
    return unicodedata.normalize("NFC", relative).casefold()


def _plain_parts(relative: str) -> list[str]:
    """Split a site-relative path into plain names; refuse empty, '.', '..', NUL and backslashes."""
    parts = relative.split("/")
    if "\x00" in relative or "\\" in relative or any(part in ("", ".", "..") for part in parts):
        raise OutputError(f"refusing to write outside the output folder: {relative!r}")
    return parts


def _check_target(target: Path) -> None:
    """Refuse to replace something that is not a folder."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(f"{target} exists and is not a folder; choose another --output")


def _refuse_foreign(target: Path) -> None:
    """Refuse to replace or remove a folder holding files the generator did not write, naming the first ones."""
    foreign = _foreign(target) if target.is_dir() else []
    if foreign:
        named = ", ".join(foreign[:SHOWN]) + (f" and {len(foreign) - SHOWN} more" if len(foreign) > SHOWN else "")
        raise OutputError(
            f"{target} holds files sitegen did not write ({named}), so it does not look like a built site and"
            " is left as it is — move those files elsewhere, or choose a new or empty folder for --output;"
            " --force replaces or removes the folder anyway, with them"
        )


def _foreign(target: Path) -> list[str]:
    """Return the files in target that the generator did not write, by its record.

    A folder without a record, written before there was one, passes when it holds what
    every build wrote and only the kinds of file a build writes.
    """
    files = _files_in(target)
    recorded = _recorded(target)
    if recorded is None:
        older = all(name in files for name in _OLDER_BUILD)  # a kind: a suffix, or a name without one (VERSION)
        return [
            name for name in files if not (older and (os.path.splitext(name)[1] or os.path.basename(name)) in _KINDS)
        ]
    keys = {_key(path) for path in recorded}
    folders = tuple(path for path in keys if path.endswith("/"))
    return [name for name in files if _key(name) not in keys and not _key(name).startswith(folders)]


def _files_in(folder: Path) -> list[str]:
    """Return every file under folder, sorted, with '/': all but its record and what file managers leave there.

    A symbolic link is a file here, never followed: the generator writes none.
    """
    found: list[str] = []
    waiting = [(os.fspath(folder), "")]
    while waiting:
        path, prefix = waiting.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    waiting.append((entry.path, prefix + entry.name + "/"))
                elif not _left_by_others(prefix + entry.name):
                    found.append(prefix + entry.name)
    return sorted(found)


def _left_by_others(path: str) -> bool:
    """Return True for the record itself, a preview's file written aside, and what file managers leave in a folder."""
    name = path.rsplit("/", 1)[-1]
    aside = name.startswith(_ASIDE[0]) and name.endswith(_ASIDE[1])
    return path == RECORD or aside or name.casefold() in _FILE_MANAGERS or name.startswith("._")


def _record(folder: Path | str, paths: Iterable[str]) -> None:
    """Write the record of the files the generator wrote in folder, one a line: written aside, then renamed."""
    text = _RECORD_HEAD + "".join(json.dumps(path, ensure_ascii=False) + "\n" for path in sorted(paths))
    _replace(os.path.join(folder, RECORD), text.encode("utf-8"))


def _recorded(folder: Path) -> set[str] | None:
    """Return the files a folder's record lists (a name ending in '/': a whole folder); None without a record.

    A line cut short, by a preview killed as it noted a file it had not written yet, is left out.
    """
    try:
        with open(os.path.join(folder, RECORD), encoding="utf-8", errors="replace") as file:
            lines = file.read().splitlines()
    except FileNotFoundError:
        return None
    names = set()
    for line in lines:
        with contextlib.suppress(ValueError):
            name = json.loads(line) if line.startswith('"') else None
            if isinstance(name, str):
                names.add(name)
    return names


def _remove_leftovers(target: Path) -> None:
    """Tidy what a killed build left beside target, restoring the previous site if it was mid-swap."""
    previous = _previous(target)
    if previous.is_dir() and not target.exists():
        os.rename(previous, target)
    shutil.rmtree(previous, ignore_errors=True)
    for leftover in target.parent.glob(f".{target.name}.new-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _previous(target: Path) -> Path:
    """Return where the previous site waits during a two-rename swap."""
    return target.with_name(f".{target.name}.previous")


def _swap(staging: Path, target: Path) -> None:
    """Put staging in target's place; the previous target is removed afterwards."""
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)  # staging now holds the previous site
        return
    previous = _previous(target)
    os.rename(target, previous)
    os.rename(staging, target)
    shutil.rmtree(previous)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically with Linux's renameat2; return False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0
