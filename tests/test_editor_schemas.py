"""editor_schemas.py: the committed schemas match the rules, and agree with the validator on a corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import EXAMPLE, ROOT, SITE_YAML, TENT_YAML
from sitegen.content import schemas
from sitegen.content.documents import parse_yaml
from sitegen.content.editor_schemas import editor_schemas, json_schema, schema_files
from sitegen.content.records import Record
from sitegen.content.rules import Reader, Rule
from sitegen.errors import Problem
from sitegen.feeds.needs_json import NEEDS_SCHEMA

SCHEMAS = editor_schemas()
KINDS = {  # a sample's kind => (the record the validator reads, the schema the editor reads)
    "site": (schemas.SITE, "site.schema.json"),
    "item": (schemas.ITEM, "item.schema.json"),
    "testimony": (schemas.TESTIMONY, "testimony.schema.json"),
}
KNOWN = {"categories": {"abri", "shelter", "hygiene"}, "items": {"tente", "savon"}}
PICTURES = ("tente.jpg", "photos/savon.png")


class EditorLoader(yaml.SafeLoader):
    """PyYAML's safe loader without YAML 1.1 timestamps: JSON has no date, and VS Code reads 2020-12-03 as text."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def fields(base: dict[str, str], changes: dict[str, str | None]) -> str:
    """Return YAML with one `key: value` line per field of base, changed (None removes a field)."""
    merged = {**base, **changes}
    return "".join(f"{key}: {value}\n" for key, value in merged.items() if value is not None)


def sample_site(**changes: str | None) -> str:
    """Return a minimal valid site.yaml, changed."""
    base = {
        "title": "Besoins",
        "base_url": "https://aide.example.org/",
        "languages": "[fr, en]",
        "organisation": '{name: Association Test, shipping_address: "1 rue de l\'Exemple, 62100 Ville"}',
        "donate": "{url: https://dons.example.org/}",
        "categories": "{abri: Abri, hygiene: {fr: Hygiène, en: Hygiene}}",
    }
    return fields(base, changes)


def sample_item(**changes: str | None) -> str:
    """Return a minimal valid item, changed."""
    return fields({"name": "Tente", "category": "abri"}, changes)


def sample_testimony(**changes: str | None) -> str:
    """Return minimal valid testimony front matter, changed."""
    base = {"author": "Samir", "items": "[tente]", "date": "2020-12", "consent": "{date: 2021-01-15}"}
    return fields(base, changes)


