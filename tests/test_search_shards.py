"""The example site's search index in shards, published under a sub-path and searched in Debian's Chromium.

The shards themselves and their cache, which need no browser, are tested in test_search_cache.py.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from browser_support import Visit, chromium, expect, served
from conftest import EXAMPLE, TEMPLATES
from sitegen.build import Options, Report, build
from sitegen.search import index as search

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Report]]:
    """Build the example site in 8 shards (13 pages each on average) under /project/, and serve it; yield it."""
    root = tmp_path_factory.mktemp("shards")
    with served(root) as address:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(search, "PAGES_PER_SHARD", 13)
            report = build(Options(EXAMPLE, TEMPLATES, root / "project", base_url=address + "project/"))
        yield address + "project/", root / "project", report


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Launch Debian's Chromium once for the module."""
    with chromium() as launched:
        yield launched


def shard_of(site: Path) -> dict[str, str]:
    """Return the bundle that holds each indexed page: address => place in pagefind/."""
    places = {}
    for fragment in (site / "pagefind").rglob("*.pf_fragment"):
        url = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
        places[url] = fragment.parent.parent.relative_to(site / "pagefind").as_posix()
    return places


def test_a_search_in_the_browser_finds_pages_of_every_shard_under_the_sub_path(
    browser: Browser, built: tuple[str, Path, Report]
):
    address, site, _ = built
    manifest = json.loads((site / "pagefind/shards.json").read_text())["languages"]
    assert len(manifest["fr"]) >= 4 and manifest["fr"][0] == "./", manifest
    places = shard_of(site)
    visit = Visit(browser, address)
    try:
        page = visit.open("search/?q=hiver")  # in pages about seven items: in five of the shards
        expect(page.locator("#search-status")).to_have_text(re.compile(r"^\d+ résultats pour « hiver »"))
        links = page.locator("#search-results > li h3 a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert all(href.startswith("/project/") and not href.startswith("/project/en/") for href in hrefs), hrefs
        found = {places[href.removeprefix("/project")] for href in hrefs}
        assert len(found) >= 3, f"results from several shards: {found}"
        assert page.locator("#search-results mark").count() >= len(hrefs), "every excerpt marks the word"
        every = visit.open("en/search/?q=blanket")
        expect(every.locator("#search-status")).to_have_text(re.compile(r"^\d+ results? for “blanket”"))
        english = every.locator("#search-results > li h3 a")
        assert english.count() >= 2
        assert all(english.nth(i).get_attribute("href").startswith("/project/en/") for i in range(english.count()))
        english.first.click()
        every.wait_for_url("**/project/en/**")
    finally:
        visit.close()


def test_the_sharded_index_finds_what_a_single_bundle_finds(
    browser: Browser, built: tuple[str, Path, Report], tmp_path: Path
):
    """Pagefind searches each shard alone, and one holding no word that begins with the term falls back to the longest
    word the term begins with: every one of the 8 shards holds "exil", as some do not hold "tente" (its pages are
    those of seven items, and an item's pages share a shard).
    """
    address, site, _ = built
    single = tmp_path / "project"
    shutil.copytree(site, single, ignore=shutil.ignore_patterns("pagefind"))
    search.index_site(single)
    assert not (single / "pagefind/shards").exists()
    found = []
    with served(tmp_path) as other:
        for root in (address, other + "project/"):
            visit = Visit(browser, root)
            try:
                page = visit.open("search/?q=exil")
                expect(page.locator("#search-status")).to_have_text(re.compile(r"^\d+ résultats"))
                links = page.locator("#search-results > li h3 a")
                found.append(sorted(links.nth(i).get_attribute("href") for i in range(links.count())))
            finally:
                visit.close()
    assert found[0] == found[1] and len(found[0]) >= 3
