"""Render planned pages to bytes in memory with the theme in templates/.

    templates/*.html           Jinja templates (autoescaped, undefined values are errors)
    templates/i18n/<lang>.yaml the UI strings of each language
    templates/static/          stylesheets, scripts and icons, published under /static/

Nothing here writes files: rendering yields `Output` values for `output.py`.
"""

from __future__ import annotations

import datetime
import os
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency, format_decimal

from . import model
from .documents import DocumentError, MappingNode, Scalar, parse_yaml
from .errors import ContentError, Problem
from .images import PublishedImage
from .output import Output
from .pages import PagePlan, path_of


@dataclass(frozen=True, slots=True)
class Theme:
    """The templates folder: a Jinja environment and the UI strings of each language."""

    root: Path
    environment: jinja2.Environment
    strings: Mapping[str, Mapping[str, str]]  # lang -> key -> text


@dataclass(frozen=True, slots=True)
class ShownImage:
    """What a template needs to show a published picture."""

    url: str
    width: int
    height: int
    alt: model.Localized


def load_theme(templates: Path, languages: tuple[str, ...]) -> Theme:
    """Read the UI strings of every site language and prepare the Jinja environment."""
    if not templates.is_dir():
        hint = "pass --templates with the folder that holds the theme"
        raise ContentError([Problem(_shown(templates, templates), 0, "the templates folder does not exist", hint)])
    problems: list[Problem] = []
    strings = {lang: _load_strings(templates, lang, problems) for lang in languages}
    if not (templates / "base.html").is_file():
        problems.append(
            Problem(
                _shown(templates / "base.html", templates),
                0,
                "the theme has no base.html",
                "pass --templates with the folder that holds the theme",
            )
        )
    if problems:
        raise ContentError(problems)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["t"] = translate
    return Theme(templates, environment, strings)


def _load_strings(templates: Path, lang: str, problems: list[Problem]) -> dict[str, str]:
    """Read templates/i18n/<lang>.yaml: a flat mapping of key to text."""
    path = templates / "i18n" / f"{lang}.yaml"
    where = _shown(path, templates)
    if not path.is_file():
        problems.append(
            Problem(
                where,
                0,
                f"there are no UI strings for the site language '{lang}'",
                f"copy another language's file to i18n/{lang}.yaml and translate it",
            )
        )
        return {}
    try:
        node = parse_yaml(path.read_text(encoding="utf-8"), where)
    except DocumentError as error:
        problems.append(error.problem)
        return {}
    if not isinstance(node, MappingNode):
        problems.append(Problem(where, 1, "UI strings must be 'key: text' lines", "write one 'key: text' per line"))
        return {}
    strings = {}
    for key, entry in node.entries.items():
        if isinstance(entry.value, Scalar):
            strings[key] = entry.value.text
        else:
            problems.append(Problem(where, entry.line, f"the UI string '{key}' is not text", "write key: text"))
    return strings


def render_pages(
    site: model.Site,
    plans: list[PagePlan],
    theme: Theme,
    images: Mapping[str, PublishedImage],
    base_url: str,
) -> Iterator[Output]:
    """Yield each planned page as HTML bytes; raise ContentError on any template problem."""
    helpers = _Helpers(site, theme, images, urlsplit(base_url).path or "/")
    common = {**helpers.globals(), "site": site, "lang": site.config.default_language}
    for plan in plans:
        values = {**common, "path": plan.path, **plan.context}
        yield Output(plan.file, _render(theme, plan.template, values).encode("utf-8"))
    if helpers.missing:
        raise ContentError(helpers.missing)


def static_files(theme: Theme) -> Iterator[Output]:
    """Yield the theme's static files under static/, and favicon.ico at the root too."""
    static = theme.root / "static"
    for path in sorted(static.rglob("*")) if static.is_dir() else ():
        if path.is_file() and not path.name.startswith("."):
            data = path.read_bytes()
            yield Output("static/" + path.relative_to(static).as_posix(), data)
            if path.name == "favicon.ico" and path.parent == static:
                yield Output("favicon.ico", data)


