"""content/rules.py: each field rule read through a Reader from small nodes made by parse_yaml."""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sitegen import model
from sitegen.content import schemas
from sitegen.content.addresses import ImagePath, Url
from sitegen.content.documents import MappingNode, parse_yaml
from sitegen.content.records import ListOf, MapOf, Record, optional, record, required
from sitegen.content.rules import (
    INVALID,
    Choice,
    Date,
    Flag,
    Integer,
    Language,
    Localized,
    Number,
    Reader,
    Ref,
    Rule,
    Text,
    slugify,
)
from sitegen.model import STATUSES, URGENCIES, PartialDate

PATH = "content/items/tente.yaml"
DATE_HINT = "(or just the year, or year and month)"
URL_HINT = "copy the full address from the browser's address bar"
LANGUAGE_RULE = "a code is 2 or 3 lowercase letters from ISO 639 (fa, prs, ckb), or with a region (fa-AF)"


def read(rule: Rule, text: str, **reader: Any) -> tuple[Any, list[str]]:
    """Read the only field of a YAML snippet with rule; return (value, printed problems)."""
    node = parse_yaml(textwrap.dedent(text).lstrip("\n"), PATH)
    assert isinstance(node, MappingNode) and len(node.entries) == 1
    ((name, entry),) = node.entries.items()
    problems: list = []
    value = rule.read(entry.value, Reader(PATH, problems, **{"languages": ("fr", "en"), **reader}), name)
    return value, [str(problem) for problem in problems]


def accepted(rule: Rule, text: str, **reader: Any) -> Any:
    """Return the value rule reads from a snippet, asserting no problem was recorded."""
    value, problems = read(rule, text, **reader)
    assert problems == []
    assert value is not INVALID
    return value


def refused(rule: Rule, text: str, **reader: Any) -> list[str]:
    """Return the problems rule records for a snippet, asserting it returned INVALID."""
    value, problems = read(rule, text, **reader)
    assert value is INVALID
    assert problems
    return problems


def fr(text: str, en: str | None = None) -> model.Localized:
    """Return a model Localized in fr (and en)."""
    return model.Localized((("fr", text),) + ((("en", en),) if en is not None else ()))


# Text


def test_text_is_stripped() -> None:
    assert accepted(Text(), 'author: "  Samir  "') == "Samir"


@pytest.mark.parametrize("snippet", ["author:", "author: ~", 'author: ""', 'author: "   "'])
def test_text_refuses_empty_and_null_values_saying_they_are_empty(snippet: str) -> None:
    assert refused(Text(), snippet) == [
        f"{PATH}:1: 'author' is empty, but it must be text — write its value after 'author:'"
    ]


def test_text_refuses_a_list_saying_it_is_one() -> None:
    assert refused(Text(), "author: [Samir]") == [
        f"{PATH}:1: 'author' is a list, but it must be text — write one value after 'author:', without '-' or [ ]"
    ]


@pytest.mark.parametrize(
    ("snippet", "text"),
    [
        ("author: NO", "NO"),
        ("author: yes", "yes"),
        ("place: 10:30", "10:30"),
        ("quote: 1.10", "1.10"),
        ("author: 0x1F", "0x1F"),
        ("author: 2020-12-03", "2020-12-03"),
        ("author: .inf", ".inf"),
    ],
)
def test_yaml_1_1_surprises_stay_strings_where_text_is_expected(snippet: str, text: str) -> None:
    assert accepted(Text(), snippet) == text


def test_yaml_1_1_surprises_stay_strings_in_a_testimony() -> None:
    node = parse_yaml(
        textwrap.dedent("""\
        author: NO
        items: [tente]
        date: 2020
        place: 10:30
        quote: 1.10
        consent: {date: 2021}
    """),
        PATH,
    )
    problems: list = []
    fields = schemas.TESTIMONY.read(node, Reader(PATH, problems, ("fr", "en"), {"items": {"tente"}}), "")
    assert problems == []
    assert (fields["author"], fields["place"], fields["quote"]) == (fr("NO", "NO"), fr("10:30", "10:30"), "1.10")


