"""Sharing and discovery: share tags and links, Atom feeds, sitemap, robots.txt, needs.json, posters."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from jsonschema import Draft202012Validator
from PIL import Image

from conftest import EXAMPLE, EXAMPLE_DAY, ROOT, SAMIR_MD, TEMPLATES
from sitegen import model
from sitegen.build import Options, build
from sitegen.content.load import load_site
from sitegen.feeds.sitemap import sitemap
from sitegen.pictures.qr_codes import qr_png
from support import parse

BASE = "https://aide.example.org/"
WITHDRAWN = ("yonas-la-mer-a-garde-mes-chaussures", "Yonas")
DRAFT = ("tesfay-la-baleine-sur-le-cartable", "Tesfay")


@pytest.fixture(scope="module")
def site() -> model.Site:
    """Return the example content's published model."""
    return load_site(EXAMPLE, today=EXAMPLE_DAY)


def meta(page: Path) -> dict[str, list[str]]:
    """Return a page's meta properties and names with their contents."""
    found: dict[str, list[str]] = {}
    for key, value in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', page.read_text()):
        found.setdefault(key, []).append(value)
    return found


def test_every_page_has_share_tags_with_its_canonical_address_and_locales(example_site: Path):
    for page in example_site.rglob("*.html"):
        if page.parent.name == "admin":
            continue  # the editor's page is for volunteers, not to be shared or found
        tags = meta(page)
        relative = page.relative_to(example_site).as_posix()
        for key in ("og:title", "og:site_name", "og:locale", "twitter:card", "twitter:title"):
            assert tags.get(key), (relative, key)
        english = relative.startswith("en/")
        assert tags["og:locale"] == ["en_US" if english else "fr_FR"]
        assert tags["og:locale:alternate"] == ["fr_FR" if english else "en_US"]
        if not relative.endswith("404.html"):
            address = BASE + relative.removesuffix("index.html")
            assert tags["og:url"] == [address], relative
            assert f'<link rel="canonical" href="{address}">' in page.read_text()


def test_share_links_need_no_script_and_carry_no_tracking(example_site: Path):
    page = example_site / "items/tente-deux-places/index.html"
    links = [(href, attrs) for href, attrs in parse(page).links if "share" in page.read_text()]
    shares = [
        href for href, _ in links if re.match(r"https://(wa\.me|t\.me|www\.facebook|x\.com|bsky|www\.linkedin)", href)
    ]
    assert len(shares) == 6
    mail = [href for href, _ in links if href.startswith("mailto:?")]  # the share link, not the contact
    assert mail and "tente-deux-places" in mail[0]
    for href, attrs in links:
        if href in shares:
            query = parse_qs(urlsplit(href).query)
            assert not any(key.startswith("utm_") for key in query), href
            assert any(BASE + "items/tente-deux-places/" in value for values in query.values() for value in values)
            assert set((attrs.get("rel") or "").split()) >= {"noopener", "noreferrer"}
    assert 'data-copy data-copy-label="Copier le lien"' in page.read_text()


def test_each_language_has_an_atom_feed_that_feed_readers_parse(example_site: Path, site: model.Site):
    for lang, path in (("fr", "feed.xml"), ("en", "en/feed.xml")):
        feed = feedparser.parse((example_site / path).read_bytes())
        assert feed.bozo == 0, feed.get("bozo_exception")
        assert feed.feed.language == lang
        links = {entry.link for entry in feed.entries}
        root = BASE + ("en/" if lang == "en" else "")
        assert {f"{root}testimonies/{t.slug}/" for t in site.testimonies} <= links
        urgent = {item.slug for item in site.items if item.status == "needed" and item.urgency in ("urgent", "high")}
        assert {f"{root}items/{slug}/" for slug in urgent} <= links
        assert all(not link.startswith(f"{root}items/") or link.split("/")[-2] in urgent for link in links)


def test_feeds_sitemap_and_needs_hold_exactly_what_is_published(example_site: Path):
    for name in ("feed.xml", "en/feed.xml", "sitemap.xml", "needs.json"):
        data = (example_site / name).read_text()
        for trace in (*WITHDRAWN, *DRAFT):
            assert trace not in data, (name, trace)


def test_the_sitemap_lists_every_page_with_its_language_alternates(example_site: Path):
    tree = ET.parse(example_site / "sitemap.xml")
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    listed = {url.findtext("s:loc", namespaces=namespaces): url for url in tree.findall("s:url", namespaces)}
    pages = {BASE + p.relative_to(example_site).as_posix().removesuffix("index.html")
             for p in example_site.rglob("*.html") if p.name != "404.html" and p.parent.name != "admin"}  # fmt: skip
    assert set(listed) == pages
    for loc, url in listed.items():
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", namespaces)}
        assert set(alternates) == {"fr", "en", "x-default"} and loc in alternates.values()


def test_the_sitemap_escapes_what_xml_must_so_every_address_reads_back_whole(site: model.Site):
    sitemap_xml = next(sitemap(site, ["items/a&b/", "pages/<q>/", 'pages/"x"/'])).data
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ET.fromstring(sitemap_xml).findall("s:url", namespaces)
    locs = [url.findtext("s:loc", namespaces=namespaces) for url in urls]
    paths = ("items/a&b/", 'pages/"x"/', "pages/<q>/")  # in the order the sitemap sorts them
    assert locs == [BASE + lang + path for path in paths for lang in ("", "en/")]
    hrefs = {link.get("href") for url in urls for link in url.findall("x:link", namespaces)}
    assert hrefs == set(locs)


