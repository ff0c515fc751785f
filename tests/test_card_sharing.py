"""Share cards that two languages' pages show alike are one drawing: made once, kept once, published at both."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMIR_MD, SITE_YAML, TEMPLATES
from sitegen.content.load import load_site
from sitegen.model import Localized
from sitegen.pages.theme import Languages, load_theme
from sitegen.pictures.cards import card_keys, card_sources, draw_cards, written_in
from sitegen.pictures.fonts import Fonts

ONE_TITLE = SITE_YAML.replace("title: {fr: Besoins, en: Needs}", "title: Besoins")
SAMIR = "share/testimonies/samir.png", "en/share/testimonies/samir.png"  # untranslated: its French quote on both


def drawn(content: Path, fonts: Fonts, cache: Path) -> dict[str, bytes]:
    """Draw a site's cards as a build does, keeping them in `cache`; return them by address."""
    site = load_site(content)
    sources = list(card_sources(site, load_theme(TEMPLATES, Languages(site.config.languages)).text))
    return {output.path: output.data for output in draw_cards(sources, fonts, cache)}


def kept(cache: Path) -> int:
    """Return how many drawings the cache keeps."""
    return sum(1 for _ in (cache / "cards").glob("*.png"))


def test_a_text_the_same_in_two_languages_counts_as_written_in_the_first():
    assert written_in(Localized((("fr", "Amina"), ("en", "Amina"))), "en") == ("fr", "Amina")
    assert written_in(Localized((("fr", "Tente"), ("en", "Tent"))), "en") == ("en", "Tent")
    assert written_in(Localized((("fr", "Besoins"),)), "en") == ("fr", "Besoins"), "the default language's"


def test_a_testimony_two_pages_show_alike_is_drawn_once_and_published_at_both(make_site, fonts, tmp_path):
    cards = drawn(make_site({"site.yaml": ONE_TITLE}), fonts, tmp_path / "cache")
    assert cards[SAMIR[0]] is cards[SAMIR[1]], "one drawing: the very same bytes, not a second, equal one"
    assert kept(tmp_path / "cache") == len(set(cards.values())) == 3, "one entry: the tent in each language, Samir's"
    again = drawn(make_site({"site.yaml": ONE_TITLE}), fonts, tmp_path / "cache")
    assert again == cards and kept(tmp_path / "cache") == 3, "the next build takes it from the cache"


def test_a_drawing_made_in_another_run_is_taken_from_the_cache(make_site, fonts, tmp_path):
    site = load_site(make_site({"site.yaml": ONE_TITLE}))
    sources = dict(card_sources(site, load_theme(TEMPLATES, Languages(site.config.languages)).text))
    french = draw_cards([(SAMIR[0], sources[SAMIR[0]])], fonts, tmp_path)  # as two workers get them
    english = draw_cards([(SAMIR[1], sources[SAMIR[1]])], fonts, tmp_path)
    assert french[0].data == english[0].data and kept(tmp_path) == 1


def test_the_key_of_a_card_is_what_it_shows_not_the_page_it_is_on(make_site, fonts):
    site = load_site(make_site({"site.yaml": ONE_TITLE}))
    sources = dict(card_sources(site, load_theme(TEMPLATES, Languages(site.config.languages)).text))
    assert card_keys([(SAMIR[0], sources[SAMIR[0]])], fonts) == card_keys([(SAMIR[1], sources[SAMIR[1]])], fonts)


def test_cards_with_a_title_per_language_are_two_drawings(make_site, fonts, tmp_path):
    cards = drawn(make_site(), fonts, tmp_path / "cache")  # Besoins, Needs: the band differs
    assert cards[SAMIR[0]] != cards[SAMIR[1]]
    assert kept(tmp_path / "cache") == len(cards) == 4


def test_cards_that_differ_by_one_letter_are_two_drawings(make_site, fonts, tmp_path):
    other = SAMIR_MD.replace("Elle m'a gardé au sec.", "Elle m'a gardée au sec.")
    cards = drawn(make_site({"site.yaml": ONE_TITLE, "testimonies/sara.md": other}), fonts, tmp_path / "cache")
    assert cards["share/testimonies/samir.png"] != cards["share/testimonies/sara.png"]
    assert cards["en/share/testimonies/sara.png"] is cards["share/testimonies/sara.png"]
    assert kept(tmp_path / "cache") == 4, "the tent twice, Samir's, Sara's"
