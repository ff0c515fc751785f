"""Rebuilds are fast and never stale: whatever changed, a rebuild gives what a cold build gives, byte for byte.

A rebuild with nothing changed does nothing (the build stamp); a build spread over
several worker processes gives exactly what one process gives.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SAMIR_MD, TEMPLATES, TENT_YAML, write_files
from sitegen import build as pipeline
from sitegen.build import Options, build, index_preview, update_preview
from sitegen.cli import main
from sitegen.content import load
from sitegen.errors import ContentError
from sitegen.incremental.kept_pages import STORE
from sitegen.incremental.preview_memory import PreviewMemory
from sitegen.incremental.stamp import stamp
from sitegen.pictures import qr_codes
from support import all_bytes

SAMIR_EN = """\
---
translated_by: Léa
---
The tent kept me dry all winter.
"""

SOAP_YAML = TENT_YAML.replace("{fr: Tente, en: Tent}", "{fr: Savon, en: Soap}").replace("shelter", "hygiene")


def build_command(runner, content: Path, templates: Path, output: Path, cache: Path, *extra: str):
    """Run `generate.py build` on a site; return click's result."""
    args = ["build", "--content", content, "--templates", templates, "--output", output, "--cache", cache, *extra]
    return runner.invoke(main, [str(arg) for arg in args], catch_exceptions=False)


def many_testimonies(count: int, broken: tuple[int, ...] = ()) -> dict[str, str]:
    """Return `count` testimony files about the tent; those numbered in `broken` lack consent."""
    return {
        f"testimonies/t{n:04d}.md": f"---\nauthor: Auteur {n}\nitems: [tente]\ndate: 2020\n"
        + ("" if n in broken else "consent: {date: 2021-01-01}\n")
        + f"---\nLa tente numéro {n} m'a gardé au sec.\n"
        for n in range(count)
    }


@pytest.fixture
def theme(tmp_path: Path) -> Path:
    """Return a copy of the theme that a test may edit."""
    copy = tmp_path / "theme"
    shutil.copytree(TEMPLATES, copy)
    return copy


def test_a_rebuild_with_nothing_changed_leaves_the_output_untouched(runner, make_site, theme, tmp_path):
    content, output, cache = make_site(), tmp_path / "output", tmp_path / "cache"
    assert build_command(runner, content, theme, output, cache).exit_code == 0
    before, inode = all_bytes(output), output.stat().st_ino
    result = build_command(runner, content, theme, output, cache)
    assert result.exit_code == 0
    assert "Nothing changed since the last build" in result.output
    assert output.stat().st_ino == inode  # not even swapped
    assert all_bytes(output) == before


def change_content_same_size(content: Path, theme: Path) -> None:
    """Change one letter of a testimony: same size, same second."""
    path = content / "testimonies/samir.md"
    path.write_text(path.read_text(encoding="utf-8").replace("tout l'hiver", "tout l'HIVER"), encoding="utf-8")


def add_testimony(content: Path, theme: Path) -> None:
    """Add a new testimony."""
    write_files(content, {"testimonies/nouveau.md": SAMIR_MD.replace("Samir", "Nour")})


def delete_page(content: Path, theme: Path) -> None:
    """Delete a page."""
    (content / "pages/about.md").unlink()


def withdraw_testimony(content: Path, theme: Path) -> None:
    """Withdraw the testimony, translation and all."""
    path = content / "testimonies/samir.md"
    path.write_text(path.read_text(encoding="utf-8").replace("author:", "withdrawn: true\nauthor:"), encoding="utf-8")


def edit_item(content: Path, theme: Path) -> None:
    """Change what an item needs: the needs list, its category and the posters show it."""
    path = content / "items/tente.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("received: 45", "received: 118"), encoding="utf-8")


def rename_item(content: Path, theme: Path) -> None:
    """Rename an item: the testimony cards of the list name it, through the site's items."""
    path = content / "items/tente.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("fr: Tente,", "fr: Tente igloo,"), encoding="utf-8")


