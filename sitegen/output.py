"""Write a built site atomically: into a fresh folder beside output/, then swapped in; never over others' files.

A build that fails, or is killed, before the swap leaves the previous output/
exactly as it was; the swap itself is one atomic exchange where the system
offers it (Linux renameat2), otherwise two renames a moment apart. The new
folder is made from scratch, so it never holds stale files; or, for a build,
it is the spare: the previous site, swapped out by the build before and kept
beside output/ (SPARE) with only the files that are still output/'s own (the same
files, linked), brought up to date in place. A one-change build then writes the
few files that changed rather than linking every file of the site into a new
folder and removing the old one. A spare without its record (a build killed while
updating it) is removed.

Each folder the generator writes records the files it wrote there, and one holding
anything else is neither replaced nor removed without --force (sitegen/written.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sitegen.errors import OutputError
from sitegen.written import (
    RECORD,
    check_target,
    files_in,
    folded,
    read_record,
    record_note,
    refuse_foreign,
    remove_files,
    reopened_record,
    replace_file,
    write_record,
)

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
SPARE = ".{}.spare"  # beside the output folder: the previous site, pruned to the files it shares with the site


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the built site."""

    path: str  # relative to the site root, with "/": "items/tent/index.html"
    data: bytes
    kept: bool = False  # True: the previous build's file, unchanged (incremental/kept_pages.py); data is b""
    origin: str = ""  # where a kept file is linked from; "": the previous build's file at the same place


@dataclass(frozen=True, slots=True)
class Written:
    """What a build wrote."""

    files: int
    bytes: int


def write_site(
    outputs: Iterable[Output],
    target: Path,
    verify: Callable[[Path], None] | None = None,
    force: bool = False,
    spare: bool = False,
) -> Written:
    """Write every output into a new folder beside `target` (or the spare), then swap it in place of `target`.

    `verify`, given the written folder, may raise to stop the swap: the previous site stays.
    A `target` holding files the generator did not write is replaced only with `force`.
    With `spare`, the spare is written into when there is one, and the site swapped out is kept as the next.
    """
    target = target.absolute()
    check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    if not force:
        refuse_foreign(target)
    held = _held(target) if spare else None  # what the spare holds, if it is the spare of the site in target
    staging = (
        _spare(target) if held is not None else Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    )
    try:
        names: list[str] = []
        if held is not None:
            os.unlink(staging / RECORD)  # being updated: killed now, it is removed by the next build
        written, same = _write_all(outputs, staging, target, names, held)
        remove_files(staging, _stale(staging, held, names))
        if verify:
            verify(staging)
        write_record(staging, [*names, *_added(staging, {name.split("/", 1)[0] for name in names})])
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        _swap(staging, target, same if spare else None)
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
            inside = files_in(Path(entry.path)) if entry.is_dir(follow_symlinks=False) else None
            added += [entry.name] if inside is None else [f"{entry.name}/{name}" for name in inside]
    return added


def remove_site(target: Path, force: bool = False) -> None:
    """Remove a folder the generator wrote, and what a killed build left beside it; with more in it, only if `force`."""
    target = target.absolute()
    check_target(target)
    _remove_leftovers(target)
    if not force:
        refuse_foreign(target)
    shutil.rmtree(target, ignore_errors=True)
    shutil.rmtree(_spare(target), ignore_errors=True)


def update_site(
    outputs: Iterable[Output],
    target: Path,
    keep: str,
    before: frozenset[str] | None = None,
    touched: set[str] | None = None,
    some: bool = False,
) -> tuple[Written, frozenset[str]]:
    """Bring a preview folder up to date in place: write what changed, remove what is no longer made.

    Only for the preview, which nobody else reads (a build failing half-way leaves
    some pages new: the preview shows the problems, and the next good save rewrites
    what it must). `keep` names a folder left as it is (see note_folder). `before`
    lists the files the previous update made, when known; else the record does, in
    which a file is noted before it is first written. With `some`, the outputs are
    only some of `before`: the others and the record stay. Each file written or
    removed is added to `touched` first. Return what was written and the files made.
    """
    touched = set() if touched is None else touched
    if some:
        return _update_some(outputs, target, before or frozenset(), touched), before or frozenset()
    recorded = read_record(target) or set()
    noted = {folded(path) for path in recorded}
    made: set[str] = set()  # keys of the paths made: what two paths share when they are one file
    paths: set[str] = set()
    files = size = 0
    journal: IO[str] | None = None  # the record, once a new file is to be noted in it
    try:
        for output in outputs:
            path = os.path.join(target, *_new_parts(output.path, made))
            paths.add(output.path)
            if not output.kept and _bytes_of(path) != output.data:  # a kept file is in place already
                touched.add(output.path)
                if folded(output.path) not in noted:
                    journal = journal or reopened_record(target, recorded)
                    journal.write(json.dumps(output.path, ensure_ascii=False) + "\n")
                    journal.flush()
                replace_file(path, output.data)
            files, size = files + 1, size + len(output.data)
    finally:
        if journal is not None:
            journal.close()
    gone = before if before is not None else {path for path in recorded if not path.endswith("/")}
    removed = sorted(path for path in gone if folded(path) not in made and not path.startswith(keep + "/"))
    touched.update(removed)
    remove_files(target, removed)
    if recorded != {*paths, keep + "/"}:
        write_record(target, [*paths, keep + "/"])
    return Written(files, size), frozenset(paths)


