"""The UI strings of each language: the theme's (templates/i18n/) and the association's (content/i18n/).

    templates/i18n/fr.yaml  the theme's French strings, updated with the theme
    content/i18n/fa.yaml    the association's: a language the theme lacks (Persian), or
                            some of the theme's strings changed, key by key

`new language fa` writes content/i18n/fa.yaml with every key, the default language's
text above each to translate. An empty text is not translated yet: a published
language must have them all; one in preparation falls back to the default language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen import model
from sitegen.content import languages as codes
from sitegen.content.documents import DocumentError, MappingNode, Scalar, parse_yaml
from sitegen.content.files import Source, read_text
from sitegen.content.rules import suggest
from sitegen.errors import Kind, Problem, SiteError, shown_path

if TYPE_CHECKING:
    from sitegen.content.scaffold import NewFile

MISSING_STRING = Kind("the UI string '{key}' is missing in '{lang}'", "add '{key}: ...' to it")
UNTRANSLATED_STRING = Kind(
    "the UI string '{key}' is not translated into '{lang}' yet, and '{lang}' is published",
    "translate it, or keep '{lang}' in site.yaml's draft_languages until every string is",
)
NO_STRINGS = Kind(
    "there are no UI strings for the site language '{lang}'",
    "run `python generate.py new language {lang}`: it writes {where} with every string to translate",
)
NOT_STRINGS = Kind("UI strings must be 'key: text' lines", "write one 'key: text' per line")
STRING_NOT_TEXT = Kind("the UI string '{key}' is not text", "write key: text")
UNKNOWN_STRING = Kind("'{key}' is not one of the theme's UI strings", "{hint}")


@dataclass(frozen=True, slots=True)
class Languages:
    """The languages a theme serves: published ones (the first the default), and those being translated."""

    published: tuple[str, ...]
    drafts: tuple[str, ...] = ()  # their missing strings fall back to the default language's


class Strings:
    """The UI strings of a theme (templates/i18n/) and of the association (content/i18n/), read once each."""

    def __init__(self, templates: Path, own: Path | None, problems: list[Problem]) -> None:
        self.templates, self.own, self.problems = templates, own, problems
        self.root = templates.parent
        self.files: dict[Path, dict[str, str] | None] = {}
        found = sorted((templates / "i18n").glob("*.yaml")) if (templates / "i18n").is_dir() else []
        self.known = {key for path in found for key in self.read(path) or {}}  # every key the theme has

    def table(self, languages: Languages) -> dict[str, dict[str, str]]:
        """Return each language's strings; those of a language in preparation fall back to the default's."""
        table = {lang: self.of(lang) for lang in (*languages.published, *languages.drafts)}
        for lang in languages.published:
            if lang in languages.drafts:
                continue
            if self.missing_files(lang):
                self.problems.append(NO_STRINGS.at(self.where(lang), lang=lang, where=self.where(lang)))
            elif not (self.templates / "i18n" / f"{lang}.yaml").is_file():  # the association's own language
                where = self.where(lang)
                self.problems += [UNTRANSLATED_STRING.at(where, key=key, lang=lang) for key in self.untranslated(lang)]
        default = languages.published[0]
        isolated = {key: _isolated(text, codes.direction(default)) for key, text in table[default].items()}
        for lang in languages.drafts:
            table[lang] = {**isolated, **table[lang]}
        return table

    def of(self, lang: str) -> dict[str, str]:
        """Return a language's strings: the theme's, then the association's over them, key by key."""
        strings = dict(self.read(self.templates / "i18n" / f"{lang}.yaml") or {})
        own = self.read(self.own / f"{lang}.yaml") if self.own else None
        for key, text in (own or {}).items():
            if key in self.known or not self.known:
                strings[key] = text
        return {key: text for key, text in strings.items() if text.strip()}  # an empty one: not translated yet

    def missing_files(self, lang: str) -> bool:
        """Return True when neither the theme nor the association has strings for a language."""
        own = self.own / f"{lang}.yaml" if self.own else None
        return not (self.templates / "i18n" / f"{lang}.yaml").is_file() and not (own and own.is_file())

    def where(self, lang: str) -> str:
        """Return the strings file to name for a language: the association's if it has one (or none exists)."""
        theme = self.templates / "i18n" / f"{lang}.yaml"
        own = self.own / f"{lang}.yaml" if self.own else None
        shown = own if own and (own.is_file() or not theme.is_file()) else theme
        return self.shown(shown)

    def shown(self, path: Path) -> str:
        """Return a strings file as shown in messages: templates/i18n/fr.yaml, content/i18n/fa.yaml."""
        own = self.own is not None and path.is_relative_to(self.own)
        return shown_path(path, self.own.parent.parent if own and self.own else self.root)

    def untranslated(self, lang: str) -> tuple[str, ...]:
        """Return the theme's keys a language has no text for yet, in order."""
        strings = self.of(lang)
        return tuple(sorted(key for key in self.known if key not in strings))

    def read(self, path: Path) -> dict[str, str] | None:
        """Read one strings file (once): a flat mapping of key to text; None if it is missing or broken."""
        if path not in self.files:
            self.files[path] = _read_strings(path, self.shown(path), self.problems) if path.is_file() else None
            if self.files[path] and self.own and path.parent == self.own:
                self._unknown_keys(path)
        return self.files[path]

    def _unknown_keys(self, path: Path) -> None:
        """Record a problem for each key of the association's file that the theme does not have."""
        text = path.read_text(encoding="utf-8")
        for key in self.files[path] or {}:
            if self.known and key not in self.known:
                found = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
                line = text.count("\n", 0, found.start()) + 1 if found else 0
                hint = suggest(key, sorted(self.known), "remove it, or check the key in the theme's i18n files")
                self.problems.append(UNKNOWN_STRING.at(self.shown(path), line, key=key, hint=hint))


