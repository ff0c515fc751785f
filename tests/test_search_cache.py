"""The search index in shards, each cached under a digest of its pages: real Pagefind, no browser.

Small folders of pages, indexed with few pages a shard, show what the cache must
guarantee: a cached shard gives the bytes a fresh indexing gives, an edit re-indexes
its shard alone, a removed page leaves no word behind, a damaged entry is never used.
The example site searched in shards in the browser is in test_search_shards.py.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from sitegen.search import index as search
from sitegen.search import pagefind
from support import snapshot

WORDS = ["abri", "couverture", "duvet", "eau", "farine", "gants", "hiver", "lampe", "manteau", "nappe"]


def page(lang: str, number: int, extra: str = "") -> str:
    """Return an indexed page: its title and text hold its number, as a word and in digits."""
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Page {number}</title></head>'
        f"<body><nav>menu commun</nav><main data-pagefind-body><h1>Page {number}</h1>"
        f"<p>{WORDS[number % len(WORDS)]} numero{number} {extra}</p></main></body></html>"
    )


def write_pages(site: Path, count: int) -> None:
    """Write count pages in French at the root and in English under en/, and a page that is not indexed."""
    for number in range(count):
        for root, lang in (("", "fr"), ("en/", "en")):
            path = site / f"{root}testimonies/t{number:03}/index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page(lang, number), encoding="utf-8")
    (site / "index.html").write_text('<html lang="fr"><body><p>accueil data-pagefind-body</p></body></html>')


def readable(site: Path) -> dict[str, str]:
    """Return the text of every file of the index, its compressed word lists and excerpts unpacked."""
    texts = {}
    for path in sorted((site / "pagefind").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            texts[path.relative_to(site).as_posix()] = (
                gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
            ).decode("utf-8", errors="replace")
    return texts


def entries(cache: Path) -> set[str]:
    """Return the names of the cache entries of the search index."""
    return {path.name for path in (cache / "search").iterdir() if not path.name.startswith(".")}


@pytest.fixture
def sharded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put at most 4 pages in a shard, so a few dozen pages make several shards."""
    monkeypatch.setattr(search, "PAGES_PER_SHARD", 4)


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """Return a staged site of 24 pages in each of two languages."""
    write_pages(tmp_path / "site", 24)
    return tmp_path / "site"


def copy_of(site: Path, name: str) -> Path:
    """Return a copy of a staged site, without its index."""
    copy = site.parent / name
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
    return copy


def test_a_small_site_stays_one_bundle(pages: Path):
    search.index_site(pages)
    assert not (pages / "pagefind/shards").exists()
    manifest = json.loads((pages / "pagefind/shards.json").read_text())
    assert manifest == {"languages": {"en": ["./"], "fr": ["./"]}}
    entry = json.loads((pages / "pagefind/pagefind-entry.json").read_text())
    assert {lang: index["page_count"] for lang, index in entry["languages"].items()} == {"en": 24, "fr": 24}
    assert "accueil" not in " ".join(readable(pages).values()), "a page with no data-pagefind-body element"


@pytest.mark.usefixtures("sharded")
def test_every_page_is_in_exactly_one_shard_and_only_the_first_bundle_has_the_script(pages: Path):
    search.index_site(pages)
    manifest = json.loads((pages / "pagefind/shards.json").read_text())["languages"]
    assert manifest["fr"][0] == manifest["en"][0] == "./" and len(manifest["fr"]) >= 4
    urls = []
    for place in manifest["fr"]:
        bundle = pages / "pagefind" / place
        for fragment in bundle.glob("fragment/*.pf_fragment"):
            urls.append(json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))["url"])
        assert (bundle / "pagefind.js").exists() == (place == "./"), "merged bundles need no script"
    assert sorted(urls) == sorted(f"/{root}testimonies/t{n:03}/" for root in ("", "en/") for n in range(24))


