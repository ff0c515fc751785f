"""The browser editor's configuration: generated from the validator's records and site.yaml, valid for the editor.

tests/data/sveltia-cms-0.221.1.schema.json is Sveltia CMS's own JSON Schema of its
configuration, copied unchanged from its npm package (@sveltia/cms 0.221.1,
https://registry.npmjs.org/@sveltia/cms/-/cms-0.221.1.tgz, file package/schema/sveltia-cms.json),
the schema the editor itself checks its configuration against when it starts.
Upgrading the editor means copying the new version's schema here too.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import EXAMPLE, SITE_YAML
from sitegen import model
from sitegen.content import schemas
from sitegen.content.load import load_site
from sitegen.content.records import ListOf, MapOf, Record, optional
from sitegen.content.rules import Choice, Localized, Text
from sitegen.editor import config as editor
from sitegen.editor.config import editor_config
from sitegen.editor.formats import editor_formats
from sitegen.editor.labels import all_words, words_for

SCHEMA = Path(__file__).parent / "data" / "sveltia-cms-0.221.1.schema.json"
SCHEMA_SHA256 = "8c2f55a6e788b2430858cb6e86fac1c95008168e775a9559851d05c520e59ef6"  # as in the npm tarball
BUILT_IN = {"boolean", "code", "color", "compute", "datetime", "file", "hidden", "image", "keyvalue", "list", "map"}
BUILT_IN |= {"markdown", "number", "object", "relation", "richtext", "select", "string", "text", "uuid"}
GITHUB = "editing:\n  host: github\n  repository: asso/site\n"
MARKDOWN_COLLECTIONS = {"testimonies", "translations", "pages", "page_translations"}
RECORDS = {  # collection => (the record of its files, the path its words are found under)
    "items": (schemas.ITEM, "item"),
    "testimonies": (schemas.TESTIMONY, "testimony"),
    "translations": (schemas.TRANSLATION, "translation"),
    "pages": (schemas.PAGE, "page"),
    "page_translations": (schemas.PAGE_TRANSLATION, "page_translation"),
}


def configured(make_site: Any, site_yaml: str = SITE_YAML + GITHUB, **files: str) -> dict[str, Any]:
    """Return the editor's configuration of a tiny site, read back from its text."""
    content = make_site({"site.yaml": site_yaml, **files})
    return yaml.safe_load(editor_config(load_site(content)))


def example_site() -> model.Site:
    """Return the example site, with an `editing:` block if it has none yet."""
    site = load_site(EXAMPLE)
    if site.config.editing:
        return site
    editing = model.Editing(host="github", repository="le-fil-de-grisvent/site")
    return dataclasses.replace(site, config=dataclasses.replace(site.config, editing=editing))


def collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    """Return a collection of the configuration by its name."""
    return next(entry for entry in config["collections"] if entry["name"] == name)


