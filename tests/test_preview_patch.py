"""A testimony saved again in the preview is patched in: only its pages are made again, and the site is a cold build's.

Each test updates a preview as `serve` does, telling it which files were saved,
then compares every file with a build from nothing, byte for byte.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
import shutil
from pathlib import Path

import pytest
from PIL import Image

from conftest import SAMIR_MD, TEMPLATES, many_testimonies, write_files
from sitegen.build import Options, build, index_preview, update_preview
from sitegen.errors import ContentError
from sitegen.incremental.preview_memory import PreviewMemory
from sitegen.incremental.preview_patch import warm
from support import all_bytes

SAMIR_EN = "---\ntranslated_by: Léa\nquote: It kept me dry.\n---\nThe tent kept me dry all winter.\n"
SHOWING_SAMIR = 2 * 3  # its page, the tent's, the list's: in French and in English


@pytest.fixture
def preview(make_site, tmp_path) -> tuple[Options, PreviewMemory]:
    """Build a preview of a site with a translated testimony among many, as `serve` does; return it and its memory."""
    content = make_site({**many_testimonies(60), "testimonies/samir.en.md": SAMIR_EN})
    options = Options(
        content, TEMPLATES, tmp_path / "preview", cache=tmp_path / "cache", base_url="http://127.0.0.1:8000/"
    )
    memory = PreviewMemory()
    build(options, memory=memory)
    memory.commit()  # as serve does once its first build is done
    return options, memory


def save(options: Options, files: dict[str, str | None]) -> set[str]:
    """Write files of content/ as an editor saves them; return their paths, as the preview's watcher gives them."""
    write_files(options.content, files)
    return {str((options.content / name).absolute()) for name in files}


def edited(options: Options, name: str, old: str, new: str) -> dict[str, str | None]:
    """Return a content file with a text in it replaced."""
    text = (options.content / name).read_text(encoding="utf-8")
    assert old in text
    return {name: text.replace(old, new)}


def all_edited(options: Options, changes: list[tuple[str, str, str]]) -> dict[str, str | None]:
    """Return content files with texts in them replaced: (file, old, new), several in one file maybe."""
    files: dict[str, str | None] = {}
    for name, old, new in changes:
        text = files.get(name)
        files.update(edited(options, name, old, new) if text is None else {name: text.replace(old, new)})
    return files


def assert_is_a_cold_build(options: Options, tmp_path: Path, name: str) -> None:
    """Bring the preview's search up to date, then compare every file with a build from nothing."""
    index_preview(options)
    cold = dataclasses.replace(options, output=tmp_path / f"cold-{name}", cache=tmp_path / f"cold-cache-{name}")
    build(cold)
    expected, found = all_bytes(cold.output), all_bytes(options.output)
    assert sorted(found) == sorted(expected)
    assert [file for file in expected if found[file] != expected[file]] == []


def test_a_testimony_saved_again_renders_only_the_pages_that_show_it(preview, tmp_path):
    options, memory = preview
    changed = save(options, edited(options, "testimonies/samir.md", "tout l'hiver", "tout l'hiver, et après"))
    report = update_preview(options, memory, changed)
    assert report.kept == report.pages - SHOWING_SAMIR
    assert_is_a_cold_build(options, tmp_path, "text")


SAVES = {
    "its text": [("testimonies/samir.md", "tout l'hiver", "tout l'hiver, enfin")],
    "its quote, on its share cards": [("testimonies/samir.md", 'gardé au sec."', 'gardé au chaud."')],
    "its translation": [("testimonies/samir.en.md", "all winter", "all winter long")],
    "the original and its translation at once": [
        ("testimonies/samir.md", "Calais", "Dunkerque"),
        ("testimonies/samir.en.md", "It kept me dry.", "It kept me warm."),
    ],
    "two testimonies at once": [
        ("testimonies/samir.md", "tout l'hiver", "tout l'été"),
        ("testimonies/t0007.md", "Auteur 7", "Autrice 7"),
    ],
    "nothing, saved again as it was": [("testimonies/t0031.md", "date: 2020", "date: 2020")],
}


