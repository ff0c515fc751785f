"""An association's own languages: strings in content/i18n/, codes from CLDR, languages in preparation, warnings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_i18n import html_pages

from conftest import SAMIR_MD, SITE_YAML, TEMPLATES, TENT_YAML
from sitegen.build import Options, build, check
from sitegen.cli import main
from sitegen.content.load import load_config
from sitegen.content.scaffold import create
from sitegen.errors import ContentError, SiteError
from sitegen.pages.strings import new_language

DAY = __import__("datetime").date(2026, 12, 6)
WITH_FA = SITE_YAML.replace("languages: [fr, en]", "languages: [fr, en, fa]")
PREPARING_FA = SITE_YAML.replace("languages: [fr, en]", "languages: [fr, en]\ndraft_languages: [fa]")


def persian_strings(content: Path, leave_out: tuple[str, ...] = ()) -> Path:
    """Write content/i18n/fa.yaml with `new language`, every text "translated" but those left out."""
    made = new_language(TEMPLATES, content, load_config(content), "fa")
    create(made)
    text = made.path.read_text(encoding="utf-8")
    filled = re.sub(
        r'^(\w+): ""$',
        lambda m: m.group(0) if m.group(1) in leave_out else f'{m.group(1)}: "فا {m.group(1)}"',
        text,
        flags=re.M,
    )
    made.path.write_text(filled, encoding="utf-8")
    return made.path


def problems_of(options: Options) -> list[str]:
    """Return every problem a build reports, as printed."""
    with pytest.raises(ContentError) as error:
        build(options)
    return [str(problem) for problem in error.value.problems]


# Interface strings from content/i18n/


def test_new_language_writes_every_key_with_the_default_text_above_it(make_site):
    content = make_site()
    made = new_language(TEMPLATES, content, load_config(content), "fa")
    theme_keys = re.findall(r"^(\w+):", (TEMPLATES / "i18n" / "fr.yaml").read_text(), re.M)
    assert made.path == content / "i18n" / "fa.yaml"
    assert re.findall(r'^(\w+): ""$', made.text, re.M) == theme_keys
    assert '# fr: Aller au contenu\nskip_link: ""\n' in made.text
    assert made.todo[0] == "add 'fa' to draft_languages in site.yaml"


def test_new_language_refuses_an_unknown_code_suggesting_the_right_one(make_site):
    content = make_site()
    with pytest.raises(SiteError, match=r"'farsi' is not a language code .* did you mean 'fa' \(Persian\)\?"):
        new_language(TEMPLATES, content, load_config(content), "farsi")


def test_a_third_language_added_through_content_alone_builds_a_whole_right_to_left_site(make_site, options):
    content = make_site({"site.yaml": WITH_FA})
    persian_strings(content)
    build(options(content))
    output = options(content).output
    persian = [page for page in html_pages(output) if page.startswith("fa/")]
    assert len(persian) == len([page for page in html_pages(output) if page.startswith("en/")]) > 5
    for page in persian:
        html = (output / page).read_text()
        assert re.search(r'<html lang="fa" dir="rtl"', html), page
        assert "فا skip_link" in html, page
    needs = (output / "fa/index.html").read_text()
    assert re.search(r'hreflang="fa" dir="rtl"[^>]*>فارسی</a>', needs)
    assert (TEMPLATES / "i18n" / "fa.yaml").exists() is False, "the theme is untouched"


def test_a_published_language_missing_strings_fails_naming_key_language_and_file(make_site, options):
    content = make_site({"site.yaml": WITH_FA})
    persian_strings(content, leave_out=("nav_needs", "skip_link"))
    assert problems_of(options(content)) == [
        f"content/i18n/fa.yaml: the UI string '{key}' is not translated into 'fa' yet, and 'fa' is published"
        " — translate it, or keep 'fa' in site.yaml's draft_languages until every string is"
        for key in ("nav_needs", "skip_link")
    ]


def test_a_site_language_without_any_strings_says_how_to_start_them(make_site, options):
    assert problems_of(options(make_site({"site.yaml": WITH_FA}))) == [
        "content/i18n/fa.yaml: there are no UI strings for the site language 'fa'"
        " — run `python generate.py new language fa`: it writes content/i18n/fa.yaml with every string to translate"
    ]


def test_content_strings_override_the_theme_key_by_key(make_site, options):
    content = make_site({"i18n/en.yaml": 'nav_needs: "What we lack"\n'})
    build(options(content))
    english = (options(content).output / "en/index.html").read_text()
    assert ">What we lack</a>" in english and ">Testimonies</a>" in english  # the others stay the theme's


def test_an_unknown_key_in_content_strings_is_an_error_with_a_suggestion(make_site, options):
    content = make_site({"i18n/en.yaml": '# ours\nnav_need: "What we lack"\n'})
    assert problems_of(options(content)) == [
        "content/i18n/en.yaml:2: 'nav_need' is not one of the theme's UI strings — did you mean 'nav_needs'?"
    ]


# Language codes from CLDR


@pytest.mark.parametrize(
    ("code", "name"),
    [("ar", "arabe"), ("fa", "persan"), ("prs", "dari"), ("ckb", "sorani"), ("ps", "pachto"), ("ur", "ourdou")],
)
def test_right_to_left_originals_read_right_to_left_named_by_cldr_inside_a_french_page(make_site, options, code, name):
    content = make_site({"testimonies/samir.md": SAMIR_MD.replace("place: Calais", f"place: Calais\nlang: {code}")})
    build(options(content))
    french = (options(content).output / "testimonies/samir/index.html").read_text()
    assert re.search(rf'lang="{code}" dir="rtl"', french)
    assert f"écrit en {name}" in french and f"en {code}<" not in french


def test_content_strings_changed_after_a_build_show_in_the_next_one(make_site, tmp_path):
    content = make_site({"i18n/en.yaml": 'nav_needs: "What we lack"\n'})
    options = Options(content, TEMPLATES, tmp_path / "site", cache=tmp_path / "cache", today=DAY)
    build(options)
    (content / "i18n" / "en.yaml").write_text('nav_needs: "Needed now"\n')
    build(options)
    english = (tmp_path / "site/en/items/tente/index.html").read_text()
    assert ">Needed now</a>" in english and "What we lack" not in english


def test_dari_as_a_site_language_is_right_to_left_and_named_by_cldr(make_site, options):
    content = make_site({"site.yaml": SITE_YAML.replace("languages: [fr, en]", "languages: [fr, en, prs]")})
    create(new_language(TEMPLATES, content, load_config(content), "prs"))
    (content / "i18n" / "prs.yaml").write_text((TEMPLATES / "i18n" / "en.yaml").read_text())
    build(options(content))
    dari = (options(content).output / "prs/items/tente/index.html").read_text()
    assert re.search(r'<html lang="prs" dir="rtl"', dari)
    assert re.search(r'hreflang="prs" dir="rtl"[^>]*>دری</a>', dari)


# Languages in preparation


def test_text_in_a_language_in_preparation_is_kept_and_published_only_with_drafts(make_site, tmp_path):
    content = make_site(
        {
            "site.yaml": PREPARING_FA,
            "items/tente.yaml": TENT_YAML.replace(
                "name: {fr: Tente, en: Tent}", "name: {fr: Tente, en: Tent, fa: چادر}"
            ),
            "testimonies/samir.fa.md": "---\nquote: «خشک ماندم.»\ntranslated_by: Leyla\n---\nمرا خشک نگه داشت.\n",
        }
    )
    build(Options(content, TEMPLATES, tmp_path / "public", today=DAY))
    assert not (tmp_path / "public" / "fa").exists()
    assert "fa" not in (tmp_path / "public/items/tente/index.html").read_text().split("hreflang=")[-1][:4]
    build(Options(content, TEMPLATES, tmp_path / "preview", drafts=True, today=DAY))
    persian = (tmp_path / "preview/fa/items/tente/index.html").read_text()
    assert re.search(r'<html lang="fa" dir="rtl"', persian) and "<h1>چادر</h1>" in persian
    assert "Skip to" not in persian and "\u2066Aller au contenu\u2069" in persian, "the default language's, isolated"


def test_a_language_both_published_and_in_preparation_is_refused(make_site, options):
    site_yaml = SITE_YAML.replace("languages: [fr, en]", "languages: [fr, en]\ndraft_languages: [en]")
    assert problems_of(options(make_site({"site.yaml": site_yaml}))) == [
        "content/site.yaml:5: 'en' is in both languages and draft_languages — remove it from draft_languages"
    ]


def test_a_page_missing_in_one_language_says_so_on_that_page_only(make_site, options):
    content = make_site({"items/tente.yaml": TENT_YAML.replace("description: |\n  Une tente *solide*.\n", "")})
    build(options(content))
    output = options(content).output
    assert "not translated yet" in (output / "en/about/index.html").read_text()
    for page in ("en/index.html", "en/items/tente/index.html", "en/testimonies/samir/index.html"):
        assert "not translated yet" not in (output / page).read_text(), page


# Warnings that stay readable


def test_warnings_come_grouped_with_what_needs_action_first(make_site, options):
    stale = TENT_YAML.replace("updated: 2026-11-20", "updated: 2026-09-11")
    content = make_site({"site.yaml": PREPARING_FA, "items/tente.yaml": stale})
    report = check(options(content), DAY)
    groups = [warning.group for warning in report.warnings]
    assert groups[0] == "stale" and groups == sorted(groups, key=["stale", "translation", "draft-language"].index)
    assert {w.lang for w in report.warnings if w.group == "draft-language"} == {"fa"}


def test_check_lists_a_language_in_preparation_only_when_asked_and_sums_up_in_one_line(runner, make_site):
    stale = TENT_YAML.replace("updated: 2026-11-20", "updated: 2026-09-11")
    content = make_site({"site.yaml": PREPARING_FA, "items/tente.yaml": stale})
    common = ["check", "--content", str(content), "--templates", str(TEMPLATES), "--date", "2026-12-06"]
    every = runner.invoke(main, common)
    assert every.exit_code == 0, every.output
    assert "'fa'" not in every.stderr.replace("(in preparation", "")
    summary = every.stdout.splitlines()[-1]
    assert summary.startswith("No problems: ") and summary.index("1 need to check again") < summary.index("'en'")
    assert "files not translated into 'fa' yet (in preparation" in summary
    persian = runner.invoke(main, [*common, "--lang", "fa"])
    listed = [line for line in persian.stderr.splitlines() if line.startswith("warning:")]
    assert listed[0].startswith("warning: content/items/tente.yaml: this urgent need was last checked 86 days ago")
    assert all("'en'" not in line for line in listed) and any("into 'fa'" in line for line in listed)


def test_a_testimony_without_a_translation_into_the_default_language_is_a_warning(make_site, options):
    arabic = SAMIR_MD.replace("place: Calais", "place: Calais\nlang: ar")
    content = make_site({"testimonies/samir.md": arabic, "testimonies/samir.en.md": "---\nquote: Dry.\n---\nDry.\n"})
    report = check(options(content), DAY)
    originals = [str(w) for w in report.warnings if w.group == "original"]
    assert originals == [
        "content/testimonies/samir.md: this testimony is in Arabic and has no translation into 'fr': its readers"
        " see the original only — add samir.fr.md beside it, with the translated quote and text"
    ]


# Every problem in one run


def test_one_run_reports_fields_references_theme_strings_and_pictures_together(make_site, options):
    content = make_site(
        {
            "items/tente.yaml": TENT_YAML.replace("urgency: urgent", "urgency: urgnet"),
            "items/couverture.yaml": TENT_YAML.replace("category: shelter", "category: blankets"),
            "items/savon.yaml": TENT_YAML.replace("category: shelter", "category: hygiene")
            + "image: {src: savon.jpg, alt: Savon}\n",
            "images/savon.jpg": b"not a picture at all",
            "testimonies/samir.md": SAMIR_MD.replace("items: [tente]", "items: [tente, bache]"),
            "pages/contact.en.md": "---\ntitle: Contact\n---\nWrite to us.\n",
            "i18n/en.yaml": 'nav_need: "What we lack"\n',
        }
    )
    found = problems_of(options(content))
    expected = [
        "content/items/tente.yaml:3: 'urgency' is 'urgnet'",  # a field
        "content/items/couverture.yaml:2: 'category' refers to 'blankets'",  # a category
        "content/testimonies/samir.md:3: 'items[2]' refers to 'bache'",  # an item
        "content/pages/contact.en.md: this translation has no original page",  # a page
        "content/i18n/en.yaml:1: 'nav_need' is not one of the theme's UI strings",  # theme strings
        "content/images/savon.jpg: this is not a picture",  # a picture
    ]
    for start in expected:
        assert any(problem.startswith(start) for problem in found), (start, found)
    assert not options(content).output.exists()


def test_new_language_on_the_command_line_writes_the_file_once_and_says_what_to_do(runner, make_site):
    content = make_site()
    command = ["new", "language", "fa", "--content", str(content), "--templates", str(TEMPLATES)]
    first = runner.invoke(main, command)
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines() == [
        f"Created {content / 'i18n' / 'fa.yaml'}",
        "Fill in: add 'fa' to draft_languages in site.yaml; translate each text; then move 'fa' to languages."
        " Then run: python generate.py check",
    ]
    again = runner.invoke(main, command)
    assert again.exit_code == 1 and "already exists" in again.stderr
