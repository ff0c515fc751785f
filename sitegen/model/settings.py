"""content/site.yaml: the association, its languages, categories, drop-off points, what not to send."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.model.values import Localized, PartialDate, Shop


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
class Editing:
    """Where volunteers edit the content in the browser (/admin/): the git host, repository and branch."""

    host: str  # "github" or "gitlab"
    repository: str  # owner/name, as in the repository's address
    branch: str = "main"
    app_id: str | None = None  # GitLab: the OAuth application volunteers sign in with (PKCE)
    gitlab_url: str | None = None  # GitLab: the association's own instance; None: gitlab.com

    @property
    def api(self) -> str:
        """Return the address of the host's API, the only one the editor may call: https://api.github.com."""
        if self.host == "github":
            return "https://api.github.com"
        return (self.gitlab_url or "https://gitlab.com").rstrip("/")


@dataclass(frozen=True, slots=True)
class Brand:
    """The association's own look, set in site.yaml without touching the theme: its logo and colour."""

    logo: str | None = None  # a picture under content/images/: the header, the favicon, the share cards
    accent: str | None = None  # "#rrggbb": buttons and links in light mode
    accent_dark: str | None = None  # "#rrggbb" in dark mode; None: a shade of accent that passes there


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
    editing: Editing | None = None  # with it, the site has a browser editor at /admin/
    brand: Brand = Brand()  # unset: the theme's own logo and colours
    format: int = 1  # the content format the site is written in (sitegen/content/formats.py)

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