@pytest.mark.parametrize("changes", SAVES.values(), ids=SAVES)
def test_a_patched_save_gives_a_cold_builds_site(preview, tmp_path, changes):
    options, memory = preview
    report = update_preview(options, memory, save(options, all_edited(options, changes)))
    assert report.kept > report.pages / 2, "patched in: most pages kept"
    assert_is_a_cold_build(options, tmp_path, "save")


NOT_PATCHED = {
    "a new date, which moves it in the lists": ("testimonies/samir.md", {"date: 2020-12": "date: 2021-02"}),
    "another item": ("testimonies/samir.md", {"items: [tente]": "items: [tente, couverture]"}),
    "withdrawn": ("testimonies/samir.md", {"author:": "withdrawn: true\nauthor:"}),
    "a draft": ("testimonies/samir.md", {"author:": "draft: true\nauthor:"}),
    "its translation into its own language": ("testimonies/samir.md", {"author:": "lang: en\nauthor:"}),
}
BLANKET = "name: {fr: Couverture, en: Blanket}\ncategory: shelter\n"


@pytest.mark.parametrize("name, replaced", NOT_PATCHED.values(), ids=NOT_PATCHED)
def test_a_save_that_changes_what_orders_or_joins_the_site_is_left_to_a_whole_update(preview, tmp_path, name, replaced):
    options, memory = preview
    write_files(options.content, {"items/couverture.yaml": BLANKET})
    update_preview(options, memory)  # the blanket, planned in whole
    files = edited(options, name, *next(iter(replaced.items())))
    assert update_preview(options, memory, save(options, files)) is None, "not patched: nothing done"
    if "lang: en" in files[name]:
        with pytest.raises(ContentError, match="already in 'en'"):
            update_preview(options, memory)
        return
    update_preview(options, memory)
    assert_is_a_cold_build(options, tmp_path, "whole")


def test_after_several_saves_one_broken_then_fixed_the_preview_is_a_cold_build_each_time(preview, tmp_path):
    options, memory = preview
    path = "testimonies/samir.md"
    for number, text in enumerate(["hiver", "printemps", "été"]):
        changed = save(options, {path: SAMIR_MD.replace("hiver", text)})
        report = update_preview(options, memory, changed)
        assert report.kept == report.pages - SHOWING_SAMIR
        assert_is_a_cold_build(options, tmp_path, f"save-{number}")
    for broken, problem in (
        (SAMIR_MD.replace("consent:", "agreed:"), "consent"),
        ("---\nauthor: [Samir\n---\n", "closed"),
    ):
        assert update_preview(options, memory, save(options, {path: broken})) is None, "not patched"
        with pytest.raises(ContentError, match=problem):
            update_preview(options, memory)  # as the preview then does: it says what is wrong
    report = update_preview(options, memory, save(options, {path: SAMIR_MD.replace("hiver", "automne")}))
    assert report.kept == report.pages - SHOWING_SAMIR, "fixed, it is patched in again"
    assert_is_a_cold_build(options, tmp_path, "fixed")


def test_a_patched_save_leaves_nothing_of_the_former_text_in_the_previews_memory(preview):
    options, memory = preview
    update_preview(options, memory)  # the parses as a whole update keeps them, in memory
    assert b"gard\xc3\xa9 au sec tout" in pickle.dumps((memory.parsed, memory.files))
    changed = save(options, {"testimonies/samir.md": SAMIR_MD.replace("au sec tout", "au chaud tout")})
    update_preview(options, memory, changed)
    assert b"gard\xc3\xa9 au sec tout" not in pickle.dumps((memory.parsed, memory.files))


