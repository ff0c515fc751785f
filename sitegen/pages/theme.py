"""The theme: its Jinja environment, the UI strings of each language, its static files.

sitegen/templates/ is the default theme, upgraded with the generator; content/theme/
holds the association's overrides, laid out the same way: a file there replaces the
default one at the same place, everything else comes from the default.

templates/*.html           Jinja templates (autoescaped, undefined values are errors)
templates/macros.html      shared macros, given to every page as `m`, bound to its language
templates/i18n/<lang>.yaml the UI strings of each language
content/i18n/<lang>.yaml   the association's: another language, or the theme's strings changed key by key
templates/static/          stylesheets, scripts and icons, published under /static/
content/theme/item.html    the association's item page, in place of templates/item.html
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from PIL import Image

from sitegen.content.files import links_outside, unusable_texts
from sitegen.digests import is_stray
from sitegen.errors import ContentError, Kind, Problem, shown_path
from sitegen.output import Output
from sitegen.pages.strings import MISSING_STRING, Languages, Strings
from sitegen.pictures.publish import metadata_in

_THEME_HINT = "pass --templates with the folder that holds the theme"
NO_TEMPLATES = Kind("the templates folder does not exist", _THEME_HINT)
NO_BASE = Kind("the theme has no base.html", _THEME_HINT)
PICTURE_METADATA = Kind(
    "this picture carries metadata ({found}), which could say where and when it was taken, and by whom",
    "export it again without metadata, or put it in content/images/, whose pictures are re-encoded without any",
)
PICTURES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff")  # what a theme's static/ may show as is
STRINGS_IN_THEME = Kind(
    "UI strings are not overridden in content/theme/", "write the keys you change in content/i18n/{lang}.yaml instead"
)


@dataclass(frozen=True, slots=True)
class Theme:
    """The theme's folders: a Jinja environment and the UI strings of each language."""

    root: Path  # the default theme
    environment: jinja2.Environment
    strings: Mapping[str, Mapping[str, str]]  # lang -> key -> text; a language in preparation lacks none
    strings_where: Mapping[str, str]  # lang -> its strings file, as shown in messages
    untranslated: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> keys not translated yet
    overrides: Path | None = None  # content/theme/: files replacing the default's at the same place

    def file(self, name: str) -> Path:
        """Return the file the theme uses for a name: the association's override, or the default."""
        own = self.overrides / name if self.overrides else None
        return own if own and own.is_file() else self.root / name

    def shown(self, path: Path) -> str:
        """Return a theme file as shown in messages: content/theme/item.html, templates/item.html."""
        if self.overrides and path.absolute().is_relative_to(self.overrides.absolute()):
            return shown_path(path, self.overrides.parent.parent)
        return shown_path(path, self.root.parent)

    def owns(self, path: Path) -> bool:
        """Return True for a file of the theme, the default's or an override."""
        folders = (self.root, self.overrides) if self.overrides else (self.root,)
        return any(path.resolve().is_relative_to(folder.resolve()) for folder in folders)

    def text(self, lang: str, key: str, **values: object) -> str:
        """Return a UI string for files other than pages (feeds, cards); a missing one is a ContentError."""
        text = self.strings[lang].get(key)
        if text is None:
            where = self.strings_where[lang]
            raise ContentError([MISSING_STRING.at(where, key=key, lang=lang)])
        return text.format(**values) if values else text


def load_theme(
    templates: Path,
    languages: Languages,
    cache: Path | None = None,
    own: Path | None = None,
    overrides: Path | None = None,
) -> Theme:
    """Read the UI strings of every site language and prepare the Jinja environment.

    `own` is the association's content/i18n/: a <lang>.yaml there adds a language's
    strings, or overrides the theme's key by key. `overrides` is content/theme/: a
    template there is found before the default one of the same name. With a cache
    folder, compiled templates are kept in cache/templates/, by a digest of their
    source, so a rebuild does not compile them again.
    """
    if not templates.is_dir():
        raise ContentError([NO_TEMPLATES.at(shown_path(templates, templates.parent))])
    overrides = overrides if overrides and overrides.is_dir() else None
    problems: list[Problem] = []
    for folder in (own, overrides):  # the association's: a link out of content/ would publish what it points to
        problems += links_outside(folder, folder.parent) if folder and folder.is_dir() else []
    problems += _pictures_with_metadata(overrides) if overrides else []
    strings = Strings(templates, own, problems)
    if overrides:  # a file git left half-merged, or not in UTF-8, is named before Jinja or a browser reads it
        problems += unusable_texts(overrides, overrides.parent.parent)
    if overrides and (overrides / "i18n").is_dir():
        for path in sorted(p for p in (overrides / "i18n").glob("*") if not is_stray(p.name)):
            problems.append(STRINGS_IN_THEME.at(shown_path(path, overrides.parent.parent), lang=path.stem))
    if not (templates / "base.html").is_file():
        problems.append(NO_BASE.at(shown_path(templates / "base.html", templates.parent)))
    table = strings.table(languages)
    if problems:
        raise ContentError(problems)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([overrides, templates] if overrides else templates),
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
    return Theme(templates, environment, table, where, untranslated, overrides)


def _compiled(folder: Path) -> jinja2.FileSystemBytecodeCache | None:
    """Return Jinja's cache of compiled templates in folder; None if the folder cannot be made."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def _pictures_with_metadata(overrides: Path) -> list[Problem]:
    """Return a problem for each picture of content/theme/static/ that carries metadata: it is published as it is."""
    problems = []
    for path in sorted((overrides / "static").rglob("*")) if (overrides / "static").is_dir() else ():
        if path.suffix.lower() in PICTURES and path.is_file() and not path.is_symlink():
            try:
                found = metadata_in(path.read_bytes())
            except (OSError, ValueError, Image.DecompressionBombError):  # no picture Pillow reads: copied as it is
                continue
            if found:
                shown = shown_path(path, overrides.parent.parent)
                problems.append(PICTURE_METADATA.at(shown, found=", ".join(found)))
    return problems


def static_files(theme: Theme, root_favicon: bool = True) -> Iterator[Output]:
    """Yield the theme's static files under static/, the association's in place of the default's, and favicon.ico.

    Without `root_favicon`, favicon.ico is not published at the root: the association's logo makes its own.
    """
    files: dict[str, Path] = {}
    for folder in (theme.root, *([theme.overrides] if theme.overrides else [])):  # the overrides last: theirs win
        static = folder / "static"
        for path in sorted(static.rglob("*")) if static.is_dir() else ():
            if path.is_file() and not any(map(is_stray, path.relative_to(static).parts)):
                files[path.relative_to(static).as_posix()] = path
    for name, path in sorted(files.items()):
        data = path.read_bytes()
        yield Output("static/" + name, data)
        if name == "favicon.ico" and root_favicon:
            yield Output("favicon.ico", data)
