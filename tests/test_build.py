"""Building tiny sites end to end: pages, ways to help, privacy of withdrawn testimonies, atomicity."""

from __future__ import annotations

import datetime
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from conftest import SITE_YAML, TENT_YAML
from sitegen.build import build, check
from sitegen.errors import ContentError
from sitegen.pages.plan import paged_testimonies
from support import all_bytes, hrefs, parse, text, unescaped

NBSP = "\u00a0"


def picture_with_gps(width: int = 320, height: int = 200) -> bytes:
    """Return a JPEG carrying GPS coordinates and an orientation tag (6: rotate 90°)."""
    image = Image.new("RGB", (width, height), (30, 120, 200))
    exif = image.getexif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (50.0, 57.0, 1.5)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_builds_every_page_of_a_site(make_site, options):
    report = build(options(make_site()))
    site = options(make_site()).output
    pages = {p for p in all_bytes(site) if p.endswith(".html")}
    in_one_language = {
        "index.html",
        "items/tente/index.html",
        "testimonies/index.html",
        "testimonies/samir/index.html",
        "categories/shelter/index.html",
        "categories/hygiene/index.html",
        "about/index.html",
        "search/index.html",
        "print/index.html",
        "404.html",
    }
    assert pages == in_one_language | {f"en/{page}" for page in in_one_language}
    assert (site / "favicon.ico").is_file() and (site / "static" / "style.css").is_file()
    assert report.pages == 20


def test_item_page_shows_its_facts_in_the_site_locale(make_site, options):
    build(options(make_site()))
    page = text(options(make_site()).output / "items/tente/index.html")
    assert "Tente" in page and "Une tente solide." in page
    assert f"39,90{NBSP}€" in page
    assert "20 novembre 2026" in page
    assert "45" in page and "120" in page


def test_item_page_and_poster_say_how_many_are_still_missing(make_site, options):
    build(options(make_site()))
    assert "encore 75 à trouver" in text(options(make_site()).output / "items/tente/index.html")
    assert "encore 75 à trouver" in text(options(make_site()).output / "print/index.html")
    assert "75 still needed" in text(options(make_site()).output / "en/items/tente/index.html")


def test_the_needs_list_reads_in_the_same_order_in_every_language(make_site, options):
    savon = TENT_YAML.replace("{fr: Tente, en: Tent}", "{fr: Savon, en: Soap}").replace("shelter", "hygiene")
    brosse = TENT_YAML.replace("{fr: Tente, en: Tent}", "{fr: Brosse à dents, en: Toothbrush}")
    site = options(make_site({"items/savon.yaml": savon, "items/brosse.yaml": brosse}))
    build(site)
    for page in (site.output / "index.html", site.output / "en/index.html"):
        items = [href for href in hrefs(page) if "/items/" in href]
        assert [href.rstrip("/").rsplit("/", 1)[-1] for href in items] == ["brosse", "savon", "tente"], page


def test_a_price_and_a_quantity_with_a_unit_say_what_they_count_and_never_each(make_site, options):
    tente = TENT_YAML + "unit: {fr: paquet de 3, en: pack of 3}\n"
    site = options(make_site({"items/tente.yaml": tente}))
    build(site)
    page, english, needs = (
        text(site.output / path) for path in ("items/tente/index.html", "en/items/tente/index.html", "index.html")
    )
    assert f"39,90{NBSP}€ par paquet de 3" in page and "comptés par paquet de 3" in page and "l'unité" not in page
    assert "€39.90 per pack of 3" in english and "counted per pack of 3" in english and " each" not in english
    assert f"Environ 39,90{NBSP}€ par paquet de 3" in needs


DO_NOT_SEND = """\
do_not_send:
  - text: {fr: Matelas d'occasion, en: Used mattresses}
    category: shelter
  - text: {fr: Savon entamé, en: Used soap}
    category: hygiene
  - text: {fr: Médicaments, en: Medicines}
"""


