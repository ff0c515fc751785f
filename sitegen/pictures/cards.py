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
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sitegen import addresses, model
from sitegen.content.colours import on_accent
from sitegen.digests import code_digest
from sitegen.output import Output
from sitegen.pictures.card_drawing import render_card
from sitegen.pictures.card_layout import Card, Look, Uncovered
from sitegen.pictures.fonts import Fonts
from sitegen.pictures.logo import PublishedLogo

SETTINGS = "cards v3"  # part of every cache key: change it when the drawing changes


def draw_cards(sources: Sequence[tuple[str, list[Card]]], fonts: Fonts, cache: Path | None) -> list[Output]:
    """Draw the cards of card_sources (a run of them, in a worker), or take them from the cache."""
    drawing = _drawing(fonts)
    return [Output(path, _drawn(cards, fonts, cache, drawing)) for path, cards in sources]


def card_sources(
    site: model.Site, text: Callable[..., str], logo: PublishedLogo | None = None
) -> Iterator[tuple[str, list[Card]]]:
    """Yield where each card is published and its possible versions, best first, in the order of the pages."""
    look = card_look(site.config.brand, logo)
    for lang in site.config.languages:
        name = site.config.title.get(lang)
        for item in site.items:
            byline = _item_byline(item, lang, text)
            yield (
                addresses.card_path(site.config, lang, item),
                [Card(item.name.get(lang), item.name.pick(lang)[0], byline, name, lang, look=look)],
            )
        for testimony in site.testimonies:
            if testimony.has_share_card:  # else its author did not agree to it: not drawn, not published
                yield addresses.card_path(site.config, lang, testimony), _testimony_cards(testimony, lang, name, look)


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


def _testimony_cards(testimony: model.Testimony, lang: str, site_name: str, look: Look) -> list[Card]:
    """Return a testimony's possible cards, best first: in the page language, in the original, in any translation."""
    versions = [(t.quote or t.excerpt, t.lang) for t in testimony.translations if t.lang == lang]
    versions.append((testimony.quote or testimony.excerpt, testimony.lang))
    versions += [(t.quote or t.excerpt, t.lang) for t in testimony.translations if t.lang != lang]
    author_lang, author = testimony.author.pick(lang)  # the name in the page language, whatever the headline's
    return [Card(headline, language, author, site_name, lang, author_lang, look) for headline, language in versions]


def _drawn(cards: list[Card], fonts: Fonts, cache: Path | None, drawing: bytes) -> bytes:
    """Return the first of the cards the fonts can draw, from the cache (`drawing`: _drawing) when drawn before.

    When no installed font can draw any version of the text, the characters it lacks
    are left out of the first version: a share card is never a reason for a build to fail.
    """
    cards = [_tidy(card) for card in cards]
    for card in cards:
        cached = cache / "cards" / f"{_key(card, drawing)}.png" if cache else None
        if cached and cached.is_file():
            return cached.read_bytes()
        try:
            data = render_card(card, fonts)
        except Uncovered:
            continue  # no installed font writes this language: try the next version of the text
        if cached:
            _keep(cached, data)
        return data
    return _without_missing(cards[0], fonts)


def card_keys(sources: Iterable[tuple[str, list[Card]]], fonts: Fonts) -> frozenset[str]:
    """Return the key in the cache of every version of every card of card_sources, drawn or not."""
    drawing = _drawing(fonts)
    return frozenset(_key(_tidy(card), drawing) for _, cards in sources for card in cards)


def _drawing(fonts: Fonts) -> bytes:
    """Return the digest of how every card is drawn: the settings, the generator's code, the fonts."""
    return hashlib.sha256(repr((SETTINGS, code_digest(), fonts)).encode()).digest()


def _key(card: Card, drawing: bytes) -> str:
    """Return the key of a tidied card in the cache, cards/<key>.png: what it says and shows, and how it is drawn."""
    return hashlib.sha256(drawing + repr(card).encode()).hexdigest()


def _tidy(card: Card) -> Card:
    """Return the card with each text on a single line: "a\\n\\tb" => "a b"."""
    headline, byline, site_name = _single(card.headline), _single(card.byline), _single(card.site_name)
    if (headline, byline, site_name) == (card.headline, card.byline, card.site_name):
        return card  # most are: no copy to make, at every build, of every card (card_keys)
    return dataclasses.replace(card, headline=headline, byline=byline, site_name=site_name)


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