VALID = {
    "site.yaml with only its required fields": ("site", sample_site()),
    "the test site's site.yaml": ("site", SITE_YAML),
    "a currency from the list": ("site", sample_site(currency="CHF")),
    "a single language": ("site", sample_site(languages="[fr]")),
    "a description in two languages": ("site", sample_site(description="{fr: Ce qu'il faut, en: What we need}")),
    "a title in the default language only": ("site", sample_site(title="{fr: Besoins}")),
    "no categories yet": ("site", sample_site(categories="{}")),
    "an organisation with a website and a drop-off place": (
        "site",
        sample_site(organisation="{name: A, url: http://a.example.org/, shipping_address: B, dropoff: {fr: C, en: D}}"),
    ),
    "an item with only its required fields": ("item", sample_item()),
    "the test site's tent": ("item", TENT_YAML),
    "an urgent item": ("item", sample_item(urgency="urgent")),
    "a low urgency": ("item", sample_item(urgency="low")),
    "an item there is enough of": ("item", sample_item(status="enough")),
    "a paused item": ("item", sample_item(status="paused")),
    "an update written as a year": ("item", sample_item(updated="2026")),
    "an update written as a month": ("item", sample_item(updated="2026-11")),
    "an update written as a day": ("item", sample_item(updated="2026-11-20")),
    "a quantity without what was received": ("item", sample_item(quantity="{needed: 0}")),
    "a whole price": ("item", sample_item(price="12")),
    "a price with cents": ("item", sample_item(price="39.90")),
    "a name in two languages": ("item", sample_item(name="{fr: Tente, en: Tent}")),
    "a picture in a sub-folder": ("item", sample_item(image="{src: photos/savon.png, alt: {fr: Savon, en: Soap}}")),
    "an empty list of shops": ("item", sample_item(buy="[]")),
    "two shops, one named in two languages": (
        "item",
        sample_item(
            buy="\n  - {label: A, url: https://a.example.com/t}\n  - {label: {fr: B, en: B}, url: http://b.example/}"
        ),
    ),
    "a description in a block": ("item", sample_item(description="|\n  Une tente *solide*.\n\n  - double toit")),
    "an order within the urgency": ("item", sample_item(order="1")),
    "a unit in two languages": ("item", sample_item(unit="{fr: paquet de 3, en: pack of 3}")),
    "sizes, as numbers and letters": ("item", sample_item(sizes="{needed: [40, 41, S], wanted: [41]}")),
    "money only": ("item", sample_item(ways="[money]")),
    "a need of people's time": (
        "item",
        sample_item(ways="[time]", time="{signup: https://b.example.org/, shifts: [{fr: Samedi, en: Saturday}]}"),
    ),
    "a wishlist among the shops": (
        "item",
        sample_item(buy="[{label: A, url: https://a.example.com/l, wishlist: true}]"),
    ),
    "a winter season": ("item", sample_item(season="{start: 11-01, end: 03-31}")),
    "dates when it is needed": ("item", sample_item(needed_from="2027-01-04", needed_until="2027-02-07")),
    "what not to send, for a category and for any": (
        "site",
        sample_site(do_not_send="[{text: Matelas, category: abri}, {text: {fr: Médicaments, en: Medicines}}]"),
    ),
    "a wishlist and a contact": (
        "site",
        sample_site(wishlist="{label: A, url: https://a.example.com/l}", contact="{email: a@example.org, phone: '1'}"),
    ),
    "two drop-off points, one closed for the holidays": (
        "site",
        sample_site(
            dropoffs="[{name: A, address: B, hours: Samedi, closures: [{start: 2026-12-24, end: 2027-01-02}]},"
            " {name: C, address: D, hours: {fr: Dimanche, en: Sunday}, categories: [abri]}]"
        ),
    ),
    "testimony front matter with only its required fields": ("testimony", sample_testimony()),
    "a testimony dated by its year": ("testimony", sample_testimony(date="2020")),
    "a testimony dated to the day": ("testimony", sample_testimony(date="2020-12-03")),
    "a place in two languages": ("testimony", sample_testimony(place="{fr: le camp, en: the camp}")),
    "the language of the original": ("testimony", sample_testimony(lang="ar")),
    "a consent to review": ("testimony", sample_testimony(consent="{date: 2021-01-15, review: 2023}")),
    "a photo": ("testimony", sample_testimony(photo="{src: tente.jpg, alt: Une tente}")),
    "a draft": ("testimony", sample_testimony(draft="true", withdrawn="false")),
    "the same item twice": ("testimony", sample_testimony(items="[tente, savon, tente]")),
    "a quote": ("testimony", sample_testimony(quote='"Elle m\'a gardé au sec."')),
}

