"""Preview a site while editing it: build, serve on 127.0.0.1, rebuild on every save, reload open pages.

    python generate.py serve  =>  http://127.0.0.1:8000/

The preview is built into the cache folder, never into output/. The server adds a
small live-reload script to the HTML it sends (built files never hold it), and
pages listen for a server-sent event after each rebuild. When content is invalid,
every page shows the problems (file, line, what to do) until the next good save;
nothing a volunteer writes can stop the server.
"""

from __future__ import annotations

import functools
import html
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchfiles import watch

from sitegen.build import Options, build, index_preview, update_preview
from sitegen.errors import ContentError, Problem, SiteError
from sitegen.incremental.preview_memory import PreviewMemory

RELOAD_SCRIPT = "/__sitegen/reload.js"
EVENTS = "/__sitegen/events"
KEEPALIVE_SECONDS = 15  # a comment line now and then keeps proxies from closing the event stream
RELOAD_JS = b"""// Added by the preview server only: reload this page after each rebuild.
new EventSource("/__sitegen/events").addEventListener("reload", () => location.reload());
"""
SCRIPT_TAG = f'<script src="{RELOAD_SCRIPT}" defer></script>'.encode()


class Preview:
    """A preview server and the watcher that rebuilds it; start() it, then stop() it."""

    def __init__(
        self, options: Options, host: str = "127.0.0.1", port: int = 8000, log: Callable[[str], None] = lambda _: None
    ):
        self.options = options
        self.log = log
        self.problems: list[Problem] = []  # of the last build; empty when it succeeded
        self.generation = 0  # counts builds; event streams wait for it to change
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        folder = (options.cache / "preview") if options.cache else Path(tempfile.mkdtemp(prefix="sitegen-preview-"))
        handler = functools.partial(_Handler, preview=self, directory=str(folder))
        self.server = ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        self.url = f"http://{host}:{self.server.server_address[1]}/"
        self.site_options = replace(options, output=folder, base_url=self.url)
        self.threads: list[threading.Thread] = []
        self.memory = PreviewMemory()  # what rebuilds keep in memory for the next

    def start(self) -> str:
        """Build once, then serve and watch in the background; return the preview's address."""
        self.rebuild()
        for target in (self.server.serve_forever, self._watch):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self.threads.append(thread)
        return self.url

    def stop(self) -> None:
        """Stop watching and serving."""
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()
        self.server.shutdown()
        self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=5)

    def rebuild(self) -> None:
        """Build the preview; on any failure, keep the problems to show instead of the site.

        The first build is a whole one; later ones update the preview in place, writing
        only what changed, reload the open pages, and then bring search up to date.
        """
        started = time.perf_counter()
        first = self.generation == 0
        try:
            if first:
                build(self.site_options, memory=self.memory)
            else:
                update_preview(self.site_options, self.memory)
            problems: list[Problem] = []
        except ContentError as error:
            problems = error.problems
        except SiteError as error:
            problems = [Problem("", 0, error.format_message(), "fix it, then save again")]
        except Exception as error:  # the server must outlive any failure
            problems = [Problem("(the generator)", 0, f"unexpected failure: {error!r}", "please report this")]
        with self.changed:
            self.problems = problems
            self.generation += 1
            self.changed.notify_all()
        seconds = time.perf_counter() - started
        self.log(f"Rebuilt in {seconds:.2f} s" if not problems else f"{len(problems)} problems, shown in the browser")
        if not first and not problems:
            self._index()

    def _index(self) -> None:
        """Bring the preview's search index up to date, after its pages were reloaded."""
        try:
            index_preview(self.site_options)
        except Exception as error:  # search is not worth stopping the preview for: say so and go on
            self.log(f"Search is not up to date: {error}")

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """Wait until a build newer than `seen` is done, or `timeout` passes; return the latest generation."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen or self.stopping.is_set(), timeout=timeout)
            return self.generation

    def _watch(self) -> None:
        """Rebuild whenever content/ or templates/ change."""
        folders = [str(self.options.content), str(self.options.templates)]
        for _changes in watch(*folders, stop_event=self.stopping, debounce=400, step=30, raise_interrupt=False):
            self.rebuild()


class _Handler(SimpleHTTPRequestHandler):
    """Serve the preview: built files with the reload script added, the event stream, or the problems."""

    def __init__(self, *args, preview: Preview, **kwargs) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # the name http.server calls
        """Answer a GET."""
        path = self.path.split("?", 1)[0]
        if path == EVENTS:
            return self._events()
        if path == RELOAD_SCRIPT:
            return self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", RELOAD_JS)
        if self.preview.problems and _is_page(path):
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", self._problems_page())
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            page = file.read_bytes().replace(b"</body>", SCRIPT_TAG + b"\n</body>", 1)
            return self._send(HTTPStatus.OK, "text/html; charset=utf-8", page)
        if _is_page(path) and not file.exists():
            missing = Path(self.directory) / "404.html"
            body = missing.read_bytes().replace(b"</body>", SCRIPT_TAG + b"\n</body>", 1) if missing.is_file() else b""
            return self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", body)
        return super().do_GET()

    def _events(self) -> None:
        """Stream a `reload` event after each rebuild, until the page goes away."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.preview.generation
        try:
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            while not self.preview.stopping.is_set():
                latest = self.preview.wait_for_change(seen, KEEPALIVE_SECONDS)
                message = f"event: reload\ndata: {latest}\n\n" if latest != seen else ": still here\n\n"
                seen = latest
                self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def _send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
        """Send a whole response that is never cached."""
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _problems_page(self) -> bytes:
        """Return a page listing the problems of the last build."""
        rows = "\n".join(
            f"<li><code>{html.escape(f'{p.path}:{p.line}' if p.line else p.path)}</code> "
            f"{html.escape(p.message)} — <em>{html.escape(p.hint)}</em></li>"
            for p in self.preview.problems
        )
        count = len(self.preview.problems)
        page = (
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{count} problem{'s' if count != 1 else ''} to fix</title>\n</head>\n<body>\n"
            f"<h1>The site could not be built: {count} problem{'s' if count != 1 else ''}</h1>\n"
            f"<p>Fix {'them' if count != 1 else 'it'} and save: this page reloads by itself.</p>\n"
            f"<ul>\n{rows}\n</ul>\n{SCRIPT_TAG.decode()}\n</body>\n</html>\n"
        )
        return page.encode()

    def log_message(self, format: str, *args: object) -> None:  # http.server's signature
        """Keep the terminal for what matters: rebuilds and problems."""


def _is_page(path: str) -> bool:
    """Return True for an address that names a page rather than a file: /, /items/tent/, /404.html."""
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last
