"""Names per language: an author, a place, a shop or a drop-off point written as each language writes it."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import feedparser
import pytest
from PIL import features

from conftest import SITE_YAML, TEMPLATES, TENT_YAML, minimal_files, ui_strings_to_translate, write_files
from sitegen.build import Options, build, check
from sitegen.content.load import load_site
from sitegen.errors import ContentError
from sitegen.pictures.card_layout import Card, layout
from sitegen.pictures.cards import card_sources
from sitegen.pictures.fonts import find_fonts
from support import text, unescaped

# English first, so that French pages show what falls back; Persian, so that a name changes script.
SITE = SITE_YAML.replace("languages: [fr, en]", "languages: [en, fr, fa]") + (
    "dropoffs:\n"
    "  - name: {en: Warehouse, fa: انبار}\n"
    "    address: 1 quai du Port\n"
    "    hours: {en: Saturdays, fr: le samedi, fa: شنبه‌ها}\n"
)
ARASH_MD = """\
---
author: {en: Arash, fa: آرش}
items: [tente]
date: 2021-11
place: {en: the camp near the dunes, fa: کمپ کنار تپه‌ها}
consent: {date: 2023-03-18}
quote: "It kept me dry."
---
The tent kept me dry all winter.
"""
SHOP = '{label: {en: Corner shop, fa: فروشگاه محله}, url: "https://shop.example.com/tent"}'
FILES = {
    **ui_strings_to_translate("fa"),
    "site.yaml": SITE,
    "items/tente.yaml": TENT_YAML.replace('{label: Boutique, url: "https://shop.example.com/tent"}', SHOP),
    "testimonies/arash.md": ARASH_MD,
}
TODAY = datetime.date(2026, 11, 26)


@pytest.fixture(scope="module")
def site_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Write the tiny site in English, French and Persian; return the folder holding it."""
    root = tmp_path_factory.mktemp("names")
    write_files(root / "content", {**minimal_files(), **FILES})
    return root


@pytest.fixture(scope="module")
def output(site_folder: Path) -> Path:
    """Build the tiny site once; return its output folder."""
    build(Options(site_folder / "content", TEMPLATES, site_folder / "output", today=TODAY))
    return site_folder / "output"


def page(output: Path, lang: str, path: str) -> str:
    """Return a built page's source, entities decoded: lang '' is the default language."""
    return unescaped(output / lang / path / "index.html")


def in_english(name: str) -> str:
    """Return a pattern of a name shown in English on another language's page, marked with its lang and dir."""
    return f'<span lang="en" dir="ltr"[^>]*>{re.escape(name)}</span>'


def test_a_plain_author_stands_for_every_language_unmarked(site_folder, output):
    samir = next(t for t in load_site(site_folder / "content").testimonies if t.slug == "samir")
    assert samir.author.languages == ("en", "fr", "fa")
    assert "<h1>Samir's story</h1>" in page(output, "", "testimonies/samir")
    assert "<h1>Samir raconte</h1>" in page(output, "fr", "testimonies/samir")
    assert "<h1>Samir's story</h1>" in page(output, "fa", "testimonies/samir")
    assert '<span class="place">Calais</span>' in page(output, "fa", "testimonies/samir")
    assert not re.search(in_english("Samir"), page(output, "fr", "testimonies/samir")), "no fallback to mark"


def test_an_author_per_language_shows_each_page_its_own_name(output):
    persian = page(output, "fa", "testimonies/arash")
    assert re.search('<html lang="fa" dir="rtl"[ >]', persian)
    assert "<h1>آرش's story</h1>" in persian and "<title>آرش's story" in persian
    assert "The things آرش speaks of" in persian and "Arash" not in persian
    english = page(output, "", "testimonies/arash")
    assert "<h1>Arash's story</h1>" in english and "آرش" not in english


def test_an_author_missing_in_the_page_language_falls_back_to_the_default_marked(output):
    french = page(output, "fr", "testimonies/arash")
    assert re.search(f"<h1>{in_english('Arash')} raconte</h1>", french)
    assert "<title>Arash raconte" in french, "a title holds no markup: the name alone"
    assert "notice-untranslated" in french, "the page says parts of it are not translated yet"


