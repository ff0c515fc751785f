"""content/load.py: whole tiny sites through load_site, every problem reported at once, and the Site's joins."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import SAMIR_MD, SITE_YAML, TENT_YAML, minimal_files
from sitegen.content.load import load_site
from sitegen.errors import ContentError
from sitegen.model import Contact, Editing, Localized, PartialDate, Quantity, Shop, Site, Unwanted

MakeSite = Callable[..., Path]

DATE_HINT = "(or just the year, or year and month)"
URL_HINT = "copy the full address from the browser's address bar"
TOP_LEVEL_HINT = "content/ holds site.yaml and items, testimonies, pages, images, i18n, theme/; move it elsewhere"


def problems(content: Path, **options: Any) -> list[str]:
    """Return the printed problems that load_site raises for content."""
    with pytest.raises(ContentError) as caught:
        load_site(content, **options)
    return [str(problem) for problem in caught.value.problems]


def front_matter_file(*lines: str, body: str = "Le texte du témoignage.") -> str:
    """Return a Markdown file: the given front matter lines, then a body."""
    return "---\n" + "".join(f"{line}\n" for line in lines) + f"---\n{body}\n"


def valid_testimony(author: str = "Ali", items: str = "[tente]", date: str = "2021", *extra: str) -> str:
    """Return a valid testimony file, with extra front matter lines."""
    return front_matter_file(
        f"author: {author}", f"items: {items}", f"date: {date}", "consent: {date: 2021-01-15}", *extra
    )


def item(name: str, category: str, *extra: str) -> str:
    """Return an item file with a name, a category and extra lines."""
    return "".join(f"{line}\n" for line in (f"name: {name}", f"category: {category}", *extra))


def slugs(values: tuple[Any, ...]) -> list[str]:
    """Return the slugs of items, testimonies or pages."""
    return [value.slug for value in values]


# The baseline


def test_loads_the_minimal_site(make_site: MakeSite) -> None:
    site = load_site(make_site())
    assert slugs(site.items) == ["tente"]
    assert slugs(site.testimonies) == ["samir"]
    assert slugs(site.pages) == ["about"]
    assert site.config.languages == ("fr", "en")
    assert (site.config.base_url, site.config.currency) == ("https://aide.example.org/", "EUR")
    assert site.testimonies[0].date == PartialDate(2020, 12)


# Required fields


def test_rejects_site_yaml_without_its_required_fields(make_site: MakeSite) -> None:
    content = make_site({"site.yaml": "languages: [fr, en]\n"})
    assert problems(content) == [
        "content/site.yaml:1: the required field 'base_url' is missing"
        " — add 'base_url:' (the address where the site is published, such as https://aide.example.org/)",
        "content/site.yaml:1: the required field 'categories' is missing"
        " — add 'categories:' (the categories of items, in order: 'slug: label' lines)",
        "content/site.yaml:1: the required field 'donate' is missing — add 'donate:' (giving money instead of items)",
        "content/site.yaml:1: the required field 'organisation' is missing"
        " — add 'organisation:' (who the association is and where items go)",
        "content/site.yaml:1: the required field 'title' is missing — add 'title:' (the site's name)",
    ]


def test_rejects_site_yaml_without_organisation_and_donate_details(make_site: MakeSite) -> None:
    site_yaml = SITE_YAML.replace(
        "  shipping_address: |\n    Association Test\n    1 rue de l'Exemple, 62100 Ville\n", ""
    )
    site_yaml = site_yaml.replace("  url: https://dons.example.org/\n", "")
    assert problems(make_site({"site.yaml": site_yaml})) == [
        "content/site.yaml:7: the required field 'organisation.shipping_address' is missing"
        " — add 'organisation.shipping_address:' (where shops must deliver bought items)",
        "content/site.yaml:11: the required field 'donate.url' is missing"
        " — add 'donate.url:' (the page where people give money)",
    ]


@pytest.mark.parametrize(
    "site_yaml",
    [SITE_YAML.replace("languages: [fr, en]\n", ""), "", "- fr\n- en\n"],
    ids=["no-languages", "empty", "list"],
)
def test_rejects_site_yaml_without_languages_saying_why(make_site: MakeSite, site_yaml: str) -> None:
    found = problems(make_site({"site.yaml": site_yaml}))
    assert found and all(problem.startswith("content/site.yaml") for problem in found)


def test_rejects_an_item_without_its_required_fields(make_site: MakeSite) -> None:
    assert problems(make_site({"items/tente.yaml": "urgency: high\n"})) == [
        "content/items/tente.yaml:1: the required field 'category' is missing"
        " — add 'category:' (a category slug from site.yaml)",
        "content/items/tente.yaml:1: the required field 'name' is missing — add 'name:' (the item's name)",
    ]


def test_rejects_a_testimony_without_its_required_fields(make_site: MakeSite) -> None:
    assert problems(make_site({"testimonies/samir.md": front_matter_file("place: Calais")})) == [
        "content/testimonies/samir.md:2: the required field 'author' is missing"
        " — add 'author:' (a first name or pseudonym, never a full name)",
        "content/testimonies/samir.md:2: the required field 'consent' is missing"
        " — add 'consent:' (the author's consent to publication: consent: {date: YYYY-MM-DD})",
        "content/testimonies/samir.md:2: the required field 'date' is missing"
        " — add 'date:' (when it happened: YYYY, YYYY-MM or YYYY-MM-DD)",
        "content/testimonies/samir.md:2: the required field 'items' is missing"
        " — add 'items:' (the slugs of the items it speaks of)",
    ]


def test_rejects_testimony_without_consent(make_site: MakeSite) -> None:
    text = SAMIR_MD.replace("consent: {date: 2021-01-15}\n", "")
    assert problems(make_site({"testimonies/samir.md": text})) == [
        "content/testimonies/samir.md:2: the required field 'consent' is missing"
        " — add 'consent:' (the author's consent to publication: consent: {date: YYYY-MM-DD})",
    ]


def test_rejects_consent_without_a_date(make_site: MakeSite) -> None:
    text = SAMIR_MD.replace("consent: {date: 2021-01-15}", "consent: {review: 2025}")
    assert problems(make_site({"testimonies/samir.md": text})) == [
        "content/testimonies/samir.md:6: the required field 'consent.date' is missing"
        " — add 'consent.date:' (when the author agreed to publication)",
    ]


def test_rejects_a_page_without_a_title(make_site: MakeSite) -> None:
    assert problems(make_site({"pages/about.md": "---\nmenu: 1\n---\nTexte.\n"})) == [
        "content/pages/about.md:2: the required field 'title' is missing — add 'title:' (the page title)",
    ]


def test_rejects_a_testimony_and_a_page_with_an_empty_body(make_site: MakeSite) -> None:
    content = make_site(
        {
            "testimonies/samir.md": SAMIR_MD.replace("La tente m'a gardé au sec tout l'hiver.\n", "\n  \n"),
            "pages/about.md": "---\ntitle: À propos\n---\n",
        }
    )
    assert problems(content) == [
        "content/pages/about.md:4: the text after the front matter is empty — write the text below the closing '---'",
        "content/testimonies/samir.md:9: the text after the front matter is empty"
        " — write the text below the closing '---'",
    ]


# Unknown keys


def test_rejects_unknown_keys_in_site_yaml_with_did_you_mean(make_site: MakeSite) -> None:
    site_yaml = SITE_YAML.replace("currency: EUR", "curency: EUR").replace(
        "  url: https://association", "  ulr: https://association"
    )
    assert problems(make_site({"site.yaml": site_yaml})) == [
        "content/site.yaml:5: unknown field 'curency' — did you mean 'currency'?",
        "content/site.yaml:8: unknown field 'organisation.ulr' — did you mean 'url'?",
    ]


def test_rejects_unknown_keys_in_an_item_with_did_you_mean(make_site: MakeSite) -> None:
    content = make_site({"items/tente.yaml": TENT_YAML.replace("summary:", "sumary:") + "colour: green\n"})
    assert problems(content) == [
        "content/items/tente.yaml:8: unknown field 'sumary' — did you mean 'summary'?",
        "content/items/tente.yaml:13: unknown field 'colour' — known fields: name, category, urgency, status, order,"
        " updated, quantity, price, unit, summary, description, image, buy, donate, sizes, needed_from,"
        " needed_until, season, ways, time",
    ]


def test_rejects_unknown_keys_in_a_testimony_with_did_you_mean(make_site: MakeSite) -> None:
    content = make_site({"testimonies/samir.md": SAMIR_MD.replace("author:", "autor:")})
    assert problems(content) == [
        "content/testimonies/samir.md:2: the required field 'author' is missing"
        " — add 'author:' (a first name or pseudonym, never a full name)",
        "content/testimonies/samir.md:2: unknown field 'autor' — did you mean 'author'?",
    ]


def test_rejects_unknown_keys_in_a_translation_with_did_you_mean(make_site: MakeSite) -> None:
    content = make_site(
        {"testimonies/samir.en.md": front_matter_file("qoute: It kept me dry.", body="The tent kept me dry.")}
    )
    assert problems(content) == ["content/testimonies/samir.en.md:2: unknown field 'qoute' — did you mean 'quote'?"]


def test_rejects_unknown_keys_in_pages_and_their_translations_with_did_you_mean(make_site: MakeSite) -> None:
    content = make_site(
        {
            "pages/about.md": "---\ntitle: À propos\nmenus: 1\n---\nTexte.\n",
            "pages/about.en.md": "---\ntitel: About\n---\nText.\n",
        }
    )
    assert problems(content) == [
        "content/pages/about.en.md:2: the required field 'title' is missing"
        " — add 'title:' (the page title, translated)",
        "content/pages/about.en.md:2: unknown field 'titel' — did you mean 'title'?",
        "content/pages/about.md:3: unknown field 'menus' — did you mean 'menu'?",
    ]


# References


def test_rejects_an_item_category_that_does_not_exist(make_site: MakeSite) -> None:
    content = make_site({"items/tente.yaml": TENT_YAML.replace("category: shelter", "category: shelters")})
    assert problems(content) == [
        "content/items/tente.yaml:2: 'category' refers to 'shelters', which does not exist in site.yaml categories"
        " — did you mean 'shelter'?",
    ]


def test_rejects_testimony_items_that_do_not_exist(make_site: MakeSite) -> None:
    content = make_site({"testimonies/samir.md": SAMIR_MD.replace("items: [tente]", "items: [tentes, couverture]")})
    assert problems(content) == [
        "content/testimonies/samir.md:3: 'items[1]' refers to 'tentes', which does not exist in content/items/"
        " — did you mean 'tente'?",
        "content/testimonies/samir.md:3: 'items[2]' refers to 'couverture', which does not exist in content/items/"
        " — use one of tente, or add it to content/items/",
    ]


def test_rejects_a_testimony_with_no_items(make_site: MakeSite) -> None:
    content = make_site({"testimonies/samir.md": SAMIR_MD.replace("items: [tente]", "items: []")})
    assert problems(content) == ["content/testimonies/samir.md:3: 'items' needs at least 1 entry — add one"]


# Field values


def test_rejects_unknown_urgency_and_status(make_site: MakeSite) -> None:
    text = TENT_YAML.replace("urgency: urgent", "urgency: urgnet").replace("status: needed", "status: full")
    assert problems(make_site({"items/tente.yaml": text})) == [
        "content/items/tente.yaml:3: 'urgency' is 'urgnet', which is not one of urgent, high, normal, low"
        " — did you mean 'urgent'?",
        "content/items/tente.yaml:4: 'status' is 'full', which is not one of needed, enough, paused"
        " — use one of needed, enough, paused",
    ]


def test_rejects_quantities_and_prices_that_are_not_numbers(make_site: MakeSite) -> None:
    text = TENT_YAML.replace("{needed: 120, received: 45}", "{needed: beaucoup, received: -1}")
    text = text.replace("price: 39.90", "price: 39,90")
    assert problems(make_site({"items/tente.yaml": text})) == [
        "content/items/tente.yaml:6: 'quantity.needed' is 'beaucoup', which is not a whole number, 0 or more"
        " — write quantity.needed: 12",
        "content/items/tente.yaml:6: 'quantity.received' is '-1', which is not a whole number, 0 or more"
        " — write quantity.received: 12",
        "content/items/tente.yaml:7: 'price' is '39,90', which is not a number such as 39.90"
        " — write price: 39.90 (a dot for decimals, not a comma)",
    ]


def test_rejects_dates_that_are_not_calendar_dates(make_site: MakeSite) -> None:
    content = make_site(
        {
            "items/tente.yaml": TENT_YAML.replace("updated: 2026-11-20", "updated: 2026-11-31"),
            "testimonies/samir.md": SAMIR_MD.replace("date: 2020-12", "date: 03/12/2020").replace(
                "2021-01-15", "2021-13"
            ),
        }
    )
    assert problems(content) == [
        "content/items/tente.yaml:5: 'updated' is '2026-11-31', which is not a date written YYYY, YYYY-MM or YYYY-MM-DD"
        " — check the day: November 2026 has 30 days",
        "content/testimonies/samir.md:4: 'date' is '03/12/2020', which is not a date written YYYY, YYYY-MM or"
        " YYYY-MM-DD — write dates year first, YYYY-MM-DD: date: 2020-12-03 if 3 is the day,"
        " 2020-03-12 if it is the month",
        "content/testimonies/samir.md:6: 'consent.date' is '2021-13', which is not a date written YYYY, YYYY-MM or"
        " YYYY-MM-DD — write the month second, from 01 to 12 (YYYY-MM-DD): there is no month 13",
    ]


def test_rejects_buy_and_donate_urls_that_are_not_http(make_site: MakeSite) -> None:
    text = TENT_YAML.replace("https://shop.example.com/tent", "javascript:alert(1)") + "donate: www.example.org/give\n"
    assert problems(make_site({"items/tente.yaml": text})) == [
        "content/items/tente.yaml:12: 'buy[1].url' is 'javascript:alert(1)', which is not a web address starting with"
        f" https:// or http:// — {URL_HINT}",
        "content/items/tente.yaml:13: 'donate' is 'www.example.org/give', which is not a web address starting with"
        " https:// or http:// — write the whole address, with https:// in front: donate: https://www.example.org/give",
    ]


DO_NOT_SEND = """\
do_not_send:
  - text: {fr: Matelas d'occasion, en: Used mattresses}
    category: shelter
  - text: Médicaments
"""


def test_site_yaml_lists_what_not_to_send_for_a_category_or_for_any(make_site: MakeSite) -> None:
    config = load_site(make_site({"site.yaml": SITE_YAML + DO_NOT_SEND})).config
    mattresses = Unwanted(Localized((("fr", "Matelas d'occasion"), ("en", "Used mattresses"))), "shelter")
    medicines = Unwanted(Localized((("fr", "Médicaments"),)), None)
    assert config.do_not_send == (mattresses, medicines)
    assert (config.unwanted("shelter"), config.unwanted("shelter", general=True)) == ((mattresses,), config.do_not_send)
    assert config.unwanted("hygiene", general=True) == (medicines,)
    assert load_site(make_site()).config.do_not_send == ()


def test_what_not_to_send_names_a_category_that_site_yaml_defines(make_site: MakeSite) -> None:
    content = make_site({"site.yaml": SITE_YAML + DO_NOT_SEND.replace("category: shelter", "category: abri")})
    assert problems(content) == [
        "content/site.yaml:22: 'do_not_send[1].category' refers to 'abri', which does not exist in site.yaml"
        " categories — use one of hygiene, shelter, or add it to site.yaml categories",
    ]


def test_adds_the_final_slash_to_base_url(make_site: MakeSite) -> None:
    site_yaml = SITE_YAML.replace("base_url: https://aide.example.org/", "base_url: https://example.org/aide")
    assert load_site(make_site({"site.yaml": site_yaml})).config.base_url == "https://example.org/aide/"


def test_rejects_site_urls_that_are_not_http(make_site: MakeSite) -> None:
    site_yaml = SITE_YAML.replace("url: https://dons.example.org/", "url: ftp://dons.example.org/")
    site_yaml = site_yaml.replace("base_url: https://aide.example.org/", "base_url: aide.example.org")
    assert problems(make_site({"site.yaml": site_yaml})) == [
        "content/site.yaml:3: 'base_url' is 'aide.example.org', which is not a web address starting with"
        " https:// or http:// — write the whole address, with https:// in front: base_url: https://aide.example.org",
        "content/site.yaml:14: 'donate.url' is 'ftp://dons.example.org/', which is not a web address starting with"
        f" https:// or http:// — {URL_HINT}",
    ]


def test_rejects_an_image_without_alt(make_site: MakeSite) -> None:
    content = make_site({"images/tent.jpg": b"jpeg", "items/tente.yaml": TENT_YAML + "image: {src: tent.jpg}\n"})
    assert problems(content) == [
        "content/items/tente.yaml:13: the required field 'image.alt' is missing"
        " — add 'image.alt:' (what the picture shows, for people who cannot see it)",
    ]


def test_rejects_an_image_that_is_missing(make_site: MakeSite) -> None:
    content = make_site({"items/tente.yaml": TENT_YAML + "image: {src: tent.jpg, alt: Une tente}\n"})
    assert problems(content) == [
        "content/items/tente.yaml:13: 'image.src': there is no picture 'tent.jpg' in content/images/"
        " — add the file, or correct the name (letter case counts)",
    ]


def test_loads_an_image_with_alt(make_site: MakeSite) -> None:
    content = make_site(
        {"images/tent.jpg": b"jpeg", "items/tente.yaml": TENT_YAML + "image: {src: tent.jpg, alt: Une tente}\n"}
    )
    image = load_site(content).items[0].image
    assert image is not None
    assert (image.src, image.path, image.alt.get("fr")) == (
        "tent.jpg",
        (content / "images/tent.jpg").resolve(),
        "Une tente",
    )


# File names and files


def test_rejects_invalid_file_names_suggesting_a_slug(make_site: MakeSite) -> None:
    content = make_site(
        {
            "items/Savon.yaml": item("Savon", "hygiene"),
            "items/sac de couchage.yaml": item("Sac", "shelter"),
            "items/tente.fr.yaml": item("Tente", "shelter"),
            "items/brosse.yml": item("Brosse", "hygiene"),
            "testimonies/ali.old.v2.md": valid_testimony(),
            "testimonies/notes.txt": "à relire",
            "pages/Qui_sommes_nous.md": "---\ntitle: Qui\n---\nNous.\n",
        }
    )
    assert problems(content) == [
        "content/items/Savon.yaml: the file name 'Savon' is not a valid slug"
        " — rename it to 'savon.yaml': lowercase letters, digits and hyphens",
        "content/items/brosse.yml: items are .yaml files — rename it to content/items/brosse.yaml",
        "content/items/sac de couchage.yaml: the file name 'sac de couchage' is not a valid slug"
        " — rename it to 'sac-de-couchage.yaml': lowercase letters, digits and hyphens",
        "content/items/tente.fr.yaml: the file name has extra dots — name it <slug>.yaml",
        "content/pages/Qui_sommes_nous.md: the file name 'Qui_sommes_nous' is not a valid slug"
        " — rename it to 'qui-sommes-nous.md': lowercase letters, digits and hyphens",
        "content/testimonies/ali.old.v2.md: the file name has extra dots — name it <slug>.<lang>.md",
        "content/testimonies/notes.txt: this file is not a .md file — rename it to <slug>.md, or move it elsewhere",
    ]


def test_rejects_unexpected_files_at_the_top_of_content(make_site: MakeSite) -> None:
    content = make_site({"notes.txt": "à faire", "site.yml": "title: x\n", "drafts/ali.md": valid_testimony()})
    assert problems(content) == [
        f"content/drafts: the generator does not read this — {TOP_LEVEL_HINT}",
        f"content/notes.txt: the generator does not read this — {TOP_LEVEL_HINT}",
        "content/site.yml: the site's settings are read from site.yaml only, and content/site.yaml is there too"
        " — keep one of the two: copy what this one adds into content/site.yaml, then delete this one",
    ]


def test_ignores_hidden_files(make_site: MakeSite) -> None:
    site = load_site(make_site({".DS_Store": b"\0", "items/.tente.yaml.swp": b"\0", "testimonies/.keep": ""}))
    assert slugs(site.items) == ["tente"]


def test_rejects_a_content_file_that_links_outside_content(make_site: MakeSite, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(item("Savon", "hygiene"), encoding="utf-8")
    content = make_site()
    (content / "items" / "savon.yaml").symlink_to(outside)
    assert problems(content) == [
        "content/items/savon.yaml: this file is a link that leads outside content/, or nowhere"
        " — put the file itself in content/",
    ]


def test_rejects_a_content_folder_without_site_yaml(make_site: MakeSite) -> None:
    assert problems(make_site({"site.yaml": None})) == [
        "content/site.yaml: site.yaml is missing — create it in content/"
    ]


def test_reports_file_name_problems_even_without_site_yaml(make_site: MakeSite) -> None:
    assert problems(make_site({"site.yaml": None, "items/Savon.yaml": TENT_YAML})) == [
        "content/items/Savon.yaml: the file name 'Savon' is not a valid slug"
        " — rename it to 'savon.yaml': lowercase letters, digits and hyphens",
        "content/site.yaml: site.yaml is missing — create it in content/",
    ]


@pytest.mark.parametrize(
    ("name", "line"), [("site.yaml", 12), ("items/tente.yaml", 13), ("testimonies/samir.md", 7), ("pages/about.md", 2)]
)
def test_rejects_a_file_that_is_not_utf8(make_site: MakeSite, name: str, line: int) -> None:
    latin1 = (minimal_files()[name] + "# café\n").encode("latin-1")  # 'é' then a newline; 'À' is 0xC0
    [problem] = problems(make_site({name: latin1}))
    assert problem.startswith(
        f"content/{name}:{line}: the file is saved in an older encoding, probably Windows-1252 (Notepad's 'ANSI'),"
        " not in UTF-8 (this line is the first where it shows) — save it as UTF-8: in Notepad, File → Save As…"
    )


def test_loads_files_with_a_bom(make_site: MakeSite) -> None:
    bom = "\ufeff".encode()
    site = load_site(
        make_site(
            {
                "site.yaml": bom + SITE_YAML.encode(),
                "items/tente.yaml": bom + TENT_YAML.encode(),
                "testimonies/samir.md": bom + SAMIR_MD.encode(),
            }
        )
    )
    assert (slugs(site.items), slugs(site.testimonies)) == (["tente"], ["samir"])


def test_loads_yaml_files_saved_with_windows_line_endings(make_site: MakeSite) -> None:
    crlf = {"site.yaml": SITE_YAML, "items/tente.yaml": TENT_YAML}
    site = load_site(make_site({name: text.replace("\n", "\r\n").encode() for name, text in crlf.items()}))
    assert site.config.organisation.shipping_address == "Association Test\n1 rue de l'Exemple, 62100 Ville"
    assert site.items[0].summary is not None and site.items[0].summary.get("en") == "A tent for two"


def test_loads_markdown_files_saved_with_windows_line_endings(make_site: MakeSite) -> None:
    crlf = {"testimonies/samir.md": SAMIR_MD, "pages/about.md": "---\ntitle: À propos\n---\nTexte.\n"}
    site = load_site(make_site({name: text.replace("\n", "\r\n").encode() for name, text in crlf.items()}))
    assert (slugs(site.testimonies), slugs(site.pages)) == (["samir"], ["about"])


# Translations


TRANSLATION = "---\nquote: It kept me dry.\ntranslated_by: Léa\n---\nThe tent kept me dry all winter.\n"


def test_loads_translations_in_site_language_order(make_site: MakeSite) -> None:
    content = make_site(
        {
            "testimonies/amal.md": valid_testimony("Amal", "[tente]", "2019", "lang: ar", "quote: خيمة"),
            "testimonies/amal.en.md": TRANSLATION,
            "testimonies/amal.fr.md": "---\nquote: Elle m'a gardée au sec.\n---\nLa tente.\n",
        }
    )
    amal = load_site(content).testimonies[1]
    assert (amal.slug, amal.lang) == ("amal", "ar")
    assert [t.lang for t in amal.translations] == ["fr", "en"]
    english = amal.translation("en")
    assert english is not None
    assert (english.quote, english.translated_by, english.excerpt) == (
        "It kept me dry.",
        "Léa",
        "The tent kept me dry all winter.",
    )


def test_rejects_a_translation_without_original(make_site: MakeSite) -> None:
    assert problems(make_site({"testimonies/amal.en.md": TRANSLATION})) == [
        "content/testimonies/amal.en.md: this translation has no original 'amal.md'"
        " — restore the original, or delete this translation too if the testimony was removed",
    ]


def test_rejects_a_translation_into_a_language_the_site_does_not_have(make_site: MakeSite) -> None:
    assert problems(make_site({"testimonies/samir.de.md": TRANSLATION})) == [
        "content/testimonies/samir.de.md: 'de' is not one of the site's languages"
        " — translations are into fr, en; rename the file",
    ]


def test_rejects_a_translation_into_the_original_language(make_site: MakeSite) -> None:
    assert problems(make_site({"testimonies/samir.fr.md": TRANSLATION})) == [
        "content/testimonies/samir.fr.md: the original is already in 'fr'"
        " — a translation must be into another language; rename or delete this file",
    ]


def test_merges_page_translations_into_title_and_body(make_site: MakeSite) -> None:
    page = load_site(make_site({"pages/about.en.md": "---\ntitle: About\n---\nA fictional association.\n"})).pages[0]
    assert page.title.languages == ("fr", "en")
    assert (page.title.get("en"), str(page.body.get("en"))) == ("About", "<p>A fictional association.</p>")


@pytest.mark.parametrize("name", ["pages/about.fr.md", "pages/contact.en.md"])
def test_rejects_a_page_translation_without_original_or_into_the_default_language(
    make_site: MakeSite, name: str
) -> None:
    assert problems(make_site({name: "---\ntitle: About\n---\nText.\n"})) == [
        f"content/{name}: this translation has no original page, or is not into another site language"
        " — name it <page>.<lang>.md next to <page>.md, with lang one of en",
    ]


# Reserved page names


@pytest.mark.parametrize("slug", ["items", "testimonies", "categories", "feed", "en", "fr", "404"])
def test_rejects_a_page_with_a_reserved_name(make_site: MakeSite, slug: str) -> None:
    content = make_site({f"pages/{slug}.md": "---\ntitle: X\n---\nTexte.\n"})
    assert problems(content) == [f"content/pages/{slug}.md: '{slug}' is a reserved address — rename the page file"]


# Withdrawn and draft testimonies


def test_a_withdrawn_testimony_loads_even_when_broken_and_is_absent(make_site: MakeSite) -> None:
    content = make_site(
        {
            "testimonies/ali.md": front_matter_file(
                "withdrawn: true", "author: Ali", "items: [inconnu]", "colour: red", body=""
            ),
            "testimonies/ali.en.md": "---\nqoute: broken\n---\n",
            "testimonies/ali.de.md": "not even front matter",
        }
    )
    site = load_site(content)
    assert slugs(site.testimonies) == ["samir"]
    assert slugs(site.testimonies_by_item["tente"]) == ["samir"]


def test_withdrawal_needs_withdrawn_true_not_yes(make_site: MakeSite) -> None:
    content = make_site({"testimonies/ali.md": valid_testimony("Ali", "[tente]", "2021", "withdrawn: yes")})
    assert problems(content) == [
        "content/testimonies/ali.md:6: 'withdrawn' is 'yes', which is not true or false"
        " — write withdrawn: true (only true or false are read here, not 'yes')",
    ]


def test_a_draft_testimony_is_absent_by_default(make_site: MakeSite) -> None:
    content = make_site({"testimonies/ali.md": valid_testimony("Ali", "[tente]", "2021", "draft: true")})
    assert slugs(load_site(content).testimonies) == ["samir"]


def test_a_draft_testimony_is_present_with_drafts(make_site: MakeSite) -> None:
    content = make_site(
        {
            "testimonies/ali.md": valid_testimony("Ali", "[tente]", "2021", "draft: true"),
            "testimonies/ali.en.md": TRANSLATION,
        }
    )
    site = load_site(content, drafts=True)
    assert slugs(site.testimonies) == ["ali", "samir"]
    assert site.testimonies[0].draft is True
    assert [t.lang for t in site.testimonies[0].translations] == ["en"]


def test_a_broken_draft_is_still_reported(make_site: MakeSite) -> None:
    content = make_site({"testimonies/ali.md": front_matter_file("draft: true", "author: Ali")})
    assert problems(content) == [
        "content/testimonies/ali.md:2: the required field 'consent' is missing"
        " — add 'consent:' (the author's consent to publication: consent: {date: YYYY-MM-DD})",
        "content/testimonies/ali.md:2: the required field 'date' is missing"
        " — add 'date:' (when it happened: YYYY, YYYY-MM or YYYY-MM-DD)",
        "content/testimonies/ali.md:2: the required field 'items' is missing"
        " — add 'items:' (the slugs of the items it speaks of)",
    ]


# Defaults


def test_defaults_fill_in_what_an_item_and_a_testimony_leave_out(make_site: MakeSite) -> None:
    site = load_site(make_site({"items/savon.yaml": item("Savon", "hygiene")}))
    savon = site.item_by_slug["savon"]
    assert (savon.urgency, savon.status) == ("normal", "needed")
    assert (savon.quantity, savon.price, savon.image, savon.buy, savon.donate) == (None, None, None, (), None)
    samir = site.testimonies[0]
    assert (samir.lang, samir.draft, samir.photo, samir.consent.review) == ("fr", False, None, None)


def test_quantity_received_defaults_to_zero(make_site: MakeSite) -> None:
    text = TENT_YAML.replace("{needed: 120, received: 45}", "{needed: 120}")
    quantity = load_site(make_site({"items/tente.yaml": text})).items[0].quantity
    assert quantity is not None and (quantity.needed, quantity.received, quantity.percent) == (120, 0, 0)


def test_a_unit_is_a_text_in_the_site_languages(make_site: MakeSite) -> None:
    text = TENT_YAML + "unit: {fr: paquet de 3, en: pack of 3}\n"
    assert load_site(make_site({"items/tente.yaml": text})).items[0].unit == Localized(
        (("fr", "paquet de 3"), ("en", "pack of 3"))
    )
    assert load_site(make_site()).items[0].unit is None


def test_a_unit_in_a_language_the_site_does_not_have_is_refused(make_site: MakeSite) -> None:
    content = make_site({"items/tente.yaml": TENT_YAML + "unit: {fr: tonne, de: Tonne}\n"})
    assert problems(content) == [
        "content/items/tente.yaml:13: 'unit' has text in 'de' (German), which is not a site language"
        " — add 'de' to site.yaml's languages, or to draft_languages to prepare it before it is published"
    ]


NO_SHOPS = TENT_YAML.split("buy:")[0]
TIME = "time: {signup: https://benevoles.example.org/}\n"


@pytest.mark.parametrize(
    ("site_yaml", "item", "ways"),
    [
        (SITE_YAML, TENT_YAML, ("buy", "bring", "money")),
        (SITE_YAML, NO_SHOPS, ("bring", "money")),
        (SITE_YAML.replace('  dropoff: {fr: "Entrepôt ouvert le samedi", en: "Warehouse open on Saturdays"}\n', ""),
         NO_SHOPS, ("money",)),
        (SITE_YAML + "wishlist: {label: Liste, url: https://shop.example.com/l, wishlist: true}\n", NO_SHOPS,
         ("buy", "bring", "money")),
        (SITE_YAML, NO_SHOPS + TIME, ("time",)),
        (SITE_YAML, TENT_YAML + "ways: [money, buy]\n", ("buy", "money")),
    ],
)  # fmt: skip
def test_unsaid_ways_are_those_items_always_had_and_said_ones_keep_one_order(
    make_site: MakeSite, site_yaml: str, item: str, ways: tuple[str, ...]
) -> None:
    assert load_site(make_site({"site.yaml": site_yaml, "items/tente.yaml": item})).items[0].ways == ways


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (NO_SHOPS + "ways: [buy]\n", "'ways' lists buy, but nothing tells donors how — add the shops under 'buy',"
         " or site.yaml's 'wishlist', or remove buy from 'ways'"),
        (NO_SHOPS + "ways: [time]\n", "'ways' lists time, but nothing tells donors how — add 'time: {signup:"
         " https://...}', or remove time from 'ways'"),
        (TENT_YAML + "ways: [money]\n", "'buy' is given, but 'ways' does not list buy — add buy to 'ways'"),
        (NO_SHOPS + TIME + "ways: [money]\n", "'time' is given, but 'ways' does not list time — add time to 'ways'"),
        (NO_SHOPS + "ways: [mony]\n", "'ways[1]' is 'mony', which is not one of buy, bring, money, time — did you"
         " mean 'money'?"),
        (NO_SHOPS + "ways: []\n", "'ways' needs at least 1 entry — add one"),
    ],
)  # fmt: skip
def test_ways_that_ask_for_what_is_not_there_are_refused(make_site: MakeSite, item: str, message: str) -> None:
    (found,) = problems(make_site({"items/tente.yaml": item}))
    assert found.split(": ", 1)[1] == message


def test_bring_needs_somewhere_to_bring_to(make_site: MakeSite) -> None:
    site_yaml = SITE_YAML.replace(
        '  dropoff: {fr: "Entrepôt ouvert le samedi", en: "Warehouse open on Saturdays"}\n', ""
    )
    (found,) = problems(make_site({"site.yaml": site_yaml, "items/tente.yaml": NO_SHOPS + "ways: [bring]\n"}))
    assert found == (
        "content/items/tente.yaml:11: 'ways' lists bring, but nothing tells donors how — add a drop-off point that"
        " takes its category to site.yaml's"
        " 'dropoffs', or remove bring from 'ways'"
    )


def test_site_yaml_gives_a_wishlist_and_a_contact(make_site: MakeSite) -> None:
    extra = "wishlist: {label: Liste, url: https://shop.example.com/l, wishlist: true}\n"
    extra += "contact: {email: contact@example.org, phone: +33 3 53 01 00 00}\n"
    config = load_site(make_site({"site.yaml": SITE_YAML + extra})).config
    assert config.wishlist == Shop(Localized((("fr", "Liste"), ("en", "Liste"))), "https://shop.example.com/l", True)
    assert config.contact == Contact("contact@example.org", "+33 3 53 01 00 00")


def test_a_contact_e_mail_must_be_an_address(make_site: MakeSite) -> None:
    content = make_site({"site.yaml": SITE_YAML + "contact: {email: contact at example.org}\n"})
    assert problems(content) == [
        "content/site.yaml:20: 'contact.email' is 'contact at example.org', which is not an e-mail address such as"
        " contact@example.org — write contact.email: contact@example.org"
    ]


def test_sizes_are_texts_needed_and_a_few_most_wanted_among_them(make_site: MakeSite) -> None:
    sizes = load_site(make_site({"items/tente.yaml": TENT_YAML + "sizes: {needed: [40, 41, S], wanted: [41]}\n"}))
    found = sizes.items[0].sizes
    assert found is not None and [size.get("en") for size in found.needed] == ["40", "41", "S"]
    assert [size.get("fr") for size in found.wanted] == ["41"] and found.is_wanted(found.needed[1])


def test_a_most_wanted_size_must_be_a_needed_one(make_site: MakeSite) -> None:
    content = make_site({"items/tente.yaml": TENT_YAML + "sizes: {needed: [40, 41], wanted: [41, 46]}\n"})
    assert problems(content) == [
        "content/items/tente.yaml:13: 'sizes.wanted' lists 46, which 'sizes.needed' does not"
        " — add 46 to 'sizes.needed', or remove it"
    ]


@pytest.mark.parametrize(("needed", "received", "missing"), [(120, 45, 75), (120, 120, 0), (10, 14, 0), (0, 0, 0)])
def test_a_quantity_says_how_many_are_still_missing_never_below_zero(needed: int, received: int, missing: int) -> None:
    assert Quantity(needed, received).missing == missing


# Everything at once


def test_reports_every_problem_of_every_file_at_once(make_site: MakeSite) -> None:
    content = make_site(
        {
            "items/tente.yaml": TENT_YAML.replace("urgency: urgent", "urgency: urgnet"),
            "items/savon.yaml": item("Savon", "hygeine", "price: 2,50"),
            "items/Brosse.yaml": item("Brosse", "hygiene"),
            "testimonies/samir.md": SAMIR_MD.replace("consent: {date: 2021-01-15}\n", ""),
            "testimonies/ali.md": "author: Ali\n",
            "testimonies/amal.en.md": TRANSLATION,
            "pages/about.md": "---\ntitel: À propos\n---\nTexte.\n",
            "pages/items.md": "---\ntitle: Objets\n---\nTexte.\n",
            "README.txt": "notes",
        }
    )
    assert problems(content) == [
        f"content/README.txt: the generator does not read this — {TOP_LEVEL_HINT}",
        "content/items/Brosse.yaml: the file name 'Brosse' is not a valid slug"
        " — rename it to 'brosse.yaml': lowercase letters, digits and hyphens",
        "content/items/savon.yaml:2: 'category' refers to 'hygeine', which does not exist in site.yaml categories"
        " — did you mean 'hygiene'?",
        "content/items/savon.yaml:3: 'price' is '2,50', which is not a number such as 39.90"
        " — write price: 2.50 (a dot for decimals, not a comma)",
        "content/items/tente.yaml:3: 'urgency' is 'urgnet', which is not one of urgent, high, normal, low"
        " — did you mean 'urgent'?",
        "content/pages/about.md:2: the required field 'title' is missing — add 'title:' (the page title)",
        "content/pages/about.md:2: unknown field 'titel' — did you mean 'title'?",
        "content/pages/items.md: 'items' is a reserved address — rename the page file",
        "content/testimonies/ali.md:1: the file has no front matter"
        " — start the file with a line '---', then the fields, then a line '---', then the text",
        "content/testimonies/amal.en.md: this translation has no original 'amal.md'"
        " — restore the original, or delete this translation too if the testimony was removed",
        "content/testimonies/samir.md:2: the required field 'consent' is missing"
        " — add 'consent:' (the author's consent to publication: consent: {date: YYYY-MM-DD})",
    ]


def test_content_error_summarises_the_count(make_site: MakeSite) -> None:
    content = make_site({"items/tente.yaml": TENT_YAML.replace("urgency: urgent", "urgency: urgnet")})
    with pytest.raises(ContentError) as caught:
        load_site(content)
    assert caught.value.format_message().splitlines()[-1] == "1 problem found, nothing was written."


def test_reports_bad_languages_together_with_other_site_yaml_problems(make_site: MakeSite) -> None:
    site_yaml = SITE_YAML.replace("languages: [fr, en]", "languages: [FR, en]").replace("currency:", "curency:")
    assert problems(make_site({"site.yaml": site_yaml})) == [
        "content/site.yaml:4: 'languages[1]' is 'FR', which is not a language code — did you mean 'fr' (French)?"
        " a code is 2 or 3 lowercase letters from ISO 639 (fa, prs, ckb), or with a region (fa-AF)",
        "content/site.yaml:5: unknown field 'curency' — did you mean 'currency'?",
    ]


def test_rejects_a_language_listed_twice(make_site: MakeSite) -> None:
    site_yaml = SITE_YAML.replace("languages: [fr, en]", "languages: [fr, en, fr]")
    assert problems(make_site({"site.yaml": site_yaml})) == [
        "content/site.yaml:4: 'languages' lists 'fr' twice — list each one once",
    ]


# The Site's joins


def joined_site(make_site: MakeSite) -> Site:
    """Load a site with six items over two categories and four testimonies, one a draft."""
    return load_site(
        make_site(
            {
                "items/couverture.yaml": item("Couverture", "shelter", "urgency: urgent", "status: enough"),
                "items/sac.yaml": item("Sac de couchage", "shelter", "urgency: low", "status: paused"),
                "items/brosse.yaml": item("brosse à dents", "hygiene", "urgency: urgent"),
                "items/savon.yaml": item("Savon", "hygiene"),
                "items/dentifrice.yaml": item("{fr: Dentifrice, en: Toothpaste}", "hygiene", "urgency: high"),
                "testimonies/ali.md": valid_testimony("Ali", "[tente, savon, tente]", "2021"),
                "testimonies/bea.md": valid_testimony("Béa", "[tente]", "2019-05-01"),
                "testimonies/chen.md": valid_testimony("Chen", "[savon]", "2022", "draft: true"),
            }
        )
    )


def test_needs_list_puts_needed_first_then_urgency_then_name(make_site: MakeSite) -> None:
    assert slugs(joined_site(make_site).items) == ["brosse", "tente", "dentifrice", "savon", "couverture", "sac"]


def test_an_item_given_an_order_comes_first_among_those_of_its_urgency(make_site: MakeSite) -> None:
    files = {
        "items/abri.yaml": item("Abri", "shelter", "urgency: urgent"),
        "items/bache.yaml": item("Bâche", "shelter", "urgency: urgent", "order: 2"),
        "items/corde.yaml": item("Corde", "shelter", "urgency: urgent", "order: 1"),
        "items/duvet.yaml": item("Duvet", "shelter", "urgency: high", "order: 1"),
    }
    assert slugs(load_site(make_site(files)).items) == ["corde", "bache", "abri", "tente", "duvet"]


def test_the_order_of_items_is_that_of_their_names_in_the_default_language(make_site: MakeSite) -> None:
    files = {
        "items/savon.yaml": item("{fr: Savon, en: Soap}", "hygiene"),
        "items/brosse.yaml": item("{fr: Brosse à dents, en: Toothbrush}", "hygiene"),
    }
    assert slugs(load_site(make_site(files)).items) == ["tente", "brosse", "savon"]  # Soap comes before Toothbrush


def test_items_by_category_keep_needs_order(make_site: MakeSite) -> None:
    site = joined_site(make_site)
    assert {slug: slugs(items) for slug, items in site.items_by_category.items()} == {
        "shelter": ["tente", "couverture", "sac"],
        "hygiene": ["brosse", "dentifrice", "savon"],
    }


def test_testimonies_by_item_are_newest_first(make_site: MakeSite) -> None:
    site = joined_site(make_site)
    assert slugs(site.testimonies) == ["ali", "samir", "bea"]
    assert {slug: slugs(found) for slug, found in site.testimonies_by_item.items()} == {
        "brosse": [],
        "tente": ["ali", "samir", "bea"],
        "dentifrice": [],
        "savon": ["ali"],
        "couverture": [],
        "sac": [],
    }


def test_a_testimony_naming_an_item_twice_lists_it_once(make_site: MakeSite) -> None:
    ali = joined_site(make_site).testimonies[0]
    assert ali.items == ("tente", "savon")


def test_pages_are_in_menu_order_then_slug(make_site: MakeSite) -> None:
    site = load_site(
        make_site(
            {
                "pages/donner.md": "---\ntitle: Donner\nmenu: 0\n---\nTexte.\n",
                "pages/contact.md": "---\ntitle: Contact\n---\nTexte.\n",
                "pages/aide.md": "---\ntitle: Aide\n---\nTexte.\n",
            }
        )
    )
    assert slugs(site.pages) == ["donner", "about", "aide", "contact"]


def test_a_broken_site_yaml_does_not_hide_the_problems_of_other_files(make_site: MakeSite) -> None:
    content = make_site(
        {
            "site.yaml": SITE_YAML.replace("languages: [fr, en]", "languages: [FR, en]"),
            "items/tente.yaml": TENT_YAML.replace("urgency: urgent", "urgency: urgnet"),
            "testimonies/samir.md": SAMIR_MD.replace("date: 2020-12", "date: 2020-13"),
        }
    )
    assert problems(content) == [
        "content/items/tente.yaml:3: 'urgency' is 'urgnet', which is not one of urgent, high, normal, low"
        " — did you mean 'urgent'?",
        "content/site.yaml:4: 'languages[1]' is 'FR', which is not a language code — did you mean 'fr' (French)?"
        " a code is 2 or 3 lowercase letters from ISO 639 (fa, prs, ckb), or with a region (fa-AF)",
        "content/testimonies/samir.md:4: 'date' is '2020-13', which is not a date written YYYY, YYYY-MM or YYYY-MM-DD"
        " — write the month second, from 01 to 12 (YYYY-MM-DD): there is no month 13",
    ]


def test_files_whose_slugs_differ_only_by_case_are_an_error_never_an_overwrite(make_site: MakeSite) -> None:
    content = make_site({"items/Tente.yaml": TENT_YAML.replace("Tente", "Autre tente")})
    assert problems(content) == [
        "content/items/Tente.yaml: the file name 'Tente' is not a valid slug, and content/items/tente.yaml is there"
        " too — keep one of the two: copy what this one adds into content/items/tente.yaml, then delete this one",
    ]


def test_files_whose_names_differ_only_by_unicode_normalisation_are_an_error(make_site: MakeSite) -> None:
    nfc, nfd = "caf\u00e9", "cafe\u0301"
    content = make_site({f"items/{nfc}.yaml": TENT_YAML, f"items/{nfd}.yaml": TENT_YAML})
    found = problems(content)
    assert len(found) == 2 and all("is not a valid slug — rename it to 'cafe.yaml'" in p for p in found)


@pytest.mark.parametrize("src", ["%2e%2e/secret.jpg", "..%2fsecret.jpg", "/etc/passwd", "tent.jpg\x00.png"])
def test_an_image_path_cannot_leave_the_images_folder_however_it_is_written(
    make_site: MakeSite, src: str, tmp_path: Path
) -> None:
    (tmp_path / "secret.jpg").write_bytes(b"not to be published")
    tent = TENT_YAML + f"image: {{src: {json.dumps(src)}, alt: Une tente}}\n"
    [problem] = problems(make_site({"items/tente.yaml": tent}))
    assert problem.startswith("content/items/tente.yaml:13: 'image.src'"), problem


def test_link_loops_and_odd_files_are_problems_not_crashes(make_site: MakeSite) -> None:
    content = make_site({"items/bin.yaml": b"\x89PNG\r\n\x1a\nnot text"})
    (content / "items" / "loop.yaml").symlink_to("loop.yaml")
    (content / "items" / "dir.yaml").mkdir()
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "a.jpg").symlink_to("b.jpg")
    (content / "images" / "b.jpg").symlink_to("a.jpg")
    tent = TENT_YAML + "image: {src: a.jpg, alt: Une tente}\n"
    (content / "items" / "tente.yaml").write_text(tent)
    assert problems(content) == [
        "content/items/bin.yaml: the file is not text: it holds bytes that a picture or a word processor's document"
        " holds, not a text editor — write it in a text editor (Notepad, TextEdit after Format → Make Plain Text,"
        " VS Code) and save it as UTF-8",
        "content/items/dir.yaml: this is not a regular file — only <slug>.yaml files belong here",
        "content/items/loop.yaml: this file is a link that leads outside content/, or nowhere"
        " — put the file itself in content/",
        "content/items/tente.yaml:13: 'image.src' is 'a.jpg', a link that leads nowhere"
        " — put the picture itself in content/images/ (not a link to elsewhere)",
    ]


def test_a_file_name_too_long_for_an_address_is_refused(make_site: MakeSite) -> None:
    long = "tente-" + "x" * 80
    assert problems(make_site({f"items/{long}.yaml": TENT_YAML})) == [
        f"content/items/{long}.yaml: the file name is 86 characters long, too long for an address"
        " — shorten it to at most 80 characters"
    ]


def test_site_yaml_says_where_the_content_is_edited_in_the_browser(make_site):
    editing = "editing: {host: gitlab, repository: fil/sites/grisvent, app_id: abc123}\n"
    site = load_site(make_site({"site.yaml": SITE_YAML + editing}))
    assert site.config.editing == Editing("gitlab", "fil/sites/grisvent", "main", "abc123", None)
    assert site.config.editing.api == "https://gitlab.com"
    assert load_site(make_site({"site.yaml": SITE_YAML})).config.editing is None


def test_an_editing_repository_must_be_owner_and_name(make_site):
    editing = "editing:\n  host: github\n  repository: https://github.com/fil/site\n"
    assert problems(make_site({"site.yaml": SITE_YAML + editing})) == [
        "content/site.yaml:22: 'editing.repository' is 'https://github.com/fil/site', which is not a repository"
        " written owner/name — copy it from the repository's address: https://github.com/owner/name"
        " => editing.repository: owner/name"
    ]
