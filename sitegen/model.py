"""The immutable model of a site: everything read from content/, validated and joined.

Nothing here reads files or renders pages; sitegen/content/ builds these values
and sitegen/pages/ turns them into pages. Joins (item -> testimonies, category ->
items) are computed once in `Site.assemble`, so rendering never scans all content.
The addresses of its pages are in sitegen/addresses.py.

An item or a testimony carries the digest of everything it holds, made once where
it is parsed: a page's key (sitegen/incremental/kept_pages.py) is made of them.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

from sitegen.digests import digest_of

URGENCIES = ("urgent", "high", "normal", "low")  # most pressing first
STATUSES = ("needed", "enough", "paused")  # what an item's file may say
LATER = "later"  # what a needed item is when the build's date is outside its window (sitegen/content/seasons.py)
NEEDS_ORDER = ("needed", LATER, "enough", "paused")  # the needs list, from what is needed now to what is not
WAYS = ("buy", "bring", "money", "time")  # buy in a shop that delivers, bring in person, give money, give time


@dataclass(frozen=True, slots=True)
class Localized:
    """A reader-visible text in one or more languages, default language first."""

    values: tuple[tuple[str, str], ...]  # (language code, text)

    def get(self, lang: str) -> str:
        """Return the text in `lang`, else in the default language."""
        return self.pick(lang)[1]

    def pick(self, lang: str) -> tuple[str, str]:
        """Return `(language, text)` for `lang`, falling back to the default language."""
        for code, text in self.values:
            if code == lang:
                return code, text
        return self.values[0]

    @property
    def languages(self) -> tuple[str, ...]:
        """Return the languages this text exists in."""
        return tuple(code for code, _ in self.values)


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day: 2020, 2020-12, 2020-12-03."""

    year: int
    month: int = 0  # 0: unknown
    day: int = 0  # 0: unknown

    @property
    def iso(self) -> str:
        """Return the date as written: YYYY, YYYY-MM or YYYY-MM-DD."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass(frozen=True, slots=True)
class Image:
    """A picture under content/images/, published only as a re-encoded copy."""

    src: str  # relative to content/images/, as written: "tent.jpg"
    path: Path  # the resolved source file
    alt: Localized  # required: what the picture shows


@dataclass(frozen=True, slots=True)
class Shop:
    """A shop that delivers an item straight to the association."""

    label: Localized
    url: str  # http(s) only
    wishlist: bool = False  # a wishlist that fills in the association's address itself


@dataclass(frozen=True, slots=True)
class Sizes:
    """The sizes of an item that are needed, and those most wanted among them."""

    needed: tuple[Localized, ...]  # as site.yaml's texts: a plain "42" stands for every language
    wanted: tuple[Localized, ...] = ()  # a few of `needed`

    def is_wanted(self, size: Localized) -> bool:
        """Return True for one of the most wanted sizes."""
        return size in self.wanted


@dataclass(frozen=True, slots=True)
class Window:
    """When an item is needed: from a date, until a date, and every year between two days (or all of these)."""

    start: PartialDate | None = None  # needed_from: 2027-01-11 (a month or a year: its first day)
    end: PartialDate | None = None  # needed_until: 2027-02-08 (a month or a year: its last day)
    yearly: tuple[tuple[int, int], tuple[int, int]] | None = None  # ((11, 1), (3, 31)): every winter


@dataclass(frozen=True, slots=True)
class TimeNeed:
    """A need for people's time: where to sign up, and when."""

    signup: str  # http(s) address of the sign-up form
    shifts: tuple[Localized, ...] = ()  # "Saturday 14 December, 10:00-13:00"; none: whenever suits


