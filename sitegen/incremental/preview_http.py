"""What the preview answers over HTTP: one state's files with a reload script, reload events, or the problems.

    GET /items/tente/        the page as the state in place when the request came has it, RELOAD_SCRIPT added
    GET /pagefind/...        the search index served beside the state's pages (sitegen/serve.py makes it apart)
    GET /__sitegen/events    a `reload` event after each new state, for as long as the page stays open
    GET any page             the problems, file and line, while the last build failed, until the next good save

Each answer is read whole from one state before a byte of it is sent: a page from
before is never served beside a page from after. Only files inside the state's
folders are served: no `..`, however encoded, no link out.
"""

from __future__ import annotations

import contextlib
import html
import threading
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Protocol

from sitegen.errors import Problem

RELOAD_SCRIPT = "/__sitegen/reload.js"
EVENTS = "/__sitegen/events"
KEEPALIVE_SECONDS = 15  # a comment line now and then keeps proxies from closing the event stream
HTML = "text/html; charset=utf-8"
RELOAD_JS = b"""// Added by the preview server only: reload this page after each rebuild.
new EventSource("/__sitegen/events").addEventListener("reload", () => location.reload());
"""
SCRIPT_TAG = f'<script src="{RELOAD_SCRIPT}" defer></script>'.encode()


@dataclass(frozen=True, slots=True)
class State:
    """What the preview shows at one moment: the files of its last good build, and the problems of its last build."""

    generation: int  # counts the states shown; event streams wait for it to change
    folder: Path | None = None  # the last good build's pages, which nothing writes to any more; None before one
    search: Path | None = None  # their search index, made a moment after them; None before one
    problems: tuple[Problem, ...] = ()  # of the last build; empty when it succeeded


class Shown(Protocol):
    """What the handler asks of the preview it serves (sitegen/serve.py)."""

    state: State
    stopping: threading.Event
    bundle: str  # where the search index is in the site: "pagefind"

    def serving(self) -> contextlib.AbstractContextManager[State]:
        """Hold the state in place now while a request reads it."""
        ...

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """Wait until a state newer than `seen` is shown, or `timeout` passes; return the latest generation."""
        ...


class Handler(SimpleHTTPRequestHandler):
    """Serve the preview: one state's files with the reload script added, the event stream, or the problems."""

    def __init__(self, *args, preview: Shown, **kwargs) -> None:
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

    def _response(self, state: State, address: str) -> tuple[HTTPStatus, str, bytes]:
        """Return what a state answers for an address: a file, the problems, or the site's 404 page."""
        page = _is_page(address)
        if state.problems and page:
            return HTTPStatus.INTERNAL_SERVER_ERROR, HTML, _problems_page(state.problems)
        search = f"/{self.preview.bundle}/"  # the search index, made apart from the pages
        index = address.startswith(search)
        file = _file_in(state.search, address[len(search) - 1 :]) if index else _file_in(state.folder, address)
        status = HTTPStatus.OK
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