# Localized


def test_localized_plain_string_is_in_the_default_language() -> None:
    assert accepted(Localized(), "name: Tente") == fr("Tente")


def test_localized_mapping_is_ordered_like_the_site_languages() -> None:
    assert accepted(Localized(), "name: {en: Tent, fr: Tente}") == fr("Tente", "Tent")


def test_localized_mapping_may_leave_out_other_languages() -> None:
    assert accepted(Localized(), "name: {fr: Tente}") == fr("Tente")


def test_localized_asks_for_a_language_as_site_yaml_writes_it() -> None:
    value, problems = read(Localized(), "name: {fr: Tente, eng: Tent}")
    assert problems == [
        f"{PATH}:1: 'name' has text in 'eng', which is not how site.yaml writes this language"
        " — write it 'en', as site.yaml's languages do"
    ]
    assert value == fr("Tente")  # the rest is kept so that reading goes on; the problem fails the load


def test_localized_refuses_a_language_not_in_site_yaml_saying_how_to_add_or_prepare_it() -> None:
    _, problems = read(Localized(), "name:\n  fr: Tente\n  de: Zelt\n")
    assert problems == [
        f"{PATH}:3: 'name' has text in 'de' (German), which is not a site language — add 'de' to site.yaml's"
        " languages, or to draft_languages to prepare it before it is published"
    ]


def test_localized_accepts_a_language_in_preparation() -> None:
    value, problems = read(Localized(), "name: {fr: Tente, fa: چادر}", languages=("fr", "en", "fa"))
    assert problems == [] and value.get("fa") == "چادر"


def test_localized_names_a_key_that_is_no_language_code_as_a_quoting_slip() -> None:
    _, problems = read(Localized(), "name: {fr: Tente, 10 000 mAh: x}")
    assert problems == [
        f"{PATH}:1: 'name' has an entry '10 000 mAh', which is not a language code — a text is a string, or one"
        " line per language (fr: ..., en: ...); quote a text holding ':' or ','"
    ]


def test_localized_refuses_a_mapping_without_the_default_language() -> None:
    assert refused(Localized(), "name:\n  en: Tent\n") == [
        f"{PATH}:2: 'name' has no text in the default language 'fr' — add 'fr: ...' to it"
    ]


def test_localized_refuses_an_empty_text_in_one_language() -> None:
    assert refused(Localized(), 'name: {fr: Tente, en: ""}') == [
        f"{PATH}:1: 'name.en' is empty, but it must be text — write its value after 'en:'"
    ]


def test_localized_refuses_a_list() -> None:
    assert refused(Localized(), "name: [Tente]") == [
        f"{PATH}:1: 'name' is a list, but it must be text, or a mapping of language to text"
        " — write one value after 'name:', without '-' or [ ]"
    ]


# Choice


URGENCY = Choice(URGENCIES)


def test_choice_accepts_one_of_its_words() -> None:
    assert accepted(URGENCY, "urgency: high") == "high"


def test_choice_suggests_the_closest_word() -> None:
    assert refused(URGENCY, "urgency: urgnet") == [
        f"{PATH}:1: 'urgency' is 'urgnet', which is not one of urgent, high, normal, low — did you mean 'urgent'?"
    ]


def test_choice_lists_the_words_when_nothing_is_close() -> None:
    assert refused(Choice(STATUSES), "status: plenty") == [
        f"{PATH}:1: 'status' is 'plenty', which is not one of needed, enough, paused"
        " — use one of needed, enough, paused"
    ]


def test_choice_is_case_sensitive_and_says_to_write_in_lowercase() -> None:
    assert refused(URGENCY, "urgency: Urgent") == [
        f"{PATH}:1: 'urgency' is 'Urgent', which is not one of urgent, high, normal, low"
        " — write it in lowercase: urgency: urgent"
    ]


# Ref