@pytest.mark.usefixtures("sharded")
def test_a_cached_rebuild_gives_the_bytes_of_a_cold_indexing(pages: Path, tmp_path: Path, monkeypatch):
    cold, first, cached = (copy_of(pages, name) for name in ("cold", "first", "cached"))
    search.index_site(cold)
    search.index_site(first, tmp_path / "cache")
    monkeypatch.setattr(search, "index_pages", lambda *args: pytest.fail("every shard is cached"))
    search.index_site(cached, tmp_path / "cache")
    assert snapshot(cold / "pagefind") == snapshot(first / "pagefind") == snapshot(cached / "pagefind")
    assert len(list((cold / "pagefind/shards").iterdir())) >= 3, "several shards"


@pytest.mark.usefixtures("sharded")
def test_an_edit_re_indexes_only_the_shard_of_the_page(pages: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    search.index_site(copy_of(pages, "before"), cache)
    before = entries(cache)
    edited = copy_of(pages, "edited")
    (edited / "testimonies/t007/index.html").write_text(page("fr", 7, "zanzibar"), encoding="utf-8")
    search.index_site(edited, cache)
    assert len(entries(cache) - before) == 1, "one new entry: the edited page's shard"
    cold = copy_of(edited, "cold")
    search.index_site(cold)
    assert snapshot(edited / "pagefind") == snapshot(cold / "pagefind")
    found = [path for path, text in readable(edited).items() if "zanzibar" in text]
    assert found, "the new word is in the index"


def grouped(site: Path, groups: int) -> None:
    """Name a group on the marked element of every page, as item and testimony pages name their item."""
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        number = int(path.parent.name.lstrip("t")) if path.parent.name.startswith("t") else 0
        path.write_text(
            text.replace(
                "<main data-pagefind-body>", f'<main data-pagefind-body data-search-group="item{number % groups}">'
            )
        )


@pytest.mark.usefixtures("sharded")
def test_pages_naming_one_group_share_a_shard_so_an_edit_to_a_testimony_and_its_items_page_re_indexes_one(
    pages: Path, tmp_path: Path
):
    grouped(pages, groups=6)
    cache = tmp_path / "cache"
    search.index_site(copy_of(pages, "before"), cache)
    shards = json.loads((pages.parent / "before/pagefind/shards.json").read_text())["languages"]["fr"]
    assert len(shards) > 2, "several shards"
    before = entries(cache)
    edited = copy_of(pages, "edited")
    for number in (1, 7, 13, 19):  # pages of one group: an item's and its testimonies', far apart by their paths
        (edited / f"testimonies/t{number:03}/index.html").write_text(
            page("fr", number, "zanzibar").replace(
                "<main data-pagefind-body>", '<main data-pagefind-body data-search-group="item1">'
            ),
            encoding="utf-8",
        )
    search.index_site(edited, cache)
    assert len(entries(cache) - before) == 1, "one new entry: the shard of the group"
    cold = copy_of(edited, "cold")
    search.index_site(cold)
    assert snapshot(edited / "pagefind") == snapshot(cold / "pagefind")


def test_a_page_goes_to_the_shard_of_its_group_not_of_its_path():
    pages = {f"testimonies/t{n}/index.html": bytes(32) for n in range(2000)}
    groups = {path: f"item{n % 50}" for n, path in enumerate(sorted(pages))}
    split = search.split_pages(pages, "pagefind 1.5.2", groups)
    shard_of = {path: shard.number for shard in split for path in shard.pages}
    for group in set(groups.values()):
        assert len({shard_of[path] for path in pages if groups[path] == group}) == 1, group
    assert len(split) > 1


@pytest.mark.usefixtures("sharded")
def test_a_removed_page_leaves_no_word_in_the_index(pages: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    (pages / "en/testimonies/t011/index.html").write_text(page("en", 11, "Yonasword"), encoding="utf-8")
    search.index_site(copy_of(pages, "with"), cache)
    holding = [path for path, text in readable(pages.parent / "with").items() if "yonasword" in text.casefold()]
    assert any("/index/" in path for path in holding) and any("/fragment/" in path for path in holding), holding
    before = entries(cache)
    without = copy_of(pages, "without")
    shutil.rmtree(without / "en/testimonies/t011")
    search.index_site(without, cache)
    assert len(entries(cache) - before) == 1, "its shard is indexed again, the others come from the cache"
    for path, text in readable(without).items():
        assert "yonasword" not in text.casefold() and "/en/testimonies/t011/" not in text, path


@pytest.mark.usefixtures("sharded")
def test_a_damaged_or_incomplete_cache_entry_is_never_used(pages: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    search.index_site(copy_of(pages, "first"), cache)
    damaged, incomplete, *_ = sorted(entries(cache))
    fragment = next((cache / "search" / damaged / "fragment").iterdir())
    fragment.write_bytes(gzip.compress(b"pagefind_dcd" + b'{"url":"/faux/","content":"faux"}'))
    (cache / "search" / incomplete / ".sums.json").unlink()  # as when a build stops while writing it
    again = copy_of(pages, "again")
    search.index_site(again, cache)
    search.index_site(cold := copy_of(pages, "cold"))
    assert snapshot(again / "pagefind") == snapshot(cold / "pagefind")
    assert "faux" not in " ".join(readable(again).values())
    assert search._load(cache / "search" / damaged) is not None, "the damaged entry is replaced by a sound one"
    assert [path.name for path in (cache / "search").iterdir() if path.name.startswith(".")] == []


@pytest.mark.usefixtures("sharded")
def test_entries_this_indexing_did_not_use_and_work_left_by_a_stopped_build_are_removed_at_once(
    pages: Path, tmp_path: Path
):
    cache = tmp_path / "cache"
    search.index_site(copy_of(pages, "first"), cache)
    used = entries(cache)
    shutil.copytree(cache / "search" / sorted(used)[0], cache / "search" / "unused")
    (cache / "search/.work-stopped").mkdir()
    search.index_site(copy_of(pages, "again"), cache)
    assert entries(cache) == used, "the unused entry is gone, the used ones stay"
    assert not (cache / "search/.work-stopped").exists()


def test_a_site_with_no_indexed_page_has_an_empty_manifest(tmp_path: Path):
    (tmp_path / "index.html").write_text('<html lang="fr"><body><p>accueil</p></body></html>')
    search.index_site(tmp_path, tmp_path.parent / "cache")
    assert json.loads((tmp_path / "pagefind/shards.json").read_text()) == {"languages": {}}


def test_a_page_belongs_to_the_same_shard_at_every_build():
    pages = {f"testimonies/t{n}/index.html": bytes(32) for n in range(8000)}
    first = search.split_pages(pages, "pagefind 1.5.2")
    assert [shard.number for shard in first] == list(range(search.MAX_SHARDS))
    assert search.split_pages(dict(reversed(pages.items())), "pagefind 1.5.2") == first
    other = search.split_pages(pages, "pagefind 1.5.3")
    assert [shard.pages for shard in other] == [shard.pages for shard in first]
    assert not {shard.key for shard in other} & {shard.key for shard in first}, "a new Pagefind re-indexes all"


@pytest.mark.parametrize(
    ("count", "shards"),
    [(0, 0), (1, 1), (300, 1), (301, 2), (600, 2), (601, 4), (1200, 4), (1201, 8), (2200, 8), (2401, 16), (22000, 16)],
)
def test_the_number_of_shards_doubles_as_the_site_grows_so_that_no_shard_holds_much_more_than_300_pages(
    count: int, shards: int
):
    """Adding or withdrawing a page changes the shards only at 300, 600, 1200 and 2400 pages.

    Pagefind's memory grows with the pages of a shard: up to 16 shards, none holds much more than 300.
    """
    pages = {f"testimonies/t{n}/index.html": bytes(32) for n in range(count)}
    split = search.split_pages(pages, "pagefind 1.5.2")
    assert len(split) == shards and sum(len(shard.pages) for shard in split) == count
    if count <= search.MAX_SHARDS * search.PAGES_PER_SHARD:
        assert max((len(shard.pages) for shard in split), default=0) <= 1.2 * search.PAGES_PER_SHARD


def test_the_word_index_comes_in_chunks_smaller_than_pagefinds_default_so_more_shards_cost_a_search_no_more_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A search fetches from each shard the chunk holding each word; Pagefind's own chunks hold 20,000 positions."""
    letters = "bcdfghjklmnpqrstvwxz"
    for number in range(60):  # 15,000 words, each found once
        words = ("".join(letters[int(digit)] for digit in f"{number * 250 + n:05}") for n in range(250))
        path = tmp_path / f"site/testimonies/t{number:02}/index.html"
        path.parent.mkdir(parents=True)
        path.write_text(f'<html lang="fr"><body><main data-pagefind-body><p>{" ".join(words)}</p></main></body></html>')
    chunks = []
    for size in (pagefind.CHUNK_SIZE, 20_000):
        monkeypatch.setattr(pagefind, "CHUNK_SIZE", size)
        search.index_site(site := copy_of(tmp_path / "site", str(size)))
        chunks.append(len(list((site / "pagefind/index").glob("*.pf_index"))))
    assert chunks[0] > chunks[1] > 1, f"chunks with CHUNK_SIZE, then with Pagefind's 20,000: {chunks}"


# Rebuilds that read little: a page is read only if the record in the cache does not hold it as the same file,
# size and mtime.


def settle(site: Path) -> None:
    """Set the mtime of every page an hour back, as if a previous build had written it."""
    for path in site.rglob("*.html"):
        then = path.stat().st_mtime_ns - 3600 * 10**9
        os.utime(path, ns=(then, then))


def rebuild_of(site: Path, name: str) -> Path:
    """Return a new staged site whose pages are hard links to those of site, as a rebuild keeps unchanged pages."""
    copy = site.parent / name
    shutil.copytree(site, copy, copy_function=os.link, ignore=shutil.ignore_patterns("pagefind"))
    return copy


def fresh(site: Path) -> dict[str, str]:
    """Return the digest of every file of the index a copy of site gets with no cache."""
    cold = copy_of(site, f"{site.name}-cold")
    search.index_site(cold)
    return snapshot(cold / "pagefind")


def next_rebuild(pages: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Index a first rebuild of settled pages into a cache; return a second rebuild, not indexed yet, and the cache."""
    settle(pages)
    cache = tmp_path / "cache"
    search.index_site(first := rebuild_of(pages, "first"), cache)
    return rebuild_of(first, "second"), cache


def rewrite_in_place(path: Path, old: str, new: str, mtime_ns: int) -> None:
    """Write a word of the same length into a page's own file, then force its mtime back to mtime_ns."""
    text = path.read_text(encoding="utf-8")
    assert len(old) == len(new) and old in text
    with open(path, "r+b") as file:
        file.write(text.replace(old, new).encode("utf-8"))
    os.utime(path, ns=(mtime_ns, mtime_ns))


@pytest.mark.usefixtures("sharded")
def test_a_rebuild_reads_a_changed_page_again_and_gives_the_bytes_of_a_fresh_indexing(pages: Path, tmp_path: Path):
    second, cache = next_rebuild(pages, tmp_path)
    edited = second / "testimonies/t007/index.html"
    edited.unlink()  # a rebuild writes a changed page as a new file
    edited.write_text(page("fr", 7, "zanzibar"), encoding="utf-8")
    search.index_site(second, cache)
    assert snapshot(second / "pagefind") == fresh(second)
    assert any("zanzibar" in text for text in readable(second).values())


@pytest.mark.usefixtures("sharded")
def test_a_page_replaced_by_a_new_file_of_the_same_size_and_mtime_is_read_again(pages: Path, tmp_path: Path):
    second, cache = next_rebuild(pages, tmp_path)
    edited = second / "testimonies/t007/index.html"
    before = edited.stat()
    replacement = edited.with_name("new.part")
    replacement.write_text(edited.read_text(encoding="utf-8").replace("lampe", "zorro"), encoding="utf-8")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, edited)
    after = edited.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns) and after.st_ino != before.st_ino
    search.index_site(second, cache)
    assert snapshot(second / "pagefind") == fresh(second)
    assert any("zorro" in text for text in readable(second).values()), "another inode: read again"


@pytest.mark.usefixtures("sharded")
def test_an_in_place_rewrite_of_the_same_size_with_its_mtime_forced_back_is_not_seen_until_touched(
    pages: Path, tmp_path: Path
):
    """The one change the record cannot see, as with git or make: same file, same size, same mtime.

    Nothing in sitegen writes a page into its own file (a build writes new files and
    links kept ones; the preview replaces files), and the mtime must be set back by
    hand. This pins the limit down, and shows an unchanged page is not read again;
    any new mtime, as any editor or `touch` gives, makes it read again.
    """
    second, cache = next_rebuild(pages, tmp_path)
    edited = second / "testimonies/t007/index.html"
    rewrite_in_place(edited, "lampe", "zorro", edited.stat().st_mtime_ns)
    search.index_site(second, cache)
    assert not any("zorro" in text for text in readable(second).values()), "not read: the record vouched for it"
    os.utime(edited)
    third = rebuild_of(second, "third")
    search.index_site(third, cache)
    assert snapshot(third / "pagefind") == fresh(third)
    assert any("zorro" in text for text in readable(third).values())


@pytest.mark.usefixtures("sharded")
def test_a_page_written_in_the_last_two_seconds_is_not_recorded_so_a_rewrite_in_the_same_tick_is_seen(
    tmp_path: Path,
):
    cache = tmp_path / "cache"
    write_pages(site := tmp_path / "site", 24)  # written now, as by the build being indexed
    edited = site / "testimonies/t007/index.html"
    os.utime(edited)
    written = edited.stat().st_mtime_ns
    search.index_site(site, cache)
    rewrite_in_place(edited, "lampe", "zorro", written)  # within the same tick of a coarse clock, it keeps its mtime
    again = rebuild_of(site, "again")
    search.index_site(again, cache)
    assert snapshot(again / "pagefind") == fresh(again)
    assert any("zorro" in text for text in readable(again).values())


@pytest.mark.usefixtures("sharded")
@pytest.mark.parametrize(
    "damage",
    [
        lambda record: record.write_bytes(b"\x00 not json"),
        lambda record: record.write_text(json.dumps({**json.loads(record.read_text()), "format": "search pages 0"})),
        lambda record: record.write_text(json.dumps({"format": search._RECORD_FORMAT, "pages": ["a", "list"]})),
    ],
    ids=["unreadable", "another-format", "malformed"],
)
def test_a_record_unreadable_or_of_another_format_is_ignored(pages: Path, tmp_path: Path, damage):
    settle(pages)
    cache = tmp_path / "cache"
    search.index_site(first := rebuild_of(pages, "first"), cache)
    edited = first / "testimonies/t007/index.html"
    rewrite_in_place(edited, "lampe", "zorro", edited.stat().st_mtime_ns)  # only a reading can see this
    damage(cache / "search" / search._RECORD)
    second = rebuild_of(first, "second")
    search.index_site(second, cache)
    assert snapshot(second / "pagefind") == fresh(second)
    assert any("zorro" in text for text in readable(second).values()), "every page read again"
    assert json.loads((cache / "search" / search._RECORD).read_text())["format"] == search._RECORD_FORMAT


# Cached bundles linked into the site: each file is checked against its digest, then hard-linked, not copied.


def inodes(folder: Path) -> dict[str, int]:
    """Return the inode of every file under folder."""
    return {path.relative_to(folder).as_posix(): path.stat().st_ino for path in folder.rglob("*") if path.is_file()}


def umask() -> int:
    """Return the process's umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def linked_and_copied(site: Path, cache: Path) -> tuple[int, int]:
    """Return how many files of the site's index share their inode with a cache file, and how many do not."""
    cached = {inode for entry in (cache / "search").iterdir() if entry.is_dir() for inode in inodes(entry).values()}
    shared = [inode in cached for path, inode in inodes(site / "pagefind").items() if path != "shards.json"]
    return sum(shared), len(shared) - sum(shared)


@pytest.mark.usefixtures("sharded")
def test_bundles_fresh_or_cached_are_hard_links_to_the_cache_and_give_the_bytes_of_a_fresh_indexing(
    pages: Path, tmp_path: Path
):
    cache = tmp_path / "cache"
    search.index_site(first := copy_of(pages, "first"), cache)
    linked, copied = linked_and_copied(first, cache)
    assert linked > 50 and copied == 0, "indexed afresh: written once, into the cache, and linked from there"
    search.index_site(second := copy_of(pages, "second"), cache)
    linked, copied = linked_and_copied(second, cache)
    assert linked > 50 and copied == 0
    assert snapshot(second / "pagefind") == fresh(second) == snapshot(first / "pagefind")
    modes = {path.stat().st_mode & 0o777 for path in (second / "pagefind").rglob("*") if path.is_file()}
    assert modes == {0o666 & ~umask()}, "plain files, as open() makes them"


@pytest.mark.usefixtures("sharded")
def test_a_cache_file_changed_through_the_site_is_found_at_the_next_indexing(pages: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    search.index_site(copy_of(pages, "first"), cache)
    search.index_site(second := copy_of(pages, "second"), cache)
    fragment = next((second / "pagefind/fragment").iterdir())
    fragment.write_bytes(gzip.compress(b"pagefind_dcd" + b'{"url":"/faux/","content":"faux"}'))  # into the link
    third = copy_of(pages, "third")
    search.index_site(third, cache)
    assert snapshot(third / "pagefind") == fresh(third)
    assert "faux" not in " ".join(readable(third).values())
    assert all(search._load(entry) is not None for entry in (cache / "search").iterdir() if entry.is_dir())


@pytest.mark.usefixtures("sharded")
def test_indexing_again_over_a_linked_index_replaces_its_files_and_never_writes_into_the_cache(
    pages: Path, tmp_path: Path
):
    cache = tmp_path / "cache"
    search.index_site(copy_of(pages, "first"), cache)
    search.index_site(second := copy_of(pages, "second"), cache)
    (second / "testimonies/t007/index.html").write_text(page("fr", 7, "zanzibar"), encoding="utf-8")
    search.index_site(second, cache)  # its pagefind/ still there: the edited page's shard is written over links
    assert all(search._load(entry) is not None for entry in (cache / "search").iterdir() if entry.is_dir())
    assert any("zanzibar" in text for text in readable(second).values())


def other_file_system(near: Path) -> Path | None:
    """Return a writable folder on another file system than near's, if this machine has one."""
    for candidate in ("/dev/shm", "/run/shm", "/var/tmp", "/tmp"):
        folder = Path(candidate)
        if folder.is_dir() and os.access(folder, os.W_OK) and folder.stat().st_dev != near.stat().st_dev:
            return folder
    return None


@pytest.mark.usefixtures("sharded")
def test_bundles_are_copied_when_the_cache_is_on_another_file_system(pages: Path, tmp_path: Path):
    elsewhere = other_file_system(tmp_path)
    if elsewhere is None:
        pytest.skip("no other file system to put the cache on")
    with tempfile.TemporaryDirectory(dir=elsewhere) as cache:
        search.index_site(copy_of(pages, "first"), Path(cache))
        search.index_site(second := copy_of(pages, "second"), Path(cache))
        assert linked_and_copied(second, Path(cache))[0] == 0
    assert snapshot(second / "pagefind") == fresh(second)


@pytest.mark.usefixtures("sharded")
def test_bundles_are_copied_when_the_file_system_refuses_hard_links(pages: Path, tmp_path: Path, monkeypatch):
    """os.link fails as across file systems (EXDEV): the environment is simulated, the code is the real one."""
    cache = tmp_path / "cache"
    search.index_site(copy_of(pages, "first"), cache)

    def refuse(source: object, target: object, **_: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    with monkeypatch.context() as patch:
        patch.setattr(os, "link", refuse)
        search.index_site(second := copy_of(pages, "second"), cache)
    assert linked_and_copied(second, cache) == (0, len(inodes(second / "pagefind")) - 1)
    assert snapshot(second / "pagefind") == fresh(second)
