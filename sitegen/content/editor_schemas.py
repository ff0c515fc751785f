"""JSON Schemas (draft 2020-12) for editors, generated from the records the validator reads.

VS Code's YAML extension uses them to complete and check content/site.yaml and
content/items/*.yaml while volunteers type (see .vscode/settings.json);
`python scripts/write_schemas.py` writes them into schemas/. Front matter inside
Markdown is not checked by the extension: testimony and page schemas document
it, and `python generate.py check` checks it.

A schema sees one file as JSON, so it cannot say everything the validator says.
The editor ACCEPTS, and `check` refuses:

- dates that match YYYY, YYYY-MM or YYYY-MM-DD but are not on the calendar
  (2020-13, 2021-02-30);
- slugs of categories and items that do not exist, and pictures missing from
  content/images/ (only their shape is checked);
- texts without the default language, or in a language the site does not have
  (any 2-3 letter key is allowed), and language codes Babel cannot format;
- web addresses checked by pattern, not parsed (https://[::1 has no valid host);
- values YAML itself turns into booleans or numbers that the validator reads as
  written: flags written True or TRUE, numbers written 0x10, 12.0 or .5 (and
  1_000 in YAML 1.1).

The editor FLAGS, and `check` accepts:

- a text field whose unquoted value YAML reads as a number (`author: 12`) or,
  in YAML 1.1 tools such as PyYAML, as a boolean (`author: yes`,
  `languages: [fr, no]`). The validator keeps every scalar as written
  (documents.py), so to it these are text. We keep `type: string` on purpose:
  quoting the value is the fix that works everywhere, and VS Code's extension
  reads YAML 1.2, where yes, no, on and off stay strings anyway;
- a number written in quotes (`needed: "12"`), which is a string to the editor;
- values with surrounding spaces or a scheme in capitals (`" abri"`,
  `HTTPS://...`), which the validator strips or lowercases.

tests/test_editor_schemas.py pins every one of these differences.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sitegen.content import languages, schemas
from sitegen.content.addresses import EMAIL, REPOSITORY, Email, ImagePath, Repository, Url
from sitegen.content.colours import HEX, Colour
from sitegen.content.records import Field, ListOf, MapOf, Record
from sitegen.content.rules import (
    CONTROL,
    MAX_DIGITS,
    SLUG,
    Choice,
    Date,
    Flag,
    Integer,
    Language,
    Localized,
    MonthDay,
    Number,
    Ref,
    Rule,
    Size,
    Text,
)

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://sitegen.invalid/schemas/"  # .invalid is reserved: the $id names no real host
MAX_INTEGER = 10**MAX_DIGITS - 1  # Integer refuses more digits: 999999999

# [\x00-\x08...] => [^\x00-\x08...]: a character that is not a refused control character
_NOT_CONTROL = CONTROL.pattern.replace("[", "[^", 1)
TEXT = {"type": "string", "minLength": 1, "pattern": rf"^(?=[\s\S]*\S){_NOT_CONTROL}*$"}  # not blank
SLUG_PATTERN = f"^{SLUG.pattern}$"
LANGUAGE_PATTERN = f"^{languages.CODE.pattern}$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
COLOUR_PATTERN = f"^{HEX.pattern}$"  # #0b5e55, in either case: the validator lowers it
URL_PATTERN = r"^https?://[^\s\x00-\x1f\x7f/$.?#][^\s\x00-\x1f\x7f]*$"
# not absolute, no '..' segment, no backslash: tent.jpg, photos/tent.jpg, never ../site.yaml
IMAGE_PATTERN = r"^(?!/)(?!(?:[^/]*/)*\.\.(?:/|$))[^\\\x00]+$"

FILES = {  # file name => (record, title, description)
    "site.schema.json": (schemas.SITE, "site.yaml", "The settings of the whole site: content/site.yaml."),
    "item.schema.json": (schemas.ITEM, "Item", "One needed item: content/items/<slug>.yaml."),
    "testimony.schema.json": (
        schemas.TESTIMONY,
        "Testimony front matter",
        "The fields between the '---' lines of content/testimonies/<slug>.md.",
    ),
    "testimony-translation.schema.json": (
        schemas.TRANSLATION,
        "Testimony translation front matter",
        "The fields between the '---' lines of content/testimonies/<slug>.<lang>.md.",
    ),
    "page.schema.json": (
        schemas.PAGE,
        "Page front matter",
        "The fields between the '---' lines of content/pages/<slug>.md.",
    ),
}


def editor_schemas() -> dict[str, dict[str, Any]]:
    """Return every editor schema, keyed by its file name in schemas/."""
    return {
        name: {
            "$schema": DIALECT,
            "$id": BASE_ID + name,
            "title": title,
            "description": description,
            **json_schema(record),
        }
        for name, (record, title, description) in FILES.items()
    }


def schema_files(others: Mapping[str, dict[str, Any]]) -> dict[str, str]:
    """Return the text of each file of schemas/, these others included (needs.json's): sorted keys, 2-space indent."""
    schemas = {**editor_schemas(), **others}
    return {
        name: json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, schema in schemas.items()
    }


def json_schema(rule: Rule) -> dict[str, Any]:
    """Return the JSON Schema fragment that accepts what `rule` reads, as far as JSON can say it."""
    match rule:
        case Text():
            return dict(TEXT)
        case Size():  # 42 is a size as much as "42" or "S"
            return {"anyOf": [*json_schema(Localized())["anyOf"], {"type": "number"}]}
        case Localized():
            return _localized()
        case Choice():
            return {"type": "string", "enum": list(rule.choices)}
        case Ref():  # whether the slug exists is known only to the validator
            return {"type": "string", "pattern": SLUG_PATTERN}
        case Integer():
            return {"type": "integer", "minimum": 0, "maximum": MAX_INTEGER}
        case Number():
            return {"type": "number", "minimum": 0}
        case Date():  # YAML reads an unquoted 2020 as a number
            year = {"type": "integer", "minimum": 1000, "maximum": 9999}
            return {"anyOf": [year, {"type": "string", "pattern": DATE_PATTERN}]}
        case Url():
            return {"type": "string", "format": "uri", "pattern": URL_PATTERN}
        case Repository():
            return {"type": "string", "pattern": f"^/?{REPOSITORY.pattern}/?$"}
        case Email():
            return {"type": "string", "pattern": f"^{EMAIL.pattern}$"}
        case MonthDay():
            return {"type": "string", "pattern": r"^\d{2}-\d{2}$"}
        case Flag():
            return {"type": "boolean"}
        case Language():
            return {"type": "string", "pattern": LANGUAGE_PATTERN}
        case ImagePath():
            return {"type": "string", "pattern": IMAGE_PATTERN}
        case Colour():
            return {"type": "string", "pattern": COLOUR_PATTERN}
        case ListOf():
            return _list(rule)
        case MapOf():
            return {
                "type": "object",
                "propertyNames": {"pattern": SLUG_PATTERN},
                "additionalProperties": json_schema(rule.rule),
            }
        case Record():
            return _record(rule)
    raise TypeError(f"no editor schema for {type(rule).__name__}: add a case to json_schema()")


def _localized() -> dict[str, Any]:
    """Return the schema of a text readers see: a plain string in the default language, or {lang: text}."""
    languages = {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": LANGUAGE_PATTERN},
        "additionalProperties": dict(TEXT),
    }
    return {"anyOf": [dict(TEXT), languages]}


def _list(rule: ListOf) -> dict[str, Any]:
    """Return the schema of a list: its entries, how few, and whether they must differ."""
    schema: dict[str, Any] = {"type": "array", "items": json_schema(rule.rule)}
    if rule.minimum:
        schema["minItems"] = rule.minimum
    if rule.unique:
        schema["uniqueItems"] = True
    return schema


def _record(rule: Record) -> dict[str, Any]:
    """Return the schema of a record: its described fields, the required ones, nothing else."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {name: _field(field) for name, field in rule.fields.items()},
        "additionalProperties": False,
    }
    required = [name for name, field in rule.fields.items() if field.required]
    if required:
        schema["required"] = required
    return schema


def _field(field: Field) -> dict[str, Any]:
    """Return a field's schema with its doc as description, and its default when JSON can hold it."""
    schema = {**json_schema(field.rule), "description": field.doc}
    default = _json_default(field.default)
    if default is not None:
        schema["default"] = default
    return schema


def _json_default(value: Any) -> Any:
    """Return a default as JSON: () => [], "normal" => "normal"; None when JSON cannot hold it."""
    match value:
        case bool() | int() | float() | str():
            return value
        case tuple() if all(isinstance(entry, bool | int | float | str) for entry in value):
            return list(value)
    return None