ITEM_REF = Ref("items", "content/items/")
KNOWN = {"items": {"tente", "savon"}}


def test_ref_accepts_a_known_slug() -> None:
    assert accepted(ITEM_REF, "item: tente", known=KNOWN) == "tente"


def test_ref_suggests_the_closest_slug() -> None:
    assert refused(ITEM_REF, "item: tentes", known=KNOWN) == [
        f"{PATH}:1: 'item' refers to 'tentes', which does not exist in content/items/ — did you mean 'tente'?"
    ]


def test_ref_lists_known_slugs_sorted_when_nothing_is_close() -> None:
    assert refused(ITEM_REF, "item: couverture", known=KNOWN) == [
        f"{PATH}:1: 'item' refers to 'couverture', which does not exist in content/items/"
        " — use one of savon, tente, or add it to content/items/"
    ]


# Integer and Number


@pytest.mark.parametrize(("snippet", "number"), [("menu: 0", 0), ("menu: 12", 12), ('menu: "7"', 7), ("menu: 007", 7)])
def test_integer_accepts_whole_numbers(snippet: str, number: int) -> None:
    assert accepted(Integer(), snippet) == number


@pytest.mark.parametrize("written", ["-1", "1.5", "0x10", "1_000", "1e3", "twelve"])
def test_integer_refuses_anything_else(written: str) -> None:
    assert refused(Integer(), f"menu: {written}") == [
        f"{PATH}:1: 'menu' is '{written}', which is not a whole number, 0 or more — write menu: 12"
    ]


def test_integer_refuses_a_missing_value() -> None:
    assert refused(Integer(), "menu:") == [
        f"{PATH}:1: 'menu' is empty, but it must be a whole number, 0 or more — write its value: menu: 12"
    ]


def test_integer_with_thousands_of_digits_is_a_problem_not_a_crash() -> None:
    assert refused(Integer(), "menu: " + "9" * 5000)


@pytest.mark.parametrize(("written", "number"), [("39.90", "39.90"), ("40", "40"), ('"0.5"', "0.5")])
def test_number_keeps_the_decimal_as_written(written: str, number: str) -> None:
    value = accepted(Number(), f"price: {written}")
    assert value == Decimal(number) and str(value) == number


def test_number_with_a_comma_hints_at_the_dot() -> None:
    assert refused(Number(), "price: 39,90") == [
        f"{PATH}:1: 'price' is '39,90', which is not a number such as 39.90"
        " — write price: 39.90 (a dot for decimals, not a comma)"
    ]


@pytest.mark.parametrize(("written", "meant"), [("39.90 EUR", "39.90"), ("€40", "40"), ("12,50 €", "12.50")])
def test_number_with_a_currency_says_to_write_the_number_alone(written: str, meant: str) -> None:
    (problem,) = refused(Number(), f'price: "{written}"')
    assert problem.startswith(f"{PATH}:1: 'price' is '{written}', which is not a number such as 39.90")
    assert f" — write price: {meant} (the number alone: the currency is site.yaml's" in problem


@pytest.mark.parametrize("written", [".5", "1e3", "-2"])
def test_number_refuses_signs_units_and_exponents(written: str) -> None:
    assert refused(Number(), f'price: "{written}"') == [
        f"{PATH}:1: 'price' is '{written}', which is not a number such as 39.90 — write price: 39.90"
    ]


# Date


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("2020", PartialDate(2020)),
        ("2020-12", PartialDate(2020, 12)),
        ("2020-12-03", PartialDate(2020, 12, 3)),
        ("2024-02-29", PartialDate(2024, 2, 29)),
        ('"2020-12"', PartialDate(2020, 12)),
    ],
)
def test_date_accepts_year_month_or_day(written: str, date: PartialDate) -> None:
    assert accepted(Date(), f"date: {written}") == date