def add_item_to_an_empty_category(content: Path, theme: Path) -> None:
    """Add an item to a category that had none: the menu of every page links the categories now."""
    write_files(content, {"items/savon.yaml": SOAP_YAML})


def add_item(content: Path, theme: Path) -> None:
    """Add an item to a category that has some: which categories have items stays the same."""
    write_files(content, {"items/bache.yaml": TENT_YAML.replace("{fr: Tente, en: Tent}", "{fr: Bâche, en: Tarp}")})


def move_item(content: Path, theme: Path) -> None:
    """Move an item to another category."""
    path = content / "items/tente.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("category: shelter", "category: hygiene"))


def edit_template(content: Path, theme: Path) -> None:
    """Change the testimony template."""
    path = theme / "testimony.html"
    path.write_text(path.read_text(encoding="utf-8").replace("</article>", "<p>Merci.</p></article>", 1))


def add_translation(content: Path, theme: Path) -> None:
    """Translate the testimony into English."""
    write_files(content, {"testimonies/samir.en.md": SAMIR_EN})


def edit_ui_string(content: Path, theme: Path) -> None:
    """Change a UI string of the theme."""
    path = theme / "i18n/en.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"Skip to content"', '"Skip to the content"'))


CHANGES: list[Callable[[Path, Path], None]] = [
    change_content_same_size,
    add_testimony,
    delete_page,
    withdraw_testimony,
    edit_item,
    rename_item,
    add_item_to_an_empty_category,
    add_item,
    move_item,
    edit_template,
    add_translation,
    edit_ui_string,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_after_each_kind_of_change_a_rebuild_equals_a_cold_build(runner, make_site, theme, tmp_path, change):
    content, output, cache = make_site(many_testimonies(3)), tmp_path / "output", tmp_path / "cache"
    assert build_command(runner, content, theme, output, cache).exit_code == 0
    change(content, theme)
    result = build_command(runner, content, theme, output, cache)
    assert result.exit_code == 0, result.output
    assert "Nothing changed" not in result.output
    cold = tmp_path / "cold"
    assert build_command(runner, content, theme, cold, tmp_path / "cold-cache").exit_code == 0
    assert all_bytes(output) == all_bytes(cold)


def stamp_of(content: Path, theme: Path, cache: Path, settled_ns: int = 0) -> str:
    """Return the digest of a build's inputs, files recorded however recently they changed unless told."""
    found = stamp(content, theme, cache / "output", cache, (), settled_ns=settled_ns)
    assert found is not None
    return found.digest


def test_the_stamp_takes_a_settled_files_digest_from_its_record_without_reading_it(make_site, theme, tmp_path):
    content, cache = make_site(), tmp_path / "cache"
    first = stamp_of(content, theme, cache)
    record = json.loads((cache / "stamp-files.json").read_text(encoding="utf-8"))
    samir = str((content / "testimonies/samir.md").absolute())
    record["files"][samir][4] = "00" * 20  # what a file that is not read would give
    (cache / "stamp-files.json").write_text(json.dumps(record), encoding="utf-8")
    assert stamp_of(content, theme, cache) != first


@pytest.mark.parametrize("entry", [[1, 2], [0, 0, 0, 0, "not hex"], "a text", [0, 0, 0, 0, "ab", "extra"]])
def test_a_damaged_record_of_file_digests_only_costs_reading_the_files_again(make_site, theme, tmp_path, entry):
    content, cache = make_site(), tmp_path / "cache"
    first = stamp_of(content, theme, cache)
    record = json.loads((cache / "stamp-files.json").read_text(encoding="utf-8"))
    samir = str((content / "testimonies/samir.md").absolute())
    status = (content / "testimonies/samir.md").stat()
    times = [status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]
    record["files"][samir] = [*times, *entry[4:]] if isinstance(entry, list) and len(entry) > 4 else entry
    (cache / "stamp-files.json").write_text(json.dumps(record), encoding="utf-8")
    assert stamp_of(content, theme, cache) == first


def test_the_stamp_sees_a_rewrite_of_the_same_size_with_its_times_forced_back(make_site, theme, tmp_path):
    content, cache = make_site(), tmp_path / "cache"
    samir = content / "testimonies/samir.md"
    first = stamp_of(content, theme, cache)
    time.sleep(0.02)  # past the clock's tick, as a person's next save is
    before = samir.stat()
    samir.write_text(samir.read_text(encoding="utf-8").replace("hiver", "HIVER"), encoding="utf-8")
    os.utime(samir, ns=(before.st_atime_ns, before.st_mtime_ns))  # only its change time still says so
    assert samir.stat().st_size == before.st_size
    assert stamp_of(content, theme, cache) != first


def test_the_stamp_does_not_record_a_file_changed_in_the_last_seconds(make_site, theme, tmp_path):
    content, cache = make_site(), tmp_path / "cache"
    stamp_of(content, theme, cache, settled_ns=60 * 10**9)
    assert not (cache / "stamp-files.json").exists()  # every file was written just now


def test_a_change_of_options_is_a_change(runner, make_site, theme, tmp_path):
    content, output, cache = make_site(), tmp_path / "output", tmp_path / "cache"
    assert build_command(runner, content, theme, output, cache).exit_code == 0
    result = build_command(runner, content, theme, output, cache, "--base-url", "https://other.example.org/sub/")
    assert "Nothing changed" not in result.output
    assert "https://other.example.org/sub/" in (output / "index.html").read_text(encoding="utf-8")


def test_a_file_removed_from_the_output_comes_back_at_the_next_build(runner, make_site, theme, tmp_path):
    content, output, cache = make_site(), tmp_path / "output", tmp_path / "cache"
    assert build_command(runner, content, theme, output, cache).exit_code == 0
    page = output / "en/testimonies/samir/index.html"
    before = page.read_bytes()
    page.unlink()
    result = build_command(runner, content, theme, output, cache)
    assert "Nothing changed" not in result.output
    assert page.read_bytes() == before


def test_after_a_failed_build_and_an_undo_the_output_is_the_last_good_one(runner, make_site, theme, tmp_path):
    content, output, cache = make_site(), tmp_path / "output", tmp_path / "cache"
    assert build_command(runner, content, theme, output, cache).exit_code == 0
    good = all_bytes(output)
    item = content / "items/tente.yaml"
    original = item.read_text(encoding="utf-8")
    item.write_text(original.replace("urgency: urgent", "urgency: whenever"), encoding="utf-8")
    assert build_command(runner, content, theme, output, cache).exit_code == 1
    item.write_text(original, encoding="utf-8")
    assert build_command(runner, content, theme, output, cache).exit_code == 0
    assert all_bytes(output) == good


def test_a_build_on_two_cores_equals_a_build_on_one(make_site, tmp_path):
    content = make_site(many_testimonies(150))  # several runs of parsing and of rendering
    one = Options(content, TEMPLATES, tmp_path / "one", workers=1)
    two = Options(content, TEMPLATES, tmp_path / "two", workers=2)
    build(one)
    build(two)
    assert all_bytes(one.output) == all_bytes(two.output)


def test_problems_found_by_different_workers_are_reported_together(make_site, tmp_path):
    content = make_site(many_testimonies(250, broken=(3, 240)))  # in the first and the last run of parsing
    with pytest.raises(ContentError) as raised:
        build(Options(content, TEMPLATES, tmp_path / "output", workers=2))
    assert {problem.path for problem in raised.value.problems} == {
        "content/testimonies/t0003.md",
        "content/testimonies/t0240.md",
    }
    assert not (tmp_path / "output").exists()


def test_a_rebuild_renders_again_only_the_pages_that_show_what_changed(make_site, tmp_path):
    content = make_site(many_testimonies(5))
    options = Options(content, TEMPLATES, tmp_path / "output", cache=tmp_path / "cache")
    first = build(options)
    assert first.kept == 0
    change_content_same_size(content, TEMPLATES)
    second = build(options)
    # samir's page, the tent's page and the testimonies' list change, in both languages; every other page is kept,
    # the needs list, categories and posters included: they show no testimony
    assert second.kept == second.pages - 2 * 3


def test_an_item_edited_renders_again_only_the_pages_that_show_it(make_site, tmp_path):
    content = make_site({**many_testimonies(5), "items/savon.yaml": SOAP_YAML})
    options = Options(content, TEMPLATES, tmp_path / "output", cache=tmp_path / "cache")
    build(options)
    tent_pages = all_bytes(options.output / "testimonies")
    soap = content / "items/savon.yaml"
    soap.write_text(soap.read_text(encoding="utf-8").replace("received: 45", "received: 46"), encoding="utf-8")
    report = build(options)
    # the needs list, the soap's page, its category and the posters, in both languages; not the testimonies
    # (they name the tent only) nor any other page, whose menu reads only which categories have items
    assert report.kept == report.pages - 2 * 4
    assert all_bytes(options.output / "testimonies") == tent_pages


def test_a_summary_edited_leaves_the_testimonies_list_that_names_its_item_as_it_was(make_site, tmp_path):
    content = make_site(many_testimonies(5))
    options = Options(content, TEMPLATES, tmp_path / "output", cache=tmp_path / "cache")
    build(options)
    listing = options.output / "en/testimonies/index.html"
    before = listing.stat().st_ino
    tent = content / "items/tente.yaml"
    tent.write_text(tent.read_text(encoding="utf-8").replace("A tent for two", "A tent for three"), encoding="utf-8")
    report = build(options)
    # its cards name the tent and link to it (site.item_names): its page, the needs list, its category, the
    # posters and the six testimonies about it show its summary or its ways to help, in both languages
    assert listing.stat().st_ino == before and report.kept == report.pages - 2 * (4 + 6)
    rename_item(content, TEMPLATES)
    build(options)
    assert listing.stat().st_ino != before and "Tent igloo" not in listing.read_text(encoding="utf-8")
    assert "Tente igloo" in (options.output / "testimonies/index.html").read_text(encoding="utf-8")


# A theme may read the items through `site` in any way, on any page: each way is seen, and the page made again.
READING_ITEMS = [
    ("{% for i in site.items %}{{ text(i.name) }}{% endfor %}", rename_item),
    ("{{ text(site.item_by_slug['tente'].name) }}", rename_item),
    ("{{ text(site.item_by_slug.get('tente').name) }}", rename_item),
    ("{% for i in site.item_by_slug.values() %}{{ text(i.name) }}{% endfor %}", rename_item),
    ("{{ text(site.item_names['tente'].name) }}", rename_item),
    ("{{ site.item_by_slug | length }}", add_item),
    ("{{ 'bache' in site.item_by_slug }}", add_item),
    ("{% for slug in site.item_by_slug %}{{ slug }}{% endfor %}", add_item),
    ("{% for i in site.items_by_category['shelter'] %}{{ text(i.name) }}{% endfor %}", move_item),
    ("{% for c in site.categories_shown %}{{ c.slug }}{% endfor %}", move_item),
]


@pytest.mark.parametrize(("reading", "change"), READING_ITEMS, ids=[reading for reading, _ in READING_ITEMS])
def test_a_page_that_reads_items_through_the_site_is_made_again_when_they_change(
    make_site, theme, tmp_path, reading, change
):
    page = theme / "404.html"
    page.write_text(page.read_text(encoding="utf-8").replace("{% block main %}", "{% block main %}" + reading))
    content = make_site(many_testimonies(3))
    options = Options(content, theme, tmp_path / "output", cache=tmp_path / "cache")
    build(options)
    before = (options.output / "404.html").read_bytes()
    change(content, theme)
    build(options)
    assert (options.output / "404.html").read_bytes() != before
    cold = dataclasses.replace(options, output=tmp_path / "cold", cache=tmp_path / "cold-cache")
    build(cold)
    assert all_bytes(options.output) == all_bytes(cold.output)


@pytest.mark.parametrize("reading", ["{{ site._items }}", "{{ site.items_by_category._values }}"])
def test_a_template_cannot_reach_the_items_around_what_notes_its_reads(make_site, theme, tmp_path, reading):
    page = theme / "404.html"
    page.write_text(page.read_text(encoding="utf-8").replace("{% block main %}", "{% block main %}" + reading))
    with pytest.raises(ContentError) as raised:
        build(Options(make_site(), theme, tmp_path / "output"))
    assert raised.value.problems[0].path.endswith("404.html")


def test_what_a_fragment_made_once_read_of_the_items_is_read_by_every_page_that_shows_it(make_site, theme, tmp_path):
    base = theme / "base.html"  # the footer is rendered once a language, and shown by every page
    footer = '<footer class="site-footer">'
    base.write_text(base.read_text(encoding="utf-8").replace(footer, footer + "{{ text(site.items[0].name) }}"))
    content = make_site(many_testimonies(3))
    options = Options(content, theme, tmp_path / "output", cache=tmp_path / "cache")
    build(options)
    rename_item(content, theme)
    assert build(options).kept == 0
    cold = dataclasses.replace(options, output=tmp_path / "cold", cache=tmp_path / "cold-cache")
    build(cold)
    assert all_bytes(options.output) == all_bytes(cold.output)


def test_pages_are_kept_only_from_the_output_folder_the_last_build_wrote_or_the_caches_store(make_site, tmp_path):
    content = make_site(many_testimonies(5))
    options = Options(content, TEMPLATES, tmp_path / "output", cache=tmp_path / "cache")
    build(options)
    shutil.rmtree(options.output)  # the record in the cache stays, but speaks of a folder that is gone
    shutil.rmtree(options.cache / STORE)
    assert build(options).kept == 0


def test_a_rebuild_parses_only_the_items_and_testimonies_that_changed(make_site, tmp_path, monkeypatch):
    content = make_site({**many_testimonies(5), "items/sac.yaml": TENT_YAML})
    options = Options(content, TEMPLATES, tmp_path / "output", cache=tmp_path / "cache")
    build(options)
    parsed: list[str] = []
    for name in ("parse_item", "parse_testimony"):
        monkeypatch.setattr(load, name, counted(getattr(load, name), parsed))
    change_content_same_size(content, TEMPLATES)
    (content / "items/sac.yaml").write_text(TENT_YAML.replace("Tente", "Sac"), encoding="utf-8")
    build(options)
    assert sorted(parsed) == ["sac", "samir"]


def test_an_edit_rewrites_only_the_files_of_parses_whose_entries_changed(make_site, tmp_path):
    content = make_site(many_testimonies(40))
    options = Options(content, TEMPLATES, tmp_path / "output", cache=tmp_path / "cache")
    build(options)
    before = {path.name: path.stat().st_ino for path in (options.cache / "testimonies").glob("*.pickle")}
    assert len(before) > 2
    change_content_same_size(content, TEMPLATES)
    build(options)
    after = {path.name: path.stat().st_ino for path in (options.cache / "testimonies").glob("*.pickle")}
    rewritten = {name for name in after if after[name] != before.get(name)} | (before.keys() - after.keys())
    assert 1 <= len(rewritten) <= 2  # where samir's old parse was, and where the new one goes


def test_a_damaged_file_of_parses_only_costs_parsing_again(make_site, tmp_path, monkeypatch):
    content = make_site(many_testimonies(40))
    options = Options(content, TEMPLATES, tmp_path / "output", cache=tmp_path / "cache")
    build(options)
    damaged = sorted((options.cache / "testimonies").glob("*.pickle"))[0]
    damaged.write_bytes(damaged.read_bytes()[:100])
    parsed: list[str] = []
    monkeypatch.setattr(load, "parse_testimony", counted(load.parse_testimony, parsed))
    build(options)
    assert 0 < len(parsed) < 41
    cold = dataclasses.replace(options, output=tmp_path / "cold", cache=None)
    build(cold)
    assert all_bytes(options.output) == all_bytes(cold.output)


def counted(parse: Callable[..., object], parsed: list[str]) -> Callable[..., object]:
    """Return `parse`, noting the slug of each file it parses."""

    def parse_and_note(text: str, slug: str, *rest: object) -> object:
        parsed.append(slug)
        return parse(text, slug, *rest)

    return parse_and_note


def test_a_testimony_unchanged_since_the_last_build_still_reports_its_item_gone(make_site, tmp_path):
    nour = SAMIR_MD.replace("Samir", "Nour").replace("items: [tente]", "items: [tente, sac]")
    content = make_site({"items/sac.yaml": TENT_YAML, "testimonies/nour.md": nour})
    options = Options(content, TEMPLATES, tmp_path / "output", cache=tmp_path / "cache")
    build(options)
    (content / "items/sac.yaml").unlink()
    with pytest.raises(ContentError) as raised:
        build(options)
    assert [problem.path for problem in raised.value.problems] == ["content/testimonies/nour.md"]


def test_share_cards_drawn_by_two_workers_are_every_card_once(make_site, tmp_path):
    content = make_site(many_testimonies(40))  # 2 languages x (1 item + 41 testimonies): more cards than shares
    one = Options(content, TEMPLATES, tmp_path / "one", workers=1)
    two = Options(content, TEMPLATES, tmp_path / "two", workers=2)
    build(one)
    build(two)
    cards = {path: data for path, data in all_bytes(two.output).items() if "/share/" in f"/{path}"}
    assert len(cards) == 2 * 42
    assert cards == {path: data for path, data in all_bytes(one.output).items() if "/share/" in f"/{path}"}


def test_the_posters_qr_codes_are_kept_while_their_address_stays(make_site, tmp_path, monkeypatch):
    content = make_site()
    options = Options(content, TEMPLATES, tmp_path / "output", cache=tmp_path / "cache", workers=1)  # drawn here
    build(options)
    drawn: list[str] = []
    original = qr_codes.qr_png
    monkeypatch.setattr(qr_codes, "qr_png", lambda url: drawn.append(url) or original(url))
    change_content_same_size(content, TEMPLATES)
    build(options)
    assert drawn == []
    build(dataclasses.replace(options, base_url="https://ailleurs.example.org/"))
    assert sorted(drawn) == [
        "https://ailleurs.example.org/en/items/tente/",
        "https://ailleurs.example.org/items/tente/",
    ]


def test_a_template_that_reaches_for_every_testimony_fails_saying_where(make_site, theme, tmp_path):
    needs = theme / "needs.html"
    reaching = needs.read_text(encoding="utf-8").replace("{% block main %}", "{% block main %}{{ site.testimonies }}")
    needs.write_text(reaching, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        build(Options(make_site(), theme, tmp_path / "output"))
    [problem] = raised.value.problems
    assert problem.path.endswith("needs.html") and problem.line > 0
    assert "testimonies" in problem.message


def test_a_new_testimony_leaves_the_older_pages_of_the_list_as_they_were(make_site, tmp_path):
    content = make_site({**many_testimonies(120), "testimonies/samir.md": None})
    options = Options(content, TEMPLATES, tmp_path / "output", cache=tmp_path / "cache")
    build(options)
    older = all_bytes(options.output / "testimonies/page")
    add_testimony(content, TEMPLATES)
    report = build(options)
    assert all_bytes(options.output / "testimonies/page") == older
    # all but the new testimony's page, the tent's page and the list's first page, in both languages, are kept
    assert report.kept == report.pages - 2 * 3


def test_share_cards_are_kept_while_they_say_the_same(make_site, tmp_path, monkeypatch):
    content = make_site(many_testimonies(3))
    options = Options(content, TEMPLATES, tmp_path / "output", cache=tmp_path / "cache")
    build(options)
    drawn: list[str] = []
    original = pipeline.draw_cards

    def counted(run: list[tuple[str, object]], *rest: object) -> object:
        drawn.extend(path for path, _ in run)
        return original(run, *rest)

    monkeypatch.setattr(pipeline, "draw_cards", counted)
    samir = content / "testimonies/samir.md"
    samir.write_text(samir.read_text(encoding="utf-8").replace("gardé au sec", "gardée au chaud"), encoding="utf-8")
    build(options)
    assert sorted(drawn) == ["en/share/testimonies/samir.png", "share/testimonies/samir.png"]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_after_each_kind_of_change_the_preview_updated_in_place_equals_a_cold_build(make_site, theme, tmp_path, change):
    content = make_site(many_testimonies(3))
    options = Options(content, theme, tmp_path / "preview", cache=tmp_path / "cache", base_url="http://127.0.0.1:8000/")
    memory = PreviewMemory()
    build(options, memory=memory)
    update_preview(options, memory)  # an update with nothing changed first: what it keeps must not mask the change
    change(content, theme)
    update_preview(options, memory)
    index_preview(options)
    cold = dataclasses.replace(options, output=tmp_path / "cold", cache=tmp_path / "cold-cache")
    build(cold)
    assert all_bytes(options.output) == all_bytes(cold.output)


def test_a_preview_updated_after_every_kind_of_change_in_turn_equals_a_cold_build_each_time(make_site, theme, tmp_path):
    content = make_site(many_testimonies(3))
    options = Options(content, theme, tmp_path / "preview", cache=tmp_path / "cache", base_url="http://127.0.0.1:8000/")
    memory = PreviewMemory(settled_ns=0)  # keeps every file's bytes, however recently written
    build(options, memory=memory)
    for number, change in enumerate(CHANGES):
        change(content, theme)
        update_preview(options, memory)
        index_preview(options)
        cold = dataclasses.replace(options, output=tmp_path / f"cold{number}", cache=tmp_path / f"cold-cache{number}")
        build(cold)
        assert all_bytes(options.output) == all_bytes(cold.output), change.__name__


def test_the_preview_reads_a_settled_file_once_and_a_changed_one_again(tmp_path):
    path, memory = tmp_path / "samir.md", PreviewMemory(settled_ns=0)
    path.write_bytes(b"first")
    kept = memory.read(path, path.stat())
    assert memory.read(path, path.stat()) is kept  # not read again
    path.write_bytes(b"second, longer")
    assert memory.read(path, path.stat()) == b"second, longer"
    replaced = tmp_path / "new.md"
    replaced.write_bytes(b"third!")  # the same size as the first, put in place as editors do
    replaced.replace(path)
    assert memory.read(path, path.stat()) == b"third!"


def test_the_preview_lists_a_settled_folder_once_and_again_when_a_file_is_added(tmp_path):
    folder, memory, listings = tmp_path / "testimonies", PreviewMemory(settled_ns=0), []
    folder.mkdir()
    (folder / "samir.md").write_text("x")

    def list_folder() -> list[str]:
        listings.append(sorted(path.name for path in folder.iterdir()))
        return listings[-1]

    assert memory.listed(folder, list_folder) == memory.listed(folder, list_folder) == ["samir.md"]
    assert len(listings) == 1
    time.sleep(0.02)  # past the clock's tick, as a person's next save is
    (folder / "nour.md").write_text("x")
    assert memory.listed(folder, list_folder) == ["nour.md", "samir.md"]


def test_the_preview_reads_a_file_changed_in_the_last_seconds_at_every_rebuild(tmp_path):
    path, memory = tmp_path / "samir.md", PreviewMemory()
    path.write_bytes(b"first")
    assert memory.read(path, path.stat()) is not memory.read(path, path.stat())
    assert path not in memory.files


def test_a_preview_updated_twice_keeps_its_pages_both_times(make_site, tmp_path):
    content = make_site(many_testimonies(3))
    options = Options(content, TEMPLATES, tmp_path / "preview", cache=tmp_path / "cache")
    build(options)
    samir = content / "testimonies/samir.md"
    for old, new in (("hiver", "HIVER"), ("HIVER", "hiver")):
        samir.write_text(samir.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        report = update_preview(options, PreviewMemory())
        index_preview(options)
        assert report.kept == report.pages - 2 * 3  # all but samir's, the tent's and the list, in both languages