INVALID_SAMPLES = {
    "site.yaml without a title": ("site", sample_site(title=None)),
    "site.yaml without base_url": ("site", sample_site(base_url=None)),
    "site.yaml without categories": ("site", sample_site(categories=None)),
    "an unknown field in site.yaml": ("site", sample_site(colour="blue")),
    "a currency not in the list": ("site", sample_site(currency="YEN")),
    "no languages": ("site", sample_site(languages="[]")),
    "a language listed twice": ("site", sample_site(languages="[fr, en, fr]")),
    "a language in capitals": ("site", sample_site(languages="[FR]")),
    "languages as a single string": ("site", sample_site(languages="fr")),
    "an ftp base_url": ("site", sample_site(base_url="ftp://aide.example.org/")),
    "a base_url without a scheme": ("site", sample_site(base_url="aide.example.org")),
    "an organisation without a shipping address": ("site", sample_site(organisation="{name: A}")),
    "an unknown field in the organisation": (
        "site",
        sample_site(organisation="{name: A, shipping_address: B, phone: 1}"),
    ),
    "donate as a plain address": ("site", sample_site(donate="https://dons.example.org/")),
    "a category key that is not a slug": ("site", sample_site(categories="{Abri Froid: Abri}")),
    "a way nobody knows": ("item", sample_item(ways="[pray]")),
    "no ways at all": ("item", sample_item(ways="[]")),
    "a time need without its sign-up": ("item", sample_item(ways="[time]", time="{shifts: [Samedi]}")),
    "sizes without those needed": ("item", sample_item(sizes="{wanted: [41]}")),
    "a season day written as a date": ("item", sample_item(season="{start: 2026-11-01, end: 03-31}")),
    "a contact e-mail without an @": ("site", sample_site(contact="{email: contact.example.org}")),
    "a drop-off point without its hours": ("site", sample_site(dropoffs="[{name: A, address: B}]")),
    "what not to send without its text": ("site", sample_site(do_not_send="[{category: abri}]")),
    "categories as a list": ("site", sample_site(categories="[abri, hygiene]")),
    "an empty title": ("site", sample_site(title='""')),
    "a title mapping with no text": ("site", sample_site(title="{}")),
    "a title keyed by a language name": ("site", sample_site(title="{fr: Besoins, english: Needs}")),
    "a title as a list": ("site", sample_site(title="[Besoins]")),
    "an empty description": ("site", sample_site(description="")),
    "an item without a name": ("item", sample_item(name=None)),
    "an item without a category": ("item", sample_item(category=None)),
    "an unknown field in an item": ("item", sample_item(colour="red")),
    "a misspelt field name": ("item", sample_item(urgnecy="high")),
    "a misspelt urgency": ("item", sample_item(urgency="urgnet")),
    "an urgency in capitals": ("item", sample_item(urgency="URGENT")),
    "a status not in the list": ("item", sample_item(status="done")),
    "a negative quantity": ("item", sample_item(quantity="{needed: -3}")),
    "a quantity without what is needed": ("item", sample_item(quantity="{received: 4}")),
    "a quantity in words": ("item", sample_item(quantity="{needed: many}")),
    "a quantity as a bare number": ("item", sample_item(quantity="12")),
    "an unknown field in the quantity": ("item", sample_item(quantity="{needed: 3, extra: 1}")),
    "a quantity of ten digits": ("item", sample_item(quantity="{needed: 1000000000}")),
    "a negative price": ("item", sample_item(price="-1.5")),
    "a price with a decimal comma": ("item", sample_item(price="39,90")),
    "a price in words": ("item", sample_item(price="free")),
    "a month without its zero": ("item", sample_item(updated="2020-1")),
    "a five-digit year": ("item", sample_item(updated="20201")),
    "a date written day first": ("item", sample_item(updated="12/03/2020")),
    "a date in words": ("item", sample_item(updated="last week")),
    "an ftp donate link": ("item", sample_item(donate="ftp://example.org/")),
    "a javascript donate link": ("item", sample_item(donate="javascript:alert(1)")),
    "a donate link without a scheme": ("item", sample_item(donate="www.example.org")),
    "shops as a mapping": ("item", sample_item(buy="{label: A, url: https://a.example.com/}")),
    "a shop without an address": ("item", sample_item(buy="[{label: A}]")),
    "a mailto shop address": ("item", sample_item(buy="[{label: A, url: 'mailto:a@example.org'}]")),
    "a picture as a plain file name": ("item", sample_item(image="tente.jpg")),
    "a picture without alt text": ("item", sample_item(image="{src: tente.jpg}")),
    "an absolute picture path": ("item", sample_item(image="{src: /etc/passwd, alt: x}")),
    "a picture path leaving content/images/": ("item", sample_item(image="{src: ../site.yaml, alt: x}")),
    "a picture path climbing out of a sub-folder": ("item", sample_item(image="{src: photos/../../x.jpg, alt: x}")),
    "an empty name": ("item", sample_item(name='""')),
    "a name as a list": ("item", sample_item(name="[Tente]")),
    "a null name": ("item", sample_item(name="~")),
    "a name keyed by a capitalised language": ("item", sample_item(name="{fr: Tente, EN: Tent}")),
    "a name mapping with no text": ("item", sample_item(name="{}")),
    "a name holding a NUL character": ("item", sample_item(name='"Ten\\0te"')),
    "a summary of spaces": ("item", sample_item(summary='"   "')),
    "a category that is not a slug": ("item", sample_item(category="Abri")),
    "a category as a list": ("item", sample_item(category="[abri]")),
    "a testimony without an author": ("testimony", sample_testimony(author=None)),
    "a testimony without consent": ("testimony", sample_testimony(consent=None)),
    "a testimony without items": ("testimony", sample_testimony(items=None)),
    "an empty list of items": ("testimony", sample_testimony(items="[]")),
    "items as a single string": ("testimony", sample_testimony(items="tente")),
    "an item slug in capitals": ("testimony", sample_testimony(items="[Tente]")),
    "a consent without a date": ("testimony", sample_testimony(consent="{}")),
    "a consent as a bare date": ("testimony", sample_testimony(consent="2021-01-15")),
    "an unknown field in the consent": ("testimony", sample_testimony(consent="{date: 2021-01-15, by: Samir}")),
    "a consent date in words": ("testimony", sample_testimony(consent="{date: soon}")),
    "a review date in words": ("testimony", sample_testimony(consent="{date: 2021-01-15, review: tomorrow}")),
    "a date without zeros": ("testimony", sample_testimony(date="2020-1-5")),
    "a date with a month name": ("testimony", sample_testimony(date="December 2020")),
    "a quoted flag": ("testimony", sample_testimony(draft='"true"')),
    "a flag written 1": ("testimony", sample_testimony(withdrawn="1")),
    "a language name instead of a code": ("testimony", sample_testimony(lang="Arabic")),
    "a one-letter language": ("testimony", sample_testimony(lang="a")),
    "a null author": ("testimony", sample_testimony(author="")),
    "an author as a list": ("testimony", sample_testimony(author="[Samir]")),
    "a quote as a mapping of languages": ("testimony", sample_testimony(quote="{fr: Au sec, en: Dry}")),
    "a place keyed by a language name": ("testimony", sample_testimony(place="{fr: Calais, French: Calais}")),
    "a photo with empty alt text": ("testimony", sample_testimony(photo='{src: tente.jpg, alt: ""}')),
    "an unknown field in a testimony": ("testimony", sample_testimony(email="samir@example.org")),
}

