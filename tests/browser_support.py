"""Shared by the browser tests: Debian's Chromium, a local server for a built site, a guarded visit.

Playwright and axe are imported when a browser is launched or a page is checked, never when this module is:
the tests that need no browser run where neither is installed (pytest -m "not browser").
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, overload
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from axe_playwright_python.sync_playwright import AxeResults
    from playwright.sync_api import Browser, Locator, LocatorAssertions, Page, PageAssertions, Route

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 at a free port; yield its address."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            """Say nothing."""

    folder.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Launch Debian's Chromium (never a browser Playwright would download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's Chromium is needed at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@overload
def expect(actual: Page, message: str | None = None) -> PageAssertions: ...
@overload
def expect(actual: Locator, message: str | None = None) -> LocatorAssertions: ...
def expect(actual: Page | Locator, message: str | None = None) -> PageAssertions | LocatorAssertions:
    """Return Playwright's assertions on a page or a locator, which wait until they hold."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(actual, message)


def axe(page: Page) -> AxeResults:
    """Run axe-core's WCAG 2.2 A and AA rules on a page; return its results."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})


class Visit:
    """A page in a fresh browser context that records console errors and stops requests leaving 127.0.0.1."""

    def __init__(self, browser: Browser, address: str, viewport: dict[str, int] = DESKTOP, **context: object):
        self.address = address
        self.left: list[str] = []  # requests that tried to leave the machine
        self.errors: list[str] = []  # console errors and uncaught exceptions
        self.context = browser.new_context(viewport=viewport, **context)
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route: Route) -> None:
        """Let local requests through; stop and record any other, answering it here so it never leaves."""
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.left.append(route.request.url)
            route.fulfill(status=200, content_type="text/html", body="<title>stopped</title>")

    def open(self, path: str) -> Page:
        """Open a page of the site and wait until it has loaded."""
        self.page.goto(self.address + path, wait_until="load")
        return self.page

    def close(self) -> None:
        """Close the context, failing on console errors and on requests to other hosts."""
        self.context.close()
        assert self.errors == [], self.errors
        assert self.left == [], f"requests tried to leave the machine: {self.left}"
