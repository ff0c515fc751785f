"""A testimony withdrawn, deleted or made a draft leaves nothing at the next build: not in the cache, not in output/.

Nothing means: not its text, quote, author or translator, nor its photo (the original's
bytes or any encoding of them), nor its share cards, and the cache holds the very
entries a build from nothing of the content leaves. The search index is compressed, so
every gzip file is read unpacked too; share cards are words drawn as pixels, so they
are looked for by their bytes.
"""

from __future__ import annotations

import gzip
import io
import pickle
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from conftest import SITE_YAML, TEMPLATES, write_files
from sitegen.build import Options, build, index_preview, update_preview
from sitegen.cli import main
from sitegen.incremental.kept_pages import record_file
from sitegen.incremental.preview_memory import PreviewMemory
from sitegen.incremental.sweep import PREVIEW

OMBRE = """\
---
author: Ombrelune
items: [tente]
date: 2019
place: Calais
consent: {date: 2020-01-01}
quote: "Brumelinde et la mer."
photo: {src: ombre-rivage.png, alt: Une plage au matin}
---
Vorticelle a raconté sa nuit sous la pluie.
"""
OMBRE_EN = "---\nquote: Brumelinde and the sea.\ntranslated_by: Traductaire\n---\nNebulaire told of the night.\n"
WORDS = (b"Ombrelune", b"Vorticelle", b"Brumelinde", b"Traductaire", b"Nebulaire")  # its text, author, translator
CHANGES: dict[str, dict[str, str | bytes | None]] = {
    "withdrawn": {"testimonies/ombre.md": OMBRE.replace("---\nVorticelle", "withdrawn: true\n---\nVorticelle")},
    "deleted": {"testimonies/ombre.md": None, "testimonies/ombre.en.md": None},  # its photo stays in images/
    "made a draft": {"testimonies/ombre.md": OMBRE.replace("---\nVorticelle", "draft: true\n---\nVorticelle")},
}


def photo() -> bytes:
    """Return a PNG of noise, 600x400: published at two widths, in WebP and JPEG."""
    out = io.BytesIO()
    Image.effect_noise((600, 400), 60).convert("RGB").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def site(make_site: Callable[..., Path]) -> Path:
    """Return the content of a tiny site whose testimony has a photo, a quote and a translation."""
    return make_site({"testimonies/ombre.md": OMBRE, "testimonies/ombre.en.md": OMBRE_EN,
                      "images/ombre-rivage.png": photo()})  # fmt: skip


