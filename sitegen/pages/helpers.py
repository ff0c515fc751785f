"""What templates call to show a page in its language: texts, UI strings, formats, addresses.

Every function reads the page language from the template context, so one set of
helpers serves every page. Content shown in another language than the page's
(a fallback) carries its own `lang` and `dir`, and is counted so that the page
can say, in its own language, that parts of it are not translated yet.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Hashable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency, format_decimal
from markupsafe import Markup, escape

from sitegen import addresses, model
from sitegen.content import languages
from sitegen.errors import Problem
from sitegen.pages.theme import MISSING_STRING
from sitegen.pictures.logo import logo_of
from sitegen.pictures.publish import PublishedImage, Variant


@dataclass(frozen=True, slots=True)
class ShownImage:
    """What a template needs to show a published picture at the right size for the screen."""

    src: str  # the fallback for browsers that read no srcset
    srcset: str  # "/images/tent-…-480.jpg 480w, /images/tent-…-960.jpg 960w"
    webp_srcset: str  # the same sizes in WebP
    width: int  # of the widest variant; with height, reserves the space before the picture arrives
    height: int
    alt: model.Localized


@dataclass(frozen=True, slots=True)
class _Once:
    """A macro's output for one language and arguments, with what rendering it told the page."""

    html: Markup
    fell_back: bool  # some of its text is in another language than the page's
    missing: tuple[Problem, ...]  # the UI strings it asked for that do not exist
    reads: frozenset[str]  # what it read of the items through `site` (render.Shared)
    arguments: tuple[Any, ...]  # kept alive, so that no other value takes their ids


class Fragments:
    """What once() made, kept from one rendering to the next: the preview keeps them between saves.

    A fragment is told apart by its language, macro and arguments, by identity (its
    arguments are kept alive, so no other value takes their ids). It stays right while
    the theme, the site's settings and the pictures are those it was made with (a new
    store for each whole update) and what it read of the items is unchanged: forget()
    drops those that read what changed.
    """

    def __init__(self) -> None:
        self.made: dict[Hashable, _Once] = {}  # (lang, macro, arguments) -> its output

    def forget(self, reads: Collection[str]) -> None:
        """Drop the fragments that read any of these (render.Shared)."""
        for key in [key for key, done in self.made.items() if not done.reads.isdisjoint(reads)]:
            del self.made[key]


@dataclass(frozen=True, slots=True)
class Alternate:
    """The same page in one site language, for the language switcher and hreflang links."""

    lang: str
    url: str  # root-relative
    absolute: str  # with the site's base URL
    name: str  # the language's name in itself: "English", "français"


