"""The browser editor's configuration (admin/config.yml), generated from the validator's own records and site.yaml.

    schemas.ITEM's  name: required(Localized())   =>  {name: name, widget: object, fields: [fr (required), en]}
    site.yaml's     categories: {abri: Abri...}    =>  {name: category, widget: select, options: [{label: Abri...}]}

Every field of every record of sitegen/content/schemas.py becomes a field of the
editor, in the records' order, which is the order the editor writes keys in (the
canonical form of sitegen/content/canonical.py is that order): a field the
configuration left out would be dropped on the next save. Each rule has its
widget (`_widget`); labels and hints come from labels.yaml, in the site's default
language. What Sveltia CMS 0.221.1 does with it, read in its sources:

- a field's `default` is also filled into an opened file that lacks the field,
  and saved: no field has one, or an absent `urgency` would be written `normal`,
  but a testimony's `draft`, so that a new testimony starts as a draft (files in
  canonical form write every flag, so an opened one never lacks it);
- a boolean field missing from a file is written false all the same (a shop's
  `wishlist: false`, a testimony's `withdrawn: false`), which means what the
  missing flag meant;
- a text per language is an object with one field per language: a plain string
  there would be dropped, so the canonical form writes texts as mappings, and each
  collection's format (sitegen/editor/formats.js, told where the texts are by
  formats.py) reads a plain string as the mapping it stands for;
- a field whose value is an object but that the configuration hides (`hidden`)
  loses its order: its keys are written last, sorted, so site.yaml's fields are
  all described, the ones set up once read-only (READ_ONLY) rather than hidden;
- the testimonies' and pages' translations are `<slug>.<lang>.md` beside the
  originals: two collections on one folder, told apart by a dot in the slug.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from sitegen import model
from sitegen.content import languages, schemas
from sitegen.content.addresses import EMAIL, REPOSITORY, Email, ImagePath, Repository, Url
from sitegen.content.colours import HEX, Colour
from sitegen.content.editor_schemas import DATE_PATTERN, LANGUAGE_PATTERN, MAX_INTEGER, SLUG_PATTERN, URL_PATTERN
from sitegen.content.records import Field, ListOf, MapOf, Record
from sitegen.content.rules import Choice, Date, Flag, Integer, Language, Localized, MonthDay, Number, Ref, Rule, Text
from sitegen.editor.labels import Words, words_for
from sitegen.pictures.publish import EXTENSIONS

HEADER = (
    "# The browser editor's configuration, written at each build from sitegen/content/schemas.py,\n"
    "# sitegen/editor/labels.yaml and content/site.yaml: change those, never this file.\n"
)
IMAGES = "content/images"
MONTH_DAY_PATTERN = r"^\d{2}-\d{2}$"
EMAIL_PATTERN = f"^{EMAIL.pattern}$"
REPOSITORY_PATTERN = f"^/?{REPOSITORY.pattern}/?$"
COLOUR_PATTERN = f"^{HEX.pattern}$"
SHARED = ((schemas.SHOP, "shop"), (schemas.IMAGE, "image"))  # records used in two places: labelled once
# Texts that may run over several lines: a one-line input would join an address's lines on the next edit.
LONG_TEXTS = frozenset(
    {"site.description", "site.organisation.shipping_address", "site.organisation.dropoff", "site.dropoffs.hours"}
    | {"site.do_not_send.text", "item.summary", "testimony.quote", "translation.quote"}
)
# Set up once with whoever runs the site, and what the editor itself is made from: shown, not changed here.
READ_ONLY = frozenset({"site.format", "site.base_url", "site.languages", "site.draft_languages", "site.currency"})
READ_ONLY |= {"site.editing"}
INLINE = ["bold", "italic", "code", "link"]
BLOCKS = ["heading-two", "heading-three", "quote", "bulleted-list", "numbered-list"]
# Markdown as Python-Markdown reads it: no strikethrough and no fenced code, which it would show as typed;
# raw first, so that a text is saved as written unless someone chooses the rich text view.
MARKDOWN = {
    "widget": "markdown",
    "modes": ["raw", "rich_text"],
    "buttons": [*INLINE, *BLOCKS],
    "editor_components": [],  # its pictures would point into content/images/, which the site does not publish
    "linked_images": False,
}
SUMMARIES = {  # lists of records => what each folded entry shows
    "site.dropoffs": "{{{{fields.name.{default}}}}}",
    "site.dropoffs.closures": "{{{{fields.start}}}} – {{{{fields.end}}}}",
    "site.do_not_send": "{{{{fields.text.{default}}}}}",
    "item.buy": "{{{{fields.label.{default}}}}}",
}
OPTIONAL = {"required": False}
OUTPUT = {  # what makes the editor write the canonical form: sitegen/content/canonical.py
    "omit_empty_optional_fields": True,
    "encode_file_path": False,
    "yaml": {"indent_size": 2, "indent_sequences": True, "quote": "none"},
}


@dataclass(frozen=True, slots=True)
class Context:
    """What the fields are made from: site.yaml's languages and categories, and the editor's words."""

    config: model.Config
    words: Words

    @property
    def languages(self) -> tuple[str, ...]:
        """Return the languages texts are written in, the default first, those in preparation last."""
        return self.config.written_languages

    @property
    def default(self) -> str:
        """Return the site's default language."""
        return self.config.default_language