@pytest.mark.parametrize(
    "written",
    [
        "0000",
        "0000-00-00",
        "0000-01-01",
        "20",
        "31/02/2020",
        "le 3 décembre",
    ],
)
def test_date_refuses_what_is_not_a_calendar_date(written: str) -> None:
    assert refused(Date(), f"date: {written}") == [
        f"{PATH}:1: 'date' is '{written}', which is not a date written YYYY, YYYY-MM or YYYY-MM-DD"
        f" — write date: 2020-12-03 {DATE_HINT}"
    ]


@pytest.mark.parametrize("written", ["2020-00-05", "2020-12-00", "2020-00"])
def test_date_refuses_a_zero_month_or_day(written: str) -> None:
    assert refused(Date(), f"date: {written}")


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("2020-13", "write the month second, from 01 to 12 (YYYY-MM-DD): there is no month 13"),
        ("2020-00-05", "write the month second, from 01 to 12 (YYYY-MM-DD): there is no month 0"),
        ("2020-02-30", "check the day: February 2020 has 29 days"),
        ("2023-02-29", "check the day: February 2023 has 28 days"),
        ("2020-12-00", "for a day not known, write the year and month alone: date: 2020-12 (there is no day 0)"),
        ("2020-1-5", "write date: 2020-01-05 (two digits for the month and the day, with dashes)"),
        ("2020/12/03", "write date: 2020-12-03 (two digits for the month and the day, with dashes)"),
        ("12-2020", "write the year first: date: 2020-12"),
        ("2020-12-03T10:00", "write the day alone, without the time: date: 2020-12-03"),
        ("2020-12-03 10:00", "write the day alone, without the time: date: 2020-12-03"),
        ("25/12/2020", "write dates year first, YYYY-MM-DD: date: 2020-12-25"),
        ("12/25/2020", "write dates year first, YYYY-MM-DD: date: 2020-12-25"),
        (
            "03/12/2020",
            "write dates year first, YYYY-MM-DD: date: 2020-12-03 if 3 is the day, 2020-03-12 if it is the month",
        ),
    ],
)
def test_date_names_the_slip_and_never_guesses_day_and_month(written: str, hint: str) -> None:
    assert refused(Date(), f"date: {written}") == [
        f"{PATH}:1: 'date' is '{written}', which is not a date written YYYY, YYYY-MM or YYYY-MM-DD — {hint}"
    ]


def test_date_line_is_the_value_line() -> None:
    assert refused(Date(), "date:\n  2020\n  12\n") == [
        f"{PATH}:2: 'date' is '2020 12', which is not a date written YYYY, YYYY-MM or YYYY-MM-DD"
        f" — write date: 2020-12-03 {DATE_HINT}"
    ]


# Url


@pytest.mark.parametrize("url", ["https://shop.example.com/tent?id=3#x", "http://example.org", "HTTPS://EXAMPLE.ORG/"])
def test_url_accepts_http_and_https(url: str) -> None:
    assert accepted(Url(), f'url: "{url}"') == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<b>hi</b>",
        "ftp://example.org/file",
        "/relative/page",
        "https://",
        "https://exa mple.org/",
        "https://example.org/a b",
        "https://example.org/\ttab",
        "https://[::1",
        "mailto:a@example.org",
    ],
)
def test_url_refuses_other_schemes_relative_addresses_and_spaces(url: str) -> None:
    assert refused(Url(), f"url: {json.dumps(url)}") == [
        f"{PATH}:1: 'url' is '{url}', which is not a web address starting with https:// or http:// — {URL_HINT}"
    ]


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("example.org", "write the whole address, with https:// in front: url: https://example.org"),
        (
            "www.example.org/tente",
            "write the whole address, with https:// in front: url: https://www.example.org/tente",
        ),
        ("//example.org/", "write the whole address, with https:// in front: url: https://example.org/"),
        ("https//example.org/", "write the whole address, with https:// in front: url: https://example.org/"),
        ("<https://example.org/>", "remove the < >: url: https://example.org/"),
        ("“https://example.org/”", "remove the typographic quotes “”: url: https://example.org/"),
    ],
)
def test_url_says_what_is_missing_or_in_the_way(url: str, hint: str) -> None:
    assert refused(Url(), f"url: {json.dumps(url)}") == [
        f"{PATH}:1: 'url' is '{url}', which is not a web address starting with https:// or http:// — {hint}"
    ]


