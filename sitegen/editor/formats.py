"""admin/formats.json: where each collection's files hold texts per language, for the editor's file formats.

    schemas.TESTIMONY's  place: Localized(name=True)  =>  {"sitegen-testimonies": {"texts": {"place": "name"}}}

The editor edits a text readers see as one field per language and drops a plain
string there (`place: Calais`); sitegen/editor/formats.js registers a file format
per collection that reads such a string as the reader does ("name": every written
language; "text": the default language's) before the editor sees it.
"""

from __future__ import annotations

import json
from typing import Any

from sitegen import model
from sitegen.content import schemas
from sitegen.content.records import ListOf, MapOf, Record
from sitegen.content.rules import Localized, Rule
from sitegen.editor.config import format_name

# Each collection's file format, read and written by sitegen/editor/formats.js: YAML, or Markdown under YAML.
# The format, registered with its extension, says it: Sveltia refuses `extension: md` beside a format of its
# own name that does not end in -frontmatter.
RECORDS = {
    "items": (schemas.ITEM, "yaml"),
    "testimonies": (schemas.TESTIMONY, "md"),
    "translations": (schemas.TRANSLATION, "md"),
    "pages": (schemas.PAGE, "md"),
    "page_translations": (schemas.PAGE_TRANSLATION, "md"),
    "settings": (schemas.SITE, "yaml"),
}


# Collections that share a folder: the editor may read a file with either one's format, so a text one of them
# reads per language but the other as a plain field (a page's title; a page translation's) is left as written.
# A page's title is required, so a plain one is not lost silently: the editor shows it empty and will not save.
SHARING_A_FOLDER = {"pages": "page_translations", "testimonies": "translations"}


def editor_formats(site: model.Site) -> str:
    """Return admin/formats.json: the written languages, the default one, and each collection's format."""
    config = site.config
    formats = {
        format_name(name): {"extension": extension, "texts": _safe_texts(name)}
        for name, (_, extension) in RECORDS.items()
    }
    return json.dumps({"languages": config.written_languages, "default": config.default_language, "formats": formats})


def _safe_texts(collection: str) -> Any:
    """Return where a collection's files hold texts per language, but for the fields its folder's other one has."""
    texts = _texts(RECORDS[collection][0])
    sibling = SHARING_A_FOLDER.get(collection)
    if texts is None or sibling is None:
        return texts
    kept = {name: value for name, value in texts.items() if name not in RECORDS[sibling][0].fields}
    return kept or None


def _texts(rule: Rule) -> Any:
    """Return where a rule's value holds texts per language: "text", "name", {field: ...}, or [entry], or None."""
    match rule:
        case Localized():
            return "name" if rule.name else "text"
        case Record():
            fields = {name: _texts(field.rule) for name, field in rule.fields.items()}
            return {name: texts for name, texts in fields.items() if texts is not None} or None
        case ListOf():
            entry = _texts(rule.rule)
            return None if entry is None else [entry]
        case MapOf():
            value = _texts(rule.rule)
            return None if value is None else {"*": value}
    return None
