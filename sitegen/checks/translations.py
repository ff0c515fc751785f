"""What is not translated yet, per language: warnings for `check`, never errors.

A page missing a translation still builds (its text falls back to the default
language, marked as such); these warnings tell volunteers what to translate next.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from sitegen import model
from sitegen.errors import Problem, shown_path


def untranslated(
    site: model.Site, strings: Mapping[str, Mapping[str, str]], strings_where: Mapping[str, str]
) -> list[Problem]:
    """Return a warning for each file with something not translated into each non-default language."""
    default = site.config.default_language
    warnings: list[Problem] = []
    for lang in site.config.languages[1:]:
        warnings += _content(site, lang)
        missing = [key for key in strings[default] if key not in strings[lang]]
        if missing:
            warnings.append(_warning(strings_where[lang], lang, ", ".join(missing), "add these UI strings"))
    return warnings


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
        if testimony.lang != lang and testimony.translation(lang) is None:
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
