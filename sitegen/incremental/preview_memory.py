"""What the preview keeps in memory from one rebuild to the next, so that a save costs what it changed.

A `build` starts from what is on disk every time. The preview (sitegen/serve.py)
rebuilds after every save within one long-running process, so it keeps a PreviewMemory
(what sitegen.content calls its FileMemory, and the parses' memory):

- the parses of items and testimonies (parses.py), instead of reading them
  back from the cache's pickles and writing them out again at every save;
- the bytes of each content file, reused while the file's inode, size and change
  times are those they were read with (any write moves its change time on). A
  file changed in the last two seconds is read again at every rebuild: a second
  write within the same tick of the clock could leave its times as they were;
- the files of the preview as last written, so that the ones no longer made are
  removed without walking the whole folder, and kept ones are not looked for;
- the list of each content folder, while the folder's own times are unchanged
  (adding, removing or renaming a file changes them) and settled.

It keeps nothing of a testimony the preview does not show: after each rebuild it
forgets the files it did not read (one deleted, renamed) and those of testimonies
not published (withdrawn, a draft without --drafts, its consent ended), and the
parses keep only what is published (parses.py).

What it trusts is the file system's word that a file or folder whose status
(inode, size, both times) is unchanged and settled has not changed. Everything
else is looked up as a build does: a parse by the digest of the file's bytes, a
page by its key. tests/test_incremental.py updates a preview after every kind of
change and compares it with a cold build, byte for byte.
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sitegen.content.load import Content, published_testimonies
from sitegen.digests import SETTLED_NS, file_status, has_settled

T = TypeVar("T")

Signature = tuple[int, int, int, int]  # digests.file_status: inode, size, modification and change times in ns


@dataclass(slots=True, weakref_slot=True)
class PreviewMemory:
    """What one preview process keeps between its rebuilds."""

    parsed: dict[str, dict[str, Any]] = field(default_factory=dict)  # kind ("items") -> kept parses (parses.py)
    files: dict[Path, tuple[Signature, bytes]] = field(default_factory=dict)  # content file -> bytes as read
    folders: dict[Path, tuple[Signature, Any]] = field(default_factory=dict)  # content folder -> what it lists
    made: frozenset[str] | None = None  # the preview's files, as the last update wrote them; None: unknown
    settled_ns: int = SETTLED_NS  # how long ago a file's times must be for its bytes to be kept
    read_now: set[Path] = field(default_factory=set)  # the files read since the last sweep
    held: int | None = None  # a file descriptor: while open, no build removes the preview's folder (sweep.hold_preview)

    def read(self, path: Path, status: os.stat_result) -> bytes:
        """Return a file's bytes: those read before while its status is the same, else read afresh."""
        self.read_now.add(path)
        return self._kept(self.files, path, status, path.read_bytes)

    def sweep(self, folder: Path, content: Content | None, drafts: bool, today: datetime.date) -> None:
        """Forget the files not read since the last sweep, and those of the testimonies not published on `today`.

        `folder` is content/: testimonies/amal.md and testimonies/amal.ar.md are the testimony amal's.
        """
        shown = published_testimonies(content.testimonies if content else (), drafts=drafts, today=today)
        published, testimonies = {testimony.slug for testimony in shown}, folder / "testimonies"
        self.files = {
            path: kept
            for path, kept in self.files.items()
            if path in self.read_now and (path.parent != testimonies or path.name.split(".")[0] in published)
        }
        self.read_now = set()

    def listed(self, folder: Path, list_folder: Callable[[], T]) -> T:
        """Return what list_folder() made of a folder before while the folder's status is the same, else call it."""
        return self._kept(self.folders, folder, folder.stat(), list_folder)

    def _kept(self, known: dict[Path, Any], path: Path, status: os.stat_result, make: Callable[[], T]) -> T:
        """Return known[path]'s value while `status` is the one it was made with, else make it (kept once settled)."""
        signature = file_status(status)
        found = known.get(path)
        if found is not None and found[0] == signature:
            return found[1]
        value = make()
        if has_settled(status, time.time_ns() - self.settled_ns):
            known[path] = (signature, value)
        else:
            known.pop(path, None)
        return value
