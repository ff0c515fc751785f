"""The preview's folders: one made another's again by hard links, whole or where it changed; every file's status.

    linked_copy(state, working)                       every file of state, each a hard link to it
    replayed(state, older, {"items/tente/index.html"})  an older copy of state made state's again at these files
    statuses([content, templates])                    {path: (inode, size, mtime, ctime)} of every file

sitegen/serve.py serves each build's folder as it is, where nothing writes again,
and builds the next state in a working folder made from the folder it replaces:
that one takes only the files the build wrote or removed, so making it costs what a
save changed, not the size of the site. Writers never change a file in place
(sitegen/output.py), so a hard link is a copy that stays as it was. Where the file
system has no hard links, files are copied.

Two looks at every file's status that agree mean that nothing changed between
them: what the preview builds from is then one state of the files, never half of
a branch switch. What editors and systems leave beside files is no change.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from sitegen.digests import file_status, is_stray

Statuses = dict[str, tuple[int, int, int, int]]  # file => digests.file_status: inode, size, both times


def linked_copy(source: Path, target: Path) -> None:
    """Make target hold every file of source, each a hard link to it (a copy where the file system has none)."""
    for root, _folders, files in os.walk(source):
        here = os.path.join(target, os.path.relpath(root, source))
        os.makedirs(here, exist_ok=True)
        for name in files:
            _linked(os.path.join(root, name), os.path.join(here, name))


def replayed(source: Path, target: Path, paths: Iterable[str]) -> None:
    """Make target, a copy of source as it was, hold source's file at each path again, or none where source has none.

    Paths are site-relative, with "/": what update_site wrote or removed in source since.
    """
    for name in sorted(paths):
        parts = name.split("/")
        if any(part in ("", ".", "..") for part in parts):
            continue  # never a file the generator writes
        here, there = os.path.join(target, *parts), os.path.join(source, *parts)
        if os.path.isfile(there):
            os.makedirs(os.path.dirname(here), exist_ok=True)
            aside = os.path.join(os.path.dirname(here), f".{parts[-1]}.{os.urandom(4).hex()}.link")
            _linked(there, aside)
            os.replace(aside, here)
            with contextlib.suppress(FileNotFoundError):  # here was that file already: rename then does nothing
                os.unlink(aside)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(here)
            _remove_empty(os.path.dirname(here), os.fspath(target))


def statuses(folders: Iterable[str]) -> Statuses | None:
    """Return the status of every file under the folders, strays left out; None when one vanished meanwhile.

    A link is looked through: its target's status. One walk, one status per file; no file is read.
    """
    found: Statuses = {}
    try:
        for folder in folders:
            waiting = [folder]
            while waiting:
                with os.scandir(waiting.pop()) as entries:
                    for entry in entries:
                        if is_stray(entry.name) or entry.name == "__pycache__":  # __pycache__: Python's, in a theme
                            continue
                        if entry.is_dir(follow_symlinks=False):
                            waiting.append(entry.path)
                        else:
                            found[entry.path] = file_status(entry.stat())
    except OSError:
        return None
    return found


def _linked(source: str, path: str) -> None:
    """Make path a hard link to the file at source, or a copy of it."""
    try:
        os.link(source, path, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, path, follow_symlinks=False)


def _remove_empty(folder: str, root: str) -> None:
    """Remove folder if it is empty, then each parent it leaves empty, up to root."""
    while folder != root and folder.startswith(root):
        try:
            os.rmdir(folder)
        except OSError:  # not empty, or gone already
            return
        folder = os.path.dirname(folder)
