"""Every page in every site language: switcher, hreflang, fallbacks, right-to-left text, locale formats."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import SITE_YAML, TEMPLATES
from sitegen.build import Options, build
from sitegen.errors import ContentError
from support import all_bytes, text, unescaped

NBSP, NNBSP = "\u00a0", "\u202f"


def html_pages(output: Path) -> list[str]:
    """Return the site-relative paths of every HTML page."""
    return sorted(path for path in all_bytes(output) if path.endswith(".html"))


def alternates(path: Path) -> dict[str, str]:
    """Return a page's hreflang alternates: {hreflang: href}."""
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', path.read_text()))


def switcher(path: Path) -> dict[str, str]:
    """Return the language switcher's links: {lang: href}."""
    nav = re.search(r'<nav class="languages".*?</nav>', path.read_text(), re.S)
    assert nav, path
    return dict((lang, href) for href, lang in re.findall(r'<a href="([^"]+)" lang="([^"]+)"', nav.group(0)))


def file_of(output: Path, url: str) -> Path:
    """Return the file a root-relative or absolute URL of the site points to."""
    path = re.sub(r"^https://aide\.example\.org/", "", url).lstrip("/")
    return output / (path if path.endswith(".html") else path + "index.html")


def language_of(output: Path, page: str) -> str:
    """Return a built page's language, from its folder."""
    return "en" if page.startswith("en/") else "fr"


def test_every_page_has_html_lang_and_dir_of_its_language(make_site, options):
    build(options(make_site()))
    output = options(make_site()).output
    for page in html_pages(output):
        head = (output / page).read_text()[:200]
        assert f'<html lang="{language_of(output, page)}" dir="ltr" data-script="Latn">' in head, page


def test_the_switcher_lands_on_the_same_page_in_the_other_language(make_site, options):
    build(options(make_site()))
    output = options(make_site()).output
    for page in html_pages(output):
        links = switcher(output / page)
        neutral = page.removeprefix("en/")
        assert set(links) == {"fr", "en"}
        assert file_of(output, links["fr"]) == output / neutral, page
        assert file_of(output, links["en"]) == output / "en" / neutral, page


def test_hreflang_alternates_are_complete_and_reciprocal(make_site, options):
    build(options(make_site()))
    output = options(make_site()).output
    for page in html_pages(output):
        links = alternates(output / page)
        assert set(links) == {"fr", "en", "x-default"}, page
        assert links["x-default"] == links["fr"]
        assert output / page in {file_of(output, href) for href in links.values()}, "lists itself"
        for href in links.values():
            assert alternates(file_of(output, href)) == links, (page, href)


def test_a_text_missing_in_the_page_language_falls_back_marked_and_announced(make_site, options):
    content = make_site({"items/tente.yaml": "name: Tente igloo\ncategory: shelter\ndescription: Une *bonne* tente.\n"})
    build(options(content))
    english = (options(content).output / "en/items/tente/index.html").read_text()
    assert '<h1><span lang="fr" dir="ltr" data-script="Latn">Tente igloo</span></h1>' in english
    assert '<div lang="fr" dir="ltr" data-script="Latn"><p>Une <em>bonne</em> tente.</p></div>' in english
    assert "Parts of this page are not translated yet and are shown in French." in english
    french = (options(content).output / "items/tente/index.html").read_text()
    assert "<h1>Tente igloo</h1>" in french and "pas encore traduite" not in french


ABOUT_EN = {"pages/about.en.md": "---\ntitle: About\n---\nWe are a fictional association.\n"}


def test_a_fully_translated_page_has_no_notice(make_site, options):
    build(options(make_site(ABOUT_EN)))
    output = options(make_site()).output
    assert "not translated yet" not in (output / "en/categories/shelter/index.html").read_text()
    assert "not translated yet" in (output / "en/items/tente/index.html").read_text(), "its description is French"


def test_an_untranslated_menu_entry_is_marked_but_says_untranslated_on_its_own_page_only(make_site, options):
    build(options(make_site()))
    output = options(make_site()).output
    english = (output / "en/categories/shelter/index.html").read_text()
    assert re.search(r'<a href="/en/about/"><span lang="fr" dir="ltr"[^>]*>À propos</span></a>', english)
    assert "not translated yet" not in english
    assert "not translated yet" in (output / "en/about/index.html").read_text()


def test_names_written_once_stand_for_every_language(make_site, options):
    build(options(make_site(ABOUT_EN)))
    english = (options(make_site()).output / "en/testimonies/index.html").read_text()
    assert "Association Test</a>" in english
    assert 'lang="fr" dir="ltr" data-script="Latn">Association Test' not in english
    assert "not translated yet" not in english


ARABIC = """\
---
author: Amal
items: [tente]
date: 2019-03
lang: ar
consent: {date: 2021-05-01}
quote: "كانت الخيمة بيتي الصغير."
---
كانت الخيمة بيتي الصغير في الشتاء.
"""


def test_an_arabic_original_reads_right_to_left_inside_a_left_to_right_page(make_site, options):
    content = make_site({"testimonies/amal.md": ARABIC})
    build(options(content))
    output = options(content).output
    for page in ("testimonies/amal/index.html", "en/testimonies/amal/index.html", "items/tente/index.html"):
        source = (output / page).read_text()
        assert source.startswith('<!doctype html>\n<html lang="') and 'dir="ltr" data-script="Latn">' in source[:80]
        block = re.search(r'<(\w+) class="[^"]*" lang="ar" dir="rtl" data-script="Arab">\s*(?:<p>)?كانت الخيمة', source)
        assert block, page


