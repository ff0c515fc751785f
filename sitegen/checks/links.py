"""Internal links that lead nowhere, found in the rendered pages, for `check`.

    <a href="/items/tente/">  on /testimonies/samir/  =>  is there an items/tente/index.html?

Links to other sites are not followed; only addresses inside the site are checked,
whether the theme or a volunteer's Markdown wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from sitegen import model
from sitegen.errors import Group, Kind, Problem, shown_path

BROKEN = Kind(
    "the page {page} links to {target}, which is not a page of the site",
    "correct the link, or add the page it points to",
    group=Group.LINK,
)
_ADDRESS = re.compile(rb'\b(?:href|src)="([^"]*)"|\bsrcset="([^"]*)"')


class LinkChecker:
    """Collect the internal links of pages as they are rendered, then name those that lead nowhere."""

    def __init__(self, base_path: str) -> None:
        self.base_path = base_path  # "/" or "/project/"
        self.files: set[str] = set()  # the address of every file of the site: "/items/tente/index.html"
        self.links: dict[str, set[str]] = {}  # page file -> the addresses its links need

    def add(self, path: str, data: bytes) -> None:
        """Record a file of the site, and the links of a page."""
        self.files.add(self.base_path + path)
        if path.endswith(".html"):
            page = self.base_path + (path[: -len("index.html")] if path.endswith("index.html") else path)
            self.links[path] = {target for href in _addresses(data) if (target := _target(page, href))}

    def broken(self, sources: Mapping[str, str]) -> list[Problem]:
        """Return a problem for each link to a file the site does not have, shown in the file it comes from."""
        problems: list[Problem] = []
        for page, targets in sorted(self.links.items()):
            for target in sorted(targets - self.files):
                if f"{target}/index.html" in self.files:
                    continue  # /about => /about/: the server redirects
                where = f"{self.base_path}{page.removesuffix('index.html')}"
                problems.append(
                    BROKEN.at(sources.get(page, page), page=where, target=target.removesuffix("index.html"))
                )
        return problems


def _target(page: str, href: str) -> str | None:
    """Return the address of the file a link needs, or None for other sites, anchors and mail."""
    if not href or href.startswith(("#", "//")) or re.match(r"[a-z][a-z0-9+.-]*:", href, re.I):
        return None
    path = unquote(urlsplit(urljoin(page, href)).path)
    return path + "index.html" if path.endswith("/") else path


def _addresses(data: bytes) -> list[str]:
    """Return the href and src addresses of a page, and each address of its srcsets."""
    found = []
    for single, many in _ADDRESS.findall(data):
        if single:
            found.append(single.decode("utf-8", "replace"))
        for candidate in many.split(b","):
            if candidate.strip():
                found.append(candidate.strip().split(b" ")[0].decode("utf-8", "replace"))
    return [address.replace("&amp;", "&") for address in found]


def page_sources(pages: Iterable[tuple[str, Mapping[str, object]]], root: Path) -> dict[str, str]:
    """Return the content file each page (its file, its values) shows, as shown in messages from root, by page file."""
    return {file: shown_path(source, root) for file, values in pages if (source := _source_of(values))}


def _source_of(values: Mapping[str, object]) -> Path | None:
    """Return the content file a page shows, if it shows one: an item's, a testimony's, a page's."""
    for key in ("item", "testimony", "page"):
        value = values.get(key)
        if isinstance(value, (model.Item, model.Testimony, model.Page)):
            return value.source
    return None