# Flag


@pytest.mark.parametrize(("written", "flag"), [("true", True), ("false", False)])
def test_flag_accepts_true_and_false(written: str, flag: bool) -> None:
    assert accepted(Flag(), f"draft: {written}") is flag


@pytest.mark.parametrize(
    ("written", "shown", "hint"),
    [
        ("yes", "yes", "write draft: true (only true or false are read here, not 'yes')"),
        ("no", "no", "write draft: false (only true or false are read here, not 'no')"),
        ("on", "on", "write draft: true (only true or false are read here, not 'on')"),
        ("off", "off", "write draft: false (only true or false are read here, not 'off')"),
        ("1", "1", "write draft: true (only true or false are read here, not '1')"),
        ('"true"', "true", "write draft: true, without quotes"),
        ("True", "True", "write draft: true, in lowercase"),
        ("maybe", "maybe", "write draft: true"),
    ],
)
def test_flag_refuses_yaml_1_1_booleans_and_quoted_true(written: str, shown: str, hint: str) -> None:
    assert refused(Flag(), f"draft: {written}") == [
        f"{PATH}:1: 'draft' is '{shown}', which is not true or false — {hint}"
    ]


# Language


@pytest.mark.parametrize("code", ["fr", "ar", "ckb", "prs", "ti", "ps", "fa-AF", "sr-Latn"])
def test_language_accepts_codes_cldr_knows(code: str) -> None:
    assert accepted(Language(localised=True), f"lang: {code}") == code


@pytest.mark.parametrize(
    ("code", "meant"),
    [
        ("FR", "did you mean 'fr' (French)? "),
        ("fr_FR", "did you mean 'fr-FR' (French)? "),
        ("Farsi", "did you mean 'fa' (Persian)? "),
        ("dari", "did you mean 'prs' (Dari)? "),
        ("sorani", "did you mean 'ckb' (Central Kurdish)? "),
        ("fran", "did you mean 'fr' (French)? "),
        ("f", ""),
        ("f1", ""),
        ("xx", ""),
    ],
)
def test_language_refuses_unknown_codes_with_a_suggestion_and_the_rule(code: str, meant: str) -> None:
    assert refused(Language(), f"lang: {code}") == [
        f"{PATH}:1: 'lang' is '{code}', which is not a language code — {meant}{LANGUAGE_RULE}"
    ]


def test_a_site_language_needs_the_dates_and_numbers_cldr_has() -> None:
    assert refused(Language(localised=True), "lang: dar") == [
        f"{PATH}:1: 'lang' is 'dar' (Dargwa), a language whose dates and numbers CLDR does not have, so pages "
        "cannot be shown in it — testimonies can still be written in it (lang:); choose a related language for "
        "the site's pages"
    ]
    assert accepted(Language(), "lang: dar") == "dar"  # a testimony may be written in it


# ListOf


def test_list_of_reads_every_entry() -> None:
    assert accepted(ListOf(Language(), minimum=1), "languages: [fr, en]") == ("fr", "en")


def test_list_of_refuses_fewer_entries_than_its_minimum() -> None:
    assert refused(ListOf(Language(), minimum=1), "languages: []") == [
        f"{PATH}:1: 'languages' needs at least 1 entry — add one"
    ]
    assert refused(ListOf(Text(), minimum=2), "names: [a]") == [
        f"{PATH}:1: 'names' needs at least 2 entries — add them"
    ]


def test_list_of_refuses_a_single_value() -> None:
    assert refused(ListOf(Language()), "languages: fr") == [
        f"{PATH}:1: 'languages' must be a list of a language code such as fr, en or ar"
        " — write languages: [first, second]"
    ]


