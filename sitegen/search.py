"""Site search: Pagefind indexes the staged site, one index per language, before it is swapped in.

    <site>/pagefind/pagefind.js          the search API that templates/static/search.js imports
    <site>/pagefind/pagefind-entry.json  the languages, found from each page's <html lang>
    <site>/pagefind/{index,fragment}/    compressed word indexes and page excerpts

Only what a page marks with `data-pagefind-body` is indexed: the items and the
testimonies (templates/item.html, testimony.html), so menus, footers, lists and
the 404 page never show up as results. Pagefind runs on the folder `write_site`
has just written, so `output/` is never half-indexed, and a failed indexing
leaves the previous site in place. Pagefind's own search interfaces are removed:
they write inline styles, which the pages' Content-Security-Policy refuses; the
site uses its own small script instead.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from .errors import SiteError

BUNDLE = "pagefind"  # the folder of the index, under the site root
_UNUSED = (  # Pagefind's stock interfaces and highlighter, which the site does not load
    "pagefind-component-ui.css",
    "pagefind-component-ui.js",
    "pagefind-highlight.js",
    "pagefind-modular-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-ui.css",
    "pagefind-ui.js",
)
_TIMEOUT = 600  # seconds: far more than a site of thousands of pages needs
_FAILED = "the search index could not be built, so nothing was published"
_HINT = "reinstall it with: pip install 'pagefind[bin]==1.5.2'"


def pagefind_binary() -> Path:
    """Return the Pagefind executable shipped in the pagefind_bin wheel."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SiteError(f"the search index cannot be built: Pagefind is not installed — {_HINT}") from None
    try:
        return get_executable()
    except FileNotFoundError as error:
        raise SiteError(f"the search index cannot be built: {error} — {_HINT}") from None


def index_site(folder: Path) -> None:
    """Write the search index of the site in `folder` into folder/pagefind/; raise SiteError on failure."""
    command = [str(pagefind_binary()), "--site", ".", "--output-subdir", BUNDLE, "--silent"]
    # Run inside the site, with no PAGEFIND_* variable: no stray pagefind.yml or setting changes the index.
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    try:
        result = subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True,
                                timeout=_TIMEOUT, check=False)  # fmt: skip
    except (OSError, subprocess.SubprocessError) as error:
        reason = f"{error.strerror}: {command[0]}" if isinstance(error, OSError) else str(error)
        raise SiteError(f"{_FAILED}: Pagefind could not run ({reason}) — {_HINT}") from None
    entry = folder / BUNDLE / "pagefind-entry.json"
    if result.returncode != 0 or not entry.is_file():
        said = " ".join((result.stderr + result.stdout).split())[-500:] or f"exit status {result.returncode}"
        raise SiteError(f"{_FAILED}: Pagefind said: {said}")
    for name in _UNUSED:
        (folder / BUNDLE / name).unlink(missing_ok=True)
    _sort_languages(entry)


def _sort_languages(entry: Path) -> None:
    """Write the languages of pagefind-entry.json in a stable order: Pagefind's varies from run to run.

    Everything else Pagefind writes is the same, byte for byte, for the same pages.
    """
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
