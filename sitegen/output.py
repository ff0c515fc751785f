"""Write a built site atomically: into a fresh folder beside output/, then swapped in.

A build that fails, or is killed, before the swap leaves the previous output/
exactly as it was; the swap itself is one atomic exchange where the system
offers it (Linux renameat2), otherwise two renames a moment apart. The new
folder is made from scratch, so it never holds stale files.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import stat
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import OutputError

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


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


def write_site(outputs: Iterable[Output], target: Path, verify: Callable[[Path], None] | None = None) -> Written:
    """Write every output into a new folder beside `target`, then swap it in place of `target`.

    `verify`, given the written folder, may raise to stop the swap: the previous site stays.
    """
    target = target.absolute()
    _check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        written = _write_all(outputs, staging, target)
        if verify:
            verify(staging)
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        _swap(staging, target)
    except OSError as error:  # a full disk, a read-only folder: say so plainly
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"the site could not be written ({error.strerror}); {target} is unchanged") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


def update_site(
    outputs: Iterable[Output], target: Path, keep: str, before: frozenset[str] | None = None
) -> tuple[Written, frozenset[str]]:
    """Bring a preview folder up to date in place: write what changed, remove what is no longer made.

    Only for the preview, which nobody else reads: a page may be seen old or new for
    a moment, and a build that fails half-way leaves some pages new (the preview
    shows the problems instead, and the next good save rewrites what it must).
    `keep` names a folder left as it is (the search index, made afterwards).
    `before` lists the files the previous update made, when known: then only those
    are looked at for removal, not the whole folder. Return what was written and
    the files made now.
    """
    made: set[str] = set()  # keys of the paths made: what two paths share when they are one file
    paths: set[str] = set()
    files = size = 0
    for output in outputs:
        path = os.path.join(target, *_new_parts(output.path, made))
        paths.add(output.path)
        if not output.kept and _bytes_of(path) != output.data:  # a kept file is in place already
            os.makedirs(os.path.dirname(path), exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".", suffix=".part")
            with os.fdopen(handle, "wb") as file:
                file.write(output.data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        files, size = files + 1, size + len(output.data)
    if before is None:
        _remove_unmade(target, made, keep)
    else:
        _remove_files(target, sorted(path for path in before if _key(path) not in made))
    return Written(files, size), frozenset(paths)


def _bytes_of(path: str) -> bytes | None:
    """Return a file's bytes, or None when there is none."""
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


def _remove_unmade(target: Path, made: set[str], keep: str) -> None:
    """Remove the files of target that this build did not make, and the folders left empty."""
    for root, folders, files in os.walk(target, topdown=False):
        relative = os.path.relpath(root, target).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        if prefix.startswith(keep + "/"):
            continue
        for name in files:
            if _key(prefix + name) not in made:
                os.unlink(os.path.join(root, name))
        for name in folders:
            with contextlib.suppress(OSError):  # not empty: it holds what was made
                os.rmdir(os.path.join(root, name))


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


def _write_all(outputs: Iterable[Output], root: Path, previous: Path) -> Written:
    """Write each output under root, a folder this build just made, refusing paths that leave it or collide.

    Only this function puts anything in root: folders, and files created exclusively,
    never a symbolic link. So a path made only of plain names stays inside root, and
    no folder needs resolving, however many files there are. A kept output is the
    previous build's regular file, hard-linked (or copied) from `previous`: its
    bytes are neither read nor written again.
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
    """Refuse to replace something that is not a site we built."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(f"{target} exists and is not a folder; choose another --output")
    if target.is_dir() and any(target.iterdir()) and not (target / "index.html").is_file():
        raise OutputError(
            f"{target} is not empty and does not look like a built site (no index.html); "
            "refusing to replace it: choose a new or empty folder for --output"
        )


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
