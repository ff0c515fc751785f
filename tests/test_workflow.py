"""The volunteer's workflow: check's warnings, --strict, GitHub annotations, `new`, progress."""

from __future__ import annotations

import datetime

from conftest import SAMIR_MD, TEMPLATES, TENT_YAML
from sitegen.build import Options, build, check
from sitegen.cli import main

TODAY = datetime.date(2026, 11, 26)
ABOUT_EN = {"pages/about.en.md": "---\ntitle: About\n---\nWe are a fictional association.\n"}
TRANSLATED = {
    **ABOUT_EN,
    "items/tente.yaml": TENT_YAML.replace("description: |\n  Une tente *solide*.\n", ""),
    "testimonies/samir.en.md": "---\nquote: It kept me dry.\n---\nThe tent kept me dry all winter.\n",
}


def run(runner, *args):
    """Invoke the CLI."""
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def warnings_of(content, tmp_path):
    """Return check's warnings as printed."""
    return [str(w) for w in check(Options(content, TEMPLATES, tmp_path / "o"), TODAY).warnings]


def test_an_urgent_need_not_checked_for_60_days_is_a_warning(make_site, tmp_path):
    stale = TRANSLATED["items/tente.yaml"].replace("updated: 2026-11-20", "updated: 2026-09-01")
    assert warnings_of(make_site({**TRANSLATED, "items/tente.yaml": stale}), tmp_path) == [
        "content/items/tente.yaml: this urgent need was last checked 86 days ago (2026-09-01)"
        " — check it is still urgent, then set 'updated: 2026-11-26'"
    ]


def test_an_urgent_need_checked_within_60_days_or_not_urgent_is_fine(make_site, tmp_path):
    recent = TRANSLATED["items/tente.yaml"].replace("updated: 2026-11-20", "updated: 2026-09-28")
    assert warnings_of(make_site({**TRANSLATED, "items/tente.yaml": recent}), tmp_path) == []
    calm = recent.replace("updated: 2026-09-28", "updated: 2020-01").replace("urgency: urgent", "urgency: low")
    assert warnings_of(make_site({**TRANSLATED, "items/tente.yaml": calm}), tmp_path) == []


def test_an_urgent_need_without_a_date_is_a_warning(make_site, tmp_path):
    undated = TRANSLATED["items/tente.yaml"].replace("updated: 2026-11-20\n", "")
    assert warnings_of(make_site({**TRANSLATED, "items/tente.yaml": undated}), tmp_path) == [
        "content/items/tente.yaml: this urgent need does not say when it was last checked"
        " — add 'updated: 2026-11-26' once you have checked it"
    ]


def test_internal_links_that_lead_nowhere_are_warnings_in_the_file_that_holds_them(make_site, tmp_path):
    about = "---\ntitle: À propos\nmenu: 1\n---\n[La tente](/items/tente/), [rien](/items/tent/), [ici](#top).\n"
    warnings = warnings_of(make_site({**TRANSLATED, "pages/about.md": about}), tmp_path)
    assert warnings == [
        "content/pages/about.md: the page /about/ links to /items/tent/, which is not a page of the site"
        " — correct the link, or add the page it points to",
    ]


def test_links_from_the_root_follow_the_site_to_a_sub_path(make_site, options):
    about = "---\ntitle: À propos\nmenu: 1\n---\n[La tente](/items/tente/).\n"
    content = make_site({**TRANSLATED, "pages/about.md": about})
    build(options(content, base_url="https://asso.github.io/besoins/"))
    assert 'href="/besoins/items/tente/"' in (options(content).output / "about/index.html").read_text()


def test_warnings_do_not_fail_check_but_strict_makes_them(runner, make_site):
    content = make_site()  # its testimony and page are not translated into English yet
    assert run(runner, "check", "--content", content, "--templates", TEMPLATES).exit_code == 0
    strict = run(runner, "check", "--strict", "--content", content, "--templates", TEMPLATES)
    assert strict.exit_code == 1
    assert "Error: 3 warnings, and --strict makes them fail the check" in strict.stderr
    translated = make_site(TRANSLATED)
    assert run(runner, "check", "--strict", "--content", translated, "--templates", TEMPLATES).exit_code == 0


def test_github_format_prints_annotations_for_errors(runner, make_site):
    content = make_site({"items/tente.yaml": TENT_YAML.replace("urgency: urgent", "urgency: urgnet")})
    result = run(runner, "check", "--format", "github", "--content", content, "--templates", TEMPLATES)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=content/items/tente.yaml,line=3::'urgency' is 'urgnet', which is not one of urgent, high,"
        " normal, low — did you mean 'urgent'?"
    ]