# The editor accepts these, `check` refuses them: what one file cannot tell (see editor_schemas.py).
LOOSER = {
    "a month that does not exist": ("item", sample_item(updated="2020-13")),
    "a day that does not exist": ("testimony", sample_testimony(date="2021-02-30")),
    "a category site.yaml does not define": ("item", sample_item(category="bateau")),
    "an item that does not exist": ("testimony", sample_testimony(items="[bateau]")),
    "a picture missing from content/images/": ("item", sample_item(image="{src: absent.jpg, alt: Rien}")),
    "a text without the default language": ("item", sample_item(name="{en: Tent}")),
    "a text in a language the site does not have": ("item", sample_item(name="{fr: Tente, de: Zelt}")),
    "a flag written True": ("testimony", sample_testimony(draft="True")),
    "a number with an underscore": ("item", sample_item(quantity="{needed: 1_000}")),
    "a number written in hexadecimal": ("item", sample_item(quantity="{needed: 0x10}")),
    "a whole number written with a decimal point": ("item", sample_item(quantity="{needed: 12.0}")),
    "a price without its leading zero": ("item", sample_item(price=".5")),
    "a language Babel cannot write dates in": ("site", sample_site(languages="[fr, en, zz]")),
    "a web address whose host cannot be parsed": ("item", sample_item(donate="https://[::1")),
}

