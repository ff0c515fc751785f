"""The share cards of a site: one 1200x630 picture per item and testimony, in each language.

    /share/items/<slug>.png          the item's name, how urgent, the site's name
    /en/share/testimonies/<slug>.png the quote (translated when it can be), the author's English name, the site's name

A testimony has cards only when its consent covers them (sitegen/content/consent.py).

A card says what the page says in the page's language when it can: a testimony
without a translation into that language shows its original, under the author's
name as the page's language writes it (else as the default language does). Its band
is in site.yaml's brand.accent when it sets one, and carries the association's logo
when it has one. Cards are kept in the cache folder by a hash of what they say and
show and of the generator's code, so an unchanged card is not drawn again; a build
keeps there every version of its cards (card_keys) and nothing else.

A card is keyed by what decides its pixels, never by its page: each text with the
language it is written in. A text that is the same in several languages (a name given
once, a title that is not translated) counts as written in the first of them, so
the cards of a testimony that two pages show alike are one drawing, made once and
published at both addresses.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from PIL import __version__ as pillow_version
from PIL import features

from sitegen import addresses, model
from sitegen.content.colours import on_accent
from sitegen.digests import code_digest
from sitegen.output import Output
from sitegen.pictures.card_drawing import render_card
from sitegen.pictures.card_layout import Card, Look, Uncovered
from sitegen.pictures.fonts import Fonts
from sitegen.pictures.logo import PublishedLogo

SETTINGS = "cards v4"  # part of every cache key: change it when the drawing changes


def draw_cards(sources: Sequence[tuple[str, list[Card]]], fonts: Fonts, cache: Path | None) -> list[Output]:
    """Draw the cards of card_sources (a run of them, in a worker), or take them from the cache.

    A drawing that several of them share (a card two languages' pages show alike) is made once.
    """
    drawing = _drawing(fonts)
    drawn: dict[str, bytes] = {}  # by key: what this run drew, or read from the cache
    return [Output(path, _drawn(cards, fonts, cache, drawing, drawn)) for path, cards in sources]


def card_sources(
    site: model.Site, text: Callable[..., str], logo: PublishedLogo | None = None
) -> Iterator[tuple[str, list[Card]]]:
    """Yield where each card is published and its possible versions, best first.

    Each item's and testimony's cards come one language after the other, so that those
    that look the same are in one run of draw_cards, and drawn once.
    """
    look = card_look(site.config.brand, logo)
    titles = {lang: written_in(site.config.title, lang) for lang in site.config.languages}
    for item in site.items:
        for lang in site.config.languages:
            name_lang, name = written_in(item.name, lang)
            card = Card(name, name_lang, _item_byline(item, lang, text), titles[lang][1], titles[lang][0], lang, look)
            yield addresses.card_path(site.config, lang, item), [card]
    for testimony in site.testimonies:
        if testimony.has_share_card:  # else its author did not agree to it: not drawn, not published
            for lang in site.config.languages:
                cards = _testimony_cards(testimony, lang, titles[lang], look)
                yield addresses.card_path(site.config, lang, testimony), cards


def written_in(text: model.Localized, lang: str) -> tuple[str, str]:
    """Return a text in `lang` (else in the default language) and the first language that has it the same.

    {fr: Amina, en: Amina}, "en" => ("fr", "Amina"): one name, drawn the same on every page.
    """
    shown = text.get(lang)
    return next(code for code, value in text.values if value == shown), shown


def card_look(brand: model.Brand, logo: PublishedLogo | None) -> Look:
    """Return the cards' look: the band in brand.accent (light mode's) and the words on it readable, the logo."""
    theme = Look()
    accent = brand.accent or theme.accent
    return Look(accent, on_accent(accent) if brand.accent else theme.on_accent, logo.card if logo else b"")


def _item_byline(item: model.Item, lang: str, text: Callable[..., str]) -> str:
    """Return what an item's card says under its name: how urgent it is, or that it is not wanted now."""
    if item.status != "needed":
        return text(lang, f"status_{item.status}")  # "We have enough", "Not right now": never "Needed: urgent"
    return text(lang, "share_card_item", urgency=text(lang, f"urgency_{item.urgency}"))