def test_lists_and_item_pages_name_the_author_in_the_page_language(output):
    for path, level in (("testimonies", 2), ("items/tente", 3)):
        persian = page(output, "fa", path)
        assert f'<h{level} class="testimony-card-title">آرش\'s story</h{level}>' in persian, path
        assert "Read آرش's full testimony" in persian, path
        french = page(output, "fr", path)
        assert re.search(f'testimony-card-title">{in_english("Arash")} raconte<', french), path
    assert "Read Arash's full testimony" in text(output / "testimonies/index.html")


def test_share_cards_carry_the_author_name_of_the_page_language(site_folder):
    site = load_site(site_folder / "content")
    sources = dict(card_sources(site, lambda lang, key, **values: key))
    bylines = {path: (cards[0].byline, cards[0].byline_lang) for path, cards in sources.items()}
    assert bylines["fa/share/testimonies/arash.png"] == ("آرش", "fa")
    assert bylines["share/testimonies/arash.png"] == ("Arash", "en")
    assert bylines["fr/share/testimonies/arash.png"] == ("Arash", "en"), "the default language's, as a fallback"
    assert all(card.byline == "آرش" for card in sources["fa/share/testimonies/arash.png"]), "whatever the quote"


@pytest.mark.skipif(not features.check("raqm"), reason="Pillow has no libraqm here")
def test_a_card_shapes_the_byline_in_its_own_language():
    card = Card("It kept me dry.", "en", "آرش", "Needs", "en", byline_lang="fa")
    _, byline, _ = layout(card, find_fonts())
    assert (byline.language, byline.direction) == ("fa", "rtl")


def test_feeds_name_the_author_in_their_language(output):
    for path, name, title in (
        ("fa/feed.xml", "آرش", "آرش's story"),
        ("feed.xml", "Arash", "Arash's story"),
        ("fr/feed.xml", "Arash", "Arash raconte"),
    ):
        feed = feedparser.parse((output / path).read_bytes())
        entry = next(e for e in feed.entries if e.link.endswith("/testimonies/arash/"))
        assert (entry.author, entry.title) == (name, title), path


def test_an_author_mapping_without_the_default_language_is_an_error(tmp_path):
    write_files(tmp_path / "content", {**minimal_files(), **FILES})
    write_files(tmp_path / "content", {"testimonies/arash.md": ARASH_MD.replace("{en: Arash, fa:", "{fr: Arach, fa:")})
    with pytest.raises(ContentError) as error:
        build(Options(tmp_path / "content", TEMPLATES, tmp_path / "output", today=TODAY))
    assert [str(problem) for problem in error.value.problems] == [
        "content/testimonies/arash.md:2: 'author' has no text in the default language 'en' — add 'en: ...' to it"
    ]


def test_a_consent_review_names_the_author_as_the_default_language_writes_it(tmp_path):
    due = ARASH_MD.replace("consent: {date: 2023-03-18}", "consent: {date: 2023-03-18, review: 2026-01}")
    write_files(tmp_path / "content", {**minimal_files(), **FILES, "testimonies/arash.md": due})
    theme = TEMPLATES
    warnings = [str(w) for w in check(Options(tmp_path / "content", theme, tmp_path / "o"), TODAY).warnings]
    assert (
        "content/testimonies/arash.md:6: the consent review date 2026-01 has come"
        " — ask Arash again whether the testimony may stay published, then update 'consent'"
    ) in warnings


def test_places_shops_and_drop_off_points_are_named_per_language_with_fallbacks(output):
    persian, french = page(output, "fa", "items/tente"), page(output, "fr", "items/tente")
    assert "فروشگاه محله" in persian and "Corner shop" not in persian
    assert "Corner shop" in french, "the default language's label"
    assert "<strong>انبار</strong>" in persian and re.search(f"<strong>{in_english('Warehouse')}</strong>", french)
    assert '<span class="place">کمپ کنار تپه‌ها</span>' in page(output, "fa", "testimonies/arash")
    place = f'<span class="place">{in_english("the camp near the dunes")}</span>'
    assert re.search(place, page(output, "fr", "testimonies/arash"))
    assert "<strong>انبار</strong>" in page(output, "fa", "print")
    assert re.search(f"<strong>{in_english('Warehouse')}</strong>", page(output, "fr", "print"))
    needs = json.loads((output / "needs.json").read_text())
    tent = next(item for item in needs["items"] if item["slug"] == "tente")
    assert tent["buy"][0]["label"] == {"en": "Corner shop", "fa": "فروشگاه محله"}
    assert needs["site"]["dropoffs"][0]["name"] == {"en": "Warehouse", "fa": "انبار"}
