"""Render planned pages to bytes in memory with the theme (theme.py).

Nothing here writes files: rendering yields `Output` values for sitegen/output.py.
A template that fails is a ContentError naming its file and line.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup

from sitegen import model
from sitegen.errors import ContentError, Kind
from sitegen.output import Output
from sitegen.pages.helpers import Fragments, PageHelpers
from sitegen.pages.plan import PagePlan
from sitegen.pages.theme import Theme
from sitegen.pictures.publish import PublishedImage

# Pages load only the site's own files: no other host learns who reads what.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'"
)

# The search page alone runs Pagefind's WebAssembly (in the page where workers are unavailable):
# the site's own scripts may compile WebAssembly there; still no JavaScript eval, no other host.
SEARCH_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"
)

MACROS = "macros.html"

_Result = TypeVar("_Result")
_Value = TypeVar("_Value")


# What a page read of the items through `site`: its key covers these (sitegen/incremental/kept_pages.py).
ALL_ITEMS = "items"  # site.items, or every key of the mappings below
SHOWN = "shown"  # site.categories_shown
ITEM = "item:"  # and a slug: site.item_by_slug[slug]
NAME = "name:"  # and a slug: site.item_names[slug], an item's address and name only
CATEGORY = "category:"  # and a slug: site.items_by_category[slug]


class Shared:
    """The site as templates see it: everything but the testimonies, which a page gets in its own values.

    What a page reads of the items here is noted (ALL_ITEMS, SHOWN, ITEM, NAME, CATEGORY):
    its key covers those and its own values (sitegen/incremental/kept_pages.py), so an
    item edited re-renders the pages that read it, and no other. A template that reached
    for every testimony fails, rather than silently showing stale ones.
    """

    def __init__(self, site: model.Site, note: Callable[[str], None]) -> None:
        self.config = site.config
        self.pages = site.pages  # in menu order, then slug
        self.category_by_slug = site.category_by_slug
        self.item_by_slug = _Noted(site.item_by_slug, note, ITEM)
        self.item_names = _Noted(_Names(site.item_by_slug), note, NAME)
        self.items_by_category = _Noted(site.items_by_category, note, CATEGORY)  # in needs order
        self.__items = site.items  # in needs order; mangled, so that no template reads it unnoted
        self.__shown = categories_shown(site)
        self.__note = note

    @property
    def items(self) -> tuple[model.Item, ...]:
        """Return every item, in needs order."""
        self.__note(ALL_ITEMS)
        return self.__items

    @property
    def categories_shown(self) -> tuple[model.Category, ...]:
        """Return the categories that have items, in the site's order: the menu and the needs list link them."""
        self.__note(SHOWN)
        return self.__shown


def categories_shown(site: model.Site) -> tuple[model.Category, ...]:
    """Return the categories that have items, in the site's order."""
    return tuple(category for category in site.config.categories if site.items_by_category[category.slug])


class _Noted(Mapping[str, _Value]):
    """One of the site's mappings of items, noting each key a template looks up, and all of them when it lists them."""

    def __init__(self, values: Mapping[str, _Value], note: Callable[[str], None], prefix: str) -> None:
        self.__values, self.__note, self.__prefix = values, note, prefix  # mangled: no template reads them unnoted

    def __getitem__(self, key: str) -> _Value:
        self.__note(self.__prefix + str(key))
        return self.__values[key]

    def __iter__(self) -> Iterator[str]:
        self.__note(ALL_ITEMS)
        return iter(self.__values)

    def __len__(self) -> int:
        self.__note(ALL_ITEMS)
        return len(self.__values)


class _Names(Mapping[str, model.ItemName]):
    """The items by slug, each as a link names it (model.ItemName), made when it is looked up."""

    def __init__(self, items: Mapping[str, model.Item]) -> None:
        self.__items = items

    def __getitem__(self, slug: str) -> model.ItemName:
        return self.__items[slug].named

    def __iter__(self) -> Iterator[str]:
        return iter(self.__items)

    def __len__(self) -> int:
        return len(self.__items)


