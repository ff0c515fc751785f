"""A deploy build, as CI runs it: a fresh clone (every file time new), the cache restored, and no output/.

Every page, share card and QR code whose inputs are unchanged comes from the cache's
store (sitegen/incremental/kept_pages.py), linked rather than made again, and the
site is byte for byte what a build from nothing gives. The store keeps what the
last build made, and nothing else.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import TEMPLATES, TENT_YAML, many_testimonies, write_files
from sitegen.build import Options, Report, build, check
from sitegen.incremental.kept_pages import STORE
from support import all_bytes


def fresh_clone(content: Path) -> None:
    """Put content/ back as a clone does: the same files at the same place, every file time new."""
    pristine = content.with_name("pristine")
    shutil.copytree(content, pristine)
    shutil.rmtree(content)
    shutil.copytree(pristine, content, copy_function=shutil.copyfile)  # copyfile: new times, as git writes them
    shutil.rmtree(pristine)


def built(content: Path, output: Path, cache: Path) -> Report:
    """Build content into output with a cache; return the report."""
    return build(Options(content, TEMPLATES, output, cache=cache))


def stored(cache: Path) -> set[str]:
    """Return the keys of the files in the cache's store."""
    return {entry.name for entry in (cache / STORE).glob("*/*")}


def recorded_keys(cache: Path) -> set[str]:
    """Return the keys the last build recorded for its output folder."""
    (record,) = cache.glob("pages-*.json")
    return set(json.loads(record.read_text(encoding="utf-8"))["keys"].values())


def test_a_fresh_clone_with_the_cache_restored_renders_nothing_and_gives_the_same_site(make_site, tmp_path):
    content, output, cache = make_site(many_testimonies(3)), tmp_path / "output", tmp_path / "cache"
    first = built(content, output, cache)
    reference = all_bytes(output)
    shutil.rmtree(output)
    fresh_clone(content)
    again = built(content, output, cache)
    assert again.kept == again.pages == first.pages  # every page linked from the store, none rendered
    assert all_bytes(output) == reference
    made = [path for path in output.rglob("*") if path.is_file() and path.suffix in (".html", ".png")]
    shared = [path for path in made if path.stat().st_nlink > 1]  # one file with its entry in the store
    assert {path.suffix for path in shared} == {".html", ".png"}  # pages, share cards and QR codes
    assert len(shared) == len(recorded_keys(cache))


def test_a_deploy_build_makes_again_only_what_changed_since_the_cached_build(make_site, tmp_path):
    content, output, cache = make_site(many_testimonies(3)), tmp_path / "output", tmp_path / "cache"
    first = built(content, output, cache)
    shutil.rmtree(output)
    fresh_clone(content)
    write_files(content, {"testimonies/t0001.md": many_testimonies(2)["testimonies/t0001.md"] + "Un mot de plus.\n"})
    again = built(content, output, cache)
    assert 0 < first.pages - again.kept < first.pages  # its page and the pages listing it
    reference = tmp_path / "reference"
    build(Options(content, TEMPLATES, reference))  # from nothing, no cache
    assert all_bytes(output) == all_bytes(reference)


def test_a_deploy_after_an_item_edit_renders_only_the_pages_that_show_the_item(make_site, tmp_path):
    soap = TENT_YAML.replace("{fr: Tente, en: Tent}", "{fr: Savon, en: Soap}").replace("shelter", "hygiene")
    content = make_site({**many_testimonies(3), "items/savon.yaml": soap})
    output, cache = tmp_path / "output", tmp_path / "cache"
    first = built(content, output, cache)
    shutil.rmtree(output)
    fresh_clone(content)
    write_files(content, {"items/savon.yaml": soap.replace("received: 45", "received: 50")})
    again = built(content, output, cache)
    assert again.kept == first.pages - 2 * 4  # the needs list, its page, its category and the posters, fr and en
    reference = tmp_path / "reference"
    build(Options(content, TEMPLATES, reference))  # from nothing, no cache
    assert all_bytes(output) == all_bytes(reference)


@pytest.mark.parametrize("reads", [[], {"index.html": "shown"}, {"index.html": [1]}, {"404.html": ["nothing:x"]}])
def test_a_damaged_record_of_what_pages_read_only_costs_rendering_them_again(make_site, tmp_path, reads):
    content, output, cache = make_site(many_testimonies(2)), tmp_path / "output", tmp_path / "cache"
    built(content, output, cache)
    reference = all_bytes(output)
    (record,) = cache.glob("pages-*.json")
    recorded = json.loads(record.read_text(encoding="utf-8"))
    record.write_text(json.dumps({**recorded, "reads": reads}), encoding="utf-8")
    shutil.rmtree(output)
    built(content, output, cache)
    assert all_bytes(output) == reference


def test_the_store_keeps_exactly_what_the_last_build_made(make_site, tmp_path):
    content, output, cache = make_site(many_testimonies(3)), tmp_path / "output", tmp_path / "cache"
    built(content, output, cache)
    assert stored(cache) == recorded_keys(cache)
    write_files(content, {"testimonies/t0002.md": None})
    built(content, output, cache)
    assert stored(cache) == recorded_keys(cache)  # the deleted testimony's page and card are gone from it
    entries = [path for path in (cache / STORE).rglob("*") if path.is_file()]
    assert not any(b"t0002" in path.read_bytes() for path in entries)


def test_check_leaves_the_store_as_the_last_build_left_it(make_site, tmp_path):
    content, output, cache = make_site(many_testimonies(2)), tmp_path / "output", tmp_path / "cache"
    built(content, output, cache)
    before = stored(cache)
    write_files(content, {"testimonies/t0001.md": None})
    check(Options(content, TEMPLATES, output, cache=cache), today=Options(content, TEMPLATES, output).today)
    assert stored(cache) == before


def test_a_store_entry_is_the_built_file_itself_not_a_copy(make_site, tmp_path):
    content, output, cache = make_site(), tmp_path / "output", tmp_path / "cache"
    built(content, output, cache)
    page = output / "items" / "tente" / "index.html"
    entries = {(entry.stat().st_dev, entry.stat().st_ino) for entry in (cache / STORE).glob("*/*")}
    assert (page.stat().st_dev, page.stat().st_ino) in entries
    assert os.stat(page).st_nlink == 2