def editor_config(site: model.Site) -> str:
    """Return the text of admin/config.yml for a site whose site.yaml says where it is edited (`editing:`)."""
    editing = site.config.editing
    if editing is None:
        raise ValueError("the site has no 'editing:' in site.yaml, so it has no browser editor to configure")
    context = Context(site.config, words_for(site.config.default_language))
    config = {
        "backend": backend(editing),
        "publish_mode": "editorial_workflow",  # every change is a pull or merge request, which `check` annotates
        "app_title": site.config.title.values[0][1],
        "site_url": site.config.base_url,
        "media_folder": IMAGES,
        "media_libraries": {
            "default": {"config": {"slugify_filename": True}},  # "Photo (1).JPG" => Photo-1.JPG
            "stock_assets": False,  # no stock photo service: the editor calls no one but the git host
        },
        # Unicode keeps the dot of <slug>.<lang>; case is kept for languages such as fa-AF, the
        # slug templates lower the names themselves.
        "slug": {"encoding": "unicode", "clean_accents": True, "lowercase": False},
        "output": OUTPUT,
        "collections": collections(context),
    }
    return HEADER + dump(config)


def backend(editing: model.Editing) -> dict[str, Any]:
    """Return where the content is and how volunteers sign in: a token on GitHub, PKCE or a token on GitLab."""
    common = {"repo": editing.repository, "branch": editing.branch}
    if editing.host == "github":  # signing in through OAuth would need a server of ours: a token needs none
        return {"name": "github", **common, "auth_methods": ["token"]}
    gitlab: dict[str, Any] = {"name": "gitlab", **common}
    if editing.gitlab_url:  # the association's own GitLab
        gitlab |= {"api_root": editing.api + "/api/v4", "base_url": editing.api}
    if editing.app_id:
        return {**gitlab, "auth_type": "pkce", "app_id": editing.app_id}
    return {**gitlab, "auth_methods": ["token"]}  # without an application, PKCE cannot work