def _isolated(text: str, direction: str) -> str:
    """Return a text isolated in its own direction, so that French reads right inside a Persian page."""
    return ("\u2066" if direction == "ltr" else "\u2067") + text + "\u2069"  # LRI or RLI ... PDI


def _read_strings(path: Path, where: str, problems: list[Problem]) -> dict[str, str]:
    """Read a UI strings file: a flat mapping of key to text."""
    text = read_text(Source(path, where, path.stem, None), problems)  # not UTF-8, or half-merged: a problem
    if text is None:
        return {}
    try:
        node = parse_yaml(text, where)
    except DocumentError as error:
        problems.append(error.problem)
        return {}
    if not isinstance(node, MappingNode):
        problems.append(NOT_STRINGS.at(where, 1))
        return {}
    strings = {}
    for key, entry in node.entries.items():
        if isinstance(entry.value, Scalar):
            strings[key] = "" if entry.value.is_null else entry.value.text
        else:
            problems.append(STRING_NOT_TEXT.at(where, entry.line, key=key))
    return strings


def new_language(templates: Path, content: Path, config: model.Config, lang: str) -> NewFile:
    """Return content/i18n/<lang>.yaml with every UI string to translate, the default language's above each."""
    from sitegen.content.scaffold import NewFile  # here: what writes new files is no build's business (5 ms)

    if not codes.has_formats(lang):
        close = codes.suggestion(lang)
        meant = f"; did you mean '{close}' ({codes.name_in(close, 'en')})?" if close else ""
        raise SiteError(f"'{lang}' is not a language code CLDR has dates and numbers for{meant} A code is {codes.RULE}")
    if (templates / "i18n" / f"{lang}.yaml").is_file():
        raise SiteError(
            f"the theme has {lang} strings already ({templates / 'i18n' / f'{lang}.yaml'}): add to "
            f"{content / 'i18n' / f'{lang}.yaml'} only the keys you want to change"
        )
    default = config.default_language
    problems: list[Problem] = []
    source = Strings(templates, content / "i18n", problems).of(default)
    if problems:
        raise SiteError("\n".join(map(str, problems)))
    name, default_name = codes.name_in(lang, "en"), codes.name_in(default, "en")
    lines = [
        f"# {name} ({codes.own_name(lang)}): the words of the site's pages, for `languages` or `draft_languages`.",
        f"# Translate each text between the quotes; the {default_name} text is above it.",
        "# Keep {markers} as they are: the page puts a number or a name there.",
        f"# A text left empty is not translated yet: check lists it, and while '{lang}' is in",
        f"# draft_languages its pages (built with --drafts) show the {default_name} text instead.",
    ]
    for key, text in source.items():
        shown = text.replace("\n", "\\n")  # a comment holds one line
        lines += ["", f"# {default}: {shown}", f'{key}: ""']
    todo = (f"add '{lang}' to draft_languages in site.yaml", "translate each text", f"then move '{lang}' to languages")
    return NewFile(content / "i18n" / f"{lang}.yaml", "\n".join(lines) + "\n", todo)
