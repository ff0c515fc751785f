"""The theme in templates/: its Jinja environment, the UI strings of each language, its static files.

templates/*.html           Jinja templates (autoescaped, undefined values are errors)
templates/macros.html      shared macros, given to every page as `m`, bound to its language
templates/i18n/<lang>.yaml the UI strings of each language
templates/static/          stylesheets, scripts and icons, published under /static/
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen.content.documents import DocumentError, MappingNode, Scalar, parse_yaml
from sitegen.errors import ContentError, Kind, Problem, shown_path
from sitegen.output import Output

_THEME_HINT = "pass --templates with the folder that holds the theme"
NO_TEMPLATES = Kind("the templates folder does not exist", _THEME_HINT)
NO_BASE = Kind("the theme has no base.html", _THEME_HINT)
MISSING_STRING = Kind("the UI string '{key}' is missing in '{lang}'", "add '{key}: ...' to it")
NO_STRINGS = Kind(
    "there are no UI strings for the site language '{lang}'",
    "copy another language's file to i18n/{lang}.yaml and translate it",
)
NOT_STRINGS = Kind("UI strings must be 'key: text' lines", "write one 'key: text' per line")
STRING_NOT_TEXT = Kind("the UI string '{key}' is not text", "write key: text")


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
            raise ContentError([MISSING_STRING.at(where, key=key, lang=lang)])
        return text.format(**values) if values else text


def load_theme(templates: Path, languages: tuple[str, ...], cache: Path | None = None) -> Theme:
    """Read the UI strings of every site language and prepare the Jinja environment.

    With a cache folder, compiled templates are kept in cache/templates/, by a digest of
    their source, so a rebuild does not compile them again.
    """
    if not templates.is_dir():
        raise ContentError([NO_TEMPLATES.at(shown_path(templates, templates.parent))])
    problems: list[Problem] = []
    strings = {lang: _load_strings(templates, lang, problems) for lang in languages}
    if not (templates / "base.html").is_file():
        problems.append(NO_BASE.at(shown_path(templates / "base.html", templates.parent)))
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
        problems.append(NO_STRINGS.at(where, lang=lang))
        return {}
    try:
        node = parse_yaml(path.read_text(encoding="utf-8"), where)
    except DocumentError as error:
        problems.append(error.problem)
        return {}
    if not isinstance(node, MappingNode):
        problems.append(NOT_STRINGS.at(where, 1))
        return {}
    strings = {}
    for key, entry in node.entries.items():
        if isinstance(entry.value, Scalar):
            strings[key] = entry.value.text
        else:
            problems.append(STRING_NOT_TEXT.at(where, entry.line, key=key))
    return strings


def static_files(theme: Theme) -> Iterator[Output]:
    """Yield the theme's static files under static/, and favicon.ico at the root too."""
    static = theme.root / "static"
    for path in sorted(static.rglob("*")) if static.is_dir() else ():
        if path.is_file() and not path.name.startswith("."):
            data = path.read_bytes()
            yield Output("static/" + path.relative_to(static).as_posix(), data)
            if path.name == "favicon.ico" and path.parent == static:
                yield Output("favicon.ico", data)