def test_github_format_prints_annotations_for_warnings_escaping_what_github_reads(runner, make_site):
    samir = SAMIR_MD + "\nÉcrivez à samir.k@example.org, 100% sûr.\n"
    content = make_site({**TRANSLATED, "testimonies/samir.md": samir})
    result = run(runner, "check", "--format", "github", "--content", content, "--templates", TEMPLATES)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "::warning file=content/testimonies/samir.md,line=11::this may identify or locate someone"
        " (e-mail address): 'samir.k@example.org' — remove it or make it vaguer; or, if the author has read it"
        " and wants it kept, list it in 'reviewed_details'"
    ]
    assert "No problems" in result.stderr


def test_new_item_leaves_the_category_to_choose_and_passes_check_once_chosen(runner, make_site, tmp_path):
    content = make_site(TRANSLATED)
    result = run(runner, "new", "item", "--content", content, "Sac de couchage d'été")
    path = content / "items" / "sac-de-couchage-d-ete.yaml"
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"Created {path}"
    fill_in = result.stdout.splitlines()[1]
    assert fill_in.startswith("Fill in: the category (replace CHOOSE with one of shelter, hygiene); urgency"), fill_in
    text = path.read_text()
    assert "fr: Sac de couchage d'été\n" in text and "category: CHOOSE\n" in text
    checked = run(runner, "check", "--content", content, "--templates", TEMPLATES)
    assert checked.exit_code == 1
    assert (
        "content/items/sac-de-couchage-d-ete.yaml:3: 'category' is not chosen yet"
        " — replace CHOOSE with one of hygiene, shelter (from site.yaml categories)"
    ) in checked.stderr
    path.write_text(text.replace("category: CHOOSE", "category: shelter"))
    checked = run(runner, "check", "--content", content, "--templates", TEMPLATES)
    assert checked.exit_code == 0, checked.stderr


def test_new_testimony_is_a_draft_that_passes_check_and_is_not_published(runner, make_site, tmp_path):
    content = make_site(TRANSLATED)
    result = run(runner, "new", "testimony", "--content", content, "--item", "tente", "--author", "Nour")
    path = content / "testimonies" / "nour-tente.md"
    assert result.exit_code == 0 and f"Created {path}" in result.stdout
    assert "draft: true" in path.read_text() and "author:\n  fr: Nour\n  en: Nour\n" in path.read_text()
    assert run(runner, "check", "--content", content, "--templates", TEMPLATES).exit_code == 0
    build(Options(content, TEMPLATES, tmp_path / "site"))
    assert not (tmp_path / "site" / "testimonies" / "nour-tente").exists()


def test_new_refuses_to_overwrite_and_to_name_an_unknown_item(runner, make_site):
    content = make_site()
    assert run(runner, "new", "item", "--content", content, "Tente").exit_code == 1
    assert (content / "items" / "tente.yaml").read_text() == TENT_YAML
    unknown = run(runner, "new", "testimony", "--content", content, "--item", "tent", "--author", "Nour")
    assert unknown.exit_code == 1 and "there is no item 'tent'" in unknown.stderr and "items: tente" in unknown.stderr


def test_a_build_reports_its_progress_to_whoever_asks(make_site, tmp_path):
    content = make_site({f"testimonies/t{n}.md": SAMIR_MD.replace("Samir", f"Auteur {n}") for n in range(60)})
    seen = []
    build(Options(content, TEMPLATES, tmp_path / "site"), progress=lambda done, total: seen.append((done, total)))
    total = seen[-1][1]
    assert seen[-1] == (total, total) and (50, total) in seen
    site = tmp_path / "site"
    files = [p for p in site.rglob("*") if p.is_file() and "pagefind" not in p.parts and p != site / ".sitegen-files"]
    assert total == len(files), "every file written, the search index and the record of what was written aside"


def test_a_long_build_on_a_terminal_shows_progress_and_a_quick_one_does_not(monkeypatch):
    import io
    import sys
    import time

    from sitegen import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    cli._progress(time.perf_counter())(50, 100)  # under a second: nothing
    assert terminal.getvalue() == ""
    show = cli._progress(time.perf_counter() - 2)
    show(50, 100)
    show(100, 100)
    assert terminal.getvalue() == "\rWriting the site: 50/100 files\rWriting the site: 100/100 files\n"
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert cli._progress(time.perf_counter() - 2) is None, "not a terminal: no progress"