def _render(theme: Theme, template: str, values: dict[str, Any]) -> str:
    """Render one template, turning any Jinja failure into a located ContentError."""
    try:
        return theme.environment.get_template(template).render(values)
    except jinja2.TemplateSyntaxError as error:
        where = _shown(Path(error.filename or template), theme.root)
        raise ContentError(
            [
                Problem(
                    where, error.lineno, f"template syntax error: {error.message}", "fix the template tag on this line"
                )
            ]
        ) from None
    except jinja2.TemplateNotFound as error:
        raise ContentError(
            [
                Problem(
                    _shown(theme.root / template, theme.root),
                    0,
                    f"the template '{error.name}' does not exist",
                    "add it to the theme",
                )
            ]
        ) from None
    except ContentError:
        raise
    except Exception as error:
        where, line = _template_frame(error, theme.root, template)
        raise ContentError(
            [
                Problem(
                    where, line, f"the template failed: {error}", "fix the template or the value it uses on this line"
                )
            ]
        ) from None


def _template_frame(error: Exception, root: Path, template: str) -> tuple[str, int]:
    """Return the template file and line where an error happened, from Jinja's rewritten traceback."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".html") and Path(frame.filename).resolve().is_relative_to(root.resolve()):
            return _shown(Path(frame.filename), root), frame.lineno or 0
    return _shown(root / template, root), 0


class _Helpers:
    """The functions and filters templates call; they read the page language from the context."""

    def __init__(self, site: model.Site, theme: Theme, images: Mapping[str, PublishedImage], base_path: str):
        self.site = site
        self.theme = theme
        self.images = images
        self.base_path = base_path if base_path.endswith("/") else base_path + "/"
        self.missing: list[Problem] = []

    def globals(self) -> dict[str, Any]:
        """Return the names templates can call."""
        return {
            "_": self.ui,
            "url": self.url,
            "image": self.image,
            "price": self.price,
            "number": self.number,
            "date": self.date,
            "lang_dir": lang_dir,
            "language_name": self.language_name,
            "category": self.site.category_by_slug.__getitem__,
        }

    @jinja2.pass_context
    def ui(self, context: jinja2.runtime.Context, key: str, **values: Any) -> str:
        """Return UI string `key` in the page language, formatted with `values`."""
        lang = context["lang"]
        text = self.theme.strings[lang].get(key)
        if text is None:
            where = _shown(self.theme.root / "i18n" / f"{lang}.yaml", self.theme.root)
            self.missing.append(
                Problem(where, 0, f"the UI string '{key}' is missing in '{lang}'", f"add '{key}: ...' to it")
            )
            return key
        return text.format(**values) if values else text

    def url(self, target: object) -> str:
        """Return the root-relative URL of a model value or a site-relative path."""
        return self.base_path + (target if isinstance(target, str) else path_of(target))

    def image(self, picture: model.Image) -> ShownImage:
        """Return the published copy of a picture, with its size and alt text."""
        published = self.images[picture.src]
        return ShownImage(self.url(published.path), published.width, published.height, picture.alt)

    @jinja2.pass_context
    def price(self, context: jinja2.runtime.Context, amount: Any) -> str:
        """Format an amount in the site currency for the page locale: 39,90 € / €39.90."""
        return format_currency(amount, self.site.config.currency, locale=context["lang"])

    @jinja2.pass_context
    def number(self, context: jinja2.runtime.Context, value: Any) -> str:
        """Format a number for the page locale."""
        return format_decimal(value, locale=context["lang"])

    @jinja2.pass_context
    def date(self, context: jinja2.runtime.Context, value: model.PartialDate) -> str:
        """Format a partial date for the page locale: 2020 / décembre 2020 / 3 décembre 2020."""
        if not value.month:
            return str(value.year)
        day = datetime.date(value.year, value.month, value.day or 1)
        if not value.day:
            return format_skeleton("yMMMM", day, locale=context["lang"])
        return format_date(day, "long", locale=context["lang"])

    @jinja2.pass_context
    def language_name(self, context: jinja2.runtime.Context, code: str) -> str:
        """Return a language's name in the page language: ar => arabe."""
        try:
            return Locale.parse(context["lang"]).languages.get(code, code)
        except (UnknownLocaleError, ValueError):
            return code


@jinja2.pass_context
def translate(context: jinja2.runtime.Context, text: model.Localized | None) -> str:
    """Show a Localized text in the page language; None shows nothing."""
    return "" if text is None else text.get(context["lang"])


def lang_dir(code: str) -> str:
    """Return the writing direction of a language: ar => rtl."""
    try:
        return "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"
    except (UnknownLocaleError, ValueError):
        return "ltr"


def _shown(path: Path, templates: Path) -> str:
    """Return a theme path as shown in messages: relative to the folder holding templates/."""
    return os.path.relpath(path, templates.parent).replace(os.sep, "/")