def test_a_new_file_is_not_patched_in_and_a_whole_update_then_gives_a_cold_builds_site(preview, tmp_path):
    options, memory = preview
    changed = save(options, {"testimonies/nour.md": SAMIR_MD.replace("Samir", "Nour")})
    assert update_preview(options, memory, changed) is None, "not patched"
    update_preview(options, memory)
    assert_is_a_cold_build(options, tmp_path, "new")


def test_a_whole_update_after_patched_saves_keeps_only_the_files_they_left_right(preview, tmp_path):
    options, memory = preview
    original = (options.content / "testimonies/samir.md").read_text(encoding="utf-8")
    changed = save(options, edited(options, "testimonies/samir.md", 'gardé au sec."', 'gardé au chaud."'))
    update_preview(options, memory, changed)  # patched: its pages and cards, keyed as they are now
    write_files(options.content, {"testimonies/samir.md": original, "items/couverture.yaml": BLANKET})
    update_preview(options, memory)  # back as it was, with another item: planned in whole
    assert_is_a_cold_build(options, tmp_path, "back")


ITEM_SAVES = {
    "its summary": [("items/tente.yaml", "Une tente pour deux", "Une tente pour trois")],
    "its name, which the testimonies' cards show": [("items/tente.yaml", "fr: Tente,", "fr: Tente igloo,")],
    "its urgency, which moves it in the needs list": [("items/tente.yaml", "urgency: urgent", "urgency: low")],
    "its category": [("items/tente.yaml", "category: shelter", "category: hygiene")],
    "what was received": [("items/tente.yaml", "received: 45", "received: 119")],
    "two items at once": [
        ("items/tente.yaml", "received: 45", "received: 50"),
        ("items/couverture.yaml", "fr: Couverture,", "fr: Couverture chaude,"),
    ],
    "nothing, saved again as it was": [("items/couverture.yaml", "shelter", "shelter")],
}


@pytest.mark.parametrize("changes", ITEM_SAVES.values(), ids=ITEM_SAVES)
def test_an_item_saved_again_is_patched_in_and_gives_a_cold_builds_site(preview, tmp_path, changes):
    options, memory = preview
    write_files(options.content, {"items/couverture.yaml": BLANKET})
    update_preview(options, memory)  # the blanket, planned in whole
    assert update_preview(options, memory, save(options, all_edited(options, changes))) is not None, "patched in"
    assert_is_a_cold_build(options, tmp_path, "item")


def test_an_item_saved_renders_again_only_the_pages_that_show_it(preview, tmp_path):
    options, memory = preview
    write_files(options.content, {"items/couverture.yaml": BLANKET + "status: needed\nurgency: high\n"})
    update_preview(options, memory)  # the blanket, planned in whole
    changed = save(options, edited(options, "items/couverture.yaml", "urgency: high", "urgency: urgent"))
    report = update_preview(options, memory, changed)
    # its page, the needs list, its category and the posters, in French and in English: no testimony names it
    assert report.pages - report.kept == 2 * 4
    assert_is_a_cold_build(options, tmp_path, "received")


def test_an_item_summary_saved_leaves_the_testimonies_list_naming_it_as_it_was(preview, tmp_path):
    options, memory = preview
    listing = options.output / "en/testimonies/index.html"
    before = listing.stat().st_ino
    changed = save(options, edited(options, "items/tente.yaml", "A tent for two", "A tent for three"))
    report = update_preview(options, memory, changed)
    # its page, the needs list, its category, the posters and the 61 testimonies' pages (its ways to help), in both
    # languages; the list of testimonies names the tent, and links to it, but shows neither its summary nor its ways
    assert report.pages - report.kept == 2 * (4 + 61)
    assert listing.stat().st_ino == before
    assert_is_a_cold_build(options, tmp_path, "three")


