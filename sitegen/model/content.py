"""What content/ holds file by file: items, testimonies and their translations, free pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sitegen.digests import digest_of
from sitegen.model.values import (
    Image,
    Localized,
    PartialDate,
    Quantity,
    Shop,
    Sizes,
    TimeNeed,
    Window,
    unpickled_quickly,
)


@dataclass(frozen=True, slots=True)
class Digested:
    """A value that carries the digest of its fields (its repr), made once when it is made: an item, a testimony.

    Copies made with dataclasses.replace are digested afresh; one read back from the
    parse cache keeps the digest it was stored with.
    """

    digest: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Digest the value's repr: every field but this one."""
        object.__setattr__(self, "digest", digest_of(self))


@unpickled_quickly
@dataclass(frozen=True, slots=True)
class Item(Digested):
    """A needed item: content/items/<slug>.yaml => /items/<slug>/."""

    slug: str
    source: Path
    name: Localized
    category: str  # a key of site.yaml categories
    urgency: str  # one of URGENCIES
    status: str  # one of STATUSES
    order: int | None  # its place among the items of the same status and urgency: 1 first; None after those
    updated: PartialDate | None  # when the need was last checked
    quantity: Quantity | None
    price: Decimal | None  # estimated unit price in the site currency
    unit: Localized | None  # what price and quantity count: "pack of 3", "tonne"; None: one of the item
    summary: Localized | None
    description: Localized | None  # sanitised HTML per language
    image: Image | None
    buy: tuple[Shop, ...]
    donate: str | None  # overrides the site's donate url
    ways: tuple[str, ...] = ("buy", "bring", "money")  # of WAYS, in that order: how people can help with it
    time: TimeNeed | None = None  # for a need of people's time
    sizes: Sizes | None = None
    window: Window | None = None  # when it is needed; None: always
    needed_again: datetime.date | None = None  # for a LATER item, when its window opens again; None: it does not

    @property
    def named(self) -> ItemName:
        """Return what a link to the item shows: its address and its name."""
        return ItemName(self.slug, self.name)


@dataclass(frozen=True, slots=True)
class ItemName:
    """An item as a link names it (site.item_names): a page showing only this is kept when its summary changes."""

    slug: str
    name: Localized


@unpickled_quickly
@dataclass(frozen=True, slots=True)
class Translation:
    """A testimony translated: content/testimonies/<slug>.<lang>.md."""

    lang: str
    source: Path
    quote: str | None
    translated_by: str | None
    body: str  # sanitised HTML
    excerpt: str  # plain text opening lines
    reviewed_details: tuple[str, ...]  # excerpts read with the author and kept: `check` no longer warns about them


CONSENT_FORMS = ("written", "oral", "recorded")  # how an author gives consent: signed, said, on tape
COVERS = ("text", "photo", "share_cards")  # what a consent may cover; the text always


@unpickled_quickly
@dataclass(frozen=True, slots=True)
class Consent:
    """The author's consent to publication, as recorded with them: the build obeys it, no page shows it."""

    date: PartialDate  # when the author agreed
    review: PartialDate | None = None  # when to ask the author again
    until: PartialDate | None = None  # the last day it may be published (2027-03: to its last day); None: no end
    how: str | None = None  # one of CONSENT_FORMS
    recorded_by: str | None = None  # the volunteer who recorded it: a name or initials
    covers: tuple[str, ...] = COVERS  # of COVERS; unsaid, all of them, as every consent meant before
    languages: tuple[str, ...] | None = None  # the languages it may be published in; None: every language

    def allows(self, lang: str) -> bool:
        """Return True when the testimony may be published in `lang`."""
        return self.languages is None or lang in self.languages


@unpickled_quickly
@dataclass(frozen=True, slots=True)
class Testimony(Digested):
    """A testimony in its author's language: content/testimonies/<slug>.md."""

    slug: str
    source: Path
    author: Localized  # first name or pseudonym; a plain string stands for every language
    items: tuple[str, ...]  # item slugs, at least one
    date: PartialDate
    place: Localized | None
    lang: str  # language of the original
    consent: Consent  # never shown: what it covers is applied when the site is published (content/consent.py)
    quote: str | None
    photo: Image | None
    body: str  # sanitised HTML
    excerpt: str  # plain text opening lines
    draft: bool
    reviewed_details: tuple[str, ...]  # excerpts read with the author and kept: `check` no longer warns about them
    translations: tuple[Translation, ...] = ()

    def translation(self, lang: str) -> Translation | None:
        """Return the translation into `lang`, if there is one."""
        return next((t for t in self.translations if t.lang == lang), None)

    @property
    def has_share_card(self) -> bool:
        """Return True when its consent lets share cards of it be drawn and published."""
        return "share_cards" in self.consent.covers


@dataclass(frozen=True, slots=True)
class Page:
    """A free page: content/pages/<slug>.md => /<slug>/."""

    slug: str
    source: Path
    title: Localized
    menu: int | None  # position in the navigation; None: not in the menu
    body: Localized  # sanitised HTML per language
