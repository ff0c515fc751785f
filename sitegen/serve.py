"""Preview a site while editing it: build, serve on 127.0.0.1, rebuild after every save, reload open pages.

    python generate.py serve  =>  http://127.0.0.1:8000/

The preview is built in a working folder of the cache (never output/), then updated in
place. Once a build is done, that folder itself is served, where nothing writes again,
and a copy of it made of hard links becomes the working folder (writers never change a
file in place, sitegen/output.py). A request is answered from the state in place when
it came: a page from before is never served beside a page from after. A build during
which files changed is not shown. Pages get a live-reload script, and the problems of
invalid content until the next good save. No failure stops the server or the watcher;
only files inside the preview are served: no `..`, however encoded, no link out.
"""

from __future__ import annotations

import contextlib
import functools
import html
import os
import shutil
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchfiles import Change, watch

from sitegen.build import Options, build, index_preview, update_preview
from sitegen.digests import file_status, is_stray, tree_digest
from sitegen.errors import ContentError, Problem, SiteError
from sitegen.incremental.kept_pages import moved_on
from sitegen.incremental.locks import building
from sitegen.incremental.preview_memory import PreviewMemory

RELOAD_SCRIPT = "/__sitegen/reload.js"
EVENTS = "/__sitegen/events"
KEEPALIVE_SECONDS = 15  # a comment line now and then keeps proxies from closing the event stream
QUIET_MS = 30  # a burst of saves has ended when nothing changed for this long: then it builds
GROUP_MS = 400  # during a longer burst, it builds at least this often
CHECK_MS = 250  # how often the watcher wakes up when nothing changes
LOOK_SECONDS = 5.0  # how often, between saves, it looks at every file's status for a change it was not told of
STALE_SECONDS = 2.0  # files changing all the time: after this long, a build is shown even if they changed meanwhile
WAIT_SECONDS = 0.1  # how often a missing folder is looked for
HTML = "text/html; charset=utf-8"
RELOAD_JS = b"""// Added by the preview server only: reload this page after each rebuild.
new EventSource("/__sitegen/events").addEventListener("reload", () => location.reload());
"""
SCRIPT_TAG = f'<script src="{RELOAD_SCRIPT}" defer></script>'.encode()
# yields each burst of changes, or none after CHECK_MS; those made while the preview builds come next
_watching = functools.partial(watch, debounce=GROUP_MS, step=QUIET_MS, rust_timeout=CHECK_MS, yield_on_timeout=True)


