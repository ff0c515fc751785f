"""The preview's search index, made by a process of its own on a copy of the pages shown, so that no save waits for it.

    indexing = Indexing(copies / "indexing", command, turn, "pagefind")
    indexing.start(pages)  # copies the pages shown (the files changed since its last copy), starts the process
    indexing.done()        # the finished index's folder, moved out of the copy; None while it runs
    indexing.stop()        # a save needs the whole cache: the index of a later state is made afterwards

Indexing a site takes seconds at 20,000 testimonies (Pagefind, and reading every
page's status): sitegen/serve.py shows the pages first, then starts the index, and
goes on with the next saves meanwhile; the process runs at a lower priority. It
holds the preview's turn among builds of its folder and cache (locks.building)
from its start to its end, which the preview's own updates share: no other build
runs in between, and the cache's search folder is the index's alone meanwhile. An
update that sweeps the whole cache stops it first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sitegen.incremental.preview_folders import linked_copy, replayed


@dataclass(slots=True)
class Indexing:
    """The search index under way: its process, the copy of the pages it reads, and the turn it holds meanwhile."""

    folder: Path  # the copy of a state's pages that the process indexes, and writes its index into
    command: list[str]  # what runs it, given the folder last
    turn: Callable[[], contextlib.AbstractContextManager[None]]  # takes the preview's turn, or fails at once
    bundle: str  # the index's folder in the copy, moved out once done: "pagefind"
    behind: set[str] | None = None  # the files the copy lacks since it took a state's pages; None: make it whole
    of: Path | None = None  # the state's folder whose pages the last index shows, or the one under way
    process: subprocess.Popen | None = None
    said: IO[bytes] | None = None  # where the process writes its errors
    held: contextlib.ExitStack | None = None  # the turn, while the process runs

    @property
    def running(self) -> bool:
        """Return True while the process runs."""
        return self.process is not None and self.process.poll() is None

    def changed(self, paths: Iterable[str]) -> None:
        """Note files of the pages shown that changed: the copy takes them again before the next index."""
        if self.behind is not None:
            self.behind.update(paths)

    def start(self, pages: Path) -> None:
        """Index a state's pages (a folder nothing writes to while it is copied) in a process of its own.

        Raise SiteError when another build has the cache (then try later), OSError when the copy fails.
        """
        held = contextlib.ExitStack()
        try:
            held.enter_context(self.turn())
            self.copied(pages)
            self.said = tempfile.TemporaryFile()  # noqa: SIM115 (closed once the process has ended)
            self.process = subprocess.Popen(
                [*self.command, os.fspath(self.folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=self.said, start_new_session=True,
            )  # fmt: skip
        except BaseException:
            held.close()
            if self.said is not None:
                self.said.close()
                self.said = None
            raise
        self.held, self.of = held, pages

    def copied(self, pages: Path) -> None:
        """Make the copy hold the pages: taking only the files changed since it last took a state's, when known.

        The preview makes it whole once, as it starts, so that a save after the first never waits for that.
        """
        behind, self.behind = self.behind, None  # unknown, should the copy fail half-way
        if behind is None:
            shutil.rmtree(self.folder, ignore_errors=True)
            linked_copy(pages, self.folder)
        else:
            replayed(pages, self.folder, behind)
        self.behind = set()

    def done(self) -> Path | None:
        """Return the index just made, moved out of the copy beside it; None while it runs; OSError if it failed."""
        if self.process is None or self.running:
            return None
        failed, said = self.process.wait() != 0, self.said
        self._ended()
        why = ""
        if said is not None:
            said.seek(0)
            why = " ".join(said.read().decode("utf-8", "replace").split()[-40:])
            said.close()
        if failed:
            raise OSError(why or "the indexing stopped")
        made = self.folder.with_name(f"search-{os.urandom(4).hex()}")
        os.rename(self.folder / self.bundle, made)
        return made

    def stop(self) -> None:
        """Stop the index under way, if any, with Pagefind's own processes: the pages it read will be indexed again."""
        if self.process is None:
            return
        with contextlib.suppress(OSError):
            if sys.platform != "win32":
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.kill()
        self.process.wait()
        if self.said is not None:
            self.said.close()
        self._ended()
        self.of = None

    def _ended(self) -> None:
        """Forget the process that ended, and give the turn back."""
        held, self.process, self.said, self.held = self.held, None, None, None
        if held is not None:
            held.close()
