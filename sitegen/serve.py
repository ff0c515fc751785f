"""Preview a site while editing it: build, serve on 127.0.0.1, rebuild after every save, reload open pages.

    python generate.py serve  =>  http://127.0.0.1:8000/

Whole-state serving. The preview is built in a working folder of the cache (never
output/), then updated in place. Once a build is done, that folder itself is served,
where nothing writes again, and the working folder is made again from the folder
the new one replaces: it takes, as hard links, only the files the build wrote or
removed (writers never change a file in place, sitegen/output.py), so that costs
what the save changed, not the size of the site. A request is answered from the
state in place when it came: a page from before is never served beside a page from
after. Pages get a live-reload script, and the problems of invalid content until
the next good save. No failure stops the server or the watcher; only files inside
the preview are served: no `..`, however encoded, no link out.

A save costs what it changed. The watcher says which files a burst of saves
changed. Testimonies or items saved again are patched into the last build: only their
files are read, only the pages that show them made again (incremental/preview_patch.py).
Any other change is built whole, and shown only if every file's status is the same
after the build as before it: a build outrun by saves, a branch switch half done, is
not shown. Between saves, every file's status is looked at now and then, for changes
the system did not tell. The search index is made after the pages are shown, by a
process of its own on a copy of them (sitegen/incremental/preview_search.py), so
that no save waits for it: search follows a moment later, served beside the pages.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import replace
from http.server import ThreadingHTTPServer
from pathlib import Path

from watchfiles import Change, watch

from sitegen.build import Options, Report, build, update_preview
from sitegen.digests import file_status, is_stray
from sitegen.errors import ContentError, Problem, SiteError
from sitegen.incremental.kept_pages import record_pages
from sitegen.incremental.locks import building, full_disk, full_disk_message
from sitegen.incremental.preview_folders import Statuses, linked_copy, replayed, statuses
from sitegen.incremental.preview_http import Handler, State
from sitegen.incremental.preview_memory import PreviewMemory
from sitegen.incremental.preview_patch import Built, edited, tidy, warm
from sitegen.incremental.preview_search import Indexing
from sitegen.search.index import BUNDLE
from sitegen.written import RECORD

QUIET_MS = 10  # a burst of saves has ended when nothing changed for this long: then it builds
GROUP_MS = 400  # during a longer burst, it builds at least this often
CHECK_MS = 250  # how often the watcher wakes up when nothing changes: to finish the search index, say
LOOK_SECONDS = 5.0  # how often, between saves, it looks at every file's status for a change it was not told of
STALE_SECONDS = 2.0  # files changing all the time: after this long, a build is shown even if they changed meanwhile
WAIT_SECONDS = 0.1  # how often a missing folder is looked for
UNREAD_SECONDS = 1.0  # how long the folder a new state replaces may still be read before it is made again otherwise
# yields each burst of changes, or none after CHECK_MS; those made while the preview builds come next
_watching = functools.partial(watch, debounce=GROUP_MS, step=QUIET_MS, rust_timeout=CHECK_MS, yield_on_timeout=True)
_INDEXING = """import os, shutil, sys
if sys.platform != "win32":
    os.nice(10)
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from sitegen.search.index import BUNDLE, index_site
cache, site = Path(sys.argv[2]) if sys.argv[2] else None, Path(sys.argv[3])
shutil.rmtree(site / BUNDLE, ignore_errors=True)
index_site(site, cache)
"""  # what the search index's own process runs, at a lower priority: argv = [sitegen's folder, cache or "", site]
_PACKAGES = str(Path(__file__).resolve().parent.parent)  # the folder sitegen is in, for that process


class Preview:
    """A preview server and the watcher that rebuilds it; start() it, then stop() it."""

    def __init__(
        self, options: Options, host: str = "127.0.0.1", port: int = 8000, log: Callable[[str], None] = lambda _: None
    ):
        self.options = options
        self.log = log
        self.changed = threading.Condition()  # guards the state and its readers; notified at each new state
        self.stopping = threading.Event()
        folder = (options.cache / "preview") if options.cache else Path(tempfile.mkdtemp(prefix="sitegen-preview-"))
        self.copies = folder.with_name(folder.name + ".served")  # the folders served: each build's, once done
        self.server = ThreadingHTTPServer((host, port), functools.partial(Handler, preview=self))
        self.server.daemon_threads = True
        self.url = f"http://{host}:{self.server.server_address[1]}/"
        self.site_options = replace(options, output=folder, base_url=self.url)
        self.state = State(0)
        self.bundle = BUNDLE  # where the search index is served, beside each state's pages
        self.readers: Counter[Path | None] = Counter()  # folder => requests reading it now
        self.retired: set[Path] = set()  # folders no state shows any more: removed once no request reads them
        self.built_from: Statuses | None = None  # every file's status when the state shown was built
        self.stale_since: float | None = None  # when builds began to be outrun by saves
        self.threads: list[threading.Thread] = []
        self.memory = PreviewMemory()  # what rebuilds keep in memory for the next
        self.folders = [os.path.abspath(options.content), os.path.abspath(options.templates)]  # what it is built from
        command = [sys.executable, "-c", _INDEXING, _PACKAGES, str(options.cache.absolute()) if options.cache else ""]
        self.index = Indexing(self.copies / "indexing", command, self._turn_now, BUNDLE)
        self.untidy = False  # saves were patched in since the cache was last swept of what they left (a card)
        self.unsettled = False  # a whole update made a new model: its fragments are not made, nor is it frozen

    def start(self) -> str:
        """Build once, then serve and watch in the background; return the preview's address."""
        shutil.rmtree(self.copies, ignore_errors=True)  # what a preview that was killed left
        self.rebuild(whole=True)
        if self.state.folder is not None:
            with contextlib.suppress(OSError):  # else made when it is first needed
                self.index.copied(self.state.folder)
        self.threads = [threading.Thread(target=run, daemon=True) for run in (self.server.serve_forever, self._watch)]
        for thread in self.threads:
            thread.start()
        return self.url

    def stop(self) -> None:
        """Stop watching and serving, record what the working folder holds, and remove the copies served."""
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()
        self.server.shutdown()
        self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=5)
        self.index.stop()
        built, cache = self.memory.built, self.options.cache
        if built is not None and not self.memory.unsure and self.memory.made is not None:
            record_pages(cache, self.site_options.output, built.keys)  # for the next preview's first build
        shutil.rmtree(self.copies, ignore_errors=True)

    def rebuild(self, changed: Collection[str] | None = None, whole: bool = False) -> None:
        """Build the preview and show it, unless its files changed meanwhile: saves patched in, or whole.

        `changed` lists the files saved, when the watcher told which. Only those are read
        when testimonies or items are patched in, so that build is never outrun: it is shown.
        """
        started = time.perf_counter()
        patched = self._patched(changed) if changed is not None and not whole else None
        problems, before = patched, self.built_from
        if problems is None:
            self.index.stop()  # a whole update sweeps the cache, where the search index is made
            before = statuses(self.folders)
            update = self._whole if whole else functools.partial(update_preview, self.site_options, self.memory)
            problems = self._built(update)[1]
            if not whole and self._outrun(before):
                return
        problems = self._show(problems, before, whole)
        self.untidy |= patched is not None and not problems
        self.unsettled |= patched is None
        seconds = time.perf_counter() - started
        self.log(f"Rebuilt in {seconds:.2f} s" if not problems else f"{len(problems)} problems, shown in the browser")

    def _patched(self, changed: Collection[str]) -> list[Problem] | None:
        """Patch testimonies or items saved again into the working folder; return its problems, or None if it cannot."""
        if self.built_from is None or edited(self.memory.built, changed) is None:
            return None
        for path in changed:  # as they are read now
            with contextlib.suppress(OSError):
                self.built_from[path] = file_status(os.stat(path))
        report, problems = self._built(functools.partial(update_preview, self.site_options, self.memory, changed))
        return problems if report is not None or problems else None

    def _whole(self) -> Report:
        """Build the working folder whole, and keep what it was made of for the saves to patch in."""
        report = build(self.site_options, memory=self.memory)
        self.memory.commit()
        return report

    def _built(self, update: Callable[[], Report | None]) -> tuple[Report | None, list[Problem]]:
        """Update the working folder in the preview's turn; return what it says, or the problems that stopped it."""
        try:
            with self._turn():  # builds take turns
                return update(), []
        except ContentError as error:
            return None, error.problems
        except SiteError as error:
            return None, [Problem("", 0, error.format_message(), "fix it, then save again")]
        except Exception as error:  # the server must outlive any failure
            if full := full_disk(error):  # the search index held the turn, which says so otherwise
                reason = full_disk_message(full, None, self.options.cache)
                return None, [Problem("", 0, reason, "make room, then save again")]
            return None, [Problem("(the generator)", 0, f"unexpected failure: {error!r}", "please report this")]

    def _turn(self) -> contextlib.AbstractContextManager[None]:
        """Take the preview's turn among builds of its folder and cache, unless its search index holds it already."""
        if self.index.held is not None:
            return contextlib.nullcontext()
        return building(self.site_options.output, self.options.cache, self.log)

    def _turn_now(self) -> contextlib.AbstractContextManager[None]:
        """Take the preview's turn for its search index, or raise SiteError at once: it is made later then."""
        return building(self.site_options.output, self.options.cache, self.log, patience=0)

    def _outrun(self, before: Statuses | None) -> bool:
        """Return True when the files changed while they were built, unless that has gone on for too long."""
        if before is not None and statuses(self.folders) == before:
            return False
        self.stale_since = self.stale_since or time.monotonic()
        return time.monotonic() - self.stale_since < STALE_SECONDS

    def _show(self, problems: list[Problem], built_from: Statuses | None, whole: bool) -> list[Problem]:
        """Serve a new state, and reload the open pages: the working folder itself if the build succeeded."""
        folder, search = None, self.state.search
        if not problems:
            try:
                folder = self._moved_out()
                search = self._search_of(folder) if whole else search
            except OSError as error:
                reason = f"the preview could not be written ({error.strerror or error})"
                problems = [Problem("", 0, reason, "make room on the disk, then save again")]
        previous = self.state.folder
        self._publish(State(self.state.generation + 1, folder or previous, search, tuple(problems)))
        self.built_from, self.stale_since = built_from, None
        if folder is not None:
            self._remade(folder, previous)
        return problems

    def _moved_out(self) -> Path:
        """Move the working folder among the copies served, where nothing writes to it again; return where."""
        self.copies.mkdir(parents=True, exist_ok=True)
        folder = self.copies / f"{self.state.generation + 1}-{os.urandom(4).hex()}"
        os.rename(self.site_options.output, folder)  # one rename, however many files
        return folder

    def _search_of(self, folder: Path) -> Path | None:
        """Move a whole build's search index out of its pages, to be served beside them; return where."""
        self._retire(self.state.search)
        self.index.of, search = folder, self.copies / f"search-{os.urandom(4).hex()}"
        if not (folder / BUNDLE).is_dir():
            return None
        os.rename(folder / BUNDLE, search)
        return search

    def _remade(self, shown: Path, previous: Path | None) -> None:
        """Make the working folder again: the folder `shown` replaced, taking the files the build changed, if unread."""
        touched, self.memory.touched = self.memory.touched, set()
        self.index.changed(touched)
        working = self.site_options.output
        try:
            if previous is not None and self._unread(previous):
                try:
                    replayed(shown, previous, touched | {RECORD})  # the record of its files: rewritten maybe
                    os.rename(previous, working)
                    return
                except OSError:
                    shutil.rmtree(previous, ignore_errors=True)
            elif previous is not None:
                self._retire(previous)
            linked_copy(shown, working)
        except OSError:  # the next build writes every file again
            shutil.rmtree(working, ignore_errors=True)
            self.memory.made = None

    def _unread(self, folder: Path) -> bool:
        """Wait until no request reads a folder no state shows any more; False if that takes too long."""
        with self.changed:
            return self.changed.wait_for(lambda: not self.readers.get(folder), timeout=UNREAD_SECONDS)

    def _idle(self) -> None:
        """Between saves: serve the search index just made, sweep the cache, index the pages shown if not yet."""
        if self.index.running:
            return
        try:
            search = self.index.done()
        except OSError as error:
            self.log(f"Search is not up to date: {error}")
            search = None
        if search is not None:
            with self.changed:
                old, self.state = self.state.search, replace(self.state, search=search)
            self._retire(old)
        if self.untidy and self.memory.built is not None:
            self._tidy(self.memory.built)
        if self.unsettled:
            self._settle()
        with self.serving() as state:  # its pages stay while the index copies them
            if state.folder is None or state.folder == self.index.of:
                return
            try:
                self.index.start(state.folder)
            except SiteError:  # another build has the cache: later
                pass
            except OSError as error:
                self.log(f"Search is not up to date: {error}")

    def _tidy(self, built: Built) -> None:
        """Sweep the cache of what the saves patched in no longer use: a testimony's former share cards."""
        try:
            with self._turn():
                tidy(built, self.options.cache)
        except SiteError as error:
            self.log(f"The cache could not be swept: {error.format_message()}")
        self.untidy = False

    def _settle(self) -> None:
        """Ready what the last whole update made for the saves to come: the lists' fragments, and a frozen model.

        Every item saved reuses the fragments (preview_patch.warm). At L the model is millions of
        objects, which a full garbage collection walked (0.2 s) about once a save: frozen, they are not.
        """
        if self.memory.built is not None:
            warm(self.memory.built)
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.unsettled = False

    def _publish(self, state: State) -> None:
        """Serve a new state, and wake the open pages' event streams."""
        with self.changed:
            self.state = state
            self.changed.notify_all()

    def _retire(self, folder: Path | None) -> None:
        """Remove a folder no state shows any more, once no request reads it."""
        if folder is not None:
            with self.changed:
                self.retired.add(folder)
        self._drop_unread()

    @contextlib.contextmanager
    def serving(self) -> Iterator[State]:
        """Hold the state in place now for one request: its folders stay until the request has its bytes."""
        with self.changed:
            state = self.state
            self.readers.update((state.folder, state.search))
        try:
            yield state
        finally:
            with self.changed:
                self.readers.subtract((state.folder, state.search))
                self.changed.notify_all()
            self._drop_unread()

    def _drop_unread(self) -> None:
        """Remove the retired folders that no state shows and no request reads."""
        with self.changed:
            shown = (self.state.folder, self.state.search)
            gone = {folder for folder in self.retired if folder not in shown and not self.readers.get(folder)}
            self.retired -= gone
        for folder in gone:
            shutil.rmtree(folder, ignore_errors=True)

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """Wait until a state newer than `seen` is shown, or `timeout` passes; return the latest generation."""
        with self.changed:
            self.changed.wait_for(lambda: self.state.generation != seen or self.stopping.is_set(), timeout=timeout)
            return self.state.generation

    def _watch(self) -> None:
        """Rebuild after each burst of saves for as long as the preview runs: no failure ends the watching."""
        while not self.stopping.is_set():
            try:
                self._watch_until_replaced()
            except Exception as error:  # the watcher must outlive anything: say so, and watch again
                self.log(f"Watching the files failed ({error}); watching them again")
                self.stopping.wait(WAIT_SECONDS)

    def _watch_until_replaced(self) -> None:
        """Watch the folders until one is removed or moved away; rebuild when their files change, told so or not."""
        if not self._wait_for_folders():
            return
        looked = 0.0  # when every file's status was last looked at, for changes nobody told of: at once, then seldom
        for changes in _watching(*self.folders, watch_filter=self._counts, stop_event=self.stopping):
            if any((Change.deleted, folder) in changes for folder in self.folders):
                return  # its watch went with it: watch it again once it is back
            changed = {path for _, path in changes}
            if not changed and time.monotonic() - looked > LOOK_SECONDS:
                looked, changed = time.monotonic(), self._untold()
            if changed:
                self.rebuild(changed)
            else:
                self._idle()

    def _untold(self) -> set[str]:
        """Return the files whose status is not the one the state shown was built from."""
        now, before = statuses(self.folders), self.built_from
        if now is None or before is None:
            return set()
        return {path for path in now.keys() | before.keys() if now.get(path) != before.get(path)}

    def _counts(self, change: Change, path: str) -> bool:
        """Return False for an editor's swap file or a system's leftover, which the site never reads."""
        folder = next((f for f in self.folders if path == f or path.startswith(f.rstrip(os.sep) + os.sep)), None)
        return folder is None or not any(is_stray(part) for part in Path(os.path.relpath(path, folder)).parts)

    def _wait_for_folders(self) -> bool:
        """Wait until every folder exists again (a branch switch may remove one for a moment); False if it stops."""
        if missing := [folder for folder in self.folders if not os.path.isdir(folder)]:
            self.log(f"{missing[0]} is missing: the preview shows the last build until it is back")
        while not all(os.path.isdir(folder) for folder in self.folders) and not self.stopping.is_set():
            self.stopping.wait(WAIT_SECONDS)
        return not self.stopping.is_set()
