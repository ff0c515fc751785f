"""Builds that share output/ or the cache take turns, and each tidies what a killed one left there.

    with building(Path("output"), Path(".cache"), say=print):
        ...  # the stamp, the build, the record of its pages

A build holds a lock beside output/ (.output.lock) and one in the cache folder
(sitegen.lock) while it writes them; `serve` holds them while it rebuilds its
preview, `check` the cache's while it fills it. A second build waits for the
first, saying so, for PATIENCE seconds at most. The locks are the system's
(flock): they go with the process that held them, however it ends, so a killed
build never leaves a lock that stops the next one. Holding them, a build knows
that what builds write aside in the cache before renaming it (ASIDE) was left by
a killed build, and removes it; a build that fails removes what it wrote aside
too, and says so plainly when the disk is full. Only those names are removed, so
a --cache pointed at a folder of one's own loses nothing else.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sitegen.errors import OutputError

if sys.platform != "win32":  # Windows has no flock: there, builds are not guarded against each other
    import fcntl

LOCK = "sitegen.lock"  # in the cache folder; output/'s is .output.lock, beside it
PATIENCE = 600.0  # seconds a build waits for another one to finish with the same folders, then gives up
ASIDE = {  # what builds write aside in the cache, by folder, before renaming it (sweep.py clears them too)
    "": re.compile(r"\.(pages|stamp|stamp-files)-.+\.part|\.preview\.(new-.+|previous)"),  # stamp.py...; serve.py's
    "cards": re.compile(r".+\.part"),  # pictures/cards.py
    "images": re.compile(r"\.[0-9a-f]{64}-.+"),  # pictures/publish.py: a picture's folder, before its rename
    "items": re.compile(r"\.parses-.+\.part"),  # parses.py
    "testimonies": re.compile(r"\.parses-.+\.part"),
    "search": re.compile(r"\.work-.+"),  # search/index.py: its work folder
    "templates": re.compile(r"__jinja2_.+\.tmp"),  # Jinja's compiled templates
}


@contextlib.contextmanager
def building(
    output: Path | None, cache: Path | None, say: Callable[[str], None], patience: float | None = None
) -> Iterator[None]:
    """Hold the locks of output/ and of the cache while a build writes them, and tidy what a killed build left.

    Every build takes output/'s lock before the cache's, so two never wait for each other.
    `patience` is how long to wait for another build, PATIENCE seconds unless told.
    """
    patience = PATIENCE if patience is None else patience
    with contextlib.ExitStack() as held:
        if output is not None:
            held.enter_context(_locked(lock_of(output.absolute()), output, say, patience))
        if cache is not None:
            held.enter_context(_locked(cache.absolute() / LOCK, cache, say, patience))
        remove_partial_files(cache)
        try:
            yield
        except BaseException as error:
            remove_partial_files(cache)
            full = full_disk(error)  # also behind an OutputError or a SiteError, as their context
            if full is None:
                raise
            raise OutputError(full_disk_message(full, output, cache)) from None


def full_disk(error: BaseException | None) -> OSError | None:
    """Return the error saying the disk is full (or the quota used up) behind `error`, if that is what stopped it."""
    while error is not None:  # a SiteError raised while handling it keeps it as its context
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            return error
        error = error.__cause__ or error.__context__
    return None


def full_disk_message(error: OSError, target: Path | None, cache: Path | None = None) -> str:
    """Say that the disk is full, where, what the build left as it was, and what to do."""
    where = error.filename or target or cache  # a write to an open file names none
    kept = f"; {target} is unchanged" if target is not None else ""
    cache_hint = f", or delete {cache}, which only makes builds faster" if cache is not None else ""
    return (
        f"the disk is full: no space was left to write {where}, so the build stopped and removed what it began{kept}"
        f" — free some space on that disk (empty the trash, remove files you no longer need{cache_hint}),"
        " then build again"
    )


def lock_of(target: Path) -> Path:
    """Return the lock file of an output folder: beside it, output/ => .output.lock."""
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def _locked(path: Path, folder: Path, say: Callable[[str], None], patience: float) -> Iterator[None]:
    """Hold the lock file at path (made if need be) while the block runs, then remove it.

    A lock file removed by the build that held it, between our opening and our
    locking it, is no lock any more: then the file now at path is locked instead.
    """
    if sys.platform == "win32":
        yield
        return
    deadline, told = time.monotonic() + patience, False
    while True:
        handle = _lock_file(path)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(handle)
            os.close(handle)
            if time.monotonic() >= deadline:
                waited = f"{patience / 60:g} minutes" if patience >= 60 else f"{patience:g} seconds"
                raise OutputError(
                    f"another build{holder} has been writing {folder} for more than {waited}"
                    " — let it finish, or stop it, then build again"
                ) from None
            if not told:
                say(f"another build{holder} is writing {folder}; waiting for it to finish…")
                told = True
            time.sleep(0.1)
            continue
        if _is_at(handle, path):
            break
        os.close(handle)
    try:
        with contextlib.suppress(OSError):  # a full disk: the lock holds all the same, unnamed
            os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(handle)


def _lock_file(path: Path) -> int:
    """Open the lock file at path, made if need be, with its folder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        if full_disk(error):
            raise OutputError(full_disk_message(error, None)) from None
        raise OutputError(f"{path} could not be made ({error.strerror}), so the build cannot start") from None


def _holder(handle: int) -> str:
    """Return ' (process 1234)' for the build that holds a lock file, as it wrote there; '' when unknown."""
    with contextlib.suppress(OSError):
        written = os.pread(handle, 20, 0).decode("ascii", errors="replace").strip()
        if written.isdigit():
            return f" (process {written})"
    return ""


def _is_at(handle: int, path: Path) -> bool:
    """Return True when the open file is still the one at path."""
    try:
        return os.path.samestat(os.fstat(handle), os.stat(path))
    except FileNotFoundError:
        return False


def remove_partial_files(cache: Path | None) -> None:
    """Remove what builds write aside in the cache before renaming it; under the cache's lock, no build is at it."""
    if cache is None:
        return
    for folder, aside in ASIDE.items():
        try:
            names = os.listdir(cache / folder)
        except OSError:  # none yet
            continue
        for name in filter(aside.fullmatch, names):
            path = cache / folder / name
            with contextlib.suppress(OSError):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