@dataclass(frozen=True, slots=True)
class _State:
    """What the preview shows at one moment: the files of its last good build, and the problems of its last build."""

    generation: int  # counts the states shown; event streams wait for it to change
    folder: Path | None = None  # the last good build's folder, which nothing writes to any more; None before one
    problems: tuple[Problem, ...] = ()  # of the last build; empty when it succeeded


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
        self.server = ThreadingHTTPServer((host, port), functools.partial(_Handler, preview=self))
        self.server.daemon_threads = True
        self.url = f"http://{host}:{self.server.server_address[1]}/"
        self.site_options = replace(options, output=folder, base_url=self.url)
        self.state = _State(0)
        self.readers: Counter[Path | None] = Counter()  # copy => requests reading it now
        self.built_from: str | None = None  # the fingerprint of the files the state shown was built from
        self.stale_since: float | None = None  # when builds began to be outrun by saves
        self.threads: list[threading.Thread] = []
        self.memory = PreviewMemory()  # what rebuilds keep in memory for the next
        self.folders = [os.path.abspath(options.content), os.path.abspath(options.templates)]  # what it is built from

    def start(self) -> str:
        """Build once, then serve and watch in the background; return the preview's address."""
        shutil.rmtree(self.copies, ignore_errors=True)  # what a preview that was killed left
        self.rebuild(whole=True)
        self.threads = [threading.Thread(target=run, daemon=True) for run in (self.server.serve_forever, self._watch)]
        for thread in self.threads:
            thread.start()
        return self.url

    def stop(self) -> None:
        """Stop watching and serving, and remove the copies served."""
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()
        self.server.shutdown()
        self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=5)
        shutil.rmtree(self.copies, ignore_errors=True)

    def rebuild(self, whole: bool = False) -> None:
        """Build the preview (whole, or only what changed) and show it, unless its files changed meanwhile."""
        started = time.perf_counter()
        before = _fingerprint(self.folders)
        problems = self._build(whole)
        if not whole and self._outrun(before):
            return
        problems = self._show(problems, before)
        seconds = time.perf_counter() - started
        self.log(f"Rebuilt in {seconds:.2f} s" if not problems else f"{len(problems)} problems, shown in the browser")
        if not problems and self.state.folder is not None:
            self._refill(self.state.folder)  # for the next build
            if not whole:
                self._index()

    def _build(self, whole: bool) -> list[Problem]:
        """Build the working folder (whole, or its pages only); return the problems that stopped it, if any."""
        try:
            with building(self.site_options.output, self.options.cache, self.log):  # builds take turns
                if whole:
                    build(self.site_options, memory=self.memory)
                else:
                    update_preview(self.site_options, self.memory)
            return []
        except ContentError as error:
            return error.problems
        except SiteError as error:
            return [Problem("", 0, error.format_message(), "fix it, then save again")]
        except Exception as error:  # the server must outlive any failure
            return [Problem("(the generator)", 0, f"unexpected failure: {error!r}", "please report this")]

    def _outrun(self, before: str | None) -> bool:
        """Return True when the files changed while they were built, unless that has gone on for too long."""
        if before is not None and _fingerprint(self.folders) == before:
            return False
        self.stale_since = self.stale_since or time.monotonic()
        return time.monotonic() - self.stale_since < STALE_SECONDS

    def _show(self, problems: list[Problem], built_from: str | None) -> list[Problem]:
        """Serve a new state, and reload the open pages: the working folder itself if the build succeeded."""
        folder = None
        if not problems:
            try:
                folder = self._moved_out()
            except OSError as error:
                reason = f"the preview could not be written ({error.strerror or error})"
                problems = [Problem("", 0, reason, "make room on the disk, then save again")]
        self._publish(_State(self.state.generation + 1, folder or self.state.folder, tuple(problems)))
        self.built_from, self.stale_since = built_from, None
        return problems

    def _index(self) -> None:
        """Bring the search index up to date once the pages are shown, and serve it without reloading them."""
        try:
            with building(self.site_options.output, self.options.cache, self.log):
                index_preview(self.site_options)
            folder = self._moved_out()
        except Exception as error:  # search is not worth stopping the preview for: say so and go on
            self.log(f"Search is not up to date: {error}")
            return
        self._publish(replace(self.state, folder=folder))
        self._refill(folder)

    def _moved_out(self) -> Path:
        """Move the working folder among the copies served, where nothing writes to it again; return where."""
        self.copies.mkdir(parents=True, exist_ok=True)
        folder = self.copies / f"{self.state.generation + 1}-{os.urandom(4).hex()}"
        os.rename(self.site_options.output, folder)  # one rename, however many files
        return folder

    def _refill(self, folder: Path) -> None:
        """Make the working folder again, for the next build: the files just shown, each a hard link to them."""
        working = self.site_options.output
        try:
            _linked_copy(folder, working)
            moved_on(self.options.cache, working)  # its pages are those recorded, in another folder
        except OSError:  # the next build writes every file again
            shutil.rmtree(working, ignore_errors=True)
            self.memory.made = None

    def _publish(self, state: _State) -> None:
        """Serve a new state; the copy it replaces goes once no request reads it."""
        with self.changed:
            previous, self.state = self.state.folder, state
            self.changed.notify_all()
        self._drop_unread(previous)

    @contextlib.contextmanager
    def serving(self) -> Iterator[_State]:
        """Hold the state in place now for one request: its copy stays until the request has its bytes."""
        with self.changed:
            state = self.state
            self.readers[state.folder] += 1
        try:
            yield state
        finally:
            with self.changed:
                self.readers[state.folder] -= 1
            self._drop_unread(state.folder)

    def _drop_unread(self, folder: Path | None) -> None:
        """Remove a copy once it is no longer served and no request reads it."""
        with self.changed:
            if folder is None or folder == self.state.folder or self.readers.get(folder):
                return
            self.readers.pop(folder, None)
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
            changed = bool(changes)
            if not changed and time.monotonic() - looked > LOOK_SECONDS:
                looked, changed = time.monotonic(), _fingerprint(self.folders) != self.built_from
            if changed:
                self.rebuild()

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