def test_what_not_to_send_shows_on_the_needs_list_the_posters_and_the_items_of_its_category(make_site, options):
    site = options(make_site({"site.yaml": SITE_YAML + DO_NOT_SEND}))
    build(site)
    needs, item, poster = (
        text(site.output / path) for path in ("index.html", "items/tente/index.html", "print/index.html")
    )
    assert "Merci de ne pas envoyer" in needs and "Abri · Matelas d'occasion" in needs
    assert "Hygiène · Savon entamé" in needs and "Médicaments" in needs
    assert "Matelas d'occasion" in item and "Savon entamé" not in item and "Médicaments" not in item
    assert "Matelas d'occasion" in poster and "Médicaments" in poster and "Savon entamé" not in poster
    assert "Please do not send" in text(site.output / "en/items/tente/index.html")
    listed = json.loads((site.output / "needs.json").read_text())["do_not_send"]
    assert listed[0] == {"text": {"fr": "Matelas d'occasion", "en": "Used mattresses"}, "category": "shelter"}
    assert listed[2] == {"text": {"fr": "Médicaments", "en": "Medicines"}, "category": None}


def test_a_site_with_nothing_to_refuse_shows_no_empty_list(make_site, options):
    site = options(make_site())
    build(site)
    assert "do-not-send" not in (site.output / "index.html").read_text()


def ways_on(page: Path) -> list[str]:
    """Return the ways to help a page shows, in order, from their blocks' data-way."""
    return re.findall(r'data-way="([a-z]+)"', page.read_text(encoding="utf-8"))


def test_a_money_only_item_asks_for_money_and_nothing_else(make_site, options):
    site = options(make_site({"items/tente.yaml": TENT_YAML.split("buy:")[0] + "ways: [money]\n"}))
    build(site)
    page = site.output / "items/tente/index.html"
    assert ways_on(page) == ["money"]
    shown = text(page)
    assert "Nous l'achetons nous-mêmes" in shown and "L'apporter" not in shown and "Acheter chez" not in shown


def test_a_bring_only_item_says_where_and_offers_neither_shop_nor_money(make_site, options):
    site = options(make_site({"items/tente.yaml": TENT_YAML.split("buy:")[0] + "ways: [bring]\n"}))
    build(site)
    page = site.output / "items/tente/index.html"
    assert ways_on(page) == ["bring"]
    assert "Entrepôt ouvert le samedi" in text(page) and "dons.example.org" not in page.read_text().split("<footer")[0]


def test_a_time_need_asks_for_people_with_its_shifts_and_sign_up(make_site, options):
    time = "time:\n  signup: https://benevoles.example.org/\n  shifts: [{fr: Samedi matin, en: Saturday morning}]\n"
    site_yaml = SITE_YAML + "contact: {email: contact@example.org, phone: +33 3 53 01 00 00}\n"
    site = options(make_site({"site.yaml": site_yaml, "items/tente.yaml": TENT_YAML.split("buy:")[0] + time}))
    build(site)
    page = site.output / "items/tente/index.html"
    assert ways_on(page) == ["time"]
    assert 'class="primary-action"><a class="button button-primary" href="https://benevoles.example.org/"' in (
        page.read_text()
    )
    shown = text(page)
    assert "Samedi matin" in shown and "S'inscrire comme bénévole" in shown and "contact@example.org" in shown
    assert "Saturday morning" in text(site.output / "en/items/tente/index.html")


def test_a_wishlist_says_so_and_needs_no_address_typed(make_site, options):
    wishlist = TENT_YAML.replace(
        'url: "https://shop.example.com/tent"}', 'url: "https://shop.example.com/list", wishlist: true}'
    )
    site = options(make_site({"items/tente.yaml": wishlist}))
    build(site)
    page = site.output / "items/tente/index.html"
    assert "Ouvrir notre liste chez Boutique" in text(page) and "address-text" not in page.read_text()
    assert "Open our wishlist at Boutique" in text(site.output / "en/items/tente/index.html")


def test_the_site_wishlist_shows_on_the_needs_list_and_serves_items_without_shops(make_site, options):
    site_yaml = SITE_YAML + "wishlist: {label: Boutique, url: https://shop.example.com/list, wishlist: true}\n"
    site = options(make_site({"site.yaml": site_yaml, "items/tente.yaml": TENT_YAML.split("buy:")[0]}))
    build(site)
    assert "Ouvrir notre liste chez Boutique" in text(site.output / "index.html")
    page = site.output / "items/tente/index.html"
    assert ways_on(page) == ["buy", "bring", "money"] and "https://shop.example.com/list" in page.read_text()
    needs = json.loads((site.output / "needs.json").read_text())
    assert needs["site"]["wishlist"]["wishlist"] is True and needs["items"][0]["ways"] == ["buy", "bring", "money"]


