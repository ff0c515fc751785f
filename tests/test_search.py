"""Site search: Pagefind's index, one per language, written at build time; searched in Debian's Chromium.

The example site is built once for 127.0.0.1 and served there. The index must hold
the published items and testimonies and nothing else: no draft, no withdrawn
testimony, no menu or list page. In the browser, a visitor searches with the
keyboard in French and in English, hears the count, and finds the right pages;
without JavaScript the search page still offers the categories. Every request that
would leave 127.0.0.1 fails the test, and so does any console error.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from browser_support import Visit, axe, chromium, expect, served
from conftest import EXAMPLE, EXAMPLE_DAY, TEMPLATES
from sitegen.build import Options, Report, build
from sitegen.errors import SiteError
from sitegen.search import index as search
from support import snapshot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

UNPUBLISHED = ["Tesfay", "Yonas", "baleine"]  # a draft's author and its word, a withdrawn testimony's author
DRAFT, WITHDRAWN = "tesfay-la-baleine-sur-le-cartable", "yonas-la-mer-a-garde-mes-chaussures"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Report]]:
    """Build the example site for a local address and serve it on 127.0.0.1; yield (address, folder, report)."""
    output = tmp_path_factory.mktemp("search") / "site"
    with served(output) as address:
        yield address, output, build(Options(EXAMPLE, TEMPLATES, output, base_url=address, today=EXAMPLE_DAY))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Launch Debian's Chromium once for the module."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def visit(browser: Browser, built: tuple[str, Path, Report]) -> Iterator[Visit]:
    """Return a visit with JavaScript on."""
    current = Visit(browser, built[0])
    yield current
    current.close()


def fragments(site: Path) -> list[dict]:
    """Return every page Pagefind stored: its address, its text, its title."""
    pages = []
    for path in sorted((site / "pagefind").rglob("fragment/*.pf_fragment")):  # every shard's
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        pages.append(json.loads(data.removeprefix(b"pagefind_dcd")))
    return pages


def search_in(page: Page, query: str) -> list[tuple[str, str]]:
    """Search the index of the open page's language with Pagefind's own API; return (address, text) of each result."""
    return [
        tuple(result)
        for result in page.evaluate(
            """async (query) => {
                const pagefind = await import(new URL("/pagefind/pagefind.js", location.href).href);
                const search = await pagefind.search(query);
                return Promise.all(search.results.map(async (result) => {
                    const data = await result.data();
                    return [data.url, data.content];
                }));
            }""",
            query,
        )
    ]


def test_the_build_writes_one_index_per_language(built: tuple[str, Path, Report]):
    _, site, report = built
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en", "fr"], "every site language, in a stable order"
    published = len(report.site.items) + len(report.site.testimonies)
    counts = {lang: index["page_count"] for lang, index in entry["languages"].items()}
    assert counts == {"en": published, "fr": published}, "the published items and testimonies, in each language"
    assert (site / "pagefind" / "pagefind.js").is_file()
    manifest = json.loads((site / "pagefind" / "shards.json").read_text())
    assert manifest == {"languages": {"en": ["./"], "fr": ["./"]}}, "a site this small is one bundle"
    assert not list((site / "pagefind").glob("pagefind-*ui*")), "Pagefind's stock interfaces are not published"
    assert (site / "search/index.html").is_file() and (site / "en/search/index.html").is_file()


def test_the_index_holds_exactly_the_published_items_and_testimonies(built: tuple[str, Path, Report]):
    _, site, report = built
    paths = [f"items/{item.slug}/" for item in report.site.items]
    paths += [f"testimonies/{testimony.slug}/" for testimony in report.site.testimonies]
    expected = {"/" + root + path for root in ("", "en/") for path in paths}
    stored = fragments(site)
    assert {fragment["url"] for fragment in stored} == expected
    assert not any(DRAFT in url or WITHDRAWN in url for url in expected)
    for fragment in stored:
        for word in UNPUBLISHED:
            assert word.casefold() not in json.dumps(fragment, ensure_ascii=False).casefold(), fragment["url"]


def test_an_items_page_and_its_testimonies_pages_name_the_item_as_their_search_group(built: tuple[str, Path, Report]):
    _, output, report = built
    group = re.compile(r'data-pagefind-body data-search-group="([^"]+)"')
    for item in report.site.items:
        assert group.findall((output / f"items/{item.slug}/index.html").read_text(encoding="utf-8")) == [item.slug]
    for testimony in report.site.testimonies:
        page = (output / f"testimonies/{testimony.slug}/index.html").read_text(encoding="utf-8")
        assert group.findall(page) == [testimony.items[0]]


@pytest.mark.browser
def test_searching_with_pagefind_finds_no_unpublished_testimony_and_the_right_pages(visit: Visit):
    for root, lang in (("", "fr"), ("en/", "en")):
        page = visit.open(f"{root}search/")
        assert page.locator("html").get_attribute("lang") == lang
        for word in UNPUBLISHED:
            # When a word is not in the index at all, Pagefind 1.5 falls back to the indexed words inside it
            # ("Tesfay" finds "te", "Yonas" finds "y"): the unpublished word itself must be in no result.
            for url, text in search_in(page, word):
                assert word.casefold() not in text.casefold() and DRAFT not in url and WITHDRAWN not in url, url
        assert search_in(page, "baleine") == [], "a word only the draft holds finds nothing"
        found = [url for url, _ in search_in(page, "Hamid")]
        assert found[0] == f"/{root}testimonies/hamid-la-pluie-au-dessus/", "his testimony, in the page's language"
        assert all(url.startswith("/en/") == (lang == "en") for url in found), found


def search_with_the_keyboard(page: Page, query: str) -> None:
    """Reach the search field with Tab from the skip link, type the query, press Enter."""
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")  # to main
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-query":
            break
    assert page.evaluate("document.activeElement.id") == "search-query", "the field is reached with Tab"
    page.keyboard.type(query)
    page.keyboard.press("Enter")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("root", "query", "count", "target", "title"),
    [
        ("", "tente", re.compile(r"^\d+ résultats pour « tente »\.$"), "items/tente-deux-places/", "Tente deux places"),
        ("en/", "blanket", re.compile(r"^\d+ results? for “blanket”\.$"), "items/couverture-polaire/",
         "Fleece blanket"),
    ],
)  # fmt: skip
def test_a_visitor_searches_with_the_keyboard_and_hears_the_count(
    visit: Visit, root: str, query: str, count: re.Pattern[str], target: str, title: str
):
    page = visit.open(f"{root}search/")
    search_with_the_keyboard(page, query)
    status = page.locator("#search-status")
    expect(status).to_have_text(count)
    assert status.get_attribute("aria-live") == "polite"
    assert page.evaluate("document.activeElement.id") == "search-query", "focus stays in the field"
    links = page.locator("#search-results > li h3 a")
    assert links.count() == int(re.match(r"\d+", status.inner_text()).group())
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert f"/{root}{target}" in hrefs
    assert all(href.startswith(f"/{root}items/") or href.startswith(f"/{root}testimonies/") for href in hrefs)
    assert page.locator("#search-results mark").first.is_visible(), "the matched words are marked"
    shared = urlsplit(page.url)
    assert (shared.path, shared.query) == (f"/{root}search/", f"q={query}"), "the search can be shared"
    page.get_by_role("link", name=title, exact=True).click()
    page.wait_for_url(f"**/{root}{target}")
    assert page.locator("h1").inner_text() == title


@pytest.mark.browser
def test_the_search_page_with_results_passes_axe(visit: Visit):
    page = visit.open("search/?q=couverture")
    expect(page.locator("#search-status")).to_have_text(re.compile(r"^\d+ résultats"))
    assert page.locator("#search-query").input_value() == "couverture", "a shared search runs on load"
    results = axe(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.browser
def test_a_search_that_finds_nothing_says_so(visit: Visit):
    page = visit.open("en/search/")
    page.locator("#search-query").fill("zzyzx")
    page.locator("#search-query").press("Enter")
    expect(page.locator("#search-status")).to_have_text("No results for “zzyzx”.")
    assert page.locator(".search-results").is_hidden()


@pytest.mark.browser
def test_search_works_where_web_workers_are_unavailable(browser: Browser, built: tuple[str, Path, Report]):
    """Pagefind then runs its WebAssembly in the page: the policy's 'wasm-unsafe-eval' is what allows it."""
    visit = Visit(browser, built[0])
    try:
        visit.context.add_init_script("delete window.Worker;")
        page = visit.open("search/?q=tente")
        expect(page.locator("#search-status")).to_have_text(re.compile(r"^\d+ résultats pour « tente »"))
        assert page.locator("#search-results a[href='/items/tente-deux-places/']").count() == 1
    finally:
        visit.close()