def collections(context: Context) -> list[dict[str, Any]]:
    """Return the collections: items, testimonies and their translations, pages and theirs, site.yaml."""
    named = f"{{{{fields.%s.{context.default} | lower}}}}"  # a new file is named after its name, lowered
    return [
        _entries(context, "items", "content/items", schemas.ITEM, "item")
        | {"identifier_field": f"name.{context.default}", "slug": _slug(context, "items", named % "name")},
        _entries(context, "testimonies", "content/testimonies", schemas.TESTIMONY, "testimony")
        | {"filter": ORIGINALS, "identifier_field": f"author.{context.default}"}
        | {"slug": _slug(context, "testimonies", named % "author" + "-{{fields.items.0}}")},
        _entries(context, "translations", "content/testimonies", schemas.TRANSLATION, "translation")
        | {"filter": TRANSLATIONS, "identifier_field": "translated_by"}
        | {"slug": _translation_slug(context, "translations")},
        _entries(context, "pages", "content/pages", schemas.PAGE, "page")
        | {"filter": ORIGINALS, "identifier_field": f"title.{context.default}"}
        | {"slug": _slug(context, "pages", named % "title")},
        _entries(context, "page_translations", "content/pages", schemas.PAGE_TRANSLATION, "page_translation")
        | {"filter": TRANSLATIONS, "identifier_field": "title"}
        | {"slug": _translation_slug(context, "page_translations")},
        _settings(context),
    ]


def format_name(collection: str) -> str:
    """Return the name of a collection's file format, registered by formats.js: items => sitegen-items."""
    return f"sitegen-{collection}"


ORIGINALS = {"field": "slug", "pattern": r"^[^.]+$"}  # tente.md; its translations are tente.en.md
TRANSLATIONS = {"field": "slug", "pattern": r"\."}
# Items, testimonies and pages are what the rest points at (a testimony's items, a translation's original):
# they are withdrawn (`status`, `withdrawn: true`), not deleted, so that nothing is left pointing nowhere.
DELETABLE = frozenset({"translations", "page_translations"})
ICONS = {"items": "inventory_2", "testimonies": "format_quote", "pages": "description", "settings": "settings"}


def _entries(context: Context, name: str, folder: str, record: Record, path: str) -> dict[str, Any]:
    """Return a collection of the files of one folder, with the fields of their record (and a text for Markdown)."""
    words = context.words.collection(name)
    collection: dict[str, Any] = {"name": name, "label": words["label"], "label_singular": words["singular"]}
    collection |= {"description": words["description"], "icon": ICONS.get(name, "translate"), "folder": folder}
    fields = _fields(record, path, context)
    if record is schemas.ITEM:
        return collection | {"format": format_name(name), "create": True, "delete": False, "fields": fields}
    fields.append({"name": "body", **_words(context, f"{path}.body"), **MARKDOWN})  # below the front matter
    if record is schemas.TRANSLATION:  # with every field empty, the editor would write no front matter at all
        next(field for field in fields if field["name"] == "translated_by")["required"] = True
    collection |= {"format": format_name(name), "create": True}
    return collection | {"delete": name in DELETABLE, "fields": fields}


def _slug(context: Context, collection: str, template: str) -> dict[str, Any]:
    """Return how a new file is named: from a field, shown to be changed before it is created, never after."""
    pattern = [SLUG_PATTERN, context.words.pattern("slug")]
    return {"template": template, "editable": ["create"], "pattern": pattern, "hint": context.words.slug(collection)}


def _translation_slug(context: Context, collection: str) -> dict[str, Any]:
    """Return how a translation is named: the original's file name, a dot and the language, typed in."""
    alternatives = "|".join(re.escape(code) for code in context.languages)
    pattern = [SLUG_PATTERN.removesuffix("$") + f"\\.(?:{alternatives})$", context.words.pattern("translation")]
    return {"editable": ["create"], "pattern": pattern, "hint": context.words.slug(collection)}


def _settings(context: Context) -> dict[str, Any]:
    """Return the collection of site.yaml: every field described, so that saving it keeps them all in order."""
    words = context.words.collection("settings")
    site: dict[str, Any] = {"name": "site", "label": words["singular"], "file": "content/site.yaml"}
    site |= {"format": format_name("settings"), "fields": _fields(schemas.SITE, "site", context)}
    collection = {"name": "settings", "label": words["label"], "description": words["description"]}
    return collection | {"icon": ICONS["settings"], "format": format_name("settings"), "files": [site]}


def _fields(record: Record, path: str, context: Context) -> list[dict[str, Any]]:
    """Return the editor's fields of a record, in its order."""
    prefix = next((name for shared, name in SHARED if record is shared), path)
    return [_field(name, field, f"{prefix}.{name}", context) for name, field in record.fields.items()]