def test_list_of_numbers_entries_from_one_at_their_lines() -> None:
    assert refused(ListOf(Language()), "languages:\n  - fr\n  - EN\n") == [
        f"{PATH}:3: 'languages[2]' is 'EN', which is not a language code — did you mean 'en' (English)? {LANGUAGE_RULE}"
    ]


def test_list_of_refs_says_what_the_list_holds() -> None:
    problems = refused(ListOf(ITEM_REF, minimum=1), "items: tente", known=KNOWN)
    assert "a list of a value" not in problems[0]


# MapOf


def test_map_of_keeps_source_order() -> None:
    value = accepted(MapOf(Localized()), "categories:\n  shelter: Abri\n  hygiene: {fr: Hygiène, en: Hygiene}\n")
    assert value == (("shelter", fr("Abri")), ("hygiene", fr("Hygiène", "Hygiene")))


def test_map_of_refuses_keys_that_are_not_slugs_suggesting_one() -> None:
    _, problems = read(MapOf(Localized()), "categories:\n  shelter: Abri\n  Hygiène Corps: Hygiène\n  food_x: F\n")
    assert problems == [
        f"{PATH}:3: 'Hygiène Corps' in 'categories' is not a valid slug"
        " — use lowercase letters, digits and hyphens, such as 'hygiene-corps'",
        f"{PATH}:4: 'food_x' in 'categories' is not a valid slug"
        " — use lowercase letters, digits and hyphens, such as 'food-x'",
    ]


def test_map_of_refuses_a_list() -> None:
    assert refused(MapOf(Localized()), "categories: [shelter]") == [
        f"{PATH}:1: 'categories' must be a mapping of slug to value — write categories: then 'slug: value' lines"
    ]