@pytest.mark.browser
def test_without_javascript_the_search_page_offers_the_categories(browser: Browser, built: tuple[str, Path, Report]):
    visit = Visit(browser, built[0], java_script_enabled=False)
    try:
        page = visit.open("search/")
        assert page.locator(".search-form").is_hidden(), "no form that could not work"
        assert page.locator(".search-needs-js").is_visible()
        categories = page.locator(".categories a")
        assert categories.count() >= 3
        hrefs = [categories.nth(i).get_attribute("href") for i in range(categories.count())]
        assert all(re.fullmatch(r"/categories/[a-z0-9-]+/", href) for href in hrefs), hrefs
        categories.first.click()
        page.wait_for_url("**/categories/**")
    finally:
        visit.close()


def test_the_index_is_the_same_byte_for_byte_at_every_build(built: tuple[str, Path, Report], tmp_path: Path):
    address, site, _ = built
    build(Options(EXAMPLE, TEMPLATES, tmp_path / "again", base_url=address))
    assert snapshot(tmp_path / "again" / "pagefind") == snapshot(site / "pagefind")


@pytest.mark.parametrize("binary", ["/bin/false", "/nonexistent/pagefind"])
def test_a_failed_indexing_publishes_nothing_and_leaves_the_previous_site(
    make_site, options, monkeypatch: pytest.MonkeyPatch, binary: str
):
    content = make_site()
    build(options(content))
    output = options(content).output
    before = snapshot(output)
    assert "pagefind/pagefind-entry.json" in before
    (content / "items/tente.yaml").write_text((content / "items/tente.yaml").read_text().replace("Tente", "Abri"))
    monkeypatch.setattr(search, "pagefind_binary", lambda: Path(binary))
    with pytest.raises(SiteError, match="the search index could not be built, so nothing was published"):
        build(options(content))
    assert snapshot(output) == before
    assert list(output.parent.glob(f".{output.name}.*")) == [], "no staging folder is left behind"