SYNTAX_ERROR = Kind("template syntax error: {message}", "fix the template tag on this line")
NO_TEMPLATE = Kind("the template '{name}' does not exist", "add it to the theme")
TEMPLATE_FAILED = Kind("the template failed: {error}", "fix the template or the value it uses on this line")


Rendered = tuple[Output, tuple[str, ...]]  # a page, and what it read of the items through `site`, sorted (Shared)


def render_pages(
    site: model.Site,
    plans: list[PagePlan],
    theme: Theme,
    images: Mapping[str, PublishedImage],
    fragments: Fragments | None = None,
) -> Iterator[Rendered]:
    """Yield each planned page as HTML, with what it read of the items; raise ContentError on template problems.

    `fragments`: what once() made before, for the same theme, settings and pictures (helpers.Fragments).
    """
    helpers = PageHelpers(site, theme.strings, theme.strings_where, images, fragments)
    theme.environment.filters.update(helpers.filters())
    common = {
        **helpers.globals(),
        "site": Shared(site, helpers.read),  # no testimonies: a page shows those of its own values
        "content_security_policy": Markup(CONTENT_SECURITY_POLICY),
        "search_content_security_policy": Markup(SEARCH_CONTENT_SECURITY_POLICY),
    }
    macros: dict[str, tuple[dict[str, Any], frozenset[str]]] = {}  # lang -> ({"m": macros.html bound}, its reads)
    for plan in plans:
        if plan.lang not in macros:
            helpers.reads = set()
            macros[plan.lang] = _macros(theme, {**common, "lang": plan.lang}), frozenset(helpers.reads)
        bound, reads = macros[plan.lang]
        values = {**common, "lang": plan.lang, "path": plan.path, "alternates": helpers.alternates(plan.path)}
        values.update(bound)
        values.update(plan.context)
        helpers.reads = set(reads)  # what binding the macros read, every page of the language reads
        html = _render_page(theme, helpers, plan.template, values)
        yield Output(plan.file, html.encode("utf-8")), tuple(sorted(helpers.reads))
    if helpers.missing:
        raise ContentError(helpers.missing)


def _render_page(theme: Theme, helpers: PageHelpers, template: str, values: dict[str, Any]) -> str:
    """Render a page; if some of its text fell back to another language, render it again saying so."""
    helpers.fell_back = False
    html = _render(theme, template, {**values, "untranslated": False})
    if helpers.fell_back:
        html = _render(theme, template, {**values, "untranslated": True})
    return html


def _macros(theme: Theme, values: dict[str, Any]) -> dict[str, Any]:
    """Return the theme's macros bound to one language, as `m`: made once, not imported again by every page.

    Macros see the site, the helpers and the page language, never the page's own values.
    """
    if not theme.file(MACROS).is_file():
        return {}
    return {"m": _located(theme, MACROS, lambda template: template.make_module(values))}


def _render(theme: Theme, template: str, values: dict[str, Any]) -> str:
    """Render one template, turning any Jinja failure into a located ContentError."""
    return _located(theme, template, lambda loaded: loaded.render(values))


def _located(theme: Theme, template: str, use: Callable[[jinja2.Template], _Result]) -> _Result:
    """Load a template and use it, turning any Jinja failure into a located ContentError."""
    try:
        return use(theme.environment.get_template(template))
    except jinja2.TemplateSyntaxError as error:
        where = theme.shown(Path(error.filename) if error.filename else theme.file(template))
        raise ContentError([SYNTAX_ERROR.at(where, error.lineno, message=error.message)]) from None
    except jinja2.TemplateNotFound as error:
        where = theme.shown(theme.file(template))
        raise ContentError([NO_TEMPLATE.at(where, name=error.name)]) from None
    except ContentError:
        raise
    except Exception as error:
        where, line = _template_frame(error, theme, template)
        raise ContentError([TEMPLATE_FAILED.at(where, line, error=error)]) from None


def _template_frame(error: Exception, theme: Theme, template: str) -> tuple[str, int]:
    """Return the template file and line where an error happened, from Jinja's rewritten traceback."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".html") and theme.owns(Path(frame.filename)):
            return theme.shown(Path(frame.filename)), frame.lineno or 0
    return theme.shown(theme.file(template)), 0