def run(runner, command: str, content: Path, folder: Path, *extra: str) -> None:
    """Run `generate.py build` or `check` on content, with folder/output and folder/cache."""
    args = [command, "--content", content, "--templates", TEMPLATES, "--cache", folder / "cache", *extra]
    args += ["--output", folder / "output"] if command == "build" else []
    result = runner.invoke(main, [str(arg) for arg in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def readable(folder: Path) -> dict[str, bytes]:
    """Return every file under folder with its bytes, followed by its bytes unpacked when they are gzip's."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            unpacked = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else b""
            files[path.relative_to(folder).as_posix()] = data + unpacked
    return files


def traces(folder: Path, pictures: list[bytes]) -> list[tuple[str, str]]:
    """Return where the testimony is found under folder: (file, a word of it, or which picture)."""
    found = []
    for path, data in readable(folder).items():
        found += [(path, word.decode()) for word in WORDS if word in data]
        found += [(path, f"picture {number}") for number, picture in enumerate(pictures) if picture in data]
    return found


def pictures_of(output: Path, original: bytes) -> list[bytes]:
    """Return the testimony's pictures: its photo as given and as published, and its share card in each language."""
    published = [path.read_bytes() for path in sorted((output / "images").glob("ombre-rivage-*"))]
    cards = [(output / where / "share/testimonies/ombre.png").read_bytes() for where in ("", "en")]
    assert len(published) == 4 and all(cards), "the photo at two widths in two formats, a card in each language"
    return [original, *published, *cards]


def entries(cache: Path) -> set[str]:
    """Return the cache's files by their paths: a file of parses with its keys, a page record unnamed."""
    found = set()
    for path in sorted(path for path in cache.rglob("*") if path.is_file()):
        name = path.relative_to(cache).as_posix()
        if path.suffix == ".pickle":
            name += " " + " ".join(sorted(pickle.loads(path.read_bytes())))
        found.add(re.sub(r"^pages-[0-9a-f]{16}\.json$", "pages-<output>.json", name))
    return found


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES)
def test_after_withdrawal_deletion_or_draft_the_cache_and_output_hold_nothing_of_the_testimony(
    runner, site, tmp_path, change
):
    run(runner, "build", site, tmp_path)
    pictures = pictures_of(tmp_path / "output", (site / "images/ombre-rivage.png").read_bytes())
    kept = {where.split("/")[0] for where, _ in traces(tmp_path / "cache", pictures)}
    assert {"testimonies", "images", "cards", "search"} <= kept, "what the test looks for was in the cache"
    write_files(site, change)
    run(runner, "build", site, tmp_path)
    assert traces(tmp_path / "cache", pictures) == []
    assert traces(tmp_path / "output", pictures) == []
    assert traces(tmp_path / ".output.spare", pictures) == [], "the spare holds only what output/ shows"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".output.spare", "cache", "content", "output"]
    run(runner, "build", site, tmp_path / "cold")
    assert entries(tmp_path / "cache") == entries(tmp_path / "cold/cache"), "what a build from nothing leaves"


def test_a_build_without_drafts_after_one_with_them_leaves_nothing_of_the_drafts(runner, site, tmp_path):
    write_files(site, CHANGES["made a draft"])
    run(runner, "build", site, tmp_path, "--drafts")
    pictures = pictures_of(tmp_path / "output", (site / "images/ombre-rivage.png").read_bytes())
    run(runner, "build", site, tmp_path)
    assert traces(tmp_path / "cache", pictures) == []
    assert traces(tmp_path / "output", pictures) == []
    run(runner, "build", site, tmp_path / "cold")
    assert entries(tmp_path / "cache") == entries(tmp_path / "cold/cache")


def test_check_keeps_no_draft_in_the_cache_and_sweeps_what_it_makes(runner, site, tmp_path):
    run(runner, "build", site, tmp_path)
    pictures = pictures_of(tmp_path / "output", (site / "images/ombre-rivage.png").read_bytes())
    write_files(site, CHANGES["made a draft"])
    run(runner, "check", site, tmp_path)
    made_by_check = ("images/", "cards/", "items/", "testimonies/", "templates/")
    assert [found for found in traces(tmp_path / "cache", pictures) if found[0].startswith(made_by_check)] == []
    run(runner, "check", site, tmp_path / "cold")
    assert traces(tmp_path / "cold/cache", pictures) == [], "a check from nothing keeps nothing of a draft"


def test_a_cache_keeps_what_the_build_used_so_a_rebuild_makes_nothing_again(runner, site, tmp_path):
    logo = io.BytesIO()
    Image.new("RGB", (200, 200), (11, 94, 85)).save(logo, "PNG")
    write_files(site, {"site.yaml": SITE_YAML + "brand: {logo: logo.png}\n", "images/logo.png": logo.getvalue()})
    run(runner, "build", site, tmp_path)
    first = entries(tmp_path / "cache")
    assert len({entry.split("/")[1] for entry in first if entry.startswith("images/")}) == 2, "the photo, the logo"
    write_files(site, {"items/tente.yaml": (site / "items/tente.yaml").read_text().replace("urgent", "high")})
    run(runner, "build", site, tmp_path)
    assert {entry for entry in first if entry.startswith("templates/__jinja2_")}, "compiled templates are kept"
    kept = ("images/", "templates/", "testimonies/")  # the photo, the theme, and the testimonies' parses
    assert {entry for entry in first if entry.startswith(kept)} == {
        entry for entry in entries(tmp_path / "cache") if entry.startswith(kept)
    }