@pytest.mark.browser
def test_twenty_results_come_at_a_time_and_the_next_ones_on_demand(visit: Visit):
    page = visit.open("search/")
    search_with_the_keyboard(page, "de")  # a word of nearly every French page
    status = page.locator("#search-status")
    expect(status).to_have_text(re.compile(r"^\d+ résultats pour « de »\.$"))
    total = int(re.match(r"\d+", status.inner_text()).group())
    assert total > 20
    links = page.locator("#search-results > li h3 a")
    more = page.get_by_role("button", name="Afficher plus de résultats")
    expect(links).to_have_count(20)
    while more.is_visible():
        shown = links.count()
        more.focus()
        page.keyboard.press("Enter")
        expect(links).to_have_count(min(shown + 20, total))
        assert page.evaluate("document.activeElement.getAttribute('href')") == links.nth(shown).get_attribute("href")
    assert links.count() == total
    assert len({links.nth(i).get_attribute("href") for i in range(total)}) == total, "each result once"


@pytest.mark.browser
def test_a_search_with_fewer_than_twenty_results_offers_no_more(visit: Visit):
    page = visit.open("en/search/?q=blanket")
    expect(page.locator("#search-status")).to_have_text(re.compile(r"^\d+ results? for “blanket”\.$"))
    assert page.locator("#search-results > li").count() < 20
    assert page.locator("#search-more").is_hidden()