def test_robots_txt_points_to_the_sitemap(example_site: Path):
    assert (example_site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"


def test_needs_json_follows_its_committed_schema_and_holds_the_current_needs(example_site: Path, site: model.Site):
    schema = json.loads((ROOT / "schemas" / "needs.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    needs = json.loads((example_site / "needs.json").read_text())
    errors = list(Draft202012Validator(schema).iter_errors(needs))
    assert errors == [], errors[0].message if errors else ""
    assert [item["slug"] for item in needs["items"]] == [item.slug for item in site.items]
    tent = next(item for item in needs["items"] if item["slug"] == "tente-deux-places")
    assert tent["name"] == {"fr": "Tente deux places", "en": "Two-person tent"}
    assert (tent["urgency"], tent["status"], tent["currency"], tent["price"]) == ("urgent", "needed", "EUR", 39.9)
    assert tent["pages"] == {"fr": BASE + "items/tente-deux-places/", "en": BASE + "en/items/tente-deux-places/"}
    assert tent["buy"] and all(shop["url"].startswith("https://") for shop in tent["buy"])
    assert all(item["buy"] == [] for item in needs["items"] if item["status"] != "needed")
    ways = {item["slug"]: item["ways"] for item in needs["items"]}
    assert (
        ways["bois-de-chauffage"] == ["money"] and ways["palettes"] == ["bring"] and ways["benevoles-tri"] == ["time"]
    )
    assert ways["tente-deux-places"] == ["buy", "bring", "money"]
    volunteers = next(item for item in needs["items"] if item["slug"] == "benevoles-tri")
    assert volunteers["time"]["signup"].startswith("https://") and len(volunteers["time"]["shifts"]) == 2
    assert needs["site"]["wishlist"]["wishlist"] is True and needs["site"]["contact"]["email"]
    nappies = next(item for item in needs["items"] if item["slug"] == "couches-bebe")
    assert (tent["unit"], nappies["unit"]) == (None, {"fr": "paquet", "en": "pack"})


def test_needs_json_gives_each_item_a_line_of_its_own_so_that_a_diff_names_the_items_changed(example_site: Path):
    lines = (example_site / "needs.json").read_text(encoding="utf-8").splitlines()
    items = json.loads("\n".join(lines))["items"]
    listed = lines[lines.index('  "items": [') + 1 : -2]
    assert [json.loads(line.rstrip(",")) for line in listed] == items and len(items) > 5
    assert lines[-2:] == ["  ]", "}"]


def test_needs_json_of_a_site_with_no_items_lists_none(make_site, tmp_path: Path):
    build(Options(make_site({"items/tente.yaml": None, "testimonies/samir.md": None}), TEMPLATES, tmp_path / "output"))
    assert json.loads((tmp_path / "output/needs.json").read_text(encoding="utf-8"))["items"] == []


def test_a_document_breaking_the_needs_schema_is_caught_by_it():
    schema = json.loads((ROOT / "schemas" / "needs.schema.json").read_text())
    bad = {"site": {}, "categories": [], "items": [{"slug": "Tente", "urgency": "now"}]}
    assert len(list(Draft202012Validator(schema).iter_errors(bad))) >= 3


def test_the_posters_give_each_category_a_page_and_each_needed_item_a_qr_code(example_site: Path, site: model.Site):
    for root in ("", "en/"):
        page = (example_site / root / "print/index.html").read_text()
        needed = [item for item in site.items if item.status == "needed"]
        categories = {item.category for item in needed}
        assert page.count('<section class="poster"') == len(categories)
        for item in needed:
            qr = example_site / root / "print/qr" / f"{item.slug}.png"
            address = f"{BASE}{root}items/{item.slug}/"
            assert qr.read_bytes() == qr_png(address), "the code leads to the item's page in the poster's language"
            assert f'src="/{root}print/qr/{item.slug}.png"' in page
        assert not any((example_site / root / "print/qr").glob("savon.png")), "nothing for items we have enough of"


def test_the_posters_print_one_a4_page_per_category():
    css = (ROOT / "sitegen/templates/static/style.css").read_text()
    assert "@page {\n  size: A4;" in css
    assert re.search(r"@media print \{[^@]*\.poster \{[^}]*break-after: page;", css)


def test_items_and_testimonies_get_a_share_card_in_each_language(example_site: Path, site: model.Site):
    for root in ("", "en/"):
        for kind, values in (("items", site.items), ("testimonies", site.testimonies)):
            for value in values:
                card = example_site / root / "share" / kind / f"{value.slug}.png"
                with Image.open(card) as picture:
                    assert picture.size == (1200, 630) and picture.format == "PNG"
                page = example_site / root / kind / value.slug / "index.html"
                assert meta(page)["og:image"] == [BASE + card.relative_to(example_site).as_posix()]
                assert meta(page)["twitter:card"] == ["summary_large_image"]


def test_a_card_whose_text_no_font_can_draw_still_gets_drawn(make_site, options):
    samir = SAMIR_MD.replace('quote: "Elle m\'a gardé au sec."', 'quote: "＜Au sec＞\\tvraiment"')
    content = make_site({"testimonies/samir.md": samir})
    build(options(content))
    assert (options(content).output / "share/testimonies/samir.png").stat().st_size > 1000