def site_fields(config: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the fields of site.yaml in the configuration."""
    return collection(config, "settings")["files"][0]["fields"]


def field_at(fields: list[dict[str, Any]], path: str) -> dict[str, Any]:
    """Return the field at a dotted path among fields: "quantity.needed"; a list's entries are looked into."""
    name, _, rest = path.partition(".")
    found = next(field for field in fields if field["name"] == name)
    if not rest:
        return found
    inner = found.get("fields") or [found["field"]]
    return field_at(inner, rest)


def all_fields(fields: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Yield every field, subfields and list entries included."""
    for field in fields:
        yield field
        yield from all_fields(field.get("fields", []) + ([field["field"]] if "field" in field else []))


def every_field(config: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield every field of every collection."""
    for entry in config["collections"]:
        for fields in [entry.get("fields", [])] + [file["fields"] for file in entry.get("files", [])]:
            yield from all_fields(fields)


# Valid for the editor


@pytest.mark.parametrize(
    "editing",
    [
        GITHUB,
        "editing:\n  host: gitlab\n  repository: asso/sous-groupe/site\n  app_id: abc123\n",
        "editing:\n  host: gitlab\n  repository: asso/site\n  gitlab_url: https://git.asso.example.org\n",
    ],
    ids=["github", "gitlab.com with PKCE", "an association's own GitLab"],
)
def test_the_configuration_is_valid_against_the_editors_own_schema_of_it(make_site, editing):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    config = configured(make_site, SITE_YAML + editing)
    assert [error.message for error in jsonschema.Draft7Validator(schema).iter_errors(config)] == []


def test_the_example_sites_configuration_is_valid_against_the_editors_own_schema_of_it():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    config = yaml.safe_load(editor_config(example_site()))
    assert [error.message for error in jsonschema.Draft7Validator(schema).iter_errors(config)] == []


def test_the_schema_catches_an_option_the_editor_does_not_have(make_site):
    schema = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    config = configured(make_site)
    typo = copy.deepcopy(config)
    field_at(collection(typo, "items")["fields"], "quantity.needed")["minimum"] = 0  # `min` is the option
    assert list(schema.iter_errors(typo)), "the schema would let an unknown option through"


def test_the_vendored_schema_is_the_one_the_editors_package_ships():
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256


def test_every_widget_is_one_the_editor_has(make_site):
    # The editor's schema takes an unknown widget for a custom one: a typo would pass it.
    widgets = {field.get("widget", "string") for field in every_field(configured(make_site))}
    assert widgets <= BUILT_IN, widgets - BUILT_IN


def test_every_pattern_reaches_the_editor_whole(make_site):
    # The editor reads "/abc/i" as a pattern and its flags: a pattern must not look like one.
    js_regex = re.compile(r"^/?(?P<pattern>.+?)(?:/(?P<flags>[dgimsuy]*))?$")  # Sveltia's utils/regex.js
    config = configured(make_site)
    patterns = [field["pattern"][0] for field in every_field(config) if "pattern" in field]
    patterns += [entry["slug"]["pattern"][0] for entry in config["collections"] if "pattern" in entry.get("slug", {})]
    assert len(patterns) > 10
    for pattern in patterns:
        match = js_regex.fullmatch(pattern)
        assert match and match["pattern"] == pattern and not match["flags"], pattern


def test_every_field_reference_names_a_field(make_site):
    # As the editor checks when it starts: identifier fields, slug and summary templates, relation fields.
    config = configured(make_site)
    for entry in config["collections"][:-1]:
        fields = entry["fields"]
        references = [entry["identifier_field"], *template_tags(entry["slug"].get("template", ""))]
        assert [reference for reference in references if not has_field(fields, reference)] == [], entry["name"]
    for field in every_field(config):  # a list's summary names the fields of its entries
        summary = template_tags(field.get("summary", ""))
        assert [path for path in summary if not has_field(field["fields"], path)] == [], field["name"]
    items = collection(config, "items")["fields"]
    relation = field_at(collection(config, "testimonies")["fields"], "items")
    assert all(has_field(items, path) for path in relation["display_fields"] + relation["search_fields"])


def template_tags(template: str) -> list[str]:
    """Return the field paths a template names: "{{fields.name.fr | lower}}" => ["name.fr"]."""
    return [tag.split("|")[0].strip().removeprefix("fields.") for tag in re.findall(r"{{(.+?)}}", template)]


def has_field(fields: list[dict[str, Any]], path: str) -> bool:
    """Return True when a dotted path names a field; list indexes (items.0) stay at their level."""
    candidates = fields
    for segment in path.split("."):
        if segment.isdigit() or segment == "*":
            continue
        matches = [field for field in candidates if field["name"] == segment]
        if not matches:
            return False
        candidates = [sub for field in matches for sub in [*field.get("fields", []), field.get("field")] if sub]
    return True


# Every field of every record, in its order


def test_every_field_of_every_record_is_a_field_of_the_editor_in_the_records_order(make_site):
    config = configured(make_site)
    for name, (record, _) in RECORDS.items():
        fields = collection(config, name)["fields"]
        body = [fields.pop()] if name in MARKDOWN_COLLECTIONS else []
        assert [field["name"] for field in body] == ["body"] * len(body)
        assert_covers(record, fields, name)
    assert_covers(schemas.SITE, site_fields(config), "site.yaml")


def assert_covers(record: Record, fields: list[dict[str, Any]], where: str) -> None:
    """Assert that the fields are the record's, in order, each made of what its rule holds."""
    assert [field["name"] for field in fields] == list(record.fields), where
    for field in fields:
        spec = record.fields[field["name"]]
        assert field.get("required", True) == spec.required or field["name"] == "translated_by", field["name"]
        assert_rule(spec.rule, field, f"{where}.{field['name']}")


def assert_rule(rule: Any, field: dict[str, Any], where: str) -> None:
    """Assert that a field holds what a rule reads: a record's fields, a list's entries, a text's languages."""
    if isinstance(rule, Record):
        assert_covers(rule, field["fields"], where)
    elif isinstance(rule, ListOf) and isinstance(rule.rule, Record):
        assert field["widget"] == "list"
        assert_covers(rule.rule, field["fields"], where)
    elif isinstance(rule, ListOf) and field["widget"] == "list":
        assert_rule(rule.rule, field["field"], where)
    elif isinstance(rule, MapOf):
        assert all(field["widget"] == "object" for field in field["fields"]), where
    elif isinstance(rule, Localized):
        assert field["widget"] == "object" and [sub["name"] for sub in field["fields"]] == ["fr", "en"], where


def test_a_field_added_to_a_record_without_words_stops_the_configuration(make_site, monkeypatch):
    content = make_site({"site.yaml": SITE_YAML + GITHUB})
    site = load_site(content)
    colour = optional(Text(), "the item's colour")
    monkeypatch.setattr(schemas, "ITEM", Record({**schemas.ITEM.fields, "colour": colour}))
    with pytest.raises(KeyError, match=r"item\.colour"):
        editor_config(site)


def test_every_key_of_every_example_file_is_a_field_of_the_editor():
    # A key the configuration does not have would be dropped on the next save.
    config = yaml.safe_load(editor_config(example_site()))
    unknown = [
        f"{path}: {key}" for path, fields, data in example_files(config) for key in keys_without_field(fields, data, "")
    ]
    assert unknown == []


def test_every_text_over_several_lines_in_the_example_is_edited_over_several_lines():
    # A one-line input joins the lines of an address, a Markdown text, on the next edit.
    config = yaml.safe_load(editor_config(example_site()))
    cramped = [
        f"{path}: {name}"
        for path, fields, data in example_files(config)
        for name, widget, value in texts(fields, data, "")
        if "\n" in value.strip() and widget not in ("text", "markdown")
    ]
    assert cramped == []


def example_files(config: dict[str, Any]) -> Iterator[tuple[str, list[dict[str, Any]], Any]]:
    """Yield each file of the example content with the fields the editor edits it with, and its values."""
    yield "site.yaml", site_fields(config), yaml.safe_load((EXAMPLE / "site.yaml").read_text(encoding="utf-8"))
    for name, folder in (("items", "items"), ("testimonies", "testimonies"), ("pages", "pages")):
        for path in sorted((EXAMPLE / folder).iterdir()):
            kind = name if path.stem.count(".") == 0 else ("translations" if name != "pages" else "page_translations")
            fields = collection(config, kind)["fields"]
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".md":
                front, body = text.split("---\n", 2)[1:]
                yield str(path), fields, {**yaml.safe_load(front), "body": body}
            else:
                yield str(path), fields, yaml.safe_load(text)


def keys_without_field(fields: list[dict[str, Any]], data: Any, where: str) -> Iterator[str]:
    """Yield the keys of data that no field edits, looking into objects and lists of objects."""
    if not isinstance(data, dict):
        return
    by_name = {field["name"]: field for field in fields}
    for key, value in data.items():
        field = by_name.get(key)
        if field is None:
            yield where + key
        elif field["widget"] == "object" and isinstance(value, dict):
            yield from keys_without_field(field["fields"], value, f"{where}{key}.")
        elif field["widget"] == "list" and "fields" in field:
            for entry in value:
                yield from keys_without_field(field["fields"], entry, f"{where}{key}[].")


def texts(fields: list[dict[str, Any]], data: Any, where: str) -> Iterator[tuple[str, str, str]]:
    """Yield each text of data with its field's path and widget; a plain string edited per language counts once."""
    by_name = {field["name"]: field for field in fields}
    for key, value in data.items() if isinstance(data, dict) else ():
        field = by_name[key]
        if isinstance(value, str):
            widget = field["fields"][0]["widget"] if field["widget"] == "object" else field["widget"]
            yield where + key, widget, value
        elif field["widget"] == "object":
            yield from texts(field["fields"], value, f"{where}{key}.")
        elif field["widget"] == "list":
            inner = field.get("fields") or [field["field"]]
            for entry in value:
                yield from texts(inner, entry if "fields" in field else {inner[0]["name"]: entry}, f"{where}{key}[].")


# Words in the site's language, and no field without them


def word_paths() -> set[str]:
    """Return the path of every field that needs words: the records' fields, the records used twice once."""
    shared = {id(record): name for record, name in editor.SHARED}
    paths: set[str] = set()

    def walk(record: Record, prefix: str) -> None:
        for name, field in record.fields.items():
            paths.add(f"{prefix}.{name}")
            inner = field.rule.rule if isinstance(field.rule, ListOf) else field.rule
            if isinstance(inner, Record):
                walk(inner, shared.get(id(inner), f"{prefix}.{name}"))

    walk(schemas.SITE, "site")
    for name, (record, prefix) in RECORDS.items():
        walk(record, prefix)
        paths |= {f"{prefix}.body"} if name in MARKDOWN_COLLECTIONS else set()
    return paths


@pytest.mark.parametrize("lang", sorted(all_words()))
def test_every_field_has_a_label_and_a_hint_and_no_words_are_left_over(lang):
    words = all_words()[lang]["fields"]
    assert set(words) == word_paths()
    assert all(entry["label"].strip() and entry["hint"].strip() for entry in words.values())


@pytest.mark.parametrize("lang", sorted(all_words()))
def test_every_choice_has_words_for_each_of_its_options(lang):
    paths = word_paths()
    for path, options in all_words()[lang]["choices"].items():
        assert path in paths
        assert set(options) == set(choice_rule(path).choices), path


@pytest.mark.parametrize("lang", sorted(all_words()))
def test_hints_hold_no_markdown_emphasis_the_editor_would_show_as_italics(lang):
    words = all_words()[lang]
    hints = [entry["hint"] for entry in words["fields"].values()] + list(words["patterns"].values())
    assert [hint for hint in hints if "_" in hint or "*" in hint] == []


def choice_rule(path: str) -> Choice:
    """Return the choice rule at a path of words: "item.urgency", "site.editing.host"."""
    root, *names = path.split(".")
    rule: Any = {"site": schemas.SITE, "item": schemas.ITEM, "testimony": schemas.TESTIMONY}[root]
    for name in names:
        rule = rule.fields[name].rule
        rule = rule.rule if isinstance(rule, ListOf) else rule
    assert isinstance(rule, Choice)
    return rule


def test_a_french_site_has_its_editor_in_french(make_site):
    config = configured(make_site)
    items = collection(config, "items")
    assert (items["label"], items["label_singular"]) == ("Objets", "Objet")
    needed = field_at(items["fields"], "quantity.needed")
    assert (needed["label"], needed["hint"]) == ("Il en faut", "Combien il en faut en tout.")
    assert [sub["label"] for sub in field_at(items["fields"], "name")["fields"]] == ["Français", "Anglais"]
    assert {"label": "Urgent", "value": "urgent"} in field_at(items["fields"], "urgency")["options"]


def test_a_site_in_english_has_its_editor_in_english(make_site):
    site_yaml = SITE_YAML.replace("languages: [fr, en]", "languages: [en, fr]") + GITHUB
    site_yaml = site_yaml.replace("shelter: {fr: Abri, en: Shelter}", "shelter: {en: Shelter, fr: Abri}")
    items = collection(configured(make_site, site_yaml), "items")
    assert field_at(items["fields"], "quantity.needed")["label"] == "Needed"
    assert [sub["label"] for sub in field_at(items["fields"], "name")["fields"]] == ["English", "French"]


def test_a_site_in_a_language_the_words_do_not_have_gets_them_in_english(make_site):
    site = load_site(make_site({"site.yaml": SITE_YAML + GITHUB}))
    site = dataclasses.replace(site, config=dataclasses.replace(site.config, languages=("fa", "fr")))
    items = collection(yaml.safe_load(editor_config(site)), "items")
    assert words_for("fa").lang == "en"
    assert (items["label"], field_at(items["fields"], "quantity.needed")["label"]) == ("Items", "Needed")
    assert [sub["label"] for sub in field_at(items["fields"], "name")["fields"]] == ["Persian", "French"]


# From site.yaml: languages and categories


def test_a_text_is_one_field_per_language_texts_are_written_in_the_default_one_required(make_site):
    site_yaml = SITE_YAML.replace("languages: [fr, en]", "languages: [fr, en]\ndraft_languages: [ar]") + GITHUB
    items = collection(configured(make_site, site_yaml), "items")
    name = field_at(items["fields"], "name")
    assert [(sub["name"], sub.get("required", True)) for sub in name["fields"]] == [
        ("fr", True),
        ("en", False),
        ("ar", False),
    ]
    assert {sub["widget"] for sub in field_at(items["fields"], "description")["fields"]} == {"markdown"}
    sizes = field_at(items["fields"], "sizes.needed")
    assert [sub["name"] for sub in sizes["field"]["fields"]] == ["fr", "en", "ar"]  # 42, S: sizes are texts too


def test_categories_are_the_ones_of_site_yaml_with_their_labels(make_site):
    config = configured(make_site)
    options = [{"label": "Abri", "value": "shelter"}, {"label": "Hygiène", "value": "hygiene"}]
    assert field_at(collection(config, "items")["fields"], "category")["options"] == options
    assert field_at(site_fields(config), "do_not_send.category")["options"] == options
    takes = field_at(site_fields(config), "dropoffs.categories")
    assert (takes["widget"], takes["options"], takes["multiple"], takes["min"]) == ("select", options, True, 1)
    labels = field_at(site_fields(config), "categories")["fields"]
    assert [(field["name"], field["label"]) for field in labels] == [("shelter", "Abri"), ("hygiene", "Hygiène")]


def test_a_category_slug_yaml_1_2_would_read_as_a_number_is_quoted(make_site):
    site_yaml = SITE_YAML.replace("hygiene: {fr: Hygiène, en: Hygiene}", "2e3: {fr: Divers, en: Other}") + GITHUB
    content = make_site({"site.yaml": site_yaml})
    text = editor_config(load_site(content))
    assert 'value: "2e3"' in text and 'name: "2e3"' in text


def test_a_testimonys_items_are_chosen_among_the_items_by_their_file_name(make_site):
    config = configured(make_site)
    relation = field_at(collection(config, "testimonies")["fields"], "items")
    assert relation["widget"] == "relation" and relation["collection"] == "items"
    assert (relation["value_field"], relation["multiple"], relation["min"]) == ("{{slug}}", True, 1)
    assert relation["search_fields"] == ["name.fr", "name.en"] and relation["display_fields"] == ["name.fr"]


# Widgets that write what the validator reads


@pytest.mark.parametrize(
    ("collection_name", "path", "expected"),
    [
        ("items", "quantity.needed", {"widget": "number", "value_type": "int", "min": 0, "max": 999999999}),
        ("items", "quantity.received", {"widget": "number", "value_type": "int", "required": False}),
        ("items", "price", {"widget": "number", "value_type": "float", "min": 0}),
        ("items", "urgency", {"widget": "select", "required": False}),
        ("items", "ways", {"widget": "select", "multiple": True, "min": 1}),
        ("items", "image", {"widget": "object", "required": False}),
        ("items", "image.src", {"widget": "image", "media_folder": "/content/images", "public_folder": ""}),
        ("items", "image.alt", {"widget": "object"}),
        ("items", "buy.url", {"widget": "string", "type": "url"}),
        ("items", "buy.wishlist", {"widget": "boolean", "required": False}),
        ("items", "summary.fr", {"widget": "text"}),
        ("items", "time.shifts", {"widget": "list", "required": False}),
        ("testimonies", "date", {"widget": "string"}),
        ("testimonies", "draft", {"widget": "boolean", "required": False}),
        ("testimonies", "withdrawn", {"widget": "boolean"}),
        ("testimonies", "body", {"widget": "markdown", "modes": ["raw", "rich_text"], "editor_components": []}),
        ("translations", "translated_by", {"widget": "string", "required": True}),
    ],
)
def test_each_rule_has_the_widget_that_writes_what_the_validator_reads(make_site, collection_name, path, expected):
    field = field_at(collection(configured(make_site), collection_name)["fields"], path)
    assert {key: field.get(key) for key in expected} == expected


def test_a_picture_is_uploaded_as_a_file_the_site_publishes_and_never_as_an_address(make_site):
    picture = field_at(collection(configured(make_site), "items")["fields"], "image.src")
    assert picture["choose_url"] is False
    assert set(picture["accept"].split(",")) == {".jpg", ".jpeg", ".png", ".webp", ".gif"}


@pytest.mark.parametrize(
    ("path", "accepted", "refused"),
    [
        ("updated", ["2020", "2020-12", "2020-12-03"], ["20/12/2020", "2020-1", "décembre"]),
        ("season.start", ["11-01", "02-29"], ["1-11", "2020-11-01"]),
        ("donate", ["https://dons.example.org/", "http://x.example/a?b=c"], ["www.example.org", "https:// x"]),
    ],
)
def test_checked_fields_accept_what_the_validator_accepts(make_site, path, accepted, refused):
    pattern = re.compile(field_at(collection(configured(make_site), "items")["fields"], path)["pattern"][0])
    assert [text for text in accepted if not pattern.search(text)] == []
    assert [text for text in refused if pattern.search(text)] == []


def test_only_a_testimonys_draft_flag_has_a_default_so_that_a_new_testimony_starts_as_a_draft(make_site):
    # The editor fills a default into an opened file that lacks the field, and saves it: an absent `urgency`
    # would become `urgency: normal`. A testimony in canonical form always writes `draft:`, so its default
    # only ever applies to a new testimony.
    assert [
        (field["name"], field["default"]) for field in every_field(configured(make_site)) if "default" in field
    ] == [("draft", True)]


def test_what_is_set_up_once_is_shown_read_only_down_to_each_subfield(make_site):
    fields = site_fields(configured(make_site))
    for name in ("base_url", "languages", "currency", "editing"):
        assert all(field.get("readonly") for field in all_fields([field_at(fields, name)])), name
    assert not any(field.get("readonly") for field in all_fields([field_at(fields, "dropoffs")]))
    assert not any(field.get("readonly") for field in all_fields([field_at(fields, "do_not_send")]))


def test_the_output_options_make_the_editor_write_the_canonical_form(make_site):
    output = configured(make_site)["output"]
    assert output["omit_empty_optional_fields"] is True
    assert output["yaml"] == {"indent_size": 2, "indent_sequences": True, "quote": "none"}


# Collections


def test_collections_are_items_testimonies_pages_their_translations_and_the_settings(make_site):
    config = configured(make_site)
    where = {entry["name"]: entry.get("folder") or entry["files"][0]["file"] for entry in config["collections"]}
    assert where == {
        "items": "content/items",
        "testimonies": "content/testimonies",
        "translations": "content/testimonies",
        "pages": "content/pages",
        "page_translations": "content/pages",
        "settings": "content/site.yaml",
    }
    assert config["media_folder"] == "content/images"
    assert config["media_libraries"]["stock_assets"] is False


def test_originals_and_translations_share_a_folder_and_each_file_is_in_exactly_one(make_site):
    config = configured(make_site)
    originals = re.compile(collection(config, "testimonies")["filter"]["pattern"])
    translations = re.compile(collection(config, "translations")["filter"]["pattern"])
    assert collection(config, "testimonies")["filter"]["field"] == "slug"
    for path in list((EXAMPLE / "testimonies").glob("*.md")) + list((EXAMPLE / "pages").glob("*.md")):
        slug = path.name.removesuffix(".md")
        is_translation = slug.count(".") == 1
        assert (bool(originals.search(slug)), bool(translations.search(slug))) == (not is_translation, is_translation)


def test_a_new_translation_is_named_after_its_original_and_a_language_of_the_site(make_site):
    slug = collection(configured(make_site), "translations")["slug"]
    assert slug["editable"] == ["create"] and "template" not in slug  # typed in: nothing else names the original
    pattern = re.compile(slug["pattern"][0])
    assert [name for name in ("nour-tente.en", "samir.fr") if not pattern.search(name)] == []
    assert [name for name in ("nour-tente", "nour-tente.de", "Nour.en", "a.b.en") if pattern.search(name)] == []


def test_a_new_item_is_named_after_its_name_and_keeps_that_name(make_site):
    slug = collection(configured(make_site), "items")["slug"]
    assert slug["template"] == "{{fields.name.fr | lower}}" and slug["editable"] == ["create"]
    assert re.compile(slug["pattern"][0]).fullmatch("sac-de-couchage")
    assert not re.compile(slug["pattern"][0]).search("Sac de couchage")


def test_what_others_point_at_is_withdrawn_rather_than_deleted(make_site):
    config = configured(make_site)
    assert {entry["name"] for entry in config["collections"] if entry.get("delete")} == {
        "translations",
        "page_translations",
    }


# Signing in and reviewing


def test_on_github_volunteers_sign_in_with_a_token_and_every_change_is_a_pull_request(make_site):
    config = configured(make_site)
    assert config["backend"] == {"name": "github", "repo": "asso/site", "branch": "main", "auth_methods": ["token"]}
    assert config["publish_mode"] == "editorial_workflow"


def test_on_gitlab_volunteers_sign_in_with_pkce_through_the_associations_application(make_site):
    editing = "editing:\n  host: gitlab\n  repository: asso/site\n  branch: prod\n  app_id: abc123\n"
    editing += "  gitlab_url: https://git.asso.example.org/\n"
    assert configured(make_site, SITE_YAML + editing)["backend"] == {
        "name": "gitlab",
        "repo": "asso/site",
        "branch": "prod",
        "api_root": "https://git.asso.example.org/api/v4",
        "base_url": "https://git.asso.example.org",
        "auth_type": "pkce",
        "app_id": "abc123",
    }


def test_on_gitlab_without_an_application_volunteers_sign_in_with_a_token(make_site):
    backend = configured(make_site, SITE_YAML + "editing:\n  host: gitlab\n  repository: asso/site\n")["backend"]
    assert backend == {"name": "gitlab", "repo": "asso/site", "branch": "main", "auth_methods": ["token"]}


def test_a_site_without_editing_has_no_editor_to_configure(make_site):
    with pytest.raises(ValueError, match="editing"):
        editor_config(load_site(make_site()))


def test_every_collection_reads_its_files_with_a_format_told_where_texts_per_language_are():
    site = example_site()
    config, formats = yaml.safe_load(editor_config(site)), json.loads(editor_formats(site))
    used = {c["format"] for c in config["collections"]} | {
        f["format"] for c in config["collections"] for f in c.get("files", ())
    }
    assert used == set(formats["formats"])  # each registered by admin/formats.js
    assert (formats["languages"], formats["default"]) == (list(site.config.written_languages), "fr")
    testimonies, items = formats["formats"]["sitegen-testimonies"], formats["formats"]["sitegen-items"]
    assert testimonies["extension"] == "md" and testimonies["texts"]["place"] == "name"  # Calais in every language
    assert items["extension"] == "yaml" and items["texts"]["summary"] == "text"  # the default language's
    assert items["texts"]["buy"] == [{"label": "name"}]  # within each shop of the list


def test_a_field_that_a_folders_other_collection_reads_plain_is_left_as_written(make_site):
    # pages/ holds pages and their translations, and the editor may read a file with either one's format:
    # a translation's plain title must not become {fr: ...}. A page's title is required, so a plain one is
    # shown empty and the editor refuses to save: nothing is lost silently.
    formats = json.loads(editor_formats(load_site(make_site())))["formats"]
    assert formats["sitegen-pages"]["texts"] is None and formats["sitegen-page_translations"]["texts"] is None
    assert formats["sitegen-testimonies"]["texts"]["place"] == "name", "no translation has a place"