def test_sizes_show_as_chips_and_the_category_page_leads_from_each_size_to_its_items(make_site, options):
    boots = TENT_YAML.replace("{fr: Tente, en: Tent}", "{fr: Bottes, en: Boots}") + "sizes: {needed: [40, 42]}\n"
    tent = TENT_YAML + "sizes: {needed: [42, 44], wanted: [42]}\n"
    site = options(make_site({"items/tente.yaml": tent, "items/bottes.yaml": boots}))
    build(site)
    item = text(site.output / "items/tente/index.html")
    assert "Tailles 42 44 surtout 42" in item and f"Tailles{NBSP}:" not in item, "the fact's heading names them once"
    assert f"Tailles{NBSP}: 42 44 surtout 42" in text(site.output / "index.html")
    assert "Sizes 42 44 most wanted: 42" in text(site.output / "en/items/tente/index.html")
    assert "Sizes: 42 44 most wanted: 42" in text(site.output / "en/index.html")
    category = site.output / "categories/shelter/index.html"
    shown = text(category)
    assert "Par taille" in shown and "Taille 42 Bottes Tente la plus demandée" in shown
    assert "Taille 40 Bottes" in shown and "Taille 44 Tente" in shown
    anchors = [href for href in hrefs(category) if href.startswith("#size-")]
    assert anchors == ["#size-1", "#size-2", "#size-3"]  # 42 and 44 as the tent names them, then 40
    items = json.loads((site.output / "needs.json").read_text())["items"]
    sizes = next(item["sizes"] for item in items if item["slug"] == "tente")
    assert sizes == {
        "needed": [{"fr": "42", "en": "42"}, {"fr": "44", "en": "44"}],
        "wanted": [{"fr": "42", "en": "42"}],
    }


def test_item_page_offers_every_way_to_help(make_site, options):
    build(options(make_site()))
    path = options(make_site()).output / "items/tente/index.html"
    links = dict(parse(path).links)
    assert "https://shop.example.com/tent" in links, "the shop that delivers"
    assert "https://dons.example.org/" in links, "money instead"
    source = unescaped(path)
    assert "Association Test\n1 rue de l'Exemple, 62100 Ville" in source, "the shipping address, whole"
    assert "Entrepôt ouvert le samedi" in source, "the drop-off"


def test_an_item_can_send_money_to_its_own_donate_page(make_site, options):
    tent = (make_site() / "items/tente.yaml").read_text() + "donate: https://dons.example.org/tentes\n"
    build(options(make_site({"items/tente.yaml": tent})))
    assert "https://dons.example.org/tentes" in hrefs(options(make_site()).output / "items/tente/index.html")


@pytest.mark.parametrize("status", ["enough", "paused"])
def test_an_item_not_needed_offers_no_buy_link_and_no_address(make_site, options, status):
    tent = (make_site() / "items/tente.yaml").read_text().replace("status: needed", f"status: {status}")
    build(options(make_site({"items/tente.yaml": tent})))
    path = options(make_site()).output / "items/tente/index.html"
    assert "https://shop.example.com/tent" not in hrefs(path)
    assert "1 rue de l'Exemple" not in unescaped(path)
    assert "https://shop.example.com/tent" not in unescaped(options(make_site()).output / "index.html")


def test_outbound_links_carry_noopener_noreferrer(make_site, options):
    build(options(make_site()))
    for path in options(make_site()).output.rglob("*.html"):
        for href, attributes in parse(path).links:
            if href.startswith(("http://", "https://")):
                assert set((attributes.get("rel") or "").split()) >= {"noopener", "noreferrer"}, (path, href)


def test_item_page_lists_its_testimonies_with_quote_and_link(make_site, options):
    build(options(make_site()))
    path = options(make_site()).output / "items/tente/index.html"
    assert "/testimonies/samir/" in hrefs(path)
    page = text(path)
    assert "Samir" in page and "Elle m'a gardé au sec." in page and "décembre 2020" in page


def test_testimony_without_quote_shows_its_opening_lines_on_item_pages(make_site, options):
    samir = (make_site() / "testimonies/samir.md").read_text().replace('quote: "Elle m\'a gardé au sec."\n', "")
    build(options(make_site({"testimonies/samir.md": samir})))
    assert "La tente m'a gardé au sec tout l'hiver." in text(options(make_site()).output / "items/tente/index.html")


def test_testimony_page_shows_the_text_and_the_items_with_their_ways_to_help(make_site, options):
    build(options(make_site()))
    path = options(make_site()).output / "testimonies/samir/index.html"
    page = text(path)
    assert "La tente m'a gardé au sec tout l'hiver." in page and "Samir" in page and "Calais" in page
    assert "/items/tente/" in hrefs(path)
    assert "https://shop.example.com/tent" in hrefs(path)