class _Handler(SimpleHTTPRequestHandler):
    """Serve the preview: one state's files with the reload script added, the event stream, or the problems."""

    def __init__(self, *args, preview: Preview, **kwargs) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # the name http.server calls
        """Answer a GET."""
        self._answer(body=True)

    def do_HEAD(self) -> None:  # the name http.server calls
        """Answer a HEAD: what a GET would, without the body."""
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        """Answer from the one state in place when the request came: all its bytes are read before any is sent."""
        address = self.path.split("?", 1)[0]
        if address == EVENTS and body:
            return self._events()
        if address == RELOAD_SCRIPT:
            return self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", RELOAD_JS, body)
        with self.preview.serving() as state:
            try:
                status, kind, data = self._response(state, address)
            except OSError:  # unreadable: as good as absent
                status, kind, data = HTTPStatus.NOT_FOUND, HTML, b""
        return self._send(status, kind, data, body)

    def _response(self, state: _State, address: str) -> tuple[HTTPStatus, str, bytes]:
        """Return what a state answers for an address: a file, the problems, or the site's 404 page."""
        page = _is_page(address)
        if state.problems and page:
            return HTTPStatus.INTERNAL_SERVER_ERROR, HTML, _problems_page(state.problems)
        file, status = _file_in(state.folder, address), HTTPStatus.OK
        if file is None and page:
            file, status = _file_in(state.folder, "/404.html"), HTTPStatus.NOT_FOUND
        if file is None:
            return HTTPStatus.NOT_FOUND, HTML, b""
        if file.suffix == ".html":
            return status, HTML, file.read_bytes().replace(b"</body>", SCRIPT_TAG + b"\n</body>", 1)
        return status, self.guess_type(str(file)), file.read_bytes()

    def _events(self) -> None:
        """Stream a `reload` event after each new state, until the page goes away."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.preview.state.generation
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the page went away
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            while not self.preview.stopping.is_set():
                latest = self.preview.wait_for_change(seen, KEEPALIVE_SECONDS)
                message = f"event: reload\ndata: {latest}\n\n" if latest != seen else ": still here\n\n"
                seen = latest
                self.wfile.write(message.encode())
                self.wfile.flush()

    def _send(self, status: HTTPStatus, kind: str, data: bytes, body: bool = True) -> None:
        """Send a whole response that is never cached."""
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser went away: nobody to tell
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if body:
                self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # http.server's signature
        """Keep the terminal for what matters: rebuilds and problems."""


def _file_in(folder: Path | None, address: str) -> Path | None:
    """Return the file of `folder` an address names (a folder's index.html), or None: none outside, even by a link."""
    if folder is None or not address.startswith("/"):
        return None
    try:
        parts = urllib.parse.unquote(address, errors="strict").split("/")  # once: "%252e" names a file called "%2e"
        if any(part in (".", "..") or "\\" in part or "\x00" in part for part in parts):
            return None
        path = folder.joinpath(*(part for part in parts if part))
        if path.is_dir():
            path = path / "index.html"
        found = path.resolve(strict=True)
        return found if found.is_relative_to(folder.resolve()) and found.is_file() else None
    except (OSError, ValueError, RuntimeError):  # not UTF-8, a name too long, a link loop
        return None


def _linked_copy(source: Path, target: Path) -> None:
    """Make target hold every file of source, each a hard link to it (a copy where the file system has none)."""
    for root, _folders, files in os.walk(source):
        here = os.path.join(target, os.path.relpath(root, source))
        os.makedirs(here, exist_ok=True)
        for name in files:
            try:
                os.link(os.path.join(root, name), os.path.join(here, name), follow_symlinks=False)
            except OSError:
                shutil.copy2(os.path.join(root, name), os.path.join(here, name), follow_symlinks=False)


def _fingerprint(folders: list[str]) -> str | None:
    """Return a digest of the names and statuses of the files under folders; None when one vanished meanwhile."""
    try:
        return "".join(
            tree_digest(Path(folder), lambda file: repr(file_status(os.stat(file))).encode()) for folder in folders
        )
    except OSError:
        return None


def _problems_page(problems: tuple[Problem, ...]) -> bytes:
    """Return a page listing the problems of the last build."""
    rows = "\n".join(
        f"<li><code>{html.escape(f'{p.path}:{p.line}' if p.line else p.path)}</code> "
        f"{html.escape(p.message)} — <em>{html.escape(p.hint)}</em></li>"
        for p in problems
    )
    count = len(problems)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{count} problem{'s' if count != 1 else ''} to fix</title>\n</head>\n<body>\n"
        f"<h1>The site could not be built: {count} problem{'s' if count != 1 else ''}</h1>\n"
        f"<p>Fix {'them' if count != 1 else 'it'} and save: this page reloads by itself.</p>\n"
        f"<ul>\n{rows}\n</ul>\n{SCRIPT_TAG.decode()}\n</body>\n</html>\n"
    ).encode()


def _is_page(path: str) -> bool:
    """Return True for an address that names a page rather than a file: /, /items/tent/, /404.html."""
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last
