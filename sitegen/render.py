"""Render planned pages to bytes in memory with the theme in templates/.

    templates/*.html           Jinja templates (autoescaped, undefined values are errors)
    templates/macros.html      shared macros, given to every page as `m`, bound to its language
    templates/i18n/<lang>.yaml the UI strings of each language
    templates/static/          stylesheets, scripts and icons, published under /static/

Nothing here writes files: rendering yields `Output` values for `output.py`.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup

from . import model
from .documents import DocumentError, MappingNode, Scalar, parse_yaml
from .errors import ContentError, Problem, shown_path
from .i18n import PageHelpers
from .images import PublishedImage
from .output import Output
from .pages import PagePlan

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
class Theme:
    """The templates folder: a Jinja environment and the UI strings of each language."""

    root: Path
    environment: jinja2.Environment
    strings: Mapping[str, Mapping[str, str]]  # lang -> key -> text
    strings_where: Mapping[str, str]  # lang -> its strings file, as shown in messages

    def text(self, lang: str, key: str, **values: object) -> str:
        """Return a UI string for files other than pages (feeds, cards); a missing one is a ContentError."""
        text = self.strings[lang].get(key)
        if text is None:
            where = self.strings_where[lang]
            raise ContentError(
                [Problem(where, 0, f"the UI string '{key}' is missing in '{lang}'", f"add '{key}: ...' to it")]
            )
        return text.format(**values) if values else text


def load_theme(templates: Path, languages: tuple[str, ...], cache: Path | None = None) -> Theme:
    """Read the UI strings of every site language and prepare the Jinja environment.

    With a cache folder, compiled templates are kept in cache/templates/, by a digest of
    their source, so a rebuild does not compile them again.
    """
    if not templates.is_dir():
        hint = "pass --templates with the folder that holds the theme"
        raise ContentError(
            [Problem(shown_path(templates, templates.parent), 0, "the templates folder does not exist", hint)]
        )
    problems: list[Problem] = []
    strings = {lang: _load_strings(templates, lang, problems) for lang in languages}
    if not (templates / "base.html").is_file():
        problems.append(
            Problem(
                shown_path(templates / "base.html", templates.parent),
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
        auto_reload=False,  # one environment per build: no need to stat every template on every page
        bytecode_cache=_compiled(cache / "templates") if cache else None,
    )
    where = {lang: shown_path(templates / "i18n" / f"{lang}.yaml", templates.parent) for lang in languages}
    return Theme(templates, environment, strings, where)


def _compiled(folder: Path) -> jinja2.FileSystemBytecodeCache | None:
    """Return Jinja's cache of compiled templates in folder; None if the folder cannot be made."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def _load_strings(templates: Path, lang: str, problems: list[Problem]) -> dict[str, str]:
    """Read templates/i18n/<lang>.yaml: a flat mapping of key to text."""
    path = templates / "i18n" / f"{lang}.yaml"
    where = shown_path(path, templates.parent)
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
    site: model.Site, plans: list[PagePlan], theme: Theme, images: Mapping[str, PublishedImage]
) -> Iterator[Output]:
    """Yield each planned page as HTML bytes; raise ContentError on any template problem."""
    helpers = PageHelpers(site, theme.strings, theme.strings_where, images)
    theme.environment.filters.update(helpers.filters())
    common = {
        **helpers.globals(),
        "site": site.shared,  # no testimonies: a page shows those of its own values (sitegen/reuse.py)
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
    if not (theme.root / MACROS).is_file():
        return {}
    return {"m": _located(theme, MACROS, lambda template: template.make_module(values))}


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
    return _located(theme, template, lambda loaded: loaded.render(values))


def _located(theme: Theme, template: str, use: Callable[[jinja2.Template], _Result]) -> _Result:
    """Load a template and use it, turning any Jinja failure into a located ContentError."""
    try:
        return use(theme.environment.get_template(template))
    except jinja2.TemplateSyntaxError as error:
        where = shown_path(Path(error.filename or template), theme.root.parent)
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
                    shown_path(theme.root / template, theme.root.parent),
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
            return shown_path(Path(frame.filename), root.parent), frame.lineno or 0
    return shown_path(root / template, root.parent), 0