def test_needs_list_orders_by_urgency_then_name_and_sets_other_statuses_apart(make_site, options):
    def item(name: str, urgency: str, status: str = "needed") -> str:
        return f"name: {name}\ncategory: hygiene\nurgency: {urgency}\nstatus: {status}\n"

    content = make_site(
        {
            "items/savon.yaml": item("Savon", "low"),
            "items/brosse.yaml": item("Brosse", "low"),
            "items/couches.yaml": item("Couches", "high"),
            "items/serviettes.yaml": item("Serviettes", "urgent", "enough"),
            "items/seaux.yaml": item("Seaux", "urgent", "paused"),
        }
    )
    build(options(content))
    index = options(content).output / "index.html"
    order = [h for h in hrefs(index) if h.startswith("/items/")]
    first = list(dict.fromkeys(order))
    assert first == [
        "/items/tente/",
        "/items/couches/",
        "/items/brosse/",
        "/items/savon/",
        "/items/serviettes/",
        "/items/seaux/",
    ]


def test_category_page_lists_only_its_items(make_site, options):
    content = make_site({"items/savon.yaml": "name: Savon\ncategory: hygiene\n"})
    build(options(content))
    output = options(content).output
    assert "/items/savon/" in hrefs(output / "categories/hygiene/index.html")
    assert "/items/tente/" not in hrefs(output / "categories/hygiene/index.html")
    assert "/items/tente/" in hrefs(output / "categories/shelter/index.html")


WITHDRAWN = """\
---
author: Yonastar
items: [tente]
date: 2019
consent: {date: 2020-01-01}
withdrawn: true
---
Zanzibarquoll a raconté sa nuit sous la pluie.
"""


def test_a_withdrawn_testimony_leaves_no_trace_in_any_file(make_site, options):
    content = make_site(
        {
            "testimonies/yonas-nuit.md": WITHDRAWN,
            "testimonies/yonas-nuit.en.md": "---\nquote: Quollbright\n---\nZanzibarquoll told of his night.\n",
        }
    )
    build(options(content))
    for path, data in all_bytes(options(content).output).items():
        for trace in (b"yonas", b"Yonastar", b"Zanzibarquoll", b"Quollbright"):
            assert trace not in data, (path, trace)


def test_withdrawing_a_published_testimony_removes_it_at_the_next_build(make_site, options):
    content = make_site()
    build(options(content))
    assert b"Samir" in (options(content).output / "items/tente/index.html").read_bytes()
    samir = (content / "testimonies/samir.md").read_text().replace("---\nLa tente", "withdrawn: true\n---\nLa tente")
    build(options(make_site({"testimonies/samir.md": samir})))
    for path, data in all_bytes(options(content).output).items():
        assert b"Samir" not in data and b"samir" not in data, path


def test_a_withdrawn_testimony_is_removed_even_when_the_rest_of_its_file_is_broken(make_site, options):
    broken = "---\nauthor: Yonastar\nwithdrawn: true\nitems: [nothing-like-this]\nunknown: 1\n---\nZanzibarquoll\n"
    content = make_site({"testimonies/yonas-nuit.md": broken})
    build(options(content))
    assert not any(b"Zanzibarquoll" in data for data in all_bytes(options(content).output).values())


def test_a_draft_is_built_only_with_drafts(make_site, options):
    draft = (
        "---\nauthor: Draftina\nitems: [tente]\ndate: 2021\nconsent: {date: 2021-02-01}\ndraft: true\n---\nBrouillon.\n"
    )
    content = make_site({"testimonies/brouillon.md": draft})
    build(options(content))
    assert not (options(content).output / "testimonies/brouillon").exists()
    assert not any(b"Draftina" in data for data in all_bytes(options(content).output).values())
    build(options(content, drafts=True))
    assert (options(content).output / "testimonies/brouillon/index.html").is_file()


def test_the_same_content_builds_a_byte_identical_site(make_site, tmp_path, options):
    content = make_site({"images/tente.jpg": picture_with_gps(), "items/tente.yaml": TENT_WITH_IMAGE})
    first = build(options(content))
    before = all_bytes(options(content).output)
    shutil.rmtree(options(content).output)
    second = build(options(content))
    assert all_bytes(options(content).output) == before
    assert first.written == second.written