def _testimony_cards(testimony: model.Testimony, lang: str, title: tuple[str, str], look: Look) -> list[Card]:
    """Return a testimony's possible cards, best first: in the page language, in the original, in any translation.

    `title` is the site's name on the page and the language it is written in (written_in).
    """
    versions = [(t.quote or t.excerpt, t.lang) for t in testimony.translations if t.lang == lang]
    versions.append((testimony.quote or testimony.excerpt, testimony.lang))
    versions += [(t.quote or t.excerpt, t.lang) for t in testimony.translations if t.lang != lang]
    author_lang, author = written_in(testimony.author, lang)  # the name in the page language, whatever the headline's
    return [Card(headline, language, author, title[1], title[0], author_lang, look) for headline, language in versions]


def _drawn(cards: list[Card], fonts: Fonts, cache: Path | None, drawing: bytes, drawn: dict[str, bytes]) -> bytes:
    """Return the first of the cards the fonts can draw: `drawn` in this run, from the cache, or drawn now.

    `drawing` is _drawing's digest. When no installed font can draw any version of the text, the
    characters it lacks are left out of the first version: a share card never makes a build fail.
    """
    cards = [_tidy(card) for card in cards]
    for card in cards:
        key = _key(card, drawing)
        cached = cache / "cards" / f"{key}.png" if cache else None
        if key not in drawn and cached and cached.is_file():
            drawn[key] = cached.read_bytes()
        if key not in drawn:
            try:
                drawn[key] = render_card(card, fonts)
            except Uncovered:
                continue  # no installed font writes this language: try the next version of the text
            if cached:
                _keep(cached, drawn[key])
        return drawn[key]
    return _without_missing(cards[0], fonts)


def card_keys(sources: Iterable[tuple[str, list[Card]]], fonts: Fonts) -> frozenset[str]:
    """Return the key in the cache of every version of every card of card_sources, drawn or not."""
    drawing = _drawing(fonts)
    return frozenset(_key(_tidy(card), drawing) for _, cards in sources for card in cards)


def _drawing(fonts: Fonts) -> bytes:
    """Return the digest of how every card is drawn: the settings, the generator's code, the fonts, the libraries."""
    return hashlib.sha256(repr((SETTINGS, code_digest(), fonts, _libraries())).encode()).digest()


@functools.cache
def _libraries() -> tuple[str | None, ...]:
    """Return the versions of what draws and compresses a card: Pillow, FreeType, its shaping, zlib."""
    shaping = [features.version(name) for name in ("freetype2", "raqm", "harfbuzz", "fribidi")]
    return (pillow_version, *shaping, zlib.ZLIB_RUNTIME_VERSION)


def _key(card: Card, drawing: bytes) -> str:
    """Return the key of a tidied card in the cache, cards/<key>.png: what it says and shows, and how it is drawn."""
    return hashlib.sha256(drawing + repr(card).encode()).hexdigest()


def _tidy(card: Card) -> Card:
    """Return the card with each text on a single line ("a\\n\\tb" => "a b"), and its byline's language said."""
    headline, byline, site_name = _single(card.headline), _single(card.byline), _single(card.site_name)
    byline_lang = card.byline_lang or card.site_lang
    if (headline, byline, site_name, byline_lang) == (card.headline, card.byline, card.site_name, card.byline_lang):
        return card  # most are: no copy to make, at every build, of every card (card_keys)
    return dataclasses.replace(card, headline=headline, byline=byline, site_name=site_name, byline_lang=byline_lang)


def _single(text: str) -> str:
    """Return text with every run of white space as one space."""
    return " ".join(text.split())


def _without_missing(card: Card, fonts: Fonts) -> bytes:
    """Draw the card leaving out the characters no installed font has, part by part."""
    for _ in range(3):  # the headline, the byline, the site name
        try:
            return render_card(card, fonts)
        except Uncovered as error:
            part = {"headline": "headline", "byline": "byline"}.get(error.part, "site_name")
            kept = _single("".join(c for c in getattr(card, part) if c not in error.missing))
            changed: dict[str, Any] = {part: kept or "…"}
            card = dataclasses.replace(card, **changed)
    return render_card(card, fonts)


def _keep(path: Path, data: bytes) -> None:
    """Write a card into the cache: aside first, then renamed, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(temporary, path)