def test_a_fragment_kept_between_saves_is_made_again_when_what_it_read_of_the_items_changes(make_site, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(TEMPLATES, theme)
    macros, title = theme / "macros.html", '<h{{ level }} class="card-title">'
    tent = "{{ text(site.item_names['tente'].name) }}"  # every item's card names the tent
    macros.write_text(macros.read_text(encoding="utf-8").replace(title, tent + title), encoding="utf-8")
    content = make_site({"items/couverture.yaml": BLANKET + "status: needed\nurgency: high\n"})
    options = Options(content, theme, tmp_path / "preview", cache=tmp_path / "cache", base_url="http://127.0.0.1:8000/")
    memory = PreviewMemory()
    build(options, memory=memory)
    memory.commit()
    blanket = edited(options, "items/couverture.yaml", "urgency: high", "urgency: urgent")
    assert update_preview(options, memory, save(options, blanket)) is not None  # every card of the needs list kept
    tent = edited(options, "items/tente.yaml", "fr: Tente,", "fr: Tente igloo,")
    assert update_preview(options, memory, save(options, tent)) is not None  # every card reads the tent's name
    assert_is_a_cold_build(options, tmp_path, "renamed")


def test_an_item_saved_once_the_lists_of_items_were_rendered_between_saves_gives_a_cold_builds_site(preview, tmp_path):
    options, memory = preview
    assert memory.built is not None
    warm(memory.built)  # as the preview does once idle after a whole update
    assert memory.built.fragments.made
    changed = save(options, edited(options, "items/tente.yaml", "urgency: urgent", "urgency: low"))
    assert update_preview(options, memory, changed) is not None
    assert_is_a_cold_build(options, tmp_path, "warmed")


ITEM_NOT_PATCHED = {
    "a problem in it": ("urgency: urgent", "urgency: sometimes"),
    "enough of it now, so off the posters with its QR code": ("status: needed", "status: enough"),
    "another picture": (
        "category: shelter",
        "category: shelter\nimage: {src: tente.jpg, alt: {fr: Une tente, en: A tent}}",
    ),
}


@pytest.mark.parametrize("old, new", ITEM_NOT_PATCHED.values(), ids=ITEM_NOT_PATCHED)
def test_an_item_save_with_a_problem_or_a_picture_is_left_to_a_whole_update(preview, tmp_path, old, new):
    options, memory = preview
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(picture, "JPEG")
    write_files(options.content, {"images/tente.jpg": picture.getvalue()})
    update_preview(options, memory)  # the picture, there but shown nowhere yet
    files = edited(options, "items/tente.yaml", old, new)
    assert update_preview(options, memory, save(options, files)) is None, "not patched: nothing done"
    if "sometimes" in new:
        with pytest.raises(ContentError, match="sometimes"):
            update_preview(options, memory)
        return
    update_preview(options, memory)
    assert_is_a_cold_build(options, tmp_path, "whole")


def test_an_item_and_a_testimony_saved_at_once_are_left_to_a_whole_update(preview, tmp_path):
    options, memory = preview
    files = {**edited(options, "items/tente.yaml", "received: 45", "received: 47")}
    files.update(edited(options, "testimonies/samir.md", "tout l'hiver", "tout l'hiver, enfin"))
    assert update_preview(options, memory, save(options, files)) is None
    update_preview(options, memory)
    assert_is_a_cold_build(options, tmp_path, "both")


def test_a_testimony_saved_after_an_item_moved_in_the_needs_list_is_patched_into_the_right_pages(preview, tmp_path):
    options, memory = preview
    write_files(options.content, {"items/couverture.yaml": BLANKET + "status: needed\nurgency: high\n"})
    update_preview(options, memory)  # the blanket after the tent, whose urgency is higher
    moved = save(options, edited(options, "items/tente.yaml", "urgency: urgent", "urgency: low"))
    assert update_preview(options, memory, moved) is not None, "patched in: the tent's page now after the blanket's"
    changed = save(options, edited(options, "testimonies/samir.md", 'gardé au sec."', 'gardé au chaud."'))
    report = update_preview(options, memory, changed)  # its quote: on its page, the tent's and the list
    assert report is not None and report.kept == report.pages - SHOWING_SAMIR
    assert_is_a_cold_build(options, tmp_path, "moved")
