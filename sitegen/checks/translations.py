"""What is not translated yet, per language: warnings for `check`, never errors.

A page missing a translation still builds (its text falls back to the default
language, marked as such); these warnings tell volunteers what to translate next.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence

from sitegen import model
from sitegen.content import languages
from sitegen.errors import Group, Kind, Problem, shown_path

UNTRANSLATED_ORIGINAL = Kind(
    "this testimony is in {language} and has no translation into '{default}': its readers see the original only",
    "add {slug}.{default}.md beside it, with the translated quote and text",
    group=Group.ORIGINAL,
)


def untranslated(
    site: model.Site, missing_strings: Mapping[str, Sequence[str]], strings_where: Mapping[str, str]
) -> list[Problem]:
    """Return a warning for each file with something not translated into each language, drafts' included.

    `missing_strings` gives the theme's UI strings each language lacks. Warnings about
    a language in preparation (site.yaml's draft_languages) are grouped apart.
    """
    config = site.config
    warnings = list(_untranslated_originals(site))
    for lang in config.written_languages[1:]:
        group = Group.DRAFT_LANGUAGE if lang in config.draft_languages else Group.TRANSLATION
        found = list(_content(site, lang))
        if missing_strings.get(lang):
            found.append(_warning(strings_where[lang], lang, ", ".join(missing_strings[lang]), "add these UI strings"))
        warnings += [dataclasses.replace(warning, group=group, lang=lang) for warning in found]
    return warnings


def _untranslated_originals(site: model.Site) -> Iterator[Problem]:
    """Yield a warning for each testimony that readers of the default language see only in its original."""
    default = site.config.default_language
    root = site.config.source.parent.parent
    for testimony in site.testimonies:
        if testimony.lang != default and testimony.translation(default) is None and testimony.consent.allows(default):
            where = shown_path(testimony.source, root)
            language = languages.name_in(testimony.lang, "en")
            yield UNTRANSLATED_ORIGINAL.at(where, language=language, slug=testimony.slug, default=default)


def _content(site: model.Site, lang: str) -> Iterator[Problem]:
    """Yield the warnings of content files for one language."""
    root = site.config.source.parent.parent
    config = site.config
    texts = {"title": config.title, "description": config.description}
    texts |= {f"categories.{category.slug}": category.label for category in config.categories}
    texts |= {"organisation.dropoff": config.organisation.dropoff, "donate.label": config.donate.label}
    texts |= {f"do_not_send[{n}].text": unwanted.text for n, unwanted in enumerate(config.do_not_send, 1)}
    fields = _missing(lang, texts)
    if fields:
        yield _warning(shown_path(config.source, root), lang, ", ".join(fields), f"add '{lang}: ...' to each")
    for item in site.items:
        texts = {"name": item.name, "summary": item.summary, "description": item.description}
        fields = _missing(lang, texts | {"image.alt": item.image.alt if item.image else None})
        if fields:
            yield _warning(shown_path(item.source, root), lang, ", ".join(fields), f"add '{lang}: ...' to each")
    for testimony in site.testimonies:
        if testimony.lang != lang and testimony.translation(lang) is None and testimony.consent.allows(lang):
            hint = f"add {testimony.slug}.{lang}.md beside it, with the translated text"
            yield _warning(shown_path(testimony.source, root), lang, "the text", hint)
    for page in site.pages:
        if lang not in page.title.languages or lang not in page.body.languages:
            hint = f"add {page.slug}.{lang}.md beside it, with the translated title and text"
            yield _warning(shown_path(page.source, root), lang, "the page", hint)


def _missing(lang: str, texts: Mapping[str, model.Localized | None]) -> list[str]:
    """Return the names of the texts that exist but not in `lang`."""
    return [name for name, text in texts.items() if text is not None and lang not in text.languages]


def _warning(where: str, lang: str, what: str, hint: str) -> Problem:
    """Return a warning that `what` is not translated into `lang` yet."""
    return Problem(where, 0, f"not translated into '{lang}' yet: {what}", hint)