def copy_theme(tmp_path: Path) -> Path:
    """Return a copy of the real theme that a test may break."""
    from conftest import TEMPLATES

    theme = tmp_path / "theme"
    shutil.copytree(TEMPLATES, theme)
    return theme


def test_a_template_error_leaves_the_previous_output_intact(make_site, options, tmp_path):
    content = make_site()
    theme = copy_theme(tmp_path)
    opts = options(content)
    opts = type(opts)(content, theme, opts.output)
    build(opts)
    before = all_bytes(opts.output)
    item = theme / "item.html"
    lines = item.read_text().splitlines()
    block = next(n for n, line in enumerate(lines) if "{% block main %}" in line)
    lines.insert(block + 1, "{{ item.no_such_field.oops }}")
    item.write_text("\n".join(lines) + "\n")
    with pytest.raises(ContentError) as error:
        build(opts)
    assert [p.path for p in error.value.problems] == ["theme/item.html"]
    assert error.value.problems[0].line == block + 2
    assert all_bytes(opts.output) == before


def test_a_template_syntax_error_names_its_file_and_line(make_site, options, tmp_path):
    theme = copy_theme(tmp_path)
    (theme / "page.html").write_text("{% extends 'base.html' %}\n{% block main %}\n{% if %}\n{% endblock %}\n")
    opts = options(make_site())
    with pytest.raises(ContentError) as error:
        check(type(opts)(opts.content, theme, opts.output), datetime.date(2026, 11, 26))
    problem = error.value.problems[0]
    assert (problem.path, problem.line) == ("theme/page.html", 3)
    assert "template syntax error" in problem.message


def test_bad_content_leaves_the_previous_output_intact(make_site, options):
    content = make_site()
    build(options(content))
    before = all_bytes(options(content).output)
    make_site({"items/tente.yaml": TENT_WITH_IMAGE.replace("urgency: urgent", "urgency: tres")})
    with pytest.raises(ContentError):
        build(options(content))
    assert all_bytes(options(content).output) == before


def test_a_missing_ui_string_fails_the_build_naming_key_and_language(make_site, options, tmp_path):
    theme = copy_theme(tmp_path)
    strings = theme / "i18n" / "fr.yaml"
    kept = [line for line in strings.read_text().splitlines() if not line.startswith("skip_link:")]
    assert len(kept) < len(strings.read_text().splitlines()), "the theme has a skip_link string"
    strings.write_text("\n".join(kept) + "\n")
    opts = options(make_site())
    with pytest.raises(ContentError) as error:
        build(type(opts)(opts.content, theme, opts.output))
    assert [str(p) for p in error.value.problems] == [
        "theme/i18n/fr.yaml: the UI string 'skip_link' is missing in 'fr' — add 'skip_link: ...' to it"
    ]
    assert not opts.output.exists()


def test_a_sub_path_base_url_prefixes_every_internal_link(make_site, options):
    content = make_site()
    build(options(content, base_url="https://asso.github.io/besoins/"))
    for path in options(content).output.rglob("*.html"):
        for href in hrefs(path):
            assert href.startswith(("https://", "http://", "#", "/besoins/", "mailto:")), (path, href)


def test_pages_request_nothing_from_other_hosts(make_site, options):
    import re

    build(options(make_site()))
    for path in options(make_site()).output.rglob("*.html"):
        source = path.read_text()
        for tag in re.findall(r"<(?:script|link|img|source|iframe)\b[^>]*>", source):
            if re.search(r'rel="(canonical|alternate)"', tag):
                continue  # addresses of this page, not requests
            for url in re.findall(r'(?:src|href|srcset)="([^"]*)"', tag):
                assert url.startswith("/"), (path, tag)


TENT_WITH_IMAGE = """\
name: {fr: Tente, en: Tent}
category: shelter
urgency: urgent
image: {src: tente.jpg, alt: {fr: Une tente bleue, en: A blue tent}}
buy:
  - {label: Boutique, url: "https://shop.example.com/tent"}
"""