def test_what_stopped_builds_left_half_written_goes_and_what_is_not_the_generators_stays(runner, site, tmp_path):
    cache = tmp_path / "cache"
    left = [f"images/.{'a' * 64}-x1y2/960.webp", "cards/tmpq1w2e3.part", "testimonies/.parses-x.part",
            ".pages-x.part", ".stamp-files-x.part", "search/.work-x/new-0/fragment.pf_fragment",
            ".preview.new-x/index.html", f"templates/__jinja2_{'b' * 40}.cachex1.tmp"]  # fmt: skip
    unused = [f"images/{'c' * 64}/manifest.json", f"cards/{'d' * 64}.png", f"templates/__jinja2_{'e' * 40}.cache",
              f"search/{'f' * 40}/pagefind-entry.json", f"pages-{'0' * 16}.json"]  # fmt: skip
    own = ["images/ombre-rivage.png", "cards/notes.txt", "templates/base.html", "notes/pages-0.json", "preview.txt"]
    write_files(cache, dict.fromkeys(left + unused + own, "Vorticelle"))
    run(runner, "build", site, tmp_path)
    assert [name for name in left + unused if (cache / name).exists()] == []
    assert [name for name in own if (cache / name).read_text() == "Vorticelle"] == own


def test_a_build_removes_the_preview_left_in_the_cache_but_not_one_running(make_site, tmp_path):
    content = make_site()
    cache = tmp_path / "cache"
    preview = Options(content, TEMPLATES, cache / PREVIEW, cache=cache, base_url="http://127.0.0.1:8000/")
    running = PreviewMemory()
    build(preview, memory=running)
    build(Options(content, TEMPLATES, tmp_path / "output", cache=cache))
    assert (cache / PREVIEW / "index.html").is_file(), "a running preview keeps its folder"
    assert record_file(cache, cache / PREVIEW).is_file(), "and the record of its pages"
    del running  # the preview stops: its hold on the folder goes with it
    build(Options(content, TEMPLATES, tmp_path / "output", cache=cache))
    assert not (cache / PREVIEW).exists(), "the preview of a former session goes"
    assert not record_file(cache, cache / PREVIEW).exists()


def test_a_build_removes_the_copies_a_killed_preview_was_serving(make_site, tmp_path):
    content = make_site()
    cache = tmp_path / "cache"
    build(Options(content, TEMPLATES, cache / PREVIEW, cache=cache, base_url="http://127.0.0.1:8000/"))
    served = cache / f"{PREVIEW}.served"
    shutil.copytree(cache / PREVIEW, served / "1-left")  # what serve leaves when it is killed, not stopped
    build(Options(content, TEMPLATES, tmp_path / "output", cache=cache))
    assert not served.exists() and not (cache / PREVIEW).exists()


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES)
def test_the_previews_memory_and_folder_keep_nothing_of_the_testimony_after_the_save(site, tmp_path, change):
    cache = tmp_path / "cache"
    options = Options(site, TEMPLATES, cache / PREVIEW, cache=cache, base_url="http://127.0.0.1:8000/")
    memory = PreviewMemory(settled_ns=0)  # keeps every file it reads, however recently written
    build(options, memory=memory)
    pictures = pictures_of(options.output, (site / "images/ombre-rivage.png").read_bytes())
    assert any(word in pickle.dumps((memory.parsed, memory.files)) for word in WORDS)
    write_files(site, change)
    update_preview(options, memory)
    remembered = pickle.dumps((memory.parsed, memory.files))
    assert [word for word in WORDS if word in remembered] == []
    assert [picture for picture in pictures if picture in remembered] == []
    index_preview(options)  # the preview's search, brought up to date after the reload
    assert traces(cache, pictures) == []
