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
  (adding, removing or renaming a file changes them) and settled;
- what the last whole update was made of (its site, plans and keys: preview_patch.Built),
  so that a testimony saved again is patched in rather than the whole site planned again;
- which files of the preview's folder were written or removed since its copies last
  took them (sitegen/serve.py), and which a failed update left unlike their keys.

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
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sitegen import model
from sitegen.content.load import Content, published_testimonies
from sitegen.digests import SETTLED_NS, file_status, has_settled
from sitegen.incremental.kept_pages import Previous, previous_pages
from sitegen.output import Written

if TYPE_CHECKING:  # preview_patch reads files through this memory
    from sitegen.incremental.preview_patch import Built

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
    built: Built | None = None  # what the last good update was made of, for saves to patch (preview_patch.py)
    candidate: Callable[[], Built] | None = None  # what the update under way is made of, once it has succeeded
    touched: set[str] = field(default_factory=set)  # the folder's files written or removed since its copies took them
    unsure: set[str] = field(default_factory=set)  # files a failed update wrote: unlike what `built` keys them by

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

    def commit(self) -> None:
        """Take the update that just succeeded as what the next saves patch: its folder now holds what it keys."""
        self.built, self.candidate, self.unsure = self.candidate() if self.candidate else None, None, set()

    def previous(self, cache: Path | None, output: Path) -> Previous:
        """Return what the preview's folder holds: as the last update keyed it in memory, else as the cache records."""
        if self.built is None:
            return previous_pages(cache, output, self.made)
        keys = {file: key for file, key in self.built.keys.files.items() if file not in self.unsure}
        return Previous(output.absolute(), keys, self.made, reads=self.built.keys.reads)

    def writing(self, write: Callable[..., tuple[Written, frozenset[str]]]) -> Written:
        """Write into the preview's folder with write(before=made, touched=): it returns what was written, and made.

        Each file touched is noted: for its copies, and as unsure if it fails. Until the
        write is done, what the folder holds is unknown: if it fails half-way, the next
        update looks at the folder rather than trusting what it held before.
        """
        touched: set[str] = set()
        before, self.made = self.made, None
        try:
            written, self.made = write(before=before, touched=touched)
            return written
        except BaseException:
            self.unsure |= touched
            raise
        finally:
            self.touched |= touched

    def forget_parses(self, slugs: Collection[str]) -> None:
        """Forget the parses of these testimonies, read again since (the preview patched them in)."""
        kept = self.parsed.get("testimonies", {})
        testimonies = ((key, parsed) for key, (parsed, _) in kept.items() if isinstance(parsed, model.Testimony))
        for key in [key for key, testimony in testimonies if testimony.slug in slugs]:
            del kept[key]

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