class PageHelpers:
    """The functions and filters templates call, for one build."""

    def __init__(
        self,
        site: model.Site,
        strings: Mapping[str, Mapping[str, str]],
        strings_path: Mapping[str, str],
        images: Mapping[str, PublishedImage],
        fragments: Fragments | None = None,
    ) -> None:
        self.site = site
        self.strings = strings  # lang -> key -> text
        self.strings_path = strings_path  # lang -> the file shown in messages
        self.images = images
        self.base_path = site.config.base_path  # "/" or "/project/"
        self.missing: list[Problem] = []
        self.fell_back = False  # set when a text was shown in another language than the page's
        self.reads: set[str] = set()  # what the page read of the items through `site` (render.Shared)
        self._formatted: dict[Hashable, str] = {}  # Babel is slow and pages repeat the same amounts and dates
        self._once = (fragments if fragments is not None else Fragments()).made  # (lang, macro, arguments) -> output

    def globals(self) -> dict[str, Any]:
        """Return the names templates can call."""
        return {
            "_": self.ui,
            "once": self.once,
            "frame": self.frame,
            "url": self.url,
            "address": self.address,
            "card": self.card,
            "asset": self.asset,
            "image": self.image,
            "logo": self.logo,
            "text": self.text,
            "price": self.price,
            "number": self.number,
            "date": self.date,
            "lang_dir": languages.direction,
            "lang_script": languages.script,  # fa => Arab: the stylesheet gives each script its fonts
            "og_locale": og_locale,
            "language_name": self.language_name,
            "category": self.site.category_by_slug.__getitem__,
        }

    def read(self, what: str) -> None:
        """Note what the page read of the items (render.Shared): its key covers it."""
        self.reads.add(what)

    def filters(self) -> dict[str, Any]:
        """Return the filters templates use."""
        return {"t": self.plain}

    def alternates(self, path: str) -> tuple[Alternate, ...]:
        """Return a page's address in every site language, default first."""
        return tuple(
            Alternate(code, url, self.site.config.absolute_url(code, path), languages.own_name(code))
            for code in self.site.config.languages
            for url in (self.base_path + self.site.config.language_root(code) + path,)
        )

    @jinja2.pass_context
    def once(self, context: jinja2.runtime.Context, macro: jinja2.runtime.Macro, *args: Any, **kwargs: Any) -> Markup:
        """Return a macro's output, rendered once per build for each page language and arguments.

        For macros whose output depends on nothing but these (and the site): {{ once(m.progress, q) }}.
        Arguments are told apart by identity, so the same item is the same key however it was reached.
        """
        key = (context["lang"], macro.name, *map(_identity, args), *((k, _identity(v)) for k, v in kwargs.items()))
        done = self._once.get(key)
        if done is None:
            fell_back, missing, reads = self.fell_back, len(self.missing), self.reads
            self.fell_back, self.reads = False, set()
            html = Markup(macro(*args, **kwargs))
            done = _Once(html, self.fell_back, tuple(self.missing[missing:]), frozenset(self.reads), (args, kwargs))
            self._once[key] = done
            self.fell_back, self.reads = fell_back, reads
        else:
            self.missing.extend(done.missing)  # each use reports them, as rendering it again would
        self.fell_back |= done.fell_back
        self.reads |= done.reads  # each use reads them, as rendering it again would
        return done.html

    @jinja2.pass_context
    def frame(self, context: jinja2.runtime.Context, macro: jinja2.runtime.Macro, *args: Any, **kwargs: Any) -> Markup:
        """Return a macro of the site's frame (menu, footer), once per language and arguments, like once().

        A text there in another language is marked with its lang, but does not make the
        page say it is untranslated: a page missing in Persian says so on that page only.
        """
        fell_back = self.fell_back
        html = self.once(context, macro, *args, **kwargs)
        self.fell_back = fell_back
        return html

    @jinja2.pass_context
    def plain(self, context: jinja2.runtime.Context, value: model.Localized | None) -> str:
        """Return a text in the page language as plain text, for attributes and titles."""
        if value is None:
            return ""
        shown, text = value.pick(context["lang"])
        self.fell_back |= shown != context["lang"]
        return text

    @jinja2.pass_context
    def text(self, context: jinja2.runtime.Context, value: model.Localized | None, block: bool = False) -> Markup:
        """Return a text in the page language; in another language, wrapped with its lang and dir."""
        if value is None:
            return Markup("")
        shown, text = value.pick(context["lang"])
        content = text if isinstance(text, Markup) else escape(text)
        if shown == context["lang"]:
            return Markup(content)
        self.fell_back = True
        tag = "div" if block else "span"
        wrapper = Markup('<{0} lang="{1}" dir="{2}" data-script="{3}">{4}</{0}>')  # its script: its own fonts
        return wrapper.format(tag, shown, languages.direction(shown), languages.script(shown), content)

    @jinja2.pass_context
    def ui(self, context: jinja2.runtime.Context, key: str, **values: Any) -> str:
        """Return UI string `key` in the page language, formatted with `values`; a missing one is a problem.

        A value that is markup (a name marked with its own lang and dir by text()) stays
        markup, and the string around it is escaped: _('testimony_read', author=text(name)).
        """
        lang = context["lang"]
        text = self.strings[lang].get(key)
        if text is None:
            self.missing.append(MISSING_STRING.at(self.strings_path[lang], key=key, lang=lang))
            return key
        if any(isinstance(value, Markup) for value in values.values()):
            return escape(text).format(**values)
        return text.format(**values) if values else text

    @jinja2.pass_context
    def url(self, context: jinja2.runtime.Context, target: str | addresses.Addressed, lang: str | None = None) -> str:
        """Return the root-relative URL of a page (a model value or a path) in the page language, or `lang`."""
        path = target if isinstance(target, str) else addresses.path_of(target)
        return self.base_path + self.site.config.language_root(lang or context["lang"]) + path

    @jinja2.pass_context
    def address(self, context: jinja2.runtime.Context, target: str | addresses.Addressed) -> str:
        """Return the full address of a page in the page language, as printed or shared."""
        path = target if isinstance(target, str) else addresses.path_of(target)
        return self.site.config.absolute_url(context["lang"], path)

    @jinja2.pass_context
    def card(self, context: jinja2.runtime.Context, target: model.Item | model.Testimony) -> str:
        """Return the full address of a page's share card in the page language."""
        return self.site.config.base_url + addresses.card_path(self.site.config, context["lang"], target)

    def asset(self, path: str) -> str:
        """Return the root-relative URL of a file that is the same in every language: "static/style.css"."""
        return self.base_path + path

    def image(self, picture: model.Image) -> ShownImage:
        """Return the published copy of a picture, with its size and alt text."""
        published = self.images[picture.src]
        fallback = [v for v in published.fallback if v.width <= 960] or published.fallback[:1]
        return ShownImage(
            src=self.asset(fallback[-1].path),
            srcset=self._srcset(published.fallback),
            webp_srcset=self._srcset(published.webp),
            width=published.width,
            height=published.height,
            alt=picture.alt,
        )

    def logo(self) -> ShownImage | None:
        """Return the association's logo as the header shows it, for screens at 1x and 2x; None without one.

        Its alt text is the site's name, which the theme writes beside it (so its img has alt="").
        """
        logo = logo_of(self.images)
        if logo is None:
            return None
        one, two = logo.fallback
        return ShownImage(
            src=self.asset(one.path),
            srcset=f"{self.asset(one.path)} 1x, {self.asset(two.path)} 2x",
            webp_srcset=f"{self.asset(logo.webp[0].path)} 1x, {self.asset(logo.webp[1].path)} 2x",
            width=one.width,
            height=one.height,
            alt=self.site.config.title,
        )

    def _srcset(self, variants: tuple[Variant, ...]) -> str:
        """Return a srcset of variants with their widths."""
        return ", ".join(f"{self.asset(variant.path)} {variant.width}w" for variant in variants)

    @jinja2.pass_context
    def price(self, context: jinja2.runtime.Context, amount: Any) -> str:
        """Format an amount in the site currency for the page locale: 39,90 € / €39.90."""
        lang = context["lang"]
        return self._format(
            ("price", lang, *_number_key(amount)),
            lambda: format_currency(amount, self.site.config.currency, locale=_locale(lang)),
        )

    @jinja2.pass_context
    def number(self, context: jinja2.runtime.Context, value: Any) -> str:
        """Format a number for the page locale: 1 200 / 1,200."""
        lang = context["lang"]
        return self._format(("number", lang, *_number_key(value)), lambda: format_decimal(value, locale=_locale(lang)))

    @jinja2.pass_context
    def date(self, context: jinja2.runtime.Context, value: model.PartialDate) -> str:
        """Format a partial date for the page locale: 2020 / décembre 2020 / 3 décembre 2020."""
        lang = context["lang"]
        return self._format(("date", lang, value), lambda: _format_partial_date(value, lang))

    def _format(self, key: Hashable, make: Callable[[], str]) -> str:
        """Return what `make` formats, made once per build for each `key`."""
        text = self._formatted.get(key)
        if text is None:
            text = self._formatted[key] = make()
        return text

    @jinja2.pass_context
    def language_name(self, context: jinja2.runtime.Context, code: str) -> str:
        """Return a language's name in the page language: ar => arabe."""
        return languages.name_in(code, context["lang"])


