"""The theme in templates/: its Jinja environment, the UI strings of each language, its static files.

templates/*.html           Jinja templates (autoescaped, undefined values are errors)
templates/macros.html      shared macros, given to every page as `m`, bound to its language
templates/i18n/<lang>.yaml the UI strings of each language
content/i18n/<lang>.yaml   the association's: another language, or the theme's strings changed key by key
templates/static/          stylesheets, scripts and icons, published under /static/
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from sitegen.errors import ContentError, Kind, Problem, shown_path
from sitegen.output import Output
from sitegen.pages.strings import MISSING_STRING, Languages, Strings

_THEME_HINT = "pass --templates with the folder that holds the theme"
NO_TEMPLATES = Kind("the templates folder does not exist", _THEME_HINT)
NO_BASE = Kind("the theme has no base.html", _THEME_HINT)


@dataclass(frozen=True, slots=True)
class Theme:
    """The templates folder: a Jinja environment and the UI strings of each language."""

    root: Path
    environment: jinja2.Environment
    strings: Mapping[str, Mapping[str, str]]  # lang -> key -> text; a language in preparation lacks none
    strings_where: Mapping[str, str]  # lang -> its strings file, as shown in messages
    untranslated: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> keys not translated yet

    def text(self, lang: str, key: str, **values: object) -> str:
        """Return a UI string for files other than pages (feeds, cards); a missing one is a ContentError."""
        text = self.strings[lang].get(key)
        if text is None:
            where = self.strings_where[lang]
            raise ContentError([MISSING_STRING.at(where, key=key, lang=lang)])
        return text.format(**values) if values else text


def load_theme(templates: Path, languages: Languages, cache: Path | None = None, own: Path | None = None) -> Theme:
    """Read the UI strings of every site language and prepare the Jinja environment.

    `own` is the association's content/i18n/: a <lang>.yaml there adds a language's
    strings, or overrides the theme's key by key. With a cache folder, compiled
    templates are kept in cache/templates/, by a digest of their source, so a
    rebuild does not compile them again.
    """
    if not templates.is_dir():
        raise ContentError([NO_TEMPLATES.at(shown_path(templates, templates.parent))])
    problems: list[Problem] = []
    strings = Strings(templates, own, problems)
    if not (templates / "base.html").is_file():
        problems.append(NO_BASE.at(shown_path(templates / "base.html", templates.parent)))
    table = strings.table(languages)
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
    every = (*languages.published, *languages.drafts)
    where = {lang: strings.where(lang) for lang in every}
    untranslated = {lang: strings.untranslated(lang) for lang in every}
    return Theme(templates, environment, table, where, untranslated)


def _compiled(folder: Path) -> jinja2.FileSystemBytecodeCache | None:
    """Return Jinja's cache of compiled templates in folder; None if the folder cannot be made."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def static_files(theme: Theme) -> Iterator[Output]:
    """Yield the theme's static files under static/, and favicon.ico at the root too."""
    static = theme.root / "static"
    for path in sorted(static.rglob("*")) if static.is_dir() else ():
        if path.is_file() and not path.name.startswith("."):
            data = path.read_bytes()
            yield Output("static/" + path.relative_to(static).as_posix(), data)
            if path.name == "favicon.ico" and path.parent == static:
                yield Output("favicon.ico", data)
