"""Reading built pages in tests: their links, their visible text, every byte of a site or a digest of each file."""

from __future__ import annotations

import hashlib
import html
import re
from html.parser import HTMLParser
from pathlib import Path


class _Page(HTMLParser):
    """Collect a page's links and visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record links; skip script and style text."""
        if tag == "a":
            values = dict(attrs)
            self.links.append((values.get("href") or "", values))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        """Leave script and style."""
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        """Keep visible text."""
        if not self._skip:
            self.text.append(data)


def parse(path: Path) -> _Page:
    """Parse a built page."""
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def hrefs(path: Path) -> list[str]:
    """Return every link target of a page, in order."""
    return [href for href, _ in parse(path).links]


def text(path: Path) -> str:
    """Return a page's visible text with whitespace collapsed."""
    return re.sub(r"[ \t\r\n\f]+", " ", "".join(parse(path).text)).strip()


def all_bytes(root: Path) -> dict[str, bytes]:
    """Return every file of a built site with its bytes, keyed by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def unescaped(path: Path) -> str:
    """Return a page's source with entities decoded, to search for text as written."""
    return html.unescape(path.read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, str]:
    """Return every file under folder with a digest of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