def _update_some(outputs: Iterable[Output], target: Path, before: frozenset[str], touched: set[str]) -> Written:
    """Write those of some of the preview's files (all among `before`) whose bytes changed; the rest stay."""
    seen: set[str] = set()
    files = size = 0
    for output in outputs:
        if output.path not in before:  # a new file needs the whole update, which notes it in the record
            raise OutputError(f"'{output.path}' is not one of the preview's files, so it cannot be patched in")
        path = os.path.join(target, *_new_parts(output.path, seen))
        if _bytes_of(path) != output.data:
            touched.add(output.path)
            replace_file(path, output.data)
        files, size = files + 1, size + len(output.data)
    return Written(files, size)


def _bytes_of(path: str) -> bytes | None:
    """Return a file's bytes, or None when there is none."""
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


def _write_all(
    outputs: Iterable[Output], root: Path, previous: Path, names: list[str], held: set[str] | None = None
) -> tuple[Written, set[str]]:
    """Write each output under root, a folder this build made (or the spare), refusing paths that leave it or collide.

    Only this function puts anything in root: folders, and files created exclusively,
    never a symbolic link. So a path made only of plain names stays inside root, and
    no folder needs resolving, however many files there are. A kept output is the
    previous build's regular file, hard-linked (or copied) from `previous`: its
    bytes are neither read nor written again. In the spare (which `held` lists), the
    previous build's file is in place already; any other in the way goes first.
    Each path written is added to `names`; return what was written, and the files
    kept from the previous build at the same place (the same file in both sites).
    """
    seen: set[str] = set()
    made: set[str] = set()  # folders already created
    same: set[str] = set()
    files = size = 0
    for output in outputs:
        parts = _new_parts(output.path, seen)
        folder = os.path.join(root, *parts[:-1])
        path = os.path.join(folder, parts[-1])
        names.append(output.path)
        if output.kept and not output.origin:
            same.add(output.path)
            if held is not None and output.path in held and (found := _size(path)) is not None:
                size, files = size + found, files + 1  # in the spare: the previous build's file
                continue
        if folder not in made:
            _make_folder(root, parts[:-1], held is not None)
            made.add(folder)
        if held is not None:
            _clear(path)
        if output.kept:
            size += _linked(output.origin or os.path.join(previous, *parts), path)
        else:
            handle = os.open(path, _CREATE, 0o644)
            with open(handle, "wb") as file:
                file.write(output.data)
            size += len(output.data)
        files += 1
    return Written(files, size), same


def _stale(spare: Path, held: set[str] | None, names: list[str]) -> list[str]:
    """Return the spare's files this build did not write (a file that became a folder is none)."""
    gone = (held or set()).difference(names)
    return sorted(name for name in gone if not os.path.isdir(os.path.join(spare, *name.split("/"))))


def _make_folder(root: Path, parts: list[str], spare: bool) -> None:
    """Make a folder under root; in the spare, first remove a file of the previous site where it goes."""
    folder = os.path.join(root, *parts)
    if spare:
        for depth in range(1, len(parts) + 1):
            inside = os.path.join(root, *parts[:depth])
            if os.path.lexists(inside) and not os.path.isdir(inside):
                os.unlink(inside)
                break
    os.makedirs(folder, exist_ok=True)


def _size(path: str) -> int | None:
    """Return the size of a regular file, or None when there is none."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


def _clear(path: str) -> None:
    """Remove what the spare holds where a file is to be written: the previous build's file, or a folder."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _keep_spare(old: Path, site: Path, same: set[str]) -> None:
    """Keep the site swapped out as the spare, with only the files that are still the site's own (`same`)."""
    spare = _spare(site)
    if old != spare:
        shutil.rmtree(spare, ignore_errors=True)
        os.rename(old, spare)
    held = read_record(spare) or set()
    os.unlink(spare / RECORD)  # until it is pruned: killed before, the spare is removed by the next build
    remove_files(spare, sorted(held.difference(same)))
    write_record(spare, held.intersection(same), note=_spare_of(site))


def _held(target: Path) -> set[str] | None:
    """Return the files of target's spare; None, removing it, when it is not the spare of the site there now.

    A spare a killed build was updating has no record, so no note: it goes too.
    """
    spare = _spare(target)
    if os.path.isdir(spare) and (not target.is_dir() or record_note(spare) != _spare_of(target)):
        shutil.rmtree(spare)  # the site was replaced or removed since (by hand, or by a build with no spare)
    return read_record(spare) if target.is_dir() else None


def _spare_of(site: Path) -> str:
    """Return the note that ties a spare to the folder of the site it shares its files with: that very folder."""
    status = os.stat(site)
    return f"spare of the site in the folder {status.st_dev}:{status.st_ino}"


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
    key = folded(relative)
    if key in seen:
        raise OutputError(f"two files of the site would be written to '{relative}'")
    seen.add(key)
    return parts


def _plain_parts(relative: str) -> list[str]:
    """Split a site-relative path into plain names; refuse empty, '.', '..', NUL and backslashes."""
    parts = relative.split("/")
    if "\x00" in relative or "\\" in relative or any(part in ("", ".", "..") for part in parts):
        raise OutputError(f"refusing to write outside the output folder: {relative!r}")
    return parts


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


def _spare(target: Path) -> Path:
    """Return where the spare of an output folder is kept."""
    return target.with_name(SPARE.format(target.name))


def _swap(staging: Path, target: Path, same: set[str] | None = None) -> None:
    """Put staging in target's place; the previous target is removed afterwards, or kept as the spare (`same`)."""
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):  # staging now holds the previous site
        try:
            _keep_spare(staging, target, same) if same is not None else shutil.rmtree(staging)
        except OSError:  # the site is in place: without a spare, the next build only writes a new folder
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(_spare(target), ignore_errors=True)
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