def _identity(value: object) -> tuple[type, object]:
    """Return what tells a macro argument apart: a number or text by value, anything else by identity."""
    return type(value), value if isinstance(value, (str, int, float, type(None))) else id(value)


def _number_key(value: Any) -> tuple[type, str]:
    """Return what a number prints from: equal numbers may not print alike (Decimal 1.0 and 1.00)."""
    return type(value), str(value)


def _format_partial_date(value: model.PartialDate, lang: str) -> str:
    """Format a partial date for a locale: 2020 / décembre 2020 / 3 décembre 2020."""
    if not value.month:
        return str(value.year)
    day = datetime.date(value.year, value.month, value.day or 1)
    if not value.day:
        return format_skeleton("yMMMM", day, locale=_locale(lang))
    return format_date(day, "long", locale=_locale(lang))


def _locale(lang: str) -> Locale | None:
    """Return the Babel locale dates and numbers of a site language are written in: prs => fa_AF."""
    return languages.locale_of(lang)


@cache
def og_locale(code: str) -> str:
    """Return the Open Graph locale of a language, language and likely territory: fr => fr_FR."""
    locale = languages.locale_of(code)
    likely = get_global("likely_subtags").get(str(locale), str(locale)) if locale else code
    parts = likely.split("_")
    territory = next((part for part in parts[1:] if part.isupper() and len(part) == 2), None)
    return f"{parts[0]}_{territory}" if territory else parts[0]