def test_a_translation_is_shown_with_its_translator_and_a_link_to_the_original(make_site, options):
    content = make_site(
        {
            "testimonies/amal.md": ARABIC,
            "testimonies/amal.fr.md": "---\nquote: La tente était ma petite maison.\ntranslated_by: Nour\n---\n"
            "La tente était ma petite maison, l'hiver.\n",
        }
    )
    build(options(content))
    output = options(content).output
    french = output / "testimonies/amal/index.html"
    assert "La tente était ma petite maison, l'hiver." in text(french)
    assert "Traduit par Nour." in text(french)
    source = french.read_text()
    assert '<a href="#original">Lire l&#39;original, en arabe</a>' in source
    assert re.search(r'id="original" lang="ar" dir="rtl" data-script="Arab">\s*<p>كانت الخيمة', source, re.S)
    assert "La tente était ma petite maison." in text(output / "items/tente/index.html")
    english = output / "en/testimonies/amal/index.html"
    assert "كانت الخيمة بيتي الصغير في الشتاء." in text(english), "no English translation: the original"
    assert "This testimony is also translated into:" in text(english)
    assert '<a href="/testimonies/amal/" hreflang="fr">French</a>' in english.read_text()


def test_prices_dates_and_numbers_follow_the_page_locale(make_site, options):
    tent = (
        "name: Tente\ncategory: shelter\nprice: 1250.5\nupdated: 2026-11-20\nquantity: {needed: 1200, received: 45}\n"
    )
    build(options(make_site({"items/tente.yaml": tent})))
    output = options(make_site()).output
    french = text(output / "items/tente/index.html")
    english = text(output / "en/items/tente/index.html")
    assert f"1{NNBSP}250,50{NBSP}€" in french and "€1,250.50" in english
    assert "20 novembre 2026" in french and "November 20, 2026" in english
    assert f"45 reçus sur 1{NNBSP}200" in french and "1,200" in english
    samir_fr = text(output / "testimonies/samir/index.html")
    samir_en = text(output / "en/testimonies/samir/index.html")
    assert "décembre 2020" in samir_fr and "December 2020" in samir_en


def copy_theme(tmp_path: Path) -> Path:
    """Return a copy of the real theme that a test may change."""
    theme = tmp_path / "theme"
    shutil.copytree(TEMPLATES, theme)
    return theme


def test_a_ui_string_missing_in_one_language_fails_with_its_key_and_language(make_site, tmp_path):
    theme = copy_theme(tmp_path)
    english = theme / "i18n" / "en.yaml"
    english.write_text(
        "".join(line + "\n" for line in english.read_text().splitlines() if not line.startswith("nav_needs:"))
    )
    content = make_site()
    with pytest.raises(ContentError) as error:
        build(Options(content, theme, tmp_path / "out"))
    assert [str(p) for p in error.value.problems] == [
        "theme/i18n/en.yaml: the UI string 'nav_needs' is missing in 'en' — add 'nav_needs: ...' to it"
    ]
    assert not (tmp_path / "out").exists()


def test_adding_a_language_is_adding_a_strings_file_and_a_languages_entry(make_site, tmp_path):
    theme = copy_theme(tmp_path)
    shutil.copy(theme / "i18n" / "en.yaml", theme / "i18n" / "ar.yaml")  # to be translated; enough to build
    content = make_site({"site.yaml": SITE_YAML.replace("languages: [fr, en]", "languages: [fr, en, ar]")})
    build(Options(content, theme, tmp_path / "out"))
    arabic = (tmp_path / "out" / "ar/items/tente/index.html").read_text()
    assert '<html lang="ar" dir="rtl" data-script="Arab">' in arabic
    switcher = 'lang="ar" hreflang="ar" dir="rtl" data-script="Arab" aria-current="page">العربية</a>'
    assert f'<a href="/ar/items/tente/" {switcher}' in arabic
    assert set(alternates(tmp_path / "out" / "items/tente/index.html")) == {"fr", "en", "ar", "x-default"}


def test_a_site_language_without_locale_data_is_refused(make_site, options):
    content = make_site({"site.yaml": SITE_YAML.replace("languages: [fr, en]", "languages: [fr, zz]")})
    with pytest.raises(ContentError) as error:
        build(options(content))
    assert str(error.value.problems[0]) == (
        "content/site.yaml:4: 'languages[2]' is 'zz', which is not a language code"
        " — a code is 2 or 3 lowercase letters from ISO 639 (fa, prs, ckb), or with a region (fa-AF)"
    )


def test_the_example_site_is_whole_in_english(example_site):
    for page in html_pages(example_site):
        if page.startswith("en/"):
            assert "not translated yet" not in (example_site / page).read_text(), page
    hamid = example_site / "en/testimonies/hamid-la-pluie-au-dessus/index.html"
    assert "Translated by" in text(hamid)
    assert 'lang="ar" dir="rtl"' in unescaped(hamid)


def test_templates_hold_no_human_language_text():
    found = []
    for template in sorted(TEMPLATES.glob("*.html")):
        source = template.read_text()
        code = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", source, flags=re.S)
        attributes = re.findall(r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"', code)
        visible = re.sub(r"<[^>]*>", " ", code)
        for words in [*attributes, visible]:
            if re.search(r"[^\W\d_]{2,}", words):
                found.append((template.name, re.findall(r"[^\W\d_]{2,}", words)[:5]))
    assert found == []