@pytest.mark.parametrize(
    ("text", "slug"), [("Sac de Couchage!", "sac-de-couchage"), ("Hygiène", "hygiene"), ("!!", "untitled")]
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


# Record


def small_record() -> Record:
    """Return a record with a required, a defaulted and an optional field."""
    return record(
        needed=required(Integer(), "how many are needed"),
        received=optional(Integer(), "how many have arrived", default=0),
        note=optional(Text(), "a note"),
    )


def test_record_fills_in_defaults() -> None:
    assert accepted(small_record(), "quantity:\n  needed: 120\n") == {"needed": 120, "received": 0, "note": None}


def test_record_refuses_an_unknown_key_with_did_you_mean() -> None:
    assert refused(small_record(), "quantity:\n  needed: 120\n  recieved: 4\n") == [
        f"{PATH}:3: unknown field 'quantity.recieved' — did you mean 'received'?"
    ]


def test_record_lists_the_known_fields_when_nothing_is_close() -> None:
    assert refused(small_record(), "quantity:\n  needed: 120\n  colour: red\n") == [
        f"{PATH}:3: unknown field 'quantity.colour' — known fields: needed, received, note"
    ]


def test_record_refuses_a_missing_required_field_at_the_mapping_line() -> None:
    assert refused(small_record(), "quantity: {received: 4}") == [
        f"{PATH}:1: the required field 'quantity.needed' is missing — add 'quantity.needed:' (how many are needed)"
    ]


def test_record_reports_every_problem_of_its_fields() -> None:
    assert refused(small_record(), "quantity:\n  received: -4\n  notes: x\n") == [
        f"{PATH}:2: 'quantity.received' is '-4', which is not a whole number, 0 or more — write quantity.received: 12",
        f"{PATH}:3: unknown field 'quantity.notes' — did you mean 'note'?",
        f"{PATH}:2: the required field 'quantity.needed' is missing — add 'quantity.needed:' (how many are needed)",
    ]


def test_record_refuses_a_scalar() -> None:
    assert refused(small_record(), "quantity: 120") == [
        f"{PATH}:1: 'quantity' must be a mapping of fields — write one 'field: value' per line (needed, received, note)"
    ]


def test_item_schema_defaults() -> None:
    node = parse_yaml("name: Savon\ncategory: hygiene\n", PATH)
    problems: list = []
    fields = schemas.ITEM.read(node, Reader(PATH, problems, ("fr", "en"), {"categories": {"hygiene"}}), "")
    assert problems == []
    assert fields == {
        "name": fr("Savon"),
        "category": "hygiene",
        "urgency": "normal",
        "status": "needed",
        "order": None,
        "updated": None,
        "quantity": None,
        "price": None,
        "unit": None,
        "summary": None,
        "description": None,
        "image": None,
        "buy": (),
        "donate": None,
        "sizes": None,
        "needed_from": None,
        "needed_until": None,
        "season": None,
        "ways": None,
        "time": None,
    }


# ImagePath


@pytest.fixture
def images(tmp_path: Path) -> Path:
    """Return content/images/ holding tent.jpg, a link to it, and a link to a file outside."""
    content = tmp_path / "content"
    (content / "images" / "sub").mkdir(parents=True)
    (content / "images" / "tent.jpg").write_bytes(b"jpeg")
    (content / "images" / "sub" / "soap.jpg").write_bytes(b"jpeg")
    (tmp_path / "secret.jpg").write_bytes(b"secret")
    (content / "images" / "escape.jpg").symlink_to(tmp_path / "secret.jpg")
    (content / "images" / "alias.jpg").symlink_to("tent.jpg")
    return content / "images"


def test_image_path_returns_src_and_resolved_file(images: Path) -> None:
    assert accepted(ImagePath(), "src: tent.jpg", images=images) == ("tent.jpg", images.resolve() / "tent.jpg")


def test_image_path_accepts_a_subfolder(images: Path) -> None:
    assert accepted(ImagePath(), "src: sub/soap.jpg", images=images) == (
        "sub/soap.jpg",
        images.resolve() / "sub/soap.jpg",
    )


def test_image_path_accepts_a_link_that_stays_inside_images(images: Path) -> None:
    assert accepted(ImagePath(), "src: alias.jpg", images=images) == ("alias.jpg", images.resolve() / "tent.jpg")


def test_image_path_refuses_a_missing_file(images: Path) -> None:
    assert refused(ImagePath(), "src: Tent.jpg", images=images) == [
        f"{PATH}:1: 'src': there is no picture 'Tent.jpg' in content/images/"
        " — add the file, or correct the name (letter case counts)"
    ]


def test_image_path_refuses_a_folder(images: Path) -> None:
    assert refused(ImagePath(), "src: sub", images=images) == [
        f"{PATH}:1: 'src': there is no picture 'sub' in content/images/"
        " — add the file, or correct the name (letter case counts)"
    ]


@pytest.mark.parametrize("src", ["../x.jpg", "sub/../../x.jpg", "/etc/passwd", "sub\\soap.jpg"])
def test_image_path_refuses_paths_that_point_outside(images: Path, src: str) -> None:
    assert refused(ImagePath(), f"src: '{src}'", images=images) == [
        f"{PATH}:1: 'src' is '{src}', which points outside content/images/"
        " — write the file name relative to content/images/, such as tent.jpg"
    ]


def test_image_path_refuses_a_link_that_leads_outside(images: Path) -> None:
    assert refused(ImagePath(), "src: escape.jpg", images=images) == [
        f"{PATH}:1: 'src' is 'escape.jpg', which leads outside content/images/"
        " — put the picture itself in content/images/ (not a link to elsewhere)"
    ]


def test_image_path_with_an_overlong_name_is_a_problem_not_a_crash(images: Path) -> None:
    assert refused(ImagePath(), "src: " + "a" * 300 + ".jpg", images=images)


def test_image_record_requires_alt(images: Path) -> None:
    assert refused(schemas.IMAGE, "image: {src: tent.jpg}", images=images) == [
        f"{PATH}:1: the required field 'image.alt' is missing"
        " — add 'image.alt:' (what the picture shows, for people who cannot see it)"
    ]