# The editor flags these, `check` accepts them: YAML reads the unquoted value as a non-string, or the quoted one
# as a string, where the validator reads every scalar as written.
STRICTER = {
    "an author written as a number": ("testimony", sample_testimony(author="12")),
    "an author YAML 1.1 reads as a yes": ("testimony", sample_testimony(author="yes")),
    "Norwegian, which YAML 1.1 reads as a no": ("site", sample_site(languages="[fr, en, no]")),
    "a quantity in quotes": ("item", sample_item(quantity='{needed: "12"}')),
    "a category with a space before it": ("item", sample_item(category='" abri"')),
    "a web address with its scheme in capitals": ("item", sample_item(donate="HTTPS://dons.example.org/")),
}


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return an images folder holding the pictures the samples use."""
    folder = tmp_path_factory.mktemp("images")
    for name in PICTURES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"")
    return folder


def schema_errors(schema: str, text: str) -> list[str]:
    """Return the editor's complaints about a YAML text, read as VS Code reads it."""
    data = yaml.load(text, Loader=EditorLoader)
    return [error.message for error in Draft202012Validator(SCHEMAS[schema]).iter_errors(data)]


def validator_problems(record: Record, text: str, images: Path) -> list[str]:
    """Return the validator's problems with a YAML text, for a site in fr and en that knows the samples' slugs."""
    problems: list[Problem] = []
    reader = Reader("sample.yaml", problems, ("fr", "en"), KNOWN, images)
    record.read(parse_yaml(text, "sample.yaml"), reader, "")  # any problem fails the build, INVALID or not
    return [str(problem) for problem in problems]


def judge(kind: str, text: str, images: Path) -> tuple[list[str], list[str]]:
    """Return (the editor's complaints, the validator's problems) for one sample."""
    record, schema = KINDS[kind]
    return schema_errors(schema, text), validator_problems(record, text, images)


def front_matter(path: Path) -> str:
    """Return the YAML between the '---' lines of a Markdown file."""
    return path.read_text(encoding="utf-8").split("---\n", 2)[1]


def _properties(schema: dict) -> list[dict]:
    """Return the schemas of every record field in a schema, nested ones included."""
    found = []
    for value in schema.get("properties", {}).values():
        found.append(value)
        found.extend(_properties(value))
    if isinstance(schema.get("items"), dict):
        found.extend(_properties(schema["items"]))
    return found


# The files in schemas/