def _field(name: str, field: Field, path: str, context: Context) -> dict[str, Any]:
    """Return one field: its name, words, whether it must be filled in, its widget; some may only be read."""
    entry: dict[str, Any] = {"name": name, **_words(context, path)} | ({} if field.required else OPTIONAL)
    entry |= _widget(field.rule, path, context)
    return _read_only(entry) if path in READ_ONLY else entry


def _read_only(field: dict[str, Any]) -> dict[str, Any]:
    """Return a field made read-only, and its subfields: the editor does not pass the option down."""
    inner = [_read_only(subfield) for subfield in field.get("fields", ())]
    single = {"field": _read_only(field["field"])} if "field" in field else {}
    return field | {"readonly": True} | ({"fields": inner} if inner else {}) | single


def _words(context: Context, path: str) -> dict[str, str]:
    """Return a field's label and hint in the editor's language."""
    label, hint = context.words.field(path)
    return {"label": label, "hint": hint}


def _widget(rule: Rule, path: str, context: Context) -> dict[str, Any]:
    """Return the editor's widget for a rule, with what it checks as the validator does."""
    match rule:
        case Localized():  # Size too: 42, S, {fr: 6 mois, en: 6 months}
            return _localized(rule, path, context)
        case Text():
            return {"widget": "text" if path in LONG_TEXTS else "string"}
        case Choice():
            return {"widget": "select", "options": _choices(rule.choices, path, context)}
        case Ref(collection="categories"):
            return {"widget": "select", "options": _categories(context)}
        case Ref():
            return _relation(rule, context)
        case Integer():
            return {"widget": "number", "value_type": "int", "min": 0, "max": MAX_INTEGER}
        case Number():
            return {"widget": "number", "value_type": "float", "min": 0, "step": 0.01}
        case Flag():  # a new testimony starts as a draft; files in canonical form write every flag already
            return {"widget": "boolean"} | ({"default": True} if path == "testimony.draft" else {})
        case ImagePath():
            return _picture()
        case ListOf():
            return _list(rule, path, context)
        case MapOf():
            return _map(rule, path, context)
        case Record():
            return {"widget": "object", "fields": _fields(rule, path, context)}
    return _string(rule, context)


def _string(rule: Rule, context: Context) -> dict[str, Any]:
    """Return a one-line field checked by the pattern the editor schemas use: dates, addresses, codes."""
    match rule:
        case Date():  # a date picker cannot write 2020 or 2020-12, which are dates here
            return {"widget": "string", "pattern": [DATE_PATTERN, context.words.pattern("date")]}
        case MonthDay():
            return {"widget": "string", "pattern": [MONTH_DAY_PATTERN, context.words.pattern("month_day")]}
        case Url():
            return {"widget": "string", "type": "url", "pattern": [URL_PATTERN, context.words.pattern("url")]}
        case Email():
            return {"widget": "string", "type": "email", "pattern": [EMAIL_PATTERN, context.words.pattern("email")]}
        case Repository():
            return {"widget": "string", "pattern": [REPOSITORY_PATTERN, context.words.pattern("repository")]}
        case Language():
            return {"widget": "string", "pattern": [LANGUAGE_PATTERN, context.words.pattern("language")]}
        case Colour():  # a colour picker, and the colour's #RRGGBB to paste from the association's style guide
            return {"widget": "color", "allowInput": True, "pattern": [COLOUR_PATTERN, context.words.pattern("colour")]}
    raise TypeError(f"no editor widget for {type(rule).__name__}: add a case to sitegen/editor/config.py")


def _localized(rule: Localized, path: str, context: Context) -> dict[str, Any]:
    """Return a text readers see: one field per language, the default one to fill in, the others optional."""
    kind = MARKDOWN if rule.markdown else {"widget": "text" if path in LONG_TEXTS else "string"}
    fields = [
        {"name": code, "label": _language(code, context), **kind} | ({} if code == context.default else OPTIONAL)
        for code in context.languages
    ]
    return {"widget": "object", "fields": fields}