@dataclass(frozen=True, slots=True)
class Quantity:
    """How many of an item are needed, and how many have arrived."""

    needed: int
    received: int

    @property
    def percent(self) -> int:
        """Return progress as a whole percentage, capped at 100."""
        return min(100, self.received * 100 // self.needed) if self.needed else 100

    @property
    def missing(self) -> int:
        """Return how many are still needed: needed 12, received 5 => 7; never below 0."""
        return max(0, self.needed - self.received)


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
    consent: PartialDate  # when the author agreed to publication
    consent_review: PartialDate | None  # when to ask the author again
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


@dataclass(frozen=True, slots=True)
class Page:
    """A free page: content/pages/<slug>.md => /<slug>/."""

    slug: str
    source: Path
    title: Localized
    menu: int | None  # position in the navigation; None: not in the menu
    body: Localized  # sanitised HTML per language


@dataclass(frozen=True, slots=True)
class Category:
    """A category of items, in the order site.yaml lists them."""

    slug: str
    label: Localized


@dataclass(frozen=True, slots=True)
class Organisation:
    """The association: where bought items go and where people can bring them."""

    name: Localized
    url: str | None
    shipping_address: str  # where shops must deliver
    dropoff: Localized | None  # bringing items in person


@dataclass(frozen=True, slots=True)
class Closure:
    """Days a drop-off point is closed: holidays, works."""

    start: PartialDate  # its first day (a month: from its first day)
    end: PartialDate  # its last day (a month: to its last day)
    reason: Localized | None = None


@dataclass(frozen=True, slots=True)
class DropOff:
    """A place where people bring things in person."""

    name: Localized  # a plain string stands for every language
    address: str
    hours: Localized  # when it is open, in words
    categories: tuple[str, ...] | None = None  # the categories it takes; None: all of them
    closures: tuple[Closure, ...] = ()
    closed: Closure | None = None  # the closure in force on the build's date (sitegen/content/seasons.py)

    def takes(self, category: str) -> bool:
        """Return True when people may bring things of this category here."""
        return self.categories is None or category in self.categories


@dataclass(frozen=True, slots=True)
class Contact:
    """How donors reach the association: shown where they may need to ask."""

    email: str | None
    phone: str | None


@dataclass(frozen=True, slots=True)
class Donate:
    """Giving money instead of items."""

    url: str
    label: Localized | None


@dataclass(frozen=True, slots=True)
class Unwanted:
    """Something donors should not send: "used mattresses: we cannot clean them"."""

    text: Localized
    category: str | None  # the category it concerns; None: whatever the category


@dataclass(frozen=True, slots=True)
class Config:
    """content/site.yaml."""

    source: Path
    title: Localized
    description: Localized | None
    base_url: str  # absolute, ends with "/"
    languages: tuple[str, ...]  # the published ones, the first the default
    currency: str  # ISO 4217 code
    organisation: Organisation
    donate: Donate
    categories: tuple[Category, ...]
    do_not_send: tuple[Unwanted, ...] = ()  # in the order site.yaml lists them
    wishlist: Shop | None = None  # the association's main wishlist, which delivers to it
    contact: Contact | None = None
    dropoffs: tuple[DropOff, ...] = ()  # where to bring things, beside organisation.dropoff
    draft_languages: tuple[str, ...] = ()  # being translated: read and checked, published only with --drafts

    def dropoffs_for(self, category: str) -> tuple[DropOff, ...]:
        """Return the drop-off points that take things of a category."""
        return tuple(point for point in self.dropoffs if point.takes(category))

    @property
    def base_path(self) -> str:
        """Return the path the site lives under, ending with '/': https://x.org/aide/ => /aide/."""
        return urlsplit(self.base_url).path or "/"

    @property
    def written_languages(self) -> tuple[str, ...]:
        """Return every language content may be written in: the published ones, then those in preparation."""
        return self.languages + tuple(code for code in self.draft_languages if code not in self.languages)

    @property
    def default_language(self) -> str:
        """Return the language served at the root."""
        return self.languages[0]

    def unwanted(self, category: str, general: bool = False) -> tuple[Unwanted, ...]:
        """Return what not to send in a category; with `general`, what not to send in any category too."""
        return tuple(u for u in self.do_not_send if u.category == category or (general and u.category is None))

    def language_root(self, lang: str) -> str:
        """Return the folder of a language: "" for the default language, "en/" for English."""
        return "" if lang == self.default_language else f"{lang}/"

    def absolute_url(self, lang: str, path: str) -> str:
        """Return a page's full address: ("en", "items/tente/") => https://aide.example.org/en/items/tente/."""
        return self.base_url + self.language_root(lang) + path


def needs_order(item: Item) -> tuple[int, int, bool, int, str, str]:
    """Sort key for the needs list, the same in every language.

    Needed before enough and paused, then by urgency; within an urgency, the items
    given an `order` first (1, 2, 3...), then the others by their name in the
    default language.
    """
    name = item.name.values[0][1].casefold()
    order = (item.order is None, item.order or 0)
    return (NEEDS_ORDER.index(item.status), URGENCIES.index(item.urgency), *order, name, item.slug)


@dataclass(frozen=True, slots=True)
class Site:
    """Everything that is published, joined once."""

    config: Config
    items: tuple[Item, ...]  # in needs order
    testimonies: tuple[Testimony, ...]  # newest first
    pages: tuple[Page, ...]  # in menu order, then slug
    item_by_slug: Mapping[str, Item]
    testimonies_by_item: Mapping[str, tuple[Testimony, ...]]  # newest first
    items_by_category: Mapping[str, tuple[Item, ...]]  # in needs order
    category_by_slug: Mapping[str, Category]

    @classmethod
    def assemble(
        cls,
        config: Config,
        items: list[Item],
        testimonies: list[Testimony],
        pages: list[Page],
    ) -> Site:
        """Sort the content and compute every join in one pass over each collection."""
        ordered = tuple(sorted(items, key=needs_order))
        newest = tuple(sorted(testimonies, key=lambda t: (t.date, t.slug), reverse=True))
        by_item: dict[str, list[Testimony]] = {item.slug: [] for item in ordered}
        for testimony in newest:
            for slug in testimony.items:
                by_item[slug].append(testimony)
        by_category: dict[str, list[Item]] = {c.slug: [] for c in config.categories}
        for item in ordered:
            by_category[item.category].append(item)
        return cls(
            config=config,
            items=ordered,
            testimonies=newest,
            pages=tuple(sorted(pages, key=lambda p: (p.menu is None, p.menu or 0, p.slug))),
            item_by_slug=MappingProxyType({item.slug: item for item in ordered}),
            testimonies_by_item=MappingProxyType({k: tuple(v) for k, v in by_item.items()}),
            items_by_category=MappingProxyType({k: tuple(v) for k, v in by_category.items()}),
            category_by_slug=MappingProxyType({c.slug: c for c in config.categories}),
        )