def test_pictures_no_page_uses_are_not_published(make_site, options):
    content = make_site({"images/unused.jpg": picture_with_gps()})
    build(options(content))
    assert not (options(content).output / "images").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"plain text, not a picture", "this is not a picture the generator can read"),
        (b"\xff\xd8\xff\xe0 a JPEG header and then nothing", "the picture is damaged or truncated"),
        (picture_with_gps()[:400], "the picture is damaged or truncated"),
    ],
)
def test_a_broken_picture_is_reported_with_its_path(make_site, options, data, message):
    content = make_site({"images/tente.jpg": data, "items/tente.yaml": TENT_WITH_IMAGE})
    with pytest.raises(ContentError) as error:
        build(options(content))
    assert [p.path for p in error.value.problems] == ["content/images/tente.jpg"]
    assert error.value.problems[0].message.startswith(message)
    assert "(used by content/items/tente.yaml)" in error.value.problems[0].hint


def test_raw_html_in_markdown_reaches_the_page_only_as_text(make_site, options):
    samir = (make_site() / "testimonies/samir.md").read_text() + "\n<script>alert(1)</script> <b onclick=x>b</b>\n"
    build(options(make_site({"testimonies/samir.md": samir})))
    page = (options(make_site()).output / "testimonies/samir/index.html").read_text()
    assert "<script>alert" not in page and "<b onclick" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_dangerous_link_in_markdown_fails_the_build_at_its_line(make_site, options):
    samir = (make_site() / "testimonies/samir.md").read_text() + "\nVoir [ici](javascript:alert(1)).\n"
    content = make_site({"testimonies/samir.md": samir})
    with pytest.raises(ContentError) as error:
        build(options(content))
    assert [str(p) for p in error.value.problems] == [
        "content/testimonies/samir.md:11: the link 'javascript:alert(1)' uses 'javascript:', which is not allowed"
        " — links start with https://, http:// or mailto:, or lead to a page of this site from its root,"
        " like /items/tente/"
    ]


def test_a_refused_link_in_an_item_description_is_located(make_site, options):
    tent = "name: Tente\ncategory: shelter\ndescription:\n  fr: |\n    Une tente.\n\n    [x](data:text/html,hi)\n"
    with pytest.raises(ContentError) as error:
        build(options(make_site({"items/tente.yaml": tent})))
    assert [(p.path, p.line) for p in error.value.problems] == [("content/items/tente.yaml", 7)]


def dated_testimonies(count: int) -> dict[str, str]:
    """Return `count` testimonies about the tent, one a month from January 2000, so the oldest are known."""
    return {
        f"testimonies/t{n:04d}.md": f"---\nauthor: Auteur {n}\nitems: [tente]\n"
        f"date: {2000 + n // 12}-{n % 12 + 1:02d}\nconsent: {{date: 2021-01-01}}\n---\nTémoignage numéro {n}.\n"
        for n in range(count)
    }


def listed(page: Path) -> list[str]:
    """Return the testimonies a page of the list links to, in order."""
    return [found.group(1) for h in hrefs(page) if (found := re.fullmatch(r"(?:/en)?/testimonies/(t\d{4})/", h))]


@pytest.mark.parametrize(
    ("count", "sizes"),
    [(0, [0]), (49, [49]), (50, [50]), (99, [99]), (100, [50, 50]), (101, [51, 50]), (250, [50, 50, 50, 50, 50])],
)
def test_the_testimonies_list_keeps_the_newest_first_and_fifty_a_page_after(count, sizes):
    testimonies = tuple(range(count, 0, -1))  # newest first
    lists = paged_testimonies(testimonies)  # type: ignore[arg-type]
    assert [len(values["testimonies"]) for _, values in lists] == sizes
    assert [t for _, values in lists for t in values["testimonies"]] == list(testimonies)
    assert [path for path, _ in lists] == [
        "testimonies/",
        *(f"testimonies/page/{n}/" for n in range(len(sizes) - 1, 0, -1)),
    ]


def test_the_pages_of_the_testimonies_list_link_each_other_and_list_each_testimony_once(make_site, options):
    built = options(make_site(dated_testimonies(130)))  # and samir: 131 in all
    build(built)
    for root in (built.output, built.output / "en"):
        first, oldest = root / "testimonies/index.html", root / "testimonies/page/1/index.html"
        assert listed(oldest) == [f"t{n:04d}" for n in range(49, -1, -1)]  # the fifty oldest, newest first
        assert len(listed(first)) == 80 and "Samir" in text(first)
        assert [h for h in hrefs(first) if "/testimonies/page/" in h] == [
            ("/en" if root != built.output else "") + "/testimonies/page/1/"
        ]
        assert any(h.endswith("/testimonies/") for h in hrefs(oldest))
    assert "Témoignages, page 1" in text(built.output / "testimonies/page/1/index.html")
    assert not (built.output / "testimonies/page/2").exists()