def _language(code: str, context: Context) -> str:
    """Return a language's name in the editor's language, as a label: fr => Français."""
    name = languages.name_in(code, context.words.lang)
    return name[:1].upper() + name[1:]


def _choices(choices: tuple[str, ...], path: str, context: Context) -> list[dict[str, str]]:
    """Return the options of a choice, each with its words: needed => Besoin."""
    words = context.words.choices(path)
    return [{"label": words.get(choice, choice), "value": choice} for choice in choices]


def _categories(context: Context) -> list[dict[str, str]]:
    """Return site.yaml's categories as options, labelled in the default language."""
    return [{"label": category.label.values[0][1], "value": category.slug} for category in context.config.categories]


def _relation(rule: Ref, context: Context) -> dict[str, Any]:
    """Return a choice among the entries of another collection, by file name, found by their name in any language."""
    if rule.collection != "items":
        raise TypeError(f"no editor widget for slugs of {rule.collection}: add a case to sitegen/editor/config.py")
    return {
        "widget": "relation",
        "collection": "items",
        "value_field": "{{slug}}",
        "display_fields": [f"name.{context.default}"],
        "search_fields": [f"name.{code}" for code in context.languages],
    }


def _picture() -> dict[str, Any]:
    """Return a picture uploaded into content/images/, written as its file name alone."""
    accept = ",".join(sorted(extension for extensions in EXTENSIONS.values() for extension in extensions))
    # With the folder given here and no public folder, the editor writes "tente.jpg", as check wants;
    # with the global folder alone it wrote "/content/images/tente.jpg". No web address: check refuses them.
    folders = {"media_folder": "/" + IMAGES, "public_folder": ""}
    return {"widget": "image", **folders, "choose_url": False, "accept": accept}


def _list(rule: ListOf, path: str, context: Context) -> dict[str, Any]:
    """Return a list: several choices, several related entries, or a list of records or of values."""
    entry = rule.rule
    if isinstance(entry, Choice | Ref):  # several categories, ways or items: ticked, not typed
        widget = _widget(entry, path, context) | {"multiple": True}
    elif isinstance(entry, Record):
        widget = {"widget": "list", "fields": _fields(entry, path, context), "collapsed": "auto"}
        if path in SUMMARIES:  # what a folded entry shows: the place's name, the shop's
            widget["summary"] = SUMMARIES[path].format(default=context.default)
    else:  # reviewed details, shifts, sizes, languages: each entry edited with the list's own words
        item = {
            "name": path.rsplit(".", 1)[-1],
            "label": _words(context, path)["label"],
            **_widget(entry, path, context),
        }
        widget = {"widget": "list", "field": item}
    return widget | ({"min": rule.minimum} if rule.minimum else {})


def _map(rule: MapOf, path: str, context: Context) -> dict[str, Any]:
    """Return site.yaml's categories: one field per category, its label to translate; adding one is done in the file."""
    if path != "site.categories":
        raise TypeError(f"no editor widget for the mapping {path}: add a case to sitegen/editor/config.py")
    fields = [
        {"name": category.slug, "label": category.label.values[0][1], **_widget(rule.rule, path, context)}
        for category in context.config.categories
    ]
    return {"widget": "object", "fields": fields}


class _Dumper(yaml.SafeDumper):
    """Writes the configuration, quoting what YAML 1.2, which the editor reads, would take for a number."""

    def ignore_aliases(self, data: Any) -> bool:
        """Write a value used twice (the Markdown options) twice, rather than as an anchor and an alias."""
        return True


_NUMBER_12 = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+")


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """Write a string plain when it can be, quoted when YAML 1.2 would read it as a number: '2e3', '0o17'."""
    style = '"' if _NUMBER_12.fullmatch(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _text)


def dump(config: Mapping[str, Any]) -> str:
    """Return the configuration as YAML, in the order it was built."""
    return yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