def test_committed_schemas_are_the_ones_the_rules_generate() -> None:
    committed = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "schemas").glob("*.schema.json")}
    assert committed == schema_files({"needs.schema.json": NEEDS_SCHEMA}), (
        "schemas/ is out of date: run `python scripts/write_schemas.py`"
    )


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_each_schema_is_valid_for_the_draft_2020_12_metaschema(name: str) -> None:
    Draft202012Validator.check_schema(SCHEMAS[name])


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_each_schema_names_itself_under_a_reserved_domain(name: str) -> None:
    schema = SCHEMAS[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://sitegen.invalid/schemas/{name}"
    assert schema["title"] and schema["description"]


def test_every_field_is_described_by_its_doc() -> None:
    properties = SCHEMAS["testimony.schema.json"]["properties"]
    assert properties["author"]["description"] == schemas.TESTIMONY.fields["author"].doc
    assert properties["consent"]["properties"]["date"]["description"] == "when the author agreed to publication"
    for name, schema in SCHEMAS.items():
        assert all(field.get("description") for field in _properties(schema)), name


def test_defaults_come_from_the_fields() -> None:
    item_fields = SCHEMAS["item.schema.json"]["properties"]
    assert item_fields["urgency"]["default"] == "normal"
    assert item_fields["buy"]["default"] == []
    assert item_fields["quantity"]["properties"]["received"]["default"] == 0
    assert SCHEMAS["testimony.schema.json"]["properties"]["draft"]["default"] is False
    assert "default" not in item_fields["price"]


def test_records_refuse_unknown_fields_and_list_required_ones() -> None:
    site_schema = SCHEMAS["site.schema.json"]
    assert site_schema["additionalProperties"] is False
    assert site_schema["required"] == ["title", "base_url", "languages", "organisation", "donate", "categories"]
    assert "required" not in SCHEMAS["testimony-translation.schema.json"]


def test_a_rule_without_an_editor_schema_is_refused_by_name() -> None:
    class Colour(Rule):
        """A rule editor_schemas.py does not know."""

    with pytest.raises(TypeError, match="no editor schema for Colour"):
        json_schema(Colour())


# Agreement with the validator


def test_corpus_is_large_enough_to_mean_something() -> None:
    assert len(VALID) >= 25 and len(INVALID_SAMPLES) >= 40
    assert {kind for kind, _ in VALID.values()} == {kind for kind, _ in INVALID_SAMPLES.values()} == set(KINDS)


@pytest.mark.parametrize(("kind", "text"), VALID.values(), ids=VALID.keys())
def test_schema_and_validator_both_accept_a_valid_file(kind: str, text: str, images: Path) -> None:
    assert judge(kind, text, images) == ([], [])


@pytest.mark.parametrize(("kind", "text"), INVALID_SAMPLES.values(), ids=INVALID_SAMPLES.keys())
def test_schema_and_validator_both_refuse_an_invalid_file(kind: str, text: str, images: Path) -> None:
    complaints, problems = judge(kind, text, images)
    assert complaints, "the editor schema accepts it"
    assert problems, "the validator accepts it"


@pytest.mark.parametrize(("kind", "text"), LOOSER.values(), ids=LOOSER.keys())
def test_schema_accepts_what_only_the_validator_can_refuse(kind: str, text: str, images: Path) -> None:
    complaints, problems = judge(kind, text, images)
    assert complaints == [], "the schema now refuses it: update the docstring of editor_schemas.py"
    assert problems


@pytest.mark.parametrize(("kind", "text"), STRICTER.values(), ids=STRICTER.keys())
def test_schema_flags_values_the_validator_reads_as_written(kind: str, text: str, images: Path) -> None:
    complaints, problems = judge(kind, text, images)
    assert complaints
    assert problems == [], "the validator now refuses it: update the docstring of editor_schemas.py"


def test_schema_accepts_every_file_of_the_example_site() -> None:
    files = {EXAMPLE / "site.yaml": "site.schema.json"}
    files |= {path: "item.schema.json" for path in (EXAMPLE / "items").glob("*.yaml")}
    for path in (EXAMPLE / "testimonies").glob("*.md"):
        files[path] = "testimony-translation.schema.json" if "." in path.stem else "testimony.schema.json"
    files |= {path: "page.schema.json" for path in (EXAMPLE / "pages").glob("*.md") if "." not in path.stem}
    for path, schema in files.items():
        text = path.read_text(encoding="utf-8") if path.suffix == ".yaml" else front_matter(path)
        assert schema_errors(schema, text) == [], path


# The editor's settings


def test_vscode_settings_point_the_yaml_extension_at_the_schemas() -> None:
    lines = (ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8").splitlines()
    settings = json.loads("\n".join(line for line in lines if not line.strip().startswith("//")))
    mapped = settings["yaml.schemas"]
    assert mapped == {
        "./schemas/site.schema.json": "content/site.yaml",
        "./schemas/item.schema.json": "content/items/*.yaml",
    }
    for schema, files in mapped.items():
        assert (ROOT / schema).is_file()
        assert list(ROOT.glob(files))
