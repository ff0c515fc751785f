"""Render planned pages to bytes in memory with the theme (theme.py).

Nothing here writes files: rendering yields `Output` values for sitegen/output.py.
A template that fails is a ContentError naming its file and line.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup

from sitegen import model
from sitegen.errors import ContentError, Kind
from sitegen.output import Output
from sitegen.pages.helpers import PageHelpers
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


@dataclass(frozen=True, slots=True)
class Shared:
    """The site as templates see it: everything but the testimonies, which a page gets in its own values.

    So what a page shows is known from its values and these (sitegen/incremental/kept_pages.py keys
    it by them), and a template that reached for every testimony would fail, not
    silently show stale ones.
    """

    config: model.Config
    items: tuple[model.Item, ...]  # in needs order
    pages: tuple[model.Page, ...]  # in menu order, then slug
    item_by_slug: Mapping[str, model.Item]
    items_by_category: Mapping[str, tuple[model.Item, ...]]  # in needs order
    category_by_slug: Mapping[str, model.Category]

    @classmethod
    def of(cls, site: model.Site) -> Shared:
        """Return what every page may show of a site; testimonies reach a page through its own values only."""
        return cls(
            site.config, site.items, site.pages, site.item_by_slug, site.items_by_category, site.category_by_slug
        )


SYNTAX_ERROR = Kind("template syntax error: {message}", "fix the template tag on this line")
NO_TEMPLATE = Kind("the template '{name}' does not exist", "add it to the theme")
TEMPLATE_FAILED = Kind("the template failed: {error}", "fix the template or the value it uses on this line")


def render_pages(
    site: model.Site, plans: list[PagePlan], theme: Theme, images: Mapping[str, PublishedImage]
) -> Iterator[Output]:
    """Yield each planned page as HTML bytes; raise ContentError on any template problem."""
    helpers = PageHelpers(site, theme.strings, theme.strings_where, images)
    theme.environment.filters.update(helpers.filters())
    common = {
        **helpers.globals(),
        "site": Shared.of(site),  # no testimonies: a page shows those of its own values (incremental/kept_pages.py)
        "content_security_policy": Markup(CONTENT_SECURITY_POLICY),
        "search_content_security_policy": Markup(SEARCH_CONTENT_SECURITY_POLICY),
    }
    macros: dict[str, dict[str, Any]] = {}  # lang -> {"m": macros.html bound to it}, or {} without one
    for plan in plans:
        values = {**common, "lang": plan.lang, "path": plan.path, "alternates": helpers.alternates(plan.path)}
        if plan.lang not in macros:
            macros[plan.lang] = _macros(theme, {**common, "lang": plan.lang})
        values.update(macros[plan.lang])
        values.update(plan.context)
        yield Output(plan.file, _render_page(theme, helpers, plan.template, values).encode("utf-8"))
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
