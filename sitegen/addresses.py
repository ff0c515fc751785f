"""The addresses of the site's pages and of the files made for them: every stage links to them.

Item tente            =>  items/tente/               (path_of)
in English            =>  en/items/tente/            (Config.language_root)
its full address      =>  https://aide.example.org/en/items/tente/  (Config.absolute_url)
its share card        =>  en/share/items/tente.png   (card_path)
its poster's QR code  =>  en/print/qr/tente.png      (qr_path)
"""

from __future__ import annotations

from sitegen.model import Category, Config, Item, ItemName, Page, Testimony

Addressed = Item | ItemName | Testimony | Category | Page  # what has a page of its own, or names one


def path_of(target: Addressed) -> str:
    """Return the site-relative address of a model value: an Item => "items/<slug>/"."""
    if isinstance(target, (Item, ItemName)):
        return f"items/{target.slug}/"
    if isinstance(target, Testimony):
        return f"testimonies/{target.slug}/"
    if isinstance(target, Category):
        return f"categories/{target.slug}/"
    if isinstance(target, Page):
        return f"{target.slug}/"
    raise TypeError(f"no address for {type(target).__name__}")


def card_path(config: Config, lang: str, target: Item | Testimony) -> str:
    """Return where a page's share card is published: "en/share/items/tente.png"."""
    return f"{config.language_root(lang)}share/{path_of(target).rstrip('/')}.png"


def qr_path(config: Config, lang: str, item: Item) -> str:
    """Return where the QR code of an item's poster is published: "en/print/qr/tente.png"."""
    return f"{config.language_root(lang)}print/qr/{item.slug}.png"
